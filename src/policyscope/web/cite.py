"""“引用 / Cite” on pages and ``GET /api/v1/cite``: the same citations as ``policyscope cite``, with the URL of
the server the reader is using (``store.citation`` builds them; this module only chooses the URL)."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from jinja2 import Environment

from policyscope.store.citation import (
    MEDIA_TYPES,
    SUFFIXES,
    Citation,
    dataset_citation,
    event_citation,
    indicator_citation,
    render,
)
from policyscope.store.database import Database, StoreError
from policyscope.web.app import HTTPError, lang_of, web

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["api v1"])


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _citation(db: Database, request: Request, event: str | None, indicator: str | None) -> Citation:
    base = _base(request)
    if event and indicator:
        raise HTTPError(400, "give event= or indicator=, not both")
    try:
        if event:
            return event_citation(db, event, url=f"{base}/events/{event}")
        if indicator:
            return indicator_citation(db, indicator, url=f"{base}/explore?{urlencode({'indicator': indicator})}")
    except StoreError as exc:
        raise HTTPError(404, str(exc)) from None
    return dataset_citation(db, url=base)


@router.get("/cite", summary="How to cite the observatory, an event or an indicator (text, CSL-JSON, BibTeX, RIS)")
def cite(request: Request,
         format: Annotated[Literal["text", "csl", "bibtex", "ris"], Query(description="text, csl, bibtex or ris")]
         = "csl",
         lang: Annotated[Literal["zh", "en"] | None, Query(description="zh or en (default: the page language)")]
         = None,
         event: Annotated[str | None, Query(description="event id")] = None,
         indicator: Annotated[str | None, Query(description="indicator code")] = None) -> Response:
    with web(request).db() as db:
        c = _citation(db, request, event, indicator)
    body = render(c, format, lang or lang_of(request))
    return Response(body, media_type=MEDIA_TYPES[format], headers={
        "Content-Disposition": f'inline; filename="{c.key}{SUFFIXES[format]}"'})


def cite_block(request: Request, lang: str, event: str | None = None, indicator: str | None = None) -> dict[str, Any]:
    """What the “引用 / Cite” partial shows: the sentence, links to each format, the original sources."""
    try:
        with web(request).db() as db:
            c = _citation(db, request, event, indicator)
    except Exception as exc:  # a page (even the error page) never fails because of its citation block
        log.warning("no citation block on %s: %s", request.url.path, exc)
        return {}
    q = {k: v for k, v in (("event", event), ("indicator", indicator)) if v}
    links = {f: "/api/v1/cite?" + urlencode({**q, "format": f, "lang": lang}) for f in ("csl", "bibtex", "ris")}
    return {"text": c.text(lang), "links": links, "originals": c.originals, "kind": c.kind}


def register(env: Environment) -> None:
    """Make ``cite_block`` available to the templates (``_cite.html.j2``)."""
    env.globals["cite_block"] = cite_block
