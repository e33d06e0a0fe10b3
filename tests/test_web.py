"""The web app through FastAPI's TestClient: REST analysis, the form pages, uploads, health,
techniques, OpenAPI, limits, fetch switched off, shared models and concurrency."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from unspin.techniques import DEFINITIONS  # noqa: E402
from unspin.web.app import CSP, create_app  # noqa: E402
from unspin.web.service import MARKUP_WARNING, Settings  # noqa: E402

from ._web_reports import ARTICLE, HOSTILE, HOSTILE_TITLE, at, layered_runner, parse  # noqa: E402


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(preload=False), runner=layered_runner)
    with TestClient(app) as c:
        yield c


def check_secure(resp):
    assert resp.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert resp.headers["x-content-type-options"] == "nosniff"


# ---- REST ------------------------------------------------------------------------------------


def test_analyze_text_returns_the_report(client):
    resp = client.post("/v1/analyze", json={"text": ARTICLE, "profile": "fast", "title": "Strike"})
    assert resp.status_code == 200, resp.text
    check_secure(resp)
    data = resp.json()
    assert data["schema"] == "unspin.report/1" and data["text"] == ARTICLE
    assert data["meta"]["title"] == "Strike"
    spans = {(t["start"], t["end"]) for t in data["techniques"]}
    assert at(ARTICLE, "radical agitators") in spans
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads(resources.files("unspin").joinpath("schema/report-1.json").read_text())
    jsonschema.validate(data, schema)


def test_a_request_without_a_profile_gets_the_servers():
    seen = []

    def runner(source, profile, index):
        seen.append(profile)
        return layered_runner(source, profile, index)

    with TestClient(create_app(Settings(preload=False, profile="full"), runner=runner)) as c:
        assert c.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
        assert c.post("/v1/analyze", json={"text": ARTICLE, "profile": "fast"}).status_code == 200
        assert c.get("/v1/health").json()["default_profile"] == "full"
    assert seen == ["full", "fast"]


def test_an_article_longer_than_the_server_analyses_is_413_before_it_holds_a_worker():
    calls = []

    def runner(source, profile, index):
        calls.append(len(source.text))
        return layered_runner(source, profile, index)

    with TestClient(create_app(Settings(preload=False, max_chars=len(ARTICLE) + 10), runner=runner)) as c:
        assert c.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
        long = c.post("/v1/analyze", json={"text": ARTICLE + " more" * 10})
        assert long.status_code == 413 and "--max-chars" in long.json()["error"]["message"]
        page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in (ARTICLE + "\n\n" + ARTICLE).split("\n\n")) + "</article></body></html>"
        assert c.post("/v1/analyze", json={"html": page}).status_code == 413  # measured on the extracted text
        form = c.post("/report", data={"text": ARTICLE + " more" * 10})  # the form's page gives the limit and the size
        assert form.status_code == 413
        assert f"the article is {len(ARTICLE) + 50:,} characters; this server analyses at most {len(ARTICLE) + 10:,}" in form.text
    assert calls == [len(ARTICLE)]


def test_a_fault_gets_one_code_whichever_field_it_is_in(client):
    for field in ("text", "title", "index"):
        body = {"text": ARTICLE, field: "caf\udc80 au lait"}
        resp = client.post("/v1/analyze", content=json.dumps(body).encode(), headers={"content-type": "application/json"})
        assert (resp.status_code, resp.json()["error"]["code"]) == (415, "not_utf8"), field
    for body in ({"text": "  "}, {"url": ""}, {"html": "\n"}):
        resp = client.post("/v1/analyze", json=body)
        assert (resp.status_code, resp.json()["error"]["code"]) == (400, "empty_input"), body


def test_an_infinite_number_in_the_text_still_gives_valid_json():
    """A 310-digit figure overflows a float: the report must stay JSON a browser can parse."""
    from unspin.pipeline import Pipeline

    text = "Officials said the fund spent " + "9" * 310 + " dollars on the new harbour wall last year."
    with TestClient(create_app(Settings(preload=False),
                               runner=lambda s, p, i: Pipeline("fast", analyzers=["attribution"])(s))) as c:
        resp = c.post("/v1/analyze", json={"text": text})
    assert resp.status_code == 200
    data = json.loads(resp.text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert [q["value"] for c in data["claims"] for q in c["quantities"]] == [None]


def test_analyze_html_extracts_the_article(client):
    page = (f"<html><head><title>{HOSTILE_TITLE.replace('</title>', '')}</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:]) + "</article></body></html>")
    resp = client.post("/v1/analyze", json={"html": page})
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert "radical agitators" in data["text"] and "<p>" not in data["text"]
    assert data["meta"]["extracted_from"] == "html"


def test_a_page_source_pasted_as_text_is_extracted_with_a_warning(client):
    """A fact-checker who pastes a page's source into the text box wants the article analysed, not its
    markup: the text is read as the page it is, and the report says so. Text with a tag in it is not."""
    page = ("<!DOCTYPE html><html><head><title>Strike</title></head><body><nav>Home | World</nav><article>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:]) + "</article></body></html>")
    form = client.post("/report", data={"text": page})  # the web page's text box
    assert form.status_code == 200 and "radical agitators" in form.text and "&lt;p&gt;" not in form.text
    assert "HTML page&#x27;s source" in form.text or "HTML page's source" in form.text
    data = client.post("/v1/analyze", json={"text": page}).json()
    assert "radical agitators" in data["text"] and "<p>" not in data["text"] and "DOCTYPE" not in data["text"]
    assert any("HTML page's source" in w for w in data["warnings"])
    plain = client.post("/v1/analyze", json={"text": "The mayor wrote <b>never</b> on the sign, officials said on Monday."}).json()
    assert plain["text"].startswith("The mayor wrote <b>never</b>") and not any("page's source:" in w for w in plain["warnings"])


@pytest.mark.parametrize("fragment", [
    "<p>The harbour strike entered its third week.</p><p>Union leaders said talks had stalled.</p>",
    "<div>The harbour strike entered its third week.</div>\n\nUnion leaders said talks had stalled.",
    "<h1>Strike enters third week</h1>\nUnion leaders said talks had stalled, officials said on Monday.",
    "<span>Union</span> leaders said the harbour strike would go on.",
])
def test_text_that_opens_with_a_tag_is_analysed_as_the_string_sent(client, fragment):
    """The API's `text` is plain text whose offsets index exactly the string sent: a client that
    sends markup as text (a CMS field, a snippet) gets its spans on that string, not on an
    extraction of it. Only a whole page's source is read as HTML (previous test); `html` is for markup."""
    data = client.post("/v1/analyze", json={"text": fragment}).json()
    assert data["text"] == fragment and data["warnings"] == [MARKUP_WARNING]
    form = client.post("/report", data={"text": fragment})  # the same text pasted in the form
    assert form.status_code == 200 and "HTML page" not in form.text and "&lt;" in form.text


