"""Server settings: one pydantic model, filled from the command line and ``POLICYSCOPE_*`` variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be a number, got {raw!r}") from exc


class WebSettings(BaseModel):
    """What the server needs to know; the defaults suit one analyst on their own machine."""

    db_path: Path
    read_only: bool = Field(False, description="refuse every write (no sign-in, no upload, no review)")
    public_read: bool = Field(True, description="anyone may read; False requires sign-in for every page and API call")
    secret_key: str = Field(default_factory=lambda: os.environ.get("POLICYSCOPE_SECRET_KEY") or secrets.token_urlsafe(32))
    session_hours: float = 8.0
    max_upload_mb: float = 25.0
    # token buckets per client: sustained requests per second and burst; 0 disables the limit
    search_rate: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_SEARCH_RATE", 10.0))
    search_burst: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_SEARCH_BURST", 40.0))
    write_rate: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_WRITE_RATE", 2.0))
    write_burst: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_WRITE_BURST", 20.0))
    login_rate: float = 0.2
    login_burst: float = 5.0
    snapshot_poll_seconds: float = 1.0
    worker_threads: int = Field(default_factory=lambda: int(_env_float("POLICYSCOPE_WORKER_THREADS", 8)))
    write_wait_seconds: float = 30.0
    work_dir: Path | None = Field(None, description="where snapshots, uploads and reports go (default: temp dir)")
    reports_dir: Path | None = None

    @classmethod
    def from_env(cls, db_path: Path, **overrides: object) -> WebSettings:
        public = os.environ.get("POLICYSCOPE_PUBLIC_READ", "1").lower() not in ("0", "false", "no")
        return cls(db_path=db_path, public_read=public, **overrides)  # type: ignore[arg-type]
