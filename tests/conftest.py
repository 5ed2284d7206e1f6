"""Shared fixtures: the real shared data folder and one database built from the bundled snapshot."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared")).resolve()
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session", autouse=True)
def search_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the search indexes of the whole session (subprocesses inherit it): copies of a database
    share its catalogue stamp, hence its index, which is made once instead of once per copy."""
    d = tmp_path_factory.mktemp("search-index")
    old = os.environ.get("POLICYSCOPE_SEARCH_DIR")
    os.environ["POLICYSCOPE_SEARCH_DIR"] = str(d)
    yield d
    if old is None:
        os.environ.pop("POLICYSCOPE_SEARCH_DIR", None)
    else:
        os.environ["POLICYSCOPE_SEARCH_DIR"] = old


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert DATA.is_dir(), f"the shared data folder {DATA} is missing (CI keeps ../shared beside the checkout)"
    return DATA


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once per test run from the bundled snapshot (read-only use please).

    Under ``pytest -n N`` (``make test``) the workers share one build: the first builds it beside their
    folders under a lock, the others wait and copy it."""
    path = tmp_path_factory.mktemp("db") / "policyscope.duckdb"
    reuse = os.environ.get("POLICYSCOPE_TEST_BUILT_DB")  # a developer's shortcut: a database built at this commit
    if reuse:
        shutil.copy(reuse, path)
    elif os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.copy(_shared_build(tmp_path_factory.getbasetemp().parent), path)
    else:
        _build(path)
    return path


def _build(path: Path) -> None:
    from policyscope.store.build import build

    build(path, progress=False)


def _shared_build(root: Path) -> Path:
    """The one database the workers of this run share, built by whichever asks first."""
    shared = root / "shared-build" / "policyscope.duckdb"
    shared.parent.mkdir(exist_ok=True)
    with open(root / "shared-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this worker dies
        if not shared.exists():
            part = shared.with_suffix(".part")
            _build(part)
            part.rename(shared)
    return shared


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep together on one worker (``--dist loadgroup``) what shares a costly fixture: a module's tests
    (their module-scoped servers and browsers), and across modules the flagship, the seeded database and Spark."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "flagship_reports" in fixtures or "flagship_out" in fixtures:
            group = "flagship"
        elif "spark" in item.nodeid.split("/")[1:2]:
            group = "spark"
        elif "seeded_db" in fixtures:
            group = "seeded"
        else:
            group = item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture()
def writable_db(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the built database that a test may change."""
    dst = tmp_path / "policyscope.duckdb"
    shutil.copy(built_db, dst)
    return dst


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def run_cli(*args: str, db: Path | None = None, env: dict[str, str] | None = None,
            timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the real `policyscope` command in a subprocess."""
    e = dict(os.environ)
    if db is not None:
        e["POLICYSCOPE_DB"] = str(db)
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-m", "policyscope", *args], capture_output=True, text=True,
                          env=e, timeout=timeout)
