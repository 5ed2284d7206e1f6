"""The methods note on coverage that the flagship and the newsletter print: how many events the base holds,
how complete it is and what was left out — from ``analysis/coverage.py``, the function behind
``policyscope coverage`` and /coverage, so every number is traceable."""

from __future__ import annotations

from policyscope.report.context import Ctx
from policyscope.report.model import Paragraph, Section, Sentence
from policyscope.report.narrative import fact_attr, run


def coverage_note(ctx: Ctx) -> Section:
    """A short "methods: coverage" section (zh/en)."""
    zh = ctx.lang == "zh"
    sec = Section(key="methods-coverage", title="方法说明：数据覆盖" if zh else "Methods: coverage of the data")
    ran = run(ctx.db, "coverage")
    if ran.error or ran.result is None:
        sec.blocks.append(ctx.no_data("事件库覆盖情况" if zh else "coverage of the event base"))
        return sec
    f = {k: fact_attr(ran, k, kind, ctx.lang) for k, kind in (
        ("events", "int"), ("jurisdictions", "int"), ("national_jurisdictions_20", "int"), ("dated_pct", "pct"),
        ("title_zh_pct", "pct"), ("subnational", "int"), ("excluded_total", "int"))}
    if zh:
        text = (f"本报告所用事件库共{f['events']}项政策事件，覆盖{f['jurisdictions']}个辖区，其中"
                f"{f['national_jurisdictions_20']}个辖区有不少于20项国家层面事件；{f['dated_pct']}的事件有日期，"
                f"{f['title_zh_pct']}的事件有中文标题。按国家统计时默认只计国家层面事件（{f['subnational']}项地方层面"
                f"事件未计入）。来源数据中有{f['excluded_total']}条记录因不属于政策事件、不在本库领域内或无法映射而未收录，"
                "逐条原因见 policyscope coverage 或 /coverage。政策金额为官方文件或公告所载数额（财政安排，或政策拟带动的"
                "公共和私人投资），以所载币种列出，并按所属年份的年平均汇率（FRED、世界银行）折合人民币，出处见各事件的来源。")
    else:
        text = (f"The event base behind this report holds {f['events']} policy events in {f['jurisdictions']} "
                f"jurisdictions, {f['national_jurisdictions_20']} of which have at least 20 national-level events; "
                f"{f['dated_pct']} of the events have a date and {f['title_zh_pct']} a Chinese title. Counts by "
                f"country include national-level events only ({f['subnational']} sub-national events left out). "
                f"{f['excluded_total']} source records were left out as not policy events, outside our domains or "
                "unmappable; each reason is listed by `policyscope coverage` and on /coverage. Policy amounts are those "
                "an official text or announcement states (public funding, or the public and private investment a "
                "policy is to mobilise), in the currency stated and converted at the year's average rate (FRED, World "
                "Bank); each event's sources say where.")
    facts = [x for x in f.values() if x is not None]
    sec.blocks.append(Paragraph(sentences=[Sentence(text=text, facts=facts)], style="note"))
    return sec
