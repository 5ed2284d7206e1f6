"""Shared pieces of every analysis: the result model, jurisdiction resolution, and reading observations
and edges through Ibis over the DuckDB connection (one expression per read, compiled to SQL by Ibis).

Every analysis returns a pydantic result with ``rows`` (pydantic rows), the coverage of the data it used,
and the sources/vintages behind it, so that the CLI, the API, the web pages and the reports show the same
numbers with the same caveats. Missing data stays missing: nothing here fills gaps with zero.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar, cast

import pandas as pd
from pydantic import BaseModel, Field

from policyscope.analysis.lists import split_list
from policyscope.errors import InputError
from policyscope.model import registry
from policyscope.model.jurisdictions import subdivision_names
from policyscope.store.database import Database

COUNTRY_KINDS = ("country", "territory")
T = TypeVar("T")


class AnalysisError(InputError):
    """Bad analysis input (unknown indicator, year without data…): the message names input and reason.
    An :class:`~policyscope.errors.InputError` (hence a ``ValueError``), so every edge answers it as bad input."""


class Coverage(BaseModel):
    """How many of the jurisdictions asked about had data; the missing ones are listed, never dropped silently."""

    with_data: int
    total: int
    missing: list[str] = Field(default_factory=list)
    note: str | None = None

    @property
    def ratio(self) -> float | None:
        return self.with_data / self.total if self.total else None


class AnalysisResult(BaseModel):
    """Base of every result: ``rows`` plus metadata. ``to_frame()`` gives the rows as a DataFrame."""

    analysis: str
    params: dict[str, Any] = Field(default_factory=dict)
    rows: list[Any] = Field(default_factory=list)
    coverage: Coverage | None = None
    sources: list[str] = Field(default_factory=list)
    vintages: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        if not self.rows:
            fields = self._row_fields()
            return pd.DataFrame(columns=fields)
        return pd.DataFrame([r.model_dump() if isinstance(r, BaseModel) else dict(r) for r in self.rows])

    def _row_fields(self) -> list[str]:
        ann = type(self).model_fields["rows"].annotation
        args = getattr(ann, "__args__", ())
        if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return list(args[0].model_fields)
        return []


# -- Ibis backend ---------------------------------------------------------------------------------------
_IBIS: weakref.WeakKeyDictionary[Database, Any] = weakref.WeakKeyDictionary()


def ibis_backend(db: Database) -> Any:
    """One Ibis DuckDB backend per open database, on a cursor of its connection (same file handle, separate
    result state, so an unfinished ``db.scalar`` result never blocks an Ibis query). A source that brings its
    own Ibis backend (``ParquetTables`` of :mod:`policyscope.analysis.backends`: Spark over the Parquet
    export) is read through that one: the analyses' expressions are the same on both."""
    own = getattr(db, "ibis", None)
    if own is not None:
        return own
    backend = _IBIS.get(db)
    if backend is None:
        import ibis

        backend = ibis.duckdb.from_connection(db.con.cursor())
        _IBIS[db] = backend
    return backend


def table(db: Database, name: str) -> Any:
    return ibis_backend(db).table(name)


def events_table(db: Database) -> Any:
    """Events with their ``origin``: the store's ``core.event``; on another backend, the exported ``events``."""
    if isinstance(db, Database):
        return ibis_backend(db).table("event", database="core")
    return table(db, "events")


def documents_table(db: Database) -> Any:
    """Documents with their text: the store's ``core.document``; on another backend, the exported ``documents``."""
    if isinstance(db, Database):
        return ibis_backend(db).table("document", database="core")
    return table(db, "documents")


# -- jurisdictions ----------------------------------------------------------------------------------------
def resolve_jurisdictions(names: str | Iterable[str] | None) -> list[str] | None:
    """Names in Chinese or English, codes or aliases (a string is split on , ， 、; list items are whole
    names, so "Korea, Rep." stays one) → codes, in order.

    Raises UnknownJurisdictionError / AmbiguousJurisdictionError naming the bad input.
    """
    if names is None:
        return None
    if isinstance(names, str):
        names = split_list(names) or []
    reg = registry()
    out: list[str] = []
    for n in names:
        code = reg.resolve_code(n)
        if code not in out:
            out.append(code)
    return out or None


def country_codes(kinds: Sequence[str] = COUNTRY_KINDS) -> list[str]:
    return sorted(c for c, j in registry().by_code.items() if j.kind in kinds)


def names_of(code: str) -> tuple[str, str]:
    """(English, Chinese) display names of a code; the code itself when unknown."""
    j = registry().by_code.get(code)
    if j:
        return j.name_en, j.name_zh
    return subdivision_names(code) or (code, code)


# -- indicators and observations ----------------------------------------------------------------------------
def catalogue_entry(db: Database, code: str) -> dict[str, Any] | None:
    """Catalogue entry of an indicator, or None (for a caller to whom an unknown code is no error)."""
    info = kept(db, ("indicators",), lambda: _catalogue(db)).get(code)  # a few hundred entries, by code
    return None if info is None else dict(info)


