"""Fetching a list of URLs with httpx and reading each response through the same readers as files.

The size limit applies while streaming (the Content-Length header is checked first, then the bytes that
really arrive), so a huge download is cut off instead of filling memory. Tests replay recorded responses
through ``httpx.MockTransport``; the code path is the same as for live fetching."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx

from policyscope.ingest.readers import ReaderError, ReadOptions, read_bytes
from policyscope.ingest.readers.base import human_size
from policyscope.model import Document

USER_AGENT = "policyscope/0.1 (+https://github.com/policyscope; offline-first policy observatory)"


def read_url_list(path: str | Path) -> list[str]:
    """One URL per line; blank lines and lines starting with # are skipped; anything else must be http(s)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"--urls: {p} does not exist")
    urls: list[str] = []
    for n, raw in enumerate(p.read_text("utf-8", errors="replace").splitlines(), 1):
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        if not s.lower().startswith(("http://", "https://")):
            raise ValueError(f"--urls {p} line {n}: {s[:80]!r} is not an http(s) URL")
        urls.append(s)
    return urls


def make_client(transport: httpx.BaseTransport | None = None, timeout: float = 30.0) -> httpx.Client:
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                        headers={"User-Agent": USER_AGENT})


def fetch_document(url: str, client: httpx.Client, opts: ReadOptions) -> Document:
    """GET one URL and read it as a document; every failure becomes a ReaderError naming the URL."""
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise ReaderError(url, f"HTTP {resp.status_code} {resp.reason_phrase}")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > opts.max_size:
                raise ReaderError(url, f"response is {human_size(int(declared))}, above the size limit of "
                                       f"{human_size(opts.max_size)} (--max-size)")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > opts.max_size:
                    raise ReaderError(url, f"response exceeds the size limit of {human_size(opts.max_size)} "
                                           "(--max-size)")
                chunks.append(chunk)
            content_type = resp.headers.get("content-type", "")
            charset = resp.charset_encoding if "charset=" in content_type.lower() else None
            final_url = str(resp.url)
    except httpx.HTTPError as exc:
        raise ReaderError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    data = b"".join(chunks)
    doc = read_bytes(data, url, opts, content_type=content_type, http_charset=charset)
    if final_url != url:
        doc.meta["final_url"] = final_url
    return doc


def fetch_all(urls: list[str], opts: ReadOptions, transport: httpx.BaseTransport | None = None
              ) -> Iterator[tuple[str, Document | ReaderError]]:
    """Each URL with its document or its error; one bad URL never stops the others."""
    with make_client(transport) as client:
        for url in urls:
            try:
                yield url, fetch_document(url, client, opts)
            except ReaderError as exc:
                yield url, exc
