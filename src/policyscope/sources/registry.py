"""The one place where source adapters are registered (adding a source touches ``sources/`` only)."""

from __future__ import annotations

from policyscope.sources.base import SourceAdapter, SourceError

_ADAPTERS: dict[str, type[SourceAdapter]] = {}


def register(cls: type[SourceAdapter]) -> type[SourceAdapter]:
    _ADAPTERS[cls.name] = cls
    return cls


def adapters() -> dict[str, type[SourceAdapter]]:
    """All registered adapters, in build order."""
    import policyscope.sources.adapters  # noqa: F401  (registers every adapter module)

    return dict(_ADAPTERS)


def get(name: str) -> SourceAdapter:
    ads = adapters()
    if name not in ads:
        raise SourceError(f"unknown source {name!r}; known: {', '.join(ads)}")
    return ads[name]()
