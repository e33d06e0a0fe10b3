"""The style-break model: how likely each sentence, and each phrase inside one, was spliced in.

Two gradient-boosted tree ensembles (scikit-learn's HistGradientBoostingClassifier at training
time) over :mod:`.features`, one for sentences and one for phrases, trained on synthetic splices
(:mod:`.synth`) of the 'train' part and calibrated on the 'val' part. The shipped artifact holds
the trees as plain numpy arrays (``trees.npz``), evaluated here without scikit-learn or pickle, and
the thresholds in ``card.json``; ``unspin.models.artifact_dir`` checks their hashes at load.

    model = StyleModel.load()
    for unit, p in model.score(doc):   # p: probability the unit was spliced in
        ...
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Document
from ..errors import ModelError
from .features import NAMES, Unit, featurize

MODEL_NAME = "splices-style"
TREES = "trees.npz"
#: a unit is a positive training example when at least this share of its characters was inserted
POSITIVE = 0.5
#: ...and is left out of training (ambiguous) when between NEGATIVE and POSITIVE
NEGATIVE = 0.1


@dataclass
class Trees:
    """A boosted tree ensemble as flat arrays (one row per node, trees concatenated)."""

    feature: np.ndarray  # int32, -1 at leaves
    threshold: np.ndarray  # float64: go left when x <= threshold
    left: np.ndarray  # int32, absolute node index
    right: np.ndarray
    value: np.ndarray  # float64 leaf values
    roots: np.ndarray  # int32, first node of each tree
    baseline: float

    def decision(self, X: np.ndarray) -> np.ndarray:
        """The raw score of each row: every tree is walked at once, one level per step (a loop over
        the trees cost ~0.15 s per article whatever its length, most of the layer's time on a short
        one)."""
        rows = np.repeat(np.arange(len(X)), len(self.roots))
        node = np.tile(self.roots.astype(np.int64), len(X))  # (row, tree) pairs, row-major
        active = np.flatnonzero(self.feature[node] >= 0)
        while active.size:
            at = node[active]
            go_left = X[rows[active], self.feature[at]] <= self.threshold[at]
            node[active] = np.where(go_left, self.left[at], self.right[at])
            active = active[self.feature[node[active]] >= 0]
        return self.baseline + self.value[node].reshape(len(X), len(self.roots)).sum(axis=1)

    def proba(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-self.decision(X)))

    @classmethod
    def from_sklearn(cls, clf) -> "Trees":
        """Flatten a fitted binary HistGradientBoostingClassifier (no categorical features)."""
        feats, thr, left, right, value, roots = [], [], [], [], [], []
        offset = 0
        for predictors in clf._predictors:
            nodes = predictors[0].nodes
            roots.append(offset)
            leaf = nodes["is_leaf"].astype(bool)
            feats.append(np.where(leaf, -1, nodes["feature_idx"]).astype(np.int32))
            thr.append(nodes["num_threshold"].astype(np.float64))
            left.append((nodes["left"] + offset).astype(np.int32))
            right.append((nodes["right"] + offset).astype(np.int32))
            value.append(nodes["value"].astype(np.float64))
            offset += len(nodes)
        return cls(np.concatenate(feats), np.concatenate(thr), np.concatenate(left), np.concatenate(right),
                   np.concatenate(value), np.asarray(roots, dtype=np.int32), float(np.ravel(clf._baseline_prediction)[0]))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_{k}": getattr(self, k) for k in ("feature", "threshold", "left", "right", "value", "roots")} | {
            f"{prefix}_baseline": np.asarray([self.baseline])}

    @classmethod
    def from_arrays(cls, data, prefix: str) -> "Trees":
        get = lambda k: data[f"{prefix}_{k}"]  # noqa: E731
        return cls(get("feature"), get("threshold"), get("left"), get("right"), get("value"), get("roots"), float(get("baseline")[0]))


@dataclass
class StyleModel:
    sentences: Trees
    phrases: Trees
    sentence_threshold: float
    phrase_threshold: float
    version: str = ""

    def score(self, doc: Document) -> list[tuple[Unit, float]]:
        """Every unit of `doc` with its probability of having been spliced in."""
        return self.score_with_features(doc)[0]

    def score_with_features(self, doc: Document) -> tuple[list[tuple[Unit, float]], np.ndarray]:
        """:meth:`score`, and the feature matrix it read (one row per unit, :data:`features.NAMES`)."""
        units, X = featurize(doc)
        if not units:
            return [], X
        is_phrase = np.array([u.phrase for u in units])
        p = np.zeros(len(units))
        if (~is_phrase).any():
            p[~is_phrase] = self.sentences.proba(X[~is_phrase])
        if is_phrase.any():
            p[is_phrase] = self.phrases.proba(X[is_phrase])
        return list(zip(units, p.tolist())), X

    def save(self, folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / TREES, **self.sentences.arrays("sentences"), **self.phrases.arrays("phrases"))
        (folder / "features.json").write_text(json.dumps({"features": list(NAMES)}, indent=1) + "\n", encoding="utf-8")
        return [TREES, "features.json"]

    @classmethod
    def load(cls, root: Path | None = None) -> "StyleModel":
        return _load(str(root) if root else None)


@lru_cache(maxsize=2)
def _load(root: str | None) -> StyleModel:
    from ..models import artifact_dir, read_card

    folder = artifact_dir(MODEL_NAME, Path(root) if root else None)
    card = read_card(MODEL_NAME, Path(root) if root else None)
    names = json.loads((folder / "features.json").read_text(encoding="utf-8"))["features"]
    if names != list(NAMES):
        raise ModelError(f"model '{MODEL_NAME}' was trained on other features than this unspin computes: retrain it with `unspin train splices`")
    with np.load(folder / TREES) as data:
        sentences, phrases = Trees.from_arrays(data, "sentences"), Trees.from_arrays(data, "phrases")
    thresholds = card.get("thresholds") or {}
    try:
        return StyleModel(sentences, phrases, float(thresholds["sentence"]), float(thresholds["phrase"]), card.get("version", ""))
    except KeyError:
        raise ModelError(f"model card of '{MODEL_NAME}' has no thresholds") from None


def unit_fractions(units: list[Unit], text: str, gold: list[bool]) -> np.ndarray:
    """Share of each unit's non-space characters that were inserted."""
    out = np.zeros(len(units))
    for k, u in enumerate(units):
        chars = [g for c, g in zip(text[u.start : u.end], gold[u.start : u.end]) if not c.isspace()]
        out[k] = sum(chars) / len(chars) if chars else 0.0
    return out
