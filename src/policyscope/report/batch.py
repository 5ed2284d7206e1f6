"""Rendering the languages of one build side by side, one worker process per language.

A flagship build spends most of its time in work that one Python process does on one core: vl-convert
renders the figures on a single runtime (a pool of threads measured no faster), WeasyPrint lays out the PDF
under the GIL, python-docx writes the Word file and LibreOffice paginates it. The two languages share nothing
once their report objects exist, so each language's report is handed to a worker process that renders its
charts and formats while the main process goes on to the next language's analyses (which reuse the first
language's analysis calls, see ``narrative.memoised``).

Measured on the 2-core machine with the other core idle (load ≈ 1.5, ``bench/reports.py``, docs/reports.md §
Speed): the flagship in zh + en × four formats took 21.3 s cold and 13.4 s as a rebuild with two workers,
against 31.1 s and 22.9 s in one process; with both cores busy with other work (load 2.5–4) workers were
5–10 % slower. ``policyscope report build`` uses them when it builds several languages on a machine with two
or more cores (:func:`default_workers`); ``--workers 0`` renders in its own process.

The workers come from a ``forkserver``: a clean process started before the database is opened, which
imports the renderers (WeasyPrint, python-docx, vl-convert: seconds of imports) while the main process runs
the analyses, and forks each worker from there — so no worker inherits the database connection or its
threads, and none pays the imports again. The report object travels to the worker pickled (pydantic). The
calling program's main module must be importable without side effects (``if __name__ == "__main__"``).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from policyscope.report.model import Report

# imported once by the fork server, inherited by every worker
PRELOAD = ["policyscope.report.render", "policyscope.report.render.docx", "policyscope.report.render.pdf",
           "weasyprint", "vl_convert"]


@dataclass
class Rendered:
    """What a worker wrote, and how long each step took there (charts, then each format)."""

    lang: str
    paths: list[Path]
    timings: dict[str, float] = field(default_factory=dict)


def render_timed(report: Report, formats: list[str], out_dir: Path, basename: str,
                 cache_dir: Path | None = None) -> Rendered:
    """Charts once (from the figure cache in ``cache_dir`` when given), then each format; in a worker or not."""
    from policyscope.report.render import render
    from policyscope.report.render.common import FigureCache, Images

    images = Images(report, FigureCache(cache_dir) if cache_dir else None)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    images.prepare(png=bool({"docx", "md"} & set(formats)))
    timings["charts"] = time.perf_counter() - t
    paths: list[Path] = []
    for f in formats:
        t = time.perf_counter()
        paths += render(report, [f], out_dir, basename, images=images)
        timings[f] = time.perf_counter() - t
    return Rendered(report.lang, paths, timings)


def default_workers(languages: int) -> int:
    """One worker per language when several are built and the machine has a core for each (else none)."""
    if languages < 2:
        return 0
    return min(languages, os.cpu_count() or 1) if (os.cpu_count() or 1) >= 2 else 0


class RenderPool:
    """Worker processes rendering reports (one language each) while the caller builds the next one::

        with RenderPool() as pool:
            jobs = [pool.submit(build_report(db, "flagship", lang), formats, out, "flagship") for lang in langs]
            paths = [p for j in jobs for p in j.result().paths]

    ``workers=0`` renders in the calling process at submit (no processes: one language, or a test)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = min(2, os.cpu_count() or 1) if workers is None else workers
        self._ex: ProcessPoolExecutor | None = None
        if self.workers > 0:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            from multiprocessing import forkserver

            forkserver.ensure_running()  # starts importing the renderers now, beside the caller's analyses
            self._ex = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def submit(self, report: Report, formats: list[str], out_dir: Path, basename: str,
               cache_dir: Path | None = None) -> Future[Rendered]:
        if self._ex is None:
            done: Future[Rendered] = Future()
            try:
                done.set_result(render_timed(report, formats, out_dir, basename, cache_dir))
            except BaseException as exc:  # the caller sees it at .result(), as with a worker
                done.set_exception(exc)
            return done
        return self._ex.submit(render_timed, report, formats, out_dir, basename, cache_dir)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._ex is not None:
            self._ex.shutdown(wait=True, cancel_futures=exc is not None)
