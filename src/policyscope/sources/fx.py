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


class FxError(ValueError):
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


def rate(currency: str, year: int, month: int | None = None) -> Rate:
    """Units of ``currency`` per US$ for a year (annual average) or a month (monthly average)."""
    cur = normalise_currency(currency)
    if cur == "USD":
        return Rate("USD", 1.0, str(year), "identity")
    fred, wdi = _tables()
    if month is not None:
        hit = fred[(fred["currency"] == cur) & (fred["freq"] == "M") & (fred["year"] == year * 100 + month)]
        if len(hit):
            return Rate(cur, float(hit["value"].iloc[0]), f"{year}-{month:02d}", "FRED monthly average")
    hit = fred[(fred["currency"] == cur) & (fred["freq"] == "A") & (fred["year"] == year)]
    if len(hit):
        return Rate(cur, float(hit["value"].iloc[0]), str(year), "FRED annual average")
    months = fred[(fred["currency"] == cur) & (fred["freq"] == "M") & (fred["year"] // 100 == year)]
    if len(months) == 12:
        return Rate(cur, float(months["value"].mean()), str(year), "FRED monthly averages, mean of 12 months")
    hit = wdi[(wdi["currency"] == cur) & (wdi["year"] == year)]
    if len(hit):
        return Rate(cur, float(hit["value"].iloc[0]), str(year), "World Bank WDI PA.NUS.FCRF")
    raise FxError(f"no exchange rate for {cur} in {year}{'-%02d' % month if month else ''}")


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
    fred, wdi = _tables()
    years = list(fred.loc[(fred["currency"] == cur) & (fred["freq"] == "A"), "year"])
    years += list(wdi.loc[wdi["currency"] == cur, "year"])
    years += [y // 100 for y in fred.loc[(fred["currency"] == cur) & (fred["freq"] == "M"), "year"]]
    if not years:
        raise FxError(f"no exchange rate at all for currency {cur}")
    return int(max(years))
