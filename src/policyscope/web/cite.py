"""``GET /api/v1/cite``: the same citations as ``policyscope cite``, with the URL of the server the reader is
using (``services/citations.py`` picks the citation, ``store.citation`` writes it; the pages' “引用 / Cite”
block is ``rendering.cite_block``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyscope.store.citation import MEDIA_TYPES, SUFFIXES, render
from policyscope.web.deps import lang_of, web
from policyscope.web.services.citations import citation

router = APIRouter(prefix="/api/v1", tags=["api v1"])


@router.get("/cite", summary="How to cite the observatory, an event or an indicator (text, CSL-JSON, BibTeX, RIS)")
def cite(request: Request,
         format: Annotated[Literal["text", "csl", "bibtex", "ris"], Query(description="text, csl, bibtex or ris")]
         = "csl",
         lang: Annotated[Literal["zh", "en"] | None, Query(description="zh or en (default: the page language)")]
         = None,
         event: Annotated[str | None, Query(description="event id")] = None,
         indicator: Annotated[str | None, Query(description="indicator code")] = None) -> Response:
    with web(request).db() as db:
        c = citation(db, str(request.base_url).rstrip("/"), event, indicator)
    body = render(c, format, lang or lang_of(request))
    return Response(body, media_type=MEDIA_TYPES[format], headers={
        "Content-Disposition": f'inline; filename="{c.key}{SUFFIXES[format]}"'})
