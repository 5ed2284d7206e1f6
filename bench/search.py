"""Search benchmark: p50/p95 latency of `policyscope.store.search.search` with snippets (tantivy index of the
database's catalogue stamp: ranking in tantivy, filters and titles from DuckDB, snippets from the stored
passages) beside SQLite FTS5 with its own snippet() on the same tokens of the same items, in the same run,
at two sizes:

* today: a freshly built database (bundled AGORA/OECD/national-strategy events and documents) plus the
  Chinese corpora (Government Work Reports 1954–2025, CPC congress reports, State Council climate policies)
  and the AGORA English full texts, from ../shared/data;
* large (``--docs``, default 100,000): the same plus the LawRefBook national law texts, the MEE policy
  documents (Chinese and English), the Chinese government document titles (34,791) and the OECD STIP
  initiative descriptions (9,932) — the titles and STIP descriptions repeated (same text, another id) until
  the count is reached, as the table says.

Also printed: the time to make the index from nothing (tokenizing included) and to update it after one more
document (a new catalogue stamp: the previous directory is reused, only the new document is tokenized).

    .venv/bin/python bench/search.py                   # both sizes
    .venv/bin/python bench/search.py --size today --repeat 3
    .venv/bin/python bench/search.py --work /tmp/sb      # keep everything; a second run only measures queries
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
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
Row = tuple[str, str, str, str, str | None, str]  # id, title, lang, origin, published, text


def _hash(text: str) -> str:
    from policyscope.model import Document

    return Document.hash_bytes(text.encode())


def today_documents() -> list[Row]:
    cp = DATA / "china_policy_corpus"
    rows: list[Row] = []
    for name in ("government_work_reports_1954_2025.jsonl", "cpc_national_congress_reports.jsonl"):
        for line in (cp / name).open(encoding="utf-8"):
            r = json.loads(line)
            text = r.get("content") or r.get("text") or ""
            rows.append((_hash(text), r["title"], "zh", r.get("url", name), None, text))
    with (cp / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            rows.append((_hash(r["Policy_Content"]), r["Policy"], "zh", r["URL"], None, r["Policy_Content"]))
    for line in (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        text = r.get("text") or ""
        rows.append((_hash(text), f"AGORA {r['agora_id']}", "en", f"agora-fulltext:{r['agora_id']}", None, text))
    return rows


def long_documents() -> list[Row]:
    """LawRefBook national law texts and MEE policy documents (each in Chinese and in English)."""
    import openpyxl

    rows: list[Row] = []
    with gzip.open(DATA / "china_laws_lawrefbook" / "lawrefbook_national_fulltext.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append((_hash(r["text"]), r["title"], "zh", f"lawrefbook:{r['path']}", None, r["text"]))
    wb = openpyxl.load_workbook(DATA / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx", read_only=True)
    it = wb.active.iter_rows(values_only=True)
    head = list(next(it))
    for values in it:
        r = dict(zip(head, values, strict=False))
        for title, text, lang in ((r["Policy_raw"], r["Policy_Content_raw"], "zh"), (r["Policy"], r["Policy_Content"], "en")):
            if text:
                rows.append((_hash(str(text)), str(title or ""), lang, str(r.get("URL") or "mee"), None, str(text)))
    return rows


def short_documents() -> list[Row]:
    """Chinese government document titles and OECD STIP initiative names with their descriptions."""
    rows: list[Row] = []
    with gzip.open(DATA / "china_gov_policy_documents" / "china_gov_policy_documents_titles_dates.csv.gz", "rt",
                   encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((_hash(r["url"] + r["title"]), r["title"], "zh", r["url"], r["publish_date"] or None,
                         f"{r['site_zh']} {r['doc_number']}"))
    with gzip.open(DATA / "oecd_stip_compass" / "stip_initiatives_2017_2021_latest.csv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            text = " ".join(x for x in (r["NameOriginalLanguage"], r["ShortDescription"], r["Tags"].replace("¬", " "),
                                        r["instrument_types"], r["NameResponsibleOrganisation"]) if x)
            rows.append((_hash(r["InitiativeID"]), r["NameEnglish"], "en", r["InitiativeID"], None, text))
    return rows


def corpus(size: str, target: int) -> tuple[list[Row], str]:
    rows = today_documents()
    if size == "today":
        return rows, "today's corpora"
    rows += long_documents()
    short = list({r[0]: r for r in short_documents()}.values())
    rows += short
    rows = list({r[0]: r for r in rows}.values())  # distinct ids (a few texts recur across sources)
    copies = 1
    while len(rows) < target:
        copies += 1
        rows += [(f"{r[0]}#{copies}", *r[1:]) for r in short[:target - len(rows)]]
    return rows, f"+ LawRefBook, MEE zh/en, China gov titles and STIP descriptions; titles/STIP × {copies} (repeated)"


def load(db_path: Path, rows: list[Row]) -> None:
    """Bulk-insert the documents (one statement) and catalogue them (one sync): the ingest pipeline's cost
    is measured by bench/ingest.py; this bench measures search."""
    import pandas as pd

    from policyscope.store.database import open_db
    from policyscope.store.search import sync_index

    df = pd.DataFrame(rows, columns=["id", "title", "lang", "origin", "published", "text"]).drop_duplicates("id")
    df["published"] = pd.to_datetime(df["published"], errors="coerce").dt.date
    df["chars"] = df["text"].str.len()
    with open_db(db_path) as db, db.transaction() as con:
        con.register("bench_docs", df)
        con.execute("INSERT INTO core.document (id, title, lang, origin, published, jurisdiction, chars, text) "
                    "SELECT id, title, lang, origin, published, CASE lang WHEN 'zh' THEN 'CHN' END, chars, text "
                    "FROM bench_docs WHERE id NOT IN (SELECT id FROM core.document)")
        con.unregister("bench_docs")
        sync_index(con)


def percentiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] * 1000


def make_index(db_path: Path) -> dict[str, float]:
    """Index from nothing (tokenizing included), then one document more (incremental)."""
    from policyscope.store.database import open_db
    from policyscope.store.search import clear_cache, ensure_index, sync_index

    out: dict[str, float] = {}
    with open_db(db_path) as db, Progress(console=console, transient=True) as bar:
        task = bar.add_task("indexing", total=None)
        t = time.perf_counter()
        ix = ensure_index(db, full=True, progress=lambda done, total: bar.update(task, completed=done, total=total))
        out["full_s"] = time.perf_counter() - t
        out["documents"], out["events"] = ix.count("document"), ix.count("event")
        with db.transaction() as con:
            con.execute("INSERT INTO core.document (id, title, lang, origin, chars, text) VALUES "
                        "('bench-extra', '基准 extra', 'zh', 'bench', 12, '人工智能 artificial intelligence')")
            sync_index(con)
        clear_cache()
        t = time.perf_counter()
        ensure_index(db)
        out["update_s"] = time.perf_counter() - t
    return out


def bench_policyscope(db_path: Path, repeat: int, limit: int) -> dict[str, Any]:
    from policyscope.store.database import open_db
    from policyscope.store.search import search

    snip: list[float] = []
    plain: list[float] = []
    with open_db(db_path, read_only=True) as db:
        t = time.perf_counter()
        search(db, QUERIES[0], limit=limit)  # opens the index
        first = time.perf_counter() - t
        for q in QUERIES:  # warm-up
            search(db, q, limit=limit)
        for _ in range(repeat):
            for q in QUERIES:
                t = time.perf_counter()
                search(db, q, limit=limit)
                snip.append(time.perf_counter() - t)
                t = time.perf_counter()
                search(db, q, limit=limit, snippets=False)
                plain.append(time.perf_counter() - t)
    return {"snip": percentiles(snip), "plain": percentiles(plain), "first_ms": first * 1000}


def items(db_path: Path) -> list[tuple[str, str, str]]:
    """(kind, id, text) of everything catalogued, as the index tokenizes it."""
    import duckdb

    from policyscope.store.search.catalog import document_rows, event_texts

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        doc_ids = [r[0] for r in con.execute("SELECT id FROM search.doc WHERE kind = 'document'").fetchall()]
        ev_ids = [r[0] for r in con.execute("SELECT id FROM search.doc WHERE kind = 'event'").fetchall()]
        out = [("document", i, f"{title}\n{text}") for rows in document_rows(con, doc_ids)
               for i, title, text in rows]
        out += [("event", i, text) for i, text in event_texts(con, ev_ids)]
    finally:
        con.close()
    return out


def fts5_table(db_path: Path, path: Path) -> tuple[sqlite3.Connection, dict[str, Any]]:
    """The same items' tokens in an FTS5 table (tokenized again here: tantivy does not store tokens)."""
    from policyscope.store.search import analyze

    its = items(db_path)
    t = time.perf_counter()
    tokenized = []
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("tokenizing for FTS5", total=len(its))
        for n, (k, i, x) in enumerate(its):
            tokenized.append((k, i, " ".join(analyze(x))))
            if n % 500 == 0:
                bar.update(task, completed=n)
    tok_s = time.perf_counter() - t
    lite = sqlite3.connect(str(path))
    lite.execute("CREATE VIRTUAL TABLE t USING fts5(kind UNINDEXED, id UNINDEXED, body, tokenize='unicode61')")
    t = time.perf_counter()
    lite.executemany("INSERT INTO t VALUES (?, ?, ?)", tokenized)
    lite.commit()
    index_s = time.perf_counter() - t
    return lite, {"index_s": index_s, "tok_s": tok_s, "items": len(its)}


