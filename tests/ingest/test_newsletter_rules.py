"""Round-3 newsletter rules (issue 10), each on a short made-up sentence: currencies from CLDR (Babel), bodies
named 领导小组 / 工作组 / 专班, start-year dates, a body's verb a clause away, the EU's Council."""
from __future__ import annotations

import datetime as dt

import pytest

from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.amounts import find_amounts


@pytest.mark.parametrize(("text", "currency", "units"), [
    ("年度拨款约3.5亿冰岛克朗", "ISK", 3.5e8),
    ("年度预算20万林吉特", "MYR", 2e5),
    ("每年投入约800万泰铢", "THB", 8e6),
    ("a yearly budget of RON 2.1 billion", "RON", 2.1e9),
    ("with a grant of RM750,000", "MYR", 7.5e5),
    ("a zł3m scheme", "PLN", 3e6),
    ("worth 40 million baht", "THB", 4e7),
    ("HRK 12 million a year", "HRK", 1.2e7),
    ("1.5 billion PLN", "PLN", 1.5e9),
])
def test_currencies_outside_the_table_come_from_cldr(text: str, currency: str, units: float) -> None:
    got = [(a.currency, a.units) for a in find_amounts(text)]
    assert got == [(currency, pytest.approx(units))]


@pytest.mark.parametrize("text", ["TOP 10 universities", "TOP2500 companies", "AMD 5 billion chips", "ESP 2019 figures",
                                  "all 5 million people", "GAIN 2003"])
def test_code_like_words_before_small_numbers_or_years_are_no_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_amount_in_a_currency_without_rate_keeps_value_and_currency() -> None:
    ev = extract_events("2019年，某国科技部启动“清洁水”项目，每年投入约3亿瓦努阿图瓦图。")
    assert ev and ev[0].amounts and ev[0].amounts[0].currency == "VUV"
    assert ev[0].amounts[0].value_in_currency_units == pytest.approx(3e8) and ev[0].amounts[0].usd is None


@pytest.mark.parametrize(("text", "title"), [
    ("2015年3月2日，省政府办公厅发出通知，成立省数字经济发展领导小组。", "省数字经济发展领导小组"),
    ("2020年3月，市政府组建复工复产工作专班，协调企业用工。", "复工复产工作专班"),
    ("2019年，工信部成立工业互联网工作组，推动标准制定。", "工业互联网工作组"),
])
def test_leading_groups_and_task_forces_are_bodies_set_up(text: str, title: str) -> None:
    assert title in [e.title for e in extract_events(text)]


def test_a_start_year_after_the_thing_dates_it() -> None:
    en = extract_events("Canada's ministry runs the Clean Growth Program, in place since 2017, with C$20 million a year.")
    assert [(e.title, e.date, e.date_precision) for e in en] == [("Clean Growth Program", dt.date(2017, 1, 1), "year")]
    zh = extract_events("东北振兴战略自2003年由国务院组织实施，成效显著。")
    assert [(e.title, e.date) for e in zh] == [("东北振兴战略", dt.date(2003, 1, 1))]


def test_a_bare_year_in_a_table_cell_is_the_rows_year() -> None:
    text = "| Country | Measure | Start |\n|---|---|---|\n| Austria | Climate ticket for public transport | 2021 |\n"
    ev = [e for e in extract_events(text) if e.title == "Climate ticket for public transport"]
    assert ev and (ev[0].jurisdiction, ev[0].date, ev[0].date_precision) == ("AUT", dt.date(2021, 1, 1), "year")


def test_a_bodys_set_up_verb_a_clause_away() -> None:
    evs = extract_events("In Spain, the Spanish Agency for AI Supervision, first announced by the cabinet in 2021, "
                         "is to be set up in A Coruña.")
    assert "Spanish Agency for AI Supervision" in [e.title for e in evs]


