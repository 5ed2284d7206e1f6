"""`policyscope evaluate gold|agora|china|documents`: the extractor's published accuracy (see docs/accuracy.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policyscope.commands.common import FormatOption, OutFormat, console, emit, friendly_errors
from policyscope.ingest.newsletter_sets import NEWSLETTER_PARTS, NEWSLETTER_SETS

app = typer.Typer(help="Measure extraction accuracy against annotations and held-out corpora.", no_args_is_help=True)

_SHARED = Path("../shared")
GoldDir = Annotated[Path, typer.Option("--gold-dir", help="Folder of NNN.events.jsonl annotations.")]
SeedsDir = Annotated[Path, typer.Option("--seeds-dir", help="Folder of the seed texts NNN_*.txt.")]


def _bar() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.fields[item]}"), console=console, transient=True)


def _figures_table(figs: dict[str, Any], targets: dict[str, float] | None = None) -> list[dict[str, Any]]:
    rows = []
    for k, v in figs.items():
        if isinstance(v, dict | list):
            continue
        t = (targets or {}).get(k)
        rows.append({"figure 指标": k, "value 数值": v, "target 目标": t,
                     "met 达标": None if t is None or v is None else ("yes 是" if v >= t else "no 否")})
    return rows


@app.command("gold")
@friendly_errors
def gold_cmd(gold_dir: GoldDir = _SHARED / "gold", seeds_dir: SeedsDir = _SHARED / "seeds",
             core_only: Annotated[bool, typer.Option("--core-only", help="Strict view: score recall on 'core' gold events only.")] = False,
             fmt: FormatOption = OutFormat.table) -> None:
    """Score extraction on the hand-annotated seeds: named-document recall, jurisdiction and date accuracy,
    amount recall/precision, type and domain agreement, event precision (评估：对照人工标注).

    Example: policyscope evaluate gold --gold-dir ../shared/gold --seeds-dir ../shared/seeds --format json
    """
    from policyscope.ingest.evaluate import evaluate_gold

    n = len(list(Path(gold_dir).glob("*.events.jsonl"))) if Path(gold_dir).is_dir() else 0
    with _bar() as bar:
        task = bar.add_task("gold", total=n, item="")
        res = evaluate_gold(gold_dir, seeds_dir, progress=lambda s: bar.update(task, advance=1, item=s), core_only=core_only)
    if fmt == OutFormat.json:
        emit(res, fmt)
        return
    emit(_figures_table(res["overall"], res["targets"]), fmt, title="Extraction accuracy on the gold / 标注集抽取准确率")
    if fmt == OutFormat.table:
        per = [{"doc 文档": k, **{x: v[x] for x in ("named_recall", "jurisdiction_accuracy", "date_accuracy",
                                                  "amount_recall", "amount_precision", "event_precision")}}
               for k, v in res["documents"].items()]
        emit(per, fmt, title="Per document / 分文档")


@app.command("agora")
@friendly_errors
def agora_cmd(data_dir: Annotated[Path, typer.Option("--data-dir", help="AGORA folder (documents.csv, fulltext.jsonl).")]
              = _SHARED / "data" / "agora_ai_governance",
              limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N texts.")] = None,
              fmt: FormatOption = OutFormat.table) -> None:
    """Document-level accuracy on AGORA full texts (English, held out): jurisdiction, year, type against
    documents.csv (AGORA 文档级准确率).

    Example: policyscope evaluate agora --data-dir ../shared/data/agora_ai_governance --format json
    """
    from policyscope.ingest.evaluate import evaluate_agora

    with _bar() as bar:
        task = bar.add_task("agora", total=limit, item="")
        res = evaluate_agora(data_dir, limit=limit, progress=lambda s: bar.update(task, advance=1, item=s))
    emit(res if fmt == OutFormat.json else _figures_table(res), fmt, title="AGORA document level / 文档级")


@app.command("china")
@friendly_errors
def china_cmd(data_dir: Annotated[Path, typer.Option("--data-dir", help="china_policy_corpus folder.")]
              = _SHARED / "data" / "china_policy_corpus",
              fmt: FormatOption = OutFormat.table) -> None:
    """Document-level accuracy on State Council policies (title, year) and Government Work Reports (year),
    held out (国务院政策与政府工作报告：标题与年份).

    Example: policyscope evaluate china --data-dir ../shared/data/china_policy_corpus --format json
    """
    from policyscope.ingest.evaluate import evaluate_china

    with _bar() as bar:
        task = bar.add_task("china", total=None, item="")
        res = evaluate_china(data_dir, progress=lambda s: bar.update(task, advance=1, item=s))
    emit(res if fmt == OutFormat.json else _figures_table(res), fmt, title="China policy corpus / 中国政策语料")


class Part(StrEnum):
    dev = "dev"
    test = "test"
    both = "both"


# the newsletter sets: dev, every held-out set together (test) or one of them, or all (one list: newsletter_sets)
NewsletterPart = StrEnum("NewsletterPart", [(p, p) for p in NEWSLETTER_PARTS])  # type: ignore[misc]


@app.command("documents")
@friendly_errors
def documents_cmd(data_dir: Annotated[Path, typer.Option("--data-dir", help="The shared data folder.")] = _SHARED / "data",
                  sets: Annotated[list[str] | None, typer.Option("--set", help="mee, lawrefbook, nat_ai, agora (repeat; default all).")] = None,
                  part: Annotated[Part, typer.Option("--part", help="dev (tuned on), test (held out) or both.")] = Part.both,
                  limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N documents of each set.")] = None,
                  fmt: FormatOption = OutFormat.table) -> None:
    """Document-level accuracy of a document's own title, type, issuer, number, date and jurisdiction on
    real official documents, per set, part (dev / held-out test) and field (文档自身标题、类型、发文机关、文号、日期).

    Example: policyscope evaluate documents --set mee --set lawrefbook --part test --format json
    """
    from policyscope.ingest.evaluate_docs import FIELDS, evaluate_documents

    with _bar() as bar:
        task = bar.add_task("documents", total=None, item="")
        res = evaluate_documents(data_dir, sets=sets or None, part=part.value, limit=limit,
                                 progress=lambda s: bar.update(task, advance=1, item=s))
    if fmt == OutFormat.json:
        emit(res, fmt)
        return
    rows = []
    for name, parts in res.items():
        for p, figs in parts.items():
            row: dict[str, Any] = {"set 数据集": name, "part 部分": p, "documents 文档": figs["documents"]}
            for f in FIELDS:
                v = figs.get(f)
                row[f] = f"{v['accuracy']:.3f} (n={v['n']})" if v else None
            rows.append(row)
    emit(rows, fmt, title="Document metadata accuracy / 文档元数据准确率")


@app.command("newsletters")
@friendly_errors
def newsletters_cmd(folder: Annotated[Path, typer.Option("--folder", help="dev_* and test*_ documents with .gold.jsonl files.")]
                    = Path("tests/ingest/files/newsletters"),
                    part: Annotated[NewsletterPart, typer.Option(
                        "--part", help=f"dev (tuned on), test (the held-out sets test, test2 … {NEWSLETTER_SETS[-1]}, "
                                       "each reported apart; the newest is the one not yet tuned on), one of them, or "
                                       "both.")]
                    = NewsletterPart("both"),
                    fmt: FormatOption = OutFormat.table) -> None:
    """Event-level accuracy on multi-article newsletters and digests read through the whole ingest path:
    jurisdiction, date, amount recall, event precision, named-title recall incl. events only in tables
    (快报与政策摘要：事件级准确率).

    Example: policyscope evaluate newsletters --part test4 --format json
    """
    from policyscope.ingest.evaluate_docs import evaluate_newsletters

    res = evaluate_newsletters(folder, part=part.value)
    if fmt == OutFormat.json:
        emit(res, fmt)
        return
    for p, figs in res["parts"].items():
        emit(_figures_table({k: v for k, v in figs.items() if k != "documents"}, res["targets"]), fmt,
             title=f"Newsletters, {p} part ({figs['documents']} documents) / 快报（{p}）")


@app.command("names")
@friendly_errors
def names_cmd(data_dir: Annotated[Path, typer.Option("--data-dir", help="The shared data folder.")] = _SHARED / "data",
              fmt: FormatOption = OutFormat.table) -> None:
    """Share of a broad list of country names (CLDR en/zh-Hans/zh-Hant, WDI, NCSES, STIP, CCLW, OECD.AI) the
    jurisdiction resolver answers (国家名称解析覆盖率).

    Example: policyscope evaluate names --format json
    """
    from policyscope.ingest.evaluate_docs import evaluate_names

    res = evaluate_names(data_dir)
    if fmt == OutFormat.json:
        emit(res, fmt)
        return
    emit([{"source 来源": k, **{st: v.get(st, 0) for st in ("resolved", "ambiguous", "unknown")}}
          for k, v in res["by_source"].items()], fmt,
         title=f"Country names answered / 国家名称解析: {res['answered']}/{res['names']} = {res['answered_share']}")
@app.command("merge")
@friendly_errors
def merge_cmd(pairs: Annotated[Path, typer.Option("--pairs", help="Hand-labelled candidate pairs (CSV, column same=0/1).")]
              = Path("tests/sources/files/merge_pairs.csv"),
              show: Annotated[bool, typer.Option("--show", help="List the pairs where the rules and the labels disagree.")]
              = False,
              fmt: FormatOption = OutFormat.table) -> None:
    """Precision and recall of the cross-source merge rules on hand-checked candidate pairs (docs/coverage.md,
    "Merging") (跨来源合并的准确率与召回率：人工核对的候选对).

    Example: policyscope evaluate merge --pairs tests/sources/files/merge_pairs.csv --show
    """
    from policyscope.store.merge import evaluate_pairs

    res = evaluate_pairs(str(pairs))
    if fmt == OutFormat.json:
        emit(res, fmt)
        return
    emit(_figures_table({k: v for k, v in res.items() if k != "disagreements"},
                        {"precision": 0.95, "recall": 0.7}), fmt, title="Merge accuracy / 合并准确率")
    if show and res["disagreements"]:
        emit(res["disagreements"], fmt, title="Disagreements / 不一致的候选对")


# The spelling, `policyscope eval extraction --gold DIR`, runs the same scoring.
eval_app = typer.Typer(help="Alias of `evaluate` (issue 3 spelling).", no_args_is_help=True)


@eval_app.command("extraction")
@friendly_errors
def eval_extraction_cmd(gold: Annotated[Path, typer.Option("--gold", help="Folder of NNN.events.jsonl annotations.")]
                        = _SHARED / "gold",
                        seeds_dir: SeedsDir = _SHARED / "seeds",
                        core_only: Annotated[bool, typer.Option("--core-only", help="Score recall on 'core' events only.")] = False,
                        fmt: FormatOption = OutFormat.table) -> None:
    """Same as `policyscope evaluate gold` (抽取准确率).

    Example: policyscope eval extraction --gold ../shared/gold --format json
    """
    gold_cmd(gold_dir=gold, seeds_dir=seeds_dir, core_only=core_only, fmt=fmt)
