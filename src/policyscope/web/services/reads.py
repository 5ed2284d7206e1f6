"""Read queries shared by the API and the pages (so a page and its JSON twin always agree).

Every value from a request reaches SQL as a bound parameter; the only names put into SQL text are taken from
fixed whitelists (sort columns, view names).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from policyscope.analysis.params import date_bound
from policyscope.errors import InputError, NotFound
from policyscope.model import DOMAINS, EVENT_TYPES, STATUSES, registry
from policyscope.model.jurisdictions import AmbiguousJurisdictionError, UnknownJurisdictionError
from policyscope.store import events as store_events
from policyscope.store.database import Database
from policyscope.store.events import event_conditions

LEVELS = ("international", "supranational", "national", "subnational")
REVIEW_STATES = ("auto", "accepted", "edited", "rejected", "merged")
DEFAULT_STATES = ("auto", "accepted", "edited")
EVENT_SORTS = {"date": "date", "title": "title", "jurisdiction": "jurisdiction", "type": "type",
               "updated": "updated_at", "amount": "amount_usd", "importance": "importance"}
LIST_COLUMNS = ("id", "jurisdiction", "date", "date_precision", "title", "title_en", "title_zh", "issuer", "type",
                "domains", "status", "amount_usd", "importance", "review_state", "document_id", "line", "quote", "updated_at")


class BadQuery(InputError):
    """A request parameter we cannot use (400); the message names the parameter and what is allowed."""


def jsonable(v: Any) -> Any:
    """Values from DuckDB/pandas as plain JSON values."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    if type(v).__name__ == "Timestamp" and v.tzinfo is None and v.hour == v.minute == v.second == v.microsecond == 0:
        return v.date().isoformat()
    if hasattr(v, "tolist") and not isinstance(v, str):
        return jsonable(v.tolist())
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def parse_date(value: str | None, name: str, end: bool = False) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD → an ISO date (start of the period, or its end with ``end``), read as the
    analyses read a from/to bound (:func:`policyscope.analysis.params.date_bound`)."""
    try:
        bound = date_bound(value.strip() if isinstance(value, str) else value, end=end)
    except ValueError as exc:
        raise BadQuery(f"{name}={value!r}: {exc}") from None
    return bound.isoformat() if bound else None


def resolve_jurisdiction(value: str | None, name: str = "jurisdiction") -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return registry().resolve_code(value.strip())
    except (UnknownJurisdictionError, AmbiguousJurisdictionError) as exc:
        raise BadQuery(f"{name}={value!r}: {exc}") from None


def resolve_many(value: str | list[str] | None, name: str = "jurisdiction", *, expand_groups: bool = False) -> list[str]:
    """Names or codes (comma-separated or repeated, either language) → codes in the order given. With
    ``expand_groups`` a group of countries (G7, 二十国集团, BRICS, OECD, ASEAN, EU27) stands for its members, as a
    country picker needs; the EU itself stays one jurisdiction (it has policies and data of its own)."""
    items: list[str] = []
    for v in [value] if isinstance(value, str) else (value or []):
        items.extend(x for x in re.split(r"[,，;、]", v) if x.strip())
    out: list[str] = []
    for x in items:
        code = resolve_jurisdiction(x, name)
        for c in registry().expand(code) if expand_groups and code else [code]:
            if c and c not in out:
                out.append(c)
    return out


def review_states(raw: list[str]) -> list[str]:
    """``review_state`` values (repeated or comma-separated, ``all``) → checked states."""
    states = [x.strip() for s in raw for x in s.split(",") if x.strip()]
    if states == ["all"]:
        return list(REVIEW_STATES)
    bad = [s for s in states if s not in REVIEW_STATES]
    if bad:
        raise BadQuery(f"review_state={bad[0]!r} is unknown; use {', '.join(REVIEW_STATES)} or all")
    return states


class EventQuery(BaseModel):
    """Filters, sorting and paging for event lists (API ``/api/v1/events`` and the events page)."""

    jurisdiction: str | None = None
    domain: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    q: str | None = None
    review_state: list[str] = Field(default_factory=list)
    level: str | None = None
    status: str | None = None
    source: str | None = None
    sort: str = "-date"
    page: int = 1
    per_page: int = 50

    def clean(self) -> EventQuery:
        for name, known in (("domain", DOMAINS), ("type", EVENT_TYPES), ("level", LEVELS), ("status", STATUSES)):
            value = getattr(self, name)
            if value and value not in known:
                raise BadQuery(f"{name}={value!r} is unknown; known: {', '.join(known)}")
        if self.source and not re.fullmatch(r"[a-z0-9_]{1,40}", self.source):
            raise BadQuery(f"source={self.source!r} is not a dataset name (see /coverage)")
        states = review_states(self.review_state)
        if self.sort.lstrip("-") not in EVENT_SORTS:
            raise BadQuery(f"sort={self.sort!r} is unknown; use one of {', '.join(EVENT_SORTS)} (prefix - for descending)")
        if not 1 <= self.per_page <= 500:
            raise BadQuery("per_page must be between 1 and 500")
        if not 1 <= self.page <= 100_000:
            raise BadQuery("page must be between 1 and 100000")
        if self.q is not None and len(self.q) > 200:
            raise BadQuery("q is longer than 200 characters")
        return self.model_copy(update={
            "jurisdiction": resolve_jurisdiction(self.jurisdiction),
            "date_from": parse_date(self.date_from, "from"),
            "date_to": parse_date(self.date_to, "to", end=True),
            "review_state": states or list(DEFAULT_STATES),
            "q": (self.q or "").strip() or None,
        })

    def where(self) -> tuple[str, list[Any]]:
        where, params = event_conditions(jurisdiction=self.jurisdiction, include_partners=True, domain=self.domain,
                                         type=self.type, date_from=self.date_from, date_to=self.date_to,
                                         review_states=self.review_state, level=self.level, status=self.status,
                                         source=self.source)
        where.insert(0, "1=1")
        if self.q:
            like = "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(title ILIKE ? ESCAPE '\\' OR title_en ILIKE ? ESCAPE '\\' OR title_zh ILIKE ? ESCAPE '\\' "
                         "OR issuer ILIKE ? ESCAPE '\\' OR quote ILIKE ? ESCAPE '\\')")
            params += [like] * 5
        return " AND ".join(where), params


def fetch(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows as plain dicts straight from DuckDB (no pandas: measured 2× faster for page-sized results)."""
    cur = db.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def _plain(v: Any) -> Any:
    if v is None or isinstance(v, str | int | bool):
        return v
    if isinstance(v, float):
        return None if v != v else v
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return jsonable(v)


