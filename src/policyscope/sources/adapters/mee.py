"""Documents of the Ministry of Ecology and Environment (生态环境部) 2018–2023 from the GCCMPD repository
(``HUANGZHIHAO1994/GCCMPD-climate-policy-dataset``, ``MEE_PRC_EN.xlsx``): every Chinese full text as a document,
and one event per policy document.

Dates: the signature date at the end of the text (``生态环境部2018年7月31日``) is the issue date; the ``tYYYYMMDD``
in the mee.gov.cn URL is the publish date; with neither, the ``Year`` column gives year precision. Project-level
administrative acts (环评批复 of single projects, acceptance checks, permits, training courses) and replies to
NPC deputies' suggestions and CPPCC proposals are documents but not policy events: they are listed in
``excluded`` with the reason. The English columns are Google machine translations made by the GCCMPD authors:
they are never used as titles here; ``policyscope tm`` may hold them marked ``machine``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pandas as pd

from policyscope.model.zh_docs import doc_type, zh_domains
from policyscope.sources.adapters.zh_common import (
    check_date,
    clean_text,
    cn_dates,
    event_id,
    excluded,
    frames,
    zh_event,
)
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

LICENCE = ("Official documents of the MEE: outside copyright (PRC Copyright Law Art. 5); compiled by GCCMPD "
           "(no licence stated); English columns are third-party machine translation, not shipped as titles")
RETRIEVED = "2023-06"
NEED = {"Policy_raw", "Policy_Content_raw", "Year", "URL"}
ISSUER = "生态环境部"
# administrative acts and replies: documents, not policy events
NOT_POLICY: list[tuple[str, str]] = [
    (r"环境影响(报告[书表]|评价)|环评|[^政策]*报告[书表]的批复", "project-level approval (环评批复), not a policy"),
    (r"验收|许可证|信息变更|资质|延续|核准|控制点|(核电厂|机组|堆).*(大纲|[0-9A-Z]+版)", "administrative licensing, "
     "acceptance or nuclear-safety step of a single unit, not a policy"),
    (r"督办|通报", "supervision of a single case, not a policy"),
    (r"表扬|表彰|授予|荣誉|评选|名单", "commendation, award or list of units, not a policy"),
    (r"任命|任免", "appointment, not a policy"),
    (r"审查意见书|检查报告|选址", "review of a single site or plant, not a policy"),
    (r"培训|研讨|会议的通知|报名", "notice of a training course or meeting, not a policy"),
    (r"建议的答复|提案答复|提案的答复|建议答复|答复的函", "reply to an NPC deputy's suggestion or CPPCC proposal, not a policy"),
]
_SIGNATURE = re.compile(r"(?:生态环境部|环境保护部)(?:办公厅)?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\s*印发)")
_URL_DATE = re.compile(r"/t(\d{8})_")


def _signature(text: str, year: int | None) -> tuple[dt.date | None, str | None]:
    """The signature date (issue date) near the end of the text, with the quoted signature."""
    for m in reversed(list(_SIGNATURE.finditer(text))):
        ds = cn_dates(m.group(0))
        if ds and (year is None or abs(ds[0][1].year - year) <= 1):
            return ds[0][1], m.group(0)
    return None, None


def _url_date(url: str | None) -> dt.date | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return dt.datetime.strptime(m.group(1), "%Y%m%d").date()
    except ValueError:
        return None


@register
class MEEDocuments(SourceAdapter):
    name = "mee"
    title = "Ministry of Ecology and Environment (生态环境部) documents 2018–2023, Chinese full texts"
    licence = LICENCE
    origin = "HUANGZHIHAO1994/GCCMPD-climate-policy-dataset (commit b4b12c0), code and files/files/MEE_PRC_EN.xlsx"
    processing = ("MEE_PRC_EN.xlsx → one Chinese document per row (full text) and one event per policy document "
                  "(issue date from the signature, publish date from the URL); administrative acts and replies in "
                  "`excluded`; English machine translations not used as titles")
    raw_paths = ("china_mee_policy_documents/MEE_PRC_EN.xlsx",)

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = self.require(Path(paths[0]))
        try:
            df = pd.read_excel(path)
        except Exception as exc:  # noqa: BLE001 - reported with the file name
            raise SourceError(f"{path}: cannot read workbook ({type(exc).__name__}: {exc})") from exc
        missing = sorted(NEED - set(df.columns.astype(str)))
        if missing:
            raise SourceError(f"{path}: expected columns {sorted(NEED)}, missing {missing}")
        latest = dt.date.fromisoformat("2023-12-31")
        docs, events, excl = [], [], []
        seen: set[str] = set()
        for row, r in enumerate(df.to_dict("records"), start=2):
            where = f"{path.name} row {row}"
            title, text, url = clean_text(r["Policy_raw"]), clean_text(r["Policy_Content_raw"]), clean_text(r["URL"])
            rid = url or where
            if not title or not text:
                excl.append(excluded(self.name, rid, title, f"{where}: no Chinese title or text"))
                continue
            year = int(r["Year"]) if pd.notna(r["Year"]) and str(r["Year"]).strip().isdigit() else None
            doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
            issued, quote = _signature(text, year)
            published = _url_date(url)
            for label, d in (("issue date", issued), ("publish date", published)):
                why = check_date(d, latest)
                if why:
                    excl.append(excluded(self.name, rid, title, f"value rejected, {label} not imported: {where}: {why}"))
                    issued, published = (None, published) if label == "issue date" else (issued, None)
            if doc_id not in seen:
                seen.add(doc_id)
                docs.append({"id": doc_id, "title": title, "lang": "zh", "origin": url or where,
                             "source_name": "生态环境部 MEE (GCCMPD)", "published": issued or published,
                             "jurisdiction": "CHN", "text": text, "meta": None})
            reason = next((why for pat, why in NOT_POLICY if re.search(pat, title)), None)
            kind = doc_type(title)
            if reason is None and kind is not None and kind.scope == "out":
                reason = kind.note or kind.label_en
            if reason:
                excl.append(excluded(self.name, rid, title, f"out of scope: {reason}"))
                continue
            date = issued or published or (dt.date(year, 1, 1) if year else None)
            events.append(zh_event(
                id=event_id("mee", rid), jurisdiction="CHN", title=title, date=date,
                date_precision="day" if issued or published else ("year" if date else None),
                date_kind="issued" if issued else "published" if date else None,
                date_issued=issued, date_published=published,
                date_missing_reason=None if date else "no signature date, URL date or year",
                issuer=ISSUER, type=kind.type if kind else "other",
                status="in_consultation" if "征求" in title else "adopted",
                domains=["energy_climate", *[d for d in zh_domains(title) if d != "energy_climate"]],
                origin=self.name, url=url, level="national", document_id=doc_id,
                line=1 if quote else None, quote=quote, source_record_id=rid, licence=LICENCE, retrieved=RETRIEVED,
            ))
        tables = frames(events, excl)
        tables["documents"] = pd.DataFrame(docs, columns=TABLES["documents"])
        return Bundle(self.name, tables)
