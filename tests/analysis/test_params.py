"""The shared parameter types (analysis/params.py) without a database: lists, years, dates, jurisdictions,
files, and one-line errors naming the parameter."""

from __future__ import annotations

from datetime import date

import pytest

from policyscope.analysis import registry
from policyscope.analysis.params import date_bound, split_list
from policyscope.errors import InputError, NotFound


@pytest.mark.parametrize(("raw", "items"), [
    ("中国，美国、DEU,  FRA", ["中国", "美国", "DEU", "FRA"]),
    (["USA", "CHN,JPN"], ["USA", "CHN", "JPN"]),
    (("a",), ["a"]),
    ("", None),
    (None, None),
])
def test_split_list(raw: object, items: list[str] | None) -> None:
    assert split_list(raw) == items


def test_a_year_in_a_from_to_pair_is_the_whole_year() -> None:
    assert date_bound("2017", end=False) == date(2017, 1, 1)
    assert date_bound("2017", end=True) == date(2017, 12, 31)
    assert date_bound("2024-02", end=True) == date(2024, 2, 29)
    assert date_bound("2021-06-15", end=True) == date(2021, 6, 15)
    with pytest.raises(ValueError, match="YYYY"):
        date_bound("June 2017", end=False)


def test_counts_params_read_strings_as_the_cli_and_api_send_them() -> None:
    p = registry.get("counts").validate({"date_from": "2017", "date_to": "2017", "jurisdictions": ["中国，美国", "EU27"],
                                         "by": "year,type", "include_auto": "false"})
    assert p.arguments()["date_from"] == date(2017, 1, 1) and p.arguments()["date_to"] == date(2017, 12, 31)
    assert p.arguments()["jurisdictions"] == ["CHN", "USA", "EU27"]
    assert p.arguments()["by"] == ["year", "type"] and p.arguments()["include_auto"] is False


def test_groups_and_names_in_both_languages_resolve() -> None:
    p = registry.get("radar").validate({"jurisdictions": "七国集团、欧盟,United States", "indicators": "GERD_USD",
                                        "year": 2021})
    assert p.arguments()["jurisdictions"] == ["G7", "EU", "USA"]


@pytest.mark.parametrize(("name", "raw", "names", "expected"), [
    ("rank", {"indicator": "GERD_USD", "year": "x"}, {}, "year: must be a year such as 2017"),
    ("rank", {"indicator": "GERD_USD"}, {"year": "--year"}, "--year: is required"),
    ("rank", {"indicator": "GERD_USD", "year": 2020, "planet": "x"}, {}, "planet: is not a parameter"),
    ("counts", {"date_from": "2017-13"}, {"date_from": "--from"}, "--from: is not a valid date"),
    ("counts", {"domains": "ai,astrology"}, {}, "domains: unknown code 'astrology'"),
    ("share", {"indicator": "GERD_USD", "year": 2018, "jurisdictions": "Narnia"}, {}, "unknown jurisdiction name"),
    ("growth", {"indicator": "GERD_USD", "date_from": 2019, "date_to": 2010}, {}, "date_to: must be after"),
    ("tiers", {"indicator": "GERD_USD", "year": 2019, "thresholds": "1e9,abc"}, {}, "thresholds: 'abc' is not a number"),
])
def test_errors_are_one_line_naming_the_parameter(name: str, raw: dict[str, object], names: dict[str, str],
                                                  expected: str) -> None:
    with pytest.raises(InputError, match=expected) as exc:
        registry.get(name).validate(raw, names=names)
    assert "\n" not in str(exc.value) and exc.value.status == 400


def test_files_are_read_locally_but_not_over_the_web(tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "list.csv"
    csv.write_text("Company,Country\nA,China\n", encoding="utf-8")
    assert registry.get("companies").validate({"source": str(csv)}, files="local").arguments()[
        "source_path_or_frame"] == csv
    with pytest.raises(InputError, match="shared data folder"):
        registry.get("companies").validate({"source": str(csv)})
    with pytest.raises(InputError, match="bundled spec"):
        registry.get("index").validate({"spec": str(csv)})
    with pytest.raises(InputError, match="key=value"):
        registry.get("keywords").validate({"a": str(csv), "b": "jurisdiction=CHN"})
    assert not registry.get("keywords").validate({"a": str(csv), "b": str(csv)}, files="local").needs_db()


def test_unknown_analysis_is_not_found() -> None:
    with pytest.raises(NotFound, match="known: counts"):
        registry.get("astrology")


def test_domains_and_types_by_their_names_in_either_language() -> None:
    p = registry.get("map").validate({"kind": "events", "domains": "人工智能，Data", "types": "战略"})
    assert p.domains == ["ai", "data"] and p.types == ["strategy"]  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="nano"):
        registry.get("counts").validate({"domains": "nano"})
