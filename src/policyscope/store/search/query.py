"""Answering a query: tantivy ranks (BM25 over the jieba/Snowball tokens, each query term boosted by its
weight, the zh↔en expansion included), the tables filter and describe (``store.events.event_conditions``, read
for the best-ranked candidates only, so a review decision not yet catalogued is still filtered as the tables
say), and snippets are cut from each document's text stored in the index around its first query term."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
import tantivy

from policyscope.store.database import Database, StoreError
from policyscope.store.events import event_conditions
from policyscope.store.search.engine import SCHEMA, OpenIndex, ProgressFn, current_index
from policyscope.store.search.text import (
    Highlighter,
    Query,
    first_match,
    highlighter,
    pad_date,
    parse_query,
    snippet,
)

SNIPPET_CONTEXT = 400  # characters kept before the first match of a document (and twice that after it)
_COLS = ["kind", "id", "score", "title", "jurisdiction", "date", "type", "domains", "document_id", "review_state"]
_META = {
    "event": ("core.event e", "e", "e.title, e.jurisdiction, CAST(e.date AS VARCHAR) AS date, e.type, e.domains, "
              "e.document_id, e.review_state, e.title_en AS _title_en, e.quote AS _quote"),
    "document": ("core.document d", "d", "d.title, d.jurisdiction, CAST(d.published AS VARCHAR) AS date, "
                 "NULL AS type, NULL AS domains, d.id AS document_id, NULL AS review_state, NULL AS _title_en, "
                 "NULL AS _quote"),
}


def ensure_index(db: Database, *, full: bool = False, progress: ProgressFn | None = None) -> OpenIndex:
    """The index of what ``db`` holds, made (or remade from nothing with ``full``) when missing."""
    return current_index(db.con, db.path, full=full, progress=progress)


def index_stats(db: Database) -> dict[str, int]:
    """Items in the index of the current catalogue (made first if missing)."""
    ix = ensure_index(db)
    return {"documents": ix.count("document"), "events": ix.count("event"),
            "segments": sum(ix.searcher(k).num_segments for k in ("event", "document", "passage"))}


def _filters(kind: str, jurisdiction: str | None, type: str | None, domain: str | None,
             date_from: str | None, date_to: str | None, include_rejected: bool) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if kind == "event":
        if not include_rejected:
            where.append("e.review_state NOT IN ('rejected', 'merged')")
        conds, vals = event_conditions(jurisdiction=jurisdiction, include_partners=True, type=type, domain=domain,
                                       date_from=date_from, date_to=date_to, alias="e")
        return " AND ".join([*where, *conds]) or "TRUE", vals
    # a document passes through its own fields or through the events extracted from it
    ev_conds: list[str] = []
    ev_params: list[Any] = []
    if jurisdiction:
        where.append("(d.jurisdiction = ? OR EXISTS (SELECT 1 FROM core.event x WHERE x.document_id = d.id "
                     "AND x.jurisdiction = ?))")
        params += [jurisdiction, jurisdiction]
    if type:
        ev_conds.append("x.type = ?")
        ev_params.append(type)
    if domain:
        ev_conds.append("list_contains(x.domains, ?)")
        ev_params.append(domain)
    if ev_conds:
        where.append("EXISTS (SELECT 1 FROM core.event x WHERE x.document_id = d.id AND "
                     + " AND ".join(ev_conds) + ")")
        params += ev_params
    for op, val in ((">=", date_from), ("<=", date_to)):
        if val:
            where.append(f"(d.published {op} CAST(? AS DATE) OR (d.published IS NULL AND EXISTS (SELECT 1 "
                         f"FROM core.event x WHERE x.document_id = d.id AND x.date {op} CAST(? AS DATE))))")
            params += [val, val]
    return " AND ".join(where) or "TRUE", params


def _rank(con: duckdb.DuckDBPyConnection, ix: OpenIndex, kinds: tuple[str, ...], q: Query, limit: int,
          conds: dict[str, tuple[str, list[Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The best ``limit`` items of each kind that pass the filters: tantivy's candidates in score order are
    checked against the tables a slice at a time, all kinds in one query (most queries need one slice of a
    few dozen per kind)."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
    start = dict.fromkeys(kinds, 0)
    done = set()
    tq = _terms(q)
    step = max(64, 3 * limit)
    while True:
        parts, params, slices = [], [], {}
        for k in kinds:
            if k in done or len(out[k]) >= limit:
                continue
            hits = ix.searcher(k).search(tq, limit=step, offset=start[k], count=False).hits
            start[k] += len(hits)
            if len(hits) < step:
                done.add(k)
            if not hits:
                continue
            keys = ix.searcher(k).fast_field_values("key", [a for _, a in hits])
            ids = ix.ids[keys].tolist()  # type: ignore[index]  # tantivy types fast fields loosely: int64 here
            ranked = sorted(zip(ids, (s for s, _ in hits), strict=True), key=lambda x: (-x[1], x[0]))  # ties by id
            slices[k] = ranked
            table, alias, cols = _META[k]
            cond, p = conds[k]
            # an IN list of parameters is answered from the primary-key index (64 ids of 100,000 documents:
            # 27 ms); IN (SELECT unnest(?)) scans the table (212 ms)
            marks = ", ".join("?" for _ in ranked)
            parts.append(f"SELECT '{k}' AS kind, {alias}.id, {cols} FROM {table} "
                         f"WHERE {alias}.id IN ({marks}) AND {cond}")
            params += [*(i for i, _ in ranked), *p]
        if not parts:
            break
        rows = {(r[0], r[1]): r for r in con.execute(" UNION ALL ".join(parts), params).fetchall()}
        for k, ranked in slices.items():
            for i, score in ranked:
                r = rows.get((k, i))
                if r is not None:
                    out[k].append({"kind": k, "id": i, "score": score, "title": r[2], "jurisdiction": r[3],
                                   "date": r[4], "type": r[5], "domains": r[6], "document_id": r[7],
                                   "review_state": r[8], "_title_en": r[9], "_quote": r[10]})
        step *= 8
    return {k: v[:limit] for k, v in out.items()}


def search(db: Database, query: str, *, limit: int = 20, kinds: tuple[str, ...] = ("event", "document"),
           jurisdiction: str | None = None, type: str | None = None, domain: str | None = None,
           date_from: str | None = None, date_to: str | None = None, include_rejected: bool = False,
           expand: bool = True, snippets: bool = True) -> pd.DataFrame:
    """Ranked hits (kind, id, score, title, jurisdiction, date, type, domains, document_id, review_state,
    snippet) for a query in Chinese or English. Every user value reaches SQL as a parameter and tantivy as a
    term (never as query syntax)."""
    if limit < 1 or limit > 1000:
        raise StoreError("--limit must be between 1 and 1000")
    for d in (date_from, date_to):
        if d and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            raise StoreError(f"date {d!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    date_from, date_to = pad_date(date_from, start=True), pad_date(date_to, start=False)
    if jurisdiction:
        from policyscope.model import registry

        jurisdiction = registry().resolve_code(jurisdiction)
    q = parse_query(query, expand=expand)
    ix = ensure_index(db)
    kinds = tuple(dict.fromkeys(kinds))
    conds = {k: _filters(k, jurisdiction, type, domain, date_from, date_to, include_rejected) for k in kinds}
    by_kind = _rank(db.con, ix, kinds, q, limit, conds)
    # BM25 scores of events (short texts) and documents (long texts) are not on one scale: interleave the
    # two ranked lists by rank, the better score first at equal rank.
    hits = [h for _, _, _, h in sorted((n, -h["score"], h["id"], h) for k in kinds for n, h in enumerate(by_kind[k]))]
    hits = hits[:limit]
    if snippets and hits:
        hl = highlighter(q)
        docs = {h["id"]: h["title"] for h in hits if h["kind"] == "document"}
        windows = _windows(ix, list(docs), hl, docs)
        for h in hits:
            if h["kind"] == "event":
                parts = (h.get(k) for k in ("title", "_title_en", "_quote"))
                body = " — ".join(dict.fromkeys(x for x in parts if isinstance(x, str) and x))
            else:
                win = windows[h["id"]]
                title = win.title if win.start == 0 and win.title else ""
                body = (f"{title}\n" if title else "") + ("…" if win.start else "") + win.text
            h["snippet"] = snippet(body, hl)
    for h in hits:
        h["score"] = round(float(h["score"]), 4)
        d = h["domains"]
        h["domains"] = list(d) if d is not None and not isinstance(d, float) else []
        h.setdefault("snippet", "")
    return pd.DataFrame(hits, columns=[*_COLS, "snippet"])


# -- snippet windows ----------------------------------------------------------------------------------------

@dataclass
class Window:
    """A piece of a document's text around its first match: ``text`` starts at offset ``start``, on ``line``
    (1-based; None when no query term was found and the window is the head of the text)."""

    text: str
    start: int
    line: int | None
    title: str | None


def _terms(q: Query) -> tantivy.Query:
    """Items holding any query term, each term boosted by its weight."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.boost_query(
        tantivy.Query.term_query(SCHEMA, "tokens", t.replace(" ", "_"), index_option="freq"), w))
        for t, w in q.weights.items()])


