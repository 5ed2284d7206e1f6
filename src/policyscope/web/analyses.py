"""``/api/v1/analyze/NAME``: the registered analyses (:mod:`policyscope.analysis.registry`) over HTTP.

The web computes no figure itself and parses no parameter itself: the query values go unparsed through the
analysis's Params model, exactly as the CLI's options do, so both accept the same inputs and give the same
JSON. The OpenAPI parameters of each route are generated from the same model. Over the web the model reads
no file of the server beyond the bundled specs and the shared data folder (``files="web"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policyscope.analysis.params import ParamInfo, fields_of
from policyscope.analysis.registry import ANALYSES, Analysis, get
from policyscope.errors import InputError, PolicyscopeError
from policyscope.store.database import Database

NOT_PARAMETERS = ("format",)  # how to answer, not what to compute
FORMATS = ["json", "csv", "xlsx", "parquet"]
_SCHEMAS: dict[str, dict[str, Any]] = {
    "year": {"type": "integer", "minimum": 1800, "maximum": 2200}, "integer": {"type": "integer"},
    "number": {"type": "number"}, "bool": {"type": "boolean"},
}


def available() -> dict[str, bool]:
    return {name: True for name in ANALYSES}


def _type(info: ParamInfo) -> str:
    base = "|".join(info.choices) if info.choices else info.kind
    return f"list of {base}" if info.many else base


def _shown(default: Any) -> str | None:
    if default is None:
        return None
    return ",".join(map(str, default)) if isinstance(default, list | tuple) else str(default)


def describe(name: str) -> dict[str, Any]:
    """What an analysis computes and its parameters, from the registry and its Params model."""
    entry = get(name)
    return {
        "name": name, "doc": entry.en, "doc_zh": entry.zh, "example": entry.example,
        "parameters": [{"name": i.name, "type": _type(i), "required": i.required, "help": i.help,
                        "default": _shown(i.default)} for i in fields_of(entry.params)],
    }


def _schema(info: ParamInfo) -> dict[str, Any]:
    one = dict(_SCHEMAS.get(info.kind, {"type": "string"}))
    if info.choices:
        one["enum"] = list(info.choices)
    schema = {"type": "array", "items": one} if info.many else one
    if info.default is not None and info.kind != "file":
        schema["default"] = info.default
    return schema


def openapi_parameters(entry: Analysis) -> list[dict[str, Any]]:
    """The query parameters of ``/api/v1/analyze/NAME`` as OpenAPI declares them (lists: a,b or repeated)."""
    out = [{"name": i.name, "in": "query", "required": i.required, "schema": _schema(i),
            "description": i.help + (" Several: a,b，c、d or the parameter repeated." if i.many else ""),
            **({"style": "form", "explode": True} if i.many else {})} for i in fields_of(entry.params)]
    out.append({"name": "format", "in": "query", "required": False,
                "schema": {"type": "string", "enum": FORMATS, "default": "json"},
                "description": "json (the whole result) or the rows as csv, xlsx or parquet."})
    return out


def query_values(entry: Analysis, items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Query pairs → raw values for the model: a list field gets every value, another field its last one.
    ``lang`` is the page language unless the analysis has such a parameter (keywords)."""
    fields = {i.name: i for i in fields_of(entry.params)}
    values: dict[str, list[str]] = {}
    for key, value in items:
        if key in NOT_PARAMETERS or (key == "lang" and key not in fields):
            continue
        values.setdefault(key, []).append(value)
    return {k: (v if k in fields and fields[k].many else v[-1]) for k, v in values.items()}


def run(name: str, db: Database, items: Iterable[tuple[str, str]]) -> tuple[Analysis, Any]:
    """Validate the query through the analysis's model and run it: (the analysis, its result).

    Unknown name: :class:`~policyscope.errors.NotFound`; bad input, or data the analysis cannot use:
    :class:`~policyscope.errors.InputError` with the analysis's own message."""
    entry = get(name)
    raw = query_values(entry, items)
    try:
        return entry, entry.call(db, raw, files="web")
    except PolicyscopeError:
        raise
    except (ValueError, LookupError) as exc:  # e.g. a jurisdiction the registry does not know, from the function
        raise InputError(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc)) from None
