"""Self-contained HTML (charts as inline SVG, CSS inline) — also the input of the PDF renderer.

Every string in a report may come from a hostile document (titles, issuers, quotes), so the report template
lives in its own Jinja2 environment with autoescape on from the start: the setting is read when a template is
compiled, and a template compiled without it never escapes. Only our own CSS and chart SVG are ``Markup``."""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from policyscope.report.model import Report, Sentence
from policyscope.report.narrative import bytecode_cache, texts
from policyscope.report.narrative import env as text_env
from policyscope.report.render.common import Images, caption, masthead_date, outline, section_notes


def css() -> str:
    return resources.files("policyscope.report").joinpath("templates", "report.css").read_text("utf-8")


@lru_cache(maxsize=1)
def html_env() -> jinja2.Environment:
    """The environment of ``report.html.j2``: autoescaped, strict, with the text environment's helpers."""
    e = jinja2.Environment(
        loader=jinja2.PackageLoader("policyscope.report", "templates"),
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    base = text_env()
    e.globals.update({k: v for k, v in base.globals.items() if k in ("join_zh", "join_en")})
    e.filters.update({k: base.filters[k] for k in ("the", "The")})
    return e


def to_html(report: Report, images: Images | None = None, mode: str = "screen") -> str:
    images = images or Images(report)
    tpl = html_env().get_template("report.html.j2")
    T = texts(report.lang)

    def item_no(i: int) -> str:
        return str(T.numbered(i=i)) if report.lang == "zh" else f"{i}. "

    def refs(st: Sentence) -> Markup:
        """A sentence's footnote calls, linked to the notes under its section."""
        return Markup("").join(Markup('<sup class="fnref"><a href="#fn-{0}">[{0}]</a></sup>').format(n)
                               for n in range(st.note_start, st.note_start + len(st.notes)))

    return tpl.render(
        r=report, T=T, mode=mode, css=Markup(css()), headings=outline(report), figures=report.figures(),
        tables=report.tables(), svg=lambda f: chart_markup(images.svg(f), mode),
        cap=lambda kind, n, text: caption(report, kind, n, text), item_no=item_no, refs=refs,
        section_notes=section_notes, mast_date=masthead_date(report),
    )


def chart_markup(svg: str, mode: str) -> Markup:
    """A figure as the page shows it: inline SVG on screen; for print (the PDF), the same SVG as an ``<img>``
    data URL, which WeasyPrint draws identically (pages compared pixel for pixel) for ≈ 1 s less CPU a
    flagship: its thousands of chart elements are then neither parsed as HTML nor given CSS styles."""
    if mode != "print":
        return Markup(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<img alt="" src="data:image/svg+xml;base64,{}">').format(data)


def write_html(report: Report, path: Path, images: Images | None = None) -> Path:
    path.write_text(to_html(report, images), encoding="utf-8")
    return path