def _passages_of(ix: OpenIndex, key: int, terms: tantivy.Query | None, n: int) -> list[tuple[str, int, int, int]]:
    """(body, start, chars, line) of the first ``n`` passages of a document (holding a query term, when
    ``terms`` is given), in text order."""
    parts = [(tantivy.Occur.Must, _const(tantivy.Query.term_query(SCHEMA, "doc", key)))]
    if terms is not None:
        parts.append((tantivy.Occur.Must, terms))
    searcher = ix.searcher("passage")
    hits = searcher.search(tantivy.Query.boolean_query(parts), limit=n, count=False, order_by_field="seq",
                              order=tantivy.Order.Asc).hits
    out: list[tuple[str, Any, Any, Any]] = []  # tantivy documents are untyped
    for _, addr in hits:
        d = searcher.doc(addr)
        out.append(((d.get_first("body") or b"").decode("utf-8"), d.get_first("start"), d.get_first("chars"),
                    d.get_first("line")))
    return out


def _const(q: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.const_score_query(q, 0.0)


def _window(ix: OpenIndex, key: int, hl: Highlighter, title: str | None, before: int, after: int) -> Window:
    """The window around the first query term of the first passages the index says hold one; the head of
    the text when the terms are only in the title (or only the highlighter's regex misses them). A window
    does not cross its passage's end."""
    terms = _terms(hl.query) if hl.query is not None else None
    for body, start, chars, line in (_passages_of(ix, key, terms, 3) if terms is not None else []):
        first = first_match(body, hl)
        if first is None or first >= chars:  # a match in the overlap belongs to the next passage
            continue
        a = max(0, first - before)
        return Window(text=body[a:first + after], start=start + a, line=line + body.count("\n", 0, first),
                      title=title)
    head = _passages_of(ix, key, None, 1)
    return Window(text=head[0][0][:before + after] if head else "", start=0, line=None, title=title)


def _windows(ix: OpenIndex, ids: list[str], hl: Highlighter, titles: dict[str, str | None],
             before: int = SNIPPET_CONTEXT, after: int = 2 * SNIPPET_CONTEXT) -> dict[str, Window]:
    return {i: _window(ix, ix.keys[("document", i)], hl, titles.get(i), before, after)
            for i in ids if ("document", i) in ix.keys}


def document_windows(db: Database, doc_ids: list[str], hl: Highlighter, before: int = SNIPPET_CONTEXT,
                     after: int = 2 * SNIPPET_CONTEXT, *, titles: dict[str, str | None] | None = None
                     ) -> dict[str, Window]:
    """Windows of these documents' texts (read from the passages the index stores) around their first query
    term, by id; ids the index does not hold are left out."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return {}
    ix = ensure_index(db)
    if titles is None:
        titles = dict(db.con.execute("SELECT id, title FROM core.document WHERE id IN (SELECT unnest(?))",
                                     [ids]).fetchall())
    return _windows(ix, ids, hl, titles, before, after)
