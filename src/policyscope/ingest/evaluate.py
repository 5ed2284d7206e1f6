"""Accuracy of the extractor, published: scores against the hand annotations in ``../shared/gold`` (the
development set) and, at document level, against corpora the extractor was not written against (AGORA
metadata; the State Council policies and the Government Work Reports).

Gold matching. A gold event is *found* when a predicted event's title matches its title (normalised, fuzzy
ratio ≥ 85 or containment of ≥ 4 characters). A predicted event is *correct* (event precision) when it
matches a gold event by title, or has evidence on a line where the gold states an event of the same
jurisdiction (multilateral bodies count as INT, as in the gold)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from policyscope.ingest.extract import extract_events, title_key
from policyscope.ingest.extract.dates import find_dates, format_date
from policyscope.ingest.text.sentences import LineIndex
from policyscope.model import PolicyEvent, registry

Progress = Callable[[str], None] | None


# ---------------------------------------------------------------------------------------------- helpers
def _int_code(code: str | None) -> str | None:
    """Multilateral bodies and groups are 'INT' in the gold."""
    if code is None:
        return None
    j = registry().by_code.get(code)
    if j is not None and j.kind in ("multilateral", "group"):
        return "INT"
    return code


_GLOSS_END = re.compile(r"^(.{2,}?)\s*[（(][^（）()]{2,}[)）]\s*$")


def _title_score(a: str, b: str) -> float:
    """How well two titles agree (0–100); a name glossed by its original in brackets agrees with the name alone
    either way (NRC量子研究计划（NRC Quantum Research） = NRC量子研究计划): gold sets differ on which they keep."""
    best = _key_score(a, b)
    if best < 100:
        ua, ub = (m.group(1) if (m := _GLOSS_END.match(x)) else x for x in (a, b))
        if (ua, ub) != (a, b):
            best = max(best, _key_score(ua, b), _key_score(a, ub), _key_score(ua, ub))
    return best


def _key_score(a: str, b: str) -> float:
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    if min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka) and min(len(ka), len(kb)) / max(len(ka), len(kb)) >= 0.4:
        return 90.0
    return float(fuzz.ratio(ka, kb))


_LINE_INDEX: LineIndex | None = None


def _lines(ev: PolicyEvent) -> set[int]:
    """Every line an event's evidence covers (a sentence may run over a page break)."""
    out: set[int] = set()
    for e in ev.evidence:
        if e.line is None:
            continue
        end = _LINE_INDEX.line(e.char_end - 1) if (_LINE_INDEX is not None and e.char_end) else e.line
        out.update(range(e.line, max(e.line, end) + 1))
    return out


def _date_ok(gold: str, ev: PolicyEvent) -> bool:
    """Predicted date equals the gold date at the gold's precision (and is at least that precise)."""
    if ev.date is None:
        return False
    want = {4: "year", 7: "month", 10: "day"}[len(gold)]
    rank = {"year": 1, "month": 2, "day": 3}
    if rank.get(ev.date_precision or "year", 1) < rank[want]:
        return False
    return format_date(ev.date, "day")[: len(gold)] == gold  # type: ignore[index]


def _amount_match(a: dict[str, Any], b_cur: str, b_units: float) -> bool:
    v = float(a["value_in_currency_units"])
    return a["currency"] == b_cur and v > 0 and abs(b_units - v) / v <= 0.005


@dataclass
class GoldDocScore:
    name: str
    gold: int
    predicted: int
    named_gold: int
    named_found: int
    matched: int
    jur_ok: int
    date_total: int
    date_ok: int
    type_ok: int
    domain_jaccard: float
    gold_amounts: int
    amounts_found: int
    pred_amounts: int
    pred_amounts_ok: int
    pred_correct: int
    misses: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)


def _doc_date(analyses: Path | None, seed_text: str) -> dt.date | None:
    """The report's own date from its cover (first 40 lines): a month ('2021 年 12 月') → end of that month,
    else a year → 31 December."""
    head = "\n".join(seed_text.splitlines()[:40])
    found = [d for d in find_dates(head) if d.kind == "point"]
    for d in found:
        if d.precision in ("month", "day"):
            return d.date if d.precision == "day" else dt.date(d.date.year, d.date.month, 28)
    return dt.date(found[0].date.year, 12, 31) if found else None


