"""Fuzz pass over the readers (issue 15): bytes made by hypothesis — random, and real files (PDF, DOCX, HTML,
text, XLSX) with bytes overwritten, truncated or spliced — go through every reader. Each input must come out
as a document or as our named error (``ReaderError`` for documents, ``SourceError`` for indicator files,
``ArchiveRefused`` for archives); any other exception is a crash that a batch would not survive.

Deterministic (``derandomize``) so CI sees the same inputs every run; about a minute in all."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest" / "files"))
import make_ingest_files as mk  # noqa: E402

from policyscope.ingest.readers import ReaderError, ReadOptions, read_bytes  # noqa: E402
from policyscope.safety import ArchiveRefused, check_archive  # noqa: E402
from policyscope.sources.base import SourceError  # noqa: E402

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OPTS = ReadOptions(max_uncompressed=64 * 1024 * 1024)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("fuzzseeds")
    out = {
        "pdf": mk.make_zh_pdf(d / "a.pdf", n=3).read_bytes(),
        "docx": mk.make_en_docx(d / "a.docx", n=8).read_bytes(),
        "html": mk.make_script_html(d / "a.html").read_bytes(),
        "txt": "国务院关于印发新一代人工智能发展规划的通知\nThe AI strategy of 2019.\n".encode("gb18030"),
    }
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["country", "data_year", "gerd_million_current_ppp_usd"])
    for i in range(20):
        wb.active.append(["United States", 2000 + i, 1000.5 + i])
    buf = io.BytesIO()
    wb.save(buf)
    out["xlsx"] = buf.getvalue()
    return out


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """Overwrite a few spans, truncate, or splice random bytes into a real file."""
    n = len(seed)
    edit = st.tuples(st.integers(0, n - 1), st.binary(min_size=1, max_size=16))

    def apply(edits: list[tuple[int, bytes]], cut: int | None) -> bytes:
        b = bytearray(seed)
        for pos, chunk in edits:
            b[pos:pos + len(chunk)] = chunk
        return bytes(b[:cut] if cut else b)

    return st.builds(apply, st.lists(edit, min_size=1, max_size=6), st.none() | st.integers(1, n))


def _inputs(seed: bytes) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=4096) | _mutations(seed)


def _read(data: bytes, fmt: str) -> None:
    try:
        read_bytes(data, f"fuzz.{fmt}", OPTS, fmt=fmt)
    except ReaderError as exc:
        assert str(exc).startswith(f"fuzz.{fmt}")  # names the input


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_document_readers_never_crash(seeds: dict[str, bytes], fmt: str) -> None:
    @FUZZ
    @given(_inputs(seeds[fmt]))
    def run(data: bytes) -> None:
        _read(data, fmt)

    _read(seeds[fmt], fmt)  # the unmutated seed reads
    run()


def test_xlsx_import_never_crashes(seeds: dict[str, bytes], tmp_path: Path) -> None:
    from policyscope.sources.file_import import ImportSpec, read_file

    spec = ImportSpec.model_validate({
        "format": "excel", "columns": {"jurisdiction": "country", "year": "data_year",
                                       "value": "gerd_million_current_ppp_usd"},
        "indicator": {"code": "FUZZ.X", "name_en": "x", "name_zh": "x", "source": "t", "licence": "t"}})
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(seeds["xlsx"])
    assert read_file(path, spec)[1].observations == 20

    @FUZZ
    @given(_inputs(seeds["xlsx"]))
    def run(data: bytes) -> None:
        path.write_bytes(data)
        try:
            read_file(path, spec)
        except SourceError as exc:
            assert "fuzz.xlsx" in str(exc)

    run()


def test_archive_guard_never_crashes(seeds: dict[str, bytes]) -> None:
    @FUZZ
    @given(_inputs(seeds["docx"]))
    def run(data: bytes) -> None:
        try:
            check_archive(data, "fuzz.zip")
        except ArchiveRefused as exc:
            assert str(exc).startswith("fuzz.zip")

    run()
