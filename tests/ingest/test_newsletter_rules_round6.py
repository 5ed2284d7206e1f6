"""Round-6 newsletter rules (issue 10), on sentences of the kind the eighth newsletter set showed: digest tables,
bold names, names in apposition, numbered acts with their subject, 同年, capitals, glosses, and what is not an
event (people and firms glossed, summits, place pairs, statistics)."""
from __future__ import annotations

import datetime as dt

import pytest

from policyscope.ingest.evaluate import _title_score
from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.dates import find_dates, same_year_dates
from policyscope.ingest.extract.document import document_date
from policyscope.ingest.extract.gazetteer import gazetteer

DAY = dt.date(2025, 2, 14)


def _events(text: str, day: dt.date = DAY) -> list[tuple[str, str, str | None, list[tuple[str, float]]]]:
    return [(e.title, e.jurisdiction, e.date.isoformat() if e.date else None,
             [(a.currency, a.value_in_currency_units) for a in e.amounts]) for e in extract_events(text, doc_date=day)]


def test_a_digest_table_of_schemes_reads_title_period_and_money_per_year() -> None:
    text = ("| Scheme | Run by | Years | Per year |\n|---|---|---|---|\n"
            "| Clean Energy Fund | Natural Resources Canada | 2009–2016 | C$33m |\n"
            "| Innova per l'Italia, the COVID-19 technology call | Italy, innovation ministry | 2020 | €50m |\n")
    got = {t: (j, d, a) for t, j, d, a in _events(text)}
    assert got["Clean Energy Fund"] == ("CAN", "2009-01-01", [("CAD", 33e6)])
    assert got["Innova per l'Italia"] == ("ITA", "2020-01-01", [("EUR", 50e6)])


def test_a_title_cell_is_the_name_of_the_row_not_the_names_inside_it() -> None:
    text = ("| Country | Measure | Date / start | Register |\n|---|---|---|---|\n"
            "| Brazil | Law 12.144/2009, and Decree 7.343/2010 establishing the National Fund on Climate Change (NFCC) "
            "| 9 December 2009 | CCLW |\n")
    (title, jur, date, _), = _events(text)
    assert title.startswith("Law 12.144/2009, and Decree 7.343/2010") and (jur, date) == ("BRA", "2009-12-09")


@pytest.mark.parametrize(("item", "name", "date"), [
    ("- Greece's **Athens Center for Entrepreneurship and Innovation (ACEin)** is in the OECD.AI policy database as "
     "a 2022 initiative.", "Athens Center for Entrepreneurship and Innovation (ACEin)", "2022-01-01"),
    ("- **Reform of the Italian Patent and Trademark Office** (Italy, 2009): the office became part of a Directorate "
     "General.", "Reform of the Italian Patent and Trademark Office", "2009-01-01"),
])
def test_a_bold_name_in_a_digest_item_is_an_event(item: str, name: str, date: str) -> None:
    assert (name, date) in [(t, d) for t, _, d, _ in _events(item)]


def test_bold_labels_and_people_are_not_names() -> None:
    text = ("- **Warmest year:** Copernicus confirmed on 10 January that 2024 was the warmest year.\n"
            "- **Teresa Ribera** took office on 1 December.")
    assert [t for t, *_ in _events(text)] == []


def test_one_word_name_in_apposition_after_a_preposition_with_its_period() -> None:
    text = ("Norway's Ministry of Education and Research puts about NOK 60 million a year into Panorama, its "
            "2021–2027 strategy for research and higher-education cooperation.")
    assert ("Panorama", "NOR", "2021-01-01", [("NOK", 60e6)]) in _events(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Hotels go by Commission Decision 2017/175 on establishing EU Ecolabel criteria for tourist accommodation, "
     "adopted on 25 January 2017.", "Commission Decision 2017/175 on establishing EU Ecolabel criteria for tourist "
                                    "accommodation"),
    ("Spain's Royal Decree No. 18/2016 - Flood risk management plans of the Segura, Júcar and Ebro hydrographic "
     "demarcations was published on 22 January 2016.",
     "Royal Decree No. 18/2016 - Flood risk management plans of the Segura, Júcar and Ebro hydrographic demarcations"),
])
def test_numbered_acts_keep_their_subject(text: str, name: str) -> None:
    assert name in [t for t, *_ in _events(text)]


