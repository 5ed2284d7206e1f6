"""The parameter types every analysis's ``Params`` model is built from, and the one way to validate them.

One model per analysis (declared beside its function) is the contract that the CLI, the API, the web pages
and the reports all validate through, so a value means the same thing wherever it is typed: lists accept
``,`` ``，`` ``、`` and repeated values; a year ``2017`` in a from/to pair is 2017-01-01..2017-12-31;
jurisdictions are names or codes in Chinese or English (groups such as G7 or EU27 included) resolved by the
jurisdiction registry; indicator codes are checked against the catalogue when a database is at hand.

Validation context (``validate(..., db=, files=)``): ``db`` lets indicator codes be checked; ``files``
says which files a path parameter may name — ``"local"`` (CLI, reports: any file of this machine) or
``"web"`` (the default: only bundled specs and files under the shared data folder, never other server files).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo
from pydantic.fields import FieldInfo

from policyscope.analysis.lists import (
    split_list as split_list,  # re-exported: the analyses import it from here
)
from policyscope.errors import InputError

Files = Literal["local", "web"]
SPECS_DIR = Path(__file__).with_name("specs")  # the bundled index specs (read by analysis.index too)
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


# -- markers read by the CLI and the OpenAPI generators ------------------------------------------------
@dataclass(frozen=True, init=False)
class Cli:
    """The command-line flags of a field when they are not ``--field-name`` (kept from older commands)."""

    flags: tuple[str, ...]

    def __init__(self, *flags: str) -> None:
        object.__setattr__(self, "flags", flags)


@dataclass(frozen=True)
class Kind:
    """What a value is, for help texts and the OpenAPI schema (the validators do the work)."""

    name: str  # year, date, jurisdiction, indicator, code, number, integer, file, text
    many: bool = False


# -- parsing helpers (also used by code outside the models) -----------------------------------------------
def date_bound(value: Any, *, end: bool) -> date | None:
    """``2017`` → 2017-01-01 (or 2017-12-31 with ``end``); ``2017-06`` → its first (or last) day; a full date
    as is. The one reading of a year in a from/to pair."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value).strip())
    if not m:
        raise ValueError("must be a date: YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            first = date(y, int(mo), 1)
            return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) if end else first
    except ValueError as exc:
        raise ValueError(f"is not a valid date ({exc})") from None
    return date(y, 12, 31) if end else date(y, 1, 1)


