"""Check-worthiness: the CheckThat! measures on hand-computed cases, the public scoring API, the
analyser on the example article, and an evaluation smoke test on real CLEF data."""

from __future__ import annotations

import math

import pytest

from unspin.claims import measures as M
from unspin.errors import ConfigurationError, InputError

# ---- measures, hand-computed -------------------------------------------------------------------


def test_average_precision_hand_computed():
    # ranked: 1 0 1 0 -> precisions at the hits 1/1 and 2/3 -> (1 + 2/3) / 2
    assert M.average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((1 + 2 / 3) / 2)
    # order of the input does not matter, only the scores
    assert M.average_precision([0, 1, 0, 1], [0.1, 0.7, 0.8, 0.9]) == pytest.approx((1 + 2 / 3) / 2)


def test_average_precision_divides_by_all_positives_and_handles_none():
    # one of two positives is ranked last of 3: (1/1 + 2/3) / 2
    assert M.average_precision([1, 0, 1], [3, 2, 1]) == pytest.approx(5 / 6)
    assert M.average_precision([0, 0, 0], [3, 2, 1]) == 0.0


def test_ties_keep_file_order_like_the_official_scorer():
    # a stable sort by descending score: the tied lines stay in file order
    assert M.average_precision([0, 1], [0.5, 0.5]) == 0.5
    assert M.reciprocal_rank([0, 1], [0.5, 0.5]) == 0.5
    assert M.average_precision([1, 0], [0.5, 0.5]) == 1.0


def test_precision_at_k_divides_by_k_even_past_the_end():
    labels, scores = [1, 0, 1, 1, 0, 0], [6, 5, 4, 3, 2, 1]
    assert M.precision_at(labels, scores, 1) == 1.0
    assert M.precision_at(labels, scores, 3) == pytest.approx(2 / 3)
    assert M.precision_at(labels, scores, 5) == pytest.approx(3 / 5)
    assert M.precision_at([1], [1.0], 5) == pytest.approx(1 / 5)
    with pytest.raises(ValueError):
        M.precision_at(labels, scores, 0)


def test_r_precision_and_reciprocal_rank():
    assert M.r_precision([1, 1, 0, 0], [0.9, 0.1, 0.8, 0.2]) == 0.5  # R = 2, top 2 holds one
    assert M.reciprocal_rank([0, 0, 1], [3, 2, 1]) == pytest.approx(1 / 3)
    assert M.reciprocal_rank([0, 0], [2, 1]) == 0.0


def test_map_is_the_mean_over_debates_not_over_lines():
    debates = {"a": ([1, 0], [2, 1]), "b": ([0, 0, 0, 1], [4, 3, 2, 1])}  # AP 1.0 and 0.25
    assert M.mean_average_precision(debates) == pytest.approx(0.625)
    report = M.ranking_report(debates, ks=(1, 5))
    assert report["mean"]["MAP"] == pytest.approx(0.625)
    assert report["mean"]["P@1"] == pytest.approx(0.5)
    assert report["mean"]["P@5"] == pytest.approx((1 / 5 + 1 / 5) / 2)
    assert report["debates"]["b"]["positives"] == 1


def test_measures_refuse_mismatched_input():
    with pytest.raises(ValueError):
        M.average_precision([1, 0], [0.5])
    with pytest.raises(ValueError):
        M.mean_average_precision({})


def test_binary_f1_and_reliability():
    f = M.binary_f1([1, 1, 0, 0], [1, 0, 1, 0])
    assert (f["precision"], f["recall"], f["f1"]) == (0.5, 0.5, 0.5)
    assert M.binary_f1([0, 0], [0, 0])["f1"] == 0.0
    rel = M.reliability([1, 0, 1, 1], [0.95, 0.05, 0.95, 1.0], bins=10)
    # bin 0.0-0.1: predicted 0.05, observed 0; bin 0.9-1.0: predicted 0.9667, observed 1
    assert rel["ece"] == pytest.approx(0.25 * 0.05 + 0.75 * (1 - (0.95 + 0.95 + 1.0) / 3))
    assert [b["n"] for b in rel["bins"]] == [1, 3]


