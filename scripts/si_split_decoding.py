"""Would splitting decoded spans where a word looks like a beginning help SI? (validation split)

    .venv/bin/python scripts/si_split_decoding.py      # ~3 min: tags the 74 validation articles once

The shipped `full` decoder (``unspin.tagging.full.decode_spans``) reads only P(inside) = P(B) + P(I)
of the blend of the MiniLM head and the fast CRF. Predicted spans that touch a gold span are mostly
longer than it, so this script keeps P(B) and P(I) apart (each blended with the shipped weight), and
splits every decoded span before a word whose P(B) beats its P(I) and reaches `split`, keeping the
pieces that still reach the decoding's `high` threshold. It prints the shipped decoding's SI F1 and
the best decodings of a grid (low, high, gap, split). Validation is also where the shipped decoding
was chosen, so a gain of a few thousandths is noise.
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
from unspin.tagging.full import Decoding, decode_spans, word_probs, words_of  # noqa: E402
from unspin.tagging.ptc import gold_si, load_split, parse  # noqa: E402

SPLITS = (None, 0.05, 0.1, 0.15, 0.2, 0.3)


def validation_inputs():
    """``(tagger, {article id: (offsets, continues, head O/B/I, fast B/I, text)}, gold SI spans)``:
    the shipped `full` tagger's head probabilities and its fast CRF's marginals for every word piece
    of the validation articles (a piece takes the marginals of the spaCy token holding it, as
    ``unspin.tagging.full.fast_piece_probs`` maps them). Shared with scripts/si_pooling.py."""
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
        if not len(enc):
            continue
        with torch.inference_mode():
            head = torch.softmax(tagger.head.si_logits(tagger._states(doc)), -1).numpy()
        starts, fast = [], []
        for toks, pb, pi, _ in tagger.fast.span_marginals(doc):
            for tok, b, i in zip(toks, pb, pi):
                starts.append(tok.idx)
                fast.append((b, i))
        k = np.clip(np.searchsorted(np.array(starts), enc.offsets[:, 0], "right") - 1, 0, len(starts) - 1)
        data[aid] = (enc.offsets, enc.continues, head, np.asarray(fast)[k], doc.text)
    return tagger, data, gold_si(val)


def blended(w: float, head: np.ndarray, fast: np.ndarray) -> np.ndarray:
    """[n_pieces, 3] O/B/I probabilities: B and I each the weighted mean of the head's and the CRF's."""
    b = w * head[:, 1] + (1 - w) * fast[:, 0]
    i = w * head[:, 2] + (1 - w) * fast[:, 1]
    return np.stack([1 - b - i, b, i], axis=1)


def split_spans(offsets, continues, probs, text, dec: Decoding, split: float | None) -> list[tuple[int, int]]:
    found = decode_spans(offsets, continues, probs, dec, text)
    if split is None:
        return [(s, e) for s, e, _, _ in found]
    word = words_of(continues)
    n = int(word[-1]) + 1
    count = np.bincount(word, minlength=n)
    pb = np.bincount(word, weights=probs[:, 1], minlength=n) / count
    pi = np.bincount(word, weights=probs[:, 2], minlength=n) / count
    p_in, _first, _last, w_start, w_end = word_probs(offsets, continues, probs)
    out = []
    for _s, _e, _score, pieces in found:
        words = sorted({int(word[p]) for p in pieces})
        cuts = [k for k, wd in enumerate(words) if k and pb[wd] > pi[wd] and pb[wd] >= split]
        for lo, hi in zip([0, *cuts], [*cuts, len(words)]):
            part = words[lo:hi]
            if p_in[part].max() >= dec.high:
                out.append((int(w_start[part[0]]), int(w_end[part[-1]])))
    return out


def main() -> None:
    tagger, inputs, gold = validation_inputs()
    w = tagger.settings.ensemble["si_weight"]
    data = {aid: (o, c, blended(w, head, fast), text) for aid, (o, c, head, fast, text) in inputs.items()}

    def score(dec, split):
        pred = [Label(aid, s, e) for aid, (o, c, p, text) in data.items() for s, e in split_spans(o, c, p, text, dec, split)]
        return score_si(pred, gold)

    shipped = Decoding(**tagger.settings.ensemble["decoding"])
    sc = score(shipped, None)
    print(f"shipped decoding {shipped}: SI P/R/F1 {sc.precision:.3f} / {sc.recall:.3f} / {sc.f1:.4f}")
    rows = []
    for lo in (0.15, 0.2, 0.25, 0.3):
        for hi in (0.3, 0.35, 0.4, 0.5):
            for gap in (0, 1, 2):
                if hi >= lo:
                    for split in SPLITS:
                        rows.append((score(Decoding(lo, hi, gap), split).f1, lo, hi, gap, split))
    rows.sort(key=lambda r: -r[0])
    print("best decodings (SI F1, low, high, gap, split):")
    for r in rows[:5]:
        print(f"  {r[0]:.4f}  {r[1:]}")
    print(f"best without split: {max(r[0] for r in rows if r[4] is None):.4f}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
