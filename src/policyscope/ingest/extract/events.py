"""Assemble policy events from a document: one event per named instrument (title) or per unnamed budget /
cooperation statement, with jurisdiction (subject of the sentence → section heading → paragraph → document
default), date, issuer, type, domains, amounts in US$ and evidence. Repeated mentions of the same instrument
in one document become one event with several evidences."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from policyscope.ingest.extract.agents import COOP_CUE, issuer_for, partners_for
from policyscope.ingest.extract.amounts import AmountMention, find_amounts, header_currency_amounts, to_amount
from policyscope.ingest.extract.classify import classify_domains, classify_type
from policyscope.ingest.extract.context_names import (
    context_names,
    copies_original_script,
    numbered_names,
    original_names,
)
from policyscope.ingest.extract.dates import DateMention, find_dates, same_year_dates
from policyscope.ingest.extract.dedupe import title_key
from policyscope.ingest.extract.gazetteer import Mention, gazetteer
from policyscope.ingest.extract.name_tagger import tagged_titles
from policyscope.ingest.extract.titles import TitleMention, find_titles, is_generic_title, short_forms
from policyscope.ingest.text.headings import detect_headings, section_paths
from policyscope.ingest.text.lang import cjk_ratio
from policyscope.ingest.text.normalize import normalize
from policyscope.ingest.text.sentences import LineIndex, Sentence, split_sentences
from policyscope.ingest.text.tables import TableRow, tabulate
from policyscope.model import Evidence, PolicyEvent, registry

FUNDING_CUE = re.compile(
    r"投资|投入|预算|拨款|拨发|资金|资助|基金|支出|耗资|经费|授权|融资|市值|增至|增加到|提供|合同|价值|"
    r"免除|减免|补贴|补助|奖励|贷款|税|学费|"
    r"invest|fund|budget|appropriat|allocat|provid|spend|grant|financ|receiv|outlay|earmark|commit|pledg|worth", re.I)
# the same cue, matched case-sensitively on the lower-cased document once (re.I on every sentence was a hot spot)
FUNDING_CUE_LOWER = re.compile(
    r"投资|投入|预算|拨款|拨发|资金|资助|基金|支出|耗资|经费|授权|融资|市值|增至|增加到|提供|合同|价值|"
    r"免除|减免|补贴|补助|奖励|贷款|税|学费|"
    r"invest|fund|budget|appropriat|allocat|provid|spend|grant|financ|receiv|outlay|earmark|commit|pledg|worth")
# more words that make an amount a named programme's own (not enough alone to make an unnamed budget line an event):
# "costs about NOK 195 million a year", "backed by C$554 million", 每年获得…支持, 奖金30万捷克克朗
OWN_AMOUNT_CUE_LOWER = re.compile(r"奖金|获得|支持|每年|年度|成本|费用|cost|back(?:ed|ing)|putting|a year|per year|annual|yearly")
_PARTNER_MARK = set("与和同跟及、")


class _Cues:
    """A cue searched in the lower-cased document between two offsets (only sentences with an event ask)."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text = pattern, text

    def any(self, s: int, e: int) -> bool:
        """A cue lies wholly inside [s, e)."""
        return self.pattern.search(self.text, s, e) is not None


_RELEASE = re.compile(r"发布|出台|签署|推出|通过|提出|公布|颁布|印发|制定|批准|实施|启动|released|issued|signed|adopted|enacted|published")
# An unnamed cooperation event needs an act of cooperation, not a statistic about co-publications.
STRONG_COOP = re.compile(
    r"签署|签订|协议|协定|备忘录|联合声明|伙伴关系|联盟|达成|合作(?:协议|宣言|框架|计划|项目|声明)|"
    r"(?:加大|强化|加强|推进|深化|开展|展开|推动)[^，。]{0,20}合作|共同(?:发布|成立|建立|创建|推进)|联合(?:成立|开发|研发|创建|开展|发布)|"
    r"agreement|partnership|memorandum|MoU|alliance|joint statement|signed", re.I)
# Totals and shares of spending are statistics (indicators), not budget decisions.
_SPEND_STATS = re.compile(r"(?:研发投入|研发支出|研发经费|科研经费|经费)总额|企业研发投入|研发投入为|占全球|占.{0,8}比重|"
                          r"total (?:R&D )?(?:spending|expenditure)", re.I)
# a statistic or an estimate, not a budget: "…经费支出30870亿元，比上年增长10.4%", "a report puts the investment the
# EU needs at €750–800 billion a year"
_SENTENCE_STATS = re.compile(r"比上年(?:增长|下降|减少)|同比(?:增长|下降|减少)|与国内生产总值之比|统计公报|year[- ]on[- ]year|"
                             r"share of GDP|\bneeds?\b|\bestimat\w+|investment gap|\breport\b[^.;]{0,80}\bputs\b", re.I)
# "（1 日元约合 0.06 元人民币）": an exchange-rate note, not an amount of the event
_FX_NOTE = re.compile(r"[（(]\s*1\s*[^\d（）()]{1,6}(?:约合|折合|约等于|合|≈|=)[^（）()]{1,20}[）)]")
_STATS = re.compile(r"比例|占比|占全球|数量|程度|合作网络|排名|%|％|论文|专利")
_LIST_ITEM_MONEY = re.compile(r"[-*•·]\s+[^—–\n]{3,200}\s[—–]\s")
_MASTHEAD_LINE = re.compile(r"^[^.;。；\n]{3,100}\s(?:—|–|-|\|)\s*(?:[\w#./]+,?\s+){0,5}\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d{2}\s*$|"
                            r"^[^.;。；\n]{3,100}\s(?:—|–|-|\|)\s*[A-Z][a-z]+\s+\d{1,2},?\s+(?:19|20)\d{2}\s*$", re.M)
_REFERENCE_LINE = re.compile(r"^\s*(?:\[\d+\]|［\d+］|\d+\.\s+[^\s]+\s*[,.，]\s*\S+.*\[[JMRDZ]\])")
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,})\s*\d*\s*$")
_REF_HEAD = re.compile(r"^\s*#*\s*(?:参考文献|References|Bibliography|注释)\s*$", re.M)
_REF_WORD = re.compile(r"参考文献|References|Bibliography|注释")


def _ref_head(text: str) -> int | None:
    """Where ``_REF_HEAD`` first matches: found from the heading words (a pattern led by ^ in multi-line
    mode is tried at every position), then checked on their line."""
    for w in _REF_WORD.finditer(text):
        ls = text.rfind("\n", 0, w.start()) + 1
        le = text.find("\n", w.end())
        le = len(text) if le < 0 else le
        if text[w.end():le].strip() or not re.fullmatch(r"\s*#*\s*", text[ls:w.start()]):
            continue
        # the match may start on an earlier blank line (\s* crosses line ends): the earliest line start from
        # which only whitespace (then #…) leads to the word
        p = ls
        while p > 0:
            q = text.rfind("\n", 0, p - 1) + 1
            if text[q:p].strip():
                break
            p = q
        return p if _REF_HEAD.match(text, p) else ls
    return None
