"""Per-country chapters of the flagship (seed 004's 美国 / 欧盟 / 德国 … chapters), written from findings.

For each major economy the event base covers: the instruments its national policies use and their domains
against the whole base (counts analysis), its weightiest policies named in Chinese (or described, with the
original title once) with date and issuer, each policy once; then its R&D intensity among the major economies
and its rank change over five years, its PCT filings and world rank, and its main co-authorship partners (rank
and top_partners analyses). Every number is a Fact of its analysis call.

The sentences come from ``templates/chapters.{zh,en}.j2``: every kind of sentence has nine frames and chapter n
uses frame (n + the kind's offset) mod 9, so two countries never read as the same sentence with other numbers.
"""

from __future__ import annotations

import re
from typing import Any

from policyscope.model import registry
from policyscope.report.context import Ctx
from policyscope.report.model import Paragraph, Section, Sentence
from policyscope.report.narrative import Fact, Ran, fact, fact_attr, num, run, say_from
from policyscope.report.types.common import PEERS, count_kw, event_rows, when_text
from policyscope.report.types.money import stated_amounts
from policyscope.report.types.names import cited, same_policy, translated

# seed 004's order; a chapter is written for each that has enough national events in the period
MAJORS = ("USA", "EU", "DEU", "FRA", "GBR", "JPN", "KOR", "CHN", "IND")
# the EU's indicators are read from the World Bank's EU aggregate
INDICATOR_CODE = {"EU": "EUU"}
EU_MEMBERS = frozenset(registry().by_code["EU"].members)
FRAMES = 9
MIN_EVENTS = 5
POLICIES = 9
PCT = "NCSES.PCT.ALL"
RD_INTENSITY = "GB.XPD.RSDV.GD.ZS"
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")


def chsay(ctx: Ctx, kind: str, n: int, offset: int, **kw: Any) -> Sentence:
    """Sentence ``kind`` in the frame of chapter ``n`` (frames rotate so no two chapters share one)."""
    return say_from("chapters", ctx.lang, f"{kind}_{(n + offset) % FRAMES}", **kw)


def _issuer(ctx: Ctx, r: Any, name: str) -> str:
    """The issuing body when the event names it in the report's language, else the jurisdiction."""
    v = r.get("issuer")
    if not isinstance(v, str) or not v.strip():
        return name
    v = re.sub(r"\s*\([^()]*;[^()]*\)", "", v).strip()  # STIP's "(EC;)", "(CAO;内閣府)" acronym notes
    if not v or "¬" in v:  # several issuers joined by STIP
        return name
    in_lang = not _LATIN.search(v) if ctx.lang == "zh" else not _CJK.search(v)
    return v if in_lang and len(v) <= 40 else name


def _move(r1: Any, r0: Any) -> str | None:
    if r0 is None or r1 is None:
        return None
    return "up" if num(r1) < num(r0) else "down" if num(r1) > num(r0) else "same"


def mix_sentence(ctx: Ctx, code: str, n: int, name: str, ev_from: str, ev_to: str) -> Sentence | None:
    """What kinds of instruments dominate the economy's national policy events."""
    lang = ctx.lang
    cnt = run(ctx.db, "counts", by=("type",), date_from=ev_from, date_to=ev_to, jurisdictions=[code],
              **count_kw(ctx))
    total = fact_attr(cnt, "events", "count", lang) if cnt.ok else None
    if total is None or num(total) < MIN_EVENTS:
        return None
    f = cnt.frame().sort_values(["n", "type"], ascending=[False, True])
    f = f[f["type"] != "other"]  # ("other" is not a kind a reader can use)
    kinds = [{"type": ctx.tname(t), "n": fact(cnt, "n", "count", lang, type=t),
              "share": fact(cnt, "share", "pct", lang, type=t)} for t in f["type"].head(3)]
    if not kinds:
        return None
    return chsay(ctx, "cx_mix", n, 0, name=name, y0=ev_from[:4], y1=ev_to[:4], events=total, kinds=kinds)


