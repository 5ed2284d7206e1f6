"""Findings 6 and 10 (uploads) — bodies, disk and paths.

Attacks: a 40 MB chunked upload (no Content-Length) from nobody; the same from an editor past the limit; a
1 MB JSON body to a small endpoint; an upload whose reader fails; reading a document's ``origin``.
Must not happen: the body is read (and spooled to disk) before the 401; more than the limit is read; a
rejected upload stays on disk; the server's upload folder is shown to readers."""

from __future__ import annotations

import time
from pathlib import Path

from tests.web.conftest import make_client

BOUNDARY = "----attack"
CHUNK = 64 * 1024


def _send_chunked(c, path: str, total: int, headers: dict[str, str] | None = None) -> tuple[int, int]:
    """Drive the app as a server would for a chunked request body; return (status, body bytes it read)."""
    consumed = 0
    status: list[int] = []
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    async def receive() -> dict:
        nonlocal consumed
        if consumed >= total:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk = head if consumed == 0 else b"a" * CHUNK
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": consumed < total}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    hdrs = [(b"host", b"127.0.0.1"), (b"transfer-encoding", b"chunked"),
            (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": hdrs,
             "client": ("127.0.0.1", 5555), "server": ("127.0.0.1", 80), "state": {}}
    c.portal.call(c.app, scope, receive, send)
    return status[0], consumed


def test_anonymous_chunked_upload_is_refused_before_the_body_is_read(web_copy) -> None:
    db, _ = web_copy
    with make_client(db) as c:
        for path in ("/api/v1/documents", "/upload"):
            status, consumed = _send_chunked(c, path, 40 * 1024 * 1024)
            assert status == 401, path
            assert consumed < 1024 * 1024, f"{path}: read {consumed:,} bytes of an anonymous body"


def test_editor_chunked_upload_stops_at_the_limit(web_copy) -> None:
    db, info = web_copy
    with make_client(db, max_upload_mb=1) as c:
        status, consumed = _send_chunked(c, "/api/v1/documents", 40 * 1024 * 1024,
                                         {"Authorization": f"Bearer {info['token']}"})
        assert status == 413
        assert consumed <= 2 * 1024 * 1024 + CHUNK, f"read {consumed:,} bytes past a 1 MB limit"


def test_large_json_body_is_refused_on_small_endpoints(web_copy) -> None:
    db, info = web_copy
    with make_client(db) as c:
        r = c.patch("/api/v1/events/ev_web_test_real", json={"changes": {"title": "x" * 2_000_000}},
                    headers={"Authorization": f"Bearer {info['token']}"})
        assert r.status_code == 413
        r = c.patch("/api/v1/events/ev_web_test_real", content=b"{" * 2_000_000,
                    headers={"Authorization": f"Bearer {info['token']}", "Content-Type": "application/json",
                             "Transfer-Encoding": "chunked"})
        assert r.status_code == 413


def _wait_job(c, url: str, auth: dict[str, str]) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = c.get(url, headers=auth).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError("the upload job did not finish in 120 s")


def test_rejected_upload_leaves_no_file(web_copy) -> None:
    db, info = web_copy
    auth = {"Authorization": f"Bearer {info['token']}"}
    uploads = db.parent / "uploads"
    before = set(uploads.glob("*")) if uploads.exists() else set()
    with make_client(db) as c:
        broken = b"%PDF-1.7\n" + b"this is not a PDF body at all\n" * 50  # passes the sniffer, fails the reader
        r = c.post("/api/v1/documents", files={"file": ("broken.pdf", broken, "application/pdf")}, headers=auth)
        assert r.status_code == 202
        job = _wait_job(c, r.json()["status_url"], auth)
        assert job["status"] == "failed" and "broken.pdf" in job["error"]
    after = set(uploads.glob("*")) if uploads.exists() else set()
    assert after == before, f"left on disk: {sorted(p.name for p in after - before)}"


def test_document_origin_shows_the_file_name_not_the_server_path(web_copy) -> None:
    db, info = web_copy
    auth = {"Authorization": f"Bearer {info['token']}"}
    text = ("National Artificial Intelligence Strategy of Atlantis\n\n"
            "On 3 March 2024 the Government of Denmark adopted the national strategy for artificial intelligence.\n")
    with make_client(db) as c:
        r = c.post("/api/v1/documents", files={"file": ("atlantis-ai.txt", text.encode(), "text/plain")}, headers=auth)
        assert r.status_code == 202
        job = _wait_job(c, r.json()["status_url"], auth)
        assert job["status"] == "done", job
        doc_id = job["result"]["document_id"]
        body = c.get(f"/api/v1/documents/{doc_id}").text
        page = c.get(f"/documents/{doc_id}").text
        listing = c.get("/api/v1/documents", params={"format": "csv"}).text
    server_folder = str(Path(db).parent)
    for where, content in (("api", body), ("page", page), ("csv", listing)):
        assert server_folder not in content, where
        assert "uploads/" + job["result"]["document_id"][:12] not in content, where
    assert "atlantis-ai.txt" in body
