"""Measures for a probability of "unreliable": ROC AUC, accuracy, expected calibration error and
the reliability diagram behind it (as rows, a text table or a small SVG).

ECE follows Guo et al. 2017 ("On Calibration of Modern Neural Networks"): predictions are put in
10 equal-width bins of predicted probability; ECE is the bin-size-weighted mean of
|observed rate of positives - mean predicted probability| over the bins.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np


def roc_auc(y, p) -> float | None:
    """Area under the ROC curve (Mann-Whitney, ties count one half); None when only one class is present."""
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pos, neg = int(y.sum()), int((1 - y).sum())
    if pos == 0 or neg == 0:
        return None
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p), dtype=float)
    sorted_p = p[order]
    i = 0
    while i < len(p):
        j = i
        while j + 1 < len(p) and sorted_p[j + 1] == sorted_p[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def accuracy(y, p, threshold: float = 0.5) -> float:
    y = np.asarray(y, dtype=int)
    return float(np.mean((np.asarray(p, dtype=float) >= threshold).astype(int) == y)) if len(y) else float("nan")


@dataclass
class Bin:
    lo: float
    hi: float
    n: int
    mean_p: float | None
    rate: float | None


def reliability(y, p, bins: int = 10) -> list[Bin]:
    """Equal-width bins over [0, 1]: count, mean predicted probability and observed positive rate."""
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        mask = idx == b
        n = int(mask.sum())
        out.append(Bin(b / bins, (b + 1) / bins, n, float(p[mask].mean()) if n else None, float(y[mask].mean()) if n else None))
    return out


def ece(y, p, bins: int = 10) -> float:
    """Expected calibration error over `bins` equal-width bins (0 = perfectly calibrated)."""
    total = len(np.asarray(y))
    if total == 0:
        return float("nan")
    return float(sum(b.n / total * abs(b.rate - b.mean_p) for b in reliability(y, p, bins) if b.n))


def reliability_table(y, p, bins: int = 10) -> str:
    """The reliability diagram as a Markdown table."""
    rows = ["| predicted | n | mean predicted | observed unreliable |", "|---|---|---|---|"]
    for b in reliability(y, p, bins):
        if b.n:
            rows.append(f"| {b.lo:.1f}-{b.hi:.1f} | {b.n} | {b.mean_p:.2f} | {b.rate:.2f} |")
    return "\n".join(rows)


def reliability_svg(curves: dict[str, tuple], bins: int = 10, size: int = 240) -> str:
    """A reliability diagram (observed rate against mean predicted probability per bin) as a
    self-contained SVG, one polyline per named curve ``{name: (y, p)}``."""
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    pad = 30
    w = size + 2 * pad
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{w + 20 * len(curves)}" font-size="10">',
             f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#888"/>',
             f'<line x1="{pad}" y1="{pad + size}" x2="{pad + size}" y2="{pad}" stroke="#bbb" stroke-dasharray="4"/>',
             f'<text x="{pad}" y="{pad + size + 14}">0</text><text x="{pad + size - 6}" y="{pad + size + 14}">1</text>',
             f'<text x="{pad + size / 2 - 40}" y="{pad + size + 24}">mean predicted</text>',
             f'<text x="4" y="{pad - 8}">observed</text>']
    for k, (name, (y, p)) in enumerate(curves.items()):
        pts = [(b.mean_p, b.rate) for b in reliability(y, p, bins) if b.n]
        colour = colours[k % len(colours)]
        coords = " ".join(f"{pad + x * size:.1f},{pad + (1 - r) * size:.1f}" for x, r in pts)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for x, r in pts:
            parts.append(f'<circle cx="{pad + x * size:.1f}" cy="{pad + (1 - r) * size:.1f}" r="2" fill="{colour}"/>')
        parts.append(f'<text x="{pad}" y="{w + 14 + 20 * k}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
