"""Page numbers of a Word file's headings and captions, as LibreOffice lays the file out.

A .docx has no pages until a word processor lays it out, so a contents page written at build time needs one:
LibreOffice headless converts the file to PDF, ``pdftotext`` reads each page, and each entry is found in
reading order. The body section restarts its numbering at 1, so the numbers do not depend on how long the
contents pages themselves become. Without LibreOffice the entries are still written, without numbers.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from policyscope.settings import settings

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_WS = re.compile(r"\s+")
TIMEOUT_S = 240


def soffice() -> str | None:
    """The LibreOffice executable, or None (``POLICYSCOPE_SOFFICE`` overrides; ``0`` disables)."""
    env = settings().soffice
    if env == "0":
        return None
    return env or shutil.which("soffice") or shutil.which("libreoffice")


def _profile_dir() -> Path:
    # one LibreOffice profile per process: two instances sharing one profile block each other
    path = Path(tempfile.gettempdir()) / f"policyscope-lo-{os.getuid()}-{os.getpid()}"
    if not path.exists():
        atexit.register(shutil.rmtree, path, True)
    return path


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless; raise RuntimeError naming the file if it fails."""
    exe = soffice()
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make install` installs it")
    with _LOCK:
        r = subprocess.run([exe, f"-env:UserInstallation=file://{_profile_dir()}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                           capture_output=True, text=True, timeout=TIMEOUT_S)
    pdf = out_dir / (docx.stem + ".pdf")
    if r.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not convert {docx}: {r.stderr.strip()[-300:] or r.stdout[-300:]}")
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    """Text of each page (form feeds split pages in pdftotext's output)."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return r.stdout.split("\f")


def _key(text: str, n: int = 24) -> str:
    return _WS.sub("", text)[:n]


def locate(pages: list[str], entries: list[str]) -> list[int | None]:
    """Page index (0-based) of each entry, searched in reading order from the previous entry's page."""
    flat = [_WS.sub("", p) for p in pages]
    out: list[int | None] = []
    start = 0
    for e in entries:
        k = _key(e)
        hit = next((i for i in range(start, len(flat)) if k and k in flat[i]), None)
        out.append(hit)
        if hit is not None:
            start = hit
    return out


def body_start(pages: list[str], front_last: str) -> int:
    """The first page after the front matter: the page after the one holding ``front_last``, the last line of
    the contents lists (the body starts on a new page); 0 when there is none."""
    hit = locate(pages, [front_last])[0] if front_last else None
    return 0 if hit is None else hit + 1


def page_numbers(docx: Path, entries: list[str], front_last: str = "") -> list[int | None] | None:
    """Displayed page number of each body entry (the first entry opens page 1), or None without LibreOffice;
    ``front_last``: the contents already list the entries, ending with this one (searched past it)."""
    if not soffice():
        log.warning("LibreOffice not found: %s gets contents without page numbers", docx.name)
        return None
    with tempfile.TemporaryDirectory(prefix="policyscope-docx-") as tmp:
        try:
            pages = pdf_pages(to_pdf(docx, Path(tmp)))
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            log.warning("contents of %s without page numbers: %s", docx.name, exc)
            return None
    start = body_start(pages, front_last)
    idx = [None if i is None else i + start for i in locate(pages[start:], entries)]
    first = next((i for i in idx if i is not None), None)
    if first is None:
        return [None] * len(entries)
    return [None if i is None else i - first + 1 for i in idx]