# ---- the model ---------------------------------------------------------------------------------

CLAIM = "Unemployment fell to 3.9 percent last year."
GREETING = "Thank you, it's great to be here."


def test_factual_claim_outranks_a_greeting():
    import unspin

    claim, greeting = unspin.score_checkworthiness([CLAIM, GREETING])
    assert 0.0 <= greeting < claim <= 1.0
    assert claim >= 0.5 > greeting


def test_scores_are_probabilities_for_awkward_input():
    from unspin import score_checkworthiness

    odd = ["", "   ", "?", "a" * 2000, "Il a dit que 40 % des électeurs…", "1 2 3 4 5", "🙂🙂"]
    scores = score_checkworthiness(odd)
    assert len(scores) == len(odd)
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 and not math.isnan(s) for s in scores)
    assert scores[:2] == [0.0, 0.0]  # an empty sentence claims nothing (it scored 0.27)
    assert score_checkworthiness([]) == []


def test_bad_input_is_a_clear_error():
    from unspin import score_checkworthiness

    with pytest.raises(InputError, match="list of sentences"):
        score_checkworthiness(CLAIM)
    with pytest.raises(InputError, match="not str"):
        score_checkworthiness([CLAIM, b"bytes"])
    with pytest.raises(InputError, match="not a dict"):
        score_checkworthiness({CLAIM: 1})
    with pytest.raises(ConfigurationError, match="unknown check-worthiness tier 'huge'; choose one of: fast, full"):
        score_checkworthiness([CLAIM], tier="huge")  # a setting, as an unknown profile is


def test_statistics_outrank_opinions_and_procedure():
    from unspin import score_checkworthiness

    stats = ["The state cut school funding by $1.2 billion in 2017.",
             "Crime in our cities has doubled since 2010, according to the FBI."]
    other = ["I think we need to come together as a country.", "Let's go to the next question.",
             "Good evening and welcome to the debate."]
    s = score_checkworthiness(stats + other)
    assert min(s[:2]) > max(s[2:])


def test_the_shipped_model_is_small_and_hash_checked():
    from unspin.claims.checkworthiness import MODEL_NAMES
    from unspin.models import artifact_dir, read_card

    folder = artifact_dir(MODEL_NAMES["fast"])
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 8_000_000
    card = read_card(MODEL_NAMES["fast"])
    assert card["command"] == "unspin train claims --tier fast"
    assert card["metrics"]["clef2019_task1_test"]["MAP"] > 0


def test_memory_term_lifts_sentences_near_checked_claims_only_and_survives_saving(tmp_path):
    import numpy as np

    from unspin.claims.checkworthiness import LinearModel, memory_similarity

    memory = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])
    near, far = [0.8, 0.6, 0.0], [0.0, 0.0, 1.0]
    sims = memory_similarity(np.array([near, far]), memory, 2)
    assert sims == pytest.approx([(0.96 + 0.8) / 2, 0.0])  # the two nearest of three
    model = LinearModel("full", {"w:a": 0}, np.zeros(4), 0.0, 1.0, 0.0, 3, np.zeros(3), np.ones(3),
                        memory=memory, memory_k=2, memory_coef=2.0, memory_offset=0.5)
    dense = np.array([near, far])
    m = model.margins([["w:a"], ["w:a"]], dense)
    assert m[0] == pytest.approx(2.0 * ((0.96 + 0.8) / 2 - 0.5))  # lifted
    assert m[1] == 0.0  # unlike every checked claim: not pushed down (news is unlike debates)
    model.save(tmp_path)
    again = LinearModel.load(tmp_path, "full")
    assert again.margins([["w:a"], ["w:a"]], dense) == pytest.approx(m, abs=1e-5)


class _Reader:
    """Stands in for the fine-tuned reader: a logit per text, from a table."""

    def __init__(self, table):
        self.table = table

    def logits(self, texts):
        import numpy as np

        return np.array([self.table[t] for t in texts], dtype=float)


