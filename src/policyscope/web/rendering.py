"""Pages from templates: the reader's language, the signed-in user, the CSRF token and the “引用 / Cite”
block are filled in here, so every router renders the same way."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from policyscope.errors import PolicyscopeError
from policyscope.web.deps import current_user, lang_of, web
from policyscope.web.services.citations import citation

log = logging.getLogger("policyscope.web")


def render(request: Request, template: str, status: int = 200, json_url: str | None = None, **ctx: Any) -> HTMLResponse:
    """A page with what every template needs: language, the other language, user, CSRF token, JSON twin."""
    st = web(request)
    lang = lang_of(request)
    user = current_user(request)
    other = "en" if lang == "zh" else "zh"
    here = request.url.path + (("?" + request.url.query) if request.url.query else "")
    html = st.env.get_template(template).render(
        request=request, lang=lang, other_lang=other, user=user, here=here, json_url=json_url,
        csrf=st.sessions.csrf_token(request.state.session["sid"]), **ctx)
    return HTMLResponse(html, status_code=status)


def cite_block(request: Request, lang: str, event: str | None = None, indicator: str | None = None) -> dict[str, Any]:
    """What the “引用 / Cite” partial shows: the sentence, links to each format, the original sources."""
    try:
        with web(request).db() as db:
            c = citation(db, str(request.base_url).rstrip("/"), event, indicator)
    except PolicyscopeError as exc:  # e.g. an event id that is not stored: the page says so itself
        log.info("no citation block on %s: %s", request.url.path, exc.message)
        return {}
    except Exception:  # a page (even the error page) never fails because of its citation block; logged as a bug
        log.exception("citation block failed on %s", request.url.path)
        return {}
    q = {k: v for k, v in (("event", event), ("indicator", indicator)) if v}
    links = {f: "/api/v1/cite?" + urlencode({**q, "format": f, "lang": lang}) for f in ("csl", "bibtex", "ris")}
    return {"text": c.text(lang), "links": links, "originals": c.originals, "kind": c.kind}
