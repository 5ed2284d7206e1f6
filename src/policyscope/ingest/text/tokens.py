"""Tokens for search and keyword analyses: jieba (with the policy lexicon) for Chinese, lower-cased
Snowball-stemmed words for English. Latin words inside Chinese text are treated like English words so that
"AI" in a Chinese sentence and "AI" in an English one give the same token."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from policyscope.ingest.text.lang import cjk_ratio
from policyscope.ingest.text.normalize import to_halfwidth, to_simplified

_WORD_EN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_HAS_WORD = re.compile(r"[\w]")
_LATIN = re.compile(r"^[a-z0-9][a-z0-9.\-']*$")

# Very frequent function words that carry no search or keyword signal.
STOP_EN = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "shall", "may", "such", "which", "these", "those", "their", "other", "any", "all", "not", "no", "into", "than", "then", "also"]
)
STOP_ZH = frozenset(["的", "了", "和", "与", "及", "等", "在", "是", "对", "为", "将", "以", "中", "其", "并", "或", "也", "而", "于", "上", "下", "之", "被", "把", "由", "从", "到", "这", "该", "各", "我", "你", "他", "她", "它"])


def lexicon_path() -> str:
    return str(resources.files("policyscope.ingest").joinpath("data", "policy_lexicon.txt"))


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    """A private jieba tokenizer (the global one is left untouched) with the policy lexicon loaded."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for raw in resources.files("policyscope.ingest").joinpath("data", "policy_lexicon.txt").read_text("utf-8").splitlines():
        parts = raw.split()
        if not parts or raw.startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 else None
        tk.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)
    return tk


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def segment(text: str) -> list[str]:
    """jieba words of a (Chinese) text with the policy lexicon, punctuation and spaces included."""
    return _jieba().lcut(text)


def _en_tokens(text: str, keep_stop: bool) -> list[str]:
    return [_stem(w) for w in _WORD_EN.findall(text.lower()) if keep_stop or w not in STOP_EN]


def tokenize(text: str, lang: str | None = None, *, keep_stopwords: bool = False) -> list[str]:
    """Search/keyword tokens. ``lang`` 'zh' uses jieba, anything else stemmed English-style words; ``None``
    decides by the share of Chinese characters. Input is normalised (full-width, traditional) first."""
    text = to_simplified(to_halfwidth(text))
    if lang is None:
        lang = "zh" if cjk_ratio(text) >= 0.2 else "en"
    if lang != "zh":
        return _en_tokens(text, keep_stopwords)
    out: list[str] = []
    for w in _jieba().lcut(text):
        w = w.strip().lower()
        if not w or not _HAS_WORD.search(w):
            continue
        if _LATIN.match(w):
            out.extend(_en_tokens(w, keep_stopwords))
        elif keep_stopwords or w not in STOP_ZH:
            out.append(w)
    return out
