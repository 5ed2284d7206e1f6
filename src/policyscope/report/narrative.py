"""Sentences from analysis results, written by Jinja2 macros in one file per language
(``templates/text.zh.j2``, ``templates/text.en.j2``).

Builders never type a number: they :func:`run` an analysis by its registered name (the parameters go
through the analysis's Params model, as on the CLI and the API), take numbers out of its rows with
:func:`fact` (which records the call, the row and the field), and hand the facts to a macro that prints
them. :func:`say` returns the sentence together with the facts it used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
from pydantic import BaseModel

from policyscope.analysis import registry
from policyscope.analysis.amounts import stated_amounts
from policyscope.analysis.base import wide
from policyscope.analysis.coverage import coverage
from policyscope.errors import InputError, PolicyscopeError
from policyscope.report.model import Fact, Sentence
from policyscope.store.database import Database

LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The report templates compiled once per template version, not once per process: Jinja2's own cache in
    a folder only this user may use (``$TMPDIR/_jinja2-cache-<uid>``), checked against each template's
    source, saves ≈ 1.4 s of compiling the four macro files on every build. None where no safe folder exists."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None


@lru_cache(maxsize=1)
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.PackageLoader("policyscope.report", "templates"),
        bytecode_cache=bytecode_cache(),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    e.globals["join_zh"] = lambda xs: "、".join(str(x) for x in xs)
    e.globals["join_en"] = _join_en
    e.filters["the"] = the
    e.filters["The"] = lambda x: the(x)[:1].upper() + the(x)[1:]
    return e


_WITH_ARTICLE = {"United States", "United Kingdom", "Russian Federation", "Netherlands", "European Union",
                 "Philippines", "Czech Republic", "Czechia", "United Arab Emirates", "Slovak Republic",
                 "Dominican Republic", "Bahamas", "Gambia", "Republic of Korea", "Central African Republic",
                 "Democratic Republic of the Congo", "Maldives", "Comoros", "Marshall Islands", "Solomon Islands"}


def the(name: Any) -> str:
    """English country names that take an article in running text (the United States, the Netherlands)."""
    s = str(name)
    return f"the {s}" if s in _WITH_ARTICLE else s


def _join_en(xs: list[Any]) -> str:
    xs = [the(x) for x in xs]
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + " and " + xs[-1]


join_en = _join_en  # "A, B and C", with "the" where a name takes it


@lru_cache(maxsize=8)
def texts(lang: str, book: str = "text") -> Any:
    """The macro module of one language: ``texts('zh').rd_share(...)``; ``book`` names another macro file
    (``chapters``: the country and data chapters, ``chapters.zh.j2``)."""
    if lang not in LANGS:
        raise InputError(f"language {lang!r} is not supported (use zh or en)")
    return env().get_template(f"{book}.{lang}.j2").module


def label(lang: str, name: str, /, **kw: Any) -> str:
    """A fixed label or caption from the language's macro file (no numbers in it unless passed as facts)."""
    return squash(str(getattr(texts(lang), name)(**kw)))


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026—]"


def squash(text: str) -> str:
    """Template whitespace → single spaces, and none beside Chinese characters or full-width punctuation."""

    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(rf"(?<={_CJK}) | (?={_CJK})", "", t)
    return t


def _collect(v: Any, out: list[Fact]) -> None:
    if isinstance(v, Fact):
        out.append(v)
    elif isinstance(v, dict):
        for x in v.values():
            _collect(x, out)
    elif isinstance(v, list | tuple):
        for x in v:
            _collect(x, out)


def say(lang: str, name: str, /, **kw: Any) -> Sentence:
    """Render one sentence macro; the Fact arguments it received are kept with it."""
    return say_from("text", lang, name, **kw)


def say_from(book: str, lang: str, name: str, /, **kw: Any) -> Sentence:
    """:func:`say` with a macro of another macro file (``book``)."""
    raw = str(getattr(texts(lang, book), name)(**kw))
    text = squash(raw).replace("None", "—")  # a value the analysis did not have prints as a dash
    if lang == "en":
        text = re.sub(r"(?<=s)'s\b", "'", text)  # the United States' (not States's)
    facts: list[Fact] = []
    _collect(kw, facts)
    facts = [f for f in facts if f.display in text]
    return Sentence(text=text, facts=facts)


