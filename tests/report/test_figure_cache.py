"""Figures rendered once and reused (issue 11 point 7): a rebuild with unchanged specs reads every figure from
the output folder's cache instead of calling vl-convert, gets the same bytes, and renders afresh what changed;
a broken cache costs time, never a report."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from policyscope.report import charts as C
from policyscope.report.model import FigureBlock, Report, Section
from policyscope.report.render.common import FigureCache, Images, chart_cache


def _report(title: str = "研发投入") -> Report:
    spec = C.bar(pd.DataFrame({"name": ["美国", "中国"], "v": [27.5, 22.1]}), "name", "v",
                 C.ChartMeta(title=title, units="%", source="世界银行", lang="zh"))
    fig = FigureBlock(key="fig-rd", caption=title, spec=spec, source="世界银行")
    return Report(kind="flagship", lang="zh", title="t", sections=[Section(key="s", title="s", blocks=[fig])]).number()


def _no_vl_convert(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("vl-convert called although the figure is in the cache")
    monkeypatch.setattr(C, "to_svg", refuse)
    monkeypatch.setattr(C, "svg_to_png", refuse)


def test_spec_key_ignores_key_order_and_follows_content() -> None:
    spec = _report().figures()[0].spec
    shuffled = dict(reversed(list(spec.items())))
    assert C.spec_key(spec) == C.spec_key(shuffled)
    assert C.spec_key(spec) != C.spec_key(_report("研发强度").figures()[0].spec)


def test_a_rebuild_reads_the_same_figures_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = chart_cache(tmp_path)
    first = Images(_report(), cache)
    first.prepare(png=True)
    f = first.report.figures()[0]
    assert sorted(p.suffix for p in cache.folder.iterdir()) == [".png", ".svg"]
    assert first.svg(f) == Images(_report()).svg(f)  # what the cache holds is what vl-convert gives

    _no_vl_convert(monkeypatch)
    again = Images(_report(), chart_cache(tmp_path))
    again.prepare(png=True)
    assert again.svg(f) == first.svg(f) and again.png(f) == first.png(f)
    assert again.png(f)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_changed_spec_is_rendered_afresh(tmp_path: Path) -> None:
    Images(_report(), chart_cache(tmp_path)).prepare(png=False)
    changed = Images(_report("研发强度"), chart_cache(tmp_path))
    changed.prepare(png=False)
    assert "研发强度" in changed.svg(changed.report.figures()[0])
    assert len(list(chart_cache(tmp_path).folder.glob("*.svg"))) == 2


def test_an_unusable_cache_folder_still_gives_the_figures(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    images = Images(_report(), FigureCache(blocked / "charts"))
    images.prepare(png=True)
    assert "研发投入" in images.svg(images.report.figures()[0])


def test_the_cache_keeps_the_most_recently_used_files(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path, keep=2)
    for i, name in enumerate(("a.svg", "b.svg", "c.svg")):
        cache.put(name, b"x")
        os.utime(tmp_path / name, ns=(i * 10**9, i * 10**9))
    assert cache.get("a.svg") == b"x"  # used now: the newest
    cache.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "c.svg"]


def test_a_worker_process_writes_what_this_process_writes(tmp_path: Path) -> None:
    """report.batch (what `report build` uses for several languages): the report pickled to a worker forked from a clean server gives the same files."""
    from policyscope.report.batch import RenderPool
    from policyscope.report.render import render

    render(_report(), ["md", "html"], tmp_path / "here", "t")
    with RenderPool(1) as pool:
        done = pool.submit(_report(), ["md", "html"], tmp_path / "there", "t", chart_cache(tmp_path).folder).result()
    assert [p.name for p in done.paths] == ["t.zh.md", "t.zh.html"] and set(done.timings) == {"charts", "md", "html"}
    for name in ("t.zh.md", "t.zh.html", "t.zh.files/fig-rd.png"):
        assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_report_build_uses_one_worker_per_language_only_where_there_are_cores(monkeypatch) -> None:
    """Several languages on a machine with two cores: one worker each; one language or one core: none."""
    from policyscope.report import batch

    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)
    assert (batch.default_workers(1), batch.default_workers(2), batch.default_workers(3)) == (0, 2, 2)
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 1)
    assert batch.default_workers(2) == 0
