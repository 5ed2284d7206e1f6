"""Findings 1 (second half) and 4 — secrets and sessions.

Attacks: read the signing key out of the environment (as a report could, via /proc/self/environ) or out of the
settings a multi-process server hands its workers; forge a ``ps_session`` cookie for a user with the key;
replay a cookie after its owner signed out or changed their password.
Must not happen: the key is in the environment or in serialised settings; a cookie forged with the real key
signs anyone in; a cookie keeps working after sign-out, a password change or ``users logout``."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from policyscope.store.database import Database
from policyscope.web.auth import add_user
from policyscope.web.settings import KEY_FILE_NAME, SECRET_ENV, WebSettings
from tests.conftest import run_cli
from tests.web.conftest import EDITOR, REAL_EVENT_ID, csrf_of, make_client, sign_in


def test_secret_key_lives_in_a_private_file_not_in_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    db = tmp_path / "policyscope.duckdb"
    s = WebSettings(db_path=db)
    key_file = tmp_path / KEY_FILE_NAME
    assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert s.key() == key_file.read_text().strip() and len(s.key()) >= 32
    assert WebSettings(db_path=db).key() == s.key()  # the same key on the next start
    assert s.key() not in s.model_dump_json() and s.key() not in repr(s) and s.key() not in str(s.model_dump())
    assert all(s.key() not in v for v in os.environ.values())


def test_secret_from_the_environment_is_taken_out_of_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "an-operator-chosen-key-0123456789")
    s = WebSettings(db_path=tmp_path / "policyscope.duckdb")
    assert s.key() == "an-operator-chosen-key-0123456789"
    assert SECRET_ENV not in os.environ  # no child process (a renderer, a worker) inherits it
    assert "an-operator-chosen-key" not in s.model_dump_json()


def test_a_key_file_others_can_read_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    key = tmp_path / "k"
    key.write_text("x" * 40)
    key.chmod(0o644)
    try:
        WebSettings(db_path=tmp_path / "db.duckdb", secret_key_file=key)
    except ValueError as exc:
        assert "chmod 600" in str(exc)
    else:
        raise AssertionError("a world-readable key file was accepted")


def test_cookie_forged_with_the_real_key_signs_nobody_in(web_copy) -> None:
    """Even an attacker who stole the key cannot make a session: sessions exist on the server."""
    from itsdangerous import URLSafeTimedSerializer

    db, _ = web_copy
    with make_client(db) as c:
        key = c.app.state.web.settings.key()
        forged = URLSafeTimedSerializer(key, salt="policyscope.session").dumps({"sid": "attacker", "user": EDITOR[0]})
        c.cookies.set("ps_session", forged)
        assert c.get("/api/v1/me").json()["user"] is None
        forged2 = URLSafeTimedSerializer(key, salt="policyscope.session").dumps(
            {"sid": "attacker", "user": EDITOR[0], "st": "guessed-token", "iat": time.time() - 3600})
        c.cookies.set("ps_session", forged2)
        assert c.get("/api/v1/me").json()["user"] is None


def _replay(c, cookie: str) -> dict:
    c.cookies.clear()
    c.cookies.set("ps_session", cookie)
    return c.get("/api/v1/me").json()


def test_cookie_is_dead_after_logout(web_copy) -> None:
    db, _ = web_copy
    with make_client(db) as c:
        sign_in(c)
        stolen = c.cookies["ps_session"]
        assert _replay(c, stolen)["user"]["name"] == EDITOR[0]
        r = c.post("/logout", data={"csrf_token": csrf_of(c)}, follow_redirects=False)
        assert r.status_code == 303
        me = _replay(c, stolen)
        assert me["user"] is None
        r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "rejected"},
                   headers={"X-CSRF-Token": me["csrf_token"]})
        assert r.status_code == 401
    with make_client(db) as c2:  # a fresh server process (its first snapshot) refuses it too
        assert _replay(c2, stolen)["user"] is None


def _until_signed_out(c, cookie: str, seconds: float = 10.0) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if _replay(c, cookie)["user"] is None:
            return time.monotonic() - t0
        time.sleep(0.1)
    raise AssertionError(f"the session still works {seconds} s after it was revoked")


def test_cookie_is_dead_after_password_change(web_copy) -> None:
    db, _ = web_copy
    with make_client(db) as c:
        sign_in(c)
        stolen = c.cookies["ps_session"]
        assert _replay(c, stolen)["user"]["name"] == EDITOR[0]
        with Database(db) as d:  # the admin resets the password from the command line (another process)
            add_user(d, EDITOR[0], "a-brand-new-password", "editor")
        assert _until_signed_out(c, stolen) < 5  # the next snapshot (0.2 s here, 1 s by default)


def test_users_logout_ends_every_session(web_copy) -> None:
    db, _ = web_copy
    with make_client(db) as c:
        sign_in(c)
        stolen = c.cookies["ps_session"]
        r = run_cli("users", "logout", EDITOR[0], db=db)
        assert r.returncode == 0 and "1 session ended" in r.stdout, r.stdout + r.stderr
        _until_signed_out(c, stolen)
