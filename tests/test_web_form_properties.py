"""Property tests of the urlencoded form POST /report reads itself (web.app._read_form): any body
gets a clear 4xx or is read right, '+' and percent-escapes, raw UTF-8 and repeated fields alike;
never a 500."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from unspin.report import Report  # noqa: E402
from unspin.web.app import create_app  # noqa: E402
from unspin.web.service import Settings  # noqa: E402

FORM = {"content-type": "application/x-www-form-urlencoded"}
SEEN: list[tuple[str, str]] = []


def _runner(source, profile, index):
    """Records the text the form gave; analyses nothing."""
    SEEN.append((source.text, profile))
    return Report(text=source.text, meta={"profile": profile})


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(preload=False), runner=_runner), raise_server_exceptions=False) as c:
        yield c


def _check_error(resp):
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text[:300])
    assert 'role="alert"' in resp.text and "error " in resp.text  # the error page, with its code


#: the pieces a hostile or careless client's body is made of
PIECES = [b"text", b"title", b"profile", b"index", b"url", b"file", b"=", b"&", b"+", b"%", b"%2", b"%E9", b"%C3%A9",
          b"%ED%A0%80", b"\xc3\xa9", b"\xe9", b"\xff", b";", b"a", b" ", b"\r\n", b"%25", b"%2B", b"%26", b"%3D",
          b"\xf0\x9f\x98\x80", b"%F0%9F%98", b"fast", b"said", b"%00", b"\x00"]
bodies = st.one_of(st.binary(max_size=120), st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join))


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies)
def test_any_urlencoded_body_gets_a_clear_answer(client, body):
    resp = client.post("/report", content=body, headers=FORM)
    if resp.status_code != 200:
        _check_error(resp)


#: text as a browser or curl may send it: anything but NUL (binary_input) and lone surrogates
CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
fields = st.tuples(st.sampled_from(["text", "title", "profile", "junk"]), st.text(CHARS, max_size=30))


def _encode(s: str, how: int) -> bytes:
    if how == 0:
        return quote_plus(s).encode()
    if how == 1:
        return quote(s, safe="").encode()
    # raw UTF-8 (curl --data-raw), with only the characters the syntax needs escaped
    return s.replace("%", "%25").replace("+", "%2B").replace("&", "%26").replace("=", "%3D").replace(" ", "+").encode()


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(CHARS, min_size=1, max_size=60), st.lists(fields, max_size=4), st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_an_urlencoded_form_is_read_as_sent(client, text, others, hows):
    """The text analysed is the text sent (a textarea's CRLF read as LF), however it was escaped, and
    when a field is repeated the last one counts, as Starlette's own form reader had it."""
    sent = [("text", text + " the minister said"), *others]
    body = b"&".join(_encode(k, hows[2 * i % 12]) + b"=" + _encode(v, hows[(2 * i + 1) % 12]) for i, (k, v) in enumerate(sent))
    last = dict(sent)
    SEEN.clear()
    resp = client.post("/report", content=body, headers=FORM)
    if resp.status_code != 200:
        _check_error(resp)
        # only a profile this server lacks (400 configuration) or a text that is blank refuses such a form
        assert last.get("profile", "fast") not in ("", "fast") or not last["text"].strip(), (resp.status_code, body)
        return
    assert SEEN == [(last["text"].replace("\r\n", "\n"), last.get("profile") or "fast")]


@pytest.mark.parametrize("body, status", [
    (b"&".join([b"text=the+minister+said"] * 20) + b"&", 200),  # a trailing '&' is no field
    (b"&&".join([b"text=the+minister+said"] * 20) + b"&&&", 200),  # nor is an empty pair
    (b"&" * 40 + b"text=the+minister+said", 200),
    (b"&".join([b"text=the+minister+said"] * 21), 400),
    (b"&".join([b"text=the+minister+said"] * 20) + b"&=", 400),  # "=" is a field (a blank name), to Starlette too
], ids=["trailing-amp", "empty-pairs", "leading-amps", "21-fields", "blank-field"])
def test_the_20_field_limit_counts_fields_as_starlette_did(client, body, status):
    """A form of 20 fields is read whatever empty pairs it has: the limit counted the '&'s, so a
    trailing '&' made 20 fields a 400 "Too many fields" that Starlette's own form reader did not give."""
    resp = client.post("/report", content=body, headers=FORM)
    assert resp.status_code == status, resp.text[:300]
    if status == 400:
        assert "error 400 · bad_request" in resp.text