def test_a_numbered_act_dated_by_of_keeps_its_own_date() -> None:
    text = "It did not last: Decree No. 9759 of 11 April 2019 wound the Forum up with effect from 28 June 2019."
    assert ("Decree No. 9759", "2019-04-11") in [(t, d) for t, _, d, _ in _events(text)]


def test_same_year_takes_the_year_stated_before_even_in_an_earlier_paragraph() -> None:
    text = "国务院2014年6月5日批复同意设立某试验区。\n\n同年7月1日，国务院作出批复，同意建立全国社区建设部际联席会议制度。"
    dates = same_year_dates(text, find_dates(text, dt.date(2022, 3, 18)))
    assert [(d.text, d.date.isoformat()) for d in dates][-1] == ("同年7月1日", "2014-07-01")
    assert ("全国社区建设部际联席会议制度", "2014-07-01") in [(t, d) for t, _, d, _ in _events(text, dt.date(2022, 3, 18))]


def test_a_quoted_name_after_its_kind_word_and_a_long_body_set_up() -> None:
    text = ("冰岛2011年推出公共采购计划“少花钱、优服务”（Better Service for Less），每年安排6亿冰岛克朗。\n\n"
            "云南：2018年4月，云南省人民政府办公厅发出通知（云政办函〔2018〕35号），成立云南省推进城镇人口密集区危险化学品"
            "生产企业搬迁改造工作领导小组，统筹全省工作。")
    got = {t: (j, a) for t, j, _, a in _events(text, dt.date(2023, 4, 14))}
    assert got["少花钱、优服务"] == ("ISL", [("ISK", 6e8)])
    assert "云南省推进城镇人口密集区危险化学品生产企业搬迁改造工作领导小组" in got


def test_inner_mongolia_is_china_and_capitals_name_their_governments() -> None:
    codes = lambda t: [(m.text, m.code) for m in gazetteer().find(t)]  # noqa: E731
    assert codes("同意设立内蒙古二连浩特重点开发开放试验区") == [("内蒙古", "CHN")]
    assert codes("a plant in Inner Mongolia") == [("Inner Mongolia", "CHN")]
    assert codes("Oslo appoints the Committee") == [("Oslo", "NOR")]
    assert codes("the Paris Agreement and the Brussels Declaration") == []
    assert codes("in Brussels, the Commission") == [("Brussels", "EU")]


def test_a_body_appointed_by_a_capital_is_that_countrys() -> None:
    text = ("Oslo appoints the Committee for Gender Balance and Diversity in Research, which has advised the research "
            "sector since 2004 on a yearly NOK 5,572,000.")
    assert ("Committee for Gender Balance and Diversity in Research", "NOR", "2004-01-01", [("NOK", 5572000.0)]) in \
        _events(text)


def test_a_japanese_name_copied_into_chinese_keeps_its_own_particles() -> None:
    text = ("研究数据方面，内阁府去年确定了公的資金による研究データの管理・利活用に関する基本的な考え方，推动研究数据的管理。"
            "同年，综合创新战略推进会议就国際化、オープン化する研究環境における研究インテグリティの確保に係る取組作出决定。")
    titles = [t for t, *_ in _events(text, dt.date(2022, 3, 18))]
    assert "公的資金による研究データの管理・利活用に関する基本的な考え方" in titles
    assert "国際化、オープン化する研究環境における研究インテグリティの確保に係る取組" in titles


