"""Fail on a function above ruff's complexity limit (C901) that is not in the committed list of exceptions.

The limit is `[tool.ruff.lint.mccabe] max-complexity` in pyproject.toml. The functions above it when the rule
came in are listed in `complexity-baseline.txt` as `path::function`, so a list that can only shrink: a new
complex function fails even if an old one was split meanwhile, and a listed one that got simpler is reported
so the entry can go. The list is kept here, not as `# noqa: C901` on each function, so that adding the rule
touched no line of code other people were editing.

    python scripts/complexity.py            # fails on a function not in the list
    python scripts/complexity.py --update   # drop the entries of functions now within the limit
    python scripts/complexity.py --update --accept-new   # also list today's new ones (after a merge)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "complexity-baseline.txt"
NAME = re.compile(r"^`(?P<name>[^`]+)` is too complex \((?P<n>\d+) > (?P<limit>\d+)\)")


def too_complex() -> list[tuple[str, str]]:
    """(path::function, readable line) of every function in src/ above the limit."""
    cmd = [sys.executable, "-m", "ruff", "check", "--select", "C901", "--output-format", "json", "--quiet", "src"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"ruff failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    found = []
    for d in json.loads(proc.stdout or "[]"):
        m = NAME.match(d["message"])
        if d["code"] != "C901" or not m:
            sys.exit(f"unexpected ruff output: {d}")
        path = Path(d["filename"]).resolve().relative_to(ROOT).as_posix()
        found.append((f"{path}::{m['name']}", f"{path}:{d['location']['row']}: {d['message']}"))
    return found


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(entries: Counter[str]) -> None:
    header = ("# Functions above ruff's complexity limit (C901) accepted when the rule came in; may only shrink.\n"
              "# Regenerate with: python scripts/complexity.py --update  (see scripts/complexity.py)\n")
    BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(entries.elements())), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the list to the current functions")
    parser.add_argument("--accept-new", action="store_true", help="with --update: also list new functions")
    args = parser.parse_args(argv)

    found = too_complex()
    current = Counter(e for e, _ in found)
    baseline = read_baseline()
    new, gone = current - baseline, baseline - current

    if args.update:
        if new and not args.accept_new:
            for e in sorted(new.elements()):
                print(f"new: {e}")
            print("complexity: list not rewritten (split the new functions, or pass --accept-new)")
            return 1
        write_baseline(current)
        print(f"complexity: list rewritten: {sum(current.values())} exceptions "
              f"({sum(gone.values())} removed, {sum(new.values())} added)")
        return 0

    if new:
        remaining = new.copy()
        for e, line in found:
            if remaining[e] > 0:
                print(line)
                remaining[e] -= 1
        print(f"complexity: {sum(new.values())} function(s) above the limit and not in "
              f"{BASELINE.relative_to(ROOT)}: split them into smaller functions")
        return 1
    msg = f"complexity: ok, {sum(current.values())} listed exceptions, no new one"
    if gone:
        msg += (f"; {sum(gone.values())} listed functions are now within the limit: shrink the list with "
                "`python scripts/complexity.py --update`")
    print(msg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
