"""Markdown: headings, sentences, pipe tables, figures as PNG files beside the document.

Text from documents is escaped (``\\ < > [ ]``): a Markdown viewer would otherwise turn a hostile title into
raw HTML or a link."""

from __future__ import annotations

from pathlib import Path

from policyscope.report.model import Report, Sentence
from policyscope.report.narrative import label
from policyscope.report.render.common import Images, caption, masthead_date, outline, section_notes

_MD_SPECIAL = str.maketrans({"\\": "\\\\", "<": "\\<", ">": "\\>", "[": "\\[", "]": "\\]"})


def _esc(v: object) -> str:
    """Text as Markdown that renders as the same text: no HTML, no links."""
    return str(v).translate(_MD_SPECIAL)


def _cell(v: str) -> str:
    return _esc(v).replace("|", "\\|").replace("\n", " ")


def _refs(st: Sentence) -> str:
    """Markdown footnote calls ([^n]), numbered on through the report."""
    return "".join(f"[^{n}]" for n in range(st.note_start, st.note_start + len(st.notes)))


def to_markdown(report: Report, images: Images | None, asset_dir: Path | None) -> str:
    lang = report.lang
    src = "来源：" if lang == "zh" else "Source: "
    out: list[str] = [f"# {_esc(report.title)} {_esc(report.subtitle)}".rstrip(), ""]
    issued = masthead_date(report) if report.masthead else label(lang, "generated", date=report.date)
    meta = [report.issuer, report.issue, issued, *report.cover_lines]
    out += [f"*{_esc(m)}*  " for m in meta if m] + [""]
    if report.highlights:
        out += [f"## {label(lang, 'highlights')}", ""] + [f"{i}. {_esc(h)}" for i, h in enumerate(report.highlights, 1)] + [""]
    heads = outline(report)
    out += [f"## {label(lang, 'toc')}", ""]
    out += [("  " if h.level == 2 else "") + f"- [{_esc(h.text)}](#{h.anchor})" for h in heads] + [""]
    for h in heads:
        s = h.section
        out += [f'<a id="{h.anchor}"></a>', "", ("## " if h.level == 1 else "### ") + _esc(h.text), ""]
        for b in s.blocks:
            if b.kind == "paragraph":
                text = ("" if lang == "zh" else " ").join(_esc(st.text) + _refs(st) for st in b.sentences)
                out += [f"*{text}*" if b.style == "note" else text, ""]
            elif b.kind == "figure":
                cap = _esc(caption(report, "figure", b.number, b.caption))
                if images is not None and asset_dir is not None:
                    asset_dir.mkdir(parents=True, exist_ok=True)
                    f = asset_dir / f"{b.key}.png"
                    f.write_bytes(images.png(b))
                    out += [f"![{cap}]({asset_dir.name}/{f.name})", ""]
                out += [f"**{cap}**", "", src + _esc(b.source), ""]
            elif b.kind == "table":
                out += [f"**{_esc(caption(report, 'table', b.number, b.caption))}**", ""]
                out.append("| " + " | ".join(_cell(c) for c in b.columns) + " |")
                out.append("|" + "|".join("---:" if (b.align and b.align[i] == "r") else "---"
                                          for i in range(len(b.columns))) + "|")
                out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in b.rows]
                out += ["", src + _esc(b.source), ""]
            elif b.kind == "items":
                for i, it in enumerate(b.items, 1):
                    num = str(label(lang, "numbered", i=i)) if lang == "zh" else f"{i}. "
                    out += [f"{num}{_esc(it.text)}{_refs(it)}", ""]
            elif b.kind == "notes":
                out += [f"> \\[{i}\\] {_esc(n)}  " for i, n in enumerate(b.notes, b.start)] + [""]
        out += [f"[^{n}]: {_esc(t)}" for n, t in section_notes(s)] + ([""] if section_notes(s) else [])
    return "\n".join(out) + "\n"


def write_md(report: Report, path: Path, images: Images | None = None) -> Path:
    images = images or Images(report)
    path.write_text(to_markdown(report, images, path.parent / f"{path.stem}.files"), encoding="utf-8")
    return path
