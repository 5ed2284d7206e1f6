"""The tantivy index: a directory per catalogue stamp, made before a query is answered.

The index of a database is ``<db>.search/<stamp>/`` (or ``$POLICYSCOPE_SEARCH_DIR/<stamp>/``), where ``stamp``
is the catalogue's version (:mod:`policyscope.store.search.catalog`), read in the query's own transaction. A
directory gets its name only when it is complete (made under a temporary name, then renamed), and is never
written again, so the index a query uses is exactly the catalogue it sees — whatever process made it, after
a killed ingest, after ``build`` swapped in a new file. A missing directory is made from the newest one
present: its segment files are hard-linked (immutable in tantivy), items whose stamp changed or that are gone
are deleted, new ones tokenized and added — an ingest batch costs the new documents only. Chinese is
segmented by jieba before tantivy sees it (the Python binding cannot register a Python tokenizer): the
``tokens`` field holds the pre-tokenized text joined by spaces, split by tantivy's whitespace tokenizer."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import tantivy

from policyscope.settings import settings
from policyscope.store.errors import NoSearchIndex
from policyscope.store.search.catalog import catalogue, document_rows, event_texts, index_version
from policyscope.store.search.text import analyze

MANIFEST = "items.parquet"  # (key, kind, id, stamp) of every item in the index; written last
KINDS = ("event", "document", "passage")  # one tantivy index each, in sub-directories
KEEP_DIRS = 6  # index directories kept per root (the newest): the current one and bases for the next
_DOC_CHUNK = 50  # documents read and tokenized per round
_HEAP = {"event": 15_000_000, "document": 30_000_000, "passage": 50_000_000}  # tantivy writer memory, bytes
PASSAGE_CHARS = 2000  # documents are also indexed as passages of about this length, for snippets
PASSAGE_OVERLAP = 60  # a passage's stored text runs this far into the next one, so a term starting in it is whole
_EVENT_CHUNK = 2000
ProgressFn = Callable[[int, int], None]


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("key", indexed=True, fast=True)  # the item's number in the manifest
    sb.add_text_field("tokens", tokenizer_name="whitespace", index_option="freq")
    # passages of a document (for snippets): its key, number, offset, line, and text running a little into the
    # next passage
    sb.add_unsigned_field("doc", indexed=True, fast=True)
    sb.add_unsigned_field("seq", fast=True)
    sb.add_unsigned_field("start", stored=True)
    sb.add_unsigned_field("chars", stored=True)
    sb.add_unsigned_field("line", stored=True)
    sb.add_bytes_field("body", stored=True)
    return sb.build()


SCHEMA = _schema()


def index_root(db_path: Path | str) -> Path:
    """Where the index directories of this database live (``POLICYSCOPE_SEARCH_DIR``, else beside it)."""
    configured = settings().search_dir
    return configured if configured else Path(f"{db_path}.search")


def token_text(text: str) -> str:
    """The text as tantivy indexes it: our tokens joined by spaces (a token never holds one)."""
    return " ".join(t.replace(" ", "_") for t in analyze(text))


@dataclass
class OpenIndex:
    """An opened index directory: a searcher per kind (events, documents, passages of documents — apart, so
    that BM25's statistics are those of one kind, as short event texts and long documents need) and the
    manifest: ``kinds[key]``/``ids[key]`` name the item of a key."""

    stamp: str
    path: Path
    searchers: dict[str, tantivy.Searcher]
    kinds: np.ndarray
    ids: np.ndarray
    keys: dict[tuple[str, str], int] = field(default_factory=dict)
    made_s: float = 0.0  # time spent making the directory (0: it was there)

    def searcher(self, kind: str) -> tantivy.Searcher:
        return self.searchers[kind]

    def count(self, kind: str) -> int:
        return sum(1 for k in self.keys if k[0] == kind)


def _read_manifest(path: Path) -> pa.Table:
    return pq.read_table(path / MANIFEST)


def _complete_dirs(root: Path) -> list[Path]:
    """Finished index directories, newest first."""
    if not root.is_dir():
        return []
    out = [p for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file()
           and all((p / k).is_dir() for k in KINDS)]
    return sorted(out, key=lambda p: (p / MANIFEST).stat().st_mtime_ns, reverse=True)


def _link_copy(src: Path, dst: Path) -> None:
    """Copy a tantivy index directory: segment files hard-linked (tantivy never changes one), the JSON
    metadata copied (rewritten by the next commit), lock files left behind."""
    dst.mkdir(parents=True)
    for f in src.iterdir():
        if f.name.endswith(".lock") or f.name == MANIFEST or not f.is_file():
            continue
        if f.suffix == ".json":
            shutil.copy2(f, dst / f.name)
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)


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


def passages(text: str) -> list[tuple[int, int, int]]:
    """(start, chars, line) of each passage of a text (line: 1-based, of the passage's first character)."""
    starts = _split(text)
    out, line = [], 1
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        out.append((start, end - start, line))
        line += text.count("\n", start, end)
    return out


def _document(key: int, title: str, text: str) -> tuple[tantivy.Document, list[tantivy.Document]]:
    """A document and its passages, each tokenized once (the document's tokens are its passages' tokens)."""
    toks = [token_text(title)]
    out = []
    for seq, (start, chars, line) in enumerate(passages(text) if text else []):
        piece = token_text(text[start:start + chars])
        toks.append(piece)
        p = tantivy.Document()
        p.add_unsigned("doc", key)
        p.add_unsigned("seq", seq)
        p.add_unsigned("start", start)
        p.add_unsigned("chars", chars)
        p.add_unsigned("line", line)
        p.add_text("tokens", piece)
        p.add_bytes("body", text[start:start + chars + PASSAGE_OVERLAP].encode("utf-8"))
        out.append(p)
    d = tantivy.Document()
    d.add_unsigned("key", key)
    d.add_text("tokens", " ".join(toks))
    return d, out


def _add_documents(con: duckdb.DuckDBPyConnection, writers: dict[str, Any], keys: dict[str, int],
                   tick: Callable[[int], None]) -> None:
    for rows in document_rows(con, set(keys), _DOC_CHUNK):
        for doc_id, title, text in rows:
            d, parts = _document(keys[doc_id], title, text)
            writers["document"].add_document(d)
            for p in parts:
                writers["passage"].add_document(p)
        tick(len(rows))


def _add_events(con: duckdb.DuckDBPyConnection, writers: dict[str, Any], ids: list[str], keys: dict[str, int],
                tick: Callable[[int], None]) -> None:
    for start in range(0, len(ids), _EVENT_CHUNK):
        chunk = ids[start:start + _EVENT_CHUNK]
        for eid, text in event_texts(con, chunk):
            d = tantivy.Document()
            d.add_unsigned("key", keys[eid])
            d.add_text("tokens", token_text(text))
            writers["event"].add_document(d)
        tick(len(chunk))


def make_index(con: duckdb.DuckDBPyConnection, root: Path, stamp: str, *, full: bool = False,
               progress: ProgressFn | None = None) -> Path:
    """Make the directory ``root/stamp`` from the catalogue ``con`` sees (read on ``con`` itself, so a
    connection inside its own write transaction indexes what it wrote). ``full``: from nothing, not from the
    newest directory present."""
    want = {(k, i): s for k, i, s in catalogue(con)}
    root.mkdir(parents=True, exist_ok=True)
    bases = [] if full else _complete_dirs(root)
    tmp = root / f".tmp-{uuid.uuid4().hex}"
    try:
        have: dict[tuple[str, str], tuple[int, str]] = {}
        tmp.mkdir(parents=True)
        for kind in KINDS:
            if bases:
                _link_copy(bases[0] / kind, tmp / kind)
            else:
                (tmp / kind).mkdir()
        if bases:
            m = _read_manifest(bases[0]).to_pydict()
            have = {(k, i): (key, s) for key, k, i, s in zip(m["key"], m["kind"], m["id"], m["stamp"], strict=True)}
            if sum(1 for item, (_, s) in have.items() if want.get(item) != s) > max(100, len(have) // 4):
                # mostly another state (e.g. another database in a shared folder): its deleted items would
                # weigh in BM25's statistics, and most items must be tokenized anyway — start from nothing
                bases, have = [], {}
                shutil.rmtree(tmp)
                tmp.mkdir(parents=True)
                for kind in KINDS:
                    (tmp / kind).mkdir()
        drop = [(item[0], key) for item, (key, s) in have.items() if want.get(item) != s]
        add = [item for item, s in want.items() if have.get(item, (0, None))[1] != s]
        kept = {item: v for item, v in have.items() if want.get(item) == v[1]}
        next_key = max((key for key, _ in have.values()), default=-1) + 1
        new_keys = {item: next_key + n for n, item in enumerate(add)}
        if drop or add or not bases:
            indexes = {k: tantivy.Index(SCHEMA, path=str(tmp / k), reuse=True) for k in KINDS}
            writers = {k: ix.writer(heap_size=_HEAP[k], num_threads=1) for k, ix in indexes.items()}
            for kind, field in (("event", "key"), ("document", "key"), ("passage", "doc")):
                gone = [key for k, key in drop if k == (kind if kind != "passage" else "document")]
                if gone:  # (by query: a delete by term does not match a u64 field given a Python int)
                    writers[kind].delete_documents_by_query(tantivy.Query.term_set_query(SCHEMA, field, gone))
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress(done[0], len(add))

            _add_documents(con, writers, {i: new_keys[(k, i)] for k, i in add if k == "document"}, tick)
            _add_events(con, writers, [i for k, i in add if k == "event"],
                        {i: new_keys[(k, i)] for k, i in add if k == "event"}, tick)
            for w in writers.values():
                w.commit()
                w.wait_merging_threads()
        rows = [(key, k, i, s) for (k, i), (key, s) in kept.items()]
        rows += [(new_keys[item], item[0], item[1], want[item]) for item in add]
        cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
        pq.write_table(pa.table({"key": pa.array(cols[0], pa.int64()), "kind": pa.array(cols[1], pa.string()),
                                 "id": pa.array(cols[2], pa.string()), "stamp": pa.array(cols[3], pa.string())}),
                       tmp / MANIFEST)
        final = root / stamp
        if full and final.exists():
            trash = root / f".old-{uuid.uuid4().hex}"
            final.rename(trash)
            shutil.rmtree(trash, ignore_errors=True)
        try:
            tmp.rename(final)
        except OSError:  # another process made it first: the same catalogue, so the same index
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _collect(root, keep=final)
    return final


def _collect(root: Path, keep: Path) -> None:
    """Remove the directories beyond the KEEP_DIRS most recently used that nobody used for an hour (``keep``
    always stays; a folder shared by several copies of a database keeps each copy's current index), and
    temporary leftovers of killed runs. A process still searching a removed directory keeps its open files."""
    now = time.time()
    for p in _complete_dirs(root)[KEEP_DIRS:]:
        try:
            idle = now - (p / MANIFEST).stat().st_mtime
        except FileNotFoundError:
            continue
        if p != keep and idle > 3600:
            shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(".tmp-*"):
        try:
            if now - p.stat().st_mtime > 3600:
                shutil.rmtree(p, ignore_errors=True)
        except FileNotFoundError:
            pass


def _searcher(path: Path) -> tantivy.Searcher:
    index = tantivy.Index.open(str(path))
    index.config_reader(reload_policy="Manual")
    return index.searcher()


def _open(path: Path, stamp: str) -> OpenIndex:
    with contextlib.suppress(OSError):  # (a read-only folder: nothing is collected there either)
        os.utime(path / MANIFEST)  # "used now": the newest directories are kept
    m = _read_manifest(path).to_pydict()
    size = max(m["key"], default=-1) + 1
    kinds = np.empty(size, dtype=object)
    ids = np.empty(size, dtype=object)
    kinds[m["key"]] = m["kind"]
    ids[m["key"]] = m["id"]
    keys = {(k, i): key for key, k, i in zip(m["key"], m["kind"], m["id"], strict=True)}
    return OpenIndex(stamp=stamp, path=path, searchers={k: _searcher(path / k) for k in KINDS}, kinds=kinds,
                     ids=ids, keys=keys)


_OPEN: dict[tuple[str, str], OpenIndex] = {}
_LOCK = threading.Lock()
_OPEN_KEEP = 4
CACHE_STATS = {"opened": 0, "made": 0, "hits": 0}


def current_index(con: duckdb.DuckDBPyConnection, db_path: Path | str, *, full: bool = False,
                  progress: ProgressFn | None = None) -> OpenIndex:
    """The index of the catalogue ``con`` sees, made first when its directory is missing (or ``full``)."""
    stamp = index_version(con)
    if stamp is None:
        raise NoSearchIndex(f"{db_path} has no search index yet; run `policyscope search --reindex` once")
    root = index_root(db_path)
    key = (str(root), stamp)
    hit = None if full else _OPEN.get(key)
    if hit is not None:  # (a directory removed since stays readable through the files this process holds)
        CACHE_STATS["hits"] += 1
        return hit
    with _LOCK:  # one maker per process; other processes race by rename
        hit = None if full else _OPEN.get(key)
        if hit is not None:
            return hit
        t = time.perf_counter()
        made = 0.0
        path = root / stamp
        if full or not (path / MANIFEST).is_file():
            path = make_index(con, root, stamp, full=full, progress=progress)
            made = time.perf_counter() - t
            CACHE_STATS["made"] += 1
        opened = _open(path, stamp)
        opened.made_s = made
        CACHE_STATS["opened"] += 1
        _OPEN[key] = opened
        while len(_OPEN) > _OPEN_KEEP:
            _OPEN.pop(next(iter(_OPEN)))
        return opened


def clear_cache() -> None:
    """Forget the opened indexes (the directories stay)."""
    with _LOCK:
        _OPEN.clear()
