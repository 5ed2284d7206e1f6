"""Document-level facts guessed from the text alone: title, date (year), jurisdiction and type. Used when a
reader gives no metadata, and measured against corpora with metadata (AGORA, State Council policies)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from policyscope.ingest.extract.classify import classify_type
from policyscope.ingest.extract.dates import find_dates
from policyscope.ingest.extract.gazetteer import gazetteer
from policyscope.ingest.text.normalize import to_halfwidth, to_simplified

# 国发〔1980〕82号 / 国办发[2021]7号 / 工信部联科〔2017〕315号
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,8}\s*[〔\[【(（]((?:19|20)\d{2})[〕\]】)）]\s*\d{1,4}\s*号")
_CONGRESS = re.compile(r"\b(\d{2,3})(?:st|nd|rd|th|d)\s+CONGRESS\b(?:\s+(\d)(?:st|nd|d|rd)\s+Session)?", re.I)
_DECREE = re.compile(r"^[\u4e00-\u9fff]{2,20}令\s*第\s*\d+\s*号")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff〔\[])")
_DOC_KIND = re.compile(r"(?:报告|决定|通知|批复|意见|办法|规定|条例|决议|纲要|方案|规划|计划|函|公告|令|细则|通告|指引|指南|纪要|通报)")
_ADDRESSEE = re.compile(r"(?:各省|各有关|国务院各部委|[\u4e00-\u9fff]{2,12}(?:人民政府|委员会|部|局|委)[，、]?[\u4e00-\u9fff、，]{0,40}：)")


@dataclass(frozen=True)
class DocumentProfile:
    title: str | None
    date: dt.date | None
    precision: str | None
    jurisdiction: str | None
    type: str


def document_title(text: str, max_len: int = 120) -> str | None:
    """The title: the text before a Chinese document number (…国发〔1980〕82号), else the first short line."""
    head = _CJK_GAP.sub("", to_simplified(to_halfwidth(text[:3000])).lstrip())
    if _DECREE.match(head):
        b = re.search(r"[《〈]([^》〉]{4,120})[》〉]", head[:300])
        if b:
            return b.group(1).replace("〈", "《").replace("〉", "》")
    m = _DOC_NO.search(head[:400])
    if m:
        bracket = m.start(1) - 1
        ends = [x.end() for x in _DOC_KIND.finditer(head, 0, bracket) if bracket - x.end() <= 8]
        if ends:
            t = head[:ends[-1]].strip().split("\n")[-1].strip()
            if 4 <= len(t) <= max_len:
                return t
    for line in head.split("\n"):
        s = re.sub(r"^[#*\s]+|[*\s]+$", "", line)
        if 4 <= len(s) <= max_len and not re.match(r"^(?:各位代表|SEC\.|SECTION|Section|Sec\.|Subtitle|TITLE|\(|\d+\s*$)", s):
            return s
    return None


_MON_EN = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|"
           r"Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_EN_DATE = rf"(?:{_MON_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,\s*(?:19|20)\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON_EN}\s*,?\s+(?:19|20)\d{{2}}|\d{{1,2}}/\d{{1,2}}/(?:19|20)\d{{2}})"
# The act that dates a document, with its date: "Approved March 15, 2023", "Introduced: April 19, 2023",
# "Introduced in Senate (03/09/2023)", "Done at Brussels, 21 May 2024", "Signed on 9 August 2022".
_ACT_DATE = re.compile(
    rf"(?:Approved|Introduced|Adopted|Signed|Enacted|Passed|Issued|Dated|Done\s+at\s+[A-Z][\w .\-]{{1,30}},)"
    rf"(?:\s+(?:(?:in|by)\s+)?(?:the\s+)?[A-Z][\w .]{{1,30}}?)?[:,]?\s*(?:on\s+|this\s+)?\(?(?P<d>{_EN_DATE})\)?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})")
# "2024 Regular Session", "2023 Session" (state legislatures) in a header
# ("PRE-FILED FOR INTRODUCTION IN THE 2022 SESSION"; New Jersey's two-year "Session 2022 - 2023" → its first year)
_SESSION = re.compile(r"\b((?:19|20)\d{2})\s+(?:Regular\s+|Special\s+|First\s+|Second\s+|Extraordinary\s+)?Session\b|"
                      r"\b(?:Regular|Special|Extraordinary)\s+Session,?\s+(?:of\s+)?((?:19|20)\d{2})\b|"
                      r"\bSession\s+((?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}\b", re.I)
# "This Act may be cited as the “… Act of 2023”" / "… Act, 2023" / "… Act for Fiscal Year 2024": the Act's own year
_CITED_AS = re.compile(r"may\s+be\s+cited,?\s+as\s+(?:the\s+)?(?:[“\"`]{1,2}|'')([^”\"\n]{3,200}?)(?:[”\"]|'')")
_OWN_YEAR_EN = re.compile(r"(?:\bof|,|(?<=Act))\s*((?:19|20)\d{2})\s*$")
_FOR_FY = re.compile(r"\bfor\s+Fiscal\s+Years?\s+((?:19|20)\d{2})\b", re.I)
# A bill authorises appropriations from the fiscal year that follows it ("$5,000,000 for fiscal year 2024", "for each
# of fiscal years 2024 through 2028"); and it amends the latest annual Act it names ("the National Defense
# Authorization Act for Fiscal Year 2023 (Public Law 117-263)", "the Consolidated Appropriations Act, 2023"), the
# one of the year before, cited with its Public Law or U.S. Code place: the next annual bill is written in that
# Act's year (its own name, "… for Fiscal Year 2024" without a citation, is not counted).
_AUTH_FY = re.compile(r"(?:fiscal|Fiscal|FISCAL)\s+(?:years?|Years?|YEARS?)\s+(?:ending\s+September\s+30,\s+)?((?:19|20)\d{2})\b")
_AUTH_FY_BEFORE = re.compile(r"\b(?:for|in|FOR|IN)\s+(?:each\s+of\s+)?(?:the\s+)?$")
_ANNUAL_ACT = re.compile(r"Act(?:\s+for\s+Fiscal\s+Year\s+((?:19|20)\d{2})|,\s+((?:19|20)\d{2}))")
_MONEY_CUE = re.compile(r"\$\s?[\d,.]+|appropriat|funds\s+made\s+available", re.I)
_ENACTED_CITE = re.compile(r"\s*[;,]?\s*\((?:Public\s+Law|P\.\s?L\.|\d+\s+U\.S\.C\.)")
# Chinese report header: "——2019年3月5日在第十三届全国人民代表大会第二次会议上"
_ZH_HEAD_DATE = re.compile(r"^[ \t]*(?:——|—|－|-)?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在[^\n]{2,40}会议上",
                           re.M)
# The National People's Congress a report is made to: "向第十届全国人民代表大会第一次会议报告", "在第十三届…第二次会议上".
# Terms began in 1954, 1959, 1964, 1975, 1978 and every five years from 1983; from the 6th NPC one session a year.
_NPC = re.compile(r"(?:向|在)\s*(?:大会)?\s*第([一二三四五六七八九十]{1,3})届全国人民代表大会(?:第([一二三四五六七八九十]{1,2})次会议)?"
                  r"[^。，\n]{0,12}?(?:报告|作|提出|上)")
_NPC_START = {1: 1954, 2: 1959, 3: 1964, 4: 1975, 5: 1978}
# An annual work report reviews the year before it: "一、2015年工作回顾", "首先报告2001年的工作", "一、1996年国内工作的回顾"
_ZH_REVIEW = re.compile(r"^[^\n]{0,12}?((?:19|20)\d{2})\s*年(?:的)?[^\n。]{0,8}?工作(?:的)?回顾|首先报告\s*((?:19|20)\d{2})\s*年的工作", re.M)
# ... and plans the year it is given in: "二、2016年工作总体部署", "三、2016年重点工作", "二、2010年主要任务",
# "三、对2018年政府工作的建议", "2025年经济社会发展总体要求和政策取向"
_ZH_PLAN = re.compile(r"^[^\n]{0,12}?((?:19|20)\d{2})\s*年(?:的)?(?:政府)?(?:工作(?:的)?(?:总体部署|总体要求|建议|任务)"
                      r"|重点工作|主要任务|经济社会发展(?:的)?总体要求)"
                      r"|^\s*[一二三四五六七八九十]+、\s*((?:19|20)\d{2})\s*年的?工作\s*$", re.M)
# A year that names another law (the Defense Production Act of 1950, Public Law 116-283) or a deadline
# ("not later than October 1, 2025") does not date the document.
_CITATION_BEFORE = re.compile(r"(?:Act|Acts|Law|Code|Amendments?|Resolution|Convention|Treaty|Order|Regulations?)\s*(?:of\s*)?,?\s*$")
_DEADLINE_BEFORE = re.compile(r"(?:not\s+later\s+than|no\s+later\s+than|before|after|beginning(?:\s+on)?|effective|(?<!week )(?<!fortnight )ending|"
                              r"expires?|prior\s+to|until|through|by|on\s+or\s+after|on\s+or\s+before)\s*(?:the\s+)?$", re.I)


def _zh_numeral(s: str) -> int:
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" not in s:
        return digits.get(s, 0)
    a, _, b = s.partition("十")
    return (digits[a] if a else 1) * 10 + (digits[b] if b else 0)


def _npc_year(term: int, session: int) -> int | None:
    start = _NPC_START.get(term) or (1983 + 5 * (term - 6) if term >= 6 else None)
    return start + session - 1 if start else None


def _en_date(s: str) -> tuple[dt.date, str] | None:
    m = _MDY.fullmatch(s.strip())
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))), "day"
        except ValueError:
            return None
    found = [d for d in find_dates(s) if d.kind == "point"]
    return (found[0].date, found[0].precision) if found else None


def _header_rules(t: str, today: dt.date) -> tuple[dt.date, str] | None:
    """Statements that date a document wherever they stand (act dates, session, short title, NPC session)."""
    head = t[:3000]
    m = _ZH_HEAD_DATE.search(head)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d <= today:
                return d, "day"
        except ValueError:
            pass
    # (the word boundary before the verb is tested here: a pattern led by \b loses the first-character scan)
    acts = [x for x in (_en_date(a.group("d")) for a in _ACT_DATE.finditer(t)
                        if not (a.start() and (t[a.start() - 1].isalnum() or t[a.start() - 1] == "_")))
            if x and x[0] <= today]
    if acts:  # the latest act (introduced → passed → approved) dates the text as it stands
        return max(acts)
    s = _SESSION.search(t[:1500])
    if s and int(s.group(1) or s.group(2) or s.group(3)) <= today.year:
        return dt.date(int(s.group(1) or s.group(2) or s.group(3)), 1, 1), "year"
    c = _CITED_AS.search(t[:20000])
    if c:
        name = c.group(1).strip().rstrip(".,")
        y = _OWN_YEAR_EN.search(name)
        if y and int(y.group(1)) <= today.year:
            return dt.date(int(y.group(1)), 1, 1), "year"
        fy = _FOR_FY.search(name)
        if fy and int(fy.group(1)) - 1 <= today.year:  # an Act for fiscal year N is written in the year before
            return dt.date(int(fy.group(1)) - 1, 1, 1), "year"
    n = _NPC.search(head)
    if n:
        y = _npc_year(_zh_numeral(n.group(1)), _zh_numeral(n.group(2)) if n.group(2) else 1)
        if y and y <= today.year:
            return dt.date(y, 1, 1), "year"
    return None


# More statements of a text's own date, in the conventions of their kinds: a header's act date in capitals
# ("INTRODUCED MAY 22, 2023"); Oregon's "section 1 of this 2024 Act"; the unquoted UK short title ("This Act may
# be cited as the Artificial Intelligence (Regulation) Act 2024"); the Council of Europe's "Vilnius, 5.IX.2024".
_MON_UPPER = "JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
_ACT_DATE_UPPER = re.compile(rf"(?:INTRODUCED|APPROVED|PASSED|ADOPTED|ENACTED|SIGNED|FILED)\s+(?:ON\s+)?"
                             rf"(?P<d>(?:{_MON_UPPER})\s+\d{{1,2}},\s*(?:19|20)\d{{2}})")
_THIS_YEAR_ACT = re.compile(r"this\s+((?:19|20)\d{2})\s+Act\b")
_CITED_AS_UK = re.compile(r"may\s+be\s+cited\s+as\s+the\s+[A-Z][^\n.“”\"]{3,150}?\s(?:Act|Bill)\s+((?:19|20)\d{2})\b")
_ROMAN_MONTH = {r: i + 1 for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])}
_ROMAN_DATE = re.compile(r"(?<![\w.])(\d{1,2})\.([IVX]{1,4})\.((?:19|20)\d{2})\b")


def _own_year_rules(t: str, today: dt.date) -> tuple[dt.date, str] | None:
    """Statements of the text's own date that ``_header_rules`` does not read (see the patterns above)."""
    up = _ACT_DATE_UPPER.search(t[:3000])
    if up:
        x = _en_date(up.group("d").title())
        if x and x[0] <= today:
            return x
    for pat in (_THIS_YEAR_ACT, _CITED_AS_UK):
        m = pat.search(t)
        if m and int(m.group(1)) <= today.year:
            return dt.date(int(m.group(1)), 1, 1), "year"
    r = _ROMAN_DATE.search(t[:1500])
    if r and r.group(2) in _ROMAN_MONTH:
        try:
            d = dt.date(int(r.group(3)), _ROMAN_MONTH[r.group(2)], int(r.group(1)))
        except ValueError:
            return None
        return (d, "day") if d <= today else None
    return None


