"""Dates in Chinese and English with their precision: 2021年6月8日, 6月8日 and "Wednesday 19 April" (year from the
document date), 昨日 / 上月 / 去年 / "yesterday" / "last week" (against the document date),
2019年6月更新, 2021—2027年 (a period), FY2022 / 2022财年, "on 9 August 2022", "in March 2020", Chinese
numerals (一九八〇年三月三十一日). Each mention says whether it is a period, a target (到2025年) or a
fiscal year, so that the event date can prefer the date on which something happened."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON = rf"(?P<mon>{_MON_NAMES})\.?"


def _first_then(alts: str, look: str) -> str:
    """``(?:alts)`` for alternatives that each start with a letter, after a look-behind ``look`` (its text: "<!\\w",
    "<=,\\s") that is tested once the letter is read (``a(?<!\\wa)n``): a pattern led by \\b or a look-behind loses
    the regex engine's first-character scan and is tried at every position. Same matches."""
    return "(?:" + "|".join(f"{x[0]}(?{look}{x[0]}){x[1:]}" for x in alts.split("|")) + ")"


_NW, _AFTER_COMMA = "<!\\w", "<=,\\s"  # look-behinds for _first_then: \b before a word; after ", "
_MON_NW = rf"(?P<mon>{_first_then(_MON_NAMES, _NW)})\.?"  # \b{_MON}
_ART_NW, _ART_AFTER_COMMA = _first_then("a|an|the|its|their", _NW), _first_then("a|an|the|its|their", _AFTER_COMMA)
_FY_NW = _first_then(r"FY\s?|fiscal\s+year\s+|Fiscal\s+Year\s+", _NW)
_Y_WORDS_NW = _first_then("in|of|since|from|during|by|until|through|dated|In|Since|From|During|By|Dated", _NW)
_ZH_DIGIT = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_Y = r"(?P<y>(?:19|20)\d{2})"
# the year after a look-behind, moved past the year's first two digits (same matches): a pattern led by a look-behind
# loses the regex engine's first-character scan and is tried at every position of its window
_Y_ND = r"(?P<y>(?:19|20)(?<!\d\d\d)\d{2})"  # (?<!\d) before it
_Y_NDD = r"(?P<y>(?:19|20)(?<![\d.]\d\d)\d{2})"  # (?<![\d.]) before it
_Y_NW = r"(?P<y>(?:19|20)(?<!\w\d\d)\d{2})"  # \b before it
_ZHY = r"(?P<zy>[〇零○一二三四五六七八九]{4})"
_ZHN = r"[一二三四五六七八九十]{1,3}"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("zh_range", re.compile(rf"{_Y_ND}\s*(?:年\s*)?[—–\-~～至到]{{1,2}}\s*(?P<y2>(?:19|20)\d{{2}})\s*年?")),
    ("zh_ymd", re.compile(rf"{_Y_ND}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]")),
    ("zh_ym", re.compile(rf"{_Y_ND}\s*年\s*(?P<m>\d{{1,2}})\s*月")),
    ("zh_fy", re.compile(rf"{_Y_ND}\s*财年")),
    ("zh_y", re.compile(rf"{_Y_NDD}\s*年(?![代度]\s*[^\s报预起])")),
    ("paren_y", re.compile(rf"[（(]{_Y}[）)]")),
    ("zh_num_ymd", re.compile(rf"{_ZHY}年(?P<zm>{_ZHN})月(?:(?P<zd>{_ZHN})日)?")),
    ("zh_md", re.compile(r"(?P<m>\d(?<![\d年]\d)\d?)\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    ("en_dmy", re.compile(rf"(?P<d>\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+{_MON}\s*,?\s+{_Y}\b")),
    ("en_mdy", re.compile(rf"{_MON_NW}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*{_Y}\b")),
    ("en_my", re.compile(rf"{_MON_NW}\s+(?:of\s+)?{_Y}\b")),
    ("iso", re.compile(rf"{_Y_NW}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # 2017.12.11, 2017/12/11: the numeric form of Chinese tables and notices
    ("num_ymd", re.compile(rf"{_Y_NDD}[./](?P<m>[01]?\d)[./](?P<d>[0-3]?\d)(?![\d./])")),
    # 12.05.2016: Europe's day.month.year (dots only: 05/12/2016 may be either order)
    ("num_dmy", re.compile(rf"(?P<d>\d(?<![\d.]\d)(?:(?<=[0-3])\d)?)\.(?P<m>[01]?\d)\.{_Y}(?![\d.])")),
    # "a 2018 programme", "the 2021 law": the year a thing is dated by in apposition
    ("en_ay", re.compile(rf"{_ART_NW}\s+{_Y}\s+(?=(?:programme|program|scheme|initiative|fund|plan|"
                         rf"strategy|project|law|act|decree|policy|framework|reform|budget|mission|campaign)\b)")),
    # "Reform of the … Office (Italy, 2009):", "(Kenya, 2024)": a digest dates an item by owner and year in brackets
    ("en_py", re.compile(r"[A-Z](?<=\([A-Z])[\w .'’\-]{1,40},\s*(?P<y>(?:19|20)\d{2})(?=\))")),
    # "The Third Energy Package, the 2009 pair of directives …": a year in an apposition dates the name before it
    ("en_cay", re.compile(rf"{_ART_AFTER_COMMA}\s+{_Y}\s+(?!targets?\b|goals?\b|deadline|horizon|agenda|"
                          rf"vision|levels?\b)(?=[a-z])")),
    ("en_fy", re.compile(rf"{_FY_NW}{_Y}\b")),
    ("en_y", re.compile(rf"{_Y_WORDS_NW}\s+(?:early\s+|late\s+|mid-)?{_Y}\b(?!\s*[-–]\s*\d)")),
]
_TARGET_BEFORE = re.compile(r"(?:到|至|截至|截止|by|By|until|through|targets?\s+for)\s*$")
_TARGET_AFTER = re.compile(r"^\s*(?:年)?\s*(?:前|以前|之前|目标|底前)")
_SINCE_BEFORE = re.compile(r"(?:自|从|始于|成立于|设立于|启动于|创立于|创建于|建于|推出于|起始于|since|Since)\s*$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: Precision
    kind: str  # "point", "range", "fiscal", "target", "since", "relative"
    text: str


def _zh_num(s: str) -> int:
    """十二 → 12, 三十一 → 31, 一九八〇 (digit by digit) → 1980."""
    if "十" not in s:
        v = 0
        for c in s:
            v = v * 10 + _ZH_DIGIT[c]
        return v
    a, _, b = s.partition("十")
    return (_ZH_DIGIT[a] if a else 1) * 10 + (_ZH_DIGIT[b] if b else 0)


def _safe_date(y: int, m: int = 1, d: int = 1) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_CANDIDATE = re.compile(r"[\d〇零○一二三四五六七八九](?:(?<=1)9\d\d|(?<=2)0\d\d|(?<=\d)\s*月|(?<=[〇零○一二三四五六七八九])[〇零○一二三四五六七八九]{3}年)")
# (led by one character class, the alternatives after it: a pattern led by an alternation of classes loses the
# regex engine's first-character scan.) Text without Chinese dates: a year is the only candidate.
_CANDIDATE_LATIN = re.compile(r"[12][09]\d\d")
_ZH_KINDS = frozenset({"zh_ymd", "zh_ym", "zh_fy", "zh_y", "zh_num_ymd", "zh_md"})  # need 年 or 月


def _windows(text: str) -> list[tuple[int, int]]:
    """Line spans that can hold a date (a year, a month or a Chinese-numeral year): the patterns run only there."""
    pat = _CANDIDATE if ("年" in text or "月" in text) else _CANDIDATE_LATIN
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while True:
        m = pat.search(text, pos)
        if m is None:
            break
        s = text.rfind("\n", 0, m.start()) + 1
        e = text.find("\n", m.end())
        out.append((s, n if e < 0 else e))
        if e < 0:
            break
        pos = e
    return out


def find_dates(text: str, doc_date: dt.date | None = None) -> list[DateMention]:
    """All date mentions in ``text`` (normalised: half-width digits), longest first where they overlap."""
    found: list[DateMention] = []
    for ws, we in _windows(text):
        found.extend(_find_in(text, ws, we, doc_date))
    if doc_date is not None:
        found.extend(_relative_dates(text, doc_date))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[DateMention] = []
    last = -1
    for f in found:
        if f.start >= last:
            out.append(f)
            last = f.end
    return out


# A literal each pattern cannot match without (one of these in the window): a substring test skips its scan (speed)
_NEEDS: dict[str, tuple[str, ...]] = {
    "zh_range": tuple("—–-~～至到"), "zh_ymd": ("月",), "zh_ym": ("月",), "zh_fy": ("财年",), "zh_y": ("年",),
    "paren_y": ("（", "("), "zh_num_ymd": ("月",), "zh_md": ("月",), "iso": ("-",), "num_ymd": (".", "/"), "num_dmy": (".",),
    # every month name of ``_MON`` starts with its three letters; "(Italy, 2009)" needs its bracket
    **{k: ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
       for k in ("en_dmy", "en_mdy", "en_my")}, "en_fy": ("FY", "fiscal", "Fiscal"), "en_py": ("(",), "en_cay": (",",)}
_LATIN_KINDS = frozenset({"en_dmy", "en_mdy", "en_my", "en_ay", "en_cay", "en_fy", "en_y", "en_py"})  # need an ASCII letter
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _find_in(text: str, ws: int, we: int, doc_date: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    window = text[ws:we]
    zh = "年" in window or "月" in window
    latin = _ASCII_LETTER.search(window) is not None
    has: dict[tuple[str, ...], bool] = {}  # literals → whether one is in the window (the month names serve three)
    for kind, pat in _PATTERNS:
        if not zh and kind in _ZH_KINDS:
            continue
        if kind in _LATIN_KINDS and not latin:
            continue
        needs = _NEEDS.get(kind, ("",))
        if (ok := has.get(needs)) is None:
            ok = has[needs] = any(c in window for c in needs)
        if not ok:
            continue
        for m in pat.finditer(text, ws, we):
            g = m.groupdict()
            prec: Precision
            k = "point"
            if kind == "zh_num_ymd":
                y, mo = _zh_num(g["zy"]), _zh_num(g["zm"])
                d = _zh_num(g["zd"]) if g.get("zd") else None
                date, prec = _safe_date(y, mo, d or 1), ("day" if d else "month")
            elif kind == "zh_md":
                if doc_date is None:
                    continue
                mo, d = int(g["m"]), int(g["d"])
                y = doc_date.year if (mo, d) <= (doc_date.month, doc_date.day) else doc_date.year - 1
                date, prec, k = _safe_date(y, mo, d), "day", "relative"
            elif kind == "zh_range":
                y1, y2 = int(g["y"]), int(g["y2"])
                if not (y1 < y2 <= y1 + 50):
                    continue
                date, prec, k = _safe_date(y1), "year", "range"
            elif kind in ("zh_fy", "en_fy"):
                date, prec, k = _safe_date(int(g["y"])), "year", "fiscal"
            elif "mon" in g and g.get("mon"):
                mo = _MONTHS[g["mon"].lower().rstrip(".")]
                d = int(g["d"]) if g.get("d") else None
                date, prec = _safe_date(int(g["y"]), mo, d or 1), ("day" if d else "month")
            else:
                y = int(g["y"])
                mo = int(g["m"]) if g.get("m") else None
                d = int(g["d"]) if g.get("d") else None
                date = _safe_date(y, mo or 1, d or 1)
                prec = "day" if d else "month" if mo else "year"
            if date is None:
                continue
            before = text[max(0, m.start() - 6):m.start()]
            if kind == "en_y" and m.group().split()[0].lower() in ("by", "until", "through"):
                k = "target"
            elif kind == "en_y" and m.group().split()[0].lower() in ("since", "from"):
                k = "since"
            elif k == "point" and (_TARGET_BEFORE.search(before) or _TARGET_AFTER.match(text[m.end():m.end() + 4])):
                k = "target"
            elif k == "point" and (_SINCE_BEFORE.search(before) or text[m.end():m.end() + 4].lstrip().startswith(("以来", "起", "开始"))):
                k = "since"
            if kind == "en_py":  # the year alone: the owner before it is a jurisdiction's name
                found.append(DateMention(m.start("y"), m.end("y"), date, prec, k, m.group("y")))
            else:
                found.append(DateMention(m.start(), m.end(), date, prec, k, m.group()))
    return found


# Dates that need the document's own date: 昨日, 上月, 去年, "yesterday", "last week", "Wednesday 19 April".
_REL_ZH = re.compile(r"(?P<w>昨日|昨天|前日|前天|今日|今天|本月|上月|上个月|本周|上周|上星期|今年|去年|前年|明年)")
# 去年7月23日, 前年7月3日, 今年3月: a relative year with its month (and day)
_REL_ZH_MD = re.compile(r"(?P<w>今年|去年|前年|明年)(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?")
_YEAR_SHIFT = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
# "this spring", "On Tuesday", "last Friday": against the document's date
_SEASON = re.compile(r"\b(?:this|earlier\s+this)\s+(?:spring|summer|autumn|fall|winter)\b", re.I)
_BARE_WEEKDAY = re.compile(r"\b(?P<rel>[Oo]n|[Ll]ast|[Tt]his)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                           r"(?!,?\s+(?:\d|January|February|March|April|May|June|July|August|September|October|November|December))")
_REL_EN = re.compile(r"\b(?P<w>yesterday|today|last\s+(?:week|month|year)|this\s+(?:week|month|year)|earlier\s+this\s+"
                     r"(?:week|month|year)|next\s+year)\b", re.I)
_WEEKDAY = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_WEEKDAYS = {w: i for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_DM_NOYEAR = re.compile(rf"\b{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?![\w.])(?!\s*,?\s*(?:19|20)\d{{2}})")
_MD_NOYEAR = re.compile(rf"\b{_WEEKDAY}{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d{{2}})(?![.,]?\d)")


def _month_back(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def _year_for(mo: int, d: int, doc: dt.date, weekday: str | None) -> int:
    """The year of a day and month written without one: the latest such day on or before the document date,
    unless a weekday is given that only a nearby year fits ("On Wednesday 13 March the Parliament is expected
    to vote", in a digest of Friday 8 March 2024: 2024, a date to come)."""
    y = doc.year if (mo, d) <= (doc.month, doc.day) else doc.year - 1
    if weekday is None:
        return y
    want = _WEEKDAYS[weekday.lower()]
    for cand in (y, y + 1, y - 1):
        date = _safe_date(cand, mo, d)
        if date is not None and date.weekday() == want and abs((date - doc).days) <= 200:
            return cand
    return y


def _relative_dates(text: str, doc: dt.date) -> list[DateMention]:
    """Relative dates resolved against the document date; a day and month without a year is the latest such
    day on or before the document date."""
    out: list[DateMention] = []
    day = dt.timedelta(days=1)
    zh = {"昨日": (doc - day, "day"), "昨天": (doc - day, "day"), "前日": (doc - 2 * day, "day"),
          "前天": (doc - 2 * day, "day"), "今日": (doc, "day"), "今天": (doc, "day"),
          "本月": (doc.replace(day=1), "month"), "上月": (_month_back(doc, 1), "month"),
          "上个月": (_month_back(doc, 1), "month"), "本周": (doc, "month"), "上周": (doc - 7 * day, "month"),
          "上星期": (doc - 7 * day, "month"), "今年": (dt.date(doc.year, 1, 1), "year"),
          "去年": (dt.date(doc.year - 1, 1, 1), "year"), "前年": (dt.date(doc.year - 2, 1, 1), "year")}
    if "年" in text or "日" in text or "月" in text or "天" in text or "周" in text:
        out += _relative_year_months(text, doc)
        for m in _REL_ZH.finditer(text):
            hit = zh.get(m.group("w"))
            if hit:
                out.append(DateMention(m.start(), m.end(), hit[0], hit[1], "relative", m.group()))  # type: ignore[arg-type]
    for m in _REL_EN.finditer(text):
        w = re.sub(r"\s+", " ", m.group("w").lower())
        en = {"yesterday": (doc - day, "day"), "today": (doc, "day"), "last week": (doc - 7 * day, "month"),
              "last month": (_month_back(doc, 1), "month"), "last year": (dt.date(doc.year - 1, 1, 1), "year"),
              "this week": (doc, "month"), "this month": (doc.replace(day=1), "month"),
              "this year": (dt.date(doc.year, 1, 1), "year"), "earlier this week": (doc, "month"),
              "earlier this month": (doc.replace(day=1), "month"), "earlier this year": (dt.date(doc.year, 1, 1), "year")}
        hit = en.get(w)
        if hit:
            out.append(DateMention(m.start(), m.end(), hit[0], hit[1], "relative", m.group()))  # type: ignore[arg-type]
    out += _english_relative(text, doc)
    if _MONTH_WORD.search(text):
        for pat in (_DM_NOYEAR, _MD_NOYEAR):
            for m in pat.finditer(text):
                mo, d = _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d"))
                date = _safe_date(_year_for(mo, d, doc, m.group("wd")), mo, d)
                if date is not None:
                    out.append(DateMention(m.start(), m.end(), date, "day", "relative", m.group()))  # type: ignore[arg-type]
    return out


_REL_MONTH_DAY = re.compile(r"(?P<w>上月|上个月|本月)(?P<d>\d{1,2})\s*[日号]")


def _relative_year_months(text: str, doc: dt.date) -> list[DateMention]:
    """去年7月23日, 前年7月3日, 今年3月: the year counted from the document's, with its month and day; 上月12日,
    本月3日: the month counted from the document's, with its day."""
    out: list[DateMention] = []
    for m in _REL_MONTH_DAY.finditer(text):
        base = doc.replace(day=1) if m.group("w") == "本月" else _month_back(doc, 1)
        date = _safe_date(base.year, base.month, int(m.group("d")))
        if date is not None:
            out.append(DateMention(m.start(), m.end(), date, "day", "relative", m.group()))
    for m in _REL_ZH_MD.finditer(text):
        date = _safe_date(doc.year + _YEAR_SHIFT[m.group("w")], int(m.group("m")), int(m.group("d") or 1))
        if date is not None:
            out.append(DateMention(m.start(), m.end(), date, "day" if m.group("d") else "month", "relative", m.group()))
    return out


_DM_LAST_YEAR = re.compile(rf"\b(?:on\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\s+(?P<w>last|this)\s+year\b", re.I)


def _english_relative(text: str, doc: dt.date) -> list[DateMention]:
    """"this spring" (the document's year), "On Tuesday" / "last Friday" (the latest such day before the document's
    date, or that day itself for "On" and "this"), "6 July last year"."""
    out = [DateMention(m.start(), m.end(), dt.date(doc.year, 1, 1), "year", "relative", m.group())
           for m in _SEASON.finditer(text)]
    if "year" in text:
        for m in _DM_LAST_YEAR.finditer(text):
            y = doc.year - (1 if m.group("w").lower() == "last" else 0)
            date = _safe_date(y, _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d")))
            if date is not None:
                out.append(DateMention(m.start(), m.end(), date, "day", "relative", m.group()))
    if "day" in text:
        for m in _BARE_WEEKDAY.finditer(text):
            back = (doc.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7
            if back == 0 and m.group("rel").lower() == "last":
                back = 7
            out.append(DateMention(m.start(), m.end(), doc - dt.timedelta(days=back), "day", "relative", m.group()))
    return out


_MONTH_WORD = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")


def format_date(date: dt.date | None, precision: str | None) -> str | None:
    """'2021', '2021-06' or '2021-06-08' for a date at its precision."""
    if date is None:
        return None
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return f"{date.year}-{date.month:02d}"
    return date.isoformat()


# "同年7月1日" / "同年，…" / "later that year": the year of the date stated before it (in an earlier paragraph too)
_SAME_YEAR = re.compile(r"(?:同年|当年(?=\d{1,2}\s*月|，))(?:(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?)?|"
                        r"同月(?P<md>\d{1,2})\s*[日号]|(?P<sd>同日|当日|the\s+same\s+day)|"
                        r"(?:in|later|earlier)\s+(?:the\s+same|that)\s+year", re.I)


# Where ``_SAME_YEAR`` can match (speed: the pattern tried at every position of a long English text was a hot spot).
# An English match is made of these letters (and, under re.I, İ ı ſ) and spaces, and holds "year" only at its end;
# a Chinese one starts at 同年 / 当年 and holds neither another 同 / 当 nor a space at its end.
_YEAR_WORD = re.compile(r"[yY][eE][aA][rR]")
_SAME_YEAR_CHARS = frozenset("inlaterhsmyINLATERHSMY\u0130\u0131\u017f")


def _same_year_matches(text: str) -> list[re.Match[str]]:
    """``_SAME_YEAR.finditer(text)``, scanned only in the runs of its letters and spaces that end in "year", from
    each 同年 / 当年 / 同月 / 同日 / 当日 and at each "the same day"."""
    spans: list[tuple[int, int]] = []
    for y in _YEAR_WORD.finditer(text):
        b = y.start()
        while b > 0 and (text[b - 1] in _SAME_YEAR_CHARS or text[b - 1].isspace()):
            b -= 1
        if spans and b <= spans[-1][1]:
            spans[-1] = (spans[-1][0], y.end())
        else:
            spans.append((b, y.end()))
    found = [m for s, e in spans for m in _SAME_YEAR.finditer(text, s, e)]
    for w in ("同年", "当年", "同月", "同日", "当日"):
        i = text.find(w)
        while i >= 0:
            if (m := _SAME_YEAR.match(text, i)) is not None:
                found.append(m)
            i = text.find(w, i + 1)
    i = text.find("same day")
    while i >= 0:  # "the same day"
        if i >= 4 and (m := _SAME_YEAR.match(text, i - 4)) is not None:
            found.append(m)
        i = text.find("same day", i + 1)
    return sorted(found, key=lambda m: m.start())


def same_year_dates(text: str, dates: list[DateMention]) -> list[DateMention]:
    """Dates given as the same year as the one stated before them: 同年7月1日 takes that year (not the
    document's), 同年 alone dates its sentence to that year. ``dates``: ``find_dates`` of the whole text."""
    if "同" not in text and "当" not in text and "year" not in text and "same day" not in text:
        return dates
    out = list(dates)
    for m in _same_year_matches(text):
        if any(d.start < m.end() and m.start() < d.end for d in out):
            continue
        prev = next((d for d in reversed(out) if d.end <= m.start() and d.kind in ("point", "since", "range", "relative")),
                    None)
        if prev is None:
            continue
        mo, day = (int(m.group("m")) if m.group("m") else None), (int(m.group("d")) if m.group("d") else None)
        if m.group("md"):  # 同月12日: the month before's, with this day
            mo, day = prev.date.month, int(m.group("md"))
        elif m.group("sd"):  # 同日: the day before's, when it was one
            if prev.precision != "day":
                continue
            mo, day = prev.date.month, prev.date.day
        date = _safe_date(prev.date.year, mo or 1, day or 1)
        if date is not None:
            prec: Precision = "day" if day else "month" if mo else "year"
            out.append(DateMention(m.start(), m.end(), date, prec, "point", m.group()))
            out.sort(key=lambda x: x.start)
    return out
