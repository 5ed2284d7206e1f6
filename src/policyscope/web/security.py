"""Rate limits (in-process token buckets), forwarded headers, security headers, and upload type sniffing."""

from __future__ import annotations

import ipaddress
import threading
import time
import zipfile
from io import BytesIO

from policyscope.errors import UnsupportedType

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: list[str]) -> list[Network]:
    return [ipaddress.ip_network(x, strict=False) for x in items]


def _in(host: str, nets: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in n for n in nets)


def forwarded_client(scope: dict, trusted: list[Network]) -> tuple[str, int] | None:
    """The client address to believe. ``X-Forwarded-For`` counts only when the socket peer is a configured
    proxy; then the right-most address that is not itself a trusted proxy is the client (the left part of
    the header is whatever the client wrote). With no trusted proxies (the default) the peer is the client."""
    client = scope.get("client")
    if not trusted or not client or not _in(str(client[0]), trusted):
        return client
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            hops = [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
            for hop in reversed(hops):
                if not _in(hop, trusted):
                    try:
                        ipaddress.ip_address(hop)
                    except ValueError:
                        return client  # garbage from the proxy: keep the peer
                    return (hop, 0)
    return client


class TokenBucket:
    """Per-key buckets: ``rate`` tokens a second up to ``burst``; ``rate <= 0`` means no limit."""

    def __init__(self, rate: float, burst: float, max_keys: int = 10_000) -> None:
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float = 1.0) -> float:
        """0.0 if allowed, else the seconds to wait before the next request would be allowed."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self.max_keys:  # forget the oldest clients
                for k in sorted(self._buckets, key=lambda k: self._buckets[k][1])[: self.max_keys // 10]:
                    del self._buckets[k]
            return (cost - tokens) / self.rate


class UploadRejected(UnsupportedType):
    """An upload that is too big, empty or not one of the document types we read."""


UPLOAD_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "html": "text/html", "txt": "text/plain"}


def sniff(data: bytes, filename: str) -> str:
    """The document type from its bytes (not from its name or the browser's claim): pdf, docx, html or txt."""
    if not data:
        raise UploadRejected(f"{filename}: the file is empty")
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as exc:
            raise UploadRejected(f"{filename}: a damaged ZIP/Word file ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        raise UploadRejected(f"{filename}: a ZIP archive that is not a Word (.docx) document")
    if b"\x00" in head:
        raise UploadRejected(f"{filename}: a binary file that is not PDF or Word; accepted: PDF, DOCX, HTML, TXT")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UploadRejected(f"{filename}: text in an unknown encoding (use UTF-8 or GB18030)") from None
    lowered = text[:2048].lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered:
        return "html"
    return "txt"
