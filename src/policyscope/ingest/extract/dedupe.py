"""Keys and merging for events: the same instrument (jurisdiction, fuzzy title, compatible date) found in
several documents becomes one event keeping every evidence."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from policyscope.ingest.text.normalize import to_halfwidth, to_simplified
from policyscope.model import PolicyEvent

_STRIP = re.compile(r"[\s《》“”\"'‘’「」『』·•:：,，、.。()（）\-—–_/]+")
_TRAIL = re.compile(r"(?:（草案）|\(草案\)|（征求意见稿）|系列|草案|报告)$")


def title_key(title: str) -> str:
    """Normalised title for matching: simplified, half-width, lower-case, without spaces and punctuation."""
    t = to_simplified(to_halfwidth(title)).strip()
    t = _TRAIL.sub("", t)
    return _STRIP.sub("", t).lower()


def merge_key(event: PolicyEvent) -> tuple[str, str]:
    """Exact part of the cross-document key: (jurisdiction, normalised title)."""
    return event.jurisdiction, title_key(event.title)


def dates_compatible(a: PolicyEvent, b: PolicyEvent) -> bool:
    """Unknown dates are compatible with anything; known ones must agree at the coarser precision."""
    if a.date is None or b.date is None:
        return True
    if a.date.year != b.date.year:
        return False
    coarse = min((a.date_precision or "year", b.date_precision or "year"), key=["year", "month", "day"].index)
    if coarse == "year":
        return True
    if a.date.month != b.date.month:
        return False
    return coarse == "month" or a.date.day == b.date.day


def same_event(a: PolicyEvent, b: PolicyEvent, threshold: float = 90.0) -> bool:
    """Same jurisdiction, fuzzy-equal titles (rapidfuzz ratio ≥ threshold) and compatible dates."""
    if a.jurisdiction != b.jurisdiction or not dates_compatible(a, b):
        return False
    ka, kb = title_key(a.title), title_key(b.title)
    if not ka or not kb:
        return False
    return ka == kb or fuzz.ratio(ka, kb) >= threshold


def merge_events(events: list[PolicyEvent], threshold: float = 90.0) -> list[PolicyEvent]:
    """Merge duplicates across documents (first one wins; evidence, amounts, domains and partners are unioned;
    the most precise date is kept)."""
    out: list[PolicyEvent] = []
    by_jur: dict[str, list[int]] = {}
    for ev in events:
        hit = None
        for i in by_jur.get(ev.jurisdiction, []):
            if same_event(out[i], ev, threshold):
                hit = i
                break
        if hit is None:
            by_jur.setdefault(ev.jurisdiction, []).append(len(out))
            out.append(ev.model_copy(deep=True))
            continue
        _absorb(out[hit], ev)
    return out


_RANK = {None: 0, "year": 1, "month": 2, "day": 3}


def _absorb(keep: PolicyEvent, other: PolicyEvent) -> None:
    seen = {(e.document_id, e.line, e.char_start) for e in keep.evidence}
    keep.evidence += [e for e in other.evidence if (e.document_id, e.line, e.char_start) not in seen]
    if _RANK[other.date_precision] > _RANK[keep.date_precision]:
        keep.date, keep.date_precision = other.date, other.date_precision
    have = {(a.currency, round(a.value_in_currency_units, 2)) for a in keep.amounts}
    keep.amounts += [a for a in other.amounts if (a.currency, round(a.value_in_currency_units, 2)) not in have]
    keep.domains = list(dict.fromkeys([*keep.domains, *other.domains]))
    keep.partners = list(dict.fromkeys([*keep.partners, *other.partners]))
    keep.issuer = keep.issuer or other.issuer
    keep.title_en = keep.title_en or other.title_en
    keep.title_zh = keep.title_zh or other.title_zh
    keep.confidence = max(keep.confidence, other.confidence)
