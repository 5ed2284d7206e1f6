"""Import an indicator file (CSV, Excel, JSON records, SDMX-ML / SDMX-JSON) described by a small mapping spec.

The spec (YAML or JSON, validated by :class:`ImportSpec`) says which columns hold the jurisdiction, the period
and the value — or that years are spread over columns (``wide_years``) — plus the indicator's code, names in
Chinese and English, unit, source and licence. The reader checks the whole file before anything is written and
reports every problem at once: missing columns, text in the value column, unknown jurisdiction names (listed;
refused unless ``skip_unknown``), duplicate rows, missing values, values below ``min`` / above ``max``.
SDMX messages go through the same sdmx1 parser as the live SDMX connector.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from policyscope.safety import ArchiveRefused, check_archive
from policyscope.sources.base import TABLES, Bundle, SourceError
from policyscope.sources.harmonise import SOURCE_NAMES, harmonise_names

FileFormat = Literal["csv", "excel", "json", "sdmx"]
MAX_LISTED = 12


class IndicatorMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@:+-]*$")
    name_en: str
    name_zh: str
    unit: str | None = None
    source: str
    licence: str
    definition: str | None = None


class ColumnMap(BaseModel):
    """Column names in the file. ``year`` may hold 2019, "2019", "2019-12-31" or "2019a" style labels."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str
    year: str | None = None
    value: str | None = None
    indicator: str | None = None  # a column of indicator codes (several indicators in one long file)


class WideYears(BaseModel):
    """One column per year, named like the year, optionally after a prefix ("field_2019")."""

    model_config = ConfigDict(extra="forbid")

    prefix: str = ""
    first: int | None = None
    last: int | None = None


class ImportSpec(BaseModel):
    """The mapping spec of one file: see docs/connectors.md and docs/examples/."""

    model_config = ConfigDict(extra="forbid")

    format: FileFormat | None = None
    sheet: str | int | None = None
    skip_rows: int = 0
    encoding: str = "utf-8-sig"
    separator: str = ","
    records: str | None = None  # JSON: dotted path to the list of records, e.g. "data.rows"
    indicator: IndicatorMeta | None = None
    indicators: dict[str, IndicatorMeta] = Field(default_factory=dict)  # when columns.indicator is used
    columns: ColumnMap | None = None
    wide_years: WideYears | None = None
    names: str | None = None  # name table: worldbank, ncses, eurostat, oecd
    aliases: dict[str, str | None] = Field(default_factory=dict)
    filter: dict[str, list[str]] = Field(default_factory=dict)  # keep rows whose column is in the list
    missing_values: list[str] = Field(default_factory=lambda: ["", "na", "NA", "n/a", "..", "-", "NaN", "nan"])
    scale: float = 1.0
    min: float | None = None
    max: float | None = None
    allow_missing: bool = True
    vintage: str | None = None

    @field_validator("names")
    @classmethod
    def _known_table(cls, v: str | None) -> str | None:
        if v is not None and v not in SOURCE_NAMES:
            raise ValueError(f"unknown name table {v!r}; known: {', '.join(SOURCE_NAMES)}")
        return v

    @model_validator(mode="after")
    def _coherent(self) -> ImportSpec:
        if self.format == "sdmx":
            return self
        if self.columns is None:
            raise ValueError("'columns' is required (jurisdiction, and year + value or wide_years)")
        if self.wide_years is None and (self.columns.year is None or self.columns.value is None):
            raise ValueError("give columns.year and columns.value, or wide_years for one column per year")
        if self.columns.indicator is None and self.indicator is None:
            raise ValueError("give 'indicator' (code, names, unit, source, licence) or columns.indicator + indicators")
        if self.columns.indicator is not None and not self.indicators:
            raise ValueError("columns.indicator needs an 'indicators' table: code → names, unit, source, licence")
        return self


class ImportReport(BaseModel):
    """What an import found, shown to the user and returned as JSON."""

    file: str
    rows_read: int = 0
    observations: int = 0
    indicators: list[str] = Field(default_factory=list)
    jurisdictions: int = 0
    years: list[int] = Field(default_factory=list)
    missing_values: int = 0
    skipped_unknown: list[str] = Field(default_factory=list)
    excluded_names: list[str] = Field(default_factory=list)
    duplicates_dropped: int = 0
    warnings: list[str] = Field(default_factory=list)
    vintage: str = ""


