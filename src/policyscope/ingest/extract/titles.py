"""Titles of policy documents and programmes: 《…》, quoted names with a policy word (“地平线2020”计划),
unquoted names in table cells ending in a policy word, English titles (… Act of 2021, … Strategy, … Plan,
Executive Order 14110) and bill numbers (S.1260, H.R. 4346)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Words that end the name of a policy instrument (zh) — also used by the classifier.
ZH_SUFFIX = (
    "法案|法律|法典|条例|办法|规定|规则|细则|指令|法|战略|规划|计划|纲要|意见|通知|决定|白皮书|蓝皮书|路线图|"
    "行动方案|实施方案|方案|指南|指引|框架|倡议|宣言|声明|备忘录|协议|协定|公约|议程|构想|愿景|政策|准则|原则|宪章|"
    "标准|报告|记分牌|指数|榜单|预算|基金|项目|工程|计划书|新政|联盟|伙伴关系|草案|征求意见稿|议定书|举措|措施|机制"
)
_ZH_SUFFIX_RE = re.compile(rf"(?:{ZH_SUFFIX})(?:[（(][^）)]{{0,20}}[）)])?(?:\s*\d{{4}}|\s*\d\.\d)?$")
_VERB_SUFFIX = (
    "战略|规划|计划|纲要|法案|条例|新政|路线图|倡议|宣言|指导原则|原则|准则|白皮书|协议|协定|备忘录|联合声明|联盟|"
    "研究中心|创新中心|中心|研究院|实验室|研究所|研究机构|基金|伦理标准|标准|委员会|办公室|工程|专项|"
    # bodies a government sets up to steer a task: 成立…领导小组 / 工作组 / 工作专班
    "领导小组|工作小组|工作组|专班|联席会议制度|联席会议|"
    # 自2017年实施乡村电子商务项目, 启动…合作项目: a programme named by its project word
    "项目|"
    # zones a government sets up as policy instruments: 设立经济特区, 启动…创新发展试验区建设
    "自由贸易试验区|试验区|示范区|先行区|先导区|开发区|高新区|自由贸易区|自贸区|新区|特区|示范园区|产业园|合作区|园区"
)
# 新建7个国家人工智能研究所, 成立一批…中心: a count between the verb and a body's name
_VERB_TITLE = re.compile(
    rf"(?:发布|出台|推出|公布|签署|签订|批准|通过|提出|制定|颁布|印发|下发|启动|实施|成立|设立|建立|组建|创立|创建|新建|筹建|新设|修订|修改)"
    rf"(?:了|的)?"
    rf"(?:一项|一份|一系列|一个|首个|新的|新版|全新的|[0-9一二三四五六七八九十两]{{1,3}}(?:个|家|所|批|座)|一批)?"
    rf"(?P<t>(?:[\u4e00-\u9fffA-Za-z0-9“”\-+— ]|（[\u4e00-\u9fff]{{1,6}}）|《[^《》\n]{{2,20}}》){{0,34}}?(?:{_VERB_SUFFIX})"
    rf"(?:[（(]\d{{4}}[—–\-]\d{{4}}年?[）)])?)"
    rf"(?=[，。；、,;：:（(]|$|和|及|与|，|以|旨在|，|实施|建设)"
)
# a law promulgated or adopted by name: 日本2014年3月31日公布地方法人税法 (not 方法, 办法, 立法…)
_LAW_TITLE = re.compile(r"(?:公布|颁布|通过|修订|修改|制定|施行)(?:了|的)?(?P<t>[\u4e00-\u9fff]{2,20}?(?<![方办做看立执司手算疗语])法)"
                        r"(?=[，。；、,;（(]|$|和|及|与)")
_VERB_LEAD = re.compile(r"^(?:实施|建设|组建|筹建)")
def _clause_head(boundary: str, body: str, flags: int = 0) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name at the head of its clause: (the pattern at the text's start, the pattern led by the boundary
    character). Why not one pattern led by ``(?:^|(?<=[…]))``: a look-behind first loses the regex engine's
    first-character scan, and the four such rules doubled the time of ``find_titles`` on Chinese texts."""
    return re.compile(body, flags), re.compile(f"[{boundary}]" + body, flags)


