"""Sentence splitting for Chinese and English that keeps character offsets and 1-based line numbers.

Chinese ends a sentence at 。！？ (not ；: a date or subject stated before ； still governs what follows); English at . ! ? followed by a space and a capital, except after
common abbreviations (U.S., No., H.R., e.g.). A line break always ends a sentence when the line is a
heading, a table row or a list item; otherwise lines are joined (PDF text breaks lines mid-sentence)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

_ZH_END = re.compile(r"[。！？!?]+[”’」』）)]*")
# (the end mark in the match, not in a look-behind: a pattern led by a look-behind loses the regex engine's
# first-character scan; a cut is the match's end, the text before the mark is read from its start + 1)
_EN_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.K|E\.U|H\.R|S|No|Nos|no|nos|Nr|nr|Mr|Mrs|Ms|Dr|Prof|Sec|Art|Inc|Ltd|Co|Corp|St|Jr|Sr|vs|etc|e\.g|i\.e|"
    r"Fig|Vol|pp|para|cf|approx|pos|Coll|Dz\.U|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gov|Rep|Sen|Pub|L|Stat|"
    r"[A-Z])\.)$"
)
_STANDALONE = re.compile(
    r"^[ \t]*(?:#|\||[-*•·]\s|\d+(?:\.\d+)*[.、)）]\s?|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|"
    r"图\s*\d|表\s*\d|来源|资料来源|注[:：]|Figure\s+\d|Table\s+\d|Source:)"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the document text, the 1-based line where it starts, and its text."""

    start: int
    end: int
    line: int
    text: str


class LineIndex:
    """Offset → 1-based line number, built once per document."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


_OPEN_END = re.compile(r"[\u4e00-\u9fffA-Za-z0-9，、,（(“]$")
_NOT_CONTINUED = re.compile(r"^(?:\*\*|<sup>|CAICT|\d+\s*$)")


# a line that ends in a date after a dash or a bar is a masthead or a dateline: it ends there
_DATELINE_END = re.compile(r"(?:—|–|\s-|\|)\s*(?:[A-Z][a-z]+,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\s+|[A-Z][a-z]+\s+\d{1,2},?\s+)"
                           r"(?:19|20)\d{2}\s*$")


def _open_end(text: str, s: int, e: int) -> bool:
    """The block text[s:e] stops mid-sentence (``_OPEN_END`` on its last non-space character), without
    copying the block for every blank line after it."""
    i = e - 1
    while i >= s and text[i].isspace():
        i -= 1
    if i >= s and _OPEN_END.match(text[i]) is not None:
        return not _DATELINE_END.search(text, max(s, i - 40), i + 1)  # "… — 20 October 2025": a dateline ends
    return False


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ANY_PUNCT = re.compile(r"[，。；：！？、,.;:!?“”\"（）()《》\d]")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: consecutive lines are joined (PDF breaks lines mid-sentence) except blank lines,
    headings, list items, captions and table rows (lines with tabs), which stand alone. A paragraph that
    stops mid-sentence before a blank line (a page break) continues on the next text line."""
    spans: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    pending_break = False
    prev_short = prev_heading = False
    prev_start = -1
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        if not stripped or stripped in ("---", "***"):
            if cur and _open_end(text, cur[0], cur[1]):
                pending_break = True  # maybe a page break inside a sentence
                continue
            if cur:
                spans.append(cur)
            cur = None
            pending_break = False
            continue
        if "\t" in line or _STANDALONE.match(line):
            if cur:
                spans.append(cur)
            spans.append((s, e))
            cur = None
            pending_break = False
            continue
        short = len(stripped) <= 30 and _HAN.search(stripped) is not None
        fresh = cur is None  # the line opens a block (after a blank line, a heading, a list item or a table row)
        if cur and not pending_break and prev_heading and cur[0] == prev_start:
            spans.append(cur)  # a heading of a few characters alone after a break (欧洲, 国内政策) is its own line
            cur = None
        if cur and not pending_break and (short and prev_short or _DATELINE_END.search(text, max(cur[0], cur[1] - 60),
                                                                                       cur[1])):
            # a run of short lines (masthead, 本期要目, a list of headlines) is one line each; a masthead or a
            # dateline ("… — 20 October 2025") ends its paragraph
            spans.append(cur)
            cur = (s, e)
        elif pending_break and cur and not _NOT_CONTINUED.match(stripped) or cur and not pending_break:
            cur = (cur[0], e)
        else:
            if cur:
                spans.append(cur)
            cur = (s, e)
        pending_break = False
        prev_short = short
        prev_heading, prev_start = fresh and short and len(stripped) <= 12 and not _ANY_PUNCT.search(stripped), s
    if cur:
        spans.append(cur)
    return spans


@lru_cache(maxsize=8192)
def _abbrev(before: str) -> bool:
    """``_ABBREV`` on the (up to) 8 characters before a sentence end (the same few words end most sentences)."""
    return _ABBREV.search(before) is not None


_SEMI_END = re.compile(r";\s+(?=\([a-z0-9]+\)|[A-Z])")


def _en_cuts(block: str) -> list[int]:
    """Ends of English sentences in a block: ". " + capital, not after an abbreviation."""
    return [m.end() for m in _EN_END.finditer(block)
            if not (block[m.start()] == "." and _abbrev(block[max(0, m.start() - 7):m.start() + 1]))]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    cuts: list[int] = []
    if _HAN.search(block):
        cuts = [m.end() for m in _ZH_END.finditer(block)]
        # English sentences inside a Chinese block still split at ". " + capital.
        cuts += _en_cuts(block)
    else:
        cuts = _en_cuts(block)
        cuts += [m.end() for m in _SEMI_END.finditer(block)] if len(block) > 2000 else []
    cuts = sorted(set(c for c in cuts if 0 < c < len(block)))
    out = []
    prev = 0
    for c in [*cuts, len(block)]:
        out.append((start + prev, start + c))
        prev = c
    return out


def split_sentences(text: str, lines: LineIndex | None = None, only: list[int] | None = None) -> list[Sentence]:
    """Sentences of a document (Chinese, English or mixed) with offsets, start line and stripped text.

    ``only`` (sorted offsets): split only the paragraphs that contain one of them — the extractor passes the
    offsets of its titles, amounts, jurisdictions and dates, and long legal texts are mostly paragraphs with
    none of these (splitting them was a third of the English extraction time)."""
    lines = lines or LineIndex(text)
    out: list[Sentence] = []
    n_only = len(only) if only is not None else 0
    for bs, be in _blocks(text):
        if be <= bs:
            continue
        if only is not None:
            i = bisect.bisect_left(only, bs)
            if i >= n_only or only[i] >= be:
                continue
        for s, e in _split_block(text, bs, be):
            seg = text[s:e]
            st = seg.strip()
            if st:
                s2 = s + len(seg) - len(seg.lstrip())
                out.append(_sentence(s2, s2 + len(st), lines.line(s2), st))
    return out


def _sentence(start: int, end: int, line: int, text: str) -> Sentence:
    """``Sentence(start, end, line, text)`` without the frozen dataclass's ``__init__`` (one attribute set at a
    time through ``object.__setattr__``): the same object, 2.5x faster."""
    s = object.__new__(Sentence)
    s.__dict__.update(start=start, end=end, line=line, text=text)
    return s
