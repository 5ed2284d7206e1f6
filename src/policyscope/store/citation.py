"""How to cite policyscope, an event or an indicator — one module for the CLI, API, pages, exports and reports.

A citation names the dataset, its version (package version + build stamp), the access date and a URL, and for an
event or indicator also the original source (name, licence, URL) that the record came from. It renders as a
sentence in Chinese or English, CSL-JSON, BibTeX or RIS.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from policyscope import __version__
from policyscope.settings import settings
from policyscope.store.database import Database, StoreError, StoreNotFound

DATASET_EN = "policyscope: open bilingual observatory of technology policy and innovation"
DATASET_ZH = "policyscope 科技政策与创新开放观察库（中英双语）"
AUTHOR = "policyscope contributors"
DEFAULT_URL = "http://127.0.0.1:8000"
FORMATS = ("text", "csl", "bibtex", "ris")
Format = Literal["text", "csl", "bibtex", "ris"]

# Home pages of the original sources, matched on the source's name or title (first match wins).
_HOMEPAGES: tuple[tuple[str, str], ...] = (
    ("World Development Indicators", "https://datatopics.worldbank.org/world-development-indicators/"),
    ("NCSES", "https://ncses.nsf.gov/indicators"),
    ("FRED", "https://fred.stlouisfed.org/"),
    ("Bureau of Economic Analysis", "https://www.bea.gov/"),
    ("OpenAlex", "https://openalex.org/"),
    ("Scoreboard", "https://iri.jrc.ec.europa.eu/scoreboard"),
    ("Eurostat", "https://ec.europa.eu/eurostat"),
    ("AGORA", "https://eto.tech/dataset-docs/agora/"),
    ("OECD.AI", "https://oecd.ai/"),
    ("STI Policy Compass", "https://stip.oecd.org/"),
)


class SourceMeta(BaseModel):
    """An original source: what it is called, under which licence, where to find it."""

    title: str
    licence: str | None = None
    url: str | None = None
    record: str | None = None


class Citation(BaseModel):
    kind: Literal["dataset", "event", "indicator"]
    key: str
    title_en: str
    title_zh: str
    version: str
    issued: dt.date
    accessed: dt.date
    url: str
    originals: list[SourceMeta] = []

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def text(self, lang: str = "en") -> str:
        """One sentence to paste under a table or figure."""
        if lang == "zh":
            head = f"{AUTHOR}（{self.issued.year}）。"
            head += f"《{self.title_zh}》，" if self.kind != "dataset" else ""
            s = (f"{head}{DATASET_ZH}，版本 {self.version}。{self.url}（访问日期：{self.accessed.isoformat()}）。")
            for o in self.originals:
                s += f"原始来源：{o.title}" + (f"，许可：{o.licence}" if o.licence else "") + (
                    f"，{o.url}" if o.url else "") + "。"
            return s
        head = f"{AUTHOR} ({self.issued.year}). "
        head += f"“{self.title_en}”. In: " if self.kind != "dataset" else ""
        s = f"{head}{DATASET_EN}, version {self.version} [data set]. {self.url} (accessed {self.accessed.isoformat()})."
        for o in self.originals:
            s += f" Original source: {o.title}" + (f", licence: {o.licence}" if o.licence else "") + (
                f", {o.url}" if o.url else "") + "."
        return s


# -- original sources -----------------------------------------------------------------------------------------

def _homepage(name: str) -> str | None:
    return next((url for needle, url in _HOMEPAGES if needle.lower() in name.lower()), None)


@cache
def _adapter_meta() -> dict[str, SourceMeta]:
    from policyscope.sources.registry import adapters

    return {n: SourceMeta(title=a.title, licence=a.licence, url=_homepage(a.title)) for n, a in adapters().items()}


def source_meta(name: str) -> SourceMeta:
    """Metadata for a source named by adapter (``agora``), indicator source or document source name."""
    ads = _adapter_meta()
    if name in ads:
        return ads[name]
    if name == "extracted":
        return SourceMeta(title="policyscope extraction from ingested documents / 从入库文件抽取",
                          licence="as the source document")
    if name == "policyscope":
        return SourceMeta(title=DATASET_EN, licence=None, url=public_url())
    for meta in ads.values():
        if name.lower() in meta.title.lower():
            return SourceMeta(title=name, licence=meta.licence, url=meta.url or _homepage(name))
    return SourceMeta(title=name, url=_homepage(name))


# -- building citations -------------------------------------------------------------------------------------------

def public_url() -> str:
    """Where this instance is published (``POLICYSCOPE_PUBLIC_URL``), default the local server's address."""
    return (settings().public_url or DEFAULT_URL).rstrip("/")


