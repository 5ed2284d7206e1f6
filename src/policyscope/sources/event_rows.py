"""Shared pieces of the event-list adapters (STIP Compass, CCLW, EEA PaMs, OECD.AI list, Japan e-Gov): the
published type crosswalks, domain keywords in en/zh/ja, jurisdiction levels, tolerant text decoding and the row
layout of ``events`` and ``excluded`` — so every adapter maps a raw list onto the event model the same way and
nothing is dropped without a counted reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from policyscope.model import registry
from policyscope.model.taxonomy import DOMAINS, EVENT_TYPES, STATUSES
from policyscope.sources.base import EVENT_OPTIONAL, TABLES, SourceAdapter, SourceError

EVENT_COLUMNS = TABLES["events"] + EVENT_OPTIONAL
OUT_OF_DOMAINS = "outside the observatory's domains"
# the oldest and newest dates a source may state: earlier ones are placeholders ("long-standing" = 1900),
# later ones are source errors (a 2028 issue date in a 2023 download)
MIN_YEAR = 1901
MAX_ISSUED_YEAR = dt.date.today().year


# -- crosswalks -----------------------------------------------------------------------------------------------

@cache
def crosswalk(name: str) -> dict[str, str]:
    """Source label (case-folded) → our event type or status, from ``model/data/crosswalks/<name>.csv``
    (columns ``source_label, our_code, relation, note``; file order = precedence when a record has several)."""
    text = resources.files("policyscope.model").joinpath("data", "crosswalks", f"{name}.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    out: dict[str, str] = {}
    for r in rows:
        code = r["our_code"].strip()
        if code not in EVENT_TYPES and code not in STATUSES:
            raise SourceError(f"crosswalk {name}.csv: {code!r} is neither an event type nor a status")
        out[r["source_label"].strip().casefold()] = code
    return out


def first_mapped(labels: Iterable[str], name: str) -> str | None:
    """The mapping of the label that comes first in the crosswalk file (its precedence), or None."""
    cw = crosswalk(name)
    order = {k: i for i, k in enumerate(cw)}
    keys = [lab.strip().casefold() for lab in labels if lab and lab.strip()]
    known = sorted((order[k], k) for k in keys if k in cw)
    return cw[known[0][1]] if known else None


# -- domains from titles --------------------------------------------------------------------------------------

# Curated rather than the taxonomy's search terms: titles need precise words ("space" in English titles and
# 空间 in Chinese ones mostly mean land-use planning; 智能 alone is "smart").
_DOMAIN_PATTERNS: dict[str, tuple[str, str]] = {
    # domain: (English regex, case-insensitive; Chinese/Japanese regex)
    "ai": (r"artificial intelligence|\bA\.?I\.?\b(?! ?-?\d)|machine learning|deep learning|neural network|"
           r"algorithm|generative|\bLLMs?\b|large language model|intelligence artificielle|künstliche intelligenz|"
           r"inteligencia artificial|\bKI\b",
           r"人工智能|人工知能|机器学习|機械学習|深度学习|算法|アルゴリズム|大模型|生成式|\bAI\b"),
    "quantum": (r"quantum", r"量子"),
    "semiconductors": (r"semiconductor|microelectronic|integrated circuit|\bchips?\b|\bCHIPS\b|microchip",
                       r"半导体|半導体|芯片|集成电路|集積回路|微电子"),
    "telecom_5g_6g": (r"\b[56]G\b|telecom|broadband|wireless|spectrum|radio|mobile network|fibre|fiber optic",
                      r"5G|6G|电信|通信|宽带|频谱|電気通信|電波|放送|無線"),
    "autonomous_driving": (r"autonomous vehicle|self-driving|automated driving|driverless|connected vehicle",
                           r"自动驾驶|无人驾驶|智能网联汽车|车联网|自動運転"),
    "data": (r"\bdata\b|big data|privacy|personal information|personal data|open data|\bGDPR\b",
             r"数据|大数据|个人信息|隐私|個人情報|データ|統計"),
    "cloud_computing": (r"cloud|computing|supercomput|high-performance comput|\bHPC\b",
                        r"云计算|算力|超级计算|クラウド|計算"),
    "blockchain": (r"blockchain|distributed ledger|crypto", r"区块链|ブロックチェーン|暗号資産"),
    "cybersecurity": (r"cyber|information security|network security|\bhacking\b",
                      r"网络安全|信息安全|サイバー|情報セキュリティ|不正アクセス"),
    "digital_economy": (r"digital|e-commerce|electronic commerce|internet|\bonline\b|e-government|\bICT\b|"
                        r"information society|information technolog|platform",
                        r"数字|电子商务|互联网|信息化|デジタル|情報通信|情報処理|電子|インターネット|情報"),
    "biotech_health": (r"biotech|genom|life science|pharmaceutic|bioeconom|medical device|health research",
                       r"生物技术|生命科学|基因|医药|バイオ|ゲノム|再生医療|医薬品"),
    "energy_climate": (r"energy|climate|carbon|renewable|emission|greenhouse|low-carbon|net[- ]zero|"
                       r"hydrogen|electricity|nuclear|solar|wind power|fossil|fuel",
                       r"能源|气候|碳|可再生|减排|节能|新能源|エネルギー|原子力|温室効果|地球温暖化|電気事業|再生可能|"
                       r"省エネ|気候"),
    "manufacturing": (r"manufactur|industry 4\.0|robot|industrial internet|additive",
                      r"制造|机器人|工业互联网|ものづくり|ロボット"),
    "talent_education": (r"talent|skills|STEM|doctoral|scholarship|fellowship|researcher|education|training",
                         r"人才|教育|培训|人材"),
    "supply_chain": (r"supply chain|export control|critical raw material|economic security",
                     r"供应链|产业链|出口管制|サプライチェーン|経済安全保障|輸出"),
    "space": (r"\bspace (?:agency|programme|program|policy|strategy|activit|research|industr|law|act)|satellite|"
              r"aerospace|outer space|\bspace\b(?! ?(?:for|of) )",
              r"航天|太空|卫星|宇宙|衛星"),
    "general_sti": (r"innovation|research|\bR ?& ?D\b|science|scientific|technolog|intellectual property|patent|"
                    r"start-?up|incubat|technopark|science park",
                    r"创新|研发|科技|科学|技术|科学技術|研究開発|技術開発|産業技術|先端技術|知的財産|特許|イノベーション|実用新案|意匠"),
}
_COMPILED = {d: (re.compile(en, re.I if d not in ("ai",) else 0), re.compile(cjk))
             for d, (en, cjk) in _DOMAIN_PATTERNS.items()}
_AI_CI = re.compile(r"artificial intelligence|machine learning|deep learning|neural network|algorithm|"
                    r"large language model|generative ai|intelligence artificielle|künstliche intelligenz|"
                    r"inteligencia artificial", re.I)
assert set(_DOMAIN_PATTERNS) <= set(DOMAINS)


def domains_from_text(*texts: str | None) -> list[str]:
    """Our domains whose keywords occur in the given titles (en, zh or ja), in taxonomy order."""
    text = " ".join(t for t in texts if isinstance(t, str))
    if not text:
        return []
    found = []
    for d, (en, cjk) in _COMPILED.items():
        if en.search(text) or cjk.search(text) or (d == "ai" and _AI_CI.search(text)):
            found.append(d)
    return [d for d in DOMAINS if d in found]


# -- jurisdictions --------------------------------------------------------------------------------------------

def level_of(code: str) -> str:
    """international | supranational | national for a jurisdiction code of the registry."""
    kind = registry().get(code).kind
    if kind == "supranational":
        return "supranational"
    if kind in ("multilateral", "group", "aggregate", "wb_aggregate"):
        return "international"
    return "national"


# main language of a jurisdiction's official titles, for ``title_lang`` of original-language names
LANG_OF = {
    "CHN": "zh", "TWN": "zh", "HKG": "zh", "MAC": "zh", "JPN": "ja", "KOR": "ko", "DEU": "de", "AUT": "de",
    "FRA": "fr", "LUX": "fr", "ESP": "es", "ARG": "es", "CHL": "es", "COL": "es", "CRI": "es", "MEX": "es",
    "PER": "es", "URY": "es", "ITA": "it", "PRT": "pt", "BRA": "pt", "NLD": "nl", "POL": "pl", "CZE": "cs",
    "SVK": "sk", "SVN": "sl", "HRV": "hr", "HUN": "hu", "ROU": "ro", "BGR": "bg", "GRC": "el", "CYP": "el",
    "DNK": "da", "SWE": "sv", "NOR": "no", "FIN": "fi", "EST": "et", "LVA": "lv", "LTU": "lt", "ISL": "is",
    "TUR": "tr", "RUS": "ru", "UKR": "uk", "ISR": "he", "KAZ": "kk", "THA": "th", "VNM": "vi", "IDN": "id",
    "MYS": "ms", "SAU": "ar", "ARE": "ar", "EGY": "ar", "MAR": "ar", "SRB": "sr", "MNE": "sr", "BIH": "bs",
    "MKD": "mk",
}
HAN = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")


# -- text decoding --------------------------------------------------------------------------------------------

def decode_lines(path: Path, data: bytes) -> tuple[list[str], list[str]]:
    """Split a file's bytes into lines decoded as UTF-8; a line that is not UTF-8 is decoded as Windows-1252
    and reported (file, line, reason) instead of failing the whole file."""
    notes: list[str] = []
    lines: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for i, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            lines.append(raw.decode("cp1252", errors="replace"))
            notes.append(f"{path.name} line {i}: not UTF-8 ({exc.reason} at byte {exc.start}); read as Windows-1252")
    if lines and lines[-1] == "":
        lines.pop()
    return lines, notes


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it ends in .gz; a clear error when it is missing, empty or corrupt."""
    import gzip

    SourceAdapter.require(path)
    try:
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data
    except (OSError, EOFError) as exc:
        raise SourceError(f"{path}: cannot read ({type(exc).__name__}: {exc})") from exc


