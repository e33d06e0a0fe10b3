"""Features of a span for the ``fast`` tier's technique classifier (:func:`span_features`), and what
the fast tier reads of a whole article: its spaCy tokens and heads made once (:func:`doc_tokens`,
:func:`doc_heads`) and how often its words recur (:func:`article_stats`, which the CRF's token
features in :mod:`.features` read too).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .features import _QUOTES, _WORD, SpanLexicon, bucket, vader_lexicon, zipf


# ---- span features for the technique classifier -----------------------------------------------

def _len_bucket(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (10, "6-10"), (20, "11-20")):
        if n <= limit:
            return name
    return ">20"


def span_features(doc, start: int, end: int, *, lexicon: SpanLexicon, stats: "ArticleStats | None" = None) -> dict[str, float]:
    """Features of the character span ``[start, end)`` of a Document for the technique classifier:
    its words and bigrams, length, parts of speech, sentiment, span lexicon, punctuation, the words
    around it, and (with `stats`, see :func:`article_stats`) how often it recurs in the article.
    """
    tokens = doc_tokens(doc)
    span = doc.spacy.char_span(start, end, alignment_mode="expand")
    toks = [t for t in tokens[span.start:span.end] if not t.is_space] if span is not None else []
    f: dict[str, float] = {}
    text = doc.text[start:end]
    f[f"len={_len_bucket(len(toks))}"] = 1.0
    if not toks:
        f["empty"] = 1.0
        return f
    words = [t.text.lower() for t in toks]
    for w in set(words):
        f[f"w={w}"] = 1.0
    for a, b in set(zip(words, words[1:])):
        f[f"bi={a}_{b}"] = 1.0
    f[f"first={words[0]}"] = 1.0
    f[f"last={words[-1]}"] = 1.0
    for t in toks:
        f[f"pos={t.pos_}"] = f.get(f"pos={t.pos_}", 0.0) + 1.0 / len(toks)
        if t.ent_type_:
            f[f"ent={t.ent_type_}"] = 1.0
        if t.text.isupper() and len(t.text) > 1:
            f["caps"] = 1.0
    f[f"pos0={toks[0].pos_}"] = 1.0
    f[f"posN={toks[-1].pos_}"] = 1.0
    if len(toks) <= 3:
        f["pos_seq=" + "_".join(t.pos_ for t in toks)] = 1.0
    vader = vader_lexicon()
    vals = [vader.get(w, 0.0) for w in words]
    f[f"val.max={bucket(max(vals, key=abs), 1.0, -3, 3)}"] = 1.0
    lexs = [lexicon(w) for w in words]
    f[f"lex.mean={bucket(sum(lexs) / len(lexs))}"] = 1.0
    f[f"zipf.min={min(zipf(w) for w in words if _WORD.search(w)) if any(_WORD.search(w) for w in words) else 'p'}"] = 1.0
    for ch, name in (("!", "excl"), ("?", "q"), ("#", "hash")):
        if ch in text:
            f[name] = 1.0
    if any(c in _QUOTES for c in text):
        f["has_quote"] = 1.0
    # context: the words just before and after, and the rest of the sentence
    sent = toks[0].sent
    left = [t for t in tokens[max(sent.start, toks[0].i - 3): toks[0].i] if not t.is_space]
    right = [t for t in tokens[toks[-1].i + 1: min(sent.end, toks[-1].i + 4)] if not t.is_space]
    for t in left:
        f[f"l={t.text.lower()}"] = 1.0
    for t in right:
        f[f"r={t.text.lower()}"] = 1.0
    if left and left[-1].text in _QUOTES or (right and right[0].text in _QUOTES):
        f["quoted"] = 1.0
    n_sent, content = _sentence_words(doc, sent)
    cover = len(toks) / max(1, n_sent)
    f[f"cover={'all' if cover > 0.9 else 'most' if cover > 0.5 else 'part'}"] = 1.0
    first, last = toks[0].i, toks[-1].i
    for i, lemma in content:
        if not first <= i <= last:
            f[f"c={lemma}"] = 0.5
    # repetition within the article
    if stats is not None:
        f[f"rep={min(stats.occurrences(text) - 1, 3)}"] = 1.0
        content = [t.lemma_.lower() for t in toks if not t.is_stop and not t.is_punct]
        if content:
            again = sum(1 for l in content if stats.lemmas[l] > 1) / len(content)
            f[f"rep.lemma={bucket(again, 0.25, 0, 1)}"] = 1.0
            f["rep.lemma.max=" + str(min(4, max(stats.lemmas[l] for l in content)))] = 1.0
    return f


def _sentence_words(doc, sent) -> tuple[int, list[tuple[int, str]]]:
    """(number of non-space tokens, (index, lower-cased lemma) of each content word) of a spaCy
    sentence of a Document, read once per Document: each span in the sentence takes its context
    from them (rather than reading the whole sentence from spaCy again for each span)."""
    cache = doc.cache.setdefault("techniques_fast.sentence_words", {})
    found = cache.get(sent.start)
    if found is None:
        words = [t for t in doc_tokens(doc)[sent.start:sent.end] if not t.is_space]
        content = [(t.i, t.lemma_.lower()) for t in words if not t.is_stop and not t.is_punct]
        found = cache[sent.start] = (len(words), content)
    return found


def doc_tokens(doc) -> list:
    """The spaCy tokens of a Document as one list, made once per Document (``doc.cache``).

    spaCy makes a new Python object for a token each time one is read from a Doc or a Span (by
    iterating, indexing, ``token.head``): reading the article's tokens through this list instead
    makes each of them once per article, where the fast tagger made each about five times."""
    tokens = doc.cache.get("spacy.tokens")
    if tokens is None:
        tokens = doc.cache["spacy.tokens"] = list(doc.spacy)
    return tokens


def doc_heads(doc) -> list:
    """The syntactic head of each token of a Document (by token index), from :func:`doc_tokens`."""
    from spacy.attrs import HEAD

    heads = doc.cache.get("spacy.heads")
    if heads is None:
        tokens = doc_tokens(doc)
        # HEAD is the offset of the head from the token, stored unsigned: read it back as signed
        offsets = doc.spacy.to_array(HEAD).astype("int64").tolist()
        heads = doc.cache["spacy.heads"] = [tokens[i + d] for i, d in enumerate(offsets)]
    return heads


def forget_tokens(doc) -> None:
    """Drop the lists of :func:`doc_tokens` and :func:`doc_heads` once an article is tagged: kept
    with the Document, its ~900 token objects would stay alive as long as it does, and a batch
    that holds its Documents would pay for them in each full pass of the garbage collector."""
    doc.cache.pop("spacy.tokens", None)
    doc.cache.pop("spacy.heads", None)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class ArticleStats:
    """Per-article counts for the repetition features: the normalised text and content lemmas."""

    norm_text: str
    lemmas: Counter

    def occurrences(self, text: str) -> int:
        """How many times `text` (normalised to lower-case words) occurs in the article (at least 1)."""
        key = _norm(text)
        return max(1, f" {self.norm_text} ".count(f" {key} ")) if key else 1


def article_stats(doc) -> ArticleStats:
    lemmas = Counter(t.lemma_.lower() for t in doc_tokens(doc) if not t.is_stop and not t.is_punct and not t.is_space)
    return ArticleStats(_norm(doc.text), lemmas)
