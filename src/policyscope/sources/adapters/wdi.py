"""World Bank World Development Indicators: the per-indicator CSVs or the stacked long file
(``Country Name, Country Code, [Indicator Code,] Year, Value``) plus the metadata file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyscope.model import registry
from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.registry import register

# code: (name_en, name_zh, unit)
WDI_CATALOGUE: dict[str, tuple[str, str, str]] = {
    "NY.GDP.MKTP.CD": ("GDP (current US$)", "国内生产总值（现价美元）", "current US$"),
    "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "人均国内生产总值（现价美元）", "current US$"),
    "NY.GDP.PCAP.PP.CD": ("GDP per capita, PPP (current international $)", "人均国内生产总值（购买力平价，现价国际元）", "current international $"),
    "NY.GDP.MKTP.KD.ZG": ("GDP growth (annual %)", "国内生产总值增长率（年度%）", "%"),
    "NY.GDP.DEFL.KD.ZG": ("Inflation, GDP deflator (annual %)", "通货膨胀率，GDP平减指数（年度%）", "%"),
    "NY.GNP.MKTP.PP.CD": ("GNI, PPP (current international $)", "国民总收入（购买力平价，现价国际元）", "current international $"),
    "GB.XPD.RSDV.GD.ZS": ("Research and development expenditure (% of GDP)", "研发支出占GDP比重（%）", "% of GDP"),
    "SP.POP.TOTL": ("Population, total", "总人口", "persons"),
    "SP.POP.SCIE.RD.P6": ("Researchers in R&D (per million people)", "每百万人研发人员数", "per million people"),
    "SP.POP.TECH.RD.P6": ("Technicians in R&D (per million people)", "每百万人研发技术人员数", "per million people"),
    "TX.VAL.TECH.CD": ("High-technology exports (current US$)", "高技术产品出口额（现价美元）", "current US$"),
    "TX.VAL.TECH.MF.ZS": ("High-technology exports (% of manufactured exports)", "高技术产品出口占制成品出口比重（%）", "%"),
    "BX.GSR.ROYL.CD": ("Charges for the use of intellectual property, receipts (BoP, current US$)", "知识产权使用费收入（国际收支，现价美元）", "current US$"),
    "BM.GSR.ROYL.CD": ("Charges for the use of intellectual property, payments (BoP, current US$)", "知识产权使用费支出（国际收支，现价美元）", "current US$"),
    "BX.KLT.DINV.CD.WD": ("Foreign direct investment, net inflows (BoP, current US$)", "外国直接投资净流入（国际收支，现价美元）", "current US$"),
    "IP.PAT.RESD": ("Patent applications, residents", "专利申请量（居民）", "applications"),
    "IP.PAT.NRES": ("Patent applications, nonresidents", "专利申请量（非居民）", "applications"),
    "IP.TMK.RESD": ("Trademark applications, direct resident", "商标申请量（居民直接申请）", "applications"),
    "IP.TMK.NRES": ("Trademark applications, direct nonresident", "商标申请量（非居民直接申请）", "applications"),
    "IP.JRN.ARTC.SC": ("Scientific and technical journal articles", "科技期刊论文数", "articles"),
    "PA.NUS.FCRF": ("Official exchange rate (LCU per US$, period average)", "官方汇率（本币/美元，期间平均）", "LCU per US$"),
    "PA.NUS.PPP": ("PPP conversion factor, GDP (LCU per international $)", "购买力平价换算因子，GDP（本币/国际元）", "LCU per international $"),
    "PA.NUS.PPPC.RF": ("Price level ratio of PPP conversion factor (GDP) to market exchange rate", "购买力平价换算因子与市场汇率之比", "ratio"),
    "NV.MNF.TECH.ZS.UN": ("Medium and high-tech manufacturing value added (% manufacturing value added)", "中高技术制造业增加值占制造业增加值比重（%）", "%"),
    "TX.MNF.TECH.ZS.UN": ("Medium and high-tech exports (% manufactured exports)", "中高技术产品出口占制成品出口比重（%）", "%"),
    "IT.NET.BBND.P2": ("Fixed broadband subscriptions (per 100 people)", "每百人固定宽带订阅数", "per 100 people"),
    "IT.NET.SECR.P6": ("Secure Internet servers (per 1 million people)", "每百万人安全互联网服务器数", "per million people"),
    "SE.TER.ENRR": ("School enrollment, tertiary (% gross)", "高等教育毛入学率（%）", "% gross"),
    "NE.EXP.GNFS.ZS": ("Exports of goods and services (% of GDP)", "货物和服务出口占GDP比重（%）", "% of GDP"),
    "FP.CPI.TOTL.ZG": ("Inflation, consumer prices (annual %)", "通货膨胀率，消费者价格（年度%）", "%"),
}


@register
class WorldBankWDI(SourceAdapter):
    name = "wdi"
    title = "World Bank, World Development Indicators"
    licence = "CC BY 4.0"
    origin = "World Bank WDI via datahub.io datasets/world-development-indicators (commit 4ebec5a, 2026-07-01)"
    processing = "long CSV → observations (jurisdiction = WB country code; WB aggregates kept under their codes)"
    raw_paths = ("wdi_innovation/wdi_selected_long.csv.gz", "wdi_innovation/indicators_metadata.csv")
    vintage = "WDI 2026-07-01"

    def read_raw(self, paths: list[Path]) -> Bundle:
        data_path = self.require(paths[0])
        meta = {}
        if len(paths) > 1 and paths[1].exists():
            m = pd.read_csv(paths[1])
            meta = dict(zip(m["indicator_code"], m["description"].fillna(""), strict=False))
        try:
            df = pd.read_csv(data_path)
        except Exception as exc:  # noqa: BLE001 - any parse failure is reported with the file name
            raise SourceError(f"{data_path}: cannot read WDI CSV: {exc}") from exc
        if "Indicator Code" not in df.columns:
            # a single-indicator file: code from the file name
            df["Indicator Code"] = data_path.name.removesuffix(".gz").removesuffix(".csv")
        need = {"Country Code", "Indicator Code", "Year", "Value"}
        if not need <= set(df.columns):
            raise SourceError(f"{data_path}: expected columns {sorted(need)}, got {list(df.columns)}")
        reg = registry()
        known = set(reg.by_code)
        unknown = sorted(set(df["Country Code"]) - known)
        df = df[df["Country Code"].isin(known)]
        df = df.dropna(subset=["Value"])
        obs = pd.DataFrame({
            "indicator": df["Indicator Code"],
            "jurisdiction": df["Country Code"],
            "year": df["Year"].astype(int),
            "value": pd.to_numeric(df["Value"], errors="raise").astype(float),
            "source": "World Bank WDI",
            "vintage": self.vintage,
        })
        codes = sorted(obs["indicator"].unique())
        ind = pd.DataFrame([
            {
                "code": c,
                "name_en": WDI_CATALOGUE.get(c, (c, c, ""))[0],
                "name_zh": WDI_CATALOGUE.get(c, (c, c, ""))[1],
                "unit": WDI_CATALOGUE.get(c, (c, c, ""))[2],
                "source": "World Bank, World Development Indicators",
                "licence": self.licence,
                "definition": meta.get(c, ""),
                "formula": None,
            }
            for c in codes
        ])
        return Bundle(self.name, {"indicators": ind, "observations": obs.reset_index(drop=True)}, unknown)
