"""Tiers of jurisdictions on an indicator (004 图3 and 表4: R&D spenders by total in RMB and by intensity).

Tier 1 is the highest. With ``thresholds`` (any order) a value above the largest threshold is tier 1, above
the next one tier 2, and so on; boundaries are strict as in the seed's footnote, so a value equal to a
threshold falls into the lower tier; a value below the smallest threshold gets tier ``len(thresholds) + 1``
and is named in the notes. Without thresholds, Jenks natural breaks (jenkspy) split the values into
``n_tiers`` classes. Values may first be converted to another currency at a date's rate
(``policyscope.sources.fx``), from local currency (indicators in LCU) or from US$.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, BeforeValidator, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    clean,
    country_codes,
    indicator_info,
    observations,
    provenance,
    require_data,
    resolve_jurisdictions,
)
from policyscope.analysis.normalise import convert_currency
from policyscope.analysis.params import (
    AnalysisParams,
    Cli,
    Currency,
    Indicator,
    Jurisdictions,
    Kind,
    Numbers,
    Year,
    date_bound,
)
from policyscope.sources import fx
from policyscope.store.database import Database


class TierRow(BaseModel):
    jurisdiction: str
    value: float
    tier: int
    original_value: float | None = None  # before currency conversion
    original_currency: str | None = None
    fx_rate: float | None = None  # target units per original unit
    fx_source: str | None = None


class TiersResult(AnalysisResult):
    rows: list[TierRow]
    indicator: str
    year: int
    unit: str | None
    method: str  # "thresholds" | "jenks"
    breaks: list[float]


class TiersParams(AnalysisParams):
    """Parameters of :func:`tiers`."""

    indicator: Annotated[Indicator, Cli("--indicator", "-i")] = Field(
        description="Indicator code (see `policyscope indicators list`).")
    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    currency: Currency = Field(None, description="Convert to this currency first (CNY, EUR…).")
    fx_date: Annotated[date | None, BeforeValidator(lambda v: date_bound(v, end=False)), Kind("date")] = Field(
        None, description="Rate date YYYY-MM-DD (its month's average rate; default: the year's average).")
    thresholds: Numbers = Field(None, description="Tier bounds in any order (else Jenks natural breaks).")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")
    n_tiers: Annotated[int, Cli("--tiers")] = Field(4, ge=2, le=12, description="Number of Jenks classes.")


def tier_of(value: float, thresholds: list[float]) -> int:
    """1 + the number of thresholds the value does not strictly exceed (thresholds sorted descending)."""
    return 1 + sum(1 for t in thresholds if not value > t)


def _converted(db: Database, df: pd.DataFrame, currency: str, src: str, fx_date: date | None,
               strict: bool) -> tuple[list[TierRow], list[str]]:
    """Rows converted through the normalisation module (rates and their basis come back per row), and the
    jurisdictions without a rate: an error when they were asked for by name, else left out and named (one
    country without a known currency must not stop the tiers of all the others)."""
    conv = convert_currency(db, df[["indicator", "jurisdiction", "year", "value"]], to_currency=currency,
                            from_currency=src, at=fx_date, missing="raise" if strict else "keep")
    rows = [TierRow(jurisdiction=r.jurisdiction, value=float(r.value), tier=0, original_value=float(r.value_original),
                    original_currency=r.currency_from, fx_rate=float(r.factor), fx_source=r.basis)
            for r in conv.itertuples() if r.value == r.value]
    return rows, sorted(conv.loc[conv["value"].isna(), "jurisdiction"])


def tiers(
    db: Database,
    indicator: str,
    year: int,
    currency: str | None = None,
    fx_date: date | str | None = None,
    thresholds: list[float] | None = None,
    jurisdictions: list[str] | str | None = None,
    n_tiers: int = 4,
) -> TiersResult:
    """Assign tiers (1 = highest) by explicit thresholds or by Jenks natural breaks."""
    info = indicator_info(db, indicator)
    asked = resolve_jurisdictions(jurisdictions)
    juris = asked or country_codes()
    df = observations(db, indicator, [year], juris)
    require_data(df, indicator, year)
    unit = clean(info.get("unit"))
    notes: list[str] = []
    rows: list[TierRow] = []
    if isinstance(fx_date, str):
        fx_date = date.fromisoformat(fx_date)
    if currency:
        u = (unit or "").upper()
        src = "LCU" if "LCU" in u else "USD" if ("US$" in u or "USD" in u) else None
        if src is None:
            raise AnalysisError(f"indicator {indicator!r} has unit {unit!r}, not a currency; drop --currency")
        rows, left_out = _converted(db, df.assign(indicator=indicator), currency, src, fx_date, strict=bool(asked))
        if left_out:
            notes.append(f"left out, no rate to convert them: {', '.join(left_out)}")
        unit = f"{fx.normalise_currency(currency)} (converted at {'rates of ' + fx_date.isoformat()[:7] if fx_date else f'{year} average rates'})"
        notes.append("the snapshot has monthly, not daily, rates: a date uses its month's average rate")
    else:
        rows = [TierRow(jurisdiction=r.jurisdiction, value=float(r.value), tier=0) for r in df.itertuples()]
    values = [r.value for r in rows]
    if thresholds:
        ths = sorted((float(t) for t in thresholds), reverse=True)
        for r in rows:
            r.tier = tier_of(r.value, ths)
        below = [r.jurisdiction for r in rows if r.tier > len(ths)]
        if below:
            notes.append(f"below the lowest threshold {ths[-1]:g}: {', '.join(below)} (tier {len(ths) + 1})")
        method, breaks = "thresholds", ths
    else:
        import jenkspy

        if len(set(values)) <= n_tiers:
            raise AnalysisError(f"Jenks breaks need more than {n_tiers} distinct values; got {len(set(values))}")
        br = jenkspy.jenks_breaks(values, n_classes=n_tiers)
        inner = sorted(br[1:-1], reverse=True)  # class upper bounds, highest first
        for r in rows:
            r.tier = 1 + sum(1 for t in inner if r.value <= t)
        method, breaks = "jenks", [float(b) for b in br]
    rows.sort(key=lambda r: (r.tier, -r.value))
    sources, vintages = provenance(df)
    found = {r.jurisdiction for r in rows}
    return TiersResult(
        analysis="tiers",
        params={"indicator": indicator, "year": year, "currency": currency,
                "fx_date": fx_date.isoformat() if fx_date else None, "thresholds": thresholds, "n_tiers": n_tiers,
                "jurisdictions": asked},
        rows=rows, indicator=indicator, year=year, unit=unit, method=method, breaks=breaks, sources=sources, vintages=vintages,
        notes=notes,
        coverage=Coverage(with_data=len(rows), total=len(juris),
                          missing=[j for j in juris if j not in found] if asked else []),
    )
