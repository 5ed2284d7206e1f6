"""Sections and helpers shared by the report types: strategy deployment from events, event lists,
choosing the latest year with data, and the review-state scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from policyscope.model.display import display_title as model_display_title
from policyscope.report import charts
from policyscope.report.context import REVIEWED, Ctx
from policyscope.report.model import NoteBlock, Section, Sentence, TableBlock
from policyscope.report.narrative import Ran, fact, fact_attr, memoised, run
from policyscope.store.database import Database
from policyscope.store.events import events_frame

# the economies a country's indicators are ranked among (the EU by the World Bank's EU aggregate); shared by the
# country chapters and the data chapters
FOCUS = "CHN"  # the reader's economy, set against the leaders and the peers
PEERS = ("USA", "CHN", "JPN", "DEU", "KOR", "GBR", "FRA", "IND", "ITA", "CAN", "RUS", "BRA", "AUS", "ESP", "NLD")
STRATEGY_TYPES = ("strategy", "plan_program", "law_regulation", "funding_budget", "institution", "standard",
                  "ethics_guideline")


def review_states_for(db: Database, mode: str) -> tuple[str, ...] | None:
    """``accepted-only`` → reviewed events; ``include-auto`` → all (None); ``auto`` → reviewed events when
    any exist, else every event (the bundled events are all automatic), and the report says which."""
    if mode == "accepted-only":
        return REVIEWED
    if mode == "include-auto":
        return None
    n = db.scalar("SELECT count(*) FROM main.events WHERE review_state IN ('accepted', 'edited')")
    return REVIEWED if n else None


def states_used(ctx: Ctx) -> list[str]:
    return list(ctx.review_states) if ctx.review_states else ["accepted", "edited", "auto"]


def latest_year(db: Database, indicator: str, year: int, min_rows: int = 25, back: int = 8) -> int | None:
    """The latest year ≤ ``year`` whose coverage (countries with data, from the rank analysis) is at least
    ``min_rows`` and 80 % of the best coverage of the years scanned: data arrive one to three years late
    and the first release of a year covers only a few countries. Several chapters ask for the same years: the
    answer is kept for the build like an analysis's."""
    return memoised(db, "latest_year", {"indicator": indicator, "year": year, "min_rows": min_rows, "back": back},
                    lambda: _latest_year(db, indicator, year, min_rows, back))


def _latest_year(db: Database, indicator: str, year: int, min_rows: int, back: int) -> int | None:
    from policyscope.analysis.base import country_codes, observations

    obs = observations(db, indicator, range(year - back + 1, year + 1), country_codes())  # empty if unknown
    cov = {int(y): int(n) for y, n in obs.dropna(subset=["value"]).groupby("year")["jurisdiction"].nunique().items()}
    if not cov:
        return None
    best = max(cov.values())
    for y in sorted(cov, reverse=True):
        if cov[y] >= min(min_rows, best) and cov[y] >= 0.8 * best:
            return y
    return None


def default_event_year(db: Database, today_year: int) -> int:
    """The report year when none is given: the latest year before ``today_year`` whose event count is at least
    a quarter of the busiest year's, so that a year the data have barely started (e.g. one January of
    records) is not reported as if it were complete."""
    df = db.df("SELECT year(date) AS y, count(*) AS n FROM main.events WHERE date IS NOT NULL "
               "AND year(date) < ? GROUP BY 1", [today_year])
    if df.empty:
        return today_year - 1
    best = int(df["n"].max())
    full = df[df["n"] >= 0.25 * best]
    return int(full["y"].max())


def pick_indicator(db: Database, codes: list[str]) -> str | None:
    for c in codes:
        if db.scalar("SELECT count(*) FROM main.indicators WHERE code = ?", [c]):
            return c
    return None


def counts_frame(ran: Ran) -> pd.DataFrame:
    return ran.frame()


def count_kw(ctx: Ctx) -> dict[str, Any]:
    return {"include_auto": ctx.review_states is None}


def domain_colours(ctx: Ctx, codes: list[str]) -> dict[str, str]:
    """Each domain's own colour (its place in the domain taxonomy picks it from the palette), so a domain has
    the same colour in every chart and in both languages, and no two domains share one."""
    from policyscope.model.taxonomy import taxonomy

    order = [t.code for t in taxonomy("domains").items]
    return {ctx.dname(c): charts.PALETTE[order.index(c) % len(charts.PALETTE)] for c in order if c in codes}


