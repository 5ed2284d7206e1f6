"""Attack: write while `build` runs (issue 15, finding 2).

Payload: review decisions committed one by one from another process, and an `ingest` of 120 documents, both
running while `policyscope build` rebuilds the same database file. Route: the store (``Database``) and the
CLI, real subprocesses on a real DuckDB file. Must not happen: a write confirmed to its caller (committed,
exit 0) that is missing after the build. The build holds the database's lock from reading the old file to
the swap; writers wait for it (or are refused as busy), never land in the file that is being replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from policyscope.store import Database, open_db
from policyscope.store.events import set_review_state
from tests.conftest import ROOT, run_cli


def _documents(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for i in range(n):
        p = folder / f"brief_{i:03d}.txt"
        p.write_text(f"Policy brief number {i}\n\nOn 3 March 2024 the Ministry of Science of Ruritania {i} published "
                     f"its Quantum Roadmap {i} with a budget of {i + 1} million euros for research.\n"
                     f"Reference line {i * 7919} for this brief only.\n", encoding="utf-8")
        out.append(p)
    return out


EXAMPLES = ROOT / "docs" / "examples"


@pytest.fixture()
def lived_in_db(writable_db: Path) -> Path:
    """A database as people leave it: with a kept indicator import that every build re-applies (which makes
    build work for seconds after reading the old file — the window in which writes used to vanish)."""
    r = run_cli("indicators", "import", str(EXAMPLES / "ncses_gerd_latest_sei2022.csv"), "--spec",
                str(EXAMPLES / "ncses_gerd_spec.yaml"), db=writable_db)
    assert r.returncode == 0, r.stderr
    return writable_db


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def _start_writer(db: Path, stop: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    with open_db(db, read_only=True) as d:
        ids = d.df("SELECT id FROM events WHERE review_state = 'auto' ORDER BY id LIMIT 2000")["id"].tolist()
    writer = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer_loop", str(db), str(stop), *ids],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    first = writer.stdout.readline()  # the writer is committing before the build starts
    assert '"id"' in first, writer.stderr.read() if writer.stderr else ""
    return writer, first


# `build` in its own process with one more post-build hook that works for a few seconds, like the search-index
# rebuild or the re-applied imports of a large database: the window between reading the old file and the swap.
# The hook touches MARKER, then works until RELEASE exists (at most SECONDS).
SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from policyscope.store.build import POST_BUILD_HOOKS, build
    def slow_hook(con):
        Path(sys.argv[2]).touch()
        end = time.monotonic() + float(sys.argv[4])
        while time.monotonic() < end and not Path(sys.argv[3]).exists():
            time.sleep(0.05)
    POST_BUILD_HOOKS.append(slow_hook)
    build(Path(sys.argv[1]), progress=False)
""")


def _build(db: Path, env: dict[str, str], marker: Path, seconds: float = 3.0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(db), str(marker), str(marker) + ".release",
                             str(seconds)], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _has_open(pid: int, db: Path) -> bool:
    """Whether process ``pid`` has the database file or its lock file open (Linux /proc)."""
    targets = {str(db), str(db) + ".lock"}
    try:
        return any(os.readlink(f) in targets for f in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def _wal_size(db: Path) -> int:
    wal = Path(str(db) + ".wal")
    return wal.stat().st_size if wal.exists() else -1


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while not path.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)


def test_no_confirmed_review_decision_is_lost_across_a_build(lived_in_db: Path, tmp_path: Path) -> None:
    db, stop = lived_in_db, tmp_path / "stop"
    env = _env(POLICYSCOPE_LOCK_WAIT="300")
    writer, first = _start_writer(db, stop, env)
    t0 = time.time()
    build = _build(db, env, tmp_path / "in-hook")
    _, b_err = build.communicate(timeout=600)
    t1 = time.time()
    stop.touch()
    w_out, w_err = writer.communicate(timeout=120)
    assert build.returncode == 0, b_err
    assert writer.returncode == 0, w_err
    lines = [json.loads(x) for x in [first, *w_out.splitlines()] if x.strip()]
    confirmed = [x["id"] for x in lines if "id" in x]
    during = [x for x in lines if "id" in x and t0 <= x["t"] <= t1]
    assert len(during) >= 3, f"the writer must really run while the build does ({len(during)} writes)"
    with open_db(db, read_only=True) as d:
        accepted = set(d.df("SELECT id FROM events WHERE review_state = 'accepted'")["id"])
    lost = [i for i in confirmed if i not in accepted]
    assert not lost, f"{len(lost)} of {len(confirmed)} confirmed review decisions lost by the build: {lost[:5]}"


