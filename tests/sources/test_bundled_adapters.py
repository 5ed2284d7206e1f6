"""The bundled-source adapters (NCSES, EU Scoreboard/Eurostat, AGORA, OECD.AI, national AI strategies) on the
real raw files in ../shared/data, the Parquet snapshot round trip, and bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from policyscope.model.entities import PolicyEvent
from policyscope.sources.base import TABLES, Bundle, SourceError
from policyscope.sources.registry import get
from policyscope.sources.snapshot import SNAPSHOT_DIR, load_bundle, prepare

MINE = ("ncses", "eu_rd", "agora", "oecd_ai", "nat_ai")


def _read(name: str, data: Path) -> Bundle:
    ad = get(name)
    b = ad.read_raw([data / p for p in ad.raw_paths])
    b.validate()
    return b


@pytest.fixture(scope="module")
def ncses(shared_data: Path) -> Bundle:
    return _read("ncses", shared_data)


@pytest.fixture(scope="module")
def agora(shared_data: Path) -> Bundle:
    return _read("agora", shared_data)


def _obs(b: Bundle, code: str, juris: str, year: int) -> float:
    o = b.table("observations")
    hit = o[(o.indicator == code) & (o.jurisdiction == juris) & (o.year == year)]
    assert len(hit) == 1, (code, juris, year, len(hit))
    return float(hit["value"].iloc[0])


# -- NCSES ------------------------------------------------------------------------------------------------------

def test_ncses_pct_known_values(ncses: Bundle) -> None:
    assert _obs(ncses, "NCSES.PCT.ALL", "CHN", 2022) == 68_558
    assert _obs(ncses, "NCSES.PCT.ALL", "USA", 2022) == 58_218
    assert _obs(ncses, "NCSES.PCT.ALL", "JPN", 2022) == 48_222
    assert _obs(ncses, "NCSES.PCT.ALL", "KOR", 2022) == 20_776
    o = ncses.table("observations")
    pct = o[o.indicator.str.startswith("NCSES.PCT.")]
    assert set(pct.indicator) == {f"NCSES.PCT.{f}" for f in ("ALL", "CHEM", "ELEC", "INSTR", "MECH", "OTHER")}
    assert pct.year.between(2000, 2022).all()  # the `total` period is skipped
    # EU-27 (EPO filings credited to it) is the Union, not our member-state sum EU27; regions are not jurisdictions
    assert _obs(ncses, "NCSES.PCT.ALL", "EU", 2022) == 50_800
    assert not o.jurisdiction.isin(["EU27", "WORLD", "WIPO", "OECD"]).any()
    # NCSES's own world total (countries + EPO route + WIPO direct filings) is the official denominator: WLD
    assert _obs(ncses, "NCSES.PCT.ALL", "WLD", 2022) == 264_901


def test_ncses_other_tables(ncses: Bundle) -> None:
    assert _obs(ncses, "NCSES.GERD_PPP_LATEST", "USA", 2019) == pytest.approx(668_351.2)
    assert _obs(ncses, "NCSES.GERD_GDP_PCT_LATEST", "USA", 2019) == pytest.approx(3.13)
    # selected years: "Australia (2019)" puts the 2021-or-latest column at 2019
    assert _obs(ncses, "NCSES.GERD_PPP", "AUS", 2019) == pytest.approx(24.06)
    assert _obs(ncses, "NCSES.GERD_PPP", "USA", 2021) == pytest.approx(806.01)
    assert _obs(ncses, "NCSES.GERD_PERF_SHARE.BES", "AUS", 2019) == pytest.approx(51.0)
    assert _obs(ncses, "NCSES.GERD_FUND_SHARE.GOV", "USA", 2021) == pytest.approx(19.9)
    assert _obs(ncses, "NCSES.VC", "USA", 2022) == 247_925
    assert _obs(ncses, "NCSES.VC.AI", "CHN", 2020) == 16_923
    assert _obs(ncses, "NCSES.INTL_COAUTHORED", "USA", 2003) == 88_958
    o = ncses.table("observations")
    codes = set(o.indicator)
    assert {"NCSES.USPTO.ALL", "NCSES.USPTO.GREEN.ALL", "NCSES.ARTICLES.SE", "NCSES.ARTICLES.AI"} <= codes
    # NCSES "NA" (Canada's AI VC in 2000) is missing, never zero
    assert o[(o.indicator == "NCSES.VC.AI") & (o.jurisdiction == "CAN") & (o.year == 2000)].empty
    assert _obs(ncses, "NCSES.VC.AI", "CAN", 2001) == 10


def test_ncses_coauthorship_edges(ncses: Bundle) -> None:
    e = ncses.table("edges")
    us_cn = e[(e.indicator == "NCSES.COAUTHOR") & (e.a == "USA") & (e.b == "CHN")].set_index("year")["value"]
    assert us_cn.to_dict() == {2003: 5_588.0, 2022: 58_546.0}
    assert (e.a != e.b).all()
    co = e[e.indicator == "NCSES.COAUTHOR"]
    sym = co.merge(co, left_on=["year", "a", "b"], right_on=["year", "b", "a"])
    assert len(sym) == len(co) and (sym.value_x == sym.value_y).all()
    ai = e[e.indicator == "NCSES.COAUTHOR.AI"]
    assert set(ai.year) == {2022} and len(ai) == 60 * 59
    ind = ncses.table("indicators").set_index("code")
    assert "cumulative 2003–2022" in ind.loc["NCSES.COAUTHOR.AI", "name_en"] + ind.loc["NCSES.COAUTHOR.AI", "definition"]
    assert "EU-27" in ind.loc["NCSES.PCT.ALL", "definition"]


def test_ncses_catalogue_complete_and_unknown_names_listed(ncses: Bundle) -> None:
    ind = ncses.table("indicators")
    assert set(ind.code) == set(ncses.table("observations").indicator) | set(ncses.table("edges").indicator)
    for col in ("name_en", "name_zh", "unit", "source", "licence", "definition"):
        assert ind[col].str.len().gt(0).all(), col
    assert (ind.source == "NSF NCSES, Science and Engineering Indicators").all()
    # historical or disputed entities without one code are reported, not silently dropped
    assert {"Yugoslavia", "Serbia and Montenegro", "West Bank", "Gaza Strip"} <= set(ncses.unknown_names)
    shipped = json.loads((SNAPSHOT_DIR / "ncses.unknown_names.json").read_text(encoding="utf-8"))
    assert shipped == ncses.unknown_names


def test_ncses_special_values_dropped_and_garbage_named(tmp_path: Path) -> None:
    head = "table_id,table_number,table_title,entity_path,entity,hierarchy_depth,period,value\n"
    rows = [f"1,SINV-11,t,World -> Asia -> {c},{c},3,{y},{v}\n"
            for c, y, v in [("China", 2021, "na"), ("China", 2022, "D"), ("Japan", 2022, "-"), ("Japan", 2021, "7"),
                            ("Japan", "total", "7")]]
    good = tmp_path / "pct.csv"
    good.write_text(head + "".join(rows), encoding="utf-8")
    b = get("ncses").read_raw([good])
    o = b.table("observations")
    assert o[["jurisdiction", "year", "value"]].values.tolist() == [["JPN", 2021, 7.0]]
    bad = tmp_path / "pct_bad.csv"
    bad.write_text(head + "1,SINV-11,t,Japan,Japan,3,2020,12abc\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"pct_bad\.csv.*12abc"):
        get("ncses").read_raw([bad])


# -- EU Scoreboard / Eurostat -----------------------------------------------------------------------------------

def test_eu_rd_companies_and_gerd(shared_data: Path) -> None:
    b = _read("eu_rd", shared_data)
    c = b.table("companies")
    assert list(c.columns) == TABLES["companies"]
    assert len(c) == 2255
    assert c.groupby("jurisdiction").size().to_dict() == {"CHN": 556, "EU": 1000, "USA": 699}
    assert c["value"].sum() == pytest.approx(998.9, abs=0.05)
    assert c.set_index("name").loc["ALPHABET", "value"] == pytest.approx(39.804, abs=1e-3)
    assert (c.year == 2023).all() and c.source.str.contains("inferred").all()
    assert _obs(b, "EUSB.COMPANY_RD_EUR", "USA", 2023) == pytest.approx(c[c.jurisdiction == "USA"]["value"].sum())
    assert _obs(b, "EUSB.COMPANY_COUNT", "EU", 2023) == 1000
    # Eurostat: Austria 2013 straight from the raw file (RD_COU_TOTAL_TOTAL, RD_COU_TOTAL_BES, RD_GDP_TOTAL_TOTAL)
    assert _obs(b, "EUROSTAT.GERD_EUR", "AUT", 2013) == pytest.approx(9571.282)
    assert _obs(b, "EUROSTAT.GERD_BES_EUR", "AUT", 2013) == pytest.approx(6778.42)
    assert _obs(b, "EUROSTAT.GERD_PCT_GDP", "AUT", 2013) == pytest.approx(2.98)
    assert _obs(b, "EUROSTAT.GERD_EUR", "CHN", 2021) > 0  # CN_X_HK → CHN
    codes = set(b.table("indicators").code)
    assert {"EUROSTAT.GERD_EUR", "EUROSTAT.GERD_BES_EUR", "EUROSTAT.GERD_GOV_EUR", "EUROSTAT.GERD_HES_EUR",
            "EUROSTAT.GERD_PCT_GDP", "EUSB.COMPANY_RD_EUR"} <= codes
    assert b.table("indicators").definition.str.contains("inferred").any()


# -- AGORA ------------------------------------------------------------------------------------------------------

def test_agora_documents_and_events(agora: Bundle, shared_data: Path) -> None:
    d, e = agora.table("documents"), agora.table("events")
    assert len(d) == 763 and len(e) == 763
    assert d.id.is_unique and e.id.is_unique
    assert (d.text == "").all()  # metadata only: the full texts are not open
    assert set(e.document_id) == set(d.id)
    assert (e.origin == "agora").all() and e.domains.map(lambda x: "ai" in x).all()
    for rec in e.to_dict("records"):  # every row is a valid PolicyEvent
        PolicyEvent(**{k: v for k, v in rec.items() if k not in ("document_id", "line", "quote")})
    ai_act = e.set_index("id").loc["ev_agora_757"]
    assert (ai_act.jurisdiction, ai_act.type, ai_act.status) == ("EU", "law_regulation", "adopted")
    assert str(ai_act.date) == "2024-03-13"
    raw = pd.read_csv(shared_data / "agora_ai_governance/documents.csv", encoding="utf-8-sig")
    china = set(raw.loc[raw.Authority == "Chinese central government", "AGORA ID"].map(lambda i: f"ev_agora_{i}"))
    assert len(china) == 17 and (e.set_index("id").loc[sorted(china), "jurisdiction"] == "CHN").all()
    meta = d.set_index("id").loc["agora:380", "meta"]
    assert meta["subnational"] == "Rhode Island" and d.set_index("id").loc["agora:380", "jurisdiction"] == "USA"
    assert e.status.value_counts().to_dict() == {"adopted": 356, "defunct": 356, "proposed": 50, "expired": 1}
    assert {"data", "cybersecurity", "biotech_health", "talent_education"} <= set(e.domains.explode())
    assert agora.unknown_names == []


def test_agora_fulltext_not_in_snapshot(shared_data: Path) -> None:
    first = json.loads((shared_data / "agora_ai_governance/fulltext.jsonl").open(encoding="utf-8").readline())
    sample = first["text"][200:260]
    docs = pd.read_parquet(SNAPSHOT_DIR / "agora.documents.parquet")
    assert (docs.text.fillna("") == "").all()
    for f in SNAPSHOT_DIR.glob("agora.*.parquet"):
        assert sample not in pd.read_parquet(f).to_csv()


# -- OECD.AI ----------------------------------------------------------------------------------------------------

def test_oecd_ai_policy_events(shared_data: Path) -> None:
    b = _read("oecd_ai", shared_data)
    e = b.table("events")
    assert len(e) == 300 and e.id.is_unique and (e.origin == "oecd_ai").all()
    assert {"EU", "UN", "AFU", "USA", "CHN", "TUR", "KOR"} <= set(e.jurisdiction)
    assert (e.domains.map(list) == pd.Series([["ai"]] * 300)).all()
    assert e.url.notna().all() and e.title_en.notna().all()
    by_title = e.set_index("title")
    assert by_title.loc["COORDINATED PLAN ON ARTIFICIAL INTELLIGENCE", "jurisdiction"] == "EU"
    assert e.type.value_counts()["strategy"] >= 30
    assert b.unknown_names == []


def test_oecd_ai_partner_data_readable_but_not_bundled(shared_data: Path) -> None:
    ad = get("oecd_ai_partner")
    assert ad.bundled is False
    b = _read("oecd_ai_partner", shared_data)
    o = b.table("observations")
    assert set(o.indicator) == {"OECDAI.VC_AI", "OECDAI.AI_TALENT_MIGRATION"}
    assert _obs(b, "OECDAI.VC_AI", "USA", 2012) == pytest.approx(4775.340195)
    assert not list(SNAPSHOT_DIR.glob("oecd_ai_partner.*"))
    assert not pd.read_parquet(SNAPSHOT_DIR / "oecd_ai.events.parquet").empty


# -- national AI strategies -------------------------------------------------------------------------------------

def test_nat_ai_strategies(shared_data: Path) -> None:
    b = _read("nat_ai", shared_data)
    d, e = b.table("documents"), b.table("events")
    assert len(e) == 22 and (e.type == "strategy").all() and (e.date_precision == "year").all()
    assert (d.text.str.len() > 0).sum() == 19  # Latvia, Slovenia and the UK have no text file
    de = d[d.jurisdiction == "DEU"].iloc[0]
    raw = (shared_data / "national_ai_strategies/text/2018-DE-en.txt").read_bytes()
    assert de.id == hashlib.sha256(raw).hexdigest() and de.text == raw.decode("utf-8")
    fin = e[e.jurisdiction == "FIN"].iloc[0]
    assert str(fin.date) == "2017-01-01" and fin.title == "Finland's Age of Artificial Intelligence"
    assert set(e.document_id) == set(d.id)


# -- bad input --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", MINE)
def test_truncated_raw_file_with_wrong_columns_names_the_file(name: str, tmp_path: Path) -> None:
    bad = tmp_path / f"{name}_broken.csv"
    bad.write_text("foo,bar\n1,2\n3", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{name}_broken\.csv"):
        get(name).read_raw([bad])


@pytest.mark.parametrize("name", MINE)
def test_missing_raw_file_is_named(name: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nowhere\.csv.*does not exist"):
        get(name).read_raw([tmp_path / "nowhere.csv"])


def test_corrupt_bundled_parquet_gives_clear_error(tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    shutil.copytree(SNAPSHOT_DIR, snap)
    (snap / "agora.events.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(SourceError, match=r"agora\.events\.parquet is unreadable"):
        load_bundle("agora", snap)
    (snap / "eu_rd.companies.parquet").write_bytes(b"")
    with pytest.raises(SourceError, match=r"eu_rd\.companies\.parquet"):
        load_bundle("eu_rd", snap)


# -- snapshot ---------------------------------------------------------------------------------------------------

def test_snapshot_round_trip(shared_data: Path, tmp_path: Path) -> None:
    summary = prepare(shared_data, list(MINE), out_dir=tmp_path)
    assert summary["agora"] == {"documents": 763, "events": 763}
    assert summary["eu_rd"]["companies"] == 2255
    for name in MINE:
        fresh = _read(name, shared_data)
        back = load_bundle(name, tmp_path)
        assert set(back.tables) == set(fresh.tables), name
        for table, df in fresh.tables.items():
            got = back.tables[table]
            assert len(got) == len(df), (name, table)
            if table in ("observations", "edges"):
                keys = [c for c in TABLES[table] if c != "value"]
                m = df.merge(got, on=keys, suffixes=("", "_b"))
                assert len(m) == len(df) and (m.value == m.value_b).all(), (name, table)
        # the shipped snapshot equals a fresh preparation (no stale bundled files)
        for f in tmp_path.glob(f"{name}.*.parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(f), pd.read_parquet(SNAPSHOT_DIR / f.name), check_dtype=False)


def test_snapshot_small() -> None:
    total = sum(f.stat().st_size for f in SNAPSHOT_DIR.iterdir())
    # 25 MB since the event base (issue 9): STIP/CCLW/EEA event lists with descriptions, LawRefBook/MEE texts
    assert total < 25 * 1024 * 1024


# -- the built database -----------------------------------------------------------------------------------------

def test_built_db_holds_bundled_sources(built_db: Path, shared_data: Path) -> None:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert q("select count(*) from events")[0][0] >= 1000
        # every bundled record is kept as a source of one event, merged or not (core.event_source)
        origins = dict(q("select source, count(distinct record_id) from core.event_source where source in "
                         "('agora','oecd_ai','nat_ai') group by 1"))
        assert origins == {"agora": 763, "oecd_ai": 300, "nat_ai": 22}
        own_events = q("select count(*) from core.event where origin in ('agora','oecd_ai','nat_ai')")[0][0]
        assert 0 < own_events <= 763 + 300 + 22
        wdi = set(pd.read_csv(shared_data / "wdi_innovation/indicators_metadata.csv")["indicator_code"])
        have = {r[0] for r in q("select distinct indicator from observations")}
        assert len(wdi) == 30 and wdi <= have
        assert q("select value from observations where indicator='NCSES.PCT.ALL' and jurisdiction='CHN' "
                 "and year=2022")[0][0] == 68_558
        assert q("select value from edges where indicator='NCSES.COAUTHOR' and year=2022 and a='USA' "
                 "and b='CHN'")[0][0] == 58_546
        assert q("select count(*), round(sum(value), 1) from companies")[0] == (2255, 998.9)
        missing_zh = q("select code from indicators where (code like 'NCSES.%' or code like 'EUROSTAT.%' or "
                       "code like 'EUSB.%') and (name_zh is null or name_zh = '' or definition = '')")
        assert missing_zh == []
        assert q("select count(*) from documents where id like 'agora:%' and chars = 0")[0][0] == 763
    finally:
        con.close()


def test_docs_list_every_bundled_indicator_code() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "data-sources.md").read_text(encoding="utf-8")
    codes = pd.concat([pd.read_parquet(f) for f in SNAPSHOT_DIR.glob("*.indicators.parquet")])["code"]
    missing = [c for c in codes if f"`{c}`" not in doc]
    assert not missing, f"docs/data-sources.md is stale (run scripts/data_sources_doc.py): {missing[:5]}"
    sources_md = (SNAPSHOT_DIR.parent / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("wdi", "fred", "openalex", *MINE):
        assert f"## `{name}`" in sources_md, name


def test_cli_imports_a_single_newer_ncses_table(writable_db: Path, shared_data: Path) -> None:
    from tests.conftest import run_cli

    vc = shared_data / "ncses_sei_indicators/venture_capital_by_country_2003_2022.csv"
    con = duckdb.connect(str(writable_db))
    con.execute("DELETE FROM core.observation WHERE indicator = 'NCSES.VC'")
    con.close()
    r = run_cli("sources", "import", "ncses", str(vc), db=writable_db)
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(writable_db), read_only=True)
    try:
        assert con.execute("SELECT value FROM observations WHERE indicator='NCSES.VC' AND jurisdiction='USA' "
                           "AND year=2022").fetchone()[0] == 247_925
        assert con.execute("SELECT count(*) FROM observations WHERE indicator='NCSES.PCT.ALL'").fetchone()[0] > 0
    finally:
        con.close()
    bad = run_cli("sources", "import", "ncses", str(shared_data / "agora_ai_governance/collections.csv"),
                  db=writable_db)
    assert bad.returncode != 0 and "collections.csv" in (bad.stdout + bad.stderr)
