import doctest
import subprocess
import sys

import pytest

import unspin
from unspin.errors import ConfigurationError, EmptyInput, InputError, UnspinError
from unspin.pipeline import Pipeline, _REGISTRY, analyzer


def test_unknown_profile_is_refused():
    with pytest.raises(ConfigurationError, match="unknown profile"):
        Pipeline("turbo")


def test_missing_layer_is_caught_when_built():
    @analyzer("needs_claims_test", layer="verdict", requires=("claims",), profiles=())
    def make(options):
        return lambda doc, report: None

    try:
        with pytest.raises(ConfigurationError, match="needs layer"):
            Pipeline("fast", analyzers=["needs_claims_test"])
    finally:
        _REGISTRY.pop("needs_claims_test")


def test_failing_analyser_is_recorded_not_fatal(example_text):
    @analyzer("boom_test", layer="passages", profiles=())
    def make(options):
        def run(doc, report):
            raise RuntimeError("kaboom")
        return run

    try:
        report = Pipeline("fast", analyzers=["boom_test"])(example_text)
    finally:
        _REGISTRY.pop("boom_test")
    assert report.passages == []
    assert "passages" not in report.layers_run
    assert any("boom_test failed" in w and "kaboom" in w for w in report.warnings)


def test_pipeline_is_reusable(fast_pipeline):
    a = fast_pipeline("The minister said the plan would cost $2 million.")
    b = fast_pipeline("Rebels said they had captured the town.")
    assert a.text != b.text and a.sentences and b.sentences


def test_non_english_is_said(fast_pipeline):
    report = fast_pipeline("Le gouvernement a annoncé mardi de nouvelles mesures pour lutter contre l'inflation, selon le ministre.")
    assert report.meta["language"] == "fr"
    assert any("not English" in w for w in report.warnings)


def test_import_is_light():
    code = "import sys, unspin; heavy = [m for m in ('spacy', 'torch', 'transformers', 'fastapi', 'dask', 'trafilatura') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_progress_names_each_step_in_order(fast_pipeline, example_text):
    steps = []
    report = fast_pipeline(example_text, progress=steps.append)
    assert steps[0] == f"parsing {len(example_text.split()):,} words"
    assert steps[1:] == fast_pipeline.names
    assert report.layers_run


def test_the_module_docstring_example_is_true():
    assert doctest.testmod(unspin).failed == 0


def test_what_analyze_takes_and_what_it_refuses(fast_pipeline, tmp_path):
    for wrong in (42, ["The mayor said so."]):
        with pytest.raises(InputError, match="str, bytes, a path, a Source or a Document") as caught:
            fast_pipeline(wrong)
        assert isinstance(caught.value, UnspinError)  # `except UnspinError` catches it, as it does bad text
        assert isinstance(caught.value, TypeError)  # and a caller's `except TypeError` still does
    with pytest.raises(EmptyInput, match="the article is missing"):  # None: a table's empty cell, as batch says
        fast_pipeline(None)
    assert fast_pipeline(b"The mayor said the bridge would reopen on Monday.").text.startswith("The mayor said")
    assert fast_pipeline(memoryview(b"The mayor said the bridge would reopen on Monday.")).text.startswith("The mayor said")
    article = tmp_path / "bridge.txt"
    article.write_text("The mayor said the bridge would reopen on Monday.\n", encoding="utf-8")
    report = fast_pipeline(article)  # a path is read as unspin.load reads it
    assert report.text.startswith("The mayor said") and report.meta["path"] == str(article)
    assert unspin.load(article).text == fast_pipeline.make_doc(article).text
    report = fast_pipeline(str(article))  # a str is a text, even one that names a file: analysed as it is, with a warning
    assert report.text == str(article)
    assert any("looks like a file path; pass a pathlib.Path or use unspin.load" in w for w in report.warnings)
    assert not any("file path" in w for w in fast_pipeline("bridge.txt").warnings)  # no such file here: no warning
    page = ("<!doctype html><html><head><title>Port strike</title></head><body><article><p>Dock workers at Port "
            "Elling voted on Thursday to extend their strike by another week, after talks broke down.</p></article></body></html>")
    report = fast_pipeline(page)  # markup in a string is a page: its main text is analysed, not its tags
    assert report.text.startswith("Dock workers") and "<" not in report.text and report.meta["title"] == "Port strike"


