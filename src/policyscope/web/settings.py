"""Server settings: one pydantic model, filled from the command line and ``POLICYSCOPE_*`` variables.

The secret that signs session cookies and CSRF tokens never needs to be in the process environment (where a
report renderer or a crash dump could read it through ``/proc/self/environ``): by default it lives in a key
file readable by the server's user only (0600), created on first start beside the database."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

SECRET_ENV = "POLICYSCOPE_SECRET_KEY"
KEY_FILE_NAME = ".policyscope-secret-key"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be a number, got {raw!r}") from exc


def _env_list(name: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, "").split(",") if x.strip()]


def read_or_create_key(path: Path) -> str:
    """The secret in ``path``; created (random, mode 0600, never overwritten) if it does not exist yet."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another worker made it first: read theirs
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48) + "\n")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ValueError(f"the secret key file {path} is readable by others (mode {mode:o}); run chmod 600 {path}")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 16:
        raise ValueError(f"the secret key file {path} holds fewer than 16 characters; delete it to get a new key")
    return key


class WebSettings(BaseModel):
    """What the server needs to know; the defaults suit one analyst on their own machine."""

    db_path: Path
    read_only: bool = Field(False, description="refuse every write (no sign-in, no upload, no review)")
    public_read: bool = Field(True, description="anyone may read; False requires sign-in for every page and API call")
    # never serialised (``serve --workers`` hands settings to its workers as JSON): workers read the key file
    secret_key: SecretStr | None = Field(None, exclude=True, repr=False)
    secret_key_file: Path | None = Field(None, description=f"key file (default: {KEY_FILE_NAME} beside the database)")
    session_hours: float = 8.0
    max_upload_mb: float = 25.0
    max_body_kb: float = Field(1024.0, description="largest request body outside document uploads")
    # token buckets per client: sustained requests per second and burst; 0 disables the limit
    search_rate: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_SEARCH_RATE", 10.0))
    search_burst: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_SEARCH_BURST", 40.0))
    write_rate: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_WRITE_RATE", 2.0))
    write_burst: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_WRITE_BURST", 20.0))
    # file downloads (csv/xlsx/parquet) by anonymous clients: a big Excel sheet costs seconds of CPU
    export_rate: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_EXPORT_RATE", 0.1))
    export_burst: float = Field(default_factory=lambda: _env_float("POLICYSCOPE_EXPORT_BURST", 10.0))
    login_rate: float = 0.2
    login_burst: float = 5.0
    # clients whose X-Forwarded-For / Forwarded headers are believed (IPs or CIDR blocks); none by default
    trusted_proxies: list[str] = Field(default_factory=lambda: _env_list("POLICYSCOPE_TRUSTED_PROXIES"))
    snapshot_poll_seconds: float = 1.0
    warm_pages: bool = Field(False, description="precompute every page kind's default view and every profile with "
                             "data for each new snapshot in the background, kept on disk per database content "
                             "(`serve` turns it on)")
    worker_threads: int = Field(default_factory=lambda: int(_env_float("POLICYSCOPE_WORKER_THREADS", 8)))
    write_wait_seconds: float = 30.0
    work_dir: Path | None = Field(None, description="where snapshots, uploads and reports go (default: temp dir)")
    reports_dir: Path | None = None

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        for x in v:
            try:
                ipaddress.ip_network(x, strict=False)
            except ValueError:
                raise ValueError(f"trusted proxy {x!r} is not an IP address or CIDR block") from None
        return v

    @model_validator(mode="after")
    def _secret(self) -> WebSettings:
        """The key: given, else the environment variable (then removed from the environment so that no
        child process inherits it), else the key file."""
        if self.secret_key is None:
            env = os.environ.pop(SECRET_ENV, None)
            if env:
                self.secret_key = SecretStr(env)
            else:
                path = self.secret_key_file or self.db_path.parent / KEY_FILE_NAME
                self.secret_key = SecretStr(read_or_create_key(path))
        if len(self.secret_key.get_secret_value()) < 16:
            raise ValueError("the secret key must have at least 16 characters")
        return self

    def key(self) -> str:
        assert self.secret_key is not None
        return self.secret_key.get_secret_value()

    @classmethod
    def from_env(cls, db_path: Path, **overrides: object) -> WebSettings:
        public = os.environ.get("POLICYSCOPE_PUBLIC_READ", "1").lower() not in ("0", "false", "no")
        return cls(db_path=db_path, public_read=public, **overrides)  # type: ignore[arg-type]
