"""Finding 1 — a hostile document title reaches files and secrets through a report.

Attack: an event title (from any ingested page or file) carries ``<a rel="attachment" href="file:///…">``,
``<img src="file:///…">``, a ``<link>`` to a server URL. A newsletter is built (anyone may download it).
Must not happen: the markup is live in the HTML; WeasyPrint fetches a ``file:`` or ``http:`` URL; the PDF
embeds /etc/passwd or the process environment; the Markdown carries raw HTML or a link."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from policyscope.report.builder import build_report
from policyscope.report.render import render
from policyscope.store.database import Database
from tests.security.conftest import add_event

PAYLOAD = ('<a rel="attachment" href="file:///etc/passwd">passwd</a>'
           '<a rel="attachment" href="file:///proc/self/environ">env</a>'
           '<img src="file:///etc/hostname"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
           '<script>alert(1)</script>[click](javascript:alert(1))')
TITLE = f"National AI plan {PAYLOAD}"


@pytest.fixture(scope="module")
def hostile_newsletter(web_db, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp_path = tmp_path_factory.mktemp("report-attack")
    db_path = tmp_path / "policyscope.duckdb"
    shutil.copy(web_db[0], db_path)
    add_event(db_path, "ev_attack_report", TITLE, issuer=PAYLOAD, quote=f"The plan {PAYLOAD} says so.")
    with Database(db_path, read_only=True) as db:
        rep = build_report(db, "newsletter", "en", date_from="2024-05-01", date_to="2024-05-31")
    assert any("National AI plan" in t for t in _texts(rep)), "the hostile event must be in the newsletter"
    out = tmp_path / "out"
    paths = render(rep, ["html", "pdf", "md"], out, "newsletter")
    return {p.suffix.lstrip("."): p for p in paths}


def _texts(rep) -> list[str]:
    out = list(rep.highlights)
    for s in rep.all_sections():
        for b in s.blocks:
            out += [st.text for st in getattr(b, "sentences", [])] + [it.text for it in getattr(b, "items", [])]
    return out


def test_report_html_escapes_document_strings(hostile_newsletter) -> None:
    html = hostile_newsletter["html"].read_text("utf-8")
    assert "National AI plan" in html
    assert '<a rel="attachment"' not in html and "<img src=\"file:" not in html and "<script>alert" not in html
    assert '&lt;a rel=&#34;attachment&#34;' in html or "&lt;a rel=&quot;attachment&quot;" in html


def test_pdf_embeds_no_file_and_fetches_nothing(hostile_newsletter) -> None:
    pdf = hostile_newsletter["pdf"]
    reader = PdfReader(str(pdf))
    assert reader.attachments == {}, f"the PDF carries files: {list(reader.attachments)}"
    raw = pdf.read_bytes()
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd.encode() not in raw and b"EmbeddedFile" not in raw
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "National AI plan" in text and "root:x:0:0" not in text


def test_markdown_has_no_live_html_or_links(hostile_newsletter) -> None:
    md = hostile_newsletter["md"].read_text("utf-8")
    assert "National AI plan" in md
    assert not re.search(r"(?<!\\)<(a (?!id=\"sec-)|script|img|link)", md), "raw HTML from a document in the Markdown"
    assert "\\<a rel=" in md  # the text is kept, escaped
    assert not re.search(r"(?<!\\)\[click(?<!\\)\]\(javascript:", md)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "FILE:///proc/self/environ", "http://127.0.0.1:9/x.css",
                                 "https://example.org/a.png", "data:text/html,<b>x</b>", "ftp://example.org/x"])
def test_pdf_url_fetcher_refuses_everything_but_our_images(url: str) -> None:
    from policyscope.report.render.pdf import asset_fetcher

    f = asset_fetcher()
    with pytest.raises(ValueError, match="refused"):
        f.fetch(url)
    assert f.refused
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    assert f.fetch(png).read()[:4] == b"\x89PNG"


def test_every_template_environment_autoescapes() -> None:
    """Pages and reports: each Jinja2 environment that writes HTML escapes from the start; the text macros
    (plain sentences, escaped where they are placed) write no HTML."""
    from policyscope.report.render.html import html_env
    from policyscope.web.app import WEB_DIR

    assert html_env().autoescape is True
    tpl = html_env().from_string("{{ x }}")
    assert tpl.render(x="<b>") == "&lt;b&gt;"
    for p in list((WEB_DIR / "templates").glob("*.j2")) + list(Path(html_env().loader.provider.package_path  # type: ignore[union-attr]
                                                                       if hasattr(html_env().loader, "provider") else
                                                                       WEB_DIR).glob("templates/*.html.j2")):
        text = p.read_text("utf-8")
        assert "|safe" not in text.replace(" ", "") and "autoescapefalse" not in text.replace(" ", ""), p
