"""Rebuild the recorded API responses in this folder from the real data in ../shared/data.

There is no internet in CI, so each response is *constructed* in the documented wire format of its API,
holding real published values (see README.md in this folder for the source of every number). Run:

    .venv/bin/python tests/sources/recorded/make_recordings.py

The result is deterministic; tests compare the parsed values with the source files again.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

import httpx
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DATA = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared")) / "data"
sys.path.insert(0, str(ROOT / "src"))

from policyscope.model import registry  # noqa: E402
from policyscope.sources.live.http import canonical_url  # noqa: E402
from policyscope.sources.live.openalex import CONCEPTS, PER_PAGE, query_url  # noqa: E402
from policyscope.sources.live.sdmx import GENERIC_XML, MSTI_FLOW, base_url  # noqa: E402
from policyscope.sources.live.worldbank import PER_PAGE as WB_PER_PAGE  # noqa: E402
from policyscope.sources.live.worldbank import wdi_url  # noqa: E402

INDEX: dict[str, dict[str, object]] = {}
WDI_LASTUPDATED = "2026-07-01"  # date of the datahub WDI snapshot the values come from
SDMX_PREPARED = "2024-03-27T00:00:00Z"  # NCSES conversion date (values are NCSES's reprint of OECD MSTI)
ESTAT_PREPARED = "2024-01-15T00:00:00Z"


def url_of(url: str, params: dict[str, object]) -> str:
    return canonical_url(httpx.URL(url).copy_merge_params(params))


def save(rel: str, body: bytes, url: str, content_type: str, status: int = 200) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    INDEX[url] = {"file": rel, "status": status, "content_type": content_type}


# -- World Bank ----------------------------------------------------------------------------------------------
# World Bank two-character ids of a few aggregates (API `country.id`); other entities use their ISO2
WB_ID = {"WLD": "1W", "EUU": "EU", "EMU": "XC", "OED": "OE", "HIC": "XD", "LIC": "XM", "LMC": "XN", "UMC": "XT",
         "EAS": "Z4", "ECS": "Z7", "LCN": "ZJ", "MEA": "ZQ", "SAS": "8S", "SSF": "ZG", "NAC": "XU"}


def wdi_pages(code: str, years: range, countries: list[str] | None) -> list[list[object]]:
    src = pd.read_csv(DATA / "wdi_innovation" / "indicators" / f"{code}.csv")
    meta = pd.read_csv(DATA / "wdi_innovation" / "indicators_metadata.csv").set_index("indicator_code")
    title = str(meta.loc[code, "title"])
    allnames = pd.read_csv(DATA / "wdi_innovation" / "wdi_selected_long.csv.gz",
                           usecols=["Country Name", "Country Code"]).drop_duplicates("Country Code")
    reg = registry()
    ents = allnames if countries is None else allnames[allnames["Country Code"].isin(countries)]
    kind = {c: (reg.by_code[c].kind if c in reg.by_code else "wb_aggregate") for c in ents["Country Code"]}
    ents = ents.assign(agg=[kind[c] == "wb_aggregate" for c in ents["Country Code"]])
    ents = ents.sort_values(["agg", "Country Name"], ascending=[False, True])
    values = {(c, int(y)): float(v) for c, y, v in src[["Country Code", "Year", "Value"]].itertuples(index=False)}
    rows = []
    for name, c, _ in ents.itertuples(index=False):
        j = reg.by_code.get(c)
        cid = WB_ID.get(c) or (j.iso2 if j and j.iso2 else c)
        for y in sorted(years, reverse=True):
            v = values.get((c, y))
            rows.append({"indicator": {"id": code, "value": title}, "country": {"id": cid, "value": name},
                         "countryiso3code": c, "date": str(y), "value": v, "unit": "", "obs_status": "",
                         "decimal": 1 if "%" in title else 0})
    n_pages = max(1, -(-len(rows) // WB_PER_PAGE))
    pages = []
    for p in range(n_pages):
        chunk = rows[p * WB_PER_PAGE:(p + 1) * WB_PER_PAGE]
        meta_d = {"page": p + 1, "pages": n_pages, "per_page": WB_PER_PAGE, "total": len(rows), "sourceid": "2",
                  "sourcename": "World Development Indicators", "lastupdated": WDI_LASTUPDATED}
        pages.append([meta_d, chunk])
    return pages


def record_wdi(code: str, y1: int, y2: int, countries: list[str] | None) -> None:
    for i, page in enumerate(wdi_pages(code, range(y1, y2 + 1), countries), start=1):
        url = url_of(wdi_url(code, countries), {"format": "json", "per_page": WB_PER_PAGE, "date": f"{y1}:{y2}",
                                                "page": i})
        tag = "all" if countries is None else "-".join(countries)
        save(f"wdi/{code}_{tag}_{y1}-{y2}_p{i}.json", json.dumps(page, ensure_ascii=False).encode(), url,
             "application/json;charset=utf-8")


def record_wdi_error(code: str) -> None:
    body = [{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]
    url = url_of(wdi_url(code), {"format": "json", "per_page": WB_PER_PAGE, "date": "2016:2020", "page": 1})
    save(f"wdi/{code}_error.json", json.dumps(body).encode(), url, "application/json;charset=utf-8")


# -- SDMX ----------------------------------------------------------------------------------------------------

def ncses_msti() -> pd.DataFrame:
    """NCSES SRD-1 (whose GERD source is OECD MSTI): country, year, GERD current PPP $ billion, GERD % GDP."""
    df = pd.read_csv(DATA / "ncses_sei_indicators" / "gerd_gdp_ratio_selected_years_1990_2021.csv",
                     keep_default_na=False)
    df["entity"] = df["time_period"].str.strip()
    out = []
    for _, r in df.iterrows():
        lvl1, lvl2, lvl3 = str(r["_b_gerd_b_level_1"]).strip(), str(r["_b_gerd_b_level_2"]).strip(), \
            str(r["_b_gerd_b_level_3"]).strip()
        if lvl1 == "GERD" and lvl2 == "Current PPP dollars":
            measure, label = "ppp", lvl3
        elif lvl1 == "GERD-to-GDP ratio (%)":
            measure, label = "gdp", lvl2
        else:
            continue
        name = r["entity"].split("->")[-1].strip()
        m = re.match(r"^(.*?)\s*\((\d{4})\)$", name)
        latest = int(m.group(2)) if m else None
        name = m.group(1) if m else name
        year = int(label[:4]) if label[:4].isdigit() else None
        if year is None or r["value"] in ("", "NA", "na"):
            continue
        if label.startswith("2021") and latest:
            year = latest
        out.append({"name": name, "year": year, "measure": measure, "value": float(r["value"])})
    return pd.DataFrame(out)


MSTI_AREAS = {"United States": "USA", "China": "CHN", "Japan": "JPN", "Germany": "DEU", "South Korea": "KOR",
              "France": "FRA", "United Kingdom": "GBR"}


def generic_xml(header_id: str, sender: str, prepared: str, structure: tuple[str, str, str],
                series: list[tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]]) -> bytes:
    agency, dsd, version = structure
    sid = f"{agency.replace('.', '_')}_{dsd}_{version.replace('.', '_')}"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" '
           'xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic" '
           'xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">',
           "<message:Header>", f"<message:ID>{header_id}</message:ID>", "<message:Test>false</message:Test>",
           f"<message:Prepared>{prepared}</message:Prepared>", f'<message:Sender id="{sender}"/>',
           f'<message:Structure structureID="{sid}" dimensionAtObservation="TIME_PERIOD">',
           f'<common:Structure><Ref agencyID="{agency}" id="{dsd}" version="{version}"/></common:Structure>',
           "</message:Structure>", "</message:Header>",
           f'<message:DataSet structureRef="{sid}" action="Information">']
    for key, attrs, obs in series:
        out.append("<generic:Series><generic:SeriesKey>")
        out += [f'<generic:Value id="{k}" value={quoteattr(v)}/>' for k, v in key.items()]
        out.append("</generic:SeriesKey><generic:Attributes>")
        out += [f'<generic:Value id="{k}" value={quoteattr(v)}/>' for k, v in attrs.items()]
        out.append("</generic:Attributes>")
        for period, value in obs:
            out.append(f'<generic:Obs><generic:ObsDimension value="{period}"/>'
                       f'<generic:ObsValue value="{value}"/></generic:Obs>')
        out.append("</generic:Series>")
    out += ["</message:DataSet>", "</message:GenericData>"]
    return "\n".join(out).encode()


def record_msti(y1: int, y2: int) -> pd.DataFrame:
    df = ncses_msti()
    df = df[df["name"].isin(MSTI_AREAS) & df["year"].between(y1, y2)]
    areas = list(MSTI_AREAS.values())
    series = []
    for name, code in MSTI_AREAS.items():
        sub = df[(df["name"] == name) & (df["measure"] == "ppp")].sort_values("year")
        # NCSES prints $ billions; MSTI publishes $ millions with UNIT_MULT 6
        obs = [(str(y), f"{v * 1000:.1f}") for y, v in zip(sub["year"], sub["value"], strict=True)]
        series.append(({"REF_AREA": code, "FREQ": "A", "MEASURE": "G", "UNIT_MEASURE": "USD_PPP", "PRICE_BASE": "V",
                        "TRANSFORMATION": "_Z"}, {"UNIT_MULT": "6", "DECIMALS": "1"}, obs))
    body = generic_xml("IREF_MSTI_GERD", "OECD", SDMX_PREPARED, ("OECD.STI.STP", "DSD_MSTI", "1.3"), series)
    url = url_of(f"{base_url('OECD')}/data/{MSTI_FLOW}/{'+'.join(areas)}.A.G.USD_PPP.V._Z",
                 {"startPeriod": y1, "endPeriod": y2})
    save("sdmx/oecd_msti_gerd_ppp.xml", body, url, GENERIC_XML)
    # the same source's GERD/GDP ratios as an SDMX-JSON 1.0 message: a file for `indicators import`
    sub = df[df["measure"] == "gdp"]
    years = sorted(sub["year"].unique())
    area_vals = [c for c in areas if c in {MSTI_AREAS[n] for n in sub["name"]}]
    series_j = {}
    for ai, code in enumerate(area_vals):
        name = next(n for n, c in MSTI_AREAS.items() if c == code)
        s = sub[sub["name"] == name]
        series_j[f"{ai}:0:0:0:0:0"] = {"attributes": [0], "observations": {
            str(years.index(y)): [v] for y, v in zip(s["year"], s["value"], strict=True)}}
    msg = {"header": {"id": "IREF_MSTI_GDP", "test": False, "prepared": SDMX_PREPARED,
                      "sender": {"id": "OECD", "name": "OECD"}},
           "dataSets": [{"action": "Information", "series": series_j}],
           "structure": {"name": "Main Science and Technology Indicators", "dimensions": {
               "series": [
                   {"id": "REF_AREA", "name": "Reference area", "keyPosition": 0,
                    "values": [{"id": c, "name": c} for c in area_vals]},
                   {"id": "FREQ", "name": "Frequency", "keyPosition": 1, "values": [{"id": "A", "name": "Annual"}]},
                   {"id": "MEASURE", "name": "Measure", "keyPosition": 2, "values": [{"id": "G", "name": "GERD"}]},
                   {"id": "UNIT_MEASURE", "name": "Unit", "keyPosition": 3,
                    "values": [{"id": "PT_B1GQ", "name": "Percentage of GDP"}]},
                   {"id": "PRICE_BASE", "name": "Price base", "keyPosition": 4,
                    "values": [{"id": "_Z", "name": "Not applicable"}]},
                   {"id": "TRANSFORMATION", "name": "Transformation", "keyPosition": 5,
                    "values": [{"id": "_Z", "name": "Not applicable"}]}],
               "observation": [{"id": "TIME_PERIOD", "name": "Time period", "role": "time",
                                "values": [{"id": str(y), "name": str(y)} for y in years]}]},
               "attributes": {"dataSet": [], "series": [
                   {"id": "UNIT_MULT", "name": "Unit multiplier", "values": [{"id": "0", "name": "Units"}]}],
                   "observation": []}}}
    (HERE / "files").mkdir(exist_ok=True)
    (HERE / "files" / "oecd_msti_gerd_gdp.sdmx.json").write_text(json.dumps(msg, indent=1), encoding="utf-8")
    return df


ESTAT_GEOS = ["DE", "FR", "EL", "CN_X_HK"]


def record_estat(y1: int, y2: int) -> None:
    df = pd.read_csv(DATA / "eu_rd_scoreboard_and_eurostat_gerd" / "eurostat_rd_e_gerdfund_by_sector_and_source.csv")
    df["geo"] = df["alpha2"].replace({"GR": "EL", "GB": "UK"})
    series = []
    for geo in ESTAT_GEOS:
        sub = df[(df["geo"] == geo) & df["YEAR"].between(y1, y2)].sort_values("YEAR")
        obs = [(str(int(y)), repr(float(v))) for y, v in zip(sub["YEAR"], sub["RD_COU_TOTAL_TOTAL"], strict=True) if v == v]
        series.append(({"freq": "A", "sectperf": "TOTAL", "sourcefund": "TOTAL", "unit": "MIO_EUR", "geo": geo},
                       {}, obs))
    body = generic_xml("ESTAT_RD_E_GERDFUND", "ESTAT", ESTAT_PREPARED, ("ESTAT", "RD_E_GERDFUND", "1.0"), series)
    url = url_of(f"{base_url('ESTAT')}/data/rd_e_gerdfund/A.TOTAL.TOTAL.MIO_EUR.{'+'.join(ESTAT_GEOS)}",
                 {"startPeriod": y1, "endPeriod": y2})
    save("sdmx/estat_rd_e_gerdfund.xml", body, url, GENERIC_XML)


# -- OpenAlex ------------------------------------------------------------------------------------------------

def iso2_names() -> dict[str, str]:
    df = pd.read_csv(DATA / "openalex_country_coauthorship" / "iso2_country_codes.csv", keep_default_na=False)
    return dict(zip(df["code"], df["name"], strict=True))


def groupby_pages(groups: list[tuple[str, int]], names: dict[str, str], tag: str) -> list[dict[str, object]]:
    groups = sorted(groups, key=lambda g: (-g[1], g[0]))
    chunks = [groups[i:i + PER_PAGE] for i in range(0, len(groups), PER_PAGE)] + [[]]
    total = max((c for _, c in groups), default=0)
    pages = []
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        meta = {"count": total, "db_response_time_ms": 41, "page": None, "per_page": PER_PAGE,
                "next_cursor": None if last else f"{tag}-c{i + 1}", "groups_count": len(chunk)}
        pages.append({"meta": meta, "results": [], "group_by": [
            {"key": f"https://openalex.org/countries/{k}", "key_display_name": names.get(k, k), "count": v}
            for k, v in chunk]})
    return pages


def save_groupby(iso2: str, year: int, concept: str | None, groups: list[tuple[str, int]], names: dict[str, str],
                 label: str) -> None:
    url = query_url(iso2, year, CONCEPTS[concept][0] if concept else None)
    tag = f"{label}_{iso2}_{year}"
    pages = groupby_pages(groups, names, tag)
    cursor = "*"
    for i, page in enumerate(pages, start=1):
        save(f"openalex/{tag}_p{i}.json", json.dumps(page, ensure_ascii=False).encode(),
             url_of(url, {"per-page": PER_PAGE, "cursor": cursor}), "application/json")
        cursor = str(page["meta"]["next_cursor"])


def record_openalex(countries: list[str], years: list[int]) -> None:
    with gzip.open(DATA / "openalex_country_coauthorship" / "openalex_country_coauthorship_1990_2023.csv.gz") as f:
        df = pd.read_csv(f, keep_default_na=False, na_values=[""])
    names = iso2_names()
    for c in countries:
        for y in years:
            sub = df[(df["year"] == y) & (df["country_a_iso2"] == c) & (df["works"] > 0)]
            groups = [(b, int(w)) for b, w in zip(sub["country_b_iso2"], sub["works"], strict=True)]
            save_groupby(c, y, None, groups, names, "coauthor")


NCSES_AI = {"United States": "US", "China": "CN", "United Kingdom": "GB", "Germany": "DE", "India": "IN",
            "Japan": "JP", "South Korea": "KR", "Canada": "CA", "France": "FR", "Australia": "AU"}


def record_openalex_ai() -> None:
    """AI concept path: the wire format of OpenAlex, with NCSES SPBS-92 counts (see README.md)."""
    m = pd.read_csv(DATA / "ncses_sei_indicators" / "ai_intl_coauthorship_matrix_2003_2022.csv")
    m = m.set_index("region_country_or_economy")
    col = {n: n.lower().replace(" ", "_") for n in NCSES_AI}
    names = iso2_names()
    us_row = m.loc["United States"]
    groups = [(iso, int(us_row[col[n]])) for n, iso in NCSES_AI.items() if n != "United States"]
    # no own-count group: NCSES gives no matching total, and we do not invent one
    save_groupby("US", 2022, "AI", groups, names, "coauthor_ai")


def main() -> None:
    INDEX.clear()
    record_wdi("GB.XPD.RSDV.GD.ZS", 2016, 2020, None)
    record_wdi("NY.GDP.MKTP.CD", 2000, 2020, ["USA", "CHN"])
    record_wdi_error("XX.NOT.REAL")
    record_msti(2000, 2021)
    record_estat(2015, 2020)
    record_openalex(["US", "CN"], [2010, 2016, 2021])
    record_openalex_ai()
    (HERE / "index.json").write_text(json.dumps(INDEX, indent=1, sort_keys=True), encoding="utf-8")
    print(f"wrote {len(INDEX)} recorded responses to {HERE}")


if __name__ == "__main__":
    main()
