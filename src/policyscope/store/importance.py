"""Build step: an importance score per event, so that reports, newsletters, profiles and pages show the
weightiest policies first (documented in docs/coverage.md "## Importance").

score = level + type + status + sources + budget + landmark − section, floored at 0:

- level: national or supranational 3, international 2.5, unknown 2, sub-national 1;
- type: law/regulation and strategy 2, funding/budget 1.5, plan/programme 1.2, institution, ethics guideline and
  cooperation 1, corporate investment and standard 0.8, assessment report 0.6, other 0.3;
- status: adopted or in force +0.5, amended +0.3, proposed or in consultation −0.5, expired −0.5, defunct −1.5;
- sources: +1 per doubling of the independent sources behind the event (log2 of its ``event_sources`` rows);
- budget: +log10(US$ / 100 million), between 0 and 2 (US$ 1 billion → +1, US$ 10 billion or more → +2: a budget
  weighs no more than being a landmark);
- landmark: +2 when a record of the ``landmarks`` source stands behind the event, or its title is a policy of the
  curated glossary of policies most cited in Chinese writing (``model/data/tm_glossary.csv``);
- section: −2 for an individual section or division of a bill (AGORA's "…, Section 903 (…)" records).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import duckdb
import pandas as pd

from policyscope.model.translation_memory import normalise

LEVEL = {"national": 3.0, "supranational": 3.0, "international": 2.5, "subnational": 1.0}
TYPE = {"law_regulation": 2.0, "strategy": 2.0, "funding_budget": 1.5, "plan_program": 1.2, "institution": 1.0,
        "ethics_guideline": 1.0, "cooperation": 1.0, "corporate_investment": 0.8, "standard": 0.8,
        "assessment_report": 0.6, "other": 0.3}
STATUS = {"adopted": 0.5, "in_force": 0.5, "amended": 0.3, "proposed": -0.5, "in_consultation": -0.5,
          "expired": -0.5, "defunct": -1.5}
SECTION_PATTERN = r"(,\s*(Sec\.|Section|Division|Title [IVXL]+)\b)|(^Sec\.\s)"


def _case(column: str, weights: dict[str, float], default: float) -> str:
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in weights.items())
    return f"(CASE {column} {whens} ELSE {default} END)"


@lru_cache(maxsize=1)
def _landmark_titles() -> tuple[str, ...]:
    text = resources.files("policyscope.model").joinpath("data", "tm_glossary.csv").read_text("utf-8")
    names = set()
    for r in csv.DictReader(text.splitlines()):
        names.add(normalise(r["en"]))
        names.add(normalise(r["zh"]))
    return tuple(sorted(names))


def compute_importance(con: duckdb.DuckDBPyConnection, ids: list[str] | None = None) -> dict[str, float]:
    """Write ``core.event.importance`` for every event (the build), or for the events ``ids`` (an ingest
    scores what it stored, in its own transaction, so new events are not listed last); returns the score's
    summary over all events."""
    if ids is not None and not ids:
        return {}
    con.register("_landmarks", pd.DataFrame({"name": list(_landmark_titles())}))
    has_table = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' "
                            "AND table_name = 'landmark'").fetchall()[0][0] > 0
    # the landmark list is a source of its own (events' ``landmarks`` adapter): an event it backs is a landmark
    flagged = "OR e.id IN (SELECT event_id FROM core.event_source WHERE source = 'landmarks')"
    flagged += " OR e.id IN (SELECT event_id FROM core.landmark)" if has_table else ""
    norm = ("trim(regexp_replace(regexp_replace(lower(regexp_replace({c}, '[《》“”\"''’‘`]', '', 'g')), "
            "'[\\s\\-–—_,.;:!?()（）\\[\\]/&]+', ' ', 'g'), '^the ', ''))")
    only = "WHERE ev.id IN (SELECT unnest(?::VARCHAR[]))" if ids is not None else ""
    try:
        con.execute(f"""
            UPDATE core.event AS e SET importance = round(greatest(0,
                {_case('e.level', LEVEL, 2.0)} + {_case('e.type', TYPE, 0.3)} + {_case('e.status', STATUS, 0.0)}
                + log2(greatest(1, coalesce(s.n, 1)))
                + least(2, greatest(0, log10(greatest(coalesce(e.amount_usd, 0), 1) / 1e8)))
                + (CASE WHEN {norm.format(c='e.title')} IN (SELECT name FROM _landmarks)
                         OR {norm.format(c="coalesce(e.title_en, '')")} IN (SELECT name FROM _landmarks)
                         OR {norm.format(c="coalesce(e.title_zh, '')")} IN (SELECT name FROM _landmarks) {flagged}
                        THEN 2 ELSE 0 END)
                - (CASE WHEN regexp_matches(e.title, '{SECTION_PATTERN}') THEN 2 ELSE 0 END)), 2)
            FROM (SELECT ev.id, (SELECT count(*) FROM core.event_source x WHERE x.event_id = ev.id) AS n
                  FROM core.event ev {only}) AS s
            WHERE s.id = e.id""", [ids] if ids is not None else [])
    finally:
        con.unregister("_landmarks")
    row = con.execute("SELECT count(importance), min(importance), avg(importance), max(importance) "
                      "FROM core.event").fetchall()[0]
    return {"events": row[0], "min": row[1], "mean": round(row[2] or 0, 2), "max": row[3]}
