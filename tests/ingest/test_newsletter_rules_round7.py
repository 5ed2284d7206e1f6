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


def _amounts(text: str, day: dt.date = DAY) -> dict[str, list[tuple[str, float]]]:
    return {e.title: [(a.currency, a.value_in_currency_units) for a in e.amounts]
            for e in extract_events(text, doc_date=day)}


def test_a_digest_item_led_by_its_owner_in_bold_names_its_item() -> None:
    got = _events("3. **Estonia** — the National Data Analytics Platform, which the OECD lists from 2022.\n")
    assert got["National Data Analytics Platform"] == ("EST", "2022-01-01")
    got = _events("2. **Chile** — *Data Observatory*, the science ministry's platform opened in 2019.\n")
    assert got["Data Observatory"] == ("CHL", "2019-01-01")
    assert "Latin America" not in " ".join(_events(
        "5. **Latin America and the Caribbean** — the Montevideo Declaration (2024), agreed by ministers.\n"))


def test_a_translated_act_closed_by_its_citation_is_one_name() -> None:
    got = _events("Prague's Act on the support of renewable sources (Coll. No. 165/2012), passed on 31 January 2012, "
                  "set feed-in tariffs.")
    assert got["Act on the support of renewable sources (Coll. No. 165/2012)"] == ("CZE", "2012-01-31")


def test_a_short_heading_line_is_not_the_next_sentence_s_subject() -> None:
    got = _events("| a | b |\n欧洲\n比利时瓦隆大区自2020年推行“可再生热能计划”，支持供热转型。", dt.date(2024, 6, 28))
    assert got["可再生热能计划"][0] == "BEL"


def test_the_date_right_after_a_name_is_its_own() -> None:
    got = _events("The market created by Directive 2001/77/EC on 27 September 2001 was reshaped by Directive "
                  "2009/28/EC in 2009.")
    assert got["Directive 2001/77/EC"][1] == "2001-09-27"
    assert got["Directive 2009/28/EC"][1] == "2009-01-01"
    got = _events("Two more: the Kenya Climate Change Action Plan 2018-2022, adopted in 2018, and Ghana's Renewable "
                  "Energy Act (Act 832), passed on 31 December 2011.")
    assert got["Renewable Energy Act"][1] == "2011-12-31"
    got = _events("Governor Polis signed SB 205 last month, on 17 May, to regulate high-risk AI.", dt.date(2024, 6, 21))
    assert got["SB 205"][1] == "2024-05-17"


def test_a_chinese_act_date_after_the_name_and_its_gloss() -> None:
    got = _events("日本《特定卫星法》（特定衛星に関する法律）于2014年4月1日全面施行。", dt.date(2024, 6, 28))
    assert got["特定卫星法"] == ("JPN", "2014-04-01")
    got = _events("《河南省某某办法》（豫政办，2015年3月2日印发）明确了职责。", dt.date(2024, 6, 28))
    assert got["河南省某某办法"][1] == "2015-03-02"


def test_a_money_column_reads_its_currency_from_the_header() -> None:
    text = ("| Country | Measure | Start | Projected cost per year (EUR) |\n|---|---|---|---|\n"
            "| Latvia | Energy efficiency of public buildings | 2016 | 2,400,000 |\n")
    assert _amounts(text)["Energy efficiency of public buildings"] == [("EUR", 2_400_000)]
    text = "| 国家 | 措施 | 预算（万欧元） |\n|---|---|---|\n| 法国 | 氢能计划 | 7200 |\n"
    assert _amounts(text)["氢能计划"] == [("EUR", 72_000_000)]


