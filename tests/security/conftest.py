"""Fixtures of the adversarial suite: the web fixtures (a built database with users and a hostile event),
a hostile-event writer and a real ``policyscope serve`` started with chosen settings."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from policyscope.model import Evidence, PolicyEvent
from policyscope.store.database import Database
from policyscope.store.events import set_review_state, upsert_events
from tests.web.conftest import client, free_port, web_copy, web_db  # noqa: F401 - fixtures for this folder


def add_event(db_path: Path, event_id: str, title: str, *, date: str = "2024-05-10", jurisdiction: str = "USA",
              issuer: str | None = None, quote: str | None = None, accept: bool = True) -> None:
    """An event carrying an attacker's strings, stored (and accepted) as a document would leave it."""
    ev = PolicyEvent(id=event_id, jurisdiction=jurisdiction, title=title, issuer=issuer, type="strategy",
                     domains=["ai"], origin="manual", date=dt.date.fromisoformat(date), date_precision="day",
                     evidence=[Evidence(quote=quote or f"evidence of {event_id}")])
    with Database(db_path) as db:
        with db.transaction() as con:
            upsert_events(con, [ev], actor="attacker")
        if accept:
            set_review_state(db, event_id, "accepted", "attacker")


class Server:
    """``policyscope serve`` in a subprocess with its own environment (rate limits switched on)."""

    def __init__(self, db: Path, env: dict[str, str], extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = db.parent / f"server-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policyscope", "serve", "--db", str(db), "--port", str(self.port),
             "--log-level", "warning", "--work-dir", str(db.parent / f"work-{self.port}"), *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=dict(os.environ) | env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()}")
            try:
                if httpx.get(self.url + "/api/v1/me", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start in 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture()
def serve(web_copy) -> Iterator:  # noqa: F811
    """Start servers on the test's database copy: ``serve(env, *args)``; all stopped at the end."""
    db, _ = web_copy
    started: list[Server] = []

    def start(env: dict[str, str], *extra: str) -> Server:
        s = Server(db, env, extra)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
