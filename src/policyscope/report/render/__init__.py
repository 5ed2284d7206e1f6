"""Renderers: HTML (self-contained), PDF (WeasyPrint), Word (python-docx), Markdown."""

from __future__ import annotations

from pathlib import Path

from policyscope.errors import InputError
from policyscope.report.model import Report
from policyscope.report.render.common import Images

FORMATS = ("html", "pdf", "docx", "md")


def render(report: Report, formats: list[str] | tuple[str, ...], out_dir: Path, basename: str,
           images: Images | None = None) -> list[Path]:
    """Write the report in each format to ``out_dir/basename.<lang>.<ext>``; charts are rendered once."""
    from policyscope.report.render.docx import write_docx
    from policyscope.report.render.html import write_html
    from policyscope.report.render.md import write_md
    from policyscope.report.render.pdf import write_pdf

    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise InputError(f"unknown report format {', '.join(bad)} (use {', '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    images = images or Images(report)
    images.prepare(png=bool({"docx", "md"} & set(formats)))
    writers = {"html": write_html, "pdf": write_pdf, "docx": write_docx, "md": write_md}
    paths = []
    for f in formats:
        p = out_dir / f"{basename}.{report.lang}.{f}"
        if f == "md":  # its figures go to a folder named after the final file
            writers[f](report, p, images)
        else:  # write beside and rename, so a failed render never leaves half a file under the final name
            tmp = p.with_name(p.name + ".part")
            writers[f](report, tmp, images)
            tmp.replace(p)
        paths.append(p)
    return paths