def list_events(db: Database, q: EventQuery) -> dict[str, Any]:
    where, params = q.where()
    col = EVENT_SORTS[q.sort.lstrip("-")]
    direction = "DESC" if q.sort.startswith("-") else "ASC"
    total = db.scalar(f"SELECT count(*) FROM main.events WHERE {where}", params)
    items = fetch(db,
                  f"SELECT {', '.join(LIST_COLUMNS)} FROM main.events WHERE {where} "
                  f"ORDER BY {col} {direction} NULLS LAST, id LIMIT ? OFFSET ?",
                  [*params, q.per_page, (q.page - 1) * q.per_page])
    return {"total": int(total or 0), "page": q.page, "per_page": q.per_page, "items": items}


def events_frame_all(db: Database, q: EventQuery, cap: int = 200_000) -> pd.DataFrame:
    """Every matching event (for CSV/XLSX/Parquet downloads)."""
    where, params = q.where()
    col = EVENT_SORTS[q.sort.lstrip("-")]
    direction = "DESC" if q.sort.startswith("-") else "ASC"
    return db.df(f"SELECT * FROM main.events WHERE {where} ORDER BY {col} {direction} NULLS LAST, id LIMIT {cap}",
                 params)


def event_facets(db: Database, q: EventQuery) -> dict[str, list[dict[str, Any]]]:
    """Counts by jurisdiction, type, domain, year, review state, level, status and source dataset for the
    current filters."""
    where, params = q.where()
    out = {}
    for name, expr in (("jurisdiction", "jurisdiction"), ("type", "type"), ("review_state", "review_state"),
                       ("year", "CAST(year(date) AS VARCHAR)"), ("level", "level"), ("status", "status")):
        df = db.df(f"SELECT {expr} AS value, count(*) AS n FROM main.events WHERE {where} AND {expr} IS NOT NULL "
                   "GROUP BY 1 ORDER BY n DESC, value LIMIT 15", params)
        out[name] = records(df)
    df = db.df(f"SELECT d AS value, count(*) AS n FROM (SELECT unnest(domains) AS d FROM main.events WHERE {where}) "
               "GROUP BY 1 ORDER BY n DESC, value LIMIT 20", params)
    out["domain"] = records(df)
    out["source"] = records(db.df(  # datasets behind the matching events (an event merged across several counts in each)
        "SELECT source AS value, count(*) AS n FROM core.event_source WHERE event_id IN "
        f"(SELECT id FROM main.events WHERE {where}) GROUP BY 1 ORDER BY n DESC, value LIMIT 20", params))
    return out


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


