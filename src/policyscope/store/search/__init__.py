"""Bilingual full-text search over documents and events, on tantivy: jieba tokens (Chinese) and Snowball
stems (English), BM25 with the zh↔en expansion of domain terms (人工智能 ↔ artificial intelligence), filters
from the tables, highlighted snippets.

The DuckDB file holds the catalogue of what must be indexed and its version stamp, written in the same
transaction as the rows (:mod:`.catalog`); the tantivy index is a directory named by that stamp, made (from
the newest directory present, incrementally) before a query is answered — by the CLI, the API and the pages
alike (:mod:`.engine`). So a killed ingest or ``build``'s atomic swap can never leave search disagreeing with
the database. Chosen by measurement over the former hand-written engine and SQLite FTS5 (docs/decisions.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from policyscope.store.search.catalog import (
    MAX_DOC_CHARS,
    ensure_schema,
    has_index,
    index_items,
    index_version,
    pending,
    rebuild_index,
    sync_index,
)
from policyscope.store.search.engine import CACHE_STATS, clear_cache, current_index, index_root, make_index
from policyscope.store.search.query import (
    SNIPPET_CONTEXT,
    Window,
    document_windows,
    ensure_index,
    index_stats,
    search,
)
from policyscope.store.search.text import (
    Highlighter,
    Query,
    analyze,
    first_match,
    highlighter,
    parse_query,
    snippet,
    snippet_segments,
)

__all__ = [
    "CACHE_STATS", "MAX_DOC_CHARS", "SNIPPET_CONTEXT", "Highlighter", "Query", "Window", "analyze", "clear_cache",
    "current_index", "document_windows", "ensure_index", "ensure_schema", "first_match", "has_index",
    "highlighter", "index_items", "index_root", "index_stats", "index_version", "make_index", "parse_query",
    "pending", "rebuild_index", "search", "snippet", "snippet_segments", "sync_index",
]


def _final_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The database path a file being built (``<db>.building-<pid>``, see store.build) will be swapped to."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    name = Path(row[0])
    stem, sep, pid = name.name.rpartition(".building-")
    return name.with_name(stem) if sep and pid.isdigit() else name


def _build_hook(con: duckdb.DuckDBPyConnection) -> None:
    """After ``build``: a fresh catalogue with a new stamp, and its index made at once (from the index of the
    replaced file, so only what changed is tokenized) — the first query after a build is not the one to wait."""
    con.execute("BEGIN TRANSACTION")
    try:
        rebuild_index(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    final = _final_path(con)
    stamp = index_version(con)
    if final is not None and stamp is not None:
        make_index(con, index_root(final), stamp)


def register_build_hook() -> None:
    from policyscope.store.build import POST_BUILD_HOOKS

    if _build_hook not in POST_BUILD_HOOKS:
        POST_BUILD_HOOKS.append(_build_hook)


register_build_hook()
