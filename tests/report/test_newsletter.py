"""The newsletter as an analyst hands it on, built from the bundled database: each quarter led by its landmark
policies, state bills never headlined, the 快报's structure (masthead, 本期要目, 目录, articles with numbered
sub-sections), footnotes numbered on through the issue — in Word as real footnotes — and Word tables whose
header rows repeat. Read back from the written files (Markdown text, the .docx XML)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from policyscope.report.builder import build_report
from policyscope.report.model import Report, Section, TableBlock
from policyscope.report.render import render
from policyscope.store.database import open_db
from tests.conftest import run_cli

STATES = re.compile(r"California|New York|Illinois|Virginia|加利福尼亚|地方（|AB \d|SB \d|Senate Bill|House Bill")


def _articles(rep: Report) -> list[Section]:
    return [c for s in rep.sections[1:] for c in s.children if c.column and not c.key.startswith("brief-")]


@pytest.mark.parametrize(("d0", "d1", "lead_zh", "lead_en"), [
    ("2023-10-01", "2023-12-31", "14110", "Executive Order 14110"),
    ("2024-01-01", "2024-03-31", "《人工智能法案》获通过", "Artificial Intelligence Act"),
    ("2024-07-01", "2024-09-30", "《人工智能法案》正式生效", "enters into force"),
])
def test_quarters_lead_with_their_landmarks(built_db: Path, d0: str, d1: str, lead_zh: str, lead_en: str) -> None:
    with open_db(built_db, read_only=True) as db:
        zh = build_report(db, "newsletter", "zh", date_from=d0, date_to=d1)
        en = build_report(db, "newsletter", "en", date_from=d0, date_to=d1)
    assert lead_zh in zh.highlights[0] and lead_en in en.highlights[0], (zh.highlights, en.highlights)
    for rep in (zh, en):
        assert 5 <= len(rep.highlights) <= 7
        assert not any(STATES.search(h) for h in rep.highlights), rep.highlights
        titles = [a.title for a in _articles(rep)]
        assert len(titles) == len(set(titles)), "one article per policy"
        assert len(titles) >= 5, titles
    # what was left out is said, and the state bills are in a brief, not an article
    overview = " ".join(b.text for b in zh.sections[0].children[0].blocks)
    assert re.search(r"选登\d+篇.*未列出\d+项", overview), overview
    assert not any(STATES.search(a.title) for a in _articles(zh))
    # Chinese readers see Chinese names: a policy without one is described (人工智能领域法律法规：Part 170…), never
    # shown as a foreign title in 《》
    heads = zh.highlights + [a.title for a in _articles(zh)]
    assert not [h for h in heads if re.search(r"《[^》\u4e00-\u9fff]+》", h)], heads


def test_articles_have_the_kuaibao_structure(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "newsletter", "zh", date_from="2024-07-01", date_to="2024-09-30")
    ai_act = next(a for a in _articles(rep) if "人工智能法案" in a.title)
    assert ai_act.title == "欧盟《人工智能法案》正式生效"
    lead = ai_act.blocks[0]
    assert lead.text.startswith("2024年8月1日，欧盟《人工智能法案》") and "Regulation (EU) 2024/1689" in lead.text
    assert "eur-lex.europa.eu" in lead.sentences[0].notes[0], "footnote: original title and URL"
    items = next(b for b in ai_act.blocks if b.kind == "items").items
    texts = [i.text for i in items]
    assert any(t.startswith("主要内容") for t in texts) and any(t.startswith("进程") for t in texts)
    assert "2024年6月13日发布" in " ".join(texts) and "2024年8月1日生效" in " ".join(texts)
    # the indicator release of the quarter (OpenAlex snapshot of 27 August 2024)
    assert any(c.key == "commentary-releases" and "OpenAlex" in c.blocks[0].text for c in rep.sections[0].children)


def test_a_budget_is_given_as_stated_with_its_rmb_equivalent(built_db: Path) -> None:
    """Issue 11 (seed 004: budgets normalised, 约合人民币): the IndiaAI Mission of 2024 Q1 — a landmark with its
    stated outlay — comes second to the EU AI Act (a budget weighs no more than being a landmark), its lead and
    funding line in rupees with the RMB at 2024's average rate."""
    with open_db(built_db, read_only=True) as db:
        zh = build_report(db, "newsletter", "zh", date_from="2024-01-01", date_to="2024-03-31")
        en = build_report(db, "newsletter", "en", date_from="2024-01-01", date_to="2024-03-31")
    assert "人工智能法案" in zh.highlights[0] and "印度人工智能使命计划" in " ".join(zh.highlights[1:3]), zh.highlights
    india = next(a for a in _articles(zh) if "印度人工智能使命计划" in a.title)
    assert re.search(r"涉及资金1,037\.19亿印度卢比（约合人民币[\d.,]+亿元）", india.blocks[0].text), india.blocks[0].text
    items = " ".join(i.text for b in india.blocks if b.kind == "items" for i in b.items)
    assert "₹10,371.92 crore（约合人民币" in items, items
    india_en = next(a for a in _articles(en) if "IndiaAI" in a.title)
    assert re.search(r"involving ₹103\.72 billion \(about US\$1\.24 billion\)", india_en.blocks[0].text)


