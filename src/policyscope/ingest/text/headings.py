"""Section headings detected from their numbering (一、 / （一） / 1. / 1.1 / （1） / I.), not from Markdown
levels, which PDF conversion makes inconsistent. Markdown ``#`` lines without numbering are headings one level
below the last numbered one. Tables of contents (dot leaders, page numbers) are skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ZH_NUM = "一二三四五六七八九十百"
_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?:第[{_ZH_NUM}\d]+[章部分篇]|[{_ZH_NUM}]+、)")),
    (2, re.compile(rf"^[（(][{_ZH_NUM}]+[）)]")),
    (3, re.compile(r"^\d+(?:\.\d+)*[.、．]\s?(?=\D)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
    (1, re.compile(r"^(?:[IVX]+\.|Chapter\s+\d+|CHAPTER\s+\d+|PART\s+[IVX\d]+|Part\s+[IVX\d]+)\s")),
    (2, re.compile(r"^(?:SEC(?:TION)?\.?|Sec\.|Section)\s+\d+[A-Za-z]?\.?\s")),
]
_MD = re.compile(r"^\s*(#{1,6})\s*")
_TOC = re.compile(r"(?:\.{4,}|…{2,}|\s\.\s\.\s)\s*\d*\s*$|\t\d+\s*$")
_STRIP = re.compile(r"^[#\s*]+|[*\s]+$")


@dataclass(frozen=True)
class Heading:
    """A heading: 1-based line, start offset, level (1 = top) and its text without Markdown marks."""

    line: int
    start: int
    level: int
    text: str


def _numbered_level(s: str) -> int | None:
    for level, pat in _PATTERNS:
        if pat.match(s):
            return level
    return None


# Lines that can be headings: Markdown "#" lines and lines whose text (after #, * and spaces) starts like a
# numbering above. Only these lines are examined (long legal texts have hundreds of thousands of lines).
_CANDIDATE = re.compile(r"^[# \t\r\f\v*]*(?:#|[第一二三四五六七八九十百（(\dIVXCPS])", re.M)
# the same lines found from the line break before them (a literal first is found by a fast scan; a pattern led by
# ^ is tried at every position of the text)
_CANDIDATE_NL = re.compile(r"\n[# \t\r\f\v*]*(?:#|[第一二三四五六七八九十百（(\dIVXCPS])")


def _candidates(text: str) -> Iterator[int]:
    """Start offsets of the lines ``_CANDIDATE`` matches, in order."""
    if _CANDIDATE.match(text):
        yield 0
    for m in _CANDIDATE_NL.finditer(text):
        yield m.start() + 1


def detect_headings(text: str, max_len: int = 80) -> list[Heading]:
    """Headings of a document in order."""
    out: list[Heading] = []
    last_level = 0
    line_no = 1
    prev = 0
    for start in _candidates(text):
        line_no += text.count("\n", prev, start)
        prev = start
        end = text.find("\n", start)
        raw = text[start:] if end < 0 else text[start:end]
        line = raw.strip()
        if not line or len(line) > max_len + 10 or _TOC.search(line):
            continue
        md = _MD.match(line)
        body = _STRIP.sub("", line)
        if not body or len(body) > max_len:
            continue
        level = _numbered_level(body)
        if level is not None:
            # a numbered list item inside running text is not a heading: headings do not end a sentence
            if body.endswith(("。", "；", ";", "，", ",")) or (level >= 3 and not md and len(body) > 40):
                continue
            if level >= 3 and not md and re.search(r"[。；]", body):
                continue
            out.append(Heading(line_no, start, level, body))
            last_level = level
        elif md and not re.match(r"^(?:图|表|Figure|Table)\s*\d", body):
            out.append(Heading(line_no, start, min(6, max(last_level + 1, len(md.group(1)))) if last_level else len(md.group(1)), body))
    return out


def section_paths(headings: list[Heading]) -> list[tuple[int, list[Heading]]]:
    """For each heading, its start offset and the path of headings above it (inclusive)."""
    stack: list[Heading] = []
    out = []
    for h in headings:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
        out.append((h.start, list(stack)))
    return out
