"""Background jobs (document ingest, report builds) with progress that the pages poll.

Each job is also written to ``<work dir>/jobs/<id>.json`` on every change, so that with several server
processes (``serve --workers N``) a progress page polled through any of them finds the job."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from policyscope.errors import PolicyscopeError


class Job(BaseModel):
    id: str
    kind: str
    owner: str | None = None
    status: str = "queued"  # queued, running, done, failed
    progress: float = 0.0
    message: str = ""
    result: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    created: float = Field(default_factory=time.time)
    finished: float | None = None
    _folder: Path | None = PrivateAttr(default=None)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if not name.startswith("_"):
            self.save()

    def save(self) -> None:
        """Write the job beside the other server processes' (atomically: temp file, then rename)."""
        folder = self._folder
        if folder is None:
            return
        tmp = folder / f".{self.id}.{os.getpid()}.{threading.get_ident()}.tmp"
        with contextlib.suppress(OSError):
            tmp.write_text(self.model_dump_json(), encoding="utf-8")
            tmp.replace(folder / f"{self.id}.json")


class Jobs:
    """Jobs in memory (they are short; their results live in the database or in files)."""

    def __init__(self, folder: Path | None = None, keep: int = 200) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.keep = keep
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def new(self, kind: str, owner: str | None) -> Job:
        job = Job(id=secrets.token_hex(8), kind=kind, owner=owner)
        job._folder = self.folder
        job.save()
        with self._lock:
            self._jobs[job.id] = job
            if len(self._jobs) > self.keep:
                for k in sorted(self._jobs, key=lambda k: self._jobs[k].created)[: len(self._jobs) - self.keep]:
                    del self._jobs[k]
        return job

    def get(self, job_id: str) -> Job | None:
        """This process's job, or one another server process wrote (ids are 16 hex digits)."""
        job = self._jobs.get(job_id)
        if job is not None or self.folder is None or not re.fullmatch(r"[0-9a-f]{16}", job_id):
            return job
        try:
            return Job.model_validate_json((self.folder / f"{job_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def all(self) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)

    @staticmethod
    def progress_callback(job: Job) -> Callable[..., None]:
        def cb(done: float, total: float | None = None, message: str | None = None) -> None:
            job.status = "running"
            job.progress = max(0.0, min(1.0, done / total if total else done))
            if message:
                job.message = message

        return cb

    @staticmethod
    def track(job: Job, future: Future[Any], on_done: Callable[[Any], dict[str, Any]] | None = None) -> None:
        def finish(f: Future[Any]) -> None:
            exc = f.exception()
            if exc is not None:
                job.status = "failed"
                job.error = str(exc) or type(exc).__name__
                if not isinstance(exc, PolicyscopeError):  # a bug: say which exception it was
                    job.message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            else:
                job.result = on_done(f.result()) if on_done else (f.result() or {})
                job.status = "done"
                job.progress = 1.0
            job.finished = time.time()

        future.add_done_callback(finish)
