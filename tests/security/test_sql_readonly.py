"""Attacks on `policyscope sql` (issue 15, finding 5): the route is the CLI command (and the notebook's
``query_readonly``); each payload must neither write a file, nor read a file, nor read outside the published
views. Two fences are tested separately: the parsed allow-list, and the locked-down connection beneath it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from policyscope.store import ReadOnlySQLError, StoreError, open_db
from tests.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def sql_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy (the locked-down connection may not share a process-wide instance with other tests)."""
    dst = tmp_path_factory.mktemp("sqldb") / "policyscope.duckdb"
    shutil.copy(built_db, dst)
    return dst


def _payloads(tmp: Path) -> list[str]:
    victim = tmp / "victim.duckdb"
    return [
        f"EXPLAIN ANALYZE COPY (SELECT 'pwned' AS x) TO '{victim}'",  # wrote over another database file
        f"EXPLAIN (FORMAT JSON) COPY (SELECT 1) TO '{victim}'",
        f"/* hi */ COPY (SELECT * FROM events) TO '{victim}' (FORMAT CSV)",
        f"SELECT 1; COPY (SELECT 1) TO '{victim}'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd', header=false)",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM query('SELECT * FROM core.document')",
        "SELECT * FROM query_table('core.document')",
        "SELECT text FROM core.document LIMIT 1",
        "SELECT * FROM app.user",
        "SELECT (SELECT count(*) FROM core.event_history)",
        "WITH x AS (SELECT * FROM search.doc) SELECT * FROM x",
        "SUMMARIZE core.document",
        "DESCRIBE app.user",
        "SHOW ALL TABLES",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_tables()",
        "PRAGMA table_info('core.document')",
        f"ATTACH '{victim}' AS v",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "CALL pragma_version()",
        f"EXPORT DATABASE '{tmp / 'dump'}'",
        "CHECKPOINT",
        "DELETE FROM core.event",
        "CREATE TABLE t AS SELECT 1",
    ]


def test_every_payload_is_refused_before_running(sql_db: Path, tmp_path: Path) -> None:
    from policyscope.store.readonly_sql import run_user_sql

    victim = tmp_path / "victim.duckdb"
    victim.write_bytes(b"precious")
    for payload in _payloads(tmp_path):
        with pytest.raises(StoreError) as info:
            run_user_sql(sql_db, payload)
        assert isinstance(info.value, ReadOnlySQLError) or "syntax" in str(info.value).lower(), payload
        assert "root:" not in str(info.value), payload
    assert victim.read_bytes() == b"precious"
    assert not (tmp_path / "dump").exists()


def test_notebook_route_uses_the_same_allow_list(sql_db: Path, tmp_path: Path) -> None:
    with open_db(sql_db, read_only=True) as db:
        for payload in _payloads(tmp_path):
            with pytest.raises(StoreError):
                db.query_readonly(payload)
        assert db.query_readonly("SELECT count(*) AS n FROM events")["n"].iloc[0] > 0


def test_the_connection_beneath_cannot_reach_files_even_if_the_check_were_bypassed(sql_db: Path,
                                                                                  tmp_path: Path) -> None:
    from policyscope.store.readonly_sql import open_user_sql_connection

    out = tmp_path / "x.csv"
    con = open_user_sql_connection(sql_db)
    try:
        for attack in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/etc/*')",
                       f"COPY (SELECT 1) TO '{out}'", f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{out}'",
                       f"ATTACH '{tmp_path / 'v.duckdb'}' AS v", "LOAD httpfs"):
            with pytest.raises(duckdb.Error):
                con.execute(attack).fetchall()
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM core.event")  # the file is opened read-only
    finally:
        con.close()
    assert not out.exists()


@pytest.mark.parametrize("query", [
    "SELECT count(*) AS n FROM jurisdictions",
    "SELECT e.jurisdiction, count(*) AS n FROM main.events e JOIN jurisdictions j ON j.code = e.jurisdiction "
    "GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
    "WITH x AS (SELECT * FROM observations WHERE indicator = 'GERD_USD') SELECT count(*) AS n FROM x",
    "SELECT * FROM range(3)",
    "DESCRIBE events",
    "SHOW TABLES",
    "EXPLAIN SELECT count(*) FROM edges",
])
def test_ordinary_queries_still_work(sql_db: Path, query: str) -> None:
    from policyscope.store.readonly_sql import run_user_sql

    assert len(run_user_sql(sql_db, query)) >= 1


def test_cli_attack_explain_analyze_copy_writes_nothing(sql_db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "other.duckdb"
    shutil.copy(sql_db, victim)
    before = victim.stat().st_size, victim.read_bytes()[:4096]
    r = run_cli("sql", f"EXPLAIN ANALYZE COPY (SELECT 'pwned') TO '{victim}' (FORMAT CSV)", db=sql_db)
    assert r.returncode == 1 and "refused" in r.stderr
    assert (victim.stat().st_size, victim.read_bytes()[:4096]) == before


def test_cli_attack_read_passwd_shows_nothing(sql_db: Path) -> None:
    r = run_cli("sql", "SELECT * FROM read_csv('/etc/passwd', header=false)", "--format", "json", db=sql_db)
    assert r.returncode == 1 and "refused" in r.stderr and "root:" not in r.stdout + r.stderr
    r = run_cli("sql", "SELECT count(*) AS n FROM events", "--format", "json", db=sql_db)
    assert r.returncode == 0 and json.loads(r.stdout)[0]["n"] > 0


def test_web_has_no_raw_sql_route() -> None:
    """The web must not offer user SQL; if one is ever added it must go through ``run_user_sql``."""
    web = ROOT / "src" / "policyscope" / "web"
    for path in web.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "query_readonly" not in text and "check_readonly_sql" not in text, path
        assert '"/sql' not in text and "'/sql" not in text and "/api/v1/sql" not in text, path
