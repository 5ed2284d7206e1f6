"""Commands beyond one machine: ``ingest --engine spark`` (called from the ingest command) and
``import-batch``, which stores a Spark batch through the same intake as a local ingest."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policyscope.commands.common import DbOption, OutFormat, console, err_console, friendly_errors

ERROR_LIMIT = 50  # failed inputs listed on screen (all of them are in the batch's errors table)

LABELS = {"files": "files / 文件", "documents_new": "documents new / 新文档",
          "documents_unchanged": "documents unchanged / 未变文档", "needs_ocr": "needs OCR / 需OCR",
          "events_new": "events new / 新事件", "events_updated": "events updated / 更新事件",
          "evidence_added": "evidence added / 新增证据", "errors": "errors / 错误",
          "documents": "documents / 文档", "events": "events / 事件", "amounts": "amounts / 金额",
          "evidence": "evidence / 证据", "seconds": "seconds / 秒"}


def _counts_table(title: str, counts: dict[str, Any]) -> Table:
    t = Table(title=title)
    t.add_column("")
    t.add_column("count / 数量", justify="right")
    for k, v in counts.items():
        t.add_row(LABELS.get(k, k), str(v), style="bold red" if k == "errors" and v else None)
    return t


def _errors_table(rows: list[tuple[str, str]], total: int) -> Table:
    et = Table(title=f"errors / 错误 ({total})", title_style="bold red")
    et.add_column("file / 文件", overflow="fold")
    et.add_column("reason / 原因", overflow="fold")
    for source, reason in rows[:ERROR_LIMIT]:
        et.add_row(source, reason)
    if total > ERROR_LIMIT:
        et.add_row(f"… {total - ERROR_LIMIT} more / 另有 {total - ERROR_LIMIT} 项", "see the batch's errors/ table")
    return et


def run_spark_ingest(paths: list[Path], out: Path, opts: Any, master: str | None, files_from: Path | None,
                     fmt: OutFormat) -> None:
    """``ingest --engine spark``: the Spark job with a progress bar fed by Spark's status tracker."""
    import duckdb

    from policyscope.ingest.spark_engine import run

    with Progress(TextColumn("[bold]spark ingest / Spark 导入[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=err_console, transient=True,
                  disable=fmt == OutFormat.json) as bar:
        task = bar.add_task("starting Spark / 启动 Spark", total=None)

        def tick(done: int, total: int) -> None:
            if total:
                bar.update(task, completed=done, total=total, description="tasks / 任务")

        summary = run(paths, out, opts=opts, master=master, files_from=files_from, on_tick=tick)
    errors = duckdb.sql(f"SELECT source, error FROM read_parquet('{(out / 'errors').as_posix()}/*.parquet') "
                        "ORDER BY seq").fetchall() if summary.errors else []
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps({"summary": summary.model_dump(), "batch": str(out),
                                     "errors": [{"source": s, "error": e} for s, e in errors]},
                                    ensure_ascii=False, indent=1) + "\n")
    else:
        counts = {k: getattr(summary, k) for k in ("documents", "events", "amounts", "evidence", "errors", "seconds")}
        console.print(_counts_table(f"spark batch / Spark 批次 {out} ({summary.master})", counts))
        if errors:
            console.print(_errors_table(errors, len(errors)))
        console.print(f"store it with / 入库: policyscope import-batch {out}", highlight=False)
    if errors:  # like a local ingest: the batch is complete, the exit status says some inputs failed
        raise typer.Exit(1)


@friendly_errors
def import_batch_cmd(
    batch: Annotated[Path, typer.Argument(help="Batch folder written by `ingest --engine spark --out DIR`.")],
    actor: Annotated[str | None, typer.Option("--actor", help="Who is importing (default $USER).")] = None,
    reextract: Annotated[bool, typer.Option("--reextract", help="Store the batch's events for documents "
                                                                 "already stored too.")] = False,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Summary as table or json.")] = OutFormat.table,
    db: DbOption = None,
) -> None:
    """Store a Spark batch (documents, events, amounts, evidence) like a local ingest: same merge, dedupe and
    idempotence. 将 Spark 批次入库（与本地导入相同的合并、去重与幂等）。

    Example: policyscope import-batch out/batch-2025-03 --db policyscope.duckdb
    """
    from policyscope.ingest.pipeline import default_actor
    from policyscope.store.batch_import import batch_size, import_batch
    from policyscope.store.database import open_db

    total = batch_size(batch)
    with open_db(db) as d, Progress(TextColumn("[bold]import / 入库[/]"), BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), TextColumn("{task.description}"), console=err_console,
                                    transient=True, disable=fmt == OutFormat.json) as bar:
        task = bar.add_task("", total=total)

        def step(source: str, size: int) -> None:
            bar.update(task, advance=1, description=Path(source).name[:50])

        report = import_batch(d, batch, actor=actor or default_actor(), progress=step, reextract=reextract)
    s = report.summary()
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps({"summary": s, "files": [r.__dict__ for r in report.results]},
                                    ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        console.print(_counts_table(f"import-batch / 批次入库 {batch}", s))
        if report.errors:
            console.print(_errors_table([(r.source, r.error or "") for r in report.errors], len(report.errors)))
    if report.errors:
        raise typer.Exit(1)