def domain_sentence(ctx: Ctx, code: str, n: int, name: str, ev_from: str, ev_to: str) -> Sentence | None:
    """The domains the economy's policies concentrate on, against their share in the whole event base."""
    lang = ctx.lang
    own = run(ctx.db, "counts", by=("domain",), date_from=ev_from, date_to=ev_to, jurisdictions=[code],
              **count_kw(ctx))
    world = run(ctx.db, "counts", by=("domain",), date_from=ev_from, date_to=ev_to, **count_kw(ctx))
    if not (own.ok and world.ok):
        return None
    f = own.frame()
    f = f[~f["domain"].isin(["(none)", "general_sti"])].sort_values(["n", "domain"], ascending=[False, True])
    doms = []
    for d in f["domain"].head(2):
        s, w = fact(own, "share", "pct", lang, domain=d), fact(world, "share", "pct", lang, domain=d)
        if s is not None and w is not None:
            doms.append({"name": ctx.dname(d), "share": s, "world": w, "above": num(s) >= num(w)})
    return chsay(ctx, "cx_dom", n, 1, name=name, doms=doms) if doms else None


def unique_rows(ev: Any, limit: int) -> Any:
    """The first ``limit`` rows of an events frame, each policy once (by its normalised titles)."""
    seen: set[str] = set()
    keep = []
    for i, r in ev.iterrows():
        keys = same_policy(r)
        if not keys & seen:
            keep.append(i)
        seen |= keys
    return ev.loc[keep[:limit]].reset_index(drop=True)


def landmark_rows(ctx: Ctx, code: str, ev_from: str, ev_to: str, limit: int = POLICIES) -> list[Any]:
    """The weightiest events, each policy once (by its normalised titles in every language). The English
    report keeps those with an English name (it carries no Chinese characters)."""
    ev = event_rows(ctx, ev_from, ev_to, jurisdiction=code, limit=limit * 4, weightiest=True,
                    keep=(lambda r: translated(ctx, r) is not None) if ctx.lang == "en" else None)
    seen: set[str] = set()
    rows = []
    for _, r in ev.iterrows():
        keys = same_policy(r)
        if keys & seen:
            continue
        seen |= keys
        rows.append(r)
    rows.sort(key=lambda r: -float(r.get("importance") or 0))
    return sorted(rows[:limit], key=lambda r: str(r.get("date")), reverse=True)


def _domains(ctx: Ctx, r: Any) -> list[str]:
    """Up to two specific domains of a policy (a described policy names its domain already)."""
    ds = r.get("domains")
    if ds is None or isinstance(ds, float):
        return []
    return [ctx.dname(d) for d in list(ds) if d and d != "general_sti"][:2]


def policies_sentence(ctx: Ctx, code: str, n: int, name: str, ev_from: str, ev_to: str) -> Sentence | None:
    rows = landmark_rows(ctx, code, ev_from, ev_to)
    money = stated_amounts(ctx, [str(r["id"]) for r in rows])
    items = [{"when": (w := when_text(ctx, r["date"], r.get("date_precision"))), "issuer": _issuer(ctx, r, name),
              "at": ("on " if w[:1].isdigit() and " " in w else "in ") + w if w else "",
              # (a policy described by its type does not repeat the type)
              "type": ctx.tname(r["type"]) if translated(ctx, r) else "", "cited": cited(ctx, r, whose=False),
              "domains": _domains(ctx, r) if translated(ctx, r) else [], "money": money.get(str(r["id"]))}
             for r in rows]
    # (a budget's numbers are Facts in the items: the sentence keeps them, traced like every number)
    return chsay(ctx, "cx_pol", n, 2, name=name, items=items) if items else None


def _ranked(ran: Ran, code: str, lang: str, kind: str) -> dict[str, Fact | None]:
    return {"v": fact(ran, "value", kind, lang, jurisdiction=code), "rank": fact(ran, "rank", "rank", lang,
                                                                                  jurisdiction=code),
            "r0": fact(ran, "compare_rank", "rank", lang, jurisdiction=code)}