def test_pipeline_arguments_that_cannot_mean_anything_are_refused():
    with pytest.raises(TypeError, match="list of names"):
        Pipeline("fast", analyzers="verdict")
    with pytest.raises(TypeError, match="the spelling is 'analyzers'"):
        Pipeline("fast", analysers=["verdict"])
    with pytest.raises(ConfigurationError, match="named more than once: attribution"):
        Pipeline("fast", analyzers=["attribution", "attribution"])
    with pytest.raises(ConfigurationError, match="techniques_fast and techniques_full both make the techniques layer"):
        Pipeline("fast", analyzers=["techniques_fast", "techniques_full"])
    with pytest.raises(ConfigurationError, match="checkworthiness and checkworthiness_full both score the claims layer"):
        Pipeline("fast", analyzers=["attribution", "checkworthiness", "checkworthiness_full"])
    assert Pipeline("fast", analyzers=["attribution", "checkworthiness"]).names == ["attribution", "checkworthiness"]


def test_windows_line_endings_change_nothing_but_the_offsets(fast_pipeline, example_text, example_report):
    """The same article saved with CRLF line endings gets the same analysis: the same spans (at
    offsets into its own text), the same scores, the same verdict."""
    crlf = example_text.replace("\n", "\r\n")
    report = fast_pipeline(crlf)
    assert report.text == crlf

    def seen(r):
        return {
            "techniques": [(r.text[t.start:t.end], t.technique, t.score) for t in r.techniques],
            "claims": [(r.text[c.start:c.end].replace("\r", ""), c.checkworthiness, c.attribution.kind,
                        [(q.text, q.value, q.flags) for q in c.quantities]) for c in r.claims],
            "passages": [(p.status, r.text[p.start:p.end].replace("\r", "")) for p in r.passages],
            "verdict": (r.verdict.score, r.verdict.label, [(x.text, x.weight) for x in r.verdict.reasons]),
        }

    assert seen(report) == seen(example_report)


def test_a_byte_order_mark_is_kept_and_changes_nothing_but_the_offsets(fast_pipeline, example_text, example_report,
                                                                      tmp_path):
    """A UTF-8 file that opens with a byte-order mark (two of PTC's train articles do, and their gold
    offsets count it) is analysed as the file reads with ``encoding="utf-8"``: every offset one
    further on, the same spans and scores, and no span, sentence or headline that starts on the mark.
    The mark had been dropped, so each offset was one short of the file's; kept but parsed as part of
    the first word, it had started the first sentence and claim."""
    path = tmp_path / "article.txt"
    path.write_bytes(b"\xef\xbb\xbf" + example_text.encode("utf-8"))
    report = fast_pipeline(path)
    assert report.text == path.read_text(encoding="utf-8") == "\ufeff" + example_text

    def shifted(r, by):
        return {
            "sentences": [(s.start - by, s.end - by) for s in r.sentences],
            "paragraphs": [(p.start - by, p.end - by) for p in r.paragraphs],
            "techniques": [(t.start - by, t.end - by, t.technique, t.score) for t in r.techniques],
            "claims": [(c.start - by, c.end - by, c.checkworthiness, c.attribution.kind, c.headline,
                        [(q.start - by, q.text, q.flags) for q in c.quantities]) for c in r.claims],
            "verdict": (r.verdict.score, r.verdict.label, [x.text for x in r.verdict.reasons],
                        [[(s["start"] - by, s["end"] - by) for s in x.spans] for x in r.verdict.reasons]),
        }

    assert shifted(report, 1) == shifted(example_report, 0)
    # (a share of the text's characters moves by one in ten thousand: the mark is one more of them)
    assert [x.weight for x in report.verdict.reasons] == pytest.approx([x.weight for x in example_report.verdict.reasons],
                                                                      abs=1e-3)
    assert min(s.start for s in report.sentences) == 1
