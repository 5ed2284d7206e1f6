"""network / top_partners against the raw OpenAlex CSV, and keywords (Monroe log-odds) on real texts."""

from __future__ import annotations

import json
import math

import pytest

from policyscope.analysis.base import AnalysisError
from policyscope.analysis.keywords import keywords
from policyscope.analysis.network import network, pairs, top_partners
from policyscope.model import registry
from tests.analysis.raw import openalex
from tests.conftest import DATA


def _raw_pairs(year: int):
    """Undirected ISO2 pairs from the raw file (larger direction when the two differ)."""
    df = openalex()
    df = df[(df["year"] == year) & (df["country_a_iso2"] != df["country_b_iso2"])].copy()
    df["lo"] = df[["country_a_iso2", "country_b_iso2"]].min(axis=1)
    df["hi"] = df[["country_a_iso2", "country_b_iso2"]].max(axis=1)
    return df.groupby(["lo", "hi"])["works"].max()


def test_network_node_measures_match_raw_openalex(db):
    raw = _raw_pairs(2021)
    raw = raw[raw > 0]
    r = network(db, "OPENALEX.COAUTHOR", 2021, top=5)
    us = next(n for n in r.nodes if n.jurisdiction == "USA")
    mine = raw[(raw.index.get_level_values(0) == "US") | (raw.index.get_level_values(1) == "US")]
    assert us.strength == pytest.approx(float(mine.sum()))
    assert us.degree == len(mine)
    top_pair = mine.idxmax()
    partner_iso2 = top_pair[0] if top_pair[1] == "US" else top_pair[1]
    assert registry().get(us.top_partner).iso2 == partner_iso2
    # the ISO2 file has a few codes our registry maps away (e.g. unknown/withdrawn codes): allow that margin
    assert r.total_weight == pytest.approx(float(raw.sum()), rel=0.01)
    assert us.share == pytest.approx(us.strength / r.total_weight * 100)
    assert len(r.nodes) == 5 and [n.rank for n in r.nodes] == [1, 2, 3, 4, 5]
    assert all(e.a < e.b for e in r.edges) and all(e.a in {n.jurisdiction for n in r.nodes} for e in r.edges)
    js = r.graph_json()
    assert set(js) >= {"nodes", "edges", "coverage"} and set(js["nodes"][0]) >= {
        "jurisdiction", "degree", "strength", "top_partner", "share"}


def test_network_compare_year_and_min_weight(db):
    r = network(db, "OPENALEX.COAUTHOR", 2021, compare_year=2010, min_weight=1000, focus="中国", top=3)
    chn = next(n for n in r.nodes if n.jurisdiction == "CHN")
    raw10 = _raw_pairs(2010)
    cn10 = raw10[((raw10.index.get_level_values(0) == "CN") | (raw10.index.get_level_values(1) == "CN"))]
    assert chn.compare_strength == pytest.approx(float(cn10[cn10 >= 1000].sum()))
    assert chn.strength_change_pct == pytest.approx((chn.strength / chn.compare_strength - 1) * 100)
    assert len(r.nodes) == 4 and all("CHN" in (e.a, e.b) for e in r.edges)
    assert all(e.value >= 1000 for e in r.edges)


def test_network_errors_name_the_input(db):
    with pytest.raises(AnalysisError, match="1990–2023"):
        network(db, "OPENALEX.COAUTHOR", 1985)
    with pytest.raises(AnalysisError, match="unknown edge indicator"):
        network(db, "NOPE.EDGES", 2020)


def test_top_partners_with_eu_group(db):
    r = top_partners(db, "OPENALEX.COAUTHOR", "United States", 2016, n=5, groups=["EU27"])
    p = pairs(db, "OPENALEX.COAUTHOR", 2016)
    us = p[(p["a"] == "USA") | (p["b"] == "USA")]
    eu = registry().members("EU27")
    eu_sum = us[us["a"].isin(eu) | us["b"].isin(eu)]["value"].sum()
    assert r.rows[0].partner == "EU27" and r.rows[0].value == pytest.approx(eu_sum)
    assert r.rows[0].share == pytest.approx(eu_sum / us["value"].sum() * 100)
    assert [x.rank for x in r.rows] == [1, 2, 3, 4, 5]


def _reports(years):
    out = {}
    text = (DATA / "china_policy_corpus" / "government_work_reports_1954_2025.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        rec = json.loads(line)
        if rec.get("year") and int(rec["year"]) in years:
            out[int(rec["year"])] = rec["content"]
    return out


def test_keywords_log_odds_formula_and_symmetry():
    from policyscope.ingest.text.tokens import tokenize

    texts = _reports({1979, 1980, 2019, 2021, 2022})
    new, old = [texts[y] for y in (2019, 2021, 2022)], [texts[y] for y in (1979, 1980)]
    r = keywords(None, new, old, terms=["创新", "质量", "阶级"], prior=1000)
    n_a = sum(len(tokenize(t, "zh")) for t in new)
    n_b = sum(len(tokenize(t, "zh")) for t in old)
    assert (r.a.tokens, r.b.tokens) == (n_a, n_b)
    rows = {x.term: x for x in r.rows}
    for x in r.rows:  # independent recomputation of Monroe et al.'s estimator from the counts
        alpha = 1000 * (x.count_a + x.count_b) / (n_a + n_b)
        d = (math.log((x.count_a + alpha) / (n_a + 1000 - x.count_a - alpha))
             - math.log((x.count_b + alpha) / (n_b + 1000 - x.count_b - alpha)))
        assert x.log_odds == pytest.approx(d)
        assert x.z == pytest.approx(d / math.sqrt(1 / (x.count_a + alpha) + 1 / (x.count_b + alpha)))
        assert x.per10k_a == pytest.approx(x.count_a / n_a * 1e4)
    # token counts never exceed raw substring counts, and jieba keeps 创新 as a word most of the time
    raw = sum(t.count("创新") for t in new)
    assert 0.7 * raw <= rows["创新"].count_a <= raw
    assert rows["创新"].z > 1.96 and rows["阶级"].z < -1.96  # innovation is new, class struggle is old
    swapped = {x.term: x for x in keywords(None, old, new, terms=["创新", "质量", "阶级"]).rows}
    assert swapped["创新"].z == pytest.approx(-rows["创新"].z)


def test_keywords_from_database_queries_and_discovery(db):
    # the database now also holds bundled Chinese laws and MEE documents: select the work reports by source
    r = keywords(db, "jurisdiction=中国;from=2015-01-01;source=government_work_reports",
                 "jurisdiction=CHN;to=1990-12-31;source=government_work_reports", top=10)
    assert r.a.documents == 3 and r.b.documents == 2
    assert len(r.rows) == 20 and r.rows[0].z > 0 and r.rows[-1].z < 0
    assert r.rows[0].z >= r.rows[9].z
    with pytest.raises(AnalysisError, match="unknown key"):
        keywords(db, "country=CHN", "jurisdiction=USA")
    with pytest.raises(AnalysisError, match="selects no"):
        keywords(db, "jurisdiction=CHN;from=2099-01-01", "jurisdiction=CHN")
    with pytest.raises(FileNotFoundError):
        keywords(db, "/no/such/corpus.txt", "jurisdiction=CHN")
