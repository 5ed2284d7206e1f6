"""Full-text search for the API and the search page.

Ranking is the store's tantivy index (``policyscope.store.search.search``: BM25, made for the snapshot's
catalogue stamp before the first query on it, exactly as for the CLI); a database without a search catalogue
falls back to a parameterised substring search. The web asks the store for ranked ids *without* snippets and
makes snippets only for the hits on the page with the store's snippet functions (``document_windows``: the
passage the index names as holding a query term; ``snippet_segments``: a window around the first term in
it). Ranked results are cached per (snapshot, query, filters) — a snapshot never changes, so the cache is
exact and is dropped when a new snapshot is taken.

A hit carries its snippet as *segments* ``[(text, is_match), …]``: pages escape every character from
documents and only wrap matches in ``<mark>``.
"""

from __future__ import annotations

import html
import importlib
import re
import threading
from collections import Counter, OrderedDict
from typing import Any

import pandas as pd

from policyscope.store.database import Database, StoreError
from policyscope.store.errors import NoSearchIndex
from policyscope.web.services.reads import BadQuery, EventQuery, event_facets, jsonable

SNIPPET_CHARS = 180
RANK_DEPTH = 200  # ranked hits kept per query: pages, facets and offsets are cut from these
_CJK = re.compile(r"[\u3400-\u9fff]")


class SnapshotCache:
    """A small LRU of ranked results, keyed by snapshot number first."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._d: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Any:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return v

    def put(self, key: tuple[Any, ...], v: Any) -> None:
        with self._lock:
            self._d[key] = v
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


CACHE = SnapshotCache()  # ranked ids per (snapshot, query, filters)
PAGES = SnapshotCache(1024)  # finished result pages (hits with snippets, facets); treat as read-only


def _engine() -> Any | None:
    try:
        mod = importlib.import_module("policyscope.store.search")
    except ModuleNotFoundError as exc:
        if exc.name == "policyscope.store.search":
            return None
        raise
    return mod


def engine_name() -> str:
    return "bm25" if _engine() is not None else "substring"


# -- snippets ---------------------------------------------------------------------------------------------

def segments_from_marked(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet whose matches are wrapped in <mark>…</mark> into segments (nothing else is markup)."""
    out: list[tuple[str, bool]] = []
    inside = False
    for part in re.split(r"(<mark>|</mark>)", snippet or ""):
        if part == "<mark>":
            inside = True
        elif part == "</mark>":
            inside = False
        elif part:
            out.append((part, inside))
    return out


