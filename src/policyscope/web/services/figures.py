"""What the analytical pages show, assembled once for the page and for its JSON twin.

Figures come from ``policyscope.analysis`` (rank, radar, network, counts) and charts from
``policyscope.report.charts`` — the same functions the CLI and the reports use. This module only picks the
parameters (which peers, which year) and puts labels in the reader's language.
"""

from __future__ import annotations

from typing import Any

from policyscope.analysis.base import catalogue_entry
from policyscope.analysis.lists import split_list
from policyscope.errors import PolicyscopeError
from policyscope.model import registry
from policyscope.store.database import Database
from policyscope.web import i18n
from policyscope.web.services.precomputed import per_snapshot
from policyscope.web.services.reads import BadQuery, indicator_exists, observations, records, resolve_many

ATLAS_URL = "/static-vendor/world-110m.json"  # served by the map router, cached by the browser

KEY_INDICATORS = ("GB.XPD.RSDV.GD.ZS", "GERD_USD", "SP.POP.SCIE.RD.P6", "IP.PAT.RESD", "IP.JRN.ARTC.SC",
                  "TX.VAL.TECH.CD")
PEER_GROUPS = ("G7", "EU27", "OECD", "G20", "BRICS")
DEFAULT_EXPLORE = {"indicator": "GB.XPD.RSDV.GD.ZS", "j": "CHN,USA,JPN,DEU,KOR", "from": "2000", "to": ""}
DEFAULT_COMPARE = ("CHN", "USA", "JPN", "DEU", "KOR")
COAUTHOR = "OPENALEX.COAUTHOR"
INFO_FIELDS = ("code", "name_en", "name_zh", "unit", "source", "licence", "definition")


def indicator_info(db: Database, code: str) -> dict[str, Any]:
    """An indicator's catalogue entry, from the catalogue the analyses keep per snapshot (a compare view asks
    for 30 entries: a query each cost ≈ 0.1 s in all)."""
    info = catalogue_entry(db, code)
    if info is None:
        raise BadQuery(f"indicator={code!r} is unknown; see /api/v1/indicators")
    return {k: info.get(k) for k in INFO_FIELDS}


def _ind_name(info: dict[str, Any], lang: str) -> str:
    return info["name_zh"] if lang == "zh" and info.get("name_zh") else info["name_en"]