# Last resort, for a text that states no date of its own: the earliest deadline or effective date it sets ("Not
# later than October 1, 2021, the Secretary shall …", "This Act shall take effect July 1, 2024") — an Act sets its
# first deadlines within months of its passage, so their year is a better answer than none.
_DEADLINE_CUE = re.compile(r"(?:not\s+later\s+than|no\s+later\s+than|on\s+or\s+before|take\s+effect(?:\s+on)?|"
                           r"effective\s+(?:beginning|on|as\s+of)|by)\s*$", re.I)


# A state budget funds a fiscal year that spans two calendar years and is enacted before it begins, in its first
# year: "for the 2023-2024 fiscal year" (North Carolina), "$9,800,000.00 for 2024-2025" (Michigan).
_STATE_FY = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\s+fiscal\s+year|"
                       r"\$[\d,.]+\s+for\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", re.I)


def _state_fiscal_year(t: str, today: dt.date) -> int | None:
    """The first year of the earliest state fiscal year ("2023-2024") the text funds (see ``_STATE_FY``)."""
    years = [int(m.group(1) or m.group(3)) for m in _STATE_FY.finditer(t)
             if int(m.group(2) or m.group(4)) == int(m.group(1) or m.group(3)) + 1]
    return min(years) if years and min(years) <= today.year else None


