"""The flagship report on the bundled data: the files `make run` writes, read back with pdftotext and
python-docx, and every number of every sentence checked against the analysis it came from."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from policyscope.report.builder import build_report
from policyscope.report.narrative import check_fact
from policyscope.store.database import open_db
from tests.report.conftest import pdf_text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_all_formats_written(flagship_out: Path, lang: str) -> None:
    for ext in ("html", "pdf", "docx", "md"):
        f = flagship_out / f"flagship.{lang}.{ext}"
        assert f.is_file() and f.stat().st_size > 5000, f
    assert list((flagship_out / f"flagship.{lang}.files").glob("*.png"))


def test_zh_pdf_has_cover_contents_lists_figures_and_sources(flagship_out: Path) -> None:
    text = pdf_text(flagship_out / "flagship.zh.pdf")
    assert "全球数字产业战略与政策观察" in text
    for heading in ("目 录", "图 目 录", "表 目 录", "一、全球数字产业战略部署态势", "二、前沿技术领域政策焦点", "三、主要国家和地区政策动态",
                    "四、各国/地区研发投入规模持续增加",
                    "（一）", "专利产出与排名变化", "国际科技合作", "科技人才储备", "本期主要变化"):
        assert heading in text, heading
    # contents with page numbers computed by target-counter
    toc = re.findall(r"四、各国/地区研发投入规模持续增加\s*\.{5,}\s*(\d+)", text)
    assert toc and int(toc[0]) > 2
    figs = re.findall(r"^\s*图\s?(\d+)\s", text, flags=re.M)
    tabs = re.findall(r"^\s*表\s?(\d+)\s", text, flags=re.M)
    assert len(set(figs)) >= 6 and len(set(tabs)) >= 4
    assert text.count("来源：") >= 10
    assert "World Bank WDI" in text and "OpenAlex" in text
    assert "本报告使用的政策事件审核状态" in text
    # a running header on body pages
    assert text.count("全球数字产业战略与政策观察（") >= 5


def test_en_pdf_is_the_same_report_in_english(flagship_out: Path) -> None:
    text = pdf_text(flagship_out / "flagship.en.pdf")
    for heading in ("Contents", "List of figures", "List of tables", "1. Global deployment", "R&D spending",
                    "Patents", "International collaboration", "Talent", "What changed", "Source: "):
        assert heading in text, heading
    assert not re.search(r"[\u4e00-\u9fff]", text), "English report contains Chinese characters"


def test_docx_has_headings_toc_captions_figures_and_tables(flagship_out: Path) -> None:
    path = flagship_out / "flagship.zh.docx"
    doc = Document(str(path))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    # ten chapters (frontier technologies second, then one part per major economy: report/types/chapters.py), then
    # the methods note
    assert h1[0].startswith("一、") and len(h1) == 11 and len(h2) >= 14
    assert any("方法说明" in h for h in h1) and h1[2] == "三、主要国家和地区政策动态"
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    fig_caps = [c for c in captions if c.startswith("图")]
    tab_caps = [c for c in captions if c.startswith("表")]
    assert len(fig_caps) == len(doc.inline_shapes) >= 6
    assert len(tab_caps) == len(doc.tables) >= 4
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'TOC \\o "1-2"' in xml and 'TOC \\h \\z \\c "图"' in xml and "SEQ 图" in xml
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert "updateFields" in settings
    # fonts live in styles (an editor restyles in one place), Chinese font set for East Asian text
    normal = doc.styles["Normal"].element.xml
    assert "Noto Sans CJK SC" in normal
    header = doc.sections[-1].header.paragraphs[0].text
    assert "全球数字产业战略与政策观察" in header


def test_html_is_self_contained(flagship_out: Path) -> None:
    html = (flagship_out / "flagship.zh.html").read_text("utf-8")
    assert html.count("<svg") >= 6 and "<img" not in html and "http://" not in html.split("<body")[0]
    assert "<figcaption>图" in html


def test_markdown_has_tables_and_figures(flagship_out: Path) -> None:
    md = (flagship_out / "flagship.en.md").read_text("utf-8")
    assert md.count("![Figure") >= 6 and "| Rank |" in md and "Source: " in md


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_in_the_narrative_equals_the_analysis(flagship_reports: dict[str, Any], lang: str) -> None:
    db, rep = flagship_reports["db"], flagship_reports[lang]
    facts = rep.facts()
    assert len(facts) >= 25
    for f in facts:
        ok, why = check_fact(db, f)
        assert ok, why
    for s in rep.all_sections():
        for b in s.blocks:
            for st in getattr(b, "sentences", []) + getattr(b, "items", []):
                assert all(f.display in st.text for f in st.facts)
                untracked_digits(st.text, [f.display for f in st.facts])


def untracked_digits(text: str, displays: list[str]) -> None:
    """Every number a sentence prints is a recorded fact, a year, a date or a count in a fixed phrase."""
    rest = re.sub(r"《[^》]*》|\"[^\"]*\"|（原文：[^）]*）|\d{4}-\d\d-\d\d|5G ?/ ?6G", "", text)  # titles, dates, a domain
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    rest = re.sub(rf"\d{{4}}年\d{{1,2}}月(\d{{1,2}}日)?|(\d{{1,2}} )?({months}) \d{{4}}", "", rest)  # dates in words
    for d in sorted(set(displays), key=len, reverse=True):
        rest = re.sub(rf"(?<!\d)(?<!\d[.,]){re.escape(d)}(?!\d|[.,]\d)", "", rest)
    rest = re.sub(r"(?<!\d)(19|20)\d\d(?!\d)", "", rest)
    rest = re.sub(r"(前|top |Top |tier |Tier )\d+|\d+个梯队|into \d+ tiers|\d+ of them|90%|0–100|"
                  r"不少于20项|at least 20 national", "", rest)  # the coverage note's fixed threshold
    # method notes: the break rule's constants (analysis.breaks), the index's anchors and Monte Carlo runs
    rest = re.sub(r"变化超过\d+%|超过\d+倍稳健|exceeds \d+%|than \d+ robust|[\d,]+次蒙特卡洛|[\d,]+ Monte Carlo|"
                  r"0分为|100分为|0 is the lowest and 100", "", rest)
    rest = re.sub(r"[A-Z]{2,}[.\w]*\d[\w.]*|\d{4}-\d\d-\d\d", "", rest)
    assert not re.search(r"\d", rest), f"untracked number in: {text}"


def test_report_states_which_review_states_it_used(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "flagship", "en", review="accepted-only", year=2024)
        assert "reviewed and accepted" in rep.cover_lines[0] and "automatic" not in rep.cover_lines[0]
        # the bundled events are all automatic: with reviewed events only, the events sections say so
        deploy = rep.sections[0]
        assert "no data" in deploy.children[0].blocks[0].text
        assert not rep.sections[0].children[0].blocks[1:]


def test_country_chapters_name_each_economys_weightiest_policies(flagship_reports: dict[str, Any]) -> None:
    """Seed 004's country chapters: counts traced to the analysis, then the policies in 《》 with date and
    issuer — Chinese names in the Chinese report, issuers in the report's language."""
    zh = next(s for s in flagship_reports["zh"].sections if s.key == "countries")
    parts = {c.key.split("-", 1)[1]: " ".join(st.text for b in c.blocks for st in b.sentences) for c in zh.children}
    assert {"USA", "EU", "CHN", "JPN", "DEU", "GBR"} <= set(parts)
    assert "《中华人民共和国数据安全法》" in parts["CHN"] or "《中华人民共和国个人信息保护法》" in parts["CHN"]
    assert "14110" in parts["USA"] and "《人工智能法案》" in parts["EU"]
    # budgets the event base states, in their currency and 约合人民币 at the year's average rate (seed 004)
    assert re.search(r"《芯片与科学法案》[^；]*安排资金527亿美元（约合人民币[\d,]+亿元，按2022年平均汇率）", parts["USA"])
    for code, text in parts.items():
        issuers = re.findall(r"(?:^|[；：])(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?，)?([^；：，《（]+?)(?:于[^；：，]+?)?发布", text)
        issuers += re.findall(r"[》）]（([^，）（]+?)发布", text)  # 《…》（国务院发布，2021年…）
        assert issuers and not [i for i in issuers if re.search(r"[A-Za-z]", i)], (code, issuers)
    leads = [" ".join(st.text for st in c.blocks[0].sentences[:1]) for c in zh.children]
    shapes = {re.sub(r"[\d,]+|" + "|".join(map(re.escape, (c.title for c in zh.children))), "", t)[:12] for t in leads}
    assert len(shapes) >= 3, "one sentence template for every country"
    en = next(s for s in flagship_reports["en"].sections if s.key == "countries")
    assert all("(EC;" not in st.text for c in en.children for b in c.blocks for st in b.sentences)


