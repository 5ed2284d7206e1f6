"""Japan e-Gov list of laws and regulations in force (state 2020-09-20) → one event per technology-related
act, cabinet order or ordinance; the rest is counted in ``excluded`` ("out of scope").

The three files have no header: promulgation date (``YYYYMMDD``), type (法律/政令/勅令/府令/省令/規則 …), law
number (e.g. ``令和二年法律第二十五号``) and the Japanese title. Type → our type through
``crosswalks/japan_law_types.csv``; law number → ``doc_number``; Japanese title → ``title`` and
``title_original`` (``title_lang='ja'``); promulgation (公布, publication in the Official Gazette) →
``date_published`` with precision day. In scope only when the title carries a technology keyword in Japanese
(``SCOPE``); domains from the same keywords. Issuer from the type (法律 → 国会, 政令 → 内閣) or the ministry named
in the law number (経済産業省令 → 経済産業省).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from policyscope.sources.base import Bundle, SourceAdapter
from policyscope.sources.event_rows import (
    MAX_ISSUED_YEAR,
    MIN_YEAR,
    OUT_OF_DOMAINS,
    Rows,
    crosswalk,
    decode_lines,
    domains_from_text,
    read_bytes,
)
from policyscope.sources.registry import register

LICENCE = ("Japanese Copyright Act Art. 13 (laws and orders are not copyrighted); e-Gov Government Standard "
           "Terms of Use 2.0 (CC BY 4.0 compatible)")
SCOPE = re.compile(r"情報|電気通信|科学技術|研究開発|デジタル|サイバー|データ|宇宙|知的財産|半導体|人工知能|個人情報|"
                   r"電波|特許|エネルギー|原子力|放送|通信|技術開発|産業技術|先端技術|イノベーション|電子|インターネット|ロボット|"
                   r"地球温暖化|温室効果|再生可能|実用新案|著作権|産業競争力|先端|バイオ")
ISSUERS = {"法律": "国会 (National Diet)", "法律|政令": "国会 (National Diet)", "政令": "内閣 (Cabinet)",
           "府令": "内閣府 (Cabinet Office)", "勅令": "天皇 (Emperor, pre-1947)"}
_MINISTRY = re.compile(r"年(\S+?(?:省|庁|委員会))(?:令|規則)第")


def _date(s: str) -> dt.date | None:
    try:
        d = dt.datetime.strptime(s.strip(), "%Y%m%d").date()
    except ValueError:
        return None
    return d if MIN_YEAR - 60 <= d.year <= MAX_ISSUED_YEAR else None  # Meiji-era acts still in force are real


@register
class JapanLaws(SourceAdapter):
    name = "japan_laws"
    title = "Japan e-Gov list of laws, cabinet orders and ministerial ordinances in force (2020-09-20)"
    licence = LICENCE
    origin = "e-Gov 法令 API lists (repo tkslab/tkslab.github.io, commit bcee818)"
    processing = "technology-related instruments by Japanese title keywords; type crosswalk; law number"
    raw_paths = ("japan_egov_law_list/憲法・法律.csv", "japan_egov_law_list/政令・勅令.csv",
                 "japan_egov_law_list/府省令.csv")

    def read_raw(self, paths: list[Path]) -> Bundle:
        rows = Rows(self.name)
        types = crosswalk("japan_law_types")
        seen: set[str] = set()
        for path in map(Path, paths):
            lines, notes = decode_lines(path, read_bytes(path))
            rows.notes += notes
            for i, rec in enumerate(csv.reader(lines), start=1):
                if len(rec) != 4:
                    rows.exclude(f"{path.name}:{i}", rec[-1] if rec else None, "JPN",
                                 f"broken row ({path.name} line {i}: {len(rec)} fields, expected 4)")
                    continue
                day, kind, number, title = (x.strip() for x in rec)
                rid = number or f"{path.name}:{i}"
                if rid in seen:
                    rid = f"{number}|{hashlib.sha1(title.encode()).hexdigest()[:8]}"
                if rid in seen:
                    rows.exclude(rid, title, "JPN", f"duplicate row ({path.name} line {i})")
                    continue
                seen.add(rid)
                date = _date(day)
                if kind.casefold() not in types:
                    rows.exclude(rid, title, "JPN", f"unknown instrument type {kind!r} ({path.name} line {i})")
                    continue
                if not title:
                    rows.exclude(rid, None, "JPN", f"no title ({path.name} line {i})")
                    continue
                if not SCOPE.search(title):
                    rows.exclude(rid, title, "JPN", "out of scope")
                    continue
                domains = domains_from_text(title)
                if not domains:
                    rows.exclude(rid, title, "JPN", OUT_OF_DOMAINS)
                    continue
                m = _MINISTRY.search(number)
                rows.add(
                    id=f"ev_jplaw_{hashlib.sha1(rid.encode()).hexdigest()[:14]}", jurisdiction="JPN",
                    level="national", title=title, title_original=title, title_lang="ja",
                    date=date.isoformat() if date else None, date_precision="day" if date else None,
                    date_kind="published" if date else None, date_published=date,
                    date_missing_reason=None if date else f"invalid promulgation date {day!r} in {path.name} line {i}",
                    doc_number=number or None, type=types[kind.casefold()], domains=domains, status="in_force",
                    issuer=ISSUERS.get(kind) or (m.group(1) if m else None), source_record_id=rid, licence=LICENCE,
                    retrieved="e-Gov law list, state 2020-09-20",
                    url=None, provenance=json.dumps({"egov_type": kind, "file": path.name}, ensure_ascii=False),
                )
        return Bundle(self.name, rows.frames(), [], rows.notes)
