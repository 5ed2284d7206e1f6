"""One lock per database file, so that ``build`` and the writers never interleave.

``build`` writes a new file and swaps it in with ``os.replace``; a write committed to the old file after
build read it would vanish with the old file. So every read-write :class:`~policyscope.store.Database`
holds ``<db>.lock`` *shared* while it is open, and ``build`` holds it *exclusive* from the moment it reads
the previous file until the new one is in place. A writer that arrives during that window waits (bounded)
and then is refused with :class:`StoreBusy` — it is never told "done" for a write that is then dropped.

The lock is an OS advisory lock (``fcntl.flock``) on a small file beside the database that is never
replaced, so it survives the swap and is released by the kernel when a process dies (``kill -9`` included).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from policyscope.settings import settings
from policyscope.store.errors import StoreBusy

__all__ = ["StoreBusy", "lock_path", "write_lock"]


def default_wait() -> float:
    return settings().lock_wait


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """``<db>.lock`` beside the database file."""
    return Path(str(db_path) + ".lock")


def _holder(fd: int) -> str:
    try:
        raw = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        info = json.loads(raw) if raw else {}
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict) or not info:
        return ""
    return f"{info.get('purpose', 'a build')} (pid {info.get('pid', '?')}, since {info.get('since', '?')})"


@contextmanager
def write_lock(db_path: str | os.PathLike[str], *, exclusive: bool = False, wait: float | None = None,
               purpose: str = "write", refusal: str | None = None) -> Iterator[None]:
    """Hold the database's lock: shared for writers (many may hold it), exclusive for ``build``.

    Waits up to ``wait`` seconds (default ``POLICYSCOPE_LOCK_WAIT`` or 120), then raises :class:`StoreBusy`
    naming the holder (or ``refusal``). Use it around any code that writes the database file without a
    :class:`~policyscope.store.Database` (which takes it by itself)::

        with write_lock(db_path):
            ...  # open, write, commit, close
    """
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, exclusive, default_wait() if wait is None else wait, purpose, refusal)
        try:
            if exclusive:
                note = json.dumps({"purpose": purpose, "pid": os.getpid(),
                                   "since": datetime.now(UTC).isoformat(timespec="seconds")})
                os.ftruncate(fd, 0)
                os.pwrite(fd, note.encode(), 0)
            yield
        finally:
            if exclusive:
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, exclusive: bool, wait: float, purpose: str, refusal: str | None) -> None:
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if time.monotonic() >= deadline:
            break
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.5)
    db = str(path)[: -len(".lock")]
    if refusal:
        holder = _holder(fd)
        raise StoreBusy(f"busy: {refusal}" + (f" ({holder})" if holder else ""))
    if exclusive:
        raise StoreBusy(f"busy: the database {db} is open for writing by another process (an ingest, a review, "
                        f"an import or the web server); {purpose} did not change anything — try again when it "
                        f"has finished (waited {wait:g} s; lock {path})")
    holder = _holder(fd) or "a build"
    raise StoreBusy(f"busy: a build is running on {db}: {holder}; nothing was written — try again when it has "
                    f"finished (waited {wait:g} s; lock {path})")
