"""HTTP for the live connectors: one httpx client, raw-response keeping, and offline replay.

Every response body is written to ``raw/`` beside the database *before* it is parsed (so a parser bug never
loses a download), with a manifest naming the URL, fetch time, vintage and SHA-256 of each page.

``POLICYSCOPE_HTTP_REPLAY=<folder>`` makes every request answer from recorded responses in that folder
(``index.json`` maps URL → file); an unrecorded URL is an error, never a network call. This is how the tests
and the offline demo run the real fetch code. ``POLICYSCOPE_HTTP_RECORD=<folder>`` saves live responses in
the same layout, to refresh the recordings when online.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from policyscope import __version__
from policyscope.settings import settings
from policyscope.sources.base import SourceError

USER_AGENT = f"policyscope/{__version__} (+https://github.com/policyscope)"
TIMEOUT = httpx.Timeout(60.0, connect=15.0)
RETRY_STATUS = {429, 500, 502, 503, 504}
RETRIES = 3
RETRY_BACKOFF = 2.0  # seconds, doubled at each attempt
MAX_WAIT = 60.0


def canonical_url(url: str | httpx.URL) -> str:
    """URL with sorted query parameters, so a recording matches however the query was spelled."""
    parts = urlsplit(str(url))
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)), safe=":,;*+@")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


class ReplayTransport(httpx.BaseTransport):
    """Answers requests from a folder of recorded responses (``index.json``: canonical URL → file)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        index = self.folder / "index.json"
        if not index.exists():
            raise SourceError(f"replay folder {self.folder} has no index.json")
        raw = json.loads(index.read_text(encoding="utf-8"))
        self.index: dict[str, dict[str, object]] = {
            canonical_url(u): (v if isinstance(v, dict) else {"file": v}) for u, v in raw.items()}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = canonical_url(request.url)
        hit = self.index.get(key)
        if hit is None:
            raise SourceError(f"no recorded response for {key} in {self.folder} (offline replay)")
        body = (self.folder / str(hit["file"])).read_bytes()
        headers = {"content-type": str(hit.get("content_type", "application/octet-stream"))}
        return httpx.Response(int(hit.get("status", 200)), content=body, headers=headers, request=request)


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to the network and saves each response for later replay."""

    def __init__(self, folder: Path, inner: httpx.BaseTransport | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.inner = inner or httpx.HTTPTransport(retries=2)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self.inner.handle_request(request)
        body = resp.read()
        key = canonical_url(request.url)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", urlsplit(key).path.strip("/"))[-80:]
        name = f"{name}_{hashlib.sha1(key.encode()).hexdigest()[:10]}"
        (self.folder / name).write_bytes(body)
        index_path = self.folder / "index.json"
        index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.exists() else {}
        index[key] = {"file": name, "status": resp.status_code,
                      "content_type": resp.headers.get("content-type", "application/octet-stream")}
        index_path.write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
        return httpx.Response(resp.status_code, content=body, headers=resp.headers, request=request)


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The client every connector uses: replay or record according to the environment."""
    if transport is None:
        replay, record = settings().http_replay, settings().http_record
        if replay:
            transport = ReplayTransport(Path(replay))
        elif record:
            transport = RecordingTransport(Path(record))
        else:
            transport = httpx.HTTPTransport(retries=2)
    return httpx.Client(transport=transport, timeout=TIMEOUT, follow_redirects=True,
                        headers={"User-Agent": USER_AGENT})


def get(client: httpx.Client, url: str, params: dict[str, object] | None = None,
        accept: str | None = None) -> httpx.Response:
    """GET with a clear error naming the URL and the reason (status, timeout, no network)."""
    headers = {"Accept": accept} if accept else None
    # merge (not replace) the URL's own query with ``params``: pyalex URLs already carry filter/group-by
    full = httpx.URL(url).copy_merge_params(params or {})  # type: ignore[arg-type]
    for attempt in range(RETRIES + 1):
        try:
            resp = client.get(full, headers=headers)
        except httpx.HTTPError as exc:
            raise SourceError(f"request to {url} failed: {type(exc).__name__}: {exc}") from exc
        if resp.status_code not in RETRY_STATUS or attempt == RETRIES:
            break
        # rate limited or briefly unavailable: wait as the server asks (bounded), then try again
        try:
            wait = min(float(resp.headers.get("retry-after", "")), MAX_WAIT)
        except ValueError:
            wait = RETRY_BACKOFF * 2 ** attempt
        time.sleep(wait)
    if resp.status_code >= 400:
        snippet = resp.text[:200].replace("\n", " ")
        raise SourceError(f"{resp.request.url} answered HTTP {resp.status_code}: {snippet}")
    return resp


def utc_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class RawStore:
    """Writes raw response bodies under ``folder`` (``raw/`` beside the database)."""

    folder: Path
    source: str
    code: str
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    files: list[dict[str, object]] = field(default_factory=list)
    on_keep: Callable[[Path], None] | None = None  # e.g. advance a progress bar per page

    @property
    def stem(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9.@_+-]+", "_", self.code)[:120]
        return f"{self.source}_{safe}_{utc_stamp(self.fetched_at)}"

    def keep(self, resp: httpx.Response, ext: str) -> Path:
        """Write one response body; returns its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.stem}_p{len(self.files) + 1}.{ext}"
        body = resp.content
        path.write_bytes(body)
        self.files.append({"file": path.name, "url": str(resp.request.url), "bytes": len(body),
                           "sha256": hashlib.sha256(body).hexdigest(),
                           "content_type": resp.headers.get("content-type", "")})
        if self.on_keep is not None:
            self.on_keep(path)
        return path

    def paths(self) -> list[Path]:
        return [self.folder / str(f["file"]) for f in self.files]

    def write_manifest(self, vintage: str, extra: dict[str, object] | None = None) -> Path:
        """The fetch's manifest: source, code, time, vintage, files — what ``indicators refetch`` replays."""
        path = self.folder / f"{self.stem}.manifest.json"
        data = {"source": self.source, "code": self.code,
                "fetched_at": self.fetched_at.isoformat(timespec="seconds"), "vintage": vintage,
                "files": self.files, **(extra or {})}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return path
