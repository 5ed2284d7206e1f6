"""Assembles the FastAPI application from its parts; nothing here answers a request itself.

Layers: routers (``api``, ``pages``, ``cite``, ``coverage``) → request dependencies (``deps``) and services
(``services/``) → the store. ``state`` holds what requests share, ``middleware`` sessions and early refusals,
``errors`` the one error edge. See docs/web.md."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from policyscope.web import api, cite, coverage, errors, maps, pages, watch_routes
from policyscope.web.deps import web
from policyscope.web.middleware import SessionAndHeaders
from policyscope.web.rendering import cite_block
from policyscope.web.services import reports as report_service
from policyscope.web.services import search, warmup
from policyscope.web.settings import WebSettings
from policyscope.web.state import WEB_DIR, WebState

__all__ = ["WEB_DIR", "create_app"]

DESCRIPTION = ("Open bilingual (中文/English) observatory of technology policy and innovation. Reading is public "
               "unless the server says otherwise; writing needs a signed-in editor or an API token "
               "(`Authorization: Bearer …`). Every HTML page has a JSON twin under /api/v1.")


def start_state(settings: WebSettings) -> WebState:
    """The shared state: snapshots watched (and warmed when stable), the search index made if missing, the
    chart bundle built in the background, worker threads limited (more than a few per core only fight over
    the GIL)."""
    st = WebState(settings)
    st.env.globals["cite_block"] = cite_block
    st.snapshots.on_stable = warmup.warm_all if settings.warm_pages else search.warm
    st.snapshots.start()
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
    if not settings.read_only:
        st.ensure_search_index()
    threading.Thread(target=st.vendor_js, name="policyscope-vendor-js", daemon=True).start()
    threading.Thread(target=prepare_pages, args=(st,), name="policyscope-templates", daemon=True).start()
    return st


def prepare_pages(st: WebState) -> None:
    """Compile every template and import the report toolchain in the background: a page's first request
    otherwise paid its template's compilation (0.3–1 s) and the reports page the toolchain's import (≈ 7 s)."""
    for name in st.env.list_templates(extensions=["j2"]):
        st.env.get_template(name)
    report_service.available()


def lifespan_for(settings: WebSettings) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """Open the database (snapshot it) when the app starts, close everything when it stops."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.web = start_state(settings)
        try:
            yield
        finally:
            app.state.web.close()

    return lifespan


def add_static(app: FastAPI) -> None:
    """Our own CSS, scripts and the Vega bundle (no CDN)."""
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    @app.get("/static-vendor/vega-bundle.js", include_in_schema=False)
    def vendor_js(request: Request) -> Response:
        return Response(web(request).vendor_js(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=308, headers={"Location": "/static/favicon.svg"})


def add_routers(app: FastAPI) -> None:
    """The API first, then the pages (their paths do not overlap; order only matters for the docs)."""
    for router in (api.router, cite.router, pages.router, coverage.router, maps.router, watch_routes.router):
        app.include_router(router)


def create_app(settings: WebSettings) -> FastAPI:
    """The application; the database is opened (snapshotted) when the app starts."""
    app = FastAPI(title="policyscope API", version="1", lifespan=lifespan_for(settings), docs_url=None,
                  redoc_url=None, description=DESCRIPTION)
    app.add_middleware(SessionAndHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # the 900 KB chart bundle travels as ~250 KB
    errors.install(app)
    add_static(app)
    add_routers(app)
    return app


