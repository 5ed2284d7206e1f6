"""OECD.AI policy initiatives 2017–2025, title list (third-party extract of the OECD.AI observatory) → one
event per listed initiative, domain ``ai`` (plus others when the title fits), date = start year.

Jurisdiction labels are OECD.AI's (``China (People's Republic of)``, ``European Union``); ``OECD/GPAI`` is the
OECD (international). A blank or unknown label is counted in ``excluded``, never guessed. Duplicated
title + jurisdiction pairs stay separate records here; the build's merge step folds them into one event.
"""

from __future__ import annotations

import json
from pathlib import Path

from policyscope.sources.adapters.oecd_ai import event_type
from policyscope.sources.base import Bundle, SourceAdapter
from policyscope.sources.event_rows import (
    Rows,
    domains_from_text,
    level_of,
    parse_year,
    read_source_csv,
    year_date,
)
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = "OECD.AI policy observatory facts (OECD terms, CC BY 4.0 since July 2024); list extracted by 3ie"
NEED = ["entry_id", "title", "jurisdiction", "year"]
EXTRA = {"OECD/GPAI": "OECD", "Inter-American Development Bank": None}


@register
class OECDAIList(SourceAdapter):
    name = "oecd_ai_list"
    title = "OECD.AI national AI policy initiatives 2017–2025 (title list)"
    licence = LICENCE
    origin = "repo lsempe77/ai-governance-capacity (commit 528f8c8), data/analysis/shared/master_dataset.csv"
    processing = "one event per listed initiative; OECD.AI jurisdiction labels; start year; type from the title"
    raw_paths = ("oecd_ai_policy_titles_2017_2025/oecd_ai_policy_titles.csv",)

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = Path(paths[0])
        rows = Rows(self.name)
        df = read_source_csv(path, rows, NEED, broken_key=lambda fields: (
            fields[0] if fields else "?", fields[1] if len(fields) > 1 else None))
        mapping, unknown = map_names(df["jurisdiction"], extra=EXTRA)
        for i, r in enumerate(df.to_dict("records"), start=2):
            rid, title, label = r["entry_id"].strip(), r["title"].strip(), r["jurisdiction"].strip()
            juris = mapping.get(label)
            if juris is None:
                why = ("no jurisdiction" if not label else "not a jurisdiction (a development bank)"
                       if label in EXTRA else f"unknown country label {label!r}")
                rows.exclude(rid, title, None, f"{why} ({path.name} row {i})")
                continue
            if not title or not rid:
                rows.exclude(rid or f"{path.name}:{i}", title or None, juris, f"no title or id ({path.name} row {i})")
                continue
            year = parse_year(r["year"], latest=2026)
            rows.add(
                id=f"ev_oecdai_{rid}", jurisdiction=juris, level=level_of(juris), title=title, title_en=title,
                date=year_date(year) if year else None, date_precision="year" if year else None,
                date_kind="start" if year else None,
                date_missing_reason=None if year else f"the OECD.AI list gives no valid year ({r['year'] or 'blank'})",
                type=event_type(title), domains=["ai", *domains_from_text(title)], status="adopted",
                source_record_id=rid, licence=LICENCE, retrieved="OECD.AI list, 2026-02 extract",
                provenance=json.dumps({"oecd_ai_label": label}, ensure_ascii=False),
            )
        return Bundle(self.name, rows.frames(), unknown, rows.notes)
