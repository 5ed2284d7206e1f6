"""``country`` (a jurisdiction profile, with 004 表1–3's supply / demand / environment policy tools) and
``compare`` (two or more jurisdictions side by side)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from policyscope.errors import InputError
from policyscope.model import registry
from policyscope.model.taxonomy import ecosystem_frame
from policyscope.report import charts
from policyscope.report.context import Ctx
from policyscope.report.model import Report, Section
from policyscope.report.narrative import fact, fact_attr, join_en, run, say_from
from policyscope.report.types.chapters import country_chapter, finding_years, policies_sentence, unique_rows
from policyscope.report.types.common import (
    count_kw,
    event_rows,
    event_table,
    evidence_notes,
    states_used,
)
from policyscope.report.types.names import cited, translated

PROFILE_INDICATORS = ["GB.XPD.RSDV.GD.ZS", "SP.POP.SCIE.RD.P6", "IP.PAT.RESD", "IP.JRN.ARTC.SC",
                      "TX.VAL.TECH.MF.ZS", "SE.TER.ENRR", "IT.NET.BBND.P2"]
DEFAULT_PEERS = ["USA", "CHN", "JPN", "DEU", "KOR", "GBR", "FRA"]


def resolve(names: list[str]) -> list[str]:
    reg = registry()
    out: list[str] = []
    for n in names:
        for part in str(n).replace("，", ",").split(","):
            if part.strip():
                c = reg.resolve_code(part.strip())
                if c not in out:
                    out.append(c)
    return out


def ind_label(ctx: Ctx, code: str) -> str:
    col = "name_zh" if ctx.lang == "zh" else "name_en"
    v = ctx.db.scalar(f"SELECT {col} FROM main.indicators WHERE code = ?", [code])
    return str(v) if v else code


def _cover(ctx: Ctx) -> list[str]:
    return [ctx.L("review_scope", states=[ctx.review_name(s) for s in states_used(ctx)])]


# -- country ---------------------------------------------------------------------------------------------

def build_country(ctx: Ctx, jurisdiction: str, year: int | None = None, peers: list[str] | None = None,
                  date_from: str | None = None, date_to: str | None = None) -> Report:
    code = resolve([jurisdiction])[0]
    year = year or date.today().year - 1
    peers = [p for p in (resolve(peers) if peers else DEFAULT_PEERS) if p != code][:5]
    d0 = date_from or f"{year - 9}-01-01"
    d1 = date_to or f"{year}-12-31"
    name = ctx.jname(code)
    sections = [
        *findings_section(ctx, code, d0, d1, year),
        timeline_section(ctx, code, d0, d1),
        tools_section(ctx, code, d0, d1),
        indicators_section(ctx, [code, *peers], year, focus=code, key="indicators"),
        partners_section(ctx, [code], year),
    ]
    title = ctx.L("country_title", name=name)
    return Report(kind="country", lang=ctx.lang, title=title, subtitle=ctx.L("flagship_subtitle", year=year),
                  issuer=ctx.L("issuer"), date=date.today().isoformat(), running_header=title,
                  cover_lines=_cover(ctx), sections=sections,
                  params={"jurisdiction": code, "year": year, "peers": peers, "from": d0, "to": d1}).number()


def findings_section(ctx: Ctx, code: str, d0: str, d1: str, year: int) -> list[Section]:
    """The country's own chapter, as the flagship writes it: instruments, domains, landmark policies in the
    report's language, and its indicators against the major economies with rank changes."""
    ch = country_chapter(ctx, code, 0, d0, d1, finding_years(ctx, year))
    if ch is None:
        return []
    return [Section(key=f"findings-{code}", title=say_from("chapters", ctx.lang, "pf_title", name=ctx.jname(code)).text,
                    blocks=ch.blocks)]


