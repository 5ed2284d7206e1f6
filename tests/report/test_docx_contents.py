"""Word files open complete: the contents and lists of figures and tables are filled at build, with the page
numbers a word processor shows. Checked as a reader would: LibreOffice headless converts the .docx to PDF and
the contents page is read back with pdftotext; each entry's number is the page the entry is really on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from policyscope.report.narrative import label
from policyscope.report.render.docx_pages import locate, pdf_pages, to_pdf

ENTRY = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$")


def _footer_number(page: str) -> int | None:
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_contents_page_lists_entries_with_their_true_page_numbers(flagship_out: Path, tmp_path: Path,
                                                                  lang: str) -> None:
    pdf = to_pdf(flagship_out / f"flagship.{lang}.docx", tmp_path)
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout.split("\f")
    front = [p for p in layout if label(lang, "toc") in p][0:3]
    text = "\n".join(layout[: layout.index(front[0]) + 3])
    assert "Update Field" not in text and "更新域" not in text
    entries = [(m.group(1), int(m.group(2))) for ln in text.splitlines() if (m := ENTRY.match(ln))]
    headings = [e for e in entries if not re.match(r"^(图|表|Figure|Table) \d", e[0])]
    figures = [e for e in entries if re.match(r"^(图|Figure) \d", e[0])]
    tables = [e for e in entries if re.match(r"^(表|Table) \d", e[0])]
    assert len(headings) >= 15 and len(figures) >= 10 and len(tables) >= 6, entries
    assert label(lang, "lof") in text and label(lang, "lot") in text
    assert headings[0][1] == 1 and [p for _, p in entries[:len(headings)]] == sorted(p for _, p in headings)
    pages = pdf_pages(pdf)
    by_number = {n: i for i, p in enumerate(layout) if (n := _footer_number(p)) is not None}
    assert by_number, "body pages carry no page numbers"
    body = min(by_number.values())
    for listed in (headings, figures, tables):
        found = locate(pages[body:], [e[0] for e in listed])
        for (entry, number), idx in zip(listed, found, strict=True):
            assert idx is not None, f"{entry!r} listed but not found in the body"
            assert _footer_number(layout[body + idx]) == number, f"{entry!r}: listed on page {number}"


def test_docx_keeps_the_fields_so_word_can_update_them(flagship_out: Path) -> None:
    import zipfile

    xml = zipfile.ZipFile(flagship_out / "flagship.en.docx").read("word/document.xml").decode()
    assert 'TOC \\o "1-2"' in xml and 'TOC \\h \\z \\c "Figure"' in xml
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"')
    assert '<w:pgNumType w:start="1"/>' in xml


def test_reports_carry_their_citation_in_both_languages(flagship_out: Path) -> None:
    from docx import Document

    zh = (flagship_out / "flagship.zh.md").read_text(encoding="utf-8")
    en = (flagship_out / "flagship.en.md").read_text(encoding="utf-8")
    assert "引用：policyscope contributors" in zh and "访问日期" in zh
    assert "Cite as: policyscope contributors" in en and "+build." in en and "accessed" in en
    doc = "\n".join(p.text for p in Document(str(flagship_out / "flagship.en.docx")).paragraphs)
    assert "Cite as: policyscope contributors" in doc
    assert "Cite as:" in (flagship_out / "flagship.en.html").read_text(encoding="utf-8")
