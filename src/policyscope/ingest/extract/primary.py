"""The document's primary event: the document itself as a policy event (its own title, type, issuer, signing
date and jurisdiction), with the title line as evidence. An event the extractor found under the same title
is folded into it (its evidence and amounts kept), so the document is never counted twice."""

from __future__ import annotations

import re

from policyscope.ingest.extract.classify import classify_domains, classify_type
from policyscope.ingest.extract.dedupe import title_key
from policyscope.ingest.extract.docmeta import DocumentMeta
from policyscope.model import Document, Evidence, PolicyEvent, registry

_PUBLICATION = re.compile(r"\b(?:Memo|Digest|Weekly|Bulletin|Newsletter|Briefing|Roundup|Round-up|Tracker|Dispatch)\b|"
                          r"(?:快报|简报|动态|周报|月报|通讯|要闻|速递)\s*(?:[（(]|\d{4}\s*年|第|$)", re.I)


_ISSUE = re.compile(r"(?:\bNo\.|\bIssue|\bVol\.)\s*\d{1,4}\s*(?:[·|,—–-]|$)|第\s*\d{1,4}\s*期", re.M)


def _title_span(text: str, title: str) -> tuple[int, int] | None:
    """Where the title stands in the text (spaces ignored at the join of wrapped lines)."""
    head = title[:12]
    i = text.find(head)
    if i < 0:
        squeezed = re.sub(r"\s+", "", head)
        i = text.find(squeezed[:6]) if squeezed else -1
    if i < 0:
        return None
    j = text.find("\n", i + len(head))
    return i, (len(text) if j < 0 else j)


def primary_event(doc: Document, meta: DocumentMeta, events: list[PolicyEvent]) -> PolicyEvent | None:
    """The document as an event, or None when it does not name itself as an instrument (a newsletter, a
    digest or an untyped page is no policy event) or its jurisdiction is unknown."""
    if not meta.title or not meta.doc_type or _PUBLICATION.search(re.split(r"[:：]", meta.title)[0]) or (
            _ISSUE.search(doc.text[:400])):
        return None  # "The Monday Memo: …", "Capital Notes — …" over "No. 58 · Friday 13 June 2025": a newsletter
    jur = meta.jurisdiction or doc.jurisdiction
    if jur is None or jur not in registry().by_code:
        return None
    text = doc.text
    span = _title_span(text, meta.title)
    s, e = span if span else (0, min(len(text), 200))
    ev_quote = text[s:e].strip() or meta.title
    evidence = Evidence(document_id=doc.id, line=text.count("\n", 0, s) + 1, char_start=s, char_end=e, quote=ev_quote)
    context = text[:3000]
    etype = classify_type(meta.title, context)
    if etype == "other" and (meta.doc_type_en or "") in ("Act", "Bill", "Regulation", "Directive", "Law", "Executive Order",
                                                          "Regulations", "Provisions", "Measures", "Decision"):
        etype = "law_regulation"
    zh = re.search(r"[\u4e00-\u9fff]", meta.title) is not None
    date = meta.date_signed or meta.date_published or meta.date
    prec = "day" if (meta.date_signed or meta.date_published) else meta.date_precision
    first = PolicyEvent(
        jurisdiction=jur, date=date, date_precision=prec, title=meta.title, title_zh=meta.title if zh else None,
        title_en=None if zh else meta.title,
        issuer="；".join(meta.issuers) if meta.issuers else None, type=etype,
        domains=classify_domains(meta.title, context), confidence=0.9, origin="extracted", review_state="auto",
        evidence=[evidence],
    )
    keys = {k for k in (title_key(meta.title), title_key(meta.short_title or ""), title_key(meta.doc_number or "")) if k}
    for ev in list(events):
        if title_key(ev.title) not in keys:
            continue
        # the extractor found the document itself (its title, short title or number: "Executive Order 14110")
        first.evidence += [x for x in ev.evidence if all(x.line != y.line for y in first.evidence)]
        first.amounts += [a for a in ev.amounts if all(a.value_in_currency_units != b.value_in_currency_units
                                                       for b in first.amounts)]
        first.partners = list(dict.fromkeys([*first.partners, *ev.partners]))
        first.domains = list(dict.fromkeys([*first.domains, *ev.domains]))[:6]
        if first.id is None and title_key(ev.title) == title_key(meta.title):
            first.id = ev.id  # the extractor's event becomes the primary one
        events.remove(ev)
    if first.id is None:
        first.id = first.stable_id()
    return first
