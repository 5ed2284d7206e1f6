"""Translation memory of policy names (zh ↔ en), kept as a CSV data file with each pair's origin, so that a
Chinese title shown for a foreign policy is an established name, never an invented one.

Origins: ``gold`` (hand-checked pairs in the seeds' gold files), ``stip_original`` (STIP Compass's original-language
name of a Chinese initiative beside its English name), ``glossary`` (curated established Chinese names),
``editor`` (added by a reviewer) and ``mee_mt`` (the MEE list's Google machine translation — kept for search, never
used as a title). The packaged file ships with policyscope; a local file (``policyscope tm import``) adds to it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, field_validator

from policyscope.errors import InputError

Origin = Literal["gold", "stip_original", "mee_mt", "glossary", "editor"]
ORIGINS: tuple[str, ...] = ("gold", "stip_original", "mee_mt", "glossary", "editor")
MACHINE_ORIGINS = frozenset({"mee_mt"})
# which entry wins when one English name has several Chinese names
PRIORITY = {"editor": 0, "gold": 1, "glossary": 2, "stip_original": 3, "mee_mt": 9}
COLUMNS = ["zh", "en", "origin", "source_ref", "note"]


class TMError(InputError):
    """A translation-memory file that cannot be read: names the file and the reason."""


class TMEntry(BaseModel):
    zh: str
    en: str
    origin: Origin
    source_ref: str = ""
    note: str = ""

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("empty")
        return v

    @property
    def machine(self) -> bool:
        return self.origin in MACHINE_ORIGINS


def normalise(text: str) -> str:
    """Case, punctuation, brackets and a leading "the" do not matter when matching a name."""
    s = re.sub(r"[《》“”\"'’‘`]", "", text).casefold()
    s = re.sub(r"[\s\-–—_,.;:!?()（）\[\]/&]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def packaged_path() -> Path:
    return Path(str(resources.files("policyscope.model").joinpath("data", "translation_memory.csv")))


def read_csv(path: Path) -> tuple[list[TMEntry], list[str]]:
    """Entries of a CSV file and one message per unusable row (file, row, reason); the rest is read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TMError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TMError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("zh", "en", "origin") if c not in (reader.fieldnames or [])]
    if missing:
        raise TMError(f"{path}: expected columns {COLUMNS}, missing {missing}")
    entries, problems = [], []
    for n, row in enumerate(reader, start=2):
        try:
            entries.append(TMEntry.model_validate({k: (row.get(k) or "") for k in COLUMNS}))
        except ValidationError as exc:
            reason = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            problems.append(f"{path.name} row {n}: {reason}")
    return entries, problems


def write_csv(path: Path, entries: Iterable[TMEntry]) -> int:
    """Write entries sorted by origin and name (a stable file that diffs well)."""
    rows = sorted(dedupe(entries), key=lambda e: (PRIORITY[e.origin], normalise(e.en), e.zh))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS)
        w.writeheader()
        for e in rows:
            w.writerow(e.model_dump())
    tmp.replace(path)
    return len(rows)


def dedupe(entries: Iterable[TMEntry]) -> list[TMEntry]:
    seen: dict[tuple[str, str, str], TMEntry] = {}
    for e in entries:
        seen.setdefault((normalise(e.zh), normalise(e.en), e.origin), e)
    return list(seen.values())


def load(local: Path | None = None) -> list[TMEntry]:
    """The packaged memory plus a local file when it exists (its rows come first, so an editor's name wins)."""
    entries, _ = read_csv(packaged_path())
    if local is not None and Path(local).exists():
        extra, _ = read_csv(Path(local))
        entries = extra + entries
    return dedupe(entries)


class Memory:
    """Look-ups in both directions over a loaded memory."""

    def __init__(self, entries: Iterable[TMEntry]) -> None:
        self.entries = list(entries)
        self._by_en: dict[str, list[TMEntry]] = {}
        self._by_zh: dict[str, list[TMEntry]] = {}
        for e in self.entries:
            self._by_en.setdefault(normalise(e.en), []).append(e)
            self._by_zh.setdefault(normalise(e.zh), []).append(e)
        for d in (self._by_en, self._by_zh):
            for v in d.values():
                v.sort(key=lambda e: PRIORITY[e.origin])

    def lookup(self, text: str) -> list[TMEntry]:
        key = normalise(text)
        return self._by_en.get(key, []) + self._by_zh.get(key, [])

    def title_zh(self, title_en: str) -> TMEntry | None:
        """The Chinese name to show for an English title: the best trustworthy (non-machine) entry, or None."""
        for e in self._by_en.get(normalise(title_en), []):
            if not e.machine:
                return e
        return None
