"""Round-7 newsletter rules (issue 10), on made-up sentences of the kinds the eleventh and twelfth sets showed:
state bills by number, names with a part in brackets, approvals that set something up, documents named at the
head of their clause, Chinese renderings before their original, and the issue line that dates a newsletter."""
from __future__ import annotations

import datetime as dt

from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.docmeta import document_meta
from policyscope.ingest.extract.document import document_date
from policyscope.ingest.extract.gazetteer import gazetteer
from policyscope.ingest.extract.titles import find_titles
from policyscope.ingest.text.tables import tabulate

DAY = dt.date(2025, 3, 21)


def _events(text: str, day: dt.date = DAY) -> dict[str, tuple[str, str | None]]:
    return {e.title: (e.jurisdiction, e.date.isoformat() if e.date else None)
            for e in extract_events(text, doc_date=day)}


def _titles(text: str) -> list[str]:
    return [t.text for t in find_titles(text)]


def test_a_state_bill_is_named_by_its_number() -> None:
    got = _events("Oregon's HB 4153, on AI in schools, was signed on 27 March 2024.")
    assert got["HB 4153"] == ("USA", "2024-03-27")
    assert "Senate Bill 2" in _titles("Colorado passed Senate Bill 2 in 2023.")


def test_a_session_code_glued_to_its_number_is_no_bill() -> None:
    assert _events("The Bonn climate talks (SB62) closed on 26 June.") == {}


def test_an_english_name_keeps_its_part_in_brackets() -> None:
    assert "Climate Change (Emissions Reduction Targets) Act 2019" in _titles(
        "Scotland passed the Climate Change (Emissions Reduction Targets) Act 2019 in October 2019.")
    assert "Renewable Energy (Feed-in Tariff) Regulations 2020" in _titles(
        "Ghana issued the Renewable Energy (Feed-in Tariff) Regulations 2020 last year.")


def test_a_constitution_and_cote_d_ivoire_with_a_typeset_apostrophe() -> None:
    assert [m.code for m in gazetteer().find("The Republic of Côte d’Ivoire voted.")] == ["CIV"]
    got = _events("The Constitution of Côte d’Ivoire, promulgated on 8 November 2016, took effect at once.")
    assert got["Constitution of Côte d’Ivoire"] == ("CIV", "2016-11-08")


def test_a_year_glued_to_letters_is_no_title_year() -> None:
    got = _events("挪威研究理事会的NANO2021纳米技术计划自2012年启动。")
    assert got["NANO2021纳米技术计划"][1] == "2012-01-01"


def test_what_an_approval_sets_up_is_the_event() -> None:
    assert _titles("国务院批复同意设立三江源国家公园（国函〔2021〕99号）。") == ["三江源国家公园"]
    assert "数字经济发展部际联席会议制度" in _titles("国务院办公厅复函同意建立数字经济发展部际联席会议制度，加强统筹。")
    assert _titles("国务院同意组建中国某某有限责任公司。") == []  # a company is no policy


def test_a_document_named_at_the_head_of_its_clause_then_issued() -> None:
    assert _titles("▲ 数字化转型方面，浙江省数字经济促进实施方案由省政府办公厅于2021年3月8日印发。") == [
        "浙江省数字经济促进实施方案"]
    assert _titles("杭州市城市绿化管理条例于2020年10月30日公布，自次年起施行。") == ["杭州市城市绿化管理条例"]
    assert _titles("具体征收管理办法由国务院制定。") == []


def test_an_unmarked_name_after_xiafa_and_a_list_of_fields_is_no_name() -> None:
    assert "城市公立医院综合改革试点实施方案" in _titles("省政府办公厅下发城市公立医院综合改革试点实施方案，部署改革。")
    assert _titles("国务院出台支持汽车、家居、电子产品等消费政策，扩大内需。") == []


def test_a_chinese_rendering_right_before_its_original_after_a_verb() -> None:
    assert "数字创新券计划" in _titles("葡萄牙经济部主管的数字创新券计划（Vale Inovação Digital）始于2020年。")
    assert _titles("法国开设的国家科研署（Agence nationale de la recherche）负责资助。") == []  # an actor's name


def test_kokkai_giin_is_japanese_not_the_us_congress() -> None:
    assert [m.code for m in gazetteer().find("公布的国会議員の歳費に関する法律")] == []
    assert [m.code for m in gazetteer().find("美国国会通过了法案")] == ["USA"]


def test_table_columns_headed_by_the_rendering_or_the_approval_hold_names() -> None:
    _, rows = tabulate("| 国别 | 中文译名 | 原文 |\n|---|---|---|\n| 意大利 | 国家航天计划 | Piano Spaziale |\n")
    assert [r for _s, _e, r in rows[0].cells] == ["jurisdiction", "title", None]
    _, rows = tabulate("| 发文日期 | 文号 | 同意建立 |\n|---|---|---|\n| 2016年1月15日 | 国办函〔2016〕8号 | 某联席会议制度 |\n")
    assert [r for _s, _e, r in rows[0].cells] == ["date", None, "title"]


def test_the_issue_line_dates_a_digest_before_an_article_s_act_date() -> None:
    text = ("# Policy Notes\n\n*A weekly digest* — **Issue 9, Friday 14 March 2025**\n\n"
            "- **CHIPS Act follow-up (H.R. 1).** Introduced on 9 January 2023, it would have …\n")
    assert document_date(text) == (dt.date(2025, 3, 14), "day")


def test_a_digest_naming_the_118th_congress_in_prose_is_not_dated_by_it() -> None:
    text = "The Brief — 21 March 2025\n\nBills left over from the 118th Congress were filed again this week."
    assert document_date(text)[0] == dt.date(2025, 3, 21)


def test_a_kuaibao_masthead_field_with_a_comma_dates_the_issue() -> None:
    text = ("国际科技观察\n2024年第5期（总第99期） | 发布日期：2024年3月8日 | 内部资料，注意保存\n"
            "◇ 日本\n去年，日本政府设立某某本部。\n2013年11月22日，日本公布某某法律。\n")
    assert document_meta(text).date == dt.date(2024, 3, 8)
