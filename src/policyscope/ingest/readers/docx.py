"""DOCX reader (python-docx). The zip container goes through the shared archive guard
(:mod:`policyscope.safety.archives`) before python-docx sees it, so a zip bomb (or a lying header) is refused
with the reason instead of filling memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from policyscope.ingest.readers.base import ReaderError, ReadOptions, make_document
from policyscope.model import Document
from policyscope.safety import ArchiveLimits, ArchiveRefused, check_archive


def check_zip(data: bytes, origin: str, opts: ReadOptions) -> None:
    """Refuse archives whose members would inflate beyond the limits (the shared guard of every zip format)."""
    limits = ArchiveLimits(max_uncompressed=opts.max_uncompressed, max_ratio=opts.max_ratio,
                           max_members=opts.max_members)
    try:
        check_archive(data, origin, kind="DOCX", limits=limits)
    except ArchiveRefused as exc:
        raise ReaderError(origin, exc.reason) from None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/document.xml" not in zf.namelist():
            raise ReaderError(origin, "not a DOCX file (no word/document.xml in the archive)")


def _body_text(document: object) -> list[str]:
    """Paragraphs and table rows in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body  # type: ignore[attr-defined]
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            t = Paragraph(child, document).text.strip()
            if t:
                lines.append(t)
        elif tag == "tbl":  # as a Markdown pipe table (header rule after the first row), like HTML tables
            first = True
            for row in Table(child, document).rows:
                cells: list[str] = []
                for c in row.cells:
                    t = c.text.strip().replace("\n", " ").replace("|", "/")
                    if not cells or cells[-1] != t or not t:
                        cells.append(t)
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
                    if first:
                        lines.append("|" + "---|" * len(cells))
                    first = False
    return lines


def read_docx_bytes(data: bytes, origin: str, opts: ReadOptions) -> Document:
    check_zip(data, origin, opts)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(io.BytesIO(data))
        lines = _body_text(d)
        title = d.core_properties.title or None
    except PackageNotFoundError:
        raise ReaderError(origin, "not a valid DOCX package") from None
    except (KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise ReaderError(origin, f"corrupt DOCX ({type(exc).__name__}: {str(exc)[:120]})") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends
        raise ReaderError(origin, f"corrupt DOCX ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReaderError(origin, "DOCX has no text")
    return make_document(data, text, origin=origin, title=title, opts=opts, meta={"format": "docx"})


def read_docx(path: Path, opts: ReadOptions) -> Document:
    return read_docx_bytes(path.read_bytes(), str(path), opts)
