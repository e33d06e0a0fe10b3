"""Span edges a reader can trust (unspin.tagging.tidy), for both tiers."""

import pytest

from unspin.tagging.tidy import tidied, tidy_span


def _tidy(text, fragment, *, start_shift=0, end_shift=0):
    s = text.index(fragment) + start_shift
    got = tidy_span(text, s, s + len(fragment) + end_shift - start_shift)
    return text[got[0]:got[1]] if got else None


@pytest.mark.parametrize("text, fragment, shown", [
    # whole words: not the "s" of "That’s", nor half of "wouldn't"
    ("That\u2019s the information they seek to hide.", "s the information they seek", "That\u2019s the information they seek"),
    ("They wouldn't do anything they shouldn't do.", "n't do anything they shouldn't do", "wouldn't do anything they shouldn't do"),
    ("The plague that\u2019s coming.", "The plague that\u2019", "The plague that\u2019s"),
    # edge punctuation and unpaired quotes
    ("We spent so much to treat the infection, he said.", "so much to treat the infection,", "so much to treat the infection"),
    ("It was \u201ctotally false and deliberately libelous\u201d, she said.", "totally false and deliberately libelous\u201d",
     "totally false and deliberately libelous"),
    ('They called it a "hoax" again.', 'a "hoax"', 'a "hoax"'),  # a pair stays
])
def test_spans_are_put_on_whole_words_and_trimmed(text, fragment, shown):
    assert _tidy(text, fragment) == shown


@pytest.mark.parametrize("fragment", ["the", 'a "', "one", "it is", "n't"])
def test_a_span_of_function_words_is_dropped(fragment):
    text = f'Before {fragment} after, and the rest "quoted" of one sentence it is not.'
    assert _tidy(text, fragment) is None


def test_tidied_keeps_the_rest_of_each_tuple_and_the_first_of_two_equal_spans():
    text = "Radical agitators, radical agitators, the end."
    found = [(0, 18, 0.9, "a"), (0, 17, 0.8, "b"), (21, 36, 0.7, "c"), (38, 41, 0.5, "d")]
    assert tidied(text, found) == [(0, 17, 0.9, "a"), (19, 36, 0.7, "c")]  # "b" tidies to "a"; "the" is dropped


def test_a_span_that_cuts_a_name_takes_in_the_whole_name():
    from unspin.document import Span
    from unspin.tagging.tidy import tidied, whole_names

    text = "This is a terrible situation and Attorney General Jeff Sessions knows it."
    name = Span(text.index("Attorney"), text.index(" knows"), "PERSON")
    end = text.index(" General")
    assert whole_names(10, end, [(name.start, name.end)]) == (10, name.end)
    assert tidied(text, [(10, end, "Loaded_Language")], [name]) == [(10, name.end, "Loaded_Language")]
    assert tidied(text, [(10, end, "Loaded_Language")]) == [(10, end, "Loaded_Language")]  # no entities given
    one_word = Span(text.index("This"), text.index(" is"), "ORG")  # a one-word name is never cut
    assert tidied(text, [(10, 28, "Doubt")], [one_word]) == [(10, 28, "Doubt")]


@pytest.mark.parametrize("text, start, end, shown", [
    ("They think the only way is to buy a yacht\u201d says former KGB agent", 0, 50, "They think the only way is to buy a yacht"),
    ("repressing the wealth", 0, 14, "repressing"),
    ("wealth of the American people to do", 0, 33, "wealth of the American people"),
    ("treading treasonous territory for him", 0, 33, "treading treasonous territory"),
])
def test_a_span_ends_on_a_word_that_carries_it_not_in_an_attribution(text, start, end, shown):
    a, b = tidy_span(text, start, end)
    assert text[a:b] == shown


def test_a_span_of_nothing_but_punctuation_is_no_span():
    """A span the tagger put on a run of commas trims to nothing (the fuzz target had crashed here:
    an empty remainder was taken for an opening bracket)."""
    from unspin.tagging.tidy import tidy_span

    text = "\n" + "," * 48
    assert tidy_span(text, 0, len(text)) is None
    assert tidy_span(text, 3, 20) is None
