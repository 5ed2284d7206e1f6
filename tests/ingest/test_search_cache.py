"""The tantivy index is derived from the database: a directory named by the catalogue's stamp, made before a
query is answered. It must answer as an index made from nothing does, follow an ingest made by another
process, a `build` that swaps in a new file, a transaction's own uncommitted writes and a killed ingest (real
subprocesses of the real CLI, real database files)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

import policyscope.store.search as S  # noqa: E402
from policyscope.store.database import Database, open_db  # noqa: E402

QUERIES = ["人工智能", "集成电路 出口管制", "artificial intelligence", "semiconductor export controls", "5G",
           "数据安全", "quantum computing", "facial recognition"]
FILTERS = [{}, {"jurisdiction": "CHN"}, {"kinds": ("event",), "domain": "ai", "date_from": "2019"},
           {"kinds": ("document",), "jurisdiction": "USA"}, {"kinds": ("event",), "type": "strategy"}]


def _same(a: object, b: object, rel: float = 0.02) -> None:
    """The same hits with the same scores, within ``rel``: an index updated from an older directory still
    counts its deleted items in BM25's statistics until tantivy merges their segment away, so near-equal
    scores may swap places, and a hit at the cut-off may give way to its near-equal neighbour."""
    sa = dict(zip(zip(a["kind"], a["id"], strict=True), a["score"], strict=True))  # type: ignore[index]
    sb = dict(zip(zip(b["kind"], b["id"], strict=True), b["score"], strict=True))  # type: ignore[index]
    assert len(sa) == len(sb), (len(sa), len(sb))
    common = set(sa) & set(sb)
    assert len(common) >= len(sb) - max(1, len(sb) // 10)
    for k in common:
        assert abs(sa[k] - sb[k]) <= 2e-4 + rel * abs(sb[k]), (k, sa[k], sb[k])


@contextmanager
def _search_dir(folder: Path) -> Iterator[None]:
    """Search indexes in a folder of this test's own: what it starts from does not depend on which tests of the
    session (or of this pytest worker) made or updated an index of the same stamp before it."""
    old = os.environ["POLICYSCOPE_SEARCH_DIR"]
    os.environ["POLICYSCOPE_SEARCH_DIR"] = str(folder)
    S.clear_cache()
    try:
        yield
    finally:
        os.environ["POLICYSCOPE_SEARCH_DIR"] = old
        S.clear_cache()


@contextmanager
def _from_nothing(db_path: Path, tmp: Path) -> Iterator[Database]:
    """The database with an index made from nothing in another folder (no directory to start from)."""
    with _search_dir(tmp / f"fresh-{time.monotonic_ns()}"), open_db(db_path, read_only=True) as db:
        yield db


@pytest.fixture()
def copy_db(built_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "policyscope.duckdb"
    shutil.copy(built_db, path)
    return path


def test_the_index_is_a_directory_named_by_the_stamp(copy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the index sits beside the database, ``<db>.search/<stamp>/``, made once per stamp; a new
    stamp gets a new directory and the old one is no longer used."""
    monkeypatch.delenv("POLICYSCOPE_SEARCH_DIR")
    S.clear_cache()
    with open_db(copy_db) as db:
        stamp = S.index_version(db.con)
        made = S.CACHE_STATS["made"]
        hits = S.search(db, "人工智能", limit=10)
        assert len(hits) == 10
        assert (copy_db.parent / "policyscope.duckdb.search" / stamp / "items.parquet").is_file()
        assert S.CACHE_STATS["made"] == made + 1
        S.search(db, "artificial intelligence", limit=10)
        assert S.CACHE_STATS["made"] == made + 1  # the directory of this stamp is made once
        eid = db.scalar("SELECT id FROM core.event ORDER BY id LIMIT 1")
        with db.transaction() as con:
            con.execute("UPDATE core.event SET title = '量子互联网试点示范工程', updated_at = current_timestamp "
                        "WHERE id = ?", [eid])
            assert S.sync_index(con)["events"] == 1
        new = S.index_version(db.con)
        assert new != stamp
        assert S.search(db, "量子互联网试点示范工程", kinds=("event",), limit=3)["id"].iloc[0] == eid
        assert (copy_db.parent / "policyscope.duckdb.search" / new).is_dir()
        assert S.CACHE_STATS["made"] == made + 2
    S.clear_cache()


