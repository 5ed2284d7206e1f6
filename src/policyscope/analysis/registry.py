"""Every analysis, registered once: name → Params model, function, one line in English and Chinese.

The CLI (``policyscope analyze NAME``), the API (``/api/v1/analyze/NAME``), the web's analyses page and the
reports look analyses up here and validate through the same Params model, so an input means the same thing
wherever it is typed and a new analysis appears everywhere by adding one line below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from policyscope.analysis.breaks import BreaksParams, breaks
from policyscope.analysis.choropleth import MapParams, country_map
from policyscope.analysis.companies import CompaniesParams, company_counts
from policyscope.analysis.concentration import ConcentrationParams, concentration_analysis
from policyscope.analysis.counts import CountsParams, event_counts
from policyscope.analysis.growth import GrowthParams, growth
from policyscope.analysis.index import IndexParams, composite_index
from policyscope.analysis.keywords import KeywordsParams, keywords
from policyscope.analysis.network import NetworkParams, TopPartnersParams, network, top_partners
from policyscope.analysis.params import AnalysisParams, Files, validate
from policyscope.analysis.radar import RadarParams, radar
from policyscope.analysis.rank import RankParams, rank
from policyscope.analysis.share import ShareParams, share
from policyscope.analysis.tiers import TiersParams, tiers
from policyscope.errors import NotFound


def _as_json(result: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = result.model_dump(mode="json")
    return dumped


def _graph_json(result: Any) -> dict[str, Any]:
    graph: dict[str, Any] = result.graph_json()
    return graph


@dataclass(frozen=True)
class Analysis:
    """One analysis: how to check its inputs, what to call, how to say what it does, how it prints as JSON."""

    name: str
    params: type[AnalysisParams]
    function: Callable[..., Any]
    en: str
    zh: str
    example: str = ""
    spark: bool = False  # reads its tables only through Ibis, so `--backend spark` works
    db_first: bool = True  # the function takes the database as its first argument
    to_json: Callable[[Any], dict[str, Any]] = _as_json

    def validate(self, raw: Mapping[str, Any], *, db: Any = None, files: Files = "web",
                 names: Mapping[str, str] | None = None) -> AnalysisParams:
        return validate(self.params, raw, db=db, files=files, names=names)

    def run(self, db: Any, params: AnalysisParams) -> Any:
        """Call the function with checked parameters (``db`` may be None when ``params.needs_db()`` is false)."""
        if not isinstance(params, self.params):
            raise TypeError(f"{self.name} takes {self.params.__name__}, not {type(params).__name__}")
        args = params.arguments()
        return self.function(db, **args) if self.db_first else self.function(**args)

    def call(self, db: Any, raw: Mapping[str, Any], *, files: Files = "web") -> Any:
        """Validate ``raw`` and run: the one path from user input to a result."""
        return self.run(db, self.validate(raw, db=db, files=files))


_ALL = (
    Analysis("counts", CountsParams, event_counts,
             "Events by jurisdiction × year × domain (or type), with shares; national-level events by default.",
             "按辖区×年份×领域（或类型）统计政策事件及占比；默认只计国家层面事件。",
             "policyscope analyze counts --by year,domain --from 2017 --to 2021 --format json", spark=True),
    Analysis("share", ShareParams, share,
             "Each jurisdiction's share of a total and the denominator's coverage.",
             "各辖区占总量的比重及分母覆盖率。",
             "policyscope analyze share --indicator GERD_PPP --year 2018 --jurisdictions 美国,中国", spark=True),
    Analysis("rank", RankParams, rank,
             "Ranks and rank change between two years.", "排名及两年间的排名变化。",
             "policyscope analyze rank --indicator GERD_PPP --year 2019 --compare-year 2010 --top 10", spark=True),
    Analysis("growth", GrowthParams, growth,
             "CAGR in percent, another indicator's CAGR and the gap in percentage points.",
             "年均复合增长率及与对比指标的差距（百分点）。",
             "policyscope analyze growth --indicator GERD_PPP --vs GDP_PPP --from 2010 --to 2019 -j USA,CHN,BEL",
             spark=True),
    Analysis("breaks", BreaksParams, breaks,
             "Series breaks: jumps a series' own history cannot explain (documented robust rule).",
             "序列断点：与序列自身变化规律不符的跳变（按文档所述稳健规则识别）。",
             "policyscope analyze breaks --indicator GERD_USD --from 2003 --to 2023 -j GBR,CHN,USA"),
    Analysis("tiers", TiersParams, tiers,
             "Tiers (1 = highest) by thresholds or Jenks natural breaks.", "按阈值或自然断点划分梯队（第一梯队最高）。",
             "policyscope analyze tiers -i GERD_LCU -y 2019 --currency CNY --fx-date 2020-12-31 "
             "--thresholds 1e12,3e11,1e11,5e10"),
    Analysis("concentration", ConcentrationParams, concentration_analysis,
             "CRn and HHI over an indicator's countries or a company list.", "集中度（CRn、HHI）。",
             "policyscope analyze concentration --indicator BX.GSR.ROYL.CD --year 2020 --n 3,11"),
    Analysis("network", NetworkParams, network,
             "Nodes (degree, strength, top partner, share of world total) and edges; change between years.",
             "合作网络：节点度、强度、首要伙伴、占全球比重及边。",
             "policyscope analyze network --year 2021 --top 10 --compare-year 2010 --format json", spark=True,
             to_json=_graph_json),
    Analysis("top_partners", TopPartnersParams, top_partners,
             "A jurisdiction's largest partners in a network, with group rows such as EU27.",
             "某辖区在合作网络中的主要伙伴（可加欧盟27国等组合）。",
             "policyscope analyze top_partners --jurisdiction 中国 --year 2021 --n 10 --groups EU27", spark=True),
    Analysis("keywords", KeywordsParams, keywords,
             "Term frequency per 10,000 tokens and log-odds z-scores between two corpora.",
             "两组语料的万词频与对数几率 z 值。",
             'policyscope analyze keywords --a "jurisdiction=CHN;to=2015-12-31;limit=300" --b "jurisdiction=CHN;from=2016-01-01;limit=300" --terms 创新,数字,绿色,软件',
             spark=True),
    Analysis("radar", RadarParams, radar,
             "Profiles on fixed anchors (0–100: percentile among the world's countries) for a radar chart.",
             "雷达图用的固定锚点得分（0–100：在全球有数据国家中的百分位）。",
             "policyscope analyze radar -j 中国，美国,DEU --indicators NY.GDP.MKTP.CD,GERD_USD --year 2021"),
    Analysis("index", IndexParams, composite_index,
             "Composite index with Monte Carlo median rank and 90 % interval.", "综合指数及蒙特卡洛排名区间。",
             "policyscope analyze index --spec digital_industry_strength.json --format json"),
    Analysis("map", MapParams, country_map,
             "One value per country for a world map: an indicator in a year, or policy counts up to a year.",
             "世界地图：各国某年的指标值，或截至某年的政策数量。",
             "policyscope analyze map --kind events --domains ai --types strategy --format json"),
    Analysis("companies", CompaniesParams, company_counts,
             "Companies by country, industry and founding/joining year from a company list.",
             "按国家、行业、成立或入榜年份统计企业数。",
             "policyscope analyze companies --source ../shared/data/unicorns/unicorns_complete_2024.csv "
             "--groups EU27", db_first=False),
)

ANALYSES: dict[str, Analysis] = {a.name: a for a in _ALL}


def names() -> tuple[str, ...]:
    return tuple(ANALYSES)


def get(name: str) -> Analysis:
    """The analysis called ``name``; an unknown name is :class:`~policyscope.errors.NotFound` listing the known."""
    found = ANALYSES.get(name)
    if found is None:
        raise NotFound(f"unknown analysis {name!r}; known: {', '.join(ANALYSES)}")
    return found
