"""Names an event sentence gives without a mark the title rules know: an English name in title case, a
numbered law with its subject, a Chinese name glossed by its original in brackets.

Why: a digest names programmes as newspapers do — "has run the Leading-Edge Cluster Competition since 2007",
"Portugal's Law no. 27/2006 on civil protection", 三大学介子设施（TRIUMF）. The title rules need a kind word or
a verb they know; here the sentence already states an event (a date, an amount, a jurisdiction), and a run of
capitalised words that is not a jurisdiction, a ministry, a company or a person is taken for its name. These
run only on such sentences, after the rules and the tagger, on spans no other rule took.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policyscope.ingest.extract.titles import _CJK, _KANA, TitleMention, is_generic_title
from policyscope.ingest.text.normalize import traditional_chars

_CONNECT = frozenset(("of", "for", "on", "and", "to", "the", "in", "with", "de", "du", "des", "la", "le", "&"))
# a run of capitalised words (and the small words between them), with a year or a year range at its end
# (the look-behind after the first capital, the one-letter word after the longer: a pattern led by a look-behind loses
# the regex engine's first-character scan; same matches)
_CAP_RUN = re.compile(
    r"[A-Z](?<![\w’'.\-][A-Z])(?:[\w’'\-]*[\w’'])?(?:[ \t]+(?:(?:of|for|on|and|to|the|in|with|de|du|des|la|le|&)[ \t]+)*"
    r"(?:[A-Z][\w’'\-]*[\w’']|[A-Z]\b|(?:19|20)\d{2}(?:[-–/](?:19|20)?\d{2})?(?![\w])))*")
# words that make a run an organisation, a place or a publication rather than a policy
_ORG = frozenset(
    ["ministry", "department", "university", "government", "parliament", "court", "corporation", "company", "inc", "ltd", "plc", "bank", "association", "society", "federation", "nations", "republic", "kingdom", "states", "party", "senate", "house", "congress", "assembly", "cabinet", "presidency", "secretariat", "police", "army", "forces", "group", "foundation", "times", "news", "post", "journal", "daily", "weekly", "digest", "reuters", "bloomberg", "school", "academy", "college", "institution", "province", "county", "city", "region", "state", "oblast", "prefecture", "district", "island", "islands", "sea", "ocean", "river", "street", "road"])
_BODY = frozenset(["office", "institute", "agency", "council", "centre", "center", "authority", "committee", "commission", "board", "taskforce", "laboratory", "lab", "observatory", "hub", "network", "unit"])
_MEETING = frozenset(["summit", "conference", "forum", "meeting", "expo", "exhibition", "festival", "week", "symposium",
                      "workshop", "roundtable", "dialogue", "games", "olympics", "congress", "convention", "fair", "show"])
_REGION = frozenset(["south", "north", "east", "west", "asia", "africa", "europe", "america", "americas", "pacific",
                     "arctic", "antarctic", "caribbean", "balkans", "sahel"])  # the Global South, Southeast Asia
_PAIR = re.compile(r"[A-Z][a-z’'\-]+(?:,\s+[A-Z][a-z’'\-]+)*\s+and\s+[A-Z][a-z’'\-]+")
_PERSON_TITLE = frozenset(
    ["minister", "president", "prime", "secretary", "commissioner", "chancellor", "dr", "mr", "mrs", "ms", "professor", "prof", "king", "queen", "governor", "senator", "mayor", "director", "chair", "chairman", "chairwoman", "ceo", "sir", "lord", "premier", "deputy", "ambassador", "vice", "attorney", "under", "assistant", "chief", "administrator", "officer", "commander", "inspector", "comptroller", "head", "judge", "justice", "speaker"])
_TIME = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_START_WORDS = frozenset(["the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her", "in", "on", "at", "by", "for", "from", "with", "under", "as", "since", "after", "before", "when", "while", "during", "last", "next", "new"])
# the language of drafting, not of reporting: no name is read from a bill's clauses this way
_DRAFTING = re.compile(r"shall\b|hereby|thereof|herein|subsection|paragraph|u\.s\.c|sec\.|``|--|—\s*$")  # on lower case
# something happened: a verb of news about a policy (issued, passed, launched, funded, ran, opened …)
_EVENT_VERB = re.compile(
    r"\b(?:launch|adopt|approv|pass|enact|introduc|unveil|open|operat|set\s+up|establish|creat|announc|publish|"
    r"issu|sign|fund|allocat|award|extend|amend|revis|replac|start|kick|roll|present|releas|endors|agree|implement|"
    r"entered\s+into\s+force|came\s+into\s+force|took\s+effect|green-lit|earmark|invest|grant|renew|appoint|"
    r"inaugurat|found|host|select|paid|pay|spen[dt]|support|financ|award)\w*|\b(?:ran|runs?|running|began|begun|begins|set\s+out|stood\s+up|under\s*way|formed|forms)\b")  # on lower case
_SAID = re.compile(r"\s*(?:,\s*)?(?:said|says|told|stated|noted|added|wrote|explained)\b")
_SET_UP = re.compile(r"\b(?:set(?:s|ting)?\s+up|launch\w*|establish\w*|creat\w*|appoint(?:s|ed|ing)?\b|form(?:s|ed)\b|found(?:ed|s|ing)\b|inaugurat\w*|"
                     r"open(?:s|ed|ing)?\b|operat(?:es|ed|ing)\b|ran\b|runs?\b|running\b|unveil\w*|stood\s+up|"
                     r"start(?:s|ed)?\b|began\b|begun\b|under\s*way|kick(?:s|ed)?\s+off)", re.I)
# the subject an act states after its name or number: "on civil protection", "On amendments to …", "approving …"
_SUBJECT = (r"(?:\s+(?:[Oo]n(?!\s+(?:\d|[JFMASOND][a-z]{2,8}\s+\d))|[Ff]or|[A-Za-z][a-z]{3,}ing|of(?!\s+(?:\d|(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b))|[Cc]oncerning|approving|establishing|amending|regulating|implementing|regarding|"
            r"creating|instituting|setting\s+up|laying\s+down|introducing|governing|defining|organi[sz]ing|to\s+[a-z]+|"
            r"relating\s+to)\s+[^,;:()\n]{3,140}?(?=\s*[,;:()\n]|\s+(?:was|is|were|has|had|which|that|and\s+(?:was|is))\b|"
            r"\s+(?:on|in)\s+(?:\d|[JFMASOND][a-z]{2,8}\s+(?:\d|19|20))|\s+dat(?:e|es|ed)\s+from\b|\.\s|\.$|$)"
            # or after a dash, commas and all: "Royal Decree No. 18/2016 - Flood risk management plans of …, … was"
            r"|\s+[-–—]\s+(?=[A-Z])[^;\n]{3,300}?(?=\s+(?:was|is|were|has|had|which|that)\b|;|\.\s|\.$|$))")
# a law or decree named by its subject after a verb of adoption: "approved the Decree on activities which emit …"
_ACT_HEADS = ("Law", "Decree", "Act", "Order", "Ordinance", "Resolution", "Regulation", "Decision", "Directive", "GD", "HG", "DL")
_ACT_HEAD_RX = re.compile("|".join(map(re.escape, _ACT_HEADS)))  # any of them, in one scan (speed)
_ACT_WORDS = ("Law ", "Decree ", "Regulation ", "Resolution ", "Ordinance ", "Order ", "Act ")
_BY_SUBJECT = re.compile(r"(?<![\w])(?:approved|adopted|passed|issued|signed|enacted|published|promulgated)\s+(?:the|a)\s+"
                         r"(?:new\s+)?(?P<t>(?:Law|Decree|Regulation|Resolution|Ordinance|Order|Act)" + _SUBJECT + ")")
# a numbered law or decree and its subject: "Law no. 27/2006 on civil protection", "GD no. 462/2006 for the approval
# of …", "Decree of 15-03-2017 approving the Regulation of …"
_NUMBERED = re.compile(
    r"(?<![\w])(?<!Public )(?<!Private )(?:(?:Royal\s+|Legislative\s+|Government\s+|Ministerial\s+|Presidential\s+|"
    r"Commission\s+(?:Implementing\s+|Delegated\s+)?|Council\s+|Cabinet\s+|Executive\s+)?(?:Decree-Law|Law|Decree|Act|Order|"
    r"Ordinance|Resolution|Regulation|Decision|Directive|GD|HG|DL)s?\s+(?:(?:(?:no|No|[nN][º°o]|Nr|nr|Number)\.?\s*)?"
    r"(?:\d(?:[\w./\-]*\w)?|(?<=No\.\s)[IVXLC]{1,7}\b)"  # (Act No. LVII: Hungary numbers its acts in Roman)
    r"(?:\s+and\s+(?:(?:no|No)\.?\s*)?\d[\w./\-]*\w)?(?:\s+of\s+(?:19|20)\d{2})?|of\s+\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}))" + _SUBJECT + "?")
_NUMBER_CUE = re.compile(r"(?:no|No|NO|Nr|nr|[nN][º°o]|Number)\.?\s*\d|No\.\s[IVXLC]{1,7}\b|of\s+\d{1,2}[-./]\d|"
                         r"(?:Decree|Law|Order|Resolution|Decision|Directive|Regulation)s?\s+\d")
# a Chinese rendering with its original in brackets: 三大学介子设施（TRIUMF）, 产业创新展望（Industrial Innovation Outlook）
_GLOSS = re.compile(r"(?P<t>[\u4e00-\u9fff\d“”·A-Z]{4,30})（(?P<g>[A-Z\uac00-\ud7af][^（）()\n\u4e00-\u9fff]{1,100})）")
# an organisation glossed by its name is no event (电气和电子工程师协会（IEEE）); a programme or a plan is
_ZH_ORG = re.compile(r"(?:协会|学会|公司|集团|企业|大学|学院|银行|组织|部|局|署|厅|司|院|所|会|社|报|网)$")
_ZH_LEAD = re.compile(r"^.*(?:发布|推出|启动|实施|设立|成立|建设|运营|资助|支持|开展|推进|参与|通过|制定|出台|的|在|(?<![应针面])对|向|为|将|由|与|和|及)")


# "Positioning Australia, a 2018 programme led by …": a name the next words say is a programme, a fund, a law…
_KIND_NOUN = (r"programme|program|scheme|initiative|fund|plan|strategy|project|network|platform|prize|award|competition|"
              r"law|act|facility|centre|center|institute|agency|mission|partnership|policy|framework|campaign|grant|"
              r"body|council|committee|board|authority|commission|forum|package|call|regulation|directive|decree")
_KIND_ONE = re.compile(_KIND_NOUN)
# policy kinds only (a body's word does not make its name a policy: "by the … Export Promotion Council")
_KIND_WORD = re.compile(r"programmes?|programs?|schemes?|initiatives?|funds?|plans?|strateg(?:y|ies)|projects?|prizes?|"
                        r"awards?|competitions?|law|act|mission|partnership|policy|framework|campaign|grants?|package|"
                        r"calls?|scholarships|fellowships|traineeships|vouchers|loans|credits")
_ACTS = re.compile(r"\s+(?:funds|funded|runs|ran|manages|managed|operates|operated|leads|led|coordinates|oversees|"
                   r"says|said|announced|launched|adopted|approved|awarded|grants|granted|supports|supported|finances)\b")
_BY_BEFORE = re.compile(r"\b(?:by|from|(?:director|head|chair|member|staff|secretary|minister)\s+of)\s+(?:the\s+)?$",
                        re.I)  # (the office of a person's post: "director of the White House Office of …")
# ("… puts NOK 60 million a year into Panorama, its 2021–2027 strategy for …": after a preposition too)
_APPOSITION = re.compile(
    r"(?:^|[.;:]\s+|,\s+|\b(?:into|to|for|from|under|with|by|in|on)\s+)"
    r"(?P<t>[A-Z][\w’'\-]*(?:[ \t]+(?:[A-Z][\w’'\-]*|of|for|and|the|on|in|to|&)){0,10}),\s+(?:a|an|the|its|their)\s+"
    r"(?:(?:19|20)\d{2}(?:[-–—](?:19|20)?\d{2})?\s+|[a-z][a-z\-]+\s+){0,3}(?:" + _KIND_NOUN + r")\b")
# "- Health Research Programmes (Research Council of Norway) — about NOK 343 million": a digest's list item names
# its programme first, then (its owner or acronym,) its years or its money after a dash
_LIST_ITEM = re.compile(r"^[-*•·]\s+(?P<t>[A-Z][\w’'\-]*(?:[ \t]+(?:[A-Z][\w’'\-]*|of|for|and|the|on|in|to|&)){1,14})"
                        r"(?=\s*(?:\([^()\n]{1,80}\))?\s*(?:,\s*(?:19|20)\d{2}[^—–\n]{0,12})?\s+[—–]\s)")
# "funds Innovatiestages (Innovation Traineeships)": a programme in its own language, glossed, after a verb of running it
_VERB_GLOSS = re.compile(r"\b(?:funds|funded|finances|financed|runs|ran|launched|launches|introduced|set\s+up|adopted|"
                         r"operates|supports|supported)\s+(?:the\s+|its\s+|a\s+)?(?P<t>[A-Z][\w’'\-]{3,}(?:\s+[A-Z][\w’'\-]+){0,3})"
                         r"\s+\((?P<g>[A-Z][^()\n]{2,80})\)")
# what a pattern cannot match without, tested first (led by a clause start or a verb, it is tried at every position)
_APPOSED_CUES = {_APPOSITION: re.compile(r",\s+(?:a|an|the|its|their)\s"), _VERB_GLOSS: re.compile(r"\s\([A-Z]")}
# 'Helsinki's "Nearly zero-energy regulation"': a quoted name after its owner
_OWNED_QUOTE = re.compile(r"(?:’s|'s)\s+[\"“](?P<t>[A-Z][^\"”\n]{3,80})[\"”]")
# "Italy's Thermal account (Conto Termico)": after an owner, a name glossed by its original in brackets
_OWNED_GLOSS = re.compile(r"(?:’s|'s)\s+(?P<t>[A-Z][^(),;.:\n]{2,80}?)\s+\((?P<g>[A-Z][^()\n]{2,80})\)")


def numbered_names(sentence: str, taken: list[tuple[int, int]]) -> list[TitleMention]:
    """Numbered laws and decrees with their subject, outside the spans already taken."""
    if not _ACT_HEAD_RX.search(sentence):  # a substring test first: most sentences name no act
        return []
    found = [(m.start(), m.end()) for m in _NUMBERED.finditer(sentence)] if _NUMBER_CUE.search(sentence) else []
    if " the " in sentence and any(k in sentence for k in _ACT_WORDS):
        found += [(m.start("t"), m.end("t")) for m in _BY_SUBJECT.finditer(sentence)]
    # a span the rules took inside the act's full name ("Decree No. 18/2016" of "Royal Decree No. 18/2016 - …") is
    # part of it: the caller drops it
    return [TitleMention(s, e, re.sub(r"\s+", " ", sentence[s:e]), "numbered", 0.5) for s, e in found
            if not any(a < e and s < b and not (s <= a and b <= e and e - s > b - a) for a, b in taken)]


def context_names(sentence: str, mentions: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[TitleMention]:
    """Names in an event sentence outside the spans already taken (``mentions``: jurisdiction mentions)."""
    if _CJK.search(sentence):
        return _glossed_zh(sentence, taken) if "（" in sentence else []
    low = sentence.lower()
    if _DRAFTING.search(low):
        return []  # a clause of a bill ("the Secretary shall …")
    out = bold_names(sentence, mentions, taken) if "**" in sentence else []
    if "—" in sentence or "–" in sentence:
        out += _dashed_items(sentence, taken + [(t.start, t.end) for t in out])
    out += _apposed(sentence, mentions, taken + [(t.start, t.end) for t in out])  # the sentence says what it is
    if not _EVENT_VERB.search(low):
        return out  # a sentence that reports nothing happening
    for m in _CAP_RUN.finditer(sentence):
        if " " not in m.group():
            continue  # one word names nothing here
        span = _policy_span(sentence, m.start(), m.end(), mentions)
        if span and _free(span[0], span[1], taken, out) and not _REGION_LEAD.fullmatch(sentence[span[0]:span[1]]):
            out.append(TitleMention(span[0], span[1], sentence[span[0]:span[1]], "caps", 0.4))
    return out


# a digest's bold name ("- Greece's **Athens Center for … (ACEin)** is …"); not a label ("**People:**")
_BOLD = re.compile(r"\*\*(?P<t>[A-Z][^*\n]{3,160}?)\*\*(?!\s*:)")
_BOLD_NOT = re.compile(r"^No\.|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                       r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|[.:]$")  # an issue line


# "2. **India** — the National Artificial Intelligence Resource Portal, dated 2019 …", "4. **Finland** — *AI 4.0*, the
# economy ministry's programme …": a digest's list item led by its owner in bold, then a dash and the item's name
_DASHED_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-*•])?\s*\*\*[^*\n]{2,60}\*\*\s*[—–]\s*(?:(?:the|a|an)\s+)?"
                          r"(?P<t>\*[^*\n]{2,80}\*|[A-Z][^,;:()\n]{2,120}?)(?=\s*\((?:19|20)\d{2}\)|\s*[,;:]\s|\.\s|\.?$)")
_REGION_RX = (r"(?:the\s+)?(?:Latin America|South America|North America|Central America|Americas|Africa|Asia|Europe|Oceania|"
           r"Caribbean|Pacific|Middle East|Sub-Saharan Africa|Asia-Pacific|Nordics|Baltics)")
_REGION_LEAD = re.compile(rf"{_REGION_RX}(?:\s+and\s+{_REGION_RX})?", re.I)  # a bold region is the item's owner, no name


_KIND_CUT = re.compile(r"\s(?:project|programme|program|scheme|initiative|plan|fund|strategy|platform)\b")


def _dashed_items(sentence: str, taken: list[tuple[int, int]]) -> list[TitleMention]:
    """The name of a list item "**Owner** — Name, …" (the owner a country, a body or a region)."""
    m = _DASHED_ITEM.match(sentence.lstrip())
    if m is None:
        return []
    off = len(sentence) - len(sentence.lstrip())
    s, e = off + m.start("t"), off + m.end("t")
    if sentence[s] == "*":
        s, e = s + 1, e - 1  # the name in italics
    name = sentence[s:e].strip()
    kind = _KIND_CUT.search(name)
    if kind:  # "the Forestry 4.0 project got under way in 2023": the name ends at its kind noun
        name = name[:kind.end()]
    words = name.split()
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    if not 1 <= len(words) <= 16 or caps < max(1, len(words) // 2) or is_generic_title(name) or (
            not _free(s, e, taken, [])):
        return []
    return [TitleMention(s, s + len(name), name, "caps", 0.45)]


# a masthead's bold tagline: "**A weekly digest of science …** · No. 112 · Friday 18 October 2024"
_MASTHEAD_BOLD = re.compile(r"\b(?:digest|newsletter|bulletin|briefing|weekly|monthly|fortnightly|round-?up)\b", re.I)
_ISSUE_NEXT = re.compile(r"\*\*\s*[·|—–-]\s*(?:No\.|Issue|Vol\.)\s*\d")


def bold_names(sentence: str, mentions: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[TitleMention]:
    """Names a digest sets in bold (Markdown ``**…**``): the writer marked them as the item's subject. Not a
    label (ends with a colon), a jurisdiction, a person or one word."""
    out: list[TitleMention] = []
    for m in _BOLD.finditer(sentence):
        s, e = m.start("t"), m.end("t")
        name = sentence[s:e].strip()
        words = name.split()
        if _BOLD_NOT.search(name) or _MASTHEAD_BOLD.search(name) or _ISSUE_NEXT.match(sentence, m.end()) or len(
                words) < 2 or not _free(s, e, taken, out):
            continue
        low = [w.lower().strip("’'") for w in words]
        if any(a <= s and e <= b for a, b in mentions) or _REGION_LEAD.fullmatch(name) or low[0] in _PERSON_TITLE or _maybe_person(
                sentence, s, words, low) or is_generic_title(name):
            continue
        out.append(TitleMention(s, s + len(name), name, "caps", 0.45))
    return out


def _free(s: int, e: int, taken: list[tuple[int, int]], out: list[TitleMention]) -> bool:
    return not any(a < e and s < b for a, b in taken) and not any(t.start < e and s < t.end for t in out)


def _glossed_zh(sentence: str, taken: list[tuple[int, int]]) -> list[TitleMention]:
    """三大学介子设施（TRIUMF）, 海洋中心（Havsenter）: a Chinese name glossed by its original."""
    out: list[TitleMention] = []
    for m in _GLOSS.finditer(sentence):
        s = m.start("t") + _zh_lead_cut(m.group("t"))
        name = sentence[s:m.end("t")]
        if len(name) >= 4 and _gloss_names(m.group("g"), name) and _free(s, m.end(), taken, out) and (
                not is_generic_title(name)) and not _person_or_firm(name, m.group("g")):
            out.append(TitleMention(s, m.end(), sentence[s:m.end()], "gloss", 0.4))
    return out


# 气象学家真锅淑郎（Syukuro Manabe）, 新公司“索尼移动”（Sony Mobility Inc.）: a person or a firm, glossed
_ZH_PERSON = re.compile(r"学家|教授|院士|博士|总统|总理|首相|部长|大臣|主席|先生|女士|得主|获奖者|公司|集团")
_FIRM_GLOSS = re.compile(r"\b(?:Inc|Ltd|Corp|Co|LLC|GmbH|AG|plc|S\.A|Limited|Corporation)\.?$")


def _person_or_firm(name: str, gloss: str) -> bool:
    words = gloss.split()
    person_like = "·" in name and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(
        w.lower() in _BODY or _KIND_ONE.fullmatch(w.lower()) for w in words)
    return bool(_ZH_PERSON.search(name)) or person_like or bool(_FIRM_GLOSS.search(gloss.strip()))


def _apposed(sentence: str, mentions: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[TitleMention]:
    """"X, a 2018 programme …", "Italy's X (Original)", "- X (Owner) — NOK 343 million": a name the sentence (or
    the list item) says is one."""
    out: list[TitleMention] = []
    for rx in (_APPOSITION, _OWNED_GLOSS, _LIST_ITEM, _VERB_GLOSS, _OWNED_QUOTE):
        cue = _APPOSED_CUES.get(rx)
        for m in rx.finditer(sentence) if cue is None or cue.search(sentence) else ():
            s, e, words = _trim_run(sentence, m.start("t"), m.end("t"))
            if rx is _OWNED_QUOTE:  # the writer quoted it: lower-case words are part of it
                words = sentence[m.start("t"):m.end("t")].split()
                s, e = m.start("t"), m.end("t")
            one_ok = rx in (_APPOSITION, _VERB_GLOSS) and len(words) == 1 and len(words[0]) >= 4 and (
                words[0].lower() not in _START_WORDS)
            if (len(words) >= 2 or one_ok) and _free(s, e, taken, out) and _plain_name(
                    words, sentence[s:e], s, e, mentions):
                if rx is _VERB_GLOSS:  # the gloss is part of the name: "Innovatiestages (Innovation Traineeships)"
                    e = m.end()
                out.append(TitleMention(s, e, sentence[s:e], "caps", 0.45))
    return out


# shinjitai that Chinese writes otherwise (発 for 发/發, 戦 for 战/戰…): a name copied from a Japanese original
_JA_ONLY = frozenset("発戦対県広駅栄済経関気総労働変実権図団売読続歳営鉄転伝辺価処勧帰従渋歩乗剰浄覧圧囲拡査"
                     "駆単沢択拠挙焼畳粛稲穏絵継緑縄繊薬蔵装触訳誉謡豊賛践軽辞釈鉱銭隠険雑霊頼顕騒験髄")
_CJK_OR_KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_NAME_CH = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff々・ー]")
_ORIG_LEFT = re.compile(r"的|在|由|对|将|与|和|及|是|为|就|了|实施|启动|公布|发布|主管|负责|支持|资助|设立|推出|开展|确定|制定|通过|"
                        r"运营|运行|开发|打造|发起|举办|名为|称为|平台")
_ORIG_RIGHT = re.compile(r"始于|自|于|的|由|在|是|将|已|从|起|等|和|与|及|成立|设立|实施|作出|做出|发布|通过|提出|制定|决定")


@lru_cache(maxsize=1)
def _written_otherwise() -> frozenset[str]:
    """Characters simplified Chinese writes otherwise: traditional forms and Japanese shinjitai."""
    return traditional_chars() | _JA_ONLY


@lru_cache(maxsize=1)
def _written_otherwise_rx() -> re.Pattern[str]:
    """``_written_otherwise`` as a character class (one search in C, not a set look-up per character)."""
    return re.compile("[" + "".join(sorted(_written_otherwise())) + "]")


def copies_original_script(text: str) -> bool:
    """Whether a text holds a character simplified Chinese writes otherwise, or kana (one pass, in C)."""
    m = _CJK_OR_KANA.search(text)
    return m is not None and (_KANA.search(text, m.start()) is not None
                              or _written_otherwise_rx().search(text, m.start()) is not None)


def original_names(orig: str, norm: str, taken: list[tuple[int, int]]) -> list[TitleMention]:
    """A name a simplified Chinese text copies in its original script — Japanese (研究開発税制, 特別研究員事業) or
    traditional characters — is a name: a run of characters at least two of which the text would write otherwise
    (``norm`` is the matching text of ``orig``, same offsets)."""
    other = _written_otherwise()
    kana = _KANA.search(orig) is not None
    if not kana and _written_otherwise_rx().search(orig) is None:
        return []  # the common case, decided in C
    marked = [i for i, a in enumerate(orig) if a in other or (kana and "\u3040" <= a <= "\u30ff")]
    if len(marked) < 2 or len(marked) > (0.7 if kana else 0.3) * len(_NAME_CH.findall(orig)):
        return []  # nothing copied, or a text in traditional characters (or in Japanese) as a whole
    out: list[TitleMention] = []
    i = 0
    japanese = set(marked)

    def name_ch(k: int) -> bool:  # 、 between two Japanese characters is inside the name (国際化、オープン化…)
        return bool(_NAME_CH.match(orig[k])) or (orig[k] == "、" and k + 1 in japanese and (
            k - 1 in japanese or k - 2 in japanese or k - 3 in japanese))

    while i < len(marked):
        s, e = marked[i], marked[i] + 1
        while s > 0 and name_ch(s - 1):
            s -= 1
        # a Chinese stop word is not one when Japanese follows it (基本的な考え方, 公的資金)
        while e < len(orig) and name_ch(e) and not ((r := _ORIG_RIGHT.match(norm, e)) and (
                len(r.group()) > 1 or e + 1 not in japanese)):
            e += 1
        n = sum(1 for j in marked if s <= j < e)
        i += max(n, 1)
        first = marked[i - n] if n else e
        cuts = [c.end() for c in _ORIG_LEFT.finditer(norm, s, first) if len(c.group()) > 1 or c.end() not in japanese]
        s = cuts[-1] if cuts else s
        if n >= 2 and e - s >= 4 and not any(a < e and s < b for a, b in taken):
            out.append(TitleMention(s, e, orig[s:e], "original", 0.4))
    return out




_PROGRAMME_END = re.compile(r"(?:网络|设施|平台|项目|计划|工程|基金|中心|教席|奖|奖学金)$")


_HANGUL = re.compile(r"[\uac00-\ud7af]")


def _gloss_names(gloss: str, name: str) -> bool:
    """A gloss in Latin letters names a programme: several words (Northern Lights Talent Camp) or one capitalised
    word (Vitensentre, Alexander-von-Humboldt-Professur); an acronym (IEEE, GAIN) only when the Chinese name ends
    in a programme's word — an acronym alone mostly glosses an organisation."""
    if _ZH_ORG.search(name):
        return False
    if _HANGUL.search(gloss):  # a Korean original: a programme when the Chinese name ends as one
        return _PROGRAMME_END.search(name) is not None
    if not re.search(r"[A-Za-z]{3}", gloss):
        return False
    words = gloss.split()
    if len(words) >= 2 or not words[0].isupper():
        return True
    return _PROGRAMME_END.search(name) is not None


