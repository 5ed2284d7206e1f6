"""Storing documents once by content hash. Re-ingesting the same bytes finds the stored row and changes
nothing; callers write a document, its events and its search postings in one transaction."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from policyscope.model import Document
from policyscope.store.database import Database, StoreError, StoreNotFound


def document_exists(con: duckdb.DuckDBPyConnection, doc_id: str) -> bool:
    return con.execute("SELECT 1 FROM core.document WHERE id = ?", [doc_id]).fetchall() != []


def store_document(con: duckdb.DuckDBPyConnection, doc: Document) -> bool:
    """Insert the document unless its content hash is stored already; True when it was new.
    Call inside ``Database.transaction()``."""
    if document_exists(con, doc.id):
        return False
    con.execute(
        "INSERT INTO core.document (id, title, lang, origin, source_name, published, jurisdiction, chars, text, "
        "needs_ocr, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [doc.id, doc.title, doc.lang, doc.origin, doc.source_name, doc.published, doc.jurisdiction, doc.chars,
         doc.text, doc.needs_ocr, json.dumps(doc.meta, ensure_ascii=False)],
    )
    return True


def get_document(db: Database, doc_id: str) -> Document:
    """A stored document by id (or unique id prefix of at least 8 characters)."""
    rows = db.con.execute(
        "SELECT id, title, lang, origin, source_name, published, jurisdiction, text, needs_ocr, meta "
        "FROM core.document WHERE id = ? OR (length(?) >= 8 AND starts_with(id, ?)) LIMIT 2",
        [doc_id, doc_id, doc_id],
    ).fetchall()
    if not rows:
        raise StoreNotFound(f"no document with id {doc_id!r}")
    if len(rows) > 1:
        raise StoreError(f"document id prefix {doc_id!r} is ambiguous")
    r = rows[0]
    meta: dict[str, Any] = json.loads(r[9]) if r[9] else {}
    return Document(id=r[0], title=r[1] or "", lang=r[2] or "other", origin=r[3] or "", source_name=r[4],
                    published=r[5], jurisdiction=r[6], text=r[7] or "", needs_ocr=bool(r[8]),
                    meta={k: str(v) for k, v in meta.items()})
