"""PDF reader: the text layer with pypdf (measured 2× faster than pdfplumber on the same Chinese PDF, with
identical text; see docs/decisions.md). Lines wrapped by the layout are joined back into paragraphs so that
sentences are whole; ``meta["page_lines"]`` maps each page to the line of the stored text where it starts.

Encrypted PDFs that need a password and corrupt or truncated files are refused with the reason; a PDF with
no text layer (scans) is still stored, flagged ``needs_ocr``."""

from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path

from policyscope.ingest.readers.base import ReaderError, ReadOptions, make_document
from policyscope.model import Document

_TERMINAL = "。！？；：」』）)”.!?;:"
_CJK_TERMINAL = "。！？；：」』）”"
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _is_cjk_line(s: str) -> bool:
    tail = s[-40:]
    return len(_CJK_CHAR.findall(tail)) > 0.3 * max(1, len(tail))

_CJK_START = re.compile(r"^[\u4e00-\u9fff，、。]")


def _unwrap(lines: list[str]) -> list[str]:
    """Join lines that the page layout broke inside a sentence (full-width lines not ending a sentence)."""
    lines = [ln.rstrip() for ln in lines]
    widths = sorted(len(ln) for ln in lines if ln.strip())
    if not widths:
        return []
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]
    out: list[str] = []
    last_len = 0  # length of the last physical line, which decides whether it was wrapped
    for ln in lines:
        if not ln.strip():
            continue
        if out and last_len >= 0.8 * full and (out[-1][-1] not in _TERMINAL or _is_cjk_line(out[-1])):
            prev, nxt = out[-1], ln.lstrip()
            joined = None
            if _is_cjk_line(prev) and prev[-1] not in _CJK_TERMINAL and (_CJK_START.search(nxt) or nxt[:1].isdigit()
                                                                          or _is_cjk_line(nxt)):
                joined = prev + nxt
            elif prev.endswith("-") and nxt[:1].islower():
                joined = prev[:-1] + nxt
            elif re.search(r"[A-Za-z,]$", prev) and nxt[:1].islower():
                joined = prev + " " + nxt
            if joined is not None:
                out[-1] = joined
                last_len = len(ln)
                continue
        out.append(ln)
        last_len = len(ln)
    return out


def read_pdf_bytes(data: bytes, origin: str, opts: ReadOptions) -> Document:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ReaderError(origin, "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise ReaderError(origin, "corrupt or truncated PDF (no %%EOF marker at the end)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except Exception as exc:  # unsupported crypto
                    raise ReaderError(origin, f"encrypted PDF: cannot decrypt ({exc})") from None
                if not ok:
                    raise ReaderError(origin, "encrypted PDF: a password is required to read it")
            pages = [p.extract_text() or "" for p in reader.pages]
            info = reader.metadata or {}
            title = str(info.get("/Title") or "") if info else ""
    except ReaderError:
        raise
    except FileNotDecryptedError:
        raise ReaderError(origin, "encrypted PDF: a password is required to read it") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise ReaderError(origin, f"corrupt PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    text_lines: list[str] = []
    page_lines: list[str] = []
    for page in pages:
        page_lines.append(str(len(text_lines) + 1))
        text_lines.extend(_unwrap(page.splitlines()))
    text = "\n".join(text_lines)
    needs_ocr = len(text.strip()) < 20
    meta = {"format": "pdf", "pages": str(len(pages)), "page_lines": ",".join(page_lines)}
    if needs_ocr:
        meta["warning"] = "no text layer: stored without text, needs OCR"
    return make_document(data, text, origin=origin, title=title or None, opts=opts, needs_ocr=needs_ocr, meta=meta)


def read_pdf(path: Path, opts: ReadOptions) -> Document:
    return read_pdf_bytes(path.read_bytes(), str(path), opts)


def page_of_line(doc: Document, line: int) -> int | None:
    """1-based page number of a 1-based line of a PDF document's stored text."""
    starts = [int(x) for x in doc.meta.get("page_lines", "").split(",") if x]
    page = None
    for i, s in enumerate(starts, 1):
        if s <= line:
            page = i
    return page
