import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from unspin.errors import EmptyInput


def test_offsets_index_the_exact_input(make_doc):
    text = "  Héllo   wörld.\r\n\r\nSecond  paragraph, “quoted” — ends here"
    doc = make_doc(text)
    assert doc.text == text
    assert [doc.span_text(s) for s in doc.paragraphs] == ["Héllo   wörld.", "Second  paragraph, “quoted” — ends here"]
    assert doc.span_text(doc.sentences[-1]).endswith("ends here")
    # a span that ends at the very last character round-trips
    assert doc.sentences[-1].end == len(text)
    for tok in doc.tokens:
        assert doc.span_text(tok) == doc.spacy.char_span(tok.start, tok.end).text


def test_line_breaks_end_sentences(make_doc):
    doc = make_doc("Headline without a full stop\nThe body starts here. It goes on.")
    assert [doc.span_text(s) for s in doc.sentences] == [
        "Headline without a full stop", "The body starts here.", "It goes on."]


def test_entities_carry_offsets(make_doc):
    doc = make_doc("Maria Okafor spoke in London on Monday.")
    found = {(doc.span_text(e), e.label) for e in doc.entities}
    assert ("Maria Okafor", "PERSON") in found
    assert ("London", "GPE") in found


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused(make_doc, text):
    with pytest.raises(EmptyInput, match="empty"):
        make_doc(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=300).filter(lambda s: s.strip()))
@example(text="000000'£\x0c")  # found by this test: spaCy ended the ORG entity on the form feed
def test_random_text_offsets_round_trip(make_doc, text):
    doc = make_doc(text)
    assert doc.text == text
    for layer in (doc.paragraphs, doc.sentences, doc.tokens, doc.entities):
        for span in layer:
            assert 0 <= span.start < span.end <= len(text)
            piece = doc.span_text(span)
            assert piece and piece == piece.strip() or layer is doc.tokens


@pytest.mark.parametrize("text, expected", [
    ("Dock workers extend strike\n\nPORT ELLING - Dock workers voted.", "Dock workers extend strike"),
    ("  Strike goes on\r\n\r\nBody text.", "Strike goes on"),  # leading space and CRLF
    ("Is the strike over?\n\nBody text.", "Is the strike over?"),
    ("Dock workers voted on Thursday.\n\nMore text.", None),  # a sentence, not a headline
    ("Dock workers extend strike\nas talks stall\n\nBody", None),  # no blank line after the first
    ("Dock workers extend strike", None),  # nothing follows
    ("Title\n\n   ", None),
    ("x" * 151 + "\n\nBody", None),  # too long for a headline
])
def test_headline_is_a_first_line_standing_alone(text, expected):
    from unspin.document import headline

    span = headline(text)
    assert (text[span.start:span.end] if span else None) == expected
