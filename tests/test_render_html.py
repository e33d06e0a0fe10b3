"""The HTML report: escaping of hostile text and metadata, overlapping spans, offsets that match
the text, links that resolve, and a self-contained file."""

from __future__ import annotations

import base64
import hashlib
import random
import re

import pytest

from unspin.errors import ModelError
from unspin.render.html import PageOptions, render, safe_url
from unspin.report import Attribution, Claim, Passage, Reason, Report, Technique, Verdict

from ._web_reports import ARTICLE, HOSTILE, HOSTILE_TITLE, handmade_report, hostile_report, parse


def article_node(page: str):
    root = parse(page)
    node = root.by_id("article")
    assert node is not None
    return root, node


def pieces_text(node, ident: str) -> str:
    return "".join(n.text() for n in node.iter() if n.attrs.get("data-a") == ident)


# ---- escaping ---------------------------------------------------------------------------------


def test_hostile_report_renders_as_text_and_nothing_active():
    report = hostile_report()
    page = render(report)
    root = parse(page)
    tags = {n.tag for n in root.iter()}
    assert not tags & {"script", "img", "iframe", "object", "embed", "b", "svg"} - {"svg"}
    assert len(root.find_all("body")) == 1
    for node in root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler attribute {name} on <{node.tag}>"
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:text")), (node.tag, value)
    # the hostile markup is shown as text: in the article, the title, the author and the verdict
    _, article = article_node(page)
    assert article.text() == report.text
    assert root.find_all("h1")[0].text() == HOSTILE_TITLE
    assert HOSTILE_TITLE in root.find_all("title")[0].text()
    assert HOSTILE in root.find_all("dl", **{"class": "meta"})[0].text()
    assert "javascript:window.__pwned='url'" in page.replace("&#x27;", "'")  # shown, but not as a link
    assert "medium&lt;script&gt;" in page


def test_only_http_urls_become_links():
    report = handmade_report(url="https://example.org/news?a=1&b=2")
    root = parse(render(report))
    links = [a.attrs["href"] for a in root.find_all("a") if not a.attrs["href"].startswith("#")]
    assert links == ["https://example.org/news?a=1&b=2"]
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "//evil.example/",
                "http://a b", 'https://x.example/"onmouseover="alert(1)', "file:///etc/passwd", " javascript:alert(1)"):
        assert safe_url(bad) is None, bad
        root = parse(render(handmade_report(url=bad)))
        assert [a for a in root.find_all("a") if not a.attrs["href"].startswith("#")] == []


def test_attribute_values_are_quoted_and_escaped():
    text = 'He said "x" onmouseover=alert(1) \'y\' & <z>.'
    report = Report(text=text, techniques=[Technique(0, len(text), "Loaded_Language", 0.5, explanation='" onfocus="alert(1)')],
                    layers_run=["techniques"])
    page = render(report)
    root = parse(page)
    span = root.by_id("t-0")
    assert span.attrs["data-tip"].endswith('(" onfocus="alert(1)) Span score 0.50.')
    assert "onfocus" not in span.attrs and "onmouseover" not in span.attrs
    assert span.text() == text


# ---- overlapping spans and offsets ----------------------------------------------------------------


def test_overlapping_spans_nest_and_keep_their_text():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    report = Report(
        text=text,
        techniques=[Technique(0, 16, "Loaded_Language", 0.9), Technique(6, 22, "Doubt", 0.8), Technique(6, 22, "Slogans", 0.7)],
        claims=[Claim(11, 35, 0.5, Attribution("none"))],
        passages=[Passage(17, len(text), "inserted")],
        verdict=Verdict(0.6, "medium", [Reason("crossing", 0.5, [{"start": 3, "end": 30}])]),
        layers_run=["techniques", "claims", "passages", "verdict"],
    )
    page = render(report)
    _, article = article_node(page)  # parse() fails on improper nesting
    assert article.text() == text
    for ident, (start, end) in {"t-0": (0, 16), "t-1": (6, 22), "t-2": (6, 22), "c-0": (11, 35), "p-0": (17, len(text)),
                                "span-3-30": (3, 30)}.items():
        assert pieces_text(article, ident) == text[start:end], ident
        first = article.by_id(ident)
        assert (int(first.attrs["data-start"]), int(first.attrs["data-end"])) == (start, end)
    # a crossing span is drawn in pieces: only the first is an anchor / tab stop
    assert len([n for n in article.iter() if n.attrs.get("data-a") == "t-1"]) > 1
    assert len([n for n in article.iter() if n.attrs.get("tabindex") == "0"]) == 3


def test_random_overlaps_keep_every_span_text():
    rng = random.Random(7)
    text = " ".join(f"w{i}" for i in range(400))
    n = len(text)

    def span():
        a = rng.randrange(n)
        return a, min(n, a + rng.randrange(1, 60))

    techs = [Technique(*span(), rng.choice(["Doubt", "Slogans", "Repetition"]), 0.5) for _ in range(120)]
    claims = [Claim(*span(), 0.5, Attribution(rng.choice(["named", "vague", "none"]))) for _ in range(40)]
    passages = [Passage(*span(), rng.choice(["matched", "inserted", "suspect", "unverified"])) for _ in range(30)]
    reasons = [Reason("r", 0.1, [dict(zip(("start", "end"), span())) for _ in range(3)]) for _ in range(10)]
    report = Report(text=text, techniques=techs, claims=claims, passages=passages, verdict=Verdict(0.5, "low", reasons),
                    layers_run=["techniques", "claims", "passages", "verdict"])
    _, article = article_node(render(report))
    assert article.text() == text
    for prefix, items in (("t", techs), ("c", claims), ("p", passages)):
        for i, item in enumerate(items):
            assert pieces_text(article, f"{prefix}-{i}") == text[item.start:item.end]


