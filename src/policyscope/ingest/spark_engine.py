"""``ingest --engine spark``: the local engine's readers and extractor (imported, not copied) run as a PySpark
job over files, a list of fetched files, or a Parquet/JSONL table of texts. Nothing is stored: the job writes a
*batch* folder of Parquet partitions (documents, events, amounts, evidence, errors) plus ``batch.json``, which
``policyscope import-batch`` loads into the store through the same intake as a local ingest.

Every input carries ``seq``, its position in the order the local engine would read it (files in
``iter_files`` order, then table rows in file order), so the import replays the local engine's order and
stores the same events. A document that cannot be read or extracted becomes a row of ``errors`` with its
reason; the job goes on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from policyscope.errors import InputError
from policyscope.ingest.pipeline import extract_document
from policyscope.ingest.readers import ReaderError, ReadOptions, iter_files, read_bytes, read_path

BATCH_FORMAT = "policyscope-batch/1"
TABLES = ("documents", "events", "amounts", "evidence", "errors")
TABLE_SUFFIXES = (".parquet", ".jsonl", ".ndjson")
# columns of a table of texts: ``text`` is required; the others override the command's defaults per row
TEXT_COLUMNS = ("text", "origin", "url", "id", "jurisdiction", "published", "source_name")


class SparkIngestError(InputError):
    """Bad input to the Spark engine (missing table column, unreadable list); the message names it."""


class BatchSummary(BaseModel):
    """What ``batch.json`` records about a batch: its inputs and the rows of each table."""

    format: str = BATCH_FORMAT
    created: str
    master: str
    spark_version: str
    inputs: list[str]
    documents: int
    events: int
    amounts: int
    evidence: int
    errors: int
    seconds: float
    tables: dict[str, str] = Field(default_factory=dict)


# -- the per-document work (runs on the executors) -------------------------------------------------------

def _reason(exc: Exception) -> str:
    """Same wording as the local intake's error column."""
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {reason}"


def _read(task: tuple, opts: ReadOptions) -> tuple[int, Any]:
    """(size, Document) of one task; errors raise ReaderError worded as the local engine words them."""
    _seq, kind, source, text, over = task
    if kind == "file":
        path = Path(source)
        try:
            size = path.stat().st_size if path.exists() else 0
        except OSError:
            size = 0
        try:
            return size, read_path(path, opts)
        except ReaderError:
            raise
        except Exception as exc:  # a reader bug must not stop the job (pipeline.iter_inputs' wording)
            raise ReaderError(path, f"cannot read ({type(exc).__name__}: {str(exc)[:160]})") from None
    data = (text or "").encode("utf-8")
    row_opts = dataclasses.replace(opts, **over) if over else opts
    try:
        return len(data), read_bytes(data, source, row_opts, fmt="txt")
    except ReaderError:
        raise
    except Exception as exc:
        raise ReaderError(source, f"cannot read ({type(exc).__name__}: {str(exc)[:160]})") from None


def process(task: tuple, opts: ReadOptions) -> dict[str, Any]:
    """One input → a record with the document and its events as JSON, or the reason it failed."""
    seq, _kind, source = task[0], task[1], task[2]
    rec: dict[str, Any] = {"seq": seq, "source": source, "size": 0, "document": None, "events": [],
                           "error": None, "document_id": None}
    try:
        rec["size"], doc = _read(task, opts)
    except ReaderError as exc:
        rec["error"] = exc.reason
        return rec
    rec["document_id"] = doc.id
    try:
        events = extract_document(doc)
    except Exception as exc:  # extraction failed for this document only
        rec["error"] = _reason(exc)
        return rec
    rec["document"] = doc.model_dump(mode="json")
    rec["events"] = [ev.model_dump(mode="json") for ev in events]
    return rec


def process_partition(rows: Iterable[tuple], opts: ReadOptions) -> Iterator[dict[str, Any]]:
    for task in rows:
        yield process(task, opts)


# -- rows of the Parquet tables ----------------------------------------------------------------------------

def _date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def document_rows(rec: dict[str, Any]) -> list[tuple]:
    d = rec["document"]
    if d is None:
        return []
    return [(rec["seq"], rec["source"], rec["size"], d["id"], d["title"], d["lang"], d["origin"], d["source_name"],
             _date(d["published"]), d["jurisdiction"], len(d["text"]), d["needs_ocr"], d["text"],
             json.dumps(d["meta"], ensure_ascii=False))]


def _event_id(ev: dict[str, Any]) -> str:
    from policyscope.model import PolicyEvent

    return ev["id"] or PolicyEvent.model_validate(ev).stable_id()


