"""Where an analysis reads its tables: the DuckDB store (default) or, with ``--backend spark``, the Parquet
layout that ``policyscope export --format parquet`` writes, read by Spark through Ibis's PySpark backend.

The analyses take either as their ``db`` argument: :func:`policyscope.analysis.base.ibis_backend` returns
the source's own Ibis backend, so counts, share, rank, growth and network run the same Ibis expressions on
both. Only the small final steps (networkx measures, sorting into rows) run in the driver."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from policyscope.analysis.base import AnalysisError
from policyscope.store.export import VIEWS

# the analyses that accept --backend spark (they read their tables only through Ibis)
SPARK_ANALYSES = ("counts", "share", "rank", "growth", "network", "partners", "keywords")


class Backend(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class ParquetTables:
    """The published views of an export folder (``<view>.parquet``), registered in a Spark session and read
    through Ibis. Pass it wherever an analysis takes ``db``."""

    def __init__(self, folder: str | Path, *, master: str | None = None, spark: Any = None) -> None:
        import ibis

        from policyscope.scale.session import spark_session

        self.folder = Path(folder)
        found = [v for v in VIEWS if (self.folder / f"{v}.parquet").exists()]
        if not self.folder.is_dir() or not found:
            raise AnalysisError(f"{self.folder}: no Parquet export here (expected {', '.join(f'{v}.parquet' for v in VIEWS)}; "
                                "write one with `policyscope export --format parquet --out DIR`)")
        self.spark = spark or spark_session(master)
        for v in found:
            self.spark.read.parquet(str((self.folder / f"{v}.parquet").resolve())).createOrReplaceTempView(v)
        self.views = found
        self.ibis = ibis.pyspark.connect(self.spark)

    def __repr__(self) -> str:
        return f"ParquetTables({self.folder}, views={len(self.views)})"


def open_source(backend: Backend | str, db: Any, parquet: Path | None, master: str | None = None) -> Any:
    """The ``db`` an analysis should read: the open store, or the export folder on Spark."""
    if Backend(backend) == Backend.duckdb:
        return db
    if parquet is None:
        raise AnalysisError("--backend spark reads a Parquet export: give --parquet DIR "
                            "(written by `policyscope export --format parquet --out DIR`)")
    return ParquetTables(parquet, master=master)
