"""Pieces every renderer shares: section numbering (一、（一） / 1. (a)), figure images rendered once."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from policyscope.report import charts
from policyscope.report.model import FigureBlock, Report, Section, Sentence
from policyscope.report.narrative import label

PNG_SCALE = 2.0  # PNG figures (Word, Markdown) at twice their CSS pixel size


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


class FigureCache:
    """Rendered figures kept on disk between builds, named by :func:`charts.spec_key` (the spec and the
    renderer's fingerprint), so a rebuild whose data did not change reuses every figure instead of paying
    vl-convert again (≈ 0.6 s a figure: ≈ 17 s of CPU in a flagship build of zh and en). Files are written
    beside and renamed, so two builds sharing the folder never read half a file; the folder keeps the
    ``keep`` most recently used files and forgets the rest."""

    def __init__(self, folder: Path, keep: int = 400) -> None:
        self.folder = folder
        self.keep = keep

    def get(self, name: str) -> bytes | None:
        p = self.folder / name
        try:
            data = p.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):  # a folder we may read but not write: still a hit
            os.utime(p)  # used now: pruned last
        return data

    def put(self, name: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{name}.{os.getpid()}.part"
            tmp.write_bytes(data)
            tmp.replace(self.folder / name)
        except OSError:  # a cache that cannot be written only costs time
            pass

    def prune(self) -> None:
        try:
            files = sorted((p.stat().st_mtime_ns, p) for p in self.folder.iterdir() if p.is_file())
        except OSError:
            return
        for _, p in files[:max(0, len(files) - self.keep)]:
            p.unlink(missing_ok=True)


def chart_cache(out_dir: Path) -> FigureCache:
    """The figure cache of an output folder (``<out>/.policyscope-cache/charts``): where the reports are
    rebuilt, beside their edition files."""
    return FigureCache(out_dir / ".policyscope-cache" / "charts")


class Images:
    """SVG and PNG of each figure, rendered once per report and shared by all formats; with a
    :class:`FigureCache`, rendered once for as long as the figure's spec does not change."""

    def __init__(self, report: Report, cache: FigureCache | None = None) -> None:
        self.report = report
        self.cache = cache
        self._svg: dict[str, str] = {}
        self._png: dict[str, bytes] = {}
        self._keys: dict[str, str] = {}

    def _key(self, f: FigureBlock) -> str:
        if f.key not in self._keys:
            self._keys[f.key] = charts.spec_key(f.spec)
        return self._keys[f.key]

    def _cached(self, name: str, make: Callable[[], bytes]) -> bytes:
        """``make()`` unless the cache holds ``name`` (then stored there)."""
        hit = self.cache.get(name) if self.cache else None
        if hit is not None:
            return hit
        data = make()
        if self.cache:
            self.cache.put(name, data)
        return data

    def _raw_svg(self, f: FigureBlock) -> str:
        if f.key not in self._svg:
            data = self._cached(f"{self._key(f)}.svg", lambda: charts.to_svg(f.spec).encode("utf-8"))
            self._svg[f.key] = data.decode("utf-8")
        return self._svg[f.key]

    def svg(self, f: FigureBlock) -> str:
        s = self._raw_svg(f)
        return s[s.index("?>") + 2:] if s.startswith("<?xml") else s

    def png(self, f: FigureBlock) -> bytes:
        if f.key not in self._png:
            self._png[f.key] = self._cached(f"{self._key(f)}@{PNG_SCALE:g}x.png",
                                            lambda: charts.svg_to_png(self._raw_svg(f), scale=PNG_SCALE))
        return self._png[f.key]

    def prepare(self, png: bool) -> None:
        """Render (or read from the cache) every figure up front. One at a time: vl-convert renders on one
        runtime, so a pool of threads measured no faster (7.97 s against 7.40 s for the 12 zh figures)."""
        for f in self.report.figures():
            if png:
                self.png(f)
            else:
                self._raw_svg(f)
        if self.cache:
            self.cache.prune()

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
