"""World Bank Indicators API v2 (WDI and any other indicator by code), JSON format.

``GET https://api.worldbank.org/v2/country/{all|ISO3;ISO3}/indicator/{CODE}?format=json&date=Y1:Y2&per_page=N&page=P``
answers ``[meta, rows]`` with ``meta = {page, pages, per_page, total, sourceid, lastupdated}`` and rows
``{indicator: {id, value}, country: {id, value}, countryiso3code, date, value, unit, obs_status, decimal}``;
an error is ``[{"message": [{id, key, value}]}]``. We call it with httpx rather than wbgapi (wbgapi's
``requests.get`` cannot be pointed at recorded responses; see docs/decisions.md) and use the same URL pattern.
The vintage is the API's ``lastupdated`` date.
"""

from __future__ import annotations

import json

import httpx
import pandas as pd

from policyscope.model import registry
from policyscope.sources.adapters.wdi import WDI_CATALOGUE
from policyscope.sources.base import Bundle, SourceError
from policyscope.sources.live.base import FetchRequest, LiveConnector, Page, indicator_rows, observation_frame
from policyscope.sources.live.http import RawStore, get

API = "https://api.worldbank.org/v2"
PER_PAGE = 1000


def wdi_url(code: str, jurisdictions: list[str] | None = None) -> str:
    countries = ";".join(jurisdictions) if jurisdictions else "all"
    return f"{API}/country/{countries}/indicator/{code}"


def _load(page: Page) -> list[object]:
    try:
        data = json.loads(page.body)
    except json.JSONDecodeError as exc:
        raise SourceError(f"World Bank response {page.file or page.url} is not JSON: {exc}") from exc
    if isinstance(data, list) and data and isinstance(data[0], dict) and "message" in data[0]:
        msgs = "; ".join(f"{m.get('key', '')}: {m.get('value', '')}" for m in data[0]["message"])
        raise SourceError(f"World Bank API refused {page.url or page.file}: {msgs}")
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], dict)):
        raise SourceError(f"World Bank response {page.file or page.url} is not [meta, rows]")
    return data


class WorldBankLive(LiveConnector):
    name = "wdi"
    title = "World Bank Indicators API v2 (WDI)"
    licence = "CC BY 4.0"
    code_help = "any World Bank indicator code, e.g. GB.XPD.RSDV.GD.ZS"

    def download(self, req: FetchRequest, client: httpx.Client, raw: RawStore) -> list[Page]:
        params: dict[str, object] = {"format": "json", "per_page": PER_PAGE}
        if req.year_from or req.year_to:
            params["date"] = f"{req.year_from or 1960}:{req.year_to or 2100}"
        url = wdi_url(req.code, req.jurisdictions)
        pages: list[Page] = []
        page_no, total_pages = 1, 1
        while page_no <= total_pages:
            resp = get(client, url, {**params, "page": page_no})
            path = raw.keep(resp, "json")  # raw first, then parse
            page = Page(str(resp.request.url), resp.content, path.name)
            meta = _load(page)[0]
            total_pages = int(meta.get("pages") or 1)  # type: ignore[union-attr]
            pages.append(page)
            page_no += 1
        return pages

    def parse(self, pages: list[Page]) -> tuple[Bundle, str]:
        return parse_wdi_pages(pages)


def parse_wdi_pages(pages: list[Page]) -> tuple[Bundle, str]:
    """World Bank v2 JSON pages → bundle (observations with values; nulls are missing, never zero)."""
    rows: list[dict[str, object]] = []
    names: dict[str, tuple[str, str]] = {}
    updated = set()
    for page in pages:
        meta, data = _load(page)
        updated.add(str(meta.get("lastupdated", "")))  # type: ignore[union-attr]
        for r in data or []:  # type: ignore[union-attr]
            code = r["indicator"]["id"]
            names[code] = (r["indicator"].get("value") or code, r.get("unit") or "")
            rows.append({"indicator": code, "jurisdiction": r.get("countryiso3code") or r["country"]["id"],
                         "name": r["country"].get("value"), "date": r.get("date"), "value": r.get("value")})
    vintage = "World Bank API lastupdated " + ", ".join(sorted(u for u in updated if u))
    df = pd.DataFrame(rows, columns=["indicator", "jurisdiction", "name", "date", "value"])
    df = df[df["value"].notna()]
    if not df.empty:
        bad_year = ~df["date"].astype(str).str.fullmatch(r"\d{4}")
        if bad_year.any():
            raise SourceError(f"World Bank response has non-annual dates, e.g. {df.loc[bad_year, 'date'].iloc[0]!r}; "
                              "only annual series are supported")
    known = set(registry().by_code)
    unknown = sorted({f"{c} ({n})" for c, n in zip(df["jurisdiction"], df["name"], strict=True) if c not in known})
    df = df[df["jurisdiction"].isin(known)].copy()
    df["year"] = df["date"].astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="raise").astype(float)
    df["source"] = "World Bank WDI (API)"
    df["vintage"] = vintage
    ind = []
    for code, (name_en, unit) in sorted(names.items()):
        cat = WDI_CATALOGUE.get(code)
        ind.append({"code": code, "name_en": cat[0] if cat else name_en,
                    "name_zh": cat[1] if cat else f"{name_en}（世界银行指标 {code}）",
                    "unit": cat[2] if cat else unit, "source": "World Bank, World Development Indicators",
                    "licence": WorldBankLive.licence, "definition": None, "formula": None})
    bundle = Bundle("wdi-live", {"indicators": indicator_rows(ind), "observations": observation_frame(df)}, unknown)
    return bundle, vintage
