"""Data commands: build, sql, export, jurisdictions, indicators, events, sources."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from policyscope.commands.common import (
    DbOption,
    FormatOption,
    OutFormat,
    console,
    emit,
    err_console,
    friendly_errors,
)
from policyscope.errors import InputError
from policyscope.model import registry
from policyscope.store.database import StoreError, StoreNotFound, default_db_path, open_db

jurisdictions_app = typer.Typer(help="Jurisdictions and their names. 国家/地区及名称。", no_args_is_help=True)
indicators_app = typer.Typer(help="The indicator catalogue. 指标目录。", no_args_is_help=True)
events_app = typer.Typer(help="Policy events (see also `review`). 政策事件。", no_args_is_help=True)
sources_app = typer.Typer(help="Source adapters and the bundled snapshot. 数据源与内置快照。", no_args_is_help=True)


@friendly_errors
def build_cmd(db: DbOption = None, quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False) -> None:
    """Build the observatory from the bundled open data (idempotent; atomic swap).
    从内置开放数据构建观察库（可重复运行，原子替换）。

    Example: policyscope build --db ./policyscope.duckdb
    """
    from policyscope.store.build import build, counts

    path = default_db_path(db)
    summary = build(path, progress=not quiet)
    with open_db(path, read_only=True) as d:
        c = counts(d.con)
        info = d.build_info()
    emit(pd.DataFrame([{"view": k, "rows": v} for k, v in c.items()]), OutFormat.table,
         title=f"built {path} ({info.get('built_at', '')})")
    carried = summary.get("carried_over")
    if carried:
        console.print(f"carried over from the previous database: {carried}")


@friendly_errors
def sql_cmd(query: Annotated[str, typer.Argument(help="A SELECT statement over the published views.")],
            db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Run read-only SQL over the published views; writes, files and other tables are refused.
    对公开视图执行只读 SQL；写操作、文件访问和其他表均被拒绝。

    Example: policyscope sql "select count(*) from jurisdictions" --format json
    """
    from policyscope.store.readonly_sql import run_user_sql

    emit(run_user_sql(default_db_path(db), query), fmt)


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    datapackage = "datapackage"
    sdmx_csv = "sdmx-csv"
    sdmx_ml = "sdmx-ml"
    stip = "stip"


@friendly_errors
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="csv, parquet, xlsx, datapackage (Frictionless), sdmx-csv / sdmx-ml (indicators), "
        "stip (events with STIP Compass instrument types and themes).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("export"),
    indicator: Annotated[list[str] | None, typer.Option(
        "--indicator", "-i", help="SDMX only: export these indicator codes (repeatable; default all). "
        "SDMX-ML of every indicator takes minutes — select a few.")] = None,
    db: DbOption = None,
) -> None:
    """Export the published views with licences, sources and a citation (CITATION.txt, citation.json/.bib/.ris).
    导出公开视图（含许可、来源与引用文件）：CSV、Parquet、Excel、Frictionless 数据包、SDMX 或 STIP 格式事件。

    Example: policyscope export --format datapackage --out export/ && frictionless validate export/datapackage.json
    Example: policyscope export --format sdmx-csv --indicator GB.XPD.RSDV.GD.ZS --out sdmx/
    Example: policyscope export --format stip --out stip/
    """
    from rich.progress import Progress

    from policyscope.store.export import export

    if indicator and fmt not in (ExportFormat.sdmx_csv, ExportFormat.sdmx_ml):
        raise InputError("--indicator applies to --format sdmx-csv and sdmx-ml only")
    with open_db(db, read_only=True) as d, Progress(transient=True, console=err_console) as bar:
        task = bar.add_task(f"exporting {fmt.value}", total=None)
        files = export(d, fmt.value, out, indicators=indicator or None,
                       progress=lambda name: bar.update(task, description=f"exporting {name}", advance=1))
    for f in files:
        console.print(f"wrote {f}")


# -- jurisdictions -------------------------------------------------------------------------------------------

