"""Storing what the ingest stage produced: documents with their events and search postings, a batch of
documents per transaction, merged with events already stored (same jurisdiction, fuzzy-equal title,
compatible date).

A failure or a kill midway leaves the database consistent; re-running completes the work (documents already
stored are recognised by their content hash and skipped). A file that cannot be read or extracted is
reported with the reason and the batch goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from policyscope.ingest.pipeline import (
    FileResult,
    IngestReport,
    ProgressFn,
    default_actor,
    extract_document,
    iter_inputs,
)
from policyscope.ingest.readers import ReaderError, ReadOptions
from policyscope.model import Document, PolicyEvent
from policyscope.settings import settings
from policyscope.store.database import Database
from policyscope.store.documents import document_exists, store_document
from policyscope.store.events import add_evidence, upsert_events
from policyscope.store.importance import compute_importance
from policyscope.store.search import ensure_schema, index_items, sync_index


@lru_cache(maxsize=200_000)
def _title_key(title: str) -> str:
    """The extractor's normalised title (cached: stored titles are compared again for every document)."""
    from policyscope.ingest.extract import title_key

    return title_key(title)


def _match_stored(con: Any, events: list[PolicyEvent]) -> tuple[list[PolicyEvent], list[tuple[str, PolicyEvent]]]:
    """Split extracted events into those to upsert and those that duplicate a stored event of another id
    (same jurisdiction, fuzzy-equal title, compatible date — the extractor's ``same_event`` rule): for the
    latter only the evidence and amounts are added, so a stored (e.g. AGORA) event keeps its own fields."""
    from rapidfuzz import fuzz

    from policyscope.ingest.extract import dates_compatible

    title_key = _title_key

    juris = sorted({e.jurisdiction for e in events})
    if not juris:
        return events, []
    marks = ", ".join("?" for _ in juris)
    rows = con.execute(
        f"SELECT id, jurisdiction, title, date, date_precision FROM core.event WHERE jurisdiction IN ({marks}) "
        "AND review_state NOT IN ('rejected', 'merged')", juris).fetchall()
    stored: dict[str, list[tuple[str, str, Any]]] = {}
    for eid, jur, title, date, prec in rows:
        probe = SimpleNamespace(date=date, date_precision=prec)  # what dates_compatible reads; no validation cost
        stored.setdefault(jur, []).append((eid, title_key(title or ""), probe))
    fresh: list[PolicyEvent] = []
    matched: list[tuple[str, PolicyEvent]] = []
    for ev in events:
        own = ev.id or ev.stable_id()
        key = title_key(ev.title)
        hit = None
        for eid, skey, probe in stored.get(ev.jurisdiction, []):
            if eid == own:
                hit = None
                break
            if key and skey and (key == skey or fuzz.ratio(key, skey) >= 90) and dates_compatible(ev, probe):
                hit = eid
        if hit is None:
            fresh.append(ev)
        else:
            matched.append((hit, ev))
    return fresh, matched


# Documents written per transaction: DuckDB's cost is per statement, so the statements of a batch (documents,
# event upsert, evidence, postings) are issued once for the whole batch. A kill loses at most the batch in
# flight, which a re-run stores; a batch that fails is retried document by document to name the bad file.
# POLICYSCOPE_INGEST_BATCH sets the documents per transaction (1 = the finest recovery, the slowest).
BATCH_DOCS = settings().ingest_batch
BATCH_CHARS = 4_000_000


def _prepare(db: Database, doc: Document, size: int, reextract: bool,
             extractor: Callable[[Document], list[PolicyEvent]] | None = None,
             ) -> tuple[FileResult, list[PolicyEvent] | None]:
    """Extract one document outside any transaction; ``None`` events = already stored, nothing to do."""
    res = FileResult(source=doc.origin, status="unchanged", document_id=doc.id, title=doc.title, lang=doc.lang,
                     chars=doc.chars, size=size, needs_ocr=doc.needs_ocr)
    if document_exists(db.con, doc.id) and not reextract:
        return res, None
    events = (extractor or extract_document)(doc)
    res.events = len(events)
    return res, events


def _evidence_by_document(con: Any, doc_ids: list[str]) -> dict[str, int]:
    rows = con.execute("SELECT document_id, count(*) FROM core.evidence WHERE document_id IN "
                       "(SELECT unnest(CAST(? AS VARCHAR[]))) GROUP BY 1", [doc_ids]).fetchall()
    return {d: int(n) for d, n in rows}


