"""One entry point that builds a report object of any type; the CLI, the web pages, the tests and the
benchmark all call it, so a report is assembled in one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policyscope.errors import InputError
from policyscope.store.database import Database


def build_report(db: Database, kind: str, lang: str, *, jurisdictions: list[str] | None = None, year: int | None = None,
                 date_from: str | None = None, date_to: str | None = None, review: str = "auto",
                 issue: str | None = None, masthead: Any = None, edition: Path | None = None) -> Any:
    """Build one report object (the same call the command, the web pages and the tests use). ``masthead``: a
    newsletter's :class:`policyscope.report.model.Masthead` (institution, 第N期, 总第N期, date); ``edition``:
    the analysts' edition file merged into it (drafts added where text is missing, see report.edition)."""
    rep = _build(db, kind, lang, jurisdictions=jurisdictions, year=year, date_from=date_from, date_to=date_to,
                 review=review, issue=issue, masthead=masthead)
    _add_citation(db, rep, lang)
    if edition is not None:
        from policyscope.report.edition import merge

        rep = merge(rep, edition)
    return rep


def _add_citation(db: Database, rep: Any, lang: str) -> None:
    """Every report says how to cite it (the same sentence as `policyscope cite`)."""
    from policyscope.store.citation import dataset_citation

    head = "引用：" if lang == "zh" else "Cite as: "
    rep.cover_lines.append(head + dataset_citation(db).text(lang))


def _build(db: Database, kind: str, lang: str, *, jurisdictions: list[str] | None, year: int | None,
           date_from: str | None, date_to: str | None, review: str, issue: str | None, masthead: Any = None) -> Any:
    from policyscope.report.context import Ctx
    from policyscope.report.types.common import review_states_for

    ctx = Ctx(db, lang, review_states=review_states_for(db, review))
    if kind == "flagship":
        from policyscope.report.types.flagship import build_flagship

        return build_flagship(ctx, year)
    if kind == "country":
        from policyscope.report.types.profile import build_country

        if not jurisdictions:
            raise InputError("a country report needs --jurisdiction (e.g. --jurisdiction CHN or 中国)")
        return build_country(ctx, jurisdictions[0], year, peers=jurisdictions[1:] or None, date_from=date_from,
                             date_to=date_to)
    if kind == "compare":
        from policyscope.report.types.profile import build_compare

        return build_compare(ctx, jurisdictions or [], year, date_from=date_from, date_to=date_to)
    if kind == "newsletter":
        from policyscope.report.types.newsletter import build_newsletter

        if not (date_from and date_to):
            raise InputError("a newsletter needs --from and --to (e.g. --from 2024-01-01 --to 2024-03-31)")
        return build_newsletter(ctx, date_from, date_to, issue=issue, head=masthead)
    raise InputError(f"unknown report type {kind!r} (use flagship, country, compare or newsletter)")


def basename(kind: str, jurisdictions: list[str] | None) -> str:
    """File stem of a report: the type, plus the jurisdictions of country and compare reports."""
    if kind in ("country", "compare") and jurisdictions:
        from policyscope.report.types.profile import resolve

        return f"{kind}-{'-'.join(resolve(jurisdictions))}"
    return kind
