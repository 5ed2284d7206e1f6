"""What the event base covers, published with the data: events by jurisdiction × year × type × source, how
complete each field is (date, Chinese title, issuer, amount, evidence), the merges made (events with more than
one source record) and the rows left out with their reasons. One function serves the CLI
(``policyscope coverage``), the API (``/api/v1/coverage``), the ``/coverage`` page and the reports' methods notes.

Rejected and merged events are not counted (they are not in the base).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from policyscope.store.database import Database

_LIVE = "coalesce(e.review_state, 'auto') NOT IN ('rejected', 'merged')"
# the "file row N: " or "(file row N)" part of a reason names one row; it is dropped when reasons are counted
_REASON = (r"regexp_replace(regexp_replace(reason, '[^:,\s][^:,]*row [0-9]+: ', '', 'g'), "
           r"'\s*\([^()]*row [0-9]+\)', '', 'g')")
FIELDS = {
    "date": "e.date IS NOT NULL",
    "title_zh": "e.title_zh IS NOT NULL AND trim(e.title_zh) <> ''",
    "issuer": "e.issuer IS NOT NULL AND trim(e.issuer) <> ''",
    "amount": "e.amount_usd IS NOT NULL",
    "evidence": "(e.document_id IS NOT NULL OR e.quote IS NOT NULL)",
}
FIELD_LABELS = {"date": ("date", "日期"), "title_zh": ("Chinese title", "中文标题"), "issuer": ("issuer", "发布机构"),
                "amount": ("amount", "金额"), "evidence": ("evidence", "证据")}


class CoverageReport(BaseModel):
    events: int
    jurisdictions: int
    national_jurisdictions_20: int  # jurisdictions with ≥ 20 national-level events
    subnational: int  # events below the national level (left out of counts by country by default)
    dated_pct: float  # % of events with a date at any precision
    title_zh_pct: float  # % of events with a Chinese title
    by_level: dict[str, int]
    by_source: list[dict[str, Any]]
    by_jurisdiction: list[dict[str, Any]]
    by_year: list[dict[str, Any]]
    by_type: list[dict[str, Any]]
    cube: list[dict[str, Any]]  # jurisdiction × year × type × source
    completeness: list[dict[str, Any]]  # per field: n, share, and per source
    title_zh_origin: dict[str, int]
    undated: list[dict[str, Any]]  # reasons for events without a date
    merges: dict[str, int]
    excluded: list[dict[str, Any]]  # source × reason
    excluded_total: int
    notes: list[str]


def _rows(db: Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    df = db.df(sql, params or [])
    def fix(v: Any) -> Any:
        if isinstance(v, float):
            return None if v != v else (int(v) if v.is_integer() else v)
        return v

    return [{k: fix(v) for k, v in r.items()} for r in df.to_dict("records")]


def _source_expr() -> str:
    """The event's source: its first provenance row, else its origin (events made by extraction or by hand)."""
    return ("coalesce((SELECT min(s.source) FROM core.event_source s WHERE s.event_id = e.id), e.origin, 'unknown')")


