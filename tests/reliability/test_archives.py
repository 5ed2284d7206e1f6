"""Attack: archive bombs in every zip-based format (issue 15, finding 7). Payloads are made here with zipfile;
routes are `indicators import` (xlsx → openpyxl), `ingest` (docx → python-docx) and the shared guard itself.
Must not happen: a parser inflating the bomb (memory growing to gigabytes), or a traceback instead of a
message naming the file and the limit."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SPEC = ROOT / "docs" / "examples" / "ncses_gerd_spec.yaml"
ROW = b'<row><c t="inlineStr"><is><t>United States</t></is></c><c><v>2019</v></c><c><v>1</v></c></row>'


def _xlsx_bomb(path: Path, inflated_mb: int = 64) -> Path:
    """A real workbook (written by openpyxl) whose sheet is replaced by ``inflated_mb`` MB of identical rows:
    a few hundred KB on disk, ~1000× when inflated and far more once openpyxl builds cells from it."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["country", "data_year", "gerd_million_current_ppp_usd"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w") as fh:
                    fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
                             b'.org/spreadsheetml/2006/main"><sheetData>')
                    block = ROW * (1024 * 1024 // len(ROW))
                    for _ in range(inflated_mb):
                        fh.write(block)
                    fh.write(b"</sheetData></worksheet>")
            else:
                out.writestr(info, src.read(info.filename))
    return path


def _nested(depth: int) -> bytes:
    data = b"<x/>" * 10
    for i in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"level{i}.zip" if i else "word/document.xml", data)
        data = buf.getvalue()
    return data


def test_xlsx_bomb_is_refused_by_indicators_import_without_inflating(writable_db: Path, tmp_path: Path) -> None:
    bomb = _xlsx_bomb(tmp_path / "gerd.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("format: csv", "format: excel"), encoding="utf-8")
    # the child's own peak, VmHWM of its memory after exec, written by the child as it exits: the kernel's
    # ru_maxrss of a child (wait4, RUSAGE_CHILDREN) starts from the parent's size when it was spawned, and this
    # test process holds the whole session's data (1.6 GB in CI)
    hwm = tmp_path / "child-peak-kb"
    args = ["indicators", "import", str(bomb), "--spec", str(spec), "--db", str(writable_db)]
    code = ("import atexit, re, runpy, sys\n"
            "def _peak():\n"
            "    status = open('/proc/self/status').read()\n"
            f"    open({str(hwm)!r}, 'w').write(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
            "atexit.register(_peak)\n"
            f"sys.argv = ['policyscope', *{args!r}]\n"
            "runpy.run_module('policyscope', run_name='__main__', alter_sys=True)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    stderr = r.stderr
    peak_mb = int(hwm.read_text()) / 1024
    assert r.returncode == 1, stderr[-2000:]
    assert "zip bomb" in stderr and "gerd.xlsx" in stderr and "Traceback" not in stderr
    assert peak_mb < 1500, f"the import process grew to {peak_mb:.0f} MB"
    assert not list((writable_db.parent / "raw").glob("*.manifest.json"))


def test_docx_bomb_is_refused_by_the_shared_guard(tmp_path: Path) -> None:
    from policyscope.ingest.readers import ReaderError, ReadOptions
    from policyscope.ingest.readers.docx import read_docx_bytes

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:
            for _ in range(32):
                fh.write(b"\0" * (1024 * 1024))
    with pytest.raises(ReaderError, match="zip bomb") as info:
        read_docx_bytes(buf.getvalue(), "bomb.docx", ReadOptions())
    assert "bomb.docx" in str(info.value)


@pytest.mark.parametrize(("payload", "limits", "reason"), [
    ("nested", {}, "nested"),
    ("members", {"max_members": 50}, "members"),
    ("total", {"max_uncompressed": 64 * 1024, "min_size_for_ratio": 1 << 30}, "uncompressed"),
    ("ratio", {}, "inflates"),
    ("not_zip", {}, "not a valid"),
    ("truncated", {}, "not a valid"),
])
def test_shared_guard_limits(payload: str, limits: dict[str, int], reason: str) -> None:
    from policyscope.safety import ArchiveLimits, ArchiveRefused, check_archive

    buf = io.BytesIO()
    if payload == "nested":
        data = _nested(3)
    elif payload in ("not_zip", "truncated"):
        data = b"plain text, not an archive" if payload == "not_zip" else _nested(1)[:40]
    else:
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            if payload == "members":
                for i in range(200):
                    z.writestr(f"m{i}.xml", b"")
            else:
                z.writestr("big.xml", b"a" * (4 * 1024 * 1024))
        data = buf.getvalue()
    with pytest.raises(ArchiveRefused, match=reason) as info:
        check_archive(data, "upload.ods", kind="ODS", limits=ArchiveLimits(**limits))
    assert str(info.value).startswith("upload.ods")


def test_real_office_files_pass_the_guard() -> None:
    import docx
    import openpyxl

    from policyscope.safety import check_archive

    wb = openpyxl.Workbook()
    for i in range(2000):
        wb.active.append(["United States", 2000 + i % 20, i * 1.5])
    buf = io.BytesIO()
    wb.save(buf)
    check_archive(buf.getvalue(), "ok.xlsx", kind="XLSX")
    d = docx.Document()
    for i in range(300):
        d.add_paragraph(f"第{i}条 国务院关于印发新一代人工智能发展规划的通知 paragraph {i}")
    buf = io.BytesIO()
    d.save(buf)
    check_archive(buf.getvalue(), "ok.docx", kind="DOCX")
