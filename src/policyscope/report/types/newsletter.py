"""The newsletter for a period, in the structure of 科技政策与咨询快报: masthead (institution, 第N期 / 总第N期,
date), 本期要目, 目录 by column, then the articles.

Chosen as an editor would: what changed in the period (new events, later stages of older policies — adopted,
published, in force — and indicator releases, :mod:`policyscope.store.period`), ranked by the importance score
(:mod:`policyscope.store.importance`), one article per policy. Sub-national policies and bills that are not
(yet) law never headline: they go into each column's brief, and what is left out is counted. An article: a
headline naming jurisdiction and instrument, a dated lead, numbered sub-sections (一、二、…) from the event's
evidence, timeline, amounts and domains, and footnotes with the original-language title and URL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from policyscope.model.jurisdictions import registry
from policyscope.model.taxonomy import taxonomy
from policyscope.report.context import Ctx
from policyscope.report.model import ItemsBlock, Masthead, Paragraph, Report, Section, Sentence
from policyscope.report.narrative import fact, fact_attr, run
from policyscope.report.types.common import count_kw, display_title, states_used, when_text
from policyscope.report.types.methods import coverage_note
from policyscope.report.types.money import converted, stated_amounts
from policyscope.report.types.names import described, description
from policyscope.store.citation import source_meta
from policyscope.store.events import event_detail
from policyscope.store.period import indicator_releases, period_events

PER_COLUMN = 8  # full articles per column; the rest of the column goes into its brief
BRIEF = 8  # lines of a column's brief
HIGHLIGHTS = 7
BILL_STATUS = ("proposed", "in_consultation", "defunct")
LATER_STAGES = ("in_force", "published", "enacted")
_CJK = re.compile(r"[\u4e00-\u9fff]")


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


def _weight(v: Any) -> float:
    return float(v) if v is not None and v == v else 0.0


def _str(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ""


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _source_name(name: str) -> str:
    """A dataset's short name for a sentence (the catalogue title up to its dash or bracket)."""
    title = source_meta(name).title or name
    return re.split(r" — | \(|（", title)[0].strip()


@lru_cache(maxsize=256)
def _subdivision_names(code: str) -> frozenset[str]:
    import pycountry

    c = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    subs = pycountry.subdivisions.get(country_code=c.alpha_2) if c else None
    return frozenset(s.name for s in subs or [])


def subnational(r: Any) -> bool:
    """Sub-national by its level, or by its issuer: a body named as a state or province of its own country
    (a California act recorded at national level is still a state act)."""
    return r["level"] == "subnational" or _str(r.get("issuer")) in _subdivision_names(str(r["jurisdiction"]))


def is_brief(r: Any) -> bool:
    """Sub-national policies and bills that are not (yet) law: a line in the brief, never a headline."""
    bill = r["type"] == "law_regulation" and r["status"] in BILL_STATUS and r["stage"] not in LATER_STAGES
    return subnational(r) or bool(bill)


# -- choosing ---------------------------------------------------------------------------------------

@dataclass
class Pick:
    """The period's developments, chosen: articles and briefs per column, and what was left out."""

    articles: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    briefs: dict[str, list[pd.Series]] = field(default_factory=dict)
    left: dict[str, pd.DataFrame] = field(default_factory=dict)
    total: int = 0
    changes: int = 0


def _dedupe(ctx: Ctx, ev: pd.DataFrame) -> pd.DataFrame:
    """One row per policy, the weightier record kept: the same title (as shown) twice, or one jurisdiction's
    title inside another's (a UN draft "A/78/L.49 (Seizing the opportunities…)" and the resolution)."""
    from rapidfuzz import fuzz

    ev = ev.sort_values(["importance", "id"], ascending=[False, True], na_position="last")
    keys = [re.sub(r"\W+", " ", display_title(ctx, r).casefold()).strip() for _, r in ev.iterrows()]
    kept: list[tuple[str, str]] = []
    keep = []
    for k, j in zip(keys, ev["jurisdiction"], strict=True):
        dup = any(j == kj and (k == kk or min(len(k), len(kk)) >= 30 and fuzz.partial_ratio(k, kk) >= 95)
                  for kk, kj in kept)
        keep.append(not dup)
        if not dup:
            kept.append((k, j))
    return ev[keep]


