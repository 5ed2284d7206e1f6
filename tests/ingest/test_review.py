"""Review of ingested events through the real CLI: list, show, accept, edit, reject, merge; every change is
kept in the history with its actor, and the search index follows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import run_cli
from typer.testing import CliRunner

import policyscope.store.search as S
from policyscope.cli import app
from policyscope.store.database import open_db

runner = CliRunner()


@pytest.fixture(scope="module")
def reviewed_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built database with one real Chinese document ingested (the 2017 Government Work Report)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "files"))
    import make_ingest_files as mk

    d = tmp_path_factory.mktemp("review")
    path = d / "policyscope.duckdb"
    shutil.copy(built_db, path)
    rec = mk.gov_report(2017)
    (d / "gwr2017.txt").write_text(rec["title"] + "\n" + rec["content"], "utf-8")
    res = run_cli("ingest", str(d / "gwr2017.txt"), "--jurisdiction", "CHN", "--date", "2017-03-05",
                  "--format", "json", db=path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["summary"]["events_new"] >= 5
    return path


def cli(db: Path, *args: str) -> tuple[int, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200", "USER": "analyst",
                                                                "POLICYSCOPE_DB": str(db)})
    return r.exit_code, r.output


def extracted_ids(db: Path, n: int) -> list[str]:
    with open_db(db, read_only=True) as d:
        return d.df("SELECT id FROM core.event WHERE origin = 'extracted' AND review_state = 'auto' "
                    "ORDER BY id LIMIT ?", [n])["id"].tolist()


def history(db: Path, eid: str) -> list[tuple[str, str]]:
    with open_db(db, read_only=True) as d:
        return [tuple(r) for r in d.con.execute(
            "SELECT actor, action FROM core.event_history WHERE event_id = ? ORDER BY id", [eid]).fetchall()]


def test_list_and_show(reviewed_db: Path) -> None:
    code, out = cli(reviewed_db, "review", "list", "--jurisdiction", "CHN", "--format", "json", "--limit", "500")
    assert code == 0, out
    rows = json.loads(out)
    assert rows and all(r["review_state"] == "auto" and r["jurisdiction"] == "CHN" for r in rows)
    eid = extracted_ids(reviewed_db, 1)[0]
    code, out = cli(reviewed_db, "review", "show", eid[:10], "--format", "json")
    assert code == 0, out
    detail = json.loads(out)
    assert detail["id"] == eid and detail["evidence"] and detail["evidence"][0]["line"] >= 1
    assert detail["history"][0]["action"] == "create"


def test_accept_edit_reject_merge_are_kept_in_history(reviewed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    shutil.copy(reviewed_db, db)
    a, b, c, d = extracted_ids(db, 4)
    assert cli(db, "review", "accept", a, "--note", "checked against the report")[0] == 0
    code, out = cli(db, "review", "edit", b, "type=strategy", "domains=ai,data", "date=2017-07-08",
                    "jurisdiction=中国", "--actor", "editor")
    assert code == 0, out
    assert cli(db, "review", "reject", c, "--actor", "editor")[0] == 0
    code, out = cli(db, "review", "merge", a, d)
    assert code == 0 and f"merged {d} into {a}" in out
    assert history(db, a)[-2:] == [("analyst", "accepted"), ("analyst", "merge")]
    assert history(db, b)[-1] == ("editor", "edit")
    assert history(db, c)[-1] == ("editor", "rejected")
    assert history(db, d)[-1] == ("analyst", "merged_into")
    with open_db(db) as con:
        states = dict(con.con.execute("SELECT id, review_state FROM core.event WHERE id IN (?, ?, ?, ?)",
                                      [a, b, c, d]).fetchall())
        assert states == {a: "accepted", b: "edited", c: "rejected", d: "merged"}
        row = con.con.execute("SELECT type, domains, CAST(date AS VARCHAR) FROM core.event WHERE id = ?", [b]).fetchall()[0]
        assert row[0] == "strategy" and list(row[1]) == ["ai", "data"] and row[2] == "2017-07-08"
        moved = con.scalar("SELECT count(*) FROM core.evidence WHERE event_id = ?", [d])
        assert moved == 0
        # the search index follows review: rejected and merged events drop out of search, edits are found
        assert all(not v for v in S.pending(con.con).values())
        hits = S.search(con, "人工智能 战略 数据", kinds=("event",), limit=1000)
        assert c not in set(hits["id"]) and d not in set(hits["id"])
    # the decision list filters by state
    code, out = cli(db, "review", "list", "--state", "rejected", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [c]


def test_review_bad_input_is_a_clear_error(reviewed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    shutil.copy(reviewed_db, db)
    a, b = extracted_ids(db, 2)
    before = history(db, a)
    code, out = cli(db, "review", "accept", "ev_doesnotexist")
    assert code == 1 and "no event with id 'ev_doesnotexist'" in out
    code, out = cli(db, "review", "edit", a, "colour=red")
    assert code == 1 and "cannot be edited" in out
    code, out = cli(db, "review", "edit", a, "type=spaceship")
    assert code == 1 and "unknown event type" in out
    code, out = cli(db, "review", "edit", a, "no-equals-sign")
    assert code == 1 and "field=value" in out
    code, out = cli(db, "review", "merge", a, a)
    assert code == 1 and "into itself" in out
    assert history(db, a) == before  # refused changes leave no trace
