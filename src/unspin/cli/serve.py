"""`unspin serve`: run the web app (FastAPI + uvicorn), or answer one request with --get."""

from __future__ import annotations

import ipaddress
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer


class Profile(str, Enum):
    fast = "fast"
    full = "full"


class LogLevel(str, Enum):
    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


def _indexes(values: list[str]) -> dict[str, str]:
    from ..errors import ConfigurationError

    out = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise ConfigurationError(f"--index takes NAME=PATH (a reference index file), not {value!r}")
        if not Path(path).is_file():
            raise ConfigurationError(f"--index {name}: no such file: {path}")
        out[name] = str(Path(path).resolve())
    if out:  # a server whose indexes cannot be read would answer every request without its comparison
        from ..splices.index import require

        require()
    return out


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    profile: Profile = typer.Option(Profile.fast, "--profile", "-p", help="Default profile, loaded at start-up."),
    allow_fetch: bool = typer.Option(False, "--allow-fetch", help="Let users give URLs for the server to fetch (public addresses only)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="With --allow-fetch: also fetch loopback/private addresses."),
    workers: int = typer.Option(2, "--workers", help="Analysis threads."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds a request may take (queueing included) before a 504."),
    max_body: int = typer.Option(12_000_000, "--max-body", help="Largest request body in bytes; larger gets 413."),
    max_chars: int = typer.Option(200_000, "--max-chars", min=1, help="Longest article text (characters, after HTML extraction) analysed per request; longer gets 413. An analysis cannot be stopped inside one step of the parse or inside attribution, so this bounds how long a request can hold a thread."),
    max_queue: int = typer.Option(64, "--max-queue", help="Analyses that may wait for a thread; more get 503."),
    index: Optional[List[str]] = typer.Option(None, "--index", help="A reference index clients may use, as NAME=PATH (repeatable)."),
    log_level: LogLevel = typer.Option(LogLevel.info, "--log-level", help="Least important log lines written to stderr (each timestamped): info logs every request, clients that hang up and failed fetches; warning only problems (where the server listens is logged at every level)."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="One log line per request (client address, method, path, status), at --log-level info or debug."),
    get: Optional[str] = typer.Option(None, "--get", help="Print the response to GET PATH and exit, without opening a socket."),
) -> None:
    """Serve the web page and the REST API."""
    _require_web(serving=get is None)
    from ..web.app import create_app
    from ..web.service import Settings

    if allow_private and not allow_fetch:
        from ..errors import InputError

        raise InputError("--allow-private only matters with --allow-fetch: add --allow-fetch, or drop --allow-private")
    if get is None:
        _check_port(host, port)  # before the models load, and before saying "serving on"
    settings = Settings(
        profile=profile.value, allow_fetch=allow_fetch, allow_private=allow_private, workers=workers, timeout_s=timeout,
        max_body_bytes=max_body, max_chars=max_chars, max_queue=max_queue, indexes=_indexes(index or []), preload=get is None,
        address=f"http://{f'[{host}]' if ':' in host else host}:{port}",
    )
    app = create_app(settings)
    if get is not None:
        from starlette.testclient import TestClient

        response = TestClient(app, raise_server_exceptions=False).get(get)
        sys.stdout.write(response.text if response.text.endswith("\n") else response.text + "\n")
        raise typer.Exit(0 if response.status_code < 400 else 1)
    import logging
    import logging.config

    import uvicorn

    from ..web.logs import log_config

    config = log_config(log_level.value)
    logging.config.dictConfig(config)  # the lines before uvicorn's are timestamped as every line after
    log = logging.getLogger("unspin.serve")
    if not _is_loopback(host):
        log.warning("listening on %s: anyone who can reach this address can use the server", host)
    log.info("serving on http://%s:%s/ (API at /api, fetch %s)", host, port, "on" if allow_fetch else "off")
    uvicorn.run(app, host=host, port=port, log_level=log_level.value, log_config=config, access_log=access_log,
                server_header=False)


def _require_web(serving: bool) -> None:
    """MissingDependency (extra `web`) unless the app's packages import: FastAPI, python-multipart
    (forms; older releases are the module `multipart`) and, to listen on a port, uvicorn."""
    from .._imports import optional_import, require

    purpose = "The web app (unspin serve)"
    require("fastapi", "fastapi", "web", purpose)
    if optional_import("python_multipart") is None:
        require("multipart", "python-multipart", "web", purpose)
    if serving:
        require("uvicorn", "uvicorn", "web", purpose)


def _check_port(host: str, port: int) -> None:
    """Bind `host:port` once, as uvicorn will (SO_REUSEADDR), so a busy port or an address this
    machine does not have is one clear error, not a traceback after the models have loaded."""
    import socket

    from ..errors import InputError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise InputError(f"cannot listen on {host}: {err.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as err:
            raise InputError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
