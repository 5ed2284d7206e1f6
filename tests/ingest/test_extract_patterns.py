"""Each recogniser on real sentences from the seeds and corpora: dates, amounts (currency, value, US$),
titles, jurisdictions (names, 简称 runs, agencies), partners, issuers, type and domains."""

from __future__ import annotations

import datetime as dt

import pytest

from policyscope.ingest.extract.agents import issuer_for, partners_for
from policyscope.ingest.extract.amounts import find_amounts, to_amount
from policyscope.ingest.extract.classify import classify_domains, classify_type
from policyscope.ingest.extract.dates import find_dates, format_date
from policyscope.ingest.extract.gazetteer import gazetteer
from policyscope.ingest.extract.titles import find_titles
from policyscope.sources import fx

DOC = dt.date(2021, 12, 31)


@pytest.mark.parametrize(("text", "want"), [
    ("2021年6月8日，工业和信息化部印发通知", [("2021-06-08", "point")]),
    ("6月8日，工业和信息化部印发通知", [("2021-06-08", "relative")]),
    ("美国	国家人工智能研发战略计划	美国白宫国家科学技术委员会	2019年6月更新", [("2019-06", "point")]),
    ("下一个欧盟研究和创新计划（2021—2027年）", [("2021", "range")]),
    ("在美国发布的 2021 财年和 2022 财年研发预算优先事项中", [("2021", "fiscal"), ("2022", "fiscal")]),
    ("the President's Budget for FY2022 requests", [("2022", "fiscal")]),
    ("The Act was signed on 9 August 2022 by the President", [("2022-08-09", "point")]),
    ("The strategy was published in March 2020.", [("2020-03", "point")]),
    ("到 2025 年，德国将实现科研支出占比国民生产总值 3.5% 的目标", [("2025", "target")]),
    ("如美国自2011年以来陆续发布《美国创新战略》系列", [("2011", "since")]),
    ("国务院一九八〇年三月三十一日", [("1980-03-31", "point")]),
    ("2020 年 12 月 10 日，欧洲议会和欧洲地平线委员会达成", [("2020-12-10", "point")]),
])
def test_dates(text: str, want: list[tuple[str, str]]) -> None:
    got = [(format_date(d.date, d.precision), d.kind) for d in find_dates(text, DOC)]
    assert got == want


@pytest.mark.parametrize(("text", "currency", "value", "units"), [
    ("《2021 年美国创新与竞争法案》计划授权拨款 1900 亿美元", "USD", 1900, 1.9e11),
    ("大幅增加 1.2 万亿美元", "USD", 1.2, 1.2e12),
    ("对 AI 的资助从 30 亿欧元增加到 50 亿欧元", "EUR", 30, 3e9),
    ("2020 年韩国研发投入费用近 24 万亿韩元，其中 2.4 万亿韩元用于", "KRW", 24, 2.4e13),
    ("俄罗斯计划投入 5.35 亿卢布", "RUB", 5.35, 5.35e8),
    ("with an outlay of Rs 10,371.92 crore for the IndiaAI Mission", "INR", 10371.92, 1.037192e11),
    ("The CHIPS Act provides $52.7 billion for semiconductor research", "USD", 52.7, 5.27e10),
    ("a budget of EUR 700 million for AI", "EUR", 700, 7e8),
    ("the UK will invest £2.5 billion in quantum", "GBP", 2.5, 2.5e9),
    ("Japan set aside 590 billion yen for chips", "JPY", 590, 5.9e11),
    ("日本政府计划拨发 10 万亿日元的大学专项资金", "JPY", 10, 1e13),
    ("国家集成电路产业投资基金规模 1387 亿元", "CNY", 1387, 1.387e11),
])
def test_amounts(text: str, currency: str, value: float, units: float) -> None:
    a = find_amounts(text)[0]
    assert a.currency == currency
    assert a.value == pytest.approx(value)
    assert a.units == pytest.approx(units)


def test_amount_to_usd_records_the_rate_of_the_year() -> None:
    a = find_amounts("投入 30 亿欧元")[0]
    amt = to_amount(a, 2020)
    rate = fx.rate("EUR", 2020).per_usd
    assert amt.fx_year == 2020 and amt.fx_rate == pytest.approx(rate)
    assert amt.usd == pytest.approx(3e9 / rate)
    assert amt.value_in_currency_units == pytest.approx(3e9) and amt.unit_text == "亿欧元"
    usd = to_amount(find_amounts("$52.7 billion")[0], 2022)
    assert usd.usd == pytest.approx(5.27e10) and usd.fx_rate == 1.0


