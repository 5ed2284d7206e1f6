"""Event filters and facets for level, status and source dataset, as an analyst narrows a list."""

from __future__ import annotations

from fastapi.testclient import TestClient

from policyscope.store.database import Database


def test_level_status_and_source_filter_and_facet(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    body = c.get("/api/v1/events", params={"level": "subnational", "source": "china_gov", "per_page": 100}).json()
    with Database(info["db"], read_only=True) as db:
        expected = db.scalar("SELECT count(*) FROM main.events e WHERE level = 'subnational' AND review_state IN "
                             "('auto', 'accepted', 'edited') AND EXISTS (SELECT 1 FROM core.event_source s "
                             "WHERE s.event_id = e.id AND s.source = 'china_gov')")
    assert body["total"] == expected and expected > 1000
    assert all(e["jurisdiction"] == "CHN" for e in body["items"])
    page = c.get("/events", params={"level": "subnational", "lang": "zh"}).text
    for word in ("层级", "地方", "来源", "china_gov"):
        assert word in page
    status = c.get("/api/v1/events", params={"status": "in_force", "per_page": 5}).json()
    assert status["total"] > 0 and all(e["status"] == "in_force" for e in status["items"])


def test_unknown_level_status_or_source_is_named(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    for params, word in (({"level": "galactic"}, "level="), ({"status": "maybe"}, "status="),
                         ({"source": "x'; drop table"}, "source=")):
        r = c.get("/api/v1/events", params=params)
        assert r.status_code == 400 and word in r.json()["error"]["message"], r.text