def match_gold(gold: list[dict[str, Any]], preds: list[PolicyEvent]) -> dict[str, PolicyEvent | None]:
    """Each gold event's best predicted event: by title (ties → nearest evidence line), else an event on the
    same line with the same jurisdiction whose title appears in the gold quote (else the most similar)."""
    best: dict[str, PolicyEvent | None] = {}
    for g in gold:
        cands = []
        for p in preds:
            s = _title_score(g["title_zh"], p.title)
            if s >= 85:
                near = min((abs(ln - g["line"]) for ln in _lines(p)), default=9999)
                cands.append((s, -near, p))
        if not cands:
            # unnamed events: the predicted event on the same line with the same jurisdiction
            glines = {g["line"], *g.get("also_lines", [])}
            same = [p for p in preds if _lines(p) & glines and _int_code(p.jurisdiction) == g["jurisdiction"]]
            same.sort(key=lambda p: (title_key(p.title) in title_key(g["quote"]),
                                     max(fuzz.partial_ratio(p.title, g["quote"]), fuzz.partial_ratio(g["title_zh"], p.title))),
                      reverse=True)
            best[g["id"]] = same[0] if same else None
            continue
        cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
        best[g["id"]] = cands[0][2]
    return best


def score_gold_document(name: str, text: str, gold: list[dict[str, Any]], core_only: bool = False,
                        preds: list[PolicyEvent] | None = None, all_named: bool = False) -> GoldDocScore:
    """Score one seed against its gold events (``core_only``: recall-side figures on 'core' events only;
    precision still counts a prediction of a borderline event as correct). ``preds``: events already
    extracted (e.g. by the whole ingest pipeline); ``all_named``: every gold event has a title to find."""
    all_gold = gold
    if core_only:
        gold = [g for g in gold if g.get("certainty", "core") == "core"]
    global _LINE_INDEX
    _LINE_INDEX = LineIndex(text)
    if preds is None:
        preds = extract_events(text, doc_date=_doc_date(None, text), document_id=name)
    named = list(gold) if all_named else [g for g in gold if re.search(r"《[^》]+》", g["quote"]) and ("《" + g["title_zh"].split("（")[0][:4]) in
             g["quote"].replace(" ", "").replace("《 ", "《") or _in_book(g)]
    best = match_gold(gold, preds)
    named_found = sum(1 for g in named if best.get(g["id"]) is not None and
                      _title_score(g["title_zh"], best[g["id"]].title) >= 85)  # type: ignore[union-attr]
    matched = [(g, best[g["id"]]) for g in gold if best.get(g["id"]) is not None]
    jur_ok = sum(1 for g, p in matched if _int_code(p.jurisdiction) == g["jurisdiction"])  # type: ignore[union-attr]
    dated = [(g, p) for g, p in matched if g["date"]]
    date_ok = sum(1 for g, p in dated if _date_ok(g["date"], p))  # type: ignore[arg-type]
    type_ok = sum(1 for g, p in matched if p.type == g["type"])  # type: ignore[union-attr]
    jac = [len(set(g["domains"]) & set(p.domains)) / len(set(g["domains"]) | set(p.domains))  # type: ignore[union-attr]
           if (g["domains"] or p.domains) else 1.0 for g, p in matched]  # type: ignore[union-attr]
    # amounts: gold amounts found among the amounts of predicted events on the same line(s)
    gold_amounts = amounts_found = 0
    for g in gold:
        glines = {g["line"], *g.get("also_lines", [])}
        pool = [(a.currency, a.value_in_currency_units) for p in preds if _lines(p) & glines for a in p.amounts]
        for a in g["amounts"]:
            gold_amounts += 1
            if any(_amount_match(a, c, v) for c, v in pool):
                amounts_found += 1
    # precision of amounts: predicted amounts on lines where the gold states events
    by_line: dict[int, list[dict[str, Any]]] = {}
    for g in all_gold:
        for ln in {g["line"], *g.get("also_lines", [])}:
            by_line.setdefault(ln, []).extend(g["amounts"])
    pred_amounts = pred_amounts_ok = 0
    for p in preds:
        lines = _lines(p) & set(by_line)
        if not lines:
            continue
        pool_g = [a for ln in lines for a in by_line[ln]]
        for a in p.amounts:
            pred_amounts += 1
            if any(_amount_match(ga, a.currency, a.value_in_currency_units) for ga in pool_g):
                pred_amounts_ok += 1
    # event precision
    gold_lines: dict[int, set[str]] = {}
    for g in all_gold:
        for ln in {g["line"], *g.get("also_lines", [])}:
            gold_lines.setdefault(ln, set()).add(g["jurisdiction"])
    correct = 0
    fps = []
    for p in preds:
        ok = any(_title_score(g["title_zh"], p.title) >= 85 for g in all_gold) or any(
            _int_code(p.jurisdiction) in gold_lines.get(ln, set()) for ln in _lines(p))
        correct += ok
        if not ok:
            fps.append(f"{min(_lines(p), default=0)} {p.jurisdiction} {p.title[:40]}")
    misses = [f"{g['line']} {g['jurisdiction']} {g['title_zh'][:40]}" for g in named
              if best.get(g["id"]) is None or _title_score(g["title_zh"], best[g["id"]].title) < 85]  # type: ignore[union-attr]
    return GoldDocScore(name, len(gold), len(preds), len(named), named_found, len(matched), jur_ok, len(dated), date_ok,
                        type_ok, sum(jac) / len(jac) if jac else 0.0, gold_amounts, amounts_found, pred_amounts,
                        pred_amounts_ok, correct, misses, fps)