def rd_sentence(ctx: Ctx, code: str, n: int, name: str, year: int) -> Sentence | None:
    """R&D intensity among the major economies, with the rank five years before."""
    c = INDICATOR_CODE.get(code, code)
    peers = list(dict.fromkeys([*PEERS, c]))
    rk = run(ctx.db, "rank", indicator=RD_INTENSITY, year=year, compare_year=year - 5, jurisdictions=peers)
    if not rk.ok:
        return None
    got = _ranked(rk, c, ctx.lang, "pct2")
    if got["v"] is None or got["rank"] is None:
        return None
    order = rk.frame().sort_values("rank")["jurisdiction"].tolist()
    if order[0] == c:  # (only one economy leads: its frame cannot repeat)
        return say_from("chapters", ctx.lang, "cx_rd_top", name=name, year=year, v=got["v"], y0=year - 5,
                        r0=got["r0"], move=_move(got["rank"], got["r0"]), second=ctx.jname(order[1]),
                        second_v=fact(rk, "value", "pct2", ctx.lang, jurisdiction=order[1]))
    lead = order[0]
    return chsay(ctx, "cx_rd", n, 3, name=name, year=year, v=got["v"], rank=got["rank"], y0=year - 5, r0=got["r0"],
                 move=_move(got["rank"], got["r0"]), leader=ctx.jname(lead),
                 leader_v=fact(rk, "value", "pct2", ctx.lang, jurisdiction=lead))


def patent_sentence(ctx: Ctx, code: str, n: int, name: str, year: int) -> Sentence | None:
    """PCT filings and world rank, with the rank ten years before."""
    rk = run(ctx.db, "rank", indicator=PCT, year=year, compare_year=year - 10)
    if not rk.ok:
        return None
    got = _ranked(rk, code, ctx.lang, "int")
    share = fact(rk, "share", "pct", ctx.lang, jurisdiction=code)
    if got["v"] is None or got["rank"] is None or share is None:
        return None
    eu = code in EU_MEMBERS  # NCSES credits filings through the EPO to the EU, not to its members
    return chsay(ctx, "cx_pat", n, 4, name=name, year=year, v=got["v"], rank=got["rank"], share=share,
                 y0=year - 10, r0=got["r0"], move=_move(got["rank"], got["r0"]), eu=eu)


def coauthor_sentence(ctx: Ctx, code: str, n: int, name: str, year: int) -> Sentence | None:
    tp = run(ctx.db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction=code, year=year, n=3)
    if not tp.ok:
        return None
    df = tp.frame()
    if "share" not in df.columns:
        return None
    partners = [{"name": ctx.jname(p), "value": fact(tp, "value", "int", ctx.lang, partner=p),
                 "share": fact(tp, "share", "pct", ctx.lang, partner=p)} for p in df["partner"].head(3)]
    return chsay(ctx, "cx_co", n, 5, name=name, year=year, partners=partners)


def peak_sentence(ctx: Ctx, code: str, n: int, name: str, ev_from: str, ev_to: str) -> Sentence | None:
    """The year the economy's national policy output peaked, against the last year of the period."""
    cnt = run(ctx.db, "counts", by=("year",), date_from=ev_from, date_to=ev_to, jurisdictions=[code],
              **count_kw(ctx))
    if not cnt.ok:
        return None
    f = cnt.frame().sort_values(["n", "year"], ascending=[False, False])
    peak, last = int(f.iloc[0]["year"]), int(f["year"].max())
    return chsay(ctx, "cx_peak", n, 6, name=name, peak=peak, n_peak=fact(cnt, "n", "count", ctx.lang, year=peak),
                 last=last, n_last=fact(cnt, "n", "count", ctx.lang, year=last))


