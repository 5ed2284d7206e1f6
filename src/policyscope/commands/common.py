"""Options and output helpers shared by every command: ``--db``, ``--format``, clean error messages."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from policyscope.errors import PolicyscopeError

# soft wrap: a message is never broken by us — a file path or name in it stays whole for the terminal to wrap
# (and for a person to copy), however narrow the terminal or long the path
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $POLICYSCOPE_DB or ./policyscope.duckdb).", show_default=False),
]


class OutFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Print an expected error (a :class:`PolicyscopeError`) as one red line and exit with its class's code
    (1, or 75 for busy: retry later). Anything else is a bug and keeps its traceback, so it gets reported."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicyscopeError as exc:
            err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _jsonable(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


def emit(data: pd.DataFrame | list[dict[str, Any]] | dict[str, Any], fmt: OutFormat = OutFormat.table,
         title: str | None = None) -> None:
    """Print a frame or records as a rich table, CSV or JSON (JSON and CSV go to stdout unstyled)."""
    if isinstance(data, dict):
        if fmt == OutFormat.json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str, indent=1) + "\n")
            return
        data = [data]
    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps(records(df), ensure_ascii=False, default=str, indent=1) + "\n")
    elif fmt == OutFormat.csv:
        from policyscope.store.tabular_safety import to_safe_csv

        sys.stdout.write(to_safe_csv(df))  # no formulas for a spreadsheet to run
    else:
        t = Table(title=title, show_lines=False)
        for c in df.columns:
            t.add_column(str(c), overflow="fold")
        for row in df.itertuples(index=False):
            t.add_row(*["" if (isinstance(v, float) and v != v) or v is None else str(_jsonable(v)) for v in row])
        console.print(t)
