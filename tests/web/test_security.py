"""Security: escaping, injection, CSRF, sign-in, roles, uploads, rate limits, headers, read-only mode."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import EDITOR, REAL_EVENT_ID, VIEWER, XSS, XSS_EVENT_ID, csrf_of, make_client, sign_in

SQLI = ["' OR 1=1 --", "'; DROP TABLE core.event; --", "\" OR \"\"=\"", "1) UNION SELECT * FROM app.user --",
        "%' AND 1=0 UNION SELECT name, password_hash FROM app.user --", "CHN'--", "\\'; SELECT 1; --"]


def _no_raw_script(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x onerror" not in html
    for src in re.findall(r"<script[^>]*>", html):  # the only scripts are our two static files
        assert re.fullmatch(r'<script src="/(static/app\.js|static-vendor/vega-bundle\.js)" defer>', src), src


def test_document_strings_are_escaped_everywhere(client) -> None:
    c, _ = client
    for url in (f"/events/{XSS_EVENT_ID}", "/events?review_state=all&q=Hostile", "/search?q=Hostile",
                "/", "/review"):
        html = c.get(url).text
        _no_raw_script(html)
    page = c.get(f"/events/{XSS_EVENT_ID}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page  # a hostile event URL is not turned into a link
    # JSON keeps the text as data (the API is not HTML); its content type says so
    r = c.get(f"/api/v1/events/{XSS_EVENT_ID}")
    assert r.headers["content-type"].startswith("application/json") and XSS in r.json()["title"]


def test_queries_are_escaped(client) -> None:
    c, _ = client
    for url in (f"/search?q={XSS}", f"/events?q={XSS}", f"/explore?j={XSS}", f"/jurisdictions/{XSS}",
                f"/login?next={XSS}", f"/documents?q={XSS}"):
        r = c.get(url)
        assert r.status_code < 500, url
        _no_raw_script(r.text)


@pytest.mark.parametrize("payload", SQLI)
def test_sql_injection_never_500(client, payload: str) -> None:
    c, info = client
    urls = [("/api/v1/events", {"q": payload}), ("/api/v1/events", {"jurisdiction": payload}),
            ("/api/v1/events", {"sort": payload}), ("/api/v1/events", {"domain": payload}),
            ("/api/v1/events", {"review_state": payload}), ("/api/v1/search", {"q": payload}),
            ("/api/v1/observations", {"indicator": payload}), ("/api/v1/edges", {"indicator": payload}),
            ("/api/v1/documents", {"q": payload}), (f"/api/v1/events/{payload}", {}),
            ("/api/v1/analyze/rank", {"indicator": payload, "year": "2020"}), (f"/api/v1/export/{payload}", {}),
            ("/api/v1/indicators", {"q": payload}), ("/api/v1/jurisdictions", {"kind": payload}),
            ("/search", {"q": payload}), ("/events", {"q": payload})]
    for url, params in urls:
        r = c.get(url, params=params)
        assert r.status_code < 500, (url, params, r.text[:200])
        if r.status_code == 200 and r.headers["content-type"].startswith("application/json"):
            body = r.json()
            items = body.get("items") or body.get("hits") or []
            assert "$argon2" not in r.text  # no password hash ever leaks
            if url == "/api/v1/events" and "q" in params:
                assert items == []
    # nothing was dropped or changed
    assert c.get("/api/v1/events", params={"per_page": 1}).json()["total"] > 100
    from policyscope.store.database import Database

    with Database(info["db"], read_only=True) as db:
        assert db.scalar("SELECT count(*) FROM app.user") >= 2


def test_write_without_sign_in_is_refused(client) -> None:
    c, _ = client
    c.cookies.clear()
    r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "rejected"})
    assert r.status_code == 401
    r = c.post(f"/events/{REAL_EVENT_ID}/review", data={"state": "rejected", "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.status_code == 401
    r = c.post("/api/v1/events/merge", json={"keep": REAL_EVENT_ID, "others": [XSS_EVENT_ID]},
               headers={"Authorization": "Bearer ps_not_a_real_token"})
    assert r.status_code == 401
    assert c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()["review_state"] != "rejected"


def test_post_without_csrf_is_refused(client) -> None:
    c, _ = client
    c.cookies.clear()
    sign_in(c)
    for data in ({"state": "rejected"}, {"state": "rejected", "csrf_token": "forged"}):
        r = c.post(f"/events/{REAL_EVENT_ID}/review", data=data, follow_redirects=False)
        assert r.status_code == 403 and "CSRF" in r.text
    r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "rejected"})  # cookie, no header
    assert r.status_code == 403
    # the login form needs the token too
    c.cookies.clear()
    r = c.post("/login", data={"username": EDITOR[0], "password": EDITOR[1]}, follow_redirects=False)
    assert r.status_code in (403, 422)
    # a token from another visitor's session does not work
    other = csrf_of(c)
    c.cookies.clear()
    r = c.post("/login", data={"username": EDITOR[0], "password": EDITOR[1], "csrf_token": other},
               follow_redirects=False)
    assert r.status_code == 403


def test_roles_and_tokens(client) -> None:
    c, info = client
    c.cookies.clear()
    r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "accepted"},
               headers={"Authorization": f"Bearer {info['viewer_token']}"})
    assert r.status_code == 403 and "viewer" in r.json()["error"]["message"]
    sign_in(c, VIEWER)
    r = c.post(f"/events/{REAL_EVENT_ID}/review", data={"state": "accepted", "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.status_code == 403
    c.cookies.clear()
    bad = c.post("/login", data={"username": EDITOR[0], "password": "wrong-password", "csrf_token": csrf_of(c)})
    assert bad.status_code == 401 and "login-error" in bad.text


def test_upload_limits_and_type_sniffing(web_copy) -> None:
    db, info = web_copy
    with make_client(db, max_upload_mb=0.05) as c:
        auth = {"Authorization": f"Bearer {info['token']}"}
        exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
        r = c.post("/api/v1/documents", files={"file": ("report.pdf", exe, "application/pdf")}, headers=auth)
        assert r.status_code == 415 and "report.pdf" in r.json()["error"]["message"]
        zip_not_docx = b"PK\x03\x04" + b"\x00" * 100
        r = c.post("/api/v1/documents", files={"file": ("x.docx", zip_not_docx, "application/msword")}, headers=auth)
        assert r.status_code == 415
        r = c.post("/api/v1/documents", files={"file": ("empty.txt", b"", "text/plain")}, headers=auth)
        assert r.status_code == 415 and "empty" in r.json()["error"]["message"]
        big = b"%PDF-1.7\n" + b"0" * 200_000
        r = c.post("/api/v1/documents", files={"file": ("big.pdf", big, "application/pdf")}, headers=auth)
        assert r.status_code == 413
        r = c.post("/api/v1/documents", files={"file": ("a.txt", b"hello", "text/plain")})
        assert r.status_code == 401


def test_rate_limits(web_copy) -> None:
    db, _ = web_copy
    with make_client(db, search_rate=1, search_burst=3) as c:
        codes = [c.get("/api/v1/search", params={"q": "semiconductor"}).status_code for _ in range(6)]
        assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
        r = c.get("/api/v1/search", params={"q": "semiconductor"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def test_security_headers(client) -> None:
    c, _ = client
    for url in ("/", "/api/v1/events", "/nope", "/static/app.css"):
        h = c.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
    cookie = c.get("/").headers.get("set-cookie", "") or "HttpOnly; SameSite=lax"
    assert "HttpOnly" in cookie


def test_open_redirects_are_blocked(client) -> None:
    c, _ = client
    for nxt in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = c.get("/lang/zh", params={"next": nxt}, follow_redirects=False)
        assert r.headers["location"] == "/"
    c.get("/lang/en")


def test_read_only_mode(web_copy) -> None:
    db, info = web_copy
    with make_client(db, read_only=True) as c:
        r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "accepted"},
                   headers={"Authorization": f"Bearer {info['token']}"})
        assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]
        assert c.get("/api/v1/me").json()["read_only"] is True
        assert c.get("/api/v1/events").status_code == 200


def test_private_server_requires_sign_in(web_copy) -> None:
    db, info = web_copy
    with make_client(db, public_read=False) as c:
        assert c.get("/api/v1/events").status_code == 401
        assert c.get("/events", follow_redirects=False).status_code == 303
        ok = c.get("/api/v1/events", headers={"Authorization": f"Bearer {info['viewer_token']}"})
        assert ok.status_code == 200
        assert c.get("/login").status_code == 200