def event_deployment(ctx: Ctx, date_from: str, date_to: str, y0: int, y1: int,
                     jurisdictions: list[str] | None = None, key: str = "deploy") -> Section:
    """Strategy deployment by jurisdiction × year (heatmap) and by domain (stacked bars, donut) — 000 图1–3."""
    db, lang = ctx.db, ctx.lang
    sec = Section(key=key, title=ctx.L("sec_deploy", y0=y0, y1=y1))
    jk = {"jurisdictions": jurisdictions} if jurisdictions else {}
    src = ctx.events_source()
    # (一) jurisdiction × year
    sub = Section(key=f"{key}-jy", title=ctx.L("sub_deploy_jy", y0=y0, y1=y1), level=2)
    by_j = run(db, "counts", by=("jurisdiction",), date_from=date_from, date_to=date_to,
               types=STRATEGY_TYPES, **jk, **count_kw(ctx))
    if by_j.ok:
        dj = by_j.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])
        tops = dj["jurisdiction"].head(3).tolist()
        sub.blocks.append(ctx.para(
            ctx.say("deploy_lead", y0=y0, y1=y1, events=fact_attr(by_j, "events", "count", lang), top=[
                {"name": ctx.jname(j), "n": fact(by_j, "n", "count", lang, jurisdiction=j),
                 "share": fact(by_j, "share", "pct", lang, jurisdiction=j)} for j in tops])))
        jy = run(db, "counts", by=("jurisdiction", "year"), date_from=date_from, date_to=date_to,
                 types=STRATEGY_TYPES, **jk, **count_kw(ctx))
        if jy.ok:
            keep = dj["jurisdiction"].head(15).tolist()
            h = jy.frame()
            h = h[h["jurisdiction"].isin(keep)]
            grid = pd.MultiIndex.from_product([keep, range(y0, y1 + 1)], names=["jurisdiction", "year"])
            h = h.set_index(["jurisdiction", "year"])["n"].reindex(grid).fillna(0).astype(int).reset_index()
            h["name"] = h["jurisdiction"].map(ctx.jname)
            sub.blocks.append(ctx.figure(f"fig-{key}-heat", ctx.L("cap_deploy_heat", y0=y0, y1=y1), src,
                                         charts.heatmap, h, "year", "name", "n", units=ctx.L("unit_events")))
    else:
        sub.blocks.append(ctx.no_data(ctx.L("what_events", d0=date_from, d1=date_to), by_j.error))
    sub.sources.append(src)
    sec.children.append(sub)

    # (二) domains
    sub = Section(key=f"{key}-domains", title=ctx.L("sub_deploy_domains", y0=y0, y1=y1), level=2)
    by_d = run(db, "counts", by=("domain",), date_from=date_from, date_to=date_to,
               types=STRATEGY_TYPES, **jk, **count_kw(ctx))
    if by_d.ok:
        dd = by_d.frame()
        dd = dd[dd["domain"] != "(none)"].sort_values(["n", "domain"], ascending=[False, True])
        if not dd.empty:
            tops = dd["domain"].head(3).tolist()
            sub.blocks.append(ctx.para(ctx.say("domains_lead", y0=y0, y1=y1, top=[
                {"name": ctx.dname(d), "n": fact(by_d, "n", "count", lang, domain=d),
                 "share": fact(by_d, "share", "pct", lang, domain=d)} for d in tops])))
            yd = run(db, "counts", by=("year", "domain"), date_from=date_from, date_to=date_to,
                     types=STRATEGY_TYPES, **jk, **count_kw(ctx))
            keep = dd["domain"].head(8).tolist()
            if yd.ok:
                f = yd.frame()
                f = f[f["domain"].isin(keep)].assign(name=lambda d: d["domain"].map(ctx.dname))
                sub.blocks.append(ctx.figure(f"fig-{key}-domains-year", ctx.L("cap_domains_year", y0=y0, y1=y1), src,
                                             charts.stacked_bar, f, "year", "n", "name", units=ctx.L("unit_events"),
                                             colors=domain_colours(ctx, keep)))
            dn = dd.head(8).assign(name=lambda d: d["domain"].map(ctx.dname),
                                   label=lambda d: d["share"].map(lambda v: f"{v:.1f}%"))
            sub.blocks.append(ctx.figure(f"fig-{key}-domains-share", ctx.L("cap_domains_share", y0=y0, y1=y1), src,
                                         charts.donut, dn, "name", "n", label="label", units="%",
                                         colors=domain_colours(ctx, keep)))
        else:
            sub.blocks.append(ctx.no_data(ctx.L("what_domains")))
    else:
        sub.blocks.append(ctx.no_data(ctx.L("what_domains"), by_d.error))
    sub.sources.append(src)
    sec.children.append(sub)
    return sec


