"""Types, taxonomies and jurisdictions shared by every stage."""

from policyscope.model.entities import (
    Amount,
    Document,
    Edge,
    Evidence,
    HistoryEntry,
    Indicator,
    Observation,
    PolicyEvent,
)
from policyscope.model.jurisdictions import (
    AmbiguousJurisdictionError,
    Jurisdiction,
    Resolution,
    UnknownJurisdictionError,
    registry,
    resolve,
)
from policyscope.model.taxonomy import DOMAINS, EVENT_TYPES, STATUSES, ecosystem_frame, taxonomy

__all__ = [
    "Amount", "Document", "Edge", "Evidence", "HistoryEntry", "Indicator", "Observation", "PolicyEvent",
    "AmbiguousJurisdictionError", "Jurisdiction", "Resolution", "UnknownJurisdictionError", "registry", "resolve",
    "DOMAINS", "EVENT_TYPES", "STATUSES", "ecosystem_frame", "taxonomy",
]
