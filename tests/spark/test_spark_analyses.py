"""``--backend spark`` gives the same JSON as DuckDB for every analysis that offers it, on the bundled data:
the store is exported with ``policyscope export --format parquet`` and read by Spark through Ibis. The
commands run in-process (typer's runner) so they share the test session's Spark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policyscope.analysis.backends import ParquetTables
from policyscope.analysis.base import AnalysisError
from policyscope.cli import app
from policyscope.store.database import Database
from policyscope.store.export import export

CASES = [
    ("counts", "--by", "jurisdiction,year,domain"),
    ("counts", "--by", "type,year", "--from", "2017", "--to", "2021", "--domains", "ai,data", "-j", "CHN,USA,EU27"),
    ("share", "-i", "GERD_PPP", "-y", "2018", "-j", "USA,CHN"),
    ("share", "-i", "NY.GDP.MKTP.CD", "-y", "2020", "--of", "EU27"),
    ("rank", "-i", "NY.GDP.MKTP.CD", "-y", "2020", "--compare-year", "2010", "--top", "5"),
    ("growth", "-i", "GERD_PPP", "--vs", "GDP_PPP", "--from", "2010", "--to", "2019"),
    ("network", "--year", "2021", "--top", "10", "--compare-year", "2010"),
    ("network", "--year", "2021", "--focus", "中国", "--partners", "--top", "5"),
    ("keywords", "--a", "kind=events;jurisdiction=CHN", "--b", "kind=events;jurisdiction=USA", "--top", "10"),
]


@pytest.fixture(scope="module")
def parquet(built_db: Path, tmp_path_factory: pytest.TempPathFactory, spark: Any) -> Path:
    out = tmp_path_factory.mktemp("export")
    with Database(built_db, read_only=True) as d:
        export(d, "parquet", out)
    return out


def _json(*args: str) -> dict:
    res = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("args", CASES, ids=lambda a: "-".join(a[:3]))
def test_spark_backend_equals_duckdb(args: tuple[str, ...], built_db: Path, parquet: Path) -> None:
    duck = _json("analyze", *args, "--format", "json", "--db", str(built_db))
    spark = _json("analyze", *args, "--format", "json", "--backend", "spark", "--parquet", str(parquet))
    assert duck.get("rows") or duck.get("nodes"), duck
    assert spark == duck


def test_spark_backend_errors_name_the_input(parquet: Path, tmp_path: Path, spark: Any) -> None:
    res = CliRunner().invoke(app, ["analyze", "counts", "--backend", "spark"])
    assert res.exit_code != 0 and "--parquet" in res.output
    with pytest.raises(AnalysisError, match="no Parquet export"):
        ParquetTables(tmp_path, spark=spark)
    from policyscope.analysis.keywords import keywords

    with pytest.raises(AnalysisError, match="no texts"):
        keywords(ParquetTables(parquet, spark=spark), "jurisdiction=CHN", "jurisdiction=USA")
    from policyscope.analysis.share import share

    with pytest.raises(AnalysisError, match="did you mean"):
        share(ParquetTables(parquet, spark=spark), "GERD_PPX", 2018)
