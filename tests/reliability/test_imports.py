"""Attacks on `indicators import` (issue 15, finding 10): a kill -9 in the middle, a ragged CSV, a derived
code. Route: the real CLI in a subprocess on a real database. Must not happen: a manifest (which every build
re-applies) standing for an import that never committed; a traceback; "loaded" for data that the next load
silently recomputes over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyscope.store import open_db
from tests.conftest import ROOT, run_cli

EXAMPLES = ROOT / "docs" / "examples"
GERD_CSV = EXAMPLES / "ncses_gerd_latest_sei2022.csv"
GERD_SPEC = EXAMPLES / "ncses_gerd_spec.yaml"


def _committed(db: Path, code: str) -> int:
    with open_db(db, read_only=True) as d:
        return int(d.scalar("SELECT count(*) FROM observations WHERE indicator = ?", [code]))


def test_kill_during_import_never_leaves_a_manifest_for_an_uncommitted_import(writable_db: Path,
                                                                              tmp_path: Path) -> None:
    """SIGKILL at three moments after the import has kept its copy (before, during and maybe after the load)."""
    raw = writable_db.parent / "raw"
    for attempt, delay in enumerate((0.0, 0.4, 1.5)):
        code, csv = f"KILL.GERD.K{attempt}", tmp_path / f"gerd_k{attempt}.csv"
        csv.write_bytes(GERD_CSV.read_bytes())
        spec = tmp_path / f"spec_k{attempt}.yaml"
        spec.write_text(GERD_SPEC.read_text(encoding="utf-8").replace("code: NCSES.GERD.PPP", f"code: {code}"),
                        encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "policyscope", "indicators", "import", str(csv), "--spec",
                                 str(spec), "--db", str(writable_db)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None and not list(raw.glob(f"file_{csv.stem}_*.csv")):
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert list(raw.glob(f"file_{csv.stem}_*.csv")), "killed before the import started; proves nothing"
        manifests = list(raw.glob(f"file_{csv.stem}_*.manifest.json"))
        committed = _committed(writable_db, code)
        # the invariant every build relies on: a manifest exists only for an import that committed
        assert (not manifests and committed == 0) or (len(manifests) == 1 and committed == 74), \
            f"kill after {delay} s: manifests {[m.name for m in manifests]} but {committed} observations committed"
    r = run_cli("indicators", "kept", "--format", "json", db=writable_db)
    assert r.returncode == 0
    # and the import can simply be run again
    r = run_cli("indicators", "import", str(GERD_CSV), "--spec", str(GERD_SPEC), db=writable_db)
    assert r.returncode == 0, r.stderr
    assert _committed(writable_db, "NCSES.GERD.PPP") == 74


def test_half_written_or_tampered_manifest_is_not_applied(tmp_path: Path) -> None:
    from policyscope.commands.indicators_io import _keep_file, read_manifest, write_manifest_atomically
    from policyscope.sources.base import SourceError

    raw = tmp_path / "raw"
    path, content, copies = _keep_file(raw, GERD_CSV, GERD_SPEC, False, "t")
    write_manifest_atomically(path, content)
    assert not list(raw.glob(".*tmp*"))
    read_manifest(path)
    path.write_text(json.dumps(content)[:50], encoding="utf-8")  # what a kill used to leave
    with pytest.raises(SourceError, match="unreadable or incomplete"):
        read_manifest(path)
    write_manifest_atomically(path, content)
    copies[0].write_text(copies[0].read_text(encoding="utf-8").replace("668351.2", "9999999"), encoding="utf-8")
    with pytest.raises(SourceError, match="changed since it was imported"):
        read_manifest(path)


@pytest.mark.parametrize(("name", "make", "expect"), [
    ("extra_fields", lambda ls: ls[:4] + [ls[4] + ",stray,fields"] + ls[5:], ["ragged", "line 5", "10 fields"]),
    ("every_row_longer", lambda ls: [ls[0]] + [x + ",9" for x in ls[1:]], ["ragged", "line 2", "9 fields"]),
    ("header_shorter", lambda ls: [ls[0].rsplit(",", 1)[0]] + ls[1:], ["ragged", "line 2", "header has 7"]),
    ("unbalanced_quote", lambda ls: ls[:3] + ['"' + ls[3]] + ls[4:], ["ragged", "line 4", "unbalanced quote"]),
])
def test_ragged_csv_gets_a_clear_error_naming_file_and_line(writable_db: Path, tmp_path: Path, name: str,
                                                           make: object, expect: list[str]) -> None:
    lines = GERD_CSV.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / f"{name}.csv"
    bad.write_text("\n".join(make(lines)) + "\n", encoding="utf-8")  # type: ignore[operator]
    r = run_cli("indicators", "import", str(bad), "--spec", str(GERD_SPEC), db=writable_db)
    err = "".join(r.stderr.split())  # rich wraps long lines anywhere: compare without whitespace
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr[-1500:]
    assert bad.name in err and all("".join(e.split()) in err for e in expect), r.stderr
    assert _committed(writable_db, "NCSES.GERD.PPP") == 0
    assert not list((writable_db.parent / "raw").glob("*.manifest.json"))


def test_importing_a_derived_code_is_refused_naming_the_formula(writable_db: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(GERD_SPEC.read_text(encoding="utf-8").replace("code: NCSES.GERD.PPP", "code: GERD_USD"),
                    encoding="utf-8")
    with open_db(writable_db, read_only=True) as d:
        before = d.scalar("SELECT value FROM observations WHERE indicator = 'GERD_USD' AND jurisdiction = 'USA' "
                          "AND year = 2019")
    r = run_cli("indicators", "import", str(GERD_CSV), "--spec", str(spec), "--format", "json", db=writable_db)
    err = "".join(r.stderr.split())
    assert r.returncode == 1, r.stdout
    assert "GERD_USDisaderivedindicator" in err and "GB.XPD.RSDV.GD.ZS/100×NY.GDP.MKTP.CD" in err
    assert '"loaded"' not in r.stdout
    with open_db(writable_db, read_only=True) as d:
        assert d.scalar("SELECT value FROM observations WHERE indicator = 'GERD_USD' AND jurisdiction = 'USA' "
                        "AND year = 2019") == before
    assert not list((writable_db.parent / "raw").glob("*"))
