"""Finding 8 — what a signed-in editor (or a stolen editor token) can break.

Attacks: merge B into A, then A into B (both hidden for good); PATCH ``title: null`` (a 500); a title that is a
list, a number or a megabyte; ``partners: "Narnia"``; unknown fields.
Must not happen: a merge cycle; an event that cannot be brought back; a 5xx; a bad value stored."""

from __future__ import annotations

import pytest

from policyscope.store.database import Database
from tests.conftest import run_cli
from tests.security.conftest import add_event
from tests.web.conftest import make_client


def _state(db_path, event_id: str) -> tuple[str, str | None, int]:
    with Database(db_path, read_only=True) as db:
        st, into = db.con.execute("SELECT review_state, merged_into FROM core.event WHERE id = ?", [event_id]).fetchone()
        n = db.scalar("SELECT count(*) FROM core.evidence WHERE event_id = ?", [event_id])
    return st, into, n


def test_merge_cycle_is_refused_and_unmerge_brings_the_event_back(web_copy) -> None:
    db, info = web_copy
    add_event(db, "ev_dup_a", "Duplicate strategy A", quote="quote A")
    add_event(db, "ev_dup_b", "Duplicate strategy B", quote="quote B", accept=False)
    auth = {"Authorization": f"Bearer {info['token']}"}
    with make_client(db) as c:
        r = c.post("/api/v1/events/merge", json={"keep": "ev_dup_a", "others": ["ev_dup_b"]}, headers=auth)
        assert r.status_code == 200
        r = c.post("/api/v1/events/merge", json={"keep": "ev_dup_b", "others": ["ev_dup_a"]}, headers=auth)
        assert r.status_code == 400 and "ev_dup_b" in r.json()["error"]["message"]
        r = c.post("/api/v1/events/merge", json={"keep": "ev_dup_a", "others": ["ev_dup_b"]}, headers=auth)
        assert r.status_code == 400 and "already merged" in r.json()["error"]["message"]
        r = c.post("/api/v1/events/merge", json={"keep": "ev_dup_a", "others": ["ev_web_test_real", "ev_web_test_real"]},
                   headers=auth)
        assert r.status_code == 400
        assert _state(db, "ev_dup_a")[0] == "accepted" and _state(db, "ev_dup_a")[2] == 2
        r = c.post("/api/v1/events/ev_dup_b/unmerge", headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["review_state"] == "auto"
        assert _state(db, "ev_dup_b") == ("auto", None, 1) and _state(db, "ev_dup_a") == ("accepted", None, 1)
        r = c.post("/api/v1/events/ev_dup_b/unmerge", headers=auth)
        assert r.status_code == 400 and "not merged" in r.json()["error"]["message"]
        hist = [h["action"] for h in c.get("/api/v1/events/ev_dup_b").json()["history"]]
        assert hist[-2:] == ["merged_into", "unmerge"]


def test_review_unmerge_on_the_command_line(writable_db) -> None:
    add_event(writable_db, "ev_cli_a", "CLI duplicate A", quote="quote A")
    add_event(writable_db, "ev_cli_b", "CLI duplicate B", quote="quote B")
    assert run_cli("review", "merge", "ev_cli_a", "ev_cli_b", db=writable_db).returncode == 0
    r = run_cli("review", "merge", "ev_cli_b", "ev_cli_a", db=writable_db)
    assert r.returncode != 0 and "merged into ev_cli_a" in (r.stdout + r.stderr)
    r = run_cli("review", "unmerge", "ev_cli_b", db=writable_db)
    assert r.returncode == 0, r.stderr
    assert _state(writable_db, "ev_cli_b") == ("accepted", None, 1)


BAD_EDITS = [
    {"title": None}, {"title": ""}, {"title": ["a", "list"]}, {"title": 12345}, {"title": "x" * 5000},
    {"title": "bad\x00byte"}, {"jurisdiction": None}, {"jurisdiction": "Narnia"}, {"partners": "Narnia"},
    {"partners": ["USA", "Narnia"]}, {"partners": {"a": 1}}, {"domains": ["ai", "astrology"]}, {"domains": 7},
    {"date": "2024-02-30"}, {"date": 1700000000}, {"date": "yesterday"}, {"date_precision": "century"},
    {"type": None}, {"type": "spaceship"}, {"status": "maybe"}, {"issuer": ["x"]}, {"issuer": "y" * 1000},
    {"review_state": "accepted"}, {"id": "ev_other"}, {"merged_into": "x"},
]


@pytest.mark.parametrize("change", BAD_EDITS, ids=[next(iter(c)) + ":" + repr(next(iter(c.values())))[:20]
                                                    for c in BAD_EDITS])
def test_bad_editor_values_are_refused_with_a_reason(client, change: dict) -> None:
    c, info = client
    auth = {"Authorization": f"Bearer {info['token']}"}
    before = c.get("/api/v1/events/ev_web_test_real").json()
    r = c.patch("/api/v1/events/ev_web_test_real", json={"changes": change}, headers=auth)
    assert r.status_code == 400, (change, r.status_code, r.text[:300])
    field = next(iter(change))
    assert field in r.json()["error"]["message"]
    after = c.get("/api/v1/events/ev_web_test_real").json()
    assert {k: after[k] for k in ("title", "jurisdiction", "partners", "domains", "date", "issuer", "review_state")} \
        == {k: before[k] for k in ("title", "jurisdiction", "partners", "domains", "date", "issuer", "review_state")}


def test_good_edits_are_cleaned(client) -> None:
    c, info = client
    auth = {"Authorization": f"Bearer {info['token']}"}
    r = c.patch("/api/v1/events/ev_web_test_real", json={"changes": {
        "partners": "美国, Germany", "domains": ["ai", "ai", "data"], "title": "  Web test: national AI strategy  "}},
        headers=auth)
    assert r.status_code == 200, r.text
    ev = r.json()
    assert ev["partners"] == ["USA", "DEU"] and ev["domains"] == ["ai", "data"]
    assert ev["title"] == "Web test: national AI strategy"
