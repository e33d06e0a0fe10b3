"""The ``fast`` technique tagger: a CRF over spaCy tokens finds the spans, a linear classifier
names their technique. No neural network runs; tagging a 700-word article takes milliseconds
once spaCy has parsed it.

Model files (``unspin/models/techniques-fast/``, hashes checked at load by the model card):

- ``crf.crfsuite``: the CRFsuite span model (B/I/O tags, one sequence per sentence);
- ``lexicon.json``: the span lexicon (word and bigram log-odds of being inside a span, from the
  training split), the sentence model's word weights, and the decoding settings tuned on the
  validation split;
- ``classifier.npz`` + ``classifier.json``: the technique classifier (multinomial logistic
  regression) as plain weight arrays and feature names; no pickled objects.

Train with ``unspin train techniques --tier fast`` (see :mod:`unspin.tagging.fast_train`).
"""

from __future__ import annotations

import re

import json
import math
import threading
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

from .. import timelimit
from ..document import Document
from ..errors import ModelError
from ..report import Technique
from ..techniques import DEFINITIONS, TECHNIQUES, TITLES
from .crfmodel import CrfWeights, read_weights
from .cues import describe
from .features import CrfFeatures, SentenceModel, SpanLexicon, merge, sentence_position
from .span_features import article_stats, doc_heads, doc_tokens, forget_tokens, span_features
from .tidy import tidied

NAME = "techniques-fast"
#: sentences longer than this (in tokens) get their marginals from CRFsuite itself (see span_marginals)
LONG_SENTENCE = 400
FILES = ("crf.crfsuite", "lexicon.json", "classifier.npz", "classifier.json")


@dataclass
class Settings:
    """Decoding settings, tuned on the validation split and stored in ``lexicon.json``."""

    threshold: float = 0.3  # a token is inside a span when P(B) + P(I) reaches this
    min_chars: int = 2  # shorter predicted spans are dropped


class LinearClassifier:
    """Multinomial logistic regression from named sparse features (weights in plain arrays)."""

    def __init__(self, classes: list[str], features: list[str], coef, intercept):
        self.classes = classes
        self.index = {f: i for i, f in enumerate(features)}
        self.features = features
        self.coef = coef  # (n_classes, n_features) float32
        self.intercept = intercept

    @classmethod
    def load(cls, folder: Path) -> "LinearClassifier":
        import numpy as np

        meta = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
        with np.load(folder / "classifier.npz", allow_pickle=False) as arrays:
            coef, intercept = arrays["coef"], arrays["intercept"]
        if coef.shape != (len(meta["classes"]), len(meta["features"])):
            raise ModelError(f"the technique classifier of {folder.name} is inconsistent: weights {coef.shape} "
                             f"for {len(meta['classes'])} classes and {len(meta['features'])} features")
        return cls(meta["classes"], meta["features"], coef, intercept)

    def save(self, folder: Path) -> None:
        import numpy as np

        (folder / "classifier.json").write_text(json.dumps({"classes": self.classes, "features": self.features},
                                                           ensure_ascii=False) + "\n", encoding="utf-8")
        with open(folder / "classifier.npz", "wb") as fh:  # np.savez_compressed(path) would be fine too, but
            np.savez_compressed(fh, coef=self.coef.astype("float32"), intercept=self.intercept.astype("float32"))

    def proba(self, feats: dict[str, float]) -> list[float]:
        """Class probabilities for one feature dict (unknown features are ignored)."""
        idx = [(self.index[k], v) for k, v in feats.items() if k in self.index]
        scores = self.intercept.astype("float64").copy()
        if idx:
            cols, vals = zip(*idx)
            scores += self.coef[:, list(cols)] @ list(vals)
        m = scores.max()
        ex = [math.exp(s - m) for s in scores]
        z = sum(ex)
        return [e / z for e in ex]

    def contributions(self, feats: dict[str, float], klass: int) -> list[tuple[str, float]]:
        """(feature, weight × value) for class `klass`, largest first."""
        out = [(k, float(self.coef[klass, self.index[k]]) * v) for k, v in feats.items() if k in self.index]
        return sorted(out, key=lambda kv: -kv[1])


