"""Alignment with a reference: every character matched or inserted, phrase-exact, tolerant of
re-wrapping, re-casing and re-punctuating, and saying what was dropped."""

from __future__ import annotations

import re

from unspin.splices.align import INSERTED, MATCHED, align

REFERENCE = (
    "Police said the protesters gathered outside the town hall on Monday morning. About 200 people took part, "
    "according to the organisers, and the march ended peacefully.\n\n"
    "The mayor did not comment on the demands. The council will discuss the housing plan again next week."
)


def inserted_texts(article: str, alignment) -> list[str]:
    return [article[s.start : s.end] for s in alignment.segments if s.status == INSERTED]


def covers_every_character(article: str, alignment) -> bool:
    cursor = 0
    for s in alignment.segments:
        if s.start != cursor or s.end <= s.start or s.status not in (MATCHED, INSERTED):
            return False
        cursor = s.end
    return cursor == len(article)


def test_phrase_inserted_inside_a_genuine_sentence_is_marked_exactly():
    article = REFERENCE.replace("the protesters gathered", "the so-called protesters, paid agitators, gathered")
    alignment = align(article, [("ref", REFERENCE)])
    assert covers_every_character(article, alignment)
    starts = [(s.start, s.end) for s in alignment.segments if s.status == INSERTED]
    first = article.index("so-called")
    second = article.index("paid agitators,")
    assert starts == [(first, first + len("so-called")), (second, second + len("paid agitators,"))]
    # the genuine words around it stay matched, with offsets into the reference
    matched = [s for s in alignment.segments if s.status == MATCHED]
    assert REFERENCE[matched[0].ref_start : matched[0].ref_end] == "Police said the"
    assert alignment.dropped == []


def test_whole_inserted_sentences_and_paragraphs():
    fabricated = "These radical agitators are holding the whole town hostage, and every honest citizen knows it."
    caption = "Photo caption: selfish marchers block the road."
    article = REFERENCE.replace("The mayor did not comment", fabricated + "\n\nThe mayor did not comment") + "\n" + caption
    alignment = align(article, [("ref", REFERENCE)])
    assert covers_every_character(article, alignment)
    assert inserted_texts(article, alignment) == [fabricated, caption]
    assert alignment.dropped == []


def test_inserted_sentence_ending_the_article_keeps_its_final_character():
    extra = "Nobody believes them."
    article = REFERENCE + " " + extra
    alignment = align(article, [("ref", REFERENCE)])
    assert inserted_texts(article, alignment) == [extra]
    assert alignment.segments[-1].end == len(article)


def test_whitespace_case_and_punctuation_changes_are_not_insertions():
    article = (REFERENCE.replace("\n\n", "\n").replace(" took part, ", "  took part -- ").replace("town hall", "Town Hall")
               .replace("Monday morning.", "MONDAY MORNING;") .replace("'", "\u2019"))
    alignment = align(article, [("ref", REFERENCE)])
    assert [s.status for s in alignment.segments] == [MATCHED]
    assert alignment.coverage == 1.0


def test_dropped_text_is_reported_with_where_it_was():
    dropped = "The mayor did not comment on the demands. "
    article = REFERENCE.replace(dropped, "")
    alignment = align(article, [("ref", REFERENCE)])
    # matched on both sides of the cut: two passages, each with the reference text it matched
    assert [s.status for s in alignment.segments] == [MATCHED, MATCHED]
    assert alignment.segments[1].ref_start > REFERENCE.index(dropped)
    assert len(alignment.dropped) == 1
    gone = alignment.dropped[0]
    assert gone.text == dropped.strip() == REFERENCE[gone.start : gone.end]
    assert article[: gone.at].endswith("peacefully.")


def test_replaced_words_are_inserted_without_stray_matched_words():
    # "The mayor" is in the reference at this place; "the council" is too, but elsewhere: a coincidence
    article = REFERENCE.replace("did not comment on the demands.", "is a corrupt liar and the council is a den of thieves.")
    alignment = align(article, [("ref", REFERENCE)])
    assert inserted_texts(article, alignment) == ["is a corrupt liar and the council is a den of thieves."]
    assert [d.text for d in alignment.dropped] == ["did not comment on the demands."]


