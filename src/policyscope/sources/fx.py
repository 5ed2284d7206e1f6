"""Exchange rates from the bundled snapshot: FRED annual and monthly averages first, World Bank
``PA.NUS.FCRF`` (official rate, LCU per US$, annual average) for the currencies FRED lacks.

Used by the extractor (amounts → US$ at the event year's rate) and by the analyses (tiers in RMB at a date),
so that one table of rates serves both. Every conversion reports the rate and where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from policyscope.errors import InputError
from policyscope.sources.snapshot import SNAPSHOT_DIR

# Currency of the jurisdictions whose WDI official rate we use when FRED has no series.
COUNTRY_CURRENCY: dict[str, str] = {
    "USA": "USD", "CHN": "CNY", "JPN": "JPY", "KOR": "KRW", "GBR": "GBP", "IND": "INR", "RUS": "RUB",
    "BRA": "BRL", "CAN": "CAD", "AUS": "AUD", "CHE": "CHF", "SWE": "SEK", "NOR": "NOK", "DNK": "DKK",
    "POL": "PLN", "CZE": "CZK", "HUN": "HUF", "ROU": "RON", "BGR": "BGN", "TUR": "TRY", "ISR": "ILS",
    "SGP": "SGD", "HKG": "HKD", "TWN": "TWD", "MYS": "MYR", "THA": "THB", "IDN": "IDR", "PHL": "PHP",
    "VNM": "VND", "MEX": "MXN", "ARG": "ARS", "CHL": "CLP", "COL": "COP", "PER": "PEN", "ZAF": "ZAR",
    "EGY": "EGP", "SAU": "SAR", "ARE": "AED", "NZL": "NZD", "UKR": "UAH", "PAK": "PKR", "NGA": "NGN",
    "KEN": "KES", "IRN": "IRR", "KAZ": "KZT", "QAT": "QAR", "LKA": "LKR", "BGD": "BDT", "ISL": "ISK",
    # euro area: WDI gives EUR per US$ for members; Germany's series stands for the euro from 1999
    "DEU": "EUR",
}
# ISO 4217 codes analysts meet under other names
CURRENCY_ALIASES: dict[str, str] = {"RMB": "CNY", "CNH": "CNY", "YUAN": "CNY", "EURO": "EUR"}


class FxError(InputError):
    """No rate for a currency and period: names both."""


@dataclass(frozen=True)
class Rate:
    currency: str
    per_usd: float
    period: str
    source: str


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    fred = pd.read_parquet(SNAPSHOT_DIR / "fred.observations.parquet")
    fred = fred[fred["indicator"].str.startswith("FX.")].copy()
    fred["currency"] = fred["indicator"].str.split(".").str[1]
    fred["freq"] = fred["indicator"].str.split(".").str[2]
    wdi = pd.read_parquet(SNAPSHOT_DIR / "wdi.observations.parquet")
    wdi = wdi[(wdi["indicator"] == "PA.NUS.FCRF") & wdi["jurisdiction"].isin(list(COUNTRY_CURRENCY))].copy()
    wdi["currency"] = wdi["jurisdiction"].map(COUNTRY_CURRENCY)
    return fred, wdi


def normalise_currency(code: str) -> str:
    c = code.strip().upper()
    return CURRENCY_ALIASES.get(c, c)


class RateTable:
    """Rates from two frames (FRED ``FX.<CUR>.A|M`` rows and WDI ``PA.NUS.FCRF`` rows, columns of the
    ``observations`` view). The module functions use the bundled snapshot; the analyses build one from the
    database so that a newer fetch of PA.NUS.FCRF is used without a rebuild of the snapshot."""

    def __init__(self, fred: pd.DataFrame, wdi: pd.DataFrame) -> None:
        fred = fred[fred["indicator"].str.startswith("FX.")].copy()
        fred["currency"] = fred["indicator"].str.split(".").str[1]
        fred["freq"] = fred["indicator"].str.split(".").str[2]
        wdi = wdi[(wdi["indicator"] == "PA.NUS.FCRF") & wdi["jurisdiction"].isin(list(COUNTRY_CURRENCY))].copy()
        wdi["currency"] = wdi["jurisdiction"].map(COUNTRY_CURRENCY)
        self.fred = fred
        self.wdi = wdi
        self._annual = {(c, int(y)): float(v) for c, y, v in
                        fred.loc[fred["freq"] == "A", ["currency", "year", "value"]].itertuples(index=False)}
        self._monthly = {(c, int(y)): float(v) for c, y, v in
                         fred.loc[fred["freq"] == "M", ["currency", "year", "value"]].itertuples(index=False)}
        self._wdi = {(c, int(y)): float(v) for c, y, v in wdi[["currency", "year", "value"]].itertuples(index=False)}

    def rate(self, currency: str, year: int, month: int | None = None) -> Rate:
        """Units of ``currency`` per US$: monthly average if ``month`` is given and known, else the FRED annual
        average, else the mean of FRED's 12 monthly averages, else WDI PA.NUS.FCRF."""
        cur = normalise_currency(currency)
        if cur == "USD":
            return Rate("USD", 1.0, str(year), "identity")
        if month is not None:
            v = self._monthly.get((cur, year * 100 + month))
            if v is not None:
                return Rate(cur, v, f"{year}-{month:02d}", "FRED monthly average")
        v = self._annual.get((cur, year))
        if v is not None:
            return Rate(cur, v, str(year), "FRED annual average")
        months = [self._monthly.get((cur, year * 100 + m)) for m in range(1, 13)]
        if all(m is not None for m in months):
            return Rate(cur, float(sum(months)) / 12, str(year), "FRED monthly averages, mean of 12 months")  # type: ignore[arg-type]
        v = self._wdi.get((cur, year))
        if v is not None:
            return Rate(cur, v, str(year), "World Bank WDI PA.NUS.FCRF")
        raise FxError(f"no exchange rate for {cur} in {year}{f'-{month:02d}' if month else ''}")


