"""One contract per analysis (issue 14): every registered analysis gives the same JSON through the CLI
(``policyscope analyze NAME --format json``) and the API (``/api/v1/analyze/NAME``) for the same inputs, both
validated by the analysis's Params model; the registry, the CLI and the API list the same analyses; bad input
is one line naming the parameter (exit 1 / HTTP 400)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policyscope.analysis import registry
from policyscope.cli import app
from policyscope.commands import analyze as analyze_cmds
from tests.conftest import SHARED
from tests.web.conftest import make_client

runner = CliRunner()
UNICORNS = "unicorns/unicorns_complete_2024.csv"  # relative to the shared data folder: the web may read it

# The same inputs for both edges: field → value (a list = the option / query parameter repeated).
CASES: list[tuple[str, dict[str, Any]]] = [
    ("counts", {"date_from": "2017"}),  # was a 500 on the API
    ("counts", {"by": "year,domain", "date_from": "2017", "date_to": "2021-06", "jurisdictions": "中国、美国,EU"}),
    ("share", {"indicator": "GERD_USD", "year": "2018", "of": "WLD", "jurisdictions": "USA,CHN", "top": "1"}),
    ("rank", {"indicator": "NY.GDP.MKTP.CD", "year": "2020", "compare_year": "2010", "top": "5"}),
    ("growth", {"indicator": "GERD_PPP", "vs": "GDP_PPP", "date_from": "2010", "date_to": "2019",
                "jurisdictions": ["美国", "中国", "Belgium"]}),
    ("breaks", {"indicator": "GERD_USD", "date_from": "2003", "date_to": "2021", "jurisdictions": "GBR,CHN"}),
    ("tiers", {"indicator": "GERD_LCU", "year": "2019", "currency": "CNY", "fx_date": "2020-12-31",
               "thresholds": "1e12,3e11,1e11,5e10", "jurisdictions": "USA,CHN,FIN"}),
    ("concentration", {"indicator": "BX.GSR.ROYL.CD", "year": "2020", "n": "3,11"}),
    ("network", {"year": "2021", "top": "5", "compare_year": "2010"}),
    ("top_partners", {"jurisdiction": "中国", "year": "2021", "n": "3", "groups": "EU27"}),
    ("keywords", {"a": "jurisdiction=CHN;from=2015-01-01", "b": "jurisdiction=CHN;to=1990-12-31",
                  "terms": "创新,质量"}),
    ("radar", {"jurisdictions": "中国，美国", "indicators": "NY.GDP.MKTP.CD,GB.XPD.RSDV.GD.ZS", "year": "2021"}),
    ("index", {"spec": "digital_industry_strength.json"}),
    ("map", {"indicator": "GB.XPD.RSDV.GD.ZS"}),
    ("map", {"kind": "events", "domains": "ai，data", "types": "strategy", "year": "2020", "level": "all"}),
    ("companies", {"source": UNICORNS, "groups": "EU27", "by": "country,year", "year_from": "2015"}),
]


@pytest.fixture(scope="module")
def shared_folder() -> Iterator[None]:
    """Company lists are read from the shared data folder ($POLICYSCOPE_SHARED/data) by both edges."""
    old = os.environ.get("POLICYSCOPE_SHARED")
    os.environ["POLICYSCOPE_SHARED"] = str(SHARED)
    yield
    if old is None:
        os.environ.pop("POLICYSCOPE_SHARED", None)
    else:
        os.environ["POLICYSCOPE_SHARED"] = old


@pytest.fixture(scope="module")
def api(analysis_db_path: Path, tmp_path_factory: pytest.TempPathFactory, shared_folder: None) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("parity") / "policyscope.duckdb"
    shutil.copy(analysis_db_path, db)
    with make_client(db) as c:
        yield c


def cli_args(name: str, inputs: dict[str, Any]) -> list[str]:
    flags = analyze_cmds.flag_names(registry.get(name))
    args: list[str] = []
    for field, value in inputs.items():
        for v in value if isinstance(value, list) else [value]:
            args += [flags[field], v]
    return args


def cli_json(db: Path, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    res = runner.invoke(app, ["--db", str(db), "analyze", name, *cli_args(name, inputs), "--format", "json"])
    assert res.exit_code == 0, res.output
    out: dict[str, Any] = json.loads(res.stdout)
    return out


@pytest.mark.parametrize(("name", "inputs"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_cli_and_api_give_the_same_json(name: str, inputs: dict[str, Any], analysis_db_path: Path,
                                        api: TestClient) -> None:
    from_cli = cli_json(analysis_db_path, name, inputs)
    r = api.get(f"/api/v1/analyze/{name}", params=inputs)
    assert r.status_code == 200, r.text
    assert r.json() == from_cli
    assert from_cli["analysis"] == name and (from_cli.get("rows") or from_cli.get("nodes")), from_cli


def test_every_registered_analysis_has_a_case() -> None:
    assert {n for n, _ in CASES} == set(registry.names())


def test_registry_cli_and_api_list_the_same_analyses(api: TestClient) -> None:
    names = set(registry.names())
    assert {c.name for c in analyze_cmds.app.registered_commands} == names
    assert set(api.get("/api/v1/analyze").json()) == names
    assert set(api.get("/api/v1").json()["analyses"]) == names
    paths = api.get("/openapi.json").json()["paths"]
    routes = {p.removeprefix("/api/v1/analyze/") for p in paths if p.startswith("/api/v1/analyze/")}
    assert routes - {"{name}"} == names


def test_openapi_parameters_come_from_the_model(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    counts = {p["name"]: p for p in paths["/api/v1/analyze/counts"]["get"]["parameters"]}
    assert set(registry.get("counts").params.model_fields) | {"format"} == set(counts)
    assert counts["jurisdictions"]["schema"]["type"] == "array" and not counts["date_from"]["required"]
    rank = {p["name"]: p for p in paths["/api/v1/analyze/rank"]["get"]["parameters"]}
    assert rank["indicator"]["required"] and rank["year"]["required"] and not rank["top"]["required"]


@pytest.mark.parametrize(("name", "inputs", "cli_word", "api_word"), [
    ("counts", {"date_from": "2017-13"}, "--from", "date_from"),
    ("counts", {"by": "year,planet"}, "--by", "by"),
    ("radar", {"jurisdictions": "中国，Narnia", "indicators": "GERD_USD", "year": "2020"}, "Narnia", "Narnia"),
    ("rank", {"indicator": "GERD_USX", "year": "2020"}, "did you mean", "did you mean"),
    ("tiers", {"indicator": "GERD_USD", "year": "2019", "thresholds": "1e9,abc"}, "abc", "abc"),
    ("share", {"indicator": "GERD_USD", "year": "twenty"}, "--year", "year"),
])
def test_bad_input_is_one_line_naming_the_parameter(name: str, inputs: dict[str, Any], cli_word: str,
                                                    api_word: str, analysis_db_path: Path, api: TestClient) -> None:
    res = runner.invoke(app, ["--db", str(analysis_db_path), "analyze", name, *cli_args(name, inputs)])
    assert res.exit_code == 1 and cli_word in res.output and "Traceback" not in res.output, res.output
    assert res.output.count("error:") == 1, res.output  # one message (rich may wrap it at 80 columns)
    r = api.get(f"/api/v1/analyze/{name}", params=inputs)
    assert r.status_code == 400 and api_word in r.json()["error"]["message"], r.text


def test_the_web_reads_no_server_file(api: TestClient) -> None:
    for name, params in (("companies", {"source": "/etc/passwd"}), ("index", {"spec": "/etc/passwd"}),
                         ("concentration", {"companies": "../../etc/passwd"}),
                         ("keywords", {"a": "/etc/passwd", "b": "jurisdiction=CHN"})):
        r = api.get(f"/api/v1/analyze/{name}", params=params)
        assert r.status_code == 400 and "root:" not in r.text, (name, r.text)
    assert api.get("/api/v1/analyze/astrology").status_code == 404
    assert api.get("/api/v1/analyze/rank", params={"indicator": "GERD_USD", "year": "2020", "planet": "x"}
                   ).status_code == 400
