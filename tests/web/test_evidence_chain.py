"""The evidence chain: every event links to each of its sources and every link answers; a metadata-only record
shows where it comes from instead of an empty text box."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from policyscope.store.database import Database

LINK = re.compile(r'class="evidence-link" href="([^"]+)"')


def _events(db_path: str, sql: str) -> list[str]:
    with Database(db_path, read_only=True) as db:
        return [r[0] for r in db.con.execute(sql).fetchall()]


def test_every_evidence_link_answers(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    # events with evidence in stored texts and in metadata-only records, from every source that has evidence
    ids = _events(info["db"], "SELECT event_id FROM (SELECT v.event_id, row_number() OVER (PARTITION BY "
                              "split_part(v.document_id, ':', 1), coalesce(d.chars, 0) > 0 ORDER BY v.event_id) AS k "
                              "FROM core.evidence v JOIN core.document d ON d.id = v.document_id) WHERE k <= 4")
    assert len(ids) >= 8
    checked = 0
    for ev in ids:
        page = c.get(f"/events/{ev}")
        assert page.status_code == 200, ev
        for href in LINK.findall(page.text):
            href = href.replace("&amp;", "&")
            assert "line=#" not in href and not href.endswith("line=")
            r = c.get(href.split("#")[0])
            assert r.status_code == 200, (ev, href, r.status_code)
            assert 'id="source-record"' in r.text or 'class="doc-text"' in r.text
            checked += 1
    assert checked >= len(ids)


def test_metadata_record_shows_its_source_not_an_empty_box(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    doc = _events(info["db"], "SELECT id FROM core.document WHERE coalesce(chars, 0) = 0 AND origin LIKE 'http%' "
                              "ORDER BY id LIMIT 1")[0]
    r = c.get(f"/documents/{doc}", params={"line": "", "lang": "zh"})  # old links carried an empty ?line=
    assert r.status_code == 200
    assert "本库未收存此文件的全文" in r.text and 'id="source-url" href="http' in r.text
    assert '<ol class="doc-text">' not in r.text


def test_event_lists_each_source_record_with_licence(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    ev = _events(info["db"], "SELECT event_id FROM core.event_source GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 "
                             "LIMIT 1")[0]
    with Database(info["db"], read_only=True) as db:
        records = db.con.execute("SELECT record_id FROM core.event_source WHERE event_id = ?", [ev]).fetchall()
    page = c.get(f"/events/{ev}", params={"lang": "en"}).text
    table = page[page.index('id="event-sources"'):page.index("</table>", page.index('id="event-sources"'))]
    assert all(str(rec) in table for (rec,) in records)
    detail = c.get(f"/api/v1/events/{ev}").json()
    assert len(detail["sources"]) == len(records) and all(s["licence"] for s in detail["sources"])


def test_document_line_is_marked(client: tuple[TestClient, dict[str, str]]) -> None:
    c, info = client
    r = c.get(f"/documents/{info['doc_id']}", params={"line": info["line"]})
    assert f'<li id="L{info["line"]}" class="marked target">' in r.text or \
        f'<li id="L{info["line"]}" class=" target">' in r.text


def test_a_stated_budget_shows_where_it_is_stated(client: tuple[TestClient, dict[str, str]]) -> None:
    """Issue 11: a landmark's budget (CHIPS and Science Act, $52.7 billion) is on its page with its source and
    the citation that states it."""
    c, _ = client
    page = c.get("/events/ev_landmark_us_chips_science")
    assert page.status_code == 200
    row = re.search(r"<td>\$52\.7 billion</td>.*?</tr>", page.text, re.S)
    assert row and "landmarks — budget: Division A (CHIPS Act of 2022)" in row.group(0)
