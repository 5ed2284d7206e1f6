"""Text pipeline on real sentences: normalisation (full-width, traditional), language, sentences with offsets
and lines, headings from numbering, tokens for search."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS

from policyscope.ingest.text import (
    cjk_ratio,
    detect_headings,
    detect_lang,
    normalize,
    split_sentences,
    to_halfwidth,
    to_simplified,
    tokenize,
)
from policyscope.ingest.text.lang import document_lang
from policyscope.ingest.text.sentences import LineIndex


def _seed(stem: str) -> str:
    return next(Path(SEEDS).glob(f"{stem}_*.txt")).read_text(encoding="utf-8")


def test_fullwidth_digits_and_punctuation_become_halfwidth_but_chinese_marks_stay() -> None:
    s = "２０２１年６月８日，美国发布《ＡＩ战略》：投入１．５亿美元。"
    h = to_halfwidth(s)
    assert h == "2021年6月8日，美国发布《AI战略》：投入1.5亿美元。"
    assert len(h) == len(s)


def test_traditional_to_simplified_keeps_length_and_original() -> None:
    s = "韓國於2019年12月發布《國家人工智慧戰略》"
    n = normalize(s)
    assert n.original == s
    assert n.match == "韩国于2019年12月发布《国家人工智慧战略》"
    assert len(n.match) == len(n.original)
    assert to_simplified("人工智能") == "人工智能"  # simplified text is untouched


def test_language_per_paragraph() -> None:
    assert detect_lang("2020年7月，英国政府发布《研究与开发路线图》") == "zh"
    assert detect_lang("The Secretary of Defense shall develop a plan for the establishment of a modern "
                       "information technology infrastructure.") == "en"
    assert detect_lang("Die Bundesregierung hat die Strategie Künstliche Intelligenz im Dezember 2020 "
                       "fortgeschrieben und erweitert.") == "de"
    assert detect_lang("OK") == "en"  # short Latin line → default
    assert cjk_ratio("AI 战略") == 0.5 and cjk_ratio("policy") == 0.0
    assert document_lang(_seed("001")) == "zh"


def test_sentences_keep_offsets_and_lines_on_a_seed() -> None:
    text = _seed("000")
    sents = split_sentences(text)
    hit = [s for s in sents if "《量子技术领导力法案》" in s.text]
    assert [h.line for h in hit] == [135, 141]
    s = hit[0]
    assert text[s.start:s.end] == s.text
    assert s.line == 135  # the gold annotates this event on line 135
    assert s.text.startswith("2021 年 4 月，美国发布")


def test_sentence_continues_over_a_page_break() -> None:
    text = "各国/地区围绕目标计划纷纷加大了部署进程，如美\n\n国加大 AI、量子、半导体等部署。\n\n下一段。"
    sents = split_sentences(text)
    assert sents[0].text.endswith("半导体等部署。") and sents[0].line == 1
    assert LineIndex(text).line(sents[0].end - 1) == 3


def test_english_sentences_skip_abbreviations() -> None:
    text = "The U.S. Congress passed H.R. 4346 in 2022. It funds chips. See Sec. 3 for details."
    sents = [s.text for s in split_sentences(text)]
    assert sents == ["The U.S. Congress passed H.R. 4346 in 2022.", "It funds chips.", "See Sec. 3 for details."]


def test_headings_from_numbering_not_markdown_levels() -> None:
    heads = detect_headings(_seed("000"))
    by_line = {h.line: h for h in heads}
    assert by_line[125].text.startswith("（一）美国") and by_line[125].level == 2
    assert by_line[111].level == 1
    assert by_line[384].text.startswith("（二）各国研发投入") and by_line[384].level == 2  # written "## **…**"
    assert all(not h.text.startswith("一、全球数字产业发展步入快车道.") for h in heads)  # TOC lines skipped


def test_tokenize_chinese_uses_policy_lexicon_and_english_is_stemmed() -> None:
    zh = tokenize("2021年，日本发布《人工智能战略》，推动AI和量子计算研发")
    assert "人工智能" in zh and "量子计算" in zh and "ai" in zh
    assert "的" not in tokenize("美国的人工智能战略")
    en = tokenize("The Department of Commerce issues guidance on Artificial Intelligence systems")
    assert en == ["depart", "commerc", "issu", "guidanc", "artifici", "intellig", "system"]
    # full-width and traditional input give the same tokens as their normal forms
    assert tokenize("人工智慧戰略") == tokenize("人工智慧战略")
    assert tokenize("ＡＩ") == ["ai"]