def test_offsets_at_the_edges_and_out_of_range():
    text = "Short text ends here"
    report = Report(
        text=text,
        techniques=[Technique(len(text) - 4, len(text), "Doubt", 0.5),  # ends at the last character
                    Technique(0, 5, "Slogans", 0.5),  # starts at the first
                    Technique(15, 99, "Repetition", 0.5),  # past the end: clamped
                    Technique(8, 8, "Doubt", 0.5),  # empty: dropped
                    Technique(9, 3, "Doubt", 0.5)],  # inverted: dropped
        layers_run=["techniques"],
    )
    _, article = article_node(render(report))
    assert article.text() == text
    assert pieces_text(article, "t-0") == "here"
    assert pieces_text(article, "t-1") == "Short"
    assert pieces_text(article, "t-2") == text[15:]
    assert article.by_id("t-3") is None and article.by_id("t-4") is None


def test_carriage_returns_and_unicode_survive():
    text = "Line one\r\nLine two — «quoted» 🙂 e\u0301 \u202eRTL\u202c\n"
    report = Report(text=text, techniques=[Technique(10, 18, "Doubt", 0.5)], layers_run=["techniques"])
    _, article = article_node(render(report))
    assert article.text() == text
    assert pieces_text(article, "t-0") == "Line two"


def test_lone_surrogates_do_not_break_rendering():
    text = "bad \ud800 surrogate"
    page = render(Report(text=text, meta={"title": "t\udfff"}))
    page.encode("utf-8")  # writable as UTF-8
    _, article = article_node(page)
    assert article.text() == "bad \ufffd surrogate"


# ---- what the page shows -------------------------------------------------------------------------------


def test_handmade_report_shows_every_layer():
    report = handmade_report()
    page = render(report)
    root = parse(page)
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    # every in-page link resolves; reasons link to the spans they cite
    for a in root.find_all("a"):
        href = a.attrs["href"]
        if href.startswith("#"):
            assert href[1:] in ids, href
    reason_links = [a.attrs["href"] for a in root.iter() if a.has_class("reason-link")]
    start, end = report.verdict.reasons[0].spans[0]["start"], report.verdict.reasons[0].spans[0]["end"]
    assert reason_links[0] == f"#span-{start}-{end}"
    assert root.by_id(f"span-{start}-{end}").text() == report.text[start:end]
    # techniques: focusable, described by their definition, coloured by kind
    for i, t in enumerate(report.techniques):
        node = root.by_id(f"t-{i}")
        assert node.attrs["tabindex"] == "0"
        definition = root.by_id(node.attrs["aria-describedby"])
        assert definition is not None and definition.text()
        assert node.has_class("tech") and "Span score 0.80" in node.attrs["data-tip"]
    # claim badges and passage statuses
    badges = [n.attrs["data-label"] for n in root.iter() if n.has_class("badge")]
    assert sorted(badges) == ["named source", "vague source"]
    assert root.by_id("p-0").has_class("p-inserted") and root.by_id("p-1").has_class("p-suspect")
    # the charts: one bar per technique kind, one tick per technique span
    charts = root.find_all("svg", **{"class": "chart"})
    assert len(charts) == 2
    assert len(charts[0].find_all("rect")) == len(report.technique_counts())
    ticks = [a.attrs["href"] for a in charts[1].find_all("a")]
    assert {f"#t-{i}" for i in range(len(report.techniques))} <= set(ticks)
    # the ticks repeat the lists' links: no tab stops, and no links inside an image
    assert all(a.attrs.get("tabindex") == "-1" and a.attrs.get("aria-hidden") == "true" for a in charts[1].find_all("a"))
    assert charts[1].attrs["role"] != "img"
    # layer switches: real checkboxes before the content they control
    boxes = [n.attrs["id"] for n in root.find_all("input")]
    assert boxes[:3] == ["show-techniques", "show-claims", "show-passages"]
    assert "High concern" in page and "0.81" in page


def test_a_word_cited_many_times_is_listed_once_with_links_to_each_occurrence():
    text = "Talks went on. The talks stalled, and TALKS resumed. Strike."
    starts = [m.start() for m in re.finditer("talks", text, re.I)]
    strike = text.index("Strike")
    spans = [{"start": a, "end": a + 5} for a in starts] + [{"start": strike, "end": strike + 6}]
    report = Report(text=text, verdict=Verdict(0.2, "low", [Reason("Its wording resembles reliable articles", -0.5, spans)]),
                    layers_run=["verdict"])
    root = parse(render(report))
    reasons = root.find_all("ol", **{"class": "reasons"})[0]
    links = [a for a in reasons.iter() if a.has_class("reason-link")]
    quoted = [a.text() for a in links if not a.has_class("more")]
    assert quoted == ["“Talks”", "“Strike”"]  # one quote per distinct word, in order of first use
    assert [a.text() for a in links if a.has_class("more")] == ["2", "3"]
    # every occurrence is still one click away, and each link lands on its own span
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    hrefs = [a.attrs["href"] for a in links]
    assert sorted(hrefs) == sorted([f"#span-{a}-{a + 5}" for a in starts] + [f"#span-{strike}-{strike + 6}"])
    assert all(h[1:] in ids for h in hrefs)


