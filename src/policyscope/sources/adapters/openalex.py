"""OpenAlex country co-authorship counts (Batagelj's yearly networks): edges ``OPENALEX.COAUTHOR``,
and each country's own count of co-authored works as observation ``OPENALEX.COAUTHORED_WORKS``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyscope.sources.base import Bundle, SourceAdapter, SourceError
from policyscope.sources.names import map_names
from policyscope.sources.registry import register


@register
class OpenAlexCoauthorship(SourceAdapter):
    name = "openalex"
    title = "OpenAlex country co-authorship network 1990–2023"
    licence = "CC0 (OpenAlex); attribute V. Batagelj / OpenAlex"
    origin = "bavla/OpenAlex Countries/27aug24/WrldCo_years.zip (commit 2255747), via OpenAlex group-by queries"
    processing = "ISO2 → ISO3; pairs a≠b become edges (both directions kept); a=b rows become observations"
    raw_paths = ("openalex_country_coauthorship/openalex_country_coauthorship_1990_2023.csv.gz",)
    vintage = "OpenAlex 2024-08-27"

    def read_raw(self, paths: list[Path]) -> Bundle:
        path = self.require(paths[0])
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
        need = ["year", "country_a_iso2", "country_b_iso2", "works"]
        if list(df.columns) != need:
            raise SourceError(f"{path}: expected columns {need}, got {list(df.columns)}")
        names = set(df["country_a_iso2"]) | set(df["country_b_iso2"])
        mapping, unknown = map_names(names, extra={"XK": "XKX"})
        df = df[df["country_a_iso2"].isin(mapping) & df["country_b_iso2"].isin(mapping)].copy()
        df["a"] = df["country_a_iso2"].map(mapping)
        df["b"] = df["country_b_iso2"].map(mapping)
        self_rows = df[df["a"] == df["b"]]
        pairs = df[df["a"] != df["b"]]
        edges = pairs.groupby(["year", "a", "b"], as_index=False)["works"].sum()
        edges = pd.DataFrame({"indicator": "OPENALEX.COAUTHOR", "year": edges["year"].astype(int), "a": edges["a"],
                              "b": edges["b"], "value": edges["works"].astype(float)})
        obs = self_rows.groupby(["year", "a"], as_index=False)["works"].sum()
        obs = pd.DataFrame({"indicator": "OPENALEX.COAUTHORED_WORKS", "jurisdiction": obs["a"],
                            "year": obs["year"].astype(int), "value": obs["works"].astype(float),
                            "source": "OpenAlex", "vintage": self.vintage})
        ind = pd.DataFrame([
            {"code": "OPENALEX.COAUTHOR", "name_en": "Internationally co-authored works between two countries",
             "name_zh": "两国合著论文数", "unit": "works", "source": "OpenAlex (Batagelj 2024)",
             "licence": self.licence, "definition": "Works with authors affiliated in both countries (full count).",
             "formula": None},
            {"code": "OPENALEX.COAUTHORED_WORKS", "name_en": "Internationally co-authored works of a country",
             "name_zh": "国际合著论文数", "unit": "works", "source": "OpenAlex (Batagelj 2024)",
             "licence": self.licence, "definition": "Works of the country with at least one foreign co-author.",
             "formula": None},
        ])
        return Bundle(self.name, {"indicators": ind, "observations": obs, "edges": edges}, unknown)
