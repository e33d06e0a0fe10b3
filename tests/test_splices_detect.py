"""Splice passages in the Report: aligned with a reference index when one holds the original, scored
by style when none does; offsets always valid, the Report schema always met."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import numpy as np
import pytest

from unspin.cli import main
from unspin.errors import InputError
from unspin.pipeline import Pipeline
from unspin.splices.detect import style_flags
from unspin.splices.features import Unit
from unspin.splices.index import ReferenceIndex, RefDoc
from unspin.splices.style import Trees


def schema():
    return json.loads(resources.files("unspin").joinpath("schema/report-1.json").read_text())


def fabricated_parts(text: str) -> tuple[str, str]:
    paragraph = text[text.index("These radical agitators") : text.index("forever.") + len("forever.")]
    caption = text[text.index("Photo caption:") :].rstrip()
    return paragraph, caption


@pytest.fixture(scope="module")
def harbour_index(tmp_path_factory, example_text):
    """An index holding the example's original wire story (the example minus what was spliced in)
    and an unrelated article."""
    paragraph, caption = fabricated_parts(example_text)
    original = example_text.replace(paragraph + "\n\n", "").replace("\n\n" + caption, "")
    original = original.replace("about 60 container ships", "about 60 container ships and 12 tankers")
    path = tmp_path_factory.mktemp("refs") / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("northwire-0314", "Port Elling strike extended", original, "Northwire"),
                   RefDoc("other", "Floods", "Heavy rain flooded parts of the river valley overnight and about 300 residents "
                          "spent the night in sports halls, the regional fire service said on Sunday morning.")])
    return path


def test_with_the_original_indexed_the_spliced_paragraphs_are_inserted(harbour_index, example_text):
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(harbour_index))(example_text)
    paragraph, caption = fabricated_parts(example_text)
    inserted = [(p.start, p.end) for p in report.passages if p.status == "inserted"]
    assert inserted == [(example_text.index(paragraph), example_text.index(paragraph) + len(paragraph)),
                        (example_text.index(caption), example_text.index(caption) + len(caption))]
    # a whole sentence, not one that stops at "while the text around it is"
    assert {p.explanation for p in report.passages if p.status == "inserted"} == {
        "not in the reference “Port Elling strike extended”, which has the text around it"}
    matched = [p for p in report.passages if p.status == "matched"]
    assert matched and all(p.reference["id"] == "northwire-0314" for p in matched)
    assert matched[0].reference["title"] == "Port Elling strike extended"
    meta = report.meta["splices"]
    assert meta["mode"] == "reference" and meta["references"][0]["id"] == "northwire-0314"
    assert [d["text"] for d in meta["dropped"]] == ["and 12 tankers"]
    # every non-space character is in exactly one passage
    covered = np.zeros(len(example_text), dtype=int)
    for p in report.passages:
        covered[p.start : p.end] += 1
    assert (covered <= 1).all()
    assert all(covered[k] == 1 for k, c in enumerate(example_text) if not c.isspace())
    jsonschema.validate(json.loads(report.to_json()), schema())


def test_without_an_index_sentences_are_scored_by_style(example_text):
    report = Pipeline("fast", analyzers=["splices"], strict=True)(example_text)
    assert report.passages and {p.status for p in report.passages} <= {"suspect", "unverified"}
    assert report.meta["splices"]["mode"] == "style"
    n = len(example_text)
    for p in report.passages:
        assert 0 <= p.start < p.end <= n and example_text[p.start : p.end].strip()
        assert 0.0 <= p.score <= 1.0
    starts = [p.start for p in report.passages]
    assert starts == sorted(starts)
    for a, b in zip(report.passages, report.passages[1:]):
        assert a.end <= b.start
    # the passages cover every sentence of the article
    covered = set()
    for p in report.passages:
        covered.update(range(p.start, p.end))
    for s in report.sentences:
        assert all(k in covered for k in range(s.start, s.end) if not example_text[k].isspace())
    jsonschema.validate(json.loads(report.to_json()), schema())


def test_an_index_without_the_original_falls_back_to_style(harbour_index):
    article = ("The central bank left its main interest rate unchanged on Thursday, as expected. Its governor said "
               "inflation was easing but remained above target. Markets barely moved after the decision.")
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(harbour_index))(article)
    assert report.meta["splices"]["mode"] == "style"
    assert "no indexed reference" in report.meta["splices"]["note"]
    assert {p.status for p in report.passages} <= {"suspect", "unverified"}


def test_analyze_cli_with_index_fills_passages_with_the_reference(harbour_index, tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["analyze", "examples/harbour-strike.txt", "--index", str(harbour_index), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    statuses = {p["status"] for p in data["passages"]}
    assert statuses == {"matched", "inserted"}
    assert {p["reference"]["id"] for p in data["passages"] if p["status"] == "matched"} == {"northwire-0314"}


def test_the_terminal_report_says_what_the_article_changed_in_its_original(wire_index, capsys):
    """The README's `--index` example: the shipped original in examples/wire/ against the demo article."""
    assert main(["analyze", "examples/harbour-strike.txt", "--index", wire_index]) == 0
    out = " ".join(re.sub("[\u2500-\u257f]", " ", capsys.readouterr().out).split())  # table borders out
    assert "HIGH concern (score 0.06, the text alone)" in out and "Altered copy: 3 passages" in out
    assert "dropped - “about” replaced by “more than”" in out
    assert "dropped - “Dock workers picket outside the main gate of Port Elling on Thursday.” replaced by “Selfish strikers" in out
    assert "compared with the reference “Dock workers extend strike at Port Elling as talks stall”" in out
    assert "80% of the article matched" in out


