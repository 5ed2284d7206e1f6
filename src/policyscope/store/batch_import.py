"""``policyscope import-batch DIR``: a batch folder written by ``ingest --engine spark`` → the store, through
the same intake as a local ingest (:func:`policyscope.store.intake.ingest`, with the documents and events the
Spark job already read and extracted). So a batch gets the local engine's batching, cross-document merge,
dedupe against stored events, search postings and idempotence: a document already stored (same content
hash) is skipped, and importing the same batch twice changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from policyscope.errors import SourceFailure
from policyscope.ingest.pipeline import IngestReport, ProgressFn
from policyscope.ingest.readers import ReaderError
from policyscope.model import Document, PolicyEvent
from policyscope.store.database import Database, StoreError
from policyscope.store.intake import ingest

REQUIRED = ("documents", "events", "errors")
CHUNK = 256  # documents fetched from Parquet at a time (texts can be large)


class BatchExtractError(SourceFailure):
    """Extraction failed on the Spark executor; carries the executor's reason."""


def check_batch(path: Path) -> dict[str, Any]:
    """The batch's ``batch.json``; a folder that is not a batch is an error naming what is missing."""
    if not path.is_dir():
        raise StoreError(f"{path}: not a folder (expected a batch written by `ingest --engine spark --out`)")
    meta_file = path / "batch.json"
    if not meta_file.exists():
        raise StoreError(f"{path}: no batch.json, not a batch written by `ingest --engine spark`")
    try:
        meta: dict[str, Any] = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"{meta_file}: unreadable ({exc})") from None
    if not str(meta.get("format", "")).startswith("policyscope-batch/"):
        raise StoreError(f"{meta_file}: unknown batch format {meta.get('format')!r}")
    missing = [t for t in REQUIRED if not (path / t).is_dir()]
    if missing:
        raise StoreError(f"{path}: batch tables missing: {', '.join(missing)}")
    return meta


def _scan(path: Path, table: str) -> str:
    return f"read_parquet('{(path / table).as_posix()}/*.parquet')"


def _events_by_document(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, list[PolicyEvent]]:
    out: dict[str, list[PolicyEvent]] = {}
    rows = con.execute(f"SELECT document_id, payload FROM {_scan(path, 'events')} ORDER BY seq, ordinal").fetchall()
    for doc_id, payload in rows:
        out.setdefault(doc_id, []).append(PolicyEvent.model_validate_json(payload))
    return out


def _inputs(con: duckdb.DuckDBPyConnection, path: Path) -> Iterator[tuple[str, int, Document | ReaderError]]:
    """(source, size, document or error) in ``seq`` order: the order the local engine reads them in."""
    cur = con.execute(
        f"SELECT seq, source, size, id, title, lang, origin, source_name, published, jurisdiction, text, "
        f"needs_ocr, meta, NULL AS error FROM {_scan(path, 'documents')} "
        f"UNION ALL SELECT seq, source, size, document_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        f"error FROM {_scan(path, 'errors')} ORDER BY seq")
    while rows := cur.fetchmany(CHUNK):
        for (_seq, source, size, doc_id, title, lang, origin, source_name, published, jurisdiction, text,
             needs_ocr, meta, error) in rows:
            if error is not None:
                if doc_id is None:
                    yield source, int(size or 0), ReaderError(source, error)
                else:  # read but not extracted: the intake reports it with the document id
                    yield source, int(size or 0), Document(id=doc_id, title=source, lang="other", origin=source,
                                                            meta={"_batch_error": error})
                continue
            yield source, int(size or 0), Document(
                id=doc_id, title=title, lang=lang, origin=origin, source_name=source_name, published=published,
                jurisdiction=jurisdiction, text=text or "", needs_ocr=bool(needs_ocr), meta=json.loads(meta or "{}"))


def import_batch(db: Database, path: Path, *, actor: str | None = None, progress: ProgressFn | None = None,
                 reextract: bool = False) -> IngestReport:
    """Store a Spark batch in ``db`` exactly as a local ingest of the same inputs would."""
    check_batch(path)
    con = duckdb.connect()
    try:
        events = _events_by_document(con, path)

        def extracted(doc: Document) -> list[PolicyEvent]:
            if "_batch_error" in doc.meta:
                raise BatchExtractError(doc.meta["_batch_error"])
            return [ev.model_copy(deep=True) for ev in events.get(doc.id, [])]

        return ingest(db, inputs=_inputs(con, path), extractor=extracted, actor=actor, progress=progress,
                      reextract=reextract)
    finally:
        con.close()


def batch_size(path: Path) -> int:
    """Inputs in a batch (documents + errors), for the progress bar."""
    meta = check_batch(path)
    return int(meta.get("documents", 0)) + int(meta.get("errors", 0))
