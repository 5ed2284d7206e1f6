"""PRC laws and regulations from LawRefBook (repo ``LawRefBook/Laws``, commit 2f4c5c2, texts from the NPC national
database of laws and regulations): one event per law, regulation, judicial interpretation, departmental rule
or local regulation in one of our domains, and the 1,564 national full texts as Chinese documents.

Mapping: the LawRefBook level gives type and issuer (法律 → 全国人民代表大会(常务委员会), 行政法规 → 国务院,
司法解释 → 最高人民法院/最高人民检察院, 地方性法规 → the province's people's congress standing committee with
its ISO 3166-2 subdivision); 公布日期 (publish) and 施行日期 (valid_from) are kept apart, the adoption date is
read from the text's first ``info`` line; an event with a full text links to its document, with the adoption
or promulgation line and its line number as evidence. 案例 rows are court cases, not policies: left out with
that reason, as are laws in none of our domains (listed in ``excluded``). The texts are outside copyright
(PRC Copyright Law Art. 5) and are shipped whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

import pandas as pd

from policyscope.model.zh_docs import zh_domains
from policyscope.sources.adapters.zh_common import (
    check_date,
    clean_text,
    cn_dates,
    event_id,
    excluded,
    frames,
    parse_date,
    zh_event,
)
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

LICENCE = "Laws and regulations are outside copyright (PRC Copyright Law Art. 5); compiled by LawRefBook/Laws"
RETRIEVED = "2025-04-19"
NEED = {"collection", "id", "level", "name", "publish", "valid_from", "expired", "category_folder"}
PROVINCES = {"上海": ("CN-SH", "上海市"), "北京": ("CN-BJ", "北京市"), "山东": ("CN-SD", "山东省"),
             "广东": ("CN-GD", "广东省"), "河南": ("CN-HA", "河南省"), "浙江": ("CN-ZJ", "浙江省"),
             "重庆": ("CN-CQ", "重庆市")}
# LawRefBook level → (event type, issuer); None = not a policy event
LEVELS: dict[str, tuple[str, str] | None] = {
    "宪法": ("law_regulation", "全国人民代表大会"),
    "法律": ("law_regulation", "全国人民代表大会常务委员会"),
    "行政法规": ("law_regulation", "国务院"),
    "司法解释": ("law_regulation", "最高人民法院"),
    "部门规章": ("law_regulation", "国务院部门"),
    "地方性法规": ("law_regulation", "人民代表大会常务委员会"),
    "其他": ("other", "LawRefBook: other"),
    "案例": None,
}
_ADOPT_WORDS = ("通过", "公布", "发布", "施行", "修正", "修订", "印发")


def _issuer(level: str, province: str | None, info: str) -> str:
    """The body that adopted the text: from its first info line when it names one, else from the level."""
    base = LEVELS[level][1] if LEVELS.get(level) else "LawRefBook"
    first = info.splitlines()[0] if info else ""
    if level in ("法律", "宪法") and first:
        return "全国人民代表大会常务委员会" if "常务委员会" in first else "全国人民代表大会"
    if level == "司法解释" and first:
        both = "最高人民法院" in first and "最高人民检察院" in first
        return "最高人民法院 最高人民检察院" if both else ("最高人民检察院" if "最高人民检察院" in first else "最高人民法院")
    if level == "地方性法规" and province:
        return f"{PROVINCES[province][1]}{base}"
    return base


def _evidence(text: str) -> tuple[int | None, str | None, dt.date | None]:
    """The first adoption/promulgation line of a text (1-based line number, the line, its date)."""
    for i, line in enumerate(text.splitlines(), start=1):
        if "INFO END" in line:
            break
        s = line.strip()
        if s and not s.startswith("#") and any(w in s for w in _ADOPT_WORDS):
            ds = cn_dates(s)
            if ds:
                return i, s, ds[0][1]
    return None, None, None


def _read_fulltext(path: Path | None) -> list[dict]:
    if path is None or not path.exists():
        return []
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(f"{path} line {n}: not JSON ({exc.msg})") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec.get("path"):
                raise SourceError(f"{path} line {n}: record without path or text")
            out.append(rec)
    return out


@register
class LawRefBook(SourceAdapter):
    name = "lawrefbook"
    title = "PRC laws, regulations, judicial interpretations and local regulations (LawRefBook)"
    licence = LICENCE
    origin = "LawRefBook/Laws (commit 2f4c5c2, 2025-04-19), texts from flk.npc.gov.cn"
    processing = ("lawrefbook_laws_metadata.csv → one event per in-domain law (type and issuer from the level, "
                  "publish vs valid_from kept apart); lawrefbook_national_fulltext.jsonl.gz → 1,564 Chinese "
                  "documents linked to their events with the adoption line as evidence; 案例 and out-of-domain "
                  "rows in `excluded`")
    raw_paths = ("china_laws_lawrefbook/lawrefbook_laws_metadata.csv",
                 "china_laws_lawrefbook/lawrefbook_national_fulltext.jsonl.gz")

    def read_raw(self, paths: list[Path]) -> Bundle:
        meta_path = self.require(Path(paths[0]))
        texts = _read_fulltext(Path(paths[1]) if len(paths) > 1 else None)
        try:
            meta = pd.read_csv(meta_path, dtype=str, encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{meta_path}: not UTF-8 text (byte {exc.start})") from exc
        except pd.errors.ParserError as exc:
            raise SourceError(f"{meta_path}: broken CSV ({exc})") from exc
        missing = sorted(NEED - set(meta.columns))
        if missing:
            raise SourceError(f"{meta_path}: expected columns {sorted(NEED)}, missing {missing}")
        docs, by_path = self._documents(texts)
        latest = dt.date.fromisoformat(RETRIEVED)
        events: list[dict] = []
        excl: list[dict] = []
        for row, r in enumerate(meta.to_dict("records"), start=2):
            ev = self._event(r, f"{meta_path.name} row {row}", by_path, latest, excl)
            if ev is not None:
                events.append(ev)
        tables = frames(events, excl)
        tables["documents"] = pd.DataFrame(docs, columns=TABLES["documents"])
        return Bundle(self.name, tables)

    def _documents(self, texts: list[dict]) -> tuple[list[dict], dict[str, dict]]:
        docs, by_path = [], {}
        for rec in texts:
            text = rec["text"]
            doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
            line, quote, adopted = _evidence(text)
            title = clean_text(rec.get("title")) or rec["file_name"]
            published = parse_date(rec.get("date_in_filename")) or adopted
            docs.append({"id": doc_id, "title": title, "lang": "zh", "origin": f"LawRefBook/Laws:{rec['path']}",
                         "source_name": "LawRefBook (国家法律法规数据库)", "published": published, "jurisdiction": "CHN",
                         "text": text, "meta": json.dumps({"path": rec["path"], "info": rec.get("info") or ""},
                                                          ensure_ascii=False)})
            by_path[rec["path"]] = {"id": doc_id, "title": title, "line": line, "quote": quote, "adopted": adopted,
                                    "info": rec.get("info") or ""}
        return docs, by_path

    def _event(self, r: dict, where: str, by_path: dict[str, dict], latest: dt.date, excl: list[dict]) -> dict | None:
        rid, name, level = str(r["id"]), clean_text(r["name"]), clean_text(r["level"]) or ""
        if not name:
            excl.append(excluded(self.name, rid, None, f"{where}: no name"))
            return None
        if level not in LEVELS:
            excl.append(excluded(self.name, rid, name, f"{where}: unknown level {level!r}; known: {', '.join(LEVELS)}"))
            return None
        if LEVELS[level] is None:
            excl.append(excluded(self.name, rid, name, "out of scope: court case (案例), not a policy"))
            return None
        collection = clean_text(r["collection"]) or ""
        province = collection.removesuffix("地方法规") if collection != "national" else None
        if province is not None and province not in PROVINCES:
            excl.append(excluded(self.name, rid, name, f"{where}: unknown collection {collection!r}"))
            return None
        folder = clean_text(r["category_folder"]) or ""
        pub = parse_date(r["publish"])
        doc = by_path.get(f"{folder}/{name}({pub}).md") or by_path.get(f"{folder}/{name}.md")
        title = doc["title"] if doc else name
        domains = zh_domains(f"{name} {title}")
        if not domains:
            excl.append(excluded(self.name, rid, title, "in none of our domains (no domain keyword in the title)"))
            return None
        dates = {"publish": pub, "valid_from": parse_date(r["valid_from"]), "adopted": doc["adopted"] if doc else None}
        for k, d in dates.items():
            why = check_date(d, latest) if k != "valid_from" else (
                f"{d} is before 1949-10-01" if d and d < dt.date(1949, 10, 1) else None)
            if why:
                excl.append(excluded(self.name, rid, title, f"value rejected, {k} not imported: {where}: {why}"))
                dates[k] = None
        date, kind = next(((d, k) for k, d in (("published", dates["publish"]), ("adopted", dates["adopted"]),
                                               ("in_force", dates["valid_from"])) if d), (None, None))
        expired = str(r.get("expired") or "0").strip() == "1"
        in_force = dates["valid_from"] is not None and dates["valid_from"] <= latest
        return zh_event(
            id=event_id("lawref", rid), jurisdiction="CHN", title=title, date=date,
            date_precision="day" if date else None, date_kind=kind, date_published=dates["publish"],
            date_in_force=dates["valid_from"], date_issued=None,
            date_missing_reason=None if date else "LawRefBook gives no publish, adoption or in-force date",
            issuer=_issuer(level, province, doc["info"] if doc else ""), type=LEVELS[level][0], domains=domains,
            status="expired" if expired else ("in_force" if in_force else "adopted"), origin=self.name,
            url=None, level="subnational" if province else "national",
            subdivision=PROVINCES[province][0] if province else None,
            document_id=doc["id"] if doc else None, line=doc["line"] if doc else None,
            quote=doc["quote"] if doc else None, description=clean_text(r.get("subtitle")),
            source_record_id=rid, licence=LICENCE, retrieved=RETRIEVED,
        )
