"""The one error hierarchy: every error a person should read (not a bug) is a :class:`PolicyscopeError`.

Each class carries the HTTP ``status`` the web answers with, a stable machine ``code`` for API clients, and the
CLI exit code. The edges (CLI ``friendly_errors``, the web's exception handler, the report runner) catch only
``PolicyscopeError``; anything else is a bug and surfaces as one. The kinds subclass the matching built-in
(``ValueError``, ``LookupError``…) so that code written against those keeps working while it is moved over.
"""

from __future__ import annotations


class PolicyscopeError(Exception):
    """An expected failure explained for a person: which input, what went wrong, what to do."""

    status: int = 400
    code: str = "error"
    exit_code: int = 1

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class InputError(PolicyscopeError, ValueError):
    """A parameter, file or name the user gave cannot be used (400)."""

    status = 400
    code = "bad_input"


class NotFound(PolicyscopeError, LookupError):
    """The thing asked for does not exist: an event, document, indicator, report, job (404)."""

    status = 404
    code = "not_found"


class Conflict(PolicyscopeError, ValueError):
    """The request contradicts what is stored (an edit on a stale version, a duplicate name) (409)."""

    status = 409
    code = "conflict"


class Refused(PolicyscopeError, PermissionError):
    """Not allowed: read-only server, missing role, refused SQL or upload (403)."""

    status = 403
    code = "refused"


class Busy(PolicyscopeError, RuntimeError):
    """Locked by a build or another writer; nothing was written; try again after ``retry_after`` seconds (503)."""

    status = 503
    code = "busy"
    exit_code = 75  # EX_TEMPFAIL: the caller may retry
    retry_after: float = 5.0

    def __init__(self, *args: object, retry_after: float | None = None) -> None:
        super().__init__(*args)
        if retry_after is not None:
            self.retry_after = retry_after


class SourceFailure(PolicyscopeError, RuntimeError):
    """An upstream source or a file from one could not be read or parsed (502)."""

    status = 502
    code = "source_failed"


# -- a few more exact HTTP answers (each still one of the kinds above for the CLI and the report) ------------


class SignInRequired(Refused):
    """Writing (or, on a private server, reading) needs a signed-in user or an API token (401)."""

    status = 401
    code = "sign_in_required"


class TooLarge(InputError):
    """A request body or upload beyond the configured limit; nothing was read past it (413)."""

    status = 413
    code = "too_large"


class UnsupportedType(InputError):
    """An upload that is empty, damaged or not one of the document types we read (415)."""

    status = 415
    code = "unsupported_type"


class RateLimited(Busy):
    """Too many requests from one client; ``retry_after`` says when the next one is allowed (429)."""

    status = 429
    code = "rate_limited"


class MissingFile(NotFound, FileNotFoundError):
    """A file or folder the user named does not exist (still a ``FileNotFoundError`` for older callers)."""
