"""What the Chinese-language adapters (``china_gov``, ``lawrefbook``, ``mee``) share: the event row with its
Chinese title kept as the original, date checks that reject impossible dates with a reason, and the
``excluded`` row for a record that does not become an event."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pandas as pd

from policyscope.sources.base import EVENT_OPTIONAL, TABLES

# The People's Republic's documents cannot predate its founding; earlier dates in these lists are errors or
# placeholders ("long-standing").
EARLIEST = dt.date(1949, 10, 1)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff\ufffd]")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def clean_text(v: object) -> str | None:
    """A stripped string without private-use or replacement characters (scraping debris), or None."""
    if not isinstance(v, str):
        return None
    s = _PRIVATE_USE.sub("", v).strip()
    return s or None


def parse_date(v: object) -> dt.date | None:
    """A date from a cell: Timestamp, ``2023-09-13``, ``2023/09/13``, ``成文日期 ：2023-06-14`` or ``2023年6月14日``."""
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    m = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def cn_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every ``YYYY年M月D日`` in a text with its character offset (invalid calendar dates skipped)."""
    out = []
    for m in _CN_DATE.finditer(text):
        try:
            out.append((m.start(), dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        except ValueError:
            continue
    return out


def check_date(d: dt.date | None, latest: dt.date) -> str | None:
    """Why a date is impossible for a PRC document in a list downloaded at ``latest``, or None if plausible."""
    if d is None:
        return None
    if d < EARLIEST:
        return f"{d} is before the founding of the PRC (1949-10-01)"
    if d > latest:
        return f"{d} is after the list was downloaded ({latest})"
    return None


def event_id(prefix: str, key: str) -> str:
    return f"ev_{prefix}_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:14]


def zh_event(**kw: Any) -> dict[str, Any]:
    """An events row for a record whose official title is Chinese: title = title_zh = title_original."""
    title = kw.pop("title")
    row: dict[str, Any] = dict.fromkeys(TABLES["events"] + EVENT_OPTIONAL)
    row.update(partners=[], title=title, title_zh=title, title_original=title, title_lang="zh",
               title_zh_origin="original", confidence=1.0, status="adopted", line=None, quote=None,
               document_id=None, title_en=None)
    row.update(kw)
    if row["date"] is None and not row.get("date_missing_reason"):
        raise ValueError(f"event {row['id']} has no date and no reason")
    return row


def excluded(source: str, record_id: str, title: str | None, reason: str, jurisdiction: str | None = "CHN") -> dict:
    return {"source": source, "record_id": record_id, "title": title, "jurisdiction": jurisdiction, "reason": reason}


def frames(events: list[dict], excl: list[dict]) -> dict[str, pd.DataFrame]:
    ev = pd.DataFrame(events, columns=TABLES["events"] + EVENT_OPTIONAL)
    for c in ("date", "date_issued", "date_published", "date_in_force"):
        ev[c] = pd.Series([parse_date(v) for v in ev[c]], index=ev.index, dtype=object)
    return {"events": ev, "excluded": pd.DataFrame(excl, columns=TABLES["excluded"])}
