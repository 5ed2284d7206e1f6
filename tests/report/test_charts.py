"""Chart specs: every builder gives a Vega-Lite spec with title, units and source line that vl-convert
renders offline with Chinese glyphs; an empty table gives a chart that says there is no data."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from policyscope.report import charts as C

META = C.ChartMeta(title="2019年研发投入占全球比重", units="%", source="世界银行 WDI", lang="zh")
DF = pd.DataFrame({"name": ["美国", "中国", "日本"], "v": [27.5, 22.1, 8.3]})

BUILDERS = {
    "bar": lambda m: C.bar(DF, "name", "v", m),
    "stacked": lambda m: C.stacked_bar(pd.DataFrame({"y": [2019, 2020], "d": ["人工智能", "量子"], "n": [3, 2]}),
                                       "y", "n", "d", m),
    "grouped": lambda m: C.stacked_bar(pd.DataFrame({"y": ["美国", "美国"], "d": ["研发", "GDP"], "n": [3.0, 2.0]}),
                                       "y", "n", "d", m, grouped=True),
    "line": lambda m: C.line(pd.DataFrame({"y": [2010, 2011], "v": [1.0, 2.0], "j": ["美国", "美国"]}), "y", "v", m,
                             color="j"),
    "heatmap": lambda m: C.heatmap(pd.DataFrame({"y": [2019], "j": ["美国"], "n": [3]}), "y", "j", "n", m),
    "donut": lambda m: C.donut(DF, "name", "v", m),
    "bubble": lambda m: C.bubble(DF.assign(x=[1, 2, 3], y=[3, 2, 1]), "x", "y", "v", "name", m),
    "radar": lambda m: C.radar(pd.DataFrame({"a": ["研发", "专利", "人才"] * 2, "v": [90, 80, 70, 10, 60, 50],
                                             "s": ["美国"] * 3 + ["中国"] * 3}), "a", "v", "s", m),
    "network": lambda m: C.network(pd.DataFrame({"jurisdiction": ["USA", "CHN", "GBR"], "strength": [5, 4, 2]}),
                                   pd.DataFrame({"a": ["USA", "USA"], "b": ["CHN", "GBR"], "value": [3, 1]}), m),
    "slope": lambda m: C.slope(pd.DataFrame({"j": ["中国", "美国"], "r0": [2, 1], "r1": [1, 2]}), "j", "r0", "r1",
                               2010, 2020, m),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_spec_carries_title_units_source_and_renders_cjk(kind: str) -> None:
    spec = BUILDERS[kind](META)
    text = json.dumps(spec, ensure_ascii=False)
    assert spec["title"]["text"] == META.title
    assert spec["title"]["subtitle"] == ["单位：%"]
    assert "来源：世界银行 WDI" in text
    svg = C.to_svg(spec)
    assert "<svg" in svg and "来源" in svg and "研发投入" in svg
    png = C.to_png(spec, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def test_english_meta_uses_english_prefixes() -> None:
    m = C.ChartMeta(title="R&D share", units="%", source="World Bank", lang="en")
    text = json.dumps(C.bar(DF, "name", "v", m))
    assert "Source: World Bank" in text and "Unit: %" in text


@pytest.mark.parametrize("kind", ["bar", "line", "heatmap", "donut", "radar", "network", "slope"])
def test_empty_data_gives_a_no_data_chart(kind: str) -> None:
    empty = {
        "bar": lambda m: C.bar(DF.iloc[0:0], "name", "v", m),
        "line": lambda m: C.line(pd.DataFrame(columns=["y", "v"]), "y", "v", m),
        "heatmap": lambda m: C.heatmap(pd.DataFrame(columns=["y", "j", "n"]), "y", "j", "n", m),
        "donut": lambda m: C.donut(DF.iloc[0:0], "name", "v", m),
        "radar": lambda m: C.radar(pd.DataFrame(columns=["a", "v", "s"]), "a", "v", "s", m),
        "network": lambda m: C.network(pd.DataFrame(columns=["jurisdiction", "strength"]), [], m),
        "slope": lambda m: C.slope(pd.DataFrame(columns=["j", "r0", "r1"]), "j", "r0", "r1", 2010, 2020, m),
    }[kind]
    svg = C.to_svg(empty(META))
    assert "暂无数据" in svg


def test_network_positions_are_computed_and_every_edge_drawn() -> None:
    spec = BUILDERS["network"](META)
    datasets = spec["datasets"].values()
    edge_rows = next(d for d in datasets if d and "x2" in d[0])
    assert {(r["a"], r["b"]) for r in edge_rows} == {("USA", "CHN"), ("USA", "GBR")}
    assert all(-1.01 <= r["x"] <= 1.01 and -1.01 <= r["y"] <= 1.01 for r in edge_rows)


# -- issue 11 point 7: legends, colours, readable Chinese labels ---------------------------------------------

def _encodings(spec: dict) -> list[dict]:
    """Every encoding block of a (nested) spec."""
    out: list[dict] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if "encoding" in x:
                out.append(x["encoding"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(spec)
    return out


def test_heatmap_has_a_titled_colour_legend() -> None:
    spec = C.heatmap(pd.DataFrame({"y": [2019, 2020], "j": ["美国", "中国"], "n": [3, 5]}), "y", "j", "n",
                     C.ChartMeta(title="t", units="项", lang="zh"))
    colours = [e["color"] for e in _encodings(spec) if e.get("color", {}).get("type") == "quantitative"]
    assert colours and colours[0]["title"] == "项" and colours[0].get("legend") is not None
    assert "<title>" in C.to_svg(spec) or "项" in C.to_svg(spec)


def test_palette_colours_are_all_distinct_and_far_apart() -> None:
    def rgb(h: str) -> tuple[int, int, int]:
        return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)
    cols = [rgb(c) for c in C.PALETTE]
    assert len(set(C.PALETTE)) == len(C.PALETTE) >= 17  # one colour per technology domain
    nearest = min(sum((a - b) ** 2 for a, b in zip(p, q, strict=True)) ** 0.5
                  for i, p in enumerate(cols) for q in cols[i + 1:])
    assert nearest > 35, nearest  # the old palette had near twins (#1f4e79 / #2c4d75: 13.6)


def test_grouped_bars_lie_flat_with_level_chinese_labels() -> None:
    df = pd.DataFrame({"name": ["英国", "英国", "巴西", "巴西"], "s": ["研发投入", "GDP"] * 2, "v": [6.9, 1.6, 0.5, -0.02]})
    spec = C.stacked_bar(df, "name", "v", "s", META, grouped=True)
    enc = [e for e in _encodings(spec) if "yOffset" in e]
    assert enc and enc[0]["y"]["field"] == "name" and enc[0]["y"]["axis"]["labelAngle"] == 0


def test_crowded_chinese_axis_labels_stand_upright_and_no_negative_zero() -> None:
    names = ["美国", "中国", "德国", "英国", "法国", "日本", "韩国", "印度", "巴西", "意大利", "加拿大", "西班牙", "荷兰"]
    spec = C.heatmap(pd.DataFrame({"c": names, "d": ["人工智能"] * len(names), "n": range(len(names))}), "c", "d", "n",
                     C.ChartMeta(title="t", lang="zh"))
    x = next(e["x"] for e in _encodings(spec) if "x" in e and e["x"].get("field") == "c")
    assert x["axis"]["labelAngle"] == 0 and "split" in x["axis"]["labelExpr"]
    svg = C.to_svg(C.bar(pd.DataFrame({"n": ["巴西", "法国"], "v": [-0.02, -1.5]}), "n", "v", META))
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert "0.0" in labels and not [t for t in labels if re.fullmatch(r"[-−]0\.0+", t.strip())]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_spec_is_valid_vega_lite(kind: str) -> None:
    """The builders skip Altair's per-chart schema check (a fifth of a page's chart time): the check is here."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    spec = BUILDERS[kind](META)
    validate_jsonschema(spec, load_schema())  # raises jsonschema.ValidationError naming the bad property
    broken = json.loads(json.dumps(spec))
    broken["vconcat"][0]["mark"] = {"type": "no-such-mark"}
    with pytest.raises(Exception, match="no-such-mark"):
        validate_jsonschema(broken, load_schema())
