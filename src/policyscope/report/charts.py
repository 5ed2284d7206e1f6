"""Chart specifications (Altair / Vega-Lite) for every analysis, and their offline rendering.

The builders are pure functions: they take a small table (a DataFrame or a list of records) and a
:class:`ChartMeta` (title, units, source line, language) and return a Vega-Lite spec as a dict. The same
dicts go into the web pages (vega-embed) and, through vl-convert, into the SVG and PNG figures of the
printed reports — one chart spec for screen and print. Geometry that Vega-Lite cannot do by itself (radar
polygons, network layout) is computed here; no figure is computed here — the values come from analysis.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

import altair as alt
import pandas as pd
from pydantic import BaseModel

FONT = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
WIDTH = 520
HEIGHT = 280
# Kelly's colours of maximum contrast (less white, black and the weakest yellows), reordered so that the first six
# (lines of six countries) are far apart: every category of a chart, and every domain, keeps a colour of its own.
PALETTE = ["#0067a5", "#be0032", "#008856", "#f38400", "#875692", "#a1caf1", "#882d17", "#e68fac", "#848482",
           "#c2b280", "#604e97", "#1b9e9e", "#b3446c", "#8db600", "#654522", "#e25822", "#2b3d26", "#f99379"]

VEGA_LITE_SCHEMA = alt.SCHEMA_URL
RADAR_FONT_PX, RADAR_LABEL_PX = 12, 120  # axis names wrapped to lines this wide: still legible when a phone
# shrinks the chart to two thirds (9 px names on one line became 6 px and ran into the next axis)
NO_DATA = {"zh": "暂无数据", "en": "No data"}
SOURCE_PREFIX = {"zh": "来源：", "en": "Source: "}
UNIT_PREFIX = {"zh": "单位：", "en": "Unit: "}

Records: TypeAlias = pd.DataFrame | Sequence[dict[str, Any]]


class ChartMeta(BaseModel):
    """What every chart carries besides its data: title, units and the source line, in one language."""

    title: str
    units: str = ""
    source: str = ""
    lang: str = "zh"
    width: int = WIDTH
    height: int = HEIGHT

    def source_line(self) -> str:
        return f"{SOURCE_PREFIX[self.lang]}{self.source}" if self.source else ""

    def units_line(self) -> str:
        return f"{UNIT_PREFIX[self.lang]}{self.units}" if self.units else ""


def _frame(data: Records) -> pd.DataFrame:
    return data.copy() if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT, background="white").configure_view(stroke=None).configure_axis(
        labelFont=FONT, titleFont=FONT, labelFontSize=10, titleFontSize=11, gridColor="#e6e6e6"
    ).configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=10, titleFontSize=10, labelLimit=320,
                       titleLimit=320).configure_title(
        font=FONT, fontSize=14, anchor="start", subtitleFont=FONT, subtitleFontSize=10, subtitleColor="#555"
    )


@lru_cache(maxsize=1)
def _config_dict() -> str:
    """The house style as Vega-Lite's ``config`` (JSON), made once: Altair's configure_* chain costs ≈ 0.1 s
    a chart, which a profile page with four charts paid on every first view."""
    return json.dumps(_config(alt.Chart(pd.DataFrame({"x": [0]})).mark_point()).to_dict(validate=False)["config"])


def _finish(chart: alt.Chart | alt.LayerChart | alt.FacetChart | dict[str, Any], meta: ChartMeta) -> dict[str, Any]:
    """Title (with units as subtitle) on top, the source line underneath — as the seeds print them. The frame is
    written as Vega-Lite directly (Altair's objects cost ≈ 0.05 s a chart); ``chart`` is an Altair chart or a
    Vega-Lite view already written as a dict."""
    whole = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    body = {k: v for k, v in whole.items() if k not in ("$schema", "config", "datasets")}
    datasets = whole.get("datasets", {})
    parts: list[dict[str, Any]] = [body]
    src = meta.source_line()
    if src:
        lines = wrap(src, meta.width)
        parts.append({"data": {"values": [{"t": "\n".join(lines)}]},
                      "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 10, "color": "#444",
                               "font": FONT, "lineBreak": "\n", "lineHeight": 13},
                      "encoding": {"text": {"field": "t", "type": "nominal"}, "x": {"value": 0}, "y": {"value": 2}},
                      "width": meta.width, "height": 13 * len(lines) + 2})
    spec: dict[str, Any] = {"$schema": VEGA_LITE_SCHEMA, "vconcat": parts, "spacing": 6,
                            "title": {"text": meta.title, "subtitle": [meta.units_line()] if meta.units else []},
                            "config": json.loads(_config_dict())}
    if datasets:
        spec["datasets"] = datasets
    return spec


def wrap(text: str, width_px: int, font_px: float = 10.0) -> list[str]:
    """Split a source line into lines that fit the chart width (CJK glyphs ≈ 1 em, Latin ≈ 0.55 em), so a long
    source never widens — and so shrinks — the figure."""
    lines: list[str] = []
    cur, w = "", 0.0
    for token in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        tw = sum(font_px if ord(ch) >= 0x2E80 else font_px * 0.55 for ch in token)
        if cur and w + tw > width_px:
            lines.append(cur.rstrip())
            cur, w = token.lstrip(), tw
        else:
            cur, w = cur + token, w + tw
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [text]


def no_data(meta: ChartMeta) -> dict[str, Any]:
    """A chart that says there is nothing to show, rather than an empty frame."""
    msg = alt.Chart(pd.DataFrame({"t": [NO_DATA[meta.lang]]})).mark_text(fontSize=16, color="#888").encode(
        text="t:N").properties(width=meta.width, height=80)
    return _finish(msg, meta)


def bar(data: Records, category: str, value: str, meta: ChartMeta, *, horizontal: bool = True,
        category_title: str = "", value_title: str = "", color: str | None = None,
        value_format: str = ",.1f", ranked: bool = True) -> dict[str, Any]:
    """Ranked bars (e.g. share of world R&D by jurisdiction); values printed at the bar ends.
    ``ranked=False`` keeps the categories in their order (e.g. years)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    cat = alt.X if not horizontal else alt.Y
    val = alt.Y if not horizontal else alt.X
    sort: Any = ("-x" if horizontal else "-y") if ranked else None
    enc_cat = cat(f"{category}:N", sort=sort, title=category_title or None,
                  axis=alt.Axis(labelAngle=0) if not horizontal else alt.Axis())
    enc_val = val(f"{value}:Q", title=value_title or None)
    h = meta.height if not horizontal else max(120, 18 * len(df))
    base = alt.Chart(df).properties(width=meta.width, height=h)
    bars = base.mark_bar(color=PALETTE[0]).encode(enc_cat, enc_val, tooltip=[category, value])
    if color:
        bars = bars.encode(color=alt.Color(f"{color}:N", scale=alt.Scale(range=PALETTE)))
    text = base.mark_text(align="left" if horizontal else "center", dx=3 if horizontal else 0,
                          dy=0 if horizontal else -6, fontSize=9, font=FONT).encode(
        enc_cat, enc_val, text=alt.Text(f"{value}:Q", format=value_format))
    return _finish(alt.layer(bars, text), meta)


def _colour_range(colors: Mapping[str, str] | None) -> dict[str, Any]:
    """Fixed colours per category when given (a domain keeps its colour in every chart and both languages),
    else the palette in order of appearance."""
    return {"domain": list(colors), "range": list(colors.values())} if colors else {"range": PALETTE}


def _colour_scale(colors: Mapping[str, str] | None) -> alt.Scale:
    return alt.Scale(**_colour_range(colors))


def stacked_bar(data: Records, x: str, y: str, color: str, meta: ChartMeta, *, x_title: str = "",
                y_title: str = "", color_title: str = "", normalize: bool = False,
                horizontal: bool = False, grouped: bool = False,
                colors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Stacked bars, e.g. strategies by year stacked by domain (000 图2); ``grouped`` puts the series
    side by side instead (e.g. R&D growth beside GDP growth); ``colors`` fixes a colour per category."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    if grouped:  # side by side: horizontal, so that CJK category labels read level (never sideways)
        return grouped_hbar(df, x, y, color, meta, value_title=y_title, color_title=color_title, colors=colors)
    stack = "normalize" if normalize else "zero"
    xe: dict[str, Any] = {"field": x, "type": "ordinal", "title": x_title or None, "axis": {"labelAngle": 0}}
    ye: dict[str, Any] = {"field": y, "type": "quantitative", "title": y_title or None, "stack": stack}
    if horizontal:
        xe = {"field": y, "type": "quantitative", "title": y_title or None, "stack": stack}
        ye = {"field": x, "type": "nominal", "title": x_title or None, "sort": "-x"}
    chart = {"data": {"values": _values(df)}, "mark": {"type": "bar"},
             "encoding": {"x": xe, "y": ye, "color": {"field": color, "type": "nominal", "title": color_title or None,
                                                      "scale": _colour_range(colors)},
                          "tooltip": [_field(df, c) for c in (x, color, y)]},
             "width": meta.width, "height": meta.height if not horizontal else max(120, 18 * df[x].nunique())}
    return _finish(chart, meta)  # written as Vega-Lite directly: Altair's objects cost ≈ 0.1 s of a page


def _values(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as Vega-Lite inline values (missing → null, numpy numbers → Python ones)."""
    return json.loads(df.to_json(orient="records", force_ascii=False, date_format="iso"))


def _field(df: pd.DataFrame, name: str) -> dict[str, str]:
    """A field with the type Altair would infer from its column (numbers are quantitative)."""
    return {"field": name, "type": "quantitative" if pd.api.types.is_numeric_dtype(df[name]) else "nominal"}


def grouped_hbar(data: Records, category: str, value: str, series: str, meta: ChartMeta, *, value_title: str = "",
                 color_title: str = "", colors: Mapping[str, str] | None = None,
                 value_format: str = ",.1f") -> dict[str, Any]:
    """Series side by side per category, bars horizontal (e.g. R&D growth beside GDP growth per country):
    category names stay level and readable in Chinese; values printed at the bar ends; legend on top."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    n_series = max(1, df[series].nunique())
    ye = alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=160))
    xe = alt.X(f"{value}:Q", title=value_title or None)
    base = alt.Chart(df).encode(ye, xe, yOffset=alt.YOffset(f"{series}:N"))
    bars = base.mark_bar().encode(
        color=alt.Color(f"{series}:N", title=color_title or None, scale=_colour_scale(colors),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[category, series, value])
    text = base.mark_text(align="left", dx=3, fontSize=8, font=FONT, color="#333").transform_filter(
        f"isValid(datum['{value}'])").encode(text=alt.Text(f"{value}:Q", format=value_format))
    h = max(120, 11 * n_series * df[category].nunique())
    return _finish(alt.layer(bars, text).properties(width=meta.width - 80, height=h), meta)


def line(data: Records, x: str, y: str, meta: ChartMeta, *, color: str | None = None, x_title: str = "",
         y_title: str = "", color_title: str = "") -> dict[str, Any]:
    """Time series, one line per jurisdiction (000 图5)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title or None, axis=alt.Axis(format="d", tickMinStep=1),
                   scale=alt.Scale(zero=False)),
        "y": alt.Y(f"{y}:Q", title=y_title or None),
        "tooltip": [c for c in (x, y, color) if c],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or None, scale=alt.Scale(range=PALETTE))
    chart = alt.Chart(df).mark_line(point=True, strokeWidth=1.8).encode(**enc).properties(
        width=meta.width, height=meta.height)
    return _finish(chart, meta)


def _category_axis(many: bool, lang: str) -> alt.Axis:
    """Labels of a crowded category axis: Chinese stacked upright one character per line (never lying on
    their side), Latin at a slant; a few labels stay level."""
    if not many:
        return alt.Axis(labelAngle=0)
    if lang == "zh":
        return alt.Axis(labelAngle=0, labelExpr="split(datum.label, '')", labelLineHeight=11, labelBaseline="top")
    return alt.Axis(labelAngle=-40)


def heatmap(data: Records, x: str, y: str, value: str, meta: ChartMeta, *, x_title: str = "",
            y_title: str = "", value_title: str = "") -> dict[str, Any]:
    """Jurisdiction × year matrix with counts in the cells (000 图1)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    n_rows = df[y].nunique()
    many = df[x].nunique() > 12  # (years or short names read horizontally; long lists of names at an angle)
    base = alt.Chart(df).encode(alt.X(f"{x}:O", title=x_title or None, axis=_category_axis(many, meta.lang)),
                                alt.Y(f"{y}:N", title=y_title or None, sort=None))
    vmax = float(pd.to_numeric(df[value], errors="coerce").max() or 0)
    # symlog colours: one dominant jurisdiction (e.g. the US in AGORA) must not wash out all the others
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{value}:Q", title=value_title or meta.units or None,
                        scale=alt.Scale(scheme="blues", type="symlog", domain=[0, max(vmax, 1.0)]),
                        legend=alt.Legend(orient="right", gradientLength=max(80, min(220, 16 * n_rows)),
                                          format=",d", tickCount=5)),
        tooltip=[x, y, value])
    v = f"datum['{value}']"
    text = base.transform_calculate(
        _tc=f"{v} > {max(vmax, 1.0) ** 0.75:.3f} ? 'white' : ({v} > 0 ? '#111' : '#bbb')"
    ).mark_text(fontSize=9, font=FONT).encode(text=alt.Text(f"{value}:Q", format="d"),
                                              color=alt.Color("_tc:N", legend=None, scale=alt.Scale(
                                                  domain=["white", "#111", "#bbb"], range=["white", "#111", "#bbb"])))
    return _finish(alt.layer(rect, text).properties(width=meta.width, height=max(100, 16 * n_rows)), meta)


