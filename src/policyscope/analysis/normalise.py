"""Normalisation of indicator values: currency conversion (annual average or at a date), constant prices,
PPP, per capita, per GDP, and harmonised jurisdiction names.

Every function takes a :class:`~policyscope.store.database.Database` and a frame of observations with columns
``indicator, jurisdiction, year, value`` (extra columns are kept) and returns a new frame in which ``value`` is
the converted value and these columns explain it:

- ``value_original`` — the value before conversion;
- ``factor`` — the multiplier applied (``value = value_original × factor``);
- ``basis`` — a sentence naming the rate, deflator, PPP factor or population used and its source/period;
- function-specific columns (``rate_from``, ``rate_to``, ``deflator_index``, ``ppp``, ``population``, ``gdp``).

A row whose rate/deflator/denominator is missing keeps ``value = NaN`` and a ``basis`` saying what is missing
(``missing="keep"``, the default); ``missing="drop"`` removes such rows and ``missing="raise"`` raises
:class:`NormaliseError` naming the first one. Missing data is never turned into zero.

Rates come from the database (``FX.<CUR>.A|M`` from FRED and WDI ``PA.NUS.FCRF``), through the same
precedence rules as :mod:`policyscope.sources.fx`, so a newer fetch of PA.NUS.FCRF is used at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from policyscope.analysis.base import kept
from policyscope.errors import InputError
from policyscope.sources.fx import COUNTRY_CURRENCY, FxError, RateTable, normalise_currency
from policyscope.sources.harmonise import (
    AGGREGATE_EQUIVALENTS,
    SOURCE_NAMES,
    Harmonised,
    eu_members,
    harmonise_names,
)
from policyscope.store.database import Database

__all__ = [
    "OBS_COLUMNS", "NormaliseError", "Missing", "observations", "currency_of", "rate_table", "convert_currency",
    "to_constant_prices", "deflator_index", "money_kind", "to_constant_national", "to_ppp", "per_capita", "per_gdp", "harmonise_names",
    "harmonise_frame", "eu_members", "Harmonised", "SOURCE_NAMES", "EURO_AREA", "AGGREGATE_EQUIVALENTS",
]

OBS_COLUMNS = ["indicator", "jurisdiction", "year", "value"]
Missing = Literal["keep", "drop", "raise"]

# Euro adoption year (WDI PA.NUS.FCRF of members is in euro-equivalents over the whole series).
EURO_AREA: dict[str, int] = {
    "AUT": 1999, "BEL": 1999, "FIN": 1999, "FRA": 1999, "DEU": 1999, "IRL": 1999, "ITA": 1999, "LUX": 1999,
    "NLD": 1999, "PRT": 1999, "ESP": 1999, "GRC": 2001, "SVN": 2007, "CYP": 2008, "MLT": 2008, "SVK": 2009,
    "EST": 2011, "LVA": 2014, "LTU": 2015, "HRV": 2023,
}


class NormaliseError(InputError):
    """A conversion that cannot be made: names the row (indicator, jurisdiction, year) and what is missing."""


# -- inputs --------------------------------------------------------------------------------------------------

def _check(obs: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in OBS_COLUMNS if c not in obs.columns]
    if missing:
        raise NormaliseError(f"observations frame lacks columns {missing}; expected {OBS_COLUMNS}")
    out = obs.copy().reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"], errors="raise").astype(float)
    return out


def observations(db: Database, indicator: str, jurisdictions: Iterable[str] | None = None,
                 year_from: int | None = None, year_to: int | None = None) -> pd.DataFrame:
    """Rows of one indicator from the ``observations`` view (the usual input of the functions below)."""
    q = "SELECT indicator, jurisdiction, year, value FROM observations WHERE indicator = ?"
    params: list[object] = [indicator]
    if jurisdictions is not None:
        js = list(jurisdictions)
        q += f" AND jurisdiction IN ({', '.join('?' * len(js))})" if js else " AND FALSE"
        params += js
    if year_from is not None:
        q += " AND year >= ?"
        params.append(year_from)
    if year_to is not None:
        q += " AND year <= ?"
        params.append(year_to)
    return db.df(q + " ORDER BY jurisdiction, year", params)


def _series(db: Database, indicator: str, jurisdictions: Iterable[str]) -> dict[tuple[str, int], float]:
    """(jurisdiction, year) → value, read through Ibis (so that the Spark backend of the analyses works too)."""
    from policyscope.analysis.base import observations as read

    js = sorted(set(jurisdictions))
    if not js:
        return {}
    df = read(db, indicator, None, js)
    return {(j, int(y)): float(v) for j, y, v in df[["jurisdiction", "year", "value"]].itertuples(index=False)}


def _finish(out: pd.DataFrame, missing: Missing, what: str) -> pd.DataFrame:
    bad = out["value"].isna() & out["value_original"].notna()
    if bad.any():
        if missing == "raise":
            r = out[bad].iloc[0]
            raise NormaliseError(f"{what}: {r['indicator']} {r['jurisdiction']} {r['year']}: {r['basis']}")
        if missing == "drop":
            out = out[~bad].reset_index(drop=True)
    return out


# -- currencies ----------------------------------------------------------------------------------------------

def currency_of(jurisdiction: str, year: int | None = None) -> str:
    """ISO 4217 code of a jurisdiction's local currency (euro-area members: EUR from adoption)."""
    if jurisdiction in EURO_AREA and (year is None or year >= EURO_AREA[jurisdiction]):
        return "EUR"
    if jurisdiction in ("EU", "EU27", "EMU", "EUU"):
        return "EUR"
    if jurisdiction in COUNTRY_CURRENCY:
        return COUNTRY_CURRENCY[jurisdiction]
    raise NormaliseError(f"no known currency for jurisdiction {jurisdiction!r}; use from_currency=<ISO code>")


