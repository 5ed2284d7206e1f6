"""``/map``: a world choropleth of an indicator or of policy-event counts, its JSON/CSV twin and the atlas.

The values come from :mod:`policyscope.analysis.choropleth` and the chart from
:func:`policyscope.report.charts.choropleth`, as in the reports; this module reads the request, puts names in
the reader's language and serves the bundled TopoJSON once (cached by the browser) instead of inlining it.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError, field_validator

from policyscope.analysis.base import AnalysisError
from policyscope.analysis.choropleth import MapResult, events_map, indicator_map
from policyscope.model import DOMAINS, EVENT_TYPES
from policyscope.store.database import Database
from policyscope.web import i18n
from policyscope.web.app import lang_of, render, web
from policyscope.web.queries import BadQuery

router = APIRouter()
ATLAS_URL = "/static-vendor/world-110m.json"
DEFAULT_INDICATOR = "GB.XPD.RSDV.GD.ZS"
LEVELS = ("national", "all", "subnational")


def _codes(raw: str | None, known: tuple[str, ...], name: str) -> list[str]:
    items = [x.strip() for x in (raw or "").replace("，", ",").split(",") if x.strip()]
    bad = [x for x in items if x not in known]
    if bad:
        raise BadQuery(f"{name}={bad[0]!r} is unknown; known: {', '.join(known)}")
    return items


class MapQuery(BaseModel):
    """What a map shows; the same fields in the page URL (permalink), the JSON twin and the CSV."""

    kind: Literal["indicator", "events"] = "indicator"
    indicator: str = DEFAULT_INDICATOR
    year: int | None = None
    domain: str | None = None
    type: str | None = None
    level: Literal["national", "all", "subnational"] = "national"
    cumulative: bool = True
    provinces: bool = True

    @field_validator("year")
    @classmethod
    def _plausible(cls, v: int | None) -> int | None:
        if v is not None and not 1900 <= v <= 2100:
            raise ValueError("year must be between 1900 and 2100")
        return v

    def permalink(self) -> str:
        keys = ["kind", "year"] + (["indicator"] if self.kind == "indicator" else
                                   ["domain", "type", "level", "cumulative"])
        vals = {k: getattr(self, k) for k in keys}
        return urlencode({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in vals.items()
                          if v not in (None, "")})

    def run(self, db: Database) -> MapResult:
        if self.kind == "indicator":
            return indicator_map(db, self.indicator, self.year)
        return events_map(db, self.year, _codes(self.domain, DOMAINS, "domain") or None,
                          _codes(self.type, EVENT_TYPES, "type") or None, self.level, self.cumulative,
                          provinces=self.provinces)


def _query(kind: str, indicator: str, year: str | None, domain: str | None, type_: str | None, level: str,
           cumulative: str) -> MapQuery:
    if year and not year.strip().isdigit():
        raise BadQuery(f"year={year!r} must be a year like 2023")
    try:
        return MapQuery(kind=kind, indicator=indicator, year=int(year) if year else None, domain=domain or None,
                        type=type_ or None, level=level, cumulative=cumulative.lower() in ("1", "true", "on", "yes"))
    except ValidationError as exc:
        e = exc.errors()[0]
        raise BadQuery(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}") from None


def map_view(db: Database, q: MapQuery, lang: str) -> dict[str, Any]:
    """The map's result with names and title in ``lang`` and its Vega-Lite spec (atlas by URL)."""
    from policyscope.report import charts

    try:
        res = q.run(db)
    except AnalysisError as exc:  # bad input to the analysis (unknown indicator, year without data)
        raise BadQuery(str(exc)) from None
    label = res.label_zh if lang == "zh" else res.label_en
    when = (f"截至{res.year}年" if lang == "zh" else f"up to {res.year}") if res.kind == "events" and res.cumulative \
        else (f"{res.year}年" if lang == "zh" else str(res.year))
    title = f"{label}（{when}）" if lang == "zh" else f"{label} ({when})"
    unit = i18n.t("events", lang) if res.kind == "events" else (res.unit or "")
    rows = [r.model_dump() | {"name": r.name_zh if lang == "zh" else r.name_en} for r in res.rows]
    source = "; ".join(res.sources[:2])
    if res.kind == "events":  # the analysis names its filter in English; the reader gets it in words
        levels = {"national": ("国家层面", "national level"), "all": ("全部层级", "all levels"),
                  "subnational": ("地方层面", "sub-national level")}[q.level]
        source = f"policyscope 政策事件库（{levels[0]}）" if lang == "zh" else f"policyscope event base ({levels[1]})"
    meta = charts.ChartMeta(title=title, units=unit, source=source, lang=lang, width=760)
    spec = charts.choropleth(rows, meta, topo_url=ATLAS_URL, value_format=",.0f" if res.kind == "events" else ",.2f")
    subs = [r.model_dump() | {"name": r.name_zh if lang == "zh" else r.name_en} for r in res.subdivisions]
    return {"result": res.model_dump(mode="json"), "title": title, "source": source, "unit": unit, "rows": rows, "spec": spec,
            "subdivisions": subs, "query": q.model_dump(), "permalink": "/map?" + q.permalink(),
            "missing_names": [i18n.jname(c, lang) for c in res.coverage.missing] if res.coverage else []}


def _csv(view: dict[str, Any]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["jurisdiction", "name", "year", "value", "unit"])
    for r in view["rows"] + [r | {"name": r["name"]} for r in view["subdivisions"]]:
        w.writerow([r["jurisdiction"], r["name"], view["result"]["year"], r["value"], view["unit"]])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policyscope-map.csv"'})


Kind = Annotated[Literal["indicator", "events"], Query()]


@router.get("/api/v1/map", summary="JSON twin of /map: one value per country, coverage, sources and the spec")
def map_json(request: Request, kind: Kind = "indicator", indicator: str = DEFAULT_INDICATOR,
             year: str | None = None, domain: str | None = None, type: str | None = None,
             level: Literal["national", "all", "subnational"] = "national", cumulative: str = "true",
             format: Literal["json", "csv"] = "json") -> Any:
    q = _query(kind, indicator, year, domain, type, level, cumulative)
    with web(request).db() as db:
        view = map_view(db, q, lang_of(request))
    return _csv(view) if format == "csv" else view


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, kind: Kind = "indicator", indicator: str = DEFAULT_INDICATOR,
             year: str | None = None, domain: str | None = None, type: str | None = None,
             level: Literal["national", "all", "subnational"] = "national", cumulative: str = "true") -> HTMLResponse:
    import json

    from policyscope.web import queries

    q = _query(kind, indicator, year, domain, type, level, cumulative)
    with web(request).db() as db:
        view = map_view(db, q, lang_of(request))
        inds = [i for i in queries.indicators(db) if not str(i["code"]).startswith("FX.")]
    return render(request, "map.html.j2", json_url="/api/v1/map?" + q.permalink(), view=view, q=q,
                  spec=json.dumps(view["spec"], ensure_ascii=False), indicators=inds, domains=DOMAINS,
                  types=EVENT_TYPES, levels=LEVELS)


@router.get(ATLAS_URL, include_in_schema=False)
def atlas() -> Response:
    from policyscope.report.charts import WORLD_TOPOJSON

    return Response(WORLD_TOPOJSON.read_bytes(), media_type="application/json",
                    headers={"Cache-Control": "public, max-age=604800"})
