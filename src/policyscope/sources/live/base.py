"""What every live connector shares: the fetch request, the result, and the connector contract.

A connector's ``fetch`` downloads pages, hands each body to :class:`~policyscope.sources.live.http.RawStore`
*before* parsing, then calls its ``parse`` — the same function that ``indicators import`` uses on a raw file
or a fetch manifest, so a live fetch and a file import can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import httpx
import pandas as pd

from policyscope.sources.base import TABLES, Bundle, SourceError
from policyscope.sources.live.http import RawStore


@dataclass
class FetchRequest:
    """One code of one source over a year range, optionally limited to some jurisdictions (ISO3)."""

    code: str
    year_from: int | None = None
    year_to: int | None = None
    jurisdictions: list[str] | None = None


@dataclass
class FetchResult:
    bundle: Bundle
    vintage: str
    manifest: Path
    raw_files: list[Path] = field(default_factory=list)


@dataclass
class Page:
    """One raw response body with the URL it answered (the URL carries the query context)."""

    url: str
    body: bytes
    file: str = ""


class LiveConnector:
    """Subclass per live source; register it in :data:`policyscope.sources.live.CONNECTORS`."""

    name: ClassVar[str]
    title: ClassVar[str]
    licence: ClassVar[str]
    raw_ext: ClassVar[str] = "json"
    code_help: ClassVar[str] = ""

    def fetch(self, req: FetchRequest, client: httpx.Client, raw: RawStore) -> FetchResult:
        pages = self.download(req, client, raw)
        bundle, vintage = self.parse(pages)
        manifest = raw.write_manifest(vintage, {"request": req.__dict__})
        return FetchResult(bundle, vintage, manifest, raw.paths())

    def download(self, req: FetchRequest, client: httpx.Client, raw: RawStore) -> list[Page]:  # pragma: no cover
        raise NotImplementedError

    def parse(self, pages: list[Page]) -> tuple[Bundle, str]:  # pragma: no cover
        """Raw pages → (bundle, vintage)."""
        raise NotImplementedError


def pages_from_manifest(path: Path) -> tuple[str, list[Page]]:
    """(source, pages) of a fetch manifest written by :meth:`RawStore.write_manifest`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not a readable fetch manifest ({exc})") from exc
    if not isinstance(data, dict) or "source" not in data or "files" not in data:
        raise SourceError(f"{path}: not a fetch manifest (needs 'source' and 'files')")
    pages = []
    for f in data["files"]:
        p = path.parent / f["file"]
        if not p.exists():
            raise SourceError(f"{path}: raw file {p.name} listed in the manifest is missing")
        pages.append(Page(str(f.get("url", "")), p.read_bytes(), p.name))
    return str(data["source"]), pages


def indicator_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLES["indicators"])


def observation_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df[TABLES["observations"]].reset_index(drop=True)
