"""The store's errors, in one small module that every store module (and the web) may import."""

from __future__ import annotations


class StoreError(RuntimeError):
    """A database problem explained for a person: which file, what went wrong."""


class ReadOnlySQLError(StoreError):
    """A statement that would write, or read outside the published views, was sent as read-only SQL."""


class StoreBusy(StoreError):
    """The database is locked by a build (or, for a build, by a writer); nothing was written.

    ``retry_after`` is a suggestion in seconds: the web answers 503 with ``Retry-After``, the CLI exits 75."""

    retry_after: float = 5.0