def read_source_csv(path: Path, rows: Rows, need: Iterable[str],
                    broken_key: Callable[[list[str]], tuple[object, object]]) -> pd.DataFrame:
    """A source CSV read tolerantly, all columns as text: lines that are not UTF-8 become notes on ``rows``,
    a row with the wrong number of fields is excluded (``broken_key(fields)`` gives its record id and title)
    instead of failing the file, and a changed column set is a :class:`SourceError` naming the file."""
    lines, rows.notes = decode_lines(path, read_bytes(path))
    broken: list[list[str]] = []
    try:
        df = pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False,
                         on_bad_lines=lambda fields: broken.append(fields) and None, engine="python")
    except Exception as exc:  # noqa: BLE001 - reported with the file name
        raise SourceError(f"{path}: cannot read CSV ({type(exc).__name__}: {exc})") from exc
    check_columns(path, df.columns, need)
    for fields in broken:
        record_id, title = broken_key(fields)
        rows.exclude(record_id, title, None,
                     f"broken row ({path.name}: {len(fields)} fields, expected {len(df.columns)})")
    return df


def check_columns(path: Path, have: Iterable[str], need: Iterable[str]) -> None:
    missing = [c for c in need if c not in set(have)]
    if missing:
        raise SourceError(f"{path}: the column set changed — missing {missing} (expected the columns of the "
                          f"source's documented export; found {list(have)[:12]}…)")


