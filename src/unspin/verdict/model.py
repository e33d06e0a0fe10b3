"""The verdict model: calibrated logistic regression over standardised evidence features.

One linear model is trained per combination of evidence groups (``style``, ``style+techniques``,
``style+techniques+claims`` ...), so an article analysed with fewer layers is scored by a model that
never relied on the missing ones, and is still calibrated. Each model's probability is calibrated
with Platt scaling fitted on *cross-source* out-of-fold scores (each training dataset scored by a
model trained on the other training datasets): the calibration reflects how confident the model
may be on a source it has not seen, not on its own training sources.

A linear model also gives the reasons: feature j contributes ``coef_j * z_j`` to the logit, so the
largest positive contributions are the strongest evidence for "unreliable".

Everything is stored as one small JSON file (see :meth:`VerdictModel.to_dict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from . import textmodel
from ..report import VERDICT_BANDS
from .features import ALL_FEATURES, GROUPS

#: the verdict's own text model enters the linear model as one feature: its cross-source logit
TEXT_FEATURE = "text_logit"

#: z-scores are clipped so that one extreme value cannot decide a verdict alone
CLIP = 4.0
#: label bands of the calibrated probability (defined with the Report, so renderers can read them)
LOW, HIGH = VERDICT_BANDS["low"], VERDICT_BANDS["medium"]


def transform(name: str, value: float) -> float:
    """Rates are heavy-tailed: they enter the model as log(1 + rate)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0.0
    return math.log1p(max(value, 0.0)) if name.endswith("_per100") else float(value)


def matrix(rows: list[dict[str, float]], features: list[str]) -> np.ndarray:
    return np.array([[transform(f, r.get(f, 0.0)) for f in features] for r in rows], dtype=float)


def sample_weights(y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each class weighs half; within a class every dataset weighs the same (so the biggest
    dataset does not decide what "unreliable" looks like)."""
    w = np.zeros(len(y), dtype=float)
    for c in (0, 1):
        in_c = y == c
        sets = np.unique(groups[in_c])
        for g in sets:
            m = in_c & (groups == g)
            w[m] = 1.0 / (2 * len(sets) * m.sum())
    return w * len(y)


@dataclass
class LinearModel:
    """Standardise -> logistic regression -> Platt scaling."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    platt: tuple[float, float] = (1.0, 0.0)

    def z(self, X: np.ndarray) -> np.ndarray:
        return np.clip((X - self.mean) / self.scale, -CLIP, CLIP)

    def logit(self, X: np.ndarray) -> np.ndarray:
        return self.z(X) @ self.coef + self.intercept

    def predict(self, X: np.ndarray) -> np.ndarray:
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.logit(X) + b)))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each feature's share of the calibrated logit (Platt slope applied)."""
        return self.platt[0] * self.coef * self.z(x[None, :])[0]

    def to_dict(self) -> dict:
        return {"features": self.features, "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "platt": list(self.platt)}

    @classmethod
    def from_dict(cls, d: dict) -> "LinearModel":
        return cls(list(d["features"]), np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]),
                   float(d["intercept"]), tuple(d["platt"]))


