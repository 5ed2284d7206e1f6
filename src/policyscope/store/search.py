"""Bilingual full-text search over documents and events: BM25 over jieba tokens (Chinese) and stemmed
words (English), with filters, highlighted snippets and a zh↔en map of domain terms (人工智能 ↔ artificial
intelligence) built from the domain taxonomy.

The index lives inside the DuckDB file, in schema ``search`` (``search.doc``: one row per indexed item with
its length and a stamp of what was indexed; ``search.posting``: term, item, term frequency, first passage;
``search.passage``: documents cut into ~2,000-character passages for snippets; ``search.meta``: the index's
version stamp). Writers update it in the same transaction as the rows it indexes, and
:func:`sync_index` brings it level with the tables (new, changed or removed documents and events) — so a
killed ingest or an atomic ``build`` swap can never leave the index disagreeing with the database. Queries
rank on a per-process numpy copy of the postings keyed by the version stamp (replaced by every index write in
the same transaction), so the copy is exactly the tables' content. Chosen over tantivy and DuckDB's fts
extension by measurement and because of that consistency (docs/decisions.md)."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from policyscope.ingest.text.tokens import tokenize
from policyscope.model.taxonomy import taxonomy
from policyscope.store.database import Database, StoreError
from policyscope.store.events import event_conditions

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
    "tf INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0)",  # seq: the first passage holding the term
    "ALTER TABLE search.posting ADD COLUMN IF NOT EXISTS seq INTEGER DEFAULT 0",
    "CREATE TABLE IF NOT EXISTS search.passage (id VARCHAR NOT NULL, seq INTEGER NOT NULL, start INTEGER NOT NULL, "
    "chars INTEGER NOT NULL, line INTEGER NOT NULL, body VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search.meta (version VARCHAR NOT NULL)",
]
PASSAGE_CHARS = 2000  # documents are also stored as short passages, for snippets (see document_windows)
PASSAGE_OVERLAP = 60  # a passage runs this far into the next one, so a term starting in it is whole


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
    if con.execute("SELECT count(*) FROM search.meta").fetchall()[0][0] == 0:
        con.execute("INSERT INTO search.meta VALUES (?)", [uuid.uuid4().hex])


def _bump(con: duckdb.DuckDBPyConnection) -> None:
    """A new version stamp, written in the transaction that changes the postings (the in-memory copies of
    other processes and of this one compare stamps, never files or clocks)."""
    con.execute(SCHEMA_SQL[-1])
    if con.execute("SELECT count(*) FROM search.meta").fetchall()[0][0] == 0:
        con.execute("INSERT INTO search.meta VALUES (?)", [uuid.uuid4().hex])
    else:
        con.execute("UPDATE search.meta SET version = ?", [uuid.uuid4().hex])


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
    return [(i, i, f"{title or ''}\n{text}") for i, title, text in _doc_rows(con, ids)]


def _doc_rows(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, title, text cut at MAX_DOC_CHARS) of these documents."""
    if not ids:
        return []
    rows = con.execute("SELECT d.id, d.title, substr(coalesce(d.text, ''), 1, ?) FROM core.document d "
                       "WHERE d.id IN (SELECT unnest(?))", [MAX_DOC_CHARS, ids]).fetchall()
    return [(i, t, x or "") for i, t, x in rows]


def _split(text: str) -> list[int]:
    """Start offsets of a text's passages: about PASSAGE_CHARS long, cut after a line break, a Chinese full
    stop or a space in the last quarter when there is one (jieba and the English tokenizer both break there,
    so the passages' tokens are the text's tokens)."""
    starts, pos, n = [0], 0, len(text)
    while n - pos > PASSAGE_CHARS:
        lo, hi = pos + 3 * PASSAGE_CHARS // 4, pos + PASSAGE_CHARS
        cut = max(text.rfind("\n", lo, hi), text.rfind("。", lo, hi), text.rfind(" ", lo, hi))
        pos = cut + 1 if cut >= lo else hi
        starts.append(pos)
    return starts


def _passages(text: str) -> list[tuple[int, int, int, str]]:
    """(start, chars, line, body) of each passage; a body runs PASSAGE_OVERLAP characters into the next."""
    starts = _split(text)
    out, line = [], 1
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        out.append((start, end - start, line, text[start:end + PASSAGE_OVERLAP]))
        line += text.count("\n", start, end)
    return out


