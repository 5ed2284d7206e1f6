"""Events in the shape of STIP Compass (EC-OECD): one row per event with STIP's instrument type and theme codes,
through the reviewed crosswalks in ``model/data/crosswalks``, and our own type and domains beside them.

Column names follow STIP's survey export (``CountryCode``, ``StartDateYear``, ``NameEnglish``,
``InstrumentTypeLabel``, ``instrument_types``, ``themes`` with ``;`` between items) so that an analyst can
stack or join the two. An event whose type or domains have no STIP counterpart says ``unmapped``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from policyscope.model.crosswalks import UNMAPPED, crosswalk, crosswalk_text
from policyscope.model.taxonomy import taxonomy
from policyscope.store.database import Database

COLUMNS = ["event_id", "CountryCode", "StartDateYear", "date", "NameEnglish", "NameOriginalLanguage", "title_zh",
           "our_type", "our_type_en", "our_type_zh", "InstrumentTypeLabel", "instrument_code", "instrument_relation",
           "instrument_types", "our_domains", "themes", "theme_labels", "theme_relations", "unmapped_domains", "url"]
SEP = ";"


def _type_columns(our_type: str) -> dict[str, str]:
    rows = crosswalk("stip_instruments").to_stip(our_type)
    tax = taxonomy("event_types")
    known = our_type in tax.codes()
    out = {"our_type": our_type, "our_type_en": tax.label(our_type, "en") if known else "",
           "our_type_zh": tax.label(our_type, "zh") if known else ""}
    if not rows:
        return out | {"InstrumentTypeLabel": UNMAPPED, "instrument_code": "", "instrument_relation": "none",
                      "instrument_types": UNMAPPED}
    return out | {"InstrumentTypeLabel": rows[0].stip_label, "instrument_code": rows[0].stip_code,
                  "instrument_relation": rows[0].relation,
                  "instrument_types": SEP.join(r.stip_label for r in rows)}


def _theme_columns(domains: list[str]) -> dict[str, str]:
    cw = crosswalk("stip_themes")
    codes: list[str] = []
    labels: list[str] = []
    relations: list[str] = []
    unmapped: list[str] = []
    for d in domains:
        rows = cw.to_stip(d)
        if not rows:
            unmapped.append(d)
        for r in rows:
            if r.stip_code not in codes:
                codes.append(r.stip_code)
                labels.append(r.stip_label)
                relations.append(f"{r.stip_code}:{r.relation}")
    return {"our_domains": SEP.join(domains), "themes": SEP.join(codes) or UNMAPPED,
            "theme_labels": SEP.join(labels) or UNMAPPED, "theme_relations": SEP.join(relations),
            "unmapped_domains": SEP.join(unmapped)}


def stip_events(db: Database) -> pd.DataFrame:
    """Every published event (merged duplicates excluded, as in the events view) in STIP's shape."""
    df = db.df("SELECT id, jurisdiction, CAST(date AS VARCHAR) AS date, year(date) AS year, title, title_en, "
               "title_zh, type, domains, e.url FROM main.events JOIN (SELECT id, url FROM core.event) e USING (id) "
               "ORDER BY id")
    rows: list[dict[str, Any]] = []
    for r in df.itertuples(index=False):
        domains = [str(d) for d in (r.domains if r.domains is not None else [])]
        rows.append({"event_id": r.id, "CountryCode": r.jurisdiction,
                     "StartDateYear": None if pd.isna(r.year) else int(r.year), "date": r.date,
                     "NameEnglish": r.title_en or r.title, "NameOriginalLanguage": r.title, "title_zh": r.title_zh,
                     **_type_columns(str(r.type)), **_theme_columns(domains), "url": r.url})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["StartDateYear"] = out["StartDateYear"].astype("Int64")
    return out


def write_stip(db: Database, out: Path) -> list[Path]:
    """``events_stip.csv`` plus the two crosswalk files it was made with."""
    p = out / "events_stip.csv"
    stip_events(db).to_csv(p, index=False)
    files = [p]
    for name in ("stip_instruments", "stip_themes"):
        q = out / f"crosswalk_{name}.csv"
        q.write_text(crosswalk_text(name), encoding="utf-8")
        files.append(q)
    return files
