"""Property tests of quantities over line breaks and runs of whitespace: a sentence with whitespace
tokens is read as a Doc of its own without them (quantities._unwrapped), and what it finds must
point back into the text as given and read as the same sentence with single spaces does."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.claims.quantities import find_quantities
from unspin.document import Document

WIRE = ("The Bank of Japan said the money supply rose by 18.0 pct in the year to February, against a 9.5 pct rise in "
        "January. The company said it expected to earn about 10 mln dlrs in the first quarter and to sell over three "
        "mln bags of coffee, and its output will rise 20 to 25 pct in the current season, the company said. Crude "
        "stockpiles fell to 294.3 mln barrels last week, while some 1.6 mln Muslims live in the region. Five years "
        "ago, about 5,000 dlrs and 3.2 billion stg were spent; it paid 1-1/8 pct on March 12, 1987. More than 2 mln "
        "people, nearly 40 pct of them, travelled up to 5,000 km, carrying between 3 and 4 kg each week.")
WORDS = WIRE.split(" ")
GAPS = [" ", " ", " ", " ", "  ", "\t", " \n", "\n", "\n "]

#: the wire text hard-wrapped at a random width, or with random runs of whitespace between its words
texts = st.one_of(
    st.integers(30, 75).map(lambda width: "\n".join(textwrap.wrap(WIRE, width))),
    st.lists(st.sampled_from(GAPS), min_size=len(WORDS) - 1, max_size=len(WORDS) - 1)
    .map(lambda gaps: WORDS[0] + "".join(g + w for g, w in zip(gaps, WORDS[1:]))),
)


def _read(nlp, text):
    """The quantities of `text` (checked to index it), and what spaCy made of its words."""
    doc = Document.from_text(text, {}, nlp=nlp)
    found = []
    for sent in doc.sents():
        for f in find_quantities(sent):
            q = f.quantity
            assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text, (q.start, q.end, q.text)
            assert not q.text[0].isspace() and not q.text[-1].isspace(), q.text
            assert text[f.sentence : f.sentence + len(f.context)] == f.context
            found.append(q)
    sp = doc.spacy
    seen = ([s.text.split() for s in doc.sents()], [(" ".join(e.text.split()), e.label_) for e in sp.ents],
            [(t.text, t.tag_) for t in sp if not t.is_space])
    return [(" ".join(q.text.split()), q.kind, q.value, q.lower, q.upper, q.unit) for q in found], seen


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts)
def test_quantities_across_line_breaks_index_the_text_and_read_as_with_spaces(nlp, text):
    """No crash, offsets into the text as given; and where spaCy read the same sentences, entities and
    tags as in the text with single spaces, the same quantities (spaCy itself may tag or split a
    sentence otherwise around a line break: 'year to February' is a DATE only without one)."""
    got, seen = _read(nlp, text)
    flat, flat_seen = _read(nlp, " ".join(text.split()))
    if seen == flat_seen:
        assert got == flat