_ANAPHOR = re.compile(
    r"^\s*(?:据[^，。；]{1,40}[，,]\s*)?(?:该|此|这一|上述)?(?:战略|计划|规划|法案|方案|政策|倡议|项目|举措|措施|文件|报告|"
    r"白皮书|基金|《[^》]{1,40}》)(?:提出|指出|规定|明确|要求|将|拟|预计|表示|显示|计划|每年|年均|共|总|获得|耗资)|^\s*(?:The|This|That|These|Its)\s+(?:strategy|plan|programme|"
    r"program|act|bill|law|initiative|mission|policy|package|fund|regulation|measure|framework|budget|scheme|project|"
    r"call|prize|award|grant|network|centre|center|institute|agency)\b|^\s*(?:It|They)\s+(?:gets|receives|received|is|was|"
    r"has|had|costs|cost|carries|carried|makes|made|provides|provided|offers|offered|puts|put)\b", re.I)
_MAX_CLAUSE = 60
_QUOTE_SUFFIX = re.compile(r"[”\"]((?:计划|项目|工程|倡议|战略|行动|联盟|基金|法案|规划|框架|议程|协议|组织))")
_CONTINUES = re.compile(r"^(?:其中|此外|同时|同日|当日|该|这|It |This |These )")


@dataclass
class _Candidate:
    key: tuple[str, str]
    event: PolicyEvent
    evidences: list[Evidence] = field(default_factory=list)
    date_quality: int = 0


def _jur_kind(code: str) -> str:
    j = registry().by_code.get(code)
    return j.kind if j else "unknown"


class _Doc:
    """Per-document state: texts, line index, headings and their jurisdictions, default jurisdiction."""

    def __init__(self, text: str, doc_date: dt.date | None, default: str | None, lang: str | None,
                 document_id: str | None) -> None:
        self.nt = normalize(text)
        # table rows become tab-separated cells (same offsets); each row knows its columns' roles
        self.text, rows = tabulate(self.nt.match)
        self.rows = {r.start: r for r in rows}
        # offsets are shared, so lower-casing must keep the length: İ (U+0130, the only such character) → i̇
        self.lower = (self.text.replace("\u0130", "I") if "\u0130" in self.text else self.text).lower()
        self.orig = self.nt.original
        self.lines = LineIndex(self.text)
        self.doc_date = doc_date
        self.document_id = document_id
        sample = self.text[:5000]
        self.lang = lang or ("zh" if cjk_ratio(sample) >= 0.2 else "en")
        self.gz = gazetteer()
        self._sections: tuple[list[int], list[str | None]] | None = None  # built when first asked for
        self._m_starts: list[int] | None = None
        ref = _ref_head(self.text)
        self.ref_start = ref if ref is not None and ref > len(self.text) * 0.5 else len(self.text) + 1
        self.mentions = self.gz.find(self.text)
        lead = len(self.text) - len(self.text.lstrip())
        nl = self.text.find("\n", lead)
        self.first_line_end = nl if nl >= 0 else len(self.text)
        self.default = default or self._guess_default()

    def _guess_default(self) -> str:
        sample = self.text[:300_000]
        counts = Counter(m.code for m in self.mentions if m.kind != "short")
        if self.lang == "zh" and ("我国" in sample or "我们" in sample or not counts):
            return "CHN"
        if counts:
            return counts.most_common(1)[0][0]
        return "INT"

    def _build_sections(self) -> tuple[list[int], list[str | None]]:
        """Start offsets of the sections and the jurisdiction each heading path names (innermost first)."""
        starts: list[int] = []
        jurs: list[str | None] = []
        seen: dict[str, str | None] = {}
        for start, path in section_paths(detect_headings(self.text)):
            starts.append(start)
            jur = None
            for h in reversed(path):
                if h.text not in seen:
                    codes = {m.code for m in self._line_mentions(h.start)}
                    seen[h.text] = codes.pop() if len(codes) == 1 else None
                if seen[h.text] is not None:
                    jur = seen[h.text]
                    break
            jurs.append(jur)
        return starts, jurs

    def _line_mentions(self, start: int) -> list[Mention]:
        """The document's mentions on the line that starts at ``start`` (found once on the whole text)."""
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        if self._m_starts is None:
            self._m_starts = [m.start for m in self.mentions]
        i, j = bisect.bisect_left(self._m_starts, start), bisect.bisect_left(self._m_starts, end)
        return [m for m in self.mentions[i:j] if m.end <= end]

    def section_jurisdiction(self, offset: int) -> str | None:
        if self._sections is None:
            self._sections = self._build_sections()
        starts, jurs = self._sections
        i = bisect.bisect_right(starts, offset) - 1
        return jurs[i] if i >= 0 else None


# (precompiled: an inline pattern goes through re's cache, which the extractor's many patterns evict)
_LAB_END = re.compile(r"(?:实验室|研究院|研究所|中心|Lab|Center|Centre)$")
_CLAUSE_PUNCT = re.compile(r"[，,；;。]")
_PARTNER_END = re.compile(r"[与和同跟及、]\s*$")
_COMMA = re.compile(r"[，,]")
_TURN = re.compile(r"[。]|[，,]\s*(?:而|但|同时|此外)")
_SERIES = re.compile(r"\s*[》”]?\s*(?:三个|等)?系列")


_EN_PARTNER_BEFORE = re.compile(r"\b(?:and|with|to|from|between|by|for|in)\s+(?:the\s+)?$")
_EN_VERB_GAP = re.compile(r"\s+[a-z]{3,12}(?:ed|s)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?")  # " created the "


def _owner_right_before(sent: str, near: Mention, ts: int) -> bool:
    """English: the jurisdiction that owns or acts on the thing in the same stretch ("…, and Pretoria's National
    Energy Efficiency Strategy", "five years after London created the Centre …"), not a partner ("with India")."""
    if near.kind != "name" or _HAN.search(sent):
        return False
    gap = sent[near.end:ts]
    if near.text.endswith(("'s", "’s")) and not gap.strip():
        return not sent[max(0, near.start - 10):near.start].endswith(("with ", "with the "))  # ", and Pretoria's …"
    return bool(_EN_VERB_GAP.fullmatch(gap)) and not _EN_PARTNER_BEFORE.search(sent, max(0, near.start - 16), near.start)


