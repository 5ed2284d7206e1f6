"""How the server reads and writes the database without ever showing a half-written state or a lock error.

DuckDB lets one process write a file, and a process that holds the file (even read-only) stops every other
process from opening it for writing. The CLI (``ingest``, ``review``, ``build``) must keep working while the
server runs, so the server never keeps the database file open:

* **Reads** go to a private *snapshot*: a byte copy of the database file (and its WAL) taken without any
  lock. The copy is accepted only if the files' (inode, size, mtime) did not change while copying — a
  point-in-time image, which DuckDB recovers like a crash image: exactly the committed transactions. The
  snapshot is opened in this process only; every request gets its own cursor on it. A watcher thread takes a
  new snapshot when the file changes (``build``'s atomic ``os.replace`` changes the inode) and swaps it in
  with one reference assignment, so a request sees either the old or the new state, never a mix.
* **Writes** from the web (review decisions, uploads, users) go through one writer thread that opens the
  real file read-write, runs one transaction, closes it, and refreshes the snapshot (read-your-writes). If
  another process holds the file, the writer waits and retries; a person sees "busy, try again", never a
  DuckDB lock message.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import duckdb

from policyscope.store.database import Database, StoreBusy, StoreError, StoreNotFound

log = logging.getLogger("policyscope.web")
T = TypeVar("T")

Signature = tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]
# snapshot numbers are unique in the process, not per database: caches keyed by the number (search results,
# page views) must never mistake another database's (or a restarted app's) snapshot for this one
_NUMBERS = itertools.count(1)


class BusyError(StoreBusy):
    """Another process kept the database for writing longer than we were willing to wait."""


def _stat(p: Path) -> tuple[int, int, int] | None:
    try:
        st = p.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_signature(path: Path) -> Signature:
    return (_stat(path), _stat(Path(str(path) + ".wal")))


class SnapshotDatabase(Database):
    """A :class:`Database` over one cursor of a snapshot, so analysis functions run unchanged."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, path: Path, snapshot_number: int = 0) -> None:  # noqa: D107
        self.path = path
        self.read_only = True
        self.con = cursor
        self.snapshot_number = snapshot_number


