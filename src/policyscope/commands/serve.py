"""``policyscope serve``: the web pages and the HTTP API over one database file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from policyscope.commands.common import DbOption, console, friendly_errors
from policyscope.errors import InputError
from policyscope.store.database import StoreNotFound, default_db_path


@friendly_errors
def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1 = this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write: no sign-in, review or upload.")]
    = False,
    private: Annotated[bool, typer.Option("--private", help="Reading needs sign-in too (default: public reading).")]
    = False,
    max_upload_mb: Annotated[float, typer.Option(help="Largest document upload in MB.")] = 25.0,
    warm: Annotated[bool, typer.Option("--warm/--no-warm", help="Precompute every page's first view (every "
                                       "profile with data, compare, network, lists) for each new snapshot in the "
                                       "background, kept in <db>.views/ for restarts.")] = True,
    work_dir: Annotated[Path | None, typer.Option(help="Folder for the server's snapshots (default: a temp dir).")]
    = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level: warning, info, debug.")] = "info",
    trusted_proxy: Annotated[list[str] | None, typer.Option(
        "--trusted-proxy", help="A reverse proxy (IP or CIDR) whose X-Forwarded-For is believed; repeatable. "
                                "Default: none, rate limits use the socket address.")] = None,
    secret_key_file: Annotated[Path | None, typer.Option(
        help="File with the key that signs sessions (default: .policyscope-secret-key beside the database; "
             "created with mode 600 if missing).")] = None,
    workers: Annotated[int, typer.Option(help="Server processes (each keeps its own snapshot; 1 is enough for "
                                              "one team, use the number of cores for a busy site).")] = 1,
) -> None:
    """Serve the observatory in the browser (zh / en pages) and the API v1 (OpenAPI at /openapi.json).

    The server never locks the database file: `ingest`, `review` and `build` keep working while it runs, and
    pages show their results within a second. Sessions are signed with a key kept in a file readable by you
    only (.policyscope-secret-key beside the database, made on first start); POLICYSCOPE_SECRET_KEY overrides it.

    Example: policyscope serve --db policyscope.duckdb --host 127.0.0.1 --port 8000
    """
    import uvicorn

    from policyscope.web import create_app
    from policyscope.web.settings import WebSettings

    path = default_db_path(db)
    if not path.exists():
        raise StoreNotFound(f"database {path} does not exist; run `policyscope build --db {path}` first")
    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a TCP port (1–65535)")
    if not 1 <= workers <= 64:
        raise InputError(f"--workers {workers}: use 1–64")
    own_dir = None
    if workers > 1 and work_dir is None:  # the workers share one folder (jobs); removed when the server stops
        import tempfile

        own_dir = Path(tempfile.mkdtemp(prefix="policyscope-serve-"))
        work_dir = own_dir
    import os

    from policyscope.web.settings import SECRET_ENV, read_or_create_key

    key_file = None
    if workers > 1 and os.environ.get(SECRET_ENV):  # workers read the key from a private file, not the env
        key_file = Path(work_dir) / ".secret-key"  # type: ignore[arg-type]
        key_file.unlink(missing_ok=True)
        read_or_create_key(key_file)
        key_file.write_text(os.environ[SECRET_ENV], encoding="ascii")
    settings = WebSettings.from_env(path.resolve(), read_only=read_only, max_upload_mb=max_upload_mb,
                                    work_dir=work_dir, secret_key_file=key_file or secret_key_file, warm_pages=warm,
                                    **({"trusted_proxies": trusted_proxy} if trusted_proxy else {}))
    if private:
        settings.public_read = False
    mode = "read-only" if read_only else "read-write"
    console.print(f"policyscope serving {path} ({mode}, {workers} process{'es' if workers > 1 else ''}) on "
                  f"[bold]http://{host}:{port}[/] — Ctrl-C to stop")
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the app decides (--trusted-proxy)
    common: dict[str, Any] = {"host": host, "port": port, "log_level": log_level, "access_log": log_level in ("info", "debug"),
              "server_header": False, "proxy_headers": False}
    try:
        if workers == 1:
            uvicorn.run(create_app(settings), **common)
        else:
            from policyscope.web.factory import ENV

            os.environ[ENV] = settings.model_dump_json()
            uvicorn.run("policyscope.web.factory:app_from_env", factory=True, workers=workers, **common)
    finally:
        if own_dir is not None:
            import shutil

            shutil.rmtree(own_dir, ignore_errors=True)
