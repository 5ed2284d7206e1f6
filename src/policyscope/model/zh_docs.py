"""Reading Chinese official documents' metadata: issuer from the 文号 prefix, event type from the 文种 at the end
of the title, domains from keywords. The rules are data files (``model/data/issuers_zh.csv``,
``crosswalks/zh_doc_types.csv``, ``crosswalks/zh_domain_keywords.csv``) so that a correction is a reviewed data
change and the same lists serve the source adapters and ingest."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from pydantic import BaseModel

# the Chinese provinces our sources cover, ISO 3166-2:CN codes
SUBDIVISIONS_ZH: dict[str, tuple[str, str]] = {
    "CN-GD": ("广东省", "Guangdong"), "CN-HI": ("海南省", "Hainan"), "CN-HA": ("河南省", "Henan"),
    "CN-SH": ("上海市", "Shanghai"), "CN-SC": ("四川省", "Sichuan"), "CN-YN": ("云南省", "Yunnan"),
    "CN-BJ": ("北京市", "Beijing"), "CN-SD": ("山东省", "Shandong"), "CN-ZJ": ("浙江省", "Zhejiang"),
    "CN-CQ": ("重庆市", "Chongqing"), "CN-HB": ("湖北省", "Hubei"), "CN-LN": ("辽宁省", "Liaoning"),
    "CN-NX": ("宁夏回族自治区", "Ningxia"), "CN-SX": ("山西省", "Shanxi"),
}


class Issuer(BaseModel):
    prefix: str
    issuer_zh: str
    issuer_en: str
    level: str
    subdivision: str | None = None


class DocType(BaseModel):
    wenzhong: str
    match: str
    type: str
    scope: str
    label_en: str
    note: str = ""


def _rows(*parts: str) -> list[dict[str, str]]:
    text = resources.files("policyscope.model").joinpath("data", *parts).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def issuers() -> list[Issuer]:
    """文号 prefixes, longest first so that 国办发 wins over 国发 and 粤府办 over 粤府."""
    items = [Issuer.model_validate({k: (v or None) if k == "subdivision" else v for k, v in r.items()})
             for r in _rows("issuers_zh.csv")]
    return sorted(items, key=lambda i: -len(i.prefix))


@cache
def doc_types() -> list[DocType]:
    return sorted((DocType(**r) for r in _rows("crosswalks", "zh_doc_types.csv")), key=lambda d: -len(d.wenzhong))


@cache
def domain_keywords() -> list[tuple[str, str]]:
    return [(r["keyword"], r["domain"]) for r in _rows("crosswalks", "zh_domain_keywords.csv")]


def issuer_for_doc_number(doc_number: str | None) -> Issuer | None:
    """The issuing body a 文号 such as 国办发〔2023〕5号 names, or None when its prefix is not in the list."""
    if not doc_number:
        return None
    head = re.split(r"[〔\[［(（0-9]", doc_number.strip(), maxsplit=1)[0].strip()
    for it in issuers():
        if head.startswith(it.prefix):
            return it
    return None


_ISSUER_IN_TITLE = re.compile(r"^((?:中共|中国共产党)?[\u4e00-\u9fff、 ]{2,40}?(?:人民政府办公厅|人民政府|委员会办公厅|"
                              r"委员会|办公厅|办公室|部|局|厅|委|院|政府))(?:等)?关于")


def issuer_from_title(title: str) -> str | None:
    """Issuer named at the head of a title (``海南省人民政府办公厅关于…``), for rows without a 文号."""
    m = _ISSUER_IN_TITLE.match(title.strip())
    return m.group(1).strip() if m else None


_ENCLOSED = re.compile(r"《([^《》]+)》")
_TRAILING = re.compile(r"(?:[（(][^（）()]*[）)]|〔[^〕]*〕|\s|[”\"’'])+$")


def core_title(title: str) -> str:
    """The document a notice carries: ``关于印发《X规划》的通知`` → ``X规划``; trailing brackets (（试行）,
    （2021—2025年）) removed, so that the 文种 at the end can be read."""
    t = title.strip()
    if re.search(r"(印发|转发|发布|颁布|公布)", t):
        found = _ENCLOSED.findall(t)
        if found:
            t = found[-1]
    return _TRAILING.sub("", t)


def doc_type(title: str) -> DocType | None:
    """The 文种 row of a title: an excluding ``contains`` rule first, else the longest matching suffix."""
    for d in doc_types():
        if d.match == "contains" and d.wenzhong in title:
            return d
    core = core_title(title)
    for d in doc_types():
        if d.match == "suffix" and core.endswith(d.wenzhong):
            return d
    return None


def zh_domains(text: str) -> list[str]:
    """Domains whose Chinese keywords occur in ``text``, in the order of the keyword file."""
    out: list[str] = []
    for kw, dom in domain_keywords():
        if kw in text and dom not in out:
            out.append(dom)
    return out