def indicator_info(db: Database, code: str) -> dict[str, Any]:
    """Catalogue entry of an indicator; an unknown code is an error that suggests near codes."""
    info = catalogue_entry(db, code)
    if info is None:
        entries = kept(db, ("indicators",), lambda: _catalogue(db))
        from rapidfuzz.distance import JaroWinkler

        near = sorted(entries, key=lambda c: (-JaroWinkler.similarity(c.upper(), code.upper()), c))[:3]
        raise AnalysisError(f"unknown indicator {code!r} (did you mean: {', '.join(near)}?)")
    return info


def _catalogue(db: Database) -> dict[str, dict[str, Any]]:
    """The indicator catalogue by code (a compare view asks for 40 entries: filtering a frame cost 1.5 ms each)."""
    rows = table(db, "indicators").to_pandas().to_dict("records")
    return {r["code"]: {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows}


def observations(
    db: Database,
    indicator: str,
    years: Iterable[int] | None = None,
    jurisdictions: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Observations of one indicator (columns jurisdiction, year, value, source, vintage) via Ibis.

    Each indicator's rows are read once per database that cannot change (:func:`kept`)."""
    df = _indicator_rows(db, indicator)
    if years is not None:
        df = df[df["year"].isin([int(y) for y in years])]
    if jurisdictions is not None:
        df = df[df["jurisdiction"].isin(list(jurisdictions))]
    return df.reset_index(drop=True)


# reads kept per database that cannot change: a read-only database object, or a web snapshot by its number
# (a new object per request, the same rows)
_BY_DB: weakref.WeakKeyDictionary[Database, OrderedDict[Hashable, Any]] = weakref.WeakKeyDictionary()
_BY_SNAPSHOT: OrderedDict[int, OrderedDict[Hashable, Any]] = OrderedDict()
_KEEP_READS, _KEEP_SNAPSHOTS = 128, 4  # a few MB at most
_KEPT_LOCK = threading.Lock()


def _kept_reads(db: Database) -> OrderedDict[Hashable, Any] | None:
    """The reads kept for ``db``; None for a database that may change (nothing kept)."""
    if not isinstance(db, Database) or not db.read_only:
        return None
    snap = getattr(db, "snapshot_number", None)
    if not snap:
        return _BY_DB.setdefault(db, OrderedDict())
    if snap not in _BY_SNAPSHOT:
        _BY_SNAPSHOT[snap] = OrderedDict()
        while len(_BY_SNAPSHOT) > _KEEP_SNAPSHOTS:  # older snapshots
            _BY_SNAPSHOT.popitem(last=False)
    return _BY_SNAPSHOT[snap]


def kept(db: Database, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, done once per database that cannot change under us (a web snapshot, a file opened
    read-only): a report or a page asks for the same rows many times. Callers must not change the result."""
    with _KEPT_LOCK:
        reads = _kept_reads(db)
        if reads is not None and key in reads:
            reads.move_to_end(key)
            return cast(T, reads[key])
    value = read()
    if reads is not None:
        with _KEPT_LOCK:
            reads[key] = value
            while len(reads) > _KEEP_READS:
                reads.popitem(last=False)
    return value


def _indicator_rows(db: Database, indicator: str) -> pd.DataFrame:
    def read() -> pd.DataFrame:
        o = table(db, "observations")
        expr = o.filter(o.indicator == indicator).select("jurisdiction", "year", "value", "source", "vintage")
        return expr.order_by(["jurisdiction", "year"]).to_pandas()  # ordered: sums are equal on every backend

    return kept(db, ("observations", indicator), read)


def wide(db: Database, indicator: str, years: Iterable[int], jurisdictions: Iterable[str] | None = None) -> pd.DataFrame:
    """jurisdiction × year table of one indicator (NaN where missing)."""
    df = observations(db, indicator, years, jurisdictions)
    if df.empty:
        return pd.DataFrame()
    return df.pivot_table(index="jurisdiction", columns="year", values="value", aggfunc="first")


def provenance(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Distinct sources and vintages of the observations used."""
    if df is None or df.empty:
        return [], []
    src = sorted({str(s) for s in df.get("source", pd.Series(dtype=str)).dropna()})
    vin = sorted({str(v) for v in df.get("vintage", pd.Series(dtype=str)).dropna()})
    if len(src) > 5:  # group sums carry one "sum over n of m" line per value; keep it short
        src = src[:5] + [f"… {len(src) - 5} more"]
    return src, vin


def require_data(df: pd.DataFrame, indicator: str, year: int | str) -> None:
    if df.empty:
        raise AnalysisError(f"indicator {indicator!r} has no observations for {year}")


def clean(v: Any) -> Any:
    """NaN → None so that JSON never carries NaN."""
    if v is None:
        return None
    try:
        if v != v:
            return None
    except (TypeError, ValueError):
        return v
    return float(v) if hasattr(v, "dtype") and getattr(v.dtype, "kind", "") == "f" else v
