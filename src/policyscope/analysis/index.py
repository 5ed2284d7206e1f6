"""Composite indices from a declared spec, with the uncertainty analysis the JRC applies to the Global
Innovation Index: each indicator is (optionally log-)transformed, oriented, normalised (min-max, z-score or
distance to frontier), weighted and aggregated (arithmetic or geometric); jurisdictions below the spec's
minimum coverage are excluded and listed, the others are aggregated over the indicators they have (weights
renormalised) — never with a missing value read as zero. A seeded Monte Carlo then varies the weights
(each multiplied by U(1−s, 1+s)), the normalisation and the aggregation, and reports each jurisdiction's
median rank and 90 % interval (5th–95th percentile).

Normalisations (per indicator, after transformation and orientation):
- ``world`` (fixed anchors, the bundled spec's choice): 100 · (x − world min) / (world max − world min), the
  anchors being the lowest and highest value among *all* the world's countries with data in the window — a
  score does not depend on which jurisdictions are scored, and none gets 0 for being last among a few
- ``minmax``: 100 · (x − min) / (max − min) over the jurisdictions scored
- ``zscore``: (x − mean) / sd
- ``frontier``: distance to the frontier as a ratio, 100 · (x − floor) / (max − floor) with floor = 0 for
  non-negative untransformed data (so 100 = the best performer, 50 = half its level), else the minimum.
Geometric aggregation needs positive scores, so it works on each normalisation rescaled to [1, 100].
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from policyscope.analysis.base import (
    AnalysisError,
    AnalysisResult,
    Coverage,
    country_codes,
    indicator_info,
    observations,
)
from policyscope.analysis.params import SPECS_DIR, AnalysisParams, SpecName
from policyscope.errors import MissingFile
from policyscope.model import registry
from policyscope.store.database import Database

Normalisation = Literal["world", "minmax", "zscore", "frontier"]
Aggregation = Literal["arithmetic", "geometric"]



class IndexParams(AnalysisParams):
    """Parameters of :func:`composite_index` (over the web only the bundled specs)."""

    spec: SpecName = Field("digital_industry_strength.json",
                           description="Spec file (JSON/YAML) or a bundled spec name.")


class IndicatorSpec(BaseModel):
    code: str
    weight: float = Field(1.0, gt=0)
    direction: Literal[1, -1] = 1  # -1: lower is better
    transform: Literal["none", "log"] = "none"
    pillar: str | None = None
    name_en: str | None = None
    name_zh: str | None = None
    why: str | None = None


class MissingRule(BaseModel):
    min_coverage: float = Field(0.7, ge=0, le=1)  # share of the total weight a jurisdiction must have data for
    rule: Literal["renormalise", "exclude"] = "renormalise"  # exclude = every indicator required


class MonteCarlo(BaseModel):
    runs: int = Field(1000, ge=10, le=100_000)
    seed: int = 42
    weight_spread: float = Field(0.5, ge=0, lt=1)
    normalisations: list[Normalisation] = ["world", "zscore", "frontier"]
    aggregations: list[Aggregation] = ["arithmetic", "geometric"]


class IndexSpec(BaseModel):
    name_en: str
    name_zh: str
    description: str = ""
    year: int
    latest_within: int = Field(0, ge=0, le=10)
    jurisdictions: list[str]  # codes, names or groups (groups are expanded to their country members)
    indicators: list[IndicatorSpec] = Field(min_length=2)
    normalisation: Normalisation = "minmax"
    aggregation: Aggregation = "arithmetic"
    missing: MissingRule = MissingRule()
    monte_carlo: MonteCarlo | None = MonteCarlo()


class IndexRow(BaseModel):
    jurisdiction: str
    score: float
    rank: int
    median_rank: float | None = None
    rank_p05: float | None = None
    rank_p95: float | None = None
    indicators_used: int
    indicators_total: int


class IndexResult(AnalysisResult):
    rows: list[IndexRow]
    spec: IndexSpec
    excluded: list[str]
    indicator_years: dict[str, list[int]]
    anchors: dict[str, tuple[float, float]] = {}  # world min and max per indicator (transformed, oriented)


def load_spec(path: str | Path) -> IndexSpec:
    """Read a spec from JSON or YAML; errors name the file and the field."""
    p = Path(path)
    if not p.exists() and (SPECS_DIR / p.name).exists():
        p = SPECS_DIR / p.name
    if not p.exists():
        raise MissingFile(f"index spec {path} does not exist (bundled specs: "
                                f"{', '.join(x.name for x in SPECS_DIR.glob('*.json'))})")
    text = p.read_text(encoding="utf-8")
    try:
        if p.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # noqa: BLE001 - any parse error becomes one clear message
        raise AnalysisError(f"index spec {p}: cannot parse ({exc})") from exc
    try:
        return IndexSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise AnalysisError(f"index spec {p}: field {loc}: {first['msg']}") from exc


def _expand(names: list[str]) -> list[str]:
    reg = registry()
    out: list[str] = []
    for n in names:
        code = reg.resolve_code(n)
        j = reg.get(code)
        members = j.members if j.members else [code]
        for m in members:
            if m not in out and reg.by_code.get(m) and reg.by_code[m].kind in ("country", "territory"):
                out.append(m)
    return out


def _normalise(x: pd.DataFrame, how: str, raw_nonneg: pd.Series,
               anchors: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    if how == "world" and anchors:
        lo = pd.Series({c: anchors[c][0] for c in x.columns})
        hi = pd.Series({c: anchors[c][1] for c in x.columns})
        return (x - lo) / (hi - lo).replace(0, np.nan) * 100
    if how in ("minmax", "world"):
        lo, hi = x.min(), x.max()
        return (x - lo) / (hi - lo).replace(0, np.nan) * 100
    if how == "zscore":
        return (x - x.mean()) / x.std(ddof=0).replace(0, np.nan)
    lo, hi = x.min(), x.max()
    floor = lo.where(~raw_nonneg, 0.0)
    return (x - floor) / (hi - floor).replace(0, np.nan) * 100


def _world_anchors(db: Database, ind: IndicatorSpec, spec: IndexSpec) -> tuple[float, float]:
    """Lowest and highest value of the indicator among all countries with data in the spec's window, after the
    indicator's transformation and orientation: the fixed anchors of the ``world`` normalisation."""
    df = observations(db, ind.code, range(spec.year - spec.latest_within, spec.year + 1), country_codes())
    v = df.sort_values("year").groupby("jurisdiction").tail(1)["value"].astype(float)
    if ind.transform == "log":
        v = np.log(v[v > 0])
    v = v * ind.direction
    return (float(v.min()), float(v.max())) if len(v) else (float("nan"), float("nan"))


