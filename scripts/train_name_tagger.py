"""Train the name taggers (``src/policyscope/ingest/data/name_tagger_{zh,en}.crfsuite``) from real text.

Why: rules find names after verbs they know and before kind words they know; a tagger learns names from many
real examples. The examples are text where the name is marked by its authors, with the mark removed:

* Chinese — sentences of PRC laws (LawRefBook) and MEE documents that cite a document in 《》: the brackets are
  removed and the characters inside labelled as a name; plus some sentences with no 《》 (all outside a name).
* English — summaries in Climate Change Laws of the World and the EEA's policies and measures: where a summary
  names its own policy or another policy of the same country from the same list, that name is labelled; plus
  short titles of Acts ("may be cited as the “…”") in AGORA texts, quotes removed.

Held-out honesty: no sentence that contains a title of any newsletter evaluation set
(``tests/ingest/files/newsletters/*.gold.jsonl``) is used, nor any list row with such a title; re-run this script
after a new set is added, before it is scored.

    PYTHONPATH=src .venv/bin/python scripts/train_name_tagger.py --data ../shared/data          # both languages
    PYTHONPATH=src .venv/bin/python scripts/train_name_tagger.py --lang en --eval               # + a held-out score
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pycrfsuite

from policyscope.ingest.extract.name_tagger import MODEL_FILES, _spans, en_features, en_tokens, zh_features

OUT = Path(__file__).resolve().parents[1] / "src" / "policyscope" / "ingest" / "data"
GOLD = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "files" / "newsletters"
SEED = 20261207
_ZH_SPLIT = re.compile(r"(?<=[。；！？\n])")
_BOOK = re.compile(r"《([^《》\n]{4,40})》")


def held_out_titles() -> list[str]:
    """Titles of every newsletter evaluation set, normalised (a sentence holding one is not trained on)."""
    out = []
    for p in sorted(GOLD.glob("*.gold.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                t = _norm(json.loads(line)["title"])
                if len(t) >= 4:
                    out.append(t)
    return out


def _norm(s: str) -> str:
    return re.sub(r"[\s《》“”\"'’,.，。（）()]", "", s).lower()


def _clean(s: str, banned: list[str]) -> bool:
    n = _norm(s)
    return not any(b in n for b in banned)


# ---- Chinese ---------------------------------------------------------------------------------------------

def _zh_texts(data: Path) -> Iterator[str]:
    with gzip.open(data / "china_laws_lawrefbook" / "lawrefbook_national_fulltext.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("category_folder") != "案例":
                yield r["text"]
    mee = pd.read_excel(data / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx")
    yield from (str(t) for t in mee["Policy_Content_raw"].dropna())


def zh_examples(data: Path, banned: list[str], n_pos: int, n_neg: int) -> list[tuple[str, list[str]]]:
    """(sentence without its 《》, labels) for sentences citing a document, and unlabelled sentences."""
    pos: list[tuple[str, list[str]]] = []
    neg: list[str] = []
    for text in _zh_texts(data):
        for sent in _ZH_SPLIT.split(text):
            s = sent.strip().lstrip("#").strip()
            if not 8 <= len(s) <= 160 or s.count("《") != s.count("》") or not _clean(s, banned):
                continue
            if "《" not in s:
                if re.search(r"\d{4}年|发布|印发|实施|启动|设立|成立", s):
                    neg.append(s)
                continue
            out, labels, pos_i, ok = [], [], 0, True
            for m in _BOOK.finditer(s):
                out.append(s[pos_i:m.start()])
                labels += ["O"] * (m.start() - pos_i)
                name = m.group(1)
                out.append(name)
                labels += ["B"] + ["I"] * (len(name) - 1)
                pos_i = m.end()
            out.append(s[pos_i:])
            labels += ["O"] * (len(s) - pos_i)
            plain = "".join(out)
            if ok and "《" not in plain and "》" not in plain:
                pos.append((plain, labels))
    rnd = random.Random(SEED)
    rnd.shuffle(pos)
    rnd.shuffle(neg)
    return pos[:n_pos] + [(s, ["O"] * len(s)) for s in neg[:n_neg]]


# ---- English ---------------------------------------------------------------------------------------------

def _strip_html(s: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", s))).strip()


def _name_forms(title: str) -> list[str]:
    """A list title and its form without a trailing acronym or note in parentheses."""
    t = title.strip()
    forms = [t]
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", t)
    if bare != t and len(bare) >= 6:
        forms.append(bare)
    return [f for f in forms if len(f) >= 6 and re.search(r"[A-Z]", f)]


def _en_rows(data: Path) -> Iterator[tuple[str, str, str]]:
    """(country, title, description) rows of CCLW and the EEA."""
    c = pd.read_csv(data / "climate_laws_of_the_world" / "cclw_laws_and_policies_export.csv.gz")
    for r in c.itertuples(index=False):
        if isinstance(r.Description, str) and isinstance(r.Title, str):
            yield str(r[3]), r.Title, _strip_html(r.Description)
    e = pd.read_csv(data / "eea_climate_policies_and_measures" / "eea_pams_2023.csv.gz", encoding="utf-8-sig")
    for r in e[["Country", "Name of policy or measure", "Description"]].dropna().itertuples(index=False):
        yield str(r[0]), str(r[1]), _strip_html(str(r[2]))


def _label_en(sent: str, names: set[str]) -> tuple[list[str], list[str]] | None:
    """Tokens and labels of a sentence where a known name stands (longest first); None if none does."""
    toks = en_tokens(sent)
    words = [sent[s:e] for s, e in toks]
    labels = ["O"] * len(toks)
    hit = False
    i = 0
    while i < len(toks):
        if not words[i][:1].isupper():
            i += 1
            continue
        for j in range(min(len(toks), i + 25), i, -1):
            if sent[toks[i][0]:toks[j - 1][1]] in names:
                labels[i:j] = ["B"] + ["I"] * (j - i - 1)
                hit = True
                i = j
                break
        else:
            i += 1
    return (words, labels) if hit else None


def en_examples(data: Path, banned: list[str], n_neg: int) -> list[tuple[list[str], list[str]]]:
    rows = [r for r in _en_rows(data) if _clean(r[1], banned)]
    names = {f for _, title, _ in rows for f in _name_forms(title)}
    pos: list[tuple[list[str], list[str]]] = []
    neg: list[tuple[list[str], list[str]]] = []
    for _country, _title, desc in rows:
        for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z])", desc):
            if not 20 <= len(sent) <= 400 or not _clean(sent, banned):
                continue
            lab = _label_en(sent, names)
            if lab:
                pos.append(lab)
            elif re.search(r"\b(?:19|20)\d{2}\b", sent) and not re.search(r"[A-Z]\w+ [A-Z]\w+", sent[1:]):
                toks = en_tokens(sent)  # no two capitalised words: no unlabelled name in it
                neg.append(([sent[s:e] for s, e in toks], ["O"] * len(toks)))
    pos += _agora_short_titles(data, banned)
    rnd = random.Random(SEED)
    rnd.shuffle(neg)
    return pos + neg[:n_neg]


def _agora_short_titles(data: Path, banned: list[str]) -> list[tuple[list[str], list[str]]]:
    """"This Act may be cited as the “X Act of 2023”." with the quotes removed, X labelled."""
    out = []
    rx = re.compile(r"[^.\n]{0,200}?\bcited as the [“\"]([^”\"]{6,120})[”\"][^.\n]{0,120}")
    with open(data / "agora_ai_governance" / "fulltext.jsonl", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            for m in rx.finditer(text):
                name = m.group(1).strip()
                sent = re.sub(r"\s+", " ", m.group(0).replace("“", "").replace("”", "").replace('"', "")).strip()
                if _clean(sent, banned):
                    lab = _label_en(sent, {name})
                    if lab:
                        out.append(lab)
    return out[:3000]


# ---- training ---------------------------------------------------------------------------------------------

def train(examples: list, featurize, path: Path, evaluate: bool) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(SEED)
    rnd.shuffle(examples)
    cut = len(examples) // 10 if evaluate else 0
    test, fit = examples[:cut], examples[cut:]
    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in fit:
        tr.append(featurize(x), y)
    tr.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.minfreq": 2,
                   "feature.possible_transitions": True})
    tr.train(str(path))
    print(f"{path.name}: {len(fit)} sequences, {path.stat().st_size / 1e6:.1f} MB")
    if test:
        tg = pycrfsuite.Tagger()
        tg.open(str(path))
        tp = fp = fn = 0
        for x, y in test:
            got = set(_spans(list(tg.tag(featurize(x)))))
            want = set(_spans(y))
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        print(f"  held-out 10 %: exact-span precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(tp + fn, 1):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--lang", choices=["zh", "en", "both"], default="both")
    ap.add_argument("--eval", action="store_true", help="Keep 10 %% of the examples aside and score the model on them.")
    ap.add_argument("--zh-pos", type=int, default=20000)
    ap.add_argument("--zh-neg", type=int, default=8000)
    ap.add_argument("--en-neg", type=int, default=3000)
    a = ap.parse_args()
    banned = held_out_titles()
    if a.lang in ("zh", "both"):
        ex = zh_examples(a.data, banned, a.zh_pos, a.zh_neg)
        train(ex, zh_features, OUT / MODEL_FILES["zh"], a.eval)
    if a.lang in ("en", "both"):
        ex_en = en_examples(a.data, banned, a.en_neg)
        train(ex_en, en_features, OUT / MODEL_FILES["en"], a.eval)


if __name__ == "__main__":
    main()
