"""The most cited AI, data, chip and digital strategies and laws of the major economies are present ONCE each in
a built database, with the right jurisdiction and date, and every source that holds them merged into that event."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

# (jurisdiction, pattern matching the policy's titles in any source, year, sources that hold it)
LANDMARKS: list[tuple[str, str, int, set[str]]] = [
    ("EU", r"^(eu )?(artificial intelligence|ai) act( \(.*\))?$|2024/1689", 2024, {"agora", "oecd_ai_list", "oecd_ai"}),
    ("EU", r"general data protection regulation|\bgdpr\b", 2016, {"stip", "oecd_ai_list"}),
    ("EU", r"^(eu |european )?data act\b", 2023, set()),
    ("EU", r"^digital services act( \(|$)", 2022, set()),
    ("EU", r"^digital markets act", 2022, set()),
    ("EU", r"^(european |eu )?chips act", 2023, set()),
    ("EU", r"^(european )?coordinated plan on (artificial intelligence|ai)( \(com|$)", 2018,
     {"oecd_ai", "oecd_ai_list", "stip"}),
    ("EU", r"white paper on (artificial intelligence|ai)", 2020, {"oecd_ai", "oecd_ai_list", "stip"}),
    ("USA", r"^chips and science act", 2022, set()),
    ("USA", r"safe, secure,? and trustworthy development and use of (artificial intelligence|ai)|14110", 2023,
     {"agora", "oecd_ai_list", "oecd_ai"}),
    ("USA", r"national (artificial intelligence|ai) initiative act", 2021, {"agora", "oecd_ai_list"}),
    ("USA", r"maintaining american leadership in (artificial intelligence|ai)|13859", 2019,
     {"agora", "oecd_ai_list", "stip"}),
    ("USA", r"blueprint for an ai bill of rights", 2022, {"agora"}),
    ("USA", r"^nist (ai|artificial intelligence) risk management framework", 2023, {"agora"}),
    ("GBR", r"^(uk )?national (ai|artificial intelligence) strategy$", 2021, {"nat_ai", "oecd_ai_list", "oecd_ai"}),
    ("GBR", r"^online safety act", 2023, set()),
    ("JPN", r"^ai strategy( 2019| of japan)?$", 2019, {"stip", "oecd_ai_list", "oecd_ai"}),
    ("JPN", r"^個人情報の保護に関する法律$|^act on the protection of personal information", 2003,
     {"japan_laws", "oecd_ai_list"}),
    ("KOR", r"^(the )?national strategy for (artificial intelligence|ai)$", 2019, {"stip", "oecd_ai_list", "oecd_ai"}),
    ("IND", r"^national strategy (for|on) (artificial intelligence|ai)", 2018, {"stip", "oecd_ai_list", "oecd_ai"}),
    ("DEU", r"^(federal government's )?artificial intelligence strategy|^ki-strategie|^strategie künstliche intelligenz", 2018,
     {"nat_ai", "stip"}),
    ("FRA", r"^ai for humanity", 2018, {"stip"}),
    ("CAN", r"^pan-canadian (artificial intelligence|ai) strategy$", 2017, {"stip", "oecd_ai_list"}),
    ("SGP", r"^(singapore's )?national (artificial intelligence|ai) strategy( \(nais\)| 1\.0)?$", 2019,
     {"stip", "oecd_ai_list", "oecd_ai"}),
    ("BRA", r"general (personal )?data protection law|general law on (protection of personal data|data protection)",
     2018, {"stip", "oecd_ai_list", "oecd_ai"}),
    ("CHN", r"(^|印发)《?新一代人工智能发展规划》?(的通知)?$|^(national )?new generation (artificial intelligence|ai) (development )?plan$",
     2017, {"agora", "stip", "oecd_ai_list", "china_gov"}),
    ("CHN", r"^(中华人民共和国)?数据安全法$|^data security law", 2021, {"lawrefbook"}),
    ("CHN", r"^(中华人民共和国)?个人信息保护法$|^personal information protection law", 2021, {"lawrefbook"}),
    ("CHN", r"^(中华人民共和国)?网络安全法$|^cyber ?security law", 2016, {"lawrefbook"}),
    ("CHN", r"生成式人工智能服务管理暂行办法|^interim measures for the management of generative", 2023, {"agora"}),
    ("CHN", r"互联网信息服务算法推荐管理规定|algorithm(ic)? recommendation", 2021, {"agora", "oecd_ai_list"}),
]


@pytest.fixture(scope="module")
def con(built_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def _titles(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(event id, jurisdiction, title) for every title an event carries or any of its sources gives."""
    return con.execute(
        "SELECT e.id, e.jurisdiction, t FROM main.events e, "
        "unnest([e.title, e.title_en, e.title_zh, e.title_original]) AS u(t) WHERE t IS NOT NULL "
        "UNION SELECT e.id, e.jurisdiction, s.title FROM main.events e JOIN main.event_sources s ON s.event_id = e.id"
    ).fetchall()


