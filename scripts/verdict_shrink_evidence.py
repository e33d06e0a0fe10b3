"""Shrinking the evidence features towards zero more than the text model's logit, with the amount
chosen by nested leave-one-dataset-out for ranking *and* calibration (session 8).

    .venv/bin/python scripts/verdict_shrink_evidence.py     # ~20-30 min with the cached evidence

Why: leave-one-dataset-out, the verdict's ranking comes mostly from its text model (docs/verdict.md:
the evidence features and the text logit together rank no better than the text logit alone, 0.805
against 0.807), while the evidence features move each held-out set's mean score with its style,
which is where most of the calibration error comes from (mean ECE 0.108; the text logit alone,
0.075). Session 6's nested selection of one C for every feature (scripts/verdict_nested.py) reached
mean ECE 0.078 at AUC 0.801 but was chosen for AUC alone. Here the text logit keeps the shipped
penalty (C = 0.1) and the evidence features get their own, smaller C_e (`fit_linear(feature_C=...)`):
the candidates run from the shipped model (C_e = 0.1) to the text logit alone (C_e = 0).

Procedure: for each held-out two-class dataset H, every candidate is scored by leave-one-dataset-
out inside the other datasets (mean AUC and mean ECE over the other two-class sets, Golbeck et al.'s
fake-only stories always in training). The choice: among the candidates whose inner mean AUC is
within 0.005 of the best inner mean AUC, the one with the lowest inner mean ECE (ties: the larger
C_e, more evidence). It is fitted on every dataset but H and scored on H. No held-out set's result
enters the choice made for it.

Rule, fixed before running (committed with this script, after session 6's nested result was
known): the procedure replaces the shipped fixed C = 0.1 if, over the four held-out two-class sets,
its mean ECE is at least 0.010 lower than the shipped model's, its mean AUC at most 0.005 lower,
and its lowest AUC at least 0.70 (the issue's floor).
"""

from __future__ import annotations

import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))

from verdict_nested import Designs, log, nested, summary  # noqa: E402

from unspin.verdict import metrics  # noqa: E402
from unspin.verdict.model import TEXT_FEATURE, fit_linear  # noqa: E402

#: name -> evidence C (None: the text logit alone); the text logit keeps C = 0.1 throughout
CANDIDATES = {"C_e=0.1": 0.1, "C_e=0.03": 0.03, "C_e=0.01": 0.01, "C_e=0.003": 0.003, "C_e=0.001": 0.001,
              "text only": None}
SHIPPED = "C_e=0.1"
TEXT_C = 0.1
AUC_TOLERANCE = 0.005


def choose(inner: dict[str, tuple[float, float]]) -> str:
    """The best-calibrated candidate among those that rank within AUC_TOLERANCE of the best."""
    best_auc = max(auc for auc, _ in inner.values())
    near = [c for c in CANDIDATES if inner[c][0] >= best_auc - AUC_TOLERANCE]
    return min(near, key=lambda c: (round(inner[c][1], 4), list(CANDIDATES).index(c)))


def main() -> None:
    design = Designs(log)
    feats = design.feats

    def score(train_sets: frozenset, test_set: str, cand: str) -> dict:
        X, y, d, X_te, y_te = design(train_sets, test_set)
        c_e = CANDIDATES[cand]
        if c_e is None:
            cols = [feats.index(TEXT_FEATURE)]
            model = fit_linear(X[:, cols], y, d, [TEXT_FEATURE], C=TEXT_C)
            p = model.predict(X_te[:, cols])
        else:
            model = fit_linear(X, y, d, feats, C=c_e, feature_C={TEXT_FEATURE: TEXT_C})
            p = model.predict(X_te)
        return {"auc": metrics.roc_auc(y_te, p), "ece": metrics.ece(y_te, p)}

    out = nested(design, CANDIDATES, score, choose)
    (n_auc, n_ece, n_low), (f_auc, f_ece) = summary(out, CANDIDATES, SHIPPED)
    adopt = n_ece <= f_ece - 0.010 and n_auc >= f_auc - 0.005 and n_low >= 0.70
    print("rule: adopt the nested choice" if adopt else "rule: keep the shipped C = 0.1")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