def donut(data: Records, category: str, value: str, meta: ChartMeta, *, label: str | None = None,
          category_title: str = "", colors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Shares of a whole (000 图3); ``label`` may hold pre-formatted percentages from the analysis."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    size = min(meta.width, meta.height)
    base = alt.Chart(df).encode(
        theta=alt.Theta(f"{value}:Q", stack=True),
        color=alt.Color(f"{category}:N", title=category_title or None, scale=_colour_scale(colors),
                        sort=alt.SortField(value, order="descending")),
        order=alt.Order(f"{value}:Q", sort="descending"),
        tooltip=[category, value],
    )
    arc = base.mark_arc(innerRadius=size * 0.22, outerRadius=size * 0.42, stroke="white")
    layers: list[Any] = [arc]
    if label:
        layers.append(base.mark_text(radius=size * 0.48, fontSize=9, font=FONT).encode(text=f"{label}:N"))
    return _finish(alt.layer(*layers).properties(width=meta.width, height=meta.height), meta)


def bubble(data: Records, x: str, y: str, size: str, label: str, meta: ChartMeta, *, x_title: str = "",
           y_title: str = "", size_title: str = "", color: str | None = None) -> dict[str, Any]:
    """Two indicators against each other, bubble area a third (e.g. R&D intensity × GDP × GERD)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    base = alt.Chart(df).encode(alt.X(f"{x}:Q", title=x_title or None, scale=alt.Scale(zero=False)),
                                alt.Y(f"{y}:Q", title=y_title or None, scale=alt.Scale(zero=False)))
    enc: dict[str, Any] = {"size": alt.Size(f"{size}:Q", title=size_title or None,
                                            scale=alt.Scale(range=[30, 1800])),
                           "tooltip": [label, x, y, size]}
    if color:
        enc["color"] = alt.Color(f"{color}:N", scale=alt.Scale(range=PALETTE))
    pts = base.mark_circle(opacity=0.6, color=PALETTE[0], stroke="white").encode(**enc)
    txt = base.mark_text(fontSize=9, dy=-10, font=FONT).encode(text=f"{label}:N")
    return _finish(alt.layer(pts, txt).properties(width=meta.width, height=meta.height), meta)


RADAR_LABEL_ANCHOR = {"left": {"align": "left", "baseline": "middle"}, "right": {"align": "right", "baseline": "middle"},
                      "top": {"align": "center", "baseline": "bottom"}, "bottom": {"align": "center", "baseline": "top"}}


def _radar_side(angle: float) -> str:
    """Where an axis name sits against the rim: beside a spoke that points sideways, above or below one that
    points up or down."""
    if abs(math.cos(angle)) >= 0.2:
        return "left" if math.cos(angle) > 0 else "right"
    return "top" if math.sin(angle) > 0 else "bottom"


def radar(data: Records, axis: str, value: str, series: str, meta: ChartMeta) -> dict[str, Any]:
    """Normalised profiles (0–1 or 0–100) of several jurisdictions on several indicators (003 图1)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    axes = list(dict.fromkeys(df[axis].tolist()))
    n = len(axes)
    vmax = float(df[value].max()) if float(df[value].max()) > 1.0 else 1.0
    ang = {a: math.pi / 2 - 2 * math.pi * i / n for i, a in enumerate(axes)}
    rows = []
    for (s, grp) in df.groupby(series, sort=False):
        pts = grp.set_index(axis)[value].reindex(axes)
        for order, a in enumerate([*axes, axes[0]]):
            v = pts.get(a)
            r = 0.0 if v is None or pd.isna(v) else float(v) / vmax
            rows.append({"series": s, "order": order, "axis": a, "x": r * math.cos(ang[a]),
                         "y": r * math.sin(ang[a]), "v": None if v is None or pd.isna(v) else float(v)})
    grid = [{"ring": k, "order": i, "x": k / 4 * math.cos(ang[a]), "y": k / 4 * math.sin(ang[a])}
            for k in (1, 2, 3, 4) for i, a in enumerate([*axes, axes[0]])]
    spokes = [{"axis": a, "label": "\n".join(wrap(a, RADAR_LABEL_PX, RADAR_FONT_PX)), "x": 0.0, "y": 0.0,
               "x2": math.cos(ang[a]), "y2": math.sin(ang[a]), "lx": 1.06 * math.cos(ang[a]),
               "ly": 1.06 * math.sin(ang[a]),
               "side": _radar_side(ang[a])} for a in axes]
    size = min(meta.width, meta.height + 60)

    def q(field: str) -> dict[str, Any]:  # a position on the fixed square: no axis, the same domain everywhere
        return {"field": field, "type": "quantitative", "axis": None, "scale": {"domain": [-1.35, 1.35]}}

    layers = [
        {"data": {"values": grid}, "mark": {"type": "line", "color": "#ddd", "strokeWidth": 0.8},
         "encoding": {"x": q("x"), "y": q("y"), "detail": {"field": "ring", "type": "nominal"},
                      "order": {"field": "order", "type": "quantitative"}}},
        {"data": {"values": spokes}, "mark": {"type": "rule", "color": "#ccc"},
         "encoding": {"x": q("x"), "y": q("y"), "x2": {"field": "x2"}, "y2": {"field": "y2"}}},
        *[{"data": {"values": [p for p in spokes if p["side"] == side]},  # names read outward from the rim
           "mark": {"type": "text", "fontSize": RADAR_FONT_PX, "font": FONT, "lineBreak": "\n",
                    "lineHeight": RADAR_FONT_PX + 2, **RADAR_LABEL_ANCHOR[side]},
           "encoding": {"x": q("lx"), "y": q("ly"), "text": {"field": "label", "type": "nominal"}}}
          for side in RADAR_LABEL_ANCHOR if any(p["side"] == side for p in spokes)],
        {"data": {"values": rows}, "mark": {"type": "line", "strokeWidth": 2, "point": True},
         "encoding": {"x": q("x"), "y": q("y"), "order": {"field": "order", "type": "quantitative"},
                      "color": {"field": "series", "type": "nominal", "title": None, "scale": {"range": PALETTE}},
                      "tooltip": [{"field": "series", "type": "nominal"}, {"field": "axis", "type": "nominal"},
                                  {"field": "v", "type": "quantitative"}]}},
    ]
    # written as Vega-Lite directly: four Altair layers cost ≈ 0.15 s, the compare page's first view
    return _finish({"layer": layers, "width": size, "height": size}, meta)


def network(nodes: Records, edges: Records, meta: ChartMeta, *, node: str = "jurisdiction", size: str = "strength",
            a: str = "a", b: str = "b", weight: str = "value", label: str | None = None,
            seed: int = 7, layout: str = "circle") -> dict[str, Any]:
    """Collaboration network: node area by strength, edge width by weight; layout by networkx."""
    import networkx as nx

    nd, ed = _frame(nodes), _frame(edges)
    if nd.empty:
        return no_data(meta)
    g = nx.Graph()
    g.add_nodes_from(nd[node].tolist())
    for r in ed.itertuples(index=False):
        ra, rb, w = getattr(r, a), getattr(r, b), float(getattr(r, weight))
        if ra in g and rb in g:
            g.add_edge(ra, rb, weight=w)
    wmax = max([d["weight"] for *_, d in g.edges(data=True)] or [1.0])
    for _, _, d in g.edges(data=True):
        d["w"] = d["weight"] / wmax
    if layout == "spring" and g.number_of_nodes() > 2:
        pos = nx.spring_layout(g, weight="w", seed=seed, k=1.2 / math.sqrt(max(1, g.number_of_nodes())))
    else:  # nodes on a circle in the order given (strongest first): readable with dense graphs
        order = list(nd[node])
        pos = {n: (math.cos(math.pi / 2 - 2 * math.pi * i / len(order)),
                   math.sin(math.pi / 2 - 2 * math.pi * i / len(order))) for i, n in enumerate(order)}
    nd = nd.assign(x=[float(pos[n][0]) for n in nd[node]], y=[float(pos[n][1]) for n in nd[node]])
    nd["label"] = nd[label] if label else nd[node]
    erows = [{"a": u, "b": v, "value": d["weight"], "x": float(pos[u][0]), "y": float(pos[u][1]),
              "x2": float(pos[v][0]), "y2": float(pos[v][1])} for u, v, d in g.edges(data=True)]
    ex: dict[str, Any] = {"axis": None, "scale": alt.Scale(domain=[-1.25, 1.25])}
    layers: list[Any] = []
    if erows:
        layers.append(alt.Chart(pd.DataFrame(erows)).mark_rule(color="#8aa4c8", opacity=0.6).encode(
            alt.X("x:Q", **ex), alt.Y("y:Q", **ex), x2="x2", y2="y2",
            strokeWidth=alt.StrokeWidth("value:Q", legend=None, scale=alt.Scale(range=[0.5, 6])),
            tooltip=["a", "b", "value"]))
    layers.append(alt.Chart(nd).mark_circle(color=PALETTE[1], opacity=0.85, stroke="white").encode(
        alt.X("x:Q", **ex), alt.Y("y:Q", **ex),
        size=alt.Size(f"{size}:Q", legend=None, scale=alt.Scale(range=[60, 1400])), tooltip=[node, size]))
    nd["lx"], nd["ly"] = nd["x"] * 1.13, nd["y"] * 1.13
    layers.append(alt.Chart(nd).mark_text(fontSize=10, font=FONT, fontWeight="bold").encode(
        alt.X("lx:Q", **ex), alt.Y("ly:Q", **ex), text="label:N"))
    side = min(meta.width, 460)
    return _finish(alt.layer(*layers).properties(width=side, height=side), meta)


def slope(data: Records, label: str, rank_from: str, rank_to: str, year_from: int, year_to: int,
          meta: ChartMeta) -> dict[str, Any]:
    """Ranked slope chart: each jurisdiction's rank in one year joined to its rank in another (004 图5)."""
    df = _frame(data)
    if df.empty:
        return no_data(meta)
    rows = []
    for r in df.itertuples(index=False):
        for yr, col in ((year_from, rank_from), (year_to, rank_to)):
            v = getattr(r, col)
            if v is not None and not pd.isna(v):
                rows.append({"label": getattr(r, label), "year": str(yr), "rank": int(v)})
    long = pd.DataFrame(rows)
    if long.empty:
        return no_data(meta)
    n = int(long["rank"].max())
    ye = alt.Y("rank:Q", scale=alt.Scale(reverse=True, domain=[0.5, n + 0.5]), axis=None)
    xe = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top"),
               scale=alt.Scale(paddingOuter=0.6))
    base = alt.Chart(long).encode(xe, ye)
    ln = base.mark_line(point=True).encode(color=alt.Color("label:N", legend=None,
                                                           scale=alt.Scale(range=PALETTE)), detail="label:N")
    left = base.transform_filter(alt.datum.year == str(year_from)).mark_text(align="right", dx=-8, fontSize=9,
                                                                              font=FONT).encode(
        text=alt.Text("txt:N")).transform_calculate(txt="datum.rank + '  ' + datum.label")
    right = base.transform_filter(alt.datum.year == str(year_to)).mark_text(align="left", dx=8, fontSize=9,
                                                                             font=FONT).encode(
        text=alt.Text("txt:N")).transform_calculate(txt="datum.rank + '  ' + datum.label")
    return _finish(alt.layer(ln, left, right).properties(width=min(meta.width, 360), height=max(160, 20 * n)),
                   meta)


