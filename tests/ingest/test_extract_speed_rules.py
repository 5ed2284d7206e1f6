"""Document-date rules and the extractor's fast paths, on real sentences read from the corpora in ../shared/data
(the texts are read at test time, not copied: AGORA's full texts are not ours to redistribute).

The fast paths must give exactly what the slower formulation gave: each test compares the two on real text."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import re
from functools import lru_cache

import pytest
from tests.conftest import DATA, SEEDS

from policyscope.ingest.extract import extract_events
from policyscope.ingest.extract.amounts import _find_amounts, find_amounts
from policyscope.ingest.extract.document import _report_year, _stated_years, document_date
from policyscope.ingest.extract.gazetteer import gazetteer
from policyscope.ingest.text.normalize import to_halfwidth
from policyscope.ingest.text.sentences import split_sentences

_events = importlib.import_module("policyscope.ingest.extract.events")
_titles = importlib.import_module("policyscope.ingest.extract.titles")
_normalize = importlib.import_module("policyscope.ingest.text.normalize")
_headings = importlib.import_module("policyscope.ingest.text.headings")
TODAY = dt.date(2026, 1, 1)


@lru_cache(maxsize=1)
def agora() -> list[str]:
    with (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


@lru_cache(maxsize=1)
def work_reports() -> dict[int, str]:
    out = {}
    with (DATA / "china_policy_corpus" / "government_work_reports_1954_2025.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("year") and r["content"].strip():
                out[int(r["year"])] = r["content"]
    return out


def _line_with(texts: list[str], pattern: str) -> re.Match[str]:
    rx = re.compile(pattern)
    for t in texts:
        m = rx.search(t)
        if m:
            return m
    raise AssertionError(f"no corpus text has {pattern!r}")


# ------------------------------------------------------------------------------------------ document dates
def test_approved_line_dates_a_us_law() -> None:
    m = _line_with(agora(), r"Approved (January|February|March|April|May|June|July|August|September|October|November|"
                            r"December) (\d{1,2}), (20\d\d)\.?")
    line = m.group()  # e.g. the enrolled bill's closing line "Approved August 16, 2022."
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"].index(m.group(1)) + 1
    assert document_date("SEC. 2. Definitions. Not later than October 1, 2030, the Secretary shall report.\n" + line,
                         today=TODAY) == (dt.date(int(m.group(3)), month, int(m.group(2))), "day")


def test_introduced_line_dates_a_bill() -> None:
    m = _line_with(agora(), r"Introduced: [A-Z][a-z]+ \d{1,2}, 20\d\d")
    d, prec = document_date(m.group(), today=TODAY)
    assert prec == "day" and str(d.year) == m.group()[-4:]


def test_short_title_year_and_cited_laws() -> None:
    # the Act's own year from "This Act may be cited as the “… Act of 2023”", not the years of laws it amends
    m = _line_with(agora(), r"This Act may be cited as the [“‘`]{1,2}[^”’'\n]{5,150} Act of (20\d\d)[”’']{1,2}")
    own = int(m.group(1))
    text = m.group() + "\nSEC. 2. The Defense Production Act of 1950 (50 U.S.C. 4501) is amended.\n"
    assert document_date(text, today=TODAY) == (dt.date(own, 1, 1), "year")
    # the years a text states, for the last rule, leave out a cited law's year and a deadline
    rest = ("SEC. 2. The Defense Production Act of 1950 is amended. Not later than January 1, 2026, the Secretary "
            "shall act. In 2022, the Department found gaps.")
    assert _stated_years(rest, TODAY) == [2022]


def test_fiscal_year_act_is_written_the_year_before() -> None:
    line = 'This Act may be cited as the "National Defense Authorization Act for Fiscal Year 2024".'
    assert document_date(line, today=TODAY) == (dt.date(2023, 1, 1), "year")


def test_state_legislature_session_header() -> None:
    m = _line_with(agora(), r"(20\d\d) Regular Session")
    assert document_date(m.group(), today=TODAY) == (dt.date(int(m.group(1)), 1, 1), "year")


def test_work_report_review_and_plan_headings() -> None:
    reports = work_reports()
    review = re.search(r"^[^\n]{0,12}2015年工作回顾", reports[2016], re.M)
    assert review is not None and _report_year(review.group()) == 2016  # "一、2015年工作回顾" → the 2016 report
    plan = re.search(r"^[^\n]{0,12}2016年重点工作[^\n]*", reports[2016], re.M)  # "三、2016年重点工作"
    assert plan is not None and _report_year(plan.group()) == 2016
    assert document_date(reports[2016], today=TODAY)[0].year == 2016
    # "首先报告２００１年的工作" (full-width digits) → 2002
    assert document_date(reports[2002], today=TODAY)[0].year == 2002


def test_work_report_header_date_and_npc_session() -> None:
    reports = work_reports()
    # "1957年6月26日在第一届全国人民代表大会第四次会議上" (traditional characters): the header date
    assert document_date(reports[1957], today=TODAY) == (dt.date(1957, 6, 26), "day")
    # "向第十届全国人民代表大会第一次会议报告": the 10th NPC first sat in 2003
    m = re.search(r"向第十届全国人民代表大会第一次会议报告", reports[2003])
    assert m is not None and document_date(m.group(), today=TODAY) == (dt.date(2003, 1, 1), "year")
    assert document_date(reports[2003], today=TODAY)[0].year == 2003


def test_state_council_document_number_still_wins() -> None:
    csv.field_size_limit(2**31 - 1)
    with (DATA / "china_policy_corpus" / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["Policy_Content"].strip()][:30]
    got = [document_date(r["Policy_Content"], today=TODAY)[0] for r in rows]
    assert all(d is not None and str(d.year) == r["Year"].strip() for d, r in zip(got, rows, strict=True))


# ------------------------------------------------------------------------------------------ fast paths
def test_sparse_halfwidth_equals_translate() -> None:
    text = work_reports()[1956][:20000] + agora()[0][:5000]
    assert to_halfwidth(text) == text.translate(_normalize._TABLE)
    assert len(to_halfwidth(text)) == len(text)


def test_reference_heading_found_from_its_words() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for t in [*seeds, *agora()[:200]]:
        m = _events._REF_HEAD.search(t)
        assert _events._ref_head(t) == (m.start() if m else None)


def test_line_cued_amounts_equal_a_whole_text_scan() -> None:
    texts = [t for t in agora() if "$" in t or "dollar" in t.lower()][:60]
    for t in texts:
        per_line = [(a.start, a.text) for a in find_amounts(t)]
        whole = [(a.start, a.text) for a in _find_amounts(t) if "\n" not in a.text]
        assert per_line == whole


def test_kind_word_scan_gives_the_same_titles() -> None:
    """Title windows from the literal kind-word scan hold the same titles as windows from the full regex."""

    def slow(text: str) -> list[tuple[int, int]]:
        windows: list[list[int]] = []
        for k in _titles._KIND_WORD.finditer(text):
            s, e = max(0, k.start() - 200), min(len(text), k.end() + 120)
            if windows and s <= windows[-1][1]:
                windows[-1][1] = e
            else:
                windows.append([s, e])
        out, last = [], -1
        for s, e in windows:
            for m in _titles._EN_TITLE.finditer(text, max(s, last), e):
                last = m.end()
                out.append(m.span())
        return out

    for t in [x for x in agora()[:200] if len(x) >= 3000]:
        assert [m.span() for m in _titles._en_title_matches(t)] == slow(t)


def _headings_every_line(text: str, max_len: int = 80) -> list:
    """detect_headings as it was before the candidate-line filter: every line examined."""
    out: list = []
    pos = 0
    last_level = 0
    for i, raw in enumerate(text.split("\n"), start=1):
        start = pos
        pos += len(raw) + 1
        line = raw.strip()
        if not line or len(line) > max_len + 10 or _headings._TOC.search(line):
            continue
        md = _headings._MD.match(line)
        body = _headings._STRIP.sub("", line)
        if not body or len(body) > max_len:
            continue
        level = _headings._numbered_level(body)
        if level is not None:
            if body.endswith(("。", "；", ";", "，", ",")) or (level >= 3 and not md and len(body) > 40):
                continue
            if level >= 3 and not md and re.search(r"[。；]", body):
                continue
            out.append(_headings.Heading(i, start, level, body))
            last_level = level
        elif md and not re.match(r"^(?:图|表|Figure|Table)\s*\d", body):
            out.append(_headings.Heading(i, start, min(6, max(last_level + 1, len(md.group(1)))) if last_level else len(md.group(1)), body))
    return out


def test_heading_candidate_lines_give_every_heading() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    strategies = [p.read_text(encoding="utf-8") for p in sorted((DATA / "national_ai_strategies" / "text").glob("*.txt"))]
    for t in [*seeds, *strategies[:6], *agora()[:200], *list(work_reports().values())[:10]]:
        assert _headings.detect_headings(t) == _headings_every_line(t)


def test_upper_case_aliases_need_no_letter_before() -> None:
    text = "The US and the EU signed; BUSINESS and FEU are not names; (OECD) is."
    hits = gazetteer().find(text)
    assert {m.code for m in hits} >= {"USA", "EU", "OECD"}
    inside = [(text.index(w), text.index(w) + len(w)) for w in ("BUSINESS", "FEU")]
    assert not [m for m in hits if any(a < m.start < b for a, b in inside)]


@pytest.mark.parametrize("i", [0, 5, 57])
def test_sentence_filter_keeps_every_event(i: int) -> None:
    """Splitting only paragraphs with something to extract gives the same events as splitting everything."""
    text = agora()[i]
    fast = extract_events(text)
    orig_split = _events.split_sentences
    try:
        _events.split_sentences = lambda t, lines=None, only=None: orig_split(t, lines)  # type: ignore[assignment]
        slow = extract_events(text)
    finally:
        _events.split_sentences = orig_split  # type: ignore[assignment]
    assert [e.model_dump(exclude={"id"}) for e in fast] == [e.model_dump(exclude={"id"}) for e in slow]
    assert len(split_sentences(text, only=[])) == 0


def test_document_language_from_short_samples() -> None:
    """Twelve 400-character samples (lingua on less text) still name each corpus's language."""
    from policyscope.ingest.text.lang import document_lang

    strategies = DATA / "national_ai_strategies" / "text"
    assert document_lang((strategies / "2019-CH-de.txt").read_text(encoding="utf-8")) == "de"
    assert document_lang((strategies / "2020-IT-it.txt").read_text(encoding="utf-8")) == "it"
    assert document_lang((strategies / "2019-SE-en.txt").read_text(encoding="utf-8")) == "en"
    assert document_lang(work_reports()[2016]) == "zh"
    assert {document_lang(t) for t in agora()[:40]} == {"en"}
