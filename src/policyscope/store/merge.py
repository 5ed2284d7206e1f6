"""One event per real-world policy: after every bundle is loaded, the records of the same policy held by
several sources (STIP Compass, the OECD.AI lists, AGORA, national AI strategies, CCLW, EEA, the Chinese lists,
Japan's law list) are merged into one event that keeps every source row in ``core.event_source``.

Rules (measured in docs/coverage.md "Merging", ``policyscope evaluate merge``):

- **blocking** by jurisdiction (and never across jurisdictions); only imported records (``origin`` a source
  name, ``review_state = 'auto'``) take part; two records of the same source are never merged (each source
  already lists a policy once), except the OECD.AI title list's exact duplicates;
- **match** when the document numbers are equal, or the normalised titles agree: English titles by
  token-sort similarity ≥ ``EN_MATCH`` (acronyms in parentheses, "artificial intelligence" = "AI", years and
  stop words removed), or equal acronyms with related titles; original-language titles (Chinese, Japanese:
  STIP's NameOriginalLanguage against the Chinese lists) by similarity ≥ ``ZH_MATCH`` after removing
  《》, 中华人民共和国 and the 关于印发…的通知 wrapper;
- **never** when both have a date and the years are more than ``MAX_YEARS`` apart (a "reported" date only says
  the policy existed by then, so it must not be earlier than the other date minus one year);
- **kept id** = the record of the highest-priority source (``SOURCE_PRIORITY``, then the smallest id), so the
  same event id survives every rebuild and reviews carry over; other records' source rows, evidence, amounts
  and history move onto it (one history row records the merge); empty fields are filled from the others in priority order, the most precise date
  wins, domains are united, and ``provenance.fields`` says which source gave title, date, issuer… .
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

SOURCE_PRIORITY = ("landmarks", "lawrefbook", "china_gov", "mee", "agora", "nat_ai", "oecd_ai", "stip",
                   "oecd_ai_list", "cclw", "eea_pams", "japan_laws")
DUPLICATE_PRONE = ("oecd_ai_list",)  # sources known to list one policy twice
LATEST_VERSION_SOURCES = ("agora", "lawrefbook")  # their date is the latest activity or version
EN_MATCH = 90.0
EN_GENERIC_MATCH = 70.0
ZH_MATCH = 90.0
ACRONYM_TITLE_MIN = 50.0
CANDIDATE_MIN = 60.0  # pairs scored at least this are candidates (the labelled sample is drawn from them)
MAX_YEARS = 2
FILL_FIELDS = ("title_en", "title_zh", "title_zh_origin", "title_original", "title_lang", "doc_number", "issuer",
               "description", "url", "subdivision", "date_issued", "date_published", "date_in_force")
_STOP = {"the", "of", "and", "for", "on", "a", "an", "in", "to", "its", "de", "la", "le", "des", "du", "et", "der",
         "die", "und", "el", "los", "del", "y"}
_PREC = {"day": 0, "month": 1, "year": 2}
_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}
# words whose presence in one title and absence in the other does not make two policies different
GENERIC = {"national", "federal", "new", "programme", "program", "plan", "initiative", "policy", "project",
           "framework", "report", "resolution", "communication", "white", "paper", "document", "no", "nr",
           "government", "s", "our", "towards", "launch", "establishment", "creation", "executive", "order",
           "decree", "law", "act", "public", "office", "official", "strategic", "development", "draft", "vision",
           "a"}
# words that name a subject: a title with one and a title without are different policies
TOPIC = {"ai", "data", "digital", "cyber", "cybersecurity", "quantum", "energy", "climate", "hydrogen", "health",
         "space", "research", "innovation", "education", "skills", "cloud", "semiconductor", "semiconductors",
         "battery", "forest", "transport", "industry", "industrial", "science", "technology", "ict", "blockchain",
         "robotics", "privacy", "security", "agriculture", "water", "biodiversity", "adaptation", "first",
         "second", "third", "fourth", "fifth", "update", "regulation", "amendment", "pilot", "interim",
         "operationalizing", "part"}


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_ACR = re.compile(r"\(([A-Z][A-Za-z0-9.&-]{1,12}(?: (?:\d{2,4}|[A-Z]{2,6}))?)\)")
_PAREN = re.compile(r"\(([^()]{12,120})\)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_GENERIC_ACR = {"eu", "ec", "eec", "uk", "us", "usa", "un", "oecd", "ai", "ict", "it", "rd", "r&d", "sme", "smes"}


def acronyms(title: str) -> set[str]:
    """Acronyms written in parentheses (``(GDPR)``, ``(RT 2012)``, ``(AI ACT)``), without generic ones (EU, AI)."""
    out = set()
    if "(" not in title:
        return set()
    for a in _ACR.findall(title):
        if sum(ch.isupper() for ch in a) >= 2:
            key = re.sub(r"[ .]", "", a).lower()
            if key not in _GENERIC_ACR:
                out.add(key)
    return out


def aliases(title: str) -> list[str]:
    """Names given in parentheses (``… (Artificial Intelligence Act)``), normalised; three words or more."""
    if "(" not in title:
        return []
    return [n for n in (norm_en(a) for a in _PAREN.findall(title)) if len(n.split()) >= 3]


_SUBS = [(re.compile(p), r) for p, r in (
    (r"\([^)]*\)", " "), (r"\be-(?=[a-z])", "e"),
    (r"\b(?:no|nr|n|nº|number)\.? ?\d+\b", " no "),  # document numbers
    (r"\b1\.0\b", " "),  # the first version is the policy itself
    (r"(?<=[a-z0-9])\.(?=[a-z0-9])", ""), (r"\b(19|20)\d\d\b", " "), (r"[^a-z0-9]+", " "))]
_ORD = re.compile(r"\b(1st|2nd|3rd|4th|5th)\b")


@cache
def norm_en(title: str | None) -> str:
    """Lower-case ASCII words without parentheses, years, punctuation and stop words; AI spelt out."""
    if not isinstance(title, str):
        return ""
    t = (title if title.isascii() else _ascii(title)).lower()
    t = t.replace("&", " and ").replace("artificial intelligence", " ai ").replace("a.i.", " ai ")
    t = _ORD.sub(lambda m: _ORDINALS[m.group(1)], t)
    for pat, rep in _SUBS:
        t = pat.sub(rep, t)
    return " ".join(w for w in t.split() if w not in _STOP)


_ZH_WRAP = re.compile(r"^(?:.*?关于)?(?:印发|发布|转发|公布)?《?(.+?)》?的?(?:通知|决定|公告|令)?$")


def norm_cjk(title: str | None) -> str:
    """Chinese/Japanese title without brackets, punctuation, the PRC prefix and the 关于印发…的通知 wrapper."""
    if not isinstance(title, str) or not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title):
        return ""
    t = re.sub(r"[\s《》〈〉“”\"'（）()【】\[\]、，,。:：；;·]", "", title)
    t = t.replace("中华人民共和国", "")
    m = re.search(r"关于印发(.+?)的通知$", t)
    if m:
        t = m.group(1)
    t = re.sub(r"[（(]?(?:19|20)\d\d[-—～~]?(?:(?:19|20)\d\d)?年?[)）]?", "", t)
    return t


_REGION = re.compile(r"^(?:[^\s（(《]{0,12}?关于印发《?)?([\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区|市))")
_NOT_REGION = ("城市", "超市", "都市")


def region_prefix(title: str) -> str:
    """The province or city a Chinese title starts with (山东省…, 上海市…, 关于印发《上海市…), '' when none: a
    provincial regulation is never the national one of the same name."""
    m = _REGION.match(title.replace("人民政府", "").replace("办公厅", "")) if title else None
    if not m or any(m.group(1).endswith(w) for w in _NOT_REGION):
        return ""
    return m.group(1)


def norm_docno(s: str | None) -> str:
    if not isinstance(s, str):
        return ""
    return re.sub(r"[\s〔〕\[\]()（）【】]", "", s).replace("第", "").lower()


@dataclass
class Rec:
    """The fields of an event the match rules read."""

    id: str
    source: str
    jurisdiction: str
    en: str
    cjk: str
    acr: frozenset[str]
    years: frozenset[int]
    alias: tuple[str, ...]
    region: str  # province or city a Chinese title starts with
    subdivision: str
    docno: str
    year: int | None
    kind: str | None
    sources: frozenset[str] = frozenset()  # every source already merged into this event (a rebuild re-merges)


def _s(v: object) -> str:
    return v if isinstance(v, str) else ""


def curated_aliases(row: dict[str, Any]) -> list[str]:
    """The other names a curated landmark lists (``provenance.aliases``), normalised (English and CJK forms)."""
    prov = row.get("provenance")
    if row.get("origin") != "landmarks" or not isinstance(prov, str) or not prov:
        return []
    names = json.loads(prov).get("aliases", [])
    return [n for a in names for n in (norm_en(a) if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", a) else "",
                                       norm_cjk(a)) if n]


def record(row: dict[str, Any]) -> Rec:
    """The match fields of one event row (as read from core.event or a labelled pair file)."""
    title = _s(row.get("title_en")) or _s(row.get("title"))
    date = row.get("date")
    year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else getattr(date, "year", None)
    cjk = norm_cjk(_s(row.get("title_zh"))) or norm_cjk(_s(row.get("title_original"))) or norm_cjk(_s(row.get("title")))
    return Rec(id=row["id"], source=row["origin"], jurisdiction=row["jurisdiction"],
               en=norm_en(title if not _HAN_RE.search(title) else ""), cjk=cjk,
               acr=frozenset(acronyms(_s(row.get("title"))) | acronyms(title)),
               years=frozenset(int(y) for y in _YEAR.findall(_s(row.get("title")) + " " + title)),
               alias=tuple(aliases(_s(row.get("title"))) + aliases(title) + curated_aliases(row)),
               region=region_prefix(_s(row.get("title_zh")) or _s(row.get("title"))),
               subdivision=_s(row.get("subdivision")),
               docno=norm_docno(_s(row.get("doc_number"))), year=year,
               # AGORA dates are the most recent activity and LawRefBook's the current version's (an amendment can
               # be years after adoption): like a "reported" date they only say the policy existed by then
               kind="reported" if row["origin"] in LATEST_VERSION_SOURCES else _s(row.get("date_kind")) or None,
               sources=frozenset(row.get("sources") or ()) | {row["origin"]})


def dates_compatible(a: Rec, b: Rec) -> bool:
    if a.year is None or b.year is None:
        return True
    if a.kind == "reported" and b.kind != "reported":
        return a.year >= b.year - 1
    if b.kind == "reported" and a.kind != "reported":
        return b.year >= a.year - 1
    return abs(a.year - b.year) <= MAX_YEARS


def scores(a: Rec, b: Rec) -> dict[str, float]:
    """Similarity features of a pair (0–100)."""
    return {
        "en": fuzz.token_sort_ratio(a.en, b.en) if a.en and b.en else 0.0,
        "cjk": fuzz.ratio(a.cjk, b.cjk) if a.cjk and b.cjk else 0.0,
        "acronym": 100.0 if a.acr & b.acr else 0.0,
        "en_partial": fuzz.token_set_ratio(a.en, b.en) if a.en and b.en else 0.0,
        "docno": 100.0 if a.docno and a.docno == b.docno else 0.0,
    }


@cache
def _jwords(code: str) -> frozenset[str]:
    """Words naming a jurisdiction (``uk``, ``britain``, ``austrian``), which titles add or leave out."""
    from policyscope.model import registry

    try:
        j = registry().get(code)
    except (KeyError, ValueError):
        return frozenset()
    words = set(norm_en(j.name_en).split()) | {code.lower(), (j.iso2 or "").lower()}
    words |= {w + suf for w in list(words) for suf in ("n", "an", "ian", "ish", "ese", "s")}
    words |= {w[:-1] for w in list(words) if w.endswith("n")}
    return frozenset(words | {w.rstrip("a") + "an" for w in list(words)} | _EXTRA_JWORDS.get(code, set()))


_EXTRA_JWORDS = {"GBR": {"uk", "britain", "british", "england", "english"}, "USA": {"us", "american", "america"},
                 "EU": {"eu", "europe", "european", "union", "community"}, "NLD": {"dutch", "holland"},
                 "CHN": {"chinese", "prc"}, "KOR": {"korean", "republic"}, "CHE": {"swiss"}, "FRA": {"french"},
                 "DEU": {"german"}, "DNK": {"danish"}, "FIN": {"finnish", "finlands"}, "TUR": {"turkish", "turkiye"},
                 "NOR": {"norwegian"}, "SWE": {"swedish"}, "IRL": {"irish"}, "ISL": {"icelandic"},
                 "ESP": {"spanish"}, "ITA": {"italian"}, "POL": {"polish"}, "PRT": {"portuguese"}, "CZE": {"czech"},
                 "GRC": {"greek", "hellenic"}, "HUN": {"hungarian"}, "ZAF": {"african"}, "NZL": {"zealand"},
                 "JPN": {"japanese"}, "IND": {"indian"}, "ISR": {"israeli"}, "THA": {"thai"}, "VNM": {"vietnamese"},
                 "BEL": {"belgian", "flemish", "walloon", "flanders", "wallonia"}, "CAN": {"canadian"},
                 "AUS": {"australian"}, "ARG": {"argentine", "argentinian"}, "MEX": {"mexican"},
                 "BRA": {"brazilian"}, "LUX": {"luxembourgish"}, "SVN": {"slovenian"}, "SVK": {"slovak"}}


def _content_diff(a: Rec, b: Rec) -> set[str]:
    """Words in one title and not the other that are neither generic nor a jurisdiction's name; numbers of three
    digits or more (document numbers) do not count, shorter ones (versions, parts) do."""
    ta, tb = set(a.en.split()), set(b.en.split())
    ta = {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in ta}
    tb = {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in tb}
    skip = GENERIC | _jwords(a.jurisdiction)
    return {w for w in ta ^ tb if w not in skip and not (w.isdigit() and len(w) >= 3)}


def _alias_hit(a: Rec, b: Rec) -> bool:
    """One record's title equals (or nearly, for English) a name the other gives in parentheses or as alias."""
    for x, y in ((a, b), (b, a)):
        for al in x.alias:
            if al and (al == y.en or al == y.cjk or (y.en and fuzz.token_sort_ratio(al, y.en) >= 95)):
                return True
    return False