# -- maps ------------------------------------------------------------------------------------------------
WORLD_TOPOJSON = Path(__file__).resolve().parent / "maps" / "world-110m.json"
NO_DATA_GREY = "#d9d9d9"


@lru_cache(maxsize=1)
def world_topology() -> dict[str, Any]:
    """The bundled world TopoJSON (ISO3 in ``properties.iso3``); inlined in specs rendered offline."""
    import json

    return dict(json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8")))


def choropleth(data: Records, meta: ChartMeta, *, key: str = "jurisdiction", value: str = "value",
               name: str = "name", topo_url: str | None = None, value_format: str = ",.2f",
               legend_title: str = "") -> dict[str, Any]:
    """World map coloured by ``value`` per ISO3 ``key``; countries without a value in grey (never white, so
    that "no data" does not read as "zero"). ``topo_url`` lets a web page fetch the cached atlas once;
    without it the atlas is inlined so that vl-convert renders the map offline."""
    df = _frame(data)
    fmt = alt.DataFormat(type="topojson", feature="countries")
    src = alt.UrlData(url=topo_url, format=fmt) if topo_url else alt.InlineData(values=world_topology(), format=fmt)
    width, height = meta.width, int(meta.width * 0.52)
    base = alt.Chart(src).mark_geoshape(fill=NO_DATA_GREY, stroke="white", strokeWidth=0.4).project(
        "equalEarth").properties(width=width, height=height)
    if df.empty:
        return _finish(base, meta)
    rows = df[[key, value, name]].rename(columns={key: "iso3", value: "v", name: "n"}).to_dict("records")
    coloured = alt.Chart(src).mark_geoshape(stroke="white", strokeWidth=0.4).transform_lookup(
        lookup="properties.iso3", from_=alt.LookupData(alt.InlineData(values=rows), key="iso3", fields=["v", "n"])
    ).transform_filter("isValid(datum.v)").encode(
        color=alt.Color("v:Q", scale=alt.Scale(scheme="blues"), title=legend_title or meta.units or None,
                        legend=alt.Legend(format=value_format, gradientLength=140)),
        tooltip=[alt.Tooltip("n:N", title=" "), alt.Tooltip("v:Q", title=meta.units or " ", format=value_format)],
    ).project("equalEarth").properties(width=width, height=height)
    return _finish(alt.layer(base, coloured), meta)


# -- rendering -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    import vl_convert as vlc

    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)
    return True


