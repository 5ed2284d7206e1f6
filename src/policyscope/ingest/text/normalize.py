"""Normalisation for matching: full-width → half-width digits, letters and ASCII punctuation (Chinese
《》“”，。 are kept because they carry meaning for titles and sentences), and traditional → simplified.

The normalised text always has exactly the same length as the original, so that every character offset
found on it is also an offset into the original text (evidence quotes are cut from the original)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width forms U+FF01..U+FF5E map to ASCII by a fixed offset; these keep their Chinese form.
_KEEP = {"，", "。", "《", "》", "“", "”", "、", "；", "：", "（", "）"}
_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP}
_HALF[0x3000] = 0x20  # ideographic space
# Dashes and dots that analysts type in many forms; all single characters.
_HALF.update({0x2014: ord("—"), 0x2013: ord("-"), 0x2212: ord("-"), 0xFE4F: ord("_"), 0x00A0: 0x20})
_TABLE = str.maketrans(_HALF)


_NEEDS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_HALF)) + "]+")
_HALF_CH = {chr(a): chr(b) for a, b in _HALF.items()}


def _half_run(m: re.Match[str]) -> str:
    s = m.group()
    return _HALF_CH[s] if len(s) == 1 else s.translate(_TABLE)


def to_halfwidth(text: str) -> str:
    """Full-width digits, Latin letters and ASCII punctuation → half-width (same length). Only the runs that
    need it are translated: ``str.translate`` over a whole non-ASCII text is ten times slower (measured)."""
    return _NEEDS.sub(_half_run, text) if _NEEDS.search(text) else text


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _opencc():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def traditional_chars() -> frozenset[str]:
    """The characters simplified Chinese writes otherwise (開, 術, 員, 國…): those OpenCC converts that are not
    GB 2312 characters themselves (著, 乾, 於 are both, and stand in ordinary simplified text)."""
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    return frozenset(a for a, b in zip(block, _opencc().convert(block), strict=True) if a != b and not _gb2312(a))


@lru_cache(maxsize=1)
def _char_table() -> tuple[dict[int, str], re.Pattern[str]]:
    """Each character simplified Chinese writes otherwise → its simplified form (one character), and a pattern
    that finds them."""
    chars = sorted(traditional_chars())
    table = {}
    for c in chars:
        v = _opencc().convert(c)
        if len(v) == 1:
            table[ord(c)] = v
    return table, re.compile("[" + "".join(chars) + "]")


def _gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_HINT = re.compile("[國會發為與這們說對學經濟關進際業產計劃戰區網]")


def _has_traditional_hint(text: str) -> bool:
    # Cheap test: most traditional texts contain one of these very frequent characters (one scan for all).
    return _HINT.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC, keeping the length (phrase conversions that change the length
    are undone character by character)."""
    if not text or not _CJK.search(text) or not _has_traditional_hint(text):
        return text
    table, other = _char_table()
    n = len(other.findall(text))
    if n * 20 < len(_CJK.findall(text)):
        # a simplified text with a few traditional characters (a quoted name): those characters one by one,
        # in C — OpenCC's pure-Python phrase matching over the whole text was a tenth of extraction time
        return text.translate(table)
    conv = _opencc().convert(text)
    if len(conv) == len(text):
        return conv
    # Rare: a phrase changed length. Convert line by line and keep only the lines that kept their length.
    out = []
    for line in text.split("\n"):
        c = _opencc().convert(line)
        if len(c) != len(line):
            c = "".join(_opencc().convert(ch) if len(_opencc().convert(ch)) == 1 else ch for ch in line)
        out.append(c)
    return "\n".join(out)


@dataclass(frozen=True)
class NormalizedText:
    """The original text and its matching form (same length): offsets are shared."""

    original: str
    match: str


def normalize(text: str) -> NormalizedText:
    """Normalise for matching; ``match`` has the length of ``original``."""
    if text.isascii():  # nothing to convert (a C-speed test)
        return NormalizedText(original=text, match=text.replace("\r", " ") if "\r" in text else text)
    m = to_simplified(to_halfwidth(text))
    if "\r" in m:  # keep lengths: a carriage return becomes a space, lines still split on "\n"
        m = m.replace("\r", " ")
    return NormalizedText(original=text, match=m)