# -- rows -----------------------------------------------------------------------------------------------------

def year_date(year: int) -> str:
    return f"{year:04d}-01-01"


def parse_year(value: object, latest: int = MAX_ISSUED_YEAR + 15) -> int | None:
    """A four-digit year between MIN_YEAR and ``latest``; None for blanks and placeholders (1900, 0, 9999)."""
    s = str(value).strip() if value is not None else ""
    if not re.fullmatch(r"\d{4}(\.0)?", s):
        return None
    y = int(float(s))
    return y if MIN_YEAR <= y <= latest else None


@dataclass
class Rows:
    """Events and excluded rows of one adapter run, plus notes on rows read with a fallback."""

    source: str
    events: list[dict[str, object]] = field(default_factory=list)
    excluded: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, **ev: object) -> None:
        bad = [("type", ev.get("type"), EVENT_TYPES), ("status", ev.get("status"), STATUSES)]
        for col, val, known in bad:
            if val not in known:
                raise SourceError(f"{self.source}: record {ev.get('source_record_id')}: unknown {col} {val!r}")
        unknown = [d for d in ev.get("domains") or [] if d not in DOMAINS]  # type: ignore[attr-defined]
        if unknown:
            raise SourceError(f"{self.source}: record {ev.get('source_record_id')}: unknown domains {unknown}")
        row = dict.fromkeys(EVENT_COLUMNS)
        row.update({"partners": [], "confidence": 1.0, "origin": self.source})
        row.update(ev)
        row["domains"] = [d for d in DOMAINS if d in set(row["domains"] or [])]  # type: ignore[arg-type]
        self.events.append(row)

    def exclude(self, record_id: object, title: object, jurisdiction: object, reason: str) -> None:
        self.excluded.append({"source": self.source, "record_id": str(record_id),
                              "title": None if title is None else str(title)[:500],
                              "jurisdiction": jurisdiction, "reason": reason})

    def frames(self) -> dict[str, pd.DataFrame]:
        events = pd.DataFrame(self.events, columns=EVENT_COLUMNS)
        if events["id"].duplicated().any():
            raise SourceError(f"{self.source}: duplicate event id {events['id'][events['id'].duplicated()].iloc[0]}")
        for c in ("line", "document_id", "quote", "date_issued", "date_published", "date_in_force"):
            events[c] = events[c].astype(object)
        out = {"events": events}
        if self.excluded:
            out["excluded"] = pd.DataFrame(self.excluded, columns=TABLES["excluded"])
        return out
