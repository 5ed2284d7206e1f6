"""OECD and other SDMX providers (Eurostat, ECB, IMF, ILO… — any source sdmx1 knows), read with sdmx1.

Queries follow the SDMX 2.1 REST pattern ``{base}/data/{flow}/{key}?startPeriod=&endPeriod=`` with the
provider's base URL taken from sdmx1's source list, and ask for SDMX-ML *generic* data (self-describing, so
no separate structure request is needed). sdmx1 parses the message — also for SDMX-ML and SDMX-JSON files
given to ``indicators import`` — and this module maps series to indicators:

- named codes (``MSTI.GERD.PPP`` …, see :data:`NAMED`) map a fixed series key to one indicator;
- ``PROVIDER:FLOW/KEY`` fetches anything; each series becomes indicator
  ``PROVIDER.FLOW.<key values except area and frequency>``.

``UNIT_MULT`` (series or observation attribute) is applied, so values are in base units. The vintage is the
message header's ``Prepared`` time (and the provider).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import httpx
import pandas as pd

from policyscope.sources.base import Bundle, SourceError
from policyscope.sources.harmonise import harmonise_names
from policyscope.sources.live.base import FetchRequest, LiveConnector, Page, indicator_rows, observation_frame
from policyscope.sources.live.http import RawStore, get

GENERIC_XML = "application/vnd.sdmx.genericdata+xml;version=2.1"
AREA_DIMS = ("REF_AREA", "GEO", "geo", "COUNTRY", "LOCATION", "COU")
FREQ_DIMS = ("FREQ", "freq", "FREQUENCY")
TIME_DIMS = ("TIME_PERIOD", "TIME")


@dataclass(frozen=True)
class Named:
    provider: str
    flow: str
    key: str  # with {areas} where the areas go
    name_en: str
    name_zh: str
    unit: str
    definition: str


MSTI_FLOW = "OECD.STI.STP,DSD_MSTI@DF_MSTI"
# MSTI key: REF_AREA.FREQ.MEASURE.UNIT_MEASURE.PRICE_BASE.TRANSFORMATION
NAMED: dict[str, Named] = {
    "MSTI.GERD.PPP": Named("OECD", MSTI_FLOW, "{areas}.A.G.USD_PPP.V._Z",
                           "Gross domestic expenditure on R&D, current PPP $ (OECD MSTI)",
                           "研发经费支出总额（现价购买力平价美元，OECD MSTI）", "current PPP $",
                           "GERD at current prices and PPPs (OECD Main Science and Technology Indicators)."),
    "MSTI.GERD.GDP": Named("OECD", MSTI_FLOW, "{areas}.A.G.PT_B1GQ._Z._Z",
                           "GERD as a percentage of GDP (OECD MSTI)", "研发经费支出占GDP比重（%，OECD MSTI）", "% of GDP",
                           "Gross domestic expenditure on R&D as a share of GDP (OECD MSTI)."),
    "MSTI.GERD.CONST": Named("OECD", MSTI_FLOW, "{areas}.A.G.USD_PPP.Q._Z",
                             "GERD, constant PPP $ (OECD MSTI)", "研发经费支出总额（不变价购买力平价美元，OECD MSTI）",
                             "constant PPP $", "GERD at constant prices and PPPs (OECD MSTI)."),
}
PROVIDER_NAMES = {"OECD": "oecd", "OECD3": "oecd", "ESTAT": "eurostat", "ESTAT3": "eurostat"}


def base_url(provider: str) -> str:
    """The provider's SDMX REST base URL from sdmx1's source list."""
    import sdmx

    try:
        return str(sdmx.get_source(provider).url).rstrip("/")
    except Exception:  # noqa: BLE001 - sdmx raises KeyError or its own error
        known = ", ".join(sorted(sdmx.list_sources()))
        raise SourceError(f"unknown SDMX provider {provider!r}; sdmx1 knows: {known}") from None


def split_code(code: str) -> tuple[str, str, str, Named | None]:
    """(provider, flow, key, named) of a fetch code."""
    if code in NAMED:
        n = NAMED[code]
        return n.provider, n.flow, n.key, n
    if ":" not in code or "/" not in code:
        raise SourceError(f"SDMX code {code!r} is neither a named series ({', '.join(NAMED)}) "
                          "nor PROVIDER:FLOW/KEY (e.g. ESTAT:rd_e_gerdfund/A.MIO_EUR.TOTAL.TOTAL.DE+FR)")
    provider, rest = code.split(":", 1)
    flow, key = rest.split("/", 1)
    return provider.upper(), flow, key, None


class SdmxLive(LiveConnector):
    name = "sdmx"
    title = "OECD and other SDMX providers (via sdmx1)"
    licence = "per provider (OECD: CC BY 4.0; Eurostat: reuse with attribution)"
    raw_ext = "xml"
    code_help = f"{', '.join(NAMED)} or PROVIDER:FLOW/KEY"

    def download(self, req: FetchRequest, client: httpx.Client, raw: RawStore) -> list[Page]:
        provider, flow, key, named = split_code(req.code)
        if "{areas}" in key:
            key = key.replace("{areas}", "+".join(req.jurisdictions or []))
        url = f"{base_url(provider)}/data/{flow}/{key}"
        params: dict[str, object] = {}
        if req.year_from:
            params["startPeriod"] = req.year_from
        if req.year_to:
            params["endPeriod"] = req.year_to
        resp = get(client, url, params, accept=GENERIC_XML)
        path = raw.keep(resp, "json" if "json" in resp.headers.get("content-type", "") else "xml")
        return [Page(str(resp.request.url), resp.content, path.name)]

    def parse(self, pages: list[Page]) -> tuple[Bundle, str]:
        if not pages:
            raise SourceError("SDMX fetch returned no message")
        frames, vintages, inds, unknown = [], [], {}, []
        for p in pages:
            b, v = parse_sdmx_message(p.body, p.url, name=p.file or p.url)
            frames.append(b.table("observations"))
            vintages.append(v)
            for r in b.table("indicators").to_dict("records"):
                inds[r["code"]] = r
            unknown += [u for u in b.unknown_names if u not in unknown]
        obs = pd.concat(frames, ignore_index=True)
        bundle = Bundle("sdmx-live", {"indicators": indicator_rows(list(inds.values())),
                                      "observations": observation_frame(obs)}, unknown)
        return bundle, "; ".join(sorted(set(vintages)))


def _named_for(url: str, dims: dict[str, str]) -> tuple[str, Named] | None:
    for code, n in NAMED.items():
        flow_id = n.flow.split(",")[1]
        # a message without a flow reference (e.g. a saved SDMX-JSON file) is matched on its key alone
        if flow_id not in url and url not in (flow_id.split("@")[0], "data"):
            continue
        parts = n.key.split(".")
        values = [v for k, v in dims.items() if k not in TIME_DIMS]
        if len(values) == len(parts) and all(p == "{areas}" or p == v for p, v in zip(parts, values, strict=True)):
            return code, n
    return None


def parse_sdmx_message(body: bytes, url: str = "", name: str = "SDMX message",
                       provider: str | None = None) -> tuple[Bundle, str]:
    """An SDMX-ML (2.0/2.1/3.0) or SDMX-JSON data message → bundle of observations, and its vintage."""
    import sdmx

    fmt = "JSON" if body.lstrip()[:1] in (b"{", b"[") else "XML"
    try:
        msg = sdmx.read_sdmx(io.BytesIO(body), format=fmt)
    except Exception as exc:  # noqa: BLE001 - sdmx1 raises many types; report the file and the reason
        raise SourceError(f"{name}: not a readable SDMX-{'JSON' if fmt == 'JSON' else 'ML'} data message "
                          f"({type(exc).__name__}: {exc})") from exc
    if not getattr(msg, "data", None):
        raise SourceError(f"{name}: the SDMX message holds no data set")
    sender = getattr(getattr(msg.header, "sender", None), "id", None) or provider or "SDMX"
    prepared = getattr(msg.header, "prepared", None)
    vintage = f"{sender} SDMX prepared {prepared.isoformat(timespec='seconds') if prepared else 'unknown'}"
    if provider is None:
        provider = sender
    flow = _flow_of(url, msg)
    rows: list[dict[str, object]] = []
    inds: dict[str, dict[str, object]] = {}
    for ds in msg.data:
        for key, series in ds.series.items():
            dims = {k: str(v.value) for k, v in key.values.items()}
            s_mult = _mult(getattr(key, "attrib", {}) or {})
            for obs in series:
                odims = {k: str(v.value) for k, v in obs.key.values.items()} if obs.key else {}
                alld = {**dims, **odims}
                _add(rows, inds, alld, obs, s_mult, url, provider, flow, name)
        if not ds.series:  # flat observations (dimensionAtObservation=AllDimensions)
            for obs in ds.obs:
                alld = {k: str(v.value) for k, v in obs.key.values.items()}
                _add(rows, inds, alld, obs, 0, url, provider, flow, name)
    df = pd.DataFrame(rows, columns=["indicator", "area", "year", "value"])
    h = harmonise_names(df["area"].unique(), PROVIDER_NAMES.get(provider.upper()))
    unknown = sorted(h.unknown) + [f"{n} (not a jurisdiction)" for n in h.excluded]
    df = df[df["area"].isin(h.mapping)].copy()
    df["jurisdiction"] = df["area"].map(h.mapping)
    df["source"] = f"{provider} SDMX {flow}"
    df["vintage"] = vintage
    bundle = Bundle("sdmx", {"indicators": indicator_rows(list(inds.values())), "observations": observation_frame(df)},
                    unknown)
    return bundle, vintage


def _flow_of(url: str, msg: object) -> str:
    if "/data/" in url:
        return url.split("/data/", 1)[1].split("/", 1)[0]
    try:
        ds = msg.data[0]  # type: ignore[attr-defined]
        ref = ds.described_by or ds.structured_by
        return str(ref.id)
    except Exception:  # noqa: BLE001
        return "data"


def _mult(attrib: dict[str, object]) -> int:
    for k in ("UNIT_MULT", "UNIT_MULTIPLIER"):
        if k in attrib:
            v = getattr(attrib[k], "value", attrib[k])
            v = getattr(v, "id", v)
            try:
                return int(str(v))
            except ValueError:
                return 0
    return 0


def _add(rows: list[dict[str, object]], inds: dict[str, dict[str, object]], dims: dict[str, str], obs: object,
         s_mult: int, url: str, provider: str, flow: str, name: str) -> None:
    value = getattr(obs, "value", None)
    if value is None or (isinstance(value, float) and value != value):
        return  # missing observation: never zero
    period = next((dims[t] for t in TIME_DIMS if t in dims), None)
    if period is None or not str(period)[:4].isdigit() or len(str(period)) != 4:
        raise SourceError(f"{name}: observation period {period!r} is not a year; only annual series are supported")
    area = next((dims[a] for a in AREA_DIMS if a in dims), None)
    if area is None:
        raise SourceError(f"{name}: series has no area dimension (one of {', '.join(AREA_DIMS)}): {dims}")
    mult = _mult(getattr(obs, "attached_attribute", None) or getattr(obs, "attrib", {}) or {}) or s_mult
    named = _named_for(url or flow, dims)
    if named:
        code, n = named
        ind = {"code": code, "name_en": n.name_en, "name_zh": n.name_zh, "unit": n.unit}
        definition = n.definition
    else:
        rest = [v for k, v in dims.items() if k not in AREA_DIMS + FREQ_DIMS + TIME_DIMS]
        code = ".".join([provider.upper(), flow.split(",")[-1].split("@")[-1], *rest])
        ind = {"code": code, "name_en": f"{provider} {flow} {'.'.join(rest)}",
               "name_zh": f"{provider} {flow} {'.'.join(rest)}（SDMX序列）", "unit": None}
        definition = f"SDMX series {flow} with key {'.'.join(rest)}"
    inds[code] = {**ind, "source": f"{provider} via SDMX ({flow})", "licence": SdmxLive.licence,
                  "definition": definition, "formula": None}
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SourceError(f"{name}: observation {area} {period} has a non-numeric value {value!r}") from None
    rows.append({"indicator": code, "area": area, "year": int(str(period)), "value": number * 10 ** mult})