def test_a_missing_index_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(InputError, match="no reference index"):
        Pipeline("fast", analyzers=["splices"], strict=True, index=str(tmp_path / "nope.sqlite"))
    assert main(["analyze", "examples/harbour-strike.txt", "--index", str(tmp_path / "nope.sqlite")]) == 2
    assert "no reference index" in capsys.readouterr().err


def test_style_flags_take_whole_sentences_or_phrases_of_the_others():
    units = [Unit(0, 40, 0, False), Unit(0, 15, 0, True), Unit(17, 40, 0, True),
             Unit(41, 90, 1, False), Unit(41, 60, 1, True), Unit(62, 90, 1, True)]
    probs = [0.9, 0.95, 0.1, 0.2, 0.1, 0.8]
    text = "x " * 45
    assert style_flags(units, probs, 0.5, 0.7, text) == [(0, 40, 0.9), (62, 90, 0.8)]
    assert style_flags(units, probs, 0.95, 0.99, text) == []


def test_a_phrase_of_one_or_two_words_is_never_flagged_alone():
    text = "As a result, prices rose sharply in every shop across the country."
    units = [Unit(0, 67, 0, False), Unit(0, 11, 0, True), Unit(13, 67, 0, True)]
    assert style_flags(units, [0.1, 0.99, 0.1], 0.5, 0.6, text) == [(0, 11, 0.99)]  # "As a result": 3 words
    units = [Unit(0, 67, 0, False), Unit(3, 11, 0, True), Unit(13, 67, 0, True)]
    assert style_flags(units, [0.1, 0.99, 0.1], 0.5, 0.6, text) == []  # "a result": too short
    assert style_flags(units, [0.1, 0.1, 0.99], 0.5, 0.6, text) == [(13, 67, 0.99)]


def test_exported_trees_predict_like_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0.3).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=8, random_state=0).fit(X, y)
    trees = Trees.from_sklearn(clf)
    X_new = rng.normal(size=(200, 5))
    assert np.allclose(trees.proba(X_new), clf.predict_proba(X_new)[:, 1], atol=1e-9)


def test_a_style_flag_says_what_stands_out():
    """A suspect passage says why in words a reader can check, not only a probability."""
    import numpy as np

    from unspin.splices.features import NAMES, describe

    row = np.zeros(len(NAMES))
    row[NAMES.index("z_second_person")] = 3.5
    row[NAMES.index("z_loaded")] = 2.4
    row[NAMES.index("z_attribution")] = -2.8
    row[NAMES.index("z_vader_neg")] = 1.5  # under the bar: not named
    assert describe(row) == ["addressing the reader (you)", "having no attribution (said, according to) where the rest has it"]
    assert describe(np.zeros(len(NAMES))) == []


