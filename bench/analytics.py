"""Analytics benchmark: the analysis engine (DuckDB through Ibis and SQL) beside plain pandas, in one run.

1. Network metrics over every OpenAlex year (1990–2023): undirected country pairs for all years in one Ibis
   query, then networkx node measures per year via ``policyscope.analysis.network.network`` — against pandas
   reading the raw CSV and building the same pairs.
2. A synthetic work × country table of ``--rows`` rows (default 100 million; 40 % of works have 3 countries,
   60 % have 2, countries skewed like real output) aggregated to country pairs (works per pair):
   - engine, streaming: the table is clustered by work (as an export sorted by work id is), so each row is
     paired with the next k rows of the same work by streaming ``lead() OVER ()`` — no join; row-range chunks
     run in parallel (one per thread); the clustering is checked first, in the same chunks (counted in the time);
   - engine, hash join: the general self-join for unclustered input;
   - pandas, merge: ``merge`` on work, keep a < b, ``groupby`` — on a ``--pandas-rows`` sample, extrapolated
     linearly to the full size (pandas' merge + groupby is linear in rows for a fixed pairs-per-work ratio);
   - pandas, shift: the same streaming idea with ``shift(-k)`` (the best plain-pandas version), on the sample.
   All four results are checked to agree on the sample.
Peak memory (max RSS of this process) is printed after each phase.

Run: .venv/bin/python bench/analytics.py [--rows 100000000] [--pandas-rows 5000000] [--threads 2] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
ROOT = Path(__file__).resolve().parents[1]
OPENALEX_CSV = (ROOT.parent / "shared" / "data" / "openalex_country_coauthorship"
                / "openalex_country_coauthorship_1990_2023.csv.gz")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. network metrics over all OpenAlex years -----------------------------------------------------------
def bench_network(db_path: Path) -> list[tuple[str, float, str]]:
    from policyscope.analysis.network import network, pairs
    from policyscope.store.database import open_db

    out = []
    with open_db(db_path, read_only=True) as db:
        years = db.df("SELECT DISTINCT year FROM main.edges WHERE indicator = 'OPENALEX.COAUTHOR' ORDER BY 1")["year"]
        pairs(db, "OPENALEX.COAUTHOR", 2000)  # warm-up: Ibis import and first compile
        t0 = time.perf_counter()
        allp = pairs(db, "OPENALEX.COAUTHOR", None)
        t_pairs = time.perf_counter() - t0
        out.append(("OpenAlex pairs, all years (Ibis → DuckDB)", t_pairs, f"{len(allp):,} pairs, {len(years)} years"))
        t0 = time.perf_counter()
        dens = []
        for y in years:
            r = network(db, "OPENALEX.COAUTHOR", int(y))
            dens.append(r.density)
        t_net = time.perf_counter() - t0
        out.append(("network() per year, all years (pairs + networkx)", t_net,
                    f"density {min(dens):.2f}–{max(dens):.2f}; peak RSS {peak_mb():,.0f} MB"))
    t0 = time.perf_counter()
    raw = pd.read_csv(OPENALEX_CSV, keep_default_na=False, na_values=[""])
    raw = raw[raw["country_a_iso2"] != raw["country_b_iso2"]]
    lo = raw[["country_a_iso2", "country_b_iso2"]].min(axis=1)
    hi = raw[["country_a_iso2", "country_b_iso2"]].max(axis=1)
    pp = raw.assign(lo=lo, hi=hi).groupby(["year", "lo", "hi"], as_index=False)["works"].max()
    t_pd = time.perf_counter() - t0
    out.append(("pandas: read raw CSV + same pairs, all years", t_pd,
                f"{len(pp):,} pairs; engine {t_pd / t_pairs:.1f}× faster; peak RSS {peak_mb():,.0f} MB"))
    return out


# -- 2. synthetic work × country table ------------------------------------------------------------------
def make_table(con: duckdb.DuckDBPyConnection, n: int, name: str = "wc") -> None:
    """Rows in work order; each work has 2 or 3 distinct countries (pattern 3, 2, 3, 2 …: 2.5 per work);
    country = a skewed base (low codes frequent) + j × a per-work step, modulo 200."""
    con.execute(f"""CREATE OR REPLACE TABLE {name} AS
        WITH r AS (SELECT i, (i * 2) // 5 AS work FROM range({n}) t(i))
        SELECT work::INTEGER AS work,
               ((floor(200 * pow((hash(work) % 1000003)::DOUBLE / 1000003, 2))::INTEGER
                 + (i - (work * 5 + 1) // 2) * (1 + (hash(work * 7) % 60)::INTEGER)) % 200)::SMALLINT AS country
        FROM r""")  # range() is scanned in order; engine_streaming checks the clustering anyway


def _parallel(con: duckdb.DuckDBPyConnection, queries: list[str]) -> list[pd.DataFrame]:
    """Run queries concurrently on cursors of one connection (a streaming window pass is single-threaded,
    so row-range chunks are what spreads it over the cores)."""
    out: list[pd.DataFrame | None] = [None] * len(queries)
    errors: list[BaseException] = []

    def run(i: int, q: str) -> None:
        try:
            out[i] = con.cursor().execute(q).df()
        except BaseException as exc:  # noqa: BLE001 - re-raised below in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, q)) for i, q in enumerate(queries)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [o for o in out if o is not None]


def engine_streaming(con: duckdb.DuckDBPyConnection, name: str = "wc", chunks: int = 2) -> pd.DataFrame:
    """Pairs from a table clustered by work, in row-range chunks run in parallel. Pass 1 checks the clustering
    (work never decreases, across chunk edges too) and finds the largest number of rows per work (4 leads at a
    time); pass 2 pairs each row with the next rows of the same work — a chunk reads k − 1 rows past its end so
    that a work crossing the edge is paired by the chunk where it starts — and the chunk counts are summed."""
    n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    size = -(-n // chunks)
    edges = [(i * size, min(n, (i + 1) * size) - 1) for i in range(chunks) if i * size < n]
    k, cap = 1, 4
    while True:
        leads = ", ".join(f"lead(work, {j}) OVER () AS l{j}" for j in range(k, k + cap))
        flags = ", ".join(f"bool_or(l{j} = work) AS f{j}" for j in range(k, k + cap))
        qs = [f"SELECT bool_or(work < l0) AS back, {flags} FROM (SELECT rowid AS rid, work, lag(work) OVER () AS l0, "
              f"{leads} FROM (SELECT rowid, work FROM {name} WHERE rowid BETWEEN {max(lo - 1, 0)} AND {hi + k + cap})) "
              f"WHERE rid BETWEEN {lo} AND {hi}" for lo, hi in edges]
        res = pd.concat(_parallel(con, qs))
        if res["back"].any():
            raise ValueError(f"{name} is not clustered by work; use the hash join")
        hits = [j for j in range(k, k + cap) if res[f"f{j}"].any()]
        if not hits or hits[-1] < k + cap - 1:
            k = (hits[-1] + 1) if hits else k
            break
        k += cap
    if k == 1:  # every work has a single country: no pairs
        return pd.DataFrame({"a": pd.Series(dtype="int16"), "b": pd.Series(dtype="int16"), "works": pd.Series(dtype="int64")})
    leads = ", ".join(f"lead(work, {j}) OVER () AS w{j}, lead(country, {j}) OVER () AS c{j}" for j in range(1, k))
    qs = []
    for lo, hi in edges:
        union = " UNION ALL ".join(f"SELECT least(country, c{j}) AS a, greatest(country, c{j}) AS b FROM s "
                                   f"WHERE w{j} = work AND rid <= {hi}" for j in range(1, k))
        qs.append(f"WITH s AS (SELECT rid, work, country, {leads} FROM (SELECT rowid AS rid, work, country FROM {name} "
                  f"WHERE rowid BETWEEN {lo} AND {hi + k - 1})) SELECT a, b, count(*) AS works FROM ({union}) GROUP BY ALL")
    parts = pd.concat(_parallel(con, qs))
    return parts.groupby(["a", "b"], as_index=False)["works"].sum()


def engine_hash_join(con: duckdb.DuckDBPyConnection, name: str = "wc") -> pd.DataFrame:
    import ibis

    t = ibis.duckdb.from_connection(con).table(name)
    u = t.view()
    j = t.join(u, [t.work == u.work, t.country < u.country])
    expr = j.group_by(a=j.country, b=j.country_right).aggregate(works=j.count())
    return expr.to_pandas()


def pandas_merge(df: pd.DataFrame) -> pd.DataFrame:
    m = df.merge(df, on="work", suffixes=("_a", "_b"))
    m = m[m["country_a"] < m["country_b"]]
    return m.groupby(["country_a", "country_b"], as_index=False).size().rename(
        columns={"country_a": "a", "country_b": "b", "size": "works"})


def pandas_shift(df: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    parts = []
    for j in range(1, k):
        same = df["work"].shift(-j) == df["work"]
        c2 = df["country"].shift(-j)[same].astype("int16")
        c1 = df["country"][same]
        parts.append(pd.DataFrame({"a": c1.where(c1 < c2, c2), "b": c2.where(c1 < c2, c1)}))
    return pd.concat(parts).groupby(["a", "b"], as_index=False).size().rename(columns={"size": "works"})


def _same(x: pd.DataFrame, y: pd.DataFrame) -> bool:
    k = ["a", "b"]
    x = x.astype({"a": "int64", "b": "int64", "works": "int64"}).sort_values(k).reset_index(drop=True)
    y = y.astype({"a": "int64", "b": "int64", "works": "int64"}).sort_values(k).reset_index(drop=True)
    return x.equals(y)


def bench_pairs(rows: int, pandas_rows: int, threads: int, hash_join_rows: int) -> list[tuple[str, float, str]]:
    out = []
    with tempfile.TemporaryDirectory() as d:
        con = duckdb.connect(str(Path(d) / "bench.duckdb"))
        con.execute(f"SET threads = {threads}")
        con.execute(f"SET temp_directory = '{d}'")
        # correctness on the sample: all four methods agree
        make_table(con, pandas_rows, "sample")
        sample = con.execute("SELECT * FROM sample").df()
        t0 = time.perf_counter()
        ref = pandas_merge(sample)
        t_merge = time.perf_counter() - t0
        t0 = time.perf_counter()
        via_shift = pandas_shift(sample)
        t_shift = time.perf_counter() - t0
        t0 = time.perf_counter()
        eng_small = engine_streaming(con, "sample", chunks=threads)
        t_eng_small = time.perf_counter() - t0
        assert _same(ref, via_shift) and _same(ref, eng_small), "methods disagree on the sample"
        assert _same(ref, engine_hash_join(con, "sample")), "hash join disagrees on the sample"
        out.append((f"pandas merge+groupby, {pandas_rows:,} rows (measured)", t_merge, f"peak RSS {peak_mb():,.0f} MB"))
        out.append((f"pandas shift+groupby, {pandas_rows:,} rows (measured)", t_shift, ""))
        out.append((f"engine streaming, {pandas_rows:,} rows (measured)", t_eng_small, "all four methods agree"))
        del sample, ref, via_shift
        t0 = time.perf_counter()
        make_table(con, rows)
        t_gen = time.perf_counter() - t0
        out.append((f"generate {rows:,} rows in DuckDB", t_gen, ""))
        t0 = time.perf_counter()
        res = engine_streaming(con, chunks=threads)
        t_eng = time.perf_counter() - t0
        n_pairs = int(res["works"].sum())
        scale = rows / pandas_rows
        out.append((f"ENGINE streaming pairs, {rows:,} rows", t_eng,
                    f"{len(res):,} country pairs from {n_pairs:,} work-pairs; target < 60 s: "
                    f"{'met' if t_eng < 60 else 'NOT met'}; peak RSS {peak_mb():,.0f} MB"))
        out.append((f"pandas merge extrapolated ×{scale:g}", t_merge * scale,
                    f"engine {t_merge * scale / t_eng:.0f}× faster (target ≥ 10×: "
                    f"{'met' if t_merge * scale / t_eng >= 10 else 'NOT met'})"))
        out.append((f"pandas shift extrapolated ×{scale:g}", t_shift * scale,
                    f"engine {t_shift * scale / t_eng:.1f}× faster than the best plain pandas"))
        if hash_join_rows:
            make_table(con, hash_join_rows, "hj")
            t0 = time.perf_counter()
            engine_hash_join(con, "hj")
            t_hj = time.perf_counter() - t0
            out.append((f"engine hash join (unclustered input), {hash_join_rows:,} rows", t_hj,
                        f"pandas merge on the same size ≈ {t_merge * hash_join_rows / pandas_rows:.1f} s "
                        f"(extrapolated); peak RSS {peak_mb():,.0f} MB"))
        con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument("--pandas-rows", type=int, default=5_000_000)
    ap.add_argument("--hash-join-rows", type=int, default=20_000_000, help="0 to skip")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--db", type=Path, default=None, help="built database (default: build one in a temp dir)")
    a = ap.parse_args()
    console.print(f"cores available: {os.cpu_count()}, DuckDB threads: {a.threads}, duckdb {duckdb.__version__}")
    results: list[tuple[str, float, str]] = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console) as prog:
        task = prog.add_task("network metrics over all OpenAlex years", total=None)
        with tempfile.TemporaryDirectory() as d:
            db = a.db
            if db is None:
                from policyscope.store.build import build

                db = Path(d) / "policyscope.duckdb"
                build(db, progress=False)
            results += bench_network(db)
        prog.update(task, description=f"work × country pairs ({a.rows:,} rows)")
        results += bench_pairs(a.rows, a.pandas_rows, a.threads, a.hash_join_rows)
        prog.update(task, description="done")
    t = Table(title="bench/analytics.py")
    t.add_column("step")
    t.add_column("seconds", justify="right")
    t.add_column("notes")
    for name, secs, note in results:
        t.add_row(name, f"{secs:.2f}", note)
    console.print(t)
    console.print(f"peak memory (max RSS of this process): {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