def test_reader_term_moves_the_margin_by_its_standardised_logit_and_needs_the_text():
    import numpy as np

    from unspin.claims.checkworthiness import LinearModel
    from unspin.errors import ModelError

    model = LinearModel("full", {"w:a": 0}, np.array([0.5]), -1.0, reader=_Reader({"x": 3.0, "y": -1.0}),
                        reader_coef=2.0, reader_offset=1.0)
    assert model.margins([["w:a"], []], texts=["x", "y"]) == pytest.approx([-0.5 + 2.0 * 2.0, -1.0 + 2.0 * -2.0])
    with pytest.raises(ModelError, match="text"):
        model.margins([["w:a"]])  # a caller that forgets the text must not get a silently different score


# ---- the analyser ----------------------------------------------------------------------------


def test_analyser_scores_every_claim_of_the_example(example_report):
    claims = example_report.claims
    assert claims, "the attribution analyser found no claims in the example article"
    assert all(c.checkworthiness is not None and 0.0 <= c.checkworthiness <= 1.0 for c in claims)
    # text order is kept (renderers rank)
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_unsourced_statistic_gets_a_high_score_and_a_warning(example_report):
    from unspin.claims.checkworthiness import is_statistic

    text = example_report.text
    # "Barely 2% of residents support them, an online survey shows": a share with no real source
    survey = text.index("Barely 2%")
    [claim] = [c for c in example_report.claims if c.start <= survey < c.end]
    assert claim.checkworthiness >= 0.5
    warned = [c for c in example_report.claims
              if c.attribution.kind in ("none", "vague") and is_statistic(c) and c.checkworthiness >= 0.5]
    assert warned, [(text[c.start:c.end], c.attribution.kind, c.checkworthiness) for c in example_report.claims]
    for c in warned:
        assert "statistic" in c.explanation
        if c.attribution.kind == "none":
            assert "unsourced statistic in the article's own voice" in c.explanation
    # the union's named, quoted refusal is not a statistic to warn about
    quote = text.index('"We did not want this')
    quoted = [c for c in example_report.claims if c.start <= quote < c.end]
    assert all("unsourced" not in c.explanation for c in quoted)


def test_warnings_do_not_repeat_what_the_attribution_says(example_report):
    text = example_report.text
    by_start = {text[c.start:c.end].split()[0]: c for c in example_report.claims}
    # the headline: check-worthy, and said to be a headline rather than an unsourced sentence
    headline = by_start["Dock"]
    assert headline.checkworthiness >= 0.5 and headline.headline
    assert headline.explanation == ("check-worthy claim; a headline, in the publication's own voice: "
                                    "check that the article's body bears it out")
    lead = by_start["PORT"]
    assert not lead.headline
    assert lead.explanation == "check-worthy claim with no source, in the article's own voice"
    # the survey: the vague source's own words stay, the sentence about it is not said twice
    survey = by_start["Barely"]
    assert survey.explanation == "check-worthy statistic with only a vague source ('an online survey shows')"
    for c in example_report.claims:
        parts = [p.strip() for p in c.explanation.split(";")]
        assert len(parts) == len(set(parts)), c.explanation
        assert c.explanation.count("own voice") <= 1, c.explanation


def test_analyser_needs_the_claims_layer():
    from unspin.errors import ConfigurationError
    from unspin.pipeline import Pipeline

    with pytest.raises(ConfigurationError, match="claims"):
        Pipeline("fast", analyzers=["checkworthiness"])


# ---- evaluation on real data (subsampled) ----------------------------------------------------


@pytest.mark.shared
def test_evaluation_smoke_on_two_clef2019_test_debates():
    from unspin.claims import checkworthiness_data as data
    from unspin.claims.checkworthiness import load_model
    from unspin.claims.checkworthiness_eval import rank_debates

    debates = sorted(data.clef2019("test"), key=lambda d: len(d.lines))[:2]
    report = rank_debates(load_model("fast").model, debates)
    chance = sum(sum(d.labels) / len(d.lines) for d in debates) / len(debates)
    assert report["mean"]["MAP"] > 3 * chance
    assert set(report["debates"]) == {d.name for d in debates}