def test_a_latin_gloss_after_a_chinese_name_is_that_names() -> None:
    got = _events("拉脱维亚经济部2010年设立的信贷担保计划（Credit Guarantee Programme）每年预算4480万欧元。")
    assert got == [("信贷担保计划", "LVA", "2010-01-01", [("EUR", 44.8e6)])]
    got = _events("加拿大自然资源部（NRCan）的能源创新计划（Energy Innovation Program）始于2016年，每年投入2400万加元。")
    assert got == [("能源创新计划（Energy Innovation Program）", "CAN", "2016-01-01", [("CAD", 24e6)])]


def test_the_owner_after_a_name_gives_its_jurisdiction() -> None:
    text = "- Health Research Programmes (Research Council of Norway) — about NOK 343 million"
    assert [(t, j) for t, j, *_ in _events(text)] == [("Health Research Programmes", "NOR")]


@pytest.mark.parametrize("text", [
    "▲ 2021年10月5日，瑞典皇家科学院宣布将2021年诺贝尔物理学奖授予日裔美籍气象学家真锅淑郎（Syukuro Manabe）、德国科学家"
    "克劳斯·哈塞尔曼（Klaus Hasselmann）和意大利科学家乔治·帕里西（Giorgio Parisi）。",
    "▲ 索尼集团1月4日在美国拉斯维加斯举行的CES 2022上宣布，将于今年春季成立新公司“索尼移动”（Sony Mobility Inc.）。",
    "Good morning. Paris hosted the AI Action Summit on 10–11 February, co-chaired by France and India; new centres "
    "opened in Athens and Nairobi.",
    "2．数据：国家统计局2月28日发布统计公报。2022年全国研究与试验发展（R&D）经费支出30870亿元，比上年增长10.4%。",
    "Mario Draghi's report, published on 9 September, puts the extra investment the EU needs at €750–800 billion a "
    "year.",
    "NORPART has funded exchanges with the Global South since 2016.",
])
def test_people_firms_summits_place_pairs_statistics_and_regions_are_no_events(text: str) -> None:
    assert [t for t, *_ in _events(text, dt.date(2023, 4, 14)) if t != "NORPART"] == []


def test_a_digest_dated_by_the_week_it_ends() -> None:
    text = ("Climate & Innovation Brief — week ending 20 September 2024\nBrazil's Decree No. 9.082 came out in June 2017.")
    assert document_date(text, dt.date(2026, 1, 1)) == (dt.date(2024, 9, 20), "day")


def test_a_name_glossed_in_brackets_scores_as_the_name_alone() -> None:
    assert _title_score("NRC量子研究计划", "NRC量子研究计划（NRC Quantum Research）") >= 85
    assert _title_score("NRC量子研究计划（NRC Quantum Research）", "NRC量子研究计划") >= 85
    assert _title_score("NRC量子研究计划", "海洋中心（Havsenter）") < 85


def test_a_programme_in_its_own_language_glossed_after_a_verb_and_the_scheme_it_is() -> None:
    text = ("Flanders Innovation and Entrepreneurship funds Innovatiestages (Innovation Traineeships), which place "
            "researchers in companies; the scheme started in 2014 and is worth €5.5m annually.")
    assert _events(text) == [("Innovatiestages (Innovation Traineeships)", "BEL", "2014-01-01", [("EUR", 5.5e6)])]


def test_the_actor_before_its_verb_or_after_by_is_no_policy() -> None:
    text = ("Positioning Australia, a 2018 programme led by Geoscience Australia with New Zealand as a partner, is "
            "spending A$33 million a year.")
    assert [t for t, *_ in _events(text)] == ["Positioning Australia"]


def test_plural_numbered_decisions_with_their_subject() -> None:
    text = ("The Commission Decisions 2009/300/EC and 2018/59 on the ecological criteria for the award of the Community "
            "Eco-label to televisions date from 12 March 2009 and 11 January 2018.")
    assert [t for t, *_ in _events(text)] == [
        "Commission Decisions 2009/300/EC and 2018/59 on the ecological criteria for the award of the Community "
        "Eco-label to televisions"]