# -- running analyses --------------------------------------------------------------------------------

@dataclass
class Ran:
    """An analysis call and its result (or the reason it gave no result)."""

    call: str
    kwargs: dict[str, Any]
    result: Any = None
    error: str | None = None
    frame_cache: Any = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.result is not None and self.error is None and bool(getattr(self.result, "rows", None))

    def frame(self) -> Any:
        if self.frame_cache is None:
            self.frame_cache = self.result.to_frame()
        return self.frame_cache

    @property
    def sources(self) -> list[str]:
        return list(getattr(self.result, "sources", []) or []) if self.result is not None else []

    @property
    def vintages(self) -> list[str]:
        return list(getattr(self.result, "vintages", []) or []) if self.result is not None else []


# What the reports read that is not an analysis of the registry (no user input to validate): called as is.
HELPERS: dict[str, Callable[..., Any]] = {"wide": wide, "coverage": coverage, "stated_amounts": stated_amounts}


def call(db: Database, name: str, kwargs: dict[str, Any]) -> Any:
    """A registered analysis validated through its Params model (files of this machine allowed), or a helper."""
    helper = HELPERS.get(name)
    if helper is not None:
        return helper(db, **kwargs)
    return registry.get(name).call(db, kwargs, files="local")


def run(db: Database, name: str, **kwargs: Any) -> Ran:
    """Run the analysis registered as ``name`` (or a helper) with ``kwargs``. An expected analysis error (a
    :class:`PolicyscopeError`: no data for that year, an indicator without observations…) becomes a Ran with
    ``error`` set, so the report can say so; anything else (a ``KeyError``, a bug) stops the build."""
    if name not in HELPERS and name not in registry.ANALYSES:
        return Ran(name, kwargs, error=f"analysis {name!r} is not available")
    res, err = memoised(db, name, kwargs, lambda: _call(db, name, kwargs))
    return Ran(name, kwargs, result=res, error=err)


# Results of read-only analysis calls, shared by the languages of one build (the zh and en reports make the
# same calls). Keyed by the database file's identity and modification time, so a changed file is re-read.
_MEMO: dict[tuple[Any, ...], Any] = {}


def _call(db: Database, name: str, kwargs: dict[str, Any]) -> tuple[Any, str | None]:
    try:
        return call(db, name, kwargs), None
    except PolicyscopeError as exc:
        return None, exc.message


