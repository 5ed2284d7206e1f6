"""Every ``POLICYSCOPE_*`` environment variable, declared once: one pydantic-settings model, each variable typed,
defaulted and described (docs/settings.md lists them; a test checks that every variable read anywhere in the
code is declared here and documented there). Values are read at each :func:`settings` call, not at import, so
a variable set by ``--db`` or by a test is seen."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from policyscope.errors import InputError

PREFIX = "POLICYSCOPE_"


class Settings(BaseSettings):
    """The variables, without their ``POLICYSCOPE_`` prefix (``db`` is ``POLICYSCOPE_DB``)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", env_ignore_empty=True, case_sensitive=False)

    # where things are
    db: Path | None = Field(None, description="Database file when `--db` is not given (default "
                                              "./policyscope.duckdb).")
    shared: Path | None = Field(None, description="The shared data folder read by tests and benchmarks "
                                                  "(default ../shared beside the checkout); the web's analyses "
                                                  "read company lists only from its data/ folder (unset: none).")
    search_dir: Path | None = Field(None, description="Folder of the search index directories (default "
                                                      "<db>.search beside the database); one folder may serve "
                                                      "several copies of a database.")
    views_dir: Path | None = Field(None, description="Folder of the web's precomputed views (default <db>.views "
                                                     "beside the database).")
    test_built_db: Path | None = Field(None, description="Tests only: a database built at the same commit, copied "
                                                         "instead of building one per test session (a developer's "
                                                         "shortcut on a slow machine; CI never sets it).")
    # ingest and sources
    ingest_batch: int = Field(32, ge=1, description="Documents stored per transaction by `ingest` (1 = the "
                                                    "finest recovery after a kill, the slowest).")
    lock_wait: float = Field(120.0, ge=0, description="Seconds a writer waits while `build` swaps the database "
                                                      "(or a build waits for open writers) before it is refused "
                                                      "as busy (CLI exit 75, web 503).")
    http_replay: Path | None = Field(None, description="Answer every HTTP request of the live connectors from "
                                                       "responses recorded in this folder (offline tests, demo).")
    http_record: Path | None = Field(None, description="Save the live connectors' HTTP responses in this folder.")
    # the web server
    secret_key: SecretStr | None = Field(None, description="Key signing sessions and CSRF tokens; set it to keep "
                                                           "sessions across restarts (default: a new random key).")
    public_read: bool = Field(True, description="Anyone may read the web pages and API (0/false: sign-in "
                                                "required).")
    search_rate: float = Field(10.0, ge=0, description="Searches per second per client (0: no limit).")
    search_burst: float = Field(40.0, ge=0, description="Searches a client may make at once.")
    write_rate: float = Field(2.0, ge=0, description="Writes per second per client (0: no limit).")
    write_burst: float = Field(20.0, ge=0, description="Writes a client may make at once.")
    worker_threads: int = Field(8, ge=1, description="Threads answering requests in each server process.")
    serve_settings: str | None = Field(None, description="Internal: the server settings `policyscope serve` "
                                                         "hands to its worker processes (JSON).")
    export_rate: float = Field(0.1, ge=0, description="Anonymous CSV / Excel / Parquet downloads per second "
                                                       "per client (0: no limit).")
    export_burst: float = Field(10.0, ge=0, description="Anonymous downloads a client may make at once.")
    trusted_proxies: str | None = Field(None, description="Comma-separated proxy addresses or CIDRs whose "
                                                          "X-Forwarded-For is believed (default: none).")
    soffice: str | None = Field(None, description="LibreOffice executable that pages the Word contents "
                                                  "(`0` disables; default: found on the PATH).")
    spark_master: str = Field("local[*]", description="Spark master for `--engine spark` / `--backend spark`.")
    spark_shuffle_partitions: int = Field(8, ge=1, description="Spark shuffle partitions.")
    spark_driver_memory: str = Field("2g", description="Spark driver memory.")
    spark_log: str = Field("ERROR", description="Spark log level.")
    public_url: str | None = Field(None, description="Where this instance is published, used in citations "
                                                     "(default http://127.0.0.1:8000).")
    tm: Path | None = Field(None, description="Local translation memory file (default: translation_memory.csv "
                                              "beside the database).")
    # the newsletter's masthead (`report build newsletter --institution/--total-no` override them)
    newsletter_institution: str | None = Field(None, description="Institution named on the newsletter's masthead "
                                                                 "(\"中文名|English name\" for each language).")
    newsletter_total_no: int | None = Field(None, ge=1, description="总第N期: the running number of the next "
                                                                    "newsletter issue.")
    # watchlist e-mail digests (`policyscope watch digest`)
    smtp_host: str | None = Field(None, description="SMTP server that sends watchlist digests (`watch digest "
                                                    "--smtp-host` overrides it).")
    smtp_port: int = Field(25, ge=1, le=65535, description="Port of the SMTP server (587 with STARTTLS is usual).")
    smtp_from: str = Field("policyscope@localhost", description="Sender address of watchlist digests.")
    smtp_user: str | None = Field(None, description="User name for SMTP authentication (none: no login).")
    smtp_password: SecretStr | None = Field(None, description="Password for SMTP authentication.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS before logging in "
                                                   "(1/true).")


class SettingsError(InputError):
    """A ``POLICYSCOPE_*`` variable with a value that cannot be used, named with the reason."""


_CACHE: dict[tuple[str | None, ...], Settings] = {}
_NAMES = tuple(PREFIX + name.upper() for name in Settings.model_fields)


def settings() -> Settings:
    """The variables as the environment holds them now (parsed once per distinct set of values: building the
    model measured ~1 ms, looking up the declared names a few µs)."""
    key = tuple(os.environ.get(n) for n in _NAMES)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    try:
        made = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{PREFIX}{'.'.join(str(x) for x in e['loc']).upper()}: {e['msg']} "
                             f"(got {e.get('input')!r})" for e in exc.errors())
        raise SettingsError(f"bad environment variable — {problems}") from None
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = made
    return made


def variables() -> dict[str, str]:
    """Every declared variable's name and description."""
    return {PREFIX + name.upper(): (f.description or "") for name, f in Settings.model_fields.items()}
