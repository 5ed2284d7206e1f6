"""Climate Change Laws of the World (Grantham Research Institute, LSE, and Climate Policy Radar) → one event per
law or policy, domain ``energy_climate`` (plus others when the title or keywords fit).

Rules: ``Geography ISO`` → jurisdiction (``EUR`` = the EU, supranational); ``Events`` (``dd/mm/yyyy|type;…``)
keeps dates apart — passed / approved / adopted / signed → ``date_issued``, published / released →
``date_published``, entry into force → ``date_in_force``; ``date`` is the issue date, else publication, else entry
into force, else the first dated event (``date_kind`` says which). Dates before 1901 or after this year are source
errors and are not used (counted in the bundle notes). ``Document Types`` → type through
``crosswalks/cclw_document_types.csv``. The export has no record id: the id is a hash of the ISO code and title.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from policyscope.sources.base import Bundle, SourceAdapter
from policyscope.sources.event_rows import (
    MAX_ISSUED_YEAR,
    MIN_YEAR,
    Rows,
    domains_from_text,
    first_mapped,
    level_of,
    read_source_csv,
)
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = ("Climate Change Laws of the World (Grantham Research Institute, LSE, and Climate Policy Radar); "
           "CC BY 4.0 open data")
NEED = ["Title", "Type", "Geography", "Geography ISO", "Document Types", "Keywords", "Sectors", "Events",
        "Documents", "Description"]
EXTRA = {"EUR": "EU"}
_EVENT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\|([^;]*?)(?=;\s*\d{1,2}/\d{1,2}/\d{4}\||$)")
ISSUED = re.compile(r"pass|approv|adopt|sign|enact|issu|decree|promulgat", re.I)
PUBLISHED = re.compile(r"publish|releas|launch|gazett", re.I)
IN_FORCE = re.compile(r"force|effect", re.I)
REPEALED = re.compile(r"repeal", re.I)


def parse_events(text: str) -> tuple[list[tuple[dt.date, str]], list[str]]:
    """``25/12/2008|Law passed;…`` → [(date, type)], plus the parts that are not valid dates."""
    out, bad = [], []
    for d, m, y, kind in _EVENT.findall(text or ""):
        try:
            day = dt.date(int(y), int(m), int(d))
        except ValueError:
            bad.append(f"{d}/{m}/{y}")
            continue
        if not MIN_YEAR <= day.year <= MAX_ISSUED_YEAR:
            bad.append(f"{d}/{m}/{y}")
            continue
        out.append((day, kind.strip()))
    return sorted(out), bad


def _first(events: list[tuple[dt.date, str]], pat: re.Pattern[str]) -> dt.date | None:
    return next((d for d, k in events if pat.search(k) and not re.search(r"amend", k, re.I)), None)


@register
class ClimateLaws(SourceAdapter):
    name = "cclw"
    title = "Climate Change Laws of the World (LSE Grantham Research Institute / Climate Policy Radar)"
    licence = LICENCE
    origin = "climate-laws.org legislation_and_policies.csv (repo HUANGZHIHAO1994/GCCMPD-climate-policy-dataset, b4b12c0)"
    processing = "one event per row; dates kept apart from the Events column; document type crosswalk"
    raw_paths = ("climate_laws_of_the_world/cclw_laws_and_policies_export.csv.gz",)

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = Path(paths[0])
        rows = Rows(self.name)
        df = read_source_csv(path, rows, NEED, broken_key=lambda fields: (
            hashlib.sha1("|".join(fields).encode()).hexdigest()[:12], fields[0] if fields else None))
        mapping, _ = map_names(set(df["Geography ISO"]) | set(df["Geography"]), extra=EXTRA)
        seen: set[str] = set()
        for i, r in enumerate(df.to_dict("records"), start=2):
            title = r["Title"].strip()
            juris = mapping.get(r["Geography ISO"]) or mapping.get(r["Geography"])
            rid = hashlib.sha1(f"{r['Geography ISO']}|{title}".encode()).hexdigest()[:12]
            if rid in seen:
                rid = hashlib.sha1(f"{r['Geography ISO']}|{title}|{r['Events']}".encode()).hexdigest()[:12]
            if not title:
                rows.exclude(rid, None, juris, f"no title ({path.name} row {i})")
                continue
            if juris is None:
                rows.exclude(rid, title, None, f"unknown country label {r['Geography ISO'] or r['Geography']!r} "
                                               f"({path.name} row {i})")
                continue
            if rid in seen:
                rows.exclude(rid, title, juris, f"duplicate row ({path.name} row {i})")
                continue
            seen.add(rid)
            events, bad = parse_events(r["Events"])
            if bad:
                rows.notes.append(f"{path.name} row {i}: dates {bad} are not valid or out of range; not used")
            issued, published = _first(events, ISSUED), _first(events, PUBLISHED)
            in_force = _first(events, IN_FORCE)
            dates = [("issued", issued), ("published", published), ("in_force", in_force)]
            kind, date = next(((k, d) for k, d in dates if d), ("reported", events[0][0]) if events else (None, None))
            labels = [x.strip() for x in re.split(r"[,;]", r["Document Types"])]
            urls = re.findall(r"https?://[^|;\s]+", r["Documents"])
            status = ("expired" if any(REPEALED.search(k) for _, k in events) else
                      "in_force" if in_force else "adopted" if (issued or published) else "unknown")
            rows.add(
                id=f"ev_cclw_{rid}", jurisdiction=juris, level=level_of(juris), title=title, title_en=title,
                date=date.isoformat() if date else None, date_precision="day" if date else None, date_kind=kind,
                date_issued=issued, date_published=published, date_in_force=in_force,
                date_missing_reason=None if date else "CCLW gives no dated event for this document",
                type=first_mapped(labels, "cclw_document_types") or "other",
                domains=["energy_climate", *domains_from_text(title, r["Keywords"])],
                status=status, description=r["Description"] or None, url=urls[0] if urls else None,
                issuer=None, source_record_id=rid, licence=LICENCE, retrieved="CCLW export (2022–2023)",
                provenance=json.dumps({"events": r["Events"], "document_types": r["Document Types"],
                                       "cclw_type": r["Type"]}, ensure_ascii=False),
            )
        unknown = sorted({r["reason"].split("'")[1] for r in rows.excluded if r["reason"].startswith("unknown")})
        return Bundle(self.name, rows.frames(), unknown, rows.notes)
