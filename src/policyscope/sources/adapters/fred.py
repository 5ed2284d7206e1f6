"""FRED exchange rates (annual and monthly, currency units per US$) and the US GDP implicit deflator."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

# FRED's country labels → ISO 4217 currency
FRED_CURRENCY: dict[str, str] = {
    "Australia": "AUD", "Austria": "ATS", "Belgium": "BEF", "Brazil": "BRL", "Canada": "CAD", "China": "CNY",
    "Denmark": "DKK", "Euro": "EUR", "Finland": "FIM", "France": "FRF", "Germany": "DEM", "Greece": "GRD",
    "Hong Kong": "HKD", "India": "INR", "Ireland": "IEP", "Italy": "ITL", "Japan": "JPY", "Malaysia": "MYR",
    "Mexico": "MXN", "Netherlands": "NLG", "New Zealand": "NZD", "Norway": "NOK", "Portugal": "PTE",
    "Singapore": "SGD", "South Africa": "ZAR", "South Korea": "KRW", "Spain": "ESP", "Sri Lanka": "LKR",
    "Sweden": "SEK", "Switzerland": "CHF", "Taiwan": "TWD", "Thailand": "THB", "United Kingdom": "GBP",
    "Venezuela": "VEF",
}


@register
class FredRates(SourceAdapter):
    name = "fred"
    title = "FRED exchange rates (H.10/G.5) and US GDP deflator (BEA)"
    licence = "Public domain (ODC-PDDL 1.0; US federal data)"
    origin = "FRED via datahub.io datasets/exchange-rates (commit fa7d949) and datasets/gdp-us (commit bb5921d)"
    processing = (
        "rates as currency units per US$ (FRED's USD-per-unit series were already inverted in the source files); "
        "indicator FX.<CUR>.A (annual) and FX.<CUR>.M (monthly, year*100+month in `year`); "
        "US deflator USA.GDP.DEFL (2017=100). Jurisdiction of a rate is the pseudo-code CUR:<ISO 4217>."
    )
    raw_paths = (
        "exchange_rates_deflators/fred_fx_annual.csv",
        "exchange_rates_deflators/fred_fx_monthly.csv",
        "exchange_rates_deflators/us_gdp_implicit_deflator_annual.csv",
    )
    vintage = "FRED snapshot 2026-06"

    def read_raw(self, paths: list[Path]) -> Bundle:
        rows: list[pd.DataFrame] = []
        indicators: list[dict[str, object]] = []
        for path, freq in ((paths[0], "A"), (paths[1], "M")):
            df = pd.read_csv(self.require(path))
            if list(df.columns) != ["Date", "Country", "Exchange rate"]:
                raise SourceError(f"{path}: expected columns Date, Country, Exchange rate; got {list(df.columns)}")
            unknown = sorted(set(df["Country"]) - set(FRED_CURRENCY))
            if unknown:
                raise SourceError(f"{path}: unknown FRED currency labels {unknown}")
            d = pd.to_datetime(df["Date"])
            cur = df["Country"].map(FRED_CURRENCY)
            period = d.dt.year if freq == "A" else d.dt.year * 100 + d.dt.month
            rows.append(pd.DataFrame({
                "indicator": "FX." + cur + "." + freq,
                "jurisdiction": "CUR:" + cur,
                "year": period.astype(int),
                "value": pd.to_numeric(df["Exchange rate"], errors="coerce"),
                "source": "FRED",
                "vintage": self.vintage,
            }).dropna(subset=["value"]))
            for c in sorted(set(cur)):
                indicators.append({
                    "code": f"FX.{c}.{freq}",
                    "name_en": f"Exchange rate, {c} per US$ ({'annual' if freq == 'A' else 'monthly'} average)",
                    "name_zh": f"汇率，{c}/美元（{'年' if freq == 'A' else '月'}平均）",
                    "unit": f"{c} per US$",
                    "source": "US Federal Reserve (H.10/G.5) via FRED",
                    "licence": self.licence,
                    "definition": "Currency units per US dollar, period average." + (
                        " Period key: year*100+month." if freq == "M" else ""),
                    "formula": None,
                })
        defl = pd.read_csv(self.require(paths[2]))
        rows.append(pd.DataFrame({
            "indicator": "USA.GDP.DEFL",
            "jurisdiction": "USA",
            "year": defl["year"].astype(int),
            "value": defl["implicit_price_deflator_2017_100"].astype(float),
            "source": "US BEA (NIPA)",
            "vintage": "BEA 2024",
        }))
        indicators.append({
            "code": "USA.GDP.DEFL", "name_en": "US GDP implicit price deflator (2017 = 100)",
            "name_zh": "美国GDP隐含价格平减指数（2017年=100）", "unit": "index, 2017 = 100",
            "source": "US Bureau of Economic Analysis", "licence": "Public domain",
            "definition": "Nominal GDP / real GDP in chained 2017 dollars × 100.", "formula": None,
        })
        obs = pd.concat(rows, ignore_index=True)
        return Bundle(self.name, {"indicators": pd.DataFrame(indicators), "observations": obs})
