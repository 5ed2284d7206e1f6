"""The two lists that may only shrink (scripts/typecheck.py, scripts/complexity.py): how they read tool output,
and that the committed lists hold nothing the rules forbid. Running mypy and ruff themselves is `make test`'s
job, before pytest."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_mypy_error_is_listed_without_its_line_numbers() -> None:
    tc = _script("typecheck")
    m = tc.ERROR.match('src/policyscope/x.py:12: error: "f" gets multiple values (see line 7)  [misc]')
    assert m is not None
    assert tc.entry(m["path"], m["code"], m["message"]) == 'src/policyscope/x.py: [misc] "f" gets multiple values (see line N)'


def test_the_strict_packages_come_from_pyproject_and_have_no_listed_error() -> None:
    tc = _script("typecheck")
    strict = tc.strict_prefixes()
    assert {"src/policyscope/model/", "src/policyscope/analysis/", "src/policyscope/store/"} <= set(strict)
    listed = list(tc.read_baseline().elements())
    assert listed, "the baseline file is missing"
    assert not [e for e in listed if e.startswith(strict)]


def test_complexity_list_names_functions_by_path() -> None:
    cx = _script("complexity")
    m = cx.NAME.match("`create_app` is too complex (44 > 10)")
    assert m is not None and m["name"] == "create_app"
    listed = list(cx.read_baseline().elements())
    assert listed and all(e.startswith("src/policyscope/") and "::" in e for e in listed)
    assert listed == sorted(listed)
