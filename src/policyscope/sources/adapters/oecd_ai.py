"""OECD.AI national AI policy initiatives (a 300-row subset of AI regulatory frameworks, downloaded
2024-05-02) → events with origin ``oecd_ai``.

Licence decision for the two other OECD.AI files: the VC-in-AI series is Preqin data and the AI-talent
migration series is LinkedIn data. OECD.AI publishes them as visualisations of *partner* data whose reuse is
governed by the partners' terms, not by the OECD's CC BY 4.0 — neither Preqin nor LinkedIn grants an open
licence. They are therefore NOT bundled. The :class:`OECDAIPartnerData` adapter below (``bundled = False``)
parses them so that a user who holds the files can load them into their own database with
``policyscope sources import oecd_ai_partner FILE…``, and so that tests read them from the shared folder.

The policy subset has no dates; events carry none (``date`` empty) and status ``unknown``. Its
``Invalid/irrelevant source`` column is the subset author's judgement of the linked source, not of the
initiative, so every row is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from policyscope.model.entities import PolicyEvent
from policyscope.sources.base import TABLES, Bundle, SourceAdapter, SourceError
from policyscope.sources.names import map_names
from policyscope.sources.registry import register

LICENCE = "OECD.AI: CC BY 4.0 (OECD); cite OECD.AI policy observatory"
PARTNER_LICENCE = "Partner data (Preqin, LinkedIn) under the partners' terms — not an open licence; not bundled"
NEED = {"Policy initiative ID", "Platform URL", "English name", "Original name(s)", "Country",
        "Responsible organisation(s)", "Public access URL"}
EXTRA = {"European Union": "EU", "United Nations (UN)": "UN", "African Union": "AFU", "Korea": "KOR",
         "Slovak Republic": "SVK", "Russian Federation": "RUS", "Türkiye": "TUR"}

# first match on the lower-cased English name wins
NAME_TYPES: list[tuple[str, str]] = [
    (r"\bstrateg", "strategy"),
    (r"\blaw\b|\bact\b|\bbill\b|regulat|decree|directive|ordinance|\bcode\b(?! of conduct)|legislation|"
     r"executive order|resolution|\bexport\b", "law_regulation"),
    (r"\bstandard", "standard"),
    (r"guideline|\bguide\b|principles|ethic|code of conduct|charter|recommendation|framework|governance|"
     r"toolkit|certification|guidance|gudance|commitments|trust stamp", "ethics_guideline"),
    (r"declaration|partnership|agreement|cooperation|memorandum|alliance", "cooperation"),
    (r"\bfund|funding|grant|investment|budget", "funding_budget"),
    (r"\bplan\b|programme|programs?\b|project|initiative|roadmap|agenda|action|platform|portal|register|"
     r"catalogue|sandbox|deal\b|blueprint|portfolio|support|festival|dictionary|verify|website|list\b", "plan_program"),
    (r"council|committee|centre|center|agency|office|institute|authority|inspectorate|working group|"
     r"coalition|observatory|network|commission|board|forum|conference|hub|lab\b|task force|body\b|ministry|"
     r"consortium|working party", "institution"),
    (r"report|white paper|study|assessment|consultation|request for information|review|survey|analysis|"
     r"exploration|summary|position statement|perspectives|research|response|use cases|handbook|test\b",
     "assessment_report"),
]
_HAN = re.compile(r"[\u4e00-\u9fff]")


def event_type(name: str) -> str:
    low = name.lower()
    for pat, typ in NAME_TYPES:
        if re.search(pat, low):
            return typ
    return "other"


def _read(path: Path, need: set[str]) -> pd.DataFrame:
    SourceAdapter.require(path)
    try:
        df = pd.read_csv(path, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - reported with the file name
        raise SourceError(f"{path}: cannot read CSV ({type(exc).__name__}: {exc})") from exc
    missing = sorted(need - set(df.columns))
    if missing:
        raise SourceError(f"{path}: expected columns {sorted(need)}, missing {missing}")
    return df


def _text(v: object) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


@register
class OECDAIPolicies(SourceAdapter):
    name = "oecd_ai"
    title = "OECD.AI national AI policy initiatives (AI regulatory-framework subset, 2024-05)"
    licence = LICENCE
    origin = "v1alina/thesis corpus/corpus_selection.csv (commit 8835b88), OECD.AI download of 2024-05-02"
    processing = "one event per initiative: Country → jurisdiction, English name → title, type from the name"
    raw_paths = ("ai_index_2025_and_oecd_ai/oecd_ai/oecd_ai_policy_initiatives_ai_frameworks_subset_2024-05.csv",)

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = Path(paths[0])
        df = _read(path, NEED)
        mapping, unknown = map_names(df["Country"], extra=EXTRA)
        rows = []
        for r in df.to_dict("records"):
            pid = str(r["Policy initiative ID"]).strip()
            juris = mapping.get(str(r["Country"]))
            if juris is None:
                continue  # listed in unknown_names
            slug = re.sub(r"[^A-Za-z0-9]+", "_", pid.split("policyInitiatives/")[-1]).strip("_")
            name = str(r["English name"]).strip()
            original = _text(r["Original name(s)"])
            title_zh = original if (original and juris in ("CHN", "TWN", "HKG", "MAC") and _HAN.search(original)
                                    and "<" not in original) else None
            orgs = _text(r["Responsible organisation(s)"])
            try:
                ev = PolicyEvent(
                    id=f"ev_oecd_ai_{slug}", jurisdiction=juris, title=name, title_en=name, title_zh=title_zh,
                    issuer="; ".join(o.strip() for o in orgs.split("|")) if orgs else None, type=event_type(name),
                    domains=["ai"], status="unknown", origin="oecd_ai",
                    url=_text(r["Platform URL"]) or (_text(r["Public access URL"]) or "").split()[0] or None,
                )
            except ValidationError as exc:
                raise SourceError(f"{path}: initiative {pid} gives an invalid event: {exc}") from exc
            rows.append({"id": ev.id, "jurisdiction": ev.jurisdiction, "partners": ev.partners, "date": None,
                         "date_precision": None, "title": ev.title, "title_en": ev.title_en,
                         "title_zh": ev.title_zh, "issuer": ev.issuer, "type": ev.type, "domains": ev.domains,
                         "status": ev.status, "document_id": None, "line": None, "quote": None,
                         "confidence": ev.confidence, "origin": ev.origin, "url": ev.url})
        events = pd.DataFrame(rows, columns=TABLES["events"])
        if events["id"].duplicated().any():
            raise SourceError(f"{path}: duplicate policy initiative id {events['id'][events['id'].duplicated()].iloc[0]}")
        return Bundle(self.name, {"events": events}, unknown)


@register
class OECDAIPartnerData(SourceAdapter):
    """Preqin VC in AI and LinkedIn AI-talent migration as shown on OECD.AI — readable, never bundled."""

    name = "oecd_ai_partner"
    title = "OECD.AI partner data: VC investment in AI (Preqin), AI-talent migration (LinkedIn)"
    licence = PARTNER_LICENCE
    origin = "xingyuanzhao-project/ai_policy (commit 2b87000), OECD.AI visualisation downloads"
    processing = "VC: Country (ISO3) × Year → OECDAI.VC_AI; LinkedIn: Country (ISO2) × Year → OECDAI.AI_TALENT_MIGRATION"
    raw_paths = ("ai_index_2025_and_oecd_ai/oecd_ai/oecd_ai_vc_investment_in_ai_preqin.csv",
                 "ai_index_2025_and_oecd_ai/oecd_ai/oecd_ai_ai_talent_migration_linkedin.csv")
    bundled = False

    def read_raw(self, paths: list[Path]) -> Bundle:
        obs, codes, unknown = [], [], []
        for path in map(Path, paths):
            head = set(_read(path, set()).columns)
            if {"Country", "Sum_of_deals", "Year"} <= head:
                df = _read(path, {"Country", "INDUSTRY", "STAGE", "Sum_of_deals", "Year"})
                df = df[(df["INDUSTRY"] == "-- All industries --") & (df["STAGE"] == "VC")]
                code, col, unit = "OECDAI.VC_AI", "Sum_of_deals", "US$ million"
                codes.append((code, "Venture capital investment in AI (Preqin via OECD.AI)",
                              "人工智能风险投资额（Preqin数据，经合组织人工智能观察站）", unit,
                              "Sum of VC deals in AI firms, all industries, VC stage (Preqin, via OECD.AI)."))
            elif {"AI_skills_migration_per_10_000_LinkedIn_members", "Country", "Year"} <= head:
                df = _read(path, {"AI_skills_migration_per_10_000_LinkedIn_members", "Country", "Year"})
                code, col, unit = "OECDAI.AI_TALENT_MIGRATION", "AI_skills_migration_per_10_000_LinkedIn_members", \
                    "per 10,000 LinkedIn members"
                codes.append((code, "Net migration of AI-skilled LinkedIn members",
                              "人工智能技能人才净流入（每万名领英会员）", unit,
                              "Net inflow of LinkedIn members with AI skills per 10,000 members (LinkedIn, via OECD.AI)."))
            else:
                raise SourceError(f"{path}: not an OECD.AI VC or talent-migration file; columns {sorted(head)[:6]}")
            mapping, unk = map_names(df["Country"], extra={"UK": "GBR"})
            unknown += unk
            df = df[df["Country"].isin(mapping)]
            obs.append(pd.DataFrame({"indicator": code, "jurisdiction": df["Country"].map(mapping),
                                     "year": df["Year"].astype(int), "value": pd.to_numeric(df[col]).astype(float),
                                     "source": "OECD.AI (" + ("Preqin" if code.endswith("VC_AI") else "LinkedIn") + ")",
                                     "vintage": "OECD.AI download (ai_policy repo, 2b87000)"}).dropna(subset=["value"]))
        ind = pd.DataFrame([{"code": c, "name_en": a, "name_zh": b, "unit": u, "source": "OECD.AI",
                             "licence": PARTNER_LICENCE, "definition": d, "formula": None} for c, a, b, u, d in codes])
        return Bundle(self.name, {"indicators": ind, "observations": pd.concat(obs, ignore_index=True)}, unknown)
