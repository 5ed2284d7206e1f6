"""EEA database on climate policies and measures (PaMs) reported by European countries → one event per
reported policy or measure, domain ``energy_climate`` (plus others when the name fits).

Rules: ``Country`` → jurisdiction; ``Geographical_coverage`` Regional/Local → level subnational (Belgian
measures of Flanders, Wallonia or Brussels get their ISO 3166-2 subdivision from the name); ``Type of policy
instrument`` (``;``-separated) → type and ``Status of implementation`` → status through
``crosswalks/eea_instrument_types.csv`` and ``eea_status.csv``; ``Implementation period start`` → date, precision
year, ``date_kind='start'``; without a valid start year the reporting year (2023) with ``date_kind='reported'``
(the measure was reported as implemented, adopted or planned by then). Record id:
``<ISO3>-<ID of policy or measure>``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from policyscope.sources.base import Bundle, SourceAdapter
from policyscope.sources.event_rows import (
    Rows,
    domains_from_text,
    first_mapped,
    parse_year,
    read_source_csv,
    year_date,
)
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = "European Environment Agency: re-use free of charge with acknowledgement of the EEA as the source"
NAME = "Name of policy or measure"
NEED = ["Country", "ID of policy or measure", NAME, "Description", "Geographical_coverage",
        "Type of policy instrument", "Status of implementation", "Entities responsible for implementing the policy",
        "Implementation period start", "URL to main reference"]
REPORTING_YEAR = 2023  # the 2023 reporting cycle under the EU Governance Regulation
BELGIAN_REGIONS = [(re.compile(r"flemish|flanders|vlaams|vlaanderen", re.I), "BE-VLG"),
                   (re.compile(r"walloon|wallonia|wallonie", re.I), "BE-WAL"),
                   (re.compile(r"brussels|bruxelles|brussel", re.I), "BE-BRU")]


def _subdivision(juris: str, text: str) -> str | None:
    if juris != "BEL":
        return None
    return next((code for pat, code in BELGIAN_REGIONS if pat.search(text)), None)


@register
class EEAPaMs(SourceAdapter):
    name = "eea_pams"
    title = "EEA database on climate policies and measures in Europe (2023 reporting)"
    licence = LICENCE
    origin = "pam.apps.eea.europa.eu CSV download (repo HUANGZHIHAO1994/GCCMPD-climate-policy-dataset, b4b12c0)"
    processing = "one event per reported PaM; instrument type and status crosswalks; start year"
    raw_paths = ("eea_climate_policies_and_measures/eea_pams_2023.csv.gz",)

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = Path(paths[0])
        rows = Rows(self.name)
        df = read_source_csv(path, rows, NEED, broken_key=lambda fields: (
            "|".join(fields[:2]), fields[2] if len(fields) > 2 else None))
        mapping, _ = map_names(df["Country"])
        seen: set[str] = set()
        for i, r in enumerate(df.to_dict("records"), start=2):
            title = r[NAME].strip()
            juris = mapping.get(r["Country"])
            rid = f"{juris or r['Country']}-{r['ID of policy or measure'].strip()}"
            if juris is None:
                rows.exclude(rid, title, None, f"unknown country label {r['Country']!r} ({path.name} row {i})")
                continue
            if not title:
                rows.exclude(rid, None, juris, f"no title ({path.name} row {i})")
                continue
            if rid in seen:
                rows.exclude(rid, title, juris, f"duplicate policy id ({path.name} row {i})")
                continue
            seen.add(rid)
            start = parse_year(r["Implementation period start"], latest=2050)
            coverage = r["Geographical_coverage"]
            sub = coverage in ("Regional", "Local")
            rows.add(
                id=f"ev_eea_{rid}", jurisdiction=juris, level="subnational" if sub else "national",
                subdivision=_subdivision(juris, f"{title} {r['Entities responsible for implementing the policy']}")
                if sub else None,
                date=year_date(start or REPORTING_YEAR), date_precision="year",
                date_kind="start" if start else "reported",
                title=title, title_en=title,
                type=first_mapped(r["Type of policy instrument"].split(";"), "eea_instrument_types") or "other",
                status=first_mapped([r["Status of implementation"]], "eea_status") or "unknown",
                domains=["energy_climate", *domains_from_text(title)],
                issuer=r["Entities responsible for implementing the policy"].strip().removeprefix("No information") or None,
                description=r["Description"].strip() or None, url=r["URL to main reference"].strip() or None,
                source_record_id=rid, licence=LICENCE, retrieved="EEA PaMs database, 2023 reporting",
                provenance=json.dumps({"coverage": coverage, "instrument": r["Type of policy instrument"]}),
            )
        unknown = sorted({r["reason"].split("'")[1] for r in rows.excluded if r["reason"].startswith("unknown")})
        return Bundle(self.name, rows.frames(), unknown, rows.notes)