def test_an_updated_index_answers_as_one_made_from_nothing(copy_db: Path, tmp_path: Path) -> None:
    """An index made from the previous stamp's directory (deletes and additions only) ranks as one made from
    nothing, with every filter: the same hits in the same order; the scores within 1 % (BM25's statistics
    count a deleted item until tantivy merges its segment away)."""
    with _search_dir(tmp_path / "updated"), open_db(copy_db) as db:
        S.search(db, "人工智能", limit=5)  # the directory of the current stamp, made here
        doomed = db.con.execute("SELECT id FROM core.event WHERE title ILIKE '%artificial intelligence%' "
                                "ORDER BY id LIMIT 3").fetchall()
        with db.transaction() as con:
            con.execute("DELETE FROM core.evidence WHERE event_id IN (SELECT unnest(?))", [[r[0] for r in doomed]])
            con.execute("DELETE FROM core.event WHERE id IN (SELECT unnest(?))", [[r[0] for r in doomed]])
            con.execute("UPDATE core.event SET title = title || ' 集成电路出口管制', updated_at = current_timestamp "
                        "WHERE id IN (SELECT id FROM core.event ORDER BY id LIMIT 5)")
            assert S.sync_index(con)["removed"] == 3
        made = S.CACHE_STATS["made"]
        updated = {(q, str(f)): S.search(db, q, limit=50, snippets=False, **f) for q in QUERIES for f in FILTERS}
        assert S.CACHE_STATS["made"] == made + 1
    with _from_nothing(copy_db, tmp_path) as db:
        for q in QUERIES:
            for f in FILTERS:
                ref = S.search(db, q, limit=50, snippets=False, **f)
                assert set(ref["id"]).isdisjoint(r[0] for r in doomed)
                _same(updated[(q, str(f))], ref)


def test_an_ingest_in_another_process_is_searched_at_once(copy_db: Path, tmp_path: Path) -> None:
    query = "第一个五年计划 国民经济"
    with open_db(copy_db, read_only=True) as db:
        v1 = S.index_version(db.con)
        before = S.search(db, query, kinds=("document",), limit=50)
    assert not before["title"].str.contains("政府工作报告").any()
    rec = mk.gov_report(1955)
    doc = tmp_path / "gwr1955.txt"
    doc.write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    res = run_cli("ingest", str(doc), "--jurisdiction", "CHN", db=copy_db)
    assert res.returncode == 0, res.stderr
    with open_db(copy_db, read_only=True) as db:
        v2 = S.index_version(db.con)
        assert v2 != v1
        assert (S.index_root(copy_db) / v2).is_dir()  # the ingest command made it already
        after = S.search(db, query, kinds=("document",), limit=50)
        top = after.iloc[0]
        assert "政府工作报告" in top["title"] and "<mark>" in top["snippet"]
        new_events = db.con.execute("SELECT id, title FROM core.event WHERE document_id = ?", [top["id"]]).fetchall()
        for eid, title in new_events[:3]:  # the events extracted from it are searchable too
            assert eid in S.search(db, title, kinds=("event",), limit=50, include_rejected=True)["id"].tolist()
    with _from_nothing(copy_db, tmp_path) as db:
        _same(after, S.search(db, query, kinds=("document",), limit=50))


def test_a_build_swap_gets_a_new_index(copy_db: Path) -> None:
    """An event removed here (catalogue and index follow) is found again after `policyscope build` in another
    process brings the bundled data back in a new file with a new stamp."""
    with open_db(copy_db) as db:
        eid, title = db.con.execute(
            "SELECT id, title FROM core.event WHERE origin <> 'extracted' AND title ILIKE '%artificial intelligence%' "
            "AND review_state NOT IN ('rejected', 'merged') ORDER BY id LIMIT 1").fetchone()
        assert eid in S.search(db, title, kinds=("event",), limit=200)["id"].tolist()
        with db.transaction() as con:
            con.execute("DELETE FROM core.evidence WHERE event_id = ?", [eid])
            con.execute("DELETE FROM core.event WHERE id = ?", [eid])
            assert S.sync_index(con)["removed"] == 1
        v1 = S.index_version(db.con)
        gone = S.search(db, title, kinds=("event",), limit=200, include_rejected=True)
        assert eid not in gone["id"].tolist()
    inode = copy_db.stat().st_ino
    res = run_cli("build", db=copy_db)
    assert res.returncode == 0, res.stderr
    assert copy_db.stat().st_ino != inode  # a new file was swapped in
    with open_db(copy_db, read_only=True) as db:
        v2 = S.index_version(db.con)
        assert v2 != v1
        assert (S.index_root(copy_db) / v2).is_dir()  # made by the build's hook
        back = S.search(db, title, kinds=("event",), limit=200)
        assert eid in back["id"].tolist()