def event_rows(rec: dict[str, Any]) -> list[tuple]:
    out = []
    for i, ev in enumerate(rec["events"]):
        usd = [a["usd"] for a in ev["amounts"] if a["usd"] is not None]
        out.append((rec["seq"], rec["document_id"], i, _event_id(ev), ev["jurisdiction"], _date(ev["date"]),
                    ev["date_precision"], ev["title"], ev["type"], list(ev["domains"]), ev["status"],
                    float(ev["confidence"]), ev["origin"], max(usd) if usd else None,
                    json.dumps(ev, ensure_ascii=False)))
    return out


def amount_rows(rec: dict[str, Any]) -> list[tuple]:
    out = []
    for ev in rec["events"]:
        eid = _event_id(ev)
        for i, a in enumerate(ev["amounts"]):
            out.append((rec["seq"], rec["document_id"], eid, i, a["text"], float(a["value"]), a["unit_text"],
                        a["currency"], float(a["value_in_currency_units"]),
                        None if a["usd"] is None else float(a["usd"]),
                        None if a["fx_rate"] is None else float(a["fx_rate"]), a["fx_year"]))
    return out


def evidence_rows(rec: dict[str, Any]) -> list[tuple]:
    out = []
    for ev in rec["events"]:
        eid = _event_id(ev)
        for e in ev["evidence"]:
            out.append((rec["seq"], e["document_id"], eid, e["line"], e["char_start"], e["char_end"], e["quote"]))
    return out


def error_rows(rec: dict[str, Any]) -> list[tuple]:
    return [(rec["seq"], rec["source"], rec["size"], rec["document_id"], rec["error"])] if rec["error"] else []


ROW_MAKERS: dict[str, Callable[[dict[str, Any]], list[tuple]]] = {
    "documents": document_rows, "events": event_rows, "amounts": amount_rows, "evidence": evidence_rows,
    "errors": error_rows,
}

def arrow_schemas() -> dict[str, Any]:
    """Arrow schema of each table; ``seq`` first so the import can replay the input order."""
    import pyarrow as pa

    s, i64, i32, f64 = pa.string(), pa.int64(), pa.int32(), pa.float64()
    return {
        "documents": pa.schema([("seq", i64), ("source", s), ("size", i64), ("id", s), ("title", s), ("lang", s),
                                ("origin", s), ("source_name", s), ("published", pa.date32()), ("jurisdiction", s),
                                ("chars", i32), ("needs_ocr", pa.bool_()), ("text", s), ("meta", s)]),
        "events": pa.schema([("seq", i64), ("document_id", s), ("ordinal", i32), ("id", s), ("jurisdiction", s),
                             ("date", pa.date32()), ("date_precision", s), ("title", s), ("type", s),
                             ("domains", pa.list_(s)), ("status", s), ("confidence", f64), ("origin", s),
                             ("amount_usd", f64), ("payload", s)]),
        "amounts": pa.schema([("seq", i64), ("document_id", s), ("event_id", s), ("ordinal", i32), ("text", s),
                              ("value", f64), ("unit_text", s), ("currency", s), ("value_in_currency_units", f64),
                              ("usd", f64), ("fx_rate", f64), ("fx_year", i32)]),
        "evidence": pa.schema([("seq", i64), ("document_id", s), ("event_id", s), ("line", i32), ("char_start", i32),
                               ("char_end", i32), ("quote", s)]),
        "errors": pa.schema([("seq", i64), ("source", s), ("size", i64), ("document_id", s), ("error", s)]),
    }


FLUSH_EVERY = 128
PART_DOCS = 500  # inputs per Spark task at most (memory per task stays small)  # documents per Parquet row group written by a task


