"""Run mypy on src/ and compare its errors to a committed baseline that may only shrink.

mypy found a few hundred errors when it was introduced; fixing them all at once would have touched code
other people were rewriting. So the errors of that day are listed in `typecheck-baseline.txt` and this
script fails only on an error that is not in the list. An entry is `path: [code] message`, without the
line number (which moves with every edit above it); an error that occurs twice in a file is listed twice,
so a second copy of a listed error is new too.

    python scripts/typecheck.py            # fails on a new error, says how many listed ones are gone
    python scripts/typecheck.py --update   # rewrite the list to today's errors (after fixing, or a merge)

`--update` refuses to add an error in a module that is checked strictly (the `disallow_untyped_defs`
overrides in pyproject.toml): those must stay at zero. It adds other new errors only with
`--accept-new`, which is meant for re-baselining after a merge, where the reviewer sees the diff.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path (tests)
import shrinking_list  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "typecheck-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)(?::\d+)?: error: (?P<message>.*?)\s+\[(?P<code>[a-z0-9-]+)\]$")


def run_mypy() -> list[tuple[str, str]]:
    """Return (entry, original line) for each error mypy reports on src/ with pyproject's settings."""
    cmd = [sys.executable, "-m", "mypy", "--no-pretty", "--no-error-summary", "--show-error-codes",
           "--no-color-output", "--hide-error-context"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    errors = []
    for line in proc.stdout.splitlines():
        m = ERROR.match(line)
        if m:
            errors.append((entry(m["path"], m["code"], m["message"]), line))
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not errors):
        # 2 is mypy's own failure (bad config, crash): never read that as "no errors".
        sys.exit(f"mypy failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return errors


def entry(path: str, code: str, message: str) -> str:
    """The line-number-free form of one error; line numbers inside messages go too."""
    message = re.sub(r"\bline \d+\b", "line N", message)
    return f"{Path(path).as_posix()}: [{code}] {message}"


def strict_prefixes() -> tuple[str, ...]:
    """Source paths of the modules pyproject checks strictly, e.g. src/policyscope/store/."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    prefixes = []
    for override in config["tool"]["mypy"].get("overrides", []):
        if override.get("disallow_untyped_defs"):
            modules = override["module"]
            for module in [modules] if isinstance(modules, str) else modules:
                prefixes.append("src/" + module.removesuffix(".*").replace(".", "/") + "/")
    return tuple(prefixes)


HEADER = ("# mypy errors accepted when the type check was introduced; may only shrink.\n"
          "# Regenerate with: python scripts/typecheck.py --update  (see scripts/typecheck.py)\n")


def read_baseline() -> Counter[str]:
    return shrinking_list.read(BASELINE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baseline to the current errors")
    parser.add_argument("--accept-new", action="store_true", help="with --update: also list new errors")
    args = parser.parse_args(argv)
    strict = strict_prefixes()
    return shrinking_list.check("typecheck", run_mypy(), BASELINE, HEADER, update=args.update,
                                accept_new=args.accept_new, noun="errors", forbidden=lambda e: e.startswith(strict),
                                forbidden_reason="strictly checked modules must have no error")


if __name__ == "__main__":
    sys.exit(main())