def _clause_heads(pats: tuple[re.Pattern[str], re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches of a ``_clause_head`` pair, in order."""
    first = pats[0].match(text)
    if first is not None:
        yield first
    yield from pats[1].finditer(text, first.end() if first is not None else 0)


# what an approval sets up, whatever it is called: 批复同意设立武夷山国家公园（国函…）, 同意建立…外部评估机制，
_AGREED_SET_UP = re.compile(r"同意(?:设立|建立|成立|组建|筹建)(?P<t>[\u4e00-\u9fff0-9“”《》]{3,40}?)(?=[，。；,;（(]|$)")
# a document that opens its clause and is then said to be issued: …实施方案由…办公厅于2017年11月12日印发,
# …保护条例于2018年3月30日公布
_ISSUED_AFTER = _clause_head(
    "，。；：:\\s▲■●◆", r"(?P<t>(?!该|这|此|其|上述|我国|本)(?:[\u4e00-\u9fff0-9（）、]|《[^《》]{2,20}》){4,40}?"
    r"(?:条例|办法|方案|规划|意见|规定|细则|纲要|计划|政策|战略)(?:（(?:试行|暂行|修订|\d{4}年修订)）)?)"
    r"(?=(?:由[^，。；]{2,30}?)?于(?:(?:19|20)\d{2}年|同年|当年|今年|去年|上月|本月)[^，。；]{0,12}?"
    r"(?:印发|公布|发布|出台|通过|颁布|下发)"
    r"|由[^，。；]{2,30}?(?:印发|公布|发布|出台|制定|颁布|下发)"
    r"|——(?:19|20)\d{2}年[^，。；]{0,12}?(?:印发|公布|发布|出台|颁布|下发))", re.M)
# a body or a zone named at the head of its clause, then founded or approved: 中国人工智能学会（CAAI）成立于1981年,
# 三江源国家公园于2021年9月30日获国务院批复设立, ——贵州内陆开放型经济试验区，获批于2016年8月5日
_FOUNDED_AFTER = _clause_head(
    "，。；：:\\s▲■●◆—", r"(?P<t>(?!该|这|此|其|上述|我国|本)[\u4e00-\u9fff]{3,30}?)"
    r"(?=(?:（[A-Za-z]{2,12}）)?(?:成立|设立|创建|组建|创办)于(?:19|20)\d{2}年)")
# …保护委员会于2019年11月11日经市政府办公厅发文成立
_BODY_DATED_SET_UP = _clause_head(
    "，。；：:\\s▲■●◆—", r"(?P<t>(?!该|这|此|其|上述|我国|本)[\u4e00-\u9fff]{3,30}?(?:委员会|领导小组|办公室|中心|工作组))"
    r"(?=于(?:19|20)\d{2}年[^，。；]{0,20}?(?:成立|设立|组建))")
_ZONE_APPROVED = _clause_head(
    "，。；：:\\s▲■●◆—", r"(?P<t>(?!该|这|此|其)[\u4e00-\u9fff]{2,30}?(?:国家公园|试验区|新区|示范区|开发区|高新区|"
    r"自由贸易港|产业园|园区|联席会议制度))(?=[^，。；]{0,20}?获(?:国务院)?(?:批复|批准|批|准)|，获批|"
    r"[^，。；]{0,24}?批复同意(?:设立|建立))")
# a Chinese rendering right before its original (Latin, Hangul, kana), after a verb of running or setting up:
# 开设网络安全学习实验室（Lernlabor …）, 主管的购买条件型新产品开发事业（구매…）, 利用现代化基金（Modernisation Fund）
_RENDERED_BEFORE_ORIGINAL = re.compile(
    r"(?:开设|设立|成立|利用|启动|实施|推出|运营|资助|主管的|负责的|牵头的|管理的|出资的)"
    r"(?P<t>(?![的了])[\u4e00-\u9fff][\u4e00-\u9fff·—&A-Za-z]{2,30})(?=（[A-Za-z\uac00-\ud7af\u3040-\u30ff])")
_FIRM_END = re.compile(r"(?:公司|集团|银行|企业|厂|店)$")
_ACTOR_END = re.compile(r"(?:部|局|署|厅|委|协会|学会|联合会|公司|集团|大学|学院|银行|政府|议会)$")
# a list of fields before a generic kind word is no name: 支持汽车、家居…等消费政策, 具体征收管理办法
_LISTED_FIELDS = re.compile(r"^(?:具体|相关|有关)|、.*(?:政策|措施)$|等|各项|一系列")
# a long unmarked document name after 印发 (a 通知 issues it): 印发2014年四川省打击…工作安排意见，部署…
_ISSUED_TITLE = re.compile(
    r"(?:印发|颁布|出台|下发)(?:了|的)?(?:并?实施(?:新的)?)?(?P<t>(?:[\u4e00-\u9fff0-9“”、]|（\d{4}[—–\-]\d{4}年?）){6,50}?"
    r"(?:意见|办法|方案|要点|细则|规定|政策|计划|规划|纲要)(?:（(?:试行|暂行)）)?)"
    r"(?=[，。；,;（(]|$)")
# a name that opens its clause and is then dated as started: 西部大开发战略自2000年由国务院组织实施, …计划于2016年启动
_SINCE_YEAR = re.compile(r"[自从于](?:19|20)\d{2}年")
# (a Latin lead, BIOTEK2021生物技术创新计划; a year and a gloss after the kind word, …计划2025（Plan …）; a name after
# its actor's 的 — 牵头实施的千人计划 — is cut at that 的 in ``_since_year_titles``)
_NAME_BEFORE = re.compile(r"(?:^|[，。；：\n])(?P<t>[\u4e00-\u9fffA-Za-z0-9\-]{2,40}?(?:战略|规划|计划|工程|专项|纲要|行动|项目|倡议|基金|机制)"
                          r"(?:\d{4})?(?:[（(][^（）()\n]{1,60}[）)])?)$")
# 转发国家发展改革委关于“十三五”期间实施…工程的意见: a 关于…的 document name after a verb of passing it on
_ABOUT_TITLE = re.compile(r"(?:转发|发出|下发|印发|出台|发布)[^，。；《》“\n]{0,20}?"
                          r"(?P<t>关于[^，。；《》\n]{2,60}?的(?:指导意见|实施意见|意见|通知|决定|办法|方案|规定))(?=[，。；,;（(]|$)")
# 成立A领导小组和B领导小组: the second name set up by the same verb
_AND_NEXT = re.compile(rf"(?:和|及|与|以及)(?P<t>[\u4e00-\u9fff]{{2,24}}?(?:{_VERB_SUFFIX}))(?=[，。；、,;（(]|$|和|及|与)")
# …领导小组2012年由国务院设立: a body whose set-up verb comes after it
_BODY_THEN_VERB = re.compile(r"(?:^|[，。；：\n])(?P<t>[\u4e00-\u9fff]{4,30}?(?:领导小组|委员会|工作组|办公室|工程实验室|实验室|中心|"
                             r"研究院|研究所))[，,]?(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)?(?:由|经|获)[\u4e00-\u9fff0-9年月日]{0,20}?"
                             r"(?:批准|批复)?(?:设立|成立|组建|批复|发文成立)")
_KIND_BEFORE = re.compile(r"(?:计划|项目|倡议|战略|行动|工程|方案|政策|专项|基金|机制)$")
_SET_UP_ZH = re.compile(r"设立|成立|组建|批复")  # one of which every match of _BODY_THEN_VERB ends with (at most 75 long)
_HOLD_BEFORE = re.compile(r"(?:举办|发起|启动|推出|实施|设立|开展|创办|主办)(?:了)?$")
# 自1992年起步以来，浦东开发区…: a zone that opens its clause in a dated sentence
_ZONE_OPENS = re.compile(r"(?:^|[，。；：\n])(?P<t>(?:(?!的)[\u4e00-\u9fff]){2,12}?(?:经济技术开发区|高新技术产业开发区|开发区|"
                         r"自由贸易试验区|试验区|示范区|新区|特区))(?=[，。；、的在自于已是作凭以由从将和与及]|$)")
# 首批国家级经济技术开发区在大连等沿海开放城市设立: a zone whose set-up verb closes its clause
_ZONE_THEN_VERB = re.compile(r"(?:^|[，。；：\n])(?:首批|首个|一批|第一批)?(?P<t>[\u4e00-\u9fff]{2,24}?(?:开发区|试验区|示范区|先行区|"
                             r"高新区|自贸区|自由贸易区|新区|特区))[^，。；\n]{0,20}?(?:设立|成立|获批|批复设立|挂牌)")
# A Japanese name in a Chinese text (kana, Japanese kind words), after a verb: 发布2050年カーボンニュートラルに伴う
# グリーン成長戦略（…）, 制定的バイオ戦略2019, 实施世界トップレベル研究拠点プログラム
_JA_TITLE = re.compile(r"(?:发布|制定|实施|启动|推出|出台|公布|通过|颁布)(?:了|的)?"
                       r"(?P<t>[0-9\u4e00-\u9fff\u3040-\u30ff・ー]{2,60}?(?:戦略|計画|プログラム|事業|法律|法|制度|構想|方針|ビジョン)"
                       r"(?:\d{4})?)(?=[（(，。；、,;]|$)")
_KANA = re.compile(r"[\u3040-\u30ff]")
# “十二五” inside a name (四川省…体系“十二五”规划2015年实施计划) is a period, not a quoted name
_PERIOD_QUOTE = re.compile(r"十[一二三四五六七八九]五")
_BOOK = re.compile(r"《((?:[^《》\n]|\n[ \t]*(?:\n[ \t]*){0,3}(?=[^《》\n])){2,100})》")  # may span a page break
_QUOTED = re.compile(rf"[“\"]([^“”\"\n]{{2,40}})[”\"](?P<suf>(?:{ZH_SUFFIX}|概念|理念))?")
# Periodicals and books cited in passing are not policy documents.
_PERIODICAL = re.compile(r"(?:日报|时报|晚报|周刊|杂志|学报|期刊|报$|新闻|求是$|经济学家$|自然$|科学$|Nature$|Science$)")
# a part in brackets inside a name: Climate Change (Scotland) Act 2009, Environmental Levy (Budget Amendment) Act 2017
_EN_NAME_PAREN = r"\((?=[^)]*[a-z])[A-Z][\w'’&\-]*(?:\s+(?:[A-Z][\w'’&\-]*|of|and|for|on|the|in|to|from)){0,8}\)"
_EN_TITLE_WORD = rf"(?:[A-Z][\w'’&\-]*|of|and|for|on|the|in|to|a|&|—|-|\d{{4}}|{_EN_NAME_PAREN})"
_EN_KIND = (
    r"Act|Bill|Law|Code|Regulations|Regulation|Directive|Strategy|Plan|Initiative|Roadmap|Road\s+Map|Framework|Agenda|Program|"
    r"Programme|Policy|Blueprint|Guidelines|Guidance|Principles|Charter|Declaration|Statement|Agreement|Memorandum|"
    r"Partnership|Alliance|Report|White\s+Paper|Budget|Fund|Vision|Order|Mission|Compass|"
    # programmes named by what they are: the Abel Prize, a …Campaign, the National Climate Change Decree
    r"Prize|Campaign|Decree|Project|Constitution"
)
_CAP = r"(?:(?:d['’])?[A-Z][\w'’\-]*|\d{4})"  # (d’Ivoire)
_EN_TITLE = re.compile(
    rf"(?<![\w])(?:the\s+|The\s+)?(?P<t>"
    rf"(?:(?:[A-Z][\w'’&\-]*\s+)(?:{_EN_TITLE_WORD}\s+){{0,12}}?(?:{_EN_KIND})(?:\s+(?:{_EN_KIND}))*"
    rf"|(?:{_EN_KIND})(?=\s+(?:of|for|on|to)\s+(?:the\s+)?[A-Z]))"
    rf"(?:\s+of\s+\d{{4}}|\s+\d{{4}}"
    rf"|\s+(?:of|for|on|to)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}|\s+(?:and|of|for|on)\s+(?:the\s+)?(?=[A-Z]){_CAP}){{0,8}}"
    rf"(?:\s+of\s+\d{{4}})?)?)(?![\w])"
)
# (the "no word character before" tests of these two are done in Python: see _KIND_LIT)
_EO = re.compile(r"(?:Executive\s+Order|E\.O\.)\s*(?:No\.\s*)?(\d{5})\b")
# EU acts by number: "Regulation (EU) 2016/679", "Council Directive 2000/43/EC", "Commission Implementing Decision (EU)
# 2021/1073"
_EU_ACT = re.compile(r"(?:Regulations?|Directives?|Decisions?)\s+"
                     r"(?:\((?:EU|EC|EEC|Euratom)\)\s+(?:No\s+)?\d{1,4}/\d{1,4}|(?:No\s+)?\d{2,4}/\d{1,4}/(?:EC|EU|EEC|Euratom))")
# its subject, when given: "Regulation (EU) 2021/1119 establishing the framework for achieving climate neutrality"
_EU_ACT_TAIL = re.compile(r"\s+(?:on(?!\s+(?:\d|[JFMASOND][a-z]{2,8}\s+\d))|establishing|laying\s+down|amending|concerning|supplementing|repealing|setting\s+up|"
                          r"consolidating|instituting|creating|approving|regulating|introducing|governing)\s+[^,;.()—–\n]{3,150}?(?=\s*[,;.()—–\n]|\s+(?:was|is|were|which|and\s+(?:was|is))\b|\s+(?:on|in)\s+(?:\d|[JFMASOND][a-z]{2,8}\s+(?:\d|19|20))|$)")
# a numbered decree with its subject: "Decree No. 9.578 consolidating executive regulations on Climate Change"
_DECREE_NO = re.compile(r"(?<![\w])Decree\s+(?:No\.?|Number|n[º°o]\.?)\s*\d[\d./\-]*\d")
_EU_ACT_BY = re.compile(r"(?:Council|Commission)\s+(?:Implementing\s+|Delegated\s+)?$")
_BILL = re.compile(r"((?:H\.\s?R\.|S\.|H\.\s?Res\.|S\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.)\s?\d{1,5})(?![\d])")
# a translated act named in lower case, closed by its official citation: "Act on investments in the field of wind power
# (Dz.U. 2016 pos. 961)", "Law on the protection of personal data (Official Gazette No. 87/2018)"
_CITED_ACT = re.compile(r"(?:Act|Law|Decree|Ordinance|Regulation)\s+(?:on|of)\s+(?:the\s+)?[a-z][\w ,\-’']{4,100}?"
                        r"\s+\((?:Dz\.\s?U\.|BGBl\.|OJ\s|Official\s+(?:Journal|Gazette)|Journal\s+officiel|Coll\.|"
                        r"No\.\s*\d|Nr\.\s*\d|n[º°o]\.?\s*\d)[^()\n]{0,40}\)")
# a state's bill by its number, as digests name them: HB 1596, SB 1047, AB 2013, HF 4757, House Bill 1596
_STATE_BILL = re.compile(r"(?:[HSA]B|[HS]F|LB|[HS]\.B\.|A\.B\.)\s\d{1,5}(?![\d/\-])")
_STATE_BILL_TAIL = re.compile(r"[BF]\.?\s\d")  # (found first: the letters before it are then tested)
_CHAMBER_BILL = re.compile(r"(?:House|Senate|Assembly)\s+Bill\s+(?:No\.\s*)?\d{1,5}(?![\d/\-])")


def _word_before(text: str, pos: int, dot: bool = False) -> bool:
    if pos == 0:
        return False
    c = text[pos - 1]
    return c.isalnum() or c == "_" or (dot and c == ".")
_EN_STOP_START = re.compile(r"^(?:This|These|That|Such|Each|Any|An|A|Our|Its|Their|In|On|For|Under|With|By|As|At|If|"
                            r"When|Section|Sec|Subsection|Paragraph|Title|Chapter|Part|Not|No|Nothing|Such)\s", re.I)


@dataclass(frozen=True)
class TitleMention:
    start: int  # offsets of the title text (without 《》 or quotes)
    end: int
    text: str
    kind: str  # "book", "quoted", "cell", "en", "eo", "bill"
    score: float  # how sure we are that this names a policy instrument


# A title ends in a kind word right after a capitalised word or a year ("… Science Act", "… Act of 2022"), or
# starts with one followed by of/for/on + a capital ("Strategy for American Innovation"); "this Act" is no title.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_KIND_WORD = re.compile(rf"(?:[A-Z][\w'’&\-]*|\d{{4}})\s+(?:{_EN_KIND})\b|\b(?:{_EN_KIND})\s+(?:of|for|on|to)\s+(?:the\s+)?[A-Z]")


# Kind words alone: a pattern that starts with literals keeps the regex engine's first-character scan (one
# starting with a look-behind, \b or a class of every capital does not; that scan was a third of title time).
_KIND_LIT = re.compile(rf"(?:{_EN_KIND})(?![\w])")
_KIND_AFTER = re.compile(r"\s+(?:of|for|on|to)\s+(?:the\s+)?[A-Z]")
_TOKEN_CH = re.compile(r"[\w'’&\-]")


def _name_token_before(text: str, j: int) -> int:
    """Where the token ending at ``j`` starts if it can end a name (capitalised, a year, or a part in brackets:
    "(Budget Amendment) Act"), else -1."""
    i, first = j, -1
    while i >= 0 and _TOKEN_CH.match(text[i]):
        if "A" <= text[i] <= "Z":
            first = i
        i -= 1
    if first < 0 and j >= 3 and text[j - 3:j + 1].isdigit() and text[j - 3:j + 1].isascii():
        first = j - 3
    if first < 0 and text[j] == ")":
        o = text.rfind("(", max(0, j - 80), j)
        if o >= 0 and "A" <= text[o + 1] <= "Z":
            first = o + 1
    return first


def _kind_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``_KIND_WORD`` matches (a capitalised word or a year, then a kind word; or a kind word, then
    of/for/on and a capital), found from the kind words."""
    for k in _KIND_LIT.finditer(text):
        p = k.start()
        if p and (text[p - 1].isalnum() or text[p - 1] == "_"):
            continue
        j = p - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < p - 1:  # whitespace before the kind word: is the token before it capitalised, or a year?
            first = _name_token_before(text, j)
            if first >= 0:
                yield first, k.end()
                continue
        a = _KIND_AFTER.match(text, k.end())
        if a:
            yield p, a.end()


def _en_title_matches(text: str) -> Iterator[re.Match[str]]:
    """English title matches; on long texts only around the words that end a title (speed)."""
    if len(text) < 3000:
        yield from _EN_TITLE.finditer(text)
        return
    windows: list[list[int]] = []
    for ks, ke in _kind_spans(text):
        s, e = max(0, ks - 200), min(len(text), ke + 120)
        if windows and s <= windows[-1][1]:
            windows[-1][1] = e
        else:
            windows.append([s, e])
    last = -1
    for s, e in windows:
        for m in _EN_TITLE.finditer(text, max(s, last), e):
            last = m.end()
            yield m


def policy_suffix(title: str) -> str | None:
    """The policy word a Chinese title ends with (战略, 法案…), if any."""
    m = _ZH_SUFFIX_RE.search(title.strip())
    if not m:
        return None
    return re.sub(r"[（(].*$|\s*\d.*$", "", m.group())


class _Found:
    """The titles found so far in a text, and the spans they take: a later rule claims no taken span."""

    def __init__(self) -> None:
        self.out: list[TitleMention] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in self.taken)

    def claim_over(self, s: int, e: int) -> bool:
        """Free ``s:e`` of the titles found inside it (河南省实施《水法》办法 holds 《水法》: the name is the whole), when
        every title it overlaps lies inside it; False (nothing changed) when one runs across its edge."""
        inside = [i for i, (a, b) in enumerate(self.taken) if a < e and s < b]
        if any(not (s <= self.taken[i][0] and self.taken[i][1] <= e) for i in inside):
            return False
        for i in reversed(inside):
            del self.taken[i]
            del self.out[i]
        return True

    def add(self, title: TitleMention, span: tuple[int, int] | None = None) -> None:
        """Keep ``title``; it takes ``span`` (by default its own, e.g. without the 《》 around it)."""
        self.out.append(title)
        self.taken.append(span or (title.start, title.end))


_UPPER = re.compile(r"[A-Z]")


def find_titles(text: str, *, table_row: bool = False) -> list[TitleMention]:
    """Titles in a (normalised) sentence or table row."""
    found = _Found()
    has_cjk = _CJK.search(text) is not None  # the 《》, “…”计划 and verb rules are for Chinese text only
    if has_cjk:
        _book_titles(text, found)
        _quoted_titles(text, found)
        _verb_titles(text, found)
        if "：" in text or ":" in text or "—" in text or "其" in text or "于" in text:
            for m in _item_heads(text):  # 〇 中欧科技合作计划：该计划由…负责 — a list item headed by its name
                if len(m.group("t")) >= 6 and not re.search(r"[与和及、]", m.group("t")):  # (not 机构与机制：)
                    _add_match(m, found)
        if "〕" in text:
            for m in _before_words(_CITED_WITH_NUMBER, text, _HAO, 80):
                t = m.group("t")
                lead = _CITE_LEAD.match(t)
                s0 = m.start("t") + (lead.end() if lead else 0)
                if not re.search(r"发出|印发|下发|发布|出台|转发", t) and m.end("t") - s0 >= 6 and found.free(s0, m.end("t")):
                    found.add(TitleMention(s0, m.end("t"), text[s0:m.end("t")], "verb", 0.45))  # (not …发出通知（…）)
    if table_row and "\t" in text:
        _cell_titles(text, found)
    if _UPPER.search(text):
        _english_titles(text, found, has_cjk)
    found.out.sort(key=lambda t: t.start)
    return found.out


# a list item headed by its name: 〇 …计划：, （1）…开发区：, 1. …计划，其…, …系统——…, …委员会于2019年…
_ITEM_BODY = (rf"[ \t]*(?:[〇●◆◇■□▲△•·\-*]|[（(]\d{{1,2}}[）)]|\d{{1,2}}[.、])[ \t]*"
              rf"(?P<t>[\u4e00-\u9fff“”A-Za-z0-9]{{2,30}}?(?:{ZH_SUFFIX}|{_VERB_SUFFIX}|系统|平台|开发区|国家公园|"
              rf"试验区))(?:[：:]|——|，其|(?=于(?:19|20)\d{{2}}年))")
_ITEM_HEAD = re.compile(r"(?:^|\n)" + _ITEM_BODY)
# the same from the line break (a literal first: the engine's first-character scan), the text's first line apart
_ITEM_HEAD_NL = re.compile(r"\n" + _ITEM_BODY)


def _item_heads(text: str) -> Iterator[re.Match[str]]:
    """``_ITEM_HEAD.finditer(text)`` (no match holds a line break but the one it starts with)."""
    first = _ITEM_HEAD.match(text)
    if first is not None:
        yield first
    yield from _ITEM_HEAD_NL.finditer(text, first.end() if first is not None else 0)
_CITE_LEAD = re.compile(r"^.*(?:参阅|参见|根据|依据|按照|详见|见|对照)")
# 河南省农业厅…编制规定（豫政办〔2009〕109号…）: a document cited by its name and number, no verb before it
_CITED_WITH_NUMBER = re.compile(r"(?:^|[，。；：、\s]|参阅|参见|根据|依据|按照|见)(?P<t>[\u4e00-\u9fff“”]{6,40}?"
                                r"(?:规定|办法|意见|方案|条例|细则|规划|计划|纲要|决定|通知|规则|标准|指南))"
                                r"（[\u4e00-\u9fff]{1,10}〔(?:19|20)\d{2}〕\d{1,4}号")
_HAO = re.compile("号")  # every match of _CITED_WITH_NUMBER ends with it (at most 66 characters long)


def _book_titles(text: str, found: _Found) -> None:
    """《…》: a title, unless it names a periodical."""
    for m in _BOOK.finditer(text):
        t = re.sub(r"\s*\n\s*", "", m.group(1)).strip()
        if _PERIODICAL.search(t) and not policy_suffix(t):
            continue
        score = 0.9 if policy_suffix(t) else 0.6
        found.add(TitleMention(m.start(1), m.end(1), t, "book", score), (m.start(), m.end()))


def _quoted_titles(text: str, found: _Found) -> None:
    """“…”计划 (the policy word after the quote belongs to the name), or a quote that ends in one."""
    for m in _QUOTED.finditer(text):
        if not found.free(m.start(), m.end()):
            continue
        inner = m.group(1).strip()
        suf = m.group("suf")
        if _PERIOD_QUOTE.fullmatch(inner) and m.start() > 0 and _CJK.match(text, m.start() - 1):
            continue  # 体系“十二五”规划: the quote is inside a longer name
        if suf:
            if suf in ("概念", "理念") or (suf in ("计划", "项目", "工程", "倡议") and re.search(r"\d", inner)):
                name = inner  # “地平线2020”计划 → 地平线2020; “数字国家”概念 → 数字国家
            else:
                name = inner if inner.endswith(suf) else inner + suf
            found.add(TitleMention(m.start(1), m.end(1), name, "quoted", 0.7), (m.start(), m.end()))
        elif policy_suffix(inner) and len(inner) >= 4:
            found.add(TitleMention(m.start(1), m.end(1), inner, "quoted", 0.6), (m.start(), m.end()))
        elif len(inner) >= 3 and _KIND_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            # 推出公共采购计划“少花钱、优服务”: the quote right after a kind word is that programme's name
            found.add(TitleMention(m.start(1), m.end(1), inner, "quoted", 0.55), (m.start(), m.end()))
        elif len(inner) >= 4 and _HOLD_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            # 联合举办“加拿大创新周”, 启动“数据工厂”: what a government holds or launches is named in the quote
            found.add(TitleMention(m.start(1), m.end(1), inner, "quoted", 0.5), (m.start(), m.end()))


def _approved_issued_rendered(text: str, found: _Found) -> None:
    """What an approval sets up (同意设立…), a document issued after its name (…方案由…于…印发), a Chinese rendering
    right before its original (开设…实验室（Lernlabor …）)."""
    for pat in (_AGREED_SET_UP, _ISSUED_AFTER, _FOUNDED_AFTER, _BODY_DATED_SET_UP, _ZONE_APPROVED):
        actor = _FIRM_END if pat is _FOUNDED_AFTER else _ACTOR_END  # a society founded is an event, a firm is not
        for m in (pat.finditer(text) if isinstance(pat, re.Pattern) else _clause_heads(pat, text)) if (
                "同意" in text or "于" in text or "由" in text or "获" in text or "——" in text) else ():
            t = m.group("t")
            if (found.free(m.start("t"), m.end("t")) or ("《" in t and found.claim_over(m.start("t"), m.end("t")))) and (
                    not actor.search(t.strip("“”"))) and not _LISTED_FIELDS.search(t):
                found.add(TitleMention(m.start("t"), m.end("t"), m.group("t"), "verb", 0.45))
    for m in _RENDERED_BEFORE_ORIGINAL.finditer(text) if "（" in text else ():
        if found.free(m.start("t"), m.end("t")) and not _ACTOR_END.search(m.group("t")):
            found.add(TitleMention(m.start("t"), m.end("t"), m.group("t"), "verb", 0.45))


def _verb_titles(text: str, found: _Found) -> None:
    """An unmarked title after a verb of issuing (印发…规划), and the second of two names it sets up."""
    for m in _VERB_TITLE.finditer(text):
        t = m.group("t").strip()
        s0 = m.start("t") + (len(m.group("t")) - len(m.group("t").lstrip()))
        lead = _VERB_LEAD.match(t)  # 启动实施国家重点研发计划: the second verb is not part of the name
        if lead:
            s0, t = s0 + lead.end(), t[lead.end():]
        if (len(t) >= 4 and (found.free(s0, s0 + len(t)) or ("《" in t and len(t) - t.rfind("》") > 4 and found.claim_over(
                s0, s0 + len(t)))) and not re.match(r"^(?:的|了|和|与|在|等|其|该|这|此)", t)
                and t.count("“") == t.count("”")):  # 广东省农村公路“路长制”领导小组: a quote inside the name
            found.add(TitleMention(s0, s0 + len(t), t, "verb", 0.45))
            _add_match(_AND_NEXT.match(text, s0 + len(t)), found)
    for m in _ISSUED_TITLE.finditer(text):
        if found.free(m.start("t"), m.end("t")) and not m.group("t").startswith("的") and not (
                "、" in m.group("t") and _LISTED_FIELDS.search(m.group("t"))):
            found.add(TitleMention(m.start("t"), m.end("t"), m.group("t"), "verb", 0.45))
    _approved_issued_rendered(text, found)
    _named_near_verb(text, found)
    _since_year_titles(text, found)


def _named_near_verb(text: str, found: _Found) -> None:
    """关于…的意见 after 转发 / 发出, a body with 由…设立 after it, a law by name after 公布 / 通过, a Japanese name in
    kana after a verb."""
    for rx in (_ABOUT_TITLE, _BODY_THEN_VERB, _LAW_TITLE):
        # (speed: the body rule ends with a set-up verb; led by a clause mark, it is tried only before one)
        for m in _before_words(rx, text, _SET_UP_ZH, 100) if rx is _BODY_THEN_VERB else rx.finditer(text):
            _add_match(m, found)
    for z in _ZONE_WORD.finditer(text):  # the zone rules read only around a zone's word (a clause-start pattern
        s, e = _clause_window(text, z.start(), z.end())  # run over a whole law is slow)
        for rx in (_ZONE_THEN_VERB, _ZONE_OPENS):
            for m in rx.finditer(text, s, e):
                _add_match(m, found)
    if _KANA.search(text):
        for m in _JA_TITLE.finditer(text):
            if _KANA.search(m.group("t")):
                _add_match(m, found)


_ZONE_WORD = re.compile(r"开发区|试验区|示范区|先行区|高新区|自贸区|自由贸易区|新区|特区")


def _before_words(rx: re.Pattern[str], text: str, words: re.Pattern[str], longest: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose every match ends with a match of ``words`` and is at most
    ``longest`` characters long (and that reads nothing past its end): scanned only in the windows that end
    there (the same matches: a match ending in a later window would have joined the two)."""
    windows: list[list[int]] = []
    for w in words.finditer(text):
        s, e = max(0, w.end() - longest), w.end()
        if windows and s <= windows[-1][1]:
            windows[-1][1] = e
        else:
            windows.append([s, e])
    last = 0
    for s, e in windows:
        for m in rx.finditer(text, max(s, last), e):
            last = m.end()
            yield m
_CLAUSE_MARK = re.compile(r"[，。；：\n]")


def _clause_window(text: str, s: int, e: int) -> tuple[int, int]:
    """From the clause mark before ``s`` (at most 30 characters back) to 30 characters after ``e``."""
    lo = max(0, s - 30)
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text, lo, s)]
    return (marks[-1] if marks else lo), min(len(text), e + 30)


def _add_match(m: re.Match[str] | None, found: _Found) -> None:
    """Keep a rule's named group ``t`` as a verb title when its span is free."""
    if m is not None and len(m.group("t")) >= 4 and found.free(m.start("t"), m.end("t")):
        found.add(TitleMention(m.start("t"), m.end("t"), m.group("t"), "verb", 0.45))


def _since_year_titles(text: str, found: _Found) -> None:
    """A name that opens its clause and is dated as started (西部大开发战略自2000年…); an actor before 的 is
    not part of it (中共中央组织部牵头实施的千人计划自2008年起 → 千人计划)."""
    for y in _SINCE_YEAR.finditer(text):
        n = _NAME_BEFORE.search(text, max(0, y.start() - 90), y.start())
        if not n:
            continue
        s0 = n.start("t")
        cut = n.group("t").rfind("的", 0, n.group("t").find("（") if "（" in n.group("t") else None)
        if cut >= 0:
            s0 += cut + 1
        t = text[s0:n.end("t")]
        if len(t) >= 4 and found.free(s0, n.end("t")):
            found.add(TitleMention(s0, n.end("t"), t, "verb", 0.45))


_HEADER_CELL = re.compile(r"^(?:项目|政策|文件|计划|法规|措施|举措)?名称$")


def _cell_titles(text: str, found: _Found) -> None:
    """Table cells that are titles (a cell may list several, separated by 、); they take no span."""
    pos = 0
    for cell in text.split("\t"):
        c = cell.strip()
        s = pos + (len(cell) - len(cell.lstrip()))
        pos += len(cell) + 1
        if 4 <= len(c) <= 60 and found.free(s, s + len(c)) and re.search(r"[\u4e00-\u9fff]", c) and not _HEADER_CELL.match(c):
            parts = re.split(r"[、]", c) if "、" in c and all(policy_suffix(x) for x in c.split("、")[:-1] + [c.split("、")[-1]]) else [c]
            off = s
            for part in parts:
                p = part.strip()
                if re.match(r"^[\d\s年月日更新]+$", p):
                    pass  # a date cell (2019年6月更新), not a title
                elif policy_suffix(p) or re.search(r"(?:更新|草案)[）)]?$", p):
                    found.out.append(TitleMention(off, off + len(p), p, "cell", 0.7))
                off += len(part) + 1


def _english_titles(text: str, found: _Found, has_cjk: bool) -> None:
    """English titles: numbered ones, capitalised names ending in a kind word, names a kind noun follows."""
    if has_cjk:
        # an English name in parentheses right after a Chinese title is that title's name, not a new one
        found.taken.extend((m.start(), m.end())
                           for m in re.finditer(r"(?<=[》”])\s*[（(][A-Za-z][^（）()\n]{1,150}[）)]", text))
    _numbered_titles(text, found)
    _marked_names(text, found, _MARKED_FIRST)
    for m in _en_title_matches(text):
        title = _en_title(text, m, found)
        if title is not None:
            found.add(title)
    kinds = list(_LOWER_KIND.finditer(text))
    for s, e in _named_by_kind_noun(text, kinds):
        if found.free(s, e):
            found.add(TitleMention(s, e, text[s:e], "en", 0.6))
    _body_titles(text, found)
    _started_names(text, found, kinds)
    _marked_names(text, found, _MARKED_LAST)


# names marked by their form: "Section 236 of the FY2025 NDAA"; an italic name holding a kind word (*An EU Strategy to
# harness …*); "Operational Programme Enterprise and Innovation for Competitiveness"; "its Green jobs initiative";
# "the Czech measure Support of biofuels — …"
# (each led by a literal, with the literal it needs tested first — a pattern led by a look-behind or \b is tried at
# every position of a long text — and the "no word character before" test done in Python)
_MARKED_FIRST: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # (only an act by its acronym: a bill's "Section 10 of the National Science Foundation Act" amends that act)
    (("Section ",), re.compile(r"Section\s+\d{1,5}[A-Za-z]?\s+of\s+the\s+(?:FY\s?\d{4}\s+)?[A-Z]{3,}\b(?!\s+[A-Z(])")),
    (("*",), re.compile(rf"\*(?!\*)(?P<t>[A-Z][^*\n]{{5,160}}?\b(?:{_EN_KIND})\b[^*\n]{{0,120}}?)\*(?![*\w])")),
    (("Operational Programme ",), re.compile(r"Operational\s+Programme\s+[A-Z][\w\-]*(?:\s+(?:and|for|of|the|in)?\s*[A-Z][\w\-]*){0,8}")),
]
_MARKED_LAST: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # a section an act carries ("carries Section 6506 on …", "Its Section 1069, on …"); a UN resolution by its symbol
    (("Section ",), re.compile(r"(?:Its|its|carries|includes|contains)\s+(?P<t>Section\s+\d{1,5}[A-Za-z]?)\b")),
    (("esolution ",), re.compile(r"(?:General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council)\s+[Rr]esolution\s+"
                              r"(?:A|S|A/HRC)/[\w./]*\w")),
    (("its ",), re.compile(r"its\s(?P<t>[A-Z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}\s+(?:initiative|programme|scheme|strategy))\b")),
    ((" — ", " – "), re.compile(r"(?:measure|programme|scheme|initiative)\s+(?P<t>[A-Z][\w\-]*(?:\s+(?:[a-z]{2,}|[A-Z][\w\-]*)){0,6}?)"
                       r"(?=\s+[—–]\s)")),
]