def test_a_reason_citing_many_sentences_links_three_and_keeps_the_others_behind_and_n_more():
    """"88% of sentences use a propaganda technique" cited all 23 sentences, 23 links under one
    reason; now three, as the terminal quotes, and "and 20 more" opens the others."""
    sentences = [f"Sentence number {k} says something loud." for k in range(23)]
    text = " ".join(sentences)
    spans = [{"start": text.index(s), "end": text.index(s) + len(s)} for s in sentences]
    report = Report(text=text, verdict=Verdict(0.7, "high", [Reason("88% of sentences use a propaganda technique", 0.9, spans)]),
                    layers_run=["verdict"])
    root = parse(render(report))
    item = root.find_all("ol", **{"class": "reasons"})[0].find_all("li")[0]
    more = item.find_all("details")
    assert len(more) == 1 and more[0].find_all("summary")[0].text() == "and 20 more"
    behind = {a.attrs["href"] for a in more[0].iter() if a.has_class("reason-link")}
    shown = [a.attrs["href"] for a in item.iter() if a.has_class("reason-link") and a.attrs["href"] not in behind]
    assert shown == [f"#span-{s['start']}-{s['end']}" for s in spans[:3]]
    assert behind == {f"#span-{s['start']}-{s['end']}" for s in spans[3:]}  # every sentence still one click away
    # four: all shown ("and 1 more" would take the line the link takes)
    few = parse(render(Report(text=text, verdict=Verdict(0.7, "high", [Reason("r", 0.9, spans[:4])]), layers_run=["verdict"])))
    reasons = few.find_all("ol", **{"class": "reasons"})[0]
    assert not reasons.find_all("details") and len([a for a in reasons.iter() if a.has_class("reason-link")]) == 4


def test_what_the_article_left_out_of_its_reference_is_listed_struck_through():
    text = "Costs rose to more than 3 million euros a day. Talks resume on Monday."
    more = text.index("more than")
    report = Report(text=text, passages=[Passage(0, more, "matched", 0.0), Passage(more, more + 9, "inserted", 1.0),
                                         Passage(more + 9, len(text), "matched", 0.0)],
                    meta={"splices": {"mode": "reference", "coverage": 0.86,
                                      "references": [{"id": "w1", "title": "Port strike", "source": "https://wire.example/1"}],
                                      "dropped": [{"text": "about", "at": more - 1}, {"text": "The mayor said nothing.", "at": len(text)}],
                                      "dropped_total": 5}},
                    layers_run=["passages"])
    root = parse(render(report))
    card = root.by_id("pass-h").parent
    assert "Compared with the reference Port strike: 86% of the article matched." in card.text()
    assert [a.attrs["href"] for a in card.find_all("a") if not a.attrs["href"].startswith("#")] == ["https://wire.example/1"]
    assert [d.text() for d in card.find_all("del")] == ["“about”", "“The mayor said nothing.”"]
    items = " | ".join(li.text() for li in card.find_all("li"))
    assert "“about” replaced by “more than”" in items
    assert "left out at the end, after “…day. Talks resume on Monday.”" in items
    assert "and 3 more in the JSON report" in items
    # and in the article, where it was: drawn by CSS, so the article's text is still exactly the report's
    _, article = article_node(render(report))
    assert article.text() == text
    drops = [n for n in article.iter() if n.has_class("drop")]
    assert [d.attrs["data-dropped"] for d in drops] == ["about", "The mayor said nothing."]
    page = render(report)
    assert page.index('data-dropped="about"') < page.index("more than") < page.index('data-dropped="The mayor')


def test_a_raised_label_says_its_score_reads_the_text_alone():
    raised = Report(text="Some text.", verdict=Verdict(0.12, "high", [Reason("Altered copy: ...", 0.2)]), layers_run=["verdict"])
    plain = Report(text="Some text.", verdict=Verdict(0.81, "high", [Reason("Loaded words", 0.2)]), layers_run=["verdict"])
    assert "score 0.12 (the text alone)" in render(raised)
    assert "score 0.81</span>" in render(plain)
    assert "the bar is the score of the text read alone" in render(raised)  # beside a red label, said in words
    assert "the bar is the score" not in render(plain)
    assert "comes from the comparison with a trusted original" in render(raised)
    # raised by passages out of keeping with the rest, no original was compared: the page must not say one was
    styled = Report(text="Some text.", verdict=Verdict(0.06, "medium", [Reason("Out of keeping with the rest: 4 passages ...", 0.3)]),
                    layers_run=["verdict"])
    assert "comes from passages out of keeping with the rest of the article" in render(styled)
    # its weight is a share of the text, no model weight: not shown as "(weight 0.30)"
    assert "(weight 0.3" not in render(styled) and "(weight 0.2" not in render(raised)
    assert "(weight 0.20)" in render(plain)
    assert "trusted original (the first" not in render(styled)


def test_a_style_only_report_lists_no_reference():
    report = Report(text="One sentence.", passages=[Passage(0, 13, "suspect", 0.7)], meta={"splices": {"mode": "style"}},
                    layers_run=["passages"])
    page = render(report)
    assert "Compared with the reference" not in page and "<del>" not in page