def _write_passages(con: duckdb.DuckDBPyConnection, docs: list[tuple[str, str]]) -> None:
    """Replace the passages of these (id, text) documents: reading a 2,000-character passage by rowid
    measured ~3 ms for 20 documents, reading their whole texts ~100 ms (DuckDB reads the text column whole)."""
    if not docs:
        return
    con.execute("DELETE FROM search.passage WHERE id IN (SELECT unnest(?))", [[d for d, _ in docs]])
    cols: list[list[Any]] = [[], [], [], [], [], []]
    for doc_id, text in docs:
        for seq, row in enumerate(_passages(text)):
            for c, v in zip(cols, (doc_id, seq, *row), strict=True):
                c.append(v)
    con.execute("INSERT INTO search.passage SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
                cols)


def _doc_items(rows: list[tuple[str, str | None, str]]) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """Index items of documents (id, title, text): the title (passage -1), then each passage."""
    out = []
    for doc_id, title, text in rows:
        pieces = [(seq, text[start:start + chars]) for seq, (start, chars, _, _) in enumerate(_passages(text))]
        out.append((doc_id, doc_id, [(-1, title or ""), *pieces]))  # -1: the title
    return out


def _write(con: duckdb.DuckDBPyConnection, kind: str, items: list[tuple[str, str, Any]]) -> int:
    """Replace the postings of ``items`` (id, stamp, text — or [(passage number, text), …] for a document)
    of one kind; each posting keeps the first passage holding its term (for snippets)."""
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
    docs, terms, pids, tfs, seqs = [], [], [], [], []
    for item_id, stamp, text in items:
        pieces = [(0, text)] if isinstance(text, str) else text
        first: dict[str, int] = {}
        counts: Counter[str] = Counter()
        for seq, piece in pieces:
            toks = analyze(piece)
            counts.update(toks)
            for t in toks:
                first.setdefault(t, seq)
        docs.append((kind, item_id, sum(counts.values()), stamp))
        for t, n in counts.items():
            terms.append(t)
            pids.append(item_id)
            tfs.append(n)
            seqs.append(first[t])
    # list parameters + unnest: measured 10× faster than registering a DataFrame for a few hundred rows
    con.execute("INSERT INTO search.doc SELECT ?, unnest(?), unnest(?), unnest(?)",
                [kind, [d[1] for d in docs], [d[2] for d in docs], [d[3] for d in docs]])
    if terms:
        con.execute("INSERT INTO search.posting (term, kind, id, tf, seq) SELECT unnest(?), ?, unnest(?), unnest(?), "
                    "unnest(?)", [terms, kind, pids, tfs, seqs])
    _bump(con)
    return len(items)


def _delete(con: duckdb.DuckDBPyConnection, kind: str, ids: list[str]) -> None:
    if not ids:
        return
    con.execute("DELETE FROM search.posting WHERE kind = ? AND id IN (SELECT unnest(?))", [kind, ids])
    con.execute("DELETE FROM search.doc WHERE kind = ? AND id IN (SELECT unnest(?))", [kind, ids])
    if kind == "document":
        con.execute("DELETE FROM search.passage WHERE id IN (SELECT unnest(?))", [ids])
    _bump(con)


