"""Builds the packaged translation memory (``model/data/translation_memory.csv``) from the project's bilingual
material: the gold events' title pairs, STIP Compass's original-language names of Chinese initiatives, the MEE
list's machine-translated titles (marked ``mee_mt``) and the curated glossary (``model/data/tm_glossary.csv``).
Run by maintainers: ``policyscope tm seed ../shared``."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from policyscope.model.translation_memory import TMEntry, packaged_path, write_csv

_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def _gold(gold_dir: Path) -> list[TMEntry]:
    out = []
    for f in sorted(gold_dir.glob("*.events.jsonl")):
        for n, line in enumerate(f.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            r = json.loads(line)
            zh, en = (r.get("title_zh") or "").strip(), (r.get("title_en") or "").strip()
            if zh and en and _HAN.search(zh):
                out.append(TMEntry(zh=zh, en=en, origin="gold", source_ref=f"gold/{f.name}#{r.get('id', n)}"))
    return out


def _stip(path: Path) -> list[TMEntry]:
    if not path.exists():
        return []
    df = pd.read_csv(path, dtype=str)
    out = []
    for r in df.to_dict("records"):
        zh, en, cc = r.get("NameOriginalLanguage"), r.get("NameEnglish"), r.get("CountryCode")
        if not (isinstance(zh, str) and isinstance(en, str)) or cc not in ("CHN", "TWN", "HKG", "MAC"):
            continue
        if _HAN.search(zh) and not _KANA.search(zh):
            out.append(TMEntry(zh=zh.strip(), en=en.strip(), origin="stip_original",
                               source_ref=f"stip:{r.get('stip_id')}", note=f"STIP Compass, {cc}"))
    return out


def _mee(path: Path) -> list[TMEntry]:
    if not path.exists():
        return []
    df = pd.read_excel(path, usecols=["Policy_raw", "Policy", "URL"])
    out = []
    for r in df.to_dict("records"):
        zh, en = r["Policy_raw"], r["Policy"]
        if isinstance(zh, str) and isinstance(en, str) and zh.strip() and en.strip():
            out.append(TMEntry(zh=zh.strip(), en=en.strip(), origin="mee_mt", source_ref=str(r["URL"]),
                               note="Google machine translation by GCCMPD; never shown as a title"))
    return out


def _glossary() -> list[TMEntry]:
    text = resources.files("policyscope.model").joinpath("data", "tm_glossary.csv").read_text("utf-8")
    out = []
    for n, r in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            out.append(TMEntry(zh=r["zh"], en=r["en"], origin="glossary", source_ref=f"tm_glossary.csv#{n}",
                               note=r.get("note") or ""))
        except ValidationError as exc:
            raise ValueError(f"tm_glossary.csv row {n}: {exc}") from exc
    return out


def seed(shared: Path, out: Path | None = None) -> dict[str, int]:
    """Rewrite the packaged memory from ``shared`` (the folder holding ``data/`` and ``gold/``)."""
    parts = {
        "gold": _gold(shared / "gold"),
        "stip_original": _stip(shared / "data" / "oecd_stip_compass" / "stip_initiatives_2017_2021_latest.csv.gz"),
        "mee_mt": _mee(shared / "data" / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx"),
        "glossary": _glossary(),
    }
    total = write_csv(out or packaged_path(), [e for v in parts.values() for e in v])
    return {**{k: len(v) for k, v in parts.items()}, "total": total}
