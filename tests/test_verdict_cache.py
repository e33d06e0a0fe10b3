"""The verdict's evidence cache (runs/verdict/features): evidence from a model since retrained is
never read back, and evidence that reads no model keeps its folder."""

from __future__ import annotations

import copy

import pytest

from unspin.models import CARD, MODELS_DIR
from unspin.verdict.data import Article

TEXT = ("The council voted on Tuesday to extend the bus network, officials said. These corrupt bureaucrats "
        "are destroying our city forever, and every honest citizen knows it. Sources say fares will rise.")


def test_every_model_an_analyser_declares_is_shipped():
    from unspin.pipeline import registry

    declared = {m for info in registry().values() for m in info.models}
    assert {"techniques-fast", "techniques-full", "checkworthiness-fast", "checkworthiness-full", "splices-style",
            "verdict"} <= declared
    for model in declared:
        assert (MODELS_DIR / model / CARD).is_file(), model


@pytest.fixture
def retrained(monkeypatch):
    """Make the cards say that techniques-fast was retrained (one file's sha256 changes)."""
    import unspin.models as models

    real = models.read_card

    def read_card(name, root=None):
        card = real(name, root)
        if name == "techniques-fast":
            card = copy.deepcopy(card)
            first = sorted(card["files"])[0]
            card["files"][first] = "0" * 64
        return card

    return lambda: monkeypatch.setattr(models, "read_card", read_card)


def test_the_cache_folder_follows_the_models_the_analysers_read(retrained):
    from unspin.verdict.corpus import signature

    before = {names: signature("fast", list(names)) for names in ((), ("techniques_fast",), ("checkworthiness",))}
    retrained()
    after = {names: signature("fast", list(names)) for names in before}
    assert after[("techniques_fast",)] != before[("techniques_fast",)]  # its model changed
    assert after[("checkworthiness",)] == before[("checkworthiness",)]  # its model did not
    assert after[()] == before[()]  # style evidence reads no model


def test_evidence_is_recomputed_after_a_model_is_retrained(tmp_path, retrained, monkeypatch):
    from unspin.verdict import corpus
    from unspin.verdict.corpus import featurize

    monkeypatch.setattr(corpus, "PARSES", tmp_path / "parses")  # the parse cache too stays out of the checkout

    arts = [Article("fakenewsnet-politifact", "a1", TEXT, 1)]
    logs: list[str] = []
    features = tmp_path / "features"
    featurize(arts, analyzers=["techniques_fast"], cache=features, log=logs.append)
    featurize(arts, analyzers=["techniques_fast"], cache=features, log=logs.append)
    retrained()
    featurize(arts, analyzers=["techniques_fast"], cache=features, log=logs.append)
    computed = [line for line in logs if line.startswith("techniques")]
    assert [" 1 computed" in line for line in computed] == [True, False, True], computed


def test_a_parse_made_under_other_sentence_rules_is_not_read_back(tmp_path, monkeypatch):
    """The parse cache is keyed by unspin's sentence rules as well as the text: a cache keyed by the
    text alone had kept the verdict's evidence and the technique evaluation on sentence boundaries
    from before a rule change (a reproducibility review: documented SI F1 0.387, a clone 0.388)."""
    from unspin import nlp
    from unspin.verdict import corpus

    monkeypatch.setattr(corpus, "PARSES", tmp_path / "parses")
    art = Article("fakenewsnet-politifact", "a1", TEXT, 1)
    sha = "0" * 40
    corpus._parse(art, sha)
    (first,) = (tmp_path / "parses").rglob("*.spacy")
    assert nlp.fingerprint() in first.parts
    monkeypatch.setattr(nlp, "fingerprint", lambda: "other-rules")
    corpus._parse(art, sha)
    assert len(list((tmp_path / "parses").rglob("*.spacy"))) == 2  # parsed again, not read back


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_cached_parse_of_wrapped_wire_copy_reads_back_as_the_parse_it_was(tmp_path, monkeypatch, newline):
    """Hard-wrapped text (and Windows line endings) is parsed with its line breaks set aside and put
    back; a parse read back from the cache is used as it is (the refit of the verdict had crashed on
    the first such article the cache held)."""
    from unspin.verdict import corpus

    monkeypatch.setattr(corpus, "PARSES", tmp_path / "parses")
    text = newline.join([
        "KENYAN ECONOMY FACES PROBLEMS", "",
        "The Kenyan economy is heading for",
        "difficult times after a boom last year, and the country must",
        "tighten its belt, President Daniel Arap Moi said.",
        "    In a speech at the state opening of parliament, Moi said",
        "high coffee prices and cheap oil in 1986 led to economic growth",
        "of five pct, compared with 4.1 pct in 1985.", ""])
    art = Article("fakenewsnet-politifact", "a2", text, 1)
    fresh = corpus._parse(art, "1" * 40)
    cached = corpus._parse(art, "1" * 40)
    assert len(list((tmp_path / "parses").rglob("*.spacy"))) == 1
    assert cached.sentences == fresh.sentences and cached.paragraphs == fresh.paragraphs
    assert [(t.dep_, t.head.i) for t in cached.spacy] == [(t.dep_, t.head.i) for t in fresh.spacy]
