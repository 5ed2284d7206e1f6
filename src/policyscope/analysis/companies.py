"""Company counts by country, industry and founding or joining year from a company list such as the
unicorn lists in ../shared/data/unicorns/ (003 图2, 5, 6; 004 图17).

The lists are read where they are (CB Insights data is not open-licensed and is never copied). The format is
recognised from the columns: CB Insights snapshots (``snapshot_date``: pick one with ``list_date``), the
complete 2024 list (``Date Founded``, ``Unicorn Date``), Maven's 2022 list (``Year Founded``,
``Date Joined``) and Wikipedia's list. Country names go through the jurisdiction registry; names it cannot
resolve are counted under their own name and listed in the notes. ``groups`` (e.g. EU27) adds rows summed
over members as of today's membership. Shares are of the whole list, not of the rows shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from policyscope.analysis.base import AnalysisError, AnalysisResult, Coverage
from policyscope.analysis.params import (
    AnalysisParams,
    Cli,
    DataFile,
    Jurisdictions,
    Kind,
    Year,
    date_bound,
    keys_of,
    split_list,
)
from policyscope.errors import MissingFile
from policyscope.model import registry

BY_KEYS = ("country", "year", "industry")


class CompaniesParams(AnalysisParams):
    """Parameters of :func:`company_counts` (reads a company list, not the database)."""

    source: DataFile = Field(description="Company list CSV (e.g. ../shared/data/unicorns/…; over the web: "
                                         "unicorns/… inside the shared data folder).")
    by: Annotated[list[str], BeforeValidator(split_list), AfterValidator(keys_of(BY_KEYS)),
                  Kind("code", many=True)] = Field(["country"], description="Keys among country, year, industry.")
    list_date: Annotated[date | None, BeforeValidator(lambda v: date_bound(v, end=True)), Kind("date")] = Field(
        None, description="Snapshot date for lists with several (the last one on or before it).")
    year_field: Literal["founded", "joined"] = Field("founded", description="founded or joined.")
    countries: Annotated[Jurisdictions, Cli("--jurisdictions", "-j")] = Field(
        None, description="Names or codes, 中文 or English (美国,China,DEU).")
    groups: Jurisdictions = Field(None, description="Add group rows, e.g. EU27.")
    year_from: Annotated[Year | None, Cli("--from")] = Field(None, description="First year.")
    year_to: Annotated[Year | None, Cli("--to")] = Field(None, description="Last year.")

    def arguments(self) -> dict[str, Any]:
        args = super().arguments()
        return args | {"source_path_or_frame": args.pop("source"), "groups": tuple(self.groups or ())}

    def needs_db(self) -> bool:
        return False


class CompanyCountRow(BaseModel):
    country: str | None = None
    year: int | None = None
    industry: str | None = None
    n: int
    share: float  # percent of all companies in the list
    share_in_country: float | None = None  # percent of the country's companies (by country and year/industry)


class CompanyCountsResult(AnalysisResult):
    rows: list[CompanyCountRow]
    by: list[str]
    total: int
    list_date: str | None
    year_field: str
    source_file: str | None


def _clean_text(s: object) -> str | None:
    if s is None or (isinstance(s, float) and s != s):
        return None
    t = re.sub(r"\[\d+\]", "", str(s)).strip()
    return t or None


def load_company_list(source: str | Path | pd.DataFrame, list_date: str | date | None = None,
                      year_field: str = "founded") -> tuple[pd.DataFrame, str | None, str]:
    """Normalise a company list to columns company, country_name, industry, founded, joined; returns
    (frame, list date used, description of the format)."""
    if isinstance(source, pd.DataFrame):
        raw, name = source.copy(), "frame"
    else:
        path = Path(source)
        if not path.exists():
            raise MissingFile(f"company list {path} does not exist")
        try:
            raw = pd.read_csv(path, encoding="utf-8-sig") if path.suffix.lower() != ".xlsx" else pd.read_excel(path)
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise AnalysisError(f"{path}: not a readable CSV/Excel company list ({exc})") from exc
        name = path.name
    cols = {c.strip(): c for c in raw.columns}
    used_date = None
    if "snapshot_date" in cols:
        snaps = sorted(raw["snapshot_date"].astype(str).unique())
        if list_date is None:
            used_date = snaps[-1]
        else:
            want = str(list_date)
            earlier = [s for s in snaps if s <= want]
            if not earlier:
                raise AnalysisError(f"{name}: no snapshot on or before {want} (snapshots: {', '.join(snaps)})")
            used_date = earlier[-1]
        raw = raw[raw["snapshot_date"].astype(str) == used_date]
        joined = pd.to_datetime(raw.get("date_joined_iso"), errors="coerce").dt.year
        df = pd.DataFrame({"company": raw["Company"], "country_name": raw["Country"], "industry": raw["Industry"],
                           "founded": pd.NA, "joined": joined})
        kind = "CB Insights snapshot"
    elif "Date Founded" in cols:
        df = pd.DataFrame({"company": raw[cols["Company"]], "country_name": raw["Country"], "industry": raw["Industry"],
                           "founded": pd.to_numeric(raw["Date Founded"], errors="coerce"),
                           "joined": pd.to_datetime(raw["Unicorn Date"], errors="coerce", format="%m/%d/%Y").dt.year})
        kind = "complete unicorn list (CB Insights-based, thru 2024)"
    elif "Year Founded" in cols:
        df = pd.DataFrame({"company": raw["Company"], "country_name": raw["Country"], "industry": raw["Industry"],
                           "founded": pd.to_numeric(raw["Year Founded"], errors="coerce"),
                           "joined": pd.to_datetime(raw["Date Joined"], errors="coerce").dt.year})
        kind = "Maven Analytics unicorn list"
    elif "Country" in cols and "Company" in cols:
        df = pd.DataFrame({"company": raw[cols["Company"]], "country_name": raw[cols["Country"]],
                           "industry": raw[cols["Industry"]] if "Industry" in cols else pd.NA,
                           "founded": pd.NA, "joined": pd.NA})
        kind = "generic company list"
    else:
        raise AnalysisError(f"{name}: a company list needs at least the columns Company and Country; "
                            f"got {', '.join(map(str, raw.columns))}")
    df["country_name"] = df["country_name"].map(_clean_text)
    df["industry"] = df["industry"].map(_clean_text)
    if year_field not in ("founded", "joined"):
        raise AnalysisError(f"year field must be 'founded' or 'joined', not {year_field!r}")
    return df.reset_index(drop=True), used_date, f"{kind}: {name}"


def _country_code(name: str | None, cache: dict[str, str | None]) -> str | None:
    if name is None:
        return None
    if name not in cache:
        r = registry().resolve(name)
        cache[name] = r.code if r.status == "resolved" else None
    return cache[name]


def company_counts(
    source_path_or_frame: str | Path | pd.DataFrame,
    by: Sequence[str] = ("country",),
    list_date: str | date | None = None,
    year_field: str = "founded",
    countries: Sequence[str] | None = None,
    groups: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
) -> CompanyCountsResult:
    """Companies per country (ISO3 code) × year (founding or joining) × industry, with shares of the list."""
    by = split_list(by) or []
    bad = [b for b in by if b not in BY_KEYS]
    if bad or not by:
        raise AnalysisError(f"--by must be among {', '.join(BY_KEYS)}; got {', '.join(bad) or 'nothing'}")
    df, used_date, kind = load_company_list(source_path_or_frame, list_date, year_field)
    total = len(df)
    cache: dict[str, str | None] = {}
    df["country"] = [(_country_code(n, cache) or n) for n in df["country_name"]]
    unresolved = sorted(n for n, c in cache.items() if c is None)
    df["year"] = pd.to_numeric(df[year_field], errors="coerce")
    notes = [f"country names not in the registry, counted under their own name: {', '.join(unresolved)}"] if unresolved else []
    if "year" in by:
        no_year = int(df["year"].isna().sum())
        if no_year == total:
            raise AnalysisError(f"{kind} has no {year_field} year; use --year-field joined or another list")
        if no_year:
            notes.append(f"{no_year} companies without a {year_field} year are not in the per-year rows")
        df = df[df["year"].notna()]
        if year_from is not None:
            df = df[df["year"] >= year_from]
        if year_to is not None:
            df = df[df["year"] <= year_to]
        df = df.assign(year=df["year"].astype(int))
    frames = [df]
    reg = registry()
    for g in groups:
        code = reg.resolve_code(g)
        members = set(reg.members(code))
        frames.append(df[df["country"].isin(members)].assign(country=code))
        notes.append(f"{code} rows sum its current members ({len(members)})")
    full = pd.concat(frames, ignore_index=True)
    counts = full.groupby(by, dropna=False).size().reset_index(name="n")
    counts["share"] = counts["n"] / total * 100
    if "country" in by and len(by) > 1:
        per_c = counts.groupby("country")["n"].transform("sum")
        counts["share_in_country"] = counts["n"] / per_c * 100
    if countries:
        wanted = [reg.resolve_code(c) for c in countries]
        counts = counts[counts["country"].isin(wanted)]
    sort_cols = [c for c in by if c != "country"]
    if len(by) == 1:
        counts = counts.sort_values(["n", by[0]], ascending=[False, True])
    else:
        counts = counts.sort_values(sort_cols + ["n"], ascending=[True] * len(sort_cols) + [False])
    rows = [CompanyCountRow.model_validate({k: (None if (isinstance(v, float) and v != v) else v) for k, v in r.items()})
            for r in counts.to_dict("records")]
    return CompanyCountsResult(
        analysis="companies",
        params={"by": by, "list_date": str(list_date) if list_date else None, "year_field": year_field,
                "countries": list(countries) if countries else None, "groups": list(groups)},
        rows=rows, by=by, total=total, list_date=used_date, year_field=year_field,
        source_file=None if isinstance(source_path_or_frame, pd.DataFrame) else str(source_path_or_frame),
        sources=[kind], vintages=[used_date] if used_date else [], notes=notes,
        coverage=Coverage(with_data=total - len([1 for n in df["country_name"] if n is None]), total=total,
                          note="companies with a country"),
    )