def _in_book(g: dict[str, Any]) -> bool:
    """The gold title stands in 《》 in its quote (spaces ignored)."""
    t = title_key(g["title_zh"])
    return any(title_key(m) == t or (len(t) >= 4 and t in title_key(m)) for m in re.findall(r"《([^》]+)》", g["quote"]))


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def evaluate_gold(gold_dir: Path, seeds_dir: Path, progress: Progress = None, core_only: bool = False) -> dict[str, Any]:
    """Extraction accuracy on every seed that has a gold file; totals and per document (``core_only``: the
    strict view on events the annotators marked 'core')."""
    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"seeds directory not found: {seeds_dir}")
    docs = []
    for gf in sorted(gold_dir.glob("*.events.jsonl")):
        stem = gf.name.split(".")[0]
        seeds = sorted(seeds_dir.glob(f"{stem}_*.txt"))
        if not seeds:
            raise FileNotFoundError(f"no seed text for gold file {gf.name} in {seeds_dir}")
        gold = [json.loads(line) for line in gf.read_text(encoding="utf-8").splitlines() if line.strip()]
        if progress:
            progress(stem)
        docs.append(score_gold_document(stem, seeds[0].read_text(encoding="utf-8"), gold, core_only))
    tot = Counter()
    for d in docs:
        for k in ("gold", "predicted", "named_gold", "named_found", "matched", "jur_ok", "date_total", "date_ok",
                  "type_ok", "gold_amounts", "amounts_found", "pred_amounts", "pred_amounts_ok", "pred_correct"):
            tot[k] += getattr(d, k)
    dom = sum(d.domain_jaccard * d.matched for d in docs) / tot["matched"] if tot["matched"] else 0.0

    def figures(c: Counter, domj: float) -> dict[str, Any]:
        return {
            "named_recall": _ratio(c["named_found"], c["named_gold"]),
            "jurisdiction_accuracy": _ratio(c["jur_ok"], c["matched"]),
            "date_accuracy": _ratio(c["date_ok"], c["date_total"]),
            "amount_recall": _ratio(c["amounts_found"], c["gold_amounts"]),
            "amount_precision": _ratio(c["pred_amounts_ok"], c["pred_amounts"]),
            "type_agreement": _ratio(c["type_ok"], c["matched"]),
            "domain_jaccard": round(domj, 4),
            "event_precision": _ratio(c["pred_correct"], c["predicted"]),
            "event_recall": _ratio(c["matched"], c["gold"]),
            "counts": dict(c),
        }

    per_doc = {}
    for d in docs:
        c = Counter({k: getattr(d, k) for k in tot})
        per_doc[d.name] = figures(c, d.domain_jaccard) | {"named_misses": d.misses, "false_positives": d.false_pos[:30]}
    return {"overall": figures(tot, dom), "documents": per_doc, "core_only": core_only,
            "targets": {"named_recall": 0.9, "jurisdiction_accuracy": 0.9, "date_accuracy": 0.85,
                        "amount_recall": 0.9, "amount_precision": 0.9, "event_precision": 0.75}}


# ------------------------------------------------------------------------------------- held-out corpora
_AGORA_TYPE = {
    "U.S. federal laws": "law_regulation", "U.S. state and local laws": "law_regulation",
    "U.S. regulations, executive orders, and agency policies": "law_regulation",
    "Chinese law and policy": "law_regulation", "Enacted laws and policies": "law_regulation",
    "NDAA provisions": "law_regulation",
}


def _agora_expected_jurisdiction(authority: str, authorities: dict[str, str]) -> str | None:
    """AGORA 'Authority' → our code: US authorities → USA, China → CHN, EU → EU, other multinational → INT,
    'Government of X' → X; companies and unknown → None (not scored)."""
    parent = authorities.get(authority, "")
    if parent == "United States":
        return "USA"
    if parent == "China":
        return "CHN"
    if authority == "European Union":
        return "EU"
    if parent == "Multinational":
        return "INT"
    m = re.match(r"Government of (?:the )?(.+)$", authority)
    if m:
        r = registry().resolve(m.group(1))
        return r.code
    return None