def _subject(sent: str, span: tuple[int, int], mentions: list[Mention], title_spans: list[tuple[int, int]],
             table_row: bool) -> str | None:
    """Jurisdiction of the thing at ``span`` in the sentence: named in it, else the nearest subject before it."""
    ts, te = span
    inside = [m for m in mentions if ts <= m.start < te and m.kind != "short"]
    if inside:
        # 腾讯成立美国西雅图AI实验室: the company abroad acts for its home jurisdiction
        comp = [m for m in mentions if m.kind == "company" and m.end <= ts and ts - m.end <= 8]
        if comp and inside[0].kind == "name" and _LAB_END.search(sent[ts:te]):
            return comp[-1].code
        return inside[0].code
    others = [m for m in mentions if not any(a <= m.start < b for a, b in title_spans)]
    before = [m for m in others if m.end <= ts]
    # the topic of the clause (after the last ；) comes first in Chinese: 美国…召集澳大利亚等 12 国建立…联盟
    cut = max(sent.rfind("；", 0, ts), sent.rfind(";", 0, ts))
    clause = [m for m in before if m.start > cut and m.kind != "short"
              and (m.start == 0 or sent[m.start - 1] not in _PARTNER_MARK)]
    near = before[-1] if before else None
    if (near is not None and near.kind == "name" and _RELEASE.search(sent[near.end:ts])
            and not _CLAUSE_PUNCT.search(sent[near.end:ts])
            and not _PARTNER_END.search(sent[max(0, near.start - 12):near.start])
            and len(before) >= 2 and _COMMA.search(sent[before[-2].end:near.start])):
        return near.code  # …，欧盟发布《…》: the actor right before the verb
    if near is not None and _owner_right_before(sent, near, ts):
        return near.code
    if clause and clause[0].code != (before[-1].code if before else None):
        first = clause[0]
        between = sent[first.end:ts]
        if not _TURN.search(between):
            return first.code
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        prev = sent[m.start - 1] if m.start > 0 else ""
        if prev in _PARTNER_MARK and i > 0 and m.kind != "short":
            continue  # 美国和英国政府签署… → the subject is 美国
        if m.kind == "short":
            # a 简称 run (美日签署…) is led by its first member
            j = i
            while j > 0 and before[j - 1].kind == "short" and before[j - 1].end >= before[j].start - 1:
                j -= 1
            return before[j].code
        return m.code
    after = [m for m in others if m.start >= te]
    if table_row and after:
        return after[0].code
    if after and after[0].kind == "name" and (_OWNER_BRACKET.match(sent[te:after[0].start]) or (
            _OWNER_APPOSED.match(sent[te:after[0].start]) and (
            sent.startswith(("’s", "'s"), after[0].end) or sent[te:after[0].start].endswith(("of ", "of the "))))):
        return after[0].code  # "Health Research Programmes (Research Council of Norway)", "X, Norway's award"
    return None


def _apposed_day(dates: list[DateMention], d: DateMention) -> DateMention:
    """"signed AB 2013 last month, on 28 September": the day in apposition says which day of the relative month."""
    if d.kind != "relative" or d.precision == "day":
        return d
    return next((x for x in dates if x.start > d.end and x.start - d.end <= 6 and x.precision == "day"), d)


_RIGHT_AFTER = re.compile(r"\s*,?\s*(?:[a-z]{3,12}ed\s+)?(?:(?:in|on|of|dated|from)\s+)?")  # (", passed on …")


def _date_for(dates: list[DateMention], span: tuple[int, int], title_text: str, doc_date: dt.date | None,
              table_row: bool, sent: str, mentions: list[Mention], subject: str,
              all_spans: list[tuple[int, int]]) -> tuple[dt.date | None, str | None, int]:
    """The date of the thing at ``span``: the nearest date before it in the sentence, unless another
    jurisdiction's clause starts in between (…；欧盟自1984年…；中国主要发布《…》); point dates beat fiscal years;
    a title's own year beats a 'since' date; series (《…》系列) have no single date."""
    ts, te = span
    if _SERIES.match(sent[te:te + 8]):
        return None, None, 0
    usable = [d for d in dates if not any(a <= d.start < b for a, b in all_spans)
              and d.kind in ("point", "relative", "since", "fiscal")]
    before = [d for d in usable if d.end <= ts]
    points = [d for d in before if d.kind != "fiscal"] or before
    own = _title_year(title_text, doc_date)
    if not _HAN.search(sent):  # "… by Directive 2009/29/EC in 2009": the date right after the name is its own
        imm = next((d for d in usable if te <= d.start <= te + 24 and d.kind in ("point", "relative")
                    and _RIGHT_AFTER.fullmatch(sent, te, d.start)), None)
        if imm is not None:
            imm = _apposed_day(usable, imm)
            return imm.date, imm.precision, _DATE_QUALITY[imm.kind]
        # "the Fiji … Strategy 2018-2050, adopted in 2018, and Malawi's … Act": a date right after another name is
        # that name's, not the next one's
        # (only when the name has a date of its own after it: "…, the same year Nairobi launched the X" keeps 2018)
        if any(d.start >= te for d in usable):
            points = [d for d in points if not any(b <= d.start and d.start - b <= 15 and (a, b) != span
                                                   for a, b in all_spans)]
    if points:
        d = points[-1]
        blocked = any(d.end <= m.start < ts and m.code != subject and sent[max(0, m.start - 1):m.start] not in _PARTNER_MARK
                      and not any(ch in sent[m.end:ts] for ch in "与和同")
                      for m in mentions) and any(ch in sent[d.end:ts] for ch in "；;。")
        if not blocked and not (d.kind == "since" and own):
            return d.date, d.precision, _DATE_QUALITY[d.kind]
    later = _date_after(usable, te, sent, table_row, own is not None)
    if later is not None:
        return later.date, later.precision, _DATE_QUALITY[later.kind]
    if own:
        return dt.date(own, 1, 1), "year", 1
    return None, None, 0


# The EU's Council as the actor ("The Council adopted the AI Act"; not "the State Council", "Italy's National
# Council"), or an act numbered as the EU's ("Regulation (EU) 2024/1689", "Directive 2009/28/EC").
_EU_COUNCIL = re.compile(r"(?:^|[.;:]\s*|\b[Tt]he\s+)Council(?:\s+of\s+the\s+(?:EU|European\s+Union))?"
                         r"(?:\s+(?:has|have|formally|finally|also))*\s+(?:adopted|approved|agreed\s+on|endorsed|gave)\b")
# "the Fuel Quality Directives (Directives 2009/30/EC and …)": the EU's acts, numbered in brackets after the name
_EU_ACTS_AFTER = re.compile(r"\s*\((?:Council\s+|Commission\s+)?(?:Directives?|Regulations?|Decisions?)\s+[^()]{0,40}?"
                            r"\d/(?:EC|EU|EEC)\b")
_EU_NUMBERED = re.compile(r"\((?:EU|EC|EEC|Euratom)\)|\d/(?:EU|EC|EEC)\b")


def _eu_actor(sent: str, span: tuple[int, int]) -> bool:
    """Whether an event no jurisdiction is named for is the EU's: its actor is "the Council" right before it,
    or its title is an EU act by number."""
    ts, te = span
    if _EU_NUMBERED.search(sent, ts, te) or _EU_ACTS_AFTER.match(sent, te):
        return True
    return "Council" in sent[max(0, ts - 80):ts] and _EU_COUNCIL.search(sent[max(0, ts - 80):ts]) is not None


def _date_after_en(usable: list[DateMention], te: int, sent: str, own: bool) -> DateMention | None:
    """English: the next date of the clause after the name, else a period in apposition or a start year."""
    bracket = _BRACKET_AFTER.match(sent, te)  # "Act 2017 (No. 36 of 2017), dated 14 October 2017": the number's year
    after = [d for d in usable if d.start >= te and not re.search(r"[;:]", sent[te:d.start])
             and not (bracket and d.start < bracket.end())]
    point = next((d for d in after if d.kind != "since"), None)
    if point is not None:
        point = _apposed_day(after, point)
    if point is None and not own and (rng := _RANGE_APPOSED.match(sent, te)):
        # "Panorama, its 2021–2027 strategy": the period's first year dates the thing
        return DateMention(rng.start("y"), rng.end("y"), dt.date(int(rng.group("y")), 1, 1), "year", "since",
                           rng.group("y"))
    return point if point is not None or own else _start_year_after(after, te)


