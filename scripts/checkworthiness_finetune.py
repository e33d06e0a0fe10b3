"""A fine-tuned MiniLM layer as a check-worthiness reader next to the full tier's linear model,
measured on training data only: the experiment that chose the shipped reader's weight.

    .venv/bin/python scripts/checkworthiness_finetune.py     # ~35 min on 2 cores without the cache

The full tier reads a frozen MiniLM embedding linearly; a network over the frozen embedding did not
help (scripts/checkworthiness_mlp.py). Here the encoder itself adapts: all-MiniLM-L6-v2's top layer
is fine-tuned, with a linear layer over its mean-pooled states, on each CV fold's training rows of
``out_of_fold`` (the recipe is in :mod:`unspin.claims.checkworthiness_reader`; its runs are cached
in ``runs/checkworthiness/reader-*.npz``, shared with ``unspin train claims --tier full``).

The blend and the rule are those of scripts/checkworthiness_mlp.py, fixed before running: the
fine-tuned logit enters as ``m + w * std(m) * z(logit)``, with ``m`` the full tier's out-of-fold
margin without the reader; the w with the best CV MAP over the 56 training debates is adopted if it
beats w = 0 by at least 0.003 and keeps ClaimBuster validation AP within 0.01. No test file is
read. The rule adopted w = 1.0 (session 6), the shipped ``reader_weight``; ``unspin evaluate
claims`` gives its test scores.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthiness_mlp import blend_grid, shipped_margins  # noqa: E402

from unspin.claims import checkworthiness_data as data  # noqa: E402
from unspin.claims.checkworthiness_train import reader_runs  # noqa: E402


def main() -> None:
    examples = data.training_examples(include_validation=True)
    held_idx, m, cb_valid, cb_m = shipped_margins(examples)
    runs = reader_runs(examples)
    logits = np.array([runs["oof"][int(i)] for i in held_idx])
    blend_grid(examples, held_idx, m, cb_valid, cb_m, logits, runs["cb"], name="fine-tuned layer")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
