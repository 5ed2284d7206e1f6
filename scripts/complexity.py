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

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path (tests)
import shrinking_list  # noqa: E402

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


HEADER = ("# Functions above ruff's complexity limit (C901) accepted when the rule came in; may only shrink.\n"
          "# Regenerate with: python scripts/complexity.py --update  (see scripts/complexity.py)\n")


def read_baseline() -> Counter[str]:
    return shrinking_list.read(BASELINE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the list to the current functions")
    parser.add_argument("--accept-new", action="store_true", help="with --update: also list new functions")
    args = parser.parse_args(argv)
    return shrinking_list.check("complexity", too_complex(), BASELINE, HEADER, update=args.update,
                                accept_new=args.accept_new, noun="exceptions")


if __name__ == "__main__":
    sys.exit(main())
