"""Bilingual full-text search over documents and events: BM25 over jieba tokens (Chinese) and stemmed
words (English), with filters, highlighted snippets and a zh↔en map of domain terms (人工智能 ↔ artificial
intelligence) built from the domain taxonomy.

The index lives inside the DuckDB file, in schema ``search`` (``search.doc``: one row per indexed item with
its length and a stamp of what was indexed; ``search.posting``: term, item, term frequency). Writers update
it in the same transaction as the rows it indexes, and :func:`sync_index` brings it level with the tables
(new, changed or removed documents and events) — so a killed ingest or an atomic ``build`` swap can never
leave the index disagreeing with the database. Chosen over tantivy and DuckDB's fts extension by
measurement and because of that consistency (docs/decisions.md)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from policyscope.ingest.text.tokens import tokenize
from policyscope.model.taxonomy import taxonomy
from policyscope.store.database import Database, StoreError

K1 = 1.2
B = 0.75
TRANSLATION_WEIGHT = 0.8  # weight of a domain label added in the other language (1.0 = as if typed)
MAX_DOC_CHARS = 2_000_000  # text beyond this is not indexed (a 2-million-character document is ~1,000 pages)
_CJK = re.compile(r"[\u3400-\u9fff]")

SCHEMA_SQL = [
    "CREATE SCHEMA IF NOT EXISTS search",
    "CREATE TABLE IF NOT EXISTS search.doc (kind VARCHAR NOT NULL, id VARCHAR NOT NULL, len INTEGER NOT NULL, "
    "stamp VARCHAR, PRIMARY KEY (kind, id))",
    "CREATE TABLE IF NOT EXISTS search.posting (term VARCHAR NOT NULL, kind VARCHAR NOT NULL, id VARCHAR NOT NULL, "
    "tf INTEGER NOT NULL)",
]


_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef0-9]*")


def analyze(text: str) -> list[str]:
    """Index and query tokens, the same function at index and query time: the text pipeline's ``tokenize`` —
    jieba with the policy lexicon for runs of Chinese characters (after full-width and traditional→simplified
    normalisation), lower-cased Snowball stems without stop words for everything else. Splitting into runs keeps
    English inside Chinese documents (and Chinese inside English ones) tokenized the same way as on its own."""
    if not text:
        return []
    if not _CJK.search(text):
        return tokenize(text, "en")
    out: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(text):
        if m.start() > pos:
            out.extend(tokenize(text[pos:m.start()], "en"))
        out.extend(tokenize(m.group(0), "zh"))
        pos = m.end()
    if pos < len(text):
        out.extend(tokenize(text[pos:], "en"))
    return out


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for stmt in SCHEMA_SQL:
        con.execute(stmt)


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'search' AND table_name = 'posting' "
        "AND database_name = current_database()"
    ).fetchall()[0][0] > 0


# -- what gets indexed ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _domain_labels() -> dict[str, str]:
    return {t.code: f"{t.zh} {t.en}" for t in taxonomy("domains").items}


@lru_cache(maxsize=1)
def _type_labels() -> dict[str, str]:
    return {t.code: f"{t.zh} {t.en}" for t in taxonomy("event_types").items}


_EVENT_STAMP = ("CAST(e.updated_at AS VARCHAR) || '|' || e.review_state || '|' || "
                "(SELECT count(*) FROM core.evidence v WHERE v.event_id = e.id)")


def _event_texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str, str]]:
    if not ids:
        return []
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows += con.execute(
            "SELECT e.id, CAST(e.updated_at AS VARCHAR) || '|' || e.review_state || '|' || coalesce(v.n, 0), "
            "concat_ws(' ', e.title, e.title_en, e.title_zh, e.issuer, e.quote), e.domains, e.type, v.quotes "
            f"FROM core.event e LEFT JOIN (SELECT event_id, count(*) AS n, string_agg(DISTINCT quote, ' ') AS quotes "
            f"FROM core.evidence WHERE event_id IN ({marks}) GROUP BY event_id) v ON v.event_id = e.id "
            f"WHERE e.id IN ({marks})", chunk + chunk
        ).fetchall()
    labels, types = _domain_labels(), _type_labels()
    out = []
    for eid, stamp, text, domains, etype, more in rows:
        extra = " ".join(labels.get(d, d) for d in (domains or []))
        out.append((eid, stamp, " ".join(x for x in (text, more or "", extra, types.get(etype, "")) if x)))
    return out


def _doc_texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str, str]]:
    if not ids:
        return []
    con.register("_ids", pd.DataFrame({"id": ids}))
    try:
        rows = con.execute(
            "SELECT d.id, concat_ws('\n', d.title, substr(d.text, 1, ?)) FROM core.document d JOIN _ids USING (id)",
            [MAX_DOC_CHARS],
        ).fetchall()
    finally:
        con.unregister("_ids")
    return [(i, i, t or "") for i, t in rows]


def _write(con: duckdb.DuckDBPyConnection, kind: str, items: list[tuple[str, str, str]]) -> int:
    """Replace the postings of ``items`` (id, stamp, text) of one kind."""
    if not items:
        return 0
    ids = [i for i, _, _ in items]
    present: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        present += [r[0] for r in con.execute(
            f"SELECT id FROM search.doc WHERE kind = ? AND id IN ({', '.join('?' for _ in chunk)})",
            [kind, *chunk]).fetchall()]
    _delete(con, kind, present)
    docs, terms, pids, tfs = [], [], [], []
    for item_id, stamp, text in items:
        toks = analyze(text)
        docs.append((kind, item_id, len(toks), stamp))
        for t, n in Counter(toks).items():
            terms.append(t)
            pids.append(item_id)
            tfs.append(n)
    # list parameters + unnest: measured 10× faster than registering a DataFrame for a few hundred rows
    con.execute("INSERT INTO search.doc SELECT ?, unnest(?), unnest(?), unnest(?)",
                [kind, [d[1] for d in docs], [d[2] for d in docs], [d[3] for d in docs]])
    if terms:
        con.execute("INSERT INTO search.posting SELECT unnest(?), ?, unnest(?), unnest(?)", [terms, kind, pids, tfs])
    return len(items)


def _delete(con: duckdb.DuckDBPyConnection, kind: str, ids: list[str]) -> None:
    if not ids:
        return
    con.execute("DELETE FROM search.posting WHERE kind = ? AND id IN (SELECT unnest(?))", [kind, ids])
    con.execute("DELETE FROM search.doc WHERE kind = ? AND id IN (SELECT unnest(?))", [kind, ids])


def pending(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """What the index lacks or holds in excess compared with the tables."""
    ensure_schema(con)
    q = {
        "documents_new": "SELECT id FROM core.document EXCEPT SELECT id FROM search.doc WHERE kind = 'document'",
        "documents_gone": "SELECT id FROM search.doc WHERE kind = 'document' EXCEPT SELECT id FROM core.document",
        "events_stale": f"SELECT e.id FROM core.event e LEFT JOIN search.doc s ON s.kind = 'event' AND s.id = e.id "
                        f"WHERE s.stamp IS DISTINCT FROM ({_EVENT_STAMP})",
        "events_gone": "SELECT id FROM search.doc WHERE kind = 'event' EXCEPT SELECT id FROM core.event",
    }
    return {k: sorted(r[0] for r in con.execute(sql).fetchall()) for k, sql in q.items()}


def index_items(con: duckdb.DuckDBPyConnection, documents: list[Any] = (), event_ids: list[str] = ()
                ) -> dict[str, int]:
    """(Re)index these documents (``Document`` objects already in memory) and events (by id); call in the
    transaction that wrote them (ingest does)."""
    n_docs = _write(con, "document", [(d.id, d.id, f"{d.title}\n{d.text[:MAX_DOC_CHARS]}") for d in documents])
    n_ev = _write(con, "event", _event_texts(con, list(dict.fromkeys(event_ids))))
    return {"documents": n_docs, "events": n_ev}


def sync_index(con: duckdb.DuckDBPyConnection, progress: Any = None) -> dict[str, int]:
    """Bring the index level with the tables; call inside a transaction (ingest does, per document).
    Returns how many documents and events were (re)indexed or removed."""
    p = pending(con)
    _delete(con, "document", p["documents_gone"])
    _delete(con, "event", p["events_gone"])
    n_docs = 0
    for start in range(0, len(p["documents_new"]), 50):
        n_docs += _write(con, "document", _doc_texts(con, p["documents_new"][start:start + 50]))
        if progress:
            progress(n_docs, len(p["documents_new"]))
    n_ev = 0
    for start in range(0, len(p["events_stale"]), 2000):
        n_ev += _write(con, "event", _event_texts(con, p["events_stale"][start:start + 2000]))
    return {"documents": n_docs, "events": n_ev, "removed": len(p["documents_gone"]) + len(p["events_gone"])}


def rebuild_index(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Drop and rebuild the whole index (registered as a post-build hook)."""
    con.execute("DROP SCHEMA IF EXISTS search CASCADE")
    ensure_schema(con)
    return sync_index(con)


