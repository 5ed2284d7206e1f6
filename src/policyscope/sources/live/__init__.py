"""Live connectors: World Bank (WDI), OECD and other SDMX providers, OpenAlex.

``fetch(source, code, raw_dir, …)`` downloads, keeps every raw response under ``raw_dir`` first, writes a
manifest with the vintage, and returns the parsed :class:`~policyscope.sources.base.Bundle`;
``replay_manifest(path)`` re-parses a kept download with the same parser (used by ``indicators import`` on a
manifest and after a rebuild).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from policyscope.sources.base import SourceError
from policyscope.sources.live.base import FetchRequest, FetchResult, LiveConnector, pages_from_manifest
from policyscope.sources.live.http import RawStore, make_client
from policyscope.sources.live.openalex import OpenAlexLive
from policyscope.sources.live.sdmx import SdmxLive
from policyscope.sources.live.worldbank import WorldBankLive

CONNECTORS: dict[str, type[LiveConnector]] = {
    "wdi": WorldBankLive,
    "sdmx": SdmxLive,
    "openalex": OpenAlexLive,
}
ALIASES = {"worldbank": "wdi", "wb": "wdi", "oecd": "sdmx", "estat": "sdmx", "eurostat": "sdmx"}


def connector(source: str) -> LiveConnector:
    name = ALIASES.get(source.lower(), source.lower())
    if name not in CONNECTORS:
        raise SourceError(f"unknown live source {source!r}; known: {', '.join([*CONNECTORS, *ALIASES])}")
    return CONNECTORS[name]()


def fetch(source: str, code: str, raw_dir: Path, year_from: int | None = None, year_to: int | None = None,
          jurisdictions: list[str] | None = None, client: httpx.Client | None = None,
          on_page: Callable[[Path], None] | None = None) -> FetchResult:
    """Fetch one code; raw responses and a manifest land in ``raw_dir`` before parsing."""
    if year_from and year_to and year_from > year_to:
        raise SourceError(f"--from {year_from} is after --to {year_to}")
    conn = connector(source)
    own = client is None
    client = client or make_client()
    try:
        raw = RawStore(Path(raw_dir), conn.name, code, on_keep=on_page)
        result = conn.fetch(FetchRequest(code, year_from, year_to, jurisdictions), client, raw)
    finally:
        if own:
            client.close()
    result.bundle.validate()
    return result


def replay_manifest(path: Path) -> FetchResult:
    """Re-parse a kept fetch from its manifest (no network)."""
    import json

    source, pages = pages_from_manifest(path)
    conn = connector(source)
    bundle, vintage = conn.parse(pages)
    bundle.validate()
    stored = json.loads(path.read_text(encoding="utf-8")).get("vintage") or vintage
    obs = bundle.table("observations")
    if len(obs):
        bundle.tables["observations"] = obs.assign(vintage=str(stored))  # the vintage of the original fetch
    return FetchResult(bundle, str(stored), path, [path.parent / p.file for p in pages])


__all__ = ["CONNECTORS", "FetchRequest", "FetchResult", "connector", "fetch", "replay_manifest", "RawStore",
           "make_client"]