class CrfScorer:
    """The marginals of the span CRF, P(label) of each token, computed from the model's weights.

    CRFsuite's ``Tagger.set`` looks up each of a token's ~45 feature names in the model's attribute
    dictionary, for every token of every article: with the merging of each token's features into
    the dict it reads, about half of the tagger's time. The CRF is linear
    in its features, and the fast tagger's features come in cached groups (:class:`Group`) shared
    by many tokens, so here each group's summed weights per label are computed the first time it
    is seen and kept on it; a token's label scores are then the sum of its nine groups' and its
    four real-valued features', and forward-backward runs over all the sentences of an article at
    once. The result is CRFsuite's (a linear-chain CRF of state and transition features, no start
    or end weights) to rounding: ``tests/test_tagging_fast.py`` compares the two, and
    ``bench/fast_crf.py`` times them.
    """

    LABELS = ("B", "I", "O")

    def __init__(self, model: CrfWeights, features: CrfFeatures):
        import numpy as np

        index = {label: k for k, label in enumerate(self.LABELS)}
        weights: dict[bytes, list[float]] = {}
        for (attr, label), w in model.state.items():
            if label in index:
                weights.setdefault(attr.encode(), [0.0, 0.0, 0.0])[index[label]] = w
        self.weights = {attr: tuple(w) for attr, w in weights.items()}
        trans = np.zeros((3, 3))
        for (a, b), w in model.transition.items():
            if a in index and b in index:
                trans[index[a], index[b]] = w
        self.transition = np.exp(trans)
        # the real-valued features' names stand in the groups as placeholders: never summed there
        self._real_skip = frozenset(features.real_names)
        self._zero = (0.0, 0.0, 0.0)
        self._real_w: dict[tuple, object] = {}  # real_names -> their weights, an array (4, 3)

    def _score(self, group) -> tuple[float, float, float]:
        """The summed weights per label of a group's names (remembered on the group)."""
        b = i = o = 0.0
        weights, zero, skip = self.weights, self._zero, self._real_skip
        for name in group:
            if name not in skip:
                wb, wi, wo = weights.get(name, zero)
                b += wb
                i += wi
                o += wo
        group.score = (b, i, o)
        return group.score

    def scores(self, parts: list[tuple]):
        """The label scores, an array (tokens, 3), of the tokens of the sentences of `parts`
        (:meth:`CrfFeatures.parts` of each), one after the other."""
        import numpy as np

        score = self._score
        flat = [g.score or score(g) for groups, _, _ in parts for gs in groups for g in gs]
        # np.fromiter over the flattened floats: a third of the time of np.array over the tuples
        out = np.fromiter(chain.from_iterable(flat), dtype=np.float64, count=3 * len(flat))
        out = out.reshape(-1, len(parts[0][0][0]), 3).sum(axis=1)
        real_names = parts[0][2]
        real_w = self._real_w.get(real_names)
        if real_w is None:
            real_w = self._real_w[real_names] = np.array(
                [self.weights.get(n, self._zero) if n is not None else self._zero for n in real_names])
        reals = [r for _, rs, _ in parts for r in rs]
        values = np.fromiter(chain.from_iterable(reals), dtype=np.float64, count=len(real_names) * len(reals))
        return out + values.reshape(len(reals), -1) @ real_w

    def marginals(self, parts: list[tuple]) -> list:
        """P(B), P(I), P(O) of each token, an array (tokens, 3) per sentence of `parts`."""
        import numpy as np

        if not parts:
            return []
        lengths = np.array([len(p[0]) for p in parts])
        state = self.scores(parts)
        # sentences side by side, padded to the longest: (position, sentence, label)
        sent = np.repeat(np.arange(len(parts)), lengths)
        pos = np.arange(len(state)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        emit = np.ones((lengths.max(), len(parts), 3))
        emit[pos, sent] = np.exp(state - state.max(axis=1, keepdims=True))
        trans = self.transition
        alpha = np.empty_like(emit)
        a = emit[0] / emit[0].sum(axis=1, keepdims=True)
        alpha[0] = a
        for t in range(1, len(emit)):
            a = (a @ trans) * emit[t]
            a /= a.sum(axis=1, keepdims=True)
            alpha[t] = a
        beta = np.empty_like(emit)
        b = np.ones((len(parts), 3))
        beta[-1] = b
        last = lengths - 1
        for t in range(len(emit) - 2, -1, -1):
            b = (emit[t + 1] * b) @ trans.T
            b /= b.sum(axis=1, keepdims=True)
            b[t >= last] = 1.0  # a sentence's last token has nothing after it
            beta[t] = b
        joint = alpha[pos, sent] * beta[pos, sent]
        joint /= joint.sum(axis=1, keepdims=True)
        return np.split(joint, np.cumsum(lengths)[:-1])


class FastTagger:
    """Span CRF + technique classifier. Implements the :class:`unspin.tagging.Tagger` protocol."""

    tier = "fast"

    def __init__(self, folder: Path):
        import pycrfsuite

        self.folder = folder
        try:
            lex = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
            self.lexicon = SpanLexicon(lex["unigram"])
            self.bigrams = SpanLexicon(lex["bigram"])
            self.sentence_model = SentenceModel(lex["sentence"]["weights"], lex["sentence"]["bias"])
            self.settings = Settings(**lex.get("settings", {}))
            self.crf = pycrfsuite.Tagger()
            self.crf.open(str(folder / "crf.crfsuite"))
        except (OSError, KeyError, TypeError, ValueError) as err:
            raise ModelError(f"the fast technique model in {folder} cannot be read: {err}") from None
        self.labels = set(self.crf.labels())
        if not {"B", "I", "O"} <= self.labels:
            raise ModelError(f"the span model in {folder} has labels {sorted(self.labels)}, expected B, I, O")
        self.classifier = LinearClassifier.load(folder)
        unknown = set(self.classifier.classes) - set(TECHNIQUES)
        if unknown:
            raise ModelError(f"the technique classifier knows unknown techniques: {sorted(unknown)}")
        model = read_weights(folder / "crf.crfsuite")  # the exact weights, read once (not Tagger.info())
        # only the features the CRF knows are built (CRFsuite would drop the others), as bytes
        self.features = CrfFeatures(self.lexicon, self.bigrams, known=frozenset(model.attributes), encode=True)
        # CRF weights of each attribute (as bytes, like the features) towards being inside a span,
        # and its words, for the cues
        weights: dict[str, float] = {}
        for (attr, label), w in model.state.items():
            if label in ("B", "I"):
                weights[attr] = weights.get(attr, 0.0) + w / 2
            elif label == "O":
                weights[attr] = weights.get(attr, 0.0) - w
        self._span_weight = {attr.encode(): w for attr, w in weights.items()}
        self.scorer = CrfScorer(model, self.features)
        self._crf_lock = threading.Lock()
        self._readable = {attr.encode(): describe(attr) for attr, w in weights.items() if w > 0}

    # ---- span identification ----------------------------------------------------------------
    def span_marginals(self, doc: Document) -> list[tuple[list, list[float], list[float], tuple]]:
        """Per sentence: (tokens, P(B), P(I), features) from the CRF; the features are the parts
        :meth:`CrfFeatures.parts` gives (:func:`merge` makes them the dicts CRFsuite reads)."""
        stats = _stats(doc)
        # the tokens of each sentence of Document.sents(), read from doc_tokens: made once per article
        tokens, heads = doc_tokens(doc), doc_heads(doc)
        sents = [[t for t in tokens[sent.start:sent.end] if not t.is_space] for sent in doc.spacy.sents]
        sents = [s for s in sents if s]
        probs = [self.sentence_model.prob(t.text.lower() for t in toks) for toks in sents]
        art_p = sum(probs) / len(probs) if probs else 0.0
        parts = []
        for k, toks in enumerate(sents):  # the long loop of a long article: the time limit is checked per sentence
            timelimit.check()
            parts.append(self.features.parts(toks, heads=heads, stats=stats, position=sentence_position(k, len(sents)),
                                             sent_prob=probs[k], article_prob=art_p))
        # CrfScorer steps through the positions of the longest sentence in numpy; a run-on "sentence"
        # of thousands of tokens (a list, text without punctuation) is CRFsuite's, in C
        short = [k for k, toks in enumerate(sents) if len(toks) <= LONG_SENTENCE]
        marginals: dict[int, tuple[list[float], list[float]]] = {
            k: (m[:, 0].tolist(), m[:, 1].tolist()) for k, m in zip(short, self.scorer.marginals([parts[k] for k in short]))}
        for k, toks in enumerate(sents):
            if k not in marginals:
                positions = range(len(toks))
                with self._crf_lock:  # one CRFsuite tagger holds one sequence: the web server's threads share it
                    self.crf.set(merge(*parts[k]))
                    marginals[k] = (list(map(self.crf.marginal, repeat("B"), positions)),
                                    list(map(self.crf.marginal, repeat("I"), positions)))
        return [(toks, *marginals[k], parts[k]) for k, toks in enumerate(sents)]

    def spans(self, doc: Document, threshold: float | None = None) -> list[tuple[int, int, float, str]]:
        """``(start, end, score, cue)`` for each span the CRF finds (score = mean P(inside))."""
        return self.decode(self.span_marginals(doc), threshold)

    def decode(self, marginals, threshold: float | None = None, *, cues: bool = True) -> list[tuple[int, int, float, str]]:
        """Spans from :meth:`span_marginals`: runs of tokens with P(B) + P(I) >= `threshold`, split
        where a token is more likely a beginning than a continuation."""
        theta = self.settings.threshold if threshold is None else threshold
        found = []
        for toks, pb, pi, parts in marginals:
            run: list[int] = []
            for i in range(len(toks) + 1):
                p_in = pb[i] + pi[i] if i < len(toks) else 0.0
                starts_new = i < len(toks) and run and pb[i] > pi[i] and pb[i] >= theta
                if (p_in < theta or starts_new) and run:
                    s, e = toks[run[0]].idx, toks[run[-1]].idx + len(toks[run[-1]].text)
                    if e - s >= self.settings.min_chars:
                        score = sum(pb[j] + pi[j] for j in run) / len(run)
                        found.append((s, e, score, self._span_cue(parts, run) if cues else ""))
                    run = []
                if p_in >= theta:
                    run.append(i)
        return found

    def _span_cue(self, parts: tuple, run: list[int], k: int = 3) -> str:
        groups, reals, real_names = parts
        feats = merge([groups[j] for j in run], [reals[j] for j in run], real_names)
        weights: dict[str, float] = {}
        span_weight, readable = self._span_weight, self._readable
        for f in feats:
            for attr, v in f.items():
                w = span_weight.get(attr, 0.0) * v
                if w > 0:
                    text = readable.get(attr)
                    if text:
                        weights[text] = weights.get(text, 0.0) + w
        best, said = [], set()
        for text, _ in sorted(weights.items(), key=lambda kv: -kv[1]):
            word = _quoted(text)
            if word in said:
                continue  # 'the word "red"; a form of "red"', a cue and its "nearby:" twin: one each
            said.add(word)
            best.append(text)
            if len(best) == k:
                break
        return "; ".join(best)

    # ---- technique classification -----------------------------------------------------------
    def technique_proba(self, doc: Document, spans: list[tuple[int, int]]) -> list[tuple[list[float], dict]]:
        stats = _stats(doc)
        out = []
        for s, e in spans:
            feats = span_features(doc, s, e, lexicon=self.lexicon, stats=stats)
            out.append((self.classifier.proba(feats), feats))
        return out

    def classify(self, doc: Document, spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
        """The technique of each span. A span listed k times (a span with k techniques, as in a TC
        template) gets the k most likely techniques, one per listing."""
        seen: dict[tuple[int, int], int] = {}
        out = []
        for (s, e), (probs, _f) in zip(spans, self.technique_proba(doc, spans)):
            rank = seen.get((s, e), 0)
            seen[(s, e)] = rank + 1
            order = sorted(range(len(probs)), key=lambda c: -probs[c])
            c = order[min(rank, len(order) - 1)]
            out.append((self.classifier.classes[c], probs[c]))
        return out

    def predict(self, doc: Document) -> list[Technique]:
        found = tidied(doc.text, self.spans(doc), doc.entities)
        probas = self.technique_proba(doc, [(s, e) for s, e, _, _ in found])
        forget_tokens(doc)
        out = []
        for (s, e, score, span_cue), (probs, feats) in zip(found, probas):
            c = max(range(len(probs)), key=lambda i: probs[i])
            tech = self.classifier.classes[c]
            tech_cues = []
            said = {_quoted(t) for t in span_cue.split("; ") if t}
            for name, _w in self.classifier.contributions(feats, c):
                text = describe(name)
                word = _quoted(text) if text else None
                if text and text not in tech_cues and text not in span_cue.split("; ") and word not in said:  # said once
                    said.add(word)
                    tech_cues.append(text)
                if len(tech_cues) == 2:
                    break
            cue = f"{TITLES.get(tech, tech)} (the likeliest technique, {probs[c]:.0%})"
            if tech_cues:
                cue += ": " + "; ".join(tech_cues)
            if span_cue:
                cue = f"{span_cue} | {cue}"
            out.append(Technique(start=s, end=e, technique=tech, score=round(float(score), 4),
                                 explanation=DEFINITIONS[tech], cue=cue))
        return out


def _quoted(cue: str) -> str:
    """What a cue says, for saying it once: the word it quotes ('nearby: a form of "red"' -> "red"),
    lower-cased, or the cue without "nearby: " ("strongly negative wording")."""
    m = re.search(r'"([^"]+)"', cue)
    return m.group(1).lower() if m else cue.removeprefix("nearby: ")


def _stats(doc: Document):
    """Article statistics for the repetition features, computed once per Document."""
    if "techniques_fast.stats" not in doc.cache:
        doc.cache["techniques_fast.stats"] = article_stats(doc)
    return doc.cache["techniques_fast.stats"]


def load(root: Path | None = None) -> FastTagger:
    """The shipped fast tagger (model files verified against their card's sha256)."""
    from ..models import artifact_dir

    return FastTagger(artifact_dir(NAME, root))
