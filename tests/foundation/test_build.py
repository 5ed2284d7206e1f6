"""Build: real data in, derived indicators by formula, atomic swap, carry-over, interruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from policyscope.model import Evidence, PolicyEvent
from policyscope.sources.base import SourceError
from policyscope.sources.snapshot import SNAPSHOT_DIR, load_bundle
from policyscope.store import Database, open_db
from policyscope.store.build import build
from policyscope.store.events import set_review_state, upsert_events
from tests.conftest import DATA

WDI_LONG = DATA / "wdi_innovation" / "wdi_selected_long.csv.gz"


def test_counts_and_all_wdi_indicators(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        assert db.scalar("SELECT count(*) FROM jurisdictions") >= 250
        wdi_codes = pd.read_csv(DATA / "wdi_innovation" / "indicators_metadata.csv")["indicator_code"].tolist()
        assert len(wdi_codes) == 30
        have = set(db.df("SELECT DISTINCT indicator FROM observations")["indicator"])
        assert set(wdi_codes) <= have
        assert db.scalar("SELECT count(*) FROM edges WHERE indicator = 'OPENALEX.COAUTHOR'") > 400_000
        assert db.scalar("SELECT min(year) FROM edges WHERE indicator = 'OPENALEX.COAUTHOR'") == 1990
        assert db.scalar("SELECT max(year) FROM edges WHERE indicator = 'OPENALEX.COAUTHOR'") == 2023
        for code in ("GERD_USD", "GERD_PPP", "GERD_LCU", "IP_BALANCE_USD"):
            assert db.scalar("SELECT count(*) FROM observations WHERE indicator = ?", [code]) > 1000, code


def test_gerd_usd_equals_independent_computation(built_db: Path) -> None:
    raw = pd.read_csv(WDI_LONG)
    sel = raw[(raw["Country Code"] == "USA") & (raw["Year"] == 2018)].set_index("Indicator Code")["Value"]
    expected = sel["GB.XPD.RSDV.GD.ZS"] / 100 * sel["NY.GDP.MKTP.CD"]
    with open_db(built_db, read_only=True) as db:
        got = db.scalar("SELECT value FROM observations WHERE indicator='GERD_USD' AND jurisdiction='USA' AND year=2018")
        ppp = db.scalar("SELECT value FROM observations WHERE indicator='GERD_PPP' AND jurisdiction='USA' AND year=2018")
        bal = db.scalar("SELECT value FROM observations WHERE indicator='IP_BALANCE_USD' AND jurisdiction='USA' "
                        "AND year=2018")
    assert got == pytest.approx(expected, rel=1e-12)
    assert ppp == pytest.approx(sel["GB.XPD.RSDV.GD.ZS"] / 100 * sel["NY.GDP.PCAP.PP.CD"] * sel["SP.POP.TOTL"], rel=1e-12)
    assert bal == pytest.approx(sel["BX.GSR.ROYL.CD"] - sel["BM.GSR.ROYL.CD"], rel=1e-12)


def test_group_aggregates_report_coverage(built_db: Path) -> None:
    raw = pd.read_csv(WDI_LONG)
    g7 = ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"]
    sel = raw[(raw["Indicator Code"] == "NY.GDP.MKTP.CD") & (raw["Year"] == 2019) & raw["Country Code"].isin(g7)]
    with open_db(built_db, read_only=True) as db:
        got = db.scalar("SELECT value FROM observations WHERE indicator='NY.GDP.MKTP.CD' AND jurisdiction='G7' AND year=2019")
        cov = db.df("SELECT * FROM core.coverage WHERE indicator='GERD_USD' AND jurisdiction='WORLD' AND year=2018")
    assert got == pytest.approx(sel["Value"].sum(), rel=1e-12)
    assert cov["members_with_data"].iloc[0] < cov["members_total"].iloc[0]


def test_rebuild_keeps_user_events_and_reviews(writable_db: Path) -> None:
    db = Database(writable_db)
    mine = PolicyEvent(jurisdiction="JPN", title="量子未来产业战略", type="strategy", domains=["quantum"],
                       origin="extracted", evidence=[Evidence(quote="日本发布《量子未来产业战略》。", line=1)])
    with db.transaction() as con:
        upsert_events(con, [mine], actor="t")
    bundled_id = db.scalar("SELECT id FROM events WHERE review_state = 'auto' AND id <> ? LIMIT 1", [mine.stable_id()])
    set_review_state(db, bundled_id, "accepted", actor="alice")
    n_before = db.scalar("SELECT count(*) FROM events")
    db.close()
    build(writable_db, progress=False)
    with open_db(writable_db, read_only=True) as db2:
        assert db2.scalar("SELECT count(*) FROM events") == n_before
        assert db2.scalar("SELECT title FROM events WHERE id = ?", [mine.stable_id()]) == "量子未来产业战略"
        assert db2.scalar("SELECT review_state FROM events WHERE id = ?", [bundled_id]) == "accepted"
        acts = db2.df("SELECT action FROM core.event_history WHERE event_id = ?", [bundled_id])["action"].tolist()
        assert "accepted" in acts


def test_killed_build_leaves_previous_database(writable_db: Path) -> None:
    before = writable_db.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "policyscope", "build", "--db", str(writable_db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # wait until the new file is being written, then kill hard
    deadline = time.time() + 60
    while time.time() < deadline and not list(writable_db.parent.glob(writable_db.name + ".building-*")):
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert writable_db.read_bytes() == before
    with open_db(writable_db, read_only=True) as db:
        assert db.scalar("SELECT count(*) FROM jurisdictions") >= 250
    build(writable_db, progress=False)  # and the next build cleans up and succeeds
    assert not list(writable_db.parent.glob(writable_db.name + ".building-*"))


def test_corrupt_bundled_file_is_named_and_db_untouched(writable_db: Path, tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    for f in SNAPSHOT_DIR.glob("*.parquet"):
        (snap / f.name).write_bytes(f.read_bytes())
    (snap / "wdi.observations.parquet").write_bytes(b"PAR1 corrupt")
    with pytest.raises(SourceError, match=r"wdi\.observations\.parquet"):
        load_bundle("wdi", snap)
    before = writable_db.read_bytes()
    with pytest.raises(SourceError):
        build(writable_db, snapshot_dir=snap, progress=False)
    assert writable_db.read_bytes() == before
    (snap / "wdi.observations.parquet").unlink()
    (snap / "wdi.indicators.parquet").unlink()
    # a missing source simply is not built; the rest still builds
    out = tmp_path / "partial.duckdb"
    build(out, snapshot_dir=snap, progress=False)
    with open_db(out, read_only=True) as db:
        assert db.scalar("SELECT count(*) FROM observations WHERE indicator = 'GB.XPD.RSDV.GD.ZS'") == 0


BRIEFING = """Policy briefing, March 2022

