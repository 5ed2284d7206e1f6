"""Pick the real rows behind the held-out newsletter set ``tests/ingest/files/newsletters/test2_*``.

Why: the first held-out newsletters were written by the engineer who wrote the rules, from titles he chose.
The ``test2_*`` documents are written around rows drawn here with a fixed seed from the shared data, so the
titles, dates, jurisdictions and amounts are real and not picked for being easy. The prose around them was
then written by hand in newsletter styles; every drawn row appears in a document (see the README there).

    PYTHONPATH=src .venv/bin/python scripts/newsletter_rows.py [--data ../shared/data] [--seed 20240611]
    PYTHONPATH=src .venv/bin/python scripts/newsletter_rows.py --write-docx tests/ingest/files/newsletters
    PYTHONPATH=src .venv/bin/python scripts/newsletter_rows.py --prefix test17   # any set, test2 … test17 (SEEDS)

``--write-docx`` writes the Word digest (``test2_digest_2021_06.docx`` from ``DOCX_DIGEST``, with ``--prefix test3``
``test3_digest_2024_01.docx`` from ``DOCX_DIGEST_TEST3``, and so on for test4 … test17): a .docx is binary; its text lives here so that it can be
read and diffed.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import pandas as pd

# each set's seed (test5 on: one every two days of the seed calendar); every set is drawn with its own
SEEDS = {"test2": 20240611, "test3": 20251207, "test4": 20260314,
         **{f"test{n}": 20261207 + 2 * (n - 5) for n in range(5, 18)}}
SEED = SEEDS["test2"]
LATER_SETS = [f"test{n}" for n in range(4, 18)]  # drawn after every earlier set's real rows


def _stip(data: Path) -> pd.DataFrame:
    return pd.read_csv(data / "oecd_stip_compass" / "stip_initiatives_2017_2021_latest.csv.gz")


_NAME_COLS = ("title", "Title", "NameEnglish", "Name of policy or measure", "Policy")
_SEEN: set[str] | None = None  # names already drawn; None = no exclusion (test2, drawn before this existed)
_DRAWN: set[str] = set()  # every name drawn since the last clear


def _sample(df: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Draw ``n`` rows; for test3 … test7 rows whose name an earlier draw already holds are left out, so that no
    event is scored twice and a new set shares nothing with the spent ones. Every drawn name is recorded in
    ``_DRAWN`` (test4 replays test2 and test3, test5 replays test2, test3 and test4, test6 replays test2 … test5,
    test7 replays test2 … test6, exactly as they were drawn, to know what to leave out)."""
    cols = [c for c in _NAME_COLS if c in df.columns]
    if _SEEN is not None and cols:
        df = df[~df[cols[0]].fillna("").str.upper().str.strip().isin(_SEEN)]
    out = df.sample(min(n, len(df)), random_state=seed)
    if cols:
        names = set(out[cols[0]].fillna("").str.upper().str.strip())
        _DRAWN.update(names)
        if _SEEN is not None:
            _SEEN.update(names)
    return out


def zh_rows(data: Path, seed: int, prefix: str = "test2") -> dict[str, list[dict]]:
    """Chinese documents: gov.cn / provincial documents (one of them setting up a body), STIP initiatives whose
    original name is Chinese or Japanese, Japanese laws, State Council climate policies, STIP budgets."""
    gov = pd.read_csv(data / "china_gov_policy_documents" / "china_gov_policy_documents_titles_dates.csv.gz")
    inner = gov[gov.title.str.contains("印发.+的通知", regex=True)]
    body = gov[gov.title.str.contains("关于成立") & gov.title.str.contains("领导小组|委员会|中心|专班|研究院")]
    stip = _stip(data)
    orig = stip[stip.NameOriginalLanguage.fillna("").str.contains("[\u4e00-\u9fff]")]
    budget = stip[stip.YearlyBudgetLocalCurrency.fillna(0) >= 1e5]
    jp = pd.read_csv(data / "japan_egov_law_list" / "憲法・法律.csv", header=None, names=["date", "kind", "number", "title"])
    jp = jp[jp.date >= 20100101]
    clim = pd.read_csv(data / "china_policy_corpus" / "gccmpd_gov_prc_climate_policies.csv")
    clim = clim[clim.Year >= 2010]
    cols_stip = ["CountryCode", "NameEnglish", "NameOriginalLanguage", "StartDateYear", "YearlyBudgetLocalCurrency",
                 "NameResponsibleOrganisation"]
    return {
        f"{prefix}_kuaibao_a (txt)": _rec(_sample(inner, 4, seed), ["jurisdiction_code", "title", "issue_date"])
        + _rec(_sample(body, 2, seed), ["jurisdiction_code", "title", "issue_date"])
        + _rec(_sample(orig[orig.CountryCode == "CHN"], 3, seed), cols_stip)
        + _rec(_sample(budget, 2, seed), cols_stip),
        f"{prefix}_kuaibao_b (html, table)": _rec(_sample(jp, 3, seed), ["date", "number", "title"])
        + _rec(_sample(orig[orig.CountryCode == "JPN"], 3, seed), cols_stip)
        + _rec(_sample(clim, 3, seed), ["Policy", "Year"])
        + _rec(_sample(budget, 3, seed + 1), cols_stip),
    }


def en_rows(data: Path, seed: int, prefix: str = "test2") -> dict[str, list[dict]]:
    """English digests: STIP initiatives with a yearly budget (amounts), Climate Change Laws of the World (exact
    event dates), EEA policies and measures, OECD.AI titles (several of them bodies: Office, Institute…)."""
    stip = _stip(data)
    budget = stip[stip.YearlyBudgetLocalCurrency.fillna(0) >= 1e5]
    bodies = stip[stip.NameEnglish.str.contains(r"\b(?:INSTITUTE|CENTRE|CENTER|AGENCY|COUNCIL|OFFICE)\b", regex=True)]
    with gzip.open(data / "climate_laws_of_the_world" / "cclw_laws_and_policies_export.csv.gz", "rt",
                   encoding="utf-8-sig") as f:
        cclw = pd.read_csv(f)
    cclw = cclw[cclw.Events.fillna("").str.contains(r"/20(?:1[5-9]|2\d)\|", regex=True)]
    with gzip.open(data / "eea_climate_policies_and_measures" / "eea_pams_2023.csv.gz", "rt",
                   encoding="utf-8-sig") as f:
        eea = pd.read_csv(f)
    eea = eea[eea["Implementation period start"].notna()]
    ai = pd.read_csv(data / "oecd_ai_policy_titles_2017_2025" / "oecd_ai_policy_titles.csv")
    ai_bodies = ai[ai.title.str.contains(r"\b(?:Office|Institute|Centre|Center|Agency|Council)\b", regex=True)]
    cols_stip = ["CountryCode", "NameEnglish", "StartDateYear", "YearlyBudgetLocalCurrency",
                 "NameResponsibleOrganisation"]
    cols_cclw = ["Title", "Geography ISO", "Events"]
    return {
        f"{prefix}_digest_a (md)": _rec(_sample(budget, 4, seed + 2), cols_stip)
        + _rec(_sample(cclw, 4, seed), cols_cclw)
        + _rec(_sample(ai_bodies, 2, seed), ["title", "jurisdiction", "year"])
        + _rec(_sample(bodies, 1, seed), cols_stip),
        f"{prefix}_digest_b (docx, table)": _rec(_sample(eea, 4, seed), ["Country", "Name of policy or measure",
                                                                     "Implementation period start"])
        + _rec(_sample(cclw, 4, seed + 1), cols_cclw)
        + _rec(_sample(ai_bodies, 2, seed + 1), ["title", "jurisdiction", "year"])
        + _rec(_sample(budget, 2, seed + 3), cols_stip),
    }


def _cclw(data: Path) -> pd.DataFrame:
    with gzip.open(data / "climate_laws_of_the_world" / "cclw_laws_and_policies_export.csv.gz", "rt",
                   encoding="utf-8-sig") as f:
        return pd.read_csv(f)


def test3_extra_rows(data: Path, seed: int, prefix: str = "test3") -> dict[str, list[dict]]:
    """Strata added for ``test3_*`` only: EU acts (CCLW ``EUR``, events from 2015 on — the EU as a jurisdiction
    was missed on test2) and Indian and Japanese entries (CCLW ``IND``/``JPN``), whose prose carries amounts
    in crore / lakh / 亿日元 written by hand (the data has no Indian or Japanese budget)."""
    cclw = _cclw(data)
    cclw = cclw[cclw.Events.fillna("").str.contains(r"/20(?:1[5-9]|2\d)\|", regex=True)]
    cols = ["Title", "Geography ISO", "Events"]
    return {
        f"{prefix} extra, digest_a (md)": _rec(_sample(cclw[cclw["Geography ISO"] == "EUR"], 2, seed), cols),
        f"{prefix} extra, digest_b (docx)": _rec(_sample(cclw[cclw["Geography ISO"] == "IND"], 2, seed), cols),
        f"{prefix} extra, kuaibao_b (html)": _rec(_sample(cclw[cclw["Geography ISO"] == "JPN"], 1, seed), cols),
    }


