"""Linear against log-linear pooling of the full tier's two span models (validation split).

    .venv/bin/python scripts/si_pooling.py      # ~2 min: tags the 74 validation articles once

The shipped `full` tier averages the MiniLM head's and the fast CRF's P(inside) of each word piece
(``w * p_head + (1 - w) * p_fast``, w chosen on validation). Log-linear pooling averages their
logits instead, which trusts whichever model is more certain. For each, the best SI F1 over the
blend weight and the decoding grid of ``full_train.DECODINGS`` (both searched on these 74 articles).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin import encoder  # noqa: E402
from unspin.semeval.data import Label  # noqa: E402
from unspin.semeval.scoring import score_si  # noqa: E402
from unspin.tagging import load_tagger  # noqa: E402
from unspin.tagging.full import decode_spans, fast_piece_probs  # noqa: E402
from unspin.tagging.full_train import DECODINGS  # noqa: E402
from unspin.tagging.ptc import gold_si, load_split, parse  # noqa: E402


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def main() -> None:
    import torch

    _train, val = load_split()
    docs = parse(val)
    tagger = load_tagger("full")
    if tagger.fast is None:
        raise SystemExit("the shipped full tagger has no fast blend partner")
    data = {}
    for aid in sorted(val):
        doc = docs[aid]
        enc = encoder.encode(doc)
        if len(enc):
            with torch.inference_mode():
                head = torch.softmax(tagger.head.si_logits(tagger._states(doc)), -1).numpy()
            data[aid] = (enc.offsets, enc.continues, head[:, 1] + head[:, 2], fast_piece_probs(tagger.fast, doc, enc.offsets), doc.text)
    gold = gold_si(val)

    def f1(pool: str, w: float, dec) -> float:
        pred = []
        for aid, (offsets, continues, p_head, p_fast, text) in data.items():
            if pool == "linear":
                p = w * p_head + (1 - w) * p_fast
            else:
                p = 1 / (1 + np.exp(-(w * logit(p_head) + (1 - w) * logit(p_fast))))
            probs = np.stack([1 - p, np.zeros_like(p), p], axis=1)
            pred += [Label(aid, s, e) for s, e, _, _ in decode_spans(offsets, continues, probs, dec, text)]
        return score_si(pred, gold).f1

    for pool, weights in (("linear", (0.4, 0.5, 0.6)), ("log-linear", (0.3, 0.4, 0.5, 0.6, 0.7))):
        best = max(((f1(pool, w, d), w, d) for w in weights for d in DECODINGS), key=lambda r: r[0])
        print(f"{pool}: best SI F1 {best[0]:.4f} at weight {best[1]}, {best[2]}")


if __name__ == "__main__":
    main()
