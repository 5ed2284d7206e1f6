"""Analyses: one function per figure type, reached by the CLI, the API, the web pages and the reports.

Each takes a :class:`policyscope.store.Database` first and returns a pydantic result with ``rows``,
coverage, sources and vintages (see ``base.AnalysisResult``). Import the modules directly, e.g.
``from policyscope.analysis.share import share``.
"""

from __future__ import annotations

ANALYSES = ("counts", "share", "rank", "growth", "tiers", "concentration", "network", "keywords", "radar", "index",
            "companies")
