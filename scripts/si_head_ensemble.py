"""Would an ensemble of `full` heads find spans better? A diagnostic on the validation split, not a
candidate for shipping (each head adds its tuned layers per window, which the 6x speed target
cannot afford).

    .venv/bin/python scripts/si_head_ensemble.py RUN_DIR [RUN_DIR ...]   # ~1 min per head

Each RUN_DIR holds a head trained like the shipped `techniques-full` (same encoder geometry;
e.g. the seed and loss-weight runs under runs/techniques-full/). The heads' O/B/I probabilities
are averaged with the shipped head's, blended with the fast CRF at the shipped weight, and decoded
with the shipped decoding and with the best of a small grid. The grid is chosen on the same split
it is scored on, so read the best row as an upper bound of what an ensemble could give, and the
shipped-decoding row as the fair comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from si_split_decoding import blended, split_spans, validation_inputs  # noqa: E402

from unspin import encoder  # noqa: E402
from unspin.semeval.data import Label  # noqa: E402
from unspin.semeval.scoring import score_si  # noqa: E402
from unspin.tagging.full import Decoding, load_from  # noqa: E402
from unspin.tagging.ptc import load_split, parse  # noqa: E402


def head_probs(folder: Path, docs: dict, ids: list[str]) -> dict[str, np.ndarray]:
    import torch

    tagger = load_from(folder)
    out = {}
    for aid in ids:
        states = encoder.head_states(docs[aid], f"ensemble:{folder}", list(tagger.head.blocks),
                                     base_layers=tagger.settings.base_layers)
        with torch.inference_mode():
            out[aid] = torch.softmax(tagger.head.si_logits(states), -1).numpy()
    return out


def main() -> None:
    runs = [Path(p) for p in sys.argv[1:]]
    tagger, inputs, gold = validation_inputs()
    w = tagger.settings.ensemble["si_weight"]
    shipped = Decoding(**tagger.settings.ensemble["decoding"])
    _train, val = load_split()
    docs = parse(val)
    ids = sorted(inputs)
    heads = [{aid: inputs[aid][2] for aid in ids}] + [head_probs(r, docs, ids) for r in runs]
    names = ["shipped"] + [r.name for r in runs]

    def si(members: list[int], dec: Decoding) -> float:
        pred = []
        for aid in ids:
            o, c, _h, fast, text = inputs[aid]
            head = np.mean([heads[m][aid] for m in members], axis=0)
            pred += [Label(aid, s, e) for s, e in split_spans(o, c, blended(w, head, fast), text, dec, None)]
        return score_si(pred, gold).f1

    grid = [Decoding(lo, hi, gap) for lo in (0.15, 0.2, 0.25, 0.3) for hi in (0.3, 0.35, 0.4, 0.5) for gap in (0, 1, 2) if hi >= lo]
    print("heads                                   SI F1, shipped decoding   best of the grid (upper bound)")
    sets = [[k] for k in range(len(heads))] + [list(range(k + 1)) for k in range(1, len(heads))]
    for members in sets:
        best = max(si(members, d) for d in grid)
        print(f"{' + '.join(names[m] for m in members):<40} {si(members, shipped):.4f}                    {best:.4f}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
