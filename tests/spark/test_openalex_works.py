"""Country–country edges from the real OpenAlex works sample (SOURCES.md §19): the counts the source documents,
the schema-vintage fallbacks, the same edges on Spark, and the comparison with the bundled country-level
co-authorship network (OPENALEX.COAUTHOR) for the years both cover."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from policyscope.sources.adapters import openalex_works as ow
from policyscope.sources.base import SourceError
from tests.conftest import DATA

SAMPLE = DATA / "openalex_works_sample" / "works_dedup.jsonl.gz"


@pytest.fixture(scope="module")
def local_edges() -> tuple[Any, ow.WorksStats]:
    return ow.edges_duckdb([SAMPLE])


def _works() -> list[dict]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_counts_match_the_documented_sample(local_edges: tuple[Any, ow.WorksStats]) -> None:
    edges, stats = local_edges
    assert (stats.works, stats.with_country, stats.multi_country, stats.truncated) == (5244, 4188, 1562, 15)
    pairs = edges[edges.domain == ow.ALL].groupby(["a", "b"])["works"].sum().sort_values(ascending=False)
    # SOURCES.md §19: GB–US 217, DE–US 169, CA–US 146, AU–US 130, DE–GB 129 distinct works
    assert pairs.head(5).to_dict() == {("GBR", "USA"): 217, ("DEU", "USA"): 169, ("CAN", "USA"): 146,
                                       ("AUS", "USA"): 130, ("DEU", "GBR"): 129}
    assert (edges.a < edges.b).all() and set(edges.domain) >= {ow.ALL, "ai", "biotech_health", "energy_climate"}


def test_schema_vintages_fallbacks() -> None:
    works = _works()
    old = next(w for w in works if w.get("authorships") and all("countries" not in a for a in w["authorships"])
               and any(i.get("country_code") for a in w["authorships"] for i in a.get("institutions") or []))
    assert ow.work_countries(old), "2021–22 layout: countries come from institutions[].country_code"
    stringy = next(w for w in works if any(isinstance(c.get("score"), str) for c in w.get("concepts") or []))
    ow.work_domains(stringy)  # string scores are read as numbers, not an error
    assert ow.work_domains({"concepts": [{"display_name": "Machine learning", "score": "0.61"}]}) == ["ai"]
    assert ow.work_domains({"concepts": [{"display_name": "Machine learning", "score": "0.1"}]}) == []
    assert ow.flatten_work({"id": "W1", "authorships": [{"countries": ["XX"]}], "publication_year": 2020}) == []
    with pytest.raises(SourceError, match="no such works file"):
        list(ow.iter_works([SAMPLE.with_name("missing.jsonl.gz")]))


def test_bad_lines_are_counted_not_fatal(tmp_path: Path) -> None:
    f = tmp_path / "part_000.jsonl"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
        line = fh.readline()
    f.write_text("not json\n" + line + "[1, 2]\n", encoding="utf-8")
    _, stats = ow.edges_duckdb([f])
    assert stats.bad_lines == 2 and stats.works == 1


def test_spark_gives_the_same_edges(local_edges: tuple[Any, ow.WorksStats], spark: Any) -> None:
    edges, stats = ow.edges_spark([SAMPLE], spark)
    assert stats == local_edges[1]
    assert edges.reset_index(drop=True).equals(local_edges[0].reset_index(drop=True))


def test_compared_with_the_bundled_coauthorship(local_edges: tuple[Any, ow.WorksStats], built_db: Path) -> None:
    """The sample is a biased subset of OpenAlex, so its pair counts must not exceed the full network's
    (bundled OPENALEX.COAUTHOR, 1990–2023) and nearly all its pairs must exist there; the ranking differs
    (CHN–USA leads the full network, the sample under-represents China)."""
    edges = local_edges[0]
    sample = edges[(edges.domain == ow.ALL) & edges.year.between(1990, 2023)]
    con = duckdb.connect(str(built_db), read_only=True)
    full = con.execute("SELECT year, a, b, value FROM main.edges WHERE indicator = 'OPENALEX.COAUTHOR' AND a < b").df()
    con.close()
    m = sample.merge(full, on=["year", "a", "b"], how="left")
    present = m.value.notna()
    assert present.mean() > 0.99, m[~present]
    assert (m[present].works <= m[present].value).all(), m[present & (m.works > m.value)]
    top_sample = m[m.year == 2020].sort_values("works", ascending=False).head(5)
    top_full = full[full.year == 2020].sort_values("value", ascending=False).head(10)
    shared = {(r.a, r.b) for r in top_sample.itertuples()} & {(r.a, r.b) for r in top_full.itertuples()}
    assert ("GBR", "USA") in shared and len(shared) >= 3
