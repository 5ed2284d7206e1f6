"""全球数字产业战略与政策观察 / Global digital-industry strategy and policy observation (seed 000's
structure): strategy deployment, R&D, patents, collaboration, talent and what changed — every number
from an analysis function."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from policyscope.analysis import breaks as breaks_rule
from policyscope.analysis.breaks import breaks_by_jurisdiction
from policyscope.model import registry
from policyscope.report import charts
from policyscope.report.context import Ctx
from policyscope.report.model import Report, Section, Sentence
from policyscope.report.narrative import fact, fact_attr, row_of, run
from policyscope.report.types.chapters import country_chapters
from policyscope.report.types.chapters_data import data_chapters
from policyscope.report.types.chapters_deploy import add_deploy_findings
from policyscope.report.types.chapters_domains import domain_chapters
from policyscope.report.types.common import (
    FOCUS,
    PEERS,
    cooperation_events,
    counts_frame,
    default_event_year,
    event_deployment,
    latest_year,
    pick_indicator,
    states_used,
)
from policyscope.report.types.methods import coverage_note
from policyscope.report.types.movers import movers_sentence

TOP = 10
BIG = list(PEERS)  # the major economies the R&D and talent sections rank


def build_flagship(ctx: Ctx, year: int | None = None) -> Report:
    db, lang = ctx.db, ctx.lang
    year = year or default_event_year(db, date.today().year)
    data_year = latest_year(db, "GERD_USD", year)
    ev_from, ev_to = f"{year - 5}-01-01", f"{year}-12-31"
    sections: list[Section] = []

    # 一、战略部署 -------------------------------------------------------------------------------------
    sections.append(add_deploy_findings(ctx, event_deployment(ctx, ev_from, ev_to, year - 5, year), ev_from, ev_to))

    # 前沿技术领域政策焦点 (seed 000's AI / semiconductors / quantum / 5G-6G / autonomous-driving sections) ----
    sections.append(domain_chapters(ctx, ev_from, ev_to))

    # 二、主要国家和地区政策动态 (seed 004's country chapters) -------------------------------------------
    sections.append(country_chapters(ctx, ev_from, ev_to))

    # 二、研发投入 -------------------------------------------------------------------------------------
    sections.append(rd_section(ctx, data_year))

    # 三、专利 ------------------------------------------------------------------------------------------
    sections.append(patent_section(ctx, year))

    # 四、国际合作 ----------------------------------------------------------------------------------------
    sections.append(collaboration_section(ctx, year, ev_from, ev_to))

    # 技术贸易、投资与创业 (seed 004 图14–22) ----------------------------------------------------------------
    sections.append(data_chapters(ctx, year))

    # 五、人才 -----------------------------------------------------------------------------------------
    sections.append(talent_section(ctx, year))

    # 六、综合指数 ---------------------------------------------------------------------------------------
    sections.append(index_section(ctx))

    # 七、变化 ------------------------------------------------------------------------------------------
    sections.append(changes_section(ctx, year, data_year))
    sections.append(coverage_note(ctx))  # methods: coverage of the event base

    title = ctx.L("flagship_title")
    rep = Report(kind="flagship", lang=lang, title=title, subtitle=ctx.L("flagship_subtitle", year=year),
                 issuer=ctx.L("issuer"), date=date.today().isoformat(), running_header=f"{title}（{year}）"
                 if lang == "zh" else f"{title} {year}",
                 cover_lines=[ctx.L("review_scope", states=[ctx.review_name(s) for s in states_used(ctx)])],
                 sections=sections, params={"year": year, "data_year": data_year})
    return rep.number()


# -- R&D ---------------------------------------------------------------------------------------------------

def rd_section(ctx: Ctx, y: int | None) -> Section:
    db, lang = ctx.db, ctx.lang
    sec = Section(key="rd", title=ctx.L("sec_rd"))
    if y is None:
        sec.blocks.append(ctx.no_data(ctx.L("what_gerd")))
        return sec
    # (一) share of world: the official world aggregate (World Bank WLD) where it exists, with its coverage
    sec.children.append(rd_share_sub(ctx, y))

    # (二) intensity
    sub = Section(key="rd-intensity", title=ctx.L("sub_rd_intensity", year=y), level=2)
    rk = run(db, "rank", indicator="GB.XPD.RSDV.GD.ZS", year=y, jurisdictions=BIG)
    if rk.ok:
        df = rk.frame()
        top = df["jurisdiction"].tolist()
        sub.blocks.append(ctx.para(ctx.say(
            "rd_intensity_lead", year=y, first=ctx.jname(top[0]), first_v=fact(rk, "value", "num2", lang,
                                                                               jurisdiction=top[0]),
            usa=fact(rk, "value", "num2", lang, jurisdiction="USA"),
            chn=fact(rk, "value", "num2", lang, jurisdiction="CHN"),
            usa_name=ctx.jname("USA"), chn_name=ctx.jname("CHN")),
            movers_sentence(ctx, "intensity_movers", "GB.XPD.RSDV.GD.ZS", y, "num2")))
        ts = run(db, "wide", indicator="GB.XPD.RSDV.GD.ZS", years=list(range(y - 20, y + 1)),
                 jurisdictions=top[:6])
        if ts.result is not None and not ts.result.empty:
            long = ts.result.reset_index().melt(id_vars="jurisdiction", var_name="year", value_name="value")
            long = long.dropna().assign(name=lambda d: d["jurisdiction"].map(ctx.jname))
            long["year"] = long["year"].astype(int)
            src = ctx.source_of(rk)
            sub.blocks.append(ctx.figure("fig-rd-intensity", ctx.L("cap_rd_intensity", y0=y - 20, y1=y), src,
                                         charts.line, long, "year", "value", color="name", units="%"))
            br = run(db, "breaks", indicator="GB.XPD.RSDV.GD.ZS", date_from=y - 20, date_to=y,
                     jurisdictions=top[:6])
            if br.ok:
                sub.blocks.append(ctx.para(*[ctx.say(
                    "intensity_break", name=ctx.jname(j), years=years,
                    changes=[fact(br, "change_pct", "pct", lang, jurisdiction=j, year=t) for t in years])
                    for j, years in breaks_by_jurisdiction(br.result).items()], style="note"))
        tbl = df.assign(name=df["jurisdiction"].map(ctx.jname))
        src = ctx.source_of(rk)
        sub.blocks.append(ctx.table("tab-rd-intensity", ctx.L("tab_rd_intensity", year=y), src, tbl,
                                    {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"),
                                     "value": ctx.L("col_intensity")},
                                    {"rank": "{:d}", "value": "{:.2f}"}))
        sub.sources.append(src)
        # intensity against income per head, bubble area = R&D spending (three rank results joined by code)
        pc = run(db, "rank", indicator="NY.GDP.PCAP.CD", year=y, jurisdictions=BIG)
        gd = run(db, "rank", indicator="GERD_USD", year=y, jurisdictions=BIG)
        if pc.ok and gd.ok:
            b = df[["jurisdiction", "value"]].rename(columns={"value": "intensity"}).merge(
                pc.frame()[["jurisdiction", "value"]].rename(columns={"value": "gdp_pc"}), on="jurisdiction").merge(
                gd.frame()[["jurisdiction", "value"]].rename(columns={"value": "gerd"}), on="jurisdiction")
            b = b.assign(name=b["jurisdiction"].map(ctx.jname), gerd_bn=b["gerd"] / (1e8 if lang == "zh" else 1e9))
            src = ctx.source_of(rk, pc, gd)
            sub.blocks.append(ctx.figure("fig-rd-bubble", ctx.L("cap_rd_bubble", year=y), src, charts.bubble, b,
                                         "gdp_pc", "intensity", "gerd_bn", "name", x_title=ctx.L("axis_gdp_pc"),
                                         y_title=ctx.L("col_intensity"), size_title=ctx.L("col_gerd_money")))
    else:
        sub.blocks.append(ctx.no_data(ctx.L("what_intensity"), rk.error))
    sec.children.append(sub)

    # (三) growth against GDP, in constant national prices, breaks footnoted
    sec.children.append(rd_growth_sub(ctx, y))

    # (四) tiers
    sub = Section(key="rd-tiers", title=ctx.L("sub_rd_tiers", year=y), level=2)
    ti = run(db, "tiers", indicator="GERD_USD", year=y, jurisdictions=BIG)
    if ti.ok:
        df = ti.frame()
        by_tier: dict[int, list[str]] = {}
        for r in sorted(ti.result.rows, key=lambda r: -r.value):
            by_tier.setdefault(r.tier, []).append(r.jurisdiction)
        names = {t: [ctx.jname(j) for j in js] for t, js in by_tier.items()}
        sub.blocks.append(ctx.para(ctx.say("rd_tiers_lead", year=y, n_tiers=len(by_tier),
                                           tier1=names.get(1, []), tier2=names.get(2, []),
                                           method=ti.result.method), _tiers_detail(ctx, ti, by_tier)))
        df = df.assign(name=df["jurisdiction"].map(ctx.jname), tier_label=df["tier"].map(
            lambda t: ctx.L("tier_label", tier=int(t))), value_bn=df["value"] / (1e8 if lang == "zh" else 1e9))
        src = ctx.source_of(ti)
        sub.blocks.append(ctx.table("tab-rd-tiers", ctx.L("tab_rd_tiers", year=y), src, df,
                                    {"tier_label": ctx.L("col_tier"), "name": ctx.L("col_jurisdiction"),
                                     "value_bn": ctx.L("col_gerd_money")}, {"value_bn": "{:,.1f}"}))
        sub.sources.append(src)
    else:
        sub.blocks.append(ctx.no_data(ctx.L("what_tiers"), ti.error))
    sec.children.append(sub)
    return sec


def _tiers_detail(ctx: Ctx, ti: Any, by_tier: dict[int, list[str]]) -> Any:
    """Each tier's spending: its one member, or its largest and smallest, in the report's money unit."""
    def named(js: list[str]) -> list[dict[str, Any]]:
        return [{"name": ctx.jname(j), "v": fact(ti, "value", "money_usd", ctx.lang, jurisdiction=j)} for j in js]

    return ctx.say("rd_tiers_detail", tiers=[{"n": t, "members": named(by_tier[t])} for t in sorted(by_tier)])


def rd_share_sub(ctx: Ctx, y: int) -> Section:
    """Shares of the official world total (WLD); our sum over countries only when the publisher has none."""
    db, lang = ctx.db, ctx.lang
    sub = Section(key="rd-share", title=ctx.L("sub_rd_share", year=y), level=2)
    sh = run(db, "share", indicator="GERD_USD", year=y, of="WLD")
    official = sh.ok
    if not official:
        sh = run(db, "share", indicator="GERD_USD", year=y, of="WORLD")
    if not sh.ok:
        sub.blocks.append(ctx.no_data(ctx.L("what_gerd"), sh.error))
        return sub
    df = sh.frame().sort_values("share", ascending=False).head(TOP)
    top = df["jurisdiction"].tolist()
    second = top[1] if len(top) > 1 else None
    lead = dict(year=y, first=ctx.jname(top[0]), first_share=fact(sh, "share", "pct", lang, jurisdiction=top[0]),
                first_value=fact(sh, "value", "money_usd", lang, jurisdiction=top[0]),
                second=ctx.jname(second) if second else "",
                second_share=fact(sh, "share", "pct", lang, jurisdiction=second) if second else None,
                world_total=fact_attr(sh, "denominator", "money_usd", lang))
    if official:
        sub.blocks.append(ctx.para(
            ctx.say("rd_share_lead_wld", **lead),
            ctx.say("world_note_wld", n=fact_attr(sh, "countries_with_data", "count", lang),
                    covered=fact_attr(sh, "covered_share", "pct", lang))))
    else:
        sub.blocks.append(ctx.para(ctx.say("rd_share_lead", **lead), ctx.say("world_note", of=sh.result.of)))
    co = run(db, "concentration", indicator="GERD_USD", year=y)
    if co.ok:
        cr3 = row_of(co, measure="CR3")
        sub.blocks.append(ctx.para(ctx.say(
            "conc_line", year=y, members=[ctx.jname(j) for j in cr3["members"]],
            cr3=fact(co, "value", "pct", lang, measure="CR3"), cr10=fact(co, "value", "pct", lang, measure="CR10"),
            hhi=fact(co, "value", "int", lang, measure="HHI"))))
    df = df.assign(name=df["jurisdiction"].map(ctx.jname))
    src = ctx.source_of(sh)
    cap = ctx.L("cap_rd_share_wld", year=y) if official else ctx.L("cap_rd_share", year=y)
    sub.blocks.append(ctx.figure("fig-rd-share", cap, src, charts.bar, df, "name", "share", units="%"))
    sub.sources.append(src)
    return sub


def rd_growth_sub(ctx: Ctx, y: int) -> Section:
    """CAGR of R&D and GDP in constant national prices; a CAGR across a series break is footnoted and never
    the leader; where current US$ turns growth into decline (the yen), the sentence says so."""
    db, lang = ctx.db, ctx.lang
    y0 = y - 10
    sub = Section(key="rd-growth", title=ctx.L("sub_rd_growth", y0=y0, y1=y), level=2)
    gr = run(db, "growth", indicator="GERD_USD", date_from=y0, date_to=y, vs="NY.GDP.MKTP.CD", jurisdictions=BIG)
    if not gr.ok:
        sub.blocks.append(ctx.no_data(ctx.L("what_growth"), gr.error))
        return sub
    df = gr.frame()
    clean_rows = [r for r in gr.result.rows if not r.breaks and r.gap_pp is not None]
    broken = [r for r in gr.result.rows if r.breaks]
    sents = []
    if clean_rows:
        hi = clean_rows[0].jurisdiction
        slower = [r.jurisdiction for r in gr.result.rows if r.gap_pp is not None and r.gap_pp < 0]
        sents.append(ctx.say("rd_growth_lead_real", y0=y0, y1=y, first=ctx.jname(hi),
                             first_cagr=fact(gr, "cagr", "num1", lang, jurisdiction=hi),
                             first_gap=fact(gr, "gap_pp", "pp", lang, jurisdiction=hi),
                             slower=[ctx.jname(j) for j in slower]))
    for r in broken:
        sents.append(ctx.say("growth_break", name=ctx.jname(r.jurisdiction), years=r.breaks,
                             cagr=fact(gr, "cagr", "num1", lang, jurisdiction=r.jurisdiction)))
    cur = run(db, "growth", indicator="GERD_USD", date_from=y0, date_to=y, jurisdictions=BIG, prices="current")
    if cur.ok:
        real = {r.jurisdiction: r for r in gr.result.rows}
        flipped = [r.jurisdiction for r in cur.result.rows
                   if r.jurisdiction in real and r.cagr < 0 <= real[r.jurisdiction].cagr]
        if flipped:
            sents.append(ctx.say("growth_fx", y0=y0, y1=y, rows=[
                {"name": ctx.jname(j), "cur": fact(cur, "cagr", "num1", lang, jurisdiction=j),
                 "real": fact(gr, "cagr", "num1", lang, jurisdiction=j)} for j in flipped]))
    sub.blocks.append(ctx.para(*sents))
    df = df.assign(name=df["jurisdiction"].map(ctx.jname),
                   note=df["breaks"].map(lambda b: ctx.L("break_cell", years=list(b)) if len(b) else ""))
    mark = ("" if lang == "zh" else " ") + ctx.L("break_mark")
    marked = df.assign(name=[n + (mark if len(b) else "") for n, b in zip(df["name"], df["breaks"], strict=True)])
    long = pd.concat([
        marked[["name", "cagr"]].rename(columns={"cagr": "v"}).assign(s=ctx.L("series_rd")),
        marked[["name", "vs_cagr"]].rename(columns={"vs_cagr": "v"}).assign(s=ctx.L("series_gdp"))])
    src = ctx.source_of(gr, extra=ctx.L("prices_constant_src", year=y))
    sub.blocks.append(ctx.figure("fig-rd-growth", ctx.L("cap_rd_growth_real", y0=y0, y1=y), src, charts.grouped_hbar,
                                 long, "name", "v", "s", units=ctx.L("unit_pct_year")))
    sub.blocks.append(ctx.table("tab-rd-growth", ctx.L("tab_rd_growth_real", y0=y0, y1=y), src, df,
                                {"name": ctx.L("col_jurisdiction"), "cagr": ctx.L("col_rd_cagr"),
                                 "vs_cagr": ctx.L("col_gdp_cagr"), "gap_pp": ctx.L("col_gap"),
                                 "note": ctx.L("col_break")},
                                {"cagr": "{:.1f}", "vs_cagr": "{:.1f}", "gap_pp": "{:+.1f}"}))
    sub.blocks.append(ctx.para(ctx.say("growth_method", y1=y, tested=gr.result.breaks_tested or "", k=f"{breaks_rule.K:g}",
                                       jump=f"{breaks_rule.MIN_JUMP:.0%}"), style="note"))
    sub.sources.append(src)
    return sub


# -- patents -----------------------------------------------------------------------------------------------

PAT_TOP = 20


def patent_section(ctx: Ctx, year: int) -> Section:
    """PCT top 20 then and now, with the EU (EPO route) as a row of its own and shares of NCSES's world total;
    resident applications (WIPO via WDI) show where Germany stands when the EPO route is not in the way."""
    db, lang = ctx.db, ctx.lang
    sec = Section(key="patents", title=ctx.L("sec_patents"))
    code = pick_indicator(db, ["NCSES.PCT.TOTAL", "NCSES.PCT.ALL", "IP.PAT.RESD"])
    y = latest_year(db, code, year) if code else None
    if code is None or y is None:
        sec.blocks.append(ctx.no_data(ctx.L("what_patents")))
        return sec
    y0 = y - 10
    kinds = ["country", "territory", "supranational"]
    rk = run(db, "rank", indicator=code, year=y, compare_year=y0, top=PAT_TOP, kind=kinds)
    if not rk.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_patents"), rk.error))
        return sec
    df = rk.frame()
    ranked = [j for j in df["jurisdiction"] if j != "EU"]
    first, second = ranked[0], ranked[1] if len(ranked) > 1 else None
    sh = run(db, "share", indicator=code, year=y, of="WLD", jurisdictions=[j for j in (first, second, "EU") if j])
    sents: list[Sentence | None] = []
    if sh.ok:
        has_eu = any(r.jurisdiction == "EU" for r in sh.result.rows)
        sents.append(ctx.say(
            "patent_lead_wld", year=y, indicator=ctx.L("ind_name", code=code), first=ctx.jname(first),
            first_v=fact(sh, "value", "int", lang, jurisdiction=first),
            first_share=fact(sh, "share", "pct", lang, jurisdiction=first),
            world_total=fact_attr(sh, "denominator", "int", lang),
            second=ctx.jname(second) if second else "",
            second_share=fact(sh, "share", "pct", lang, jurisdiction=second) if second else None,
            eu_v=fact(sh, "value", "int", lang, jurisdiction="EU") if has_eu else None,
            eu_share=fact(sh, "share", "pct", lang, jurisdiction="EU") if has_eu else None))
    else:
        sents.append(ctx.say(
            "patent_lead", year=y, indicator=ctx.L("ind_name", code=code), first=ctx.jname(first),
            first_v=fact(rk, "value", "int", lang, jurisdiction=first),
            first_share=fact(rk, "share", "pct", lang, jurisdiction=first),
            top_share=fact_attr(rk, "top_share", "pct", lang), top=PAT_TOP))
    if "EU" in set(df["jurisdiction"]) and "DEU" in set(df["jurisdiction"]):
        sents.append(ctx.say("epo_note", deu=ctx.jname("DEU"), deu_v=fact(rk, "value", "int", lang, jurisdiction="DEU")))
    movers = df[df["jurisdiction"] != "EU"].dropna(subset=["rank_change"]).sort_values("rank_change", ascending=False)
    up = movers.iloc[0]["jurisdiction"] if not movers.empty and movers.iloc[0]["rank_change"] > 0 else None
    sents.append(ctx.say("patent_mover", y0=y0, y1=y, name=ctx.jname(up) if up else "",
                         r0=fact(rk, "compare_rank", "rank", lang, jurisdiction=up) if up else None,
                         r1=fact(rk, "rank", "rank", lang, jurisdiction=up) if up else None,
                         entered=[ctx.jname(j) for j in rk.result.entered_top if j != "EU"]))
    eu = set(registry().expand("EU27"))  # their PCT filings through the EPO are credited to the EU
    sents.append(movers_sentence(ctx, "patent_movers", code, y, "int", peers=[j for j in PEERS if j not in eu]))
    sec.blocks.append(ctx.para(*sents))
    src = ctx.source_of(rk, sh) if sh.ok else ctx.source_of(rk)
    d2 = df.assign(name=df["jurisdiction"].map(lambda j: ctx.L("eu_epo") if j == "EU" else ctx.jname(j)))
    if sh.ok:  # shares of the world total, not of the ranked rows
        d2 = d2.assign(share=d2["value"] / sh.result.denominator * 100)
    sec.blocks.append(ctx.figure("fig-patent-slope", ctx.L("cap_patent_slope", y0=y0, y1=y, top=PAT_TOP), src,
                                 charts.slope, d2, "name", "compare_rank", "rank", y0, y))
    sec.blocks.append(ctx.table("tab-patents", ctx.L("tab_patents", year=y, top=PAT_TOP), src, d2,
                                {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"),
                                 "value": ctx.L("col_applications"), "share": ctx.L("col_share"),
                                 "compare_rank": ctx.L("col_rank_year", year=y0)},
                                {"rank": "{:d}", "value": "{:,.0f}", "share": "{:.1f}", "compare_rank": "{:.0f}"}))
    sec.sources.append(src)
    if code != "IP.PAT.RESD":
        sec.blocks.extend(_resident_patents(ctx, year))
    return sec


def _resident_patents(ctx: Ctx, year: int) -> list[Any]:
    """Resident patent applications (WIPO via WDI): national offices, no EPO-route attribution problem."""
    db, lang = ctx.db, ctx.lang
    y = latest_year(db, "IP.PAT.RESD", year)
    if y is None:
        return []
    allr = run(db, "rank", indicator="IP.PAT.RESD", year=y)  # every country: Germany's place, then the top
    if not allr.ok or not any(r.jurisdiction == "DEU" for r in allr.result.rows):
        return []
    rk, df = allr, allr.frame().head(TOP)
    first = df.iloc[0]["jurisdiction"]
    out: list[Any] = [ctx.para(ctx.say(
        "pat_resd_lead", year=y, deu=ctx.jname("DEU"), deu_rank=fact(allr, "rank", "rank", lang, jurisdiction="DEU"),
        deu_v=fact(allr, "value", "int", lang, jurisdiction="DEU"), first=ctx.jname(first),
        first_v=fact(rk, "value", "int", lang, jurisdiction=first)))]
    src = ctx.source_of(rk)
    out.append(ctx.table("tab-patents-resident", ctx.L("tab_pat_resd", year=y, top=TOP), src,
                         df.assign(name=df["jurisdiction"].map(ctx.jname)),
                         {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"),
                          "value": ctx.L("col_applications")}, {"rank": "{:d}", "value": "{:,.0f}"}))
    return out


# -- collaboration -------------------------------------------------------------------------------------------

def collaboration_section(ctx: Ctx, year: int, ev_from: str, ev_to: str) -> Section:
    db, lang = ctx.db, ctx.lang
    sec = Section(key="collab", title=ctx.L("sec_collab"))
    y = latest_edge_year(ctx, year)
    sub = Section(key="collab-net", title=ctx.L("sub_collab_net", year=y or year), level=2)
    net = run(db, "network", edges="OPENALEX.COAUTHOR", year=y, top=15) if y else None
    if net is not None and net.ok:
        nodes = net.frame()
        edges = pd.DataFrame([e.model_dump() if hasattr(e, "model_dump") else dict(e)
                              for e in getattr(net.result, "edges", [])])
        first = nodes.sort_values("strength", ascending=False).iloc[0]["jurisdiction"]
        sub.blocks.append(ctx.para(ctx.say(
            "net_lead", year=y, first=ctx.jname(first),
            strength=fact(net, "strength", "int", lang, jurisdiction=first),
            degree=fact(net, "degree", "int", lang, jurisdiction=first),
            partner=ctx.jname(str(nodes.set_index("jurisdiction").at[first, "top_partner"]))),
            _net_focus(ctx, net, nodes, first)))
        src = ctx.source_of(net)
        nodes = nodes.assign(name=nodes["jurisdiction"].map(ctx.jname))
        strongest = edges.sort_values("value", ascending=False).head(40) if not edges.empty else edges
        sub.blocks.append(ctx.figure("fig-network", ctx.L("cap_network", year=y), src, charts.network, nodes,
                                     strongest, label="name"))
        cols = {"name": ctx.L("col_jurisdiction"), "strength": ctx.L("col_strength"),
                "degree": ctx.L("col_degree")}
        fmts = {"strength": "{:,.0f}", "degree": "{:d}"}
        if "share" in nodes.columns:
            cols["share"] = ctx.L("col_share")
            fmts["share"] = "{:.1f}"
        sub.blocks.append(ctx.table("tab-network", ctx.L("tab_network", year=y), src,
                                    nodes.sort_values("strength", ascending=False).head(TOP), cols, fmts))
        sub.sources.append(src)
    else:
        sub.blocks.append(ctx.no_data(ctx.L("what_network"), net.error if net else None))
    sec.children.append(sub)

    sub = Section(key="collab-partners", title=ctx.L("sub_partners", year=y or year), level=2)
    for j in ("USA", "CHN"):
        tp = run(db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction=j, year=y, n=5) if y else None
        if tp is not None and tp.ok:
            df = tp.frame()
            pcol = "partner" if "partner" in df.columns else df.columns[0]
            p1 = df.iloc[0][pcol]
            sub.blocks.append(ctx.para(ctx.say(
                "partners_lead", name=ctx.jname(j), year=y, partner=ctx.jname(p1),
                value=fact(tp, "value", "int", lang, **{pcol: p1}),
                share=fact(tp, "share", "pct", lang, **{pcol: p1}) if "share" in df.columns else None),
                ctx.say("partners_more", rest=[{"name": ctx.jname(p), "v": fact(tp, "value", "int", lang, **{pcol: p})}
                                               for p in df[pcol].iloc[1:3]]) if len(df) > 1 else None))
            df = df.assign(name=df[pcol].map(ctx.jname))
            cols = {"name": ctx.L("col_partner"), "value": ctx.L("col_coauthored")}
            fmts = {"value": "{:,.0f}"}
            if "share" in df.columns:
                cols["share"] = ctx.L("col_share")
                fmts["share"] = "{:.1f}"
            src = ctx.source_of(tp)
            sub.blocks.append(ctx.table(f"tab-partners-{j}", ctx.L("tab_partners", name=ctx.jname(j), year=y), src,
                                        df, cols, fmts))
            sub.sources.append(src)
        else:
            sub.blocks.append(ctx.no_data(ctx.L("what_partners", name=ctx.jname(j)), tp.error if tp else None))
    sec.children.append(sub)

    sub = Section(key="collab-events", title=ctx.L("sub_coop_events"), level=2)
    sub.blocks.extend(cooperation_events(ctx, ev_from, ev_to))
    sub.sources.append(ctx.events_source())
    sec.children.append(sub)
    return sec


def _net_focus(ctx: Ctx, net: Any, nodes: pd.DataFrame, hub: str) -> Any:
    """China's place in the network when it is not the hub (the hub has its own sentence)."""
    if hub == FOCUS or FOCUS not in set(nodes["jurisdiction"]):
        return None
    partner = nodes.set_index("jurisdiction").at[FOCUS, "top_partner"]
    return ctx.say("net_focus", name=ctx.jname(FOCUS), strength=fact(net, "strength", "int", ctx.lang, jurisdiction=FOCUS),
                   degree=fact(net, "degree", "int", ctx.lang, jurisdiction=FOCUS), partner=ctx.jname(str(partner)))


