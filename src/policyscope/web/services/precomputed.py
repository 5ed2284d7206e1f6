"""Views computed once per database content and kept on disk, so a page's first view answers from a file.

A page view (a profile, compare, the network, the home page's figures…) is a pure function of the database's
content, the code and its arguments. Two levels keep it:

* **memory**, keyed by the snapshot number: a snapshot never changes, so the result is exact until the next;
* **disk**, keyed by the *content stamp*: a hash of every row of the ``core`` tables (``count`` and
  ``bit_xor(hash(row))`` per table, ~0.3 s once per snapshot) and of the package's source files. The files live
  in ``<db>.views/<stamp>/`` — beside the database, like the search index — written under a temporary name and
  renamed, so a reader sees a whole file or none. An ingest, a review decision or a ``build`` changes a row, so
  the stamp changes and the old files are simply not read again (the newest few directories are kept); a
  restart, or a second ``--workers`` process, on an unchanged database reads them back instead of recomputing.

Files are pickles written by this server for itself (the exact Python values, so a cached view equals a fresh
one); a directory that cannot be written is skipped and the views stay in memory only. A :class:`Database`
opened outside the server (no snapshot number: the CLI, reports) is never cached.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import shutil
import threading
import uuid
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from policyscope.settings import settings
from policyscope.store.database import Database
from policyscope.web.services.search import SnapshotCache

log = logging.getLogger("policyscope.web")
F = TypeVar("F", bound=Callable[..., Any])
KEEP_DIRS = 3  # stamp directories kept beside a database: the current one and two older
MAX_FILES = 20_000  # view files per stamp directory (≈ 1 GB at the largest views' 50 KB); beyond: memory only
_FILE_COUNTS: dict[Path, int] = {}
_COUNT_LOCK = threading.Lock()
STATS = {"memory_hits": 0, "disk_hits": 0, "computed": 0, "written": 0, "not_written": 0}

_STAMPS: dict[int, str] = {}  # snapshot number → content stamp
_STAMP_LOCK = threading.Lock()


@functools.cache
def code_stamp() -> str:
    """A hash of the package's files (code, names, taxonomies; not the templates, static files and bundled
    source data, which views do not hold or the database already reflects): views of other code are never read."""
    h = hashlib.sha256()
    root = Path(str(resources.files("policyscope")))
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        skip = {"__pycache__", "static", "templates"} & set(rel.parts) or p.suffix in (".pyc", ".parquet")
        if p.is_file() and not skip:
            h.update(str(rel).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def content_stamp(db: Database) -> str:
    """A hash of every row of the ``core`` tables (what any view reads; a document by its id, the hash of its
    file, not its text) and of the code; once per snapshot, however many requests arrive together on it."""
    snap = getattr(db, "snapshot_number", None)
    with _STAMP_LOCK:
        if snap is not None and snap in _STAMPS:
            return _STAMPS[snap]
        stamp = _content_hash(db)
        if snap is not None:
            if len(_STAMPS) > 16:
                _STAMPS.clear()
            _STAMPS[snap] = stamp
    return stamp


def _content_hash(db: Database) -> str:
    columns: dict[str, list[str]] = {}
    for t, c in db.con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'core' "
            "AND database_name = current_database() ORDER BY table_name, column_index").fetchall():
        if not (t == "document" and c == "text"):
            columns.setdefault(t, []).append(c)
    h = hashlib.sha256(code_stamp().encode())
    for t, cols in columns.items():
        row = ", ".join(f'"{c}"' for c in cols)
        n, x = db.con.execute(f'SELECT count(*), bit_xor(hash({row})) FROM core."{t}"').fetchone() or (0, None)
        h.update(f"{t}:{n}:{x};".encode())
    return h.hexdigest()[:24]


def views_root(db: Database) -> Path:
    """Where the view files of this database live: ``<db>.views`` (``POLICYSCOPE_VIEWS_DIR`` overrides)."""
    return settings().views_dir or Path(f"{db.path}.views")


def _file(db: Database, key: str) -> Path:
    return views_root(db) / content_stamp(db) / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pkl")


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 — our own file, written by this server beside its database
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def _room(folder: Path) -> bool:
    """Whether one more view file may go into ``folder``: a view is kept for any parameters a visitor sends, so
    without a bound a crawler of compare sets or searches could fill the disk (memory is bounded per function)."""
    with _COUNT_LOCK:
        if folder not in _FILE_COUNTS:
            _FILE_COUNTS[folder] = sum(1 for _ in folder.glob("*.pkl")) if folder.is_dir() else 0
        if _FILE_COUNTS[folder] >= MAX_FILES:
            return False
        _FILE_COUNTS[folder] += 1
        return True


def _write(path: Path, value: Any) -> None:
    if not _room(path.parent):
        STATS["not_written"] += 1
        return
    try:
        new_dir = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        STATS["written"] += 1
        if new_dir:
            prune(path.parent.parent)
    except OSError as exc:  # a read-only folder: memory only
        log.debug("view not written to %s: %s", path, exc)


def prune(root: Path, keep: int = KEEP_DIRS) -> None:
    """Keep the ``keep`` most recently made stamp directories."""
    with contextlib.suppress(OSError):
        dirs = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in dirs[keep:]:
            shutil.rmtree(old, ignore_errors=True)


def per_snapshot(fn: F | None = None, *, persist: bool = True, size: int = 256) -> Any:
    """Remember a view's result for the snapshot it was computed on (memory) and for the database content
    (disk, unless ``persist=False``). Arguments must have a stable ``repr``; callers treat the result as
    read-only; exceptions are not kept."""

    def deco(f: F) -> F:
        cache = SnapshotCache(size)
        name = f"{f.__module__}.{f.__qualname__}"

        @functools.wraps(f)
        def wrapper(db: Database, *args: Any) -> Any:
            snap = getattr(db, "snapshot_number", None)
            if snap is None:
                return f(db, *args)
            key = (snap, repr(args))
            hit = cache.get(key)
            if hit is not None:
                STATS["memory_hits"] += 1
                return hit
            path = _file(db, f"{name}{key[1]}") if persist else None
            hit = _read(path) if path is not None else None
            if hit is None:
                hit = f(db, *args)
                STATS["computed"] += 1
                if path is not None:
                    _write(path, hit)
            else:
                STATS["disk_hits"] += 1
            cache.put(key, hit)
            return hit

        return wrapper  # type: ignore[return-value]

    return deco(fn) if fn is not None else deco


_CALLS: dict[Callable[..., Any], Callable[..., Any]] = {}
_CALLS_LOCK = threading.Lock()


def cached_call(db: Database, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(db, *args)`` kept per snapshot and content like :func:`per_snapshot`, for a read function defined
    elsewhere (the pages' lists and summaries). The result is shared: callers must not change it."""
    with _CALLS_LOCK:
        wrapped = _CALLS.get(fn)
        if wrapped is None:
            wrapped = _CALLS[fn] = per_snapshot(fn)
    return wrapped(db, *args)