def _peer_rank(ctx: Ctx, indicator: str, code: str, year: int | None, kind: str) -> dict[str, Any] | None:
    if year is None:
        return None
    rk = run(ctx.db, "rank", indicator=indicator, year=year, jurisdictions=list(dict.fromkeys([*PEERS, code])))
    v, r = fact(rk, "value", kind, ctx.lang, jurisdiction=code), fact(rk, "rank", "rank", ctx.lang, jurisdiction=code)
    if v is None or r is None:
        return None
    order = rk.frame().sort_values("rank")["jurisdiction"].tolist()
    lead = order[0] if order[0] != code else None
    return {"year": year, "v": v, "rank": r, "leader": ctx.jname(lead) if lead else None,
            "leader_v": fact(rk, "value", kind, ctx.lang, jurisdiction=lead) if lead else None}


def economy_sentence(ctx: Ctx, code: str, n: int, name: str, years: dict[str, int | None]) -> Sentence | None:
    """High-tech exports and IP receipts among the major economies, and unicorns in the list used."""
    c = INDICATOR_CODE.get(code, code)
    tech = _peer_rank(ctx, "TX.VAL.TECH.CD", c, years.get("hitech"), "money_usd")
    ip = _peer_rank(ctx, "BX.GSR.ROYL.CD", c, years.get("royalty"), "money_usd")
    uni = None
    path = years.get("unicorns_file")
    if path and code != "EU":
        by_c = run(ctx.db, "companies", source=str(path), by=["country"])
        nf, sf = fact(by_c, "n", "count", ctx.lang, country=code), fact(by_c, "share", "pct", ctx.lang, country=code)
        uni = {"n": nf, "share": sf} if nf is not None and sf is not None else None
    if tech is None or (ip is None and uni is None):
        return None
    return chsay(ctx, "cx_eco", n, 7, name=name, tech=tech, ip=ip, uni=uni)


def talent_sentence(ctx: Ctx, code: str, n: int, name: str, year: int | None) -> Sentence | None:
    got = _peer_rank(ctx, "SP.POP.SCIE.RD.P6", INDICATOR_CODE.get(code, code), year, "int")
    if got is None:
        return None
    return chsay(ctx, "cx_tal", n, 8, name=name, year=got["year"], v=got["v"], rank=got["rank"],
                 leader=got["leader"], leader_v=got["leader_v"])


def papers_sentence(ctx: Ctx, code: str, n: int, name: str, years: dict[str, Any]) -> Sentence | None:
    """Journal articles (WDI) and AI papers (NSF) among the major economies."""
    c = INDICATOR_CODE.get(code, code)
    got = _peer_rank(ctx, "IP.JRN.ARTC.SC", c, years.get("papers"), "int")
    if got is None:
        return None
    ai = _peer_rank(ctx, "NCSES.ARTICLES.AI", c, years.get("papers_ai"), "int")
    return chsay(ctx, "cx_pap", n, 5, name=name, year=got["year"], v=got["v"], rank=got["rank"], ai=ai)


def summary_sentence(ctx: Ctx, code: str, n: int, name: str, years: dict[str, Any]) -> Sentence | None:
    """Strengths and weaknesses: the indicators above on which the economy ranks in the top three of the major
    economies, and those on which it ranks ninth or lower (PCT: world rank, eleventh or lower; EU members left
    out, their EPO filings being credited to the EU)."""
    c = INDICATOR_CODE.get(code, code)
    ranks: dict[str, float] = {}
    for lab, ind, key in (("rd", RD_INTENSITY, "rd"), ("researchers", "SP.POP.SCIE.RD.P6", "researchers"),
                          ("hitech", "TX.VAL.TECH.CD", "hitech"), ("royalty", "BX.GSR.ROYL.CD", "royalty"),
                          ("papers", "IP.JRN.ARTC.SC", "papers")):
        got = _peer_rank(ctx, ind, c, years.get(key), "num1")
        if got is not None and got["rank"] is not None:
            ranks[lab] = num(got["rank"])
    if years.get("pct") and code not in EU_MEMBERS:
        rk = run(ctx.db, "rank", indicator=PCT, year=years["pct"])
        r = fact(rk, "rank", "rank", ctx.lang, jurisdiction=code) if rk.ok else None
        if r is not None:
            ranks["pct"] = num(r) - 2  # (world rank: 11th and lower is weak, like 9th among peers)
    if len(ranks) < 2:
        return None
    words = {k: say_from("chapters", ctx.lang, f"lab_{k}").text for k in ranks}
    strong = [words[k] for k, v in ranks.items() if v <= 3]
    weak = [words[k] for k, v in ranks.items() if v >= 9]
    return chsay(ctx, "cx_sum", n, 4, name=name, strong=strong, weak=weak)


