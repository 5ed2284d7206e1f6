"""Data flows one way: a module imports only from its own stage and earlier stages (``safety`` first, then
``model``: the shared guards against hostile input import nothing else from policyscope)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "policyscope"
ORDER = ["safety", "model", "scale", "sources", "ingest", "store", "analysis", "report", "web"]


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "policyscope":
        return None
    return parts[1] if parts[1] in ORDER else None


def test_no_module_reaches_a_later_stage() -> None:
    bad: list[str] = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        own = rel.parts[0] if len(rel.parts) > 1 else None
        if own not in ORDER:
            continue  # cli.py, commands/, notebook.py may import anything
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for n in names:
                st = _stage(n)
                if st and ORDER.index(st) > ORDER.index(own):
                    bad.append(f"{rel}:{node.lineno} imports {n}")
                if n.startswith("policyscope.commands") or n == "policyscope.cli":
                    bad.append(f"{rel}:{node.lineno} imports the CLI ({n})")
    assert not bad, "\n".join(bad)
