"""Data chapters of the flagship (seed 004 图14–22; seed 003 图2–6): trade in intellectual property, high-tech
exports, foreign direct investment, unicorns and venture capital, green technology patents. Each states who
leads, where China stands and who entered the top ten over ten years, from the rank and companies analyses,
with a table of the top ten then and now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policyscope.report.context import Ctx
from policyscope.report.model import Paragraph, Section, Sentence
from policyscope.report.narrative import Ran, fact, fact_attr, num, run, say_from
from policyscope.report.types.common import FOCUS, PEERS, latest_year
from policyscope.report.types.movers import movers_sentence

TOP = 10
UNICORNS = "unicorns/unicorns_complete_2024.csv"


def dsay(ctx: Ctx, macro: str, /, **kw: Any) -> Sentence:
    return say_from("chapters", ctx.lang, macro, **kw)


def _top(ctx: Ctx, ran: Ran, kind: str, n: int = 3, key: str = "jurisdiction", field: str = "value") -> list[dict]:
    df = ran.frame()
    col = "rank" if "rank" in df.columns else None
    df = df.sort_values(col) if col else df.sort_values(field, ascending=False)
    return [{"name": ctx.jname(str(j)), "v": fact(ran, field, kind, ctx.lang, **{key: j})} for j in df[key].head(n)]


def _focus(ctx: Ctx, ran: Ran, kind: str, year: int, y0: int) -> dict | None:
    v = fact(ran, "value", kind, ctx.lang, jurisdiction=FOCUS)
    r = fact(ran, "rank", "rank", ctx.lang, jurisdiction=FOCUS)
    if v is None or r is None or num(r) <= 3:  # (a leader is named with the leaders already)
        return None
    return {"name": ctx.jname(FOCUS), "year": year, "v": v, "y0": y0,
            "rank": r,
            "r0": fact(ran, "compare_rank", "rank", ctx.lang, jurisdiction=FOCUS)}


def _rank_table(ctx: Ctx, key: str, caption: str, ran: Ran, y0: int, scale: float, unit_col: str) -> Any:
    df = ran.frame().sort_values("rank").head(TOP)
    df = df.assign(name=df["jurisdiction"].map(ctx.jname), shown=df["value"] / scale)
    return ctx.table(key, caption, ctx.source_of(ran), df,
                     {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"), "shown": unit_col,
                      "compare_rank": ctx.L("col_rank_year", year=y0)},
                     {"rank": "{:d}", "shown": "{:,.1f}" if scale != 1 else "{:,.0f}", "compare_rank": "{:.0f}"})


def _money_scale(ctx: Ctx) -> float:
    return 1e8 if ctx.lang == "zh" else 1e9


def _lab(ctx: Ctx, name: str, **kw: Any) -> str:
    return dsay(ctx, name, **kw).text


def ranked_sub(ctx: Ctx, key: str, indicator: str, year: int, kind: str = "money_usd",
               min_rows: int = 25) -> tuple[Section, Ran | None]:
    """One sub-chapter: the lead sentence ``dx_<key>_lead`` over the rank of ``indicator`` (now and ten years
    before) and the top-ten table; the rank result is returned for a second finding."""
    y = latest_year(ctx.db, indicator, year, min_rows=min_rows)
    sub = Section(key=f"data-{key}", title=_lab(ctx, f"dx_title_{key}", year=y or year), level=2)
    rk = run(ctx.db, "rank", indicator=indicator, year=y, compare_year=y - 10, top=TOP) if y else None
    if y is None or rk is None or not rk.ok:
        sub.blocks.append(ctx.no_data(sub.title, rk.error if rk is not None else None))
        return sub, None
    y0 = y - 10
    entered = [ctx.jname(j) for j in rk.result.entered_top]
    sub.blocks.append(Paragraph(sentences=[dsay(ctx, f"dx_{key}_lead", year=y, top=_top(ctx, rk, kind),
                                                focus=_focus(ctx, rk, kind, y, y0), entered=entered)]))
    scale = _money_scale(ctx) if kind == "money_usd" else 1.0
    unit = _lab(ctx, "dx_col_money") if kind == "money_usd" else _lab(ctx, "dx_col_count")
    sub.blocks.append(_rank_table(ctx, f"tab-{key}", _lab(ctx, f"dx_tab_{key}", year=y, top=TOP), rk, y0, scale,
                                  unit))
    sub.sources.append(ctx.source_of(rk))
    return sub, rk


def _add_movers(sub: Section, ctx: Ctx, macro: str, indicator: str, year: int, kind: str = "money_usd",
                breaks: bool = True) -> None:
    """The ten-year movers among the major economies, after the lead sentence of ``sub``."""
    sent = movers_sentence(ctx, macro, indicator, year, kind, breaks)
    lead = sub.blocks[0] if sub.blocks else None
    if sent is not None and isinstance(lead, Paragraph):
        lead.sentences.append(sent)


def royalty_sub(ctx: Ctx, year: int) -> Section:
    sub, rk = ranked_sub(ctx, "royalty", "BX.GSR.ROYL.CD", year)
    if rk is None:
        return sub
    y = rk.result.year
    _add_movers(sub, ctx, "royalty_movers", "BX.GSR.ROYL.CD", y)
    bal = run(ctx.db, "rank", indicator="IP_BALANCE_USD", year=y)
    if bal.ok:
        df = bal.frame().sort_values("value")
        pos, neg = df.iloc[-1]["jurisdiction"], df.iloc[0]["jurisdiction"]
        sent = dsay(ctx, "dx_royalty_balance", year=y,
                    pos={"name": ctx.jname(pos), "v": fact(bal, "value", "money_usd", ctx.lang, jurisdiction=pos)},
                    neg={"name": ctx.jname(neg), "v": fact(bal, "value", "money_usd", ctx.lang, jurisdiction=neg)}
                    if float(df.iloc[0]["value"]) < 0 else None)
        sub.blocks.insert(1, Paragraph(sentences=[sent]))
        sub.sources.append(ctx.source_of(bal))
    return sub


def hitech_sub(ctx: Ctx, year: int) -> Section:
    sub, rk = ranked_sub(ctx, "hitech", "TX.VAL.TECH.CD", year)
    if rk is None:
        return sub
    y = rk.result.year
    _add_movers(sub, ctx, "hitech_movers", "TX.VAL.TECH.CD", y)
    sh = run(ctx.db, "rank", indicator="TX.VAL.TECH.MF.ZS", year=y, jurisdictions=list(PEERS))
    if sh.ok:
        sub.blocks.insert(1, Paragraph(sentences=[dsay(ctx, "dx_hitech_share", year=y, top=_top(ctx, sh, "pct"))]))
        sub.sources.append(ctx.source_of(sh))
    return sub


def fdi_sub(ctx: Ctx, year: int) -> Section:
    """FDI net inflows, with China's own ten-year change (the compare year of the same rank call)."""
    sub, rk = ranked_sub(ctx, "fdi", "BX.KLT.DINV.CD.WD", year)
    if rk is None:
        return sub

    y = rk.result.year
    peers = run(ctx.db, "rank", indicator="BX.KLT.DINV.CD.WD", year=y, compare_year=y - 10, jurisdictions=list(PEERS))
    v0 = fact(peers, "compare_value", "money_usd", ctx.lang, jurisdiction=FOCUS)
    v1 = fact(peers, "value", "money_usd", ctx.lang, jurisdiction=FOCUS)
    if v0 is not None and v1 is not None:
        sub.blocks.insert(1, Paragraph(sentences=[dsay(ctx, "dx_fdi_trend", name=ctx.jname(FOCUS), y0=y - 10, v0=v0,
                                                       y1=y, v1=v1)]))
        sub.sources.append(ctx.source_of(peers))
    _add_movers(sub, ctx, "fdi_movers", "BX.KLT.DINV.CD.WD", y, breaks=False)
    return sub


