"""The attribution analyser: who vouches for each claim, on hand-built sentences, the example
article, random text, and (with ../shared/data) the hand-annotated gold set."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.claims.attribution import build_claims, quote_spans
from unspin.document import Span
from unspin.errors import UnspinError


@pytest.fixture(scope="module")
def attribution_pipeline():
    from unspin.pipeline import Pipeline

    return Pipeline("fast", analyzers=["attribution"], strict=True)


@pytest.fixture(scope="module")
def example_claims(attribution_pipeline, example_text):
    """The example article through the attribution analyser alone (other analysers may be in training)."""
    return attribution_pipeline(example_text)


@pytest.fixture
def claims_of(make_doc):
    def run(text):
        doc = make_doc(text)
        return doc, build_claims(doc)

    return run


def _claim(doc, claims, fragment):
    """The claim whose sentence contains `fragment`."""
    for c in claims:
        if fragment in doc.text[c.start : c.end]:
            return c
    raise AssertionError(f"no claim contains {fragment!r}: {[doc.text[c.start:c.end] for c in claims]}")


def _source(doc, claim):
    a = claim.attribution
    return doc.text[a.source_start : a.source_end] if a.source_start is not None else None


@pytest.mark.parametrize(
    "text, kind, source, cue",
    [
        ("Acme Corp said exports rose 5 percent in March.", "named", "Acme Corp", "said"),
        ("Exports rose 5 percent in March, Acme Corp said.", "named", "Acme Corp", "said"),
        ("Unemployment fell to 4 percent, according to the Labor Department.", "named", "the Labor Department", "according to"),
        ("The company added that sales would recover next year.", "named", "The company", "added"),
        ("Experts say the policy will fail.", "vague", "Experts", "say"),
        ("Sources close to the minister said he would resign.", "vague", "Sources close to the minister", "said"),
        ("The plan was reportedly dropped last week.", "vague", None, "reportedly"),
        ("It is believed that the talks collapsed.", "vague", None, "believed"),
        ("The factory will close, analysts said.", "vague", "analysts", "said"),
        ("Turnout was low, according to sources.", "vague", "sources", "according to"),
        ("Barely 2% of residents support them, an online survey shows.", "vague", "an online survey", "shows"),
        ("But some say the economy will shrink by 2% next year.", "vague", "some", "say"),
        ("Others argue that the tax will fall on the poor.", "vague", "Others", "argue"),
        ("More insisted that the group was attacking Trump out of fear.", "vague", "More", "insisted"),  # had been named
        # a surname that is also a vague pronoun is a name ("more", "most" are vague only on their own)
        ("Kenneth More said the film earned $5 million.", "named", "Kenneth More", "said"),
        ("Sir Thomas More argued that the state had 40 unjust laws.", "named", "Thomas More", "argued"),
        ("The court in Washington found that the company had broken the law.", "named", "The court in Washington", "found"),
        ("The paper ran an article by the counsellor, Chen Shibiao, who said that exports would rise by 10 percent.",
         "named", "Chen Shibiao", "said"),
        ("A report by the Institute for Fiscal Studies estimates that 2 million families will lose out.",
         "named", "the Institute for Fiscal Studies", "estimates"),
        ("The report, published by the Institute for Fiscal Studies, estimates that 2 million families will lose out.",
         "named", "the Institute for Fiscal Studies", "estimates"),
        ("Mr Smith was advised by lawyers not to comment and said he had done nothing wrong.", "named", "Smith", "said"),
        ("Police said 12 people were hurt.", "named", "Police", "said"),
        ("It was his best game, his coach said.", "named", "his coach", "said"),
        ("The bridge collapsed on Tuesday, killing 12 people.", "none", None, None),
        ("The senator did not say whether he would support the bill.", "none", None, None),
        ("Officials declined to say how many jobs would go.", "none", None, None),  # nothing was said
        # brackets stay paired in a source
        ("Five cases have been identified in eastern Uganda so far, the World Health Organization (WHO) has confirmed.",
         "named", "the World Health Organization (WHO)", "confirmed"),
        ("Officials in Beijing (China) said the deal was a betrayal.", "vague", "Officials in Beijing (China)", "said"),
        ("Britain's foreign minister said the talks had failed.", "named", "Britain's foreign minister", "said"),
        ("The Scottish Executive said 40 new schools would be built.", "named", "The Scottish Executive", "said"),
        # the budget office's figures are its own: they had been unsourced, in the article's own voice
        ("The Congressional Budget Office projected $588 billion in defense appropriations in 2014.",
         "named", "The Congressional Budget Office", "projected"),
        ("The CBO determined in 2011 that the law would reduce Medicare outlays by $507 billion.", "named", "CBO", "determined"),
        ("The CBO calculated that 22 million more people would be uninsured.", "named", "CBO", "calculated"),
        ("Race still determines where people live.", "none", None, None),
        ("The company projected an image of strength.", "none", None, None),
    ],
)
def test_single_sentences(claims_of, text, kind, source, cue):
    doc, claims = claims_of(text)
    (claim,) = claims
    a = claim.attribution
    assert a.kind == kind
    if source is not None:
        assert _source(doc, claim) == source
    if cue is not None:
        assert doc.text[a.cue_start : a.cue_end] == cue == a.cue
    else:
        assert a.cue is None
    assert claim.checkworthiness is None  # the check-worthiness analyser fills it


def test_pronoun_resolves_to_the_earlier_person(claims_of):
    doc, claims = claims_of("Maria Lopez has been mayor of Dunmore since 2019. She said the water was safe to drink.")
    claim = _claim(doc, claims, "She said")
    assert claim.attribution.kind == "named"
    assert _source(doc, claim) == "Maria Lopez"
    assert claim.attribution.source_end <= claim.start  # points back into the earlier sentence


def test_he_after_a_possessed_role_is_the_role_not_the_possessor(claims_of):
    doc, claims = claims_of("On Monday, Tony Blair's official spokesman declined to say whether the plan would go ahead. "
                            "He said: \"We will set out our position in due course.\"")
    assert _claim(doc, claims, "On Monday").attribution.kind == "none"  # declined to say: no cue
    assert _source(doc, _claim(doc, claims, "He said")) == "Tony Blair's official spokesman"


def test_a_quote_after_a_line_ending_in_a_colon_is_the_speakers(claims_of):
    doc, claims = claims_of("BPA Harbormaster Jake Cummings explained to CNN:\n\n"
                            "\u201cWe found 14 containers full of people. Not a single one had any kind of documentation.\u201d\n")
    for start in ("\u201cWe found", "Not a single"):
        claim = _claim(doc, claims, start)
        assert claim.attribution.kind == "named" and _source(doc, claim) == "Jake Cummings"


@pytest.mark.parametrize("text, start, source", [
    ("Mr Pence met Mrs Obama on Monday. She said the talks went well.", "She said", "Mrs Obama"),
    ("First Lady Michelle Obama met Mike Pence. Mr Pence said the visit was useful. She said it was not.",
     "She said", "Michelle Obama"),
    ("Anna Berg, his wife, spoke after John Berg. He said the trial was unfair.", "He said", "John Berg"),
])
def test_a_pronoun_is_not_resolved_to_someone_the_article_marks_as_the_other_gender(claims_of, text, start, source):
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, start)) == source


def test_pronoun_prefers_the_speaker_just_quoted(claims_of):
    doc, claims = claims_of(
        "Senator Tom Hale said the bill would pass. He told reporters that President Ana Ruiz would sign it. "
        "He added that the vote would come on Friday."
    )
    assert _source(doc, _claim(doc, claims, "He added")) == "Tom Hale"


@pytest.mark.parametrize("text, start, source", [
    # a person the sentences since the last speaker are about outranks that speaker (politifact12070)
    ("We do have a lot to celebrate, as Congressman Charles Rangel said. And for all the resistance President "
     "Barack Obama has faced every day, remember \u2014 he brought our economy back from the brink. Now, he would "
     "be the first to say \u2014 as we\u2019ve heard him say \u2014 that the struggle is far from finished.",
     "he would be", "Barack Obama"),
    ("Mayor Tom Hale said the budget was balanced. Mrs Ann Ruiz, the governor, has cut the city's grants twice. "
     "He added that taxes would not rise.", "He added", "Tom Hale"),  # "she", not "he"
    # a subject in what the speaker said is no such person
    ("Senator Dan Rostenkowski said he would be reluctant to back the tax increase. He told a luncheon there "
     "would be proposals if Ronald Reagan sought a tax increase. However, he said he would prefer to leave "
     "the rates unchanged.", "However, he said", "Dan Rostenkowski"),
])
def test_he_is_a_person_the_sentences_since_the_last_speaker_are_about(claims_of, text, start, source):
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, start)) == source


def test_quote_chain_takes_the_speaker_of_its_attribution(claims_of):
    doc, claims = claims_of('"We will win this. Nobody can stop us now," said coach Jane Smith.')
    for fragment in ("We will win", "Nobody can stop"):
        claim = _claim(doc, claims, fragment)
        assert claim.attribution.kind == "named"
        assert claim.attribution.quoted
        assert _source(doc, claim) == "Jane Smith"


@pytest.mark.parametrize("close, tail, source", [
    ("\u201d", "Paul said.", "Paul"), ('"', "Paul said.", "Paul"), ("'", "Paul said.", "Paul"),
    ("\u201d", "he told reporters on Friday.", "Rand Paul"),
])
def test_a_quote_ending_in_a_question_is_the_speakers_after_it(claims_of, close, tail, source):
    """'"... you know what they say to me? It's not enough. Where's the other trillion you need?" Paul
    said.': spaCy ends a sentence at the question's closing mark, and "Paul said." alone reported nothing,
    so the quote's claims had no speaker (a reviewer's finding on a PolitiFact article)."""
    opening = {"\u201d": "\u201c", '"': '"', "'": "'"}[close]
    doc, claims = claims_of(
        "Sen. Rand Paul spoke in Louisville. " + opening + "I go to a tea party and you know what they say to me? "
        "It's not enough. We have to cut $500 billion. Where's the other trillion you need?" + close + " " + tail)
    for fragment in ("It's not enough", "cut $500 billion"):
        claim = _claim(doc, claims, fragment)
        assert claim.attribution.kind == "named" and claim.attribution.quoted
        assert _source(doc, claim) == source
    # a sentence of its own that says more than who spoke does not take the quote before it
    doc, claims = claims_of("The mayor was defiant. \u201cWe will not back down.\u201d Jones said the count was wrong.")
    assert _claim(doc, claims, "We will not back down").attribution.kind == "none"


@pytest.mark.parametrize("text, kind, source", [
    ('"We will not back down," Jones said. "The union is strong." Smith agreed.', "named", "Jones"),
    ('"We will not back down," Jones said. "The union is strong." Smith concurred.', "named", "Jones"),
    ('The mayor spoke first. "The union is strong." Smith agreed.', "none", None),
    ('The mayor spoke first. "The union is strong." Smith denied.', "none", None),
])
def test_agreeing_after_a_quote_does_not_take_it(claims_of, text, kind, source):
    """'"...," Jones said. "..." Smith agreed.': Smith only agreed with the words, which are Jones's; a verb of
    answering or taking a stand with no words of its own (agree, concur, disagree, dispute, deny, reject,
    dismiss) gives the quote before it to no one new (the quote had been Smith's, cue "agreed")."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "The union is strong")
    assert claim.attribution.kind == kind and claim.attribution.quoted
    assert _source(doc, claim) == source
    # a speaker and a verb of saying alone still attribute the quote before them
    doc, claims = claims_of('The mayor spoke first. "The union is strong." Smith said.')
    assert _source(doc, _claim(doc, claims, "The union is strong")) == "Smith"


@pytest.mark.parametrize("text, kind, source", [
    ('"The economy is collapsing," nobody said.', "none", None),
    ('"The economy is collapsing." Nobody said.', "none", None),
    ("Nobody said the economy is collapsing.", "none", None),
    ("No one said the economy is collapsing.", "none", None),
    ("No-one said the economy is collapsing.", "none", None),
    ("None of them said the economy is collapsing.", "none", None),
    ("Everyone says the economy is collapsing.", "vague", "Everyone"),
    ("Everybody says the economy is collapsing.", "vague", "Everybody"),
    ('"The economy is collapsing," someone said.', "vague", "someone"),
    ("Somebody close to the president said the economy is collapsing.", "vague", "Somebody close to the president"),
    ("Anybody will tell you the economy is collapsing.", "vague", "Anybody"),
    ("Anyone who says the economy is collapsing is lying.", "none", None),  # a kind of person: nothing reported
    ("I am somebody who believes the economy is collapsing.", "none", None),
    ("This comes from someone who said the economy is collapsing.", "vague", "someone"),  # one person, unnamed
    ("None other than the Chairman of the Rules Committee, David Dreier, has said that the economy is collapsing.", "named",
     "David Dreier"),
])
def test_a_quantifier_pronoun_is_no_named_source(claims_of, text, kind, source):
    """'"...," nobody said.': nothing was said, as "did not say" (it had been a source named "nobody");
    "everyone says", "someone said" is nobody a reader can check: vague at most (it had been named); "anyone
    who says ..." describes a kind of person and reports nothing."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "economy is collapsing")
    assert claim.attribution.kind == kind
    assert _source(doc, claim) == source


def test_a_quantifier_pronoun_is_no_antecedent(claims_of):
    """A later "they" is not the "anybody" of "I do not think anybody would argue ..." (it had been)."""
    doc, claims = claims_of("More than 30,000 people wrote letters to the president. I do not think anybody would argue "
                            "that we are on a sustainable path. They start by saying that they have never written before.")
    assert _source(doc, _claim(doc, claims, "They start")) == "More than 30,000 people"


@pytest.mark.parametrize("text", [
    "In an exclusive interview with ABC News, Sen. Rand Paul, R-Ky., took aim at the newly released House GOP budget, "
    "saying it falls far short of what needs to be done to deal with the federal deficit.",
    "In an exclusive interview with ABC News, Sen. Rand Paul, R-Ky., said the budget cuts $58 billion too little.",
])
def test_a_speaker_the_parse_joined_to_the_phrase_before_is_the_subject(claims_of, text):
    """spaCy makes 'Rand Paul' a conjunct of 'ABC News' in the fronted phrase, leaving 'took aim' with no
    subject, so the sentence had no source (a reviewer's finding on a PolitiFact article)."""
    doc, claims = claims_of(text)
    assert claims[0].attribution.kind == "named" and _source(doc, claims[0]) == "Rand Paul"
    doc, claims = claims_of("In a letter to Senate leaders and Ted Cruz, the group said the bill was flawed.")
    assert _source(doc, claims[0]) == "the group"  # a subject of its own: not the person in the phrase


def test_quote_running_on_into_the_next_paragraph(claims_of):
    text = ('Coach Jane Smith said: "We are ready for the final.\n'
            '"The players have worked hard all season and they deserve this."\n'
            "The final is on Saturday.")
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, "The players have")) == "Jane Smith"
    assert _claim(doc, claims, "The final is on").attribution.kind == "none"


