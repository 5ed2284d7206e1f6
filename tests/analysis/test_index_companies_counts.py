"""composite_index (spec validation, missing-data rules, seeded Monte Carlo), company_counts on the unicorn
lists, and event_counts on the gold-annotated seed events — expectations from pandas on the raw files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from policyscope.analysis.base import AnalysisError
from policyscope.analysis.companies import company_counts
from policyscope.analysis.counts import event_counts
from policyscope.analysis.index import IndexSpec, composite_index, load_spec
from policyscope.model import registry
from tests.analysis.dbcopy import GOLD_ORIGIN, SEED_EVENT_FILES
from tests.analysis.raw import unicorn_file, wdi_year
from tests.conftest import GOLD

SMALL = {
    "name_en": "test", "name_zh": "测试", "year": 2019, "jurisdictions": ["USA", "CHN", "DEU", "JPN", "KOR", "PRK"],
    "indicators": [{"code": "GB.XPD.RSDV.GD.ZS", "weight": 2}, {"code": "IT.NET.BBND.P2", "weight": 1}],
    "missing": {"min_coverage": 0.5, "rule": "renormalise"},
    "monte_carlo": {"runs": 200, "seed": 7},
}


def test_index_min_max_arithmetic_matches_pandas(db):
    r = composite_index(db, IndexSpec.model_validate(SMALL))
    rd = wdi_year("GB.XPD.RSDV.GD.ZS", 2019)
    bb = wdi_year("IT.NET.BBND.P2", 2019)
    frame = pd.DataFrame({"rd": rd, "bb": bb}).reindex(["USA", "CHN", "DEU", "JPN", "KOR", "PRK"])
    have_all = frame.dropna()
    mm = (frame - frame.min()) / (frame.max() - frame.min()) * 100
    scores = {x.jurisdiction: x for x in r.rows}
    for j in have_all.index:
        assert scores[j].score == pytest.approx((2 * mm.loc[j, "rd"] + mm.loc[j, "bb"]) / 3)
    # PRK has no R&D intensity: with 1/3 of the weight it is below the 50 % rule and is excluded, not zeroed
    assert "PRK" not in scores and "PRK" in r.excluded and r.coverage.missing == ["PRK"]
    ranks = sorted(scores.values(), key=lambda x: -x.score)
    assert [x.rank for x in ranks] == list(range(1, len(ranks) + 1))
    for x in r.rows:
        assert x.rank_p05 <= x.median_rank <= x.rank_p95


def test_index_monte_carlo_is_seeded_and_rules_are_explicit(db):
    a = composite_index(db, IndexSpec.model_validate(SMALL))
    b = composite_index(db, IndexSpec.model_validate(SMALL))
    assert [x.model_dump() for x in a.rows] == [x.model_dump() for x in b.rows]
    strict = IndexSpec.model_validate({**SMALL, "missing": {"rule": "exclude"}, "monte_carlo": None})
    r = composite_index(db, strict)
    assert all(x.indicators_used == 2 for x in r.rows) and all(x.median_rank is None for x in r.rows)


def test_bundled_spec_runs_and_documents_every_indicator(db):
    spec = load_spec("digital_industry_strength.json")
    doc = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    for ind in spec.indicators:
        assert f"`{ind.code}`" in doc and ind.why and ind.name_zh
    r = composite_index(db, spec)
    codes = {x.jurisdiction for x in r.rows}
    assert {"USA", "CHN", "DEU", "JPN", "KOR"} <= codes
    reg = registry()
    expected = {m for g in ("G20", "OECD") for m in reg.members(g) if reg.get(m).kind in ("country", "territory")}
    assert codes | set(r.excluded) == expected and not codes & set(r.excluded)
    assert all(0 <= x.score <= 100 for x in r.rows)


def test_index_spec_errors_name_file_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name_en: x\nname_zh: y\nyear: 2020\njurisdictions: [USA]\nindicators:\n"
                   "  - {code: GERD_USD, weight: -1}\n  - {code: GERD_PPP}\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"bad.yaml: field indicators.0.weight"):
        load_spec(bad)
    with pytest.raises(FileNotFoundError):
        load_spec(tmp_path / "missing.json")
    good = tmp_path / "good.yaml"
    good.write_text("name_en: x\nname_zh: 测试\nyear: 2020\njurisdictions: [G7]\nindicators:\n"
                    "  - {code: GERD_USD, transform: log}\n  - {code: GB.XPD.RSDV.GD.ZS}\n", encoding="utf-8")
    assert load_spec(good).indicators[0].transform == "log"


def test_company_counts_by_country_match_raw_csv():
    path = unicorn_file("unicorns_complete_2024.csv")
    raw = pd.read_csv(path, encoding="utf-8-sig")
    r = company_counts(path, by=["country"], groups=["EU27"])
    got = {x.country: x for x in r.rows}
    assert r.total == len(raw)
    assert got["USA"].n == int((raw["Country"].str.strip() == "United States").sum())
    assert got["CHN"].n == int((raw["Country"].str.strip() == "China").sum())
    eu_names = {registry().get(c).name_en for c in registry().members("EU27")}
    assert got["EU27"].n == int(raw["Country"].str.strip().isin(eu_names | {"Czech Republic"}).sum())
    assert got["USA"].share == pytest.approx(got["USA"].n / len(raw) * 100)


def test_company_counts_by_founding_and_joining_year():
    path = unicorn_file("unicorns_complete_2024.csv")
    raw = pd.read_csv(path, encoding="utf-8-sig")
    r = company_counts(path, by=["country", "year"], year_field="founded", countries=["中国"], year_from=2014)
    cn = raw[(raw["Country"] == "China") & (raw["Date Founded"] >= 2014)]
    got = {x.year: x.n for x in r.rows}
    assert got == cn["Date Founded"].value_counts().to_dict()
    assert sum(x.share_in_country for x in r.rows) == pytest.approx(100)
    j = company_counts(path, by=["year"], year_field="joined")
    joined = pd.to_datetime(raw["Unicorn Date"], format="%m/%d/%Y").dt.year.value_counts()
    assert {x.year: x.n for x in j.rows} == joined.to_dict()


def test_company_counts_snapshot_selection_and_bad_input(tmp_path):
    path = unicorn_file("cbinsights_unicorn_snapshots_2015_2023.csv")
    r = company_counts(path, by=["country"], list_date="2021-09-30")
    raw = pd.read_csv(path)
    assert r.list_date == "2020-12-31" and r.total == int((raw["snapshot_date"] == "2020-12-31").sum())
    with pytest.raises(AnalysisError, match="no snapshot on or before"):
        company_counts(path, list_date="2010-01-01")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,value\na,1\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="Company and Country"):
        company_counts(bad)
    with pytest.raises(AnalysisError, match="--by"):
        company_counts(path, by=["planet"])


def _gold_frame() -> pd.DataFrame:
    rows = []
    for seed in SEED_EVENT_FILES:
        for line in (GOLD / f"{seed}.events.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows.append({"year": int(d["date"][:4]) if d.get("date") else None, "domains": d["domains"] or ["(none)"],
                             "type": d["type"], "jurisdiction": d["jurisdiction"]})
    return pd.DataFrame(rows)


def test_event_counts_match_the_gold_files(db):
    gold = _gold_frame()
    r = event_counts(db, by=["domain"], origins=[GOLD_ORIGIN])
    expected = Counter(d for ds in gold["domains"] for d in ds)
    assert {x.domain: x.n for x in r.rows} == dict(expected)
    assert r.events == len(gold) and r.total == sum(expected.values())
    assert sum(x.share for x in r.rows) == pytest.approx(100)
    y = event_counts(db, by=["year", "type"], date_from="2017-01-01", date_to="2021-12-31", origins=[GOLD_ORIGIN])
    sub = gold[(gold["year"] >= 2017) & (gold["year"] <= 2021)]
    assert {(x.year, x.type): x.n for x in y.rows} == sub.groupby(["year", "type"]).size().to_dict()
    for yr in {x.year for x in y.rows}:
        assert sum(x.share_in_year for x in y.rows if x.year == yr) == pytest.approx(100)


def test_event_counts_filters_and_errors(db):
    usa = event_counts(db, by=["jurisdiction"], jurisdictions="美国", origins=[GOLD_ORIGIN])
    gold = _gold_frame()
    assert [(x.jurisdiction, x.n) for x in usa.rows] == [("USA", int((gold["jurisdiction"] == "USA").sum()))]
    reviewed = event_counts(db, by=["type"], include_auto=False, origins=[GOLD_ORIGIN])
    assert reviewed.events == 0 and reviewed.rows == []  # the gold events are unreviewed (auto) in this copy
    none = event_counts(db, by=["year", "domain"], include_auto=False, domains=["ai"], origins=[GOLD_ORIGIN])
    assert none.events == 0 and none.undated == 0 and none.rows == []  # a domain filter over no events
    with pytest.raises(AnalysisError, match="--by"):
        event_counts(db, by=["colour"])


def test_event_counts_domain_filter_counts_each_event_once(db):
    gold = _gold_frame()
    wanted = {"ai", "quantum"}
    r = event_counts(db, by=["jurisdiction"], domains=sorted(wanted), origins=[GOLD_ORIGIN])
    hit = gold[gold["domains"].map(lambda ds: bool(wanted & set(ds)))]
    assert r.events == len(hit) and r.total == len(hit)
    assert {x.jurisdiction: x.n for x in r.rows} == hit.groupby("jurisdiction").size().to_dict()
    by_dom = event_counts(db, by=["domain"], domains=sorted(wanted), origins=[GOLD_ORIGIN])
    assert {x.domain for x in by_dom.rows} == wanted
