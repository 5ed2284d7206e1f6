"""Watchlist e-mail digests: for every watchlist whose daily or weekly digest is due, one message with the
events new (or changed) since the last digest, sent through a configured SMTP server.

The database is opened only briefly — to read what is due, and after each accepted message to record it — so a
running web server is never kept waiting while a mail server is slow. ``last_sent`` is written only after the
SMTP server accepted the message, and it is the moment the events were read: an event added while mail was
going out comes in the next digest, none is lost or sent twice.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from policyscope.store.database import open_db
from policyscope.web.services import watchlists as wls
from policyscope.web.services.watch_feed import digest_message


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send (the password comes from ``POLICYSCOPE_SMTP_PASSWORD`` only, never argv)."""

    host: str
    port: int = 25
    sender: str = "policyscope@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 30.0


@dataclass
class Outcome:
    """What happened to one due watchlist."""

    watchlist: str
    user: str
    to: str | None
    events: int
    status: str  # sent, would send, nothing new, no e-mail, failed: …


@dataclass
class Pending:
    wl: wls.Watchlist
    to: str | None
    events: list[dict[str, Any]]


def collect(db_path: Path | None, period: str | None) -> tuple[datetime, list[Pending]]:
    """Due watchlists with their owner's address and new events, read at one moment (returned)."""
    with open_db(db_path, read_only=True) as db:
        at = wls.now(db)
        out = []
        for wl in wls.due(db, at, period):
            since = wl.last_sent or wl.created_at
            out.append(Pending(wl, wls.email_of(db, wl.user_name), wls.new_events(db, wl, since, at)))
    return at, out


def send(msg: Any, smtp: SmtpConfig) -> None:
    """Hand one message to the SMTP server; returns only if it accepted the recipient (else raises)."""
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as s:
        if smtp.starttls:
            s.starttls(context=ssl.create_default_context())
        if smtp.user:
            s.login(smtp.user, smtp.password or "")
        refused = s.send_message(msg)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


def deliver(item: Pending, at: datetime, db_path: Path | None, smtp: SmtpConfig, base_url: str,
            dry_run: bool) -> Outcome:
    """Send one digest (or say why not) and record it once the server has accepted it."""
    wl = item.wl
    out = Outcome(wl.id, wl.user_name, item.to, len(item.events), "")
    if not item.to:
        out.status = "no e-mail"
    elif not item.events:
        out.status = "nothing new"
    elif dry_run:
        out.status = "would send"
    else:
        try:
            send(digest_message(wl, item.events, item.to, smtp.sender, base_url), smtp)
        except (OSError, smtplib.SMTPException) as exc:
            out.status = f"failed: {type(exc).__name__}: {exc}"
            return out
        with open_db(db_path) as db:
            wls.mark_sent(db, wl.id, at)
        out.status = "sent"
    return out


def run(db_path: Path | None, smtp: SmtpConfig, base_url: str, period: str | None = None, dry_run: bool = False,
        on_start: Callable[[int], None] | None = None,
        on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Every due digest; ``on_start(n)`` and ``on_done(outcome)`` drive a progress display."""
    if period is not None and period not in wls.PERIODS:
        raise ValueError(f"--period must be daily or weekly, not {period!r}")
    at, items = collect(db_path, period)
    if on_start:
        on_start(len(items))
    results = []
    for item in items:
        res = deliver(item, at, db_path, smtp, base_url, dry_run)
        results.append(res)
        if on_done:
            on_done(res)
    return results