_ACT_BEFORE = re.compile(r"(?:成立|设立|创建|组建|获批|批准|颁布|公布|发布|印发|始|启动|实施)于\s*$")
_KIND_NOUN_ZH = re.compile(r"(?:措施|计划|项目|政策|举措|行动)(?=[自从于])")


def _zh_act_date(usable: list[DateMention], te: int, sent: str) -> DateMention | None:
    """The act dated right after a Chinese name: 《…》，2020年2月6日印发 / …新区是国务院2015年4月8日批复设立的 /
    …学会（CAAI）成立于1981年 / …试验区，获批于2016年8月5日."""
    for d in usable:
        if 0 <= d.start - te <= 25 and not _CLAUSE_STOP.search(sent, te, d.start) and (
                _ACT_AFTER.match(sent, d.end) or _ACT_BEFORE.search(sent, max(te, d.start - 4), d.start)):
            return d
    return None


def _date_after(usable: list[DateMention], te: int, sent: str, table_row: bool, own: bool) -> DateMention | None:
    """A date after the thing: a table row's next date; in English the next date of the clause ("… adopted its
    position on the AI Act in December 2022"), else a start year ("…, in place since 1991"); in Chinese only a
    start year right after the name (西部大开发战略自2000年…实施). A title's own year beats a start year."""
    if table_row:
        return next((d for d in usable if d.start >= te), None)
    if not _HAN.search(sent):
        return _date_after_en(usable, te, sent, own)
    te0 = te
    if sent[te:te + 1] in ("》", "”", "\""):
        te += 1  # the span ends inside the book-title marks
    gloss = _GLOSS_AFTER.match(sent, te)  # 特別研究員事業（特别研究员事业）始于1985年: past the name's gloss
    te = gloss.end() if gloss and not _YEAR_IN.search(gloss.group()) else te  # (not （豫政办，2014年6月24日印发）)
    kind = _KIND_NOUN_ZH.match(sent, te)  # “…”（Regulation on …）措施自2000年起实施
    te = kind.end() if kind else te
    act = _zh_act_date(usable, te, sent)
    if act is not None and (own is False or act.precision != "year"):
        return act
    if own:
        return None
    started = _start_year_after(usable, te, 2)
    if started is None:  # …领导小组2012年由国务院设立: a year right after the name, then the act that set it up
        started = next((d for d in usable if 0 <= d.start - te <= 2 and _SET_UP_ZH.match(sent, d.end)), None)
    if started is None and _ZH_ANAPHOR_AFTER.match(sent, te):  # …计划：该计划由科学技术部负责，始于1998年
        started = next((d for d in usable if d.start >= te and not _CLAUSE_STOP.search(sent, te, d.start)), None)
    if started is None and (nb := _NUMBER_BRACKET.match(sent, te0)):
        started = next((d for d in usable if nb.end() <= d.start < sent.find("）", nb.end()) and d.kind == "point"), None)
    return started


def _start_year_after(dates: list[DateMention], te: int, gap: int = 110) -> DateMention | None:
    """A start year stated after the thing it starts ("the … Program, in place since 1991", "…战略自2000年"):
    the first 'since' date at most ``gap`` characters after it."""
    return next((d for d in dates if d.kind == "since" and 0 <= d.start - te <= gap), None)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_BRACKET_AFTER = re.compile(r"\s*\((?:No|Nr|no|n[º°o])\.?\s*[^()]{1,60}\)")  # the act's number in brackets
_DATE_ALONE = re.compile(r"[\s\-*•·▲●◆■]*[：:。.]?\s*")
_ZH_ANAPHOR_AFTER = re.compile(r"\s*[：:，,]\s*(?:(?:该|此|这一)(?:计划|项目|战略|规划|基金|工程|倡议|中心|机构|平台|机制|举措)|由)")
# …新区获国务院批准设立（国函〔2015〕141号，2015年9月7日）: the number and date in brackets after the name
_NUMBER_BRACKET = re.compile(r"[^（。；]{0,12}（[^（）]{0,12}〔(?:19|20)\d{2}〕\d{1,4}号[，,]")
_OWNER_BRACKET = re.compile(r"\s*[(（][^()（）;；]{0,60}$")  # the name's owner in brackets right after it
_OWNER_APPOSED = re.compile(r",\s+[^,;.()]{0,60}$")  # "…, Norway's international award", "…, the Academy … of X"
_BUDGET_WORD = re.compile(r"预算|拨款|budget", re.I)
_LATIN_IN_BRACKET = re.compile(r"[^（）\u4e00-\u9fff]*")


def _in_latin_gloss(st: str, s: int, e: int) -> bool:
    """Whether ``st[s:e]`` lies inside a bracketed Latin gloss that follows Chinese: 信贷担保计划（Credit …）."""
    opens = st.rfind("（", 0, s)
    if opens < 1 or not (_HAN.match(st, opens - 1) or st[opens - 1] == "”"):
        return False
    closes = st.find("）", e)
    return (closes >= 0 and _LATIN_IN_BRACKET.fullmatch(st, opens + 1, s) is not None
            and "（" not in st[e:closes])
_RANGE_APPOSED = re.compile(r",\s+(?:its|a|an|the|their)\s+(?P<y>(?:19|20)\d{2})\s*[-–—]\s*(?:19|20)?\d{2}\s+[a-z]")
_YEAR_IN = re.compile(r"(?:19|20)\d{2}\s*年")
_GLOSS_AFTER = re.compile(r"[（(][^（）()\n]{1,200}[）)]")
_ACT_AFTER = re.compile(r"[^，。；]{0,15}?(?:公布|印发|发布|批复|设立|成立|施行|通过|批准|出台|签署|获批|发文|出炉|生效|上线|启用|开通|挂牌)")
_CLAUSE_STOP = re.compile(r"[。；;《]")
_SET_UP_ZH = re.compile(r"[^，。；]{0,12}?(?:设立|成立|组建|启动|实施|推出|发布|印发|通过|开始|起)")
# (not a code glued to letters: BIOTEK2021, a programme that ran to 2021)
_OWN_YEAR = re.compile(r"(?<![A-Za-z\d.\-—–/])((?:19|20)\d{2})(?![\d\-—–/])(?!\s*年?\s*(?:前|以前|远景|目标|版|年版|[—–\-]))")


def _title_year(title: str, doc_date: dt.date | None) -> int | None:
    """A title's own year (《2021 年美国创新与竞争法案》, 《人工智能战略 2019》), not a period or a target,
    and not after the document date."""
    years = _OWN_YEAR.findall(title)
    if len(years) != 1:
        return None
    y = int(years[0])
    return y if doc_date is None or y <= doc_date.year else None


_DATE_QUALITY = {"point": 3, "relative": 3, "fiscal": 2, "since": 1}


_EN_AFTER = re.compile(r"[》”\"]?\s*[（(]([A-Za-z][A-Za-z0-9 ,.'’&:\-–]{1,150})[）)]")