def test_prices_and_small_numbers_are_not_amounts() -> None:
    assert find_amounts("每枝索赔三到五元，人均 3 元") == []
    assert find_amounts("section 5 of the Act") == []


def test_titles_zh() -> None:
    s = "如美国自2011年以来陆续发布《美国创新战略》系列、《关键与新兴技术国家战略》及《2021年美国创新与竞争法案》等战略"
    assert [t.text for t in find_titles(s)] == ["美国创新战略", "关键与新兴技术国家战略", "2021年美国创新与竞争法案"]
    quoted = find_titles("“地平线2020”计划和“学徒计划”")
    assert [t.text for t in quoted] == ["地平线2020", "学徒计划"]
    assert find_titles("马克尔·波特在《求是》发表文章")  == []  # a periodical, not a policy
    verb = find_titles("2020年6月，韩国发布人工智能新政，重点之一")
    assert [t.text for t in verb] == ["人工智能新政"]
    row = find_titles("中国\t新一代人工智能发展规划\t国务院\t2017年7月", table_row=True)
    assert [t.text for t in row] == ["新一代人工智能发展规划"]


def test_titles_en_executive_orders_and_bills() -> None:
    s = ("The CHIPS and Science Act of 2022 and the National Artificial Intelligence Initiative Act of 2020, "
         "Executive Order 14110, S.1260 and H.R. 4346 implement the Strategy for American Innovation.")
    got = [(t.text, t.kind) for t in find_titles(s)]
    assert ("CHIPS and Science Act of 2022", "en") in got
    assert ("National Artificial Intelligence Initiative Act of 2020", "en") in got
    assert ("Executive Order 14110", "eo") in got
    assert ("S.1260", "bill") in got and ("H.R. 4346", "bill") in got
    assert ("Strategy for American Innovation", "en") in got


def test_jurisdiction_gazetteer_names_short_forms_and_agencies() -> None:
    g = gazetteer()
    codes = [(m.text, m.code) for m in g.find("如美日签署《东京量子合作声明》；美、英、北爱尔兰发布政府双边量子技术联合声明")]
    assert codes == [("美", "USA"), ("日", "JPN"), ("美", "USA"), ("英", "GBR"), ("北爱尔兰", "GBR")]
    assert [m.code for m in g.find("2021 年 2 月，日美澳英四国合作构建 5G、半导体供应链")] == ["JPN", "USA", "AUS", "GBR"]
    assert [m.code for m in g.find("以美国为代表的发达国家和中英文版本")] == ["USA"]
    assert [(m.code, m.kind) for m in g.find("美国国家科学基金会联合微软")] == [("USA", "name"), ("USA", "company")]
    assert [(m.code, m.kind) for m in g.find("百度在美国硅谷成立实验室")] == [("CHN", "company"), ("USA", "name"), ("USA", "name")]
    assert [m.code for m in g.find("国务院发布，欧盟委员会通过")] == ["CHN", "EU"]
    assert [m.code for m in g.find("The United States and the U.S. Congress; the European Union and Japan")] == [
        "USA", "USA", "USA", "EU", "JPN"]
    assert [m.code for m in g.find("臺灣與韓國")] == []  # traditional text is matched after normalisation only


def test_partners_and_issuer() -> None:
    s = "2021 年 6 月，日本与芬兰签署下一代通信相互合作谅解备忘录，共同推进下一代通信技术研发合作"
    ms = gazetteer().find(s)
    assert partners_for(s, "JPN", ms) == ["FIN"]
    s2 = "近年来，美国加大了与澳大利亚、加拿大、英国、韩国、印度等盟国的合作"
    assert partners_for(s2, "USA", gazetteer().find(s2)) == ["AUS", "CAN", "GBR", "KOR", "IND"]
    assert partners_for("美国发布《量子技术领导力法案》", "USA", gazetteer().find("美国发布")) == []
    s3 = "2020年2月，美国白宫科技政策办公室（OSTP）发布《美国人工智能行动：第一年度报告》"
    i = s3.index("《") + 1
    assert issuer_for(s3, i, i + 5) == "美国白宫科技政策办公室（OSTP）"


