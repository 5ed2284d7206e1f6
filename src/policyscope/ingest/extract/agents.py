"""Issuers (agencies, governments, leaders, companies) and cooperation partners in a sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from policyscope.ingest.extract.gazetteer import Mention, data_rows, trie_regex

COOP_CUE = re.compile(
    r"合作|协议|协定|伙伴|联盟|签署|签订|备忘录|联合声明|双边|多边|对话|峰会|共同|联合(?:开发|研发|开展|成立|发布|创建)|"
    r"agreement|partnership|cooperat|collaborat|memorandum|MoU|alliance|joint statement|bilateral|signed", re.I)
_LATIN_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_GOV = re.compile(r"([\u4e00-\u9fff]{2,6}(?:政府|国会|议会|内阁|总统府))")


class _Agencies:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        for r in data_rows("agencies.csv"):
            for col in ("zh", "en"):
                for a in (r.get(col) or "").split("|"):
                    a = a.strip()
                    if len(a) >= 2:
                        self.names[a] = r.get("jurisdiction") or ""
        # the "no letter before" test is done in Python: a leading look-behind costs the first-character scan
        self.rx = re.compile(r"(?:" + trie_regex(sorted(self.names)) + r")(?![a-z])")


@lru_cache(maxsize=1)
def _agencies() -> _Agencies:
    return _Agencies()


_ACRONYM_AFTER = re.compile(r"[（(]([A-Za-z][A-Za-z0-9\- ]{1,12})[）)]")


def find_issuers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of agencies, governments and leaders named in a sentence."""
    out = [(m.start(), m.end(), m.group()) for m in _agencies().rx.finditer(text)
           if m.end() > m.start() and not (m.start() and text[m.start() - 1] in _LATIN_LETTERS)]
    for m in _GOV.finditer(text):
        if not any(a <= m.start(1) < b for a, b, _ in out):
            name = m.group(1)
            # keep the shortest sensible tail: 德国联邦政府, 英国政府 (not 如实施高薪资制度的德国政府)
            out.append((m.start(1), m.end(1), name))
    # extend an agency by a following parenthesised acronym: 白宫科技政策办公室（OSTP）
    ext = []
    for s, e, n in out:
        m = _ACRONYM_AFTER.match(text[e:e + 16])
        ext.append((s, e + m.end(), n + m.group()) if m else (s, e, n))
    ext.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out2: list[tuple[int, int, str]] = []
    for item in ext:  # drop matches inside a longer one (OSTP inside 白宫科技政策办公室（OSTP）)
        if out2 and item[0] < out2[-1][1]:
            continue
        if out2 and item[0] == out2[-1][1]:  # 美国白宫 + 科技政策办公室 → one name
            out2[-1] = (out2[-1][0], item[1], out2[-1][2] + item[2])
            continue
        out2.append(item)
    return out2


@lru_cache(maxsize=64)
def _issuers_of(text: str) -> tuple[tuple[int, int, str], ...]:
    """``find_issuers`` of a sentence, once for all the events it names."""
    return tuple(find_issuers(text))


def issuer_for(text: str, title_start: int, title_end: int, *, table_row: bool = False) -> str | None:
    """The issuer nearest before the title in the sentence (in a table row: any cell)."""
    found = _issuers_of(text)
    if not found:
        return None
    before = [f for f in found if f[1] <= title_start]
    if before:
        s = before[-1][0]
        # 美国国家科学基金会 preceded by the country name: include it
        return text[max(0, s - 2):before[-1][1]] if text[max(0, s - 2):s] in ("美国", "英国", "德国", "日本", "韩国", "欧盟") else before[-1][2]
    after = [f for f in found if f[0] >= title_end]
    if after and (table_row or after[0][0] - title_end <= 2):
        return after[0][2]
    return None


def partners_for(text: str, subject: str, mentions: list[Mention], exclude: list[tuple[int, int]] | None = None) -> list[str]:
    """Other jurisdictions of a sentence that speaks of cooperation (else [])."""
    if not COOP_CUE.search(text):
        return []
    out: list[str] = []
    for mn in mentions:
        if mn.code == subject or mn.code in out or mn.code in ("INT", "WORLD"):
            continue
        if exclude and any(a <= mn.start < b for a, b in exclude):
            continue
        out.append(mn.code)
    return out
