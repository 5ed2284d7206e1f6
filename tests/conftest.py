"""Shared fixtures: the real shared data folder and one database built from the bundled snapshot."""

from __future__ import annotations

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
    """A database built once per test session from the bundled snapshot (read-only use please)."""
    from policyscope.store.build import build

    path = tmp_path_factory.mktemp("db") / "policyscope.duckdb"
    reuse = os.environ.get("POLICYSCOPE_TEST_BUILT_DB")  # a developer's shortcut: a database built at this commit
    if reuse:
        shutil.copy(reuse, path)
    else:
        build(path, progress=False)
    return path


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
