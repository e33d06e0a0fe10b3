"""Would the MiniLM encoder's article embedding help the verdict's text model across datasets?

    .venv/bin/python scripts/verdict_embedding.py embed     # ~25 min: one vector per verdict article
    .venv/bin/python scripts/verdict_embedding.py run       # ~10 min: version 1.2.1's procedure with it

The verdict's ranking comes mostly from its bag-of-words text model (docs/verdict.md), which is
behind the TF-IDF baseline on mean held-out AUC (0.804 against 0.814). Wording learnt from word
counts ties a model to its training sources' topics; a sentence encoder's representation might
carry across sources better. The `full` profile already runs all-MiniLM-L6-v2 over every article
(`encoder.base_states`), so an embedding would cost that profile nothing more.

`embed`: each article's embedding is the mean of all-MiniLM-L6-v2's piece states over its first
1,024 word pieces (four 256-piece windows, as `encoder.encode_text` cuts them), L2-normalised,
saved to runs/verdict/embeddings.npz by article key.

`run`: the text model becomes two models whose logits add: the shipped TF-IDF model plus a
logistic regression over the 384 embedding dimensions (C = 1, the same sample weights), fitted
and used everywhere the text model is (the cross-source logits, the evidence-C choice, the final
model), so the procedure is `unspin evaluate verdict`'s, unchanged otherwise.

Rule, fixed before the `run` step (committed with this script, session 12, before any embedding
result was seen): adopt the embedding (verdict 1.3, `full` profile) if, over the four held-out
two-class sets, mean AUC is at least 0.819 (the TF-IDF baseline's 0.814 plus 0.005), mean ECE at
most 0.080 and the lowest AUC at least 0.70. The embedding's LR alone, and the two logits' sum
without evidence, are printed for information.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "runs" / "verdict" / "embeddings.npz"
MAX_PIECES = 1024
SHIPPED = {"mean_auc": 0.8042, "mean_ece": 0.0830, "tfidf_auc": 0.8140}


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed() -> None:
    import torch

    from unspin import encoder
    from unspin.verdict.evaluate import EvalOptions, build_corpus

    torch.set_num_threads(2)
    corpus = build_corpus(EvalOptions(), log)
    done: dict[str, np.ndarray] = {}
    if OUT.exists():
        with np.load(OUT) as z:
            done = {k: z[k] for k in z.files}
    enc = encoder.load()
    todo = [a for a in corpus.articles if text_key(a.text) not in done]
    log(f"{len(done)} embedded already, {len(todo)} to go")
    t0 = time.time()
    for i, a in enumerate(todo, 1):
        ids, _, _ = enc.pieces(a.text)
        ids = ids[:MAX_PIECES]
        windows = encoder.plan_windows(len(ids)) if len(ids) else []
        if not windows:
            done[text_key(a.text)] = np.zeros(encoder.HIDDEN, dtype=np.float32)
            continue
        rows = [[enc.cls, *ids[s:e].tolist(), enc.sep] for s, e in windows]
        x, mask = enc.run_bottom(rows, max(len(r) for r in rows))
        with torch.inference_mode():
            x = x.float()
            for block in enc.base_top:
                x = block(x, mask)
        m = mask.clone()
        m[:, 0] = False  # [CLS]
        for r, row in enumerate(rows):
            m[r, len(row) - 1] = False  # [SEP]
        v = (x * m[..., None]).sum(dim=(0, 1)) / m.sum().clamp(min=1)
        v = v.numpy()
        done[text_key(a.text)] = (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)
        if i % 200 == 0 or i == len(todo):
            np.savez(OUT, **done)
            log(f"{i}/{len(todo)} ({(time.time() - t0) / i:.2f} s each)")
    np.savez(OUT, **done)


def run() -> None:
    from sklearn.linear_model import LogisticRegression

    from unspin.verdict import metrics, textmodel
    from unspin.verdict.evaluate import EvalOptions, build_corpus, held_out_split, lodo
    from unspin.verdict.model import sample_weights

    with np.load(OUT) as z:
        vectors = {k: z[k] for k in z.files}

    def E(texts):
        return np.stack([vectors[text_key(t)] for t in texts])

    def emb_fit(texts, y, weights):
        lr = LogisticRegression(C=1.0, max_iter=5000)
        lr.fit(E(texts), y, sample_weight=weights)
        return lr

    opts = EvalOptions()
    corpus = build_corpus(opts, log)
    missing = [a.key for a in corpus.articles if text_key(a.text) not in vectors]
    if missing:
        sys.exit(f"{len(missing)} articles have no embedding yet (first: {missing[0]}); run the embed step")

    # for information: the embedding's LR alone and the sum of both text logits, no evidence
    labelled = [a for a in corpus.articles if a.label is not None]
    info = {}
    for held in opts.datasets:
        train, test, y_tr, d_tr, y_te = held_out_split(labelled, held)
        if len(set(y_te.tolist())) < 2:
            continue
        w = sample_weights(y_tr, d_tr)
        lr = emb_fit([a.text for a in train], y_tr, w)
        le = lr.decision_function(E([a.text for a in test]))
        tm = textmodel.fit([a.text for a in train], y_tr, w, C=1.0)
        lt = textmodel.logits(tm, [a.text for a in test])
        info[held] = {"embedding": round(metrics.roc_auc(y_te, le), 4), "tfidf text model": round(metrics.roc_auc(y_te, lt), 4),
                      "sum": round(metrics.roc_auc(y_te, le + lt), 4)}
        log(f"{held}: {info[held]}")
    for k in ("embedding", "tfidf text model", "sum"):
        print(f"{k} alone, mean AUC {np.mean([v[k] for v in info.values()]):.4f}")

    shipped_fit, shipped_logits = textmodel.fit, textmodel.logits

    def fit(texts, y, weights=None, **kw):
        m = shipped_fit(texts, y, weights, **kw)
        m["_emb"] = emb_fit(texts, y, weights)
        return m

    def logits(model, texts):
        out = shipped_logits(model, texts)
        if "_emb" in model:
            out = out + model["_emb"].decision_function(E(texts))
        return out

    textmodel.fit, textmodel.logits = fit, logits
    try:
        result = lodo(corpus, opts, log)
    finally:
        textmodel.fit, textmodel.logits = shipped_fit, shipped_logits
    result.pop("curves", None)
    for r in result["rows"]:
        print(r["held_out"], json.dumps({k: r[k] for k in ("ours", "evidence", "tfidf", "evidence_C")}), flush=True)
    s = result["summary"]["ours"]
    print(f"\nwith the embedding: mean AUC {s['mean_auc']:.4f} (lowest {s['min_auc']:.4f}), mean ECE {s['mean_ece']:.4f} "
          f"(worst {s['max_ece']:.4f}); version 1.2.1: {SHIPPED['mean_auc']:.4f}, {SHIPPED['mean_ece']:.4f}; "
          f"TF-IDF: {result['summary']['tfidf']['mean_auc']:.4f}")
    adopt = s["mean_auc"] >= SHIPPED["tfidf_auc"] + 0.005 and s["mean_ece"] <= 0.080 and s["min_auc"] >= 0.70
    print("rule: adopt the embedding (version 1.3)" if adopt else "rule: keep version 1.2.1")


if __name__ == "__main__":
    {"embed": embed, "run": run}[sys.argv[1] if len(sys.argv) > 1 else "run"]()
