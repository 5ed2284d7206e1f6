"""Watchlists end to end on a real database copy: saved through the web (CSRF), private to their owner, an Atom
feed that lists exactly what the events API lists for the same filter, "new since your last visit", and an
e-mail digest delivered to a real local SMTP server."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree as ET

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policyscope.cli import app as cli_app
from policyscope.model import PolicyEvent
from policyscope.store.database import Database
from policyscope.store.events import upsert_events
from policyscope.web.services import watchlists as wls
from tests.web.conftest import EDITOR, VIEWER, csrf_of, free_port, make_client, sign_in

ATOM = "{http://www.w3.org/2005/Atom}"
FILTER = {"jurisdiction": "DNK", "domain": "ai"}
NEW_EVENT = "ev_watch_test_new"


def create_watchlist(c: TestClient, name: str = "Denmark AI", lang: str = "en", digest: str = "none") -> str:
    """Save the filter through the web form as the signed-in user; returns the new watchlist's id."""
    r = c.post("/watchlists", data={"csrf_token": csrf_of(c), "name": name, "lang": lang, "digest": digest,
                                    **FILTER}, follow_redirects=False)
    assert r.status_code == 303, r.text
    m = re.fullmatch(r"/watchlists/(w[0-9a-f]+)", r.headers["location"])
    assert m, r.headers["location"]
    return m.group(1)


def add_event(c: TestClient, event_id: str, title: str) -> None:
    """A new event matching FILTER, written on the app's own database copy through its writer."""
    ev = PolicyEvent(id=event_id, jurisdiction="DNK", title=title, title_zh="丹麦人工智能新政策：" + title,
                     type="strategy", domains=["ai"], origin="manual", date=date(2026, 11, 30))

    def write(db: Database) -> None:
        with db.transaction() as con:
            upsert_events(con, [ev], actor="tests")

    c.app.state.web.writer.run(write)  # type: ignore[attr-defined]


def feed_of(c: TestClient, wid: str) -> tuple[str, ET.Element]:
    url = c.get(f"/api/v1/watchlists/{wid}").json()["watchlist"]["feed_url"]
    token = parse_qs(urlparse(url).query)["token"][0]
    r = c.get(f"/watchlists/{wid}/feed.atom", params={"token": token})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/atom+xml")
    return token, ET.fromstring(r.content)


