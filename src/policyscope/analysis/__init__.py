"""Analyses: one function per figure type, reached by the CLI, the API, the web pages and the reports.

Each takes a :class:`policyscope.store.Database` first and returns a pydantic result with ``rows``,
coverage, sources and vintages (see ``base.AnalysisResult``). Each declares one ``Params`` model beside its
function, and :mod:`policyscope.analysis.registry` registers them all once (name → model, function, doc):
``registry.get("share").call(db, {"indicator": "GERD_USD", "year": "2018"})``. Import the modules directly,
e.g. ``from policyscope.analysis.share import share``.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``ANALYSES``: the registered names, read from the registry when asked (importing every analysis module
    only then, so ``import policyscope.analysis.base`` stays light)."""
    if name == "ANALYSES":
        from policyscope.analysis.registry import names

        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
