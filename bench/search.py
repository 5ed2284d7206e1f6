"""Search benchmark: p50/p95 query latency of policyscope search (BM25 postings inside the DuckDB file,
ranked on the per-process in-memory copy keyed by the index's version stamp) beside SQLite FTS5 (stdlib
sqlite3) and tantivy on the same tokens of the same texts, in the same run. Also printed: the same queries
ranked straight from the DuckDB tables (no in-memory copy) and the time to load that copy once per stamp.

Corpus: everything in a freshly built database (bundled AGORA/OECD/national-strategy events and documents)
plus the Chinese corpora (Government Work Reports 1954–2025, CPC congress reports, 108 State Council
climate policies) and the AGORA English full texts, from ../shared/data.

    .venv/bin/python bench/search.py            # builds a scratch database in a temp folder
    .venv/bin/python bench/search.py --db my.duckdb   # over an existing (already ingested) database
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared")) / "data"
QUERIES = [
    "人工智能", "集成电路", "量子科技", "数据安全", "新能源汽车", "碳达峰 碳中和", "科技创新", "半导体 出口管制",
    "基础研究 经费", "一带一路 合作", "artificial intelligence", "machine learning", "export controls",
    "facial recognition", "data privacy", "quantum computing", "semiconductor", "autonomous vehicles",
    "cybersecurity", "national security", "5G", "appropriations budget", "algorithmic discrimination",
    "generative AI",
]
console = Console()


def corpus_documents() -> list:
    from policyscope.model import Document

    docs = []
    cp = DATA / "china_policy_corpus"
    for name in ("government_work_reports_1954_2025.jsonl", "cpc_national_congress_reports.jsonl"):
        for line in (cp / name).open(encoding="utf-8"):
            r = json.loads(line)
            text = r.get("content") or r.get("text") or ""
            docs.append(Document(id=Document.hash_bytes(text.encode()), title=r["title"], lang="zh",
                                 origin=r.get("url", name), jurisdiction="CHN", text=text))
    with (cp / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            docs.append(Document(id=Document.hash_bytes(r["Policy_Content"].encode()), title=r["Policy"], lang="zh",
                                 origin=r["URL"], jurisdiction="CHN", text=r["Policy_Content"]))
    for line in (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        text = r.get("text") or ""
        docs.append(Document(id=Document.hash_bytes(text.encode()), title=f"AGORA {r['agora_id']}", lang="en",
                             origin=f"agora-fulltext:{r['agora_id']}", text=text))
    return list({d.id: d for d in docs if d.text.strip()}.values())


def load_corpus(db_path: Path) -> dict[str, float]:
    from policyscope.store.database import open_db
    from policyscope.store.documents import store_document
    from policyscope.store.search import index_items

    docs = corpus_documents()
    mb = sum(len(d.text.encode()) for d in docs) / 1e6
    t = time.perf_counter()
    with open_db(db_path) as db:
        for start in range(0, len(docs), 100):
            with db.transaction() as con:
                batch = [d for d in docs[start:start + 100] if store_document(con, d)]
                index_items(con, batch)
    return {"documents": len(docs), "MB": mb, "index_s": time.perf_counter() - t}


def texts(db_path: Path) -> list[tuple[str, str, str]]:
    """(kind, id, token string) of everything indexed — the same tokens for every engine."""
    import duckdb

    from policyscope.store.search import _doc_texts, _event_texts

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        doc_ids = [r[0] for r in con.execute("SELECT id FROM search.doc WHERE kind = 'document'").fetchall()]
        ev_ids = [r[0] for r in con.execute("SELECT id FROM search.doc WHERE kind = 'event'").fetchall()]
        raw = [("document", i, t) for i, _, t in _doc_texts(con, doc_ids)]
        raw += [("event", i, t) for i, _, t in _event_texts(con, ev_ids)]
    finally:
        con.close()
    return raw


def percentiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="existing database (default: build a scratch one with the corpora)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=int, default=20)
    args = ap.parse_args()

    from policyscope.store.database import open_db
    from policyscope.store.search import analyze, clear_cache, index_stats, search

    tmp = tempfile.TemporaryDirectory()
    info: dict[str, float] = {}
    if args.db:
        db_path = args.db
    else:
        from policyscope.store.build import build

        db_path = Path(tmp.name) / "bench.duckdb"
        console.print("building a scratch database and indexing the corpora …")
        build(db_path, progress=False)
        info = load_corpus(db_path)
    with open_db(db_path) as db:
        from policyscope.store.search import sync_index

        with db.transaction() as con:
            sync_index(con)
        stats = index_stats(db)
    size_mb = db_path.stat().st_size / 1e6
    console.print(f"index: {stats} · database file {size_mb:.0f} MB · corpus load {info}")

    # -- policyscope ---------------------------------------------------------------------------------
    lat_ps, lat_ps_nosnip, lat_tables = [], [], []
    with open_db(db_path, read_only=True) as db:
        clear_cache()
        t = time.perf_counter()
        search(db, QUERIES[0], limit=args.limit)  # loads the in-memory copy of the index
        first_s = time.perf_counter() - t
        for q in QUERIES:  # warm-up
            search(db, q, limit=args.limit)
            search(db, q, limit=args.limit, use_cache=False)
        for _ in range(args.repeat):
            for q in QUERIES:
                t = time.perf_counter()
                search(db, q, limit=args.limit)
                lat_ps.append(time.perf_counter() - t)
                t = time.perf_counter()
                search(db, q, limit=args.limit, snippets=False)
                lat_ps_nosnip.append(time.perf_counter() - t)
                t = time.perf_counter()
                search(db, q, limit=args.limit, snippets=False, use_cache=False)
                lat_tables.append(time.perf_counter() - t)

    # -- SQLite FTS5 on the same tokens ----------------------------------------------------------------
    items = texts(db_path)
    t = time.perf_counter()
    tokenized = [(k, i, " ".join(analyze(x))) for k, i, x in items]
    tok_s = time.perf_counter() - t
    lite = sqlite3.connect(str(Path(tmp.name) / "fts5.sqlite"))
    lite.execute("CREATE VIRTUAL TABLE t USING fts5(kind UNINDEXED, id UNINDEXED, body, tokenize='unicode61')")
    t = time.perf_counter()
    lite.executemany("INSERT INTO t VALUES (?, ?, ?)", tokenized)
    lite.commit()
    fts_index_s = time.perf_counter() - t
    lat_fts = []

    def fts_query(q: str) -> str:
        return " OR ".join('"' + tok.replace('"', '""') + '"' for tok in dict.fromkeys(analyze(q)))

    for q in QUERIES:
        lite.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", [fts_query(q), args.limit]).fetchall()
    for _ in range(args.repeat):
        for q in QUERIES:
            t = time.perf_counter()
            for kind in ("event", "document"):
                lite.execute("SELECT id, bm25(t) FROM t WHERE t MATCH ? AND kind = ? ORDER BY bm25(t) LIMIT ?",
                             [fts_query(q), kind, args.limit]).fetchall()
            lat_fts.append(time.perf_counter() - t)

    # -- tantivy on the same tokens ----------------------------------------------------------------------
    lat_tv: list[float] = []
    tv_index_s = None
    try:
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_text_field("kind", stored=True, tokenizer_name="raw")
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
        schema = sb.build()
        index = tantivy.Index(schema, path=None)
        t = time.perf_counter()
        w = index.writer()
        for k, i, body in tokenized:
            w.add_document(tantivy.Document(kind=k, id=i, body=body))
        w.commit()
        index.reload()
        tv_index_s = time.perf_counter() - t
        searcher = index.searcher()
        for _ in range(args.repeat):
            for q in QUERIES:
                toks = list(dict.fromkeys(analyze(q)))
                t = time.perf_counter()
                for kind in ("event", "document"):
                    sub = [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", tok)) for tok in toks]
                    query = tantivy.Query.boolean_query([
                        (tantivy.Occur.Must, tantivy.Query.boolean_query(sub)),
                        (tantivy.Occur.Must, tantivy.Query.term_query(schema, "kind", kind))])
                    searcher.search(query, args.limit)
                lat_tv.append(time.perf_counter() - t)
    except Exception as exc:  # report, don't hide
        console.print(f"[yellow]tantivy skipped: {exc}[/]")

    table = Table(title=f"search latency over {len(items)} items ({stats['postings']:,} postings), "
                        f"{len(QUERIES)} zh/en queries × {args.repeat}, top {args.limit} events + documents")
    for c in ("engine", "p50 ms", "p95 ms", "index build s", "consistent with the DB after a kill / build swap"):
        table.add_column(c)
    p = percentiles(lat_ps)
    table.add_row("policyscope (DuckDB postings, in-memory copy) + snippets", f"{p[0]:.1f}", f"{p[1]:.1f}",
                  f"{info.get('index_s', float('nan')):.1f} (incl. tokenizing)",
                  "yes: same file, same transactions; copy keyed by the index stamp")
    p = percentiles(lat_ps_nosnip)
    table.add_row("policyscope, no snippets", f"{p[0]:.1f}", f"{p[1]:.1f}",
                  f"first query {first_s * 1000:.0f} ms (loads the copy)", "")
    p = percentiles(lat_tables)
    table.add_row("policyscope ranked from the DuckDB tables, no snippets", f"{p[0]:.1f}", f"{p[1]:.1f}", "", "")
    p = percentiles(lat_fts)
    table.add_row("SQLite FTS5 (same tokens)", f"{p[0]:.1f}", f"{p[1]:.1f}",
                  f"{fts_index_s:.1f} (+{tok_s:.1f} tokenizing)", "no: a second file to keep in step")
    if lat_tv:
        p = percentiles(lat_tv)
        table.add_row("tantivy (same tokens, in RAM)", f"{p[0]:.1f}", f"{p[1]:.1f}",
                      f"{tv_index_s:.1f} (+{tok_s:.1f} tokenizing)", "no: a separate index directory")
    console.print(table)
    tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