def unicorn_file() -> Path | None:
    """The unicorn list (CB Insights data, not open-licensed: read where it is, never bundled)."""
    from policyscope.settings import settings

    roots = [r for r in (settings().shared, Path.cwd().parent / "shared", Path.cwd() / "shared") if r is not None]
    for r in roots:
        p = Path(r) / "data" / UNICORNS
        if p.is_file():
            return p
    return None


def unicorn_sub(ctx: Ctx) -> Section:
    sub = Section(key="data-unicorns", title=_lab(ctx, "dx_title_unicorns"), level=2)
    path = unicorn_file()
    if path is None:
        sub.blocks.append(ctx.no_data(sub.title, _lab(ctx, "dx_no_unicorns")))
        return sub
    by_c = run(ctx.db, "companies", source=str(path), by=["country"])
    if not by_c.ok:
        sub.blocks.append(ctx.no_data(sub.title, by_c.error))
        return sub
    lang = ctx.lang
    sents = [dsay(ctx, "dx_unicorn_lead", total=fact_attr(by_c, "total", "count", lang),
                  top=_top(ctx, by_c, "count", key="country", field="n"),
                  chn=(chn := fact(by_c, "share", "pct", lang, country="CHN")),
                  usa=(usa := fact(by_c, "share", "pct", lang, country="USA")),
                  most=bool(chn and usa and num(chn) + num(usa) > 50))]
    by_i = run(ctx.db, "companies", source=str(path), by=["industry"])
    if by_i.ok:
        top = [{"name": str(i), "v": fact(by_i, "n", "count", lang, industry=i)}
               for i in by_i.frame().sort_values("n", ascending=False)["industry"].head(3)]
        sents.append(dsay(ctx, "dx_unicorn_sector", top=top))
    sub.blocks.append(Paragraph(sentences=sents))
    df = by_c.frame().sort_values("n", ascending=False).head(TOP)
    df = df.assign(name=df["country"].map(ctx.jname))
    sub.blocks.append(ctx.table("tab-unicorns", _lab(ctx, "dx_tab_unicorns", top=TOP), ctx.source_of(by_c), df,
                                {"name": ctx.L("col_jurisdiction"), "n": _lab(ctx, "dx_col_count"),
                                 "share": ctx.L("col_share")}, {"n": "{:,.0f}", "share": "{:.1f}"}))
    sub.sources.append(ctx.source_of(by_c))
    return sub


