"""Document-level accuracy on real official documents whose metadata is official, split deterministically
into a development part (rules are tuned on it) and a held-out TEST part (never looked at while writing
rules): a document is TEST when sha1("<set>:<id>") mod 5 == 0 (one in five).

Sets (all read in place from ``../shared/data``):

- ``mee``: Ministry of Ecology and Environment documents (Chinese text flattened onto one line, title, year,
  URL). Gold: title = the file's title; issuer = MEE or a body it administers (国家核安全局) or its General
  Office; signing year = the file's year (the publication year, so a document signed in late December and
  published in January counts as wrong); jurisdiction CHN.
- ``lawrefbook``: PRC national laws, administrative regulations, judicial interpretations and rules (Markdown).
  Gold: title = the file's official full title; date = the date in the file name (the version); issuer from the
  collection folder (laws → NPC or its Standing Committee, 行政法规 → State Council or the ministry whose decree
  promulgated it, 司法解释 → the Supreme People's Court / Procuratorate, 部门规章/X → X); jurisdiction CHN.
- ``nat_ai``: national AI strategies of European countries (English texts). Gold: title, year, country.
- ``agora``: AGORA U.S./China/EU AI-governance texts (English). Gold: the official name (scored on texts that
  state it), the authority (issuer: Congress, the President, a state's legislature or the agency; jurisdiction),
  the proposed or most recent date's year (scored on texts that state a date at all: many are section excerpts).

Everywhere a field is scored only where the text states it (a title or date the text never gives cannot be read
from it); the counts ``n`` say how many documents each figure rests on.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from policyscope.ingest.extract.dedupe import title_key
from policyscope.ingest.extract.docmeta import DocumentMeta, _us_states, document_meta

Progress = Callable[[str], None] | None
SETS = ("mee", "lawrefbook", "nat_ai", "agora")
FIELDS = ("title", "type", "issuer", "number", "date", "jurisdiction")


def is_test(set_name: str, key: str) -> bool:
    """The deterministic held-out split: one document in five, by hash of set and id."""
    return int(hashlib.sha1(f"{set_name}:{key}".encode()).hexdigest(), 16) % 5 == 0


@dataclass
class Gold:
    key: str
    text: str
    title: str | None = None
    type: str | None = None
    issuers: list[str] = field(default_factory=list)  # any one of them is right
    number: str | None = None
    date: str | None = None  # YYYY or YYYY-MM-DD: the signing (or version) date at the gold's precision
    dates_ok: list[str] = field(default_factory=list)  # other acceptable dates (e.g. several activity dates)
    jurisdiction: str | None = None


# -- loaders ------------------------------------------------------------------------------------------------

def _mee(data: Path) -> Iterator[Gold]:
    import pandas as pd

    p = data / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx"
    df = pd.read_excel(p)
    for _, r in df.iterrows():
        text = str(r["Policy_Content_raw"] or "")
        if not text.strip() or text == "nan":
            continue
        title = str(r["Policy_raw"]).strip()
        yield Gold(key=str(r["URL"]), text=text, title=title, issuers=["生态环境部", "国家核安全局", "生态环境部办公厅"],
                   date=str(int(r["Year"])), jurisdiction="CHN")


_LAW_FOLDERS = {"宪法相关法", "行政法", "经济法", "社会法", "民法商法", "刑法", "诉讼与非诉讼程序法", "民法典", "宪法"}


def _lawrefbook(data: Path) -> Iterator[Gold]:
    p = data / "china_laws_lawrefbook" / "lawrefbook_national_fulltext.jsonl.gz"
    with gzip.open(p, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            folder = r["category_folder"]
            if folder.startswith("案例") or folder == "其他":
                continue
            if folder in _LAW_FOLDERS:
                iss = ["全国人民代表大会常务委员会", "全国人民代表大会"]
            elif folder == "行政法规":
                iss = ["国务院", "*ministry"]
            elif folder == "司法解释":
                iss = ["最高人民法院", "最高人民检察院"]
            elif folder.startswith("部门规章/"):
                iss = [folder.split("/", 1)[1], "*ministry"]
            else:
                iss = []
            date = r.get("date_in_filename") or None
            if date:  # scored only where the text states that date (a 司法解释's 公布 date often is not)
                y, mo, d = (int(x) for x in date.split("-"))
                if not re.search(rf"{y}\s*年\s*{mo}\s*月\s*{d}\s*日", r["text"][:3000]):
                    date = None
            yield Gold(key=r["path"], text=r["text"], title=r["title"], issuers=iss, date=date, jurisdiction="CHN")


def _nat_ai(data: Path) -> Iterator[Gold]:
    d = data / "national_ai_strategies"
    from policyscope.model import registry

    with (d / "documents_metadata.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        fn = d / "text" / f"{r['Year']}-{r['Country Code']}-{r['Language']}.txt"
        if not fn.exists() or r["Language"] != "en":
            continue
        yield Gold(key=fn.name, text=fn.read_text(encoding="utf-8", errors="replace"), title=r["Title"],
                   date=r["Year"], jurisdiction=registry().resolve(r["Country"]).code)


def _agora(data: Path) -> Iterator[Gold]:
    d = data / "agora_ai_governance"
    csv.field_size_limit(2**31 - 1)
    with (d / "documents.csv").open(encoding="utf-8-sig") as f:
        meta = {r["AGORA ID"]: r for r in csv.DictReader(f)}
    with (d / "authorities.csv").open(encoding="utf-8-sig") as f:
        parent = {r["Name"]: (r["Jurisdiction"] or "") for r in csv.DictReader(f)}
    with (d / "fulltext.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            m = meta.get(str(r["agora_id"]))
            text = r.get("text") or ""
            if m is None or not text.strip():
                continue
            auth = m["Authority"]
            jur = {"United States": "USA", "China": "CHN"}.get(parent.get(auth, ""))
            if auth == "European Union":
                jur = "EU"
            iss = {"United States Congress": ["United States Congress"],
                   "Executive Office of the President": ["President of the United States"]}.get(auth)
            if iss is None and parent.get(auth) == "United States":
                # a state's legislature, else a federal agency under its own name
                iss = [f"{auth} Legislature"] if auth.lower() in _us_states() else [auth]
            dates = [x for x in (m["Proposed date"], m["Most recent activity date"]) if x[:4].isdigit()]
            if not _states_a_date(text):  # an excerpt that states no date cannot be dated from its text
                dates = []
            yield Gold(key=str(r["agora_id"]), text=text, title=m["Official name"], issuers=iss or [],
                       date=dates[0][:4] if dates else None, dates_ok=[x[:4] for x in dates], jurisdiction=jur)


LOADERS: dict[str, Callable[[Path], Iterator[Gold]]] = {"mee": _mee, "lawrefbook": _lawrefbook, "nat_ai": _nat_ai,
                                                        "agora": _agora}


# -- scoring ------------------------------------------------------------------------------------------------

def _states_a_date(text: str) -> bool:
    from policyscope.ingest.evaluate import _states_a_date as states

    return states(text)


def _norm(s: str) -> str:
    return title_key(re.sub(r"\s+", "", s))


def title_ok(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    a, b = _norm(pred), _norm(gold)
    return bool(a) and (a == b or fuzz.ratio(a, b) >= 90)


def _states_title(text: str, gold: str) -> bool:
    """The text names itself: its official name (before ', Section …' / ', Title …') stands in it."""
    g = re.split(r",\s*(?:Section|Sections|Title|Division|Subtitle|Part)\b", gold)[0]
    return _norm(g)[:30] in _norm(text[:40000])


def _issuer_ok(pred: list[str], gold: list[str]) -> bool:
    if not pred:
        return False
    for g in gold:
        if g == "*ministry":
            if any(re.search(r"(?:部|委员会|局|署|总局|行)$", p) for p in pred):
                return True
            continue
        if any(g == p or g in p or p in g for p in pred):
            return True
    return False


def _date_str(d: dt.date | None, prec: str) -> str | None:
    if d is None:
        return None
    return str(d.year) if prec == "year" else d.isoformat()


def score_document(set_name: str, g: Gold, m: DocumentMeta) -> dict[str, bool | None]:
    """Per field: True/False, or None when the gold does not say (not scored)."""
    out: dict[str, bool | None] = dict.fromkeys(FIELDS)
    if g.title and _states_title(g.text, g.title):  # a title the text never states cannot be read from it
        out["title"] = title_ok(m.title, g.title) or title_ok(m.short_title, g.title)
    if g.issuers:
        out["issuer"] = _issuer_ok(m.issuers + m.issuers_en, g.issuers)
    if g.date:
        prec = "year" if len(g.date) == 4 else "day"
        # a law's file date is its version's promulgation (公布) date; elsewhere the signing date is wanted
        if set_name == "lawrefbook":
            pred = max((d for d in (m.date_published, m.date_signed) if d), default=None)
        else:
            pred = m.date_signed or m.date_published or m.date
        got = _date_str(pred, prec)
        out["date"] = got is not None and (got == g.date or got in g.dates_ok)
    if g.jurisdiction:
        out["jurisdiction"] = m.jurisdiction == g.jurisdiction
    if set_name in ("mee", "lawrefbook"):
        # type: the kind word that ends the official title
        from policyscope.ingest.extract.docmeta import _kind_of

        want = _kind_of(g.title)
        if want:
            out["type"] = m.doc_type == want
        if set_name == "mee":
            num = re.search(r"[\u4e00-\u9fff]{1,12}[〔\[(（]\d{4}[〕\])）]\d{1,5}号", g.text[:300])
            if num and not re.search(r"[（(]$", g.text[max(0, num.start() - 1):num.start()]):
                out["number"] = bool(m.doc_number) and re.sub(r"\D", "", m.doc_number or "") == re.sub(r"\D", "", num.group())
    return out


def evaluate_documents(data_dir: Path, sets: list[str] | None = None, part: str = "both", limit: int | None = None,
                       progress: Progress = None, misses: int = 0) -> dict[str, Any]:
    """Per set, part (dev / test) and field: documents scored and accuracy. ``misses`` > 0 lists that many
    wrong DEV documents per field (never test ones) for rule writing."""
    data_dir = Path(data_dir)
    res: dict[str, Any] = {}
    for name in sets or list(SETS):
        if name not in LOADERS:
            raise ValueError(f"unknown set {name!r}; known: {', '.join(SETS)}")
        counts: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter()}
        wrong: dict[str, list[str]] = {}
        n = 0
        for g in LOADERS[name](data_dir):
            which = "test" if is_test(name, g.key) else "dev"
            if part != "both" and which != part:
                continue
            if limit is not None and n >= limit:
                break
            n += 1
            if progress:
                progress(f"{name}:{g.key[:30]}")
            m = document_meta(g.text)
            c = counts[which]
            c["documents"] += 1
            for f, ok in score_document(name, g, m).items():
                if ok is None:
                    continue
                c[f + "_n"] += 1
                c[f + "_ok"] += bool(ok)
                if not ok and which == "dev" and misses and len(wrong.setdefault(f, [])) < misses:
                    wrong[f].append(f"{g.key[:60]} | want {getattr(g, f if f != 'issuer' else 'issuers', None)!s:.80} "
                                    f"| got {_got(m, f)!s:.120}")
        res[name] = {p: _figures(c) for p, c in counts.items() if c["documents"]}
        if misses:
            res[name]["dev_misses"] = wrong
    return res


def _got(m: DocumentMeta, f: str) -> Any:
    return {"title": m.title, "type": m.doc_type, "issuer": m.issuers + m.issuers_en, "number": m.doc_number,
            "date": (m.date_signed, m.date_published, m.date), "jurisdiction": m.jurisdiction}[f]


def _figures(c: Counter[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": c["documents"]}
    for f in FIELDS:
        if c[f + "_n"]:
            out[f] = {"n": c[f + "_n"], "accuracy": round(c[f + "_ok"] / c[f + "_n"], 4)}
    return out


# -- newsletters and digests ------------------------------------------------------------------------------

NEWSLETTER_TARGETS = {"jurisdiction_accuracy": 0.9, "date_accuracy": 0.85, "amount_recall": 0.85,
                      "event_precision": 0.8, "named_recall": 0.9}


NEWSLETTER_PARTS = {"dev": ("dev",), "test": ("test", "test2", "test3"), "both": ("dev", "test", "test2", "test3")}


def evaluate_newsletters(folder: Path, part: str = "both") -> dict[str, Any]:
    """Event-level accuracy on multi-article newsletters and digests (``dev_*`` / ``test_*`` / ``test2_*`` /
    ``test3_*`` files, each with a ``.gold.jsonl`` of its events: title, jurisdiction, date, amounts and a quote
    locating it). Each
    document goes through the whole ingest path (reader → document metadata → extraction), as a user's would.
    ``test2`` and ``test3`` are held-out sets of rows drawn with a seed from the shared data (the folder's README);
    ``part="test"`` reports the held-out sets, each on its own."""
    from policyscope.ingest.evaluate import score_gold_document
    from policyscope.ingest.pipeline import extract_document
    from policyscope.ingest.readers import ReadOptions, read_path

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"newsletter folder not found: {folder}")
    keys = ("gold", "predicted", "named_gold", "named_found", "matched", "jur_ok", "date_total", "date_ok",
            "gold_amounts", "amounts_found", "pred_amounts", "pred_amounts_ok", "pred_correct")
    out: dict[str, Any] = {}
    for which in NEWSLETTER_PARTS[part]:
        tot: Counter[str] = Counter()
        docs: dict[str, Any] = {}
        for gf in sorted(folder.glob(f"{which}_*.gold.jsonl")):
            stem = gf.name.removesuffix(".gold.jsonl")
            src = next((p for p in sorted(folder.glob(stem + ".*")) if not p.name.endswith(".gold.jsonl")), None)
            if src is None:
                raise FileNotFoundError(f"no document for {gf.name}")
            doc = read_path(src, ReadOptions())
            gold = []
            for i, line in enumerate(gf.read_text(encoding="utf-8").splitlines()):
                if not line.strip():
                    continue
                g = json.loads(line)
                pos = doc.text.find(g["quote"])
                if pos < 0:
                    raise ValueError(f"{gf.name}: quote not found in the read text: {g['quote']!r}")
                gold.append({"id": f"{stem}:{i}", "title_zh": g["title"], "quote": g["quote"],
                             "line": doc.text.count("\n", 0, pos) + 1, "jurisdiction": g["jurisdiction"],
                             "date": g.get("date"), "amounts": g.get("amounts", []), "type": "other", "domains": []})
            preds = extract_document(doc)
            sc = score_gold_document(stem, doc.text, gold, preds=preds, all_named=True)
            for k in keys:
                tot[k] += getattr(sc, k)
            docs[stem] = {"named_misses": sc.misses, "false_positives": sc.false_pos}
        if tot["gold"]:
            out[which] = {"documents": len(docs), **_nl_figures(tot), "per_document": docs}
    return {"parts": out, "targets": NEWSLETTER_TARGETS}


def _nl_figures(c: Counter[str]) -> dict[str, Any]:
    def r(a: str, b: str) -> float | None:
        return round(c[a] / c[b], 4) if c[b] else None

    return {"named_recall": r("named_found", "named_gold"), "jurisdiction_accuracy": r("jur_ok", "matched"),
            "date_accuracy": r("date_ok", "date_total"), "amount_recall": r("amounts_found", "gold_amounts"),
            "amount_precision": r("pred_amounts_ok", "pred_amounts"), "event_precision": r("pred_correct", "predicted"),
            "event_recall": r("matched", "gold"), "counts": dict(c)}


# -- country names ----------------------------------------------------------------------------------------

def broad_country_names(data_dir: Path) -> dict[str, str]:
    """Distinct country names from CLDR (en, zh_Hans, zh_Hant) and the spelling lists of real data files:
    WDI, NCSES, OECD STIP, CCLW, OECD.AI → {name: first source}."""
    import pycountry
    from babel import Locale

    d = Path(data_dir)
    names: dict[str, str] = {}
    for loc in ("en", "zh_Hans", "zh_Hant"):
        for a2, n in Locale.parse(loc).territories.items():
            if len(a2) == 2 and a2.isalpha() and pycountry.countries.get(alpha_2=a2):
                names.setdefault(n, f"cldr:{loc}")
    csv.field_size_limit(2**31 - 1)
    sources = [("wdi", d / "wdi_innovation/wdi_selected_long.csv.gz", "Country Name"),
               ("ncses", d / "ncses_sei_indicators/gerd_by_country_latest_year_sei2022.csv", "country"),
               ("stip", d / "oecd_stip_compass/stip_initiatives_2017_2021_latest.csv.gz", "CountryLabel"),
               ("cclw", d / "climate_laws_of_the_world/cclw_laws_and_policies_export.csv.gz", "Geography"),
               ("oecd_ai", d / "oecd_ai_policy_titles_2017_2025/oecd_ai_policy_titles.csv", "jurisdiction")]
    for name, path, col in sources:
        if not path.exists():
            raise FileNotFoundError(f"country-name source not found: {path}")
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig") as f:  # type: ignore[operator]
            for row in csv.DictReader(f):
                for v in (row.get(col) or "").split(";"):
                    if v.strip():
                        names.setdefault(v.strip(), name)
    return names


def evaluate_names(data_dir: Path) -> dict[str, Any]:
    """How many of a broad list of country names the resolver answers (resolved or reported ambiguous)."""
    from policyscope.model import registry

    per: dict[str, Counter[str]] = {}
    unknown: dict[str, list[str]] = {}
    for n, src in broad_country_names(data_dir).items():
        st = registry().resolve(n).status
        per.setdefault(src, Counter())[st] += 1
        if st == "unknown":
            unknown.setdefault(src, []).append(n)
    tot = sum(sum(c.values()) for c in per.values())
    answered = sum(c["resolved"] + c["ambiguous"] for c in per.values())
    return {"names": tot, "answered": answered, "answered_share": round(answered / tot, 4) if tot else None,
            "by_source": {k: dict(v) for k, v in per.items()}, "unknown": unknown, "target": 0.95}