def rate_table(db: Database) -> RateTable:
    """The FRED + WDI rate table as stored in this database (read once per file that cannot change: a report
    converts many amounts and tiers, a page many sets)."""
    def read() -> RateTable:
        fred = db.df("SELECT indicator, jurisdiction, year, value FROM observations WHERE indicator LIKE 'FX.%'")
        wdi = db.df("SELECT indicator, jurisdiction, year, value FROM observations WHERE indicator = 'PA.NUS.FCRF'")
        return RateTable(fred, wdi)

    return kept(db, "rate_table", read)


def _as_date(at: date | str | None) -> date | None:
    if at is None or isinstance(at, date):
        return at
    try:
        return date.fromisoformat(str(at))
    except ValueError:
        raise NormaliseError(f"rate date {at!r} is not YYYY-MM-DD") from None


def _rate_for(table: RateTable, fcrf: dict[tuple[str, int], float], currency: str, jurisdiction: str,
              year: int, at: date | None) -> tuple[float, str, str]:
    """(units per US$, label, basis) for one side of a conversion; raises FxError/NormaliseError."""
    if currency == "LCU":
        if at is None and (jurisdiction, year) in fcrf:
            try:
                label = currency_of(jurisdiction, year)
            except NormaliseError:
                label = f"LCU of {jurisdiction}"
            return fcrf[(jurisdiction, year)], label, f"WDI PA.NUS.FCRF {jurisdiction} {year}"
        cur = currency_of(jurisdiction, at.year if at else year)
    else:
        cur = currency
    r = table.rate(cur, at.year, at.month) if at else table.rate(cur, year)
    return r.per_usd, cur, f"{r.source} {cur} {r.period}"


