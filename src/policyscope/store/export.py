"""Exporting the published views as CSV, Parquet, Excel, a Frictionless Data Package, SDMX or STIP-shaped events.

The Data Package is declared, not guessed: :data:`RESOURCES` lists each resource with its keys and provenance,
and each field's type is read from the DuckDB type of the view's column, so a column added to a view is
exported and typed without touching this module. Lists are written as JSON arrays (``type: array``),
timestamps as ISO 8601 with ``T``, dates as ``YYYY-MM-DD``; every export carries its citation files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from policyscope.store.citation import dataset_citation, write_citation_files
from policyscope.store.database import Database, StoreError
from policyscope.store.tabular_safety import FORMULA_STARTS, to_excel_frame

VIEWS = ("jurisdictions", "documents", "events", "amounts", "indicators", "observations", "edges", "companies")
EXCEL_MAX_ROWS = 1_048_575
FORMATS = ("csv", "parquet", "xlsx", "datapackage", "sdmx-csv", "sdmx-ml", "stip")

# views in ``main`` that are deliberately not exported (none today); any other view is exported
NOT_EXPORTED: frozenset[str] = frozenset({"schema_version"})


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """Where a resource's rows came from: SQL returning ``source`` and ``licence`` columns."""

    sql: str


@dataclass(frozen=True)
class ResourceSpec:
    """One exported table: the first relation of ``relations`` that exists in the database is exported."""

    name: str
    relations: tuple[str, ...]
    title_en: str
    title_zh: str
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    provenance: Provenance | None = None
    optional: bool = False
    descriptions: dict[str, str] = field(default_factory=dict)


_INDICATOR_SOURCES = "SELECT DISTINCT source, licence FROM core.indicator WHERE code IN (SELECT DISTINCT {col} FROM {rel})"
_EVENT_SOURCES = "SELECT DISTINCT origin AS source, NULL AS licence FROM core.event"
_POLICYSCOPE = "SELECT 'policyscope' AS source, 'Apache-2.0 (policyscope package licence)' AS licence"

RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec("jurisdictions", ("main.jurisdictions",), "Jurisdictions", "国家/地区与组织", ("code",),
                 provenance=Provenance(_POLICYSCOPE),
                 descriptions={"groups": "JSON array of group codes the jurisdiction belongs to"}),
    ResourceSpec("documents", ("main.documents",), "Documents", "文件", ("id",),
                 provenance=Provenance("SELECT DISTINCT source_name AS source, NULL AS licence FROM core.document")),
    ResourceSpec("events", ("main.events",), "Policy events", "政策事件", ("id",),
                 (ForeignKey(("jurisdiction",), "jurisdictions", ("code",)),),
                 provenance=Provenance(_EVENT_SOURCES),
                 descriptions={"partners": "JSON array of partner jurisdiction codes",
                               "domains": "JSON array of technology-domain codes (taxonomy domains)"}),
    ResourceSpec("amounts", ("main.amounts",), "Amounts of events", "事件金额", (),
                 (ForeignKey(("event_id",), "events", ("id",)),), provenance=Provenance(_EVENT_SOURCES)),
    ResourceSpec("indicators", ("main.indicators",), "Indicators", "指标目录", ("code",),
                 provenance=Provenance(_INDICATOR_SOURCES.format(col="code", rel="core.indicator"))),
    ResourceSpec("observations", ("main.observations",), "Observations", "指标观测值",
                 ("indicator", "jurisdiction", "year"),
                 (ForeignKey(("indicator",), "indicators", ("code",)),),
                 provenance=Provenance(_INDICATOR_SOURCES.format(col="indicator", rel="core.observation"))),
    ResourceSpec("edges", ("main.edges",), "Edges between jurisdictions", "双边关系值", ("indicator", "year", "a", "b"),
                 provenance=Provenance(_INDICATOR_SOURCES.format(col="indicator", rel="core.edge"))),
    ResourceSpec("companies", ("main.companies",), "Company-level figures", "企业层面数据",
                 provenance=Provenance("SELECT DISTINCT source, NULL AS licence FROM core.company")),
    ResourceSpec("coverage", ("main.coverage", "core.coverage"), "Coverage of group aggregates", "组聚合的覆盖率",
                 provenance=Provenance(_POLICYSCOPE), optional=True),
    ResourceSpec("excluded", ("main.excluded", "core.excluded"), "Records left out, with the reason",
                 "被排除的记录及原因", provenance=Provenance(_POLICYSCOPE), optional=True),
)


# -- types ------------------------------------------------------------------------------------------------------

_INT = re.compile(r"^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INT\d|U?HUGEINT)$")


