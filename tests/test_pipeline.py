import subprocess
import sys

import pytest

from unspin.errors import ConfigurationError
from unspin.pipeline import AnalyzerInfo, Pipeline, _REGISTRY, analyzer


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
