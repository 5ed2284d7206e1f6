"""Normalisation against independent computations from the raw files in ../shared/data (WDI CSVs, FRED
rates, BEA deflator), on the database built from the bundled snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policyscope.analysis import normalise as nz
from policyscope.store.database import Database


@pytest.fixture(scope="module")
def ndb(built_db: Path) -> Iterator[Database]:
    d = Database(built_db, read_only=True)
    yield d
    d.close()


def wdi(shared: Path, code: str) -> dict[tuple[str, int], float]:
    df = pd.read_csv(shared / "wdi_innovation" / "indicators" / f"{code}.csv")
    return {(c, int(y)): float(v) for c, y, v in df[["Country Code", "Year", "Value"]].itertuples(index=False)}


def fred(shared: Path, freq: str) -> pd.DataFrame:
    df = pd.read_csv(shared / "exchange_rates_deflators" / f"fred_fx_{freq}.csv")
    df["Date"] = pd.to_datetime(df["Date"])
    return df


def frame(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator", "jurisdiction", "year", "value"])


def test_us_gerd_2019_in_cny_at_the_december_2020_rate(ndb: Database, shared_data: Path) -> None:
    rd, gdp = wdi(shared_data, "GB.XPD.RSDV.GD.ZS"), wdi(shared_data, "NY.GDP.MKTP.CD")
    gerd_usd = rd[("USA", 2019)] / 100 * gdp[("USA", 2019)]
    m = fred(shared_data, "monthly")
    cny = float(m[(m["Country"] == "China") & (m["Date"] == "2020-12-01")]["Exchange rate"].iloc[0])
    obs = nz.observations(ndb, "GERD_USD", ["USA"], 2019, 2019)
    out = nz.convert_currency(ndb, obs, "RMB", at="2020-12-31")
    assert out["value"].iloc[0] == pytest.approx(gerd_usd * cny, rel=1e-9)
    assert out["value_original"].iloc[0] == pytest.approx(gerd_usd, rel=1e-9)
    assert out["rate_to"].iloc[0] == cny and out["currency_to"].iloc[0] == "CNY"
    assert "FRED monthly average CNY 2020-12" in out["basis"].iloc[0] and out["rate_period"].iloc[0] == "2020-12"


def test_cross_rate_between_two_non_dollar_currencies(ndb: Database, shared_data: Path) -> None:
    a = fred(shared_data, "annual")
    eur = float(a[(a["Country"] == "Euro") & (a["Date"].dt.year == 2019)]["Exchange rate"].iloc[0])
    jpy = float(a[(a["Country"] == "Japan") & (a["Date"].dt.year == 2019)]["Exchange rate"].iloc[0])
    out = nz.convert_currency(ndb, frame([("X", "DEU", 2019, 1000.0)]), "JPY", from_currency="EUR")
    assert out["value"].iloc[0] == pytest.approx(1000 / eur * jpy, rel=1e-12)
    assert out["factor"].iloc[0] == pytest.approx(jpy / eur)


def test_local_currency_uses_each_countrys_official_rate(ndb: Database, shared_data: Path) -> None:
    fcrf = wdi(shared_data, "PA.NUS.FCRF")
    obs = frame([("GERD_USD", "FRA", 2019, 5e10), ("GERD_USD", "POL", 2019, 1e10)])
    out = nz.convert_currency(ndb, obs, "LCU")
    assert list(out["value"]) == pytest.approx([5e10 * fcrf[("FRA", 2019)], 1e10 * fcrf[("POL", 2019)]])
    back = nz.convert_currency(ndb, out[nz.OBS_COLUMNS], "USD", from_currency="LCU")
    assert list(back["value"]) == pytest.approx([5e10, 1e10])
    # the stored derived GERD_LCU is the same computation
    lcu = nz.observations(ndb, "GERD_LCU", ["FRA"], 2019, 2019)["value"].iloc[0]
    usd = nz.observations(ndb, "GERD_USD", ["FRA"], 2019, 2019)
    assert nz.convert_currency(ndb, usd, "LCU")["value"].iloc[0] == pytest.approx(lcu)


def test_constant_prices_with_the_us_deflator(ndb: Database, shared_data: Path) -> None:
    d = pd.read_csv(shared_data / "exchange_rates_deflators" / "us_gdp_implicit_deflator_annual.csv").set_index("year")
    idx = d["implicit_price_deflator_2017_100"]
    obs = frame([("GERD_USD", "USA", 2010, 4e11), ("GERD_USD", "CHN", 2019, 5e11)])
    out = nz.to_constant_prices(ndb, obs, 2015)
    assert out["value"].iloc[0] == pytest.approx(4e11 * idx[2015] / idx[2010], rel=1e-9)
    assert out["value"].iloc[1] == pytest.approx(5e11 * idx[2015] / idx[2019], rel=1e-9)
    assert set(out["deflator_jurisdiction"]) == {"USA"} and "USA.GDP.DEFL USA 2010" in out["basis"].iloc[0]


def test_constant_prices_chained_from_wdi_inflation(ndb: Database, shared_data: Path) -> None:
    g = wdi(shared_data, "NY.GDP.DEFL.KD.ZG")
    # independent: index(2020)/index(2015) = Π_{2016..2020} (1 + g/100); 2010 goes backwards
    up = float(np.prod([1 + g[("CHN", y)] / 100 for y in range(2016, 2021)]))
    down = float(np.prod([1 + g[("CHN", y)] / 100 for y in range(2011, 2016)]))
    obs = frame([("GERD_LCU", "CHN", 2020, 2.4e12), ("GERD_LCU", "CHN", 2010, 7e11), ("GERD_LCU", "CHN", 2015, 1e12)])
    out = nz.to_constant_prices(ndb, obs, 2015, deflator="NY.GDP.DEFL.KD.ZG")
    assert list(out["value"]) == pytest.approx([2.4e12 / up, 7e11 * down, 1e12])
    idx = nz.deflator_index(ndb, 2015, "NY.GDP.DEFL.KD.ZG", ["CHN"]).set_index("year")["index"]
    assert idx[2015] == 100 and idx[2020] == pytest.approx(100 * up)


def test_ppp_equals_the_declared_gerd_ppp(ndb: Database, shared_data: Path) -> None:
    rd, pcap, pop = (wdi(shared_data, c) for c in ("GB.XPD.RSDV.GD.ZS", "NY.GDP.PCAP.PP.CD", "SP.POP.TOTL"))
    usd = nz.observations(ndb, "GERD_USD", ["CHN", "USA", "KOR"], 2019, 2019)
    out = nz.to_ppp(ndb, usd).set_index("jurisdiction")
    for j in ("CHN", "USA", "KOR"):
        independent = rd[(j, 2019)] / 100 * pcap[(j, 2019)] * pop[(j, 2019)]
        # WDI's PPP factor and GDP per capita PPP are computed from rounded published inputs: 0.5 % tolerance
        assert out.loc[j, "value"] == pytest.approx(independent, rel=5e-3)
    assert out.loc["USA", "factor"] == pytest.approx(1.0)
    assert "PA.NUS.PPP CHN 2019" in out.loc["CHN", "basis"]


def test_per_capita_and_per_gdp(ndb: Database, shared_data: Path) -> None:
    rd, pop = wdi(shared_data, "GB.XPD.RSDV.GD.ZS"), wdi(shared_data, "SP.POP.TOTL")
    usd = nz.observations(ndb, "GERD_USD", ["DEU", "JPN"], 2018, 2019)
    share = nz.per_gdp(ndb, usd)
    for j, y, v in share[["jurisdiction", "year", "value"]].itertuples(index=False):
        assert v == pytest.approx(rd[(j, y)], rel=1e-12)  # GERD_USD / GDP × 100 gives back the R&D share
    pc = nz.per_capita(ndb, usd, per=1e6)
    for j, y, v, orig in pc[["jurisdiction", "year", "value", "value_original"]].itertuples(index=False):
        assert v == pytest.approx(orig / pop[(j, y)] * 1e6)


def test_missing_inputs_are_never_zero(ndb: Database) -> None:
    obs = frame([("X", "USA", 2019, 10.0), ("X", "USA", 1901, 5.0), ("X", "ATA", 1950, 3.0)])
    out = nz.per_capita(ndb, obs)
    assert out["value"].iloc[0] > 0 and out[["value"]].iloc[1:].isna().all().all()
    assert "missing SP.POP.TOTL for ATA 1950" in out["basis"].iloc[2]
    assert len(nz.per_capita(ndb, obs, missing="drop")) < 3
    with pytest.raises(nz.NormaliseError, match="ATA 1950"):
        nz.per_capita(ndb, obs.iloc[[2]], missing="raise")
    fx = nz.convert_currency(ndb, frame([("X", "USA", 1950, 1.0)]), "CNY")
    assert np.isnan(fx["value"].iloc[0]) and "missing rate" in fx["basis"].iloc[0]
    with pytest.raises(nz.NormaliseError, match="no known currency"):
        nz.currency_of("ATA")
    with pytest.raises(nz.NormaliseError, match="lacks columns"):
        nz.per_gdp(ndb, pd.DataFrame({"jurisdiction": ["USA"], "value": [1.0]}))
    with pytest.raises(nz.NormaliseError, match="YYYY-MM-DD"):
        nz.convert_currency(ndb, obs, "CNY", at="31/12/2020")


def test_harmonised_names_across_sources() -> None:
    wb = nz.harmonise_names(["Korea, Rep.", "Hong Kong SAR, China", "European Union", "World", "Euro area"],
                            "worldbank")
    assert wb.mapping == {"Korea, Rep.": "KOR", "Hong Kong SAR, China": "HKG", "European Union": "EUU",
                          "World": "WLD", "Euro area": "EMU"}
    nc = nz.harmonise_names(["South Korea", "Taiwan", "EU-27", "C&#244;te d&#8217;Ivoire",
                             "United Kingdom<sup>a</sup>", "Africa", "Atlantis"], "ncses")
    assert nc.mapping == {"South Korea": "KOR", "Taiwan": "TWN", "EU-27": "EU27", "C&#244;te d&#8217;Ivoire": "CIV",
                          "United Kingdom<sup>a</sup>": "GBR"}
    assert nc.excluded == ["Africa"] and nc.unknown == ["Atlantis"]
    es = nz.harmonise_names(["EL", "UK", "CN_X_HK", "DE"], "eurostat")
    assert es.mapping == {"EL": "GRC", "UK": "GBR", "CN_X_HK": "CHN", "DE": "DEU"}
    df = pd.DataFrame({"country": ["South Korea", "Africa", "China"], "v": [1, 2, 3]})
    out, h = nz.harmonise_frame(df, "country", "ncses")
    assert list(out["country"]) == ["KOR", "CHN"] and h.excluded == ["Africa"]
    with pytest.raises(nz.NormaliseError, match="Atlantis"):
        nz.harmonise_frame(pd.DataFrame({"c": ["Atlantis", "China"]}), "c")


def test_eu_members_by_year() -> None:
    assert len(nz.eu_members(2019)) == 28 and "GBR" in nz.eu_members(2019)
    assert len(nz.eu_members(2020)) == 27 and "GBR" not in nz.eu_members(2020)
    assert nz.eu_members(2020) == nz.eu_members()
    assert "HRV" not in nz.eu_members(2012) and len(nz.eu_members(2006)) == 25
    assert nz.currency_of("FRA", 2019) == "EUR" and nz.currency_of("CHN") == "CNY"
    assert nz.currency_of("EST", 2011) == "EUR"  # euro from 2011; the kroon before is not in our table
    with pytest.raises(nz.NormaliseError, match="EST"):
        nz.currency_of("EST", 2010)


def test_aggregate_equivalents_resolve(ndb: Database) -> None:
    """Each group sum we compute has the source labels that stand for it; the World Bank ones are stored."""
    for group, labels in nz.AGGREGATE_EQUIVALENTS.items():
        wb = labels.get("worldbank")
        if wb:
            assert ndb.scalar("SELECT count(*) FROM observations WHERE jurisdiction = ? AND indicator = "
                              "'NY.GDP.MKTP.CD'", [wb]) > 0, wb
        if "ncses" in labels:
            assert nz.harmonise_names([labels["ncses"]], "ncses").mapping[labels["ncses"]] in (group, "WORLD")
    # our WORLD sum and the World Bank's own world figure differ, which is why analyses must say which they use
    ours = ndb.scalar("SELECT value FROM observations WHERE indicator = 'NY.GDP.MKTP.CD' AND jurisdiction = 'WORLD' "
                      "AND year = 2019")
    wld = ndb.scalar("SELECT value FROM observations WHERE indicator = 'NY.GDP.MKTP.CD' AND jurisdiction = 'WLD' "
                     "AND year = 2019")
    assert ours != wld and abs(ours / wld - 1) < 0.05