def _to_1_100(s: pd.DataFrame) -> pd.DataFrame:
    lo, hi = s.min(), s.max()
    return 1 + 99 * (s - lo) / (hi - lo).replace(0, np.nan)


def _aggregate(s: np.ndarray, w: np.ndarray, how: str) -> np.ndarray:
    """Weighted mean over available indicators (NaN skipped, weights renormalised per row)."""
    mask = ~np.isnan(s)
    ww = np.where(mask, w, 0.0)
    tot = ww.sum(axis=1)
    if how == "arithmetic":
        return np.asarray((np.where(mask, s, 0.0) * ww).sum(axis=1) / tot)
    return np.asarray(np.exp((np.where(mask, np.log(np.where(mask, s, 1.0)), 0.0) * ww).sum(axis=1) / tot))


def _ranks(scores: np.ndarray) -> np.ndarray:
    return np.asarray(pd.Series(scores).rank(ascending=False, method="min").to_numpy())


def composite_index(db: Database, spec: IndexSpec | str | Path) -> IndexResult:
    """Score, rank and Monte Carlo rank interval of every jurisdiction in the spec."""
    if not isinstance(spec, IndexSpec):
        spec = load_spec(spec)
    juris = _expand(spec.jurisdictions)
    if len(juris) < 3:
        raise AnalysisError("an index needs at least three jurisdictions")
    cols, years_used, raw_nonneg = {}, {}, {}
    anchors: dict[str, tuple[float, float]] = {}
    sources: set[str] = set()
    vintages: set[str] = set()
    for ind in spec.indicators:
        indicator_info(db, ind.code)
        df = observations(db, ind.code, range(spec.year - spec.latest_within, spec.year + 1), juris)
        df = df.sort_values("year").groupby("jurisdiction").tail(1)  # latest year within the window
        if df.empty:
            raise AnalysisError(f"index indicator {ind.code} has no data for {spec.year - spec.latest_within}–{spec.year}")
        s = df.set_index("jurisdiction")["value"].astype(float)
        if ind.transform == "log":
            if (s <= 0).any():
                bad = ", ".join(s[s <= 0].index[:5])
                raise AnalysisError(f"index indicator {ind.code}: log transform of non-positive values ({bad})")
            s = np.log(s)
        cols[ind.code] = s * ind.direction
        anchors[ind.code] = _world_anchors(db, ind, spec)
        raw_nonneg[ind.code] = ind.transform == "none" and ind.direction == 1 and bool((df["value"] >= 0).all())
        years_used[ind.code] = sorted(int(y) for y in df["year"].unique())
        sources.update(str(x) for x in df["source"].dropna().unique()[:3])
        vintages.update(str(x) for x in df["vintage"].dropna().unique())
    x = pd.DataFrame(cols).reindex(juris)
    w = np.array([i.weight for i in spec.indicators], dtype=float)
    have = (~x.isna()).to_numpy()
    cov = (have * w).sum(axis=1) / w.sum()
    need = 1.0 if spec.missing.rule == "exclude" else spec.missing.min_coverage
    keep = cov >= need - 1e-12
    excluded = [j for j, k in zip(juris, keep, strict=True) if not k]
    x = x[keep]
    if len(x) < 3:
        raise AnalysisError(f"only {len(x)} jurisdictions meet the coverage rule ({need:.0%} of the weight)")
    nonneg = pd.Series(raw_nonneg)
    norm = {h: _normalise(x, h, nonneg, anchors) for h in ("world", "minmax", "zscore", "frontier")}
    geo = {h: _to_1_100(v) for h, v in norm.items()}

    def scores(how_norm: str, how_agg: str, weights: np.ndarray) -> np.ndarray:
        m = (geo if how_agg == "geometric" else norm)[how_norm].to_numpy()
        return _aggregate(m, weights, how_agg)

    base = scores(spec.normalisation, spec.aggregation, w)
    rk = _ranks(base)
    mc = None
    if spec.monte_carlo:
        m = spec.monte_carlo
        rng = np.random.default_rng(m.seed)
        all_ranks = np.empty((m.runs, len(x)))
        for i in range(m.runs):
            ww = w * rng.uniform(1 - m.weight_spread, 1 + m.weight_spread, size=len(w))
            nh = m.normalisations[rng.integers(len(m.normalisations))]
            ah = m.aggregations[rng.integers(len(m.aggregations))]
            all_ranks[i] = _ranks(scores(nh, ah, ww))
        mc = (np.median(all_ranks, axis=0), np.percentile(all_ranks, 5, axis=0), np.percentile(all_ranks, 95, axis=0))
    used = (~x.isna()).sum(axis=1).to_numpy()
    rows = []
    for k, j in enumerate(x.index):
        r = IndexRow(jurisdiction=j, score=float(base[k]), rank=int(rk[k]), indicators_used=int(used[k]),
                     indicators_total=len(spec.indicators))
        if mc is not None:
            r.median_rank, r.rank_p05, r.rank_p95 = float(mc[0][k]), float(mc[1][k]), float(mc[2][k])
        rows.append(r)
    rows.sort(key=lambda r: (r.rank, r.jurisdiction))
    notes = []
    if excluded:
        notes.append(f"excluded for coverage below {need:.0%} of the weight: {', '.join(excluded)}")
    if spec.monte_carlo:
        notes.append(f"Monte Carlo: {spec.monte_carlo.runs} runs, seed {spec.monte_carlo.seed}, weights ×U(1±"
                     f"{spec.monte_carlo.weight_spread}), normalisations {spec.monte_carlo.normalisations}, "
                     f"aggregations {spec.monte_carlo.aggregations}")
    return IndexResult(
        analysis="index", params={"name": spec.name_en, "year": spec.year}, rows=rows, spec=spec, excluded=excluded,
        indicator_years=years_used, anchors=anchors, sources=sorted(sources), vintages=sorted(vintages), notes=notes,
        coverage=Coverage(with_data=len(x), total=len(juris), missing=excluded,
                          note=f"jurisdictions with data for at least {need:.0%} of the weight"),
    )