def _iter_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def evaluate_agora(data_dir: Path, limit: int | None = None, progress: Progress = None) -> dict[str, Any]:
    """Document-level accuracy on AGORA full texts against documents.csv: jurisdiction (most named),
    year (document date rule) against the proposed date or the latest activity, type for law collections."""
    from policyscope.ingest.extract.document import document_profile

    data_dir = Path(data_dir)
    docs_csv, full = data_dir / "documents.csv", data_dir / "fulltext.jsonl"
    for p in (docs_csv, full):
        if not p.exists():
            raise FileNotFoundError(f"AGORA file not found: {p}")
    csv.field_size_limit(2**31 - 1)
    with docs_csv.open(encoding="utf-8-sig") as f:
        meta = {int(r["AGORA ID"]): r for r in csv.DictReader(f)}
    with (data_dir / "authorities.csv").open(encoding="utf-8-sig") as f:
        authorities = {r["Name"]: (r["Jurisdiction"] or "") for r in csv.DictReader(f)}
    c = Counter()
    for i, row in enumerate(_iter_jsonl(full)):
        if limit is not None and i >= limit:
            break
        m = meta.get(int(row["agora_id"]))
        text = row.get("text") or ""
        if m is None or not text.strip():
            continue
        if progress:
            progress(str(row["agora_id"]))
        prof = document_profile(text)
        c["documents"] += 1
        want_j = _agora_expected_jurisdiction(m["Authority"], authorities)
        if want_j:
            c["jur_total"] += 1
            c["jur_ok"] += _int_code(prof.jurisdiction) == _int_code(want_j)
        years = {int(d[:4]) for d in (m["Proposed date"], m["Most recent activity date"]) if d[:4].isdigit()}
        if years:
            ok = prof.date is not None and prof.date.year in years
            c["year_total"] += 1
            c["year_ok"] += ok
            c["year_answered"] += prof.date is not None
            if _states_a_date(text):  # texts that state no date at all cannot be dated from the text
                c["year_dated_total"] += 1
                c["year_dated_ok"] += ok
        kinds = {_AGORA_TYPE.get(x.strip()) for x in m["Collections"].split(";")} - {None}
        if kinds:
            c["type_total"] += 1
            c["type_ok"] += prof.type in kinds
    return {"documents": c["documents"], "jurisdiction_accuracy": _ratio(c["jur_ok"], c["jur_total"]),
            "year_accuracy": _ratio(c["year_ok"], c["year_total"]),
            "year_accuracy_dated_texts": _ratio(c["year_dated_ok"], c["year_dated_total"]),
            "year_precision_when_answered": _ratio(c["year_ok"], c["year_answered"]),
            "type_accuracy": _ratio(c["type_ok"], c["type_total"]), "counts": dict(c)}


def _states_a_date(text: str) -> bool:
    """The text states at least one date or year that could date it (a point in time or a fiscal year, or a
    U.S. Congress header) — the honest denominator for document-year accuracy."""
    from policyscope.ingest.extract.document import _CONGRESS

    t = text[:200_000]
    return bool(_CONGRESS.search(t[:3000])) or any(d.kind in ("point", "fiscal") for d in find_dates(t))


def evaluate_china(data_dir: Path, progress: Progress = None) -> dict[str, Any]:
    """Document-level accuracy on the State Council climate/energy policies (title and year against the
    file's fields) and on the Government Work Reports (year)."""
    from policyscope.ingest.extract.document import document_date, document_title

    data_dir = Path(data_dir)
    pol = data_dir / "gccmpd_gov_prc_climate_policies.csv"
    gwr = data_dir / "government_work_reports_1954_2025.jsonl"
    for p in (pol, gwr):
        if not p.exists():
            raise FileNotFoundError(f"China policy corpus file not found: {p}")
    csv.field_size_limit(2**31 - 1)
    c = Counter()
    with pol.open(encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            text = r.get("Policy_Content") or ""
            if not text.strip():
                c["policies_without_text"] += 1
                continue
            if progress:
                progress(r["Policy"][:20])
            c["policies"] += 1
            t = document_title(text)
            c["title_ok"] += t is not None and fuzz.ratio(title_key(t), title_key(r["Policy"])) >= 90
            d, _ = document_date(text)
            c["year_ok"] += d is not None and str(d.year) == str(r["Year"]).strip()
    for r in _iter_jsonl(gwr):
        if not r.get("year") or not (r.get("content") or "").strip():
            continue
        if progress:
            progress(r["title"][:20])
        c["reports"] += 1
        d, _ = document_date(r["content"])
        c["report_year_ok"] += d is not None and d.year == int(r["year"])
    return {"policies": c["policies"], "policy_title_accuracy": _ratio(c["title_ok"], c["policies"]),
            "policy_year_accuracy": _ratio(c["year_ok"], c["policies"]), "reports": c["reports"],
            "report_year_accuracy": _ratio(c["report_year_ok"], c["reports"]), "counts": dict(c)}
