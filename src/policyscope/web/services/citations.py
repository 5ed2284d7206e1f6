"""Citations for the web: the same as ``policyscope cite`` (``store.citation`` builds them), with the URL of
the server the reader is using; the cite router and the pages' “引用 / Cite” block both call :func:`citation`."""

from __future__ import annotations

from urllib.parse import urlencode

from policyscope.store.citation import Citation, dataset_citation, event_citation, indicator_citation
from policyscope.store.database import Database
from policyscope.web.services.reads import BadQuery


def citation(db: Database, base: str, event: str | None, indicator: str | None) -> Citation:
    """The citation of an event, an indicator or (with neither) the dataset; an unknown id is
    :class:`~policyscope.store.errors.StoreNotFound` (404)."""
    if event and indicator:
        raise BadQuery("give event= or indicator=, not both")
    if event:
        return event_citation(db, event, url=f"{base}/events/{event}")
    if indicator:
        return indicator_citation(db, indicator, url=f"{base}/explore?{urlencode({'indicator': indicator})}")
    return dataset_citation(db, url=base)