def _key(page: str) -> tuple[list[str], list[str]]:
    """The Key's claim sources and passage statuses, as listed."""
    fieldset = next(f for f in parse(page).find_all("fieldset") if f.find_all("legend")[0].text() == "Key")
    sources = [n.text() for n in fieldset.find_all("span") if n.has_class("pill")]
    passages = [n.text() for n in fieldset.iter() if n.has_class("sample")]
    return sources, passages


def test_the_key_lists_only_what_the_article_can_show():
    """Text judged alone has no inserted or matched passages and no dropped words, and a claim badged
    as a headline needs a headline: the Key had listed all four statuses and every badge whatever was
    analysed, so "inserted ... matched ... dropped" read as if the article had been compared."""
    text = "Costs rose to 3 million euros a day, experts say. The port said talks resume on Monday."
    split = text.index("The port")
    claims = [Claim(0, split - 1, 0.8, Attribution("vague", source="experts")), Claim(split, len(text), 0.5, Attribution("named"))]
    alone = Report(text=text, claims=claims, passages=[Passage(0, split - 1, "suspect", 0.7), Passage(split, len(text), "unverified", 0.1)],
                   meta={"splices": {"mode": "style"}}, layers_run=["claims", "passages"])
    assert _key(render(alone)) == (["named", "vague"], ["suspect"])
    compared = Report(text=text, claims=claims, passages=[Passage(0, split - 1, "inserted", 1.0), Passage(split, len(text), "matched", 0.0)],
                      meta={"splices": {"mode": "reference", "dropped": [{"text": "about", "at": 14}],
                                        "references": [{"id": "w1", "title": "Port strike"}]}}, layers_run=["claims", "passages"])
    assert _key(render(compared)) == (["named", "vague"], ["inserted", "matched", "dropped"])
    nothing = Report(text=text, layers_run=["claims", "passages"])
    assert "<legend>Key</legend>" not in render(nothing)
    assert _key(render(handmade_report())) == (["named", "vague"], ["inserted", "suspect", "matched"])


def test_missing_layers_are_said_not_invented():
    report = Report(text="Just a plain sentence.", layers_run=[])
    root = parse(render(report))
    assert "No verdict: the verdict layer was not run." in render(report)
    assert root.find_all("svg", **{"class": "chart"}) == []
    assert "Not analysed: techniques, claims, passages, verdict." in root.text()


def test_self_contained_file_allows_only_its_own_style():
    page = render(handmade_report(url="https://example.org/a"))
    root = parse(page)
    assert not root.find_all("script") and not root.find_all("link", rel="stylesheet")
    assert not re.search(r'\ssrc="', page)
    csp = root.find_all("meta", **{"http-equiv": "Content-Security-Policy"})[0].attrs["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    style = root.find_all("style")[0].text()
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_served_variant_links_assets():
    page = render(handmade_report(), PageOptions(static_url="/static", nav=True))
    root = parse(page)
    assert [s.attrs["src"] for s in root.find_all("script")] == ["/static/report.js"]
    assert root.find_all("link", rel="stylesheet")[0].attrs["href"] == "/static/report.css"
    assert not root.find_all("style") and all(not s.text().strip() for s in root.find_all("script"))


def test_real_parse_renders():
    """A report straight from the pipeline's parse (no analysers) renders its text exactly."""
    from unspin.pipeline import Pipeline

    report = Pipeline("fast", analyzers=[], strict=True)(ARTICLE)
    _, article = article_node(render(report))
    assert article.text() == ARTICLE


def test_hard_wrapped_text_is_reflowed_and_its_offsets_kept():
    """Wire copy wrapped at 68 columns reads as paragraphs, not as ragged lines: a line break inside
    a paragraph shows as a space, a blank line still parts paragraphs, and a span's offsets still
    index the text as given."""
    import textwrap

    from unspin.pipeline import Pipeline

    paragraphs = [textwrap.fill(p, 68) for p in ARTICLE.split("\n") if len(p) > 80][:2]
    assert len(paragraphs) == 2 and all(p.count("\n") >= 1 for p in paragraphs)
    text = "\n\n".join(paragraphs) + "\n"
    report = Pipeline("fast", analyzers=[], strict=True)(text)
    start = paragraphs[0].index("\n") - 5
    report.techniques = [Technique(start, start + 12, "Doubt", 0.5)]
    report.layers_run = ["techniques"]
    _, article = article_node(render(report))
    shown = article.text()
    assert shown == "\n\n".join(" ".join(p.split("\n")) for p in paragraphs) + "\n"
    node = next(n for n in article.iter() if n.attrs.get("data-a") == "t-0" and "data-start" in n.attrs)
    assert (int(node.attrs["data-start"]), int(node.attrs["data-end"])) == (start, start + 12)
    assert pieces_text(article, "t-0") == text[start:start + 12].replace("\n", " ")


def test_an_uploaded_pages_paragraphs_are_shown_apart():
    """A saved page's extracted text has one line per paragraph; drawn as given, the article was one
    block. A paragraph that ends a sentence is shown with a blank line after it, as pasted text
    with blank lines is; the report's text and its offsets stay as extracted. A headline, a line
    ending in a colon and list items stay on the line above what follows."""
    from unspin.pipeline import Pipeline

    paragraphs = ARTICLE.split("\n\n")
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    report = Pipeline("fast", analyzers=[], strict=True)(page)
    assert "\n\n" not in report.text and len(report.paragraphs) == len(paragraphs)  # as extracted
    start, end = report.text.index("radical agitators"), report.text.index("radical agitators") + 17
    report.techniques = [Technique(start, end, "Loaded_Language", 0.9)]
    report.layers_run = ["techniques"]
    _, article = article_node(render(report))
    # the gaps are empty elements: the article's text (what a reader copies) and its offsets are as given
    assert article.text() == report.text
    gaps = [n for n in article.iter() if "pgap" in (n.attrs.get("class") or "")]
    assert report.text.count(".\n") == 3 and len(gaps) == 4  # after the headline and the three paragraphs
    node = next(n for n in article.iter() if n.attrs.get("data-a") == "t-0" and "data-start" in n.attrs)
    assert (int(node.attrs["data-start"]), int(node.attrs["data-end"])) == (start, end)
    for typed in ("Strike talks stall\n\nThe union listed its demands:\n- a 6% rise.\n- shorter shifts.\nTalks resume on Monday.",
                  "Measures announced on Wednesday include:\nA 1p rise on a pint of beer.\nA 2p rise on wine.",
                  "Strike talks stall\n\nThe union met on Sunday.\n\nTalks resume on Monday."):  # (blank lines already)
        _, article = article_node(render(Pipeline("fast", analyzers=[], strict=True)(typed)))
        assert article.text() == typed and not [n for n in article.iter() if "pgap" in (n.attrs.get("class") or "")], typed


def test_real_fast_pipeline_renders(example_text):
    """The full fast profile's report renders (skipped while its models are not trained)."""
    from unspin.pipeline import analyze

    try:
        report = analyze(example_text, profile="fast")
    except ModelError as err:
        pytest.skip(f"fast models not available yet: {err}")
    root, article = article_node(render(report))
    assert article.text() == report.text
    for i, t in enumerate(report.techniques):
        assert pieces_text(article, f"t-{i}") == report.text[t.start:t.end]


def test_cli_writes_the_html_report(tmp_path):
    from unspin.cli import main
    from unspin.pipeline import get_pipeline

    try:
        get_pipeline("fast")
    except ModelError as err:
        pytest.skip(f"fast models not available yet: {err}")
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE.replace("Dock workers", "<script>window.__pwned=1</script> Dock workers"), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["analyze", str(src), "--format", "html", "--out", str(out)]) == 0
    root = parse(out.read_text(encoding="utf-8"))
    assert not root.find_all("script")
    assert "<script>window.__pwned=1</script>" in root.by_id("article").text()


