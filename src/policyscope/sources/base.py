"""The source-adapter contract. An adapter turns one source's raw download into a :class:`Bundle` of tidy
tables; the same parser serves three paths: preparing the Parquet snapshot shipped in the package
(``policyscope sources prepare``), building the database from that snapshot, and importing a newer download
of the same source (``policyscope sources import NAME PATH``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from policyscope.errors import SourceFailure

TABLES: dict[str, list[str]] = {
    "indicators": ["code", "name_en", "name_zh", "unit", "source", "licence", "definition", "formula"],
    "observations": ["indicator", "jurisdiction", "year", "value", "source", "vintage"],
    "edges": ["indicator", "year", "a", "b", "value"],
    "documents": ["id", "title", "lang", "origin", "source_name", "published", "jurisdiction", "text", "meta"],
    "events": [
        "id", "jurisdiction", "partners", "date", "date_precision", "title", "title_en", "title_zh", "issuer",
        "type", "domains", "status", "document_id", "line", "quote", "confidence", "origin", "url",
    ],
    # company-level figures (e.g. the EU Industrial R&D Scoreboard); optional, absent from most sources
    "companies": ["name", "jurisdiction", "region", "value", "unit", "year", "sector", "source"],
    # amounts a source states for its events (a curated budget with its citation); optional
    "amounts": ["event_id", "text", "value", "unit_text", "currency", "value_in_currency_units", "usd", "fx_rate",
                "fx_year", "citation"],
    # rows of a source that were not turned into events, each with the reason (counted in coverage)
    "excluded": ["source", "record_id", "title", "jurisdiction", "reason"],
}

# Event columns a source may supply beyond the required ones (missing ones are filled with nulls on load).
# level: international | supranational | national | subnational; subdivision: ISO 3166-2 code (CN-GD, BE-VLG);
# title_original/title_lang: the title in its own language; title_zh_origin: original | source | memory | editor;
# date_kind: what ``date`` is (issued | published | in_force | adopted | start | reported); date_issued,
# date_published, date_in_force kept apart; date_missing_reason says why an event has no date;
# source_record_id, licence, retrieved: the provenance row written to core.event_source; provenance: JSON
# {field: source} when a source merged several records.
EVENT_OPTIONAL: list[str] = [
    "level", "subdivision", "title_original", "title_lang", "title_zh_origin", "doc_number", "description",
    "date_kind", "date_issued", "date_published", "date_in_force", "date_missing_reason", "source_record_id",
    "licence", "retrieved", "provenance",
]
EVENT_LEVELS = ("international", "supranational", "national", "subnational")


class SourceError(SourceFailure, ValueError):
    """A raw source file that cannot be read: names the file and the reason."""


@dataclass
class Bundle:
    """Tidy tables produced by one adapter; any may be empty."""

    source: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    unknown_names: list[str] = field(default_factory=list)
    # rows read with a fallback (e.g. a line that was not UTF-8), each naming file, row and reason
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        df = self.tables.get(name)
        if df is None:
            return pd.DataFrame(columns=TABLES[name] + (EVENT_OPTIONAL if name == "events" else []))
        if name == "events":
            missing = [c for c in EVENT_OPTIONAL if c not in df.columns]
            if missing:
                df = df.assign(**{c: None for c in missing})
        return df

    def validate(self) -> None:
        for name, df in self.tables.items():
            if name not in TABLES:
                raise SourceError(f"{self.source}: unknown table {name!r}")
            missing = [c for c in TABLES[name] if c not in df.columns]
            if missing:
                raise SourceError(f"{self.source}: table {name} lacks columns {missing}")
            if name == "observations":
                if df["value"].isna().any():
                    raise SourceError(f"{self.source}: observations contain missing values")
                dup = df.duplicated(["indicator", "jurisdiction", "year"])
                if dup.any():
                    first = df[dup].iloc[0]
                    raise SourceError(
                        f"{self.source}: duplicate observation {first['indicator']} {first['jurisdiction']} {first['year']}"
                    )


class SourceAdapter:
    """Subclass per source; register with :func:`policyscope.sources.registry.register`."""

    name: ClassVar[str]
    title: ClassVar[str]
    licence: ClassVar[str]
    origin: ClassVar[str]
    processing: ClassVar[str]
    # raw files relative to the shared data folder, used by `sources prepare`
    raw_paths: ClassVar[tuple[str, ...]]
    # False for sources whose licence forbids shipping (tests read them from ../shared/data instead)
    bundled: ClassVar[bool] = True

    def read_raw(self, paths: list[Path]) -> Bundle:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def require(path: Path) -> Path:
        if not path.exists():
            raise SourceError(f"source file {path} does not exist")
        if path.stat().st_size == 0:
            raise SourceError(f"source file {path} is empty")
        return path