def pending(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """What the index lacks or holds in excess compared with the tables."""
    ensure_schema(con)
    q = {
        # a document is indexed when it has postings and passages (an index made before passages gets them)
        "documents_new": "SELECT id FROM core.document EXCEPT (SELECT id FROM search.doc WHERE kind = 'document' "
                         "INTERSECT SELECT id FROM search.passage)",
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
    n_docs = _write(con, "document", _doc_items([(d.id, d.title, d.text[:MAX_DOC_CHARS]) for d in documents]))
    _write_passages(con, [(d.id, d.text[:MAX_DOC_CHARS]) for d in documents])
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
        rows = _doc_rows(con, p["documents_new"][start:start + 50])
        n_docs += _write(con, "document", _doc_items(rows))
        _write_passages(con, [(i, x) for i, _, x in rows])
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
        conds, vals = event_conditions(jurisdiction=jurisdiction, include_partners=True, type=type, domain=domain,
                                       date_from=date_from, date_to=date_to, alias="e")
        where += conds
        params += vals
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


# -- the in-memory index --------------------------------------------------------------------------------
#
# The tables above are the source of truth. Querying them directly (a join of the query terms with the whole
# posting table) measured 35–145 ms per query; a per-process copy of the postings in numpy arrays answers in
# about a millisecond. The copy is keyed by ``search.meta.version``, a random stamp that every index write
# replaces in the same transaction (so a rolled-back or killed write leaves the old stamp with the old
# postings, and a build — a new file whose index is rebuilt by the post-build hook — gets a new stamp). Equal
# stamps therefore mean equal postings, whatever the file: the web server's snapshot copies of one file share
# one cached copy. Filters, titles and dates are never cached: they are read from the tables for the best
# ranked candidates only, so a review edit not yet re-indexed is still filtered as the tables say.


@dataclass
class _KindIndex:
    """Postings of one kind (event or document): item i of ``ids`` (sorted, so ties break by id) has BM25
    length normaliser ``norm[i]``; a term's postings are ``items[a:b]`` / ``tfs[a:b]`` with (a, b) = terms[t]."""

    ids: np.ndarray
    norm: np.ndarray
    terms: dict[str, tuple[int, int]]
    items: np.ndarray
    tfs: np.ndarray
    seqs: np.ndarray  # first passage holding the term (documents)
    pos: dict[str, int] = field(default_factory=dict)

    def first_passage(self, item_id: str, q: Query) -> int | None:
        """The first passage of ``item_id`` holding any query term (from the postings)."""
        i = self.pos.get(item_id)
        best = None
        for term in q.weights:
            span = self.terms.get(term)
            if span is None or i is None:
                continue
            items = self.items[span[0]:span[1]]
            k = int(np.searchsorted(items, i))
            if k < len(items) and items[k] == i:
                seq = int(self.seqs[span[0] + k])
                best = seq if best is None else min(best, seq)
        return best

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass
class _Loaded:
    version: str
    kinds: dict[str, _KindIndex]
    load_s: float
    # where each passage (document id, passage number) was at load time: a hint only, every row read through
    # it is checked (a checkpoint may move rows without any index write)
    passage_rowids: dict[tuple[str, int], int] = field(default_factory=dict)


_CACHE: dict[str, _Loaded] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_KEEP = 2  # versions kept: the current one and the one just replaced (requests still in flight)
CACHE_STATS = {"loads": 0, "hits": 0}


def _search_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'search' AND database_name = current_database()"
    ).fetchall()}


def _index_state(con: duckdb.DuckDBPyConnection, names: set[str] | None = None) -> tuple[bool, str | None]:
    """(has an index, its version stamp or None for an index made before stamps) in two small queries."""
    names = _search_tables(con) if names is None else names
    if "posting" not in names:
        return False, None
    if "meta" not in names:
        return True, None
    row = con.execute("SELECT max(version) FROM search.meta").fetchone()
    return True, (row[0] if row else None)


