"""Hand-made features for the ``fast`` technique tier: tokens for the span CRF, spans for the
technique classifier. No neural network: lexical, syntactic (spaCy POS, dependency, head),
sentiment (the VADER lexicon), word frequency (wordfreq) and a *span lexicon* learned from the
training spans (how much more often a word is inside a propaganda span than outside).

Feature names are readable on purpose: they double as the ``cue`` that explains a prediction
(:func:`describe` turns ``w=hysteria`` into ``the word "hysteria"``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

_QUOTES = set("\"“”«»„")
_WORD = re.compile(r"\w", re.UNICODE)


# ---- resources --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """The VADER sentiment lexicon: lower-cased word -> valence in [-4, 4]."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> int:
    """The word's Zipf frequency in English (wordfreq), rounded down: 0 (unseen) .. 7 (the)."""
    from wordfreq import zipf_frequency

    return int(zipf_frequency(word, "en"))


@dataclass
class SpanLexicon:
    """Smoothed log-odds that a word (lower-cased) is inside a propaganda span, from training data.

    ``score(w) = log((inside(w) + a) / (outside(w) + b)) - log((IN + a) / (OUT + b))``: positive
    where the word is inside spans more often than words are on average. Words seen fewer than
    ``min_count`` times score 0.
    """

    scores: dict[str, float]
    #: per-word CRF feature names (see :func:`sentence_features`), filled as words are seen
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def fit(cls, pairs: Iterable[tuple[str, bool]], *, min_count: int = 3, prior: float = 1.0) -> "SpanLexicon":
        inside: Counter = Counter()
        total: Counter = Counter()
        for word, is_in in pairs:
            total[word] += 1
            if is_in:
                inside[word] += 1
        n_in, n_all = sum(inside.values()), sum(total.values())
        p0 = n_in / max(1, n_all)
        base = math.log((p0 + 1e-9) / (1 - p0 + 1e-9))
        scores = {}
        for w, n in total.items():
            if n < min_count:
                continue
            k = inside[w]
            # beta prior centred on the overall rate, `prior * 10` pseudo-counts strong
            a, b = prior * 10 * p0, prior * 10 * (1 - p0)
            scores[w] = round(math.log((k + a) / (n - k + b)) - base, 3)
        return cls(scores)

    def __call__(self, word: str) -> float:
        return self.scores.get(word, 0.0)


@dataclass
class SentenceModel:
    """Logistic regression over a sentence's words (binary bag of lower-cased words): the
    probability that the sentence holds (part of) a propaganda span. A CRF feature, so the CRF sees
    the whole sentence at once rather than a window."""

    weights: dict[str, float]
    bias: float

    @classmethod
    def fit(cls, sentences: list[list[str]], labels: list[bool], *, c: float = 0.3, min_count: int = 3) -> "SentenceModel":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        counts = Counter(w for words in sentences for w in set(words))
        rows = [{w: 1.0 for w in set(words) if counts[w] >= min_count} for words in sentences]
        vec = DictVectorizer(sort=True)
        X = vec.fit_transform(rows)
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(X, labels)
        weights = {w: round(float(x), 4) for w, x in zip(vec.feature_names_, model.coef_[0]) if abs(x) >= 1e-4}
        return cls(weights, round(float(model.intercept_[0]), 4))

    def prob(self, words: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(w, 0.0) for w in set(words))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def bucket(x: float, step: float = 0.5, lo: float = -3.0, hi: float = 3.0) -> str:
    """A signed bucket label for a real value (``+1.5``, ``-0.5``, ``0``) for categorical features."""
    x = min(hi, max(lo, x))
    b = round(x / step) * step
    return "0" if b == 0 else f"{b:+g}"


def shape(text: str) -> str:
    """Word shape: ``Xx`` (title), ``X`` (all caps), ``x`` (lower), ``d`` (digits), ``p`` (punctuation)."""
    if text.isdigit():
        return "d"
    if not _WORD.search(text):
        return "p"
    if text.isupper() and len(text) > 1:
        return "X"
    if text[:1].isupper():
        return "Xx"
    return "x"


# ---- token features for the CRF ---------------------------------------------------------------

#: base features copied into neighbours' windows (with a ``-1:`` / ``+2:`` prefix): w, pos, lex, val
_EDGE = {d: f"{d:+d}:edge" for d in (-2, -1, 1, 2)}


def _window_names(lexicon: "SpanLexicon", info: tuple, text: str, pos: str) -> dict[int, list[str]]:
    """The window feature names a token lends its neighbours at each offset (cached per word and POS)."""
    key = (text, pos)
    names = lexicon.cache.get(key)
    if names is None:
        names = lexicon.cache[key] = {d: info[4][d] + [f"{d:+d}:pos={pos}"] for d in (-2, -1, 1, 2)}
    return names


