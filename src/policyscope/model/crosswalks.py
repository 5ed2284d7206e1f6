"""Crosswalks between our vocabularies and STIP Compass's (EC-OECD), read from reviewed CSV files inside the
package, so that export (ours → STIP) and import (STIP → ours) read one file and can never disagree.

Each file has the columns ``our_code, stip_code, stip_label, relation, direction, note``:

- ``relation`` says how STIP's concept relates to ours: ``exact``, ``close``, ``narrower`` (STIP's is
  narrower), ``broader`` (STIP's is broader), ``related``, or ``none`` (no STIP concept; ``stip_code`` empty).
- ``direction`` says which way a row is read: ``both``, ``to_stip`` (export only) or ``from_stip`` (import only).

Invariants (checked by the tests): every STIP code is read back to exactly one of our codes; every one of our
codes has at least one ``to_stip`` or ``both`` row, possibly ``none`` (reported as "unmapped").
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel

CROSSWALKS = ("stip_instruments", "stip_themes")
UNMAPPED = "unmapped"

Relation = Literal["exact", "close", "narrower", "broader", "related", "none"]
Direction = Literal["both", "to_stip", "from_stip"]


class CrosswalkRow(BaseModel):
    our_code: str
    stip_code: str
    stip_label: str
    relation: Relation
    direction: Direction
    note: str = ""


class Crosswalk(BaseModel):
    name: str
    rows: list[CrosswalkRow]

    def to_stip(self, our_code: str) -> list[CrosswalkRow]:
        """STIP concepts for one of our codes, in file order (first = preferred); [] when the code is unknown
        or maps to nothing (``relation == 'none'``)."""
        return [r for r in self.rows if r.our_code == our_code and r.direction != "from_stip" and r.stip_code]

    def from_stip(self, code_or_label: str) -> str | None:
        """Our code for a STIP code (``PI024``, ``TH88``) or label (``Equity financing``); None if unknown."""
        key = code_or_label.strip().casefold()
        for r in self.rows:
            if r.direction != "to_stip" and key in (r.stip_code.casefold(), r.stip_label.casefold()):
                return r.our_code
        return None

    def our_codes(self) -> list[str]:
        return sorted({r.our_code for r in self.rows})


def _read(name: str) -> str:
    return resources.files("policyscope.model").joinpath("data", "crosswalks", f"{name}.csv").read_text("utf-8")


@cache
def crosswalk(name: str) -> Crosswalk:
    """Load a crosswalk by name (``stip_instruments`` or ``stip_themes``)."""
    if name not in CROSSWALKS:
        raise KeyError(f"unknown crosswalk {name!r} (known: {', '.join(CROSSWALKS)})")
    rows = [CrosswalkRow.model_validate(r) for r in csv.DictReader(io.StringIO(_read(name)))]
    return Crosswalk(name=name, rows=rows)


def crosswalk_text(name: str) -> str:
    """The crosswalk file as shipped (for exports that carry it beside the data)."""
    crosswalk(name)
    return _read(name)
