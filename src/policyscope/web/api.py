"""API v1: JSON (and CSV / XLSX / Parquet) twins of every page, plus the writes editors and scripts need."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from policyscope.analysis.registry import ANALYSES
from policyscope.errors import NotFound
from policyscope.model import DOMAINS, EVENT_TYPES, taxonomy
from policyscope.store import events as store_events
from policyscope.web import analyses
from policyscope.web.auth import User
from policyscope.web.deps import (
    current_user,
    event_query,
    heavy_export,
    lang_of,
    rate_limit,
    require_writer,
    web,
)
from policyscope.web.services import editing, figures, precomputed, reads, uploads, warmup
from policyscope.web.services import reports as report_service
from policyscope.web.services import search as search_service
from policyscope.web.tabular import table_response

router = APIRouter(prefix="/api/v1", tags=["api v1"])

Fmt = Literal["json", "csv", "xlsx", "parquet"]


def download(request: Request, make: Callable[[], Any], fmt: str, name: str) -> Response:
    """A table as a file: throttled for anonymous clients and built at most two at a time (see heavy_export)."""
    with heavy_export(request, fmt):
        return table_response(make(), fmt, name)


@router.get("", summary="What this API offers")
def index(request: Request) -> dict[str, Any]:
    return {
        "name": "policyscope API", "version": 1, "openapi": "/openapi.json", "docs": "/docs",
        "endpoints": sorted(p for p in request.app.openapi().get("paths", {}) if p.startswith("/api/v1")),
        "analyses": analyses.available(), "search_engine": search_service.engine_name(),
    }


@router.get("/status", summary="Server state: current snapshot, refreshes, search cache")
def status(request: Request) -> dict[str, Any]:
    st = web(request)
    snap = st.snapshots.current
    return {"pid": os.getpid(), "snapshot": {"number": snap.number if snap else None, "taken_at": snap.taken_at if snap else None},
            "warmed_snapshot": st.snapshots.warm_done, "snapshot_refreshes": st.snapshots.refresh_count, "snapshot_copy_retries": st.snapshots.failed_copies,
            "read_only": st.settings.read_only,
            "search_cache": {"hits": search_service.CACHE.hits, "misses": search_service.CACHE.misses},
            "jobs": len(st.jobs.all()), "views": precomputed.STATS | {"warm-up": warmup.PROGRESS}}


@router.get("/summary", summary="Home page numbers: counts, what changed recently, jurisdictions at a glance")
def summary(request: Request) -> dict[str, Any]:
    with web(request).db() as db:
        return reads.summary(db)


@router.get("/taxonomies", summary="Event types, domains, statuses and newsletter columns with zh/en labels")
def taxonomies() -> dict[str, Any]:
    return {n: taxonomy(n).model_dump() for n in ("event_types", "domains", "status", "newsletter_columns")}


@router.get("/jurisdictions", summary="Jurisdictions with their names and event counts")
def jurisdictions(request: Request, kind: str | None = None, format: Fmt = "json") -> Any:
    with web(request).db() as db:
        rows = reads.jurisdictions(db, kind)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(rows), format, "jurisdictions")
    return {"total": len(rows), "items": rows}


@router.get("/jurisdictions/{code}", summary="Jurisdiction profile (events over time, indicators vs peers, "
                                             "radar, partners)")
def jurisdiction_profile(request: Request, code: str) -> dict[str, Any]:
    c = reads.resolve_jurisdiction(code, "code")
    with web(request).db() as db:
        return figures.profile(db, c or code, lang_of(request))


@router.get("/events", summary="Policy events with filters, sorting and pages (format=csv|xlsx|parquet for all rows)")
def events(request: Request, q: reads.EventQuery = Depends(event_query), format: Fmt = "json") -> Any:
    with web(request).db() as db:
        if format != "json":
            return download(request, lambda: reads.events_frame_all(db, q), format, "events")
        out = reads.list_events(db, q)
    out["filters"] = q.model_dump(exclude={"page", "per_page"})
    return JSONResponse(out)  # plain values already: skip FastAPI's (slow) generic encoder


@router.get("/events/{event_id}", summary="One event with its evidence, amounts and history")
def event(request: Request, event_id: str) -> dict[str, Any]:
    with web(request).db() as db:
        return reads.event_payload(db, event_id)


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


@router.post("/events/{event_id}/review", summary="Accept, reject or reopen an event (editors)")
def review_event(request: Request, event_id: str, body: ReviewIn, user: User = Depends(require_writer)) -> Any:
    return editing.review(web(request), user, event_id, body.state, body.note)


@router.patch("/events/{event_id}", summary="Edit fields of an event (editors); it becomes 'edited'")
def edit_event(request: Request, event_id: str, body: EditIn, user: User = Depends(require_writer)) -> Any:
    return editing.edit(web(request), user, event_id, body.changes)


@router.post("/events/merge", summary="Merge duplicate events into one (editors)")
def merge(request: Request, body: MergeIn, user: User = Depends(require_writer)) -> Any:
    return editing.merge(web(request), user, body.keep, body.others)


@router.post("/events/{event_id}/unmerge", summary="Undo a merge: the event and its evidence come back (editors)")
def unmerge(request: Request, event_id: str, user: User = Depends(require_writer)) -> Any:
    return editing.unmerge(web(request), user, event_id)


@router.get("/review/queue", summary="Events awaiting review (newest first), or lacking a Chinese title (queue=zh_title)")
def review_queue(request: Request, limit: int = Query(100, ge=1, le=1000),
                 queue: Literal["auto", "zh_title"] = "auto") -> dict[str, Any]:
    with web(request).db() as db:
        rows = reads.review_queue(db, limit, queue)
    return {"total": len(rows), "items": rows}


@router.get("/documents", summary="Documents (newest first)")
def documents(request: Request, jurisdiction: str | None = None, lang: str | None = None, q: str | None = None,
              page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=500), format: Fmt = "json") -> Any:
    j = reads.resolve_jurisdiction(jurisdiction)
    with web(request).db() as db:
        out = reads.documents(db, j, lang, q, page, per_page if format == "json" else 100_000)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(out["items"]), format, "documents")
    return out


@router.get("/documents/{doc_id}", summary="One document with its full text (lines) and its events")
def document(request: Request, doc_id: str, text: bool = True) -> dict[str, Any]:
    with web(request).db() as db:
        doc = reads.document(db, doc_id)
    if not text:
        doc.pop("text", None)
    return doc


@router.post("/documents", summary="Upload a document (PDF, DOCX, HTML, TXT) and ingest it; returns a job")
async def upload_document(request: Request, file: UploadFile = File(...), user: User = Depends(require_writer)) -> Any:
    job = await uploads.start_upload(web(request), user, file)
    return JSONResponse({"job": job.model_dump(), "status_url": f"/api/v1/jobs/{job.id}", "page": f"/jobs/{job.id}"},
                        status_code=202)


@router.get("/jobs/{job_id}", summary="Progress of an upload or report job")
def job(request: Request, job_id: str) -> dict[str, Any]:
    j = web(request).jobs.get(job_id)
    if j is None:
        raise NotFound(f"no job {job_id!r} (jobs are kept in memory until the server restarts)")
    return j.model_dump()


@router.get("/search", summary="Full-text search over events and documents (Chinese and English), with snippets",
            openapi_extra={"x-example": "?q=人工智能"})
def search(request: Request, q: str, kind: Literal["all", "events", "documents"] = "all",
           limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000),
           jurisdiction: str | None = None, domain: str | None = None, type: str | None = None,
           date_from: Annotated[str | None, Query(alias="from")] = None,
           date_to: Annotated[str | None, Query(alias="to")] = None) -> dict[str, Any]:
    st = web(request)
    rate_limit(request, st.search_limit)
    filters = reads.EventQuery(jurisdiction=jurisdiction, domain=domain, type=type, date_from=date_from,
                                 date_to=date_to).clean()
    with st.db() as db:
        res = search_service.search(db, q, filters, kind, limit, offset)
    out = dict(res, hits=[{k: v for k, v in h.items() if k != "segments"} for h in res["hits"]])  # res is cached
    return JSONResponse(out)


@router.get("/indicators", summary="The indicator catalogue with coverage")
def indicators(request: Request, q: str | None = None, format: Fmt = "json") -> Any:
    with web(request).db() as db:
        rows = reads.indicators(db, q)
    if format != "json":
        import pandas as pd

        return download(request, lambda: pd.DataFrame(rows), format, "indicators")
    return {"total": len(rows), "items": rows}


@router.get("/indicators/{code}", summary="One indicator's catalogue entry")
def indicator(request: Request, code: str) -> dict[str, Any]:
    with web(request).db() as db:
        return figures.indicator_info(db, code)


def _year(v: str | None, name: str) -> int | None:
    if v in (None, ""):
        return None
    if not re.fullmatch(r"\d{4}", v.strip()):
        raise reads.BadQuery(f"{name}={v!r} must be a year like 2020")
    return int(v)


@router.get("/observations", summary="Indicator values by jurisdiction and year (format=csv|xlsx|parquet)",
            openapi_extra={"x-example": "?indicator=GB.XPD.RSDV.GD.ZS&jurisdiction=G7"})
def observations(request: Request, indicator: Annotated[list[str] | None, Query()] = None,
                 jurisdiction: Annotated[list[str] | None, Query()] = None,
                 year_from: Annotated[str | None, Query(alias="from")] = None,
                 year_to: Annotated[str | None, Query(alias="to")] = None,
                 limit: int = Query(50_000, ge=1, le=500_000), offset: int = Query(0, ge=0), format: Fmt = "json") -> Any:
    inds: list[str] = []
    for i in indicator or []:
        inds.extend(x.strip() for x in i.split(",") if x.strip())
    codes = reads.resolve_many(jurisdiction, expand_groups=True)
    if not inds and not codes:
        raise reads.BadQuery("give indicator= and/or jurisdiction= (the whole table is in /api/v1/export/observations)")
    with web(request).db() as db:
        for i in inds:
            figures.indicator_info(db, i)
        df = reads.observations(db, inds, codes, _year(year_from, "from"), _year(year_to, "to"), limit, offset)
    if format != "json":
        return download(request, lambda: df, format, "observations")
    return {"total": len(df), "items": reads.records(df)}


@router.get("/edges", summary="Values between two jurisdictions (co-authorship …) (format=csv|xlsx|parquet)")
def edges(request: Request, indicator: str | None = None, jurisdiction: str | None = None, partner: str | None = None,
          year_from: Annotated[str | None, Query(alias="from")] = None,
          year_to: Annotated[str | None, Query(alias="to")] = None,
          limit: int = Query(1000, ge=1, le=100_000), offset: int = Query(0, ge=0), format: Fmt = "json") -> Any:
    j = reads.resolve_jurisdiction(jurisdiction)
    p = reads.resolve_jurisdiction(partner, "partner")
    with web(request).db() as db:
        df = reads.edges(db, indicator, j, p, _year(year_from, "from"), _year(year_to, "to"), limit, offset)
        inds = reads.edge_indicators(db)
    if format != "json":
        return download(request, lambda: df, format, "edges")
    return {"total": len(df), "indicators": inds, "items": reads.records(df)}


@router.get("/explore", summary="JSON twin of the indicator explorer: rows and the Vega-Lite spec")
def explore(request: Request, indicator: str = figures.DEFAULT_EXPLORE["indicator"], j: str | None = None,
            year_from: Annotated[str | None, Query(alias="from")] = None,
            year_to: Annotated[str | None, Query(alias="to")] = None) -> dict[str, Any]:
    with web(request).db() as db:
        return figures.explore(db, indicator, j, year_from, year_to, lang_of(request))


@router.get("/explore/chart.{ext}", summary="The explorer chart as SVG or PNG (rendered offline by vl-convert)")
def explore_chart(request: Request, ext: Literal["svg", "png"], indicator: str = figures.DEFAULT_EXPLORE["indicator"],
                  j: str | None = None, year_from: Annotated[str | None, Query(alias="from")] = None,
                  year_to: Annotated[str | None, Query(alias="to")] = None) -> Response:
    from policyscope.report import charts

    with web(request).db() as db:
        data = figures.explore(db, indicator, j, year_from, year_to, lang_of(request))
    name = f"{indicator}_{'-'.join(data['jurisdictions'])}"[:100]
    disp = {"Content-Disposition": f'attachment; filename="{re.sub(r"[^A-Za-z0-9_.-]", "_", name)}.{ext}"'}
    if ext == "svg":
        return Response(charts.to_svg(data["spec"]), media_type="image/svg+xml", headers=disp)
    return Response(charts.to_png(data["spec"]), media_type="image/png", headers=disp)


@router.get("/compare", summary="JSON twin of the comparison page (radar scores and event counts)")
def compare(request: Request, j: str | None = None, indicators: str | None = None, year: str | None = None) -> Any:
    with web(request).db() as db:
        return figures.compare(db, j, indicators, year, lang_of(request))


@router.get("/network", summary="JSON twin of the network page")
def network(request: Request, indicator: str | None = None, year: str | None = None, top: str | None = None,
            focus: str | None = None) -> Any:
    with web(request).db() as db:
        return figures.network_view(db, indicator, year, top, focus, lang_of(request))


@router.get("/analyze", summary="The analyses and their parameters")
def analyze_list() -> dict[str, Any]:
    return {name: analyses.describe(name) for name in ANALYSES}


def _analyze(request: Request, name: str) -> Any:
    """Run one analysis on the current snapshot; its errors (InputError 400, NotFound 404) answer through the
    app's one error handler."""
    fmt = request.query_params.get("format", "json")
    with web(request).db() as db:
        entry, result = analyses.run(name, db, request.query_params.multi_items())
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
        openapi_extra={"parameters": analyses.openapi_parameters(_entry), "x-no-try": True})


