"""Count the Chinese (Han) characters of a report's narrative: the sentences of its paragraphs and numbered
items, not its tables, figure captions, source lines or cover (issue 11's measure of the flagship's depth).

    PYTHONPATH=src python scripts/narrative_count.py --db /tmp/x.duckdb                 # the zh flagship
    PYTHONPATH=src python scripts/narrative_count.py --db /tmp/x.duckdb --edition out/flagship.edition.yaml
    PYTHONPATH=src python scripts/narrative_count.py --db /tmp/x.duckdb --by-section
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from policyscope.report.builder import build_report
from policyscope.report.edition import SLOTS
from policyscope.store.database import open_db

HAN = re.compile(r"[\u4e00-\u9fff]")


def count(rep: object) -> dict[str, int]:
    """Han characters per section key (paragraph sentences and items only)."""
    out: dict[str, int] = {}
    for s in rep.all_sections():  # type: ignore[attr-defined]
        n = 0
        for b in s.blocks:
            sents = b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []
            n += sum(len(HAN.findall(st.text)) for st in sents)
        out[s.key] = n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--kind", default="flagship")
    ap.add_argument("--edition", type=Path, help="edition file to merge (default: none; 'new' for fresh drafts)")
    ap.add_argument("--by-section", action="store_true")
    a = ap.parse_args()
    edition = a.edition
    if edition is not None and str(edition) == "new":
        edition = Path(tempfile.mkdtemp()) / "report.edition.yaml"
    with open_db(a.db, read_only=True) as db:
        rep = build_report(db, a.kind, "zh", edition=edition)
    per = count(rep)
    if a.by_section:
        for k, n in per.items():
            print(f"{k:28} {n:6,}")
    drafts = sum(n for k, n in per.items() if k in SLOTS)
    print(f"Han characters of narrative: {sum(per.values()):,} (of which edition drafts: {drafts:,})")


if __name__ == "__main__":
    main()
