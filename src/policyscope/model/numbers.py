"""Numbers for readers, in their language (Babel/CLDR): 19.5万亿 on a Chinese page, 19.5T on an English one.

One function so that the pages, the API's display fields and the reports never print "19.50 T" to a Chinese
reader or "1.95万亿" to an English one. Whole numbers below a billion are written out with grouping (counts of
events, patents, researchers); larger magnitudes and non-integers of a million or more are compacted with
at most ``digits`` decimals; other decimals keep at most ``digits`` decimals.
"""

from __future__ import annotations

from numbers import Real

from babel.numbers import format_compact_decimal, format_decimal

LOCALES = {"zh": "zh_CN", "en": "en"}
FULL_INTEGERS_BELOW = 1e9
COMPACT_FROM = 1e6


def format_number(value: object, lang: str = "zh", digits: int = 2) -> str:
    """``value`` for a reader of ``lang`` ("" for missing or NaN; text is returned as it is)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    locale = LOCALES.get(lang, "en")
    v = float(value)
    if v.is_integer() and abs(v) < FULL_INTEGERS_BELOW:
        return format_decimal(int(v), locale=locale)
    if abs(v) >= COMPACT_FROM:
        return format_compact_decimal(v, locale=locale, fraction_digits=digits)
    return format_decimal(v, locale=locale, format="#,##0." + "#" * digits if digits else "#,##0")
