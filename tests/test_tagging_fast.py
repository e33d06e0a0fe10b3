"""The fast technique tagger: span <-> token-tag conversion, and the shipped model's behaviour on
texts a user might give it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from unspin.report import Technique
from unspin.tagging.ptc import span_tokens, spans_to_tags, tags_to_labelled_spans, tags_to_spans, token_cover
from unspin.techniques import DEFINITIONS, TECHNIQUES

TEXT = "They are traitors, pure and simple!"


def tokens_of(make_doc, text):
    return [(t.start, t.end) for t in make_doc(text).tokens]


# ---- spans <-> tags ---------------------------------------------------------------------------

def test_round_trip_of_token_aligned_spans(make_doc):
    toks = tokens_of(make_doc, TEXT)
    spans = [(9, 17), (19, 35)]  # "traitors", "pure and simple!" (ends at the last character)
    assert TEXT[19:35] == "pure and simple!" and len(TEXT) == 35
    tags = spans_to_tags(toks, spans)
    assert tags == ["O", "O", "B", "O", "B", "I", "I", "I"]
    assert tags_to_spans(toks, tags) == spans


def test_span_ending_at_the_last_character_survives(make_doc):
    text = "Stop the invasion"
    toks = tokens_of(make_doc, text)
    tags = spans_to_tags(toks, [(9, len(text))])
    assert tags[-1] == "B"
    assert tags_to_spans(toks, tags) == [(9, len(text))]
    assert text[slice(*tags_to_spans(toks, tags)[0])] == "invasion"


def test_io_scheme_and_touching_spans_stay_apart_in_bio():
    toks = [(0, 3), (4, 7), (8, 11), (12, 15)]
    spans = [(0, 7), (8, 15)]  # touching at whitespace, not overlapping
    assert spans_to_tags(toks, spans, scheme="BIO") == ["B", "I", "B", "I"]
    assert tags_to_spans(toks, spans_to_tags(toks, spans, scheme="BIO")) == spans
    # IO cannot tell two adjacent spans apart: they decode as one
    assert tags_to_spans(toks, spans_to_tags(toks, spans, scheme="IO")) == [(0, 15)]


def test_overlapping_spans_are_merged_without_labels():
    toks = [(0, 3), (4, 7), (8, 11), (12, 15)]
    assert spans_to_tags(toks, [(0, 7), (4, 11)]) == ["B", "I", "I", "O"]


def test_labelled_spans_shorter_wins_and_labels_come_back():
    toks = [(0, 3), (4, 7), (8, 11), (12, 15)]
    tags = spans_to_tags(toks, [(0, 15), (4, 7)], labels=["Doubt", "Loaded_Language"])
    assert tags == ["B-Doubt", "B-Loaded_Language", "B-Doubt", "I-Doubt"]
    assert tags_to_labelled_spans(toks, tags) == [(0, 3, "Doubt"), (4, 7, "Loaded_Language"), (8, 15, "Doubt")]


def test_spans_inside_words_snap_to_whole_tokens():
    toks = [(0, 5), (6, 12)]
    assert token_cover(toks, [(2, 8)]) == [(0, 12)]
    assert span_tokens(toks, 2, 8) == (0, 2)
    assert span_tokens(toks, 5, 6) == (1, 1)  # whitespace only: empty range


def test_ill_formed_tags_still_decode():
    toks = [(0, 1), (2, 3), (4, 5)]
    assert tags_to_spans(toks, ["I", "I", "O"]) == [(0, 3)]
    assert tags_to_spans(toks, ["O", "I", "B"]) == [(2, 3), (4, 5)]
    with pytest.raises(ValueError):
        tags_to_spans(toks, ["O"])
    with pytest.raises(ValueError):
        spans_to_tags(toks, [(0, 1)], scheme="BILOU")


# ---- the shipped model --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tagger():
    from unspin.tagging import load_tagger

    return load_tagger("fast")


LOADED = (
    "These radical extremists are destroying our great nation! They are traitors and liars, and every "
    "true patriot knows it. Wake up, America! The corrupt elite will stop at nothing to take away your "
    "freedom. Make America great again! This disgusting, evil scheme is a disaster, the worst betrayal "
    "in history. Do you really believe anything these so-called experts say?"
)


def test_finds_techniques_in_an_obviously_loaded_text(tagger, make_doc):
    doc = make_doc(LOADED)
    found = tagger.predict(doc)
    assert len(found) >= 3
    names = {t.technique for t in found}
    assert names & {"Loaded_Language", "Name_Calling,Labeling", "Flag-Waving", "Slogans", "Exaggeration,Minimisation"}
    for t in found:
        assert isinstance(t, Technique)
        assert 0 <= t.start < t.end <= len(LOADED)
        assert LOADED[t.start:t.end].strip() == LOADED[t.start:t.end]
        assert t.technique in TECHNIQUES
        assert 0.0 <= t.score <= 1.0
        assert t.explanation == DEFINITIONS[t.technique]
        assert t.cue, f"no cue for {LOADED[t.start:t.end]!r}"


def test_plain_reporting_gets_fewer_spans_than_loaded_text(tagger, make_doc):
    plain = ("The city council met on Tuesday to discuss the budget for next year. The proposal includes "
             "funding for road repairs and two new bus routes. A vote is scheduled for March 3. The meeting "
             "lasted two hours and was open to the public.")
    n_plain = len(tagger.predict(make_doc(plain)))
    n_loaded = len(tagger.predict(make_doc(LOADED)))
    assert n_plain < n_loaded


@pytest.mark.parametrize("text", [
    "!!!", "a", "\n\n  \n word \n", "ÄÖÜ ß 東京 😀 — “quoted” «guillemets»", "x" * 5000, "1 2 3 4 5 6 7 8 9",
    "<script>alert(1)</script>", "Hello.\u200b\u200bWorld\ufeff!", "\t".join(["tab"] * 50),
])
def test_odd_text_does_not_crash(tagger, make_doc, text):
    doc = make_doc(text)
    for t in tagger.predict(doc):
        assert 0 <= t.start < t.end <= len(text)
        assert t.technique in TECHNIQUES


def test_classify_names_a_technique_per_span_and_ranks_repeats(tagger, make_doc):
    doc = make_doc(LOADED)
    span = (LOADED.index("Make America great again!"), LOADED.index("Make America great again!") + 24)
    out = tagger.classify(doc, [span, span, (0, 5)])
    assert len(out) == 3
    assert all(name in TECHNIQUES and 0.0 <= p <= 1.0 for name, p in out)
    # the same span listed twice (two gold techniques) gets two different techniques
    assert out[0][0] != out[1][0] and out[0][1] >= out[1][1]


def test_classify_with_no_spans(tagger, make_doc):
    assert tagger.classify(make_doc(LOADED), []) == []


def test_fast_pipeline_fills_the_techniques_layer(fast_pipeline):
    report = fast_pipeline(LOADED)
    assert "techniques" in report.layers_run
    assert report.techniques and all(t.technique in TECHNIQUES for t in report.techniques)


def test_tampered_model_is_refused(tmp_path):
    import shutil

    from unspin.errors import ModelError
    from unspin.models import MODELS_DIR
    from unspin.tagging.fast import NAME, load

    shutil.copytree(MODELS_DIR / NAME, tmp_path / NAME)
    with open(tmp_path / NAME / "lexicon.json", "a", encoding="utf-8") as fh:
        fh.write(" ")
    with pytest.raises(ModelError, match="integrity"):
        load(tmp_path)


# ---- the CRF's marginals, computed from its weights ---------------------------------------------

def test_marginals_are_crfsuites_own(tagger, make_doc):
    """The tagger sums the CRF's weights itself (CrfScorer); CRFsuite, given the same features,
    must find the same P(B) and P(I) for every token, including one-token sentences."""
    from unspin.tagging.features import merge

    from unspin.tagging.fast import LONG_SENTENCE

    run_on = " ".join(["the radical agitators and every honest citizen know it and the workers said that"] * 40)
    text = LOADED + "\n\nHooray\n\nNo! " + "They lie, and lie, and lie again, every single day. " * 3 + "\n\n" + run_on
    marginals = tagger.span_marginals(make_doc(text))
    assert len(marginals) >= 8 and any(len(toks) == 1 for toks, *_ in marginals)
    assert any(len(toks) > LONG_SENTENCE for toks, *_ in marginals)  # CRFsuite's own path too
    for toks, pb, pi, parts in marginals:
        tagger.crf.set(merge(*parts))
        assert pb == pytest.approx([tagger.crf.marginal("B", i) for i in range(len(toks))], abs=1e-12)
        assert pi == pytest.approx([tagger.crf.marginal("I", i) for i in range(len(toks))], abs=1e-12)
    assert max(max(pb) for _, pb, _, _ in marginals) > 0.3  # something in it is a span


def test_the_model_file_is_read_to_the_last_bit(tagger):
    """CRFsuite's own dump (pycrfsuite's info()) rounds weights to six decimals; the file reader
    gets every weight it lists, exactly."""
    from unspin.models import MODELS_DIR
    from unspin.tagging.crfmodel import read_weights
    from unspin.tagging.fast import NAME

    weights = read_weights(MODELS_DIR / NAME / "crf.crfsuite")
    info = tagger.crf.info()
    assert set(weights.state) == set(info.state_features) and set(weights.transition) == set(info.transitions)
    assert all(abs(w - info.state_features[k]) <= 5e-7 for k, w in weights.state.items())
    assert any(round(w, 6) != w for w in weights.state.values())  # more than six decimals


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_crf_file_is_a_clear_error(tmp_path, damage):
    from unspin.errors import ModelError
    from unspin.models import MODELS_DIR
    from unspin.tagging.crfmodel import read_weights
    from unspin.tagging.fast import NAME

    data = (MODELS_DIR / NAME / "crf.crfsuite").read_bytes()
    path = tmp_path / "crf.crfsuite"
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"lCRF" + bytes(200), "empty": b""}[damage])
    with pytest.raises(ModelError, match="cannot be read"):
        read_weights(path)


def test_one_tagger_serves_threads(tagger, make_doc):
    """The web server's worker threads share one tagger: tagging articles at the same time must give
    what tagging them one by one gives (CRFsuite's tagger holds one sequence at a time)."""
    from concurrent.futures import ThreadPoolExecutor

    run_on = " ".join(["the corrupt elite and every true patriot know it and the traitors said that"] * 40)
    texts = [LOADED, run_on, LOADED + "\n\n" + run_on, "The council met on Monday. " * 30]
    docs = [make_doc(t) for t in texts]
    expected = [[(t.start, t.end, t.technique, t.score) for t in tagger.predict(d)] for d in docs]

    def tag(i):
        d = make_doc(texts[i % len(texts)])
        return i % len(texts), [(t.start, t.end, t.technique, t.score) for t in tagger.predict(d)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        for i, got in pool.map(tag, range(24)):
            assert got == expected[i]


@pytest.mark.parametrize("module", ["unspin.tagging.fast_train", "unspin.tagging.full_train"])
def test_the_training_modules_help_is_help_not_a_training_run(module):
    """`--help` (or nothing) started training and overwrote the shipped model when the data was there."""
    for args, code in ((["--help"], 0), ([], 2)):
        proc = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == code and "usage: python -m " + module in proc.stdout + proc.stderr


def test_a_cue_says_each_thing_once_in_words_a_reader_uses():
    from unspin.tagging.fast import _quoted
    from unspin.tagging.features import describe

    assert _quoted('nearby: a form of "Red"') == _quoted('the word "red"') == "red"
    assert _quoted("nearby: strongly negative wording") == _quoted("strongly negative wording")
    assert describe("len=2") == "a short phrase" and describe("len=7") is None  # not "(punctuation counted)"
    # spaCy's entity labels in words: a reviewer read "a named norp" in a tip
    assert describe("ent=NORP") == "a nationality, religious or political group"
    assert describe("ent=GPE") == "a country, city or state" and describe("ent=PERSON") == "a named person"


def test_the_feature_caches_stay_bounded_over_a_servers_history():
    """The fast tagger caches features per word, word pair and parse; a server that sees new words
    with every article must not keep them all (they had grown to 200,000 entries each)."""
    from types import SimpleNamespace

    from unspin.tagging.features import _CACHE_SIZE, CrfFeatures, SpanLexicon

    features = CrfFeatures(SpanLexicon({}))
    for i in range(_CACHE_SIZE * 3 // 2):
        word = f"word{i}"
        features._word(SimpleNamespace(text=word, is_punct=False, is_stop=False))
        features._pair(word, "said")
    assert len(features._words) <= _CACHE_SIZE + 1 and len(features._pairs) <= _CACHE_SIZE + 1
    assert _CACHE_SIZE <= 20_000  # a few articles' words, not a server's whole history
