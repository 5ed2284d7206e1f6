"""Type check with a baseline that only shrinks.

mypy runs over ``src/policyscope`` (settings in pyproject.toml). ``mypy-baseline.json`` holds the number of
errors each file is allowed; a file with more errors than its baseline, or a file not in the baseline with any
error, fails the check. Files listed as strict in pyproject (``[[tool.mypy.overrides]] strict = true``) must
have none. ``--update`` rewrites the baseline to today's counts (only ever lower: a count never grows).

Example::

    python scripts/check_types.py            # the check `make test` runs
    python scripts/check_types.py --update   # after fixing errors, lower the baseline
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.json"
LINE = re.compile(r"^(src/[^:]+\.py):\d+(?::\d+)?: error:")


def run_mypy() -> tuple[Counter[str], list[str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "src/policyscope", "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if LINE.match(ln)]
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not lines):
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"mypy did not run (exit {proc.returncode})")
    return Counter(LINE.match(ln).group(1) for ln in lines), lines  # type: ignore[union-attr]


def main(argv: list[str]) -> int:
    counts, lines = run_mypy()
    base: dict[str, int] = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    if "--update" in argv:
        new = {f: min(n, base.get(f, n)) if base else n for f, n in sorted(counts.items())}
        BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print(f"baseline: {sum(new.values())} errors in {len(new)} files")
        return 0
    worse = {f: (n, base.get(f, 0)) for f, n in counts.items() if n > base.get(f, 0)}
    for f, (n, allowed) in sorted(worse.items()):
        print(f"{f}: {n} mypy errors, baseline allows {allowed}")
        for ln in lines:
            if ln.startswith(f + ":"):
                print("  " + ln)
    total, allowed_total = sum(counts.values()), sum(base.values())
    print(f"mypy: {total} errors (baseline {allowed_total}) in {len(counts)} files")
    return 1 if worse else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