@pytest.mark.parametrize("text, heading", [
    ("Dock workers extend strike\n\nPORT ELLING - Dock workers voted on Thursday.", "Dock workers extend strike"),
    ("Dock workers voted on Thursday to extend their strike.\n\nTalks stalled.", "Untitled article"),
    ("One paragraph only, no headline", "Untitled article"),
    ("<script>alert(1)</script>\n\nBody text.", "<script>alert(1)</script>"),
])
def test_pasted_text_takes_its_headline_as_title(text, heading):
    root = parse(render(Report(text=text, layers_run=[])))
    assert root.find_all("h1")[0].text() == heading
    assert root.find_all("script") == []


def test_a_file_is_headed_by_its_headline_and_named_under_it():
    report = Report(text="Dock workers extend strike\n\nPORT ELLING - Dock workers voted.", meta={"path": "in/a.txt"}, layers_run=[])
    root = parse(render(report))
    assert root.find_all("h1")[0].text() == "Dock workers extend strike"
    assert "in/a.txt" in root.text()


def test_a_span_shows_its_cue_and_its_definition_once():
    """The README promises each span's definition and the cue that fired."""
    text = "These radical agitators are holding an entire nation hostage."
    definition = "Uses words and phrases with strong emotional connotations to influence the reader."
    span = Technique(start=6, end=23, technique="Loaded_Language", score=0.48, explanation=definition,
                     cue='strongly negative wording | Loaded Language (74%): the word "radical"')
    root, node = article_node(render(Report(text=text, techniques=[span], layers_run=["techniques"])))
    tip = next(n for n in node.iter() if n.attrs.get("data-a") == "t-0").attrs["data-tip"]
    assert tip.count(definition) == 1
    assert 'strongly negative wording; as the technique: Loaded Language (74%): the word "radical"' in tip
    assert 'the word "radical"' in root.by_id("tech-h").parent.text()


def test_a_headline_without_a_source_is_badged_as_a_headline_not_as_unsourced():
    """Every article's headline names no source: badging it "no source" would say nothing."""
    text = "Strike goes on\n\nThe strike goes on, the union said. Nobody wants it."
    claims = [Claim(0, 14, 0.7, Attribution("none"), headline=True),
              Claim(16, 51, 0.8, Attribution("named", "the union", 37, 46, "said", 47, 51)),
              Claim(52, 67, 0.6, Attribution("none"))]
    root, node = article_node(render(Report(text=text, claims=claims, layers_run=["claims"])))
    badges = [n.attrs.get("data-label") for n in node.iter() if "badge" in n.attrs.get("class", "")]
    assert badges == ["headline", "named source", "no source"]
    pills = [n.text() for n in root.by_id("claims-h").parent.iter() if "pill" in n.attrs.get("class", "")]
    assert sorted(pills) == ["headline", "named", "no source"]