def test_text_with_tags_is_analysed_as_written_with_a_warning(client):
    """A reporter pastes a paragraph copied from a CMS's HTML view: the claims show its tags. The
    text is still analysed exactly as sent, but the report (JSON and the page) says it holds markup
    and how to have the text extracted; text that only compares figures ('x < y') is not markup."""
    fragment = ("<p>Experts say the plan failed.</p><p>The minister said 40% of the budget was spent by March, "
                "<a href=\"https://example.org/budget\">the ministry</a> confirmed.<br/>Talks resume on Monday.</p>")
    data = client.post("/v1/analyze", json={"text": fragment}).json()
    assert data["text"] == fragment and any("</a>" in data["text"][c["start"]:c["end"]] for c in data["claims"])
    assert data["warnings"] == ["the text contains HTML markup, analysed as written: to have its text extracted, "
                                "send it as `html` (API), upload it as an .html file, or paste the page's source whole"]
    form = client.post("/report", data={"text": fragment})
    assert form.status_code == 200 and "the text contains HTML markup, analysed as written" in form.text
    for plain in ("Inflation fell to 2.1% < 3% forecast, and the bank said rates would stay at 4% for now.",
                  "Officials said a<b and c>d held for the sample, and the result was <3 points from the target."):
        assert client.post("/v1/analyze", json={"text": plain}).json()["warnings"] == []
        assert "HTML markup" not in client.post("/report", data={"text": plain}).text