# -- issue 11 point 4: the statistics a reviewer sent back ---------------------------------------------------

def _facts(rep: Any, call: str) -> list[Any]:
    return [f for f in rep.facts() if f.call == call]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rd_shares_are_of_the_world_aggregate_with_coverage(flagship_reports: dict[str, Any], lang: str) -> None:
    rep = flagship_reports[lang]
    shares = [f for f in _facts(rep, "share") if f.kwargs.get("indicator") == "GERD_USD"]
    assert shares and all(f.kwargs["of"] == "WLD" for f in shares)
    assert any(f.field == "covered_share" for f in shares)
    text = " ".join(st.text for s in rep.all_sections() if s.key == "rd-share" for b in s.blocks
                    for st in getattr(b, "sentences", []))
    assert ("世界银行" in text) if lang == "zh" else ("World Bank" in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_lead_is_never_a_series_with_a_break(flagship_reports: dict[str, Any], lang: str) -> None:
    db, rep = flagship_reports["db"], flagship_reports[lang]
    sub = next(s for s in rep.all_sections() if s.key == "rd-growth")
    lead = sub.blocks[0].sentences[0]
    growth_facts = [f for f in lead.facts if f.call == "growth"]
    assert growth_facts and all(f.kwargs.get("prices", "constant") == "constant" for f in growth_facts)
    from policyscope.analysis.growth import growth

    g = growth(db, **{k: v for k, v in growth_facts[0].kwargs.items() if k != "prices"})
    leader = growth_facts[0].row["jurisdiction"]
    assert next(r for r in g.rows if r.jurisdiction == leader).breaks == []
    table = next(b for b in sub.blocks if getattr(b, "key", "") == "tab-rd-growth")
    assert any("2014" in c for row in table.rows for c in row), "the UK's breaks are footnoted in the table"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pct_counts_the_epo_route_and_germany_appears(flagship_reports: dict[str, Any], lang: str) -> None:
    rep = flagship_reports[lang]
    sec = next(s for s in rep.sections if s.key == "patents")
    pct = next(b for b in sec.blocks if getattr(b, "key", "") == "tab-patents")
    names = [r[1] for r in pct.rows]
    assert len(names) == 20 and any("EPO" in n for n in names)
    assert any(f.call == "share" and f.kwargs.get("of") == "WLD" for f in _facts(rep, "share"))
    resident = next(b for b in sec.blocks if getattr(b, "key", "") == "tab-patents-resident")
    assert ("德国" if lang == "zh" else "Germany") in [r[1] for r in resident.rows]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_negative_zero_anywhere(flagship_out: Path, lang: str) -> None:
    md = (flagship_out / f"flagship.{lang}.md").read_text("utf-8")
    html = (flagship_out / f"flagship.{lang}.html").read_text("utf-8")
    for text in (md, html):
        assert not re.search(r"[-−]0\.0(?!\d)", text)