def _build_hook(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        rebuild_index(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def register_build_hook() -> None:
    from policyscope.store.build import POST_BUILD_HOOKS

    if _build_hook not in POST_BUILD_HOOKS:
        POST_BUILD_HOOKS.append(_build_hook)


register_build_hook()


# -- querying ---------------------------------------------------------------------------------------------

@dataclass
class Query:
    """A parsed query: weighted tokens (original and expanded) and the surface forms to highlight."""

    text: str
    weights: dict[str, float] = field(default_factory=dict)
    expanded_domains: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _term_map() -> list[tuple[str, tuple[str, ...], str]]:
    """(term, its token sequence, domain code) for every domain label and term. Short generic Chinese terms
    contained in a longer term of the same domain (智能 inside 人工智能) do not trigger expansion alone."""
    out = []
    for t in taxonomy("domains").items:
        for label, lang_terms in ((t.zh, t.terms_zh), (t.en, t.terms_en)):
            for term in dict.fromkeys([label, *lang_terms]):
                generic = term != label and len(term) <= 2 and _CJK.search(term)
                if generic and any(term != o and term in o for o in lang_terms):
                    continue
                toks = tuple(analyze(term))
                if toks:
                    out.append((term, toks, t.code))
    return out


def _contains(seq: list[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(tuple(seq[i:i + n]) == sub for i in range(len(seq) - n + 1))


def parse_query(text: str, expand: bool = True) -> Query:
    """Tokens of the query, each weighted 1; a domain term found in the query (Chinese by substring, English
    by token sequence) adds the domain's label in the other language."""
    if len(text) > 1000:
        raise StoreError("query too long (over 1,000 characters)")
    toks = analyze(text)
    if not toks:
        raise StoreError(f"query {text!r} has no searchable words")
    from policyscope.ingest.text.normalize import to_halfwidth, to_simplified

    plain = to_simplified(to_halfwidth(text))
    q = Query(text=text)
    for t in toks:
        q.weights[t] = 1.0
    if not expand:
        return q
    domains: list[str] = []
    for term, seq, code in _term_map():
        hit = term in plain if _CJK.search(term) else _contains(toks, seq)
        if not hit:
            continue
        if not _CJK.search(term) and len(seq) > 1:
            for x in seq:
                q.weights[x] = min(q.weights[x], 1.0 / len(seq))
        if code not in domains:
            domains.append(code)
    # translate, don't paraphrase: only the OTHER language's label is added (a Chinese query gains the English
    # label and vice versa), its tokens sharing a weight of TRANSLATION_WEIGHT
    zh_query = bool(_CJK.search(text))
    for code in domains:
        term = taxonomy("domains").get(code)
        lt = analyze(term.en if zh_query else term.zh)
        if lt and not all(x in q.weights for x in lt):
            for x in lt:
                q.weights[x] = max(q.weights.get(x, 0.0), TRANSLATION_WEIGHT / len(lt))
    q.expanded_domains = domains
    return q


def _filters(kind: str, jurisdiction: str | None, type: str | None, domain: str | None,
             date_from: str | None, date_to: str | None, include_rejected: bool) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if kind == "event":
        if not include_rejected:
            where.append("e.review_state NOT IN ('rejected', 'merged')")
        if jurisdiction:
            where.append("(e.jurisdiction = ? OR list_contains(e.partners, ?))")
            params += [jurisdiction, jurisdiction]
        if type:
            where.append("e.type = ?")
            params.append(type)
        if domain:
            where.append("list_contains(e.domains, ?)")
            params.append(domain)
        if date_from:
            where.append("e.date >= CAST(? AS DATE)")
            params.append(date_from)
        if date_to:
            where.append("e.date <= CAST(? AS DATE)")
            params.append(date_to)
    else:
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
    return (" AND ".join(where) or "TRUE"), params


def search(db: Database, query: str, *, limit: int = 20, kinds: tuple[str, ...] = ("event", "document"),
           jurisdiction: str | None = None, type: str | None = None, domain: str | None = None,
           date_from: str | None = None, date_to: str | None = None, include_rejected: bool = False,
           expand: bool = True, snippets: bool = True) -> pd.DataFrame:
    """Ranked hits (kind, id, score, title, jurisdiction, date, type, domains, snippet) for a query in
    Chinese or English. Every user value reaches SQL as a parameter."""
    if limit < 1 or limit > 1000:
        raise StoreError("--limit must be between 1 and 1000")
    for d in (date_from, date_to):
        if d and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            raise StoreError(f"date {d!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    date_from = _pad(date_from, start=True)
    date_to = _pad(date_to, start=False)
    if jurisdiction:
        from policyscope.model import registry

        jurisdiction = registry().resolve_code(jurisdiction)
    con = db.con
    if not has_index(con):
        raise StoreError(f"{db.path} has no search index yet; run `policyscope search --reindex` once")
    q = parse_query(query, expand=expand)
    qdf = pd.DataFrame({"term": list(q.weights), "w": list(q.weights.values())})
    frames = []
    con.register("_q", qdf)
    try:
        for kind in kinds:
            cond, params = _filters(kind, jurisdiction, type, domain, date_from, date_to, include_rejected)
            if kind == "event":
                join = ("JOIN core.event e ON e.id = r.id", "e.title, e.jurisdiction, CAST(e.date AS VARCHAR) AS date, "
                        "e.type, e.domains, e.document_id, e.review_state")
            else:
                join = ("JOIN core.document d ON d.id = r.id", "d.title, d.jurisdiction, "
                        "CAST(d.published AS VARCHAR) AS date, NULL AS type, NULL AS domains, d.id AS document_id, "
                        "NULL AS review_state")
            sql = f"""
            WITH st AS (SELECT count(*) AS n, avg(len) AS avgdl FROM search.doc WHERE kind = ?),
            tp AS (SELECT p.term, p.id, p.tf, q.w FROM search.posting p JOIN _q q USING (term) WHERE p.kind = ?),
            df AS (SELECT term, count(*) AS df FROM tp GROUP BY term),
            r AS (
              SELECT tp.id, sum(tp.w * ln(1 + (st.n - df.df + 0.5) / (df.df + 0.5))
                     * tp.tf * ({K1} + 1) / (tp.tf + {K1} * (1 - {B} + {B} * sd.len / st.avgdl))) AS score,
                     count(DISTINCT tp.term) AS matched
              FROM tp JOIN df USING (term) JOIN search.doc sd ON sd.kind = ? AND sd.id = tp.id, st
              GROUP BY tp.id)
            SELECT '{kind}' AS kind, r.id, r.score, r.matched, {join[1]}
            FROM r {join[0]} WHERE {cond}
            ORDER BY r.score DESC, r.id LIMIT {int(limit)}"""
            frames.append(con.execute(sql, [kind, kind, kind, *params]).df())
    finally:
        con.unregister("_q")
    frames = [f for f in frames if len(f)]
    cols = ["kind", "id", "score", "title", "jurisdiction", "date", "type", "domains", "document_id",
            "review_state", "snippet"]
    if not frames:
        return pd.DataFrame(columns=cols)
    # BM25 scores of events (short texts) and documents (long texts) are not on one scale: interleave the
    # two ranked lists by rank, the better score first at equal rank.
    for f in frames:
        f["_rank"] = range(len(f))
    out = (pd.concat(frames, ignore_index=True)
           .sort_values(["_rank", "score", "id"], ascending=[True, False, True]).head(limit))
    hl = _highlighter(q)
    out["snippet"] = ""
    if snippets:
        bodies = _bodies(con, out, q)
        out["snippet"] = [snippet(bodies.get((k, i), ""), hl) for k, i in zip(out["kind"], out["id"], strict=True)]
    out["score"] = out["score"].round(4)
    out["domains"] = [list(d) if d is not None and not isinstance(d, float) else [] for d in out["domains"]]
    return out[cols].reset_index(drop=True)


def _bodies(con: duckdb.DuckDBPyConnection, hits: pd.DataFrame, q: Query) -> dict[tuple[str, str], str]:
    """Texts of the hits only, fetched after ranking. For documents DuckDB itself finds the first query term
    (instr over the lower-cased text) and returns a window around it: moving whole texts to Python was the
    slow part of a query."""
    out: dict[tuple[str, str], str] = {}
    ev = hits.loc[hits["kind"] == "event", "id"].tolist()
    if ev:
        for i, *cols in con.execute("SELECT id, title, title_en, quote FROM core.event WHERE id IN (SELECT unnest(?))",
                                    [ev]).fetchall():
            out[("event", i)] = " — ".join(dict.fromkeys(x for x in cols if x))
    docs = hits.loc[hits["kind"] == "document", "id"].tolist()
    if docs:
        # one primary-key lookup per document, the whole text (substr on long UTF-8 texts and IN lists that scan
        # the text column were both measured slower); the window is cut here
        for d in docs:
            rows = con.execute("SELECT title, text FROM core.document WHERE id = ?", [d]).fetchall()
            if rows:
                title, text = rows[0]
                text = text or ""
                first = _first_match(text, q)
                start = max(0, first - 80) if first is not None else 0
                out[("document", d)] = ((f"{title}\n" if start == 0 and title else "") + ("…" if start else "")
                                        + text[start:start + 400])
    return out


def _first_match(text: str, q: Query) -> int | None:
    """Position of the first query term in ``text`` (Chinese tokens as written, English stems as prefixes)."""
    low = text.lower()
    probes = [t if _CJK.search(t) else (t[:-1] if len(t) > 3 else t) for t in q.weights]
    found = [p for p in (low.find(x) for x in probes) if p >= 0]
    return min(found) if found else None


def _pad(d: str | None, start: bool) -> str | None:
    if not d:
        return None
    if len(d) == 4:
        return f"{d}-01-01" if start else f"{d}-12-31"
    if len(d) == 7:
        if start:
            return f"{d}-01"
        import calendar

        y, m = int(d[:4]), int(d[5:])
        return f"{d}-{calendar.monthrange(y, m)[1]:02d}"
    return d


# -- snippets ---------------------------------------------------------------------------------------------

@dataclass
class _Highlighter:
    pattern: re.Pattern[str] | None
    stems: frozenset[str]


def _highlighter(q: Query) -> _Highlighter:
    """One regex for every query term: Chinese tokens literally, English stems as word prefixes (a match is
    kept only when the word's own stem is a query stem)."""
    cjk = sorted((t for t in q.weights if _CJK.search(t)), key=len, reverse=True)
    stems = frozenset(t for t in q.weights if not _CJK.search(t))
    parts = [re.escape(t) for t in cjk]
    parts += [r"\b" + re.escape(st[:-1] if len(st) > 3 else st) + r"[\w'-]*" for st in sorted(stems)]
    return _Highlighter(re.compile("|".join(parts), re.I) if parts else None, stems)


def _is_match(word: str, hl: _Highlighter) -> bool:
    if _CJK.search(word):
        return True
    toks = tokenize(word, "en", keep_stopwords=True)
    return bool(toks) and toks[0] in hl.stems


def snippet(text: str, hl: _Highlighter, width: int = 180) -> str:
    """A window of ``text`` around the first match with every match inside wrapped in <mark>…</mark>."""
    first = None
    if hl.pattern is not None:
        for m in hl.pattern.finditer(text):
            if _is_match(m.group(0), hl):
                first = m.start()
                break
    if first is None:
        flat = re.sub(r"\s+", " ", text[: width + 50]).strip()
        return flat[:width] + ("…" if len(text) > width else "")
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    out, pos = [], 0
    for m in hl.pattern.finditer(window):  # type: ignore[union-attr]
        if not _is_match(m.group(0), hl):
            continue
        out.append(window[pos:m.start()])
        out.append(f"<mark>{m.group(0)}</mark>")
        pos = m.end()
    out.append(window[pos:])
    body = re.sub(r"\s+", " ", "".join(out))
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def index_stats(db: Database) -> dict[str, int]:
    con = db.con
    if not has_index(con):
        return {"documents": 0, "events": 0, "postings": 0}
    rows = dict(con.execute("SELECT kind, count(*) FROM search.doc GROUP BY kind").fetchall())
    return {"documents": rows.get("document", 0), "events": rows.get("event", 0),
            "postings": con.execute("SELECT count(*) FROM search.posting").fetchall()[0][0]}
