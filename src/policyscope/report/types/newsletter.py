"""The newsletter for a period, in the structure of 科技政策与咨询快报: masthead, 本期要目, 目录 by column,
then articles built from events — headline naming jurisdiction and instrument, a lead (who, what, when,
the headline figure), numbered sub-items for component events and budget lines, and footnotes citing the
evidence (document, line, quote, URL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from policyscope.model.taxonomy import taxonomy
from policyscope.report.context import Ctx
from policyscope.report.model import ItemsBlock, NoteBlock, Paragraph, Report, Section, Sentence
from policyscope.report.narrative import fact, fact_attr, run
from policyscope.report.types.common import (
    count_kw,
    display_title,
    event_rows,
    policy_name,
    states_used,
    when_text,
)
from policyscope.report.types.methods import coverage_note
from policyscope.store.events import event_detail

PER_COLUMN = 6
HIGHLIGHTS = 7


def column_of(event_type: str) -> str:
    for col in taxonomy("newsletter_columns").items:
        if event_type in col.event_types:
            return col.code
    return "think_tank"


def _money(ctx: Ctx, usd: float | None) -> str:
    if usd is None or usd != usd:
        return ""
    return f"{usd / 1e8:,.1f}亿美元" if ctx.lang == "zh" else f"US${usd / 1e6:,.1f} million"


def _origin(v: Any) -> str:
    """Web addresses as they are; local files by their name only."""
    if not isinstance(v, str) or not v:
        return ""
    return v if "://" in v else v.rsplit("/", 1)[-1]


def dated_within(d: Any, precision: Any, date_from: str, date_to: str) -> bool:
    """Whether an event's date, as precise as its source gave it, lies wholly in the period: an event known
    only by its year (stored as 1 January) belongs to a newsletter covering that whole year, not to its Q1."""
    if d is None or d != d:
        return False
    d = pd.Timestamp(d)
    p = precision if isinstance(precision, str) else "day"
    if p == "year":
        first, last = pd.Timestamp(d.year, 1, 1), pd.Timestamp(d.year, 12, 31)
    elif p == "month":
        first = pd.Timestamp(d.year, d.month, 1)
        last = first + pd.offsets.MonthEnd(0)
    else:
        first = last = d.normalize()
    return pd.Timestamp(date_from) <= first and last <= pd.Timestamp(date_to)


def _weight(v: Any) -> float:
    return float(v) if v is not None and v == v else 0.0


def _articles(ev: pd.DataFrame) -> list[pd.DataFrame]:
    """One article per source document (its events are the article's components); events without a
    document stand alone. The weightiest articles first (importance of their lead event: national laws,
    strategies and budgets and the landmarks before bills), then by money and size; the lead is the
    article's weightiest event."""
    ev = ev.copy()
    ev["group"] = ev["document_id"].where(ev["document_id"].notna(), ev["id"])
    ev["weight"] = ev["importance"].map(_weight) if "importance" in ev else 0.0
    groups = [g.sort_values(["weight", "amount_usd", "date"], ascending=[False, False, False], na_position="last")
              for _, g in ev.groupby("group", sort=False)]
    groups.sort(key=lambda g: (-g["weight"].max(), -(g["amount_usd"].fillna(0).max()), -len(g),
                               str(g.iloc[0]["date"]), str(g.iloc[0]["id"])))
    return groups


def _evidence_note(ctx: Ctx, ev_id: str, doc: dict[str, Any] | None) -> list[str]:
    detail = event_detail(ctx.db, ev_id)
    notes = []
    for e in detail.get("evidence", [])[:2]:
        quote = (e.get("quote") or "").strip().replace("\n", " ")
        if len(quote) > 160:
            quote = quote[:158] + "…"
        title = (doc or {}).get("title") or e.get("document_id") or ""
        origin = _origin((doc or {}).get("origin"))
        notes.append(ctx.L("footnote", title=title, line=e.get("line") or "", quote=quote, url=origin))
    if not notes and doc:
        notes.append(ctx.L("footnote", title=doc.get("title") or "", line="", quote="", url=_origin(doc.get("origin"))))
    if not notes:  # an event from a policy list: cite the lists that hold it and its address
        srcs = ctx.db.df("SELECT source, url FROM main.event_sources WHERE event_id = ? ORDER BY source", [ev_id])
        url = detail.get("url") or next((u for u in srcs["url"] if isinstance(u, str) and u), "")
        if len(srcs) or url:
            notes.append(ctx.L("footnote", title=", ".join(srcs["source"]), line="", quote="", url=url or ""))
    return notes


def build_newsletter(ctx: Ctx, date_from: str, date_to: str, issue: str | None = None) -> Report:
    lang = ctx.lang
    ev = event_rows(ctx, date_from, date_to)
    vague = pd.Series(False, index=ev.index)
    if not ev.empty:  # articles only for events dated within the period (not "2024" in a Q1 issue)
        prec = ev["date_precision"] if "date_precision" in ev else pd.Series("day", index=ev.index)
        vague = ~pd.Series([dated_within(d, p, date_from, date_to) for d, p in zip(ev["date"], prec, strict=True)],
                           index=ev.index)
        ev = ev[~vague]
    docs = {}
    if not ev.empty:
        ids = [d for d in ev["document_id"].dropna().unique().tolist()]
        if ids:
            q = ctx.db.df(f"SELECT id, title, origin FROM main.documents WHERE id IN ({','.join('?' for _ in ids)})", ids)
            docs = {r["id"]: r for r in q.to_dict("records")}
    ev = ev.assign(column=ev["type"].map(column_of)) if not ev.empty else ev
    sections: list[Section] = []
    highlights: list[tuple[tuple[float, float], str]] = []  # ((importance, US$), headline)

    # 专题评述: the period in numbers, from the counts analysis
    comm = Section(key="col-commentary", title=taxonomy("newsletter_columns").label("commentary", lang),
                   column="commentary")
    cnt = run(ctx.db, "counts", by=("jurisdiction",), date_from=date_from, date_to=date_to,
              **count_kw(ctx))
    if cnt.ok:
        f = cnt.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])
        top = f["jurisdiction"].head(3).tolist()
        art = Section(key="commentary-overview", level=2, title=ctx.L("nl_overview_title", d0=date_from, d1=date_to),
                      column="commentary")
        sents = [ctx.say("nl_overview", d0=date_from, d1=date_to, events=fact_attr(cnt, "events", "count", lang),
                         top=[{"name": ctx.jname(j), "n": fact(cnt, "n", "count", lang, jurisdiction=j)} for j in top])]
        bd = run(ctx.db, "counts", by=("domain",), date_from=date_from, date_to=date_to, **count_kw(ctx))
        if bd.ok:
            fd = bd.frame()
            fd = fd[fd["domain"] != "(none)"].sort_values(["n", "domain"], ascending=[False, True])
            if not fd.empty:
                sents.append(ctx.say("nl_domains", top=[{"name": ctx.dname(d), "share": fact(
                    bd, "share", "pct", lang, domain=d)} for d in fd["domain"].head(3)]))
        art.blocks.append(Paragraph(sentences=sents, style="lead"))
        if vague.any():
            art.blocks.append(Paragraph(sentences=[Sentence(text=ctx.L("nl_vague_dates"))], style="note"))
        comm.children.append(art)
    else:
        comm.blocks.append(ctx.no_data(ctx.L("what_events", d0=date_from, d1=date_to), cnt.error))
    sections.append(comm)

    for col in taxonomy("newsletter_columns").items:
        if col.code == "commentary":
            continue
        sub = ev[ev["column"] == col.code] if not ev.empty else ev
        if sub.empty:
            continue
        sec = Section(key=f"col-{col.code}", title=col.label(lang), column=col.code)
        for i, grp in enumerate(_articles(sub)[:PER_COLUMN]):
            lead = grp.iloc[0]
            doc = docs.get(lead["document_id"]) if lead["document_id"] else None
            jn = ctx.jname(lead["jurisdiction"])
            title = display_title(ctx, lead)
            headline = ctx.L("nl_headline", name=jn, type=ctx.tname(lead["type"]), title=title)
            art = Section(key=f"art-{col.code}-{i + 1}", level=2, title=headline, column=col.code)
            issuer = lead["issuer"] if isinstance(lead["issuer"], str) and lead["issuer"] else jn
            when = when_text(ctx, lead["date"], lead.get("date_precision"))
            art.blocks.append(Paragraph(style="lead", sentences=[Sentence(text=ctx.L(
                "nl_lead", issuer=issuer, name=jn, when=when, type=ctx.tname(lead["type"]), title=policy_name(ctx, lead),
                money=_money(ctx, lead["amount_usd"]),
                status=ctx.sname(lead["status"]) if lead["status"] not in (None, "unknown") else ""))]))
            items: list[Sentence] = []
            for _, comp in grp.iloc[1:].iterrows():
                items.append(Sentence(text=ctx.L("nl_component", type=ctx.tname(comp["type"]),
                                                 title=display_title(ctx, comp),
                                                 when=when_text(ctx, comp["date"], comp.get("date_precision")),
                                                 money=_money(ctx, comp["amount_usd"]))))
            for a in event_detail(ctx.db, lead["id"]).get("amounts", []):
                if a.get("text"):
                    items.append(Sentence(text=ctx.L("nl_budget", text=a["text"], money=_money(ctx, a.get("usd")))))
            if items:
                art.blocks.append(ItemsBlock(items=items[:10]))
            notes = _evidence_note(ctx, lead["id"], doc)
            if notes:
                art.blocks.append(NoteBlock(notes=notes))
            sec.children.append(art)
            highlights.append(((lead["weight"], _weight(lead["amount_usd"])), headline))
        sections.append(sec)

    if ev.empty:
        sections.append(Section(key="empty", title=ctx.L("nl_empty_title"),
                                blocks=[ctx.no_data(ctx.L("what_events", d0=date_from, d1=date_to))]))
    sections.append(coverage_note(ctx))  # methods: coverage of the event base
    highlights.sort(key=lambda t: (-t[0][0], -t[0][1]))  # 本期要目: the weightiest articles of every column
    issue = issue or ctx.L("nl_issue", year=date_to[:4], month=int(date_to[5:7]))
    title = ctx.L("newsletter_title")
    return Report(kind="newsletter", lang=lang, title=title, subtitle=ctx.L("issue_label", d0=date_from, d1=date_to),
                  issuer=ctx.L("issuer"), date=date.today().isoformat(), issue=issue,
                  running_header=f"{title} {issue}",
                  cover_lines=[ctx.L("review_scope", states=[ctx.review_name(s) for s in states_used(ctx)])],
                  highlights=[h for _, h in highlights[:HIGHLIGHTS]], sections=sections,
                  params={"from": date_from, "to": date_to, "issue": issue}).number()
