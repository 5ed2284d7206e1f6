"""Report and newsletter builds from the web: a background job that makes the same call as
`policyscope report build` (``build_report`` then ``report.render.render``) on a snapshot of the database,
and writes into the reports folder (by default ``out/`` beside the database, where `make run` puts them)."""

from __future__ import annotations

import re
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policyscope.errors import NotFound
from policyscope.web.auth import User
from policyscope.web.jobs import Job
from policyscope.web.services.reads import BadQuery, parse_date, resolve_many

if TYPE_CHECKING:
    from policyscope.web.state import WebState

KINDS = ("flagship", "country", "compare", "newsletter")
REPORT_RE = re.compile(r"^[\w.-]+\.(pdf|docx|html|md|zip)$", re.UNICODE)  # what may be listed and downloaded
_LOCK = threading.Lock()  # one report build at a time: they are CPU-heavy and the server has other work


def available() -> bool:
    try:
        from policyscope.report.builder import build_report  # noqa: F401
        from policyscope.report.render import render  # noqa: F401
    except ImportError:
        return False
    return True


def kinds() -> list[str]:
    return list(KINDS)


def _checked(kind: str, lang: str, fmt: str, jurisdictions: list[str] | None) -> list[str]:
    """The jurisdiction codes of a valid request; :class:`BadQuery` naming the first thing wrong."""
    if not available():
        raise BadQuery("the report builder is not installed in this version")
    if kind not in KINDS:
        raise BadQuery(f"kind={kind!r} is unknown; kinds: {', '.join(KINDS)}")
    if lang not in ("zh", "en") or fmt not in ("html", "pdf", "docx", "md"):
        raise BadQuery("lang must be zh or en and format html, pdf, docx or md")
    juris = resolve_many(jurisdictions or [])
    if kind == "country" and not juris:
        raise BadQuery("a country report needs a jurisdiction")
    if kind == "compare" and len(juris) < 2:
        raise BadQuery("a comparison report needs at least two jurisdictions")
    return juris


def _period(period: str | None) -> tuple[int | None, str | None, str | None]:
    """(year, first day, last day) of ``2024``, ``2024-05`` or ``2024-01:2024-06``; all None without one."""
    if not period:
        return None, None, None
    m = re.fullmatch(r"(\d{4}(?:-\d{2})?)(?::(\d{4}(?:-\d{2})?))?", period.strip())
    if not m:
        raise BadQuery(f"period={period!r} must look like 2024, 2024-05 or 2024-01:2024-06")
    return (int(m.group(1)[:4]), parse_date(m.group(1), "period"),
            parse_date(m.group(2) or m.group(1), "period", end=True))


def start(st: WebState, user: User, kind: str, lang: str, fmt: str, period: str | None,
          jurisdictions: list[str] | None = None) -> Job:
    """Queue a build; the file lands in the reports folder and is listed on /reports."""
    juris = _checked(kind, lang, fmt, jurisdictions)
    year, date_from, date_to = _period(period)
    if kind == "newsletter" and not period:
        raise BadQuery("a newsletter needs a period, e.g. 2024-05 or 2024-01:2024-03")
    job = st.jobs.new("report", user.name)
    job.message = f"{kind} ({lang}, {fmt}) queued"
    job.result = {"file": f"{kind} {lang} {fmt}"}
    out = st.reports_dir

    def run() -> dict[str, Any]:
        from policyscope.report.builder import basename, build_report
        from policyscope.report.render import render

        with _LOCK:
            job.status, job.progress, job.message = "running", 0.2, f"{kind} [{lang}]: analyses"
            with st.db() as db:
                rep = build_report(db, kind, lang, jurisdictions=juris or None,
                                   year=year if kind != "newsletter" else None, date_from=date_from,
                                   date_to=date_to)
            job.progress, job.message = 0.6, f"{kind} [{lang}]: {fmt}"
            paths = render(rep, [fmt], out, basename(kind, juris or None))
        p = paths[0]
        job.message = f"wrote {p.name}"
        return {"file": p.name, "name": p.name, "url": f"/api/v1/reports/{p.name}", "bytes": p.stat().st_size}

    fut: Future[dict[str, Any]] = Future()
    st.jobs.track(job, fut)

    def thread() -> None:
        try:
            fut.set_result(run())
        except BaseException as exc:  # shown on the job page
            fut.set_exception(exc)

    threading.Thread(target=thread, name=f"report-{job.id}", daemon=True).start()
    return job


def report_files(st: WebState) -> list[dict[str, Any]]:
    """Built reports in the reports folder, newest first (only names a download may have)."""
    if not st.reports_dir.is_dir():
        return []
    out = []
    for p in sorted(st.reports_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True):
        if p.is_file() and REPORT_RE.match(p.name):
            out.append({"name": p.name, "bytes": p.stat().st_size, "url": f"/api/v1/reports/{p.name}"})
    return out


def report_path(st: WebState, name: str) -> Path:
    """The file of a built report; :class:`NotFound` for a name that is not a report (no path tricks)."""
    p = st.reports_dir / name
    if not REPORT_RE.match(name) or not p.is_file():
        raise NotFound(f"no report named {name!r}")
    return p
