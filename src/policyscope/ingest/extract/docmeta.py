"""The document as an event: its own title, type, issuer(s), number and the dates it carries, kept apart
(signed / 成文, published / 印发 or introduced, in force / 施行), read the way an analyst reads an official
document — from the masthead, the 文号, the title block, the law's adoption lines and the signature block.

Chinese: 发文机关标志 "…文件", 文号 (国发〔2017〕35号 with 〔〕[]()【】 variants; its prefix names the issuer
through ``data/issuers.csv``), the title ending in its kind word (通知/意见/办法/…), the signature block
"生态环境部\n2020年10月20日" (dates in Arabic or Chinese numerals: 二〇二五年十二月二十二日), "…印发" (the
printing office's date = published), "自2021年9月1日起施行" (in force), a law's lines "2021年6月10日第十三届
全国人民代表大会常务委员会第二十九次会议通过". Texts flattened onto one line (web scrapes) are read too.

English: "Executive Order 14110 of October 30, 2023" with "By the authority vested in me as President" (the
President) and "THE WHITE HOUSE, October 30, 2023"; EU acts "REGULATION (EU) 2016/679 OF THE EUROPEAN
PARLIAMENT AND OF THE COUNCIL of 27 April 2016 on …", "THE COUNCIL OF THE EUROPEAN UNION, Having regard to…",
"Done at Brussels, 12 June 2000", CELEX and OJ references; U.S. bills (H.R. 7533, "may be cited as the …",
"IN THE HOUSE OF REPRESENTATIVES March 5, 2024", "Approved …", Public Law 117-167); state bills; and
strategies whose cover names them.

Nothing here guesses from outside the text: a field the text does not state stays empty."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from policyscope.ingest.extract.dates import find_dates
from policyscope.ingest.text.normalize import to_simplified

# -- shared -------------------------------------------------------------------------------------------------

_ZH_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_ZN = r"[一二三四五六七八九十]{1,3}"
_ZH_DATE = re.compile(
    rf"(?<!\d)(?P<y>(?:19|20)\d{{2}}|[〇零○Ｏ一二三四五六七八九O]{{4}})\s*年\s*(?P<m>\d{{1,2}}|{_ZN})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|{_ZN})\s*[日号]")


# A newsletter's masthead: an issue line (2021年第5期, 第5期, 总第77期) near the top, and a date line of its own among
# the first lines ("2021年5月10日", "中国科学院… 编 | 2021年6月18日").
_ISSUE_LINE = re.compile(r"第\s*[0-9一二三四五六七八九十]{1,4}\s*期")
_MAST_DATE_LINE = re.compile(rf"^[^。，；\n]{{0,80}}?{_ZH_DATE.pattern}[\s|｜]*$", re.M)  # (the editor's name, spaces, the date)
# or one field of a masthead line "2021年第17期 | 发布日期：2021年9月10日 | 内部资料，注意保存": labelled, or between bars
_MAST_DATE_FIELD = re.compile(rf"(?:(?:发布|出版|印发|编印)日期\s*[:：]?\s*|[|｜]\s*|[\u3000\t]+|[ ]{{2,}}){_ZH_DATE.pattern}"
                              rf"\s*(?=[|｜\n\u3000\t]|[ ]{{2}}|$)")
# "2024年第6期（3月15日出版）": the issue's year, the day it came out
_MAST_ISSUE_DAY = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*第\s*\d{1,4}\s*期\s*[（(](?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
                             r"\s*(?:出版|发布|印发)?[）)]")


def _masthead_date(head: str) -> dt.date | None:
    """The date a newsletter (快报, 简报, 动态) prints under its name. Why: a short 快报 has no signature, so
    the signature rule took a date in an article ("…办公厅2015年4月21日印发…") as the document's own, and every
    partial or relative date in the issue (5月7日, 去年7月23日) took that wrong year."""
    lines = "\n".join(x for x in head.split("\n")[:8] if x.strip())
    if not _ISSUE_LINE.search(lines):
        return None
    m = _MAST_DATE_LINE.search(lines) or _MAST_DATE_FIELD.search(lines) or _MAST_ISSUE_DAY.search(lines)
    return _zh_date(m) if m else None


def _zh_int(s: str) -> int:
    """12, 十二, 二十二, 一九八〇 → int."""
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" not in s:
        v = 0
        for c in s:
            v = v * 10 + _ZH_DIGIT.get(c, 0)
        return v
    a, _, b = s.partition("十")
    return (_ZH_DIGIT.get(a, 0) if a else 1) * 10 + (_ZH_DIGIT.get(b, 0) if b else 0)


def _zh_date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(_zh_int(m.group("y")), _zh_int(m.group("m")), _zh_int(m.group("d")))
    except ValueError:
        return None


@dataclass
class DocumentMeta:
    """What a document says about itself. ``date`` is the best single date (signed, else published, else the
    year of its number, else the year the text states) for anchoring relative dates."""

    title: str | None = None
    short_title: str | None = None  # a second official short title ("… or the 'CREATE AI Act of 2023'")
    long_title: str | None = None  # a bill's official title after "A BILL": "To direct the Director of …"
    doc_type: str | None = None  # as written: 通知, 办法, Executive Order, Regulation …
    doc_type_en: str | None = None
    issuers: list[str] = field(default_factory=list)
    issuers_en: list[str] = field(default_factory=list)
    doc_number: str | None = None
    date_signed: dt.date | None = None
    date_published: dt.date | None = None
    date_in_force: dt.date | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    jurisdiction: str | None = None

    def as_meta(self) -> dict[str, str]:
        """Flat string fields for ``Document.meta`` (stored as JSON, exposed in the documents view)."""
        out = {"doc_title": self.title, "short_title": self.short_title, "long_title": self.long_title,
               "doc_type": self.doc_type, "doc_type_en": self.doc_type_en,
               "issuer": "；".join(self.issuers) if self.issuers else None,
               "issuer_en": "; ".join(self.issuers_en) if self.issuers_en else None,
               "doc_number": self.doc_number,
               "date_signed": self.date_signed.isoformat() if self.date_signed else None,
               "date_published": self.date_published.isoformat() if self.date_published else None,
               "date_in_force": self.date_in_force.isoformat() if self.date_in_force else None}
        return {k: v for k, v in out.items() if v}


# -- issuers ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Issuer:
    zh: str
    en: str
    jurisdiction: str


class _Issuers:
    """文号 prefixes and names of issuing bodies (``data/issuers.csv``)."""

    def __init__(self) -> None:
        text = resources.files("policyscope.ingest").joinpath("data", "issuers.csv").read_text(encoding="utf-8")
        self.prefix: dict[str, _Issuer] = {}
        self.name: dict[str, _Issuer] = {}
        for r in csv.DictReader(text.splitlines()):
            iss = _Issuer(r["zh"], r["en"], r["jurisdiction"])
            for p in filter(None, (r["prefixes"] or "").split("|")):
                self.prefix.setdefault(p, iss)
            for n in [r["zh"], *filter(None, (r["aliases_zh"] or "").split("|"))]:
                self.name.setdefault(n, iss)
        self._names = sorted(self.name, key=len, reverse=True)
        self.name_re = re.compile("|".join(re.escape(n) for n in self._names))

    def by_prefix(self, org: str) -> _Issuer | None:
        """Longest known prefix of a 文号's organ part (工信部科 → 工信部, 粤府办 → 粤府办)."""
        for n in range(len(org), 0, -1):
            hit = self.prefix.get(org[:n])
            if hit is not None:
                return hit
        return None


@lru_cache(maxsize=1)
def issuers() -> _Issuers:
    return _Issuers()


# An organ's name as it stands in a signature block.
_ORG_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|总局|管理局|监督管理局|部|局|署|厅|委|院|"
               r"银行|中心|协会|学会|联合会|常务委员会|法院|检察院)")
_ORG = re.compile(rf"[\u4e00-\u9fff]{{2,24}}?{_ORG_SUFFIX}")


def _known_run(s: str) -> list[str]:
    """The longest tail of ``s`` made only of known organ names ('…3.排污许可证格式生态环境部' → 生态环境部)."""
    iss = issuers()
    for k in range(max(0, len(s) - 80), len(s) - 1):
        pos, out = k, []
        while pos < len(s):
            m = iss.name_re.match(s, pos)
            if not m:
                break
            out.append(iss.name[m.group()].zh)
            pos = m.end()
        if pos == len(s) and out:
            return list(dict.fromkeys(out))
    return []


def _split_orgs(s: str) -> list[str]:
    """'生态环境部国家发展和改革委员会中国人民银行' → the known bodies in order; an unknown tail that ends like
    an organ (…省人民政府) is kept as written."""
    iss = issuers()
    out: list[str] = []
    pos = 0
    s = re.sub(r"[\s\u3000]+", "", s)
    while pos < len(s):
        m = iss.name_re.match(s, pos)
        if m:
            out.append(iss.name[m.group()].zh)
            pos = m.end()
            continue
        m2 = _ORG.match(s, pos)
        if m2 and len(m2.group()) <= 24:
            out.append(m2.group())
            pos = m2.end()
            continue
        return []  # not a run of organ names
    return list(dict.fromkeys(out))


# -- Chinese ------------------------------------------------------------------------------------------------

