"""Who may write: users with argon2 password hashes, API tokens and sign-in sessions, kept in schema ``app``
(which ``build`` carries over), signed cookies and CSRF tokens (itsdangerous).

A signed cookie alone cannot be taken back, so a sign-in also writes a row in ``app.session``: the cookie
carries a random session token, the table its hash and expiry. Sign-out deletes the row; a new password or a
disabled user revokes all of that user's rows — the session ends at once, not when the cookie expires.

Only hashes are stored: a password as argon2id, an API token as its SHA-256 (tokens are long random strings,
so a fast hash is enough and lets us look one up by value).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel

from policyscope.store.database import Database, StoreError, StoreNotFound

ROLES = ("viewer", "editor", "admin")
WRITE_ROLES = ("editor", "admin")
NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# A hash of a random password, verified when the user does not exist so that timing does not tell names apart.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

SCHEMA = [
    "CREATE SCHEMA IF NOT EXISTS app",
    """CREATE TABLE IF NOT EXISTS app.user (
        name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
        created_at TIMESTAMP DEFAULT current_timestamp, disabled BOOLEAN DEFAULT FALSE)""",
    """CREATE TABLE IF NOT EXISTS app.api_token (
        token_hash VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, label VARCHAR,
        created_at TIMESTAMP DEFAULT current_timestamp, revoked BOOLEAN DEFAULT FALSE)""",
    SESSION_TABLE := """CREATE TABLE IF NOT EXISTS app.session (
        token_hash VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL,
        created_at TIMESTAMP DEFAULT current_timestamp, expires_at TIMESTAMP NOT NULL)""",
]


class User(BaseModel):
    name: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES


def ensure_schema(db: Database) -> None:
    with db.transaction() as con:
        for stmt in SCHEMA:
            con.execute(stmt)


def _has_tables(db: Database) -> bool:
    n = db.scalar(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'app' AND table_name IN ('user', 'api_token')"
    )
    return bool(n == 2)


def add_user(db: Database, name: str, password: str, role: str = "editor") -> User:
    """Create a user, or set a new password and role for an existing one."""
    if not NAME_RE.match(name):
        raise StoreError(f"user name {name!r} must be 2–64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password for {name!r} is too short (at least {MIN_PASSWORD} characters)")
    ensure_schema(db)
    with db.transaction() as con:
        con.execute(
            "INSERT OR REPLACE INTO app.user (name, role, password_hash, disabled) VALUES (?, ?, ?, FALSE)",
            [name, role, _hasher.hash(password)],
        )
        con.execute("DELETE FROM app.session WHERE user_name = ?", [name])  # a new password signs everyone out
    return User(name=name, role=role)


def list_users(db: Database) -> list[dict[str, Any]]:
    if not _has_tables(db):
        return []
    rows = db.df("SELECT u.name, u.role, u.created_at, u.disabled, count(t.token_hash) FILTER (WHERE NOT t.revoked) "
                 "AS tokens FROM app.user u LEFT JOIN app.api_token t ON t.user_name = u.name GROUP BY ALL ORDER BY 1")
    return rows.to_dict("records")


def remove_user(db: Database, name: str) -> None:
    if not _has_tables(db) or db.scalar("SELECT count(*) FROM app.user WHERE name = ?", [name]) == 0:
        raise StoreNotFound(f"no user named {name!r}")
    ensure_schema(db)
    with db.transaction() as con:
        con.execute("UPDATE app.user SET disabled = TRUE WHERE name = ?", [name])
        con.execute("UPDATE app.api_token SET revoked = TRUE WHERE user_name = ?", [name])
        con.execute("DELETE FROM app.session WHERE user_name = ?", [name])


def end_all_sessions(db: Database, name: str) -> int:
    """Sign ``name`` out everywhere (every browser session); returns how many sessions ended."""
    if not _has_tables(db) or db.scalar("SELECT count(*) FROM app.user WHERE name = ?", [name]) == 0:
        raise StoreNotFound(f"no user named {name!r}")
    ensure_schema(db)
    with db.transaction() as con:
        return int(con.execute("DELETE FROM app.session WHERE user_name = ?", [name]).fetchone()[0])


def start_session(db: Database, name: str, hours: float) -> str:
    """A new sign-in session for ``name`` (called on the writer); returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS app")
        con.execute(SESSION_TABLE)
        con.execute("DELETE FROM app.session WHERE expires_at < current_timestamp")  # tidy as we go
        con.execute("INSERT INTO app.session (token_hash, user_name, expires_at) VALUES "
                    "(?, ?, current_timestamp + to_microseconds(CAST(? AS BIGINT)))",
                    [token_hash(token), name, int(hours * 3600 * 1_000_000)])
    return token


