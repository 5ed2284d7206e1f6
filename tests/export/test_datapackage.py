"""A fresh Data Package export passes the Frictionless validator, and its schema follows the database's views."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from policyscope.store.database import open_db
from policyscope.store.export import RESOURCES, columns, export, field_type, resolved_resources
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def package(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pkg")
    r = run_cli("export", "--format", "datapackage", "--out", str(out), db=built_db)
    assert r.returncode == 0, r.stderr
    return out


def test_frictionless_validate_reports_no_error(package: Path) -> None:
    """The validator the field uses, as a user runs it, on every resource (keys and foreign keys included)."""
    exe = Path(sys.executable).parent / "frictionless"
    r = subprocess.run([str(exe), "validate", "--json", str(package / "datapackage.json")],
                       capture_output=True, text=True, timeout=900)
    report = json.loads(r.stdout)
    errors = [e for t in report["tasks"] for e in t["errors"]] + report.get("errors", [])
    assert report["valid"] and not errors, json.dumps(errors[:10], ensure_ascii=False)
    assert r.returncode == 0
    checked = {t["name"] for t in report["tasks"]}
    assert {"events", "observations", "documents", "jurisdictions", "coverage"} <= checked


def test_every_view_column_has_a_schema_field_of_its_type(package: Path, built_db: Path) -> None:
    pkg = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in pkg["resources"]}
    with open_db(built_db, read_only=True) as db:
        views = {v for (v,) in db.con.execute("SELECT table_name FROM information_schema.tables WHERE "
                                              "table_schema = 'main' AND table_type = 'VIEW'").fetchall()}
        assert views <= set(by_name), f"published views not exported: {views - set(by_name)}"
        for spec, rel in resolved_resources(db):
            fields = {f["name"]: f["type"] for f in by_name[spec.name]["schema"]["fields"]}
            cols = columns(db, rel)
            assert list(fields) == [c for c, _ in cols], spec.name
            assert all(fields[c] == field_type(t) for c, t in cols), spec.name
    ev = {f["name"]: f["type"] for f in by_name["events"]["schema"]["fields"]}
    assert ev["date"] == "date" and ev["created_at"] == "datetime" and ev["domains"] == "array"
    assert {f["name"]: f["type"] for f in by_name["observations"]["schema"]["fields"]}["year"] == "integer"
    assert by_name["documents"]["schema"]["fields"][4] == {"name": "published", "type": "date"}


def test_keys_licences_and_sources_per_resource(package: Path) -> None:
    pkg = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    assert res["events"]["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["jurisdiction"], "reference": {"resource": "jurisdictions", "fields": ["code"]}} in \
        res["events"]["schema"]["foreignKeys"]
    assert res["observations"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "indicators",
                                                                             "fields": ["code"]}
    for name in ("events", "observations", "indicators", "edges", "documents"):
        assert res[name].get("licenses") and res[name].get("sources"), name
    obs_lic = {lic["title"] for lic in res["observations"]["licenses"]}
    assert "CC BY 4.0" in obs_lic and any("NCSES" in t for t in obs_lic)
    assert any("AGORA" in s["title"] for s in res["events"]["sources"])
    assert "policyscope" in pkg["citation"]["en"] and "访问日期" in pkg["citation"]["zh"]
    assert (package / "citation.bib").read_text(encoding="utf-8").startswith("@misc{policyscope")


def test_the_validator_catches_a_broken_foreign_key_and_a_datetime_in_a_date(package: Path, tmp_path: Path) -> None:
    """Guard against a validator that checks nothing: break the data and expect the errors of issue 16."""
    from frictionless import Package, system

    pkg = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] in ("jurisdictions", "events")]
    shutil.copy(package / "jurisdictions.csv", tmp_path / "jurisdictions.csv")
    with (package / "events.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:40]
    rows[1]["jurisdiction"] = "XXX"
    rows[2]["date"] = "2023-01-01 00:00:00"
    with (tmp_path / "events.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = [(e.type, getattr(e, "row_number", None)) for t in report.tasks for e in t.errors]
    assert ("foreign-key", 3) in errors and ("type-error", 4) in errors, errors


def test_new_view_columns_are_exported_without_code_changes(writable_db: Path, tmp_path: Path) -> None:
    """Another stage adding a column to a view: the schema picks it up, typed."""
    con = duckdb.connect(str(writable_db))
    con.execute("ALTER TABLE core.event ADD COLUMN weight_new DOUBLE")
    con.execute("ALTER TABLE core.event ADD COLUMN regions_new VARCHAR[]")
    con.execute("UPDATE core.event SET weight_new = 0.5, regions_new = ['US-CA']")
    con.execute("CREATE OR REPLACE VIEW main.events AS SELECT *, FROM core.event")
    con.execute("CREATE VIEW main.new_things AS SELECT 1::BIGINT AS n, DATE '2020-01-02' AS d")
    con.close()
    with open_db(writable_db, read_only=True) as db:
        export(db, "datapackage", tmp_path)
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    ev = {f["name"]: f["type"] for f in res["events"]["schema"]["fields"]}
    assert ev["weight_new"] == "number" and ev["regions_new"] == "array"
    assert {f["name"]: f["type"] for f in res["new_things"]["schema"]["fields"]} == {"n": "integer", "d": "date"}
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    assert json.loads(first["regions_new"]) == ["US-CA"] and float(first["weight_new"]) == 0.5


def test_declared_resources_have_unique_names() -> None:
    names = [r.name for r in RESOURCES]
    assert len(names) == len(set(names))