@jurisdictions_app.command("resolve")
@friendly_errors
def jurisdictions_resolve(name: Annotated[list[str], typer.Argument(help="One or more names or aliases.")],
                          fmt: FormatOption = OutFormat.table) -> None:
    """Resolve names in Chinese or English to codes; ambiguity and unknown names are reported.
    将中文或英文名称解析为代码；歧义和未知名称会被报告。

    Example: policyscope jurisdictions resolve 美国 "Republic of Korea" Congo --format json
    """
    reg = registry()
    rows = []
    for n in name:
        r = reg.resolve(n)
        j = reg.by_code.get(r.code) if r.code else None
        rows.append({"query": n, "status": r.status, "code": r.code, "name_en": j.name_en if j else None,
                     "name_zh": j.name_zh if j else None, "candidates": r.candidates, "suggestions": r.suggestions})
    if fmt == OutFormat.json and len(rows) == 1:
        emit(rows[0], fmt)
    else:
        emit(rows, fmt)
    if any(r["status"] != "resolved" for r in rows):
        raise typer.Exit(2)


@jurisdictions_app.command("list")
@friendly_errors
def jurisdictions_list(kind: Annotated[str | None, typer.Option(help="country, territory, multilateral, group…")] = None,
                       fmt: FormatOption = OutFormat.table) -> None:
    """List jurisdictions (no database needed).
    列出国家/地区及组织（无需数据库）。

    Example: policyscope jurisdictions list --kind group
    """
    rows = [j.model_dump(exclude={"members"}) | {"members": len(j.members)}
            for j in registry().by_code.values() if kind is None or j.kind == kind]
    emit(rows, fmt)


# -- indicators ----------------------------------------------------------------------------------------------

@indicators_app.command("list")
@friendly_errors
def indicators_list(db: DbOption = None, source: Annotated[str | None, typer.Option(help="Filter by source text.")] = None,
                    fmt: FormatOption = OutFormat.table) -> None:
    """List the indicator catalogue with observation counts.
    列出指标目录及观测值数量。

    Example: policyscope indicators list --source "World Bank"
    """
    with open_db(db, read_only=True) as d:
        q = ("SELECT i.code, i.name_en, i.name_zh, i.unit, i.source, count(o.value) AS observations, "
             "min(o.year) AS first_year, max(o.year) AS last_year FROM indicators i "
             "LEFT JOIN observations o ON o.indicator = i.code ")
        params: list[str] = []
        if source:
            q += "WHERE i.source ILIKE ? "
            params.append(f"%{source}%")
        q += "GROUP BY ALL ORDER BY i.code"
        emit(d.df(q, params), fmt)


