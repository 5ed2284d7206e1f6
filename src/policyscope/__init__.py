"""policyscope: an open, bilingual observatory of technology and digital-industry policy and innovation."""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policyscope.notebook import Observatory


def connect(path: Any = None) -> Observatory:
    """``import policyscope as ps; db = ps.connect()`` — see :mod:`policyscope.notebook`."""
    from policyscope.notebook import connect as _connect

    return _connect(path)


__all__ = ["__version__", "connect"]
