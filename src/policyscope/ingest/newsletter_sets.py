"""The newsletter evaluation sets by name: one list for the scorer (``evaluate_docs``) and the CLI's ``--part``
choices, light to import (the CLI builds its choices at start-up; the scorer pulls in the extractor)."""

from __future__ import annotations

# drawn held-out sets, in the order they were written (tests/ingest/files/newsletters/README.md)
NEWSLETTER_SETS = tuple(f"test{n}" for n in range(2, 18))
NEWSLETTER_PARTS = {"dev": ("dev",), "test": ("test", *NEWSLETTER_SETS),
                    **{name: (name,) for name in NEWSLETTER_SETS},
                    "both": ("dev", "test", *NEWSLETTER_SETS)}
