"""Collaboration networks from pairwise edges (OpenAlex co-authorship; 000 表5–6, 004 图8–13).

Edges are stored in both directions; here they become undirected pairs (the larger of the two directions
when they differ, which happens for 12 OpenAlex arcs). Node measures come from networkx: ``degree``
(partners with weight ≥ min_weight), ``strength`` (sum of pair weights), ``top_partner`` and ``share`` =
strength / sum of all pair weights × 100, i.e. the share of the world's country-pair links the country takes
part in (full counting, so shares sum to 200 %, like "US in 62 % of co-applications").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
from pydantic import AfterValidator, BaseModel, Field

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    table,
)
from policyscope.analysis.params import AnalysisParams, Cli, Jurisdiction, Jurisdictions, Kind, Year
from policyscope.model import registry
from policyscope.store.database import Database

if TYPE_CHECKING:
    import networkx as nx


def _edge_code(code: str) -> str:
    code = code.strip()
    if not code or len(code) > 64 or not all(c.isalnum() or c in "._-" for c in code):
        raise ValueError(f"{code!r} is not an edge indicator code such as OPENALEX.COAUTHOR")
    return code


EdgeIndicator = Annotated[str, AfterValidator(_edge_code), Kind("indicator")]


class NetworkParams(AnalysisParams):
    """Parameters of :func:`network`."""

    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    edges: EdgeIndicator = Field("OPENALEX.COAUTHOR", description="Edge indicator code.")
    min_weight: float = Field(0, ge=0, description="Leave out pairs below this weight.")
    top: int | None = Field(None, ge=1, description="Keep the top N nodes by strength.")
    compare_year: Year | None = Field(None, description="Year to compare strengths and ranks with.")
    focus: Jurisdiction | None = Field(None, description="One jurisdiction's ego network.")


class TopPartnersParams(AnalysisParams):
    """Parameters of :func:`top_partners`."""

    jurisdiction: Annotated[Jurisdiction, Cli("--jurisdiction", "-j")] = Field(
        description="Whose partners (a name or code, 中文 or English).")
    year: Annotated[Year, Cli("--year", "-y")] = Field(description="Year.")
    edges: EdgeIndicator = Field("OPENALEX.COAUTHOR", description="Edge indicator code.")
    n: int = Field(10, ge=1, description="How many partners.")
    groups: Jurisdictions = Field(None, description="Group rows to add, e.g. EU27 (sum over members).")

    def arguments(self) -> dict[str, Any]:
        return super().arguments() | {"groups": tuple(self.groups or ())}


class NodeRow(BaseModel):
    jurisdiction: str
    degree: int
    strength: float
    top_partner: str | None
    share: float  # percent of all pair weights the node takes part in
    rank: int
    compare_strength: float | None = None
    strength_change_pct: float | None = None
    compare_rank: int | None = None


class EdgeRow(BaseModel):
    a: str
    b: str
    value: float
    compare_value: float | None = None


class NetworkResult(AnalysisResult):
    rows: list[NodeRow]
    edges: list[EdgeRow]
    indicator: str
    year: int
    compare_year: int | None
    total_weight: float
    n_nodes: int
    n_edges: int
    density: float

    @property
    def nodes(self) -> list[NodeRow]:
        return self.rows

    def graph_json(self) -> dict[str, Any]:
        """The CLI/API shape: {nodes: [...], edges: [...]} plus metadata."""
        d = self.model_dump(mode="json")
        d["nodes"] = d.pop("rows")
        return d


def pairs(db: Database, indicator: str, year: int | Sequence[int] | None = None) -> pd.DataFrame:
    """Undirected pairs (a < b) with value, for one year, several years or all (Ibis → DuckDB)."""
    import ibis

    e = table(db, "edges")
    expr = e.filter(e.indicator == indicator)
    if year is not None:
        years = [int(year)] if isinstance(year, int) else [int(y) for y in year]
        expr = expr.filter(e.year.isin(years))
    expr = expr.filter(expr.a != expr.b)
    lo = ibis.least(expr.a, expr.b).name("a")
    hi = ibis.greatest(expr.a, expr.b).name("b")
    agg = expr.group_by([expr.year, lo, hi]).aggregate(value=expr.value.max())
    return agg.order_by(["year", "a", "b"]).to_pandas()  # ordered: the graph is then built the same everywhere


def _graph(df: pd.DataFrame, min_weight: float) -> nx.Graph[str]:
    import networkx as nx

    g: nx.Graph[str] = nx.Graph()
    for r in df.itertuples():
        if r.value >= min_weight and r.value > 0:
            g.add_edge(r.a, r.b, weight=float(r.value))
    return g


def _node_table(g: nx.Graph[str]) -> pd.DataFrame:
    total = g.size(weight="weight")
    rows = []
    for n in g.nodes:
        nbrs = g[n]
        top = max(nbrs, key=lambda m: (nbrs[m]["weight"], m)) if nbrs else None
        strength = float(sum(d["weight"] for d in nbrs.values()))
        rows.append({"jurisdiction": n, "degree": len(nbrs), "strength": strength, "top_partner": top,
                     "share": strength / total * 100 if total else 0.0})
    t = pd.DataFrame(rows, columns=["jurisdiction", "degree", "strength", "top_partner", "share"])
    t = t.sort_values(["strength", "jurisdiction"], ascending=[False, True]).reset_index(drop=True)
    t["rank"] = range(1, len(t) + 1)
    return t


def _check(db: Database, indicator: str, year: int) -> None:
    e = table(db, "edges")
    mine = e.filter(e.indicator == indicator)
    n = int(mine.filter(mine.year == int(year)).count().to_pyarrow().as_py())
    if not n:
        years = mine.aggregate(lo=mine.year.min(), hi=mine.year.max()).to_pandas()
        lo, hi = years["lo"].iloc[0], years["hi"].iloc[0]
        if pd.isna(lo):
            known = e.select("indicator").distinct().order_by("indicator").to_pandas()["indicator"]
            raise AnalysisError(f"unknown edge indicator {indicator!r} (known: {', '.join(known)})")
        raise AnalysisError(f"{indicator} has no edges in {year} (data cover {int(lo)}–{int(hi)})")


def _sources(db: Database, edges: str) -> tuple[list[str], list[str]]:
    """The edge indicator's source and up to three vintages of its publisher's observations."""
    i, o = table(db, "indicators"), table(db, "observations")
    src = i.filter(i.code == edges).select("source").to_pandas()["source"].dropna().tolist() or [edges]
    prefix = edges.split(".", 1)[0] + "."
    vin = (o.filter(o.indicator.startswith(prefix) & o.vintage.notnull()).select("vintage").distinct()
           .order_by("vintage").limit(3).to_pandas()["vintage"])
    return src, sorted({str(v) for v in vin})


def network(
    db: Database,
    edges: str = "OPENALEX.COAUTHOR",
    year: int = 2023,
    min_weight: float = 0,
    top: int | None = None,
    compare_year: int | None = None,
    focus: str | None = None,
) -> NetworkResult:
    """Node measures and edges of the ``edges`` network in ``year``; ``focus`` keeps one country's ego network."""
    import networkx as nx

    _check(db, edges, year)
    focus_code = registry().resolve_code(focus) if focus else None
    g = _graph(pairs(db, edges, year), min_weight)
    total = g.size(weight="weight")
    nodes = _node_table(g)
    prev_nodes = prev_g = None
    if compare_year is not None:
        _check(db, edges, compare_year)
        prev_g = _graph(pairs(db, edges, compare_year), min_weight)
        prev_nodes = _node_table(prev_g).set_index("jurisdiction")
    keep = set(nodes["jurisdiction"])
    if focus_code:
        if focus_code not in g:
            raise AnalysisError(f"{focus_code} has no {edges} edges in {year}")
        keep = {focus_code, *g[focus_code]}
    if top:
        ranked = [j for j in nodes["jurisdiction"] if j in keep]
        if focus_code:  # ego network: the focus plus its top partners
            partners = sorted(g[focus_code], key=lambda m: -g[focus_code][m]["weight"])[:top]
            keep = {focus_code, *partners}
        else:
            keep = set(ranked[:top])
    node_rows: list[NodeRow] = []
    for r in nodes.itertuples():
        if r.jurisdiction not in keep:
            continue
        row = NodeRow(jurisdiction=r.jurisdiction, degree=int(r.degree), strength=float(r.strength),
                      top_partner=r.top_partner, share=float(r.share), rank=int(r.rank))
        if prev_nodes is not None and r.jurisdiction in prev_nodes.index:
            ps = float(prev_nodes.at[r.jurisdiction, "strength"])
            row.compare_strength = ps
            row.strength_change_pct = (row.strength / ps - 1) * 100 if ps else None
            row.compare_rank = int(prev_nodes.at[r.jurisdiction, "rank"])
        node_rows.append(row)
    edge_rows: list[EdgeRow] = []
    for a, b, d in g.edges(data=True):
        if a in keep and b in keep and (not focus_code or focus_code in (a, b)):
            lo, hi = sorted((a, b))
            er = EdgeRow(a=lo, b=hi, value=d["weight"])
            if prev_g is not None and prev_g.has_edge(a, b):
                er.compare_value = prev_g[a][b]["weight"]
            edge_rows.append(er)
    edge_rows.sort(key=lambda e: (-e.value, e.a, e.b))
    n_countries = sum(1 for j in registry().by_code.values() if j.kind in ("country", "territory"))
    sources, vintages = _sources(db, edges)
    return NetworkResult(
        analysis="network",
        params={"edges": edges, "year": year, "min_weight": min_weight, "top": top, "compare_year": compare_year,
                "focus": focus_code},
        rows=node_rows, edges=edge_rows, indicator=edges, year=year, compare_year=compare_year, total_weight=total,
        n_nodes=g.number_of_nodes(), n_edges=g.number_of_edges(), density=nx.density(g) if len(g) > 1 else 0.0,
        coverage=Coverage(with_data=g.number_of_nodes(), total=n_countries,
                          note=f"{g.number_of_nodes()} jurisdictions have at least one {edges} edge in {year}"),
        sources=sources, vintages=vintages,
    )


