"""Indicators as SDMX, the exchange format of statistical offices and the OECD.

``structure.xml`` is an SDMX-ML 2.1 structure message written by sdmx1: codelists of indicators (with Chinese and
English names) and areas, a concept scheme, the data structure ``DSD_INDICATORS`` (dimensions INDICATOR, REF_AREA,
TIME_PERIOD; measure OBS_VALUE; observation attributes UNIT_MEASURE, VINTAGE, SOURCE) and the dataflow
``POLICYSCOPE:DF_INDICATORS(1.0)``. Observations go to ``observations.sdmx.csv`` (SDMX-CSV 2.0, written by
DuckDB in one pass because sdmx1's object model would need minutes for the full table; a test checks the bytes
equal sdmx1's own writer on a sample) and, for ``sdmx-ml``, to ``observations.xml`` (structure-specific data,
written by sdmx1). SDMX identifiers allow only ``A-Z a-z 0-9 _ @ $ -``, so ``FX.EUR.A`` becomes ``FX_EUR_A``;
each code's description keeps our original code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from policyscope.store.database import Database, StoreError

AGENCY = "POLICYSCOPE"
VERSION = "1.0"
DATAFLOW = "DF_INDICATORS"
DSD_ID = "DSD_INDICATORS"
DIMENSIONS = ("INDICATOR", "REF_AREA", "TIME_PERIOD")
ATTRIBUTES = ("UNIT_MEASURE", "VINTAGE", "SOURCE")
CSV_HEADER = ("STRUCTURE", "STRUCTURE_ID", "ACTION", *DIMENSIONS, "OBS_VALUE", *ATTRIBUTES)
_BAD = re.compile(r"[^A-Za-z0-9_@$-]")
_BAD_SQL = "[^A-Za-z0-9_@$-]"

_CONCEPTS = {
    "INDICATOR": ("Indicator", "指标"), "REF_AREA": ("Reference area", "参考地区"),
    "TIME_PERIOD": ("Time period", "时间"), "OBS_VALUE": ("Observation value", "观测值"),
    "UNIT_MEASURE": ("Unit of measure", "计量单位"), "VINTAGE": ("Vintage (release the value came from)", "数据版本"),
    "SOURCE": ("Source", "来源"),
}


def sdmx_id(code: str) -> str:
    """Our code as an SDMX identifier (``FX.EUR.A`` → ``FX_EUR_A``, ``CUR:EUR`` → ``CUR_EUR``)."""
    return _BAD.sub("_", code)


def _ids(codes: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for c in codes:
        s = sdmx_id(c)
        if s in seen and seen[s] != c:
            raise StoreError(f"{what} codes {seen[s]!r} and {c!r} both become SDMX id {s!r}; rename one")
        seen[s] = c
        out[c] = s
    return out


def _where(indicators: list[str] | None) -> tuple[str, list[Any]]:
    if not indicators:
        return "", []
    return f"WHERE indicator IN ({', '.join('?' * len(indicators))})", list(indicators)


def _catalogue(db: Database, indicators: list[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    where, params = _where(indicators)
    inds = db.df(f"SELECT i.code, i.name_en, i.name_zh, i.unit, i.source FROM main.indicators i "
                 f"WHERE i.code IN (SELECT DISTINCT indicator FROM main.observations {where}) ORDER BY code", params)
    if indicators:
        missing = sorted(set(indicators) - set(inds["code"]))
        if missing:
            raise StoreError(f"indicator(s) {', '.join(missing)} have no observations or are not in the catalogue; "
                             "see `policyscope indicators list`")
    areas = db.df(f"SELECT a.jurisdiction AS code, j.name_en, j.name_zh FROM (SELECT DISTINCT jurisdiction FROM "
                  f"main.observations {where}) a LEFT JOIN main.jurisdictions j ON j.code = a.jurisdiction "
                  "ORDER BY 1", params)
    return inds, areas


def build_structure(db: Database, indicators: list[str] | None = None) -> Any:
    """The SDMX-ML structure message (codelists, concepts, DSD, dataflow) for the selected indicators."""
    from sdmx.message import StructureMessage
    from sdmx.model import common
    from sdmx.model import v21 as m

    inds, areas = _catalogue(db, indicators)
    ind_ids = _ids(list(inds["code"]), "indicator")
    area_ids = _ids(list(areas["code"]), "area")
    agency = common.Agency(id=AGENCY, name={"en": "policyscope"})
    cl_ind = common.Codelist(id="CL_INDICATOR", maintainer=agency, version=VERSION,
                             name={"en": "Indicators", "zh": "指标"})
    for r in inds.itertuples(index=False):
        desc = f"policyscope code {r.code}; unit: {r.unit or '-'}; source: {r.source or '-'}"
        cl_ind.append(common.Code(id=ind_ids[r.code], name={"en": r.name_en or r.code, "zh": r.name_zh or r.code},
                                  description={"en": desc}))
    cl_area = common.Codelist(id="CL_AREA", maintainer=agency, version=VERSION, name={"en": "Areas", "zh": "地区"})
    for r in areas.itertuples(index=False):
        name = {"en": r.name_en if isinstance(r.name_en, str) else r.code}
        if isinstance(r.name_zh, str):
            name["zh"] = r.name_zh
        cl_area.append(common.Code(id=area_ids[r.code], name=name, description={"en": f"policyscope code {r.code}"}))
    cs = common.ConceptScheme(id="CS_POLICYSCOPE", maintainer=agency, version=VERSION, name={"en": "Concepts"})
    for cid, (en, zh) in _CONCEPTS.items():
        cs.append(common.Concept(id=cid, name={"en": en, "zh": zh}))
    dsd = m.DataStructureDefinition(id=DSD_ID, maintainer=agency, version=VERSION,
                                    name={"en": "Country-year indicators", "zh": "国家-年份指标"})
    for i, (dim, cl) in enumerate((("INDICATOR", cl_ind), ("REF_AREA", cl_area)), 1):
        dsd.dimensions.append(common.Dimension(id=dim, concept_identity=cs[dim], order=i,
                                               local_representation=common.Representation(enumerated=cl)))
    dsd.dimensions.append(common.TimeDimension(id="TIME_PERIOD", concept_identity=cs["TIME_PERIOD"], order=3))
    dsd.measures.append(m.PrimaryMeasure(id="OBS_VALUE", concept_identity=cs["OBS_VALUE"]))
    for a in ATTRIBUTES:
        dsd.attributes.append(common.DataAttribute(id=a, concept_identity=cs[a],
                                                   related_to=m.PrimaryMeasureRelationship()))
    flow = m.DataflowDefinition(id=DATAFLOW, maintainer=agency, version=VERSION, structure=dsd,
                                name={"en": "policyscope indicators", "zh": "policyscope 指标"})
    msg = StructureMessage()
    for obj in (cl_ind, cl_area, cs, dsd, flow):
        msg.add(obj)
    return msg


def write_sdmx_csv(db: Database, path: Path, indicators: list[str] | None = None) -> None:
    """Observations as SDMX-CSV 2.0 (same header and value form as sdmx1's ``to_csv`` with attributes)."""
    where, params = _where(indicators)
    ref = f"{AGENCY}:{DATAFLOW}({VERSION})"
    target = str(path).replace("'", "''")
    db.con.execute(
        f"COPY (SELECT 'dataflow' AS STRUCTURE, '{ref}' AS STRUCTURE_ID, 'I' AS ACTION, "
        f"regexp_replace(o.indicator, '{_BAD_SQL}', '_', 'g') AS INDICATOR, "
        f"regexp_replace(o.jurisdiction, '{_BAD_SQL}', '_', 'g') AS REF_AREA, CAST(o.year AS VARCHAR) AS TIME_PERIOD, "
        "o.value AS OBS_VALUE, i.unit AS UNIT_MEASURE, o.vintage AS VINTAGE, o.source AS SOURCE "
        f"FROM main.observations o LEFT JOIN main.indicators i ON i.code = o.indicator {where.replace('indicator', 'o.indicator')} "
        f"ORDER BY o.indicator, o.jurisdiction, o.year) TO '{target}' (HEADER, DELIMITER ',')", params)


def observations_dataset(db: Database, structure: Any, indicators: list[str] | None = None) -> Any:
    """The observations as an sdmx1 structure-specific data set (for SDMX-ML)."""
    from sdmx.model import common
    from sdmx.model import v21 as m

    flow = structure.dataflow[DATAFLOW]
    dsd = flow.structure
    where, params = _where(indicators)
    df = db.df(f"SELECT o.indicator, o.jurisdiction, o.year, o.value, i.unit, o.vintage, o.source FROM "
               f"main.observations o LEFT JOIN main.indicators i ON i.code = o.indicator "
               f"{where.replace('indicator', 'o.indicator')} ORDER BY 1, 2, 3", params)
    measure = dsd.measures[0]
    attrs = {a: dsd.attributes.get(a) for a in ATTRIBUTES}
    ds = m.StructureSpecificDataSet(described_by=flow, structured_by=dsd)
    obs = []
    for r in df.itertuples(index=False):
        key = dsd.make_key(common.Key, {"INDICATOR": sdmx_id(r.indicator), "REF_AREA": sdmx_id(r.jurisdiction),
                                        "TIME_PERIOD": str(r.year)})
        attached = {a: common.AttributeValue(value=str(v), value_for=attrs[a])
                    for a, v in zip(ATTRIBUTES, (r.unit, r.vintage, r.source), strict=True) if isinstance(v, str)}
        obs.append(m.Observation(dimension=key, value=float(r.value), value_for=measure, attached_attribute=attached))
    ds.add_obs(obs)
    return ds


def write_sdmx(db: Database, out: Path, *, ml: bool = False, indicators: list[str] | None = None) -> list[Path]:
    """``structure.xml`` plus ``observations.sdmx.csv`` (always) and ``observations.xml`` (``ml=True``)."""
    import sdmx
    from sdmx.message import DataMessage

    structure = build_structure(db, indicators)
    sp = out / "structure.xml"
    sp.write_bytes(sdmx.to_xml(structure, pretty_print=True))
    cp = out / "observations.sdmx.csv"
    write_sdmx_csv(db, cp, indicators)
    files = [sp, cp]
    if ml:
        ds = observations_dataset(db, structure, indicators)
        xp = out / "observations.xml"
        xp.write_bytes(sdmx.to_xml(DataMessage(dataflow=structure.dataflow[DATAFLOW], data=[ds]), pretty_print=True))
        files.append(xp)
    return files