def _groups(ev: pd.DataFrame) -> list[pd.DataFrame]:
    """One article per source document (its events are the article's components), the weightiest first (the
    importance of its lead event, then money, then size); the lead is the article's weightiest event."""
    ev = ev.assign(group=ev["document_id"].where(ev["document_id"].notna(), ev["id"]),
                   weight=ev["importance"].map(_weight))
    groups = [g.sort_values(["weight", "amount_usd", "date"], ascending=[False, False, False], na_position="last")
              for _, g in ev.groupby("group", sort=False)]
    groups.sort(key=lambda g: (-g["weight"].max(), -(g["amount_usd"].fillna(0).max()), -len(g),
                               str(g.iloc[0]["stage_date"]), str(g.iloc[0]["id"])))
    return groups


def choose(ctx: Ctx, date_from: str, date_to: str) -> Pick:
    ev = period_events(ctx.db, date_from, date_to, ctx.review_states)
    pick = Pick()
    if ev.empty:
        return pick
    ev = _dedupe(ctx, ev)
    ev = ev.assign(column=ev["type"].map(column_of))
    pick.total, pick.changes = len(ev), int((ev["stage"] != "event").sum())
    for col, sub in ev.groupby("column", sort=False):
        groups = _groups(sub)
        full = [g for g in groups if not is_brief(g.iloc[0])]
        pick.articles[str(col)] = full[:PER_COLUMN]
        rest = pd.concat([g.iloc[:1] for g in groups if is_brief(g.iloc[0])] + [g.iloc[:1] for g in full[PER_COLUMN:]]
                         ) if len(groups) > len(pick.articles[str(col)]) else sub.iloc[:0]
        rest = rest.sort_values(["weight", "stage_date"], ascending=[False, False]) if not rest.empty else rest
        pick.briefs[str(col)] = [r for _, r in rest.head(BRIEF).iterrows()]
        pick.left[str(col)] = rest.iloc[BRIEF:]
    return pick


# -- writing ----------------------------------------------------------------------------------------

def _names(ctx: Ctx, r: Any) -> tuple[str, str, bool]:
    """(the policy's name in the report's language, its original title when that differs, whether the name
    is a real title in that language) — a Chinese report never shows an English name as if it were Chinese."""
    zh, en, orig = _str(r.get("title_zh")), _str(r.get("title_en")), _str(r.get("title_original")) or _str(r.get("title"))
    own = zh if ctx.lang == "zh" else en or (orig if not _CJK.search(orig) else "")
    name = own or orig or "—"
    original = orig if own and orig and orig.casefold() != own.casefold() else ""
    if ctx.lang == "zh" and _CJK.search(original):
        original = ""  # a Chinese original is the name itself
    return _short(name, 80), _short(original, 110), bool(own)


def _stage_of(r: Any) -> str:
    """The verb of the lead: a later stage as it is; a new event by its date's kind (adopted / issued)."""
    if r["stage"] != "event":
        return str(r["stage"])
    if r["type"] == "law_regulation" and r["status"] in BILL_STATUS:
        return "proposed"
    return "adopted" if r.get("date_kind") == "adopted" else "issued"


def _tname(ctx: Ctx, code: str) -> str:
    """The instrument's type for a sentence ("other" says nothing)."""
    return "" if code == "other" else ctx.tname(code)


def _issuer(ctx: Ctx, r: Any, jn: str) -> tuple[str, str]:
    """(issuer for the sentence, issuer for a note): a sentence names an issuer in its own script only."""
    issuer = _str(r.get("issuer"))
    own = {jn, str(r["jurisdiction"]), *(registry().get(str(r["jurisdiction"])).name_en for _ in [0]
                                         if r["jurisdiction"] in registry().by_code)}
    if not issuer or issuer in own or issuer.startswith("Other "):
        return "", ""
    if (ctx.lang == "zh") != bool(_CJK.search(issuer)):
        return "", issuer
    return issuer, ""


