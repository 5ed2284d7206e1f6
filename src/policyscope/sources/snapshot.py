"""The Parquet snapshot shipped inside the package: written by ``policyscope sources prepare`` from raw
downloads, read by ``policyscope build``. One file per (source, table)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd

from policyscope.sources.base import EVENT_OPTIONAL, TABLES, Bundle, SourceError
from policyscope.sources.registry import adapters, get

SNAPSHOT_DIR = Path(str(resources.files("policyscope.sources").joinpath("bundled")))


def prepare(shared_data: Path, names: list[str] | None = None, out_dir: Path = SNAPSHOT_DIR) -> dict[str, dict[str, int]]:
    """Convert raw source files under ``shared_data`` into the packaged Parquet snapshot."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, int]] = {}
    for name, cls in adapters().items():
        if names and name not in names:
            continue
        ad = cls()
        if not ad.bundled:
            continue
        bundle = ad.read_raw([shared_data / p for p in ad.raw_paths])
        bundle.validate()
        summary[name] = {}
        for table, df in bundle.tables.items():
            extra = [c for c in EVENT_OPTIONAL if c in df.columns] if table == "events" else []
            df = df[TABLES[table] + extra].copy()
            if table == "documents" and "meta" in df:
                df["meta"] = df["meta"].map(lambda m: json.dumps(m, ensure_ascii=False) if isinstance(m, dict) else m)
            df.to_parquet(out_dir / f"{name}.{table}.parquet", index=False, compression="zstd")
            summary[name][table] = len(df)
        unknown_file = out_dir / f"{name}.unknown_names.json"
        unknown_file.unlink(missing_ok=True)
        if bundle.unknown_names:
            unknown_file.write_text(
                json.dumps(bundle.unknown_names, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def load_bundle(name: str, snapshot_dir: Path = SNAPSHOT_DIR) -> Bundle:
    """Read one source's tables from the snapshot; a missing or corrupt file is a clear error."""
    get(name)  # validates the name
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        path = snapshot_dir / f"{name}.{table}.parquet"
        if not path.exists():
            continue
        try:
            tables[table] = pd.read_parquet(path)
        except Exception as exc:  # noqa: BLE001
            raise SourceError(f"bundled file {path} is unreadable ({type(exc).__name__}: {exc}); "
                              "reinstall policyscope or run `policyscope sources prepare`") from exc
    if not tables:
        raise SourceError(f"no bundled files for source {name!r} in {snapshot_dir}")
    b = Bundle(name, tables)
    b.validate()
    return b


def bundled_sources(snapshot_dir: Path = SNAPSHOT_DIR) -> list[str]:
    """Registered sources that have files in the snapshot, in registration order."""
    present = {p.name.split(".", 1)[0] for p in snapshot_dir.glob("*.parquet")}
    return [n for n, cls in adapters().items() if cls.bundled and n in present]
