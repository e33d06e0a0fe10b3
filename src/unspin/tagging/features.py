"""Hand-made features for the ``fast`` technique tier: tokens for the span CRF, spans for the
technique classifier. No neural network: lexical, syntactic (spaCy POS, dependency, head),
sentiment (the VADER lexicon), word frequency (wordfreq) and a *span lexicon* learned from the
training spans (how much more often a word is inside a propaganda span than outside).

Feature names are readable on purpose: they double as the ``cue`` that explains a prediction
(:func:`describe` turns ``w=hysteria`` into ``the word "hysteria"``).

This module holds the lexical resources and the CRF's token features; the technique classifier's span
features and the per-article token lists and counts are in :mod:`.span_features`, the readable cues in
:mod:`.cues`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Container, Iterable, Sequence

from .cues import describe

if TYPE_CHECKING:  # pragma: no cover
    from .span_features import ArticleStats

__all__ = ["CrfFeatures", "Group", "SentenceModel", "SpanLexicon", "bucket", "describe", "merge", "sentence_features",
           "sentence_position", "shape", "vader_lexicon", "zipf"]

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
    #: the :class:`CrfFeatures` of :func:`sentence_features` over this lexicon (its caches of feature names)
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

_OFFSETS = (-2, -1, 1, 2)
#: the dependency relations whose head's lemma is a feature (``dep_h=amod>crisis``)
_DEP_H = frozenset(("amod", "advmod", "compound", "acomp"))
#: entries a feature cache holds before it starts again: a long batch or a server must not grow it
#: forever (at 200,000 the four caches held ~0.5 MB more per new article, a few hundred MB in all);
#: 10,000 is a few articles' words, and the fast profile is no slower on 100 BBC articles
_CACHE_SIZE = 10_000


class Group(dict):
    """A cached group of binary CRF feature names, ``{name: 1.0}``, made once and shared by every
    token that has them. ``score`` is left to a scorer to remember what the group adds (the fast
    tagger keeps its summed CRF weights there)."""

    __slots__ = ("score",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.score = None


class CrfFeatures:
    """The CRF features of each token of a sentence (see :meth:`__call__`), built fast.

    A token has ~45 feature names, and most depend on its word, its POS and its parse alone, so
    they are built once per word (or word + parse) and reused, each group as a dict {name: 1.0}: a
    token's features are then one dict merged from a few cached ones (cheaper than a dict built
    from a list of names: the merge copies entries with their hashes, into a dict sized once). With `known` (the attributes of a trained CRF model), names
    outside it are never built: CRFsuite would drop them anyway, after paying to look them up.
    What is kept comes in the same order with the same values as in the full features, so a model
    scores it to the last bit as before (CRFsuite sums weights in item order). With `encode`, names
    are UTF-8 bytes, built once: pycrfsuite would otherwise encode every str name on every call
    (a fifth of ``Tagger.set``).
    """

    def __init__(self, lexicon: "SpanLexicon", bigrams: "SpanLexicon | None" = None, known: Container[str] | None = None,
                 *, encode: bool = False):
        self.lexicon, self.bigrams, self.known, self.encode = lexicon, bigrams, known, encode
        self._words: dict[str, tuple] = {}  # text -> (lower, lexicon, valence, is_punct, is_stop, own names)
        self._windows: dict[tuple, tuple] = {}  # (text, pos) -> names lent to the tokens at _OFFSETS
        self._tokens: dict[tuple, tuple] = {}  # (text, parse...) -> (own names, lower-cased lemma)
        self._pairs: dict[tuple, tuple] = {}  # (word, next word) -> (bi=, -1:bi=, bigram score)
        self._extras: dict[tuple, Group] = {}  # (quoted, first, last, repeats) -> flag names
        names = self._names
        #: the window names of a place before or after the sentence, and the pair names of its edges
        self._pad = tuple(names([f"{d:+d}:edge"]) for d in _OFFSETS)
        self._nopair: tuple = (Group(), Group(), 0.0)
        self._flags = {name: names([name]) for name in ("quote=1", "first=1", "last=1")}
        self._rep = [names([f"rep={k}"]) for k in range(4)]
        #: the name of each real-valued feature, or None where it is not kept
        self._real = {name: (self._keep([name]) or [None])[0] for name in ("lexv", "valv", "s.pv", "bilexv")}

    @property
    def real_names(self) -> list:
        """The kept names of the real-valued features (they also stand, as placeholders, in a group)."""
        return [n for n in self._real.values() if n is not None]

    def _keep(self, names: list[str]) -> list:
        """The `names` this featurizer emits: the known ones, as bytes with `encode`."""
        if self.known is not None:
            names = [n for n in names if n in self.known]
        return [n.encode() for n in names] if self.encode else names

    def _names(self, names: list[str]) -> "Group":
        """The kept `names` (see :meth:`_keep`) as a group of binary features, {name: 1.0}."""
        return Group(dict.fromkeys(self._keep(names), 1.0))

    def _word(self, token) -> tuple:
        """What a token's features take from its word alone (see ``self._words``), cached."""
        text = token.text
        info = self._words.get(text)
        if info is None:
            if len(self._words) > _CACHE_SIZE:
                self._words.clear()
            # is_punct and is_stop are flags of the word (spaCy's lexeme), not of this token
            w, is_punct = text.lower(), token.is_punct
            lx, vl = self.lexicon(w), vader_lexicon().get(w, 0.0)
            own = [f"w={w}", f"suf3={w[-3:]}", f"shape={shape(text)}", f"lex={bucket(lx)}",
                   f"val={bucket(vl, 1.0, -3, 3)}", f"zipf={zipf(w) if not is_punct else 'p'}"]
            info = self._words[text] = (w, lx, vl, is_punct, token.is_stop, own)
        return info

    def _window(self, text: str, pos: str, info: tuple) -> tuple:
        names = self._windows.get((text, pos))
        if names is None:
            if len(self._windows) > _CACHE_SIZE:
                self._windows.clear()
            w, lx, vl = info[:3]
            lb, vb = bucket(lx), bucket(vl, 1.0, -3, 3)
            names = self._windows[text, pos] = tuple(
                self._names([f"{d:+d}:w={w}", f"{d:+d}:lex={lb}", f"{d:+d}:val={vb}", f"{d:+d}:pos={pos}"]) for d in _OFFSETS)
        return names

    def _token(self, token, head, text: str, pos: str, info: tuple) -> tuple:
        """(own feature names, lower-cased lemma) of a token: its word's, then its parse's."""
        dep = token.dep_
        key = (text, token.lemma_, pos, token.tag_, dep, head.pos_, token.ent_type_, head.lemma_ if dep in _DEP_H else None)
        found = self._tokens.get(key)
        if found is None:
            if len(self._tokens) > _CACHE_SIZE:
                self._tokens.clear()
            lemma, tag, hpos, ent, hlemma = key[1], key[3], key[5], key[6], key[7]
            own = info[5] + [f"lemma={lemma.lower()}", f"pos={pos}", f"tag={tag}", f"dep={dep}", f"hpos={hpos}"]
            if hlemma is not None:
                own.append(f"dep_h={dep}>{hlemma.lower()}")
            if ent:
                own.append(f"ent={ent}")
            found = self._tokens[key] = (self._names(own), lemma.lower())
        return found

    def _pair(self, left: str, right: str) -> tuple:
        """(``bi=`` names, ``-1:bi=`` names, bigram lexicon score) of two consecutive words."""
        found = self._pairs.get((left, right))
        if found is None:
            if len(self._pairs) > _CACHE_SIZE:
                self._pairs.clear()
            score = self.bigrams(f"{left} {right}") if self.bigrams is not None else 0.0
            found = self._pairs[left, right] = (self._names([f"bi={left}_{right}"]), self._names([f"-1:bi={left}_{right}"]), score)
        return found

    def _common(self, words: list[str], info: list[tuple], position: str, sent_prob: float | None,
                article_prob: float | None) -> dict:
        """The sentence's names shared by all its tokens, then the names of the real-valued features."""
        content = [x[1] for x in info if not x[3]] or [0.0]
        sent_lex = sum(content) / len(content)
        sent_val = sum(abs(x[2]) for x in info)
        common = [f"s.lex={bucket(sent_lex, 0.25, -1.5, 1.5)}", f"s.val={bucket(min(sent_val, 12.0), 2.0, 0, 12)}",
                  f"s.len={min(len(words) // 10, 5)}"]
        if sent_prob is not None:
            common.append(f"s.p={bucket(sent_prob, 0.1, 0, 1)}")
        if article_prob is not None:
            common.append(f"a.p={bucket(article_prob, 0.05, 0, 0.6)}")
        if "!" in words:
            common.append("s.excl")
        if "?" in words:
            common.append("s.q")
        if position:
            common.append(f"s.pos={position}")
        return self._names(common + ["bias", "lexv", "valv"] + (["s.pv"] if sent_prob is not None else []))

    def parts(self, sent: Sequence, *, heads: Sequence | None = None, stats: "ArticleStats | None" = None,
              position: str = "", sent_prob: float | None = None,
              article_prob: float | None = None) -> tuple[list[tuple], list[tuple], tuple]:
        """The CRF features of each token of one sentence, in parts: ``(groups, reals, real_names)``.

        ``groups[i]`` holds the cached :class:`Group` dicts whose names token i has (its word and
        parse, its flags, the sentence's, its neighbours' window names, its word pairs), in the order
        :meth:`__call__` merges them; ``reals[i]`` the values of the real-valued features named in
        `real_names` (None where a name is not kept). A :class:`Group` is made once and reused, so a
        scorer can remember what each adds (the fast tagger sums CRF weights that way). Arguments as
        for :meth:`__call__`."""
        n = len(sent)
        texts = [t.text for t in sent]
        cached = self._words.get
        info = [cached(text) or self._word(t) for text, t in zip(texts, sent)]
        words = [x[0] for x in info]
        common = self._common(words, info, position, sent_prob, article_prob)
        # per token: its own names, its flags, and the window names it lends its neighbours at _OFFSETS
        own: list[dict] = []
        own_flags: list[dict] = []
        lend: list[tuple] = [self._pad, self._pad]  # two tokens before the sentence, then the sentence's
        windows, extras = self._windows.get, self._extras
        in_quote = False
        for i, (t, text, x) in enumerate(zip(sent, texts, info)):
            pos = t.pos_
            if text in _QUOTES or (text in ("'", "''", "``") and t.is_quote):
                in_quote = not in_quote
            names, lemma = self._token(t, heads[t.i] if heads is not None else t.head, text, pos, x)
            rep = min(stats.lemmas[lemma], 3) if stats is not None and not x[4] and not x[3] else None
            key = (in_quote, i == 0, i == n - 1, rep)
            extra = extras.get(key)
            if extra is None:
                extra = extras[key] = self._extra(*key)
            own.append(names)
            own_flags.append(extra)
            lend.append(windows((text, pos)) or self._window(text, pos, x))
        lend += (self._pad, self._pad)
        pairs = [self._nopair, *(self._pair(a, b) for a, b in zip(words, words[1:])), self._nopair]
        lexv, valv, s_pv, bilexv = (self._real[name] for name in ("lexv", "valv", "s.pv", "bilexv"))
        s_pv = s_pv if sent_prob is not None else None
        bilexv = bilexv if self.bigrams is not None else None
        groups = [(names, extra, common, l2[0], l1[1], r1[2], r2[3], right[0], left[1])
                  for names, extra, l2, l1, r1, r2, left, right
                  in zip(own, own_flags, lend, lend[1:], lend[3:], lend[4:], pairs, pairs[1:])]
        sp = sent_prob if sent_prob is not None else 0.0  # (its name is None then: never read)
        reals = [(x[1], x[2] / 4.0, sp, max(left[2], right[2])) for x, left, right in zip(info, pairs, pairs[1:])]
        return groups, reals, (lexv, valv, s_pv, bilexv)

    def __call__(self, sent: Sequence, *, heads: Sequence | None = None, stats: "ArticleStats | None" = None,
                 position: str = "", sent_prob: float | None = None,
                 article_prob: float | None = None) -> list[dict[str, float]]:
        """CRF features of each token of one sentence (a sequence of non-space spaCy tokens).

        `heads` (:func:`doc_heads`) holds the head of each token of the Doc by its index, so that
        the heads are not made again (``token.head`` makes a new Python object on each call);
        `stats` (:func:`article_stats`) adds how often each content word recurs in the article;
        `position` (``title``, ``first``, ``last`` or ``""``) is the sentence's place in the article;
        `sent_prob` / `article_prob` are the :class:`SentenceModel` probability of this sentence and
        its mean over the article's sentences.
        """
        groups, reals, real_names = self.parts(sent, heads=heads, stats=stats, position=position,
                                               sent_prob=sent_prob, article_prob=article_prob)
        return merge(groups, reals, real_names)

    def _extra(self, in_quote: bool, first: bool, last: bool, rep: int | None) -> "Group":
        """The flag names of a token (quoted, first, last, how often its lemma recurs), as one group."""
        flags = self._flags
        extra: dict = {}
        if in_quote:
            extra.update(flags["quote=1"])
        if first:
            extra.update(flags["first=1"])
        if last:
            extra.update(flags["last=1"])
        if rep is not None:
            extra.update(self._rep[rep])
        return Group(extra)