def test_health_and_techniques(client):
    health = client.get("/v1/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["fetch"] is False
    check_secure(health)
    assert client.head("/v1/health").status_code == 200  # what load balancers probe with
    spec = client.get("/openapi.json").json()
    documented = spec["components"]["schemas"]["Health"]["properties"]
    assert set(documented) == set(health.json())
    listed = spec["paths"]["/v1/techniques"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["items"]["$ref"].endswith("/TechniqueInfo")
    techniques = client.get("/v1/techniques").json()
    assert [t["name"] for t in techniques] == list(DEFINITIONS)
    assert all(t["definition"] == DEFINITIONS[t["name"]] and t["title"] for t in techniques)


def test_openapi_describes_the_api_and_no_cdn_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/health", "/v1/techniques"} <= set(spec["paths"])
    post = spec["paths"]["/v1/analyze"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/AnalyzeRequest"
    assert post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Report"
    assert post["responses"]["413"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
    schemas = spec["components"]["schemas"]
    refs = set(_refs(spec))
    assert refs and all(r.split("/")[-1] in schemas for r in refs), refs - {f"#/components/schemas/{k}" for k in schemas}
    assert set(schemas["AnalyzeRequest"]["properties"]) == {"text", "html", "url", "profile", "index", "title"}
    # FastAPI's /docs pulls assets from a CDN: ours is a plain page served by the app itself
    docs = client.get("/docs", follow_redirects=False)
    assert docs.status_code == 308 and docs.headers["location"] == "/api"
    api = client.get("/api")
    assert api.status_code == 200 and "/openapi.json" in api.text
    assert "cdn" not in api.text.lower() and "https://" not in api.text


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


# ---- pages -------------------------------------------------------------------------------------


def test_home_page_has_the_three_ways_in(client):
    resp = client.get("/")
    assert resp.status_code == 200
    check_secure(resp)
    root = parse(resp.text)
    forms = root.find_all("form")
    assert [f.attrs["action"] for f in forms] == ["/report"] * 3
    assert forms[1].attrs["enctype"] == "multipart/form-data"
    url_input = root.by_id("url")
    assert "disabled" in url_input.attrs  # fetch is off by default
    assert [s.attrs["src"] for s in root.find_all("script")] == ["/static/report.js"]
    assert all(not s.text().strip() for s in root.find_all("script"))


def test_a_form_that_is_not_utf8_is_refused_not_altered(client):
    resp = client.post("/report", content=b"text=caf%E9+is+good+for+you+today+the+minister+said",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 415 and "UTF-8" in resp.text
    ok = client.post("/report", content="text=caf%C3%A9+is+good+for+you+today+the+minister+said".encode(),
                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert ok.status_code == 200 and "café is good" in ok.text


def test_an_urlencoded_form_of_raw_bytes_is_read_as_utf8(client):
    """curl --data-raw sends its bytes unescaped: raw Latin-1 gets the 415 a percent-escaped one gets
    (it had been analysed as "café"), raw UTF-8 is read as UTF-8 (it had been analysed as "cafÃ©")."""
    form = {"content-type": "application/x-www-form-urlencoded"}
    escaped = client.post("/report", content=b"text=caf%E9+is+good", headers=form)
    raw = client.post("/report", content=b"text=caf\xe9+is+good+for+you+today+the+minister+said", headers=form)
    assert raw.status_code == 415 and "café" not in raw.text
    assert parse(raw.text).find_all(role="alert")[0].text() == parse(escaped.text).find_all(role="alert")[0].text()
    ok = client.post("/report", content="text=café is good for you today, the minister said".encode(), headers=form)
    assert ok.status_code == 200 and "café is good" in ok.text and "cafÃ©" not in ok.text
    many = client.post("/report", content=b"&".join(b"f%d=x" % i for i in range(21)), headers=form)
    assert many.status_code == 400


def test_a_multipart_form_whose_text_is_not_utf8_is_refused_not_altered(client):
    """curl -F "text=<latin1.txt" sends the file's bytes as a text field: Latin-1 "Café" is not
    analysed as if it were UTF-8 text, as an urlencoded form or an uploaded file is not."""
    latin1 = "Café owners said the harbour strike had cost them a week's trade.".encode("latin-1")
    resp = client.post("/report", files={"text": (None, latin1)})
    assert resp.status_code == 415 and "not valid UTF-8" in resp.text and "Café" not in resp.text
    ok = client.post("/report", files={"text": (None, latin1.decode("latin-1").encode())})
    assert ok.status_code == 200 and "Café owners said" in ok.text


def test_form_submit_shows_the_report(client):
    resp = client.post("/report", data={"text": ARTICLE, "title": "Strike <b>news</b>", "profile": "fast"})
    assert resp.status_code == 200, resp.text
    check_secure(resp)
    root = parse(resp.text)
    assert root.find_all("h1")[0].text() == "Strike <b>news</b>"
    assert root.by_id("article").text() == ARTICLE
    start, end = at(ARTICLE, "radical agitators")
    tech = [n for n in root.iter() if n.has_class("tech") and n.attrs.get("data-start") == str(start)]
    assert tech and tech[0].text() == "radical agitators" and int(tech[0].attrs["data-end"]) == end
    assert [s.attrs["src"] for s in root.find_all("script")] == ["/static/report.js"]


def test_upload_html_and_text_files(client):
    html_page = "<html><head><title>Uploaded page</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:]) + "</article></body></html>"
    resp = client.post("/report", files={"file": ("saved.html", html_page.encode(), "text/html")}, data={"profile": "fast"})
    assert resp.status_code == 200, resp.text
    root = parse(resp.text)
    assert root.find_all("h1")[0].text() == "Uploaded page"
    assert any(n.has_class("tech") for n in root.iter())
    resp = client.post("/report", files={"file": ("notes<script>.txt", ARTICLE.encode(), "text/plain")})
    assert resp.status_code == 200
    root = parse(resp.text)
    assert root.by_id("article").text() == ARTICLE
    assert "notes<script>.txt" in root.find_all("dl", **{"class": "meta"})[0].text() and not root.find_all("script", src=None)


def test_an_api_client_uploads_a_saved_page_as_the_cli_reads_it(client):
    """A page saved from an old site is Windows-1252 and declares no charset: a JSON string cannot carry
    its bytes, so an API client sends the file as multipart/form-data and it is read as `unspin analyze
    page.html` reads it (Windows-1252, with the CLI's warning), answering the Report as JSON."""
    page = ("<html><head><title>Harbour strike ends - Example News</title></head><body><article>"
            "<h1>Harbour strike ends</h1><p>Caf\u00e9 owners said the strike had cost them \u201ca week\u2019s trade\u201d, "
            "the harbour master said on Monday.</p><p>Dock workers voted to return to work after talks with the port "
            "authority.</p></article></body></html>").encode("cp1252")
    resp = client.post("/v1/analyze", files={"file": ("strike.html", page, "text/html")}, data={"title": "Strike", "profile": "fast"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json"), resp.text
    report = resp.json()
    assert "Caf\u00e9 owners said the strike had cost them \u201ca week\u2019s trade\u201d" in report["text"]
    assert report["meta"]["title"] == "Strike" and report["meta"]["path"] == "strike.html"
    assert report["warnings"] == ["the uploaded file is not UTF-8 and declares no charset: it was read as Windows-1252; "
                                  "if its letters look wrong, save the page with its real encoding declared"]
    upload = client.get("/openapi.json").json()["paths"]["/v1/analyze"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["required"] == ["file"]


def test_hostile_text_is_escaped_in_the_served_report(client):
    resp = client.post("/report", data={"text": f"{HOSTILE}\n\n{ARTICLE}", "title": HOSTILE_TITLE})
    assert resp.status_code == 200
    root = parse(resp.text)
    assert [s.attrs.get("src") for s in root.find_all("script")] == ["/static/report.js"]
    assert not root.find_all("img") and not root.find_all("iframe")
    assert all(not k.startswith("on") for n in root.iter() for k in n.attrs)
    assert root.by_id("article").text().startswith(HOSTILE)


def test_static_assets(client):
    css = client.get("/static/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and ".tech.k8" in css.text
    js = client.get("/static/report.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    check_secure(js)


# ---- limits and switches --------------------------------------------------------------------------


def test_size_limit_413_declared_and_streamed():
    app = create_app(Settings(preload=False, max_body_bytes=2000), runner=layered_runner)
    with TestClient(app) as c:
        resp = c.post("/v1/analyze", json={"text": "x " * 2000})
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "too_large"
        check_secure(resp)

        def chunks():  # no Content-Length: the limit is enforced while reading
            for _ in range(10):
                yield b'{"text": "' + b"y" * 500
        resp = c.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "too_large"
        small = c.post("/v1/analyze", json={"text": "The mayor said the bridge would reopen on Monday."})
        assert small.status_code == 200


def test_fetch_is_off_unless_enabled(client):
    resp = client.post("/v1/analyze", json={"url": "https://example.com/news"})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "fetch_disabled"
    page = client.post("/report", data={"url": "https://example.com/news"})
    assert page.status_code == 400 and "Fetching URLs is off" in page.text


def test_fetch_when_enabled_uses_the_guard(caplog):
    """With --allow-fetch the same guarded fetch as the CLI runs: loopback addresses are refused, and
    the log tells the server's operator how to allow them on this server, not with `unspin analyze`."""
    app = create_app(Settings(preload=False, allow_fetch=True), runner=layered_runner)
    with TestClient(app) as c, caplog.at_level("WARNING", logger="unspin.web"):
        assert c.get("/v1/health").json()["fetch"] is True
        resp = c.post("/v1/analyze", json={"url": "http://127.0.0.1:9/article"})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "blocked_address"
        assert "it resolves to 127.0.0.1, a non-public address" in caplog.text
        assert "unspin serve --allow-fetch --allow-private" in caplog.text and "unspin analyze" not in caplog.text
        resp = c.post("/v1/analyze", json={"url": "file:///etc/passwd"})
        assert resp.status_code == 415 and resp.json()["error"]["code"] == "unsupported_input"
        for resp in (resp, c.post("/v1/analyze", json={"url": "http://localhost:9/<script>x</script>"})):
            assert "passwd" not in resp.text and "<script>" not in resp.text and "localhost" not in resp.text


def app_with_indexes(tmp_path, *names: str):
    """(app, index paths the runner was given, the one index file every name points at)."""
    seen: list = []

    def runner(source, profile, index):
        seen.append(index)
        return layered_runner(source, profile, index)

    db = tmp_path / "ref.sqlite"
    db.write_bytes(b"")
    return create_app(Settings(preload=False, indexes={n: str(db) for n in names}), runner=runner), seen, db


def test_indexes_are_named_by_the_server_not_the_client(tmp_path):
    app, seen, db = app_with_indexes(tmp_path, "wire")
    with TestClient(app) as c:
        assert c.post("/v1/analyze", json={"text": ARTICLE, "index": "wire"}).status_code == 200
        bad = c.post("/v1/analyze", json={"text": ARTICLE, "index": "/etc/passwd"})
        assert bad.status_code == 400 and "/etc/passwd" not in bad.text
    assert seen == [str(db)]


def test_the_servers_file_paths_do_not_leave_it(tmp_path):
    def runner(source, profile, index):
        report = layered_runner(source, profile, index)
        report.meta["splices"] = {"mode": "reference", "references": [
            {"id": "a", "title": "A", "source": "/srv/refs/wire/original.txt", "containment": 1.0},
            {"id": "b", "title": "B", "source": "https://example.org/story", "containment": 0.5}]}
        return report

    with TestClient(create_app(Settings(preload=False), runner=runner)) as c:
        refs = c.post("/v1/analyze", json={"text": ARTICLE}).json()["meta"]["splices"]["references"]
    assert [r["source"] for r in refs] == ["original.txt", "https://example.org/story"]


def test_a_damaged_index_is_named_by_its_name_not_its_path(tmp_path):
    from unspin.errors import ReferenceIndexError

    def runner(source, profile, index):
        raise ReferenceIndexError(f"could not read the reference index {index}: database disk image is malformed")

    db = tmp_path / "secret-place" / "refs.sqlite"
    db.parent.mkdir()
    db.write_bytes(b"")
    with TestClient(create_app(Settings(preload=False, indexes={"wire": str(db)}), runner=runner)) as c:
        resp = c.post("/v1/analyze", json={"text": ARTICLE, "index": "wire"})
    assert resp.status_code == 500 and resp.json()["error"]["code"] == "reference_index"
    assert "'wire'" in resp.text and "secret-place" not in resp.text and "refs.sqlite" not in resp.text


def test_the_forms_offer_the_servers_indexes_by_name(tmp_path, client):
    assert "name=\"index\"" not in client.get("/").text  # no index served: nothing to choose
    app, seen, db = app_with_indexes(tmp_path, "wire", "archive")
    with TestClient(app) as c:
        root = parse(c.get("/").text)
        selects = root.find_all("select", name="index")
        assert len(selects) == 3  # paste, upload and URL forms
        assert [o.attrs["value"] for o in selects[0].find_all("option")] == ["", "archive", "wire"]
        assert str(db) not in c.get("/").text  # paths stay on the server
        assert c.post("/report", data={"text": ARTICLE, "index": "wire"}).status_code == 200
        assert c.post("/report", data={"text": ARTICLE, "index": ""}).status_code == 200
        assert c.post("/report", files={"file": ("a.txt", ARTICLE.encode())}, data={"index": "wire"}).status_code == 200
        bad = c.post("/report", data={"text": ARTICLE, "index": "/etc/passwd"})
        assert bad.status_code == 400 and "/etc/passwd" not in bad.text
    assert seen == [str(db), None, str(db)]


def test_an_api_client_learns_the_servers_index_names_from_health_and_the_api_page(tmp_path, client):
    """A client could not learn which `index` names it may send (health did not list them, the API page
    said only "the name of a reference index the server was started with") short of sending a wrong one."""
    assert client.get("/v1/health").json()["indexes"] == []
    assert "none on this server" in client.get("/api").text
    app, _, db = app_with_indexes(tmp_path, "wire", "archive")
    with TestClient(app) as c:
        assert c.get("/v1/health").json()["indexes"] == ["archive", "wire"]
        page = c.get("/api").text
        assert "<code>archive</code>, <code>wire</code>" in page and str(db) not in page


# ---- models loaded once, requests concurrent, the loop free ------------------------------------------


def test_pipeline_is_built_once_and_shared(monkeypatch):
    import unspin.pipeline as pipeline

    built = []
    real = pipeline.Pipeline

    def counting(profile, **kw):
        built.append(profile)
        return real(profile, analyzers=[], **kw)

    monkeypatch.setattr(pipeline, "_PIPELINES", {})
    monkeypatch.setattr(pipeline, "Pipeline", counting)
    app = create_app(Settings(preload=True))  # the default runner: unspin.pipeline.get_pipeline
    with TestClient(app) as c:
        assert built == ["fast"]  # loaded at start-up
        with ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(lambda i: c.post("/v1/analyze", json={"text": f"Article {i}. The mayor said so."}).status_code, range(6)))
        assert codes == [200] * 6
        assert c.get("/v1/health").json()["loaded"] == ["fast"]
    assert built == ["fast"]


def test_concurrent_requests_use_the_worker_pool():
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def slow(source, profile, index):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        return layered_runner(source, profile, index)

    app = create_app(Settings(preload=False, workers=2), runner=slow)
    texts = [f"Report number {i}: the radical agitators met on day {i}." for i in range(6)]
    with TestClient(app) as c, ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda t: c.post("/v1/analyze", json={"text": t}), texts))
    assert [r.status_code for r in responses] == [200] * 6
    assert [r.json()["text"] for r in responses] == texts  # each answer belongs to its request
    assert state["max"] == 2  # two analyses at a time, never more


def test_event_loop_stays_free_during_an_analysis():
    release = threading.Event()

    def blocking(source, profile, index):
        release.wait(10)
        return layered_runner(source, profile, index)

    app = create_app(Settings(preload=False, workers=1), runner=blocking)
    with TestClient(app) as c, ThreadPoolExecutor(1) as pool:
        pending = pool.submit(c.post, "/v1/analyze", json={"text": ARTICLE})
        for _ in range(50):
            if c.get("/v1/health").json()["inflight"] == 1:
                break
            time.sleep(0.05)
        health = c.get("/v1/health")  # answered while the analysis is still blocked
        assert health.status_code == 200 and health.json()["inflight"] == 1
        assert not pending.done()
        release.set()
        assert pending.result(timeout=120).status_code == 200


def test_a_page_that_takes_minutes_to_read_frees_its_worker_at_its_timeout():
    """A page whose main text takes minutes to extract (one-line table rows: the extractor's fallback
    compares each block with its neighbours) gets 504 at --timeout and its worker is free then,
    not minutes later: its extraction runs in a process that is killed. The next request is served."""
    story = ("The council said on Monday that 12 roads were closed after the storm, police said. Engineers worked "
             "through the night to clear fallen trees. Schools in the north of the county stayed shut. The river rose "
             "by two metres in six hours, the Environment Agency said. Residents were told to avoid the coast road. ")
    row = "<tr><td>Ward {0}</td><td>{0} votes</td></tr>"
    page = (f"<html><body><article><h1>Storm closes roads</h1><p>{story}</p><table>"
            + "".join(row.format(i) for i in range(5000)) + "</table></article></body></html>")
    from unspin.inputs import from_text

    layered_runner(from_text(ARTICLE), "fast", None)  # the parser loaded before the clock starts
    app = create_app(Settings(preload=False, workers=1, timeout_s=2), runner=layered_runner)
    with TestClient(app) as c:
        began = time.monotonic()
        slow = c.post("/v1/analyze", json={"html": page})
        assert slow.status_code == 504 and time.monotonic() - began < 10
        for _ in range(20):
            if c.get("/v1/health").json()["inflight"] == 0:
                break
            time.sleep(0.1)
        assert c.get("/v1/health").json()["inflight"] == 0  # it had stayed 1 for a minute and more
        served = c.post("/v1/analyze", json={"text": ARTICLE})
        assert served.status_code == 200 and served.json()["text"] == ARTICLE


def test_serve_get_hook(capsys):
    from unspin.cli import main

    assert main(["serve", "--get", "/v1/health"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    assert main(["serve", "--get", "/no/such/page"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["status"] == 404


def test_api_page_examples_use_the_address_the_server_listens_on():
    app = create_app(Settings(preload=False, address="http://127.0.0.1:8765"), runner=layered_runner)
    page = TestClient(app).get("/api").text
    assert "curl -s http://127.0.0.1:8765/v1/health" in page and ":8000" not in page


# ---- accessibility of the app's own pages ---------------------------------------------------------


def test_an_upload_too_long_to_analyse_is_told_this_servers_limits(client):
    """The upload box says how much text is analysed, and a file over it is told the server's
    limits with its own size, as pasted text is (it had got the generic 'too large' page, while
    the core's own limit, 1,000,000 characters, is not this server's 200,000)."""
    label = parse(client.get("/").text).find_all("label", **{"for": "file"})[0].text()
    assert label == "An HTML or text file (up to 10 MB; its article text up to 200,000 characters)"
    big = ("The harbour strike entered its third week as talks stalled. " * 20_000).encode()  # 1,200,000 bytes
    for name in ("strike.txt", "strike.html"):
        page = client.post("/report", files={"file": (name, big, "text/plain")})
        assert page.status_code == 413
        assert ("Too large for this server: the file is 1,200,000 bytes; this server reads files and pages of at most "
                "10,000,000 bytes and analyses at most 200,000 characters of their text (unspin serve --max-chars).") in page.text
    api = client.post("/v1/analyze", json={"html": "<html><body><p>" + big.decode() + "</p></body></html>"})
    assert api.status_code == 413 and "analyses at most 200,000 characters" in api.json()["error"]["message"]


def test_the_form_says_its_limit_and_its_fields_are_described(client):
    root = parse(client.get("/").text)
    skip = root.find_all("a")[0]
    assert skip.has_class("skip") and root.by_id(skip.attrs["href"][1:]).tag == "main"
    # the label says the limit; the browser does not enforce it, since a maxlength cuts a longer paste
    # without a word and the article's end goes unanalysed: the server answers it with the sizes (413)
    assert root.find_all("label", **{"for": "text"})[0].text() == "Article text (up to 200,000 characters)"
    assert "maxlength" not in root.by_id("text").attrs
    url = root.by_id("url")
    assert "Fetching is off" in root.by_id(url.attrs["aria-describedby"]).text()  # read with the disabled field
    # and the rest of that form is off with it: its profile and index were tab stops in a form that cannot be sent
    form = next(f for f in root.find_all("form") if f.find_all(id="url"))
    controls = form.find_all("select") + form.find_all("input") + form.find_all("button")
    assert len(controls) == 3 and all("disabled" in c.attrs for c in controls)
    from unspin.web.pages import home

    fetching = parse(home(Settings(preload=False, allow_fetch=True)))
    assert not any("disabled" in n.attrs for n in fetching.iter())
    assert "(public http(s) addresses only)" in fetching.by_id("url-hint").text()
    # with --allow-private the hint does not promise what the server no longer holds to (it had said
    # "public http(s) addresses only" while it fetched http://127.0.0.1/ and the private network)
    private = parse(home(Settings(preload=False, allow_fetch=True, allow_private=True))).by_id("url-hint").text()
    assert "public" not in private and "its own network's included" in private
    # each form has a status region the script fills while the analysis runs
    assert all(f.find_all(role="status") for f in root.find_all("form"))


def test_the_error_page_is_announced_named_and_links_back(client):
    resp = client.post("/report", content=b"text=caf%E9", headers={"content-type": "application/x-www-form-urlencoded"})
    root = parse(resp.text)
    title = root.find_all("title")[0].text()
    assert title.startswith("Could not analyse the article: The text is not valid UTF-8")
    alert = root.find_all(role="alert")
    assert len(alert) == 1 and "UTF-8" in alert[0].text()
    assert [a.text() for a in root.find_all("a") if a.attrs["href"] == "/" and "form" in a.text()] == ["Back to the form"]


def test_the_api_pages_tables_have_header_rows(client):
    root = parse(client.get("/api").text)
    tables = root.find_all("table")
    assert len(tables) == 3 and all(t.find_all("th") for t in tables)
    assert root.find_all("a")[0].has_class("skip")


def test_a_failed_fetch_says_what_failed_and_the_log_names_the_url(monkeypatch, caplog):
    """An operator whose server cannot fetch must tell a DNS failure from a 404 or a blocked
    connection: the client is told what failed (never the URL), the server's log has it all."""
    import http.server
    import socket

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app = create_app(Settings(preload=False, allow_fetch=True, allow_private=True), runner=layered_runner)
    try:
        with TestClient(app) as c, caplog.at_level("WARNING", logger="unspin.web"):
            gone = c.post("/v1/analyze", json={"url": f"http://127.0.0.1:{server.server_port}/news/strike"})
            page = c.post("/report", data={"url": f"http://127.0.0.1:{server.server_port}/news/strike"})
    finally:
        server.shutdown()
    assert gone.status_code == 502 and gone.json()["error"]["message"] == "the URL could not be fetched: the site answered HTTP 404"
    assert "the site answered HTTP 404" in page.text and "/news/strike" not in gone.text + page.text
    assert f"127.0.0.1:{server.server_port}/news/strike answered HTTP 404" in caplog.text

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    app = create_app(Settings(preload=False, allow_fetch=True), runner=layered_runner)
    with TestClient(app) as c, caplog.at_level("WARNING", logger="unspin.web"):
        resp = c.post("/v1/analyze", json={"url": "https://news.example.org/strike"})
    assert resp.status_code == 502 and "host name could not be resolved" in resp.json()["error"]["message"]
    assert "news.example.org" not in resp.text and "cannot resolve host 'news.example.org'" in caplog.text


def test_unspin_serve_timestamps_its_first_lines_too(monkeypatch, capfd):
    """The lines `unspin serve` writes before uvicorn's (where it serves, and a warning when it listens
    beyond this machine) are log lines, timestamped as every line after them."""
    import logging
    import re
    import socket

    import uvicorn

    from unspin.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)  # started, not serving
    names = ("unspin", "unspin.serve", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names}
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    for level in ("info", "error"):  # where it serves is said at any --log-level
        try:
            assert main(["serve", "--host", "0.0.0.0", "--port", str(port), "--profile", "fast", "--log-level", level]) == 0
        finally:
            for n, (handlers, lvl, propagate) in saved.items():
                logger = logging.getLogger(n)
                logger.handlers[:], logger.level, logger.propagate = handlers, lvl, propagate
        lines = capfd.readouterr().err.splitlines()
        stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"
        assert len(lines) == 2 and all(re.match(stamp + " ", line) for line in lines), (level, lines)
        assert lines[0].endswith("WARNING unspin.serve: listening on 0.0.0.0: anyone who can reach this address can use the server")
        assert lines[1].endswith(f"INFO unspin.serve: serving on http://0.0.0.0:{port}/ (API at /api, fetch off)")


def test_the_server_logs_each_request_with_a_timestamp(capfd):
    """`unspin serve` writes an access log (one line per request) and timestamps every line."""
    import logging
    import re
    import socket

    import uvicorn

    from unspin.web.logs import log_config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(preload=False), runner=layered_runner)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info", log_config=log_config("info")))
    thread = threading.Thread(target=server.run, daemon=True)
    names = ("unspin", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names}
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        import urllib.request

        body = json.dumps({"text": ARTICLE}).encode()
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/v1/analyze", data=body,
                                                      headers={"Content-Type": "application/json"}), timeout=30).read()
    finally:
        server.should_exit = True
        thread.join(10)
        for n, (handlers, level, propagate) in saved.items():
            logger = logging.getLogger(n)
            logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate
    err = capfd.readouterr().err
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"
    assert re.search(stamp + r' access 127\.0\.0\.1:\d+ "POST /v1/analyze HTTP/1\.1" 200', err), err
    assert all(re.match(stamp, line) for line in err.splitlines() if line.strip()), err


def test_the_api_page_names_each_statuss_error_codes_as_docs_web_md_does():
    """A CMS developer reading /api can tell errors of one status apart by their `code` (the page gave
    statuses only, and said a file that is not UTF-8 is refused, where a Windows-1252 one is read),
    and the example's message is this server's."""
    import re
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    documented = {m[1]: re.findall(r"`(\w+)`", m[2]) for m in re.finditer(r"^\| (\d{3}(?: / \d{3})?) \| ([^|]+) \|", docs, re.M)}
    assert len(documented) == 9 and documented["415"] == ["unsupported_input", "binary_input", "not_utf8"]
    app = create_app(Settings(preload=False, max_body_bytes=5_000_000), runner=layered_runner)
    root = parse(TestClient(app).get("/api").text)
    errors = next(t for t in root.find_all("table") if t.find_all("th")[0].text() == "Status")
    rows = {r.find_all("td")[0].text(): r.find_all("td") for r in errors.find_all("tr")[1:]}
    codes = {status: [c.text() for c in cells[1].find_all("span")[0].find_all("code")] for status, cells in rows.items()}
    assert codes == documented
    assert "Windows-1252 is read" in rows["415"][1].text()
    assert "over the 5,000,000-byte limit of this server" in root.find_all("pre")[-1].text()