def _year(value: str | int | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        y = int(value)
    except (TypeError, ValueError):
        raise BadQuery(f"{name}={value!r} must be a year like 2020") from None
    if not 1900 <= y <= 2100:
        raise BadQuery(f"{name}={value!r} is outside 1900–2100")
    return y


@per_snapshot
def explore(db: Database, indicator: str, juris: str | list[str] | None, year_from: str | None, year_to: str | None,
            lang: str) -> dict[str, Any]:
    """Indicator explorer: observations of one indicator for chosen jurisdictions and years, with a chart."""
    from policyscope.report import charts

    info = indicator_info(db, indicator)
    codes = resolve_many(juris, expand_groups=True) or list(DEFAULT_COMPARE)
    if len(codes) > 40:
        raise BadQuery(f"choose at most 40 jurisdictions ({len(codes)} given, groups counted by their members)")
    y0, y1 = _year(year_from, "from"), _year(year_to, "to")
    df = observations(db, [indicator], codes, y0, y1)
    df["name"] = [i18n.jname(c, lang) for c in df["jurisdiction"]]
    meta = charts.ChartMeta(title=_ind_name(info, lang), units=info.get("unit") or "", source=info.get("source") or "",
                            lang=lang, width=640, height=300)
    spec = charts.line(df[["year", "value", "name"]], "year", "value", meta, color="name",
                       x_title=i18n.t("year", lang), y_title=info.get("unit") or "")
    params = {"indicator": indicator, "j": ",".join(codes), "from": y0 or "", "to": y1 or ""}
    return {"indicator": info, "jurisdictions": codes, "from": y0, "to": y1, "rows": records(df), "spec": spec,
            "params": params}


def _peers(code: str) -> tuple[str | None, list[str]]:
    j = registry().by_code.get(code)
    groups = set(j.groups or []) if j else set()
    for g in PEER_GROUPS:
        if g in groups:
            return g, registry().members(g)
    return None, []


def _latest_year(db: Database, indicator: str, code: str) -> int | None:
    y = db.scalar("SELECT max(year) FROM main.observations WHERE indicator = ? AND jurisdiction = ?", [indicator, code])
    return int(y) if y is not None else None


@per_snapshot(persist=False, size=64)
def _peer_rank(db: Database, indicator: str, year: int, peers: tuple[str, ...]) -> Any:
    """One indicator ranked within a peer group: the same for every member, so computed once per snapshot."""
    from policyscope.analysis.rank import rank

    return rank(db, indicator, year, jurisdictions=list(peers))


def _peers_table(db: Database, code: str, peers: list[str]) -> list[dict[str, Any]]:
    """The key indicators' latest values of ``code`` ranked among its peers (names added per language)."""
    table = []
    for ind in KEY_INDICATORS:
        if not indicator_exists(db, ind):
            continue
        year = _latest_year(db, ind, code)
        if year is None:
            continue
        res = _peer_rank(db, ind, year, tuple(peers))
        mine = next((r for r in res.rows if r.jurisdiction == code), None)
        if mine is None:
            continue
        info = indicator_info(db, ind)
        leader = res.rows[0]
        table.append({"indicator": ind, "info": info, "unit": info.get("unit"), "year": year, "value": mine.value,
                      "rank": mine.rank, "of": len(res.rows), "leader": leader.jurisdiction,
                      "leader_value": leader.value})
    return table


def _profile_radar(db: Database, code: str, table: list[dict[str, Any]]) -> tuple[Any, str | None]:
    """The radar of ``code`` and two major economies on its ranked indicators, or the reason there is none."""
    from policyscope.analysis.radar import radar

    compare_with = [p for p in ("USA", "CHN", "DEU", "JPN") if p != code][:2]
    try:
        inds = [r["indicator"] for r in table][:6]
        year = max(r["year"] for r in table)
        return radar(db, [code, *compare_with], inds, year, latest_within=5, scale="world"), None
    except PolicyscopeError as exc:  # e.g. no indicator with data for all three: the page says so
        return None, exc.message


@per_snapshot(persist=False, size=16)
def _profile_data(db: Database, code: str) -> dict[str, Any]:
    """What a profile shows, before names and charts in the reader's language: computed once for both."""
    from policyscope.analysis.counts import event_counts
    from policyscope.analysis.network import top_partners

    j = registry().by_code.get(code)
    if j is None:
        raise BadQuery(f"jurisdiction {code!r} is unknown")
    counts = event_counts(db, by=("year", "type"), jurisdictions=[code])
    data: dict[str, Any] = {"j": j, "counts": [r.model_dump() for r in counts.rows if r.year is not None]}
    data["recent_events"] = records(db.df(
        "SELECT id, date, title, title_en, title_zh, type, review_state FROM main.events WHERE jurisdiction = ? "
        "AND review_state IN ('auto', 'accepted', 'edited') ORDER BY date DESC NULLS LAST, id LIMIT 10", [code]))
    data["group"], peers = _peers(code)
    data["table"] = _peers_table(db, code, peers) if peers and code in peers else []
    data["radar"], data["radar_note"] = _profile_radar(db, code, data["table"]) if data["table"] else (None, None)
    year = db.scalar("SELECT max(year) FROM main.edges WHERE indicator = ? AND (a = ? OR b = ?)", [COAUTHOR, code, code])
    data["partners_year"] = year
    data["partners"] = top_partners(db, COAUTHOR, code, int(year), n=10) if year is not None else None
    return data


@per_snapshot
def profile(db: Database, code: str, lang: str) -> dict[str, Any]:
    """Jurisdiction profile: events over time, indicators against peers, radar, co-authorship partners."""
    from policyscope.report import charts

    data = _profile_data(db, code)
    j = data["j"]
    name = i18n.jname(code, lang)
    out: dict[str, Any] = {"jurisdiction": j.model_dump(exclude={"members"}) | {"members": j.members},
                           "name": name, "notes": []}
    crow = [r | {"type_label": i18n.label("event_types", r["type"], lang)} for r in data["counts"]]
    out["event_counts"] = crow
    out["timeline_spec"] = charts.stacked_bar(
        crow, "year", "n", "type_label",
        charts.ChartMeta(title=f"{name} · {i18n.t('timeline', lang)}", lang=lang, width=430, height=220),
        x_title=i18n.t("year", lang), y_title=i18n.t("events", lang)) if crow else None
    out["recent_events"] = [dict(r) for r in data["recent_events"]]
    out["peer_group"] = data["group"]
    out["peers_table"] = [{"indicator": r["indicator"], "name": _ind_name(r["info"], lang)}
                          | {k: v for k, v in r.items() if k not in ("indicator", "info")} for r in data["table"]]
    rr = data["radar"]
    out["radar"] = rr.model_dump(mode="json") if rr is not None else None
    out["radar_spec"] = radar_spec(db, rr, lang, f"{name} · {i18n.t('radar', lang)}") if rr is not None else None
    if data["radar_note"]:
        out["notes"].append(data["radar_note"])
    out |= _partners_view(data, name, lang)
    return out


def _partners_view(data: dict[str, Any], name: str, lang: str) -> dict[str, Any]:
    """The co-authorship partners of a profile as a bar chart and a map, in the reader's language."""
    from policyscope.report import charts

    tp, year = data["partners"], data["partners_year"]
    if tp is None:
        return {"partners": None, "partners_spec": None, "partners_map_spec": None}
    rows = [{"partner": i18n.jname(r.partner, lang), "value": r.value} for r in tp.rows]

    def meta() -> Any:
        return charts.ChartMeta(title=f"{name} · {i18n.t('top_partners', lang)} ({year})",
                                units="合著论文（篇）" if lang == "zh" else "co-authored works", lang=lang,
                                source="OpenAlex", width=480)

    return {"partners": tp.model_dump(mode="json"),
            "partners_spec": charts.bar(rows, "partner", "value", meta(), value_format=",.0f") if rows else None,
            "partners_map_spec": charts.choropleth(
                [{"jurisdiction": r.partner, "value": r.value, "name": i18n.jname(r.partner, lang)} for r in tp.rows],
                meta(), topo_url=ATLAS_URL, value_format=",.0f") if rows else None}


def radar_spec(db: Database, rr: Any, lang: str, title: str) -> dict[str, Any]:
    from policyscope.report import charts

    names = {c: _ind_name(indicator_info(db, c), lang) for c in rr.indicators}
    short = {c: (n if len(n) <= 30 else n[:29] + "…") for c, n in names.items()}
    rows = [{"axis": short[r.indicator], "score": r.score, "series": i18n.jname(r.jurisdiction, lang)}
            for r in rr.rows if r.score is not None]
    return charts.radar(rows, "axis", "score", "series", charts.ChartMeta(title=title, lang=lang, width=520,
                                                                       height=420))


@per_snapshot
def compare(db: Database, juris: str | list[str] | None, indicators: str | list[str] | None, year: str | None,
            lang: str) -> dict[str, Any]:
    """Several jurisdictions side by side: radar scores on several indicators and event counts by domain."""
    from policyscope.analysis.counts import event_counts
    from policyscope.analysis.radar import radar
    from policyscope.report import charts

    codes = resolve_many(juris, expand_groups=True) or list(DEFAULT_COMPARE)
    if not 2 <= len(codes) <= 12:
        raise BadQuery(f"compare needs 2 to 12 jurisdictions ({len(codes)} given, groups counted by their members)")
    inds = split_list(indicators) or [i for i in KEY_INDICATORS if indicator_exists(db, i)]
    for i in inds:
        indicator_info(db, i)
    y = _year(year, "year") or int(db.scalar(
        "SELECT max(year) FROM main.observations WHERE indicator = ?", [inds[0]]) or 2022)
    rr = radar(db, codes, inds, y, latest_within=5, scale="world")
    # stacked by type: an event has one type but may have several domains, and a stack must count it once
    counts = event_counts(db, by=("jurisdiction", "type"), jurisdictions=codes)
    crow = [r.model_dump() for r in counts.rows]
    for r in crow:
        r["name"] = i18n.jname(r["jurisdiction"], lang)
        r["type_label"] = i18n.label("event_types", r["type"], lang)
    spec_counts = charts.stacked_bar(
        crow, "name", "n", "type_label",
        charts.ChartMeta(title=i18n.t("events", lang) + " × " + i18n.t("type", lang), lang=lang, width=560),
        x_title="", y_title=i18n.t("events", lang)) if crow else None
    years = sorted({int(r.year) for r in rr.rows if r.year is not None})
    shown = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0] if years else y)  # the data's years
    table = []
    for r in rr.rows:
        table.append({"jurisdiction": r.jurisdiction, "name": i18n.jname(r.jurisdiction, lang),
                      "indicator": r.indicator, "indicator_name": _ind_name(indicator_info(db, r.indicator), lang),
                      "value": r.value, "year": r.year, "score": r.score})
    return {"jurisdictions": codes, "indicators": inds, "year": y, "radar": rr.model_dump(mode="json"),
            "table": table, "radar_spec": radar_spec(db, rr, lang, i18n.t("compare", lang) + (
                f"（{shown}年数据）" if lang == "zh" else f" ({shown} data)")),
            "event_counts": crow, "counts_spec": spec_counts,
            "params": {"j": ",".join(codes), "indicators": ",".join(inds), "year": y}}


