"""``policyscope report build …``: the flagship observation report, country profiles, comparisons and the
newsletter, in Chinese and English, as HTML, PDF, Word and Markdown."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from policyscope.commands.common import DbOption, console, friendly_errors
from policyscope.errors import InputError
from policyscope.report.builder import basename, build_report

app = typer.Typer(help="Write reports (flagship, country, compare, newsletter) in zh/en as html/pdf/docx/md.\n\n"
                  "Example: policyscope report build flagship --lang zh,en --format pdf,docx --out out/",
                  no_args_is_help=True)


class Kind(StrEnum):
    flagship = "flagship"
    country = "country"
    compare = "compare"
    newsletter = "newsletter"


def _split(v: str) -> list[str]:
    return [p.strip() for p in v.replace("，", ",").split(",") if p.strip()]


@app.command("build")
@friendly_errors
def build_cmd(
    kind: Annotated[Kind, typer.Argument(help="flagship | country | compare | newsletter")],
    lang: Annotated[str, typer.Option("--lang", help="zh, en or both (zh,en).")] = "zh",
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,pdf,docx,md.")] = "html,pdf,docx,md",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    jurisdiction: Annotated[list[str] | None, typer.Option("--jurisdiction", "-j",
                                                           help="Jurisdiction(s), repeat or comma-separate; "
                                                                "country: first is the profile, the rest peers.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Report year (default: the latest year the events cover fully).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Start date YYYY-MM-DD (newsletter, events).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="End date YYYY-MM-DD.")] = None,
    include_auto: Annotated[bool | None, typer.Option(
        "--include-auto/--accepted-only",
        help="Use automatic (unreviewed) events too, or reviewed ones only. Default: reviewed events when any "
             "exist, else all; the report states which.")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Newsletter issue label (default from --to).")] = None,
    institution: Annotated[str | None, typer.Option(
        "--institution", help="Newsletter masthead institution; \"中文名|English name\" for each language "
                              "(default: $POLICYSCOPE_NEWSLETTER_INSTITUTION).")] = None,
    issue_no: Annotated[int | None, typer.Option("--issue-no", min=1, help="Newsletter 第N期 (default: the "
                                                                            "quarter or month of --to).")] = None,
    total_no: Annotated[int | None, typer.Option("--total-no", min=1, help="Newsletter 总第N期 (default: "
                                                                            "$POLICYSCOPE_NEWSLETTER_TOTAL_NO).")] = None,
    issue_date: Annotated[str | None, typer.Option("--issue-date", help="Newsletter date YYYY-MM-DD (default: today).")] = None,
    edition: Annotated[Path | None, typer.Option(
        "--edition", help="The analysts' edition file (前言, 核心观点, section commentary, 展望 in zh and en), merged "
                          "into the report; missing parts are added as drafts, nothing written there is changed. "
                          "Default: <out>/<report>.edition.yaml (not for newsletters).")] = None,
    no_edition: Annotated[bool, typer.Option("--no-edition", help="Build without an edition file.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=0, max=8,
        help="Processes rendering the languages (charts, PDF, Word) side by side with the analyses; 0 renders in "
             "this process. Default: one per language when several are asked for and the machine has ≥ 2 "
             "cores.")] = None,
    db: DbOption = None,
) -> None:
    """Build a report and write it in every language and format asked for.

    Example: policyscope report build flagship --lang zh,en --format html,pdf,docx,md --out out/
    """
    from policyscope.report.render import FORMATS
    from policyscope.store.database import open_db

    langs = _split(lang)
    bad = [x for x in langs if x not in ("zh", "en")]
    if bad or not langs:
        raise InputError(f"--lang {lang!r}: use zh, en or zh,en")
    fmts = _split(formats)
    badf = [f for f in fmts if f not in FORMATS]
    if badf or not fmts:
        raise InputError(f"--format {formats!r}: unknown {', '.join(badf) or 'nothing'} (use {', '.join(FORMATS)})")
    juris = [p for j in (jurisdiction or []) for p in _split(j)] or None
    for d, opt in ((date_from, "--from"), (date_to, "--to"), (issue_date, "--issue-date")):
        if d:
            import datetime as dt

            try:
                dt.date.fromisoformat(d)
            except ValueError:
                raise InputError(f"{opt} {d!r} is not a date (YYYY-MM-DD)") from None
    review = "auto" if include_auto is None else ("include-auto" if include_auto else "accepted-only")
    from policyscope.report.model import Masthead

    head = Masthead(institution=institution or "", issue_no=issue_no, total_no=total_no, date=issue_date or "")
    written: list[Path] = []
    edition = _edition(kind.value, juris, out, edition, no_edition)
    t0 = time.perf_counter()
    from policyscope.report.batch import RenderPool, default_workers
    from policyscope.report.render.common import chart_cache

    base = basename(kind.value, juris)
    cache = chart_cache(out).folder  # a rebuild into the same folder reuses unchanged figures
    with RenderPool(default_workers(len(langs)) if workers is None else workers) as pool, \
            open_db(db, read_only=True) as d, \
            Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                     TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=console,
                     transient=True) as prog:
        task = prog.add_task(f"{kind.value} report", total=len(langs) * (1 + len(fmts)))
        jobs = []
        for lg in langs:
            prog.update(task, description=f"{kind.value} [{lg}]: analyses")
            rep = build_report(d, kind.value, lg, jurisdictions=juris, year=year, date_from=date_from,
                               date_to=date_to, review=review, issue=issue, masthead=head, edition=edition)
            prog.advance(task)
            prog.update(task, description=f"{kind.value} [{lg}]: charts, {', '.join(fmts)}")
            # rendered in a worker while the next language's analyses run (in this process when workers=0)
            jobs.append(pool.submit(rep, fmts, out, base, cache))
        for job in jobs:
            written += job.result().paths
            prog.advance(task, len(fmts))
        from policyscope.store.citation import dataset_citation, write_citation_files

        written += write_citation_files(dataset_citation(d), out)  # CITATION.txt, .json (CSL), .bib, .ris
    if edition is not None and edition.exists():
        written.append(edition)
    for p in written:
        console.print(f"  wrote {p}  ({p.stat().st_size / 1024:,.0f} KB)")
    console.print(f"[green]done[/] in {time.perf_counter() - t0:.1f} s")


def _edition(kind: str, juris: list[str] | None, out: Path, edition: Path | None, no_edition: bool) -> Path | None:
    """The edition file merged into the report: the one given, else the one beside it (not for newsletters)."""
    if no_edition or kind == "newsletter":
        return None
    from policyscope.report.edition import edition_path

    return edition or edition_path(out, basename(kind, juris))