def test_unclosed_quotes_do_not_swallow_the_narration(claims_of):
    # a new quote opened before the last one was closed (a common house style) must not turn the
    # narration after it into quoted speech, or the next speaker's words into narration
    text = ('Ms Hewitt said: "We have doubled it, to 26 weeks. "We will extend it to nine months." '
            'She said mothers were entitled to leave. "We have made a firm commitment." '
            'The Shadow Secretary, Theresa May, said: "These plans were announced by Gordon Brown." '
            "She said the Conservatives would reply.")
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, "We will extend")) == "Ms Hewitt"
    assert _source(doc, _claim(doc, claims, "mothers were entitled")) == "Ms Hewitt"
    assert _source(doc, _claim(doc, claims, "firm commitment")) == "Ms Hewitt"  # a quote after her indirect speech
    assert _source(doc, _claim(doc, claims, "These plans")) == "Theresa May"  # the appositive name
    assert _source(doc, _claim(doc, claims, "Conservatives would reply")) == "Theresa May"


def test_the_judge_is_the_judge_quoted_before(claims_of):
    doc, claims = claims_of(
        "Chief District Judge Patti Saris said the detention was unlawful. Rombot's lawyers said he was arrested. "
        "The judge said the letter was clear."
    )
    assert _source(doc, _claim(doc, claims, "The judge")) == "Patti Saris"


def test_quoted_speech_versus_the_articles_own_voice(claims_of):
    doc, claims = claims_of('"The port is closed," the union said. The port reopened on Monday.')
    assert _claim(doc, claims, "The port is closed").attribution.quoted
    own = _claim(doc, claims, "The port reopened")
    assert not own.attribution.quoted and own.attribution.kind == "none"


def test_questions_and_fragments_are_not_claims(claims_of):
    doc, claims = claims_of("Why is all of this important?\n\nThe gaming world\n\nThe council approved the budget.")
    assert [doc.text[c.start : c.end] for c in claims] == ["The council approved the budget."]


def test_unsourced_statistics_are_flagged_and_explained(claims_of):
    doc, claims = claims_of("Exactly 73.62% of residents oppose the plan. The agency said 73.62% of residents oppose it. "
                            "An online poll shows 61.4% of voters back the mayor.")
    own = _claim(doc, claims, "Exactly")
    (q,) = own.quantities
    assert own.attribution.kind == "none"
    assert {"unsourced", "suspiciously_precise"} <= set(q.flags)
    assert own.explanation == "unsourced statistic in the article's own voice"
    sourced = _claim(doc, claims, "The agency")
    assert sourced.attribution.kind == "named"
    assert all(not q.flags for q in sourced.quantities)
    poll = _claim(doc, claims, "online poll")
    assert poll.attribution.kind == "vague"
    assert {"unsourced", "suspiciously_precise"} <= set(poll.quantities[0].flags)



def test_a_figure_restated_in_other_units_is_one_unsourced_statistic_not_two(claims_of):
    """BBC copy converts every sum: "$280bn (£155bn)" is one figure to source, and a reader saw two
    'unsourced' marks; a second figure that is not a bracketed conversion still counts."""
    doc, claims = claims_of("The government sought $280bn (£155bn) from the firms and later $10bn in fines. "
                            "The robot stands 2.1 metres (about 7 ft) tall.")
    flags = {q.text: q.flags for c in claims for q in c.quantities}
    assert flags["$280bn"] == ["unsourced"] and flags["£155bn"] == []
    assert flags["$10bn"] == ["unsourced"]
    assert flags["2.1 metres"] == ["unsourced"] and flags["about 7 ft"] == []

def test_example_article(example_claims):
    report = example_claims
    text = report.text

    def claim(fragment):
        for c in report.claims:
            if fragment in text[c.start : c.end]:
                return c
        raise AssertionError(fragment)

    survey = claim("Barely 2% of residents")
    assert survey.attribution.kind == "vague"
    assert "survey" in survey.attribution.source
    barely = next(q for q in survey.quantities if q.text == "Barely 2%")
    assert barely.value == pytest.approx(0.02) and barely.upper == pytest.approx(0.02)
    assert "unsourced" in barely.flags
    assert "vague source" in survey.explanation

    union = claim("The Harbour Workers' Union said 1,840")
    assert union.attribution.kind == "named"
    assert union.attribution.source == "The Harbour Workers' Union" and union.attribution.cue == "said"
    members = next(q for q in union.quantities if q.text == "1,840")
    assert members.counts == "members" and not members.flags

    quote = claim("We did not want this")
    assert quote.attribution.quoted and quote.attribution.source == "Maria Okafor"
    assert claim("radical agitators").attribution.kind == "none"
    assert claim("Selfish strikers").attribution.kind == "none"  # a caption is a claim too
    money = next(q for q in claim("regional chamber").quantities if q.kind == "money")
    assert money.lower == 3_000_000 and money.unit == "EUR/day"


def test_offsets_round_trip_in_the_example(example_claims):
    text = example_claims.text
    assert example_claims.claims
    for c in example_claims.claims:
        a = c.attribution
        if a.source is not None:
            assert text[a.source_start : a.source_end] == a.source
        if a.cue is not None:
            assert text[a.cue_start : a.cue_end] == a.cue
        for q in c.quantities:
            assert text[q.start : q.end] == q.text
            assert c.start <= q.start <= q.end <= c.end


def test_span_ending_at_the_last_character(claims_of):
    doc, claims = claims_of("Prices rose by 7 percent")
    (claim,) = claims
    (q,) = claim.quantities
    assert claim.end == q.end == len(doc.text)
    assert doc.text[q.start : q.end] == "7 percent"


@pytest.mark.parametrize("text", ["_000&Officials said on Monday that 40 percent of the budget was spent.",
                                  "_ said on Monday that 40 percent of the budget was spent."])
def test_a_punctuation_subject_is_no_source(claims_of, text):
    """spaCy can parse a lone punctuation mark as the subject of "said"; trimmed of punctuation, its
    source span was empty (start == end), an offset no report may carry (found by the HTML fuzz test)."""
    doc, claims = claims_of(text)
    (claim,) = claims
    a = claim.attribution
    assert a.cue == "said" and a.kind == "vague"
    assert a.source is None and a.source_start is None and a.source_end is None


def test_quote_spans_pairing():
    text = 'He said "yes" and “no”.\n“Open\nstill open” done.'
    paras = [Span(0, 23), Span(24, 29), Span(30, len(text))]
    got = [text[a:b] for a, b in quote_spans(text, paras)]
    assert got == ["yes", "no", "Open\nstill open"]


