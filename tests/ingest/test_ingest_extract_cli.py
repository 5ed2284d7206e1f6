"""`policyscope extract`: events of real files as JSON lines with the published fields; nothing is stored and
bad files are reported while the others are still extracted."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402

from policyscope.cli import app  # noqa: E402

FIELDS = {"title", "title_en", "jurisdiction", "partners", "date", "issuer", "type", "domains", "amounts", "line",
          "quote", "confidence"}


def test_extract_jsonl_fields_and_bad_files(tmp_path: Path) -> None:
    rec = mk.gov_report(2017)
    good = tmp_path / "gwr2017.txt"
    good.write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    db = tmp_path / "never-created.duckdb"
    text_lines = good.read_text("utf-8").split("\n")
    r = CliRunner().invoke(app, ["extract", str(good), str(bad), "--format", "jsonl", "--date", "2017-03-05",
                                 "--jurisdiction", "CHN"], env={"POLICYSCOPE_DB": str(db)})
    assert r.exit_code == 1  # one file failed; the other was still extracted
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert len(lines) >= 5
    for ev in lines:
        assert set(ev) >= FIELDS
        assert ev["file"] == str(good) and ev["line"] >= 1 and ev["quote"]
        # the evidence line is the line of the document's text that holds the quote
        assert ev["quote"][:10] in text_lines[ev["line"] - 1], (ev["line"], ev["quote"][:40])
        for a in ev["amounts"]:
            assert {"text", "value", "currency", "value_in_currency_units", "usd"} <= set(a)
    assert any(ev["amounts"] for ev in lines)
    assert "broken.txt" in r.output and "binary data" in r.output
    assert not os.path.exists(db)


def test_a_refused_file_is_named_whole_in_a_narrow_terminal(writable_db: Path, tmp_path: Path) -> None:
    """However long the path and narrow the terminal, the message names the file in one piece (the terminal
    wraps it, we never break or fold it), for `extract` and for `ingest`'s error list."""
    from tests.conftest import run_cli

    deep = tmp_path / ("a-long-folder-name-" * 4) / "scanned-figure-of-the-annual-report.txt"
    deep.parent.mkdir()
    deep.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    narrow = {"COLUMNS": "40"}
    for args in (("extract", str(deep)), ("ingest", str(deep))):
        r = run_cli(*args, db=writable_db, env=narrow)
        assert r.returncode == 1, r.stderr
        assert str(deep) in r.stdout + r.stderr and "binary" in r.stdout + r.stderr, (args, r.stdout, r.stderr)
