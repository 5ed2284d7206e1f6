"""A separate process that commits review decisions one by one, as a person or script would, and prints
each one that the store confirmed (committed) as a JSON line. Run by the reliability tests:

    python -m tests.reliability.writer_loop DB STOP_FILE ID [ID ...]

A decision refused as busy (the build holds the lock) or blocked by DuckDB's own file lock is retried and
not printed: only confirmed writes are claimed, and every claimed write must survive."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from policyscope.store.database import Database, StoreError
from policyscope.store.events import set_review_state


def main(db: str, stop: str, ids: list[str]) -> None:
    stop_file = Path(stop)
    refused = 0
    for eid in ids:
        while not stop_file.exists():
            try:
                d = Database(db)
            except StoreError:  # busy (our lock) or DuckDB's file lock held by the build's carry-over
                refused += 1
                time.sleep(0.02)
                continue
            try:
                set_review_state(d, eid, "accepted", actor="writer-loop")
            finally:
                d.close()
            print(json.dumps({"id": eid, "t": time.time()}), flush=True)
            break
        if stop_file.exists():
            break
        time.sleep(0.01)
    print(json.dumps({"refused": refused}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
