"""The Chinese-language adapters on the real downloads and on small corrupted copies made here."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policyscope.model.zh_docs import core_title, doc_type, issuer_for_doc_number, zh_domains
from policyscope.sources.base import SourceError
from policyscope.sources.registry import get

CSV = "china_gov_policy_documents/china_gov_policy_documents_titles_dates.csv.gz"


@pytest.fixture(scope="module")
def cngov(shared_data: Path):
    return get("china_gov").read_raw([shared_data / CSV])


def test_issuer_type_and_domain_rules() -> None:
    assert issuer_for_doc_number("国办发〔2023〕5号").issuer_zh == "国务院办公厅"
    assert issuer_for_doc_number("国发〔2017〕35号").issuer_zh == "国务院"
    gd = issuer_for_doc_number("粤府办〔2023〕15号")
    assert (gd.issuer_zh, gd.subdivision, gd.level) == ("广东省人民政府办公厅", "CN-GD", "subnational")
    assert issuer_for_doc_number("某某〔2023〕1号") is None
    t = "市科委关于印发《上海区块链关键技术攻关专项行动方案（2023-2025年）》的通知"
    assert core_title(t) == "上海区块链关键技术攻关专项行动方案"
    assert doc_type(t).type == "plan_program"
    assert doc_type("中华人民共和国数据安全法").type == "law_regulation"
    assert doc_type("云南省人民政府关于张三等任免职的通知").scope == "out"
    assert zh_domains(t) == ["blockchain"]
    assert zh_domains("河南省物业管理规定") == []


def test_china_gov_real_list(cngov) -> None:
    ev, ex = cngov.tables["events"], cngov.tables["excluded"]
    assert len(ev) > 5000 and ev["id"].is_unique
    assert (ev["title"] == ev["title_zh"]).all() and (ev["title_zh_origin"] == "original").all()
    assert set(ev["subdivision"].dropna()) == {"CN-GD", "CN-HI", "CN-HA", "CN-SH", "CN-SC", "CN-YN"}
    assert ev.loc[ev["level"] == "national", "subdivision"].isna().all()
    # issue and publish dates kept apart; date = issue date when there is one
    both = ev[ev["date_issued"].notna()]
    assert (both["date"] == both["date_issued"]).all() and (both["date_kind"] == "issued").all()
    pub_only = ev[ev["date_issued"].isna() & ev["date_published"].notna()]
    assert len(pub_only) > 100 and (pub_only["date_kind"] == "published").all()
    assert ev["date"].isna().sum() == ev["date_missing_reason"].notna().sum()
    sc = ev[ev["doc_number"].fillna("").str.startswith("国办发")]
    assert len(sc) > 100 and (sc["issuer"] == "国务院办公厅").all()
    # the Shanghai 2028-07-31 issue date is reported with file, row and reason, not imported
    bad = ex[ex["reason"].str.contains("2028-07-31")]
    assert len(bad) == 1 and "row" in bad.iloc[0]["reason"] and "after the list was downloaded" in bad.iloc[0]["reason"]
    assert not (pd.to_datetime(ev["date"]) > "2024-01-01").any()
    assert ex["reason"].str.startswith("in none of our domains").sum() > 10000
    assert ex["reason"].str.contains("personnel").sum() > 100


def test_china_gov_raw_workbook_reads_like_the_csv(shared_data: Path, tmp_path: Path, cngov) -> None:
    """The raw State Council workbook (the "newer download" path) gives the same events as the derived CSV."""
    src = shared_data / "china_gov_policy_documents"
    (tmp_path / "d").mkdir(), (tmp_path / "n").mkdir()
    shutil.copy(src / "raw_date_datasets" / "State Council.xlsx", tmp_path / "d")
    shutil.copy(src / "raw_document_number_datasets" / "State Council.xlsx", tmp_path / "n")
    raw = get("china_gov").read_raw([tmp_path / "d", tmp_path / "n"]).tables["events"]
    csv = cngov.tables["events"]
    csv_sc = csv[csv["url"].isin(raw["url"])]
    assert len(raw) > 500 and len(csv_sc) == len(raw)
    merged = raw.merge(csv_sc, on="id", suffixes=("", "_csv"))
    assert (merged["doc_number"].fillna("") == merged["doc_number_csv"].fillna("")).all()
    assert (merged["date"].map(str) == merged["date_csv"].map(str)).all()


def test_china_gov_bad_input(tmp_path: Path, shared_data: Path) -> None:
    ad = get("china_gov")
    df = pd.read_csv(shared_data / CSV, dtype=str).head(400)
    # a broken row (no title), an impossible date, an unknown site; the rest imports
    df.loc[5, "title"] = None
    df.loc[6, "issue_date"] = "1900-01-01"
    df.loc[7, "source_site"] = "Atlantis Provincial Government"
    df.loc[8, "title"] = "关于推进人工智能产业发展的意见"
    p = tmp_path / "list.csv"
    df.to_csv(p, index=False, encoding="utf-8")
    b = ad.read_raw([p])
    reasons = " | ".join(b.tables["excluded"]["reason"])
    assert "list.csv row 7: no title" in reasons
    assert "list.csv row 8: 1900-01-01 is before the founding of the PRC" in reasons
    assert "list.csv row 9: unknown site 'Atlantis Provincial Government'" in reasons
    assert (b.tables["events"]["title"] == "关于推进人工智能产业发展的意见").sum() == 1
    # mixed encodings: a GB18030 file is read and said so
    g = tmp_path / "list_gb.csv"
    g.write_bytes(p.read_text("utf-8").encode("gb18030"))
    bg = ad.read_raw([g])
    assert len(bg.tables["events"]) == len(b.tables["events"])
    assert bg.tables["excluded"]["reason"].str.contains("GB18030").any()
    # a changed column set: a clear error naming the file and the missing column
    df.drop(columns=["issue_date"]).to_csv(tmp_path / "cols.csv", index=False)
    with pytest.raises(SourceError, match=r"cols\.csv.*missing \['issue_date'\]"):
        ad.read_raw([tmp_path / "cols.csv"])
    # re-running changes nothing
    assert b.tables["events"].equals(ad.read_raw([p]).tables["events"])


def test_lawrefbook_real(shared_data: Path) -> None:
    d = shared_data / "china_laws_lawrefbook"
    b = get("lawrefbook").read_raw([d / "lawrefbook_laws_metadata.csv", d / "lawrefbook_national_fulltext.jsonl.gz"])
    ev, ex, docs = b.tables["events"], b.tables["excluded"], b.tables["documents"]
    assert len(docs) == 1564 and (docs["lang"] == "zh").all()
    dsl = ev[ev["title"] == "中华人民共和国数据安全法"].iloc[0]
    assert dsl["issuer"] == "全国人民代表大会常务委员会" and str(dsl["date"]) == "2021-06-10"
    assert dsl["level"] == "national" and "data" in list(dsl["domains"])
    doc = docs[docs["id"] == dsl["document_id"]].iloc[0]
    lines = doc["text"].splitlines()
    assert lines[int(dsl["line"]) - 1].strip() == dsl["quote"] and "通过" in dsl["quote"]
    # publish and in-force dates kept apart
    assert (ev["date_in_force"].notna() & (ev["date_in_force"] != ev["date_published"])).any()
    local = ev[ev["level"] == "subnational"]
    assert len(local) > 100 and local["subdivision"].str.startswith("CN-").all()
    assert local["issuer"].str.endswith("人民代表大会常务委员会").all()
    assert (ex["reason"] == "out of scope: court case (案例), not a policy").sum() == 52
    assert ev["document_id"].notna().sum() >= 150


def test_lawrefbook_bad_input(shared_data: Path, tmp_path: Path) -> None:
    d = shared_data / "china_laws_lawrefbook"
    meta = pd.read_csv(d / "lawrefbook_laws_metadata.csv", dtype=str).head(50)
    meta.loc[3, "level"] = "神谕"
    meta.to_csv(tmp_path / "m.csv", index=False)
    bad = tmp_path / "t.jsonl.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        fh.write('{"path": "a.md", "text": "# 甲"}\n{broken\n')
    with pytest.raises(SourceError, match=r"t\.jsonl\.gz line 2: not JSON"):
        get("lawrefbook").read_raw([tmp_path / "m.csv", bad])
    b = get("lawrefbook").read_raw([tmp_path / "m.csv"])
    assert b.tables["excluded"]["reason"].str.contains(r"m\.csv row 5: unknown level '神谕'").any()


def test_mee_real(shared_data: Path) -> None:
    b = get("mee").read_raw([shared_data / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx"])
    ev, ex, docs = b.tables["events"], b.tables["excluded"], b.tables["documents"]
    assert len(docs) > 1200 and len(ev) > 250
    assert all("energy_climate" in list(d) for d in ev["domains"])
    assert ex["reason"].str.contains("环评批复").sum() > 100
    # the machine-translated English never becomes a title
    assert ev["title_en"].isna().all() and (ev["title"] == ev["title_zh"]).all()
    signed = ev[ev["date_kind"] == "issued"]
    assert len(signed) > 100 and signed["quote"].str.contains("年").all()
    assert ev["date"].notna().all()


def test_mee_bad_input(shared_data: Path, tmp_path: Path) -> None:
    df = pd.read_excel(shared_data / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx").head(30)
    df.loc[2, "Policy_raw"] = None
    df.loc[3, "URL"] = "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk03/209911/t20991101_1.html"
    df.to_excel(tmp_path / "m.xlsx", index=False)
    b = get("mee").read_raw([tmp_path / "m.xlsx"])
    reasons = " | ".join(b.tables["excluded"]["reason"])
    assert "m.xlsx row 4: no Chinese title or text" in reasons
    assert "m.xlsx row 5: 2099-11-01 is after the list was downloaded" in reasons
    assert len(b.tables["documents"]) == 29
    df.drop(columns=["Year"]).to_excel(tmp_path / "cols.xlsx", index=False)
    with pytest.raises(SourceError, match=r"cols\.xlsx: expected columns .*missing \['Year'\]"):
        get("mee").read_raw([tmp_path / "cols.xlsx"])
