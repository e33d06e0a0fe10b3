"""A hostile-article corpus (``tests/hostile/``) through every output, and oversize inputs and HTML
bombs through the input layer and the CLI.

The corpus: script injection in the text, title, author, URL and meta tags; terminal escape
sequences (CSI, OSC titles and hyperlinks, C1 controls, CR/backspace overwrites); RTL overrides,
zero-width and invisible characters; malformed and misnested HTML. Each article goes through the
real `fast` pipeline, gets hand-made layers over its hostile spots (so every renderer draws
highlights, reasons and passages over them), and is rendered to the terminal, JSON, the HTML report,
the web app (REST and form, through TestClient) and the CLI. What must hold: nothing reaches a
terminal as a control sequence, nothing in a page becomes an element or an attribute, JSON round
trips exactly.
"""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from unspin import inputs
from unspin.cli import main
from unspin.errors import InputTooLarge, NoArticleText, UnspinError
from unspin.loaders import load
from unspin.render.html import render as render_html
from unspin.render.text import render as render_text
from unspin.report import Passage, Reason, Report, Technique, Verdict
from unspin.techniques import TECHNIQUES

from ._web_reports import handmade_report, parse

CORPUS_DIR = Path(__file__).parent / "hostile"
CORPUS = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".txt", ".html"))
NAMES = [p.name for p in CORPUS]