class ImportError_(SourceError):  # noqa: N801 - avoid shadowing the builtin ImportError
    """The file cannot be imported; ``problems`` lists every reason (nothing was written)."""

    def __init__(self, file: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{file}: not imported ({len(problems)} problem{'s' if len(problems) > 1 else ''}):\n  - "
                         + "\n  - ".join(problems))


def load_spec(path: Path) -> ImportSpec:
    """Read a YAML or JSON spec; a bad spec is an error naming the file and the field."""
    if not path.exists():
        raise SourceError(f"spec file {path} does not exist")
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # noqa: BLE001 - YAML and JSON raise different types
        raise SourceError(f"spec {path} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError(f"spec {path} must be a mapping of fields")
    try:
        return ImportSpec.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'spec'}: {e['msg']}" for e in exc.errors())
        raise SourceError(f"spec {path} is invalid: {msgs}") from None


def detect_format(path: Path) -> FileFormat:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        return "excel"
    if name.endswith((".xml", ".sdmx")):
        return "sdmx"
    if name.endswith(".json"):
        head = path.read_bytes()[:4000]
        return "sdmx" if b'"dataSets"' in head or b'"data"' in head and b'"structure"' in head else "json"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    raise SourceError(f"{path}: cannot tell the format from the extension; set 'format' in the spec")


# -- reading -------------------------------------------------------------------------------------------------

def _check_workbook(path: Path) -> None:
    """Zip-based workbooks (xlsx, xlsm, ods) pass the shared archive guard before openpyxl inflates them."""
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        try:
            check_archive(path, str(path), kind="Excel workbook")
        except ArchiveRefused as exc:
            raise SourceError(f"{path}: not imported: {exc.reason}") from None


MAX_QUOTED_LINES = 20  # a quoted field spanning more physical lines is an unbalanced quote, not a note


def _open_text(path: Path, encoding: str) -> io.TextIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding=encoding, newline="")  # type: ignore[return-value]
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 - the caller closes it


def _check_ragged(path: Path, spec: ImportSpec, sep: str) -> None:
    """Refuse rows with more fields than the header, and quoted fields that swallow many lines, naming lines.

    pandas would otherwise take a first column as the index (and fail deep inside) or silently merge lines."""
    problems: list[str] = []
    with _open_text(path, spec.encoding) as fh:
        for _ in range(spec.skip_rows):
            fh.readline()
        reader = csv.reader(fh, delimiter=sep)
        try:
            header = next(reader, None)
            if header is None:
                return
            width, start = len(header), reader.line_num + spec.skip_rows
            for row in reader:
                line = reader.line_num + spec.skip_rows
                first = start + 1
                if line - first >= MAX_QUOTED_LINES:
                    problems.append(f"line {first}: a quoted field runs over {line - first + 1} lines "
                                    "(unbalanced quote?)")
                elif len(row) > width and any(v.strip() for v in row[width:]):
                    problems.append(f"line {first}: {len(row)} fields, the header has {width}")
                start = line
                if len(problems) > MAX_LISTED:
                    break
        except csv.Error as exc:
            problems.append(f"line {reader.line_num + spec.skip_rows}: {exc}")
    if problems:
        raise ImportError_(path, [f"ragged CSV (rows do not match the header): {_listed(problems)}"])


