"""The event-list adapters (STIP Compass, CCLW, EEA PaMs, OECD.AI list, Japan e-Gov, curated landmarks) on the
real raw files in ../shared/data, and bad input made from small corrupted copies of them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from policyscope.sources.base import Bundle, SourceError
from policyscope.sources.registry import get
from policyscope.store.build import load_bundle_into
from policyscope.store.merge import merge_events
from policyscope.store.schema import migrate


def _read(name: str, data: Path) -> Bundle:
    ad = get(name)
    b = ad.read_raw([data / p for p in ad.raw_paths])
    b.validate()
    return b


@pytest.fixture(scope="module")
def stip(shared_data: Path) -> Bundle:
    return _read("stip", shared_data)


@pytest.fixture(scope="module")
def cclw(shared_data: Path) -> Bundle:
    return _read("cclw", shared_data)


def _one(b: Bundle, **eq: object) -> pd.Series:
    e = b.table("events")
    for k, v in eq.items():
        e = e[e[k] == v]
    assert len(e) == 1, (eq, len(e))
    return e.iloc[0]


# -- STIP Compass -----------------------------------------------------------------------------------------------

def test_stip_one_event_per_initiative_across_editions(stip: Bundle) -> None:
    e = stip.table("events")
    assert 9_800 <= len(e) <= 9_932  # 9,932 initiative numbers, 5 without any title
    assert e["id"].is_unique and e["source_record_id"].is_unique
    inter = _one(stip, id="ev_stip_1325")  # Luxembourg's INTER programme, in all three editions
    assert inter["jurisdiction"] == "LUX" and inter["date"] == "2006-01-01" and inter["date_kind"] == "start"
    prov = json.loads(inter["provenance"])
    assert prov["editions"] == [2017, 2019, 2021] and prov["text_edition"] == 2021
    assert "1M-5M" in inter["description"] and inter["type"] == "funding_budget"  # budget range kept as text


def test_stip_belgian_entities_eu_and_levels(stip: Bundle) -> None:
    e = stip.table("events")
    be = e[e.jurisdiction == "BEL"]
    assert set(be.subdivision.dropna()) == {"BE-VLG", "BE-WAL", "BE-BRU"}
    assert (be[be.subdivision.notna()].level == "subnational").all()
    assert (be.level == "national").sum() > 30  # federal government and plain BEL
    assert (e[e.jurisdiction == "EU"].level == "supranational").all() and (e.jurisdiction == "EU").sum() > 200
    assert not e.jurisdiction.isin(["BEFED", "BEVLG", "BEWAL", "BEBRU", "BEWBF"]).any()


def test_stip_dates_themes_and_original_titles(stip: Bundle) -> None:
    e = stip.table("events")
    assert e["date"].notna().all()  # start year, or the first survey year that reports it
    assert set(e.date_kind) == {"start", "reported"}
    assert (e[e.date_kind == "reported"].date.str[:4].isin(["2017", "2019", "2021"])).all()
    assert not e.date.str.startswith("1900").any()  # the survey's placeholder for "long-standing"
    assert e.domains.map(len).min() >= 1
    ai = e[e.domains.map(lambda d: "ai" in d)]
    assert len(ai) > 300
    cn = e[(e.jurisdiction == "CHN") & e.title_zh.notna()]
    assert len(cn) > 20 and (cn.title_lang == "zh").all() and (cn.title_zh_origin == "original").all()


# -- CCLW ------------------------------------------------------------------------------------------------------

def test_cclw_dates_kept_apart_and_eu(cclw: Bundle) -> None:
    e = cclw.table("events")
    assert len(e) == 2_503 and e.jurisdiction.nunique() == 199
    afg = _one(cclw, title="Energy Sector Strategy 1387-1391 (2007/8-2012/3)")
    assert afg["date"] == "2008-12-25" and afg["date_kind"] == "issued" and afg["type"] == "strategy"
    assert str(afg["date_issued"]) == "2008-12-25" and "energy_climate" in afg["domains"]
    eu = e[e.jurisdiction == "EU"]
    assert len(eu) == 51 and (eu.level == "supranational").all()
    assert e.date.isna().sum() <= 10 and e[e.date.isna()].date_missing_reason.notna().all()
    assert (e.type != "other").mean() > 0.99


def test_eea_oecd_ai_list_and_japan(shared_data: Path) -> None:
    eea = _read("eea_pams", shared_data).table("events")
    assert len(eea) == 2_304 and eea.jurisdiction.nunique() == 30
    assert set(eea.status) <= {"in_force", "proposed", "adopted", "expired", "unknown"}
    assert {"BE-VLG", "BE-WAL", "BE-BRU"} <= set(eea.subdivision.dropna())
    assert eea.date.notna().all() and set(eea.date_kind) == {"start", "reported"}

    lst = _read("oecd_ai_list", shared_data)
    ev, ex = lst.table("events"), lst.table("excluded")
    assert len(ev) + len(ex) == 2_216 and len(ex) == 6  # five blank labels and a development bank
    act = ev[(ev.jurisdiction == "EU") & ev.title.str.contains("Artificial Intelligence Act")]
    assert len(act) == 1 and act.iloc[0]["date"] == "2024-01-01" and act.iloc[0]["date_precision"] == "year"
    assert (ev[ev.jurisdiction == "OECD"].level == "international").all()

    jp = _read("japan_laws", shared_data)
    ev, ex = jp.table("events"), jp.table("excluded")
    assert len(ev) + len(ex) == 2_010 + 2_252 + 4_200  # every row is an event or counted with its reason
    assert set(ex.reason) == {"out of scope", "outside the observatory's domains"}
    appi = ev[ev.title == "個人情報の保護に関する法律"].iloc[0]
    assert appi["doc_number"] == "平成十五年法律第五十七号" and appi["date"] == "2003-05-30"
    assert appi["title_lang"] == "ja" and "data" in appi["domains"] and appi["issuer"].startswith("国会")
    assert (ev.type == "law_regulation").mean() > 0.95


def test_landmarks_have_citations() -> None:
    e = get("landmarks").read_raw([]).table("events")
    assert len(e) >= 30 and e.url.str.startswith("http").all() and e.description.str.len().min() > 20
    assert e.date_precision.eq("day").all() and e.jurisdiction.nunique() >= 10


# -- bad input ------------------------------------------------------------------------------------------------

def _stip_copy(shared_data: Path, tmp: Path, edit) -> Path:  # noqa: ANN001 - a line editor
    raw = gzip.decompress((shared_data / "oecd_stip_compass/STIP_Survey-2021.csv.gz").read_bytes())
    lines = raw.split(b"\n")[:40]
    lines = edit(lines)
    out = tmp / "STIP_Survey-2021.csv.gz"
    out.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    return out


def _set(lines: list[bytes], initiative: bytes, col: int, value: bytes) -> None:
    for i, ln in enumerate(lines):
        f = ln.split(b"|")
        if f[0] == initiative:
            f[col] = value
            lines[i] = b"|".join(f)


def test_stip_bad_rows_counted_rest_imports(shared_data: Path, tmp_path: Path) -> None:
    picked: dict[str, str] = {}

    def edit(lines: list[bytes]) -> list[bytes]:
        lines[5] = b"|".join(lines[5].split(b"|")[:12])  # broken row: too few fields
        atl, old = lines[10].split(b"|")[0], lines[20].split(b"|")[0]
        picked.update(atl=atl.rsplit(b"/", 1)[-1].decode(), old=old.rsplit(b"/", 1)[-1].decode())
        _set(lines, atl, 3, b"Atlantis")  # unknown country label
        _set(lines, atl, 4, b"ATL")
        _set(lines, old, 7, b"1900")  # "long-standing" placeholder
        lines[30] = lines[30].replace(b"e", "\u00e9".encode("cp1252"), 3)  # a line that is not UTF-8
        return lines

    path = _stip_copy(shared_data, tmp_path, edit)
    b = get("stip").read_raw([path])
    b.validate()
    exc = b.table("excluded")
    assert exc.reason.str.contains(r"broken row \(STIP_Survey-2021\.csv\.gz line 6: 12 fields").any()
    assert (exc[exc.record_id == picked["atl"]].reason == "unknown country label 'Atlantis'").all()
    assert "Atlantis" in b.unknown_names
    assert any("line 31: not UTF-8" in n for n in b.notes)
    ev = b.table("events")
    assert len(ev) >= 5 and picked["atl"] not in set(ev.source_record_id)
    old = ev[ev.source_record_id == picked["old"]].iloc[0]
    assert old["date"] == "2021-01-01" and old["date_kind"] == "reported"  # the survey year, not 1900


def test_changed_column_set_is_a_clear_error(shared_data: Path, tmp_path: Path) -> None:
    path = _stip_copy(shared_data, tmp_path, lambda ls: [ls[0].replace(b"StartDateYear", b"StartYear"), *ls[1:]])
    with pytest.raises(SourceError, match=r"STIP_Survey-2021\.csv\.gz: the column set changed.*StartDateYear"):
        get("stip").read_raw([path])
    bad = tmp_path / "cclw.csv.gz"
    df = pd.read_csv(shared_data / "climate_laws_of_the_world/cclw_laws_and_policies_export.csv.gz", nrows=5)
    df.drop(columns=["Events"]).to_csv(bad, index=False)
    with pytest.raises(SourceError, match=r"cclw\.csv\.gz: the column set changed.*Events"):
        get("cclw").read_raw([bad])


def test_cclw_future_date_and_unknown_label(shared_data: Path, tmp_path: Path) -> None:
    df = pd.read_csv(shared_data / "climate_laws_of_the_world/cclw_laws_and_policies_export.csv.gz", dtype=str,
                     keep_default_na=False).head(20)
    df.loc[0, "Events"] = "31/07/2028|Law passed"
    df.loc[1, "Geography ISO"], df.loc[1, "Geography"] = "XXQ", "Atlantis"
    path = tmp_path / "cclw_bad.csv"
    df.to_csv(path, index=False)
    b = get("cclw").read_raw([path])
    ev, exc = b.table("events"), b.table("excluded")
    assert len(ev) == 19 and exc.reason.str.contains(r"unknown country label 'XXQ' \(cclw_bad\.csv row 3\)").all()
    first = ev[ev.title == df.loc[0, "Title"]].iloc[0]
    assert pd.isna(first["date"]) and "no dated event" in first["date_missing_reason"]
    assert any("row 2" in n and "31/07/2028" in n for n in b.notes)


def test_reimport_changes_nothing(shared_data: Path, tmp_path: Path) -> None:
    """Loading the same bundles twice (and merging each time) leaves events and their sources unchanged."""
    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    migrate(con)
    from policyscope.store.build import _load_jurisdictions

    _load_jurisdictions(con)
    bundles = [_read(n, shared_data) for n in ("oecd_ai_list", "landmarks", "cclw")]

    def snapshot() -> tuple[pd.DataFrame, pd.DataFrame]:
        ev = con.execute("SELECT id, title, date, date_kind, domains FROM core.event ORDER BY id").df()
        src = con.execute("SELECT event_id, source, record_id FROM core.event_source ORDER BY 2, 3").df()
        return ev, src

    for b in bundles:
        load_bundle_into(con, b)
    first = merge_events(con)
    ev1, src1 = snapshot()
    for b in bundles:
        load_bundle_into(con, b)
    merge_events(con)
    ev2, src2 = snapshot()
    assert first["records_folded"] > 10
    pd.testing.assert_frame_equal(ev1, ev2)
    pd.testing.assert_frame_equal(src1, src2)
    assert len(src1) == sum(len(b.table("events")) for b in bundles)  # every source record kept
    con.close()
