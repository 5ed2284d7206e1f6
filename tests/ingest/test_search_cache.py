"""The in-memory search index is a cache of the postings in the DuckDB file, keyed by the index's version
stamp: it must answer exactly as the tables do, and must notice an ingest made by another process and a
`build` that swaps in a new file (real subprocesses of the real CLI, real database files)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

import policyscope.store.search as S  # noqa: E402
from policyscope.store.database import open_db  # noqa: E402

QUERIES = ["人工智能", "集成电路 出口管制", "artificial intelligence", "semiconductor export controls", "5G",
           "数据安全", "quantum computing", "facial recognition"]
FILTERS = [{}, {"jurisdiction": "CHN"}, {"kinds": ("event",), "domain": "ai", "date_from": "2019"},
           {"kinds": ("document",), "jurisdiction": "USA"}, {"kinds": ("event",), "type": "strategy"}]


def _same(a: object, b: object) -> None:
    """Same hits in the same order with the same scores (to the 4 decimals both are rounded to)."""
    assert a["id"].tolist() == b["id"].tolist()  # type: ignore[index]
    assert a["kind"].tolist() == b["kind"].tolist()  # type: ignore[index]
    assert (abs(a["score"] - b["score"]) <= 2e-4).all()  # type: ignore[index,operator]


@pytest.fixture()
def copy_db(built_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "policyscope.duckdb"
    shutil.copy(built_db, path)
    return path


def test_cached_ranking_equals_ranking_from_the_tables(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        for q in QUERIES:
            for f in FILTERS:
                cached = S.search(db, q, limit=50, snippets=False, **f)
                direct = S.search(db, q, limit=50, snippets=False, use_cache=False, **f)
                _same(cached, direct)
        # the whole ranking, not only the head: every item holding a query term, with its score
        full = S.search(db, "artificial intelligence 人工智能", limit=1000, include_rejected=True, snippets=False)
        ref = S.search(db, "artificial intelligence 人工智能", limit=1000, include_rejected=True, snippets=False,
                       use_cache=False)
        assert len(full) > 300
        _same(full, ref)
        loaded = S._cached_index(db.con)
        assert loaded is not None and loaded.version == S.index_version(db.con)
        assert loaded.kinds["event"].n == db.scalar("SELECT count(*) FROM search.doc WHERE kind = 'event'")


def test_an_ingest_in_another_process_invalidates_the_cache(copy_db: Path, tmp_path: Path) -> None:
    query = "第一个五年计划 国民经济"
    with open_db(copy_db, read_only=True) as db:
        v1 = S.index_version(db.con)
        before = S.search(db, query, kinds=("document",), limit=50)
        assert S._CACHE.get(v1) is not None  # this process now holds the index of v1
    assert not before["title"].str.contains("政府工作报告").any()
    rec = mk.gov_report(1955)
    doc = tmp_path / "gwr1955.txt"
    doc.write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    res = run_cli("ingest", str(doc), "--jurisdiction", "CHN", db=copy_db)
    assert res.returncode == 0, res.stderr
    with open_db(copy_db, read_only=True) as db:
        v2 = S.index_version(db.con)
        assert v2 != v1
        loads = S.CACHE_STATS["loads"]
        after = S.search(db, query, kinds=("document",), limit=50)
        assert S.CACHE_STATS["loads"] == loads + 1  # the new stamp was loaded, the old copy not used
        top = after.iloc[0]
        assert "政府工作报告" in top["title"] and "<mark>" in top["snippet"]
        _same(after, S.search(db, query, kinds=("document",), limit=50, use_cache=False))
        # the events extracted from the new report are searchable too
        new_events = db.df("SELECT id FROM core.event WHERE document_id = ?", [top["id"]])["id"].tolist()
        if new_events:
            ev = S.search(db, query, kinds=("event",), limit=1000, include_rejected=True)
            direct = S.search(db, query, kinds=("event",), limit=1000, include_rejected=True, use_cache=False)
            _same(ev, direct)


def test_a_build_swap_invalidates_the_cache(copy_db: Path) -> None:
    """An event removed here (and from the index, in one transaction) is found again after `policyscope build`
    in another process brings the bundled data back in a new file — though the old index is still cached."""
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
        assert S._CACHE.get(v1) is not None
    inode = copy_db.stat().st_ino
    res = run_cli("build", db=copy_db)
    assert res.returncode == 0, res.stderr
    assert copy_db.stat().st_ino != inode  # a new file was swapped in
    with open_db(copy_db, read_only=True) as db:
        assert S.index_version(db.con) != v1
        back = S.search(db, title, kinds=("event",), limit=200)
        assert eid in back["id"].tolist()
        _same(back, S.search(db, title, kinds=("event",), limit=200, use_cache=False))


def test_uncommitted_index_writes_are_searched_from_the_tables(copy_db: Path) -> None:
    """Inside the transaction that indexes a document, search sees it (the cache cannot: it is loaded on a
    cursor of its own); after a rollback neither the document nor a new stamp remains."""
    from policyscope.model import Document
    from policyscope.store.documents import store_document

    rec = mk.gov_report(1956)
    doc = Document(id=Document.hash_bytes(rec["content"].encode()), title=rec["title"], lang="zh",
                   origin="test:gwr1956", jurisdiction="CHN", text=rec["content"])
    with open_db(copy_db) as db:
        v1 = S.index_version(db.con)
        S.search(db, "人工智能", limit=5)  # the cache holds v1
        with pytest.raises(RuntimeError, match="roll back"), db.transaction() as con:
            store_document(con, doc)
            S.index_items(con, [doc])
            hits = S.search(db, "政府工作报告", kinds=("document",), limit=50)
            assert doc.id in hits["id"].tolist()
            raise RuntimeError("roll back")
        assert S.index_version(db.con) == v1
        assert doc.id not in S.search(db, "政府工作报告", kinds=("document",), limit=50)["id"].tolist()


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


def test_document_windows_from_passages_equal_windows_from_the_whole_text(built_db: Path) -> None:
    """Snippet windows are read from the index's passages; they must be the very text of the document at the
    same offset and on the same line as a search of the whole text finds."""
    with open_db(built_db, read_only=True) as db:
        for q in ("artificial intelligence", "人工智能", "export controls", "5G", "数据安全"):
            hits = S.search(db, q, kinds=("document",), limit=15, snippets=False)
            ids = hits["id"].tolist()
            hl = S.highlighter(q)
            titles = dict(zip(hits["id"], hits["title"], strict=True))
            scanned = S.document_windows(db.con, ids, hl, titles=titles, passages={})  # every passage in order
            whole = S._windows_from_documents(db.con, ids, titles, hl, S.SNIPPET_CONTEXT, 2 * S.SNIPPET_CONTEXT)
            hinted = S.document_windows(db.con, ids, hl, titles=titles)  # the postings name the passage
            assert set(scanned) == set(whole) == set(hinted) == set(ids)
            texts = dict(db.con.execute("SELECT id, text FROM core.document WHERE id IN (SELECT unnest(?))",
                                        [ids]).fetchall())
            for i in ids:
                a, b = scanned[i], whole[i]
                assert a.line == b.line, (q, i)
                assert texts[i][a.start:a.start + len(a.text)] == a.text
                if b.line is not None:  # the same first match (a window stops at its passage's edges)
                    assert a.start + S.first_match(a.text, hl) == b.start + S.first_match(b.text, hl), (q, i)
                h = hinted[i]
                assert texts[i][h.start:h.start + len(h.text)] == h.text
                if h.line is not None:
                    assert S.first_match(h.text, hl) is not None
                    assert texts[i].count("\n", 0, h.start + S.first_match(h.text, hl)) + 1 == h.line


def test_passage_rowids_remembered_by_the_cache_are_checked(built_db: Path) -> None:
    """Rows may move (a checkpoint compacts deletes) without a new index stamp: passages read through stale
    rowids are recognised and looked up again, so windows never come from another document."""
    with open_db(built_db, read_only=True) as db:
        q = "artificial intelligence"
        hits = S.search(db, q, kinds=("document",), limit=15, snippets=False)
        ids = hits["id"].tolist()
        titles = dict(zip(hits["id"], hits["title"], strict=True))
        hl = S.highlighter(q)
        loaded = S._cached_index(db.con)
        assert loaded is not None and loaded.passage_rowids
        hint = {i: loaded.kinds["document"].first_passage(i, hl.query) for i in ids}
        right = S.document_windows(db.con, ids, hl, titles=titles, passages=hint, rowids=loaded.passage_rowids)
        keys = sorted(loaded.passage_rowids)
        vals = [loaded.passage_rowids[k] for k in keys]
        stale = dict(zip(keys, vals[7:] + vals[:7], strict=True))  # every rowid points at another passage
        moved = S.document_windows(db.con, ids, hl, titles=titles, passages=hint, rowids=stale)
        assert moved == right and len(right) == len(ids)
        assert sum(w.line is not None for w in right.values()) >= 3  # (many bundled documents are metadata only)