def index_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stamp of the index as this connection sees it (None: no index, or one made before stamps)."""
    return _index_state(con)[1]


def _load_kind(con: duckdb.DuckDBPyConnection, kind: str) -> _KindIndex:
    docs = con.execute("SELECT id, len FROM search.doc WHERE kind = ? ORDER BY id", [kind]).fetchnumpy()
    ids = np.asarray(docs["id"], dtype=object)
    lens = np.asarray(docs["len"], dtype=np.float64)
    avgdl = float(lens.mean()) if len(lens) else 1.0
    norm = K1 * (1 - B + B * lens / (avgdl or 1.0))
    numbered = ("(SELECT id, CAST(row_number() OVER (ORDER BY id) - 1 AS INTEGER) AS i FROM search.doc "
                "WHERE kind = ?)")
    post = con.execute(
        f"SELECT d.i, p.tf, p.seq FROM search.posting p JOIN {numbered} d ON d.id = p.id WHERE p.kind = ? "
        "ORDER BY p.term, d.i", [kind, kind]).fetchnumpy()
    counts = con.execute(
        f"SELECT p.term, count(*) FROM search.posting p JOIN {numbered} d ON d.id = p.id WHERE p.kind = ? "
        "GROUP BY p.term ORDER BY p.term", [kind, kind]).fetchall()
    terms: dict[str, tuple[int, int]] = {}
    a = 0
    for term, c in counts:
        terms[term] = (a, a + c)
        a += c
    items = np.asarray(post["i"], dtype=np.int32)
    if a != len(items):
        raise StoreError("search index changed while it was being loaded")
    return _KindIndex(ids=ids, norm=norm, terms=terms, items=items, tfs=np.asarray(post["tf"], dtype=np.float64),
                      seqs=np.asarray(post["seq"], dtype=np.int32), pos={x: n for n, x in enumerate(ids.tolist())})


def load_index(con: duckdb.DuckDBPyConnection) -> _Loaded | None:
    """Read the whole index into memory, in one transaction on a cursor of its own so that the stamp and the
    postings come from one state of the database. Returns None when the index has no stamp."""
    t0 = time.perf_counter()
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            version = index_version(cur)
            if version is None:
                return None
            kinds = {k: _load_kind(cur, k) for k in ("event", "document")}
            rowids = ({(i, q): r for i, q, r in cur.execute("SELECT id, seq, rowid FROM search.passage").fetchall()}
                      if "passage" in _search_tables(cur) else {})
        finally:
            cur.execute("ROLLBACK")
    finally:
        cur.close()
    return _Loaded(version=version, kinds=kinds, load_s=time.perf_counter() - t0, passage_rowids=rowids)


def _cached_index(con: duckdb.DuckDBPyConnection, version: str | None = None) -> _Loaded | None:
    """The in-memory index matching what ``con`` sees (stamp ``version``), loading it when the stamp is new;
    None when the connection sees a state no other cursor can load (its own uncommitted writes) or no stamp."""
    version = version or index_version(con)
    if version is None:
        return None
    hit = _CACHE.get(version)
    if hit is not None:
        CACHE_STATS["hits"] += 1
        return hit
    with _CACHE_LOCK:  # one load per stamp, however many threads ask
        hit = _CACHE.get(version)
        if hit is not None:
            return hit
        loaded = load_index(con)
        if loaded is None or loaded.version != version:
            return None  # e.g. inside a transaction that wrote to the index: answer from the tables
        CACHE_STATS["loads"] += 1
        _CACHE[version] = loaded
        while len(_CACHE) > _CACHE_KEEP:
            _CACHE.pop(next(iter(_CACHE)))
        return loaded


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def _scores(ki: _KindIndex, q: Query) -> tuple[np.ndarray, np.ndarray]:
    """BM25 of every item holding a query term: (item numbers best first, ties by id; their scores)."""
    acc = np.zeros(ki.n, dtype=np.float64)
    for term, w in q.weights.items():
        span = ki.terms.get(term)
        if span is None:
            continue
        items, tf = ki.items[span[0]:span[1]], ki.tfs[span[0]:span[1]]
        df = len(items)
        idf = np.log(1 + (ki.n - df + 0.5) / (df + 0.5))
        acc[items] += w * idf * tf * (K1 + 1) / (tf + ki.norm[items])
    hit = np.flatnonzero(acc > 0)
    order = np.lexsort((hit, -acc[hit]))  # score descending, then item number (= id order)
    return hit[order], acc[hit[order]]


_META = {
    "event": ("core.event e", "e", "e.title, e.jurisdiction, CAST(e.date AS VARCHAR) AS date, e.type, e.domains, "
              "e.document_id, e.review_state, e.title_en AS _title_en, e.quote AS _quote"),
    "document": ("core.document d", "d", "d.title, d.jurisdiction, CAST(d.published AS VARCHAR) AS date, "
                 "NULL AS type, NULL AS domains, d.id AS document_id, NULL AS review_state, NULL AS _title_en, "
                 "NULL AS _quote"),
}


_COLS = ["kind", "id", "score", "title", "jurisdiction", "date", "type", "domains", "document_id", "review_state"]


def _rank_cached(con: duckdb.DuckDBPyConnection, loaded: _Loaded, kinds: tuple[str, ...], q: Query, limit: int,
                 conds: dict[str, tuple[str, list[Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The best ``limit`` items of each kind that pass the filters: candidates in score order are checked
    against the tables a slice at a time, all kinds in one query (most queries need one slice of a few dozen
    ids per kind; each DuckDB round trip costs ~1 ms)."""
    ranked = {k: _scores(loaded.kinds[k], q) for k in kinds}
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
    start = dict.fromkeys(kinds, 0)
    step = max(64, 3 * limit)
    while True:
        parts, params, slices = [], [], {}
        for k in kinds:
            order = ranked[k][0]
            if start[k] >= len(order) or len(out[k]) >= limit:
                continue
            slices[k] = loaded.kinds[k].ids[order[start[k]:start[k] + step]].tolist()
            table, alias, cols = _META[k]
            cond, p = conds[k]
            parts.append(f"SELECT '{k}' AS kind, {alias}.id, {cols} FROM {table} "
                         f"WHERE {alias}.id IN (SELECT unnest(?)) AND {cond}")
            params += [slices[k], *p]
        if not parts:
            break
        rows = con.execute(" UNION ALL ".join(parts), params).fetchall()
        for k, ids in slices.items():
            rank = {i: n for n, i in enumerate(ids)}
            scores = ranked[k][1]
            found = sorted((rank[r[1]], r) for r in rows if r[0] == k)
            out[k] += [{"kind": k, "id": r[1], "score": float(scores[start[k] + n]), "title": r[2],
                        "jurisdiction": r[3], "date": r[4], "type": r[5], "domains": r[6], "document_id": r[7],
                        "review_state": r[8], "_title_en": r[9], "_quote": r[10]} for n, r in found]
            start[k] += len(ids)
        step *= 8
    return {k: v[:limit] for k, v in out.items()}


