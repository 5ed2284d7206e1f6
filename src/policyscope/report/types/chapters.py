"""Per-country chapters of the flagship (seed 004's 美国 / 欧盟 / 德国 … chapters): for each major economy the
event base covers, how many national policy events it issued in the period and of which kinds (traced to the
counts analysis), then its weightiest policies named in 《》 with date and issuer (chosen by importance, as
every report list is)."""

from __future__ import annotations

import re
from typing import Any

from policyscope.report.context import Ctx
from policyscope.report.model import Section
from policyscope.report.narrative import fact, fact_attr, run
from policyscope.report.types.common import count_kw, event_rows, policy_name, when_text

# seed 004's order; a chapter is written for each that has enough national events in the period
MAJORS = ("USA", "EU", "DEU", "FRA", "GBR", "JPN", "KOR", "CHN", "IND")
MIN_EVENTS = 5
POLICIES = 5
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _issuer(ctx: Ctx, r: Any, name: str) -> str:
    """The issuing body when the event names it in the report's language, else the jurisdiction."""
    v = r.get("issuer")
    if not isinstance(v, str) or not v.strip():
        return name
    v = re.sub(r"\s*\([^()]*;[^()]*\)", "", v).strip()  # STIP's "(EC;)", "(CAO;内閣府)" acronym notes
    if not v:
        return name
    in_lang = not _LATIN.search(v) if ctx.lang == "zh" else not _CJK.search(v)
    return v if in_lang and len(v) <= 40 else name


def country_chapter(ctx: Ctx, code: str, n: int, ev_from: str, ev_to: str) -> Section | None:
    """One chapter, or None when the jurisdiction has fewer than MIN_EVENTS national events in the period."""
    lang = ctx.lang
    cnt = run(ctx.db, "counts", by=("type",), date_from=ev_from, date_to=ev_to, jurisdictions=[code],
              **count_kw(ctx))
    total = fact_attr(cnt, "events", "count", lang) if cnt.ok else None
    if total is None or total.value < MIN_EVENTS:
        return None
    name = ctx.jname(code)
    f = cnt.frame().sort_values(["n", "type"], ascending=[False, True])
    f = f[f["type"] != "other"]  # ("other" is not a kind a reader can use)
    kinds = [{"type": ctx.tname(t), "n": fact(cnt, "n", "count", lang, type=t)} for t in f["type"].head(3)]
    if not kinds:
        return None
    sec = Section(key=f"country-{code}", level=2, title=name)
    lead = ctx.say(f"ch_lead_{n % 3}", name=name, y0=ev_from[:4], y1=ev_to[:4], events=total, kinds=kinds)
    # (an English report names policies in English: Chinese-only titles are skipped)
    english = (lambda r: not _CJK.search(policy_name(ctx, r))) if lang == "en" else None
    ev = event_rows(ctx, ev_from, ev_to, jurisdiction=code, limit=POLICIES, weightiest=True, keep=english)
    items = [{"when": when_text(ctx, r["date"], r.get("date_precision")), "issuer": _issuer(ctx, r, name),
              "type": ctx.tname(r["type"]), "title": policy_name(ctx, r)} for _, r in ev.iterrows()]
    body = ctx.say("ch_policies", name=name, items=items) if items else None
    sec.blocks.append(ctx.para(lead, body))
    return sec


def country_chapters(ctx: Ctx, ev_from: str, ev_to: str) -> Section:
    """The chapter "主要国家和地区政策动态": one sub-chapter per major economy with data."""
    sec = Section(key="countries", title=ctx.L("sec_countries"))
    for code in MAJORS:
        ch = country_chapter(ctx, code, len(sec.children), ev_from, ev_to)
        if ch is not None:
            sec.children.append(ch)
    if not sec.children:
        sec.blocks.append(ctx.no_data(ctx.L("what_countries")))
    else:
        sec.blocks.append(ctx.para(ctx.say("ch_intro", y0=ev_from[:4], y1=ev_to[:4],
                                           names=[ctx.jname(c.key.split("-", 1)[1]) for c in sec.children])))
    return sec
