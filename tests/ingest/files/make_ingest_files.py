"""Real test files made with real libraries from real texts in ../shared/data: a Chinese PDF (WeasyPrint,
Noto CJK), an English DOCX (python-docx), and every kind of bad input of issue 3."""

from __future__ import annotations

import csv
import json
import os
import zipfile
from pathlib import Path

DATA = Path(os.environ.get("POLICYSCOPE_SHARED", Path(__file__).resolve().parents[3].parent / "shared")) / "data"


def gov_report(year: int = 2025) -> dict[str, str]:
    with (DATA / "china_policy_corpus" / "government_work_reports_1954_2025.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(year) in rec["title"][:4]:
                return rec
    raise LookupError(year)


def climate_policies(n: int = 3) -> list[dict[str, str]]:
    with (DATA / "china_policy_corpus" / "gccmpd_gov_prc_climate_policies.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return rows[-n:]


def strategy_text(name: str = "2019-SE-en.txt") -> str:
    return (DATA / "national_ai_strategies" / "text" / name).read_text("utf-8")


def zh_paragraphs(year: int = 2025, start: int = 0, n: int = 40) -> list[str]:
    paras = [p.strip().replace("\u200b", "") for p in gov_report(year)["content"].split("\n") if len(p.strip()) > 30]
    return paras[start:start + n]


def make_zh_pdf(path: Path, year: int = 2025, n: int = 30) -> Path:
    from weasyprint import HTML

    rec = gov_report(year)
    body = "".join(f"<p>{p}</p>" for p in zh_paragraphs(year, 0, n))
    html = (f"<html><head><meta charset='utf-8'><title>{rec['title']}</title><style>body{{font-family:"
            f"'Noto Sans CJK SC'; font-size: 11pt}}</style></head><body><h1>{rec['title']}</h1>{body}</body></html>")
    HTML(string=html).write_pdf(path)
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A PDF whose page is a drawing only (no text layer), like a scan."""
    from weasyprint import HTML

    svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='300'><rect x='10' y='10' width='380' "
           "height='280' fill='#ccc'/><circle cx='200' cy='150' r='80' fill='#333'/></svg>")
    HTML(string=f"<html><body>{svg}</body></html>").write_pdf(path)
    return path


def make_en_docx(path: Path, name: str = "2019-SE-en.txt", n: int = 60) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "National approach to artificial intelligence"
    lines = [ln.strip() for ln in strategy_text(name).splitlines() if ln.strip()][:n]
    d.add_heading(lines[0], 1)
    for ln in lines[1:]:
        d.add_paragraph(ln)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Programme", "Budget"
    t.cell(1, 0).text, t.cell(1, 1).text = "AI research", "SEK 1 billion"
    d.save(path)
    return path


def make_encrypted_pdf(src: Path, path: Path) -> Path:
    import pypdf

    w = pypdf.PdfWriter()
    w.append(pypdf.PdfReader(src))
    w.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as fh:
        w.write(fh)
    return path


def make_corrupt_pdf(src: Path, path: Path) -> Path:
    data = src.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_binary_txt(path: Path) -> Path:
    # real binary data: the gzip-compressed WDI file
    path.write_bytes((DATA / "wdi_innovation" / "wdi_selected_long.csv.gz").read_bytes()[:200_000])
    return path


def make_huge(path: Path, size: int = 300 * 1024 * 1024) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: takes no disk space and must never be read
    return path


def make_zip_bomb_docx(src_docx: Path, path: Path, inflated: int = 120 * 1024 * 1024) -> Path:
    """A real DOCX with one extra, highly compressible member."""
    with zipfile.ZipFile(src_docx) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        with zout.open("word/media/bomb.bin", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated >> 20):
                fh.write(chunk)
    return path


def make_script_html(path: Path) -> Path:
    paras = zh_paragraphs(2024, 2, 6)
    scripts = "".join(f"<script>var x{i} = function() {{ document.write('广告{i}'); }};</script>" for i in range(200))
    styles = "".join(f"<style>.c{i} {{ color: red; }}</style>" for i in range(50))
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>2024年政府工作报告</title>{styles}{scripts}"
            f"</head><body><nav>首页 | 新闻 | 登录</nav>{scripts}<article><h1>2024年政府工作报告</h1>{body}"
            f"</article><script>alert('x')</script><footer>版权所有</footer></body></html>")
    path.write_text(html, encoding="utf-8")
    return path


def make_gb18030_txt(path: Path) -> tuple[Path, str]:
    text = "\n".join(zh_paragraphs(2023, 0, 8))
    path.write_bytes(text.encode("gb18030"))
    return path, text


def make_big5_html(path: Path) -> tuple[Path, str]:
    import opencc

    trad = opencc.OpenCC("s2t").convert("\n".join(zh_paragraphs(2022, 0, 6)))
    body = "".join(f"<p>{p}</p>" for p in trad.split("\n"))
    html = f"<html><head><meta charset='big5'><title>政府工作報告</title></head><body>{body}</body></html>"
    path.write_bytes(html.encode("big5hkscs", errors="ignore"))
    return path, trad


def make_mixed_txt(path: Path) -> tuple[Path, list[str]]:
    a, b = zh_paragraphs(2021, 0, 2), zh_paragraphs(2021, 2, 2)
    data = ("\n".join(a) + "\n").encode("utf-8") + "\n".join(b).encode("gbk")
    path.write_bytes(data)
    return path, a + b
