"""STIP-shaped events cover every event; citations name dataset, version, access date, URL and the original source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from policyscope.model.crosswalks import UNMAPPED, crosswalk
from policyscope.store.citation import (
    dataset_citation,
    event_citation,
    indicator_citation,
    render,
)
from policyscope.store.database import StoreError, open_db
from tests.conftest import run_cli


def test_stip_export_covers_every_event_mapped_or_unmapped(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("export", "--format", "stip", "--out", str(tmp_path), db=built_db)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(tmp_path / "events_stip.csv", keep_default_na=False)
    with open_db(built_db, read_only=True) as db:
        ids = set(db.df("SELECT id FROM main.events")["id"])
    assert set(df["event_id"]) == ids and len(df) == len(ids)
    cw = crosswalk("stip_instruments")
    labels = {r.stip_label for r in cw.rows if r.stip_code}
    assert df["InstrumentTypeLabel"].isin(labels | {UNMAPPED}).all()
    mapped = df[df["InstrumentTypeLabel"] != UNMAPPED]
    assert (mapped["InstrumentTypeLabel"] == [cw.to_stip(t)[0].stip_label for t in mapped["our_type"]]).all()
    assert set(df.loc[df["InstrumentTypeLabel"] == UNMAPPED, "our_type"]) <= {"cooperation", "corporate_investment",
                                                                             "other"}
    assert (df.loc[df["our_type"] == "law_regulation", "instrument_code"] == "PI032").all()
    ai = df[df["our_domains"].str.split(";").apply(lambda d: "ai" in d)]
    assert len(ai) > 500 and ai["themes"].str.contains("TH88").all()
    assert (df["themes"] != "").all()
    assert (tmp_path / "crosswalk_stip_instruments.csv").read_text(encoding="utf-8").startswith("our_code,stip_code")


@pytest.fixture(scope="module")
def some_event(built_db: Path) -> str:
    with open_db(built_db, read_only=True) as db:
        return str(db.scalar("SELECT id FROM core.event WHERE origin = 'agora' AND url IS NOT NULL ORDER BY id"))


def test_citations_in_every_format_and_language(built_db: Path, some_event: str) -> None:
    day = dt.date(2026, 1, 2)
    with open_db(built_db, read_only=True) as db:
        ds = dataset_citation(db, accessed=day)
        ev = event_citation(db, some_event, accessed=day)
        ind = indicator_citation(db, "GB.XPD.RSDV.GD.ZS", accessed=day)
        built = db.build_info()["built_at"]
        with pytest.raises(StoreError, match="NOPE"):
            indicator_citation(db, "NOPE")
    stamp = dt.datetime.fromisoformat(built).strftime("%Y%m%dT%H%M%SZ")
    assert stamp in ds.version
    assert "accessed 2026-01-02" in ds.text("en") and "访问日期：2026-01-02" in ds.text("zh")
    assert "AGORA" in ev.text("en") and "CC BY 4.0" in ev.text("zh") and f"/events/{some_event}" in ev.url
    assert "World Development Indicators" in ind.text("en") and "研发" in ind.text("zh")
    csl = json.loads(render(ind, "csl", "zh"))
    assert csl[0]["type"] == "dataset" and csl[0]["accessed"] == {"date-parts": [[2026, 1, 2]]}
    assert csl[0]["version"] == ind.version and "研发" in csl[0]["title"]
    assert csl[1]["URL"].startswith("https://") and "CC BY 4.0" in csl[1]["note"]
    bib = render(ev, "bibtex")
    # the dataset, then one entry per original source of the event (core.event_source rows)
    assert ev.originals and bib.count("@misc{") == 1 + len(ev.originals) and "urldate = {2026-01-02}" in bib and bib.count("{") == bib.count("}")
    ris = render(ds, "ris")
    assert ris.startswith("TY  - DATA\r\n") and "Y2  - 2026/01/02\r\n" in ris and ris.endswith("ER  - \r\n")
    with pytest.raises(StoreError, match="unknown citation format"):
        render(ds, "apa")


def test_bibtex_escapes_special_characters(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        c = dataset_citation(db).model_copy(update={"title_en": "R&D 100% {of} $GDP_x #1"})
    bib = render(c, "bibtex")
    assert r"R\&D 100\% \{of\} \$GDP\_x \#1" in bib


def test_cite_command(built_db: Path, some_event: str) -> None:
    r = run_cli("cite", "--format", "bibtex", "--indicator", "FX.EUR.A", db=built_db)
    assert r.returncode == 0 and "@misc{policyscope_FX_EUR_A" in r.stdout and "FRED" in r.stdout
    r = run_cli("cite", "--lang", "zh", "--event", some_event, db=built_db)
    assert r.returncode == 0 and "原始来源" in r.stdout
    r = run_cli("cite", "-f", "ris", db=built_db, env={"POLICYSCOPE_PUBLIC_URL": "https://obs.example.org/"})
    assert "UR  - https://obs.example.org\n" in r.stdout  # text mode folds the CRLF
    r = run_cli("cite", "--event", "nope", db=built_db)
    assert r.returncode == 1 and "nope" in r.stderr
