"""A private copy of the session's built database for the analysis and reproduction tests, with real extra
data the analyses need: the gold-annotated seed events (000, 003, 004) for event counts, and the NCSES
indicators (PCT applications…) read through the real NCSES adapter when the snapshot does not bundle them yet.
The copy keeps the shared ``built_db`` untouched and lets these tests hold a read-only connection of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from policyscope.model.entities import Evidence, PolicyEvent
from policyscope.store.database import Database
from policyscope.store.events import upsert_events

SEED_EVENT_FILES = ("000", "003", "004")
GOLD_ORIGIN = "seed_gold"


def gold_events(gold: Path) -> list[PolicyEvent]:
    """The gold events as PolicyEvents (dates of precision year/month/day as annotated)."""
    out = []
    for seed in SEED_EVENT_FILES:
        for line in (gold / f"{seed}.events.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            raw = d.get("date") or ""
            date, prec = None, None
            if len(raw) == 10:
                date, prec = dt.date.fromisoformat(raw), "day"
            elif len(raw) == 7:
                date, prec = dt.date(int(raw[:4]), int(raw[5:7]), 1), "month"
            elif len(raw) == 4:
                date, prec = dt.date(int(raw), 1, 1), "year"
            title = d.get("title_zh") or d.get("title_en") or d["quote"][:60]
            out.append(PolicyEvent(
                id=f"gold-{d['id']}", jurisdiction=d["jurisdiction"], partners=d.get("partners") or [], date=date,
                date_precision=prec, title=title, title_zh=d.get("title_zh"), title_en=d.get("title_en"),
                issuer=d.get("issuer_zh"), type=d["type"], domains=d.get("domains") or [], origin=GOLD_ORIGIN,
                evidence=[Evidence(document_id=f"seed-{seed}", line=d.get("line"), quote=d["quote"])],
            ))
    return out


GWR_YEARS = (1979, 1980, 2019, 2021, 2022)


def add_work_reports(db: Database, data: Path) -> int:
    """Chinese Government Work Reports of a few years as documents (real texts for the keyword tests)."""
    rows = []
    for line in (data / "china_policy_corpus" / "government_work_reports_1954_2025.jsonl").read_text(
            encoding="utf-8").splitlines():
        rec = json.loads(line)
        year = rec.get("year")
        if year and int(year) in GWR_YEARS and rec.get("content"):
            rows.append((f"test-gwr-{year}", rec["title"], "zh", rec.get("url"), "government_work_reports",
                         dt.date(int(year), 3, 5), "CHN", len(rec["content"]), rec["content"]))
    with db.transaction() as con:
        con.executemany("INSERT OR REPLACE INTO core.document (id, title, lang, origin, source_name, published, "
                        "jurisdiction, chars, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def make_analysis_db(built_db: Path, dst: Path, gold: Path, data: Path) -> Path:
    shutil.copy(built_db, dst)
    db = Database(dst)
    try:
        with db.transaction() as con:
            upsert_events(con, gold_events(gold), actor="test")
        add_work_reports(db, data)
        has_pct = db.df("SELECT count(*) AS n FROM main.observations WHERE indicator = 'NCSES.PCT.ALL'")["n"].iloc[0]
        if not has_pct:
            import policyscope.sources.adapters  # noqa: F401 - registers the adapters
            from policyscope.sources import registry

            adapter = registry.get("ncses")
            bundle = adapter.read_raw([data / p for p in adapter.raw_paths])
            obs, ind = bundle.table("observations"), bundle.table("indicators")
            with db.transaction() as con:
                con.register("ncses_obs", obs)
                con.register("ncses_ind", ind)
                con.execute("INSERT OR REPLACE INTO core.indicator SELECT code, name_en, name_zh, unit, source, licence, "
                            "definition, formula FROM ncses_ind")
                con.execute("INSERT OR REPLACE INTO core.observation SELECT indicator, jurisdiction, year, value, "
                            "source, vintage FROM ncses_obs")
    finally:
        db.close()
    return dst