def test_inserted_sentence_repeating_the_next_words_slides_to_the_sentence():
    article = REFERENCE.replace("The council will", "The council is run by crooks. The council will")
    alignment = align(article, [("ref", REFERENCE)])
    assert inserted_texts(article, alignment) == ["The council is run by crooks."]


def test_moved_paragraph_is_matched_not_inserted():
    first, second = REFERENCE.split("\n\n")
    article = second + "\n\n" + first
    alignment = align(article, [("ref", REFERENCE)])
    assert inserted_texts(article, alignment) == []
    assert alignment.coverage == 1.0


def test_second_reference_claims_what_the_first_lacks():
    other = "Rail workers in the north announced a two-day strike over pensions starting on Friday, the union said."
    article = REFERENCE + "\n\n" + other
    alignment = align(article, [("a", REFERENCE), ("b", other)])
    assert inserted_texts(article, alignment) == []
    assert {s.ref for s in alignment.segments if s.status == MATCHED} == {0, 1}
    assert alignment.references == ["a", "b"]


def test_unrelated_article_is_all_inserted():
    article = "Quarterly profit at the brewer rose 12 percent on strong summer sales."
    alignment = align(article, [("ref", REFERENCE)])
    assert alignment.coverage < 0.2


def test_a_changed_figure_is_one_replaced_number_not_a_fragment():
    """"£1,400" -> "£1,700" is the whole figure replaced, not ",400" dropped and ",700" inserted."""
    ref = "Members would receive £1,400 under the proposals, and the index stood at 5.93 points on Friday."
    art = "Members would receive £1,700 under the proposals, and the index stood at 6.93 points on Friday."
    a = align(art, [("r", ref)])
    assert [art[s.start:s.end] for s in a.inserted()] == ["£1,700", "6.93"]
    assert [d.text for d in a.dropped] == ["£1,400", "5.93"]
    assert [art[d.at:].lstrip()[:6] for d in a.dropped] == ["£1,700", "6.93 p"]  # where each was


def test_an_article_with_a_word_inserted_is_not_shown_as_all_matched():
    from unspin.render.reference import Comparison, matched_phrase

    assert matched_phrase(Comparison("t", "s", 0.9956)) == ": 99% of the article matched"
    assert matched_phrase(Comparison("t", "s", 1.0)) == ": 100% of the article matched"
    assert matched_phrase(Comparison("t", "s", 0.795)) == ": 80% of the article matched"


def test_a_matched_passage_claims_only_reference_text_it_matched():
    """Left out of the middle: the matched text around the cut is two passages, and neither's
    reference range holds the words the article does not have."""
    ref = ("The power lines have not been restored in the northern valley, officials said on Monday. "
           "Crews expect to finish the work by Friday, weather permitting.")
    art = ref.replace(" not", "", 1)
    a = align(art, [("r", ref)])
    matched = [s for s in a.segments if s.status == MATCHED]
    assert len(matched) == 2
    for seg in matched:
        assert " not " not in ref[seg.ref_start:seg.ref_end]
        assert re.findall(r"\w+", ref[seg.ref_start:seg.ref_end]) == re.findall(r"\w+", art[seg.start:seg.end])
    assert [d.text for d in a.dropped] == ["not"]


