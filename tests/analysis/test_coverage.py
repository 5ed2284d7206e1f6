"""Coverage of the event base: the one function behind the CLI, /api/v1/coverage and /coverage, checked
against plain SQL on the built database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from policyscope.analysis.coverage import coverage
from policyscope.store.database import open_db
from tests.conftest import run_cli
from tests.web.conftest import make_client

LIVE = "coalesce(review_state, 'auto') NOT IN ('rejected', 'merged')"


def test_coverage_matches_sql(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as d:
        r = coverage(d)
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert r.events == q(f"SELECT count(*) FROM events WHERE {LIVE}") > 5000
        assert sum(c["n"] for c in r.cube) == r.events
        assert sum(r.by_level.values()) == r.events
        date = next(c for c in r.completeness if c["field"] == "date")
        assert date["n"] == q(f"SELECT count(*) FROM events WHERE date IS NOT NULL AND {LIVE}")
        zh = next(c for c in r.completeness if c["field"] == "title_zh")
        assert zh["n"] >= q("SELECT count(*) FROM events WHERE title_zh_origin = 'original'") > 2000
        assert r.excluded_total == q("SELECT count(*) FROM excluded") > 10000
        # reasons are counted without the row they name
        assert not any(" row " in x["reason"] for x in r.excluded)
        assert any(x["reason"].startswith("value rejected, issue date not imported: 2028-07-31") for x in r.excluded)
        assert sum(x["n"] for x in r.undated) == r.events - date["n"]
        assert r.merges["source_records"] == q("SELECT count(*) FROM event_sources")
    finally:
        con.close()
    # the CLI prints the same figures
    out = run_cli("coverage", "--format", "json", db=built_db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["events"] == r.events
    table = run_cli("coverage", db=built_db)
    assert "completeness / 字段完整度" in table.stdout and "rows left out" in table.stdout


def test_coverage_page_and_json_twin(built_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    shutil.copy(built_db, db)
    with make_client(db) as c:
        j = c.get("/api/v1/coverage?top=5")
        assert j.status_code == 200
        data = j.json()
        assert len(data["by_jurisdiction"]) == 5 and data["events"] > 5000
        c.get("/lang/zh?next=/coverage", follow_redirects=False)
        page = c.get("/coverage?top=5")
        assert page.status_code == 200 and "事件库覆盖情况" in page.text and str(data["events"]) in page.text
        assert "未收录的记录及原因" in page.text
        c.get("/lang/en?next=/coverage", follow_redirects=False)
        en = c.get("/coverage?top=5")
        assert "Coverage of the event base" in en.text and "Rows left out, and why" in en.text
