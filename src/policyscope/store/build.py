"""``policyscope build``: a fresh database from the bundled snapshot, written to a new file and swapped in
atomically, so an interrupted or failed build leaves the previous database exactly as it was.

What people added to the previous database (ingested documents, extracted or manual events, every review
decision and its history, tables in schema ``app``) is carried over into the new file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from rich.progress import Progress

from policyscope.model import registry
from policyscope.sources.base import Bundle
from policyscope.sources.snapshot import SNAPSHOT_DIR, bundled_sources, load_bundle
from policyscope.store.database import StoreError
from policyscope.store.derived import compute_aggregates, compute_derived
from policyscope.store.importance import compute_importance
from policyscope.store.schema import SCHEMA_VERSION, migrate
from policyscope.store.titles import fill_titles, local_tm_path

# Stages that keep derived state inside the database (e.g. the search index) register a function here;
# build calls each on the new file after the data is loaded.
POST_BUILD_HOOKS: list[Callable[[duckdb.DuckDBPyConnection], None]] = []

BUNDLED_ORIGINS = ("agora", "oecd_ai", "nat_ai", "cset_congress", "china_gov", "lawrefbook", "mee")


def _load_jurisdictions(con: duckdb.DuckDBPyConnection) -> int:
    reg = registry()
    df = pd.DataFrame([
        {"code": j.code, "name_en": j.name_en, "name_zh": j.name_zh, "kind": j.kind, "iso2": j.iso2,
         "groups": j.groups, "members": j.members}
        for j in reg.by_code.values()
    ])
    con.register("_j", df)
    con.execute("INSERT INTO core.jurisdiction SELECT code, name_en, name_zh, kind, iso2, groups, members FROM _j")
    con.unregister("_j")
    return len(df)


# Tables a bundle loads as they are (documents, events and companies need more than one statement; below).
_TABLE_LOADS = (
    ("indicators", "INSERT OR REPLACE INTO core.indicator SELECT code, name_en, name_zh, unit, source, licence, "
                   "definition, formula FROM _load"),
    ("observations", "INSERT OR REPLACE INTO core.observation SELECT indicator, jurisdiction, CAST(year AS INTEGER), "
                     "CAST(value AS DOUBLE), source, vintage FROM _load"),
    ("edges", "INSERT OR REPLACE INTO core.edge SELECT indicator, CAST(year AS INTEGER), a, b, CAST(value AS DOUBLE) "
              "FROM _load"),
)


def load_bundle_into(con: duckdb.DuckDBPyConnection, bundle: Bundle, actor: str = "build") -> dict[str, int]:
    """Insert (or replace) a source bundle's tables; used by build and by ``sources import``."""
    counts: dict[str, int] = {}
    for table, sql in _TABLE_LOADS:
        df = bundle.table(table)
        if len(df):
            con.register("_load", df)
            try:
                con.execute(sql)
            finally:
                con.unregister("_load")
            counts[table] = len(df)
    docs = bundle.table("documents")
    if len(docs):
        docs = docs.copy()
        docs["meta"] = docs["meta"].map(lambda m: json.dumps(m, ensure_ascii=False) if isinstance(m, dict) else m)
        docs["chars"] = docs["text"].fillna("").str.len()
        con.register("_docs", docs)
        con.execute("INSERT OR IGNORE INTO core.document (id, title, lang, origin, source_name, published, "
                    "jurisdiction, chars, text, needs_ocr, meta) SELECT id, title, lang, origin, source_name, "
                    "CAST(published AS DATE), jurisdiction, chars, text, FALSE, CAST(meta AS JSON) FROM _docs")
        con.unregister("_docs")
        counts["documents"] = len(docs)
    comp = bundle.table("companies")
    if len(comp):
        con.register("_comp", comp)
        con.execute("DELETE FROM core.company WHERE source IN (SELECT DISTINCT source FROM _comp)")
        con.execute("INSERT INTO core.company SELECT name, jurisdiction, region, CAST(value AS DOUBLE), unit, "
                    "CAST(year AS INTEGER), sector, source FROM _comp")
        con.unregister("_comp")
        counts["companies"] = len(comp)
    ev = bundle.table("events")
    if len(ev):
        counts["events"] = _load_events(con, bundle.source, ev, actor)
    exc = bundle.table("excluded")
    if len(exc):
        con.register("_exc", exc)
        con.execute("DELETE FROM core.excluded WHERE source IN (SELECT DISTINCT source FROM _exc)")
        con.execute("INSERT INTO core.excluded SELECT source, CAST(record_id AS VARCHAR), title, jurisdiction, reason "
                    "FROM _exc")
        con.unregister("_exc")
        counts["excluded"] = len(exc)
    return counts


