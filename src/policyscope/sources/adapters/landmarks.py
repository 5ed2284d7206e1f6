"""Curated landmark policies: the most cited national AI, data, chip and digital strategies and laws of the major
economies, one row each in ``model/data/landmarks.csv`` with the official URL, the exact date and a citation.

Why: some landmarks are in no open list we hold (the EU Data Act, DSA, DMA and Chips Act, the US CHIPS and
Science Act, the UK Online Safety Act), and the lists that hold the others give a year only. Each row also names
the policy's other titles (``aliases``, any language) so the build's merge step folds every source record of the
same policy into this one event (``store/merge.py``); the row's own source name is ``landmarks``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path

import pandas as pd

from policyscope.model.taxonomy import DOMAINS
from policyscope.sources import fx
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.event_rows import Rows, level_of
from policyscope.sources.registry import register

LICENCE = "curated by policyscope from the official publications cited per row (facts; official texts)"
NEED = ["key", "jurisdiction", "title", "title_zh", "date", "date_kind", "date_in_force", "doc_number", "type",
        "domains", "url", "aliases", "citation", "amount_text", "amount", "currency", "amount_kind", "amount_citation"]
AMOUNT_KINDS = ("budget", "investment")  # public money the policy commits | investment it is to mobilise
_STATED = re.compile(r"([\d.,]+)\s*(thousand|million|billion|trillion|crore|lakh)?", re.I)


def landmark_text(path: Path | None = None) -> tuple[str, str]:
    """The landmark file's text and name: the packaged file unless a path is given."""
    if path is not None:
        SourceAdapter.require(path)
        return path.read_text("utf-8"), path.name
    res = resources.files("policyscope.model").joinpath("data", "landmarks.csv")
    return res.read_text("utf-8"), "landmarks.csv"


@register
class Landmarks(SourceAdapter):
    name = "landmarks"
    title = "Curated landmark policies (official texts, one row each with its citation)"
    licence = LICENCE
    origin = "policyscope model/data/landmarks.csv (official URLs per row)"
    processing = "one event per row; aliases drive the cross-source merge"
    raw_paths = ()

    def read_raw(self, paths: list[Path]) -> Bundle:
        text, fname = landmark_text(Path(paths[0]) if paths else None)
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in NEED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{fname}: the column set changed — missing {missing}")
        rows = Rows(self.name)
        amounts: list[dict[str, object]] = []
        for i, r in enumerate(reader, start=2):
            doms = [d for d in r["domains"].split("|") if d]
            bad = [d for d in doms if d not in DOMAINS]
            if bad or not r["title"] or not r["url"]:
                raise SourceError(f"{fname} row {i}: unknown domains {bad} or no title / URL")
            rows.add(
                id=f"ev_landmark_{r['key']}", jurisdiction=r["jurisdiction"], level=level_of(r["jurisdiction"]),
                title=r["title"], title_en=r["title"], title_zh=r["title_zh"] or None,
                title_zh_origin="original" if r["jurisdiction"] == "CHN" else "editor",
                title_original=r["title_zh"] if r["jurisdiction"] == "CHN" else None,
                title_lang="zh" if r["jurisdiction"] == "CHN" else None,
                date=r["date"], date_precision="day", date_kind=r["date_kind"],
                date_issued=r["date"] if r["date_kind"] in ("issued", "adopted") else None,
                date_published=r["date"] if r["date_kind"] == "published" else None,
                date_in_force=r["date_in_force"] or None, doc_number=r["doc_number"] or None, type=r["type"],
                domains=doms, status="adopted", url=r["url"], source_record_id=r["key"], licence=LICENCE,
                retrieved="curated 2026-12", description=r["citation"],
                provenance=json.dumps({"aliases": [a for a in r["aliases"].split("|") if a],
                                       "citation": r["citation"]}, ensure_ascii=False),
            )
            if r["amount"]:
                amounts.append(stated_amount(r, f"{fname} row {i}"))
        tables = rows.frames()
        tables["amounts"] = pd.DataFrame(amounts, columns=TABLES["amounts"])
        return Bundle(self.name, tables, [], [])


def stated_amount(r: dict[str, str], where: str) -> dict[str, object]:
    """A landmark's stated budget or investment as an amount row: in US$ at the average rate of the policy's
    year (the latest year with a rate when the policy is newer), the citation saying what it covers."""
    try:
        units = float(r["amount"])
        year = int(r["date"][:4])
    except ValueError:
        raise SourceError(f"{where}: amount {r['amount']!r} or date {r['date']!r} is not a number / date") from None
    if r["amount_kind"] not in AMOUNT_KINDS or not r["amount_text"] or not r["amount_citation"]:
        raise SourceError(f"{where}: an amount needs amount_text, amount_citation and a kind in {AMOUNT_KINDS}")
    cur = fx.normalise_currency(r["currency"])
    fx_year = min(year, fx.latest_year(cur))
    usd, rate = fx.to_usd(units, cur, fx_year)
    m = _STATED.search(r["amount_text"])
    return {"event_id": f"ev_landmark_{r['key']}", "text": r["amount_text"],
            "value": float(m.group(1).replace(",", "")) if m else units, "unit_text": (m.group(2) or "") if m else "",
            "currency": cur, "value_in_currency_units": units, "usd": usd, "fx_rate": rate.per_usd,
            "fx_year": fx_year, "citation": f"{r['amount_kind']}: {r['amount_citation']}"}
