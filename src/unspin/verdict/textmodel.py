"""A small bag-of-words model, stored as plain lists so it ships in JSON and needs no pickle.

Used twice: the verdict's own text score (whose cross-source out-of-fold logit is one feature of
the calibrated model, and whose heaviest words in an article become a checkable reason) and the
satire detector. Terms are lower-cased words and word bigrams; weights are sublinear TF-IDF,
L2-normalised, exactly as computed here at training and at inference.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"[a-z][a-z'\u2019]*[a-z]|[a-z]")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


#: while training (:func:`keep_terms`): every article's term counts, by (text, bigrams)
_kept: dict | None = None


@contextmanager
def keep_terms():
    """Keep the term counts of every text seen until the block ends: training refits on the same
    articles many times. Outside it only the last few are kept (an analysis asks for one article's
    terms a few times: its text score, its reasons, the satire check), so a server does not hold
    the text of every article it was sent."""
    global _kept
    if _kept is not None:  # already inside one
        yield
        return
    _kept = {}
    try:
        yield
    finally:
        _kept = None


def terms(text: str, bigrams: bool = True) -> Counter:
    """Term counts of `text` (cached, see :func:`keep_terms`; do not mutate)."""
    kept = _kept
    if kept is None:
        return _recent_terms(text, bigrams)
    found = kept.get((text, bigrams))
    if found is None:
        found = kept[text, bigrams] = _recent_terms(text, bigrams)
    return found


@lru_cache(maxsize=8)
def _recent_terms(text: str, bigrams: bool) -> Counter:
    w = words(text)
    c = Counter(w)
    if bigrams:
        c.update(f"{a} {b}" for a, b in zip(w, w[1:]))
    return c


def _matrix(counts: list[Counter], vocab: dict[str, int], idf: np.ndarray):
    from scipy.sparse import csr_matrix

    data, rows, cols = [], [], []
    for i, c in enumerate(counts):
        vals = {vocab[t]: (1.0 + math.log(n)) * idf[vocab[t]] for t, n in c.items() if t in vocab}
        norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
        for j, v in vals.items():
            rows.append(i)
            cols.append(j)
            data.append(v / norm)
    return csr_matrix((data, (rows, cols)), shape=(len(counts), len(vocab)))


def fit(texts: list[str], y: np.ndarray, weights: np.ndarray | None = None, *, C: float = 1.0,
        vocab_size: int = 30000, min_df: int = 3, max_df: float = 0.5, bigrams: bool = True, class_weight=None) -> dict:
    """A text model dict: vocabulary (the `vocab_size` most frequent terms with document frequency
    >= `min_df`, in at most a `max_df` share of the documents), idf, logistic-regression weights."""
    from sklearn.linear_model import LogisticRegression

    counts = [terms(t, bigrams) for t in texts]
    df = Counter(t for c in counts for t in c)
    n = len(texts)
    vocab = [t for t, k in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])) if min_df <= k <= max_df * n][:vocab_size]
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab])
    X = _matrix(counts, {t: i for i, t in enumerate(vocab)}, idf)
    lr = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight)
    lr.fit(X, y, sample_weight=weights)
    return {"vocab": vocab, "idf": [round(float(v), 5) for v in idf], "coef": [round(float(v), 5) for v in lr.coef_[0]],
            "intercept": float(lr.intercept_[0]), "bigrams": bigrams}


def _index(model: dict) -> dict[str, int]:
    key = "_index"
    if key not in model:
        model[key] = {t: i for i, t in enumerate(model["vocab"])}
    return model[key]


def design(model: dict, texts: list[str]):
    return _matrix([terms(t, model.get("bigrams", True)) for t in texts], _index(model), np.asarray(model["idf"]))


def logits(model: dict, texts: list[str]) -> np.ndarray:
    return design(model, texts) @ np.asarray(model["coef"]) + model["intercept"]


def top_terms(model: dict, text: str, k: int = 5, sign: float = 1.0) -> list[tuple[str, float]]:
    """The `k` terms of `text` that push its logit up the most (`sign` -1: down the most), with their
    contributions."""
    X = design(model, [text]).tocoo()
    coef = np.asarray(model["coef"])
    vocab = model["vocab"]
    contrib = sorted(((sign * float(v * coef[j]), vocab[j]) for j, v in zip(X.col, X.data)), reverse=True)
    return [(t, sign * c) for c, t in contrib[:k] if c > 0]


def spans_of(term: str, text: str, limit: int = 10) -> list[tuple[int, int]]:
    """Where `term` (a word or a word bigram) occurs in `text` as whole words, case-insensitively:
    the model's words are ASCII letters, so "f" is a term of "für", but the reader is not shown
    "für" as the word "f" (no letter of any script may touch either end)."""
    parts = [re.escape(p) for p in term.split()]
    pattern = re.compile(r"(?<![^\W\d_])" + r"\W+".join(parts).replace("'", "['\u2019]") + r"(?![^\W\d_])", re.I)
    return [(m.start(), m.end()) for m in pattern.finditer(text)][:limit]


def public(model: dict) -> dict:
    """The model without its lookup cache (for JSON)."""
    return {k: v for k, v in model.items() if not k.startswith("_")}