def _built(db: Database) -> tuple[str, dt.date]:
    stamp = db.build_info().get("built_at") or ""
    try:
        built = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return __version__, dt.date.today()
    return f"{__version__}+build.{built.strftime('%Y%m%dT%H%M%SZ')}", built.date()


def dataset_citation(db: Database, *, url: str | None = None, accessed: dt.date | None = None) -> Citation:
    version, issued = _built(db)
    return Citation(kind="dataset", key=f"policyscope{issued.strftime('%Y%m%d')}", title_en=DATASET_EN,
                    title_zh=DATASET_ZH, version=version, issued=issued, accessed=accessed or dt.date.today(),
                    url=url or public_url())


def _event_sources(db: Database, event_id: str) -> list[SourceMeta]:
    """The original sources of an event: one ``core.event_source`` row each (schema migration 4)."""
    rows = db.con.execute("SELECT source, record_id, licence, url FROM core.event_source WHERE event_id = ? "
                          "ORDER BY source, record_id", [event_id]).fetchall()
    out = []
    for name, rec, licence, url in rows:
        meta = source_meta(name)
        out.append(SourceMeta(title=meta.title or name, licence=licence or meta.licence, url=url or meta.url,
                              record=str(rec) if rec else None))
    return out


def event_citation(db: Database, event_id: str, *, url: str | None = None,
                   accessed: dt.date | None = None) -> Citation:
    row = db.con.execute("SELECT title, title_en, title_zh, origin, url, document_id FROM core.event WHERE id = ?",
                         [event_id]).fetchone()
    if row is None:
        raise StoreNotFound(f"event {event_id!r} is not in the database {db.path}")
    title, title_en, title_zh, origin, ev_url, doc = row
    base = dataset_citation(db, accessed=accessed)
    originals = _event_sources(db, event_id)
    if not originals:
        meta = source_meta(origin or "")
        originals = [meta.model_copy(update={"record": doc})]
        if ev_url and ev_url != meta.url:
            originals.append(SourceMeta(title=title, url=ev_url))
    return base.model_copy(update={
        "kind": "event", "key": f"policyscope_{re.sub(r'[^A-Za-z0-9_]', '_', event_id)}",
        "title_en": title_en or title, "title_zh": title_zh or title,
        "url": url or f"{public_url()}/events/{event_id}", "originals": originals})


def indicator_citation(db: Database, code: str, *, url: str | None = None,
                       accessed: dt.date | None = None) -> Citation:
    row = db.con.execute("SELECT name_en, name_zh, source, licence FROM core.indicator WHERE code = ?",
                         [code]).fetchone()
    if row is None:
        raise StoreNotFound(f"indicator {code!r} is not in the database {db.path}; see `policyscope indicators list`")
    name_en, name_zh, source, licence = row
    vintages = [v for (v,) in db.con.execute("SELECT DISTINCT vintage FROM core.observation WHERE indicator = ? "
                                             "AND vintage IS NOT NULL ORDER BY 1", [code]).fetchall()]
    meta = source_meta(source or "")
    record = f"{code}" + (f" ({'; '.join(vintages)})" if vintages else "")
    base = dataset_citation(db, accessed=accessed)
    return base.model_copy(update={
        "kind": "indicator", "key": f"policyscope_{re.sub(r'[^A-Za-z0-9_]', '_', code)}",
        "title_en": f"{name_en} ({code})", "title_zh": f"{name_zh}（{code}）",
        "url": url or f"{public_url()}/explore?indicator={code}",
        "originals": [SourceMeta(title=source or meta.title, licence=licence or meta.licence, url=meta.url,
                                 record=record)]})


# -- rendering ----------------------------------------------------------------------------------------------------

def _parts(d: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[d.year, d.month, d.day]]}