def search(db: Database, query: str, *, limit: int = 20, kinds: tuple[str, ...] = ("event", "document"),
           jurisdiction: str | None = None, type: str | None = None, domain: str | None = None,
           date_from: str | None = None, date_to: str | None = None, include_rejected: bool = False,
           expand: bool = True, snippets: bool = True, use_cache: bool = True) -> pd.DataFrame:
    """Ranked hits (kind, id, score, title, jurisdiction, date, type, domains, snippet) for a query in
    Chinese or English. Every user value reaches SQL as a parameter. Ranking uses the in-memory copy of the
    index when its stamp matches the database (``use_cache=False``, or a connection inside its own index
    write, ranks straight from the tables; both give the same hits)."""
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
    tables = _search_tables(con)
    present, version = _index_state(con, tables)
    if not present:
        raise StoreError(f"{db.path} has no search index yet; run `policyscope search --reindex` once")
    q = parse_query(query, expand=expand)
    loaded = _cached_index(con, version) if use_cache and version else None
    kinds = tuple(dict.fromkeys(kinds))
    conds = {k: _filters(k, jurisdiction, type, domain, date_from, date_to, include_rejected) for k in kinds}
    if loaded is not None:
        by_kind = _rank_cached(con, loaded, kinds, q, limit, conds)
        ranked = [by_kind[k] for k in kinds]
    else:
        ranked = [_rank_sql(con, k, q, limit, *conds[k]).to_dict("records") for k in kinds]
    # BM25 scores of events (short texts) and documents (long texts) are not on one scale: interleave the
    # two ranked lists by rank, the better score first at equal rank.
    hits = [h for _, _, _, h in sorted((n, -h["score"], h["id"], h) for lst in ranked for n, h in enumerate(lst))]
    hits = hits[:limit]
    if snippets and hits:
        hl = _highlighter(q)
        hint = ({h["id"]: loaded.kinds["document"].first_passage(h["id"], q) for h in hits if h["kind"] == "document"}
                if loaded is not None else {})
        bodies = _bodies(con, hits, hl, "passage" in tables, hint, loaded.passage_rowids if loaded else None)
        for h in hits:
            h["snippet"] = snippet(bodies.get((h["kind"], h["id"]), ""), hl)
    for h in hits:
        h["score"] = round(float(h["score"]), 4)
        d = h["domains"]
        h["domains"] = list(d) if d is not None and not isinstance(d, float) else []
        h.setdefault("snippet", "")
    return pd.DataFrame(hits, columns=[*_COLS, "snippet"])


def _rank_sql(con: duckdb.DuckDBPyConnection, kind: str, q: Query, limit: int, cond: str,
              params: list[Any]) -> pd.DataFrame:
    """BM25 computed by DuckDB from the index tables: the reference for the in-memory ranking, and the path
    for a connection that sees index writes of its own not yet committed."""
    table, alias, cols = _META[kind]
    sql = f"""
    WITH st AS (SELECT count(*) AS n, avg(len) AS avgdl FROM search.doc WHERE kind = ?),
    tp AS (SELECT p.term, p.id, p.tf, q.w FROM search.posting p
           JOIN (SELECT unnest(?) AS term, unnest(?) AS w) q USING (term) WHERE p.kind = ?),
    df AS (SELECT term, count(*) AS df FROM tp GROUP BY term),
    r AS (
      SELECT tp.id, sum(tp.w * ln(1 + (st.n - df.df + 0.5) / (df.df + 0.5))
             * tp.tf * ({K1} + 1) / (tp.tf + {K1} * (1 - {B} + {B} * sd.len / st.avgdl))) AS score
      FROM tp JOIN df USING (term) JOIN search.doc sd ON sd.kind = ? AND sd.id = tp.id, st
      GROUP BY tp.id)
    SELECT '{kind}' AS kind, r.id, r.score, {cols}
    FROM r JOIN {table} ON {alias}.id = r.id WHERE {cond}
    ORDER BY r.score DESC, r.id LIMIT {int(limit)}"""
    return con.execute(sql, [kind, list(q.weights), list(q.weights.values()), kind, kind, *params]).df()


SNIPPET_CONTEXT = 400  # characters kept before the first match of a document (and twice that after it)
_HEAD = 40_000  # characters of a document searched first for the match; the rest only when the head has none


