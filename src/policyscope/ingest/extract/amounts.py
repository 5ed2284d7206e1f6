"""Money amounts in Chinese and English → plain currency units and US$ at the event year's rate.

462亿美元, 1.2万亿美元, 30亿欧元, 2.4 万亿韩元, 5.35 亿卢布, Rs 10,371.92 crore, $52.7 billion, EUR 700 million,
£2.5 billion, 590 billion yen. The rate used (currency units per US$) and its year are recorded."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from policyscope.ingest.extract.gazetteer import data_rows, trie_regex
from policyscope.ingest.text.tables import TableRow
from policyscope.model import Amount

_ZH_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4,
             "千": 1e3, "兆": 1e12}
_EN_SCALE = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
             "mln": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
             "lakh crore": 1e12}
_NUM = r"(?P<num>(?<!\d)\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?|(?<!\d)\d{1,15}(?:\.\d{1,6})?)"  # bounded: no inf


def _num_after(not_before: str) -> str:
    """``(?<![not_before]){_NUM}`` for a class that holds the digits, led by the digit (the look-behind moved past
    it): a pattern led by a look-behind loses the regex engine's first-character scan (same matches, 4x faster)."""
    return rf"(?P<num>\d(?<![{not_before}]\d)(?:\d{{0,2}}(?:,\d{{3}}){{1,5}}(?:\.\d{{1,6}})?|\d{{0,14}}(?:\.\d{{1,6}})?))"


_NUM_ZH, _NUM_CODE, _NUM_EN = _num_after(r"\d."), _num_after(r"\w."), _num_after(r"\w.$€£¥")


# Local symbols of currencies the rate table converts, from CLDR (Babel's ``Locale('ms_MY').currency_symbols``
# etc.); listed here because loading the fifty locales at start costs 2.5 s. Symbols that are one Latin letter
# (ZAR "R") or shared by several currencies ("kr", "$") are left out.
_LOCAL_SYMBOLS = {"RM": "MYR", "zł": "PLN", "฿": "THB", "Rp": "IDR", "₱": "PHP", "₺": "TRY", "₫": "VND", "₴": "UAH",
                  "Kč": "CZK", "Ft": "HUF", "₦": "NGN", "৳": "BDT", "₸": "KZT", "Ksh": "KES", "₪": "ILS"}
# ISO codes that are also English words or names in capitals ("TOP 2500 companies", "AMD 5 billion")
_CODE_WORDS = frozenset(("ALL", "TOP", "CUP", "MOP", "PEN", "SOS", "AMD", "MAD", "GEL", "BOB", "DOP", "STD", "SVC", "ERN",
                         "FIM", "MGA", "SLE"))
# Last words of English currency names that are ordinary words as well.
_EN_NAME_STOP = frozenset(("real", "reals", "mark", "marks", "won", "pound", "pounds", "dollar", "dollars", "franc",
                           "francs", "peso", "pesos", "rupee", "rupees", "shilling", "shillings", "dinar", "dinars",
                           "krone", "kroner", "kronor", "krona", "króna", "krónur", "crown", "crowns"))


def _iso3_countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def _current_codes() -> set[str]:
    """ISO 4217 codes legal tender of some territory since 1999 (the kuna, the litas: still in the data's
    budgets), from CLDR."""
    from babel.core import get_global

    return {c for cur in get_global("territory_currencies").values() for c, _s, end, tender in cur
            if tender and (end is None or end >= (1999, 1, 1))}


def _unique_tails(names: dict[str, str], cut: Callable[[str], str | None]) -> dict[str, str]:
    """Short forms (马来西亚林吉特 → 林吉特, Thai baht → baht) that belong to one currency only."""
    seen: dict[str, set[str]] = {}
    for name, code in names.items():
        tail = cut(name)
        if tail:
            seen.setdefault(tail, set()).add(code)
    return {t: next(iter(c)) for t, c in seen.items() if len(c) == 1}


