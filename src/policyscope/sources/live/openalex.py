"""OpenAlex country co-authorship counts by year, overall or for one concept (e.g. AI), via group-by queries.

For a country C and a year Y, pyalex builds the query
``/works?filter=publication_year:Y,institutions.country_code:C,countries_distinct_count:>1[,concepts.id:ID]
&group-by=authorships.countries`` — the works of C with authors from at least two countries, grouped by every
country on them. The group of C itself is C's number of internationally co-authored works (observation
``OPENALEX.COAUTHORED_WORKS``); every other group D is the number of works co-authored by C and D (edge
``OPENALEX.COAUTHOR``, both directions), i.e. exactly the definitions of the bundled Batagelj network, so a
fetch extends it year by year. Group keys are ``https://openalex.org/countries/XX`` (or bare ISO2 codes);
groups are paged with a cursor. The vintage is the fetch date (OpenAlex answers carry no release stamp).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import httpx
import pandas as pd

from policyscope.model import registry
from policyscope.sources.base import Bundle, SourceError
from policyscope.sources.harmonise import harmonise_names
from policyscope.sources.live.base import FetchRequest, LiveConnector, Page, indicator_rows, observation_frame
from policyscope.sources.live.http import RawStore, get

# concept label → (OpenAlex concept id, name_en, name_zh)
CONCEPTS: dict[str, tuple[str, str, str]] = {
    "AI": ("C154945302", "artificial intelligence", "人工智能"),
    "ML": ("C119857082", "machine learning", "机器学习"),
    "QUANTUM": ("C84114770", "quantum mechanics", "量子力学"),
    "SEMICONDUCTOR": ("C108225325", "semiconductors", "半导体"),
}
GROUP_BY = "authorships.countries"
PER_PAGE = 200


def parse_code(code: str) -> tuple[str, str | None]:
    """``COAUTHOR`` → ("", None); ``COAUTHOR.AI`` → ("AI", "C154945302"); ``COAUTHOR.C41008148`` → raw id."""
    parts = code.upper().split(".", 1)
    if parts[0] != "COAUTHOR":
        raise SourceError(f"OpenAlex code {code!r}: use COAUTHOR or COAUTHOR.<concept> "
                          f"(concepts: {', '.join(CONCEPTS)} or an OpenAlex concept id such as C41008148)")
    if len(parts) == 1:
        return "", None
    label = parts[1]
    if label in CONCEPTS:
        return label, CONCEPTS[label][0]
    if label.startswith("C") and label[1:].isdigit():
        return label, label
    raise SourceError(f"unknown OpenAlex concept {parts[1]!r}; known: {', '.join(CONCEPTS)} or a concept id C…")


def query_url(iso2: str, year: int, concept_id: str | None) -> str:
    """The group-by URL for one country and year, built by pyalex (no network)."""
    from pyalex import Works

    filters: dict[str, object] = {"publication_year": year, "institutions": {"country_code": iso2},
                                  "countries_distinct_count": ">1"}
    if concept_id:
        filters["concepts"] = {"id": concept_id}
    return str(Works().filter(**filters).group_by(GROUP_BY).url)


class OpenAlexLive(LiveConnector):
    name = "openalex"
    title = "OpenAlex co-authorship counts (group-by API, via pyalex)"
    licence = "CC0 (OpenAlex)"
    code_help = "COAUTHOR or COAUTHOR.AI (also ML, QUANTUM, SEMICONDUCTOR or a concept id)"

    def download(self, req: FetchRequest, client: httpx.Client, raw: RawStore) -> list[Page]:
        _, concept_id = parse_code(req.code)
        if not req.jurisdictions:
            raise SourceError("OpenAlex co-authorship fetch needs --jurisdictions (one query per country and year)")
        if not req.year_from or not req.year_to:
            raise SourceError("OpenAlex co-authorship fetch needs --from and --to years")
        reg = registry()
        pages: list[Page] = []
        for j in req.jurisdictions:
            iso2 = reg.get(j).iso2
            if not iso2:
                raise SourceError(f"jurisdiction {j} has no ISO2 code; OpenAlex counts countries only")
            for year in range(req.year_from, req.year_to + 1):
                url = query_url(iso2, year, concept_id)
                cursor: str | None = "*"
                while cursor:
                    resp = get(client, url, {"per-page": PER_PAGE, "cursor": cursor})
                    path = raw.keep(resp, "json")
                    page = Page(str(resp.request.url), resp.content, path.name)
                    pages.append(page)
                    data = _load(page)
                    nxt = data.get("meta", {}).get("next_cursor")
                    cursor = nxt if nxt and data.get("group_by") else None
        return pages

    def parse(self, pages: list[Page]) -> tuple[Bundle, str]:
        return parse_groupby_pages(pages)


def _load(page: Page) -> dict[str, object]:
    try:
        data = json.loads(page.body)
    except json.JSONDecodeError as exc:
        raise SourceError(f"OpenAlex response {page.file or page.url} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or "group_by" not in data:
        err = data.get("error") if isinstance(data, dict) else None
        raise SourceError(f"OpenAlex response {page.file or page.url} has no group_by list"
                          + (f": {err} {data.get('message', '')}" if err else ""))
    return data


def _context(url: str) -> tuple[str, int, str | None]:
    """(ISO2 country, year, concept id) from the query URL's filter."""
    q = dict(parse_qsl(urlsplit(url).query))
    filters = dict(f.split(":", 1) for f in q.get("filter", "").split(",") if ":" in f)
    c = filters.get("institutions.country_code") or filters.get("authorships.institutions.country_code")
    y = filters.get("publication_year")
    if not c or not y or not y.isdigit():
        raise SourceError(f"OpenAlex page {url!r} lacks a single-year, single-country filter")
    return c.upper(), int(y), filters.get("concepts.id")


