"""How an event's title is shown in each language without inventing a translation: the Chinese view shows
``title_zh`` when there is a trustworthy one, else the original title followed by a Chinese label of
jurisdiction and type (``Online Safety Act（英国·法律法规）``); the English view mirrors it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policyscope.model.jurisdictions import registry
from policyscope.model.taxonomy import taxonomy


def _label(code: str | None, lang: str, kind: str) -> str:
    if not code:
        return ""
    try:
        if kind == "jurisdiction":
            j = registry().get(code)
            return j.name_zh if lang == "zh" else j.name_en
        return taxonomy("event_types").label(code, lang)
    except KeyError:
        return code


def display_title(event: Mapping[str, Any], lang: str = "zh") -> str:
    """The title to show in ``lang`` ('zh' or 'en') for an event row (a dict or a row of the events view)."""
    zh, en = event.get("title_zh"), event.get("title_en")
    original = event.get("title_original") or event.get("title") or ""
    preferred = zh if lang == "zh" else en
    if isinstance(preferred, str) and preferred.strip():
        return preferred
    title = event.get("title")
    if lang == "en" and isinstance(title, str) and not any("\u4e00" <= ch <= "\u9fff" for ch in title):
        return title
    juris = _label(event.get("jurisdiction"), lang, "jurisdiction")
    typ = _label(event.get("type"), lang, "type")
    label = "·".join(x for x in (juris, typ) if x)
    if not label:
        return original
    return f"{original}（{label}）" if lang == "zh" else f"{original} ({juris} · {typ})"
