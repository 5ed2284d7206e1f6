"""One plain ASGI middleware for every request: the session cookie, refusals settled before a body is read
(too large, read-only, not signed in, private server), and the security headers — also on 500 answers.
Starlette's BaseHTTPMiddleware would cost a task group per request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import MutableHeaders

from policyscope.errors import PolicyscopeError, SignInRequired, TooLarge
from policyscope.web.deps import current_user, lang_of, read_only_refusal, sign_in_needed
from policyscope.web.errors import bug_response, error_response, response_for
from policyscope.web.security import SECURITY_HEADERS, forwarded_client
from policyscope.web.state import WebState

UPLOAD_PATHS = ("/upload", "/api/v1/documents")
ANONYMOUS_POSTS = ("/login", "/logout", "/lang/")  # writes that do not need a user (they need a CSRF token)
Scope = dict[str, Any]


class SessionAndHeaders:
    """Sessions, early refusals (body too large, private server) and security headers on every response."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        st: WebState | None = getattr(scope["app"].state, "web", None)
        if st is not None:  # forwarded headers count only from a configured proxy
            scope["client"] = forwarded_client(scope, st.trusted_proxies)
        request = Request(scope, receive)
        session = st.sessions.load(request.cookies.get("ps_session")) if st else {"sid": "", "new": False}
        scope.setdefault("state", {})["session"] = session
        started = False

        async def send_wrapper(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self.add_headers(MutableHeaders(scope=message), st, session, scope)
            await send(message)

        early = refuse(request, st) if st is not None else None
        if early is not None:
            answer = response_for(request, early) if isinstance(early, PolicyscopeError) else early
            await answer(scope, receive, send_wrapper)
            return
        if st is not None:
            receive = counted(receive, body_limit(request.url.path, st))
        try:
            await self.inner(scope, receive, send_wrapper)
        except Exception as exc:  # keep the security headers and a readable message on 500s too
            if started:
                raise
            await self.late_error(request, exc)(scope, receive, send_wrapper)

    @staticmethod
    def add_headers(headers: MutableHeaders, st: WebState | None, session: dict[str, Any], scope: Scope) -> None:
        """Security headers on every answer, and the session cookie when it is new or changed."""
        for k, v in SECURITY_HEADERS.items():
            headers.setdefault(k, v)
        if st is not None and (session.get("new") or session.get("dirty")):
            session.pop("dirty", None)
            c = Response()
            c.set_cookie("ps_session", st.sessions.dump(session), max_age=st.sessions.max_age,
                         httponly=True, samesite="lax", secure=scope.get("scheme") == "https", path="/")
            headers.append("set-cookie", c.headers["set-cookie"])

    @staticmethod
    def late_error(request: Request, exc: Exception) -> Response:
        """An error that escaped the routes' handlers: a body over the limit (raised while reading it), an
        expected error, or a bug (500, logged with its traceback)."""
        if isinstance(exc, HTTPException) and exc.status_code == 413:
            return error_response(request, 413, "too_large", str(exc.detail))
        if isinstance(exc, PolicyscopeError):
            return response_for(request, exc)
        return bug_response(request, exc)


def body_limit(path: str, st: WebState) -> int:
    """Bytes a request body may have: an upload's limit (plus room for the form) on the two upload routes,
    ``max_body_kb`` elsewhere."""
    if path in UPLOAD_PATHS:
        return int((st.settings.max_upload_mb + 1) * 1024 * 1024)
    return int(st.settings.max_body_kb * 1024)


def counted(receive: Any, limit: int) -> Any:
    """``receive`` that counts body bytes as they arrive (chunked bodies have no Content-Length) and stops
    reading with a 413 past ``limit``, before anything is spooled beyond it. It raises FastAPI's
    ``HTTPException``, the one error FastAPI's body parsing passes on unchanged (others become a 400)."""
    seen = 0

    async def counting() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, f"request body larger than the limit of {limit / 1048576:.3g} MB")
        return message

    return counting


def refuse(request: Request, st: WebState) -> PolicyscopeError | Response | None:
    """What to refuse before a byte of the body is read (uploads are spooled to disk): a declared length over
    the limit, a write on a read-only server or without a user; on a private server a stranger's API call is
    refused and a page asked for goes to the sign-in page."""
    path = request.url.path
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > body_limit(path, st):
        return TooLarge(f"request body larger than the limit of {body_limit(path, st) / 1048576:.3g} MB")
    if request.method not in ("GET", "HEAD", "OPTIONS") and not path.startswith(ANONYMOUS_POSTS):
        lang = lang_of(request)
        if st.settings.read_only:
            return read_only_refusal(lang)
        if current_user(request) is None:
            return sign_in_needed(lang)
    if not st.settings.public_read and not path.startswith(("/static", "/login", "/lang/")) \
            and not path.endswith("/feed.atom") \
            and current_user(request) is None:
        if path.startswith("/api/"):
            return SignInRequired("sign-in required on this server")
        return Response(status_code=303, headers={"Location": "/login?" + urlencode({"next": path})})
    return None
