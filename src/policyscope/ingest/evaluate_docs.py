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
- ``agora``: AGORA U.S./China/EU AI-governance texts (English). Gold: the official name, the authority (issuer:
  Congress, the President, a state's legislature or the agency; jurisdiction), the year of the proposed or of the
  most recent activity date (either is right).

Everywhere a field is scored only where the text states it (a title or date the text never gives cannot be read
from it); the counts ``n`` say how many documents each figure rests on. "States it" is decided from the text and
the gold alone, never from our answer:

- title: the text contains the gold title whole (normalised: no spaces, punctuation or case), or for an excerpt
  ("<Act>, Section 5 (…)") the Act's full name;
- date: the text states the gold date — lawrefbook: that very day (年月日) in its first 3,000 characters; the
  others: the gold year (for AGORA either the proposed or the latest activity year) as the year of a date
  ("March 3, 2023", "03/09/2023", "2023年", 〔2023〕), of a fiscal year or session ("fiscal year 2023", "2023
  Regular Session", "118th Congress, 1st Session"), after a preposition ("in 2023", "of 2023", "by 2023") or
  alone on a line — a bare number (section 2023, H.R. 2023) does not count.

The previous rule is kept visible beside it (``title_previous``: the first 30 normalised characters of the name
stand in the first 40,000 characters of the text; ``date_previous``: AGORA texts that state some date or fiscal
year, every MEE and strategy text), so that a change of figure can be told from a change of scoring.
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
from policyscope.ingest.newsletter_sets import NEWSLETTER_PARTS

Progress = Callable[[str], None] | None
SETS = ("mee", "lawrefbook", "nat_ai", "agora")
FIELDS = ("title", "type", "issuer", "number", "date", "jurisdiction")
PREVIOUS = {"title_previous": "the first 30 normalised characters of the name stand in the text's first 40,000",
            "date_previous": "AGORA: the text states some date or fiscal year; MEE and strategies: every text"}


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


_PART_PREVIOUS = re.compile(r",\s*(?:Section|Sections|Title|Division|Subtitle|Part)\b")


def _states_title_prefix(text: str, gold: str) -> bool:
    """The previous rule, kept for comparison: the first 30 normalised characters of the official name (before
    ', Section …') stand in the text's head — so any "National Defense Authorization Act for…" passed."""
    return _norm(_PART_PREVIOUS.split(gold)[0])[:30] in _norm(text[:40000])


_PART = re.compile(r",\s*(?:Section|Sections|Sec\.|Title|Division|Subtitle|Part|Chapter)\s|\s+\((?:Sec|Section)s?\b")
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _gold_names(gold: str) -> list[str]:
    """The names a text may give itself by: the gold title; the Act's name before ', Section …' or a
    trailing note in parentheses ("(SB 1047)", "(EO 14141)", "(Sec. 1-3)", an issuer); either of two names
    joined by "/"."""
    name = _NOTE.sub("", _PART.split(gold)[0]).strip()
    return [gold, name, *(name.split("/") if "/" in name else [])]


def _states_title(text_key: str, gold: str) -> bool:
    """The text names itself: one of the gold's names stands whole in the normalised text."""
    return any(k and k in text_key for k in map(_norm, _gold_names(gold)))


# What may stand just before a year that dates something: a month (and day), a numeric date, a fiscal or
# calendar year (also the later years of "fiscal years 2024 through 2028"), a preposition, an Act's or a
# session's name; a bare number ("section 2023", "H.R. 2023") is not a date.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_YEAR_LEAD = re.compile(
    rf"(?:{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*)?"
    r"|\b\d{1,2}[/.\-]\d{1,2}[/.\-]"
    r"|\b(?:fiscal|calendar|financial)\s+years?\s+(?:(?:19|20)\d\d\s*(?:,|and|or|through|to|[-–])\s*)*"
    r"|\bFY\s?"
    r"|\b(?:in|of|since|from|during|by|until|through|before|after|for)\s+(?:early\s+|late\s+|mid-)?"
    r"|\b(?:Act|Bill|Session)\s*,?\s*|\bthis\s+|\b(?:striking|inserting)\s+(?:``|“|\")?"
    r"|\b\d{1,2}\.[IVX]{1,4}\.|\]\s*,\s*|[〔\[(（【]\s*)$", re.I)
# ... or just after it: a numeric date's month and day, a session, a fiscal or school year ("2023-2024 fiscal
# year"), 年, a closing bracket (〔2023〕).
_YEAR_TAIL = re.compile(r"(?:[-./][01]?\d[-./][0-3]?\d\b|\s*,?\s*(?:(?:Regular|Special|Extraordinary|First"
                        r"|Second|Third|Budget)\s+)?(?:Legislative\s+)?Session\b"
                        r"|(?:\s*[-–]\s*(?:19|20)?\d\d)?\s+(?:fiscal|calendar|school|academic|financial)\s+year"
                        r"|\s*年|\s*[〕\])）】])", re.I)
_ZH_YEAR_DIGITS = "〇一二三四五六七八九"


def _year_pattern(year: str) -> re.Pattern[str]:
    zh = "".join(_ZH_YEAR_DIGITS[int(c)] for c in year)
    return re.compile(rf"(?<!\d){year}(?!\d)|{zh}年")


def _year_stated_at(text: str, m: re.Match[str]) -> bool:
    """One occurrence of the year dates something: a Chinese-numeral year, a date's or a heading's year, or a
    year alone on its line."""
    if not m.group()[0].isdigit():
        return True
    i, j = m.start(), m.end()
    if _YEAR_LEAD.search(text, max(0, i - 60), i) or _YEAR_TAIL.match(text, j):
        return True
    line_start = i == 0 or text[i - 1] == "\n" or text[text.rfind("\n", 0, i) + 1:i].isspace()
    return line_start and text[j:j + 200].split("\n", 1)[0].strip() in ("", ".")


def _congress_years(head: str) -> set[str]:
    """A U.S. Congress header states its years: "118th CONGRESS 1st Session" → 2023 (without a session, both)."""
    from policyscope.ingest.extract.document import _CONGRESS

    c = _CONGRESS.search(head)
    if not c:
        return set()
    first = 1787 + 2 * int(c.group(1))
    return {str(first + int(c.group(2)) - 1)} if c.group(2) in ("1", "2") else {str(first), str(first + 1)}


def states_year(text: str, years: list[str]) -> bool:
    """The text states one of the gold years as a date, fiscal year, session or heading (not as any number)."""
    text = text[:400_000]
    if _congress_years(text[:3000]) & set(years):
        return True
    return any(_year_stated_at(text, m) for y in set(years) for m in _year_pattern(y).finditer(text))


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


def _date_right(set_name: str, g: Gold, m: DocumentMeta) -> bool:
    """Our date at the gold's precision equals the gold date (or another acceptable one)."""
    assert g.date is not None
    prec = "year" if len(g.date) == 4 else "day"
    # a law's file date is its version's promulgation (公布) date; elsewhere the signing date is wanted
    if set_name == "lawrefbook":
        pred = max((d for d in (m.date_published, m.date_signed) if d), default=None)
    else:
        pred = m.date_signed or m.date_published or m.date
    got = _date_str(pred, prec)
    return got is not None and (got == g.date or got in g.dates_ok)


def _date_scored(set_name: str, g: Gold) -> tuple[bool, bool]:
    """(the text states the gold date — the rule; the previous rule: AGORA texts stating some date, every MEE
    and strategy text). The lawrefbook loader already keeps only dates the text states to the day."""
    if set_name == "lawrefbook":
        return True, True
    previous = _states_a_date(g.text) if set_name == "agora" else True
    years = g.dates_ok or ([g.date[:4]] if g.date else [])
    return states_year(g.text, years), previous


def _chinese_fields(set_name: str, g: Gold, m: DocumentMeta, out: dict[str, bool | None]) -> None:
    """Type (the kind word that ends the official title) and, for MEE, the 文号 at the head of the text."""
    from policyscope.ingest.extract.docmeta import _kind_of

    want = _kind_of(g.title or "")
    if want:
        out["type"] = m.doc_type == want
    if set_name == "mee":
        num = re.search(r"[\u4e00-\u9fff]{1,12}[〔\[(（]\d{4}[〕\])）]\d{1,5}号", g.text[:300])
        if num and not re.search(r"[（(]$", g.text[max(0, num.start() - 1):num.start()]):
            out["number"] = bool(m.doc_number) and re.sub(r"\D", "", m.doc_number or "") == re.sub(r"\D", "", num.group())


def score_document(set_name: str, g: Gold, m: DocumentMeta) -> dict[str, bool | None]:
    """Per field: True/False, or None when the gold does not say or the text does not state it (not scored);
    also the same answers under the previous rule (``PREVIOUS``)."""
    out: dict[str, bool | None] = dict.fromkeys((*FIELDS, *PREVIOUS))
    if g.title:  # a title the text never states cannot be read from it
        right = title_ok(m.title, g.title) or title_ok(m.short_title, g.title) or title_ok(m.long_title, g.title)
        if _states_title(_norm(g.text), g.title):
            out["title"] = right
        if _states_title_prefix(g.text, g.title):
            out["title_previous"] = right
    if g.issuers:
        out["issuer"] = _issuer_ok(m.issuers + m.issuers_en, g.issuers)
    if g.date:
        right = _date_right(set_name, g, m)
        strict, previous = _date_scored(set_name, g)
        out["date"] = right if strict else None
        out["date_previous"] = right if previous else None
    if g.jurisdiction:
        out["jurisdiction"] = m.jurisdiction == g.jurisdiction
    if set_name in ("mee", "lawrefbook"):
        _chinese_fields(set_name, g, m, out)
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
                if not ok and which == "dev" and misses and f in FIELDS and len(wrong.setdefault(f, [])) < misses:
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
    for f in (*FIELDS, *PREVIOUS):
        if c[f + "_n"]:
            out[f] = {"n": c[f + "_n"], "accuracy": round(c[f + "_ok"] / c[f + "_n"], 4)}
            if f in PREVIOUS:
                out[f]["rule"] = PREVIOUS[f]
    return out


# -- newsletters and digests ------------------------------------------------------------------------------

NEWSLETTER_TARGETS = {"jurisdiction_accuracy": 0.9, "date_accuracy": 0.85, "amount_recall": 0.85,
                      "event_precision": 0.8, "named_recall": 0.9}




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