def _english_name(sent: str, end: int) -> str | None:
    """《全面与进步跨太平洋伙伴关系协定》（CPTPP） → the English name or acronym given right after a title."""
    m = _EN_AFTER.match(sent, end)
    return m.group(1).strip() if m else None


_SEMI = re.compile(r"[；;]")


def _semicolon_clauses(sent: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SEMI.finditer(sent):
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, len(sent)))
    return out


def _clause(sent: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between the nearest ，；, before and after (bounded)."""
    s = max(sent.rfind(c, 0, pos) for c in "，,；;：:")
    s = s + 1 if s >= 0 else 0
    ends = [i for i in (sent.find(c, pos) for c in "，,；;。") if i >= 0]
    e = min(ends) if ends else len(sent)
    if e - s > _MAX_CLAUSE:
        s = max(s, pos - _MAX_CLAUSE // 2)
        e = min(e, s + _MAX_CLAUSE)
        # never inside a word ("gical cooperation … the Gov"): widen to the word's edges
        while s > 0 and sent[s - 1].isalnum() and sent[s].isalnum() and sent[s].isascii():
            s -= 1
        while e < len(sent) and sent[e - 1].isalnum() and sent[e].isalnum() and sent[e].isascii():
            e += 1
    return s, e


def _amounts_for(amounts: list[AmountMention], span: tuple[int, int], spans: list[tuple[int, int]]) -> list[AmountMention]:
    """Amounts that belong to the title at ``span``: those whose nearest title (preferring titles before
    the amount) is this one."""
    out = []
    for a in amounts:
        before = [s for s in spans if s[1] <= a.start]
        owner = before[-1] if before else min(spans, key=lambda s: abs(s[0] - a.end))
        if owner == span:
            out.append(a)
    return out


def _shift(x: Any, s: int) -> Any:
    """A copy of a frozen mention (a dataclass with fields start, end, …) moved by ``-s``: its attributes copied
    into a new instance (``dataclasses.replace`` is 3x slower, the generated ``__init__`` 2.5x)."""
    y = object.__new__(type(x))
    y.__dict__.update(x.__dict__, start=x.start - s, end=x.end - s)
    return y


def _slice(items: list, starts: list[int], s: int, e: int) -> list:
    """Items (with .start/.end) that start inside [s, e), shifted to sentence offsets."""
    i, j = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
    return [_shift(x, s) for x in items[i:j] if x.end <= e]


def extract_document(text: str, *, doc_date: dt.date | None = None, default_jurisdiction: str | None = None,
                     document_id: str | None = None, lang: str | None = None) -> list[PolicyEvent]:
    """The events of one document, in the order their first mention appears."""
    doc = _Doc(text, doc_date, default_jurisdiction, lang, document_id)
    return _Extraction(doc, document_id).run()


@dataclass
class _Hits:
    """One recogniser's hits over the whole document, sorted by start: each sentence takes its slice (one
    pass per recogniser over the document is much faster than one per sentence)."""

    items: list[Any]
    starts: list[int]

    @classmethod
    def of(cls, items: list[Any]) -> _Hits:
        return cls(items, [x.start for x in items])

    def any_in(self, s: int, e: int) -> bool:
        return bisect.bisect_left(self.starts, s) < bisect.bisect_left(self.starts, e)

    def slice(self, s: int, e: int) -> list[Any]:
        return _slice(self.items, self.starts, s, e)


@dataclass
class _Sentence:
    """A sentence that states something, with what was found in it (offsets relative to the sentence)."""

    sent: Sentence
    row: TableRow | None
    mentions: list[Mention]
    amounts: list[AmountMention]
    dates: list[DateMention]
    items: list[tuple[tuple[int, int], str, str, float]]  # (span, title or clause, kind, score)

    @property
    def st(self) -> str:
        return self.sent.text

    @property
    def table_row(self) -> bool:
        return "\t" in self.sent.text

    @property
    def title_spans(self) -> list[tuple[int, int]]:
        return [it[0] for it in self.items if it[2] not in ("budget", "coop")]


_SOURCE_LINE = re.compile(r"\s*(?:资料|资料来源|来源|数据来源|Source|Sources)\s*[:：][^。.《》“”]{0,40}$")


def _skipped(st: str) -> bool:
    """Too short, a line of a table of contents, a bibliography entry, or a source line (资料：OECD STIP Compass)."""
    return len(st) < 4 or bool(("...." in st or "……" in st) and _TOC_LINE.search(st)) or bool(
        _REFERENCE_LINE.match(st)) or bool(_SOURCE_LINE.match(st))


class _Extraction:
    """One pass over a document's sentences. Besides the events found so far (merged by jurisdiction and
    title), it keeps what the paragraph is about: the jurisdiction it talks of (``carry``), its last named
    instrument, and the dates that frame the sentences after them."""

    def __init__(self, doc: _Doc, document_id: str | None) -> None:
        self.doc, self.document_id = doc, document_id
        text = doc.text
        self.mentions = _Hits.of(doc.mentions)
        titles = find_titles(text)
        # a short form the text defines (以下简称《办法》, hereinafter "the Regulation") is the full title again;
        # a kind word alone (《通知》, "Council Directive") or a slogan (十四五) names nothing
        self.aliases = short_forms(text, titles)
        self.titles = _Hits.of(_resolve_titles(titles, self.aliases))
        # an amount never runs across two table cells ("March 2018 | EUR 1.5 billion")
        cells_apart = text.replace("\t", "|") if doc.rows else text
        found_amounts = find_amounts(cells_apart, doc.lower.replace("\t", "|") if doc.rows else doc.lower)
        if doc.rows:
            found_amounts = sorted(found_amounts + header_currency_amounts(text, list(doc.rows.values()), found_amounts),
                                   key=lambda a: a.start)
        self.amounts = _Hits.of(found_amounts)
        self.dates = _Hits.of(self._outside_titles(same_year_dates(text, find_dates(text, doc.doc_date))))
        self.funding = _Cues(FUNDING_CUE_LOWER, doc.lower)
        self.own_cue = _Cues(OWN_AMOUNT_CUE_LOWER, doc.lower)
        # names a Chinese text writes in Japanese or traditional characters (研究開発税制)
        self.copied = doc.lang == "zh" and copies_original_script(doc.orig)
        self.cands: dict[tuple[str, str], _Candidate] = {}
        self.order: list[tuple[str, str]] = []
        self.carry: str | None = None
        self.last_named: tuple[str, str] | None = None  # the last named instrument in the paragraph
        self.last_date: DateMention | None = None
        self.cur_last: DateMention | None = None
        self.topic_date: DateMention | None = None  # "2017年，…" opening a paragraph frames the sentences after it
        self.prev_end = 0
        self.only: list[int] = []  # where anything was found (``run``)

    def _outside_titles(self, dates: list[DateMention]) -> list[DateMention]:
        """A year inside a title (《2021年美国创新与竞争法案》, 2025版) is part of its name, not a date."""
        if not self.titles.items:
            return dates
        t_starts, t_ends = self.titles.starts, [t.end for t in self.titles.items]

        def in_title(pos: int) -> bool:
            i = bisect.bisect_right(t_starts, pos) - 1
            return i >= 0 and pos < t_ends[i]
        return [d for d in dates if not in_title(d.start)]

    def run(self) -> list[PolicyEvent]:
        text = self.doc.text
        # paragraphs worth splitting: those with a mention, a title, an amount, a date or a table row (cell titles)
        tabs = [m.start() for m in re.finditer("\t", text)] if "\t" in text else []
        only = self.only = sorted({*self.mentions.starts, *self.titles.starts, *self.amounts.starts,
                                    *self.dates.starts, *tabs})
        for sent in split_sentences(text, self.doc.lines, only=only):
            if not self._enter(sent):
                break
            self._sentence(sent)
        return self._events()

    def _enter(self, sent: Sentence) -> bool:
        """Update the paragraph's state for a new sentence; False once the references begin."""
        if self.cur_last is not None:
            self.last_date = self.cur_last
        gap = self.doc.text[self.prev_end:sent.start]
        new_para = "\n\n" in gap or "\n \n" in gap
        if new_para:
            self.carry = None
            self.last_named = None
        self.prev_end = sent.end
        if sent.start >= self.doc.ref_start:
            return False
        if new_para:
            self.last_date = self.topic_date = None
        self._track_dates(sent.start, sent.end)
        return True

    def _track_dates(self, s0: int, e0: int) -> None:
        """The sentence's last point date, and a date opening the paragraph; on absolute offsets (no shifted
        copies for the many sentences without an event)."""
        text = self.doc.text
        di, dj = bisect.bisect_left(self.dates.starts, s0), bisect.bisect_left(self.dates.starts, e0)
        self.cur_last = None
        if di < dj:
            sd = [d for d in self.dates.items[di:dj] if d.end <= e0]
            self.cur_last = next((d for d in reversed(sd) if d.kind in ("point", "relative")), None)
            if sd and sd[0].start - s0 <= 1 and sd[0].kind == "point" and sd[0].end < e0 and text[sd[0].end] in "，,":
                self.topic_date = sd[0]  # (offsets unused: carried dates are placed at 0)
            elif len(sd) == 1 and sd[0].kind == "point" and _DATE_ALONE.fullmatch(text, s0, sd[0].start) and (
                    _DATE_ALONE.fullmatch(text, sd[0].end, e0)):
                self.topic_date = sd[0]  # a line that is only a date ("- 2014年11月27日", "- 同日") heads the next

    def _sentence(self, sent: Sentence) -> None:
        s0, e0, st = sent.start, sent.end, sent.text
        if bisect.bisect_left(self.only, s0) == bisect.bisect_left(self.only, e0):
            return  # (the test below, in one look-up: no mention, title, amount, date or tab in the sentence)
        table_row = "\t" in st
        dated = self.dates.any_in(s0, e0)
        if not (table_row or dated or self.titles.any_in(s0, e0) or self.mentions.any_in(s0, e0)
                or self.amounts.any_in(s0, e0)):
            return  # nothing to extract and no subject to carry: the common case in long legal texts
        if _skipped(st) or (s0 < self.doc.first_line_end and _MASTHEAD_LINE.match(st)):
            return  # (a digest's masthead, "The Monday Memo: … — 20 October 2025", states no event)
        row = self.doc.rows.get(self.doc.text.rfind("\n", 0, s0) + 1) if table_row and self.doc.rows else None
        if row is not None and row.header:
            return  # the header names the columns; it states no event
        titles = self._titles_in(sent, row)
        mentions = self.mentions.slice(s0, e0)
        amounts = self._amounts_in(sent)
        if not table_row and (mentions or amounts or dated):
            titles = self._with_tagged(st, self.doc.orig[s0:e0], titles, mentions, s0, dated or bool(amounts),
                                       self.copied)
        if not titles and not amounts and not (len({m.code for m in mentions}) >= 2 and COOP_CUE.search(st)):
            subj = _subject(st, (len(st), len(st)), mentions, [], False) if mentions else None
            self.carry = subj or self.carry
            return
        items: list[tuple[tuple[int, int], str, str, float]] = [((t.start, t.end), t.text, t.kind, t.score)
                                                                  for t in titles]
        items += self._clause_items(sent, titles, amounts, mentions)
        found = _Sentence(sent, row, mentions, amounts, self._dates_in(sent), items)
        for span, ttext, kind, score in items:
            self._item(found, span, ttext, kind, score)

    @staticmethod
    def _with_tagged(st: str, orig: str, titles: list[TitleMention], mentions: list[Mention], s0: int,
                     dated: bool, copied: bool) -> list[TitleMention]:
        """The rules' titles and, outside them, numbered laws, the names the Chinese tagger finds where the rules
        found none (``name_tagger``), English title-case names and glossed Chinese names (``context_names``)."""
        taken = [(t.start, t.end) for t in titles]
        spans = [(m.start - s0, m.end - s0) for m in mentions]
        more = numbered_names(st, taken)
        if more:  # a title inside a numbered act's full name is part of it
            titles = [t for t in titles if not any(n.start <= t.start and t.end <= n.end and n.end - n.start > t.end - t.start
                                                  for n in more)]
            taken = [(t.start, t.end) for t in titles]
        # 信贷担保计划（Credit Guarantee Programme）: a Latin name in brackets after Chinese glosses the Chinese one,
        # which the gloss rule reads with it; kept only if no Chinese name is found before it
        glosses = [t for t in titles if _in_latin_gloss(st, t.start, t.end)] if "（" in st else []
        if glosses:
            titles = [t for t in titles if t not in glosses]
            taken = [(t.start, t.end) for t in titles]
        if not titles and dated:  # the tagger reads sentences with a date or an amount (speed)
            more += [t for t in tagged_titles(st, spans) if not any(a < t.end and t.start < b for a, b in taken)]
        more += context_names(st, spans, taken + [(t.start, t.end) for t in more])
        for g in glosses:
            opens = st.rfind("（", 0, g.start)
            if not any(t.start <= g.start and g.end <= t.end or 0 <= opens - t.end <= 1 for t in titles + more):
                titles.append(g)
        if copied:  # 研究開発税制: a name in its own script
            more += original_names(orig, st, taken + [(t.start, t.end) for t in more])
        return sorted(titles + more, key=lambda t: t.start) if more else titles

    def _titles_in(self, sent: Sentence, row: TableRow | None) -> list[TitleMention]:
        st, s0, e0 = sent.text, sent.start, sent.end
        table_row = "\t" in st
        titles = find_titles(st, table_row=True) if table_row else self.titles.slice(s0, e0)
        if row is not None:
            titles = _column_titles(row, [t for t in titles if "\t" not in st[t.start:t.end]], self.doc.text, s0, e0)
        if table_row:
            titles = _resolve_titles(titles, self.aliases)
        return titles

    def _amounts_in(self, sent: Sentence) -> list[AmountMention]:
        amounts: list[AmountMention] = self.amounts.slice(sent.start, sent.end)
        if amounts and "1" in sent.text:
            notes = [(m.start(), m.end()) for m in _FX_NOTE.finditer(sent.text)]
            amounts = [a for a in amounts if not any(x <= a.start < y for x, y in notes)]
        return amounts

    def _dates_in(self, sent: Sentence) -> list[DateMention]:
        dates: list[DateMention] = self.dates.slice(sent.start, sent.end)
        if not dates and self.last_date is not None and _CONTINUES.match(sent.text):
            # 2020年6月，美国国会提出三个两党法案。其中，在《军队人工智能法案》中… → the date carries over
            dates = [replace(self.last_date, start=0, end=0)]
        elif not dates and self.topic_date is not None:
            dates = [replace(self.topic_date, start=0, end=0)]
        return dates

    def _clause_items(self, sent: Sentence, titles: list[TitleMention], amounts: list[AmountMention],
                      mentions: list[Mention]) -> list[tuple[tuple[int, int], str, str, float]]:
        """Unnamed budget lines and agreements, per ；-clause that names no instrument."""
        st, s0 = sent.text, sent.start
        items: list[tuple[tuple[int, int], str, str, float]] = []
        for ks, ke in _semicolon_clauses(st):
            if any(ks <= t.start < ke for t in titles):
                continue
            part = st[ks:ke]
            funded = [a for a in amounts if ks <= a.start < ke] if self.funding.any(s0 + ks, s0 + ke) or (
                self.last_named in self.cands and _ANAPHOR.match(st) and self.own_cue.any(s0 + ks, s0 + ke)) else []
            if funded:
                cs, ce = _clause(st, funded[0].start)
                if _SPEND_STATS.search(st[cs:ce]) or _SENTENCE_STATS.search(st):
                    funded = []
            cm = [m for m in mentions if ks <= m.start < ke]
            if funded:
                cs, ce = _clause(st, funded[0].start)
                items.append(((funded[0].start, funded[0].end), st[cs:ce].strip(), "budget", 0.4))
            elif len({m.code for m in cm}) >= 2 and STRONG_COOP.search(part) and not _STATS.search(part):
                cs, ce = _clause(st, cm[0].start)
                items.append(((cm[0].end, cm[0].end), st[cs:ce].strip(), "coop", 0.35))
        return items

    def _item(self, f: _Sentence, span: tuple[int, int], ttext: str, kind: str, score: float) -> None:
        """The event of one title (or unnamed budget / agreement clause) of a sentence, merged into the
        document's events."""
        doc, st, sent = self.doc, f.st, f.sent
        named = kind not in ("budget", "coop")
        subj, how = self._jurisdiction(f, span)
        date, prec, dq = self._date(f, span, ttext, subj)
        # a table row's money cell is its event's, whatever the column is called ("Per year", "Budget")
        # (a list item's money after its dash is its programme's: "- X (Owner) — about NOK 343 million")
        own_amounts = _amounts_for(f.amounts, span, [it[0] for it in f.items]) if f.amounts and (
            self.funding.any(sent.start, sent.end) or f.row is not None or ((named or _ANAPHOR.match(st)) and (
                self.own_cue.any(sent.start, sent.end) or _LIST_ITEM_MONEY.match(st)))) else []
        year = date.year if date else (doc.doc_date.year if doc.doc_date else None)
        orig_title = self._original_title(f, span, ttext, kind)
        is_zh = _HAN.search(orig_title) is not None
        etype, own_amounts = _event_type(f, span, ttext, kind, subj, own_amounts)
        partners = _partners(f, span, subj) if etype == "cooperation" or kind == "coop" else []
        conf = score + (0.05 if date else 0) + (0.05 if how == "sentence" else 0)
        o0 = sent.start
        ev = PolicyEvent(
            jurisdiction=subj, partners=partners, date=date, date_precision=prec, title=orig_title,
            title_zh=orig_title if is_zh else None,
            title_en=(_english_name(st, span[1]) if named else None) if is_zh else orig_title,
            issuer=issuer_for(st, span[0], span[1], table_row=f.table_row),
            type=etype, domains=classify_domains(ttext, st),
            amounts=[to_amount(a, year, doc.orig[o0 + a.start:o0 + a.end]) for a in own_amounts],
            confidence=round(min(conf, 0.99), 3), origin="extracted", review_state="auto",
        )
        evid = Evidence(document_id=self.document_id, line=sent.line, char_start=sent.start, char_end=sent.end,
                        quote=doc.orig[sent.start:sent.end])
        key = (subj, title_key(ttext) if named else f"{kind}:{sent.start}:{span[0]}")
        if self._add(key, ev, evid, dq, kind, st) and how == "sentence" and kind not in ("coop",):
            self.carry = subj

    def _jurisdiction(self, f: _Sentence, span: tuple[int, int]) -> tuple[str, str | None]:
        """Whose event: the sentence's subject, the row's country column, the paragraph's, the section
        heading's, then the document's default; and how that was found."""
        s0, e0 = f.sent.start, f.sent.end
        subj = _subject(f.st, span, f.mentions, [s for s in f.title_spans if s != span], f.table_row)
        how = "sentence" if subj else None
        col = _column_value(f.row, "jurisdiction", self.doc.text, s0, e0) if f.row is not None else None
        if col:
            r = registry().resolve(col)
            if r.code:
                subj, how = r.code, "sentence"  # the row's country column says whose it is
        if subj is None and _eu_actor(f.st, span):
            subj, how = "EU", "sentence"
        if subj is None and self.carry:
            subj, how = self.carry, "paragraph"
        if subj is None:
            subj = self.doc.section_jurisdiction(s0)
            how = "section" if subj else None
        if subj is None:
            subj, how = self.doc.default, "default"
        return subj, how

    def _date(self, f: _Sentence, span: tuple[int, int], ttext: str,
              subj: str) -> tuple[dt.date | None, str | None, int]:
        """(date, precision, quality) of the event; a table row's date column wins."""
        doc = self.doc
        date, prec, dq = _date_for(f.dates, span, ttext, doc.doc_date, f.table_row, f.st, f.mentions, subj,
                                   f.title_spans)
        if f.row is not None:
            cd = _column_value(f.row, "date", doc.text, f.sent.start, f.sent.end)
            found_d = [d for d in find_dates(cd, doc.doc_date) if d.kind in ("point", "relative")] if cd else []
            if found_d:
                date, prec, dq = found_d[0].date, found_d[0].precision, 3
            elif (y := _year_cell(f.row, doc.text, f.sent.start, f.sent.end, doc.doc_date)) is not None:
                date, prec, dq = dt.date(y, 1, 1), "year", 2
        return date, prec, dq

    def _original_title(self, f: _Sentence, span: tuple[int, int], ttext: str, kind: str) -> str:
        """The title as the document writes it (before normalisation); a clause's text for unnamed events."""
        if kind in ("budget", "coop"):
            return ttext
        o0 = f.sent.start
        orig_title = self.doc.orig[o0 + span[0]:o0 + span[1]]
        if "\n" in orig_title:
            orig_title = re.sub(r"\s*\n\s*", "", orig_title)  # a title broken by a page break
        if f.st[span[0]:span[1]].strip() in self.aliases:
            orig_title = ttext  # a defined short form stands for the full title
        return orig_title

    def _add(self, key: tuple[str, str], ev: PolicyEvent, evid: Evidence, dq: int, kind: str, st: str) -> bool:
        """Merge the event into the document's events: False when it was an amount of the paragraph's
        named instrument (which then leaves the paragraph's subject as it was)."""
        if kind == "budget" and self.last_named in self.cands and (_ANAPHOR.match(st) or _ANAPHOR.match(ev.title)):
            # 战略提出，…投入约1000亿日元 / "The plan will receive …": the amount is the named instrument's
            _merge_into(self.cands[self.last_named], ev, evid, 0)
            return False
        if kind not in ("budget", "coop"):
            self.last_named = key
        if key in self.cands:
            _merge_into(self.cands[key], ev, evid, dq)
        else:
            self.cands[key] = _Candidate(key, ev, [evid], dq)
            self.order.append(key)
        return True

    def _events(self) -> list[PolicyEvent]:
        out = []
        for k in self.order:
            c = self.cands[k]
            c.event.evidence = c.evidences
            c.event.id = c.event.stable_id()
            out.append(c.event)
        return out


