"""Collaboration networks from raw OpenAlex *works* records: authorships → institutions → countries, concepts
and topics → policyscope's domains, then country–country edges per year and domain (full counting: a work
counts once for every pair of distinct countries among its authors).

One Python function flattens a work (:func:`flatten_work`), whatever its schema vintage; one Ibis expression
turns the flat rows into edges (:func:`edge_expr`). Locally the rows go to DuckDB; at scale
(:func:`edges_spark`, e.g. the 270 M-work snapshot's JSON Lines parts) Spark runs the same function on its
executors and the same Ibis expression on its SQL engine.

Schema caveats handled (SOURCES.md §19): 2021–22 records lack ``authorships[].countries`` (fall back to
``institutions[].country_code``), some institutions have ``country_code: null``, ``concepts[].score`` is a
string in some 2022 records, list pages truncate ``authorships`` at 100 (such works are counted as
``truncated``; their pairs are a lower bound)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policyscope.sources.base import SourceError

ALL = "all"  # every work, whatever its topic
CONCEPT_MIN_SCORE = 0.3
TRUNCATED_AT = 100
INDICATOR = "OPENALEX_WORKS.COAUTHOR"

# OpenAlex concepts (display names) and topic subfields/fields → our domains. Only unambiguous research areas
# are mapped; a work may fall in several domains, or none (it is then only in ``all``).
CONCEPTS: dict[str, str] = {
    "Artificial intelligence": "ai", "Machine learning": "ai", "Deep learning": "ai",
    "Natural language processing": "ai", "Computer vision": "ai", "Artificial neural network": "ai",
    "Reinforcement learning": "ai", "Quantum computer": "quantum", "Quantum information": "quantum",
    "Qubit": "quantum", "Quantum entanglement": "quantum", "Semiconductor": "semiconductors",
    "Integrated circuit": "semiconductors", "Transistor": "semiconductors", "Telecommunications": "telecom_5g_6g",
    "Wireless": "telecom_5g_6g", "Computer network": "telecom_5g_6g", "Big data": "data", "Data science": "data",
    "Data mining": "data", "Cloud computing": "cloud_computing", "Distributed computing": "cloud_computing",
    "Supercomputer": "cloud_computing", "Blockchain": "blockchain", "Computer security": "cybersecurity",
    "Cryptography": "cybersecurity", "Medicine": "biotech_health", "Biotechnology": "biotech_health",
    "Climate change": "energy_climate", "Renewable energy": "energy_climate", "Environmental science": "energy_climate",
    "Robotics": "manufacturing", "Robot": "manufacturing", "Manufacturing engineering": "manufacturing",
    "Aerospace engineering": "space", "Satellite": "space", "Astronomy": "space",
}
SUBFIELDS: dict[str, str] = {
    "Artificial Intelligence": "ai", "Computer Vision and Pattern Recognition": "ai",
    "Computer Networks and Communications": "telecom_5g_6g", "Aerospace Engineering": "space",
    "Astronomy and Astrophysics": "space", "Industrial and Manufacturing Engineering": "manufacturing",
    "Renewable Energy, Sustainability and the Environment": "energy_climate", "Global and Planetary Change": "energy_climate",
    "Information Systems": "data", "Computer Science Applications": "data",
}
FIELDS: dict[str, str] = {
    "Medicine": "biotech_health", "Biochemistry, Genetics and Molecular Biology": "biotech_health",
    "Immunology and Microbiology": "biotech_health", "Pharmacology, Toxicology and Pharmaceutics": "biotech_health",
    "Energy": "energy_climate",
}


class WorksStats(BaseModel):
    """What a run saw: works read, kept (year and ≥ 1 country), multi-country, truncated, skipped lines."""

    works: int = 0
    with_country: int = 0
    multi_country: int = 0
    truncated: int = 0
    bad_lines: int = 0


# -- one work -----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out["XK"] = "XKX"  # Kosovo, as in the bundled co-authorship adapter
    return out


def _score(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def work_countries(work: dict[str, Any]) -> list[str]:
    """ISO3 codes of the authors' countries: ``authorships[].countries``, else the institutions' codes."""
    iso3 = _iso3()
    found: set[str] = set()
    for a in work.get("authorships") or []:
        codes = [c for c in (a.get("countries") or []) if c]
        if not codes:
            codes = [i.get("country_code") for i in (a.get("institutions") or []) if i and i.get("country_code")]
        found.update(iso3[c.upper()] for c in codes if isinstance(c, str) and c.upper() in iso3)
    return sorted(found)


def work_domains(work: dict[str, Any]) -> list[str]:
    """Our domains of a work from its concepts (score ≥ 0.3) and topics (subfield, field)."""
    out: set[str] = set()
    for c in work.get("concepts") or []:
        if c and _score(c.get("score")) >= CONCEPT_MIN_SCORE and c.get("display_name") in CONCEPTS:
            out.add(CONCEPTS[c["display_name"]])
    topics = list(work.get("topics") or [])
    if work.get("primary_topic"):
        topics.append(work["primary_topic"])
    for t in topics:
        if not t:
            continue
        sub = (t.get("subfield") or {}).get("display_name")
        field = (t.get("field") or {}).get("display_name")
        if sub in SUBFIELDS:
            out.add(SUBFIELDS[sub])
        if field in FIELDS:
            out.add(FIELDS[field])
    return sorted(out)


def work_year(work: dict[str, Any]) -> int | None:
    y = work.get("publication_year")
    if y is None and work.get("publication_date"):
        y = str(work["publication_date"])[:4]
    try:
        return int(y) if y is not None else None
    except (TypeError, ValueError):
        return None


def flatten_work(work: dict[str, Any]) -> list[tuple[str, int, str, str, bool]]:
    """(work_id, year, domain, country, truncated) rows of one work: every country × (``all`` + its domains).
    A work without a year or a country gives no row."""
    year, countries = work_year(work), work_countries(work)
    if year is None or not countries:
        return []
    wid = str(work.get("id") or "")
    truncated = len(work.get("authorships") or []) >= TRUNCATED_AT
    return [(wid, year, d, c, truncated) for d in (ALL, *work_domains(work)) for c in countries]


# -- reading records --------------------------------------------------------------------------------------

def _open(path: Path) -> Any:
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def iter_works(paths: Iterable[str | Path], stats: WorksStats | None = None) -> Iterator[dict[str, Any]]:
    """Works of JSON Lines files (plain or .gz: the snapshot's part files, ``works_dedup.jsonl.gz``); a line
    that is not a JSON object is counted in ``stats.bad_lines`` and skipped."""
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise SourceError(f"{p}: no such works file")
        with _open(p) as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    rec = None
                if not isinstance(rec, dict):
                    if stats is not None:
                        stats.bad_lines += 1
                    continue
                yield rec


def _count(stats: WorksStats, rows: list[tuple]) -> None:
    stats.works += 1
    if rows:
        stats.with_country += 1
        n = len({r[3] for r in rows})
        stats.multi_country += n > 1
        stats.truncated += rows[0][4]


# -- edges (one Ibis expression for DuckDB and Spark) -----------------------------------------------------------

def edge_expr(rows: Any) -> Any:
    """Ibis table of (work_id, year, domain, country) → edges (year, domain, a, b, works) with a < b."""
    left = rows.select(w=rows.work_id, y=rows.year, d=rows.domain, a=rows.country)
    right = rows.select(w2=rows.work_id, d2=rows.domain, b=rows.country)
    pairs = left.join(right, [left.w == right.w2, left.d == right.d2, left.a < right.b])
    return (pairs.group_by(year=pairs.y, domain=pairs.d, a=pairs.a, b=pairs.b)
            .aggregate(works=pairs.w.nunique())
            .order_by(["year", "domain", "a", "b"]))


ROW_COLUMNS = ("work_id", "year", "domain", "country", "truncated")


def edges_duckdb(paths: Iterable[str | Path]) -> tuple[Any, WorksStats]:
    """Edges of the works in ``paths`` on DuckDB (pandas frame) and what was read."""
    import ibis
    import pyarrow as pa

    stats = WorksStats()
    rows: list[tuple] = []
    for work in iter_works(paths, stats):
        r = flatten_work(work)
        _count(stats, r)
        rows.extend(r)
    table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(ROW_COLUMNS)},
                     schema=pa.schema([("work_id", pa.string()), ("year", pa.int64()), ("domain", pa.string()),
                                       ("country", pa.string()), ("truncated", pa.bool_())]))
    con = ibis.duckdb.connect()
    try:
        return con.to_pandas(edge_expr(ibis.memtable(table))), stats
    finally:
        con.disconnect()


def _parse(line: str) -> dict[str, Any] | None:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        return None
    return rec if isinstance(rec, dict) else None


def _spark_rows(line: str) -> list[tuple]:
    rec = _parse(line)
    return flatten_work(rec) if rec is not None else []


def _spark_stats(line: str) -> tuple[int, int, int, int, int]:
    """(works, with_country, multi_country, truncated, bad_lines) of one line, as :func:`_count` counts."""
    rec = _parse(line)
    if rec is None:
        return (0, 0, 0, 0, 1)
    st = WorksStats()
    _count(st, flatten_work(rec))
    return (st.works, st.with_country, st.multi_country, st.truncated, 0)


def edges_spark(paths: Iterable[str | Path], spark: Any) -> tuple[Any, WorksStats]:
    """The same edges on Spark: text files (gz read natively) → :func:`flatten_work` on the executors → the
    same Ibis expression on Spark SQL. Returns (pandas frame, what was read)."""
    import ibis

    files = [str(Path(p).resolve()) for p in paths]
    for f in files:
        if not Path(f).exists():
            raise SourceError(f"{f}: no such works file")
    lines = spark.sparkContext.textFile(",".join(files)).filter(lambda s: bool(s.strip())).cache()
    try:
        flat = spark.createDataFrame(lines.flatMap(_spark_rows),
                                     "work_id STRING, year BIGINT, domain STRING, country STRING, truncated BOOLEAN")
        flat.createOrReplaceTempView("work_country")
        edges = edge_expr(ibis.pyspark.connect(spark).table("work_country")).to_pandas()
        totals = lines.map(_spark_stats).fold((0, 0, 0, 0, 0), lambda a, b: tuple(x + y for x, y in zip(a, b, strict=True)))
    finally:
        lines.unpersist()
    return edges, WorksStats(**dict(zip(("works", "with_country", "multi_country", "truncated", "bad_lines"),
                                        totals, strict=True)))
