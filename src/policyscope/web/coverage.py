"""The /coverage page and its JSON twin /api/v1/coverage: what the event base covers, from the same function as
``policyscope coverage`` (analysis/coverage.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from policyscope.analysis.coverage import coverage
from policyscope.web.deps import web
from policyscope.web.rendering import render
from policyscope.web.services.precomputed import cached_call

router = APIRouter()


@router.get("/api/v1/coverage", tags=["api v1"], summary="Coverage of the event base: events by jurisdiction × "
            "year × type × source, completeness per field, merges, rows left out and why")
def coverage_json(request: Request, top: int = Query(30, ge=1, le=500)) -> dict[str, Any]:
    with web(request).db() as db:
        return coverage(db, top=top).model_dump()


@router.get("/coverage", response_class=HTMLResponse, include_in_schema=False)
def coverage_page(request: Request, top: int = Query(30, ge=1, le=500)) -> HTMLResponse:
    with web(request).db() as db:
        data = cached_call(db, coverage, top)
    return render(request, "coverage.html.j2", json_url=f"/api/v1/coverage?top={top}", data=data)
