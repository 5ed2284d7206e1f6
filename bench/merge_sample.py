"""Draw the candidate pairs for the hand-checked merge sample (tests/sources/files/merge_pairs.csv).

Candidate pairs are cross-source pairs of one jurisdiction that store.merge considers (title similarity ≥
CANDIDATE_MIN, or a shared document number or acronym), drawn from an unmerged database in four similarity bands
so that both clear matches and hard non-matches are checked. The `same` column is then filled by a person
reading both records (1 = the same real-world policy, 0 = not); `policyscope evaluate merge` scores the rules.

Run: .venv/bin/python bench/merge_sample.py OUT.csv [EXCLUDE.csv]
(loads the bundled snapshot into a scratch database without the merge step; pairs already in EXCLUDE.csv — the
development sample — are not drawn again, so a second sample measures the frozen rules on pairs they were not
tuned on)
"""

from __future__ import annotations

import sys

import duckdb
import pandas as pd

from policyscope.store.merge import _frame, candidate_pairs

COLS = ["id", "origin", "jurisdiction", "subdivision", "title", "title_en", "title_zh", "title_original", "date", "date_kind",
        "doc_number"]


def unmerged() -> duckdb.DuckDBPyConnection:
    """Every bundled source loaded into an in-memory database, records not merged."""
    from policyscope.sources.snapshot import bundled_sources, load_bundle
    from policyscope.store.build import _load_jurisdictions, load_bundle_into
    from policyscope.store.schema import migrate

    con = duckdb.connect()
    migrate(con)
    _load_jurisdictions(con)
    for name in bundled_sources():
        load_bundle_into(con, load_bundle(name))
    return con


def main(out: str, exclude: str | None = None, per_band: int = 70, seed: int = 7) -> None:
    con = unmerged()
    frame = _frame(con)
    rows = {r["id"]: r for r in frame}
    pairs = candidate_pairs(frame)
    recs = []
    for a, b, sc in pairs:
        ra, rb = rows[a.id], rows[b.id]
        if "landmarks" in (a.source, b.source):
            continue  # curated aliases, not the automatic rules
        rec = {"similarity": sc}
        for side, r in (("a", ra), ("b", rb)):
            for c in COLS:
                v = r.get(c)
                rec[f"{c}_{side}"] = None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)[:200]
        recs.append(rec)
    cand = pd.DataFrame(recs)
    if exclude:
        seen = pd.read_csv(exclude, dtype=str, keep_default_na=False)
        keys = set(zip(seen["id_a"], seen["id_b"], strict=True)) | set(zip(seen["id_b"], seen["id_a"], strict=True))
        cand = cand[[(a, b) not in keys for a, b in zip(cand["id_a"], cand["id_b"], strict=True)]]
    bands = pd.cut(cand["similarity"], [-1, 59.9, 75, 85, 92, 101], labels=["key", "60-75", "75-85", "85-92", "92+"])
    sample = (cand.groupby(bands, observed=True, group_keys=False)
              .apply(lambda g: g.sample(min(len(g), per_band), random_state=seed)))
    sample = sample.sort_values(["jurisdiction_a", "similarity"]).reset_index(drop=True)
    sample.insert(0, "same", "")
    sample.to_csv(out, index=False)
    print(f"{len(cand)} candidate pairs; {len(sample)} drawn → {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, per_band=int(sys.argv[3]) if len(sys.argv) > 3 else 70)