def _marked_names(text: str, found: _Found, patterns: list[tuple[tuple[str, ...], re.Pattern[str]]]) -> None:
    """Names their form marks (``_MARKED_FIRST`` before the title-case rule, ``_MARKED_LAST`` after it)."""
    for needs, rx in patterns:
        if not any(n in text for n in needs):
            continue
        for m in rx.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "*_"):
                continue  # (a word, or a bold mark, goes on before it)
            s, e = (m.start("t"), m.end("t")) if "t" in rx.groupindex else (m.start(), m.end())
            if text.endswith(("UN ", "UN\n"), 0, s):
                s -= 3  # "UN General Assembly resolution A/78/L.49"
            if found.free(s, e) and not is_generic_title(text[s:e]):
                found.add(TitleMention(s, e, re.sub(r"\s+", " ", text[s:e]), "en", 0.6))


# -- bodies set up: "the Commission set up the European AI Office", "Japan's AI Safety Institute was launched" --
# A body's name has no policy word; it is an event only where the sentence says the body was established.
_EN_BODY_KIND = (r"Office|Institute|Agency|Council|Centre|Center|Authority|Committee|Commission|Board|Taskforce|"
                 r"Task\s+Force|Laboratory|Observatory|Hub|Working\s+Group")
# what may follow the body word: "Institute for AI", "Centre for Ensuring Transparency and Reliability of … Models"
_BODY_TAIL = re.compile(rf"\s+(?:for|of|on)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}|\s+(?:and|of|for|on|in)\s+(?:the\s+)?"
                        rf"(?=[A-Z]){_CAP}){{0,8}}")
