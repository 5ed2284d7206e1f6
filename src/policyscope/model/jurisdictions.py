"""Jurisdictions: ISO 3166-1 countries and territories, the EU, multilateral bodies, groups and
World Bank aggregates, with Chinese and English names and a large alias table.

The ISO list comes from ``pycountry`` (kept current by its maintainers, with zh_CN translations);
our own data files add the short Chinese names analysts write (美国, 韩国), 简称 (美, 韩), the
names used by the World Bank, NCSES and OpenAlex, and the bodies and groups that are not countries.
The resolver never guesses: an alias that points at two codes is reported as ambiguous.
"""

from __future__ import annotations

import csv
import gettext
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import pycountry
from pydantic import BaseModel, Field

from policyscope.errors import InputError

JurisdictionKind = Literal[
    "country", "territory", "supranational", "multilateral", "group", "aggregate", "wb_aggregate"
]

# ISO entries that are territories rather than sovereign states (analysts still treat TWN as an economy;
# we keep the ISO classification neutral and call every ISO entry "country" except these dependencies).
_TERRITORIES = {
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW", "CXR", "CYM",
    "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN", "IOT", "JEY", "MAC", "MAF",
    "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM",
    "SXM", "TCA", "TKL", "UMI", "VGB", "VIR", "WLF", "ESH",
}

# Names that really do point at more than one jurisdiction.
_AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "congo": ("COG", "COD"),
    "刚果": ("COG", "COD"),
    "virgin islands": ("VGB", "VIR"),
    "维尔京群岛": ("VGB", "VIR"),
    "guinea": ("GIN",),  # kept explicit so that fuzzy hints never mix it with GNB/GNQ
}


# kinds whose members a picker stands for (the EU, "supranational", is a jurisdiction of its own)
GROUP_KINDS = ("group", "multilateral")

class Jurisdiction(BaseModel):
    """One jurisdiction as stored in the ``jurisdictions`` view."""

    code: str
    name_en: str
    name_zh: str
    kind: JurisdictionKind
    iso2: str | None = None
    members: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)


class Resolution(BaseModel):
    """Result of resolving a name: ``code`` is set only when exactly one jurisdiction matches."""

    query: str
    code: str | None
    candidates: list[str] = Field(default_factory=list)
    status: Literal["resolved", "ambiguous", "unknown"]
    suggestions: list[str] = Field(default_factory=list)


class UnknownJurisdictionError(InputError):
    """A name that matches no jurisdiction."""


class AmbiguousJurisdictionError(InputError):
    """A name that matches several jurisdictions."""


# Official long forms around a short name (stripped when the full form itself is not known).
_ZH_FORMS = [re.compile(p) for p in (
    r"(?:人民民主共和国|民主共和国|联邦共和国|聯邦共和國|伊斯兰共和国|阿拉伯共和国|社会主义共和国|合众国|共和国|共和國|联邦|聯邦|"
    r"王国|王國|大公国|公国|侯国|苏丹国|酋长国|联合王国|国)$",
    r"^(?:中华人民共和国|中國|中国)(?=香港|澳门|澳門|台湾|臺灣)", r"特别行政区$|特別行政區$|地区$")]
_EN_ABBR_MAP = {"rep": "Republic", "dem": "Democratic", "fed": "Federal", "is": "Islands", "st": "Saint", "isl": "Island",
                "pdr": "People's Democratic Republic", "sar": "", "fyr": ""}
_EN_ABBR = re.compile(r"\b(?:Rep|Dem|Fed|Is|St|Isl|PDR|SAR|FYR)\b\.?", re.I)
_EN_FORMS = [re.compile(p, re.I) for p in (
    r"^(?:the\s+)?(?:(?:Democratic|Federal|Islamic|Arab|Socialist|People's|Federative|Plurinational|Bolivarian|"
    r"Cooperative|Oriental|United|Independent)\s+)*(?:Republic|Kingdom|State|Commonwealth|Federation|Principality|"
    r"Grand\s+Duchy|Sultanate|Union|Emirates?)\s+of\s+(?:the\s+)?",
    r"\s+(?:Republic|Federation|Kingdom|Principality)$", r",?\s*(?:the|China)$", r"\s*\(.*?\)\s*")]