def _event_type(f: _Sentence, span: tuple[int, int], ttext: str, kind: str, subj: str,
                own_amounts: list[AmountMention]) -> tuple[str, list[AmountMention]]:
    """The event type, and the amounts that are the event's own (none for an assessment report)."""
    st = f.st
    # “地平线2020”计划: classify with the policy word that follows the quote
    after = _QUOTE_SUFFIX.match(st, span[1]) if kind == "quoted" else None
    ctext = ttext + after.group(1) if after and not ttext.endswith(after.group(1)) else ttext
    etype = classify_type(ctext, st, kind=kind, has_amount=bool(own_amounts))
    # a company that sets up a lab or buys a firm abroad is a corporate investment
    if etype in ("institution", "funding_budget") and any(
            m.kind == "company" and m.end <= span[0] + 1 for m in f.mentions) and not any(
            m.kind == "name" and m.end <= span[0] and m.code == subj and
            st[max(0, m.start - 1):m.start] not in _PARTNER_MARK for m in f.mentions[:1]):
        etype = "corporate_investment"
    if etype == "assessment_report" and not _BUDGET_WORD.search(st):
        own_amounts = []  # figures quoted from a report are indicators, not the report's budget (unless 每年预算 …)
    if kind == "coop":
        etype = "cooperation"
    elif kind == "budget" and etype not in ("funding_budget", "institution", "cooperation", "corporate_investment"):
        etype = "funding_budget"
    return etype, own_amounts


