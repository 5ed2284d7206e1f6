"""Opening the DuckDB file, transactions, and read-only SQL.

The database path comes from ``--db``, else ``POLICYSCOPE_DB``, else ``./policyscope.duckdb``.
Every write happens inside :meth:`Database.transaction`; user SQL runs on a read-only connection and is
refused before execution unless every statement is a query.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from policyscope.store.schema import migrate

DEFAULT_DB = "policyscope.duckdb"


class StoreError(RuntimeError):
    """A database problem explained for a person: which file, what went wrong."""


class ReadOnlySQLError(StoreError):
    """A statement that would write was sent through the read-only SQL interface."""


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` beats ``POLICYSCOPE_DB`` beats ``./policyscope.duckdb``."""
    if path:
        return Path(path)
    env = os.environ.get("POLICYSCOPE_DB")
    return Path(env) if env else Path(DEFAULT_DB)


_READ_TYPES = {"SELECT", "EXPLAIN", "PRAGMA"}


class Database:
    """A policyscope database file. Use :func:`open_db` for the usual path resolution."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False, create: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if not self.path.exists() and not create:
            raise StoreError(
                f"database {self.path} does not exist; run `policyscope build` (or `make build`) first"
            )
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"database {self.path} is not a readable DuckDB file: {exc}") from exc
        if not read_only:
            migrate(self.con)

    # -- context management ---------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

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
        """User SQL: only SELECT-like statements; anything else is refused before it runs."""
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
    """Refuse anything that is not a query (INSERT, COPY, ATTACH, SET, CREATE…), naming the statement."""
    if not query.strip():
        raise StoreError("empty SQL statement")
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise StoreError(f"SQL syntax error: {exc}") from exc
    for st in statements:
        kind = str(st.type).rsplit(".", 1)[-1]
        if kind not in _READ_TYPES:
            raise ReadOnlySQLError(
                f"refused: `policyscope sql` is read-only and this is a {kind} statement; "
                "use the commands (ingest, review, build) to change data"
            )
        if kind == "PRAGMA" and not st.query.strip().lower().startswith(("pragma table_info", "pragma show")):
            raise ReadOnlySQLError("refused: only PRAGMA table_info / show_tables are allowed in read-only SQL")


def open_db(path: str | os.PathLike[str] | None = None, read_only: bool = False) -> Database:
    """Open the configured database (see :func:`default_db_path`)."""
    return Database(default_db_path(path), read_only=read_only)