def _bodies(con: duckdb.DuckDBPyConnection, hits: list[dict[str, Any]], hl: _Highlighter,
            has_passages: bool | None = None, hint: dict[str, int | None] | None = None,
            rowids: dict[tuple[str, int], int] | None = None) -> dict[tuple[str, str], str]:
    """Texts of the hits only, fetched after ranking: an event's title and quote, a window of a document's
    text around its first match (:func:`document_windows`)."""
    out: dict[tuple[str, str], str] = {}
    for h in hits:  # the ranking read an event's title, English title and quote with its filters
        if h["kind"] == "event":
            parts = (h.get(k) for k in ("title", "_title_en", "_quote"))
            out[("event", h["id"])] = " — ".join(dict.fromkeys(x for x in parts if isinstance(x, str) and x))
    docs = {h["id"]: h["title"] for h in hits if h["kind"] == "document"}
    for d, win in document_windows(con, list(docs), hl, titles=docs, has_passages=has_passages,
                                   passages=hint, rowids=rowids).items():
        title = win.title if win.start == 0 and win.title else ""
        out[("document", d)] = (f"{title}\n" if title else "") + ("…" if win.start else "") + win.text
    return out


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
#
# A snippet is cut from the original text around the first query term. Matching runs over the text's
# normalised form (full-width → half-width, traditional → simplified: the tokenizer's own normalisation, same
# length, so offsets carry over), never by tokenising the document: one regex over the head of the text.


@dataclass
class _Highlighter:
    pattern: re.Pattern[str] | None
    stems: frozenset[str]
    literals: tuple[str, ...] = ()  # lower-case text every match starts with (found by str.find first)
    query: Query | None = None


def highlighter(q: Query | str) -> _Highlighter:
    """One regex for every query term: Chinese tokens literally, English stems as word prefixes (a match is
    kept only when the word's own stem is a query stem)."""
    if isinstance(q, str):
        q = parse_query(q)
    cjk = sorted((t for t in q.weights if _CJK.search(t)), key=len, reverse=True)
    stems = frozenset(t for t in q.weights if not _CJK.search(t))
    parts = [re.escape(t) for t in cjk]
    # an English word starts after anything but a Latin letter or digit (\b would miss 5G in 发展5G网络)
    parts += [r"(?<![A-Za-z0-9])" + re.escape(st[:-1] if len(st) > 3 else st) + r"[A-Za-z0-9'-]*"
              for st in sorted(stems)]
    literals = tuple(dict.fromkeys([*cjk, *(st[:-1] if len(st) > 3 else st for st in sorted(stems))]))
    return _Highlighter(re.compile("|".join(parts), re.I) if parts else None, stems, literals, q)


_highlighter = highlighter


@lru_cache(maxsize=4096)
def _word_matches(word: str, stems: frozenset[str]) -> bool:
    toks = tokenize(word, "en", keep_stopwords=True)
    return bool(toks) and toks[0] in stems


def _is_match(word: str, hl: _Highlighter) -> bool:
    if _CJK.search(word):
        return True
    return _word_matches(word.lower(), hl.stems)


# characters the tokenizer's normalisation changes into ones a query term can contain: full-width forms and
# the ideographic space; dashes only matter to a term with a hyphen; traditional characters to Chinese terms
_FULLWIDTH = re.compile(r"[\uff01-\uff5e\u3000]")
_DASHES = re.compile(r"[\u2013\u2212\ufe4f]")


def _matching(text: str, hl: _Highlighter | None = None) -> str:
    """The text in the tokenizer's matching form (same length as ``text``): full-width → half-width,
    traditional → simplified. Skipped, at C speed, when it could not change a match of ``hl``'s terms."""
    if not text or text.isascii():
        return text
    from policyscope.ingest.text.normalize import _has_traditional_hint, normalize

    lits = hl.literals if hl is not None else ("-", "中")
    if (_FULLWIDTH.search(text) or (any("-" in x for x in lits) and _DASHES.search(text))
            or (any(_CJK.search(x) for x in lits) and _has_traditional_hint(text) and _CJK.search(text))):
        return normalize(text).match
    return text


def _iter_matches(text: str, hl: _Highlighter) -> Iterator[tuple[int, int]]:
    """(start, end) of each query-term match in ``text`` (original offsets), lazily."""
    if hl.pattern is None or not text:
        return
    for m in hl.pattern.finditer(_matching(text, hl)):
        if _is_match(m.group(0), hl):
            yield m.span()


def _matches(text: str, hl: _Highlighter) -> list[tuple[int, int]]:
    return list(_iter_matches(text, hl))


_PIECE = 20_000  # a long text is searched in two pieces: most first matches are near the top


