"""Seed 000 (CAICT 《全球数字产业战略与政策观察（2021 年）》) recomputed from raw data.

Vintages: World Bank WDI as bundled (datahub.io snapshot 2026-07-01; R&D intensity from UNESCO UIS, GDP PPP
at ICP 2021 PPPs), OpenAlex country co-authorship (Batagelj, 2024-08-27). The seed used OECD MSTI as of
2021 and OECD.AI (Scopus-based AI publications). docs/reproduction.md gives the printed numbers, ours, and
why they differ.
"""

from __future__ import annotations

import pytest

from policyscope.analysis.network import top_partners
from policyscope.analysis.rank import rank
from policyscope.analysis.share import share
from policyscope.model import registry

# OECD MSTI's "world" is the OECD total plus the non-member economies MSTI covers; Chinese Taipei is one of
# them but is not in the World Bank data, so this denominator is slightly smaller than MSTI's.
MSTI_NON_MEMBERS = ["CHN", "RUS", "SGP", "ARG", "ROU", "ZAF"]


def test_000_fig4_us_and_china_rd_2018_and_their_world_shares(db):
    """000 图4 / line 272: USA 2018 GERD > 5815 亿美元 = 28.9 % of world; China 4680 亿美元 = 23.2 %;
    Japan 8.5 %, Germany 7 %. The caption says 2019 but the numbers are 2018 (gold §4.2)."""
    world = share(db, "GERD_PPP", 2018, of="WORLD")
    rows = {r.jurisdiction: r for r in world.rows}
    us, cn = rows["USA"], rows["CHN"]
    # Levels: PPP $ (for the US, PPP $ = US$). Tolerance 8 %: the US series was revised up after 2021
    # (WDI/UIS now 617.5 bn vs MSTI-2021's 581.5 bn, +6.2 %); China's GERD in PPP moves with the ICP 2021
    # PPP revision (+2.7 %).
    assert us.value / 1e8 == pytest.approx(5815, rel=0.08)
    assert cn.value / 1e8 == pytest.approx(4680, rel=0.08)
    assert us.rank == 1 and cn.rank == 2
    # Which "world"? 5815/0.289 ≈ 4680/0.232 ≈ 20 100 亿美元. The World Bank's own world (WLD: world R&D
    # intensity × world GDP PPP) is ~47 % larger, so the seed did not divide by it; our sum over the 92
    # countries with data is 9 % larger; an MSTI-like total (OECD members + MSTI's non-members) is closest.
    wld = share(db, "GERD_PPP", 2018, of="WLD")
    msti_codes = registry().members("OECD") + MSTI_NON_MEMBERS
    msti_total = sum(r.value for r in world.rows if r.jurisdiction in msti_codes)
    implied = 5815e8 / 0.289
    assert abs(msti_total / implied - 1) < abs(world.denominator / implied - 1) < abs(wld.denominator / implied - 1)
    assert msti_total / implied == pytest.approx(1, abs=0.05)
    # Shares on the MSTI-like denominator: within 2 pp — the US revision alone (+6.2 % of a 29 % share) moves
    # the US share by 1.8 pp; Australia, New Zealand and Switzerland have no 2018 survey in WDI (MSTI
    # interpolates them), which lowers our denominator by ~1.5 %. Ours: USA 30.4, CHN 23.7, JPN 8.5, DEU 7.0.
    for code, printed in {"USA": 28.9, "CHN": 23.2, "JPN": 8.5, "DEU": 7.0}.items():
        assert rows[code].value / msti_total * 100 == pytest.approx(printed, abs=2.0), code
    # On our WORLD sum the order of the four is the seed's.
    assert [r.jurisdiction for r in world.rows[:4]] == ["USA", "CHN", "JPN", "DEU"]


def test_000_fig5_japan_rd_intensity_2019(db):
    """000 line 222: Japan's 2019 R&D/GDP 3.2 %, second in the world after Korea (OECD)."""
    r = rank(db, "GB.XPD.RSDV.GD.ZS", 2019, jurisdictions=registry().members("OECD"))
    rows = {x.jurisdiction: x for x in r.rows}
    assert rows["JPN"].value == pytest.approx(3.2, abs=0.05)  # printed to one decimal: 3.22 in WDI
    # Seed error: among OECD members Israel (4.93 % in MSTI-2021, 5.36 % now) is above Korea, and Sweden
    # (3.39 %) above Japan, in the seed's own OECD source too: Japan is 4th, not "2nd after Korea".
    assert rows["ISR"].rank == 1 and rows["KOR"].rank == 2
    assert rows["JPN"].rank >= 3


@pytest.mark.parametrize("year", [2010, 2016, 2021])
def test_000_tables5_6_top_partners_of_usa_and_china(db, year):
    """表5–6 (OECD.AI, AI publications): US partners EU, China, UK, Canada, Germany…; China's partners USA,
    EU, UK, Australia, Canada, Singapore, Japan… Our analogue: OpenAlex co-authorship (all fields, whole
    counts, ends 2023), with EU27 as the sum over its members' pair counts (an upper bound)."""
    us = top_partners(db, "OPENALEX.COAUTHOR", "USA", year, n=8, groups=["EU27"])
    cn = top_partners(db, "OPENALEX.COAUTHOR", "CHN", year, n=8, groups=["EU27"])
    us_p = [r.partner for r in us.rows]
    cn_p = [r.partner for r in cn.rows if r.partner != "HKG"]  # OECD.AI counts Hong Kong with China
    assert us_p[0] == "EU27" and cn_p[:2] == ["USA", "EU27"]  # as printed every year
    # The seed's US top 6 (EU, CN, GB, CA, DE, FR or AU) — five of them are in our top 6 every year; China
    # ranks 4th in 2010 in all fields (2nd in AI), so the set, not the order, is compared.
    printed_us = {"EU27", "CHN", "GBR", "CAN", "DEU"}
    assert printed_us <= set(us_p[:6])
    printed_cn = {"USA", "EU27", "GBR", "AUS", "CAN", "JPN"}
    assert len(printed_cn & set(cn_p[:7])) >= 5
    # US–China pair: symmetric in both tables, as in the seed
    assert next(r.value for r in us.rows if r.partner == "CHN") == next(r.value for r in cn.rows if r.partner == "USA")


def test_000_us_china_collaboration_growth_2010_2021(db):
    """表5–6: US–China AI collaborations ×4.45 from 2010 to 2021 (4074 → 18113). In all fields (OpenAlex)
    the pair grew ×3.8: AI collaboration grew faster than science overall — direction agrees, size differs."""
    a = {r.partner: r.value for r in top_partners(db, "OPENALEX.COAUTHOR", "USA", 2010, n=20).rows}
    b = {r.partner: r.value for r in top_partners(db, "OPENALEX.COAUTHOR", "USA", 2021, n=20).rows}
    growth = b["CHN"] / a["CHN"]
    assert 3.0 < growth < 4.45
    assert growth > b["GBR"] / a["GBR"] and growth > b["DEU"] / a["DEU"]  # the fastest-growing large pair