_SET_UP = (r"(?:set(?:s|ting)?\s+up|launch(?:ed|es|ing)?|establish(?:ed|es|ing)?|creat(?:e|ed|es|ing)|"
           r"found(?:ed|s|ing)|inaugurat(?:e|ed|es|ing)|open(?:ed|s|ing)|unveil(?:ed|s|ing)?)")
_BODY_BEFORE = re.compile(
    rf"(?:\b{_SET_UP}|\b(?:launch|establishment|creation|opening|inauguration|founding|setting\s+up)\s+of)"
    r"\s+(?:(?:a|an|the|its|their|new|national)\s+)*$", re.I)
_BODY_AFTER = re.compile(
    r"(?:,\s*(?:(?:which|that)\s+(?:was|were|is|has\s+been)\s+)?|\s+(?:was|were|has\s+been|had\s+been|will\s+be|"
    r"is\s+to\s+be|are\s+to\s+be|would\s+be|to\s+be)\s+)(?:officially\s+|formally\s+|newly\s+|jointly\s+)?"
    r"(?:set\s+up|launched|established|created|founded|inaugurated|opened)\b")
# the verb a clause away: "the Italian Institute for AI, first proposed by the government in 2020, is to be set up"
_BODY_AFTER_CLAUSE = re.compile(
    r",\s*[^,;.\n]{3,80},\s+(?:was|were|has\s+been|had\s+been|will\s+be|is\s+to\s+be|are\s+to\s+be|would\s+be)\s+"
    r"(?:officially\s+|formally\s+|now\s+|finally\s+)?(?:set\s+up|launched|established|created|founded|inaugurated)\b")
