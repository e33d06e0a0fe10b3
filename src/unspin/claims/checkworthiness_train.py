"""Training and evaluation of the check-worthiness tiers (`unspin train claims`, `unspin evaluate claims`).

The parses, features and MiniLM embeddings it reads are cached (:mod:`.checkworthiness_cache`).

Training is deterministic (liblinear logistic regression, no random state involved) and the
hyper-parameters below were chosen on the validation split (``select``), never on a test file.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from . import checkworthiness_data as data
from .checkworthiness import MODEL_NAMES, LinearModel, memory_boost
from .checkworthiness_cache import CACHE, embeddings_for, example_embeddings, features, log, reader_logits
from .measures import ranking_report


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters of one tier (chosen on validation; see ``select``)."""

    C: float = 0.1
    min_df: int = 2
    clef_pos_weight: float = 3.0  # weight of a check-worthy CLEF line (rare: ~1.3% of lines)
    claimbuster_weight: float = 1.0  # weight of every ClaimBuster sentence
    dense_weight: float = 1.0  # scale of the standardised embedding (full tier)
    memory_weight: float = 0.0  # full tier: weight of the similarity to check-worthy training lines (0: off)
    memory_k: int = 3  # ... averaged over this many nearest of them
    reader_weight: float = 0.0  # full tier: weight of the fine-tuned MiniLM reader (0: none; checkworthiness_reader)


#: the shipped settings (from `select`: cross-validation on training debates). The full tier's
#: memory weight is the one with the best CV MAP among those that keep ClaimBuster validation AP
#: within 0.01 of no memory (0.5: CV MAP 0.157 vs 0.151; 0.75 reaches 0.157 but costs 0.018 AP).
#: The reader's weight is the rule's choice in scripts/checkworthiness_finetune.py (1.0: CV MAP
#: 0.157 -> 0.172, ClaimBuster validation AP 0.798 -> 0.850)
SETTINGS = {"fast": Settings(), "full": Settings(dense_weight=0.3, memory_weight=0.5, reader_weight=1.0)}


# ---- fitting ---------------------------------------------------------------------------------