def _word_info(lexicon: "SpanLexicon", text: str, is_punct: bool) -> tuple:
    """(lower, lexicon score, valence, own feature names, window names by offset) of a word,
    cached on the lexicon: most of a sentence's features depend on the word alone."""
    cache = lexicon.cache
    info = cache.get(text)
    if info is None:
        if len(cache) > 200_000:
            cache.clear()
        w = text.lower()
        lx, vl = lexicon(w), vader_lexicon().get(w, 0.0)
        lb, vb = bucket(lx), bucket(vl, 1.0, -3, 3)
        own = (f"w={w}", f"suf3={w[-3:]}", f"shape={shape(text)}", f"lex={lb}", f"val={vb}",
               f"zipf={zipf(w) if not is_punct else 'p'}")
        window = {d: [f"{d:+d}:w={w}", f"{d:+d}:lex={lb}", f"{d:+d}:val={vb}"] for d in (-2, -1, 1, 2)}
        info = cache[text] = (w, lx, vl, own, window)
    return info


def sentence_features(sent: Sequence, lexicon: SpanLexicon, bigrams: SpanLexicon | None = None, *,
                      stats: "ArticleStats | None" = None, position: str = "", sent_prob: float | None = None,
                      article_prob: float | None = None) -> list[dict[str, float]]:
    """CRF features of each token of one sentence (a sequence of non-space spaCy tokens).

    `stats` (:func:`article_stats`) adds how often each content word recurs in the article;
    `position` (``title``, ``first``, ``last`` or ``""``) is the sentence's place in the article;
    `sent_prob` / `article_prob` are the :class:`SentenceModel` probability of this sentence and its
    mean over the article's sentences.
    """
    n = len(sent)
    info = [_word_info(lexicon, t.text, t.is_punct) for t in sent]
    words = [x[0] for x in info]
    lex = [x[1] for x in info]
    val = [x[2] for x in info]
    content = [x for x, t in zip(lex, sent) if not t.is_punct] or [0.0]
    sent_lex = sum(content) / len(content)
    sent_val = sum(abs(v) for v in val)
    common = [f"s.lex={bucket(sent_lex, 0.25, -1.5, 1.5)}", f"s.val={bucket(min(sent_val, 12.0), 2.0, 0, 12)}",
              f"s.len={min(n // 10, 5)}"]
    if sent_prob is not None:
        common.append(f"s.p={bucket(sent_prob, 0.1, 0, 1)}")
    if article_prob is not None:
        common.append(f"a.p={bucket(article_prob, 0.05, 0, 0.6)}")
    if any(w == "!" for w in words):
        common.append("s.excl")
    if any(w == "?" for w in words):
        common.append("s.q")
    if position:
        common.append(f"s.pos={position}")
    # per token: its own categorical features, and the window features it lends its neighbours
    own: list[list[str]] = []
    lend: list[dict[int, list[str]]] = []
    in_quote = False
    for i, t in enumerate(sent):
        text, pos = t.text, t.pos_
        if text in _QUOTES or (text in ("'", "''", "``") and t.is_quote):
            in_quote = not in_quote
        head = t.head
        dep = t.dep_
        f = list(info[i][3])  # w=, suf3=, shape=, lex=, val=, zipf=
        f += [f"lemma={t.lemma_.lower()}", f"pos={pos}", f"tag={t.tag_}", f"dep={dep}", f"hpos={head.pos_}"]
        if dep in ("amod", "advmod", "compound", "acomp"):
            f.append(f"dep_h={dep}>{head.lemma_.lower()}")
        if t.ent_type_:
            f.append(f"ent={t.ent_type_}")
        if in_quote:
            f.append("quote=1")
        if i == 0:
            f.append("first=1")
        if i == n - 1:
            f.append("last=1")
        if stats is not None and not t.is_stop and not t.is_punct:
            f.append(f"rep={min(stats.lemmas[t.lemma_.lower()], 3)}")
        own.append(f)
        lend.append(_window_names(lexicon, info[i], text, pos))
    out = []
    for i in range(n):
        feats: dict[str, float] = dict.fromkeys(own[i], 1.0)
        feats.update(dict.fromkeys(common, 1.0))
        feats["bias"] = 1.0
        feats["lexv"] = lex[i]
        feats["valv"] = val[i] / 4.0
        if sent_prob is not None:
            feats["s.pv"] = sent_prob
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                for name in lend[j][d]:
                    feats[name] = 1.0
            else:
                feats[_EDGE[d]] = 1.0
        if i + 1 < n:
            feats[f"bi={words[i]}_{words[i + 1]}"] = 1.0
        if i > 0:
            feats[f"-1:bi={words[i - 1]}_{words[i]}"] = 1.0
        if bigrams is not None:
            left = bigrams(f"{words[i - 1]} {words[i]}") if i > 0 else 0.0
            right = bigrams(f"{words[i]} {words[i + 1]}") if i + 1 < n else 0.0
            feats["bilexv"] = max(left, right)
        out.append(feats)
    return out