def event_rows(ctx: Ctx, date_from: str | None, date_to: str | None, jurisdiction: str | None = None,
               type: str | None = None, limit: int | None = None, weightiest: bool = False,
               keep: Callable[[Any], bool] | None = None) -> pd.DataFrame:
    """Events (records, not figures) in the review scope of the report. ``weightiest``: the ``limit`` events
    of highest importance (national before sub-national, laws and strategies before bills, landmarks first),
    one row per title, listed newest first — what an editor would pick; else simply the newest. ``keep``: only
    rows it accepts count towards ``limit`` (weightiest only)."""
    if not weightiest:
        return events_frame(ctx.db, jurisdiction=jurisdiction, type=type, date_from=date_from, date_to=date_to,
                            review_states=ctx.review_states, limit=limit)
    ev = events_frame(ctx.db, jurisdiction=jurisdiction, type=type, date_from=date_from, date_to=date_to,
                      review_states=ctx.review_states, limit=limit * 4 if limit and keep is None else None,
                      order="importance")
    if ev.empty:
        return ev
    same = ev.apply(lambda r: display_title(ctx, r).casefold(), axis=1)
    ev = ev[~same.duplicated()]
    if keep is not None:
        ev = ev[[keep(r) for _, r in ev.iterrows()]]
    if limit:
        ev = ev.head(limit)
    return ev.sort_values(["date", "id"], ascending=[False, True], na_position="last").reset_index(drop=True)


def date_shown(d: Any, precision: Any) -> str:
    """A date as precise as its source: 2020 / 2020-03 / 2020-03-15 (a year-only date is stored as 1 January)."""
    if d is None or d != d:
        return "—"
    text = str(d)[:10]
    return text[:4] if precision == "year" else text[:7] if precision == "month" else text


def event_table(ctx: Ctx, key: str, caption: str, ev: pd.DataFrame, with_jurisdiction: bool = True) -> TableBlock:
    df = ev.copy()
    prec = df["date_precision"] if "date_precision" in df else pd.Series("day", index=df.index)
    df["date_s"] = [date_shown(d, p) for d, p in zip(df["date"], prec, strict=True)]
    df["name"] = df["jurisdiction"].map(ctx.jname)
    df["title_s"] = df.apply(lambda r: display_title(ctx, r), axis=1)
    df["type_s"] = df["type"].map(ctx.tname)
    cols = {"date_s": ctx.L("col_date")}
    if with_jurisdiction:
        cols["name"] = ctx.L("col_jurisdiction")
    # (the review state of the listed events is stated once, on the cover and in the methods note)
    cols.update({"title_s": ctx.L("col_title"), "type_s": ctx.L("col_type")})
    return ctx.table(key, caption, ctx.events_source(), df, cols)


def evidence_notes(ctx: Ctx, ev: pd.DataFrame) -> NoteBlock | None:
    """Where each listed event comes from: its document, line, a short quote and the address."""
    ids = [d for d in ev["document_id"].dropna().unique().tolist()]
    docs: dict[str, dict[str, Any]] = {}
    if ids:
        q = ctx.db.df(f"SELECT id, title, origin FROM main.documents WHERE id IN ({','.join('?' for _ in ids)})", ids)
        docs = {r["id"]: r for r in q.to_dict("records")}
    notes = []
    for _, r in ev.iterrows():
        doc = docs.get(r["document_id"]) if isinstance(r["document_id"], str) else None
        quote = r["quote"] if isinstance(r["quote"], str) else ""
        quote = quote.replace("\n", " ").strip()
        quote = quote if len(quote) <= 110 else quote[:108] + "…"
        origin = (doc or {}).get("origin") or ""
        origin = origin if "://" in origin else origin.rsplit("/", 1)[-1]
        line = "" if pd.isna(r["line"]) else int(r["line"])
        if doc or quote:
            t, dt = display_title(ctx, r), str((doc or {}).get("title") or "")
            prefix = "" if dt and dt[:30] == t[:30] else f"{t} — "
            notes.append(prefix + ctx.L("footnote", title=dt, line=line, quote=quote, url=origin))
    return NoteBlock(notes=notes) if notes else None