_DOCNO = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,24})\s*[〔\[【(（［]\s*(?P<y>(?:19|20)\d{2})\s*[〕\]】)）］]\s*(?P<n>\d{1,5})\s*号")
_DECREE_NO = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,30}?)令\s*[（(]?\s*第\s*(?P<n>\d{1,4}|[一二三四五六七八九十百零〇]{1,8})\s*号")
ZH_KINDS = ("实施细则|实施意见|指导意见|实施方案|行动方案|行动计划|工作方案|管理办法|暂行办法|实施办法|若干规定|暂行规定|"
            "决定书|复议决定书|通知|意见|办法|规定|条例|规则|细则|决定|决议|批复|复函|函|公告|通告|通报|纲要|规划|计划|方案|"
            "报告|指南|指引|标准|规范|目录|清单|名录|要点|法|令|答复|命令|公报|解释|说明|章程|制度|守则|准则|纪要")
_KIND_END = re.compile(rf"(?:{ZH_KINDS})$")
_KIND_AT = re.compile(ZH_KINDS)
ZH_KIND_EN = {
    "通知": "Notice", "意见": "Opinions", "指导意见": "Guiding Opinions", "实施意见": "Implementation Opinions",
    "办法": "Measures", "管理办法": "Measures", "暂行办法": "Interim Measures", "实施办法": "Implementing Measures",
    "规定": "Provisions", "若干规定": "Provisions", "暂行规定": "Interim Provisions", "条例": "Regulations",
    "规则": "Rules", "细则": "Detailed Rules", "实施细则": "Implementing Rules", "决定": "Decision", "决议": "Resolution",
    "批复": "Reply", "复函": "Reply Letter", "函": "Letter", "公告": "Announcement", "通告": "Circular",
    "通报": "Bulletin", "纲要": "Outline", "规划": "Plan", "计划": "Plan", "行动计划": "Action Plan", "方案": "Scheme",
    "实施方案": "Implementation Plan", "行动方案": "Action Plan", "工作方案": "Work Plan", "报告": "Report",
    "指南": "Guidelines", "指引": "Guidelines", "标准": "Standard", "规范": "Specification", "目录": "Catalogue",
    "清单": "List", "名录": "List", "要点": "Key Points", "法": "Law", "令": "Order", "命令": "Order", "答复": "Reply",
    "公报": "Communiqué", "解释": "Interpretation", "说明": "Explanation", "章程": "Charter", "制度": "Rules",
    "守则": "Code", "准则": "Code", "纪要": "Minutes", "决定书": "Decision", "复议决定书": "Review Decision",
}
# What follows a title in a flattened text: the addressee (…：) or the first words of the body.
_BODY_START = re.compile(
    r"(?:[（(][^）)\n]{1,16}[）)])?\s*(?:各|为|根据|按照|依据|经|现|近年来|近日|本|你|我|一、|第一[章条]|（一）|为了|党中央|"
    r"附件|申请人|中华人民共和国|有关|\d{4}年|[\u4e00-\u9fff、，（）()]{2,60}?[：:])")
_MASTHEAD = re.compile(r"^[\u4e00-\u9fff、\s]{2,200}?文件(?=\s*[\u4e00-\u9fff]{1,12}\s*[〔\[【(（［]\s*(?:19|20)\d{2})")
_HEAD_SKIP = re.compile(r"^(?:签发人|密级|紧急程度|特急|加急|平急|特提|机密|秘密|绝密|信息公开|索引号|主题分类|发文机关|成文日期|"
                        r"发布日期|标题|发文字号|主题词|#+\s*$|[-—=*]+$|第\s*\d+\s*号$|\d+$)")
_ZH_INFO_ACT = re.compile(r"(通过|公布|发布|批准|修正|修订|施行|印发|颁布|签署)")
_INFORCE = re.compile(r"自\s*(?P<d>[^，。；\n]{6,20}?)\s*起(?:施行|实施|生效|执行)|(?P<pub>自(?:公布|发布|印发)之日起(?:施行|实施|生效))")
_BOOK = re.compile(r"《([^《》\n]{2,120})》")
_ISSUER_IN_TITLE = re.compile(r"^(?P<o>[\u4e00-\u9fff、]{2,60}?)关于")


def _depth_ok(s: str, end: int) -> bool:
    """``end`` lies outside 《》, “” and （） in ``s``."""
    depth = 0
    for c in s[:end]:
        if c in "《“（(":
            depth += 1
        elif c in "》”）)":
            depth = max(0, depth - 1)
    return depth == 0


_STRICT_START = re.compile(
    r"(?:[（(][^）)\n]{1,16}[）)])?\s*(?:各|为|根据|按照|依据|经|现|近年来|近日|本|你|我|一、|第一[章条]|（一）|为了|党中央|"
    r"附件|申请人|中华人民共和国|有关|$)")
# a kind word that is part of a longer word or of an organ's name (司法部, 报告书, 规划院, 方案稿)
_KIND_CONT = set("部局院委厅署办会司处所书表稿期组室")


def _title_from_run(s: str, limit: int = 200) -> str | None:
    """The title at the start of a flattened run: ends at a kind word outside brackets, right before the
    body (…的公告为深入… / 办法（试行）《…》已于…) or, failing that, the last one before the addressee's colon
    (…的通知各省、自治区…：)."""
    colon = next((i for i, c in enumerate(s[:2500]) if c in "：:。" and _depth_ok(s, i)), None)
    stop = min(colon if colon is not None else len(s), limit)
    first_addressed = None
    for m in _KIND_AT.finditer(s, 0, stop):
        e = m.end()
        if e < 4 or not _depth_ok(s, e) or s[e:e + 1] in _KIND_CONT:
            continue
        paren = re.match(r"[（(][^）)\n]{1,16}[）)]", s[e:])
        end = e + paren.end() if paren else e
        if _STRICT_START.match(s, end) or s.startswith("《" + s[:min(end, 8)], end):
            return s[:end].strip()
        if first_addressed is None and colon is not None and s[colon] != "。" and _addressee(s[end:colon]):
            first_addressed = end
    if first_addressed is not None:
        return s[:first_addressed].strip()
    return None


_ADDR_END = re.compile(r"(?:司|局|厅|委|部|院|会|室|处|所|办|社|政府|团|公司|单位|校|站|中心|组|部门|机构|省|区|市|县|州|盟|代表|委员|"
                       r"同志|银行|分行|总部|集团|企业|大学|学院|研究所|研究院)$")


def _addressee(seg: str) -> bool:
    """``seg`` reads as a list of addressees (organs, units, regions) as it stands before the colon."""
    items = [re.sub(r"[（(][^）)]{0,20}[）)]", "", x).strip() for x in re.split(r"[、，,；;]", seg)]
    return bool(items) and all(x and len(x) <= 40 and "的" not in x and _ADDR_END.search(x) for x in items)


def _zh_lines(head: str) -> list[str]:
    return [ln.strip().strip("\u3000") for ln in head.split("\n") if ln.strip().strip("\u3000")]


def _zh_title(head: str, number: re.Match[str] | None) -> str | None:
    lines = _zh_lines(head[:4000])
    if not lines:
        return None
    first = re.match(r"^#+\s*(.+)$", lines[0])
    if first:
        return first.group(1).strip()
    dec = _DECREE_NO.search("".join(lines[:3])[:120])
    if dec and not re.search(r"关于", "".join(lines[:2])[:60]):
        b = _BOOK.search(head[:800])
        if b:
            return b.group(1)
    # skip the masthead, the number line and header fields
    start = 0
    if number is not None:
        at = head[:number.end()].count("\n")
        flat = lines[0] if len(lines[0]) > 150 else None
        if flat is None:
            start = sum(1 for ln in head[:number.end()].split("\n") if ln.strip().strip("\u3000"))
        else:
            rest = head[number.end():]
            return _title_from_run(rest.lstrip())
        del at
    while start < len(lines) and (_HEAD_SKIP.match(lines[start]) or _MASTHEAD.match(lines[start])
                                  or (lines[start].endswith("文件") and len(lines[start]) < 60)):
        start += 1
    if start >= len(lines):
        return None
    if len(lines[start]) > 150:  # flattened
        return _title_from_run(lines[start])
    acc = ""
    for ln in lines[start:start + 4]:
        if ln.endswith(("：", ":")) or _ZH_DATE.match(ln) or ln.startswith(("（", "(")) and acc:
            break
        acc += ln
        core = re.sub(r"[（(][^）)]{1,20}[）)]$", "", acc)
        if _KIND_END.search(core) and _depth_ok(acc, len(acc)):
            return acc
        if len(acc) > 120:
            break
    return lines[start] if 4 <= len(lines[start]) <= 80 else None


def _kind_of(title: str | None) -> str | None:
    if not title:
        return None
    core = re.sub(r"(?:[（(][^）)]{1,30}[）)]|\s)+$", "", title)
    m = _KIND_END.search(core)
    if m:
        return m.group()
    return None


def _zh_info(head: str) -> list[tuple[dt.date, str, str]]:
    """A law's adoption / promulgation lines before the body: (date, organ text, act word)."""
    out = []
    for ln in _zh_lines(head[:2500])[:14]:
        ln = ln.strip("（）() ")
        for part in re.split(r"[　\s]{2,}|　|(?=根据\s*(?:19|20)\d{2}\s*年)", ln):
            part = re.sub(r"^根据\s*", "", part)
            m = _ZH_DATE.match(part.strip("（）() "))
            if not m:
                continue
            d = _zh_date(m)
            rest = re.sub(r"《[^》]*》|<[^>]*>|〈[^〉]*〉", "", part.strip("（）() ")[m.end():])
            act = _ZH_INFO_ACT.search(rest[:80])
            if d and act and act.start() <= 70:
                out.append((d, rest[:act.start()].strip(), act.group()))
    return out


def _info_issuer(organ: str) -> _Issuer | str | None:
    iss = issuers()
    if "全国人民代表大会常务委员会" in organ:
        return iss.name["全国人民代表大会常务委员会"]
    if "全国人民代表大会" in organ:
        return iss.name["全国人民代表大会"]
    if "国务院" in organ and ("常务会议" in organ or "国务院令" in organ or organ.startswith(("国务院", "中华人民共和国国务院"))):
        return iss.name["国务院"]
    if organ.startswith("最高人民法院"):
        return iss.name["最高人民法院"]
    if organ.startswith("最高人民检察院"):
        return iss.name["最高人民检察院"]
    d = _DECREE_NO.search(organ)
    if d:
        o = re.sub(r"^中华人民共和国", "", d.group("org"))
        hit = iss.name.get(o) or iss.name.get(d.group("org"))
        return hit or o
    m = iss.name_re.search(organ)
    return iss.name[m.group()] if m else None


_SIG_AFTER = re.compile(r"\s*(?:[（(]此件|[（(]联系|抄送|附件|印发|主题词|字号|$|\n|[（(]?[^\S\n]*$)")
# the 版记 after a signature: "生态环境部办公厅2018年8月31日印发"
_PRINTED_AFTER = re.compile(r"\s*[\u4e00-\u9fff]{2,30}?(?:办公厅|办公室|秘书局|秘书处|部|局)\s*(?:19|20)\d{2}\s*年[^印]{2,8}印发")


def _signature(text: str) -> tuple[list[str], dt.date | None, dt.date | None]:
    """(issuers, signed, published) from the signature block: organ names then a date; the printing
    office's "…YYYY年M月D日印发" is the published date."""
    tail_start = max(0, len(text) - 6000)
    tail = text[tail_start:]
    signed: tuple[list[str], dt.date] | None = None
    published = None
    for m in _ZH_DATE.finditer(tail):
        d = _zh_date(m)
        if d is None:
            continue
        after = tail[m.end():m.end() + 12]
        if re.match(r"\s*印发", after):
            published = d
            continue
        if not _SIG_AFTER.match(after) and not _PRINTED_AFTER.match(tail, m.end()):
            continue
        before = tail[max(0, m.start() - 160):m.start()]
        seg = re.split(r"[。；;：:！!？?\]】》”]|\n\s*\n|[）)](?![\u4e00-\u9fff]{0,3}(?:部|局|委))", before)[-1]
        lines = [x for x in seg.split("\n") if x.strip()]
        orgs: list[str] = []
        for k in range(len(lines)):
            cand = _split_orgs("".join(lines[k:]))
            if cand:
                orgs = cand
                break
        if not orgs:
            orgs = _known_run(re.sub(r"\s+", "", seg))
        if not orgs and re.search(r"(?:部长|主任|局长|署长|总理|主席|省长|市长|院长|行长)\s*[\u4e00-\u9fff·]{2,8}\s*$", seg):
            orgs = []
        elif not orgs and not seg.strip():
            orgs = []  # a date on its own line (成文日期) still signs
        elif not orgs:
            continue
        signed = (orgs, d)
    if signed is None:
        return [], None, published
    return signed[0], signed[1], published


def _zh_meta(text: str) -> DocumentMeta:
    t = to_simplified(text[:6000]) if len(text) <= 6000 else to_simplified(text[:6000])
    tail = to_simplified(text[-6000:]) if len(text) > 6000 else t
    full_tail = tail if len(text) > 6000 else t
    meta = DocumentMeta()
    iss = issuers()
    number = None
    for m in _DOCNO.finditer(t[:900]):
        pre = t[max(0, m.start() - 2):m.start()]
        if ("（" in pre or "(" in pre or not _depth_ok(t, m.start()) or m.group("org").endswith(("的", "于"))
                or re.search(r"[。：:，,；]", t[:m.start()])):
            continue
        number = m
        break
    decree = _DECREE_NO.search(t[:300])
    title = _zh_title(t, number)
    if title and len(title) > 200:
        title = title[:200]
    meta.title = title
    meta.doc_type = _kind_of(title)
    meta.doc_type_en = ZH_KIND_EN.get(meta.doc_type or "")
    found: list[_Issuer | str] = []
    if number is not None:
        org = re.sub(r"^.*(?:文件|函(?=.))", "", number.group("org"))
        meta.doc_number = f"{org}〔{number.group('y')}〕{number.group('n')}号"
        hit = iss.by_prefix(org)
        if hit:
            found.append(hit)
    elif decree is not None and decree.start() < 60:
        meta.doc_number = re.sub(r"\s+", "", decree.group())
        o = re.sub(r"^中华人民共和国", "", decree.group("org"))
        found.append(iss.name.get(o) or iss.name.get(decree.group("org")) or o)
    info = _zh_info(t)
    if info:
        versions = [x for x in info if x[2] in ("通过", "公布", "发布", "批准", "修正", "修订", "颁布", "印发")]
        if versions:
            meta.date_signed = versions[-1][0]
            for _, organ, _act in versions[-1:] + versions[:-1]:
                who = _info_issuer(organ)
                if who is not None:
                    found.insert(0, who)
                    break
        pubs = [x for x in info if x[2] in ("公布", "发布", "颁布", "印发")]
        if pubs:
            meta.date_published = pubs[-1][0]
        force = [x for x in info if x[2] == "施行"]
        if force:
            meta.date_in_force = force[-1][0]
    orgs, signed, published = _signature(full_tail)
    mast_date = _masthead_date(t[:600])
    if mast_date is not None:  # a newsletter's articles (…公布《…法》) are not its signature nor its publication
        signed, published = None, mast_date
        meta.date_published = meta.date_signed = meta.date_in_force = None
    if signed and not meta.date_signed:
        meta.date_signed = signed
    if published and not meta.date_published:
        meta.date_published = published
    for o in orgs:
        found.append(iss.name.get(o) or o)
    if title:
        ti = _ISSUER_IN_TITLE.match(title)
        if ti:
            parts = _split_orgs(ti.group("o").replace("、", ""))
            found += [iss.name.get(p) or p for p in parts]
    mast = _MASTHEAD.match(t.lstrip()[:400])
    if mast:
        found += [iss.name.get(p) or p for p in _split_orgs(mast.group().removesuffix("文件"))]
    names: list[str] = []
    names_en: list[str] = []
    jur = None
    for f in found:
        zh = f.zh if isinstance(f, _Issuer) else f
        if zh in names:
            continue
        names.append(zh)
        if isinstance(f, _Issuer):
            names_en.append(f.en)
            jur = jur or f.jurisdiction
    meta.issuers, meta.issuers_en = names[:8], names_en[:8]
    body = t + "\n" + full_tail if len(text) > 6000 else t
    f = _INFORCE.search(body)
    if f and not meta.date_in_force:
        if f.group("pub"):
            meta.date_in_force = meta.date_published or meta.date_signed
        else:
            dm = _ZH_DATE.search(f.group("d"))
            meta.date_in_force = _zh_date(dm) if dm else None
    if jur is None and (names or meta.doc_number) and re.search(r"[省市区县]人民政府|国务院|中共中央|部|委员会|局", "".join(names)):
        jur = "CHN"
    meta.jurisdiction = jur
    return meta


# -- English ------------------------------------------------------------------------------------------------

_EN_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)")
_EN_DMY = rf"\d{{1,2}}\s+{_EN_MON}\s+(?:19|20)\d{{2}}"
_EN_MDY = rf"{_EN_MON}\s+\d{{1,2}},\s*(?:19|20)\d{{2}}"
_EN_ANY = rf"(?:{_EN_MDY}|{_EN_DMY})"
# Patterns used line by line are compiled once here: inline re.sub(r"…") goes through re's own cache, which the
# extractor's hundreds of patterns evict (document_meta ran 1.8 × slower after extract_events than alone).
_R_WS = re.compile(r"\s+")
_R_HASH = re.compile(r"^#+\s*")
_R_COLUMN = re.compile(r"\s{3,}.*$")
_R_YEAR = re.compile(r"(?:19|20)\d{2}")
_R_YEAR_END = re.compile(r"(?:19|20)\d{2}$")
_R_PAGE_NO = re.compile(r"^\d+\s*|\s*\d+$")
_PAGE_CHARS = "0123456789 \t|\u00a0"
_R_SENT_END = re.compile(r"[.!?]$")
_R_PAREN_LINE = re.compile(r"\([^()]{2,60}\)")
_R_LABEL = re.compile(r"[A-Z][A-Za-z ]{1,30}:")
_R_PUBLISHED_BY = re.compile(r"^(?:production|published\s+by|prepared\s+by)\s*:?\s*", re.I)
_R_LETTERS = re.compile(r"[A-Za-z]{3}")
_R_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_R_ENUM = re.compile(r"\(?(?:\d{1,2}|[a-z])\)\s")
_R_MONTH_YEAR = re.compile(rf"(?:{_EN_MON}\s+)?(?:19|20)\d{{2}}")
_R_NUM_DATE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\s*")
_R_SQUEEZE = re.compile(r"(?<=\b[A-Z]) (?=[A-Z]\b)")
_R_SPACES = re.compile(r"[ \t]{2,}")
_R_EO_WORDS = re.compile(r"EXECUTIVE\s+ORDER", re.I)
_R_MEMO_WORD = re.compile(r"\bmemorandum\b", re.I)
_R_THIS_ACT = re.compile(r"\bThis\s+Act\s+(?:shall\s+)?$", re.I)
_R_KIND_REST = re.compile(r"(?:of|for|on|to|in|\d{4}\b|[-–—:(,]|Ver\.|v\d)", re.I)
_EO_HEAD = re.compile(rf"Executive\s+Order\s+(?:No\.\s*)?(?P<n>\d{{4,5}})(?:\s+of\s+(?P<d>{_EN_ANY}))?", re.I)
_EO_HEAD_LINE = re.compile(rf"^\s*Executive\s+Order\s+(?:No\.\s*)?(?P<n>\d{{4,5}})(?:\s+of\s+(?P<d>{_EN_ANY}))?\s*$", re.M | re.I)
_EO_AUTH = re.compile(r"By\s+the\s+authority\s+vested\s+in\s+me\s+as\s+President", re.I)
_WHITE_HOUSE = re.compile(rf"THE\s+WHITE\s+HOUSE,?\s*\n?\s*(?P<d>{_EN_ANY})", re.I)
_FR_PUB = re.compile(rf"Federal\s+Register\s*/\s*Vol\.\s*\d+,\s*No\.\s*\d+\s*/\s*\w+day,\s*(?P<d>{_EN_ANY})")
# the Commission's documents write "of 24.1.2024" and "Done at Brussels, 24.1.2024"
_EU_NUM_DATE = r"\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}"
_EU_KIND = (r"(?:COMMISSION\s+(?:DELEGATED\s+|IMPLEMENTING\s+)?|COUNCIL\s+(?:IMPLEMENTING\s+)?)?"
            r"(?:REGULATION|DIRECTIVE|DECISION|RECOMMENDATION|FRAMEWORK\s+DECISION|JOINT\s+ACTION|COMMON\s+POSITION)")
