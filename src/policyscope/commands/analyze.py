"""`policyscope analyze …`: every analysis from the command line, with ``--format table|csv|json``.

The commands only parse options and print; the numbers come from ``policyscope.analysis`` (the same
functions the API, the web pages and the reports call). JSON prints the whole result (rows plus coverage,
sources, vintages and notes); CSV prints the rows; the table adds names in both languages.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from policyscope.commands.common import DbOption, FormatOption, OutFormat, console, emit, friendly_errors
from policyscope.errors import InputError
from policyscope.store.database import open_db

app = typer.Typer(help="Analyses that recompute the seeds' figures (shares, ranks, growth, tiers, networks…). "
                  "分析：复算种子报告中的占比、排名、增速、梯队、网络等。",
                  no_args_is_help=True)

IndicatorOpt = Annotated[str, typer.Option("--indicator", "-i", help="Indicator code (see `policyscope indicators list`).")]
YearOpt = Annotated[int, typer.Option("--year", "-y", help="Year.")]
JurisOpt = Annotated[str | None, typer.Option("--jurisdictions", "-j",
                                              help="Comma-separated names or codes, 中文 or English (美国,China,DEU).")]


BackendOpt = Annotated[str, typer.Option("--backend", help="duckdb (the store, default) or spark (a Parquet export "
                                         "read by Spark through Ibis; needs --parquet). 后端：duckdb 或 spark。")]
ParquetOpt = Annotated[Path | None, typer.Option("--parquet", help="With --backend spark: the folder written by "
                                                 "`policyscope export --format parquet`.")]
MasterOpt = Annotated[str | None, typer.Option("--master", help="With --backend spark: Spark master "
                                               "(default local[*]; spark://host:7077 for a cluster).")]


@contextmanager
def _source(db: Path | None, backend: str = "duckdb", parquet: Path | None = None,
            master: str | None = None) -> Iterator[Any]:
    """What the analysis reads: the DuckDB store, or with ``--backend spark`` the Parquet export on Spark."""
    from policyscope.analysis.backends import Backend, open_source

    if backend not in {b.value for b in Backend}:
        raise InputError(f"--backend must be duckdb or spark, not {backend!r}")
    if Backend(backend) == Backend.spark:
        yield open_source(backend, None, parquet, master)
        return
    with open_db(db, read_only=True) as d:
        yield d


def _split(s: str | None) -> list[str] | None:
    if not s:
        return None
    return [p.strip() for p in s.replace("，", ",").split(",") if p.strip()]


def _numbers(s: str | None) -> list[float] | None:
    if not s:
        return None
    out = []
    for p in _split(s) or []:
        try:
            out.append(float(p))
        except ValueError:
            raise InputError(f"--thresholds: {p!r} is not a number") from None
    return out


def _with_names(df: pd.DataFrame) -> pd.DataFrame:
    from policyscope.analysis.base import names_of

    for col in ("jurisdiction", "country", "partner"):
        if col in df.columns and len(df):
            pos = list(df.columns).index(col) + 1
            df = df.copy()
            df.insert(pos, "name_zh", [names_of(c)[1] if isinstance(c, str) else None for c in df[col]])
            df.insert(pos + 1, "name_en", [names_of(c)[0] if isinstance(c, str) else None for c in df[col]])
            break
    return df


def _readable(df: pd.DataFrame) -> pd.DataFrame:
    """Table view only: large numbers with thousands separators, small ones to 3 decimals."""
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]):
            big = df[c].abs().max() >= 1e4
            df[c] = [None if v != v else (f"{v:,.0f}" if big else f"{v:.3f}") for v in df[c]]
    return df


def _out(result: Any, fmt: OutFormat, json_obj: dict | None = None, title: str | None = None) -> None:
    if fmt == OutFormat.json:
        obj = json_obj if json_obj is not None else result.model_dump(mode="json")
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    df = result.to_frame().dropna(axis=1, how="all")
    if fmt == OutFormat.csv:
        emit(df, fmt)
        return
    emit(_with_names(_readable(df)), fmt, title=title or result.analysis)
    if result.coverage is not None:
        c = result.coverage
        console.print(f"coverage 覆盖: {c.with_data}/{c.total}" + (f" — {c.note}" if c.note else "")
                      + (f"; missing 缺失: {', '.join(c.missing)}" if c.missing else ""), highlight=False)
    for n in result.notes:
        console.print(f"note 说明: {n}", highlight=False)
    if result.sources:
        console.print("sources 来源: " + "; ".join(result.sources) + (
            f" (vintage 版本: {', '.join(result.vintages)})" if result.vintages else ""), highlight=False)


@app.command("counts")
@friendly_errors
def counts_cmd(
    by: Annotated[str, typer.Option("--by", help="Keys among jurisdiction,year,domain,type.")] = "jurisdiction,year,domain",
    date_from: Annotated[str | None, typer.Option("--from", help="First date (YYYY or YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date (YYYY or YYYY-MM-DD).")] = None,
    jurisdictions: JurisOpt = None,
    domains: Annotated[str | None, typer.Option("--domains", help="Comma-separated domain codes.")] = None,
    types: Annotated[str | None, typer.Option("--types", help="Comma-separated event types.")] = None,
    reviewed_only: Annotated[bool, typer.Option("--reviewed-only", help="Count accepted/edited events only.")] = False,
    backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
    level: Annotated[str, typer.Option("--level", help="national (default: sub-national events left out), "
                                                        "subnational or all.")] = "national",
    db: DbOption = None, fmt: FormatOption = OutFormat.table,
) -> None:
    """Events by jurisdiction × year × domain (or type), with shares (000 图1–3); national-level events by default.
    按辖区×年份×领域（或类型）统计政策事件及占比；默认只计国家层面事件。

    Example: policyscope analyze counts --by year,domain --from 2017 --to 2021 --format json

    On Spark: policyscope analyze counts --by year,domain --backend spark --parquet export/
    """
    from policyscope.analysis.counts import event_counts

    def _d(v: str | None, end: bool) -> str | None:
        if v and len(v) == 4:
            return f"{v}-12-31" if end else f"{v}-01-01"
        return v

    with _source(db, backend, parquet, master) as d:
        r = event_counts(d, by=_split(by) or [], date_from=_d(date_from, False), date_to=_d(date_to, True),
                         jurisdictions=_split(jurisdictions), domains=_split(domains), types=_split(types),
                         include_auto=not reviewed_only, level=level)
    _out(r, fmt, title=f"events by {', '.join(r.by)} ({r.events} events, level: {level})")


@app.command("share")
@friendly_errors
def share_cmd(indicator: IndicatorOpt, year: YearOpt,
              of: Annotated[str, typer.Option("--of", help="WORLD (our sum), WLD (World Bank's own) or a group.")] = "WORLD",
              jurisdictions: JurisOpt = None, top: Annotated[int | None, typer.Option("--top")] = None,
              backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
    db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Each jurisdiction's share of a total and the denominator's coverage (000 图4). 各辖区占总量的比重及分母覆盖率。

    Example: policyscope analyze share --indicator GERD_PPP --year 2018 --jurisdictions 美国,中国 --format json
    """
    from policyscope.analysis.share import share

    with _source(db, backend, parquet, master) as d:
        r = share(d, indicator, year, of=of, jurisdictions=_split(jurisdictions))
    if top:
        r.rows = r.rows[:top]
    _out(r, fmt, title=f"{indicator} {year}: share of {r.of} (denominator {r.denominator:,.6g})")


