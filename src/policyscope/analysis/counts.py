"""Counts of policy events by jurisdiction × year × domain (or type), with shares (000 图1–3).

An event tagged with several domains counts once in each of its domains (as CAICT counts "deployments" per
domain); ``share`` is then the domain's part of all domain-tagged counts in the filter. Events without a
domain count under ``(none)`` so that nothing disappears. Rejected and merged events are never counted.

Counts by country default to national-level events (``level="national"``): each jurisdiction's own top-level
events — national, and for the EU or international bodies their own level, and events whose source states no
level — while sub-national events (Chinese provinces, US states, Belgian regions) are left out and counted in
the result's notes. ``level="subnational"`` counts only those, ``level="all"`` every level.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    events_table,
    kept,
    resolve_jurisdictions,
)
from policyscope.analysis.params import (
    AnalysisParams,
    Cli,
    DateFrom,
    DateTo,
    Domains,
    EventTypes,
    Jurisdictions,
    Kind,
    Words,
    keys_of,
    split_list,
)
from policyscope.store.database import Database

KEYS = ("jurisdiction", "subdivision", "year", "domain", "type")  # subdivision: ISO 3166-2 (CN-GD…)
LEVELS = ("national", "subnational", "all")


class CountsParams(AnalysisParams):
    """Parameters of :func:`event_counts` (the one contract of ``analyze counts`` and ``/api/v1/analyze/counts``)."""

    by: Annotated[list[str], BeforeValidator(split_list), AfterValidator(keys_of(KEYS)), Kind("code", many=True)] = (
        Field(["jurisdiction", "year", "domain"], description="Keys among jurisdiction, subdivision, year, domain, type."))
    date_from: Annotated[DateFrom, Cli("--from")] = Field(
        None, description="First date: YYYY (= YYYY-01-01), YYYY-MM or YYYY-MM-DD.")
    date_to: Annotated[DateTo, Cli("--to")] = Field(
        None, description="Last date: YYYY (= YYYY-12-31), YYYY-MM or YYYY-MM-DD.")
    jurisdictions: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU,EU27).")
    domains: Domains = Field(None, description="Domain codes (ai, data…): events with any of them.")
    types: EventTypes = Field(None, description="Event type codes (strategy, law_regulation…).")
    include_auto: Annotated[bool, Cli("--include-auto/--reviewed-only")] = Field(
        True, description="Count machine-extracted events too; --reviewed-only counts accepted/edited ones.")
    origins: Words = Field(None, description="Event origins to keep (manual, extracted, import…).")
    level: Literal["national", "subnational", "all"] = Field(
        "national", description="national (default: sub-national events left out), subnational or all.")


def _filtered_events(db: Database, states: list[str], date_from: date | str | None, date_to: date | str | None,
                     juris: list[str] | None, types: Sequence[str] | None, origins: Sequence[str] | None,
                     ) -> pd.DataFrame:
    """The counting keys (see :func:`_event_keys`) of the events the filters keep."""
    frame = kept(db, ("event keys",), lambda: _event_keys(db))
    if origins and "origin" not in frame.columns:
        raise AnalysisError("--origin: these events carry no origin column (the Parquet export has none)")
    keep = frame["review_state"].isin(states)
    if date_from:
        keep &= frame["date"] >= pd.Timestamp(str(date_from))
    if date_to:
        keep &= frame["date"] <= pd.Timestamp(str(date_to))
    if juris:
        keep &= frame["jurisdiction"].isin(juris)
    if types:
        keep &= frame["type"].isin(list(types))
    if origins:
        keep &= frame["origin"].isin(list(origins))
    return frame[keep]


def _event_keys(db: Database) -> pd.DataFrame:
    """Every event's counting keys, read in one query (filtered and counted on the frame: a report asks for
    dozens of counts, and compiling an Ibis expression costs more than counting 25,000 rows)."""
    e = events_table(db)  # the view plus ``origin``
    cols = [c for c in ("jurisdiction", "subdivision", "type", "domains", "level", "review_state", "date", "origin")
            if c in e.columns]
    frame = e.select(*cols, year=e.date.year().cast("int64")).to_pyarrow().to_pandas()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _grouped(frame: pd.DataFrame, by: list[str], domains: Sequence[str] | None) -> pd.DataFrame:
    """Counts per combination of ``by``, sorted by it; an event counts once per domain when "domain" is a key
    (``(none)`` when it has none; only the asked-for domains when ``domains`` is given)."""
    if "domain" in by:
        frame = frame.assign(domain=frame["domains"].map(
            lambda d: list(d) if d is not None and len(d) else ["(none)"])).explode("domain")
        if domains:
            frame = frame[frame["domain"].isin(list(domains))]
    if "year" in by:
        frame = frame[frame["year"].notna()]
    grouped = frame.groupby(by, dropna=False).size().reset_index(name="n")
    return grouped.sort_values(by).reset_index(drop=True)


class CountRow(BaseModel):
    jurisdiction: str | None = None
    subdivision: str | None = None
    year: int | None = None
    domain: str | None = None
    type: str | None = None
    n: int
    share: float  # percent of all counted rows in the filter
    share_in_year: float | None = None  # percent within the same year (when "year" is a key)


class CountsResult(AnalysisResult):
    rows: list[CountRow]
    by: list[str]
    total: int
    events: int
    undated: int


def event_counts(
    db: Database,
    by: Sequence[str] = ("jurisdiction", "year", "domain"),
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    jurisdictions: list[str] | str | None = None,
    domains: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    include_auto: bool = True,
    origins: Sequence[str] | None = None,
    level: str = "national",
) -> CountsResult:
    """Number of events per combination of ``by`` keys (jurisdiction, year, domain, type), national-level
    events by default (``level``: national, subnational or all).

    The events' keys are read once (per database that cannot change) and filtered and counted as a frame."""
    by = split_list(by) or []
    bad = [b for b in by if b not in KEYS]
    if bad or not by:
        raise AnalysisError(f"--by must be among {', '.join(KEYS)}; got {', '.join(bad) or 'nothing'}")
    if level not in LEVELS:
        raise AnalysisError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    juris = resolve_jurisdictions(jurisdictions)
    states = ["auto", "accepted", "edited"] if include_auto else ["accepted", "edited"]
    frame = _filtered_events(db, states, date_from, date_to, juris, types, origins)
    is_sub = frame["level"].fillna("") == "subnational"
    left_out = int(is_sub.sum()) if level == "national" else 0
    frame = frame[~is_sub] if level == "national" else frame[is_sub] if level == "subnational" else frame
    if domains:  # events with any of the domains (without "domain" in by, such an event counts once)
        wanted = set(domains)
        frame = frame[frame["domains"].map(lambda d: d is not None and not wanted.isdisjoint(d)).astype(bool)]
    n_events = len(frame)
    undated = int(frame["year"].isna().sum())
    grouped = _grouped(frame, by, domains)
    total = int(grouped["n"].sum()) if len(grouped) else 0
    if "year" in by and len(grouped):
        per_year = grouped.groupby("year")["n"].transform("sum")
        grouped["share_in_year"] = grouped["n"] / per_year * 100
    grouped["share"] = grouped["n"] / total * 100 if total else 0.0
    rows = [CountRow.model_validate({k: (None if v != v else v) for k, v in r.items() if k in CountRow.model_fields})
            for r in grouped.to_dict("records")]
    notes = []
    if level == "national":
        notes.append(f"national-level events only (the default): {left_out} sub-national events left out; "
                     "use level=all to count them")
    if "year" in by and undated:
        notes.append(f"{undated} undated events are not in the per-year rows")
    if "domain" in by:
        notes.append("an event with several domains counts once per domain")
    return CountsResult(
        analysis="counts",
        params={"by": by, "from": str(date_from) if date_from else None, "to": str(date_to) if date_to else None,
                "jurisdictions": juris, "domains": list(domains) if domains else None,
                "types": list(types) if types else None, "include_auto": include_auto,
                "origins": list(origins) if origins else None, "level": level},
        rows=rows, by=by, total=total, events=n_events, undated=undated, notes=notes,
        coverage=Coverage(with_data=n_events, total=n_events, note=f"{n_events} events match the filter"),
        sources=["policyscope events (review states: " + ", ".join(states) + f"; level: {level})"],
    )