def display_title(ctx: Ctx, r: Any) -> str:
    """The event's title as every page shows it (:func:`policyscope.model.display.display_title`: a Chinese
    report never prints a bare English title), shortened for a table cell."""
    raw = r.to_dict() if hasattr(r, "to_dict") else dict(r) if hasattr(r, "keys") else vars(r)
    row = {k: (None if pd.api.types.is_scalar(v) and pd.isna(v) else v) for k, v in raw.items()}
    for k in ("title", "title_original", "title_zh", "title_en"):  # shorten the title, keep its label
        v = row.get(k)
        if isinstance(v, str) and len(v.strip()) > 80:
            row[k] = v.strip()[:78] + "…"
    return model_display_title(row, ctx.lang).strip() or "—"


def when_text(ctx: Ctx, d: Any, precision: Any) -> str:
    """A date as precise as the source gave it: 2021年 / 2021年12月 / 2021年12月1日 (or 2021 / December 2021…)."""
    if d is None or d != d:
        return ""
    d = pd.Timestamp(d)
    p = precision if isinstance(precision, str) else "day"
    if ctx.lang == "zh":
        return f"{d.year}年" if p == "year" else f"{d.year}年{d.month}月" if p == "month" else \
            f"{d.year}年{d.month}月{d.day}日"
    return str(d.year) if p == "year" else d.strftime("%B %Y") if p == "month" else d.strftime("%-d %B %Y")


def _coop_leaders(ctx: Ctx, date_from: str, date_to: str) -> Sentence | None:
    """The jurisdictions with the most cooperation events in the period (None when there are none)."""
    by_j = run(ctx.db, "counts", by=("jurisdiction",), date_from=date_from, date_to=date_to, types=("cooperation",),
               **count_kw(ctx))
    if not by_j.ok or by_j.frame().empty:
        return None
    top = by_j.frame().sort_values(["n", "jurisdiction"], ascending=[False, True])["jurisdiction"].head(3)
    return ctx.say("coop_leaders", top=[{"name": ctx.jname(str(j)), "n": fact(by_j, "n", "count", ctx.lang, jurisdiction=j)}
                                        for j in top])


def cooperation_events(ctx: Ctx, date_from: str, date_to: str, jurisdiction: str | None = None) -> list[Any]:
    db, lang = ctx.db, ctx.lang
    jk = {"jurisdictions": [jurisdiction]} if jurisdiction else {}
    cnt = run(db, "counts", by=("year",), date_from=date_from, date_to=date_to, types=("cooperation",),
              **jk, **count_kw(ctx))
    blocks: list[Any] = []
    if not cnt.ok:
        blocks.append(ctx.no_data(ctx.L("what_coop", d0=date_from, d1=date_to), cnt.error))
        return blocks
    f = cnt.frame().sort_values("year")
    last = int(f.iloc[-1]["year"])
    blocks.append(ctx.para(ctx.say("coop_lead", d0=date_from[:4], d1=date_to[:4],
                                   events=fact_attr(cnt, "events", "count", lang), year=last,
                                   n=fact(cnt, "n", "count", lang, year=last)),
                           None if jurisdiction else _coop_leaders(ctx, date_from, date_to)))
    ev = event_rows(ctx, date_from, date_to, jurisdiction=jurisdiction, type="cooperation", limit=12,
                    weightiest=True)
    if not ev.empty:
        blocks.append(event_table(ctx, "tab-coop", ctx.L("tab_coop", d0=date_from[:4], d1=date_to[:4]), ev))
        notes = evidence_notes(ctx, ev)
        if notes:
            blocks.append(notes)
    return blocks