def first_match(text: str, hl: _Highlighter) -> int | None:
    """Offset of the first query term in ``text``: each term's first occurrence by ``str.find`` on the
    lower-cased matching form, confirmed by the highlighter's regex at that offset (a regex scan of a whole
    long English text measured up to 10 ms; the finds take well under one). The head is searched first."""
    if hl.pattern is None or not text:
        return None
    if len(text) > _PIECE:
        head = _first_in(text[:_PIECE + 100], hl)
        if head is not None:
            return head
        rest = _first_in(text[_PIECE - 100:], hl)
        return None if rest is None else _PIECE - 100 + rest
    return _first_in(text, hl)


def _first_in(text: str, hl: _Highlighter) -> int | None:
    assert hl.pattern is not None
    norm = _matching(text, hl)
    low = norm.lower()
    if len(low) != len(norm):  # a character whose lower case is longer: offsets would drift
        return next((a for a, _ in _iter_matches(text, hl)), None)
    best: int | None = None
    for lit in hl.literals:
        p = low.find(lit, 0, best)
        while p >= 0:
            m = hl.pattern.match(norm, p)
            if m is not None and _is_match(m.group(0), hl):
                best = p
                break
            p = low.find(lit, p + 1, best)
    return best


@dataclass
class Window:
    """A piece of a document's text around its first match: ``text`` starts at offset ``start``, on ``line``
    (1-based; None when no query term was found and the window is the head of the text)."""

    text: str
    start: int
    line: int | None
    title: str | None


