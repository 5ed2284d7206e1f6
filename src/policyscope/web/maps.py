"""``/map``: a world choropleth of an indicator or of policy-event counts, its JSON/CSV twin and the atlas.

The values come from the ``map`` analysis (:mod:`policyscope.analysis.choropleth`, validated by its own
``MapParams`` like ``policyscope analyze map``) and the chart from :func:`policyscope.report.charts.choropleth`,
as in the reports; this module reads the request, puts names in the reader's language and serves the bundled
TopoJSON once (cached by the browser) instead of inlining it in every page.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyscope.analysis import registry
from policyscope.analysis.choropleth import MapParams, country_map
from policyscope.errors import PolicyscopeError
from policyscope.model import DOMAINS, EVENT_TYPES
from policyscope.store.database import Database
from policyscope.web import i18n
from policyscope.web.app import lang_of, render, web
from policyscope.web.queries import BadQuery

router = APIRouter()
ATLAS_URL = "/static-vendor/world-110m.json"
LEVELS = ("national", "all", "subnational")
PARAMS = tuple(MapParams.model_fields)


def map_params(db: Database, raw: Mapping[str, str]) -> MapParams:
    """The request's query → the map analysis's own Params (one contract with ``analyze map`` and the API).
    The page shows China's provinces under a policy-count map unless asked not to."""
    given = {k: v for k, v in raw.items() if k in PARAMS and v != ""}
    try:
        params = registry.get("map").validate(given, db=db)
    except PolicyscopeError as exc:
        raise BadQuery(exc.message) from None
    assert isinstance(params, MapParams)
    if "provinces" in given:
        return params
    return params.model_copy(update={"provinces": params.kind == "events"})


def permalink(p: MapParams) -> str:
    """The kind and what differs from the defaults, so that a link names its view in a few words."""
    default = MapParams()
    vals: dict[str, Any] = {"kind": p.kind}
    vals |= {k: getattr(p, k) for k in PARAMS
             if k not in ("kind", "provinces") and getattr(p, k) != getattr(default, k)}
    return urlencode({k: (",".join(v) if isinstance(v, list) else str(v).lower() if isinstance(v, bool) else v)
                      for k, v in vals.items()})


def map_view(db: Database, q: MapParams, lang: str) -> dict[str, Any]:
    """The map's result with names and title in ``lang`` and its Vega-Lite spec (atlas by URL)."""
    from policyscope.report import charts

    try:
        res = country_map(db, **q.arguments())
    except PolicyscopeError as exc:  # a year without data
        raise BadQuery(exc.message) from None
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
    return {"result": res.model_dump(mode="json"), "title": title, "source": source, "unit": unit, "rows": rows,
            "spec": spec, "subdivisions": subs, "query": q.model_dump(), "permalink": "/map?" + permalink(q),
            "missing_names": [i18n.jname(c, lang) for c in res.coverage.missing] if res.coverage else []}


def _csv(view: dict[str, Any]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["jurisdiction", "name", "year", "value", "unit"])
    for r in view["rows"] + [r | {"name": r["name"]} for r in view["subdivisions"]]:
        w.writerow([r["jurisdiction"], r["name"], view["result"]["year"], r["value"], view["unit"]])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policyscope-map.csv"'})


def _csv(view: dict[str, Any]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["jurisdiction", "name", "year", "value", "unit"])
    for r in view["rows"] + view["subdivisions"]:
        w.writerow([r["jurisdiction"], r["name"], view["result"]["year"], r["value"], view["unit"]])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policyscope-map.csv"'})


@router.get("/api/v1/map", summary="JSON twin of /map: one value per country, coverage, sources and the spec; "
            "parameters as `policyscope analyze map` (kind, indicator, year, domains, types, level, cumulative)")
def map_json(request: Request, format: Literal["json", "csv"] = "json") -> Any:
    with web(request).db() as db:
        view = map_view(db, map_params(db, request.query_params), lang_of(request))
    return _csv(view) if format == "csv" else view


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request) -> HTMLResponse:
    from policyscope.web import queries

    with web(request).db() as db:
        q = map_params(db, request.query_params)
        view = map_view(db, q, lang_of(request))
        inds = [i for i in queries.indicators(db) if not str(i["code"]).startswith("FX.")]
    return render(request, "map.html.j2", json_url="/api/v1/map?" + permalink(q), view=view, q=q,
                  spec=json.dumps(view["spec"], ensure_ascii=False), indicators=inds, domains=DOMAINS,
                  types=EVENT_TYPES, levels=LEVELS)


@router.get(ATLAS_URL, include_in_schema=False)
def atlas() -> Response:
    from policyscope.report.charts import WORLD_TOPOJSON

    return Response(WORLD_TOPOJSON.read_bytes(), media_type="application/json",
                    headers={"Cache-Control": "public, max-age=604800"})