def summary(db: Database) -> dict[str, Any]:
    """Numbers for the home page: counts, latest changes, events per jurisdiction."""
    counts = {v: int(db.scalar(f"SELECT count(*) FROM main.{v}") or 0)
              for v in ("jurisdictions", "documents", "events", "indicators", "observations", "edges")}
    counts["awaiting_review"] = int(db.scalar("SELECT count(*) FROM main.events WHERE review_state = 'auto'") or 0)
    recent = records(db.df(
        "SELECT id, jurisdiction, date, title, title_en, title_zh, type, review_state, updated_at FROM main.events "
        "WHERE review_state <> 'merged' ORDER BY updated_at DESC, date DESC NULLS LAST, id LIMIT 12"))
    changes = records(db.df(
        "SELECT h.event_id, h.changed_at, h.actor, h.action, e.title FROM core.event_history h "
        "JOIN main.events e ON e.id = h.event_id WHERE h.action NOT IN ('import') "
        "ORDER BY h.id DESC LIMIT 10"))
    by_j = records(db.df(
        "SELECT e.jurisdiction AS code, j.name_en, j.name_zh, count(*) AS events, max(e.date) AS latest "
        "FROM main.events e LEFT JOIN main.jurisdictions j ON j.code = e.jurisdiction "
        "WHERE e.review_state IN ('auto', 'accepted', 'edited') GROUP BY ALL ORDER BY events DESC, code LIMIT 24"))
    info = db.build_info()
    return {"counts": counts, "recent_events": recent, "recent_changes": changes, "jurisdictions": by_j,
            "build": info}


def jurisdictions(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT j.code, j.name_en, j.name_zh, j.kind, j.iso2, j.groups, "
           "(SELECT count(*) FROM main.events e WHERE e.jurisdiction = j.code) AS events "
           "FROM main.jurisdictions j")
    params: list[Any] = []
    if kind:
        sql += " WHERE j.kind = ?"
        params.append(kind)
    return records(db.df(sql + " ORDER BY j.code", params))


def documents(db: Database, jurisdiction: str | None, lang: str | None, q: str | None, page: int,
              per_page: int) -> dict[str, Any]:
    where, params = ["1=1"], []
    if jurisdiction:
        where.append("jurisdiction = ?")
        params.append(jurisdiction)
    if lang:
        where.append("lang = ?")
        params.append(lang)
    if q:
        where.append("title ILIKE ?")
        params.append(f"%{q}%")
    w = " AND ".join(where)
    total = db.scalar(f"SELECT count(*) FROM main.documents WHERE {w}", params)
    df = db.df(f"SELECT d.*, (SELECT count(*) FROM main.events e WHERE e.document_id = d.id) AS events "
               f"FROM main.documents d WHERE {w} ORDER BY ingested_at DESC, id LIMIT ? OFFSET ?",
               [*params, per_page, (page - 1) * per_page])
    return {"total": int(total or 0), "page": page, "per_page": per_page, "items": records(df)}


def document(db: Database, doc_id: str) -> dict[str, Any]:
    """A document with its full text and its events; :class:`NotFound` naming the id if there is none."""
    df = db.df("SELECT id, title, lang, origin, source_name, published, jurisdiction, chars, text, needs_ocr, "
               "ingested_at, meta FROM core.document WHERE id = ?", [doc_id])
    if df.empty:
        raise NotFound(f"no document with id {doc_id!r}")
    doc = records(df)[0]
    try:  # a metadata-only record (no text) shows its fields instead of an empty box
        doc["meta"] = {k: v for k, v in json.loads(doc.get("meta") or "{}").items() if v not in (None, "")}
    except (TypeError, ValueError):
        doc["meta"] = {}
    doc["events"] = records(db.df(
        "SELECT id, title, date, type, jurisdiction, line, review_state FROM main.events WHERE document_id = ? "
        "ORDER BY line NULLS LAST, id", [doc_id]))
    return doc


def event_payload(db: Database, event_id: str) -> dict[str, Any]:
    """One event with its evidence, amounts and history (store ``event_detail``), whether it was merged, and
    its document's title: what the event page shows and ``/api/v1/events/{id}`` returns."""
    ev = jsonable(store_events.event_detail(db, event_id))
    ev["merged_into"] = db.scalar("SELECT merged_into FROM core.event WHERE id = ?", [event_id])
    for h in ev.get("history") or []:
        h["changes"] = history_changes(h.get("before"), h.get("after")) if h.get("before") else []
    ev["document"] = None
    if ev.get("document_id"):
        d = db.df("SELECT id, title, lang, published FROM main.documents WHERE id = ?", [ev["document_id"]])
        ev["document"] = records(d)[0] if len(d) else None
    return ev


