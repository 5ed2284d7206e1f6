"""Importing this package registers every adapter (order = build order)."""

from policyscope.sources.adapters import fred, openalex, wdi  # noqa: F401