#: what the hand-made layers and the metadata carry: markup, an OSC title, a screen clear, an override
NOTE = "<script>window.__pwned='note'</script>\x1b]0;owned\x07\x1b[2J\u202e<img src=x onerror=alert(1)>"
URL = "javascript:window.__pwned='url'//\x1b[2J"
#: characters that mark a hostile spot in an article
HOSTILE_CHARS = re.compile("[<>\"\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def decorate(report: Report) -> Report:
    """Hand-made layers over every sentence with a hostile character, hostile notes and metadata."""
    text = report.text
    spots = [s for s in report.sentences if HOSTILE_CHARS.search(text[s.start:s.end])]
    assert spots, "each corpus article has hostile sentences"
    techniques = [Technique(s.start, s.end, TECHNIQUES[i % len(TECHNIQUES)], 0.8, explanation=NOTE)
                  for i, s in enumerate(spots)]
    first = spots[0]
    passages = [Passage(first.start, first.end, "inserted", 0.1, reference={"title": NOTE, "url": URL}, explanation=NOTE)]
    passages += [Passage(s.start, s.end, "suspect", 0.4) for s in spots[1:3]]
    verdict = Verdict(0.8, "high", [Reason(NOTE, 0.5, [{"start": first.start, "end": first.end}])])
    meta = {**report.meta, "url": URL, "author": report.meta.get("author") or NOTE}
    meta.setdefault("title", NOTE)
    layers = list(dict.fromkeys([*report.layers_run, "techniques", "passages", "verdict"]))
    return replace(report, meta=meta, techniques=techniques, passages=passages, verdict=verdict, layers_run=layers,
                   warnings=[*report.warnings, NOTE])


def source_of(path: Path):
    return inputs.from_path(path)


@pytest.fixture(scope="module")
def reports(fast_pipeline) -> dict[str, Report]:
    return {p.name: decorate(fast_pipeline(source_of(p))) for p in CORPUS}


def test_corpus_is_what_it_claims():
    """The corpus files really carry what they are meant to test (the escapes survive input reading)."""
    texts = {p.name: source_of(p).text for p in CORPUS}
    assert {"script-everywhere.html", "script-in-text.txt", "terminal-escapes.txt", "bidi-zero-width.txt",
            "malformed-nested.html"} <= set(texts)
    assert "\x1b[2J" in texts["terminal-escapes.txt"] and "\x1b]8;;" in texts["terminal-escapes.txt"]
    assert "\x9b" in texts["terminal-escapes.txt"] and "\r" in texts["terminal-escapes.txt"]
    assert "\u202e" in texts["bidi-zero-width.txt"] and "\u200b" in texts["bidi-zero-width.txt"]
    assert "<script>" in texts["script-in-text.txt"] and "<script>" in texts["script-everywhere.html"]
    assert "<script>" in source_of(CORPUS_DIR / "script-everywhere.html").meta["title"]


# ---- terminal ---------------------------------------------------------------------------------


def assert_terminal_safe(out: str, color: bool) -> None:
    """Only Rich's own colour codes (SGR) may reach the terminal; no other control character."""
    if not color:
        assert "\x1b" not in out
    bare = SGR.sub("", out)
    bad = sorted({c for c in bare if unicodedata.category(c) == "Cc" and c not in "\n\t"})
    assert not bad, f"control characters reach the terminal: {bad!r}"


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
@pytest.mark.parametrize("name", NAMES)
def test_terminal_output_sends_no_control_sequences(reports, name, color):
    report = reports[name]
    out = render_text(report, color=color)
    assert_terminal_safe(out, color)
    if name == "terminal-escapes.txt":  # the escapes are shown, made visible, not dropped
        assert "␛[2J" in out and "␛]0;pwned window title␇" in out and "␛]8;;https://evil.example/␇here" in out


def test_terminal_highlights_stay_on_their_words_after_control_characters():
    """Control characters are replaced one for one, so a highlight after CR, BEL or ESC is not shifted."""
    text = "First\r line\x07 with \x1b[2J escapes. Then the loaded words here."
    start = text.index("loaded words")
    report = Report(text=text, techniques=[Technique(start, start + len("loaded words"), "Loaded_Language", 0.9)],
                    layers_run=["techniques"])
    out = render_text(report, color=True)
    assert "\x1b[1;4;31mloaded words\x1b[0m" in out


def test_terminal_markup_in_fields_is_not_interpreted():
    report = replace(handmade_report(), meta={"title": "[blink]t[/blink]", "profile": "[link=https://e.x]fast[/link]"})
    report.claims[0].attribution.kind = "[bold]odd[/bold]"
    out = render_text(report, color=True)
    assert "[link=https://e.x]fast[/link]" in out and "[bold]odd[/bold]" in out and "[blink]t[/blink]" in out
    assert "\x1b]8" not in out


@pytest.mark.parametrize("name", ["terminal-escapes.txt", "script-in-text.txt"])
@pytest.mark.parametrize("flag", ["--color", "--no-color"])
def test_cli_terminal_output_is_safe(capsys, name, flag):
    code = main(["analyze", str(CORPUS_DIR / name), flag])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert_terminal_safe(out, flag == "--color")
    assert_terminal_safe(err, False)
    assert "Markets fall" in out or "Council votes" in out


def test_cli_listings_of_article_titles_and_ids_are_safe(tmp_path, capsys):
    """`unspin index list/search` print titles and ids of indexed articles, `unspin batch` the ids of
    failed ones: corpus content, so shown with control characters made visible."""
    body = source_of(CORPUS_DIR / "terminal-escapes.txt").text
    refs = tmp_path / "refs.jsonl"
    refs.write_text(json.dumps({"id": "evil\x1b]0;owned\x07", "title": "Title \x1b[2J\x9b31m", "source": "src\x1b[8m",
                                "text": body}) + "\n", encoding="utf-8")
    index = tmp_path / "refs.sqlite"
    assert main(["index", "add", str(refs), "--index", str(index)]) == 0
    for args in (["index", "list", "--index", str(index)], ["index", "search", body, "--index", str(index)]):
        capsys.readouterr()
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert "Title ␛[2J" in out and "evil␛]0;owned␇" in out
        assert_terminal_safe(out + err, False)

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "bad\x1b]0;owned\x07\x1b[2J", "text": "  "}) + "\n"
                      + json.dumps({"id": "good", "text": "The mayor said the bridge would reopen."}) + "\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["batch", str(corpus), "--out", str(tmp_path / "out"), "--analyzers", "", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 3 and "failed bad␛]0;owned␇␛[2J" in err
    assert_terminal_safe(out + err, False)


# ---- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trips_exactly_and_escapes_controls(reports, name):
    import jsonschema
    from importlib import resources

    report = reports[name]
    raw = report.to_json()
    assert not [c for c in raw if unicodedata.category(c) == "Cc" and c != "\n"], "raw control characters in JSON"
    back = Report.from_json(raw)
    assert back.to_dict() == report.to_dict() and back.text == report.text
    schema = json.loads(resources.files("unspin").joinpath("schema/report-1.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(raw), schema)


# ---- HTML report ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def benign_tags() -> set[str]:
    """The elements a report page is made of (every layer present, nothing hostile)."""
    pages = [render_html(handmade_report(url="https://example.org/a")), render_html(handmade_report())]
    return {n.tag for page in pages for n in parse(page).iter()}


def assert_page_inert(page: str, benign: set[str], *, served: bool = False):
    """The page parses strictly, has no element or attribute that hostile text could have made, and no
    script but the app's own file."""
    root = parse(page)
    extra = {n.tag for n in root.iter()} - benign - ({"script"} if served else set())
    assert not extra, f"elements not in a normal report page: {extra}"
    for node in root.iter():
        for attr, value in node.attrs.items():
            assert not attr.startswith("on"), f"event handler {attr} on <{node.tag}>"
            if attr in ("href", "src", "action", "formaction", "srcdoc", "style"):
                assert "pwned" not in (value or "") and not (value or "").strip().lower().startswith(("javascript:", "data:text")), (node.tag, attr, value)
        if node.tag == "script":
            assert served and node.attrs.get("src") == "/static/report.js" and not node.text().strip()
        if node.tag in ("style", "title"):
            assert "<" not in node.text() or node.tag == "title"
    return root


@pytest.mark.parametrize("name", NAMES)
def test_html_report_shows_everything_as_text(reports, benign_tags, name):
    report = reports[name]
    page = render_html(report)
    root = assert_page_inert(page, benign_tags)
    assert root.by_id("article").text() == report.text
    assert root.find_all("title")[0].text().startswith(report.meta["title"]) or report.meta["title"] in root.find_all("title")[0].text()
    assert "window.__pwned='url'" in page.replace("&#x27;", "'")  # the URL is shown, not linked
    assert not [a for a in root.find_all("a") if "pwned" in (a.attrs.get("href") or "")]


# ---- web app ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from unspin.web.app import create_app
    from unspin.web.service import Settings

    with TestClient(create_app(Settings(preload=False, profiles=("fast",)))) as c:
        yield c


@pytest.mark.parametrize("name", NAMES)
def test_web_api_returns_the_hostile_text_as_data(client, name):
    path = CORPUS_DIR / name
    raw = path.read_bytes().decode("utf-8")
    body = {"html": raw} if path.suffix == ".html" else {"text": raw}
    resp = client.post("/v1/analyze", json={**body, "title": "<script>alert('t')</script>\x1b[2J"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert "unsafe-inline" not in resp.headers["content-security-policy"]
    report = Report.from_json(resp.text)
    assert report.text == source_of(path).text
    assert report.meta["title"] == "<script>alert('t')</script>\x1b[2J"


@pytest.mark.parametrize("name", NAMES)
def test_web_form_page_is_inert(client, benign_tags, name):
    path = CORPUS_DIR / name
    if path.suffix == ".html":
        resp = client.post("/report", files={"file": (name, path.read_bytes(), "text/html")}, data={"title": NOTE})
    else:
        resp = client.post("/report", data={"text": path.read_bytes().decode("utf-8"), "title": NOTE})
    assert resp.status_code == 200, resp.text[:300]
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    root = assert_page_inert(resp.text, benign_tags | {"nav", "header", "footer", "a", "link", "meta"}, served=True)
    assert NOTE.replace("\x1b", "").replace("\x07", "")[:20] in root.text()


# ---- oversize inputs and HTML bombs -------------------------------------------------------------

ARTICLE = "".join(
    f"<p>{s}</p>" for s in (
        "Officials said on Monday that 40 percent of the road budget had been spent by March.",
        "The opposition leader said the figure proved the government had lost control of its spending.",
        "A spokesperson for the ministry said the accounts would be published in full next week.",
    ))


def page(body: str) -> str:
    return f"<html><head><title>Budget</title></head><body>{body}</body></html>"


BOMBS = {
    # about 10 MB of unclosed <div>, after the article and before it (libxml2 stops nesting at its depth limit)
    "div-nest-after": page(f"<article>{ARTICLE}</article>" + "<div>" * 1_980_000),
    "div-nest-before": page("<div>" * 1_980_000 + f"<article>{ARTICLE}</article>"),
    "inline-nest": page(f"<article>{ARTICLE}" + "<b><i>" * 700_000 + "</article>"),
    "table-nest": page("<table><tr><td>" * 200_000 + ARTICLE),
    "comment-9.9MB": page(f"<article>{ARTICLE}<!--" + "x" * 9_900_000 + "--></article>"),
    "entity-bomb": (
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
        + page(f"<article>{ARTICLE}<p>&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;</p></article>")),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_html_bombs_give_the_article_or_a_clear_error(name):
    html = BOMBS[name]
    assert len(html.encode()) <= inputs.MAX_BYTES
    try:
        src = inputs.from_html(html)
    except NoArticleText as err:
        assert "no article text" in str(err)
        return
    assert "40 percent of the road budget" in src.text
    assert "aaaaaaaaaaaaaaaaaaaa" not in src.text  # entities are never expanded
    assert len(src.text) < 10_000


def test_bomb_through_the_cli_is_a_report_or_one_clear_line(tmp_path, capsys):
    for name in ("div-nest-before", "comment-9.9MB"):
        path = tmp_path / f"{name}.html"
        path.write_text(BOMBS[name], encoding="utf-8")
        code = main(["analyze", str(path), "--format", "json"])
        out, err = capsys.readouterr()
        if code == 0:
            assert "40 percent of the road budget" in json.loads(out)["text"]
        else:
            assert code == 2 and err.startswith("unspin: error:") and len(err.strip().splitlines()) == 1


def test_inputs_over_10mb_are_refused_before_reading(tmp_path, capsys, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(inputs.MAX_BYTES + 1)  # sparse: the size check must come before any read
    with pytest.raises(InputTooLarge, match="at most 10,000,000 bytes"):
        inputs.from_path(big)
    with pytest.raises(InputTooLarge, match="at most 10,000,000 bytes"):
        inputs.from_bytes(b"word " * 2_000_001)
    with pytest.raises(InputTooLarge, match="at most 10,000,000"):
        inputs.from_html("<p>" + "a" * inputs.MAX_BYTES)
    stdin = io.BytesIO(b"a" * (inputs.MAX_BYTES + 100))
    with pytest.raises(InputTooLarge):
        load("-", stdin=stdin)
    assert stdin.tell() == inputs.MAX_BYTES + 1  # reads one byte past the limit, no more

    code = main(["analyze", str(big)])
    out, err = capsys.readouterr()
    assert code == 2 and "at most 10,000,000 bytes" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and out == ""

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"The minister said so. " * 500_000)))
    code = main(["analyze", "-"])
    out, err = capsys.readouterr()
    assert code == 2 and "at most 10,000,000 bytes" in err


def test_text_over_the_character_limit_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("The minister said so. " * 60_000, encoding="utf-8")  # 1.3 MB, under the byte limit
    code = main(["analyze", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and "at most 1,000,000 characters" in err and "Traceback" not in err


@pytest.mark.slow
def test_html_page_of_10mb_text_is_a_clear_error():
    """A page just under the byte limit whose extracted text is over the character limit."""
    with pytest.raises(InputTooLarge, match="at most 1,000,000 characters"):
        inputs.from_html(page(f"<article>{ARTICLE}<p>" + "word " * 1_950_000 + "</p></article>"))


def test_a_list_sentence_is_not_cut_into_thousands_of_phrases(make_doc):
    """Regression: every phrase is contrasted with the rest of its sentence, so a one-sentence list of
    2,000 commas (12 KB) took minutes in the splices analyser; such a sentence is scored whole."""
    from unspin.splices.features import MAX_PHRASES, units

    doc = make_doc("The minister said the plan was final. " + "word, " * 2_000 + "and more. Critics, however, said it was not.")
    per_sentence = {}
    for u in units(doc):
        per_sentence[u.sentence] = per_sentence.get(u.sentence, 0) + u.phrase
    assert max(per_sentence.values()) <= MAX_PHRASES
    assert any(n >= 2 for n in per_sentence.values())  # ordinary sentences are still split into phrases


@pytest.mark.slow
def test_huge_tokens_and_lines_give_valid_offsets(fast_pipeline):
    """A 200,000-character token and a 30,000-character sentence of 5,000 commas, among real sentences."""
    text = ("The minister said the plan would cost 3 billion dollars. " + "x" * 200_000
            + " Critics said it was reckless. " + "word, " * 5_000 + "\n\nOfficials said on Monday it was final.")
    try:
        report = fast_pipeline(text)
    except UnspinError as err:  # allowed, if it says what was wrong
        assert str(err)
        return
    assert report.text == text
    for layer, start, end in report.iter_spans():
        assert 0 <= start < end <= len(text), (layer, start, end)
    out = render_text(report)
    assert len(max(out.splitlines(), key=len)) <= 100  # the terminal view wraps and clips; no 200k-wide line


# ---- in a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    import shutil

    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    api = pytest.importorskip("playwright.sync_api")
    with api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"),
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


@pytest.mark.slow
def test_corpus_pages_run_nothing_in_chromium_even_without_their_csp(reports, chromium, client):
    """Each report page (self-contained, and as served by the app) loaded in Chromium with JavaScript
    on and its Content-Security-Policy removed: escaping alone must keep every payload inert."""
    pages = {}
    for name, report in reports.items():
        pages[f"file:{name}"] = (CSP_META.sub("", render_html(report)), 0)
        raw = (CORPUS_DIR / name).read_bytes()
        form = ({"files": {"file": (name, raw, "text/html")}} if name.endswith(".html")
                else {"data": {"text": raw.decode("utf-8")}})
        served = client.post("/report", **form)
        assert served.status_code == 200
        pages[f"served:{name}"] = (served.text, 1)  # its one script is /static/report.js (not loadable here)
    context = chromium.new_context()
    try:
        for label, (html, scripts) in pages.items():
            pg = context.new_page()
            dialogs = []
            pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            pg.route("**/*", lambda route: route.abort())  # nothing leaves the page
            pg.set_content(html)
            pg.wait_for_timeout(200)  # let any onerror/onload fire
            assert pg.evaluate("typeof window.__pwned") == "undefined", label
            assert dialogs == [], label
            assert pg.evaluate("document.scripts.length") == scripts, label
            active = pg.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)).map(a => el.tagName + ' ' + a.name))""")
            assert active == [], label
            assert pg.evaluate("document.querySelectorAll('img, iframe, object, embed, svg script').length") == 0, label
            pg.close()
    finally:
        context.close()
