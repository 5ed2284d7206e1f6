"""The records that cross stage boundaries: documents, policy events with amounts and evidence,
indicators, observations and edges. Validated here so that every stage can trust its input."""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from policyscope.model.taxonomy import DOMAINS, EVENT_TYPES, STATUSES

DatePrecision = Literal["day", "month", "year"]
ReviewState = Literal["auto", "accepted", "edited", "rejected", "merged"]


class Document(BaseModel):
    """A source file or page, stored once by the SHA-256 of its bytes."""

    id: str = Field(description="sha256 of the original bytes")
    title: str
    lang: str = Field(description="zh, en, mixed or other ISO 639-1 code")
    origin: str = Field(description="file path, URL or dataset name it came from")
    source_name: str | None = None
    published: dt.date | None = None
    jurisdiction: str | None = None
    text: str = ""
    needs_ocr: bool = False
    meta: dict[str, str] = Field(default_factory=dict)

    @property
    def chars(self) -> int:
        return len(self.text)

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class Amount(BaseModel):
    """A money amount as written, in plain currency units, and in US$ at the event year's rate."""

    text: str
    value: float = Field(description="the number as written, e.g. 462 in 462亿美元")
    unit_text: str | None = Field(default=None, description="the unit as written, e.g. 亿美元, billion")
    currency: str = Field(description="ISO 4217 code")
    value_in_currency_units: float
    usd: float | None = None
    fx_rate: float | None = Field(default=None, description="currency units per US$ used for the conversion")
    fx_year: int | None = None


class Evidence(BaseModel):
    """Where an event is stated: document, 1-based line, character offsets in the text, and the quote."""

    document_id: str | None = None
    line: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    quote: str


class PolicyEvent(BaseModel):
    """One strategy, law, plan, budget line, institution, standard, guideline, agreement, report or
    corporate investment, with its evidence."""

    id: str | None = None
    jurisdiction: str
    partners: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    title: str
    title_en: str | None = None
    title_zh: str | None = None
    issuer: str | None = None
    type: str = "other"
    domains: list[str] = Field(default_factory=list)
    status: str = "unknown"
    amounts: list[Amount] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = 1.0
    origin: str = Field(default="manual", description="agora, oecd_ai, nat_ai, extracted, manual")
    review_state: ReviewState = "auto"
    url: str | None = None

    @field_validator("type")
    @classmethod
    def _type_known(cls, v: str) -> str:
        if v not in EVENT_TYPES:
            raise ValueError(f"unknown event type {v!r}; known: {', '.join(EVENT_TYPES)}")
        return v

    @field_validator("domains")
    @classmethod
    def _domains_known(cls, v: list[str]) -> list[str]:
        bad = [d for d in v if d not in DOMAINS]
        if bad:
            raise ValueError(f"unknown domains {bad}; known: {', '.join(DOMAINS)}")
        return sorted(set(v), key=v.index)

    @field_validator("status")
    @classmethod
    def _status_known(cls, v: str) -> str:
        if v not in STATUSES:
            raise ValueError(f"unknown status {v!r}; known: {', '.join(STATUSES)}")
        return v

    @property
    def amount_usd(self) -> float | None:
        vals = [a.usd for a in self.amounts if a.usd is not None]
        return max(vals) if vals else None

    def stable_id(self) -> str:
        """Deterministic id so that re-importing the same event finds the same row."""
        key = "|".join([self.origin, self.jurisdiction, self.title.strip().casefold(), str(self.date or "")])
        return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Indicator(BaseModel):
    """An indicator's catalogue entry."""

    code: str
    name_en: str
    name_zh: str
    unit: str
    source: str
    licence: str
    definition: str = ""
    formula: str | None = Field(default=None, description="declared formula for derived indicators")


class Observation(BaseModel):
    indicator: str
    jurisdiction: str
    year: int
    value: float
    source: str
    vintage: str


class Edge(BaseModel):
    indicator: str
    year: int
    a: str
    b: str
    value: float


class HistoryEntry(BaseModel):
    event_id: str
    changed_at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
