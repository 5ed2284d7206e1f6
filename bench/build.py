"""Build benchmark: time of `policyscope build` and database size, beside reading the same Parquet snapshot
with pandas in the same run (the floor: a build cannot be faster than reading its input).

Run: .venv/bin/python bench/build.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from policyscope.sources.snapshot import SNAPSHOT_DIR
from policyscope.store import open_db
from policyscope.store.build import build, counts


def main() -> None:
    files = sorted(SNAPSHOT_DIR.glob("*.parquet"))
    snap_mb = sum(f.stat().st_size for f in files) / 1e6
    t0 = time.perf_counter()
    rows = sum(len(pd.read_parquet(f)) for f in files)
    t_pandas = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "bench.duckdb"
        t0 = time.perf_counter()
        summary = build(db, progress=False)
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        build(db, progress=False)  # rebuild over an existing database (carry-over path)
        t_rebuild = time.perf_counter() - t0
        size = db.stat().st_size / 1e6
        with open_db(db, read_only=True) as con:
            c = counts(con.con)
            per_source = con.con.execute(
                "SELECT source, count(*) FROM main.event_sources GROUP BY 1 ORDER BY 2 DESC").fetchall()
            ev = con.con.execute(
                "SELECT count(*), count(DISTINCT jurisdiction), count(*) FILTER (WHERE date IS NULL), "
                "count(*) FILTER (WHERE n_sources > 1) FROM main.events").fetchone()
            excluded = con.con.execute("SELECT count(*) FROM main.excluded").fetchone()[0]
    print(f"snapshot: {len(files)} Parquet files, {snap_mb:.1f} MB, {rows:,} rows")
    print(f"pandas read of the snapshot (baseline): {t_pandas:.2f} s")
    print(f"policyscope build (fresh):              {t_build:.2f} s  ({t_build / t_pandas:.1f}x the pandas read)")
    print(f"policyscope build (over existing db):   {t_rebuild:.2f} s")
    print(f"database size: {size:.1f} MB")
    print("rows per view: " + ", ".join(f"{k}={v:,}" for k, v in c.items()))
    merge = summary.get("merge", {})
    print(f"event base: {ev[0]:,} events in {ev[1]} jurisdictions, {ev[2]} undated, {ev[3]:,} merged from several "
          f"sources; {excluded:,} source rows left out (view `excluded`)")
    print(f"merge step: {merge.get('records_folded', 0):,} records folded into {merge.get('merged_events', 0):,} "
          f"events in {merge.get('seconds', 0):.1f} s")
    print("source records per source: " + ", ".join(f"{s}={n:,}" for s, n in per_source))


if __name__ == "__main__":
    main()
