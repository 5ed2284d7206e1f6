"""Writing policy events, their evidence and amounts, and every change to them in ``core.event_history``.

Re-writing an event that is already stored changes nothing unless something in it differs; an event a
person has reviewed (accepted, edited, rejected, merged) is never overwritten by an automatic import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policyscope.model import Evidence, PolicyEvent
from policyscope.model.taxonomy import DOMAINS, EVENT_TYPES, STATUSES
from policyscope.store.database import Database, StoreError, StoreNotFound

EDITABLE_FIELDS = (
    "jurisdiction", "partners", "date", "date_precision", "title", "title_en", "title_zh", "issuer", "type",
    "domains", "status",
)
_EVENT_COLS = (
    "id", "jurisdiction", "partners", "date", "date_precision", "title", "title_en", "title_zh", "issuer", "type",
    "domains", "status", "amount_usd", "document_id", "line", "quote", "confidence", "origin", "url", "review_state",
)


def _row(ev: PolicyEvent) -> dict[str, Any]:
    first = ev.evidence[0] if ev.evidence else Evidence(quote="")
    return {
        "id": ev.id or ev.stable_id(),
        "jurisdiction": ev.jurisdiction,
        "partners": list(ev.partners),
        "date": ev.date,
        "date_precision": ev.date_precision,
        "title": ev.title,
        "title_en": ev.title_en,
        "title_zh": ev.title_zh,
        "issuer": ev.issuer,
        "type": ev.type,
        "domains": list(ev.domains),
        "status": ev.status,
        "amount_usd": ev.amount_usd,
        "document_id": first.document_id,
        "line": first.line,
        "quote": first.quote or None,
        "confidence": ev.confidence,
        "origin": ev.origin,
        "url": ev.url,
        "review_state": ev.review_state,
    }


def _jsonable(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, default=str, sort_keys=True)


def _record_history(
    con: duckdb.DuckDBPyConnection, event_id: str, actor: str, action: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:
    con.execute(
        "INSERT INTO core.event_history (event_id, actor, action, before, after) VALUES (?, ?, ?, ?, ?)",
        [event_id, actor, action, _jsonable(before) if before else None, _jsonable(after) if after else None],
    )


def _current(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    cur = con.execute(f"SELECT {', '.join(_EVENT_COLS)} FROM core.event WHERE id = ?", [event_id])
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip(_EVENT_COLS, row, strict=True))


def add_evidence(con: duckdb.DuckDBPyConnection, event_id: str, ev: PolicyEvent) -> int:
    """Attach an extracted event's evidence and amounts to a stored event (a duplicate found by the merge)."""
    return _add_children(con, [(event_id, ev)])