_ALPHABET = st.sampled_from(list("abcdefg XYZ.,;:!?'\"“”‘’-–$£%0123456789\n\t") + ["said", " according to ", "Experts", "He",
                                                                                    " million", " percent", "é", "\u200b"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_random_text_never_crashes_and_offsets_are_valid(attribution_pipeline, text):
    try:
        report = attribution_pipeline(text)
    except UnspinError:
        return  # empty input and the like: a clear error, not a crash
    n = len(report.text)
    for layer, start, end in report.iter_spans():
        assert 0 <= start < end <= n, (layer, start, end)
    for c in report.claims:
        for q in c.quantities:
            assert report.text[q.start : q.end] == q.text
        a = c.attribution
        assert a.kind in ("named", "vague", "none")
        if a.source is not None:
            assert report.text[a.source_start : a.source_end] == a.source


# ---- the gold set (needs ../shared/data) -------------------------------------------------------
def test_gold_file_holds_offsets_not_text():
    from unspin.claims.attribution_eval import GOLD_COLUMNS, gold_path, read_gold

    gold = read_gold()
    header = gold_path().read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert tuple(header) == GOLD_COLUMNS
    assert len(gold) >= 150
    assert len({g.dataset for g in gold}) >= 3
    assert {g.label for g in gold} == {"named", "vague", "none"}
    assert {g.split for g in gold} == {"dev", "test"}


@pytest.mark.shared
def test_gold_offsets_point_at_sentences():
    from unspin.claims.attribution_eval import article_text, read_gold

    texts = {}
    for g in read_gold():
        text = texts.setdefault((g.dataset, g.article), article_text(g.dataset, g.article))
        sentence = text[g.start : g.end]
        assert sentence.strip() == sentence and len(sentence.split()) >= 3, g
        if g.source_start is not None:
            assert text[g.source_start : g.source_end].strip(), g


@pytest.fixture(scope="module")
def gold_scores(attribution_pipeline):
    from unspin.claims.attribution_eval import predict, read_gold, score

    return score(predict(read_gold(), pipeline=attribution_pipeline))


@pytest.mark.shared
def test_gold_quality_gate(gold_scores):
    """Floors a little under the measured numbers (docs/attribution.md); lower them only on purpose."""
    s = gold_scores
    assert s.n >= 150
    assert s.accuracy >= 0.88
    assert s.labels["named"]["f1"] >= 0.90
    assert s.labels["none"]["f1"] >= 0.88
    assert s.labels["vague"]["f1"] >= 0.60
    assert s.sources_right >= 0.85 * s.sources_total


@pytest.mark.shared
def test_evaluate_command_prints_the_table(tmp_path, capsys):
    from unspin.claims.attribution_eval import gold_path
    from unspin.cli import main

    lines = gold_path().read_text(encoding="utf-8").splitlines()
    small = tmp_path / "gold.tsv"
    small.write_text("\n".join([lines[0]] + [line for line in lines[1:] if "\tsport/412\t" in line]) + "\n", encoding="utf-8")
    assert main(["evaluate", "attribution", "--gold", str(small)]) == 0
    out = capsys.readouterr().out
    for word in ("named", "vague", "none", "precision", "accuracy", "confusion"):
        assert word in out


def test_unknown_split_is_a_clear_error():
    from unspin.claims.attribution_eval import evaluate
    from unspin.errors import DataError

    with pytest.raises(DataError, match="split"):
        evaluate("nonsense")


def test_the_explanation_keeps_the_sources_own_word_order(claims_of):
    doc, (claim,) = claims_of("According to a leaked internal memo, 94.7% of staff were unhappy.")
    assert "('According to a leaked internal memo')" in claim.explanation
    doc, (claim,) = claims_of("Experts say the policy will fail.")
    assert "('Experts say')" in claim.explanation


def test_an_interview_is_not_a_vague_source_and_is_not_named_twice(claims_of):
    doc, (claim,) = claims_of("In a particularly tense interview, Trump said the press was dishonest.")
    assert claim.attribution.kind == "named" and _source(doc, claim) == "Trump"
    doc, (claim,) = claims_of("Trump told CNN in a particularly tense interview that the press was dishonest.")
    assert claim.attribution.kind != "vague"  # the parse hangs the clause on "interview": no source is better than that
    assert "interview interview" not in claim.explanation


def test_a_quote_keeps_its_speaker_for_as_long_as_it_runs_on(claims_of):
    doc, claims = claims_of('"I am in talks with the club," he said. "I am well here. I like the city. I won it with Real '
                            'Madrid in 2000. I have 40 caps. But I do not blame anyone."')
    assert len(claims) == 6 and all(c.attribution.kind == "named" for c in claims)


def test_quoted_speech_without_a_speaker_is_not_the_articles_own_voice(claims_of):
    doc, claims = claims_of('The match was over early. "We were never in it, and 40,000 fans saw that."')
    quoted = _claim(doc, claims, "never in it")
    assert quoted.attribution.kind == "none" and quoted.attribution.quoted
    assert quoted.explanation == "quoted speech with no speaker named, with a statistic"


def test_single_quoted_speech_is_read_like_double_quoted(claims_of):
    """British copy quotes in single marks: the sentence after "'...,' she said." is hers, not the
    article's own unsourced statistic."""
    text = ("The council's leader, Jane Morris, defended the plans on Monday.\n\n"
            "'We will not back down on this,' she said. 'More than 4,000 families are waiting for a home.'")
    doc, claims = claims_of(text)
    for fragment in ("We will not back down", "More than 4,000 families"):
        claim = _claim(doc, claims, fragment)
        assert (claim.attribution.kind, _source(doc, claim), claim.attribution.quoted) == ("named", "Jane Morris", True)
    assert "unsourced" not in _claim(doc, claims, "4,000").quantities[0].flags


def test_a_quote_after_narration_is_not_the_next_paragraphs_speakers(claims_of):
    """Tom Price's words, opened after a sentence about him, were given to Ms Morris, who speaks in the
    next paragraph: they are his; a quote in its own paragraph still takes the speaker of the one that follows."""
    text = ("Council defends housing plans\n\nThe council's leader, Jane Morris, defended the plans on Monday.\n\n"
            "Opposition councillor Tom Price disagreed. \"The scheme will cost 12 million pounds and nobody "
            "asked residents.\"\n\n\"We will listen to everyone,\" Ms Morris said.")
    doc, claims = claims_of(text)
    scheme = _claim(doc, claims, "The scheme will cost")
    assert (scheme.attribution.kind, _source(doc, scheme), scheme.attribution.quoted) == ("named", "Tom Price", True)
    for narration in ("The opposition disagreed.", "Councillor Tom Price died in 2003."):  # no one who speaks up
        doc, claims = claims_of(text.replace("Opposition councillor Tom Price disagreed.", narration))
        scheme = _claim(doc, claims, "The scheme will cost")
        assert scheme.attribution.kind == "none" and scheme.attribution.quoted, narration
    doc, claims = claims_of(text.replace("and nobody asked residents.", "a year. Nobody asked the 300 residents."))
    for fragment in ("The scheme will cost", "Nobody asked"):  # every sentence of his quote
        assert _source(doc, _claim(doc, claims, fragment)) == "Tom Price", fragment
    doc, claims = claims_of(text.replace("Opposition councillor Tom Price disagreed. ", ""))
    assert _source(doc, _claim(doc, claims, "The scheme will cost")) == "Ms Morris"


def test_a_quote_the_narration_opens_is_not_the_last_paragraphs_speaker(claims_of):
    """A rally-goer's quote, then a paragraph of narration that quotes Trump ('Trump called for “a total
    and complete shutdown ...”'): the Muslim-ban words had been given to the rally-goer, and a quote the
    narration opens before another speaker's attribution to that speaker; a partial quote in the
    rally-goer's own paragraph still carries on his words."""
    text = ("Trump rally draws veterans\n\n“I can’t comprehend anything that the Democrats say,” Simmons said. "
            "“The terrorists fear Trump right now.”\n\nIn remarks made after the San Bernardino attack, Trump called "
            "for “a total and complete shutdown of Muslims entering the United States until our country’s "
            "representatives can figure out what the hell is going on.”")
    doc, claims = claims_of(text)
    ban = _claim(doc, claims, "total and complete shutdown")
    assert _source(doc, ban) != "Simmons" and ban.attribution.quoted
    assert _source(doc, _claim(doc, claims, "The terrorists fear")) == "Simmons"
    doc, claims = claims_of("The Obama campaign calls her a candidate with “the thinnest foreign policy experience in "
                            "history.” “She is a fine person,” Charles Schumer said.")
    assert _source(doc, _claim(doc, claims, "thinnest foreign policy")) != "Charles Schumer"
    doc, claims = claims_of("“Our concern is that the program is an interrogation,” said Maureen Meyer, an expert. "
                            "The kids are “often questioned about the criminal groups they are working for and then "
                            "returned to Mexico.”")
    assert _source(doc, _claim(doc, claims, "often questioned")) == "Maureen Meyer"


def test_an_embedded_tweet_is_its_authors(claims_of):
    """A tweet as an article's page shows it, "... — Name (@handle) Month D, YYYY", had no source, its
    figures unsourced in the article's own voice: it is its author's, quoted, the handle its cue; a
    paragraph of narration with a tweet glued to its end is not the tweeter's."""
    text = ("Trump featured in jihadist video\n\nThe video was released on Friday.\n\n"
            "New #Shabaab vid shows #Trump proposing Muslim travel ban. It has 10,000 views pic.twitter.com/2KMpzYf3ui "
            "\u2014 Rita Katz (@Rita_Katz) January 1, 2016\n\nThe clip arrives 10 minutes into the video.")
    doc, claims = claims_of(text)
    for fragment in ("New #Shabaab vid", "10,000 views"):
        claim = _claim(doc, claims, fragment)
        a = claim.attribution
        assert (a.kind, _source(doc, claim), a.cue, a.quoted) == ("named", "Rita Katz", "@Rita_Katz", True), fragment
    assert "unsourced" not in _claim(doc, claims, "10,000 views").quantities[0].flags
    assert _claim(doc, claims, "The clip arrives").attribution.kind == "none"
    # a signature set off by a hyphen, in a tweet with a hyphenated word: the name is the signature's, not
    # a run from that word's hyphen ("election views pic.twitter.com/... - Rita Katz")
    hyphened = text.replace("10,000 views", "10,000 pre-election views").replace(" \u2014 Rita", " - Rita")
    doc, claims = claims_of(hyphened)
    for fragment in ("New #Shabaab vid", "10,000 pre-election views"):
        claim = _claim(doc, claims, fragment)
        assert (_source(doc, claim), claim.attribution.quoted) == ("Rita Katz", True), fragment
    narration = "The video was released on Friday and it spread quickly among supporters of the group. " * 5
    doc, claims = claims_of(text.replace("The video was released on Friday.\n\n", narration))
    assert _claim(doc, claims, "The video was released").attribution.kind == "none"


def test_page_furniture_is_not_a_claim(claims_of):
    text = ("Published 10:42 AM EST Mar 3, 2016 | Updated 2 hours ago\n\nShare this article\n\nThe council approved "
            "the budget on Tuesday.\n\nAll rights reserved. This material may not be published, broadcast or rewritten."
            "\n\nRead more: Five ways the budget affects you")
    doc, claims = claims_of(text)
    assert [doc.text[c.start:c.end] for c in claims] == ["The council approved the budget on Tuesday."]


def test_hard_wrapped_wire_copy_keeps_a_speaker_whose_verb_ends_a_line(claims_of):
    """Reuters copy wrapped at 70 columns: "Moi said" at a line's end lost its claim to no source, and
    the numbers in it were flagged as the article's own unsourced statistics."""
    text = ("KENYAN ECONOMY FACES PROBLEMS, PRESIDENT SAYS\n\n"
            "The Kenyan economy is heading for\n"
            "difficult times after a boom last year, and the country must\n"
            "tighten its belt, President Daniel Arap Moi said.\n"
            "    In a speech at the state opening of parliament, Moi said\n"
            "high coffee prices and cheap oil in 1986 led to economic growth\n"
            "of five pct, compared with 4.1 pct in 1985.\n"
            "    The price of coffee, Kenya's main source of foreign\n"
            "exchange, fell in London today to about 94 cents a pound.\n")
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "high coffee prices")
    assert (claim.attribution.kind, claim.attribution.source) == ("named", "Moi")
    assert not any("unsourced" in q.flags for q in claim.quantities)


def test_a_title_line_over_wrapped_copy_does_not_run_into_the_speakers_name(claims_of):
    """Raw wire copy whose title sits on the line above the body: the title's line break is not read
    as a space, so 'COMPUTER TERMINAL SYSTEMS <CPML> COMPLETES SALE Computer Terminal Systems Inc' is
    not one name (a regression review of the wrapped-text parse)."""
    text = ("COMPUTER TERMINAL SYSTEMS <CPML> COMPLETES SALE\n"
            "Computer Terminal Systems Inc said\n"
            "it has completed the sale of 200,000 shares of its common\n"
            "stock, and warrants to acquire an additional one mln shares, to\n"
            "<Sedio N.V.> of Lugano, Switzerland for 50,000 dlrs.\n"
            "    The company said the warrants are exercisable for five\n"
            "years at a purchase price of .125 dlrs per share.\n"
            "    Computer Terminal said Sedio also has the right to buy\n"
            "additional shares and increase its total holdings up to 40 pct\n"
            "of the Computer Terminal's outstanding common stock.\n")
    doc, claims = claims_of(text)
    assert claims[0].attribution.source == "Computer Terminal Systems Inc"


@pytest.mark.parametrize("text, source", [
    ("BONN, March 2 - Chancellor Helmut Kohl said Germany would pay 5 billion marks.", "Helmut Kohl"),
    ("LONDON, March 2 - Finance Minister Nigel Lawson said inflation would fall to four pct.", "Nigel Lawson"),
])
def test_a_speaker_right_after_a_dateline_is_the_source(claims_of, text, source):
    """The parser makes the dateline's city the subject and the speaker its apposition; the claim had
    no source at all (a regression review: the commonest opening of a wire story)."""
    doc, claims = claims_of(text)
    assert (claims[0].attribution.kind, claims[0].attribution.source) == ("named", source)


def test_the_spokesman_is_not_the_chancellor_quoted_before(claims_of):
    """'The spokesman' fell back on whoever was quoted last, so the Chancellor was credited with her
    spokesman's words (a regression review); someone introduced with no title still can be him."""
    doc, claims = claims_of("Chancellor Angela Merkel said Germany would pay 5 billion euros.\n\n"
                            "The spokesman said 300 workers were laid off.")
    assert claims[-1].attribution.source == "The spokesman"
    doc, claims = claims_of("Company spokesman John Smith said sales fell.\n\nThe spokesman said 300 workers were laid off.")
    assert claims[-1].attribution.source == "John Smith"


def test_a_named_poll_behind_a_share_of_respondents_is_the_source(claims_of):
    """'Sixty percent of respondents said ..., a poll by Survation showed': the poll vouches for the
    figure, not the respondents (a regression review: it had been 'only a vague source')."""
    doc, claims = claims_of("Sixty percent of respondents said they did not trust either main party, "
                            "a poll by Survation showed last week.")
    assert (claims[0].attribution.kind, claims[0].attribution.source) == ("named", "Survation")
    doc, claims = claims_of("Nearly 90% of passengers say the surcharge is unfair, a poll shows.")
    assert claims[0].attribution.kind == "vague"  # no pollster named: still vague, its figure unsourced


def test_a_headline_in_capitals_is_a_claim_like_any_other(claims_of):
    """The tagger reads words in capitals as names, so 'GREEDY UNION BOSSES KILL 6,500 JOBS AT AMC' had
    no verb and was left out of the claims, while the same headline in ordinary case was listed."""
    body = "\n\nAmerican Motors Corp said on Monday it would build the vehicle elsewhere.\n"
    doc, claims = claims_of("GREEDY UNION BOSSES KILL 6,500 JOBS AT AMC" + body)
    first = claims[0]
    assert doc.text[first.start:first.end] == "GREEDY UNION BOSSES KILL 6,500 JOBS AT AMC" and first.headline
    assert [q.text for q in first.quantities] == ["6,500"] and first.quantities[0].flags == ["unsourced"]
    doc, claims = claims_of("JOBS AT AMC" + body)  # no verb in any case: a label, not a claim
    assert not any(c.headline for c in claims)


def test_a_source_across_a_line_break_is_explained_on_one_line():
    """Hard-wrapped wire copy: "the Scottish\nministers said" (the offsets keep the line break)."""
    from unspin.claims.attribution import explain
    from unspin.report import Attribution

    named = Attribution("named", "the Scottish\nministers", 10, 32, "said", 33, 37)
    assert explain(named, []) == "claim attributed to the Scottish ministers (said)"
    vague = Attribution("vague", "sources close\nto the talks", 10, 36, "said", 37, 41)
    assert explain(vague, []) == "claim attributed to a vague source ('sources close to the talks said')"


TRANSCRIPT = """Candidates clash on trade

The two candidates met in Las Vegas on Wednesday. Chris Wallace of Fox News moderated.

WALLACE: Secretary Clinton, do you stand by the deal?

CLINTON: I hoped it would be the gold standard. Our exports fell by 12 percent last year.

TRUMP: She lied. Unemployment is really 42 percent.

UPDATE: This story was corrected on Thursday to fix a date.

WASHINGTON: The Senate passed the bill by 52 votes to 48.
"""


def test_a_transcripts_speaker_labels_are_the_sources_of_their_turns(claims_of):
    doc, claims = claims_of(TRANSCRIPT)
    for fragment, speaker in (("Our exports fell", "CLINTON"), ("I hoped", "CLINTON"), ("Unemployment", "TRUMP"),
                              ("She lied", "TRUMP")):
        claim = _claim(doc, claims, fragment)
        assert claim.attribution.kind == "named" and _source(doc, claim) == speaker, fragment
        assert claim.attribution.quoted
    for fragment in ("This story was corrected", "The Senate passed"):  # page furniture and a dateline
        assert _claim(doc, claims, fragment).attribution.kind == "none", fragment


@pytest.mark.parametrize("text", [
    "Kanye West: The Real Reason He Left\n\nThe rapper left the tour early, fans say.\n",
    "The game ended late.\n\nTragedy Strikes: Three people died in the crash on the coast road.\n",
    "The game ended late.\n\nJEFF SESSIONS FIRED: The attorney general was removed from office on Friday.\n",
])
def test_a_headline_or_a_lone_title_before_a_colon_is_no_speaker(claims_of, text):
    doc, claims = claims_of(text)
    assert all(c.attribution.kind != "named" for c in claims)


@pytest.mark.parametrize("text, fragment, kind, source", [
    # an office is not whoever spoke last; a title the speaker holds is
    ("John Brown, chief executive of Acme, said the deal was good. The Prime Minister said the deal was bad.",
     "The Prime Minister", "named", "The Prime Minister"),
    ("Prime Minister Tony Blair said the deal was good. The prime minister said it would pass.",
     "it would pass", "named", "Tony Blair"),
    # "according to X" outranks a vague passive in the same sentence
    ("Prices are expected to rise 5% next year, according to the Bank of England.", "Prices", "named", "the Bank of England"),
    ("The company will close its plant, the statement read.", "The company", "named", "the statement"),
    ("Experts estimate the damage at $1.5 billion.", "Experts", "vague", "Experts"),
    ("Universities Scotland claimed that fees would rise by 10%.", "fees", "named", "Universities Scotland"),
    # idioms and plain verbs that report nothing
    ("That being said, the economy grew 2% last year.", "That being", "none", None),
    ("The media's reaction of ridicule was to be expected.", "The media", "none", None),
    ("It was a derogatory story, which must unavoidably be reported.", "derogatory", "none", None),
    ("Las Vegas Metro Police officers found him dead in the room.", "found him", "none", None),
    ("She read the book to the class on Monday.", "She read", "none", None),
])
def test_sources_found_and_not_invented(claims_of, text, fragment, kind, source):
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, fragment)
    assert claim.attribution.kind == kind
    assert (_source(doc, claim) if source else claim.attribution.source) == source


