"""PDF through WeasyPrint: A4, cover, contents and lists of figures and tables with page numbers
(``target-counter``), running header and page numbers (CSS paged media in ``report.css``)."""

from __future__ import annotations

import logging
from pathlib import Path

from policyscope.report.model import Report
from policyscope.report.render.common import Images
from policyscope.report.render.html import to_html


def write_pdf(report: Report, path: Path, images: Images | None = None) -> Path:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = to_html(report, images, mode="print")
    HTML(string=html, base_url=str(path.parent)).write_pdf(str(path))
    return path
