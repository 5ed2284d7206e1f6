"""Round-3 newsletter rules (issue 10), each on a short made-up sentence: currencies from CLDR (Babel), bodies
named 领导小组 / 工作组 / 专班, start-year dates, a body's verb a clause away, the EU's Council."""
from __future__ import annotations

import datetime as dt

import pytest

from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.amounts import find_amounts


@pytest.mark.parametrize(("text", "currency", "units"), [
    ("年度拨款约3.5亿冰岛克朗", "ISK", 3.5e8),
    ("年度预算20万林吉特", "MYR", 2e5),
    ("每年投入约800万泰铢", "THB", 8e6),
    ("a yearly budget of RON 2.1 billion", "RON", 2.1e9),
    ("with a grant of RM750,000", "MYR", 7.5e5),
    ("a zł3m scheme", "PLN", 3e6),
    ("worth 40 million baht", "THB", 4e7),
    ("HRK 12 million a year", "HRK", 1.2e7),
    ("1.5 billion PLN", "PLN", 1.5e9),
])
def test_currencies_outside_the_table_come_from_cldr(text: str, currency: str, units: float) -> None:
    got = [(a.currency, a.units) for a in find_amounts(text)]
    assert got == [(currency, pytest.approx(units))]


@pytest.mark.parametrize("text", ["TOP 10 universities", "TOP2500 companies", "AMD 5 billion chips", "ESP 2019 figures",
                                  "all 5 million people", "GAIN 2003"])
def test_code_like_words_before_small_numbers_or_years_are_no_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_amount_in_a_currency_without_rate_keeps_value_and_currency() -> None:
    ev = extract_events("2019年，某国科技部启动“清洁水”项目，每年投入约3亿瓦努阿图瓦图。")
    assert ev and ev[0].amounts and ev[0].amounts[0].currency == "VUV"
    assert ev[0].amounts[0].value_in_currency_units == pytest.approx(3e8) and ev[0].amounts[0].usd is None


@pytest.mark.parametrize(("text", "title"), [
    ("2015年3月2日，省政府办公厅发出通知，成立省数字经济发展领导小组。", "省数字经济发展领导小组"),
    ("2020年3月，市政府组建复工复产工作专班，协调企业用工。", "复工复产工作专班"),
    ("2019年，工信部成立工业互联网工作组，推动标准制定。", "工业互联网工作组"),
])
def test_leading_groups_and_task_forces_are_bodies_set_up(text: str, title: str) -> None:
    assert title in [e.title for e in extract_events(text)]
