"""Names without a mark the title rules know: the learned tagger (CRF) and the context rules for event
sentences (made-up sentences; the sets they were measured on are in docs/accuracy.md § 4.2)."""

from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.context_names import context_names, numbered_names
from policyscope.ingest.extract.name_tagger import tag_zh, tagged_titles
from policyscope.ingest.text.sentences import split_sentences


def _titles(text: str) -> list[str]:
    return [e.title for e in extract_events(text)]


def test_the_chinese_tagger_finds_a_document_named_without_brackets() -> None:
    s = "2019年，工业和信息化部印发促进中小企业数字化转型行动方案，提出三年目标。"
    assert [s[a:b] for a, b in tag_zh(s)] == ["促进中小企业数字化转型行动方案"]
    assert [t.text for t in tagged_titles(s, [])] == ["促进中小企业数字化转型行动方案"]


def test_the_tagger_keeps_no_markup_or_comparison() -> None:
    s = "第三梯队，1 千亿人民币<研发支出总额<3 千亿人民币；2021年发布。"
    assert all("<" not in t.text for t in tagged_titles(s, []))


def test_an_english_name_in_title_case_is_read_from_a_reported_event() -> None:
    s = "Finland's education ministry launched the Northern Lights Talent Competition in 2021."
    assert [t.text for t in context_names(s, [], [])] == ["Northern Lights Talent Competition"]
    assert "Northern Lights Talent Competition" in _titles(s)


def test_people_drafting_and_officers_are_no_names() -> None:
    assert context_names("Maria Rossi said the programme started in 2020.", [], []) == []
    assert context_names("Prime Minister Jane Doe announced new funding on 3 May 2022.", [], []) == []
    assert context_names("The Secretary shall establish the Widget Review Programme by 2025.", [], []) == []
    assert context_names("It coordinates with the Under Secretary of Defense for Policy, launched in 2019.", [], []) == []


def test_a_body_counts_only_when_set_up_or_run() -> None:
    assert context_names("The Riverside Data Centre published figures on 3 May 2022.", [], []) == []
    assert [t.text for t in context_names("Norway opened the Riverside Data Centre on 3 May 2022.", [], [])] == [
        "Riverside Data Centre"]


def test_an_owner_is_not_part_of_the_name() -> None:
    assert [t.text for t in context_names("Tanzania's National Energy Policy was approved in 2015.", [], [])] == [
        "National Energy Policy"]
    assert "National Energy Policy" in _titles("Tanzania's National Energy Policy was approved in 2015.")


def test_a_numbered_law_keeps_its_subject_and_its_sentence() -> None:
    s = "Estonia's Law no. 12/2019 on digital services was passed in 2019."
    assert [t.text for t in numbered_names(s, [])] == ["Law no. 12/2019 on digital services"]
    assert len(list(split_sentences(s))) == 1  # "no." before a number ends no sentence
    assert _titles(s) == ["Law no. 12/2019 on digital services"]


def test_a_chinese_name_glossed_by_its_original_is_a_name_an_organisation_is_not() -> None:
    s = "2022年，芬兰教育部资助北极光人才营（Northern Lights Talent Camp）。"
    assert [t.text for t in context_names(s, [], [])] == ["北极光人才营（Northern Lights Talent Camp）"]
    assert context_names("2020年，电气和电子工程师协会（Institute of Electrical Engineers）发布报告。", [], []) == []


def test_zones_set_up_and_laws_promulgated_by_name_are_events() -> None:
    assert "海滨国家自主创新示范区" in _titles("2016年，国务院批复设立海滨国家自主创新示范区，支持科技成果转化。")
    assert "数字服务税法" in _titles("2019年5月，某国公布数字服务税法，对大型平台征税。")
    assert _titles("会议通过了新的工作方法。") == []


def test_a_name_copied_in_its_original_script_is_a_name() -> None:
    s = "2020年，台湾地区推出數位國家創新經濟發展方案，投入大量资金。"
    assert "數位國家創新經濟發展方案" in _titles(s)
    s2 = "经济产业省主管的研究開発特区制度（研发特区制度）自2005年度起实施。"
    ev = [e for e in extract_events(s2) if e.title == "研究開発特区制度"]
    assert ev and ev[0].date is not None and ev[0].date.year == 2005  # dated by the start after its gloss


