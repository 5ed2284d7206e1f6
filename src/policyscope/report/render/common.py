"""Pieces every renderer shares: section numbering (一、（一） / 1. (a)), figure images rendered once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from policyscope.report import charts
from policyscope.report.model import FigureBlock, Report, Section, Sentence
from policyscope.report.narrative import label


@dataclass
class Heading:
    section: Section
    level: int
    number: str
    anchor: str

    @property
    def text(self) -> str:
        return f"{self.number}{self.section.title}"


def outline(report: Report) -> list[Heading]:
    """Headings in reading order with their numbers; the newsletter's articles and unnumbered sections (an
    edition's preface) have none."""
    out: list[Heading] = []
    i = 0
    for s in report.sections:
        i += s.numbered
        num = "" if report.kind == "newsletter" or not s.numbered else label(report.lang, "numbered", i=i)
        if report.lang == "en" and num:
            num = num + " "
        out.append(Heading(s, 1, num, f"sec-{s.key}"))
        for j, c in enumerate(s.children, 1):
            n2 = "" if report.kind == "newsletter" else label(report.lang, "sub_numbered", i=j)
            if report.lang == "en" and n2:
                n2 = n2 + " "
            out.append(Heading(c, 2, n2, f"sec-{c.key}"))
    return out


class Images:
    """SVG and PNG of each figure, rendered once per report and shared by all formats."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._svg: dict[str, str] = {}
        self._png: dict[str, bytes] = {}

    def _raw_svg(self, f: FigureBlock) -> str:
        if f.key not in self._svg:
            self._svg[f.key] = charts.to_svg(f.spec)
        return self._svg[f.key]

    def svg(self, f: FigureBlock) -> str:
        s = self._raw_svg(f)
        return s[s.index("?>") + 2:] if s.startswith("<?xml") else s

    def png(self, f: FigureBlock) -> bytes:
        if f.key not in self._png:
            self._png[f.key] = charts.svg_to_png(self._raw_svg(f), scale=2.0)
        return self._png[f.key]

    def prepare(self, png: bool) -> None:
        """Render every figure up front on a few threads (vl-convert releases the GIL while it works)."""
        import os
        from concurrent.futures import ThreadPoolExecutor

        figs = [f for f in self.report.figures() if f.key not in self._svg or (png and f.key not in self._png)]
        if not figs:
            return
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as ex:
            list(ex.map(self.png if png else self._raw_svg, figs))

    @cached_property
    def lang(self) -> str:
        return self.report.lang


def caption(report: Report, kind: str, number: int, text: str) -> str:
    prefix = label(report.lang, "fig_prefix" if kind == "figure" else "tab_prefix", n=number)
    return f"{prefix} {text}" if report.lang == "zh" else f"{prefix}. {text}"


def sentences(section: Section) -> list[Sentence]:
    """The sentences and numbered items of a section's own blocks, in reading order."""
    out: list[Sentence] = []
    for b in section.blocks:
        out += b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []
    return out


def section_notes(section: Section) -> list[tuple[int, str]]:
    """The footnotes its sentences call, numbered on through the report (Report.number), for the formats
    without page footnotes (HTML, PDF, Markdown: listed under the section)."""
    return [(st.note_start + i, n) for st in sentences(section) for i, n in enumerate(st.notes)]


def masthead_date(report: Report) -> str:
    """The issue date as the masthead prints it (2024年4月15日 / 15 April 2024)."""
    import datetime as dt

    try:
        d = dt.date.fromisoformat(report.masthead.date if report.masthead else report.date)
    except ValueError:
        return report.date
    return label(report.lang, "nl_date", y=d.year, m=d.month, d=d.day)
