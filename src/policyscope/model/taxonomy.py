"""Versioned taxonomies (event types, domains, status, newsletter columns, ecosystem frame) read from
data files inside the package, so that a change of vocabulary is a reviewed data change, not code."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, Field

TAXONOMY_NAMES = ("event_types", "domains", "status", "newsletter_columns")


class Term(BaseModel):
    code: str
    en: str
    zh: str
    terms_en: list[str] = Field(default_factory=list)
    terms_zh: list[str] = Field(default_factory=list)
    event_types: list[str] = Field(default_factory=list)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Taxonomy(BaseModel):
    name: str
    version: str
    items: list[Term]

    def codes(self) -> list[str]:
        return [t.code for t in self.items]

    def get(self, code: str) -> Term:
        for t in self.items:
            if t.code == code:
                return t
        raise KeyError(f"{code!r} is not in taxonomy {self.name} (known: {', '.join(self.codes())})")

    def label(self, code: str, lang: str) -> str:
        return self.get(code).label(lang)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("policyscope.model").joinpath("data", "taxonomy", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def taxonomy(name: str) -> Taxonomy:
    """Load one taxonomy by name (``event_types``, ``domains``, ``status``, ``newsletter_columns``)."""
    if name not in TAXONOMY_NAMES:
        raise KeyError(f"unknown taxonomy {name!r} (known: {', '.join(TAXONOMY_NAMES)})")
    return Taxonomy.model_validate(_read(name))


@lru_cache(maxsize=1)
def ecosystem_frame() -> dict[str, Any]:
    """004's frame: actors / factors / environment and supply / demand / environment policy tools."""
    return _read("ecosystem_frame")


EVENT_TYPES: tuple[str, ...] = tuple(taxonomy("event_types").codes())
DOMAINS: tuple[str, ...] = tuple(taxonomy("domains").codes())
STATUSES: tuple[str, ...] = tuple(taxonomy("status").codes())
