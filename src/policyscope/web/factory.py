"""The app for ``policyscope serve --workers N``: uvicorn starts each worker process by importing this
factory, which reads the settings the serve command put in ``POLICYSCOPE_SERVE_SETTINGS`` (the same secret
key and work folder for every worker, so sessions, CSRF tokens and job pages work whichever process answers)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from policyscope.web.app import create_app
from policyscope.web.settings import WebSettings

ENV = "POLICYSCOPE_SERVE_SETTINGS"


def app_from_env() -> FastAPI:
    raw = os.environ.get(ENV)
    if not raw:
        raise RuntimeError(f"{ENV} is not set; start the server with `policyscope serve`")
    return create_app(WebSettings.model_validate_json(raw))
