"""The amounts events state (a budget, an investment to mobilise), each converted to one currency at the
average rate of the year it is dated — the rate table every conversion of the analyses uses
(:func:`policyscope.analysis.normalise.rate_table`), so a foreign budget in RMB and an R&D tier in RMB agree.

A report prints the largest amount of each policy it names, in the currency stated and 约合人民币; the numbers it
prints are traced to this call (``report.narrative`` helper ``stated_amounts``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from policyscope.analysis.normalise import rate_table
from policyscope.sources.fx import FxError, normalise_currency
from policyscope.store.database import Database

KINDS = ("budget", "investment")  # public money the policy commits | investment it is to mobilise


class StatedAmount(BaseModel):
    event_id: str
    currency: str
    units: float  # as stated, in plain currency units
    year: int  # of the rate
    kind: str  # budget | investment (budget when the source does not say)
    converted: float | None  # in ``to``; None when a rate is missing or it is stated in ``to``
    to: str


class StatedAmounts(BaseModel):
    rows: list[StatedAmount]


def stated_amounts(db: Database, event_ids: list[str], to: str = "CNY") -> StatedAmounts:
    """The largest stated amount of each event, one row each, converted to ``to`` at its year's average rate."""
    if not event_ids:
        return StatedAmounts(rows=[])
    to = normalise_currency(to)
    marks = ", ".join("?" for _ in event_ids)
    # * : a stated amount's citation exists from schema 7 on (an older file opened read-only lacks it)
    df = db.df(f"SELECT * FROM core.amount WHERE event_id IN ({marks}) AND value_in_currency_units IS NOT NULL "
               "AND fx_year IS NOT NULL AND currency IS NOT NULL ORDER BY usd DESC NULLS LAST, event_id, currency",
               list(event_ids))
    rows: dict[str, StatedAmount] = {}
    for r in df.to_dict("records"):
        if str(r["event_id"]) not in rows:
            rows[str(r["event_id"])] = _row(db, r, to)
    return StatedAmounts(rows=[rows[e] for e in event_ids if e in rows])


def convert(db: Database, units: float, currency: str, year: int, to: str) -> float | None:
    """``units`` of ``currency`` in ``to`` at the average rates of ``year`` (through US$); None when it is in
    ``to`` already or a rate is missing."""
    cur, to = normalise_currency(currency), normalise_currency(to)
    if cur == to:
        return None
    try:
        table = rate_table(db)
        return units / table.rate(cur, year).per_usd * table.rate(to, year).per_usd
    except FxError:
        return None


def _row(db: Database, r: dict[str, Any], to: str) -> StatedAmount:
    cur, units, year = str(r["currency"]), float(r["value_in_currency_units"]), int(r["fx_year"])
    converted = convert(db, units, cur, year, to)
    kind = str(r.get("citation") or "").split(":", 1)[0]
    return StatedAmount(event_id=str(r["event_id"]), currency=cur, units=units, year=year,
                        kind=kind if kind in KINDS else "budget", converted=converted, to=to)
