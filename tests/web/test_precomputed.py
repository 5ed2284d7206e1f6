"""Precomputed page views: a view read from the cache (memory or the files beside the database) equals the
view computed afresh on the same database, and any change to the database makes the old views unreachable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from policyscope.model import PolicyEvent
from policyscope.store.database import Database
from policyscope.store.events import upsert_events
from policyscope.web.deps import event_query
from policyscope.web.services import figures, precomputed, reads
from policyscope.web.services.precomputed import cached_call, content_stamp, views_root
from policyscope.web.snapshots import Snapshots

PROFILES = (("DNK", "en"), ("DNK", "zh"), ("KEN", "zh"), ("EU", "en"))


def _fresh_profile(path: Path, code: str, lang: str) -> dict[str, object]:
    """The profile computed on a plain connection to the file (no snapshot number: nothing is cached)."""
    with Database(path, read_only=True) as plain:
        return figures.profile(plain, code, lang)


def test_cached_views_equal_fresh_ones(web_copy: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = web_copy
    snaps = Snapshots(path, tmp_path / "work", poll_seconds=60)
    try:
        with snaps.database() as db:
            for code, lang in PROFILES:
                first = figures.profile(db, code, lang)
                assert figures.profile(db, code, lang) is first  # memory
                assert first == _fresh_profile(path, code, lang)
            files = list((views_root(db) / content_stamp(db)).glob("*.pkl"))
            assert len(files) >= len(PROFILES)
        snaps.refresh(force=True)  # a new snapshot of the same content, as after a restart: read from disk
        with snaps.database() as db:
            disk_hits = precomputed.STATS["disk_hits"]
            for code, lang in PROFILES:
                assert figures.profile(db, code, lang) == _fresh_profile(path, code, lang)
            assert precomputed.STATS["disk_hits"] == disk_hits + len(PROFILES)
            q = event_query()
            with Database(path, read_only=True) as plain:
                assert cached_call(db, reads.list_events, q) == reads.list_events(plain, q)
                assert cached_call(db, reads.event_facets, q) == reads.event_facets(plain, q)
                assert cached_call(db, reads.jurisdictions, None) == reads.jurisdictions(plain, None)
                assert cached_call(db, reads.summary)["counts"] == reads.summary(plain)["counts"]
    finally:
        snaps.stop()


def test_a_database_change_invalidates_the_views(web_copy: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = web_copy
    snaps = Snapshots(path, tmp_path / "work", poll_seconds=60)
    try:
        with snaps.database() as db:
            stamp = content_stamp(db)
            before = figures.profile(db, "KEN", "en")
            total = cached_call(db, reads.summary)["counts"]["events"]
        event = PolicyEvent(id="ev_web_test_perf", jurisdiction="KEN", title="Web test: Kenya data protection rules",
                            type="law_regulation", domains=["data"], date=dt.date.today(), origin="manual")
        with Database(path) as w, w.transaction() as con:  # as `policyscope ingest` or a review would write
            upsert_events(con, [event], actor="tests")
        assert snaps.refresh()
        with snaps.database() as db:
            assert content_stamp(db) != stamp
            after = figures.profile(db, "KEN", "en")
            assert after != before
            assert after["recent_events"][0]["id"] == "ev_web_test_perf"
            assert after == _fresh_profile(path, "KEN", "en")
            assert cached_call(db, reads.summary)["counts"]["events"] == total + 1
    finally:
        snaps.stop()


def test_view_files_are_bounded_per_content(web_copy: tuple[Path, dict[str, str]], tmp_path: Path,
                                            monkeypatch) -> None:
    """Views are kept for whatever parameters a visitor sends; past the bound they stay in memory only, so a
    crawler of compare sets cannot fill the disk — and every answer is still right."""
    path, _ = web_copy
    monkeypatch.setattr(precomputed, "MAX_FILES", 3)
    snaps = Snapshots(path, tmp_path / "work", poll_seconds=60)
    try:
        with snaps.database() as db:
            folder = views_root(db) / content_stamp(db)
            before = len(list(folder.glob("*.pkl"))) if folder.is_dir() else 0
            precomputed._FILE_COUNTS.pop(folder, None)
            refused = precomputed.STATS["not_written"]
            pages = [cached_call(db, reads.documents, None, None, None, page, 5) for page in range(1, 7)]
            assert len(list(folder.glob("*.pkl"))) == max(before, 3)
            assert precomputed.STATS["not_written"] >= refused + 6 - max(0, 3 - before)
            with Database(path, read_only=True) as plain:
                assert pages[-1] == reads.documents(plain, None, None, None, 6, 5)
    finally:
        snaps.stop()
