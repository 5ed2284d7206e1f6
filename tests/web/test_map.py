"""/map: a world choropleth of an indicator or of policy counts, checked against the store it reads."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient

from policyscope.analysis.choropleth import default_year
from policyscope.analysis.counts import event_counts
from policyscope.report.charts import NO_DATA_GREY, world_topology
from policyscope.store.database import Database

GERD = "GB.XPD.RSDV.GD.ZS"


def test_default_year_is_the_latest_with_half_the_best_coverage() -> None:
    # R&D spending as held: 2024 has 30 early reporters, 2023 108: the map opens on 2023, not on a grey world
    assert default_year({2019: 130, 2020: 115, 2021: 116, 2022: 108, 2023: 108, 2024: 30}) == 2023
    assert default_year({2000: 10, 2015: 100, 2024: 60}) == 2024
    assert default_year({}) is None


def test_the_atlas_joins_on_iso3_codes() -> None:
    geoms = world_topology()["objects"]["countries"]["geometries"]
    codes = {g["properties"]["iso3"] for g in geoms}
    assert {"CHN", "USA", "DEU", "BRA", "IND", "ZAF", "XKX"} <= codes
    assert "ATA" not in codes  # Antarctica is left out of the frame


def test_gerd_map_of_the_latest_year_matches_the_store(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    r = c.get("/api/v1/map", params={"indicator": GERD})
    assert r.status_code == 200, r.text
    body = r.json()
    res = body["result"]
    with Database(info["db"], read_only=True) as db:
        held = dict(db.con.execute("SELECT jurisdiction, value FROM main.observations WHERE indicator = ? AND year = ?",
                                   [GERD, res["year"]]).fetchall())
        latest = db.scalar("SELECT max(year) FROM main.observations WHERE indicator = ?", [GERD])
    assert res["year"] >= latest - 2 and res["unit"] == "% of GDP"
    assert len(res["rows"]) >= 60
    for row in res["rows"]:
        assert abs(held[row["jurisdiction"]] - row["value"]) < 1e-9
    assert "EUU" not in {x["jurisdiction"] for x in res["rows"]}  # aggregates are not countries on a map
    assert res["coverage"]["with_data"] + len(res["coverage"]["missing"]) == res["coverage"]["total"]
    spec = json.dumps(body["spec"])
    assert '"url": "/static-vendor/world-110m.json"' in spec and NO_DATA_GREY in spec  # countries without data: grey
    # a year asked for is shown; the permalink reproduces it
    r2 = c.get("/api/v1/map", params={"indicator": GERD, "year": 2015}).json()
    assert r2["result"]["year"] == 2015 and r2["permalink"] == "/map?kind=indicator&year=2015"


def test_ai_strategy_counts_equal_the_counts_analysis(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    body = c.get("/api/v1/map", params={"kind": "events", "domains": "ai", "types": "strategy"}).json()
    res = body["result"]
    with Database(info["db"], read_only=True) as db:
        counts = event_counts(db, by=("jurisdiction",), date_to=f"{res['year']}-12-31", domains=["ai"],
                              types=["strategy"])
    expected = {r.jurisdiction: r.n for r in counts.rows}
    shown = {r["jurisdiction"]: r["value"] for r in res["rows"]} | {r["jurisdiction"]: r["value"]
                                                                   for r in res["not_on_map"]}
    assert shown == expected and len(shown) >= 20
    assert "EU" in {r["jurisdiction"] for r in res["not_on_map"]}  # the EU is named, not coloured
    assert body["title"] == f"Number of policies: Artificial intelligence, Strategy (up to {res['year']})"


def test_map_page_in_both_languages_and_csv(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    zh = c.get("/map", params={"lang": "zh", "kind": "events", "domains": "general_sti", "level": "all"})
    assert zh.status_code == 200
    assert "综合科技创新政策数量" in zh.text and "中国各省级行政区" in zh.text and "上海市" in zh.text
    assert 'rel="alternate" type="application/json" href="/api/v1/map?kind=events' in zh.text
    en = c.get("/map", params={"lang": "en"})
    assert "Research and development expenditure" in en.text and "without (grey)" in en.text
    rows = list(csv.DictReader(io.StringIO(c.get("/api/v1/map", params={"format": "csv"}).text)))
    assert rows and set(rows[0]) == {"jurisdiction", "name", "year", "value", "unit"}
    atlas = c.get("/static-vendor/world-110m.json")
    assert atlas.status_code == 200 and "max-age" in atlas.headers["cache-control"]


def test_bad_map_input_is_a_clear_400(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    for params, words in (({"year": "abc"}, "year"), ({"kind": "events", "domains": "nano"}, "nano"),
                          ({"indicator": "NOPE"}, "unknown indicator"), ({"year": "1950"}, "1950")):
        r = c.get("/api/v1/map", params=params)
        assert r.status_code in (400, 422) and words in r.text, (params, r.text)


def test_static_files_are_compressed_and_cached(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    r = c.get("/static-vendor/vega-bundle.js", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip" and "max-age" in r.headers["cache-control"]
    assert int(r.headers.get("content-length", "0")) < len(r.content) / 2  # sent compressed, read inflated
    home = c.get("/", params={"lang": "en"}).text
    assert "vega-bundle.js" not in home  # app.js fetches the bundle only where a chart is
    assert 'data-vl-spec' in home and "Policies per country" in home
