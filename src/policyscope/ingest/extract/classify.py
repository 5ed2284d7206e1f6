"""Event type and technology domains from weighted lexicons (data files): the title's ending weighs most for
the type; domain terms count double inside the title. Multi-label domains above a threshold."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from policyscope.ingest.extract.gazetteer import data_text
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
        self.ctx_re = {t: re.compile("|".join(re.escape(w) for w, _ in c), re.I) for t, c in self.context.items() if c}
        self.ctx_w = {t: {w.lower(): wt for w, wt in c} for t, c in self.context.items()}
        dom: dict[str, dict[str, float]] = {}
        for item in taxonomy("domains").items:
            d = dom.setdefault(item.code, {})
            for w in item.terms_zh + item.terms_en:
                if len(w) >= 2 and w not in ("智能", "数字", "算法", "平台", "数据", "data", "digital", "platform", "cloud", "cyber", "green", "health", "AI"):
                    d.setdefault(w, 2.0)
        for code, terms in json.loads(data_text("domain_lexicon.json"))["domains"].items():
            dom.setdefault(code, {}).update({w: float(v) for w, v in terms.items()})
        self.dom_w = {c: {w.lower(): v for w, v in t.items()} for c, t in dom.items()}
        self.dom_re = {}
        for c, t in dom.items():
            pats = []
            for w in sorted(t, key=len, reverse=True):
                e = re.escape(w)
                pats.append(rf"(?<![A-Za-z]){e}(?![a-z])" if re.match(r"^[A-Za-z0-9]", w) and len(w) <= 4 else e)
            self.dom_re[c] = re.compile("|".join(pats), re.I if c != "ai" else 0)


@lru_cache(maxsize=1)
def _lex() -> _Lexicons:
    return _Lexicons()


def classify_type(title: str, context: str, *, kind: str = "book", has_amount: bool = False) -> str:
    """Most likely event type for a title in its sentence."""
    lx = _lex()
    scores: dict[str, float] = {}
    t = re.sub(r"[（(][^）)]*[）)]$|\s*\d{4}$|\s*[\d.]+$", "", title.strip())
    for w, typ, wt in lx.suffix:
        if t.endswith(w) or (kind == "bill" and title.startswith(w)):
            scores[typ] = scores.get(typ, 0.0) + wt
            break
    for typ, rx in lx.ctx_re.items():
        for m in rx.finditer(context):
            scores[typ] = scores.get(typ, 0.0) + 0.5 * lx.ctx_w[typ].get(m.group().lower(), 1.0)
    if has_amount:
        scores["funding_budget"] = scores.get("funding_budget", 0.0) + 1.0
    if not scores:
        return "other"
    best = max(scores.values())
    return next(t for t in _TYPE_ORDER if scores.get(t) == best)


def classify_domains(title: str, context: str, *, threshold: float = 3.0, limit: int = 5) -> list[str]:
    """Technology domains: lexicon weights, title terms doubled; 'general_sti' only when nothing specific."""
    lx = _lex()
    scores: dict[str, float] = {}
    for code, rx in lx.dom_re.items():
        w = lx.dom_w[code]
        s = 0.0
        for m in rx.finditer(title):
            s += 2 * w.get(m.group().lower(), 2.0)
        for m in rx.finditer(context):
            s += w.get(m.group().lower(), 2.0)
        if s:
            scores[code] = s
    chosen = [c for c, s in sorted(scores.items(), key=lambda x: -x[1]) if s >= threshold][:limit]
    specific = [c for c in chosen if c != "general_sti"]
    if specific and "general_sti" in chosen and scores["general_sti"] < max(scores[c] for c in specific):
        chosen.remove("general_sti")
    return chosen
