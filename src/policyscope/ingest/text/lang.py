"""Language of a paragraph or a document: a CJK-character ratio decides Chinese (and catches short lines),
lingua decides among a restricted set of languages for the rest. The lingua detector is built once."""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_NONLETTER_RUN = re.compile(r"[\W\d_]+")  # (what _LETTER does not match)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # (runs of _CJK)

# Languages the observatory meets in policy documents; a small set keeps lingua fast and accurate.
LANGS = ("zh", "en", "de", "fr", "es", "it", "ja", "ko", "ru", "pt", "nl")
_MIN_LINGUA_CHARS = 30
_SAMPLE = 2000  # characters of a long paragraph given to lingua


def cjk_ratio(text: str) -> float:
    """Share of letters that are Chinese characters (0 when the text has no letters)."""
    if not _CJK.search(text):
        return 0.0
    # counted as the length left when the runs of the other characters are cut out (no list of one-character
    # strings, and one replacement per run, not one per character: speed)
    letters = len(_NONLETTER_RUN.sub("", text))
    return (len(text) - len(_CJK_RUN.sub("", text))) / letters if letters else 0.0


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGS]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_lang(text: str, default: str = "en") -> str:
    """ISO 639-1 code of a paragraph: 'zh' when Chinese characters dominate, 'ja'/'ko' by script,
    else lingua on (a sample of) the paragraph; short Latin lines get ``default``."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return default
    if _KANA.search(sample) and len(_KANA.findall(sample)) / letters > 0.1:
        return "ja"
    if _HANGUL.search(sample) and len(_HANGUL.findall(sample)) / letters > 0.3:
        return "ko"
    if len(_CJK.findall(sample)) / letters >= 0.3:
        return "zh"
    if letters < _MIN_LINGUA_CHARS:
        return default
    lang = _detector().detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else default


_DOC_PARAS = 12  # paragraphs sampled across a document
_DOC_SAMPLE = 400  # characters of each given to the detectors


def document_lang(text: str) -> str:
    """'zh', 'en', 'mixed' or another code for a whole document, from paragraphs sampled across it (weighted by
    their length). Twelve samples of 400 characters: lingua on 40 samples of 2,000 characters ran at 1.9 MB/s on
    the AGORA texts and gave the same answers (docs/accuracy.md § 3)."""
    paras = [p for p in re.split(r"\n\s*\n", text[:200_000]) if p.strip()]
    if not paras:
        return "other"
    step = max(1, -(-len(paras) // _DOC_PARAS))
    weights: dict[str, int] = {}
    for p in paras[::step]:
        lang = detect_lang(p[:_DOC_SAMPLE], default="")
        if lang:
            weights[lang] = weights.get(lang, 0) + len(p)
    if not weights:
        return "other"
    total = sum(weights.values())
    top = max(weights, key=weights.__getitem__)
    if top in ("zh", "en") and weights.get("zh", 0) / total > 0.2 and weights.get("en", 0) / total > 0.2:
        return "mixed"
    return top
