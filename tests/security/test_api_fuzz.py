"""A fuzz pass of the whole API from its OpenAPI schema (schemathesis): every operation, with parameters and
bodies generated to fit the schema and to break it, as a signed-in editor (writes included).
Must not happen: any 5xx.

Kept within CI time by a fixed number of examples per operation (derandomised, so a run is repeatable);
report builds (minutes of CPU in a background thread) are left out — their parameters are checked in
tests/web. Driven through hypothesis directly: schemathesis' pytest plugin does not load under pytest 9."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from policyscope.web import WebSettings, create_app

EXAMPLES = 5
SKIP = {("POST", "/api/v1/reports")}


def test_api_never_answers_5xx(web_db, tmp_path: Path) -> None:
    src, info = web_db
    db = tmp_path / "policyscope.duckdb"
    shutil.copy(src, db)
    app = create_app(WebSettings(db_path=db, search_rate=0, write_rate=0, login_rate=0, export_rate=0,
                                 snapshot_poll_seconds=0.5, work_dir=tmp_path / "work", max_upload_mb=1))
    auth = {"Authorization": f"Bearer {info['token']}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    calls = 0
    slow: list[tuple[float, str]] = []
    t0 = time.monotonic()
    for result in schema.get_all_operations():
        op = result.ok()
        if (op.method.upper(), op.path) in SKIP:
            continue
        modes = [op.as_strategy(generation_mode=GenerationMode.POSITIVE)]
        with contextlib.suppress(Exception):  # an operation without inputs has no invalid form
            modes.append(op.as_strategy(generation_mode=GenerationMode.NEGATIVE))

        @given(case=st.one_of(*modes))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def probe(case) -> None:
            nonlocal calls
            calls += 1
            t = time.monotonic()
            r = case.call(headers=auth, timeout=120)
            slow.append((time.monotonic() - t, f"{case.method} {case.formatted_path}"))
            if r.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query or ''} {str(case.body)[:80]} "
                                f"→ {r.status_code} {r.text[:200]}")

        probe()
    assert calls > 100, f"only {calls} requests were made"
    assert not failures, "\n".join(failures[:20])
    spent = time.monotonic() - t0
    assert spent < 300, f"the fuzz pass took {spent:.0f} s, too slow for CI (lower EXAMPLES); slowest: " \
        f"{sorted(slow, reverse=True)[:5]}"