def field_type(duck_type: str) -> str:
    """Table Schema type for a DuckDB column type."""
    t = duck_type.upper()
    if t.endswith("[]") or t.startswith(("LIST", "ARRAY")):
        return "array"
    if t.startswith(("STRUCT", "MAP")):
        return "object"
    if _INT.match(t):
        return "integer"
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t == "TIME":
        return "time"
    return "string"


_FORMULA_STARTS_SQL = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)


def _select_expr(col: str, duck_type: str) -> str:
    """How a column is written to CSV so that its declared type reads it back."""
    q = '"' + col.replace('"', '""') + '"'
    ft = field_type(duck_type)
    t = duck_type.upper()
    if ft in ("array", "object"):
        return f"CAST(to_json({q}) AS VARCHAR) AS {q}"
    if ft == "datetime":
        if "TIME ZONE" in t or t == "TIMESTAMPTZ":
            return f"strftime(timezone('UTC', {q}), '%Y-%m-%dT%H:%M:%S.%fZ') AS {q}"
        return f"strftime({q}, '%Y-%m-%dT%H:%M:%S.%f') AS {q}"
    if t == "JSON":
        return f"CAST({q} AS VARCHAR) AS {q}"
    if ft == "string":
        # a spreadsheet runs text starting with = + - @, tab or CR: prefix an apostrophe (store/tabular_safety.py)
        return f"CASE WHEN left({q}, 1) IN ({_FORMULA_STARTS_SQL}) THEN chr(39) || {q} ELSE {q} END AS {q}"
    return q


def _relation_exists(db: Database, relation: str) -> bool:
    schema, name = relation.split(".", 1)
    n = db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                  [schema, name])
    return bool(n)


def columns(db: Database, relation: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a view or table, in order."""
    schema, name = relation.split(".", 1)
    rows = db.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position", [schema, name]).fetchall()
    return [(str(c), str(t)) for c, t in rows]


def resolved_resources(db: Database) -> list[tuple[ResourceSpec, str]]:
    """Declared resources whose relation exists, then any other published view (so none is forgotten)."""
    out: list[tuple[ResourceSpec, str]] = []
    for spec in RESOURCES:
        rel = next((r for r in spec.relations if _relation_exists(db, r)), None)
        if rel is None:
            if not spec.optional:
                raise StoreError(f"database {db.path} lacks the view for resource {spec.name!r} ({spec.relations[0]})")
            continue
        out.append((spec, rel))
    declared = {r for spec in RESOURCES for r in spec.relations}
    views = db.con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                           "AND table_type = 'VIEW' ORDER BY table_name").fetchall()
    for (v,) in views:
        if f"main.{v}" not in declared and v not in NOT_EXPORTED:
            out.append((ResourceSpec(v, (f"main.{v}",), v.replace("_", " ").capitalize(), v), f"main.{v}"))
    return out


# -- licences -----------------------------------------------------------------------------------------------

_LICENCE_IDS = (
    ("CC BY 4.0", "CC-BY-4.0"), ("CC-BY-4.0", "CC-BY-4.0"), ("CC0", "CC0-1.0"), ("ODC-PDDL", "ODC-PDDL-1.0"),
    ("Public domain", "other-pd"), ("not an open licence", "other-closed"), ("Apache-2.0", "Apache-2.0"),
    ("attribution", "other-at"),
)


def licence_id(text: str) -> str:
    """An Open Definition / SPDX identifier for a licence statement (the statement itself goes in ``title``)."""
    for needle, lid in _LICENCE_IDS:
        if needle.lower() in text.lower():
            return lid
    return "other-at"


def _provenance(db: Database, spec: ResourceSpec) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    from policyscope.store.citation import source_meta

    if spec.provenance is None:
        return [], []
    licences: dict[str, dict[str, str]] = {}
    sources: list[dict[str, str]] = []
    for src, lic in db.con.execute(spec.provenance.sql).fetchall():
        if src is None:
            continue
        meta = source_meta(str(src))
        text = lic or meta.licence
        if text and text != "as its inputs":
            licences.setdefault(text, {"name": licence_id(text), "title": text})
        s = {"title": meta.title}
        if meta.url:
            s["path"] = meta.url
        if s not in sources:
            sources.append(s)
    return list(licences.values()), sources


# -- writers --------------------------------------------------------------------------------------------------

def _copy_csv(db: Database, relation: str, cols: list[tuple[str, str]], path: Path) -> None:
    select = ", ".join(_select_expr(c, t) for c, t in cols)
    target = str(path).replace("'", "''")
    db.con.execute(f"COPY (SELECT {select} FROM {relation}) TO '{target}' (HEADER, DELIMITER ',', QUOTE '\"')")


def _schema(spec: ResourceSpec, cols: list[tuple[str, str]]) -> dict[str, Any]:
    fields = []
    for c, t in cols:
        f: dict[str, Any] = {"name": c, "type": field_type(t)}
        if c in spec.descriptions:
            f["description"] = spec.descriptions[c]
        if c in spec.primary_key:
            f["constraints"] = {"required": True}
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields}
    names = {c for c, _ in cols}
    if spec.primary_key and set(spec.primary_key) <= names:
        schema["primaryKey"] = list(spec.primary_key)
    fks = [fk for fk in spec.foreign_keys if set(fk.fields) <= names]
    if fks:
        schema["foreignKeys"] = [{"fields": list(fk.fields),
                                  "reference": {"resource": fk.resource, "fields": list(fk.reference)}} for fk in fks]
    return schema


def write_datapackage(db: Database, out: Path, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Every resource as CSV plus ``datapackage.json`` (Frictionless tabular data package)."""
    resources, files = [], []
    all_licences: dict[str, dict[str, str]] = {}
    all_sources: list[dict[str, str]] = []
    resolved = resolved_resources(db)
    exported = {spec.name for spec, _ in resolved}
    for spec, rel in resolved:
        if progress:
            progress(spec.name)
        cols = columns(db, rel)
        p = out / f"{spec.name}.csv"
        _copy_csv(db, rel, cols, p)
        files.append(p)
        licences, sources = _provenance(db, spec)
        for lic in licences:
            all_licences.setdefault(lic["title"], lic)
        all_sources.extend(s for s in sources if s not in all_sources)
        schema = _schema(spec, cols)
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in exported]
        if not schema["foreignKeys"]:
            schema.pop("foreignKeys")
        res: dict[str, Any] = {
            "name": spec.name, "path": p.name, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": spec.title_en, "title_zh": spec.title_zh,
            "schema": schema,
        }
        if licences:
            res["licenses"] = licences
        if sources:
            res["sources"] = sources
        resources.append(res)
    cite = dataset_citation(db)
    pkg = {
        "profile": "tabular-data-package",
        "name": "policyscope",
        "title": "policyscope — open observatory of technology policy / 科技政策开放观察库",
        "version": cite.version,
        "created": db.build_info().get("built_at"),
        "homepage": cite.url,
        "licenses": list(all_licences.values()) or [{"name": "CC-BY-4.0", "title": "CC BY 4.0"}],
        "sources": all_sources,
        "citation": {"en": cite.text("en"), "zh": cite.text("zh")},
        "resources": resources,
    }
    p = out / "datapackage.json"
    p.write_text(json.dumps(pkg, ensure_ascii=False, indent=1), encoding="utf-8")
    files.append(p)
    return files


