"""Importing this package registers every adapter (order = build order)."""

from policyscope.sources.adapters import fred, openalex, wdi  # noqa: F401

# isort: split
# bundled sources added after the foundation (NCSES, EU Scoreboard/Eurostat, AGORA, OECD.AI, national AI strategies)
from policyscope.sources.adapters import agora, eu_rd, nat_ai, ncses, oecd_ai  # noqa: F401

# isort: split
# Chinese-language sources (State Council and provincial document lists, LawRefBook, MEE)
from policyscope.sources.adapters import china_gov, lawrefbook, mee  # noqa: F401

# isort: split
# event lists of the event base (issue 9)
from policyscope.sources.adapters import cclw, eea_pams, japan_laws, landmarks, oecd_ai_list, stip  # noqa: F401
