"""``policyscope users``: people who may write through the web (editors) and API tokens for scripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from policyscope.commands.common import DbOption, FormatOption, OutFormat, console, emit, friendly_errors
from policyscope.store.database import StoreError, open_db

users_app = typer.Typer(help="Users and API tokens for the web server.", no_args_is_help=True)


def _read_password(stdin: bool, name: str) -> str:
    if stdin:
        pw = sys.stdin.readline().rstrip("\r\n")
        if not pw:
            raise StoreError("--password-stdin was given but standard input was empty")
        return pw
    pw = typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)
    return str(pw)


@users_app.command("add")
@friendly_errors
def users_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, _ . @ -).")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "editor",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]
    = False,
    token: Annotated[bool, typer.Option("--token", help="Also create an API token and print it once.")] = False,
    db: DbOption = None,
) -> None:
    """Create a user (or reset their password and role); the password is stored as an argon2 hash.
    Resetting a password ends every session the user had.

    Example: echo 's3cret-pass' | policyscope users add alice --role editor --password-stdin
    """
    from policyscope.web.auth import add_user, create_token

    password = _read_password(password_stdin, name)
    with open_db(db) as d:
        user = add_user(d, name, password, role)
        console.print(f"user {user.name} ({user.role}) saved in {d.path}")
        if token:
            console.print(f"API token (shown once): {create_token(d, name, 'created with users add')}",
                          highlight=False)


@users_app.command("token")
@friendly_errors
def users_token(
    name: Annotated[str, typer.Argument(help="An existing user.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    db: DbOption = None,
) -> None:
    """Create an API token for scripts (send it as `Authorization: Bearer TOKEN`); shown once.

    Example: policyscope users token alice --label "nightly import"
    """
    from policyscope.web.auth import create_token

    with open_db(db) as d:
        tok = create_token(d, name, label)
    sys.stdout.write(tok + "\n")


@users_app.command("list")
@friendly_errors
def users_list(db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """List users, their roles and how many live tokens they have.

    Example: policyscope users list --format json
    """
    from policyscope.web.auth import list_users

    with open_db(db, read_only=True) as d:
        emit(list_users(d), fmt)


@users_app.command("remove")
@friendly_errors
def users_remove(name: Annotated[str, typer.Argument(help="User to disable.")], db: DbOption = None) -> None:
    """Disable a user, revoke their tokens and end their sessions (history keeps their name).

    Example: policyscope users remove alice
    """
    from policyscope.web.auth import remove_user

    with open_db(db) as d:
        remove_user(d, name)
    console.print(f"user {name} disabled; their tokens are revoked")


@users_app.command("logout")
@friendly_errors
def users_logout(name: Annotated[str, typer.Argument(help="User to sign out everywhere.")], db: DbOption = None) -> None:
    """End every browser session of a user at once (a running server refuses their cookies within a second).
    A new password (`users add NAME` again) does the same.

    Example: policyscope users logout alice
    """
    from policyscope.web.auth import end_all_sessions

    with open_db(db) as d:
        n = end_all_sessions(d, name)
    console.print(f"user {name}: {n} session{'s' if n != 1 else ''} ended")
