"""National AI strategies of European countries (UCD Centre for Digital Policy, repository
``bact/policy-topic-model``, CC0 1.0): one ``strategy`` event per strategy and one document per strategy.

The repository is dedicated to the public domain (CC0) and the documents are official government
publications, so the extracted plain texts are shipped as document text (≈2.6 MB, compressed in the
snapshot). A document with a text has the id of the other ingested documents — the SHA-256 of the text
file's bytes — so ingesting the same file later finds the same row; strategies listed without a text file
(Latvia, Slovenia, UK) get a metadata-only document ``nat_ai:<CC>-<year>``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from policyscope.model.entities import Document, PolicyEvent
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = "CC0 1.0 (UCD Centre for Digital Policy); texts are official government publications"
NEED = {"Country", "Country Code", "Language", "Year", "Title", "URL", "AI Watch URL"}


def _text(v: object) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


@register
class NationalAIStrategies(SourceAdapter):
    name = "nat_ai"
    title = "National AI strategies of European countries (texts and metadata, 2017–2021)"
    licence = LICENCE
    origin = "bact/policy-topic-model data/nat-ai/ (commit 1ff943b), prepared by UCD Centre for Digital Policy"
    processing = ("documents_metadata.csv → one strategy event per row (year precision); text/YYYY-CC-lang.txt → "
                  "document text, id = SHA-256 of the file bytes")
    raw_paths = ("national_ai_strategies/documents_metadata.csv", "national_ai_strategies/text")

    def read_raw(self, paths: list[Path]) -> Bundle:
        meta_path = self.require(Path(paths[0]))
        text_dir = Path(paths[1]) if len(paths) > 1 else meta_path.parent / "text"
        try:
            df = pd.read_csv(meta_path, encoding="utf-8-sig", dtype={"Year": "Int64"})
        except Exception as exc:  # noqa: BLE001 - reported with the file name
            raise SourceError(f"{meta_path}: cannot read metadata CSV ({type(exc).__name__}: {exc})") from exc
        missing = sorted(NEED - set(df.columns))
        if missing:
            raise SourceError(f"{meta_path}: expected columns {sorted(NEED)}, missing {missing}")
        mapping, unknown = map_names(df["Country Code"].fillna(""), extra={"GB": "GBR", "UK": "GBR", "EL": "GRC"})
        docs, events = [], []
        for r in df.to_dict("records"):
            cc, year, lang = str(r["Country Code"]).strip(), r["Year"], str(r["Language"]).strip().lower()
            juris = mapping.get(cc)
            if juris is None or pd.isna(year):
                if pd.isna(year):
                    raise SourceError(f"{meta_path}: strategy of {r['Country']} has no year")
                continue  # unknown code, listed in unknown_names
            title = str(r["Title"]).strip()
            url = _text(r["URL"]) or _text(r["AI Watch URL"])
            txt = text_dir / f"{int(year)}-{cc}-{lang}.txt"
            text, doc_id = "", f"nat_ai:{cc}-{int(year)}"
            if txt.exists():
                data = txt.read_bytes()
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise SourceError(f"{txt}: not UTF-8 text ({exc})") from exc
                doc_id = Document.hash_bytes(data)
            meta = {"country": str(r["Country"]), "year": str(int(year)), "file": _text(r.get("Filename")) or "",
                    "ai_watch_url": _text(r["AI Watch URL"]) or "", "text_file": txt.name if text else ""}
            try:
                doc = Document(id=doc_id, title=title, lang=lang, origin=url or str(txt.name),
                               source_name="National AI strategies (UCD)", published=None, jurisdiction=juris,
                               text=text, meta=meta)
                ev = PolicyEvent(
                    id="ev_nat_ai_" + hashlib.sha1(f"{cc}|{int(year)}|{title}".encode()).hexdigest()[:12],
                    jurisdiction=juris, date=pd.Timestamp(int(year), 1, 1).date(), date_precision="year", title=title,
                    title_en=title if lang == "en" else None, issuer=f"Government of {r['Country']}",
                    type="strategy", domains=["ai"], status="adopted", origin="nat_ai", url=url,
                )
            except ValidationError as exc:
                raise SourceError(f"{meta_path}: strategy of {r['Country']} gives an invalid record: {exc}") from exc
            docs.append({**doc.model_dump(exclude={"needs_ocr"}), "meta": doc.meta})
            events.append({
                "id": ev.id, "jurisdiction": ev.jurisdiction, "partners": ev.partners, "date": ev.date,
                "date_precision": ev.date_precision, "title": ev.title, "title_en": ev.title_en, "title_zh": None,
                "issuer": ev.issuer, "type": ev.type, "domains": ev.domains, "status": ev.status,
                "document_id": doc_id, "line": None, "quote": None, "confidence": ev.confidence,
                "origin": ev.origin, "url": ev.url,
            })
        return Bundle(self.name, {"documents": pd.DataFrame(docs)[TABLES["documents"]],
                                  "events": pd.DataFrame(events)[TABLES["events"]]}, unknown)