def _matrix(feature_lists: Sequence[Sequence[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for feats in feature_lists:
        indices.extend(sorted({vocab[f] for f in feats if f in vocab}))
        indptr.append(len(indices))
    values = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((values, np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(feature_lists), len(vocab)))


def _vocab(feature_lists: Sequence[Sequence[str]], min_df: int) -> dict[str, int]:
    df: dict[str, int] = {}
    for feats in feature_lists:
        for f in set(feats):
            df[f] = df.get(f, 0) + 1
    kept = sorted(f for f, n in df.items() if n >= min_df)
    return {f: i for i, f in enumerate(kept)}


def _weights(examples: Sequence[data.Example], s: Settings) -> np.ndarray:
    w = np.ones(len(examples))
    for i, e in enumerate(examples):
        if e.source == "claimbuster":
            w[i] = s.claimbuster_weight
        elif e.label == 1:
            w[i] = s.clef_pos_weight
    return w


def fit(tier: str, examples: Sequence[data.Example], s: Settings, dense: np.ndarray | None = None) -> LinearModel:
    """Logistic regression on `examples`; Platt scaling is fitted separately (``fit_platt``)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    feats = [f + [f"src:{e.source}"] for f, e in zip(features([e.text for e in examples]), examples)]
    vocab = _vocab(feats, s.min_df)
    X = _matrix(feats, vocab)
    mean = scale = None
    if dense is not None:
        mean = dense.mean(axis=0)
        scale = dense.std(axis=0) / s.dense_weight + 1e-9
        X = hstack([X, csr_matrix((dense - mean) / scale)]).tocsr()
    y = np.array([e.label for e in examples])
    clf = LogisticRegression(C=s.C, solver="liblinear", max_iter=2000)
    clf.fit(X, y, sample_weight=_weights(examples, s))
    coef = clf.coef_[0]
    # the source indicators only absorb each dataset's base rate during training: drop them
    keep = [f for f in vocab if not f.startswith("src:")]
    new_vocab = {f: i for i, f in enumerate(keep)}
    sparse_w = np.array([coef[vocab[f]] for f in keep])
    bias = float(clf.intercept_[0] + coef[vocab["src:claimbuster"]]) if "src:claimbuster" in vocab else float(clf.intercept_[0])
    weights = np.concatenate([sparse_w, coef[len(vocab):]]) if dense is not None else sparse_w
    # prune features whose weight is negligible: smaller files, same scores to 1e-4
    if dense is None:
        big = np.abs(weights) >= 1e-4
        kept = [f for f, b in zip(keep, big) if b]
        new_vocab = {f: i for i, f in enumerate(kept)}
        weights = weights[big]
    return LinearModel(tier, new_vocab, weights, bias, 1.0, 0.0, 0 if dense is None else dense.shape[1], mean, scale)


def fit_platt(model: LinearModel, margins: np.ndarray, labels: Sequence[int]) -> None:
    """Platt scaling: a 1-d logistic regression from margin to probability (ClaimBuster labels)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    lr.fit(margins.reshape(-1, 1), np.asarray(labels))
    model.platt_a, model.platt_b = float(lr.coef_[0, 0]), float(lr.intercept_[0])


# ---- scoring ---------------------------------------------------------------------------------


def margins_for(model: LinearModel, texts: Sequence[str], group: str) -> np.ndarray:
    """The model's margins of `texts` of `group` (a debate, "claimbuster", a news article), with the
    caches: parses, the group's embeddings and the reader's logits are worked out once."""
    feats = features(texts)
    dense = embeddings_for(group, texts) if model.dense_dim else None
    logits = reader_logits(model.reader, group, texts) if model.reader is not None and model.reader_coef else None
    return model.margins(feats, dense, texts, reader_logits=logits)


# ---- model selection (training data only) ----------------------------------------------------


def _fold_train(examples: Sequence[data.Example], k: int) -> list[int]:
    """Indices of the training part of CV fold `k`: CLEF debates of other folds, ClaimBuster minus its validation ids."""
    return [i for i, e in enumerate(examples) if (e.source == "clef" and e.fold != k) or (e.source == "claimbuster" and e.fold != 1)]


def _memory(examples: Sequence[data.Example], dense: np.ndarray, exclude_fold: int | None = None) -> np.ndarray:
    """Embeddings of the check-worthy CLEF training lines (of folds other than `exclude_fold`)."""
    rows = [i for i, e in enumerate(examples) if e.source == "clef" and e.label == 1 and e.fold != exclude_fold]
    return dense[rows]


_OOF: dict[tuple, dict] = {}


def out_of_fold(tier: str, s: Settings, examples: Sequence[data.Example], dense: np.ndarray | None,
                folds: Sequence[int] = range(5)) -> dict:
    """``_out_of_fold``, memoised per setting (a sweep over ``memory_weight`` fits the folds once)."""
    key = (tier, hash(tuple(map(id, examples))), tuple(folds), Settings(**{**s.__dict__, "memory_weight": 0.0, "reader_weight": 0.0}))
    if key not in _OOF:
        _OOF[key] = {**_out_of_fold(tier, s, examples, dense, folds), "examples": list(examples)}
    return _OOF[key]


def _out_of_fold(tier: str, s: Settings, examples: Sequence[data.Example], dense: np.ndarray | None,
                 folds: Sequence[int] = range(5)) -> dict:
    """Margins of each CLEF training line and each ClaimBuster validation sentence from the CV model
    that did not train on it (keys: example indices), and, for the full tier, each one's similarity
    to the check-worthy lines of the other folds (``memory_similarity``)."""
    from .checkworthiness import memory_similarity

    margins: dict[int, float] = {}
    memory: dict[int, float] = {}
    cb_valid = [i for i, e in enumerate(examples) if e.source == "claimbuster" and e.fold == 1]
    cb_by_fold = {}
    for k in folds:
        train = _fold_train(examples, k)
        model = fit(tier, [examples[i] for i in train], s, dense[train] if dense is not None else None)
        held = [i for i, e in enumerate(examples) if e.source == "clef" and e.fold == k]
        by_group: dict[str, list[int]] = {}
        for i in held:
            by_group.setdefault(examples[i].group, []).append(i)
        for g, idx in by_group.items():
            margins.update(zip(idx, margins_for(model, [examples[i].text for i in idx], g)))
        cb_m = margins_for(model, [examples[i].text for i in cb_valid], "claimbuster")
        cb_sim = np.zeros(len(cb_valid))
        if dense is not None:
            bank = _memory(examples, dense, exclude_fold=k)
            memory.update(zip(held, memory_similarity(dense[held], bank, s.memory_k)))
            cb_sim = memory_similarity(dense[cb_valid], bank, s.memory_k)
        cb_by_fold[k] = (cb_m, cb_sim)
    return {"margins": margins, "memory": memory, "claimbuster": cb_by_fold, "cb_valid": cb_valid}


def memory_blend(s: Settings, oof: dict) -> tuple[float, float]:
    """``(coef, offset)`` of the memory term: `memory_weight` times the spread of the out-of-fold
    margins per standard deviation of the out-of-fold similarity (so the weight is unit-free)."""
    m = np.array(list(oof["margins"].values()))
    sim = np.array(list(oof["memory"].values()))
    return float(s.memory_weight * m.std() / max(sim.std(), 1e-9)), float(sim.mean())


def memory_margins(s: Settings, oof: dict) -> tuple[dict[int, float], dict[int, np.ndarray]]:
    """The out-of-fold margins with the memory term added (as the shipped model scores): per CLEF
    training line, and per fold for the ClaimBuster validation ids. Without memory (the fast tier,
    or weight 0), the margins as they are."""
    coef, offset = memory_blend(s, oof) if oof["memory"] and s.memory_weight else (0.0, 0.0)
    lines = {i: m + coef * float(memory_boost(oof["memory"][i], offset)) if coef else m for i, m in oof["margins"].items()}
    cb = {k: m + coef * memory_boost(sim, offset) for k, (m, sim) in oof["claimbuster"].items()}
    return lines, cb


def reader_constants(s: Settings, margins: dict[int, float], runs: dict) -> tuple[float, float]:
    """``(coef, offset)`` of the reader term, from the out-of-fold margins (``memory_margins``) and
    the reader's out-of-fold logits of the same lines."""
    from .checkworthiness_reader import blend_constants

    keys = sorted(margins)
    return blend_constants(np.array([runs["oof"][i] for i in keys]), np.array([margins[i] for i in keys]), s.reader_weight)


def cross_validate(tier: str, s: Settings, examples: Sequence[data.Example] | None = None, folds: Sequence[int] = range(5)) -> dict:
    """Grouped cross-validation over CLEF training debates (MAP of each held-out fold's debates)
    and average precision on the ClaimBuster validation ids (id % 5 == 1, never trained on here)."""
    from sklearn.metrics import average_precision_score

    examples = list(examples if examples is not None else data.training_examples(include_validation=True))
    dense = example_embeddings(examples) if tier == "full" else None
    oof = out_of_fold(tier, s, examples, dense, folds)
    blended, cb_margins = memory_margins(s, oof)
    if dense is not None and s.reader_weight:
        runs = reader_runs(examples)
        coef, offset = reader_constants(s, blended, runs)
        blended = {i: b + coef * (runs["oof"][i] - offset) for i, b in blended.items()}
        cb_margins = {k: m + coef * (runs["cb"][k] - offset) for k, m in cb_margins.items()}
    scores: dict[str, tuple[list[int], list[float]]] = {}
    for i in sorted(blended):
        labels, margins = scores.setdefault(examples[i].group, ([], []))
        labels.append(examples[i].label)
        margins.append(blended[i])
    report = ranking_report(scores)
    cb_labels = [examples[i].label for i in oof["cb_valid"]]
    cb_aps = [average_precision_score(cb_labels, m) for m in cb_margins.values()]
    return {"cv_map": float(report["mean"]["MAP"]), "debates": len(scores), "claimbuster_valid_ap": float(np.mean(cb_aps))}


def reader_runs(examples: Sequence[data.Example]) -> dict:
    """The fine-tuned reader's out-of-fold logits (the folds of ``out_of_fold``) and the final
    reader, cached in ``runs/checkworthiness/reader-*.npz`` (~35 min on 2 cores without the cache).
    Its sample weights are the shipped full tier's, whatever setting a grid tries."""
    from . import checkworthiness_reader as reader

    folds = {k: (_fold_train(examples, k), [i for i, e in enumerate(examples) if e.source == "clef" and e.fold == k])
             for k in range(5)}
    cb_valid = [i for i, e in enumerate(examples) if e.source == "claimbuster" and e.fold == 1]
    return reader.runs(examples, _weights(examples, SETTINGS["full"]), folds, cb_valid, CACHE, log)


GRID = {
    "C": (0.03, 0.1, 0.3),
    "clef_pos_weight": (3.0, 10.0, 30.0),
    "claimbuster_weight": (0.0, 0.3, 1.0, 3.0),  # 0: CLEF debates alone
}
#: the full tier also tries the scale of the embedding against the sparse features
GRID_FULL = {"memory_weight": (0.0, 0.25, 0.5, 0.75, 1.0), "memory_k": (1, 3, 5), "dense_weight": (0.3, 1.0), **GRID}


def select(tier: str, grid: dict | None = None, out: Path | None = None) -> list[dict]:
    """Try each setting of `grid` (one axis at a time from the defaults) with ``cross_validate``;
    results go to ``runs/checkworthiness/select-<tier>.jsonl``. Test files are never read."""
    grid = grid or (GRID_FULL if tier == "full" else GRID)
    examples = data.training_examples(include_validation=True)
    out = out or CACHE / f"select-{tier}.jsonl"
    rows = []
    base = SETTINGS[tier]
    tried = set()
    for axis, values in grid.items():
        for v in values:
            s = Settings(**{**base.__dict__, axis: v})
            if s in tried:
                continue
            tried.add(s)
            t0 = time.time()
            r = {"settings": s.__dict__, **cross_validate(tier, s, examples), "seconds": round(time.time() - t0)}
            log(json.dumps(r))
            rows.append(r)
            with open(out, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"tier": tier, **r}) + "\n")
    return rows


# ---- training the shipped models -------------------------------------------------------------

DESCRIPTION = {
    "fast": "Check-worthiness of a sentence (probability that it is a check-worthy factual claim): logistic "
            "regression over lexical n-grams, part-of-speech/tense, dependency, entity and number features "
            "from the spaCy parse; Platt-calibrated on ClaimBuster.",
    "full": "Check-worthiness of a sentence: logistic regression over the fast tier's features plus the "
            "MiniLM (all-MiniLM-L6-v2) sentence embedding shared with the technique tagger, plus a memory term "
            "that lifts a sentence close to check-worthy CLEF training lines (mean cosine to its nearest ones "
            "above their average, weighted by cross-validation), plus all-MiniLM-L6-v2's top layer fine-tuned to read "
            "each sentence alone (its logit weighted by cross-validation); Platt-calibrated on ClaimBuster.",
}
#: model versions (1.1 of the full tier adds the memory of checked claims, 1.2 the fine-tuned reader)
VERSIONS = {"fast": "1.0", "full": "1.2"}
DATA = ("CLEF-2019 CheckThat! Task 1 training debates and CLEF-2020 CheckThat! Task 5 training debates "
        "(v2.0), each debate once, without the two CLEF-2020 training files that are CLEF-2019 test debates; "
        "ClaimBuster (claimbuster-ncs, union of the 2x/2.5x/3x NCS files) without its held-out ids.")
SPLIT = ("Test: CLEF-2019 Task 1 test (7 debates), CLEF-2020 Task 5 test (20 debates), ClaimBuster sentence_id % 5 == 0 "
         "(reported on kfold_30ncs.json). Model selection: 5-fold cross-validation over the CLEF training debates "
         "(fold = sha256(debate name) % 5) and ClaimBuster ids % 5 == 1; see unspin.claims.checkworthiness_data.")


def add_memory(model: LinearModel, s: Settings, examples: Sequence[data.Example], dense: np.ndarray, oof: dict) -> None:
    """Give `model` the check-worthy CLEF training lines as memory, weighted as cross-validation measured it."""
    model.memory = _memory(examples, dense)
    model.memory_k = s.memory_k
    model.memory_coef, model.memory_offset = memory_blend(s, oof)


def add_reader(model: LinearModel, s: Settings, examples: Sequence[data.Example], oof: dict) -> dict:
    """Give `model` the fine-tuned reader, weighed against the out-of-fold margins (memory term
    included) as cross-validation measured it; returns the reader's runs (``reader_runs``)."""
    runs = reader_runs(examples)
    model.reader = runs["final"]
    model.reader_coef, model.reader_offset = reader_constants(s, memory_margins(s, oof)[0], runs)
    return runs


def train(tier: str, *, out_root: Path | None = None, evaluate_after: bool = True) -> dict:
    """Train tier `tier` on all training data, calibrate it, write weights + card; returns its metrics."""
    from ..models import TRAINED_DIR, write_card

    if tier not in MODEL_NAMES:
        raise ValueError(f"unknown tier {tier!r}")
    s = SETTINGS[tier]
    examples = data.training_examples(include_validation=True)
    dense = example_embeddings(examples) if tier == "full" else None
    log(f"training {tier} on {len(examples)} sentences")
    model = fit(tier, examples, s, dense)
    runs = None
    if dense is not None and s.memory_weight:
        log("out-of-fold margins for the memory term")
        oof = out_of_fold(tier, s, examples, dense)
        add_memory(model, s, examples, dense, oof)
        if s.reader_weight:
            runs = add_reader(model, s, examples, oof)
    # Platt scaling on out-of-fold margins of ClaimBuster sentences (each fold trained without it),
    # without the memory term: ClaimBuster shares debates with the CLEF memory, so calibrating with
    # it would lower every sentence unlike a debate claim (news); the term only lifts from there.
    # With the reader, only the validation ids (fold 1) have out-of-fold reader logits: each of
    # its five CV readers adds its own (five rows per sentence)
    oof_m, oof_y = [], []
    for j in (1,) if runs else (1, 2, 3, 4):
        keep = [i for i, e in enumerate(examples) if not (e.source == "claimbuster" and e.fold == j)]
        held = [e for e in examples if e.source == "claimbuster" and e.fold == j]
        sub = fit(tier, [examples[i] for i in keep], s, dense[keep] if dense is not None else None)
        linear = margins_for(sub, [e.text for e in held], "claimbuster")
        for logits in runs["cb"].values() if runs else [None]:
            oof_m.append(linear if logits is None else linear + model.reader_coef * (logits - model.reader_offset))
            oof_y += [e.label for e in held]
    fit_platt(model, np.concatenate(oof_m), oof_y)
    root = out_root or TRAINED_DIR
    folder = root / MODEL_NAMES[tier]
    files = model.save(folder)
    from .checkworthiness_eval import evaluate, summary

    metrics = evaluate(tier, model) if evaluate_after else {}
    extra = {}
    if model.reader is not None:
        from .checkworthiness_reader import RECIPE

        extra["reader"] = {"coef": model.reader_coef, "offset": model.reader_offset, "recipe": RECIPE,
                           "calibration": "Platt on ClaimBuster validation ids, each with its 5 CV readers' logits"}
    write_card(
        MODEL_NAMES[tier], files=files, version=VERSIONS[tier], description=DESCRIPTION[tier], data=DATA, split=SPLIT,
        metrics=summary(metrics) if metrics else {}, command=f"unspin train claims --tier {tier}",
        extra={"settings": s.__dict__, "features": len(model.vocab), "calibration": {"a": model.platt_a, "b": model.platt_b},
               "evaluate_command": "unspin evaluate claims", **extra},
        root=root,
    )
    log(f"wrote {folder}")
    return metrics