def _zh_lead_cut(t: str) -> int:
    """Where the name starts in the characters before a gloss: after the last verb or particle — not after a 的
    that ends a purpose phrase of the name (应对新冠疫情健康危机的研发征集; but 全国各地的海洋中心)."""
    m = _ZH_LEAD.match(t)
    while m and m.group().endswith("的"):
        before = _ZH_LEAD.match(t[:m.end() - 1])
        if not _PURPOSE.match(t, before.end() if before else 0):
            break
        m = before  # 应对新冠疫情健康危机的研发征集: a purpose phrase before 的 belongs to the name
    return m.end() if m and len(t) - m.end() >= 4 else 0


_PURPOSE = re.compile(r"应对|面向|促进|推动|针对|关于|服务|支撑|保障")


_WORD = re.compile(r"[A-Z][a-z]{2,}|[A-Z]{2,}[a-z]*[A-Z]*-?[A-Za-z]*[a-z]{2,}")


def _trim_run(text: str, s: int, e: int) -> tuple[int, int, list[str]]:
    """A capitalised run without what is no part of a name: a sentence's first word, an article, a month, an
    owner ("Tanzania's"), small words at its ends, a year after a small word ("… in 2021": the event's date)."""
    words = text[s:e].split()
    while words and (words[0].lower() in _START_WORDS or words[0].lower() in _TIME or words[0].lower() in _CONNECT
                     or words[0].endswith(("’s", "'s")) or len(words[0]) == 1 or words[0][:1].isdigit()):
        s = text.index(words[0], s) + len(words[0])
        words = words[1:]
    while words and (words[-1].lower() in _CONNECT or (
            len(words) > 1 and words[-1][:1].isdigit() and words[-2].lower() in _CONNECT)):
        words = words[:-1]
    if words and words[-1].endswith(("’", "'", "”")):
        words[-1] = words[-1].rstrip("’'”")  # a closing quote of the clause is no part of the name
    if not words:
        return s, s, []
    s = text.index(words[0], s)
    end = s
    for w in words:
        end = text.index(w, end) + len(w)
    return s, end, words