_EU_HEAD = re.compile(
    rf"(?P<kind>{_EU_KIND})\s*(?P<no>(?:\((?:EU|EC|EEC|Euratom|CFSP|JHA)(?:,\s*Euratom)?\)\s*)?(?:No\s*)?\d{{1,4}}/\d{{1,4}}(?:/(?:EU|EC|EEC|CFSP|JHA))?)?"
    rf"\s*(?P<by>OF\s+THE\s+EUROPEAN\s+PARLIAMENT\s+AND\s+OF\s+THE\s+COUNCIL|OF\s+THE\s+COUNCIL|OF\s+THE\s+COMMISSION|"
    rf"OF\s+THE\s+EUROPEAN\s+CENTRAL\s+BANK)?\s*of\s+(?P<d>{_EN_DMY}|{_EU_NUM_DATE})\s*(?P<rest>[\s\S]{{0,700}}?)"
    rf"(?=\(Text\s+with\s+EEA|\n\s*\(\d+\)|THE\s+EUROPEAN\s+PARLIAMENT\s+AND\s+THE\s+COUNCIL|THE\s+COUNCIL\s+OF\s+THE|"
    rf"THE\s+EUROPEAN\s+COMMISSION|THE\s+COMMISSION\s+OF|\n\s*\n\s*\n|\n\s*\n\s*(?:\[|CHAPTER|Article\s+1\b|Whereas|"
    rf"Having\s+regard|HAVE\s+ADOPTED|HAS\s+ADOPTED|HAS\s+DECIDED))")
_EU_AUTH = [
    (re.compile(r"THE\s+EUROPEAN\s+PARLIAMENT\s+AND\s+THE\s+COUNCIL\s+OF\s+THE\s+EUROPEAN\s+UNION\s*,"),
     ["European Parliament", "Council of the European Union"]),
    (re.compile(r"THE\s+COUNCIL\s+OF\s+THE\s+EUROPEAN\s+(?:UNION|COMMUNITIES)\s*,"), ["Council of the European Union"]),
    (re.compile(r"THE\s+(?:EUROPEAN\s+)?COMMISSION\s+OF\s+THE\s+EUROPEAN\s+COMMUNITIES\s*,|THE\s+EUROPEAN\s+COMMISSION\s*,"),
     ["European Commission"]),
]
_DONE_AT = re.compile(rf"Done\s+at\s+(?P<place>[A-Z][a-zé]+(?:[ -][A-Z][a-z]+)?)\s*,\s*(?:on\s+)?(?P<d>{_EN_DMY}|{_EU_NUM_DATE})")
_CELEX = re.compile(r"\b(?:CELEX(?:\s+number)?[:\s]*)?(?P<c>[1-9]\d{4}[A-Z]{1,2}\d{4}(?:\(\d{2}\))?)\b")
_OJ = re.compile(r"\bOJ\s+(?P<s>[LC])\s+(?P<n>\d{1,4}),\s*(?P<d>\d{1,2}\.\d{1,2}\.\d{4})")
_BILL_NO = re.compile(r"^\s*(?P<n>(?:H\.\s?R\.|S\.|H\.\s?Res\.|S\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.|H\.\s?Con\.\s?Res\.)\s?\d{1,5})\s*$",
                      re.M)