def test_uncommitted_index_writes_are_searched_in_their_transaction(copy_db: Path) -> None:
    """Inside the transaction that catalogues a document, search sees it (the index of that stamp is made
    from what the connection sees); after a rollback neither the document nor the stamp remains."""
    from policyscope.model import Document
    from policyscope.store.documents import store_document

    rec = mk.gov_report(1956)
    doc = Document(id=Document.hash_bytes(rec["content"].encode()), title=rec["title"], lang="zh",
                   origin="test:gwr1956", jurisdiction="CHN", text=rec["content"])
    with open_db(copy_db) as db:
        v1 = S.index_version(db.con)
        S.search(db, "人工智能", limit=5)
        with pytest.raises(RuntimeError, match="roll back"), db.transaction() as con:
            store_document(con, doc)
            S.index_items(con, [doc])
            assert S.index_version(con) != v1
            hits = S.search(db, rec["title"], kinds=("document",), limit=50)
            assert doc.id in hits["id"].tolist()
            raise RuntimeError("roll back")
        assert S.index_version(db.con) == v1
        assert doc.id not in S.search(db, rec["title"], kinds=("document",), limit=50)["id"].tolist()


def test_a_killed_ingest_leaves_search_right(copy_db: Path, tmp_path: Path) -> None:
    """`kill -9` in the middle of an ingest: search then finds exactly the documents that were committed,
    ranked as an index made from nothing ranks them."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    years = []
    for y in range(1990, 2016):
        try:
            rec = mk.gov_report(y)
        except LookupError:  # a few years are missing from the corpus
            continue
        years.append(y)
        (folder / f"gwr{y}.txt").write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    with open_db(copy_db, read_only=True) as db:
        before = set(db.df("SELECT id FROM core.document")["id"])
    env = dict(os.environ, POLICYSCOPE_DB=str(copy_db), POLICYSCOPE_INGEST_BATCH="1")
    proc = subprocess.Popen([sys.executable, "-m", "policyscope", "ingest", str(folder), "--jurisdiction", "CHN"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(copy_db) + ".wal")
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:  # some documents committed (the WAL grows)
        if wal.exists() and wal.stat().st_size > 1_500_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_db(copy_db, read_only=True) as db:
        stored = set(db.df("SELECT id FROM core.document")["id"]) - before
        assert 0 < len(stored) < len(years), f"{len(stored)} of {len(years)} documents stored when killed"
        hits = S.search(db, "政府工作报告", kinds=("document",), limit=200)
        found = set(hits["id"]) - before
        assert found == stored
    with _from_nothing(copy_db, tmp_path) as db:
        _same(hits, S.search(db, "政府工作报告", kinds=("document",), limit=200))


def test_snippet_finds_traditional_and_full_width_forms() -> None:
    """Snippets match the query against the tokenizer's normalised text, but show the original."""
    text = "前言。" + "各項工作穩步推進。" * 50 + "加強數據安全保護，推進５Ｇ網絡建設。" + "其他內容。" * 50
    hl = S.highlighter("数据安全 5G")
    first = S.first_match(text, hl)
    assert first is not None and text[first:first + 4] == "數據安全"
    segs = S.snippet_segments(text, hl, 120)
    assert [s for s, hit in segs if hit] == ["數據安全", "５Ｇ"]
    assert segs[0] == ("…", False) and segs[-1] == ("…", False)
    assert S.snippet(text, hl, 120).count("<mark>") == 2
    assert S.first_match("nothing relevant here", hl) is None
    # an English stem inside Chinese text (no word boundary before the digit)
    assert S.first_match("我们发展5G网络", S.highlighter("5G")) == 4


def test_document_windows_are_the_documents_text_at_the_first_matching_passage(built_db: Path) -> None:
    """Snippet windows are read from the passages stored in the index: the very text of the document at
    their offset, on the right line, holding a query term; no earlier passage of the text holds one."""
    with open_db(built_db, read_only=True) as db:
        for q in ("artificial intelligence", "人工智能", "export controls", "5G", "数据安全"):
            hits = S.search(db, q, kinds=("document",), limit=15, snippets=False)
            ids = hits["id"].tolist()
            hl = S.highlighter(q)
            wins = S.document_windows(db, ids, hl)
            assert set(wins) == set(ids)
            texts = dict(db.con.execute("SELECT id, text FROM core.document WHERE id IN (SELECT unnest(?))",
                                        [ids]).fetchall())
            with_match = 0
            for i in ids:
                w, text = wins[i], texts[i] or ""
                assert text[w.start:w.start + len(w.text)] == w.text, (q, i)
                if w.line is None:
                    continue
                with_match += 1
                at = w.start + S.first_match(w.text, hl)
                assert text.count("\n", 0, at) + 1 == w.line
                assert S.first_match(text, hl) <= at
            assert with_match >= 3 or q == "5G", q
        assert S.document_windows(db, ["no-such-document"], S.highlighter("ai")) == {}