def _store_batch(db: Database, batch: list[tuple[Document, FileResult, list[PolicyEvent]]], actor: str) -> None:
    """Store several documents, their events (merged across the batch and with stored events) and their
    postings in ONE transaction; fill each document's counts."""
    from policyscope.ingest.extract import merge_events

    with db.transaction() as con:
        new_docs = [doc for doc, res, _ in batch if store_document(con, doc)]
        new_ids = {d.id for d in new_docs}
        doc_ids = [doc.id for doc, _, _ in batch]
        ev_before = _evidence_by_document(con, doc_ids)
        events = merge_events([ev for _, _, evs in batch for ev in evs])
        fresh, matched = _match_stored(con, events) if events else ([], [])
        changed: dict[str, list[str]] = {"inserted": [], "updated": []}
        upsert_events(con, fresh, actor=actor, ids_out=changed)
        for stored_id, ev in matched:
            add_evidence(con, stored_id, ev)
        touched = [e.id or e.stable_id() for e in fresh] + [sid for sid, _ in matched]
        compute_importance(con, touched)  # (as the build scores every event: reports choose by it)
        index_items(con, new_docs, touched)
        ev_after = _evidence_by_document(con, doc_ids)
    first_doc = {(e.id or e.stable_id()): (e.evidence[0].document_id if e.evidence else None) for e in fresh}
    for doc, res, _ in batch:
        res.status = "new" if doc.id in new_ids else "unchanged"
        res.evidence_added = ev_after.get(doc.id, 0) - ev_before.get(doc.id, 0)
        res.events_new = sum(1 for i in changed["inserted"] if first_doc.get(i) == doc.id)
        res.events_updated = sum(1 for i in changed["updated"] if first_doc.get(i) == doc.id)


def _flush(db: Database, batch: list[tuple[Document, FileResult, list[PolicyEvent]]], actor: str,
           report: IngestReport) -> None:
    if not batch:
        return
    try:
        _store_batch(db, batch, actor)
    except Exception:
        if len(batch) == 1:
            doc, res, _ = batch[0]
            raise
        for item in batch:  # the batch rolled back: store one by one so only the bad document fails
            try:
                _store_batch(db, [item], actor)
            except Exception as exc:
                doc, res, _ = item
                res.status, res.error = "error", _reason(exc)
    report.results.extend(res for _, res, _ in batch)


def _reason(exc: Exception) -> str:
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {reason}"


def ingest(db: Database, paths: Iterable[str | Path] = (), *, urls: list[str] | None = None,
           opts: ReadOptions | None = None, actor: str | None = None, reextract: bool = False,
           progress: ProgressFn | None = None, transport: Any = None,
           inputs: Iterable[tuple[str, int, Document | ReaderError]] | None = None,
           extractor: Callable[[Document], list[PolicyEvent]] | None = None) -> IngestReport:
    """Ingest files, folders and URLs into ``db``; never stops at a bad file. ``inputs`` and ``extractor``
    let a batch engine (``import-batch``) hand in documents it already read and extracted."""
    opts = opts or ReadOptions()
    actor = actor or default_actor()
    report = IngestReport()
    with db.transaction() as con:
        ensure_schema(con)  # bring the index level first (e.g. after a killed run or a manual edit)
        sync_index(con)
    batch: list[tuple[Document, FileResult, list[PolicyEvent]]] = []
    chars = 0
    for source, size, item in inputs if inputs is not None else iter_inputs(paths, urls, opts, transport=transport):
        if isinstance(item, ReaderError):
            report.results.append(FileResult(source=source, status="error", size=size, error=item.reason))
        else:
            try:
                res, events = _prepare(db, item, size, reextract, extractor)
            except Exception as exc:  # extraction failed for this file only
                report.results.append(FileResult(source=source, status="error", size=size, document_id=item.id,
                                                 error=_reason(exc)))
            else:
                if events is None:
                    report.results.append(res)
                elif any(d.id == item.id for d, _, _ in batch):
                    report.results.append(res)  # the same bytes twice in one run: stored once
                else:
                    batch.append((item, res, events))
                    chars += item.chars
        if len(batch) >= BATCH_DOCS or chars >= BATCH_CHARS:
            _flush_safely(db, batch, actor, report)
            batch, chars = [], 0
        if progress:
            progress(source, size)
    _flush_safely(db, batch, actor, report)
    return report


def _flush_safely(db: Database, batch: list[tuple[Document, FileResult, list[PolicyEvent]]], actor: str,
                  report: IngestReport) -> None:
    try:
        _flush(db, batch, actor, report)
    except Exception as exc:  # a one-document batch that failed: report it, the run goes on
        doc, res, _ = batch[0]
        res.status, res.error = "error", _reason(exc)
        report.results.append(res)
