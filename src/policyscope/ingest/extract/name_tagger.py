"""Names of policies that no rule marks: a learned tagger (CRF) for names written without 《》 or quotes.

Why: the rules find a Chinese name when a verb they know stands before it or a kind word they know ends it;
newsletters name programmes in many other ways. The tagger (a character CRF) was trained on real text where the
name *is* marked — sentences of PRC laws and MEE documents with their 《》 removed — so it learns what a name and
its context look like, not a list of words (``scripts/train_name_tagger.py``; docs/accuracy.md § 4.2). It runs
only on sentences that state something (a date, an amount or a jurisdiction) and report an act, where the rules
found no name, and its spans pass the same filters as the rules' (no kind word alone, no slogan). An English
tagger trained the same way on CCLW / EEA summaries added no name over the title-case rule of ``context_names``
on the newsletter sets and cost a third of English extraction time; it was dropped (docs/decisions.md).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policyscope.ingest.extract.titles import _CJK, TitleMention, is_generic_title

# Models live beside the lexicons; written by scripts/train_name_tagger.py.
MODEL_FILES = {"zh": "name_tagger_zh.crfsuite"}
_LOCK = threading.Lock()


def char_class(c: str) -> str:
    """A character's class: h(an), k(ana), d(igit), l(atin), p(unctuation), s(pace)."""
    if "\u4e00" <= c <= "\u9fff":
        return "h"
    if "\u3040" <= c <= "\u30ff":
        return "k"
    if c.isdigit():
        return "d"
    if c.isascii() and c.isalpha():
        return "l"
    return "s" if c.isspace() else "p"


def zh_features(s: str) -> list[list[str]]:
    """Features of each character: itself and its neighbours, the bigrams around it, its class and theirs."""
    n = len(s)
    pad = "^^" + s + "$$"
    cls = "^^" + "".join(char_class(c) for c in s) + "$$"
    out: list[list[str]] = []
    for i in range(n):
        j = i + 2
        out.append([
            "c=" + pad[j], "p=" + pad[j - 1], "n=" + pad[j + 1], "pp=" + pad[j - 2], "nn=" + pad[j + 2],
            "pc=" + pad[j - 1:j + 1], "cn=" + pad[j:j + 2], "ppc=" + pad[j - 2:j + 1], "cnn=" + pad[j:j + 3],
            "k=" + cls[j - 1:j + 2], "kk=" + cls[j - 2:j + 3],
        ])
    return out


@lru_cache(maxsize=2)
def _tagger(lang: str) -> object | None:
    """The loaded model of a language, or None when it is not installed (the rules still run)."""
    import pycrfsuite

    ref = resources.files("policyscope.ingest") / "data" / MODEL_FILES[lang]
    if not ref.is_file():
        return None
    t = pycrfsuite.Tagger()
    with resources.as_file(ref) as p:
        t.open(str(Path(p)))
    return t


def _spans(labels: list[str]) -> list[tuple[int, int]]:
    """(first, last + 1) item indexes of each B-I… run."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, lab in enumerate(labels + ["O"]):
        if lab == "B" or lab == "O":
            if start >= 0:
                out.append((start, i))
            start = i if lab == "B" else -1
        elif lab == "I" and start < 0:
            start = i
    return out


MIN_MARGINAL = 0.6  # a span is kept when the model is this sure of each of its labels, on average


def _tag(lang: str, feats: list[list[str]]) -> list[tuple[int, int]]:
    """Item spans tagged as names, each with the mean marginal probability of its labels above MIN_MARGINAL."""
    t = _tagger(lang)
    if t is None or not feats:
        return []
    with _LOCK:  # a crfsuite tagger holds the last sequence: not safe to share between threads
        labels = list(t.tag(feats))  # type: ignore[attr-defined]
        spans = _spans(labels)
        sure = [(a, b) for a, b in spans
                if sum(t.marginal(labels[i], i) for i in range(a, b)) / (b - a) >= MIN_MARGINAL]  # type: ignore[attr-defined]
    return sure


def tag_zh(s: str) -> list[tuple[int, int]]:
    """Character spans the Chinese model tags as names."""
    return _tag("zh", zh_features(s)) if s else []


_NOT_IN_NAME = re.compile(r"[\n<>《》：:；;|=]|</?\w+>|\d\s*[<>≤≥]|\d\s+年")  # markup, a list, a comparison
# the tagger reads sentences that report something done, not every sentence of a law
_ZH_EVENT_VERB = re.compile(r"发布|印发|出台|推出|启动|施行|设立|成立|组建|签署|批准|颁布|公布|制定|修订|"
                            r"资助|拨款|运营|审议|上线|揭牌|开通")
_ZH_BAD_START = re.compile(r"^(?:的|了|和|与|及|在|等|其|该|这|此|将|并|对|为|由|从|于|是|也|已|我|我国|本)")


def tagged_titles(sentence: str, mentions: list[tuple[int, int]]) -> list[TitleMention]:
    """Names the Chinese tagger finds in a sentence that reports an act (a verb of issuing, setting up, funding…):
    not a kind word alone, not a slogan, not a jurisdiction's name (``mentions``: spans of the sentence's
    jurisdiction mentions), no markup or half a bracket. English sentences: see ``context_names``."""
    if len(sentence) > 300 or not _CJK.search(sentence):
        return []
    out: list[TitleMention] = []
    for s, e in tag_zh(sentence) if _ZH_EVENT_VERB.search(sentence) else ():
        s, e = _trim(sentence, s, e)
        name = sentence[s:e]
        if not 4 <= e - s <= 30 or is_generic_title(name) or any(a <= s and e <= b for a, b in mentions):
            continue
        if _NOT_IN_NAME.search(name) or not _balanced(name) or _ZH_BAD_START.match(name):
            continue
        if re.search(r"[\u4e00-\u9fff]{3}", name):
            out.append(TitleMention(s, e, name, "tagged", 0.4))
    return out


def _balanced(name: str) -> bool:
    """Brackets in a name close (a span cut inside "(占 GDP 的比例)" is no name)."""
    return name.count("(") == name.count(")") and name.count("（") == name.count("）") and not re.search(r"\(\w\)", name)


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Without punctuation at the ends."""
    while a < b and not s[a].isalnum():
        a += 1
    while b > a and not (s[b - 1].isalnum() or s[b - 1] in ")）"):
        b -= 1
    return a, b