_BODY_CUE_WORDS = ("set up", "launch", "establish", "creat", "found", "inaugurat", "open", "unveil")
_BODY_KIND_LIT = re.compile(rf"(?:{_EN_BODY_KIND})\b")
_BODY_LEAD = frozenset(("of", "and", "for", "on", "the", "&", "The", "A", "An", "Its", "Their", "Our", "This", "New",
                        "In", "On"))


def _body_name(text: str, ks: int, ke: int) -> tuple[int, int] | None:
    """Span of the body's name around its body word at ``ks:ke``: capitalised words (and of / and / for…) back
    to the first one, up to 9, not a possessive ("Japan's AI Safety Institute"); then its "for …" tail."""
    words: list[tuple[int, int]] = []
    pos = ks
    while len(words) < 9:
        q, p = _word_back(text, pos)
        w = text[q:p]
        if not w or p == pos or w.endswith(("'s", "’s")) or not (w[:1].isupper() or w in _BODY_LEAD):
            break
        words.insert(0, (q, p))
        pos = q
    while words and text[words[0][0]:words[0][1]] in _BODY_LEAD:
        words.pop(0)
    tail = _BODY_TAIL.match(text, ke)
    if not words:  # "set up a Working Group for Cloud Computing", "Britain's Office for AI": the body word and its tail
        owned = text[max(0, ks - 4):ks].endswith(("'s ", "’s ", "the ", "The "))
        return (ks, tail.end()) if tail and (" " in text[ks:ke] or owned) else None
    return words[0][0], tail.end() if tail else ke


