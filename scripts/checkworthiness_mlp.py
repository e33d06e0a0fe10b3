"""A small non-linear reader of the MiniLM embedding next to the full tier's linear model,
measured on training data only.

    .venv/bin/python scripts/checkworthiness_mlp.py     # ~10 min (5 CV fits of each model)

The full check-worthiness tier reads the sentence embedding linearly. This script asks whether a
one-hidden-layer network over the same embedding adds to it: for each of the 5 CV folds of
``out_of_fold`` (CLEF training debates by fold, ClaimBuster minus its validation ids) it trains the
network on the fold's training rows, with the linear model's sample weights, and scores the held-out
debates and the ClaimBuster validation ids. The blend is
``m + w * std(m) * z(network logit)``, with ``m`` the shipped full tier's out-of-fold margin (memory
term included) and ``z`` standardised over the out-of-fold logits.

The rule, fixed before the grid was computed: the w with the best CV MAP over the 56 training
debates is adopted if it beats w = 0 by at least 0.003 and keeps ClaimBuster validation AP within
0.01 of w = 0; otherwise nothing is. No test file is read.
"""

from __future__ import annotations

import numpy as np

from unspin.claims import checkworthiness_data as data
from unspin.claims.checkworthiness_train import (
    CACHE, SETTINGS, _fold_train, _weights, example_embeddings, log, memory_margins, out_of_fold,
)
from unspin.claims.measures import ranking_report

WS = (0.0, 0.25, 0.5, 0.75, 1.0)
HIDDEN, EPOCHS, BATCH, LR, DECAY, DROPOUT, SEED = 256, 8, 256, 1e-3, 1e-4, 0.2, 13


def train_mlp(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    """A 384-256-1 network (ReLU, dropout), weighted logistic loss, Adam; returns a scoring function."""
    import torch

    torch.manual_seed(SEED)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    xt = torch.tensor((x - mean) / std, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32)
    wt = torch.tensor(w / w.mean(), dtype=torch.float32)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Dropout(DROPOUT),
                              torch.nn.Linear(HIDDEN, 1))
    opt = torch.optim.Adam(net.parameters(), lr=LR, weight_decay=DECAY)
    gen = torch.Generator().manual_seed(SEED)
    for _ in range(EPOCHS):
        net.train()
        for idx in torch.randperm(len(xt), generator=gen).split(BATCH):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt[idx]).squeeze(1), yt[idx], weight=wt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()

    def score(rows: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return net(torch.tensor((rows - mean) / std, dtype=torch.float32)).squeeze(1).numpy().astype(np.float64)

    return score


def shipped_margins(examples):
    """``(held_idx, m, cb_valid, cb_m)``: the shipped full tier's out-of-fold margins (memory term
    included) of every CLEF training line, and per fold those of the ClaimBuster validation ids."""
    s = SETTINGS["full"]
    dense = example_embeddings(examples)
    log("linear out-of-fold margins")
    oof = out_of_fold("full", s, examples, dense)
    margins, cb_m = memory_margins(s, oof)
    held_idx = np.array(sorted(margins))
    return held_idx, np.array([margins[i] for i in held_idx]), oof["cb_valid"], cb_m


def blend_grid(examples, held_idx, m, cb_valid, cb_m, logits, cb_logits, name: str = "network") -> None:
    """Print CV MAP and ClaimBuster validation AP of ``m + w * std(m) * z(logits)`` for each w of WS
    (and of the logits alone), and what the rule adopts."""
    from sklearn.metrics import average_precision_score

    cb_labels = [examples[i].label for i in cb_valid]
    z_mean, z_std = logits.mean(), logits.std() + 1e-9
    spread = m.std()
    rows = []
    for w in WS:
        blended = m + w * spread * (logits - z_mean) / z_std
        debates: dict[str, tuple[list[int], list[float]]] = {}
        for i, b in zip(held_idx.tolist(), blended.tolist()):
            labels, ms = debates.setdefault(examples[i].group, ([], []))
            labels.append(examples[i].label)
            ms.append(b)
        cv_map = float(ranking_report(debates)["mean"]["MAP"])
        cb_ap = float(np.mean([average_precision_score(cb_labels, cb_m[k] + w * spread * (cb_logits[k] - z_mean) / z_std)
                               for k in sorted(cb_m)]))
        rows.append((w, cv_map, cb_ap))
    alone = {}
    for i, l in zip(held_idx.tolist(), logits.tolist()):
        labels, ms = alone.setdefault(examples[i].group, ([], []))
        labels.append(examples[i].label)
        ms.append(l)
    print(f"{name} alone: CV MAP {ranking_report(alone)['mean']['MAP']:.4f}")
    print("w      CV MAP   ClaimBuster validation AP")
    for w, cv_map, cb_ap in rows:
        print(f"{w:<6} {cv_map:.4f}   {cb_ap:.4f}")
    base = rows[0]
    best = max(rows, key=lambda r: r[1])
    adopt = best[0] > 0 and best[1] >= base[1] + 0.003 and best[2] >= base[2] - 0.01
    print(f"rule: adopt w = {best[0]}" if adopt else f"rule: nothing adopted (best w = {best[0]})")


def main() -> None:
    s = SETTINGS["full"]
    examples = data.training_examples(include_validation=True)
    held_idx, m, cb_valid, cb_m = shipped_margins(examples)
    path = CACHE / "oof-mlp.npz"
    if path.is_file():
        with np.load(path) as npz:
            logits, cb_logits = npz["logits"], {k: npz[f"cb{k}"] for k in cb_m}
    else:
        dense = example_embeddings(examples)
        y = np.array([e.label for e in examples], dtype=np.float64)
        weights = _weights(examples, s)
        position = {int(i): j for j, i in enumerate(held_idx)}
        logits = np.zeros(len(held_idx))
        cb_logits = {}
        for k in sorted(cb_m):
            train = _fold_train(examples, k)
            log(f"fold {k}: network on {len(train)} rows")
            score = train_mlp(dense[train], y[train], weights[train])
            held = [i for i, e in enumerate(examples) if e.source == "clef" and e.fold == k]
            logits[[position[i] for i in held]] = score(dense[held])
            cb_logits[k] = score(dense[cb_valid])
        np.savez(path, logits=logits, **{f"cb{k}": v for k, v in cb_logits.items()})
    blend_grid(examples, held_idx, m, cb_valid, cb_m, logits, cb_logits)


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
