"""Warm-up of a new snapshot: the first views analysts open most are computed into the snapshot caches in the
background, so that their first visit answers from memory (``serve`` turns it on: ``warm_pages``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from policyscope.errors import PolicyscopeError
from policyscope.store.database import Database
from policyscope.web.services import search
from policyscope.web.services.figures import compare, network_view, profile
from policyscope.web.services.maps import home_map

WARM_PROFILES = ("CHN", "USA", "EU", "DEU", "JPN", "GBR", "FRA", "KOR", "IND")


def warm_pages(db: Database, stop: Callable[[], bool]) -> int:
    """Compute the first views analysts open most (the major economies' profiles, compare, network) into the
    snapshot cache of a new snapshot, in both languages, so that their first visit answers from memory. Runs
    in the background after the search warm-up; stops as soon as a newer snapshot arrives."""
    jobs: list[Callable[[], object]] = []
    for lang in ("zh", "en"):  # the same arguments as the pages pass, so that the cache keys match
        jobs += [partial(home_map, db, lang), partial(compare, db, None, None, None, lang),
                 partial(network_view, db, None, None, None, None, lang)]
        jobs += [partial(profile, db, c, lang) for c in WARM_PROFILES]
    done = 0
    for job in jobs:
        if stop():
            break
        try:
            job()
            done += 1
        except PolicyscopeError:
            continue
    return done


def warm_all(db: Database, stop: Callable[[], bool]) -> int:
    """The commonest searches first, then the major economies' pages."""
    return search.warm(db, stop) + warm_pages(db, stop)