def test7_extra_rows(data: Path, seed: int, prefix: str = "test7") -> dict[str, list[dict]]:
    """Strata added for ``test7_*`` in place of the two that ran dry by test6 (State Council climate policies from
    2010 on, 3 rows in the HTML 快报; CCLW India, 2 rows in the Word digest): State Council approvals that set up a
    zone, park, body or joint-meeting mechanism (``国务院（办公厅）关于同意设立/建立/成立…的批复/函``, issued from
    2010 on; the event is what is set up, often named without a kind word: 武夷山国家公园, 中国品牌日), and CCLW
    entries of Indonesia, Brazil, South Africa and Korea with an event from 2010 on (laws and decrees by number,
    bodies set up)."""
    gov = pd.read_csv(data / "china_gov_policy_documents" / "china_gov_policy_documents_titles_dates.csv.gz")
    approve = gov[(gov.jurisdiction_code == "CHN") & (gov.issue_date.fillna("") >= "2010")
                  & gov.title.str.contains(r"关于同意.*(?:设立|建立|成立)", regex=True)]
    cclw = _cclw(data)
    cclw = cclw[cclw.Events.fillna("").str.contains(r"/20(?:1\d|2\d)\|", regex=True)
                & cclw["Geography ISO"].isin(("IDN", "BRA", "ZAF", "KOR"))]
    return {
        f"{prefix} new, kuaibao_b (html)": _rec(_sample(approve, 3, seed),
                                                ["jurisdiction_code", "title", "issue_date", "doc_number"]),
        f"{prefix} new, digest_b (docx)": _rec(_sample(cclw, 2, seed), ["Title", "Geography ISO", "Events"]),
    }


def test10_extra_rows(data: Path, seed: int, prefix: str = "test10") -> dict[str, list[dict]]:
    """Strata added for ``test10_*`` in place of the STIP budget rows, which ran dry with test9 (every STIP initiative
    with a yearly budget in local currency has been drawn): STIP initiatives named in their own language by Korea,
    Germany, France, Spain, Italy or Brazil (the writer renders them, and states an amount only where it is a real
    public figure), OECD.AI initiatives that are not bodies, and CCLW entries of any country with an event from
    2010 on."""
    stip = _stip(data)
    orig = stip[stip.NameOriginalLanguage.fillna("").str.len().gt(3)
                & stip.CountryCode.isin(("KOR", "DEU", "FRA", "ESP", "ITA", "BRA"))
                & (stip.NameOriginalLanguage.fillna("").str.upper() != stip.NameEnglish.fillna("").str.upper())]
    ai = pd.read_csv(data / "oecd_ai_policy_titles_2017_2025" / "oecd_ai_policy_titles.csv")
    ai_other = ai[~ai.title.str.contains(r"\b(?:Office|Institute|Centre|Center|Agency|Council)\b", regex=True)]
    cclw = _cclw(data)
    cclw = cclw[cclw.Events.fillna("").str.contains(r"/20(?:1\d|2\d)\|", regex=True)]
    cols_stip = ["CountryCode", "NameEnglish", "NameOriginalLanguage", "StartDateYear", "NameResponsibleOrganisation"]
    return {
        f"{prefix} newer, kuaibao_a (txt)": _rec(_sample(orig, 2, seed + 5), cols_stip),
        f"{prefix} newer, kuaibao_b (html)": _rec(_sample(orig, 3, seed + 6), cols_stip),
        f"{prefix} newer, digest_a (md)": _rec(_sample(ai_other, 4, seed + 7), ["title", "jurisdiction", "year"]),
        f"{prefix} newer, digest_b (docx)": _rec(_sample(cclw, 2, seed + 8), ["Title", "Geography ISO", "Events"]),
    }


def test11_extra_rows(data: Path, seed: int, prefix: str = "test11") -> dict[str, list[dict]]:
    """Strata added for ``test11_*`` (round 7: kinds no earlier set had, so that a first run measures rules on names
    they were not written on): Chinese local regulations (LawRefBook ``地方性法规`` with a publication date; the
    national laws are left out, their texts trained the name tagger), Chinese measures AGORA lists in English (the
    writer gives their official Chinese names), U.S. and other bills, orders and rules from AGORA (their casual name,
    authority and proposed date), and EEA measures with a projected yearly cost in euros (the only real amounts left
    after the STIP budgets ran dry)."""
    laws = pd.read_csv(data / "china_laws_lawrefbook" / "lawrefbook_laws_metadata.csv")
    local = laws[(laws.level == "地方性法规") & laws.publish.notna()].rename(columns={"name": "title"})
    agora = pd.read_csv(data / "agora_ai_governance" / "documents.csv").rename(columns={"Official name": "title"})
    agora = agora[agora["Proposed date"].notna() & ~agora.Authority.isin(("Private-sector companies",
                                                                          "Other multinational"))]
    chinese = agora[agora.Authority == "Chinese central government"]
    other = agora[agora.Authority != "Chinese central government"]
    with gzip.open(data / "eea_climate_policies_and_measures" / "eea_pams_2023.csv.gz", "rt",
                   encoding="utf-8-sig") as f:
        eea = pd.read_csv(f)
    cost = eea[eea["Projected absolute costs per year (EUR)"].fillna(0) >= 1e5]
    cols_law = ["title", "publish", "valid_from", "category_name"]
    cols_agora = ["title", "Casual name", "Authority", "Proposed date", "Most recent activity",
                  "Most recent activity date"]
    cols_eea = ["Country", "Name of policy or measure", "Implementation period start",
                "Projected absolute costs per year (EUR)", "Year projected cost has been calculated for"]
    return {
        f"{prefix} round7, kuaibao_a (txt)": _rec(_sample(local, 2, seed + 9), cols_law)
        + _rec(_sample(cost, 1, seed + 9), cols_eea),
        f"{prefix} round7, kuaibao_b (html)": _rec(_sample(chinese, 2, seed + 10), cols_agora)
        + _rec(_sample(local, 1, seed + 10), cols_law) + _rec(_sample(cost, 1, seed + 10), cols_eea),
        f"{prefix} round7, digest_a (md)": _rec(_sample(other, 3, seed + 11), cols_agora)
        + _rec(_sample(cost, 1, seed + 11), cols_eea),
        f"{prefix} round7, digest_b (docx)": _rec(_sample(other, 2, seed + 12), cols_agora)
        + _rec(_sample(cost, 1, seed + 12), cols_eea),
    }


