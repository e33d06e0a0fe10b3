"""The comparison point: a plain TF-IDF + logistic regression text classifier, trained on the same
articles with the same sample weights as the verdict model, with its own (uncalibrated)
probabilities."""

from __future__ import annotations

import numpy as np


def fit_tfidf(texts: list[str], y: np.ndarray, weights: np.ndarray | None = None, *, C: float = 1.0):
    """A fitted sklearn Pipeline (word 1-2 grams, sublinear tf, min_df 2) -> LogisticRegression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipe = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.9, sublinear_tf=True, max_features=200_000),
        LogisticRegression(C=C, max_iter=5000),
    )
    pipe.fit(texts, y, logisticregression__sample_weight=weights)
    return pipe


def predict_tfidf(model, texts: list[str]) -> np.ndarray:
    return model.predict_proba(texts)[:, 1]
