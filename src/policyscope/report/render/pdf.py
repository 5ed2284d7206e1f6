"""PDF through WeasyPrint: A4, cover, contents and lists of figures and tables with page numbers
(``target-counter``), running header and page numbers (CSS paged media in ``report.css``).

WeasyPrint follows links, images, stylesheets and ``rel=attachment`` anchors through its URL fetcher; ours
refuses every URL but a ``data:`` image, so nothing in a report can pull a file (``file:``), a server page
(``http:``) or a secret into the PDF. The report is self-contained: CSS and charts are inline."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from policyscope.report.model import Report
from policyscope.report.render.common import Images
from policyscope.report.render.html import to_html

# our own images only: raster or SVG charts embedded as data URLs (we emit inline SVG today)
_ALLOWED = re.compile(r"^data:image/(png|jpeg|svg\+xml)[;,]", re.IGNORECASE)
log = logging.getLogger("policyscope.report")


def asset_fetcher():  # -> weasyprint.urls.URLFetcher (imported lazily: WeasyPrint is slow to import)
    """A WeasyPrint fetcher that allows only ``data:`` images and records what it refused."""
    from weasyprint.urls import URLFetcher

    class ReportAssetFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
            if not _ALLOWED.match(url):
                self.refused.append(url[:200])
                raise ValueError(f"report asset refused (only our own data: images are embedded): {url[:80]}")
            return super().fetch(url, headers)

    return ReportAssetFetcher()


def write_pdf(report: Report, path: Path, images: Images | None = None) -> Path:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = to_html(report, images, mode="print")
    fetcher = asset_fetcher()
    # no base_url: relative links resolve to nothing rather than to the output folder
    HTML(string=html, url_fetcher=fetcher).write_pdf(str(path))
    if fetcher.refused:
        log.warning("%s: %d external reference(s) refused, e.g. %s", path.name, len(fetcher.refused),
                    fetcher.refused[0][:80])
    return path