def convert_currency(db: Database, obs: pd.DataFrame, to_currency: str, from_currency: str = "USD",
                     at: date | str | None = None, missing: Missing = "keep") -> pd.DataFrame:
    """Convert values between currencies through US$ cross rates.

    ``from_currency`` / ``to_currency``: ISO 4217 codes (aliases such as RMB allowed) or ``"LCU"`` for each
    row's own local currency (at annual rates: that jurisdiction's WDI PA.NUS.FCRF). ``at=None`` uses the
    annual average of each row's year; a date uses the monthly average of that month for every row (the
    bundled data have no daily rates), e.g. 2019 R&D in RMB "at 2020-12-31 rates".
    Adds ``currency_from, currency_to, rate_from, rate_to`` (units per US$), ``rate_period``, ``factor``, ``basis``.
    """
    out = _check(obs)
    at_d = _as_date(at)
    src = "LCU" if from_currency.upper() == "LCU" else normalise_currency(from_currency)
    dst = "LCU" if to_currency.upper() == "LCU" else normalise_currency(to_currency)
    table = rate_table(db)
    fcrf = _series(db, "PA.NUS.FCRF", out["jurisdiction"]) if "LCU" in (src, dst) else {}
    cols: dict[str, list[object]] = {k: [] for k in
                                     ("currency_from", "currency_to", "rate_from", "rate_to", "rate_period", "factor",
                                      "basis")}
    for j, y in zip(out["jurisdiction"], out["year"], strict=True):
        try:
            ra, la, ba = _rate_for(table, fcrf, src, j, int(y), at_d)
            rb, lb, bb = _rate_for(table, fcrf, dst, j, int(y), at_d)
        except (FxError, NormaliseError) as exc:
            for k, v in (("currency_from", src), ("currency_to", dst), ("rate_from", np.nan), ("rate_to", np.nan),
                         ("rate_period", None), ("factor", np.nan), ("basis", f"missing rate: {exc}")):
                cols[k].append(v)
            continue
        cols["currency_from"].append(la)
        cols["currency_to"].append(lb)
        cols["rate_from"].append(ra)
        cols["rate_to"].append(rb)
        cols["rate_period"].append(f"{at_d.year}-{at_d.month:02d}" if at_d else str(y))
        cols["factor"].append(rb / ra)
        sides = [f"{b} ({r:g} per US$)" for b, r, lab in ((ba, ra, la), (bb, rb, lb)) if lab != "USD"]
        cols["basis"].append(f"{la}→{lb}: " + "; ".join(sides or ["identity"]))
    out["value_original"] = out["value"]
    for k, values in cols.items():
        out[k] = values
    out["value"] = out["value_original"] * out["factor"].astype(float)
    return _finish(out, missing, "currency conversion")


# -- prices --------------------------------------------------------------------------------------------------

def deflator_index(db: Database, base_year: int, deflator: str = "USA.GDP.DEFL",
                   jurisdictions: Iterable[str] = ("USA",)) -> pd.DataFrame:
    """Price index (base_year = 100) per jurisdiction and year: the US implicit deflator level rebased, or
    WDI's annual GDP-deflator inflation (NY.GDP.DEFL.KD.ZG) chained from the base year. A gap in the
    inflation series breaks the chain: years beyond it get no index."""
    rows: list[dict[str, object]] = []
    if deflator == "USA.GDP.DEFL":
        s = _series(db, deflator, ["USA"])
        if ("USA", base_year) not in s:
            raise NormaliseError(f"USA.GDP.DEFL has no value for base year {base_year}")
        b = s[("USA", base_year)]
        rows = [{"jurisdiction": "USA", "year": y, "index": v / b * 100} for (_, y), v in sorted(s.items())]
    elif deflator == "NY.GDP.DEFL.KD.ZG":
        js = list(jurisdictions)
        s = _series(db, deflator, js)
        for j in js:
            years = sorted(y for (jj, y) in s if jj == j)
            if not years:
                continue
            idx = {base_year: 100.0}
            y = base_year
            while (j, y + 1) in s:
                idx[y + 1] = idx[y] * (1 + s[(j, y + 1)] / 100)
                y += 1
            y = base_year
            while (j, y) in s:
                idx[y - 1] = idx[y] / (1 + s[(j, y)] / 100)
                y -= 1
            rows += [{"jurisdiction": j, "year": yy, "index": v} for yy, v in sorted(idx.items())]
    else:
        raise NormaliseError(f"unknown deflator {deflator!r}; use USA.GDP.DEFL or NY.GDP.DEFL.KD.ZG")
    return pd.DataFrame(rows, columns=["jurisdiction", "year", "index"])