def _set_up_before(text: str, s: int) -> bool:
    """A set-up verb right before the name ("set up the", "launch of a new"); a literal test first (speed)."""
    seg = text[max(0, s - 50):s].lower()
    return any(w in seg for w in _BODY_CUE_WORDS) and _BODY_BEFORE.search(text, max(0, s - 50), s) is not None


def _body_titles(text: str, found: _Found) -> None:
    """Bodies named as being set up (Office, Institute, Agency, Council, Centre…): "launched the X Institute",
    "the X Office was established", "the X Centre, set up in 2021"."""
    from policyscope.model import registry

    for k in _BODY_KIND_LIT.finditer(text):
        near = text[max(0, k.start() - 120):k.end() + 130].lower()
        if not any(w in near for w in _BODY_CUE_WORDS):
            continue  # (speed: a long law names its Office and Council hundreds of times, and sets up few)
        span = _body_name(text, k.start(), k.end())
        if span is None or not found.free(*span):
            continue
        s, e = span
        if not (_BODY_AFTER.match(text, e) or _set_up_before(text, s) or _BODY_AFTER_CLAUSE.match(text, e)):
            continue
        t = text[s:e]
        if "\n" in t or registry().codes_for(t):
            continue  # "the European Commission, established in 1958": a jurisdiction's own name
        found.add(TitleMention(s, e, t, "en", 0.6))


