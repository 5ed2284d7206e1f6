"""``policyscope coverage``: what the event base covers and what was left out (the same function as /coverage)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from policyscope.commands.common import DbOption, OutFormat, console, emit, friendly_errors


class CoverageFormat(StrEnum):
    table = "table"
    json = "json"


@friendly_errors
def coverage_cmd(
    fmt: Annotated[CoverageFormat, typer.Option("--format", "-f", help="table or json.")] = CoverageFormat.table,
    top: Annotated[int, typer.Option("--top", help="Jurisdictions listed in the table.")] = 30,
    db: DbOption = None,
) -> None:
    """Events by jurisdiction × year × type × source, completeness per field, merges made and rows left out.
    事件库覆盖情况：按辖区×年份×类型×来源的事件数、各字段完整度、合并情况与未收录记录及原因。

    Example: policyscope coverage --format json > coverage.json
    """
    from policyscope.analysis.coverage import coverage
    from policyscope.store.database import open_db

    with open_db(db, read_only=True) as d:
        r = coverage(d, top=top)
    if fmt == CoverageFormat.json:
        sys.stdout.write(json.dumps(r.model_dump(), ensure_ascii=False, default=str, indent=1) + "\n")
        return
    console.print(f"[bold]{r.events}[/] events / 事件 · {r.jurisdictions} jurisdictions / 辖区 · "
                  f"{r.national_jurisdictions_20} with ≥ 20 national-level events / 国家层面事件≥20的辖区")
    emit([{"level / 层级": k, "events / 事件": v} for k, v in r.by_level.items()], OutFormat.table,
         title="by level / 按层级")
    emit(r.by_source, OutFormat.table, title="by source / 按来源")
    emit([{"field / 字段": f"{c['label_en']} / {c['label_zh']}", "events / 事件": c["n"], "share % / 占比": c["share"]}
          for c in r.completeness], OutFormat.table, title="completeness / 字段完整度")
    emit([{"origin / 来源": k, "events / 事件": v} for k, v in r.title_zh_origin.items()], OutFormat.table,
         title="Chinese titles by origin / 中文标题来源")
    emit(r.merges, OutFormat.table, title="merges / 合并")
    emit(r.by_jurisdiction, OutFormat.table, title=f"top {top} jurisdictions / 前{top}个辖区")
    emit(r.by_type, OutFormat.table, title="by type / 按类型")
    if r.undated:
        emit(r.undated, OutFormat.table, title="events without a date and why / 无日期事件及原因")
    emit(r.excluded[:25], OutFormat.table,
         title=f"rows left out: {r.excluded_total} (top reasons) / 未收录记录：{r.excluded_total}（主要原因）")
    console.print("full jurisdiction × year × type × source table: --format json (key 'cube') / "
                  "完整的辖区×年份×类型×来源表见 --format json")
