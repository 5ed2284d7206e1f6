"""Server-rendered pages (Jinja2, autoescaped). Each page names its JSON twin under /api/v1."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyscope.errors import NotFound
from policyscope.model import DOMAINS, EVENT_TYPES, STATUSES, registry
from policyscope.web import analyses, i18n
from policyscope.web.auth import User, verify_password
from policyscope.web.deps import (
    csrf_failed,
    current_user,
    event_query,
    lang_of,
    rate_limit,
    read_only_refusal,
    require_writer,
    web,
)
from policyscope.web.rendering import render
from policyscope.web.services import editing, figures, reads, uploads
from policyscope.web.services import reports as report_service
from policyscope.web.services import search as search_service
from policyscope.web.services.maps import home_map
from policyscope.web.services.precomputed import cached_call

router = APIRouter(include_in_schema=False)


def _spec(spec: dict[str, Any] | None) -> str | None:
    """A chart spec as JSON text for a data attribute (autoescaped in the template)."""
    return json.dumps(spec, ensure_ascii=False, default=str) if spec else None


def _safe_next(nxt: str | None) -> str:
    if nxt and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt:
        return nxt
    return "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    with web(request).db() as db:
        data = cached_call(db, reads.summary)
        world = home_map(db, lang_of(request))
    return render(request, "home.html.j2", json_url="/api/v1/summary", data=data, world=_spec(world))


@router.get("/lang/{code}")
def switch_lang(code: str, next: str = "/") -> Response:
    if code not in i18n.LANGS:
        raise NotFound(f"language {code!r} is not offered; use zh or en")
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie("ps_lang", code, max_age=365 * 86400, samesite="lax", httponly=True)
    return resp


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", kind: str = "all", jurisdiction: str | None = None,
                domain: str | None = None, type: str | None = None,
                date_from: Annotated[str | None, Query(alias="from")] = None,
                date_to: Annotated[str | None, Query(alias="to")] = None, offset: int = Query(0, ge=0, le=10_000)) -> Any:
    st = web(request)
    params = {"q": q, "kind": kind, "jurisdiction": jurisdiction, "domain": domain, "type": type,
              "from": date_from, "to": date_to}
    res, facets = None, None
    filters = reads.EventQuery(jurisdiction=jurisdiction or None, domain=domain or None, type=type or None,
                                 date_from=date_from, date_to=date_to).clean()
    if q.strip():
        rate_limit(request, st.search_limit)
        with st.db() as db:
            res = search_service.search(db, q, filters, kind, 20, offset)
            facets = res["facets"]
    return render(request, "search.html.j2", json_url="/api/v1/search?" + urlencode(
        {k: v for k, v in params.items() if v}), params=params, res=res, facets=facets, offset=offset,
        domains=DOMAINS, types=EVENT_TYPES)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, q: reads.EventQuery = Depends(event_query)) -> HTMLResponse:
    with web(request).db() as db:
        data = cached_call(db, reads.list_events, q)
        facets = cached_call(db, reads.event_facets, q)
    raw = {k: v for k, v in request.query_params.items() if k not in ("page", "lang")}
    return render(request, "events.html.j2", json_url="/api/v1/events?" + urlencode(raw), data=data, facets=facets,
                  query=q, raw=raw, domains=DOMAINS, types=EVENT_TYPES, states=reads.REVIEW_STATES)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    with web(request).db() as db:
        ev = reads.event_payload(db, event_id)
    return render(request, "event.html.j2", json_url=f"/api/v1/events/{event_id}", ev=ev, types=EVENT_TYPES,
                  statuses=STATUSES, domains=DOMAINS)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, page: int = Query(1, ge=1), q: str | None = None) -> HTMLResponse:
    with web(request).db() as db:
        data = cached_call(db, reads.documents, None, None, q, page, 50)
    return render(request, "documents.html.j2", json_url="/api/v1/documents", data=data, q=q or "")


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, line: str | None = None) -> HTMLResponse:
    """The text with numbered lines; ``line`` marks the quoted one (an empty or odd value marks none, as old
    links carried ``?line=`` with nothing after it)."""
    with web(request).db() as db:
        doc = reads.document(db, doc_id)
    lines = (doc.pop("text") or "").split("\n")
    marked = {e["line"] for e in doc["events"] if e.get("line")}
    return render(request, "document.html.j2", json_url=f"/api/v1/documents/{doc_id}", doc=doc, lines=lines,
                  marked=marked, target=int(line) if line and line.isdigit() else None)


@router.get("/jurisdictions", response_class=HTMLResponse)
def jurisdictions_page(request: Request, kind: str | None = None) -> HTMLResponse:
    with web(request).db() as db:
        rows = cached_call(db, reads.jurisdictions, kind or None)
    kinds = sorted({j.kind for j in registry().by_code.values()})
    return render(request, "jurisdictions.html.j2", json_url="/api/v1/jurisdictions", rows=rows, kind=kind,
                  kinds=kinds)


@router.get("/jurisdictions/{code}", response_class=HTMLResponse)
def profile_page(request: Request, code: str) -> HTMLResponse:
    c = reads.resolve_jurisdiction(code, "code") or code
    with web(request).db() as db:
        data = figures.profile(db, c, lang_of(request))
    return render(request, "profile.html.j2", json_url=f"/api/v1/jurisdictions/{c}", data=data, code=c,
                  timeline=_spec(data["timeline_spec"]), radar=_spec(data["radar_spec"]),
                  partners=_spec(data["partners_spec"]), partners_map=_spec(data["partners_map_spec"]))


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, q: str | None = None) -> HTMLResponse:
    with web(request).db() as db:
        rows = cached_call(db, reads.indicators, q)
    return render(request, "indicators.html.j2", json_url="/api/v1/indicators", rows=rows, q=q or "")


@router.get("/explore", response_class=HTMLResponse)
def explore_page(request: Request, indicator: str = figures.DEFAULT_EXPLORE["indicator"], j: str | None = None,
                 year_from: Annotated[str | None, Query(alias="from")] = figures.DEFAULT_EXPLORE["from"],
                 year_to: Annotated[str | None, Query(alias="to")] = None) -> HTMLResponse:
    with web(request).db() as db:
        data = figures.explore(db, indicator, j or figures.DEFAULT_EXPLORE["j"], year_from, year_to, lang_of(request))
        inds = cached_call(db, reads.indicators, None)
    qs = urlencode({k: v for k, v in data["params"].items() if v not in (None, "")})
    pivot: dict[int, dict[str, Any]] = {}
    for r in data["rows"]:
        pivot.setdefault(r["year"], {})[r["jurisdiction"]] = r["value"]
    return render(request, "explore.html.j2", json_url="/api/v1/explore?" + qs, data=data, qs=qs,
                  spec=_spec(data["spec"]), indicators=inds, pivot=sorted(pivot.items(), reverse=True))


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, j: str | None = None, indicators: Annotated[list[str] | None, Query()] = None,
                 year: str | None = None) -> HTMLResponse:
    with web(request).db() as db:
        data = figures.compare(db, j, indicators, year, lang_of(request))
        inds = cached_call(db, reads.indicators, None)
    return render(request, "compare.html.j2", json_url="/api/v1/compare?" + urlencode(data["params"]), data=data,
                  radar=_spec(data["radar_spec"]), counts=_spec(data["counts_spec"]), indicators=inds)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, indicator: str | None = None, year: str | None = None, top: str | None = None,
                 focus: str | None = None) -> HTMLResponse:
    with web(request).db() as db:
        data = figures.network_view(db, indicator, year, top, focus, lang_of(request))
        edge_inds = cached_call(db, reads.edge_indicators)
    qs = urlencode({k: v for k, v in data["params"].items() if v not in (None, "")})
    return render(request, "network.html.j2", json_url="/api/v1/network?" + qs, data=data,
                  spec=_spec(data["spec"]), edge_indicators=edge_inds)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_page(request: Request) -> HTMLResponse:
    items = []
    for name, ok in analyses.available().items():
        items.append(analyses.describe(name) | {"available": True} if ok else {"name": name, "available": False})
    return render(request, "analyze.html.j2", json_url="/api/v1/analyze", items=items)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> HTMLResponse:
    st = web(request)
    return render(request, "reports.html.j2", json_url="/api/v1/reports", files=report_service.report_files(st),
                  kinds=report_service.kinds(), available=report_service.available())


@router.post("/reports")
def reports_build(request: Request, kind: Annotated[str, Form()], lang: Annotated[str, Form()] = "zh",
                  format: Annotated[str, Form()] = "html", period: Annotated[str | None, Form()] = None,
                  jurisdictions: Annotated[str | None, Form()] = None,
                  user: User = Depends(require_writer)) -> Response:
    job = report_service.start(web(request), user, kind, lang, format, period or None,
                          [jurisdictions] if jurisdictions else None)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


# -- review -----------------------------------------------------------------------------------------------

@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, queue: str = "auto") -> Response:
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?" + urlencode({"next": "/review"}), status_code=303)
    with web(request).db() as db:
        rows = reads.review_queue(db, 100, queue)
    return render(request, "review.html.j2", json_url="/api/v1/review/queue?" + urlencode({"queue": queue}),
                  rows=rows, queue=queue)


@router.post("/events/{event_id}/review")
def review_action(request: Request, event_id: str, state: Annotated[str, Form()],
                  note: Annotated[str | None, Form()] = None, next: Annotated[str | None, Form()] = None,
                  user: User = Depends(require_writer)) -> Response:
    if state not in ("accepted", "rejected", "auto"):
        raise reads.BadQuery("state must be accepted, rejected or auto")
    editing.review(web(request), user, event_id, state, note or None)
    return RedirectResponse(_safe_next(next or f"/events/{event_id}"), status_code=303)


@router.post("/events/{event_id}/edit")
async def edit_action(request: Request, event_id: str, user: User = Depends(require_writer)) -> Response:
    form = await request.form()
    with web(request).db() as db:
        before = reads.event_payload(db, event_id)
    changes: dict[str, Any] = {}
    for field in ("title", "title_en", "title_zh", "issuer", "date", "jurisdiction", "type", "status"):
        if field in form:
            v = str(form[field]).strip()
            old = before.get(field)
            if v != ("" if old is None else str(old)[:10] if field == "date" else str(old)):
                changes[field] = v or None
    if "domains" in form or form.getlist("domain"):
        doms = [str(d) for d in form.getlist("domain")]
        if sorted(doms) != sorted(before.get("domains") or []):
            changes["domains"] = doms
    back = _safe_next(str(form.get("next") or f"/events/{event_id}"))
    if not changes:
        return RedirectResponse(back, status_code=303)
    editing.edit(web(request), user, event_id, changes)
    return RedirectResponse(back, status_code=303)


@router.post("/events/merge")
def merge_action(request: Request, keep: Annotated[str, Form()], others: Annotated[str, Form()],
                 user: User = Depends(require_writer)) -> Response:
    ids = [x.strip() for x in others.replace(",", " ").split() if x.strip()]
    if not ids:
        raise reads.BadQuery("give the ids of the events to merge")
    editing.merge(web(request), user, keep.strip(), ids)
    return RedirectResponse(f"/events/{keep.strip()}", status_code=303)


# -- upload and jobs ---------------------------------------------------------------------------------------

@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    if current_user(request) is None:
        return RedirectResponse("/login?" + urlencode({"next": "/upload"}), status_code=303)
    st = web(request)
    jobs = [j for j in st.jobs.all() if j.kind == "ingest"][:10]
    return render(request, "upload.html.j2", max_mb=st.settings.max_upload_mb, jobs=jobs)


@router.post("/upload")
async def upload_action(request: Request, file: UploadFile = File(...), user: User = Depends(require_writer)) -> Response:
    job = await uploads.start_upload(web(request), user, file)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = web(request).jobs.get(job_id)
    if job is None:
        raise NotFound(f"no job {job_id!r}")
    return render(request, "job.html.j2", json_url=f"/api/v1/jobs/{job_id}", job=job)


# -- sign-in ------------------------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html.j2", next=_safe_next(next), failed=False)


@router.post("/login")
async def login_action(request: Request, username: Annotated[str, Form(max_length=64)],
                       password: Annotated[str, Form(max_length=1024)], csrf_token: Annotated[str, Form()] = "",
                       next: Annotated[str, Form()] = "/") -> Response:
    st = web(request)
    lang = lang_of(request)
    if st.settings.read_only:
        raise read_only_refusal(lang, "sign-in is off")
    if not st.sessions.csrf_ok(request.state.session["sid"], csrf_token):
        raise csrf_failed(lang)
    rate_limit(request, st.login_limit)
    with st.db() as db:
        user = verify_password(db, username.strip(), password)
    if user is None:
        return render(request, "login.html.j2", status=401, next=_safe_next(next), failed=True)
    from starlette.concurrency import run_in_threadpool

    from policyscope.web.auth import start_session

    token = await run_in_threadpool(st.writer.run, lambda db: start_session(db, user.name, st.settings.session_hours))
    st.sessions.signed_in(request.state.session, user.name, token)  # new visitor id on sign-in
    request.state.user = user
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
async def logout_action(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    st = web(request)
    if not st.sessions.csrf_ok(request.state.session["sid"], csrf_token):
        raise csrf_failed(lang_of(request), "")
    from starlette.concurrency import run_in_threadpool

    from policyscope.web.auth import end_session

    token = st.sessions.signed_out(request.state.session)  # refused in this process from now on
    if token:
        await run_in_threadpool(st.writer.run, lambda db: end_session(db, token))  # other processes: next snapshot
    return RedirectResponse("/", status_code=303)


# -- API docs (offline) ---------------------------------------------------------------------------------------

def _try_url(path: str, method: str, op: dict[str, Any]) -> str | None:
    """A link that answers as it stands: a GET without path parameters, required parameters or sign-in, or the
    route's own example query (``x-example``); never a link to a 4xx."""
    if method != "get" or "{" in path or op.get("x-sign-in") or op.get("x-no-try"):
        return None
    if "x-example" in op:
        return path + op["x-example"]
    return None if any(p.get("required") for p in op.get("parameters", [])) else path


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                    "description": p.get("description", ""),
                                    "type": p.get("schema", {}).get("type") or "",
                                    } for p in op.get("parameters", [])],
                        "body": "requestBody" in op, "try": _try_url(path, method, op)})
    return render(request, "docs.html.j2", json_url="/openapi.json", ops=ops, info=spec.get("info", {}))
