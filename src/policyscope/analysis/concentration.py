"""Concentration of a total among its holders: CRn (share of the n largest, percent) and the
Herfindahl–Hirschman index (sum of squared percent shares, 0–10 000). Works on an indicator across countries
(004: top-3 IP exporters hold 55 %) or on any list of values such as company revenues (003 CR7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from pydantic import BaseModel

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    observations,
    provenance,
    require_data,
    resolve_jurisdictions,
)
from policyscope.store.database import Database


class ConcentrationRow(BaseModel):
    measure: str  # "CR3", "CR5", …, "HHI"
    value: float
    members: list[str] = []


class ConcentrationResult(AnalysisResult):
    rows: list[ConcentrationRow]
    total: float
    n_holders: int
    indicator: str | None = None
    year: int | None = None


def concentration_of(values: Mapping[str, float] | pd.Series, n: Sequence[int] = (3, 5, 10),
                     label: str = "values") -> ConcentrationResult:
    """CRn and HHI of a mapping holder → value (missing values are dropped and counted, never zeroed)."""
    s = pd.Series(values, dtype="float64")
    dropped = int(s.isna().sum())
    s = s.dropna()
    if (s < 0).any():
        bad = ", ".join(map(str, s[s < 0].index[:5]))
        raise AnalysisError(f"{label}: negative values cannot be shares of a total ({bad})")
    total = float(s.sum())
    if total <= 0:
        raise AnalysisError(f"{label}: the total is zero; no concentration to measure")
    s = s.sort_values(ascending=False)
    shares = s / total * 100
    rows = [ConcentrationRow(measure=f"CR{k}", value=float(shares.head(k).sum()), members=[str(x) for x in s.index[:k]])
            for k in n]
    rows.append(ConcentrationRow(measure="HHI", value=float((shares ** 2).sum())))
    notes = [f"{dropped} holders without a value were left out"] if dropped else []
    if any(k > len(s) for k in n):
        notes.append(f"only {len(s)} holders: CRn with n ≥ {len(s)} is 100 %")
    return ConcentrationResult(analysis="concentration", params={"n": list(n)}, rows=rows, total=total,
                               n_holders=len(s), notes=notes,
                               coverage=Coverage(with_data=len(s), total=len(s) + dropped))


def concentration(
    db: Database,
    indicator: str,
    year: int,
    n: Sequence[int] = (3, 5, 10),
    jurisdictions: list[str] | str | None = None,
) -> ConcentrationResult:
    """CRn and HHI of ``indicator`` in ``year`` over countries (or the jurisdictions given)."""
    indicator_info(db, indicator)
    juris = resolve_jurisdictions(jurisdictions) or country_codes()
    df = observations(db, indicator, [year], juris)
    require_data(df, indicator, year)
    res = concentration_of(df.set_index("jurisdiction")["value"], n, label=f"{indicator} {year}")
    res.indicator, res.year = indicator, year
    res.params.update({"indicator": indicator, "year": year})
    res.coverage = Coverage(with_data=len(df), total=len(juris),
                            note="shares are of the sum over jurisdictions with data")
    res.sources, res.vintages = provenance(df)
    return res