def vc_sub(ctx: Ctx, year: int) -> Section:
    y = latest_year(ctx.db, "NCSES.VC", year, min_rows=3)
    sub = Section(key="data-vc", title=_lab(ctx, "dx_title_vc", year=y or year), level=2)
    rk = run(ctx.db, "rank", indicator="NCSES.VC", year=y) if y else None
    if y is None or rk is None or not rk.ok:
        sub.blocks.append(ctx.no_data(sub.title, rk.error if rk is not None else None))
        return sub
    ya = latest_year(ctx.db, "NCSES.VC.AI", year, min_rows=3)
    ai = run(ctx.db, "rank", indicator="NCSES.VC.AI", year=ya) if ya else None
    sub.blocks.append(Paragraph(sentences=[dsay(
        ctx, "dx_vc_lead", year=y, top=_top(ctx, rk, "money_musd"), ai_year=ya,
        ai_top=_top(ctx, ai, "money_musd") if ai is not None and ai.ok else None)]))
    df = rk.frame().sort_values("rank")
    df = df.assign(name=df["jurisdiction"].map(ctx.jname), shown=df["value"] / (1e2 if ctx.lang == "zh" else 1e3))
    sub.blocks.append(ctx.table("tab-vc", _lab(ctx, "dx_tab_vc", year=y), ctx.source_of(rk), df,
                                {"rank": ctx.L("col_rank"), "name": ctx.L("col_jurisdiction"),
                                 "shown": _lab(ctx, "dx_col_money")}, {"rank": "{:d}", "shown": "{:,.1f}"}))
    sub.sources.append(ctx.source_of(rk))
    return sub


def data_chapters(ctx: Ctx, year: int) -> Section:
    """The chapter 技术贸易、投资与创业 (IP royalties, high-tech exports, FDI, unicorns, VC, green patents)."""
    sec = Section(key="data", title=_lab(ctx, "dx_title"))
    sec.blocks.append(Paragraph(sentences=[dsay(ctx, "dx_intro")]))
    sec.children.append(royalty_sub(ctx, year))
    sec.children.append(hitech_sub(ctx, year))
    sec.children.append(fdi_sub(ctx, year))
    sec.children.append(unicorn_sub(ctx))
    sec.children.append(vc_sub(ctx, year))
    green, rk = ranked_sub(ctx, "green", "NCSES.USPTO.GREEN.ALL", year, kind="int", min_rows=20)
    if rk is not None:
        _add_movers(green, ctx, "green_movers", "NCSES.USPTO.GREEN.ALL", rk.result.year, "int")
    sec.children.append(green)
    return sec