def memoised(db: Database, name: str, kwargs: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """``compute()`` once per read-only database file and arguments during a build (analyses through
    :func:`run`, and helpers such as the coverage rule of a data year that several chapters ask for)."""
    key = _memo_key(db, name, kwargs)
    if key is not None and key in _MEMO:
        return _MEMO[key]
    value = compute()
    if key is not None:
        if len(_MEMO) > 2048:
            _MEMO.clear()
        _MEMO[key] = value
    return value


def _memo_key(db: Database, call: str, kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    if not getattr(db, "read_only", False):
        return None
    try:
        st = db.path.stat()
    except OSError:
        return None
    return (str(db.path.resolve()), st.st_mtime_ns, st.st_size, id(db), call, repr(sorted(kwargs.items())))


def row_of(ran: Ran, **sel: Any) -> Any:
    for r in ran.result.rows:
        d = r.model_dump() if isinstance(r, BaseModel) else dict(r)
        if all(d.get(k) == v for k, v in sel.items()):
            return d
    raise KeyError(f"{ran.call} has no row {sel}")


# -- number formatting ---------------------------------------------------------------------------------

def no_negative_zero(text: str) -> str:
    """"-0.0" (a small negative value rounded away) printed as "0.0"."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _fmt_num(x: float, digits: int) -> str:
    return no_negative_zero(f"{x:,.{digits}f}")


_PLAIN: dict[str, Callable[[float], str]] = {
    "pct": lambda v: f"{_fmt_num(v, 1)}%", "pct2": lambda v: f"{_fmt_num(v, 2)}%",
    "int": lambda v: f"{int(round(v)):,}", "count": lambda v: f"{int(round(v)):,}",
    "rank": lambda v: f"{int(round(v)):,}", "num1": lambda v: _fmt_num(v, 1), "num2": lambda v: _fmt_num(v, 2)}
# money: (divisor for 亿美元, divisor for US$ bn) of a value in US$ (money_usd) or in US$ million (money_musd)
_MONEY = {"money_usd": (1e8, 1e9), "money_musd": (1e2, 1e3)}


def fmt(value: float, kind: str, lang: str) -> tuple[str, float]:
    """Display text and scale for a number: kinds pct (value already in %), pct2 (two decimals), pct_frac
    (0–1 → %), pp, int, num1, num2, money_usd (US$ in 亿 / bn), money_musd (US$ million), count, rank."""
    v = float(value)
    if kind in _PLAIN:
        return _PLAIN[kind](v), 1.0
    if kind == "pct_frac":
        return f"{_fmt_num(v * 100, 1)}%", 0.01
    if kind == "pp":
        return (f"{_fmt_num(v, 1)}个百分点" if lang == "zh" else f"{_fmt_num(v, 1)} percentage points"), 1.0
    if kind in _MONEY:
        zh, en = _MONEY[kind]
        if lang == "zh":
            return f"{_fmt_num(v / zh, 1)}亿美元", zh
        return f"US${_fmt_num(v / en, 1)} bn", en
    raise ValueError(f"unknown number format {kind!r}")


def num(f: Fact | None) -> float:
    """A fact's value as a number (NaN when it has none), for comparisons in the builders."""
    v = f.value if f is not None else None
    return float(v) if isinstance(v, int | float) else math.nan


def fact(ran: Ran, field_name: str, kind: str, lang: str, **sel: Any) -> Fact | None:
    """The number in ``field_name`` of the row matching ``sel`` as a printable, traceable Fact."""
    try:
        row = row_of(ran, **sel)
    except KeyError:
        return None
    v = row.get(field_name)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    display, scale = fmt(v, kind, lang)
    return Fact(value=v, display=display, call=ran.call, kwargs=_plain(ran.kwargs), row=sel, field=field_name,
                scale=scale)


def fact_attr(ran: Ran, attr: str, kind: str, lang: str) -> Fact | None:
    """A number held by the result itself (e.g. ``top_share``, ``denominator``), not by one row."""
    v = getattr(ran.result, attr, None) if ran.result is not None else None
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    display, scale = fmt(v, kind, lang)
    return Fact(value=v, display=display, call=ran.call, kwargs=_plain(ran.kwargs), row={}, field=attr, scale=scale)


def _plain(kw: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}


def parse_display(display: str) -> float:
    """The number printed in a Fact's display text (used by tests and by the consistency check)."""
    m = re.search(r"-?[\d,]+(?:\.\d+)?", display)
    if not m:
        raise ValueError(f"no number in {display!r}")
    return float(m.group(0).replace(",", ""))


def check_fact(db: Database, f: Fact) -> tuple[bool, str]:
    """Call the analysis again and compare with the printed number (to its printed precision)."""
    res = call(db, f.call, f.kwargs)
    ran = Ran(f.call, f.kwargs, result=res)
    truth = row_of(ran, **f.row)[f.field] if f.row else getattr(res, f.field)
    if truth != f.value and not (isinstance(truth, float) and isinstance(f.value, float)
                                 and math.isclose(truth, f.value, rel_tol=1e-12)):
        return False, f"{f.call} {f.row}.{f.field}: printed from {f.value}, analysis now gives {truth}"

    printed = parse_display(f.display) * f.scale
    m = re.search(r"-?[\d,]+(?:\.(\d+))?", f.display)
    decimals = len(m.group(1)) if m and m.group(1) else 0
    tol = 0.5 * 10 ** (-decimals) * f.scale
    if isinstance(truth, int | float) and abs(printed - float(truth)) > tol * 1.0001 + 1e-12:
        return False, f"{f.display!r} does not round {truth}"
    return True, ""
