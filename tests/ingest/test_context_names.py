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
