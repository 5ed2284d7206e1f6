"""Tables as downloads: CSV, Excel and Parquet (the API's ``format=`` parameter and the export endpoint).
CSV and Excel cells that a spreadsheet would run as a formula are neutralised (store.tabular_safety)."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pandas as pd
from fastapi.responses import Response

from policyscope.errors import InputError
from policyscope.store.tabular_safety import to_excel_frame, to_safe_csv

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts as JSON text (CSV and Excel have no list cells); timezones dropped for Excel."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].map(lambda v: json.dumps(v.tolist() if hasattr(v, "tolist") else v, ensure_ascii=False,
                                                     default=str)
                                if isinstance(v, list | tuple | dict) or hasattr(v, "tolist") else v)
        elif isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.tz_localize(None)
    return out


def table_response(df: pd.DataFrame, fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        raise InputError(f"format={fmt!r} is unknown; use json, csv, xlsx or parquet")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80] or "data"
    if fmt == "csv":
        body = to_safe_csv(_flat(df)).encode("utf-8")
    elif fmt == "xlsx":
        buf = BytesIO()
        to_excel_frame(_flat(df).head(1_048_575)).to_excel(buf, index=False, sheet_name=safe[:31], engine="openpyxl")
        body = buf.getvalue()
    else:
        buf = BytesIO()
        df.to_parquet(buf, index=False)
        body = buf.getvalue()
    return Response(body, media_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'})