def test_the_councils_act_is_the_eus() -> None:
    evs = extract_events("France published its plan on Monday. The Council adopted the Data Act on 27 November 2023.")
    act = [e for e in evs if e.title == "Data Act"][0]
    assert (act.jurisdiction, act.date) == ("EU", dt.date(2023, 11, 27))
    state = extract_events("The State Council adopted the Energy Plan in 2019.")
    assert state[0].jurisdiction != "EU"


@pytest.mark.parametrize(("text", "title"), [
    ("2010年6月1日国务院印发的国家中长期教育改革和发展规划纲要（2010—2020年）实施以来，成效明显。",
     "国家中长期教育改革和发展规划纲要（2010—2020年）"),
    ("2016年3月2日，省政府办公厅印发2016年全省安全生产工作要点，部署全年工作。", "2016年全省安全生产工作要点"),
    ("2018年，科技厅自2018年实施青年科学家培育项目，支持青年人才。", "青年科学家培育项目"),
])
def test_unmarked_chinese_names_after_an_issuing_verb(text: str, title: str) -> None:
    assert title in [e.title for e in extract_events(text)]


@pytest.mark.parametrize(("text", "title"), [
    ("Finland's agency admitted ten firms to its Testing Bed for Robotics, which started in 2019.",
     "Testing Bed for Robotics"),
    ("The Dutch government published the National plan for the circular economy on 4 March 2021.",
     "National plan for the circular economy"),
])
def test_english_names_without_a_capitalised_kind_word(text: str, title: str) -> None:
    assert title in [e.title for e in extract_events(text)]


# -- round 4 (test3's misses, on made-up sentences) -------------------------------------------------------

def _titles4(text: str) -> list[str]:
    from policyscope.ingest.extract.titles import find_titles

    return [t.text for t in find_titles(text)]


def test_second_body_set_up_by_one_verb() -> None:
    got = _titles4("国务院办公厅发出通知，成立甲省外汇改革协调领导小组和甲省财税改革协调领导小组，分别负责。")
    assert got == ["甲省外汇改革协调领导小组", "甲省财税改革协调领导小组"]


def test_body_with_its_set_up_verb_after() -> None:
    assert _titles4("据报道，国家海洋科技改革和创新体系建设领导小组2012年由国务院设立，负责指导。") == \
        ["国家海洋科技改革和创新体系建设领导小组"]


def test_name_after_its_actor_and_de_is_cut() -> None:
    assert _titles4("某部牵头实施的万人计划自2010年起引进人才。") == ["万人计划"]


def test_latin_led_name_and_year_with_gloss_after_kind_word() -> None:
    assert _titles4("瑞典研究理事会的NANOTEK2030纳米技术创新计划自2013年启动。") == ["NANOTEK2030纳米技术创新计划"]
    assert _titles4("意大利联盟牵头的意大利精准医学计划2030（Piano Medicina 2030）于2018年启动。") == \
        ["意大利精准医学计划2030（Piano Medicina 2030）"]


def test_about_title_after_zhuanfa_and_period_quote_inside_a_name() -> None:
    assert _titles4("2016年国务院办公厅转发国家能源局关于“十四五”期间推进智能电网建设的意见，要求。") == \
        ["关于“十四五”期间推进智能电网建设的意见"]
    assert _titles4("某省人民政府办公厅2015年4月21日印发某省公共服务体系“十二五”规划2015年实施计划，部署。") == \
        ["某省公共服务体系“十二五”规划2015年实施计划"]


def test_japanese_name_in_kana_and_xiuding() -> None:
    assert _titles4("日本内阁府2020年制定的スマート農業戦略2020（智慧农业战略2020）提出。") == ["スマート農業戦略2020"]
    assert _titles4("日本中央防灾会议2019年修订国家防灾减灾计划，将疫情纳入。") == ["国家防灾减灾计划"]