@app.command("rank")
@friendly_errors
def rank_cmd(indicator: IndicatorOpt, year: YearOpt,
             compare_year: Annotated[int | None, typer.Option("--compare-year")] = None,
             top: Annotated[int | None, typer.Option("--top")] = None,
             jurisdictions: JurisOpt = None, backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
    db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Ranks and rank change between two years (004 图5, 19). 排名及两年间的排名变化。

    Example: policyscope analyze rank --indicator GERD_PPP --year 2019 --compare-year 2010 --top 10
    """
    from policyscope.analysis.rank import rank

    with _source(db, backend, parquet, master) as d:
        r = rank(d, indicator, year, compare_year=compare_year, top=top, jurisdictions=_split(jurisdictions))
    _out(r, fmt, title=f"{indicator} ranks {year}" + (f" vs {compare_year}" if compare_year else ""))
    if fmt == OutFormat.table and top and compare_year:
        console.print(f"entered top {top}: {', '.join(r.entered_top) or '—'}; left: {', '.join(r.left_top) or '—'}")


@app.command("growth")
@friendly_errors
def growth_cmd(indicator: IndicatorOpt,
               date_from: Annotated[int, typer.Option("--from", help="First year.")],
               date_to: Annotated[int, typer.Option("--to", help="Last year.")],
               vs: Annotated[str | None, typer.Option("--vs", help="Indicator to compare growth with.")] = None,
               jurisdictions: JurisOpt = None, backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
    db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """CAGR in percent, the other indicator's CAGR and the gap in percentage points (004 图2). 年均复合增长率及与对比指标的差距（百分点）。

    Example: policyscope analyze growth --indicator GERD_PPP --vs GDP_PPP --from 2010 --to 2019 -j USA,CHN,BEL
    """
    from policyscope.analysis.growth import growth

    with _source(db, backend, parquet, master) as d:
        r = growth(d, indicator, date_from, date_to, vs=vs, jurisdictions=_split(jurisdictions))
    _out(r, fmt, title=f"CAGR {date_from}–{date_to} of {indicator}" + (f" vs {vs}" if vs else ""))


@app.command("tiers")
@friendly_errors
def tiers_cmd(indicator: IndicatorOpt, year: YearOpt,
              currency: Annotated[str | None, typer.Option("--currency", help="Convert to this currency (CNY, EUR…).")] = None,
              fx_date: Annotated[str | None, typer.Option("--fx-date", help="Rate date YYYY-MM-DD (month average).")] = None,
              thresholds: Annotated[str | None, typer.Option("--thresholds", help="Comma-separated tier bounds.")] = None,
              n_tiers: Annotated[int, typer.Option("--tiers", help="Number of Jenks classes.")] = 4,
              jurisdictions: JurisOpt = None, db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Tiers (1 = highest) by thresholds or Jenks natural breaks (004 图3, 表4). 按阈值或自然断点划分梯队（第一梯队最高）。

    Example: policyscope analyze tiers --indicator GERD_LCU --year 2019 --currency CNY --fx-date 2020-12-31 --thresholds 1e12,3e11,1e11,5e10
    """
    from policyscope.analysis.tiers import tiers

    with open_db(db, read_only=True) as d:
        r = tiers(d, indicator, year, currency=currency, fx_date=fx_date, thresholds=_numbers(thresholds),
                  jurisdictions=_split(jurisdictions), n_tiers=n_tiers)
    _out(r, fmt, title=f"tiers of {indicator} {year} ({r.unit}; {r.method})")


@app.command("concentration")
@friendly_errors
def concentration_cmd(indicator: Annotated[str | None, typer.Option("--indicator", "-i")] = None,
                      year: Annotated[int | None, typer.Option("--year", "-y")] = None,
                      n: Annotated[str, typer.Option("--n", help="Comma-separated n for CRn.")] = "3,5,10",
                      companies: Annotated[Path | None, typer.Option("--companies", help="Company list CSV instead of an indicator.")] = None,
                      value_column: Annotated[str, typer.Option("--value-column", help="Numeric column of the company list.")] = "Valuation ($B)",
                      jurisdictions: JurisOpt = None, db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """CRn and HHI over an indicator's countries or a company list (003 CR7, 004 top-3 IP exporters). 集中度（CRn、HHI）。

    Example: policyscope analyze concentration --indicator BX.GSR.ROYL.CD --year 2020 --n 3,11
    """
    from policyscope.analysis.concentration import concentration, concentration_of

    ns = [int(x) for x in (_split(n) or ["3"])]
    if companies is not None:
        df = pd.read_csv(companies, encoding="utf-8-sig")
        if value_column not in df.columns or "Company" not in df.columns:
            raise InputError(f"{companies}: needs columns Company and {value_column!r}")
        vals = pd.to_numeric(df[value_column].astype(str).str.replace(r"[$,B]", "", regex=True), errors="coerce")
        r = concentration_of(pd.Series(vals.values, index=df["Company"].astype(str)), ns, label=str(companies))
    else:
        if not indicator or year is None:
            raise InputError("give --indicator and --year, or --companies FILE")
        with open_db(db, read_only=True) as d:
            r = concentration(d, indicator, year, n=ns, jurisdictions=_split(jurisdictions))
    _out(r, fmt, title=f"concentration (total {r.total:,.6g}, {r.n_holders} holders)")


@app.command("network")
@friendly_errors
def network_cmd(year: YearOpt,
                edges: Annotated[str, typer.Option("--edges", help="Edge indicator code.")] = "OPENALEX.COAUTHOR",
                min_weight: Annotated[float, typer.Option("--min-weight")] = 0,
                top: Annotated[int | None, typer.Option("--top", help="Keep the top N nodes by strength.")] = None,
                compare_year: Annotated[int | None, typer.Option("--compare-year")] = None,
                focus: Annotated[str | None, typer.Option("--focus", help="One jurisdiction's ego network.")] = None,
                partners: Annotated[bool, typer.Option("--partners", help="With --focus: its top partners table.")] = False,
                backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
    db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Nodes (degree, strength, top partner, share of world total) and edges; change between years (000 表5–6). 合作网络：节点度、强度、首要伙伴、占全球比重及边。

    Example: policyscope analyze network --year 2021 --top 10 --compare-year 2010 --format json
    """
    from policyscope.analysis.network import network, top_partners

    with _source(db, backend, parquet, master) as d:
        if partners:
            if not focus:
                raise InputError("--partners needs --focus COUNTRY")
            r = top_partners(d, edges, focus, year, n=top or 10, groups=("EU27",))
            _out(r, fmt, title=f"top partners of {r.jurisdiction} in {year}")
            return
        r = network(d, edges, year, min_weight=min_weight, top=top, compare_year=compare_year, focus=focus)
    if fmt == OutFormat.json:
        _out(r, fmt, json_obj=r.graph_json())
        return
    _out(r, fmt, title=f"{edges} {year}: {r.n_nodes} nodes, {r.n_edges} edges")
    if fmt == OutFormat.table:
        emit(pd.DataFrame([e.model_dump() for e in r.edges[:20]]).dropna(axis=1, how="all"), fmt, title="edges (top 20)")


@app.command("keywords")
@friendly_errors
def keywords_cmd(a: Annotated[str, typer.Option("--a", help="Corpus a: key=value query (jurisdiction=CHN) or a path.")],
                 b: Annotated[str, typer.Option("--b", help="Corpus b: query or path.")],
                 terms: Annotated[str | None, typer.Option("--terms", help="Comma-separated terms (else the most distinctive).")] = None,
                 lang: Annotated[str | None, typer.Option("--lang", help="zh or en (default: detected per text).")] = None,
                 top: Annotated[int, typer.Option("--top")] = 30,
                 backend: BackendOpt = "duckdb", parquet: ParquetOpt = None, master: MasterOpt = None,
                 db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Term frequency per 10,000 tokens and log-odds z-scores between two corpora (003). 两组语料的万词频与对数几率 z 值。

    Example: policyscope analyze keywords --a "jurisdiction=CHN" --b "jurisdiction=USA" --terms 创新,质量,软件
    """
    from policyscope.analysis.keywords import keywords

    needs_db = "=" in a and not Path(a).exists() or "=" in b and not Path(b).exists()
    if needs_db:
        with _source(db, backend, parquet, master) as d:
            r = keywords(d, a, b, terms=_split(terms), lang=lang, top=top)
    else:
        r = keywords(None, a, b, terms=_split(terms), lang=lang, top=top)
    _out(r, fmt, title=f"keywords: a = {r.a.query} ({r.a.tokens} tokens) vs b = {r.b.query} ({r.b.tokens} tokens)")


@app.command("radar")
@friendly_errors
def radar_cmd(jurisdictions: Annotated[str, typer.Option("--jurisdictions", "-j", help="Comma-separated names or codes.")],
              indicators: Annotated[str, typer.Option("--indicators", help="Comma-separated indicator codes.")],
              year: YearOpt,
              latest_within: Annotated[int, typer.Option("--latest-within", help="Fall back up to N years.")] = 0,
              db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Min-max normalised profiles (0–100 within the group) for a radar chart (003 图1). 雷达图用的极差标准化得分。

    Example: policyscope analyze radar -j USA,CHN,DEU,JPN,GBR --indicators NY.GDP.MKTP.CD,GERD_USD,TX.VAL.TECH.CD --year 2022
    """
    from policyscope.analysis.radar import radar

    with open_db(db, read_only=True) as d:
        r = radar(d, jurisdictions, indicators, year, latest_within=latest_within)
    _out(r, fmt, title=f"radar {year}")


@app.command("index")
@friendly_errors
def index_cmd(spec: Annotated[Path, typer.Option("--spec", help="Spec file (JSON/YAML) or a bundled spec name.")] = Path("digital_industry_strength.json"),
              db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """Composite index with Monte Carlo median rank and 90 % interval (JRC-style audit). 综合指数及蒙特卡洛排名区间。

    Example: policyscope analyze index --spec digital_industry_strength.json --format json
    """
    from policyscope.analysis.index import composite_index

    with open_db(db, read_only=True) as d:
        r = composite_index(d, spec)
    _out(r, fmt, title=f"{r.spec.name_zh} / {r.spec.name_en} ({r.spec.year})")


@app.command("companies")
@friendly_errors
def companies_cmd(source: Annotated[Path, typer.Option("--source", help="Company list CSV (e.g. ../shared/data/unicorns/…).")],
                  by: Annotated[str, typer.Option("--by", help="Keys among country,year,industry.")] = "country",
                  list_date: Annotated[str | None, typer.Option("--list-date", help="Snapshot date for lists with several.")] = None,
                  year_field: Annotated[str, typer.Option("--year-field", help="founded or joined.")] = "founded",
                  countries: JurisOpt = None,
                  groups: Annotated[str | None, typer.Option("--groups", help="Add group rows, e.g. EU27.")] = None,
                  year_from: Annotated[int | None, typer.Option("--from")] = None,
                  year_to: Annotated[int | None, typer.Option("--to")] = None,
                  fmt: FormatOption = OutFormat.table) -> None:
    """Companies by country, industry and founding/joining year from a unicorn list (003 图2/5/6, 004 图17). 按国家、行业、成立或入榜年份统计企业数。

    Example: policyscope analyze companies --source ../shared/data/unicorns/unicorns_complete_2024.csv --groups EU27
    """
    from policyscope.analysis.companies import company_counts

    r = company_counts(source, by=_split(by) or [], list_date=list_date, year_field=year_field,
                       countries=_split(countries), groups=_split(groups) or (), year_from=year_from, year_to=year_to)
    _out(r, fmt, title=f"companies by {', '.join(r.by)} ({r.total} in the list" + (f", {r.list_date}" if r.list_date else "") + ")")
