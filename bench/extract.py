"""Text pipeline + event extraction benchmark: MB/s per core on Chinese and English corpora, printed beside
raw ``jieba.lcut`` on the same Chinese texts in the same run, plus ``tokenize`` (search tokens) and events/s.

Targets (issue 3): Chinese pipeline ≥ 0.5× jieba.lcut; English ≥ 5 MB/s. Issue 10: the rows "+ document_meta" add
reading the document's own title, issuer, number and dates (run at an older commit, the script skips them).

Times are CPU seconds of this process (``time.process_time``), best of ``--repeat`` runs: the machine is shared,
and wall-clock time mostly measured the other processes. A second table splits English extraction into its
document-level passes (the rest is the per-sentence assembly of events).

    .venv/bin/python bench/extract.py [--limit-en 759] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def chinese_texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    with (DATA / "china_policy_corpus" / "government_work_reports_1954_2025.jsonl").open(encoding="utf-8") as f:
        out += [json.loads(line)["content"] for line in f if line.strip()]
    csv.field_size_limit(2**31 - 1)
    with (DATA / "china_policy_corpus" / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as f:
        out += [r["Policy_Content"] for r in csv.DictReader(f) if r["Policy_Content"].strip()]
    return out


def english_texts(limit: int | None) -> list[str]:
    out = []
    with (DATA / "agora_ai_governance" / "fulltext.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line)["text"])
            if limit and len(out) >= limit:
                break
    return out


def timed(fn, texts: list[str], repeat: int = 1) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Best CPU time of ``repeat`` runs of ``fn`` over the texts, and the total length of the results."""
    best, n = float("inf"), 0
    for _ in range(repeat):
        t0 = time.process_time()
        n = 0
        for t in texts:
            r = fn(t)
            n += len(r) if hasattr(r, "__len__") else 0
        best = min(best, time.process_time() - t0)
    return best, n


def stages(texts: list[str], repeat: int) -> list[tuple[str, float]]:
    """CPU seconds of each document-level pass of the extractor on (normalised) texts."""
    from policyscope.ingest.extract.amounts import find_amounts
    from policyscope.ingest.extract.dates import find_dates
    from policyscope.ingest.extract.gazetteer import gazetteer
    from policyscope.ingest.extract.titles import find_titles
    from policyscope.ingest.text.headings import detect_headings
    from policyscope.ingest.text.normalize import normalize
    from policyscope.ingest.text.sentences import split_sentences

    norm = [normalize(t).match for t in texts]
    out = [("normalise", timed(normalize, texts, repeat)[0]),
           ("jurisdiction gazetteer", timed(gazetteer().find, norm, repeat)[0]),
           ("titles", timed(find_titles, norm, repeat)[0]),
           ("amounts", timed(find_amounts, norm, repeat)[0]),
           ("dates", timed(find_dates, norm, repeat)[0]),
           ("headings", timed(detect_headings, norm, repeat)[0]),
           ("sentences (all paragraphs)", timed(split_sentences, norm, repeat)[0])]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit-en", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs (CPU time)")
    args = ap.parse_args()
    import jieba

    from policyscope.ingest.extract import extract_events
    from policyscope.ingest.text import tokenize

    jieba.setLogLevel(logging.WARNING)
    zh, en = chinese_texts(), english_texts(args.limit_en)
    # warm-up: dictionaries, gazetteers, exchange rates are loaded once per process
    from policyscope.sources import fx

    fx.rate("EUR", 2020)  # the exchange-rate tables (pandas) load once per process
    jieba.lcut("预热"), tokenize("预热人工智能", "zh"), extract_events(zh[0]), extract_events(en[0])
    mb_zh = sum(len(t.encode("utf-8")) for t in zh) / 1e6
    mb_en = sum(len(t.encode("utf-8")) for t in en) / 1e6
    r = args.repeat
    t_jieba, _ = timed(jieba.lcut, zh, r)
    t_zh, ev_zh = timed(extract_events, zh, r)
    t_tok, _ = timed(lambda t: tokenize(t, "zh"), zh, r)
    t_en, ev_en = timed(extract_events, en, r)
    t_tok_en, _ = timed(lambda t: tokenize(t, "en"), en, r)
    try:  # the document's own title, issuer, number and dates (issue 10); absent before it
        from policyscope.ingest.extract.docmeta import document_meta
    except ImportError:
        document_meta = None
    t_meta_zh = timed(document_meta, zh, r)[0] if document_meta else None
    t_meta_en = timed(document_meta, en, r)[0] if document_meta else None
    tab = Table(title="Text pipeline + extraction, one core, CPU time / 文本处理与抽取（单核，CPU 时间）")
    for c in ("corpus 语料", "MB", "step 步骤", "MB/s", "× jieba.lcut", "events/s 事件每秒"):
        tab.add_column(c)
    tab.add_row("zh", f"{mb_zh:.2f}", "jieba.lcut (raw)", f"{mb_zh / t_jieba:.3f}", "1.00", "")
    tab.add_row("zh", f"{mb_zh:.2f}", "extract_events", f"{mb_zh / t_zh:.3f}", f"{t_jieba / t_zh:.2f}", f"{ev_zh / t_zh:.0f}")
    tab.add_row("zh", f"{mb_zh:.2f}", "extract_events + tokenize", f"{mb_zh / (t_zh + t_tok):.3f}",
                f"{t_jieba / (t_zh + t_tok):.2f}", "")
    if t_meta_zh is not None:
        tab.add_row("zh", f"{mb_zh:.2f}", "extract_events + document_meta", f"{mb_zh / (t_zh + t_meta_zh):.3f}",
                    f"{t_jieba / (t_zh + t_meta_zh):.2f}", "")
    tab.add_row("en", f"{mb_en:.2f}", "extract_events", f"{mb_en / t_en:.3f}", "", f"{ev_en / t_en:.0f}")
    if t_meta_en is not None:
        tab.add_row("en", f"{mb_en:.2f}", "extract_events + document_meta", f"{mb_en / (t_en + t_meta_en):.3f}", "", "")
    tab.add_row("en", f"{mb_en:.2f}", "tokenize", f"{mb_en / t_tok_en:.3f}", "", "")
    Console().print(tab)
    st = Table(title="English extraction by pass, CPU s (of extract_events) / 英文抽取各步骤")
    for c in ("pass 步骤", "CPU s", "MB/s"):
        st.add_column(c)
    for name, sec in stages(en, r):
        st.add_row(name, f"{sec:.3f}", f"{mb_en / sec:.1f}")
    st.add_row("extract_events (total)", f"{t_en:.3f}", f"{mb_en / t_en:.2f}")
    Console().print(st)
    Console().print("Targets (issue 3): zh ≥ 0.5 × jieba.lcut; en ≥ 5 MB/s per core. "
                    "(Sentences are split only in paragraphs with something to extract; the row above splits all.)")


if __name__ == "__main__":
    main()
