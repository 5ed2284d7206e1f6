"""Exporting the published views as CSV, Parquet, Excel or a Frictionless Data Package with licences."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from policyscope.store.database import Database, StoreError

VIEWS = ("jurisdictions", "documents", "events", "amounts", "indicators", "observations", "edges", "companies")
EXCEL_MAX_ROWS = 1_048_575

_TYPE_MAP = {"int": "integer", "float": "number", "bool": "boolean", "datetime": "datetime", "date": "date"}


def _field_type(dtype: object) -> str:
    s = str(dtype)
    for k, v in _TYPE_MAP.items():
        if k in s:
            return v
    return "string"


def _licences(db: Database) -> list[dict[str, str]]:
    df = db.df("SELECT DISTINCT source, licence FROM indicators WHERE licence IS NOT NULL ORDER BY source")
    return [{"name": r.licence, "title": f"{r.licence} — {r.source}"} for r in df.itertuples()]


def export(db: Database, fmt: str, out: Path) -> list[Path]:
    """Write every published view into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    frames = {v: db.df(f"SELECT * FROM main.{v}") for v in VIEWS}
    files: list[Path] = []
    if fmt in ("csv", "datapackage"):
        for v, df in frames.items():
            p = out / f"{v}.csv"
            df.to_csv(p, index=False)
            files.append(p)
    elif fmt == "parquet":
        for v, df in frames.items():
            p = out / f"{v}.parquet"
            df.to_parquet(p, index=False)
            files.append(p)
    elif fmt == "xlsx":
        p = out / "policyscope.xlsx"
        with pd.ExcelWriter(p, engine="openpyxl") as xw:
            for v, df in frames.items():
                if len(df) > EXCEL_MAX_ROWS:
                    df.head(EXCEL_MAX_ROWS).to_excel(xw, sheet_name=v, index=False)
                    (out / f"{v}.csv").write_text(df.to_csv(index=False), encoding="utf-8")
                    files.append(out / f"{v}.csv")
                else:
                    df.to_excel(xw, sheet_name=v, index=False)
        files.append(p)
    else:
        raise StoreError(f"unknown export format {fmt!r}; use csv, parquet, xlsx or datapackage")
    if fmt == "datapackage":
        pkg = {
            "profile": "tabular-data-package",
            "name": "policyscope",
            "title": "policyscope observatory export",
            "licenses": _licences(db) or [{"name": "CC-BY-4.0"}],
            "sources": [{"title": s} for s in db.df("SELECT DISTINCT source FROM indicators ORDER BY 1")["source"]],
            "created": db.build_info().get("built_at"),
            "resources": [
                {
                    "name": v,
                    "path": f"{v}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {"fields": [{"name": c, "type": _field_type(t)} for c, t in df.dtypes.items()]},
                }
                for v, df in frames.items()
            ],
        }
        p = out / "datapackage.json"
        p.write_text(json.dumps(pkg, ensure_ascii=False, indent=1), encoding="utf-8")
        files.append(p)
    return files