def sentence_position(index: int, count: int) -> str:
    """The place of sentence `index` of `count` in an article: the title line, the first or last
    sentence of the body, or ``""`` elsewhere."""
    if index == 0:
        return "title"
    if index == 1:
        return "first"
    if index == count - 1:
        return "last"
    return ""


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
    sdoc = doc.spacy
    span = sdoc.char_span(start, end, alignment_mode="expand")
    toks = [t for t in span if not t.is_space] if span is not None else []
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
    left = [t for t in sdoc[max(sent.start, toks[0].i - 3): toks[0].i] if not t.is_space]
    right = [t for t in sdoc[toks[-1].i + 1: min(sent.end, toks[-1].i + 4)] if not t.is_space]
    for t in left:
        f[f"l={t.text.lower()}"] = 1.0
    for t in right:
        f[f"r={t.text.lower()}"] = 1.0
    if left and left[-1].text in _QUOTES or (right and right[0].text in _QUOTES):
        f["quoted"] = 1.0
    n_sent = sum(1 for t in sent if not t.is_space)
    cover = len(toks) / max(1, n_sent)
    f[f"cover={'all' if cover > 0.9 else 'most' if cover > 0.5 else 'part'}"] = 1.0
    for t in sent:
        if not t.is_space and not t.is_stop and not t.is_punct and not (toks[0].i <= t.i <= toks[-1].i):
            f[f"c={t.lemma_.lower()}"] = 0.5
    # repetition within the article
    if stats is not None:
        f[f"rep={min(stats.occurrences(text) - 1, 3)}"] = 1.0
        content = [t.lemma_.lower() for t in toks if not t.is_stop and not t.is_punct]
        if content:
            again = sum(1 for l in content if stats.lemmas[l] > 1) / len(content)
            f[f"rep.lemma={bucket(again, 0.25, 0, 1)}"] = 1.0
            f["rep.lemma.max=" + str(min(4, max(stats.lemmas[l] for l in content)))] = 1.0
    return f


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
    lemmas = Counter(t.lemma_.lower() for t in doc.spacy if not t.is_stop and not t.is_punct and not t.is_space)
    return ArticleStats(_norm(doc.text), lemmas)


# ---- readable cues ----------------------------------------------------------------------------

_NAMES = {
    "w": 'the word "{}"', "lemma": 'the word "{}"', "bi": 'the phrase "{}"', "first": 'starts with "{}"',
    "last": 'ends with "{}"', "l": '"{}" just before', "r": '"{}" just after', "c": '"{}" in the sentence',
    "suf3": 'the ending "-{}"',
}


def describe(feature: str) -> str | None:
    """A short readable phrase for a feature name, or None for features too technical to show."""
    prefix = ""
    if feature[:1] in "+-" and ":" in feature[:3]:
        offset, feature = feature.split(":", 1)
        prefix = "nearby: "
    key, _, value = feature.partition("=")
    if key in _NAMES:
        return prefix + _NAMES[key].format(value.replace("_", " "))
    if key in ("lex", "lex.mean") and value.startswith("+"):
        return prefix + "words often inside propaganda spans in the training articles"
    if key in ("lexv", "bilexv"):
        return "words often inside propaganda spans in the training articles"
    if key in ("val", "val.max", "valv") and value.startswith("-"):
        return prefix + "strongly negative wording"
    if key in ("val", "val.max") and value.startswith("+"):
        return prefix + "strongly positive wording"
    if key in ("s.p", "s.pv"):
        return "a sentence worded like the propaganda sentences in the training articles"
    if key == "s.lex" and value.startswith("+"):
        return "a sentence full of loaded words"
    if key == "s.val":
        return "an emotionally charged sentence"
    if key == "s.excl" or key == "excl":
        return "an exclamation"
    if key == "s.q" or key == "q":
        return "a question"
    if key in ("quote", "quoted", "has_quote"):
        return "quoted words"
    if key == "caps" or (key == "shape" and value == "X"):
        return "words in capitals"
    if key.startswith("rep") and value not in ("0", "1", "0.0"):
        return "repeated elsewhere in the article"
    if key == "ent":
        return f"a named {value.lower()}"
    if key == "zipf" or key == "zipf.min":
        return "rare words" if value in ("0", "1", "2") else None
    if key == "len":
        return f"a {value}-word phrase"
    if key == "s.pos" and value == "title":
        return "the headline"
    if key == "cover" and value == "all":
        return "the whole sentence"
    return None