def bench_fts5(db_path: Path, repeat: int, limit: int) -> dict[str, Any]:
    from policyscope.store.search import analyze

    path = db_path.with_suffix(".fts5.sqlite")
    if path.exists():  # kept by --work from an earlier run
        lite, info = sqlite3.connect(str(path)), {"index_s": float("nan"), "tok_s": float("nan")}
    else:
        lite, info = fts5_table(db_path, path)

    def match(q: str) -> str:
        return " OR ".join('"' + tok.replace('"', '""') + '"' for tok in dict.fromkeys(analyze(q)))

    def run(q: str, snippets: bool) -> None:
        col = ", snippet(t, 2, '<mark>', '</mark>', '…', 24)" if snippets else ""
        for kind in ("event", "document"):
            lite.execute(f"SELECT id, bm25(t){col} FROM t WHERE t MATCH ? AND kind = ? ORDER BY bm25(t) LIMIT ?",
                         [match(q), kind, limit]).fetchall()

    for q in QUERIES:
        run(q, True)
    snip, plain = [], []
    for _ in range(repeat):
        for q in QUERIES:
            t = time.perf_counter()
            run(q, True)
            snip.append(time.perf_counter() - t)
            t = time.perf_counter()
            run(q, False)
            plain.append(time.perf_counter() - t)
    lite.close()
    return {"snip": percentiles(snip), "plain": percentiles(plain), **info}


