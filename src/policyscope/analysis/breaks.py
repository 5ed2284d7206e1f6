"""Series breaks: year-on-year jumps that a series' own history cannot explain (a new survey, a revised
method — e.g. the UK's R&D intensity in 2014 and 2018, China's in 2009).

The bundled sources carry no break flags (the WDI extract has no footnotes, OECD MSTI's "b" flags are not in
the data), so breaks are found by a documented rule on the measured series (docs/analysis.md, "Series breaks"):

- changes ``d_t = ln(v_t / v_{t-1})`` between consecutive years with positive values;
- for each change, the typical change is the median of the series' *other* changes and its spread
  1.4826 × their median absolute deviation (a robust standard deviation);
- ``t`` is a break when the jump itself exceeds MIN_JUMP (10 %), ``|d_t − median| > max(K × spread,
  ln(1 + MIN_JUMP))`` (K = 4), the series has at least ``MIN_CHANGES`` changes, and the next change does not
  undo half of it, nor does it undo half of the previous one (a one-year spike and its return are not level shifts).

A derived level (GERD_USD = R&D % of GDP × GDP) is tested on its measured ratio (the "% of GDP" input of its
declared formula): exchange-rate swings of the US$ level are not statistical breaks.
"""

from __future__ import annotations

import math
import re
from statistics import median
from typing import Annotated

from pydantic import BaseModel, Field

from policyscope.analysis.base import (
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    observations,
    provenance,
    resolve_jurisdictions,
)
from policyscope.analysis.params import AnalysisParams, Cli, Indicator, Jurisdictions, Year
from policyscope.store.database import Database

K = 4.0
MIN_JUMP = 0.10
MIN_CHANGES = 6
HISTORY = 30  # years of history read before the last year to estimate the typical change


class BreaksParams(AnalysisParams):
    """Parameters of :func:`breaks`."""

    indicator: Annotated[Indicator, Cli("--indicator", "-i")] = Field(
        description="Indicator code (a derived level is tested on its measured ratio).")
    date_from: Annotated[Year, Cli("--from")] = Field(description="First year of the window searched.")
    date_to: Annotated[Year, Cli("--to")] = Field(description="Last year of the window searched.")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")


class BreakRow(BaseModel):
    jurisdiction: str
    year: int  # first year of the new level
    tested: str  # the series tested (the indicator or its measured ratio)
    value_before: float
    value_after: float
    change_pct: float  # the year's change, percent
    typical_pct: float  # median of the series' other changes, percent per year
    threshold_pct: float  # a change further than this from the typical one is a break, percentage points of log


class BreaksResult(AnalysisResult):
    rows: list[BreakRow]
    indicator: str
    tested: str
    date_from: int
    date_to: int


def tested_series(db: Database, indicator: str) -> str:
    """The series whose breaks are those of ``indicator``: its "% of GDP" input when it is a derived level."""
    info = indicator_info(db, indicator)
    formula = str(info.get("formula") or info.get("definition") or "")
    if "Declared formula" not in formula and str(info.get("source") or "") != "policyscope (derived)":
        return indicator
    for code in re.findall(r"[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+", formula):
        unit = str(indicator_info(db, code).get("unit") or "")
        if "% of GDP" in unit:
            return str(code)
    return indicator


def find_breaks(values: dict[int, float]) -> list[tuple[int, float, float, float, float, float]]:
    """(year, before, after, change, typical, threshold) of each break of one series (year → value)."""
    years = sorted(y for y, v in values.items() if v is not None and v > 0)
    ch = {y: math.log(values[y] / values[y - 1]) for y in years if y - 1 in values and values[y - 1] > 0}
    if len(ch) < MIN_CHANGES:
        return []
    out = []
    for y, d in ch.items():
        others = [v for t, v in ch.items() if t != y]
        med = median(others)
        spread = 1.4826 * median([abs(v - med) for v in others])
        limit = max(K * spread, math.log(1 + MIN_JUMP))
        if abs(d - med) <= limit or abs(d) <= math.log(1 + MIN_JUMP):
            continue
        if any(o is not None and (o - med) * (d - med) < 0 and abs(o - med) >= 0.5 * abs(d - med)
               for o in (ch.get(y + 1), ch.get(y - 1))):
            continue  # undone the next year, or undoing the year before: a one-year spike, not a new level
        out.append((y, values[y - 1], values[y], math.expm1(d) * 100, math.expm1(med) * 100, limit * 100))
    return out


def breaks(db: Database, indicator: str, date_from: int, date_to: int,
           jurisdictions: list[str] | str | None = None) -> BreaksResult:
    """Breaks in ``indicator`` (or its measured ratio) with a first year of new level in (from, to]."""
    date_from, date_to = int(date_from), int(date_to)
    tested = tested_series(db, indicator)
    juris = resolve_jurisdictions(jurisdictions) or country_codes()
    df = observations(db, tested, range(min(date_from, date_to - HISTORY), date_to + 1), juris)
    rows: list[BreakRow] = []
    for j, part in df.groupby("jurisdiction"):
        vals = {int(y): float(v) for y, v in zip(part["year"], part["value"], strict=True)}
        for y, v0, v1, c, typ, lim in find_breaks(vals):
            if date_from < y <= date_to:
                rows.append(BreakRow(jurisdiction=str(j), year=y, tested=tested, value_before=v0, value_after=v1,
                                     change_pct=c, typical_pct=typ, threshold_pct=lim))
    rows.sort(key=lambda r: (r.jurisdiction, r.year))
    src, vin = provenance(df)
    n = int(df["jurisdiction"].nunique()) if not df.empty else 0
    return BreaksResult(
        analysis="breaks", params={"indicator": indicator, "from": date_from, "to": date_to,
                                   "jurisdictions": juris if jurisdictions is not None else None},
        rows=rows, indicator=indicator, tested=tested, date_from=date_from, date_to=date_to, sources=src,
        vintages=vin, coverage=Coverage(with_data=n, total=len(juris), note=f"{n} series of {tested} tested"),
        notes=[f"rule: |change| > {MIN_JUMP:.0%} and |change − median of the other changes| > max({K:g} × robust "
               f"spread, ln(1 + {MIN_JUMP:.0%})), not undone the next year; no break flags in the bundled sources"],
    )


def breaks_by_jurisdiction(result: BreaksResult) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for r in result.rows:
        out.setdefault(r.jurisdiction, []).append(r.year)
    return out
