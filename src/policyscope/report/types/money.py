"""Amounts a policy states, as a report prints them: in the currency the policy states, with 约合人民币 in Chinese
(about US$ in English) at the average rate of the year the amount is dated. The numbers come from the
``stated_amounts`` call (:mod:`policyscope.analysis.amounts`) and are printed as traceable Facts.

Why not ``amount_usd`` alone: a ministry reader compares a foreign budget with China's in RMB, and the stated
currency is what the policy's own text says (€3 billion, not US$3.5 billion)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_name, get_currency_symbol

from policyscope.analysis.amounts import convert
from policyscope.report.context import Ctx
from policyscope.report.model import Fact
from policyscope.report.narrative import Ran, no_negative_zero, run


@lru_cache(maxsize=64)
def currency_zh(code: str) -> str:
    """The currency's Chinese name from CLDR (Babel): 美元, 欧元, 加拿大元, 印度卢比; RMB as 元 (3,546亿元)."""
    return "元" if code == "CNY" else str(get_currency_name(code, locale="zh_Hans_CN"))


@lru_cache(maxsize=64)
def symbol_en(code: str) -> str:
    """The currency's sign in British English usage (CLDR through Babel): US$, €, £, CA$, ₹; a code that has no
    sign is written with a space (CHF 3 billion)."""
    sym = str(get_currency_symbol(code, locale="en_GB"))
    return f"{sym} " if sym.isalpha() else sym


def _short(x: float, exact: bool = False) -> str:
    """Three or four significant digits, trailing zeros dropped (3,546; 52.7; 1.25; 15) for a converted amount,
    which is approximate; two decimals at most for a stated one (₹103.72 billion), printed as stated."""
    digits = 2 if exact else 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    text = f"{x:,.{digits}f}"
    return no_negative_zero(text.rstrip("0").rstrip(".") if "." in text else text)


def zh_amount(units: float, currency: str, exact: bool = False) -> tuple[str, float]:
    """527亿美元, 1.25亿加元, 3,000万欧元 — Chinese counting units; (text, scale of the printed number)."""
    name = currency_zh(currency)
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if abs(units) >= scale:
            return f"{_short(units / scale, exact)}{word}{name}", scale
    return f"{_short(units, exact)}{name}", 1.0


def en_amount(units: float, currency: str, exact: bool = False) -> tuple[str, float]:
    """€3 billion, US$52.7 billion, C$125 million; (text, scale of the printed number)."""
    sym = symbol_en(currency)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(units) >= scale:
            return f"{sym}{_short(units / scale, exact)} {word}", scale
    return f"{sym}{_short(units, exact)}", 1.0


def _fact(ctx: Ctx, ran: Ran, row: dict[str, Any], field: str, currency: str) -> Fact:
    text, scale = (zh_amount if ctx.lang == "zh" else en_amount)(float(row[field]), currency, field == "units")
    return Fact(value=row[field], display=text, call=ran.call, kwargs=dict(ran.kwargs),
                row={"event_id": row["event_id"]}, field=field, scale=scale)


def stated_amounts(ctx: Ctx, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The largest stated amount of each event, for a template: ``stated`` and ``converted`` (RMB in zh, US$ in
    en; None without a rate or when stated in it) as Facts, ``kind`` (budget | investment), the rate's ``year``."""
    if not event_ids:
        return {}
    ran = run(ctx.db, "stated_amounts", event_ids=list(event_ids), to="CNY" if ctx.lang == "zh" else "USD")
    out: dict[str, dict[str, Any]] = {}
    for r in (row.model_dump() for row in (ran.result.rows if ran.result is not None else [])):
        conv = _fact(ctx, ran, r, "converted", r["to"]) if r["converted"] is not None else None
        out[r["event_id"]] = {"stated": _fact(ctx, ran, r, "units", r["currency"]), "converted": conv,
                              "kind": r["kind"], "year": r["year"]}
    return out


def converted(ctx: Ctx, a: dict[str, Any]) -> str:
    """One amount of an event's detail in RMB (zh) or US$ (en) at its year's average rate, as text (the
    newsletter's funding line quotes the document's words beside it); empty when it cannot be converted."""
    units, year, cur = a.get("value_in_currency_units"), a.get("fx_year"), a.get("currency")
    if units is None or units != units or year is None or year != year or not cur:
        return ""
    to = "CNY" if ctx.lang == "zh" else "USD"
    value = convert(ctx.db, float(units), str(cur), int(year), to)
    return "" if value is None else (zh_amount if ctx.lang == "zh" else en_amount)(value, to)[0]
