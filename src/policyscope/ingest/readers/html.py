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
    return make_document(data, text, origin=origin, title=_title(html), opts=opts,
                         meta={"format": "html", "encoding": encoding})


def read_html(path: Path, opts: ReadOptions) -> Document:
    return read_html_bytes(path.read_bytes(), str(path), opts)
