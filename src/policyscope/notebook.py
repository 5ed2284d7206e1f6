"""Python API for notebooks: ``import policyscope as ps; db = ps.connect(); db.events(jurisdiction="CHN")``.

Every method returns a pandas DataFrame and reads through the published views, so notebook results equal
what the CLI, API and reports show.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from policyscope.model import registry
from policyscope.store.database import Database, StoreNotFound, open_db
from policyscope.store.events import events_frame


class Observatory:
    """A read-only handle on a policyscope database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def sql(self, query: str) -> pd.DataFrame:
        """Read-only SQL over the published views."""
        return self.db.query_readonly(query)

    def jurisdictions(self, kind: str | None = None) -> pd.DataFrame:
        if kind:
            return self.db.df("SELECT * FROM jurisdictions WHERE kind = ? ORDER BY code", [kind])
        return self.db.df("SELECT * FROM jurisdictions ORDER BY code")

    def indicators(self) -> pd.DataFrame:
        return self.db.df("SELECT * FROM indicators ORDER BY code")

    def events(self, jurisdiction: str | None = None, domain: str | None = None, type: str | None = None,
               date_from: str | None = None, date_to: str | None = None,
               review_states: tuple[str, ...] | None = None) -> pd.DataFrame:
        code = registry().resolve_code(jurisdiction) if jurisdiction else None
        return events_frame(self.db, code, domain, type, date_from, date_to, review_states)

    def observations(self, indicator: str, jurisdictions: list[str] | None = None,
                     years: tuple[int, int] | None = None) -> pd.DataFrame:
        if not self.db.scalar("SELECT count(*) FROM indicators WHERE code = ?", [indicator]):
            raise StoreNotFound(f"unknown indicator code {indicator!r}; see `policyscope indicators list`")
        where, params = ["indicator = ?"], [indicator]
        if jurisdictions:
            codes = [registry().resolve_code(j) for j in jurisdictions]
            where.append(f"jurisdiction IN ({', '.join('?' for _ in codes)})")
            params += codes
        if years:
            where.append("year BETWEEN ? AND ?")
            params += [int(years[0]), int(years[1])]
        return self.db.df(f"SELECT * FROM observations WHERE {' AND '.join(where)} ORDER BY jurisdiction, year", params)

    def edges(self, indicator: str, year: int | None = None) -> pd.DataFrame:
        if year is None:
            return self.db.df("SELECT * FROM edges WHERE indicator = ?", [indicator])
        return self.db.df("SELECT * FROM edges WHERE indicator = ? AND year = ?", [indicator, int(year)])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Observatory:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def connect(path: str | os.PathLike[str] | None = None) -> Observatory:
    """Open the database read-only (``$POLICYSCOPE_DB`` or ``./policyscope.duckdb`` by default)."""
    return Observatory(open_db(path, read_only=True))
