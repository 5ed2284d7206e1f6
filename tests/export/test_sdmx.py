"""Indicators leave as SDMX: written by us (CSV) and sdmx1 (ML), read back with sdmx1 to the same values."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import sdmx

from policyscope.store.database import open_db
from policyscope.store.sdmx_export import (
    DATAFLOW,
    build_structure,
    observations_dataset,
    sdmx_id,
    write_sdmx_csv,
)
from tests.conftest import run_cli

# one indicator per kind of source, with dotted codes (FX.EUR.A) and non-ISO areas (CUR:EUR)
SAMPLE = ["GB.XPD.RSDV.GD.ZS", "FX.EUR.A", "NCSES.ARTICLES.AI", "EUSB.COMPANY_COUNT", "USA.GDP.DEFL", "GERD_PPP"]


def _db_frame(db_path: Path, indicators: list[str] | None) -> pd.DataFrame:
    with open_db(db_path, read_only=True) as db:
        where = f"WHERE o.indicator IN ({', '.join('?' * len(indicators))})" if indicators else ""
        df = db.df(f"SELECT o.indicator, o.jurisdiction, o.year, o.value, i.unit, o.vintage, o.source FROM "
                   f"main.observations o JOIN main.indicators i ON i.code = o.indicator {where}", indicators or [])
    df["INDICATOR"] = df["indicator"].map(sdmx_id)
    df["REF_AREA"] = df["jurisdiction"].map(sdmx_id)
    df["TIME_PERIOD"] = df["year"].astype(str)
    return df.set_index(["INDICATOR", "REF_AREA", "TIME_PERIOD"]).sort_index()


def _assert_equal(read: pd.DataFrame, expected: pd.DataFrame) -> None:
    read = read.sort_index()
    assert list(read.index) == list(expected.index)
    assert (read["value"].astype(float).to_numpy() == expected["value"].to_numpy()).all()
    for col, exp in (("UNIT_MEASURE", "unit"), ("VINTAGE", "vintage"), ("SOURCE", "source")):
        assert list(read[col]) == list(expected[exp]), col


@pytest.fixture(scope="module")
def sdmx_dir(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdmx")
    args = [a for code in SAMPLE for a in ("--indicator", code)]
    r = run_cli("export", "--format", "sdmx-ml", *args, "--out", str(out), db=built_db)
    assert r.returncode == 0, r.stderr
    return out


def test_sdmx_csv_reads_back_through_sdmx1_with_equal_values(sdmx_dir: Path, built_db: Path) -> None:
    structure = sdmx.read_sdmx(sdmx_dir / "structure.xml")
    flow = structure.dataflow[DATAFLOW]
    msg = sdmx.read_sdmx(sdmx_dir / "observations.sdmx.csv", structure=flow)
    read = sdmx.to_pandas(msg.data[0], attributes="o")
    expected = _db_frame(built_db, SAMPLE)
    assert len(read) == len(expected) > 3000
    _assert_equal(read, expected)
    assert {"CUR_EUR", "USA", "CHN"} <= set(read.index.get_level_values("REF_AREA"))


def test_sdmx_ml_reads_back_with_equal_values_and_bilingual_codes(sdmx_dir: Path, built_db: Path) -> None:
    structure = sdmx.read_sdmx(sdmx_dir / "structure.xml")
    dsd = structure.structure["DSD_INDICATORS"]
    msg = sdmx.read_sdmx(sdmx_dir / "observations.xml", structure=dsd)
    _assert_equal(sdmx.to_pandas(msg.data[0], attributes="o"), _db_frame(built_db, SAMPLE))
    code = structure.codelist["CL_INDICATOR"]["GB_XPD_RSDV_GD_ZS"]
    assert code.name.localizations["zh"] and code.name.localizations["en"]
    assert "GB.XPD.RSDV.GD.ZS" in str(code.description)


def test_our_csv_writer_matches_sdmx1s_writer(built_db: Path, tmp_path: Path) -> None:
    """The full table is written by DuckDB in one pass; on a sample it must equal what sdmx1 itself writes."""
    with open_db(built_db, read_only=True) as db:
        structure = build_structure(db, SAMPLE[:3])
        ds = observations_dataset(db, structure, SAMPLE[:3])
        write_sdmx_csv(db, tmp_path / "ours.csv", SAMPLE[:3])
    theirs = pd.read_csv(io.StringIO(sdmx.to_csv(ds, rtype=pd.DataFrame, attributes="o").to_csv(index=False)),
                         dtype=str, keep_default_na=False)
    ours = pd.read_csv(tmp_path / "ours.csv", dtype=str, keep_default_na=False)
    assert list(ours.columns) == list(theirs.columns)
    key = ["INDICATOR", "REF_AREA", "TIME_PERIOD"]
    ours, theirs = ours.sort_values(key).reset_index(drop=True), theirs.sort_values(key).reset_index(drop=True)
    assert (ours.drop(columns="OBS_VALUE") == theirs.drop(columns="OBS_VALUE")).all().all()
    assert (ours["OBS_VALUE"].astype(float) == theirs["OBS_VALUE"].astype(float)).all()


def test_full_sdmx_csv_holds_every_observation(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("export", "--format", "sdmx-csv", "--out", str(tmp_path), db=built_db)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(tmp_path / "observations.sdmx.csv", dtype={"TIME_PERIOD": str})
    expected = _db_frame(built_db, None)
    assert len(df) == len(expected)
    df = df.set_index(["INDICATOR", "REF_AREA", "TIME_PERIOD"]).sort_index()
    assert not df.index.duplicated().any()
    assert (df["OBS_VALUE"].to_numpy() == expected["value"].to_numpy()).all()
    assert (tmp_path / "CITATION.txt").read_text(encoding="utf-8").count("policyscope") >= 2


def test_unknown_indicator_is_a_clear_error(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("export", "--format", "sdmx-csv", "--indicator", "NO.SUCH", "--out", str(tmp_path), db=built_db)
    assert r.returncode == 1 and "NO.SUCH" in r.stderr
    r = run_cli("export", "--format", "csv", "--indicator", "FX.EUR.A", "--out", str(tmp_path), db=built_db)
    assert r.returncode == 1 and "--indicator" in r.stderr
