"""Build step: Chinese titles for events from the translation memory. An event whose title is Chinese keeps it
(``original``/``source``); a foreign event gets the memory's established Chinese name (``memory``) when the memory
holds its title — never a machine translation; otherwise ``title_zh`` stays empty and the event waits in the
"needs Chinese title" queue (``policyscope review list --needs-zh-title``) while Chinese views show the original
title with a Chinese label of jurisdiction and type (:func:`policyscope.model.display.display_title`).
Titles an editor set (``editor``) are never touched."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from policyscope.model.translation_memory import Memory, load
from policyscope.settings import settings

_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
# SQL condition of the review queue (alias-free, over core.event)
NEEDS_ZH_TITLE = "(title_zh IS NULL OR trim(title_zh) = '') AND coalesce(review_state, 'auto') NOT IN ('rejected', 'merged')"
# …and its order: the events Chinese readers see most first
NEEDS_ZH_TITLE_ORDER = "importance DESC NULLS LAST, date DESC NULLS LAST, id"


def local_tm_path(db_path: Path) -> Path:
    """The local memory used with a database: $POLICYSCOPE_TM, else translation_memory.csv beside it."""
    return settings().tm or Path(db_path).with_name("translation_memory.csv")


def _chinese(s: object) -> bool:
    return isinstance(s, str) and bool(_HAN.search(s)) and not _KANA.search(s)


def fill_titles(con: duckdb.DuckDBPyConnection, tm_local: Path | None = None) -> dict[str, int]:
    """Set ``title_zh``/``title_zh_origin`` where they can be trusted; returns counts by origin."""
    con.execute("UPDATE core.event SET title_zh_origin = 'source' WHERE title_zh IS NOT NULL AND trim(title_zh) <> '' "
                "AND title_zh_origin IS NULL")
    rows = con.execute(
        "SELECT id, title, title_en, title_original FROM core.event WHERE (title_zh IS NULL OR trim(title_zh) = '' "
        "OR title_zh_origin = 'memory')").fetchall()
    mem = Memory(load(tm_local))
    updates: list[tuple[str, str | None, str | None]] = []
    for eid, title, title_en, original in rows:
        if _chinese(original):
            updates.append((eid, original, "source"))
        elif _chinese(title):
            updates.append((eid, title, "original"))
        else:
            hit = next((h for h in (mem.title_zh(t) for t in (title_en, title, original) if t) if h), None)
            updates.append((eid, hit.zh if hit else None, "memory" if hit else None))
    if updates:
        df = pd.DataFrame(updates, columns=["id", "title_zh", "origin"])
        con.register("_titles", df)
        try:
            con.execute("UPDATE core.event SET title_zh = t.title_zh, title_zh_origin = t.origin FROM _titles t "
                        "WHERE core.event.id = t.id")
        finally:
            con.unregister("_titles")
    out = dict(con.execute("SELECT coalesce(title_zh_origin, 'none'), count(*) FROM core.event GROUP BY 1").fetchall())
    out["needs_zh_title"] = con.execute(f"SELECT count(*) FROM core.event WHERE {NEEDS_ZH_TITLE}").fetchall()[0][0]
    return out
