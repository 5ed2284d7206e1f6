"""Derived indicators by declared formula and group aggregates, computed at build time in SQL.

Each derived indicator is declared once here (code, names, unit, formula text and the SQL that implements
it); nothing is typed in. Group aggregates are sums over members for additive indicators, and the
coverage (members with data / members) is stored beside every aggregate value.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from policyscope.model import registry


@dataclass(frozen=True)
class Derived:
    code: str
    name_en: str
    name_zh: str
    unit: str
    formula: str
    sql: str  # SELECT jurisdiction, year, value FROM ...


def _binary(a: str, b: str, expr: str) -> str:
    return (
        "SELECT x.jurisdiction, x.year, " + expr + " AS value FROM core.observation x "
        "JOIN core.observation y ON x.jurisdiction = y.jurisdiction AND x.year = y.year "
        f"WHERE x.indicator = '{a}' AND y.indicator = '{b}'"
    )


DERIVED: tuple[Derived, ...] = (
    Derived(
        "GERD_USD", "Gross domestic expenditure on R&D (current US$)", "研发经费支出（现价美元）", "current US$",
        "GB.XPD.RSDV.GD.ZS / 100 × NY.GDP.MKTP.CD",
        _binary("GB.XPD.RSDV.GD.ZS", "NY.GDP.MKTP.CD", "x.value / 100 * y.value"),
    ),
    Derived(
        "GDP_PPP", "GDP, PPP (current international $)", "国内生产总值（购买力平价，现价国际元）",
        "current international $", "NY.GDP.PCAP.PP.CD × SP.POP.TOTL",
        _binary("NY.GDP.PCAP.PP.CD", "SP.POP.TOTL", "x.value * y.value"),
    ),
    Derived(
        "GERD_PPP", "Gross domestic expenditure on R&D (current PPP $)", "研发经费支出（购买力平价，现价国际元）",
        "current international $", "GB.XPD.RSDV.GD.ZS / 100 × NY.GDP.PCAP.PP.CD × SP.POP.TOTL",
        "SELECT r.jurisdiction, r.year, r.value / 100 * p.value * n.value AS value FROM core.observation r "
        "JOIN core.observation p ON p.jurisdiction = r.jurisdiction AND p.year = r.year "
        "AND p.indicator = 'NY.GDP.PCAP.PP.CD' "
        "JOIN core.observation n ON n.jurisdiction = r.jurisdiction AND n.year = r.year AND n.indicator = 'SP.POP.TOTL' "
        "WHERE r.indicator = 'GB.XPD.RSDV.GD.ZS'",
    ),
    Derived(
        "GERD_LCU", "Gross domestic expenditure on R&D (current local currency)", "研发经费支出（现价本币）",
        "current LCU", "GERD_USD × PA.NUS.FCRF",
        _binary("GERD_USD", "PA.NUS.FCRF", "x.value * y.value"),
    ),
    Derived(
        "IP_BALANCE_USD", "Balance of charges for the use of IP (receipts − payments, current US$)",
        "知识产权使用费收支差额（收入−支出，现价美元）", "current US$", "BX.GSR.ROYL.CD − BM.GSR.ROYL.CD",
        _binary("BX.GSR.ROYL.CD", "BM.GSR.ROYL.CD", "x.value - y.value"),
    ),
    Derived(
        "IP_TRADE_USD", "Trade in charges for the use of IP (receipts + payments, current US$)",
        "知识产权贸易额（收入+支出，现价美元）", "current US$", "BX.GSR.ROYL.CD + BM.GSR.ROYL.CD",
        _binary("BX.GSR.ROYL.CD", "BM.GSR.ROYL.CD", "x.value + y.value"),
    ),
)

# Indicators that may be summed over members (levels, not ratios).
ADDITIVE = (
    "NY.GDP.MKTP.CD", "SP.POP.TOTL", "TX.VAL.TECH.CD", "BX.GSR.ROYL.CD", "BM.GSR.ROYL.CD", "BX.KLT.DINV.CD.WD",
    "IP.PAT.RESD", "IP.PAT.NRES", "IP.TMK.RESD", "IP.TMK.NRES", "IP.JRN.ARTC.SC", "GERD_USD", "GERD_PPP",
    "GDP_PPP", "IP_BALANCE_USD", "IP_TRADE_USD",
)
AGGREGATE_GROUPS = ("EU27", "G7", "G20", "OECD", "BRICS", "WORLD")
VINTAGE = "derived at build"
SOURCE_PREFIX = "derived: "  # an observation's source: this prefix, then the declared formula


def compute_derived(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Insert every declared derived indicator (in order, so later formulas may use earlier ones)."""
    counts: dict[str, int] = {}
    for d in DERIVED:
        con.execute(
            "INSERT OR REPLACE INTO core.indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [d.code, d.name_en, d.name_zh, d.unit, "policyscope (derived)", "as its inputs",
             f"Declared formula: {d.formula}", d.formula],
        )
        con.execute(
            f"INSERT OR REPLACE INTO core.observation SELECT '{d.code}', jurisdiction, year, value, "
            f"'{SOURCE_PREFIX}{d.formula}', '{VINTAGE}' FROM ({d.sql}) WHERE value IS NOT NULL AND isfinite(value)"
        )
        counts[d.code] = con.execute(
            "SELECT count(*) FROM core.observation WHERE indicator = ?", [d.code]
        ).fetchall()[0][0]
    return counts


def compute_aggregates(con: duckdb.DuckDBPyConnection) -> int:
    """Sum additive indicators over group members; store coverage beside each value."""
    reg = registry()
    rows = [(g, m) for g in AGGREGATE_GROUPS for m in reg.members(g)]
    con.execute("CREATE OR REPLACE TEMP TABLE _members (grp VARCHAR, member VARCHAR)")
    con.executemany("INSERT INTO _members VALUES (?, ?)", rows)
    ind_list = ", ".join(f"'{c}'" for c in ADDITIVE)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _agg AS
        SELECT m.grp AS jurisdiction, o.indicator, o.year, sum(o.value) AS value, count(*) AS n,
               (SELECT count(*) FROM _members mm WHERE mm.grp = m.grp) AS total
        FROM core.observation o JOIN _members m ON o.jurisdiction = m.member
        WHERE o.indicator IN ({ind_list})
        GROUP BY m.grp, o.indicator, o.year"""
    )
    con.execute(
        "INSERT OR REPLACE INTO core.observation SELECT indicator, jurisdiction, year, value, "
        "'sum over ' || n || ' of ' || total || ' members', ? FROM _agg",
        [VINTAGE],
    )
    con.execute("DELETE FROM core.coverage WHERE jurisdiction IN (SELECT DISTINCT jurisdiction FROM _agg)")
    con.execute("INSERT INTO core.coverage SELECT indicator, jurisdiction, year, n, total FROM _agg")
    return int(con.execute("SELECT count(*) FROM _agg").fetchall()[0][0])