@pytest.mark.parametrize("text, source", [
    ("Spy agency in turmoil\n\nWASHINGTON, DC \u2014 A former agent said the plan failed.", "A former agent"),
    ("WASHINGTON, DC -- A former agent said 12 plans failed.", "A former agent"),
    ("WASHINGTON, D.C. \u2014 Sources said the plan failed.", "Sources"),
    ("Paris, France - Officials said 20 people were hurt.", "Officials"),
    ("John Smith - a former agent - said the plan failed.", "John Smith"),  # an apposition between dashes is no dateline
])
def test_a_dateline_is_never_the_source(claims_of, text, source):
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "said")
    assert _source(doc, claim) == source


def test_a_quoted_question_and_its_asker_are_no_claim(claims_of):
    doc, claims = claims_of('"Why would companies import crude at these prices?" asked Henry Rosenberg, '
                            'chairman of Crown Central Petroleum. Oil stocks fell 3% on the day, traders said.')
    assert not any("Why would" in doc.text[c.start : c.end] for c in claims)
    assert _claim(doc, claims, "Oil stocks").attribution.kind == "vague"


@pytest.mark.parametrize("text", [
    '"Where is the other trillion?" said Paul, the senator from Kentucky.',
    '"Why would anyone vote for this?" the senator said in a statement.',
])
def test_a_quoted_question_and_its_speaker_are_no_claim(claims_of, text):
    """A quoted question with only its speaker asserts nothing, as a question outside quotes and one
    "asked" by its speaker do not (it had been a check-worthy candidate, quoted, with the speaker)."""
    doc, claims = claims_of(text + " Oil stocks fell 3% on the day, traders said.")
    assert [doc.text[c.start : c.end] for c in claims] == ["Oil stocks fell 3% on the day, traders said."]
    # what is said beside the question is still a claim
    doc, claims = claims_of('"Why would anyone vote for this?" the senator, who is retiring, said.')
    assert len(claims) == 1


def test_granting_that_is_conceding(claims_of):
    """'Obama granted that "..."' concedes, as "conceded that" does: the words are Obama's, and a later "he"
    is Obama, not Askia quoted before (a PolitiFact article: "granted" was no reporting verb); "granted
    clemency" and "was granted by the court" report nothing."""
    doc, claims = claims_of(
        '"Why say you are for a new tomorrow, then remove legitimate candidates?" Askia said. "He talks about honor '
        'and democracy. Why not let the people decide?"\n\nIn a recent interview, Obama granted that "there is a '
        'legitimate argument to be made that you should not create barriers to people getting on the ballot."\n\n'
        "But the unsparing legal tactics were justified, he said, by obvious flaws in his opponents' signature sheets.")
    assert _source(doc, _claim(doc, claims, "legitimate argument")) == "Obama"
    assert _source(doc, _claim(doc, claims, "tactics were justified")) == "Obama"
    doc, claims = claims_of("Obama granted clemency to 1,715 people. The waiver was granted by the court in March.")
    assert all(c.attribution.kind == "none" for c in claims)


def test_a_role_for_an_organisation_is_the_role_and_keeps_its_gender(claims_of):
    doc, claims = claims_of("John Krieger, the union leader, said it was ready to strike. A spokeswoman for NBC said managers were prepared "
                            "to take over. Krieger said the talks had stalled. \"This would decimate the union,\" he said.")
    assert _source(doc, _claim(doc, claims, "A spokeswoman")) == "A spokeswoman for NBC"
    assert _source(doc, _claim(doc, claims, "decimate")) in ("Krieger", "John Krieger")


@pytest.mark.parametrize("text, source", [
    ("Japan had agreed to buy more U.S.-made car parts, a Commerce department official said. He added that "
     "progress would be monitored.", "a Commerce department official"),
    ("The talks will resume next week, a White House official said. He added that no date was set.",
     "a White House official"),
    ("Bank of Japan officials said they hope Japanese commercial banks will help Nigeria. They added that "
     "no new loans were planned.", "Bank of Japan officials"),
])
def test_an_official_of_a_named_body_is_the_official(claims_of, text, source):
    """An unnamed official of a named body is named by the body, as "ICE officials" and "a Treasury
    spokesman" are, and the source is the official, not the body: the source had been "Commerce"
    (spaCy's organisation stops before "department"), and a later "he" is the same official."""
    doc, claims = claims_of(text)
    assert [(c.attribution.kind, _source(doc, c)) for c in claims] == [("named", source)] * 2


