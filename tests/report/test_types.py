"""Country, compare and newsletter reports on the bundled data and on events ingested from the seeds;
empty periods and jurisdictions without data give reports that say so; bad input gives a clear error."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from policyscope.model.jurisdictions import UnknownJurisdictionError
from policyscope.report.builder import build_report
from policyscope.report.narrative import check_fact
from policyscope.report.render import render
from policyscope.store.database import open_db
from tests.conftest import run_cli
from tests.report.conftest import pdf_text
from tests.report.test_flagship import untracked_digits


def _check_numbers(db, rep) -> None:
    for f in rep.facts():
        ok, why = check_fact(db, f)
        assert ok, why
    for s in rep.all_sections():
        for b in s.blocks:
            for st in getattr(b, "sentences", []):
                if st.facts:
                    untracked_digits(st.text, [f.display for f in st.facts])


def test_country_profile_with_policy_tools_from_seed_events(seeded_db: Path, tmp_path: Path, artifacts: Path) -> None:
    with open_db(seeded_db, read_only=True) as db:
        rep = build_report(db, "country", "zh", jurisdictions=["欧盟"], year=2021, date_from="2015-01-01",
                           date_to="2022-12-31", review="include-auto")
        _check_numbers(db, rep)
        titles = [s.title for s in rep.all_sections()]
        # the country's own findings first (as the flagship's chapter on it), then its timeline and tools
        assert titles[:3] == ["欧盟：主要发现", "欧盟政策时间线", "欧盟创新生态政策工具"]
        tools = next(t for t in rep.tables() if t.key.startswith("tab-tools"))
        assert [r[0] for r in tools.rows] == ["供给型政策工具", "需求型政策工具", "环境型政策工具"]
        # examples are the weightiest events of each type: Horizon Europe (bundled, or as a seed names it)
        assert any("欧洲地平线" in r[3] or "地平线欧洲" in r[3] or "欧洲研究和创新计划（2021-2027）" in r[3] for r in tools.rows), tools.rows
        # events an ingest stored are scored like the bundled ones (reports choose by the score)
        assert db.scalar("SELECT count(*) FROM core.event WHERE importance IS NULL") == 0
        render(rep, ["pdf", "docx"], tmp_path, "country")
    text = pdf_text(tmp_path / "country.zh.pdf")
    assert "欧盟创新生态政策工具" in text and "供给型政策工具" in text and "来源：" in text
    doc = Document(str(tmp_path / "country.zh.docx"))
    assert any(p.style.name == "Heading 1" and "政策时间线" in p.text for p in doc.paragraphs)


def test_compare_side_by_side(built_db: Path, tmp_path: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "compare", "en", jurisdictions=["USA", "中国", "Germany"], year=2023)
        _check_numbers(db, rep)
        ind = next(t for t in rep.tables() if t.key.startswith("tab-indicators"))
        assert ind.columns[1:] == ["United States", "China", "Germany"]
        assert any(f.kind == "figure" and "radar" in f.key for f in rep.figures())
        render(rep, ["md"], tmp_path, "compare")
        usa = build_report(db, "country", "en", jurisdictions=["United States"], year=2023)
        _check_numbers(db, usa)
        assert usa.sections[0].key == "findings-USA"
        assert usa.sections[1].title == "Policy timeline of the United States"
        assert any(f.key.startswith("fig-timeline-USA") for f in usa.figures())
    md = (tmp_path / "compare.en.md").read_text("utf-8")
    assert "| Indicator | United States | China | Germany |" in md


def test_newsletter_from_seed_events(seeded_db: Path, tmp_path: Path, artifacts: Path) -> None:
    r = run_cli("report", "build", "newsletter", "--lang", "zh,en", "--format", "pdf,docx,md", "--from", "2020-01-01",
                "--to", "2021-12-31", "--include-auto", "--out", str(tmp_path), db=seeded_db)
    assert r.returncode == 0, r.stderr
    text = pdf_text(tmp_path / "newsletter.zh.pdf")
    for part in ("科技政策与咨询快报", "本期要目", "目 录", "专题评述", "2021年第12期"):
        assert part in text, part
    columns = [c for c in ("战略规划", "创新政策", "科技投入", "国际合作", "科技评估", "体制机制") if c in text]
    assert len(columns) >= 3
    assert re.search(r"一、", text), "numbered sub-items"
    assert "第" in text and "行" in text and "“" in text, "footnotes cite document line and quote"
    subprocess_png(tmp_path / "newsletter.zh.pdf", artifacts / "report" / "newsletter.zh")
    doc = Document(str(tmp_path / "newsletter.en.docx"))
    assert any(p.style.name == "Heading 1" and p.text == "Feature commentary" for p in doc.paragraphs)
    assert "In this issue" in "\n".join(p.text for p in doc.paragraphs)
    with open_db(seeded_db, read_only=True) as db:
        rep = build_report(db, "newsletter", "zh", date_from="2020-01-01", date_to="2021-12-31", review="include-auto")
        assert 1 <= len(rep.highlights) <= 7
        _check_numbers(db, rep)


def subprocess_png(pdf: Path, prefix: Path) -> None:
    import subprocess

    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-l", "4", "-png", str(pdf), str(prefix)], check=True)


def test_empty_period_and_jurisdiction_without_data_say_so(built_db: Path, tmp_path: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        nl = build_report(db, "newsletter", "en", date_from="1850-01-01", date_to="1850-12-31", review="include-auto")
        text = " ".join(b.text for s in nl.all_sections() for b in s.blocks if b.kind == "paragraph")
        assert "no data" in text and not nl.figures()
        render(nl, ["pdf", "docx"], tmp_path, "empty")
        assert "no data" in pdf_text(tmp_path / "empty.en.pdf")
        # Antarctica: no indicators, no events, no co-authorship
        c = build_report(db, "country", "zh", jurisdictions=["ATA"], year=2022, review="include-auto")
        notes = [b.text for s in c.all_sections() for b in s.blocks if b.kind == "paragraph"]
        assert sum("暂无数据" in n for n in notes) >= 3
        assert not any(f.key.startswith("fig-timeline") for f in c.figures())
        render(c, ["html", "docx"], tmp_path, "ata")
        assert zipfile.is_zipfile(tmp_path / "ata.zh.docx")


def test_bad_input_is_a_clear_error(built_db: Path, tmp_path: Path) -> None:
    r = run_cli("report", "build", "compare", "--jurisdiction", "USA", "--out", str(tmp_path), db=built_db)
    assert r.returncode == 1 and "two or more jurisdictions" in r.stderr
    assert not list(tmp_path.glob("*.*"))
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "newsletter", "en", date_from="1950-01-01", date_to="1950-02-01")
        with pytest.raises(ValueError, match="odt"):
            render(rep, ["pdf", "odt"], tmp_path, "bad")
        assert not list(tmp_path.glob("bad.*"))
        with pytest.raises(UnknownJurisdictionError, match="Atlantis"):
            build_report(db, "country", "en", jurisdictions=["Atlantis"])
        with pytest.raises(ValueError, match="--from and --to"):
            build_report(db, "newsletter", "en", date_from="2024-01-01")


def test_newsletter_on_bundled_events(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "newsletter", "en", date_from="2024-01-01", date_to="2024-03-31")
        _check_numbers(db, rep)
        assert rep.issue == "No. 1, 2024" and rep.highlights
        cols = [s.column for s in rep.sections]
        assert cols[0] == "commentary" and len(cols) >= 3
        arts = [c for s in rep.sections[1:] for c in s.children if c.column and not c.key.startswith("brief-")]
        assert arts and all(b.sentences[0].notes for a in arts for b in a.blocks[:1])
        # every article's lead names its jurisdiction, as the headline does
        for a in arts:
            lead = next(b for b in a.blocks if b.kind == "paragraph").text
            name = re.split(r":| issues | adopts | introduces ", a.title)[0]
            assert name.lower() in lead.lower(), (a.title, lead)


def test_newsletter_chooses_like_an_editor(built_db: Path) -> None:
    """2024 Q1: articles only for what happened within the quarter (not "2024" alone), the weightiest first in
    every column and in 本期要目, policy names in 《》 without table labels, footnotes numbered on."""
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "newsletter", "zh", date_from="2024-01-01", date_to="2024-03-31")
    arts = [c for s in rep.sections[1:] for c in s.children if c.column and not c.key.startswith("brief-")]
    assert arts
    leads = [next(b for b in a.blocks if b.kind == "paragraph").text for a in arts]
    assert not any("审核状态" in t for t in leads)
    assert not any(re.search(r"《[^》]*（[^》]*·[^》]*）》", t) for t in leads), "a table label inside 《》"
    assert all(re.match(r"2024年[1-3]月\d{1,2}日，", t) for t in leads), leads
    assert "人工智能法案" in rep.highlights[0]
    nums = [n for n, _ in rep.notes()]
    assert nums == list(range(1, len(nums) + 1)) and len(nums) >= len(arts)


def test_profile_lists_the_weightiest_policies_once_in_chinese(built_db: Path) -> None:
    with open_db(built_db, read_only=True) as db:
        rep = build_report(db, "country", "zh", jurisdictions=["USA"], year=2023, date_from="2015-01-01",
                           date_to="2023-12-31")
    tab = next(t for t in rep.tables() if t.key.startswith("tab-timeline"))
    names = [r[1] for r in tab.rows]
    assert len(names) == len(set(names)), "the same policy listed twice"
    assert "芯片与科学法案" in names and any("14110" in n for n in names)
    # a Chinese report never prints a bare English title: a Chinese name, or the original with a Chinese label
    assert all(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    dates = [r[0] for r in tab.rows]
    assert dates == sorted(dates, reverse=True) and all(re.fullmatch(r"\d{4}(-\d\d){0,2}", d) for d in dates)


def test_a_derived_series_source_names_its_inputs_in_the_readers_language(built_db: Path) -> None:
    """R&D in US$ is derived from WDI's R&D share and GDP: the source line says so in words, not codes."""
    from policyscope.analysis.rank import rank
    from policyscope.report.context import Ctx
    from policyscope.report.narrative import Ran
    from policyscope.store.database import open_db

    with open_db(built_db, read_only=True) as db:
        kwargs = {"indicator": "GERD_USD", "year": 2020, "top": 5}
        ran = Ran("rank", kwargs, rank(db, **kwargs))
        zh, en = Ctx(db, "zh").source_of(ran), Ctx(db, "en").source_of(ran)
    assert "据研发支出占GDP比重（%）/ 100 ×" in zh and "推算" in zh, zh
    assert "derived as Research and development expenditure (% of GDP) / 100 ×" in en, en
    for line in (zh, en):
        assert "GB.XPD" not in line and "derived:" not in line and "derived at build" not in line
