"""The language side of search, shared by indexing and querying: tokens (jieba for Chinese, Snowball stems for
English — the same function at index and query time), query parsing with the zh↔en expansion of domain terms
(人工智能 ↔ artificial intelligence, from the domain taxonomy), and highlighting of the original text for
snippets (a regex over the tokenizer's normalised form, so 數據安全 and ５Ｇ are found for 数据安全 and 5G)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from policyscope.ingest.text.tokens import tokenize
from policyscope.model.taxonomy import taxonomy
from policyscope.store.database import StoreError

TRANSLATION_WEIGHT = 0.8  # weight of a domain label added in the other language (1.0 = as if typed)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef0-9]*")


def analyze(text: str) -> list[str]:
    """Index and query tokens, the same function at index and query time: the text pipeline's ``tokenize`` —
    jieba with the policy lexicon for runs of Chinese characters (after full-width and traditional→simplified
    normalisation), lower-cased Snowball stems without stop words for everything else. Splitting into runs keeps
    English inside Chinese documents (and Chinese inside English ones) tokenized the same way as on its own."""
    if not text:
        return []
    if not _CJK.search(text):
        return tokenize(text, "en")
    out: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(text):
        if m.start() > pos:
            out.extend(tokenize(text[pos:m.start()], "en"))
        out.extend(tokenize(m.group(0), "zh"))
        pos = m.end()
    if pos < len(text):
        out.extend(tokenize(text[pos:], "en"))
    return out



@dataclass
class Query:
    """A parsed query: weighted tokens (original and expanded) and the surface forms to highlight."""

    text: str
    weights: dict[str, float] = field(default_factory=dict)
    expanded_domains: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _term_map() -> list[tuple[str, tuple[str, ...], str]]:
    """(term, its token sequence, domain code) for every domain label and term. Short generic Chinese terms
    contained in a longer term of the same domain (智能 inside 人工智能) do not trigger expansion alone."""
    out = []
    for t in taxonomy("domains").items:
        for label, lang_terms in ((t.zh, t.terms_zh), (t.en, t.terms_en)):
            for term in dict.fromkeys([label, *lang_terms]):
                generic = term != label and len(term) <= 2 and _CJK.search(term)
                if generic and any(term != o and term in o for o in lang_terms):
                    continue
                toks = tuple(analyze(term))
                if toks:
                    out.append((term, toks, t.code))
    return out


def _contains(seq: list[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(tuple(seq[i:i + n]) == sub for i in range(len(seq) - n + 1))


def parse_query(text: str, expand: bool = True) -> Query:
    """Tokens of the query, each weighted 1; a domain term found in the query (Chinese by substring, English
    by token sequence) adds the domain's label in the other language."""
    if len(text) > 1000:
        raise StoreError("query too long (over 1,000 characters)")
    toks = analyze(text)
    if not toks:
        raise StoreError(f"query {text!r} has no searchable words")
    from policyscope.ingest.text.normalize import to_halfwidth, to_simplified

    plain = to_simplified(to_halfwidth(text))
    q = Query(text=text)
    for t in toks:
        q.weights[t] = 1.0
    if not expand:
        return q
    domains: list[str] = []
    for term, seq, code in _term_map():
        hit = term in plain if _CJK.search(term) else _contains(toks, seq)
        if not hit:
            continue
        if not _CJK.search(term) and len(seq) > 1:
            for x in seq:
                q.weights[x] = min(q.weights[x], 1.0 / len(seq))
        if code not in domains:
            domains.append(code)
    # translate, don't paraphrase: only the OTHER language's label is added (a Chinese query gains the English
    # label and vice versa), its tokens sharing a weight of TRANSLATION_WEIGHT
    zh_query = bool(_CJK.search(text))
    for code in domains:
        label = taxonomy("domains").get(code)
        lt = analyze(label.en if zh_query else label.zh)
        if lt and not all(x in q.weights for x in lt):
            for x in lt:
                q.weights[x] = max(q.weights.get(x, 0.0), TRANSLATION_WEIGHT / len(lt))
    q.expanded_domains = domains
    return q



def pad_date(d: str | None, start: bool) -> str | None:
    """A YYYY or YYYY-MM bound as the first (``start``) or last day it covers."""
    if not d:
        return None
    if len(d) == 4:
        return f"{d}-01-01" if start else f"{d}-12-31"
    if len(d) == 7:
        if start:
            return f"{d}-01"
        import calendar

        y, m = int(d[:4]), int(d[5:])
        return f"{d}-{calendar.monthrange(y, m)[1]:02d}"
    return d


# -- snippets ---------------------------------------------------------------------------------------------
#
# A snippet is cut from the original text around the first query term. Matching runs over the text's
# normalised form (full-width → half-width, traditional → simplified: the tokenizer's own normalisation, same
# length, so offsets carry over), never by tokenising the document: one regex over the head of the text.


@dataclass
class Highlighter:
    pattern: re.Pattern[str] | None
    stems: frozenset[str]
    literals: tuple[str, ...] = ()  # lower-case text every match starts with (found by str.find first)
    query: Query | None = None


