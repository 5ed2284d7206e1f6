"""Watchlists: a user's saved events filter (or search words), with "new since your last visit", an Atom feed
and an optional e-mail digest.

A watchlist stores the filter fields of the events list (``q``, ``jurisdiction``, ``domain``, ``type``,
``from``, ``to``, ``level``, ``status``, ``source``, ``review_state``) as JSON and matches events through
:class:`~policyscope.web.services.reads.EventQuery`
— which builds its SQL from ``store.events.event_conditions`` — so a watchlist, the events page and
``/api/v1/events`` always agree on what a filter matches.

Rows live in schema ``app`` (carried over by ``build`` like users and sessions). Each watchlist has its own
random feed token, so a feed reader can fetch the Atom feed without a session or the owner's API token; it is
compared in constant time and grants nothing but that one feed.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from policyscope.errors import NotFound
from policyscope.store.database import Database
from policyscope.web import auth
from policyscope.web.services.reads import BadQuery, EventQuery, fetch, list_events

FILTER_KEYS = ("q", "jurisdiction", "domain", "type", "from", "to", "level", "status", "source", "review_state")
DIGESTS = ("none", "daily", "weekly")
LANGS = ("zh", "en")
# A digest is due when its last one is older than the period less an hour, so a cron job at the same hour
# every day (or week) is not skipped because the previous run finished a few seconds later.
PERIODS = {"daily": timedelta(days=1) - timedelta(hours=1), "weekly": timedelta(days=7) - timedelta(hours=1)}
MAX_EVENTS = 200  # events shown on a watchlist page, in a feed or in a digest
MAX_PER_USER = 100
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS app.watchlist (
        id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, name VARCHAR NOT NULL, query JSON NOT NULL,
        lang VARCHAR NOT NULL DEFAULT 'en', digest VARCHAR NOT NULL DEFAULT 'none', feed_token VARCHAR NOT NULL,
        created_at TIMESTAMP DEFAULT current_timestamp, last_seen TIMESTAMP, last_sent TIMESTAMP)""",
    # migration-safe: databases made before watchlists get the column, later runs change nothing
    "ALTER TABLE app.user ADD COLUMN IF NOT EXISTS email VARCHAR",
]
COLUMNS = ("id", "user_name", "name", "query", "lang", "digest", "feed_token", "created_at", "last_seen",
           "last_sent")


class Watchlist(BaseModel):
    """One saved filter of one user."""

    id: str
    user_name: str
    name: str
    query: dict[str, Any]
    lang: str = "en"
    digest: str = "none"
    feed_token: str
    created_at: datetime | None = None
    last_seen: datetime | None = None
    last_sent: datetime | None = None

    def event_query(self, per_page: int = MAX_EVENTS) -> EventQuery:
        """The stored filter as the events list's query (newest first)."""
        return to_event_query(self.query, per_page)

    def public(self) -> dict[str, Any]:
        """The watchlist for its owner's JSON (with the feed token: the owner needs it for the feed URL)."""
        return self.model_dump(mode="json")


def ensure_schema(db: Database) -> None:
    """Create the watchlist table and the user's e-mail column (inside the writer's transaction)."""
    auth.ensure_schema(db)
    with db.transaction() as con:
        for stmt in SCHEMA:
            con.execute(stmt)


def has_table(db: Database) -> bool:
    n = db.scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'app' AND table_name = 'watchlist'")
    return bool(n)


def has_users(db: Database) -> bool:
    """Whether anyone could sign in at all (no users: watchlists cannot be used on this server)."""
    return bool(auth.list_users(db))


def clean_filter(raw: dict[str, Any]) -> dict[str, Any]:
    """Only the known filter fields, checked by the events list's own rules; empty fields dropped.

    Dates are kept as the user wrote them (``2024`` stays a year); a jurisdiction is stored as its code."""
    out: dict[str, Any] = {}
    for key in FILTER_KEYS:
        v = raw.get(key)
        if key == "review_state":
            items = v if isinstance(v, list | tuple) else [v] if v is not None else []
            states = [str(x).strip() for x in items if str(x).strip()]
            if states:
                out[key] = states
        elif v is not None and str(v).strip():
            out[key] = str(v).strip()
    checked = to_event_query(out, 1)  # raises BadQuery on an unknown domain, a bad date…
    if checked.jurisdiction:
        out["jurisdiction"] = checked.jurisdiction  # the code: "Denmark" and "丹麦" are one watchlist
    return out


