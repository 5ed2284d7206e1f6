"""Commands of the ingest stage: extract (no storage), ingest (files, folders, URLs), review, search."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import policyscope.store.search  # noqa: F401  (registers the post-build search-index hook)
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

review_app = typer.Typer(help="Review extracted events: list, show, accept, edit, reject, merge (all kept in "
                              "the history).\n\nExample: policyscope review list --jurisdiction CHN",
                         no_args_is_help=True)


def _date(value: str | None, opt: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{opt} must be YYYY-MM-DD, got {value!r}") from None


def _jurisdiction(value: str | None) -> str | None:
    if not value:
        return None
    from policyscope.model import registry

    return registry().resolve_code(value)


def _options(jurisdiction: str | None, date: str | None, source_name: str | None, max_size: str | None) -> Any:
    from policyscope.ingest.readers import ReadOptions, parse_size
    from policyscope.ingest.readers.base import DEFAULT_MAX_SIZE

    return ReadOptions(max_size=parse_size(max_size) if max_size else DEFAULT_MAX_SIZE,
                       jurisdiction=_jurisdiction(jurisdiction), published=_date(date, "--date"),
                       source_name=source_name)


JurisdictionOpt = Annotated[str | None, typer.Option("--jurisdiction", "-j",
                                                     help="Jurisdiction (code or name, 中文 or English).")]
MaxSizeOpt = Annotated[str | None, typer.Option("--max-size", help="Refuse files above this size (default 200MB).")]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def event_record(ev: Any, source: str | None = None) -> dict[str, Any]:
    """The published extraction record of one event (fields documented in docs/ingest.md)."""
    first = ev.evidence[0] if ev.evidence else None
    rec: dict[str, Any] = {
        "title": ev.title, "title_en": ev.title_en, "jurisdiction": ev.jurisdiction, "partners": ev.partners,
        "date": ev.date.isoformat() if ev.date else None, "date_precision": ev.date_precision,
        "issuer": ev.issuer, "type": ev.type, "domains": ev.domains,
        "amounts": [{"text": a.text, "value": a.value, "currency": a.currency,
                     "value_in_currency_units": a.value_in_currency_units, "usd": a.usd} for a in ev.amounts],
        "line": first.line if first else None, "quote": first.quote if first else None,
        "confidence": round(ev.confidence, 3), "evidence_count": len(ev.evidence),
    }
    if source is not None:
        rec["file"] = source
    return rec


@friendly_errors
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Files or folders (pdf, docx, html, txt, md).")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl, json or table.")] = ExtractFormat.jsonl,
    date: Annotated[str | None, typer.Option("--date", help="Document date YYYY-MM-DD (for 6月8日-style dates).")] = None,
    jurisdiction: JurisdictionOpt = None,
    max_size: MaxSizeOpt = None,
) -> None:
    """Extract policy events from files and print them; nothing is stored.

    Example: policyscope extract report.pdf --format jsonl --date 2024-03-05
    """
    from policyscope.ingest.pipeline import extract_document
    from policyscope.ingest.readers import ReaderError, iter_files, read_path

    opts = _options(jurisdiction, date, None, max_size)
    out: list[dict[str, Any]] = []
    refused: list[tuple[str, str]] = []
    for f in iter_files(files):
        try:
            doc = read_path(f, opts)
            events = extract_document(doc)
        except ReaderError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            refused.append((str(f), exc.reason))
            continue
        except Exception as exc:  # an extraction bug on one file must not stop the batch
            reason = f"cannot extract ({type(exc).__name__}: {str(exc)[:160]})"
            err_console.print(f"[bold red]error:[/] {f}: {reason}", highlight=False)
            refused.append((str(f), reason))
            continue
        if doc.needs_ocr:
            err_console.print(f"[yellow]warning:[/] {f}: no text layer (needs OCR); no events", highlight=False)
        for ev in events:
            rec = event_record(ev, str(f))
            if fmt == ExtractFormat.jsonl:
                sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            else:
                out.append(rec)
    if fmt == ExtractFormat.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str, indent=1) + "\n")
    elif fmt == ExtractFormat.table:
        emit([{k: r[k] for k in ("file", "line", "jurisdiction", "date", "type", "title")} for r in out])
    if refused:
        err_console.print(f"[bold red]{len(refused)} file(s) refused / 未处理文件:[/]", highlight=False)
        for name, reason in refused:
            err_console.print(f"  {name}: {reason}", highlight=False)
        raise typer.Exit(1)


@friendly_errors
def ingest_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (walked recursively).")] = None,
    jurisdiction: JurisdictionOpt = None,
    date: Annotated[str | None, typer.Option("--date", help="Publication date YYYY-MM-DD of the documents.")] = None,
    source_name: Annotated[str | None, typer.Option("--source-name", help="Name of the source (e.g. gov.cn).")] = None,
    urls: Annotated[Path | None, typer.Option("--urls", help="File with one URL per line to fetch and ingest.")] = None,
    max_size: MaxSizeOpt = None,
    reextract: Annotated[bool, typer.Option("--reextract", help="Run extraction again on stored documents.")] = False,
    actor: Annotated[str | None, typer.Option("--actor", help="Who is ingesting (default $USER).")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Summary as table or json.")] = OutFormat.table,
    db: DbOption = None,
    engine: Annotated[str, typer.Option("--engine", help="local (default) or spark: a PySpark job writing a batch "
                                        "folder (--out) for `import-batch`; PATH may also be a .parquet/.jsonl "
                                        "table with a text column.")] = "local",
    master: Annotated[str | None, typer.Option("--master", help="Spark master (default local[*]).")] = None,
    out: Annotated[Path, typer.Option("--out", help="With --engine spark: the batch folder to write.")] = Path("spark-batch"),
    files_from: Annotated[Path | None, typer.Option("--files-from", help="With --engine spark: a file listing "
                                                    "fetched files, one path per line.")] = None,
) -> None:
    """Ingest documents (PDF, Word, HTML, text; Chinese or English) and store their events for review.

    Example: policyscope ingest ./inbox --jurisdiction CHN --date 2025-03-05 --source-name gov.cn

    On Spark: policyscope ingest ./inbox --engine spark --master 'local[*]' --out batch/ && policyscope import-batch batch/
    """
    if engine not in ("local", "spark"):
        raise InputError(f"--engine must be local or spark, not {engine!r}")
    if engine == "spark":
        from policyscope.commands.scale import run_spark_ingest

        if not paths and not files_from:
            raise InputError("give at least one PATH or --files-from FILE")
        return run_spark_ingest(paths or [], out, _options(jurisdiction, date, source_name, max_size), master,
                                files_from, fmt)
    from policyscope.ingest.fetch import read_url_list
    from policyscope.ingest.pipeline import count_inputs, default_actor
    from policyscope.store.database import open_db
    from policyscope.store.intake import ingest

    if not paths and not urls:
        raise InputError("give at least one PATH or --urls FILE")
    opts = _options(jurisdiction, date, source_name, max_size)
    url_list = read_url_list(urls) if urls else []
    n_files, _ = count_inputs(paths or [])
    total = n_files + len(url_list)
    with open_db(db) as d:
        with Progress(TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err_console, transient=True,
                      disable=fmt == OutFormat.json) as bar:
            task = bar.add_task("", total=total)

            def step(source: str, size: int) -> None:
                bar.update(task, advance=1, description=Path(source).name[:50])

            report = ingest(d, paths or [], urls=url_list, opts=opts, actor=actor or default_actor(),
                            reextract=reextract, progress=step)
        _search_index(d, quiet=fmt == OutFormat.json)  # tokenizes the new documents now, not at the next search
    s = report.summary()
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps({"summary": s, "files": [r.__dict__ for r in report.results]},
                                    ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        labels = {"files": "files / 文件", "documents_new": "documents new / 新文档",
                  "documents_unchanged": "documents unchanged / 未变文档", "needs_ocr": "needs OCR / 需OCR",
                  "events_new": "events new / 新事件", "events_updated": "events updated / 更新事件",
                  "evidence_added": "evidence added / 新增证据", "errors": "errors / 错误"}
        t = Table(title="ingest summary / 导入汇总")
        t.add_column("")
        t.add_column("count / 数量", justify="right")
        for k, v in s.items():
            t.add_row(labels[k], str(v), style="bold red" if k == "errors" and v else None)
        console.print(t)
        if report.errors:  # one line per file, never cut or folded: the path stays whole
            console.print("[bold red]errors / 错误:[/]")
            for r in report.errors:
                console.print(f"  {r.source}: {r.error or ''}", markup=False, highlight=False)
    if report.errors:
        raise typer.Exit(1)


# -- review ---------------------------------------------------------------------------------------------

def _resolve_event(d: Any, event_id: str) -> str:
    from policyscope.store.database import StoreError, StoreNotFound

    rows = d.con.execute("SELECT id FROM core.event WHERE id = ? OR (length(?) >= 6 AND starts_with(id, ?)) "
                         "LIMIT 2", [event_id, event_id, event_id]).fetchall()
    if not rows:
        raise StoreNotFound(f"no event with id {event_id!r}")
    if len(rows) > 1 and rows[0][0] != event_id:
        raise StoreError(f"event id prefix {event_id!r} matches several events; give more characters")
    return rows[0][0]


def _search_index(d: Any, full: bool = False, quiet: bool = False) -> None:
    """Make the search index of the database's current state (only what changed), with a progress bar."""
    from policyscope.store.search import ensure_index

    with Progress(TextColumn("[bold]search index / 检索索引[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True, disable=quiet) as bar:
        task = bar.add_task("", total=None)
        ensure_index(d, full=full, progress=lambda done, total: bar.update(task, completed=done, total=total))


def _reindex(d: Any) -> None:
    from policyscope.store.search import sync_index

    with d.transaction() as con:
        sync_index(con)


ActorOpt = Annotated[str | None, typer.Option("--actor", help="Reviewer name (default $USER).")]


class ReviewState(StrEnum):
    auto = "auto"
    accepted = "accepted"
    edited = "edited"
    rejected = "rejected"
    merged = "merged"
    all = "all"


@review_app.command("list")
@friendly_errors
def review_list(
    state: Annotated[ReviewState, typer.Option("--state", help="Review state to list.")] = ReviewState.auto,
    jurisdiction: JurisdictionOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="Event type code.")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Domain code.")] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="e.g. extracted, agora, manual.")] = None,
    document: Annotated[str | None, typer.Option("--document", help="Only events of this document id.")] = None,
    needs_zh_title: Annotated[bool, typer.Option(
        "--needs-zh-title", help="Events without a trustworthy Chinese title (any review state but rejected/merged), "
                                 "most important first.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    fmt: FormatOption = OutFormat.table,
    db: DbOption = None,
) -> None:
    """List events waiting for review (or in another state).

    Example: policyscope review list --state auto --jurisdiction CHN --limit 20
    Example: policyscope review list --needs-zh-title --limit 20
    """
    from policyscope.store.database import open_db
    from policyscope.store.events import event_conditions

    where, params = event_conditions(
        jurisdiction=_jurisdiction(jurisdiction) if jurisdiction else None, domain=domain, type=type,
        review_states=None if state == ReviewState.all or needs_zh_title else [state.value], origin=origin,
        document_prefix=document)
    where.insert(0, "1=1")
    order = "confidence DESC NULLS LAST, date DESC NULLS LAST, id"
    if needs_zh_title:
        from policyscope.store.titles import NEEDS_ZH_TITLE, NEEDS_ZH_TITLE_ORDER

        where.append(NEEDS_ZH_TITLE)
        order = NEEDS_ZH_TITLE_ORDER
    with open_db(db, read_only=True) as d:
        df = d.df(f"SELECT id, review_state, jurisdiction, CAST(date AS VARCHAR) AS date, type, "
                  f"array_to_string(domains, ',') AS domains, title, "
                  f"round(confidence, 2) AS confidence FROM core.event WHERE {' AND '.join(where)} "
                  f"ORDER BY {order} LIMIT {int(limit)}", params)
    emit(df, fmt, title="events needing a Chinese title / 待补中文标题" if needs_zh_title else f"events ({state.value})")


@review_app.command("show")
@friendly_errors
def review_show(event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix).")],
                fmt: FormatOption = OutFormat.table, db: DbOption = None) -> None:
    """Show one event with its evidence, amounts and history.

    Example: policyscope review show ev_1a2b3c4d
    """
    from policyscope.store.database import open_db
    from policyscope.store.events import event_detail

    with open_db(db, read_only=True) as d:
        detail = event_detail(d, _resolve_event(d, event_id))
    if fmt == OutFormat.json:
        emit(detail, fmt)
        return
    fields = {k: v for k, v in detail.items() if k not in ("evidence", "amounts", "history")}
    emit([{"field": k, "value": v} for k, v in fields.items()], OutFormat.table, title=f"event {detail['id']}")
    if detail["evidence"]:
        emit(detail["evidence"], OutFormat.table, title="evidence / 证据")
    if detail["amounts"]:
        emit(detail["amounts"], OutFormat.table, title="amounts / 金额")
    emit([{"at": h["changed_at"], "actor": h["actor"], "action": h["action"]} for h in detail["history"]],
         OutFormat.table, title="history / 历史")


def _set_state(event_ids: list[str], state: str, actor: str | None, note: str | None, db: Path | None) -> None:
    from policyscope.ingest.pipeline import default_actor
    from policyscope.store.database import open_db
    from policyscope.store.events import set_review_state

    with open_db(db) as d:
        for eid in event_ids:
            full = _resolve_event(d, eid)
            set_review_state(d, full, state, actor or default_actor(), note)
            console.print(f"{full}: {state}")
        _reindex(d)


@review_app.command("accept")
@friendly_errors
def review_accept(event_ids: Annotated[list[str], typer.Argument(help="Event ids (or unique prefixes).")],
                  actor: ActorOpt = None, note: Annotated[str | None, typer.Option("--note")] = None,
                  db: DbOption = None) -> None:
    """Accept events (reports use accepted events by default).

    Example: policyscope review accept ev_1a2b3c4d ev_5e6f7a8b --note "checked against the PDF"
    """
    _set_state(event_ids, "accepted", actor, note, db)


@review_app.command("reject")
@friendly_errors
def review_reject(event_ids: Annotated[list[str], typer.Argument(help="Event ids (or unique prefixes).")],
                  actor: ActorOpt = None, note: Annotated[str | None, typer.Option("--note")] = None,
                  db: DbOption = None) -> None:
    """Reject events (kept, with the decision in the history, but left out of reports and search).

    Example: policyscope review reject ev_1a2b3c4d --note "not a policy"
    """
    _set_state(event_ids, "rejected", actor, note, db)


@review_app.command("edit")
@friendly_errors
def review_edit(
    event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix).")],
    changes: Annotated[list[str] | None, typer.Argument(help="field=value pairs, e.g. type=strategy domains=ai,data")
                       ] = None,
    title_zh: Annotated[str | None, typer.Option("--title-zh", help="Chinese title set by an editor (origin "
                                                 "'editor'; also added to the local translation memory).")] = None,
    actor: ActorOpt = None,
    db: DbOption = None,
) -> None:
    """Edit fields of an event; the before/after pair goes into its history.

    Example: policyscope review edit ev_1a2b3c4d jurisdiction=CHN date=2017-07-08 type=strategy domains=ai
    Example: policyscope review edit ev_1a2b3c4d --title-zh "在线安全法"
    """
    from policyscope.ingest.pipeline import default_actor
    from policyscope.store.database import open_db
    from policyscope.store.events import edit_event

    changes = list(changes or [])
    if title_zh is not None:
        changes.append(f"title_zh={title_zh}")
    parsed: dict[str, str] = {}
    for c in changes:
        if "=" not in c:
            raise InputError(f"{c!r}: expected field=value")
        k, v = c.split("=", 1)
        parsed[k.strip()] = v.strip()
    with open_db(db) as d:
        full = _resolve_event(d, event_id)
        after = edit_event(d, full, parsed, actor or default_actor())
        _reindex(d)
    if title_zh:
        _remember_title(after, title_zh, db)
    emit([{"field": k, "value": after.get(k)} for k in parsed], OutFormat.table, title=f"edited {full}")


def _remember_title(event: dict, title_zh: str, db: Path | None) -> None:
    """An editor's Chinese title joins the local translation memory, so later builds reuse it for the same name."""
    from policyscope.commands.tm import local_path
    from policyscope.model.translation_memory import TMEntry, read_csv, write_csv
    from policyscope.store.titles import local_tm_path

    en = event.get("title_en") or event.get("title_original") or event.get("title")
    if not en or en == title_zh:
        return
    dest = local_tm_path(db) if db is not None else local_path()
    old = read_csv(dest)[0] if dest.exists() else []
    write_csv(dest, [TMEntry(zh=title_zh, en=str(en), origin="editor", source_ref=str(event.get("id")))] + old)


@review_app.command("merge")
@friendly_errors
def review_merge(
    keep: Annotated[str, typer.Argument(help="The event to keep.")],
    others: Annotated[list[str], typer.Argument(help="Duplicates merged into it.")],
    actor: ActorOpt = None,
    db: DbOption = None,
) -> None:
    """Merge duplicate events into one; their evidence and amounts move over.

    Example: policyscope review merge ev_1a2b3c4d ev_5e6f7a8b
    """
    from policyscope.ingest.pipeline import default_actor
    from policyscope.store.database import open_db
    from policyscope.store.events import merge_events

    with open_db(db) as d:
        keep_id = _resolve_event(d, keep)
        other_ids = [_resolve_event(d, o) for o in others]
        merge_events(d, keep_id, other_ids, actor or default_actor())
        _reindex(d)
    console.print(f"merged {', '.join(other_ids)} into {keep_id}")


@review_app.command("unmerge")
@friendly_errors
def review_unmerge(
    event_id: Annotated[str, typer.Argument(help="A merged event to bring back.")],
    actor: ActorOpt = None,
    db: DbOption = None,
) -> None:
    """Undo a merge: the event gets back its review state and the evidence and amounts that moved with it.

    Example: policyscope review unmerge ev_5e6f7a8b
    """
    from policyscope.ingest.pipeline import default_actor
    from policyscope.store.database import open_db
    from policyscope.store.events import unmerge_event

    with open_db(db) as d:
        full = _resolve_event(d, event_id)
        after = unmerge_event(d, full, actor or default_actor())
        _reindex(d)
    console.print(f"{full} is back ({after['review_state']})")


# -- search ---------------------------------------------------------------------------------------------

def _txt(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


class Kind(StrEnum):
    all = "all"
    events = "events"
    documents = "documents"


@friendly_errors
def search_cmd(
    query: Annotated[str | None, typer.Argument(help="Words in Chinese or English (人工智能, \"chip export\").")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Number of hits.")] = 20,
    kind: Annotated[Kind, typer.Option("--kind", help="events, documents or all.")] = Kind.all,
    jurisdiction: JurisdictionOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="Event type code, e.g. strategy.")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Domain code, e.g. ai.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To date (inclusive).")] = None,
    include_rejected: Annotated[bool, typer.Option("--include-rejected", help="Also rejected/merged events.")] = False,
    reindex: Annotated[bool, typer.Option("--reindex", help="Rebuild the whole index first.")] = False,
    fmt: FormatOption = OutFormat.table,
    db: DbOption = None,
) -> None:
    """Full-text search (tantivy BM25, 中文 and English) over documents and events, with filters and snippets.

    Example: policyscope search 人工智能 --jurisdiction CHN --from 2017 --limit 5
    """
    from policyscope.store.database import StoreError, StoreNotFound, open_db
    from policyscope.store.search import rebuild_index, search, sync_index

    try:
        d = open_db(db, lock_wait=2.0)  # the index update is optional: do not queue behind a writer
        try:
            with d.transaction() as con:
                rebuild_index(con) if reindex else sync_index(con)
            _search_index(d, full=reindex, quiet=fmt != OutFormat.table)
        except BaseException:
            d.close()
            raise
    except StoreError as exc:
        if reindex or isinstance(exc, StoreNotFound):  # no database: nothing to search
            raise
        # busy (another process writes) or not writable: search the index as it is
        err_console.print(f"[yellow]warning:[/] cannot update the search index ({str(exc)[:120]}); "
                          "searching it as it is")
        d = open_db(db, read_only=True)
    with d:
        if not query:
            if reindex:
                from policyscope.store.search import index_stats

                emit(index_stats(d), fmt)
                return
            raise InputError("give a QUERY (or --reindex)")
        kinds = {"all": ("event", "document"), "events": ("event",), "documents": ("document",)}[kind.value]
        hits = search(d, query, limit=limit, kinds=kinds, jurisdiction=jurisdiction, type=type, domain=domain,
                      date_from=date_from, date_to=date_to, include_rejected=include_rejected)
    if fmt == OutFormat.table:
        t = Table(title=f"search / 搜索: {query}  ({len(hits)})", show_lines=True)
        t.add_column("hit / 结果", overflow="fold", max_width=26)
        t.add_column("title · snippet / 标题 · 摘要", overflow="fold")
        for r in hits.itertuples(index=False):
            snip = _txt(r.snippet).replace("[", "\\[").replace("<mark>", "[bold yellow]").replace("</mark>", "[/]")
            hit = f"{r.kind} {r.score:.2f}\n{r.id[:24]}\n{_txt(r.jurisdiction)} {_txt(r.date)}"
            t.add_row(hit, f"[bold]{_txt(r.title)[:120].replace('[', chr(92) + '[')}[/]\n{snip}")
        console.print(t)
    else:
        emit(hits, fmt)
