"""Who moved over ten years among the major economies (seed 004's "与十年前相比" paragraphs): the largest
risers and the fallers of an indicator, and China's path with its place among the peers — every number a
fact of one ``rank`` call with ``compare_year``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policyscope.analysis.breaks import breaks_by_jurisdiction
from policyscope.report.context import Ctx
from policyscope.report.model import Sentence
from policyscope.report.narrative import Ran, fact, num, run
from policyscope.report.types.common import FOCUS, PEERS

MIN_COMPARED = 4  # fewer peers with a value ten years before say nothing about movers


def _path(ctx: Ctx, rk: Ran, j: str, kind: str, change: float) -> dict[str, Any]:
    f = {k: fact(rk, field, kind if k[0] == "v" else "rank", ctx.lang, jurisdiction=j)
         for k, field in (("v0", "compare_value"), ("v1", "value"), ("r0", "compare_rank"), ("r1", "rank"))}
    r0, r1 = f["r0"], f["r1"]
    ranks = (num(r0), num(r1)) if r0 is not None and r1 is not None else None
    return f | {"name": ctx.jname(j), "up": change > 0, "same_rank": ranks is not None and ranks[0] == ranks[1],
                "rank_up": ranks is not None and ranks[1] < ranks[0]}


def movers(ctx: Ctx, indicator: str, year: int, kind: str, breaks: bool = True,
           peers: Sequence[str] = PEERS) -> dict[str, Any] | None:
    """The two largest risers, up to two fallers and the focus economy over ``year - 10`` → ``year``; series
    with a break in those years are left out of the comparison and named (``breaks=False`` for flows such as
    FDI, which swing and change sign, so that the break rule says nothing about them)."""
    rk = run(ctx.db, "rank", indicator=indicator, year=year, compare_year=year - 10, jurisdictions=list(peers))
    if not rk.ok:
        return None
    df = rk.frame().dropna(subset=["compare_value"])
    if len(df) < MIN_COMPARED:
        return None
    broken: list[str] = []
    if breaks:
        br = run(ctx.db, "breaks", indicator=indicator, date_from=year - 10, date_to=year, jurisdictions=list(peers))
        broken = sorted(breaks_by_jurisdiction(br.result)) if br.ok else []
    df = df[~df["jurisdiction"].isin(broken)]  # a change across a series break is not a move
    df = df.assign(change=df["value"] - df["compare_value"]).sort_values("change", ascending=False)
    change = dict(zip(df["jurisdiction"], df["change"], strict=True))
    risers = [j for j in df["jurisdiction"] if change[j] > 0][:2]
    fallers = [j for j in reversed(df["jurisdiction"].tolist()) if change[j] < 0][:2]
    focus = FOCUS if FOCUS in change and FOCUS not in risers + fallers else None
    return {"y0": year - 10, "y1": year,
            "risers": [_path(ctx, rk, j, kind, change[j]) for j in risers],
            "fallers": [_path(ctx, rk, j, kind, change[j]) for j in fallers],
            "focus": _path(ctx, rk, focus, kind, change[focus]) if focus else None,
            "broken": [ctx.jname(j) for j in broken]}


def movers_sentence(ctx: Ctx, macro: str, indicator: str, year: int, kind: str, breaks: bool = True,
                    peers: Sequence[str] = PEERS) -> Sentence | None:
    """The ``macro`` sentence (text.<lang>.j2) over :func:`movers`; None when too few peers compare."""
    m = movers(ctx, indicator, year, kind, breaks, peers)
    if m is None or not (m["risers"] or m["fallers"]):
        return None
    return ctx.say(macro, **m)
