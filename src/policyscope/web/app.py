"""The FastAPI application: snapshots for reads, one writer, sessions, CSRF, rate limits, headers, errors."""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
from collections.abc import AsyncIterator, Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyscope import __version__
from policyscope.model import UnknownJurisdictionError
from policyscope.store.database import Database, StoreBusy, StoreError
from policyscope.web import i18n
from policyscope.web.access import Snapshots, Writer, make_work_dir
from policyscope.web.auth import Sessions, User, session_state, user_by_name, user_for_token
from policyscope.web.jobs import Jobs
from policyscope.web.queries import BadQuery
from policyscope.web.security import (
    SECURITY_HEADERS,
    TokenBucket,
    UploadRejected,
    forwarded_client,
    parse_networks,
)
from policyscope.web.settings import WebSettings

log = logging.getLogger("policyscope.web")
UPLOAD_PATHS = ("/upload", "/api/v1/documents")
ANONYMOUS_POSTS = ("/login", "/logout", "/lang/")  # writes that do not need a user (they need a CSRF token)
WEB_DIR = Path(str(resources.files("policyscope.web")))


class HTTPError(Exception):
    """An error for a person or a script: status, message (and for 429/503 a Retry-After)."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


class WebState:
    """Everything the routes share, kept on ``app.state.web``."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.work_dir, self._own_dir = make_work_dir(settings.work_dir)
        self.snapshots = Snapshots(settings.db_path, self.work_dir, settings.snapshot_poll_seconds)
        self.writer = Writer(settings.db_path, self.snapshots, settings.write_wait_seconds)
        self.sessions = Sessions(settings.key(), int(settings.session_hours * 3600))
        self.trusted_proxies = parse_networks(settings.trusted_proxies)
        self.export_limit = TokenBucket(settings.export_rate, settings.export_burst)
        self.heavy_exports = threading.BoundedSemaphore(2)  # Excel/CSV builds at once, all clients together
        self.search_limit = TokenBucket(settings.search_rate, settings.search_burst)
        self.write_limit = TokenBucket(settings.write_rate, settings.write_burst)
        self.login_limit = TokenBucket(settings.login_rate, settings.login_burst)
        self.jobs = Jobs(self.work_dir / "jobs")
        self.uploads = self.work_dir / "uploads"
        self.uploads.mkdir(exist_ok=True)
        self.reports_dir = settings.reports_dir or (settings.db_path.parent / "out")
        self.env = Environment(loader=FileSystemLoader(str(WEB_DIR / "templates")), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(t=i18n.t, label=i18n.label, jname=i18n.jname, event_title=i18n.event_title,
                                version=__version__, settings=settings)
        self.env.filters["qs"] = lambda d: urlencode([(k, v) for k, v in d.items() if v not in (None, "", [])],
                                                     doseq=True)
        self.env.filters["num"] = _num
        from policyscope.web import cite as _cite  # “引用 / Cite” blocks (web/cite.py)

        _cite.register(self.env)

    @contextlib.contextmanager
    def db(self) -> Iterator[Database]:
        with self.snapshots.database() as db:
            yield db

    def ensure_search_index(self) -> None:
        """A database built before the search stage existed gets its index once, on the writer thread;
        until then search falls back to substring matching."""
        try:
            from policyscope.store import search as store_search
        except ModuleNotFoundError:
            return
        with self.db() as db:
            if store_search.has_index(db.con):
                return

        def index(db: Database) -> None:
            with db.transaction() as con:
                store_search.ensure_schema(con)
                store_search.sync_index(con)

        fut = self.writer.submit(index)
        fut.add_done_callback(lambda f: f.exception() and log.warning("search index not built: %s", f.exception()))

    def vendor_js(self) -> bytes:
        return vendor_bundle()

    def close(self) -> None:
        self.writer.stop()
        self.snapshots.stop()
        if self._own_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)


_VENDOR_LOCK = threading.Lock()
_VENDOR: list[bytes] = []