def _numbered_titles(text: str, found: _Found) -> None:
    """Executive orders, EU acts and bills: titles that carry a number."""
    for m in _EO.finditer(text):
        if found.free(m.start(), m.end()) and not _word_before(text, m.start()):
            found.add(TitleMention(m.start(), m.end(), f"Executive Order {m.group(1)}", "eo", 0.9))
    for m in _EU_ACT.finditer(text) if ("/" in text) else ():
        by = _EU_ACT_BY.search(text[max(0, m.start() - 40):m.start()])
        s0 = m.start() - (len(by.group()) if by else 0)
        tail = _EU_ACT_TAIL.match(text, m.end())
        e0 = tail.end() if tail else m.end()
        if found.free(s0, e0) and not _word_before(text, s0):
            found.add(TitleMention(s0, e0, re.sub(r"\s+", " ", text[s0:e0]), "eu", 0.85))
    for m in _DECREE_NO.finditer(text) if "Decree" in text else ():
        tail = _EU_ACT_TAIL.match(text, m.end())
        e0 = tail.end() if tail else m.end()
        if found.free(m.start(), e0):
            found.add(TitleMention(m.start(), e0, re.sub(r"\s+", " ", text[m.start():e0]), "eu", 0.8))
    _bills_and_cited_acts(text, found)


def _state_bills(text: str) -> Iterator[re.Match[str]]:
    """State bills by number (HB 1596, S.B. 12) and by chamber (House Bill 2), found from the letter before the number."""
    last = -1
    for t in _STATE_BILL_TAIL.finditer(text):
        for back in (1, 3):  # "HB 1", "H.B. 1"
            m = _STATE_BILL.match(text, t.start() - back) if t.start() >= back else None
            if m is not None and m.start() > last:
                last = m.end()
                yield m
                break
    if "Bill " in text:
        yield from _CHAMBER_BILL.finditer(text)


def _bills_and_cited_acts(text: str, found: _Found) -> None:
    """Bills by number (H.R. 5077, HB 1596) and translated acts closed by their citation."""
    for m in _CITED_ACT.finditer(text) if " (" in text else ():
        if found.free(m.start(), m.end()) and not (m.start() and text[m.start() - 1].isalnum()):
            found.add(TitleMention(m.start(), m.end(), re.sub(r"\s+", " ", m.group()), "eu", 0.8))
    for m in _state_bills(text):
        if found.free(m.start(), m.end()) and not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "._")):
            found.add(TitleMention(m.start(), m.end(), re.sub(r"\s+", " ", m.group()), "bill", 0.8))
    for m in _BILL.finditer(text):
        if found.free(m.start(), m.end()) and not _word_before(text, m.start(), dot=True):
            found.add(TitleMention(m.start(1), m.end(1), re.sub(r"\s+", "", m.group(1)).replace(".R.", ".R. ").strip(),
                                   "bill", 0.8), (m.start(), m.end()))


_FIRST_WORD = re.compile(r"^\S+\s+(?:the\s+)?")
_TRAILING_SMALL = re.compile(r"(?:\s+(?:and|of|for|on|the|in|to|a))+$")
_OWNER = re.compile(r"^(?:[A-Z]\S*\s+){0,2}\S+(?:’s|'s)\s+")  # "Tanzania's", "Viet Nam's", "Costa Rica's"
# "the Law on Natural Disaster Prevention and Control No. 33/2013/QH13": the number after a name is part of it
_NUMBER_AFTER = re.compile(r"\s+(?:No|Nr|no|n[º°o])\.?\s*\d[\w./\-]*\w")


def _en_title(text: str, m: re.Match[str], found: _Found) -> TitleMention | None:
    """The title an ``_EN_TITLE`` match names, if mostly capitalised and not part of a body's name."""
    t = m.group("t").strip()
    s = m.start("t")
    nl = t.find("\n")
    if nl >= 0 and s + nl - (text.rfind("\n", 0, s) + 1) <= 40:
        return None  # a heading line ("Latin America", "Vehicles: Seoul and Pretoria") run into the next paragraph
    if _EN_STOP_START.match(t):
        # drop a leading function word ("In the National AI Strategy")
        cut = _FIRST_WORD.match(t)
        if cut is None:
            return None
        s += cut.end()
        t = t[cut.end():]
    t = _TRAILING_SMALL.sub("", t)
    own = _OWNER.match(t)
    if own:  # "Tanzania's National Energy Policy": the owner is the jurisdiction, not part of the name
        s, t = s + own.end(), t[own.end():]
    words = t.split()
    if len(words) < 2 or not found.free(s, s + len(t)) or not words[0][:1].isupper():
        return None
    content = [w for w in words if w.lower() not in ("of", "and", "for", "on", "the", "in", "to", "a", "&")]
    caps = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit() or (w[:2] in ("d'", "d’") and w[2:3].isupper()))
    if not content or caps / len(content) < 0.8:
        return None
    if _ATTRIBUTIVE.match(text, s + len(t)) or _OFFICE_OF.search(t):
        return None  # "AI Policy Digest", "AI Strategy Council", "… Office of Science and Technology Policy": a body
    if words[-1] in ("No", "Nr", "no") and len(words) > 2:
        t = t[:t.rfind(" ")]  # the tail took "No" of "… Control No. 33/2013/QH13": the number follows
    num = _NUMBER_AFTER.match(text, s + len(t))
    if num and found.free(s, num.end()):
        t = text[s:num.end()]
    return TitleMention(s, s + len(t), t, "en", 0.7 if len(words) >= 3 else 0.5)


_OFFICE_OF = re.compile(r"\bOffice\s+of\s+(?:the\s+)?[A-Z][\w\s,&]*\bPolicy$")  # an office named for a field of policy
_ATTRIBUTIVE = re.compile(r"\s+(?:Digest|Council|Committee|Office|Agency|Board|Taskforce|Task\s+Force|Unit|Team|Group|Forum|"
                          r"Summit|Newsletter|Update|Review|Conference|Secretariat|Institute|Centre|Center|Lab|Hub|"
                          r"Weekly|Daily|Monthly|Bulletin|Briefing|Brief|Roundup|Round-up|Monitor|Tracker|Watch)\b")
# "the Leveraging … Sector initiative", "MISSION KI, a new national initiative": a capitalised name that a
# lower-case kind noun right after it (or in an apposition) says is an instrument
# (as a trie: each position tries one branch, not thirteen words; at most one word can match, so the same hits)
_LOWER_KIND = re.compile(r"(?:initiative|p(?:la(?:n|tform)|ro(?:gram(?:me)?|ject)|ackage)|s(?:cheme|trategy)|mission|"
                         r"f(?:und|ramework)|roadmap)(?![\w])")