def _partners(f: _Sentence, span: tuple[int, int], subj: str) -> list[str]:
    """The partners of an agreement, from its ；-clause (not from the next clause)."""
    st = f.st
    cl_s = max(st.rfind("；", 0, span[0]), st.rfind(";", 0, span[0])) + 1
    nxt = [i for i in (st.find("；", span[1]), st.find(";", span[1])) if i >= 0]
    cl_e = min(nxt) if nxt else len(st)
    exclude = [s for s in f.title_spans if s != span]
    return partners_for(st[cl_s:cl_e], subj, [m for m in f.mentions if cl_s <= m.start < cl_e], exclude)


def _resolve_titles(titles: list[TitleMention], aliases: dict[str, tuple[str, int]]) -> list[TitleMention]:
    out = []
    for t in titles:
        full = aliases.get(t.text.strip())
        if full is not None:
            out.append(replace(t, text=full[0]))
        elif not is_generic_title(t.text):
            out.append(t)
    return out


_SUBJECT_GOES_ON = re.compile(r"\s+(?:on|for|of|concerning|[a-z]{3,}ing)\s+\S")
# a cell's apposition after its name: "Innova per l'Italia, the COVID-19 technology call"
_CELL_GLOSS = re.compile(r",\s+(?:the|a|an|its)\s+")