def process_and_write(index: int, rows: Iterable[tuple], opts: ReadOptions, out: str) -> Iterator[dict[str, int]]:
    """One Spark task: read and extract its inputs and write its part of every table (``part-<index>.parquet``),
    row group by row group; yields the rows written per table. Writing from the task keeps the whole job ONE
    Spark stage (``out`` must be a folder every executor can write to: local disk in local mode, a shared
    file system on a cluster)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = arrow_schemas()
    writers = {n: pq.ParquetWriter(f"{out}/{n}/part-{index:05d}.parquet", schemas[n]) for n in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    buffer: dict[str, list[tuple]] = {n: [] for n in TABLES}

    def flush() -> None:
        for n in TABLES:
            cols = list(zip(*buffer[n], strict=True)) if buffer[n] else [[] for _ in schemas[n]]
            writers[n].write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in
                                                         zip(cols, schemas[n], strict=True)], schema=schemas[n]))
            counts[n] += len(buffer[n])
            buffer[n] = []

    try:
        pending = 0
        for task in rows:
            rec = process(task, opts)
            for n, maker in ROW_MAKERS.items():
                buffer[n].extend(maker(rec))
            pending += 1
            if pending >= FLUSH_EVERY:
                flush()
                pending = 0
        flush()
    finally:
        for w in writers.values():
            w.close()
    yield counts


# -- planning the inputs (driver) -----------------------------------------------------------------------------

def read_file_list(path: Path) -> list[str]:
    """A list of fetched files, one path per line (``#`` comments and blank lines ignored)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SparkIngestError(f"{path}: cannot read the file list ({exc.strerror or exc})") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def is_table(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in TABLE_SUFFIXES


def _row_overrides(row: dict[str, Any]) -> dict[str, Any]:
    over: dict[str, Any] = {}
    if row.get("jurisdiction"):
        over["jurisdiction"] = str(row["jurisdiction"])
    if row.get("published"):
        p = row["published"]
        over["published"] = p if isinstance(p, dt.date) else dt.date.fromisoformat(str(p)[:10])
    if row.get("source_name"):
        over["source_name"] = str(row["source_name"])
    return over


def _table_frame(spark: Any, path: Path) -> Any:
    df = spark.read.parquet(str(path)) if path.suffix.lower() == ".parquet" else spark.read.json(str(path))
    if "text" not in df.columns:
        raise SparkIngestError(f"{path}: a table of texts needs a 'text' column (has: {', '.join(df.columns)})")
    return df.select(*[c for c in TEXT_COLUMNS if c in df.columns])


def plan_tasks(spark: Any, paths: Iterable[str | Path], files_from: Path | None, slices: int) -> Any:
    """An RDD of tasks ``(seq, kind, source, text, overrides)`` in the local engine's order."""
    files: list[Path] = []
    tables: list[Path] = []
    for p in iter_files(paths):
        (tables if is_table(p) else files).append(p)
    if files_from is not None:
        files.extend(Path(x) for x in read_file_list(files_from))
    sc = spark.sparkContext
    tasks = [(i, "file", str(f), None, None) for i, f in enumerate(files)]
    rdd = sc.parallelize(tasks, max(1, min(len(tasks), slices))) if tasks else sc.emptyRDD()
    offset = len(tasks)
    for t in tables:
        frame = _table_frame(spark, t)
        n = frame.count()
        base = offset

        def to_task(pair: tuple, base: int = base, name: str = str(t)) -> tuple:
            row, idx = pair[0].asDict(), pair[1]
            origin = row.get("origin") or row.get("url") or row.get("id") or f"{name}#{idx + 1}"
            return (base + idx, "text", str(origin), row.get("text"), _row_overrides(row))

        rdd = rdd.union(frame.rdd.zipWithIndex().map(to_task))
        offset += n
    return rdd, offset


# -- the job ------------------------------------------------------------------------------------------------

def run(paths: Iterable[str | Path], out: Path, *, opts: ReadOptions | None = None, master: str | None = None,
        files_from: Path | None = None, on_tick: Callable[[int, int], None] | None = None,
        spark: Any = None, partitions: int | None = None) -> BatchSummary:
    """Read and extract every input on Spark and write the batch folder ``out``; returns its summary."""
    import shutil
    import time

    from policyscope.scale.session import run_with_progress, spark_session

    t0 = time.perf_counter()
    paths = [Path(p) for p in paths]
    spark = spark or spark_session(master)
    opts = opts or ReadOptions()
    n_guess = sum(1 for _ in iter_files(paths)) + (len(read_file_list(files_from)) if files_from else 0)
    slices = partitions or max(2, spark.sparkContext.defaultParallelism * 2, n_guess // PART_DOCS)
    tasks, n_inputs = plan_tasks(spark, paths, files_from, slices)
    if n_inputs == 0:
        raise SparkIngestError("no inputs: give files, folders, a table of texts or --files-from FILE")
    out = out.resolve()
    for n in TABLES:  # a re-run replaces the batch, never mixes two
        shutil.rmtree(out / n, ignore_errors=True)
        (out / n).mkdir(parents=True)
    target = str(out)
    job = tasks.mapPartitionsWithIndex(lambda i, rows: process_and_write(i, rows, opts, target))
    parts = run_with_progress(spark, job.collect, on_tick)
    counts = {n: sum(p[n] for p in parts) for n in TABLES}
    summary = BatchSummary(
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), master=spark.sparkContext.master,
        spark_version=spark.version, inputs=[str(p) for p in paths] + ([f"@{files_from}"] if files_from else []),
        seconds=round(time.perf_counter() - t0, 3), tables={n: f"{n}/" for n in TABLES}, **counts)
    (out / "batch.json").write_text(summary.model_dump_json(indent=1), encoding="utf-8")
    return summary