def test_eu_act_and_decree_keep_their_subject() -> None:
    assert _titles4("The Council adopted Regulation (EU) 2020/852 establishing a framework to facilitate sustainable "
                    "investment, which was signed on 18 June 2020.") == \
        ["Regulation (EU) 2020/852 establishing a framework to facilitate sustainable investment"]
    assert _titles4("Peru issued Decree No. 12.345 consolidating rules on Forest Carbon on 2 May 2019.") == \
        ["Decree No. 12.345 consolidating rules on Forest Carbon"]


def test_prize_and_working_group() -> None:
    assert _titles4("Denmark funds the Sonning Prize with DKK 1 million a year.") == ["Sonning Prize"]
    assert _titles4("Last year Spain set up a Working Group for Quantum Computing.") == ["Working Group for Quantum Computing"]


def test_kuaibao_masthead_date_beats_an_article_date() -> None:
    from policyscope.ingest.extract.docmeta import document_meta

    text = ("某某科技快报\n2020年第3期（总第40期）\n某研究院\n2020年3月9日\n\n【地方】\n"
            "某省人民政府办公厅2014年6月2日印发某省科技规划，部署任务。\n")
    meta = document_meta(text, lang="zh")
    assert meta.date is not None and meta.date.isoformat() == "2020-03-09"


def test_flanders_is_belgium() -> None:
    evs = extract_events("Flanders Innovation launched the Flemish Quantum Programme in 2019 with €10 million.")
    assert evs and all(e.jurisdiction == "BEL" for e in evs)


def test_relative_years_with_a_month_weekdays_and_seasons_take_the_document_date() -> None:
    import datetime as dt

    from policyscope.ingest.extract.dates import find_dates

    doc = dt.date(2022, 2, 18)  # a Friday

    def first(s: str) -> tuple[str, str]:
        d = find_dates(s, doc)[0]
        return d.date.isoformat(), d.precision

    assert first("去年12月30日，省政府印发办法") == ("2021-12-30", "day")
    assert first("前年7月3日经内阁会议审议通过") == ("2020-07-03", "day")
    assert first("On Tuesday, the two governments launched a council") == ("2022-02-15", "day")
    assert first("The centre opened its doors this spring") == ("2022-01-01", "year")
    assert find_dates("自2003年度起实施", doc)[0].kind == "since"
    assert find_dates("该计划始于1985年", doc)[0].kind == "since"


def test_an_html_newsletters_masthead_dates_the_issue() -> None:
    from policyscope.ingest.readers import ReadOptions
    from policyscope.ingest.readers.html import read_html_bytes

    page = ("<html><head><title>政策快报</title></head><body><div class='masthead'><h1>政策快报</h1>"
            "<p>2020年第23期（总第141期） 发布日期：2020年12月4日</p></div><div class='content'>"
            "<p>2013年12月13日，日本公布《生活困窮者自立支援法》，该法于2015年4月正式施行，为生活困难人群提供支援。</p>"
            "<p>日本政府前年7月3日经内阁会议审议通过《第五次能源基本计划》，首次提出将可再生能源发展为主力电源。</p>"
            "</div></body></html>").encode()
    doc = read_html_bytes(page, "kuaibao.html", ReadOptions())
    assert "发布日期：2020年12月4日" in doc.text.split("\n")[0]
    from policyscope.ingest.pipeline import extract_document

    events = {e.title: e for e in extract_document(doc)}
    assert doc.published is not None and doc.published.isoformat() == "2020-12-04"  # not the law's 公布 date
    assert events["第五次能源基本计划"].date.isoformat() == "2018-07-03"


def test_a_simplified_text_with_a_few_traditional_characters_is_converted_character_by_character() -> None:
    from policyscope.ingest.text.normalize import to_simplified

    text = "美国国会通过了《晶片與科學法案》，" + "这是一段很长的简体中文新闻正文，" * 5
    out = to_simplified(text)
    assert len(out) == len(text) and "《晶片与科学法案》" in out
    assert to_simplified("國會發布數位國家創新經濟發展方案") == "国会发布数位国家创新经济发展方案"  # traditional: OpenCC