def end_session(db: Database, token: str) -> None:
    """Sign-out: the session's row goes, so the cookie (even a copy of it) no longer signs anyone in."""
    if not token:
        return
    with db.transaction() as con:
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'app' AND table_name = 'session'"
                       ).fetchone()[0]:
            con.execute("DELETE FROM app.session WHERE token_hash = ?", [token_hash(token)])


def session_state(db: Database, token: str, name: str) -> str:
    """'live' if the session row exists for ``name`` and has not expired, 'missing' if there is no row,
    'dead' if the row is expired or the user is disabled."""
    n = db.scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'app' AND table_name = 'session'")
    if not n or not token:
        return "missing"
    row = db.con.execute(
        "SELECT s.expires_at > current_timestamp AND NOT coalesce(u.disabled, TRUE) FROM app.session s "
        "LEFT JOIN app.user u ON u.name = s.user_name WHERE s.token_hash = ? AND s.user_name = ?",
        [token_hash(token), name]).fetchone()
    if row is None:
        return "missing"
    return "live" if row[0] else "dead"


def create_token(db: Database, name: str, label: str | None = None) -> str:
    """A new API token for ``name``; the token itself is shown once and only its hash is kept."""
    if not _has_tables(db) or db.scalar("SELECT count(*) FROM app.user WHERE name = ? AND NOT disabled", [name]) == 0:
        raise StoreNotFound(f"no active user named {name!r}; create it with `policyscope users add {name}`")
    token = "ps_" + secrets.token_urlsafe(32)
    with db.transaction() as con:
        con.execute("INSERT INTO app.api_token (token_hash, user_name, label) VALUES (?, ?, ?)",
                    [token_hash(token), name, label])
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def verify_password(db: Database, name: str, password: str) -> User | None:
    """The user if the password matches; None otherwise (same work either way)."""
    row = None
    if _has_tables(db):
        row = db.con.execute(
            "SELECT name, role, password_hash FROM app.user WHERE name = ? AND NOT disabled", [name]
        ).fetchone()
    try:
        _hasher.verify(row[2] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(name=row[0], role=row[1]) if row else None


def user_for_token(db: Database, token: str) -> User | None:
    if not token or not _has_tables(db):
        return None
    row = db.con.execute(
        "SELECT u.name, u.role FROM app.api_token t JOIN app.user u ON u.name = t.user_name "
        "WHERE t.token_hash = ? AND NOT t.revoked AND NOT u.disabled", [token_hash(token)]
    ).fetchone()
    return User(name=row[0], role=row[1]) if row else None


def user_by_name(db: Database, name: str) -> User | None:
    if not _has_tables(db):
        return None
    row = db.con.execute("SELECT name, role FROM app.user WHERE name = ? AND NOT disabled", [name]).fetchone()
    return User(name=row[0], role=row[1]) if row else None


class Sessions:
    """Signed, time-limited cookies: the session (visitor id, user) and CSRF tokens bound to the visitor."""

    COOKIE = "ps_session"

    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self.max_age = max_age_seconds
        self._session = URLSafeTimedSerializer(secret, salt="policyscope.session")
        self._csrf = URLSafeTimedSerializer(secret, salt="policyscope.csrf")
        # tokens this process ended: refused at once, before the snapshot that no longer has them arrives
        self._revoked: set[str] = set()
        self._lock = threading.Lock()

    def signed_in(self, data: dict[str, Any], user: str, token: str) -> None:
        """Put a new sign-in into the session: a new visitor id (no fixation), the user, the server token."""
        data.clear()
        data.update({"sid": secrets.token_urlsafe(16), "user": user, "st": token, "iat": time.time(),
                     "dirty": True})

    def signed_out(self, data: dict[str, Any]) -> str | None:
        """Forget the sign-in in ``data`` (a new visitor id); returns the server token to delete."""
        token = data.get("st")
        if isinstance(token, str):
            with self._lock:
                self._revoked.add(token_hash(token))
        data.clear()
        data.update({"sid": secrets.token_urlsafe(16), "dirty": True})
        return token if isinstance(token, str) else None

    def is_revoked(self, token: str) -> bool:
        return token_hash(token) in self._revoked

    def load(self, cookie: str | None) -> dict[str, Any]:
        if cookie:
            try:
                data = self._session.loads(cookie, max_age=self.max_age)
                if isinstance(data, dict) and isinstance(data.get("sid"), str):
                    return data
            except BadSignature:
                pass
        return {"sid": secrets.token_urlsafe(16), "new": True}

    def dump(self, data: dict[str, Any]) -> str:
        return self._session.dumps({k: v for k, v in data.items() if k != "new"})

    def csrf_token(self, sid: str) -> str:
        return self._csrf.dumps(sid)

    def csrf_ok(self, sid: str, token: str | None) -> bool:
        if not token:
            return False
        try:
            return secrets.compare_digest(str(self._csrf.loads(token, max_age=self.max_age)), sid)
        except BadSignature:
            return False
