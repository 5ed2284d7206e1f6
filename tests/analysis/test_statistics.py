"""Honest statistics (issue 11, point 4) on the bundled data: each test fails on one fault the flagship had —
shares of a sum over countries instead of the official world aggregate, growth across series breaks drawn as a
lead, current US$ turning the yen into an R&D cut, min-max radar/index scores that give the last of a few 0."""

from __future__ import annotations

import math

import pytest

from policyscope.analysis.base import observations
from policyscope.analysis.breaks import breaks, find_breaks
from policyscope.analysis.growth import growth
from policyscope.analysis.index import IndexSpec, composite_index, load_spec
from policyscope.analysis.radar import radar
from policyscope.analysis.rank import rank
from policyscope.analysis.share import share
from policyscope.store.database import Database

SIX = ["USA", "CHN", "JPN", "DEU", "KOR", "GBR"]


def test_share_of_the_world_aggregate_states_its_coverage(db: Database) -> None:
    wld = share(db, "GERD_USD", 2021, of="WLD", jurisdictions=["USA"])
    ours = share(db, "GERD_USD", 2021, of="WORLD", jurisdictions=["USA"])
    agg = observations(db, "GERD_USD", [2021], ["WLD"])["value"].iloc[0]
    assert wld.denominator == pytest.approx(agg) and wld.denominator_kind == "published aggregate"
    assert wld.rows[0].share == pytest.approx(wld.rows[0].value / agg * 100)
    # the sum over countries with data misses part of the world: the old denominator inflated the US share
    assert wld.rows[0].share < ours.rows[0].share
    assert wld.covered_share is not None and 50 < wld.covered_share < 100
    assert wld.countries_sum == pytest.approx(ours.denominator)
    assert wld.coverage is not None and wld.coverage.with_data > 50


def test_pct_world_total_is_ncses_own_and_the_epo_route_is_a_row(db: Database) -> None:
    sh = share(db, "NCSES.PCT.ALL", 2022, of="WLD", jurisdictions=["CHN", "EU", "DEU"])
    by = {r.jurisdiction: r for r in sh.rows}
    assert sh.denominator == pytest.approx(264_901)  # NCSES SINV-11 "World", 2022
    assert by["CHN"].value == 68_558 and by["CHN"].share == pytest.approx(68_558 / 264_901 * 100)
    assert by["EU"].value == 50_800 and by["DEU"].value < 5_000  # EPO filings credited to the EU, not Germany
    ranked = rank(db, "NCSES.PCT.ALL", 2022, top=20, kind=["country", "territory", "supranational"])
    assert "EU" in [r.jurisdiction for r in ranked.rows[:5]]


def test_uk_breaks_are_found_by_the_rule_and_smooth_series_have_none(db: Database) -> None:
    res = breaks(db, "GERD_USD", 2003, 2023, ["GBR", "USA", "DEU", "JPN"])
    assert res.tested == "GB.XPD.RSDV.GD.ZS"  # a derived level is tested on its measured ratio
    assert [(r.jurisdiction, r.year) for r in res.rows] == [("GBR", 2014), ("GBR", 2018)]
    smooth = {y: 2.0 * 1.03 ** (y - 2000) for y in range(2000, 2021)}
    assert find_breaks(smooth) == []
    stepped = dict(smooth) | {y: v * 1.4 for y, v in smooth.items() if y >= 2014}
    assert [b[0] for b in find_breaks(stepped)] == [2014]
    spiked = dict(smooth) | {2014: smooth[2014] * 1.5}  # undone the next year: an outlier, not a new level
    assert find_breaks(spiked) == []


def test_growth_is_real_by_default_and_names_the_breaks_it_crosses(db: Database) -> None:
    real = {r.jurisdiction: r for r in growth(db, "GERD_USD", 2013, 2021, vs="NY.GDP.MKTP.CD",
                                               jurisdictions=["JPN", "GBR", "USA"]).rows}
    cur = {r.jurisdiction: r for r in growth(db, "GERD_USD", 2013, 2021, jurisdictions=["JPN", "GBR", "USA"],
                                              prices="current").rows}
    # the yen: Japan's R&D "falls" in current US$ but grows in constant yen
    assert cur["JPN"].cagr < 0 < real["JPN"].cagr
    assert real["GBR"].breaks == [2014, 2018] and real["USA"].breaks == []
    assert all(not math.isnan(r.cagr) for r in real.values())


def test_radar_scores_on_fixed_world_anchors(db: Database) -> None:
    six = radar(db, SIX, ["GB.XPD.RSDV.GD.ZS"], 2021, latest_within=3)
    two = radar(db, ["CHN", "USA"], ["GB.XPD.RSDV.GD.ZS"], 2021, latest_within=3)
    s6 = {r.jurisdiction: r.score for r in six.rows}
    s2 = {r.jurisdiction: r.score for r in two.rows}
    assert s6["CHN"] == s2["CHN"] and s6["CHN"] > 50  # not 0 for being last of six
    assert all(v is None or v > 0 for v in s6.values())
    old = {r.jurisdiction: r.score for r in radar(db, SIX, ["GB.XPD.RSDV.GD.ZS"], 2021, latest_within=3,
                                                  scale="group").rows}
    assert min(v for v in old.values() if v is not None) == 0  # what the fixed anchors replaced


def test_index_scores_do_not_depend_on_who_is_scored_and_its_name_fits(db: Database) -> None:
    spec = load_spec("digital_industry_strength.json")
    assert spec.normalisation == "world" and "数字产业实力" not in spec.name_zh
    codes = {i.code for i in spec.indicators}
    assert {"IT.NET.BBND.P2", "TX.VAL.TECH.CD", "TX.VAL.TECH.MF.ZS"} <= codes
    small = IndexSpec.model_validate(spec.model_dump() | {"jurisdictions": ["CHN", "USA", "DEU", "IND"],
                                                          "monte_carlo": None})
    big = IndexSpec.model_validate(spec.model_dump() | {"monte_carlo": None})
    a = {r.jurisdiction: r.score for r in composite_index(db, small).rows}
    b = {r.jurisdiction: r.score for r in composite_index(db, big).rows}
    for j in a:
        assert a[j] == pytest.approx(b[j])
    assert min(a.values()) > 0
