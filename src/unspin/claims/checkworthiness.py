"""Check-worthiness: the probability that a sentence is a factual claim worth checking.

Two tiers share one feature set built from the spaCy parse the Document already has:

- ``fast``: logistic regression over lexical n-grams (numbers shape-normalised), part-of-speech
  and tense, dependency patterns, entity types, and number/quantity cues.
- ``full``: the same sparse features plus the MiniLM sentence embedding from
  :mod:`unspin.encoder` (one encoder pass per article, shared with the technique tagger), a memory
  of checked claims, and a fine-tuned MiniLM layer that reads each claim sentence alone
  (:mod:`unspin.claims.checkworthiness_reader`).

Both are trained on CLEF CheckThat! debates and ClaimBuster (see
:mod:`unspin.claims.checkworthiness_data`) and calibrated with Platt scaling on ClaimBuster
sentences, so a score reads as "probability that ClaimBuster annotators would call this a
check-worthy factual statement". Rankings (what the CheckThat! measures judge) are unaffected by
the calibration.

    model = load_model("fast")
    model.score_texts(["Unemployment fell to 3.9 percent last year."])   # -> [0.9...]
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, NamedTuple, Sequence

import numpy as np

from ..errors import ConfigurationError, InputError, ModelError
from .attribution import CAPTION, source_phrase

TIERS = ("fast", "full")
MODEL_NAMES = {"fast": "checkworthiness-fast", "full": "checkworthiness-full"}
FEATURE_VERSION = 1

_DIGIT = re.compile(r"\d")
_NUM_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
    "billion", "billions", "trillion", "trillions", "dozen", "dozens", "half", "third", "quarter", "percent",
    "percentage", "double", "doubled", "triple", "tripled",
}
_CHANGE = {
    "increase", "decrease", "rise", "fall", "drop", "grow", "cut", "raise", "lower", "double", "triple",
    "reduce", "lose", "gain", "create", "cost", "spend", "pay", "vote", "sign", "pass", "kill", "die",
}


class Tok(NamedTuple):
    """The parts of a spaCy token the features read (cached on disk for training)."""

    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token within the sentence
    ent: str  # entity type or ""
    like_num: bool


def tokens_of(span) -> list[Tok]:
    """The Tok view of a spaCy Span or Doc (whitespace tokens dropped)."""
    start = span[0].i if len(span) else 0
    out = []
    for t in span:
        if t.is_space:
            continue
        head = t.head.i - start
        out.append(Tok(t.text, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, head if 0 <= head < len(span) else -1,
                       t.ent_type_, bool(t.like_num)))
    return out


def _word(tok: Tok) -> str:
    low = tok.text.lower()
    return _DIGIT.sub("0", low) if _DIGIT.search(low) else low


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def fast_features(toks: Sequence[Tok]) -> list[str]:
    """Binary feature names for one sentence: lexical, syntactic, entity and number features."""
    feats: set[str] = set()
    words = [_word(t) for t in toks if t.pos != "PUNCT" or t.text in "%$?"]
    for w in words:
        feats.add("w:" + w)
    for a, b in zip(["<s>"] + words, words + ["</s>"]):
        feats.add(f"b:{a}|{b}")
    tags = [t.tag for t in toks]
    for tag in tags:
        feats.add("t:" + tag)
    for a, b in zip(tags, tags[1:]):
        feats.add(f"tt:{a}|{b}")
    for t in toks:
        feats.add("d:" + t.dep)
        if 0 <= t.head < len(toks):
            h = toks[t.head]
            feats.add(f"dh:{t.dep}>{h.pos}")
            if t.dep in ("nsubj", "nsubjpass", "dobj", "attr") and t.pos in ("PRON", "PROPN", "NOUN", "NUM"):
                feats.add(f"arg:{t.dep}:{t.pos}:{h.lemma if h.pos in ('VERB', 'AUX') else h.pos}")
        if t.dep == "ROOT":
            feats.add("root:" + t.lemma)
            feats.add("roottag:" + t.tag)
        if t.ent:
            feats.add("e:" + t.ent)
        if t.like_num or _DIGIT.search(t.text) or t.lemma in _NUM_WORDS:
            feats.add("num")
        if t.lemma in _CHANGE:
            feats.add("change")
    ents = {t.ent for t in toks if t.ent}
    feats.add("ents:" + _bucket(len(ents), (0, 1, 2)))
    if {"PERCENT", "MONEY", "CARDINAL", "QUANTITY"} & ents or "num" in feats:
        feats.add("quantity")
    if ({"DATE", "TIME"} & ents) and ("quantity" in feats):
        feats.add("quantity+date")
    lows = {t.text.lower() for t in toks}
    if lows & {"i", "me", "my", "i'm", "i've"}:
        feats.add("pron:1sg")
    if lows & {"we", "us", "our"}:
        feats.add("pron:1pl")
    if lows & {"you", "your"}:
        feats.add("pron:2")
    if lows & {"not", "n't", "never", "no"}:
        feats.add("neg")
    verb_tags = {t.tag for t in toks if t.pos in ("VERB", "AUX")}
    if verb_tags & {"VBD", "VBN"}:
        feats.add("tense:past")
    if any(t.tag == "MD" for t in toks):
        feats.add("modal")
    if not verb_tags:
        feats.add("noverb")
    if toks and toks[-1].text == "?":
        feats.add("question")
    if toks:
        feats.add("first:" + _word(toks[0]))
    feats.add("len:" + _bucket(len(toks), (3, 6, 10, 15, 25, 40)))
    return sorted(feats)


# ---- the model ------------------------------------------------------------------------------


@dataclass
class LinearModel:
    """Logistic regression over sparse features (+ an optional dense embedding), with Platt scaling.

    ``weights`` covers ``vocab`` (sparse features) then ``dense_dim`` dense inputs, which are
    standardised with ``dense_mean``/``dense_scale`` first.
    """

    tier: str
    vocab: dict[str, int]
    weights: np.ndarray
    bias: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    dense_dim: int = 0
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None
    #: full tier: embeddings of the check-worthy CLEF training lines; a sentence's margin gains
    #: ``memory_coef * max(0, mean of its memory_k highest cosines to them - memory_offset)``
    #: (one-sided: a sentence unlike any checked claim, as most news is, is not pushed down)
    memory: np.ndarray | None = None
    memory_k: int = 3
    memory_coef: float = 0.0
    memory_offset: float = 0.0
    #: full tier: a fine-tuned MiniLM layer reading each sentence alone (:mod:`.checkworthiness_reader`);
    #: a sentence's margin gains ``reader_coef * (its logit - reader_offset)``
    reader: Any = None
    reader_coef: float = 0.0
    reader_offset: float = 0.0

    def margins(self, feature_lists: Sequence[Sequence[str]], dense: np.ndarray | None = None,
                texts: Sequence[str] | None = None, *, reader_logits: np.ndarray | None = None) -> np.ndarray:
        """The uncalibrated scores; `dense` (embeddings) and `texts` (the sentences, for the
        reader) are needed by the full tier. `reader_logits`, when given, are the reader's logits
        of `texts` read before (a cache), so it does not read them again."""
        w = self.weights
        out = np.full(len(feature_lists), self.bias, dtype=np.float64)
        for i, feats in enumerate(feature_lists):
            idx = [self.vocab[f] for f in feats if f in self.vocab]
            if idx:
                out[i] += float(w[idx].sum())
        if self.dense_dim:
            if dense is None or dense.shape != (len(feature_lists), self.dense_dim):
                raise ModelError(f"the {self.tier} check-worthiness model needs {self.dense_dim}-d sentence embeddings")
            z = (dense - self.dense_mean) / self.dense_scale
            out += z @ w[len(self.vocab):]
            if self.memory is not None and self.memory_coef:
                out += self.memory_coef * memory_boost(memory_similarity(dense, self.memory, self.memory_k), self.memory_offset)
        if self.reader is not None and self.reader_coef:
            if texts is None or len(texts) != len(feature_lists):
                raise ModelError(f"the {self.tier} check-worthiness model reads the sentences' text: pass one per feature list")
            logits = self.reader.logits(texts) if reader_logits is None else reader_logits
            out += self.reader_coef * (logits - self.reader_offset)
        return out

    def calibrate(self, margins: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.platt_a * margins + self.platt_b)))

    def predict(self, feature_lists: Sequence[Sequence[str]], dense: np.ndarray | None = None,
                texts: Sequence[str] | None = None) -> np.ndarray:
        return self.calibrate(self.margins(feature_lists, dense, texts))

    # -- persistence: vocab as JSON, numbers as npz (no pickle) --
    def save(self, folder) -> list[str]:
        from pathlib import Path

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        names = [None] * len(self.vocab)
        for f, i in self.vocab.items():
            names[i] = f
        (folder / "vocab.json").write_text(json.dumps(names, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        arrays: dict[str, Any] = {
            "weights": self.weights.astype(np.float32),
            "scalars": np.array([self.bias, self.platt_a, self.platt_b, self.dense_dim, FEATURE_VERSION], dtype=np.float64),
        }
        if self.dense_dim:
            arrays["dense_mean"] = self.dense_mean.astype(np.float32)
            arrays["dense_scale"] = self.dense_scale.astype(np.float32)
        if self.memory is not None:
            arrays["memory"] = self.memory.astype(np.float32)
            arrays["memory_params"] = np.array([self.memory_k, self.memory_coef, self.memory_offset], dtype=np.float64)
        files = ["vocab.json", "weights.npz"]
        if self.reader is not None:
            arrays["reader_params"] = np.array([self.reader_coef, self.reader_offset], dtype=np.float64)
            files.append(self.reader.save(folder))
        with open(folder / "weights.npz", "wb") as fh:
            np.savez_compressed(fh, **arrays)
        return files

    @classmethod
    def load(cls, folder, tier: str) -> "LinearModel":
        from pathlib import Path

        folder = Path(folder)
        try:
            names = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz", allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(f"the {tier} check-worthiness model in {folder} cannot be read: {err}") from None
        bias, a, b, dense_dim, version = arrays["scalars"].tolist()
        if int(version) != FEATURE_VERSION:
            raise ModelError(f"the {tier} check-worthiness model uses feature version {int(version)}, this unspin uses "
                             f"{FEATURE_VERSION}: retrain with `unspin train claims --tier {tier}`")
        model = cls(tier, {f: i for i, f in enumerate(names)}, arrays["weights"].astype(np.float64), bias, a, b, int(dense_dim),
                    arrays.get("dense_mean"), arrays.get("dense_scale"))
        if len(model.weights) != len(names) + model.dense_dim:
            raise ModelError(f"the {tier} check-worthiness model in {folder} is inconsistent (weights vs vocabulary)")
        if "memory" in arrays:
            if arrays["memory"].ndim != 2 or arrays["memory"].shape[1] != model.dense_dim:
                raise ModelError(f"the {tier} check-worthiness model in {folder} is inconsistent (memory vs embedding size)")
            k, coef, offset = arrays["memory_params"].tolist()
            model.memory, model.memory_k = arrays["memory"].astype(np.float64), int(k)
            model.memory_coef, model.memory_offset = coef, offset
        if "reader_params" in arrays:
            from .checkworthiness_reader import SentenceReader

            model.reader = SentenceReader.load(folder)
            model.reader_coef, model.reader_offset = arrays["reader_params"].tolist()
        return model


def memory_boost(similarity: np.ndarray, offset: float) -> np.ndarray:
    """The memory term before its weight: how far a similarity is above `offset` (0 below it)."""
    return np.maximum(np.asarray(similarity, dtype=np.float64) - offset, 0.0)


def memory_similarity(dense: np.ndarray, memory: np.ndarray, k: int) -> np.ndarray:
    """Per row of `dense`, the mean of its `k` highest cosine similarities to the rows of `memory`
    (both L2-normalised): how close a sentence is to claims that fact-checkers did check."""
    if not len(memory) or not len(dense):
        return np.zeros(len(dense))
    k = min(k, len(memory))
    sims = dense @ memory.T
    return np.partition(sims, len(memory) - k, axis=1)[:, -k:].mean(axis=1)


@dataclass
class Scorer:
    """A loaded tier: scores spaCy sentence spans or plain strings."""

    tier: str
    model: LinearModel

    def score_spans(self, spans: Sequence[Any], embeddings: np.ndarray | None = None,
                    texts: Sequence[str] | None = None) -> list[float]:
        """Scores of spaCy spans; `texts` (default: each span's text) are what the full tier's
        reader reads."""
        feats = [fast_features(tokens_of(s)) for s in spans]
        if not feats:
            return []
        if self.model.dense_dim and embeddings is None:
            embeddings = embed_texts([s.text for s in spans])
        texts = [s.text for s in spans] if texts is None else texts
        return [float(p) for p in self.model.predict(feats, embeddings, texts)]

    def score_texts(self, sentences: Sequence[str]) -> list[float]:
        sentences = check_sentences(sentences)
        said = [i for i, text in enumerate(sentences) if text.strip()]  # an empty sentence claims nothing: 0
        scores = [0.0] * len(sentences)
        if not said:
            return scores
        from .. import nlp as _nlp

        texts = [sentences[i] for i in said]
        docs = list(_nlp.load().pipe(texts, batch_size=128))
        embeddings = embed_texts(texts) if self.model.dense_dim else None
        for i, score in zip(said, self.score_spans(docs, embeddings)):
            scores[i] = score
        return scores


def check_sentences(sentences: Any) -> list[str]:
    """Validate the public API's input: a list of strings (empty strings score 0)."""
    if isinstance(sentences, (str, bytes)):
        raise InputError("score_checkworthiness takes a list of sentences, not a single string: wrap it in a list")
    if isinstance(sentences, dict):  # iterating it would score its keys
        raise InputError("score_checkworthiness takes a list of sentences, not a dict: pass list(d.values())")
    try:
        items = list(sentences)
    except TypeError:
        raise InputError(f"score_checkworthiness takes a list of str, not {type(sentences).__name__}") from None
    for i, s in enumerate(items):
        if not isinstance(s, str):
            raise InputError(f"sentence {i} is {type(s).__name__}, not str: pass decoded text")
        if "\x00" in s:
            raise InputError(f"sentence {i} contains NUL bytes: that is binary data, not text")
    return items


def embed_texts(texts: Sequence[str], *, context: bool = True) -> np.ndarray:
    """MiniLM sentence embeddings for plain strings, pooled as :func:`unspin.encoder.sentence_embeddings`
    pools a Document's sentences (mean of the base model's piece states, L2-normalised).

    With ``context=True`` the strings are read as one text, one per line, so each sentence is
    encoded next to its neighbours, as in an article; with ``context=False`` each is encoded alone.
    """
    texts = list(texts)
    if not texts:
        return np.zeros((0, 384))
    if not context:
        return np.concatenate([embed_texts([t]) for t in texts])
    from .. import encoder

    torch = encoder._torch()
    joined, ranges, pos = [], [], 0
    for t in texts:
        flat = t.replace("\n", " ")
        ranges.append((pos, pos + len(flat)))
        joined.append(flat)
        pos += len(flat) + 1
    enc = encoder.load().encode_text("\n".join(joined))
    out = np.zeros((len(texts), encoder.HIDDEN))
    if not len(enc):
        return out
    with torch.inference_mode():
        states = encoder.run_blocks(enc, encoder.load().base_top).numpy()
    starts = enc.offsets[:, 0]
    for i, (a, b) in enumerate(ranges):
        lo, hi = np.searchsorted(starts, a, "left"), np.searchsorted(starts, b, "left")
        if hi > lo:
            v = states[lo:hi].mean(axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _load(tier: str) -> Scorer:
    from ..models import artifact_dir

    folder = artifact_dir(MODEL_NAMES[tier])
    return Scorer(tier, LinearModel.load(folder, tier))


def load_model(tier: str = "fast") -> Scorer:
    """The shipped model of `tier` ("fast" or "full"), hash-checked, loaded once per process."""
    if tier not in TIERS:
        raise ConfigurationError(f"unknown check-worthiness tier {tier!r}; choose one of: {', '.join(TIERS)}")
    if tier == "full":
        from .. import encoder
        from .._imports import require_full

        require_full(encoder.PURPOSE)
    with _LOCK:
        return _load(tier)


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def iter_batches(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- claims in a Document ---------------------------------------------------------------------

#: a calibrated score at or above this is "high": the claim is flagged for the reader
HIGH = 0.5


def is_statistic(claim) -> bool:
    """Whether the claim asserts a number other than a date or time (a count, share, amount...)."""
    from .quantities import is_statistic as asserts_amount

    return any(asserts_amount(q) for q in claim.quantities)


def explain(claim, score: float) -> str:
    """The reader-facing warning for a scored claim (empty below ``HIGH``)."""
    if score < HIGH:
        return ""
    att = claim.attribution
    if att.kind == "none" and getattr(claim, "headline", False):
        return "check-worthy claim"
    if att.kind == "none" and not att.quoted:
        return ("unsourced statistic in the article's own voice" if is_statistic(claim)
                else "check-worthy claim with no source, in the article's own voice")
    if att.kind == "vague":
        return "check-worthy statistic with only a vague source" if is_statistic(claim) else "check-worthy claim with only a vague source"
    return "check-worthy claim"


def _merge(claim, warning: str, text: str | None = None) -> str:
    """The warning first, then what the attribution analyser already said, unless the warning
    already says it: for a claim in the article's own voice both say "no source" (the warning
    replaces it), for a vague source the warning keeps only the phrase that makes it vague."""
    existing = claim.explanation
    if not warning or warning in existing:
        return existing
    att = claim.attribution
    if att.kind == "none" and (getattr(claim, "headline", False) or existing.startswith(CAPTION)):
        return f"check-worthy claim; {existing}"  # "a headline ..." / "a photo caption ...": what it is stays said
    if att.kind == "none" and not att.quoted:
        return warning
    if att.kind == "vague":
        phrase = source_phrase(att, text)
        return f"{warning} ('{phrase}')" if phrase else warning
    return f"{warning}; {existing}" if existing else warning


def score_claims(doc, claims: list, scorer: Scorer, embeddings: np.ndarray | None = None) -> list:
    """Fill ``checkworthiness`` and extend ``explanation`` of each claim (text order kept).

    `embeddings`, when given, holds one row per ``doc.sentences`` entry (the shared encoder pass);
    a claim that is not exactly one sentence is embedded on its own.
    """
    if not claims:
        return claims
    spans = []
    for c in claims:
        span = doc.spacy.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or not len(span):
            raise ModelError(f"claim [{c.start}, {c.end}) does not cover any token of the document")
        spans.append(span)
    dense = None
    if scorer.model.dense_dim:
        index = {(s.start, s.end): i for i, s in enumerate(doc.sentences)}
        rows, missing = [], []
        for k, c in enumerate(claims):
            i = index.get((c.start, c.end))
            if embeddings is not None and i is not None:
                rows.append(embeddings[i])
            else:
                rows.append(None)
                missing.append(k)
        if missing:
            extra = embed_texts([doc.text[claims[k].start:claims[k].end] for k in missing])
            for k, v in zip(missing, extra):
                rows[k] = v
        dense = np.stack(rows).astype(np.float64)
    scores = scorer.score_spans(spans, dense, [doc.text[c.start:c.end] for c in claims])
    for c, p in zip(claims, scores):
        c.checkworthiness = round(p, 4)
        c.explanation = _merge(c, explain(c, p), doc.text)
    return claims
