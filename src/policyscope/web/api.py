"""API v1: JSON (and CSV / XLSX / Parquet) twins of every page, plus the writes editors and scripts need."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from policyscope.analysis.registry import ANALYSES
from policyscope.errors import PolicyscopeError
from policyscope.model import DOMAINS, EVENT_TYPES, taxonomy
from policyscope.store import events as store_events
from policyscope.web import analyses, queries, searching, views
from policyscope.web.app import (
    HTTPError,
    WebState,
    current_user,
    heavy_export,
    lang_of,
    rate_limit,
    require_writer,
    web,
)
from policyscope.web.auth import User
from policyscope.web.security import sniff
from policyscope.web.tabular import table_response

router = APIRouter(prefix="/api/v1", tags=["api v1"])

Fmt = Literal["json", "csv", "xlsx", "parquet"]


def download(request: Request, make: Callable[[], Any], fmt: str, name: str) -> Response:
    """A table as a file: throttled for anonymous clients and built at most two at a time (see heavy_export)."""
    with heavy_export(request, fmt):
        return table_response(make(), fmt, name)


def event_query(
    jurisdiction: Annotated[str | None, Query(description="code or name (中国, United States, EU…)")] = None,
    domain: Annotated[str | None, Query(description="domain code, e.g. ai")] = None,
    type: Annotated[str | None, Query(description="event type code, e.g. strategy")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(description="substring of title, issuer or quote")] = None,
    review_state: Annotated[list[str] | None, Query(description="auto, accepted, edited, rejected, merged or all; "
                                                               "default: auto, accepted, edited")] = None,
    sort: Annotated[str, Query(description="date, title, jurisdiction, type, updated, amount, importance; '-' = descending")] = "-date",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> queries.EventQuery:
    return queries.EventQuery(jurisdiction=jurisdiction, domain=domain, type=type, date_from=date_from,
                              date_to=date_to, q=q, review_state=review_state or [], sort=sort, page=page,
                              per_page=per_page).clean()


@router.get("", summary="What this API offers")
def index(request: Request) -> dict[str, Any]:
    return {
        "name": "policyscope API", "version": 1, "openapi": "/openapi.json", "docs": "/docs",
        "endpoints": sorted(p for p in request.app.openapi().get("paths", {}) if p.startswith("/api/v1")),
        "analyses": analyses.available(), "search_engine": searching.engine_name(),
    }


@router.get("/status", summary="Server state: current snapshot, refreshes, search cache")
def status(request: Request) -> dict[str, Any]:
    st = web(request)
    snap = st.snapshots.current
    return {"pid": os.getpid(), "snapshot": {"number": snap.number if snap else None, "taken_at": snap.taken_at if snap else None},
            "warmed_snapshot": st.snapshots.warm_done, "snapshot_refreshes": st.snapshots.refresh_count, "snapshot_copy_retries": st.snapshots.failed_copies,
            "read_only": st.settings.read_only,
            "search_cache": {"hits": searching.CACHE.hits, "misses": searching.CACHE.misses},
            "jobs": len(st.jobs.all())}


@router.get("/summary", summary="Home page numbers: counts, what changed recently, jurisdictions at a glance")
def summary(request: Request) -> dict[str, Any]:
    with web(request).db() as db:
        return queries.summary(db)


@router.get("/taxonomies", summary="Event types, domains, statuses and newsletter columns with zh/en labels")
def taxonomies() -> dict[str, Any]:
    return {n: taxonomy(n).model_dump() for n in ("event_types", "domains", "status", "newsletter_columns")}


@router.get("/jurisdictions", summary="Jurisdictions with their names and event counts")
def jurisdictions(request: Request, kind: str | None = None, format: Fmt = "json") -> Any:
    with web(request).db() as db:
        rows = queries.jurisdictions(db, kind)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(rows), format, "jurisdictions")
    return {"total": len(rows), "items": rows}


@router.get("/jurisdictions/{code}", summary="Jurisdiction profile (events over time, indicators vs peers, "
                                             "radar, partners)")
def jurisdiction_profile(request: Request, code: str) -> dict[str, Any]:
    c = queries.resolve_jurisdiction(code, "code")
    with web(request).db() as db:
        return views.profile(db, c or code, lang_of(request))


@router.get("/events", summary="Policy events with filters, sorting and pages (format=csv|xlsx|parquet for all rows)")
def events(request: Request, q: queries.EventQuery = Depends(event_query), format: Fmt = "json") -> Any:
    with web(request).db() as db:
        if format != "json":
            return download(request, lambda: queries.events_frame_all(db, q), format, "events")
        out = queries.list_events(db, q)
    out["filters"] = q.model_dump(exclude={"page", "per_page"})
    return JSONResponse(out)  # plain values already: skip FastAPI's (slow) generic encoder


@router.get("/events/{event_id}", summary="One event with its evidence, amounts and history")
def event(request: Request, event_id: str) -> dict[str, Any]:
    with web(request).db() as db:
        return event_payload(db, event_id)


def event_payload(db: Any, event_id: str) -> dict[str, Any]:
    from policyscope.web.access import jsonable

    ev = jsonable(store_events.event_detail(db, event_id))
    ev["merged_into"] = db.scalar("SELECT merged_into FROM core.event WHERE id = ?", [event_id])
    ev["document"] = None
    if ev.get("document_id"):
        d = db.df("SELECT id, title, lang, published FROM main.documents WHERE id = ?", [ev["document_id"]])
        ev["document"] = queries.records(d)[0] if len(d) else None
    return ev


class ReviewIn(BaseModel):
    state: Literal["accepted", "rejected", "auto"]
    note: str | None = Field(None, max_length=2000)


class EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # checked field by field by store.events.EventEdit (types, lengths, known codes): a bad value is a 400
    changes: dict[str, Any] = Field(max_length=len(store_events.EDITABLE_FIELDS),
                                    description="field → new value; editable: " + ", ".join(store_events.EDITABLE_FIELDS))


EventId = Annotated[str, Field(min_length=1, max_length=200)]


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: EventId
    others: list[EventId] = Field(min_length=1, max_length=50)


def do_review(st: WebState, user: User, event_id: str, state: str, note: str | None = None) -> dict[str, Any]:
    from policyscope.web.access import jsonable

    return jsonable(st.writer.run(lambda db: store_events.set_review_state(db, event_id, state, f"web:{user.name}", note)))


def do_edit(st: WebState, user: User, event_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    from policyscope.web.access import jsonable

    return jsonable(st.writer.run(lambda db: store_events.edit_event(db, event_id, changes, f"web:{user.name}")))


def do_merge(st: WebState, user: User, keep: str, others: list[str]) -> dict[str, Any]:
    from policyscope.web.access import jsonable

    return jsonable(st.writer.run(lambda db: store_events.merge_events(db, keep, others, f"web:{user.name}")))


def do_unmerge(st: WebState, user: User, event_id: str) -> dict[str, Any]:
    from policyscope.web.access import jsonable

    return jsonable(st.writer.run(lambda db: store_events.unmerge_event(db, event_id, f"web:{user.name}")))


@router.post("/events/{event_id}/review", summary="Accept, reject or reopen an event (editors)")
def review_event(request: Request, event_id: str, body: ReviewIn, user: User = Depends(require_writer)) -> Any:
    return do_review(web(request), user, event_id, body.state, body.note)


@router.patch("/events/{event_id}", summary="Edit fields of an event (editors); it becomes 'edited'")
def edit_event(request: Request, event_id: str, body: EditIn, user: User = Depends(require_writer)) -> Any:
    return do_edit(web(request), user, event_id, body.changes)


@router.post("/events/merge", summary="Merge duplicate events into one (editors)")
def merge(request: Request, body: MergeIn, user: User = Depends(require_writer)) -> Any:
    return do_merge(web(request), user, body.keep, body.others)


@router.post("/events/{event_id}/unmerge", summary="Undo a merge: the event and its evidence come back (editors)")
def unmerge(request: Request, event_id: str, user: User = Depends(require_writer)) -> Any:
    return do_unmerge(web(request), user, event_id)


@router.get("/review/queue", summary="Events awaiting review (newest first)")
def review_queue(request: Request, limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    with web(request).db() as db:
        rows = queries.review_queue(db, limit)
    return {"total": len(rows), "items": rows}


@router.get("/documents", summary="Documents (newest first)")
def documents(request: Request, jurisdiction: str | None = None, lang: str | None = None, q: str | None = None,
              page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=500), format: Fmt = "json") -> Any:
    j = queries.resolve_jurisdiction(jurisdiction)
    with web(request).db() as db:
        out = queries.documents(db, j, lang, q, page, per_page if format == "json" else 100_000)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(out["items"]), format, "documents")
    return out


@router.get("/documents/{doc_id}", summary="One document with its full text (lines) and its events")
def document(request: Request, doc_id: str, text: bool = True) -> dict[str, Any]:
    with web(request).db() as db:
        doc = queries.document(db, doc_id)
    if doc is None:
        raise HTTPError(404, f"no document with id {doc_id!r}")
    if not text:
        doc.pop("text", None)
    return doc


@router.post("/documents", summary="Upload a document (PDF, DOCX, HTML, TXT) and ingest it; returns a job")
async def upload_document(request: Request, file: UploadFile = File(...), user: User = Depends(require_writer)) -> Any:
    job = await start_upload(request, user, file)
    return JSONResponse({"job": job.model_dump(), "status_url": f"/api/v1/jobs/{job.id}", "page": f"/jobs/{job.id}"},
                        status_code=202)


async def start_upload(request: Request, user: User, file: UploadFile) -> Any:
    """Check size and type, keep the file beside the database, queue its ingest on the writer thread."""
    st = web(request)
    limit = int(st.settings.max_upload_mb * 1024 * 1024)
    name = Path(file.filename or "upload").name
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPError(413, f"{name}: larger than the upload limit of {st.settings.max_upload_mb:g} MB")
    kind = sniff(data, name)
    digest = hashlib.sha256(data).hexdigest()
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem, flags=re.UNICODE)[:60] or "upload"
    folder = st.settings.db_path.parent / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:12]}-{stem}.{kind}"
    ours = not path.exists()  # the same bytes uploaded before keep their file
    path.write_bytes(data)
    job = st.jobs.new("ingest", user.name)
    job.message = f"{name} ({kind}, {len(data):,} bytes) queued"
    job.result = {"file": name, "type": kind, "bytes": len(data)}
    job.progress = 0.1

    def run(db: Any) -> dict[str, Any]:
        from policyscope.store.intake import ingest

        job.status, job.progress, job.message = "running", 0.3, f"reading and extracting {name}"
        try:
            report = ingest(db, [path], actor=f"web:{user.name}")
            res = report.results[0] if report.results else None
            if res is None or res.status == "error":
                raise ValueError(f"{name}: {res.error if res else 'nothing could be read'}")
        except BaseException:
            if ours:  # a rejected upload leaves nothing behind
                path.unlink(missing_ok=True)
            raise
        if res.status == "new":  # readers see the name the user gave, never the server's folder
            with db.transaction() as con:
                con.execute("UPDATE core.document SET origin = ? WHERE id = ?", [f"upload:{name}", res.document_id])
        evs = [{"id": r[0], "title": r[1], "jurisdiction": r[2], "type": r[3], "line": r[4]} for r in db.con.execute(
            "SELECT id, title, jurisdiction, type, line FROM core.event WHERE document_id = ? ORDER BY line NULLS LAST, id",
            [res.document_id]).fetchall()]
        job.message = (f"{name}: {len(evs)} events" if res.status == "new"
                       else f"{name} was already stored: {len(evs)} events")
        return {"file": name, "type": kind, "bytes": len(data), "document_id": res.document_id, "title": res.title,
                "lang": res.lang, "status": res.status, "needs_ocr": res.needs_ocr, "events": evs,
                "events_new": res.events_new, "summary": report.summary()}

    fut = st.writer.submit(run)
    st.jobs.track(job, fut)
    return job


@router.get("/jobs/{job_id}", summary="Progress of an upload or report job")
def job(request: Request, job_id: str) -> dict[str, Any]:
    j = web(request).jobs.get(job_id)
    if j is None:
        raise HTTPError(404, f"no job {job_id!r} (jobs are kept in memory until the server restarts)")
    return j.model_dump()


@router.get("/search", summary="Full-text search over events and documents (Chinese and English), with snippets")
def search(request: Request, q: str, kind: Literal["all", "events", "documents"] = "all",
           limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000),
           jurisdiction: str | None = None, domain: str | None = None, type: str | None = None,
           date_from: Annotated[str | None, Query(alias="from")] = None,
           date_to: Annotated[str | None, Query(alias="to")] = None) -> dict[str, Any]:
    st = web(request)
    rate_limit(request, st.search_limit)
    filters = queries.EventQuery(jurisdiction=jurisdiction, domain=domain, type=type, date_from=date_from,
                                 date_to=date_to).clean()
    with st.db() as db:
        res = searching.search(db, q, filters, kind, limit, offset)
    out = dict(res, hits=[{k: v for k, v in h.items() if k != "segments"} for h in res["hits"]])  # res is cached
    return JSONResponse(out)


@router.get("/indicators", summary="The indicator catalogue with coverage")
def indicators(request: Request, q: str | None = None, format: Fmt = "json") -> Any:
    with web(request).db() as db:
        rows = queries.indicators(db, q)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(rows), format, "indicators")
    return {"total": len(rows), "items": rows}


@router.get("/indicators/{code}", summary="One indicator's catalogue entry")
def indicator(request: Request, code: str) -> dict[str, Any]:
    with web(request).db() as db:
        return views.indicator_info(db, code)


def _year(v: str | None, name: str) -> int | None:
    if v in (None, ""):
        return None
    if not re.fullmatch(r"\d{4}", v.strip()):
        raise queries.BadQuery(f"{name}={v!r} must be a year like 2020")
    return int(v)


@router.get("/observations", summary="Indicator values by jurisdiction and year (format=csv|xlsx|parquet)")
def observations(request: Request, indicator: Annotated[list[str] | None, Query()] = None,
                 jurisdiction: Annotated[list[str] | None, Query()] = None,
                 year_from: Annotated[str | None, Query(alias="from")] = None,
                 year_to: Annotated[str | None, Query(alias="to")] = None,
                 limit: int = Query(50_000, ge=1, le=500_000), offset: int = Query(0, ge=0), format: Fmt = "json") -> Any:
    inds: list[str] = []
    for i in indicator or []:
        inds.extend(x.strip() for x in i.split(",") if x.strip())
    codes = queries.resolve_many(jurisdiction)
    if not inds and not codes:
        raise queries.BadQuery("give indicator= and/or jurisdiction= (the whole table is in /api/v1/export/observations)")
    with web(request).db() as db:
        for i in inds:
            views.indicator_info(db, i)
        df = queries.observations(db, inds, codes, _year(year_from, "from"), _year(year_to, "to"), limit, offset)
    if format != "json":
        return download(request, lambda: df, format, "observations")
    return {"total": len(df), "items": queries.records(df)}


@router.get("/edges", summary="Values between two jurisdictions (co-authorship …) (format=csv|xlsx|parquet)")
def edges(request: Request, indicator: str | None = None, jurisdiction: str | None = None, partner: str | None = None,
          year_from: Annotated[str | None, Query(alias="from")] = None,
          year_to: Annotated[str | None, Query(alias="to")] = None,
          limit: int = Query(1000, ge=1, le=100_000), offset: int = Query(0, ge=0), format: Fmt = "json") -> Any:
    j = queries.resolve_jurisdiction(jurisdiction)
    p = queries.resolve_jurisdiction(partner, "partner")
    with web(request).db() as db:
        df = queries.edges(db, indicator, j, p, _year(year_from, "from"), _year(year_to, "to"), limit, offset)
        inds = queries.edge_indicators(db)
    if format != "json":
        return download(request, lambda: df, format, "edges")
    return {"total": len(df), "indicators": inds, "items": queries.records(df)}


@router.get("/explore", summary="JSON twin of the indicator explorer: rows and the Vega-Lite spec")
def explore(request: Request, indicator: str = views.DEFAULT_EXPLORE["indicator"], j: str | None = None,
            year_from: Annotated[str | None, Query(alias="from")] = None,
            year_to: Annotated[str | None, Query(alias="to")] = None) -> dict[str, Any]:
    with web(request).db() as db:
        return views.explore(db, indicator, j, year_from, year_to, lang_of(request))


@router.get("/explore/chart.{ext}", summary="The explorer chart as SVG or PNG (rendered offline by vl-convert)")
def explore_chart(request: Request, ext: Literal["svg", "png"], indicator: str = views.DEFAULT_EXPLORE["indicator"],
                  j: str | None = None, year_from: Annotated[str | None, Query(alias="from")] = None,
                  year_to: Annotated[str | None, Query(alias="to")] = None) -> Response:
    from policyscope.report import charts

    with web(request).db() as db:
        data = views.explore(db, indicator, j, year_from, year_to, lang_of(request))
    name = f"{indicator}_{'-'.join(data['jurisdictions'])}"[:100]
    disp = {"Content-Disposition": f'attachment; filename="{re.sub(r"[^A-Za-z0-9_.-]", "_", name)}.{ext}"'}
    if ext == "svg":
        return Response(charts.to_svg(data["spec"]), media_type="image/svg+xml", headers=disp)
    return Response(charts.to_png(data["spec"]), media_type="image/png", headers=disp)


@router.get("/compare", summary="JSON twin of the comparison page (radar scores and event counts)")
def compare(request: Request, j: str | None = None, indicators: str | None = None, year: str | None = None) -> Any:
    with web(request).db() as db:
        return views.compare(db, j, indicators, year, lang_of(request))


@router.get("/network", summary="JSON twin of the network page")
def network(request: Request, indicator: str | None = None, year: str | None = None, top: str | None = None,
            focus: str | None = None) -> Any:
    with web(request).db() as db:
        return views.network_view(db, indicator, year, top, focus, lang_of(request))


@router.get("/analyze", summary="The analyses and their parameters")
def analyze_list() -> dict[str, Any]:
    return {name: analyses.describe(name) for name in ANALYSES}


def _analyze(request: Request, name: str) -> Any:
    """Run one analysis on the current snapshot; its errors answer with their own status and message."""
    fmt = request.query_params.get("format", "json")
    try:
        with web(request).db() as db:
            entry, result = analyses.run(name, db, request.query_params.multi_items())
    except PolicyscopeError as exc:  # InputError 400, NotFound 404 (Busy keeps its Retry-After)
        raise HTTPError(exc.status, exc.message, getattr(exc, "retry_after", None) if exc.status == 503 else None
                        ) from None
    if fmt in ("csv", "xlsx", "parquet"):
        return download(request, result.to_frame, fmt, f"analysis_{name}")
    return entry.to_json(result)


def _analysis_route(name: str) -> Callable[[Request], Any]:
    def endpoint(request: Request) -> Any:
        return _analyze(request, name)

    return endpoint


for _entry in ANALYSES.values():  # one documented route per analysis, its parameters from its Params model
    router.add_api_route(
        f"/analyze/{_entry.name}", _analysis_route(_entry.name), methods=["GET"], name=f"analyze_{_entry.name}",
        summary=f"{_entry.en} {_entry.zh}", description=f"Same as `{_entry.example}`." if _entry.example else "",
        openapi_extra={"parameters": analyses.openapi_parameters(_entry)})


@router.get("/analyze/{name}", summary="Run an analysis by name (the same as `policyscope analyze NAME`)")
def analyze(request: Request, name: str) -> Any:
    return _analyze(request, name)


@router.get("/export/{view}", summary="A whole published view as CSV, XLSX or Parquet")
def export(request: Request, view: str, format: Literal["csv", "xlsx", "parquet"] = "csv") -> Response:
    from policyscope.store.export import VIEWS

    if view not in VIEWS:
        raise queries.BadQuery(f"view={view!r} is unknown; views: {', '.join(VIEWS)}")
    if format == "xlsx" and view in ("observations", "edges"):
        raise queries.BadQuery(f"{view} has too many rows for one Excel sheet; use csv or parquet")
    with web(request).db() as db:  # view name from the whitelist above
        return download(request, lambda: db.df(f"SELECT * FROM main.{view}"), format, view)


# -- reports --------------------------------------------------------------------------------------------------

REPORT_RE = re.compile(r"^[\w.-]+\.(pdf|docx|html|md|zip)$", re.UNICODE)


def report_files(st: WebState) -> list[dict[str, Any]]:
    if not st.reports_dir.is_dir():
        return []
    out = []
    for p in sorted(st.reports_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True):
        if p.is_file() and REPORT_RE.match(p.name):
            out.append({"name": p.name, "bytes": p.stat().st_size, "url": f"/api/v1/reports/{p.name}"})
    return out


@router.get("/reports", summary="Reports and newsletters built so far")
def reports(request: Request) -> dict[str, Any]:
    from policyscope.web import reporting

    st = web(request)
    return {"files": report_files(st), "kinds": reporting.kinds(), "available": reporting.available()}


class ReportIn(BaseModel):
    kind: Literal["flagship", "country", "compare", "newsletter"]
    lang: Literal["zh", "en"] = "zh"
    format: Literal["pdf", "docx", "html", "md"] = "html"
    period: str | None = Field(None, description="year (2024), month (2024-05) or range (2024-01:2024-03); "
                                                 "newsletters need one")
    jurisdictions: list[str] = Field(default_factory=list, description="country: the profile first, then peers; "
                                                                       "compare: two or more")


@router.post("/reports", summary="Build a report or newsletter (a job; download it when done)")
def build_report(request: Request, body: Annotated[ReportIn, Body()], user: User = Depends(require_writer)) -> Any:
    from policyscope.web import reporting

    job = reporting.start(web(request), user, body.kind, body.lang, body.format, body.period, body.jurisdictions)
    return JSONResponse({"job": job.model_dump(), "status_url": f"/api/v1/jobs/{job.id}"}, status_code=202)


@router.get("/reports/{name}", summary="Download a built report")
def report_file(request: Request, name: str) -> FileResponse:
    st = web(request)
    if not REPORT_RE.match(name):
        raise HTTPError(404, f"no report named {name!r}")
    p = st.reports_dir / name
    if not p.is_file():
        raise HTTPError(404, f"no report named {name!r}")
    return FileResponse(p, filename=name)


@router.get("/me", summary="Who you are signed in as (and a CSRF token for scripts using the session cookie)")
def me(request: Request) -> dict[str, Any]:
    user = current_user(request)
    st = web(request)
    return {"user": user.model_dump() if user else None, "can_write": bool(user and user.can_write)
            and not st.settings.read_only, "read_only": st.settings.read_only,
            "csrf_token": st.sessions.csrf_token(request.state.session["sid"])}


__all__ = ["router", "DOMAINS", "EVENT_TYPES"]
