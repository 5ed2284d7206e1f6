"""The ``policyscope`` command. Each area's commands live in ``policyscope.commands``; this module only
mounts them, so that adding a command never touches another area's code."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from policyscope import __version__
from policyscope.commands import data

app = typer.Typer(
    name="policyscope",
    help="policyscope — open bilingual (中文/English) observatory of technology policy and innovation.\n\n"
    "Example: policyscope build && policyscope sql \"select count(*) from events\"",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policyscope {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show version."),
    db: Path | None = typer.Option(None, "--db", help="Database file for every sub-command (or $POLICYSCOPE_DB)."),
) -> None:
    """policyscope command line."""
    if db is not None:
        os.environ["POLICYSCOPE_DB"] = str(db)


app.command("build")(data.build_cmd)
app.command("sql")(data.sql_cmd)
app.command("export")(data.export_cmd)
app.add_typer(data.jurisdictions_app, name="jurisdictions")
app.add_typer(data.indicators_app, name="indicators")
app.add_typer(data.events_app, name="events")
app.add_typer(data.sources_app, name="sources")

# Other areas mount themselves here (one line each).
from policyscope.commands import ingest as ingest_cmds  # noqa: E402

app.command("extract")(ingest_cmds.extract_cmd)
app.command("ingest")(ingest_cmds.ingest_cmd)
from policyscope.commands import scale as scale_cmds  # noqa: E402

app.command("import-batch")(scale_cmds.import_batch_cmd)
app.add_typer(ingest_cmds.review_app, name="review")
app.command("search")(ingest_cmds.search_cmd)
from policyscope.commands import analyze as analyze_cmds  # noqa: E402

app.add_typer(analyze_cmds.app, name="analyze")

from policyscope.commands import indicators_io  # noqa: E402

indicators_io.register(data.indicators_app)

from policyscope.commands import serve as serve_cmds  # noqa: E402
from policyscope.commands import users as users_cmds  # noqa: E402

app.command("serve")(serve_cmds.serve_cmd)
app.add_typer(users_cmds.users_app, name="users")

from policyscope.commands import report as report_cmds  # noqa: E402

app.add_typer(report_cmds.app, name="report")

from policyscope.commands import evaluate as _evaluate  # noqa: E402

app.add_typer(_evaluate.app, name="evaluate")
app.add_typer(_evaluate.eval_app, name="eval")

from policyscope.commands import cite as _cite  # noqa: E402

app.command("cite")(_cite.cite_cmd)

from policyscope.commands import tm as tm_cmds  # noqa: E402

app.add_typer(tm_cmds.app, name="tm")

from policyscope.commands import coverage as coverage_cmds  # noqa: E402

app.command("coverage")(coverage_cmds.coverage_cmd)

from policyscope.commands import watch as watch_cmds  # noqa: E402

app.add_typer(watch_cmds.watch_app, name="watch")