def latest_edge_year(ctx: Ctx, year: int) -> int | None:
    for y in range(year, year - 8, -1):
        r = run(ctx.db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction="USA", year=y, n=1)
        if r.ok:
            return y
    return None


# -- talent -------------------------------------------------------------------------------------------------

def talent_section(ctx: Ctx, year: int) -> Section:
    db, lang = ctx.db, ctx.lang
    sec = Section(key="talent", title=ctx.L("sec_talent"))
    for code, key, kind in (("SP.POP.SCIE.RD.P6", "researchers", "int"), ("SE.TER.ENRR", "tertiary", "num1")):
        y = latest_year(db, code, year, min_rows=15)
        sub = Section(key=f"talent-{key}", title=ctx.L(f"sub_{key}", year=y or year), level=2)
        rk = run(db, "rank", indicator=code, year=y, jurisdictions=BIG) if y else None
        if y is not None and rk is not None and rk.ok:
            df = rk.frame()
            first = df.iloc[0]["jurisdiction"]
            sub.blocks.append(ctx.para(ctx.say(
                f"{key}_lead", year=y, first=ctx.jname(first), first_v=fact(rk, "value", kind, lang,
                                                                            jurisdiction=first),
                chn=fact(rk, "value", kind, lang, jurisdiction="CHN"), chn_name=ctx.jname("CHN"),
                usa=fact(rk, "value", kind, lang, jurisdiction="USA"), usa_name=ctx.jname("USA"),
                n=fact(rk, "rank", "rank", lang, jurisdiction="CHN"), total=len(df)),
                movers_sentence(ctx, f"{key}_movers", code, y, kind)))
            src = ctx.source_of(rk)
            sub.blocks.append(ctx.figure(f"fig-{key}", ctx.L(f"cap_{key}", year=y), src, charts.bar,
                                         df.assign(name=df["jurisdiction"].map(ctx.jname)), "name", "value",
                                         units=ctx.L(f"unit_{key}"), value_format=",.0f" if kind == "int" else ",.1f"))
            sub.sources.append(src)
        else:
            sub.blocks.append(ctx.no_data(ctx.L(f"what_{key}"), rk.error if rk else None))
        sec.children.append(sub)
    return sec


