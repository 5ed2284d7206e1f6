"""Web benchmark: many concurrent clients on loopback against the real server (`policyscope serve` in a
subprocess) hitting /api/v1/events and /api/v1/search with a varied mix of filters and queries.

Prints, per endpoint, requests, throughput, p50 / p99 / max latency and errors, beside a baseline measured
in the same run: the same calls made directly in-process (no HTTP, one at a time) — the difference is the
cost of HTTP, JSON and concurrency. The load is bounded: ``--clients`` (default 32) for ``--seconds``
(default 20) after a warm-up; every client waits for its previous answer (closed loop).

Target (issue 6): p99 < 150 ms at 32 concurrent clients on 2 cores, zero errors.

First views (issue 12): before the load, every page kind is opened once per URL and language (zh, en) by one
client — the first view of that URL on this server, after its warm-up (``serve --warm``: every page kind's
default view and every profile with data, kept in ``<db>.views/``) has finished — over many URLs: every
jurisdiction profile with data, events and documents by id, searches, filtered lists, compare sets, network
foci. Prints p50 / p95 / max per page kind; target p95 < 300 ms. The view files and search index beside
``--db`` are copied with it (a restart on the same database reads them back); ``--cold-views`` makes the
server compute them all first (tens of minutes on a loaded machine). ``--no-first-views`` skips this part.
Rate limits are switched off for the run (they exist to stop one client hogging a shared server, and all
clients here share one address).

Run: .venv/bin/python bench/web.py [--db policyscope.duckdb] [--clients 32] [--seconds 20] [--workers 2] [--think 1]
     [--cold-views] [--no-first-views] [--first-only] [--sample N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
from rich.console import Console
from rich.table import Table

console = Console()
ROOT = Path(__file__).resolve().parents[1]

QUERIES = ["人工智能", "semiconductor", "芯片", "quantum", "量子计算", "5G", "自动驾驶", "autonomous vehicles",
           "data protection", "数据安全", "cybersecurity", "网络安全", "blockchain", "区块链", "cloud computing",
           "生成式人工智能", "generative AI", "algorithm", "算法", "export controls", "supply chain", "供应链",
           "research funding", "科技创新", "national strategy", "国家战略", "facial recognition", "机器人",
           "standards", "标准", "talent", "人才", "digital economy", "数字经济", "ethics", "伦理"]
JURIS = [None, "USA", "CHN", "EU", "GBR", "JPN", "DEU", "FRA", "KOR", "CAN", "美国", "中国"]
DOMAINS = [None, None, "ai", "semiconductors", "data", "cybersecurity", "quantum"]
TYPES = [None, None, None, "strategy", "law_regulation", "plan_program", "standard"]
SORTS = ["-date", "date", "title", "-updated", "jurisdiction"]


def events_params(rng: random.Random) -> dict[str, str]:
    p: dict[str, str] = {"per_page": str(rng.choice([10, 20, 50])), "page": str(rng.choice([1, 1, 1, 2, 3])),
                         "sort": rng.choice(SORTS)}
    for key, pool in (("jurisdiction", JURIS), ("domain", DOMAINS), ("type", TYPES)):
        v = rng.choice(pool)
        if v:
            p[key] = v
    if rng.random() < 0.3:
        p["from"] = str(rng.choice([2015, 2018, 2020, 2022]))
    if rng.random() < 0.2:
        p["q"] = rng.choice(["AI", "data", "act", "strategy", "人工智能"])
    return p


ZIPF = [1 / (i + 1) for i in range(len(QUERIES))]  # popular queries repeat (rank-frequency like real logs)


def search_params(rng: random.Random) -> dict[str, str]:
    p = {"q": rng.choices(QUERIES, weights=ZIPF)[0], "limit": str(rng.choice([10, 20])), "kind": rng.choice(["all", "all", "events",
                                                                                          "documents"])}
    if rng.random() < 0.25:
        p["jurisdiction"] = rng.choice([j for j in JURIS if j])
    if rng.random() < 0.15:
        p["offset"] = "20"
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, work: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ, POLICYSCOPE_SEARCH_RATE="0", POLICYSCOPE_WRITE_RATE="0")
    proc = subprocess.Popen([sys.executable, "-m", "policyscope", "serve", "--db", str(db), "--port", str(port),
                             "--log-level", "warning", "--work-dir", str(work), "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # a loaded 2-core machine takes minutes to import and copy
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/api/v1/me", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start within 300 s")


async def client_loop(http: httpx.AsyncClient, seed: int, stop_at: float, record: bool,
                      out: dict[str, list[float]], errors: dict[str, list[str]], think: float) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < stop_at:
        if think:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        kind = "events" if rng.random() < 0.5 else "search"
        params = events_params(rng) if kind == "events" else search_params(rng)
        t0 = time.perf_counter()
        try:
            r = await http.get(f"/api/v1/{kind}", params=params)
            ok = r.status_code == 200
            err = None if ok else f"{r.status_code} {r.text[:120]}"
        except httpx.HTTPError as exc:
            ok, err = False, f"{type(exc).__name__}: {exc}"
        dt = time.perf_counter() - t0
        if record:
            out[kind].append(dt)
            if err:
                errors[kind].append(err)


async def load(url: str, clients: int, seconds: float, warmup: float, think: float = 0.0) -> tuple[
        dict[str, list[float]], dict[str, list[str]], float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    out: dict[str, list[float]] = {"events": [], "search": []}
    errors: dict[str, list[str]] = {"events": [], "search": []}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        w_end = time.perf_counter() + warmup
        await asyncio.gather(*(client_loop(http, 1000 + i, w_end, False, out, errors, think) for i in range(clients)))
        t0 = time.perf_counter()
        end = t0 + seconds
        await asyncio.gather(*(client_loop(http, i, end, True, out, errors, think) for i in range(clients)))
        elapsed = time.perf_counter() - t0
    return out, errors, elapsed


def baseline(db: Path, n: int = 200) -> dict[str, list[float]]:
    """The same calls in-process on a read-only connection, one at a time (no HTTP, no concurrency)."""
    from policyscope.store.database import Database
    from policyscope.web.services import reads as queries
    from policyscope.web.services import search as searching

    rng = random.Random(7)
    out: dict[str, list[float]] = {"events": [], "search": []}
    with Database(db, read_only=True) as d:
        for _ in range(n):
            p = events_params(rng)
            q = queries.EventQuery(jurisdiction=p.get("jurisdiction"), domain=p.get("domain"), type=p.get("type"),
                                   date_from=p.get("from"), q=p.get("q"), sort=p["sort"], page=int(p["page"]),
                                   per_page=int(p["per_page"])).clean()
            t0 = time.perf_counter()
            queries.list_events(d, q)
            out["events"].append(time.perf_counter() - t0)
            s = search_params(rng)
            f = queries.EventQuery(jurisdiction=s.get("jurisdiction")).clean()
            t0 = time.perf_counter()
            searching.search(d, s["q"], f, s["kind"], int(s["limit"]), int(s.get("offset", 0)))
            out["search"].append(time.perf_counter() - t0)
    return out


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process (this one by default), from /proc."""
    fields = Path(f"/proc/{pid or os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(pid: int) -> float:
    """CPU of the server and its worker processes (children found through /proc)."""
    total = cpu_seconds(pid)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


# -- first views (issue 12) -----------------------------------------------------------------------------------
FIRST_VIEW_TARGET_MS = 300
STATIC_KINDS = {"home": ["/"], "jurisdictions": ["/jurisdictions"], "indicators": ["/indicators"],
                "coverage": ["/coverage"], "analyze": ["/analyze"], "reports": ["/reports"], "map": ["/map"],
                "explore": ["/explore"], "documents": ["/documents"]}
COMPARE_SETS = [None, "CHN,USA,JPN,DEU,KOR", "BRA,IND,ZAF", "FRA,DEU,ITA,ESP", "KEN,NGA,EGY", "USA,GBR,CAN,AUS"]


def data_ids(db: Path, sample: int) -> dict[str, list[str]]:
    """Jurisdictions with data (as the server warms them), and event and document ids, read from the copy."""
    from policyscope.store.database import Database
    from policyscope.web.services.warmup import jurisdictions_with_data

    with Database(db, read_only=True) as d:
        juris = jurisdictions_with_data(d)
        events = [r[0] for r in d.con.execute(
            "SELECT id FROM main.events WHERE review_state IN ('auto', 'accepted', 'edited') "
            "ORDER BY hash(id) LIMIT ?", [sample]).fetchall()]
        docs = [r[0] for r in d.con.execute("SELECT id FROM main.documents ORDER BY hash(id) LIMIT ?",
                                            [sample]).fetchall()]
    return {"juris": juris, "events": events, "docs": docs}


def first_view_urls(ids: dict[str, list[str]], sample: int) -> dict[str, list[str]]:
    """URLs per page kind: each page's default view and many parameterised ones."""
    rng = random.Random(12)
    some = ids["juris"][:sample]
    urls = {k: list(v) for k, v in STATIC_KINDS.items()}
    urls["profile"] = [f"/jurisdictions/{c}" for c in ids["juris"]]
    urls["event"] = [f"/events/{i}" for i in ids["events"]]
    urls["document"] = [f"/documents/{i}" for i in ids["docs"]]
    urls["search"] = ["/search?" + urlencode({"q": q}) for q in QUERIES[:sample]]
    urls["events"] = ["/events"] + ["/events?" + urlencode({"jurisdiction": c}) for c in rng.sample(some, min(8, len(some)))]
    urls["compare"] = ["/compare" + (f"?j={s}" if s else "") for s in COMPARE_SETS]
    urls["network"] = ["/network"] + [f"/network?focus={c}" for c in rng.sample(ids["juris"][:40], 5)]
    return urls


def wait_warm(url: str, timeout: float) -> dict[str, object]:
    """Wait until the server's warm-up of its snapshot has finished; its status then."""
    deadline = time.monotonic() + timeout
    while True:
        status = httpx.get(url + "/api/v1/status", timeout=10).json()
        if status.get("warmed_snapshot") is not None or time.monotonic() > deadline:
            return status
        time.sleep(1)


def measure_first_views(url: str, urls: dict[str, list[str]]) -> tuple[dict[str, list[float]], list[str]]:
    """One GET per URL and language, one client: every request is the first of that URL (and language)."""
    out: dict[str, list[float]] = {k: [] for k in urls}
    errors: list[str] = []
    with httpx.Client(base_url=url, timeout=120) as http:
        for lang in ("zh", "en"):
            http.cookies.set("ps_lang", lang)
            for kind, paths in urls.items():
                for path in paths:
                    t0 = time.perf_counter()
                    r = http.get(path)
                    out[kind].append(time.perf_counter() - t0)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {lang} {path}")
    return out, errors


def first_view_table(times: dict[str, list[float]], warm: dict[str, object]) -> Table:
    t = Table(title=f"first view per page kind (one client, zh + en; warm-up: {warm})")
    for col in ("page kind", "URLs × langs", "p50 ms", "p95 ms", "max ms", f"p95 < {FIRST_VIEW_TARGET_MS} ms"):
        t.add_column(col, justify="right")
    for kind, xs in times.items():
        p95 = pct(xs, 95)
        t.add_row(kind, str(len(xs)), f"{pct(xs, 50):.0f}", f"{p95:.0f}", f"{max(xs) * 1000:.0f}",
                  "yes" if p95 < FIRST_VIEW_TARGET_MS else "NO")
    return t


def first_views(db: Path, url: str, sample: int, status: dict[str, object], waited_s: float) -> bool:
    """After the warm-up (``status`` as it ended), open every URL once per language, print the table; True if
    every kind met."""
    views = status.get("views") or {}
    warm = views.get("warm-up") if isinstance(views, dict) else None
    summary = {"waited_s": round(waited_s), **(warm if isinstance(warm, dict) else {})}
    urls = first_view_urls(data_ids(db, sample), sample)
    times, errors = measure_first_views(url, urls)
    console.print(first_view_table(times, summary))
    for e in errors[:10]:
        console.print(f"[red]first-view error:[/] {e}")
    met = all(pct(xs, 95) < FIRST_VIEW_TARGET_MS for xs in times.values()) and not errors
    console.print(f"first-view target p95 < {FIRST_VIEW_TARGET_MS} ms for every page kind: {'met' if met else 'NOT met'}")
    return met


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "policyscope.duckdb", help="built database (copied first)")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (policyscope serve --workers)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean pause between a client's requests in seconds (0 = closed loop, the harshest)")
    ap.add_argument("--cold-views", action="store_true",
                    help="do not copy <db>.views and <db>.search: the server computes every view and the index")
    ap.add_argument("--no-first-views", action="store_true", help="skip the first-view pass")
    ap.add_argument("--first-only", action="store_true", help="only the first-view pass (no API load)")
    ap.add_argument("--sample", type=int, default=40, help="events, documents, searches opened in the first-view pass")
    ap.add_argument("--warm-timeout", type=float, default=3600, help="seconds to wait for the server's warm-up")
    a = ap.parse_args()
    if not 1 <= a.clients <= 256 or not 1 <= a.seconds <= 300:
        raise SystemExit("--clients must be 1–256 and --seconds 1–300 (the load is bounded)")
    tmp = Path(tempfile.mkdtemp(prefix="policyscope-bench-web-"))
    try:
        db = tmp / "policyscope.duckdb"
        if a.db.exists():
            shutil.copy(a.db, db)
        else:
            console.print(f"{a.db} not found: building a fresh database")
            from policyscope.store import search as _search  # noqa: F401  (registers the index build hook)
            from policyscope.store.build import build

            build(db, progress=True)
        for derived in ("views", "search"):  # page views and search index a server made for this content
            src = Path(f"{a.db}.{derived}")  # (the default folders: POLICYSCOPE_VIEWS_DIR / _SEARCH_DIR unset)
            if src.is_dir() and not a.cold_views:
                shutil.copytree(src, Path(f"{db}.{derived}"))
        load1 = os.getloadavg()[0]
        console.print(f"cores: {os.cpu_count()}; load average before the run: {load1:.1f}; clients: {a.clients}; "
                      f"{a.seconds:g} s after {a.warmup:g} s warm-up")
        proc, url = start_server(db, tmp / "work", a.workers)
        try:
            # a server that has been up a little while: its snapshot's caches hold the domain terms and views
            t0 = time.monotonic()
            status = wait_warm(url, a.warm_timeout)
            if status.get("warmed_snapshot") is None:
                console.print(f"[yellow]the server did not finish warming in {a.warm_timeout:g} s; measuring anyway[/]")
            if not a.no_first_views:
                first_views(db, url, a.sample, status, time.monotonic() - t0)
            if a.first_only:
                return
            base = baseline(db)
            c0, s0 = cpu_seconds(), server_cpu_seconds(proc.pid)
            out, errors, elapsed = asyncio.run(load(url, a.clients, a.seconds, a.warmup, a.think))
            client_cpu, server_cpu = cpu_seconds() - c0, server_cpu_seconds(proc.pid) - s0
            status = httpx.get(url + "/api/v1/status").json()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        mode = ("closed loop" if not a.think else f"think time ~{a.think:g} s") + f", {a.workers} server process(es)"
        t = Table(title=f"/api/v1 under {a.clients} concurrent clients, {elapsed:.1f} s (loopback, {mode})")
        for col in ("endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors",
                    "baseline p50 ms", "baseline p99 ms"):
            t.add_column(col, justify="right")
        for k in ("events", "search"):
            xs = out[k]
            t.add_row(f"/api/v1/{k}", str(len(xs)), f"{len(xs) / elapsed:.1f}", f"{pct(xs, 50):.1f}",
                      f"{pct(xs, 99):.1f}", f"{max(xs) * 1000 if xs else float('nan'):.1f}", str(len(errors[k])),
                      f"{pct(base[k], 50):.1f}", f"{pct(base[k], 99):.1f}")
        allx = out["events"] + out["search"]
        t.add_row("all", str(len(allx)), f"{len(allx) / elapsed:.1f}", f"{pct(allx, 50):.1f}", f"{pct(allx, 99):.1f}",
                  f"{max(allx) * 1000:.1f}", str(sum(len(e) for e in errors.values())), "", "")
        console.print(t)
        n_all = len(out["events"]) + len(out["search"])
        console.print(f"CPU during warm-up + load: server {server_cpu:.1f} s ({server_cpu * 1000 / max(1, n_all):.1f} ms "
                      f"per measured request), load generator {client_cpu:.1f} s — both on the same "
                      f"{os.cpu_count()} cores")
        cache = status["search_cache"]
        console.print(f"search cache: {cache['hits']} hits / {cache['misses']} misses "
                      f"(baseline = in-process, sequential, same query mix, cold cache at first)")
        for k, errs in errors.items():
            for e in errs[:5]:
                console.print(f"[red]{k} error:[/] {e}")
        p99 = pct(allx, 99)
        verdict = "met" if p99 < 150 and not any(errors.values()) else "NOT met"
        console.print(f"target p99 < 150 ms with zero errors: {verdict} (p99 {p99:.1f} ms, "
                      f"mean {statistics.mean(allx) * 1000:.1f} ms)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