@per_snapshot
def network_view(db: Database, indicator: str | None, year: str | None, top: str | None, focus: str | None,
                 lang: str) -> dict[str, Any]:
    """Collaboration network of the top jurisdictions for one edge indicator and year."""
    from policyscope.analysis.network import top_partners

    ind = indicator or COAUTHOR
    if not db.scalar("SELECT count(*) FROM main.edges WHERE indicator = ? LIMIT 1", [ind]):
        raise BadQuery(f"indicator={ind!r} has no edges; see /api/v1/edges")
    y = _year(year, "year") or int(db.scalar("SELECT max(year) FROM main.edges WHERE indicator = ?", [ind]))
    try:
        n = int(top or 15)
    except ValueError:
        raise BadQuery(f"top={top!r} must be a whole number") from None
    if not 2 <= n <= 60:
        raise BadQuery("top must be between 2 and 60")
    f = resolve_many(focus)[0] if focus else None
    partners = top_partners(db, ind, f, y, n=15).model_dump(mode="json") if f else None
    return {**_network_base(db, ind, y, n, lang), "indicator": ind, "year": y, "top": n, "focus": f,
            "partners": partners,
            "params": {"indicator": ind, "year": y, "top": n, "focus": f or ""}}


@per_snapshot
def _network_base(db: Database, ind: str, y: int, n: int, lang: str) -> dict[str, Any]:
    """The network and its chart, which do not depend on the focus: a focus only adds its partners (measured:
    a focus recomputed the whole network, 0.3–1.7 s, where its partners take 0.07 s)."""
    from policyscope.analysis.network import network
    from policyscope.report import charts

    res = network(db, edges=ind, year=y, top=n)
    nodes = [r.model_dump() | {"label": i18n.jname(r.jurisdiction, lang)} for r in res.rows]
    keep = {r["jurisdiction"] for r in nodes}
    edges = [e.model_dump() for e in res.edges if e.a in keep and e.b in keep]
    spec = charts.network(nodes, edges, charts.ChartMeta(
        title=f"{i18n.t('network', lang)} · {i18n.t('edge_' + ind, lang)} ({y})", lang=lang, source="OpenAlex",
        width=560, height=520), label="label")
    return {"network": res.model_dump(mode="json"), "nodes": nodes, "spec": spec}
