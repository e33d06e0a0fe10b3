"""Dataset preparation for the verdict: source artifacts stripped, duplicates across datasets dropped
(conflicting copies dropped entirely), stratified subsampling, and a smoke run of the evaluation."""

from __future__ import annotations

import pytest

from unspin.verdict.data import Article, clean_text, deduplicate, truncate_words

BODY = ("The city council voted on Tuesday to extend the bus network to three new districts, a plan that "
        "officials said would cost 12 million dollars over four years. Residents of the northern suburbs had "
        "asked for the extension since 2015, when the last line was closed. The mayor said the first buses would "
        "run in the spring, and that fares would not change. Opposition members questioned the cost estimate "
        "and asked for an independent review before construction starts. ")


def test_clean_text_strips_urls_bylines_datelines_and_outlets():
    raw = ("Council extends bus network | Daily Caller\n\nBy Jane Smith\n\n"
           "WASHINGTON (Reuters) - The council voted on Tuesday. See https://example.com/x and www.foo.org.\n"
           "Share this:\nFeatured image via Getty Images\nCNN reported that fares stay the same. Mail me@example.com")
    out = clean_text(raw, outlets=("examplenews",))
    assert out.startswith("Council extends bus network\n\nThe council voted on Tuesday.")
    for gone in ("Daily Caller", "Jane Smith", "Reuters", "WASHINGTON", "http", "www.", "Share this", "Featured image",
                 "CNN", "@"):
        assert gone not in out, gone
    assert "fares stay the same" in out


def test_clean_text_keeps_ordinary_prose():
    text = "A quiet title\n\nThe committee met twice. It said nothing new (and nothing old)."
    assert clean_text(text) == text


def test_truncate_words_cuts_at_a_word_boundary():
    assert truncate_words("one two  three four", 3) == "one two  three"
    assert truncate_words("short text", 10) == "short text"


def _art(dataset, id_, text, label=1, satire=False):
    return Article(dataset, id_, text, label, satire)


def test_deduplicate_exact_near_and_conflicting_copies():
    other = BODY.replace("bus", "tram").replace("council", "assembly") + "Entirely different ending about ferries. " * 5
    arts = [
        _art("fakenewsnet-politifact", "a", BODY, 0),
        _art("buzzfeed-webis-2016", "b", BODY.upper(), 0),  # exact after normalisation
        _art("fakenews-amt-celebrity", "c", BODY + "One more sentence here.", 0),  # near duplicate
        _art("fakenewsnet-v1-2018", "d", other, 1),
        _art("golbeck2018-fake-vs-satire", "e", other, None, True),  # same text, different outcome: both dropped
    ]
    kept, report = deduplicate(arts)
    assert [a.key for a in kept] == ["fakenewsnet-politifact/a"]
    assert report.exact == 2 and report.near == 1 and report.conflicting == 2
    assert report.by_dataset == {"buzzfeed-webis-2016": 1, "fakenews-amt-celebrity": 1, "fakenewsnet-v1-2018": 1,
                                 "golbeck2018-fake-vs-satire": 1}


def test_subsample_keeps_outcome_mix():
    from unspin.verdict.evaluate import subsample

    arts = [_art("buzzfeed-webis-2016", str(i), f"text {i}", int(i < 20)) for i in range(100)]
    sub = subsample(arts, 10, seed=1)
    assert len(sub) == 10 and sum(a.label for a in sub) == 2
    assert subsample(arts, 10, seed=1) == sub


@pytest.mark.shared
def test_genuine_news_sets_are_reliable_seeded_samples_without_wire_titles():
    from unspin.verdict.data import GENUINE, GENUINE_MIN_WORDS, GENUINE_SAMPLE, read_dataset

    bbc, wire = (read_dataset(name) for name in GENUINE)
    for arts in (bbc, wire):
        assert len(arts) == GENUINE_SAMPLE and {a.label for a in arts} == {0}
        assert len({a.id for a in arts}) == len(arts)
        assert all(len(a.text.split()) >= GENUINE_MIN_WORDS * 0.9 for a in arts)  # cleaning may drop a few words
    assert {a.extra["topic"] for a in bbc} == {"business", "entertainment", "politics", "sport", "tech"}
    # Reuters-21578 titles are capitals with tickers ("BIOGEN <BGNF> GETS PATENT"): left out
    assert not any(a.text.split("\n")[0].isupper() for a in wire)
    assert [a.id for a in read_dataset("reuters21578")] == [a.id for a in wire]  # the same sample every time


@pytest.mark.shared
@pytest.mark.slow
def test_evaluation_smoke_on_a_small_subsample(tmp_path, monkeypatch):
    """`unspin evaluate verdict` end to end on a few articles of three datasets (style evidence only)."""
    from unspin.verdict import corpus
    from unspin.verdict.evaluate import EvalOptions, evaluate, markdown

    monkeypatch.setattr(corpus, "PARSES", tmp_path / "parses")  # nothing written into the checkout's runs/

    opts = EvalOptions(datasets=("fakenewsnet-v1-2018", "fakenews-amt-celebrity", "golbeck2018-fake-vs-satire"),
                       max_per_dataset=16, analyzers=(), cache=tmp_path / "features")
    result = evaluate(opts)
    assert {r["held_out"] for r in result["rows"]} == set(opts.datasets)
    golbeck = next(r for r in result["rows"] if r["held_out"] == "golbeck2018-fake-vs-satire")
    assert golbeck["ours"]["auc"] is None  # only fake stories carry a reliability label there
    for r in result["rows"]:
        for name in ("ours", "tfidf"):
            assert 0.0 <= r[name]["ece"] <= 1.0 and 0.0 <= r[name]["accuracy"] <= 1.0
    assert result["satire"]["threshold"] >= 0.5
    # each held-out set's evidence C was chosen inside its own training sets: with one two-class set
    # there, nothing can be held out and the first candidate stands
    from unspin.verdict.model import EVIDENCE_C

    assert all(r["evidence_C"] in EVIDENCE_C for r in result["rows"])
    assert all(r["evidence_C"] == EVIDENCE_C[0] and r["evidence_C_selection"] == {}
               for r in result["rows"] if r["held_out"] != "golbeck2018-fake-vs-satire")
    assert set(golbeck["evidence_C_selection"]) == {f"{c:g}" for c in EVIDENCE_C}
    assert "| held-out dataset |" in markdown(result)
    # features were cached: a second run computes nothing
    assert any((tmp_path / "features").rglob("*.json"))


@pytest.mark.parametrize("command", ["evaluate", "train"])
def test_a_negative_evidence_C_is_a_clear_error(command, capsys):
    from unspin.cli import main

    assert main([command, "verdict", "--evidence-C", "-1"]) == 2
    assert "--evidence-C must be 0 or more, not -1" in capsys.readouterr().err