def to_constant_prices(db: Database, obs: pd.DataFrame, base_year: int, deflator: str = "USA.GDP.DEFL",
                       deflator_jurisdiction: str | None = None, missing: Missing = "keep") -> pd.DataFrame:
    """Express current-price values in prices of ``base_year``: ``value × index[base] / index[year]``.

    ``USA.GDP.DEFL`` (US implicit GDP deflator, BEA) suits US$ series of every country; with
    ``NY.GDP.DEFL.KD.ZG`` each row is deflated by its own jurisdiction's chained deflator (local-currency
    series), or by ``deflator_jurisdiction``'s if given. Adds ``deflator, deflator_jurisdiction,
    deflator_index`` (base = 100), ``factor``, ``basis``.
    """
    out = _check(obs)
    if deflator == "USA.GDP.DEFL":
        djs = pd.Series("USA", index=out.index)
    else:
        djs = pd.Series(deflator_jurisdiction, index=out.index) if deflator_jurisdiction else out["jurisdiction"]
    idx = deflator_index(db, base_year, deflator, djs.unique())
    lookup = {(j, int(y)): float(v) for j, y, v in idx.itertuples(index=False)}
    di = [lookup.get((dj, int(y)), np.nan) for dj, y in zip(djs, out["year"], strict=True)]
    out["value_original"] = out["value"]
    out["deflator"] = deflator
    out["deflator_jurisdiction"] = djs.values
    out["deflator_index"] = di
    out["factor"] = 100.0 / out["deflator_index"]
    out["value"] = out["value_original"] * out["factor"]
    out["basis"] = [
        f"{deflator} {dj} {y} = {d:.3f} ({base_year} = 100)" if d == d
        else f"missing deflator: {deflator} {dj} {y} (base {base_year})"
        for dj, y, d in zip(djs, out["year"], di, strict=True)
    ]
    return _finish(out, missing, "constant prices")


def money_kind(unit: str | None) -> Literal["USD", "PPP", "LCU"] | None:
    """Which current-price money a unit is (None: not a current-price money series)."""
    u = (unit or "").lower()
    if "current" not in u:
        return None
    if "us$" in u or "usd" in u:
        return "USD"
    if "international $" in u or "ppp" in u:
        return "PPP"
    if "lcu" in u:
        return "LCU"
    return None


def to_constant_national(db: Database, obs: pd.DataFrame, unit: str | None, base_year: int,
                         missing: Missing = "keep") -> pd.DataFrame:
    """Current-price money → constant national prices of ``base_year`` (the OECD way for GERD volumes): back
    to local currency (US$ × PA.NUS.FCRF, international $ × PA.NUS.PPP), then deflated by the jurisdiction's
    own GDP deflator chained from NY.GDP.DEFL.KD.ZG. Growth in these prices is growth in constant PPP $ too
    (a fixed-year PPP only rescales). Exchange-rate swings (the yen) no longer read as growth or decline."""
    kind = money_kind(unit)
    if kind is None:
        raise NormaliseError(f"unit {unit!r} is not a current-price money unit")
    original = _check(obs)
    out = original.copy()
    rate = {"USD": "PA.NUS.FCRF", "PPP": "PA.NUS.PPP"}.get(kind)
    if rate is not None:
        s = _series(db, rate, out["jurisdiction"])
        out["value"] = [v * s.get((j, int(y)), np.nan)
                        for j, y, v in zip(out["jurisdiction"], out["year"], out["value"], strict=True)]
    deflated = to_constant_prices(db, out, base_year, "NY.GDP.DEFL.KD.ZG", missing="keep")
    if kind == "USD":  # aggregates (WLD, HIC…) have no exchange rate: constant US$ (the US GDP deflator)
        lost = deflated["value"].isna() & obs["value"].reset_index(drop=True).notna()
        if lost.any():
            us = to_constant_prices(db, original.loc[lost], base_year, "NY.GDP.DEFL.KD.ZG",
                                    deflator_jurisdiction="USA", missing="keep")
            deflated.loc[lost, us.columns] = us.values
    deflated["value_original"] = obs["value"].to_numpy(dtype=float)
    prefix = f"× {rate}; " if rate is not None else ""
    deflated["basis"] = [prefix + b for b in deflated["basis"]]
    return _finish(deflated, missing, "constant national prices")


