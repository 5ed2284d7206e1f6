"""Seed 004 (CAICT 《全球产业创新生态发展报告》, 2021-12) recomputed from raw data.

Vintages: World Bank WDI as bundled (datahub.io snapshot 2026-07-01), FRED monthly exchange rates (H.10),
NCSES Science & Engineering Indicators 2024 PCT tables (2025-03-27 conversion). The seed used OECD MSTI
(2021), PBoC central parity and Investing.com rates of 2020-12-31, WIPO statistics, World Bank BoP (2021)
and UNCTAD's World Investment Report 2021. docs/reproduction.md explains each difference.
"""

from __future__ import annotations

import pytest

from policyscope.analysis.companies import company_counts
from policyscope.analysis.growth import growth
from policyscope.analysis.rank import rank
from policyscope.analysis.share import share
from policyscope.analysis.tiers import tiers
from tests.conftest import DATA

FIFTEEN = ["USA", "CHN", "JPN", "DEU", "KOR", "FRA", "GBR", "ISR", "NLD", "RUS", "SWE", "BEL", "AUT", "DNK", "FIN"]


def test_004_fig2_rd_growth_against_gdp_growth_2010_2019(db):
    """图2: over 2010–2019, GERD grew faster than GDP in 11 of 15 countries; not in FIN, DNK, RUS, FRA;
    largest gaps BEL +4.92, KOR +4.21, CHN +3.35 pp.

    Both series in current PPP $ (GERD_PPP = R&D % × GDP PPP), so the gap is the growth of R&D intensity
    and does not depend on the price basis the seed used (OECD constant PPP)."""
    r = growth(db, "GERD_PPP", 2010, 2019, vs="GDP_PPP", jurisdictions=FIFTEEN, prices="current")
    assert r.coverage.with_data == 15
    gap = {x.jurisdiction: x.gap_pp for x in r.rows}
    # Tolerance 0.6 pp: the intensities were revised after 2021 (Korea 2019: 4.64 % printed in the seed's
    # source, 4.36 % in WDI now), which moves a 9-year gap by up to ~0.5 pp.
    for code, printed in {"BEL": 4.92, "KOR": 4.21, "CHN": 3.35}.items():
        assert gap[code] == pytest.approx(printed, abs=0.6), code
    # Countries whose R&D grew slower than GDP: ours are FIN, RUS, DNK (DNK −0.03 pp); France is +0.10 pp,
    # i.e. on the boundary — both vintages agree that these four are the laggards.
    slower = {c for c, g in gap.items() if g < 0}
    assert {"FIN", "RUS"} <= slower <= {"FIN", "DNK", "RUS", "FRA"}
    assert all(abs(gap[c]) < 0.5 for c in ("DNK", "FRA"))
    assert sorted(gap, key=gap.get)[:4] == ["FIN", "RUS", "DNK", "FRA"]
    # The largest gaps: Belgium, Korea and China are in our top five; the UK (+5.8) and Israel (+4.0) join
    # them only because their R&D series were revised up after the seed (ONS 2022 BERD revision: UK 2019
    # intensity ~1.7 % → 2.67 %; Israel 2019: 4.93 % → 5.36 %).
    top5 = [x.jurisdiction for x in r.rows[:5]]
    assert {"BEL", "KOR", "CHN"} <= set(top5) and set(top5) - {"BEL", "KOR", "CHN"} == {"GBR", "ISR"}


