"""NSF NCSES Science and Engineering Indicators tables (machine-readable conversion by bq-org, rebuilt year
labels): PCT applications by field, USPTO utility and environmental-technology patents, S&E and AI articles,
GERD (latest year and selected years), venture capital, and the two international co-authorship matrices.

Each raw file is recognised by its columns (and the long tables by ``table_number``), so a newer download of
any single table can be imported on its own. NCSES special values (``na``, ``D``, ``-``, ``s``…) are missing
values: dropped, never read as zero. Regions, patent offices and aggregates ("World", "Asia", "EU-27 and
United Kingdom", "WIPO", "Unclassified"…) are deliberately not mapped to a jurisdiction, except the top
"World" row of the long tables (NCSES's own world total, stored as ``WLD``) and ``EU-27``
which NCSES reports as a whole (EPO filings, whole-count articles) and is therefore stored under ``EU`` (the
Union), not under ``EU27`` (our sum over member states). Names that cannot be resolved are listed in
``Bundle.unknown_names``.
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pandas as pd

from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

SOURCE = "NSF NCSES, Science and Engineering Indicators"
LICENCE = "Public domain (US government work); cite NCSES"
MISSING = {"", "na", "NA", "n/a", "D", "-", "–", "—", "s", "S", "*", "x", "X", "..", "…"}

PCT_NOTE = ("PCT applications by inventor location and publication year (EP Bibliographic Data / 1790 Analytics). "
            "Applications filed through the European Patent Office are credited to the EU-27 as a whole, not to "
            "member states, so EU member-state counts (e.g. Germany) are low and the EU figure is stored under EU.")
USPTO_NOTE = ("USPTO utility patents granted, by inventor country (fractional counts by inventor share; PatentsView, "
              "1790 Analytics).")
GREEN_NOTE = ("USPTO utility patents granted in environmental-sustainability technologies (OECD ENV-TECH "
              "classes), by inventor country (PatentsView).")
ART_NOTE = ("S&E articles in Scopus journals and conference proceedings (Science-Metrix), by author institutional "
            "address and publication year.")

# table_number → (code, name_en, name_zh, unit, definition)
LONG_TABLES: dict[str, tuple[str, str, str, str, str]] = {
    "SINV-11": ("NCSES.PCT.ALL", "PCT patent applications, all fields", "PCT专利申请量（全部领域）", "applications", PCT_NOTE),
    "SINV-12": ("NCSES.PCT.CHEM", "PCT patent applications, chemistry", "PCT专利申请量（化学）", "applications", PCT_NOTE),
    "SINV-13": ("NCSES.PCT.ELEC", "PCT patent applications, electrical engineering", "PCT专利申请量（电气工程）", "applications", PCT_NOTE),
    "SINV-14": ("NCSES.PCT.INSTR", "PCT patent applications, instruments", "PCT专利申请量（仪器）", "applications", PCT_NOTE),
    "SINV-15": ("NCSES.PCT.MECH", "PCT patent applications, mechanical engineering", "PCT专利申请量（机械工程）", "applications", PCT_NOTE),
    "SINV-16": ("NCSES.PCT.OTHER", "PCT patent applications, other fields", "PCT专利申请量（其他领域）", "applications", PCT_NOTE),
    "SINV-4": ("NCSES.USPTO.ALL", "USPTO utility patents granted, all fields", "美国专利商标局授权发明专利（全部领域）", "patents", USPTO_NOTE),
    "SINV-5": ("NCSES.USPTO.CHEM", "USPTO utility patents granted, chemistry", "美国专利商标局授权发明专利（化学）", "patents", USPTO_NOTE),
    "SINV-6": ("NCSES.USPTO.ELEC", "USPTO utility patents granted, electrical engineering", "美国专利商标局授权发明专利（电气工程）", "patents", USPTO_NOTE),
    "SINV-7": ("NCSES.USPTO.INSTR", "USPTO utility patents granted, instruments", "美国专利商标局授权发明专利（仪器）", "patents", USPTO_NOTE),
    "SINV-8": ("NCSES.USPTO.MECH", "USPTO utility patents granted, mechanical engineering", "美国专利商标局授权发明专利（机械工程）", "patents", USPTO_NOTE),
    "SINV-9": ("NCSES.USPTO.OTHER", "USPTO utility patents granted, other fields", "美国专利商标局授权发明专利（其他领域）", "patents", USPTO_NOTE),
    "SINV-10": ("NCSES.USPTO.SEMI", "USPTO utility patents granted, semiconductors", "美国专利商标局授权发明专利（半导体）", "patents", USPTO_NOTE),
    "SINV-A": ("NCSES.USPTO.GREEN.ALL", "USPTO patents in all environmental-sustainability technologies", "美国授权绿色技术专利（全部环境可持续技术）", "patents", GREEN_NOTE),
    "SINV-B": ("NCSES.USPTO.GREEN.ENV_MGMT", "USPTO patents in environmental management", "美国授权绿色技术专利（环境管理）", "patents", GREEN_NOTE),
    "SINV-C": ("NCSES.USPTO.GREEN.ENERGY", "USPTO patents in climate-change mitigation: energy generation, transmission, distribution", "美国授权绿色技术专利（减缓气候变化：能源）", "patents", GREEN_NOTE),
    "SINV-D": ("NCSES.USPTO.GREEN.GHG_CAPTURE", "USPTO patents in capture, storage, sequestration or disposal of greenhouse gases", "美国授权绿色技术专利（温室气体捕集与封存）", "patents", GREEN_NOTE),
    "SINV-E": ("NCSES.USPTO.GREEN.TRANSPORT", "USPTO patents in climate-change mitigation: transportation", "美国授权绿色技术专利（减缓气候变化：交通）", "patents", GREEN_NOTE),
    "SINV-F": ("NCSES.USPTO.GREEN.BUILDINGS", "USPTO patents in climate-change mitigation: buildings", "美国授权绿色技术专利（减缓气候变化：建筑）", "patents", GREEN_NOTE),
    "SINV-G": ("NCSES.USPTO.GREEN.WASTE", "USPTO patents in climate-change mitigation: wastewater and waste management", "美国授权绿色技术专利（减缓气候变化：废水与废弃物）", "patents", GREEN_NOTE),
    "SINV-H": ("NCSES.USPTO.GREEN.PRODUCTION", "USPTO patents in climate-change mitigation: production or processing of goods", "美国授权绿色技术专利（减缓气候变化：生产加工）", "patents", GREEN_NOTE),
    "SINV-I": ("NCSES.USPTO.GREEN.ICT", "USPTO patents in climate-change mitigation: ICT", "美国授权绿色技术专利（减缓气候变化：信息通信技术）", "patents", GREEN_NOTE),
    "SINV-J": ("NCSES.USPTO.GREEN.ADAPTATION", "USPTO patents in climate-change adaptation technologies", "美国授权绿色技术专利（适应气候变化）", "patents", GREEN_NOTE),
    "SINV-K": ("NCSES.USPTO.GREEN.OCEAN", "USPTO patents in sustainable ocean economy", "美国授权绿色技术专利（可持续海洋经济）", "patents", GREEN_NOTE),
    "SINV-L": ("NCSES.USPTO.GREEN.ADAPT_AGRI", "USPTO patents in climate-change adaptation: agriculture, forestry, livestock, agrifood", "美国授权绿色技术专利（适应气候变化：农林牧业）", "patents", GREEN_NOTE),
    "SINV-M": ("NCSES.USPTO.GREEN.AGRI", "USPTO patents in climate-change mitigation: agriculture, livestock, agrifood", "美国授权绿色技术专利（减缓气候变化：农业）", "patents", GREEN_NOTE),
    "APBS-1": ("NCSES.ARTICLES.AI", "AI-related S&E articles (whole count)", "人工智能相关科学与工程论文数（整数计数）", "articles", ART_NOTE + " AI = All Science Journal Classification AI; whole counting."),
    "SPBS-17": ("NCSES.ARTICLES.SE", "S&E articles, all fields (whole count)", "科学与工程论文数（全部领域，整数计数）", "articles", ART_NOTE + " Whole counting: each country with an author gets one count."),
    "SPBS-2": ("NCSES.ARTICLES.SE_FRAC", "S&E articles, all fields (fractional count)", "科学与工程论文数（全部领域，分数计数）", "articles", ART_NOTE + " Fractional counting by author-address share."),
}

OTHER_INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "NCSES.GERD_PPP_LATEST": ("GERD, latest available year (million current PPP $)", "研发经费总额，最近年份（百万现价购买力平价美元）", "million current PPP $",
                              "Gross domestic expenditure on R&D in the most recent year with data (2007–2019; the "
                              "observation's year is that data year), SEI 2022 table RD-5 (OECD MSTI, UNESCO UIS)."),
    "NCSES.GERD_GDP_PCT_LATEST": ("GERD as % of GDP, latest available year", "研发经费占GDP比重，最近年份（%）", "% of GDP",
                                  "R&D share of GDP in the most recent year with data, SEI 2022 table RD-5."),
    "NCSES.GERD_PPP": ("GERD, selected years (billion current PPP $)", "研发经费总额，选定年份（十亿现价购买力平价美元）", "billion current PPP $",
                       "GERD in current PPP dollars for 1990, 2000, 2010 and 2021 or the latest year (SEI 2024 table SRD-1, "
                       "OECD MSTI); the latest-year column is stored at the year NCSES states for the country."),
    "NCSES.GERD_PPP_K2015": ("GERD, selected years (billion constant 2015 PPP $)", "研发经费总额，选定年份（十亿2015年不变价购买力平价美元）", "billion constant 2015 PPP $",
                             "GERD in constant 2015 PPP dollars, SEI 2024 table SRD-1 (years as NCSES.GERD_PPP)."),
    "NCSES.GERD_GDP_PCT": ("GERD as % of GDP, selected years", "研发经费占GDP比重，选定年份（%）", "% of GDP",
                           "GERD-to-GDP ratio, SEI 2024 table SRD-1 (years as NCSES.GERD_PPP)."),
    **{f"NCSES.GERD_PERF_SHARE.{k}": (f"Share of GERD performed by the {en} sector", f"{zh}部门执行的研发经费占比（%）",
                                      "% of GERD", f"Share of GERD performed by the {en} sector, 2021 or the most "
                                      "recent year (SEI 2024 table SRD-2, OECD MSTI).")
       for k, en, zh in (("BES", "business enterprise", "企业"), ("GOV", "government", "政府"),
                         ("HES", "higher education", "高等教育"), ("PNP", "private nonprofit", "私人非营利"))},
    **{f"NCSES.GERD_FUND_SHARE.{k}": (f"Share of GERD funded by {en}", f"{zh}资金占研发经费比重（%）", "% of GERD",
                                      f"Share of GERD funded by {en}, 2021 or the most recent year (SEI 2024 table "
                                      "SRD-2, OECD MSTI).")
       for k, en, zh in (("BES", "business", "企业"), ("GOV", "government", "政府"),
                         ("OTHER", "other domestic sources", "其他国内"), ("ROW", "the rest of the world", "国外"))},
    "NCSES.VC": ("Venture capital invested in firms headquartered in the economy", "风险投资额（按企业总部所在地）", "US$ million",
                 "Venture capital invested, by headquarters location of the firm, SEI table SINV-31 (PitchBook)."),
    "NCSES.VC.AI": ("AI venture capital raised", "人工智能领域风险投资额", "US$ million",
                    "Total AI venture capital raised by firms in the economy, SEI table SKTI-21 (PitchBook)."),
    "NCSES.COAUTHOR": ("Internationally co-authored S&E articles between two economies", "两国国际合著科学与工程论文数", "articles",
                       "Articles with authors in both economies (whole count), SEI table SPBS-35 (Scopus/Science-Metrix), "
                       "years 2003 and 2022; economies under 1% of international co-authorship omitted."),
    "NCSES.INTL_COAUTHORED": ("Internationally co-authored S&E articles of an economy", "国际合著科学与工程论文数", "articles",
                              "Articles of the economy with at least one foreign co-author (the 'World' row of SPBS-35)."),
    "NCSES.COAUTHOR.AI": ("Internationally co-authored AI articles between two economies, cumulative 2003–2022", "两国国际合著人工智能论文数（2003–2022年累计）", "articles",
                          "Cumulative 2003–2022 count of AI articles co-authored by the two economies (SEI table SPBS-92); "
                          "stored at year 2022 although it covers 2003–2022."),
}

# the top "World" row of a long table: NCSES's own world total (countries + patent offices + WIPO direct
# filings), stored as WLD so that shares can be taken of the official total, not of our sum over countries
WORLD_TOTAL = "World (NCSES total)"

# NCSES labels that are regions, patent offices or aggregates (None), or need a fixed code.
EXTRA: dict[str, str | None] = {
    "EU-27": "EU", "European Union": "EU", WORLD_TOTAL: "WLD", "Taiwan": "TWN", "South Korea": "KOR", "Korea, South": "KOR",
    "UK": "GBR", "Holy See (Vatican City)": "VAT", "Congo, Democratic Republic of the": "COD",
    "Congo, Republic of the": "COG", "São Tomé and Príncipe": "STP", "Burma": "MMR", "Macedonia": "MKD", "Kosovo": "XKX",
    **{n: None for n in (
        "World", "Total", "Europe", "Other Europe", "Other Europe (2020)", "Other Europe, 2020", "Rest of Europe",
        "EU-27 and United Kingdom", "EU-27 and UK", "North America", "Rest of North America",
        "Central America and Caribbean", "Central America", "Central and South America", "South America", "Asia",
        "Rest of Asia", "Middle East", "Africa", "Australia and Oceania", "Australia/Oceania", "Oceania",
        "Rest of world", "Rest of World", "Unclassified", "Unassigned", "OECD", "Total OECD", "Non-OECD",
        "G20 countries", "European Patent Office", "Eurasian Patent Organization", "Gulf States Patent Office",
        "African IPO", "African Regional IPO", "WIPO",
    )},
}

# SRD-2 reports "2021 or most recent year"; a country label without "(YYYY)" is at this year
SRD2_YEAR = 2021
SRD2_LABELS = {"Business": "BES", "Government": "GOV", "Higher education": "HES", "Private nonprofit": "PNP",
               "Other domestic": "OTHER", "Rest of the world": "ROW"}

_SUP = re.compile(r"<sup>.*?</sup>", re.I)
_TAGS = re.compile(r"<[^>]+>")


def clean_name(s: object) -> str:
    """Leaf entity name without footnote marks or HTML entities."""
    t = html.unescape(_TAGS.sub("", _SUP.sub("", str(s)))).replace("\u2019", "'").strip()
    return re.sub(r"\s+", " ", t)


def _read(path: Path) -> pd.DataFrame:
    SourceAdapter.require(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - any parse failure is reported with the file name
        raise SourceError(f"{path}: cannot read NCSES CSV ({type(exc).__name__}: {exc})") from exc


def _numbers(values: pd.Series, path: Path) -> pd.Series:
    """Text → float; NCSES special values → NaN; anything else unparseable is an error naming the file."""
    v = values.astype(str).str.strip().str.replace(",", "", regex=False)
    special = v.isin(MISSING)
    out = pd.to_numeric(v.where(~special), errors="coerce")
    bad = out.isna() & ~special
    if bad.any():
        raise SourceError(f"{path}: unreadable value {values[bad].iloc[0]!r} (not a number nor an NCSES special value)")
    return out


class _Collector:
    """Accumulates observations/edges and every name seen, then maps names once."""

    def __init__(self) -> None:
        self.obs: list[pd.DataFrame] = []
        self.edges: list[pd.DataFrame] = []
        self.names: set[str] = set()

    def add_obs(self, code: str, names: pd.Series, years: pd.Series, values: pd.Series, vintage: str) -> None:
        df = pd.DataFrame({"indicator": code, "name": names.map(clean_name).values, "year": years.values,
                           "value": values.values, "vintage": vintage}).dropna(subset=["value", "year"])
        self.names |= set(df["name"])
        self.obs.append(df)

    def add_edges(self, code: str, a: pd.Series, b: pd.Series, years: pd.Series, values: pd.Series) -> None:
        df = pd.DataFrame({"indicator": code, "a": a.map(clean_name).values, "b": b.map(clean_name).values,
                           "year": years.values, "value": values.values}).dropna(subset=["value"])
        self.names |= set(df["a"]) | set(df["b"])
        self.edges.append(df)


@register
class NCSESIndicators(SourceAdapter):
    name = "ncses"
    title = "NSF NCSES, Science and Engineering Indicators (SEI 2022/2024 tables)"
    licence = LICENCE
    origin = ("NCSES SEI tables via bq-org/ncses_stats_explorer_placeholder (commit 1f879ab, 2025-03-27); year "
              "labels rebuilt from table titles")
    processing = ("long tables → observations by table_number (years only, totals skipped); wide VC tables and the "
                  "GERD tables → observations; SPBS-35 pairs and the SPBS-92 AI matrix → edges; names → codes")
    raw_paths = tuple(f"ncses_sei_indicators/{f}.csv" for f in (
        "pct_applications_by_country_and_field_2000_2022",
        "uspto_utility_patents_by_country_and_field_2000_2022",
        "uspto_environmental_tech_patents_by_country_1998_2022",
        "se_and_ai_articles_by_country_2003_2022",
        "gerd_by_country_latest_year_sei2022",
        "gerd_gdp_ratio_selected_years_1990_2021",
        "gerd_by_sector_and_source_latest",
        "venture_capital_by_country_2003_2022",
        "ai_venture_capital_by_country_2000_2020",
        "intl_coauthorship_pairs_2003_2022",
        "ai_intl_coauthorship_matrix_2003_2022",
    ))
    vintage = "SEI 2024 (NCSES, 2025-03-27 conversion)"

    def read_raw(self, paths: list[Path]) -> Bundle:
        col = _Collector()
        for path in paths:
            df = _read(Path(path))
            cols = set(df.columns)
            if {"table_number", "entity", "period", "value"} <= cols:
                self._long(df, Path(path), col)
            elif {"year", "country_a", "country_b", "coauthored_articles"} <= cols:
                self._pairs(df, Path(path), col)
            elif "region_country_or_economy" in cols:
                self._ai_matrix(df, Path(path), col)
            elif {"country", "data_year", "gerd_million_current_ppp_usd", "gerd_to_gdp_pct"} <= cols:
                self._gerd_latest(df, Path(path), col)
            elif {"time_period", "_b_gerd_b_level_1", "_b_gerd_b_level_2", "_b_gerd_b_level_3", "value"} <= cols:
                self._gerd_selected(df, Path(path), col)
            elif {"time_period", "column_level_1", "column_level_2", "value"} <= cols:
                self._gerd_shares(df, Path(path), col)
            elif any(c.startswith("field_") for c in cols) and "table_id" in cols:
                self._vc(df, Path(path), col)
            else:
                raise SourceError(f"{path}: not a recognised NCSES table; columns {list(df.columns)[:8]}")
        return self._finish(col)

    # -- parsers -----------------------------------------------------------------------------------------------

    def _long(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        unmapped = sorted(set(df["table_number"]) - set(LONG_TABLES))
        if unmapped:
            warnings.warn(f"{path}: NCSES tables not mapped to indicators, skipped: {unmapped}", stacklevel=2)
        df = df[df["table_number"].isin(LONG_TABLES) & df["period"].str.fullmatch(r"\d{4}")]
        for table, part in df.groupby("table_number"):
            code = LONG_TABLES[str(table)][0]
            top = part["entity"].map(clean_name) == "World"
            if "hierarchy_depth" in part.columns:
                top &= part["hierarchy_depth"].astype(str) == "1"
            col.add_obs(code, part["entity"].where(~top, WORLD_TOTAL), part["period"].astype(int), _numbers(part["value"], path),
                        self.vintage)

    def _pairs(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        vals = _numbers(df["coauthored_articles"], path)
        years = pd.to_numeric(df["year"], errors="coerce")
        if years.isna().any():
            raise SourceError(f"{path}: non-numeric year {df['year'][years.isna()].iloc[0]!r}")
        a, b = df["country_a"].map(clean_name), df["country_b"].map(clean_name)
        world_a, world_b = a == "World", b == "World"
        pair = ~world_a & ~world_b & (a != b)
        col.add_edges("NCSES.COAUTHOR", a[pair], b[pair], years[pair].astype(int), vals[pair])
        col.add_obs("NCSES.INTL_COAUTHORED", b[world_a & ~world_b], years[world_a & ~world_b].astype(int),
                    vals[world_a & ~world_b], self.vintage)

    def _ai_matrix(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        labels = df["region_country_or_economy"].map(clean_name)
        first = list(df.columns).index("region_country_or_economy") + 1
        matrix_cols = list(df.columns)[first:]

        def slug(s: str) -> str:
            return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")

        if [slug(x) for x in labels] != matrix_cols:
            raise SourceError(f"{path}: row labels do not match the matrix columns (not a square labelled matrix)")
        long = df.assign(_a=labels).melt(id_vars=["_a"], value_vars=matrix_cols, var_name="_slug", value_name="v")
        long["_b"] = long["_slug"].map(dict(zip(matrix_cols, labels, strict=True)))
        long = long[long["_a"] != long["_b"]]
        col.add_edges("NCSES.COAUTHOR.AI", long["_a"], long["_b"], pd.Series(2022, index=long.index),
                      _numbers(long["v"], path))

    def _gerd_latest(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        years = pd.to_numeric(df["data_year"], errors="coerce")
        if years.isna().any():
            raise SourceError(f"{path}: non-numeric data_year {df['data_year'][years.isna()].iloc[0]!r}")
        vintage = "SEI 2022 (table RD-5)"
        col.add_obs("NCSES.GERD_PPP_LATEST", df["country"], years.astype(int),
                    _numbers(df["gerd_million_current_ppp_usd"], path), vintage)
        col.add_obs("NCSES.GERD_GDP_PCT_LATEST", df["country"], years.astype(int),
                    _numbers(df["gerd_to_gdp_pct"], path), vintage)

    def _gerd_selected(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        ent = df["time_period"].astype(str).str.split("->").str[-1].str.strip()
        latest = pd.to_numeric(ent.str.extract(r"\((\d{4})\)\s*$")[0], errors="coerce")
        name = ent.str.replace(r"\s*\(\d{4}\)\s*$", "", regex=True)
        l1, l2, l3 = (df[c].astype(str).str.strip() for c in ("_b_gerd_b_level_1", "_b_gerd_b_level_2",
                                                             "_b_gerd_b_level_3"))
        vals = _numbers(df["value"], path)
        vintage = "SEI 2024 (table SRD-1)"
        specs = [("NCSES.GERD_PPP", (l1 == "GERD") & (l2 == "Current PPP dollars"), l3),
                 ("NCSES.GERD_PPP_K2015", (l1 == "GERD") & l2.str.startswith("Constant"), l3),
                 ("NCSES.GERD_GDP_PCT", l1.str.startswith("GERD-to-GDP"), l2)]
        for code, mask, ycol in specs:
            label = ycol[mask]
            year = pd.to_numeric(label.str.extract(r"^(\d{4})")[0], errors="coerce")
            footnoted = label.str.fullmatch(r"\d{4}[a-z]+")  # the "2021 or latest year" column
            year = year.where(~(footnoted & latest[mask].notna()), latest[mask])
            col.add_obs(code, name[mask], year, vals[mask], vintage)

    def _gerd_shares(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        """SRD-2: shares of GERD by performing sector and by source of funds, "2021 or most recent year"."""
        ent = df["time_period"].map(clean_name).str.split("->").str[-1].str.strip()
        year = pd.to_numeric(ent.str.extract(r"\((\d{4})\)\s*$")[0], errors="coerce").fillna(SRD2_YEAR).astype(int)
        name = ent.str.replace(r"\s*\(\d{4}\)\s*$", "", regex=True)
        l1 = df["column_level_1"].astype(str)
        l2 = df["column_level_2"].map(clean_name).str.rstrip("a").str.strip()
        kind = pd.Series(None, index=df.index, dtype=object)
        kind[l1.str.contains("performing sector")] = "NCSES.GERD_PERF_SHARE."
        kind[l1.str.contains("source of funds")] = "NCSES.GERD_FUND_SHARE."
        vals = _numbers(df["value"], path)
        for (prefix, label), part in df[kind.notna()].groupby([kind[kind.notna()], l2[kind.notna()]]):
            key = SRD2_LABELS.get(str(label))
            if key is None:
                raise SourceError(f"{path}: unexpected sector / source label {label!r}")
            idx = part.index
            col.add_obs(f"{prefix}{key}", name[idx], year[idx], vals[idx], "SEI 2024 (table SRD-2)")

    def _vc(self, df: pd.DataFrame, path: Path, col: _Collector) -> None:
        levels = [c for c in df.columns if re.search(r"_level_\d+$", c)]
        if not levels:
            raise SourceError(f"{path}: venture-capital table without *_level_N name columns")
        name = df[levels].replace("", pd.NA).ffill(axis=1).iloc[:, -1].fillna("")
        is_ai = df["table_id"].iloc[0] == "6208" or "ai_" in path.name.lower()
        code = "NCSES.VC.AI" if is_ai else "NCSES.VC"
        for c in (c for c in df.columns if re.fullmatch(r"field_\d{4}", c)):
            col.add_obs(code, name, pd.Series(int(c[-4:]), index=df.index), _numbers(df[c], path),
                        "SEI 2020 (table SKTI-21)" if is_ai else "SEI 2024 (table SINV-31)")

    # -- assembly ----------------------------------------------------------------------------------------------

    def _finish(self, col: _Collector) -> Bundle:
        mapping, unknown = map_names(col.names, extra=EXTRA)
        tables: dict[str, pd.DataFrame] = {}
        codes: set[str] = set()
        if col.obs:
            o = pd.concat(col.obs, ignore_index=True)
            o["jurisdiction"] = o["name"].map(mapping)
            o = o.dropna(subset=["jurisdiction"])
            dup = o.duplicated(["indicator", "jurisdiction", "year"], keep=False)
            if dup.any():
                d = o[dup].iloc[0]
                names = sorted(o[dup & (o["jurisdiction"] == d["jurisdiction"])]["name"].unique())
                raise SourceError(f"ncses: names {names} both map to {d['jurisdiction']} in {d['indicator']} {d['year']}")
            tables["observations"] = pd.DataFrame({
                "indicator": o["indicator"], "jurisdiction": o["jurisdiction"], "year": o["year"].astype(int),
                "value": o["value"].astype(float), "source": SOURCE, "vintage": o["vintage"],
            }).reset_index(drop=True)
            codes |= set(o["indicator"])
        if col.edges:
            e = pd.concat(col.edges, ignore_index=True)
            e["a"], e["b"] = e["a"].map(mapping), e["b"].map(mapping)
            e = e.dropna(subset=["a", "b"])
            e = e[e["a"] != e["b"]]
            tables["edges"] = pd.DataFrame({"indicator": e["indicator"], "year": e["year"].astype(int), "a": e["a"],
                                            "b": e["b"], "value": e["value"].astype(float)}).reset_index(drop=True)
            codes |= set(e["indicator"])
        catalogue = {c: (n_en, n_zh, unit, d) for c, n_en, n_zh, unit, d in LONG_TABLES.values()}
        catalogue.update(OTHER_INDICATORS)
        tables["indicators"] = pd.DataFrame([
            {"code": c, "name_en": catalogue[c][0], "name_zh": catalogue[c][1], "unit": catalogue[c][2],
             "source": SOURCE, "licence": LICENCE, "definition": catalogue[c][3], "formula": None}
            for c in sorted(codes)
        ], columns=["code", "name_en", "name_zh", "unit", "source", "licence", "definition", "formula"])
        return Bundle(self.name, tables, unknown)