def _read_table(path: Path, spec: ImportSpec, fmt: FileFormat) -> pd.DataFrame:
    try:
        if fmt == "csv":
            sep = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else spec.separator
            _check_ragged(path, spec, sep)
            return pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=spec.skip_rows, sep=sep,
                               encoding=spec.encoding, index_col=False)
        if fmt == "excel":
            _check_workbook(path)
            return pd.read_excel(path, sheet_name=spec.sheet if spec.sheet is not None else 0, dtype=str,
                                 keep_default_na=False, skiprows=spec.skip_rows)
        data = json.loads(path.read_text(encoding=spec.encoding))
        for part in (spec.records or "").split("."):
            if part:
                if not isinstance(data, dict) or part not in data:
                    raise SourceError(f"{path}: JSON has no key {part!r} on the path {spec.records!r}")
                data = data[part]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise SourceError(f"{path}: JSON records must be a list of objects (set 'records' to their path)")
        return pd.DataFrame(data).astype(object).where(lambda d: d.notna(), "").astype(str)
    except SourceError:
        raise
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not {spec.encoding} text ({exc.reason} at byte {exc.start}); set 'encoding' in "
                          "the spec (e.g. gbk, gb18030, latin-1)") from exc
    except ValueError as exc:
        if "Worksheet" in str(exc) or "sheet" in str(exc).lower():
            raise SourceError(f"{path}: {exc}") from exc
        raise SourceError(f"{path}: cannot read as {fmt}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - every reader failure names the file
        raise SourceError(f"{path}: cannot read as {fmt}: {type(exc).__name__}: {exc}") from exc


_YEAR = re.compile(r"^\s*(\d{4})(?:[a-z*]?|-\d{2}(?:-\d{2})?|\.0)\s*$")


def _year(v: object) -> int | None:
    m = _YEAR.match(str(v))
    return int(m.group(1)) if m else None


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _num(v: str) -> float | None:
    """A number, allowing thousands separators "1,234.5" (but "1,5" is text, not 15)."""
    s = v.strip().replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def _listed(items: list[str]) -> str:
    more = f" … and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
    return ", ".join(items[:MAX_LISTED]) + more


def read_file(path: Path, spec: ImportSpec | None = None, skip_unknown: bool = False) -> tuple[Bundle, ImportReport]:
    """Validate and convert a file into a bundle; raises :class:`ImportError_` listing every problem."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"file {path} does not exist")
    if path.stat().st_size == 0:
        raise SourceError(f"file {path} is empty")
    fmt = (spec.format if spec and spec.format else None) or detect_format(path)
    if fmt == "sdmx":
        return _read_sdmx(path, spec, skip_unknown)
    if spec is None and fmt == "json" and _is_worldbank_json(path):
        return _read_worldbank_json(path)
    if spec is None:
        raise SourceError(f"{path}: a {fmt} file needs --spec (which columns hold jurisdiction, year and value)")
    try:
        return _read_tabular(path, spec, fmt, skip_unknown)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a hostile file triggers, name the file, never a traceback
        raise SourceError(f"{path}: not imported: {type(exc).__name__}: {str(exc)[:300]}") from exc


def _read_tabular(path: Path, spec: ImportSpec, fmt: FileFormat, skip_unknown: bool) -> tuple[Bundle, ImportReport]:
    """Read a table as its spec says. Every problem in the file is collected first and all are raised
    together, so one run lists everything to fix."""
    assert spec.columns is not None
    df = _read_table(path, spec, fmt)
    df.columns = [str(c).strip() for c in df.columns]
    report = ImportReport(file=str(path), rows_read=len(df))
    problems: list[str] = []
    long = _long_form(path, _filtered(path, df, spec), spec)
    _check_names(long, spec, problems)
    long = _checked_values(long, spec, report, problems)
    long = _with_jurisdictions(long, spec, report, problems, skip_unknown)
    long = _without_duplicates(long, report, problems)
    if problems:
        raise ImportError_(path, problems)
    if long.empty:
        raise ImportError_(path, ["no observations left to import"])
    return _bundle(path, long, spec, report)


def _filtered(path: Path, df: pd.DataFrame, spec: ImportSpec) -> pd.DataFrame:
    """The rows the spec's ``filter`` keeps; a column the spec names must exist."""
    cols = spec.columns
    assert cols is not None
    need = [c for c in (cols.jurisdiction, cols.year, cols.value, cols.indicator, *spec.filter) if c]
    missing_cols = [c for c in need if c not in df.columns]
    if missing_cols:
        raise ImportError_(path, [f"missing column(s) {missing_cols}; the file has {list(df.columns)}"])
    for col, allowed in spec.filter.items():
        df = df[df[col].astype(str).str.strip().isin([str(a) for a in allowed])]
    return df


def _long_form(path: Path, df: pd.DataFrame, spec: ImportSpec) -> pd.DataFrame:
    """One row per (jurisdiction, year) with columns _year, _value and _row (the file's line number)."""
    cols = spec.columns
    assert cols is not None
    if spec.wide_years is None:
        long = df.rename(columns={cols.year: "_year", cols.value: "_value"}).copy()
        long["_row"] = df.index + 2 + spec.skip_rows  # 1-based line number with the header line
        return long
    wy = spec.wide_years
    year_of = {c: _year(c.removeprefix(wy.prefix)) for c in df.columns if c.startswith(wy.prefix)}
    year_cols = [c for c, y in year_of.items() if y is not None and (wy.first is None or y >= wy.first)
                 and (wy.last is None or y <= wy.last)]
    if not year_cols:
        raise ImportError_(path, [f"wide_years: no column named like a year (prefix {wy.prefix!r}) in "
                                  f"{list(df.columns)}"])
    idv = [c for c in (cols.jurisdiction, cols.indicator) if c]
    df = df.assign(_row=df.index + 2 + spec.skip_rows)
    long = df.melt(id_vars=[*idv, "_row"], value_vars=year_cols, var_name="_year", value_name="_value")
    long["_year"] = long["_year"].map(lambda c: c.removeprefix(wy.prefix))
    return long


def _check_names(long: pd.DataFrame, spec: ImportSpec, problems: list[str]) -> None:
    """Set _name and _ind (jurisdiction name, indicator code); empty names and undescribed codes are problems."""
    cols = spec.columns
    assert cols is not None
    long["_name"] = long[cols.jurisdiction].astype(str).str.strip()
    empty = long[long["_name"].isin(["", "nan", "None"])]
    if len(empty):
        problems.append(f"empty jurisdiction in column {cols.jurisdiction!r} at "
                        + _listed(sorted({f"line {r}" for r in empty["_row"]}, key=lambda x: int(x[5:])))
                        + " (use 'filter' in the spec to leave such rows out)")
    long["_ind"] = long[cols.indicator].astype(str).str.strip() if cols.indicator else spec.indicator.code  # type: ignore[union-attr]
    if cols.indicator:
        unknown_ind = sorted(set(long["_ind"]) - set(spec.indicators))
        if unknown_ind:
            problems.append(f"indicator codes not described in the spec's 'indicators': {_listed(unknown_ind)}")


def _checked_values(long: pd.DataFrame, spec: ImportSpec, report: ImportReport, problems: list[str]) -> pd.DataFrame:
    """Set year and value; the rows with a value, after noting bad years, text, infinities and missing values."""
    years = long["_year"].map(_year)
    bad = long[years.isna()]
    if len(bad):
        problems.append("period is not a year in "
                        + _listed([f"line {r}: {v!r}" for r, v in zip(bad["_row"], bad["_year"], strict=True)]))
    long["year"] = years
    raw = long["_value"].astype(str).str.strip()
    is_missing = raw.isin(spec.missing_values)
    nums = raw.map(_num)
    text = long[~is_missing & nums.isna()]
    if len(text):
        value_col = spec.columns.value if spec.columns else None
        problems.append(f"text in numeric column {value_col or 'year columns'!r}: "
                        + _listed([f"line {r}: {v!r}" for r, v in zip(text["_row"], text["_value"], strict=True)]))
    long["value"] = nums.astype(float) * spec.scale
    inf = long[long["value"].map(lambda x: x is not None and not math.isnan(x) and math.isinf(x))]
    if len(inf):
        problems.append("infinite values at " + _listed([f"line {r}" for r in inf["_row"]]))
    n_missing = int((is_missing | long["value"].isna()).sum() - len(text))
    if n_missing:
        msg = f"{n_missing} empty or missing value(s) (tokens {spec.missing_values}) were skipped, not set to zero"
        if spec.allow_missing:
            report.warnings.append(msg)
        else:
            rows = long[is_missing]
            problems.append(msg.replace("were skipped, not set to zero", "but the spec says allow_missing: false")
                            + ": " + _listed([f"line {r}" for r in rows["_row"]]))
    report.missing_values = n_missing
    long = long[long["value"].notna()]
    _check_bounds(long, spec, problems)
    return long


def _check_bounds(long: pd.DataFrame, spec: ImportSpec, problems: list[str]) -> None:
    """Values outside the spec's ``min`` / ``max`` are problems."""
    if spec.min is not None:
        _note_outside(long[long["value"] < spec.min], f"below the minimum {spec.min:g}", problems)
    if spec.max is not None:
        _note_outside(long[long["value"] > spec.max], f"above the maximum {spec.max:g}", problems)


def _note_outside(rows: pd.DataFrame, what: str, problems: list[str]) -> None:
    if len(rows):
        problems.append(f"values {what}: " + _listed([f"line {r}: {n} {y} = {v:g}" for r, n, y, v in
                                                     zip(rows["_row"], rows["_name"], rows["year"], rows["value"],
                                                         strict=True)]))


def _with_jurisdictions(long: pd.DataFrame, spec: ImportSpec, report: ImportReport, problems: list[str],
                        skip_unknown: bool) -> pd.DataFrame:
    """The rows whose name is a jurisdiction, with its code; unknown names are a problem (or skipped)."""
    h = harmonise_names(long["_name"].unique(), spec.names, spec.aliases)
    if h.unknown:
        if skip_unknown:
            report.skipped_unknown = h.unknown
            report.warnings.append(f"skipped {len(h.unknown)} unknown jurisdiction name(s): {_listed(h.unknown)}")
        else:
            problems.append(f"unknown jurisdiction name(s) ({len(h.unknown)}): {_listed(h.unknown)} — add them to "
                            "'aliases' in the spec, or use --skip-unknown to import the rest")
    if h.excluded:
        report.excluded_names = h.excluded
        report.warnings.append(f"not jurisdictions (regional totals etc.), left out: {_listed(h.excluded)}")
    long = long[long["_name"].isin(h.mapping)].copy()
    long["jurisdiction"] = long["_name"].map(h.mapping)
    return long


def _without_duplicates(long: pd.DataFrame, report: ImportReport, problems: list[str]) -> pd.DataFrame:
    """Identical repeats are dropped with a warning; repeats with different values are a problem."""
    key = ["_ind", "jurisdiction", "year"]
    dup = long[long.duplicated(key, keep=False)]
    if not len(dup):
        return long
    conflicting = dup.groupby(key)["value"].nunique()
    conflicting = conflicting[conflicting > 1]
    if len(conflicting):
        items = []
        for (ind, j, y), _ in conflicting.items():
            rows = dup[(dup["_ind"] == ind) & (dup["jurisdiction"] == j) & (dup["year"] == y)]
            items.append(f"{ind} {j} {int(y)} at lines {', '.join(str(r) for r in rows['_row'])} "
                         f"({' vs '.join(f'{v:g}' for v in rows['value'])})")
        problems.append(f"duplicate rows with different values: {_listed(items)}")
    n_dup = int(long.duplicated(key).sum())
    if n_dup and not len(conflicting):
        report.duplicates_dropped = n_dup
        report.warnings.append(f"{n_dup} exact duplicate row(s) dropped (same indicator, jurisdiction, year, value)")
    return long.drop_duplicates(key)


def _bundle(path: Path, long: pd.DataFrame, spec: ImportSpec, report: ImportReport) -> tuple[Bundle, ImportReport]:
    """The observations and their indicators as a bundle; the report gets the totals."""
    vintage = spec.vintage or f"file {path.name}"
    metas = spec.indicators if spec.columns and spec.columns.indicator else {spec.indicator.code: spec.indicator}  # type: ignore[union-attr]
    used = sorted(set(long["_ind"]))
    ind = pd.DataFrame([{**metas[c].model_dump(), "code": c, "formula": None} for c in used],
                       columns=TABLES["indicators"])
    obs = pd.DataFrame({"indicator": long["_ind"], "jurisdiction": long["jurisdiction"],
                        "year": long["year"].astype(int), "value": long["value"].astype(float),
                        "source": [metas[c].source for c in long["_ind"]], "vintage": vintage})
    bundle = Bundle("file", {"indicators": ind, "observations": obs.reset_index(drop=True)},
                    report.skipped_unknown)
    bundle.validate()
    report.observations = len(obs)
    report.indicators = used
    report.jurisdictions = int(obs["jurisdiction"].nunique())
    report.years = sorted({int(y) for y in obs["year"]})
    report.vintage = vintage
    return bundle, report


def _read_sdmx(path: Path, spec: ImportSpec | None, skip_unknown: bool) -> tuple[Bundle, ImportReport]:
    from policyscope.sources.live.sdmx import parse_sdmx_message

    body = path.read_bytes()
    provider = None
    if spec and spec.names in ("eurostat",):
        provider = "ESTAT"
    bundle, vintage = parse_sdmx_message(body, "", name=str(path), provider=provider)
    report = ImportReport(file=str(path))
    unknown = [u for u in bundle.unknown_names if not u.endswith("(not a jurisdiction)")]
    if unknown and not skip_unknown:
        raise ImportError_(path, [f"unknown area code(s) ({len(unknown)}): {_listed(unknown)} — "
                                  "use --skip-unknown to import the rest"])
    obs = bundle.table("observations").copy()
    ind = bundle.table("indicators").copy()
    if spec and spec.indicator:
        if ind["code"].nunique() > 1:
            raise ImportError_(path, [f"the spec names one indicator but the message holds {ind['code'].nunique()} "
                                      f"series kinds: {', '.join(ind['code'])}"])
        obs["indicator"] = spec.indicator.code
        ind = pd.DataFrame([{**spec.indicator.model_dump(), "formula": None}], columns=TABLES["indicators"])
    if spec and spec.scale != 1:
        obs["value"] = obs["value"] * spec.scale
    problems = []
    if spec and spec.min is not None and (obs["value"] < spec.min).any():
        low = obs[obs["value"] < spec.min]
        problems.append(f"values below the minimum {spec.min:g}: "
                        + _listed([f"{j} {y} = {v:g}" for j, y, v in zip(low["jurisdiction"], low["year"], low["value"],
                                                                          strict=True)]))
    if problems:
        raise ImportError_(path, problems)
    if spec and spec.vintage:
        obs["vintage"] = spec.vintage
        vintage = spec.vintage
    bundle = Bundle("file", {"indicators": ind, "observations": obs}, unknown)
    bundle.validate()
    report.rows_read = report.observations = len(obs)
    report.indicators = sorted(set(obs["indicator"]))
    report.jurisdictions = int(obs["jurisdiction"].nunique())
    report.years = sorted({int(y) for y in obs["year"]})
    report.vintage = vintage
    report.skipped_unknown = unknown
    if unknown:
        report.warnings.append(f"skipped {len(unknown)} unknown area code(s): {_listed(unknown)}")
    return bundle, report


def _is_worldbank_json(path: Path) -> bool:
    head = path.read_bytes()[:2000].lstrip()
    return head.startswith(b"[") and ((b'"page"' in head and b'"lastupdated"' in head)
                                      or (b'"message"' in head and b'"key"' in head))


def _read_worldbank_json(path: Path) -> tuple[Bundle, ImportReport]:
    """A page saved from the World Bank API v2 (``format=json``), read by the live connector's parser."""
    from policyscope.sources.live.base import Page
    from policyscope.sources.live.worldbank import parse_wdi_pages

    bundle, vintage = parse_wdi_pages([Page("", path.read_bytes(), path.name)])
    bundle.validate()
    obs = bundle.table("observations")
    report = ImportReport(file=str(path), rows_read=len(obs), observations=len(obs),
                          indicators=sorted(set(obs["indicator"])), jurisdictions=int(obs["jurisdiction"].nunique()),
                          years=sorted({int(y) for y in obs["year"]}), vintage=vintage,
                          skipped_unknown=list(bundle.unknown_names))
    if bundle.unknown_names:
        report.warnings.append(f"skipped {len(bundle.unknown_names)} unknown economy code(s): "
                               f"{_listed(bundle.unknown_names)}")
    return bundle, report