class PartnerRow(BaseModel):
    rank: int
    partner: str
    value: float
    share: float  # percent of the focus country's strength


class PartnersResult(AnalysisResult):
    rows: list[PartnerRow]
    jurisdiction: str
    year: int
    indicator: str
    own_count: float | None = None  # the country's own co-authored works (observation), when recorded


def top_partners(
    db: Database,
    edges: str,
    jurisdiction: str,
    year: int,
    n: int = 10,
    groups: Sequence[str] = (),
) -> PartnersResult:
    """The ``n`` largest partners of a jurisdiction; ``groups`` (e.g. EU27) adds group rows = sum over members
    (an upper bound: a work with two EU partners counts twice)."""
    _check(db, edges, year)
    code = registry().resolve_code(jurisdiction)
    df = pairs(db, edges, year)
    mine = df[(df["a"] == code) | (df["b"] == code)].copy()
    if mine.empty:
        raise AnalysisError(f"{code} has no {edges} edges in {year}")
    mine["partner"] = mine["a"].where(mine["b"] == code, mine["b"])
    s = mine.set_index("partner")["value"].astype(float)
    strength = float(s.sum())
    notes: list[str] = []
    reg = registry()
    for gcode in groups:
        members = [m for m in reg.members(reg.resolve_code(gcode)) if m != code]
        s.loc[gcode] = float(s[s.index.isin(members)].sum())
        notes.append(f"{gcode} = sum over its members' pair counts (upper bound: works with several members count "
                     "once per member)")
    s = s.sort_values(ascending=False)
    rows = [PartnerRow(rank=i + 1, partner=str(p), value=float(v), share=float(v) / strength * 100)
            for i, (p, v) in enumerate(s.head(n).items())]
    own = None
    if edges == "OPENALEX.COAUTHOR":
        o = table(db, "observations")
        hit = o.filter((o.indicator == "OPENALEX.COAUTHORED_WORKS") & (o.jurisdiction == code)
                       & (o.year == int(year))).select("value").to_pandas()["value"]
        own = float(hit.iloc[0]) if len(hit) else None
    return PartnersResult(analysis="top_partners",
                          params={"edges": edges, "jurisdiction": code, "year": year, "n": n, "groups": list(groups)},
                          rows=rows, jurisdiction=code, year=year, indicator=edges, own_count=own, notes=notes,
                          coverage=Coverage(with_data=len(mine), total=len(mine),
                                            note=f"{code} has {len(mine)} partners in {year}"))
