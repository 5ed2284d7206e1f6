"""Concentration of a total among its holders: CRn (share of the n largest, percent) and the
Herfindahl–Hirschman index (sum of squared percent shares, 0–10 000). Works on an indicator across countries
(004: top-3 IP exporters hold 55 %) or on any list of values such as company revenues (003 CR7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import AfterValidator, BaseModel, Field, model_validator

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
from policyscope.analysis.params import (
    AnalysisParams,
    Cli,
    DataFile,
    Indicator,
    Integers,
    Jurisdictions,
    Year,
)
from policyscope.store.database import Database


def _positive(ns: list[int]) -> list[int]:
    if not ns or any(k < 1 for k in ns):
        raise ValueError("must be whole numbers ≥ 1, e.g. 3,5,10")
    return ns


class ConcentrationParams(AnalysisParams):
    """Parameters of :func:`concentration_analysis`: an indicator across countries, or a company list."""

    indicator: Annotated[Indicator | None, Cli("--indicator", "-i")] = Field(
        None, description="Indicator code (with --year).")
    year: Annotated[Year | None, Cli("--year", "-y")] = Field(None, description="Year (with --indicator).")
    n: Annotated[Integers, AfterValidator(_positive)] = Field([3, 5, 10], description="The n of each CRn.")
    companies: DataFile | None = Field(None, description="Company list CSV instead of an indicator.")
    value_column: str = Field("Valuation ($B)", description="Numeric column of the company list.")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")

    @model_validator(mode="after")
    def _one_input(self) -> ConcentrationParams:
        if self.companies is None and (self.indicator is None or self.year is None):
            raise ValueError("give an indicator and a year, or a company list (companies)")
        return self

    def needs_db(self) -> bool:
        return self.companies is None


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


def concentration_of_list(path: str | Path, value_column: str = "Valuation ($B)",
                          n: Sequence[int] = (3, 5, 10)) -> ConcentrationResult:
    """CRn and HHI over a company list CSV (columns ``Company`` and ``value_column``; "$12B" style values)."""
    df = pd.read_csv(path, encoding="utf-8-sig")
    if value_column not in df.columns or "Company" not in df.columns:
        raise AnalysisError(f"{path}: needs columns Company and {value_column!r}")
    vals = pd.to_numeric(df[value_column].astype(str).str.replace(r"[$,B]", "", regex=True), errors="coerce")
    return concentration_of(pd.Series(vals.values, index=df["Company"].astype(str)), n, label=str(path))


def concentration_analysis(db: Database | None, indicator: str | None = None, year: int | None = None,
                           n: Sequence[int] = (3, 5, 10), jurisdictions: list[str] | str | None = None,
                           companies: str | Path | None = None,
                           value_column: str = "Valuation ($B)") -> ConcentrationResult:
    """The registered entry point: a company list when given, else ``indicator`` in ``year`` over countries."""
    if companies is not None:
        return concentration_of_list(companies, value_column, n)
    if db is None or indicator is None or year is None:
        raise AnalysisError("give an indicator and a year, or a company list")
    return concentration(db, indicator, year, n=n, jurisdictions=jurisdictions)