def decide(a: Rec, b: Rec) -> tuple[bool, str]:
    """Whether two records are the same policy, and the rule that said so (or why not)."""
    if a.jurisdiction != b.jurisdiction:
        return False, "different jurisdictions"
    shared = a.sources & b.sources  # a source lists a policy once (the OECD.AI list's exact duplicates aside)
    if shared and not (shared == {a.source} == {b.source} and a.source in DUPLICATE_PRONE and a.en == b.en and a.en):
        return False, "same source"
    if "landmarks" in (a.source, b.source) and _alias_hit(a, b):
        return True, "curated landmark name"
    if a.docno and b.docno and a.docno != b.docno:
        return False, "different document numbers"
    if (a.subdivision and b.subdivision and a.subdivision != b.subdivision) or (
            a.region != b.region and not ((not a.region and a.subdivision) or (not b.region and b.subdivision))):
        return False, "different sub-national units"
    if not dates_compatible(a, b):
        return False, "dates too far apart"
    if a.years and b.years and not a.years & b.years:
        return False, "different years in the titles"
    s = scores(a, b)
    if s["docno"]:
        return True, "document number"
    if s["cjk"] >= ZH_MATCH:
        return True, "original-language title"
    if a.en and b.en:
        diff = _content_diff(a, b)
        if not diff and s["en"] >= EN_GENERIC_MATCH:
            return True, "English title (only generic words differ)"
        if (s["en"] >= EN_MATCH and len(diff) <= 1 and not diff & TOPIC
                and min(len(a.en.split()), len(b.en.split())) >= 5):
            return True, "English title"
        if _alias_hit(a, b):
            return True, "name in parentheses"
    if s["acronym"] and s["en_partial"] >= ACRONYM_TITLE_MIN:
        return True, "acronym"
    return False, "titles differ"


