"""Training and calibrating the style-break model on synthetic splices (``unspin train splices``).

Train: genuine articles of the 'train' part with insertions from 'train' donors (one article in
five left unspliced). Calibrate: the 'val' part, likewise. The thresholds are the pair that
maximises character F1 on validation while flagging under ``MAX_FALSE_FLAGS`` of the characters of
the unspliced validation articles. The test part is only ever touched by ``bench/splices.py``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..document import Document
from .features import Unit, featurize
from .style import MODEL_NAME, NEGATIVE, POSITIVE, StyleModel, Trees, unit_fractions
from .synth import Case, make_cases

TRAIN_CASES = 2400
VAL_CASES = 600
SEED = 5
#: the calibrated thresholds may flag at most this share of the characters of unspliced articles
MAX_FALSE_FLAGS = 0.03
VERSION = "1.0"


@dataclass
class Featurized:
    """Features of every unit of a list of cases, with where they came from."""

    X: np.ndarray
    frac: np.ndarray  # share of the unit inserted
    phrase: np.ndarray  # bool
    case: np.ndarray  # int index into the cases
    units: list[Unit] = field(default_factory=list)


def featurize_cases(cases: list[Case], *, nlp=None, log: Callable[[str], None] = print) -> Featurized:
    if nlp is None:
        from .. import nlp as _nlp

        nlp = _nlp.load()
    rows, fracs, phrases, owners, all_units = [], [], [], [], []
    t0 = time.time()
    for k, case in enumerate(cases):
        doc = Document.from_text(case.text, nlp=nlp)
        units, X = featurize(doc)
        if not units:
            continue
        rows.append(X)
        fracs.append(unit_fractions(units, case.text, case.gold()))
        phrases.append([u.phrase for u in units])
        owners.append([k] * len(units))
        all_units.extend(units)
        if (k + 1) % 200 == 0:
            log(f"  featurized {k + 1}/{len(cases)} articles ({time.time() - t0:.0f} s)")
    return Featurized(np.concatenate(rows), np.concatenate(fracs), np.concatenate(phrases).astype(bool),
                      np.concatenate(owners), all_units)


def fit(data: Featurized, *, seed: int = SEED, exclude: np.ndarray | None = None) -> tuple[Trees, Trees]:
    """One tree ensemble for sentences, one for phrases; ambiguous units are left out, and the units
    `exclude` marks (a boolean per unit; scripts/splices_style_variants.py)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    out = []
    for is_phrase in (False, True):
        mask = (data.phrase == is_phrase) & ((data.frac >= POSITIVE) | (data.frac < NEGATIVE))
        if exclude is not None:
            mask &= ~exclude
        y = (data.frac[mask] >= POSITIVE).astype(int)
        clf = HistGradientBoostingClassifier(max_iter=250, learning_rate=0.06, max_leaf_nodes=24, min_samples_leaf=40,
                                             l2_regularization=1.0, random_state=seed)
        clf.fit(data.X[mask], y)
        out.append(Trees.from_sklearn(clf))
    return out[0], out[1]


def flagged_chars(text: str, units: list[Unit], probs: np.ndarray, sentence_t: float, phrase_t: float) -> np.ndarray:
    """Per character of `text`, whether the style passages at these thresholds flag it (see :mod:`.detect`)."""
    from .detect import style_flags

    out = np.zeros(len(text), dtype=bool)
    for start, end, _ in style_flags(units, probs.tolist(), sentence_t, phrase_t, text):
        out[start:end] = True
    return out


