"""DOCX reader (python-docx). The zip container is inspected before anything is inflated: member count,
total uncompressed size and compression ratio are bounded, and the real inflated size is counted while
reading, so a zip bomb (or a lying header) is refused with the reason instead of filling memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from policyscope.ingest.readers.base import ReaderError, ReadOptions, human_size, make_document
from policyscope.model import Document


def check_zip(data: bytes, origin: str, opts: ReadOptions) -> None:
    """Refuse archives whose members would inflate beyond the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReaderError(origin, "not a valid DOCX file (not a zip archive; corrupt or another format)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > opts.max_members:
            raise ReaderError(origin, f"refused as a possible zip bomb: {len(infos)} members in the archive "
                                      f"(limit {opts.max_members})")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > opts.max_uncompressed:
            raise ReaderError(origin, f"refused as a possible zip bomb: {human_size(total)} uncompressed "
                                      f"(limit {human_size(opts.max_uncompressed)})")
        for i in infos:
            ratio = i.file_size / max(1, i.compress_size)
            if i.file_size > 1024 * 1024 and ratio > opts.max_ratio:
                raise ReaderError(origin, f"refused as a possible zip bomb: member {i.filename} inflates "
                                          f"{ratio:.0f}× (limit {opts.max_ratio:.0f}×)")
        if total / packed > opts.max_ratio and total > 1024 * 1024:
            raise ReaderError(origin, f"refused as a possible zip bomb: compression ratio {total / packed:.0f}× "
                                      f"(limit {opts.max_ratio:.0f}×)")
        if "word/document.xml" not in zf.namelist():
            raise ReaderError(origin, "not a DOCX file (no word/document.xml in the archive)")
        # Headers can lie: count what really comes out, stopping at the limit.
        seen = 0
        for i in infos:
            try:
                with zf.open(i) as fh:
                    while chunk := fh.read(1 << 20):
                        seen += len(chunk)
                        if seen > opts.max_uncompressed:
                            raise ReaderError(origin, "refused as a possible zip bomb: inflated data exceeds "
                                                      f"{human_size(opts.max_uncompressed)}")
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise ReaderError(origin, f"corrupt DOCX archive ({exc})") from None


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