def highlighter(q: Query | str) -> Highlighter:
    """One regex for every query term: Chinese tokens literally, English stems as word prefixes (a match is
    kept only when the word's own stem is a query stem)."""
    if isinstance(q, str):
        q = parse_query(q)
    cjk = sorted((t for t in q.weights if _CJK.search(t)), key=len, reverse=True)
    stems = frozenset(t for t in q.weights if not _CJK.search(t))
    parts = [re.escape(t) for t in cjk]
    # an English word starts after anything but a Latin letter or digit (\b would miss 5G in 发展5G网络)
    parts += [r"(?<![A-Za-z0-9])" + re.escape(st[:-1] if len(st) > 3 else st) + r"[A-Za-z0-9'-]*"
              for st in sorted(stems)]
    literals = tuple(dict.fromkeys([*cjk, *(st[:-1] if len(st) > 3 else st for st in sorted(stems))]))
    return Highlighter(re.compile("|".join(parts), re.I) if parts else None, stems, literals, q)


@lru_cache(maxsize=4096)
def _word_matches(word: str, stems: frozenset[str]) -> bool:
    toks = tokenize(word, "en", keep_stopwords=True)
    return bool(toks) and toks[0] in stems


def _is_match(word: str, hl: Highlighter) -> bool:
    if _CJK.search(word):
        return True
    return _word_matches(word.lower(), hl.stems)


# characters the tokenizer's normalisation changes into ones a query term can contain: full-width forms and
# the ideographic space; dashes only matter to a term with a hyphen; traditional characters to Chinese terms
_FULLWIDTH = re.compile(r"[\uff01-\uff5e\u3000]")
_DASHES = re.compile(r"[\u2013\u2212\ufe4f]")


def _matching(text: str, hl: Highlighter | None = None) -> str:
    """The text in the tokenizer's matching form (same length as ``text``): full-width → half-width,
    traditional → simplified. Skipped, at C speed, when it could not change a match of ``hl``'s terms."""
    if not text or text.isascii():
        return text
    from policyscope.ingest.text.normalize import _has_traditional_hint, normalize

    lits = hl.literals if hl is not None else ("-", "中")
    if (_FULLWIDTH.search(text) or (any("-" in x for x in lits) and _DASHES.search(text))
            or (any(_CJK.search(x) for x in lits) and _has_traditional_hint(text) and _CJK.search(text))):
        return normalize(text).match
    return text


def _iter_matches(text: str, hl: Highlighter) -> Iterator[tuple[int, int]]:
    """(start, end) of each query-term match in ``text`` (original offsets), lazily."""
    if hl.pattern is None or not text:
        return
    for m in hl.pattern.finditer(_matching(text, hl)):
        if _is_match(m.group(0), hl):
            yield m.span()


def _matches(text: str, hl: Highlighter) -> list[tuple[int, int]]:
    return list(_iter_matches(text, hl))


_PIECE = 20_000  # a long text is searched in two pieces: most first matches are near the top


def first_match(text: str, hl: Highlighter) -> int | None:
    """Offset of the first query term in ``text``: each term's first occurrence by ``str.find`` on the
    lower-cased matching form, confirmed by the highlighter's regex at that offset (a regex scan of a whole
    long English text measured up to 10 ms; the finds take well under one). The head is searched first."""
    if hl.pattern is None or not text:
        return None
    if len(text) > _PIECE:
        head = _first_in(text[:_PIECE + 100], hl)
        if head is not None:
            return head
        rest = _first_in(text[_PIECE - 100:], hl)
        return None if rest is None else _PIECE - 100 + rest
    return _first_in(text, hl)


def _first_in(text: str, hl: Highlighter) -> int | None:
    assert hl.pattern is not None
    norm = _matching(text, hl)
    low = norm.lower()
    if len(low) != len(norm):  # a character whose lower case is longer: offsets would drift
        return next((a for a, _ in _iter_matches(text, hl)), None)
    best: int | None = None
    for lit in hl.literals:
        p = low.find(lit, 0, best)
        while p >= 0:
            m = hl.pattern.match(norm, p)
            if m is not None and _is_match(m.group(0), hl):
                best = p
                break
            p = low.find(lit, p + 1, best)
    return best


def snippet_segments(text: str, hl: Highlighter, width: int = 180) -> list[tuple[str, bool]]:
    """A window of ``text`` (whitespace folded) around the first match, as segments ``(text, is_match)``:
    pages escape every segment and wrap only the matches in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return []
    spans = _matches(text, hl)
    if not spans:
        return [(text[:width] + ("…" if len(text) > width else ""), False)]
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    segs: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = start
    for a, b in spans:
        if a < start:
            continue
        if a >= end:
            break
        if a > pos:
            segs.append((text[pos:a], False))
        segs.append((text[a:b], True))
        pos = b
    if pos < end:
        segs.append((text[pos:end], False))
    if end < len(text):
        segs.append(("…", False))
    return [s for s in segs if s[0]]


def snippet(text: str, hl: Highlighter, width: int = 180) -> str:
    """A window of ``text`` around the first match with every match inside wrapped in <mark>…</mark>."""
    return "".join(f"<mark>{s}</mark>" if hit else s for s, hit in snippet_segments(text, hl, width))

