"""What changed in a period, for the newsletter: events that happened in it and the later stages of older
policies (published, in force, enacted, as the event base records them), and indicator releases (the dated
vintages of observations). Read-only queries over the published views; the report decides what to print.

A stage counts only where the base holds its exact date: the event's own date (as precise as its source gave
it: a year-only date belongs to a period covering that whole year), its ``date_issued`` / ``date_published`` /
``date_in_force``, and the date a source record gives (each source's own record, kept after a merge) — except
for the sources that give years only (every date on 1 January, e.g. the OECD.AI and STIP lists).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from policyscope.store.database import Database

# a stage's rank when one policy has several in a period: the newest step of its life is the news
STAGE_ORDER = {"in_force": 5, "published": 4, "enacted": 3, "issued": 3, "event": 2, "proposed": 1}
_VINTAGE = re.compile(r"^(?P<name>.+?)\s+(?:snapshot\s+)?(?P<date>\d{4}-\d{2}(?:-\d{2})?)$")


def _within(precision: str | None) -> str:
    """SQL: the event's date, as precise as it is, lies wholly in [?, ?]."""
    return ("(CASE coalesce(e.date_precision, 'day') "
            "WHEN 'year' THEN make_date(year(e.date), 1, 1) >= CAST(? AS DATE) "
            "AND make_date(year(e.date), 12, 31) <= CAST(? AS DATE) "
            "WHEN 'month' THEN date_trunc('month', e.date) >= CAST(? AS DATE) "
            "AND last_day(e.date) <= CAST(? AS DATE) "
            "ELSE e.date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) END)")


def period_stages(db: Database, date_from: str, date_to: str,
                  review_states: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per (event, stage) whose date lies in the period: ``event_id, stage, stage_date, source``.
    ``stage``: ``event`` (the event's own date: a new policy), ``issued``, ``published``, ``in_force``, or
    the step a source record states (``enacted``, ``proposed``: AGORA's "most recent activity")."""
    review = ""
    params: list[Any] = []
    if review_states:
        review = f"AND e.review_state IN ({', '.join('?' for _ in review_states)})"
        params = list(review_states)
    d = [date_from, date_to]
    sql = f"""
      WITH ev AS (SELECT * FROM main.events e WHERE 1=1 {review}),
      yearly AS (  -- sources whose dates are years (all on 1 January)
        SELECT source FROM main.event_sources WHERE date IS NOT NULL GROUP BY source
        HAVING avg(CASE WHEN month(date) = 1 AND day(date) = 1 THEN 1.0 ELSE 0 END) > 0.9),
      own AS (
        SELECT e.id AS event_id, 'event' AS stage, e.date AS stage_date, e.origin AS source FROM ev e
        WHERE e.date IS NOT NULL AND {_within(None)}
        UNION ALL SELECT e.id, k.stage, k.d, e.origin FROM ev e,
          (SELECT 'issued' AS stage, e.date_issued AS d UNION ALL SELECT 'published', e.date_published
           UNION ALL SELECT 'in_force', e.date_in_force) k
        WHERE k.d BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND k.d IS DISTINCT FROM e.date),
      recorded AS (  -- a source record's own date; AGORA's documents say which step it was
        SELECT s.event_id, coalesce(CASE lower(json_extract_string(doc.meta, '$.status'))
                 WHEN 'enacted' THEN 'enacted' WHEN 'proposed' THEN 'proposed' END, 'recorded') AS stage,
               s.date AS stage_date, s.source
        FROM main.event_sources s JOIN ev e ON e.id = s.event_id
        LEFT JOIN core.document doc ON doc.id = 'agora:' || replace(s.record_id, 'ev_agora_', '')
             AND s.source = 'agora'
        WHERE s.date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND s.source NOT IN (SELECT source FROM yearly)
          AND s.date IS DISTINCT FROM e.date AND s.date IS DISTINCT FROM e.date_issued
          AND s.date IS DISTINCT FROM e.date_published AND s.date IS DISTINCT FROM e.date_in_force)
      SELECT DISTINCT * FROM own UNION SELECT DISTINCT * FROM recorded WHERE stage <> 'recorded'
      ORDER BY stage_date, event_id"""
    return db.df(sql, params + d * 3 + d + d)


def period_events(db: Database, date_from: str, date_to: str,
                  review_states: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The events with a stage in the period, one row each with its newest stage (``stage``, ``stage_date``)
    and every stage of the period (``stages``: list of (stage, date))."""
    st = period_stages(db, date_from, date_to, review_states)
    if st.empty:
        return pd.DataFrame()
    st["rank"] = st["stage"].map(STAGE_ORDER).fillna(0)
    best = st.sort_values(["rank", "stage_date"], ascending=[False, False]).drop_duplicates("event_id")
    ids = best["event_id"].tolist()
    ev = db.df(f"SELECT * FROM main.events WHERE id IN ({', '.join('?' for _ in ids)})", ids)
    stages = st.groupby("event_id").apply(
        lambda g: sorted(zip(g["stage"], g["stage_date"], strict=True), key=lambda t: str(t[1])),
        include_groups=False)
    ev = ev.merge(best[["event_id", "stage", "stage_date"]], left_on="id", right_on="event_id").drop(
        columns="event_id")
    ev["stages"] = ev["id"].map(stages)
    return ev


def indicator_releases(db: Database, date_from: str, date_to: str) -> pd.DataFrame:
    """Observation vintages dated in the period (``WDI 2026-07-01``, ``OpenAlex 2024-08-27``): the source,
    the release date, how many indicators and observations it brought, and the latest year it covers."""
    v = db.df("SELECT source, vintage, count(DISTINCT indicator) AS indicators, count(*) AS observations, "
              "max(year) AS last_year FROM main.observations WHERE vintage IS NOT NULL GROUP BY 1, 2")
    rows = []
    for r in v.to_dict("records"):
        m = _VINTAGE.match(str(r["vintage"]).strip())
        if not m:
            continue
        day = m["date"] if len(m["date"]) == 10 else m["date"] + "-01"
        if date_from <= day <= date_to:
            rows.append({**r, "release": m["date"]})
    cols = ["source", "vintage", "indicators", "observations", "last_year", "release"]
    return pd.DataFrame(rows, columns=cols).sort_values(["release", "source"]).reset_index(drop=True)
