"""Time to build the flagship report in both languages and all four formats (target: under 30 s), with the
analysis part and each renderer timed separately, beside a baseline measured in the same run: rendering
the same figures alone (vl-convert SVG + PNG), the floor every report format pays.

Run: .venv/bin/python bench/reports.py [--db policyscope.duckdb] [--out /tmp/bench-reports]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=None, help="database (default: build a fresh one in a temp folder)")
    ap.add_argument("--out", default=None, help="output folder (default: temp)")
    args = ap.parse_args()

    from policyscope.report import charts
    from policyscope.report.builder import build_report
    from policyscope.report.render import render
    from policyscope.report.render.common import Images
    from policyscope.store.build import build
    from policyscope.store.database import open_db

    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    db_path = Path(args.db) if args.db else tmp / "policyscope.duckdb"
    if not args.db:
        t = time.perf_counter()
        build(db_path, progress=False)
        print(f"built database in {time.perf_counter() - t:.1f} s (not counted)")
    out = Path(args.out) if args.out else tmp / "out"

    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    reports = {}
    with open_db(db_path, read_only=True) as db:
        for lang in ("zh", "en"):
            t = time.perf_counter()
            reports[lang] = build_report(db, "flagship", lang)
            timings[f"analyses+text {lang}"] = time.perf_counter() - t
        for lang, rep in reports.items():
            images = Images(rep)
            t = time.perf_counter()
            images.prepare(png=True)
            timings[f"charts {lang}"] = time.perf_counter() - t
            for fmt in ("html", "pdf", "docx", "md"):
                t = time.perf_counter()
                render(rep, [fmt], out, "flagship", images=images)
                timings[f"{fmt} {lang}"] = time.perf_counter() - t
    total = time.perf_counter() - t_all

    # baseline: the charts alone, rendered once to SVG and once to PNG
    t = time.perf_counter()
    n = 0
    for rep in reports.values():
        for f in rep.figures():
            charts.to_svg(f.spec)
            charts.to_png(f.spec, scale=2.0)
            n += 1
    baseline = time.perf_counter() - t

    print(f"{'step':<22}{'seconds':>9}")
    for k, v in timings.items():
        print(f"{k:<22}{v:>9.2f}")
    print(f"{'TOTAL flagship':<22}{total:>9.2f}   (target < 30 s) {'OK' if total < 30 else 'SLOW'}")
    print(f"{'baseline: charts only':<22}{baseline:>9.2f}   ({n} figures, SVG + PNG each)")
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob('flagship.*.*')) if p.is_file()}
    print("files: " + ", ".join(f"{k} {v / 1024:,.0f} KB" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
