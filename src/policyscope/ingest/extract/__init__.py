"""Rule-based event extraction (titles, jurisdiction, dates, issuer, type, domains, amounts, partners,
evidence) and dedupe. Entry points: :func:`extract_events`, :func:`merge_key`, :func:`merge_events`."""

from __future__ import annotations

import datetime as dt

from policyscope.ingest.extract.dedupe import dates_compatible, merge_events, merge_key, same_event, title_key
from policyscope.ingest.extract.events import extract_document
from policyscope.model import PolicyEvent

__all__ = ["extract_events", "merge_key", "merge_events", "same_event", "dates_compatible", "title_key"]


def extract_events(text: str, *, doc_date: dt.date | None = None, default_jurisdiction: str | None = None,
                   document_id: str | None = None, lang: str | None = None) -> list[PolicyEvent]:
    """Policy events of one document's text, each with its evidence (document, 1-based line, offsets, quote).

    ``doc_date`` resolves dates without a year (6月8日) and is the fallback year for US$ conversion;
    ``default_jurisdiction`` is used when neither the sentence, the section nor the paragraph names one.
    Events have origin "extracted" and review_state "auto". Never raises on odd text: empty → []."""
    if not text or not text.strip():
        return []
    return extract_document(text, doc_date=doc_date, default_jurisdiction=default_jurisdiction,
                            document_id=document_id, lang=lang)