def merge(groups: list[tuple], reals: list[tuple], real_names: tuple) -> list[dict]:
    """Each token's features as one dict, from :meth:`CrfFeatures.parts`."""
    lexv, valv, s_pv, bilexv = real_names
    tail = {bilexv: 1.0} if bilexv is not None else {}
    out = []
    for (names, extra, common, l2, l1, r1, r2, right, left), (lx, vl, sp, bl) in zip(groups, reals):
        feats = {**names, **extra, **common, **l2, **l1, **r1, **r2, **right, **left, **tail}
        if lexv is not None:
            feats[lexv] = lx
        if valv is not None:
            feats[valv] = vl
        if s_pv is not None:
            feats[s_pv] = sp
        if bilexv is not None:
            feats[bilexv] = bl
        out.append(feats)
    return out


def sentence_features(sent: Sequence, lexicon: SpanLexicon, bigrams: SpanLexicon | None = None, *,
                      heads: Sequence | None = None, stats: "ArticleStats | None" = None, position: str = "",
                      sent_prob: float | None = None, article_prob: float | None = None) -> list[dict[str, float]]:
    """All the CRF features of each token of one sentence (see :meth:`CrfFeatures.__call__`), with
    the per-word work cached on `lexicon` (training calls this; the tagger keeps its own
    :class:`CrfFeatures`, restricted to its model's attributes)."""
    features = lexicon.cache.get("crf")
    if features is None or features.bigrams is not bigrams:
        features = lexicon.cache["crf"] = CrfFeatures(lexicon, bigrams)
    return features(sent, heads=heads, stats=stats, position=position, sent_prob=sent_prob, article_prob=article_prob)


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