def _plain_name(words: list[str], name: str, s: int, e: int, mentions: list[tuple[int, int]]) -> bool:
    """Not a person, an officer, an organisation or a jurisdiction's own name, and not a kind word alone."""
    low = [w.lower() for w in words]
    head = low[:low.index("of")] if "of" in low else low  # "… of the Republic of Slovenia" is the owner
    return not (low[0] in _PERSON_TITLE or any(w in _ORG for w in head) or is_generic_title(name)
                or any(a <= s and e <= b for a, b in mentions))


def _policy_span(text: str, s: int, e: int, mentions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of a capitalised run that names a policy or a body, or None (a person, a place, an organisation)."""
    w = text.find(" with ", s, e)
    if w >= 0 and any(w + 6 <= a and b >= e - 1 for a, b in mentions):
        e = w  # "Geoscience Australia with New Zealand as a partner": the partner is no part of the name
    s, e, words = _trim_run(text, s, e)
    low = [w.lower().strip("’'") for w in words]
    caps = [w for w in words if w[:1].isupper()]
    if sum(1 for w in caps if _WORD.match(w)) < 2 or any(w in _TIME for w in low) or low[0] in _PERSON_TITLE:
        return None  # two real words at least ("GC DoD", "I of the Executive Schedule" name nothing)
    if low[0].endswith("s") and low[1] in ("with", "the", "to", "a", "an"):
        return None  # a list item's verb: "Coordinates with the Director", "Approves the DoD"
    set_up = _SET_UP.search(text, max(0, s - 40), min(len(text), e + 80)) is not None
    if any(w in _ORG for w in low) and not (low[-1] in _BODY and set_up):
        return None  # an organisation, unless it names a body set up ("Department of Energy AI … Office, stood up")
    if all(w.isupper() for w in caps) or is_generic_title(text[s:e]) or low[-1] in _MEETING or low[-1] in _REGION or (
            _PAIR.fullmatch(text[s:e])):
        return None  # (a summit, a conference; "France and India", "Athens and Nairobi")
    if any(a <= s and e <= b for a, b in mentions) or words[-1].endswith(("’s", "'s")) or _SAID.match(text, e):
        return None  # a jurisdiction's name, "Norway's …", "Jane Smith said"
    if any(w in _BODY for w in low) and not set_up:
        return None  # a body is an event when it is set up, opened or run (just before or after), not when it acts
    if not any(_KIND_WORD.fullmatch(w) for w in low) and (_ACTS.match(text, e) or _BY_BEFORE.search(text, 0, s)):
        return None  # the one who acts ("Flanders Innovation and Entrepreneurship funds …", "led by Geoscience Australia")
    return None if _maybe_person(text, s, words, low) else (s, e)


def _maybe_person(text: str, s: int, words: list[str], low: list[str]) -> bool:
    """Two capitalised words alone may be a person ("Ursula Smith"): kept only after an article, or when a word
    is a common noun by its ending ("Research Scholarships", "Innovation Vouchers")."""
    return (len(words) == 2 and all(w[:1].isupper() for w in words) and not any(w in _BODY for w in low)
            and not any(_NOUN_END.search(w) for w in low)
            and not re.search(r"\d", words[-1]) and not re.search(r"\b(?:the|its|a|an)\s+$", text[max(0, s - 6):s]))


_NOUN_END = re.compile(r"(?:ships?|tions?|ments?|ities|isms?|ness|grants?|vouchers?|awards?|prizes?|funds?|loans?|"
                       r"credits?|programmes?|schemes?)$")  # (not -ing, -ers, -ence: Siqing, Sanders, Lawrence)
