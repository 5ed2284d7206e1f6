"""Compound annual growth of an indicator against another one (004 图2: R&D growth against GDP growth).

``cagr = ((v_to / v_from) ** (1 / (to - from)) - 1) × 100``; ``gap_pp = cagr - vs_cagr`` in percentage
points. A jurisdiction lacking either end value gets no row and is listed in the coverage as missing.

Money series grow in constant national prices by default (``prices="constant"``: local currency deflated by
the country's own GDP deflator, :func:`~policyscope.analysis.normalise.to_constant_national`), so the yen's
fall is not read as Japan cutting R&D; ``prices="current"`` keeps the published current-price values. Each
row lists the series breaks (:mod:`policyscope.analysis.breaks`) inside the period: a CAGR across a break
mixes two definitions and is printed only with that note.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, Field, ValidationInfo, field_validator

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    observations,
    provenance,
    resolve_jurisdictions,
)
from policyscope.analysis.breaks import breaks, breaks_by_jurisdiction
from policyscope.analysis.normalise import money_kind, to_constant_national
from policyscope.analysis.params import AnalysisParams, Cli, Indicator, Jurisdictions, Year
from policyscope.store.database import Database


class GrowthParams(AnalysisParams):
    """Parameters of :func:`growth` (``from``/``to`` are years here: CAGR runs between two annual values)."""

    indicator: Annotated[Indicator, Cli("--indicator", "-i")] = Field(
        description="Indicator code (see `policyscope indicators list`).")
    date_from: Annotated[Year, Cli("--from")] = Field(description="First year.")
    date_to: Annotated[Year, Cli("--to")] = Field(description="Last year.")
    vs: Indicator | None = Field(None, description="Indicator to compare growth with.")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")
    prices: Literal["constant", "current"] = Field(
        "constant", description="Money series: constant national prices (deflated by each country's GDP "
                                "deflator; default) or current prices as published.")

    @field_validator("date_to")
    @classmethod
    def _after_first(cls, last: int, info: ValidationInfo) -> int:
        first = info.data.get("date_from")
        if first is not None and last <= first:
            raise ValueError(f"must be after the first year ({first})")
        return last


class GrowthRow(BaseModel):
    jurisdiction: str
    cagr: float
    vs_cagr: float | None = None
    gap_pp: float | None = None
    value_from: float  # as published (current prices for money series)
    value_to: float
    breaks: list[int] = []  # first years of a new level inside (from, to]: the CAGR crosses them


class GrowthResult(AnalysisResult):
    rows: list[GrowthRow]
    indicator: str
    vs: str | None
    date_from: int
    date_to: int
    prices: str = "current"  # "constant" (national prices of date_to) or "current"; "as published" if not money
    breaks_tested: str | None = None  # the series tested for breaks


def cagr(v0: float, v1: float, years: int) -> float | None:
    """CAGR in percent; None when undefined (a missing or non-positive value)."""
    if v0 is None or v1 is None or v0 != v0 or v1 != v1 or v0 <= 0 or v1 <= 0 or years <= 0:
        return None
    return float(((v1 / v0) ** (1.0 / years) - 1.0) * 100.0)


def _cagrs(db: Database, indicator: str, y0: int, y1: int, juris: list[str],
           unit: str | None = None) -> tuple[dict[str, tuple[Any, ...]], pd.DataFrame]:
    """jurisdiction → (cagr, value_from, value_to); with a money ``unit``, the CAGR of constant national prices."""
    df = observations(db, indicator, [y0, y1], juris)
    real = df
    if unit is not None and not df.empty:
        real = to_constant_national(db, df.assign(indicator=indicator), unit, y1)
    w = df.pivot_table(index="jurisdiction", columns="year", values="value", aggfunc="first")
    wr = real.pivot_table(index="jurisdiction", columns="year", values="value", aggfunc="first")
    out: dict[str, tuple[Any, ...]] = {}
    if y0 in wr.columns and y1 in wr.columns:
        for j, r in wr.iterrows():
            g = cagr(r[y0], r[y1], y1 - y0)
            if g is not None:
                out[str(j)] = (g, float(w.at[j, y0]), float(w.at[j, y1]))
    return out, df


def growth(
    db: Database,
    indicator: str,
    date_from: int,
    date_to: int,
    vs: str | None = None,
    jurisdictions: list[str] | str | None = None,
    prices: Literal["constant", "current"] = "constant",
) -> GrowthResult:
    """CAGR of ``indicator`` from ``date_from`` to ``date_to`` (years), optionally against ``vs``; money
    series in constant national prices unless ``prices="current"``; breaks inside the period listed per row."""
    date_from, date_to = int(date_from), int(date_to)
    if date_to <= date_from:
        raise AnalysisError(f"--to ({date_to}) must be after --from ({date_from})")
    info = indicator_info(db, indicator)
    vs_info = indicator_info(db, vs) if vs else {}
    juris = resolve_jurisdictions(jurisdictions) or country_codes()
    unit, vs_unit = (info.get("unit"), vs_info.get("unit")) if prices == "constant" else (None, None)
    unit = unit if money_kind(unit) else None
    vs_unit = vs_unit if money_kind(vs_unit) else None
    main, df = _cagrs(db, indicator, date_from, date_to, juris, unit)
    other, df2 = _cagrs(db, vs, date_from, date_to, juris, vs_unit) if vs else ({}, None)
    br = breaks(db, indicator, date_from, date_to, juris)
    by_j = breaks_by_jurisdiction(br)
    rows: list[GrowthRow] = []
    missing: list[str] = []
    for j in juris:
        if j not in main or (vs and j not in other):
            missing.append(j)
            continue
        g, v0, v1 = main[j]
        row = GrowthRow(jurisdiction=j, cagr=g, value_from=v0, value_to=v1, breaks=by_j.get(j, []))
        if vs:
            row.vs_cagr = other[j][0]
            row.gap_pp = g - row.vs_cagr
        rows.append(row)
    rows.sort(key=lambda r: (-(r.gap_pp if r.gap_pp is not None else r.cagr)))
    src, vin = provenance(df)
    if df2 is not None:
        s2, v2 = provenance(df2)
        src, vin = sorted(set(src) | set(s2)), sorted(set(vin) | set(v2))
    asked = jurisdictions is not None
    notes = ["sorted by gap_pp (or cagr) descending; values are percent per year"]
    if unit or vs_unit:
        notes.append(f"money series in constant national prices of {date_to} (local currency deflated by each "
                     "country's GDP deflator, NY.GDP.DEFL.KD.ZG); prices=current gives current-price growth")
    crossed = [f"{r.jurisdiction} {', '.join(map(str, r.breaks))}" for r in rows if r.breaks]
    if crossed:
        notes.append(f"CAGR crosses a series break ({br.tested}): {'; '.join(crossed)}")
    return GrowthResult(
        analysis="growth",
        params={"indicator": indicator, "vs": vs, "from": date_from, "to": date_to,
                "jurisdictions": juris if asked else None, "prices": prices},
        prices="constant" if (unit or vs_unit) else ("current" if prices == "current" else "as published"),
        breaks_tested=br.tested,
        rows=rows, indicator=indicator, vs=vs, date_from=date_from, date_to=date_to, sources=src, vintages=vin,
        coverage=Coverage(with_data=len(rows), total=len(juris), missing=missing if asked else [],
                          note=f"{len(rows)} of {len(juris)} jurisdictions have both end values"
                               + (f" of {indicator} and {vs}" if vs else "")),
        notes=notes,
    )