def test_004_fig3_table4_rd_in_rmb_at_2020_12_31_and_tiers(db):
    """图3 / 表4: 2019 GERD converted to RMB at 2020-12-31 rates; tiers >1 万亿, 3千亿–1万亿, 1千亿–3千亿,
    500 亿–1千亿 (strict bounds). Printed: T1 USA CHN JPN; T2 DEU KOR FRA GBR; T3 ISR NLD RUS SWE BEL;
    T4 AUT DNK FIN. Our rates are December-2020 monthly averages (FRED; the snapshot has no daily rates;
    USD/CNY 6.539 vs the PBoC parity 6.525 on 2020-12-31, −0.2 %) and, for ILS and RUB, WDI's 2020 annual
    average (FRED has neither): Israel's RMB value is ~6 % low, far from its tier bounds."""
    r = tiers(db, "GERD_LCU", 2019, currency="CNY", fx_date="2020-12-31",
              thresholds=[1e12, 3e11, 1e11, 5e10], jurisdictions=FIFTEEN)
    got = {x.jurisdiction: x.tier for x in r.rows}
    printed = {"USA": 1, "CHN": 1, "JPN": 1, "DEU": 2, "KOR": 2, "FRA": 2, "GBR": 2, "ISR": 3, "NLD": 3,
               "RUS": 3, "SWE": 3, "BEL": 3, "AUT": 4, "DNK": 4, "FIN": 4}
    assert got == printed  # every country in its printed tier
    # Austria is just under 1 千亿 and Russia just over (gold §6.3): both within 5 % of the bound
    vals = {x.jurisdiction: x.value for x in r.rows}
    assert 0.95e11 < vals["AUT"] < 1e11 < vals["RUS"] < 1.05e11


def test_004_table4_intensity_tiers(db):
    """表4 intensity column: T1 ISR KOR (>4 %); T2 SWE JPN BEL DEU AUT USA (3–4 %); T3 DNK FIN CHN FRA NLD;
    T4 GBR RUS (1–2 %); ISR 4.93 %, KOR 4.64 % (L289). The UK moves to tier 3 after the ONS revision
    (2.67 % in 2019); every other country is in its printed tier."""
    r = tiers(db, "GB.XPD.RSDV.GD.ZS", 2019, thresholds=[4, 3, 2, 1], jurisdictions=FIFTEEN)
    got = {x.jurisdiction: x.tier for x in r.rows}
    printed = {"ISR": 1, "KOR": 1, "SWE": 2, "JPN": 2, "BEL": 2, "DEU": 2, "AUT": 2, "USA": 2, "DNK": 3,
               "FIN": 3, "CHN": 3, "FRA": 3, "NLD": 3, "GBR": 4, "RUS": 4}
    diff = {c for c in printed if got[c] != printed[c]}
    assert diff == {"GBR"} and got["GBR"] == 3


def test_004_fig5_pct_ranks_2010_vs_2020(db):
    """图5 (WIPO): China 4th → 1st, US 1st → 2nd, Japan 2nd → 3rd, Korea overtook Germany for 4th; Israel and
    India overtook Finland, Spain (and Australia); Turkey from 25th into the top 20; top-20 share 95.2 → 95.7 %.

    Ours: NCSES SEI 2024 PCT counts by inventor location and publication year, where applications filed
    through the EPO are credited to the EU-27 and not to member states (so Germany, France… are low) and the
    US stays just ahead of China in 2020 (61 473 vs 60 225; WIPO's applicant-origin count puts China first)."""
    r = rank(db, "NCSES.PCT.ALL", 2020, compare_year=2010, top=20)
    rows = {x.jurisdiction: x for x in r.rows}
    assert rows["CHN"].rank <= 2 and rows["CHN"].compare_rank > rows["CHN"].rank  # China rose to the top two
    assert (rows["JPN"].compare_rank, rows["JPN"].rank) == (2, 3)
    assert rows["KOR"].rank == 4 and rows["DEU"].rank > 4
    for riser in ("IND", "ISR"):
        assert rows[riser].rank < rows["FIN"].rank and rows[riser].rank < rows["ESP"].rank
    assert rows["IND"].compare_rank > rows["FIN"].compare_rank  # India was behind Finland in 2010
    assert "TUR" in r.entered_top and rows["TUR"].compare_rank > 20
    # Top-20 share of the country total: ours 96.8 → 98.0 % (the EPO/EU-27 row is not a country here, which
    # removes the long European tail the WIPO figure spreads over countries) — rising, like 95.2 → 95.7.
    assert 95 < r.compare_top_share < r.top_share < 99


