"""extract_events on real seed text: evidence (line, offsets, quote), jurisdiction by sentence / section /
default, dates at precision, amounts with US$, repeated mentions merged, traditional and full-width input,
cross-document merging."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import SEEDS

from policyscope.ingest.extract import extract_events, merge_events, merge_key, same_event, title_key
from policyscope.model import PolicyEvent


@pytest.fixture(scope="module")
def seed000() -> tuple[str, list[PolicyEvent]]:
    text = next(Path(SEEDS).glob("000_*.txt")).read_text(encoding="utf-8")
    return text, extract_events(text, doc_date=dt.date(2021, 12, 28), document_id="seed000")


def _by_title(events: list[PolicyEvent], title: str) -> PolicyEvent:
    hits = [e for e in events if title_key(e.title) == title_key(title)]
    assert hits, f"no event titled {title}"
    return hits[0]


def test_event_fields_and_evidence(seed000: tuple[str, list[PolicyEvent]]) -> None:
    text, events = seed000
    ev = _by_title(events, "量子技术领导力法案")
    assert (ev.jurisdiction, ev.type, ev.date, ev.date_precision) == ("USA", "law_regulation", dt.date(2021, 4, 1), "month")
    assert "quantum" in ev.domains
    assert ev.origin == "extracted" and ev.review_state == "auto" and 0 < ev.confidence <= 1
    e0 = ev.evidence[0]
    assert e0.document_id == "seed000" and e0.line == 135
    assert text[e0.char_start:e0.char_end] == e0.quote and "《量子技术领导力法案》" in e0.quote
    assert ev.title_zh == "量子技术领导力法案" and ev.title_en is None


def test_repeated_mentions_become_one_event_with_several_evidences(seed000: tuple[str, list[PolicyEvent]]) -> None:
    _, events = seed000
    same = [e for e in events if title_key(e.title) == title_key("量子技术领导力法案")]
    assert len(same) == 1
    assert [x.line for x in same[0].evidence] == [135, 141]
    # the 'since 2008' context of a later mention does not override the event's own year
    ev = _by_title(events, "美国将主导未来产业")
    assert ev.date == dt.date(2020, 1, 1) and ev.date_precision == "year"


def test_amounts_attach_to_their_instrument_with_usd(seed000: tuple[str, list[PolicyEvent]]) -> None:
    _, events = seed000
    ev = _by_title(events, "2021 年美国创新与竞争法案")
    got = sorted((a.currency, a.value_in_currency_units) for a in ev.amounts)
    assert got == [("USD", 5e10), ("USD", 1.9e11)]
    assert all(a.usd == a.value_in_currency_units and a.fx_rate == 1.0 for a in ev.amounts)
    eu = _by_title(events, "数字欧洲计划")
    a = eu.amounts[0]
    assert (a.currency, a.value_in_currency_units, a.fx_year) == ("EUR", 7.5e9, 2020)
    assert a.usd == pytest.approx(7.5e9 / a.fx_rate)


def test_jurisdiction_from_subject_section_and_short_forms(seed000: tuple[str, list[PolicyEvent]]) -> None:
    _, events = seed000
    assert _by_title(events, "东京量子合作声明").jurisdiction == "USA"
    assert _by_title(events, "东京量子合作声明").partners == ["JPN"]
    assert _by_title(events, "研发框架计划").jurisdiction == "EU"
    assert _by_title(events, "“十四五”规划和2035年远景目标纲要").jurisdiction == "CHN"
    assert _by_title(events, "国家关键战略技术选择、开发和保护战略").jurisdiction == "KOR"
    # no country in the sentence: the section heading （三）德国 gives DEU
    assert _by_title(events, "自动驾驶法").jurisdiction == "DEU"
    coop = [e for e in events if e.type == "cooperation" and "FIN" in e.partners]
    assert coop and coop[0].jurisdiction == "JPN" and coop[0].date == dt.date(2021, 6, 1)


def test_traditional_and_fullwidth_input_give_the_same_events_with_original_quotes() -> None:
    simp = "２０１９年１２月，韩国发布《国家人工智能战略》，计划投入１０亿美元。"
    trad = "２０１９年１２月，韓國發布《國家人工智慧戰略》，計劃投入１０億美元。"
    a, b = extract_events(simp), extract_events(trad)
    assert len(a) == len(b) == 1
    ea, eb = a[0], b[0]
    assert (ea.jurisdiction, ea.date, ea.type) == (eb.jurisdiction, eb.date, eb.type) == ("KOR", dt.date(2019, 12, 1), "strategy")
    assert eb.title == "國家人工智慧戰略"  # original form kept
    assert eb.evidence[0].quote == trad
    assert eb.amounts[0].value_in_currency_units == 1e9 and eb.amounts[0].currency == "USD"


def test_relative_dates_use_the_document_date() -> None:
    ev = extract_events("6月8日，工业和信息化部印发《工业互联网创新发展行动计划》。", doc_date=dt.date(2021, 7, 1))[0]
    assert (ev.date, ev.date_precision, ev.jurisdiction) == (dt.date(2021, 6, 8), "day", "CHN")
    assert ev.issuer == "工业和信息化部"


def test_english_text_and_default_jurisdiction() -> None:
    text = ("SEC. 2. FINDINGS.\n\nOn 9 August 2022, the President signed the CHIPS and Science Act of 2022, "
            "which provides $52.7 billion for semiconductor manufacturing and research.")
    evs = extract_events(text, default_jurisdiction="USA")
    ev = [e for e in evs if e.title == "CHIPS and Science Act of 2022"][0]
    assert ev.type == "law_regulation" and ev.jurisdiction == "USA"
    assert (ev.date, ev.date_precision) == (dt.date(2022, 8, 9), "day")
    assert ev.amounts[0].usd == pytest.approx(5.27e10) and ev.title_en == ev.title
    assert "semiconductors" in ev.domains


def test_empty_and_junk_input() -> None:
    assert extract_events("") == [] and extract_events("   \n\n ") == []
    assert extract_events("\x00\x01 ???") == []


def test_cross_document_merge() -> None:
    a = extract_events("2020年10月，韩国发布《人工智能半导体产业发展战略》。", document_id="a")
    b = extract_events("韩国	人工智能半导体产业发展战略	韩国政府	2020年10月", document_id="b")
    c = extract_events("2019年，韩国发布《人工智能半导体产业发展战略》。", document_id="c")
    assert merge_key(a[0]) == merge_key(b[0]) == ("KOR", title_key("人工智能半导体产业发展战略"))
    assert same_event(a[0], b[0]) and not same_event(a[0], c[0])  # 2019 vs 2020: incompatible dates
    merged = merge_events(a + b + c)
    assert len(merged) == 2
    assert {e.document_id for e in merged[0].evidence} == {"a", "b"}
    assert merged[0].issuer == "韩国政府"


def test_two_actors_in_one_sentence_and_english_names_in_parentheses() -> None:
    evs = extract_events("2020 年 11 月，中国签署《区域全面经济伙伴关系协定》（RCEP），"
                         "欧盟发布《人工智能白皮书》（White Paper on Artificial Intelligence）。")
    got = [(e.title, e.title_en, e.jurisdiction, e.type) for e in evs]
    assert got == [("区域全面经济伙伴关系协定", "RCEP", "CHN", "cooperation"),
                   ("人工智能白皮书", "White Paper on Artificial Intelligence", "EU", "strategy")]


def test_company_stands_for_its_home_jurisdiction() -> None:
    ev = extract_events("2017年5月，腾讯成立美国西雅图AI实验室，主要技术方向为人工智能。")[0]
    assert (ev.jurisdiction, ev.type, ev.date) == ("CHN", "corporate_investment", dt.date(2017, 5, 1))


def test_title_broken_by_a_page_break() -> None:
    text = "中国加入《区域全面经济伙伴关系协定》（RCEP），启动申请加入《全面与进步跨太平洋伙伴关系\n\n系协定》（CPTPP）；中欧加深合作。"
    evs = extract_events(text)
    assert [(e.title, e.title_en) for e in evs] == [("区域全面经济伙伴关系协定", "RCEP"), ("全面与进步跨太平洋伙伴关系系协定", "CPTPP")]
    assert evs[1].evidence[0].line == 1 and "\n\n系协定" in evs[1].evidence[0].quote


def test_paragraph_time_topic_and_continuation_dates() -> None:
    text = ("2020年6月，美国国会提出三个两党法案。其中，在《军队人工智能法案》中，进一步提高人工智能的重要性。\n\n"
            "2017年，中国与美国的领军企业市值差距尚不显著。苹果公司市值位居全球第一，达 8608.8 亿美元。")
    evs = extract_events(text)
    law = [e for e in evs if e.title == "军队人工智能法案"][0]
    assert (law.date, law.date_precision) == (dt.date(2020, 6, 1), "month")
    mv = [e for e in evs if e.amounts][0]
    assert (mv.date, mv.amounts[0].value_in_currency_units) == (dt.date(2017, 1, 1), pytest.approx(8.6088e11))
