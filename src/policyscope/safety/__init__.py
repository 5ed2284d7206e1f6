"""Guards against hostile input shared by every stage (sources, ingest, store): importing nothing else from
policyscope, it sits before ``model`` in the layering and any stage may use it."""

from policyscope.safety.archives import ArchiveLimits, ArchiveRefused, check_archive

__all__ = ["ArchiveLimits", "ArchiveRefused", "check_archive"]