def _fit_lr(Z: np.ndarray, y: np.ndarray, w: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(Z, y, sample_weight=w)
    return lr.coef_[0].copy(), float(lr.intercept_[0])


def fit_linear(X: np.ndarray, y: np.ndarray, groups: np.ndarray, features: list[str], *, C: float = 0.1,
               calibrate: bool = True, feature_C: dict[str, float] | None = None) -> LinearModel:
    """Fit the linear model on all of (X, y) and its Platt scaling on cross-source out-of-fold logits
    (`groups` names each row's dataset; with fewer than two datasets the logits are used as they are).
    `feature_C` gives some features a regularisation of their own (the inverse strength, like `C`)."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    w = sample_weights(y, groups)
    # an L2 penalty of 1/C_j on feature j is the penalty 1/C on the feature multiplied by sqrt(C_j/C)
    mult = np.array([math.sqrt((feature_C or {}).get(f, C) / C) for f in features])
    coef, intercept = _fit_lr(np.clip((X - mean) / scale, -CLIP, CLIP) * mult, y, w, C)
    model = LinearModel(features, mean, scale, coef * mult, intercept)
    sets = np.unique(groups)
    if not calibrate or len(sets) < 2:
        return model
    oof = np.zeros(len(y))
    for g in sets:
        test = groups == g
        train = ~test
        if len(np.unique(y[train])) < 2:
            return model
        inner = fit_linear(X[train], y[train], groups[train], features, C=C, calibrate=False, feature_C=feature_C)
        oof[test] = inner.logit(X[test])
    model.platt = platt(oof, y, calibration_weights(y, groups))
    return model


def calibration_weights(y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Weights of the rows Platt scaling is fitted on: every dataset with both outcomes weighs the
    same, keeping its own share of unreliable articles; a dataset of one outcome only (Golbeck et
    al.'s fake stories) weighs nothing, since its share says how it was collected, not how common
    unreliable articles are. Leave-one-dataset-out, this cut the mean expected calibration error
    from 0.120 to 0.108 and the worst from 0.203 to 0.174 against pooled, unweighted rows
    (docs/verdict.md)."""
    w = np.zeros(len(y), dtype=float)
    for g in np.unique(groups):
        m = groups == g
        if len(np.unique(y[m])) == 2:
            w[m] = 1.0 / m.sum()
    if not w.any():  # no dataset has both outcomes: pooled rows, as they are
        return np.ones(len(y))
    return w * len(y) / w.sum()


def platt(logits: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """(a, b) such that sigmoid(a * logit + b) is calibrated on (logits, y): Platt (1999) scaling with
    his smoothed targets; rows weigh `weights` (default: all the same, so the pooled rate of
    unreliable articles is the prior)."""
    from sklearn.linear_model import LogisticRegression

    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    # fit on soft targets by duplicating rows with complementary weights
    Xs = np.concatenate([logits, logits])[:, None]
    ys = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    ws = np.concatenate([t * w, (1 - t) * w])
    lr = LogisticRegression(C=1e6, max_iter=1000)
    lr.fit(Xs, ys, sample_weight=ws)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def group_combinations(available: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every set of evidence groups containing ``style`` that `available` allows."""
    extra = [g for g in GROUPS if g != "style" and g in available]
    out = []
    for k in range(len(extra) + 1):
        for combo in combinations(extra, k):
            out.append(("style",) + combo)
    return out


def features_of(groups: tuple[str, ...]) -> list[str]:
    return [f for g in groups for f in GROUPS[g]]


@dataclass
class VerdictModel:
    """Linear models per evidence-group combination, the reference values of reliable articles that
    reasons compare against, and the satire detector."""

    models: dict[str, LinearModel]
    reference: dict[str, float]
    satire: dict | None = None
    meta: dict = field(default_factory=dict)
    text: dict | None = None

    def pick(self, groups: tuple[str, ...]) -> tuple[str, LinearModel]:
        """The model trained on the largest set of groups that `groups` provides."""
        best = None
        for key, model in self.models.items():
            need = set(key.split("+"))
            if need <= set(groups) and (best is None or len(need) > len(best[0].split("+"))):
                best = (key, model)
        if best is None:
            raise KeyError(f"no verdict model for evidence groups {groups}")
        return best

    def score(self, values: dict[str, float], groups: tuple[str, ...], text: str | None = None) -> tuple[float, dict[str, float], str]:
        """(calibrated probability, {feature: contribution to the logit}, model key). With a text model,
        `text` is scored by it first (its logit is one more feature)."""
        key, model = self.pick(groups)
        if self.text is not None and TEXT_FEATURE in model.features:
            if text is None:
                raise ValueError("this verdict model needs the article text")
            values = {**values, TEXT_FEATURE: float(textmodel.logits(self.text, [text])[0])}
        x = matrix([values], model.features)[0]
        p = float(model.predict(x[None, :])[0])
        return p, dict(zip(model.features, model.contributions(x).tolist())), key

    def to_dict(self) -> dict:
        return {"format": "unspin.verdict/1", "models": {k: m.to_dict() for k, m in self.models.items()},
                "reference": self.reference, "meta": self.meta,
                "text": textmodel.public(self.text) if self.text else None,
                "satire": textmodel.public(self.satire) if self.satire else None}

    @classmethod
    def from_dict(cls, d: dict) -> "VerdictModel":
        from ..errors import ModelError

        if d.get("format") != "unspin.verdict/1":
            raise ModelError(f"not a verdict model file (format {d.get('format')!r}, expected 'unspin.verdict/1')")
        return cls({k: LinearModel.from_dict(m) for k, m in d["models"].items()}, dict(d["reference"]),
                   d.get("satire"), dict(d.get("meta") or {}), d.get("text"))


def fit_text(texts: list[str], y: np.ndarray, datasets: np.ndarray, *, C: float = 1.0, cache: dict | None = None) -> dict:
    """The verdict's text model on these articles (each class half, each dataset the same within it).

    With `cache` (one dict per corpus, :attr:`unspin.verdict.evaluate.Corpus.text_models`), a model
    is fitted once per set of datasets: leave-one-dataset-out, its folds and the folds inside them
    train on the same few sets of datasets again and again."""
    key = (frozenset(np.unique(datasets).tolist()), C, len(texts), int(np.sum(y)))
    if cache is not None and key in cache:
        return cache[key]
    model = textmodel.fit(texts, y, sample_weights(y, datasets), C=C)
    if cache is not None:
        cache[key] = model
    return model


def cross_source_text_logits(texts: list[str], y: np.ndarray, datasets: np.ndarray, *, C: float = 1.0,
                             cache: dict | None = None) -> np.ndarray:
    """Each dataset's text-model logits from a text model trained on the other datasets: how the text
    model behaves on a source it has not seen (with one dataset, in-sample logits)."""
    out = np.zeros(len(texts))
    sets = np.unique(datasets)
    for g in sets:
        test = datasets == g
        train = ~test if len(sets) > 1 else test
        idx = np.flatnonzero(train)
        if len(np.unique(y[idx])) < 2:
            idx = np.arange(len(texts))
        m = fit_text([texts[i] for i in idx], y[idx], datasets[idx], C=C, cache=cache)
        out[test] = textmodel.logits(m, [texts[i] for i in np.flatnonzero(test)])
    return out


#: the evidence features' regularisation (inverse strength) that :func:`select_evidence_C` chooses
#: from; 0.0 is the text model's logit alone. The text logit keeps the model's own C throughout.
EVIDENCE_C = (0.1, 0.03, 0.01, 0.003, 0.001, 0.0)
#: the choice: the best-calibrated candidate among those that rank within this AUC of the best
AUC_TOLERANCE = 0.005


def fit_combo(X: np.ndarray, y: np.ndarray, datasets: np.ndarray, features: list[str], *, C: float,
              evidence_C: float | None) -> LinearModel:
    """One linear model over `features` (evidence features, then the text logit if present): every
    feature at `C` (`evidence_C` None), the evidence at `evidence_C` and the text logit at `C`, or
    (`evidence_C` 0) the text logit alone."""
    if evidence_C is None or TEXT_FEATURE not in features:
        return fit_linear(X, y, datasets, features, C=C)
    if evidence_C == 0:
        col = features.index(TEXT_FEATURE)
        return fit_linear(X[:, [col]], y, datasets, [TEXT_FEATURE], C=C)
    return fit_linear(X, y, datasets, features, C=evidence_C, feature_C={TEXT_FEATURE: C})


def select_evidence_C(rows: list[dict], y: np.ndarray, datasets: np.ndarray, texts: list[str], features: list[str], *,
                      C: float = 0.1, candidates: tuple[float, ...] = EVIDENCE_C, text_C: float = 1.0,
                      log=None, cache: dict | None = None) -> tuple[float, dict]:
    """The evidence features' regularisation, chosen by leave-one-dataset-out on the given data alone.

    Each dataset with both outcomes is held out in turn; the model over `features` plus the text
    logit (cross-source, as in :func:`fit_verdict`) is fitted on the others with each candidate and
    scored on it. The choice: among the candidates whose mean AUC is within :data:`AUC_TOLERANCE` of
    the best, the one with the lowest mean expected calibration error (ties: more evidence).
    Returns ``(choice, {candidate: (mean AUC, mean ECE)})``; with fewer than two datasets with both
    outcomes there is nothing to hold out, and the first candidate is returned. `cache` as for
    :func:`fit_text`."""
    from . import metrics

    feats = list(features) + [TEXT_FEATURE]
    two_class = [g for g in np.unique(datasets) if len(np.unique(y[datasets == g])) == 2]
    if len(two_class) < 2:
        return candidates[0], {}
    scores: dict[float, list[tuple[float, float]]] = {c: [] for c in candidates}
    for g in two_class:
        tr, te = np.flatnonzero(datasets != g), np.flatnonzero(datasets == g)
        tr_texts = [texts[i] for i in tr]
        logits = cross_source_text_logits(tr_texts, y[tr], datasets[tr], C=text_C, cache=cache)
        text = fit_text(tr_texts, y[tr], datasets[tr], C=text_C, cache=cache)
        X = matrix([dict(rows[i], **{TEXT_FEATURE: float(v)}) for i, v in zip(tr, logits)], feats)
        X_te = matrix([dict(rows[i], **{TEXT_FEATURE: float(v)})
                       for i, v in zip(te, textmodel.logits(text, [texts[i] for i in te]))], feats)
        for c in candidates:
            model = fit_combo(X, y[tr], datasets[tr], feats, C=C, evidence_C=c)
            cols = [feats.index(f) for f in model.features]
            p = model.predict(X_te[:, cols])
            scores[c].append((metrics.roc_auc(y[te], p), metrics.ece(y[te], p)))
        if log:
            log(f"evidence C, held out {g}: " + ", ".join(
                f"{c:g} AUC {scores[c][-1][0]:.3f} ECE {scores[c][-1][1]:.3f}" for c in candidates))
    means = {c: (float(np.mean([a for a, _ in v])), float(np.mean([e for _, e in v]))) for c, v in scores.items()}
    best = max(auc for auc, _ in means.values())
    near = [c for c in candidates if means[c][0] >= best - AUC_TOLERANCE]
    choice = min(near, key=lambda c: (round(means[c][1], 4), candidates.index(c)))
    return choice, means


def fit_verdict(rows: list[dict], y: np.ndarray, datasets: np.ndarray, available: tuple[str, ...], *, C: float = 0.1,
                texts: list[str] | None = None, text_C: float = 1.0,
                evidence_C: float | None = None, cache: dict | None = None) -> VerdictModel:
    """A VerdictModel from evidence rows (``values`` dicts), labels and dataset names; with `texts`, the
    verdict's own text model too (entering each linear model as its cross-source logit). With a text
    model, `evidence_C` regularises the evidence features apart from the text logit (see
    :func:`fit_combo`; :func:`select_evidence_C` chooses it); `cache` as for :func:`fit_text`."""
    rows = [dict(r) for r in rows]
    text = None
    if texts is not None:
        text = fit_text(texts, y, datasets, C=text_C, cache=cache)
        for r, v in zip(rows, cross_source_text_logits(texts, y, datasets, C=text_C, cache=cache)):
            r[TEXT_FEATURE] = float(v)
    models = {}
    for combo in group_combinations(available):
        feats = features_of(combo) + ([TEXT_FEATURE] if text else [])
        models["+".join(combo)] = fit_combo(matrix(rows, feats), y, datasets, feats, C=C, evidence_C=evidence_C)
    reliable = [r for r, label in zip(rows, y) if label == 0]
    names = list(ALL_FEATURES) + ([TEXT_FEATURE] if text else [])
    reference = {f: float(np.median([r.get(f, 0.0) for r in reliable])) for f in names if reliable}
    reference.update({f"{f}__mean": float(np.mean([r.get(f, 0.0) for r in reliable])) for f in names if reliable})
    return VerdictModel(models, reference, text=text)


def label_for(p: float) -> str:
    return "low" if p < LOW else "high" if p >= HIGH else "medium"
