"""The FastAPI app: form pages, the HTML report, and the REST API.

    from unspin.web.app import create_app
    app = create_app(Settings(allow_fetch=False))

Routes: ``GET /`` (form), ``POST /report`` (the report page), ``GET /api`` (API page),
``GET /static/...``, ``POST /v1/analyze``, ``GET /v1/health``, ``GET /v1/techniques``,
``GET /openapi.json``. Analysis runs on :class:`~unspin.web.service.AnalysisService`'s thread pool,
never on the event loop. Every response carries a Content-Security-Policy without inline scripts
and ``X-Content-Type-Options: nosniff``; every error has the one JSON shape of
:mod:`unspin.web.errors`.
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, Literal
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect
from fastapi.exceptions import RequestValidationError

from .. import __version__
from ..errors import DecodingError, EmptyInput, InputError, InputTooLarge, UnsupportedInput
from ..inputs import check_unicode
from . import errors as web_errors
from .errors import ERROR_SCHEMA, error_body
from .pages import api_page, home
from .service import AnalysisService, ClientGone, Job, Runner, Settings

log = logging.getLogger("unspin.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
MAX_TITLE = 500

#: POST /v1/analyze's multipart body: a file read as `unspin analyze FILE` reads it
UPLOAD_SCHEMA = {
    "type": "object", "required": ["file"], "additionalProperties": False,
    "properties": {
        "file": {"type": "string", "format": "binary", "description": (
            "an HTML page or a text file, read as the CLI reads a file: an .html/.htm name or markup is a page, its "
            "declared charset used, a page that is not UTF-8 and declares none read as Windows-1252 (with a warning)")},
        "profile": {"type": "string", "enum": ["fast", "full"], "description": "default: the server's --profile"},
        "index": {"type": "string", "description": "name of a reference index the server was started with"},
        "title": {"type": "string", "maxLength": MAX_TITLE, "description": "the article's title, shown in reports"},
    },
}


class InvalidJSON(InputError):
    """The request body could not be parsed as JSON."""

    code = "invalid_json"


class AnalyzeRequest(BaseModel):
    """The body of POST /v1/analyze: exactly one of text, html, url."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description=(
        "the article as plain text (offsets index exactly this string); only a whole page's source, opening with "
        "<!DOCTYPE html> or <html>, is read as a page (its main text extracted, with a warning); other text with HTML tags "
        "is analysed as written, with a warning: send markup as `html`"))
    html: str | None = Field(None, description="an HTML page; its main text is extracted first")
    url: str | None = Field(None, description="an http(s) URL to fetch (only when the server runs with --allow-fetch)")
    profile: Literal["fast", "full"] | None = Field(
        None, description="fast: no neural network; full: MiniLM models; default: the server's --profile (see /v1/health)")
    index: str | None = Field(None, description="name of a reference index the server was started with (--index NAME=PATH)")
    title: str | None = Field(None, description="the article's title, shown in reports", max_length=MAX_TITLE)


class Health(BaseModel):
    """GET /v1/health."""

    status: Literal["ok"] = Field(description="always ok when the server answers")
    version: str = Field(description="unspin's version")
    profiles: list[str] = Field(description="the profiles a request may ask for")
    default_profile: str = Field(description="the profile of a request that names none (--profile)")
    loaded: list[str] = Field(description="the profiles whose models are loaded")
    fetch: bool = Field(description="whether `url` is accepted (--allow-fetch)")
    indexes: list[str] = Field(description="the names a request may give as `index` (--index NAME=PATH)")
    workers: int = Field(description="analyses that run at once")
    inflight: int = Field(description="analyses running or waiting now")


class TechniqueInfo(BaseModel):
    """One of GET /v1/techniques."""

    name: str = Field(description="the technique's name as reports give it")
    title: str = Field(description="the name as readers see it")
    definition: str = Field(description="a one-line definition")


class _Utf8Fields(MultiPartParser):
    """Starlette's multipart parser, except that a text field that is not UTF-8 is refused: Starlette
    reads such a field as Latin-1 ("Caf\\xe9" became "Café"), where a urlencoded form or an uploaded
    file that is not UTF-8 gets 415 not_utf8. It reads the part Starlette is building, which is not
    Starlette's public API: where a version names it otherwise, the check is skipped, not the form."""

    def on_part_end(self) -> None:
        part = getattr(self, "_current_part", None)
        data = getattr(part, "data", None)
        if getattr(part, "file", True) is None and isinstance(data, (bytes, bytearray)):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise DecodingError("the form's fields are not valid UTF-8; send the text as UTF-8") from None
        super().on_part_end()


