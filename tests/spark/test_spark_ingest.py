"""``ingest --engine spark`` + ``import-batch`` store exactly what a local ingest stores for the same real
corpus (documents, events with every field, evidence, amounts), report failed inputs with their reason, and a
second import changes nothing. The ≥ 1,000-document comparison runs in bench/spark.py (docs/scale.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from policyscope.ingest.spark_engine import run
from policyscope.store.batch_import import import_batch
from policyscope.store.database import Database, StoreError
from policyscope.store.intake import ingest

EVENT_COLS = ("id, jurisdiction, partners, date, date_precision, title, title_en, title_zh, issuer, type, domains, "
              "status, amount_usd, document_id, line, quote, confidence, origin, url, review_state, merged_into")


def snapshot(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "documents": con.execute("SELECT id, title, lang, origin, source_name, published, jurisdiction, chars, "
                                     "md5(text), needs_ocr, meta FROM core.document ORDER BY id").fetchall(),
            "events": con.execute(f"SELECT {EVENT_COLS} FROM core.event ORDER BY id").fetchall(),
            "evidence": con.execute("SELECT event_id, document_id, line, char_start, char_end, quote FROM core.evidence "
                                    "ORDER BY ALL").fetchall(),
            "amounts": con.execute("SELECT * FROM core.amount ORDER BY ALL").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "b"
    ticks: list[tuple[int, int]] = []
    summary = run([corpus], out, spark=spark, on_tick=lambda d, t: ticks.append((d, t)))
    assert summary.documents == 60 and summary.errors == 2
    return out


def test_spark_batch_tables_and_errors(batch: Path) -> None:
    meta = json.loads((batch / "batch.json").read_text(encoding="utf-8"))
    assert meta["format"] == "policyscope-batch/1" and meta["master"].startswith("local")
    errors = duckdb.sql(f"SELECT source, error FROM read_parquet('{batch}/errors/*.parquet') ORDER BY source").fetchall()
    assert [Path(s).name for s, _ in errors] == ["empty.txt", "table.xls"]
    assert "empty" in errors[0][1] and "unsupported format" in errors[1][1]
    n_ev = duckdb.sql(f"SELECT count(*) FROM read_parquet('{batch}/events/*.parquet')").fetchall()[0][0]
    n_evid = duckdb.sql(f"SELECT count(*) FROM read_parquet('{batch}/evidence/*.parquet')").fetchall()[0][0]
    assert meta["events"] == n_ev > 0 and n_evid >= n_ev


def empty_db(path: Path) -> Path:
    """A new database with the schema and nothing else: the built one already holds the LawRefBook texts."""
    Database(path, create=True).close()
    return path


def test_import_batch_stores_what_local_ingest_stores(batch: Path, corpus: Path, tmp_path: Path) -> None:
    local, spark_db = empty_db(tmp_path / "local.duckdb"), empty_db(tmp_path / "spark.duckdb")
    with Database(local) as d:
        lrep = ingest(d, [corpus], actor="test")
    with Database(spark_db) as d:
        srep = import_batch(d, batch, actor="test")
    assert lrep.summary() == srep.summary()
    assert srep.summary()["documents_new"] == 60 and srep.summary()["events_new"] > 0
    assert sorted((Path(r.source).name, r.error) for r in lrep.errors) == \
        sorted((Path(r.source).name, r.error) for r in srep.errors)
    a, b = snapshot(local), snapshot(spark_db)
    for table in a:
        assert a[table] == b[table], f"{table} differs between local and Spark ingest"
    with Database(spark_db) as d:  # idempotent: the same batch again stores nothing new
        again = import_batch(d, batch, actor="test").summary()
    assert again["documents_new"] == 0 and again["events_new"] == 0 and again["evidence_added"] == 0
    assert snapshot(spark_db) == b


def test_table_of_texts_and_bad_batch(spark: Any, corpus: Path, tmp_path: Path) -> None:
    rows = [{"text": p.read_text(encoding="utf-8"), "origin": p.name, "jurisdiction": "CHN"}
            for p in sorted(corpus.glob("law_000*.txt"))]
    rows.append({"text": "", "origin": "blank-row"})
    table = tmp_path / "texts.jsonl"
    table.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    s = run([table], tmp_path / "tb", spark=spark)
    assert s.documents == len(rows) - 1 and s.errors == 1
    origins = duckdb.sql(f"SELECT origin FROM read_parquet('{tmp_path}/tb/documents/*.parquet') ORDER BY seq").fetchall()
    assert [o for (o,) in origins] == [r["origin"] for r in rows[:-1]]
    with pytest.raises(StoreError, match="no batch.json"), Database(tmp_path / "x.duckdb", create=True) as d:
        import_batch(d, tmp_path)


def test_cli_engine_spark_then_import_batch(spark: Any, corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policyscope.cli import app

    small = tmp_path / "in"
    small.mkdir()
    for p in sorted(corpus.glob("law_000[0-2].txt")) + [corpus / "empty.txt"]:
        shutil.copy(p, small / p.name)
    out = tmp_path / "batch"
    res = CliRunner().invoke(app, ["ingest", str(small), "--engine", "spark", "--out", str(out), "--format", "json"])
    assert res.exit_code == 1, res.output  # one input failed: reported, the batch is complete
    job = json.loads(res.stdout)
    assert job["summary"]["documents"] == 3 and [Path(e["source"]).name for e in job["errors"]] == ["empty.txt"]
    db = empty_db(tmp_path / "p.duckdb")
    res = CliRunner().invoke(app, ["import-batch", str(out), "--db", str(db), "--format", "json"])
    assert res.exit_code == 1, res.output
    summary = json.loads(res.stdout)["summary"]
    assert summary["documents_new"] == 3 and summary["errors"] == 1
    res = CliRunner().invoke(app, ["ingest", str(small), "--engine", "sparkle"])
    assert res.exit_code != 0 and "--engine must be local or spark" in res.output
