"""EC-OECD STI Policy Compass (STIP Compass) survey editions → one event per policy initiative.

Reads the raw per-edition flat exports (``STIP_Survey-<year>.csv.gz``: pipe-separated, one row per initiative ×
instrument, the first data row a second header of labels), so a newer download reads the same way. Rules:

- one event per initiative number (the ``<n>`` of ``…/policyInitiatives/<n>``, stable across editions); text,
  country, dates and themes from the latest edition that holds it; all editions listed in ``provenance``;
- themes ``TH*`` → our domains through ``crosswalks/stip_themes.csv``, plus title keywords; instrument types →
  our type through ``crosswalks/stip_instruments.csv`` (the most frequent instrument of the initiative; ties by
  the order of our types below);
- ``StartDateYear`` → date with precision year (``date_kind='start'``); blank, 1900 (the survey's placeholder
  for "long-standing") or a start later than five years after the survey → the first survey year that reports
  the initiative, ``date_kind='reported'`` (the initiative existed by then) — so every initiative has a year and
  the reason is visible in ``date_kind``;
- ``YearlyBudgetRange`` is a range, kept in the description, never as an amount;
- Belgian entities (``BEFED/BEVLG/BEWAL/BEBRU/BEWBF``) → BEL with level and ISO 3166-2 subdivision (the
  Wallonia-Brussels Federation is a community with no ISO code: level subnational, no subdivision); EU →
  supranational.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from policyscope.model.crosswalks import crosswalk as stip_crosswalk
from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.event_rows import (
    HAN,
    KANA,
    LANG_OF,
    OUT_OF_DOMAINS,
    Rows,
    check_columns,
    decode_lines,
    domains_from_text,
    level_of,
    parse_year,
    read_bytes,
    year_date,
)
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = "EC-OECD STI Policy Compass; OECD terms (CC BY 4.0 from July 2024); cite EC-OECD (2021) STIP Compass"
NEED = ["InitiativeID", "SurveyYear", "NameEnglish", "CountryLabel", "CountryCode", "NameOriginalLanguage",
        "Acronym", "StartDateYear", "EndDateYear", "ShortDescription", "NameResponsibleOrganisation",
        "YearlyBudgetRange", "InternetLinks1", "InstrumentTypeLabel"]
# STIP entity code or label → (jurisdiction, subdivision, level)
ENTITIES: dict[str, tuple[str, str | None, str]] = {
    "BEFED": ("BEL", None, "national"), "Belgium - Federal government": ("BEL", None, "national"),
    "BEVLG": ("BEL", "BE-VLG", "subnational"), "Belgium - Flanders": ("BEL", "BE-VLG", "subnational"),
    "BEWAL": ("BEL", "BE-WAL", "subnational"), "Belgium - Wallonia": ("BEL", "BE-WAL", "subnational"),
    "BEBRU": ("BEL", "BE-BRU", "subnational"), "Belgium - Brussels Capital": ("BEL", "BE-BRU", "subnational"),
    "BEWBF": ("BEL", None, "subnational"), "Belgium - Wallonia-Brussels Federation": ("BEL", None, "subnational"),
}
TYPE_ORDER = ("strategy", "law_regulation", "institution", "standard", "funding_budget", "plan_program",
              "ethics_guideline", "assessment_report", "cooperation", "other")
_NUM = re.compile(r"policyInitiatives/(\d+)")


def _records(path: Path, rows: Rows) -> list[dict[str, str]]:
    """The data rows of one edition file as dicts of the needed columns and theme flags; broken rows counted."""
    lines, notes = decode_lines(path, read_bytes(path))
    rows.notes += notes
    reader = csv.reader((ln + "\n" for ln in lines), delimiter="|")
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(f"{path}: no header row") from None
    check_columns(path, header, NEED)
    keep = [(i, c) for i, c in enumerate(header) if c in NEED or re.fullmatch(r"TH\d+", c)]
    out = []
    for rec in reader:
        line = reader.line_num
        if len(rec) != len(header):
            rows.exclude(f"{path.name}:{line}", rec[2] if len(rec) > 2 else None, None,
                         f"broken row ({path.name} line {line}: {len(rec)} fields, expected {len(header)})")
            continue
        r = {c: rec[i].strip() for i, c in keep}
        if not r["InitiativeID"].startswith("http"):  # the second header row of labels
            continue
        r["_line"] = str(line)
        out.append(r)
    return out


def _jurisdiction(r: dict[str, str], mapping: dict[str, str]) -> tuple[str, str | None, str] | None:
    for key in (r["CountryCode"], r["CountryLabel"]):
        if key in ENTITIES:
            return ENTITIES[key]
    code = mapping.get(r["CountryLabel"]) or mapping.get(r["CountryCode"])
    return (code, None, level_of(code)) if code else None


def _type(labels: list[str]) -> str:
    cw = stip_crosswalk("stip_instruments")
    counts = Counter(cw.from_stip(lab) or "other" for lab in labels if lab)
    if not counts:
        return "other"
    best = max(counts.values())
    return next(t for t in TYPE_ORDER if counts.get(t) == best)


@register
class STIPCompass(SourceAdapter):
    name = "stip"
    title = "EC-OECD STI Policy Compass (STIP Compass) survey, editions 2017, 2019, 2021"
    licence = LICENCE
    origin = "stip.oecd.org STIP_Survey.csv per edition (repo yantoniassi1/STIP-Survey-Filter-App, b7f0372)"
    processing = ("one event per initiative number across editions (latest edition's text); TH themes and "
                  "instrument types through the published STIP crosswalks; start year or first survey year")
    raw_paths = ("oecd_stip_compass/STIP_Survey-2017.csv.gz", "oecd_stip_compass/STIP_Survey-2019.csv.gz",
                 "oecd_stip_compass/STIP_Survey-2021.csv.gz")

    def read_raw(self, paths: list[Path]) -> Bundle:
        rows = Rows(self.name)
        by_num: dict[str, dict[int, list[dict[str, str]]]] = {}
        for path in map(Path, paths):
            for r in _records(path, rows):
                m = _NUM.search(r["InitiativeID"])
                year = parse_year(r["SurveyYear"])
                if not m or year is None:
                    rows.exclude(f"{path.name}:{r['_line']}", r["NameEnglish"], None,
                                 f"no initiative number or survey year ({path.name} line {r['_line']})")
                    continue
                by_num.setdefault(m.group(1), {}).setdefault(year, []).append(r)
        labels = {r["CountryLabel"] for eds in by_num.values() for recs in eds.values() for r in recs}
        labels |= {r["CountryCode"] for eds in by_num.values() for recs in eds.values() for r in recs}
        mapping, _ = map_names(labels - set(ENTITIES) - {""})
        unknown: set[str] = set()
        cw_th = stip_crosswalk("stip_themes")
        for num in sorted(by_num, key=int):
            eds = by_num[num]
            latest = max(eds)
            recs = eds[latest]
            r = recs[0]
            title = r["NameEnglish"] or r["NameOriginalLanguage"]
            where = _jurisdiction(r, mapping)
            if where is None:
                unknown.add(r["CountryLabel"])
                rows.exclude(num, title, None, f"unknown country label {r['CountryLabel']!r}")
                continue
            juris, subdivision, level = where
            if not title:
                rows.exclude(num, None, juris, "no title")
                continue
            themes = {c for rec in recs for c, v in rec.items() if c.startswith("TH") and v == "1"}
            domains = {cw_th.from_stip(t) for t in themes} - {None}
            domains |= set(domains_from_text(r["NameEnglish"], r["Acronym"], r["NameOriginalLanguage"]))
            if not domains:
                rows.exclude(num, title, juris, OUT_OF_DOMAINS)
                continue
            start = parse_year(r["StartDateYear"], latest=latest + 5)
            end = parse_year(r["EndDateYear"], latest=2100)
            original = r["NameOriginalLanguage"] or None
            if original and original.casefold() == title.casefold():
                original = None
            lang = ("zh" if original and HAN.search(original) and not KANA.search(original)
                    else "ja" if original and KANA.search(original) else LANG_OF.get(juris)) if original else None
            budget = r["YearlyBudgetRange"]
            desc = r["ShortDescription"] or None
            if budget and budget not in ("Unknown", "Not applicable"):
                desc = f"{desc or ''}\n[STIP yearly budget range: {budget}]".strip()
            acronym = r["Acronym"]
            uri = r["InitiativeID"]
            rows.add(
                id=f"ev_stip_{num}", jurisdiction=juris, subdivision=subdivision, level=level,
                date=year_date(start or min(eds)), date_precision="year",
                date_kind="start" if start else "reported",
                title=f"{title} ({acronym})" if acronym and acronym.casefold() not in title.casefold() else title,
                title_en=r["NameEnglish"] or None, title_original=original, title_lang=lang,
                title_zh=original if lang == "zh" else None, title_zh_origin="original" if lang == "zh" else None,
                issuer=r["NameResponsibleOrganisation"] or None,
                type=_type([rec["InstrumentTypeLabel"] for rec in recs]),
                domains=[d for d in domains_from_order(domains)],
                status="expired" if end is not None and end < latest else "adopted",
                description=desc, url=r["InternetLinks1"] or uri, source_record_id=num, licence=LICENCE,
                retrieved=f"STIP Compass {latest} edition",
                provenance=json.dumps({"editions": sorted(eds), "text_edition": latest, "stip_uri": uri,
                                       "themes": sorted(themes, key=lambda t: int(t[2:]))}),
            )
        bundle = Bundle(self.name, rows.frames(), sorted(unknown), rows.notes)
        return bundle


def domains_from_order(domains: set[str]) -> list[str]:
    from policyscope.model.taxonomy import DOMAINS

    return [d for d in DOMAINS if d in domains]
