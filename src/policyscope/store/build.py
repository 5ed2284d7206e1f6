"""``policyscope build``: a fresh database from the bundled snapshot, written to a new file and swapped in
atomically, so an interrupted or failed build leaves the previous database exactly as it was.

What people added to the previous database (ingested documents, extracted or manual events, every review
decision and its history, tables in schema ``app``) is carried over into the new file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd
from rich.progress import Progress, TaskID

from policyscope.model import registry
from policyscope.sources.base import Bundle
from policyscope.sources.snapshot import SNAPSHOT_DIR, bundled_sources, load_bundle
from policyscope.store.database import StoreError
from policyscope.store.derived import compute_aggregates, compute_derived
from policyscope.store.errors import StoreBusy
from policyscope.store.importance import compute_importance
from policyscope.store.lock import write_lock
from policyscope.store.merge import SOURCE_PRIORITY as MERGED_SOURCES
from policyscope.store.merge import merge_events
from policyscope.store.schema import SCHEMA_VERSION, migrate
from policyscope.store.titles import fill_titles, local_tm_path

# Stages that keep derived state inside the database (e.g. the search index) register a function here;
# build calls each on the new file after the data is loaded and carried over — while it holds the database's
# exclusive lock, so writers wait for them: keep them short (incremental).
POST_BUILD_HOOKS: list[Callable[[duckdb.DuckDBPyConnection], None]] = []
# Slow derived work on the bundled data alone (e.g. a full index rebuild) goes here instead: build calls these
# after loading the snapshot and before taking the lock; a POST_BUILD_HOOK then adds what the carry-over brought.
POST_LOAD_HOOKS: list[Callable[[duckdb.DuckDBPyConnection], None]] = []

BUNDLED_ORIGINS = ("agora", "oecd_ai", "nat_ai", "cset_congress", *MERGED_SOURCES)  # + event-list sources


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
    am = bundle.table("amounts")
    if len(am):
        counts["amounts"] = _load_amounts(con, bundle.source, am)
    exc = bundle.table("excluded")
    if len(exc):
        con.register("_exc", exc)
        con.execute("DELETE FROM core.excluded WHERE source IN (SELECT DISTINCT source FROM _exc)")
        con.execute("INSERT INTO core.excluded SELECT source, CAST(record_id AS VARCHAR), title, jurisdiction, reason "
                    "FROM _exc")
        con.unregister("_exc")
        counts["excluded"] = len(exc)
    return counts


def _load_amounts(con: duckdb.DuckDBPyConnection, source: str, am: pd.DataFrame) -> int:
    """A source's stated amounts, replacing what it stated before (a re-import changes nothing else); each row
    names its source and citation (the merge that follows every load sets the events' ``amount_usd``)."""
    con.register("_am", am)
    try:
        con.execute("DELETE FROM core.amount WHERE source = ?", [source])
        con.execute(
            "INSERT INTO core.amount (event_id, text, value, unit_text, currency, value_in_currency_units, usd, "
            "fx_rate, fx_year, source, citation) SELECT event_id, text, CAST(value AS DOUBLE), unit_text, currency, "
            "CAST(value_in_currency_units AS DOUBLE), CAST(usd AS DOUBLE), CAST(fx_rate AS DOUBLE), "
            "CAST(fx_year AS INTEGER), ?, citation FROM _am WHERE event_id IN (SELECT id FROM core.event)", [source])
    finally:
        con.unregister("_am")
    return len(am)


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


@dataclass(frozen=True)
class Carry:
    """How the rows people made in one table survive a rebuild (one rule per table, applied in order).

    ``rows`` selects the user-made rows of the previous file (alias ``o``); ``mode`` says how they go in:
    ``ignore`` (INSERT OR IGNORE on the key), ``replace`` (INSERT OR REPLACE: the old row wins), ``missing``
    (insert the rows not already there, compared column by column, NULL-safe; rows matching ``replaces`` on
    the new side (alias ``n``) are deleted first so the old version wins), ``append`` (insert all, leaving
    ``skip`` columns to their defaults, e.g. a sequence id). Columns are matched by name, so a previous file
    from an older schema carries over too. The temp tables ``_kept`` (events people touched) and ``_user_docs``
    (documents no bundle loaded) are available to the conditions.
    """

    table: str
    rows: str
    mode: Literal["ignore", "replace", "missing", "append"]
    replaces: str | None = None
    skip: tuple[str, ...] = ()


# Events people touched: not from a bundle, reviewed in any way, or changed by an action other than an import.
KEPT_EVENTS = (
    "SELECT id FROM old.core.event WHERE origin NOT IN ({bundled}) OR review_state <> 'auto' "
    "OR id IN (SELECT event_id FROM old.core.event_history WHERE action <> 'import')"
)
_LIVE_EVENT = " AND o.event_id IN (SELECT id FROM core.event)"
CARRY_RULES: tuple[Carry, ...] = (
    Carry("core.document", "TRUE", "ignore"),
    Carry("core.event", "o.id IN (SELECT id FROM _kept)", "replace"),
    # evidence of touched events, and evidence an ingested document attached to a bundled event
    Carry("core.evidence", "(o.event_id IN (SELECT id FROM _kept) OR o.document_id IN (SELECT id FROM _user_docs))"
          + _LIVE_EVENT, "missing", replaces="n.event_id IN (SELECT id FROM _kept)"),
    # amounts extracted from documents (or moved by a merge); those a bundle states come again from the bundle
    Carry("core.amount", "o.source IS NULL" + _LIVE_EVENT, "missing", replaces="n.event_id IN (SELECT id FROM _kept) "
          "AND n.source IS NULL"),
    Carry("core.event_history", "o.action <> 'import'", "append", skip=("id",)),
)
# Schemas that belong to people (users, tokens, sessions…): carried whole, with their DDL and sequences.
CARRY_SCHEMAS = ("app",)


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> list[str]:
    schema, name = table.split(".")
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ? "
        "ORDER BY column_index", [database, schema, name]).fetchall()]


