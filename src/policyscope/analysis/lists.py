"""Comma lists as people type them (``a,b，c、d`` or repeated values): the one splitter of the analyses.

Its own module so that ``analysis.base`` and ``analysis.params`` both use it without importing each other."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

SEPARATORS = re.compile(r"[,，、]")


def split_list(value: Any) -> list[str] | None:
    """``"a,b，c、d"``, ``["a", "b,c"]`` or repeated values → ``["a", "b", "c", "d"]``; nothing → None."""
    if value is None:
        return None
    items = [value] if isinstance(value, str | int | float | date) else list(value)
    out: list[str] = []
    for item in items:
        out.extend(p.strip() for p in SEPARATORS.split(str(item)) if p.strip())
    return out or None
