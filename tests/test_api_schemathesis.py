"""The REST API fuzzed against its own OpenAPI document (schemathesis), in-process over ASGI.

Schemathesis reads ``/openapi.json`` and generates requests that fit the schema and requests that
break it. For every response: never a 5xx, the status is one the schema declares, the body matches
the declared schema, and every error is the one JSON shape ``{"error": {"code", "message", "status"}}``
with ``status`` equal to the HTTP status. The app runs the real `fast` pipeline (the one a server
runs by default); only the `fast` profile is served so `full` requests are a 400, not a model load.
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from unspin.report import Report  # noqa: E402
from unspin.web.app import create_app  # noqa: E402
from unspin.web.service import Settings  # noqa: E402

pytestmark = pytest.mark.slow

#: examples per operation (positive and negative cases together); enough to hit every branch of the request model
#: (types, enums, lengths, extra fields, missing body) while the whole file stays around a minute
MAX_EXAMPLES = 40

#: the client's read timeout (a long random article on a busy machine can take seconds)
TIMEOUT_S = 120


def make_app():
    return create_app(Settings(preload=False, profiles=("fast",), workers=1, timeout_s=TIMEOUT_S))


schema = schemathesis.openapi.from_asgi("/openapi.json", make_app())


@pytest.fixture
def app():
    """A fresh app per test: schemathesis ends an app's lifespan (which shuts its worker pool) after each test."""
    return make_app()


@pytest.fixture(scope="module", autouse=True)
def warm_pipeline():
    """Load the `fast` models and spaCy once, so no request waits on loading."""
    from unspin.pipeline import get_pipeline

    get_pipeline("fast", index=None)("Officials said on Monday that the budget was spent.")


def error_shape(ctx, response, case):
    """Every 4xx/5xx answer of the API is the one JSON error shape, and repeats its own status."""
    if response.status_code < 400:
        return None
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), (
        f"error {response.status_code} is not JSON: {response.headers.get('content-type')}")
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "status"}, err
    assert isinstance(err["code"], str) and err["code"], err
    assert isinstance(err["message"], str) and err["message"], err
    assert err["status"] == response.status_code, err
    assert "Traceback" not in err["message"]
    return True


def security_headers(ctx, response, case):
    """Every answer, errors included, carries the CSP and nosniff headers."""
    csp = response.headers.get("content-security-policy", [""])[0]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp, csp
    assert response.headers.get("x-content-type-options", [""])[0] == "nosniff"
    return True


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection, error_shape, security_headers]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(app, case):
    case.call_and_validate(app=app, checks=CHECKS, timeout=TIMEOUT_S)


ANALYZE = schema["/v1/analyze"]["POST"]
SENTENCE = "Officials said on Monday that 40 percent of the budget was spent on roads. "
#: article-like text: schema-generated strings, random Unicode, and real sentences mixed with both
articles = st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(st.one_of(st.just(SENTENCE), st.text(max_size=40)), min_size=1, max_size=12).map("".join),
)


@given(case=ANALYZE.as_strategy(schemathesis.GenerationMode.POSITIVE), kind=st.sampled_from(["text", "html", "article"]),
       fallback=articles)
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_analyze_with_one_input_runs_the_pipeline(app, case, kind, fallback):
    """Schema-generated bodies reduced to exactly one input (which the schema cannot say), so the
    requests reach the pipeline: a 200 is a schema-valid Report whose offsets all fit its text."""
    body = dict(case.body)
    given = [body[k] for k in ("text", "html", "url") if isinstance(body.get(k), str) and body[k].strip()]
    value = given[0] if given else fallback
    for key in ("text", "html", "url", "index"):
        body.pop(key, None)
    if kind == "article":  # the value inside a page trafilatura can extract
        kind, value = "html", f"<html><head><title>t</title></head><body><article><p>{SENTENCE * 3}</p><p>{value}</p></article></body></html>"
    body[kind] = value
    case.body = body
    response = case.call_and_validate(app=app, checks=CHECKS, timeout=TIMEOUT_S)
    if response.status_code == 200:
        report = Report.from_json(response.text)
        assert report.sentences, "a 200 report of a non-empty article has sentences"
        for layer, start, end in report.iter_spans():
            assert 0 <= start < end <= len(report.text), (layer, start, end)


def test_schema_covers_the_api():
    """The fuzzing above reaches every REST operation (a route left out of the schema would not be fuzzed)."""
    ops = {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}
    assert {("POST", "/v1/analyze"), ("GET", "/v1/health"), ("GET", "/v1/techniques")} <= ops