# ---- the full tier (MiniLM) ------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_scorer():
    from unspin.claims.checkworthiness import MODEL_NAMES, load_model
    from unspin.models import MODELS_DIR

    if not (MODELS_DIR / MODEL_NAMES["full"] / "card.json").is_file():
        pytest.skip("the full check-worthiness model is not shipped")  # as the quality gate does
    return load_model("full")


@pytest.mark.slow
def test_full_tier_ranks_statistics_above_chatter(full_scorer):
    from unspin import score_checkworthiness

    stats = [CLAIM, "The state cut school funding by $1.2 billion in 2017."]
    other = [GREETING, "I think we need to come together as a country.", "Let's go to the next question."]
    s = score_checkworthiness(stats + other, tier="full")
    assert all(0.0 <= x <= 1.0 for x in s)
    assert min(s[:2]) >= 0.5 > max(s[2:])


@pytest.mark.slow
def test_full_model_is_small_and_carries_its_card(full_scorer):
    from unspin.claims.checkworthiness import MODEL_NAMES
    from unspin.models import artifact_dir, read_card

    folder = artifact_dir(MODEL_NAMES["full"])
    assert sum(p.stat().st_size for p in folder.iterdir()) < 16_000_000  # weights only, never the encoder
    card = read_card(MODEL_NAMES["full"])
    assert card["command"] == "unspin train claims --tier full"
    assert full_scorer.model.dense_dim == 384


@pytest.mark.slow
def test_full_profile_scores_claims_from_the_shared_encoder_pass(full_scorer, example_text):
    from unspin import encoder
    from unspin.pipeline import Pipeline, analyzers_for

    pipe = Pipeline("full", analyzers=["attribution", "techniques_full", "checkworthiness_full"], strict=True)
    before = encoder.BOTTOM_PASSES
    report = pipe(example_text)
    assert encoder.BOTTOM_PASSES == before + 1  # the tagger and check-worthiness share one MiniLM pass
    assert report.claims and all(c.checkworthiness is not None and 0.0 <= c.checkworthiness <= 1.0 for c in report.claims)
    survey = example_text.index("Barely 2%")
    [claim] = [c for c in report.claims if c.start <= survey < c.end]
    assert claim.checkworthiness >= 0.5 and "statistic" in claim.explanation
    assert "checkworthiness_full" in [a.name for a in analyzers_for("full")]
    assert "checkworthiness_full" not in [a.name for a in analyzers_for("fast")]


@pytest.mark.slow
def test_full_tier_reader_reads_each_sentence_alone_and_survives_saving(full_scorer, tmp_path):
    import numpy as np

    from unspin.claims.checkworthiness import LinearModel

    model = full_scorer.model
    assert model.reader is not None and model.reader_coef > 0
    alone = model.reader.logits([CLAIM, GREETING])
    assert alone[0] > alone[1]  # the fine-tuned layer on its own already tells a statistic from a greeting
    # the same sentence among other neighbours reads the same: each is read alone, as in training
    again = model.reader.logits(["The committee met on Tuesday.", CLAIM, "Prices rose sharply in May."])
    assert again[1] == pytest.approx(alone[0], abs=1e-4)
    model.save(tmp_path)
    loaded = LinearModel.load(tmp_path, "full")
    feats, dense = [["w:unemployment"], []], np.zeros((2, 384))
    assert loaded.margins(feats, dense, [CLAIM, GREETING]) == pytest.approx(model.margins(feats, dense, [CLAIM, GREETING]), abs=1e-3)


