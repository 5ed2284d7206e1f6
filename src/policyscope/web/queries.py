"""Kept only for ``web/analyses.py`` (being replaced by the analysis registry): the read queries now live in
:mod:`policyscope.web.services.reads`. Delete this module when ``analyses.py`` no longer imports it."""

from policyscope.web.services.reads import BadQuery

__all__ = ["BadQuery"]
