"""Report fixtures: the flagship built once per session in both languages and all formats, and a database
with events ingested from two seed reports by the real `policyscope ingest` command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS, run_cli

SEED_FILES = ("000_ec60938a9549463c.txt", "004_704c9ff100c8f91e.txt")


@pytest.fixture(scope="session")
def seeded_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled database plus the events the extractor finds in seeds 000 and 004."""
    dst = tmp_path_factory.mktemp("seeded") / "policyscope.duckdb"
    shutil.copy(built_db, dst)
    r = run_cli("ingest", *[str(SEEDS / f) for f in SEED_FILES], db=dst)
    assert r.returncode == 0, r.stderr
    return dst


@pytest.fixture(scope="session")
def flagship_reports(built_db: Path) -> dict[str, Any]:
    """The flagship report objects (zh, en) on the bundled data, built as the command builds them."""
    from policyscope.report.builder import build_report
    from policyscope.store.database import open_db

    db = open_db(built_db, read_only=True)
    return {"db": db, **{lang: build_report(db, "flagship", lang) for lang in ("zh", "en")}}


@pytest.fixture(scope="session")
def flagship_out(flagship_reports: dict[str, Any], tmp_path_factory: pytest.TempPathFactory,
                 artifacts: Path) -> Path:
    """The flagship in zh and en, all formats, as `make run` writes it; a few PDF pages as PNG for people."""
    from policyscope.report.render import render

    out = tmp_path_factory.mktemp("flagship")
    dest = artifacts / "report"
    dest.mkdir(exist_ok=True)
    for lang in ("zh", "en"):
        render(flagship_reports[lang], ["html", "pdf", "docx", "md"], out, "flagship")
        pdf = out / f"flagship.{lang}.pdf"
        subprocess.run(["pdftoppm", "-r", "50", "-l", "8", "-png", str(pdf), str(dest / f"flagship.{lang}")],
                       check=True)
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