def test_watchlist_web_feed_and_new_since_last_visit(web_copy: tuple[Path, dict[str, str]]) -> None:
    db, info = web_copy
    with make_client(db) as c:
        other = TestClient(c.app, base_url="http://127.0.0.1")  # the same server, another browser
        sign_in(c, EDITOR)
        # the events page offers to save its filter; the form comes prefilled
        assert 'href="/watchlists?' in c.get("/events", params=FILTER).text
        page = c.get("/watchlists", params=FILTER)
        assert page.status_code == 200 and 'value="DNK"' in page.text

        # without a CSRF token nothing is saved
        r = c.post("/watchlists", data={"name": "x", **FILTER}, follow_redirects=False)
        assert r.status_code == 403
        wid = create_watchlist(c)
        listed = c.get("/watchlists")
        assert "Denmark AI" in listed.text and f"/watchlists/{wid}" in listed.text
        assert [w["id"] for w in c.get("/api/v1/watchlists").json()["watchlists"]] == [wid]

        # only the owner: another user (and anyone anonymous) learns nothing
        sign_in(other, VIEWER)
        assert other.get(f"/watchlists/{wid}", follow_redirects=False).status_code == 404
        assert other.get(f"/api/v1/watchlists/{wid}").status_code == 404
        assert other.get("/api/v1/watchlists").json()["watchlists"] == []
        r = other.post(f"/watchlists/{wid}/delete", data={"csrf_token": csrf_of(other)}, follow_redirects=False)
        assert r.status_code == 404

        # the feed lists exactly what the events API lists for the same filter
        token, feed = feed_of(c, wid)
        api = c.get("/api/v1/events", params={**FILTER, "per_page": 500}).json()
        assert 0 < api["total"] <= 500
        entries = feed.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id", "").rsplit("/", 1)[-1] for e in entries]
        assert sorted(ids) == sorted(x["id"] for x in api["items"])
        assert feed.findtext(f"{ATOM}title", "").startswith("Denmark AI")
        assert feed.findtext(f"{ATOM}updated") and feed.find(f"{ATOM}link[@rel='self']") is not None
        first = entries[0]
        assert first.find(f"{ATOM}link").get("href", "").endswith(f"/events/{ids[0]}")  # type: ignore[union-attr]
        assert "Denmark" in first.findtext(f"{ATOM}summary", "")
        # a wrong token, or none, opens nothing
        assert c.get(f"/watchlists/{wid}/feed.atom", params={"token": token[:-1] + "x"}).status_code == 404
        assert c.get(f"/watchlists/{wid}/feed.atom").status_code == 404
        assert c.get(f"/watchlists/{wid}/feed.atom", params={"token": info["token"]}).status_code == 404

        # first visit: nothing is new; an event added afterwards is new on the next visit, and only then
        assert c.get(f"/api/v1/watchlists/{wid}").json()["new"] == 0
        c.get(f"/watchlists/{wid}")
        add_event(c, NEW_EVENT, "Watch test: new Danish AI plan")
        visit = c.get(f"/watchlists/{wid}")
        assert visit.status_code == 200
        assert re.search(r'id="new-count">1<', visit.text)
        assert re.search(rf'class="queue-item new" id="ev-{NEW_EVENT}"', visit.text)
        again = c.get(f"/watchlists/{wid}")
        assert re.search(r'id="new-count">0<', again.text) and "queue-item new" not in again.text
        _, feed = feed_of(c, wid)
        assert any(e.findtext(f"{ATOM}id", "").endswith(NEW_EVENT) for e in feed.findall(f"{ATOM}entry"))

        # deleting it: the list is empty and the feed is gone
        r = c.post(f"/watchlists/{wid}/delete", data={"csrf_token": csrf_of(c)}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get("/api/v1/watchlists").json()["watchlists"] == []
        assert c.get(f"/watchlists/{wid}/feed.atom", params={"token": token}).status_code == 404


def test_watchlists_say_when_they_cannot_be_used(web_copy: tuple[Path, dict[str, str]]) -> None:
    db, info = web_copy
    bearer = {"Authorization": f"Bearer {info['token']}"}
    with make_client(db) as c:
        r = c.post("/api/v1/watchlists", json={"name": "Danish AI", "filter": FILTER}, headers=bearer)
        assert r.status_code == 201, r.text
    with make_client(db, read_only=True) as c:
        page = c.get("/watchlists?lang=zh", follow_redirects=False)  # nobody can sign in on a read-only server
        assert page.status_code == 200 and "登录已关闭" in page.text and 'id="save-watchlist"' not in page.text
        assert "sign-in is off" in c.get("/watchlists?lang=en").text
        # a token still reads its watchlists; writing is refused, saying why
        assert [w["name"] for w in c.get("/api/v1/watchlists", headers=bearer).json()["watchlists"]] == ["Danish AI"]
        r = c.post("/api/v1/watchlists", json={"name": "x"}, headers=bearer)
        assert r.status_code == 403 and "read-only" in r.json()["error"]["message"].lower()
    with make_client(db) as anon:
        assert anon.get("/watchlists", follow_redirects=False).status_code == 303
        assert anon.get("/api/v1/watchlists").status_code == 401


def test_feed_token_opens_the_feed_of_a_private_server(web_copy: tuple[Path, dict[str, str]]) -> None:
    db, info = web_copy
    with make_client(db, public_read=False) as c:
        r = c.post("/api/v1/watchlists", json={"name": "Danish AI", "filter": FILTER},
                   headers={"Authorization": f"Bearer {info['viewer_token']}"})  # a viewer may keep watchlists
        assert r.status_code == 201, r.text
        wid, url = r.json()["id"], r.json()["feed_url"]
        assert c.get("/events", follow_redirects=False).status_code == 303  # the server is private…
        feed = c.get(url.replace("http://127.0.0.1", ""))  # …but a feed reader with the token gets the feed
        assert feed.status_code == 200 and ET.fromstring(feed.content).tag == f"{ATOM}feed"
        assert c.get(f"/watchlists/{wid}/feed.atom", params={"token": "nope"}).status_code == 404
        assert c.get(f"/watchlists/{wid}", follow_redirects=False).status_code == 303


class Inbox:
    """What the local SMTP server accepted."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@pytest.fixture()
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def body_of(msg: EmailMessage, kind: str) -> str:
    part = msg.get_body(preferencelist=(kind,))
    assert part is not None, f"no {kind} part"
    return part.get_content()  # type: ignore[no-any-return]


def test_digest_goes_to_a_real_smtp_server(web_copy: tuple[Path, dict[str, str]],
                                           smtp_server: tuple[Inbox, int]) -> None:
    db, info = web_copy
    inbox, port = smtp_server
    with make_client(db) as c:
        sign_in(c, EDITOR)
        wid = create_watchlist(c, name="丹麦人工智能", lang="zh", digest="daily")
        r = c.post("/watchlists/email", data={"csrf_token": csrf_of(c), "email": "alice@example.org"},
                   follow_redirects=False)
        assert r.status_code == 303
        time.sleep(0.01)
        add_event(c, NEW_EVENT, "Watch test: digest event")
    runner = CliRunner()
    args = ["watch", "digest", "--db", str(db), "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
            "--from", "watch@policyscope.test", "--base-url", "https://policy.example.org"]

    # a mail server that is not there: reported, exit 1, and the digest stays due
    down = runner.invoke(cli_app, [*args[:7], str(free_port()), *args[8:]])
    assert down.exit_code == 1 and "failed" in down.output
    with Database(db, read_only=True) as d:
        assert wls.get(d, EDITOR[0], wid).last_sent is None  # type: ignore[union-attr]

    dry = runner.invoke(cli_app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would send" in dry.output and inbox.messages == []

    res = runner.invoke(cli_app, args)
    assert res.exit_code == 0, res.output
    assert "1 sent" in res.output
    assert len(inbox.messages) == 1
    rcpts, msg = inbox.messages[0]
    assert rcpts == ["alice@example.org"] and msg["To"] == "alice@example.org"
    assert msg["From"] == "watch@policyscope.test"
    assert "关注列表「丹麦人工智能」" in msg["Subject"] and "1 条新事件" in msg["Subject"]
    text, html = body_of(msg, "plain"), body_of(msg, "html")
    assert "丹麦人工智能新政策：Watch test: digest event" in text  # the Chinese title, in a zh watchlist
    assert f"https://policy.example.org/events/{NEW_EVENT}" in text
    assert f'href="https://policy.example.org/events/{NEW_EVENT}"' in html
    with Database(db, read_only=True) as d:
        wl = wls.get(d, EDITOR[0], wid)
        assert wl is not None and wl.last_sent is not None

    # a second run: not due again today, nothing sent
    res = runner.invoke(cli_app, args)
    assert res.exit_code == 0, res.output
    assert len(inbox.messages) == 1 and "0 due" in res.output
