"""Property tests of ReferenceIndex.find_passage on the grams table: any passage (random, empty,
unicode, huge) gives None or a hit it holds; a run of 8 words or more lifted from an indexed story is
traced to a story holding it."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("datasketch")

from unspin.splices.index import TRACE_WORDS, ReferenceIndex, RefDoc  # noqa: E402
from unspin.splices.text import norm_words, shingles  # noqa: E402

_rng = random.Random(5)
_VOCAB = ["port", "strike", "union", "council", "budget", "floods", "minister", "said", "the", "of", "and", "Ölprijs",
          "café", "ĲSSEL", "Straße", "ﬁnance", "東京", "市場", "①", "٣", "naïve", "x\u0301", "1,400", "5.93", "ǅemal"]
DOCS = [RefDoc(f"d{i}", f"Story {i}", " ".join(_rng.choice(_VOCAB) for _ in range(_rng.randrange(20, 400))), "wire")
        for i in range(12)] + [RefDoc("short", "Short", "Port strike"), RefDoc("one", "One", "café")]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    with ReferenceIndex.open(tmp_path_factory.mktemp("idx") / "refs.sqlite", create=True) as idx:
        idx.add(DOCS)
        yield idx


def _holds(doc: RefDoc, passage: str) -> bool:
    words = norm_words(passage)
    return bool(words) and " ".join(words) in " ".join(norm_words(doc.text))


def _check(hit, passage: str) -> None:
    if hit is None:
        return
    h, doc = hit
    query = shingles(norm_words(passage))
    assert 0.8 <= h.containment <= 1.0 and doc.id == h.id
    assert abs(h.containment - len(query & shingles(norm_words(doc.text))) / len(query)) < 1e-9


passages = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_VOCAB + [" ", "\n", "—", "..."]), max_size=200).map(" ".join),
    st.sampled_from(["", " ", "\n\n", "!!!", "\u200b", "\ufeff", "ﷺ", "\U0001F600" * 50]),
)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(passages)
def test_any_passage_gives_none_or_a_hit_it_holds(index, passage):
    _check(index.find_passage(passage), passage)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 11), st.integers(0, 400), st.integers(TRACE_WORDS, 120), st.booleans())
def test_a_lifted_run_of_eight_words_or_more_is_traced(index, k, start, n, excluded):
    words = DOCS[k].text.split()
    start = min(start, max(0, len(words) - n))
    passage = " ".join(words[start : start + n])
    if len(norm_words(passage)) < TRACE_WORDS:
        return
    holders = {d.id for d in DOCS if _holds(d, passage)}
    exclude = [DOCS[k].id] if excluded else []
    hit = index.find_passage(passage, exclude=exclude)
    _check(hit, passage)
    if holders - set(exclude):
        assert hit is not None and hit[0].id not in exclude
        assert hit[1].id in holders or hit[0].containment == 1.0
    else:
        assert hit is None or hit[0].id not in exclude


def test_a_huge_passage_is_looked_up(index):
    """170,000 distinct words (more shingle hashes than SQLite binds in one statement; an article may
    run to 1,000,000 characters) are looked up without an error: no story holds 80% of them."""
    huge = DOCS[3].text + " " + " ".join(f"w{i}" for i in range(170_000))
    assert index.find_passage(huge) is None
    assert index.find_passage(" ".join([DOCS[3].text] * 400))[0].id == "d3"