def _deadline_year(t: str, today: dt.date) -> int | None:
    """The year of the earliest deadline or effective date the text sets (see ``_DEADLINE_CUE``)."""
    years = [d.date.year for d in find_dates(t) if d.precision in ("day", "month") and d.kind in ("point", "target")
             and d.date.year <= today.year + 1 and _DEADLINE_CUE.search(t, max(0, d.start - 30), d.start)]
    return min(years) if years else None


def _report_year(t: str) -> int | None:
    """An annual report's year from its section headings: the plan for year N, or the review of year N − 1."""
    p = _ZH_PLAN.search(t)
    if p:
        return int(p.group(1) or p.group(2))
    r = _ZH_REVIEW.search(t)
    if r:
        return int(r.group(1) or r.group(2)) + 1
    return None


# A document is no older than the dated documents it cites: "Executive Order 14110 of October 30, 2023", "OMB's
# Memorandum M-24-10 of March 28, 2024", "Regulation (EU) 2016/679 of 27 April 2016".
_CITED_DOC_DATE = re.compile(rf"of\s+(?P<d>{_EN_DATE})")  # (the literal first: a scan led by the kind words was slow)
_CITED_DOC_KIND = re.compile(r"(?:Order|Memorandum|Directive|Proclamation|Regulation|Decision|Determination|Notice|"
                             r"Guidance)[^.\n;]{0,40}?\s+$")