def indicators(db: Database, q: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT i.code, i.name_en, i.name_zh, i.unit, i.source, i.licence, i.definition, "
           "count(o.value) AS observations, min(o.year) AS first_year, max(o.year) AS last_year "
           "FROM main.indicators i LEFT JOIN main.observations o ON o.indicator = i.code ")
    params: list[Any] = []
    if q:
        sql += "WHERE i.code ILIKE ? OR i.name_en ILIKE ? OR i.name_zh ILIKE ? "
        params = [f"%{q}%"] * 3
    return records(db.df(sql + "GROUP BY ALL ORDER BY i.code", params))


def indicator_exists(db: Database, code: str) -> bool:
    return bool(db.scalar("SELECT count(*) FROM main.indicators WHERE code = ?", [code]))


def observations(db: Database, indicator: list[str], jurisdictions_: list[str], year_from: int | None,
                 year_to: int | None, limit: int = 50_000, offset: int = 0) -> pd.DataFrame:
    where, params = ["1=1"], []
    if indicator:
        where.append(f"indicator IN ({', '.join('?' for _ in indicator)})")
        params += indicator
    if jurisdictions_:
        where.append(f"jurisdiction IN ({', '.join('?' for _ in jurisdictions_)})")
        params += jurisdictions_
    if year_from is not None:
        where.append("year >= ?")
        params.append(year_from)
    if year_to is not None:
        where.append("year <= ?")
        params.append(year_to)
    return db.df(f"SELECT indicator, jurisdiction, year, value, source, vintage FROM main.observations "
                 f"WHERE {' AND '.join(where)} ORDER BY indicator, jurisdiction, year LIMIT ? OFFSET ?",
                 [*params, limit, offset])


def edges(db: Database, indicator: str | None, jurisdiction: str | None, partner: str | None, year_from: int | None,
          year_to: int | None, limit: int = 10_000, offset: int = 0) -> pd.DataFrame:
    where, params = ["1=1"], []
    if indicator:
        where.append("indicator = ?")
        params.append(indicator)
    if jurisdiction:
        where.append("(a = ? OR b = ?)")
        params += [jurisdiction, jurisdiction]
    if partner:
        where.append("(a = ? OR b = ?)")
        params += [partner, partner]
    if year_from is not None:
        where.append("year >= ?")
        params.append(year_from)
    if year_to is not None:
        where.append("year <= ?")
        params.append(year_to)
    return db.df(f"SELECT indicator, year, a, b, value FROM main.edges WHERE {' AND '.join(where)} "
                 "ORDER BY year DESC, value DESC LIMIT ? OFFSET ?", [*params, limit, offset])


def edge_indicators(db: Database) -> list[str]:
    return [r[0] for r in db.con.execute("SELECT DISTINCT indicator FROM main.edges ORDER BY 1").fetchall()]


def review_queue(db: Database, limit: int = 100, queue: str = "auto") -> list[dict[str, Any]]:
    """An editor's work list: events awaiting review (newest first), or — ``queue="zh_title"`` — events that still
    lack a trustworthy Chinese title, most important first (what Chinese readers see most)."""
    from policyscope.store.titles import NEEDS_ZH_TITLE, NEEDS_ZH_TITLE_ORDER

    cols = ("id, jurisdiction, date, title, title_en, title_zh, type, domains, quote, document_id, line, "
            "review_state, importance")
    if queue == "zh_title":
        sql = f"SELECT {cols} FROM main.events WHERE {NEEDS_ZH_TITLE} ORDER BY {NEEDS_ZH_TITLE_ORDER} LIMIT ?"
    elif queue == "auto":
        sql = f"SELECT {cols} FROM main.events WHERE review_state = 'auto' ORDER BY created_at DESC, id LIMIT ?"
    else:
        raise BadQuery(f"queue={queue!r} is unknown; use auto or zh_title")
    return records(db.df(sql, [limit]))


def history_changes(before: Any, after: Any) -> list[dict[str, str]]:
    """What one history entry changed, field by field (old → new), for the event page: an editor sees what was
    edited, not only that something was."""
    b, a = (_as_dict(before), _as_dict(after))
    out = []
    for k in sorted(set(b) | set(a)):
        if k in ("updated_at", "created_at", "importance") or b.get(k) == a.get(k):
            continue
        out.append({"field": k, "old": _short(b.get(k)), "new": _short(a.get(k))})
    return out


def _as_dict(v: Any) -> dict[str, Any]:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return {}
    return v if isinstance(v, dict) else {}


def _short(v: Any, n: int = 80) -> str:
    text = "" if v is None else ", ".join(map(str, v)) if isinstance(v, list) else str(v)
    return text if len(text) <= n else text[: n - 1] + "…"