@lru_cache(maxsize=1)
def bundled_table() -> RateTable:
    """The rate table of the bundled snapshot."""
    fred = pd.read_parquet(SNAPSHOT_DIR / "fred.observations.parquet")
    wdi = pd.read_parquet(SNAPSHOT_DIR / "wdi.observations.parquet")
    return RateTable(fred, wdi)


def rate(currency: str, year: int, month: int | None = None) -> Rate:
    """Units of ``currency`` per US$ for a year (annual average) or a month (monthly average)."""
    return bundled_table().rate(currency, year, month)


def rate_at(currency: str, on: date) -> Rate:
    """Rate for a date: the monthly average of that month (the snapshot has no daily rates)."""
    return rate(currency, on.year, on.month)


def to_usd(value: float, currency: str, year: int) -> tuple[float, Rate]:
    """Convert an amount to US$ at the annual average rate of ``year``."""
    r = rate(currency, year)
    return value / r.per_usd, r


def convert(value: float, from_currency: str, to_currency: str, year: int, month: int | None = None) -> float:
    """Convert between any two currencies through the US$ cross rate of the same period."""
    a = rate(from_currency, year, month)
    b = rate(to_currency, year, month)
    return value / a.per_usd * b.per_usd


def latest_year(currency: str) -> int:
    """The latest year with a rate (for amounts whose event year is beyond the data)."""
    cur = normalise_currency(currency)
    if cur == "USD":
        return date.today().year
    fred, wdi = bundled_table().fred, bundled_table().wdi
    years = list(fred.loc[(fred["currency"] == cur) & (fred["freq"] == "A"), "year"])
    years += list(wdi.loc[wdi["currency"] == cur, "year"])
    years += [y // 100 for y in fred.loc[(fred["currency"] == cur) & (fred["freq"] == "M"), "year"]]
    if not years:
        raise FxError(f"no exchange rate at all for currency {cur}")
    return int(max(years))
