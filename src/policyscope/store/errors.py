"""The store's errors, in one small module that every store module (and the web) may import.

They are kinds of :class:`policyscope.errors.PolicyscopeError`, so the CLI, the web and the report runner map
them without knowing the store: a plain :class:`StoreError` is bad input (400), the others say more."""

from __future__ import annotations

from policyscope.errors import Busy, NotFound, PolicyscopeError, Refused


class StoreError(PolicyscopeError, RuntimeError):
    """A database problem explained for a person: which file, what went wrong (bad input, 400)."""


class StoreNotFound(StoreError, NotFound):
    """No event, document, user… with the id or name given (404)."""


class ReadOnlySQLError(StoreError, Refused):
    """A statement that would write, or read outside the published views, was sent as read-only SQL (403)."""


class StoreBusy(StoreError, Busy):
    """The database is locked by a build (or, for a build, by a writer); nothing was written.

    ``retry_after`` is a suggestion in seconds: the web answers 503 with ``Retry-After``, the CLI exits 75."""


class NoSearchIndex(StoreError):
    """The database has no search catalogue yet (built before the search stage); the web falls back to
    substring search, the CLI says to run ``policyscope search --reindex``."""
