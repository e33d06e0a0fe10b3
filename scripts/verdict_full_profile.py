"""How well does the shipped verdict hold under `--profile full`? Leave-one-dataset-out, three ways:

    .venv/bin/python scripts/verdict_full_profile.py    # ~15 min once both profiles' evidence is cached

(a) trained and tested on `fast`-profile evidence: the shipped design, the table in docs/verdict.md;
(b) trained on `fast` evidence, tested on `full`-profile evidence of the held-out set: what a user of
    `--profile full` gets from the shipped model;
(c) trained and tested on `full` evidence: what a verdict fitted for the full profile would give.

The first run featurises the ~3,750 articles with the full pipeline (about 50 min of CPU; the cache
under runs/verdict/features/ is filled as it goes, so an interrupted run resumes).
"""

from __future__ import annotations

import json
import sys

import numpy as np

from unspin.verdict.evaluate import EvalOptions, _scores, build_corpus, choose_evidence_C, held_out_split, model_predict
from unspin.verdict.model import fit_verdict


def main() -> None:
    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    opts = EvalOptions()
    fast = build_corpus(EvalOptions(profile="fast"), log)
    full = build_corpus(EvalOptions(profile="full"), log)
    if fast.groups != full.groups:
        raise SystemExit(f"the two profiles give different evidence groups: {fast.groups} vs {full.groups}")
    key = "+".join(fast.groups)
    labelled = [a for a in fast.articles if a.label is not None]
    ways = {"a": "fast -> fast", "b": "fast -> full", "c": "full -> full"}
    res = {}
    for held in opts.datasets:
        train, test, y_tr, d_tr, y_te = held_out_split(labelled, held)
        texts, test_texts = [a.text for a in train], [a.text for a in test]
        # each with its evidence C chosen inside the training sets, as `unspin evaluate verdict` does
        c_fast, _ = choose_evidence_C(fast, train, y_tr, d_tr, opts)
        c_full, _ = choose_evidence_C(full, train, y_tr, d_tr, opts)
        on_fast = fit_verdict(fast.rows(train), y_tr, d_tr, fast.groups, C=opts.C, texts=texts, evidence_C=c_fast)
        on_full = fit_verdict(full.rows(train), y_tr, d_tr, full.groups, C=opts.C, texts=texts, evidence_C=c_full)
        res[held] = {"a": _scores(y_te, model_predict(on_fast, key, fast.rows(test), test_texts)),
                     "b": _scores(y_te, model_predict(on_fast, key, full.rows(test), test_texts)),
                     "c": _scores(y_te, model_predict(on_full, key, full.rows(test), test_texts))}
        print(held, json.dumps(res[held]), flush=True)
    two_class = [h for h in res if res[h]["a"]["auc"] is not None]
    print("trained -> tested on   mean AUC   mean ECE   worst ECE   (held-out sets with both outcomes)")
    for k, name in ways.items():
        print(f"{k}) {name:<18} {np.mean([res[h][k]['auc'] for h in two_class]):8.3f}"
              f"   {np.mean([res[h][k]['ece'] for h in two_class]):8.3f}   {max(res[h][k]['ece'] for h in two_class):9.3f}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