def coverage(db: Database, top: int = 30) -> CoverageReport:
    """Coverage of the event base; ``top`` limits the per-jurisdiction table (the cube is complete)."""
    base = f"SELECT e.*, {_source_expr()} AS source, year(e.date) AS year FROM core.event e WHERE {_LIVE}"
    src = f"({base})"
    total = db.df(f"SELECT count(*) AS n, count(DISTINCT jurisdiction) AS j FROM {src}").iloc[0]
    nat20 = db.df(f"SELECT count(*) AS n FROM (SELECT jurisdiction FROM {src} WHERE coalesce(level, '') <> "
                  "'subnational' GROUP BY 1 HAVING count(*) >= 20)").iloc[0]["n"]
    by_level = {r["level"]: int(r["n"]) for r in _rows(
        db, f"SELECT coalesce(level, 'unstated') AS level, count(*) AS n FROM {src} GROUP BY 1 ORDER BY 2 DESC")}
    completeness: list[dict[str, Any]] = []
    for f, cond in FIELDS.items():
        n = int(db.df(f"SELECT count(*) AS n FROM {src} e WHERE {cond}").iloc[0]["n"])
        per = _rows(db, f"SELECT source, count(*) AS events, count(*) FILTER (WHERE {cond}) AS n FROM {src} e "
                        "GROUP BY 1 ORDER BY 2 DESC")
        completeness.append({"field": f, "label_en": FIELD_LABELS[f][0], "label_zh": FIELD_LABELS[f][1], "n": n,
                             "share": round(100 * n / int(total["n"]), 1) if int(total["n"]) else 0.0,
                             "by_source": per})
    merges = _rows(db, "SELECT count(*) AS source_records, count(DISTINCT event_id) AS events_with_sources, "
                       "count(*) FILTER (WHERE k > 1) AS merged_events FROM (SELECT event_id, count(*) "
                       "OVER (PARTITION BY event_id) AS k FROM core.event_source)")[0]
    merged = int(db.df("SELECT count(*) AS n FROM (SELECT event_id FROM core.event_source GROUP BY 1 "
                       "HAVING count(*) > 1)").iloc[0]["n"])
    excluded = _rows(db, f"SELECT source, {_REASON} AS reason, count(*) AS n FROM core.excluded GROUP BY 1, 2 "
                         "ORDER BY 3 DESC")
    notes = ["counts exclude rejected and merged events",
             "a 'value rejected' row is a record kept as an event without one impossible value (e.g. a 2028 date)"]
    pct = {c["field"]: c["share"] for c in completeness}
    return CoverageReport(
        events=int(total["n"]), jurisdictions=int(total["j"]), national_jurisdictions_20=int(nat20),
        subnational=by_level.get("subnational", 0), dated_pct=pct["date"], title_zh_pct=pct["title_zh"],
        by_level=by_level,
        by_source=_rows(db, f"SELECT source, count(*) AS n, count(DISTINCT jurisdiction) AS jurisdictions, "
                            f"min(year) AS first_year, max(year) AS last_year FROM {src} GROUP BY 1 ORDER BY 2 DESC"),
        by_jurisdiction=_rows(db, f"SELECT jurisdiction, count(*) AS n, count(*) FILTER (WHERE coalesce(level, '') "
                                  f"<> 'subnational') AS national, count(*) FILTER (WHERE level = 'subnational') AS "
                                  f"subnational FROM {src} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(top)}"),
        by_year=_rows(db, f"SELECT year, count(*) AS n FROM {src} GROUP BY 1 ORDER BY 1 NULLS LAST"),
        by_type=_rows(db, f"SELECT type, count(*) AS n FROM {src} GROUP BY 1 ORDER BY 2 DESC"),
        cube=_rows(db, f"SELECT jurisdiction, year, type, source, count(*) AS n FROM {src} GROUP BY ALL "
                       "ORDER BY 1, 2 NULLS LAST, 3, 4"),
        completeness=completeness,
        title_zh_origin={r["origin"]: int(r["n"]) for r in _rows(
            db, f"SELECT coalesce(title_zh_origin, 'none') AS origin, count(*) AS n FROM {src} GROUP BY 1 "
                "ORDER BY 2 DESC")},
        undated=_rows(db, f"SELECT coalesce(date_missing_reason, '(no reason given)') AS reason, source, count(*) AS n "
                          f"FROM {src} WHERE date IS NULL GROUP BY 1, 2 ORDER BY 3 DESC"),
        merges={"source_records": int(merges["source_records"] or 0),
                "events_with_sources": int(merges["events_with_sources"] or 0), "merged_events": merged},
        excluded=excluded, excluded_total=sum(int(r["n"]) for r in excluded), notes=notes,
    )