def _rec(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    out = []
    for r in df[cols].to_dict("records"):
        out.append({k: (re.sub(r"\s+", " ", v)[:300] if isinstance(v, str) else v) for k, v in r.items()})
    return out


DOCX_DIGEST = [
    ("h", "Energy, Climate & Tech Policy Digest — Friday, 18 June 2021"),
    ("p", "Each week we summarise new laws, strategies and programmes from governments around the world."),
    ("h", "Headlines"),
    ("p", "On Tuesday, the United States and the European Union launched the U.S.-EU Trade and Technology Council at "
          "their summit in Brussels, with working groups on technology standards, supply chains and export controls."),
    ("p", "In Italy, the Italian Institute for AI, first proposed by the government in 2020, is to be set up in "
          "Turin to coordinate national research on artificial intelligence."),
    ("p", "Norway's data protection authority Datatilsynet has admitted the first projects to its Regulatory Sandbox "
          "on AI, which started in 2020 with annual funding of NOK 9 million."),
    ("p", "Romania's Ministry of Research and Innovation reported on the National Strategy for Research, "
          "Development and Innovation 2014-2020, which has a yearly budget of RON 1.7 billion."),
    ("h", "Energy"),
    ("p", "The United Arab Emirates adopted the UAE Energy Strategy for 2050 on 10 January 2017."),
    ("p", "Greece released its National Plan for E-mobility on 5 June 2020."),
    ("p", "In the United Kingdom, Contracts for Difference replaced the Renewables Obligation under the Energy Act "
          "2013, passed on 18 December 2013."),
    ("p", "Montenegro passed the National Strategy with Action Plan for transposition, implementation and "
          "enforcement of the EU acquis on Environment and Climate Change 2016-2020 on 25 December 2016."),
    ("h", "Measures reported to the EEA"),
    ("t", [["Country", "Policy or measure", "Start", "Budget"],
           ["Switzerland", "CO2 emissions standard for aircraft", "2020", ""],
           ["Czechia", "Strategy for Growth in Agriculture", "2013", ""],
           ["Germany", "funding of landfill aeration", "2013", ""],
           ["Latvia", "Voluntary Agreements on Energy Efficiency with industrial sector and other sectors", "2016",
            ""]]),
]


DOCX_DIGEST_TEST3 = [
    ("h", "Global Energy & Innovation Policy Digest — Friday, 12 January 2024"),
    ("p", "Each week we summarise new laws, strategies, programmes and bodies from governments around the world."),
    ("h", "Headlines"),
    ("p", "Last year Spain's Ministry of Health set up the National Reference Centre for semantic resources of the "
          "Ministry of Health, which maintains the clinical terminologies used by the national health system."),
    ("p", "The University of Malta's AI Department and Institute of Digital Games, which dates from 1990, was "
          "named a partner of the national AI strategy."),
    ("p", "Sweden's Climate Act, passed on 22 June 2017 and in force since 1 January 2018, requires every "
          "government to present a climate policy action plan."),
    ("h", "Funding"),
    ("p", "Croatia's Ministry of Economy, Entrepreneurship and Crafts has run the Strategic Project for the "
          "Establishment of the Industry Innovation Network and the Thematic Innovation Platforms since 2016, with "
          "HRK 16.5 million a year."),
    ("p", "Norway's Ministry of Education and Research funds the Abel Prize, awarded since 2003, with about "
          "NOK 16.3 million a year."),
    ("p", "India's Compensatory Afforestation Fund Act, passed on 1 July 2016, let the centre release "
          "Rs 47,436 crore to the states for planting."),
    ("p", "India approved the Prime Minister's Farmer Energy Security and Upliftment Campaign (PM-KUSUM scheme) on "
          "25 December 2019, with central financial support of Rs 34,422 crore for 17.5 lakh solar pumps."),
    ("h", "Climate and energy"),
    ("p", "Colombia passed the National Climate Change Decree (SISCLIMA) on 24 February 2016."),
    ("p", "Nepal approved its Forestry Sector Strategy (2016-2025) on 1 January 2016."),
    ("p", "France's Energy Renovation in Buildings Plan was adopted on 26 April 2018."),
    ("h", "Measures reported to the EEA"),
    ("t", [["Country", "Policy or measure", "Start", "Budget"],
           ["Lithuania", "Changing boilers into more efficient technologies", "2021", ""],
           ["Romania", "GD no. 462/2006 for the approval of the “Heating 2006-2020 heat and comfort” National Program",
            "2006", ""],
           ["Estonia", "The acquisition of air surveillance radars for the development of wind farms", "2021", ""],
           ["Italy", "Renewal of public transport vehicles", "2021", ""]]),
]

DOCX_DIGEST_TEST4 = [
    ("h", "Policy Tracker: Energy, Climate and Innovation — Friday, 7 June 2024"),
    ("p", "What governments adopted, launched and set up this week and what our readers asked us to look back on."),
    ("h", "Top stories"),
    ("p", "Malta's Chips Competence Centre opened its doors in Kalkara this spring, offering chip designers access to "
          "design tools, training and testing under the EU Chips Act."),
    ("p", "The White House Office of Science and Technology Policy established the National AI Initiative Office "
          "in January 2021 to coordinate federal AI research and policy."),
    ("p", "India's Union Budget 2019-2020, presented to Parliament on 5 July 2019, set total expenditure at "
          "₹27.86 lakh crore."),
    ("p", "India notified its Tariff Policy 2006 in January 2006 and revised it ten years later to push renewable "
          "purchase obligations."),
    ("h", "Norway funding notes"),
    ("p", "The Ministry of Transport and Communications' Smarter Transport in Norway programme (2017–) funds "
          "intelligent transport pilots with NOK 30 million a year."),
    ("p", "Norway's National Centre for Recruitment to Mathematics, Science and Technology, established in 1998, "
          "receives about NOK 15.7 million annually from the Ministry of Education and Research."),
    ("h", "Climate and energy"),
    ("p", "Cambodia approved its National Adaptation Plan Financing Framework and Implementation Plan on "
          "1 August 2017."),
    ("p", "On 15 March 2017 Andorra's government approved the Decree of 15-03-2017 approving the Regulation of "
          "financial aid for electric mobility and for the improvement of energy efficiency and safety of the "
          "national car park."),
    ("p", "Chile's Ministry of the Environment signed Exempt Decree No. 360 creating the Interministerial Technical "
          "Committee on Climate Change on 4 December 2017."),
    ("p", "South Korea's latest amendments to the Electricity Utility Act entered into force on 1 October 2020."),
    ("h", "Measures reported to the EEA"),
    ("t", [["Member State", "Policy or measure", "Implemented from"],
           ["Finland", "The EU-wide measures of Regulation 517/2014/EU", "2015"],
           ["Malta", "Ta' Qali National Park", "2019"],
           ["Germany", "KfW Efficiency Programme: Soft loans", "2012"],
           ["Latvia", "Annual taxation of vehicles (cars taxation based on specific CO2 emissions)", "2017"]]),
]

DOCX_DIGEST_TEST5 = [
    ("h", "Climate & Innovation Brief — 15 September 2023"),
    ("p", "Our fortnightly round-up of the rules, plans, funds and new institutions that crossed our desk."),
    ("h", "This issue"),
    ("p", "Saudi Arabia's Centre for Artificial Intelligence in Precision Medicines, which got under way last year, "
          "pairs clinical data with machine-learning research on tailored treatments."),
    ("p", "The Spanish Data Protection Agency (AEPD), which in 2020 published its first guidance on bringing "
          "AI-based processing into line with the GDPR, remains the body to watch on AI and personal data."),
    ("p", "Hungary's Law on Climate Protection, on the books since 2020, writes the 2050 climate-neutrality goal "
          "into law."),
    ("h", "Funding lines"),
    ("p", "Malaysia's Soft Financing Scheme for Automation and Modernization, open to manufacturers since 2007 and "
          "run through MIDF for the Ministry of International Trade and Industry, has RM150 million a year to lend."),
    ("p", "The National Research Council of Canada kicked off its AI for Design and Scientific Discovery Challenge "
          "Program in 2019; it spends about C$9.4m a year."),
    ("h", "India"),
    ("p", "The Central Electricity Authority published the National Electricity Plan (Generation) in January 2012; "
          "a revised draft followed in December 2016."),
    ("p", "On 27 November 2020 the environment ministry issued Notification S.O. 4259(E) creating the Apex "
          "Committee for Implementation of Paris Agreement (AIPA), chaired by the ministry's secretary."),
    ("h", "Around the world"),
    ("p", "Argentina's Law No. 27.287 - National System for Integral Risk Management and Civil Protection was "
          "signed into law in 2016."),
    ("p", "Panama revised its National Energy Plan (PEN) 2015-2050 on 1 March 2016."),
    ("p", "Montenegro's government approved the Decree on activities which emit greenhouse gases on "
          "25 February 2021, a step towards its own emissions trading."),
    ("p", "Malawi approved the Malawi Growth and Development Strategy (MGDS III), which runs to 2022, on "
          "23 September 2017."),
    ("h", "From the EEA's register of policies and measures"),
    ("t", [["Country", "Measure", "In place since"],
           ["Italy", "Incentives to electrical and thermal renewables use in the small islands", "2022"],
           ["Germany", "National Decarbonisation programme", "2021"],
           ["Croatia", "MEN-18: Promoting the RES use for production of electricity and heat", "2014"]]),
]

DOCX_DIGEST_TEST6 = [
    ("h", "The Monday Memo: Climate, Energy & Research Policy — 20 October 2025"),
    ("p", "Decrees, plans, funding lines and a couple of AI projects worth a look. Corrections are always welcome."),
    ("h", "Top of the memo"),
    ("p", "Australia's Space Infrastructure Fund - Robotics, Automation and AI Command and Control Centre, announced "
          "in 2020, will give Western Australia a hub for running robotic and autonomous operations, in orbit and "
          "on the ground."),
    ("p", "Czechia started work this year on the Innovative reception of the Emergency Call Center, an AI-assisted "
          "overhaul of how calls to the emergency line are taken."),
    ("p", "Italy's Thermal account (Conto Termico), running since 2012, pays back part of the cost of small "
          "renewable-heat and efficiency upgrades in homes and public buildings."),
    ("h", "Funding lines"),
    ("p", "Positioning Australia, a 2018 programme led by Geoscience Australia with New Zealand as a partner, is "
          "spending A$33 million a year on accurate satellite positioning."),
    ("p", "Greece's General Secretariat for Research and Innovation puts €220,000 a year into its National Delegates "
          "and Experts to EU RD&I Program Committees, a network it has coordinated since 2000."),
    ("h", "Decrees and plans"),
    ("p", "Through Ministerial Decree No. 9.719 on the institutional framework of the Project for the Development of "
          "Resilience to Recurrent Food Insecurity in the Sahel, signed on 4 May 2015, Senegal's agriculture ministry "
          "set up a unit to run the project in five regions."),
    ("p", "Morocco's Decree 2-18-74/2019 on the national GHG gases inventory system, approved on 21 March 2019, sets "
          "out who compiles the country's emissions inventory and how."),
    ("p", "Brazil published Decree no 10.144 instituting the National Commission for the Reduction of GHG Emissions "
          "from Deforestation and Forest Degradation, Conservation of Forest Carbon Stocks, Sustainable Forest "
          "Management and Increase of Forest Carbon Stocks - REDD + on 28 November 2019."),
    ("p", "Costa Rica's environment and energy ministry issued the 7th National Energy Plan 2015-2030 on "
          "14 September 2015; it leans on renewables, efficiency and low-carbon transport."),
    ("h", "EEA register: what member states reported"),
    ("t", [["Member State", "Policy or measure", "Start year"],
           ["Netherlands", "Implementation EU F-gas regulation (517/2014/EC)", "2006"],
           ["Germany", "Energy advice for SMEs", "2008"],
           ["Latvia", "Promote and support for direct incorporation of organic fertilisers into the soil", "2021"]]),
]

DOCX_DIGEST_TEST7 = [
    ("h", "Policy Desk Weekly: research, energy and climate — 12 May 2026"),
    ("p", "Short items on what governments decided, funded and founded, with the odd look back. Reply to tell us what "
          "we missed."),
    ("h", "Lead items"),
    ("p", "Latvia's Information and Communication Technology Competence Centre for Digitisation, an IT competence "
          "centre project launched last year, is meant to help Latvian firms take up digital technologies."),
    ("p", "Riga had already signed a Memorandum with the Artificial Intelligence Center Hamburg (ARIC) in 2024, to "
          "work with the Hamburg centre on AI."),
    ("p", "Brazil's Decree no. 10.387 to provide incentives for financing infrastructure projects with environmental "
          "and social benefits was published on 5 June 2020; it eases financing for low-carbon public transport, "
          "solar, wind and small hydro power, and urban water and waste systems."),
    ("p", "South Korea overhauled its Energy Use Rationalization Act, on the statute book since 1980, with amendments "
          "dated 1 July 2013; the Act asks the government to run a comprehensive greenhouse-gas mitigation policy."),
    ("h", "Money lines"),
    ("p", "The National Research Council of Canada has handed out NRC Ideation Funding since 2018: CAD 3 million a "
          "year for exploratory projects with outside collaborators."),
    ("p", "Through its Research Projects for Development, the Academy for Research and Higher Education (ARES) of the "
          "Wallonia-Brussels Federation has paid for joint North-South research since 2014, at EUR 5 million a year."),
    ("h", "Laws and decisions"),
    ("p", "The Common Agricultural Policy (Regulations no 1307/2013, no 1308/2013, no 1305/2013, no 1306/2013, no "
          "2020/2220), passed on 20 December 2013, was bridged by a transition regulation in December 2020 before "
          "Parliament adopted the 2023-2027 farm policy on 23 November 2021."),
    ("p", "Viet Nam's Decision No.799/QĐ-TTg approving the national REDD action programme, passed on 4 July 2012, "
          "was followed on 5 April 2017 by Decision 419/QĐ-TTg, which carries the REDD+ programme to 2030."),
    ("p", "Andorra's Decree of 2-12-2020 approving the Regulation of guarantees of origin of renewable electricity "
          "and high efficiency cogeneration, adopted by the government on 2 December 2020, sets the rules for "
          "issuing, transferring and selling guarantees of origin."),
    ("p", "The Commission Decisions 2009/300/EC and 2018/59 on the ecological criteria for the award of the "
          "Community Eco-label to televisions date from 12 March 2009 and 11 January 2018: the first set the "
          "criteria, the second tightened the energy-efficiency requirements."),
    ("p", "Romania has applied GD no. 942/2017 approving the National Waste Management Plan since 2018, with reuse "
          "and recycling objectives for 2020."),
    ("h", "Straight from the EEA database"),
    ("t", [["Reported by", "Policy or measure", "Since"],
           ["Netherlands", "MIA/VAMIL Environmental investment allowance/Arbitrary depreciation of environmental "
                           "investment schemes", "1995"],
           ["Netherlands", "Susidy scheme (local) Cooperative Energy production", "2021"],
           ["Finland", "Criteria for green public procurement to avoid equipment containing high GWP F-gases",
            "2020"]]),
]

DOCX_DIGEST_TEST8 = [
    ("h", "Climate & Innovation Brief — week ending 20 September 2024"),
    ("p", "What caught our eye this week, plus the regular look through the EEA and Climate Change Laws of the World "
          "registers. Forward freely."),
    ("h", "Context"),
    ("p", "Mario Draghi's report on the future of European competitiveness, published on 9 September, puts the extra "
          "investment the EU needs at €750–800 billion a year."),
    ("p", "In London, Ed Miliband has been Secretary of State for Energy Security and Net Zero since Labour took office "
          "on 5 July. On 16 September Intel said it would put its planned chip plants in Magdeburg and in Poland on "
          "hold for about two years. COP29 opens in Baku on 11 November."),
    ("h", "Brazil: a forum made and unmade"),
    ("p", "Brazil's Decree No. 9.082 establishing the Brazilian Forum on Climate Change came out in June 2017, giving "
          "the Forum the job of mobilising society behind the country's climate commitments. It did not last: Decree "
          "No. 9759 of 11 April 2019, which abolished collegiate bodies across the federal administration, wound the "
          "Forum up with effect from 28 June 2019."),
    ("h", "Plans and laws"),
    ("p", "On 3 June 2020 the German cabinet approved amendments to the Offshore Wind Energy Act (WindSeeG 2017) that "
          "raise the offshore wind targets for 2030 and 2040."),
    ("p", "Spain's Royal Decree No. 18/2016 - Flood risk management plans of the Guadalquivir, Segura, Júcar "
          "hydrographic demarcations and the Spanish part of the Miño-Sil, Duero, Tajo, Guadiana, Ebro, Ceuta and "
          "Melilla hydrographic demarcations was published on 22 January 2016; every plan carries a ten-chapter "
          "report and annexes mapping the areas at significant flood risk."),
    ("p", "Manila approved the Philippine Development Plan 2017-2022 in 2017 as the first medium-term plan under the "
          "AmBisyon Natin 2040 long-term vision."),
    ("p", "The Republic of Congo adopted its National Strategy for Sustainable Development 2016-2025 in 2015, resting "
          "on four axes: managing natural resources, governance, infrastructure and basic services, and economic "
          "diversification."),
    ("h", "Bodies and people"),
    ("p", "Portugal's Council for Information and Communication Technologies in Public Administration, created in 2016, "
          "coordinates ICT across the public administration; Poland followed last year with a National Center for "
          "Data Processing."),
    ("p", "Oslo appoints the Committee for Gender Balance and Diversity in Research, which has advised the research "
          "sector since 2004 on a yearly NOK 5,572,000. NORPART, the Norwegian Partnership Programme for Global "
          "Academic Co-operation, has funded partnerships and student exchanges with the Global South since 2016; it "
          "gets 69.7 million Norwegian kroner a year."),
    ("h", "From the registers"),
    ("t", [["Country", "Measure", "Date / start", "Register"],
           ["Slovenia", "Promoting faster development of RES communities", "2021", "EEA"],
           ["Switzerland", "CO2 emission regulations for newly registred vehicles", "2012", "EEA"],
           ["Spain", "Measures to promote renewable energies and improve energy efficiency at airports", "2010", "EEA"],
           ["Hungary", "Nationl Energy and Climate Plan", "2020", "EEA"],
           ["Brazil", "Law 12.144/2009, and Decree 7.343/2010 establishing the National Fund on Climate Change (NFCC)",
            "9 December 2009", "CCLW"]]),
]

DOCX_DIGEST_TEST9 = [
    ("h", "Green & Digital Policy Tracker — Issue 41, 18 March 2022"),
    ("p", "Decrees, development plans, agencies and a register of EU climate measures: the week's reading, sorted by "
          "region."),
    ("h", "Chart of the week"),
    ("p", "Global energy-related CO2 emissions rose by 6% in 2021 to 36.3 billion tonnes, the highest annual level "
          "ever, the International Energy Agency said on 8 March."),
    ("h", "Latin America"),
    ("p", "Costa Rica's Decree 36693-MINAET declaring a national moratoria on oil exploitation, approved on "
          "22 August 2011, halts oil exploration and extraction on land and at sea; an amendment of 20 February 2019 "
          "stretched the moratorium to 2050."),
    ("p", "Brazil's Ten-Year Energy Expansion Plan (PDE 2029), which the state energy research company EPE prepares "
          "for the Ministry of Mines and Energy, lays out expected demand and recommendations on fossil fuels, "
          "biofuels and energy efficiency."),
    ("h", "Africa and Asia"),
    ("p", "On 3 February 2016 Angola's president signed Presidential Decree No. 30/16 approving the Strategic Plan "
          "for the Prevention and Reduction of Disaster Risk, within the framework of the "
          "2013-2017 national development plan."),
    ("p", "Viet Nam's Law on Natural Disaster Prevention and Control No. 33/2013/QH13, passed by the National Assembly "
          "on 19 June 2013, got fresh implementing rules on 6 July last year, when the government adopted Decree "
          "No. 66/2021/ND-CP."),
    ("p", "Indonesia's environment and forestry ministry issued Regulation No.70/2017 Implementing REDD+ and "
          "Sustainable Management of Forests in December 2017, a guideline for everyone running REDD+ at national "
          "and sub-national level."),
    ("p", "Jakarta's National Medium Term Development Plan 2020-2024 (RPJMN 2020-2024), signed off by President "
          "Joko Widodo on 17 January 2020, puts cutting deforestation and forest degradation among its aims."),
    ("h", "Agencies and centres"),
    ("p", "Croatia set up its Centre for Artificial Intelligence (CAI) in 2019 to pool research on AI."),
    ("p", "Belgium's Walloon Export and Foreign Investment Agency (Agence wallonne à l'Exportation et aux "
          "Investissements étrangers, AWEX), in business since 2004, helps Walloon firms export and courts foreign "
          "investors."),
    ("p", "Hungary's Competitive Central Hungary Operational Programme (VEKOP), which has run since 2014, pays for "
          "energy efficiency, modernised district heating, residential renewables and sustainable mobility in the "
          "region around Budapest."),
    ("h", "Meetings"),
    ("p", "Four months after COP26 closed in Glasgow on 13 November, negotiators are preparing for COP27 in "
          "Sharm el-Sheikh this November."),
    ("h", "What member states told the EEA"),
    ("t", [["Member State", "Measure", "From", "Status"],
           ["Belgium (Walloon Region)", "Promote the establishment of energy cadastres", "2016", "Implemented"],
           ["Germany", "EU Emissions Trading Scheme (ETS) in industry sector", "2008", "Implemented"],
           ["Lithuania", "Balanced use of mineral fertilisers", "2021", "Planned"]]),
]

DOCX_DIGEST_TEST10 = [
    ("h", "Climate & Innovation Briefing — Vol. 4, No. 2, 23 January 2026"),
    ("p", "Every other Friday: laws, strategies, subsidies and the bodies that run them, with a look back where it "
          "helps. This issue leans towards energy and vehicles."),
    ("h", "Before we start"),
    ("p", "COP30 met in Belém in November; our reading of its outcome follows next issue. Global sales of electric cars passed 17 million in 2024, the "
          "International Energy Agency reported in its Global EV Outlook."),
    ("h", "Vehicles: Seoul and Pretoria"),
    ("p", "Korea's Act on the promotion of Development and Distribution of Environmentally Friendly Automobiles, on "
          "the books since 2004, has the trade and energy minister draw up master and implementation plans for "
          "electric, hybrid, fuel-cell and other clean vehicles, and lets the state assist their developers and "
          "buyers."),
    ("p", "On 24 July 2018 the government in Seoul revised its National Roadmap for Greenhouse Gas Reductions by "
          "2030, two years after first adopting it; power generation carries the largest share of the cuts."),
    ("p", "South Africa has charged its Carbon Emissions Motor Vehicles tax on new passenger cars since "
          "1 September 2010, a flat rate per gram of CO2 above a threshold, which replaced an earlier ad valorem "
          "proposal."),
    ("h", "Plans and levies"),
    ("p", "Hungary: Parliament approved the government's Climate and Nature Protection Plan on 4 June 2020, together "
          "with the energy policy strategy that goes with it. The plan sets aside a fund of 92 million euros for "
          "small and medium-sized companies that switch to renewable energy."),
    ("p", "Fiji's Environmental Levy (Budget Amendment) Act 2017 (No. 36 of 2017), dated 14 October 2017, rewrote "
          "the 2015 levy law, widening the levy to pay for climate adaptation and creating a fund to hold the money."),
    ("p", "In December 2018 the Lao government approved the National Green Growth Strategy to 2030, which aims at "
          "better conditions for investment, rural development, gender equality and resilience to climate change."),
    ("p", "Nepal's Renewable Energy Subsidy Policy 2016, approved in May 2016, tries to bring down the upfront cost "
          "of renewable energy systems, above all in rural areas."),
    ("p", "Lomé has had a National Sustainable Development Strategy since 2012."),
    ("p", "Helsinki's \"Nearly zero-energy regulation\" has applied since 2018: every new building must now meet "
          "the nearly zero-energy standard."),
    ("h", "People and institutions"),
    ("p", "Romania's AI Education Council was set up in 2023 to advise on teaching artificial intelligence in "
          "schools. Nicușor Dan was sworn in as Romania's president on 26 May last year."),
    ("p", "Last year Bulgaria started the Institute of Public Administration (IPA) Initiatives, courses on AI for "
          "civil servants run by the state's training institute."),
    ("h", "Register extract: measures reported to the EEA"),
    ("t", [["Reporting country", "Policy or measure (as registered)", "In force since", "Status"],
           ["France", "Aide à la décision", "2017", "Implemented"],
           ["France", "Les tarifs d'achat pour l'électricité renouvelable et la cogénération haut rendement, en "
                      "guichet ouvert", "2001", "Implemented"],
           ["Bulgaria", "Agriculture: MANAGEMENT OF DEGRADED AGRICULTURAL LAND THROUGH: 1. BIOLOGICAL RECLAMATION "
                        "WITH TYPICAL FOR THE REGION GRASS SPECIES 2.IMPLEMENTATION OF EROSION CONTROL MEASURES AND "
                        "SOIL TREATMENT METHODS", "2013", "Implemented"]]),
]

DOCX_DIGEST_TEST11 = [
    ("h", "Science & Climate Policy Monitor — No. 38, Friday 11 October 2024"),
    ("p", "A fortnightly digest for research offices and climate teams: what was decided, where, and when."),
    ("h", "Around the world"),
    ("p", "Physics and chemistry Nobels went to machine learning and protein science this week: John Hopfield and "
          "Geoffrey Hinton on 8 October, David Baker, Demis Hassabis and John Jumper on 9 October. Hurricane Milton "
          "made landfall on Florida's Gulf coast on the evening of 9 October. Tesla showed its Cybercab robotaxi on "
          "10 October. In Paris, Michel Barnier has led the government since his appointment on 5 September."),
    ("h", "United States: wildfire research and school budgets"),
    ("p", "Lansing: HB 5507, Michigan's School Aid budget bill for 2024-25, was enacted on 30 July 2024 and is now "
          "Public Act 120 of 2024. Alongside the usual school funding it pays for research and best practice on "
          "artificial intelligence in classrooms."),
    ("p", "In Congress, the National Wildland Fire Risk Reduction Program Act, introduced on 12 July 2023, has "
          "yet to become law. Its section 7 shares out the research among NIST, NSF, NOAA, NASA, FEMA, EPA and "
          "the Department of Energy, with AI-driven data analysis and modelling among the tools."),
    ("h", "Laws and plans on the record"),
    ("p", "Taiwan's Greenhouse Gas Reduction and Management Act was promulgated on 1 July 2015 and gave the island "
          "its first statutory emissions-reduction framework."),
    ("p", "On 7 March 2019 Uganda published the National Environment Act, which repeals and replaces the earlier "
          "environment law and creates a Policy Committee on Environment."),
    ("p", "The 11th Malaysia Plan 2016-2020, tabled in May 2015, pairs adaptation and mitigation under a climate-"
          "resilient growth strategy."),
    ("p", "Madrid approved its Spanish Strategy for Science, Technology and Innovation 2021-2027 in 2020: the "
          "multi-year framework shared by every administration that funds research, with climate and clean "
          "mobility among its strategic sectors."),
    ("p", "Jakarta's Regulation No.17/2014 on Electricity Purchase from Geothermal, issued in 2014 by the energy "
          "ministry, sets the terms on which the state utility PLN buys power from geothermal plants."),
    ("p", "Brazil adopted its National Adaptation Plan to Climate Change, in two volumes, in 2016."),
    ("p", "Bangladesh's Climate Change Trust Fund Act dates from 2010; the trust it set up pays for projects under "
          "the country's climate strategy and action plan."),
    ("p", "Older, but still the backbone of Mexico's executive: the Organic Law of the Federal Public "
          "Administration, dating from 29 December 1976, allocates duties among the federal ministries."),
    ("h", "Digital agencies"),
    ("p", "Wallonia has run the Wallonian Digital Agency since 2015. Romania's AI Research Institute (ICIA) "
          "appears in the OECD's AI policy database from 2022."),
    ("h", "From the EEA register"),
    ("p", "The Netherlands launched its Government-wide Programme for a Circular Economy in 2016, aiming at a fully "
          "circular economy by 2050. Malta's Marsa Road Project, which removes traffic bottlenecks and reduces "
          "severance between urban communities, counts as a measure from 2021, at a projected €19.25m a year."),
    ("t", [["Country", "Measure", "Start year", "Sector"],
           ["Slovenia", "Financial incentives for district heat production using renewable energy sources", "2014",
            "Energy supply"],
           ["Czechia", "EU regulation on CO2 from light-commercial vehicles (vans)", "2000", "Transport"],
           ["Germany", "Stronger weighting of the CO2 component of the vehicle tax from 2021 onwards", "2021",
            "Transport"]]),
    ("p", "Next issue: 25 October."),
]

DOCX_DIGEST_TEST12 = [
    ("h", "Policy Radar — Issue 18 · 23 June 2023"),
    ("p", "A fortnightly digest of technology, climate and research policy for members. Laws, plans and registers "
          "first; people and markets only where they set the scene."),
    ("h", "Context"),
    ("p", "Sam Altman, chief executive of OpenAI, told a Senate Judiciary subcommittee on 16 May that AI needed "
          "regulating. Nvidia's market value briefly passed $1 trillion on 30 May. The Bonn climate talks (SB58) "
          "closed on 15 June."),
    ("h", "United States: AI bills, hiring and patents"),
    ("p", "The hearing was not the only AI news on Capitol Hill that day: the ASK Act was introduced the same "
          "day, one more entry in a growing pile of AI bills this session."),
    ("p", "Illinois got there years earlier. Its Artificial Intelligence Video Interview Act, signed on 9 August "
          "2019 and in force since January 2020, makes employers tell applicants when AI analyses their recorded "
          "interviews and obtain their consent first."),
    ("p", "On intellectual property, the U.S. Patent and Trademark Office Report on Public Views on AI and "
          "Intellectual Property Policy, released in 2020, summed up the comments the office had received."),
    ("h", "United Kingdom"),
    ("p", "Britain's national institute for data science and AI, the Alan Turing Institute, was founded in 2015 "
          "by five universities and the research council that funds engineering."),
    ("h", "Climate laws and plans"),
    ("p", "Bogotá released its Comprehensive Strategy for Deforestation Control and Forest Management on "
          "25 April 2019."),
    ("p", "Kabul adopted the National Comprehensive Agriculture Development Priority Program 2016 - 2020 in "
          "August 2016."),
    ("p", "North Macedonia's parliament passed a new Energy Law on 21 May 2018, bringing the country's power and "
          "gas market rules in line with the EU's Third Energy Package."),
    ("p", "Angola's National Strategy for Climate Change (ENAC), approved in August 2017, sets out the country's "
          "mitigation and adaptation priorities."),
    ("p", "Korea: dams and reservoirs have been inspected under the Reservoir and Dam Safety Control and "
          "Disaster Prevention Act since it was passed on 5 June 2008."),
    ("p", "Brazil's Industrial Sector Plan for Mitigation and Adaptation to Climate Change dates from June 2013."),
    ("p", "Two more from the Global South: the Fiji Low Emission Development Strategy 2018-2050, adopted in 2018, "
          "and Malawi's Environment Management Act (No. 19 of 2017), passed on 30 April 2017."),
    ("h", "EEA register: selected measures"),
    ("t", [["Country", "Measure", "Start", "Projected cost per year (EUR)"],
           ["France", "Projet de taxation des HFC", "2021", "—"],
           ["Luxembourg", "Agriculture - Common Agricultural Policy - greening - crop diversification", "2013", "—"],
           ["Slovenia", "Financial incentives for low emission vehicles", "2011", "—"],
           ["Norway", "Base tax on mineral oils etc", "2000", "—"],
           ["Lithuania", "Promoting the use of electric vehicles and developing the recharging infrastructure",
            "2020", "1,755,000"]]),
]

DOCX_DIGEST_TEST13 = [
    ("h", "Transition Tracker — No. 47, Monday 16 December 2024"),
    ("p", "Climate, energy and digital policy from around the world, compiled for members every other Monday. "
          "Registers and bills first; the wider news only where it frames them."),
    ("h", "Around the world"),
    ("p", "François Bayrou was named French prime minister on Friday. Google unveiled its Willow quantum chip on "
          "9 December. Eurostat's flash estimate put euro-area inflation at 2.3% in November. Notre-Dame de Paris "
          "reopened on 7 December."),
    ("h", "Capitol Hill: two AI bills running out of road"),
    ("p", "Introduced in the House on 14 November 2024, the AI Fraud Deterrence Act (H.R. 10125) would raise fines and "
          "prison terms for mail, wire and bank fraud and money laundering carried out with the help of artificial "
          "intelligence."),
    ("p", "Older, and just as stuck: the House version of the AI Grand Challenges Act of 2024, put forward on "
          "6 September 2024, would have the National Science Foundation run prize competitions on AI grand challenges, "
          "one of them on cancer. Both bills lapse when the 118th Congress ends on 3 January unless they pass first."),
    ("h", "Climate legislation: a round-up"),
    ("p", "Zagreb's Law on Biofuels for Transport, passed on 22 May 2009, names cutting greenhouse gases among its aims "
          "and is carried out through regulations on biofuel promotion and production incentives."),
    ("p", "Nuku'alofa approved the Tonga Strategic Development Framework 2015-2025 in May 2015; the framework, known as "
          "TSDF II, is built around seven national outcomes."),
    ("p", "Benin's parliament passed Law no 2018/18 on regulating climate change on 18 June 2018. It frames adaptation "
          "measures and provides for a carbon tax whose terms are left to the annual finance law."),
    ("p", "Bangkok adopted the Thailand Energy Efficiency Development Plan 2015-2036 on 13 August 2015, with a target "
          "of cutting energy intensity by 30% by 2036 against 2010."),
    ("p", "Indonesia's energy ministry amended its 2010 list of priority power projects with Regulation 1/2012 "
          "amending reg. 15/2010 - Priority Development Renewable Energy Projects; the Climate Change Laws of the "
          "World database logs its approval on 13 January 2020."),
    ("p", "Brasília's Law No. 12.651, the Forest Code on the protection of native vegetation, has governed forest "
          "protection since 25 May 2012."),
    ("p", "The Dominican Republic's National Adaptation Strategy for the Agricultural Sector 2014-2020, issued in "
          "2014, is aimed mainly at small and medium farmers."),
    ("p", "Warsaw's Act on investments in the field of wind power (Dz.U. 2016 pos. 961), passed on 20 May 2016, "
          "changed how wind farms are taxed as real estate."),
    ("h", "AI institutions"),
    ("p", "Belgium has set up an AI Expertise Center this year, and Denmark a Centre for Artificial Intelligence in "
          "Society, also in 2024."),
    ("h", "From the EEA register"),
    ("p", "Prague's housing fund has run Program PANEL/NEW PANEL/PANEL 2013 + since 2001, guaranteeing loans and "
          "subsidising interest for the retrofit of prefabricated panel blocks; the projected cost is EUR 13.3 "
          "million per year. Reykjavik's waste association SORPA has operated its gas and compost plant since 2020, "
          "turning organic waste into methane and compost."),
    ("t", [["Reporting country", "Measure (as registered)", "Since", "Notes"],
           ["Belgium", "Rail transport policy for persons", "2004", "FPS Mobility and Transport; modal shift"],
           ["Croatia", "MCC-12: Foundation of the Platform for Bioeconomy", "2021", "planned"],
           ["Luxembourg", "Energy consumption - residential buildings - existing constructions - increasing energy "
            "efficiency - insulation and ventilation", "2013", "subsidies ended 2016"]]),
]

DOCX_DIGEST_TEST14 = [
    ("h", "Policy Pulse — Vol. 7, No. 22, Monday 2 December 2024"),
    ("p", "A fortnightly digest of technology and climate policy for our members. Laws and programmes first; "
          "the headlines of the fortnight only as background."),
    ("h", "Background"),
    ("p", "COP29 closed in Baku on 24 November, more than a day behind schedule. Donald Trump picked Brendan Carr "
          "to chair the Federal Communications Commission on 17 November. Amazon said on 22 November it would "
          "invest a further $4 billion in Anthropic."),
    ("h", "United States: deepfakes, tenants and defence AI"),
    ("p", "Alabama's HB 172 took effect on 1 October. The law makes it a crime to distribute materially deceptive "
          "AI-generated media of a candidate within 90 days of an election, unless it carries a clear disclaimer."),
    ("p", "In Washington, Section 7 of the HOME Act of 2024 (S. 3561) would set up a programme to identify unfair "
          "tenant-screening practices, algorithmic ones included. The bill was introduced in the Senate on "
          "9 January 2024 and has not moved since."),
    ("p", "The Pentagon's Joint AI Center, stood up in 2018, has since been folded into the Chief Digital and AI "
          "Office. In Bangkok, the AI Governance Center has advised Thai agencies and firms on responsible AI since "
          "2022."),
    ("h", "Climate law round-up"),
    ("p", "Seoul's Act on the Management and Improvement of Carbon Sink, passed on 22 February 2012, obliges the "
          "government to draw up a carbon-sink plan every five years and created the Forest Carbon Center."),
    ("p", "Pretoria's Taxation Laws Amendment Act, 2009, passed in November 2009, inserted sections 12K and 12L "
          "into the Income Tax Act: the first exempts income from certified emission reductions, the second grants "
          "a deduction for energy-efficiency savings."),
    ("p", "Panama's National Energy Secretariat put a preliminary Energy Transition Agenda out for public comment "
          "through Resolution N° 4747, approved on 10 June 2020."),
    ("p", "Saint Lucia's National Environment Policy (NEP) and National Environmental Management Strategy, first "
          "drawn up in 2004 and revised in 2014, were passed on 11 April 2019."),
    ("p", "Rabat adopted the National Strategy and Action Plan for the Biological Diversity of Morocco, 2016-2020, "
          "in 2016."),
    ("p", "Hungary's Act No. LVII concerning energy efficiency has been in force since 8 June 2015; it requires "
          "a national energy-efficiency target for 2020 and an action plan to reach it."),
    ("p", "Phnom Penh adopted the Cambodia Climate Change Strategic Plan 2014-2023 on 31 October 2013, with eight "
          "strategic objectives. Cabo Verde's Decree-Law no. 53/2010, of 22 November 2010, set the legal regime for "
          "two solar photovoltaic centres, at Praia on Santiago and at Murdeira on Sal."),
    ("h", "From the EEA register"),
    ("p", "The largest Czech item is the Operational Programme Enterprise and Innovation for Competitiveness, "
          "running since 2014, whose projected cost is EUR 106 million a year in grants and soft loans for "
          "efficiency, renewables and low-carbon mobility in business."),
    ("t", [["Reporting country", "Measure", "Start", "Comment"],
           ["France", "Programme Ambition bio 2022", "2018", "target: 15% of farmland organic by 2022"],
           ["Greece", "Measures in the LULUCF sector", "2000", "forest protection and management"],
           ["Malta", "Increase use of Intelligent Transport Systems in traffic management", "2018",
            "follows the National ITS Action Plan 2013-2017"],
           ["Iceland", "Carbon tax", "2010", "on fossil fuels"]]),
]

DOCX_DIGEST_TEST15 = [
    ("h", "Climate & Tech Policy Monitor — No. 3/2025, Monday 20 January 2025"),
    ("p", "Our regular round-up for subscribers: what governments passed, launched or let lapse, with a short "
          "note on the wider news."),
    ("h", "Around the news"),
    ("p", "Donald Trump is sworn in as president today. At CES on 6 January, Nvidia unveiled Project Digits, a "
          "desktop AI computer priced from $3,000."),
    ("h", "Capitol Hill: two bills that ran out of time"),
    ("p", "The TORNADO Act, introduced on 25 April 2023, would have moved tornado warnings towards probabilistic "
          "hazard information. The GRIData Act died with the 118th Congress on 3 January."),
    ("h", "Computing and AI centres"),
    ("p", "Poland's AI work in 2024 leans on Kraków's Academic Computer Centre CYFRONET AGH. Buenos Aires "
          "set up an AI Center in 2021."),
    ("h", "Development and climate plans"),
    ("p", "South Africa's cabinet approved the National Development Plan 2030 on 15 August 2012. Its Economic "
          "Reconstruction and Recovery Plan, the post-COVID programme, was approved in 2020."),
    ("p", "Nairobi passed the National Climate Change Action Plan 2018-2022 (NCCAP) on 16 May 2018, two years "
          "after the National Drought Management Authority Act (No. 4 of 2016), passed on 21 April 2016."),
    ("p", "Bucharest approved Romania's 2021-2030 Integrated National Energy and Climate Plan in April 2020, and "
          "Papua New Guinea's National Energy Policy 2016-2020 was approved in 2015."),
    ("p", "Rwanda's Law N°48/2018 on the environment was passed on 13 August 2018. Grenada's Disaster "
          "Vulnerability Reduction Project and Resettlement Policy Framework dates from 6 October 2011."),
    ("h", "EEA policies and measures"),
    ("t", [["Country", "Policy or measure", "In place since", "Note"],
           ["Denmark", "1-TD-13: Increase in CFC tax", "2021", "enhances 1-TD-08"],
           ["Slovenia", "Additional measures for mobility management", "2022", "transport"],
           ["Spain", "Grants for the financing of urban mobility plans and business mobility plans", "2014",
            "transport"],
           ["Belgium", "Brussels Green certificates", "2004", "renewable electricity"],
           ["Czechia", "State programme on the promotion of energy savings (EFEKT 2)", "2004",
            "projected cost EUR 0.3 million a year"]]),
]

DOCX_DIGEST_TEST16 = [
    ("h", "Policy Pulse: Climate, Energy and Digital — Issue 7, 14 February 2025"),
    ("p", "A fortnightly digest for members. This issue: laws and plans from four continents, two bills that "
          "never left committee, and the EEA's latest list of national measures."),
    ("h", "In brief"),
    ("p", "Leaders met in Paris on 10-11 February for the AI Action Summit. DeepSeek's R1 reasoning model, "
          "released on 20 January, briefly topped app-store charts."),
    ("h", "Washington"),
    ("p", "Sec. 758 of the Intelligence Authorization Act for Fiscal Year 2024, on technology for classification "
          "and declassification, lapsed when the 118th Congress ended on 3 January. Also gone: the Advanced "
          "Communications Technology Networks Act, first introduced on 10 July 2023."),
    ("h", "Regulators for AI and data"),
    ("p", "Spain's AESIA, the Spanish Agency for the Supervision of AI, became operational in 2023, five years "
          "after London created the Centre for Data Ethics and Innovation in 2018."),
    ("h", "Climate and environment laws"),
    ("p", "Havana passed the Tarea Vida plan to face climate change on 30 April 2017. Thimphu approved Bhutan's "
          "National Waste Management Strategy 2019 on 2 June 2019."),
    ("p", "Kyiv adopted Law no 0875 on Principles of Monitoring, Reporting and Verification of GHG Emissions on "
          "12 December 2019, and Pretoria's National Energy Efficiency Strategy was adopted on 5 March 2019."),
    ("p", "In Brazil, Decree No. 8.972, creating the National Policy for the Recovery of Native Vegetation, "
          "dates from 23 January 2017; Decree no 10.142, published on 28 November 2019, instituted an executive "
          "committee to control illegal deforestation."),
    ("p", "From the archive: Mongolia's National Action Program to Promote Quality and Environmental Management "
          "Systems (25 December 2002) and Dominica's Geothermal Resources Development Act, 2016, passed on "
          "24 November 2016."),
    ("h", "EEA policies and measures"),
    ("t", [["Member state", "Measure", "Start year", "Sector"],
           ["Romania", "Law no. 34/2017 on deployment of alternative fuels infrastructure", "2017", "transport"],
           ["Finland", "Implementation of the emission trade system in Finland", "2005", "cross-sectoral"],
           ["Malta", "Operation of Urban Wastewater Treatment Plant (UWWTP)", "2011", "waste"],
           ["Bulgaria", "Introduction of low-carbon practices for processing manure", "2014", "agriculture"]]),
]

DOCX_DIGEST_TEST17 = [
    ("h", "Climate & Tech Policy Monitor — 19 April 2024 (No. 38)"),
    ("p", "Our monthly round-up for partners. Inside: Brussels closes the book on AI, a robocall bill in the House, "
          "energy plans from Dushanbe to Manila, and a table of EEA measures."),
    ("h", "Market and data notes"),
    ("p", "Meta released its Llama 3 models on 18 April. Eurostat's flash estimate put euro-area inflation at 2.4% "
          "for March."),
    ("h", "Artificial intelligence"),
    ("p", "The European Parliament voted the EU AI Act through on 13 March 2024, almost three years after the "
          "Commission's proposal."),
    ("p", "Across the Atlantic, the Do Not Disturb Act, introduced in the House on 29 January 2024, would tighten "
          "the rules on AI-generated robocalls."),
    ("p", "Institutions: Lima opened the National Center for Innovation and Artificial Intelligence in 2021, and "
          "Tashkent created the Research Institute for the Development of Digital Technologies and AI that year too."),
    ("h", "Korea"),
    ("p", "Seoul's emissions market rests on the Act on the Allocation and Trading of Greenhouse Gas Emissions Rights; "
          "its enforcement decree entered into force on 15 November 2012. The government approved the 2nd Basic "
          "Plan for Climate Change Response in October 2019."),
    ("h", "Energy and climate strategies elsewhere"),
    ("p", "Tajikistan's parliament passed Law No.587 on Promoting the Use of Renewable Energy on 12 January 2010. "
          "Manila's Department of Energy approved the Philippine Energy Plan 2018-2040 in October 2016."),
    ("p", "Vilnius approved The DNA of the Future Economy plan, a recovery blueprint, on 6 November 2020; on "
          "Christmas Day that year Apia approved the Samoa Ocean Strategy (SOS) 2020-2030."),
    ("p", "In France, the citizens' convention first met in 2019; its Climate Convention report was issued on "
          "21 June 2020. Phnom Penh's Climate Action Plan of Ministry of Environment 2016-2018 was approved in 2016."),
    ("h", "From the EEA database"),
    ("t", [["Country", "Policy or measure", "In place since", "Type"],
           ["Belgium", "Federal green loans", "2009", "economic"],
           ["Spain", "More food less waste Strategy 2017-2020", "2013", "waste"],
           ["France", "Plan \"enseigner à produire autrement\"", "2014", "agriculture"],
           ["Iceland", "Energy transition of ferries", "2020", "transport"]]),
]

DOCX_FILES = {"test2": ("test2_digest_2021_06.docx", DOCX_DIGEST, (2021, 6, 18)),
              "test3": ("test3_digest_2024_01.docx", DOCX_DIGEST_TEST3, (2024, 1, 12)),
              "test4": ("test4_digest_2024_06.docx", DOCX_DIGEST_TEST4, (2024, 6, 7)),
              "test5": ("test5_digest_2023_09.docx", DOCX_DIGEST_TEST5, (2023, 9, 15)),
              "test6": ("test6_digest_2025_10.docx", DOCX_DIGEST_TEST6, (2025, 10, 20)),
              "test7": ("test7_digest_2026_05.docx", DOCX_DIGEST_TEST7, (2026, 5, 12)),
              "test8": ("test8_digest_2024_09.docx", DOCX_DIGEST_TEST8, (2024, 9, 20)),
              "test9": ("test9_digest_2022_03.docx", DOCX_DIGEST_TEST9, (2022, 3, 18)),
              "test10": ("test10_digest_2026_01.docx", DOCX_DIGEST_TEST10, (2026, 1, 23)),
              "test11": ("test11_digest_2024_10.docx", DOCX_DIGEST_TEST11, (2024, 10, 11)),
              "test12": ("test12_digest_2023_06.docx", DOCX_DIGEST_TEST12, (2023, 6, 23)),
              "test13": ("test13_digest_2024_12.docx", DOCX_DIGEST_TEST13, (2024, 12, 16)),
              "test14": ("test14_digest_2024_12.docx", DOCX_DIGEST_TEST14, (2024, 12, 2)),
              "test15": ("test15_digest_2025_01.docx", DOCX_DIGEST_TEST15, (2025, 1, 20)),
              "test16": ("test16_digest_2025_02.docx", DOCX_DIGEST_TEST16, (2025, 2, 14)),
              "test17": ("test17_digest_2024_04.docx", DOCX_DIGEST_TEST17, (2024, 4, 19))}


def write_docx(folder: Path, prefix: str = "test2") -> Path:
    """Write the set's Word digest (headings, paragraphs, one table) from its text above."""
    import datetime

    import docx

    name, content, created = DOCX_FILES[prefix]
    d = docx.Document()
    for kind, body in content:
        if kind == "h":
            d.add_heading(body, level=1)
        elif kind == "p":
            d.add_paragraph(body)
        else:
            table = d.add_table(rows=len(body), cols=len(body[0]))
            for i, row in enumerate(body):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    out = folder / name
    d.core_properties.created = datetime.datetime(*created)
    d.save(str(out))
    return out


def _spent_names(data: Path, upto: str = "test3") -> set[str]:
    """The names test2 … ``upto`` really drew: test2 without exclusion, test3 as its own draw ran (it replayed test2
    with exclusion on, which draws other rows than test2 did — so both replays are needed, each recorded), then each
    later set up to ``upto`` as its own draw ran: after exactly the earlier sets' real names were marked seen (test7
    and later with ``test7_extra_rows``)."""
    global _SEEN
    _SEEN = None
    _DRAWN.clear()
    zh_rows(data, SEED), en_rows(data, SEED)
    spent = set(_DRAWN)
    _SEEN = set()
    zh_rows(data, SEED), en_rows(data, SEED)
    _DRAWN.clear()
    seed3 = SEEDS["test3"]
    zh_rows(data, seed3, "test3"), en_rows(data, seed3, "test3"), test3_extra_rows(data, seed3)
    spent |= _DRAWN
    later = LATER_SETS[:LATER_SETS.index(upto) + 1] if upto in LATER_SETS else ()
    for prefix in later:  # each as its own draw ran: after exactly the earlier sets' real names were seen
        seed = SEEDS[prefix]
        _SEEN = set(spent)
        _DRAWN.clear()
        _strata(data, seed, prefix)
        spent |= _DRAWN
    return spent


def _draw(data: Path, seed: int, prefix: str) -> dict[str, list[dict]]:
    """test2 as drawn then; test3 drawn after test2's rows are marked seen (its own seed, its extra strata); every
    later set after every row the sets before it really drew is marked seen (test7 and later with
    ``test7_extra_rows`` in place of the strata that ran dry), so none shares a row with a spent set."""
    global _SEEN
    if prefix != "test3" and prefix not in LATER_SETS:
        return {**zh_rows(data, seed, prefix), **en_rows(data, seed, prefix)}
    if prefix == "test3":
        _SEEN = set()
        zh_rows(data, SEED), en_rows(data, SEED)
    else:
        _SEEN = _spent_names(data, upto=(["test3"] + LATER_SETS)[LATER_SETS.index(prefix)])
    return _strata(data, seed, prefix)


# strata added from a set on (in place of strata that ran dry), each kept for every later set
_ADDED_FROM = {"test7": test7_extra_rows, "test10": test10_extra_rows, "test11": test11_extra_rows}


def _strata(data: Path, seed: int, prefix: str) -> dict[str, list[dict]]:
    """Every stratum a set from test3 on draws, in drawing order: test2's, test3's extra ones, then those added
    from test7 and from test10 on."""
    order = ["test3", *LATER_SETS]
    drawn = {**zh_rows(data, seed, prefix), **en_rows(data, seed, prefix), **test3_extra_rows(data, seed, prefix)}
    for since, fn in _ADDED_FROM.items():
        if order.index(prefix) >= order.index(since):
            drawn |= fn(data, seed, prefix)
    return drawn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="example:\n  PYTHONPATH=src .venv/bin/python scripts/newsletter_rows.py "
                                        "--data ../shared/data --prefix test17")
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--seed", type=int, help="default: the set's own seed (" + ", ".join(
        f"{k} {v}" for k, v in SEEDS.items()) + ")")
    ap.add_argument("--prefix", default="test2", help=f"the set to draw: {', '.join(SEEDS)} (test3 adds extra strata, "
                                                     "test7 new ones, test10 newer ones, test11 on the round-7 strata)")
    ap.add_argument("--write-docx", type=Path, help="Write the Word digest into this folder and stop.")
    a = ap.parse_args()
    if a.write_docx:
        print(write_docx(a.write_docx, a.prefix))
        return
    seed = a.seed if a.seed is not None else SEEDS.get(a.prefix, SEED)
    drawn = _draw(a.data, seed, a.prefix)
    for name, rows in drawn.items():
        print(f"## {name}")
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
