"""The full check-worthiness tier's other hyper-parameters, cross-validated for the first time with
the memory term on, on training data only.

    .venv/bin/python scripts/checkworthiness_full_grid.py     # ~20 min on 2 cores (10 CV fits)

The full tier took C, the CLEF positive weight and the ClaimBuster weight from the fast tier's
grid, and the embedding scale from a grid run before the memory term existed; only the memory
weight was chosen with the memory on (docs/claims.md). Here each of them moves one axis at a time
from the shipped settings, with the memory at its shipped weight (0.5) and its coefficient
re-derived from each setting's own out-of-fold margins (``memory_blend``).

The rule, fixed before running (committed with this script, before any result): among the
settings that keep ClaimBuster validation AP at or above the shipped 0.7983 - 0.01, take the one
with the best CV MAP over the 56 training debates; adopt it if it beats the shipped 0.1569 by at
least 0.003. If settings on two or more axes qualify, their combination is fitted too and the best
qualifying of all is adopted. No test file is read; the test sets are evaluated once, after, only
if a setting is adopted.
"""

from __future__ import annotations

import json

from unspin.claims import checkworthiness_data as data
from unspin.claims.checkworthiness_train import CACHE, SETTINGS, Settings, cross_validate, log

SHIPPED_CV_MAP, SHIPPED_CB_AP = 0.1569, 0.7983
GRID = {
    "memory_k": (1, 5),
    "dense_weight": (0.15, 0.5),
    "clef_pos_weight": (1.5, 6.0),
    "claimbuster_weight": (0.5, 2.0),
    "C": (0.05, 0.2),
}


def qualifies(row: dict) -> bool:
    return row["claimbuster_valid_ap"] >= SHIPPED_CB_AP - 0.01 and row["cv_map"] >= SHIPPED_CV_MAP + 0.003


def main() -> None:
    examples = data.training_examples(include_validation=True)
    base = Settings(**{**SETTINGS["full"].__dict__, "reader_weight": 0.0})  # full 1.1, as the grid ran (session 6)
    out = CACHE / "grid-full-s6.jsonl"
    rows = []

    def run(changes: dict) -> dict:
        s = Settings(**{**base.__dict__, **changes})
        row = {"changes": changes, **cross_validate("full", s, examples)}
        log(json.dumps(row))
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
        rows.append(row)
        return row

    for axis, values in GRID.items():
        for v in values:
            run({axis: v})
    best_per_axis = {}
    for r in rows:
        if qualifies(r):
            (axis, v), = r["changes"].items()
            if axis not in best_per_axis or r["cv_map"] > best_per_axis[axis]["cv_map"]:
                best_per_axis[axis] = r
    if len(best_per_axis) >= 2:
        run({k: v for r in best_per_axis.values() for k, v in r["changes"].items()})

    print("changes from the shipped settings             CV MAP   ClaimBuster validation AP")
    print(f"{'(shipped)':<45} {SHIPPED_CV_MAP:.4f}   {SHIPPED_CB_AP:.4f}")
    for r in rows:
        print(f"{json.dumps(r['changes']):<45} {r['cv_map']:.4f}   {r['claimbuster_valid_ap']:.4f}")
    eligible = [r for r in rows if qualifies(r)]
    if eligible:
        best = max(eligible, key=lambda r: r["cv_map"])
        print(f"rule: adopt {json.dumps(best['changes'])}")
    else:
        print("rule: nothing adopted")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
