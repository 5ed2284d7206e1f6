"""What the pages' pickers offer: jurisdictions by name in the reader's language (groups included, so that
"G7" or "金砖国家" can be typed) and indicators by name, grouped by theme. Registered as template globals."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from policyscope.model import registry
from policyscope.model.indicator_themes import THEMES, indicator_theme, theme_label
from policyscope.model.jurisdictions import GROUP_KINDS
from policyscope.web import i18n

_PICKABLE = ("country", "territory", "supranational", *GROUP_KINDS)


def picker_value(codes: list[str], lang: str) -> str:
    """Codes → the names a reader types back ("中国,美国"); a name that would not resolve to its code (e.g.
    "Congo") stays a code, so the form always round-trips."""
    reg = registry()
    out = []
    for c in codes:
        name = i18n.jname(c, lang)
        try:
            ok = reg.resolve_code(name) == c
        except ValueError:
            ok = False
        out.append(name if ok else c)
    return ",".join(out)


@lru_cache(maxsize=2)
def picker_names(lang: str) -> tuple[str, ...]:
    """Names offered while typing: groups first (they expand to their members), then countries and territories;
    an English reader gets groups by their codes (G7, OECD), which read better than the long names."""
    rows = [j for j in registry().by_code.values()
            if j.kind in _PICKABLE and (j.kind not in GROUP_KINDS or j.members)]
    rows.sort(key=lambda j: (j.kind not in (*GROUP_KINDS, "supranational"), i18n.jname(j.code, lang)))
    return tuple(dict.fromkeys(j.code if lang == "en" and j.kind in GROUP_KINDS else i18n.jname(j.code, lang)
                               for j in rows))


def indicator_groups(indicators: list[dict[str, Any]], lang: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Indicators grouped by theme (in the themes' order), each group sorted by name in the reader's language."""
    groups: dict[str, list[dict[str, Any]]] = {t: [] for t in THEMES}
    for i in indicators:
        groups[indicator_theme(str(i["code"]))].append(i)
    key = "name_zh" if lang == "zh" else "name_en"
    return [(theme_label(t, lang), sorted(rows, key=lambda r: str(r.get(key) or r.get("name_en") or "")))
            for t, rows in groups.items() if rows]


GLOBALS = {"picker_value": picker_value, "picker_names": picker_names, "indicator_groups": indicator_groups}
