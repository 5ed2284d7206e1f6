"""Self-contained HTML (charts as inline SVG, CSS inline) — also the input of the PDF renderer."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from markupsafe import Markup

from policyscope.report.model import Report
from policyscope.report.narrative import env, texts
from policyscope.report.render.common import Images, caption, outline


def css() -> str:
    return resources.files("policyscope.report").joinpath("templates", "report.css").read_text("utf-8")


def to_html(report: Report, images: Images | None = None, mode: str = "screen") -> str:
    images = images or Images(report)
    e = env()
    tpl = e.get_template("report.html.j2")
    e.autoescape = True
    try:
        T = texts(report.lang)

        def item_no(i: int) -> str:
            return str(T.numbered(i=i)) if report.lang == "zh" else f"{i}. "

        return tpl.render(
            r=report, T=T, mode=mode, css=Markup(css()), headings=outline(report), figures=report.figures(),
            tables=report.tables(), svg=lambda f: Markup(images.svg(f)),
            cap=lambda kind, n, text: caption(report, kind, n, text), item_no=item_no,
        )
    finally:
        e.autoescape = False


def write_html(report: Report, path: Path, images: Images | None = None) -> Path:
    path.write_text(to_html(report, images), encoding="utf-8")
    return path
