"""`policyscope analyze NAME`: one command per registered analysis, with ``--format table|csv|json``.

The commands are generated from :mod:`policyscope.analysis.registry`: each option is a field of the
analysis's Params model (the flags older commands had are kept, see ``Cli`` in ``analysis/params.py``), and
the values go through that model unparsed, exactly as the API's query parameters do — so the CLI and
``/api/v1/analyze/NAME`` accept the same inputs and print the same JSON (rows plus coverage, sources,
vintages and notes). CSV prints the rows; the table adds names in both languages.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from policyscope.analysis.params import ParamInfo, fields_of
from policyscope.analysis.registry import ANALYSES, Analysis
from policyscope.commands.common import OutFormat, console, emit, friendly_errors
from policyscope.errors import InputError
from policyscope.store.database import open_db

app = typer.Typer(help="Analyses that recompute the seeds' figures (shares, ranks, growth, tiers, networks…). "
                  "分析：复算种子报告中的占比、排名、增速、梯队、网络等。",
                  no_args_is_help=True)

METAVARS = {"year": "YEAR", "date": "DATE", "jurisdiction": "NAME", "indicator": "CODE", "code": "CODE",
            "number": "NUMBER", "integer": "INT", "file": "PATH", "text": "TEXT"}
SOURCE_KEYS = ("backend", "parquet", "master")


# -- options from the Params model ----------------------------------------------------------------------
def _metavar(info: ParamInfo) -> str:
    base = "|".join(info.choices) if info.choices else METAVARS.get(info.kind, "TEXT")
    return f"{base},…" if info.many else base


def _shown(default: Any) -> str | bool:
    if default is None:
        return False
    return ",".join(map(str, default)) if isinstance(default, list | tuple) else str(default)


def _help(info: ParamInfo) -> str:
    return info.help + (" Several: a,b，c、d or the option repeated." if info.many else "")


def _option(info: ParamInfo) -> inspect.Parameter:
    """A typer option for one field: strings in (the model parses them), flags as the model declares."""
    if info.kind == "bool":
        opt = typer.Option(bool(info.default), *info.flags, help=_help(info))
        return inspect.Parameter(info.name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=bool)
    opt = typer.Option(... if info.required else None, *info.flags, help=_help(info), metavar=_metavar(info),
                       show_default=_shown(info.default))
    kind = (list[str] if info.required else list[str] | None) if info.many else (str if info.required else str | None)
    return inspect.Parameter(info.name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=kind)


def _extra(name: str, annotation: Any, default: Any, *flags: str, help: str) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                             default=typer.Option(default, *flags, help=help))


def _extras(entry: Analysis) -> list[inspect.Parameter]:
    """Options that are not analysis parameters: where to read, how to print (and one older flag)."""
    out: list[inspect.Parameter] = []
    if entry.name == "network":
        out.append(_extra("partners", bool, False, "--partners",
                          help="With --focus: its top partners (the top_partners analysis, EU27 row added)."))
    if entry.spark:
        out += [_extra("backend", str, "duckdb", "--backend", help="duckdb (the store, default) or spark (a Parquet "
                       "export read by Spark through Ibis; needs --parquet). 后端：duckdb 或 spark。"),
                _extra("parquet", Path | None, None, "--parquet",
                       help="With --backend spark: the folder written by `policyscope export --format parquet`."),
                _extra("master", str | None, None, "--master",
                       help="With --backend spark: Spark master (default local[*]; spark://host:7077 for a cluster).")]
    if entry.name != "companies":
        out.append(_extra("db", Path | None, None, "--db",
                          help="Database file (default: $POLICYSCOPE_DB or ./policyscope.duckdb)."))
    out.append(_extra("fmt", OutFormat, OutFormat.table, "--format", "-f", help="Output format."))
    return out


def flag_names(entry: Analysis) -> dict[str, str]:
    """Field → the flag a user types, for error messages that name what was typed."""
    return {i.name: i.flags[0].split("/")[0] for i in fields_of(entry.params)}


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != [] and v != ()}


# -- running --------------------------------------------------------------------------------------------
@contextmanager
def _source(db: Path | None, backend: str = "duckdb", parquet: Path | None = None,
            master: str | None = None) -> Iterator[Any]:
    """What the analysis reads: the DuckDB store, or with ``--backend spark`` the Parquet export on Spark."""
    from policyscope.analysis.backends import Backend, open_source

    if backend not in {b.value for b in Backend}:
        raise InputError(f"--backend must be duckdb or spark, not {backend!r}")
    if Backend(backend) == Backend.spark:
        yield open_source(backend, None, parquet, master)
        return
    with open_db(db, read_only=True) as d:
        yield d


def run(entry: Analysis, raw: Mapping[str, Any], db: Path | None = None, **source: Any) -> Any:
    """Check ``raw`` through the analysis's model, open what it reads (only if it reads the store) and run it.
    The inputs are checked once before the store is opened, so a typo never waits for a database."""
    names = flag_names(entry)
    params = entry.validate(raw, files="local", names=names)
    if not params.needs_db():
        return entry.run(None, params)
    with _source(db, **_given(source)) as d:
        return entry.run(d, entry.validate(raw, db=d, files="local", names=names))


def _partners(raw: dict[str, Any]) -> tuple[Analysis, dict[str, Any]]:
    """``network --focus X --partners [--top N]`` (the older spelling) → ``top_partners`` with an EU27 row."""
    if "focus" not in raw:
        raise InputError("--partners needs --focus COUNTRY")
    keep = {k: raw[k] for k in ("year", "edges") if k in raw}
    return ANALYSES["top_partners"], keep | {"jurisdiction": raw["focus"], "n": raw.get("top", 10),
                                              "groups": ["EU27"]}


# -- printing -------------------------------------------------------------------------------------------
def _title_counts(r: Any) -> str:
    return f"events by {', '.join(r.by)} ({r.events} events, level: {r.params.get('level')})"


def _title_companies(r: Any) -> str:
    when = f", {r.list_date}" if r.list_date else ""
    return f"companies by {', '.join(r.by)} ({r.total} in the list{when})"


TITLES: dict[str, Callable[[Any], str]] = {
    "counts": _title_counts,
    "share": lambda r: f"{r.indicator} {r.year}: share of {r.of} (denominator {r.denominator:,.6g})",
    "rank": lambda r: f"{r.indicator} ranks {r.year}" + (f" vs {r.compare_year}" if r.compare_year else ""),
    "growth": lambda r: f"CAGR {r.date_from}–{r.date_to} of {r.indicator}" + (f" vs {r.vs}" if r.vs else ""),
    "tiers": lambda r: f"tiers of {r.indicator} {r.year} ({r.unit}; {r.method})",
    "concentration": lambda r: f"concentration (total {r.total:,.6g}, {r.n_holders} holders)",
    "network": lambda r: f"{r.indicator} {r.year}: {r.n_nodes} nodes, {r.n_edges} edges",
    "top_partners": lambda r: f"top partners of {r.jurisdiction} in {r.year}",
    "keywords": lambda r: f"keywords: a = {r.a.query} ({r.a.tokens} tokens) vs b = {r.b.query} ({r.b.tokens} tokens)",
    "radar": lambda r: f"radar {r.year}",
    "index": lambda r: f"{r.spec.name_zh} / {r.spec.name_en} ({r.spec.year})",
    "companies": _title_companies,
}


def _after_rank(r: Any) -> None:
    if r.top and r.compare_year:
        console.print(f"entered top {r.top}: {', '.join(r.entered_top) or '—'}; left: {', '.join(r.left_top) or '—'}")


def _after_network(r: Any) -> None:
    emit(pd.DataFrame([e.model_dump() for e in r.edges[:20]]).dropna(axis=1, how="all"), OutFormat.table,
         title="edges (top 20)")


AFTER: dict[str, Callable[[Any], None]] = {"rank": _after_rank, "network": _after_network}


def _with_names(df: pd.DataFrame) -> pd.DataFrame:
    from policyscope.analysis.base import names_of

    for col in ("jurisdiction", "country", "partner"):
        if col in df.columns and len(df):
            pos = list(df.columns).index(col) + 1
            df = df.copy()
            df.insert(pos, "name_zh", [names_of(c)[1] if isinstance(c, str) else None for c in df[col]])
            df.insert(pos + 1, "name_en", [names_of(c)[0] if isinstance(c, str) else None for c in df[col]])
            break
    return df


def _readable(df: pd.DataFrame) -> pd.DataFrame:
    """Table view only: large numbers with thousands separators, small ones to 3 decimals."""
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]):
            big = df[c].abs().max() >= 1e4
            df[c] = [None if v != v else (f"{v:,.0f}" if big else f"{v:.3f}") for v in df[c]]
    return df


def _footer(result: Any) -> None:
    if result.coverage is not None:
        c = result.coverage
        console.print(f"coverage 覆盖: {c.with_data}/{c.total}" + (f" — {c.note}" if c.note else "")
                      + (f"; missing 缺失: {', '.join(c.missing)}" if c.missing else ""), highlight=False)
    for n in result.notes:
        console.print(f"note 说明: {n}", highlight=False)
    if result.sources:
        console.print("sources 来源: " + "; ".join(result.sources) + (
            f" (vintage 版本: {', '.join(result.vintages)})" if result.vintages else ""), highlight=False)


def show(entry: Analysis, result: Any, fmt: OutFormat) -> None:
    """JSON: the analysis's JSON form (the API's answer); CSV: the rows; table: rows with names, then notes."""
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps(entry.to_json(result), ensure_ascii=False, indent=1, default=str) + "\n")
        return
    df = result.to_frame().dropna(axis=1, how="all")
    if fmt == OutFormat.csv:
        emit(df, fmt)
        return
    emit(_with_names(_readable(df)), fmt, title=TITLES.get(entry.name, lambda r: entry.name)(result))
    _footer(result)
    AFTER.get(entry.name, lambda r: None)(result)


# -- the commands ---------------------------------------------------------------------------------------
def _command(entry: Analysis) -> Callable[..., None]:
    def command(**options: Any) -> None:
        fmt, db = options.pop("fmt"), options.pop("db", None)
        source = {k: options.pop(k) for k in SOURCE_KEYS if k in options}
        target, raw = entry, _given(options)
        if raw.pop("partners", False):
            target, raw = _partners(raw)
        show(target, run(target, raw, db, **source), fmt)

    params = [_option(i) for i in fields_of(entry.params)] + _extras(entry)
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__name__ = f"{entry.name}_cmd"
    command.__doc__ = f"{entry.en} {entry.zh}\n\nExample: {entry.example}"
    return command


def register(typer_app: typer.Typer) -> None:
    """One command per registered analysis (``policyscope analyze NAME``)."""
    for entry in ANALYSES.values():
        typer_app.command(entry.name)(friendly_errors(_command(entry)))


register(app)
