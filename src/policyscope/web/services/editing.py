"""Editor actions on events (review, edit, merge, unmerge), for the API and the page forms alike.

Each runs one store function on the writer thread (see :mod:`policyscope.web.snapshots`), recorded in the
event's history as ``web:<user>``; the store's errors (unknown id 404, invalid edit 400, busy 503) pass through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policyscope.store import events as store_events
from policyscope.web.auth import User
from policyscope.web.services.reads import jsonable

if TYPE_CHECKING:
    from policyscope.web.state import WebState


def review(st: WebState, user: User, event_id: str, state: str, note: str | None = None) -> dict[str, Any]:
    """Accept, reject or reopen an event; returns the event as stored."""
    return jsonable(st.writer.run(lambda db: store_events.set_review_state(db, event_id, state, f"web:{user.name}",
                                                                           note)))


def edit(st: WebState, user: User, event_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    return jsonable(st.writer.run(lambda db: store_events.edit_event(db, event_id, changes, f"web:{user.name}")))


def merge(st: WebState, user: User, keep: str, others: list[str]) -> dict[str, Any]:
    return jsonable(st.writer.run(lambda db: store_events.merge_events(db, keep, others, f"web:{user.name}")))


def unmerge(st: WebState, user: User, event_id: str) -> dict[str, Any]:
    return jsonable(st.writer.run(lambda db: store_events.unmerge_event(db, event_id, f"web:{user.name}")))
