"""Policy names as a Chinese (or English) reader should see them in running text.

A Chinese report names a policy by its Chinese title from the event base (the original Chinese title, the
translation memory or an editor's title, all held in ``title_zh``); where none exists it never lets a German or
English title stand alone as if it were Chinese: it describes the policy in Chinese from its jurisdiction,
domain and type and gives the original title once (德国半导体领域战略（原文：Rahmenprogramm …）). The English
report mirrors it for Chinese-only titles. :func:`same_policy` keys a title so a chapter lists an event once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from policyscope.report.context import Ctx

_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
MAX = 60
_ACRONYMS = {"ICT", "IOT", "SME", "SMES", "NDC", "GDPR", "STEM", "HPC", "NAIRP", "OECD", "UNESCO", "NASA", "DARPA",
             "NSF", "NIST", "5G", "6G"}
_SMALL = {"of", "and", "for", "the", "on", "in", "to", "a", "an", "by", "at", "or", "with", "de", "du", "la", "le",
          "et", "des", "und", "der", "die", "das", "für"}


def _get(r: Any, key: str) -> Any:
    v = r.get(key) if hasattr(r, "get") else getattr(r, key, None)
    return v.strip() if isinstance(v, str) and v.strip() else None


def _short(t: str) -> str:
    t = re.sub(r"\s+", " ", t.replace('""', '"')).strip()
    if t.isupper() and len(t) > 12:  # STIP prints many titles in capitals: title case, short acronyms kept
        t = " ".join(w if (len(w) <= 2 and w.lower() not in _SMALL) or w in _ACRONYMS or not w.isalpha()
                     else w.lower() if w.lower() in _SMALL else w.capitalize() for w in t.split(" "))
        t = t[:1].upper() + t[1:]
    return t if len(t) <= MAX else t[:MAX - 1] + "…"


def is_chinese(t: str | None) -> bool:
    """Chinese text: Han characters, no Japanese kana or Korean hangul."""
    return bool(t and _HAN.search(t) and not _KANA_HANGUL.search(t))


def domain_of(r: Any) -> str | None:
    """The event's first specific technology domain (general S&T is not a description)."""
    ds = r.get("domains") if hasattr(r, "get") else None
    if ds is None or isinstance(ds, float):
        return None
    for d in list(ds):
        if d and d != "general_sti":
            return str(d)
    return None


def original_title(r: Any) -> str:
    return _get(r, "title_original") or _get(r, "title") or _get(r, "title_en") or "—"


def translated(ctx: Ctx, r: Any) -> str | None:
    """The title in the report's language from the event base, or None."""
    if ctx.lang == "zh":
        for k in ("title_zh", "title_original", "title"):
            v = _get(r, k)
            if is_chinese(v):
                return _short(str(v))
        return None
    for k in ("title_en", "title_original", "title"):
        v = _get(r, k)
        if v and not _HAN.search(v) and not _KANA_HANGUL.search(v) and _LATIN.search(v):
            return _short(v)
    return None


def description(ctx: Ctx, r: Any, whose: bool = True, domain: str | None = None) -> str:
    """What a policy is, in the report's language, from jurisdiction (unless ``whose`` is False: the sentence
    names it), domain (``domain`` when the sentence is about one) and type: 英国数据领域法律法规 / a UK law on data."""
    who = ctx.jname(str(r.get("jurisdiction") or "")) if whose else ""
    d = domain or domain_of(r)
    kind = ctx.tname(str(r.get("type") or "other"))
    if ctx.lang == "zh":
        return f"{who}{f'{ctx.dname(d)}领域' if d else ''}{kind}"
    field = f" on {ctx.dname(d).lower()}" if d else ""
    return f"a {who + ' ' if who else ''}{kind.lower()}{field}"


def described(ctx: Ctx, r: Any, whose: bool = True, domain: str | None = None) -> str:
    """:func:`description` with the original title once: the citation of a policy without a name in the
    report's language."""
    orig = _short(original_title(r))
    note = f"（原文：{orig}）" if ctx.lang == "zh" else f" (original title: {orig})"
    return description(ctx, r, whose, domain) + note


def cited(ctx: Ctx, r: Any, whose: bool = True, domain: str | None = None) -> str:
    """The policy as running text cites it: 《中文名》 / “English name”, or a description with the original."""
    t = translated(ctx, r)
    if t:
        return f"《{t}》" if ctx.lang == "zh" else '"' + t.replace('"', "'") + '"'  # (one pair of quotes)
    return described(ctx, r, whose, domain)


def same_policy(r: Any) -> set[str]:
    """Keys under which two rows are the same policy (normalised titles in every language)."""
    keys = set()
    for k in ("title_zh", "title_original", "title", "title_en"):
        v = _get(r, k)
        if v:
            n = unicodedata.normalize("NFKC", v).casefold()
            n = re.sub(r"\s*\([^()]*\)\s*$", "", n)  # a trailing label: (英国), (US)
            n = re.sub(r"[\W_]+", "", n)
            if n:
                keys.add(n)
    return keys
