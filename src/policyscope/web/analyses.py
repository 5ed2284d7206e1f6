"""``/api/v1/analyze/{name}``: the analysis functions of ``policyscope.analysis`` called with query parameters.

The web computes no figure itself: it finds the function, converts each query parameter to the type the
function declares, and returns the function's pydantic result. A function that is not installed gives 404.
"""

from __future__ import annotations

import importlib
import inspect
import json
import types
import typing
from collections.abc import Callable
from typing import Any

from policyscope.store.database import Database
from policyscope.web.queries import BadQuery

ANALYSES: dict[str, str] = {
    "counts": "policyscope.analysis.counts:event_counts",
    "share": "policyscope.analysis.share:share",
    "rank": "policyscope.analysis.rank:rank",
    "growth": "policyscope.analysis.growth:growth",
    "tiers": "policyscope.analysis.tiers:tiers",
    "concentration": "policyscope.analysis.concentration:concentration",
    "network": "policyscope.analysis.network:network",
    "top_partners": "policyscope.analysis.network:top_partners",
    "keywords": "policyscope.analysis.keywords:keywords",
    "radar": "policyscope.analysis.radar:radar",
    "index": "policyscope.analysis.index:composite_index",
}


class AnalysisMissing(LookupError):
    """The analysis module is not part of this installation (yet)."""


def find(name: str) -> Callable[..., Any]:
    target = ANALYSES.get(name)
    if target is None:
        raise AnalysisMissing(f"unknown analysis {name!r}; known: {', '.join(ANALYSES)}")
    mod_name, fn_name = target.split(":")
    try:
        mod = importlib.import_module(mod_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("policyscope.analysis"):
            raise AnalysisMissing(f"analysis {name!r} is not installed ({mod_name} is missing)") from None
        raise
    fn = getattr(mod, fn_name, None)
    if fn is None:
        raise AnalysisMissing(f"analysis {name!r}: {mod_name} has no function {fn_name}")
    return fn


def available() -> dict[str, bool]:
    out = {}
    for n in ANALYSES:
        try:
            find(n)
            out[n] = True
        except AnalysisMissing:
            out[n] = False
    return out


def _split(raw: list[str]) -> list[str]:
    items: list[str] = []
    for r in raw:
        items.extend(x.strip() for x in r.split(",") if x.strip())
    return items


def _convert(name: str, raw: list[str], ann: Any) -> Any:
    origin = typing.get_origin(ann)
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        if len(args) == 1:
            return _convert(name, raw, args[0])
        for a in args:  # first type that accepts the value
            try:
                return _convert(name, raw, a)
            except BadQuery:
                continue
        raise BadQuery(f"{name}={raw[-1]!r} has the wrong type")
    if origin is typing.Literal:
        if raw[-1] not in [str(a) for a in typing.get_args(ann)]:
            raise BadQuery(f"{name}={raw[-1]!r}; allowed: {', '.join(map(str, typing.get_args(ann)))}")
        return raw[-1]
    if origin in (list, tuple, typing.Sequence) or ann in (list, tuple):
        inner = args[0] if args else str
        vals = [_convert(name, [v], inner) for v in _split(raw)]
        return tuple(vals) if origin is tuple else vals
    if origin is dict or ann is dict:
        try:
            val = json.loads(raw[-1])
        except json.JSONDecodeError:
            val = {}
            for part in _split(raw):
                k, _, v = part.partition(":")
                if not _:
                    raise BadQuery(f"{name} must be JSON or key:value pairs, got {raw[-1]!r}") from None
                try:
                    val[k.strip()] = float(v)
                except ValueError:
                    val[k.strip()] = v.strip()
        if not isinstance(val, dict):
            raise BadQuery(f"{name} must be an object")
        return val
    v = raw[-1]
    try:
        if ann is bool:
            if v.lower() in ("1", "true", "yes", "on"):
                return True
            if v.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(v)
        if ann is int:
            return int(v)
        if ann is float:
            return float(v)
    except ValueError:
        raise BadQuery(f"{name}={v!r} must be a {getattr(ann, '__name__', ann)}") from None
    return v


def run(name: str, db: Database, params: dict[str, list[str]]) -> dict[str, Any]:
    """Call analysis ``name`` with request parameters (each converted to the declared type)."""
    fn = find(name)
    sig = inspect.signature(fn)
    hints = typing.get_type_hints(fn)
    names = list(sig.parameters)[1:]  # the first is db
    unknown = [p for p in params if p not in names and p not in ("lang", "format")]
    if unknown:
        raise BadQuery(f"analysis {name!r} has no parameter {unknown[0]!r}; parameters: {', '.join(names)}")
    kwargs: dict[str, Any] = {}
    for p in names:
        spec = sig.parameters[p]
        if p in params:
            kwargs[p] = _convert(p, params[p], hints.get(p, str))
        elif spec.default is inspect.Parameter.empty and spec.kind not in (spec.VAR_KEYWORD, spec.VAR_POSITIONAL):
            raise BadQuery(f"analysis {name!r} needs the parameter {p!r}")
    try:
        result = fn(db, **kwargs)
    except (ValueError, KeyError) as exc:
        raise BadQuery(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc)) from None
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    return {"result": result}


def describe(name: str) -> dict[str, Any]:
    fn = find(name)
    sig = inspect.signature(fn)
    hints = typing.get_type_hints(fn)
    return {
        "name": name,
        "doc": inspect.getdoc(fn) or "",
        "parameters": [
            {"name": p, "type": str(hints.get(p, "str")).replace("typing.", ""),
             "default": None if s.default is inspect.Parameter.empty else repr(s.default)}
            for p, s in list(sig.parameters.items())[1:]
        ],
    }
