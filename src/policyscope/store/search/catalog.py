"""What the search index must hold, kept in the DuckDB file beside the rows it describes.

``search.doc`` lists every indexed item (kind, id, stamp of the indexed state: a document's id is a content
hash, an event's stamp is its ``updated_at``, review state and evidence count) and ``search.meta`` holds the
catalogue's version stamp, a random string replaced by every write that changes the catalogue — in the same
transaction as the rows (ingest, review, build). The tantivy index itself lives outside the file, in a
directory named by that stamp (:mod:`policyscope.store.search.engine`): a killed ingest rolls back the rows and
the stamp together, and ``build``'s atomic swap brings a new file with a new stamp, so an index directory is
either exactly the catalogue of its stamp or not used at all."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

import duckdb

from policyscope.model.taxonomy import taxonomy

MAX_DOC_CHARS = 2_000_000  # text beyond this is not indexed (a 2-million-character document is ~1,000 pages)
_LOOKUP_MAX = 2000  # documents read by id up to this many; more are streamed

SCHEMA_SQL = [
    "CREATE SCHEMA IF NOT EXISTS search",
    "CREATE TABLE IF NOT EXISTS search.doc (kind VARCHAR NOT NULL, id VARCHAR NOT NULL, stamp VARCHAR, "
    "PRIMARY KEY (kind, id))",
    "CREATE TABLE IF NOT EXISTS search.meta (version VARCHAR NOT NULL)",
]
_EVENT_STAMP = ("CAST(e.updated_at AS VARCHAR) || '|' || e.review_state || '|' || "
                "(SELECT count(*) FROM core.evidence v WHERE v.event_id = e.id)")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'search' AND database_name = current_database()"
    ).fetchall()}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the catalogue; a database indexed by the former hand-written engine (``search.posting``) loses
    those tables, which are rebuilt as a catalogue by the next :func:`sync_index`."""
    if "posting" in _tables(con):
        con.execute("DROP SCHEMA search CASCADE")
    for stmt in SCHEMA_SQL:
        con.execute(stmt)
    if con.execute("SELECT count(*) FROM search.meta").fetchall()[0][0] == 0:
        con.execute("INSERT INTO search.meta VALUES (?)", [uuid.uuid4().hex])


def _bump(con: duckdb.DuckDBPyConnection) -> None:
    """A new version stamp, written in the transaction that changes the catalogue."""
    con.execute("UPDATE search.meta SET version = ?", [uuid.uuid4().hex])


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this database has a (current) search catalogue."""
    return {"doc", "meta"} <= _tables(con) and "posting" not in _tables(con)


def index_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The catalogue's stamp as this connection sees it (None: no catalogue yet)."""
    try:
        row = con.execute("SELECT max(version) FROM search.meta").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


# -- the texts of items -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _domain_labels() -> dict[str, str]:
    return {t.code: f"{t.zh} {t.en}" for t in taxonomy("domains").items}


@lru_cache(maxsize=1)
def _type_labels() -> dict[str, str]:
    return {t.code: f"{t.zh} {t.en}" for t in taxonomy("event_types").items}


def _event_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Text columns of events that are indexed, those of them this database has (``description`` is newer)."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'core' AND table_name = 'event' "
        "AND database_name = current_database()").fetchall()}
    return [c for c in ("title", "title_en", "title_zh", "description", "issuer", "quote") if c in have]


def event_texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str]]:
    """(id, text) of these events: titles in every language, description, issuer, quotes of the event and
    its evidence, and the labels of its domains and type in both languages (so 芯片 finds a ``chips`` event)."""
    if not ids:
        return []
    cols = ", ".join(f"e.{c}" for c in _event_columns(con))
    rows = con.execute(
        f"SELECT e.id, concat_ws(' ', {cols}), e.domains, e.type, v.quotes FROM core.event e "
        "LEFT JOIN (SELECT event_id, string_agg(DISTINCT quote, ' ') AS quotes FROM core.evidence "
        "WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id) v ON v.event_id = e.id "
        "WHERE e.id IN (SELECT unnest(?))", [ids, ids]).fetchall()
    labels, types = _domain_labels(), _type_labels()
    out = []
    for eid, text, domains, etype, more in rows:
        extra = " ".join(labels.get(d, d) for d in (domains or []))
        out.append((eid, " ".join(x for x in (text, more or "", extra, types.get(etype, "")) if x)))
    return out


