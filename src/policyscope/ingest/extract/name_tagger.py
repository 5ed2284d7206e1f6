"""Names of policies that no rule marks: a learned tagger (CRF) for names written without 《》 or quotes.

Why: the rules find a name when a verb they know stands before it or a kind word they know ends it; newsletters
name programmes in many other ways (…试验区建设, "Leading-Edge Cluster Competition"). The tagger was trained on real
text where the name *is* marked — sentences of PRC laws and MEE documents with their 《》 removed, CCLW summaries
that name their own or other CCLW policies — so it learns what a name and its context look like, not a list of
words (``scripts/train_name_tagger.py``; docs/accuracy.md § 4.2). It runs only on sentences that state something
(a date, an amount or a jurisdiction) and where the rules found no name, and its spans pass the same filters as the
rules' (no generic kind word alone, no slogan).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policyscope.ingest.extract.context_names import english_name_ok, reported_english
from policyscope.ingest.extract.titles import TitleMention, is_generic_title

# Models live beside the lexicons; written by scripts/train_name_tagger.py.
MODEL_FILES = {"zh": "name_tagger_zh.crfsuite", "en": "name_tagger_en.crfsuite"}
_EN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[\-'’.&/][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
_KINDS_EN = frozenset(
    ["act", "law", "bill", "code", "regulation", "directive", "decision", "decree", "order", "strategy", "plan", "programme", "program", "scheme", "initiative", "fund", "mission", "policy", "framework", "agenda", "roadmap", "pact", "deal", "charter", "compact", "agreement", "partnership", "platform", "network", "centre", "center", "institute", "office", "agency", "council", "authority", "committee", "commission", "board", "hub", "laboratory", "observatory", "prize", "award", "competition", "campaign", "project", "budget", "package", "fellowship", "fellowships", "grant", "grants"])
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


def en_tokens(s: str) -> list[tuple[int, int]]:
    """Token spans of an English sentence (words with inner - ' . & /, or one other character)."""
    return [(m.start(), m.end()) for m in _EN_TOKEN.finditer(s)]


def _shape(w: str) -> str:
    sh = re.sub(r"[A-Z]", "X", re.sub(r"[a-z]", "x", re.sub(r"\d", "d", w)))
    return re.sub(r"(.)\1+", r"\1\1", sh)


def en_features(words: list[str]) -> list[list[str]]:
    """Features of each token: the word, its shape, whether it is capitalised or a kind word, and the same of
    the words around it."""
    low = [w.lower() for w in words]
    shp = [_shape(w) for w in words]
    out: list[list[str]] = []
    n = len(words)
    for i, w in enumerate(words):
        f = ["w=" + low[i], "sh=" + shp[i], "suf=" + low[i][-3:], "cap=" + str(w[:1].isupper()),
             "kind=" + str(low[i] in _KINDS_EN)]
        for d in (-2, -1, 1, 2):
            k = i + d
            if 0 <= k < n:
                f += [f"w{d}=" + low[k], f"sh{d}=" + shp[k], f"kind{d}=" + str(low[k] in _KINDS_EN)]
            else:
                f.append(f"w{d}=<edge>")
        if i == 0:
            f.append("first")
        out.append(f)
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


def tag_en(s: str) -> list[tuple[int, int]]:
    """Character spans the English model tags as names."""
    toks = en_tokens(s)
    return [(toks[a][0], toks[b - 1][1]) for a, b in _tag("en", en_features([s[a:b] for a, b in toks]))]


_ZH_BAD_START = re.compile(r"^(?:的|了|和|与|及|在|等|其|该|这|此|将|并|对|为|由|从|于|是|也|已|我|我国|本)")
_NOT_IN_NAME = re.compile(r"[\n<>《》：:；;|=]|</?\w+>|\d\s*[<>≤≥]|\d\s+年")  # markup, a list, a comparison
_ZH_EVENT_VERB = re.compile(r"发布|印发|出台|推出|启动|施行|设立|成立|组建|签署|批准|颁布|公布|制定|修订|"
                            r"资助|拨款|运营|审议|上线|揭牌|开通")
_EN_LEAD = frozenset(("the", "a", "an", "its", "their", "our", "this", "that", "these", "new"))


def tagged_titles(sentence: str, mentions: list[tuple[int, int]]) -> list[TitleMention]:
    """Names the tagger finds in a sentence where the rules found none; not a kind word alone, not a slogan,
    not a jurisdiction's name (``mentions``: spans of the sentence's jurisdiction mentions)."""
    zh = re.search(r"[\u4e00-\u9fff]", sentence) is not None
    out: list[TitleMention] = []
    if not zh and not reported_english(sentence):
        return out  # a bill's clauses name offices and officers, not events
    if zh and (len(sentence) > 300 or not _ZH_EVENT_VERB.search(sentence)):
        return out  # the tagger reads sentences that report something done, not every sentence of a law
    for s, e in (tag_zh(sentence) if zh else tag_en(sentence)):
        s, e = _trim(sentence, s, e, zh)
        name = sentence[s:e]
        if e - s < (4 if zh else 6) or is_generic_title(name) or any(a <= s and e <= b for a, b in mentions):
            continue
        if _NOT_IN_NAME.search(name) or e - s > (30 if zh else 80) or not _balanced(name):
            continue
        if zh and (_ZH_BAD_START.match(name) or not re.search(r"[\u4e00-\u9fff]{3}", name)):
            continue
        if not zh and (len(name.split()) < 2 or not english_name_ok(sentence, s, e, mentions)):
            continue
        out.append(TitleMention(s, e, name, "tagged", 0.4))
    return out


def _balanced(name: str) -> bool:
    """Brackets in a name close (a span cut inside "(占 GDP 的比例)" is no name)."""
    return name.count("(") == name.count(")") and name.count("（") == name.count("）") and not re.search(r"\(\w\)", name)


def _trim(s: str, a: int, b: int, zh: bool) -> tuple[int, int]:
    """Without punctuation at the ends, and in English without a leading article."""
    while a < b and not s[a].isalnum():
        a += 1
    while b > a and not (s[b - 1].isalnum() or s[b - 1] in ")）"):
        b -= 1
    if not zh:
        first = s[a:b].split(" ", 1)
        while len(first) == 2 and (first[0].lower() in _EN_LEAD or first[0].endswith(("’s", "'s"))):
            a += len(first[0]) + 1  # an article or an owner ("Portugal's") is not part of the name
            first = s[a:b].split(" ", 1)
    return a, b
