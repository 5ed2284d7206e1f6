"""``policyscope watch``: watchlist e-mail digests, users' digest addresses, and a look at the watchlists."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from policyscope.commands.common import DbOption, FormatOption, OutFormat, console, emit, friendly_errors
from policyscope.settings import settings
from policyscope.store.database import open_db

if TYPE_CHECKING:
    from policyscope.web.services.watch_digest import Outcome, SmtpConfig

watch_app = typer.Typer(help="Watchlists: e-mail digests and where they go.", no_args_is_help=True)


class Period(StrEnum):
    daily = "daily"
    weekly = "weekly"


def _smtp(host: str | None, port: int | None, sender: str | None, user: str | None, starttls: bool | None) -> SmtpConfig:
    """Command-line options over ``POLICYSCOPE_SMTP_*`` settings."""
    from policyscope.web.services.watch_digest import SmtpConfig

    s = settings()
    host = host or s.smtp_host
    if not host:
        raise ValueError("no SMTP server: give --smtp-host or set POLICYSCOPE_SMTP_HOST")
    password = s.smtp_password.get_secret_value() if s.smtp_password else None
    return SmtpConfig(host=host, port=port or s.smtp_port, sender=sender or s.smtp_from, user=user or s.smtp_user,
                      password=password, starttls=s.smtp_starttls if starttls is None else starttls)


def _summary(results: list[Outcome]) -> Table:
    table = Table(title="watchlist digests")
    for col in ("watchlist", "user", "to", "events", "status"):
        table.add_column(col)
    for r in results:
        table.add_row(r.watchlist, r.user, r.to or "—", str(r.events), r.status)
    return table


@watch_app.command("digest")
@friendly_errors
def digest_cmd(
    smtp_host: Annotated[str | None, typer.Option("--smtp-host", help="SMTP server ($POLICYSCOPE_SMTP_HOST).")] = None,
    smtp_port: Annotated[int | None, typer.Option("--smtp-port", help="SMTP port ($POLICYSCOPE_SMTP_PORT, 25).")]
    = None,
    sender: Annotated[str | None, typer.Option("--from", help="Sender address ($POLICYSCOPE_SMTP_FROM).")] = None,
    smtp_user: Annotated[str | None, typer.Option("--smtp-user", help="SMTP login ($POLICYSCOPE_SMTP_USER); the "
                                                  "password only from $POLICYSCOPE_SMTP_PASSWORD.")] = None,
    starttls: Annotated[bool | None, typer.Option("--starttls/--no-starttls", help="STARTTLS before login "
                                                  "($POLICYSCOPE_SMTP_STARTTLS).", show_default=False)] = None,
    period: Annotated[Period | None, typer.Option("--period", help="Only daily or only weekly digests "
                                                  "(default: each watchlist by its own period).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be sent; send and record nothing.")]
    = False,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Server address for the links in the mail "
                                                 "($POLICYSCOPE_PUBLIC_URL, else http://127.0.0.1:8000).")] = None,
    db: DbOption = None,
) -> None:
    """Send the e-mail digest of every watchlist that is due: one message (plain text + HTML, in the
    watchlist's language) with the events new since its last digest, to its owner's address. A digest is due
    a day (or week) after the last one, less an hour, so a daily cron job never skips a day. A watchlist is
    marked sent only once the SMTP server has accepted the message; run it again and nothing is sent twice.

    Example: policyscope watch digest --smtp-host mail.example.org --smtp-port 587 --starttls --period daily
    """
    from policyscope.web.services import watch_digest

    smtp = _smtp(smtp_host, smtp_port, sender, smtp_user, starttls)
    url = base_url or settings().public_url or "http://127.0.0.1:8000"
    with Progress(TextColumn("digests"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  console=console, transient=False) as progress:
        task = progress.add_task("", total=None)
        results = watch_digest.run(
            db, smtp, url, period.value if period else None, dry_run,
            on_start=lambda n: progress.update(task, total=n),
            on_done=lambda r: progress.update(task, advance=1, description=f"{r.watchlist}: {r.status}"))
    if results:
        console.print(_summary(results))
    sent = sum(r.status == "sent" for r in results)
    failed = sum(r.status.startswith("failed") for r in results)
    console.print(f"{len(results)} due, {sent} sent{' (dry run)' if dry_run else ''}, {failed} failed")
    if failed:
        raise typer.Exit(1)


@watch_app.command("email")
@friendly_errors
def email_cmd(
    name: Annotated[str, typer.Argument(help="An existing user.")],
    address: Annotated[str, typer.Argument(help="Where their digests go; \"\" removes it.")],
    db: DbOption = None,
) -> None:
    """Set the e-mail address a user's watchlist digests go to (users can also set it on /watchlists).

    Example: policyscope watch email alice alice@example.org
    """
    from policyscope.web.services.watchlists import set_email

    with open_db(db) as d:
        set_email(d, name, address)
    console.print(f"user {name}: digests go to {address or 'nobody'}", highlight=False)


@watch_app.command("list")
@friendly_errors
def list_cmd(user: Annotated[str | None, typer.Option(help="Only this user's.")] = None, db: DbOption = None,
             fmt: FormatOption = OutFormat.table) -> None:
    """List watchlists: owner, name, filter, digest, last visit and last digest (never the feed tokens).

    Example: policyscope watch list --user alice
    """
    from policyscope.web.services import watchlists as wls

    with open_db(db, read_only=True) as d:
        rows = wls.list_all(d, user)
    emit([{"id": w.id, "user": w.user_name, "name": w.name, "filter": " ".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in w.query.items()), "lang": w.lang, "digest": w.digest,
           "last_seen": w.last_seen, "last_sent": w.last_sent} for w in rows], fmt)