def _apply_rule(con: duckdb.DuckDBPyConnection, rule: Carry, new_db: str) -> int:
    have = set(_columns(con, "old", rule.table))
    new_cols = _columns(con, new_db, rule.table)
    cols = [c for c in new_cols if c in have and c not in rule.skip]
    names = ", ".join(f'"{c}"' for c in cols)
    picked = ", ".join(f'o."{c}"' for c in cols)
    # a file from an older schema lacks the newer columns: they read as NULL in the rule's conditions
    added = ", ".join(f'NULL AS "{c}"' for c in new_cols if c not in have)
    rel = f"(SELECT *, {added} FROM old.{rule.table})" if added else f"old.{rule.table}"
    src = f"SELECT {picked} FROM {rel} o WHERE {rule.rows}"
    if rule.mode == "ignore":
        sql = f"INSERT OR IGNORE INTO {rule.table} ({names}) {src}"
    elif rule.mode == "replace":
        sql = f"INSERT OR REPLACE INTO {rule.table} ({names}) {src}"
    elif rule.mode == "append":
        sql = f"INSERT INTO {rule.table} ({names}) {src} ORDER BY o.rowid"
    else:
        if rule.replaces:
            con.execute(f"DELETE FROM {rule.table} n WHERE {rule.replaces}")
        same = " AND ".join(f'n."{c}" IS NOT DISTINCT FROM o."{c}"' for c in cols)
        sql = (f"INSERT INTO {rule.table} ({names}) {src} AND NOT EXISTS "
               f"(SELECT 1 FROM {rule.table} n WHERE {same})")
    return int(con.execute(sql).fetchall()[0][0])


def _carry_schema(con: duckdb.DuckDBPyConnection, schema: str, new_db: str) -> dict[str, int]:
    """Copy a people's schema whole: sequences (continuing where they were), tables with their constraints."""
    counts: dict[str, int] = {}
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    for name, last, start, inc in con.execute(
            "SELECT sequence_name, last_value, start_value, increment_by FROM duckdb_sequences() "
            "WHERE database_name = 'old' AND schema_name = ?", [schema]).fetchall():
        begin = (last + inc) if last is not None else start
        con.execute(f'CREATE SEQUENCE IF NOT EXISTS "{schema}"."{name}" START WITH {int(begin)} '
                    f"INCREMENT BY {int(inc)}")
    for name, ddl in con.execute("SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'old' "
                                 "AND schema_name = ? ORDER BY table_name", [schema]).fetchall():
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
                             "AND table_name = ?", [new_db, schema, name]).fetchall()[0][0]
        if not exists:
            con.execute(ddl)  # keeps primary keys, defaults and NOT NULL (CREATE TABLE AS would drop them)
        keyed = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE database_name = ? AND schema_name = ? "
                            "AND table_name = ? AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
                            [new_db, schema, name]).fetchall()[0][0]
        rule = Carry(f'{schema}.{name}', "TRUE", "replace" if keyed else "append")
        counts[f"{schema}.{name}"] = _apply_rule(con, rule, new_db)
    return counts