# -- composite index ------------------------------------------------------------------------------------------

INDEX_SPEC = "digital_industry_strength.json"


def index_section(ctx: Ctx) -> Section:
    """The bundled composite index (analysis.index) with its Monte Carlo rank intervals."""
    db, lang = ctx.db, ctx.lang
    sec = Section(key="index", title=ctx.L("sec_index"))
    ix = run(db, "index", spec=INDEX_SPEC)
    if not ix.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_index"), ix.error))
        return sec
    spec = ix.result.spec
    name = spec.name_zh if lang == "zh" else spec.name_en
    df = ix.frame().sort_values("rank")
    top = df["jurisdiction"].head(3).tolist()
    sents = [ctx.say("index_lead", name=name, year=spec.year, n=len(df), n_ind=len(spec.indicators),
                     top=[{"name": ctx.jname(j), "score": fact(ix, "score", "num1", lang, jurisdiction=j)} for j in top])]
    if "CHN" in set(df["jurisdiction"]):
        sents.append(ctx.say("index_focus", name=ctx.jname("CHN"),
                             rank=fact(ix, "rank", "rank", lang, jurisdiction="CHN"),
                             score=fact(ix, "score", "num1", lang, jurisdiction="CHN"),
                             p05=fact(ix, "rank_p05", "rank", lang, jurisdiction="CHN"),
                             p95=fact(ix, "rank_p95", "rank", lang, jurisdiction="CHN")))
    sec.blocks.append(ctx.para(*sents))
    runs = spec.monte_carlo.runs if spec.monte_carlo else 0
    sec.blocks.append(ctx.para(ctx.say("index_method", n_ind=len(spec.indicators), runs=f"{runs:,}"), style="note"))
    src = ctx.source_of(ix)
    d = df.head(15).assign(name=lambda f: f["jurisdiction"].map(ctx.jname),
                           interval=lambda f: f.apply(lambda r: f"{r['rank_p05']:.0f}–{r['rank_p95']:.0f}"
                                                      if r["rank_p05"] == r["rank_p05"] else "—", axis=1))
    sec.blocks.append(ctx.figure("fig-index", ctx.L("cap_index", name=name, year=spec.year), src, charts.bar, d,
                                 "name", "score", units=ctx.L("col_score")))
    sec.blocks.append(ctx.table("tab-index", ctx.L("tab_index", name=name, year=spec.year), src, d,
                                {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"),
                                 "score": ctx.L("col_score"), "median_rank": ctx.L("col_median_rank"),
                                 "interval": ctx.L("col_interval")},
                                {"rank": "{:d}", "score": "{:.1f}", "median_rank": "{:.0f}"}))
    return sec