def test_landmarks_present_once_with_jurisdiction_date_and_sources(con: duckdb.DuckDBPyConnection) -> None:
    titles = _titles(con)
    loaded = {r[0] for r in con.execute("SELECT DISTINCT source FROM main.event_sources").fetchall()}
    problems = []
    for juris, pattern, year, sources in LANDMARKS:
        pat = re.compile(pattern, re.I)
        hits = {(i, j) for i, j, t in titles if pat.search(t.strip())}
        ids = {i for i, j in hits if j == juris}
        if len(ids) != 1:
            problems.append(f"{juris} /{pattern}/: {len(ids)} events {sorted(ids)[:4]}")
            continue
        (eid,) = ids
        date, = con.execute("SELECT date FROM main.events WHERE id = ?", [eid]).fetchone()
        have = {r[0] for r in con.execute("SELECT source FROM main.event_sources WHERE event_id = ?", [eid]).fetchall()}
        if date is None or date.year != year:
            problems.append(f"{juris} /{pattern}/: date {date}, expected {year}")
        missing = (sources & loaded) - have
        if missing:
            problems.append(f"{juris} /{pattern}/: sources {sorted(missing)} not merged into {eid} ({sorted(have)})")
    assert len(LANDMARKS) >= 30
    assert not problems, "\n".join(problems)


# -- issue 11: the budgets the landmarks state (约合人民币 in the reports) ------------------------------------

def test_stated_budgets_are_amounts_converted_at_their_years_rate_with_a_citation() -> None:
    from policyscope.sources import fx
    from policyscope.sources.registry import get

    am = get("landmarks").read_raw([]).table("amounts").set_index("event_id")
    chips = am.loc["ev_landmark_us_chips_science"]
    assert (chips.currency, chips.value_in_currency_units, chips.usd) == ("USD", 52.7e9, 52.7e9)
    de = am.loc["ev_landmark_de_ki_strategie"]
    assert de.currency == "EUR" and de.fx_year == 2018
    assert de.usd == pytest.approx(3e9 / fx.rate("EUR", 2018).per_usd) and de.fx_rate == fx.rate("EUR", 2018).per_usd
    assert am.citation.str.match(r"^(budget|investment): .{30,}").all()
    india = am.loc["ev_landmark_in_indiaai_mission"]  # "₹10,371.92 crore": the Indian unit read as stated
    assert (india.currency, india.value, india.unit_text, india.value_in_currency_units) == (
        "INR", 10_371.92, "crore", 103_719_200_000)


def test_a_bad_amount_row_is_named(tmp_path: Path) -> None:
    from policyscope.sources.adapters.landmarks import landmark_text
    from policyscope.sources.base import SourceError
    from policyscope.sources.registry import get

    csv_text, _ = landmark_text()  # the packaged file, one amount made unreadable
    bad = tmp_path / "landmarks.csv"
    bad.write_text(csv_text.replace(",52700000000,", ",lots,"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"landmarks\.csv row \d+: amount 'lots'"):
        get("landmarks").read_raw([bad])


def test_built_events_carry_their_stated_budget(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT a.event_id, a.usd, e.amount_usd, a.source FROM core.amount a "
                       "JOIN core.event e ON e.id = a.event_id WHERE a.source = 'landmarks'").fetchall()
    assert len(rows) >= 6 and all(usd == amount for _, usd, amount, _ in rows)
    shown = con.execute("SELECT source, citation FROM main.amounts WHERE event_id = 'ev_landmark_eu_chips_act'").fetchall()
    assert shown and shown[0][0] == "landmarks" and shown[0][1].startswith("investment: ")
