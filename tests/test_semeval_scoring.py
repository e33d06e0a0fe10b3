import pytest

from unspin.semeval.data import Label
from unspin.semeval.scoring import merge_spans, score_si, score_tc


def L(a, s, e, t=None):
    return Label(a, s, e, t)


def test_merge_spans_merges_overlaps_only():
    assert merge_spans([(0, 5), (3, 8), (8, 10), (20, 25)]) == [(0, 8), (8, 10), (20, 25)]


def test_si_by_hand():
    # gold [10,20) and [30,40); predicted [15,25) overlaps 5 of its 10 chars; [30,40) exact
    gold = [L("1", 10, 20), L("1", 30, 40)]
    pred = [L("1", 15, 25), L("1", 30, 40)]
    s = score_si(pred, gold)
    assert s.precision == pytest.approx((5 / 10 + 10 / 10) / 2)  # 0.75
    assert s.recall == pytest.approx((5 / 10 + 10 / 10) / 2)  # 0.75
    assert s.f1 == pytest.approx(0.75)


def test_si_gold_overlaps_are_merged_and_articles_kept_apart():
    gold = [L("1", 0, 10), L("1", 5, 15), L("2", 0, 10)]
    pred = [L("1", 0, 15), L("2", 20, 30)]
    s = score_si(pred, gold)
    # merged gold in article 1 is [0,15): pred 1 fully right; pred 2 misses; gold 2 unmatched
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)


def test_si_empty_prediction_scores_zero():
    s = score_si([], [L("1", 0, 10)])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_tc_micro_f1_by_hand():
    gold = [L("1", 0, 5, "Doubt"), L("1", 10, 15, "Loaded_Language"), L("2", 0, 5, "Slogans"), L("2", 0, 5, "Repetition")]
    pred = [L("1", 0, 5, "Doubt"), L("1", 10, 15, "Slogans"), L("2", 0, 5, "Repetition"), L("2", 0, 5, "Doubt")]
    s = score_tc(pred, gold)
    assert s.precision == pytest.approx(2 / 4)
    assert s.recall == pytest.approx(2 / 4)
    assert s.per_class["Doubt"].precision == pytest.approx(1 / 2)
    assert s.per_class["Doubt"].recall == pytest.approx(1.0)
    assert s.per_class["Loaded_Language"].recall == 0.0
