"""Warm-up of a new snapshot: every page's first view computed in the background, so that a visit answers
from memory or from the view files beside the database (``serve`` turns it on: ``warm_pages``).

Order: the commonest searches; each page kind's default view (home, events, documents, jurisdictions,
indicators, explore, map, compare, network, coverage) in both languages, compare for the groups and the
network around each major economy; the major economies' profiles; then
the profile of every other jurisdiction with data (events, observations or edges), most events first. The
views are kept per content stamp (:mod:`policyscope.web.services.precomputed`), so a restart on an unchanged
database reads them back instead of recomputing them; ``PROGRESS`` says how far the current warm-up got."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from policyscope.analysis.coverage import coverage
from policyscope.errors import PolicyscopeError
from policyscope.model import registry
from policyscope.store.database import Database
from policyscope.web.services import reads, search
from policyscope.web.services.figures import DEFAULT_EXPLORE, compare, explore, network_view, profile
from policyscope.web.services.maps import home_map, map_params, map_view
from policyscope.web.services.precomputed import cached_call

log = logging.getLogger("policyscope.web")
WARM_PROFILES = ("CHN", "USA", "EU", "DEU", "JPN", "GBR", "FRA", "KOR", "IND")
LANGS = ("zh", "en")
WARM_COMPARE_GROUPS = ("G7", "BRICS", "ASEAN")  # groups of 2–12 members a reader can type into the compare picker
COVERAGE_TOP = 30  # the /coverage page's default
PROGRESS: dict[str, Any] = {"snapshot": None, "done": 0, "total": 0, "seconds": 0.0, "finished": False}


def page_jobs(db: Database) -> list[Callable[[], object]]:
    """Each page kind's default view, with the same arguments as the pages pass (so that the keys match)."""
    q = reads.EventQuery().clean()  # what /events builds without parameters (deps.event_query's defaults)
    jobs: list[Callable[[], object]] = [
        partial(cached_call, db, reads.summary), partial(cached_call, db, reads.list_events, q),
        partial(cached_call, db, reads.event_facets, q), partial(cached_call, db, reads.documents, None, None, None, 1, 50),
        partial(cached_call, db, reads.jurisdictions, None), partial(cached_call, db, reads.indicators, None),
        partial(cached_call, db, reads.edge_indicators), partial(cached_call, db, coverage, COVERAGE_TOP)]
    for lang in LANGS:
        jobs += [partial(home_map, db, lang), partial(compare, db, None, None, None, lang),
                 partial(network_view, db, None, None, None, None, lang),
                 partial(explore, db, DEFAULT_EXPLORE["indicator"], DEFAULT_EXPLORE["j"], DEFAULT_EXPLORE["from"], None,
                         lang),
                 partial(cached_call, db, map_view, map_params(db, {}), lang)]
        jobs += [partial(compare, db, g, None, None, lang) for g in WARM_COMPARE_GROUPS]
        jobs += [partial(network_view, db, None, None, None, c, lang) for c in WARM_PROFILES]
    return jobs


def jurisdictions_with_data(db: Database) -> list[str]:
    """Known jurisdictions that have events, observations or edges: the major economies, then by events."""
    rows = db.con.execute(
        "WITH j AS (SELECT jurisdiction AS code, count(*) AS n FROM core.event GROUP BY 1 "
        "UNION ALL SELECT DISTINCT jurisdiction, 0 FROM core.observation "
        "UNION ALL SELECT DISTINCT a, 0 FROM core.edge UNION ALL SELECT DISTINCT b, 0 FROM core.edge) "
        "SELECT code, sum(n) AS n FROM j WHERE code IS NOT NULL GROUP BY 1 ORDER BY n DESC, code").fetchall()
    known = registry().by_code
    rest = [c for c, _ in rows if c in known and c not in WARM_PROFILES]
    return [*WARM_PROFILES, *rest]


def warm_pages(db: Database, stop: Callable[[], bool]) -> int:
    """Compute every page kind's default view and every profile into the snapshot's caches, in both
    languages. Runs in the background after the search warm-up; stops as soon as a newer snapshot arrives."""
    t0 = time.perf_counter()
    jobs = page_jobs(db)
    jobs += [partial(profile, db, c, lang) for c in jurisdictions_with_data(db) for lang in LANGS]
    PROGRESS.update(snapshot=getattr(db, "snapshot_number", None), done=0, total=len(jobs), finished=False)
    done = 0
    for job in jobs:
        if stop():
            break
        try:
            job()
        except PolicyscopeError as exc:
            log.debug("warm-up job skipped: %s", exc)
        done += 1
        PROGRESS.update(done=done, seconds=round(time.perf_counter() - t0, 1))
    PROGRESS["finished"] = done == len(jobs)
    return done


def warm_all(db: Database, stop: Callable[[], bool]) -> int:
    """The commonest searches first, then every page's first view."""
    return search.warm(db, stop) + warm_pages(db, stop)
