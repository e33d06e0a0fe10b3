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

from ._web_reports import ARTICLE, layered_runner  # noqa: E402

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
        assert_error_shape(c.post("/v1/analyze", json={"text": ARTICLE}), 503, "overloaded")
        _gate.set()
        assert first.result(timeout=120).status_code == 200


# ---- the form route: an HTML page with fixed text ----------------------------------------------------

FORM_CASES = [
    ("empty-form", {"data": {"profile": "fast"}}, 400, "bad_input"),
    ("empty-text", {"data": {"text": "   "}}, 400, "empty_input"),
    ("fetch-off", {"data": {"url": f"https://example.com/{MARK}"}}, 400, "fetch_disabled"),
    ("binary-upload", {"files": {"file": (f"{MARK}.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}}, 415, "binary_input"),
    ("latin1-upload", {"files": {"file": (f"{MARK}.txt", "café crème".encode("latin-1"), "text/plain")}}, 415, "not_utf8"),
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
