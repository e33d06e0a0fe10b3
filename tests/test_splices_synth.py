"""Synthetic splices: seeded, with gold offsets that point exactly at what was inserted, and never
built from the PTC validation articles."""

from __future__ import annotations

import random

import numpy as np
import pytest

from unspin.splices.corpus import Article, part
from unspin.splices.evaluate import Tally, flags_of
from unspin.report import Passage
from unspin.splices.synth import Donor, splice
from unspin.splices.text import norm_words

ARTICLE = Article(
    "wire-1", "Strike",
    "Dock workers at the port voted on Thursday to extend their strike by another week. Talks with the port "
    "authority broke down for a second time.\n\nThe union said 1,840 of its members took part in the ballot. "
    "The authority said it had offered a pay rise over two years.\n\nShipping agents said the cargo was diverted "
    "to a neighbouring port. The next round of talks is scheduled for Monday.",
    "test",
)


def pools():
    sentences = [Donor(s, frozenset(s.lower().split())) for s in (
        "These radical agitators are holding the whole nation hostage and everyone knows it.",
        "Barely anyone supports the strikers, and the chaos will destroy thousands of jobs forever.",
        "The mainstream media will never tell you who is really paying these so-called workers.",
    )]
    phrases = [Donor(p, frozenset(p.split())) for p in ("so-called", "paid agitators and thugs", "reckless")]
    return {"propaganda": {"sentence": sentences, "phrase": phrases},
            "partisan": {"sentence": sentences, "phrase": []}, "genuine": {"sentence": sentences, "phrase": []}}


def test_same_seed_same_case_and_gold_points_at_the_inserted_text():
    a = splice(random.Random(3), ARTICLE, pools(), n_insertions=(3, 3), edits=False)
    b = splice(random.Random(3), ARTICLE, pools(), n_insertions=(3, 3), edits=False)
    assert a.text == b.text and [(i.start, i.end) for i in a.insertions] == [(i.start, i.end) for i in b.insertions]
    assert len(a.insertions) == 3
    for ins in a.insertions:
        assert a.text[ins.start : ins.end] == ins.text
    # taking the insertions out gives the original back (up to the separators around them)
    rest = a.text
    for ins in sorted(a.insertions, key=lambda i: -i.start):
        rest = rest[: ins.start] + rest[ins.end :]
    assert norm_words(rest) == norm_words(ARTICLE.text)
    gold = np.asarray(a.gold())
    assert gold.sum() >= sum(len(i.text) for i in a.insertions) - 3 * len(a.insertions)
    assert not any(gold[k] for k, c in enumerate(a.text) if k < a.insertions[0].start and not c.isspace())


def test_unspliced_case_has_no_gold_and_benign_edits_keep_the_words():
    case = splice(random.Random(1), ARTICLE, pools(), kinds=(), edits=True)
    assert case.insertions == [] and not any(case.gold())
    kept = set(case.text.lower().replace("\u2019", "'").split())
    assert len(kept & set(ARTICLE.text.lower().split())) > 0.8 * len(set(ARTICLE.text.lower().split()))


def test_tally_scores_characters():
    case = splice(random.Random(5), ARTICLE, pools(), kinds=("sentence",), n_insertions=(1, 1), edits=False)
    ins = case.insertions[0]
    tally = Tally()
    tally.add(case, flags_of([Passage(ins.start, ins.end, "suspect"), Passage(0, 5, "unverified")], len(case.text)))
    assert tally.scores()["precision"] == 1.0 and tally.scores()["recall"] == 1.0
    half = Tally()
    half.add(case, flags_of([Passage(0, len(case.text), "inserted")], len(case.text)))
    assert half.scores()["recall"] == 1.0 and half.scores()["precision"] < 0.5


def test_parts_are_stable_and_roughly_60_20_20():
    assert part("reuters-1") == part("reuters-1")
    counts = {"train": 0, "val": 0, "test": 0}
    for k in range(3000):
        counts[part(f"x-{k}")] += 1
    assert 0.55 < counts["train"] / 3000 < 0.65 and 0.15 < counts["test"] / 3000 < 0.25


@pytest.mark.shared
def test_propaganda_donors_never_come_from_ptc_validation_articles():
    from unspin.semeval.split import validation_ids
    from unspin.splices.corpus import ptc_fragments, ptc_labelled

    held_out = set(validation_ids())
    fragments = list(ptc_fragments())
    assert len(fragments) > 1000
    assert not any(f.meta["article"] in held_out for f in fragments)
    assert not any(f.meta["article"] in held_out for f in ptc_labelled(("Loaded_Language",)))
