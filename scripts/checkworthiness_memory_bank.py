"""The full check-worthiness tier's memory with ClaimBuster's check-worthy sentences added to the
CLEF lines, measured on training data only.

    .venv/bin/python scripts/checkworthiness_memory_bank.py     # ~6 min with the caches

The shipped memory holds the 583 check-worthy lines of the CLEF training debates. Here the bank of
each CV fold also holds ClaimBuster's check-worthy sentences, except its validation ids and any
sentence that occurs in the held-out fold's CLEF debates (the 2012/2016 general-election debates
are in both datasets, so an exact copy would score itself). The rule, fixed before running: the
memory weight with the best CV MAP among those keeping ClaimBuster validation AP within 0.01 of no
memory (0.8016) is adopted if it beats the shipped CV MAP (0.1569) by at least 0.003. No test file
is read.
"""

from __future__ import annotations

from unspin.claims import checkworthiness_data as data
from unspin.claims import checkworthiness_train as train
from unspin.claims.checkworthiness_train import SETTINGS, Settings, cross_validate

SHIPPED_CV_MAP, NO_MEMORY_CB_AP = 0.1569, 0.8016


def main() -> None:
    examples = data.training_examples(include_validation=True)
    fold_texts: dict[int, set[str]] = {}
    for e in examples:
        if e.source == "clef":
            fold_texts.setdefault(e.fold, set()).add(data.normalise(e.text))

    def memory(examples, dense, exclude_fold=None):
        blocked = fold_texts.get(exclude_fold, set())
        rows = [i for i, e in enumerate(examples) if e.label == 1 and (
            (e.source == "clef" and e.fold != exclude_fold)
            or (e.source == "claimbuster" and e.fold != 1 and data.normalise(e.text) not in blocked))]
        return dense[rows]

    train._memory = memory  # the bank of every CV fold (and of nothing else: this process only)
    rows = []
    for w in (0.25, 0.5, 0.75, 1.0):
        r = cross_validate("full", Settings(**{**SETTINGS["full"].__dict__, "memory_weight": w, "reader_weight": 0.0}), examples)
        rows.append((w, r["cv_map"], r["claimbuster_valid_ap"]))
    print("weight  CV MAP   ClaimBuster validation AP   (CLEF + ClaimBuster bank)")
    for w, cv_map, ap in rows:
        print(f"{w:<7} {cv_map:.4f}   {ap:.4f}")
    eligible = [r for r in rows if r[2] >= NO_MEMORY_CB_AP - 0.01]
    best = max(eligible, key=lambda r: r[1]) if eligible else None
    adopt = best is not None and best[1] >= SHIPPED_CV_MAP + 0.003
    print(f"rule: adopt weight {best[0]}" if adopt else "rule: nothing adopted")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