_EVENT_SQL_TYPES = {
    "partners": "VARCHAR[]", "domains": "VARCHAR[]", "date": "DATE", "amount_usd": "DOUBLE", "line": "INTEGER",
    "confidence": "DOUBLE",
}


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame, types: dict[str, str]) -> None:
    """Insert a DataFrame in one statement, casting columns whose type pandas cannot carry (lists, NULL ints)."""
    name = f"_ins_{table.replace('.', '_')}"
    con.register(name, df)
    try:
        cols = ", ".join(df.columns)
        sel = ", ".join(f"CAST({c} AS {types[c]})" if c in types else c for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {sel} FROM {name}")
    finally:
        con.unregister(name)


def _children_frames(items: list[tuple[str, PolicyEvent]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ev_rows = [{"event_id": eid, "document_id": e.document_id, "line": e.line, "char_start": e.char_start,
                "char_end": e.char_end, "quote": e.quote} for eid, ev in items for e in ev.evidence]
    am_rows = [{"event_id": eid, "text": a.text, "value": a.value, "unit_text": a.unit_text, "currency": a.currency,
                "value_in_currency_units": a.value_in_currency_units, "usd": a.usd, "fx_rate": a.fx_rate,
                "fx_year": a.fx_year} for eid, ev in items for a in ev.amounts]
    ev_cols = ["event_id", "document_id", "line", "char_start", "char_end", "quote"]
    am_cols = ["event_id", "text", "value", "unit_text", "currency", "value_in_currency_units", "usd", "fx_rate",
               "fx_year"]
    return pd.DataFrame(ev_rows, columns=ev_cols, dtype=object), pd.DataFrame(am_rows, columns=am_cols, dtype=object)


def _add_children(con: duckdb.DuckDBPyConnection, items: list[tuple[str, PolicyEvent]]) -> int:
    """Add evidence and amounts not stored yet for many events in two statements; return new evidence rows."""
    ev_df, am_df = _children_frames(items)
    added = 0
    if len(ev_df):
        con.register("_new_ev", ev_df)
        try:
            added = con.execute(
                "INSERT INTO core.evidence SELECT DISTINCT CAST(n.event_id AS VARCHAR), CAST(n.document_id AS VARCHAR), "
                "CAST(n.line AS INTEGER), CAST(n.char_start AS INTEGER), CAST(n.char_end AS INTEGER), "
                "CAST(n.quote AS VARCHAR) FROM _new_ev n WHERE NOT EXISTS (SELECT 1 FROM core.evidence e "
                "WHERE e.event_id = n.event_id AND coalesce(e.document_id, '') = coalesce(CAST(n.document_id AS VARCHAR), '') "
                "AND coalesce(e.line, -1) = coalesce(CAST(n.line AS INTEGER), -1) AND e.quote = n.quote)"
            ).fetchall()[0][0]
        finally:
            con.unregister("_new_ev")
    if len(am_df):
        con.register("_new_am", am_df)
        try:
            con.execute(
                "INSERT INTO core.amount (event_id, text, value, unit_text, currency, value_in_currency_units, usd, "
                "fx_rate, fx_year) SELECT DISTINCT CAST(n.event_id AS VARCHAR), CAST(n.text AS VARCHAR), "
                "CAST(n.value AS DOUBLE), CAST(n.unit_text AS VARCHAR), CAST(n.currency AS VARCHAR), "
                "CAST(n.value_in_currency_units AS DOUBLE), CAST(n.usd AS DOUBLE), CAST(n.fx_rate AS DOUBLE), "
                "CAST(n.fx_year AS INTEGER) FROM _new_am n WHERE NOT EXISTS (SELECT 1 FROM core.amount a "
                "WHERE a.event_id = n.event_id AND coalesce(a.text, '') = coalesce(CAST(n.text AS VARCHAR), '') "
                "AND a.currency = n.currency AND a.value_in_currency_units = CAST(n.value_in_currency_units AS DOUBLE))"
            )
        finally:
            con.unregister("_new_am")
    return int(added)


def upsert_events(
    con: duckdb.DuckDBPyConnection, events: list[PolicyEvent], actor: str = "system",
    ids_out: dict[str, list[str]] | None = None,
) -> dict[str, int]:
    """Insert new events, refresh unreviewed ones that changed, add new evidence; call inside a transaction.

    Works in batches (one query for the stored rows, one insert each for new events, history, evidence and
    amounts) because ingest writes thousands of events. Returns counts
    ``{"inserted", "updated", "unchanged", "evidence_added"}``; ``ids_out`` (if given) receives the ids under
    ``"inserted"`` and ``"updated"``.
    """
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "evidence_added": 0}
    if not events:
        return counts
    rows: dict[str, dict[str, Any]] = {}
    for ev in events:
        row = _row(ev)
        rows.setdefault(row["id"], row)  # the first mention of an id gives its fields; all give evidence
    ids = list(rows)
    stored = {r[0]: dict(zip(_EVENT_COLS, r, strict=True)) for r in con.execute(
        f"SELECT {', '.join(_EVENT_COLS)} FROM core.event WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))", [ids]
    ).fetchall()}
    new = [rows[i] for i in ids if i not in stored]
    history: list[dict[str, Any]] = []
    if new:
        _insert_frame(con, "core.event", pd.DataFrame(new, columns=list(_EVENT_COLS), dtype=object), _EVENT_SQL_TYPES)
        history += [{"event_id": r["id"], "actor": actor, "action": "create", "before": None, "after": _jsonable(r)}
                    for r in new]
        counts["inserted"] = len(new)
        if ids_out is not None:
            ids_out.setdefault("inserted", []).extend(r["id"] for r in new)
    for i in ids:
        before = stored.get(i)
        if before is None:
            continue
        row = rows[i]
        if before["review_state"] == "auto" and _differs(before, row):
            sets = ", ".join(f"{k} = ?" for k in row if k != "id")
            con.execute(
                f"UPDATE core.event SET {sets}, updated_at = current_timestamp WHERE id = ?",
                [v for k, v in row.items() if k != "id"] + [i],
            )
            history.append({"event_id": i, "actor": actor, "action": "update", "before": _jsonable(before),
                            "after": _jsonable(row)})
            counts["updated"] += 1
            if ids_out is not None:
                ids_out.setdefault("updated", []).append(i)
        else:
            counts["unchanged"] += 1
    if history:
        _insert_frame(con, "core.event_history", pd.DataFrame(history, dtype=object),
                      {"before": "JSON", "after": "JSON"})
    counts["evidence_added"] = _add_children(con, [(ev.id or ev.stable_id(), ev) for ev in events])
    return counts


def _norm(v: Any) -> Any:
    if isinstance(v, float) and v != v:  # NaN
        return None
    if isinstance(v, list | tuple):
        return [str(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    return v


def _differs(before: dict[str, Any], row: dict[str, Any]) -> bool:
    return any(_norm(before.get(k)) != _norm(v) for k, v in row.items() if k not in ("review_state",))


# -- review operations ------------------------------------------------------------------------------------

def _require(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    cur = _current(con, event_id)
    if cur is None:
        raise StoreNotFound(f"no event with id {event_id!r}")
    return cur


def set_review_state(db: Database, event_id: str, state: str, actor: str, note: str | None = None) -> dict[str, Any]:
    """Accept or reject an event, keeping the change in its history."""
    if state not in ("accepted", "rejected", "auto"):
        raise StoreError(f"review state must be accepted, rejected or auto, not {state!r}")
    with db.transaction() as con:
        before = _require(con, event_id)
        con.execute(
            "UPDATE core.event SET review_state = ?, updated_at = current_timestamp WHERE id = ?", [state, event_id]
        )
        after = dict(before, review_state=state)
        if note:
            after["note"] = note
        _record_history(con, event_id, actor, state if state != "auto" else "reopen", before, after)
    return after


_NO_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Title = Annotated[str, Field(min_length=1, max_length=1000)]


def _split(v: Any) -> Any:
    """``"ai, data"`` (the command line, a form) as ``["ai", "data"]``; lists pass through for pydantic."""
    return [x.strip() for x in v.split(",") if x.strip()] if isinstance(v, str) else v


def _jurisdiction(code: str) -> str:
    from policyscope.model import registry

    return registry().resolve_code(code)  # UnknownJurisdictionError is a ValueError: pydantic reports it


class EventEdit(BaseModel):
    """What an editor may change, each field checked for type, length and known codes. A field given as
    null clears it, except those an event cannot lack (title, jurisdiction, type)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    jurisdiction: str | None = Field(None, max_length=100, description="code or name of a known jurisdiction")
    partners: list[Annotated[str, Field(max_length=100)]] | None = Field(None, max_length=60)
    date: dt.date | None = Field(None, description="YYYY-MM-DD")
    date_precision: Literal["day", "month", "year"] | None = None
    title: Title | None = None
    title_en: Title | None = None
    title_zh: Title | None = None
    issuer: str | None = Field(None, max_length=300)
    type: str | None = Field(None, description="event type code: " + ", ".join(EVENT_TYPES))
    domains: list[str] | None = Field(None, max_length=len(DOMAINS), description="domain codes")
    status: str | None = None

    @field_validator("partners", "domains", mode="before")
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return _split(v)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or v == "" or isinstance(v, dt.date):
            return v or None
        try:
            if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
                raise ValueError
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(f"date must be a real day as YYYY-MM-DD, got {v!r}"[:120]) from None

    @field_validator("title", "title_en", "title_zh", "issuer")
    @classmethod
    def _text(cls, v: str | None) -> str | None:
        if v is not None and _NO_CONTROL.search(v):
            raise ValueError("control characters are not allowed")
        return v or None

    @field_validator("jurisdiction")
    @classmethod
    def _jur(cls, v: str | None) -> str | None:
        return _jurisdiction(v) if v else v

    @field_validator("partners")
    @classmethod
    def _partners(cls, v: list[str] | None) -> list[str]:
        return list(dict.fromkeys(_jurisdiction(x) for x in v or []))

    @field_validator("type")
    @classmethod
    def _type(cls, v: str | None) -> str | None:
        if v is not None and v not in EVENT_TYPES:
            raise ValueError(f"unknown event type {v!r}; known: {', '.join(EVENT_TYPES)}"[:300])
        return v

    @field_validator("status")
    @classmethod
    def _status(cls, v: str | None) -> str | None:
        if v is not None and v not in STATUSES:
            raise ValueError(f"unknown status {v!r}; known: {', '.join(STATUSES)}"[:300])
        return v

    @field_validator("domains")
    @classmethod
    def _domains(cls, v: list[str] | None) -> list[str]:
        bad = [d for d in v or [] if d not in DOMAINS]
        if bad:
            raise ValueError(f"unknown domains {bad}; known: {', '.join(DOMAINS)}"[:300])
        return list(dict.fromkeys(v or []))


REQUIRED_FIELDS = ("title", "jurisdiction", "type")


def validate_edit(changes: Any) -> dict[str, Any]:
    """The changes as clean column values, or a :class:`StoreError` naming each bad field and why."""
    if not isinstance(changes, dict):
        raise StoreError(f"an edit is a mapping of field → value, not {type(changes).__name__}")
    unknown = [k for k in changes if k not in EDITABLE_FIELDS]
    if unknown:
        raise StoreError(f"field {str(unknown[0])[:60]!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")
    try:
        m = EventEdit.model_validate(changes)
    except ValidationError as exc:
        parts = [f"{'.'.join(str(x) for x in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
                 for e in exc.errors()[:5]]
        raise StoreError("invalid edit — " + "; ".join(parts)) from None
    clean = {k: getattr(m, k) for k in changes}
    empty = [k for k in REQUIRED_FIELDS if k in clean and clean[k] is None]
    if empty:
        raise StoreError(f"{empty[0]} cannot be empty: an event always has a {empty[0]}")
    return clean


def edit_event(db: Database, event_id: str, changes: dict[str, Any], actor: str) -> dict[str, Any]:
    """Change fields of an event; the event becomes ``edited`` and the before/after pair is kept."""
    clean = validate_edit(changes)
    if not clean:
        raise StoreError("nothing to edit: give at least one field=value")
    with db.transaction() as con:
        before = _require(con, event_id)
        sets = ", ".join(f"{k} = ?" for k in clean)
        if "title_zh" in clean:  # a Chinese title typed by a person (eventszh: origin kept, see store/titles.py)
            sets += ", title_zh_origin = 'editor'"
        con.execute(
            f"UPDATE core.event SET {sets}, review_state = 'edited', updated_at = current_timestamp WHERE id = ?",
            [*clean.values(), event_id],
        )
        after = _require(con, event_id)
        _record_history(con, event_id, actor, "edit", before, after)
    return after


def _moved_rows(con: duckdb.DuckDBPyConnection, table: str, event_id: str) -> list[dict[str, Any]]:
    cur = con.execute(f"SELECT * EXCLUDE (event_id) FROM {table} WHERE event_id = ?", [event_id])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def merge_events(db: Database, keep_id: str, other_ids: list[str], actor: str) -> dict[str, Any]:
    """Merge duplicates into ``keep_id``: evidence and amounts move over, the others become ``merged``.

    Only live events take part: an event already merged can be neither kept nor merged again, so no chain of
    merges can loop back (B into A, then A into B would hide both). The rows that move are written into the
    history, so :func:`unmerge_event` can move them back."""
    if len(set(other_ids)) != len(other_ids):
        raise StoreError("the same event is listed twice among the events to merge")
    with db.transaction() as con:
        keep = _require(con, keep_id)
        if keep["review_state"] == "merged":
            into = con.execute("SELECT merged_into FROM core.event WHERE id = ?", [keep_id]).fetchall()[0][0]
            raise StoreError(f"event {keep_id} was merged into {into}: merge into {into} instead, or unmerge "
                             f"{keep_id} first")
        for oid in other_ids:
            if oid == keep_id:
                raise StoreError("cannot merge an event into itself")
            other = _require(con, oid)
            if other["review_state"] == "merged":
                into = con.execute("SELECT merged_into FROM core.event WHERE id = ?", [oid]).fetchall()[0][0]
                raise StoreError(f"event {oid} is already merged into {into}; unmerge it first")
            moved = {"evidence": _moved_rows(con, "core.evidence", oid), "amounts": _moved_rows(con, "core.amount", oid)}
            con.execute("UPDATE core.evidence SET event_id = ? WHERE event_id = ?", [keep_id, oid])
            con.execute("UPDATE core.amount SET event_id = ? WHERE event_id = ?", [keep_id, oid])
            con.execute(
                "UPDATE core.event SET review_state = 'merged', merged_into = ?, updated_at = current_timestamp "
                "WHERE id = ?",
                [keep_id, oid],
            )
            _record_history(con, oid, actor, "merged_into", other, {"merged_into": keep_id, "moved": moved})
            _record_history(con, keep_id, actor, "merge", keep, {"absorbed": oid})
    return keep


def _move_back(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], src: str, dst: str) -> int:
    """Move one stored row per recorded row from ``src`` back to ``dst`` (matched on every column)."""
    n = 0
    for r in rows:
        conds = " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in r)
        hit = con.execute(f"SELECT rowid FROM {table} WHERE event_id = ? AND {conds} LIMIT 1",
                          [src, *r.values()]).fetchone()
        if hit is not None:
            con.execute(f"UPDATE {table} SET event_id = ? WHERE rowid = ?", [dst, hit[0]])
            n += 1
    return n


def unmerge_event(db: Database, event_id: str, actor: str) -> dict[str, Any]:
    """Undo a merge: the event comes back with the review state it had, and the evidence and amounts that
    moved with it move back. Merges recorded before moves were kept bring back the event's main evidence."""
    with db.transaction() as con:
        ev = _require(con, event_id)
        into = con.execute("SELECT merged_into FROM core.event WHERE id = ?", [event_id]).fetchall()[0][0]
        if ev["review_state"] != "merged" or not into:
            raise StoreError(f"event {event_id} is not merged (its review state is {ev['review_state']})")
        keep = _require(con, into)
        if keep["review_state"] == "merged":
            raise StoreError(f"event {into}, which {event_id} was merged into, is itself merged; unmerge {into} first")
        row = con.execute("SELECT before, after FROM core.event_history WHERE event_id = ? AND action = 'merged_into' "
                          "ORDER BY id DESC LIMIT 1", [event_id]).fetchone()
        before = json.loads(row[0]) if row and row[0] else {}
        after = json.loads(row[1]) if row and row[1] else {}
        moved = after.get("moved")
        if moved is None:  # an older merge: its main evidence is all we know
            main = {"document_id": before.get("document_id"), "line": before.get("line"), "quote": before.get("quote")}
            moved = {"evidence": [main] if main["quote"] else [], "amounts": []}
        back = _move_back(con, "core.evidence", moved.get("evidence", []), into, event_id)
        _move_back(con, "core.amount", moved.get("amounts", []), into, event_id)
        state = before.get("review_state") if before.get("review_state") not in (None, "merged") else "auto"
        con.execute("UPDATE core.event SET review_state = ?, merged_into = NULL, updated_at = current_timestamp "
                    "WHERE id = ?", [state, event_id])
        _record_history(con, event_id, actor, "unmerge", ev, {"review_state": state, "from": into,
                                                              "evidence_back": back})
        _record_history(con, into, actor, "unmerge_from", keep, {"released": event_id})
        return _require(con, event_id)


def event_detail(db: Database, event_id: str) -> dict[str, Any]:
    """An event with its evidence, amounts and history (for `review show` and the API)."""
    ev = _current(db.con, event_id)
    if ev is None:
        raise StoreNotFound(f"no event with id {event_id!r}")
    ev["evidence"] = db.df(  # has_text: a stored text to open at the line (a metadata record has none)
        "SELECT v.document_id, v.line, v.char_start, v.char_end, v.quote, coalesce(d.chars, 0) > 0 AS has_text "
        "FROM core.evidence v LEFT JOIN core.document d ON d.id = v.document_id WHERE v.event_id = ? "
        "ORDER BY v.line", [event_id],
    ).to_dict("records")
    cur = db.con.execute(  # every source record behind the event (several after a merge across sources)
        "SELECT source, record_id, title, date, url, licence, retrieved FROM core.event_source WHERE event_id = ? "
        "ORDER BY source, record_id", [event_id])
    names = [d[0] for d in cur.description or []]
    ev["sources"] = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    from policyscope.store.citation import source_meta  # the catalogue's title and licence of each dataset

    for src in ev["sources"]:
        meta = source_meta(str(src["source"]))
        src["source_title"], src["licence"] = meta.title, src.get("licence") or meta.licence
    ev["amounts"] = db.df(
        # every column (the source and citation of a stated amount since schema 7; a read-only older file lacks them)
        "SELECT * EXCLUDE (event_id) FROM core.amount WHERE event_id = ?",
        [event_id],
    ).to_dict("records")
    hist = db.df(
        "SELECT changed_at, actor, action, before, after FROM core.event_history WHERE event_id = ? ORDER BY id", [event_id]
    )
    ev["history"] = hist.to_dict("records")
    return ev


def event_conditions(
    *,
    jurisdiction: str | None = None,
    include_partners: bool = False,
    domain: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    review_states: tuple[str, ...] | list[str] | None = None,
    origin: str | None = None,
    document_prefix: str | None = None,
    level: str | None = None,
    status: str | None = None,
    source: str | None = None,
    alias: str = "",
) -> tuple[list[str], list[Any]]:
    """The one definition of the event filters (CLI, API, pages): SQL conditions over the ``events`` columns
    with their parameters. ``include_partners`` also matches events where the jurisdiction is a partner;
    ``source`` keeps events with a record from that dataset (``core.event_source``); ``alias`` qualifies the
    columns (e.g. ``"e"`` when the events table is joined as ``e``)."""
    c = f"{alias}." if alias else ""
    where: list[str] = []
    params: list[Any] = []
    if jurisdiction:
        where.append(f"({c}jurisdiction = ? OR list_contains({c}partners, ?))" if include_partners
                     else f"{c}jurisdiction = ?")
        params += [jurisdiction, jurisdiction] if include_partners else [jurisdiction]
    if review_states:
        where.append(f"{c}review_state IN ({', '.join('?' for _ in review_states)})")
        params.extend(review_states)
    for sql, value in ((f"list_contains({c}domains, ?)", domain), (f"{c}type = ?", type),
                       (f"{c}date >= CAST(? AS DATE)", date_from), (f"{c}date <= CAST(? AS DATE)", date_to),
                       (f"{c}origin = ?", origin), (f"starts_with({c}document_id, ?)", document_prefix),
                       (f"{c}level = ?", level), (f"{c}status = ?", status),
                       (f"EXISTS (SELECT 1 FROM core.event_source s WHERE s.event_id = {c}id AND s.source = ?)",
                        source)):
        if value:
            where.append(sql)
            params.append(value)
    return where, params


EVENT_ORDERS = {"date": "date DESC NULLS LAST, id",
                "importance": "importance DESC NULLS LAST, date DESC NULLS LAST, id"}


def events_frame(
    db: Database,
    jurisdiction: str | None = None,
    domain: str | None = None,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    review_states: tuple[str, ...] | None = None,
    limit: int | None = None,
    order: str = "date",
) -> pd.DataFrame:
    """Events from the published view with the usual filters (parameterised); ``order`` "date" (newest
    first) or "importance" (the weightiest first: the score written by the build, store/importance.py)."""
    if order not in EVENT_ORDERS:
        raise ValueError(f"order must be one of {', '.join(EVENT_ORDERS)}, not {order!r}")
    where, params = event_conditions(jurisdiction=jurisdiction, domain=domain, type=type, date_from=date_from,
                                     date_to=date_to, review_states=review_states)
    sql = f"SELECT * FROM main.events WHERE {' AND '.join(['1=1', *where])} ORDER BY {EVENT_ORDERS[order]}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.df(sql, params)
