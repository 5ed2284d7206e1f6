"""`policyscope analyze …` end to end: every sub-command with --format json on the test database, the JSON
shapes promised in issue 4, names in Chinese, and one clear error line for bad input."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyscope.analysis.registry import ANALYSES
from policyscope.cli import app
from tests.analysis.raw import unicorn_file
from tests.conftest import run_cli

runner = CliRunner()


def _json(db_path: Path, *args: str):
    res = runner.invoke(app, ["--db", str(db_path), "analyze", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_growth_and_tiers_json_shapes(analysis_db_path, db):
    g = _json(analysis_db_path, "growth", "--indicator", "GERD_PPP", "--vs", "GDP_PPP", "--from", "2010", "--to",
              "2019", "--jurisdictions", "美国,中国,Belgium")
    assert {r["jurisdiction"] for r in g["rows"]} == {"USA", "CHN", "BEL"}
    assert all({"jurisdiction", "cagr", "vs_cagr", "gap_pp"} <= set(r) for r in g["rows"])
    t = _json(analysis_db_path, "tiers", "-i", "GERD_LCU", "-y", "2019", "--currency", "CNY", "--fx-date",
              "2020-12-31", "--thresholds", "1e12,3e11,1e11,5e10", "-j", "USA,CHN,FIN")
    assert {(r["jurisdiction"], r["tier"]) for r in t["rows"]} == {("USA", 1), ("CHN", 1), ("FIN", 4)}
    assert all({"jurisdiction", "value", "tier"} <= set(r) for r in t["rows"])


def test_network_json_has_nodes_and_edges(analysis_db_path, db):
    n = _json(analysis_db_path, "network", "--year", "2021", "--top", "5", "--compare-year", "2010")
    assert len(n["nodes"]) == 5 and n["edges"]
    assert {"jurisdiction", "degree", "strength", "top_partner", "share"} <= set(n["nodes"][0])
    assert {"a", "b", "value"} <= set(n["edges"][0])
    p = _json(analysis_db_path, "network", "--year", "2021", "--focus", "中国", "--partners", "--top", "3")
    assert p["rows"][0]["partner"] == "USA"


@pytest.mark.parametrize("args", [
    ("share", "-i", "GERD_USD", "-y", "2018", "--of", "WLD", "-j", "USA,CHN"),
    ("rank", "-i", "NY.GDP.MKTP.CD", "-y", "2020", "--compare-year", "2010", "--top", "5"),
    ("concentration", "-i", "BX.GSR.ROYL.CD", "-y", "2020", "--n", "3,11"),
    ("radar", "-j", "USA,CHN,DEU", "--indicators", "NY.GDP.MKTP.CD,GB.XPD.RSDV.GD.ZS", "-y", "2021"),
    ("counts", "--by", "year,domain", "--from", "2017", "--to", "2021"),
    ("keywords", "--a", "jurisdiction=CHN;from=2015-01-01", "--b", "jurisdiction=CHN;to=1990-12-31", "--terms", "创新,质量"),
])
def test_every_analysis_answers_in_json(analysis_db_path, db, args):
    out = _json(analysis_db_path, *args)
    assert out["analysis"] == args[0] and out["rows"], out
    assert "coverage" in out and "sources" in out


def test_companies_and_table_output_in_two_languages(analysis_db_path, db):
    c = _json(analysis_db_path, "companies", "--source", str(unicorn_file("unicorns_complete_2024.csv")),
              "--groups", "EU27")
    assert c["rows"][0]["country"] == "USA" and c["total"] > 1000
    res = runner.invoke(app, ["--db", str(analysis_db_path), "analyze", "share", "-i", "GERD_USD", "-y", "2018",
                              "-j", "USA,CHN"], terminal_width=200)
    assert res.exit_code == 0 and "美国" in res.stdout and "United States" in res.stdout and "coverage" in res.stdout


def test_index_and_bad_input_in_a_real_subprocess(analysis_db_path, db):
    res = run_cli("analyze", "index", "--spec", "digital_industry_strength.json", "--format", "csv", db=analysis_db_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0].startswith("jurisdiction,score,rank,median_rank")
    bad = runner.invoke(app, ["--db", str(analysis_db_path), "analyze", "share", "--indicator", "GERD_USD",
                              "--year", "2018", "--jurisdictions", "Narnia"])
    assert bad.exit_code == 1 and "Narnia" in bad.output and "Traceback" not in bad.output
    bad2 = runner.invoke(app, ["--db", str(analysis_db_path), "analyze", "tiers", "-i", "GERD_USD", "-y", "2019",
                               "--thresholds", "1e9,abc"])
    assert bad2.exit_code == 1 and "abc" in bad2.output


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_the_example_in_each_help_runs_on_the_bundled_data(analysis_db_path, db, name):
    """A new user copies the example from ``--help``: it must answer, with rows, on the data `make run` builds."""
    words = shlex.split(ANALYSES[name].example)
    assert words[:3] == ["policyscope", "analyze", name]
    if "--format" in words:
        i = words.index("--format")
        del words[i:i + 2]
    out = _json(analysis_db_path, *words[2:])
    assert out.get("rows") or out.get("nodes") or out.get("features"), out
