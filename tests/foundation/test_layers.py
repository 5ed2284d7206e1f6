"""Data flows one way: a module imports only from its own stage and earlier stages (``safety`` first, then
``model``: the shared guards against hostile input import nothing else from policyscope but the error kinds
of ``policyscope.errors``, which import nothing). No module imports itself round a circle, and the web keeps
its layers (routers → request dependencies and services → store)."""

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


# -- import cycles and the web's layers ---------------------------------------------------------------------

WEB_ROUTERS = {"policyscope.web.api", "policyscope.web.pages", "policyscope.web.cite", "policyscope.web.coverage",
               "policyscope.web.maps", "policyscope.web.watch_routes"}
WEB_SERVICES = "policyscope.web.services"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The policyscope modules ``path`` imports when it runs: at the top or inside functions (a lazy import
    still closes a circle), but not under ``if TYPE_CHECKING:``, which never runs, and not its own parent
    packages (Python has loaded them before the module starts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        for n in names:
            while n and n not in modules:  # `from pkg import mod` names a module; `from mod import name` does not
                n = n.rpartition(".")[0]
            if n and n != me and not me.startswith(n + "."):  # a parent package is always loaded first anyway
                out.add(n)
    return out


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in SRC.rglob("*.py")}
    modules = set(paths)
    return {m: _runtime_imports(p, modules) for m, p in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_in_web() -> None:
    """web/ has layers (routers → deps, services → store): no module of it imports itself round a circle."""
    graph = _graph()
    web = {m: {d for d in deps if d.startswith("policyscope.web")} for m, deps in graph.items()
           if m.startswith("policyscope.web")}
    assert not _cycles(web), "import cycles in web/:\n" + "\n".join(" ↔ ".join(c) for c in _cycles(web))


# circles that are there on purpose, by a module in them and why
KNOWN_CYCLES = {
    "policyscope.sources.registry": "each adapter registers itself with the registry, which imports the adapters "
                                    "package on first use (plugin registration)",
}


def test_no_new_import_cycles_package_wide() -> None:
    """Across the whole package the only circles are the deliberate ones in ``KNOWN_CYCLES``."""
    unexplained = [c for c in _cycles(_graph()) if not set(c) & set(KNOWN_CYCLES)]
    assert not unexplained, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in unexplained)


def test_web_routers_use_services_and_services_never_use_routers() -> None:
    """Routers (api, pages, cite, coverage) → request dependencies and services → store: a service never
    reaches back up to a router, a request dependency, rendering or the app, and routers never import each
    other (what two routers share is a service)."""
    graph = _graph()
    services = {m for m in graph if m == WEB_SERVICES or m.startswith(WEB_SERVICES + ".")}
    assert services and set(graph) >= WEB_ROUTERS
    upward = {"policyscope.web.app", "policyscope.web.deps", "policyscope.web.rendering", "policyscope.web.errors",
              "policyscope.web.middleware", "policyscope.web.factory", *WEB_ROUTERS}
    bad = [f"{s} imports {d}" for s in sorted(services) for d in sorted(graph[s] & upward)]
    assert not bad, "services must not import routers, request dependencies or the app:\n" + "\n".join(bad)
    for r in sorted(WEB_ROUTERS):
        assert "policyscope.web.deps" in graph[r], f"{r} does not take its dependencies from web/deps.py"
        assert not graph[r] & (WEB_ROUTERS | {"policyscope.web.app"}), f"{r} imports another router or the app"