def _cited_floor(t: str, today: dt.date) -> dt.date | None:
    """The latest date of a document the text cites by its date (a lower bound for the text's own date)."""
    found = []
    for m in _CITED_DOC_DATE.finditer(t):
        if m.start() and t[m.start() - 1].isalnum() or not _CITED_DOC_KIND.search(t, max(0, m.start() - 60), m.start()):
            continue
        x = _en_date(m.group("d"))
        if x and x[0] <= today:
            found.append(x[0])
    return max(found) if found else None


def _bill_year(t: str, today: dt.date) -> int | None:
    """A bill's year from its authorisations of appropriations (the earliest fiscal year it funds), else from
    the latest annual Act it names (… for Fiscal Year N, … Appropriations Act, N)."""
    if "iscal" not in t and "ISCAL" not in t:
        return None
    auth = [int(m.group(1)) for m in _AUTH_FY.finditer(t) if _AUTH_FY_BEFORE.search(t[max(0, m.start() - 25):m.start()])
            and _MONEY_CUE.search(t[max(0, m.start() - 120):m.start()] + t[m.end():m.end() + 40])]
    if auth and min(auth) <= today.year + 1:
        return min(auth)
    acts = [int(m.group(1) or m.group(2)) for m in _ANNUAL_ACT.finditer(t) if _ENACTED_CITE.match(t, m.end())
            and (m.group(1) or t.endswith("Appropriations ", 0, m.start()))]
    if acts and max(acts) <= today.year + 1:
        return max(acts)
    return None


