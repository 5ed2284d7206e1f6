"""A watchlist as an Atom 1.0 feed (RFC 4287) and as a digest e-mail (plain text + HTML), in the watchlist's
language. Both are built here from the same event rows so the feed, the page and the mail say the same."""

from __future__ import annotations

import html
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from xml.etree import ElementTree as ET

from policyscope.web import i18n
from policyscope.web.services.watchlists import Watchlist

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def rfc3339(value: Any) -> str:
    """A timestamp from the database (naive, the server's local time) as RFC 3339 with its offset."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.now()
    return value.astimezone().isoformat(timespec="seconds")


def event_url(base_url: str, event_id: str) -> str:
    return f"{base_url.rstrip('/')}/events/{event_id}"


def event_line(ev: dict[str, Any], lang: str) -> str:
    """Date · jurisdiction · type of an event, in ``lang`` (the summary of a feed entry or mail item)."""
    parts = [str(ev.get("date") or "")[:10], i18n.jname(ev.get("jurisdiction"), lang),
             i18n.label("event_types", ev.get("type"), lang)]
    return " · ".join(p for p in parts if p)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def atom_feed(wl: Watchlist, events: list[dict[str, Any]], base_url: str, self_url: str) -> bytes:
    """The feed: one entry per event (id and link = the event's page), newest first."""
    ET.register_namespace("", ATOM_NS)
    lang = wl.lang
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _sub(feed, "id", f"{base}/watchlists/{wl.id}")
    _sub(feed, "title", f"{wl.name} · {i18n.t('site', lang)}")
    stamps = [rfc3339(e["updated_at"]) for e in events if e.get("updated_at")]
    _sub(feed, "updated", max(stamps) if stamps else rfc3339(wl.created_at))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}/watchlists/{wl.id}")
    author = _sub(feed, "author")
    _sub(author, "name", i18n.t("site", lang))
    _sub(feed, "generator", "policyscope")
    for ev in events:
        entry = _sub(feed, "entry")
        url = event_url(base, ev["id"])
        _sub(entry, "id", url)
        _sub(entry, "title", i18n.event_title(ev, lang) or ev["id"])
        _sub(entry, "updated", rfc3339(ev.get("updated_at")))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "summary", event_line(ev, lang))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def digest_subject(wl: Watchlist, n: int) -> str:
    return i18n.t("watch_mail_subject", wl.lang).format(name=wl.name, n=n)


def digest_text(wl: Watchlist, events: list[dict[str, Any]], base_url: str) -> str:
    lang = wl.lang
    lines = [digest_subject(wl, len(events)), ""]
    for ev in events:
        lines += [f"- {i18n.event_title(ev, lang) or ev['id']}", f"  {event_line(ev, lang)}",
                  f"  {event_url(base_url, ev['id'])}"]
    page = f"{base_url.rstrip('/')}/watchlists/{wl.id}"
    lines += ["", f"{i18n.t('watch_mail_open', lang)}: {page}", i18n.t("watch_mail_why", lang)]
    return "\n".join(lines) + "\n"


def digest_html(wl: Watchlist, events: list[dict[str, Any]], base_url: str) -> str:
    lang, esc = wl.lang, html.escape
    items = "".join(
        f'<li><a href="{esc(event_url(base_url, ev["id"]))}">{esc(i18n.event_title(ev, lang) or ev["id"])}</a>'
        f"<br><small>{esc(event_line(ev, lang))}</small></li>" for ev in events)
    page = f"{base_url.rstrip('/')}/watchlists/{wl.id}"
    return (f'<!doctype html><html lang="{esc(lang)}"><body><h1>{esc(digest_subject(wl, len(events)))}</h1>'
            f'<ul>{items}</ul><p><a href="{esc(page)}">{esc(i18n.t("watch_mail_open", lang))}</a></p>'
            f"<p><small>{esc(i18n.t('watch_mail_why', lang))}</small></p></body></html>")


def digest_message(wl: Watchlist, events: list[dict[str, Any]], to: str, sender: str, base_url: str) -> EmailMessage:
    """One multipart/alternative message: plain text first, HTML second (mail readers show the last they can)."""
    msg = EmailMessage()
    msg["Subject"] = digest_subject(wl, len(events))
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(datetime.now().astimezone())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Content-Language"] = "zh-CN" if wl.lang == "zh" else "en"
    msg.set_content(digest_text(wl, events, base_url))
    msg.add_alternative(digest_html(wl, events, base_url), subtype="html")
    return msg
