"""Train the Chinese name tagger (``src/policyscope/ingest/data/name_tagger_zh.crfsuite``) from real text.

Why: rules find names after verbs they know and before kind words they know; a tagger learns names from many
real examples. The examples are text where the name is marked by its authors, with the mark removed:

sentences of PRC laws (LawRefBook), MEE documents and State Council climate policies that cite a document in 《》:
the brackets are removed and the characters inside labelled as a name; plus a few sentences with no 《》 (all
outside a name). Speeches (Government Work Reports, CPC Congress reports) were tried and left out: they name
programmes without 《》 (西部大开发战略), and those names, labelled as outside a name, taught the tagger to miss them.

Held-out honesty: no sentence that contains a title of any newsletter evaluation set
(``tests/ingest/files/newsletters/*.gold.jsonl``) is used, nor any list row with such a title; re-run this script
after a new set is added, before it is scored.

    PYTHONPATH=src .venv/bin/python scripts/train_name_tagger.py --data ../shared/data
    PYTHONPATH=src .venv/bin/python scripts/train_name_tagger.py --eval     # + a score on 10 % kept aside

An English tagger trained the same way (CCLW / EEA summaries naming listed policies, AGORA short titles) scored
0.811 / 0.759 exact-span precision / recall on its 10 % but added no name on the newsletter sets over the
title-case rule (``ingest/extract/context_names.py``) and cost a third of English extraction time: dropped.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pycrfsuite

from policyscope.ingest.extract.name_tagger import MODEL_FILES, _spans, zh_features

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
    corpus = data / "china_policy_corpus"
    gccmpd = pd.read_csv(corpus / "gccmpd_gov_prc_climate_policies.csv", encoding="utf-8-sig")
    yield from (str(t) for t in gccmpd["Policy_Content"].dropna())


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
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=(
        "Example: PYTHONPATH=src .venv/bin/python scripts/train_name_tagger.py --data ../shared/data --eval"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data"), help="The shared data folder.")
    ap.add_argument("--eval", action="store_true", help="Keep 10 %% of the examples aside and score the model on them.")
    ap.add_argument("--zh-pos", type=int, default=30000, help="Sentences with a name, at most.")
    ap.add_argument("--zh-neg", type=int, default=3000, help="Sentences without one.")
    a = ap.parse_args()
    banned = held_out_titles()
    ex = zh_examples(a.data, banned, a.zh_pos, a.zh_neg)
    train(ex, zh_features, OUT / MODEL_FILES["zh"], a.eval)


if __name__ == "__main__":
    main()
