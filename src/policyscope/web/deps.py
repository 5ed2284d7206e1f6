"""Request dependencies shared by the routers: the shared state, the reader's language, the signed-in user,
rate limits and the checks before a write. They raise the kinds of :mod:`policyscope.errors`; the app's one
handler (``web/errors.py``) turns those into JSON or an error page."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import Query, Request

from policyscope.errors import Busy, RateLimited, Refused, SignInRequired
from policyscope.web import i18n
from policyscope.web.auth import User, session_state, user_by_name, user_for_token
from policyscope.web.security import TokenBucket
from policyscope.web.services.reads import EventQuery
from policyscope.web.state import WebState


def web(request: Request) -> WebState:
    """The shared state the app made at startup."""
    return request.app.state.web


def client_key(request: Request) -> str:
    """The client's address for rate limits: the socket peer, or (only when that peer is a configured proxy)
    the address the proxy says it forwarded — the middleware has already decided which, see
    :func:`policyscope.web.security.forwarded_client`."""
    return request.client.host if request.client else "unknown"


# lookups of a session row missing from this process's snapshot before it counts as signed out (≈ 0.3 s at most)
SESSION_LOOKUPS = 4


def session_user(request: Request, st: WebState) -> User | None:
    """The user of a cookie session, if its server-side row is live.

    A row missing from this process's snapshot may have been written a moment ago by another server process
    (``serve --workers``), or before this process finished starting: the snapshot is brought up to date (a
    copy only if the file changed, as the watcher would do within a second) and the row looked up again.
    Nothing in the cookie alone — which whoever holds the key could forge — ever signs anyone in."""
    sess = request.state.session
    name, token = sess.get("user"), sess.get("st")
    if not isinstance(name, str) or not isinstance(token, str) or st.sessions.is_revoked(token):
        return None
    with st.db() as db:
        state = session_state(db, token, name)
    for attempt in range(SESSION_LOOKUPS if state == "missing" else 0):
        # whether this call or the watcher's made the new snapshot, look again; wait only while the file holds
        # writes the snapshot does not (refresh() also says False when its copy met a write and must be retried)
        st.snapshots.refresh()
        with st.db() as db:
            state = session_state(db, token, name)
        if state != "missing" or st.snapshots.up_to_date():
            break
        time.sleep(0.02 * 2**attempt)
    if state != "live":
        return None
    with st.db() as db:
        return user_by_name(db, name)


def lang_of(request: Request) -> str:
    """zh or en: ``?lang=``, then the ``ps_lang`` cookie, then Accept-Language."""
    q = request.query_params.get("lang")
    if q in i18n.LANGS:
        return q
    c = request.cookies.get("ps_lang")
    if c in i18n.LANGS:
        return c
    accept = request.headers.get("accept-language", "")
    return "zh" if accept.lower().startswith("zh") else "en"


def current_user(request: Request) -> User | None:
    """The signed-in user (session cookie) or the owner of a Bearer API token."""
    if hasattr(request.state, "user"):
        return request.state.user
    user = None
    auth = request.headers.get("authorization", "")
    st = web(request)
    if auth.lower().startswith("bearer "):
        with st.db() as db:
            user = user_for_token(db, auth[7:].strip())
        request.state.via_token = user is not None
    elif request.state.session.get("user"):
        user = session_user(request, st)
    request.state.user = user
    return user


def rate_limit(request: Request, bucket: TokenBucket, cost: float = 1.0) -> None:
    """Take ``cost`` tokens for this client or refuse with 429 and the seconds to wait."""
    wait = bucket.take(client_key(request), cost)
    if wait > 0:
        raise RateLimited(i18n.t("too_many", lang_of(request)) + f" ({wait:.1f} s)", retry_after=wait)


@contextlib.contextmanager
def heavy_export(request: Request, fmt: str) -> Iterator[None]:
    """A file download (CSV, Excel, Parquet): anonymous clients are rate limited (Excel costs three tokens),
    and at most two downloads are built at once; a busy server answers 503 with Retry-After."""
    st = web(request)
    if current_user(request) is None:
        rate_limit(request, st.export_limit, 3.0 if fmt == "xlsx" else 1.0)
    if not st.heavy_exports.acquire(timeout=10):
        raise Busy("the server is busy building other downloads; try again in a moment")
    try:
        yield
    finally:
        st.heavy_exports.release()


def read_only_refusal(lang: str, what: str = "this server was started with --read-only") -> Refused:
    """403 on a read-only server (the same words for the middleware, the writers and sign-in)."""
    return Refused(i18n.t("read_only", lang) + ": " + what)


def sign_in_needed(lang: str) -> SignInRequired:
    """401 for a write without a user, saying how to sign in or send a token."""
    return SignInRequired(i18n.t("sign_in_needed", lang) + " (sign in, or send an API token as "
                          "'Authorization: Bearer …')")


def csrf_failed(lang: str, detail: str = " (missing or invalid CSRF token)") -> Refused:
    """403 for a cookie-session write without this session's CSRF token."""
    return Refused(i18n.t("csrf_failed", lang) + detail)


async def require_member(request: Request) -> User:
    """A write to the user's own things (watchlists): not read-only, signed in (any role), CSRF token for
    cookie sessions, within the write rate."""
    st = web(request)
    lang = lang_of(request)
    if st.settings.read_only:
        raise read_only_refusal(lang)
    user = current_user(request)
    if user is None:
        raise sign_in_needed(lang)
    if not getattr(request.state, "via_token", False):
        token = request.headers.get("x-csrf-token")
        if token is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            token = form.get("csrf_token")  # type: ignore[assignment]
        if not st.sessions.csrf_ok(request.state.session["sid"], token if isinstance(token, str) else None):
            raise csrf_failed(lang)
    rate_limit(request, st.write_limit)
    return user


async def require_writer(request: Request) -> User:
    """A write to the shared data (events, documents): a member's checks plus an editor or admin role."""
    user = await require_member(request)
    if not user.can_write:
        raise Refused(f"user {user.name!r} has role {user.role!r}; writing needs editor or admin")
    return user


def event_query(
    jurisdiction: Annotated[str | None, Query(description="code or name (中国, United States, EU…)")] = None,
    domain: Annotated[str | None, Query(description="domain code, e.g. ai")] = None,
    type: Annotated[str | None, Query(description="event type code, e.g. strategy")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(description="substring of title, issuer or quote")] = None,
    review_state: Annotated[list[str] | None, Query(description="auto, accepted, edited, rejected, merged or all; "
                                                               "default: auto, accepted, edited")] = None,
    level: Annotated[str | None, Query(description="international, supranational, national or subnational")] = None,
    status: Annotated[str | None, Query(description="status code, e.g. in_force")] = None,
    source: Annotated[str | None, Query(description="source dataset, e.g. stip, agora, china_gov")] = None,
    sort: Annotated[str, Query(description="date, title, jurisdiction, type, updated, amount, importance; "
                                           "'-' = descending")] = "-date",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EventQuery:
    """Event filters from the query string, checked (the events list, its page and its downloads)."""
    return EventQuery(jurisdiction=jurisdiction, domain=domain, type=type, date_from=date_from, date_to=date_to,
                      q=q, review_state=review_state or [], level=level, status=status, source=source, sort=sort,
                      page=page, per_page=per_page).clean()
