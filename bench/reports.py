"""Time to build the flagship report in both languages and all four formats (issue 11's target: 15 s) as
`policyscope report build flagship --lang zh,en` builds it, with the analyses, the charts and each renderer
timed separately.

Two builds are timed into the same output folder, each in a fresh process as the command runs (imports
counted): a cold one (empty figure cache: every chart rendered by vl-convert) and a rebuild (same data: every
figure read from the cache the first one filled). Both find the report templates compiled if any earlier run
compiled them (Jinja2's bytecode cache, keyed by the templates' source). A baseline measured in the same run:
rendering the figures alone (vl-convert SVG + PNG), the floor every cold build pays.

Run: .venv/bin/python bench/reports.py [--db policyscope.duckdb] [--out /tmp/bench-reports] [--workers 0|2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ["html", "pdf", "docx", "md"]


def build_once(db_path: Path, out: Path, workers: int = 0) -> tuple[float, dict[str, float], list]:
    """One flagship build (zh, en × four formats) into ``out`` as the command makes it (``report.batch``, the
    same pool and renderer): total seconds, per-step seconds, the reports. ``workers`` > 0: each language
    rendered in a worker process while the next language's analyses run; its step times then overlap."""
    from policyscope.report.batch import RenderPool
    from policyscope.report.builder import build_report
    from policyscope.report.render.common import chart_cache
    from policyscope.store.database import open_db

    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    reports = []
    with RenderPool(workers) as pool, open_db(db_path, read_only=True) as db:
        jobs = []
        for lang in ("zh", "en"):
            t = time.perf_counter()
            reports.append(build_report(db, "flagship", lang))
            timings[f"analyses+text {lang}"] = time.perf_counter() - t
            jobs.append(pool.submit(reports[-1], FORMATS, out, "flagship", chart_cache(out).folder))
        for job in jobs:
            done = job.result()
            timings.update({f"{k} {done.lang}": v for k, v in done.timings.items()})
    return time.perf_counter() - t_all, timings, reports


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (LibreOffice, pdftotext): on a machine
    shared with other work the wall time follows the load, the CPU time much less."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def one_build(db_path: Path, out: Path, workers: int) -> tuple[float, dict[str, float], float]:
    """:func:`build_once` in a fresh process, as `policyscope report build` runs (its imports counted):
    wall seconds, per-step seconds, CPU seconds."""
    r = subprocess.run([sys.executable, __file__, "--db", str(db_path), "--out", str(out), "--one",
                        "--workers", str(workers)],
                       capture_output=True, text=True, check=True)
    got = json.loads(r.stdout.strip().splitlines()[-1])
    return got["total"], got["steps"], got["cpu"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=None, help="database (default: build a fresh one in a temp folder)")
    ap.add_argument("--out", default=None, help="output folder (default: temp); its figure cache is emptied first")
    ap.add_argument("--workers", type=int, default=None, help="processes rendering the languages (0: all in "
                    "one process); default as `report build`: one per language on a machine with ≥ 2 cores")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # one build, timings as JSON
    args = ap.parse_args()
    if args.workers is None:
        from policyscope.report.batch import default_workers

        args.workers = default_workers(2)
    if args.one:
        total, steps, _ = build_once(Path(args.db), Path(args.out), args.workers)
        print(json.dumps({"total": total, "steps": steps, "cpu": cpu_seconds()}))
        return

    from policyscope.report import charts
    from policyscope.store.build import build

    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    db_path = Path(args.db) if args.db else tmp / "policyscope.duckdb"
    if not args.db:
        t = time.perf_counter()
        build(db_path, progress=False)
        print(f"built database in {time.perf_counter() - t:.1f} s (not counted)")
    out = Path(args.out) if args.out else tmp / "out"
    shutil.rmtree(out / ".policyscope-cache", ignore_errors=True)

    cold, steps, cold_cpu = one_build(db_path, out, args.workers)
    warm, warm_steps, warm_cpu = one_build(db_path, out, args.workers)

    # baseline: the charts alone, rendered once to SVG and once to PNG
    from policyscope.report.builder import build_report
    from policyscope.store.database import open_db

    with open_db(db_path, read_only=True) as db:
        reports = [build_report(db, "flagship", lang) for lang in ("zh", "en")]
    t = time.perf_counter()
    n = 0
    for rep in reports:
        for f in rep.figures():
            charts.svg_to_png(charts.to_svg(f.spec), scale=2.0)
            n += 1
    baseline = time.perf_counter() - t

    print("mode: " + (f"{args.workers} worker process(es)" if args.workers else "one process") + " (report build "
          "uses one worker per language on ≥ 2 cores; --workers N)")
    print(f"{'step':<22}{'cold':>9}{'rebuild':>9}")
    for k, v in steps.items():
        print(f"{k:<22}{v:>9.2f}{warm_steps.get(k, float('nan')):>9.2f}")
    print(f"{'TOTAL flagship':<22}{cold:>9.2f}{warm:>9.2f}   (target ≤ 15 s) "
          f"{'OK' if cold <= 15 else 'SLOW'} / {'OK' if warm <= 15 else 'SLOW'}")
    if args.workers:  # the workers are the fork server's children, not this process's: their CPU is not counted
        print(f"{'CPU':<22}{'—':>9}{'—':>9}   (load average {os.getloadavg()[0]:.1f})")
    else:
        print(f"{'CPU (incl. LibreOffice)':<22}{cold_cpu:>9.2f}{warm_cpu:>9.2f}   (load average {os.getloadavg()[0]:.1f})")
    print(f"{'baseline: charts only':<22}{baseline:>9.2f}   ({n} figures, SVG + PNG each)")
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob('flagship.*.*')) if p.is_file()}
    print("files: " + ", ".join(f"{k} {v / 1024:,.0f} KB" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
