"""Money amounts in Chinese and English → plain currency units and US$ at the event year's rate.

462亿美元, 1.2万亿美元, 30亿欧元, 2.4 万亿韩元, 5.35 亿卢布, Rs 10,371.92 crore, $52.7 billion, EUR 700 million,
£2.5 billion, 590 billion yen. The rate used (currency units per US$) and its year are recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from policyscope.ingest.extract.gazetteer import data_rows, trie_regex
from policyscope.model import Amount

_ZH_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4,
             "千": 1e3, "兆": 1e12}
_EN_SCALE = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
             "mln": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
             "lakh crore": 1e12}
_NUM = r"(?P<num>(?<!\d)\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?|(?<!\d)\d{1,15}(?:\.\d{1,6})?)"  # bounded: no inf


@dataclass(frozen=True)
class AmountMention:
    start: int
    end: int
    text: str
    value: float
    unit_text: str
    currency: str
    units: float


class _Patterns:
    def __init__(self) -> None:
        zh: dict[str, str] = {}
        en: dict[str, str] = {}
        sym: dict[str, str] = {}
        for r in data_rows("currencies.csv"):
            for w in r["zh"].split("|"):
                zh[w] = r["currency"]
            for w in r["en"].split("|"):
                en[w.replace("\\", "").lower()] = r["currency"]
            for w in r["symbols"].split("|"):
                sym[w] = r["currency"]
        self.zh, self.en, self.sym = zh, en, sym
        zh_scale = "|".join(sorted(_ZH_SCALE, key=len, reverse=True))
        en_scale = r"lakh\s+crore|trillion|billion|million|thousand|crores?|lakhs?|tn|bn|mn|mln|[bmk](?![a-z])"
        zh_cur = trie_regex(sorted(zh))
        en_cur = trie_regex(sorted(en))
        sym_re = trie_regex(sorted(sym))
        # 462亿美元 / 2.4 万亿韩元 / 100亿元人民币 / 人民币 100 亿元
        self.zh_re = re.compile(rf"(?<![\d.]){_NUM}\s*(?P<scale>{zh_scale})?\s*(?P<cur>{zh_cur})(?:人民币)?")
        self.zh_rmb_re = re.compile(rf"人民币\s*{_NUM}\s*(?P<scale>{zh_scale})?\s*元")
        # $52.7 billion / EUR 700 million / Rs 10,371.92 crore / £2.5bn
        self.sym_re = re.compile(
            rf"(?<![A-Za-z])(?P<sym>{sym_re})\s?{_NUM}(?:\s*(?P<scale>{en_scale}))?(?![\w])", re.IGNORECASE)
        # 590 billion yen / 3 million euros / 10 billion US dollars
        self.en_re = re.compile(
            rf"(?<![\w.$€£¥]){_NUM}\s*(?P<scale>{en_scale})?\s+(?:(?:of|in)\s+)?(?P<cur>{en_cur})(?![A-Za-z])",
            re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns()


def _num(s: str) -> float:
    return float(s.replace(",", ""))


# Currency cues, matched on the lower-cased text. Each cue has a literal key: only the cues whose key occurs in
# the document are scanned, each on its own (a literal-led pattern is searched fast by the regex engine; one
# alternation of them all was scanned position by position and was the slowest part of amount finding).
_CUES: list[tuple[str, str]] = [
    *((c, re.escape(c)) for c in "$€£¥₹₩₽元镑币卢"),
    *((w, w) for w in ("dollar", "euro", "pound", "sterling", "rupee", "ruble", "rouble", "yuan", "renminbi", "crore",
                       "lakh", "franc", "riyal", "dirham", "shekel", "reais")),
    ("yen", r"yen\b"), ("won", r"won\b"), ("kron", r"kron[ae]"), ("rs", r"rs\.?\s?\d"),
    *((w, rf"{w}\b") for w in ("rmb", "usd", "eur", "gbp", "jpy", "krw", "inr", "cny", "cad", "aud", "chf", "sgd",
                                "hkd")),
]
_CUE_RX = {key: re.compile(rx) for key, rx in _CUES}


def _cue_lines(text: str, low: str) -> list[tuple[int, int]]:
    """Sorted spans of the lines that hold a currency cue (a superset of the lines that hold an amount)."""
    spans: dict[int, int] = {}  # line start → end of the line where the cue ends
    n = len(low)
    ascii_only = low.isascii()
    for key, rx in _CUE_RX.items():
        if (ascii_only and not key.isascii()) or key not in low:
            continue
        pos = 0
        while True:
            c = rx.search(low, pos)
            if c is None:
                break
            s = low.rfind("\n", 0, c.start()) + 1
            e = low.find("\n", c.end())
            spans[s] = max(spans.get(s, 0), n if e < 0 else e)
            if e < 0:
                break
            pos = e
    return sorted(spans.items())


def find_amounts(text: str, lower: str | None = None) -> list[AmountMention]:
    """Money amounts in a (normalised) text, non-overlapping, in order; long texts are scanned line by line
    where a currency cue appears (``lower``: the text lower-cased, if the caller has it)."""
    if len(text) < 2000:
        return _find_amounts(text)
    low = lower if lower is not None and len(lower) == len(text) else text.lower()
    if len(low) != len(text):
        return _find_amounts(text)
    out: list[AmountMention] = []
    last_line = -1
    for s, e in _cue_lines(text, low):
        if s <= last_line:
            continue
        last_line = e
        out.extend(replace(a, start=a.start + s, end=a.end + s) for a in _find_amounts(text[s:e]))
    return out


def _find_amounts(text: str) -> list[AmountMention]:
    p = _patterns()
    found: list[AmountMention] = []
    has_cjk = re.search(r"[\u4e00-\u9fff]", text) is not None
    if has_cjk:
        for m in p.zh_re.finditer(text):
            scale = m.group("scale") or ""
            cur = p.zh[m.group("cur")]
            if m.group("cur") == "元" and not scale and "," not in m.group("num") and _num(m.group("num")) < 1000:
                continue  # "3元" prices, "2元" fractions: not budgets
            v = _num(m.group("num"))
            found.append(AmountMention(m.start(), m.end(), m.group(), v, scale + m.group("cur"), cur,
                                       v * _ZH_SCALE.get(scale, 1.0)))
        for m in p.zh_rmb_re.finditer(text):
            scale = m.group("scale") or ""
            v = _num(m.group("num"))
            found.append(AmountMention(m.start(), m.end(), m.group(), v, scale + "元", "CNY", v * _ZH_SCALE.get(scale, 1.0)))
    for m in p.sym_re.finditer(text):
        sym = m.group("sym")
        cur = p.sym.get(sym) or p.sym.get(sym.upper())
        if cur is None:
            continue
        scale = (m.group("scale") or "").lower()
        if sym.upper() in ("RS", "RS.") and not scale and "," not in m.group("num"):
            pass
        v = _num(m.group("num"))
        mult = _EN_SCALE.get(re.sub(r"\s+", " ", scale), 1.0)
        if mult == 1.0 and sym in ("$",) and v < 100 and not scale:
            continue  # "$5" is rarely a policy amount
        found.append(AmountMention(m.start(), m.end(), m.group(), v, scale or sym, cur, v * mult))
    if re.search(r"[A-Za-z]", text):
        for m in p.en_re.finditer(text):
            cur = p.en[m.group("cur").lower()]
            scale = (m.group("scale") or "").lower()
            v = _num(m.group("num"))
            found.append(AmountMention(m.start(), m.end(), m.group(), v, (scale + " " + m.group("cur")).strip(),
                                       cur, v * _EN_SCALE.get(re.sub(r"\s+", " ", scale), 1.0)))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[AmountMention] = []
    last = -1
    for a in found:
        if a.start >= last:
            out.append(a)
            last = a.end
    return out


@lru_cache(maxsize=4096)
def _rate(currency: str, year: int) -> tuple[float, int] | None:
    from policyscope.sources import fx

    try:
        r = fx.rate(currency, year)
        return r.per_usd, year
    except fx.FxError:
        try:
            y = min(year, fx.latest_year(currency))
            r = fx.rate(currency, y)
            return r.per_usd, y
        except fx.FxError:
            return None


def to_amount(a: AmountMention, year: int | None, original_text: str | None = None) -> Amount:
    """An :class:`Amount` with US$ at the annual average rate of ``year`` (rate and year recorded)."""
    usd = rate = fx_year = None
    if year is not None:
        got = _rate(a.currency, year)
        if got is not None:
            rate, fx_year = got
            usd = a.units / rate
    return Amount(text=original_text or a.text, value=a.value, unit_text=a.unit_text, currency=a.currency,
                  value_in_currency_units=a.units, usd=usd, fx_rate=rate, fx_year=fx_year)
