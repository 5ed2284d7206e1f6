"""Readers on real files made with real libraries, and every bad input of issue 3: each is refused with a
clear error naming the file and the reason, or read correctly (GB18030, Big5, mixed encodings, scripts)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402

from policyscope.ingest.readers import ReaderError, ReadOptions, iter_files, parse_size, read_bytes, read_path  # noqa: E402
from policyscope.ingest.readers.pdf import page_of_line  # noqa: E402
from policyscope.model import Document  # noqa: E402


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("reader_files")
    f: dict[str, Path] = {}
    f["zh_pdf"] = mk.make_zh_pdf(d / "gwr2025.pdf", n=12)
    f["scan_pdf"] = mk.make_image_only_pdf(d / "scan.pdf")
    f["en_docx"] = mk.make_en_docx(d / "sweden_ai.docx")
    f["encrypted"] = mk.make_encrypted_pdf(f["zh_pdf"], d / "encrypted.pdf")
    f["corrupt"] = mk.make_corrupt_pdf(f["zh_pdf"], d / "corrupt.pdf")
    f["binary"] = mk.make_binary_txt(d / "binary.txt")
    f["huge"] = mk.make_huge(d / "huge.pdf")
    f["bomb"] = mk.make_zip_bomb_docx(f["en_docx"], d / "bomb.docx")
    f["scripts"] = mk.make_script_html(d / "scripts.html")
    f["gb18030"], _ = mk.make_gb18030_txt(d / "gb18030.txt")
    f["big5"], _ = mk.make_big5_html(d / "big5.html")
    f["mixed"], _ = mk.make_mixed_txt(d / "mixed.txt")
    f["empty"] = d / "empty.txt"
    f["empty"].write_bytes(b"")
    return f


def test_chinese_pdf_text_layer_and_page_mapping(files: dict[str, Path]) -> None:
    doc = read_path(files["zh_pdf"])
    assert isinstance(doc, Document)
    assert doc.id == Document.hash_bytes(files["zh_pdf"].read_bytes())
    assert doc.lang == "zh" and not doc.needs_ocr
    assert doc.title.startswith("2025年中华人民共和国国务院政府工作报告")
    # layout line breaks are joined back: a whole paragraph of the source is one line of the stored text
    para = mk.zh_paragraphs(2025, 0, 12)[3]
    assert para[:60] in doc.text
    pages = int(doc.meta["pages"])
    assert pages >= 2
    lines = doc.text.split("\n")
    last_page_start = int(doc.meta["page_lines"].split(",")[-1])
    assert page_of_line(doc, 1) == 1 and page_of_line(doc, len(lines)) == pages
    assert page_of_line(doc, last_page_start) == pages and page_of_line(doc, last_page_start - 1) == pages - 1


def test_pdf_without_text_layer_is_flagged_needs_ocr(files: dict[str, Path]) -> None:
    doc = read_path(files["scan_pdf"])
    assert doc.needs_ocr and doc.text.strip() == ""
    assert "OCR" in doc.meta["warning"]


def test_docx_paragraphs_and_tables(files: dict[str, Path]) -> None:
    doc = read_path(files["en_docx"])
    assert doc.lang == "en" and doc.title == "National approach to artificial intelligence"
    assert "AI research | SEK 1 billion" in doc.text
    first_lines = [ln.strip() for ln in mk.strategy_text().splitlines() if ln.strip()][:5]
    assert all(ln in doc.text for ln in first_lines)


@pytest.mark.parametrize(("key", "reason"), [
    ("encrypted", "encrypted PDF"),
    ("corrupt", "corrupt or truncated PDF"),
    ("empty", "empty file"),
    ("binary", "binary data"),
    ("huge", "above the size limit"),
    ("bomb", "zip bomb"),
])
def test_bad_input_clear_error_naming_file(files: dict[str, Path], key: str, reason: str) -> None:
    with pytest.raises(ReaderError) as info:
        read_path(files[key])
    msg = str(info.value)
    assert str(files[key]) in msg and reason in msg, msg
    assert info.value.source == str(files[key])


def test_huge_file_refused_before_reading(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *a: object, **k: object):  # type: ignore[no-untyped-def]
        opened.append(str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", spy)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    with pytest.raises(ReaderError, match="300.0 MB, above the size limit of 200.0 MB"):
        read_path(files["huge"])
    assert str(files["huge"]) not in opened  # refused from the directory entry: never opened, never read
    # the limit is configurable
    with pytest.raises(ReaderError, match="above the size limit of 10.0 KB"):
        read_path(files["zh_pdf"], ReadOptions(max_size=parse_size("10KB")))


def test_zip_bomb_limits_are_configurable(files: dict[str, Path]) -> None:
    with pytest.raises(ReaderError, match="uncompressed"):
        read_path(files["bomb"], ReadOptions(max_ratio=1e9, max_uncompressed=50 * 1024 * 1024))
    with pytest.raises(ReaderError, match="members"):
        read_path(files["en_docx"], ReadOptions(max_members=3))


def test_html_scripts_and_styles_never_become_text(files: dict[str, Path]) -> None:
    doc = read_path(files["scripts"])
    assert "function" not in doc.text and "document.write" not in doc.text and "color: red" not in doc.text
    assert "广告" not in doc.text and "alert" not in doc.text
    assert mk.zh_paragraphs(2024, 2, 6)[1][:40] in doc.text
    assert doc.title == "2024年政府工作报告"


def test_gb18030_text_decoded(files: dict[str, Path]) -> None:
    doc = read_path(files["gb18030"])
    assert doc.meta["encoding"] == "gb18030"
    assert mk.zh_paragraphs(2023, 0, 8)[2] in doc.text


def test_big5_html_decoded(files: dict[str, Path]) -> None:
    doc = read_path(files["big5"])
    assert doc.meta["encoding"] in ("big5hkscs", "big5")
    assert doc.title == "政府工作報告" and "國務院" in doc.text and "黨中央" in doc.text


def test_mixed_encodings_read_line_by_line(files: dict[str, Path]) -> None:
    doc = read_path(files["mixed"])
    assert doc.meta["encoding"] == "mixed(gb18030+utf-8)"
    for para in mk.zh_paragraphs(2021, 0, 4):
        assert para in doc.text


def test_random_bytes_without_nul_refused(tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)
    data = bytes(rnd.choice(range(128, 256)) for _ in range(5000))
    p = tmp_path / "noise.txt"
    p.write_bytes(data)
    with pytest.raises(ReaderError, match="not decodable as text"):
        read_path(p)


def test_unsupported_and_missing(tmp_path: Path) -> None:
    p = tmp_path / "table.xlsx"
    p.write_bytes(b"PK\x03\x04not really")
    with pytest.raises(ReaderError, match="not a valid DOCX|unsupported"):
        read_path(p)
    with pytest.raises(ReaderError, match="file not found"):
        read_path(tmp_path / "nope.pdf")


def test_read_bytes_sniffs_format(files: dict[str, Path]) -> None:
    data = files["zh_pdf"].read_bytes()
    doc = read_bytes(data, "https://example.org/download?id=3", content_type="application/octet-stream")
    assert doc.meta["format"] == "pdf" and doc.id == Document.hash_bytes(data)


def test_folders_walked_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x", "utf-8")
    (tmp_path / "a" / "y.md").write_text("y", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "z.txt").write_text("z", "utf-8")
    names = [p.name for p in iter_files([tmp_path])]
    assert names == ["y.md", "x.txt"] or sorted(names) == ["x.txt", "y.md"]