@pytest.mark.parametrize("text, source", [
    ("Imports rose 12 percent, a senior Pentagon official told reporters on condition of anonymity.",
     "a senior Pentagon official"),
    ("Speaking on condition of anonymity, a senior Pentagon official said imports rose 12 percent.",
     "a senior Pentagon official"),
    ("Imports rose 12 percent, said a Treasury official who declined to be identified.", "a Treasury official"),
    ("A senior US official, who asked not to be named, said imports rose 12 percent.", "A senior US official"),
    ("Imports rose 12 percent, said the strategist, who requested anonymity.", "the strategist"),
    # wire copy's other set phrases, which the rule had found by the bare stem "anonym" or "not be named"
    ("Imports rose 12 percent, said the official, who spoke on condition he not be identified.", "the official"),
    ("An analyst who wanted anonymity said imports rose 12 percent.", "An analyst"),
    ("One official, who asked to remain anonymous, told Reuters imports rose 12 percent.", "One official"),
    ("The New York Times, quoting unnamed government officials, said imports rose 12 percent.", "The New York Times"),
    ("Imports rose 12 percent, according to a Pentagon official who spoke on condition of anonymity.",
     "a Pentagon official"),
])
def test_an_official_who_will_not_be_named_is_a_vague_source(claims_of, text, source):
    """Whatever body they work for, a source speaking on condition of anonymity is nobody a reader can
    check: 'a senior Pentagon official' had been a named source (a regression review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("vague", source)


@pytest.mark.parametrize("text, source", [
    # a named body's spokesman is named ("a Treasury spokesman"), but not one who will not be named
    ("A Treasury spokesman, who asked not to be named, said the rise would cost 300m pounds.", "A Treasury spokesman"),
    ("A Treasury spokesman, who did not want to be identified, said the rise would cost 300m pounds.",
     "A Treasury spokesman"),
    ("A Pentagon official briefed reporters on Monday. He said on condition of anonymity that 3,000 troops "
     "would be sent.", "A Pentagon official"),
    # a "he" resolved to a name shows no name: the reader is not told who would not be named
    ("Defence Secretary Geoff Hoon met officials on Monday. He said on condition of anonymity that 3,000 troops "
     "would be sent.", "He"),
    ("John Smith is the chief of police. He said, speaking on condition of anonymity, that 40 people were "
     "arrested.", "He"),
    # the aside at the end of what he said, which the parse hangs on its last verb
    ("Geoff Hoon met reporters. He said that 500 troops would go, speaking on condition of anonymity because the "
     "plan was secret.", "He"),
    ("A senior Pentagon official said 500 troops would go, speaking on condition of anonymity.",
     "A senior Pentagon official"),
])
def test_a_source_who_asked_not_to_be_named_is_vague(claims_of, text, source):
    """'who asked not to be named' (the rule had wanted 'not be named') and a 'he' who spoke on condition
    of anonymity (resolved before the rule was read) had been named sources (a regression review); such
    a 'he' resolved to a named person then showed that name ('Geoff Hoon', 'John Smith') as the vague
    source, telling the reader who had asked not to be named; and the aside after what was said ('... would
    go, speaking on condition of anonymity') had not been read (named 'Geoff Hoon')."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "said")
    assert (claim.attribution.kind, _source(doc, claim)) == ("vague", source)


@pytest.mark.parametrize("text, source", [
    ("Alcoholics Anonymous said membership had grown by 12% in 2004.", "Alcoholics Anonymous"),
    ("The hacker group Anonymous said it had stolen 40,000 passwords.", "Anonymous"),
    ("Detective Inspector John Brown, speaking about the unidentified victim, said 300 officers were involved.",
     "John Brown"),
    ("Geoff Hoon said 500 troops would go, speaking after a meeting with an official who asked not to be named.",
     "Geoff Hoon"),
    ("Home Secretary David Blunkett said in a speech on anonymous internet abuse that complaints rose by 40%.",
     "David Blunkett"),
    ("Victims' charity Rape Crisis, which campaigns for anonymity for victims, said reports rose 15% last year.",
     "Victims' charity Rape Crisis"),
])
def test_anonymity_in_a_name_or_a_topic_leaves_the_source_named(claims_of, text, source):
    """'anonymous' in a name, or said of someone or something else, is no source speaking without a
    name: these had been vague sources (a regression review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)


@pytest.mark.parametrize("text, kind, source", [
    ("One MP said the rise would cost 300m pounds.", "vague", "One MP"),
    ('"The rise would cost 300m pounds," said one MP.', "vague", "one MP"),
    ("An MP said the rise would cost 300m pounds.", "vague", "An MP"),
    ("One manager said the rise would cost 300m pounds.", "vague", "One manager"),
    # "one" of a body's people is as "one MP", whatever the body (a British reviewer: "One Tory MP told
    # the BBC" had been named); "a Labour MP" stays named by the body, as "a USDA official" is
    ("One Labour MP said the rise would cost 300m pounds.", "vague", "One Labour MP"),
    ("One Tory MP told the BBC: 'The mood is mutinous.'", "vague", "One Tory MP"),
    ("A Labour MP said the rise would cost 300m pounds.", "named", "A Labour MP"),
    ("One analyst said the rise would cost 300m pounds.", "vague", "One analyst"),
    ("One Tory MP, John Smith, said the rise would cost 300m pounds.", "named", "John Smith"),
    # an apposition that names nobody leaves the MP one of some (it had made the MP named)
    ("One Tory MP, a veteran of the 1997 intake, said the rise would cost 300m pounds.", "vague",
     "One Tory MP, a veteran of the 1997 intake"),
    # the "One" of a name is no determiner
    ("One Nation said the policy would cost 5,000 jobs.", "named", "One Nation"),
    ("One Direction said the tour would visit 40 cities.", "named", "One Direction"),
])
def test_one_member_of_a_group_is_a_vague_source(claims_of, text, kind, source):
    """'One MP said' is one of some MPs, nobody a reader can check, as 'One said', 'a manager said' and
    'Two of the five directors said' are; 'One MP' and 'An MP' had been named sources, 'one manager' too
    (spaCy calls 'MP' a name and 'one' a number, not a determiner), a regression review."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == (kind, source)


@pytest.mark.parametrize("text, source", [
    ("Downing Street sources said the reshuffle would come within days.", "Downing Street sources"),
    ("Ministers are privately furious, according to a Whitehall source.", "a Whitehall source"),
    ("'It is a shambles,' a Labour insider said.", "a Labour insider"),
    ("A Department for Education and Skills source said truancy had risen by 8%.",
     "A Department for Education and Skills source"),
    ("Sources at the Treasury said the deficit would reach 30bn pounds.", "Sources at the Treasury"),
])
def test_a_source_or_an_insider_is_vague_whatever_body_it_speaks_for(claims_of, text, source):
    """'sources', 'a source' and 'an insider' are the words of a source who is not named, as 'a No 10
    source said' is, whatever body comes before them (a British fact-checker's review: these had been
    named, by the body, as 'a Treasury spokesman' rightly is)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("vague", source)


@pytest.mark.parametrize("text, source, figure", [
    ("A Labour source, John Smith, said the plan would cost \u00a35m.", "John Smith", "\u00a35m"),
    ("The insider, Jane Doe, told reporters the firm lost $3m last year.", "Jane Doe", "$3m"),
])
def test_a_name_in_apposition_after_a_source_or_an_insider_is_the_source(claims_of, text, source, figure):
    """'A Labour source, John Smith,' is a source the article names, as 'One Tory MP, John Smith,' is: the
    rule that leaves 'a Labour source' vague whatever body comes before it had made these vague sources
    called 'A Labour source, John Smith', and their figures unsourced (a code review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)
    assert [(q.text, q.flags) for q in claim.quantities] == [(figure, [])]


@pytest.mark.parametrize("text", [
    "In a speech in Edinburgh, the prime minister said Thursday's report reinforced stability and opportunity.",
    "The prime minister said the report reinforced stability.",
])
def test_what_was_said_is_a_clause_though_the_parse_reads_its_verb_as_an_adjective(claims_of, text):
    """spaCy makes 'stability' the object of 'said' and 'reinforced' an adjective on it (with 'the report'
    as its subject): the claim had no source at all, while '..., the prime minister said the report
    reinforced ...' after 'In a speech in Edinburgh,' was parsed as a clause and named."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim).lower()) == ("named", "the prime minister")


@pytest.mark.parametrize("text", [
    "In his pre-Budget report, Mr Brown surprised some City experts by forecasting UK growth at between 3% and 3.5%.",
    "Gordon Brown reallocated £512m from central to local government budgets in his pre-Budget report on Thursday.",
])
def test_an_adjective_spacy_calls_an_organisation_is_no_source(claims_of, text):
    """spaCy calls 'pre-Budget' an organisation, which made 'in his pre-Budget report' a report by a
    body named 'pre-Budget' (a British fact-checker's review); 'in his report', as 'in a statement', is
    no cue: the sentence's own verb would carry the source."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("none", None)


@pytest.mark.parametrize("text, source", [
    ("Liberal Democrat spokeswoman for women Sandra Gidley said: 'While mothers would welcome any extra maternity"
     " pay the Liberal Democrats feel this money is being misdirected.'", "Sandra Gidley"),
    ("Green Party spokeswoman for health Caroline Lucas said the scheme was misdirected.", "Caroline Lucas"),
    ("Tory spokesman for health Andrew Lansley said the plan would cost 2bn pounds.", "Andrew Lansley"),
])
def test_a_name_after_a_title_with_its_portfolio_is_the_source(claims_of, text, source):
    """The parse makes the title and the name two subjects of 'said' when the title has its portfolio
    after it ('spokeswoman for women'): the source had been 'Liberal Democrat spokeswoman for women'
    (a British fact-checker's review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)


def test_a_he_in_a_clause_is_the_person_its_sentence_is_about(claims_of):
    """'Mr Blair praised his chancellor ..., which he said was ...': the 'he' is Blair, the subject of
    the sentence, not Mr Brown, the speaker quoted last; and so is the next paragraph's 'he said' (a
    British fact-checker's review: both had been Brown's words)."""
    doc, claims = claims_of(
        "Mr Brown insisted his spending plans were \"affordable\". Sources close to the Treasury said the chancellor"
        " had privately admitted the figures were \"pure fantasy\". Mr Blair praised his chancellor for his role in"
        " creating economic stability, which he said was the \"cornerstone\" of Labour's programme.\n\n"
        "In a speech at Edinburgh's Napier University, he said Labour would publish over the next few months"
        " \"a rich agenda for future policy in any possible third term\".")
    assert _source(doc, _claim(doc, claims, "cornerstone")) == "Blair"
    assert _source(doc, _claim(doc, claims, "Napier")) == "Blair"


def test_a_he_in_a_clause_of_time_is_not_taken_for_the_sentences_subject(claims_of):
    """'Mr Blair sacked Mr Mandelson after he admitted ...': the 'he' could be either man, and is Mr
    Mandelson, who spoke just before, as it had been until a 'he' in any clause went to the sentence's
    subject (a code review: it had become Blair's admission)."""
    doc, claims = claims_of("Mr Mandelson said the loan was a private matter. Mr Blair sacked Mr Mandelson after he"
                            " admitted that the loan was worth \u00a3373,000.")
    claim = _claim(doc, claims, "admitted")
    assert (claim.attribution.kind, _source(doc, claim), claim.attribution.cue) == ("named", "Mandelson", "admitted")


@pytest.mark.parametrize("text", ["I believe he actually hates Christians.",
                                  "We announced that the family will be donating $1 million."])
def test_the_first_person_outside_quotes_is_the_articles_own_voice(claims_of, text):
    _, claims = claims_of(text)
    assert [c.attribution.kind for c in claims] == ["none"]


@pytest.mark.parametrize("text", ["Get your daily dose of Eagle Rising by entering your email address below.",
                                  "Subscribe now to get our best stories every morning."])
def test_newsletter_furniture_is_no_claim(claims_of, text):
    assert claims_of(text)[1] == []


def test_a_quote_inside_a_quote_does_not_end_it(claims_of):
    doc, claims = claims_of("Anna Lee said: \u201cHe called them \u201cidiots\u201d and \u201cfools\u201d. He hates them. "
                            "I believe he lied.\u201d Then she left.")
    for fragment in ("He hates them", "I believe"):
        claim = _claim(doc, claims, fragment)
        assert claim.attribution.kind == "named" and _source(doc, claim) == "Anna Lee", fragment
    assert quote_spans(doc.text, doc.paragraphs) == [(16, doc.text.index("\u201d Then"))]


def test_the_survey_is_the_one_named_before(claims_of):
    doc, claims = claims_of("A study by the Pew Internet Project found that 40% of adults blog. "
                            "The survey found that 12% of them earn money from it.")
    claim = _claim(doc, claims, "The survey")
    assert claim.attribution.kind == "named" and _source(doc, claim) == "the Pew Internet Project"
    assert not claim.quantities[0].flags
    doc, claims = claims_of("The survey found that 12% of adults blog.")  # no survey named before: vague
    assert _claim(doc, claims, "The survey").attribution.kind == "vague"


def test_a_passive_sources_phrase_keeps_its_by(claims_of):
    doc, claims = claims_of("The figures were reported by outlets across the country.")
    assert "('reported by outlets')" in claims[0].explanation


@pytest.mark.parametrize("text, source", [
    ("The China Daily quoted He Kang as saying output would rise 10 pct this year.", "He Kang"),
    ("Wallis was quoted as saying that the rate would fall to 4 pct.", "Wallis"),
])
def test_the_person_quoted_as_saying_is_the_source(text, source):
    """Wire copy's 'X quoted Y as saying ...' and 'Y was quoted as saying ...' had no source at all
    (a financial desk's review)."""
    from unspin.pipeline import Pipeline

    (claim,) = Pipeline("fast", analyzers=["attribution"], strict=True)(text).claims
    assert (claim.attribution.kind, claim.attribution.source) == ("named", source)


def test_one_said_is_a_vague_source():
    """'One said the state had cut its budget': one of some people, nobody a reader can check."""
    from unspin.pipeline import Pipeline

    (claim,) = Pipeline("fast", analyzers=["attribution"], strict=True)("One said the state had cut its budget by 10 pct.").claims
    assert claim.attribution.kind == "vague"


@pytest.mark.parametrize("text, source", [
    ("About 60 percent of respondents said they would vote for the plan, against 31 pct in January.",
     "About 60 percent of respondents"),
    ("Only 42% of them say the economy is improving.", "Only 42% of them"),
    ("Two of the five directors said they would vote against the merger.", "Two of the five directors"),
    # British "per cent", two words, had been a named source
    ("Sixty per cent of respondents said they would vote for the plan.", "Sixty per cent of respondents"),
    ("About 60 per cent of those polled said the economy was improving.", "About 60 per cent of those polled"),
    ("Six in 10 respondents said they would vote for the plan.", "Six in 10 respondents"),
    ("Two-thirds of voters said they would vote for the plan.", "Two-thirds of voters"),
    # a group a body names is still unnamed members of it (they had been named 'Labour' and 'Forty')
    ("Five per cent of Labour MPs said they would rebel.", "Five per cent of Labour MPs"),
    ("Forty per cent of Microsoft staff said they would strike.", "Forty per cent of Microsoft staff"),
])
def test_a_share_of_a_group_is_a_vague_source(claims_of, text, source):
    """A share of the people in a poll is nobody a reader can check, as 'analysts said' is not: it was a
    named source called 'About 60 percent of respondents' (a financial desk's review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("vague", source)
    assert claim.explanation.endswith("attributed to a vague source ('%s %s')" % (source, claim.attribution.cue))


@pytest.mark.parametrize("text, source", [
    ("China has raised the prices it pays farmers for cotton, edible oil, sugar cane and beets to reverse a decline "
     "in output in 1986, He Kang, Minister of Agriculture, Animal Husbandry and Fisheries said. He said China aims "
     "to produce between 425 and 450 mln tonnes of grain by 1990.",
     "He Kang, Minister of Agriculture, Animal Husbandry and Fisheries"),
    ("Indonesia will try to increase sugar output in calendar 1988 to 2.4 mln tonnes from an expected 2.2 mln in "
     "1987, Indonesia's Minister of Agriculture, Animal Husbandry and Fisheries Achmad Affandi said.",
     "Achmad Affandi"),
    ("The yen should stabilize at around 152 to 153 to the U.S. Dollar for about a year, the Bank of Tokyo's "
     "economic adviser Koei Narusawa said.", "Koei Narusawa"),
    ("American Can Co said it plans to change its name to Primerica Corp, subject to approval by shareholders.",
     "American Can Co"),
])
def test_a_person_named_with_a_title_is_the_source(claims_of, text, source):
    """A word of a minister's title or of a name is not the source: spaCy calls 'Animal Husbandry' a
    person and 'the Bank of Tokyo's' the subject, and 'American' alone was the source of American Can
    Co's statement (a financial desk's review of Reuters wire copy). The person is the name, as for
    'Agriculture Minister Achmad Affandi', or, where spaCy sees no name, the name with the title."""
    doc, claims = claims_of(text)
    for claim in claims:
        assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)


@pytest.mark.parametrize("text", [
    "\"We will not accept a pay freeze,\" said Swedish trades union official Ulf Carlsson.",
    "The strike could spread to Norway, Swedish trades union official Ulf Carlsson said in an interview.",
    "Swedish trades union official Ulf Carlsson, speaking in Stockholm, said the strike would continue.",
    # the parser also loses the claim's verb ("fear" a noun): an aside with its hearer or its day had no source
    "Workers at the plant in Mariestad fear for their jobs, Swedish trades union official Ulf Carlsson told reporters.",
    "Workers at the plant in Mariestad fear for their jobs, Swedish trades union official Ulf Carlsson said on Tuesday.",
])
def test_a_noun_misread_as_a_verb_keeps_the_speaker(claims_of, text):
    """spaCy reads 'trades' in 'trades union' as a verb: the source was 'Swedish', or there was none
    (a financial desk's review of wire copy)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", "Ulf Carlsson")


@pytest.mark.parametrize("text, start, kind, source", [
    # an unnamed person is a person: his "he" is him, and as vague as he is (it had stayed an unresolved "He")
    ("State-owned Taiwan Power Co will boost its domestic borrowings to further cut its foreign debt, a company "
     "official said. He said the company's foreign debt was cut nearly by half to 66.2 billion taiwan dlrs.",
     "He said", "vague", "a company official"),
    # a name after a title is a person, though spaCy calls "Ulf Carlsson" an organisation
    ("Swedish port workers will extend their strike to all west coast harbours from Monday, Swedish trades union "
     "official Ulf Carlsson said.\n\nHe told reporters the union wanted a rise of 6.5 pct for its 8,000 members.",
     "He told", "named", "Ulf Carlsson"),
    # a company is no "he", though spaCy calls "<Lai Sun Garment Co ltd>" a person
    ("Thomas Lau, Evergo's executive director, said the group will hold the 20 pct stake as a long term investment. "
     "<Lai Sun Garment Co ltd> yesterday said it acquired a 10 pct stake in Hk Hotels from Liang for 530 mln dlrs. "
     "\"It is purely coincidence,\" he said.", "purely", "named", "Thomas Lau"),
    # the nearest person who spoke since the last quoted speaker, in a sentence of his own
    ("Thomas Lau, Evergo's executive director, said the group will hold the 20 pct stake as a long term investment. "
     "Michael Kadoorie, chairman of Hk Hotels, denied any link between Evergo and Lai Sun. "
     "\"It is purely coincidence,\" he said.", "purely", "named", "Michael Kadoorie"),
    ("Agriculture Minister Achmad Affandi said sugar output would rise to 2.4 mln tonnes. A foreign agricultural "
     "expert forecast a drop in cane acreage of up to 10 pct in Guangdong. He said both provinces are more "
     "developed than other sugar-producing areas.", "He said", "vague", "A foreign agricultural expert"),
])
def test_he_said_in_wire_copy_is_the_right_person(claims_of, text, start, kind, source):
    """'He said' after a paragraph naming several people and companies (a financial desk's review of
    Reuters stories): each of these went to the wrong one, or to none."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, start)
    assert (claim.attribution.kind, _source(doc, claim)) == (kind, source)


@pytest.mark.parametrize("text, source", [
    ("A source close to the Kadoorie family said the family has not considered any countermoves so far.",
     "A source close to the Kadoorie family"),
    ("Sources close to Prime Minister Yasuhiro Nakasone said he would not call an election before the summit.",
     "Sources close to Prime Minister Yasuhiro Nakasone"),
    ("Sources familiar with the Bank of Japan's thinking said the discount rate would stay at 2.5 pct.",
     "Sources familiar with the Bank of Japan's thinking"),
])
def test_a_source_close_to_someone_named_is_vague(claims_of, text, source):
    """The person or bank named is who the anonymous source is close to, not the source: these were
    named sources called 'Kadoorie' and 'the Bank of Japan's' (a financial desk's review)."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("vague", source)


def test_the_spokesman_is_not_an_unnamed_trader_quoted_before(claims_of):
    """An unnamed trader is a person now (for 'he said'), but 'the spokesman' is not him: a role
    resolves only to someone quoted with it, or to a named person."""
    doc, claims = claims_of("A trader said prices would fall 10 pct. The spokesman said output would rise.")
    assert _source(doc, _claim(doc, claims, "The spokesman")) == "The spokesman"


@pytest.mark.parametrize("text, kind, source", [
    # the trader or broker named before, as "the judge said" is the judge quoted before
    ("Prices rose on Monday, said John Smith, a trader with Merrill Lynch. The trader said demand was strong.",
     "named", "John Smith"),
    ("Prices rose on Monday, said John Smith, a broker with Merrill Lynch. The broker said demand was strong.",
     "named", "John Smith"),
    ("Oil broker John Smith said prices rose 3 pct. The broker said demand was strong.", "named", "John Smith"),
    # with none named, the unnamed one it was; a named trader is not "the broker"
    ("A foreign trader said prices rose 3 pct. The trader said demand was strong.", "vague", "The trader"),
    ("A foreign broker said prices rose 3 pct. The broker said demand was strong.", "vague", "The broker"),
    ("Prices rose, said John Smith, a trader with Merrill Lynch. The broker said demand was strong.",
     "vague", "The broker"),
    ("John Smith, a trader at Acme, said prices rose. A trader at a Tokyo bank, who asked not to be named, said "
     "they fell. The trader said demand was strong.", "vague", "The trader"),
    ("David Pike, an economist at Nomura, said prices rose. The economists said demand was strong.",
     "vague", "The economists"),
    # the official of a named body, unless the last word of him was that he would not be named
    ("A Bank of Japan official said prices rose. The official said demand was strong.",
     "named", "A Bank of Japan official"),
    ("An official of Orion Bank said prices rose. The official, who declined to be identified, said they fell. "
     "The official said demand was strong.", "vague", "The official"),
])
def test_the_trader_is_the_trader_named_before_as_the_judge_is(claims_of, text, kind, source):
    """'The trader said' and 'the broker said' were vague sources even right after the article had named
    the trader ('John Smith, a trader with Merrill Lynch'), where 'the judge said' is the judge named
    before; the apposition after a name ('John Smith, a trader with ...') had not counted as his title."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "demand was strong")
    assert (claim.attribution.kind, _source(doc, claim)) == (kind, source)


@pytest.mark.parametrize("text, kind, source", [
    # officials of the company mentioned since: "the official" is any of them
    ("John Smith, a union official, said the strike would go ahead. Management said it was disappointed. Company "
     "officials said the offer was final. The official said workers would lose 20 pct of their pay.",
     "vague", "The official"),
    ("Prices rose on Monday, said John Smith, a trader with Merrill Lynch. Traders in Tokyo said prices would fall. "
     "The trader said workers would lose 20 pct of their pay.", "vague", "The trader"),
    # another one of them, introduced since or in the same breath
    ("John Smith, a union official, said the strike would go ahead. A second official was at the talks. "
     "The official said workers would lose 20 pct of their pay.", "vague", "The official"),
    ("John Smith, a union official, said the strike would go ahead. The other official said workers would lose "
     "20 pct of their pay.", "vague", "The other official"),
    # the same one again, and "official" as a word for the figures, leave him named
    ("John Smith, a union official, said the strike would go ahead. The official said talks had failed. "
     "The official said workers would lose 20 pct of their pay.", "named", "John Smith"),
    ("John Smith, a union official, said the strike would go ahead. He said the official figures were wrong. "
     "The official said workers would lose 20 pct of their pay.", "named", "John Smith"),
])
def test_the_official_is_not_the_named_one_when_others_came_between(claims_of, text, kind, source):
    """'The official' was the named union official introduced before, even after 'Company officials
    said ...' had brought in others it could as well be (a regression of 'the official' resolved to the
    named one: it had always been vague); and 'the other official' was the named one himself."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "20 pct of their pay")
    assert (claim.attribution.kind, _source(doc, claim)) == (kind, source)