_PUBLIC_LAW = re.compile(r"Public\s+Law\s+(?P<n>\d{2,3}\s*[-–—]\s*\d{1,4})")
_CHAMBER = re.compile(rf"IN\s+THE\s+(?P<c>HOUSE\s+OF\s+REPRESENTATIVES|SENATE\s+OF\s+THE\s+UNITED\s+STATES)\s*\n?\s*(?P<d>{_EN_MDY})?")
_ENACTED = re.compile(r"Be\s+it\s+enacted\s+by\s+the\s+Senate\s+and\s+House\s+of\s+Representatives\s+of\s+the\s+United\s+States")
# "This Act may be cited as the “…”" (quoted; a name broken over two lines stays whole), and the unquoted forms
# "This Act may be cited as the X Act 2024." (UK), "… shall be known, and may be cited, as the X Act."
_Q_OPEN = r"(?:[“\"]|``|'')"
_Q_CLOSE = r"(?:[”\"]|'')"
_CITED = re.compile(rf"may\s+be\s+cited,?\s+as\s+(?:the\s+)?{_Q_OPEN}\s*((?:[^”\"\n]|\n(?![ \t]*\n)){{3,200}}?)\s*{_Q_CLOSE}")
_CITED_BARE = re.compile(r"may\s+be\s+cited,?\s+as\s+(?:the\s+)?([A-Z][^\n.;:”\"“`']{2,200}?\b(?:Act|Law|Code)(?:,?\s+(?:of\s+)?"
                         r"(?:19|20)\d{2})?)\s*(?:''|[”\"])?\s*(?=[.;,]|or\b|$)", re.M)
_CITED_ALT = re.compile(rf"\s*(?:,\s*)?or\s+(?:as\s+)?(?:the\s+)?{_Q_OPEN}\s*((?:[^”\"\n]|\n(?![ \t]*\n)){{3,200}}?)\s*{_Q_CLOSE}")
_US_FEDERAL = re.compile(r"\d\s+U\.S\.C\.|United\s+States\s+Code|Code\s+of\s+Federal\s+Regulations|\d\s+C\.F\.R\.|"
                         r"\d\s+CFR\b|\A\s*§\s*\d{1,4}\.\d{1,5}\b")
# a section of a federal bill or statute: its number, then its heading on a line of its own ("SEC. 5. DEFINITIONS.",
# "SEC. 7. Implementation of technology …"); a state bill's sections run on as sentences ("SECTION 1. Chapter 25
# … is added to Division 8 …, to read:", "SECTION 42.  The following sum … is reappropriated")
_FED_SECTION = re.compile(r"^[ \t]*(?:SEC\.|SECTION)[ \t]+\d+[A-Z]?\.[ \t]+(?P<h>[^\n]{2,300})$", re.M)
_NOT_HEADING = re.compile(r":\s*$|\b(?:is|are|shall|be|was|were)\b|^(?:The|This|Notwithstanding|Of\s+the)\b")
_APPROVED = re.compile(rf"\bApproved\s+(?P<d>{_EN_MDY})")
_LONG_TITLE = re.compile(r"\b(?:A\s+BILL|AN\s+ACT|A\s+RESOLUTION|JOINT\s+RESOLUTION)\s*\n+\s*(?P<t>To\s+[^\n]{5,400}?\.)\s*\n", re.I)
_STATE = re.compile(r"\b(?:STATE\s+OF\s+(?P<s1>[A-Z][A-Z ]{2,20}?)\s*\n|(?P<s2>[A-Z][a-zA-Z ]{2,20}?)\s+(?:State\s+)?Legislature)\b")
_STATE_NO = re.compile(r"\b(?P<n>(?:ASSEMBLY|SENATE|HOUSE)\s*(?:BILL)?,?\s+No\.\s*\d{1,5}|(?:Bill|BILL)\s+[ASH]B?\s?\d{1,5})")
_AN_ACT = re.compile(r"^\s*(?P<t>An\s+Act,?\s+(?:to\s+|concerning\s+|relating\s+to\s+|requiring\s+|establishing\s+|regarding\s+|"
                     r"creating\s+|amending\s+|providing\s+|prohibiting\s+|in\s+relation\s+to\s+|relative\s+to\s+)(?:[^\n]|\n(?![ \t]*\n)){5,600}?)"
                     r"(?:[.;:][ \t]*$|\n[ \t]*\n|\Z)", re.M | re.I)
EN_KINDS = ("Executive Order", "Regulation", "Directive", "Decision", "Recommendation", "Act", "Bill", "Resolution",
            "Strategy", "Plan", "Programme", "Program", "Framework", "Roadmap", "Agenda", "Policy", "Guidelines",
            "Principles", "Report", "White Paper", "Law", "Code", "Order", "Communication", "Declaration",
            "Agreement", "Concept", "Vision", "Charter", "Initiative")
_EN_KIND_IN = re.compile(r"\b(" + "|".join(k.replace(" ", r"\s+") for k in EN_KINDS) + r")\b", re.I)


_ST = r"(?P<s>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
# "Be it enacted by the Legislature of the State of X", "… by the Legislative Assembly of X", "… by the General
# Assembly of X", "The people of the State of X do enact", "The General Assembly of X enacts"
_STATE_ENACT = re.compile(
    r"Be\s+it\s+enacted\s+by\s+the\s+(?:Senate\s+and\s+(?:House\s+of\s+(?:Representatives|Delegates)|General\s+Assembly|"
    r"Assembly)|People|Legislature|Legislative\s+Assembly|General\s+Assembly|Council)\s+of\s+"
    rf"(?:the\s+(?:State|Commonwealth|District)\s+of\s+)?{_ST}"
    rf"|The\s+(?:people|General\s+Assembly|Legislature)\s+of\s+(?:the\s+(?:State|Commonwealth)\s+of\s+)?{_ST.replace('<s>', '<s2>')}"
    r"\s+(?:do\s+)?enacts?\b",
    re.I)
_STATE_HEAD = re.compile(r"\b(?:STATE|COMMONWEALTH|GENERAL\s+ASSEMBLY|LEGISLATURE)\s+OF\s+(?:THE\s+(?:STATE|COMMONWEALTH)\s+OF\s+)?"
                         r"(?P<s>[A-Za-z]+(?:\s[A-Za-z]+)?)\b", re.I)
# Enacting formulas that name no state but belong to one legislature only.
_STATE_FORMULA = (("convened", re.compile(r"in\s+General\s+Assembly\s+convened", re.I), "Connecticut"),
                  ("convened", re.compile(r"in\s+General\s+Court\s+convened", re.I), "New Hampshire"),
                  ("assembled", re.compile(r"in\s+General\s+Court\s+assembled", re.I), "Massachusetts"),
                  ("columbia", re.compile(r"\bCOUNCIL\s+OF\s+THE\s+DISTRICT\s+OF\s+COLUMBIA\b", re.I), "District of Columbia"),
                  # drafting conventions of one legislature: California's Legislative Counsel's Digest and "(commencing
                  # with Section …)", Massachusetts' "General Laws, as appearing in the 2020 Official Edition", Rhode
                  # Island's "Title 42 of the General Laws entitled …"
                  ("digest", re.compile(r"LEGISLATIVE\s+COUNSEL[’']S\s+DIGEST", re.I), "California"),
                  ("commencing", re.compile(r"\(commencing\s+with\s+Section\s+\d", re.I), "California"),
                  ("official edition", re.compile(r"General\s+Laws,?\s+as\s+appearing\s+in\s+the\s+\d{4}\s+Official\s+Edition"),
                   "Massachusetts"),
                  ("general laws entitled", re.compile(r"Title\s+\d+\s+of\s+the\s+General\s+Laws\s+entitled"), "Rhode Island"),
                  # Massachusetts ends an amending clause with ":-" ("… the following new section:-"); Utah numbers
                  # its code title-chapter-section ("Section 4, Section 13-70-101 is enacted to read:"); North Carolina
                  # numbers a budget act's sections "SECTION 7.36.(h)" and cites "G.S. 115C-12"; Washington's budget
                  # reads "general fund—state appropriation", its code "RCW 43.105.020"; Connecticut puts the
                  # effective date after the section's number ("Sec. 143. (Effective July 1, 2024)") and cites "the
                  # general statutes" in lower case; California's Budget Act numbers its items "0511-001-0001—For
                  # support of …"; New York's bills amend "the general business law, in relation to …" and number
                  # sections "Section 1." then "§ 2."
                  (":-", re.compile(r"\bfollowing\s+(?:new\s+)?(?:sections?|chapters?|subsections?|paragraphs?|clauses?|"
                                    r"words?|definitions?|sentences?)\s*:-", re.I), "Massachusetts"),
                  (", section ", re.compile(r"^\s*Section\s+\d+,\s+Section\s+\d+[A-Z]?-\d+[a-z]?-\d+(?:\.\d+)?\s+is\s+"
                                           r"(?:amended|enacted|repealed|renumbered)", re.M), "Utah"),
                  ("section ", re.compile(r"^\s*SECTION\s+\d+(?:\.\d+)+[A-Z]?\.\s?\([a-z]\)", re.M), "North Carolina"),
                  ("g.s.", re.compile(r"\bG\.S\.\s+\d+[A-Z]?-\d+"), "North Carolina"),
                  ("state appropriation", re.compile(r"general\s+fund\s*[—–-]+\s*state\s+appropriation", re.I), "Washington"),
                  ("rcw", re.compile(r"\bRCW\s+\d+[A-Z]?\.\d+"), "Washington"),
                  ("(effective", re.compile(r"^\s*Sec\.\s+\d+[a-z]?\.\s+\(Effective\s+(?:from\s+passage|[A-Z][a-z]+\s+\d)", re.M),
                   "Connecticut"),
                  ("general statutes", re.compile(r"\bof\s+the\s+general\s+statutes\b"), "Connecticut"),
                  ("for support of", re.compile(r"\b\d{4}-\d{3}-\d{4}\s*[—–-]+\s*For\s+support\s+of\b"), "California"),
                  ("in relation to", re.compile(r"\bto\s+amend\s+the\s+[a-z][a-z ]{2,40}?\s+law,?\s+in\s+relation\s+to\b", re.I),
                   "New York"),
                  ("§", re.compile(r"^\s*Section\s+1\.\s[^§]{0,3000}?^\s*§\s*2\.\s", re.M), "New York"))
# The state's own code that a bill amends: "the Code of Virginia", "the North Dakota Century Code", "Minnesota
# Statutes 2023", "Oregon Laws 2023", "(215 ILCS 134/10)".
_STATE_CODE_WORD = re.compile(r"Code\s+of\s+(?P<a>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)|(?:Century\s+Code|Revised\s+Statutes|"
                              r"General\s+Statutes|Statutes|Code(?:\s+Annotated)?|Compiled\s+Laws|Laws\s+(?:19|20)\d{2}|"
                              r"Administrative\s+Code)\b|ILCS\s+\d")
_STATE_BEFORE = re.compile(r"(?:^|[^A-Za-z])(?P<b>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+$")
# "INTRODUCED BY SENATORS A, B AND C, MARCH 7, 2023": the day a state bill was introduced
_STATE_INTRO = re.compile(rf"INTRODUCED\s+BY\b[^\n]{{0,800}}?,\s*(?P<d>{_EN_MDY})", re.I)
# A state's text: its legislature finds, "this state", its General Laws, its Legislative Counsel.
_STATE_MARK = re.compile(r"this\s+state\b|the\s+legislature\s+(?:finds|declares|intends)|general\s+laws\b|"
                         r"legislative\s+counsel\b")