def test_two_word_names_ending_as_nouns_are_not_people_but_pinyin_names_are() -> None:
    assert "Research Scholarships" in [t for t, *_ in _events(
        "In Belgium, the Academy has funded Research Scholarships for students since 2009.")]
    assert [t for t, *_ in _events("Corresponding author: Shan Siqing is a professor, appointed in 2020.")] == []


@pytest.mark.parametrize(("text", "name", "date"), [
    ("Costa Rica's Decree 36693-MINAET declaring a national moratoria on oil exploitation, approved on 22 August 2011, "
     "halts oil exploration.", "Decree 36693-MINAET declaring a national moratoria on oil exploitation", "2011-08-22"),
    ("Viet Nam's Law on Natural Disaster Prevention and Control No. 33/2013/QH13, passed by the National Assembly on 19 "
     "June 2013, got fresh rules.", "Law on Natural Disaster Prevention and Control No. 33/2013/QH13", "2013-06-19"),
    ("Indonesia's ministry issued Regulation No.70/2017 Implementing REDD+ and Sustainable Management of Forests in "
     "December 2017.", "Regulation No.70/2017 Implementing REDD+ and Sustainable Management of Forests", "2017-12-01"),
    ("The Third Energy Package, the 2009 pair of directives on electricity and gas, was amended on 17 April 2019.",
     "Third Energy Package", "2009-01-01"),
])
def test_numbered_and_named_acts_of_the_ninth_set(text: str, name: str, date: str) -> None:
    assert (name, date) in [(t, d) for t, _, d, _ in _events(text)]


def test_a_heading_line_is_no_part_of_a_title_and_latin_america_is_no_country() -> None:
    text = "Latin America\nCosta Rica's Decree 36693-MINAET declaring a moratorium, approved on 22 August 2011, halts it."
    assert [(t, j) for t, j, *_ in _events(text)] == [("Decree 36693-MINAET declaring a moratorium", "CRI")]


def test_relative_and_numeric_dates_of_a_kuaibao() -> None:
    day = dt.date(2022, 5, 20)
    got = [(d.text, d.date.isoformat()) for d in find_dates("上月12日印发；| 2017.12.11 |；on 6 July last year", day)]
    assert got == [("上月12日", "2022-04-12"), ("2017.12.11", "2017-12-11"), ("on 6 July last year", "2021-07-06")]
    text = "2019年8月1日，某局印发通知。同月12日，上海市卫生健康委员会组建上海市产前诊断技术质量控制中心。"
    assert ("上海市产前诊断技术质量控制中心", "2019-08-12") in [(t, d) for t, _, d, _ in _events(text, day)]


def test_a_date_alone_on_a_list_line_dates_the_next_item() -> None:
    text = ("- 2014年11月27日\n- 国際連合安全保障理事会決議第千二百六十七号等を踏まえ我が国が実施する国際テロリストの財産の"
            "凍結等に関する特別措置法（平成二十六年法律第百二十四号）公布，日本据此实施财产冻结。")
    assert [d for t, _, d, _ in _events(text, dt.date(2023, 3, 6)) if t.startswith("国際連合")] == ["2014-11-27"]


def test_zones_parks_and_list_items_headed_by_their_name() -> None:
    text = "国务院于今年1月11日批复同意设立中国—菲律宾经贸创新发展示范园区（国函〔2023〕3号），园区落地福建。"
    assert ("中国—菲律宾经贸创新发展示范园区", "2023-01-11") in [(t, d) for t, _, d, _ in _events(text, dt.date(2023, 3, 6))]
    text = "〇 中欧科技合作计划：该计划由科学技术部负责，始于1998年，双方相互开放科研计划。"
    assert ("中欧科技合作计划", "1998-01-01") in [(t, d) for t, _, d, _ in _events(text, dt.date(2022, 5, 20))]
    assert [t for t, *_ in _events("● 机构与机制：云南、上海各设一个领导小组", dt.date(2023, 4, 14))] == []


