"""What training the ``full`` technique tagger measures and chooses on the validation split (step 4
of :mod:`unspin.tagging.full_train`): a head's SI and TC scores, decoded exactly as the tagger does,
the decodings tried, and the blend of the head with the shipped ``fast`` tier (:func:`calibrate`).
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Callable

import numpy as np

from ..errors import ModelError
from .full import Decoding, Settings
from .ptc import Article

#: decodings tried on validation (low, high, gap): see unspin.tagging.full.Decoding
DECODINGS = tuple(Decoding(lo, hi, gap) for lo in (0.1, 0.15, 0.2, 0.25, 0.3) for hi in (0.25, 0.3, 0.35, 0.4, 0.5)
                  for gap in (0, 1, 2) if hi >= lo)
#: the few decodings tried after each epoch (the full grid only for the final choice)
QUICK_DECODINGS = (Decoding(0.1, 0.3, 1), Decoding(0.15, 0.3, 1), Decoding(0.2, 0.3, 1), Decoding(0.2, 0.25, 0),
                   Decoding(0.25, 0.3, 1), Decoding(0.3, 0.4, 1))


# ---- evaluation on validation (no Documents needed: the tagger's own decoding) -----------------

def evaluate_head(head, settings: Settings, articles: dict[str, Article], data: dict[str, dict]) -> dict:
    """Validation SI (with each decoding in DECODINGS, the best reported) and TC scores of `head`,
    decoded exactly as the tagger does. `data` holds each article's states after the head's frozen
    original layers (see :func:`unspin.tagging.full_train._advance`)."""
    return _score_cached(head, settings, articles, data, _cache_states(head, {a: data[a] for a in articles}), QUICK_DECODINGS)


def _cache_states(head, data: dict[str, dict]) -> dict[str, tuple]:
    """``{article_id: (piece states fp16, TC feature rows or None)}`` under the current head."""
    import torch

    from .. import encoder

    head.eval()
    cached = {}
    with torch.inference_mode():
        for aid, d in data.items():
            if len(d["enc"]):
                states = encoder.run_blocks(d["enc"], list(head.blocks))
                cached[aid] = (states.half(), head.tc_features(states, d["rows"], d["surface"]) if d["rows"] else None)
    return cached



def _score_cached(head, settings: Settings, articles: dict[str, Article], data: dict[str, dict], cached: dict,
                  decodings: tuple[Decoding, ...] = DECODINGS) -> dict:
    """:func:`evaluate_head` on cached states of the validation articles, trying `decodings`."""
    import torch

    from ..semeval.data import Label
    from ..semeval.scoring import score_si, score_tc
    from .full import assign_duplicates, decode_spans
    from .ptc import gold_si, gold_tc

    head.eval()
    pred: dict[Decoding, list] = {dec: [] for dec in decodings}
    pred_tc = []
    with torch.inference_mode():
        for aid in sorted(articles):
            if aid not in cached:
                continue
            d, art = data[aid], articles[aid]
            states, feats = cached[aid]
            probs = torch.softmax(head.si_logits(states.float()), -1).numpy()
            for dec in decodings:
                pred[dec].extend(Label(aid, s, e) for s, e, _, _ in decode_spans(d["enc"].offsets, d["enc"].continues, probs, dec, art.text))
            if feats is not None:
                tp = torch.softmax(head.tc(feats), -1).numpy()
                spans = [(l.start, l.end) for l in art.tc]
                pred_tc.extend(Label(aid, s, e, tech) for (s, e), (tech, _) in zip(spans, assign_duplicates(tp, spans, settings.techniques)))
    gold = gold_si(articles)
    si = {dec: score_si(pred[dec], gold) for dec in decodings}
    best = max(decodings, key=lambda dec: si[dec].f1)
    tc = score_tc(pred_tc, gold_tc(articles))
    return {"decoding": asdict(best), "si": si[best].as_dict(), "tc": {"micro_f1": round(tc.f1, 4), "n_gold": tc.n_gold,
            "per_technique": {k: round(v.f1, 4) for k, v in tc.per_class.items()}}}


#: weights of this head against the fast tier tried on validation (1.0: this head alone)
BLEND_WEIGHTS = (1.0, 0.7, 0.6, 0.5, 0.4, 0.3)


def calibrate(head, settings: Settings, articles: dict[str, Article], data: dict[str, dict], *,
              log: Callable[[str], None] = print) -> dict | None:
    """Choose on validation how to blend this head with the shipped `fast` tier (SI piece
    probabilities and TC technique probabilities, each a weighted mean) and the decoding of the
    blend; sets ``settings.ensemble`` and returns the validation metrics of the blend, or None
    (``settings.ensemble = {}``) when no fast model is shipped."""
    import torch

    from ..models import read_card
    from ..semeval.data import Label
    from ..semeval.scoring import score_si, score_tc
    from .fast import NAME as FAST, load as load_fast
    from .full import assign_duplicates, decode_spans, fast_piece_probs, fast_technique_probs
    from .ptc import gold_si, gold_tc, parse

    try:
        fast = load_fast()
    except ModelError as err:
        log(f"calibrate: no blending ({err})")
        settings.ensemble = {}
        return None
    t0 = time.time()
    docs = parse(articles)
    cached = _cache_states(head, data)
    si_in, tc_in = {}, {}
    with torch.inference_mode():
        for aid in sorted(articles):
            if aid not in cached:
                continue
            d, doc, (states, feats) = data[aid], docs[aid], cached[aid]
            probs = torch.softmax(head.si_logits(states.float()), -1).numpy()
            si_in[aid] = (probs[:, 1] + probs[:, 2], fast_piece_probs(fast, doc, d["enc"].offsets))
            if feats is not None:
                spans = [(l.start, l.end) for l in articles[aid].tc]
                tc_in[aid] = (spans, torch.softmax(head.tc(feats), -1).numpy(),
                              fast_technique_probs(fast, doc, spans, settings.techniques))
    gold, gold_t = gold_si(articles), gold_tc(articles)
    si_best, tc_best = None, None
    for w in BLEND_WEIGHTS:
        w_best = 0.0
        for dec in DECODINGS:
            pred = []
            for aid, (mine, theirs) in si_in.items():
                p = w * mine + (1 - w) * theirs
                probs = np.stack([1 - p, np.zeros_like(p), p], axis=1)
                pred.extend(Label(aid, s, e) for s, e, _, _ in decode_spans(data[aid]["enc"].offsets, data[aid]["enc"].continues,
                                                                          probs, dec, articles[aid].text))
            sc = score_si(pred, gold)
            w_best = max(w_best, sc.f1)
            if si_best is None or sc.f1 > si_best[0].f1:
                si_best = (sc, w, dec)
        pred_t = []
        for aid, (spans, mine, theirs) in tc_in.items():
            pred_t.extend(Label(aid, s, e, t) for (s, e), (t, _) in
                          zip(spans, assign_duplicates(w * mine + (1 - w) * theirs, spans, settings.techniques)))
        sc = score_tc(pred_t, gold_t)
        log(f"calibrate: weight {w}: SI F1 {w_best:.3f}, TC micro-F1 {sc.f1:.3f}")
        if tc_best is None or sc.f1 > tc_best[0].f1:
            tc_best = (sc, w)
    settings.ensemble = {"files": read_card(FAST)["files"], "si_weight": si_best[1], "tc_weight": tc_best[1],
                         "decoding": asdict(si_best[2])}
    log(f"calibrate: SI weight {si_best[1]} F1 {si_best[0].f1:.3f}, TC weight {tc_best[1]} micro-F1 {tc_best[0].f1:.3f} "
        f"({time.time() - t0:.0f}s)")
    tc = tc_best[0]
    return {"si": si_best[0].as_dict(), "tc": {"micro_f1": round(tc.f1, 4), "n_gold": tc.n_gold,
            "per_technique": {k: round(v.f1, 4) for k, v in tc.per_class.items()}},
            "blend": {k: v for k, v in settings.ensemble.items() if k != "files"}}
