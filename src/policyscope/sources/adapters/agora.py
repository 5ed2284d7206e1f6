"""CSET/ETO AGORA (AI Governance and Regulatory Archive): metadata of 763 AI laws, regulations, standards
and commitments → one ``documents`` row (metadata only) and one ``events`` row per AGORA document.

The full texts are not shipped: ETO considers them open to non-commercial use only, which is not an open
licence; analyses read them from the shared data folder. Every event is validated by the pydantic
:class:`~policyscope.model.PolicyEvent` model; ids are ``ev_agora_<AGORA ID>`` so that re-importing a newer
AGORA export updates the same rows. Mapping rules (jurisdiction from the authority, type from the
collection and the document name, domains from AGORA's thematic tags) are tables in this module.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from policyscope.model import registry
from policyscope.model.entities import Document, Evidence, PolicyEvent
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

LICENCE = "CC BY 4.0 (Emerging Technology Observatory, CSET); cite the ETO AGORA dataset"
NEED = {"AGORA ID", "Official name", "Casual name", "Link to document", "Authority", "Collections",
        "Most recent activity", "Most recent activity date", "Proposed date", "Short summary"}

# AGORA thematic tag column → our domain codes (ai is always added)
TAG_DOMAINS: dict[str, tuple[str, ...]] = {
    "Risk factors: Privacy": ("data",),
    "Strategies: Input controls: Data use": ("data",),
    "Strategies: Input controls: Data circulation": ("data",),
    "Risk factors: Security: Cybersecurity": ("cybersecurity",),
    "Strategies: Input controls: Compute circulation": ("semiconductors",),
    "Strategies: Input controls: Compute use": ("cloud_computing",),
    "Strategies: Government support: AI workforce-related": ("talent_education",),
    "Applications: Education": ("talent_education",),
    "Applications: Medicine, life sciences and public health": ("biotech_health",),
    "Applications: Energy and utilities": ("energy_climate",),
    "Harms: Ecological harm": ("energy_climate",),
    "Applications: Manufacturing and process automation": ("manufacturing",),
    "Applications: Networking and telecommunications": ("telecom_5g_6g",),
    "Strategies: Government support: For R&D": ("general_sti",),
}
AUTONOMOUS = re.compile(r"autonomous vehicle|self-driving|automated driving|driverless|automated vehicle", re.I)

# (pattern on the lower-cased official + casual name, type); first match wins
NAME_TYPES: list[tuple[str, str]] = [
    (r"executive order|\(eo \d+\)|memorandum", "plan_program"),
    (r"\bstrateg(y|ic plan)|development plan", "strategy"),
    (r"\bstandard(s|ization)?\b", "standard"),
    (r"\bcfr\b|§|\bpart \d+|section \d+|requirements\b|hiring authorities|misrepresentation", "law_regulation"),
    (r"establish\w* the .*office|\boffice\b.*establish", "institution"),
    (r"principles|ethic|code of conduct|bill of rights|commitments|norms|charter|safety (policy|framework)|"
     r"responsible scaling|preparedness framework|governance framework|guidelines?|guidance|guardrails|"
     r"code of practice|advice", "ethics_guideline"),
    (r"declaration|convention|statement|resolution|joint roadmap|"
     r"global .* initiative|recommendation of the council", "cooperation"),
    (r"position paper|remarks by", "other"),
    (r"white paper|report|recommendations|progress|consultation|interim response", "assessment_report"),
    (r"\bcfr\b|regulation|directive|\bact\b|\blaw\b|provisions|measures|rules?\b|\bbill\b|decision", "law_regulation"),
    (r"framework|plan\b|program|advancing|public benefits", "plan_program"),
]
LEGISLATIVE_COLLECTIONS = ("U.S. federal laws", "U.S. state and local laws", "NDAA provisions", "FY2025 NDAA")
STATUS = {"Enacted": "adopted", "Proposed": "proposed", "Defunct": "defunct"}
COMPANY_COUNTRY = {"openai": "USA", "anthropic": "USA", "google": "USA", "microsoft": "USA", "meta": "USA",
                   "amazon": "USA", "inflection": "USA", "voluntary commitments": "USA"}
MULTINATIONAL = [(re.compile(p), code) for p, code in (
    (r"\bG20\b", "G20"), (r"[Hh]iroshima|\bG7\b", "G7"), (r"Council of Europe", "COE"), (r"\bOECD\b", "OECD"),
    (r"United Nations|\bUN\b", "UN"), (r"European Union|\bEU\b", "EU"))]


def _authorities(path: Path | None) -> dict[str, tuple[str, str]]:
    """Authority name → (jurisdiction label, parent authority) from authorities.csv."""
    if path is None or not path.exists():
        return {}
    a = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if not {"Name", "Jurisdiction"} <= set(a.columns):
        raise SourceError(f"{path}: expected columns Name, Jurisdiction, Parent authority; got {list(a.columns)}")
    parent = a["Parent authority"] if "Parent authority" in a.columns else pd.Series("", index=a.index)
    return dict(zip(a["Name"], zip(a["Jurisdiction"], parent, strict=True), strict=True))


def jurisdiction_for(authority: str, name: str, auths: dict[str, tuple[str, str]]) -> tuple[str | None, str | None]:
    """(jurisdiction code, sub-national unit or None) for an AGORA authority; None when it cannot be told."""
    label, parent = auths.get(authority, ("", ""))
    low = name.lower()
    if label == "United States":
        sub = authority if parent in ("State governments", "Local governments") or authority in (
            "State governments", "Local governments") else None
        return "USA", sub
    if label == "China":
        return "CHN", (authority if "provincial" in authority.lower() else None)
    if label == "Multinational" or authority in ("European Union", "OECD", "United Nations", "Other multinational"):
        for pat, code in MULTINATIONAL:
            if pat.search(f"{authority} {name}"):
                return code, None
        return "INT", None
    if authority == "Private-sector companies":
        for key, code in COMPANY_COUNTRY.items():
            if key in low:
                return code, None
        return "INT", None
    if authority == "Other authorities":
        if re.search(r"china|chinese|people.s republic|\bSAC\b", name, re.I):
            return "CHN", None
        if re.search(r"\bU\.S\.|united states|american", name, re.I):
            return "USA", None
        return "INT", None
    target = re.sub(r"^Government of (the )?", "", authority)
    r = registry().resolve(target)
    if r.status == "resolved" and r.code:
        return r.code, None
    return None, None


def event_type(name: str, collections: str, authority: str) -> str:
    if authority == "Private-sector companies":
        return "ethics_guideline"
    low = name.lower()
    if authority != "Food and Drug Administration" and any(c in collections for c in LEGISLATIVE_COLLECTIONS):
        return "law_regulation"
    for pat, typ in NAME_TYPES:
        if re.search(pat, low):
            return typ
    return "other"


def _date(s: object) -> pd.Timestamp | None:
    d = pd.to_datetime(s, errors="coerce")
    return None if pd.isna(d) else d


@register
class AGORA(SourceAdapter):
    name = "agora"
    title = "CSET/ETO AGORA — AI Governance and Regulatory Archive (metadata)"
    licence = LICENCE
    origin = ("ETO AGORA export of Feb 2025 via ashrane111/AI-GovBot (commit 4819d2f), "
              "data/data-pipeline/dags/merged_input/agora/")
    processing = ("documents.csv → documents (metadata only, no full text) and one event per document; authority → "
                  "jurisdiction via authorities.csv; collection/name → event type; thematic tags → domains")
    raw_paths = ("agora_ai_governance/documents.csv", "agora_ai_governance/authorities.csv")

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = self.require(Path(paths[0]))
        auths = _authorities(Path(paths[1]) if len(paths) > 1 else None)
        try:
            df = pd.read_csv(path, encoding="utf-8-sig")
        except Exception as exc:  # noqa: BLE001 - reported with the file name
            raise SourceError(f"{path}: cannot read AGORA CSV ({type(exc).__name__}: {exc})") from exc
        missing = sorted(NEED - set(df.columns))
        if missing:
            raise SourceError(f"{path}: not an AGORA documents.csv, missing columns {missing}")
        if df["AGORA ID"].duplicated().any():
            raise SourceError(f"{path}: duplicate AGORA ID {df['AGORA ID'][df['AGORA ID'].duplicated()].iloc[0]}")
        tag_cols = [c for c in TAG_DOMAINS if c in df.columns]
        docs, events, unknown = [], [], set()
        for r in df.to_dict("records"):
            aid = str(r["AGORA ID"]).strip()
            official = str(r["Official name"]).strip()
            casual = r["Casual name"] if isinstance(r["Casual name"], str) and r["Casual name"].strip() else None
            authority = str(r["Authority"]).strip() if isinstance(r["Authority"], str) else ""
            collections = r["Collections"] if isinstance(r["Collections"], str) else ""
            activity = str(r["Most recent activity"]).strip()
            summary = r["Short summary"] if isinstance(r["Short summary"], str) and r["Short summary"].strip() else None
            juris, sub = jurisdiction_for(authority, f"{official} {casual or ''} {summary or ''}", auths)
            if juris is None:
                unknown.add(authority or "(no authority)")
                juris = "INT"
            proposed, act_date = _date(r["Proposed date"]), _date(r["Most recent activity date"])
            published = proposed if proposed is not None else act_date
            when = act_date if activity == "Enacted" and act_date is not None else published
            status = STATUS.get(activity, "unknown")
            if activity == "Defunct" and "Enacted laws and policies" in collections:
                status = "expired"  # enacted, later revoked (e.g. EO 14110)
            url = r["Link to document"] if isinstance(r["Link to document"], str) else None
            doc_id = f"agora:{aid}"
            meta = {"agora_id": aid, "authority": authority, "collections": collections, "status": activity,
                    "most_recent_activity_date": str(act_date.date()) if act_date is not None else ""}
            if casual:
                meta["casual_name"] = casual
            if sub:
                meta["subnational"] = sub
            domains = ["ai"] + [d for c in tag_cols if bool(r[c]) for d in TAG_DOMAINS[c]]
            if AUTONOMOUS.search(f"{official} {summary or ''}"):
                domains.append("autonomous_driving")
            try:
                doc = Document(id=doc_id, title=official, lang="en", origin=url or "AGORA", source_name="AGORA",
                               published=published.date() if published is not None else None, jurisdiction=juris,
                               text="", meta=meta)
                ev = PolicyEvent(
                    id=f"ev_agora_{aid}", jurisdiction=juris, date=when.date() if when is not None else None,
                    date_precision="day" if when is not None else None, title=official, title_en=casual or official,
                    issuer=authority or None, type=event_type(f"{official} {casual or ''}", collections, authority),
                    domains=domains, status=status, origin="agora", url=url, confidence=1.0,
                    evidence=[Evidence(document_id=doc_id, quote=summary)] if summary else [],
                )
            except ValidationError as exc:
                raise SourceError(f"{path}: AGORA ID {aid} gives an invalid record: {exc}") from exc
            docs.append({**doc.model_dump(exclude={"needs_ocr"}), "meta": doc.meta})
            events.append({
                "id": ev.id, "jurisdiction": ev.jurisdiction, "partners": ev.partners, "date": ev.date,
                "date_precision": ev.date_precision, "title": ev.title, "title_en": ev.title_en,
                "title_zh": ev.title_zh, "issuer": ev.issuer, "type": ev.type, "domains": ev.domains,
                "status": ev.status, "document_id": doc_id, "line": None, "quote": summary,
                "confidence": ev.confidence, "origin": ev.origin, "url": ev.url,
            })
        documents = pd.DataFrame(docs)[TABLES["documents"]]
        return Bundle(self.name, {"documents": documents, "events": pd.DataFrame(events)[TABLES["events"]]},
                      sorted(unknown))
