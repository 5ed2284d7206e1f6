"""Opening the DuckDB file, the write lock, transactions, and read-only SQL.

The database path comes from ``--db``, else ``POLICYSCOPE_DB``, else ``./policyscope.duckdb``.
Every write happens inside :meth:`Database.transaction` on a :class:`Database` opened read-write, and such a
Database holds the file's write lock (:func:`write_lock`, shared) for as long as it is open; ``build`` takes
the same lock exclusively from reading the previous file until the new one is swapped in, so no write can
land in a file that is about to be replaced. User SQL is parsed by DuckDB and allowed only as a query over
the published views (see :mod:`policyscope.store.readonly_sql`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from policyscope.settings import settings
from policyscope.store.errors import ReadOnlySQLError, StoreBusy, StoreError, StoreNotFound
from policyscope.store.lock import default_wait as _lock_wait
from policyscope.store.lock import write_lock
from policyscope.store.schema import migrate

DEFAULT_DB = "policyscope.duckdb"

__all__ = ["Database", "ReadOnlySQLError", "StoreBusy", "StoreError", "StoreNotFound", "check_readonly_sql", "default_db_path",
           "open_db", "write_lock"]


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` beats ``POLICYSCOPE_DB`` beats ``./policyscope.duckdb``."""
    if path:
        return Path(path)
    return settings().db or Path(DEFAULT_DB)


class Database:
    """A policyscope database file. Use :func:`open_db` for the usual path resolution."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False, create: bool = False,
                 lock_wait: float | None = None, file_wait: float = 0.0) -> None:
        """Open ``path``; read-write opens first take the write lock (waiting up to ``lock_wait`` seconds,
        default ``POLICYSCOPE_LOCK_WAIT``) and raise :class:`StoreBusy` while a build swaps the file.
        ``file_wait`` seconds are spent retrying while another process holds DuckDB's own file lock (the CLI
        waits like for the build; the web's writer thread retries by itself)."""
        self.path = Path(path)
        self.read_only = read_only
        self._lock: AbstractContextManager[None] | None = None
        if not self.path.exists() and not create:
            raise StoreNotFound(
                f"database {self.path} does not exist; run `policyscope build` (or `make build`) first"
            )
        if not read_only:
            lock = write_lock(self.path, wait=lock_wait)
            lock.__enter__()
            self._lock = lock
        try:
            self.con = self._connect(time.monotonic() + file_wait)
            if not read_only:
                migrate(self.con)
        except BaseException as exc:
            self._release()
            if isinstance(exc, duckdb.IOException):
                raise StoreError(f"cannot open database {self.path}: {exc}") from exc
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"database {self.path} is not a readable DuckDB file: {exc}") from exc
            raise

    def _connect(self, deadline: float) -> duckdb.DuckDBPyConnection:
        """Connect; while another process holds DuckDB's own file lock (a writer between its transactions, a
        reader), wait like for our lock and then say "busy" instead of DuckDB's lock message."""
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                if time.monotonic() >= deadline:
                    holder = str(exc).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
                    raise StoreBusy(f"busy: the database {self.path} is open in another process ({holder}); "
                                    "nothing was written — try again when it has finished") from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    # -- context management ---------------------------------------------------------------------------
    def _release(self) -> None:
        lock, self._lock = getattr(self, "_lock", None), None
        if lock is not None:
            lock.__exit__(None, None, None)

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            self._release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All writes go through here: either everything in the block lands, or nothing does."""
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- reading ------------------------------------------------------------------------------------
    def df(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised query and return a DataFrame."""
        return self.con.execute(query, params or []).df()

    def scalar(self, query: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(query, params or []).fetchone()
        return row[0] if row else None

    def query_readonly(self, query: str) -> pd.DataFrame:
        """User SQL in this process (the notebook): only queries over the published views, checked by DuckDB's
        parser before anything runs. The CLI's ``sql`` also disables file access: see ``run_user_sql``."""
        check_readonly_sql(query)
        try:
            return self.con.execute(query).df()
        except duckdb.Error as exc:
            raise StoreError(f"SQL error: {exc}") from exc

    def build_info(self) -> dict[str, str]:
        try:
            rows = self.con.execute("SELECT key, value FROM core.build_info").fetchall()
        except duckdb.Error:
            return {}
        return dict(rows)


def check_readonly_sql(query: str) -> None:
    """Refuse anything that is not a query over the published views (see ``readonly_sql``)."""
    from policyscope.store.readonly_sql import check_user_sql

    check_user_sql(query)


def open_db(path: str | os.PathLike[str] | None = None, read_only: bool = False,
            lock_wait: float | None = None) -> Database:
    """Open the configured database (see :func:`default_db_path`); a read-write open waits for other writers
    (``lock_wait`` seconds, default ``POLICYSCOPE_LOCK_WAIT``) and then says "busy"."""
    wait = _lock_wait() if lock_wait is None else lock_wait
    return Database(default_db_path(path), read_only=read_only, lock_wait=wait,
                    file_wait=0.0 if read_only else wait)
