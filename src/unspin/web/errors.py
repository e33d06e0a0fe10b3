"""Every error the web app answers with, in one shape:

    {"error": {"code": "too_large", "message": "...", "status": 413}}

UnspinError subclasses carry their ``code`` and ``http_status``; routing errors (404, 405),
validation errors (422) and anything unexpected (500) are converted here too. The form page
(``POST /report``) answers with an HTML page instead, whose text is fixed per code: it never
repeats what the user sent; so does an unknown address asked for by a browser (``Accept:
text/html``, not JSON), whose page links to the form.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from ..errors import UnspinError

log = logging.getLogger("unspin.web")

#: routes whose errors are HTML pages (for people using the form), not JSON
HTML_ROUTES = ("/report",)

#: codes of HTTP errors raised by routing or Starlette itself
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
              422: "validation_error", 500: "internal_error", 503: "overloaded", 504: "timeout"}
HTTP_MESSAGES = {
    404: "no such page or endpoint; the API is described at /api",
    405: "this method is not allowed here; the API is described at /api",
}

#: field names of request bodies that may appear in validation messages
REQUEST_FIELDS = ("text", "html", "url", "profile", "index", "title")

#: the error schema, for the OpenAPI document
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "machine-readable kind, e.g. too_large, empty_input, timeout"},
                "message": {"type": "string", "description": "what was wrong and what is accepted"},
                "status": {"type": "integer", "description": "the HTTP status, repeated"},
            },
        }
    },
}


def error_body(code: str, message: str, status: int) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def error_json(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse(error_body(code, message, status), status_code=status)


def wants_html(request: Request) -> bool:
    """Whether the client is a browser following a link or typing an address: a GET or HEAD that
    accepts text/html and not JSON (curl and httpx send */*; browsers list text/html first)."""
    accept = request.headers.get("accept", "").lower()
    return request.method in ("GET", "HEAD") and "text/html" in accept and "json" not in accept


def respond(request: Request, code: str, message: str, status: int):
    """The error as JSON, or as a fixed-text HTML page: for the form routes, and for a browser at an
    unknown address."""
    if request.url.path in HTML_ROUTES and request.method == "POST":
        from .pages import error_page

        return HTMLResponse(error_page(code, status, message), status_code=status)
    if status == 404 and wants_html(request):
        from .pages import not_found_page

        return HTMLResponse(not_found_page(), status_code=404)
    return error_json(code, message, status)


def validation_message(errors: list[dict[str, Any]], fields: tuple[str, ...] = ()) -> str:
    """Where the request was invalid and why, without echoing anything the client sent (values,
    or the names of fields it made up)."""
    parts = []
    for e in errors[:10]:
        if e.get("type") == "extra_forbidden":
            parts.append(f"unknown field (the fields are: {', '.join(fields)})" if fields else "unknown field")
            continue
        loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body" and (isinstance(x, int) or x in fields)) or "body"
        parts.append(f"{loc}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(dict.fromkeys(parts))


def allowed_methods(request: Request) -> list[str]:
    """The methods the app's routes take at this request's path."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    return sorted(methods, key=lambda m: (order.index(m) if m in order else len(order), m))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(UnspinError)
    async def unspin_error(request: Request, err: UnspinError):
        response = respond(request, err.code, str(err), err.http_status)
        if getattr(err, "retry_after", None):  # 503 overloaded: when to come back
            response.headers["retry-after"] = str(err.retry_after)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        status = err.status_code
        code = HTTP_CODES.get(status, "http_error")
        message = HTTP_MESSAGES.get(status) or (err.detail if isinstance(err.detail, str) else "the request failed")
        response = respond(request, code, message, status)
        for key, value in (err.headers or {}).items():
            response.headers[key] = value
        if status == 405 and allowed_methods(request):  # every method taken at this path (Starlette names one route's)
            response.headers["allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError):
        errors = list(err.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return respond(request, "invalid_json", "the request body is not valid JSON", 400)
        return respond(request, "validation_error", validation_message(errors, REQUEST_FIELDS), 422)
