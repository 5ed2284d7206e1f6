"""The jurisdiction registry and resolver."""

from __future__ import annotations

import json
import re

import pytest

from policyscope.model import registry, resolve
from policyscope.model.jurisdictions import AmbiguousJurisdictionError, UnknownJurisdictionError
from policyscope.model.jurisdictions import registry as _registry
from tests.conftest import DATA, GOLD


def test_registry_covers_iso_bodies_groups() -> None:
    reg = registry()
    assert len(reg) >= 250
    for code in ("TWN", "HKG", "MAC", "EU", "INT", "OECD", "UN", "G7", "G20", "GPAI", "ITU", "ISO", "EU27", "BRICS"):
        assert code in reg.by_code, code
    assert len(reg.members("EU27")) == 27
    assert set(reg.members("G7")) == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert len(reg.members("OECD")) == 38
    assert "EU27" in reg.get("DEU").groups


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("美国", "USA"), ("美", "USA"), ("U.S.", "USA"), ("United States of America", "USA"), ("日", "JPN"),
        ("韩", "KOR"), ("欧", "EU"), ("英", "GBR"), ("德", "DEU"), ("法", "FRA"), ("俄", "RUS"),
        ("Republic of Korea", "KOR"), ("South Korea", "KOR"), ("Korea, Rep.", "KOR"), ("Türkiye", "TUR"),
        ("Turkey", "TUR"), ("中国台北", "TWN"), ("欧洲联盟", "EU"), ("European Union", "EU"), ("DE", "DEU"),
        ("deu", "DEU"), ("Hong Kong SAR, China", "HKG"), ("经合组织", "OECD"), ("二十国集团", "G20"),
    ],
)
def test_resolve_aliases(name: str, code: str) -> None:
    r = resolve(name)
    assert r.status == "resolved" and r.code == code, r


def test_ambiguous_is_reported_not_guessed() -> None:
    r = resolve("Congo")
    assert r.status == "ambiguous" and r.code is None and set(r.candidates) == {"COG", "COD"}
    with pytest.raises(AmbiguousJurisdictionError, match="刚果.*COD, COG"):
        registry().resolve_code("刚果")


def test_unknown_names_the_input_and_suggests() -> None:
    with pytest.raises(UnknownJurisdictionError, match="Germny") as exc:
        registry().resolve_code("Germny")
    assert "DEU" in str(exc.value)
    assert resolve("<script>alert(1)</script>").status == "unknown"


def test_every_code_resolves_from_its_own_names() -> None:
    reg = registry()
    wrong = []
    for code, j in reg.by_code.items():
        for n in filter(None, (j.iso2, j.name_en, j.name_zh)):
            r = reg.resolve(n)
            if r.code != code and not (r.status == "ambiguous" and code in r.candidates):
                wrong.append((n, code, r.candidates))
    assert not wrong


_NAMES = re.compile(
    r"(美国|美|中国|我国|欧盟|欧洲联盟|欧|日本|日|德国|德|英国|英|法国|法|韩国|韩|俄罗斯|俄|印度|澳大利亚|加拿大|新加坡|"
    r"以色列|爱尔兰|挪威|芬兰|西班牙|荷兰|沙特阿拉伯|沙特|哥斯达黎加|柬埔寨|意大利|巴西|东盟|联合国|经合组织|二十国集团|七国集团)"
)


def test_gold_quote_jurisdictions_resolve() -> None:
    """Every jurisdiction name written in a gold quote resolves to a code (≥ 95 %)."""
    names: list[str] = []
    for path in sorted(GOLD.glob("*.events.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            ev = json.loads(line)
            names += _NAMES.findall(ev["quote"])
    assert len(names) > 300
    ok = sum(1 for n in names if resolve(n).status == "resolved")
    assert ok / len(names) >= 0.95, (ok, len(names))
    # and every gold jurisdiction code is a registry code
    codes = {json.loads(x)["jurisdiction"] for p in GOLD.glob("*.events.jsonl") for x in p.read_text("utf-8").splitlines()}
    assert codes <= set(registry().by_code)


# -- names written every way (issue 10) -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), [
    ("安哥拉共和国", "AGO"), ("澳大利亚联邦", "AUS"), ("孟加拉国", "BGD"), ("北马其顿共和国", "MKD"), ("埃斯瓦蒂尼", "SWZ"),
    ("阿爾巴尼亞", "ALB"), ("Democratic Republic of Congo", "COD"), ("Zaire", "COD"), ("Rep. of Korea", "KOR"),
    ("China, Hong Kong SAR", "HKG"), ("Czech Rep.", "CZE"), ("Korea, Rep.", "KOR"), ("Congo, Dem. Rep.", "COD"),
    ("Bahamas, The", "BHS"), ("Burma", "MMR"), ("Swaziland", "SWZ"), ("Iran, Islamic Rep.", "IRN"), ("Curacao", "CUW"),
    ("Micronesia, Fed. Sts.", "FSM"), ("Lao PDR", "LAO"), ("St. Lucia", "LCA"),
])
def test_long_short_traditional_list_and_historical_names_resolve(name: str, code: str) -> None:
    assert _registry().resolve(name).code == code


@pytest.mark.parametrize("name", ["Czechoslovakia", "Soviet Union", "Yugoslavia", "Congo", "刚果"])
def test_names_of_several_countries_are_reported_not_guessed(name: str) -> None:
    r = _registry().resolve(name)
    assert r.status == "ambiguous" and r.code is None and len(r.candidates) >= 2


def test_resolver_answers_95_percent_of_a_broad_name_list() -> None:
    from policyscope.ingest.evaluate_docs import evaluate_names

    res = evaluate_names(DATA)
    assert res["names"] > 800 and res["by_source"]["wdi"]["resolved"] > 80
    assert res["answered_share"] >= 0.95, res["unknown"]
