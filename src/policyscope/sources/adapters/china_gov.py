"""Chinese government document lists: the State Council's 国务院文件 and six provincial governments' document
lists (Guangdong, Hainan, Henan, Shanghai, Sichuan, Yunnan), scraped in 2023 for the paper "Policy transparency
in China" (repo ``zongtihuoguoguan/Policy-Transparency-China-2024``). One event per document in one of our
domains, with the Chinese title as the official title.

Reads the raw workbooks (``raw_date_datasets/*.xlsx``: url, title, iss = 成文/issue date, pub = publish date;
``raw_document_number_datasets/*.xlsx``: url, 文号), joined by URL — the same code reads a newer download of
the same sites. The derived ``china_gov_policy_documents_titles_dates.csv.gz`` (the same seven sets already
joined) is read too when given instead, so that tests can use the small file.

Mapping: date = the issue date (成文日期) when there is a plausible one, else the publish date, ``date_kind``
says which and both are kept apart; an impossible date (after the download, before 1949-10-01) is not
imported and is reported in ``excluded`` as ``value rejected, …`` with file, row and reason; issuer from the 文号 prefix
(``model/data/issuers_zh.csv``), else from the head of the title, else the site; type from the 文种
(``crosswalks/zh_doc_types.csv``); domains from Chinese keywords in the title
(``crosswalks/zh_domain_keywords.csv``). Rows that are personnel decisions, commendations, repeals or in none of
our domains are kept out of ``events`` and listed in ``excluded`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from policyscope.model.zh_docs import doc_type, issuer_for_doc_number, issuer_from_title, zh_domains
from policyscope.sources.adapters.zh_common import (
    check_date,
    clean_text,
    event_id,
    excluded,
    frames,
    parse_date,
    zh_event,
)
from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

LICENCE = ("Titles, dates and numbers of official documents of state organs: outside copyright (PRC Copyright Law "
           "Art. 5); list compiled by Policy-Transparency-China-2024 (no licence stated) — cite the repository")
RETRIEVED = "2023-10"
# site (file name without "_sql") → (site in Chinese, ISO 3166-2 subdivision or None for the State Council)
SITES: dict[str, tuple[str, str | None]] = {
    "State Council": ("国务院", None),
    "Guangdong Provincial Government": ("广东省人民政府", "CN-GD"),
    "Hainan Provincial Government": ("海南省人民政府", "CN-HI"),
    "Henan Provincial Government": ("河南省人民政府", "CN-HA"),
    "Shanghai Municipal Government": ("上海市人民政府", "CN-SH"),
    "Sichuan Provincial Government": ("四川省人民政府", "CN-SC"),
    "Yunnan Provincial Government": ("云南省人民政府", "CN-YN"),
}
DATE_COLUMNS = {"url", "title", "iss", "pub"}
CSV_COLUMNS = {"source_site", "title", "issue_date", "publish_date", "doc_number", "url"}
_DOCNUM = re.compile(r"([\u4e00-\u9fffA-Za-z]{1,14}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d+\s*号)")


def clean_doc_number(v: object) -> str | None:
    """``发文字号：渝府发〔2023〕15号`` → ``渝府发〔2023〕15号``; scraping debris around a 文号 is dropped."""
    s = clean_text(v)
    if not s:
        return None
    s = re.sub(r"^(发文字号|文号)\s*[：:]\s*", "", s)
    m = _DOCNUM.search(s)
    if m:
        return re.sub(r"\s+", "", m.group(1))
    return s if len(s) <= 30 else None


def _read_xlsx(path: Path, need: set[str], problems: list[dict]) -> pd.DataFrame | None:
    try:
        df = pd.read_excel(path)
    except Exception as exc:  # noqa: BLE001 - reported with the file name, the other files still import
        problems.append(excluded("china_gov", path.name, None, f"file skipped: unreadable ({type(exc).__name__}: "
                                 f"{exc})"))
        return None
    cols = {c.lower() for c in df.columns.astype(str)}
    if not need <= cols:
        problems.append(excluded("china_gov", path.name, None, f"file skipped: expected columns {sorted(need)}, "
                                 f"missing {sorted(need - cols)}"))
        return None
    df.columns = [str(c).lower() for c in df.columns]
    return df


def _doc_numbers(folder: Path | None, problems: list[dict]) -> dict[str, str]:
    """URL → 文号 from the document-number workbooks (their column names differ by site)."""
    out: dict[str, str] = {}
    if folder is None or not folder.is_dir():
        return out
    for f in sorted(folder.glob("*.xlsx")):
        df = _read_xlsx(f, {"url"}, problems)
        if df is None:
            continue
        col = next((c for c in df.columns if c.startswith("doc") and "number" in c), None)
        if col is None:
            problems.append(excluded("china_gov", f.name, None, "file skipped: no document-number column"))
            continue
        for url, num in zip(df["url"], df[col], strict=True):
            n = clean_doc_number(num)
            if isinstance(url, str) and n:
                out.setdefault(url.strip(), n)
    return out


def _from_raw(date_dir: Path, num_dir: Path | None, problems: list[dict]) -> pd.DataFrame:
    nums = _doc_numbers(num_dir, problems)
    parts = []
    for f in sorted(date_dir.glob("*.xlsx")):
        site = f.stem.removesuffix("_sql")
        if site not in SITES:
            problems.append(excluded("china_gov", f.name, None, f"file skipped: unknown site {site!r}; known: "
                                     f"{', '.join(SITES)}"))
            continue
        df = _read_xlsx(f, DATE_COLUMNS, problems)
        if df is None:
            continue
        parts.append(pd.DataFrame({
            "site": site, "file": f.name, "row": range(2, len(df) + 2), "url": df["url"], "title": df["title"],
            "issue": df["iss"], "publish": df["pub"],
            "doc_number": [nums.get(u.strip()) if isinstance(u, str) else None for u in df["url"]],
        }))
    if not parts:
        raise SourceError(f"{date_dir}: no readable date workbook (expected columns {sorted(DATE_COLUMNS)})")
    return pd.concat(parts, ignore_index=True)


def _from_csv(path: Path, problems: list[dict]) -> pd.DataFrame:
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(f"{path}: neither UTF-8 nor GB18030 text (byte {exc.start})") from exc
        problems.append(excluded("china_gov", path.name, None, "kept, file read as GB18030, not UTF-8"))
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, on_bad_lines="error")
    except pd.errors.ParserError as exc:
        raise SourceError(f"{path}: broken CSV ({exc})") from exc
    missing = sorted(CSV_COLUMNS - set(df.columns))
    if missing:
        raise SourceError(f"{path}: expected columns {sorted(CSV_COLUMNS)}, missing {missing}")
    return pd.DataFrame({"site": df["source_site"], "file": path.name, "row": range(2, len(df) + 2),
                         "url": df["url"], "title": df["title"], "issue": df["issue_date"],
                         "publish": df["publish_date"], "doc_number": df["doc_number"].map(clean_doc_number)})


def _latest(rows: pd.DataFrame) -> dt.date:
    """The download date: a month after the newest plausible publish date (no document is dated later)."""
    pubs = [d for d in rows["publish"].map(parse_date) if d is not None and d <= dt.date.today()]
    return (max(pubs) if pubs else dt.date.today()) + dt.timedelta(days=31)


@register
class ChinaGovDocuments(SourceAdapter):
    name = "china_gov"
    title = "Chinese State Council and provincial government document lists (titles, 成文/publish dates, 文号)"
    licence = LICENCE
    origin = ("zongtihuoguoguan/Policy-Transparency-China-2024 (commit de4720d), Analysis/Date datasets and "
              "Analysis/Document number datasets; scraped 2023 from gov.cn and six provincial government sites")
    processing = ("raw_date_datasets/*.xlsx joined with raw_document_number_datasets/*.xlsx by URL → one event per "
                  "in-domain document (Chinese title, issue vs publish date, 文号, issuer from the 文号 prefix, type "
                  "from the 文种, domains from keywords); the rest in `excluded` with the reason")
    raw_paths = ("china_gov_policy_documents/raw_date_datasets",
                 "china_gov_policy_documents/raw_document_number_datasets")

    def read_raw(self, paths: list[Path]) -> Bundle:
        first = self.require(Path(paths[0])) if not Path(paths[0]).is_dir() else Path(paths[0])
        problems: list[dict] = []
        if first.is_dir():
            rows = _from_raw(first, Path(paths[1]) if len(paths) > 1 else None, problems)
        else:
            rows = _from_csv(first, problems)
        latest = _latest(rows)
        events: list[dict] = []
        seen: set[str] = set()
        for r in rows.to_dict("records"):
            ev = self._row(r, latest, problems, seen)
            if ev is not None:
                events.append(ev)
        return Bundle(self.name, frames(events, problems))

    def _row(self, r: dict, latest: dt.date, problems: list[dict], seen: set[str]) -> dict | None:
        where = f"{r['file']} row {r['row']}"
        url, title = clean_text(r["url"]), clean_text(r["title"])
        rid = url or where
        if r["site"] not in SITES:
            problems.append(excluded(self.name, rid, title, f"{where}: unknown site {r['site']!r}"))
            return None
        if not title:
            problems.append(excluded(self.name, rid, None, f"{where}: no title"))
            return None
        if rid in seen:
            problems.append(excluded(self.name, rid, title, f"{where}: duplicate URL in the list"))
            return None
        seen.add(rid)
        issued, published = parse_date(r["issue"]), parse_date(r["publish"])
        for label, d in (("issue date", issued), ("publish date", published)):
            why = check_date(d, latest)
            if why:  # reported whether or not the row becomes an event
                problems.append(excluded(self.name, rid, title, f"value rejected, {label} not imported: {where}: {why}"))
                issued, published = (None, published) if label == "issue date" else (issued, None)
        kind = doc_type(title)
        if kind is not None and kind.scope == "out":
            problems.append(excluded(self.name, rid, title, f"out of scope: {kind.note or kind.label_en}"))
            return None
        domains = zh_domains(title)
        if not domains:
            problems.append(excluded(self.name, rid, title, "in none of our domains (no domain keyword in the title)"))
            return None
        site_zh, subdivision = SITES[r["site"]]
        num = r["doc_number"] if isinstance(r["doc_number"], str) else None
        iss = issuer_for_doc_number(num)
        level = "national" if subdivision is None or (iss is not None and iss.level == "national") else "subnational"
        issuer = iss.issuer_zh if iss else (issuer_from_title(title) or site_zh)
        date = issued or published
        return zh_event(
            id=event_id("cngov", rid), jurisdiction="CHN", title=title, date=date,
            date_precision="day" if date else None, date_kind=("issued" if issued else "published") if date else None,
            date_issued=issued, date_published=published,
            date_missing_reason=None if date else "the list gives neither a plausible issue (成文) nor publish date",
            issuer=issuer, type=kind.type if kind else "other", domains=domains, origin=self.name, url=url,
            level=level, subdivision=None if level == "national" else subdivision, doc_number=num,
            source_record_id=rid, licence=LICENCE, retrieved=RETRIEVED,
        )