def vendor_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed, bundled by the installed vl-convert package (no CDN); built once."""
    with _VENDOR_LOCK:
        if not _VENDOR:
            import vl_convert

            _VENDOR.append(vl_convert.javascript_bundle().encode("utf-8"))
        return _VENDOR[0]


def _num(v: Any, digits: int = 2) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, int | float) and abs(v) < 1e9 and (isinstance(v, int) or v.is_integer()):
        return f"{int(v):,}"
    if isinstance(v, int | float):
        a = abs(v)
        if a >= 1e12:
            return f"{v / 1e12:,.{digits}f} T"
        if a >= 1e9:
            return f"{v / 1e9:,.{digits}f} B"
        if a >= 1e6:
            return f"{v / 1e6:,.{digits}f} M"
        return f"{v:,.{digits}f}"
    return str(v)


def web(request: Request) -> WebState:
    return request.app.state.web


def client_key(request: Request) -> str:
    """The client's address for rate limits: the socket peer, or (only when that peer is a configured proxy)
    the address the proxy says it forwarded — the middleware has already decided which, see
    :func:`policyscope.web.security.forwarded_client`."""
    return request.client.host if request.client else "unknown"


def session_user(request: Request, st: WebState) -> User | None:
    """The user of a cookie session, if its server-side row is live.

    A row missing from this process's snapshot may have been written a moment ago by another server process
    (``serve --workers``): for a sign-in of the last half minute the snapshot is brought up to date (a copy only
    if the file changed, as the poller would do within a second) and the row looked up again. Nothing in the
    cookie alone — which whoever holds the key could forge — ever signs anyone in."""
    sess = request.state.session
    name, token = sess.get("user"), sess.get("st")
    if not isinstance(name, str) or not isinstance(token, str) or st.sessions.is_revoked(token):
        return None
    with st.db() as db:
        state = session_state(db, token, name)
    try:
        recent = 0 <= time.time() - float(sess.get("iat", 0)) < 30
    except (TypeError, ValueError):
        recent = False
    if state == "missing" and recent and st.snapshots.refresh():
        with st.db() as db:
            state = session_state(db, token, name)
    if state != "live":
        return None
    with st.db() as db:
        return user_by_name(db, name)


def lang_of(request: Request) -> str:
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
    wait = bucket.take(client_key(request), cost)
    if wait > 0:
        raise HTTPError(429, i18n.t("too_many", lang_of(request)) + f" ({wait:.1f} s)", retry_after=wait)


@contextlib.contextmanager
def heavy_export(request: Request, fmt: str) -> Iterator[None]:
    """A file download (CSV, Excel, Parquet): anonymous clients are rate limited (Excel costs three tokens),
    and at most two downloads are built at once; a busy server answers 503 with Retry-After."""
    st = web(request)
    if current_user(request) is None:
        rate_limit(request, st.export_limit, 3.0 if fmt == "xlsx" else 1.0)
    if not st.heavy_exports.acquire(timeout=10):
        raise HTTPError(503, "the server is busy building other downloads; try again in a moment", retry_after=5)
    try:
        yield
    finally:
        st.heavy_exports.release()


async def require_writer(request: Request) -> User:
    """A write: not read-only, signed in with a write role, CSRF token for cookie sessions, within rate."""
    st = web(request)
    lang = lang_of(request)
    if st.settings.read_only:
        raise HTTPError(403, i18n.t("read_only", lang) + ": this server was started with --read-only")
    user = current_user(request)
    if user is None:
        raise HTTPError(401, i18n.t("sign_in_needed", lang) + " (sign in, or send an API token as "
                        "'Authorization: Bearer …')")
    if not getattr(request.state, "via_token", False):
        token = request.headers.get("x-csrf-token")
        if token is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            token = form.get("csrf_token")  # type: ignore[assignment]
        if not st.sessions.csrf_ok(request.state.session["sid"], token if isinstance(token, str) else None):
            raise HTTPError(403, i18n.t("csrf_failed", lang) + " (missing or invalid CSRF token)")
    if not user.can_write:
        raise HTTPError(403, f"user {user.name!r} has role {user.role!r}; writing needs editor or admin")
    rate_limit(request, st.write_limit)
    return user


def render(request: Request, template: str, status: int = 200, json_url: str | None = None, **ctx: Any) -> HTMLResponse:
    st = web(request)
    lang = lang_of(request)
    user = current_user(request)
    other = "en" if lang == "zh" else "zh"
    here = request.url.path + (("?" + request.url.query) if request.url.query else "")
    html = st.env.get_template(template).render(
        request=request, lang=lang, other_lang=other, user=user, here=here, json_url=json_url,
        csrf=st.sessions.csrf_token(request.state.session["sid"]), **ctx)
    return HTMLResponse(html, status_code=status)


def create_app(settings: WebSettings) -> FastAPI:
    """The application; the database is opened (snapshotted) when the app starts."""
    state_box: dict[str, WebState] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        st = WebState(settings)
        app.state.web = st
        state_box["st"] = st
        from policyscope.web import searching

        st.snapshots.on_stable = searching.warm
        st.snapshots.start()
        # sync routes run in worker threads; more threads than a few per core only fight over the GIL
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        if not settings.read_only:
            st.ensure_search_index()
        threading.Thread(target=st.vendor_js, name="policyscope-vendor-js", daemon=True).start()
        try:
            yield
        finally:
            st.close()

    app = FastAPI(
        title="policyscope API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Open bilingual (中文/English) observatory of technology policy and innovation. "
                    "Reading is public unless the server says otherwise; writing needs a signed-in editor or an "
                    "API token (`Authorization: Bearer …`). Every HTML page has a JSON twin under /api/v1.",
    )

    class SessionAndHeaders:
        """Sessions, early refusals (body too large, private server) and security headers on every response.
        A plain ASGI middleware: Starlette's BaseHTTPMiddleware costs a task group per request."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
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
                    headers = MutableHeaders(scope=message)
                    for k, v in SECURITY_HEADERS.items():
                        headers.setdefault(k, v)
                    if st is not None and (session.get("new") or session.get("dirty")):
                        session.pop("dirty", None)
                        c = Response()
                        c.set_cookie("ps_session", st.sessions.dump(session), max_age=st.sessions.max_age,
                                     httponly=True, samesite="lax", secure=scope.get("scheme") == "https", path="/")
                        headers.append("set-cookie", c.headers["set-cookie"])
                await send(message)

            early = self.refuse(request, st) if st is not None else None
            if early is not None:
                await early(scope, receive, send_wrapper)
                return
            if st is not None:
                receive = self.counted(receive, self.body_limit(request.url.path, st))
            try:
                await self.inner(scope, receive, send_wrapper)
            except Exception as exc:  # keep the security headers and a readable message on 500s too
                if started:
                    raise
                if isinstance(exc, HTTPException) and exc.status_code == 413:
                    await _error_response(request, 413, str(exc.detail))(scope, receive, send_wrapper)
                    return
                log.exception("unexpected error on %s", request.url.path)
                resp = _error_response(request, 500, f"internal error ({type(exc).__name__}); the server log has "
                                       "details")
                await resp(scope, receive, send_wrapper)

        @staticmethod
        def body_limit(path: str, st: WebState) -> int:
            """Bytes a request body may have: an upload's limit (plus room for the form) on the two upload
            routes, ``max_body_kb`` elsewhere."""
            if path in UPLOAD_PATHS:
                return int((st.settings.max_upload_mb + 1) * 1024 * 1024)
            return int(st.settings.max_body_kb * 1024)

        @staticmethod
        def counted(receive: Any, limit: int) -> Any:
            """``receive`` that counts body bytes as they arrive (chunked bodies have no Content-Length) and
            stops reading with a 413 past ``limit``, before anything is spooled beyond it."""
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

        @staticmethod
        def refuse(request: Request, st: WebState) -> Response | None:
            path = request.url.path
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > SessionAndHeaders.body_limit(path, st):
                return _error_response(request, 413, f"request body larger than the limit of "
                                       f"{SessionAndHeaders.body_limit(path, st) / 1048576:.3g} MB")
            if request.method not in ("GET", "HEAD", "OPTIONS") and not path.startswith(ANONYMOUS_POSTS):
                # who is asking is settled before a byte of the body is read (uploads are spooled to disk)
                lang = lang_of(request)
                if st.settings.read_only:
                    return _error_response(request, 403, i18n.t("read_only", lang)
                                           + ": this server was started with --read-only")
                if current_user(request) is None:
                    return _error_response(request, 401, i18n.t("sign_in_needed", lang) + " (sign in, or send an "
                                           "API token as 'Authorization: Bearer …')")
            if not st.settings.public_read and not path.startswith(("/static", "/login", "/lang/")) \
                    and not path.endswith("/feed.atom") \
                    and current_user(request) is None:
                if path.startswith("/api/"):
                    return JSONResponse({"error": "sign-in required on this server"}, status_code=401)
                return Response(status_code=303, headers={"Location": "/login?" + urlencode({"next": path})})
            return None

    app.add_middleware(SessionAndHeaders)

    def _error_response(request: Request, status: int, message: str, retry_after: float | None = None) -> Response:
        headers = {"Retry-After": str(max(1, int(retry_after + 0.999)))} if retry_after else {}
        if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "") \
                or not hasattr(request.app.state, "web"):
            return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
        resp = render(request, "error.html.j2", status=status, status_code=status, message=message)
        resp.headers.update(headers)
        return resp

    @app.exception_handler(HTTPError)
    async def _http_error(request: Request, exc: HTTPError) -> Response:
        return _error_response(request, exc.status, exc.message, exc.retry_after)

    @app.exception_handler(BadQuery)
    async def _bad_query(request: Request, exc: BadQuery) -> Response:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(UnknownJurisdictionError)
    async def _bad_jur(request: Request, exc: UnknownJurisdictionError) -> Response:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(UploadRejected)
    async def _bad_upload(request: Request, exc: UploadRejected) -> Response:
        return _error_response(request, 415, str(exc))

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy) -> Response:
        return _error_response(request, 503, str(exc), retry_after=exc.retry_after)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        msg = str(exc)
        return _error_response(request, 404 if msg.startswith("no ") else 400, msg)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
            parts.append(f"{loc}: {e.get('msg')}")
        return _error_response(request, 422, "invalid request — " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _starlette(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"nothing at {request.url.path}"
        return _error_response(request, exc.status_code, msg)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error_response(request, 500, f"internal error ({type(exc).__name__}); the server log has details")

    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    @app.get("/static-vendor/vega-bundle.js", include_in_schema=False)
    def vendor_js(request: Request) -> Response:
        return Response(web(request).vendor_js(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=308, headers={"Location": "/static/favicon.svg"})

    from policyscope.web import api, cite, coverage, maps, pages

    app.include_router(api.router)
    app.include_router(cite.router)
    app.include_router(pages.router)
    app.include_router(coverage.router)  # /coverage and its JSON twin (analysis/coverage.py)
    app.include_router(maps.router)  # /map, /api/v1/map and the bundled atlas
    from policyscope.web import watch_routes

    app.include_router(watch_routes.router)  # /watchlists, feeds, /api/v1/watchlists (web/watch_routes.py)
    return app