def _babel_currencies(known: set[str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Chinese names, English names and ISO codes of the currencies ``currencies.csv`` does not list (ISK, MYR,
    THB, RON, PLN…): an amount in any current currency is found, with its value; US$ only where a rate exists."""
    from babel import Locale
    from babel.numbers import get_currency_name

    codes = sorted(_current_codes() - known)
    zh_terr = sorted(Locale.parse("zh_Hans_CN").territories.values(), key=len, reverse=True)
    zh = {get_currency_name(c, locale="zh_Hans_CN"): c for c in codes}
    zh = {n: c for n, c in zh.items() if n != c and len(n) >= 2}

    def zh_tail(n: str) -> str | None:
        t = next((n[len(p):] for p in zh_terr if n.startswith(p) and len(n) - len(p) >= 2), None)
        return t if t and t not in ("元", "镑") else None

    en: dict[str, str] = {}
    for c in codes:
        for count in (1, 2):
            n = get_currency_name(c, count=count, locale="en").lower()
            if n != c.lower():
                en[n] = c
    tails = _unique_tails(en, lambda n: n.split()[-1] if " " in n and len(n.split()[-1]) >= 4 else None)
    en.update({t: c for t, c in tails.items() if t not in _EN_NAME_STOP and t not in en})
    zh.update({t: c for t, c in _unique_tails(zh, zh_tail).items() if t not in zh})
    iso3 = _iso3_countries()  # "ESP 2019" in a table is Spain, not pesetas
    return zh, en, {c: c for c in codes if c not in iso3 and c not in _CODE_WORDS}


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
        b_zh, b_en, b_codes = _babel_currencies(set(zh.values()) | set(en.values()) | set(sym.values()))
        for table, extra in ((zh, b_zh), (en, b_en)):
            for k, v in extra.items():
                table.setdefault(k, v)
        # ISO codes and local symbols are matched case-sensitively ("ALL 5 million" is Albanian lek, "all 5" is not)
        self.code = {**{k: v for k, v in _LOCAL_SYMBOLS.items() if k not in sym}, **b_codes}
        self.zh, self.en, self.sym = zh, en, sym
        self.new_names = sorted({*b_zh, *b_en})
        zh_scale = "|".join(sorted(_ZH_SCALE, key=len, reverse=True))
        en_scale = r"lakh\s+crore|trillion|billion|million|thousand|crores?|lakhs?|tn|bn|mn|mln|[bmk](?![a-z])"
        zh_cur = trie_regex(sorted(zh))
        en_cur = trie_regex(sorted(en))
        sym_re = trie_regex(sorted(sym))
        # 462亿美元 / 2.4 万亿韩元 / 100亿元人民币 / 人民币 100 亿元
        self.zh_re = re.compile(rf"{_NUM_ZH}\s*(?P<scale>{zh_scale})?\s*(?P<cur>{zh_cur})(?:人民币)?")
        self.zh_rmb_re = re.compile(rf"人民币\s*{_NUM}\s*(?P<scale>{zh_scale})?\s*元")
        # $52.7 billion / EUR 700 million / Rs 10,371.92 crore / £2.5bn
        self.sym_re = re.compile(
            rf"(?<![A-Za-z])(?P<sym>{sym_re})\s?{_NUM}(?:\s*(?P<scale>{en_scale}))?(?![\w])", re.IGNORECASE)
        code_re = trie_regex(sorted(self.code))
        # ISK 42 billion / RM500,000 / zł1m / ฿880m — and 2.5 billion PLN (a scale word is then required)
        self.code_re = re.compile(
            rf"(?<![A-Za-z])(?P<sym>{code_re})\s?{_NUM}(?:\s*(?P<scale>(?i:{en_scale})))?(?![\w])")
        self.code_after_re = re.compile(
            rf"{_NUM_CODE}\s*(?P<scale>(?i:{en_scale}))\s+(?P<cur>{code_re})(?![A-Za-z])")
        # cues for long texts (lines the literal cues below do not flag): a code or local symbol next to a digit,
        # a number then a currency name taken from CLDR (on the lower-cased text)
        names = sorted({*self.new_names, *(c.lower() for c in self.code)})
        self.cue = _code_cue(self.code, rf"\s*(?:{zh_scale}|{en_scale})?\s*(?i:{trie_regex(names)})")
        # 590 billion yen / 3 million euros / 10 billion US dollars
        self.en_re = re.compile(
            rf"{_NUM_EN}\s*(?P<scale>{en_scale})?\s+(?:(?:of|in)\s+)?(?P<cur>{en_cur})(?![A-Za-z])",
            re.IGNORECASE)
        # every match of sym_re / code_re holds its symbol's last character, then a digit: the scans start where
        # this first occurs (led by a look-behind, they tried every position of a text that holds no amount)
        self.sym_first = _Start(sym, re.IGNORECASE)
        self.code_first = _Start(self.code, 0)


class _Start:
    """Where a scan for a symbol before a number can first match: a symbol's last character, then a digit (held
    by every such match) found first, less the longest symbol."""

    def __init__(self, symbols: Iterable[str], flags: int) -> None:
        symbols = list(symbols)
        self.rx = re.compile(rf"[{''.join(sorted({re.escape(x[-1]) for x in symbols}))}]\s?\d", flags)
        self.back = max(map(len, symbols))

    def finditer(self, rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)`` (a scan from a later position finds the same matches: look-behinds see the text
        before it)."""
        h = self.rx.search(text)
        return rx.finditer(text, max(0, h.start() - self.back)) if h is not None else iter(())


def _code_cue(codes: dict[str, str], name_after: str) -> re.Pattern[str]:
    """A digit that a code or local symbol stands right before ("ISK 42", "RM500") or a currency name follows
    ("880 million baht"): one scan led by ``\\d``, the symbols in look-behinds (one per width) — a scan led by a
    trie of capitals tried every capital letter, and two scans cost twice one."""
    by_width: dict[int, set[str]] = {}
    for c in codes:
        by_width.setdefault(len(c), set()).add(re.escape(c) if len(c) != 3 or not c.isupper() else "[A-Z]{3}")
    looks = [rf"(?<=(?:{'|'.join(sorted(alts))}){sp}\d)" for alts in by_width.values() for sp in ("", r"\s")]
    return re.compile(rf"\d(?:{'|'.join(looks)}|{name_after})")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns()


def _num(s: str) -> float:
    return float(s.replace(",", ""))


# Currency cues, matched on the lower-cased text. Each cue has a literal key: only the cues whose key occurs in
# the document are scanned, each on its own (a literal-led pattern is searched fast by the regex engine; one
# alternation of them all was scanned position by position and was the slowest part of amount finding).
_CUES: list[tuple[str, str]] = [
    *((c, re.escape(c)) for c in "$€£¥₹₩₽元镑币卢朗"),  # 朗: 挪威克朗, 瑞士法郎
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


def _pattern_lines(text: str, low: str) -> list[tuple[int, int]]:
    """Spans of the lines where a CLDR currency (code, local symbol or name) stands next to a number."""
    spans = []
    for m in _patterns().cue.finditer(text):
        s = text.rfind("\n", 0, m.start()) + 1
        e = text.find("\n", m.end())
        spans.append((s, len(text) if e < 0 else e))
    return spans


def _merge_lines(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Line spans of both lists, one per line start (the longest), sorted."""
    if not b:
        return a
    out = dict(a)
    for s, e in b:
        out[s] = max(out.get(s, 0), e)
    return sorted(out.items())


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
    for s, e in _merge_lines(_cue_lines(text, low), _pattern_lines(text, low)):
        if s <= last_line:
            continue
        last_line = e
        out.extend(replace(a, start=a.start + s, end=a.end + s) for a in _find_amounts(text[s:e]))
    return out


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _find_amounts(text: str) -> list[AmountMention]:
    p = _patterns()
    found: list[AmountMention] = []
    has_cjk = _HAN.search(text) is not None
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
    for m in p.sym_first.finditer(p.sym_re, text):
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
    for rx in (p.code_re, p.code_after_re):
        for m in p.code_first.finditer(rx, text) if rx is p.code_re else rx.finditer(text):
            cur = p.code[m.group("sym") if "sym" in rx.groupindex else m.group("cur")]
            scale = (m.group("scale") or "").lower()
            v = _num(m.group("num"))
            if not scale and (v < 1000 or (1900 <= v <= 2100 and "," not in m.group("num"))):
                continue  # "TOP 10", "TPE 2019": a code-like word before a small number or a year
            if "sym" in rx.groupindex and len(m.group("sym")) == 3 and m.group("sym").isalpha() \
                    and not text[m.end("sym"):m.end("sym") + 1].isspace():
                continue  # "GAIN2003", "TOP2500": a code is written apart from its number
            found.append(AmountMention(m.start(), m.end(), m.group(), v, scale or cur, cur,
                                       v * _EN_SCALE.get(re.sub(r"\s+", " ", scale), 1.0)))
    if _LATIN.search(text):
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


# a money column's unit, in brackets at the end of its header: "Projected cost per year (EUR)", "Budget (€ million)",
# "预算（万欧元）"
_HEAD_UNIT = re.compile(r"[（(]([^（）()]{1,20})[）)]$")
_BARE_NUMBER = re.compile(r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _header_unit(label: str) -> str | None:
    """How a bare number under this header reads as money ("{}万欧元", "EUR {}", "€ {} million"), or None: the
    currency is whatever ``find_amounts`` knows (the project's currency table), tried on a sample number."""
    m = _HEAD_UNIT.search(label.strip().strip("*_ "))
    if m is None:
        return None
    unit = m.group(1).strip()
    if _HAN_CHAR.search(unit):
        template = "{}" + unit
    else:
        first, _, rest = unit.partition(" ")
        template = first + " {}" + (" " + rest if rest else "")
    return template if len(find_amounts(template.format("100"))) == 1 else None


def header_currency_amounts(text: str, rows: list[TableRow], found: list[AmountMention]) -> list[AmountMention]:
    """Bare numbers in a money column whose header gives the currency ("| Projected cost per year (EUR) |" over
    "| 1,755,000 |"): amounts, read as the header says (cells that already hold an amount are left as they are)."""
    out: list[AmountMention] = []
    unit: dict[int, str] = {}  # column → the text to read a bare number with
    for row in sorted(rows, key=lambda r: r.start):
        if row.header:
            unit = {i: t for i, (cs, ce, role) in enumerate(row.cells)
                    if role == "amount" and (t := _header_unit(text[cs:ce])) is not None}
            continue
        for i, (cs, ce, _role) in enumerate(row.cells):
            cell = text[cs:ce].strip()
            if i not in unit or not _BARE_NUMBER.fullmatch(cell) or any(cs <= a.start < ce for a in found):
                continue
            got = find_amounts(unit[i].format(cell))
            if len(got) == 1:
                out.append(replace(got[0], start=cs, end=cs + len(cell), text=cell))
    return out
