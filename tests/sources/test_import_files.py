"""Spec-driven file import on real files (NCSES CSV, WDI as Excel and JSON, SDMX-ML and SDMX-JSON messages)
and every kind of bad input: wrong columns, text in a numeric column, unknown names, duplicates, missing and
negative values — a clear error listing them, and nothing half imported."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from tests.conftest import ROOT, run_cli

from policyscope.commands.indicators_io import load_bundles
from policyscope.sources.base import TABLES, Bundle, SourceError
from policyscope.sources.file_import import ImportError_, ImportSpec, load_spec, read_file
from policyscope.store.database import Database

EXAMPLES = ROOT / "docs" / "examples"
RECORDED = Path(__file__).parent / "recorded"
GERD_CSV = EXAMPLES / "ncses_gerd_latest_sei2022.csv"
GERD_SPEC = EXAMPLES / "ncses_gerd_spec.yaml"

META = {"code": "TEST.WDI.RD", "name_en": "R&D expenditure (% of GDP), test import",
        "name_zh": "研发支出占GDP比重（%），导入测试", "unit": "% of GDP", "source": "World Bank WDI",
        "licence": "CC BY 4.0"}


def spec(**kw: object) -> ImportSpec:
    base: dict[str, object] = {"indicator": META, "columns": {"jurisdiction": "Country Name", "year": "Year",
                                                              "value": "Value"}, "names": "worldbank", "min": 0}
    base.update(kw)
    return ImportSpec.model_validate(base)


@pytest.fixture(scope="module")
def wdi_rd(shared_data: Path) -> pd.DataFrame:
    """Real WDI R&D % of GDP rows of ten countries, 2015–2020 (names as the World Bank writes them)."""
    df = pd.read_csv(shared_data / "wdi_innovation" / "indicators" / "GB.XPD.RSDV.GD.ZS.csv")
    keep = ["USA", "CHN", "JPN", "DEU", "KOR", "FRA", "GBR", "ISR", "IND", "BRA"]
    return df[df["Country Code"].isin(keep) & df["Year"].between(2015, 2020)].reset_index(drop=True)


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


def obs_of(b: Bundle) -> dict[tuple[str, int], float]:
    o = b.table("observations")
    return {(j, int(y)): v for j, y, v in o[["jurisdiction", "year", "value"]].itertuples(index=False)}


# -- good files ----------------------------------------------------------------------------------------------

def test_example_spec_imports_the_ncses_table() -> None:
    b, rep = read_file(GERD_CSV, load_spec(GERD_SPEC))
    src = pd.read_csv(GERD_CSV)
    assert rep.rows_read == len(src) == rep.observations == 74
    got = obs_of(b)
    assert got[("USA", 2019)] == pytest.approx(668_351.2e6)  # the printed US figure, in dollars
    assert got[("KOR", 2019)] == pytest.approx(src.set_index("country").loc["South Korea",
                                                                            "gerd_million_current_ppp_usd"] * 1e6)
    juris = {j for j, _ in got}
    assert {"TWN", "G20", "CHN"} <= juris  # "Taiwan" and "G20 countries" harmonised by the NCSES name table
    ind = b.table("indicators").iloc[0]
    assert ind["code"] == "NCSES.GERD.PPP" and "研发经费" in ind["name_zh"] and ind["licence"].startswith("Public")
    assert set(b.table("observations")["vintage"]) == {"NCSES SEI 2022 (RD-5)"}


def test_excel_wide_years(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    wide = wdi_rd.pivot(index="Country Name", columns="Year", values="Value").reset_index()
    wide.columns = [str(c) for c in wide.columns]
    path = tmp_path / "rd.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"note": ["cover sheet"]}).to_excel(xl, sheet_name="About", index=False)
        wide.to_excel(xl, sheet_name="data", index=False)
    sp = spec(columns={"jurisdiction": "Country Name"}, wide_years={"first": 2015, "last": 2020}, sheet="data")
    b, rep = read_file(path, sp)
    truth = {(c, int(y)): float(v) for c, y, v in wdi_rd[["Country Code", "Year", "Value"]].itertuples(index=False)}
    assert obs_of(b) == pytest.approx(truth)
    assert rep.jurisdictions == 10 and rep.years == sorted({y for _, y in truth})
    with pytest.raises(SourceError, match="nosheet"):
        read_file(path, spec(columns={"jurisdiction": "Country Name"}, wide_years={}, sheet="nosheet"))


def test_json_records(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    path = tmp_path / "rd.json"
    path.write_text(json.dumps({"data": {"rows": wdi_rd.to_dict("records")}}), encoding="utf-8")
    b, _ = read_file(path, spec(records="data.rows", columns={"jurisdiction": "Country Code", "year": "Year",
                                                             "value": "Value"}))
    assert len(b.table("observations")) == len(wdi_rd)
    with pytest.raises(SourceError, match="no key 'rows'"):
        read_file(path, spec(records="rows"))


def test_sdmx_json_file_without_spec(shared_data: Path) -> None:
    b, rep = read_file(RECORDED / "files" / "oecd_msti_gerd_gdp.sdmx.json")
    assert set(b.table("observations")["indicator"]) == {"MSTI.GERD.GDP"}
    df = pd.read_csv(shared_data / "ncses_sei_indicators" / "gerd_gdp_ratio_selected_years_1990_2021.csv")
    us = df[(df["time_period"] == "United States") & (df["_b_gerd_b_level_1"].str.strip() == "GERD-to-GDP ratio (%)")]
    truth = {int(str(y)[:4]): float(v) for y, v in zip(us["_b_gerd_b_level_2"], us["value"], strict=True)
             if 2000 <= int(str(y)[:4]) <= 2021}
    got = {y: v for (j, y), v in obs_of(b).items() if j == "USA"}
    assert got == truth
    assert rep.vintage.startswith("OECD SDMX prepared 2024-03-27")


def test_sdmx_ml_file_with_spec_renames_the_indicator(tmp_path: Path) -> None:
    sp_path = tmp_path / "spec.json"
    sp_path.write_text(json.dumps({"format": "sdmx", "names": "eurostat", "min": 0, "scale": 1e6,
                                   "indicator": {**META, "code": "EU.GERD.EUR", "unit": "EUR"}}), encoding="utf-8")
    b, rep = read_file(RECORDED / "sdmx" / "estat_rd_e_gerdfund.xml", load_spec(sp_path))
    assert set(b.table("observations")["indicator"]) == {"EU.GERD.EUR"}
    assert obs_of(b)[("DEU", 2015)] == pytest.approx(88781.8e6, rel=1e-6)
    assert {"GRC", "CHN"} <= set(b.table("observations")["jurisdiction"])


def test_cli_import_loads_and_keeps_the_file(writable_db: Path) -> None:
    r = run_cli("indicators", "import", str(GERD_CSV), "--spec", str(GERD_SPEC), "--format", "json", db=writable_db)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["observations"] == 74 and out["loaded"] is True
    kept = Path(out["kept_as"])
    assert kept.parent == writable_db.parent / "raw" and kept.exists()
    man = json.loads(kept.read_text())
    assert (kept.parent / man["file"]).read_bytes() == GERD_CSV.read_bytes()
    with Database(writable_db, read_only=True) as d:
        assert d.scalar("SELECT value FROM observations WHERE indicator = 'NCSES.GERD.PPP' AND jurisdiction = 'USA'"
                        ) == pytest.approx(668_351.2e6)
        assert d.scalar("SELECT name_zh FROM indicators WHERE code = 'NCSES.GERD.PPP'").startswith("研发经费")


# -- bad input -----------------------------------------------------------------------------------------------

def problems(path: Path, sp: ImportSpec, **kw: bool) -> list[str]:
    with pytest.raises(ImportError_) as exc:
        read_file(path, sp, **kw)
    assert str(path) in str(exc.value)
    return exc.value.problems


def test_wrong_columns(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    path = write_csv(wdi_rd.rename(columns={"Value": "val"}), tmp_path / "x.csv")
    (p,) = problems(path, spec())
    assert "missing column(s) ['Value']" in p and "'val'" in p


def test_text_in_numeric_column_lists_the_lines(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    df = wdi_rd.astype({"Value": object})
    df.loc[3, "Value"] = "about 2.5"
    df.loc[5, "Value"] = "1,5"  # a decimal comma is text, not 15
    (p,) = problems(write_csv(df, tmp_path / "x.csv"), spec())
    assert "text in numeric column 'Value'" in p and "line 5: 'about 2.5'" in p and "line 7: '1,5'" in p


def test_unknown_names_refused_then_listed_with_skip(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    df = wdi_rd.copy()
    df.loc[0, "Country Name"] = "Atlantis"
    df.loc[1, "Country Name"] = "Republic of Elbonia"
    path = write_csv(df, tmp_path / "x.csv")
    (p,) = problems(path, spec())
    assert "unknown jurisdiction name(s) (2): Atlantis, Republic of Elbonia" in p and "--skip-unknown" in p
    b, rep = read_file(path, spec(), skip_unknown=True)
    assert rep.skipped_unknown == ["Atlantis", "Republic of Elbonia"]
    assert any("Atlantis" in w for w in rep.warnings)
    assert len(b.table("observations")) == len(df) - 2
    b2, _ = read_file(path, spec(aliases={"Atlantis": "ISL", "Republic of Elbonia": None}))
    assert ("ISL", int(df.loc[0, "Year"])) in obs_of(b2)


def test_duplicates(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    same = pd.concat([wdi_rd, wdi_rd.iloc[[2]]], ignore_index=True)
    b, rep = read_file(write_csv(same, tmp_path / "same.csv"), spec())
    assert rep.duplicates_dropped == 1 and len(b.table("observations")) == len(wdi_rd)
    diff = pd.concat([wdi_rd, wdi_rd.iloc[[2]].assign(Value=9.9)], ignore_index=True)
    (p,) = problems(write_csv(diff, tmp_path / "diff.csv"), spec())
    r = wdi_rd.iloc[2]
    assert "duplicate rows with different values" in p and f"{r['Country Code']} {r['Year']} at lines 4, " in p


def test_missing_and_negative_values(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    df = wdi_rd.astype({"Value": object})
    df.loc[0, "Value"] = ""
    df.loc[1, "Value"] = "NaN"
    path = write_csv(df, tmp_path / "x.csv")
    b, rep = read_file(path, spec())
    assert rep.missing_values == 2 and len(b.table("observations")) == len(df) - 2  # skipped, never zero
    assert not (b.table("observations")["value"] == 0).any()
    (p,) = problems(path, spec(allow_missing=False))
    assert "allow_missing: false" in p and "line 2" in p and "line 3" in p
    df.loc[4, "Value"] = "-0.7"
    (p,) = problems(write_csv(df, tmp_path / "neg.csv"), spec())
    assert "below the minimum 0" in p and "line 6" in p and "-0.7" in p
    # several problems are all reported at once
    df.loc[6, "Value"] = "n.a. (see note)"
    ps = problems(write_csv(df, tmp_path / "many.csv"), spec())
    assert len(ps) == 2


def test_bad_years_and_empty_names(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    df = wdi_rd.astype({"Year": object})
    df.loc[0, "Year"] = "FY19"
    df.loc[2, "Country Name"] = ""
    ps = problems(write_csv(df, tmp_path / "x.csv"), spec())
    assert any("period is not a year in line 2: 'FY19'" in p for p in ps)
    assert any("empty jurisdiction" in p and "line 4" in p for p in ps)


def test_bad_spec_is_explained(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump({"columns": {"jurisdiction": "c", "year": "y", "value": "v"}, "colour": "red"}))
    with pytest.raises(SourceError, match="colour"):
        load_spec(p)
    p.write_text(yaml.safe_dump({"columns": {"jurisdiction": "c", "year": "y", "value": "v"}}))
    with pytest.raises(SourceError, match="give 'indicator'"):
        load_spec(p)
    p.write_text("columns: [unclosed")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_spec(p)
    p.write_text(yaml.safe_dump({"indicator": META, "columns": {"jurisdiction": "c", "year": "y", "value": "v"},
                                 "names": "klingon"}))
    with pytest.raises(SourceError, match="unknown name table"):
        load_spec(p)
    with pytest.raises(SourceError, match="needs --spec"):
        read_file(GERD_CSV, None)


def test_cli_bad_file_changes_nothing(writable_db: Path, tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    df = wdi_rd.copy()
    df.loc[0, "Country Name"] = "Atlantis"
    path = write_csv(df, tmp_path / "x.csv")
    sp = tmp_path / "spec.yaml"
    sp.write_text(yaml.safe_dump(spec().model_dump(exclude_none=True), allow_unicode=True), encoding="utf-8")
    before = writable_db.read_bytes()
    r = run_cli("indicators", "import", str(path), "--spec", str(sp), db=writable_db)
    err = " ".join(r.stderr.split())  # rich wraps long lines
    assert r.returncode == 1 and "unknown jurisdiction name(s) (1): Atlantis" in err and "not imported" in err
    assert writable_db.read_bytes() == before
    assert not (writable_db.parent / "raw").exists()  # refused files are not kept either
    r = run_cli("indicators", "import", str(path), "--spec", str(sp), "--skip-unknown", "--format", "json",
                db=writable_db)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["skipped_unknown"] == ["Atlantis"]


def test_load_is_all_or_nothing(writable_db: Path) -> None:
    good, _ = read_file(GERD_CSV, load_spec(GERD_SPEC))
    bad_ind = pd.DataFrame([{**META, "code": "TEST.BROKEN", "name_zh": None, "definition": None, "formula": None}],
                           columns=TABLES["indicators"])  # name_zh is NOT NULL in the store
    bad = Bundle("file", {"indicators": bad_ind, "observations": pd.DataFrame(
        [{"indicator": "TEST.BROKEN", "jurisdiction": "USA", "year": 2019, "value": 1.0, "source": "t",
          "vintage": "t"}])})
    with Database(writable_db) as d:
        n0 = d.scalar("SELECT count(*) FROM core.observation")
        with pytest.raises(duckdb.Error), d.transaction() as con:
            load_bundles(con, [good, bad], actor="test")
        assert d.scalar("SELECT count(*) FROM core.observation") == n0
        assert d.scalar("SELECT count(*) FROM core.observation WHERE indicator = 'NCSES.GERD.PPP'") == 0


def test_kept_import_is_reapplied_from_its_manifest(tmp_path: Path) -> None:
    from policyscope.commands.indicators_io import _keep_file, read_manifest, write_manifest_atomically

    raw = tmp_path / "raw"
    man, content, _ = _keep_file(raw, GERD_CSV, GERD_SPEC, False, "NCSES SEI 2022 (RD-5)")
    write_manifest_atomically(man, content)
    b, vintage = read_manifest(man)
    assert vintage == "NCSES SEI 2022 (RD-5)" and len(b.table("observations")) == 74
    (raw / json.loads(man.read_text())["file"]).unlink()
    with pytest.raises(SourceError, match="missing or changed"):
        read_manifest(man)


def test_saved_world_bank_api_page_imports_without_spec(shared_data: Path) -> None:
    page = RECORDED / "wdi" / "NY.GDP.MKTP.CD_USA-CHN_2000-2020_p1.json"
    b, rep = read_file(page)
    df = pd.read_csv(shared_data / "wdi_innovation" / "indicators" / "NY.GDP.MKTP.CD.csv")
    us = df[(df["Country Code"] == "USA") & (df["Year"] == 2019)]["Value"].iloc[0]
    assert obs_of(b)[("USA", 2019)] == us and rep.observations == 42
    assert rep.vintage == "World Bank API lastupdated 2026-07-01"
    with pytest.raises(SourceError, match="Invalid value"):
        read_file(RECORDED / "wdi" / "XX.NOT.REAL_error.json")


def test_chinese_names_and_gbk_encoding(tmp_path: Path, wdi_rd: pd.DataFrame) -> None:
    """A Chinese statistics file: names in Chinese (美国, 韩国…), saved in GBK."""
    from policyscope.model import registry

    reg = registry()
    df = wdi_rd.assign(**{"国家": [reg.by_code[c].name_zh for c in wdi_rd["Country Code"]]})
    df = df.rename(columns={"Year": "年份", "Value": "数值"})[["国家", "年份", "数值"]]
    path = tmp_path / "zh.csv"
    df.to_csv(path, index=False, encoding="gbk")
    sp = spec(columns={"jurisdiction": "国家", "year": "年份", "value": "数值"}, names=None, encoding="gbk")
    b, _ = read_file(path, sp)
    truth = {(c, int(y)): float(v) for c, y, v in wdi_rd[["Country Code", "Year", "Value"]].itertuples(index=False)}
    assert obs_of(b) == pytest.approx(truth)
    with pytest.raises(SourceError, match="not utf-8-sig text .* set 'encoding'"):
        read_file(path, spec(columns={"jurisdiction": "国家", "year": "年份", "value": "数值"}))


def test_bad_sdmx_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<message:GenericData><unclosed>", encoding="utf-8")
    with pytest.raises(SourceError, match="broken.xml: not a readable SDMX-ML data message"):
        read_file(broken)
    src = (RECORDED / "sdmx" / "estat_rd_e_gerdfund.xml").read_text(encoding="utf-8")
    odd = tmp_path / "odd.xml"
    odd.write_text(src.replace('value="FR"', 'value="QQ"'), encoding="utf-8")
    (p,) = problems(odd, None)
    assert "unknown area code(s) (1): QQ" in p
    b, rep = read_file(odd, skip_unknown=True)
    assert rep.skipped_unknown == ["QQ"] and "FRA" not in set(b.table("observations")["jurisdiction"])


def test_long_file_with_several_indicators(shared_data: Path) -> None:
    """The stacked WDI file (237,140 rows, gzip): two indicators described in the spec, the rest filtered out."""
    path = shared_data / "wdi_innovation" / "wdi_selected_long.csv.gz"
    sp = ImportSpec.model_validate({
        "columns": {"jurisdiction": "Country Code", "year": "Year", "value": "Value", "indicator": "Indicator Code"},
        "filter": {"Indicator Code": ["IP.PAT.RESD", "IP.PAT.NRES"]}, "names": "worldbank", "min": 0,
        "indicators": {c: {**META, "code": c} for c in ("IP.PAT.RESD", "IP.PAT.NRES")}})
    b, rep = read_file(path, sp)
    src = pd.read_csv(path)
    src = src[src["Indicator Code"].isin(["IP.PAT.RESD", "IP.PAT.NRES"])]
    assert rep.observations == len(src) and rep.indicators == ["IP.PAT.NRES", "IP.PAT.RESD"]
    o = b.table("observations").set_index(["indicator", "jurisdiction", "year"])["value"]
    chn = src[(src["Indicator Code"] == "IP.PAT.RESD") & (src["Country Code"] == "CHN") & (src["Year"] == 2020)]
    assert o[("IP.PAT.RESD", "CHN", 2020)] == chn["Value"].iloc[0]
    sp2 = sp.model_copy(update={"indicators": {"IP.PAT.RESD": sp.indicators["IP.PAT.RESD"]}})
    (p,) = problems(path, sp2)
    assert "indicator codes not described in the spec's 'indicators': IP.PAT.NRES" in p