@router.get("/analyze/{name}", summary="Run an analysis by name (the same as `policyscope analyze NAME`)")
def analyze(request: Request, name: str) -> Any:
    return _analyze(request, name)


@router.get("/export/{view}", summary="A whole published view as CSV, XLSX or Parquet")
def export(request: Request, view: str, format: Literal["csv", "xlsx", "parquet"] = "csv") -> Response:
    from policyscope.store.export import VIEWS

    if view not in VIEWS:
        raise reads.BadQuery(f"view={view!r} is unknown; views: {', '.join(VIEWS)}")
    if format == "xlsx" and view in ("observations", "edges"):
        raise reads.BadQuery(f"{view} has too many rows for one Excel sheet; use csv or parquet")
    with web(request).db() as db:  # view name from the whitelist above
        return download(request, lambda: db.df(f"SELECT * FROM main.{view}"), format, view)


# -- reports --------------------------------------------------------------------------------------------------

@router.get("/reports", summary="Reports and newsletters built so far")
def reports(request: Request) -> dict[str, Any]:
    return {"files": report_service.report_files(web(request)), "kinds": report_service.kinds(), "available": report_service.available()}


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
    job = report_service.start(web(request), user, body.kind, body.lang, body.format, body.period, body.jurisdictions)
    return JSONResponse({"job": job.model_dump(), "status_url": f"/api/v1/jobs/{job.id}"}, status_code=202)


@router.get("/reports/{name}", summary="Download a built report")
def report_file(request: Request, name: str) -> FileResponse:
    return FileResponse(report_service.report_path(web(request), name), filename=name)


@router.get("/me", summary="Who you are signed in as (and a CSRF token for scripts using the session cookie)")
def me(request: Request) -> dict[str, Any]:
    user = current_user(request)
    st = web(request)
    return {"user": user.model_dump() if user else None, "can_write": bool(user and user.can_write)
            and not st.settings.read_only, "read_only": st.settings.read_only,
            "csrf_token": st.sessions.csrf_token(request.state.session["sid"])}


__all__ = ["router", "DOMAINS", "EVENT_TYPES"]
