"""share, rank, growth, tiers, concentration and radar on the built database, checked against values
computed independently with pandas from the raw World Bank / FRED CSV files."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from policyscope.analysis.base import AnalysisError
from policyscope.analysis.concentration import concentration, concentration_of
from policyscope.analysis.growth import growth
from policyscope.analysis.radar import radar
from policyscope.analysis.rank import rank
from policyscope.analysis.share import share
from policyscope.analysis.tiers import tiers
from policyscope.model.jurisdictions import UnknownJurisdictionError
from tests.analysis.raw import fred_rate, wdi_year

FIFTEEN = ["USA", "CHN", "JPN", "DEU", "KOR", "FRA", "GBR", "ISR", "NLD", "RUS", "SWE", "BEL", "AUT", "DNK", "FIN"]


def _gerd_usd(year: int):
    rd, gdp = wdi_year("GB.XPD.RSDV.GD.ZS", year), wdi_year("NY.GDP.MKTP.CD", year)
    both = rd.index.intersection(gdp.index)
    return (rd[both] / 100 * gdp[both]).dropna()


def test_share_of_world_sum_matches_raw_csv(db):
    expected = _gerd_usd(2018)
    r = share(db, "GERD_USD", 2018, jurisdictions="美国,China")
    assert r.denominator == pytest.approx(expected.sum(), rel=1e-9)
    assert r.coverage.with_data == len(expected)
    us = next(x for x in r.rows if x.jurisdiction == "USA")
    assert us.share == pytest.approx(expected["USA"] / expected.sum() * 100, rel=1e-9)
    assert us.rank == int((expected > expected["USA"]).sum()) + 1
    assert [x.jurisdiction for x in r.rows] == ["USA", "CHN"]
    assert r.model_dump(mode="json")["rows"][0]["jurisdiction"] == "USA"


def test_share_of_world_bank_world_uses_published_aggregate(db):
    rd = wdi_year("GB.XPD.RSDV.GD.ZS", 2018, countries_only=False)
    gdp = wdi_year("NY.GDP.MKTP.CD", 2018, countries_only=False)
    r = share(db, "GERD_USD", 2018, of="WLD", jurisdictions=["USA"])
    assert r.denominator_kind == "published aggregate"
    assert r.denominator == pytest.approx(rd["WLD"] / 100 * gdp["WLD"], rel=1e-9)


def test_share_of_group_sums_members_and_lists_missing(db):
    r = share(db, "NY.GDP.MKTP.CD", 2020, of="G7")
    raw = wdi_year("NY.GDP.MKTP.CD", 2020)
    g7 = ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"]
    assert r.denominator == pytest.approx(raw[g7].sum(), rel=1e-9)
    assert sum(x.share for x in r.rows) == pytest.approx(100.0)
    assert r.coverage.total == 7 and r.coverage.missing == []


def test_share_refuses_ratios_and_unknown_names(db):
    with pytest.raises(AnalysisError, match="ratio or rate"):
        share(db, "GB.XPD.RSDV.GD.ZS", 2018)
    with pytest.raises(UnknownJurisdictionError, match="Atlantis"):
        share(db, "GERD_USD", 2018, jurisdictions="Atlantis")
    with pytest.raises(AnalysisError, match="unknown indicator"):
        share(db, "GERD_XYZ", 2018)


def test_rank_and_rank_change_match_pandas(db):
    r = rank(db, "NY.GDP.MKTP.CD", 2020, compare_year=2010, top=10)
    now = wdi_year("NY.GDP.MKTP.CD", 2020).sort_values(ascending=False)
    before = wdi_year("NY.GDP.MKTP.CD", 2010).sort_values(ascending=False)
    assert [x.jurisdiction for x in r.rows] == list(now.index[:10])
    for x in r.rows:
        assert x.compare_rank == list(before.index).index(x.jurisdiction) + 1
        assert x.rank_change == x.compare_rank - x.rank
    assert set(r.entered_top) == set(now.index[:10]) - set(before.index[:10])
    assert set(r.left_top) == set(before.index[:10]) - set(now.index[:10])
    assert r.top_share == pytest.approx(now.iloc[:10].sum() / now.sum() * 100)


def test_growth_cagr_and_gap_match_pandas(db):
    r = growth(db, "GERD_USD", 2010, 2019, vs="NY.GDP.MKTP.CD", jurisdictions=FIFTEEN, prices="current")
    a0, a1 = _gerd_usd(2010), _gerd_usd(2019)
    g0, g1 = wdi_year("NY.GDP.MKTP.CD", 2010), wdi_year("NY.GDP.MKTP.CD", 2019)
    assert len(r.rows) == 15
    for x in r.rows:
        c = ((a1[x.jurisdiction] / a0[x.jurisdiction]) ** (1 / 9) - 1) * 100
        v = ((g1[x.jurisdiction] / g0[x.jurisdiction]) ** (1 / 9) - 1) * 100
        assert x.cagr == pytest.approx(c, rel=1e-9)
        assert x.vs_cagr == pytest.approx(v, rel=1e-9)
        assert x.gap_pp == pytest.approx(c - v, rel=1e-9)
    gaps = [x.gap_pp for x in r.rows]
    assert gaps == sorted(gaps, reverse=True)


def test_growth_lists_jurisdictions_without_data_instead_of_zero(db):
    have = set(_gerd_usd(2010).index) & set(_gerd_usd(2019).index)
    lacking = next(c for c in ["PRK", "SOM", "AFG", "ERI"] if c not in have)
    r = growth(db, "GERD_USD", 2010, 2019, jurisdictions=["USA", lacking])
    assert [x.jurisdiction for x in r.rows] == ["USA"]
    assert r.coverage.missing == [lacking] and r.coverage.with_data == 1
    with pytest.raises(AnalysisError, match="must be after"):
        growth(db, "GERD_USD", 2019, 2010)


def test_tiers_by_thresholds_match_pd_cut(db):
    r = tiers(db, "GB.XPD.RSDV.GD.ZS", 2019, thresholds=[1, 2, 3, 4], jurisdictions=FIFTEEN)
    raw = wdi_year("GB.XPD.RSDV.GD.ZS", 2019)[FIFTEEN]
    for x in r.rows:
        v = raw[x.jurisdiction]
        expected = 1 if v > 4 else 2 if v > 3 else 3 if v > 2 else 4 if v > 1 else 5
        assert x.tier == expected, x
        assert x.value == pytest.approx(v)
    assert r.method == "thresholds" and r.breaks == [4.0, 3.0, 2.0, 1.0]


def test_tiers_currency_conversion_at_a_date_matches_fred(db):
    r = tiers(db, "GERD_LCU", 2019, currency="RMB", fx_date="2020-12-31", thresholds=[1e12, 3e11, 1e11, 5e10],
              jurisdictions=["DEU", "JPN", "USA"])
    rows = {x.jurisdiction: x for x in r.rows}
    eur, cny, jpy = fred_rate("Euro", "2020-12"), fred_rate("China", "2020-12"), fred_rate("Japan", "2020-12")
    assert rows["DEU"].original_currency == "EUR"
    assert rows["DEU"].value == pytest.approx(rows["DEU"].original_value / eur * cny, rel=1e-9)
    assert rows["JPN"].value == pytest.approx(rows["JPN"].original_value / jpy * cny, rel=1e-9)
    assert rows["USA"].value == pytest.approx(rows["USA"].original_value * cny, rel=1e-9)
    with pytest.raises(AnalysisError, match="not a currency"):
        tiers(db, "GB.XPD.RSDV.GD.ZS", 2019, currency="CNY", jurisdictions=["USA", "CHN"])


def test_tiers_in_another_currency_leave_out_and_name_countries_without_a_rate(db):
    """Over every country (the CLI's example), a country whose currency has no rate in the snapshot is left out
    and named; asked for by name, it is an error that says why."""
    r = tiers(db, "GERD_LCU", 2019, currency="CNY", fx_date="2020-12-31", thresholds=[1e12, 3e11, 1e11, 5e10])
    note = next(n for n in r.notes if n.startswith("left out, no rate"))
    assert "ARM" in note and "ARM" not in {x.jurisdiction for x in r.rows}
    assert {"CHN", "USA", "DEU", "JPN"} <= {x.jurisdiction for x in r.rows}
    assert all(x.value == x.value and x.fx_rate for x in r.rows)
    with pytest.raises(Exception, match="ARM"):
        tiers(db, "GERD_LCU", 2019, currency="CNY", fx_date="2020-12-31", thresholds=[1e12],
              jurisdictions=["ARM", "USA"])


def _gvf_best(values: list[float], k: int) -> float:
    """Brute-force the best goodness of variance fit over all contiguous splits (the Jenks optimum)."""
    v = np.sort(np.array(values))
    sdam = ((v - v.mean()) ** 2).sum()
    best = 0.0
    for cuts in itertools.combinations(range(1, len(v)), k - 1):
        parts = np.split(v, cuts)
        sdcm = sum(((p - p.mean()) ** 2).sum() for p in parts)
        best = max(best, 1 - sdcm / sdam)
    return best


def test_tiers_jenks_is_the_optimal_contiguous_split(db):
    r = tiers(db, "GB.XPD.RSDV.GD.ZS", 2019, jurisdictions=FIFTEEN, n_tiers=4)
    assert r.method == "jenks" and {x.tier for x in r.rows} == {1, 2, 3, 4}
    by_tier = {t: [x.value for x in r.rows if x.tier == t] for t in range(1, 5)}
    for t in range(1, 4):
        assert min(by_tier[t]) > max(by_tier[t + 1])  # tier 1 highest, classes do not overlap
    vals = np.array([x.value for x in r.rows])
    sdcm = sum(((np.array(p) - np.mean(p)) ** 2).sum() for p in by_tier.values())
    gvf = 1 - sdcm / ((vals - vals.mean()) ** 2).sum()
    assert gvf == pytest.approx(_gvf_best(list(vals), 4), abs=1e-9)


def test_concentration_matches_pandas_and_rejects_bad_values(db):
    r = concentration(db, "BX.GSR.ROYL.CD", 2020, n=(3, 11))
    raw = wdi_year("BX.GSR.ROYL.CD", 2020).sort_values(ascending=False)
    shares = raw / raw.sum() * 100
    got = {x.measure: x for x in r.rows}
    assert got["CR3"].value == pytest.approx(shares.iloc[:3].sum())
    assert got["CR3"].members == list(raw.index[:3])
    assert got["CR11"].value == pytest.approx(shares.iloc[:11].sum())
    assert got["HHI"].value == pytest.approx((shares ** 2).sum())
    res = concentration_of({"a": 5.0, "b": float("nan"), "c": 5.0}, n=(1,))
    assert res.rows[0].value == pytest.approx(50.0) and res.coverage.with_data == 2 and res.coverage.total == 3
    with pytest.raises(AnalysisError, match="negative"):
        concentration_of({"a": 1.0, "b": -2.0})


def test_radar_min_max_over_the_group(db):
    r = radar(db, "USA,CHN,DEU,JPN", ["NY.GDP.MKTP.CD", "GB.XPD.RSDV.GD.ZS"], 2022, latest_within=2, scale="group")
    gdp = wdi_year("NY.GDP.MKTP.CD", 2022)[["USA", "CHN", "DEU", "JPN"]]
    scores = {(x.jurisdiction, x.indicator): x.score for x in r.rows}
    for j in gdp.index:
        exp = (gdp[j] - gdp.min()) / (gdp.max() - gdp.min()) * 100
        assert scores[(j, "NY.GDP.MKTP.CD")] == pytest.approx(exp)
    assert scores[("USA", "NY.GDP.MKTP.CD")] == pytest.approx(100)
    assert r.coverage.with_data == 4


def test_radar_on_world_percentiles_does_not_move_with_the_selection(db):
    """scale=world: a country's score is its percentile among all countries with a value (raw WDI file), so
    adding or removing a compared country changes nothing — the lowest of a group is not forced to 0."""
    from policyscope.analysis.base import country_codes

    ind = "GB.XPD.RSDV.GD.ZS"
    two = radar(db, "CHN,USA", [ind], 2019, scale="world")
    five = radar(db, "CHN,USA,DEU,JPN,KOR", [ind], 2019, scale="world")
    score = {r.jurisdiction: r.score for r in five.rows}
    assert {r.jurisdiction: r.score for r in two.rows} == {k: score[k] for k in ("CHN", "USA")}
    world = wdi_year(ind, 2019, countries_only=False)
    world = world[world.index.isin(country_codes())]
    assert score["CHN"] == pytest.approx((world <= world["CHN"]).sum() / len(world) * 100)
    assert min(score.values()) > 0
    green = "NCSES.USPTO.GREEN.ALL"  # the EU is scored against the countries, without joining them
    with_eu = {r.jurisdiction: r for r in radar(db, "EU,CHN", [green], 2019, scale="world").rows}
    assert with_eu["EU"].value is not None and with_eu["EU"].score is not None
    assert with_eu["CHN"].score == next(r.score for r in radar(db, "CHN,USA", [green], 2019).rows if r.jurisdiction == "CHN")


def test_radar_keeps_missing_values_missing(db):
    have = wdi_year("GB.XPD.RSDV.GD.ZS", 2019).index
    lacking = next(c for c in ["PRK", "SOM", "AFG", "ERI", "LBY"] if c not in have)
    r = radar(db, ["USA", "CHN", lacking], ["GB.XPD.RSDV.GD.ZS"], 2019)
    row = next(x for x in r.rows if x.jurisdiction == lacking)
    assert row.score is None and row.value is None
    assert r.coverage.missing == [lacking]
    with pytest.raises(AnalysisError, match="at least two"):
        radar(db, "USA", ["GB.XPD.RSDV.GD.ZS"], 2019)
