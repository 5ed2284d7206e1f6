"""End to end in Debian's headless chromium against the real server (`policyscope serve` in a subprocess).

Screenshots go to test-artifacts/web-*.png. Any console error (a CSP violation, a script error, a failed
load) fails the test that caused it."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import ARTIFACTS
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


PAGES = ("/", "/search?q=人工智能", "/events", "/documents", "/jurisdictions", "/jurisdictions/CHN", "/explore",
         "/map", "/map?kind=events", "/compare", "/network", "/reports", "/indicators", "/coverage", "/analyze",
         "/login", "/docs")
LINK_SAMPLE = 4  # links of one route family (/events/…, /jurisdictions/…) checked per family


def _family(path: str) -> str:
    """/events/ev_1 and /events/ev_2 are one family; so are /jurisdictions/X and downloads of one route."""
    parts = path.split("?")[0].strip("/").split("/")
    return "/".join(parts[:2]) if parts and parts[0] not in ("api", "static") else "/".join(parts[:4])


def _walk(browser: Browser, server_url: str, lang: str, width: int, paths: tuple[str, ...]) -> list[str]:
    """Open every page at one width and language; return the problems seen."""
    ctx = browser.new_context(base_url=server_url, viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    pg.set_default_navigation_timeout(120_000)  # pages of a loaded machine
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"script: {e}"))
    for path in paths:
        sep = "&" if "?" in path else "?"
        resp = pg.goto(f"{path}{sep}lang={lang}")
        if resp is None or resp.status != 200:
            problems.append(f"{path} ({lang}): {resp.status if resp else 'no answer'}")
            continue
        width_px = pg.evaluate("document.documentElement.scrollWidth")
        if width_px > width:
            problems.append(f"{path} ({lang}) is {width_px} px wide on a {width} px screen")
    if width < 500:
        pg.goto(f"/?lang={lang}")
        expect(pg.locator("#site-nav")).to_be_hidden()  # the menu folds behind its button
        pg.click("#menu-btn")
        expect(pg.locator("#site-nav")).to_be_visible()
        pg.screenshot(path=str(ARTIFACTS / f"web-phone-menu-{lang}.png"))
    ctx.close()
    return problems


def _pages(info: dict[str, str]) -> tuple[str, ...]:
    return (*PAGES, f"/events/{REAL_EVENT_ID}", f"/documents/{info['doc_id']}")


def test_every_page_in_both_languages_on_desktop_and_phone(browser: Browser, live_server) -> None:
    """Every page in zh and en at 1440 and 390 px: answers 200, no console or script error, nothing wider than the
    screen."""
    server, info = live_server
    httpx.get(server.url + "/api/v1/search?q=AI", timeout=900)  # a fresh server builds its search index first
    problems = [p for lang in ("zh", "en") for width in (1440, 390) for p in _walk(browser, server.url, lang, width,
                                                                                  _pages(info))]
    assert not problems, "\n".join(problems)


def test_links_on_every_page_answer_and_words_are_translated(live_server) -> None:
    """Every link found on the pages in both languages (up to LINK_SAMPLE per route family: event pages, profiles,
    downloads of one route…) answers below 400, and no page shows an interface word of the other language."""
    import lxml.html

    from tests.web.test_words import untranslated

    server, info = live_server
    problems: list[str] = []
    links: set[str] = set()
    timings: list[tuple[float, str]] = []
    with httpx.Client(base_url=server.url, timeout=300) as http:
        http.get("/api/v1/search?q=AI", timeout=900)  # a fresh server builds its search index first
        for lang in ("zh", "en"):
            for path in _pages(info):
                sep = "&" if "?" in path else "?"
                html = http.get(f"{path}{sep}lang={lang}").text
                bad = untranslated(html, lang)
                if bad:
                    problems.append(f"{path} ({lang}) shows untranslated interface words: {bad[:5]}")
                hrefs = lxml.html.fromstring(html).xpath("//a/@href")
                links.update(h for h in hrefs if h.startswith("/") and not h.startswith("//"))
        by_family: dict[str, list[str]] = {}
        for href in sorted(links):
            by_family.setdefault(_family(href), []).append(href)
        for fam, hrefs in sorted(by_family.items()):
            step = max(1, len(hrefs) // LINK_SAMPLE)
            for href in hrefs[::step][:LINK_SAMPLE]:
                t0 = time.monotonic()
                r = http.get(href)
                timings.append((time.monotonic() - t0, href))
                if r.status_code >= 400:
                    problems.append(f"link {href} ({fam}) answers {r.status_code}")
    (ARTIFACTS / "web-links.txt").write_text("".join(f"{t:7.2f} s  {h}\n" for t, h in sorted(timings, reverse=True)))
    assert len(timings) > 40, len(timings)
    assert not problems, "\n".join(problems)


def test_pick_countries_by_name_and_group(page: Page, artifacts: Path) -> None:
    """Pickers take names in either language and groups; a country without data is named, not dropped."""
    page.goto("/compare?j=中国,美国&lang=zh")
    assert page.input_value("input[name=j]") == "中国,美国"  # names back, not codes
    page.goto("/compare?lang=en")
    page.fill("input[name=j]", "七国集团")  # a group, typed in Chinese on the English page
    page.click("form.filters button")
    expect(page.locator("#compare-radar svg")).to_be_visible()
    heads = page.locator("#compare-table thead th").all_inner_texts()
    assert {"Japan", "Germany", "United States", "Canada"} <= set(heads), heads
    page.goto("/explore?lang=en")
    page.locator("#indicator-find").fill("broadband")
    visible = page.eval_on_selector_all("#indicator option", "os => os.filter(o => !o.hidden).map(o => o.value)")
    assert visible == ["IT.NET.BBND.P2"], visible
    page.select_option("#indicator", "GB.XPD.RSDV.GD.ZS")
    page.fill("input[name=j]", "China, Tuvalu, BRICS")
    page.click("#explore-form button")
    expect(page.locator("p.no-data")).to_contain_text("Tuvalu")
    assert "Brazil" in page.locator("#explore-table thead").inner_text()  # the group's members
    page.goto("/jurisdictions?lang=en")
    page.locator("#jurisdictions-table-filter").fill("korea")
    rows = page.eval_on_selector_all("#jurisdictions-table tbody tr", "rs => rs.filter(r => !r.hidden).length")
    assert 1 <= rows <= 3, rows
    shot(page, artifacts, "jurisdictions-filter")


def test_editor_titles_edits_merges_and_sees_history(page: Page, artifacts: Path) -> None:
    """An editor's morning: give an important policy its Chinese title from the queue, edit another event, merge a
    duplicate into it, and read each change in the event's history."""
    page.goto("/login?next=/review%3Fqueue%3Dzh_title&lang=zh")
    page.fill("input[name=username]", EDITOR[0])
    page.fill("input[name=password]", EDITOR[1])
    page.click("#login-form button")
    expect(page.locator("#tab-zh-title")).to_have_class("current")
    first = page.locator("li.queue-item").first
    ev_id = (first.get_attribute("id") or "")[2:]
    first.locator("input[name=title_zh]").fill("浏览器测试中文标题")
    first.locator("button").click()
    expect(page.locator(f"#q-{ev_id}")).to_have_count(0)  # off the queue
    page.goto(f"/events/{ev_id}?lang=zh")
    expect(page.locator("h1")).to_contain_text("浏览器测试中文标题")
    expect(page.locator("table.history td.changes").last).to_contain_text("浏览器测试中文标题")
    page.goto(f"/events/{REAL_EVENT_ID}?lang=en")
    page.click("details.edit summary")
    page.fill("details.edit input[name=issuer]", "Danish Agency for Digital Government")
    page.click("details.edit button")
    expect(page.locator("table.history td.changes").last).to_contain_text("Danish Agency for Digital Government")
    page.click("details.merge summary")
    page.fill("details.merge input[name=others]", ev_id)
    page.click("details.merge button")
    expect(page.locator("table.history")).to_contain_text("merge")
    shot(page, artifacts, "editor-history")
    page.goto(f"/events/{ev_id}?lang=en")
    expect(page.locator("body")).to_contain_text(REAL_EVENT_ID)  # the duplicate points to the event it joined


def test_compare_and_network_render(page: Page, browser: Browser, artifacts: Path, live_server) -> None:
    page.goto("/compare?j=CHN,USA,JPN,DEU")
    expect(page.locator("#compare-radar svg")).to_be_visible()
    shot(page, artifacts, "compare")
    page.goto("/network?focus=CHN")
    expect(page.locator("#network-chart svg")).to_be_visible()
    shot(page, artifacts, "network")
    server, _ = live_server  # on a phone the table scrolls in its card; the indicator names stay readable
    phone = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    pg = phone.new_page()
    pg.goto("/compare?j=CHN,USA,JPN,DEU&lang=zh")
    expect(pg.locator("#compare-table")).to_be_visible()
    first = pg.locator("#compare-table tbody td").first.bounding_box()
    assert first is not None and first["width"] >= 100  # was ≈ 30 px: a Chinese name broken every 1–2 characters
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    pg.screenshot(path=str(artifacts / "web-compare-phone.png"))
    phone.close()


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
