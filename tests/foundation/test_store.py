"""Store: migrations, views, read-only SQL, events with history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from policyscope.model import Amount, Evidence, PolicyEvent
from policyscope.store import Database, ReadOnlySQLError, StoreError, open_db
from policyscope.store.events import edit_event, event_detail, merge_events, set_review_state, upsert_events
from policyscope.store.schema import SCHEMA_VERSION

VIEW_COLUMNS = {
    "jurisdictions": ["code", "name_en", "name_zh", "kind", "iso2", "groups"],
    "documents": ["id", "title", "lang", "origin", "published", "jurisdiction", "chars", "ingested_at", "doc_type",
                  "doc_type_en", "issuer", "issuer_en", "doc_number", "date_signed", "date_published", "date_in_force",
                  "primary_event"],
    "events": ["id", "jurisdiction", "partners", "date", "date_precision", "title", "title_en", "title_zh", "issuer",
               "type", "domains", "status", "amount_usd", "document_id", "line", "quote", "review_state",
               "created_at", "updated_at", "level", "subdivision", "date_kind", "date_issued", "date_published",
               "date_in_force", "date_missing_reason", "title_original", "title_lang", "title_zh_origin",
               "doc_number", "description", "importance", "origin", "url", "n_sources"],
    "event_sources": ["event_id", "source", "record_id", "url", "licence", "retrieved", "title", "date", "fields"],
    "excluded": ["source", "record_id", "title", "jurisdiction", "reason"],
    "amounts": ["event_id", "text", "value", "currency", "value_in_currency_units", "usd", "source", "citation"],
    "indicators": ["code", "name_en", "name_zh", "unit", "source", "licence", "definition"],
    "observations": ["indicator", "jurisdiction", "year", "value", "source", "vintage"],
    "edges": ["indicator", "year", "a", "b", "value"],
}


def test_published_views_have_documented_columns(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        for view, cols in VIEW_COLUMNS.items():
            got = db.df(f"SELECT * FROM {view} LIMIT 0").columns.tolist()
            assert got == cols, view
        assert db.scalar("SELECT max(version) FROM schema_version") == SCHEMA_VERSION


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_db(tmp_path / "nope.duckdb")


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "junk.duckdb"
    p.write_bytes(b"this is not duckdb" * 100)
    with pytest.raises(StoreError, match="junk.duckdb"):
        open_db(p)


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM core.observation", "INSERT INTO core.indicator VALUES ('x','x','x','x','x','x','x','x')",
     "DROP VIEW events", "COPY (SELECT 1) TO '/tmp/x.csv'", "ATTACH '/tmp/other.duckdb'", "SET threads=1",
     "SELECT 1; DROP TABLE core.event", "CREATE TABLE t(a INT)"],
)
def test_sql_refuses_writes(built_db: Path, sql: str) -> None:
    with open_db(built_db, read_only=True) as db:
        before = db.scalar("SELECT count(*) FROM observations")
        with pytest.raises(ReadOnlySQLError, match="read-only"):
            db.query_readonly(sql)
        assert db.scalar("SELECT count(*) FROM observations") == before


def test_sql_syntax_error_is_named(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db, pytest.raises(StoreError, match="syntax"):
        db.query_readonly("SELEC count(*) FROM events")


def _event(title: str = "人工智能发展规划", quote: str = "国务院印发《新一代人工智能发展规划》。") -> PolicyEvent:
    return PolicyEvent(
        jurisdiction="CHN", title=title, date=dt.date(2017, 7, 8), date_precision="day", type="plan_program",
        domains=["ai"], origin="extracted",
        amounts=[Amount(text="1500亿元", value=1500, unit_text="亿元", currency="CNY",
                        value_in_currency_units=1.5e11, usd=2.2e10, fx_rate=6.75, fx_year=2017)],
        evidence=[Evidence(document_id="doc1", line=3, char_start=10, char_end=30, quote=quote)],
    )


def test_upsert_is_idempotent_and_keeps_history(writable_db: Path) -> None:
    db = Database(writable_db)
    with db.transaction() as con:
        c1 = upsert_events(con, [_event()], actor="test")
    with db.transaction() as con:
        c2 = upsert_events(con, [_event()], actor="test")
    assert c1["inserted"] == 1 and c2 == {"inserted": 0, "updated": 0, "unchanged": 1, "evidence_added": 0}
    eid = _event().stable_id()
    # a second mention adds evidence to the same event
    with db.transaction() as con:
        c3 = upsert_events(con, [_event(quote="再次提到《新一代人工智能发展规划》")], actor="test")
    assert c3["evidence_added"] == 1
    d = event_detail(db, eid)
    assert len(d["evidence"]) == 2 and d["amounts"][0]["currency"] == "CNY"
    assert db.scalar("SELECT amount_usd FROM events WHERE id = ?", [eid]) == pytest.approx(2.2e10)
    db.close()


def test_review_operations_are_recorded(writable_db: Path) -> None:
    db = Database(writable_db)
    a, b = _event(), _event(title="新一代人工智能发展规划")
    with db.transaction() as con:
        upsert_events(con, [a, b], actor="test")
    set_review_state(db, a.stable_id(), "accepted", actor="alice")
    edit_event(db, a.stable_id(), {"title_en": "New Generation AI Development Plan", "domains": "ai,general_sti"},
               actor="alice")
    merge_events(db, a.stable_id(), [b.stable_id()], actor="bob")
    hist = db.df("SELECT actor, action FROM core.event_history WHERE event_id IN (?, ?) ORDER BY id",
                 [a.stable_id(), b.stable_id()])
    assert hist["action"].tolist() == ["create", "create", "accepted", "edit", "merged_into", "merge"]
    assert db.scalar("SELECT review_state FROM events WHERE id = ?", [a.stable_id()]) == "edited"
    assert db.scalar("SELECT review_state FROM events WHERE id = ?", [b.stable_id()]) == "merged"
    # the reviewed event is not overwritten by a later automatic import
    changed = _event()
    changed.issuer = "someone else"
    with db.transaction() as con:
        assert upsert_events(con, [changed], actor="bot")["updated"] == 0
    with pytest.raises(StoreError, match="unknown event type"):
        edit_event(db, a.stable_id(), {"type": "nonsense"}, actor="alice")
    with pytest.raises(StoreError, match="no event"):
        set_review_state(db, "ev_missing", "accepted", actor="alice")
    db.close()


def test_failed_transaction_leaves_nothing(writable_db: Path) -> None:
    db = Database(writable_db)
    before = db.scalar("SELECT count(*) FROM core.event")
    with pytest.raises(duckdb.Error), db.transaction() as con:
        upsert_events(con, [_event(title="will be rolled back")], actor="t")
        con.execute("INSERT INTO core.nonexistent VALUES (1)")
    assert db.scalar("SELECT count(*) FROM core.event") == before
    db.close()


def test_observations_and_api(built_db: Path) -> None:
    import policyscope as ps

    with ps.connect(built_db) as obs:
        df = obs.observations("GERD_PPP", jurisdictions=["美国", "CHN"], years=(2010, 2019))
        assert set(df["jurisdiction"]) == {"USA", "CHN"} and df["year"].between(2010, 2019).all()
        ev = obs.events(jurisdiction="中国", domain="ai")
        assert isinstance(ev, pd.DataFrame) and (ev["jurisdiction"] == "CHN").all()
        with pytest.raises(StoreError, match="unknown indicator"):
            obs.observations("NOPE.CODE")
