"""Fixtures of the analysis tests: a read-only Database on a private copy of the built database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from policyscope.store.database import Database
from tests.analysis.dbcopy import make_analysis_db
from tests.conftest import GOLD


@pytest.fixture(scope="session")
def analysis_db_path(built_db: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_analysis_db(built_db, tmp_path_factory.mktemp("analysis") / "analysis.duckdb", GOLD, shared_data)


@pytest.fixture(scope="session")
def db(analysis_db_path: Path) -> Iterator[Database]:
    d = Database(analysis_db_path, read_only=True)
    yield d
    d.close()
