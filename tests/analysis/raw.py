"""Independent readers of the raw shared data (pandas on the original CSV files) used to compute the
expected values in the analysis tests — never through the policyscope store or analyses."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from tests.conftest import DATA

COUNTRIES = {c.alpha_3 for c in pycountry.countries} | {"XKX"}


@lru_cache(maxsize=32)
def wdi(code: str) -> pd.DataFrame:
    """A raw WDI indicator file: columns code, year, value."""
    df = pd.read_csv(DATA / "wdi_innovation" / "indicators" / f"{code}.csv")
    return df.rename(columns={"Country Code": "code", "Year": "year", "Value": "value"})[["code", "year", "value"]]


def wdi_year(code: str, year: int, countries_only: bool = True) -> pd.Series:
    df = wdi(code)
    df = df[(df["year"] == year) & df["value"].notna()]
    if countries_only:
        df = df[df["code"].isin(COUNTRIES)]
    return df.set_index("code")["value"].astype(float)


@lru_cache(maxsize=1)
def fred_monthly() -> pd.DataFrame:
    return pd.read_csv(DATA / "exchange_rates_deflators" / "fred_fx_monthly.csv")


def fred_rate(country: str, month: str) -> float:
    """Units per US$ for a FRED country series name (e.g. 'China', 'Euro') in a month 'YYYY-MM'."""
    df = fred_monthly()
    hit = df[(df["Country"] == country) & (df["Date"] == f"{month}-01")]
    assert len(hit) == 1, (country, month)
    return float(hit["Exchange rate"].iloc[0])


@lru_cache(maxsize=1)
def openalex() -> pd.DataFrame:
    return pd.read_csv(DATA / "openalex_country_coauthorship" / "openalex_country_coauthorship_1990_2023.csv.gz",
                       keep_default_na=False, na_values=[""])


UNICORNS = DATA / "unicorns"


def unicorn_file(name: str) -> Path:
    return UNICORNS / name