def _stated_years(t: str, today: dt.date) -> list[int]:
    """Years of the dates a text states, without targets, periods, cited laws' years and deadlines."""
    out = []
    for d in find_dates(t):
        if d.kind not in ("point", "fiscal") or d.date > today:
            continue
        before = t[max(0, d.start - 40):d.start]
        if d.text.startswith("of ") or d.text.startswith(("in ", "In ")):
            before = before + d.text.split()[0] + " "
        if _CITATION_BEFORE.search(before) or _DEADLINE_BEFORE.search(before):
            continue
        out.append(d.date.year)
    return out


# a newsletter's issue line: "**Issue 27, Friday 17 January 2025**", "No. 63 · 4 April 2025", "2021年第17期 … 2021年9月10日"
_ISSUE_MARK = re.compile(r"\b(?:Issue|No\.|Vol\.|Edition|Week\s+ending)\s*\d{0,4}|第\s*\d{1,4}\s*期", re.I)


def _issue_line_date(head: str, today: dt.date) -> tuple[dt.date, str] | None:
    """The date on a newsletter's issue line among its first lines: it dates the issue, not the bill an article
    says was "Introduced on 2 February 2023" (an act date anywhere in the text dated a 2025 digest 2023)."""
    for line in head.split("\n")[:8]:
        if len(line) <= 200 and _ISSUE_MARK.search(line):
            got = [d for d in find_dates(line) if d.kind == "point" and d.precision == "day" and d.date <= today]
            if got:
                return got[0].date, "day"
    return None


