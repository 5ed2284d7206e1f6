"""The HTTP API and the server-rendered pages. Everything here reads through the same store and analysis
functions as the command line; see docs/web.md for the user guide and the concurrency design."""

from policyscope.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]


def create_app(settings: WebSettings):  # noqa: ANN201 - FastAPI import kept lazy for the CLI
    from policyscope.web.app import create_app as _create

    return _create(settings)
