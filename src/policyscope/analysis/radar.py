"""Profiles of a few jurisdictions on several indicators on fixed anchors (003 图1 radar).

By default (``scale="world"``) a score is the percentile of the value among all the world's countries with
a value in that year (fixed anchors: the score does not change with the selection, and the last of six
compared countries does not get 0 by construction). ``scale="group"`` keeps the old min-max over the
jurisdictions compared: score = (v − min) / (max − min) × 100, 100 the best of the group and 0 the lowest
(reversed for indicators where lower is better). A missing value
keeps a missing score; ``latest_within`` lets an indicator fall back to the latest of the N previous years,
and the year used is shown on every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    kept,
    observations,
    provenance,
    resolve_jurisdictions,
)
from policyscope.analysis.params import AnalysisParams, Cli, Indicators, Jurisdictions, Year, split_list
from policyscope.store.database import Database


def _at_least_two(codes: list[str] | None) -> list[str] | None:
    if not codes or len(codes) < 2:
        raise ValueError("a radar compares at least two jurisdictions")
    return codes


def _some(codes: list[str] | None) -> list[str] | None:
    if not codes:
        raise ValueError("give at least one indicator")
    return codes


class RadarParams(AnalysisParams):
    """Parameters of :func:`radar`."""

    jurisdictions: Annotated[Jurisdictions, AfterValidator(_at_least_two), Cli("--jurisdictions", "-j")] = Field(
        description="Two or more names or codes, 中文 or English (中国，美国 or CHN,USA).")
    indicators: Annotated[Indicators, AfterValidator(_some)] = Field(description="Indicator codes.")
    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    latest_within: int = Field(0, ge=0, le=30, description="Fall back up to N years before.")
    lower_is_better: Indicators = Field(None, description="Indicators whose lower values score higher.")
    scale: Literal["group", "world"] = Field(
        "world", description="group: min-max over the jurisdictions compared (the lowest scores 0); world: "
                             "percentile among all countries with a value (fixed anchors: a score does not "
                             "change with the selection).")

    def arguments(self) -> dict[str, Any]:
        return super().arguments() | {"lower_is_better": tuple(self.lower_is_better or ())}


class RadarRow(BaseModel):
    jurisdiction: str
    indicator: str
    value: float | None
    year: int | None  # year of the value used
    score: float | None  # 0–100: within the group, or percentile among the world's countries (``scale``)


class RadarResult(AnalysisResult):
    rows: list[RadarRow]
    jurisdictions: list[str]
    indicators: list[str]
    year: int


def latest_values(db: Database, indicator: str, year: int, juris: list[str],
                  within: int) -> tuple[dict[str, tuple[float, int]], pd.DataFrame]:
    """jurisdiction → (value, year) at ``year`` or the latest of the ``within`` years before."""
    df = observations(db, indicator, range(year - within, year + 1), juris)
    out: dict[str, tuple[float, int]] = {}
    for r in df.sort_values("year").itertuples():
        out[r.jurisdiction] = (float(r.value), int(r.year))
    return out, df


def _values_and_reference(db: Database, ind: str, year: int, juris: list[str], within: int,
                          scale: str) -> tuple[dict[str, tuple[float, int]], pd.DataFrame, list[float]]:
    """The compared jurisdictions' latest values (and their rows, for provenance) and the values a score is
    measured against: theirs (``group``) or every country's (``world``), read in one query."""
    if scale == "group":
        vals, df = latest_values(db, ind, year, juris, within)
        return vals, df, [vals[j][0] for j in juris if j in vals]
    world = country_codes()
    # the world's values are the same for every set compared on this indicator and year: read once per database
    # that cannot change (a compare page's first view spent half its time here)
    every, df = kept(db, ("radar-world", ind, year, within), lambda: latest_values(db, ind, year, world, within))
    known = set(world)
    others = [j for j in juris if j not in known]  # the EU, territories: not in the reference
    if others:
        more, df_more = latest_values(db, ind, year, others, within)
        every, df = {**every, **more}, pd.concat([df, df_more])
    return ({j: every[j] for j in juris if j in every}, df[df["jurisdiction"].isin(juris)],
            [every[c][0] for c in world if c in every])


def _scorer(reference: list[float], scale: str, lower_is_better: bool) -> Callable[[float], float]:
    """value → 0–100 against ``reference``: min-max (group) or the percentile among the reference (world)."""
    if scale == "world":
        ref = sorted(reference)
        n = len(ref) or 1

        def percentile(v: float) -> float:
            beaten = sum(1 for r in ref if (r >= v if lower_is_better else r <= v))
            return beaten / n * 100
        return percentile
    lo, hi = (min(reference), max(reference)) if reference else (0.0, 0.0)

    def minmax(v: float) -> float:
        if hi == lo:
            return 100.0
        score = (v - lo) / (hi - lo) * 100
        return 100 - score if lower_is_better else score
    return minmax


def radar(
    db: Database,
    jurisdictions: list[str] | str,
    indicators: Sequence[str] | str,
    year: int,
    latest_within: int = 0,
    lower_is_better: Sequence[str] = (),
    scale: Literal["group", "world"] = "world",
) -> RadarResult:
    """Scores 0–100 per jurisdiction and indicator: min-max over the jurisdictions compared (``group``), or
    the share of the world's countries with a value that this one equals or beats (``world``)."""
    juris = resolve_jurisdictions(jurisdictions) or []
    if len(juris) < 2:
        raise AnalysisError("a radar compares at least two jurisdictions")
    inds = split_list(indicators) or []
    if not inds:
        raise AnalysisError("give at least one indicator")
    rows: list[RadarRow] = []
    notes: list[str] = []
    srcs, vins = set(), set()
    with_all = set(juris)
    for ind in inds:
        indicator_info(db, ind)
        vals, df, reference = _values_and_reference(db, ind, year, juris, latest_within, scale)
        s, v = provenance(df)
        srcs.update(s)
        vins.update(v)
        scorer = _scorer(reference, scale, ind in lower_is_better)
        for j in juris:
            if j not in vals:
                rows.append(RadarRow(jurisdiction=j, indicator=ind, value=None, year=None, score=None))
                with_all.discard(j)
                continue
            val, y = vals[j]
            rows.append(RadarRow(jurisdiction=j, indicator=ind, value=val, year=y, score=scorer(val)))
        missing = [j for j in juris if j not in vals]
        if missing:
            notes.append(f"{ind}: no value for {', '.join(missing)} in {year - latest_within}–{year}")
    return RadarResult(
        analysis="radar", params={"jurisdictions": juris, "indicators": inds, "year": year,
                                  "latest_within": latest_within, "scale": scale},
        rows=rows, jurisdictions=juris, indicators=inds, year=year, notes=notes, sources=sorted(srcs),
        vintages=sorted(vins),
        coverage=Coverage(with_data=len(with_all), total=len(juris),
                          missing=sorted(set(juris) - with_all), note="jurisdictions with every indicator"),
    )
