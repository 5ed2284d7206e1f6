"""The report as data: sections of blocks (paragraphs of sentences, figures, tables, numbered items,
footnotes). Every renderer (HTML, PDF, Word, Markdown) reads this one structure, so the four formats
carry the same sentences, figures and numbers.

Each sentence keeps the :class:`Fact` objects it printed: which analysis function, with which arguments,
which row and field — so a test can call the analysis again and check the printed number.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field


class Fact(BaseModel):
    """One number printed in a sentence, with the analysis call it came from."""

    value: float | int | str | None
    display: str
    call: str  # the analysis's registered name ("share") or a report helper ("coverage"), see narrative.run
    kwargs: dict[str, Any] = Field(default_factory=dict)
    row: dict[str, Any] = Field(default_factory=dict)  # selector of the result row, e.g. {"jurisdiction": "USA"}
    field: str = ""
    scale: float = 1.0  # printed number × scale = value (e.g. 1e8 when printed in 亿)

    def __str__(self) -> str:
        return self.display

    def __html__(self) -> str:  # Jinja2 autoescape: a display may carry a name from a document
        from markupsafe import escape

        return str(escape(self.display))


class Sentence(BaseModel):
    text: str
    facts: list[Fact] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # footnotes of this sentence (Word: real footnotes)
    note_start: int = 0  # number of its first note, set by Report.number (notes run on through the report)


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    sentences: list[Sentence]
    style: Literal["body", "note", "lead"] = "body"

    @property
    def text(self) -> str:
        sep = "" if any("\u4e00" <= ch <= "\u9fff" for s in self.sentences for ch in s.text[:4]) else " "
        return sep.join(s.text for s in self.sentences)


class FigureBlock(BaseModel):
    kind: Literal["figure"] = "figure"
    key: str
    caption: str
    spec: dict[str, Any]
    source: str
    number: int = 0


class TableBlock(BaseModel):
    kind: Literal["table"] = "table"
    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    source: str
    number: int = 0
    align: list[str] = Field(default_factory=list)  # "l" or "r" per column


class ItemsBlock(BaseModel):
    """Numbered sub-items (一、二、… in Chinese, 1. 2. … in English) of a newsletter article."""

    kind: Literal["items"] = "items"
    items: list[Sentence]


class NoteBlock(BaseModel):
    """Footnotes citing evidence: document, line, quote, URL."""

    kind: Literal["notes"] = "notes"
    notes: list[str]
    start: int = 1  # number of the first note: notes run on through the report (Report.number)


Block = Annotated[Paragraph | FigureBlock | TableBlock | ItemsBlock | NoteBlock, Field(discriminator="kind")]


class Section(BaseModel):
    key: str
    title: str
    level: int = 1
    blocks: list[Block] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)
    column: str | None = None  # newsletter column code
    numbered: bool = True  # 一、/ 1. before its title (an edition's 前言, 核心观点, 展望 stand unnumbered)

    def walk(self) -> list[Section]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


class Masthead(BaseModel):
    """A newsletter's masthead: the issuing institution, 第N期 / 总第N期 and the issue date (settings or CLI)."""

    institution: str = ""
    issue_no: int | None = None  # 第N期 (in its year)
    total_no: int | None = None  # 总第N期
    date: str = ""


class Report(BaseModel):
    kind: str
    lang: str
    title: str
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    issue: str = ""
    running_header: str = ""
    cover_lines: list[str] = Field(default_factory=list)
    highlights: list[str] = Field(default_factory=list)  # newsletter 本期要目
    masthead: Masthead | None = None  # newsletter
    sections: list[Section] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def blocks(self, kind: str) -> list[Any]:
        return [b for s in self.all_sections() for b in s.blocks if b.kind == kind]

    def figures(self) -> list[FigureBlock]:
        return self.blocks("figure")

    def tables(self) -> list[TableBlock]:
        return self.blocks("table")

    def facts(self) -> list[Fact]:
        out: list[Fact] = []
        for s in self.all_sections():
            for b in s.blocks:
                sents = b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []
                for st in sents:
                    out.extend(st.facts)
        return out

    def number(self) -> Report:
        """Number figures and tables in reading order (图1, 图2…; 表1…), and footnotes continuously."""
        for i, f in enumerate(self.figures(), 1):
            f.number = i
        for i, t in enumerate(self.tables(), 1):
            t.number = i
        n = 1
        for s in self.all_sections():
            for b in s.blocks:
                if b.kind == "notes":
                    b.start = n
                    n += len(b.notes)
                    continue
                for st in b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []:
                    if st.notes:
                        st.note_start = n
                        n += len(st.notes)
        return self

    def notes(self) -> list[tuple[int, str]]:
        """Every footnote with its number, in reading order."""
        out: list[tuple[int, str]] = []
        for s in self.all_sections():
            for b in s.blocks:
                if b.kind == "notes":
                    out += list(enumerate(b.notes, b.start))
                for st in b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []:
                    out += list(enumerate(st.notes, st.note_start))
        return out