@pytest.mark.parametrize("text, kind, source", [
    # "official" only describes what he heads: he is no official, and "the official" is nobody named
    ("John Smith, the head of the official inquiry, said the report would be published in May. Ministers met on "
     "Tuesday. The official said the inquiry had cost 3 million pounds.", "vague", "The official"),
    ("Prices rose, said John Smith, the chairman of a trader association. The trader said the inquiry had cost "
     "3 million pounds.", "vague", "The trader"),
    # the title that heads the apposition, however many words come before it, is his
    ("John Smith, the most senior union official, said the strike would go ahead. The official said the inquiry "
     "had cost 3 million pounds.", "named", "John Smith"),
])
def test_the_official_is_not_someone_only_described_with_the_word(claims_of, text, kind, source):
    """'The official said' had been John Smith, introduced as 'the head of the official inquiry': the
    word 'official' anywhere in the four words after ', the' had counted as his title, where his title
    is the noun the apposition is of ('the head')."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "had cost 3 million pounds")
    assert (claim.attribution.kind, _source(doc, claim)) == (kind, source)


@pytest.mark.parametrize("text, source", [
    ("Roderick, in response to a question, said USX had no immediate plans to restructure its Marathon Oil Co.",
     "Roderick"),
    ("A spokesman for the ministry, in a statement, said imports rose 12 pct.", "A spokesman for the ministry"),
    # the name after "one of" a group, which the parse hung on the verb across the dashes
    ("However, one of the so-called Guildford Four, Gerry Conlon - who was wrongly convicted of planting the bombs - "
     "said the families were delighted with the apology.", "Gerry Conlon"),
    # still the group's member, named in apposition
    ("Two of its directors, John Smith and Mary Jones, said the offer was too low.", "John Smith"),
])
def test_the_source_is_the_name_not_the_aside_or_the_group(claims_of, text, source):
    """The source had been 'Roderick, in response to a question' (an aside after a comma taken into the
    name) and, in a BBC story, 'Guildford Four' for Gerry Conlon's own statement."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)


