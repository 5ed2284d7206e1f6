"""The world map's service: request parameters → the ``map`` analysis (:mod:`policyscope.analysis.choropleth`,
validated by its own ``MapParams`` like ``policyscope analyze map``) → names in the reader's language and the
Vega-Lite spec of :func:`policyscope.report.charts.choropleth` (the atlas fetched by URL, cached by the browser)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi.responses import Response

from policyscope.analysis import registry
from policyscope.analysis.choropleth import MapParams, country_map
from policyscope.store.database import Database
from policyscope.web import i18n
from policyscope.web.services.figures import ATLAS_URL
from policyscope.web.services.precomputed import per_snapshot

PARAMS = tuple(MapParams.model_fields)


def map_params(db: Database, raw: Mapping[str, str]) -> MapParams:
    """The request's query → the map analysis's own Params (one contract with ``analyze map`` and the API).
    The page shows China's provinces under a policy-count map unless asked not to."""
    given = {k: v for k, v in raw.items() if k in PARAMS and v != ""}
    params = registry.get("map").validate(given, db=db)  # InputError (400) naming the parameter
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


def map_view(db: Database, q: MapParams, lang: str, width: int = 760) -> dict[str, Any]:
    """The map's result with names and title in ``lang`` and its Vega-Lite spec (atlas by URL)."""
    from policyscope.report import charts

    res = country_map(db, **q.arguments())  # a year without data is an InputError (400)
    label = res.label_zh if lang == "zh" else res.label_en
    when = (f"截至{res.year}年" if lang == "zh" else f"up to {res.year}") if res.kind == "events" and res.cumulative \
        else (f"{res.year}年" if lang == "zh" else str(res.year))
    title = f"{label}（{when}）" if lang == "zh" else f"{label} ({when})"
    unit = i18n.t("events", lang) if res.kind == "events" else (res.unit or "")
    rows = [r.model_dump() | {"name": r.name_zh if lang == "zh" else r.name_en} for r in res.rows]
    source = "; ".join(res.sources[:2])
    if res.kind == "events":  # the analysis names its filter in English; the reader gets it in words
        level = i18n.word("level", q.level, lang)
        source = f"policyscope 政策事件库（{level}）" if lang == "zh" else f"policyscope event base ({level.lower()})"
    meta = charts.ChartMeta(title=title, units=unit, source=source, lang=lang, width=width)
    spec = charts.choropleth(rows, meta, topo_url=ATLAS_URL, value_format=",.0f" if res.kind == "events" else ",.2f")
    subs = [r.model_dump() | {"name": r.name_zh if lang == "zh" else r.name_en} for r in res.subdivisions]
    return {"result": res.model_dump(mode="json"), "title": title, "source": source, "unit": unit, "rows": rows,
            "spec": spec, "subdivisions": subs, "query": q.model_dump(), "permalink": "/map?" + permalink(q),
            "missing_names": [i18n.jname(c, lang) for c in res.coverage.missing] if res.coverage else []}


def map_csv(view: dict[str, Any]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["jurisdiction", "name", "year", "value", "unit"])
    for r in view["rows"] + view["subdivisions"]:
        w.writerow([r["jurisdiction"], r["name"], view["result"]["year"], r["value"], view["unit"]])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policyscope-map.csv"'})


@per_snapshot
def home_map(db: Database, lang: str) -> dict[str, Any]:
    """The home page's map: national policy events per country, up to the latest year (computed once per
    snapshot and language)."""
    spec: dict[str, Any] = map_view(db, MapParams(kind="events"), lang, width=560)["spec"]
    return spec
