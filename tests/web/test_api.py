"""API v1 against a real built database: filters, paging, sorting, downloads, analyses, JSON twins."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.web.conftest import EDITOR, REAL_EVENT_ID, csrf_of, sign_in


def test_index_and_openapi(client) -> None:
    c, _ = client
    idx = c.get("/api/v1").json()
    for path in ("/api/v1/events", "/api/v1/search", "/api/v1/observations", "/api/v1/analyze/{name}",
                 "/api/v1/edges", "/api/v1/jurisdictions", "/api/v1/documents", "/api/v1/indicators",
                 "/api/v1/reports", "/api/v1/export/{view}"):
        assert path in idx["endpoints"]
    spec = c.get("/openapi.json").json()
    assert spec["info"]["title"] == "policyscope API"
    params = {p["name"] for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {"jurisdiction", "domain", "type", "from", "to", "q", "review_state", "sort", "page", "per_page"} <= params


def test_docs_page_is_offline(client) -> None:
    c, _ = client
    html = c.get("/docs").text
    assert "/api/v1/events" in html and "/openapi.json" in html
    # no script, stylesheet or font from another host
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_events_filters_paging_sorting(client) -> None:
    c, _ = client
    all_ = c.get("/api/v1/events", params={"per_page": 5}).json()
    assert all_["total"] > 100 and len(all_["items"]) == 5
    dates = [e["date"] for e in all_["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    p2 = c.get("/api/v1/events", params={"per_page": 5, "page": 2}).json()
    assert not {e["id"] for e in p2["items"]} & {e["id"] for e in all_["items"]}
    asc = c.get("/api/v1/events", params={"per_page": 5, "sort": "date"}).json()["items"]
    assert [e["date"] for e in asc] == sorted(e["date"] for e in asc)
    weighty = c.get("/api/v1/events", params={"per_page": 20, "sort": "-importance"}).json()["items"]
    scores = [e["importance"] for e in weighty]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1] >= 0
    assert c.get("/events", params={"sort": "-importance", "lang": "zh"}).status_code == 200
    # a name in Chinese resolves to the code
    usa = c.get("/api/v1/events", params={"jurisdiction": "美国", "per_page": 500}).json()
    assert usa["total"] > 0 and usa["filters"]["jurisdiction"] == "USA"
    partner_only = [e["id"] for e in usa["items"] if e["jurisdiction"] != "USA"]
    assert len(partner_only) < len(usa["items"])  # mostly the USA's own events …
    for ev_id in partner_only[:5]:  # … and the others name the USA as a partner
        assert "USA" in (c.get(f"/api/v1/events/{ev_id}").json().get("partners") or []), ev_id
    ai = c.get("/api/v1/events", params={"domain": "ai", "from": "2020", "to": "2021-06", "per_page": 500}).json()
    assert ai["total"] > 0
    assert all("ai" in e["domains"] and "2020-01-01" <= e["date"] <= "2021-06-30" for e in ai["items"])
    q = c.get("/api/v1/events", params={"q": "web test", "review_state": "all"}).json()
    assert REAL_EVENT_ID in {e["id"] for e in q["items"]}


def test_bad_filters_are_named(client) -> None:
    c, _ = client
    for params, word in (({"domain": "magic"}, "domain"), ({"type": "nope"}, "type"), ({"from": "20x1"}, "from"),
                         ({"jurisdiction": "Atlantis"}, "jurisdiction"), ({"sort": "id; drop"}, "sort"),
                         ({"review_state": "maybe"}, "review_state")):
        r = c.get("/api/v1/events", params=params)
        assert r.status_code == 400, params
        assert word in r.json()["error"]["message"] and r.json()["error"]["code"] == "bad_input"


def test_event_detail_has_evidence_and_history(client) -> None:
    c, info = client
    ev = c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()
    assert ev["evidence"][0]["quote"] == info["quote"]
    assert ev["evidence"][0]["line"] == int(info["line"])
    assert ev["document"]["id"] == info["doc_id"]
    assert [h["action"] for h in ev["history"]] == ["create"]
    assert c.get("/api/v1/events/ev_does_not_exist").status_code == 404


def test_downloads_csv_xlsx_parquet(client) -> None:
    c, _ = client
    r = c.get("/api/v1/events", params={"jurisdiction": "CHN", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(r.text))
    assert len(df) > 0 and set(df["jurisdiction"]) == {"CHN"}
    x = c.get("/api/v1/events", params={"jurisdiction": "CHN", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws.max_row == len(df) + 1
    pq = pd.read_parquet(io.BytesIO(c.get("/api/v1/observations", params={
        "indicator": "GB.XPD.RSDV.GD.ZS", "jurisdiction": "CHN,USA", "from": "2010", "to": "2020",
        "format": "parquet"}).content))
    assert set(pq["jurisdiction"]) == {"CHN", "USA"} and pq["year"].between(2010, 2020).all()
    exp = c.get("/api/v1/export/indicators", params={"format": "csv"})
    assert "GB.XPD.RSDV.GD.ZS" in exp.text
    assert c.get("/api/v1/export/secrets").status_code == 400


def test_observations_match_the_database(client) -> None:
    c, info = client
    rows = c.get("/api/v1/observations", params={"indicator": "GB.XPD.RSDV.GD.ZS", "jurisdiction": "中国",
                                                 "from": "2019", "to": "2019"}).json()["items"]
    from policyscope.store.database import Database

    with Database(info["db"], read_only=True) as db:
        direct = db.scalar("SELECT value FROM observations WHERE indicator = 'GB.XPD.RSDV.GD.ZS' "
                           "AND jurisdiction = 'CHN' AND year = 2019")
    assert rows == [{"indicator": "GB.XPD.RSDV.GD.ZS", "jurisdiction": "CHN", "year": 2019, "value": direct,
                     "source": rows[0]["source"], "vintage": rows[0]["vintage"]}]
    assert c.get("/api/v1/observations").status_code == 400
    assert c.get("/api/v1/observations", params={"indicator": "NOPE"}).status_code == 400


def test_edges_and_network(client) -> None:
    c, _ = client
    e = c.get("/api/v1/edges", params={"indicator": "OPENALEX.COAUTHOR", "jurisdiction": "CHN", "from": "2020",
                                       "to": "2020", "limit": 5}).json()
    assert len(e["items"]) == 5 and all("CHN" in (x["a"], x["b"]) and x["year"] == 2020 for x in e["items"])
    net = c.get("/api/v1/network", params={"focus": "CHN", "year": "2020", "top": "10"}).json()
    assert net["partners"]["rows"][0]["partner"] == "USA"


def test_analyze_is_the_same_function(client) -> None:
    """The API returns exactly what the analysis function returns (one way to compute a figure)."""
    c, info = client
    from policyscope.analysis.rank import rank
    from policyscope.store.database import Database

    r = c.get("/api/v1/analyze/rank", params={"indicator": "GERD_USD", "year": "2020", "top": "5"})
    assert r.status_code == 200, r.text
    with Database(info["db"], read_only=True) as db:
        direct = rank(db, "GERD_USD", 2020, top=5).model_dump(mode="json")
    assert r.json() == direct
    assert c.get("/api/v1/analyze/rank", params={"indicator": "GERD_USD"}).status_code == 400  # year missing
    assert c.get("/api/v1/analyze/rank", params={"indicator": "GERD_USD", "year": "x"}).status_code == 400
    assert c.get("/api/v1/analyze/astrology").status_code == 404
    radar = c.get("/api/v1/analyze/radar", params={"jurisdictions": "CHN,USA", "indicators":
                                                   "GB.XPD.RSDV.GD.ZS,IP.PAT.RESD", "year": "2020"}).json()
    assert {row["jurisdiction"] for row in radar["rows"]} == {"CHN", "USA"}
    csv = c.get("/api/v1/analyze/rank", params={"indicator": "GERD_USD", "year": "2020", "top": "3",
                                                "format": "csv"})
    assert len(pd.read_csv(io.StringIO(csv.text))) == 3


def test_keywords_never_reads_server_files(client) -> None:
    c, _ = client
    r = c.get("/api/v1/analyze/keywords", params={"a": "/etc/passwd", "b": "/etc/hosts"})
    assert r.status_code == 400 and "key=value" in r.json()["error"]["message"]


@pytest.mark.parametrize("q", ["人工智能", "semiconductor"])
def test_search_both_languages(client, q: str) -> None:
    c, _ = client
    res = c.get("/api/v1/search", params={"q": q, "limit": 10}).json()
    assert res["hits"], q
    assert any("<mark>" in h["snippet_html"] for h in res["hits"])
    assert "facets" in res and res["engine"] in ("bm25", "substring")


def test_every_page_has_a_json_twin(client) -> None:
    c, _ = client
    for page in ("/", "/events", f"/events/{REAL_EVENT_ID}", "/jurisdictions", "/jurisdictions/CHN", "/indicators",
                 "/explore?indicator=GERD_USD&j=CHN,USA", "/compare?j=CHN,USA,DEU", "/network?focus=DEU",
                 "/search?q=semiconductor", "/documents", "/reports", "/analyze"):
        html = c.get(page).text
        m = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
        assert m, page
        twin = c.get(m.group(1).replace("&amp;", "&"))
        assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json"), page


def test_language_switch_and_labels(client) -> None:
    c, _ = client
    assert "政策事件" in c.get("/events?lang=zh").text
    r = c.get("/lang/zh", params={"next": "/events"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/events"
    assert "政策事件" in c.get("/events").text and "审核状态" in c.get("/events").text
    c.get("/lang/en")
    assert "Review state" in c.get("/events").text
    # the profile names peers and charts in the reader's language
    assert "中国" in c.get("/api/v1/jurisdictions/CHN?lang=zh").json()["name"]


def test_explorer_chart_downloads(client) -> None:
    c, _ = client
    svg = c.get("/api/v1/explore/chart.svg", params={"indicator": "GB.XPD.RSDV.GD.ZS", "j": "CHN,USA"})
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
    png = c.get("/api/v1/explore/chart.png", params={"indicator": "GB.XPD.RSDV.GD.ZS", "j": "CHN,USA"})
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    # the permalink reproduces the view: same rows from the page and from its JSON twin
    twin = c.get("/api/v1/explore", params={"indicator": "GB.XPD.RSDV.GD.ZS", "j": "CHN,USA", "from": "2015"}).json()
    assert twin["params"] == {"indicator": "GB.XPD.RSDV.GD.ZS", "j": "CHN,USA", "from": 2015, "to": ""}
    assert {r["jurisdiction"] for r in twin["rows"]} == {"CHN", "USA"} and min(r["year"] for r in twin["rows"]) == 2015


def test_review_through_api_with_token_and_session(client) -> None:
    c, info = client
    auth = {"Authorization": f"Bearer {info['token']}"}
    r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "accepted", "note": "checked"}, headers=auth)
    assert r.status_code == 200, r.text
    assert c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()["review_state"] == "accepted"  # read-your-writes
    r = c.patch(f"/api/v1/events/{REAL_EVENT_ID}", json={"changes": {"title_zh": "网页测试：国家人工智能战略"}},
                headers=auth)
    assert r.status_code == 200 and r.json()["review_state"] == "edited"
    hist = c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()["history"]
    assert [h["action"] for h in hist] == ["create", "accepted", "edit"]
    assert hist[-1]["actor"] == f"web:{EDITOR[0]}"
    bad = c.patch(f"/api/v1/events/{REAL_EVENT_ID}", json={"changes": {"type": "spaceship"}}, headers=auth)
    assert bad.status_code == 400 and "event type" in bad.json()["error"]["message"]
    # a signed-in browser session writes with its CSRF token in a header
    sign_in(c)
    r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "auto"}, headers={"X-CSRF-Token": csrf_of(c)})
    assert r.status_code == 200


def test_users_command_and_sign_in(web_copy) -> None:
    import subprocess
    import sys

    from tests.web.conftest import make_client

    db, _ = web_copy
    p = subprocess.run([sys.executable, "-m", "policyscope", "users", "add", "carol", "--role", "editor",
                        "--password-stdin", "--token", "--db", str(db)], input="carol-pass-99\n", text=True,
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    token = re.search(r"ps_[A-Za-z0-9_-]{20,}", p.stdout).group(0)
    from policyscope.store.database import Database, StoreError
    from policyscope.web.auth import add_user

    with Database(db) as d, pytest.raises(StoreError, match="too short"):
        add_user(d, "dave", "short", "editor")
    with make_client(db) as c:
        assert c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["user"]["name"] == "carol"
        sign_in(c, ("carol", "carol-pass-99"))
        assert c.get("/api/v1/me").json()["can_write"] is True


def test_report_build_and_download(web_copy) -> None:
    """A report built from the web is the report command's output, listed and downloadable."""
    import time

    from tests.web.conftest import make_client

    db, info = web_copy
    auth = {"Authorization": f"Bearer {info['token']}"}
    with make_client(db) as c:
        bad = c.post("/api/v1/reports", json={"kind": "compare", "jurisdictions": ["CHN"]}, headers=auth)
        assert bad.status_code == 400 and "two jurisdictions" in bad.json()["error"]["message"]
        assert c.post("/api/v1/reports", json={"kind": "flagship"}).status_code == 401
        r = c.post("/api/v1/reports", json={"kind": "country", "lang": "zh", "format": "md",
                                            "jurisdictions": ["中国"]}, headers=auth)
        assert r.status_code == 202, r.text
        url = r.json()["status_url"]
        deadline = time.monotonic() + 120
        while (job := c.get(url).json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.3)
        assert job["status"] == "done", job
        assert job["result"]["name"] in {f["name"] for f in c.get("/api/v1/reports").json()["files"]}
        text = c.get(job["result"]["url"]).text
        assert "中国" in text
        assert c.get("/api/v1/reports/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_review_forms_edit_and_merge(web_copy) -> None:
    """The event page's edit and merge forms (signed-in editor, CSRF token) change the event and its history."""
    from tests.web.conftest import XSS_EVENT_ID, make_client

    db, _ = web_copy
    with make_client(db) as c:
        sign_in(c)
        token = csrf_of(c)
        page = c.get(f"/events/{REAL_EVENT_ID}").text
        assert 'action="/events/ev_web_test_real/edit"' in page and 'name="csrf_token"' in page
        r = c.post(f"/events/{REAL_EVENT_ID}/edit", data={
            "csrf_token": token, "title": "Web test: national AI strategy sentence", "title_zh": "网页测试：国家人工智能战略",
            "date": "2019-03-01", "jurisdiction": "丹麦", "type": "strategy", "status": "adopted",
            "domain": ["ai", "data"]}, follow_redirects=False)
        assert r.status_code == 303, r.text
        ev = c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()
        assert ev["title_zh"] == "网页测试：国家人工智能战略" and ev["date"] == "2019-03-01"
        assert ev["domains"] == ["ai", "data"] and ev["status"] == "adopted" and ev["review_state"] == "edited"
        bad = c.post(f"/events/{REAL_EVENT_ID}/edit", data={"csrf_token": token, "date": "2019-13-45"})
        assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
        r = c.post("/events/merge", data={"csrf_token": token, "keep": REAL_EVENT_ID, "others": XSS_EVENT_ID},
                   follow_redirects=False)
        assert r.status_code == 303
        merged = c.get(f"/api/v1/events/{XSS_EVENT_ID}").json()
        assert merged["review_state"] == "merged" and merged["merged_into"] == REAL_EVENT_ID
        actions = [h["action"] for h in c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()["history"]]
        assert actions[-2:] == ["edit", "merge"]
        queue = c.get("/api/v1/review/queue").json()["items"]
        assert XSS_EVENT_ID not in {e["id"] for e in queue}
