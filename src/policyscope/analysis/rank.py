"""Ranks of jurisdictions on an indicator and the change against another year (004 图5 PCT ranks, 图19).

Ranks are computed among jurisdictions of the chosen kinds with data in each year (1 = highest), so a
missing country never takes a rank; who entered or left the top N is reported explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, BeforeValidator, Field

from policyscope.analysis.base import (
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
from policyscope.analysis.params import AnalysisParams, Cli, Indicator, Jurisdictions, Year, split_list
from policyscope.model.jurisdictions import JurisdictionKind
from policyscope.store.database import Database


class RankParams(AnalysisParams):
    """Parameters of :func:`rank`."""

    indicator: Annotated[Indicator, Cli("--indicator", "-i")] = Field(
        description="Indicator code (see `policyscope indicators list`).")
    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    compare_year: Year | None = Field(None, description="Year to compare ranks with.")
    top: int | None = Field(None, ge=1, description="Keep the top N (and report who entered or left it).")
    kind: Annotated[list[JurisdictionKind], BeforeValidator(split_list)] = Field(
        ["country", "territory"], description="Kinds of jurisdiction ranked when none are given.")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Rank only these (names or codes, 中文 or English).")
    ascending: bool = Field(False, description="Rank 1 = lowest value.")


class RankRow(BaseModel):
    jurisdiction: str
    value: float
    rank: int
    share: float | None = None  # percent of the sum over ranked jurisdictions
    compare_value: float | None = None
    compare_rank: int | None = None
    rank_change: int | None = None  # positive = moved up


class RankResult(AnalysisResult):
    rows: list[RankRow]
    indicator: str
    unit: str | None
    year: int
    compare_year: int | None
    top: int | None
    top_share: float | None = None  # share of the top N in the ranked total, percent
    compare_top_share: float | None = None
    entered_top: list[str] = []
    left_top: list[str] = []


def _ranked(df: pd.DataFrame, ascending: bool) -> pd.DataFrame:
    df = df.sort_values(["value", "jurisdiction"], ascending=[ascending, True]).reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)
    total = df["value"].sum()
    df["share"] = df["value"] / total * 100 if total else None
    return df


def rank(
    db: Database,
    indicator: str,
    year: int,
    compare_year: int | None = None,
    top: int | None = None,
    kind: Sequence[str] = ("country", "territory"),
    jurisdictions: list[str] | str | None = None,
    ascending: bool = False,
) -> RankResult:
    """Rank jurisdictions on ``indicator`` in ``year`` (and ``compare_year``); keep the top N if asked."""
    info = indicator_info(db, indicator)
    universe = resolve_jurisdictions(jurisdictions) or country_codes(kind)
    now = observations(db, indicator, [year], universe)
    require_data(now, indicator, year)
    cur = _ranked(now, ascending)
    prev = None
    if compare_year is not None:
        p = observations(db, indicator, [compare_year], universe)
        require_data(p, indicator, compare_year)
        prev = _ranked(p, ascending).set_index("jurisdiction")
    rows: list[RankRow] = []
    for r in cur.itertuples():
        row = RankRow(jurisdiction=r.jurisdiction, value=float(r.value), rank=int(r.rank), share=clean(r.share))
        if prev is not None and r.jurisdiction in prev.index:
            row.compare_value = float(prev.at[r.jurisdiction, "value"])
            row.compare_rank = int(prev.at[r.jurisdiction, "rank"])
            row.rank_change = row.compare_rank - row.rank
        rows.append(row)
    result = RankResult(
        analysis="rank",
        params={"indicator": indicator, "year": year, "compare_year": compare_year, "top": top, "kind": list(kind)},
        rows=rows, indicator=indicator, unit=clean(info.get("unit")), year=year, compare_year=compare_year, top=top,
        coverage=Coverage(with_data=len(cur), total=len(universe),
                          note=f"{len(cur)} of {len(universe)} jurisdictions have {indicator} in {year}"),
    )
    src, vin = provenance(now)
    result.sources, result.vintages = src, vin
    if top:
        result.rows = rows[:top]
        result.top_share = float(cur["share"].head(top).sum())
        if prev is not None:
            prev_top = set(prev.index[prev["rank"] <= top])
            now_top = set(cur["jurisdiction"].head(top))
            result.entered_top = sorted(now_top - prev_top)
            result.left_top = sorted(prev_top - now_top)
            result.compare_top_share = float(prev.loc[prev["rank"] <= top, "share"].sum())
    return result