class Guard:
    """ASGI middleware: request size limit, security headers on every response, and a last-resort
    500 in the one error shape (no traceback, nothing from the request)."""

    def __init__(self, app, max_body_bytes: int):
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_secure(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            html = scope.get("method") == "POST" and scope.get("path") in web_errors.HTML_ROUTES
            return await self._error(send_secure, "too_large", self._too_large_message(), 413, html=html)
        received = 0

        async def receive_limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise InputTooLarge(self._too_large_message())
            return message

        # who asked, as the access log names the client ("127.0.0.1:50412"): a request whose client
        # disconnects gets no access line, only the one below
        client = "%s:%s" % tuple(scope["client"][:2]) if scope.get("client") else "unknown client"
        try:
            await self.app(scope, receive_limited, send_secure)
        except ClientDisconnect:  # nobody is left to answer: one line, no traceback
            log.info("%s %s %s: the client disconnected during its upload", client, scope.get("method"), scope.get("path"))
        except ClientGone:
            log.info("%s %s %s: the client disconnected; its analysis was abandoned", client, scope.get("method"), scope.get("path"))
        except Exception:
            log.exception("unhandled error in %s %s (client %s)", scope.get("method"), scope.get("path"), client)
            if started:
                raise
            await self._error(send_secure, "internal_error", "unspin failed on this request; the server log has the details", 500)

    def _too_large_message(self) -> str:
        return f"the request body is over the {self.max_body:,}-byte limit of this server"

    @staticmethod
    async def _error(send, code: str, message: str, status: int, *, html: bool = False) -> None:
        if html:
            from .pages import error_page

            body, ctype = error_page(code, status, message).encode(), b"text/html; charset=utf-8"
        else:
            body, ctype = json.dumps(error_body(code, message, status)).encode(), b"application/json"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _report_components() -> dict[str, Any]:
    """The Report JSON schema as OpenAPI components (its $defs become ReportX schemas)."""
    raw = resources.files("unspin").joinpath("schema/report-1.json").read_text(encoding="utf-8")
    raw = raw.replace('"#/$defs/', '"#/components/schemas/Report_')
    schema = json.loads(raw)
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return {"Report": schema, **{f"Report_{k}": v for k, v in defs.items()}}


def _json_response(payload: str, status: int = 200) -> Response:
    return Response(payload, status_code=status, media_type="application/json")


def create_app(settings: Settings | None = None, *, runner: Runner | None = None) -> FastAPI:
    """The app. `runner` replaces the pipeline (tests); by default the shared pipelines are used."""
    settings = settings or Settings()
    service = AnalysisService(settings, runner)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.preload:
            import asyncio

            try:
                await asyncio.get_running_loop().run_in_executor(service.executor, service.warm_up)
            except Exception as err:  # the server still starts; requests will report the problem
                log.warning("could not preload the %s profile: %s", settings.profile, err)
        yield
        service.close()

    app = FastAPI(
        title="unspin",
        version=__version__,
        description="Show where and how a news article manipulates its reader.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    web_errors.install(app)
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes)

    error_responses = {
        status: {"description": what, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for status, what in ((400, "bad input"), (413, "too large"), (415, "unsupported content"), (422, "invalid request"),
                             (500, "server error"), (502, "fetch failed"), (503, "busy"), (504, "timeout"))
    }

    # ---- pages -----------------------------------------------------------------------------
    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index_page():
        return HTMLResponse(home(settings))

    @app.api_route("/api", methods=["GET", "HEAD"], include_in_schema=False)
    async def api_doc_page():
        return HTMLResponse(api_page(settings))

    @app.get("/docs", include_in_schema=False)
    async def docs_redirect():
        return RedirectResponse("/api", status_code=308)

    @app.get("/report", include_in_schema=False)
    async def report_get():
        return RedirectResponse("/", status_code=303)

    @app.post("/report", include_in_schema=False)
    async def report_page(request: Request):
        job = await _form_job(request, settings)
        service.check(job)

        def work() -> str:
            from ..render.html import PageOptions, render

            return render(service.analyse(job), PageOptions(static_url="/static", nav=True))

        # kept by this browser only (private) and never reused for a new request (no-cache), but
        # there for the Back button: under no-store, Back from the API page asked to resubmit the form
        return HTMLResponse(await service.run(work, gone=_gone(request), size=len(job.value)),
                            headers={"cache-control": "private, no-cache"})

    @app.api_route("/static/report.css", methods=["GET", "HEAD"], include_in_schema=False)
    async def static_css():
        from ..render.html import stylesheet

        return Response(stylesheet(), media_type="text/css", headers={"cache-control": "public, max-age=600"})

    @app.api_route("/static/report.js", methods=["GET", "HEAD"], include_in_schema=False)
    async def static_js():
        js = resources.files("unspin.web").joinpath("static/report.js").read_text(encoding="utf-8")
        return Response(js, media_type="text/javascript", headers={"cache-control": "public, max-age=600"})

    # ---- REST ------------------------------------------------------------------------------
    @app.post(
        "/v1/analyze",
        summary="Analyse one article",
        responses={200: {"description": "the report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
                   **error_responses},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeRequest"}},
            "multipart/form-data": {"schema": UPLOAD_SCHEMA}}}},
    )
    async def analyze(request: Request) -> Response:
        """Analyse one article given as `text`, `html` or `url` (JSON) or as a `file` (multipart/form-data,
        read as the CLI reads a file) and return its Report (schema unspin.report/1)."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "multipart/form-data":
            job = await _form_job(request, settings, api=True)
        else:
            job = _api_job(await _json_body(request), settings)
        service.check(job)
        return _json_response(await service.run(lambda: service.analyse(job).to_json(indent=None), gone=_gone(request),
                                                size=len(job.value)))

    # what a GET may also get: a declared body over --max-body (Guard), or a bug
    get_errors = {status: error_responses[status] for status in (413, 500)}

    @app.get("/v1/health", summary="Liveness and what is loaded", responses=get_errors)
    async def health() -> Health:
        from ..pipeline import _PIPELINES

        return Health(status="ok", version=__version__, profiles=list(settings.profiles), default_profile=settings.profile,
                      loaded=sorted({key[0] for key in _PIPELINES}), fetch=settings.allow_fetch,
                      indexes=sorted(settings.indexes), workers=settings.workers,
                      inflight=service.inflight)

    # load balancers and uptime checks probe with HEAD
    app.add_api_route("/v1/health", health, methods=["HEAD"], include_in_schema=False)

    @app.get("/v1/techniques", summary="The 14 techniques with definitions", responses=get_errors)
    async def techniques() -> list[TechniqueInfo]:
        from ..techniques import DEFINITIONS, TITLES

        return [TechniqueInfo(name=k, title=TITLES[k], definition=v) for k, v in DEFINITIONS.items()]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(_report_components())
            components["Error"] = ERROR_SCHEMA
            components["AnalyzeRequest"] = AnalyzeRequest.model_json_schema()
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
    return app


async def _gone(request: Request) -> None:
    """Finishes when the client disconnects (its body has been read: what comes next is the disconnect)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _json_body(request: Request) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise UnsupportedInput("send the request body as JSON with Content-Type: application/json, or a file as "
                               "multipart/form-data")
    raw = await request.body()
    try:  # JSON is UTF-8 (RFC 8259), a byte-order mark ignored; json.loads would take UTF-16 and UTF-32 too
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:  # UTF-16 or UTF-32 without its mark decodes, with a NUL in every other byte
        charset = request.headers.get("content-type", "").partition("charset=")[2].strip().strip('"').lower()
        declared = f" (the charset declared, {charset}, is not read)" if charset and charset not in ("utf-8", "utf8") else ""
        raise InvalidJSON(f"the request body is not UTF-8: send JSON as UTF-8{declared}")
    try:
        data = json.loads(text)
    except ValueError:
        raise InvalidJSON("the request body is not valid JSON") from None
    except RecursionError:  # arrays or objects nested a thousand deep
        raise InvalidJSON("the request body is JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise RequestValidationError([{"loc": ("body",), "msg": "expected a JSON object", "type": "dict_type"}])
    return data


def _api_job(data: dict[str, Any], settings: Settings) -> Job:
    for name in AnalyzeRequest.model_fields:
        if isinstance(data.get(name), str):  # a lone surrogate is 415 not_utf8 in every field, before any other check
            check_unicode(data[name], name)
    try:
        req = AnalyzeRequest.model_validate(data)
    except ValidationError as err:
        raise RequestValidationError(err.errors(include_input=False, include_url=False)) from None
    given = {k: v for k, v in (("text", req.text), ("html", req.html), ("url", req.url)) if v is not None}
    return _make_job(given, req.profile or settings.profile, req.index, req.title, fields="text, html or url")


def _make_job(given: dict[str, Any], profile: str, index: str | None, title: str | None, filename: str | None = None,
              *, fields: str) -> Job:
    if len(given) != 1:
        which = ", ".join(given) if given else "none"
        raise InputError(f"give exactly one of {fields} (got {which})")
    (kind, value), = given.items()
    if isinstance(value, str) and not value.strip():
        raise EmptyInput(f"the {kind} is empty" + (": there is no text to analyse" if kind != "url" else ""))
    for name, s in ((kind, value), ("title", title), ("profile", profile), ("index", index)):
        if isinstance(s, str):
            check_unicode(s, name)
    title = " ".join(title.split())[:MAX_TITLE] if title else None
    return Job(kind=kind, value=value, profile=profile, index=index, title=title or None, filename=filename)


async def _form_job(request: Request, settings: Settings, *, api: bool = False) -> Job:
    """The job of a form (POST /report: text, url or file) or, with `api`, of a multipart request to
    /v1/analyze, which carries a file only (text, html and url go as JSON, as the string sent)."""
    from starlette.datastructures import UploadFile

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise UnsupportedInput("send the form as application/x-www-form-urlencoded or multipart/form-data")
    form = await _read_form(request, ctype, settings)
    try:
        if api and not set(form.keys()) <= {"file", "profile", "index", "title"}:
            raise InputError("a multipart request to /v1/analyze takes a file and, optionally, profile, index and title; "
                             "send text, html or url as JSON")
        given: dict[str, Any] = {}
        filename = None
        for key in ("file",) if api else ("text", "url", "file"):
            value = form.get(key)
            if isinstance(value, UploadFile):
                if key != "file":
                    raise InputError(f"the form field {key!r} must be text, not a file")
                if not value.filename and not value.size:
                    continue  # an empty file input
                given[key] = await value.read()
                filename = value.filename
            elif isinstance(value, str) and value != "":
                if key == "file":
                    raise InputError("the form field 'file' must be a file upload")
                # browsers send a textarea's line breaks as CRLF: the pasted text had plain newlines
                given[key] = value.replace("\r\n", "\n") if key == "text" else value
        profile = form.get("profile") or settings.profile
        title = form.get("title") or None
        index = form.get("index") or None
        if not isinstance(profile, str) or not all(v is None or isinstance(v, str) for v in (title, index)):
            raise InputError("the form fields 'profile', 'index' and 'title' must be text")
    finally:
        await form.close()
    return _make_job(given, profile, index, title, filename, fields="file" if api else "text, url or file")


async def _read_form(request: Request, ctype: str, settings: Settings):
    """The form's fields and file: an urlencoded form read as UTF-8, percent-escapes and raw bytes
    alike; a multipart form through :class:`_Utf8Fields`."""
    from starlette.exceptions import HTTPException

    if ctype != "multipart/form-data":
        # Starlette reads an urlencoded body as Latin-1 and its escapes with errors="replace": "caf%E9"
        # was analysed as "caf\ufffd", raw "caf\xe9" as "café" and raw UTF-8 "caf\xc3\xa9" as "cafÃ©"
        try:
            fields = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                               errors="strict")
        except UnicodeDecodeError:
            raise DecodingError("the form's fields are not valid UTF-8; send the text as UTF-8") from None
        # the fields read are counted, as Request.form counts them: parse_qsl's max_num_fields counts the
        # '&'s, so 20 fields and a trailing '&' (or an empty pair, "&&") were refused (the body is
        # already within max_body_bytes)
        if len(fields) > 20:
            raise HTTPException(400, "Too many fields. Maximum number of fields is 20.")
        return FormData(fields)

    try:
        return await _Utf8Fields(request.headers, request.stream(), max_files=1, max_fields=20,
                                 max_part_size=settings.max_body_bytes).parse()
    except MultiPartException as err:  # as Request.form answers it
        raise HTTPException(400, err.message) from None