def test_reader_runs_are_cached_under_a_digest_of_their_rows(tmp_path, monkeypatch):
    """`unspin train claims --tier full` reuses the reader's fine-tunings only for the same rows."""
    import numpy as np

    from unspin.claims import checkworthiness_reader as R
    from unspin.claims.checkworthiness_data import Example

    trained = []

    class Fake(R.SentenceReader):
        def score_states(self, states, batch_size=256):
            return np.full(len(states), float(len(trained)))

    def fake_train(states, rows, y, w, log=None):
        trained.append(list(rows))
        return Fake({"block.x": np.zeros(2, dtype=np.float32)})

    monkeypatch.setattr(R, "lower_states", lambda texts, *a, **k: [None] * len(texts))
    monkeypatch.setattr(R, "train_reader", fake_train)
    examples = [Example(f"line {i}", i % 2, "clef", "d", i % 2) for i in range(6)]
    folds = {0: ([1, 3, 5], [0, 2, 4]), 1: ([0, 2, 4], [1, 3, 5])}
    weights = np.ones(6)
    first = R.runs(examples, weights, folds, [], tmp_path, lambda msg: None)
    assert len(trained) == 3 and sorted(first["oof"]) == list(range(6))  # two folds and the final reader
    again = R.runs(examples, weights, folds, [], tmp_path, lambda msg: None)
    assert len(trained) == 3 and again["oof"] == first["oof"]  # read back, nothing retrained
    R.runs(examples, weights * 2, folds, [], tmp_path, lambda msg: None)
    assert len(trained) == 6  # other sample weights: another reader, the stale cache is not used



def test_an_interrupted_training_run_leaves_no_reader_cache_the_next_run_cannot_read(tmp_path, monkeypatch):
    """`unspin train claims --tier full` stopped while it wrote the reader's out-of-fold logits (Ctrl-C,
    a full disk) left half a file that the next run failed on (np.load of a cut zip); the cache is now
    written whole or not at all, and the next run trains again."""
    from pathlib import Path

    import numpy as np

    from unspin.claims import checkworthiness_reader as R
    from unspin.claims.checkworthiness_data import Example

    class Fake(R.SentenceReader):
        def score_states(self, states, batch_size=256):
            return np.zeros(len(states))

    monkeypatch.setattr(R, "lower_states", lambda texts, *a, **k: [None] * len(texts))
    monkeypatch.setattr(R, "train_reader", lambda *a, **k: Fake({"block.x": np.zeros(2, dtype=np.float32)}))
    savez = np.savez

    def disk_full(file, *args, **kwargs):  # np.savez that had written the start of the file
        if hasattr(file, "write"):
            file.write(b"PK\x03\x04 cut short")
        else:
            Path(file).write_bytes(b"PK\x03\x04 cut short")
        raise OSError(28, "No space left on device")

    examples = [Example(f"line {i}", i % 2, "clef", "d", i % 2) for i in range(6)]
    folds = {0: ([1, 3, 5], [0, 2, 4]), 1: ([0, 2, 4], [1, 3, 5])}
    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError):
        R.runs(examples, np.ones(6), folds, [], tmp_path, lambda msg: None)
    assert list(tmp_path.iterdir()) == []  # no half file, no leftover
    monkeypatch.setattr(np, "savez", savez)
    again = R.runs(examples, np.ones(6), folds, [], tmp_path, lambda msg: None)
    assert sorted(again["oof"]) == list(range(6))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reader-final.npz", "reader-oof.npz"]

# ---- `unspin evaluate claims`: caches, progress, help --------------------------------------------


STATE_OF_THE_UNION = [
    "Thank you very much.",
    "Since my election, we have created 5.3 million new jobs, including 600,000 new manufacturing jobs.",
    "Wages are rising at the fastest pace in decades.",
    "We have so much to be grateful for.",
]


def _counting_reader(bias: float = 0.0):
    """A full-tier reader whose reading is counted (each call the list of texts it read)."""
    import numpy as np

    from unspin.claims.checkworthiness_reader import SentenceReader

    class Counting(SentenceReader):
        def logits(self, texts):
            self.read.append(list(texts))
            return np.array([len(t) / 50 + bias for t in texts])

    reader = Counting({"block.x": np.full(2, bias, dtype=np.float32)})
    reader.read = []
    return reader


