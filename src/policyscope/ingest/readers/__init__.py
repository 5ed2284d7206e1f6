"""Readers: one module per format, each returning a ``policyscope.model.Document`` (id = sha256 of the
bytes). ``read_path`` picks the reader by extension (or by content when the extension says nothing),
checking the size limit before the file is opened; ``iter_files`` walks folders recursively."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from policyscope.ingest.readers.base import (
    DEFAULT_MAX_SIZE,
    ReaderError,
    ReadOptions,
    check_size,
    decode_text,
    guess_lang,
    parse_size,
)
from policyscope.model import Document

SUFFIXES = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}

__all__ = [
    "DEFAULT_MAX_SIZE", "ReaderError", "ReadOptions", "SUFFIXES", "check_size", "decode_text", "guess_lang",
    "iter_files", "parse_size", "read_bytes", "read_path", "sniff_format",
]


def sniff_format(data: bytes, name: str = "", content_type: str | None = None) -> str | None:
    """Format from the name's extension, else the content type, else the first bytes."""
    fmt = SUFFIXES.get(Path(name.split("?", 1)[0]).suffix.lower())
    if fmt:
        return fmt
    ct = (content_type or "").lower()
    if "pdf" in ct:
        return "pdf"
    if "wordprocessingml" in ct:
        return "docx"
    if "html" in ct:
        return "html"
    if ct.startswith("text/"):
        return "txt"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return None


def read_bytes(data: bytes, origin: str, opts: ReadOptions | None = None, *, fmt: str | None = None,
               content_type: str | None = None, http_charset: str | None = None) -> Document:
    """Bytes already in memory (a fetched URL, an upload) → Document, through the same readers as files."""
    from policyscope.ingest.readers import docx, html, pdf, text

    opts = opts or ReadOptions()
    if len(data) > opts.max_size:
        raise ReaderError(origin, f"{len(data)} bytes, above the size limit of {opts.max_size} (--max-size)")
    if not data:
        raise ReaderError(origin, "empty file (0 bytes)")
    fmt = fmt or sniff_format(data, origin, content_type)
    if fmt == "pdf":
        return pdf.read_pdf_bytes(data, origin, opts)
    if fmt == "docx":
        return docx.read_docx_bytes(data, origin, opts)
    if fmt == "html":
        return html.read_html_bytes(data, origin, opts, http_charset=http_charset)
    if fmt in ("txt", "md"):
        return text.read_text_bytes(data, origin, opts, fmt)
    raise ReaderError(origin, "unsupported format (expected .pdf, .docx, .html, .txt or .md)")


def read_path(path: str | Path, opts: ReadOptions | None = None) -> Document:
    """One file → Document. The size limit is checked from the directory entry before reading."""
    path = Path(path)
    opts = opts or ReadOptions()
    if path.is_dir():
        raise ReaderError(path, "is a folder (use iter_files)")
    fmt = SUFFIXES.get(path.suffix.lower())
    check_size(path, opts)
    if fmt is None:
        with path.open("rb") as fh:
            fmt = sniff_format(fh.read(1024), path.name)
        if fmt is None:
            raise ReaderError(path, f"unsupported format {path.suffix or '(no extension)'} "
                                    "(expected .pdf, .docx, .html, .txt or .md)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(path, f"cannot read ({exc.strerror or exc})") from None
    return read_bytes(data, str(path), opts, fmt=fmt)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in a stable order; hidden files skipped.
    A path that does not exist is yielded as-is so that the caller reports it."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f
        else:
            yield p
