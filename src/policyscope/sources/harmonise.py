"""Jurisdiction names as each source writes them → our codes.

The registry (``policyscope.model.jurisdictions``) already knows ISO names, World Bank and NCSES spellings and
Chinese names; this module adds what only one source says (``Somalia, Fed. Rep.``, Eurostat's ``EL``, NCSES's
HTML-escaped ``C&#244;te d&#8217;Ivoire``) and the labels that are deliberately *not* jurisdictions (regional
totals such as ``Africa`` or ``EU-27 and United Kingdom``): those are reported as *excluded*, never dropped
silently. Used by file import (sources) and re-exported by ``policyscope.analysis.normalise``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from policyscope.sources.names import map_names

# source → {label: code or None (known, not a jurisdiction)}
SOURCE_NAMES: dict[str, dict[str, str | None]] = {
    "worldbank": {
        # World Bank names the registry does not hold (its codes are always preferred when a file has them)
        "Curacao": "CUW", "St. Martin (French part)": "MAF", "Puerto Rico (US)": "PRI", "Somalia, Fed. Rep.": "SOM",
        "Macedonia, FYR": "MKD", "World": "WLD", "European Union": "EUU",
        "Middle East & North Africa": "MEA", "Middle East & North Africa (excluding high income)": "MNA",
        "Middle East & North Africa (IDA & IBRD countries)": "TMN",
    },
    "ncses": {
        "Congo, Democratic Republic of the": "COD", "Congo, Republic of the": "COG", "Holy See (Vatican City)": "VAT",
        "G20 countries": "G20", "EU-27": "EU27",
        # regional totals and historical or partial units: not one of our jurisdictions
        "Africa": None, "Asia": None, "Australia and Oceania": None, "Australia/Oceania": None,
        "Central America and Caribbean": None, "Middle East": None, "Other Europe": None,
        "Other Europe (2020)": None, "Other Europe, 2020": None, "South America": None,
        "EU-27 and United Kingdom": None, "EU-27 and UK": None, "Unclassified": None, "Unassigned": None,
        "Serbia and Montenegro": None, "Yugoslavia": None, "Gaza Strip": None, "Gaza Stripe": None,
        "West Bank": None, "West Banke": None, "Central and South America": None, "Oceania": None,
        "Rest of Asia": None, "Rest of Europe": None, "Rest of North America": None, "Rest of world": None,
        "Rest of World": None, "African IPO": None, "African Regional IPO": None,
        "Eurasian Patent Organization": None, "European Patent Office": None, "Gulf States Patent Office": None,
    },
    "eurostat": {
        "EL": "GRC", "UK": "GBR", "CN_X_HK": "CHN", "EU27_2020": "EU27", "EA19": "EMU", "EA20": "EMU",
        "EU28": None, "EA": "EMU",
    },
    "oecd": {"EU27_2020": "EU27", "OECD": "OECD", "OECDE": None, "EA19": "EMU", "EA20": "EMU", "EU28": None},
}


_FOOTNOTE = re.compile(r"<sup>.*?</sup>|<[^>]+>")


class Harmonised(BaseModel):
    """Outcome of harmonising a set of names: resolved, deliberately excluded, unknown."""

    mapping: dict[str, str] = Field(default_factory=dict)
    excluded: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)


def harmonise_names(names: Iterable[object], source: str | None = None,
                    extra: dict[str, str | None] | None = None) -> Harmonised:
    """Map each distinct name to a jurisdiction code using the registry plus ``source``'s own labels.

    ``extra`` (e.g. a file-import spec's ``names`` table) overrides both.
    """
    if source is not None and source not in SOURCE_NAMES:
        raise ValueError(f"unknown name table {source!r}; known: {', '.join(SOURCE_NAMES)}")
    overrides: dict[str, str | None] = dict(SOURCE_NAMES.get(source or "", {}))
    overrides.update(extra or {})
    raw = sorted({str(n).strip() for n in names if n is not None and str(n).strip() not in ("", "nan", "None")})
    # names with HTML entities or footnote marks (NCSES conversions) are resolved through their clean form
    unescaped = {n: _FOOTNOTE.sub("", html.unescape(n)).replace("\u2019", "'").strip() for n in raw}
    mapping, unknown = map_names(set(unescaped.values()), extra=overrides)
    out = Harmonised()
    for n in raw:
        u = unescaped[n]
        if n in overrides or u in overrides:
            code = overrides.get(n, overrides.get(u))
            if code:
                out.mapping[n] = code
            else:
                out.excluded.append(n)
        elif u in mapping:
            out.mapping[n] = mapping[u]
        else:
            out.unknown.append(n)
    return out


# EU accession years (membership counted from 1 January of the year after accession if mid-year is irrelevant
# for annual data: we count a country as a member in a year if it was a member on 31 December).
_EU_JOINED: dict[str, int] = {
    "BEL": 1958, "DEU": 1958, "FRA": 1958, "ITA": 1958, "LUX": 1958, "NLD": 1958,
    "DNK": 1973, "IRL": 1973, "GBR": 1973, "GRC": 1981, "PRT": 1986, "ESP": 1986,
    "AUT": 1995, "FIN": 1995, "SWE": 1995,
    "CYP": 2004, "CZE": 2004, "EST": 2004, "HUN": 2004, "LVA": 2004, "LTU": 2004, "MLT": 2004, "POL": 2004,
    "SVK": 2004, "SVN": 2004, "BGR": 2007, "ROU": 2007, "HRV": 2013,
}
_EU_LEFT: dict[str, int] = {"GBR": 2020}  # left on 31 January 2020: not a member at the end of 2020


def eu_members(year: int | None = None) -> list[str]:
    """EU member states at the end of ``year`` (None: today's EU27)."""
    if year is None:
        from policyscope.model import registry

        return sorted(registry().members("EU27"))
    return sorted(c for c, y in _EU_JOINED.items() if y <= year and _EU_LEFT.get(c, 9999) > year)


# Our group sums and the figures sources publish for (nearly) the same set of members. They differ in coverage
# and method (a source's own total includes estimates for members without data), so an analysis must say which
# one it divides by; these are the labels to look for in each source.
AGGREGATE_EQUIVALENTS: dict[str, dict[str, str]] = {
    "WORLD": {"worldbank": "WLD", "ncses": "World", "openalex": "(sum over countries)"},
    "EU27": {"worldbank": "EUU", "ncses": "EU-27", "eurostat": "EU27_2020", "oecd": "EU27_2020"},
    "EMU": {"worldbank": "EMU", "eurostat": "EA20", "oecd": "EA20"},
    "OECD": {"worldbank": "OED", "oecd": "OECD"},
}
