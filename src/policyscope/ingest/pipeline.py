"""The ingest pipeline: paths and URLs → documents → events → (cross-document merge) → the database.

Each document is written with its events and its search postings in ONE transaction, so a failure or a
kill midway leaves the database consistent and re-running completes the work (documents already stored
are recognised by their content hash and skipped). A file that cannot be read or extracted is reported
with the reason and the batch goes on."""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from policyscope.ingest.readers import ReaderError, ReadOptions, iter_files, read_path
from policyscope.model import Document, PolicyEvent

ProgressFn = Callable[[str, int], None]


def default_actor() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or _safe_user()


def _safe_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@dataclass
class FileResult:
    """What happened to one input (file or URL)."""

    source: str
    status: str  # new | unchanged | error
    document_id: str | None = None
    title: str | None = None
    lang: str | None = None
    chars: int = 0
    size: int = 0
    needs_ocr: bool = False
    events: int = 0
    events_new: int = 0
    events_updated: int = 0
    evidence_added: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "error"]

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.results),
            "documents_new": self.count("new"),
            "documents_unchanged": self.count("unchanged"),
            "needs_ocr": sum(1 for r in self.results if r.needs_ocr),
            "events_new": sum(r.events_new for r in self.results),
            "events_updated": sum(r.events_updated for r in self.results),
            "evidence_added": sum(r.evidence_added for r in self.results),
            "errors": len(self.errors),
        }


# -- extraction (contract of policyscope.ingest.extract) ----------------------------------------------------

def extract_document(doc: Document) -> list[PolicyEvent]:
    """Events of one document, with evidence pointing at it; nothing is stored."""
    if doc.needs_ocr or not doc.text.strip():
        return []
    from policyscope.ingest.extract import extract_events

    events = extract_events(doc.text, doc_date=doc.published, default_jurisdiction=doc.jurisdiction,
                            document_id=doc.id, lang=doc.lang)
    out = []
    for ev in events:
        if ev.origin == "manual":
            ev.origin = "extracted"
        ev.review_state = "auto"
        for e in ev.evidence:
            if e.document_id is None:
                e.document_id = doc.id
        out.append(ev)
    return out


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


# -- the pipeline ----------------------------------------------------------------------------------------

def iter_inputs(paths: Iterable[str | Path], urls: list[str] | None, opts: ReadOptions,
                transport: Any = None) -> Iterator[tuple[str, int, Document | ReaderError]]:
    """(source, size, document or error) for every file under ``paths`` and every URL."""
    for f in iter_files(paths):
        try:
            size = f.stat().st_size if f.exists() else 0
        except OSError:
            size = 0
        try:
            yield str(f), size, read_path(f, opts)
        except ReaderError as exc:
            yield str(f), size, exc
        except Exception as exc:  # a reader bug must not stop the batch
            yield str(f), size, ReaderError(f, f"cannot read ({type(exc).__name__}: {str(exc)[:160]})")
    if urls:
        from policyscope.ingest.fetch import fetch_all

        for url, res in fetch_all(urls, opts, transport=transport):
            size = len(res.text.encode("utf-8")) if isinstance(res, Document) else 0
            yield url, size, res


def ingest_document(db: Any, doc: Document, *, actor: str, reextract: bool = False,
                    size: int = 0) -> FileResult:
    """Store one document, its events and their search postings in one transaction."""
    from policyscope.store.documents import document_exists, store_document
    from policyscope.store.events import _insert_children as add_evidence
    from policyscope.store.events import upsert_events
    from policyscope.store.search import index_items

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


def ingest(db: Any, paths: Iterable[str | Path] = (), *, urls: list[str] | None = None,
           opts: ReadOptions | None = None, actor: str | None = None, reextract: bool = False,
           progress: ProgressFn | None = None, transport: Any = None) -> IngestReport:
    """Ingest files, folders and URLs into ``db``; never stops at a bad file."""
    opts = opts or ReadOptions()
    actor = actor or default_actor()
    report = IngestReport()
    from policyscope.store.search import ensure_schema, sync_index

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


def count_inputs(paths: Iterable[str | Path]) -> tuple[int, int]:
    """How many files and bytes a run will go through (for the progress bar)."""
    n = total = 0
    for f in iter_files(paths):
        n += 1
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    return n, total
