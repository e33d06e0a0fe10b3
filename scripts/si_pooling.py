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

from si_split_decoding import validation_inputs  # noqa: E402  (scripts/ is on sys.path when run as a script)
from unspin.semeval.data import Label  # noqa: E402
from unspin.semeval.scoring import score_si  # noqa: E402
from unspin.tagging.full import decode_spans  # noqa: E402
from unspin.tagging.full_train import DECODINGS  # noqa: E402


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def main() -> None:
    _tagger, inputs, gold = validation_inputs()
    data = {aid: (o, c, head[:, 1] + head[:, 2], fast.sum(axis=1), text) for aid, (o, c, head, fast, text) in inputs.items()}

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
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
