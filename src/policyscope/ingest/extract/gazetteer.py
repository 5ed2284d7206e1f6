"""Compiled gazetteers, built once per process: jurisdiction names (from the model's registry plus our
demonyms and 简称), agencies and people that stand for a jurisdiction, and a trie-regex builder so that a
few thousand names are matched in one pass without per-sentence compilation."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from policyscope.model import registry

# Aliases of the catch-all INT body and of aggregates are too generic to name a sentence's subject.
_GENERIC = {"国际", "多边", "全球", "世界", "全球合计", "世界合计", "international", "multilateral", "global", "world",
            "world total", "europe"}
# Single-character 简称, used only inside runs like 中美 / 美日澳英 / 美、英 (see ``SHORT_RUN``).
SHORT = {"美": "USA", "中": "CHN", "日": "JPN", "韩": "KOR", "英": "GBR", "德": "DEU", "法": "FRA", "俄": "RUS",
         "印": "IND", "意": "ITA", "加": "CAN", "澳": "AUS", "欧": "EU", "芬": "FIN"}


def data_text(name: str) -> str:
    return resources.files("policyscope.ingest").joinpath("data", name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(data_text(name).splitlines()))


def trie_regex(words: list[str]) -> str:
    """A regex alternation shaped as a trie (fast for thousands of words); longest alternatives first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NONSPACE = re.compile(r"\S+")
_TWO_LETTERS = re.compile(r"[A-Za-z][A-Za-z]")  # (not [A-Za-z]{2}: a repeat first loses the first-character scan)
_LETTER_DOT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    text: str
    kind: str  # "name", "short", "agency"


def _split(v: str | None) -> list[str]:
    return [x.strip() for x in (v or "").split("|") if x.strip()]


_JA_NEXT = re.compile(r"議|议[^，。；\n]{0,30}?[\u3040-\u30ff]")  # 国会議員の… (simplified or not): a Japanese name