def _load_events(con: duckdb.DuckDBPyConnection, source: str, ev: pd.DataFrame, actor: str) -> int:
    """Insert a bundle's events with their optional columns, one provenance row each in core.event_source."""
    ev = ev.copy()
    ev["partners"] = ev["partners"].map(lambda x: list(x) if x is not None else [])
    ev["domains"] = ev["domains"].map(lambda x: list(x) if x is not None else [])
    ev["source_record_id"] = ev["source_record_id"].where(ev["source_record_id"].notna(), ev["id"])
    con.register("_ev", ev)
    try:
        con.execute(
            "INSERT OR IGNORE INTO core.event (id, jurisdiction, partners, date, date_precision, title, title_en, "
            "title_zh, issuer, type, domains, status, amount_usd, document_id, line, quote, confidence, origin, url, "
            "review_state, level, subdivision, title_original, title_lang, title_zh_origin, doc_number, description, "
            "date_kind, date_issued, date_published, date_in_force, date_missing_reason, provenance) "
            "SELECT id, jurisdiction, partners, CAST(date AS DATE), date_precision, title, title_en, "
            "title_zh, issuer, type, domains, status, NULL, document_id, CAST(line AS INTEGER), quote, "
            "CAST(confidence AS DOUBLE), origin, url, 'auto', level, subdivision, title_original, title_lang, "
            "title_zh_origin, doc_number, description, date_kind, CAST(date_issued AS DATE), "
            "CAST(date_published AS DATE), CAST(date_in_force AS DATE), date_missing_reason, "
            "CAST(provenance AS JSON) FROM _ev"
        )
        con.execute(
            "INSERT OR IGNORE INTO core.event_source (event_id, source, record_id, url, licence, retrieved, title, date, "
            "fields) SELECT id, ?, CAST(source_record_id AS VARCHAR), url, licence, CAST(retrieved AS VARCHAR), title, "
            "CAST(date AS DATE), NULL FROM _ev",
            [source],
        )
        con.execute(
            "INSERT INTO core.evidence SELECT id, document_id, CAST(line AS INTEGER), NULL, NULL, quote FROM _ev "
            "WHERE quote IS NOT NULL AND id NOT IN (SELECT event_id FROM core.evidence)"
        )
        con.execute(
            "INSERT INTO core.event_history (event_id, actor, action, after) "
            "SELECT id, ?, 'import', json_object('source', ?) FROM _ev",
            [actor, source],
        )
    finally:
        con.unregister("_ev")
    return len(ev)
    return counts


