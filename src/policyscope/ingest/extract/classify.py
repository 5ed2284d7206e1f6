"""Event type and technology domains from weighted lexicons (data files): the title's ending weighs most for
the type; domain terms count double inside the title. Multi-label domains above a threshold."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from policyscope.ingest.extract.gazetteer import data_text, trie_regex
from policyscope.model import taxonomy

_TYPE_ORDER = ["law_regulation", "standard", "ethics_guideline", "cooperation", "assessment_report", "funding_budget",
               "institution", "strategy", "plan_program", "corporate_investment", "other"]


class _Lexicons:
    def __init__(self) -> None:
        types = json.loads(data_text("type_lexicon.json"))["types"]
        self.suffix: list[tuple[str, str, float]] = []  # (word, type, weight) longest word first
        self.context: dict[str, list[tuple[str, float]]] = {}
        for t, spec in types.items():
            for w, wt in spec["suffix"].items():
                self.suffix.append((w, t, float(wt)))
            self.context[t] = [(w, float(wt)) for w, wt in spec["context"].items()]
        self.suffix.sort(key=lambda x: -len(x[0]))
        # the same rule as a lookup: for each length (longest first), word → its first (type, weight) in order
        self.suffix_by_len: list[tuple[int, dict[str, tuple[str, float]]]] = []
        for w, typ, wt in self.suffix:
            if not self.suffix_by_len or self.suffix_by_len[-1][0] != len(w):
                self.suffix_by_len.append((len(w), {}))
            self.suffix_by_len[-1][1].setdefault(w, (typ, wt))
        # one combined pattern per lexicon, matched on lower-cased text; a term maps to its (type, weight) pairs
        self.ctx_terms: dict[str, list[tuple[str, float]]] = {}
        for t, c in self.context.items():
            for w, wt in c:
                self.ctx_terms.setdefault(w.lower(), []).append((t, wt))
        self.ctx_rx = re.compile(trie_regex(sorted(self.ctx_terms)))
        self.ctx_latin = _LatinPart(self.ctx_terms, self.ctx_rx)
        dom: dict[str, dict[str, float]] = {}
        for item in taxonomy("domains").items:
            d = dom.setdefault(item.code, {})
            for w in item.terms_zh + item.terms_en:
                if len(w) >= 2 and w not in ("智能", "数字", "算法", "平台", "数据", "data", "digital", "platform", "cloud", "cyber", "green", "health", "AI"):
                    d.setdefault(w, 2.0)
        for code, terms in json.loads(data_text("domain_lexicon.json"))["domains"].items():
            dom.setdefault(code, {}).update({w: float(v) for w, v in terms.items()})
        self.dom_terms: dict[str, list[tuple[str, float]]] = {}
        self.short_latin: set[str] = set()
        for c, t in dom.items():
            for w, v in t.items():
                self.dom_terms.setdefault(w.lower(), []).append((c, v))
                if re.match(r"^[A-Za-z0-9]", w) and len(w) <= 4:
                    self.short_latin.add(w.lower())
        self.dom_rx = re.compile(trie_regex(sorted(self.dom_terms)))
        self.dom_latin = _LatinPart(self.dom_terms, self.dom_rx)


class _LatinPart:
    """The trie of a lexicon's terms that start with an ASCII character, used on a text that holds no other
    term's first character: a term is tried only where its first character stands, so the matches are the
    same (on English sentences the smaller pattern, without Chinese characters, is scanned 2-3x faster)."""

    def __init__(self, terms: dict[str, list[tuple[str, float]]], full: re.Pattern[str]) -> None:
        latin = sorted(t for t in terms if t[:1].isascii())
        other = sorted({t[0] for t in terms if not t[:1].isascii()})
        self.full = full
        self.rx = re.compile(trie_regex(latin)) if latin else re.compile(r"(?!)")
        self.other_first = re.compile("[" + "".join(map(re.escape, other)) + "]") if other else None

    def pattern(self, low: str) -> re.Pattern[str]:
        """The pattern to scan ``low`` with."""
        if self.other_first is None or low.isascii() or self.other_first.search(low) is None:
            return self.rx
        return self.full


@lru_cache(maxsize=1)
def _lex() -> _Lexicons:
    return _Lexicons()


@lru_cache(maxsize=512)
def _context_type_scores(context: str) -> tuple[tuple[str, float], ...]:
    """Type cues of a sentence (cached: a sentence that names several instruments is scored once)."""
    lx = _lex()
    scores: dict[str, float] = {}
    low = context.lower()
    for m in lx.ctx_latin.pattern(low).finditer(low):
        for typ, wt in lx.ctx_terms.get(m.group(), ()):
            scores[typ] = scores.get(typ, 0.0) + 0.5 * wt
    return tuple(scores.items())


_TITLE_TAIL = re.compile(r"[（(][^）)]*[）)]$|(?:\s+of)?\s*\d{4}$|\s*[\d.]+$")


def classify_type(title: str, context: str, *, kind: str = "book", has_amount: bool = False) -> str:
    """Most likely event type for a title in its sentence."""
    lx = _lex()
    scores: dict[str, float] = {}
    t = _TITLE_TAIL.sub("", title.strip().strip("“”\"《》 "))
    if kind == "bill":
        for w, typ, wt in lx.suffix:
            if t.endswith(w) or title.startswith(w):
                scores[typ] = scores.get(typ, 0.0) + 2 * wt  # the instrument's own name weighs most
                break
    else:
        for n, words in lx.suffix_by_len:
            hit = words.get(t[-n:]) if len(t) >= n else None
            if hit is not None:
                scores[hit[0]] = scores.get(hit[0], 0.0) + 2 * hit[1]
                break
    for typ, sc in _context_type_scores(context):
        scores[typ] = scores.get(typ, 0.0) + sc
    if has_amount:
        scores["funding_budget"] = scores.get("funding_budget", 0.0) + 1.0
    if not scores:
        return "other"
    best = max(scores.values())
    return next(t for t in _TYPE_ORDER if scores.get(t) == best)


@lru_cache(maxsize=512)
def _domain_scores(text: str) -> tuple[tuple[str, float], ...]:
    """Domain-term weights found in a text (cached per sentence, like the type cues)."""
    lx = _lex()
    scores: dict[str, float] = {}
    low = text.lower()
    for m in lx.dom_latin.pattern(low).finditer(low):
        term = m.group()
        if term in lx.short_latin and ((m.start() > 0 and low[m.start() - 1].isalpha())
                                       or (m.end() < len(low) and low[m.end()].isalpha())):
            continue  # "ai" inside "said", "5g" is fine
        if term == "ai" and text[m.start():m.end()] != "AI":
            continue
        for code, w in lx.dom_terms[term]:
            scores[code] = scores.get(code, 0.0) + w
    return tuple(scores.items())


def classify_domains(title: str, context: str, *, threshold: float = 3.0, limit: int = 5) -> list[str]:
    """Technology domains: lexicon weights, title terms doubled; 'general_sti' only when nothing specific."""
    scores: dict[str, float] = {}
    for text, factor in ((title, 2.0), (context, 1.0)):
        for code, w in _domain_scores(text):
            scores[code] = scores.get(code, 0.0) + factor * w
    chosen = [c for c, s in sorted(scores.items(), key=lambda x: -x[1]) if s >= threshold][:limit]
    specific = [c for c in chosen if c != "general_sti"]
    if specific and "general_sti" in chosen and scores["general_sti"] < max(scores[c] for c in specific):
        chosen.remove("general_sti")
    return chosen