def to_svg(spec: dict[str, Any]) -> str:
    """Vega-Lite → SVG, offline, with the CJK font available."""
    import vl_convert as vlc

    _fonts_registered()
    return vlc.vegalite_to_svg(spec)


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """Vega-Lite → PNG (for Word, Markdown), at ``scale`` × the CSS pixel size."""
    import vl_convert as vlc

    _fonts_registered()
    return vlc.vegalite_to_png(spec, scale=scale)


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """What decides a figure's pixels besides its spec: the vl-convert release (Vega, Vega-Lite, resvg inside)
    and the font files it is given. A cached figure is reused only under the same fingerprint, so an upgrade
    or a new font renders every figure afresh."""
    from importlib.metadata import version

    parts = [version("vl-convert-python")]
    for d in FONT_DIRS:
        root = Path(d)
        if root.is_dir():
            parts += sorted(f"{p.relative_to(root)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                            for p in root.rglob("*") if p.is_file())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def spec_key(spec: dict[str, Any]) -> str:
    """A figure's cache key: its spec (canonical JSON: key order does not matter) under this renderer."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{renderer_fingerprint()}\n{text}".encode()).hexdigest()


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """An SVG already rendered by :func:`to_svg` → PNG (half the time of rendering the spec again)."""
    import vl_convert as vlc

    _fonts_registered()
    return vlc.svg_to_png(svg, scale=scale)