class Snapshot:
    """One opened copy; closed when it has been replaced and the last request using it has finished."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, sig: Signature, number: int) -> None:
        self.con, self.path, self.sig, self.number = con, path, sig, number
        self.taken_at = time.time()
        self._users = 0
        self._retired = False
        self._lock = threading.Lock()

    def acquire(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            self._users += 1
        return self.con.cursor()

    def release(self, cur: duckdb.DuckDBPyConnection) -> None:
        cur.close()
        with self._lock:
            self._users -= 1
            done = self._retired and self._users == 0
        if done:
            self._close()

    def retire(self) -> None:
        with self._lock:
            self._retired = True
            done = self._users == 0
        if done:
            self._close()

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()
        for p in (self.path, Path(str(self.path) + ".wal")):
            p.unlink(missing_ok=True)


class Snapshots:
    """The current snapshot of the database file, refreshed by a watcher thread."""

    def __init__(self, db_path: Path, work_dir: Path, poll_seconds: float = 1.0) -> None:
        self.db_path = Path(db_path)
        self.dir = work_dir / "snapshots" / str(os.getpid())  # one folder per server process
        self.dir.mkdir(parents=True, exist_ok=True)
        self.poll_seconds = poll_seconds
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.current: Snapshot | None = None
        self.refresh_count = 0
        self.failed_copies = 0
        # called once per snapshot when it has stayed current for ``stable_seconds`` (e.g. to warm caches),
        # in its own thread, with a ``stop()`` that turns true when the snapshot is replaced or the server stops
        self.on_stable: Callable[[Database, Callable[[], bool]], object] | None = None
        self.stable_seconds = 10.0
        self._warmed: int | None = None
        self.warm_done: int | None = None
        if not self.db_path.exists():
            raise StoreNotFound(f"database {self.db_path} does not exist; run `policyscope build` first")
        if not self.refresh(force=True):
            raise StoreError(f"could not take a consistent snapshot of {self.db_path}; is a writer running?")

    def _copy(self) -> tuple[Path, Signature] | None:
        """Copy db (+wal) and check nothing changed meanwhile; None if it did (retry later)."""
        n = next(_NUMBERS)
        dst = self.dir / f"snap-{n}.duckdb"
        for attempt in range(6):
            before = file_signature(self.db_path)
            if before[0] is None:
                return None
            try:
                shutil.copyfile(self.db_path, dst)
                wal = Path(str(self.db_path) + ".wal")
                dst_wal = Path(str(dst) + ".wal")
                dst_wal.unlink(missing_ok=True)
                if before[1] is not None:
                    shutil.copyfile(wal, dst_wal)
            except FileNotFoundError:  # swapped or checkpointed while copying
                before = None  # type: ignore[assignment]
            if before is not None and file_signature(self.db_path) == before:
                return dst, before
            self.failed_copies += 1
            time.sleep(0.02 * 2**attempt)
        dst.unlink(missing_ok=True)
        Path(str(dst) + ".wal").unlink(missing_ok=True)
        return None

    def up_to_date(self) -> bool:
        """The current snapshot holds every write the file holds (its signature is the file's)."""
        return self.current is not None and file_signature(self.db_path) == self.current.sig

    def refresh(self, force: bool = False) -> bool:
        """Take a new snapshot if the file changed (or ``force``); keep the old one if that fails."""
        with self._refresh_lock:
            sig = file_signature(self.db_path)
            if not force and self.current is not None and sig == self.current.sig:
                return False
            copied = self._copy()
            if copied is None:
                return False
            path, sig = copied
            try:
                con = duckdb.connect(str(path))  # private file: replays its WAL copy
                con.execute("CHECKPOINT")
                con.execute("SET memory_limit = '1GB'")
                # requests run side by side, one query each: intra-query threads only add contention
                # (measured: a BM25 search 127 → 59 ms with one thread)
                con.execute("SET threads = 1")
                con.execute("SELECT count(*) FROM main.events").fetchone()
            except duckdb.Error as exc:
                log.warning("snapshot of %s unusable (%s); keeping the previous one", self.db_path, exc)
                with contextlib.suppress(Exception):
                    con.close()
                path.unlink(missing_ok=True)
                return False
            new = Snapshot(con, path, sig, next(_NUMBERS))
            old, self.current = self.current, new
            self.refresh_count += 1
        if old is not None:
            old.retire()
        return True

    @contextlib.contextmanager
    def database(self) -> Iterator[Database]:
        """A read-only view of the latest snapshot for the length of one request."""
        snap = self.current
        assert snap is not None
        cur = snap.acquire()
        try:
            yield SnapshotDatabase(cur, self.db_path, snap.number)
        finally:
            snap.release(cur)

    def _watch(self) -> None:
        # the first look is immediate: the snapshot taken when the app was made may be older than the app's
        # start by as long as a loaded machine takes to import and build it
        wait = 0.0
        while not self._stop.wait(wait):
            wait = self.poll_seconds
            try:
                self.refresh()
            except Exception:  # the watcher must survive anything; the old snapshot keeps serving
                log.exception("snapshot refresh failed")
            snap = self.current
            if (self.on_stable is not None and snap is not None and self._warmed != snap.number
                    and time.time() - snap.taken_at >= self.stable_seconds):
                self._warmed = snap.number
                threading.Thread(target=self._run_stable, args=(snap,), name="policyscope-warm", daemon=True).start()

    def _run_stable(self, snap: Snapshot) -> None:
        assert self.on_stable is not None
        if self.current is not snap:
            return
        cur = snap.acquire()
        try:
            t0 = time.perf_counter()
            n = self.on_stable(SnapshotDatabase(cur, self.db_path, snap.number),
                               lambda: self.current is not snap or self._stop.is_set())
            self.warm_done = snap.number
            log.info("snapshot %s warmed (%s) in %.1f s", snap.number, n, time.perf_counter() - t0)
        except Exception:
            log.exception("warming snapshot %s failed", snap.number)
        finally:
            snap.release(cur)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="policyscope-snapshots", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.current is not None:
            self.current.retire()
        shutil.rmtree(self.dir, ignore_errors=True)


class Writer:
    """The one thread that writes to the database file on behalf of the web."""

    def __init__(self, db_path: Path, snapshots: Snapshots, wait_seconds: float = 30.0) -> None:
        self.db_path = Path(db_path)
        self.snapshots = snapshots
        self.wait_seconds = wait_seconds
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policyscope-writer")

    def _open(self) -> Database:
        """Open read-write, waiting for a build's lock and for DuckDB's own file lock (a command-line writer)
        only as long as this request may wait; then a :class:`BusyError` (503) that says nothing was changed."""
        wait = self.wait_seconds
        try:
            return Database(self.db_path, lock_wait=wait, file_wait=wait)
        except StoreBusy as exc:
            raise BusyError(f"{exc}; nothing was changed — please try again in a moment") from None

    def _run(self, fn: Callable[[Database], T]) -> T:
        db = self._open()
        try:
            result = fn(db)
        finally:
            db.close()
        self.snapshots.refresh(force=True)
        return result

    def submit(self, fn: Callable[[Database], T]) -> Future[T]:
        """Queue a write; ``fn`` gets a read-write :class:`Database` and must use ``db.transaction()``."""
        return self._pool.submit(self._run, fn)

    def run(self, fn: Callable[[Database], T], timeout: float | None = None) -> T:
        return self.submit(fn).result(timeout=timeout)

    def stop(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)


def make_work_dir(configured: Path | None) -> tuple[Path, bool]:
    """The server's scratch folder; returns (path, created_by_us)."""
    if configured is not None:
        configured.mkdir(parents=True, exist_ok=True)
        return configured, False
    return Path(tempfile.mkdtemp(prefix="policyscope-serve-")), True