def test_an_amount_the_next_sentence_gives_to_this_measure() -> None:
    text = ("奥地利自2018年推行“热力转型计划”（Raus aus Öl），支持更换燃油锅炉。据奥方向欧洲环境署报告，该计划预计每年成本约"
            "1.2亿欧元。")
    assert _amounts(text, dt.date(2024, 6, 28))["热力转型计划"] == [("EUR", 120_000_000)]
    text = ("The Digital Europe Programme, set up by Regulation (EU) 2021/694, began in 2021. It makes €7.6 billion in grants "
            "available for supercomputing, AI and skills.")
    assert ("EUR", 7.6e9) in [a for v in _amounts(text).values() for a in v]


def test_numbered_acts_with_n_degree_and_roman_numbers() -> None:
    assert _events("Peru enacted it through Resolution N° 2210, approved on 3 March 2021.")["Resolution N° 2210"] == (
        "PER", "2021-03-03")
    got = _events("Hungary's Act No. CXXXIV concerning research funding has been in force since 1 January 2015.")
    assert got["Act No. CXXXIV concerning research funding"] == ("HUN", "2015-01-01")


def test_a_body_word_after_its_owner_with_its_tail_is_a_body_set_up() -> None:
    got = _events("Britain's Office for Artificial Intelligence, set up in 2018, now sits in the science ministry.")
    assert got["Office for Artificial Intelligence"] == ("GBR", "2018-01-01")


def test_bodies_and_zones_founded_or_approved_after_their_name() -> None:
    assert _titles("2. 学会：中国自动化学会（CAA）成立于1961年，是全国性学术团体。") == ["中国自动化学会"]
    assert _titles("阿里巴巴集团成立于1999年。") == []  # a firm's founding is no policy event
    assert _titles("- 大熊猫国家公园于2021年9月30日获国务院批复设立。") == ["大熊猫国家公园"]
    got = _events("- 全国首个自由贸易试验区——上海自由贸易试验区，获批于2013年8月22日。", dt.date(2024, 6, 28))
    assert got["上海自由贸易试验区"] == ("CHN", "2013-08-22")


def test_names_marked_by_their_form() -> None:
    assert _titles("Tucked into it, Section 1532 of the FY2024 NDAA orders a study.") == ["Section 1532 of the FY2024 NDAA"]
    assert "Section 10 of the National Science Foundation Act" not in " ".join(_titles(
        "Section 10 of the National Science Foundation Act of 1950 (42 U.S.C. 1869) is amended."))
    assert "A European Strategy for Data" in _titles("The Commission's *A European Strategy for Data* came out in 2020.")
    assert "Operational Programme Environment" in _titles("Czechia runs the Operational Programme Environment since 2014.")
    assert "Clean heating initiative" in _titles("Oslo approved its Clean heating initiative on 3 May 2021.")
    assert "Support of heat pumps" in _titles("Slovakia lists the measure Support of heat pumps — grants to homes — "
                                               "as running since 2019.")


def test_a_name_holding_a_book_title_is_the_whole_name() -> None:
    assert _titles("浙江省实施《种子法》办法于同年11月27日公布。") == ["浙江省实施《种子法》办法"]
    assert _titles("省政府办公厅发文设立《湿地公约》第十四届缔约方大会筹备工作领导小组，负责筹备。") == [
        "《湿地公约》第十四届缔约方大会筹备工作领导小组"]
    assert _titles("国务院印发《关于加强X的意见》。") == ["关于加强X的意见"]


def test_list_items_headed_by_their_name_and_bodies_dated_then_set_up() -> None:
    assert _titles("（1）国家自主创新示范区：2009年起由科技部推进。") == ["国家自主创新示范区"]
    assert "国家科技管理信息系统" in _titles("（3）国家科技管理信息系统——科技部于2017年上线运行。")
    assert _titles("◆ 北京市数字经济发展委员会于2020年6月1日经市政府发文成立。") == ["北京市数字经济发展委员会"]
    assert _titles("- 海南热带雨林国家公园——国务院于2021年9月30日批复同意设立。") == ["海南热带雨林国家公园"]