def _bill_congress(head: str) -> re.Match[str] | None:
    """A bill header's Congress ("118th CONGRESS 1st Session"), not one a digest's prose names ("… in the 118th
    Congress", which dated a 2025 digest 2023)."""
    for c in _CONGRESS.finditer(head):
        if c.group(2) or "CONGRESS" in c.group() or head[max(0, c.start() - 4):c.start()].lower() != "the ":
            return c
    return None


def document_date(text: str, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """Date of a document, by the first rule that applies:

    1. its number's year (国发〔2017〕12号); 2. the U.S. Congress and session of a bill header;
    3. a statement that dates it — an act with its date ("Approved March 15, 2023", "Introduced … (03/09/2023)"),
       a Chinese report's header (——2019年3月5日在…会议上), a legislature's session
       ("2024 Regular Session"), the short title's year ("may be cited as the … Act of 2023"; "… for Fiscal Year
       2024" → 2023), the National People's Congress session it is given to;
    4. a day or month date in the first lines; 5. an annual report's plan (2016年工作总体部署 → 2016) or review
       heading (2015年工作回顾 → 2016); 6. a date in the last lines (signature);
    7. the latest year stated at least twice (else once), leaving out targets, periods, deadlines ("not later
       than …") and the years of other laws cited ("the Defense Production Act of 1950")."""
    today = today or dt.date.today()
    t = to_simplified(to_halfwidth(text))
    m = _DOC_NO.search(t[:2000])
    if m:
        return dt.date(int(m.group(1)), 1, 1), "year"
    issue = _issue_line_date(t[:600], today)
    if issue:
        return issue
    c = _bill_congress(t[:3000])
    if c:  # the N-th U.S. Congress sat from 1789 + 2(N-1); its 2nd session a year later
        year = 1789 + 2 * (int(c.group(1)) - 1) + (1 if c.group(2) and c.group(2)[0] == "2" else 0)
        if year <= today.year:
            return dt.date(year, 1, 1), "year"
    got = _header_rules(t[:200_000], today) or _own_year_rules(t[:200_000], today)
    if got:
        return got
    guess, prec = _guess_date(t, today)
    floor = _cited_floor(t[:200_000], today) if "of" in t else None
    if floor and (guess is None or guess < floor):
        return floor, "day"
    if guess is None:
        y = _state_fiscal_year(t[:200_000], today) or _deadline_year(t[:200_000], today)
        return (dt.date(y, 1, 1), "year") if y else (None, None)
    return guess, prec


def _guess_date(t: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """Rules 4–7 of ``document_date`` (what the text states when it does not say its own date)."""
    head = [d for d in find_dates(t[:1500]) if d.kind == "point" and d.precision in ("day", "month") and d.date <= today
            and not _DEADLINE_BEFORE.search(t[max(0, d.start - 40):d.start])]
    if head:
        return head[0].date, head[0].precision
    ry = _report_year(t[:200_000])
    if ry and ry <= today.year:
        return dt.date(ry, 1, 1), "year"
    fy = _bill_year(t[:200_000], today)
    if fy:
        return dt.date(fy, 1, 1), "year"
    end = t[-300:]
    pts = [d for d in find_dates(end) if d.kind == "point" and d.date <= today]
    if pts:
        return pts[-1].date, pts[-1].precision
    stated = _stated_years(t[:200_000], today)
    if not stated:
        return None, None
    years = Counter(stated)
    repeated = [y for y, n in years.items() if n >= 2]
    latest = max(repeated or years)
    return dt.date(latest, 1, 1), "year"


def document_jurisdiction(text: str) -> str | None:
    """The jurisdiction named most often (names and agencies), else None."""
    counts = Counter(m.code for m in gazetteer().find(to_simplified(to_halfwidth(text[:200_000]))) if m.kind != "short")
    return counts.most_common(1)[0][0] if counts else None


def document_profile(text: str) -> DocumentProfile:
    title = document_title(text)
    date, prec = document_date(text)
    typ = classify_type(title or "", to_halfwidth(text[:3000]))
    return DocumentProfile(title, date, prec, document_jurisdiction(text), typ)