def calibrate(cases: list[Case], data: Featurized, model: StyleModel) -> dict:
    """The thresholds maximising validation character F1 under the false-flag limit, and the scores there."""
    probs = np.zeros(len(data.X))
    probs[~data.phrase] = model.sentences.proba(data.X[~data.phrase])
    probs[data.phrase] = model.phrases.proba(data.X[data.phrase])
    per_case = []
    for k, case in enumerate(cases):
        idx = np.flatnonzero(data.case == k)
        per_case.append((case, [data.units[i] for i in idx], probs[idx], np.asarray(case.gold(), dtype=bool)))
    best = None
    grid_s = np.round(np.arange(0.20, 0.96, 0.05), 2)
    grid_p = np.round(np.arange(0.30, 1.001, 0.05), 2)
    for ts in grid_s:
        for tp in grid_p:
            tp_, fp, fn, clean_flag, clean_total = 0, 0, 0, 0, 0
            for case, units, p, gold in per_case:
                flags = flagged_chars(case.text, units, p, ts, tp)
                if not case.insertions:
                    clean_flag += int(flags.sum())
                    clean_total += len(case.text)
                tp_ += int((flags & gold).sum())
                fp += int((flags & ~gold).sum())
                fn += int((~flags & gold).sum())
            precision = tp_ / (tp_ + fp) if tp_ + fp else 0.0
            recall = tp_ / (tp_ + fn) if tp_ + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            false_flags = clean_flag / clean_total if clean_total else 0.0
            row = {"sentence": float(ts), "phrase": float(tp), "precision": round(precision, 4), "recall": round(recall, 4),
                   "f1": round(f1, 4), "false_flags": round(false_flags, 4)}
            if false_flags <= MAX_FALSE_FLAGS and (best is None or f1 > best["f1"]):
                best = row
    if best is None:
        best = {"sentence": 1.0, "phrase": 1.0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "false_flags": 0.0}
    return best


def featurized_set(split: str, n: int, seed: int, unspliced: float, *, cache: Path | None, log) -> tuple[list[Case], Featurized]:
    """Cases and their features, from `cache` (a folder of pickles, e.g. under runs/) when there."""
    import pickle

    path = cache / f"splices-{split}-{n}-{seed}.pkl" if cache else None
    if path and path.is_file():
        log(f"{split}: features from {path}")
        with open(path, "rb") as fh:
            return pickle.load(fh)
    log(f"{split}: generating {n} cases (seed {seed}) and their features")
    cases = make_cases(split, n, seed=seed, unspliced=unspliced)
    data = featurize_cases(cases, log=log)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            pickle.dump((cases, data), fh)
    return cases, data


def train(*, out_root: Path | None = None, train_cases: int = TRAIN_CASES, val_cases: int = VAL_CASES, seed: int = SEED,
          cache: Path | None = None, log: Callable[[str], None] = print) -> dict:
    """Generate the synthetic sets, fit, calibrate and write the model with its card; returns the card metrics."""
    from ..models import TRAINED_DIR, write_card

    train_set, train_data = featurized_set("train", train_cases, seed, 0.2, cache=cache, log=log)
    val_set, val_data = featurized_set("val", val_cases, seed + 1, 0.25, cache=cache, log=log)
    log(f"fitting on {len(train_data.X)} units")
    sentences, phrases = fit(train_data, seed=seed)
    model = StyleModel(sentences, phrases, 0.5, 0.5, VERSION)
    best = calibrate(val_set, val_data, model)
    log(f"calibrated: {best}")
    folder = (out_root or TRAINED_DIR) / MODEL_NAME
    files = model.save(folder)
    metrics = {"validation": {k: best[k] for k in ("precision", "recall", "f1", "false_flags")}}
    write_card(
        MODEL_NAME, files=files, version=VERSION, root=out_root,
        description="Style-break scorer for splice detection without a reference: gradient-boosted trees over "
                    "article-relative style features of each sentence and phrase (unspin.splices.features).",
        data="Synthetic splices (unspin.splices.synth) of genuine Reuters-21578 and BBC News articles, with insertions "
             "from PTC-SemEval2020 train propaganda spans (validation articles excluded), BuzzFeed-Webis hyperpartisan, "
             "FakeNewsNet fake and FakeNewsAMT/Golbeck fake stories, and other genuine articles.",
        split=f"articles and donors split by hash of their id (unspin.splices.corpus.part): {train_cases} train cases "
              f"(20% unspliced), {val_cases} validation cases (25% unspliced) for the thresholds; test part untouched.",
        metrics=metrics,
        command=f"unspin train splices --train-cases {train_cases} --val-cases {val_cases} --seed {seed}",
        extra={"thresholds": {"sentence": best["sentence"], "phrase": best["phrase"]},
               "max_false_flags": MAX_FALSE_FLAGS,
               "units": {"train": int(len(train_data.X)), "validation": int(len(val_data.X))}},
    )
    return metrics