def test_004_fig6_ip_trade_2020(db):
    """图6: 11 largest IP traders; top-3 exporters US, NL, JP hold 55 % of world exports; top-3 importers
    NL, US, CN 36 %; largest surpluses US (+73.4 bn US$), DE, JP; largest deficits CN (−29.2 bn), SG, CA."""
    ex = share(db, "BX.GSR.ROYL.CD", 2020)
    assert [x.jurisdiction for x in ex.rows[:3]] == ["USA", "NLD", "JPN"]
    # 52.7 % vs 55 %: receipts revised (US −3 %); tolerance 3 pp
    assert sum(x.share for x in ex.rows[:3]) == pytest.approx(55, abs=3)
    bal = rank(db, "IP_BALANCE_USD", 2020)
    rows = {x.jurisdiction: x for x in bal.rows}
    assert [x.jurisdiction for x in bal.rows[:3]] == ["USA", "DEU", "JPN"]
    # China's deficit: −29.29 bn vs −29.2 bn printed (0.3 %); tolerance 1 %
    assert rows["CHN"].value / 1e9 == pytest.approx(-29.2, rel=0.01)
    # US surplus 78.2 bn vs 73.4 bn: BEA revised 2020 IP receipts up; tolerance 8 %
    assert rows["USA"].value / 1e9 == pytest.approx(73.4, rel=0.08)
    # Ireland's IP payments (98 bn US$, the world's largest) were not published for 2020 when the seed was
    # written; with Ireland left out, the deficits and importers are the seed's.
    no_irl = [x.jurisdiction for x in bal.rows if x.jurisdiction != "IRL"]
    assert no_irl[-1] == "CHN"
    im = share(db, "BM.GSR.ROYL.CD", 2020)
    assert im.rows[0].jurisdiction == "IRL"
    assert {x.jurisdiction for x in im.rows[1:4]} == {"USA", "NLD", "CHN"}
    irl = im.rows[0].value
    top3 = sum(x.value for x in im.rows[1:4]) / (im.denominator - irl) * 100
    assert top3 == pytest.approx(36, abs=3)  # 34.2 % without Ireland in numerator and denominator


def test_004_fig15_fdi_inflows_2020(db):
    """图15 (UNCTAD WIR 2021): world FDI inflows −35 % in 2020; the US −40 % but still the largest recipient;
    China, Hong Kong, Singapore, India in the top five. Ours: World Bank BoP net inflows (BX.KLT.DINV.CD.WD),
    which include flows through special-purpose entities (Hungary, UK and Germany jump into the top five)
    — the directional UNCTAD measure and the BoP measure rank differently; the world total agrees."""
    world = growth(db, "BX.KLT.DINV.CD.WD", 2019, 2020, jurisdictions=["WLD", "USA", "HIC"])
    g = {x.jurisdiction: x.cagr for x in world.rows}
    assert g["WLD"] == pytest.approx(-35, abs=5)  # −38.8 %; tolerance: UNCTAD's revised figure is −35 %
    assert g["USA"] < -30  # −56.6 % (BoP) vs −40 % (UNCTAD)
    assert g["HIC"] == pytest.approx(-58, abs=8)  # high-income economies −52.9 % vs developed −58 %
    r = rank(db, "BX.KLT.DINV.CD.WD", 2020, top=10)
    top = [x.jurisdiction for x in r.rows]
    assert top[0] == "CHN" and "USA" in top[:5]
    assert {"HKG", "SGP", "IND"} <= set(top)


def test_004_fig17_unicorns_september_2021_snapshot():
    """004 图17 (CB Insights, 2021-09): top sectors fintech, internet software, e-commerce; US and China have
    the most unicorns. The snapshots hold 2020-12-31 and 2021-12-31, not September: we take 2021-12-31,
    the nearest after (list_date picks the last snapshot on or before a date)."""
    path = DATA / "unicorns" / "cbinsights_unicorn_snapshots_2015_2023.csv"
    by_country = company_counts(path, by=["country"], list_date="2021-12-31")
    assert [x.country for x in by_country.rows[:2]] == ["USA", "CHN"]
    by_ind = company_counts(path, by=["industry"], list_date="2021-12-31")
    top3 = [x.industry for x in by_ind.rows[:3]]
    assert top3 == ["Fintech", "Internet software & services", "E-commerce & direct-to-consumer"]