def to_event_query(filt: dict[str, Any], per_page: int = MAX_EVENTS) -> EventQuery:
    return EventQuery(q=filt.get("q"), jurisdiction=filt.get("jurisdiction"), domain=filt.get("domain"),
                      type=filt.get("type"), date_from=filt.get("from"), date_to=filt.get("to"),
                      level=filt.get("level"), status=filt.get("status"), source=filt.get("source"),
                      review_state=list(filt.get("review_state") or []), sort="-date", per_page=per_page).clean()


def _check_new(name: str, lang: str, digest: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 120:
        raise BadQuery("name must be 1–120 characters")
    if lang not in LANGS:
        raise BadQuery(f"lang must be zh or en, not {lang!r}")
    if digest not in DIGESTS:
        raise BadQuery(f"digest must be one of {', '.join(DIGESTS)}, not {digest!r}")
    return name


def create(db: Database, user: str, name: str, filt: dict[str, Any], lang: str = "en",
           digest: str = "none") -> Watchlist:
    """Save a watchlist for ``user`` (on the writer); nothing is "new" before it exists."""
    name = _check_new(name, lang, digest)
    filt = clean_filter(filt)
    ensure_schema(db)
    wid = "w" + secrets.token_hex(6)
    with db.transaction() as con:
        n = con.execute("SELECT count(*) FROM app.watchlist WHERE user_name = ?", [user]).fetchone()
        if n is not None and n[0] >= MAX_PER_USER:
            raise BadQuery(f"{user!r} already has {MAX_PER_USER} watchlists; delete one first")
        con.execute("INSERT INTO app.watchlist (id, user_name, name, query, lang, digest, feed_token, last_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
                    [wid, user, name, json.dumps(filt, ensure_ascii=False), lang, digest, secrets.token_urlsafe(24)])
    found = get(db, user, wid)
    assert found is not None
    return found


def _rows(db: Database, where: str, params: list[Any]) -> list[Watchlist]:
    if not has_table(db):
        return []
    cur = db.con.execute(f"SELECT {', '.join(COLUMNS)} FROM app.watchlist WHERE {where} "
                         "ORDER BY created_at, id", params)
    out = []
    for row in cur.fetchall():
        d = dict(zip(COLUMNS, row, strict=True))
        d["query"] = json.loads(d["query"]) if isinstance(d["query"], str) else (d["query"] or {})
        out.append(Watchlist(**d))
    return out


def list_for(db: Database, user: str) -> list[Watchlist]:
    return _rows(db, "user_name = ?", [user])


def list_all(db: Database, user: str | None = None) -> list[Watchlist]:
    """Every watchlist (or one user's), for the command line."""
    return _rows(db, "TRUE", []) if user is None else list_for(db, user)


def get(db: Database, user: str, wid: str) -> Watchlist | None:
    """The watchlist if ``user`` owns it; None otherwise (so others cannot tell it exists)."""
    rows = _rows(db, "id = ? AND user_name = ?", [wid, user])
    return rows[0] if rows else None


def by_feed_token(db: Database, wid: str, token: str | None) -> Watchlist | None:
    """The watchlist if ``token`` is its feed token (constant-time compare); the owner must still be active."""
    rows = _rows(db, "id = ?", [wid])
    if not rows or not token or not secrets.compare_digest(rows[0].feed_token.encode(), token.encode()):
        return None
    return rows[0] if auth.user_by_name(db, rows[0].user_name) else None


def delete(db: Database, user: str, wid: str) -> None:
    if get(db, user, wid) is None:
        raise NotFound(f"no watchlist {wid!r}")
    with db.transaction() as con:
        con.execute("DELETE FROM app.watchlist WHERE id = ? AND user_name = ?", [wid, user])


def set_digest(db: Database, user: str, wid: str, digest: str) -> None:
    if digest not in DIGESTS:
        raise BadQuery(f"digest must be one of {', '.join(DIGESTS)}, not {digest!r}")
    if get(db, user, wid) is None:
        raise NotFound(f"no watchlist {wid!r}")
    with db.transaction() as con:
        con.execute("UPDATE app.watchlist SET digest = ? WHERE id = ?", [digest, wid])


def mark_seen(db: Database, wid: str, at: datetime) -> None:
    """The owner saw everything up to ``at`` (the moment the page was read, not written)."""
    with db.transaction() as con:
        con.execute("UPDATE app.watchlist SET last_seen = ? WHERE id = ?", [at, wid])


def mark_sent(db: Database, wid: str, at: datetime) -> None:
    """The SMTP server accepted the digest covering events up to ``at``."""
    with db.transaction() as con:
        con.execute("UPDATE app.watchlist SET last_sent = ? WHERE id = ?", [at, wid])


def now(db: Database) -> datetime:
    """The database's clock, in the same time base as the events' ``created_at``/``updated_at``."""
    return db.scalar("SELECT CAST(current_timestamp AS TIMESTAMP)")


def latest_change(db: Database) -> datetime | None:
    """The newest ``created_at``/``updated_at`` this database (a server snapshot, perhaps a second old) holds:
    a visit has seen everything up to it, and an event written after the snapshot was taken is still new."""
    return db.scalar("SELECT max(greatest(created_at, updated_at)) FROM main.events")


def matching(db: Database, wl: Watchlist, limit: int = MAX_EVENTS) -> dict[str, Any]:
    """Events the filter matches, newest first (exactly what the events list shows for it)."""
    return list_events(db, wl.event_query(limit))


def _changed(wl: Watchlist, since: datetime, until: datetime | None) -> tuple[str, list[Any]]:
    """The watchlist's filter plus "created or changed after ``since`` (and not after ``until``)"."""
    where, params = wl.event_query(1).where()
    where += " AND greatest(created_at, updated_at) > ?"
    params.append(since)
    if until is not None:
        where += " AND greatest(created_at, updated_at) <= ?"
        params.append(until)
    return where, params


def new_ids(db: Database, wl: Watchlist, since: datetime | None, until: datetime | None = None) -> set[str]:
    """Ids of matching events created or changed after ``since`` (and not after ``until``)."""
    if since is None:
        return set()
    where, params = _changed(wl, since, until)
    return {r[0] for r in db.con.execute(f"SELECT id FROM main.events WHERE {where}", params).fetchall()}


def new_events(db: Database, wl: Watchlist, since: datetime | None, until: datetime | None,
               limit: int = MAX_EVENTS) -> list[dict[str, Any]]:
    """The matching events new since ``since`` (up to ``until``), newest first, for a digest."""
    if since is None:
        return []
    where, params = _changed(wl, since, until)
    return fetch(db, "SELECT id, jurisdiction, date, title, title_en, title_zh, type, domains, issuer, updated_at "
                     f"FROM main.events WHERE {where} ORDER BY date DESC NULLS LAST, id LIMIT ?", [*params, limit])


def set_email(db: Database, user: str, email: str | None) -> None:
    """Where ``user``'s digests go (None or "" removes it)."""
    email = (email or "").strip() or None
    if email is not None and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise BadQuery(f"{email!r} is not an e-mail address")
    ensure_schema(db)
    with db.transaction() as con:
        found = con.execute("SELECT count(*) FROM app.user WHERE name = ?", [user]).fetchone()
        if not found or not found[0]:
            raise NotFound(f"no user named {user!r}")
        con.execute("UPDATE app.user SET email = ? WHERE name = ?", [email, user])


def email_of(db: Database, user: str) -> str | None:
    has_col = db.scalar("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'app' AND table_name = 'user' "
                        "AND column_name = 'email'")
    if not has_col:
        return None
    return db.scalar("SELECT email FROM app.user WHERE name = ? AND NOT disabled", [user])


def due(db: Database, at: datetime, period: str | None = None) -> list[Watchlist]:
    """Watchlists whose digest (``period``, or each its own) is due at ``at``, of users still active."""
    if not has_table(db):
        return []
    periods = [period] if period else list(PERIODS)
    out: list[Watchlist] = []
    for p in periods:
        out += _rows(db, "digest = ? AND (last_sent IS NULL OR last_sent <= ?) AND user_name IN "
                         "(SELECT name FROM app.user WHERE NOT disabled)", [p, at - PERIODS[p]])
    return out
