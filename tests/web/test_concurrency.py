"""Pages keep answering while another process writes the file or `build` swaps it; no lock error reaches
anyone; web writes wait for the other writer and then land."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from tests.web.conftest import EDITOR, REAL_EVENT_ID, XSS_EVENT_ID, make_client, sign_in

HOLD = textwrap.dedent("""
    import sys, time
    from policyscope.store.database import Database
    from policyscope.store.events import set_review_state
    db = Database(sys.argv[1])            # takes the file's write lock
    print("locked", flush=True)
    end = time.monotonic() + float(sys.argv[2])
    n = 0
    while time.monotonic() < end:          # many small committed writes, like an ingest
        set_review_state(db, sys.argv[3], "rejected" if n % 2 == 0 else "auto", "cli:test")
        n += 1
        time.sleep(0.02)
    set_review_state(db, sys.argv[3], "rejected", "cli:test")
    db.close()
    print("done", n + 1, flush=True)
""")


def _hold(db: Path, seconds: float, event_id: str) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds), event_id], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "locked", p.stderr.read() if p.stderr else ""
    return p


def test_reads_and_writes_while_another_process_writes(web_copy) -> None:
    db, info = web_copy
    urls = ("/api/v1/events?per_page=5", "/events", f"/events/{XSS_EVENT_ID}", "/api/v1/search?q=semiconductor")
    with make_client(db, write_wait_seconds=30) as c:
        for url in urls:  # warm up (imports, first queries) so that the loop below runs while the file is held
            assert c.get(url).status_code == 200
        holder = _hold(db, 3.0, XSS_EVENT_ID)
        # while the file is held, a web write waits on the writer thread; reads keep answering meanwhile
        result: dict[str, object] = {}
        writer = threading.Thread(target=lambda: result.update(w=c.post(
            f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "accepted"},
            headers={"Authorization": f"Bearer {info['token']}"})))
        writer.start()
        statuses = []
        while holder.poll() is None:
            for url in urls:
                r = c.get(url)
                statuses.append(r.status_code)
                low = r.text.lower()
                assert "could not set lock" not in low and "database is locked" not in low, r.text[:200]
        writer.join(timeout=30)
        assert result["w"].status_code == 200, result["w"].text  # type: ignore[attr-defined]
        out = holder.communicate()[0]
        assert holder.returncode == 0 and out.startswith("done")
        assert set(statuses) == {200} and len(statuses) >= 8
        # the other process's last write shows up once its file is closed (the watcher polls every 0.2 s)
        deadline = time.monotonic() + 10
        while c.get(f"/api/v1/events/{XSS_EVENT_ID}").json()["review_state"] != "rejected":
            assert time.monotonic() < deadline, "the server never saw the other process's write"
            time.sleep(0.1)
        ev = c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()
        assert ev["review_state"] == "accepted" and ev["history"][-1]["actor"] == f"web:{EDITOR[0]}"


def test_busy_writer_gets_a_clear_503(web_copy) -> None:
    db, info = web_copy
    with make_client(db, write_wait_seconds=0.3) as c:
        holder = _hold(db, 2.0, XSS_EVENT_ID)
        try:
            r = c.post(f"/api/v1/events/{REAL_EVENT_ID}/review", json={"state": "rejected"},
                       headers={"Authorization": f"Bearer {info['token']}"})
            assert r.status_code == 503 and r.headers["retry-after"]
            assert "busy" in r.json()["error"]["message"] and "Could not set lock" not in r.text
            assert c.get("/api/v1/events?per_page=1").status_code == 200
        finally:
            holder.communicate()
        assert c.get(f"/api/v1/events/{REAL_EVENT_ID}").json()["review_state"] != "rejected"


def test_build_swaps_the_file_under_a_running_server(web_copy) -> None:
    db, _ = web_copy
    with make_client(db) as c:
        before = c.get("/api/v1/summary").json()["build"]["built_at"]
        sign_in(c)
        c.post("/logout", data={"csrf_token": c.get("/api/v1/me").json()["csrf_token"]})
        time.sleep(1.1)  # built_at has one-second resolution
        build = subprocess.Popen([sys.executable, "-m", "policyscope", "build", "--quiet", "--db", str(db)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        codes = []
        while build.poll() is None:
            codes.append(c.get("/api/v1/events?per_page=3").status_code)
            codes.append(c.get("/").status_code)
        out, err = build.communicate()
        assert build.returncode == 0, err
        assert set(codes) == {200} and len(codes) > 4
        deadline = time.monotonic() + 10
        while c.get("/api/v1/summary").json()["build"]["built_at"] == before:
            assert time.monotonic() < deadline, "the server kept serving the old file after the swap"
            time.sleep(0.1)
        sign_in(c)  # users live in schema app, which build carries over
        assert c.get("/api/v1/me").json()["user"]["name"] == EDITOR[0]


def test_two_server_processes_share_sessions_and_jobs(web_copy) -> None:
    """`serve --workers 2`: sign-in, CSRF and an upload's job page work whichever process answers."""
    import httpx

    from tests.web.conftest import LiveServer

    db, info = web_copy
    server = LiveServer(db, ("--workers", "2"))
    try:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            token = c.get("/api/v1/me").json()["csrf_token"]
            r = c.post("/login", data={"username": EDITOR[0], "password": EDITOR[1], "csrf_token": token})
            assert r.status_code == 303, r.text  # signed in, redirected
            pids: set[int] = set()
            # new connections until both processes have answered (the second may still be starting, and the
            # kernel may hand several accepts in a row to one process): at least 12 checks, at most 60 s
            deadline = time.monotonic() + 60
            n = 0
            while (len(pids) < 2 or n < 12) and time.monotonic() < deadline:
                with httpx.Client(base_url=server.url, cookies=c.cookies, timeout=60) as one:
                    me = one.get("/api/v1/me").json()
                    assert me["user"]["name"] == EDITOR[0]
                    pids.add(one.get("/api/v1/status").json()["pid"])
                n += 1
                if len(pids) < 2:
                    time.sleep(0.05)
            assert len(pids) == 2, f"only {pids} answered {n} new connections"
            text = "2024年5月8日，国务院印发《关于推动人工智能产业发展的指导意见》。\n".encode()
            up = c.post("/api/v1/documents", files={"file": ("guide.txt", text, "text/plain")},
                        headers={"Authorization": f"Bearer {info['token']}"})
            assert up.status_code == 202, up.text
            url = up.json()["status_url"]
            deadline = time.monotonic() + 90
            while True:
                with httpx.Client(base_url=server.url, timeout=60) as one:  # any process
                    job = one.get(url).json()
                if job["status"] in ("done", "failed"):
                    break
                assert time.monotonic() < deadline
                time.sleep(0.3)
            assert job["status"] == "done", job
            assert job["result"]["document_id"]
    finally:
        server.stop()
