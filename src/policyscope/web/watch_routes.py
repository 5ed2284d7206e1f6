"""Watchlist pages, their Atom feeds and JSON twins under ``/api/v1/watchlists``.

Only the owner sees or changes a watchlist: anyone else gets the same 404 as for an id that does not exist.
Writes go through the server's one writer thread like every other web write. Any signed-in user — viewers too —
may keep watchlists: they change nothing but the user's own rows, so the write role is not asked for; CSRF,
read-only mode and the write rate limit apply as for every other write.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from policyscope.errors import NotFound, SignInRequired
from policyscope.model import DOMAINS, EVENT_TYPES
from policyscope.web import i18n
from policyscope.web.auth import User
from policyscope.web.deps import current_user, lang_of, require_member, web
from policyscope.web.rendering import render
from policyscope.web.services import watchlists as wls
from policyscope.web.services.watch_feed import ATOM_TYPE, atom_feed
from policyscope.web.state import WebState

router = APIRouter()


# -- who may ------------------------------------------------------------------------------------------------

def signed_in(request: Request) -> User:
    """The signed-in user (session or API token), else 401 that says why."""
    user = current_user(request)
    if user is None:
        raise SignInRequired(i18n.t("sign_in_needed", lang_of(request)) + " (watchlists belong to a signed-in "
                             "user; sign in, or send an API token as 'Authorization: Bearer …')")
    return user


def owned(st: WebState, user: User, wid: str) -> wls.Watchlist:
    with st.db() as db:
        wl = wls.get(db, user.name, wid)
    if wl is None:
        raise NotFound(f"no watchlist {wid!r}")
    return wl


# -- shared by page and API ----------------------------------------------------------------------------------

def filter_from(request: Request) -> dict[str, Any]:
    """The events/search filter in the query string (the events list's parameter names)."""
    qp = request.query_params
    filt: dict[str, Any] = {k: qp.get(k) for k in wls.FILTER_KEYS if k != "review_state" and qp.get(k)}
    if qp.getlist("review_state"):
        filt["review_state"] = qp.getlist("review_state")
    return filt


def view(st: WebState, wl: wls.Watchlist, mark_seen: bool) -> dict[str, Any]:
    """Matching events with the new ones (since the last visit) flagged; with ``mark_seen`` the visit is
    recorded as reaching the newest change the snapshot read holds, so nothing written meanwhile is lost.
    Nothing new, nothing to record: a visit then costs no write (each write refreshes the server's snapshot)."""
    with st.db() as db:
        at = wls.latest_change(db)
        data = wls.matching(db, wl)
        new = wls.new_ids(db, wl, wl.last_seen)
    for ev in data["items"]:
        ev["new"] = ev["id"] in new
    if mark_seen and new and at is not None and not st.settings.read_only:
        st.writer.run(lambda db: wls.mark_seen(db, wl.id, at))
    return {"watchlist": wl, "total": data["total"], "items": data["items"], "new": len(new),
            "last_seen": wl.last_seen}


def feed_url(request: Request, wl: wls.Watchlist) -> str:
    return str(request.base_url).rstrip("/") + f"/watchlists/{wl.id}/feed.atom?" + urlencode({"token": wl.feed_token})


def events_link(wl: wls.Watchlist) -> str:
    return "/events?" + urlencode(wl.query, doseq=True)


# -- pages --------------------------------------------------------------------------------------------------

def not_signed_in(request: Request, st: WebState) -> Response:
    """Off to sign in — or, where nobody can sign in (read-only server, no users), a page that says so."""
    with st.db() as db:
        notice = "watch_sign_in_off" if st.settings.read_only else None if wls.has_users(db) else "watch_no_users"
    if notice:
        return render(request, "watchlists.html.j2", rows=[], prefill={}, notice=notice, domains=DOMAINS,
                      types=EVENT_TYPES, email=None)
    nxt = request.url.path + ("?" + request.url.query if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": nxt}), status_code=303)


@router.get("/watchlists", response_class=HTMLResponse, include_in_schema=False)
def list_page(request: Request) -> Response:
    st = web(request)
    user = current_user(request)
    if user is None:
        return not_signed_in(request, st)
    with st.db() as db:
        rows = wls.list_for(db, user.name)
        email = wls.email_of(db, user.name)
    return render(request, "watchlists.html.j2", json_url="/api/v1/watchlists", rows=rows, prefill=filter_from(request),
                  notice="watch_read_only" if st.settings.read_only else None, domains=DOMAINS, types=EVENT_TYPES,
                  email=email, events_link=events_link)


@router.post("/watchlists", include_in_schema=False)
async def create_action(request: Request, name: Annotated[str, Form(max_length=120)],
                        lang: Annotated[str, Form()] = "en", digest: Annotated[str, Form()] = "none",
                        user: User = Depends(require_member)) -> Response:
    form = await request.form()
    filt: dict[str, Any] = {k: str(form.get(k) or "") for k in wls.FILTER_KEYS if k != "review_state"}
    filt["review_state"] = [str(x) for x in form.getlist("review_state")]
    wl = web(request).writer.run(lambda db: wls.create(db, user.name, name, filt, lang, digest))
    return RedirectResponse(f"/watchlists/{wl.id}", status_code=303)


@router.post("/watchlists/email", include_in_schema=False)
def email_action(request: Request, email: Annotated[str, Form(max_length=254)] = "",
                 user: User = Depends(require_member)) -> Response:
    web(request).writer.run(lambda db: wls.set_email(db, user.name, email))
    return RedirectResponse("/watchlists", status_code=303)


@router.get("/watchlists/{wid}", response_class=HTMLResponse, include_in_schema=False)
def watchlist_page(request: Request, wid: str) -> Response:
    st = web(request)
    user = current_user(request)
    if user is None:
        return not_signed_in(request, st)
    data = view(st, owned(st, user, wid), mark_seen=True)
    return render(request, "watchlist.html.j2", json_url=f"/api/v1/watchlists/{wid}", **data,
                  feed=feed_url(request, data["watchlist"]), events_link=events_link(data["watchlist"]),
                  notice="watch_read_only" if st.settings.read_only else None)


@router.post("/watchlists/{wid}/digest", include_in_schema=False)
def digest_action(request: Request, wid: str, digest: Annotated[str, Form()],
                  user: User = Depends(require_member)) -> Response:
    web(request).writer.run(lambda db: wls.set_digest(db, user.name, wid, digest))
    return RedirectResponse(f"/watchlists/{wid}", status_code=303)


@router.post("/watchlists/{wid}/delete", include_in_schema=False)
def delete_action(request: Request, wid: str, user: User = Depends(require_member)) -> Response:
    web(request).writer.run(lambda db: wls.delete(db, user.name, wid))
    return RedirectResponse("/watchlists", status_code=303)


@router.get("/watchlists/{wid}/feed.atom", include_in_schema=False)
def feed(request: Request, wid: str, token: str = "") -> Response:
    """The Atom feed; the watchlist's own secret token stands in for a session (feed readers have none)."""
    st = web(request)
    with st.db() as db:
        wl = wls.by_feed_token(db, wid, token)
        if wl is None:
            raise NotFound(f"no watchlist {wid!r} with this feed token")
        items = wls.matching(db, wl)["items"]
    body = atom_feed(wl, items, str(request.base_url), feed_url(request, wl))
    return Response(body, media_type=ATOM_TYPE, headers={"Cache-Control": "private, max-age=60"})


# -- JSON twins ---------------------------------------------------------------------------------------------

class WatchlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    filter: dict[str, Any] = Field(default_factory=dict, description="q, jurisdiction, domain, type, from, to, "
                                                                     "review_state — as for /api/v1/events")
    lang: str = "en"
    digest: str = "none"


class WatchlistPatch(BaseModel):
    digest: str


api = APIRouter(prefix="/api/v1/watchlists", tags=["watchlists"])


@api.get("", summary="Your watchlists (saved event filters); sign-in needed", openapi_extra={"x-sign-in": True})
def api_list(request: Request) -> dict[str, Any]:
    user = signed_in(request)
    with web(request).db() as db:
        rows = wls.list_for(db, user.name)
    return {"watchlists": [w.public() | {"feed_url": feed_url(request, w)} for w in rows]}


@api.post("", summary="Save a watchlist", status_code=201)
def api_create(request: Request, body: WatchlistIn, user: User = Depends(require_member)) -> dict[str, Any]:
    wl = web(request).writer.run(lambda db: wls.create(db, user.name, body.name, body.filter, body.lang,
                                                       body.digest))
    return wl.public() | {"feed_url": feed_url(request, wl)}


@api.get("/{wid}", summary="A watchlist's matching events, the new ones since the last visit flagged")
def api_get(request: Request, wid: str, mark_seen: Annotated[bool, Query(
        description="record this as a visit (as the page does)")] = False) -> dict[str, Any]:
    st = web(request)
    data = view(st, owned(st, signed_in(request), wid), mark_seen=mark_seen)
    wl = data.pop("watchlist")
    return {"watchlist": wl.public() | {"feed_url": feed_url(request, wl)}, **data}


@api.patch("/{wid}", summary="Change a watchlist's digest (none, daily, weekly)")
def api_patch(request: Request, wid: str, body: WatchlistPatch, user: User = Depends(require_member)) -> Any:
    st = web(request)
    st.writer.run(lambda db: wls.set_digest(db, user.name, wid, body.digest))
    return owned(st, user, wid).public()


@api.delete("/{wid}", summary="Delete a watchlist", status_code=204)
def api_delete(request: Request, wid: str, user: User = Depends(require_member)) -> Response:
    web(request).writer.run(lambda db: wls.delete(db, user.name, wid))
    return Response(status_code=204)


router.include_router(api)
__all__ = ["router"]