_PUNCT = re.compile(r"[\s\.\,'’`\"()（）\-_/·]+")


def normalise_name(name: str) -> str:
    """Key used for alias lookup: NFKC, case-folded, no punctuation or spaces, no leading 'the'."""
    s = unicodedata.normalize("NFKC", name).strip().casefold()
    s = re.sub(r"^the\s+", "", s)
    return _PUNCT.sub("", s)


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("policyscope.model").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _split(v: str | None) -> list[str]:
    return [x.strip() for x in (v or "").split("|") if x.strip()]


class JurisdictionRegistry:
    """All jurisdictions and the alias index; build once with :func:`registry`."""

    def __init__(self) -> None:
        self.by_code: dict[str, Jurisdiction] = {}
        self._alias: dict[str, set[str]] = defaultdict(set)
        self._load()

    # -- construction -------------------------------------------------------------------------------
    def _add_alias(self, alias: str, code: str) -> None:
        key = normalise_name(alias)
        if key:
            self._alias[key].add(code)

    def _load(self) -> None:
        try:
            zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext
        except OSError:  # pragma: no cover - pycountry always ships zh_CN
            zh = str  # type: ignore[assignment]  # identity: str(s) returns s
        extra = {r["code"]: r for r in _data_rows("country_names.csv")}
        for c in pycountry.countries:
            code = c.alpha_3
            row = extra.get(code, {})
            name_en = getattr(c, "common_name", None) or c.name
            name_zh = row.get("name_zh") or zh(c.name)
            kind: JurisdictionKind = "territory" if code in _TERRITORIES else "country"
            self.by_code[code] = Jurisdiction(code=code, name_en=name_en, name_zh=name_zh, kind=kind, iso2=c.alpha_2)
            for a in (code, c.alpha_2, c.name, name_en, getattr(c, "official_name", None), zh(c.name), name_zh):
                if a:
                    self._add_alias(a, code)
        # Kosovo is used by the World Bank (XKX) but has no ISO code.
        self.by_code["XKX"] = Jurisdiction(code="XKX", name_en="Kosovo", name_zh="科索沃", kind="territory", iso2="XK")
        for a in ("XKX", "XK", "Kosovo", "科索沃"):
            self._add_alias(a, "XKX")
        for code, row in extra.items():
            if code not in self.by_code:
                continue
            for a in _split(row.get("aliases_zh")) + _split(row.get("aliases_en")):
                self._add_alias(a, code)
        for row in _data_rows("bodies.csv"):
            code = row["code"]
            members = _split(row["members"])
            if members == ["EU27"]:
                members = _split(next(r for r in _data_rows("bodies.csv") if r["code"] == "EU27")["members"])
            self.by_code[code] = Jurisdiction(
                code=code, name_en=row["name_en"], name_zh=row["name_zh"], kind=row["kind"], members=members  # type: ignore[arg-type]
            )
            for a in [code, row["name_en"], row["name_zh"], *_split(row["aliases_en"]), *_split(row["aliases_zh"])]:
                self._add_alias(a, code)
        for row in _data_rows("wb_aggregates.csv"):
            code = row["code"]
            if code in self.by_code:
                continue
            self.by_code[code] = Jurisdiction(code=code, name_en=row["name_en"], name_zh=row["name_zh"], kind="wb_aggregate")
            for a in (row["name_en"], row["name_zh"], row["name_en"].removesuffix(" (World Bank aggregate)")):
                if normalise_name(a) not in self._alias:
                    self._add_alias(a, code)
        # WORLD is the sum over every country and territory.
        world = self.by_code["WORLD"]
        world.members = sorted(c for c, j in self.by_code.items() if j.kind in ("country", "territory"))
        for code, j in self.by_code.items():
            j.groups = sorted(g.code for g in self.by_code.values() if g.members and code in g.members and g.code != "WORLD")
        self._add_cldr()
        self._historical: dict[str, str] = {}
        for row in _data_rows("historical_names.csv"):
            codes = set(_split(row["codes"]))
            for a in _split(row["name"]):
                key = normalise_name(a)
                if a in ("Korea",) and key in self._alias:
                    continue  # 'Korea' alone means the Republic of Korea in WB/OECD lists (kept as before)
                self._alias[key] = codes if len(codes) > 1 else (self._alias.get(key) or set()) | codes
                self._historical[key] = row["note"]
        for key, ambiguous in _AMBIGUOUS.items():
            self._alias[normalise_name(key)] = set(ambiguous)
        # A 3-letter ISO code always wins over an alias that happens to spell it (e.g. "AUS").

    # -- queries ------------------------------------------------------------------------------------
    def _add_cldr(self) -> None:
        """CLDR territory names (Babel) in English, simplified and traditional Chinese, with their short and
        variant forms; a name already taken by another code is left alone (never a new silent choice)."""
        from babel import Locale

        alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        alpha3["XK"] = "XKX"
        for loc in ("en", "zh_Hans", "zh_Hant"):
            for a2, name in Locale.parse(loc).territories.items():
                code = alpha3.get(a2)
                if code is None or code not in self.by_code:
                    continue
                plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
                for variant in {name, plain, re.sub(r"\s*[（(][^）)]*[）)]\s*", "", name)}:
                    key = normalise_name(variant)
                    if key and key not in self._alias:
                        self._alias[key].add(code)

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, code: str) -> Jurisdiction:
        try:
            return self.by_code[code]
        except KeyError:
            raise UnknownJurisdictionError(f"unknown jurisdiction code {code!r}") from None

    def members(self, code: str) -> list[str]:
        return list(self.get(code).members)

    def expand(self, code: str) -> list[str]:
        """A group of countries (G7, BRICS, OECD, ASEAN, EU27…) → its members, as a country picker reads it; a
        country, or the EU (it has policies and data of its own), → itself."""
        j = self.by_code.get(code)
        return list(j.members) if j is not None and j.kind in GROUP_KINDS and j.members else [code]

    def resolve(self, name: str) -> Resolution:
        """Resolve a name, alias or code; report ambiguity and suggest near names when unknown."""
        q = (name or "").strip()
        if q.upper() in self.by_code and (len(q) == 3 or q.upper() == q):
            return Resolution(query=name, code=q.upper(), candidates=[q.upper()], status="resolved")
        key = normalise_name(q)
        codes = sorted(self._alias.get(key, set()))
        if not codes:
            codes = sorted(self._variant_codes(q))
        if len(codes) == 1:
            return Resolution(query=name, code=codes[0], candidates=codes, status="resolved")
        if len(codes) > 1:
            return Resolution(query=name, code=None, candidates=codes, status="ambiguous")
        return Resolution(query=name, code=None, candidates=[], status="unknown", suggestions=self.suggest(q))

    def _variant_codes(self, name: str) -> set[str]:
        """Codes of a name written another way: traditional characters (阿爾巴尼亞), an official long form
        (安哥拉共和国, 澳大利亚联邦, Republic of Angola), list spellings ("Korea, Rep.", "Czech Rep.",
        "China, Hong Kong SAR", "Congo, Dem. Rep.", "Bahamas, The"), each tried until one is known."""
        tries: list[str] = []
        if re.search(r"[\u4e00-\u9fff]", name):
            simp = _to_simplified(name)
            tries.append(simp)
            for pat in _ZH_FORMS:
                tries += [pat.sub("", t) for t in (name, simp)]
        else:
            s = unicodedata.normalize("NFKC", name).strip()
            s = _EN_ABBR.sub(lambda m: _EN_ABBR_MAP[m.group().lower().rstrip(".")], s)
            tries += [s, re.sub(r"\bof\s+(?!the\b)", "of the ", s)]
            m = re.match(r"^(.+?),\s*(.+)$", s)
            if m:  # "Korea, Rep." → "Rep. Korea"; "Hong Kong SAR, China"; "China, Hong Kong SAR"
                a, b = m.group(1), m.group(2)
                tries += [f"{b} {a}", f"{b} of {a}", a if b.lower() in ("the",) else f"{a} {b}"]
                if a.lower() == "china":
                    tries.append(b)
            for t in list(tries):
                tries += [p.sub("", t).strip() for p in _EN_FORMS]
        for t in tries:
            codes = self._alias.get(normalise_name(t))
            if codes:
                return set(codes)
        return set()

    def historical_note(self, name: str) -> str | None:
        """Why a former or dissolved state's name resolves the way it does (Zaire, Czechoslovakia…)."""
        return self._historical.get(normalise_name(name))

    def codes_for(self, name: str) -> set[str]:
        """Codes a name may mean (empty when unknown), without the fuzzy suggestions ``resolve`` computes:
        cheap enough to test every capitalised phrase of a document."""
        q = (name or "").strip()
        if q.upper() in self.by_code and (len(q) == 3 or q.upper() == q):
            return {q.upper()}
        return set(self._alias.get(normalise_name(q), set())) or self._variant_codes(q)

    def resolve_code(self, name: str) -> str:
        """Strict resolution: the code, or an error naming the input and the reason."""
        r = self.resolve(name)
        if r.status == "resolved" and r.code:
            return r.code
        if r.status == "ambiguous":
            raise AmbiguousJurisdictionError(f"jurisdiction name {name!r} is ambiguous: {', '.join(r.candidates)}")
        hint = f" (did you mean: {', '.join(r.suggestions)}?)" if r.suggestions else ""
        raise UnknownJurisdictionError(f"unknown jurisdiction name {name!r}{hint}")

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        key = normalise_name(name)
        if not key:
            return []
        hits = process.extract(key, list(self._alias), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=86)
        out: list[str] = []
        for alias, _score, _ in hits:
            for c in sorted(self._alias[alias]):
                if c not in out:
                    out.append(c)
        return out[:limit]

    def aliases(self) -> dict[str, list[str]]:
        """Normalised alias → codes (for the extractor's gazetteer)."""
        return {k: sorted(v) for k, v in self._alias.items()}


@lru_cache(maxsize=1)
def _opencc_t2s() -> Any:  # OpenCC has no type stubs
    from opencc import OpenCC

    return OpenCC("t2s")


def _to_simplified(name: str) -> str:
    """Traditional → simplified for a name (阿爾巴尼亞 → 阿尔巴尼亚); the model layer uses OpenCC directly."""
    return str(_opencc_t2s().convert(name))


@lru_cache(maxsize=1)
def registry() -> JurisdictionRegistry:
    return JurisdictionRegistry()


def resolve(name: str) -> Resolution:
    """``resolve("美国").code == "USA"``."""
    return registry().resolve(name)


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["name_en"], r["name_zh"]) for r in _data_rows("subdivisions.csv")}


def subdivision_names(code: str) -> tuple[str, str] | None:
    """(English, Chinese) names of an ISO 3166-2 unit the events use (China's provinces, Belgium's regions);
    other units by pycountry's English name for both; ``None`` for a code that is no subdivision."""
    known = _subdivisions().get(code)
    if known:
        return known
    sub = pycountry.subdivisions.get(code=code) if "-" in code else None  # type: ignore[no-untyped-call]
    return (sub.name, sub.name) if sub else None
