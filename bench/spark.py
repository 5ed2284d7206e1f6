"""Spark benchmark: documents per second of ``ingest --engine spark`` on local[1] and local[2] beside the
single-process engine, for corpus sizes from 1k to 100k documents, and the analyses on DuckDB and Spark.

Corpus: real texts from ../shared/data — LawRefBook national full texts (1,564), Ministry of Ecology and
Environment documents (1,260), national AI strategies (English, 19) and AGORA full texts — taken in that order.
Above the number of distinct texts (≈ 3,900) they are REPEATED, each copy made distinct by a last line
``<!-- copy k -->`` (documents are stored by content hash, so identical copies would be skipped).

    .venv/bin/python bench/spark.py                          # 1k and 10k documents, analyses
    .venv/bin/python bench/spark.py --sizes 1000 --check     # + the 1,000-document equality check
    .venv/bin/python bench/spark.py --sizes 1000,10000,100000 --max 100000

The single-process engine is measured on min(size, --local-max) documents (its rate does not depend on the
corpus size); the Spark job alone (read + extract → Parquet) and the import (Parquet → store) are timed
separately. ``--check`` ingests the 1,000-document corpus both ways and compares every stored event.
Ingests and imports go into a copy of the built store (what a user's observatory holds); since it already
holds the LawRefBook texts, every corpus text carries a last line ``<!-- copy k -->`` (k = 0 for the first
copy) so that none is skipped as a known document.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared")) / "data"
console = Console()


def distinct_texts() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    with gzip.open(DATA / "china_laws_lawrefbook" / "lawrefbook_national_fulltext.jsonl.gz", "rt", encoding="utf-8") as fh:
        out += [(f"law{i}", r["text"]) for i, r in enumerate(map(json.loads, fh)) if r["text"].strip()]
    import openpyxl

    wb = openpyxl.load_workbook(DATA / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx", read_only=True)
    rows = wb.active.iter_rows(values_only=True)
    head = list(next(rows))
    ti, ci = head.index("Policy_raw"), head.index("Policy_Content_raw")
    out += [(f"mee{i}", f"{r[ti]}\n{r[ci]}") for i, r in enumerate(rows) if r[ci] and str(r[ci]).strip()]
    wb.close()
    for f in sorted((DATA / "national_ai_strategies" / "text").glob("*-en.txt")):
        out.append((f.stem, f.read_text("utf-8")))
    with (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8") as fh:
        out += [(f"agora{r['agora_id']}", r["text"]) for r in map(json.loads, fh) if (r.get("text") or "").strip()]
    seen: set[str] = set()
    uniq = []
    for name, text in out:
        if text not in seen:
            seen.add(text)
            uniq.append((name, text))
    return uniq


def write_corpus(folder: Path, n: int, texts: list[tuple[str, str]]) -> tuple[int, float]:
    """``n`` .txt files (repeats marked); returns (repeated copies, MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        name, text = texts[i % len(texts)]
        k = i // len(texts)
        data = f"{text}\n<!-- copy {k} -->".encode()  # (k = 0 too: see the module's docstring)
        (folder / f"{i:06d}_{name[:40]}.txt").write_bytes(data)
        total += len(data)
    return max(0, n - len(texts)), total / 1e6


def spark_job(folder: Path, out: Path, master: str) -> tuple[float, dict]:
    """The Spark job in its own process (one JVM per master), timed from the driver's start."""
    code = ("import json,sys,time; t=time.perf_counter();"
            "from policyscope.ingest.spark_engine import run;"
            f"s=run([{str(folder)!r}], __import__('pathlib').Path({str(out)!r}), master={master!r});"
            "print(json.dumps({'wall': time.perf_counter()-t, 'job': s.seconds, 'docs': s.documents,"
            "'events': s.events, 'errors': s.errors}))")
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if res.returncode:
        raise RuntimeError(res.stderr[-2000:])
    return wall, json.loads(res.stdout.strip().splitlines()[-1])


def local_engine(folder: Path, db_template: Path, scratch: Path) -> tuple[float, int, int]:
    """Single-process ingest (read → extract → store) into a copy of ``db_template``."""
    from policyscope.store.database import Database
    from policyscope.store.intake import ingest

    db_path = scratch / "local.duckdb"
    shutil.copy(db_template, db_path)
    with Database(db_path) as d:
        t = time.perf_counter()
        rep = ingest(d, [folder], actor="bench")
        wall = time.perf_counter() - t
    s = rep.summary()
    return wall, s["documents_new"], sum(r.events for r in rep.results)


def import_time(batch: Path, db_template: Path, scratch: Path, name: str) -> tuple[float, Path]:
    from policyscope.store.batch_import import import_batch
    from policyscope.store.database import Database

    db_path = scratch / f"{name}.duckdb"
    shutil.copy(db_template, db_path)
    with Database(db_path) as d:
        t = time.perf_counter()
        import_batch(d, batch, actor="bench")
    return time.perf_counter() - t, db_path


def events_of(path: Path) -> dict[str, list[tuple]]:
    """Every stored event (all columns but the timestamps), evidence row and amount row, in a fixed order."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "events": con.execute("SELECT * EXCLUDE (created_at, updated_at) FROM core.event ORDER BY id").fetchall(),
            "evidence": con.execute("SELECT * FROM core.evidence ORDER BY ALL").fetchall(),
            "amounts": con.execute("SELECT * FROM core.amount ORDER BY ALL").fetchall(),
        }
    finally:
        con.close()


ANALYSES = [
    ("counts", "--by", "jurisdiction,year,domain"),
    ("share", "-i", "GERD_PPP", "-y", "2018"),
    ("rank", "-i", "NY.GDP.MKTP.CD", "-y", "2020", "--compare-year", "2010"),
    ("growth", "-i", "GERD_PPP", "--vs", "GDP_PPP", "--from", "2010", "--to", "2019"),
    ("network", "--year", "2021", "--compare-year", "2010"),
    ("keywords", "--a", "kind=events;jurisdiction=CHN", "--b", "kind=events;jurisdiction=USA"),
]


def bench_analyses(db_template: Path, scratch: Path) -> Table:
    """Each analysis on DuckDB and on Spark (local[2], session started once), with equal-JSON check."""
    from typer.testing import CliRunner

    from policyscope.cli import app
    from policyscope.scale.session import spark_session
    from policyscope.store.database import Database
    from policyscope.store.export import export

    export_dir = scratch / "export"
    with Database(db_template, read_only=True) as d:
        export(d, "parquet", export_dir)
    t = time.perf_counter()
    spark_session("local[2]")
    start = time.perf_counter() - t
    tab = Table(title=f"analyses: DuckDB vs Spark local[2] (Spark session start {start:.1f} s, not included)")
    for c in ("analysis", "DuckDB s", "Spark s", "equal JSON"):
        tab.add_column(c, justify="right")
    runner = CliRunner()
    for args in ANALYSES:
        timings, outs = [], []
        for extra in (["--db", str(db_template)], ["--backend", "spark", "--parquet", str(export_dir)]):
            t = time.perf_counter()
            res = runner.invoke(app, ["analyze", *args, "--format", "json", *extra], catch_exceptions=False)
            timings.append(time.perf_counter() - t)
            outs.append(res.stdout)
        tab.add_row(" ".join(args[:3]), f"{timings[0]:.2f}", f"{timings[1]:.2f}",
                    "yes" if json.loads(outs[0]) == json.loads(outs[1]) else "NO")
    return tab


def bench_openalex() -> Table:
    """Works → country-pair edges: the flatten step alone (one process), DuckDB end to end, Spark local[2]
    (second run, warm workers), on the real works sample (../shared/data/openalex_works_sample)."""
    from policyscope.scale.session import spark_session
    from policyscope.sources.adapters import openalex_works as ow

    sample = DATA / "openalex_works_sample" / "works_dedup.jsonl.gz"
    works = list(ow.iter_works([sample]))
    t = time.process_time()
    rows = sum(len(ow.flatten_work(w)) for w in works)
    flat = time.process_time() - t
    t = time.perf_counter()
    edges, _ = ow.edges_duckdb([sample])
    duck = time.perf_counter() - t
    spark = spark_session("local[2]")
    ow.edges_spark([sample], spark)
    t = time.perf_counter()
    edges2, _ = ow.edges_spark([sample], spark)
    sp = time.perf_counter() - t
    tab = Table(title=f"OpenAlex works → edges ({len(works)} works, {rows} work×country×domain rows, "
                      f"{len(edges)} edges)")
    for c in ("step", "seconds", "works/s"):
        tab.add_column(c, justify="right")
    tab.add_row("flatten_work alone (CPU, one core)", f"{flat:.2f}", f"{len(works) / flat:,.0f}")
    tab.add_row("DuckDB end to end (read gz + flatten + Ibis join)", f"{duck:.2f}", f"{len(works) / duck:,.0f}")
    tab.add_row("Spark local[2] end to end (warm)", f"{sp:.2f}", f"{len(works) / sp:,.0f}")
    tab.add_row("same edges on both", "", "yes" if edges.equals(edges2) else "NO")
    return tab


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes (documents), comma-separated")
    ap.add_argument("--max", type=int, default=10_000, help="skip sizes above this (100000 makes the big run)")
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--local-max", type=int, default=1000, help="documents for the single-process engine")
    ap.add_argument("--check", action="store_true", help="equality check (local vs Spark events) where the "
                    "single-process engine ran on the whole corpus (size ≤ --local-max)")
    ap.add_argument("--import-max", type=int, default=1000, help="time import-batch for sizes up to this")
    ap.add_argument("--no-analyses", action="store_true")
    ap.add_argument("--only-openalex", action="store_true", help="only the works → edges figures")
    args = ap.parse_args()
    if args.only_openalex:
        console.print(bench_openalex())
        return

    from policyscope.store.build import build

    scratch = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    try:
        db_template = scratch / "template.duckdb"
        build(db_template, progress=False)
        texts = distinct_texts()
        console.print(f"{len(texts)} distinct real texts; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        tab = Table(title="ingest: documents per second (wall clock)")
        for c in ("documents", "repeated", "MB", "engine", "job s", "docs/s job", "import s", "docs/s end-to-end",
                  "events"):
            tab.add_column(c, justify="right")
        sizes = [int(s) for s in args.sizes.split(",") if s and int(s) <= args.max]
        for n in sizes:
            folder = scratch / f"corpus{n}"
            repeated, mb = write_corpus(folder, n, texts)
            n_local = min(n, args.local_max)
            lfolder = folder if n_local == n else scratch / f"local{n_local}"
            if lfolder != folder:
                write_corpus(lfolder, n_local, texts)
            wall, docs, events = local_engine(lfolder, db_template, scratch)
            tab.add_row(str(n_local), str(max(0, n_local - len(texts))), "", "single process", f"{wall:.1f}", "",
                        "", f"{docs / wall:.1f}", str(events))
            console.print(f"{n_local} documents, single-process engine: {wall:.1f} s, {docs / wall:.1f} docs/s, "
                          f"{events} events", highlight=False)
            stored: dict[str, Path] = {}
            for master in [m for m in args.masters.split(",") if m]:
                tag = "".join(ch for ch in master if ch.isalnum())
                out = scratch / f"batch{n}_{tag}"
                wall, info = spark_job(folder, out, master)
                imp, stored[master] = (import_time(out, db_template, scratch, f"spark_{tag}") if n <= args.import_max
                                       else (float("nan"), None))
                shutil.rmtree(out, ignore_errors=True)
                tab.add_row(str(n), str(repeated), f"{mb:.1f}", master, f"{wall:.1f}", f"{info['docs'] / wall:.1f}",
                            f"{imp:.1f}", f"{info['docs'] / (wall + imp):.1f}", str(info["events"]))
                console.print(f"{n} documents on {master}: job {wall:.1f} s ({info['docs'] / wall:.1f} docs/s), "
                              f"import {imp:.1f} s, {info['events']} events", highlight=False)
            if args.check and n_local == n:
                a = events_of(scratch / "local.duckdb")
                for master, db_path in stored.items():
                    if db_path is not None:
                        b = events_of(db_path)
                        console.print(f"equality check, {n} real documents: local engine stored "
                                      f"{len(a['events'])} events, {len(a['evidence'])} evidence rows, "
                                      f"{len(a['amounts'])} amounts; Spark {master} + import-batch stored "
                                      f"{len(b['events'])}, {len(b['evidence'])}, {len(b['amounts'])}; identical "
                                      f"(every column): {'YES' if a == b else 'NO'}")
            shutil.rmtree(folder, ignore_errors=True)
        console.print(tab)
        if not args.no_analyses:
            console.print(bench_analyses(db_template, scratch))
            console.print(bench_openalex())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    csv.field_size_limit(1 << 30)
    main()
