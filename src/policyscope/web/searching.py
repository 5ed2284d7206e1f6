"""Full-text search for the API and the search page.

Uses the store's search index (``policyscope.store.search``) when it is installed; otherwise a plain,
parameterised substring search over event titles and quotes and document titles and text. Either way a hit
carries a snippet as *segments* ``[(text, is_match), …]`` so that pages escape every character from
documents and only wrap matches in ``<mark>``.
"""

from __future__ import annotations

import html
import importlib
import re
from typing import Any

from policyscope.store.database import Database, StoreError
from policyscope.web.access import jsonable
from policyscope.web.queries import BadQuery, EventQuery

SNIPPET_CHARS = 160
_MARK_RE = re.compile(r"(<mark>|</mark>)")


def _engine() -> Any | None:
    try:
        mod = importlib.import_module("policyscope.store.search")
    except ModuleNotFoundError as exc:
        if exc.name == "policyscope.store.search":
            return None
        raise
    return mod


def engine_name() -> str:
    return "index" if _engine() is not None else "substring"


def segments_from_marked(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet whose matches are wrapped in <mark>…</mark> (the store's text is not HTML-escaped:
    everything else stays plain text and is escaped when rendered)."""
    out: list[tuple[str, bool]] = []
    inside = False
    for part in _MARK_RE.split(snippet or ""):
        if part == "<mark>":
            inside = True
        elif part == "</mark>":
            inside = False
        elif part:
            out.append((part, inside))
    return out


def segments_for(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first match of any term, split into matching / other segments."""
    text = " ".join((text or "").split())
    terms = [t for t in terms if t]
    if not text:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE) \
        if terms else None
    m = pattern.search(text) if pattern else None
    start = max(0, (m.start() if m else 0) - width // 3)
    window = text[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    segs: list[tuple[str, bool]] = []
    pos = 0
    if pattern:
        for mm in pattern.finditer(window):
            if mm.start() > pos:
                segs.append((window[pos:mm.start()], False))
            segs.append((mm.group(0), True))
            pos = mm.end()
    segs.append((window[pos:], False))
    if prefix:
        segs.insert(0, (prefix, False))
    if suffix:
        segs.append((suffix, False))
    return [s for s in segs if s[0]]


def snippet_html(segs: list[tuple[str, bool]]) -> str:
    """Escaped HTML of a snippet with <mark> around matches (for API clients that want HTML)."""
    return "".join(f"<mark>{html.escape(s)}</mark>" if hit else html.escape(s) for s, hit in segs)


def _terms(q: str) -> list[str]:
    return [t for t in re.split(r"\s+", q.strip().strip('"')) if t]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _substring(db: Database, q: str, filters: EventQuery, kind: str, limit: int, offset: int) -> dict[str, Any]:
    terms = _terms(q)
    hits: list[dict[str, Any]] = []
    total = 0
    if kind in ("all", "events"):
        where, params = filters.model_copy(update={"q": None}).where()
        conds = []
        for term in terms:
            conds.append("(title ILIKE ? ESCAPE '\\' OR title_en ILIKE ? ESCAPE '\\' OR title_zh ILIKE ? ESCAPE '\\' "
                         "OR issuer ILIKE ? ESCAPE '\\' OR quote ILIKE ? ESCAPE '\\')")
            params += [_like(term)] * 5
        w = " AND ".join([where, *conds])
        total += int(db.scalar(f"SELECT count(*) FROM main.events WHERE {w}", params) or 0)
        df = db.df(f"SELECT id, jurisdiction, date, type, domains, title, title_en, title_zh, quote, document_id, line, "
                   f"review_state FROM main.events WHERE {w} ORDER BY date DESC NULLS LAST, id LIMIT ? OFFSET ?",
                   [*params, limit, offset])
        for r in df.to_dict("records"):
            r = {k: jsonable(v) for k, v in r.items()}
            text = " ".join(x for x in (r.get("quote") or "", r.get("title_en") or "") if x) or r["title"]
            hits.append({"kind": "event", "id": r["id"], "title": r["title"], "score": None, "record": r,
                         "segments": segments_for(text, terms)})
    if kind in ("all", "documents"):
        params2: list[Any] = []
        conds = []
        for term in terms:
            conds.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
            params2 += [_like(term)] * 2
        if filters.jurisdiction:
            conds.append("jurisdiction = ?")
            params2.append(filters.jurisdiction)
        w = " AND ".join(conds) or "1=1"
        total += int(db.scalar(f"SELECT count(*) FROM core.document WHERE {w}", params2) or 0)
        df = db.df(f"SELECT id, title, lang, jurisdiction, published, text FROM core.document WHERE {w} "
                   "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?", [*params2, limit, offset])
        for r in df.to_dict("records"):
            text = r.pop("text") or ""
            r = {k: jsonable(v) for k, v in r.items()}
            line = None
            if terms:
                pos = text.lower().find(terms[0].lower())
                line = text.count("\n", 0, pos) + 1 if pos >= 0 else None
            r["line"] = line
            hits.append({"kind": "document", "id": r["id"], "title": r["title"], "score": None, "record": r,
                         "segments": segments_for(text, terms)})
    return {"total": total, "hits": hits}


def _line_of(db: Database, doc_id: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` in a document's text."""
    if not needle:
        return None
    row = db.con.execute(
        "SELECT instr(text, ?) AS p, CASE WHEN instr(text, ?) > 0 THEN length(substr(text, 1, instr(text, ?))) - "
        "length(replace(substr(text, 1, instr(text, ?)), chr(10), '')) + 1 END FROM core.document WHERE id = ?",
        [needle, needle, needle, needle, doc_id]).fetchone()
    return int(row[1]) if row and row[1] is not None else None


def _index(mod: Any, db: Database, q: str, filters: EventQuery, kind: str, limit: int,
           offset: int) -> dict[str, Any] | None:
    """BM25 search through ``policyscope.store.search``; None when the database has no index yet."""
    kinds = ("event", "document") if kind == "all" else (kind[:-1],)
    try:
        df = mod.search(db, q, limit=min(1000, offset + limit), kinds=kinds, jurisdiction=filters.jurisdiction,
                        type=filters.type, domain=filters.domain, date_from=filters.date_from,
                        date_to=filters.date_to)
    except StoreError as exc:
        if "no search index" in str(exc):
            return None
        raise BadQuery(str(exc)) from None
    rows = df.iloc[offset:offset + limit].to_dict("records")
    hits = []
    for r in rows:
        r = {k: jsonable(v) for k, v in r.items()}
        segs = segments_from_marked(r.pop("snippet") or "")
        hk = "document" if r["kind"] == "document" else "event"
        if hk == "document":
            first = next((s for s, hit in segs if hit), "")
            r["line"] = _line_of(db, r["id"], first)
        hits.append({"kind": hk, "id": r["id"], "title": r.get("title") or "", "score": r.get("score"),
                     "record": r, "segments": segs})
    return {"total": offset + len(hits) + (1 if len(df) == offset + limit else 0), "hits": hits,
            "more": len(df) == offset + limit}


def search(db: Database, q: str, filters: EventQuery, kind: str = "all", limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """Search events and documents; the result is the same for the page and ``/api/v1/search``."""
    q = (q or "").strip()
    if not q:
        raise BadQuery("q is empty: give a word or phrase to search for")
    if len(q) > 200:
        raise BadQuery("q is longer than 200 characters")
    if kind not in ("all", "events", "documents"):
        raise BadQuery("kind must be all, events or documents")
    mod = _engine()
    res = _index(mod, db, q, filters, kind, limit, offset) if mod is not None else None
    engine = "bm25"
    if res is None:
        res = _substring(db, q, filters, kind, limit, offset)
        engine = "substring"
    for h in res["hits"]:
        h["snippet_html"] = snippet_html(h["segments"])
        h["snippet"] = "".join(s for s, _ in h["segments"])
    res.update({"q": q, "kind": kind, "limit": limit, "offset": offset, "engine": engine})
    return res
