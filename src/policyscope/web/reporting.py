"""Report and newsletter builds from the web: a job that calls the report stage's builder on a snapshot."""

from __future__ import annotations

import importlib
import inspect
import re
import threading
from datetime import UTC, datetime
from typing import Any

from policyscope.web.auth import User
from policyscope.web.jobs import Job

_LOCK = threading.Lock()  # one report build at a time (they are CPU-heavy)


def _builder() -> Any | None:
    for mod_name in ("policyscope.report.build", "policyscope.report.builder", "policyscope.report"):
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError:
            continue
        for fn_name in ("build_report", "build"):
            fn = getattr(mod, fn_name, None)
            if callable(fn):
                return fn
    return None


def available() -> bool:
    return _builder() is not None


def kinds() -> list[str]:
    try:
        mod = importlib.import_module("policyscope.report.build")
    except ModuleNotFoundError:
        return ["flagship", "newsletter"]
    k = getattr(mod, "KINDS", None) or getattr(mod, "REPORT_KINDS", None)
    return list(k) if k else ["flagship", "newsletter"]


def start(st: Any, user: User, kind: str, lang: str, fmt: str, period: str | None) -> Job:
    """Queue a build; the file lands in the reports folder and is listed on /reports."""
    from policyscope.web.queries import BadQuery

    fn = _builder()
    if fn is None:
        raise BadQuery("the report builder is not installed in this version")
    if kind not in kinds():
        raise BadQuery(f"kind={kind!r} is unknown; kinds: {', '.join(kinds())}")
    if period is not None and not re.fullmatch(r"\d{4}(-\d{2})?(:\d{4}(-\d{2})?)?", period):
        raise BadQuery(f"period={period!r} must look like 2024, 2024-05 or 2024-01:2024-06")
    job = st.jobs.new("report", user.name)
    job.message = f"{kind} ({lang}, {fmt}) queued"
    st.reports_dir.mkdir(parents=True, exist_ok=True)

    def run() -> dict[str, Any]:
        with _LOCK:
            job.status, job.progress, job.message = "running", 0.2, f"building {kind} ({lang}, {fmt})"
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            out = st.reports_dir / f"{kind}-{lang}-{period or 'latest'}-{stamp}.{fmt}".replace(":", "_")
            params = inspect.signature(fn).parameters
            wanted = {"kind": kind, "lang": lang, "fmt": fmt, "format": fmt, "out": out, "path": out,
                      "period": period, "year": int(period[:4]) if period else None}
            kwargs = {k: v for k, v in wanted.items() if k in params and v is not None}
            with st.db() as db:
                result = fn(db, **kwargs)
            path = out if out.exists() else (result if hasattr(result, "exists") and result.exists() else None)
            if path is None:
                raise RuntimeError("the report builder did not write a file")
            return {"name": path.name, "url": f"/api/v1/reports/{path.name}", "bytes": path.stat().st_size}

    t_job = job

    def thread() -> None:
        from concurrent.futures import Future

        fut: Future[dict[str, Any]] = Future()
        st.jobs.track(t_job, fut)
        try:
            fut.set_result(run())
        except BaseException as exc:  # reported on the job page
            fut.set_exception(exc)

    threading.Thread(target=thread, name=f"report-{job.id}", daemon=True).start()
    return job
