"""“引用 / Cite” on pages and /api/v1/cite: the same citations as the command, with the server's own URLs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import REAL_EVENT_ID, XSS_EVENT_ID


@pytest.fixture(scope="module")
def c(client: tuple[TestClient, Any]) -> TestClient:
    return client[0]


def test_api_cite_in_every_format(c: TestClient) -> None:
    r = c.get("/api/v1/cite", params={"format": "csl", "indicator": "GB.XPD.RSDV.GD.ZS", "lang": "zh"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(r.text)
    assert "研发" in items[0]["title"] and items[0]["URL"].endswith("/explore?indicator=GB.XPD.RSDV.GD.ZS")
    assert items[0]["URL"].startswith("http://127.0.0.1") and "World Development Indicators" in items[1]["title"]
    r = c.get("/api/v1/cite", params={"format": "bibtex"})
    assert r.status_code == 200 and r.text.startswith("@misc{policyscope") and "urldate" in r.text
    r = c.get("/api/v1/cite", params={"format": "ris", "event": REAL_EVENT_ID})
    assert r.status_code == 200 and f"UR  - http://127.0.0.1/events/{REAL_EVENT_ID}" in r.text
    assert c.get("/api/v1/cite", params={"event": "ev_nope"}).status_code == 404
    assert c.get("/api/v1/cite", params={"format": "apa"}).status_code in (400, 422)


def test_pages_carry_cite_blocks_in_their_language(c: TestClient) -> None:
    home = c.get("/").text
    assert "Cite / 引用" in home and "/api/v1/cite?format=bibtex" in home and "accessed" in home
    ev = c.get(f"/events/{REAL_EVENT_ID}").text
    assert 'id="cite-event"' in ev and f"/events/{REAL_EVENT_ID}" in ev
    c.get("/lang/zh")
    ex = c.get("/explore", params={"indicator": "GB.XPD.RSDV.GD.ZS"}).text
    assert "引用 / Cite" in ex and 'id="cite-indicator"' in ex and "原始来源" in ex and "访问日期" in ex
    assert "CC BY 4.0" in ex.split('id="cite-indicator"')[1]
    c.get("/lang/en")


def test_hostile_event_citation_is_escaped_and_unlinked(c: TestClient) -> None:
    html = c.get(f"/events/{XSS_EVENT_ID}").text
    block = html.split('id="cite-event"')[1].split("</section>")[0]
    assert "<script>" not in block and "&lt;script&gt;" in block and 'href="javascript:' not in block