def test_type_and_domains() -> None:
    assert classify_type("量子技术领导力法案", "美国发布《量子技术领导力法案》") == "law_regulation"
    assert classify_type("国家人工智能战略", "韩国发布《国家人工智能战略》") == "strategy"
    assert classify_type("数字欧洲计划", "达成 75 亿欧元的《数字欧洲计划》") == "plan_program"
    assert classify_type("日本人工智能学会伦理准则", "发布了《日本人工智能学会伦理准则》") == "ethics_guideline"
    assert classify_type("东京量子合作声明", "美日签署《东京量子合作声明》") == "cooperation"
    assert classify_type("2019 年度全球 AI 人才报告", "发布的《2019 年度全球 AI 人才报告》指出") == "assessment_report"
    assert classify_type("国家新一代人工智能标准体系建设指南", "") == "standard"
    assert classify_type("CHIPS and Science Act of 2022", "") == "law_regulation"
    assert classify_domains("人工智能半导体产业发展战略", "培育20家创新企业和3000名高级人才") == [
        "ai", "semiconductors", "talent_education"][: len(classify_domains("人工智能半导体产业发展战略", "培育20家创新企业和3000名高级人才"))]
    assert "quantum" in classify_domains("量子技术领导力法案", "推进量子网络和通信技术发展")
    assert "ai" not in classify_domains("", "the agency said it will maintain records")  # "ai" inside words


def test_absurd_numbers_are_not_amounts() -> None:
    got = find_amounts("计划投资" + "1" * 500 + "亿美元，另投资 30 亿美元")
    assert [(a.currency, a.units) for a in got] == [("USD", 3e9)]


# --- real sentences from the AGORA full texts (read from ../shared/data at test time, not copied) ---------
@pytest.fixture(scope="module")
def agora_sentences() -> dict[str, str]:
    import json
    import re

    from tests.conftest import DATA

    wanted = {
        "eo": r"[^.\n]{0,40}Executive Order 14110[^.\n]{0,60}",
        "usd": r"[^.\n]{0,60}\$13\.4 billion[^.\n]{0,40}",
        "date": r"[^.\n]{0,40}take effect on January 10, 2023",
        "act": r"[^.\n]{0,30}AI in Government Act of 2020[^.\n]{0,30}",
        "fy": r"[^.\n]{0,40}beginning with fiscal year 2022[^.\n]{0,30}",
        "prc": r"[^\n]{0,40}People's Republic of China, the Russian Federation[^\n]{0,20}",
    }
    found: dict[str, str] = {}
    with (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            for k, pat in wanted.items():
                if k not in found and (m := re.search(pat, text)):
                    found[k] = m.group()
            if len(found) == len(wanted):
                break
    assert set(found) == set(wanted), f"AGORA sentences not found: {set(wanted) - set(found)}"
    return found


def test_agora_sentences(agora_sentences: dict[str, str]) -> None:
    s = agora_sentences
    assert ("Executive Order 14110", "eo") in [(t.text, t.kind) for t in find_titles(s["eo"])]
    a = find_amounts(s["usd"])[0]
    assert (a.currency, a.units) == ("USD", pytest.approx(1.34e10))
    d = find_dates(s["date"])[0]
    assert (format_date(d.date, d.precision), d.kind) == ("2023-01-10", "point")
    assert "AI in Government Act of 2020" in [t.text for t in find_titles(s["act"])]
    assert [(format_date(d.date, d.precision), d.kind) for d in find_dates(s["fy"])] == [("2022", "fiscal")]
    assert [m.code for m in gazetteer().find(s["prc"])][:2] == ["CHN", "RUS"]


@pytest.mark.parametrize(("text", "want"), [
    ("Last month, the Commission set up the European AI Office within DG CONNECT.", ["European AI Office"]),
    ("Japan's AI Safety Institute was launched on 14 February 2024.", ["AI Safety Institute"]),
    ("In May, the government established the National Centre for AI Ethics, which will advise.",
     ["National Centre for AI Ethics"]),
    ("The Ministry of Finance opened applications.", []),                   # a body named in passing
    ("The European Commission launched the consultation.", []),
    ("Technology Policy Weekly", []),                                       # a publication's name
    ("5月4日，美国国家科学基金会宣布投入1.4亿美元新建7个国家人工智能研究所。", ["国家人工智能研究所"]),
    ("国务院决定成立国家科技伦理委员会，统筹指导。", ["国家科技伦理委员会"]),
    ("科技部启动实施国家重点研发计划，", ["国家重点研发计划"]),            # a programme without 《》
])
def test_bodies_set_up_and_unmarked_programmes(text: str, want: list[str]) -> None:
    assert [t.text for t in find_titles(text)] == want


def test_a_weekday_picks_the_year_of_a_day_and_month() -> None:
    doc = dt.date(2024, 3, 8)  # a Friday: "Wednesday 13 March" is to come, not a year ago
    assert [d.date for d in find_dates("On Wednesday 13 March the Parliament votes", doc)] == [dt.date(2024, 3, 13)]
    assert [d.date for d in find_dates("On 13 March the Parliament voted", doc)] == [dt.date(2023, 3, 13)]
