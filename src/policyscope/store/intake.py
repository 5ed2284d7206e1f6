"""Storing what the ingest stage produced: each document with its events and its search postings in ONE
transaction, merged with events already stored (same jurisdiction, fuzzy-equal title, compatible date).

A failure or a kill midway leaves the database consistent; re-running completes the work (documents already
stored are recognised by their content hash and skipped). A file that cannot be read or extracted is
reported with the reason and the batch goes on."""

from __future__ import annotations

from collections.abc import Iterable
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
from policyscope.store.database import Database
from policyscope.store.documents import document_exists, store_document
from policyscope.store.events import add_evidence, upsert_events
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


def ingest_document(db: Database, doc: Document, *, actor: str, reextract: bool = False,
                    size: int = 0) -> FileResult:
    """Store one document, its events and their search postings in one transaction."""
    res = FileResult(source=doc.origin, status="unchanged", document_id=doc.id, title=doc.title, lang=doc.lang,
                     chars=doc.chars, size=size, needs_ocr=doc.needs_ocr)
    if document_exists(db.con, doc.id) and not reextract:
        return res
    events = extract_document(doc)
    res.events = len(events)
    with db.transaction() as con:
        new = store_document(con, doc)
        res.status = "new" if new else "unchanged"
        fresh: list[PolicyEvent] = []
        matched: list[tuple[str, PolicyEvent]] = []
        if events:
            fresh, matched = _match_stored(con, events)
            c = upsert_events(con, fresh, actor=actor)
            res.events_new, res.events_updated, res.evidence_added = c["inserted"], c["updated"], c["evidence_added"]
            for stored_id, ev in matched:
                res.evidence_added += add_evidence(con, stored_id, ev)
        touched = [e.id or e.stable_id() for e in fresh] + [sid for sid, _ in matched]
        index_items(con, [doc] if new else [], touched)
    return res


def ingest(db: Database, paths: Iterable[str | Path] = (), *, urls: list[str] | None = None,
           opts: ReadOptions | None = None, actor: str | None = None, reextract: bool = False,
           progress: ProgressFn | None = None, transport: Any = None) -> IngestReport:
    """Ingest files, folders and URLs into ``db``; never stops at a bad file."""
    opts = opts or ReadOptions()
    actor = actor or default_actor()
    report = IngestReport()
    with db.transaction() as con:
        ensure_schema(con)  # bring the index level first (e.g. after a killed run or a manual edit)
        sync_index(con)
    for source, size, item in iter_inputs(paths, urls, opts, transport=transport):
        if isinstance(item, ReaderError):
            report.results.append(FileResult(source=source, status="error", size=size, error=item.reason))
        else:
            try:
                report.results.append(ingest_document(db, item, actor=actor, reextract=reextract, size=size))
            except Exception as exc:  # extraction or storage failed for this file only; its transaction rolled back
                reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                report.results.append(FileResult(source=source, status="error", size=size,
                                                 document_id=item.id, error=f"{type(exc).__name__}: {reason}"))
        if progress:
            progress(source, size)
    return report