_APPOS = re.compile(r",\s+an?\s+(?:[a-z\-]+\s+){0,3}$")
_CONNECTORS = frozenset(("and", "of", "for", "in", "on", "the", "to", "&"))
_NAME_CH = set("'’&-.")


def _word_back(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the word that ends right before ``pos`` (spaces skipped)."""
    p = pos
    while p > 0 and text[p - 1] == " ":
        p -= 1
    q = p
    while q > 0 and (text[q - 1].isalnum() or text[q - 1] in _NAME_CH):
        q -= 1
    return q, p


def _named_by_kind_noun(text: str, kinds: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Spans of capitalised names followed by a lower-case kind noun (``kinds``: its matches of ``_LOWER_KIND``),
    directly or in an apposition."""
    out = []
    for k in kinds:
        st = k.start()
        if st < 3 or text[st - 1] != " " or text[st - 2].isupper():
            continue
        q, p = _word_back(text, st - 1)
        end = p
        if not text[q:p][:1].isupper():
            win = text[max(0, st - 60):st]
            app = _APPOS.search(win) if (", a " in win or ", an " in win) else None
            if app is None:
                continue
            end = max(0, st - 60) + app.start()
        span = _caps_name_back(text, end)
        if span is not None:
            out.append(span)
    return out


_NAME_LEAD = _CONNECTORS | {"The", "This", "That", "A", "An", "In", "On", "Under", "Its", "Our", "Their"}


def _caps_name_back(text: str, end: int) -> tuple[int, int] | None:
    """Span of the capitalised name (with of / and / for… inside, 2+ capitalised words) that ends at ``end``,
    unless it names a jurisdiction ("the European Union")."""
    words: list[tuple[int, int]] = []
    pos = end
    while len(words) < 15:
        q, p = _word_back(text, pos)
        w = text[q:p]
        if not w or w.endswith(("'s", "’s")) or not (w[:1].isupper() or w in _CONNECTORS or (w.isdigit() and len(w) == 4)):
            break
        words.insert(0, (q, p))
        pos = q
    while words and text[words[0][0]:words[0][1]] in _NAME_LEAD:
        words.pop(0)
    while words and text[words[-1][0]:words[-1][1]] in _CONNECTORS:
        words.pop()
    if sum(1 for a, b in words if text[a:b][:1].isupper()) < 2 or text[words[0][0]:words[-1][1]].count("\n"):
        return None
    s0, e0 = words[0][0], words[-1][1]
    from policyscope.model import registry

    if registry().codes_for(text[s0:e0]):
        return None  # "the European Union framework": a jurisdiction, not a title
    return s0, e0


# A name a start clause dates as a running programme: "its Regulatory Sandbox on AI, which started in 2020",
# "the Green Schools Network, launched in 2016"
_STARTED_CLAUSE = re.compile(r",\s+(?:(?:which|that)\s+(?:started|began|was\s+launched|was\s+set\s+up|was\s+introduced|"
                             r"has\s+run|has\s+been\s+running)|launched|started|introduced|in\s+place|running)\s+"
                             r"(?:in|since)\s+(?:19|20)\d{2}\b")
# A capitalised name with a lower-case kind word and its "for …" tail after a verb of issuing: "published the
# National strategy for the development of carbon-free hydrogen in France on 8 September 2020"
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_VERB_CAPS_BEFORE = re.compile(
    r"(?:published|adopted|released|launched|approved|unveiled|presented|introduced)\s+(?:the|its|a|an)\s+(?:new\s+)?"
    r"(?P<t>(?:[A-Z][\w\-]*\s+){1,4})$")
_KIND_FOR_TAIL = re.compile(rf"\s+(?:for|on|of|to)\s+[\w\-’' ]{{3,100}}?(?=\s+(?:on|in)\s+(?:\d|{_MONTHS})|\s*[,.;:(]|$)")


def _started_names(text: str, found: _Found, kinds: list[re.Match[str]]) -> None:
    """Programmes named without a capitalised kind word that a start clause or a lower-case kind word after a
    verb of issuing marks (above); ``kinds``: the lower-case kind nouns of the text, found once."""
    if ", " in text:
        for m in _STARTED_CLAUSE.finditer(text):
            span = _caps_name_back(text, m.start())
            if span is not None and found.free(*span):
                found.add(TitleMention(span[0], span[1], text[span[0]:span[1]], "en", 0.55))
    for k in kinds:
        before = _VERB_CAPS_BEFORE.search(text, max(0, k.start() - 120), k.start())
        tail = _KIND_FOR_TAIL.match(text, k.end()) if before else None
        if before and tail and found.free(before.start("t"), tail.end()):
            found.add(TitleMention(before.start("t"), tail.end(), text[before.start("t"):tail.end()], "en", 0.55))


# -- what is not an event -----------------------------------------------------------------------------------
_GENERIC_ZH = re.compile(rf"^(?:本|该|此|上述|这一|这个|有关)?(?:{ZH_SUFFIX}|实施细则|实施意见|指导意见|管理办法|暂行办法|行动计划)$")
_SLOGAN_ZH = re.compile(r"^(?:十[一二三四五六七八九]五(?:规划|时期|期间)?|[一二三四五六七八九十百千万]{2,4}(?:工程|行动|计划)?)$")
_GENERIC_EN_WORDS = frozenset(
    ["the", "this", "that", "such", "said", "present", "proposed", "new", "draft", "final", "council", "commission", "european", "parliament", "implementing", "delegated", "public", "federal", "state", "national", "framework", "joint", "union", "community", "its", "their", "our", "and", "or", "of", "for", "on", "a", "an", "to", "in", "with"])
_EN_KIND_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", _EN_KIND))


_QUOTE_MARKS = re.compile(r"[“”\"]")
_DIGIT = re.compile(r"\d")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def is_generic_title(title: str) -> bool:
    """A kind word standing alone is no event: 《通知》, 《办法》, "The Agreement", "Council Directive",
    "Public Law", "the Regulation"; nor a slogan (十四五, 千万工程)."""
    t = title.strip().strip("《》“”\"' ")
    if not t:
        return True
    if _CJK.search(t):
        core = _QUOTE_MARKS.sub("", t)
        return bool(_GENERIC_ZH.match(core) or _SLOGAN_ZH.match(core))
    if _DIGIT.search(t):
        return False  # "Council Directive 2000/43/EC", "Public Law 117-167" name one act
    words = [w.lower() for w in _LATIN_WORD.findall(t)]
    return bool(words) and all(w in _GENERIC_EN_WORDS or w in _EN_KIND_WORDS for w in words)


_SHORT_ZH = re.compile(r"[（(]\s*(?:以下简称|下称|简称)\s*[《“\"]?(?P<short>[^》”\"）)]{1,30})[》”\"]?\s*[）)]")
_SHORT_EN = re.compile(r"\(\s*(?:hereinafter|hereafter)?\s*(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?[\"“'‘]\s*(?:the\s+)?"
                       r"(?P<short>[^\"”'’]{2,60})[\"”'’]\s*\)", re.I)


def short_forms(text: str, titles: list[TitleMention]) -> dict[str, tuple[str, int]]:
    """Short forms a document defines for a title it names just before: 《…办法》（以下简称《办法》）,
    the "… Regulation" (hereinafter "the Regulation") → {short: (full title, where it was defined)}."""
    out: dict[str, tuple[str, int]] = {}
    if "简称" not in text and "hereinafter" not in text.lower() and '("' not in text and "(“" not in text:
        return out
    starts = [t.end for t in titles]
    import bisect

    for pat in (_SHORT_ZH, _SHORT_EN):
        for m in pat.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0:
                continue
            full = titles[i]
            if m.start() - full.end > 40 or full.text.strip() == m.group("short").strip():
                continue
            out.setdefault(m.group("short").strip(), (full.text, m.start()))
    return out
