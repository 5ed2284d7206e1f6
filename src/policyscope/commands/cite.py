"""``policyscope cite``: how to cite the observatory, an event or an indicator (with its original source)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from policyscope.commands.common import DbOption, friendly_errors
from policyscope.errors import InputError
from policyscope.store.database import open_db


class CiteFormat(StrEnum):
    text = "text"
    csl = "csl"
    bibtex = "bibtex"
    ris = "ris"


class CiteLang(StrEnum):
    en = "en"
    zh = "zh"


@friendly_errors
def cite_cmd(
    fmt: Annotated[CiteFormat, typer.Option("--format", "-f", help="text, csl (CSL-JSON), bibtex or ris.")]
    = CiteFormat.text,
    event: Annotated[str | None, typer.Option("--event", help="Cite one event (id) and its original source.")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Cite one indicator (code) and its source.")]
    = None,
    lang: Annotated[CiteLang, typer.Option("--lang", help="Language of titles: en or zh.")] = CiteLang.en,
    url: Annotated[str | None, typer.Option("--url", help="URL to cite (default $POLICYSCOPE_PUBLIC_URL or the "
                                                           "local server).")] = None,
    db: DbOption = None,
) -> None:
    """Print a citation: dataset, version (build stamp), access date, URL, and the original source.
    打印引用信息：数据集、版本（构建时间）、访问日期、网址及原始来源。

    Example: policyscope cite --format bibtex --indicator GB.XPD.RSDV.GD.ZS
    """
    from policyscope.store.citation import dataset_citation, event_citation, indicator_citation, render

    if event and indicator:
        raise InputError("give --event or --indicator, not both")
    with open_db(db, read_only=True) as d:
        if event:
            c = event_citation(d, event, url=url)
        elif indicator:
            c = indicator_citation(d, indicator, url=url)
        else:
            c = dataset_citation(d, url=url)
    sys.stdout.write(render(c, fmt.value, lang.value).rstrip("\n") + "\n")
