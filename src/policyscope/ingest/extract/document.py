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


def document_date(text: str, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """Date of a document: its number's year (〔2017〕), else a signature date in the last lines, else the latest
    date stated in the text that is not a target or a period (reports look back and plan the current year)."""
    today = today or dt.date.today()
    t = to_halfwidth(text)
    m = _DOC_NO.search(t[:2000])
    if m:
        return dt.date(int(m.group(1)), 1, 1), "year"
    c = _CONGRESS.search(t[:3000])
    if c:  # the N-th U.S. Congress sat from 1789 + 2(N-1); its 2nd session a year later
        year = 1789 + 2 * (int(c.group(1)) - 1) + (1 if c.group(2) and c.group(2)[0] == "2" else 0)
        if year <= today.year:
            return dt.date(year, 1, 1), "year"
    head = [d for d in find_dates(t[:1500]) if d.kind == "point" and d.precision in ("day", "month") and d.date <= today]
    if head:
        return head[0].date, head[0].precision
    tail = find_dates(t[-300:])
    pts = [d for d in tail if d.kind == "point" and d.date <= today]
    if pts:
        return pts[-1].date, pts[-1].precision
    allds = [d for d in find_dates(t[:200_000]) if d.kind in ("point", "fiscal") and d.date <= today]
    if not allds:
        return None, None
    years = Counter(d.date.year for d in allds)
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