def test_a_gloss_of_one_word_names_a_programme_an_acronym_only_after_a_programme_word() -> None:
    s = "挪威自2010年资助全国各地的海洋中心（Havsenter），年度预算约1200万挪威克朗。"
    assert [t.text for t in context_names(s, [], [])] == ["海洋中心（Havsenter）"]
    assert context_names("2020年，日本医疗研究开发机构（AMED）发布报告。", [], []) == []


def test_laws_by_number_without_a_dot_or_by_subject() -> None:
    s = "On 2 June 2021 the parliament passed Law no 512-XI On digital services in the country."
    assert [t.text for t in numbered_names(s, [])] == ["Law no 512-XI On digital services in the country"]
    s2 = "Latvia's government approved the Decree on public procurement of software on 3 March 2020."
    assert [t.text for t in numbered_names(s2, [])] == ["Decree on public procurement of software"]


def test_an_amount_a_year_or_in_a_table_row_is_the_events() -> None:
    ev = extract_events("Canada has run the Clean Harbours Program since 2016, with C$17 million a year for ports.")
    assert [(a.currency, a.value_in_currency_units) for e in ev for a in e.amounts] == [("CAD", 17_000_000)]


def test_a_name_in_apposition_or_glossed_after_its_owner() -> None:
    ev = {e.title: e for e in extract_events("Harbour Sense, a 2019 programme run by the port authority, maps traffic.")}
    assert "Harbour Sense" in ev and ev["Harbour Sense"].date is not None and ev["Harbour Sense"].date.year == 2019
    assert "Heat grant" in _titles("Malta's Heat grant (Għotja tas-Sħana), running since 2015, pays for pumps.")
    assert _titles("Norway's Minister (Jane Doe) said in 2020 that funding would rise.") == []


def test_a_digests_masthead_and_own_title_state_no_event() -> None:
    text = ("The Friday Memo: Energy & Research Policy — 20 October 2025\n"
            "In 2009 the Clean Fuel Directives (Directives 2009/30/EC and 2015/1513) were agreed.")
    ev = {e.title: e.jurisdiction for e in extract_events(text)}
    assert ev["Clean Fuel Directives"] == "EU"  # numbered as the EU's in brackets after the name
    assert not any("Memo" in t or "Research Policy" in t for t in ev)


def test_public_law_citations_are_no_numbered_laws() -> None:
    assert numbered_names("Section 2 of Public Law 115-232 was amended in 2019.", []) == []


def test_chinese_names_with_brackets_quotes_and_bodies_approved_after_them() -> None:
    assert "中国（北港）自由贸易试验区" in _titles("2019年，国务院批复同意设立中国（北港）自由贸易试验区。")
    assert "“百城千灯”照明应用工程" in _titles("科技部2010年组织实施的“百城千灯”照明应用工程，覆盖百余城市。")
    assert "节能技术国家工程实验室" in _titles("节能技术国家工程实验室，2016年获国家发展改革委批复。")
    ev = {e.title: e for e in extract_events("《2021年某市民政工作要点》，2021年3月5日印发，明确全年任务。")}
    assert ev["2021年某市民政工作要点"].date.isoformat() == "2021-03-05"  # the act dated after the name


def test_a_tables_header_cell_names_nothing() -> None:
    text = "| 项目名称 | 国家 | 年度经费 |\n|---|---|---|\n| 海洋观测计划 | 挪威 | 1200万挪威克朗 |\n"
    assert "项目名称" not in _titles(text)


def test_a_digests_list_item_names_its_programme_and_its_money() -> None:
    text = ("Funding lines this week:\n\n"
            "- Coastal Data Programmes (Research Council of Norway) — about NOK 120 million over three years\n")
    ev = {e.title: e for e in extract_events(text)}
    assert [(a.currency, a.value_in_currency_units) for a in ev["Coastal Data Programmes"].amounts] == [
        ("NOK", 120_000_000)]