def test_a_purpose_phrase_before_de_belongs_to_a_glossed_name() -> None:
    text = ("以色列创新局（Israel Innovation Authority）2020年发布应对新冠疫情健康危机的研发征集（COVID-19 Call for "
            "Proposals – Dealing with the Health Crisis），预算3000万新谢克尔。")
    assert [(t.split("（")[0], a) for t, _, _, a in _events(text, dt.date(2023, 3, 6))] == [
        ("应对新冠疫情健康危机的研发征集", [("ILS", 3e7)])]


def test_a_table_whose_first_row_is_its_caption_reads_the_header_below() -> None:
    text = ("| 科技合作与人才流动举措一览 |  |  |  |  |\n|---|---|---|---|---|\n"
            "| 国别 | 举措（中文译名） | 原文 | 起始 | 主管部门 |\n|---|---|---|---|---|\n"
            "| 巴西 | 巴西与南非科学研究和技术开发双边合作 | Cooperação bilateral | 2000年 | 科技创新部（MCTI） |\n")
    assert [(t, j, d) for t, j, d, _ in _events(text, dt.date(2021, 10, 8))] == [
        ("巴西与南非科学研究和技术开发双边合作", "BRA", "2000-01-01")]


def test_european_dates_a_title_cell_going_on_with_its_subject_and_issue_lines_in_bold() -> None:
    text = ("| Date | Who | Act | What it does |\n|---|---|---|---|\n"
            "| 17.04.2019 | EU | Regulation (EU) 2019/631 setting CO2 emission performance standards for new passenger "
            "cars | Fleet-wide CO2 limits |\n")
    assert _events(text) == [("Regulation (EU) 2019/631 setting CO2 emission performance standards for new passenger "
                              "cars", "EU", "2019-04-17", [])]
    assert _events("**No. 63 · Friday 4 April 2025** · Science, technology and climate policy") == []


def test_accented_capitals_lao_and_the_office_of_a_persons_post() -> None:
    assert _events("Lomé has had a National Sustainable Development Strategy since 2012.") == [
        ("National Sustainable Development Strategy", "TGO", "2012-01-01", [])]
    assert ("National Green Growth Strategy to 2030", "LAO") in [(t, j) for t, j, *_ in _events(
        "In December 2018 the Lao government approved the National Green Growth Strategy to 2030.")]
    assert _events("- **People.** Jane Doe was confirmed last month as director of the White House Office of "
                   "Science and Technology Policy.") == []


def test_chinese_documents_cited_by_name_and_number_and_dated_in_the_bracket() -> None:
    day = dt.date(2023, 2, 10)
    text = ("可参阅河南省农业厅主要职责内设机构和人员编制规定（豫政办〔2009〕109号，2009年7月3日由河南省政府办公厅印发），"
            "该规定明确了农业厅的职能。")
    assert ("河南省农业厅主要职责内设机构和人员编制规定", "2009-07-03") in [(t, d) for t, _, d, _ in _events(text, day)]
    text = "  - 四川省未成年人保护工作领导小组：由省政府办公厅于2021年5月17日（川办函〔2021〕34号）宣布成立，负责统筹。"
    assert ("四川省未成年人保护工作领导小组", "2021-05-17") in [(t, d) for t, _, d, _ in _events(text, day)]
    assert [t for t, *_ in _events("2018年4月，云南省人民政府办公厅发出通知（云政办函〔2018〕35号），部署工作。", day)] == []


def test_a_quoted_name_after_its_owner_and_a_body_formed() -> None:
    text = 'Helsinki\'s "Nearly zero-energy regulation" has applied since 2018: every new building must meet it.'
    assert ("Nearly zero-energy regulation", "FIN", "2018-01-01") in [(t, j, d) for t, j, d, _ in _events(text)]
    text = "- Egypt's National Council for AI, formed in 2019, brings ministries and experts together."
    assert ("National Council for AI", "EGY", "2019-01-01") in [(t, j, d) for t, j, d, _ in _events(text)]