def _policy_note(ctx: Ctx, r: Any, detail: dict[str, Any]) -> str:
    """The footnote of a policy: its original-language title and address, and the datasets that hold it."""
    orig = _str(r.get("title_original")) or _str(r.get("title"))
    url = _origin(r.get("url")) or next((_origin(s.get("url")) for s in detail.get("sources", []) if s.get("url")), "")
    srcs = list(dict.fromkeys(_source_name(str(s["source"])) for s in detail.get("sources", [])))
    sep = "、" if ctx.lang == "zh" else "; "
    return ctx.L("nl_fn_policy", original=orig, url=url, sources=sep.join(srcs))


def _lead_money(ctx: Ctx, r: Any) -> str:
    """The policy's largest stated amount as stated, with 约合人民币 (about US$ in English); else its US$ value."""
    m = stated_amounts(ctx, [str(r["id"])]).get(str(r["id"]))
    if m is None:  # (an amount without its currency and year: its US$ value, approximate)
        usd = _money(ctx, r.get("amount_usd"))
        return ("约" if ctx.lang == "zh" else "about ") + usd if usd else ""
    if m["converted"] is None:
        return m["stated"].display
    return ctx.L("nl_money_converted", stated=m["stated"].display, converted=m["converted"].display)


def _lead(ctx: Ctx, r: Any, detail: dict[str, Any]) -> Paragraph:
    jn = ctx.jname(r["jurisdiction"])
    name, original, named = _names(ctx, r)
    stage = _stage_of(r)
    issuer, issuer_note = _issuer(ctx, r, jn)
    source = _source_name("agora") if r["stage"] in ("enacted", "proposed") else ""
    text = ctx.L("nl_lead", when=when_text(ctx, r["stage_date"], "day" if r["stage"] != "event" else
                                           r.get("date_precision")),
                 name=jn, issuer=issuer, stage=stage, type=_tname(ctx, r["type"]), title=name, original=original,
                 doc_number=_str(r.get("doc_number")), money=_lead_money(ctx, r), source=source,
                 described="" if named else described(ctx, r, whose=False))
    sents = [Sentence(text=text, notes=[_policy_note(ctx, r, detail)])]
    if issuer_note:
        sents.append(Sentence(text=ctx.L("nl_issuer_note", issuer=issuer_note)))
    return Paragraph(sentences=sents, style="lead")


def _steps(ctx: Ctx, r: Any, detail: dict[str, Any]) -> list[dict[str, str]]:
    """Every dated step of the policy the base holds (event date, issued, published, in force, a source's
    recorded step), oldest first."""
    steps: dict[str, str] = {}
    kind = "issued" if r.get("date_kind") != "adopted" else "adopted"
    for st, d in [(kind, r.get("date") if r.get("date_precision") == "day" else None),
                  ("issued", r.get("date_issued")), ("published", r.get("date_published")),
                  ("in_force", r.get("date_in_force")), *list(r.get("stages") or [])]:
        if d is None or d != d or st == "event":
            continue
        key = str(pd.Timestamp(d).date())
        steps.setdefault(key, st)
    return [{"when": when_text(ctx, k, "day"), "what": ctx.L("nl_step", stage=v)} for k, v in sorted(steps.items())]


