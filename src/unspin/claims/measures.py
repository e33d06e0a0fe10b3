"""Ranking and classification measures for check-worthiness, as the CheckThat! labs define them.

The CLEF-2019 Task 1 and CLEF-2020 Task 5 scorers rank one debate's lines by descending score
(a stable sort, so tied lines keep their order in the file), then compute per debate:

- average precision: the precision at the rank of each check-worthy line, summed and divided by
  the number of check-worthy lines in the debate (0 when the debate has none);
- precision at k: check-worthy lines among the first k, divided by k (k, not the list length,
  even when the debate is shorter than k);
- R-precision: precision at R, R being the number of check-worthy lines;
- reciprocal rank: 1 / rank of the first check-worthy line.

Each MEAN measure is the plain average of the per-debate values over the debates (MAP is the
official measure of both tasks). These functions take labels and scores and never read files.
"""

from __future__ import annotations

from collections.abc import Sequence

THRESHOLDS = (1, 3, 5, 10, 20, 50)


def ranked_labels(labels: Sequence[int], scores: Sequence[float]) -> list[int]:
    """`labels` reordered by descending score; ties keep their original order (as the scorer)."""
    if len(labels) != len(scores):
        raise ValueError(f"{len(labels)} labels but {len(scores)} scores: every line needs a score")
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [int(labels[i]) for i in order]


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    ranked = ranked_labels(labels, scores)
    positives = sum(ranked)
    if positives == 0:
        return 0.0
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked, start=1):
        if label == 1:
            hits += 1
            total += hits / rank
    return total / positives


def precision_at(labels: Sequence[int], scores: Sequence[float], k: int) -> float:
    if k < 1:
        raise ValueError("k must be at least 1")
    return sum(ranked_labels(labels, scores)[:k]) / k


def r_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    r = sum(int(x) for x in labels)
    return precision_at(labels, scores, r) if r else 0.0


def reciprocal_rank(labels: Sequence[int], scores: Sequence[float]) -> float:
    for rank, label in enumerate(ranked_labels(labels, scores), start=1):
        if label == 1:
            return 1.0 / rank
    return 0.0


def ranking_report(debates: dict[str, tuple[Sequence[int], Sequence[float]]], ks: Sequence[int] = THRESHOLDS) -> dict:
    """Per-debate and mean measures for ``{debate: (labels, scores)}`` (the lab's MEAN rows)."""
    if not debates:
        raise ValueError("no debates to score")
    per = {}
    for name, (labels, scores) in debates.items():
        per[name] = {
            "AP": average_precision(labels, scores),
            "RR": reciprocal_rank(labels, scores),
            "R-P": r_precision(labels, scores),
            **{f"P@{k}": precision_at(labels, scores, k) for k in ks},
            "lines": len(labels),
            "positives": int(sum(int(x) for x in labels)),
        }
    keys = ["AP", "RR", "R-P", *(f"P@{k}" for k in ks)]
    mean = {("MAP" if k == "AP" else k if k.startswith("P@") else "M" + k): sum(p[k] for p in per.values()) / len(per) for k in keys}
    return {"mean": mean, "debates": per}


def mean_average_precision(debates: dict[str, tuple[Sequence[int], Sequence[float]]]) -> float:
    """MAP over debates: the official measure of CLEF-2019 Task 1 and CLEF-2020 Task 5."""
    if not debates:
        raise ValueError("no debates to score")
    return sum(average_precision(lab, sc) for lab, sc in debates.values()) / len(debates)


def binary_f1(labels: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    """Precision, recall and F1 of the positive class (ClaimBuster's check-worthy class, CFS)."""
    if len(labels) != len(predicted):
        raise ValueError(f"{len(labels)} labels but {len(predicted)} predictions")
    tp = sum(1 for y, p in zip(labels, predicted) if y == 1 and p == 1)
    fp = sum(1 for y, p in zip(labels, predicted) if y != 1 and p == 1)
    fn = sum(1 for y, p in zip(labels, predicted) if y == 1 and p != 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def reliability(labels: Sequence[int], probs: Sequence[float], bins: int = 10) -> dict:
    """Calibration check: per equal-width probability bin, the mean prediction and the observed
    rate, plus the expected calibration error (bin-size-weighted mean absolute gap)."""
    if len(labels) != len(probs):
        raise ValueError(f"{len(labels)} labels but {len(probs)} probabilities")
    rows, ece, n = [], 0.0, len(labels)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, p in enumerate(probs) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not idx:
            continue
        mean_p = sum(probs[i] for i in idx) / len(idx)
        rate = sum(int(labels[i]) for i in idx) / len(idx)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx), "mean_prob": mean_p, "observed": rate})
        ece += len(idx) / n * abs(mean_p - rate)
    return {"ece": ece, "bins": rows}