# -- what changed -------------------------------------------------------------------------------------------

def changes_section(ctx: Ctx, year: int, data_year: int | None) -> Section:
    db, lang = ctx.db, ctx.lang
    sec = Section(key="changes", title=ctx.L("sec_changes"))
    items = []
    # events this year against the year before
    cnt = run(db, "counts", by=("year",), date_from=f"{year - 1}-01-01", date_to=f"{year}-12-31",
              **_review_kw(ctx))
    if cnt.ok:
        df = counts_frame(cnt)
        ncol = "n"
        has = set(df["year"].astype(int))
        if year in has and year - 1 in has:
            items.append(ctx.say("changes_events", y0=year - 1, y1=year,
                                 n0=fact(cnt, ncol, "count", lang, year=year - 1),
                                 n1=fact(cnt, ncol, "count", lang, year=year)))
    if data_year:
        y0 = data_year - 5
        rk = run(db, "rank", indicator="GERD_USD", year=data_year, compare_year=y0, top=TOP)
        if rk.ok:
            items.append(ctx.say("changes_rd_top", y0=y0, y1=data_year, top=TOP,
                                 s0=fact_attr(rk, "compare_top_share", "pct", lang),
                                 s1=fact_attr(rk, "top_share", "pct", lang),
                                 entered=[ctx.jname(j) for j in rk.result.entered_top],
                                 left=[ctx.jname(j) for j in rk.result.left_top]))
            movers = [r for r in rk.result.rows if r.rank_change]
            movers.sort(key=lambda r: -abs(r.rank_change or 0))
            for r in movers[:3]:
                items.append(ctx.say("changes_rank", name=ctx.jname(r.jurisdiction), y0=y0, y1=data_year,
                                     r0=fact(rk, "compare_rank", "rank", lang, jurisdiction=r.jurisdiction),
                                     r1=fact(rk, "rank", "rank", lang, jurisdiction=r.jurisdiction)))
            src = ctx.source_of(rk)
            sec.sources.append(src)
    if items:
        from policyscope.report.model import ItemsBlock

        sec.blocks.append(ctx.para(ctx.say("changes_lead", year=year)))
        sec.blocks.append(ItemsBlock(items=items))
    else:
        sec.blocks.append(ctx.no_data(ctx.L("what_changes")))
    return sec


def _review_kw(ctx: Ctx) -> dict[str, Any]:
    return {"include_auto": ctx.review_states is None}