def _state_mark(head: str) -> bool:
    """The head reads as a U.S. state's text (its legislature finds, "this state", its General Laws)."""
    low = head.lower()
    for cue in ("this", "the legislature", "general laws", "legislative counsel"):
        at = low.find(cue)
        while at >= 0:
            if not (at and low[at - 1].isalnum()) and _STATE_MARK.match(low, at):
                return True
            at = low.find(cue, at + 1)
    return False


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import pycountry

    out = {sd.name.lower(): sd.name for sd in pycountry.subdivisions.get(country_code="US")}
    out.pop("district of columbia", None)
    out["district of columbia"] = "District of Columbia"
    return out


def _state_named(name: str) -> str | None:
    for n in (name, name.split()[0] if name else ""):
        if n.lower() in _us_states():
            return _us_states()[n.lower()]
    return None


def _state_by_code(head: str) -> str | None:
    """The one state whose code the text amends or cites (none when it cites two)."""
    found = set()
    h = head[:3000]
    for m in _STATE_CODE_WORD.finditer(h):  # the code's word first, then the state's name before it
        if m.group().startswith("ILCS"):
            found.add("Illinois")
            continue
        if m.group("a"):
            name = m.group("a")
        else:
            before = _STATE_BEFORE.search(h, max(0, m.start() - 40), m.start())
            name = "South Carolina" if h[max(0, m.start() - 5):m.start()] == "S.C. " else (before.group("b") if before else "")
        st = _state_named(name)
        if st:
            found.add(st)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _state_names_re() -> re.Pattern[str]:
    names = sorted(_us_states().values(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + "|" + "|".join(re.escape(n.upper()) for n in names)
                      + r")\b")


def _only_state_named(head: str) -> str | None:
    """A state's text ("this state", "the legislature finds") that names one U.S. state, and at least twice,
    and no other: that state's ("WHEREAS, … the citizens of this state … Alabama's technology industry")."""
    found = Counter(m.group(1).title() for m in _state_names_re().finditer(head[:4000]))
    if len(found) != 1:
        return None
    (name, n), = found.items()
    return _state_named(name) if n >= 2 else None


@lru_cache(maxsize=4)
def _us_state(head: str) -> str | None:
    """The U.S. state whose legislature enacts a bill: its enacting formula (one that names the state, or one
    only its legislature uses), a 'STATE OF X' / 'GENERAL ASSEMBLY OF X' header (letter-spaced 'S T A T E   O F …'
    too), else the one state code it amends. (Asked several times of one head: cached.)"""
    low = head[:6000].lower()
    at = low.find("enact")
    m = _STATE_ENACT.search(head, max(0, at - 200), at + 300) if at >= 0 else None
    if m:
        st = _state_named((m.group("s") or m.group("s2") or "").strip())
        if st:
            return st
    for cue, pat, st in _STATE_FORMULA:
        if cue in low and pat.search(head[:6000]):
            return st
    squeezed = _R_SQUEEZE.sub("", head[:1200])
    squeezed = _R_SPACES.sub(" ", squeezed)
    for h in _STATE_HEAD.finditer(squeezed):
        st = _state_named(h.group("s"))
        if st:
            return st
    return _state_by_code(head)


def _en_date(s: str) -> dt.date | None:
    num = _R_NUM_DATE.fullmatch(s)
    if num:  # 24.1.2024 (day.month.year, as EU institutions write it)
        try:
            return dt.date(int(num.group(3)), int(num.group(2)), int(num.group(1)))
        except ValueError:
            return None
    if s.isupper():  # "MARCH 7, 2023"
        s = s.title()
    ds = [d for d in find_dates(s) if d.kind == "point" and d.precision == "day"]
    return ds[0].date if ds else None


def _cut_words(s: str, limit: int = 300) -> str:
    """At most ``limit`` characters, never cut inside a word."""
    s = _R_WS.sub(" ", s).strip()
    if len(s) <= limit:
        return s
    cut = s.rfind(" ", 0, limit)
    return s[:cut if cut > 0 else limit].rstrip(" ,;:")


def _en_kind(title: str | None) -> str | None:
    if not title:
        return None
    found = _EN_KIND_IN.findall(title)
    if not found:
        return None
    # the head noun only: "National Strategy for AI", "… Act of 2023", "AI Strategy" — not "AI Policy Digest"
    head = None
    for m in _EN_KIND_IN.finditer(title):
        rest = title[m.end():].strip()
        if m.group(1).lower() == "bill" and re.match(r"of\s+rights\b", rest, re.I):
            continue  # a Bill of Rights is a charter, not a bill
        if not rest or _R_KIND_REST.match(rest):
            head = m.group(1)
            break
    if head is None:
        return None
    k = re.sub(r"\s+", " ", head)
    return next((x for x in EN_KINDS if x.lower() == k.lower()), k.title())


_COVER_STOP = re.compile(r"^(?:contents?|table\s+of\s+contents|foreword|preface|summary|executive\s+summary|introduction|"
                         r"article\s+1\b|chapter\s+(?:1|i)\b|"
                         r"abstract)\b", re.I)
_COVER_NOISE = re.compile(r"^(?:\d+|[ivx]+|page\s+\d+|©.*|www\..*|https?://.*|status:.*|article\s+no.*|illustrations?:.*|"
                          r"\[[^\]]{2,80}\]|dated:.*|"
                          r"[„”“\"'_\-–—•●.\s]+)$", re.I)
# (a nationality's adjective may stand before the body: "Norwegian Ministry of …", "Maltese Government", "Czech Government")
_ORG_LINE = re.compile(r"^(?:(?:the\s+)?(?:united\s+states\s+|u\.\s?s\.\s+)?(?:(?:federal|royal|national|[a-z]+(?:ian|ish|ese|ch|ss))\s+)?"
                       r"(?:ministry|department|government|office|agency|republic|kingdom|state|federal\s+government|prime\s+minister|"
                       r"presidency|council\s+of\s+ministers|cabinet\s+office|chancellery|"
                       r"production|published\s+by|prepared\s+by)\b)", re.I)
_CONNECT_END = re.compile(r"(?:\b(?:of|for|to|and|the|in|a|an|on|with|towards)|[:,–—-])$", re.I)
_BLOCK_BREAK = re.compile(r"^(?:towards|a\s+strategy\s+for|an?\s+(?:innovation|national))\b", re.I)
_COVER_KIND = re.compile(r"\b(?:strategy|plan|concept|approach|vision|programme|program|framework|agenda|initiative|"
                         r"white\s+paper|roadmap|report|policy|guidelines|charter|act)\b", re.I)


def _cover_blocks(head: str) -> list[list[str]]:
    """The cover's lines grouped into blocks (a title broken over lines stays one block)."""
    blocks: list[list[str]] = []
    for raw in head.split("\n")[:60]:
        ln = _R_HASH.sub("", raw.strip())
        ln = _R_COLUMN.sub("", ln)  # "of Local Government and Modernisation    Strategy": a second column
        if not ln:
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        if _COVER_STOP.match(ln):
            break
        prev0 = blocks[-1][-1] if blocks and blocks[-1] else None
        if prev0 is not None and _R_YEAR.fullmatch(ln) and _CONNECT_END.search(prev0):
            blocks[-1].append(ln)  # "… for 2019 –" / "2022"
            continue
        repeated = (bool(blocks and blocks[-1]) and (ln[:1].isdigit() or ln[-1:].isdigit())
                    and _key(_R_PAGE_NO.sub("", ln)) == _key(" ".join(blocks[-1])))
        if _COVER_NOISE.match(ln) or len(ln) > 160 or repeated:  # (repeated: the next page's running header)
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        prev = blocks[-1][-1] if blocks and blocks[-1] else None
        sentence = bool(_R_SENT_END.search(ln)) and len(ln.split()) >= 8  # a sentence of the body, not a title line
        if prev is not None and _R_PAREN_LINE.fullmatch(ln) and len(prev) <= 120:
            blocks[-1].append(ln)  # "(Draft for Comment)", "(V1.0)" under the title
            continue
        joins = prev is not None and not sentence and not _BLOCK_BREAK.match(ln) and not _is_place(ln) and (
            _CONNECT_END.search(prev) is not None or ln[:1].islower()
            or (prev.isupper() and ln.isupper() and not _R_YEAR_END.search(prev)
                and not (_COVER_KIND.match(ln) and not _CONNECT_END.search(prev)))
            or (not prev.isupper() and not ln.isupper() and not _R_SENT_END.search(prev) and len(prev) < 40
                and not _ORG_LINE.match(prev) and not _ORG_LINE.match(ln)))
        if joins:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return [b for b in blocks if b]


def _is_place(line: str) -> bool:
    from policyscope.model import registry

    return len(line) <= 40 and len(registry().codes_for(line)) == 1


def _cover(blocks: list[list[str]], text: str = "") -> tuple[str | None, list[str]]:
    """(title, issuing bodies) read from a cover's blocks: the first block that is not an organisation's name,
    the organisations' lines (Ministry of …, Government of …). When another of the first blocks is the running
    header the text repeats page after page, that block is the title, and a line above it its subtitle
    ("A Vision of the Future" / "LITHUANIAN AI STRATEGY" → "LITHUANIAN AI STRATEGY: A Vision of the Future")."""
    cands: list[str] = []
    orgs: list[str] = []
    for b in blocks[:12]:
        line = _R_WS.sub(" ", " ".join(b)).strip(" .")
        if _R_LABEL.fullmatch(line):  # a field's label ("AGENCY:", "Tips:")
            continue
        if _ORG_LINE.match(line) and len(line) <= 100:
            orgs.append(_R_PUBLISHED_BY.sub("", line))
            continue
        if 4 <= len(line) <= 300 and _R_LETTERS.search(line) and not _not_a_title(line):
            cands.append(line)
    running = _running_headers(text) if text and len(cands) != 1 else {}
    if not cands:  # no title on the cover (a text opening at its contents): the running header that names a kind
        named = [line for line in running.values() if _COVER_KIND.search(line) and len(line.split()) >= 3]
        return (named[0] if named else None), orgs
    if running and _key(cands[0]) not in running:
        for i, c in enumerate(cands[1:6], start=1):
            if _key(c) in running and _COVER_KIND.search(c):  # (a running header that names a kind of document)
                return (f"{c}: {cands[0]}" if i == 1 and len(cands[0]) <= 80 else c), orgs
    return cands[0], orgs


def _key(line: str) -> str:
    return _R_NON_ALNUM.sub("", line.lower())


def _running_headers(text: str) -> dict[str, str]:
    """Lines a paginated text repeats at least three times (its running header, page numbers aside), most repeated
    first: {key: the line as first written}."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for ln in text[:60_000].split("\n"):
        if not 12 <= len(ln) <= 140:
            continue
        line = ln.strip(_PAGE_CHARS)  # "2 LITHUANIAN … STRATEGY", "… Intelligence | 5": the page number aside
        k = _key(line)
        if 12 <= len(k) <= 100:
            counts[k] += 1
            first.setdefault(k, line)
    return {k: first[k] for k, n in counts.most_common() if n >= 3}


_KIND_ALONE = re.compile(r"(?:strategy|report|plan|policy|white\s+paper|draft|final\s+(?:report|version)|version\s+[\d.]+)",
                         re.I)


def _not_a_title(text: str) -> bool:
    """A cover line that is not the title: the country's name alone ("MALTA", "The Netherlands"), a date
    ("March 2019"), a kind word standing alone above the title ("STRATEGY", "Draft"), an enumerated item."""
    if _KIND_ALONE.fullmatch(text) or _is_place(text) or _R_ENUM.match(text):
        return True  # (… or an enumerated item: "(1) Regulation", "(a) In general")
    return bool(_R_MONTH_YEAR.fullmatch(text.title() if text.isupper() else text))


# The President's own documents: the general provisions every Executive Order and presidential memorandum
# ends with, the President's name in capitals at the foot, a governor's order (a state's, not the President's).
_EO_CLAUSE = re.compile(r"This\s+(?P<k>order|memorandum)\s+is\s+not\s+intended\s+to,\s+and\s+does\s+not,\s+create\s+any\s+"
                        r"right", re.I)
_PRES_NAME = re.compile(r"\n[ \t]*[A-Z][A-Z.\-]+(?:[ \t]+[A-Z][A-Z.\-]*){1,4}[ \t]*(?:\n\s*THE\s+WHITE\s+HOUSE|\s*\Z)")
_GOVERNOR = re.compile(r"\bOffice\s+of\s+the\s+Governor\b|\bGovernor\s+of\s+the\s+(?:State|Commonwealth)\s+of\s+"
                       r"(?P<s>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", re.I)
_EO_NO = re.compile(r"EXECUTIVE\s+ORDER\s+(?:NO\.|NUMBER|#)\s*(?P<n>[\d\-]{1,8})", re.I)
_TITLE_SKIP = re.compile(rf"^(?:\[[^\]]*\]|executive\s+order|presidential\s+actions?|for\s+immediate\s+release|"
                         rf"(?:{_EN_MON})\s+\d{{1,2}},\s*(?:19|20)\d{{2}}\.?|the\s+white\s+house)$", re.I)


def _en_governor(meta: DocumentMeta, head: str) -> bool:
    """A state governor's Executive Order ("STATE OF X … Office of the Governor … EXECUTIVE ORDER NO. 1584")."""
    gov = _GOVERNOR.search(head[:3000])
    if not gov or not _R_EO_WORDS.search(head[:3000]):
        return False
    state = _us_state(head) or _us_states().get((gov.group("s") or "").lower())
    meta.doc_type = meta.doc_type_en = "Executive Order"
    no = _EO_NO.search(head[:3000])
    meta.doc_number = f"Executive Order No. {no.group('n')}" if no else None
    meta.issuers = meta.issuers_en = [f"Governor of {state}"] if state else []
    meta.jurisdiction = "USA"
    return True


def _is_presidential(head: str, tail: str) -> str | None:
    """'order' / 'memorandum' when the text is the President's own: its heading, "By the authority vested in
    me as President", the foot "THE WHITE HOUSE, <date>", or the general provisions with the name at the foot."""
    if _EO_HEAD.match(head.lstrip()[:300]) or _EO_HEAD_LINE.search(head[:600]) or _EO_AUTH.search(head[:6000]):
        return "order"
    if ("HITE" in tail or "hite" in tail) and _WHITE_HOUSE.search(tail):
        return "order" if not _R_MEMO_WORD.search(tail) else "memorandum"
    clause = _EO_CLAUSE.search(tail) if "ntended to" in tail else None
    if clause and (clause.group("k").lower() == "order" or _PRES_NAME.search(tail[-300:])):
        return clause.group("k").lower()
    return None


def _title_above(lines: list[str]) -> str | None:
    """The title among the lines above the enacting words: the last one that is not a date, "EXECUTIVE ORDER",
    an editor's [note] or the like."""
    for ln in reversed(lines):
        if not _TITLE_SKIP.match(ln):
            return _cut_words(ln.rstrip("."), 300)
    return None


def _en_presidential(meta: DocumentMeta, head: str, tail: str) -> bool:
    """An Executive Order (or the President's memorandum): number, title, the President, signing date."""
    kind = _is_presidential(head, tail)
    if kind is None:
        return False
    eo = _EO_HEAD.match(head.lstrip()[:300]) or _EO_HEAD_LINE.search(head[:600])
    auth = _EO_AUTH.search(head[:6000])
    meta.doc_type = meta.doc_type_en = "Executive Order" if kind == "order" else "Memorandum"
    if eo:
        meta.doc_number = f"Executive Order {eo.group('n')}"
        if eo.group("d"):
            meta.date_signed = _en_date(eo.group("d"))
        after = head[eo.end():eo.end() + 600]
        nxt = [ln.strip() for ln in after.split("\n") if ln.strip()]
        if nxt and not _EO_AUTH.match(nxt[0]):
            meta.title = _cut_words(nxt[0].rstrip("."), 300)
    if auth and not meta.title:
        before = [ln.strip() for ln in head[:auth.start()].split("\n") if ln.strip()]
        meta.title = _title_above(before)
        dated = [d for d in (_en_date(ln) for ln in before[-4:] if len(ln) <= 40) if d]
        if dated and not meta.date_signed:  # the date printed above the order as the White House posts it
            meta.date_signed = dated[-1]
    meta.issuers = meta.issuers_en = ["President of the United States"]
    meta.jurisdiction = "USA"
    wh = _WHITE_HOUSE.search(tail) if ("HITE" in tail or "hite" in tail) else None
    if wh:  # the signature's date is the signing date
        meta.date_signed = _en_date(wh.group("d")) or meta.date_signed
    fr = _FR_PUB.search(head[:3000])
    if fr:
        meta.date_published = _en_date(fr.group("d"))
    return True


def _en_eu(meta: DocumentMeta, head: str) -> bool:
    """An EU act's heading: kind, number, authors, date and subject, kept whole."""
    eu = _EU_HEAD.search(head[:4000])
    if not eu:
        return False
    kind = re.sub(r"\s+", " ", eu.group("kind")).strip()
    base = "Framework Decision" if "FRAMEWORK" in kind else kind.split()[-1].title()
    meta.doc_type = meta.doc_type_en = base
    no = re.sub(r"\s+", " ", eu.group("no") or "").strip()
    rest = eu.group("rest")
    trailing = re.search(r"\(\s*(\d{2,4}/\d{1,4}/(?:EC|EU|EEC|CFSP|JHA|Euratom))\s*\)\s*$", rest.strip())
    if trailing:  # older acts print their number under the title: (2000/742/EC)
        rest = rest.strip()[:trailing.start()]
    meta.doc_number = f"{base} {no}".strip() if no else (trailing.group(1) if trailing else None)
    by_raw = eu.group("by") or ""
    by = re.sub(r"\s+", " ", by_raw).lower()
    pieces = [kind.title(), no, by.replace("european parliament", "European Parliament").replace("council", "Council")
              .replace("commission", "Commission"), "of " + eu.group("d"), rest]
    meta.title = _cut_words(" ".join(p for p in pieces if p), 400)
    meta.date_signed = _en_date(eu.group("d"))
    if "PARLIAMENT" in by_raw:
        meta.issuers = ["European Parliament", "Council of the European Union"]
    elif "COUNCIL" in by_raw or kind.startswith("COUNCIL"):
        meta.issuers = ["Council of the European Union"]
    elif "COMMISSION" in by_raw or kind.startswith("COMMISSION"):
        meta.issuers = ["European Commission"]
    meta.jurisdiction = "EU"
    return True


def _en_federal_bill(meta: DocumentMeta, text: str, head: str, tail: str) -> bool:
    """A bill or Act of the U.S. Congress: number, chamber and date, short or long title, approval."""
    bill = _BILL_NO.search(head[:1500])
    ch = _CHAMBER.search(head[:3000])
    if not (bill or ch or _ENACTED.search(head)):
        return False
    meta.doc_type = meta.doc_type_en = "Bill"
    if bill:
        meta.doc_number = re.sub(r"\s+", " ", bill.group("n"))
    if ch and ch.group("d"):
        meta.date_published = _en_date(ch.group("d"))
    meta.issuers = meta.issuers_en = ["United States Congress"]
    meta.jurisdiction = "USA"
    cited = _cited(text)
    lt = _LONG_TITLE.search(head)
    meta.title = cited[0] if cited else (_cut_words(lt.group("t"), 400) if lt else None)
    ap = _APPROVED.search(tail)
    if ap:
        meta.date_signed = _en_date(ap.group("d"))
        meta.doc_type = meta.doc_type_en = "Act"
    pl = _PUBLIC_LAW.search(head[:2000])
    if pl:
        meta.doc_number = "Public Law " + re.sub(r"\s*[-–—]\s*", "-", pl.group("n"))
        meta.doc_type = meta.doc_type_en = "Act"
    return True


# "BE IT ENACTED by the King's most Excellent Majesty, by and with the advice and consent of the Lords Spiritual and
# Temporal, and Commons, in this present Parliament assembled": an Act of the United Kingdom Parliament
_UK_ENACT = re.compile(r"BE\s+IT\s+ENACTED\s+by\s+the\s+(?:King|Queen)[’']s\s+most\s+Excellent\s+Majesty", re.I)


def _en_uk_bill(meta: DocumentMeta, text: str, head: str) -> bool:
    if not _UK_ENACT.search(head):
        return False
    meta.doc_type = meta.doc_type_en = "Bill"
    meta.issuers = meta.issuers_en = ["Parliament of the United Kingdom"]
    meta.jurisdiction = "GBR"
    cited = _cited(text)
    meta.title = cited[0] if cited else None
    return True


# A city's local law ("A Local Law to amend the administrative code of the city of New York, in relation to …" /
# "Be it enacted by the Council as follows:"): its council's, its long title its name.
_LOCAL_LAW = re.compile(r"^\s*(?P<t>A\s+Local\s+Law\s+(?:to|in\s+relation\s+to)\b[^\n]{5,400}?)\s*$", re.M)
_CITY_OF = re.compile(r"\bcity\s+of\s+(?P<c>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})")
_BY_COUNCIL = re.compile(r"Be\s+it\s+enacted\s+by\s+the\s+Council\b", re.I)


def _en_local_law(meta: DocumentMeta, head: str) -> bool:
    lt = _LOCAL_LAW.search(head[:3000]) if "Local Law" in head[:3000] else None
    if not (lt and _BY_COUNCIL.search(head[:4000])):
        return False
    meta.title = _cut_words(lt.group("t").rstrip("."), 400)
    meta.doc_type = meta.doc_type_en = "Law"
    city = _CITY_OF.search(lt.group("t"))
    meta.issuers = meta.issuers_en = [f"{city.group('c')} City Council" if city else "City Council"]
    no = re.search(r"^\s*(Int\.\s+No\.\s*\d+(?:-[A-Z])?)\s*$", head[:600], re.M)
    meta.doc_number = no.group(1) if no else None
    return True


_STATE_PUBLIC_ACT = re.compile(r"^\s*(Public\s+Act\s+\d{2,3}-\d{3,4})\s*$", re.M)


def _en_state_bill(meta: DocumentMeta, head: str) -> bool:
    """A U.S. state legislature's bill ("An Act concerning …"), its state when the text names it."""
    state = _us_state(head)
    an = _AN_ACT.search(head[:6000])
    if state:
        meta.doc_type = meta.doc_type_en = "Bill"
        meta.issuers = meta.issuers_en = [f"{state} Legislature"]
        meta.jurisdiction = "USA"
        sn = _STATE_NO.search(head[:1500])
        meta.doc_number = re.sub(r"\s+", " ", sn.group("n")) if sn else None
        meta.title = _cut_words(an.group("t").rstrip("."), 400) if an else None
        intro = _STATE_INTRO.search(head[:3000])
        meta.date_published = _en_date(intro.group("d")) if intro else None
        ap = _APPROVED.search(head[:3000])
        meta.date_signed = _en_date(ap.group("d")) if ap else None
        pa = _STATE_PUBLIC_ACT.search(head[:400])
        if pa:  # an enrolled Act headed by the number it is cited by ("Public Act 103-0804"): its second name
            meta.doc_number = meta.short_title = pa.group(1)
        return True
    if an and re.search(r"\bBe\s+it\s+enacted\b", head, re.I):
        meta.doc_type = meta.doc_type_en = "Bill"  # a legislature's bill whose state the text does not name
        meta.title = _cut_words(an.group("t").rstrip("."), 400)
        return True
    return False


# Federal agencies' documents. The CFR title and part a rule amends name its agency (and the department above
# it): (title, first part, last part, agency, department).
_CFR_AGENCY = (
    (7, 1, 5099, "Department of Agriculture", None),
    (10, 1, 199, "Nuclear Regulatory Commission", None), (10, 200, 1099, "Department of Energy", None),
    (12, 1, 199, "Office of the Comptroller of the Currency", "Department of the Treasury"),
    (12, 200, 299, "Federal Reserve System", None), (12, 300, 399, "Federal Deposit Insurance Corporation", None),
    (12, 1000, 1099, "Consumer Financial Protection Bureau", None),
    (14, 1, 199, "Federal Aviation Administration", "Department of Transportation"),
    (15, 0, 1999, "Department of Commerce", None),
    (16, 0, 999, "Federal Trade Commission", None), (16, 1000, 1799, "Consumer Product Safety Commission", None),
    (17, 1, 199, "Commodity Futures Trading Commission", None), (17, 200, 399, "Securities and Exchange Commission", None),
    (21, 1, 1299, "Food and Drug Administration", "Department of Health and Human Services"),
    (21, 1300, 1399, "Drug Enforcement Administration", "Department of Justice"),
    (29, 1600, 1699, "Equal Employment Opportunity Commission", None), (29, 0, 4999, "Department of Labor", None),
    (31, 0, 1099, "Department of the Treasury", None), (32, 1, 399, "Department of Defense", None),
    (34, 1, 1299, "Department of Education", None),
    (37, 1, 199, "Patent and Trademark Office", "Department of Commerce"), (37, 201, 299, "Copyright Office", None),
    (40, 1, 1099, "Environmental Protection Agency", None),
    (42, 400, 699, "Centers for Medicare & Medicaid Services", "Department of Health and Human Services"),
    (42, 1, 199, "Department of Health and Human Services", None), (45, 1, 199, "Department of Health and Human Services", None),
    (47, 0, 199, "Federal Communications Commission", None),
    (49, 200, 299, "Federal Railroad Administration", "Department of Transportation"),
    (49, 350, 399, "Federal Motor Carrier Safety Administration", "Department of Transportation"),
    (49, 500, 599, "National Highway Traffic Safety Administration", "Department of Transportation"),
    (49, 1, 1699, "Department of Transportation", None),
)
_CFR_CITE = re.compile(r"\b(?P<t>\d{1,2})\s+(?:CFR|C\.F\.R\.)\s+(?:[Pp]arts?\s+)?(?P<p>\d{1,4})\b")
_CFR_PART_HEAD = re.compile(r"\A\s*(?:\d+\s+CFR\s+part\s+\d+[^\n]*\n\s*)?PART\s+(?P<p>\d{1,4})\s*[—–-]|\A\s*§\s*(?P<s>\d{1,4})\.\d", re.I)
_FR_AGENCY = re.compile(r"^\s*AGENCY:\s*(?P<a>[^\n]{3,200}?)\s*$|^\s*AGENCY:\s*\n\s*(?P<b>[^\n]{3,200}?)\s*$", re.M)
_FR_DATED = re.compile(rf"^\s*Dated:\s*(?P<d>{_EN_ANY})", re.M)
_DOD_ISSUANCE = re.compile(r"\A\s*DoD\s+(?P<k>DIRECTIVE|INSTRUCTION|MANUAL)\s+\d{4}\.\d{2}", re.I)
_OMB_MEMO = re.compile(r"\bM-\d{2}-\d{2}\b")


def _cfr_agency(title: int, part: int) -> list[str]:
    for t, lo, hi, agency, dept in _CFR_AGENCY:
        if t == title and lo <= part <= hi:
            return [agency, dept] if dept else [agency]
    return []


def _cfr_issuers(text: str, head: str) -> list[str]:
    """The agency whose CFR part the text is or amends: "PART 876—…" or "§ 864.3750" at its head, with the title
    the text cites for that part ("21 CFR part 876"); medical-device classification sections (parts 862–892:
    "(a) Identification … (b) Classification") are the FDA's without it."""
    h = _CFR_PART_HEAD.search(head[:600])
    part = int(h.group("p") or h.group("s")) if h else None
    body = text[:30_000]
    cites = [(int(m.group("t")), int(m.group("p"))) for m in _CFR_CITE.finditer(body)] if "CFR" in body or "C.F.R." in body else []
    for t, p in cites:
        if p == part:
            found = _cfr_agency(t, p)
            if found:
                return found
    if part is not None and 862 <= part <= 892 and (re.search(r"\(a\)\s*Identification\b", head) or
                                                    re.search(r"\bDEVICES\b", head[:300])):
        return _cfr_agency(21, part)
    return []


def _fr_agency(head: str) -> list[str]:
    """ "AGENCY: Federal Railroad Administration (FRA), Department of Transportation (DOT)." → the bodies."""
    m = _FR_AGENCY.search(head[:3000]) if "AGENCY:" in head[:3000] else None
    if not m:
        return []
    line = (m.group("a") or m.group("b")).rstrip(".")
    parts = [re.sub(r"\s*\([A-Z]{2,8}\)$|^U\.S\.\s+", "", x.strip()) for x in re.split(r",\s*|;\s*", line)]
    return [x for x in parts if len(x) >= 3 and x[0].isupper()]


def _en_agency(meta: DocumentMeta, text: str, head: str, tail: str) -> None:
    """An agency's own document (a rule, a DoD issuance, an OMB memorandum): its issuer and signing date, when the
    conventions of its kind say them; the rest of the reading (title, jurisdiction) is left as it was."""
    found = _fr_agency(head) or _cfr_issuers(text, head)
    if found and meta.title and found[0] in meta.title and len(meta.title) <= len(" ".join(found)) + 12:
        meta.title = None  # the agency's line read as a title
    part = re.search(r"^[ \t]*PART\s+\d{1,4}\s*[—–-][^\n]{3,}", head[:600], re.M)
    if found and part:  # the CFR part it is or amends names it: "PART 702—INDUSTRIAL BASE SURVEYS—DATA COLLECTIONS"
        meta.title = _cut_words(part.group().strip(), 300)
    if not found and _DOD_ISSUANCE.search(head):
        found = ["Department of Defense"]
    if not found and meta.doc_type == "Memorandum" and _OMB_MEMO.search(head[:1500]):
        found = ["Office of Management and Budget"]
    if found:
        meta.issuers = meta.issuers_en = found
        meta.jurisdiction = "USA"  # a U.S. federal body issues it
        dated = _FR_DATED.search(tail)
        if dated and not meta.date_signed:
            meta.date_signed = _en_date(dated.group("d"))


def _en_memo(meta: DocumentMeta, head: str) -> bool:
    subject = re.search(r"^\s*SUBJECT:\s*(?P<t>[^\n]{5,300})", head[:3000], re.M | re.I)
    memo = re.search(r"^\s*MEMORANDUM\s+FOR\b", head[:1500], re.M | re.I)
    if not (subject and memo):
        return False
    meta.title = _cut_words(subject.group("t"), 300)
    meta.doc_type = meta.doc_type_en = "Memorandum"
    return True


_NATIVE_AMERICAN = re.compile(r"Indian\s+(?:Reservations?|Tribes?|Tribal|Affairs|Country|Health\s+Service|Nations?)\b")
_GENERIC_GOV = re.compile(r"(?:the\s+)?federal\s+(?:government|ministry|state|republic)", re.I)


def _named_most(text: str) -> str | None:
    """The country (or the EU) a report names most often by name, not counting "the Federal Government" (several
    federations have one) nor international bodies; at least three times."""
    from policyscope.ingest.extract.gazetteer import gazetteer
    from policyscope.model import registry

    reg = registry()
    counts = Counter(m.code for m in gazetteer().find(text) if m.kind != "short" and not _GENERIC_GOV.match(m.text)
                     and getattr(reg.get(m.code), "kind", None) != "multilateral")  # ISO, the OECD: not who issues it
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] >= 3 else None