def _carry_over(con: duckdb.DuckDBPyConnection, old: Path) -> dict[str, int]:
    """Copy what people added to the previous database into the new one, by :data:`CARRY_RULES`.

    The caller holds the database's exclusive write lock, so nothing can be written to ``old`` after this
    read and before the new file replaces it."""
    try:  # opening read-write first replays and checkpoints any WAL the previous writer left behind
        duckdb.connect(str(old)).close()
    except duckdb.IOException as exc:
        raise StoreBusy(f"busy: the database {old} is open in another process ({str(exc).splitlines()[0][:160]}); "
                        "the build was not swapped in — close it and run build again") from exc
    new_db = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute(f"ATTACH '{old.as_posix()}' AS old (READ_ONLY)")
    try:
        tables = {r[0] for r in con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = 'old'"
        ).fetchall()}
        counts: dict[str, int] = {}
        bundled = ", ".join(f"'{o}'" for o in BUNDLED_ORIGINS)
        has_events = {"core.event", "core.event_history"} <= tables
        con.execute(f"CREATE OR REPLACE TEMP TABLE _kept AS {KEPT_EVENTS.format(bundled=bundled)}" if has_events
                    else "CREATE OR REPLACE TEMP TABLE _kept AS SELECT ''::VARCHAR AS id WHERE FALSE")
        con.execute("CREATE OR REPLACE TEMP TABLE _user_docs AS SELECT id FROM old.core.document "
                    "EXCEPT SELECT id FROM core.document" if "core.document" in tables
                    else "CREATE OR REPLACE TEMP TABLE _user_docs AS SELECT ''::VARCHAR AS id WHERE FALSE")
        for rule in CARRY_RULES:
            if rule.table in tables:
                counts[rule.table.removeprefix("core.")] = _apply_rule(con, rule, new_db)
        for schema in CARRY_SCHEMAS:
            if any(t.startswith(f"{schema}.") for t in tables):
                counts.update(_carry_schema(con, schema, new_db))
        return counts
    finally:
        con.execute("DETACH old")


def _load_snapshot(con: duckdb.DuckDBPyConnection, sources: list[str], snapshot_dir: Path, bar: Progress,
                   task: TaskID) -> dict[str, object]:
    """The bundled data, derived indicators and aggregates, into the new file (no lock needed: it is ours)."""
    summary: dict[str, object] = {}
    con.execute("BEGIN TRANSACTION")
    summary["jurisdictions"] = _load_jurisdictions(con)
    bar.advance(task)
    for name in sources:
        bar.update(task, description=f"loading {name}")
        summary[name] = load_bundle_into(con, load_bundle(name, snapshot_dir))
        bar.advance(task)
    summary["merge"] = merge_events(con)  # one event per policy across sources (store/merge.py)
    bar.update(task, description="derived indicators")
    summary["derived"] = compute_derived(con)
    bar.advance(task)
    summary["aggregates"] = compute_aggregates(con)
    bar.advance(task)
    con.execute("COMMIT")
    return summary


def _finish(con: duckdb.DuckDBPyConnection, db_path: Path, sources: list[str], bar: Progress, task: TaskID,
            summary: dict[str, object]) -> None:
    """Carry over what people added, run the hooks, stamp the build (the caller holds the exclusive lock)."""
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


def build(db_path: Path, snapshot_dir: Path = SNAPSHOT_DIR, progress: bool = True,
          lock_wait: float | None = None) -> dict[str, object]:
    """Build the observatory into a new file next to ``db_path`` and swap it in atomically.

    The bundled data is loaded without any lock; then the database's write lock is taken exclusively
    (waiting up to ``lock_wait`` seconds for open writers to close, else :class:`StoreBusy`) from reading the
    previous file until the new one has replaced it, so every committed write is either carried over or
    waits and lands in the new file. Only one build runs per database at a time."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    sources = bundled_sources(snapshot_dir)
    if not sources:
        raise StoreError(f"no bundled data found in {snapshot_dir}")
    with write_lock(f"{db_path}.build", exclusive=True, wait=0, purpose="build",
                    refusal=f"another build of {db_path} is running; wait for it to finish"):
        for stale in db_path.parent.glob(db_path.name + ".building-*"):
            stale.unlink(missing_ok=True)  # left by a killed build (a running one holds the build lock)
        tmp = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
        try:
            con = duckdb.connect(str(tmp))
            try:
                migrate(con)
                steps = ["jurisdictions", *sources, "derived", "aggregates", "carry-over", "hooks"]
                with Progress(disable=not progress, transient=True) as bar:
                    task = bar.add_task("building", total=len(steps))
                    summary = _load_snapshot(con, sources, snapshot_dir, bar, task)
                    for hook in POST_LOAD_HOOKS:
                        hook(con)
                    con.execute("CHECKPOINT")  # write the bulk out now, so the locked window stays short
                    bar.update(task, description="waiting for writers to finish")
                    with write_lock(db_path, exclusive=True, wait=lock_wait, purpose="build"):
                        _finish(con, db_path, sources, bar, task, summary)
                        con.close()
                        os.replace(tmp, db_path)
                        Path(str(db_path) + ".wal").unlink(missing_ok=True)
            finally:
                con.close()
        except BaseException:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            raise
    return summary


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the published views (printed by build and `make run`)."""
    out = {}
    for v in ("jurisdictions", "documents", "events", "amounts", "indicators", "observations", "edges"):
        out[v] = con.execute(f"SELECT count(*) FROM main.{v}").fetchall()[0][0]
    return out