def _carry_over(con: duckdb.DuckDBPyConnection, old: Path) -> dict[str, int]:
    """Copy what people added to the previous database into the new one."""
    # Opening read-write first replays and checkpoints any WAL the previous writer left behind.
    duckdb.connect(str(old)).close()
    con.execute(f"ATTACH '{old.as_posix()}' AS old (READ_ONLY)")
    try:
        tables = {r[0] for r in con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = 'old'"
        ).fetchall()}
        counts: dict[str, int] = {}
        if "core.document" in tables:
            counts["documents"] = con.execute(
                "INSERT OR IGNORE INTO core.document SELECT * FROM old.core.document").fetchone()[0]
        if "core.event" in tables:
            keep = ("SELECT id FROM old.core.event WHERE origin NOT IN (" + ", ".join(f"'{o}'" for o in BUNDLED_ORIGINS)
                    + ") OR review_state <> 'auto'")
            con.execute(f"CREATE TEMP TABLE _keep AS {keep}")
            con.execute("DELETE FROM core.evidence WHERE event_id IN (SELECT id FROM _keep)")
            con.execute("DELETE FROM core.amount WHERE event_id IN (SELECT id FROM _keep)")
            counts["events"] = con.execute(
                "INSERT OR REPLACE INTO core.event SELECT * FROM old.core.event WHERE id IN (SELECT id FROM _keep)"
            ).fetchone()[0]
            con.execute("INSERT INTO core.evidence SELECT * FROM old.core.evidence WHERE event_id IN (SELECT id FROM _keep)")
            con.execute("INSERT INTO core.amount SELECT * FROM old.core.amount WHERE event_id IN (SELECT id FROM _keep)")
            counts["history"] = con.execute(
                "INSERT INTO core.event_history (event_id, changed_at, actor, action, before, after) "
                "SELECT event_id, changed_at, actor, action, before, after FROM old.core.event_history "
                "WHERE action <> 'import' ORDER BY id"
            ).fetchone()[0]
        for t in sorted(tables):
            if t.startswith("app."):
                con.execute("CREATE SCHEMA IF NOT EXISTS app")
                con.execute(f"CREATE TABLE {t} AS SELECT * FROM old.{t}")
                counts[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return counts
    finally:
        con.execute("DETACH old")


def build(db_path: Path, snapshot_dir: Path = SNAPSHOT_DIR, progress: bool = True) -> dict[str, object]:
    """Build the observatory into a new file next to ``db_path`` and swap it in atomically."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(db_path.name + ".building-*"):
        stale.unlink(missing_ok=True)
    tmp = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    summary: dict[str, object] = {}
    sources = bundled_sources(snapshot_dir)
    if not sources:
        raise StoreError(f"no bundled data found in {snapshot_dir}")
    try:
        con = duckdb.connect(str(tmp))
        try:
            migrate(con)
            steps = ["jurisdictions", *sources, "derived", "aggregates", "carry-over", "hooks"]
            with Progress(disable=not progress, transient=True) as bar:
                task = bar.add_task("building", total=len(steps))
                con.execute("BEGIN TRANSACTION")
                summary["jurisdictions"] = _load_jurisdictions(con)
                bar.advance(task)
                for name in sources:
                    bar.update(task, description=f"loading {name}")
                    summary[name] = load_bundle_into(con, load_bundle(name, snapshot_dir))
                    bar.advance(task)
                bar.update(task, description="derived indicators")
                summary["derived"] = compute_derived(con)
                bar.advance(task)
                summary["aggregates"] = compute_aggregates(con)
                bar.advance(task)
                con.execute("COMMIT")
                if db_path.exists():
                    bar.update(task, description="carrying over your documents and reviews")
                    con.execute("BEGIN TRANSACTION")
                    summary["carried_over"] = _carry_over(con, db_path)
                    con.execute("COMMIT")
                bar.advance(task)
                summary["titles"] = fill_titles(con, local_tm_path(db_path))
                summary["importance"] = compute_importance(con)
                for hook in POST_BUILD_HOOKS:
                    hook(con)
                bar.advance(task)
            info = {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "schema_version": str(SCHEMA_VERSION),
                "sources": ",".join(sources),
            }
            con.executemany("INSERT OR REPLACE INTO core.build_info VALUES (?, ?)", list(info.items()))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
        Path(str(db_path) + ".wal").unlink(missing_ok=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return summary


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the published views (printed by build and `make run`)."""
    out = {}
    for v in ("jurisdictions", "documents", "events", "amounts", "indicators", "observations", "edges"):
        out[v] = con.execute(f"SELECT count(*) FROM main.{v}").fetchone()[0]
    return out
