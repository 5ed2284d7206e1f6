"""``/map``: the world map page, its JSON/CSV twin ``/api/v1/map`` and the bundled atlas (routes only; the
figures come from :mod:`policyscope.web.services.maps`)."""

from __future__ import annotations

import functools
import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyscope.model import DOMAINS, EVENT_TYPES
from policyscope.web.deps import lang_of, web
from policyscope.web.rendering import render
from policyscope.web.services import reads
from policyscope.web.services.maps import ATLAS_URL, map_csv, map_params, map_view, permalink
from policyscope.web.services.precomputed import cached_call

router = APIRouter()
LEVELS = ("national", "all", "subnational")


@router.get("/api/v1/map", summary="JSON twin of /map: one value per country, coverage, sources and the spec; "
            "parameters as `policyscope analyze map` (kind, indicator, year, domains, types, level, cumulative)")
def map_json(request: Request, format: Literal["json", "csv"] = "json") -> Any:
    with web(request).db() as db:
        view = map_view(db, map_params(db, request.query_params), lang_of(request))
    return map_csv(view) if format == "csv" else view


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request) -> HTMLResponse:
    with web(request).db() as db:
        q = map_params(db, request.query_params)
        view = cached_call(db, map_view, q, lang_of(request))
        inds = [i for i in cached_call(db, reads.indicators, None) if not str(i["code"]).startswith("FX.")]
    return render(request, "map.html.j2", json_url="/api/v1/map?" + permalink(q), view=view, q=q,
                  spec=json.dumps(view["spec"], ensure_ascii=False), indicators=inds, domains=DOMAINS,
                  types=EVENT_TYPES, levels=LEVELS)


@functools.cache
def _atlas() -> bytes:
    from policyscope.report.charts import WORLD_TOPOJSON

    return WORLD_TOPOJSON.read_bytes()


@router.get(ATLAS_URL, include_in_schema=False)
def atlas() -> Response:
    return Response(_atlas(), media_type="application/json", headers={"Cache-Control": "public, max-age=604800"})
