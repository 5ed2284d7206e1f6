"""Draw the candidate pairs for the hand-checked merge sample (tests/sources/files/merge_pairs.csv).

Candidate pairs are cross-source pairs of one jurisdiction that store.merge considers (title similarity ≥
CANDIDATE_MIN, or a shared document number or acronym), drawn from an unmerged database in four similarity bands
so that both clear matches and hard non-matches are checked. The `same` column is then filled by a person
reading both records (1 = the same real-world policy, 0 = not); `policyscope evaluate merge` scores the rules.

Run: .venv/bin/python bench/merge_sample.py DB OUT.csv   (DB built without the merge step, e.g. by an older build)
"""

from __future__ import annotations

import sys

import duckdb
import pandas as pd

from policyscope.store.merge import _frame, candidate_pairs

COLS = ["id", "origin", "jurisdiction", "title", "title_en", "title_zh", "title_original", "date", "date_kind",
        "doc_number"]


def main(db: str, out: str, per_band: int = 70, seed: int = 7) -> None:
    con = duckdb.connect(db, read_only=True)
    df = _frame(con)
    rows = {r["id"]: r for r in df.to_dict("records")}
    pairs = candidate_pairs(df)
    recs = []
    for a, b, sc in pairs:
        ra, rb = rows[a.id], rows[b.id]
        rec = {"similarity": sc}
        for side, r in (("a", ra), ("b", rb)):
            for c in COLS:
                v = r.get(c)
                rec[f"{c}_{side}"] = None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)[:200]
        recs.append(rec)
    cand = pd.DataFrame(recs)
    bands = pd.cut(cand["similarity"], [-1, 59.9, 75, 85, 92, 101], labels=["key", "60-75", "75-85", "85-92", "92+"])
    sample = (cand.groupby(bands, observed=True, group_keys=False)
              .apply(lambda g: g.sample(min(len(g), per_band), random_state=seed)))
    sample = sample.sort_values(["jurisdiction_a", "similarity"]).reset_index(drop=True)
    sample.insert(0, "same", "")
    sample.to_csv(out, index=False)
    print(f"{len(cand)} candidate pairs; {len(sample)} drawn → {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
