"""HTML reader: the page's main text through trafilatura (navigation, scripts and styles never become
text), after decoding the bytes ourselves so that GB2312/GBK/GB18030 and Big5 pages read correctly: the
HTTP charset, then the page's <meta charset>, then UTF-8, then detection."""

from __future__ import annotations

import re
from pathlib import Path

from policyscope.ingest.readers.base import ReaderError, ReadOptions, decode_text, make_document
from policyscope.model import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def declared_charset(data: bytes, http_charset: str | None = None) -> str | None:
    if http_charset:
        return http_charset
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", "ignore") if m else None


def _fallback_text(html: str) -> tuple[str, str | None]:
    """Plain text of the body without script/style/noscript/template, one block per line."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    title_el = None
    lines: list[str] = []
    for el in root.iter():
        if el.tag in ("p", "li", "h1", "h2", "h3", "h4", "td", "div", "pre", "blockquote"):
            own = (el.text or "").strip()
            if own:
                lines.append(own)
        if el.tail and el.tail.strip():
            lines.append(el.tail.strip())
    return "\n".join(lines), title_el


_SENTENCE = re.compile(r"[，。；]|\.\s|,\s")
_DATED = re.compile(r"(?:19|20)\d{2}\s*(?:年|-|/|\.)|\b(?:19|20)\d{2}\b|第\s*\d{1,4}\s*期")
# an issue line names its issue or its date's label; it may carry a comma ("内部资料，注意保存") and is still no sentence
_ISSUE_LINE = re.compile(r"第\s*\d{1,4}\s*期|(?:发布|出版|印发|编发)日期|\b(?:Issue|Vol\.|No\.)\s*\d", re.I)


def _masthead_lines(html: str, text: str) -> list[str]:
    """The dated lines of a page's head that the main-text extraction dropped: a newsletter's issue and date line
    ("2020年第23期 发布日期：2020年12月4日", "…编 | 2021年6月18日"), which date the whole issue (its 昨日, 今年,
    6月8日). Only short lines before the first line of the main text, and only those with a year or an issue."""
    try:
        lines = _fallback_text(html)[0].split("\n")
    except Exception:  # the main text was read; a head that cannot be walked adds nothing
        return []
    top_lines: list[str] = []  # the text's head: its lines before the first sentence (the extraction may also
    for ln in text.split("\n"):  # move a masthead to the end of the text: that copy does not date the issue)
        if _SENTENCE.search(ln):
            break
        top_lines.append(ln)
    top = "\n".join(top_lines)
    out: list[str] = []
    for ln in lines[:12]:
        ln = ln.strip()
        if len(ln) > 120 or (_SENTENCE.search(ln) and not (_ISSUE_LINE.search(ln) and _DATED.search(ln))):
            break  # the articles begin
        if ln and _DATED.search(ln) and ln not in top:
            out.append(ln)
    return out[:3]


def _title(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    if m:
        import html as htmllib

        t = htmllib.unescape(re.sub(r"\s+", " ", m.group(1))).strip()
        return t or None
    return None


def read_html_bytes(data: bytes, origin: str, opts: ReadOptions, http_charset: str | None = None) -> Document:
    import trafilatura

    html, encoding = decode_text(data, origin, declared=declared_charset(data, http_charset))
    if not html.strip():
        raise ReaderError(origin, "empty HTML page")
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                                   deduplicate=False) or ""
    except Exception:  # trafilatura gives up on some malformed pages; fall back to our own walk
        text = ""
    if len(text.strip()) < 50:
        try:
            fb, _ = _fallback_text(html)
        except Exception as exc:
            raise ReaderError(origin, f"unreadable HTML ({type(exc).__name__}: {str(exc)[:100]})") from None
        if len(fb.strip()) > len(text.strip()):
            text = fb
    if not text.strip():
        raise ReaderError(origin, "HTML page has no readable text (only scripts, styles or markup)")
    head = _masthead_lines(html, text)
    if head:
        text = "\n".join(head) + "\n\n" + text
    return make_document(data, text, origin=origin, title=_title(html), opts=opts,
                         meta={"format": "html", "encoding": encoding})


def read_html(path: Path, opts: ReadOptions) -> Document:
    return read_html_bytes(path.read_bytes(), str(path), opts)
