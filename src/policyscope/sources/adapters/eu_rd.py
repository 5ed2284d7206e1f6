"""EU Industrial R&D Investment Scoreboard (company R&D of the EU, US and Chinese companies in the
Scoreboard) and Eurostat ``rd_e_gerdfund`` (GERD by performing sector and source of funds).

Scoreboard: the file (Stata variables ``A`` company, ``J`` region, ``T`` R&D in € bn) does not record its
edition; the source repository documents the 2024 edition, i.e. R&D of financial year 2023, so the year
2023 is *inferred* and stated in the definition. Company rows go to the ``companies`` table; region sums
(and company counts) become observations ``EUSB.COMPANY_RD_EUR`` / ``EUSB.COMPANY_COUNT``.

Eurostat: column ``RD_<measure>_<source of funds>_<performing sector>`` (checked on the data: the
``TOTAL_BES`` column equals the sum of the funding sources of business-performed R&D). We keep current
prices (``COU``, € million) and % of GDP; chain-linked volumes are left out (base year not recorded).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

SB_SOURCE = "European Commission JRC, EU Industrial R&D Investment Scoreboard"
SB_LICENCE = "CC BY 4.0 (European Commission JRC)"
ES_SOURCE = "Eurostat, rd_e_gerdfund"
ES_LICENCE = "Eurostat: free reuse with attribution (Commission Decision 2011/833/EU)"
SB_YEAR = 2023
SB_REGIONS = {"EU": "EU", "US": "USA", "USA": "USA", "China": "CHN", "CN": "CHN"}

# column → (code, name_en, name_zh, unit, definition)
EUROSTAT: dict[str, tuple[str, str, str, str, str]] = {
    "RD_COU_TOTAL_TOTAL": ("EUROSTAT.GERD_EUR", "GERD, all sectors and sources of funds (€ million, current prices)",
                           "研发经费总额（全部执行部门与资金来源，百万欧元，现价）", "EUR million (current prices)",
                           "Gross domestic expenditure on R&D, all performing sectors, all sources of funds."),
    "RD_COU_TOTAL_BES": ("EUROSTAT.GERD_BES_EUR", "R&D performed by the business enterprise sector (€ million)",
                         "企业部门执行的研发经费（百万欧元，现价）", "EUR million (current prices)",
                         "BERD: R&D performed in the business enterprise sector, all sources of funds."),
    "RD_COU_TOTAL_GOV": ("EUROSTAT.GERD_GOV_EUR", "R&D performed by the government sector (€ million)",
                         "政府部门执行的研发经费（百万欧元，现价）", "EUR million (current prices)",
                         "GOVERD: R&D performed in the government sector, all sources of funds."),
    "RD_COU_TOTAL_HES": ("EUROSTAT.GERD_HES_EUR", "R&D performed by the higher education sector (€ million)",
                         "高等教育部门执行的研发经费（百万欧元，现价）", "EUR million (current prices)",
                         "HERD: R&D performed in the higher education sector, all sources of funds."),
    "RD_COU_BES_TOTAL": ("EUROSTAT.GERD_FUND_BES_EUR", "GERD financed by the business enterprise sector (€ million)",
                         "企业资金来源的研发经费（百万欧元，现价）", "EUR million (current prices)",
                         "GERD (all performing sectors) funded by business enterprises."),
    "RD_COU_GOV_TOTAL": ("EUROSTAT.GERD_FUND_GOV_EUR", "GERD financed by government (€ million)",
                         "政府资金来源的研发经费（百万欧元，现价）", "EUR million (current prices)",
                         "GERD (all performing sectors) funded by government."),
    "RD_GDP_TOTAL_TOTAL": ("EUROSTAT.GERD_PCT_GDP", "GERD as % of GDP (Eurostat)", "研发经费占GDP比重（欧盟统计局，%）",
                           "% of GDP", "GERD, all sectors and sources, as a percentage of GDP."),
}


def _csv(path: Path, need: set[str]) -> pd.DataFrame:
    SourceAdapter.require(path)
    try:
        df = pd.read_csv(path, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - reported with the file name
        raise SourceError(f"{path}: cannot read CSV ({type(exc).__name__}: {exc})") from exc
    missing = sorted(need - set(df.columns))
    if missing:
        raise SourceError(f"{path}: expected columns {sorted(need)}, missing {missing}")
    return df


@register
class EURDScoreboardEurostat(SourceAdapter):
    name = "eu_rd"
    title = "EU Industrial R&D Investment Scoreboard (company R&D) and Eurostat GERD by sector and source of funds"
    licence = f"{SB_LICENCE}; {ES_LICENCE}"
    origin = "evenssalies/R-D-Scoreboard datasets/ (commit 120743e; Stata files converted to CSV with pandas)"
    processing = ("Scoreboard companies → companies table (region → EU/USA/CHN, year 2023 inferred) and region sums; "
                  "Eurostat current-price and %-of-GDP columns → observations (alpha2 → ISO3)")
    raw_paths = ("eu_rd_scoreboard_and_eurostat_gerd/eu_scoreboard_company_rd_3regions.csv",
                 "eu_rd_scoreboard_and_eurostat_gerd/eurostat_rd_e_gerdfund_by_sector_and_source.csv")

    def read_raw(self, paths: list[Path]) -> Bundle:
        tables: dict[str, list[pd.DataFrame]] = {"observations": [], "companies": []}
        codes: list[tuple[str, str, str, str, str, str, str]] = []
        unknown: list[str] = []
        for path in map(Path, paths):
            head = _csv(path, set()).columns
            if {"A", "J", "T"} <= set(head):
                comp, obs = self._scoreboard(path)
                tables["companies"].append(comp)
                tables["observations"].append(obs)
                codes += [
                    ("EUSB.COMPANY_RD_EUR", "R&D investment of Scoreboard companies headquartered in the economy",
                     "研发投入排行榜企业研发投资总额（按总部所在地）", "EUR billion", SB_SOURCE, SB_LICENCE,
                     "Sum of own-funded R&D of the EU Industrial R&D Investment Scoreboard companies headquartered "
                     "in the EU, the US or China. Edition year inferred: the 2024 Scoreboard (R&D of 2023)."),
                    ("EUSB.COMPANY_COUNT", "Number of Scoreboard companies headquartered in the economy",
                     "研发投入排行榜上榜企业数（按总部所在地）", "companies", SB_SOURCE, SB_LICENCE,
                     "Count of companies in the Scoreboard extract (EU 1,000, US 699, China 556 in the 2024 "
                     "edition extract); the year 2023 is inferred."),
                ]
            elif {"YEAR", "alpha2"} <= set(head):
                obs, unk = self._eurostat(path)
                tables["observations"].append(obs)
                unknown += unk
                codes += [(c, n_en, n_zh, u, ES_SOURCE, ES_LICENCE, d) for c, n_en, n_zh, u, d in EUROSTAT.values()
                          if c in set(obs["indicator"])]
            else:
                raise SourceError(f"{path}: neither the Scoreboard extract (A, J, T) nor Eurostat rd_e_gerdfund "
                                  f"(YEAR, alpha2, RD_*); columns {list(head)[:8]}")
        out: dict[str, pd.DataFrame] = {k: pd.concat(v, ignore_index=True) for k, v in tables.items() if v}
        out["indicators"] = pd.DataFrame(
            [{"code": c, "name_en": a, "name_zh": b, "unit": u, "source": s, "licence": lic, "definition": d,
              "formula": None} for c, a, b, u, s, lic, d in codes])
        return Bundle(self.name, out, sorted(set(unknown)))

    def _scoreboard(self, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
        df = _csv(path, {"A", "J", "T"})
        bad = sorted(set(df["J"].dropna()) - set(SB_REGIONS))
        if bad:
            raise SourceError(f"{path}: unknown Scoreboard region(s) {bad}; expected EU, US, China")
        value = pd.to_numeric(df["T"], errors="coerce")
        if value.isna().any():
            raise SourceError(f"{path}: R&D value (T) missing or not a number for {df['A'][value.isna()].iloc[0]!r}")
        comp = pd.DataFrame({
            "name": df["A"].astype(str).str.strip(), "jurisdiction": df["J"].map(SB_REGIONS), "region": df["J"],
            "value": value.astype(float), "unit": "EUR billion", "year": SB_YEAR, "sector": None,
            "source": f"{SB_SOURCE} (edition year inferred: 2024 edition, R&D of {SB_YEAR})",
        })
        g = comp.groupby("jurisdiction")["value"].agg(["sum", "count"]).reset_index()
        vintage = "Scoreboard 2024 edition (inferred)"
        obs = pd.concat([
            pd.DataFrame({"indicator": "EUSB.COMPANY_RD_EUR", "jurisdiction": g["jurisdiction"], "year": SB_YEAR,
                          "value": g["sum"].astype(float), "source": SB_SOURCE, "vintage": vintage}),
            pd.DataFrame({"indicator": "EUSB.COMPANY_COUNT", "jurisdiction": g["jurisdiction"], "year": SB_YEAR,
                          "value": g["count"].astype(float), "source": SB_SOURCE, "vintage": vintage}),
        ], ignore_index=True)
        return comp, obs

    def _eurostat(self, path: Path) -> tuple[pd.DataFrame, list[str]]:
        df = _csv(path, {"YEAR", "alpha2"})
        cols = [c for c in EUROSTAT if c in df.columns]
        if not cols:
            raise SourceError(f"{path}: none of the expected Eurostat columns {sorted(EUROSTAT)}")
        mapping, unknown = map_names(df["alpha2"], extra={"CN_X_HK": "CHN", "UK": "GBR", "EL": "GRC"})
        df = df[df["alpha2"].isin(mapping)]
        long = df.melt(id_vars=["alpha2", "YEAR"], value_vars=cols, var_name="col", value_name="value")
        long["value"] = pd.to_numeric(long["value"], errors="coerce")
        long = long.dropna(subset=["value"])
        obs = pd.DataFrame({
            "indicator": long["col"].map(lambda c: EUROSTAT[c][0]), "jurisdiction": long["alpha2"].map(mapping),
            "year": long["YEAR"].astype(int), "value": long["value"].astype(float), "source": ES_SOURCE,
            "vintage": "Eurostat rd_e_gerdfund (R-D-Scoreboard repo, commit 120743e)",
        })
        return obs.reset_index(drop=True), unknown
