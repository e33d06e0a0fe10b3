"""Every error path of the web app, in one place: one JSON shape
``{"error": {"code", "message", "status"}}``, an HTTP status that fits, security headers, and no
echo of what the client sent. The form route answers with a fixed-text HTML page instead."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from unspin import timelimit  # noqa: E402
from unspin.errors import ModelError  # noqa: E402
from unspin.inputs import MAX_CHARS  # noqa: E402
from unspin.web.service import Settings  # noqa: E402
from unspin.web.app import create_app  # noqa: E402

from ._web_reports import ARTICLE, layered_runner, parse  # noqa: E402

MARK = "<script>reflected()</script>"


def boom(source, profile, index):
    raise RuntimeError(f"secret internals {MARK}")


def broken_model(source, profile, index):
    raise ModelError("model 'techniques-fast' failed its hash check")


def slow(source, profile, index):
    time.sleep(1.0)
    return layered_runner(source, profile, index)


_gate = threading.Event()


def gated(source, profile, index):
    _gate.wait(5)
    return layered_runner(source, profile, index)


def app_for(kind: str):
    if kind == "small":
        return create_app(Settings(preload=False, max_body_bytes=1000), runner=layered_runner)
    if kind == "boom":
        return create_app(Settings(preload=False), runner=boom)
    if kind == "model":
        return create_app(Settings(preload=False), runner=broken_model)
    if kind == "fastonly":
        return create_app(Settings(preload=False, profiles=("fast",)), runner=layered_runner)
    if kind == "fetch":
        return create_app(Settings(preload=False, allow_fetch=True), runner=layered_runner)
    if kind == "slow":
        return create_app(Settings(preload=False, timeout_s=0.2), runner=slow)
    return create_app(Settings(preload=False), runner=layered_runner)


JSON = {"content-type": "application/json"}
CASES = [
    # (id, app, method, path, request kwargs, status, code)
    ("unknown-path", "default", "GET", f"/v1/{MARK}", {}, 404, "not_found"),
    ("wrong-method", "default", "GET", "/v1/analyze", {}, 405, "method_not_allowed"),
    ("wrong-method-health", "default", "POST", "/v1/health", {}, 405, "method_not_allowed"),
    ("invalid-json", "default", "POST", "/v1/analyze", {"content": "{" + MARK, "headers": JSON}, 400, "invalid_json"),
    ("deep-json", "default", "POST", "/v1/analyze", {"content": '{"text": "a", "x": ' + "[" * 5000 + "]" * 5000 + "}", "headers": JSON}, 400, "invalid_json"),
    ("not-utf8-json", "default", "POST", "/v1/analyze", {"content": b'{"text": "caf\xe9"}', "headers": JSON}, 400, "invalid_json"),
    ("no-input", "default", "POST", "/v1/analyze", {"json": {"profile": "fast"}}, 400, "bad_input"),
    ("two-inputs", "default", "POST", "/v1/analyze", {"json": {"text": MARK, "html": MARK}}, 400, "bad_input"),
    ("empty-text", "default", "POST", "/v1/analyze", {"json": {"text": "  \n "}}, 400, "empty_input"),
    ("fetch-off", "default", "POST", "/v1/analyze", {"json": {"url": f"https://example.com/{MARK}"}}, 400, "fetch_disabled"),
    ("unknown-index", "default", "POST", "/v1/analyze", {"json": {"text": ARTICLE, "index": MARK}}, 400, "configuration"),
    ("profile-not-served", "fastonly", "POST", "/v1/analyze", {"json": {"text": ARTICLE, "profile": "full"}}, 400, "configuration"),
    ("blocked-address", "fetch", "POST", "/v1/analyze", {"json": {"url": f"http://127.0.0.1:9/{MARK}"}}, 400, "blocked_address"),
    ("no-host", "fetch", "POST", "/v1/analyze", {"json": {"url": f"http:///{MARK}"}}, 415, "unsupported_input"),
    ("body-too-large", "small", "POST", "/v1/analyze", {"json": {"text": MARK * 100}}, 413, "too_large"),
    ("article-too-long", "default", "POST", "/v1/analyze", {"json": {"text": "a" * (MAX_CHARS + 1)}}, 413, "too_large"),
    ("not-json", "default", "POST", "/v1/analyze", {"content": MARK, "headers": {"content-type": "text/plain"}}, 415, "unsupported_input"),
    ("form-to-api", "default", "POST", "/v1/analyze", {"data": {"text": MARK}}, 415, "unsupported_input"),
    ("upload-with-text", "default", "POST", "/v1/analyze", {"files": {"file": ("a.txt", ARTICLE.encode(), "text/plain")},
                                                            "data": {"text": MARK}}, 400, "bad_input"),
    ("upload-without-file", "default", "POST", "/v1/analyze", {"files": {"title": (None, MARK)}}, 400, "bad_input"),
    ("upload-not-a-file", "default", "POST", "/v1/analyze", {"files": {"file": (None, MARK)}}, 400, "bad_input"),
    ("surrogate", "default", "POST", "/v1/analyze", {"content": '{"text": "a \\ud800 b"}', "headers": JSON}, 415, "not_utf8"),
    ("wrong-type", "default", "POST", "/v1/analyze", {"json": {"text": 42}}, 422, "validation_error"),
    ("unknown-field", "default", "POST", "/v1/analyze", {"json": {"text": ARTICLE, MARK: 1}}, 422, "validation_error"),
    ("bad-profile", "default", "POST", "/v1/analyze", {"json": {"text": ARTICLE, "profile": MARK}}, 422, "validation_error"),
    ("array-body", "default", "POST", "/v1/analyze", {"json": [MARK]}, 422, "validation_error"),
    ("title-too-long", "default", "POST", "/v1/analyze", {"json": {"text": ARTICLE, "title": MARK * 100}}, 422, "validation_error"),
    ("html-without-article", "default", "POST", "/v1/analyze", {"json": {"html": "<html><head><title>x</title></head><body><script>var a;</script></body></html>"}}, 422,
     "no_article_text"),
    ("internal-error", "boom", "POST", "/v1/analyze", {"json": {"text": ARTICLE}}, 500, "internal_error"),
    ("model-error", "model", "POST", "/v1/analyze", {"json": {"text": ARTICLE}}, 500, "model_error"),
    ("timeout", "slow", "POST", "/v1/analyze", {"json": {"text": ARTICLE}}, 504, "timeout"),
]


@pytest.fixture(scope="module")
def clients():
    made = {}
    yield lambda kind: made.setdefault(kind, TestClient(app_for(kind), raise_server_exceptions=False))


def assert_error_shape(resp, status: int, code: str):
    assert resp.status_code == status, resp.text[:300]
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    assert "Traceback" not in resp.text


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_error_has_the_one_shape(clients, case):
    _, kind, method, path, kwargs, status, code = case
    resp = clients(kind).request(method, path, **kwargs)
    assert_error_shape(resp, status, code)
    assert "reflected()" not in resp.text and "secret internals" not in resp.text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_browser_at_an_unknown_address_gets_a_page_that_links_to_the_form(clients):
    """A reader who mistypes an address sees a page, not JSON; API clients keep the one JSON shape."""
    c = clients("default")
    resp = c.get(f"/nope/{MARK}", headers={"accept": BROWSER})
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    root = parse(resp.text)
    assert "does not exist" in root.find_all("h1")[0].text() and "reflected()" not in resp.text
    assert [a.attrs["href"] for a in root.find_all("a") if "form" in a.text()] == ["/"]
    assert resp.headers["x-content-type-options"] == "nosniff" and "script-src 'self'" in resp.headers["content-security-policy"]
    assert c.head("/nope", headers={"accept": BROWSER}).status_code == 404
    for headers in ({}, {"accept": "*/*"}, {"accept": "application/json"}, {"accept": "text/html, application/json"}):
        assert_error_shape(c.get("/nope", headers=headers), 404, "not_found")
    assert_error_shape(c.post("/nope", headers={"accept": BROWSER}), 404, "not_found")


def test_chunked_body_over_the_limit(clients):
    def body():
        for _ in range(20):
            yield b"x" * 100
    resp = clients("small").post("/v1/analyze", content=body(), headers=JSON)
    assert_error_shape(resp, 413, "too_large")


def test_overloaded_queue_answers_503():
    _gate.clear()
    app = create_app(Settings(preload=False, workers=1, max_queue=0), runner=gated)
    from concurrent.futures import ThreadPoolExecutor

    with TestClient(app) as c, ThreadPoolExecutor(1) as pool:
        first = pool.submit(c.post, "/v1/analyze", json={"text": ARTICLE})
        for _ in range(100):
            if c.get("/v1/health").json()["inflight"] == 1:
                break
            time.sleep(0.05)
        busy = c.post("/v1/analyze", json={"text": ARTICLE})
        assert_error_shape(busy, 503, "overloaded")
        # a client (or a proxy) is told when to come back, not left to retry at once
        assert 1 <= int(busy.headers["retry-after"]) <= 60
        page = c.post("/report", data={"text": ARTICLE})
        assert page.status_code == 503 and int(page.headers["retry-after"]) >= 1
        _gate.set()
        assert first.result(timeout=120).status_code == 200


def test_retry_after_lets_the_queue_empty_first():
    """A server with 2 workers and 3 places in its queue has answered some one-line requests at once
    and then an article in 1.2 s; five articles are now in flight and a sixth is refused. Its
    Retry-After must cover the queue at the slowest pace seen (3 rounds of 1.2 s), or a client that
    obeys it (and every client refused with it) finds the queue still full: the running average of
    mostly one-line requests had said 2 s."""
    gate = threading.Event()

    def runner(source, profile, index):
        if "strike" in source.text:
            if source.meta.get("title") == "held":
                gate.wait(10)
            else:
                time.sleep(1.2)
        return layered_runner(source, profile, index)

    app = create_app(Settings(preload=False, workers=2, max_queue=3), runner=runner)
    from concurrent.futures import ThreadPoolExecutor

    with TestClient(app) as c, ThreadPoolExecutor(5) as pool:
        for _ in range(6):
            assert c.post("/v1/analyze", json={"text": "The minister said the plan had failed."}).status_code == 200
        assert c.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200  # 1.2 s
        busy, held = _refused_while_held(c, pool, gate, 5)
        assert_error_shape(busy, 503, "overloaded")
        assert int(busy.headers["retry-after"]) >= 3 * 1.2
        assert all(f.result(timeout=60).status_code == 200 for f in held)


def _refused_while_held(c, pool, gate, n):
    """Hold `n` analyses of ARTICLE titled "held" (the runner waits on `gate`), post one more while
    they are in flight, then let them go: (that response, the held requests' futures)."""
    held = [pool.submit(c.post, "/v1/analyze", json={"text": ARTICLE, "title": "held"}) for _ in range(n)]
    for _ in range(200):
        if c.get("/v1/health").json()["inflight"] == n:
            break
        time.sleep(0.02)
    busy = c.post("/v1/analyze", json={"text": ARTICLE})
    gate.set()
    return busy, held


def test_one_slow_analysis_does_not_set_the_retry_after_of_every_client():
    """Ninety clients of one article: one of the recent analyses took 2.5 s (a page that ran to its
    timeout), the others a fraction of a second. A client refused now must be told when the queue
    of such articles will likely be done, at their usual pace, not at the slow one's: it had been
    told 3 rounds of 2.5 s (8 s) for a queue that emptied in 1."""
    gate = threading.Event()

    def runner(source, profile, index):
        if source.meta.get("title") == "slow":
            time.sleep(2.5)
        elif source.meta.get("title") == "held":
            gate.wait(10)
        return layered_runner(source, profile, index)

    app = create_app(Settings(preload=False, workers=2, max_queue=4), runner=runner)
    from concurrent.futures import ThreadPoolExecutor

    with TestClient(app) as c, ThreadPoolExecutor(6) as pool:
        for title in ["Strike"] * 3 + ["slow"] + ["Strike"] * 4:
            assert c.post("/v1/analyze", json={"text": ARTICLE, "title": title}).status_code == 200
        busy, held = _refused_while_held(c, pool, gate, 6)
        assert_error_shape(busy, 503, "overloaded")
        assert int(busy.headers["retry-after"]) <= 2
        assert all(f.result(timeout=60).status_code == 200 for f in held)


# ---- the form route: an HTML page with fixed text ----------------------------------------------------

FORM_CASES = [
    ("empty-form", {"data": {"profile": "fast"}}, 400, "bad_input"),
    ("empty-text", {"data": {"text": "   "}}, 400, "empty_input"),
    ("fetch-off", {"data": {"url": f"https://example.com/{MARK}"}}, 400, "fetch_disabled"),
    ("binary-upload", {"files": {"file": (f"{MARK}.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}}, 415, "binary_input"),
    ("cp1251-upload", {"files": {"file": (f"{MARK}.txt", "Министр сказал.".encode("cp1251"), "text/plain")}}, 415, "not_utf8"),
    ("json-to-form", {"json": {"text": MARK}}, 415, "unsupported_input"),
    ("bad-profile", {"data": {"text": ARTICLE, "profile": MARK}}, 400, "configuration"),
]


@pytest.mark.parametrize("case", FORM_CASES, ids=[c[0] for c in FORM_CASES])
def test_form_errors_are_fixed_text_pages(clients, case):
    _, kwargs, status, code = case
    resp = clients("default").post("/report", **kwargs)
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("text/html")
    assert f"error {status} · {code}" in resp.text
    assert "reflected()" not in resp.text and "example.com" not in resp.text and "café" not in resp.text
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_form_body_too_large_is_a_page():
    resp = TestClient(app_for("small")).post("/report", data={"text": "word " * 1000})
    assert resp.status_code == 413 and "error 413 · too_large" in resp.text


def test_random_bodies_get_a_report_or_the_error_shape(clients):
    """Arbitrary JSON (and non-JSON) bodies: a 200 report or a 4xx in the one shape, never a 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = clients("default")
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40))
    values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=5), scalars, max_size=3))
    keys = st.sampled_from(["text", "html", "url", "profile", "index", "title", "extra", ""])
    bodies = st.one_of(st.dictionaries(keys, values, max_size=4), values, st.binary(max_size=60))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(bodies)
    def check(body):
        if isinstance(body, bytes):
            resp = client.post("/v1/analyze", content=body, headers=JSON)
        else:
            resp = client.post("/v1/analyze", json=body)
        if resp.status_code == 200:
            assert resp.json()["schema"] == "unspin.report/1"
        else:
            assert 400 <= resp.status_code < 500, resp.text
            err = resp.json()["error"]
            assert set(err) == {"code", "message", "status"} and err["status"] == resp.status_code

    check()


def test_a_timed_out_analysis_stops_at_its_next_step():
    """After a 504 nobody reads the report: the analysis must not go on holding a worker."""
    steps = []

    def two_steps(source, profile, index):
        time.sleep(0.6)
        steps.append("parse")
        timelimit.step("techniques")  # as the pipeline checks between its steps and inside its long loops
        steps.append("techniques")
        return layered_runner(source, profile, index)

    with TestClient(create_app(Settings(preload=False, timeout_s=0.2), runner=two_steps)) as client:
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 504
        time.sleep(1.0)
        assert steps == ["parse"]
        assert client.get("/v1/health").json()["inflight"] == 0


def test_an_analysis_runs_under_its_requests_time_limit():
    """The deadline reaches inside the analysis (unspin.timelimit), so a long loop stops too, not
    only the steps between layers; an analysis that ends in time is untouched."""
    seen = {}

    def runner(source, profile, index):
        seen["limit"] = [r.limit for r in timelimit.running()]
        return layered_runner(source, profile, index)

    with TestClient(create_app(Settings(preload=False, timeout_s=30), runner=runner)) as client:
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
    assert len(seen["limit"]) == 1 and 25 < seen["limit"][0] <= 30


# ---- clients that hang up ----------------------------------------------------------------------------


def _hang_up(app, path: str, content_type: bytes, parts: list, *, after: float = 0.0) -> list:
    """Drive the app as uvicorn does for a client that sends `parts` of its body and then
    disconnects (`after` seconds later); returns what the app tried to send."""
    import asyncio

    sent = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000), "headers": [(b"content-type", content_type), (b"content-length", b"100000")]}
    messages = [{"type": "http.request", "body": part, "more_body": i < len(parts) - 1 or after == 0}
                for i, part in enumerate(parts)]

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.sleep(after)
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


@pytest.mark.parametrize("path,ctype,part", [
    ("/v1/analyze", b"application/json", b'{"text": "The harbour strike entered its third week as'),
    ("/report", b"multipart/form-data; boundary=xyz", b'--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nThe harbour'),
])
def test_a_client_that_hangs_up_mid_upload_is_one_log_line(caplog, path, ctype, part):
    app = create_app(Settings(preload=False), runner=layered_runner)
    with caplog.at_level("INFO", logger="unspin.web"):
        sent = _hang_up(app, path, ctype, [part])
    assert sent == []  # nobody to answer
    lines = [r for r in caplog.records if r.name == "unspin.web"]
    assert len(lines) == 1 and "disconnected" in lines[0].getMessage() and not lines[0].exc_info
    assert lines[0].getMessage().startswith(f"127.0.0.1:5000 POST {path}: ")
    assert "Traceback" not in caplog.text


def test_an_analysis_whose_client_has_gone_stops_at_its_next_check(caplog):
    """A reader who gives up on a long article (or keeps reloading) must not leave its analysis
    holding a worker until it ends."""
    ran = {}

    def long_analysis(source, profile, index):
        start = time.monotonic()
        try:
            while time.monotonic() - start < 10:
                timelimit.check()  # as the pipeline checks per sentence
                time.sleep(0.02)
        finally:
            ran["seconds"] = time.monotonic() - start
        return layered_runner(source, profile, index)

    app = create_app(Settings(preload=False, timeout_s=30), runner=long_analysis)
    body = b'{"text": "The harbour strike entered its third week as talks stalled."}'
    with caplog.at_level("INFO", logger="unspin.web"):
        sent = _hang_up(app, "/v1/analyze", b"application/json", [body], after=0.3)
    for _ in range(100):
        if "seconds" in ran:
            break
        time.sleep(0.05)
    assert sent == [] and ran["seconds"] < 2
    assert app.state.service.inflight == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "unspin.web"]
    # no access line is written for it: this one names the client as the access log would
    assert lines == ["127.0.0.1:5000 POST /v1/analyze: the client disconnected; its analysis was abandoned"]


def test_a_json_body_is_read_as_utf8_only(clients):
    """As docs/web.md and RFC 8259 say: a body in UTF-16 or UTF-32, with its byte-order mark or not, is
    refused with the message that says to send UTF-8 (it had been analysed); a UTF-8 one with a
    byte-order mark is read, the mark ignored."""
    c = clients("small")
    body = '{"text": "Café owners said the strike had cost them a week."}'
    for codec in ("utf-16", "utf-16-le", "utf-32"):
        resp = c.post("/v1/analyze", content=body.encode(codec), headers=JSON)
        assert_error_shape(resp, 400, "invalid_json")
        assert resp.json()["error"]["message"] == "the request body is not UTF-8: send JSON as UTF-8", codec
    resp = c.post("/v1/analyze", content=body.encode("utf-8-sig"), headers=JSON)
    assert resp.status_code == 200 and resp.json()["text"] == "Café owners said the strike had cost them a week."


def test_the_api_page_and_openapi_say_what_the_errors_really_are(clients):
    """An integrator reading /api or /openapi.json is told the statuses the server really answers."""
    c = clients("small")
    latin1 = '{"text": "Café owners said the strike had cost them a week."}'.encode("latin-1")
    resp = c.post("/v1/analyze", content=latin1, headers={"content-type": "application/json; charset=latin-1"})
    assert_error_shape(resp, 400, "invalid_json")
    assert resp.json()["error"]["message"] == ("the request body is not UTF-8: send JSON as UTF-8 "
                                               "(the charset declared, latin-1, is not read)")
    put = c.put("/v1/health")
    assert_error_shape(put, 405, "method_not_allowed")
    assert put.headers["allow"] == "GET, HEAD" and c.head("/v1/health").status_code == 200
    page = c.get("/api").text
    rows = {row.split("</td>")[0]: row for row in page.split("<tr><td>")[1:]}
    assert "not UTF-8" in rows["400"] and "configuration" in rows["400"] and "500" in rows
    # a page or file that is not UTF-8 nor Western text, and form fields that are not UTF-8 (a JSON body that is not: 400)
    assert "a page or file neither UTF-8 nor Western text" in rows["415"] and "form fields that are not UTF-8" in rows["415"]
    spec = c.get("/openapi.json").json()["paths"]
    for path in ("/v1/health", "/v1/techniques"):
        assert {"200", "413", "500"} <= set(spec[path]["get"]["responses"])


def test_every_error_code_of_unspin_is_on_the_api_page_the_docs_and_the_error_page(clients):
    """Each code unspin.errors defines is in the /api table, under the status it is answered with, or
    named there as one the server never answers with; likewise in docs/web.md; and the form's error
    page has its own text for it (a code added to errors.py later fails here until it is placed)."""
    import re
    from pathlib import Path

    from unspin import errors
    from unspin.web.pages import ERROR_TEXT

    codes = {c.code: c.http_status for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.UnspinError)}
    assert "unreadable" in codes and len(codes) >= 18
    page = clients("default").get("/api").text
    table, never = page.split("<h2>Errors</h2>")[1].split("</table>", 1)
    rows = {code: status for status, cells in re.findall(r"<tr><td>([^<]+)</td><td><span class=\"codes\">(.*?)</span>", table, re.S)
            for code in re.findall(r"<code>(\w+)</code>", cells)}
    never = set(re.findall(r"<code>(\w+)</code>", never.split("</section>")[0]))
    docs = (Path(__file__).resolve().parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    doc_table, doc_never = docs.split("| Status | `code` | When |")[1].split("\n\n")[:2]
    doc_rows = {code: status.strip() for status, cells in re.findall(r"^\| ([^|]+) \| ([^|]+) \|", doc_table, re.M)
                for code in re.findall(r"`(\w+)`", cells)}
    for code, status in codes.items():
        assert (code in rows) != (code in never), f"{code}: on the /api page once, in the table or as never answered"
        assert code not in rows or rows[code] == str(status), f"{code}: answered with {status}, listed under {rows[code]}"
        assert (code in doc_rows) != (f"`{code}`" in doc_never), f"{code}: in docs/web.md once"
        assert doc_rows.get(code, rows.get(code)) == rows.get(code)
        assert code in ERROR_TEXT, f"{code}: the form's error page has no text for it"
