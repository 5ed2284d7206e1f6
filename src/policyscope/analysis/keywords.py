"""Keyword contrast between two corpora (003: Chinese vs US policy texts): term frequency per 10,000 tokens
and the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) with its z-score.

A corpus is selected by a query: ``"jurisdiction=CHN"`` (documents in the database; further keys ``lang``,
``origin``, ``source``, ``from``, ``to``, ``kind=events`` for event titles and quotes, ``limit``; join keys
with ``;`` or ``&``), a path (a text file, a folder of ``.txt`` files, or a ``.jsonl`` whose lines have a
``text``/``content`` field) or a list of texts. Both corpora go through the same tokenizer
(``policyscope.ingest.text.tokens.tokenize``), and given terms are tokenized the same way and counted as
token sequences, so "software" matches "softwares" in English and 软件 matches jieba's 软件 in Chinese.

Prior: α_w = α₀ · (count of w in both corpora) / (tokens in both corpora), with α₀ = ``prior`` (default
1,000 pseudo-tokens). δ_w = log((y_aw+α_w)/(n_a+α₀−y_aw−α_w)) − log((y_bw+α_w)/(n_b+α₀−y_bw−α_w)),
var(δ_w) ≈ 1/(y_aw+α_w) + 1/(y_bw+α_w), z = δ_w/√var. Positive z: the term leans to corpus a.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    documents_table,
    resolve_jurisdictions,
    table,
)
from policyscope.analysis.params import AnalysisParams, Cli, CorpusQuery, Words, exists
from policyscope.errors import MissingFile
from policyscope.store.database import Database

QUERY_KEYS = ("jurisdiction", "lang", "origin", "source", "from", "to", "kind", "limit", "id")


def is_query(corpus: str) -> bool:
    """A ``key=value`` query over the database, not a path of this machine."""
    return "=" in corpus and not exists(corpus)


class KeywordsParams(AnalysisParams):
    """Parameters of :func:`keywords` (over the web the corpora must be queries: no server file is read)."""

    a: Annotated[CorpusQuery, Cli("--a")] = Field(
        description="Corpus a: key=value query (jurisdiction=CHN;from=2015-01-01) or, on the CLI, a path.")
    b: Annotated[CorpusQuery, Cli("--b")] = Field(description="Corpus b: query or, on the CLI, a path.")
    terms: Words = Field(None, description="Terms to compare (else the most distinctive each way).")
    lang: Literal["zh", "en"] | None = Field(None, description="zh or en (default: detected per text).")
    prior: float = Field(1000.0, gt=0, description="α₀ of the Dirichlet prior, in pseudo-tokens.")
    top: int = Field(30, ge=1, le=1000, description="Terms each way when no terms are given.")
    min_count: int = Field(5, ge=1, description="Least count of a term in both corpora (without terms).")

    def needs_db(self) -> bool:
        return is_query(self.a) or is_query(self.b)


class KeywordRow(BaseModel):
    term: str
    count_a: int
    count_b: int
    per10k_a: float
    per10k_b: float
    log_odds: float
    z: float


class Corpus(BaseModel):
    query: str
    documents: int
    tokens: int
    lang: str | None


class KeywordsResult(AnalysisResult):
    rows: list[KeywordRow]
    a: Corpus
    b: Corpus
    prior: float


def _parse_query(q: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in q.replace("&", ";").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise AnalysisError(f"corpus query {q!r}: expected key=value parts, got {part!r}")
        k, v = (x.strip() for x in part.split("=", 1))
        if k not in QUERY_KEYS:
            raise AnalysisError(f"corpus query {q!r}: unknown key {k!r} (known: {', '.join(QUERY_KEYS)})")
        out[k] = v
    return out


def load_corpus(db: Database | None, query: str | Path | Sequence[str]) -> tuple[list[str], str, str | None]:
    """Texts selected by a query, a path or a list; returns (texts, description, language hint)."""
    if isinstance(query, (list, tuple)):
        return [str(t) for t in query], f"{len(query)} texts given", None
    q = str(query)
    path = Path(q)
    if "=" not in q or exists(path):
        if not exists(path):
            raise MissingFile(f"corpus {q!r} is neither a key=value query nor an existing path")
        if path.is_dir():
            files = sorted(path.glob("*.txt"))
            if not files:
                raise AnalysisError(f"corpus folder {path} holds no .txt files")
            return [f.read_text(encoding="utf-8", errors="replace") for f in files], f"{len(files)} files in {path}", None
        if path.suffix == ".jsonl":
            texts = []
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AnalysisError(f"{path}:{i}: not JSON ({exc.msg})") from exc
                t = rec.get("text") or rec.get("content")
                if t:
                    texts.append(str(t))
            return texts, f"{len(texts)} records in {path}", None
        return [path.read_text(encoding="utf-8", errors="replace")], str(path), None
    if db is None:
        raise AnalysisError(f"corpus query {q!r} needs a database")
    p = _parse_query(q)
    kind = p.get("kind", "documents")
    if kind not in ("documents", "events"):
        raise AnalysisError(f"corpus query {q!r}: kind must be documents or events, not {kind!r}")
    texts = [t for t in _query_texts(db, p, kind, q) if t]
    if not texts:
        raise AnalysisError(f"corpus query {q!r} selects no {kind} with text")
    return texts, q, p.get("lang")


def _query_texts(db: Database, p: dict[str, str], kind: str, q: str) -> list[str]:
    """Texts of the documents or events a parsed query selects, as one Ibis expression (DuckDB or Spark)."""
    import ibis

    if kind == "events":
        t = table(db, "events")
        expr = t.filter(~t.review_state.isin(["rejected", "merged"]))
        date_col = "date"
    else:
        t = documents_table(db)
        if "text" not in t.columns:
            raise AnalysisError(f"corpus query {q!r}: these documents carry no texts (the Parquet export has none); "
                                "use kind=events or a path")
        expr = t.filter(t.text.notnull())
        date_col = "published"
        for key, col in (("lang", "lang"), ("origin", "origin"), ("source", "source_name"), ("id", "id")):
            if key in p:
                expr = expr.filter(expr[col] == p[key])
    if "jurisdiction" in p:
        expr = expr.filter(expr.jurisdiction.isin(resolve_jurisdictions(p["jurisdiction"]) or []))
    if "from" in p:
        expr = expr.filter(expr[date_col] >= ibis.literal(p["from"]).cast("date"))
    if "to" in p:
        expr = expr.filter(expr[date_col] <= ibis.literal(p["to"]).cast("date"))
    if kind == "events":
        expr = expr.order_by("id").select(text=ibis.literal(" ").join([expr.title, expr.title_en, expr.title_zh,
                                                                        expr.quote]))
    else:
        expr = expr.order_by("id").select("text")
    if "limit" in p:
        expr = expr.limit(int(p["limit"]))
    texts: list[str] = expr.to_pandas()["text"].tolist()
    return texts


def _tokens(texts: list[str], lang: str | None) -> list[list[str]]:
    from policyscope.ingest.text.tokens import tokenize

    return [tokenize(t, lang) for t in texts]


def _count_terms(docs: list[list[str]], terms: list[tuple[str, tuple[str, ...]]]) -> Counter[str]:
    c: Counter[str] = Counter()
    for toks in docs:
        for term, seq in terms:
            k = len(seq)
            if k == 0:
                continue
            if k == 1:
                c[term] += toks.count(seq[0])
            else:
                c[term] += sum(1 for i in range(len(toks) - k + 1) if tuple(toks[i:i + k]) == seq)
    return c


def keywords(
    db: Database | None,
    a: str | Path | Sequence[str],
    b: str | Path | Sequence[str],
    terms: Sequence[str] | None = None,
    lang: str | None = None,
    prior: float = 1000.0,
    top: int = 30,
    min_count: int = 5,
) -> KeywordsResult:
    """Frequencies per 10,000 tokens, log-odds with informative Dirichlet prior and z for terms (or the
    ``top`` most distinctive terms each way when no terms are given)."""
    ta, da, la = load_corpus(db, a)
    tb, dbb, lb = load_corpus(db, b)
    toks_a, toks_b = _tokens(ta, lang or la), _tokens(tb, lang or lb)
    n_a, n_b = sum(map(len, toks_a)), sum(map(len, toks_b))
    if n_a == 0 or n_b == 0:
        raise AnalysisError(f"corpus {'a' if n_a == 0 else 'b'} has no tokens")
    if terms:
        from policyscope.ingest.text.tokens import tokenize

        seqs = []
        for t in terms:
            seq = tuple(tokenize(t, lang, keep_stopwords=True))
            if not seq:
                raise AnalysisError(f"term {t!r} has no word tokens")
            seqs.append((t, seq))
        ca, cb = _count_terms(toks_a, seqs), _count_terms(toks_b, seqs)
        vocab = [t for t, _ in seqs]
        ya = {t: ca[t] for t in vocab}
        yb = {t: cb[t] for t in vocab}
        bg = {t: ya[t] + yb[t] for t in vocab}
        bg_total = n_a + n_b
    else:
        ya, yb = Counter(), Counter()
        for toks in toks_a:
            ya.update(toks)
        for toks in toks_b:
            yb.update(toks)
        vocab = [w for w in set(ya) | set(yb) if ya[w] + yb[w] >= min_count]
        bg = {w: ya[w] + yb[w] for w in vocab}
        bg_total = n_a + n_b
    rows = []
    for w in vocab:
        alpha = prior * max(bg[w], 0.5) / bg_total  # 0.5: a term absent from both still gets a tiny prior
        ya_w, yb_w = ya[w], yb[w]
        la_ = math.log((ya_w + alpha) / (n_a + prior - ya_w - alpha))
        lb_ = math.log((yb_w + alpha) / (n_b + prior - yb_w - alpha))
        delta = la_ - lb_
        var = 1.0 / (ya_w + alpha) + 1.0 / (yb_w + alpha)
        rows.append(KeywordRow(term=w, count_a=ya_w, count_b=yb_w, per10k_a=ya_w / n_a * 1e4,
                               per10k_b=yb_w / n_b * 1e4, log_odds=delta, z=delta / math.sqrt(var)))
    if terms:
        order = {t: i for i, t in enumerate(vocab)}
        rows.sort(key=lambda r: order[r.term])
    else:
        rows.sort(key=lambda r: -r.z)
        rows = rows[:top] + [r for r in rows[::-1][:top] if r not in rows[:top]]
    return KeywordsResult(
        analysis="keywords",
        params={"a": str(a) if not isinstance(a, (list, tuple)) else f"{len(a)} texts",
                "b": str(b) if not isinstance(b, (list, tuple)) else f"{len(b)} texts",
                "terms": list(terms) if terms else None, "lang": lang, "prior": prior, "top": top},
        rows=rows, a=Corpus(query=da, documents=len(ta), tokens=n_a, lang=lang or la),
        b=Corpus(query=dbb, documents=len(tb), tokens=n_b, lang=lang or lb), prior=prior,
        coverage=Coverage(with_data=len(ta) + len(tb), total=len(ta) + len(tb), note="documents in a and b"),
        notes=["z > 1.96: the term leans to corpus a at the 5 % level; z < −1.96: to corpus b"],
    )