def _en_cover(meta: DocumentMeta, text: str, head: str) -> None:
    """A strategy's or report's cover: its title block, the ministries above it, the month it is dated."""
    from policyscope.ingest.extract.gazetteer import gazetteer

    blocks = _cover_blocks(head)
    meta.title, orgs = _cover(blocks, text)
    if meta.title and ": " in meta.title and _key(meta.title.split(": ")[0]) in _running_headers(text):
        meta.short_title = meta.title.split(": ")[0]  # the running header alone names it too
    meta.doc_type = meta.doc_type_en = _en_kind(meta.title)
    # ("Department of Health & Human Services": a body's name is compared, and listed, with "and")
    meta.issuers = meta.issuers_en = [o.replace(" & ", " and ") for o in orgs
                                      if re.match(r"(?:the\s+)?(?:united\s+states\s+|u\.\s?s\.\s+)?(?:\w+\s+)?(?:ministry|department|"
                                                  r"government|office|agency|federal)", o, re.I)][:3]
    cover_lines = [" ".join(b) for b in blocks[:12]]
    # ("the Federal Government", "the Federal Ministry" name no country: several federations have one; "Indian
    # Reservations", "Indian Tribes" are American)
    cover = " \n".join([meta.title or "", *orgs, *cover_lines])
    named = [m.code for m in gazetteer().find(cover)
             if m.kind != "short" and not _GENERIC_GOV.match(m.text) and not _NATIVE_AMERICAN.match(cover, m.start)]
    if named:
        meta.jurisdiction = named[0]
    else:
        meta.jurisdiction = _named_most(text[:8_000])
    # a cover's date stands on a short line of its own ("OCTOBER 2020", "Status: November 2018"), not in a sentence
    cover = "\n".join(ln.title() if ln.isupper() else ln for b in blocks[:12] for ln in b if len(ln) <= 40)
    pubs = [d for d in find_dates(cover) if d.kind == "point" and d.precision in ("month", "day")]
    if pubs:
        meta.date_published = pubs[0].date