On 1 March 2022 China's Internet Information Service Algorithmic Recommendation Management Provisions entered into \
force, issued by the Cyberspace Administration of China, with funding of 50 million yuan for enforcement.

On 20 June 2023 the United States Congress introduced the National AI Commission Act, which provides $20 million \
for the commission.

On 18 May 2023 the Digital Platform Commission Act of 2023 was introduced in the United States Senate.
"""

_COUNTED = ("core.document", "core.event", "core.evidence", "core.amount", "core.event_history")


def _table_counts(path: Path) -> dict[str, int]:
    with open_db(path, read_only=True) as db:
        out = {t: db.scalar(f"SELECT count(*) FROM {t}") for t in _COUNTED}
        out["user"] = db.scalar("SELECT count(*) FROM app.user")
        out["amount_usd"] = db.scalar("SELECT count(*) FROM core.amount WHERE usd IS NOT NULL")
        return out


def test_build_ingest_build_keeps_everything_and_a_second_build_changes_nothing(writable_db: Path,
                                                                                 tmp_path: Path) -> None:
    """Issue 15, finding 3: evidence and amounts an ingested document attached to a bundled (AGORA) event were
    dropped by every plain build, and re-running the ingest said "unchanged"."""
    from policyscope.store.intake import ingest

    doc = tmp_path / "briefing.txt"
    doc.write_text(BRIEFING, encoding="utf-8")
    db = Database(writable_db)
    report = ingest(db, [doc])
    assert [r.status for r in report.results] == ["new"]
    doc_id = report.results[0].document_id
    on_bundled = db.df("SELECT v.event_id, v.quote FROM core.evidence v JOIN core.event e ON e.id = v.event_id "
                       "WHERE v.document_id = ? AND e.origin = 'agora' AND e.review_state = 'auto'", [doc_id])
    amounts_on_bundled = db.scalar("SELECT count(*) FROM core.amount a JOIN core.event e ON e.id = a.event_id "
                                   "WHERE e.origin = 'agora'")
    assert len(on_bundled) >= 1 and amounts_on_bundled >= 1  # the attack's precondition
    # people's other work: a merge of two bundled events (evidence moves), a user with a primary key
    a, b = db.df("SELECT id FROM core.event WHERE origin = 'agora' AND review_state = 'auto' AND quote IS NOT NULL "
                 "ORDER BY id LIMIT 2")["id"]
    from policyscope.store.events import merge_events

    merge_events(db, a, [b], actor="alice")
    with db.transaction() as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS app")
        con.execute("CREATE TABLE IF NOT EXISTS app.user (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, "
                    "password_hash VARCHAR NOT NULL)")
        con.execute("INSERT INTO app.user VALUES ('alice', 'editor', 'x')")
    merged_evidence = db.scalar("SELECT count(*) FROM core.evidence WHERE event_id = ?", [a])
    db.close()
    before = _table_counts(writable_db)
    build(writable_db, progress=False)
    after = _table_counts(writable_db)
    assert after == before
    with open_db(writable_db, read_only=True) as d:
        kept = d.df("SELECT event_id, quote FROM core.evidence WHERE document_id = ?", [doc_id])
        assert set(on_bundled["event_id"]) <= set(kept["event_id"])
        assert d.scalar("SELECT count(*) FROM core.evidence WHERE event_id = ?", [a]) == merged_evidence
        assert d.scalar("SELECT review_state FROM core.event WHERE id = ?", [b]) == "merged"
        # the budgets the landmark list states come again from the bundle, once each, with their citation
        assert d.scalar("SELECT count(*) FROM core.amount WHERE source = 'landmarks' AND citation <> ''") == len(
            load_bundle("landmarks").table("amounts"))
        # app tables keep their constraints (CREATE TABLE AS used to drop the primary key)
        assert d.scalar("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'app' "
                        "AND table_name = 'user' AND constraint_type = 'PRIMARY KEY'") == 1
    # re-running the ingest finds nothing to restore; a second build changes nothing
    db = Database(writable_db)
    again = ingest(db, [doc])
    db.close()
    assert [r.status for r in again.results] == ["unchanged"]
    build(writable_db, progress=False)
    assert _table_counts(writable_db) == before