def _year(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a year such as 2017")
    if isinstance(value, str):
        v = value.strip()
        if not re.fullmatch(r"\d{4}", v):
            raise ValueError("must be a year such as 2017")
        return int(v)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _year_range(value: int) -> int:
    if not 1800 <= value <= 2200:
        raise ValueError("must be a year between 1800 and 2200")
    return value


def _resolve(names: list[str] | None) -> list[str] | None:
    from policyscope.model import registry

    if names is None:
        return None
    out: list[str] = []
    for n in names:
        code = registry().resolve_code(n)  # Unknown/AmbiguousJurisdictionError are ValueErrors: one clear line
        if code not in out:
            out.append(code)
    return out


def _resolve_one(name: str) -> str:
    found = _resolve(split_list(name))
    if not found or len(found) > 1:
        raise ValueError("must be one jurisdiction (a name or code)")
    return found[0]


def _db(info: ValidationInfo) -> Any:
    return (info.context or {}).get("db")


def _files(info: ValidationInfo) -> Files:
    return "local" if (info.context or {}).get("files") == "local" else "web"


def _indicator(code: str, info: ValidationInfo) -> str:
    code = code.strip()
    if not _CODE.fullmatch(code):
        raise ValueError(f"{code!r} is not an indicator code (letters, digits, '.', '_', '-')")
    db = _db(info)
    if db is not None:
        from policyscope.analysis.base import indicator_info

        indicator_info(db, code)  # unknown code: an error suggesting near codes
    return code


def _indicators(codes: list[str] | None, info: ValidationInfo) -> list[str] | None:
    return None if codes is None else [_indicator(c, info) for c in codes]


def _codes_of(taxonomy_name: str) -> Callable[[list[str] | None], list[str] | None]:
    """Codes of a taxonomy, also given by their label in either language (人工智能, Artificial intelligence)."""

    def check(codes: list[str] | None) -> list[str] | None:
        from policyscope.model.taxonomy import taxonomy

        tax = taxonomy(taxonomy_name)
        known = tax.codes()
        by_label = {label.casefold(): item.code for item in tax.items for label in (item.zh, item.en, item.code)}
        out = [by_label.get(c.casefold(), c) for c in codes or []]
        bad = [c for c in out if c not in known]
        if bad:
            raise ValueError(f"unknown code {bad[0]!r}; known: {', '.join(known)}")
        return out if codes is not None else None

    return check


def _numbers(kind: type[int] | type[float]) -> Callable[[Any], list[Any] | None]:
    def parse(value: Any) -> list[Any] | None:
        items = split_list(value)
        if items is None:
            return None
        try:
            return [kind(x) for x in items]
        except ValueError:
            bad = next(x for x in items if not _parses(kind, x))
            raise ValueError(f"{bad!r} is not {'a whole number' if kind is int else 'a number'}") from None

    return parse


def _parses(kind: type[int] | type[float], text: str) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def exists(path: str | Path, *, file: bool = False) -> bool:
    """Whether a path names something here; a name the system refuses (too long, NUL byte) names nothing."""
    try:
        return Path(path).is_file() if file else Path(path).exists()
    except (OSError, ValueError):
        return False


def shared_data() -> Path | None:
    """The shared data folder the web may read files from (``$POLICYSCOPE_SHARED/data``), if configured."""
    from policyscope.settings import settings

    root = settings().shared
    return (root / "data").resolve() if root is not None else None


def _file(path: Path, info: ValidationInfo) -> Path:
    base = shared_data()
    inside = base / path if base is not None and not path.is_absolute() else None
    if _files(info) == "local":
        if exists(path):
            return path
        if inside is not None and exists(inside, file=True):
            return inside
        raise ValueError(f"{path} does not exist")
    if inside is None or ".." in path.parts or not exists(inside, file=True):
        raise ValueError("over the web only a file of the shared data folder can be read, named relative to it "
                         "(e.g. unicorns/unicorns_complete_2024.csv)")
    return inside


def _corpus(query: str, info: ValidationInfo) -> str:
    query = query.strip()
    if not query:
        raise ValueError("must not be empty")
    if _files(info) == "web" and ("=" not in query or exists(query)):
        raise ValueError("must be a key=value corpus query over the database, e.g. jurisdiction=CHN")
    return query


def _spec(name: str, info: ValidationInfo) -> str:

    bundled = sorted(p.name for p in SPECS_DIR.glob("*.json"))
    if name in bundled or (_files(info) == "local" and exists(name)):
        return name
    where = "" if _files(info) == "web" else "a spec file or "
    raise ValueError(f"must be {where}a bundled spec: {', '.join(bundled)}")


def _currency(code: str | None) -> str | None:
    if code is None:
        return None
    from policyscope.sources import fx

    c = fx.normalise_currency(code)
    if not re.fullmatch(r"[A-Z]{3}", c):
        raise ValueError(f"{code!r} is not a currency code such as CNY or EUR")
    return c


def _not_empty(value: list[Any] | None) -> list[Any] | None:
    return value or None


# -- the field types ------------------------------------------------------------------------------------
Year = Annotated[int, BeforeValidator(_year), AfterValidator(_year_range), Kind("year")]
DateFrom = Annotated[date | None, BeforeValidator(lambda v: date_bound(v, end=False)), Kind("date")]
DateTo = Annotated[date | None, BeforeValidator(lambda v: date_bound(v, end=True)), Kind("date")]
Jurisdiction = Annotated[str, AfterValidator(_resolve_one), Kind("jurisdiction")]
Jurisdictions = Annotated[list[str] | None, BeforeValidator(split_list), AfterValidator(_resolve),
                          Kind("jurisdiction", many=True)]
Indicator = Annotated[str, AfterValidator(_indicator), Kind("indicator")]
Indicators = Annotated[list[str] | None, BeforeValidator(split_list), AfterValidator(_indicators),
                       Kind("indicator", many=True)]
Words = Annotated[list[str] | None, BeforeValidator(split_list), Kind("text", many=True)]
Domains = Annotated[list[str] | None, BeforeValidator(split_list), AfterValidator(_codes_of("domains")),
                    Kind("code", many=True)]
EventTypes = Annotated[list[str] | None, BeforeValidator(split_list), AfterValidator(_codes_of("event_types")),
                       Kind("code", many=True)]
Numbers = Annotated[list[float] | None, BeforeValidator(_numbers(float)), AfterValidator(_not_empty),
                    Kind("number", many=True)]
Integers = Annotated[list[int], BeforeValidator(_numbers(int)), Kind("integer", many=True)]
DataFile = Annotated[Path, AfterValidator(_file), Kind("file")]
CorpusQuery = Annotated[str, AfterValidator(_corpus), Kind("text")]
SpecName = Annotated[str, AfterValidator(_spec), Kind("file")]
Currency = Annotated[str | None, AfterValidator(_currency), Kind("code")]


def keys_of(allowed: Iterable[str]) -> Callable[[list[str] | None], list[str]]:
    """A validator for ``by``-style lists: every key among ``allowed``, at least one."""
    allowed = tuple(allowed)

    def check(keys: list[str] | None) -> list[str]:
        bad = [k for k in keys or [] if k not in allowed]
        if bad or not keys:
            raise ValueError(f"must be among {', '.join(allowed)}; got {', '.join(bad) or 'nothing'}")
        return keys

    return check


# -- the base model and the one validation entry point ----------------------------------------------------
class AnalysisParams(BaseModel):
    """Base of every analysis's Params: unknown parameters are errors, values are immutable once checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of the analysis function (the field names unless a model says otherwise)."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def needs_db(self) -> bool:
        """Whether the function reads the database (a company list or text files do not)."""
        return True


P = TypeVar("P", bound=AnalysisParams)


def validate(model: type[P], raw: Mapping[str, Any], *, db: Any = None, files: Files = "web",
             names: Mapping[str, str] | None = None) -> P:
    """``raw`` (strings from a command line or a query string, or Python values) → a checked model.

    Errors become one :class:`InputError` line naming each bad parameter as the caller spells it
    (``names``: field → ``--flag``)."""
    try:
        return model.model_validate(dict(raw), context={"db": db, "files": files})
    except ValidationError as exc:
        raise InputError(describe_errors(exc, model, names or {})) from None


def describe_errors(exc: ValidationError, model: type[AnalysisParams], names: Mapping[str, str]) -> str:
    parts: list[str] = []
    for e in exc.errors()[:3]:
        field = str(e["loc"][0]) if e["loc"] else ""
        label = names.get(field, field) or "parameters"
        msg = str(e["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if e["type"] == "missing":
            msg = "is required"
        elif e["type"] == "extra_forbidden":
            msg = f"is not a parameter; parameters: {', '.join(names.get(f, f) for f in model.model_fields)}"
        elif "input" in e and not isinstance(e["input"], dict) and e["type"] != "value_error":
            msg += f" (got {e['input']!r})"
        parts.append(f"{label}: {msg}")
    return "; ".join(parts)


# -- what a field is, for the generators ------------------------------------------------------------------
@dataclass(frozen=True)
class ParamInfo:
    """One field as the CLI and the OpenAPI schema present it."""

    name: str
    kind: str  # year, date, jurisdiction, indicator, code, number, integer, file, text, bool, choice
    many: bool
    required: bool
    default: Any
    choices: tuple[str, ...]
    help: str
    flags: tuple[str, ...]


def _markers(annotation: Any, metadata: Iterable[Any]) -> list[Any]:
    found = list(metadata)
    if typing.get_origin(annotation) is Annotated:
        found += list(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found += _markers(arg, ())
    return found


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and any(
        _is_list(a) for a in typing.get_args(annotation))


def _literal(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            if found := _literal(arg):
                return found
    return ()


def _plain_kind(annotation: Any) -> str:
    args = set(typing.get_args(annotation)) | {annotation}
    for t, kind in ((bool, "bool"), (int, "integer"), (float, "number")):
        if t in args:
            return kind
    return "text"


def param_info(name: str, field: FieldInfo) -> ParamInfo:
    marks = _markers(field.annotation, field.metadata)
    kind = next((m for m in marks if isinstance(m, Kind)), None)
    cli = next((m.flags for m in marks if isinstance(m, Cli)), ())
    choices = _literal(field.annotation)
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    return ParamInfo(
        name=name, kind=kind.name if kind else ("choice" if choices else _plain_kind(field.annotation)),
        many=kind.many if kind else _is_list(field.annotation), required=field.is_required(), default=default, choices=choices,
        help=field.description or "", flags=cli or ("--" + name.replace("_", "-"),))


def fields_of(model: type[AnalysisParams]) -> list[ParamInfo]:
    return [param_info(n, f) for n, f in model.model_fields.items()]