def test_masthead_footnotes_and_word_notes(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("report", "build", "newsletter", "--from", "2023-10-01", "--to", "2023-12-31", "--lang", "zh,en",
                "--format", "md,docx", "--institution", "中国科学院科技战略咨询研究院|Institutes of Science and "
                "Development, CAS", "--total-no", "321", "--issue-date", "2024-01-15", "--out", str(tmp_path),
                db=built_db)
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "newsletter.zh.md").read_text("utf-8")
    head = md[:600]
    assert "中国科学院科技战略咨询研究院" in head and "2023年第4期（总第321期）" in head and "2024年1月15日" in head
    assert "本期要目" in md and "目录" in md and re.search(r"^一、主要内容", md, re.M)
    calls = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", md)]
    defs = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", md, re.M)]
    assert calls == defs == list(range(1, len(defs) + 1)) and len(defs) >= 10, "footnotes run on through the issue"
    en = (tmp_path / "newsletter.en.md").read_text("utf-8")
    assert "Institutes of Science and Development, CAS" in en[:600] and "No. 4, 2023 (issue 321 overall)" in en[:600]
    z = zipfile.ZipFile(tmp_path / "newsletter.zh.docx")
    doc, notes = z.read("word/document.xml").decode(), z.read("word/footnotes.xml").decode()
    assert "footnotes" in z.read("word/_rels/document.xml.rels").decode()
    refs = [int(n) for n in re.findall(r'<w:footnoteReference w:id="(\d+)"/>', doc)]
    ids = [int(n) for n in re.findall(r'<w:footnote w:id="(\d+)"', notes)]
    assert refs == ids == list(range(1, len(defs) + 1)), "every note a real footnote, in reading order"
    assert "federalregister.gov" in notes and "Executive Order 14110" in notes
    assert not re.search(r">\[\d+\] ", doc), "no notes typed as text"
    toc = doc[doc.index('TOC \\o'):]
    assert re.search(r"欧盟发布《数据法案》</w:t></w:r><w:r><w:tab/><w:t>\d+</w:t>", toc), "contents with page numbers"


def test_word_tables_repeat_their_header_rows(tmp_path: Path) -> None:
    rows = [[f"2024-{i % 12 + 1:02d}", f"政策{i}", "法律法规"] for i in range(90)]
    rep = Report(kind="country", lang="zh", title="表头测试", sections=[Section(key="s", title="政策", blocks=[
        TableBlock(key="tab-x", caption="政策列表", columns=["日期", "名称", "类型"], rows=rows, source="测试")])]).number()
    render(rep, ["docx"], tmp_path, "t")
    xml = zipfile.ZipFile(tmp_path / "t.zh.docx").read("word/document.xml").decode()
    first_row = re.search(r"<w:tr\b.*?</w:tr>", xml, re.S)
    assert first_row and '<w:tblHeader w:val="true"/>' in first_row.group(0)
    assert xml.count("<w:tblHeader") == 1
