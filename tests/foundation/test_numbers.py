"""Numbers in the reader's language (Babel): no "19.50 T" on a Chinese page."""

from __future__ import annotations

from policyscope.model.numbers import format_number


def test_large_numbers_in_each_language() -> None:
    assert format_number(19.5e12, "zh") == "19.5万亿" and format_number(19.5e12, "en") == "19.5T"
    assert format_number(3.2e9, "zh") == "32亿" and format_number(3.2e9, "en") == "3.2B"
    assert format_number(24_822, "zh") == "24,822" and format_number(123_456_789.0, "en") == "123,456,789"


def test_decimals_missing_and_text() -> None:
    assert format_number(6.34589, "zh") == "6.35" and format_number(6.34589, "en", 1) == "6.3"
    assert format_number(None) == "" and format_number(float("nan")) == ""
    assert format_number("n/a") == "n/a" and format_number(True) == "True"