def _cited(text: str) -> tuple[str, str | None] | None:
    """The Act's own short title ("may be cited as …") and a second one ("… or the “…”"), if it states them."""
    m = _CITED.search(text[:30000]) or _CITED_BARE.search(text[:30000])
    if not m:
        return None
    alt = _CITED_ALT.match(text, m.end(), m.end() + 300)
    return (_cut_words(m.group(1).rstrip(".,"), 300),
            _cut_words(alt.group(1).rstrip(".,"), 200) if alt else None)


def _en_cited_title(meta: DocumentMeta, text: str) -> None:
    """ "This Act may be cited as the “…”" (and "… or the “…”"): the Act's own short title(s)."""
    cited = _cited(text)
    if cited:
        meta.title, alt = cited
        meta.short_title = alt or meta.short_title


def _en_eu_finish(meta: DocumentMeta, head: str, tail: str) -> None:
    """EU authors named in the preamble; "Done at Brussels, …" signs; CELEX number."""
    for pat, who in _EU_AUTH:
        if pat.search(head[:8000]) and not meta.issuers:
            meta.issuers = meta.issuers_en = who
            meta.jurisdiction = "EU"
    if not (meta.jurisdiction == "EU" or meta.issuers[:1] in (["European Parliament"], ["Council of the European Union"],
                                                              ["European Commission"])):
        return
    meta.issuers_en = meta.issuers
    done = list(_DONE_AT.finditer(tail))
    if done and not meta.date_signed:
        meta.date_signed = _en_date(done[-1].group("d"))
    cx = _CELEX.search(head[:3000])
    if cx and not meta.doc_number:
        meta.doc_number = f"CELEX {cx.group('c')}"


