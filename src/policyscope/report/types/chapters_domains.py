"""The flagship's frontier-technology chapter (seed 000's sections on AI, semiconductors, quantum, 5G/6G,
autonomous driving): for each domain with enough national events, who deployed most (counts analysis), the
peak year, and the weightiest policies named in the report's language, each once. Frames rotate over the
domains like the country chapters' do (nine frames, at most nine domains)."""

from __future__ import annotations

from typing import Any

from policyscope.report.context import Ctx
from policyscope.report.model import Paragraph, Section, Sentence
from policyscope.report.narrative import fact, fact_attr, num, run, say_from
from policyscope.report.types.chapters import chsay
from policyscope.report.types.common import count_kw, when_text
from policyscope.report.types.names import cited, same_policy, translated
from policyscope.store.events import events_frame

DOMAINS = ("ai", "semiconductors", "quantum", "telecom_5g_6g", "autonomous_driving", "data", "cybersecurity",
           "cloud_computing", "digital_economy")
MIN_EVENTS = 10
POLICIES = 6


def _kw(ctx: Ctx, d: str, d0: str, d1: str) -> dict[str, Any]:
    return {"date_from": d0, "date_to": d1, "domains": [d], **count_kw(ctx)}


def lead_sentences(ctx: Ctx, d: str, n: int, d0: str, d1: str) -> list[Sentence]:
    by_j = run(ctx.db, "counts", by=("jurisdiction",), **_kw(ctx, d, d0, d1))
    total = fact_attr(by_j, "events", "count", ctx.lang) if by_j.ok else None
    if total is None or num(total) < MIN_EVENTS:
        return []
    f = by_j.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])
    tops = [{"name": ctx.jname(j), "n": fact(by_j, "n", "count", ctx.lang, jurisdiction=j)}
            for j in f["jurisdiction"].head(3)]
    chn = fact(by_j, "n", "count", ctx.lang, jurisdiction="CHN") if "CHN" not in f["jurisdiction"].head(3).tolist() \
        else None
    out = [chsay(ctx, "fd_lead", n, 0, dom=ctx.dname(d), y0=d0[:4], y1=d1[:4], total=total, tops=tops, chn=chn,
                cname=ctx.jname("CHN"))]
    by_y = run(ctx.db, "counts", by=("year",), **_kw(ctx, d, d0, d1))
    if by_y.ok:
        peak = int(by_y.frame().sort_values(["n", "year"], ascending=[False, False]).iloc[0]["year"])
        out.append(chsay(ctx, "fd_peak", n, 1, dom=ctx.dname(d), peak=peak,
                        n_peak=fact(by_y, "n", "count", ctx.lang, year=peak)))
    return out


def policies(ctx: Ctx, d: str, n: int, d0: str, d1: str, seen: set[str]) -> Sentence | None:
    """The weightiest policies of the domain not already listed for another domain of the chapter."""
    ev = events_frame(ctx.db, domain=d, date_from=d0, date_to=d1, review_states=ctx.review_states, limit=60,
                      order="importance")
    ev = ev[ev["level"].isin(["national", "supranational", "international"])] if "level" in ev else ev
    items = []
    for _, r in ev.iterrows():
        keys = same_policy(r)
        if keys & seen or (ctx.lang == "en" and translated(ctx, r) is None):
            continue
        seen |= keys
        items.append({"who": ctx.jname(str(r["jurisdiction"])), "cited": cited(ctx, r, whose=False, domain=d),
                      "when": when_text(ctx, r["date"], r.get("date_precision"))})
        if len(items) == POLICIES:
            break
    return chsay(ctx, "fd_pol", n, 2, dom=ctx.dname(d), items=items) if items else None


def domain_chapters(ctx: Ctx, d0: str, d1: str) -> Section:
    sec = Section(key="frontier", title=say_from("chapters", ctx.lang, "fd_title").text)
    seen: set[str] = set()
    for d in DOMAINS:
        n = len(sec.children)
        lead = lead_sentences(ctx, d, n, d0, d1)
        if not lead:
            continue
        sub = Section(key=f"frontier-{d}", title=ctx.dname(d), level=2)
        sub.blocks.append(Paragraph(sentences=lead))
        pol = policies(ctx, d, n, d0, d1, seen)
        if pol is not None:
            sub.blocks.append(Paragraph(sentences=[pol]))
        sub.sources.append(ctx.events_source())
        sec.children.append(sub)
    if sec.children:
        sec.blocks.append(Paragraph(sentences=[say_from("chapters", ctx.lang, "fd_intro", y0=d0[:4], y1=d1[:4],
                                                        names=[c.title for c in sec.children])]))
    else:
        sec.blocks.append(ctx.no_data(sec.title))
    return sec
