"""A committed list of accepted findings that may only shrink: shared by scripts/typecheck.py (mypy errors) and
scripts/complexity.py (functions above ruff's complexity limit).

A finding is an ``entry`` (a stable, line-number-free key) with the tool's ``line`` to print. The check fails on
an entry that is not listed (a second copy of a listed entry is new too); ``--update`` rewrites the list to
today's findings, and lists new ones only with ``--accept-new`` (after a merge, where the reviewer sees the diff).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path


def read(path: Path) -> Counter[str]:
    if not path.exists():
        return Counter()
    lines = path.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write(path: Path, header: str, entries: Counter[str]) -> None:
    path.write_text(header + "".join(f"{e}\n" for e in sorted(entries.elements())), encoding="utf-8")


def check(tool: str, found: Sequence[tuple[str, str]], path: Path, header: str, *, update: bool, accept_new: bool,
          noun: str, forbidden: Callable[[str], bool] = lambda e: False, forbidden_reason: str = "") -> int:
    """Compare ``found`` with the list at ``path``; print what a person needs and return the exit code."""
    current = Counter(e for e, _ in found)
    listed = read(path)
    new, gone = current - listed, listed - current
    if update:
        never = [e for e in new.elements() if forbidden(e)]
        refused = never or ([] if accept_new else sorted(new.elements()))
        if refused:
            for e in refused:
                print(f"new: {e}")
            print(f"{tool}: list not rewritten ({forbidden_reason if never else 'fix them, or pass --accept-new'})")
            return 1
        write(path, header, current)
        print(f"{tool}: list rewritten: {sum(current.values())} {noun} "
              f"({sum(gone.values())} removed, {sum(new.values())} added)")
        return 0
    if new:
        remaining = new.copy()
        for e, line in found:
            if remaining[e] > 0:
                print(line)
                remaining[e] -= 1
        print(f"{tool}: {sum(new.values())} new, not in {path.name}: fix them (the list may only shrink)")
        return 1
    msg = f"{tool}: ok, {sum(current.values())} listed {noun}, no new one"
    if gone:
        msg += f"; {sum(gone.values())} listed ones are gone: shrink the list with `--update`"
    print(msg)
    return 0