def _column_titles(row: TableRow, titles: list[TitleMention], text: str, s0: int, e0: int) -> list[TitleMention]:
    """A row's cell under a title column is a title even without a policy word ("IndiaAI Mission"); names the
    rules found only inside it, after its start ("Law 12.144/2009, and Decree … establishing the National Fund
    …", 技术投资路线图…（Technology Investment Roadmap: …）), are parts of the cell's name."""
    out = list(titles)
    for cs, ce, role in row.cells:
        if role != "title" or not (s0 <= cs < ce <= e0):
            continue
        a, b = cs - s0, ce - s0
        inner = [t for t in out if t.start < b and a < t.end]
        goes_on = len(inner) == 1 and inner[0].start - a <= 3 and _SUBJECT_GOES_ON.match(text, s0 + inner[0].end)
        if inner and not goes_on and not all(t.start - a > 3 and t.end <= b for t in inner):
            continue  # ("Regulation (EU) 2019/631 setting CO2 emission …": the cell is the name, subject and all)
        cell = text[cs:ce].strip()
        cut = _CELL_GLOSS.search(cell)
        if cut and cut.start() >= 4:
            cell, b = cell[:cut.start()], a + cut.start()
        if 2 <= len(cell) <= 200:
            out = [t for t in out if t not in inner]
            out.append(TitleMention(a, b, cell, "cell", 0.75))
    return sorted(out, key=lambda t: t.start)


def _column_value(row: TableRow, role: str, text: str, s0: int, e0: int) -> str | None:
    for cs, ce, r in row.cells:
        if r == role and s0 <= cs < ce <= e0 and text[cs:ce].strip():
            return text[cs:ce].strip()
    return None


# a year, a period's first year ("2009–2016", "2017—2020年") or a start ("since 2008", 始于2005年, 2005年起)
_YEAR_CELL = re.compile(r"\s*(?:since\s+|from\s+|自|始于)?((?:19|20)\d{2})\s*年?\s*(?:(?:[-–—~至到]|to)\s*"
                        r"(?:(?:19|20)\d{2}|\d{2})\s*年?)?\s*(?:起|以来|onwards)?\s*", re.I)


def _year_cell(row: TableRow, text: str, s0: int, e0: int, doc_date: dt.date | None) -> int | None:
    """A row's year given as a bare number (a "Date" or "Start" column holding 1978): the first cell that is only
    a year, not after the document's date."""
    for cs, ce, _role in row.cells:
        m = _YEAR_CELL.fullmatch(text, cs, ce) if s0 <= cs < ce <= e0 else None
        if m and (doc_date is None or int(m.group(1)) <= doc_date.year):
            return int(m.group(1))
    return None


_PREC_RANK = {None: 0, "year": 1, "month": 2, "day": 3}


def _merge_into(c: _Candidate, ev: PolicyEvent, evid: Evidence, dq: int) -> None:
    """Repeated mention: keep the first event, add the evidence, take a better date (an event date beats a
    'since' date, then the more precise one) and new amounts."""
    e = c.event
    if all(x.line != evid.line for x in c.evidences):
        c.evidences.append(evid)
    if ev.date and (dq, _PREC_RANK[ev.date_precision]) > (c.date_quality, _PREC_RANK[e.date_precision]):
        e.date, e.date_precision, c.date_quality = ev.date, ev.date_precision, dq
    have = {(a.currency, a.value_in_currency_units) for a in e.amounts}
    e.amounts += [a for a in ev.amounts if (a.currency, a.value_in_currency_units) not in have]
    e.domains = list(dict.fromkeys([*e.domains, *ev.domains]))[:6]
    e.partners = list(dict.fromkeys([*e.partners, *ev.partners]))
    e.issuer = e.issuer or ev.issuer
    e.confidence = round(min(0.99, max(e.confidence, ev.confidence) + 0.02), 3)