def timeline_section(ctx: Ctx, code: str, d0: str, d1: str) -> Section:
    lang = ctx.lang
    name = ctx.jname(code)
    sec = Section(key=f"timeline-{code}", title=ctx.L("sec_timeline", name=name))
    cnt = run(ctx.db, "counts", by=("year",), date_from=d0, date_to=d1, jurisdictions=[code],
              **count_kw(ctx))
    if not cnt.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_timeline", name=name), cnt.error))
        return sec
    f = cnt.frame()
    peak = f.sort_values(["n", "year"], ascending=[False, False]).iloc[0]
    newest = event_rows(ctx, d0, d1, jurisdiction=code, limit=1)
    # (the newest event by its name in the report's language; one without is not named in 《》)
    latest = (translated(ctx, newest.iloc[0]) or "") if not newest.empty else ""
    latest_date = str(newest.iloc[0]["date"])[:10] if not newest.empty else ""
    ev = unique_rows(event_rows(ctx, d0, d1, jurisdiction=code, limit=40, weightiest=True), 15)
    sec.blocks.append(ctx.para(ctx.say("timeline_lead", name=name, d0=d0[:4], d1=d1[:4],
                                       events=fact_attr(cnt, "events", "count", lang), peak_year=int(peak["year"]),
                                       peak_n=fact(cnt, "n", "count", lang, year=int(peak["year"])),
                                       latest=latest, latest_date=latest_date)))
    src = ctx.events_source()
    sec.blocks.append(ctx.figure(f"fig-timeline-{code}", ctx.L("cap_timeline", name=name, d0=d0[:4], d1=d1[:4]), src,
                                 charts.bar, _all_years(f, int(d0[:4]), int(d1[:4])), "y", "n", horizontal=False, ranked=False,
                                 units=ctx.L("unit_events"), value_format="d"))
    if not ev.empty:
        sec.blocks.append(event_table(ctx, f"tab-timeline-{code}", ctx.L("tab_timeline", name=name), ev,
                                      with_jurisdiction=False))
        notes = evidence_notes(ctx, ev)
        if notes:
            sec.blocks.append(notes)
    return sec


def _all_years(f: pd.DataFrame, y0: int, y1: int) -> pd.DataFrame:
    """Counts per year with the years without any event shown as 0 events (a count, not a missing value)."""
    s = f.set_index(f["year"].astype(int))["n"].reindex(range(y0, y1 + 1), fill_value=0)
    return pd.DataFrame({"y": [str(y) for y in s.index], "n": s.to_numpy()})


def tools_section(ctx: Ctx, code: str, d0: str, d1: str) -> Section:
    """004 表1–3: the jurisdiction's policy tools on the supply, demand and environment side."""
    lang = ctx.lang
    name = ctx.jname(code)
    sec = Section(key=f"tools-{code}", title=ctx.L("sec_tools", name=name))
    cnt = run(ctx.db, "counts", by=("type",), date_from=d0, date_to=d1, jurisdictions=[code],
              **count_kw(ctx))
    if not cnt.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_tools", name=name), cnt.error))
        return sec
    have = set(cnt.frame()["type"])
    rows: list[dict[str, Any]] = []
    sentences = []
    for tool in ecosystem_frame()["policy_tools"]:
        tname = tool["zh"] if lang == "zh" else tool["en"]
        parts = []
        examples: list[str] = []
        for t in tool["event_types"]:
            if t not in have:
                continue
            parts.append({"type": ctx.tname(t), "n": fact(cnt, "n", "count", lang, type=t)})
            ev = event_rows(ctx, d0, d1, jurisdiction=code, type=t, limit=2, weightiest=True)
            examples += [cited(ctx, r, whose=False) for _, r in ev.iterrows()]
        sentences.append(ctx.say("tools_line", tool=tname, parts=parts))
        rows.append({"tool": tname, "types": "、".join(p["type"] for p in parts) if lang == "zh"
                     else ", ".join(p["type"] for p in parts),
                     "n": " / ".join(p["n"].display for p in parts) or "—",
                     "examples": ("；" if lang == "zh" else "; ").join(examples[:3]) or "—"})
    sec.blocks.append(ctx.para(ctx.say("tools_lead", name=name, d0=d0[:4], d1=d1[:4]), *sentences))
    sec.blocks.append(ctx.table(f"tab-tools-{code}", ctx.L("tab_tools", name=name), ctx.events_source(),
                                pd.DataFrame(rows), {"tool": ctx.L("col_tool"), "types": ctx.L("col_type"),
                                                     "n": ctx.L("col_events"), "examples": ctx.L("col_examples")}))
    return sec