def _pattern(tokens: list[str]) -> re.Pattern[str] | None:
    """Chinese tokens as written; English tokens (stems) as word prefixes."""
    parts = []
    for t in sorted(set(tokens), key=len, reverse=True):
        if not t:
            continue
        parts.append(re.escape(t) if _CJK.search(t) else r"\b" + re.escape(t) + r"\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def segments_for(text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first match, split into matching / other segments."""
    text = " ".join((text or "").split())
    if not text:
        return []
    m = pattern.search(text) if pattern else None
    start = max(0, (m.start() if m else 0) - width // 3)
    window = text[start:start + width]
    segs: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = 0
    if pattern:
        for mm in pattern.finditer(window):
            if mm.start() > pos:
                segs.append((window[pos:mm.start()], False))
            segs.append((mm.group(0), True))
            pos = mm.end()
    segs.append((window[pos:], False))
    if start + width < len(text):
        segs.append(("…", False))
    return [s for s in segs if s[0]]


def snippet_html(segs: list[tuple[str, bool]]) -> str:
    """Escaped HTML of a snippet with <mark> around matches (for API clients that want HTML)."""
    return "".join(f"<mark>{html.escape(s)}</mark>" if hit else html.escape(s) for s, hit in segs)


def _tokens(mod: Any | None, q: str) -> list[str]:
    if mod is not None:
        try:
            return list(mod.parse_query(q).weights)
        except StoreError:
            pass
    return [t for t in re.split(r"\s+", q.strip().strip('"')) if t]


def _store_highlighter(mod: Any | None, q: str) -> Any | None:
    """The store's highlighter for ``q`` (None without the engine or for a query with no searchable words)."""
    if mod is None or not hasattr(mod, "highlighter"):
        return None
    try:
        return mod.highlighter(q)
    except StoreError:
        return None


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _event_texts(db: Database, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    df = db.df(f"SELECT id, quote, title, title_zh, title_en, issuer FROM core.event WHERE id IN "
               f"({', '.join('?' for _ in ids)})", ids)
    return {r.id: [x if isinstance(x, str) else "" for x in (r.quote, r.title, r.title_zh, r.title_en, r.issuer)]
            for r in df.itertuples()}


def _doc_window(db: Database, doc_id: str, pattern: re.Pattern[str] | None, probe: str) -> tuple[str, int | None]:
    """Text around the first match in a document and the line it is on. The head of the text is searched
    with the query pattern in Python; only when that fails is the whole text scanned in SQL."""
    head = db.scalar("SELECT substr(text, 1, 60000) FROM core.document WHERE id = ?", [doc_id]) or ""
    m = pattern.search(head) if pattern else None
    if m:
        return head[max(0, m.start() - 400):m.start() + 800], head.count("\n", 0, m.start()) + 1
    if len(head) < 60000 or not probe:
        return head[:1200], None
    row = db.con.execute(
        "WITH d AS (SELECT text, instr(lower(text), lower(?)) AS p FROM core.document WHERE id = ?) "
        "SELECT substr(text, greatest(1, p - 400), 1200), "
        "CASE WHEN p > 0 THEN length(substr(text, 1, p)) - length(replace(substr(text, 1, p), chr(10), '')) + 1 END "
        "FROM d", [probe, doc_id]).fetchone()
    if row is None or row[1] is None:
        return head[:1200], None
    return row[0] or "", int(row[1])


# -- ranking ----------------------------------------------------------------------------------------------

def _ranked_kind(mod: Any, db: Database, q: str, kind: str, f: EventQuery) -> pd.DataFrame:
    """Ranked hits of one kind, cached per (snapshot, query, kind, filters): 'all', 'events' and 'documents'
    share entries, and one call per kind measured half the time of one call with both kinds."""
    key = (getattr(db, "snapshot_number", id(db)), "bm25", q.casefold(), kind, f.jurisdiction, f.domain, f.type, f.date_from,
           f.date_to)
    cached = CACHE.get(key)
    if cached is not None:
        return cached
    df = mod.search(db, q, limit=RANK_DEPTH, kinds=(kind,), jurisdiction=f.jurisdiction, type=f.type,
                    domain=f.domain, date_from=f.date_from, date_to=f.date_to, snippets=False)
    df = df.drop(columns=["snippet"], errors="ignore")
    CACHE.put(key, df)
    return df


def _ranked_index(mod: Any, db: Database, q: str, kinds: tuple[str, ...], f: EventQuery) -> pd.DataFrame | None:
    try:
        frames = [_ranked_kind(mod, db, q, k, f) for k in kinds]
    except NoSearchIndex:  # a database built before the search stage: substring search until indexed
        return None
    full = [x for x in frames if len(x)]
    if not full:
        return frames[0]
    if len(full) == 1:
        return full[0]
    return pd.concat(full, ignore_index=True).sort_values(["score", "id"], ascending=[False, True]).head(
        RANK_DEPTH).reset_index(drop=True)


def warm(db: Database, stop: Any = None) -> int:
    """Rank the domain taxonomy's labels (中文 and English, the commonest searches) into the cache of a new
    snapshot; returns how many rankings were made. Runs in the background, never on a request."""
    mod = _engine()
    if mod is None:
        return 0
    from policyscope.model import taxonomy

    f = EventQuery().clean()
    n = 0
    for term in taxonomy("domains").items:
        for label in (term.zh, term.en):
            for kind in ("event", "document"):
                if stop is not None and stop():
                    return n
                try:
                    _ranked_kind(mod, db, label, kind, f)
                    n += 1
                except (StoreError, BadQuery):
                    continue
    return n


def _ranked_substring(db: Database, q: str, kinds: tuple[str, ...], f: EventQuery) -> pd.DataFrame:
    terms = _tokens(None, q)
    frames = []
    if "event" in kinds:
        where, params = f.model_copy(update={"q": None}).where()
        for term in terms:
            where += (" AND (title ILIKE ? ESCAPE '\\' OR title_en ILIKE ? ESCAPE '\\' OR title_zh ILIKE ? ESCAPE '\\' "
                      "OR issuer ILIKE ? ESCAPE '\\' OR quote ILIKE ? ESCAPE '\\')")
            params += [_like(term)] * 5
        frames.append(db.df(
            f"SELECT 'event' AS kind, id, NULL::DOUBLE AS score, title, jurisdiction, CAST(date AS VARCHAR) AS date, "
            f"type, domains, document_id, review_state FROM main.events WHERE {where} "
            f"ORDER BY date DESC NULLS LAST, id LIMIT {RANK_DEPTH}", params))
    if "document" in kinds:
        conds, params2 = ["1=1"], []
        for term in terms:
            conds.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
            params2 += [_like(term)] * 2
        if f.jurisdiction:
            conds.append("jurisdiction = ?")
            params2.append(f.jurisdiction)
        frames.append(db.df(
            "SELECT 'document' AS kind, id, NULL::DOUBLE AS score, title, jurisdiction, "
            "CAST(published AS VARCHAR) AS date, NULL AS type, NULL AS domains, id AS document_id, NULL AS review_state "
            f"FROM core.document WHERE {' AND '.join(conds)} ORDER BY published DESC NULLS LAST, id "
            f"LIMIT {RANK_DEPTH}", params2))
    frames = [x for x in frames if len(x)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["kind", "id", "score", "title", "jurisdiction", "date", "type", "domains", "document_id",
                 "review_state"])


def _facets_of(df: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    counters: dict[str, Counter[str]] = {k: Counter() for k in ("jurisdiction", "domain", "type", "year")}
    for r in df[df["kind"] == "event"].itertuples(index=False):
        if r.jurisdiction:
            counters["jurisdiction"][r.jurisdiction] += 1
        if r.type:
            counters["type"][r.type] += 1
        for d in (r.domains if r.domains is not None else []):
            counters["domain"][str(d)] += 1
        if isinstance(r.date, str) and r.date:
            counters["year"][r.date[:4]] += 1
    return {k: [{"value": v, "n": n} for v, n in c.most_common(15)] for k, c in counters.items()}


def search(db: Database, q: str, filters: EventQuery, kind: str = "all", limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """Search events and documents; the same result for the page and ``/api/v1/search``.

    ``facets`` count the best-ranked events (up to 200) by jurisdiction, domain, type and year."""
    q = (q or "").strip()
    if not q:
        raise BadQuery("q is empty: give a word or phrase to search for")
    if len(q) > 200:
        raise BadQuery("q is longer than 200 characters")
    if kind not in ("all", "events", "documents"):
        raise BadQuery("kind must be all, events or documents")
    kinds = ("event", "document") if kind == "all" else (kind[:-1],)
    snap = getattr(db, "snapshot_number", None)
    page_key = (snap, "page", q, kinds, filters.jurisdiction, filters.domain, filters.type, filters.date_from,
                filters.date_to, limit, offset)
    if snap is not None:
        hit = PAGES.get(page_key)
        if hit is not None:
            return hit
    mod = _engine()
    ranked = _ranked_index(mod, db, q, kinds, filters) if mod is not None else None
    engine = "bm25"
    if ranked is None:
        ranked, engine = _ranked_substring(db, q, kinds, filters), "substring"
    page = ranked.iloc[offset:offset + limit]
    tokens = _tokens(mod, q)
    pattern = _pattern(tokens)
    probe = max(tokens, key=len) if tokens else q
    # with the index, snippets come from the store (each document's first passage that the index says holds a
    # query term; the first term found by str.find over the tokenizer's normalised text); the substring
    # fallback keeps its own
    hl = _store_highlighter(mod, q) if engine == "bm25" else None
    windows = mod.document_windows(db, [i for k, i in zip(page["kind"], page["id"], strict=True)
                                            if k == "document"], hl) if hl is not None else {}
    ev_text = _event_texts(db, [i for k, i in zip(page["kind"], page["id"], strict=True) if k == "event"])
    hits = []
    for r in page.to_dict("records"):
        rec = {k: jsonable(v) for k, v in r.items()}
        if r["kind"] == "event":
            fields = ev_text.get(r["id"], [r.get("title") or ""])
            found = ((lambda t: mod.first_match(t, hl) is not None) if hl is not None
                     else (lambda t: bool(pattern and pattern.search(t))))
            text = next((t for t in fields if found(t)), fields[0] or rec.get("title") or "")
        elif hl is not None:
            win = windows.get(r["id"])
            text, rec["line"] = (win.text, win.line) if win is not None else ("", None)
        else:
            text, rec["line"] = _doc_window(db, r["id"], pattern, probe)
        if r["kind"] == "document" and not text.strip():  # documents known by metadata only (no full text)
            text = rec.get("title") or ""
        segs = mod.snippet_segments(text, hl, SNIPPET_CHARS) if hl is not None else segments_for(text, pattern)
        hits.append({"kind": r["kind"], "id": r["id"], "title": rec.get("title") or "", "score": rec.get("score"),
                     "record": rec, "segments": segs, "snippet_html": snippet_html(segs),
                     "snippet": "".join(s for s, _ in segs)})
    if engine == "bm25":  # facets count the best-ranked events whatever kind is shown
        facets = _facets_of(ranked if kinds == ("event",) else _ranked_kind(mod, db, q, "event", filters))
    else:
        facets = event_facets(db, filters.model_copy(update={"q": q}))
    result = {"q": q, "kind": kind, "limit": limit, "offset": offset, "engine": engine, "total": len(ranked),
              "capped": len(ranked) >= RANK_DEPTH, "more": offset + limit < len(ranked), "hits": hits,
              "facets": facets}
    if snap is not None:
        PAGES.put(page_key, result)
    return result