def run_size(size: str, base: Path, work: Path, args: argparse.Namespace) -> list[list[str]]:
    db_path = work / f"{size}.duckdb"
    if db_path.exists():  # kept by --work: query the database and index made by an earlier run
        from policyscope.store.database import open_db
        from policyscope.store.search import ensure_index

        with open_db(db_path, read_only=True) as db:
            ix = ensure_index(db)
            idx = {"documents": ix.count("document"), "events": ix.count("event"), "full_s": float("nan"),
                   "update_s": float("nan")}
        console.print(f"[bold]{size}[/]: reusing {db_path} and its index (build times not measured)")
    else:
        shutil.copy(base, db_path)
        rows, note = corpus(size, args.docs)
        console.print(f"[bold]{size}[/]: loading {len(rows):,} documents ({note}) …")
        load(db_path, rows)
        idx = make_index(db_path)
    ps = bench_policyscope(db_path, args.repeat, args.limit)
    console.print(f"  policyscope p50/p95 with snippets {ps['snip'][0]:.1f}/{ps['snip'][1]:.1f} ms, without "
                  f"{ps['plain'][0]:.1f}/{ps['plain'][1]:.1f} ms")
    fts = bench_fts5(db_path, args.repeat, args.limit)
    console.print(f"  FTS5 p50/p95 with snippet() {fts['snip'][0]:.1f}/{fts['snip'][1]:.1f} ms, without "
                  f"{fts['plain'][0]:.1f}/{fts['plain'][1]:.1f} ms")
    n = f"{int(idx['documents']):,} documents + {int(idx['events']):,} events"
    console.print(f"  {n}; index from nothing {idx['full_s']:.1f} s, after one more document {idx['update_s']:.2f} s")
    return [
        [size, n, "policyscope (tantivy) + snippets", f"{ps['snip'][0]:.1f}", f"{ps['snip'][1]:.1f}",
         f"{idx['full_s']:.1f} (incl. tokenizing); +1 doc {idx['update_s']:.2f}"],
        ["", "", "policyscope, no snippets", f"{ps['plain'][0]:.1f}", f"{ps['plain'][1]:.1f}",
         f"first query {ps['first_ms']:.0f} ms"],
        ["", "", "SQLite FTS5 + snippet()", f"{fts['snip'][0]:.1f}", f"{fts['snip'][1]:.1f}",
         f"{fts['index_s']:.1f} (+{fts['tok_s']:.1f} tokenizing)"],
        ["", "", "SQLite FTS5, no snippets", f"{fts['plain'][0]:.1f}", f"{fts['plain'][1]:.1f}", ""],
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=["today", "large", "both"], default="both")
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the large corpus (repeats to reach it)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--work", type=Path, help="keep the databases, indexes and FTS5 files here and reuse them "
                                              "on the next run (latencies only)")
    args = ap.parse_args()

    from policyscope.store.build import build

    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        os.environ["POLICYSCOPE_SEARCH_DIR"] = str(work / "index")
        base = work / "base.duckdb"
        if not base.exists():
            console.print("building a scratch database …")
            build(base, progress=False)
        table = Table(title=f"search latency, {len(QUERIES)} zh/en queries × {args.repeat}, top {args.limit} events "
                            "+ top {args.limit} documents".replace("{args.limit}", str(args.limit)))
        for c in ("size", "items", "engine", "p50 ms", "p95 ms", "index build s"):
            table.add_column(c)
        for size in (["today", "large"] if args.size == "both" else [args.size]):
            if not args.work:
                shutil.rmtree(work / "index", ignore_errors=True)
            for row in run_size(size, base, work, args):
                table.add_row(*row)
        console.print(table)


if __name__ == "__main__":
    sys.exit(main())