def _documents(ctx: Ctx, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    q = ctx.db.df(f"SELECT id, title, origin FROM main.documents WHERE id IN "
                  f"({','.join('?' for _ in ids)})", ids)
    return {r["id"]: r for r in q.to_dict("records")}


def _evidence_items(ctx: Ctx, detail: dict[str, Any]) -> list[Sentence]:
    """The evidence as sub-sections: a dataset's summary of the text, or the sentence quoted from a document
    (its title, line and address in the footnote)."""
    ev = [e for e in detail.get("evidence", []) if _str(e.get("quote"))][:2]
    docs = _documents(ctx, [str(e["document_id"]) for e in ev if e.get("document_id")])
    items = []
    for e in ev:
        quote = _short(re.sub(r"\s+", " ", _str(e.get("quote"))), 600)
        doc = docs.get(str(e.get("document_id")), {})
        summary = str(e.get("document_id")).startswith("agora:")  # a dataset's summary, not the text itself
        src = _source_name("agora") if summary else _str(e.get("document_id"))
        note = ctx.L("footnote", title=_str(doc.get("title")) or src, line=e.get("line") or "", quote="",
                     url=_origin(doc.get("origin")))
        macro = "nl_sub_content" if summary else "nl_sub_quote"
        items.append(Sentence(text=ctx.L(macro, text=quote, source=src), notes=[note]))
    return items


def _sub_sections(ctx: Ctx, grp: pd.DataFrame, detail: dict[str, Any]) -> list[Sentence]:
    """一、主要内容 (evidence) 二、进程 (dated steps) 三、资金 (amounts) 四、领域, and the other measures of
    the same document."""
    r = grp.iloc[0]
    items = _evidence_items(ctx, detail)
    steps = _steps(ctx, r, detail)
    if len(steps) > 1:
        items.append(Sentence(text=ctx.L("nl_sub_timeline", steps=steps)))
    money = [{"text": a["text"], "money": converted(ctx, a)} for a in detail.get("amounts", []) if a.get("text")]
    if money:
        items.append(Sentence(text=ctx.L("nl_sub_money", items=money[:6])))
    doms = [ctx.dname(d) for d in (r.get("domains") if r.get("domains") is not None else [])][:6]
    if doms:
        items.append(Sentence(text=ctx.L("nl_sub_domains", names=doms)))
    related = [ctx.L("nl_component", type=ctx.tname(c["type"]), title=_names(ctx, c)[0],
                     when=when_text(ctx, c["date"], c.get("date_precision")), money=_money(ctx, c["amount_usd"]))
               for _, c in grp.iloc[1:6].iterrows()]
    if related:
        items.append(Sentence(text=ctx.L("nl_sub_related", items=related)))
    return items


def headline(ctx: Ctx, r: Any) -> str:
    """Jurisdiction, instrument and step; a policy without a name in the report's language is described (数据领域
    法律法规：Part 170…), never shown as a foreign title in 《》 — the short original tells two such policies apart."""
    name, _, named = _names(ctx, r)
    return ctx.L("nl_headline", name=ctx.jname(r["jurisdiction"]), stage=_stage_of(r), type=_tname(ctx, r["type"]),
                 title=_short(name, 60), named=named,
                 described="" if named else ctx.L("nl_head_described", what=description(ctx, r, whose=False),
                                                  original=_short(name, 40)))


def article(ctx: Ctx, key: str, col: str, grp: pd.DataFrame) -> Section:
    r = grp.iloc[0]
    detail = event_detail(ctx.db, str(r["id"]))
    art = Section(key=key, level=2, title=headline(ctx, r), column=col)
    art.blocks.append(_lead(ctx, r, detail))
    items = _sub_sections(ctx, grp, detail)
    if items:
        art.blocks.append(ItemsBlock(items=items))
    return art


def brief(ctx: Ctx, col: str, label: str, rows: list[pd.Series], left: pd.DataFrame) -> Section:
    """A column's brief: one dated line each, the original title in a footnote; then what is left out."""
    sec = Section(key=f"brief-{col}", level=2, title=ctx.L("nl_brief_title", column=label), column=col)
    lines = []
    sources = _sources(ctx, [str(r["id"]) for r in rows])
    for r in rows:
        jn = ctx.jname(r["jurisdiction"])
        name, original, named = _names(ctx, r)
        sub = _str(r.get("issuer")) if subnational(r) else ""
        if sub and (ctx.lang == "zh") != bool(_CJK.search(sub)):
            jn, sub = ctx.L("nl_local", name=jn, unit=sub), ""
        text = ctx.L("nl_lead", when=when_text(ctx, r["stage_date"], "day" if r["stage"] != "event" else
                                               r.get("date_precision")),
                     name=jn, issuer=sub, stage=_stage_of(r),
                     type=_tname(ctx, r["type"]), title=name, original="", doc_number="", money="", source="",
                     described="" if named else described(ctx, r, whose=False))
        lines.append(Sentence(text=text, notes=[_policy_note(ctx, r, {"sources": sources.get(str(r["id"]), [])})]))
    if lines:
        sec.blocks.append(ItemsBlock(items=lines))
    if not left.empty:
        n_bills, n_sub = _left_kinds(left)
        sec.blocks.append(Paragraph(style="note", sentences=[Sentence(text=ctx.L(
            "nl_brief_left", n=len(left), bills=n_bills, sub=n_sub))]))
    return sec


def _sources(ctx: Ctx, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The source records of several events in one query (what a footnote needs of ``event_detail``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    if ids:
        for eid, src, url in ctx.db.con.execute(
                "SELECT event_id, source, url FROM core.event_source WHERE event_id IN "
                f"({', '.join('?' * len(ids))}) ORDER BY event_id, source, record_id", ids).fetchall():
            out.setdefault(eid, []).append({"source": src, "url": url})
    return out


def _left_kinds(left: pd.DataFrame) -> tuple[int, int]:
    if left.empty:
        return 0, 0
    local = pd.Series([subnational(r) for _, r in left.iterrows()], index=left.index, dtype=bool)
    sub = int(local.sum())
    bills = int((~local & (left["type"] == "law_regulation") & left["status"].isin(BILL_STATUS)).sum())
    return bills, sub


# -- the issue --------------------------------------------------------------------------------------

def _overview(ctx: Ctx, date_from: str, date_to: str, pick: Pick, heads: list[str]) -> Section:
    """专题评述: the period in numbers (counts analysis), the main news, and how the issue was chosen."""
    lang = ctx.lang
    comm = Section(key="col-commentary", title=taxonomy("newsletter_columns").label("commentary", lang),
                   column="commentary")
    cnt = run(ctx.db, "counts", by=("jurisdiction",), date_from=date_from, date_to=date_to, **count_kw(ctx))
    art = Section(key="commentary-overview", level=2, title=ctx.L("nl_overview_title", d0=date_from, d1=date_to),
                  column="commentary")
    sents: list[Sentence] = []
    if cnt.ok:
        f = cnt.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])
        sents.append(ctx.say("nl_overview", d0=date_from, d1=date_to, events=fact_attr(cnt, "events", "count", lang),
                             top=[{"name": ctx.jname(j), "n": fact(cnt, "n", "count", lang, jurisdiction=j)}
                                  for j in f["jurisdiction"].head(3)]))
        bd = run(ctx.db, "counts", by=("domain",), date_from=date_from, date_to=date_to, **count_kw(ctx))
        fd = bd.frame() if bd.ok else pd.DataFrame(columns=["domain", "n"])
        fd = fd[fd["domain"] != "(none)"].sort_values(["n", "domain"], ascending=[False, True])
        if not fd.empty:
            sents.append(ctx.say("nl_domains", top=[{"name": ctx.dname(d), "share": fact(
                bd, "share", "pct", lang, domain=d)} for d in fd["domain"].head(3)]))
    if heads:
        sents.append(Sentence(text=ctx.L("nl_key", items=heads[:3])))
    if sents:
        art.blocks.append(Paragraph(sentences=sents, style="lead"))
    if pick.total:
        n_art = sum(len(v) for v in pick.articles.values())
        n_brief = sum(len(v) for v in pick.briefs.values())
        left = pd.concat(list(pick.left.values())) if pick.left else pd.DataFrame()
        bills, sub = _left_kinds(left)
        art.blocks.append(Paragraph(style="note", sentences=[Sentence(text=ctx.L(
            "nl_selection", total=pick.total, changes=pick.changes, articles=n_art, briefs=n_brief, left=len(left),
            bills=bills, sub=sub))]))
    if art.blocks:
        comm.children.append(art)
    else:
        comm.blocks.append(ctx.no_data(ctx.L("what_events", d0=date_from, d1=date_to), cnt.error))
    rel = _releases(ctx, date_from, date_to)
    if rel is not None:
        comm.children.append(rel)
    return comm


def _releases(ctx: Ctx, date_from: str, date_to: str) -> Section | None:
    """New indicator releases: observation vintages dated in the period."""
    rel = indicator_releases(ctx.db, date_from, date_to)
    if rel.empty:
        return None
    sec = Section(key="commentary-releases", level=2, title=ctx.L("nl_releases_title"), column="commentary")
    sents = [Sentence(text=ctx.L("nl_release", when=when_text(ctx, r["release"], "day" if len(r["release"]) == 10
                                                              else "month"),
                                 source=r["source"], vintage=r["vintage"], indicators=int(r["indicators"]),
                                 observations=f"{int(r['observations']):,}", last_year=int(r["last_year"])))
             for r in rel.to_dict("records")]
    sec.blocks.append(Paragraph(sentences=sents))
    return sec


def masthead(ctx: Ctx, date_to: str, given: Masthead | None) -> Masthead:
    """The masthead from the options or settings; 第N期 defaults to the quarter (a quarter's issue) or month."""
    from policyscope.settings import settings

    m = given.model_copy() if given else Masthead()
    s = settings()
    inst = m.institution or (s.newsletter_institution or "")
    if "|" in inst:  # "中文名|English name"
        zh, en = inst.split("|", 1)
        inst = zh.strip() if ctx.lang == "zh" else en.strip()
    m.institution = inst or ctx.L("issuer")
    if m.total_no is None and s.newsletter_total_no:
        m.total_no = s.newsletter_total_no
    m.date = m.date or date.today().isoformat()
    return m


def _issue_label(ctx: Ctx, date_from: str, date_to: str, m: Masthead) -> str:
    d0, d1 = pd.Timestamp(date_from), pd.Timestamp(date_to)
    quarter = d0.is_quarter_start and d1.is_quarter_end and (d1 - d0).days < 93
    no = m.issue_no or (d1.quarter if quarter else d1.month)
    m.issue_no = no
    return ctx.L("nl_issue_full", year=d1.year, no=no, total=m.total_no or "")


def build_newsletter(ctx: Ctx, date_from: str, date_to: str, issue: str | None = None,
                     head: Masthead | None = None) -> Report:
    lang = ctx.lang
    pick = choose(ctx, date_from, date_to)
    sections: list[Section] = []
    ranked: list[tuple[float, float, str]] = []  # 本期要目: (importance, US$, headline) of every article
    for col in taxonomy("newsletter_columns").items:
        arts = pick.articles.get(col.code, [])
        briefs = pick.briefs.get(col.code, [])
        if not arts and not briefs:
            continue
        sec = Section(key=f"col-{col.code}", title=col.label(lang), column=col.code)
        for i, grp in enumerate(arts, 1):
            art = article(ctx, f"art-{col.code}-{i}", col.code, grp)
            sec.children.append(art)
            ranked.append((_weight(grp.iloc[0]["importance"]), _weight(grp.iloc[0]["amount_usd"]), art.title))
        if briefs:
            sec.children.append(brief(ctx, col.code, col.label(lang), briefs, pick.left.get(col.code, pd.DataFrame())))
        sections.append(sec)
    ranked.sort(key=lambda t: (-t[0], -t[1]))
    heads = [h for _, _, h in ranked[:HIGHLIGHTS]]
    sections.insert(0, _overview(ctx, date_from, date_to, pick, heads))
    if not pick.total:
        sections.append(Section(key="empty", title=ctx.L("nl_empty_title"),
                                blocks=[ctx.no_data(ctx.L("what_events", d0=date_from, d1=date_to))]))
    sections.append(coverage_note(ctx))  # methods: coverage of the event base
    m = masthead(ctx, date_to, head)
    issue = issue or _issue_label(ctx, date_from, date_to, m)
    title = ctx.L("newsletter_title")
    return Report(kind="newsletter", lang=lang, title=title, subtitle=ctx.L("issue_label", d0=date_from, d1=date_to),
                  issuer=m.institution, date=m.date, issue=issue, masthead=m, running_header=f"{title} {issue}",
                  cover_lines=[ctx.L("review_scope", states=[ctx.review_name(s) for s in states_used(ctx)])],
                  highlights=heads, sections=sections,
                  params={"from": date_from, "to": date_to, "issue": issue}).number()
