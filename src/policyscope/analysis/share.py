"""Each jurisdiction's share of a total (000 图4: US and China in world R&D) and the denominator's coverage.

The denominator is explicit because seeds rarely say which "world" they divide by: ``WORLD`` is our sum over
every country and territory with data, ``WLD`` the publisher's own world figure (World Bank WLD rows; NCSES's
"World" total for its tables) — the official aggregate, which reports use where it exists, with the share of it
that the countries with data cover (``covered_share``) — and any group code
(EU27, OECD, G20…) sums over that group's members. World Bank aggregates without a member list (EUU, HIC…)
use their published value.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, Field

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
from policyscope.analysis.params import AnalysisParams, Cli, Indicator, Jurisdiction, Jurisdictions, Year
from policyscope.model import registry
from policyscope.store.database import Database

NON_ADDITIVE_UNIT_HINTS = ("%", "per ", "index", "rate", "ratio", "per capita", "LCU per")


class ShareRow(BaseModel):
    jurisdiction: str
    value: float
    share: float  # percent of the denominator
    rank: int


class ShareResult(AnalysisResult):
    rows: list[ShareRow]
    indicator: str
    unit: str | None
    year: int
    of: str
    denominator: float
    denominator_kind: str  # "sum over members" | "published aggregate"
    countries_sum: float | None = None  # sum over the countries with data (published aggregate only)
    covered_share: float | None = None  # countries_sum as percent of the published aggregate
    countries_with_data: int | None = None  # how many countries make up countries_sum


class ShareParams(AnalysisParams):
    """Parameters of :func:`share`."""

    indicator: Annotated[Indicator, Cli("--indicator", "-i")] = Field(
        description="Indicator code (see `policyscope indicators list`).")
    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    of: Jurisdiction = Field("WORLD", description="WORLD (our sum), WLD (World Bank's own) or a group (EU27, G7…).")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")
    top: int | None = Field(None, ge=1, description="Keep the first N rows.")


def is_additive(info: dict[str, Any]) -> bool:
    unit = (info.get("unit") or "").lower()
    return not any(h.lower() in unit for h in NON_ADDITIVE_UNIT_HINTS)


def share(
    db: Database,
    indicator: str,
    year: int,
    of: str = "WORLD",
    jurisdictions: list[str] | str | None = None,
    top: int | None = None,
) -> ShareResult:
    """Share of ``of`` held by each jurisdiction (all members, or the ones asked for), in percent; ``top``
    keeps the first N rows (ranks stay those among all members)."""
    info = indicator_info(db, indicator)
    if not is_additive(info):
        raise AnalysisError(f"indicator {indicator!r} has unit {info.get('unit')!r}; shares of a total need a level, "
                            "not a ratio or rate")
    reg = registry()
    of_code = reg.resolve_code(of)
    group = reg.get(of_code)
    asked = resolve_jurisdictions(jurisdictions)
    notes: list[str] = []
    countries_sum: float | None = None
    covered: float | None = None
    if of_code == "WORLD" or group.members:
        members = country_codes() if of_code == "WORLD" else [m for m in group.members]
        df = observations(db, indicator, [year], members)
        require_data(df, indicator, year)
        denominator = float(df["value"].sum())
        kind = "sum over members"
        coverage = Coverage(
            with_data=int(df["jurisdiction"].nunique()), total=len(members),
            missing=sorted(set(members) - set(df["jurisdiction"])) if of_code != "WORLD" else [],
            note=f"denominator = sum of {indicator} over the {df['jurisdiction'].nunique()} of {len(members)} "
                 f"members of {of_code} with data in {year}",
        )
        if of_code == "WORLD":
            notes.append("WORLD is policyscope's sum over countries and territories with data; "
                         "missing countries make it smaller than the true world total")
    else:
        agg = observations(db, indicator, [year], [of_code])
        if agg.empty:
            raise AnalysisError(f"{of_code} has no {indicator} value for {year}")
        denominator = float(agg["value"].iloc[0])
        kind = "published aggregate"
        countries = country_codes()
        extra = [c for c in asked or [] if c not in countries]  # e.g. EU (NCSES's EPO filings): shown, not summed
        df = observations(db, indicator, [year], countries + extra)
        countries_sum = float(df.loc[df["jurisdiction"].isin(countries), "value"].sum())
        covered = countries_sum / denominator * 100 if denominator else None
        n_with = int(df.loc[df["jurisdiction"].isin(countries), "jurisdiction"].nunique())
        coverage = Coverage(with_data=n_with, total=len(countries),
                            note=f"denominator = {of_code}'s own published {indicator} for {year}; {n_with} "
                                 f"countries have their own value, summing to {covered:.1f}% of it"
                                 if covered is not None else "")
        notes.append(f"{of_code} is the publisher's own aggregate (it includes the publisher's estimates for "
                     "countries without a value here)")
    if denominator == 0:
        raise AnalysisError(f"the denominator {of_code} of {indicator} in {year} is zero")
    df = df.sort_values(["value", "jurisdiction"], ascending=[False, True]).reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)  # rank among all members with data, also when only some are shown
    if asked:
        df = _only_asked(df, asked, group.members if of_code != "WORLD" else [], of_code, f"{indicator} for {year}",
                         notes)
    rows = [ShareRow(jurisdiction=r.jurisdiction, value=float(r.value), share=float(r.value) / denominator * 100,
                     rank=int(r.rank)) for r in df.itertuples()]
    if top:
        rows = rows[:top]
    src, vin = provenance(df)
    return ShareResult(
        analysis="share", params={"indicator": indicator, "year": year, "of": of_code, "jurisdictions": asked},
        rows=rows, coverage=coverage, sources=src or [str(info.get("source"))], vintages=vin, notes=notes,
        indicator=indicator, unit=clean(info.get("unit")), year=year, of=of_code, denominator=denominator,
        denominator_kind=kind, countries_sum=countries_sum if kind == "published aggregate" else None,
        covered_share=covered if kind == "published aggregate" else None,
        countries_with_data=coverage.with_data if kind == "published aggregate" else None,
    )


def _only_asked(df: pd.DataFrame, asked: list[str], members: list[str], of_code: str, what: str,
                notes: list[str]) -> pd.DataFrame:
    """The rows of the jurisdictions asked for; those outside the group or without a value are named in
    ``notes``, never dropped silently."""
    asked_in = asked
    if members:
        outside = [c for c in asked if c not in members]
        if outside:
            notes.append(f"not members of {of_code}: {', '.join(outside)}")
        asked_in = [c for c in asked if c in members]
    missing = [c for c in asked_in if c not in set(df["jurisdiction"])]
    if missing:
        notes.append(f"no {what}: {', '.join(missing)}")
    return df[df["jurisdiction"].isin(asked)]


def share_frame(result: ShareResult) -> pd.DataFrame:
    return result.to_frame()