def country_chapter(ctx: Ctx, code: str, n: int, ev_from: str, ev_to: str,
                    years: dict[str, Any] | None = None) -> Section | None:
    """One chapter, or None when the jurisdiction has fewer than MIN_EVENTS national events in the period.
    ``years``: the data years of the indicator findings (rd, pct, coauthor)."""
    name = ctx.jname(code)
    mix = mix_sentence(ctx, code, n, name, ev_from, ev_to)
    if mix is None:
        return None
    years = years or {}
    sec = Section(key=f"country-{code}", level=2, title=name)
    sec.blocks.append(ctx.para(mix, domain_sentence(ctx, code, n, name, ev_from, ev_to),
                               peak_sentence(ctx, code, n, name, ev_from, ev_to)))
    pol = policies_sentence(ctx, code, n, name, ev_from, ev_to)
    if pol is not None:
        sec.blocks.append(ctx.para(pol))
    found = [
        rd_sentence(ctx, code, n, name, y) if (y := years.get("rd")) else None,
        patent_sentence(ctx, code, n, name, y) if (y := years.get("pct")) else None,
        coauthor_sentence(ctx, code, n, name, y) if (y := years.get("coauthor")) else None,
    ]
    if any(found):
        sec.blocks.append(ctx.para(*found))
    more = [talent_sentence(ctx, code, n, name, years.get("researchers")), papers_sentence(ctx, code, n, name, years),
            economy_sentence(ctx, code, n, name, years),
            summary_sentence(ctx, code, n, name, years)]
    if any(more):
        sec.blocks.append(ctx.para(*more))
    return sec


def finding_years(ctx: Ctx, year: int) -> dict[str, Any]:
    """The latest year with broad coverage of each indicator the chapters compare."""
    from policyscope.report.types.common import latest_year

    co = None
    for y in range(year, year - 8, -1):
        if run(ctx.db, "top_partners", edges="OPENALEX.COAUTHOR", jurisdiction="USA", year=y, n=1).ok:
            co = y
            break
    from policyscope.report.types.chapters_data import unicorn_file

    return {"rd": latest_year(ctx.db, RD_INTENSITY, year), "pct": latest_year(ctx.db, PCT, year),
            "coauthor": co, "researchers": latest_year(ctx.db, "SP.POP.SCIE.RD.P6", year, min_rows=15),
            "hitech": latest_year(ctx.db, "TX.VAL.TECH.CD", year), "royalty": latest_year(ctx.db, "BX.GSR.ROYL.CD", year),
            "papers": latest_year(ctx.db, "IP.JRN.ARTC.SC", year), "papers_ai": latest_year(ctx.db, "NCSES.ARTICLES.AI", year),
            "unicorns_file": unicorn_file()}


def country_chapters(ctx: Ctx, ev_from: str, ev_to: str) -> Section:
    """The chapter "主要国家和地区政策动态": one sub-chapter per major economy with data."""
    sec = Section(key="countries", title=ctx.L("sec_countries"))
    years = finding_years(ctx, int(ev_to[:4]))
    for code in MAJORS:
        ch = country_chapter(ctx, code, len(sec.children), ev_from, ev_to, years)
        if ch is not None:
            sec.children.append(ch)
    if not sec.children:
        sec.blocks.append(ctx.no_data(ctx.L("what_countries")))
    else:
        sec.blocks.append(Paragraph(sentences=[say_from("chapters", ctx.lang, "cx_intro", y0=ev_from[:4],
                                                        y1=ev_to[:4], names=[c.title for c in sec.children])]))
    return sec
