"""The ingest pipeline up to the store: paths and URLs → documents → events. Storing them (with the
cross-document merge and the search postings) is :mod:`policyscope.store.intake`, the next stage.

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
from pathlib import Path
from typing import Any

from policyscope.ingest.extract.docmeta import DocumentMeta
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

def describe_document(doc: Document) -> DocumentMeta:
    """Read what the document says about itself and record it on ``doc``: ``doc.meta`` gains doc_title,
    doc_type, issuer, doc_number and the three dates (stored as core.document.meta, shown in the documents
    view); the title becomes the document's own title, and an undated document takes its stated date."""
    from policyscope.ingest.extract.docmeta import document_meta

    meta = document_meta(doc.text, lang=doc.lang if doc.lang in ("zh", "en") else None)
    doc.meta.update(meta.as_meta())
    if meta.title:
        doc.title = meta.title[:300]
    if doc.published is None:
        doc.published = meta.date_published or meta.date_signed
    return meta


def extract_document(doc: Document) -> list[PolicyEvent]:
    """Events of one document, with evidence pointing at it; nothing is stored. The first event is the
    document itself (its own title, type, issuer and signing date) when it names itself; ``doc.meta`` says
    which (``primary_event``)."""
    if doc.needs_ocr or not doc.text.strip():
        return []
    from policyscope.ingest.extract import extract_events
    from policyscope.ingest.extract.primary import primary_event

    meta = describe_document(doc)
    events = extract_events(doc.text, doc_date=doc.published or meta.date, default_jurisdiction=doc.jurisdiction,
                            document_id=doc.id, lang=doc.lang)
    first = primary_event(doc, meta, events)
    if first is not None:
        doc.meta["primary_event"] = first.id or ""
        events = [first, *[e for e in events if e is not first and e.id != first.id]]
    if doc.jurisdiction is None and meta.jurisdiction:
        doc.jurisdiction = meta.jurisdiction  # stored after extraction: a digest's issuer is no default for its articles
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


def count_inputs(paths: Iterable[str | Path]) -> tuple[int, int]:
    """How many files and bytes a run will go through (for the progress bar)."""
    n = total = 0
    for f in iter_files(paths):
        n += 1
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    return n, total