def test_no_passage_starts_or_ends_with_whitespace(example_report):
    text = example_report.text
    assert example_report.passages
    for p in example_report.passages:
        assert text[p.start:p.end].strip() == text[p.start:p.end], (p.status, text[p.start:p.end])


def test_passages_are_trimmed_of_edge_whitespace_and_whitespace_only_ones_dropped():
    from unspin.report import Passage
    from unspin.splices.detect import _trimmed

    text = "Officials said it has\nstarted a tender offer,  critics say."
    cut = text.index(",")
    got = _trimmed(text, [Passage(0, 22, "unverified"), Passage(21, 22, "unverified"), Passage(22, cut + 1, "suspect", 0.7),
                          Passage(cut + 1, cut + 3, "unverified"), Passage(cut + 1, len(text), "unverified")])
    assert [(text[p.start:p.end], p.status) for p in got] == [
        ("Officials said it has", "unverified"), ("started a tender offer,", "suspect"), ("critics say.", "unverified")]


# Two stories written for this test: a stitched article takes most of the first and lifts two
# paragraphs of the second into its middle.
BRIDGE = [
    "Bridge over the Aller reopens after repairs",
    "The road bridge over the Aller at Westbury reopened to traffic on Monday after nine months of repairs "
    "that cost the county 14.2 million euros, the county's roads department said.",
    "Engineers replaced the bearings and two of the steel girders after inspectors found cracks in the spring "
    "of last year. Heavy lorries will be allowed back from the first of next month.",
    "Local shop owners said the closure had cost them customers. \"People simply stopped driving into town,\" "
    "said Hanna Weiss, who runs a bakery on the market square.",
    "The detour through Kirchberg added up to 25 minutes to journeys between the two halves of the town, "
    "according to figures from the regional transport authority.",
    "The county plans to inspect its other 40 bridges over the next two years, the roads department said.",
    "The bridge was built in 1961 to replace a ferry and carries about 18,000 vehicles on a working day, more "
    "than twice the number it was designed for. Engineers said the repairs should keep it in service for "
    "another thirty years, provided the weight limit for lorries is respected.",
    "During the closure a temporary footbridge kept pedestrians and cyclists moving between the two halves of "
    "the town. It will stay in place until the spring, when the county will decide whether to keep it for "
    "good after more than 600 residents signed a letter asking for it to remain.",
    "The opposition group on the county council said the repairs had taken three months longer than planned "
    "and asked for a report on the delay, which the roads department blamed on the late delivery of the new "
    "girders from the steelworks and on flooding in January.",
]
SCHOOL = [
    "Westbury school gets new science wing",
    "Westbury Grammar School opened a new science wing on Friday, paid for by a grant from the regional "
    "education fund and by donations from former pupils.",
    "The wing has six laboratories and a small observatory on its roof, head teacher Marcus Olsen told "
    "parents at the opening ceremony, and it will be open to other schools of the district in the evenings.",
    "Pupils had been taught chemistry in temporary cabins in the playground since the old building was "
    "declared unsafe four years ago, after a ceiling collapsed during a lesson.",
    "The regional education fund said it would consider similar grants for three other schools next year.",
]


MARKET = ["Farmers' market moves to the riverside",
          "The weekly farmers' market will move from the car park behind the town hall to the riverside meadow "
          "from the first Saturday of next month, the market's organisers said, after traders complained for "
          "years that the car park was too small for the number of stalls and too far from the station for "
          "visitors who come by train. The meadow has room for sixty stalls, twice as many as now, and the "
          "council has agreed to lay a gravel path and to open the public toilets in the boathouse on market "
          "days. Some traders said they feared that fewer people would pass by on their way to the shops, "
          "but most welcomed the move, and a vote among the members of the traders' association approved it "
          "by a large majority last week, according to its chairwoman, the cheese maker Greta Lindqvist.",
          "The market began eleven years ago with nine stalls selling vegetables, eggs and honey from farms within "
          "twenty miles of the town. It now has thirty stalls on a busy Saturday in summer, among them two bakers, a "
          "fishmonger from the coast, a butcher, several growers of fruit and flowers, and a stall run by pupils of "
          "the agricultural college, who sell what they grow on the college's own fields.",
          "Visitors will be able to park at the station and walk along the river, the organisers said, and the "
          "council will run a free shuttle bus from the town centre every half hour until the end of October. "
          "The old car park will go back to being used by shoppers and by the staff of the town hall.",
          "The organisers also plan an autumn fair on the meadow in October, with a cider press, music from local "
          "bands and a competition for the heaviest pumpkin grown in the district, which was won last year by a "
          "retired postman whose pumpkin weighed more than eighty kilograms, a record for the town."]


