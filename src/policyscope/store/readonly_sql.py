"""User SQL (``policyscope sql``, the notebook): queries over the published views and nothing else.

Two independent fences, because either alone has been bypassed before (``EXPLAIN ANALYZE COPY … TO`` wrote a
file through a type check; ``read_csv('/etc/passwd')`` is a plain SELECT):

1. **An allow-list checked on DuckDB's own parse tree.** Each statement must be a SELECT (``EXPLAIN`` only of a
   SELECT); ``json_serialize_sql`` gives the tree, and every table it names must be a published view in
   ``main`` (or a CTE of the query), every table function one of a few pure generators.
2. **A connection that cannot reach anything else** (:func:`open_user_sql_connection`): the file opened
   read-only, ``enable_external_access = false`` (no file, URL, ATTACH, COPY or extension), extensions never
   auto-installed or auto-loaded, and the configuration locked so the query cannot switch any of it back.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from policyscope.store.errors import ReadOnlySQLError, StoreError, StoreNotFound
from policyscope.store.schema import MIGRATIONS

# Table functions that only generate values (no catalog, no file, no settings).
SAFE_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+)?", re.IGNORECASE)
_HINT = "use the commands (ingest, review, build, export) to change or copy data"

USER_SQL_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}


@lru_cache(maxsize=1)
def published_views() -> frozenset[str]:
    """The views in ``main`` that the migrations publish (docs/store.md documents their columns)."""
    names = set()
    for _, _, statements in MIGRATIONS:
        for st in statements:
            m = re.match(r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+main\.(\w+)", st, re.IGNORECASE)
            if m:
                names.add(m.group(1).lower())
    return frozenset(names)


def _tree(sql: str) -> dict[str, Any]:
    con = duckdb.connect(":memory:")
    try:
        raw = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0]
    finally:
        con.close()
    tree: dict[str, Any] = json.loads(raw)
    if tree.get("error"):
        raise ReadOnlySQLError(f"refused: cannot check this statement ({tree.get('error_message', 'unknown')}); "
                               "`policyscope sql` accepts queries over the published views only")
    return tree


def _walk(node: Any, found: list[dict[str, Any]]) -> None:
    if isinstance(node, dict):
        if node.get("type") in ("BASE_TABLE", "TABLE_FUNCTION", "SHOW_REF") or "cte_map" in node:
            found.append(node)
        for v in node.values():
            _walk(v, found)
    elif isinstance(node, list):
        for v in node:
            _walk(v, found)


def _check_tree(tree: dict[str, Any], allowed: frozenset[str]) -> None:
    nodes: list[dict[str, Any]] = []
    _walk(tree.get("statements", []), nodes)
    ctes = {str(e.get("key", "")).lower() for n in nodes if "cte_map" in n
            for e in (n.get("cte_map") or {}).get("map", [])}
    for n in nodes:
        kind = n.get("type")
        if kind == "BASE_TABLE":
            schema, name = (n.get("schema_name") or "").lower(), (n.get("table_name") or "").lower()
            catalog = (n.get("catalog_name") or "").lower()
            ok = not catalog and ((not schema and (name in allowed or name in ctes))
                                  or (schema == "main" and name in allowed))
            if not ok:
                shown = ".".join(p for p in (catalog, schema, name) if p)
                raise ReadOnlySQLError(f"refused: {shown!r} is not a published view; `policyscope sql` reads "
                                       f"only {', '.join(sorted(allowed))}")
        elif kind == "TABLE_FUNCTION":
            fn = ((n.get("function") or {}).get("function_name") or "").lower()
            if fn not in SAFE_TABLE_FUNCTIONS:
                raise ReadOnlySQLError(f"refused: table function {fn}() is not allowed in read-only SQL "
                                       f"(allowed: {', '.join(sorted(SAFE_TABLE_FUNCTIONS))})")
        elif kind == "SHOW_REF":
            name = (n.get("table_name") or "").strip('"').lower()
            if name and name not in allowed and name != "tables":
                raise ReadOnlySQLError(f"refused: SHOW/DESCRIBE of {name!r}; only the published views can be "
                                       "described")


def check_user_sql(query: str, allowed: frozenset[str] | None = None) -> list[str]:
    """Refuse (:class:`ReadOnlySQLError`) anything but queries over ``allowed`` views; return the statements."""
    allowed = published_views() if allowed is None else allowed
    if not query.strip():
        raise StoreError("empty SQL statement")
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise StoreError(f"SQL syntax error: {exc}") from exc
    out = []
    for st in statements:
        kind = str(st.type).rsplit(".", 1)[-1]
        text = st.query
        if kind == "EXPLAIN":
            text = _EXPLAIN.sub("", text, count=1)
            try:
                inner = duckdb.extract_statements(text) if text.strip() else []
            except duckdb.Error:
                inner = []  # e.g. EXPLAIN (FORMAT …) …: options are not needed, refuse rather than guess
            if len(inner) != 1 or str(inner[0].type).rsplit(".", 1)[-1] != "SELECT":
                raise ReadOnlySQLError(f"refused: `policyscope sql` is read-only; EXPLAIN is allowed only of a "
                                       f"SELECT; {_HINT}")
        elif kind != "SELECT":
            raise ReadOnlySQLError(f"refused: `policyscope sql` is read-only and this is a {kind} statement; {_HINT}")
        _check_tree(_tree(text), allowed)
        out.append(st.query)
    return out


def open_user_sql_connection(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """The database file read-only, with no way out: no files, URLs, ATTACH, COPY or extensions."""
    p = Path(path)
    if not p.exists():
        raise StoreNotFound(f"database {p} does not exist; run `policyscope build` (or `make build`) first")
    try:
        con = duckdb.connect(str(p), read_only=True, config=dict(USER_SQL_CONFIG))
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {p} for read-only SQL: {exc}") from exc
    return con


def run_user_sql(path: str | os.PathLike[str], query: str) -> pd.DataFrame:
    """Check ``query`` (allow-list), then run it on a locked-down connection; the last statement's rows."""
    statements = check_user_sql(query)
    con = open_user_sql_connection(path)
    try:
        df = pd.DataFrame()
        for st in statements:
            df = con.execute(st).df()
        return df
    except duckdb.Error as exc:
        raise StoreError(f"SQL error: {exc}") from exc
    finally:
        con.close()