def test_the_terminal_report_badges_a_headline_as_such():
    from unspin.render.text import render as render_text

    text = "Strike goes on\n\nNobody wants the strike."
    report = Report(text=text, claims=[Claim(0, 14, 0.7, Attribution("none"), headline=True),
                                       Claim(16, 40, 0.6, Attribution("none"))], layers_run=["claims"])
    rows = {line.split("│")[3].strip(): line.split("│")[2].strip() for line in render_text(report, width=120).splitlines()
            if line.count("│") >= 5 and "worth" not in line}
    assert rows["Strike goes on"] == "headline"
    assert rows["Nobody wants the strike."] == "none"


def test_the_terminal_shows_each_techniques_strongest_span_with_its_definition_and_cue():
    from unspin.render.text import render as render_text

    text = "This is a terrible situation. It is time to jail them all and end this witch hunt!!!"
    weak = Technique(10, 28, "Loaded_Language", 0.28, "Strong emotional words.", "rare words | Loaded language (the likeliest technique, 40%): the word \"terrible\"")
    strong = Technique(30, 84, "Loaded_Language", 0.61, "Strong emotional words.", "x | Loaded language (the likeliest technique, 81%): the word \"witch\"")
    out = " ".join(render_text(Report(text=text, techniques=[weak, strong], layers_run=["techniques"]), width=140).split())
    assert "It is time to jail them all" in out and "terrible situation │" not in out
    # the span's score (is it a technique at all?) is told apart from the technique's share (which one?)
    assert "Strong emotional words." in out
    assert 'why: span score 0.61; Loaded language (the likeliest technique, 81%): the word "witch"' in out


def test_the_terminal_shows_a_techniques_definition_whole_and_only_whole_cues():
    from unspin.render.text import render as render_text
    from unspin.techniques import DEFINITIONS

    text = "The article calls them traitors and thugs, again and again."
    cue = ('span | Name calling / labeling (the likeliest technique, 83%): a named organisation; the phrase "who are"; '
           'the word "traitors"; ends with "thugs"')
    t = Technique(23, 41, "Name_Calling,Labeling", 0.45, DEFINITIONS["Name_Calling,Labeling"], cue)
    lines = [line.split("\u2502") for line in render_text(Report(text=text, techniques=[t], layers_run=["techniques"]),
                                                            width=100).splitlines() if line.count("\u2502") == 4]
    label, example = (" ".join(" ".join(row[k] for row in lines).split()) for k in (1, 3))
    # the definition had been cut at 90 characters: "... fears, hates or finds undes…"
    assert DEFINITIONS["Name_Calling,Labeling"] in label and "\u2026" not in label
    # the cues had been cut at 100 characters, mid-quote ('... a named organisation; the phrase "w…'): now
    # the last ones are dropped whole
    assert "(the likeliest technique, 83%): a named organisation; " in example and example.endswith("; \u2026")
    assert example.count('"') % 2 == 0


def test_the_terminal_says_how_often_a_reason_cites_the_same_words():
    """BBC politics/042: "4 hedging words (...)" pointed at a lone “could”: the four were one quote."""
    from unspin.render.text import render as render_text

    text = "It could rise. It could fall. Prices could soar, and they could crash."
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer("could", text)]
    verdict = Verdict(0.4, "medium", [Reason("4 hedging words (4.00 per 100 words).", 0.3, spans)])
    out = " ".join(render_text(Report(text=text, verdict=verdict, layers_run=["verdict"]), width=120).split())
    assert "at \u201ccould\u201d (4 times)" in out


def test_without_colour_the_terminal_marks_spans_in_characters():
    from unspin.render.text import render as render_text

    text = "Workers struck. These radical agitators hold the nation hostage. Talks resume."
    report = Report(text=text, techniques=[Technique(22, 39, "Loaded_Language", 0.7, "", "")],
                    passages=[Passage(16, 64, "suspect", 0.9, None, "")], layers_run=["techniques", "passages"])
    plain = render_text(report, width=140, color=False)
    assert "\u00abThese \u27e6radical agitators\u27e71 hold the nation hostage.\u00bb" in plain
    legend = next(line for line in plain.splitlines() if line.startswith("legend:"))
    assert "\u27e6\u2026\u27e71 Loaded language" in legend and "suspect passage" in legend and "inserted" not in legend
    coloured = render_text(report, width=140, color=True)
    assert "\u27e6" not in coloured and "radical agitators" in coloured  # colour marks them instead


def test_the_terminal_quotes_where_each_reason_looks_but_not_the_wording_reasons_own_words():
    from unspin.render.text import render as render_text

    text = "Experts say the plan will fail. Sources say it is doomed. Talks resume on Monday."
    verdict = Verdict(0.7, "high", [
        Reason("2 stock vague-source phrases.", 0.4, [{"start": 0, "end": 11}, {"start": 32, "end": 43}]),
        Reason("Its wording resembles the unreliable articles the model was trained on (most telling: 'doomed').", 0.3,
               [{"start": 49, "end": 55}])])
    out = " ".join(render_text(Report(text=text, verdict=verdict, layers_run=["verdict"]), width=140).replace("\u2502", " ").split())
    assert "2 stock vague-source phrases. at \u201cExperts say\u201d, \u201cSources say\u201d" in out
    assert "at \u201cdoomed\u201d" not in out


