"""The flagship's country chapters and data chapters written from findings, Chinese policy names, the
analysts' edition file, and country / compare reports written for their countries — on the bundled data."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from policyscope.model import registry
from policyscope.model.taxonomy import taxonomy
from policyscope.report.builder import build_report
from policyscope.report.edition import load, merge
from policyscope.report.narrative import check_fact
from policyscope.store.database import open_db
from tests.report.test_flagship import untracked_digits

MAJORS = {"USA", "EU", "DEU", "FRA", "GBR", "JPN", "KOR", "CHN", "IND"}


def _names(lang: str) -> list[str]:
    reg = registry()
    out = {j.name_zh if lang == "zh" else j.name_en for j in reg.by_code.values()}
    for tax in ("domains", "event_types"):
        out |= {taxonomy(tax).label(t.code, lang) for t in taxonomy(tax).items}
    return sorted((n for n in out if n), key=len, reverse=True)


def frame(text: str, displays: list[str], names: list[str]) -> str:
    """A sentence with its variable parts masked: numbers, titles, originals, names of places, domains, types."""
    t = re.sub(r"《[^》]*》|\"[^\"]*\"|（原文：[^）]*）|\(original title: [^)]*\)", "T", text)
    for d in sorted(set(displays), key=len, reverse=True):
        t = t.replace(d, "N")
    for n in names:
        t = t.replace(n, "X").replace(n.lower(), "X")
    return re.sub(r"\d[\d,.]*", "9", t)


def chapters(rep: Any) -> dict[str, list[Any]]:
    sec = next(s for s in rep.sections if s.key == "countries")
    return {c.key.split("-", 1)[1]: [st for b in c.blocks for st in b.sentences] for c in sec.children}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_sentence_frame_repeats_across_country_chapters(flagship_reports: dict[str, Any], lang: str) -> None:
    parts = chapters(flagship_reports[lang])
    assert set(parts) == MAJORS
    names = _names(lang)
    seen: dict[str, str] = {}
    width = 18 if lang == "zh" else 45
    for code, sents in parts.items():
        assert len(sents) >= 7, (code, "a chapter of findings, not one line")
        for st in sents:
            f = frame(st.text, [x.display for x in st.facts], names)[:width]
            assert seen.setdefault(f, code) == code, f"the frame {f!r} is used for {seen[f]} and {code}"


def test_country_chapters_state_traced_findings(flagship_reports: dict[str, Any]) -> None:
    db, rep = flagship_reports["db"], flagship_reports["zh"]
    text = {k: "".join(st.text for st in v) for k, v in chapters(rep).items()}
    assert "研发强度" in text["CHN"] and "PCT" in text["CHN"] and "合著" in text["CHN"]
    assert re.search(r"较\d{4}年的第\d+位有所上升|比\d{4}年的第\d+位有所下滑|与\d{4}年持平", "".join(text.values()))
    for sents in chapters(rep).values():
        for st in sents:
            untracked_digits(st.text, [f.display for f in st.facts])
            for f in st.facts:
                assert check_fact(db, f)[0]


def test_chinese_report_names_policies_in_chinese_once(flagship_reports: dict[str, Any]) -> None:
    for code, sents in chapters(flagship_reports["zh"]).items():
        text = "".join(st.text for st in sents)
        titles = re.findall(r"《([^》]*)》", text)
        assert titles or "（原文：" in text, code
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles), (code, titles)
        assert len(titles) == len(set(titles)), (code, "a policy listed twice")
        originals = re.findall(r"（原文：([^）]*)）", text)
        assert len(originals) == len(set(originals)), code
        rest = re.sub(r"（原文：[^）]*）|《[^》]*》|OpenAlex", "", text)  # (a source name may stay)
        assert not re.search(r"[A-Za-z]{4,}", rest), (code, "a Latin-script title outside （原文：…）")
    deu = "".join(st.text for st in chapters(flagship_reports["zh"])["DEU"])
    assert "（原文：Nationale Wasserstoffstrategie）" in deu  # described in Chinese, the original given once


def test_data_chapters_cover_the_shared_datasets(flagship_reports: dict[str, Any]) -> None:
    sec = next(s for s in flagship_reports["zh"].sections if s.key == "data")
    keys = {c.key for c in sec.children}
    assert {"data-royalty", "data-hitech", "data-fdi", "data-unicorns", "data-vc", "data-green"} <= keys
    for c in sec.children:
        if c.key == "data-unicorns" and c.blocks[0].style == "note":
            continue  # (the unicorn list is read from the shared data folder when there is one)
        assert any(b.kind == "table" for b in c.blocks), c.key
        assert any(st.facts for b in c.blocks if b.kind == "paragraph" for st in b.sentences), c.key


def _section(rep: Any, key: str) -> Any:
    return next(s for s in rep.all_sections() if s.key == key)


def test_edition_file_is_merged_and_kept_across_rebuilds(flagship_reports: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "flagship.edition.yaml"
    zh = merge(copy.deepcopy(flagship_reports["zh"]), path)
    assert path.exists()
    pre = _section(zh, "preface").blocks[0].sentences[0].text
    assert pre.startswith("【草稿】")
    jud = _section(zh, "judgements").blocks[1].items
    assert len(jud) >= 5 and all(st.facts for st in jud[:5])  # the drafts are the report's own traced findings
    assert [s.key for s in zh.sections][:2] == ["preface", "judgements"] and zh.sections[-2].key == "outlook"

    data = yaml.safe_load(path.read_text("utf-8"))  # the analyst edits the file
    data["preface"] = {"status": "accepted", "zh": "本报告由分析师审定。\n\n第二段：政策与指标并读。", "en": None}
    data["sections"]["countries"]["zh"] = "分析师评论：各国政策重心差异明显。"
    data["outlook"]["zh"] = "分析师的展望。"  # edited but still a draft
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    zh2 = merge(copy.deepcopy(flagship_reports["zh"]), path)  # rebuild
    pre2 = _section(zh2, "preface").blocks
    assert pre2[0].sentences[0].text == "本报告由分析师审定。" and pre2[1].sentences[0].text == "第二段：政策与指标并读。"
    assert _section(zh2, "countries").blocks[0].sentences[0].text == "【草稿】分析师评论：各国政策重心差异明显。"
    assert _section(zh2, "outlook").blocks[0].sentences[0].text == "【草稿】分析师的展望。"
    en = merge(copy.deepcopy(flagship_reports["en"]), path)  # the English build adds its drafts only
    assert _section(en, "preface").blocks[0].sentences[0].text.startswith("[Draft] ")
    ed = load(path)
    assert ed.preface.zh == "本报告由分析师审定。\n\n第二段：政策与指标并读。"
    assert ed.preface.state("zh") == "accepted" and ed.preface.state("en") == "draft"
    assert ed.outlook.zh == "分析师的展望。" and ed.sections["countries"].zh.startswith("分析师评论")
    assert isinstance(ed.preface.en, str) and ed.preface.en


def test_country_and_compare_reports_are_written_for_their_countries(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        chn = build_report(db, "country", "zh", jurisdictions=["CHN"], year=2024)
        first = chn.sections[0]
        assert first.key == "findings-CHN"
        text = "".join(st.text for b in first.blocks for st in b.sentences)
        assert "《中华人民共和国数据安全法》" in text and "研发强度" in text
        cmp_ = build_report(db, "compare", "zh", jurisdictions=["USA", "CHN", "DEU"], year=2024)
        events = _section(cmp_, "cmp-events").blocks[0]
        assert len(events.sentences) == 1 and "最多的是" in events.sentences[0].text  # one contrast, not a line each
        marks = _section(cmp_, "cmp-landmarks").blocks
        assert len(marks) == 3
        starts = {b.sentences[0].text[:6] for b in marks}
        assert len(starts) == 3
        for s in cmp_.all_sections():
            for b in s.blocks:
                for st in getattr(b, "sentences", []):
                    untracked_digits(st.text, [f.display for f in st.facts])


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_zh_flagship_carries_ten_thousand_characters_of_narrative(flagship_reports: dict[str, Any]) -> None:
    """Issue 11's measure (scripts/narrative_count.py): Han characters in paragraph sentences and items, not
    tables, captions or sources — without any edition draft."""
    rep = flagship_reports["zh"]
    n = sum(len(HAN.findall(st.text)) for s in rep.all_sections() for b in s.blocks
            for st in (b.sentences if b.kind == "paragraph" else b.items if b.kind == "items" else []))
    assert n >= 10_000, n


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ten_year_movers_leave_out_series_with_a_break(flagship_reports: dict[str, Any], lang: str) -> None:
    """The movers sentences compare the same measure at both ends: a series with a break in the ten years (the
    UK's R&D intensity, 2014 and 2018) is named as left out, never ranked as a riser."""
    rep = flagship_reports[lang]
    sec = next(s for s in rep.all_sections() if s.key == "rd-intensity")
    uk, note = ("英国", "英国的序列在此期间有断点，未参与比较") if lang == "zh" else (
        "the United Kingdom", "(the United Kingdom: a series break in these years, left out)")
    movers = next(st.text for b in sec.blocks if b.kind == "paragraph" for st in b.sentences if note in st.text)
    assert movers.count(uk) == 1, movers  # named in the note only
    assert movers.count("%") >= 4, movers  # risers and fallers with both ends
