"""Neighbour context smoothing of check-worthiness margins, measured on training data only.

    .venv/bin/python scripts/checkworthiness_smoothing.py --tier fast    # ~1.5 min (5 CV fits)
    .venv/bin/python scripts/checkworthiness_smoothing.py --tier full    # ~6 min

Check-worthy lines cluster (a speaker arguing with facts over several lines), so a sentence's
margin may gain from its neighbours': ``m'_i = m_i + lam * mean(m_{i-1}, m_{i+1})`` over one
document's sentences in order (no speakers: news has none). The margins are the out-of-fold ones
of ``out_of_fold`` (each training debate scored by a model that never saw its fold; the full
tier's memory term included at its shipped weight), fitted once and cached in
``runs/checkworthiness/oof-<tier>.npz``. The grid prints CV MAP over the 56 training debates for
the mean (the variant eligible for selection) and, for information, the max of the neighbours.
ClaimBuster validation AP is unsmoothed: the validation ids are every fifth sentence, so they have
no neighbours in order. No test file is read.
"""

from __future__ import annotations

import argparse

import numpy as np

from unspin.claims import checkworthiness_data as data
from unspin.claims.checkworthiness_train import CACHE, SETTINGS, example_embeddings, memory_margins, out_of_fold
from unspin.claims.measures import ranking_report

LAMS = (0.0, 0.1, 0.2, 0.3, 0.5)


def smooth(margins: np.ndarray, lam: float, how: str = "mean") -> np.ndarray:
    """Each margin plus `lam` times the mean (or max) of its neighbours' in document order;
    a sentence at an edge uses its one neighbour, a one-sentence document is unchanged."""
    m = np.asarray(margins, dtype=np.float64)
    if lam == 0 or len(m) < 2:
        return m.copy()
    prev = np.concatenate([[np.nan], m[:-1]])
    nxt = np.concatenate([m[1:], [np.nan]])
    pair = np.stack([prev, nxt])
    context = np.nanmean(pair, axis=0) if how == "mean" else np.nanmax(pair, axis=0)
    return m + lam * context


def oof_margins(tier: str) -> tuple[dict[str, tuple[list[int], np.ndarray]], float]:
    """``({debate: (labels, out-of-fold margins in line order)}, ClaimBuster validation AP)``."""
    from sklearn.metrics import average_precision_score

    path = CACHE / f"oof-{tier}.npz"
    examples = data.training_examples(include_validation=True)
    if not path.is_file():
        s = SETTINGS[tier]
        dense = example_embeddings(examples) if tier == "full" else None
        oof = out_of_fold(tier, s, examples, dense)
        margins, cb_margins = memory_margins(s, oof)
        idx = np.array(sorted(margins))
        m = np.array([margins[i] for i in idx])
        cb_labels = [examples[i].label for i in oof["cb_valid"]]
        cb_ap = np.mean([average_precision_score(cb_labels, cm) for cm in cb_margins.values()])
        np.savez(path, idx=idx, margins=m, cb_ap=np.array(cb_ap))
    with np.load(path) as npz:
        idx, m, cb_ap = npz["idx"], npz["margins"], float(npz["cb_ap"])
    debates: dict[str, tuple[list[int], list[float]]] = {}
    for i, margin in zip(idx.tolist(), m.tolist()):  # example indices follow each debate's line order
        labels, ms = debates.setdefault(examples[i].group, ([], []))
        labels.append(examples[i].label)
        ms.append(margin)
    return {g: (y, np.array(ms)) for g, (y, ms) in debates.items()}, cb_ap


def cv_map(debates: dict, lam: float, how: str) -> float:
    scores = {g: (y, smooth(m, lam, how).tolist()) for g, (y, m) in debates.items()}
    return float(ranking_report(scores)["mean"]["MAP"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tier", choices=("fast", "full"), default="fast")
    args = ap.parse_args()
    debates, cb_ap = oof_margins(args.tier)
    print(f"tier {args.tier}: {len(debates)} training debates, ClaimBuster validation AP {cb_ap:.4f} (unsmoothed)")
    print("lam    CV MAP (mean)   CV MAP (max, information only)")
    for lam in LAMS:
        print(f"{lam:<6} {cv_map(debates, lam, 'mean'):.4f}          {cv_map(debates, lam, 'max'):.4f}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