def indicators_section(ctx: Ctx, codes: list[str], year: int, focus: str | None, key: str) -> Section:
    lang = ctx.lang
    sec = Section(key=key, title=ctx.L("sec_indicators"))
    rd = run(ctx.db, "radar", jurisdictions=codes, indicators=PROFILE_INDICATORS, year=year, latest_within=5)
    if not rd.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_radar"), rd.error))
        return sec
    df = rd.frame()
    have = df.dropna(subset=["value"])
    if focus and have[have["jurisdiction"] == focus].empty:
        sec.blocks.append(ctx.no_data(ctx.L("what_indicators", name=ctx.jname(focus))))
    if have.empty:
        return sec
    who = focus if focus and not have[have["jurisdiction"] == focus].empty else codes[0]
    mine = have[have["jurisdiction"] == who].sort_values("score", ascending=False)
    if focus is None:  # compare: who leads and who trails on each indicator
        leaders = _leaders(ctx, rd, have)
        if leaders:
            sec.blocks.append(ctx.para(say_from("chapters", lang, "cmp_leaders", year=year, rows=leaders)))
    elif not mine.empty:
        best, worst = mine.iloc[0]["indicator"], mine.iloc[-1]["indicator"]
        sec.blocks.append(ctx.para(ctx.say(
            "radar_lead", name=ctx.jname(who), peers=[ctx.jname(c) for c in codes if c != who], year=year,
            best=ind_label(ctx, best), best_score=fact(rd, "score", "num1", lang, jurisdiction=who, indicator=best),
            best_value=fact(rd, "value", "num1" if abs(float(mine.iloc[0]["value"])) < 1000 else "int", lang,
                            jurisdiction=who, indicator=best),
            worst=ind_label(ctx, worst),
            worst_score=fact(rd, "score", "num1", lang, jurisdiction=who, indicator=worst))))
    src = ctx.source_of(rd)
    plot = have.assign(axis=have["indicator"].map(lambda c: short_label(ctx, c)),
                       series=have["jurisdiction"].map(ctx.jname))
    sec.blocks.append(ctx.figure(f"fig-radar-{key}", ctx.L("cap_radar", year=year), src, charts.radar, plot,
                                 "axis", "score", "series", units=ctx.L("col_score")))
    wide = df.assign(name=df["jurisdiction"].map(ctx.jname)).pivot_table(
        index="indicator", columns="name", values="value", aggfunc="first").reindex(PROFILE_INDICATORS)
    wide = wide.reset_index().assign(ind=lambda d: d["indicator"].map(lambda c: ind_label(ctx, c)))
    names = [ctx.jname(c) for c in codes if ctx.jname(c) in wide.columns]
    sec.blocks.append(ctx.table(f"tab-indicators-{key}", ctx.L("tab_indicators", year=year), src, wide,
                                {"ind": ctx.L("col_indicator"), **{n: n for n in names}},
                                {n: "{:,.1f}" for n in names}))
    return sec


