"""Findings added to the flagship's strategy-deployment chapter (seed 000 图1–3): the year profile of
deployment events, the instruments they use, and which jurisdictions lead each domain (counts analysis)."""

from __future__ import annotations

from typing import Any

from policyscope.report.context import Ctx
from policyscope.report.model import Paragraph, Section, Sentence
from policyscope.report.narrative import fact, run, say_from
from policyscope.report.types.common import STRATEGY_TYPES, count_kw

DOMAINS = 5


def _kw(ctx: Ctx, d0: str, d1: str) -> dict[str, Any]:
    return {"date_from": d0, "date_to": d1, "types": STRATEGY_TYPES, **count_kw(ctx)}


def years_sentence(ctx: Ctx, d0: str, d1: str) -> Sentence | None:
    cnt = run(ctx.db, "counts", by=("year",), **_kw(ctx, d0, d1))
    if not cnt.ok:
        return None
    f = cnt.frame()
    peak = int(f.sort_values(["n", "year"], ascending=[False, False]).iloc[0]["year"])
    first, last = int(f["year"].min()), int(f["year"].max())
    n = {y: fact(cnt, "n", "count", ctx.lang, year=y) for y in (first, peak, last)}
    return say_from("chapters", ctx.lang, "dp_years", first=first, n_first=n[first], peak=peak, n_peak=n[peak],
                    last=last, n_last=n[last])


def types_sentence(ctx: Ctx, d0: str, d1: str) -> Sentence | None:
    cnt = run(ctx.db, "counts", by=("type",), **_kw(ctx, d0, d1))
    if not cnt.ok:
        return None
    f = cnt.frame().sort_values(["n", "type"], ascending=[False, True])
    kinds = [{"type": ctx.tname(t), "n": fact(cnt, "n", "count", ctx.lang, type=t),
              "share": fact(cnt, "share", "pct", ctx.lang, type=t)} for t in f["type"].head(3)]
    laws_money = bool(set(f["type"].head(2)) & {"law_regulation", "funding_budget"})
    return say_from("chapters", ctx.lang, "dp_types", kinds=kinds, laws_money=laws_money) if kinds else None


def domain_leaders_sentence(ctx: Ctx, d0: str, d1: str) -> Sentence | None:
    jd = run(ctx.db, "counts", by=("jurisdiction", "domain"), **_kw(ctx, d0, d1))
    if not jd.ok:
        return None
    f = jd.frame()
    f = f[~f["domain"].isin(["(none)", "general_sti"])]
    order = f.groupby("domain")["n"].sum().sort_values(ascending=False).index[:DOMAINS]
    rows = []
    for d in order:
        g = f[f["domain"] == d].sort_values(["n", "jurisdiction"], ascending=[False, True]).head(2)
        rows.append({"domain": ctx.dname(d), "top": [
            {"name": ctx.jname(j), "n": fact(jd, "n", "count", ctx.lang, jurisdiction=j, domain=d)}
            for j in g["jurisdiction"]]})
    return say_from("chapters", ctx.lang, "dp_domain_leaders", rows=rows) if rows else None


def add_deploy_findings(ctx: Ctx, sec: Section, d0: str, d1: str) -> Section:
    """Append the findings to the deployment chapter's two sub-chapters (by jurisdiction, by domain)."""
    subs = {c.key.rsplit("-", 1)[-1]: c for c in sec.children}
    extra = {"jy": [years_sentence(ctx, d0, d1), types_sentence(ctx, d0, d1)],
             "domains": [domain_leaders_sentence(ctx, d0, d1)]}
    for k, sents in extra.items():
        got = [s for s in sents if s is not None]
        if k in subs and got and subs[k].blocks and subs[k].blocks[0].kind == "paragraph":
            subs[k].blocks.insert(1, Paragraph(sentences=got))
    return sec