@pytest.fixture(scope="module")
def stitched_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("stitched") / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("bridge", BRIDGE[0], "\n\n".join(BRIDGE), "Northwire"),
                   RefDoc("school", SCHOOL[0], "\n\n".join(SCHOOL), "https://example.org/school"),
                   RefDoc("market", MARKET[0], "\n\n".join(MARKET), "Northwire")])
    return path


def test_paragraphs_lifted_from_another_indexed_story_are_traced_to_it(stitched_index):
    """An article stitched from two stories: the one it mostly copies is its reference, and the two
    paragraphs lifted from the other are inserted into it, but named as text of that other story,
    with where they are there (a fact-checker's review: they read as fabricated)."""
    lifted = SCHOOL[2:4]
    text = "\n\n".join(BRIDGE[:3] + lifted + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices", "verdict"], strict=True, index=str(stitched_index))(text)
    assert report.meta["splices"]["references"][0]["id"] == "bridge"
    inserted = [p for p in report.passages if p.status == "inserted"]
    assert [text[p.start:p.end] for p in inserted] == ["\n\n".join(lifted)]
    origin = inserted[0].reference["found_in"]
    school = "\n\n".join(SCHOOL)
    assert origin["id"] == "school" and origin["url"] == "https://example.org/school"
    assert school[origin["start"]:origin["end"]] == "\n\n".join(lifted)
    assert "the same text is in another indexed article, “Westbury school gets new science wing”" in inserted[0].explanation
    assert "it is in another indexed article (“Westbury school gets new science wing”)" in report.verdict.reasons[0].text
    jsonschema.validate(json.loads(report.to_json()), schema())
    # a sentence written for the article is not traced to anything
    made_up = "Critics said the whole project was a scandal that only benefited the mayor's friends in the building trade."
    text = "\n\n".join(BRIDGE[:3] + [made_up] + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(stitched_index))(text)
    (inserted,) = [p for p in report.passages if p.status == "inserted"]
    assert text[inserted.start:inserted.end] == made_up and "found_in" not in inserted.reference


def test_one_lifted_passage_of_two_is_counted_in_the_singular(stitched_index):
    """Two inserted passages, one lifted from another story and one written for the article: the
    verdict's reason says '1 of them is in another indexed article' (it said '1 of them are')."""
    made_up = "Critics said the whole project was a scandal that only benefited the mayor's friends in the building trade."
    text = "\n\n".join(BRIDGE[:2] + SCHOOL[2:4] + BRIDGE[2:3] + [made_up] + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices", "verdict"], strict=True, index=str(stitched_index))(text)
    inserted = [p for p in report.passages if p.status == "inserted"]
    assert [("found_in" in p.reference) for p in inserted] == [True, False]
    reason = report.verdict.reasons[0].text
    assert reason.startswith("Altered copy: 2 passages") and "; 1 of them is in another indexed article (" in reason, reason


def test_an_article_stitched_from_three_stories_names_each_one(stitched_index):
    """Paragraphs of two other stories in a row, one of them a single paragraph of 130 words: each
    run is traced to its own story (a review: the run was looked up as one and matched neither, and
    a long paragraph's single MinHash matched none of the index's 40-word parts)."""
    text = "\n\n".join(BRIDGE[:3] + SCHOOL[2:4] + MARKET[1:2] + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices", "verdict"], strict=True, index=str(stitched_index))(text)
    inserted = [p for p in report.passages if p.status == "inserted"]
    assert [text[p.start:p.end] for p in inserted] == ["\n\n".join(SCHOOL[2:4]), MARKET[1]]
    assert [p.reference["found_in"]["id"] for p in inserted] == ["school", "market"]
    reason = report.verdict.reasons[0].text
    assert reason.startswith("Altered copy: 2 passages") and "all of them are in other indexed articles" in reason
    assert "lifted from other stories" in reason
    from unspin.render.text import render as render_text

    terminal = render_text(report, width=200, color=False)
    assert "(the same text is in “Westbury school gets new science wing”)" in terminal
    assert "(the same text is in “Farmers' market moves to the riverside”)" in terminal


def test_a_short_sentence_lifted_from_another_story_is_traced_to_it(stitched_index):
    """A sentence of 12 or 16 words lifted from another indexed story, inside a paragraph or as one of
    its own, is traced to that story with where it is there (the index hashed 40-word parts, whose
    MinHash bands a sentence that short rarely shares: both stayed plainly inserted)."""
    school, market = "\n\n".join(SCHOOL), "\n\n".join(MARKET)
    paragraph = SCHOOL[4]  # 16 words, the school story's last paragraph
    sentence = "The meadow has room for sixty stalls, twice as many as now."  # "... now, and the council" there
    cases = [("\n\n".join(BRIDGE[:3] + [paragraph] + BRIDGE[3:]), paragraph, "school", school, paragraph),
             ("\n\n".join(BRIDGE[:3]) + " " + sentence + "\n\n" + "\n\n".join(BRIDGE[3:]), sentence, "market", market,
              sentence[:-1])]
    for text, lifted, source, source_text, there in cases:
        report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(stitched_index))(text)
        (inserted,) = [p for p in report.passages if p.status == "inserted"]
        assert text[inserted.start:inserted.end] == lifted
        origin = inserted.reference.get("found_in")
        assert origin is not None and origin["id"] == source, inserted.reference
        assert source_text[origin["start"]:origin["end"]] == there


def test_an_index_that_hashed_40_word_parts_still_traces_long_passages_and_says_short_ones_may_be_missed(tmp_path):
    """An index built in sessions 14 to 20 has a ``parts`` table and no ``grams``: documents added to it
    go into ``parts``, a lifted pair of paragraphs is still traced, and an untraced inserted sentence
    comes with a warning to rebuild."""
    import sqlite3

    old = tmp_path / "parts.sqlite"
    ReferenceIndex.open(old, create=True).close()
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE grams")
        conn.execute("CREATE TABLE parts (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID")
        conn.execute("DELETE FROM meta WHERE key = 'grams'")
    with ReferenceIndex.open(old) as index:
        index.add([RefDoc("bridge", BRIDGE[0], "\n\n".join(BRIDGE)), RefDoc("school", SCHOOL[0], "\n\n".join(SCHOOL))])
        assert index.stats()["parts_rows"] > 0 and index.stats()["grams_rows"] is None
    text = "\n\n".join(BRIDGE[:3] + SCHOOL[2:4] + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(old))(text)
    (inserted,) = [p for p in report.passages if p.status == "inserted"]
    assert inserted.reference["found_in"]["id"] == "school" and not report.warnings
    text = "\n\n".join(BRIDGE[:3] + [SCHOOL[4]] + BRIDGE[3:])
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(old))(text)
    (inserted,) = [p for p in report.passages if p.status == "inserted"]
    assert "found_in" not in inserted.reference
    assert any("before short passages were traced exactly" in w and "rebuild" in w for w in report.warnings)


def test_an_index_built_before_parts_were_hashed_still_aligns(stitched_index, tmp_path):
    """An index file from an earlier version has no table to trace passages with: lifted text stays
    plainly inserted."""
    import shutil
    import sqlite3

    old = tmp_path / "old.sqlite"
    shutil.copy(stitched_index, old)
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE grams")
    text = "\n\n".join(BRIDGE[:3] + SCHOOL[2:4] + BRIDGE[3:])
    with ReferenceIndex.open(old) as index:
        assert index.find_passage("\n\n".join(SCHOOL[2:4])) is None
        index.add([RefDoc("later", "Later", "A story added to the old index later, with enough words to be hashed.")])
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(old))(text)
    (inserted,) = [p for p in report.passages if p.status == "inserted"]
    assert "found_in" not in inserted.reference
    assert any("made before passages could be traced" in w and "rebuild" in w for w in report.warnings)
    report = Pipeline("fast", analyzers=["splices"], strict=True, index=str(stitched_index))(text)
    assert not any("traced" in w for w in report.warnings)
