"""Plain text and Markdown: encoding detection (UTF-8, UTF-16, GB18030/GBK, Big5, files mixing them line
by line); binary data named .txt is refused."""

from __future__ import annotations

from pathlib import Path

from policyscope.ingest.readers.base import ReaderError, ReadOptions, decode_text, make_document
from policyscope.model import Document


def read_text_bytes(data: bytes, origin: str, opts: ReadOptions, fmt: str = "txt") -> Document:
    text, encoding = decode_text(data, origin)
    if not text.strip():
        raise ReaderError(origin, "no text (the file holds only whitespace)")
    title = None
    if fmt == "md":
        for line in text.splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
    return make_document(data, text, origin=origin, title=title, opts=opts,
                         meta={"format": fmt, "encoding": encoding})


def read_text(path: Path, opts: ReadOptions) -> Document:
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    return read_text_bytes(path.read_bytes(), str(path), opts, fmt)
