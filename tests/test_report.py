import json
from importlib import resources

import jsonschema
import pytest

from unspin.render.html import render as render_html
from unspin.render.text import render as render_text
from unspin.errors import InputError
from unspin.report import REQUIRED_FIELDS, SCHEMA, Attribution, Claim, Passage, Quantity, Reason, Report, Technique, Verdict
from unspin.techniques import TECHNIQUES

from .conftest import SHARED


def schema():
    return json.loads(resources.files("unspin").joinpath("schema/report-1.json").read_text())


def full_report() -> Report:
    text = "Barely 2% support them, experts say."
    return Report(
        text=text,
        meta={"title": "t", "language": "en", "profile": "fast"},
        techniques=[Technique(0, 6, "Loaded_Language", 0.7, "definition", "barely")],
        claims=[Claim(0, len(text), 0.9, Attribution("vague", "experts", 24, 31, "say", 32, 35),
                      [Quantity(7, 9, "2%", "percent", 0.02, flags=["unsourced"])])],
        passages=[Passage(0, len(text), "suspect", 0.8)],
        verdict=Verdict(0.8, "high", [Reason("unsourced statistic", 0.5, [{"start": 7, "end": 9}])]),
        layers_run=["techniques", "claims", "passages", "verdict"],
    )


def test_json_round_trip_and_schema():
    report = full_report()
    data = json.loads(report.to_json())
    assert data["schema"] == SCHEMA
    jsonschema.validate(data, schema())
    assert Report.from_json(report.to_json()) == report


def test_schema_rejects_unknown_technique_and_status():
    data = full_report().to_dict()
    data["techniques"][0]["technique"] = "Sarcasm"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())
    data = full_report().to_dict()
    data["passages"][0]["status"] = "fake"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_analysed_example_validates_and_offsets_are_valid(example_report):
    data = json.loads(example_report.to_json())
    jsonschema.validate(data, schema())
    n = len(example_report.text)
    for layer, start, end in example_report.iter_spans():
        assert 0 <= start < end <= n, (layer, start, end)


def test_layers_not_run_are_empty(example_report):
    for layer in ("techniques", "claims", "passages"):
        if layer not in example_report.layers_run:
            assert getattr(example_report, layer) == []
    if "verdict" not in example_report.layers_run:
        assert example_report.verdict is None


@pytest.mark.shared
def test_technique_names_are_the_official_fourteen():
    names = (SHARED / "ptc-semeval2020" / "propaganda-techniques-names-semeval2020task11.txt").read_text().split()
    assert sorted(names) == sorted(TECHNIQUES)
    assert sorted(schema()["$defs"]["technique"]["properties"]["technique"]["enum"]) == sorted(TECHNIQUES)


def test_quantity_flags_read_as_words_in_the_text_and_html_reports():
    report = full_report()
    report.claims[0].quantities[0].flags = ["unsourced", "suspiciously_precise"]
    for page in (render_text(report, width=200), render_html(report)):
        assert "unsourced, suspiciously precise" in page and "suspiciously_precise" not in page


def test_required_fields_agree_with_the_json_schema():
    assert set(REQUIRED_FIELDS) == set(schema()["required"])


def test_what_is_not_a_report_is_refused_with_a_reason():
    good = json.loads(full_report().to_json())
    cases = [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({k: v for k, v in good.items() if k != "claims"}), "claims missing"),
        (json.dumps({**good, "techniques": [{**good["techniques"][0], "technique": "Sarcasm"}]}),
         r"techniques\.0\.technique: 'Sarcasm' is not one of 'Appeal_to_Authority'.*\(and 10 more\)"),
        # what the JSON Schema refuses would crash a renderer later, far from its cause
        (json.dumps({**good, "verdict": {**good["verdict"], "score": "high"}}), "verdict.score: 'high' is not of type 'number'"),
        (json.dumps({**good, "verdict": {**good["verdict"], "label": "catastrophic"}}), "verdict.label: 'catastrophic'"),
        (json.dumps({**good, "layers_run": None}), "layers_run: None is not of type 'array'"),
        (json.dumps({**good, "meta": [1]}), "meta"),
        (json.dumps({**good, "warnings": "oops"}), "warnings"),
        (json.dumps({**good, "techniques": [{**good["techniques"][0], "start": True}]}), "techniques.0.start: True"),
        (json.dumps({**good, "passages": [{**good["passages"][0], "end": 99999}]}), "not within the text"),
        (json.dumps({**good, "passages": [{"start": 0}]}), "not a valid unspin report"),
    ]
    for raw, words in cases:
        with pytest.raises(InputError, match=words):
            Report.from_json(raw)
    assert Report.from_json(json.dumps(good)).to_dict() == good


def test_the_terminal_report_says_who_wrote_the_article_when_and_where():
    """A saved page's author, date and source were only in the JSON and HTML reports."""
    report = Report(text="Dock workers voted to extend the strike, the union said.", meta={
        "title": "Strike extended", "author": "Martin Holt", "date": "2005-01-18", "source": "WireNews", "profile": "fast"},
        layers_run=[])
    out = render_text(report, width=100, color=False)
    assert "by Martin Holt · 2005-01-18 · WireNews · profile: fast" in out
    bare = render_text(Report(text="Dock workers voted.", meta={"source": "stdin", "profile": "fast"}, layers_run=[]),
                       width=100, color=False)
    assert "stdin" not in bare and "profile: fast" in bare


def test_marks_without_colour_nest():
    """A suspect caption that is also one technique span was marked «⟦...»⟧1: the marks crossed."""
    text = "Kept text. Shameless bureaucrats are blind. More text."
    a, b = text.index("Shameless"), text.index(" More")
    report = Report(text=text, meta={}, layers_run=["techniques", "passages"],
                    techniques=[Technique(a, b, "Name_Calling,Labeling", 0.9), Technique(a, a + 9, "Loaded_Language", 0.8)],
                    passages=[Passage(a, b, "suspect", 0.7)])
    from unspin.render.text import marked_text

    assert marked_text(report).plain == "Kept text. «⟦⟦Shameless⟧1 bureaucrats are blind.⟧2» More text."