class JurisdictionGazetteer:
    """Finds jurisdiction names, 简称 runs and jurisdiction-bearing agencies in (normalised) text."""

    def __init__(self) -> None:
        reg = registry()
        zh: dict[str, str] = {}
        en: dict[str, str] = {}
        en_cs: dict[str, str] = {}  # case-sensitive (short upper-case codes: US, UK, EU)
        amb = {k for k, v in reg.aliases().items() if len(v) > 1}
        self.companies: set[str] = set()
        for key, codes in reg.aliases().items():
            if len(codes) != 1 or key in _GENERIC or key in amb:
                continue
            code = codes[0]
            kind = reg.by_code[code].kind
            if kind in ("wb_aggregate", "aggregate"):
                continue
            if re.search(r"[\u4e00-\u9fff]", key) and len(key) >= 2:
                zh[key] = code
        for code, j in reg.by_code.items():
            if j.kind in ("wb_aggregate", "aggregate") or code == "INT":
                continue
            if j.name_en and j.name_en.lower() not in _GENERIC:
                en[j.name_en] = code
        for fname in ("country_names.csv",):
            text = resources.files("policyscope.model").joinpath("data", fname).read_text(encoding="utf-8")
            for row in csv.DictReader(text.splitlines()):
                for a in _split(row.get("aliases_en")):
                    if "," in a or ";" in a or "(" in a:
                        continue
                    (en_cs if a.isupper() and len(a.replace(".", "")) <= 4 else en)[a] = row["code"]
        text = resources.files("policyscope.model").joinpath("data", "bodies.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            if row["code"] in ("INT", "WORLD"):
                continue
            for a in [*_split(row["aliases_en"]), row["name_en"]]:
                if a.lower() in _GENERIC:
                    continue
                (en_cs if a.replace(".", "").replace("-", "").isupper() and len(a) <= 6 else en)[a] = row["code"]
        for row in [*data_rows("jurisdiction_extra.csv"), *data_rows("subnational.csv")]:
            for a in _split(row["aliases_zh"]):
                zh[a] = row["code"]
            for a in _split(row["aliases_en"]):
                en[a] = row["code"]
        # regions that hold a country's name are no country: "Latin America" is not the USA (matched, then dropped)
        for a in _REGIONS_EN:
            en[a] = ""
        for a in _REGIONS_ZH:
            zh[a] = ""
        # a capital stands for its government in news ("Oslo appoints …"), not inside a name ("Paris Agreement")
        self.capitals: set[str] = set()
        for row in data_rows("capitals.csv"):
            en.setdefault(row["capital"], row["code"])
            self.capitals.add(row["capital"])
        for row in data_rows("companies.csv"):  # a company stands for its home jurisdiction (百度 → CHN)
            for a in _split(row["zh"]):
                zh.setdefault(a, row["jurisdiction"])
            for a in _split(row["en"]):
                (en_cs if a.isupper() and len(a) <= 6 else en).setdefault(a, row["jurisdiction"])
            self.companies.update(x for x in _split(row["zh"]) + _split(row["en"]))
        for row in data_rows("agencies.csv"):
            if row.get("jurisdiction"):
                if row.get("zh"):
                    for a in _split(row["zh"]):
                        zh.setdefault(a, row["jurisdiction"])
                if row.get("en"):
                    for a in _split(row["en"]):
                        (en_cs if a.isupper() and len(a) <= 6 else en).setdefault(a, row["jurisdiction"])
        for a in [a for a in en if "'" in a]:  # typeset apostrophes: Côte d’Ivoire
            en.setdefault(a.replace("'", "’"), en[a])
        self.zh, self.en, self.en_cs = zh, en, en_cs
        self._zh_re = re.compile(trie_regex(sorted(zh)))
        # Short upper-case aliases (US, EU, OECD). The "no letter or dot before" test is done in Python: a
        # pattern that starts with a look-behind loses the regex engine's first-character scan (3x slower).
        self._en_cs_re = re.compile(r"(?:" + trie_regex(sorted(en_cs)) + r")(?![A-Za-z])")
        self._en_lower = {k.lower(): v for k, v in en.items()}
        # possessives name the country too ("Japan's Ministry", "India’s plan"): looked up like the name
        for k, v in list(self._en_lower.items()):
            if k[-1:].isalpha():
                self._en_lower.setdefault(k + "'s", v)
                self._en_lower.setdefault(k + "’s", v)
        # Fast path for long English texts: capitalised word runs, looked up by their sub-spans in a dict.
        # (a run goes on over "of / the / and" and an elided "d'": Côte d’Ivoire)
        self._cap_run = re.compile(r"[A-Z][A-Za-z\u00C0-\u024F'’.\-]*(?:\s+(?:(?:of|the|and)\s+)*(?:d['’])?[A-Z]"
                                   r"[A-Za-z\u00C0-\u024F'’.\-]*)*")
        self._run_cache: dict[str, tuple[tuple[int, int, str, str], ...]] = {}  # run → its hits (``_run_hits``)
        self._first: dict[str, int] = {}  # first word (lower) → most words of an alias starting with it
        for k in self._en_lower:
            ws = k.split()
            self._first[ws[0]] = max(self._first.get(ws[0], 0), len(ws))
        s = "".join(SHORT)
        # 中美 / 美日澳英 / 美、英 / 美欧: two or more 简称, optionally separated by 、, followed by a
        # relation word; the word after 美 in 美白宫/美国 is covered by the name list.
        # (the first 简称 outside the alternation: a pattern led by it keeps the regex engine's first-character scan)
        self._short_re = re.compile(
            rf"([{s}](?:(?:、[{s}])+|[{s}]{{1,4}}(?=两国|三国|四国|五国|双方|各方|签署|合作|联合|关系|峰会|贸易|"
            rf"科技|技术|双边|首脑|领导人|共同|达成|发布|对话|联盟|就|在|等国|之间|间|[“\"])))"
        )
        self._short_ok = re.compile(rf"^[{s}](?:、?[{s}])+$")

    def _find_en(self, text: str) -> list[Mention]:
        """Longest alias inside each run of capitalised words (U.S., United States of America, Japan…)."""
        out: list[Mention] = []
        cache = self._run_cache
        if len(cache) > 200_000:
            cache.clear()
        for run in self._cap_run.finditer(text):
            g = run.group()
            hits = cache.get(g)
            if hits is None:
                hits = cache[g] = self._run_hits(g)
            if hits:
                base = run.start()
                out.extend(Mention(base + s, base + e, code, frag, "name") for s, e, code, frag in hits)
        return out

    def _run_hits(self, g: str) -> tuple[tuple[int, int, str, str], ...]:
        """The aliases in one run of capitalised words, as (start, end, code, text) in the run (a run's hits depend
        on the run alone: cached by ``_find_en``, as the same runs recur across documents)."""
        out: list[tuple[int, int, str, str]] = []
        first, en_lower, punct = self._first, self._en_lower, ".,;:'’"
        parts = g.split()
        # most runs are one capitalised word, or words none of which starts an alias: decide without offsets
        if len(parts) == 1:
            w0 = g.lower()
            if w0 in first or w0.rstrip(punct) in first:
                frag = g.rstrip(punct)
                code = en_lower.get(frag.lower())
                if code:
                    out.append((0, len(frag), code, frag))
            return tuple(out)
        if not any((w := p.lower()) in first or w.rstrip(punct) in first for p in parts):
            return ()
        words = [(w.start(), w.end()) for w in _NONSPACE.finditer(g)]
        i = 0
        while i < len(words):
            hit = self._longest_at(g, words, i)
            if hit:
                if hit[2]:  # ("" is a region holding a country's name: "Latin America" — skipped whole)
                    out.append((hit[0], hit[1], hit[2], g[hit[0]:hit[1]]))
                i = hit[3]
            else:
                i += 1
        return tuple(out)

    def _longest_at(self, g: str, words: list[tuple[int, int]], i: int) -> tuple[int, int, str, int] | None:
        """The longest alias starting at word ``i`` of a run: (start, end, code, index of the word after it)."""
        w0 = g[words[i][0]:words[i][1]].lower()
        span = self._first.get(w0) or self._first.get(w0.rstrip(".,;:'’"))
        for j in range(min(len(words), i + span), i, -1) if span else ():
            s0, e0 = words[i][0], words[j - 1][1]
            frag = g[s0:e0].rstrip(".,;:'’")
            code = self._en_lower.get(frag.lower())
            if code is not None and (frag[:1].isupper() or frag[:1].isdigit()):
                return s0, s0 + len(frag), code, j
        return None

    def find(self, text: str) -> list[Mention]:
        """All mentions, longest match first, non-overlapping, in text order."""
        found: list[Mention] = []
        has_cjk = _CJK.search(text) is not None
        for m in self._zh_re.finditer(text) if has_cjk else ():
            if m.end() > m.start() and not _JA_NEXT.match(text, m.end()):  # 国会議員の… is Japanese, not 国会
                found.append(Mention(m.start(), m.end(), self.zh[m.group()], m.group(),
                                     "company" if m.group() in self.companies else "name"))
        if _TWO_LETTERS.search(text):
            found.extend(m for m in self._find_en(text) if m.text not in self.capitals or not _NAME_GOES_ON.match(
                text, m.end))
            for m in self._en_cs_re.finditer(text):
                if m.end() > m.start() and (m.start() == 0 or text[m.start() - 1] not in _LETTER_DOT):
                    found.append(Mention(m.start(), m.end(), self.en_cs[m.group()], m.group(),
                                         "company" if m.group() in self.companies else "name"))
        for m in self._short_re.finditer(text) if has_cjk else ():
            run = m.group(1)
            if not self._short_ok.match(run):
                continue
            chars = [c for c in run if c != "、"]
            # a run must hold at least two different 简称 and must not be the start of a longer name
            if len(set(chars)) < 2:
                continue
            pos = m.start(1)
            for c in run:
                if c != "、":
                    found.append(Mention(pos, pos + 1, SHORT[c], c, "short"))
                pos += 1
        found = [f for f in found if f.code]  # (a region's name took its span)
        # names win over 简称 runs that overlap them (以美国为… must give 美国, not 以美)
        names = [(f.start, f.end) for f in found if f.kind != "short"]
        found = [f for f in found if f.kind != "short" or not any(a < f.end and f.start < b for a, b in names)]
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        last_end = -1
        for f in found:
            if f.start >= last_end:
                out.append(f)
                last_end = f.end
        return out


_REGIONS_EN = ("Latin America", "South America", "North America", "Central America", "Americas", "Latin American",
               "North American", "South American", "Central American")
_REGIONS_ZH = ("拉丁美洲", "拉美", "北美洲", "北美", "南美洲", "南美", "中美洲")
_NAME_GOES_ON = re.compile(r"[ \t]+(?:[A-Z]|(?:of|for|on|and)\s+[A-Z])|-[A-Z]")  # Paris Agreement, Oslo Accords


@lru_cache(maxsize=1)
def gazetteer() -> JurisdictionGazetteer:
    return JurisdictionGazetteer()