def test_sections_an_act_carries_and_un_resolutions_by_symbol() -> None:
    got = _events("The FY2024 NDAA, filed on 6 December 2023, carries Section 1533 on AI test ranges.", dt.date(2024, 1, 12))
    assert got["Section 1533"] == ("USA", "2023-12-06")
    assert "UN General Assembly resolution A/79/L.2" in _titles(
        "The draft of UN General Assembly resolution A/79/L.2 was circulated on 11 October 2024.")
    assert _events("- **Latvia** — the Smart Forest 2.0 project got under way in 2022.\n")["Smart Forest 2.0 project"] == (
        "LVA", "2022-01-01")


def test_test15_kinds_dates_after_a_participle_hangul_glosses_and_mastheads() -> None:
    got = _events("the Effort Sharing Decision, Decision No 406/2009/EC, followed on 23 April 2009 with national targets.")
    assert got["Decision No 406/2009/EC"][1] == "2009-04-23"
    got = _events("● 韩国：韩国数字新政项目（한국판 디지털 뉴딜）始于2020年，由科技部推动。", dt.date(2022, 9, 1))
    assert any(t.startswith("韩国数字新政项目") and v == ("KOR", "2020-01-01") for t, v in got.items())
    got = _events("（3）国家知识产权服务平台——国家知识产权局于2019年上线运行。", dt.date(2022, 9, 1))
    assert got["国家知识产权服务平台"] == ("CHN", "2019-01-01")
    assert _events("Science Policy Monitor — No. 3/2025, Monday 20 January 2025\n\nNothing else.") == {}


def test_test16_kinds_mastheads_and_owners_in_a_second_clause() -> None:
    head = "区域科技快报\n2021年第3期（总第75期）\u3000\u30002021年2月5日\u3000\u3000某研究院 编\n\n上月8日，某省印发《某某方案》。\n"
    assert document_meta(head).date == dt.date(2021, 2, 5)
    head = "科技监测快报\n2024年第6期（3月15日出版）\n去年7月18日，某代表作《某某发言》。\n"
    assert document_meta(head).date == dt.date(2024, 3, 15)
    got = _events("Kyiv adopted its climate law on 12 December 2019, and Pretoria's National Energy Efficiency Strategy "
                  "was adopted on 5 March 2019.")
    assert got["National Energy Efficiency Strategy"][0] == "ZAF"
    got = _events("Spain's agency opened in 2023, five years after London created the Centre for Data Ethics and "
                  "Innovation in 2018.")
    assert got["Centre for Data Ethics and Innovation"] == ("GBR", "2018-01-01")
    got = _events("North Macedonia passed a new Energy Law on 21 May 2018, in line with the EU's Third Energy Package.")
    assert got.get("Third Energy Package", ("MKD",))[0] != "EU"  # a reference, not the EU's event


def test_the_same_year_as_the_name_before_still_dates_the_next_one() -> None:
    got = _events("Germany set up its Data Ethics Commission in 2018, the same year Nairobi launched the Blockchain "
                  "and AI Task Force.")
    assert got["Blockchain and AI Task Force"] == ("KEN", "2018-01-01")


def test_test17_kinds_dashed_dates_renderings_and_source_lines() -> None:
    got = _events("广东省科技厅职能配置、内设机构和人员编制规定——2000年5月12日印发，明确了职责。", dt.date(2020, 6, 20))
    assert got["广东省科技厅职能配置、内设机构和人员编制规定"] == ("CHN", "2000-05-12")
    assert "国民参与·R&D创新事业" in _titles("● 韩国科学技术信息通信部今年启动国民参与·R&D创新事业（국민참여 R&D），引导公众参与。")
    assert "中国—荷兰科学合作计划" in _titles("● 科技部自2004年起实施中国—荷兰科学合作计划（Chinees-Nederlands programma）。")
    assert _titles("- 2020年11月9日——某某改革试点部际联席会议制度获准建立。") == ["某某改革试点部际联席会议制度"]
    assert _events("资料：OECD STIP Compass") == {}