def test_a_second_evaluation_adds_the_reader_term_from_the_cache_without_reading_again(tmp_path, monkeypatch, capsys):
    """`unspin evaluate claims --tier full` read every test sentence with the fine-tuned reader on
    every run (minutes, with no output); a second run now reads none, and ranks exactly as the first."""
    import numpy as np

    from unspin.claims import checkworthiness_cache as cache
    from unspin.claims.checkworthiness import LinearModel
    from unspin.claims.checkworthiness_data import Debate, Line
    from unspin.claims.checkworthiness_eval import rank_debates

    monkeypatch.setattr(cache, "CACHE", tmp_path)
    debate = Debate("20180131_state_union", "clef2019",
                    tuple(Line(i + 1, "TRUMP", t, int(any(c.isdigit() for c in t))) for i, t in enumerate(STATE_OF_THE_UNION)))
    reader = _counting_reader()
    model = LinearModel("full", {}, np.zeros(0), 0.0, reader=reader, reader_coef=1.5, reader_offset=0.5)
    first = rank_debates(model, [debate], "CLEF-2019 test debate")
    err = capsys.readouterr().err
    assert "full: CLEF-2019 test debate 1/1, 20180131_state_union (4 lines)" in err  # progress, n of N
    assert "reading 4 sentences of clef2019/20180131_state_union alone" in err
    assert first["mean"]["MAP"] == 1.0  # the statistic (the longest line) ranks first
    again = rank_debates(model, [debate], "CLEF-2019 test debate")
    assert reader.read == [STATE_OF_THE_UNION]  # read once, not once per run
    assert again == first and "reading" not in capsys.readouterr().err
    retrained = _counting_reader(bias=1.0)  # other weights: the cached logits are not theirs
    model.reader = retrained
    rank_debates(model, [debate], "CLEF-2019 test debate")
    assert retrained.read == [STATE_OF_THE_UNION]
    debate = Debate(debate.name, debate.source, debate.lines[:3])  # other lines: read again
    rank_debates(model, [debate], "CLEF-2019 test debate")
    assert retrained.read[-1] == STATE_OF_THE_UNION[:3]


def test_training_and_evaluation_keep_their_claimbuster_logits_side_by_side(tmp_path, monkeypatch):
    """Training's ClaimBuster validation rows and evaluation's held-out ones are both the group
    "claimbuster": their cached reader logits had one file, each run's writing replacing the other's,
    so `unspin train claims` then `unspin evaluate claims` read both again every time."""
    from unspin.claims import checkworthiness_cache as cache

    monkeypatch.setattr(cache, "CACHE", tmp_path)
    reader = _counting_reader()
    validation, held_out = STATE_OF_THE_UNION[:2], STATE_OF_THE_UNION[2:]
    first = cache.reader_logits(reader, "claimbuster", validation)
    cache.reader_logits(reader, "claimbuster", held_out)
    again = cache.reader_logits(reader, "claimbuster", validation)
    cache.reader_logits(reader, "claimbuster", held_out)
    assert reader.read == [validation, held_out]  # each read once
    assert (again == first).all()

def test_reader_fingerprint_follows_its_weights_as_held(tmp_path):
    import numpy as np

    from unspin.claims.checkworthiness_reader import SentenceReader

    arrays = {"block.w": np.random.default_rng(1).normal(size=(4, 4)).astype(np.float32), "head.bias": np.zeros(1, np.float32)}
    reader = SentenceReader(arrays)
    assert SentenceReader({k: v.copy() for k, v in arrays.items()}).fingerprint() == reader.fingerprint()
    assert SentenceReader({**arrays, "head.bias": np.ones(1, np.float32)}).fingerprint() != reader.fingerprint()
    assert SentenceReader(arrays, max_len=32).fingerprint() != reader.fingerprint()
    reader.save(tmp_path)  # float16 on disk: read back, its logits differ in the last digits
    assert SentenceReader.load(tmp_path).fingerprint() != reader.fingerprint()


def test_evaluate_claims_help_names_every_column_of_its_table(capsys):
    import re

    from unspin.claims.cli import COLUMNS
    from unspin.cli import main

    assert main(["evaluate", "claims", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.replace("│", " ").split())
    named = {"clef2019_task1_test": "CLEF-2019 Task 1 test", "clef2020_task5_test": "CLEF-2020 Task 5 test",
             "claimbuster_heldout": "held-out ClaimBuster", "news_gold": "annotated news sentences"}
    for heading, test_set, measure in COLUMNS:
        measures = re.search(re.escape(named[test_set]) + r" \(([^)]*)\)", shown)
        assert measures and measure in measures.group(1).split(", "), f"--help does not say what {heading} is"