@pytest.mark.parametrize("text, source", [
    # wire copy's aside, whose "show" spaCy reads as a noun ending the institute's name
    ("The Belgo-Luxembourg Economic Union moved into a narrow trade surplus of 4.7 billion francs in 1986 after a "
     "140.4 billion franc deficit in 1985, figures given by a spokesman for the National Statistics Institute show.",
     "a spokesman for the National Statistics Institute"),
    ("Turkey's trade deficit rose to 3.65 billion dlrs in 1986 from 3.39 billion in 1985 following increased imports "
     "from Western countries, figures from the State Statistics Institute show.", "the State Statistics Institute"),
    # the figures' spokesman is the source, as "a spokesman for the ministry said" is
    ("Figures given by a spokesman for the National Statistics Institute show inflation at 4 pct.",
     "a spokesman for the National Statistics Institute"),
    ("Inflation is at 4 pct, a spokesman for the ministry said.", "a spokesman for the ministry"),
])
def test_figures_given_by_a_spokesman_are_his(claims_of, text, source):
    """'..., figures given by a spokesman for the National Statistics Institute show.' had no source
    (spaCy reads 'show' as a noun, the last word of the institute's name, so no verb had a subject), and
    with 'show' a verb the source was the institute, not its spokesman who gave the figures."""
    doc, (claim,) = claims_of(text)
    assert (claim.attribution.kind, _source(doc, claim)) == ("named", source)


@pytest.mark.parametrize("text, source, cue", [
    ("Jeff Sessions called California\u2019s policies a \u201cradical, irrational idea that cannot be accepted.\u201d",
     "Jeff Sessions", "called"),
    ('Nancy Pelosi last week slammed that raid as "unjust and cruel."', "Nancy Pelosi", "slammed"),
    ("The writer accused the agency of abuses and called it \u201can unaccountable strike force.\u201d",
     "The writer", "called"),
    ('The mayor branded the protesters "thugs and criminals."', "The mayor", "branded"),
])
def test_quoted_words_a_verb_frames_are_its_subjects(claims_of, text, source, cue):
    """'Sessions called the policy a “radical, irrational idea”', 'Pelosi slammed that raid as “unjust and
    cruel”': the quoted words are the subject's, who had been no source (quoted, none: a US
    fact-checker's review of PolitiFact articles)."""
    doc, claims = claims_of(text)
    claim = claims[0]
    assert claim.attribution.kind == "named" and _source(doc, claim) == source and claim.attribution.cue == cue


def test_words_framed_in_the_passive_are_the_agents_and_the_weakest_cue(claims_of):
    """'The plan was called “a disaster” by critics' had no source (the parse hangs 'by critics' on the
    quoted words), and 'He was called “a traitor” by his own party' took the agent with a full-strength
    cue, over a speaker the sentence names: as in the active, the framed words are a fragment, and any
    other cue in the sentence says more of whose they are (a reviewer's finding)."""
    doc, claims = claims_of('The plan was called “a disaster” by critics.')
    assert claims[0].attribution.kind == "vague" and _source(doc, claims[0]) == "critics"
    doc, claims = claims_of('The bill was called "a giveaway" by Senator John Smith, the Democratic leader said.')
    assert claims[0].attribution.cue == "said" and _source(doc, claims[0]) == "the Democratic leader"


@pytest.mark.parametrize("text", [
    'The governor called the "Situation Room" on Monday to ask about the storm.',
    'The tactic was designed to pressure Democrats to accept what McConnell called a "clean" funding bill.',
    'The mayors also called on those in attendance to provide "an effective response to a crisis."',
    "Trump called for \u201ca total and complete shutdown of Muslims entering the United States.\u201d",
])
def test_a_quote_no_verb_frames_as_a_name_for_something_is_no_ones(claims_of, text):
    """The quote is the object called, what someone is called on to do or calls for, or a fragment in a
    clause of the article's own sentence: no speaker."""
    doc, claims = claims_of(text)
    assert claims[0].attribution.kind == "none"


@pytest.mark.parametrize("text, kind, source", [
    ("Thomas Homan defended the agency. Later, Hayes, the MSNBC host, asked Sen. Kamala Harris if she believes ICE "
     "should exist.", "named", "Hayes"),
    ("Reporters asked the senator whether she thinks the tax cut will pass.", "vague", "Reporters"),
    ("A man said the vote was rigged. The pollster asked likely voters if they thought Vladimir Putin was a better "
     "leader.", "vague", "The pollster"),
])
def test_what_is_asked_in_an_indirect_question_was_not_said(claims_of, text, kind, source):
    """'asked Harris if she believes ICE should exist': the question's verb is no cue (it had made her,
    resolved to Thomas Homan, the source: a US fact-checker's review); the asker, if anyone, is the speaker."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "asked")
    assert (claim.attribution.kind, _source(doc, claim), claim.attribution.cue) == (kind, source, "asked")


@pytest.mark.parametrize("text, source", [
    ("A recent Washington Post/ABC News poll found that just 36 percent of voters see Clinton as honest.",
     "Washington Post/ABC News"),
    ("Clinton and Trump are tied in Colorado, according to CNN/ORC polls released Monday.", "CNN/ORC"),
    # any number of sponsors, one spaCy saw no organisation in too: it had been "NBC/WSJ"
    ("An NBC/WSJ/Marist poll found that 45 percent of voters back the senator.", "NBC/WSJ/Marist"),
    ("According to a Marist/NBC/WSJ poll, 45 percent of voters back the senator.", "Marist/NBC/WSJ"),
])
def test_sponsors_a_slash_joins_are_one_source(claims_of, text, source):
    """'A Washington Post/ABC News poll found ...' had the source 'Washington Post/', cut at the slash
    (a US fact-checker's review of BuzzFeed-Webis articles); all the sponsors are the source."""
    doc, claims = claims_of(text)
    assert claims[0].attribution.kind == "named" and _source(doc, claims[0]) == source


def test_a_station_with_a_channel_number_is_one_source_and_no_quantity(claims_of):
    """A transcript's 'FOX 5 DC: “...”' label had the source '5 DC' (the parse made 'DC' an apposition of
    'FOX') and the quantity 5, unsourced (a US fact-checker's review of a PolitiFact article)."""
    doc, claims = claims_of("In an interview Monday, Wheeler told FOX 5 DC he had sources at the FBI. This is the "
                            "verbatim of that exchange:\n\nFOX 5 DC: \u201cYou have sources at the FBI saying that there "
                            "is information...\u201d\n\nWHEELER: \"For sure...\"")
    claim = _claim(doc, claims, "You have sources")
    assert _source(doc, claim) == "FOX 5 DC" and claim.quantities == []


@pytest.mark.parametrize("text, kind", [
    ("Republican lobbyist says murder of DNC staffer John Doe linked to Russian operatives", "vague"),
    ("Democratic strategist says Clinton will win Ohio", "vague"),
    ("A Republican lobbyist said the murder was linked to Russian operatives.", "vague"),
    ("Pentagon adviser says wall will be built", "named"),
])
def test_a_headlines_role_without_a_name_is_vague(claims_of, text, kind):
    """A headline drops its articles: 'Republican lobbyist says ...' is 'a Republican lobbyist', nobody a
    reader can check (it had been a named source: a US fact-checker's review); a body names one still."""
    doc, claims = claims_of(text)
    assert claims[0].attribution.kind == kind


@pytest.mark.parametrize("text, source", [
    ("House Minority Leader Nancy Pelosi on Thursday urged Congress to raise the minimum wage.\n\nNoting that "
     "stocks are at record highs, the California Democrat said those gains have not helped workers.", "Nancy Pelosi"),
    # another person named since the one who was the subject: either could be meant
    ("Nancy Pelosi on Thursday urged Congress to raise the minimum wage. Paul Ryan's office declined to comment. "
     "The California Democrat said those gains have not helped workers.", "The California Democrat"),
])
def test_the_california_democrat_is_the_politician_just_named(claims_of, text, source):
    """'Nancy Pelosi urged ... the California Democrat said' is Pelosi's (it had stayed 'the California
    Democrat': a US fact-checker's review of a PolitiFact article), but not past another person named since."""
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, "those gains")) == source


