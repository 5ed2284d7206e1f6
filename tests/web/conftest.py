"""Web fixtures: a database copy with two users and a hostile event, an in-process client, a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from policyscope.model import Evidence, PolicyEvent
from policyscope.store.database import Database
from policyscope.store.events import upsert_events
from policyscope.store.search import ensure_schema, sync_index
from policyscope.web import WebSettings, create_app
from policyscope.web.auth import add_user, create_token

EDITOR = ("alice", "alice-pass-2024")
VIEWER = ("victor", "victor-pass-2024")
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"
XSS_EVENT_ID = "ev_web_test_xss"
REAL_EVENT_ID = "ev_web_test_real"
TEST_ENV = {"POLICYSCOPE_SEARCH_RATE": "0", "POLICYSCOPE_WRITE_RATE": "0", "POLICYSCOPE_EXPORT_RATE": "0"}


def prepare_db(path: Path) -> dict[str, str]:
    """Users (editor, viewer, a token) and two events: one real sentence, one with script payloads."""
    with Database(path) as db:
        add_user(db, EDITOR[0], EDITOR[1], "editor")
        add_user(db, VIEWER[0], VIEWER[1], "viewer")
        token = create_token(db, EDITOR[0], "tests")
        viewer_token = create_token(db, VIEWER[0], "tests")
        doc_id = db.scalar("SELECT id FROM core.document WHERE lang = 'en' AND chars > 20000 ORDER BY id LIMIT 1")
        text = db.scalar("SELECT text FROM core.document WHERE id = ?", [doc_id])
        lines = text.split("\n")
        line_no, quote = next((i + 1, ln.strip()) for i, ln in enumerate(lines) if i >= 30 and len(ln.strip()) > 60)
        events = [
            PolicyEvent(id=REAL_EVENT_ID, jurisdiction="DNK", title="Web test: national AI strategy sentence",
                        type="strategy", domains=["ai"], origin="manual",
                        evidence=[Evidence(document_id=doc_id, line=line_no, quote=quote)]),
            PolicyEvent(id=XSS_EVENT_ID, jurisdiction="USA", title=f"Hostile {XSS} title", issuer=XSS,
                        type="law_regulation", domains=["ai"], origin="manual", url="javascript:alert(1)",
                        evidence=[Evidence(quote=f"quote with {XSS}")]),
        ]
        with db.transaction() as con:
            upsert_events(con, events, actor="tests")
            ensure_schema(con)
            sync_index(con)
    return {"token": token, "viewer_token": viewer_token, "doc_id": doc_id, "line": str(line_no), "quote": quote}


@pytest.fixture(scope="session")
def web_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A prepared copy of the built database (copied again per test by ``web_copy``)."""
    path = tmp_path_factory.mktemp("webdb") / "policyscope.duckdb"
    shutil.copy(built_db, path)
    info = prepare_db(path)
    return path, info


@pytest.fixture()
def web_copy(web_db: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    src, info = web_db
    dst = tmp_path / "policyscope.duckdb"
    shutil.copy(src, dst)
    return dst, info


def make_client(db: Path, **settings: object) -> TestClient:
    opts: dict[str, object] = {"search_rate": 0, "write_rate": 0, "login_rate": 0, "export_rate": 0, "snapshot_poll_seconds": 0.2,
                               "work_dir": db.parent / "work"}
    opts.update(settings)
    return TestClient(create_app(WebSettings(db_path=db, **opts)), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def client(web_db: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[TestClient, dict[str, str]]]:
    """One app per test module on its own copy (tests that write use distinct events or ``web_copy``)."""
    src, info = web_db
    db = tmp_path_factory.mktemp("client") / "policyscope.duckdb"
    shutil.copy(src, db)
    with make_client(db) as c:
        yield c, info | {"db": str(db)}


def csrf_of(c: TestClient) -> str:
    return c.get("/api/v1/me").json()["csrf_token"]


def sign_in(c: TestClient, user: tuple[str, str] = EDITOR) -> None:
    token = csrf_of(c)
    r = c.post("/login", data={"username": user[0], "password": user[1], "csrf_token": token, "next": "/"},
               follow_redirects=False)
    assert r.status_code == 303, r.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``policyscope serve`` in a subprocess on a free loopback port."""

    def __init__(self, db: Path, extra: tuple[str, ...] = ()) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ) | TEST_ENV
        self.log = open(db.parent / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policyscope", "serve", "--db", str(db), "--port", str(self.port),
             "--log-level", "warning", "--work-dir", str(db.parent / "serve-work"), "--no-warm", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {(db.parent / 'server.log').read_text()}")
            try:
                if httpx.get(self.url + "/api/v1/me", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start in 180 s (a loaded machine)")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def live_server(web_db: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[LiveServer, dict[str, str]]]:
    src, info = web_db
    dst = tmp_path_factory.mktemp("live") / "policyscope.duckdb"
    shutil.copy(src, dst)
    server = LiveServer(dst)
    try:
        yield server, info
    finally:
        server.stop()
