"""No untranslated interface word: every page in Chinese shows its headings, labels, buttons and table heads in
Chinese, and in English without Chinese. Data (policy titles, codes, source names, options) is not interface
and is left out of the check; the allowed Latin words are abbreviations a Chinese reader reads as they are."""

from __future__ import annotations

import re

import lxml.html
from fastapi.testclient import TestClient

from tests.web.conftest import REAL_EVENT_ID

PAGES = ("/", "/search?q=人工智能", "/events", f"/events/{REAL_EVENT_ID}", "/documents", "/jurisdictions",
         "/jurisdictions/CHN", "/explore", "/map", "/map?kind=events", "/compare", "/network", "/reports",
         "/indicators", "/coverage", "/analyze", "/login")
INTERFACE = "//th|//label|//button|//h1|//h2|//h3|//summary|//dt|//header//nav//a|//legend|//p[@class='note']"
SKIP = ("code", "option", "select", "textarea")  # data inside an interface element
ALLOW = {"API", "CSV", "JSON", "XLSX", "PNG", "SVG", "PDF", "GDP", "ISO", "OECD", "Parquet", "BibTeX", "RIS", "CSL",
         "Cite", "English", "GET", "POST", "PATCH", "PUT", "DELETE", "OpenAlex", "NCSES", "Natural", "Earth", "YYYY", "URL", "policyscope"}


def _interface_text(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("|".join(f"//{t}" for t in SKIP) + "|//*[contains(@class, 'code')]|//*[@class='cite']"
                         "|//*[contains(@class, 'data')]"):
        bad.drop_tree()
    return [" ".join(el.text_content().split()) for el in tree.xpath(INTERFACE)]


def _fetch(c: TestClient, path: str, lang: str) -> str:
    sep = "&" if "?" in path else "?"
    r = c.get(f"{path}{sep}lang={lang}")
    assert r.status_code == 200, (path, r.status_code)
    return r.text


def untranslated(html: str, lang: str) -> list[str]:
    """Interface words of the other language on a page: Latin words on a Chinese page (beyond the allowed
    abbreviations), Chinese text on an English page (the “引用 / Cite” heading names both on purpose)."""
    texts = _interface_text(html)
    if lang == "zh":
        return sorted({w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text)} - ALLOW)
    return [t for t in texts if re.search(r"[\u4e00-\u9fff]", t) and "引用" not in t]


def test_chinese_pages_have_no_english_interface_words(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    found = {path: untranslated(_fetch(c, path, "zh"), "zh") for path in PAGES}
    assert not {k: v for k, v in found.items() if v}, found


def test_english_pages_have_no_chinese_interface_words(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    found = {path: untranslated(_fetch(c, path, "en"), "en") for path in PAGES}
    assert not {k: v for k, v in found.items() if v}, found