def _leaders(ctx: Ctx, rd: Any, have: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for code in PROFILE_INDICATORS:
        f = have[have["indicator"] == code].sort_values("value", ascending=False)
        if len(f) < 2:
            continue
        top, low = f.iloc[0]["jurisdiction"], f.iloc[-1]["jurisdiction"]
        kind = "num1" if abs(float(f.iloc[0]["value"])) < 1000 else "int"
        out.append({"ind": short_label(ctx, code), "top": ctx.jname(top), "low": ctx.jname(low),
                    "top_v": fact(rd, "value", kind, ctx.lang, jurisdiction=top, indicator=code),
                    "low_v": fact(rd, "value", kind, ctx.lang, jurisdiction=low, indicator=code)})
    return out


def landmarks_section(ctx: Ctx, codes: list[str], d0: str, d1: str) -> Section:
    """Each economy's weightiest policies, in the report's language, each in its own sentence frame."""
    names = "、".join(ctx.jname(c) for c in codes) if ctx.lang == "zh" else join_en([ctx.jname(c) for c in codes])
    sec = Section(key="cmp-landmarks", title=say_from("chapters", ctx.lang, "pf_landmarks_title", name=names).text)
    for i, c in enumerate(codes):
        st = policies_sentence(ctx, c, i, ctx.jname(c), d0, d1)
        if st is not None:
            sec.blocks.append(ctx.para(st))
    if not sec.blocks:
        sec.blocks.append(ctx.no_data(sec.title))
    return sec


def partners_compare_section(ctx: Ctx, codes: list[str], year: int) -> Section:
    """The first co-authorship partner of each economy in one contrast, then each one's table."""
    sec = partners_section(ctx, codes, year, lead=False)
    rows, firsts = [], []
    for code in codes:
        for y in range(min(year, date.today().year), year - 6, -1):
            tp = run(ctx.db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction=code, year=y, n=8)
            if tp.ok:
                p1 = tp.frame().iloc[0]["partner"]
                firsts.append(p1)
                rows.append({"name": ctx.jname(code), "partner": ctx.jname(p1),
                             "value": fact(tp, "value", "int", ctx.lang, partner=p1),
                             "share": fact(tp, "share", "pct", ctx.lang, partner=p1)})
                break
    shared = next((ctx.jname(p) for p in dict.fromkeys(firsts) if firsts.count(p) > 1), None)
    if rows:
        sec.blocks.insert(0, ctx.para(say_from("chapters", ctx.lang, "cmp_partners", year=year, rows=rows, shared=shared)))
    return sec


SHORT = {"GB.XPD.RSDV.GD.ZS": ("研发强度", "R&D intensity"), "SP.POP.SCIE.RD.P6": ("研发人员", "Researchers"),
         "IP.PAT.RESD": ("专利申请", "Patents"), "IP.JRN.ARTC.SC": ("科技论文", "Articles"),
         "TX.VAL.TECH.MF.ZS": ("高技术出口", "High-tech exports"), "SE.TER.ENRR": ("高等教育", "Tertiary"),
         "IT.NET.BBND.P2": ("宽带", "Broadband")}


def short_label(ctx: Ctx, code: str) -> str:
    s = SHORT.get(code)
    return (s[0] if ctx.lang == "zh" else s[1]) if s else code


def partners_section(ctx: Ctx, codes: list[str], year: int, lead: bool = True) -> Section:
    lang = ctx.lang
    sec = Section(key="partners-" + "-".join(codes), title=ctx.L("sec_partners"))
    for code in codes:
        name = ctx.jname(code)
        tp = None
        for y in range(min(year, date.today().year), year - 6, -1):
            tp = run(ctx.db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction=code, year=y, n=8)
            if tp.ok:
                break
        if tp is None or not tp.ok:
            sec.blocks.append(ctx.no_data(ctx.L("what_partners", name=name), tp.error if tp else None))
            continue
        y = tp.kwargs["year"]
        df = tp.frame()
        p1 = df.iloc[0]["partner"]
        if lead:
            sec.blocks.append(ctx.para(ctx.say("partners_lead", name=name, year=y, partner=ctx.jname(p1),
                                               value=fact(tp, "value", "int", lang, partner=p1),
                                               share=fact(tp, "share", "pct", lang, partner=p1))))
        src = ctx.source_of(tp)
        sec.blocks.append(ctx.table(f"tab-partners-{code}", ctx.L("tab_partners", name=name, year=y), src,
                                    df.assign(name=df["partner"].map(ctx.jname)),
                                    {"rank": ctx.L("col_rank"), "name": ctx.L("col_partner"),
                                     "value": ctx.L("col_coauthored"), "share": ctx.L("col_share")},
                                    {"rank": "{:d}", "value": "{:,.0f}", "share": "{:.1f}"}))
    return sec


# -- compare ---------------------------------------------------------------------------------------------

def build_compare(ctx: Ctx, jurisdictions: list[str], year: int | None = None, date_from: str | None = None,
                  date_to: str | None = None) -> Report:
    codes = resolve(jurisdictions)
    if len(codes) < 2:
        raise InputError(f"compare needs two or more jurisdictions; got {', '.join(codes) or 'none'}")
    year = year or date.today().year - 1
    d0 = date_from or f"{year - 9}-01-01"
    d1 = date_to or f"{year}-12-31"
    names = [ctx.jname(c) for c in codes]
    sections = [indicators_section(ctx, codes, year, focus=None, key="cmp-indicators"),
                growth_section(ctx, codes, year), events_compare_section(ctx, codes, d0, d1),
                landmarks_section(ctx, codes, d0, d1), partners_compare_section(ctx, codes, year)]
    title = ctx.L("compare_title", names=names)
    return Report(kind="compare", lang=ctx.lang, title=title, subtitle=ctx.L("flagship_subtitle", year=year),
                  issuer=ctx.L("issuer"), date=date.today().isoformat(), running_header=title,
                  cover_lines=_cover(ctx), sections=sections,
                  params={"jurisdictions": codes, "year": year, "from": d0, "to": d1}).number()


def growth_section(ctx: Ctx, codes: list[str], year: int) -> Section:
    lang = ctx.lang
    sec = Section(key="cmp-growth", title=ctx.L("sub_rd_growth", y0=year - 10, y1=year))
    gr = None
    for y in range(year, year - 4, -1):
        gr = run(ctx.db, "growth", indicator="GERD_USD", date_from=y - 10, date_to=y, vs="NY.GDP.MKTP.CD",
                 jurisdictions=codes)
        if gr.ok:
            break
    if gr is None or not gr.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_growth"), gr.error if gr else None))
        return sec
    y0, y1 = gr.kwargs["date_from"], gr.kwargs["date_to"]
    df = gr.frame()
    rows = sorted([r for r in gr.result.rows if r.cagr is not None], key=lambda r: -r.cagr)

    def one(j: str) -> dict[str, Any]:
        return {"name": ctx.jname(j), "cagr": fact(gr, "cagr", "num1", lang, jurisdiction=j),
                "vs": fact(gr, "vs_cagr", "num1", lang, jurisdiction=j)}

    if rows:  # one contrast (fastest, slowest, who fell behind GDP), not a line per economy
        lagging = [ctx.jname(r.jurisdiction) for r in rows if r.gap_pp is not None and r.gap_pp < 0]
        sec.blocks.append(ctx.para(say_from("chapters", lang, "cmp_growth", y0=y0, y1=y1, fast=one(rows[0].jurisdiction),
                                            slow=one(rows[-1].jurisdiction) if len(rows) > 1 else None,
                                            lagging=lagging)))
    src = ctx.source_of(gr)
    df = df.assign(name=df["jurisdiction"].map(ctx.jname))
    long = pd.concat([df[["name", "cagr"]].rename(columns={"cagr": "v"}).assign(s=ctx.L("series_rd")),
                      df[["name", "vs_cagr"]].rename(columns={"vs_cagr": "v"}).assign(s=ctx.L("series_gdp"))])
    sec.blocks.append(ctx.figure("fig-cmp-growth", ctx.L("cap_rd_growth", y0=y0, y1=y1), src, charts.stacked_bar,
                                 long, "name", "v", "s", grouped=True, units=ctx.L("unit_pct_year")))
    missing = gr.result.coverage.missing if gr.result.coverage else []
    if missing:
        sec.blocks.append(ctx.no_data(ctx.L("what_growth") + "（" + "、".join(ctx.jname(m) for m in missing) + "）"
                                      if lang == "zh" else ctx.L("what_growth") + f" ({', '.join(ctx.jname(m) for m in missing)})"))
    return sec


def events_compare_section(ctx: Ctx, codes: list[str], d0: str, d1: str) -> Section:
    lang = ctx.lang
    sec = Section(key="cmp-events", title=ctx.L("sec_cmp_events"))
    bj = run(ctx.db, "counts", by=("jurisdiction",), date_from=d0, date_to=d1, jurisdictions=codes,
             **count_kw(ctx))
    if not bj.ok:
        sec.blocks.append(ctx.no_data(ctx.L("what_events", d0=d0, d1=d1), bj.error))
        return sec
    f0 = bj.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])
    rows = [{"name": ctx.jname(c), "n": fact(bj, "n", "count", lang, jurisdiction=c)} for c in f0["jurisdiction"]]
    none = [ctx.jname(c) for c in codes if c not in set(f0["jurisdiction"])]
    sec.blocks.append(ctx.para(say_from("chapters", lang, "cmp_events", d0=d0[:4], d1=d1[:4], rows=rows, missing=none)))
    jd = run(ctx.db, "counts", by=("jurisdiction", "domain"), date_from=d0, date_to=d1,
             jurisdictions=codes, **count_kw(ctx))
    if jd.ok:
        f = jd.frame()
        f = f[f["domain"] != "(none)"]
        if not f.empty:
            f = f.assign(name=f["jurisdiction"].map(ctx.jname), dom=f["domain"].map(ctx.dname))
            sec.blocks.append(ctx.figure("fig-cmp-domains", ctx.L("cap_cmp_domains", d0=d0[:4], d1=d1[:4]),
                                         ctx.events_source(), charts.heatmap, f, "name", "dom", "n",
                                         units=ctx.L("unit_events")))
    return sec