def _frame(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The imported records that take part in the merge, as dicts (fetched as tuples: faster than a frame)."""
    srcs = ", ".join(f"'{s}'" for s in SOURCE_PRIORITY)
    cur = con.execute(
        "SELECT id, origin, jurisdiction, subdivision, title, title_en, title_zh, title_original, date, date_precision, "
        "date_kind, doc_number, CAST(provenance AS VARCHAR) AS provenance, "
        "(SELECT list(DISTINCT s.source) FROM core.event_source s WHERE s.event_id = e.id) AS sources "
        "FROM core.event e WHERE review_state = 'auto' AND origin IN (" + srcs + ") ORDER BY id"
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def candidate_pairs(rows: list[dict[str, Any]], low: float = CANDIDATE_MIN) -> list[tuple[Rec, Rec, float]]:
    """Pairs of records of one jurisdiction whose best title similarity is at least ``low`` (or that share a
    document number or acronym), each once, with that similarity."""
    recs = [record(r) for r in rows]
    by_j: dict[str, list[Rec]] = {}
    for r in recs:
        by_j.setdefault(r.jurisdiction, []).append(r)
    out: dict[tuple[str, str], tuple[Rec, Rec, float]] = {}
    for block in by_j.values():
        if len(block) < 2:
            continue
        for key, scorer in (("en", fuzz.token_sort_ratio), ("cjk", fuzz.ratio)):
            per_src: dict[str, list[Rec]] = {}
            for r in block:
                if getattr(r, key):
                    per_src.setdefault(r.source, []).append(r)
            names = sorted(per_src)
            for x, sa in enumerate(names):
                # across sources only (a source lists a policy once), within the duplicate-prone ones too
                for sb in names[x:] if sa in DUPLICATE_PRONE else names[x + 1:]:
                    left, right = per_src[sa], per_src[sb]
                    mat = process.cdist([getattr(r, key) for r in left], [getattr(r, key) for r in right],
                                        scorer=scorer, score_cutoff=low, dtype=np.uint8, workers=1)
                    if sa == sb:
                        mat = np.triu(mat, k=1)
                    for i, j in zip(*(v.tolist() for v in np.nonzero(mat)), strict=True):
                        a, b = left[i], right[j]
                        k = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                        sc = float(mat[i, j])
                        if k not in out or out[k][2] < sc:
                            out[k] = (a, b, sc)
        for attr in ("docno", "acr", "names"):
            groups: dict[object, list[Rec]] = {}
            for r in block:
                keys = ([r.docno] if attr == "docno" else sorted(r.acr) if attr == "acr"
                        else sorted({r.en, r.cjk, *r.alias} - {""}))
                for v in keys:
                    if v:
                        groups.setdefault(v, []).append(r)
            for grp in groups.values():
                if len(grp) > 20:  # a generic acronym (AI, EU) links nothing
                    continue
                for i in range(len(grp)):
                    for j in range(i + 1, len(grp)):
                        a, b = grp[i], grp[j]
                        if a.id == b.id or (a.source == b.source and a.source not in DUPLICATE_PRONE):
                            continue
                        k = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                        out.setdefault(k, (a, b, 0.0))
    return list(out.values())


def _rank(source: str) -> int:
    return SOURCE_PRIORITY.index(source) if source in SOURCE_PRIORITY else len(SOURCE_PRIORITY)


def clusters(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Groups of event ids to merge (each of two or more), kept id first."""
    pairs = []
    for a, b, _ in candidate_pairs(rows):
        ok, _why = decide(a, b)
        if ok:
            s = scores(a, b)
            pairs.append((-max(s["docno"], s["cjk"], s["en"], s["acronym"]), min(a.id, b.id), max(a.id, b.id), a, b))
    pairs.sort(key=lambda p: p[:3])
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    sources: dict[str, set[str]] = {}
    src_of: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for *_k, a, b in pairs:
        for r in (a, b):
            if r.id not in parent:
                parent[r.id], members[r.id], sources[r.id], src_of[r.id] = r.id, {r.id}, set(r.sources), r.source
        ra, rb = find(a.id), find(b.id)
        if ra == rb:
            continue
        overlap = sources[ra] & sources[rb]
        if overlap and not (a.source == b.source and overlap == {a.source}):
            continue  # would put two records of one source into one event (unless this pair is a duplicate)
        parent[rb] = ra
        members[ra] |= members.pop(rb)
        sources[ra] |= sources.pop(rb)
    out = []
    for root, ids in members.items():
        if len(ids) > 1 and find(root) == root:
            out.append(sorted(ids, key=lambda i: (_rank(src_of[i]), i)))
    return sorted(out)


def _better_date(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether b's date is better than a's: present, more precise, not merely 'reported'."""
    if b.get("date") is None or pd.isna(b.get("date")):
        return False
    if a.get("date") is None or pd.isna(a.get("date")):
        return True
    ka = (_PREC.get(a.get("date_precision") or "year", 2), a.get("date_kind") == "reported")
    kb = (_PREC.get(b.get("date_precision") or "year", 2), b.get("date_kind") == "reported")
    return kb < ka


def _merged_row(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, str], dict[str, list[str]]]:
    """The kept event's new values, the per-field provenance and the fields each source row supplied."""
    kept = dict(rows[0])
    prov = {f: kept["origin"] for f in ("title", "type", "jurisdiction") if kept.get(f)}
    supplied: dict[str, list[str]] = {r["id"]: [] for r in rows}
    supplied[kept["id"]] = [f for f in ("title", "type", "jurisdiction")]
    for f in FILL_FIELDS:
        if kept.get(f) is not None and not (isinstance(kept.get(f), float) and pd.isna(kept.get(f))):
            prov[f] = kept["origin"]
            supplied[kept["id"]].append(f)
            continue
        for r in rows[1:]:
            v = r.get(f)
            if v is not None and not (isinstance(v, float) and pd.isna(v)) and v is not pd.NaT:
                kept[f] = v
                prov[f] = r["origin"]
                supplied[r["id"]].append(f)
                break
    best = rows[0]
    for r in rows[1:]:
        if _better_date(best, r):
            best = r
    for f in ("date", "date_precision", "date_kind", "date_missing_reason"):
        kept[f] = best.get(f)
    if best.get("date") is not None and not pd.isna(best.get("date")):
        prov["date"] = best["origin"]
        supplied[best["id"]].append("date")
        kept["date_missing_reason"] = None
    if kept.get("type") == "other":
        alt = next((r for r in rows[1:] if r.get("type") not in (None, "other")), None)
        if alt:
            kept["type"], prov["type"] = alt["type"], alt["origin"]
            supplied[alt["id"]].append("type")
    if kept.get("status") == "unknown":
        alt = next((r for r in rows[1:] if r.get("status") not in (None, "unknown")), None)
        if alt:
            kept["status"], prov["status"] = alt["status"], alt["origin"]
            supplied[alt["id"]].append("status")
    doms: list[str] = []
    for r in rows:
        domains = r.get("domains")
        for d in list(domains if domains is not None else []):
            if d not in doms:
                doms.append(d)
    kept["domains"] = doms
    return kept, prov, supplied


def _fill_levels(con: duckdb.DuckDBPyConnection, srcs: str) -> None:
    """Give a level to imported events whose source sets none (round 1's AGORA, OECD.AI subset, national AI
    strategies): AGORA's "U.S. state and local laws" are sub-national, the rest follow the jurisdiction's kind."""
    con.execute("UPDATE core.event SET level = 'subnational' WHERE level IS NULL AND origin = 'agora' AND document_id "
                "IN (SELECT id FROM core.document WHERE json_extract_string(meta, '$.collections') "
                "LIKE '%state and local%')")
    _fill_subdivisions(con)
    con.execute("UPDATE core.event SET level = CASE WHEN j.kind = 'supranational' THEN 'supranational' "
                "WHEN j.kind IN ('country', 'territory') THEN 'national' ELSE 'international' END "
                f"FROM core.jurisdiction j WHERE core.event.level IS NULL AND j.code = core.event.jurisdiction "
                f"AND core.event.origin IN ({srcs})")


_STATE_OF_DOCUMENT = "json_extract_string(d.meta, '$.subnational')"


def _fill_subdivisions(con: duckdb.DuckDBPyConnection) -> None:
    """AGORA names the state of a state law (its document's ``subnational``): the event gets that state's ISO
    3166-2 code, as the Chinese and Belgian sources give theirs, so a reader can ask for California's laws. A
    name that is not one first-level unit of the event's country ("New York City") is left without a code."""
    rows = con.execute(
        f"SELECT DISTINCT e.jurisdiction, {_STATE_OF_DOCUMENT} FROM core.event e JOIN core.document d "
        f"ON d.id = e.document_id WHERE e.origin = 'agora' AND e.subdivision IS NULL AND {_STATE_OF_DOCUMENT} "
        "IS NOT NULL").fetchall()
    for juris, name in rows:
        code = first_level_unit(juris, name)
        if code:
            con.execute(f"UPDATE core.event SET subdivision = ? FROM core.document d WHERE d.id = "
                        f"core.event.document_id AND core.event.origin = 'agora' AND core.event.subdivision IS NULL "
                        f"AND core.event.jurisdiction = ? AND {_STATE_OF_DOCUMENT} = ?", [code, juris, name])


def first_level_unit(country: str, name: str) -> str | None:
    """ISO 3166-2 code of a first-level unit of ``country`` (ISO alpha-3) by its exact English name."""
    import pycountry

    c = pycountry.countries.get(alpha_3=country)
    if c is None:
        return None
    units = pycountry.subdivisions.get(country_code=c.alpha_2) or []  # type: ignore[no-untyped-call]
    found = [u.code for u in units if u.name == name and getattr(u, "parent_code", None) is None]
    return found[0] if len(found) == 1 else None


def merge_events(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:  # counts, and "seconds"
    """Merge the loaded records of the same policy (see module doc); returns counts for the build summary.
    Runs after every load of sources (build, ``sources import``), so it also sets what follows from the amounts
    the sources state once they sit on their final events."""
    out = _fold_records(con)
    _stated_amount_usd(con)
    return out


def _stated_amount_usd(con: duckdb.DuckDBPyConnection) -> None:
    """An event's ``amount_usd`` is at least the largest amount a source states for it (an extracted amount may
    be larger)."""
    con.execute("UPDATE core.event SET amount_usd = a.m FROM (SELECT event_id, max(usd) AS m FROM core.amount "
                "WHERE source IS NOT NULL GROUP BY event_id) a WHERE core.event.id = a.event_id "
                "AND coalesce(core.event.amount_usd, -1) < a.m")


def _fold_records(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    t0 = time.perf_counter()
    srcs = ", ".join(f"'{s}'" for s in SOURCE_PRIORITY)
    con.execute("UPDATE core.event SET date_missing_reason = 'the source (' || origin || ') gives no date' "
                f"WHERE date IS NULL AND date_missing_reason IS NULL AND origin IN ({srcs})")
    # a re-import re-creates records that an earlier merge folded into another event: their source row already
    # points there (event_source keeps one row per source record), so the re-created copy goes again
    ghosts = (f"SELECT id FROM core.event WHERE review_state = 'auto' AND origin IN ({srcs}) AND id NOT IN "
              "(SELECT event_id FROM core.event_source)")
    for table in ("core.evidence", "core.amount"):
        con.execute(f"DELETE FROM {table} WHERE event_id IN ({ghosts})")
    con.execute(f"DELETE FROM core.event_history WHERE action = 'import' AND event_id IN ({ghosts})")
    con.execute(f"DELETE FROM core.event WHERE id IN ({ghosts})")
    _fill_levels(con, srcs)
    df = _frame(con)
    groups = clusters(df)
    if not groups:
        return {"merged_events": 0, "records_folded": 0, "seconds": round(time.perf_counter() - t0, 2)}
    ids = sorted({i for g in groups for i in g})
    con.execute("CREATE OR REPLACE TEMP TABLE _mids (id VARCHAR)")
    con.executemany("INSERT INTO _mids VALUES (?)", [(i,) for i in ids])
    full = con.execute("SELECT * FROM core.event WHERE id IN (SELECT id FROM _mids)").df()
    by_id = {r["id"]: r for r in full.to_dict("records")}
    moves, updates, srcfields = [], [], []
    for g in groups:
        rows = [by_id[i] for i in g]
        kept, prov, supplied = _merged_row(rows)
        old = rows[0].get("provenance")
        base = json.loads(old) if isinstance(old, str) and old else {}
        base.update({"fields": prov, "merged_from": g[1:]})
        kept["provenance"] = json.dumps(base, ensure_ascii=False)
        updates.append(kept)
        moves += [(dup, g[0]) for dup in g[1:]]
        srcfields += [(i, json.dumps(sorted(set(f)))) for i, f in supplied.items()]
    upd = pd.DataFrame(updates)
    cols = ["id", "date", "date_precision", "date_kind", "date_missing_reason", "type", "status", "domains",
            "provenance", *FILL_FIELDS]
    upd = upd[cols]
    upd["domains"] = upd["domains"].map(list)
    con.register("_upd", upd)
    con.execute("CREATE OR REPLACE TEMP TABLE _moves (dup VARCHAR, kept VARCHAR)")
    con.executemany("INSERT INTO _moves VALUES (?, ?)", moves)
    con.execute("CREATE OR REPLACE TEMP TABLE _fields (id VARCHAR, fields VARCHAR)")
    con.executemany("INSERT INTO _fields VALUES (?, ?)", srcfields)
    try:
        sets = ", ".join(
            f"{c} = CAST(_upd.{c} AS DATE)" if c.startswith("date_") and c not in ("date_precision", "date_kind",
                                                                                     "date_missing_reason")
            else f"{c} = CAST(_upd.{c} AS JSON)" if c == "provenance"
            else f"{c} = CAST(_upd.{c} AS DATE)" if c == "date"
            else f"{c} = _upd.{c}" for c in cols[1:])
        con.execute(f"UPDATE core.event SET {sets} FROM _upd WHERE core.event.id = _upd.id")
        con.execute("UPDATE core.event_source SET fields = CAST(f.fields AS JSON) FROM _fields f "
                    "WHERE core.event_source.event_id = f.id")
        for table in ("core.event_source", "core.evidence", "core.amount", "core.event_history"):
            con.execute(f"UPDATE {table} SET event_id = m.kept FROM _moves m WHERE {table}.event_id = m.dup")
        # action 'import': the merge is part of loading the sources (carry-over keeps only people's actions)
        con.execute("INSERT INTO core.event_history (event_id, actor, action, after) "
                    "SELECT kept, 'build', 'import', json_object('merged', list(dup ORDER BY dup)) "
                    "FROM _moves GROUP BY kept")
        con.execute("DELETE FROM core.event WHERE id IN (SELECT dup FROM _moves)")
    finally:
        con.unregister("_upd")
        for t in ("_mids", "_moves", "_fields"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    return {"merged_events": len(groups), "records_folded": len(moves), "seconds": round(time.perf_counter() - t0, 2)}


def evaluate_pairs(path: str) -> dict[str, Any]:
    """Precision and recall of :func:`decide` on a hand-labelled pair file (columns ``same``, ``<field>_a``,
    ``<field>_b``; see bench/merge_sample.py), with the disagreements for inspection."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "same" not in df.columns or df["same"].isin(["0", "1"]).sum() != len(df):
        raise ValueError(f"{path}: every row needs a label 0 or 1 in column 'same'")
    tp = fp = fn = tn = 0
    wrong = []
    for r in df.to_dict("records"):
        a = record({k[:-2]: v for k, v in r.items() if k.endswith("_a")})
        b = record({k[:-2]: v for k, v in r.items() if k.endswith("_b")})
        pred, why = decide(a, b)
        gold = r["same"] == "1"
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        tn += not pred and not gold
        if pred != gold:
            wrong.append({"kind": "false merge" if pred else "missed", "jurisdiction": a.jurisdiction,
                          "a": f"{a.source}: {r['title_a']}", "b": f"{b.source}: {r['title_b']}", "rule": why})
    return {"pairs": len(df), "same": tp + fn, "different": fp + tn, "true_merges": tp, "false_merges": fp,
            "missed": fn, "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None, "disagreements": wrong}