@indicators_app.command("show")
@friendly_errors
def indicators_show(code: str, db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Show one indicator: names, unit, source, licence, definition, coverage.
    显示单个指标：名称、单位、来源、许可、定义与覆盖范围。

    Example: policyscope indicators show GERD_USD --format json
    """
    with open_db(db, read_only=True) as d:
        row = d.df("SELECT * FROM indicators WHERE code = ?", [code])
        if row.empty:
            near = d.df("SELECT code FROM indicators WHERE code ILIKE ? LIMIT 5", [f"%{code}%"])["code"].tolist()
            hint = f" (similar: {', '.join(near)})" if near else ""
            raise StoreNotFound(f"unknown indicator code {code!r}{hint}; see `policyscope indicators list`")
        info = row.iloc[0].to_dict()
        cov = d.df("SELECT count(DISTINCT jurisdiction) AS jurisdictions, min(year) AS first_year, "
                   "max(year) AS last_year, count(*) AS observations, any_value(vintage) AS vintage "
                   "FROM observations WHERE indicator = ?", [code]).iloc[0].to_dict()
        formula = d.scalar("SELECT formula FROM core.indicator WHERE code = ?", [code])
    data = {**info, "formula": formula, **{k: (int(v) if isinstance(v, float) and v == v else v) for k, v in cov.items()}}
    if fmt == OutFormat.json:
        emit(data, fmt)
    else:
        emit(pd.DataFrame({"field": list(data), "value": [str(v) for v in data.values()]}), fmt)


# -- events --------------------------------------------------------------------------------------------------

@events_app.command("list")
@friendly_errors
def events_list(
    db: DbOption = None,
    jurisdiction: Annotated[str | None, typer.Option(help="Code or name, e.g. CHN or 中国.")] = None,
    domain: Annotated[str | None, typer.Option(help="Domain code, e.g. ai.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Event type, e.g. strategy.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(help="Maximum rows.")] = 50,
    fmt: FormatOption = OutFormat.table,
) -> None:
    """List policy events with filters.
    按条件列出政策事件。

    Example: policyscope events list --jurisdiction 中国 --domain ai --from 2017-01-01 --format json
    """
    from policyscope.model import DOMAINS, EVENT_TYPES
    from policyscope.store.events import events_frame

    if domain and domain not in DOMAINS:
        raise StoreError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
    if type and type not in EVENT_TYPES:
        raise StoreError(f"unknown event type {type!r}; known: {', '.join(EVENT_TYPES)}")
    code = registry().resolve_code(jurisdiction) if jurisdiction else None
    with open_db(db, read_only=True) as d:
        df = events_frame(d, code, domain, type, date_from, date_to, limit=limit)
    if fmt == OutFormat.table:
        df = df[["id", "jurisdiction", "date", "type", "title", "domains", "review_state"]]
    emit(df, fmt)


# -- sources -------------------------------------------------------------------------------------------------

@sources_app.command("list")
@friendly_errors
def sources_list(fmt: FormatOption = OutFormat.table) -> None:
    """List source adapters with licence and whether they are bundled.
    列出数据源适配器、许可及是否内置。

    Example: policyscope sources list
    """
    from policyscope.sources.registry import adapters

    emit([{"name": n, "title": c.title, "licence": c.licence, "bundled": c.bundled} for n, c in adapters().items()], fmt)


@sources_app.command("prepare")
@friendly_errors
def sources_prepare(
    data_dir: Annotated[Path, typer.Argument(help="Folder with the raw downloads (layout of ../shared/data).")],
    name: Annotated[list[str] | None, typer.Option("--name", help="Only these sources.")] = None,
) -> None:
    """Convert raw downloads into the Parquet snapshot shipped in the package (maintainers).
    将原始下载转换为随包发布的 Parquet 快照（维护者用）。

    Example: policyscope sources prepare ../shared/data --name wdi
    """
    from policyscope.sources.snapshot import prepare

    summary = prepare(data_dir, name)
    console.print_json(json.dumps(summary))


@sources_app.command("import")
@friendly_errors
def sources_import(
    name: Annotated[str, typer.Argument(help="Adapter name, e.g. wdi.")],
    paths: Annotated[list[Path], typer.Argument(help="Raw files in the adapter's order (see `sources list`).")],
    db: DbOption = None,
) -> None:
    """Import a newer download of a source into the database with the same parser as the bundled data.
    用与内置数据相同的解析器导入某数据源的新下载。

    Example: policyscope sources import wdi ~/Downloads/wdi_selected_long.csv.gz
    """
    from policyscope.sources.registry import get
    from policyscope.store.build import load_bundle_into

    bundle = get(name).read_raw(paths)
    bundle.validate()
    from policyscope.store.merge import merge_events

    with open_db(db) as d, d.transaction() as con:
        counts = load_bundle_into(con, bundle, actor=f"import:{name}")
        counts.update(merge_events(con))  # one event per policy across sources
    console.print(f"imported {name}: {counts}")
    for note in bundle.notes[:20]:
        console.print(f"[yellow]read with a fallback / 容错读取:[/] {note}")
    exc = bundle.table("excluded")
    for reason, n in exc["reason"].value_counts().head(12).items():
        console.print(f"[yellow]left out / 未导入[/] {n} × {reason}")
    if bundle.unknown_names:
        console.print(f"[yellow]not imported (unknown jurisdiction names):[/] {', '.join(bundle.unknown_names)}")
