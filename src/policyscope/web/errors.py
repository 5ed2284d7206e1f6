"""The web's one error edge: a :class:`~policyscope.errors.PolicyscopeError` becomes its status with
``{"error": {"code", "message"}}`` for the API (and any client asking for JSON) or the error page in the
reader's language; a ``Busy`` adds ``Retry-After``. Framework errors (validation 422, unknown route 404, a
body over the limit 413) get the same shape. Anything else is a bug: logged with its traceback, answered 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyscope.errors import Busy, PolicyscopeError
from policyscope.web.rendering import render

log = logging.getLogger("policyscope.web")
HTTP_CODES = {400: "bad_input", 401: "sign_in_required", 403: "refused", 404: "not_found", 405: "method_not_allowed",
              413: "too_large", 415: "unsupported_type", 422: "invalid_request", 429: "rate_limited", 503: "busy"}


def wants_json(request: Request) -> bool:
    """API paths, clients that ask for JSON, and requests before the app's state exists answer in JSON."""
    return (request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")
            or not hasattr(request.app.state, "web"))


def error_response(request: Request, status: int, code: str, message: str,
                   retry_after: float | None = None) -> Response:
    """JSON ``{"error": {"code", "message"}}`` or the error page (in the reader's language), same status."""
    headers = {"Retry-After": str(max(1, int(retry_after + 0.999)))} if retry_after else {}
    if wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
    resp = render(request, "error.html.j2", status=status, status_code=status, message=message)
    resp.headers.update(headers)
    return resp


def response_for(request: Request, exc: PolicyscopeError) -> Response:
    """The answer to an expected error: its class says the status and code, a Busy also when to retry."""
    retry = exc.retry_after if isinstance(exc, Busy) else None
    return error_response(request, exc.status, exc.code, exc.message, retry)


def bug_response(request: Request, exc: BaseException) -> Response:
    """A bug: the traceback goes to the log, the client gets 500 with the exception's type only."""
    log.error("unexpected error on %s", request.url.path, exc_info=exc)
    return error_response(request, 500, "internal_error",
                          f"internal error ({type(exc).__name__}); the server log has details")


async def _expected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PolicyscopeError)
    return response_for(request, exc)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for e in exc.errors()[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
        parts.append(f"{loc}: {e.get('msg')}")
    return error_response(request, 422, "invalid_request", "invalid request — " + "; ".join(parts))


async def _framework(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and msg == "Not Found":
        msg = f"nothing at {request.url.path}"
    return error_response(request, exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"), msg)


async def _bug(request: Request, exc: Exception) -> Response:
    return bug_response(request, exc)


def install(app: FastAPI) -> None:
    """Register the handlers: expected errors by their class, framework errors by their status, bugs as 500."""
    app.add_exception_handler(PolicyscopeError, _expected)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _framework)
    app.add_exception_handler(Exception, _bug)
