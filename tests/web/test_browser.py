"""End to end in Debian's headless chromium against the real server (`policyscope serve` in a subprocess).

Screenshots go to test-artifacts/web-*.png. Any console error (a CSP violation, a script error, a failed
load) fails the test that caused it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.web.conftest import EDITOR, REAL_EVENT_ID

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Browser, live_server) -> Iterator[Page]:
    server, _ = live_server
    ctx = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True,
                              locale="en-US")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    assert not errors, errors


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"web-{name}.png"), full_page=False)


def test_search_chinese_and_english(page: Page, artifacts: Path) -> None:
    page.goto("/")
    page.fill("input[name=q]", "人工智能")
    page.press("input[name=q]", "Enter")
    expect(page.locator("li.hit").first).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    assert page.locator("li.hit").count() >= 5
    shot(page, artifacts, "search-zh")
    page.fill("#q", "semiconductor")
    page.press("#q", "Enter")
    expect(page.locator("li.hit").first).to_be_visible()
    marks = page.locator(".snippet mark").all_inner_texts()
    assert any(m.lower().startswith("semiconductor") for m in marks), marks
    shot(page, artifacts, "search-en")


def test_event_evidence_links_to_the_document_line(page: Page, artifacts: Path, live_server) -> None:
    _, info = live_server
    page.goto("/events?q=Web+test&review_state=all")
    page.click(f"a[href='/events/{REAL_EVENT_ID}']")
    expect(page.locator("#event-title")).to_contain_text("Web test")
    expect(page.locator("blockquote.quote").first).to_have_text(info["quote"])
    shot(page, artifacts, "event")
    page.click("a.evidence-link")
    line = page.locator(f"#L{info['line']}")
    expect(line).to_have_class(re.compile(r"\btarget\b"))
    assert page.evaluate("window.scrollY") > 0  # scrolled down to the quoted line
    assert info["quote"] in line.inner_text()
    shot(page, artifacts, "document-line")


def test_language_switch(page: Page, artifacts: Path) -> None:
    page.goto("/events")
    expect(page.locator("h1")).to_contain_text("Events")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_contain_text("政策事件")
    expect(page.locator("header nav")).to_contain_text("搜索")
    shot(page, artifacts, "events-zh")
    page.goto("/jurisdictions/CHN")
    expect(page.locator("h1")).to_contain_text("中国")
    expect(page.locator("#timeline-chart svg")).to_be_visible()
    shot(page, artifacts, "profile-zh")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_contain_text("China")


def test_indicator_chart_csv_and_permalink(page: Page, artifacts: Path) -> None:
    page.goto("/explore")
    page.select_option("#indicator", "GERD_USD")
    page.fill("input[name=j]", "CHN,USA,DEU")
    page.fill("input[name=from]", "2010")
    page.click("#explore-form button")
    chart = page.locator("#explore-chart svg")
    expect(chart).to_be_visible()
    assert page.locator("#explore-chart path").count() > 3  # lines drawn
    shot(page, artifacts, "explore")
    with page.expect_download() as dl:
        page.click("#dl-csv")
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text("utf-8"))))
    assert {r["jurisdiction"] for r in rows} == {"CHN", "USA", "DEU"}
    assert all(r["indicator"] == "GERD_USD" and int(r["year"]) >= 2010 for r in rows)
    table = page.locator("#explore-table").inner_text()
    permalink = page.get_attribute("#permalink", "href")
    page.goto("/")
    page.goto(permalink)
    expect(page.locator("#explore-chart svg")).to_be_visible()
    assert page.locator("#explore-table").inner_text() == table
    with page.expect_download() as svg:
        page.click("#dl-svg")
    assert Path(svg.value.path()).read_text("utf-8").lstrip().startswith("<svg")


def test_world_map_slider_table_and_phone(page: Page, browser: Browser, artifacts: Path, live_server) -> None:
    page.goto("/map")
    expect(page.locator("#map-chart svg")).to_be_visible()
    expect(page.locator("#map-chart path").nth(150)).to_be_attached()  # every country drawn (the atlas
    # arrives after the page), grey where no value
    shot(page, artifacts, "map")
    first = page.locator("#map-table tbody tr").first.inner_text()
    page.click("#map-table thead th:nth-child(3)")  # sort by value, ascending
    assert page.locator("#map-table tbody tr").first.inner_text() != first
    page.locator("#map-year").fill("2015")  # the slider submits its form
    page.locator("#map-year").dispatch_event("change")
    page.wait_for_url("**year=2015**")
    expect(page.locator("#map-coverage")).to_contain_text("2015")
    page.select_option("#map-kind", "events")
    page.click("#map-form button")
    expect(page.locator("#map-domain")).to_be_visible()
    server, _ = live_server
    phone = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    pg = phone.new_page()
    pg.goto("/map?kind=events&domains=ai&types=strategy")
    expect(pg.locator("#map-chart svg")).to_be_visible()
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # no page wider than the phone
    pg.screenshot(path=str(artifacts / "web-map-phone.png"))
    phone.close()


PHONE_PAGES = ("/", "/search?q=人工智能", "/events", "/documents", "/jurisdictions", "/jurisdictions/CHN", "/explore",
               "/map", "/compare", "/network", "/reports", "/indicators", "/coverage", "/analyze", "/login")


def test_no_page_is_wider_than_a_phone(browser: Browser, artifacts: Path, live_server) -> None:
    server, info = live_server
    for lang in ("zh", "en"):
        ctx = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        for path in (*PHONE_PAGES, "/events/ev_web_test_real", f"/documents/{info['doc_id']}"):
            sep = "&" if "?" in path else "?"
            resp = pg.goto(f"{path}{sep}lang={lang}")
            assert resp.status == 200, (path, pg.content()[-3000:])
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} ({lang}) is {width} px wide on a 390 px phone"
        expect(pg.locator("#site-nav")).to_be_hidden()  # the menu folds behind its button
        pg.click("#menu-btn")
        expect(pg.locator("#site-nav")).to_be_visible()
        pg.screenshot(path=str(artifacts / f"web-phone-menu-{lang}.png"))
        ctx.close()
        assert not errors, errors


def test_compare_and_network_render(page: Page, artifacts: Path) -> None:
    page.goto("/compare?j=CHN,USA,JPN,DEU")
    expect(page.locator("#compare-radar svg")).to_be_visible()
    shot(page, artifacts, "compare")
    page.goto("/network?focus=CHN")
    expect(page.locator("#network-chart svg")).to_be_visible()
    shot(page, artifacts, "network")


def test_sign_in_and_accept_an_event(page: Page, artifacts: Path) -> None:
    page.goto(f"/events/{REAL_EVENT_ID}")
    assert page.locator("#accept-btn").count() == 0  # no review buttons for visitors
    page.click("text=Sign in")
    page.fill("input[name=username]", EDITOR[0])
    page.fill("input[name=password]", EDITOR[1])
    page.click("#login-form button")
    expect(page.locator(".who")).to_contain_text(EDITOR[0])
    expect(page.locator("#accept-btn")).to_be_visible()
    page.click("#accept-btn")
    expect(page.locator("#review-state")).to_have_text("accepted")
    expect(page.locator("table.history")).to_contain_text(f"web:{EDITOR[0]}")
    shot(page, artifacts, "accepted")
    page.goto("/review")
    expect(page.locator("h1")).to_contain_text("Review")
    shot(page, artifacts, "review-queue")


def test_upload_pdf_and_see_its_events(page: Page, artifacts: Path, tmp_path: Path) -> None:
    from weasyprint import HTML

    pdf = tmp_path / "shanghai-ai.pdf"
    HTML(string="""<html><head><meta charset="utf-8"></head><body style="font-family: 'Noto Sans CJK SC'">
      <h1>上海市促进人工智能产业发展行动方案</h1>
      <p>2024年3月15日，上海市人民政府印发《上海市促进人工智能产业发展行动方案（2024—2026年）》。</p>
      <p>方案提出，到2026年，上海人工智能产业规模突破5000亿元，设立100亿元人工智能产业投资基金。</p>
      <p>On 12 May 2024 the European Commission adopted the Chips Act implementing regulation on
      semiconductor supply chain monitoring.</p></body></html>""").write_pdf(str(pdf))
    page.goto("/login?next=/upload")
    page.fill("input[name=username]", EDITOR[0])
    page.fill("input[name=password]", EDITOR[1])
    page.click("#login-form button")
    page.set_input_files("input[type=file]", str(pdf))
    page.click("#upload-form button")
    expect(page.locator("#job-progress")).to_be_visible()
    expect(page.locator("#job-events li").first).to_be_visible(timeout=90_000)
    shot(page, artifacts, "upload-done")
    page.locator("#job-events a").first.click()
    expect(page.locator("blockquote.quote").first).to_be_visible()
    page.click("a.evidence-link")
    expect(page.locator("ol.doc-text li.target")).to_be_visible()
    shot(page, artifacts, "upload-event-document")


def test_api_docs_and_home_offline(page: Page, artifacts: Path, live_server) -> None:
    server, _ = live_server
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    page.goto("/docs")
    expect(page.locator("h1")).to_contain_text("policyscope API")
    expect(page.locator("code", has_text="/api/v1/events").first).to_be_visible()
    shot(page, artifacts, "api-docs")
    page.goto("/?lang=zh")
    expect(page.locator("h2").first).to_contain_text("数据概况")
    shot(page, artifacts, "home-zh")
    page.goto("/reports")
    shot(page, artifacts, "reports")
    assert outside == []  # nothing fetched from another host
