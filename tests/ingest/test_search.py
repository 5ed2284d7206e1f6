"""Bilingual search over what was ingested and what the build bundles: 人工智能 and "artificial
intelligence" find the same AI events and documents; filters, highlighted snippets, hostile queries, and an
index that follows the database (ingest, review edits, rebuild)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

import policyscope.store.search as S  # noqa: E402
from policyscope.ingest.readers import ReadOptions  # noqa: E402
from policyscope.store.database import StoreError, open_db  # noqa: E402
from policyscope.store.intake import ingest  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def db_path(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("search")
    path = d / "policyscope.duckdb"
    shutil.copy(built_db, path)
    docs = d / "docs"
    docs.mkdir()
    # Chinese: the 2017 and 2018 Government Work Reports (both speak of 人工智能), as text files
    for year in (2017, 2018):
        rec = mk.gov_report(year)
        (docs / f"gwr{year}.txt").write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    with open_db(path) as db:
        report = ingest(db, [docs], opts=ReadOptions(jurisdiction="CHN"))
        assert report.summary()["errors"] == 0
    return path


def test_chinese_and_english_queries_find_the_same_ai_items(db_path: Path) -> None:
    with open_db(db_path, read_only=True) as db:
        zh = S.search(db, "人工智能", limit=400)
        en = S.search(db, "artificial intelligence", limit=400)
        ai_events = set(db.df("SELECT id FROM core.event WHERE list_contains(domains, 'ai') "
                              "AND review_state NOT IN ('rejected', 'merged')")["id"])
    for hits in (zh, en):
        ev = hits[hits["kind"] == "event"]
        assert len(ev) >= 20
        # almost every event hit is an AI event, and both languages reach events in both languages
        assert ev["id"].isin(ai_events).mean() > 0.9
        docs = hits[hits["kind"] == "document"]
        assert any(CJK.search(t or "") for t in docs["title"]), "no Chinese document found"
        assert any(not CJK.search(t or "") for t in docs["title"]), "no English document found"
    overlap = set(zh["id"]) & set(en["id"])
    assert len(overlap) >= 0.5 * min(len(zh), len(en))


def test_filters(db_path: Path) -> None:
    with open_db(db_path, read_only=True) as db:
        chn = S.search(db, "人工智能", jurisdiction="中国", limit=50)
        assert len(chn) and set(chn.loc[chn["kind"] == "event", "jurisdiction"]) <= {"CHN"}
        typed = S.search(db, "artificial intelligence", kinds=("event",), type="strategy", limit=50)
        assert len(typed) and set(typed["type"]) == {"strategy"}
        dom = S.search(db, "governance", kinds=("event",), domain="ai", date_from="2020", date_to="2021-06", limit=50)
        assert len(dom)
        assert all("ai" in list(d) for d in dom["domains"])
        assert dom["date"].between("2020-01-01", "2021-06-30").all()


def test_snippets_highlight_matches(db_path: Path) -> None:
    with open_db(db_path, read_only=True) as db:
        hits = S.search(db, "人工智能", kinds=("document",), jurisdiction="CHN", limit=100)
        zh_doc = hits[hits["title"].str.contains("政府工作报告")]
        assert len(zh_doc)
        assert "<mark>人工智能</mark>" in zh_doc["snippet"].iloc[0]
        en = S.search(db, "artificial intelligence", kinds=("event",), limit=5)
        assert all(re.search(r"<mark>artificial</mark>", s, re.I) for s in en["snippet"]), en["snippet"].tolist()


@pytest.mark.parametrize("query", [
    "'; DROP TABLE core.event; --", '"artificial intelligence"', "AI\" OR 1=1 --", "100% ai_%", "人工智能\\'",
    "SELECT * FROM search.posting", "‘quantum’ “量子”",
])
def test_hostile_queries_are_plain_words(db_path: Path, query: str) -> None:
    with open_db(db_path, read_only=True) as db:
        before = db.scalar("SELECT count(*) FROM core.event")
        hits = S.search(db, query, limit=5)
        assert isinstance(hits["score"].tolist(), list)
        assert db.scalar("SELECT count(*) FROM core.event") == before


def test_empty_and_bad_queries_are_refused_clearly(db_path: Path) -> None:
    with open_db(db_path, read_only=True) as db:
        with pytest.raises(StoreError, match="no searchable words"):
            S.search(db, "!!! ??? ，。")
        with pytest.raises(StoreError, match="YYYY"):
            S.search(db, "ai", date_from="yesterday")
        with pytest.raises(StoreError, match="limit"):
            S.search(db, "ai", limit=0)


def test_index_follows_edits_and_cli_json(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.duckdb"
    shutil.copy(db_path, path)
    with open_db(path, read_only=True) as db:
        eid = db.scalar("SELECT id FROM core.event WHERE jurisdiction = 'CHN' AND origin = 'extracted' LIMIT 1")
    from typer.testing import CliRunner

    from policyscope.cli import app

    env = {"POLICYSCOPE_DB": str(path)}  # CliRunner restores it afterwards (the --db callback sets it)
    r = CliRunner().invoke(app, ["--db", str(path), "review", "edit", eid, "title=量子互联网试点示范工程",
                                 "--actor", "tester"], env=env)
    assert r.exit_code == 0, r.output
    res = run_cli("search", "量子互联网试点示范工程", "--format", "json", "--limit", "3", db=path)
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)
    assert hits[0]["id"] == eid and "<mark>" in hits[0]["snippet"]
    r = CliRunner().invoke(app, ["--db", str(path), "search", "'; DROP TABLE x; --", "--format", "json"], env=env)
    assert r.exit_code == 0 and isinstance(json.loads(r.stdout), list)
    r = CliRunner().invoke(app, ["--db", str(path), "search", "，。"], env=env)
    assert r.exit_code == 1 and "no searchable words" in r.output


def test_index_consistent_and_rebuild_is_identical(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.duckdb"
    shutil.copy(db_path, path)
    with open_db(path) as db:
        assert all(not v for v in S.pending(db.con).values())
        before = S.index_stats(db)
        assert before["documents"] == db.scalar("SELECT count(*) FROM core.document")
        assert before["events"] == db.scalar("SELECT count(*) FROM core.event")
        q = S.search(db, "人工智能", limit=20)
        with db.transaction() as con:
            S.rebuild_index(con)
        S.ensure_index(db, full=True)  # from nothing, not from the directory of the previous stamp
        after = S.index_stats(db)
        assert (after["documents"], after["events"]) == (before["documents"], before["events"])
        again = S.search(db, "人工智能", limit=20)
        # the same hits as the index kept up to date item by item (scores may differ a little: an updated index
        # counts deleted items in BM25's statistics until tantivy merges them away, so near-equal hits may swap)
        common = set(q["id"]) & set(again["id"])
        assert len(common) >= len(q) - 2
        for i in common:
            assert again.loc[again["id"] == i, "snippet"].iloc[0] == q.loc[q["id"] == i, "snippet"].iloc[0]
        # and a second rebuild from nothing gives exactly the same answer, scores included
        with db.transaction() as con:
            S.rebuild_index(con)
        S.ensure_index(db, full=True)
        third = S.search(db, "人工智能", limit=20)
        assert third[["id", "score", "snippet"]].equals(again[["id", "score", "snippet"]])


def test_build_swap_carries_documents_and_rebuilds_the_index(db_path: Path, tmp_path: Path) -> None:
    """`policyscope build` writes a new file and swaps it in; the ingested documents come along and the
    post-build hook indexes them with the bundled events, so search finds both right away."""
    from policyscope.store.build import POST_BUILD_HOOKS, build

    assert S._build_hook in POST_BUILD_HOOKS
    path = tmp_path / "b.duckdb"
    shutil.copy(db_path, path)
    build(path, progress=False)
    with open_db(path) as db:
        assert all(not v for v in S.pending(db.con).values())
        hits = S.search(db, "政府工作报告 人工智能", kinds=("document",), jurisdiction="CHN", limit=50)
        assert hits["title"].str.contains("政府工作报告").any()
        bundled = S.search(db, "artificial intelligence", kinds=("event",), limit=50)
        assert len(bundled) == 50 and bundled["id"].str.len().gt(0).all()