def to_ppp(db: Database, obs: pd.DataFrame, from_currency: Literal["USD", "LCU"] = "USD",
           missing: Missing = "keep") -> pd.DataFrame:
    """Convert to current international (PPP) dollars with WDI PA.NUS.PPP (LCU per international $).

    US$ values are first taken back to local currency with the same year's PA.NUS.FCRF, so
    ``factor = FCRF / PPP`` (the inverse of the price level ratio). Adds ``rate`` (FCRF, NaN for LCU input),
    ``ppp``, ``factor``, ``basis``.
    """
    out = _check(obs)
    js = out["jurisdiction"]
    ppp = _series(db, "PA.NUS.PPP", js)
    fcrf = _series(db, "PA.NUS.FCRF", js) if from_currency == "USD" else {}
    if from_currency not in ("USD", "LCU"):
        raise NormaliseError(f"to_ppp converts from USD or LCU, not {from_currency!r}")
    rates, ppps, factors, basis = [], [], [], []
    for j, y in zip(js, out["year"], strict=True):
        p = ppp.get((j, int(y)), np.nan)
        r = fcrf.get((j, int(y)), np.nan) if from_currency == "USD" else 1.0
        f = r / p
        rates.append(r if from_currency == "USD" else np.nan)
        ppps.append(p)
        factors.append(f)
        if f == f:
            basis.append(f"WDI PA.NUS.PPP {j} {y} = {p:g} LCU per intl $"
                         + (f"; PA.NUS.FCRF = {r:g} LCU per US$" if from_currency == "USD" else ""))
        else:
            basis.append(f"missing: {'PA.NUS.PPP' if p != p else 'PA.NUS.FCRF'} for {j} {y}")
    out["value_original"] = out["value"]
    out["rate"] = rates
    out["ppp"] = ppps
    out["factor"] = factors
    out["value"] = out["value_original"] * out["factor"]
    out["basis"] = basis
    return _finish(out, missing, "PPP conversion")


# -- ratios --------------------------------------------------------------------------------------------------

def _ratio(db: Database, obs: pd.DataFrame, denom: str, scale: float, col: str, missing: Missing,
           what: str) -> pd.DataFrame:
    out = _check(obs)
    s = _series(db, denom, out["jurisdiction"])
    d = [s.get((j, int(y)), np.nan) for j, y in zip(out["jurisdiction"], out["year"], strict=True)]
    out["value_original"] = out["value"]
    out[col] = d
    out["factor"] = [scale / x if x == x and x != 0 else np.nan for x in d]
    out["value"] = out["value_original"] * out["factor"]
    out["basis"] = [
        f"÷ {denom} {j} {y} = {x:g}" + (f", × {scale:g}" if scale != 1 else "") if x == x and x != 0
        else f"missing {denom} for {j} {y}"
        for j, y, x in zip(out["jurisdiction"], out["year"], d, strict=True)
    ]
    return _finish(out, missing, what)


def per_capita(db: Database, obs: pd.DataFrame, per: float = 1.0, population: str = "SP.POP.TOTL",
               missing: Missing = "keep") -> pd.DataFrame:
    """Value per person (``per=1e6`` for per million people) using WDI SP.POP.TOTL. Adds ``population``."""
    return _ratio(db, obs, population, per, "population", missing, "per capita")


def per_gdp(db: Database, obs: pd.DataFrame, gdp: str = "NY.GDP.MKTP.CD", percent: bool = True,
            missing: Missing = "keep") -> pd.DataFrame:
    """Value as a share of GDP (percent by default); the values must be in the GDP series' unit
    (current US$ for NY.GDP.MKTP.CD, international $ for GDP_PPP). Adds ``gdp``."""
    return _ratio(db, obs, gdp, 100.0 if percent else 1.0, "gdp", missing, "per GDP")


# -- names ---------------------------------------------------------------------------------------------------

def harmonise_frame(df: pd.DataFrame, column: str = "jurisdiction", source: str | None = None,
                    on_unknown: Literal["raise", "drop", "keep"] = "raise") -> tuple[pd.DataFrame, Harmonised]:
    """Replace source names in ``column`` by jurisdiction codes (World Bank, NCSES, Eurostat/OECD labels).

    Excluded labels (regional totals that are not our jurisdictions) are removed and listed; unknown names
    raise :class:`NormaliseError` listing all of them (``on_unknown="drop"`` removes them, ``"keep"`` leaves
    them as they are); the second return value lists both.
    """
    if column not in df.columns:
        raise NormaliseError(f"frame has no column {column!r}")
    h = harmonise_names(df[column], source)
    if h.unknown and on_unknown == "raise":
        raise NormaliseError(f"unknown jurisdiction names ({len(h.unknown)}): {', '.join(h.unknown)}")
    out = df.copy()
    names = out[column].astype(str).str.strip()
    keep = ~names.isin(h.excluded)
    if on_unknown == "drop":
        keep &= ~names.isin(h.unknown)
    out = out[keep].copy()
    out[column] = names[keep].map(lambda n: h.mapping.get(n, n))
    return out.reset_index(drop=True), h
