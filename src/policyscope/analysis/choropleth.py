"""One value per country for a map: an indicator in one year, or the number of policy events (by domain, type,
level) in one year or up to it, with the China provinces behind the national figure.

Which year a map shows by default matters more than on a line chart: the newest year of an indicator often has
a handful of early reporters (R&D spending for 2024: 30 countries, 2023: 108), and a map of 30 countries reads
as "the rest has none". The default is therefore the **latest year whose coverage is at least half of the best
year's in the ten years before it** (:func:`default_year`); the page says which year and how many countries.
Jurisdictions that are not countries (the EU, international bodies) cannot be coloured and are listed apart;
countries without a value are named in ``coverage.missing`` (grey on the map), never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    names_of,
    observations,
    provenance,
)
from policyscope.analysis.counts import event_counts
from policyscope.analysis.params import AnalysisParams, Domains, EventTypes, Indicator, Year
from policyscope.store.database import Database

MapKind = Literal["indicator", "events"]
COVERAGE_SHARE = 0.5  # the default year must have at least half the best coverage of the decade before it
LOOKBACK = 10


class MapRow(BaseModel):
    jurisdiction: str
    name_en: str
    name_zh: str
    value: float


class MapResult(AnalysisResult):
    rows: list[MapRow]
    kind: MapKind
    year: int | None
    cumulative: bool = False
    unit: str | None = None
    label_en: str
    label_zh: str
    years: list[int]  # years with any value: the year slider's range
    coverage_by_year: dict[int, int]  # countries with a value per year (why the default year was chosen)
    not_on_map: list[MapRow] = []  # the EU, international bodies… with their value
    subdivisions: list[MapRow] = []  # China's provinces (events kind, when asked)


class MapParams(AnalysisParams):
    """Parameters of :func:`country_map` (``analyze map``, ``/api/v1/analyze/map`` and the ``/map`` page)."""

    kind: Literal["indicator", "events"] = Field("indicator", description="indicator values or policy counts.")
    indicator: Indicator = Field("GB.XPD.RSDV.GD.ZS", description="Indicator code (kind=indicator).")
    year: Year | None = Field(None, description="Year shown (default: latest well-covered year; events: latest).")
    domains: Domains = Field(None, description="Domain codes (kind=events): events with any of them.")
    types: EventTypes = Field(None, description="Event type codes (kind=events).")
    level: Literal["national", "subnational", "all"] = Field("national", description="Event level (kind=events).")
    cumulative: bool = Field(True, description="kind=events: count events up to the year (false: in the year).")
    provinces: bool = Field(False, description="kind=events: also count China's events per province.")


def country_map(db: Database, kind: MapKind = "indicator", indicator: str = "GB.XPD.RSDV.GD.ZS",
                year: int | None = None, domains: Sequence[str] | None = None, types: Sequence[str] | None = None,
                level: str = "national", cumulative: bool = True, provinces: bool = False) -> MapResult:
    """One value per country for a world map: an indicator, or the number of policy events."""
    if kind == "indicator":
        return indicator_map(db, indicator, year)
    return events_map(db, year, domains, types, level, cumulative, provinces)


def default_year(coverage_by_year: dict[int, int]) -> int | None:
    """The latest year with at least half the best coverage of the ``LOOKBACK`` years up to it."""
    if not coverage_by_year:
        return None
    years = sorted(coverage_by_year)
    last = years[-1]
    best = max(n for y, n in coverage_by_year.items() if y > last - LOOKBACK)
    for y in reversed(years):
        if coverage_by_year[y] >= COVERAGE_SHARE * best:
            return y
    return last


def _row(code: str, value: float) -> MapRow:
    en, zh = names_of(code)
    return MapRow(jurisdiction=code, name_en=en, name_zh=zh, value=float(value))


def _split_rows(values: dict[str, float]) -> tuple[list[MapRow], list[MapRow]]:
    countries = set(country_codes())
    on = sorted((_row(c, v) for c, v in values.items() if c in countries), key=lambda r: (-r.value, r.jurisdiction))
    off = sorted((_row(c, v) for c, v in values.items() if c not in countries), key=lambda r: -r.value)
    return on, off


def indicator_map(db: Database, indicator: str, year: int | None = None) -> MapResult:
    """Values of ``indicator`` per country in ``year`` (default: see :func:`default_year`)."""
    info = indicator_info(db, indicator)
    df = observations(db, indicator)
    if df.empty:
        raise AnalysisError(f"indicator {indicator!r} has no observations")
    countries = set(country_codes())
    per_year = df[df["jurisdiction"].isin(countries)].groupby("year")["jurisdiction"].nunique()
    cov = {int(y): int(n) for y, n in per_year.items()}
    chosen = year if year is not None else default_year(cov)
    if chosen not in cov and year is not None:
        raise AnalysisError(f"indicator {indicator!r} has no country values for {year}; years with data: "
                            f"{min(cov)}–{max(cov)}" if cov else f"indicator {indicator!r} has no country values")
    sel = df[df["year"] == chosen]
    on, off = _split_rows(dict(zip(sel["jurisdiction"], sel["value"], strict=True)))
    src, vin = provenance(sel)
    have = {r.jurisdiction for r in on}
    return MapResult(
        analysis="map", params={"kind": "indicator", "indicator": indicator, "year": chosen},
        rows=on, kind="indicator", year=chosen, unit=info.get("unit"),
        label_en=info.get("name_en") or indicator, label_zh=info.get("name_zh") or info.get("name_en") or indicator,
        years=sorted(cov), coverage_by_year=cov, not_on_map=off,
        coverage=Coverage(with_data=len(on), total=len(countries), missing=sorted(countries - have),
                          note=f"{len(on)} of {len(countries)} countries and territories have a value for {chosen}"),
        sources=src, vintages=vin,
        notes=[] if year is not None else [f"{chosen} is the latest year with at least half the best coverage of "
                                           f"the {LOOKBACK} years before it"],
    )


def events_map(db: Database, year: int | None = None, domains: Sequence[str] | None = None,
               types: Sequence[str] | None = None, level: str = "national", cumulative: bool = True,
               provinces: bool = False) -> MapResult:
    """Number of policy events per country dated up to the end of ``year`` (only in it when not
    ``cumulative``); ``year`` defaults to the latest year with a matching event, not after this year.

    Cumulative by default: "which countries have an AI strategy, and how many" is a stock that a map shows
    well; one year's flow of events is thin (seven AI strategies dated 2025) and is one click away."""
    per_year = event_counts(db, by=("year", "jurisdiction"), domains=domains, types=types, level=level)
    countries = set(country_codes())
    cov: dict[int, int] = {}
    for r in per_year.rows:
        if r.year is not None and r.jurisdiction in countries:
            cov[int(r.year)] = cov.get(int(r.year), 0) + 1
    this_year = date.today().year
    chosen = year if year is not None else max((y for y in cov if y <= this_year), default=None)
    if chosen is None:
        raise AnalysisError("no dated events match this filter")
    values: dict[str, float] = {}  # the same counts summed over the years shown (undated events are in none)
    for r in per_year.rows:
        if r.jurisdiction and r.year is not None and (r.year == chosen or (cumulative and r.year < chosen)):
            values[r.jurisdiction] = values.get(r.jurisdiction, 0.0) + r.n
    on, off = _split_rows(values)
    subs: list[MapRow] = []
    if provinces:  # China's sub-national events per province, same filter and years
        by_province = event_counts(db, by=("subdivision",), jurisdictions=["CHN"], level="subnational",
                                   date_from=None if cumulative else f"{chosen}-01-01", date_to=f"{chosen}-12-31",
                                   domains=domains, types=types)
        subs = sorted((_row(r.subdivision, r.n) for r in by_province.rows if r.subdivision),
                      key=lambda r: (-r.value, r.jurisdiction))
    have = {r.jurisdiction for r in on}
    label_en, label_zh = _events_label(domains, types)
    return MapResult(
        analysis="map", params={"kind": "events", "year": chosen, "domains": list(domains or []),
                                "types": list(types or []), "level": level, "cumulative": cumulative},
        rows=on, kind="events", year=chosen, cumulative=cumulative, unit="events", label_en=label_en,
        label_zh=label_zh, years=sorted(cov), coverage_by_year=cov, not_on_map=off, subdivisions=subs,
        coverage=Coverage(with_data=len(on), total=len(countries), missing=sorted(countries - have),
                          note=f"{len(on)} countries have at least one matching event"),
        sources=per_year.sources,
        notes=per_year.notes[:1] + [f"events dated {'up to the end of' if cumulative else 'in'} {chosen}"],
    )


def _events_label(domains: Sequence[str] | None, types: Sequence[str] | None) -> tuple[str, str]:
    from policyscope.model.taxonomy import taxonomy

    d_en = "/".join(taxonomy("domains").label(d, "en") for d in domains or [])
    d_zh = "/".join(taxonomy("domains").label(d, "zh") for d in domains or [])
    t_en = "/".join(taxonomy("event_types").label(t, "en") for t in types or [])
    t_zh = "/".join(taxonomy("event_types").label(t, "zh") for t in types or [])
    what = ", ".join(x for x in (d_en, t_en) if x)
    zh = "".join(x for x in (d_zh, t_zh or "政策") if x) + "数量"
    return "Number of policies" + (f": {what}" if what else ""), zh