def test_an_ingest_that_exits_0_during_a_build_keeps_every_document(lived_in_db: Path, tmp_path: Path) -> None:
    db = lived_in_db
    files = _documents(tmp_path / "incoming", 60)
    with open_db(db, read_only=True) as d:
        docs_before = d.scalar("SELECT count(*) FROM documents")
    env = _env(POLICYSCOPE_LOCK_WAIT="300", POLICYSCOPE_INGEST_BATCH="1")
    marker = tmp_path / "in-hook"
    build = _build(db, env, marker, seconds=60)
    _wait_for(marker, build)  # the old file has been read; the swap comes when we release the hook
    before = (db.stat().st_mtime_ns, _wal_size(db))
    ingest = subprocess.Popen([sys.executable, "-m", "policyscope", "ingest", str(tmp_path / "incoming"), "--db",
                               str(db), "--format", "json"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    # let the build finish once the ingest has opened the database (or its lock) and then either committed to
    # the old file (what used to happen) or waited 5 s (for the lock, as it should)
    deadline = time.time() + 120
    while time.time() < deadline and not _has_open(ingest.pid, db) and ingest.poll() is None:
        time.sleep(0.05)
    deadline = time.time() + 5
    while time.time() < deadline and (db.stat().st_mtime_ns, _wal_size(db)) == before and ingest.poll() is None:
        time.sleep(0.05)
    Path(str(marker) + ".release").touch()
    _, b_err = build.communicate(timeout=600)
    i_out, i_err = ingest.communicate(timeout=600)
    assert build.returncode == 0, b_err
    assert ingest.returncode == 0, i_err
    with open_db(db, read_only=True) as d:
        stored = d.scalar("SELECT count(*) FROM documents WHERE origin LIKE ?", [f"%{tmp_path.name}%incoming%"])
        assert stored == len(files), f"ingest exited 0 but only {stored} of {len(files)} documents survived"
        assert d.scalar("SELECT count(*) FROM documents") == docs_before + len(files)


def test_writer_during_build_is_refused_clearly_and_writes_nothing(writable_db: Path) -> None:
    """While a build holds the lock (here: this test holds it, as build does), a writer is told "busy"."""
    from policyscope.store import StoreBusy, write_lock

    with open_db(writable_db, read_only=True) as d:
        eid = d.scalar("SELECT id FROM events WHERE review_state = 'auto' ORDER BY id LIMIT 1")
    with write_lock(writable_db, exclusive=True, purpose="build (test)"):
        t = time.monotonic()
        with pytest.raises(StoreBusy, match="busy: a build is running") as info:
            Database(writable_db, lock_wait=0.3)
        assert time.monotonic() - t < 5
        assert "build (test)" in str(info.value) and str(writable_db) in str(info.value)
        r = run_cli("review", "accept", eid, "--db", str(writable_db), env={"POLICYSCOPE_LOCK_WAIT": "0.3"})
        assert r.returncode == 75, (r.returncode, r.stderr)
        assert "busy" in r.stderr and "Traceback" not in r.stderr
    with open_db(writable_db, read_only=True) as d:
        assert d.scalar("SELECT review_state FROM events WHERE id = ?", [eid]) == "auto"
    db = Database(writable_db)  # the lock is free again: the same write now lands
    set_review_state(db, eid, "accepted", actor="t")
    db.close()


def test_build_waits_for_an_open_writer_then_carries_its_writes(writable_db: Path) -> None:
    """A build never swaps while a writer has the file open: it is refused as busy after its wait."""
    from policyscope.store import StoreBusy
    from policyscope.store.build import build

    db = Database(writable_db)
    try:
        eid = db.scalar("SELECT id FROM events WHERE review_state = 'auto' ORDER BY id LIMIT 1")
        set_review_state(db, eid, "accepted", actor="t")
        before = writable_db.stat().st_ino
        with pytest.raises(StoreBusy, match="open for writing by another process"):
            build(writable_db, progress=False, lock_wait=0.5)
        assert writable_db.stat().st_ino == before  # not swapped
        assert not list(writable_db.parent.glob(writable_db.name + ".building-*"))
    finally:
        db.close()
    build(writable_db, progress=False)
    with open_db(writable_db, read_only=True) as d:
        assert d.scalar("SELECT review_state FROM events WHERE id = ?", [eid]) == "accepted"


def test_second_build_at_once_is_refused(writable_db: Path) -> None:
    from policyscope.store import StoreBusy, write_lock
    from policyscope.store.build import build

    with write_lock(f"{writable_db}.build", exclusive=True, purpose="build"), \
            pytest.raises(StoreBusy, match="another build"):
        build(writable_db, progress=False)