def test_a_repetitive_original_with_text_added_at_both_ends_aligns_as_difflib_would(monkeypatch):
    """A new opening and ending around a copy of a repetitive original: difflib is quadratic there
    (minutes at 160,000 characters), so a copy that holds its original whole is matched as one run.
    The links are exactly difflib's, here and on an excerpt (the article inside the reference)."""
    from unspin.splices import align as align_module
    from unspin.splices.text import align_tokens

    rep = "The strike goes on at the port, the union said on Tuesday. " * 200
    cases = [("A new opening written for this copy.\n\n" + rep + "\n\nA closing line added at the end.", rep),
             (rep[: len(rep) // 2], "Earlier lines of the original. " + rep),
             ("Dock workers voted on Tuesday, the union said. " * 3, "Something else entirely, said nobody.")]
    for article, reference in cases:
        a, b = align_tokens(article), align_tokens(reference)
        fast = align_module.word_links(a, b)
        with monkeypatch.context() as m:
            m.setattr(align_module, "_contained", lambda x, y: None)
            assert fast == align_module.word_links(a, b)
    result = align(cases[0][0], [("r", cases[0][1])])
    assert [cases[0][0][s.start:s.end] for s in result.inserted()] == ["A new opening written for this copy.",
                                                                        "A closing line added at the end."]


def test_a_common_word_inside_an_inserted_sentence_is_not_shown_as_genuine():
    """A fact-checker's finding: "employers" in the fabricated "Barely 2% of employers support the
    scheme" was drawn as genuine, as the reference's dropped "... taxpayers, not employers." ends
    with it; and "Ms Hewitt", matched to that dropped sentence's first words, cut the drop in two."""
    ref = ("Ms Hewitt said: \"We have already doubled the length of maternity pay, it was 13 weeks when we were "
           "elected, we have already taken it up to 26 weeks.\" She said ministers would consult on other proposals.\n\n"
           "Ms Hewitt also stressed the plans would be paid for by taxpayers, not employers. But David Frost, "
           "director general of the British Chambers of Commerce, warned that many small firms could be crippled by the move.")
    art = ("'We have already doubled the length of maternity pay, it was 13 weeks when we were elected,' Ms Hewitt said.\n\n"
           "This reckless giveaway will bankrupt thousands of honest British businesses overnight. Barely 2% of employers "
           "support the scheme, an online survey shows.\n\n"
           "But David Frost, director general of the British Chambers of Commerce, warned that many small firms could be "
           "crippled by the move.")
    a = align(art, [("r", ref)])
    assert inserted_texts(art, a) == [art[art.index("Ms Hewitt said.") : art.index("shows.") + len("shows.")]]
    assert [d.text for d in a.dropped] == ["Ms Hewitt said:",
                                           ref[ref.index("we have already taken") : ref.index("not employers.") + len("not employers.")]]


def test_an_inserted_paragraph_is_one_insertion_whatever_words_it_shares_with_what_it_replaced():
    """"to" (in "rose 12p to 845p") and "The" had been matched to the dropped sentence's "research
    to the contrary.", splitting one insertion into three and leaving "contrary." a drop of its own."""
    ref = ("Among the accused were Altria Group, Liggett Group and Brown and Williamson. In its case, the government "
           "claimed tobacco firms lied about the dangers of smoking and ignored research to the contrary.\n\n"
           "Prosecutors wanted the cigarette firms to surrender $280bn in profits accumulated over the past 50 years.")
    added = ("British American Tobacco said the ruling could save its US arm £3.5bn, and its shares rose 12p to 845p "
             "in London.\n\nThe UK Treasury collects around £8 billion a year in tobacco duty, a senior official said.")
    art = ref.replace(ref[ref.index("In its case") : ref.index("\n\nProsecutors")], "\n\n" + added)
    a = align(art, [("r", ref)])
    assert inserted_texts(art, a) == [added]
    assert [d.text for d in a.dropped] == [ref[ref.index("In its case") : ref.index("contrary.") + len("contrary.")]]


def test_a_sentence_edited_word_by_word_keeps_its_genuine_words_matched():
    """A reviewer's finding: with a word added before "minister" and the word after it replaced,
    "minister" had been drawn as inserted ("disgraced minister quit") and dropped ("minister
    resigned"), as though the genuine word were the article's own."""
    ref = ("Police said the minister resigned on Tuesday after a week of reports about his expenses. "
           "His party thanked him for his service.")
    art = ref.replace("the minister resigned", "the disgraced minister quit")
    a = align(art, [("r", ref)])
    assert inserted_texts(art, a) == ["disgraced", "quit"]
    assert [d.text for d in a.dropped] == ["resigned"]
    article = REFERENCE.replace("the protesters gathered", "the so-called protesters massed")
    alignment = align(article, [("ref", REFERENCE)])
    assert inserted_texts(article, alignment) == ["so-called", "massed"]
    assert [d.text for d in alignment.dropped] == ["gathered"]
