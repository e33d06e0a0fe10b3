"""AUC, ECE and the reliability diagram on cases small enough to check by hand; the model's
weighting and calibration helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from unspin.verdict import metrics
from unspin.verdict.model import LinearModel, VerdictModel, calibration_weights, fit_linear, platt, sample_weights


def test_auc_hand_case():
    # pairs (pos, neg): (0.35 vs 0.1) win, (0.35 vs 0.4) lose, (0.8 vs both) win -> 3/4
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)


def test_auc_perfect_reversed_and_ties():
    assert metrics.roc_auc([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]) == 1.0
    assert metrics.roc_auc([0, 1, 0, 1], [0.9, 0.1, 0.8, 0.2]) == 0.0
    assert metrics.roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    # one tie across classes counts one half: pos 0.5 vs neg 0.5 (half), pos 0.5 vs neg 0.1 (win) -> 0.75
    assert metrics.roc_auc([1, 0, 0], [0.5, 0.5, 0.1]) == pytest.approx(0.75)


def test_auc_undefined_with_one_class():
    assert metrics.roc_auc([1, 1, 1], [0.2, 0.5, 0.9]) is None


def test_auc_matches_sklearn_on_random_data():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    p = np.round(rng.random(300) * 0.5 + 0.3 * y, 2)  # rounded: many ties
    assert metrics.roc_auc(y, p) == pytest.approx(roc_auc_score(y, p))


def test_ece_zero_when_rates_match_predictions():
    y = [1] * 8 + [0] * 2 + [1] * 1 + [0] * 9
    p = [0.8] * 10 + [0.1] * 10
    assert metrics.ece(y, p) == pytest.approx(0.0)


def test_ece_hand_case_two_bins():
    # bin 0.8: predicted 0.8, observed 0.5 -> gap 0.3 (half the data); bin 0.1: predicted 0.1, observed 0.1 -> 0
    y = [1] * 5 + [0] * 5 + [1] * 1 + [0] * 9
    p = [0.8] * 10 + [0.1] * 10
    assert metrics.ece(y, p) == pytest.approx(0.15)


def test_reliability_bins_cover_edges():
    bins = metrics.reliability([0, 1, 1], [0.0, 1.0, 0.95])
    assert len(bins) == 10
    assert bins[0].n == 1 and bins[9].n == 2  # p = 1.0 falls in the last bin, not an 11th
    table = metrics.reliability_table([0, 1, 1], [0.0, 1.0, 0.95])
    assert "0.9-1.0 | 2 |" in table
    svg = metrics.reliability_svg({"<ours>": ([0, 1, 1], [0.0, 1.0, 0.95])})
    assert svg.startswith("<svg") and "&lt;ours&gt;" in svg and "<ours>" not in svg


def test_sample_weights_balance_classes_and_datasets():
    y = np.array([1, 1, 1, 1, 0, 1, 0, 0])
    g = np.array(["a", "a", "a", "a", "a", "b", "b", "b"])
    w = sample_weights(y, g)
    assert w[y == 1].sum() == pytest.approx(w[y == 0].sum())
    # within the unreliable class, dataset a (4 articles) and b (1 article) weigh the same
    assert w[(y == 1) & (g == "a")].sum() == pytest.approx(w[(y == 1) & (g == "b")].sum())


def test_platt_recovers_calibration():
    rng = np.random.default_rng(1)
    logits = rng.normal(0, 2, 4000)
    true_p = 1 / (1 + np.exp(-(0.5 * logits - 0.3)))
    y = (rng.random(4000) < true_p).astype(int)
    a, b = platt(logits, y)
    assert a == pytest.approx(0.5, abs=0.08) and b == pytest.approx(-0.3, abs=0.12)


def test_calibration_weights_ignore_one_outcome_sets_and_weigh_datasets_equally():
    y = np.array([1, 0, 0, 0, 1, 0, 1, 1, 1])
    g = np.array(["a", "a", "a", "a", "b", "b", "fake-only", "fake-only", "fake-only"])
    w = calibration_weights(y, g)
    assert w[g == "fake-only"].sum() == 0
    assert w[g == "a"].sum() == pytest.approx(w[g == "b"].sum())
    # within a dataset its own share of unreliable articles is kept: a's rows weigh the same
    assert len(set(np.round(w[g == "a"], 9))) == 1
    # no dataset with both outcomes: every row counts
    assert np.all(calibration_weights(np.array([1, 1]), np.array(["x", "y"])) == 1)


def test_platt_weights_shift_the_prior():
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 2, 2000)
    y = (rng.random(2000) < 1 / (1 + np.exp(-logits))).astype(int)
    a0, b0 = platt(logits, y)
    # doubling the weight of the unreliable rows raises the intercept by about log(2)
    a1, b1 = platt(logits, y, np.where(y == 1, 2.0, 1.0))
    assert b1 - b0 == pytest.approx(np.log(2), abs=0.15) and a1 == pytest.approx(a0, abs=0.1)


def test_linear_model_scores_and_contributions():
    rng = np.random.default_rng(2)
    n = 600
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + 0.2 * rng.normal(size=n) > 0).astype(int)
    groups = np.array(["a", "b", "c"] * (n // 3))
    m = fit_linear(X, y, groups, ["signal", "noise"], C=1.0)
    assert metrics.roc_auc(y, m.predict(X)) > 0.95
    contrib = m.contributions(np.array([3.0, 0.0]))
    assert contrib[0] > 1.0 and abs(contrib[1]) < 0.5
    again = LinearModel.from_dict(m.to_dict())
    assert np.allclose(again.predict(X), m.predict(X))


def test_a_feature_with_its_own_regularisation_is_shrunk_alone():
    rng = np.random.default_rng(3)
    n = 900
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + X[:, 1] + 0.5 * rng.normal(size=n) > 0).astype(int)
    groups = np.array(["a", "b", "c"] * (n // 3))
    plain = fit_linear(X, y, groups, ["text", "style"], C=1.0, calibrate=False)
    same = fit_linear(X, y, groups, ["text", "style"], C=1.0, calibrate=False, feature_C={"style": 1.0})
    assert np.allclose(plain.coef, same.coef)
    # "style" penalised 1000x harder than "text": its weight all but vanishes, "text" keeps a large one
    shrunk = fit_linear(X, y, groups, ["text", "style"], C=1.0, calibrate=False, feature_C={"style": 0.001})
    assert abs(shrunk.coef[1]) < 0.2 * abs(plain.coef[1])
    assert shrunk.coef[0] > 1.0 and abs(shrunk.coef[1]) < 0.2 * shrunk.coef[0]
    # the stored coefficients are those of the standardised features, whatever the penalty was
    Z = shrunk.z(X)
    assert np.allclose(shrunk.logit(X), Z @ shrunk.coef + shrunk.intercept)


def test_verdict_model_picks_the_richest_model_the_evidence_allows():
    def lm(feats):
        k = len(feats)
        return LinearModel(feats, np.zeros(k), np.ones(k), np.ones(k), 0.0)

    vm = VerdictModel({"style": lm(["a"]), "style+techniques": lm(["a", "b"])}, reference={})
    assert vm.pick(("style", "claims"))[0] == "style"
    assert vm.pick(("style", "techniques", "claims"))[0] == "style+techniques"
    p, contrib, key = vm.score({"a": 0.0, "b": 2.0}, ("style", "techniques"))
    assert key == "style+techniques" and p == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert set(contrib) == {"a", "b"}
    round_trip = VerdictModel.from_dict(vm.to_dict())
    assert round_trip.score({"a": 0.0, "b": 2.0}, ("style", "techniques"))[0] == pytest.approx(p)


def _sources(seed: int = 5):
    """Four 'datasets' where wording carries the label the same way everywhere, and a style feature
    that carries it with a sign that flips between sources (it tells where an article came from)."""
    rng = np.random.default_rng(seed)
    rows, y, d, texts = [], [], [], []
    filler = [f"w{k}" for k in range(40)]
    for g, sign in (("a", 1), ("b", 1), ("c", -1), ("d", -1)):
        for i in range(120):
            label = int(i % 2)
            cue = "shocking" if rng.random() < (0.7 if label else 0.3) else "reported"
            texts.append(" ".join([cue] + list(rng.choice(filler, 12))))
            rows.append({"style": sign * (2.0 * label - 1.0) + rng.normal(scale=0.5)})
            y.append(label)
            d.append(g)
    return rows, np.array(y), np.array(d), texts


def test_evidence_that_only_tells_the_source_is_shrunk_away():
    from unspin.verdict.model import EVIDENCE_C, TEXT_FEATURE, fit_verdict, select_evidence_C

    rows, y, d, texts = _sources()
    choice, means = select_evidence_C(rows, y, d, texts, ["style"])
    assert set(means) == set(EVIDENCE_C)
    # held out, the source-bound feature ranks worse than the words alone: the choice shrinks it hardest
    assert means[0.1][0] < means[0.0][0] - 0.02
    assert choice <= 0.003
    best = max(a for a, _ in means.values())
    assert means[choice][0] >= best - 0.005  # ranks within the tolerance of the best
    assert all(means[choice][1] <= e + 1e-4 for c, (a, e) in means.items() if a >= best - 0.005)
    # the model keeps the text logit's weight and (all but) drops the style feature
    model = fit_verdict(rows, y, d, ("style",), texts=texts, evidence_C=choice).models["style"]
    if choice == 0:
        assert model.features == [TEXT_FEATURE]
    else:
        coef = dict(zip(model.features, model.coef))
        assert abs(coef["style"]) < 0.2 * abs(coef[TEXT_FEATURE])


def test_evidence_C_needs_two_datasets_with_both_outcomes():
    from unspin.verdict.model import EVIDENCE_C, select_evidence_C

    rows, y, d, texts = _sources()
    keep = (d == "a") | ((d == "b") & (y == 1))
    choice, means = select_evidence_C([r for r, k in zip(rows, keep) if k], y[keep], d[keep],
                                      [t for t, k in zip(texts, keep) if k], ["style"])
    assert choice == EVIDENCE_C[0] and means == {}


def test_text_models_are_fitted_once_per_set_of_datasets():
    """Leave-one-dataset-out fits the text model on the same sets of datasets many times; with a
    cache each is fitted once, and every logit is what fitting it again would give."""
    from unspin.verdict import model as vm

    rows, y, d, texts = _sources()
    fits = []
    real_fit = vm.textmodel.fit

    def counting_fit(*a, **k):
        fits.append(1)
        return real_fit(*a, **k)

    vm.textmodel.fit = counting_fit
    try:
        plain = vm.cross_source_text_logits(texts, y, d)
        n_plain = len(fits)
        cache: dict = {}
        first = vm.cross_source_text_logits(texts, y, d, cache=cache)
        again = vm.cross_source_text_logits(texts, y, d, cache=cache)
        keep = d != "a"  # the rows of the fold that held "a" out, fitted above: no new fit
        vm.fit_text([t for t, k in zip(texts, keep) if k], y[keep], d[keep], cache=cache)
    finally:
        vm.textmodel.fit = real_fit
    assert np.array_equal(plain, first) and np.array_equal(first, again)
    assert n_plain == 4 and len(fits) == n_plain + 4  # the cached pass fitted 4; the repeat and that fold, none


def test_a_server_keeps_the_term_counts_of_a_few_recent_articles_only():
    """The text model's term counts are cached by article text: a server sent thousands of
    distinct (possibly embargoed) articles keeps only the last few, while training, which refits
    on the same articles many times, keeps them all until it ends."""
    from unspin.verdict import textmodel

    articles = [f"Minister {i} said the harbour strike would cost {i} jobs at the port." for i in range(300)]
    for text in articles:
        textmodel.terms(text)
        textmodel.terms(text, bigrams=False)
    assert textmodel._recent_terms.cache_info().currsize <= 8
    assert textmodel.terms(articles[-1])["harbour strike"] == 1  # the latest is still at hand
    with textmodel.keep_terms():
        first = [textmodel.terms(text) for text in articles]
        assert all(textmodel.terms(text) is counts for text, counts in zip(articles, first))
    assert textmodel._kept is None
