"""URL ingest on recorded responses (tests/ingest/recorded) replayed with httpx.MockTransport: the same code
path as live fetching, never the network."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from policyscope.ingest.fetch import fetch_all, read_url_list
from policyscope.ingest.readers import ReaderError, ReadOptions
from policyscope.model import Document

REC = Path(__file__).parent / "recorded"
MANIFEST = json.loads((REC / "manifest.json").read_text("utf-8"))
HTML_URL = "http://www.gov.cn/zhengce/content/2008-03/28/content_2666.htm"
PDF_URL = "https://www.gov.cn/gongbao/2025/content/gwr2025.pdf"
MISSING_URL = "https://www.gov.cn/zhengce/missing.htm"


def replay(request: httpx.Request) -> httpx.Response:
    rec = MANIFEST.get(str(request.url))
    if rec is None:
        return httpx.Response(404, text="not recorded")
    body = (REC / rec["body"]).read_bytes() if "body" in rec else rec["text"].encode("utf-8")
    return httpx.Response(rec["status"], headers=rec["headers"], content=body)


def transport() -> httpx.MockTransport:
    return httpx.MockTransport(replay)


def test_recorded_gb2312_page_and_pdf(tmp_path: Path) -> None:
    results = dict(fetch_all([HTML_URL, PDF_URL, MISSING_URL], ReadOptions(), transport=transport()))
    page = results[HTML_URL]
    assert isinstance(page, Document)
    assert page.meta["encoding"] == "gb18030" and page.lang == "zh"
    assert "关于加快关停小火电机组若干意见" in page.title
    assert "小火电机组" in page.text and "_hmt" not in page.text and "font-size" not in page.text
    assert page.id == Document.hash_bytes((REC / "gov_cn_policy.html").read_bytes())
    pdf = results[PDF_URL]
    assert isinstance(pdf, Document) and pdf.meta["format"] == "pdf" and "政府工作报告" in pdf.title
    err = results[MISSING_URL]
    assert isinstance(err, ReaderError) and MISSING_URL in str(err) and "HTTP 404" in str(err)


def test_size_limit_applies_to_downloads() -> None:
    res = dict(fetch_all([PDF_URL], ReadOptions(max_size=100_000), transport=transport()))
    err = res[PDF_URL]
    assert isinstance(err, ReaderError) and "above the size limit" in str(err) and PDF_URL in str(err)


def test_connection_error_is_reported_not_raised() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    res = dict(fetch_all([HTML_URL], ReadOptions(), transport=httpx.MockTransport(down)))
    assert isinstance(res[HTML_URL], ReaderError) and "cannot fetch (ConnectError" in str(res[HTML_URL])


def test_url_list_file(tmp_path: Path) -> None:
    f = tmp_path / "urls.txt"
    f.write_text(f"# inbox\n{HTML_URL}\n\n{PDF_URL}\n", "utf-8")
    assert read_url_list(f) == [HTML_URL, PDF_URL]
    f.write_text("ftp://example.org/x\n", "utf-8")
    with pytest.raises(ValueError, match="line 1"):
        read_url_list(f)
