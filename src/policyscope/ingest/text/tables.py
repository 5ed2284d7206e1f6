"""Tables read row by row with their column headers. Readers give tables as Markdown pipe rows (HTML through
trafilatura, Word through our reader, Markdown as written): ``| Country | Policy | Date |``. ``tabulate`` turns
each body row into tab-separated cells *without changing any offset* (so evidence still points at the
original text), drops the |---| rule, and says for every row which cell lies under a title, date, country or
amount column — the way an analyst reads a table of events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t|:\-–—]+$")
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    # money per period first: "Per year" / 每年投入 hold amounts, not dates
    ("amount", re.compile(r"每年|年均|年度预算|per\s+(?:year|annum)|a\s+year|annual|yearly", re.I)),
    ("title", re.compile(r"名称|标题|政策|文件|法规|法律|战略|规划|计划|举措|项目|措施|文件名|事项|"
                         r"title|name|policy|instrument|initiative|strategy|programme|program|scheme|law|act|measure|"
                         r"document", re.I)),
    ("date", re.compile(r"日期|时间|年份|发布于|发布时间|date|year|when|adopted|published", re.I)),
    ("jurisdiction", re.compile(r"国家|地区|经济体|司法管辖区|国别|country|jurisdiction|economy|state|region", re.I)),
    # a column headed by its name's rendering or by what was done to it holds the names: 中文译名, 同意建立, 批准设立
    # (after the date role: 成立时间 is a date)
    ("title", re.compile(r"译名|中文名|设立|建立|成立|批准|同意|组建|出台|颁布", re.I)),
    ("amount", re.compile(r"金额|预算|投资|资金|经费|拨款|budget|amount|funding|investment|value|outlay", re.I)),
    ("issuer", re.compile(r"发布机构|发文机关|机构|部门|主管|负责|issuer|agency|ministry|body|authority|run\s+by|"
                          r"managed\s+by|responsible|lead", re.I)),
]


@dataclass
class TableRow:
    start: int  # offset of the row's line
    header: bool
    cells: list[tuple[int, int, str | None]] = field(default_factory=list)  # (start, end, role of the column)


def _role(label: str) -> str | None:
    label = label.strip().strip("*_ ")
    for role, pat in _ROLES:
        if pat.search(label):
            return role
    return None


def _cells(line: str, base: int) -> list[tuple[int, int]]:
    """Spans of the cells of a pipe row (without the pipes and surrounding spaces)."""
    bars = [i for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\")]
    out = []
    for a, b in zip(bars, bars[1:], strict=False):
        seg = line[a + 1:b]
        lead = len(seg) - len(seg.lstrip())
        s, e = a + 1 + lead, a + 1 + len(seg.rstrip())
        out.append((base + s, base + max(s, e)))
    return out


def tabulate(text: str) -> tuple[str, list[TableRow]]:
    """(text with pipe rows turned into tab-separated rows, same length; the rows with their cell roles)."""
    if "|" not in text:
        return text, []
    chars: list[str] | None = None
    rows: list[TableRow] = []
    roles: list[str | None] = []
    prev_end = -2
    caption_above = False  # a table's first row is its caption ("| 科技合作…一览 |  |  |"): the header may follow
    for m in _ROW.finditer(text):
        line = m.group()
        if line.count("|") < 3 and "\t" not in line:
            continue  # a lone "| x |" is no table
        if chars is None:
            chars = list(text)
        new_table = m.start() != prev_end + 1
        prev_end = m.end()
        if _RULE.match(line):
            for i in range(m.start(), m.end()):
                chars[i] = " "
            continue
        spans = _cells(line, m.start())
        header = new_table or caption_above
        caption_above = False
        if header:
            roles = [_role(text[s:e]) for s, e in spans]
            caption = new_table and len(spans) > 2 and sum(1 for s, e in spans if e > s) == 1
            if caption or not any(roles):  # a caption (one filled cell) with the header below it, or data
                caption_above = caption
                header, roles = False, [None] * len(spans)
        row = TableRow(m.start(), header, [(s, e, roles[k] if k < len(roles) else None) for k, (s, e) in
                                            enumerate(spans)])
        rows.append(row)
        first = True
        for i in range(m.start(), m.end()):
            if chars[i] == "|":
                chars[i] = " " if first else "\t"
                first = False
        last = max(i for i in range(m.start(), m.end()) if text[i] == "|")
        chars[last] = " "
    return ("".join(chars) if chars is not None else text), rows