def document_rows(con: duckdb.DuckDBPyConnection, ids: set[str] | list[str], batch: int = 50
                  ) -> Iterator[list[tuple[str, str, str]]]:
    """Batches of (id, title, text cut at MAX_DOC_CHARS) of these documents, read on the caller's connection
    (it may see its own uncommitted rows; nothing else may run on it meanwhile). A few ids are looked up by
    an IN list of parameters (the primary-key index: 32 texts of 100,000 in 3 ms); many are streamed in one
    pass over the table — IN (SELECT unnest(?)) would scan the table for every batch."""
    want = set(ids)
    if not want:
        return
    if len(want) <= _LOOKUP_MAX:
        ordered = sorted(want)
        for start in range(0, len(ordered), batch):
            chunk = ordered[start:start + batch]
            rows = con.execute(f"SELECT id, title, substr(coalesce(text, ''), 1, ?) FROM core.document "
                               f"WHERE id IN ({', '.join('?' for _ in chunk)})", [MAX_DOC_CHARS, *chunk]).fetchall()
            if rows:
                yield [(i, t or "", x or "") for i, t, x in rows]
        return
    res = con.execute("SELECT id, title, substr(coalesce(text, ''), 1, ?) FROM core.document", [MAX_DOC_CHARS])
    while True:
        rows = res.fetchmany(max(batch, 200))
        if not rows:
            return
        kept = [(i, t or "", x or "") for i, t, x in rows if i in want]
        for start in range(0, len(kept), batch):
            yield kept[start:start + batch]


# -- keeping the catalogue level with the tables ------------------------------------------------------------

def pending(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """What the catalogue lacks or holds in excess compared with the tables."""
    ensure_schema(con)
    q = {
        "documents_new": "SELECT id FROM core.document EXCEPT SELECT id FROM search.doc WHERE kind = 'document'",
        "documents_gone": "SELECT id FROM search.doc WHERE kind = 'document' EXCEPT SELECT id FROM core.document",
        "events_stale": f"SELECT e.id FROM core.event e LEFT JOIN search.doc s ON s.kind = 'event' AND s.id = e.id "
                        f"WHERE s.stamp IS DISTINCT FROM ({_EVENT_STAMP})",
        "events_gone": "SELECT id FROM search.doc WHERE kind = 'event' EXCEPT SELECT id FROM core.event",
    }
    return {k: sorted(r[0] for r in con.execute(sql).fetchall()) for k, sql in q.items()}


def _upsert_events(con: duckdb.DuckDBPyConnection, ids: list[str]) -> int:
    if not ids:
        return 0
    con.execute("DELETE FROM search.doc WHERE kind = 'event' AND id IN (SELECT unnest(?))", [ids])
    con.execute(f"INSERT INTO search.doc SELECT 'event', e.id, {_EVENT_STAMP} FROM core.event e "
                "WHERE e.id IN (SELECT unnest(?))", [ids])
    return len(ids)


def _upsert_documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> int:
    if not ids:
        return 0
    con.execute("DELETE FROM search.doc WHERE kind = 'document' AND id IN (SELECT unnest(?))", [ids])
    con.execute("INSERT INTO search.doc SELECT 'document', d.id, d.id FROM core.document d "
                "WHERE d.id IN (SELECT unnest(?))", [ids])
    return len(ids)


def index_items(con: duckdb.DuckDBPyConnection, documents: Sequence[Any] = (), event_ids: Sequence[str] = ()
                ) -> dict[str, int]:
    """Catalogue these documents (``Document`` objects just stored) and events (by id) and give the
    catalogue a new stamp; call in the transaction that wrote them (ingest does)."""
    ensure_schema(con)
    n_docs = _upsert_documents(con, list(dict.fromkeys(d.id for d in documents)))
    n_ev = _upsert_events(con, list(dict.fromkeys(event_ids)))
    if n_docs or n_ev:
        _bump(con)
    return {"documents": n_docs, "events": n_ev}


def sync_index(con: duckdb.DuckDBPyConnection, progress: Any = None) -> dict[str, int]:
    """Bring the catalogue level with the tables (new, changed or removed documents and events) and give it
    a new stamp when anything changed; call inside a transaction. Returns what was (re)catalogued or removed.
    SQL only: the texts are read and tokenized when the index of the new stamp is made."""
    p = pending(con)
    gone = {"document": p["documents_gone"], "event": p["events_gone"]}
    for kind, ids in gone.items():
        if ids:
            con.execute("DELETE FROM search.doc WHERE kind = ? AND id IN (SELECT unnest(?))", [kind, ids])
    n_docs = _upsert_documents(con, p["documents_new"])
    n_ev = _upsert_events(con, p["events_stale"])
    removed = len(p["documents_gone"]) + len(p["events_gone"])
    if n_docs or n_ev or removed:
        _bump(con)
    if progress:
        progress(n_docs, n_docs)
    return {"documents": n_docs, "events": n_ev, "removed": removed}


def rebuild_index(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Drop and rebuild the catalogue (a new stamp, so a new index directory is made at the next query)."""
    con.execute("DROP SCHEMA IF EXISTS search CASCADE")
    ensure_schema(con)
    return sync_index(con)


def catalogue(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(kind, id, stamp) of every catalogued item."""
    return [(k, i, s or "") for k, i, s in con.execute("SELECT kind, id, stamp FROM search.doc").fetchall()]
