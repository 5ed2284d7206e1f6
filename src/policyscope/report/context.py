"""What every report builder shares: the database, the language, names of jurisdictions and domains,
and helpers that turn an analysis result into a figure, a table and a source line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from policyscope.analysis.base import catalogue_entry
from policyscope.model import registry
from policyscope.model.taxonomy import taxonomy
from policyscope.report import charts
from policyscope.report.model import FigureBlock, Paragraph, Sentence, TableBlock
from policyscope.report.narrative import Ran, label, no_negative_zero, say
from policyscope.store.database import Database
from policyscope.store.derived import SOURCE_PREFIX as DERIVED_PREFIX
from policyscope.store.derived import VINTAGE as DERIVED_VINTAGE

REVIEWED = ("accepted", "edited")


@dataclass
class Ctx:
    db: Database
    lang: str
    review_states: tuple[str, ...] | None = REVIEWED
    keys: set[str] = field(default_factory=set)

    # -- names --------------------------------------------------------------------------------------
    def jname(self, code: str) -> str:
        j = registry().by_code.get(code)
        if j is None:
            return code
        return j.name_zh if self.lang == "zh" else j.name_en

    def dname(self, code: str) -> str:
        try:
            return taxonomy("domains").label(code, self.lang)
        except KeyError:
            return code

    def tname(self, code: str) -> str:
        try:
            return taxonomy("event_types").label(code, self.lang)
        except KeyError:
            return code

    def sname(self, code: str | None) -> str:
        if not code:
            return ""
        try:
            return taxonomy("status").label(code, self.lang)
        except KeyError:
            return code

    def review_name(self, state: str) -> str:
        return label(self.lang, "review_state", state=state)

    # -- text ---------------------------------------------------------------------------------------
    def L(self, name: str, /, **kw: Any) -> str:
        return label(self.lang, name, **kw)

    def say(self, name: str, /, **kw: Any) -> Sentence:
        return say(self.lang, name, **kw)

    def para(self, *sentences: Sentence | None, style: str = "body") -> Paragraph:
        return Paragraph(sentences=[s for s in sentences if s is not None], style=style)  # type: ignore[arg-type]

    def no_data(self, what: str, reason: str | None = None) -> Paragraph:
        return self.para(self.say("no_data", what=what, reason=reason or ""), style="note")

    # -- sources --------------------------------------------------------------------------------------
    def source_of(self, *rans: Ran, extra: str = "") -> str:
        srcs: list[str] = []
        vins: list[str] = []
        for r in rans:
            for s in r.sources:
                s = self._readable_source(s)
                if s not in srcs and not s.startswith("…"):
                    srcs.append(s)
            for v in r.vintages:
                if v not in vins and v != DERIVED_VINTAGE:  # the inputs' vintages are listed
                    vins.append(v)
        if not srcs:  # fall back on the catalogue's source of the indicator or edge set the analysis read
            for r in rans:
                code = r.kwargs.get("indicator") or r.kwargs.get("edges")
                found = (catalogue_entry(self.db, code) or {}).get("source") if code else None
                if found and str(found) not in srcs:
                    srcs.append(str(found))
        return self.L("source_line", sources=srcs[:4], vintages=vins[:3], extra=extra)

    def _readable_source(self, source: str) -> str:
        """A derived series' source names its inputs in the reader's language ("据研发支出占GDP比重（%）/ 100 ×
        国内生产总值…推算"), not their codes: a ministry reader does not read WDI codes."""
        if not source.startswith(DERIVED_PREFIX):
            return source
        formula = source[len(DERIVED_PREFIX):]
        for code in sorted(set(re.findall(r"[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+|[A-Z]+_[A-Z_]+", formula)), key=len,
                           reverse=True):
            info = catalogue_entry(self.db, code)  # the catalogue the analyses keep: no query per source line
            if info is None:
                continue
            formula = formula.replace(code, str(info["name_zh"] if self.lang == "zh" and info["name_zh"]
                                                 else info["name_en"]))
        return self.L("derived_source", formula=formula)

    def events_source(self) -> str:
        states = list(self.review_states) if self.review_states else ["accepted", "edited", "auto"]
        return self.L("events_source", states=[self.review_name(s) for s in states])

    # -- figures and tables ----------------------------------------------------------------------------
    def _key(self, base: str) -> str:
        k, i = base, 2
        while k in self.keys:
            k, i = f"{base}-{i}", i + 1
        self.keys.add(k)
        return k

    def figure(self, key: str, caption: str, source: str, builder: Any, *args: Any, units: str = "",
               **kw: Any) -> FigureBlock:
        meta = charts.ChartMeta(title=caption, units=units, source=source, lang=self.lang)
        spec = builder(*args, meta, **kw) if builder is not charts.network else builder(*args, meta=meta, **kw)
        return FigureBlock(key=self._key(key), caption=caption, spec=spec, source=source)

    def table(self, key: str, caption: str, source: str, frame: pd.DataFrame, columns: dict[str, str],
              formats: dict[str, str] | None = None) -> TableBlock:
        """A table from an analysis frame: ``columns`` maps frame column → header; ``formats`` a format
        spec (``{:,.1f}``) per column. The cells are the analysis values, only formatted."""
        formats = formats or {}
        rows: list[list[str]] = []
        align: list[str] = []
        for c in columns:
            num = c in formats
            align.append("r" if num else "l")
        for _, r in frame.iterrows():
            cells = []
            for c in columns:
                v = r.get(c)
                if v is None or (isinstance(v, float) and v != v):
                    cells.append("—")
                elif c in formats:
                    try:
                        cells.append(no_negative_zero(formats[c].format(v)))
                    except (ValueError, TypeError):
                        cells.append(str(v))
                else:
                    cells.append(str(v))
            rows.append(cells)
        return TableBlock(key=self._key(key), caption=caption, columns=list(columns.values()), rows=rows,
                          source=source, align=align)