def to_csl(c: Citation, lang: str = "en") -> list[dict[str, object]]:
    """CSL-JSON items: the cited record first, then each original source."""
    item: dict[str, object] = {
        "id": c.key, "type": "dataset", "title": c.title(lang), "author": [{"literal": AUTHOR}],
        "publisher": "policyscope", "version": c.version, "issued": _parts(c.issued), "accessed": _parts(c.accessed),
        "URL": c.url, "language": "zh-CN" if lang == "zh" else "en",
    }
    if c.kind != "dataset":
        item["container-title"] = DATASET_ZH if lang == "zh" else DATASET_EN
    items = [item]
    for i, o in enumerate(c.originals, 1):
        src: dict[str, object] = {"id": f"{c.key}_source{i}", "type": "dataset", "title": o.title,
                                  "accessed": _parts(c.accessed)}
        if o.url:
            src["URL"] = o.url
        if o.licence:
            src["note"] = f"Licence: {o.licence}"
        if o.record:
            src["number"] = o.record
        items.append(src)
    return items


_BIB_ESC = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib(s: str) -> str:
    return "".join(_BIB_ESC.get(ch, ch) for ch in s)


def to_bibtex(c: Citation, lang: str = "en") -> str:
    def entry(key: str, fields: dict[str, str]) -> str:
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        return f"@misc{{{key},\n{body}\n}}\n"

    main = {"title": "{" + _bib(c.title(lang)) + "}", "author": "{" + AUTHOR + "}", "year": str(c.issued.year),
            "version": _bib(c.version), "howpublished": _bib(DATASET_ZH if lang == "zh" else DATASET_EN),
            "url": c.url, "urldate": c.accessed.isoformat(), "note": "[data set]"}
    out = [entry(c.key, main)]
    for i, o in enumerate(c.originals, 1):
        out.append(entry(f"{c.key}_source{i}", {"title": "{" + _bib(o.title) + "}", "url": o.url or "",
                                                 "urldate": c.accessed.isoformat(),
                                                 "note": _bib(f"Licence: {o.licence}") if o.licence else "",
                                                 "number": _bib(o.record or "")}))
    return "\n".join(out)


def to_ris(c: Citation, lang: str = "en") -> str:
    def record(tags: list[tuple[str, str]]) -> str:
        return "".join(f"{t}  - {v}\r\n" for t, v in tags if v) + "ER  - \r\n"

    main = [("TY", "DATA"), ("TI", c.title(lang)), ("AU", AUTHOR), ("PY", str(c.issued.year)),
            ("DA", c.issued.strftime("%Y/%m/%d")), ("ET", c.version), ("PB", "policyscope"),
            ("T2", (DATASET_ZH if lang == "zh" else DATASET_EN) if c.kind != "dataset" else ""),
            ("UR", c.url), ("Y2", c.accessed.strftime("%Y/%m/%d")), ("LA", "zh" if lang == "zh" else "en"),
            ("ID", c.key)]
    out = [record(main)]
    for o in c.originals:
        out.append(record([("TY", "DATA"), ("TI", o.title), ("UR", o.url or ""), ("M1", o.record or ""),
                           ("N1", f"Licence: {o.licence}" if o.licence else ""),
                           ("Y2", c.accessed.strftime("%Y/%m/%d"))]))
    return "".join(out)


def render(c: Citation, fmt: str = "text", lang: str = "en") -> str:
    """The citation as ``text`` (a sentence), ``csl`` (CSL-JSON), ``bibtex`` or ``ris``."""
    if fmt == "text":
        return c.text(lang)
    if fmt == "csl":
        return json.dumps(to_csl(c, lang), ensure_ascii=False, indent=1)
    if fmt == "bibtex":
        return to_bibtex(c, lang)
    if fmt == "ris":
        return to_ris(c, lang)
    raise StoreError(f"unknown citation format {fmt!r}; use {', '.join(FORMATS)}")


MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "csl": "application/vnd.citationstyles.csl+json",
               "bibtex": "application/x-bibtex; charset=utf-8", "ris": "application/x-research-info-systems"}
SUFFIXES = {"text": ".txt", "csl": ".json", "bibtex": ".bib", "ris": ".ris"}


def write_citation_files(c: Citation, out: Path) -> list[Path]:
    """CITATION.txt (zh and en), citation.json (CSL), citation.bib and citation.ris beside an export or report."""
    files = []
    for fmt in FORMATS:
        p = out / ("CITATION.txt" if fmt == "text" else f"citation{SUFFIXES[fmt]}")
        body = f"{c.text('zh')}\n\n{c.text('en')}\n" if fmt == "text" else render(c, fmt, "en")
        p.write_text(body, encoding="utf-8", newline="" if fmt == "ris" else None)
        files.append(p)
    return files
