"""Curated landmark policies: the most cited national AI, data, chip and digital strategies and laws of the major
economies, one row each in ``model/data/landmarks.csv`` with the official URL, the exact date and a citation.

Why: some landmarks are in no open list we hold (the EU Data Act, DSA, DMA and Chips Act, the US CHIPS and
Science Act, the UK Online Safety Act), and the lists that hold the others give a year only. Each row also names
the policy's other titles (``aliases``, any language) so the build's merge step folds every source record of the
same policy into this one event (``store/merge.py``); the row's own source name is ``landmarks``.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

from policyscope.model.taxonomy import DOMAINS
from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.event_rows import Rows, level_of
from policyscope.sources.registry import register

LICENCE = "curated by policyscope from the official publications cited per row (facts; official texts)"
NEED = ["key", "jurisdiction", "title", "title_zh", "date", "date_kind", "date_in_force", "doc_number", "type",
        "domains", "url", "aliases", "citation"]


def landmark_text(path: Path | None = None) -> tuple[str, str]:
    """The landmark file's text and name: the packaged file unless a path is given."""
    if path is not None:
        SourceAdapter.require(path)
        return path.read_text("utf-8"), path.name
    res = resources.files("policyscope.model").joinpath("data", "landmarks.csv")
    return res.read_text("utf-8"), "landmarks.csv"


@register
class Landmarks(SourceAdapter):
    name = "landmarks"
    title = "Curated landmark policies (official texts, one row each with its citation)"
    licence = LICENCE
    origin = "policyscope model/data/landmarks.csv (official URLs per row)"
    processing = "one event per row; aliases drive the cross-source merge"
    raw_paths = ()

    def read_raw(self, paths: list[Path]) -> Bundle:
        text, fname = landmark_text(Path(paths[0]) if paths else None)
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in NEED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{fname}: the column set changed — missing {missing}")
        rows = Rows(self.name)
        for i, r in enumerate(reader, start=2):
            doms = [d for d in r["domains"].split("|") if d]
            bad = [d for d in doms if d not in DOMAINS]
            if bad or not r["title"] or not r["url"]:
                raise SourceError(f"{fname} row {i}: unknown domains {bad} or no title / URL")
            rows.add(
                id=f"ev_landmark_{r['key']}", jurisdiction=r["jurisdiction"], level=level_of(r["jurisdiction"]),
                title=r["title"], title_en=r["title"], title_zh=r["title_zh"] or None,
                title_zh_origin="original" if r["jurisdiction"] == "CHN" else "editor",
                title_original=r["title_zh"] if r["jurisdiction"] == "CHN" else None,
                title_lang="zh" if r["jurisdiction"] == "CHN" else None,
                date=r["date"], date_precision="day", date_kind=r["date_kind"],
                date_issued=r["date"] if r["date_kind"] in ("issued", "adopted") else None,
                date_published=r["date"] if r["date_kind"] == "published" else None,
                date_in_force=r["date_in_force"] or None, doc_number=r["doc_number"] or None, type=r["type"],
                domains=doms, status="adopted", url=r["url"], source_record_id=r["key"], licence=LICENCE,
                retrieved="curated 2026-12", description=r["citation"],
                provenance=json.dumps({"aliases": [a for a in r["aliases"].split("|") if a],
                                       "citation": r["citation"]}, ensure_ascii=False),
            )
        return Bundle(self.name, rows.frames(), [], [])
