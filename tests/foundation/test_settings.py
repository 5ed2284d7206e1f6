"""Every ``POLICYSCOPE_*`` variable read anywhere (code, tests, benchmarks, CI, Makefile) is declared in
``policyscope.settings`` and documented in docs/settings.md; a bad value is refused naming the variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyscope.settings import SettingsError, settings, variables

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\bPOLICYSCOPE_[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def _mentioned() -> dict[str, set[str]]:
    """Each POLICYSCOPE_* name found in the project's code and scripts, with the files that mention it."""
    files = [p for d in ("src", "tests", "bench", "scripts") for p in (ROOT / d).rglob("*.py")]
    files += [p for p in (ROOT / "Makefile", ROOT / ".ci" / "run") if p.exists()]
    found: dict[str, set[str]] = {}
    for p in files:
        for m in NAME.finditer(p.read_text(encoding="utf-8", errors="replace")):
            found.setdefault(m.group(0), set()).add(str(p.relative_to(ROOT)))
    return found


def test_every_variable_read_is_declared_and_documented() -> None:
    declared = set(variables())
    used = _mentioned()
    assert {"POLICYSCOPE_DB", "POLICYSCOPE_SEARCH_DIR", "POLICYSCOPE_INGEST_BATCH"} <= set(used)
    undeclared = {k: sorted(v) for k, v in used.items() if k not in declared}
    assert not undeclared, f"declare these in policyscope/settings.py: {undeclared}"
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert not [k for k in declared if f"`{k}`" not in doc], "document every variable in docs/settings.md"
    assert all(variables().values()), "every variable has a description"


def test_values_are_typed_and_a_bad_value_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYSCOPE_INGEST_BATCH", "4")
    monkeypatch.setenv("POLICYSCOPE_SEARCH_DIR", str(tmp_path))
    monkeypatch.setenv("POLICYSCOPE_PUBLIC_READ", "false")
    s = settings()
    assert s.ingest_batch == 4 and s.search_dir == tmp_path and s.public_read is False
    monkeypatch.setenv("POLICYSCOPE_INGEST_BATCH", "many")
    with pytest.raises(SettingsError, match="POLICYSCOPE_INGEST_BATCH.*'many'"):
        settings()
    monkeypatch.setenv("POLICYSCOPE_INGEST_BATCH", "0")
    with pytest.raises(SettingsError, match="POLICYSCOPE_INGEST_BATCH"):
        settings()
    monkeypatch.delenv("POLICYSCOPE_INGEST_BATCH")
    assert settings().ingest_batch == 32  # read again when the environment changes