def parse_groupby_pages(pages: list[Page], fetched_at: datetime | None = None) -> tuple[Bundle, str]:
    """Group-by pages → edges (both directions) and each queried country's own count."""
    label_of = {v[0]: k for k, v in CONCEPTS.items()}
    edges: dict[tuple[str, int, str, str], float] = {}
    selfs: dict[tuple[str, int, str], float] = {}
    concepts: set[str] = set()
    for page in pages:
        data = _load(page)
        c, y, cid = _context(page.url)
        suffix = f".{label_of.get(cid, cid)}" if cid else ""
        concepts.add(suffix)
        for g in data["group_by"]:  # type: ignore[union-attr]
            key = str(g["key"]).rstrip("/").rsplit("/", 1)[-1].upper()
            if key == "UNKNOWN":
                continue
            if key == c:
                selfs[(c, y, suffix)] = float(g["count"])
            else:
                edges[(c, y, key, suffix)] = float(g["count"])
    codes = {c for c, *_ in selfs} | {c for c, _, _, _ in edges} | {d for _, _, d, _ in edges}
    h = harmonise_names(codes, extra={"XK": "XKX"})
    unknown = sorted(h.unknown)
    erows, orows = [], []
    queried = {(c, y, s) for c, y, s in selfs} | {(c, y, s) for c, y, _, s in edges}
    for (c, y, d, s), v in edges.items():
        if c not in h.mapping or d not in h.mapping:
            continue
        a, b = h.mapping[c], h.mapping[d]
        erows.append({"indicator": f"OPENALEX.COAUTHOR{s}", "year": y, "a": a, "b": b, "value": v})
        if (d, y, s) not in queried:  # mirror only when D's own query is not in this fetch
            erows.append({"indicator": f"OPENALEX.COAUTHOR{s}", "year": y, "a": b, "b": a, "value": v})
    for (c, y, s), v in selfs.items():
        if c in h.mapping:
            orows.append({"indicator": f"OPENALEX.COAUTHORED_WORKS{s}", "jurisdiction": h.mapping[c], "year": y,
                          "value": v})
    stamp = (fetched_at or datetime.now(UTC)).date().isoformat()
    vintage = f"OpenAlex API {stamp}"
    obs = pd.DataFrame(orows, columns=["indicator", "jurisdiction", "year", "value"])
    obs["source"] = "OpenAlex (API group-by)"
    obs["vintage"] = vintage
    ind = []
    for s in sorted(concepts):
        label = s.lstrip(".")
        topic_en = f" in {CONCEPTS[label][1]}" if label in CONCEPTS else (f" in concept {label}" if label else "")
        topic_zh = f"（{CONCEPTS[label][2]}领域）" if label in CONCEPTS else (f"（概念 {label}）" if label else "")
        ind += [
            {"code": f"OPENALEX.COAUTHOR{s}", "name_en": f"Internationally co-authored works between two countries{topic_en}",
             "name_zh": f"两国合著论文数{topic_zh}", "unit": "works", "source": "OpenAlex (API)",
             "licence": OpenAlexLive.licence,
             "definition": "Works with authors affiliated in both countries (full count), from OpenAlex group-by.",
             "formula": None},
            {"code": f"OPENALEX.COAUTHORED_WORKS{s}", "name_en": f"Internationally co-authored works of a country{topic_en}",
             "name_zh": f"国际合著论文数{topic_zh}", "unit": "works", "source": "OpenAlex (API)",
             "licence": OpenAlexLive.licence,
             "definition": "Works of the country with authors from at least two countries.", "formula": None},
        ]
    edf = pd.DataFrame(erows, columns=["indicator", "year", "a", "b", "value"])
    return Bundle("openalex-live", {"indicators": indicator_rows(ind), "observations": observation_frame(obs),
                                    "edges": edf}, unknown), vintage