def test_a_claim_that_starts_with_a_quote_is_not_quoted_twice_in_the_lists():
    text = '"We did not want this," the union said. Talks resume on Monday.'
    report = Report(text=text, claims=[Claim(0, 39, 0.7, Attribution("named", "the union", 29, 38, "said", 34, 38, True))],
                    layers_run=["claims"])
    listed = [n.text() for n in parse(render(report)).by_id("claims-h").parent.iter() if n.tag == "a"]
    assert listed == ["\u201cWe did not want this,\" the union said.\u201d"]


def test_satire_is_shown_as_satire_not_as_a_degree_of_concern():
    from unspin.render.text import render as render_text

    reason = Reason("Reads like satire (satire detector: 0.84); the unreliability score is not meant for satire, "
                    "which is not written to be believed.", 0.0, [])
    report = Report(text="Area man wins argument with toaster, sources confirm.", layers_run=["verdict"],
                    verdict=Verdict(0.79, "satire", [reason, Reason("5 words in ALL CAPS", 0.4, [])]))
    card = parse(render(report)).by_id("verdict-h").parent.text()
    assert "Satire" in card and "unreliability score 0.79 (not meant for satire)" in card
    assert "● sets the label: Reads like satire" in card and "(weight 0)" not in card
    assert "▲ raises concern: 5 words in ALL CAPS" in card
    terminal = render_text(report, width=120)
    assert "SATIRE  (unreliability score 0.79, not meant for satire)" in terminal
    assert "SATIRE concern" not in terminal and "● Reads like satire" in terminal


def test_without_a_script_a_cited_span_drawn_in_pieces_is_outlined_whole():
    """The self-contained file has no script: following a reason's link must outline every piece of
    the cited span (it is cut where it crosses a passage's edge), not only the first."""
    text = "Officials said the selfish strikers block the gates while families pay."
    s, r = text.index("selfish strikers"), text.index("said")
    passages = [Passage(0, s, "matched", 0.0), Passage(s, len(text), "inserted", 1.0)]  # the cited span crosses them
    report = Report(text=text, passages=passages,
                    verdict=Verdict(0.7, "high", [Reason("Loaded words", 0.3, [{"start": r, "end": s + 7}])]),
                    layers_run=["passages", "verdict"])
    page = render(report)
    ident = f"span-{r}-{s + 7}"
    _, article = article_node(page)
    assert len([n for n in article.iter() if n.attrs.get("data-a") == ident]) > 1  # drawn in pieces
    assert f'#article:has(#{ident}:target) [data-a="{ident}"]' in page
    assert f'#article:has(#{ident}:target)' not in render(report, PageOptions(static_url="/static"))  # the script does it there


def test_a_span_drawn_in_pieces_is_announced_once_at_its_start_and_once_at_its_end():
    """Screen readers hear "<technique>: ... (end of <technique>)" from CSS alt text on the first
    piece (no "cont") and the last (no "more"); a focused span is described outside any <details>."""
    text = "Officials said the selfish strikers block the gates while families pay."
    s = text.index("selfish")
    report = Report(text=text, techniques=[Technique(0, s + 7, "Loaded_Language", 0.7)],
                    passages=[Passage(s, len(text), "inserted", 1.0)], layers_run=["techniques", "passages"])
    root, article = article_node(render(report))
    pieces = [n for n in article.iter() if n.attrs.get("data-a") == "p-0"]  # the passage crosses the technique
    assert len(pieces) == 2 and pieces[0].has_class("more") and not pieces[0].has_class("cont")
    assert pieces[1].has_class("cont") and not pieces[1].has_class("more")
    assert all(n.attrs["data-kind"] == "inserted passage" for n in pieces)
    tech = root.by_id("t-0")
    assert tech.attrs["data-kind"] == "Loaded language" and not tech.has_class("more")
    described = root.by_id(tech.attrs["aria-describedby"])
    assert "emotional" in described.text()
    node = described
    while node is not None:
        assert node.tag != "details"
        node = node.parent


def test_the_answer_comes_first_in_the_page_and_the_footer_is_outside_main():
    root = parse(render(handmade_report()))
    order = [n.attrs.get("id") or n.tag for n in root.iter() if n.tag == "article" or n.attrs.get("id") == "verdict-h"]
    assert order == ["verdict-h", "article"]
    main = root.find_all("main")[0]
    assert not main.find_all("footer") and root.find_all("footer")


@pytest.mark.parametrize("language, lang", [("fr", "fr"), ("pt-BR", "pt-BR"), ("", None), ('"><b>', None)])
def test_the_article_and_its_title_are_marked_with_the_articles_language(language, lang):
    """A screen reader reads a French article with a French voice; the page's own words stay English."""
    root = parse(render(handmade_report(language=language)))
    assert root.find_all("html")[0].attrs["lang"] == "en"
    assert root.by_id("article").attrs.get("lang") == lang
    assert root.by_id("title").attrs.get("lang") == lang


