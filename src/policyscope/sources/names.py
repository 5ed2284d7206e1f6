"""Harmonising the jurisdiction names each source uses (World Bank, NCSES, OpenAlex ISO2, Eurostat)."""

from __future__ import annotations

from collections.abc import Iterable

from policyscope.model import registry


def map_names(names: Iterable[str], extra: dict[str, str | None] | None = None) -> tuple[dict[str, str], list[str]]:
    """Resolve each distinct name to a code; return (mapping, unresolved names). ``extra`` overrides the
    resolver for source-specific labels (a value of None means "known, deliberately not a jurisdiction")."""
    reg = registry()
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for n in sorted({str(x) for x in names if x is not None and str(x) != "nan"}):
        if extra and n in extra:
            code = extra[n]
            if code:
                mapping[n] = code
            continue
        r = reg.resolve(n)
        if r.status == "resolved" and r.code:
            mapping[n] = r.code
        else:
            unknown.append(n)
    return mapping, unknown