# only Congress amends the U.S. Code: "Section 618 of the … Act of 2007 (42 U.S.C. 17197) is amended to read …"
# (the cited place may hold its own parentheses: "(29 U.S.C. 3141(e)) is amended"; or the Act is named amended before
# the place: "The … Act of 1998 is amended by amending section 606 (33 U.S.C. 4005)")
_AMENDS_USC = re.compile(r"U\.S\.C\.[^()]{0,40}(?:\([^()]{1,8}\)){0,4}\)\s+is\s+(?:further\s+)?amended\b"
                         r"|\bis\s+(?:further\s+)?amended\s+by\s+(?:amending|adding|striking|inserting)[^.()]{0,80}\(\d+\s+U\.S\.C\.")
# Congress's drafting style: a subsection's heading ends with a period and an em dash ("(a) In General.—",
# "(1) IN GENERAL.—", in GPO's plain text "(a) In general.--"); state legislatures' bills rarely use it (on the
# AGORA dev part: 367 texts of Congress, 1 of a state, which names its state)
_FED_SUBHEAD = re.compile(r"\([a-zA-Z0-9]{1,3}\)\s+[A-Z][A-Za-z ,]{2,60}\.(?:—|--)")


# An excerpt of an Act names the Act it belongs to where its text goes into the Code: "not later than 180 days after
# the date of the enactment of the National Defense Authorization Act for Fiscal Year 2024" (codified, "this Act"
# must be named)
_ENACTMENT_OF = re.compile(r"date\s+of\s+(?:the\s+)?enactment\s+of\s+(?:the\s+)?(?P<a>[A-Z][^\n;“”\"`']{3,160}?\bAct"
                           r"(?:\s+for\s+Fiscal\s+Year\s+(?:19|20)\d{2}|\s+of\s+(?:19|20)\d{2}|,\s+(?:19|20)\d{2})?)")
_PART_HEAD = re.compile(r"^\s*(?:(?P<sec>SEC\.|SECTION)\s+(?P<n>\d+[A-Z]?)\.|(?P<kind>TITLE|Subtitle|DIVISION)\s+(?P<k>[IVXLC]+|[A-Z]))"
                        r"\s*(?:[—–-]+\s*)?(?P<h>[^\n]{3,200}?)\.?\s*$")


def _excerpt_of(text: str, title: str | None) -> str | None:
    """"<Act>, Section 1521 (“Heading”)": an excerpt that opens at a section, title or subtitle of an Act and names
    that Act where its text is codified (the Act named so most often, the latest when tied)."""
    part = _PART_HEAD.match(title or "")
    if not part or "enactment of" not in text:
        return None
    acts = Counter(_R_WS.sub(" ", m.group("a")) for m in _ENACTMENT_OF.finditer(text[:60_000]))
    if not acts:
        return None
    act = max(acts, key=lambda a: (acts[a], a))
    h = part.group("h").strip()
    h = h.capitalize() if h.isupper() else h
    where = f"Section {part.group('n')}" if part.group("sec") else f"{part.group('kind').title()} {part.group('k')}"
    return f"{act}, {where} (“{h}”)"


def _fed_section(head: str) -> bool:
    """The text opens (in its first lines) with a section of a federal bill or statute, heading and all, amends
    the U.S. Code, or heads its subsections as Congress does."""
    h = head[:3000]
    if "U.S.C." in h and _AMENDS_USC.search(h):
        return True
    if any(not _NOT_HEADING.search(m.group("h").strip()) for m in _FED_SECTION.finditer(h)):
        return True
    return ("—" in h or "--" in h) and _FED_SUBHEAD.search(h) is not None


# "This Act takes effect September 1, 2023", "(Effective July 1, 2024)", "[EFFECTIVE JULY 1, 2024]": the day an Act
# (or its sections) take effect; the earliest one is the Act's
_IN_FORCE = re.compile(rf"(?:[Tt]akes?\s+effect\s+(?:on\s+)?|[(\[]\s*(?:Effective|EFFECTIVE)\s+)(?P<d>{_EN_MDY})", re.I)


def _en_in_force(text: str) -> dt.date | None:
    found = []
    for cue in ("ffect", "FFECT"):  # the patterns' common literal, found first (a scan with re.I was slow)
        at = text.find(cue)
        while at >= 0:
            m = _IN_FORCE.search(text, max(0, at - 12), at + 40)
            ok = m and (m.group().startswith(("(", "[")) or
                        _R_THIS_ACT.search(text[max(0, m.start() - 20):m.start()]))
            d = _en_date(m.group("d")) if m and ok else None
            if d:
                found.append(d)
            at = text.find(cue, at + 1)
    return min(found) if found else None


def _en_excerpt(meta: DocumentMeta, text: str, head: str) -> None:
    """A text no heading names the issuer of: a state's (by its marks, and the one state it names), else an excerpt
    of a federal bill or statute ("SEC. 232. PILOT PROGRAM …"), enacted by Congress and named by its Act."""
    if _state_mark(head):
        meta.jurisdiction = "USA"  # a U.S. state's text (whose state it may not name)
        st = _only_state_named(head)
        if st:
            meta.issuers = meta.issuers_en = [f"{st} Legislature"]
    elif _fed_section(head) and not _us_state(head):
        meta.issuers = meta.issuers_en = ["United States Congress"]
        meta.jurisdiction = "USA"
        meta.doc_type = meta.doc_type_en = meta.doc_type or "Act"
        meta.title = _excerpt_of(text, meta.title) or meta.title


_OFFICIAL_TITLE = re.compile(r"\b(?:A\s+BILL|AN\s+ACT|JOINT\s+RESOLUTION|CONCURRENT\s+RESOLUTION|RESOLUTION)\s*\n?\s*"
                             r"((?:To|Providing|Expressing|Recognizing|Supporting|Designating|Authorizing|Requesting|"
                             r"Calling)\s[^\n]{10,900}?\.)(?=\s*(?:Be\s+it|Resolved|IN\s+THE|Whereas|\n|$))")


def _en_meta(text: str) -> DocumentMeta:
    head = text[:8000]
    tail = text[-4000:]
    meta = DocumentMeta()
    if not (_en_governor(meta, head) or _en_presidential(meta, head, tail) or _en_eu(meta, head) or _en_federal_bill(meta, text, head, tail)
            or _en_uk_bill(meta, text, head) or _en_local_law(meta, head) or _en_state_bill(meta, head) or _en_memo(meta, head)):
        _en_cover(meta, text, head)
    if not meta.issuers:
        _en_agency(meta, text, head, tail)
    if not meta.issuers:
        _en_excerpt(meta, text, head)
    if meta.doc_type in (None, "Bill", "Act") or not meta.title:
        _en_cited_title(meta, text)
    long = _OFFICIAL_TITLE.search(head)
    if long:  # the official title a bill is also known by (Congress.gov lists it as "A bill to …")
        meta.long_title = _cut_words(re.sub(r"\s+", " ", long.group(1)), 600)
        meta.title = meta.title or meta.long_title
    _en_eu_finish(meta, head, tail)
    if meta.jurisdiction is None and _US_FEDERAL.search(text[:30_000]):
        meta.jurisdiction = "USA"  # it cites the U.S. Code / the CFR, or is a CFR section (§ 870.2345)
    if meta.date_in_force is None and meta.doc_type in ("Bill", "Act"):
        meta.date_in_force = _en_in_force(text[:30_000])
    if not meta.doc_number:
        pl = _PUBLIC_LAW.search(head[:600])
        if pl:
            meta.doc_number = "Public Law " + re.sub(r"\s*[-–—]\s*", "-", pl.group("n"))
    return meta


# -- entry point --------------------------------------------------------------------------------------------

_TITLE_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[–—-]+\s*((?:19|20)\d{2})\b")


def _period_start(title: str | None, d: dt.date | None, p: str | None) -> tuple[dt.date | None, str | None]:
    """A plan "for 2019–2022" is adopted by the start of its period: when only a year dates it (the latest the text
    states is often the period's end), no later than that start. (English only: a Chinese 规划 for 2021—2025 is
    often issued in its second year.)"""
    per = _TITLE_PERIOD.search(title) if title and (d is None or p == "year") else None
    if not per or int(per.group(2)) <= int(per.group(1)):
        return d, p
    start = int(per.group(1))
    return (dt.date(start, 1, 1), "year") if d is None or d.year > start else (d, p)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def document_meta(text: str, lang: str | None = None, today: dt.date | None = None) -> DocumentMeta:
    """Everything the document says about itself (see the module docstring). Never raises on odd text."""
    from policyscope.ingest.extract.document import document_date, document_jurisdiction

    today = today or dt.date.today()
    if not text or not text.strip():
        return DocumentMeta()
    sample = text[:3000]
    zh = lang == "zh" or (lang is None and len(_CJK.findall(sample)) >= 0.2 * max(1, len(sample.strip())))
    meta = _zh_meta(text) if zh else _en_meta(text)
    for k in ("date_signed", "date_published", "date_in_force"):
        d = getattr(meta, k)
        if d is not None and (d > today + dt.timedelta(days=3660) or d.year < 1900):
            setattr(meta, k, None)
    best = meta.date_signed or meta.date_published
    if best is not None:
        meta.date, meta.date_precision = best, "day"
    else:
        # (the first 30,000 characters and the end say it; reading all of a long law twice was slow)
        d, p = document_date(text if len(text) <= 33_000 else text[:30_000] + "\n" + text[-3000:], today)
        force = meta.date_in_force if meta.doc_type in ("Bill", "Act") else None
        if force is not None and force <= today and (d is None or d > force):
            # an Act is passed before it takes effect (and most take effect within months): no later than that
            d, p = dt.date(force.year, 1, 1), "year"
        meta.date, meta.date_precision = (d, p) if zh else _period_start(meta.title, d, p)
    if meta.jurisdiction is None:
        meta.jurisdiction = document_jurisdiction(text[:30_000])
    return meta
