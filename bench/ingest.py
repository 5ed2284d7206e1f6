"""Ingest benchmark: MB/s per core of the whole pipeline (read → extract → store → index, one transaction
per document) on the Chinese and English corpora, printed beside raw ``jieba.lcut`` on the same text in the
same run, and events per second.

Chinese: Government Work Reports 1954–2025 + 108 State Council climate policies (../shared/data/china_policy_corpus).
English: the AGORA full texts + the 19 national AI strategies.

    .venv/bin/python bench/ingest.py                 # everything (≈ 4 MB zh, ≈ 12 MB en)
    .venv/bin/python bench/ingest.py --limit-mb 1    # a quick run on the first 1 MB of each
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared")) / "data"
console = Console()


def write_corpus(folder: Path, lang: str, limit_mb: float | None) -> list[Path]:
    """The corpus as .txt files (the pipeline reads files), up to ``limit_mb``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts: list[tuple[str, str]] = []
    if lang == "zh":
        cp = DATA / "china_policy_corpus"
        for line in (cp / "government_work_reports_1954_2025.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            texts.append((r["title"], r["content"]))
        with (cp / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as fh:
            texts += [(r["Policy"], r["Policy_Content"]) for r in csv.DictReader(fh)]
    else:
        for line in (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            texts.append((f"AGORA {r['agora_id']}", r.get("text") or ""))
        for f in sorted((DATA / "national_ai_strategies" / "text").glob("*-en.txt")):
            texts.append((f.stem, f.read_text("utf-8")))
    files, total = [], 0
    seen: set[str] = set()
    for i, (title, body) in enumerate(texts):
        content = f"{title}\n{body}"
        if not body.strip() or content in seen:
            continue
        seen.add(content)
        data = content.encode("utf-8")
        if limit_mb and total + len(data) > limit_mb * 1e6:
            break
        p = folder / f"{lang}_{i:04d}.txt"
        p.write_bytes(data)
        files.append(p)
        total += len(data)
    return files


def bench_jieba(files: list[Path]) -> float:
    import jieba

    text = "\n".join(f.read_text("utf-8") for f in files)
    jieba.initialize()
    t = time.process_time()
    jieba.lcut(text)
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit-mb", type=float, default=None, help="stop each corpus after this many MB")
    args = ap.parse_args()

    from policyscope.ingest.readers import ReadOptions
    from policyscope.store.build import build
    from policyscope.store.database import open_db
    from policyscope.store.intake import ingest
    from policyscope.store.search import analyze

    tmp = tempfile.TemporaryDirectory()
    db_path = Path(tmp.name) / "bench.duckdb"
    console.print("building a scratch database …")
    build(db_path, progress=False)
    # warm up the one-time costs (jieba dictionary, lexicons) so that they are not charged to throughput
    from policyscope.ingest.extract import extract_events

    analyze("人工智能 warm-up")
    extract_events("国务院印发《新一代人工智能发展规划》。", default_jurisdiction="CHN")

    table = Table(title="ingest throughput (one process = one core; CPU time = process_time)")
    for c in ("corpus", "files", "MB", "docs new", "events", "pipeline MB/s per core", "wall MB/s",
              "jieba.lcut MB/s", "pipeline / jieba", "events/s (wall)"):
        table.add_column(c, justify="right")
    stages = Table(title="stages alone, MB/s per core (CPU time), and the share left for storage + transactions")
    for c in ("corpus", "read", "extract", "index tokens", "store share of pipeline CPU"):
        stages.add_column(c, justify="right")
    for lang, jurisdiction in (("zh", "CHN"), ("en", None)):
        files = write_corpus(Path(tmp.name) / lang, lang, args.limit_mb)
        mb = sum(f.stat().st_size for f in files) / 1e6
        with open_db(db_path) as db:
            t_wall, t_cpu = time.perf_counter(), time.process_time()
            report = ingest(db, [Path(tmp.name) / lang], opts=ReadOptions(jurisdiction=jurisdiction), actor="bench")
            cpu = time.process_time() - t_cpu
            wall = time.perf_counter() - t_wall
        s = report.summary()
        new_mb = sum(r.size for r in report.results if r.status == "new") / 1e6
        jieba_s = bench_jieba(files)
        jieba_rate = mb / jieba_s
        rate = new_mb / cpu
        events = sum(r.events for r in report.results)
        table.add_row(lang, str(len(files)), f"{mb:.2f}", str(s["documents_new"]), str(events), f"{rate:.3f}",
                      f"{new_mb / wall:.3f}", f"{jieba_rate:.3f}", f"{rate / jieba_rate:.2f}×", f"{events / wall:.0f}")
        # where the time goes: each stage alone on the same documents
        from policyscope.ingest.pipeline import extract_document
        from policyscope.ingest.readers import read_path

        t = time.process_time()
        docs = [read_path(f, ReadOptions(jurisdiction=jurisdiction)) for f in files]
        t_read = time.process_time() - t
        t = time.process_time()
        for d in docs:
            extract_document(d)
        t_extract = time.process_time() - t
        t = time.process_time()
        for d in docs:
            analyze(d.text)
        t_index = time.process_time() - t
        stages.add_row(lang, f"{mb / t_read:.2f}", f"{mb / t_extract:.3f}", f"{mb / t_index:.3f}",
                       f"{max(cpu - t_read - t_extract - t_index, 0) / cpu:.0%}")
        if s["errors"]:
            console.print(f"[red]{s['errors']} errors[/]: {[r.error for r in report.errors][:3]}")
    console.print(table)
    console.print(stages)
    console.print("Targets (issue 3): Chinese ≥ 0.5× jieba, English ≥ 5 MB/s per core.")
    tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
