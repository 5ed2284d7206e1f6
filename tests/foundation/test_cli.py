"""The CLI as a user runs it (subprocess, real database)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.conftest import run_cli


def test_every_command_has_help_with_example() -> None:
    out = subprocess.run([sys.executable, "-m", "policyscope", "--help"], capture_output=True, text=True).stdout
    commands = re.findall(r"│ (\w[\w-]*)\s{2,}", out)
    assert "build" in commands and "sql" in commands
    from typer.main import get_command

    from policyscope.cli import app

    root = get_command(app)
    missing = []

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, c in sub.items():
                walk(c, [*path, name])
        elif "Example:" not in (cmd.help or ""):
            missing.append(" ".join(path))

    walk(root, [])
    assert not missing, f"commands without an Example in --help: {missing}"


def test_sql_json_and_refusal(built_db: Path) -> None:
    r = run_cli("sql", "select count(*) as n from jurisdictions", "--format", "json", db=built_db)
    assert r.returncode == 0 and json.loads(r.stdout)[0]["n"] >= 250
    r = run_cli("sql", "delete from core.event", db=built_db)
    assert r.returncode == 1 and "read-only" in r.stderr and "DELETE" in r.stderr
    r = run_cli("sql", "select nonsense from", db=built_db)
    assert r.returncode == 1 and "syntax" in r.stderr.lower()


def test_resolve_and_indicators(built_db: Path) -> None:
    r = run_cli("jurisdictions", "resolve", "美国", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["code"] == "USA"
    r = run_cli("jurisdictions", "resolve", "Atlantis")
    assert r.returncode == 2
    r = run_cli("indicators", "show", "GERD_USD", "--format", "json", db=built_db)
    data = json.loads(r.stdout)
    assert data["name_zh"] and data["formula"].startswith("GB.XPD.RSDV.GD.ZS")
    r = run_cli("indicators", "show", "NOT.A.CODE", db=built_db)
    assert r.returncode == 1 and "NOT.A.CODE" in r.stderr


def test_events_list_filters(built_db: Path) -> None:
    r = run_cli("events", "list", "--jurisdiction", "美国", "--from", "2020-01-01", "--format", "json",
                "--limit", "20", db=built_db)
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    assert rows and all(x["jurisdiction"] == "USA" and x["date"] >= "2020-01-01" for x in rows)
    r = run_cli("events", "list", "--domain", "nonsense", db=built_db)
    assert r.returncode == 1 and "nonsense" in r.stderr


def test_missing_db_message(tmp_path: Path) -> None:
    r = run_cli("sql", "select 1", db=tmp_path / "none.duckdb")
    assert r.returncode == 1 and "policyscope build" in r.stderr


def test_export_datapackage(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("export", "--format", "datapackage", "--out", str(tmp_path / "pkg"), db=built_db)
    assert r.returncode == 0, r.stderr
    pkg = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    names = {res["name"] for res in pkg["resources"]}
    assert {"events", "observations", "indicators", "edges"} <= names
    assert any("CC BY 4.0" in lic["title"] and lic["name"] == "CC-BY-4.0" for lic in pkg["licenses"])
    obs = pd.read_csv(tmp_path / "pkg" / "observations.csv", nrows=5)
    assert list(obs.columns) == ["indicator", "jurisdiction", "year", "value", "source", "vintage"]