def document_windows(con: duckdb.DuckDBPyConnection, doc_ids: list[str], hl: _Highlighter,
                     before: int = SNIPPET_CONTEXT, after: int = 2 * SNIPPET_CONTEXT, *,
                     titles: dict[str, str] | None = None, has_passages: bool | None = None,
                     passages: dict[str, int | None] | None = None,
                     rowids: dict[tuple[str, int], int] | None = None) -> dict[str, Window]:
    """Windows of these documents' texts around their first query term, by id (unknown ids are left out).

    Read from the index's passages (``search.passage``, written with the postings): first the passage the
    postings name as the first holding a query term (``passages``, from the in-memory index), else passage 0;
    then passages 1–9 of documents without a match there, then the rest — each round located by rowid on the
    small columns and read by rowid (DuckDB otherwise reads the whole text column: ~100 ms for 20 long
    documents against ~4 ms). A window does not cross its passage's end. Documents without passages (an index
    older than them) are read from ``core.document``."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return {}
    if titles is None:  # (search passes the titles of its hits, already read)
        titles = dict(con.execute("SELECT id, title FROM core.document WHERE id IN (SELECT unnest(?))",
                                  [ids]).fetchall())
    ids = [i for i in ids if i in titles]
    out: dict[str, Window] = {}
    if has_passages is None:
        has_passages = "passage" in _search_tables(con)
    if passages is None and has_passages and hl.query is not None:
        loaded = _cached_index(con)
        if loaded is not None:
            passages = {i: loaded.kinds["document"].first_passage(i, hl.query) for i in ids}
            rowids = loaded.passage_rowids
    todo = ids
    heads: dict[str, tuple[str, int, int]] = {}
    if has_passages:
        hinted = {i for i in todo if (passages or {}).get(i) is not None}
        want = {i: max(0, (passages or {}).get(i) or 0) for i in todo}
        for lo, hi in ((0, 1), (1, 10), (10, 1 << 30)):
            if not todo:
                break
            if lo == 0:  # the hinted passage (or passage 0) of each document
                pairs = {(i, q) for i in todo for q in {want[i], 0}}
                rows = _passages_at(con, pairs, rowids or {})
            else:
                rows = _passages_at(con, None, {}, (lo, hi, todo))
            if not rows:
                continue
            if lo == 0:  # the hinted passage before passage 0
                rows.sort(key=lambda r: (r[0], r[1] != want.get(r[0]), r[1]))
            else:
                rows.sort(key=lambda r: (r[0], r[1]))
            found: set[str] = set()
            for doc_id, seq, start, chars, line, body in rows:
                if seq == 0:
                    heads[doc_id] = (body, start, line)
                if doc_id in found:
                    continue
                first = first_match(body, hl)
                if first is None or first >= chars:  # matches in the overlap belong to the next passage
                    continue
                found.add(doc_id)
                a = max(0, first - before)
                out[doc_id] = Window(text=body[a:first + after], start=start + a,
                                     line=line + body.count("\n", 0, first), title=titles[doc_id])
            seen = {r[0] for r in rows}
            todo = [i for i in todo if i not in found]
            if lo == 0:
                missing = [i for i in todo if i not in seen]  # no passages at all: read the document
                # the postings named the passage: no match there means the terms are in the title (or only the
                # highlighter's regex misses them) — the head of the text is shown, no further passages read
                for i in todo:
                    if i in seen and i in hinted:
                        out[i] = Window(text=heads.get(i, ("", 0, 1))[0][:before + after], start=0, line=None,
                                        title=titles[i])
                todo = [i for i in todo if i in seen and i not in hinted]
                out.update(_windows_from_documents(con, missing, titles, hl, before, after))
        for doc_id in todo:  # no match anywhere: the head of the text
            body = heads.get(doc_id, ("", 0, 1))[0]
            out[doc_id] = Window(text=body[:before + after], start=0, line=None, title=titles[doc_id])
    else:
        out.update(_windows_from_documents(con, todo, titles, hl, before, after))
    return out


def _passages_at(con: duckdb.DuckDBPyConnection, pairs: set[tuple[str, int]] | None,
                 known: dict[tuple[str, int], int], span: tuple[int, int, list[str]] | None = None
                 ) -> list[tuple[Any, ...]]:
    """Rows (id, seq, start, chars, line, body) of these passages (or of passage numbers lo ≤ seq < hi of
    these documents), read by rowid: the rowids the loaded index knows are tried first and every row read
    through them is checked; the others are looked up on the small columns."""
    rows: list[tuple[Any, ...]] = []
    ask = set(pairs or ())
    guess = {known[p] for p in ask if p in known}
    if guess:
        got = con.execute("SELECT id, seq, start, chars, line, body FROM search.passage WHERE rowid IN "
                          "(SELECT unnest(?))", [sorted(guess)]).fetchall()
        rows = [r for r in got if (r[0], r[1]) in ask]
        ask -= {(r[0], r[1]) for r in rows}
    if ask or span is not None:
        if span is not None:
            found = con.execute("SELECT rowid FROM search.passage WHERE seq >= ? AND seq < ? AND id IN "
                                "(SELECT unnest(?))", list(span)).fetchall()
        else:
            found = [(r[0],) for r in con.execute(
                "SELECT rowid, id, seq FROM search.passage WHERE seq IN (SELECT unnest(?)) AND id IN (SELECT unnest(?))",
                [sorted({q for _, q in ask}), sorted({i for i, _ in ask})]).fetchall() if (r[1], r[2]) in ask]
        if found:
            rows += con.execute("SELECT id, seq, start, chars, line, body FROM search.passage WHERE rowid IN "
                                "(SELECT unnest(?))", [[r[0] for r in found]]).fetchall()
    return rows


def _windows_from_documents(con: duckdb.DuckDBPyConnection, ids: list[str], titles: dict[str, str],
                            hl: _Highlighter, before: int, after: int) -> dict[str, Window]:
    if not ids:
        return {}
    out = {}
    for doc_id, text in con.execute("SELECT id, text FROM core.document WHERE id IN (SELECT unnest(?))",
                                    [ids]).fetchall():
        text = text or ""
        first = first_match(text, hl)
        if first is None:
            out[doc_id] = Window(text=text[:before + after], start=0, line=None, title=titles.get(doc_id))
        else:
            a = max(0, first - before)
            out[doc_id] = Window(text=text[a:first + after], start=a, line=text.count("\n", 0, first) + 1,
                                 title=titles.get(doc_id))
    return out


def snippet_segments(text: str, hl: _Highlighter, width: int = 180) -> list[tuple[str, bool]]:
    """A window of ``text`` (whitespace folded) around the first match, as segments ``(text, is_match)``:
    pages escape every segment and wrap only the matches in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return []
    spans = _matches(text, hl)
    if not spans:
        return [(text[:width] + ("…" if len(text) > width else ""), False)]
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    segs: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = start
    for a, b in spans:
        if a < start:
            continue
        if a >= end:
            break
        if a > pos:
            segs.append((text[pos:a], False))
        segs.append((text[a:b], True))
        pos = b
    if pos < end:
        segs.append((text[pos:end], False))
    if end < len(text):
        segs.append(("…", False))
    return [s for s in segs if s[0]]


def snippet(text: str, hl: _Highlighter, width: int = 180) -> str:
    """A window of ``text`` around the first match with every match inside wrapped in <mark>…</mark>."""
    return "".join(f"<mark>{s}</mark>" if hit else s for s, hit in snippet_segments(text, hl, width))


def index_stats(db: Database) -> dict[str, int]:
    con = db.con
    if not has_index(con):
        return {"documents": 0, "events": 0, "postings": 0}
    rows = dict(con.execute("SELECT kind, count(*) FROM search.doc GROUP BY kind").fetchall())
    return {"documents": rows.get("document", 0), "events": rows.get("event", 0),
            "postings": con.execute("SELECT count(*) FROM search.posting").fetchall()[0][0]}
