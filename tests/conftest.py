"""Shared fixtures: the spaCy model is loaded once per session; tests needing ../shared/data skip
cleanly where it is absent (CI has it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.semeval.data import SHARED  # ../shared/data beside the checkout, or $UNSPIN_DATA

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour-strike.txt"


def pytest_collection_modifyitems(config, items):
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"the datasets are absent ({SHARED}; set UNSPIN_DATA)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp():
    from unspin import nlp as _nlp

    return _nlp.load()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fast_pipeline():
    from unspin.pipeline import Pipeline

    return Pipeline("fast")


@pytest.fixture(scope="session")
def example_report(fast_pipeline, example_text):
    return fast_pipeline(example_text)


@pytest.fixture
def make_doc(nlp):
    from unspin.document import Document

    def make(text: str, **meta):
        return Document.from_text(text, meta, nlp=nlp)

    return make


@pytest.fixture(scope="session")
def wire_index(tmp_path_factory) -> str:
    """A reference index of the shipped examples/wire/ folder: the original wire story that
    examples/harbour-strike.txt was spliced from (the README's `--index` example)."""
    from unspin.splices.index import ReferenceIndex, RefDoc

    original = ROOT / "examples" / "wire" / "harbour-strike-original.txt"
    path = tmp_path_factory.mktemp("wire") / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc(original.stem, "Dock workers extend strike at Port Elling as talks stall",
                          original.read_text(encoding="utf-8"), str(original.relative_to(ROOT)))])
    return str(path)
