"""Time of each export on the bundled database, beside a baseline measured in the same run: DuckDB writing the
same views to CSV with a plain ``COPY`` (no types, no metadata) — the floor every export pays — and, for the
Data Package, the time `frictionless validate` needs to check it.

Run: .venv/bin/python bench/exports.py [--db policyscope.duckdb]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=None, help="database (default: build a fresh one in a temp folder)")
    ap.add_argument("--no-validate", action="store_true", help="skip `frictionless validate`")
    args = ap.parse_args()

    from policyscope.store.build import build
    from policyscope.store.database import open_db
    from policyscope.store.export import VIEWS, export

    tmp = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    db_path = Path(args.db) if args.db else tmp / "policyscope.duckdb"
    if not args.db:
        build(db_path, progress=False)
    rows: list[tuple[str, float, str]] = []
    with open_db(db_path, read_only=True) as db:
        t = time.perf_counter()
        for v in VIEWS:
            db.con.execute(f"COPY (SELECT * FROM main.{v}) TO '{tmp / ('plain_' + v + '.csv')}' (HEADER)")
        rows.append(("baseline: plain COPY", time.perf_counter() - t, f"{len(VIEWS)} views"))
        for fmt, kw in (("datapackage", {}), ("csv", {}), ("parquet", {}), ("sdmx-csv", {}), ("stip", {}),
                        ("sdmx-ml", {"indicators": ["GB.XPD.RSDV.GD.ZS"]})):
            t = time.perf_counter()
            files = export(db, fmt, tmp / fmt, **kw)
            size = sum(f.stat().st_size for f in files) / 1e6
            rows.append((fmt + (" (1 indicator)" if kw else ""), time.perf_counter() - t, f"{size:,.1f} MB"))
    if not args.no_validate:
        t = time.perf_counter()
        r = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate",
                            str(tmp / "datapackage" / "datapackage.json")], capture_output=True, text=True)
        rows.append(("frictionless validate", time.perf_counter() - t, "valid" if r.returncode == 0 else "INVALID"))
    print(f"{'export':<26}{'seconds':>9}  size")
    for name, sec, note in rows:
        print(f"{name:<26}{sec:>9.2f}  {note}")


if __name__ == "__main__":
    main()
