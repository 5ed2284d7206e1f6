"""``policyscope tm``: the translation memory of policy names (import, export, look up, rebuild the seed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policyscope.commands.common import FormatOption, OutFormat, console, emit, err_console, friendly_errors
from policyscope.errors import NotFound

app = typer.Typer(help="Translation memory of policy names (中文 ↔ English) with each pair's origin.\n"
                       "政策名称翻译记忆库（含来源）。\n\nExample: policyscope tm lookup \"CHIPS and Science Act\"",
                  no_args_is_help=True)


def local_path() -> Path:
    """Where imported and editor pairs live: $POLICYSCOPE_TM, else translation_memory.csv beside the database."""
    from policyscope.store.database import default_db_path
    from policyscope.store.titles import local_tm_path

    return local_tm_path(default_db_path())


@app.command("import")
@friendly_errors
def tm_import(file: Annotated[Path, typer.Argument(help="CSV with columns zh,en,origin[,source_ref,note].")]) -> None:
    """Add a CSV's pairs to the local memory (rows that cannot be read are reported and skipped; importing the
    same file again changes nothing). 导入翻译对。

    Example: policyscope tm import team_names.csv
    """
    from policyscope.model.translation_memory import dedupe, read_csv, write_csv

    entries, problems = read_csv(file)
    for p in problems:
        err_console.print(f"[yellow]skipped:[/] {p}", highlight=False)
    dest = local_path()
    before = read_csv(dest)[0] if dest.exists() else []
    total = write_csv(dest, before + entries)
    added = len(dedupe(before + entries)) - len(dedupe(before))
    console.print(f"{file}: {len(entries)} pairs read, {added} new, {len(problems)} skipped → {dest} ({total} pairs)")


@app.command("export")
@friendly_errors
def tm_export(file: Annotated[Path, typer.Argument(help="CSV file to write.")],
              include_machine: Annotated[bool, typer.Option("--machine/--no-machine",
                                                            help="Include machine translations (mee_mt).")] = True
              ) -> None:
    """Write the whole memory (packaged + local) to a CSV to share it. 导出翻译记忆库。

    Example: policyscope tm export names.csv --no-machine
    """
    from policyscope.model.translation_memory import load, write_csv

    entries = [e for e in load(local_path()) if include_machine or not e.machine]
    n = write_csv(file, entries)
    console.print(f"{n} pairs → {file}")


@app.command("lookup")
@friendly_errors
def tm_lookup(text: Annotated[str, typer.Argument(help="A policy name in English or Chinese.")],
              fmt: FormatOption = OutFormat.table) -> None:
    """Find a policy name in the memory (both directions); machine translations are marked. 查询政策名称。

    Example: policyscope tm lookup 通用数据保护条例
    """
    from policyscope.model.translation_memory import Memory, load

    hits = Memory(load(local_path())).lookup(text)
    if not hits:
        raise NotFound(f"{text!r} is not in the translation memory / 翻译记忆库中没有该名称")
    emit([{**h.model_dump(), "machine": h.machine} for h in hits], fmt, title=f"translation memory: {text}")


@app.command("seed")
@friendly_errors
def tm_seed(shared: Annotated[Path, typer.Argument(help="Folder holding data/ and gold/ (../shared).")]) -> None:
    """Rebuild the packaged memory from gold pairs, STIP original names, MEE titles and the glossary (maintainers).
    重建随包发布的翻译记忆库（维护者用）。

    Example: policyscope tm seed ../shared
    """
    from policyscope.sources.tm_seed import seed

    emit(seed(shared), OutFormat.table, title="translation memory seed")