def test_each_technique_span_carries_the_number_the_legend_and_the_terminal_give_its_technique():
    """Colour alone told the techniques apart (pastels a colour-blind reader, or a print without
    backgrounds, cannot): each span ends in its technique's number, as in the legend and the
    terminal's ⟦radical agitators⟧1; drawn by CSS, so the article's text is unchanged."""
    from unspin.render.text import marked_text

    report = handmade_report()  # name calling twice, five others once
    root, article = article_node(render(report))
    legend = {label.attrs["for"][len("show-"):]: label.find_all("span", **{"class": "tn"})[0].attrs["data-n"]
              for label in root.find_all("label") if label.attrs.get("for", "").startswith("show-k")}
    assert legend["k9"] == "1" and sorted(legend.values()) == ["1", "2", "3", "4", "5", "6"]
    marks = [n for n in article.iter() if n.has_class("tn")]
    assert len(marks) == len(report.techniques) and all(m.attrs["aria-hidden"] == "true" for m in marks)
    for mark in marks:
        key = next(c for c in mark.attrs["class"].split() if c.startswith("k"))
        assert mark.attrs["data-n"] == legend[key]
    assert article.text() == report.text
    assert "radical agitators\u27e71" in marked_text(report).plain  # the terminal numbers it alike


def test_every_claims_source_cue_and_flagged_numbers_are_in_the_page_not_only_in_a_tooltip():
    """A long article has more claims than the list shows at first: the rest are one "Show the
    other N claims" away, with their details; before, past the 15th only a hover title (which
    keyboard, touch and screen-reader users never get) said who made a claim."""
    from unspin.report import Quantity

    sentences = [f"Spokesperson {n} of the ministry said the port moved {n + 10} percent more cargo in week {n}." for n in range(20)]
    text = " ".join(sentences)
    claims = []
    for n, sentence in enumerate(sentences):
        start = text.index(sentence)
        pct = text.index(f"{n + 10} percent", start)
        claims.append(Claim(start, start + len(sentence), checkworthiness=1 - n / 40,
                            attribution=Attribution("named", source=f"Spokesperson {n}", cue="said"),
                            quantities=[Quantity(pct, pct + 10, text=f"{n + 10} percent", kind="percent", value=n + 10,
                                                 flags=["no-base"])]))
    root = parse(render(Report(text=text, claims=claims, layers_run=["claims"])))
    card = root.by_id("claims-h").parent
    shown = card.text()
    for n in range(20):
        assert f"source: Spokesperson {n} · cue: said · check-worthiness {1 - n / 40:.2f} · {n + 10} percent [" in shown
    more = card.find_all("details")[0]
    assert more.find_all("summary")[0].text() == "Show the other 5 claims"
    assert "source: Spokesperson 19" in more.text() and "source: Spokesperson 14 " not in more.text()


def test_a_claims_punctuation_cue_is_named_not_shown_bare():
    """A headline 'Pence: “Michelle Obama Is ...”' is Pence's by its colon: the claim list had said
    "cue: :" (PolitiFact fake politifact13559)."""
    text = "Pence: \u201cShe is wrong\u201d\n\nThe talks failed, the union said."
    body, union = text.index("The talks"), text.index("the union")
    claims = [Claim(0, body - 2, 0.4, Attribution("named", source="Pence", source_start=0, source_end=5, cue=":", cue_start=5,
                                                  cue_end=6, quoted=True), headline=True),
              Claim(body, len(text), 0.3, Attribution("named", source="the union", source_start=union, source_end=union + 9,
                                                      cue="said", cue_start=union + 10, cue_end=union + 14))]
    shown = parse(render(Report(text=text, claims=claims, layers_run=["claims"]))).by_id("claims-h").parent.text()
    assert "source: Pence \u00b7 cue: the colon after the name \u00b7" in shown and "cue: :" not in shown
    assert "source: the union \u00b7 cue: said \u00b7" in shown


def test_a_pages_photo_caption_is_shown_as_a_caption():
    """A <figcaption> is one more line of a page's extracted text: drawn as given it ran into the next
    paragraph (it ends in no full stop) and nothing said that the flagged line was a photo caption,
    not the story's. It is set apart by a blank line above and below and labelled "Photo caption"
    (drawn from an attribute: what a reader copies and every offset stay as extracted)."""
    from unspin.pipeline import Pipeline
    from unspin.render.html import stylesheet

    caption = "These corrupt judges have betrayed every grieving family in America"
    page = ("<html><body><article><h1>Court rejects $280bn tobacco case</h1>"
            "<p>The demand for $280bn was rejected in a 2-1 decision by the court in Washington.</p>"
            f"<figure><img src='court.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
            "<p>British American Tobacco said the ruling could save its US arm 3.5bn pounds.</p>"
            "</article></body></html>")
    report = Pipeline("fast", analyzers=[], strict=True)(page)
    start = report.text.index(caption)
    assert report.meta["captions"] == [[start, start + len(caption)]]
    _, article = article_node(render(report))
    assert article.text() == report.text

    def drawn(node) -> str:
        """The article as a reader sees it: a paragraph gap as "|", a label as "[its text]"."""
        if node.has_class("pgap"):
            return "|"
        if node.has_class("caption-mark"):
            return f"[{node.attrs.get('data-label')}]"
        return "".join(c if isinstance(c, str) else drawn(c) for c in node.children)

    assert f"decision by the court in Washington.\n|[Photo caption]{caption}\n|British American Tobacco" in drawn(article)
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    rules = {" ".join(sel.split()): body for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)}
    assert "content: attr(data-label)" in " ".join(rules[".caption-mark::before"].split())  # the label is drawn
    assert "display: block" in rules[".pgap"]