@pytest.mark.parametrize("text, source", [
    ("Thomas Homan, the acting director of ICE, has reacted to these calls by Democrats by saying they should speak "
     "to victims of crime.", "Thomas Homan"),
    ('Newt Gingrich knocked Clinton at a rally on Monday by saying "she doesn\'t do press conferences."', "Newt Gingrich"),
])
def test_by_saying_is_the_speakers_verb(claims_of, text, source):
    """'Homan has reacted ... by saying they should ...': the subject of the verb 'by saying' hangs on said
    it (it had no source: a US fact-checker's review of a PolitiFact article)."""
    doc, claims = claims_of(text)
    assert claims[0].attribution.kind == "named" and _source(doc, claims[0]) == source


def test_the_california_democrat_is_nobody_when_two_people_are_the_subject(claims_of):
    """'Sen. Dianne Feinstein and Rep. Nancy Pelosi urged ...': either could be 'the California Democrat' (it
    had been Feinstein, the first of the two), so it stays the epithet."""
    doc, claims = claims_of("Sen. Dianne Feinstein and Rep. Nancy Pelosi on Thursday urged Congress to raise the minimum "
                            "wage.\n\nThe California Democrat said those gains have not helped workers.")
    assert _source(doc, _claim(doc, claims, "those gains")) == "The California Democrat"


@pytest.mark.parametrize("text", [
    "Sen. Ted Cruz, a Texas Republican, on Thursday urged Congress to cut taxes.\n\n"
    "The California Democrat said those gains have not helped workers.",
    "Rep. Kevin McCarthy (R-Calif.) on Thursday urged Congress to cut taxes.\n\n"
    "The California Democrat said those gains have not helped workers.",
    "Republican Sen. Ted Cruz on Thursday urged Congress to cut taxes.\n\nThe Texas Democrat said those gains have not "
    "helped workers.",
])
def test_the_california_democrat_is_not_a_republican_just_named(claims_of, text):
    """'the California Democrat' had been Ted Cruz or Kevin McCarthy, whom the article itself calls a Republican:
    the epithet is nobody of another party."""
    doc, claims = claims_of(text)
    assert _source(doc, _claim(doc, claims, "those gains")) in ("The California Democrat", "The Texas Democrat")


@pytest.mark.parametrize("text, kind, source", [
    ("As Smith said, the plan failed.", "named", "Smith"),
    ("As the senator said last week, the plan failed badly.", "named", "the senator"),
    ("Mary Jones spoke first. As she put it, the plan failed badly.", "named", "Mary Jones"),
    ("As experts say, the plan failed badly.", "vague", "experts"),
    ("I thank Joe Manchin and Pat Toomey for their courage. As they said, nobody could honestly claim that the plan "
     "failed badly.", "vague", "they"),  # as "They said ..." is
    ("As a result, the plan failed badly.", "none", None),
    ("As expected, the plan failed badly.", "none", None),
    ("As he left, the plan failed badly.", "none", None),
    ("As I said, the plan failed badly.", "none", None),  # the article's own voice
    ("As they say, the plan failed badly.", "none", None),  # the saying
    ("As you might expect, the plan failed badly.", "none", None),
    ("As the presidential race continues, the plan failed badly.", "none", None),
    ("As 9/11 showed us, the plan failed badly.", "none", None),  # a finding of no poll or study
])
def test_as_x_said_is_xs(claims_of, text, kind, source):
    """'As Smith said, the plan failed.' is Smith's (it had been no source: the verb takes no clause), 'As
    they said, nobody could ...' is the 'they', as 'They said' is; not 'As a result', 'As expected', 'as he left'."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "plan failed")
    assert claim.attribution.kind == kind
    assert _source(doc, claim) == source


@pytest.mark.parametrize("text, kind, source", [
    ("Mike Pence said the plan failed. The First Lady denounced the nominee, which she said had shaken her.",
     "named", "The First Lady"),
    ("Mike Pence said the plan failed. A hotel manager called police because he said the pair had not paid.",
     "vague", "A hotel manager"),
    ("Mike Pence said the plan failed. The First Lady denounced the nominee, which he said had shaken her.",
     "named", "Mike Pence"),  # no lady is a "he"
    ("Mike Pence said the plan failed. Mr. President, please respond to what the governor did, which he said had shaken her.",
     "named", "Mike Pence"),  # whom it asks, not its subject
])
def test_a_she_in_a_clause_is_the_role_that_is_the_sentence_subject(claims_of, text, kind, source):
    """'The First Lady denounced the nominee ..., which she said had "shaken (her) ..."' is the First Lady's (it had
    been Mike Pence's, the speaker before: the rule that a "she" in a clause is the sentence's subject took only a
    name, politifact13559)."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "shaken her" if "shaken" in text else "not paid")
    assert claim.attribution.kind == kind
    assert _source(doc, claim) == source


@pytest.mark.parametrize("text, kind, source", [
    ("The plan failed badly, as Smith noted.", "named", "Smith"),
    ("The plan failed badly, as the senator noted last week.", "named", "the senator"),
    ("The plan failed badly, as Smith noted, and prices rose.", "named", "Smith"),
    ("Mary Jones spoke first. The plan failed badly, as she put it.", "named", "Mary Jones"),
    ("The plan failed badly, as the Post reported earlier in the week.", "named", "Post"),
    ("The plan failed badly, as expected.", "none", None),
    ("The plan failed badly, as a result.", "none", None),
    ("The plan failed badly, as he left.", "none", None),
    ("The plan failed badly, as they say.", "none", None),  # the saying
    ("The plan failed badly, as Smith announced his resignation.", "none", None),  # while he did
    ("Goods such as fuel went up and the plan failed badly, as well as the deal.", "none", None),
])
def test_a_trailing_as_x_said_is_xs(claims_of, text, kind, source):
    """'The plan failed, as Smith noted.' is Smith's, as 'As Smith said, the plan failed.' is (it had been no
    source); not 'as expected', 'as a result', 'as he left', 'such as', 'as well as'."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "plan failed")
    assert claim.attribution.kind == kind
    assert _source(doc, claim) == source


@pytest.mark.parametrize("text, kind, source", [
    ("I don't think anybody would argue that the plan is working well.", "none", None),
    ("And I haven't heard anybody yet say, Jake, that the plan is working well.", "none", None),
    ("If anyone here truly believes the plan is working well, I respect your right to say so.", "none", None),
    ("If someone says the plan is working well, they are wrong.", "none", None),
    ("Unless somebody says the plan is working well, we will stop.", "none", None),
    ("Anybody will tell you the plan is working well.", "vague", "Anybody"),
    ("I don't think so, and everyone agrees that the plan is working well.", "vague", "everyone"),  # not negated
])
def test_a_negated_or_conditional_quantifier_says_nothing(claims_of, text, kind, source):
    """'I don't think anybody would argue ...', 'If anyone here truly believes ...' attribute nothing to anybody:
    the article's own voice (they had been a vague source, 'anybody')."""
    doc, claims = claims_of(text)
    claim = _claim(doc, claims, "plan is working well")
    assert claim.attribution.kind == kind
    assert _source(doc, claim) == source


def test_a_question_after_a_quote_is_not_its_speaker(claims_of):
    """'(“‘This my property!’ he shouted, ...”) Why would someone ..., observing the scene, comment that “...”?':
    the question the article asks is whose its own quote is, not whose the quote before it is (that had gone to
    'someone': spaCy joined the two)."""
    doc, claims = claims_of(
        "Walter Olson observed this week how the militarization of the police is playing out:\n\nWhy armored vehicles "
        "in a Midwestern inner suburb? (“‘This my property!’ he shouted, prompting police to fire a tear gas canister "
        "directly at his face.”) Why would someone identifying himself as an 82nd Airborne Army veteran, observing the "
        "Ferguson police scene, comment that “We rolled lighter than that in an actual warzone”?")
    claim = _claim(doc, claims, "prompting police")
    assert claim.attribution.kind == "none" and claim.attribution.quoted


def test_a_quotes_first_word_is_not_its_speaker(claims_of):
    """'"Failure to replace ... will carry large risks," said an agency statement.': spaCy makes the quote's
    first word a second subject of "said", and the quote had gone to a source named "Failure"."""
    doc, claims = claims_of(
        "So far it has only received $11m from the US and the UK. \"Failure to replace the hardware and software, "
        "and to integrate fully all the information system components will carry large risks,\" said an agency statement.")
    claim = _claim(doc, claims, "Failure to replace")
    assert _source(doc, claim) == "an agency statement"
    assert claim.attribution.kind == "vague" and claim.attribution.quoted


@pytest.mark.parametrize("text, source", [
    ("Uganda was disappointed by the stalemate in recent coffee talks in London, the chairman of the state-run Coffee "
     "Marketing Board, CMB, said.", "the chairman of the state-run Coffee Marketing Board"),
    ("Exports fell sharply in the first quarter to Japan, the minister of trade, Ali Khan, said.", "Ali Khan"),
    ("The company will build a plant near Paris, the French capital, said.", None),  # a place, no speaker
])
def test_a_role_after_the_clause_is_its_speaker(claims_of, text, source):
    """'..., in London, the chairman of the state-run Coffee Marketing Board, CMB, said.': spaCy makes the
    speaker an apposition of the clause's last noun, and the sentence had no source."""
    doc, claims = claims_of(text)
    assert _source(doc, claims[0]) == source


def test_he_after_a_name_the_parse_made_the_root(claims_of):
    """'During his opening remarks ..., Ban, who will leave ..., called on nations ... "Refugees and migrants are not
    to be seen a burden ...," he said.': spaCy makes "Ban" the sentence's root and "called" a clause on it, and the
    "he" had gone to Obama, the subject of a sentence before."""
    doc, claims = claims_of(
        "On Tuesday, Obama will host his own refugee summit. During his opening remarks on Monday morning, Ban, who "
        "will leave the secretary-general's seat in just a few months, called on nations not to be afraid of refugees "
        "fleeing violence and persecution. \"Refugees and migrants are not to be seen a burden; they offer great "
        "potential, if only we unlock it,\" he said.")
    assert _source(doc, _claim(doc, claims, "Refugees and migrants")) == "Ban"


def test_he_is_not_the_subject_of_an_indirect_question(claims_of):
    """"Tony Blair's official spokesman declined to say whether the prime minister backed the plans. He said: ..."
    is the spokesman's (it had been the prime minister's, the subject of the question he would not answer)."""
    doc, claims = claims_of(
        "On Monday, Tony Blair's official spokesman declined to say whether the prime minister backed the plans. "
        "He said: \"What's important is that there's a process going on.\"")
    assert _source(doc, _claim(doc, claims, "important")) == "Tony Blair's official spokesman"
