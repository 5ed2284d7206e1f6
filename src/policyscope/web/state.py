"""What every request shares, kept on ``app.state.web``: settings, the database snapshots and the writer,
sessions, rate limits, jobs and the template environment. Built when the app starts, closed when it stops."""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, pass_context

from policyscope import __version__
from policyscope.model.numbers import format_number
from policyscope.store.database import Database
from policyscope.web import i18n, pickers
from policyscope.web.auth import Sessions
from policyscope.web.jobs import Jobs
from policyscope.web.security import TokenBucket, parse_networks
from policyscope.web.settings import WebSettings
from policyscope.web.snapshots import Snapshots, Writer, make_work_dir

log = logging.getLogger("policyscope.web")
WEB_DIR = Path(str(resources.files("policyscope.web")))


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
        self.env = make_env(settings)

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


def make_env(settings: WebSettings) -> Environment:
    """The Jinja2 environment (autoescaped) with the label helpers; the app adds ``cite_block`` when it starts."""
    env = Environment(loader=FileSystemLoader(str(WEB_DIR / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=i18n.t, word=i18n.word, label=i18n.label, jname=i18n.jname, event_title=i18n.event_title,
                       version=__version__, settings=settings)
    env.globals.update(pickers.GLOBALS)
    env.filters["qs"] = lambda d: urlencode([(k, v) for k, v in d.items() if v not in (None, "", [])], doseq=True)
    env.filters["num"] = pass_context(lambda ctx, v, digits=2: format_number(v, ctx.get("lang", "zh"), digits))
    return env


_VENDOR_LOCK = threading.Lock()
_VENDOR: list[bytes] = []


def vendor_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed, bundled by the installed vl-convert package (no CDN); built once."""
    with _VENDOR_LOCK:
        if not _VENDOR:
            import vl_convert

            _VENDOR.append(vl_convert.javascript_bundle().encode("utf-8"))
        return _VENDOR[0]