def _tabular(db: Database, fmt: str, out: Path) -> list[Path]:
    files: list[Path] = []
    if fmt == "csv":
        for v in VIEWS:
            p = out / f"{v}.csv"
            _copy_csv(db, f"main.{v}", columns(db, f"main.{v}"), p)
            files.append(p)
    elif fmt == "parquet":
        for v in VIEWS:
            p = out / f"{v}.parquet"
            db.con.execute(f"COPY (SELECT * FROM main.{v}) TO '{str(p).replace(chr(39), chr(39) * 2)}' (FORMAT PARQUET)")
            files.append(p)
    else:
        p = out / "policyscope.xlsx"
        with pd.ExcelWriter(p, engine="openpyxl") as xw:
            for v in VIEWS:
                df = db.df(f"SELECT * FROM main.{v}")
                if len(df) > EXCEL_MAX_ROWS:
                    to_excel_frame(df.head(EXCEL_MAX_ROWS)).to_excel(xw, sheet_name=v, index=False)
                    extra = out / f"{v}.csv"
                    _copy_csv(db, f"main.{v}", columns(db, f"main.{v}"), extra)
                    files.append(extra)
                else:
                    to_excel_frame(df).to_excel(xw, sheet_name=v, index=False)
        files.append(p)
    return files


def export(db: Database, fmt: str, out: Path, *, indicators: list[str] | None = None,
           progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the export ``fmt`` into ``out``, with its citation files; return the files written."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "datapackage":
        files = write_datapackage(db, out, progress)
    elif fmt in ("sdmx-csv", "sdmx-ml"):
        from policyscope.store.sdmx_export import write_sdmx

        files = write_sdmx(db, out, ml=fmt == "sdmx-ml", indicators=indicators)
    elif fmt == "stip":
        from policyscope.store.stip_export import write_stip

        files = write_stip(db, out)
    else:
        files = _tabular(db, fmt, out)
    return files + write_citation_files(dataset_citation(db), out)
