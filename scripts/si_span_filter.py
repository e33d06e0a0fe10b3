"""Would a learned filter over the `full` tier's decoded spans raise SI F1? (validation split, nested)

    .venv/bin/python scripts/si_span_filter.py      # ~5 min: tags the 74 validation articles once

Most of the `full` tier's SI loss is false alarms: 47% of its predicted spans on validation touch
no gold span (docs/techniques-full.md, Limits). The decoder reads only P(inside); raising its
thresholds trades recall for precision at once. This asks whether a second look at each decoded
span, with more than its P(inside), separates the false alarms better: a logistic regression over
span features (the blend's mean / max / min P(inside), the MiniLM head's and the CRF's own mean
P(inside) and their disagreement, length, the technique classifier's confidence and entropy and its
technique, the span's share of its line, the spans on its line, its place in the article, quotation
marks, capitals), trained to predict whether a span touches a gold span, and a threshold below
which a span is dropped.

Everything is chosen on validation articles and scored on others (nested): the 74 articles are cut
into 5 folds by article; for each fold, the decoding (the shipped grid) and the filter's threshold
are chosen, and the filter fitted, on the other four folds, then applied to the fold; the folds'
spans are pooled and scored with the official SI measure. The baseline is the same procedure
without the filter (decoding chosen on four folds). Three partitions into folds (seeds 0, 1, 2);
the figures are their means.

Rule, fixed before running (committed with this script, session 9): the filter becomes part of
the `full` tier if its nested SI F1 beats the nested baseline by at least 0.010 (mean over the three
partitions) and by at least 0.005 in each of them.
"""

from __future__ import annotations

import math
import random
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "scripts"))

from si_split_decoding import validation_inputs  # noqa: E402
from unspin.semeval.data import Label  # noqa: E402
from unspin.semeval.scoring import score_si  # noqa: E402
from unspin.tagging.full import decode_spans  # noqa: E402
from unspin.tagging.full_train import DECODINGS  # noqa: E402
from unspin.tagging.ptc import gold_si, load_split, parse  # noqa: E402
from unspin.techniques import TECHNIQUES  # noqa: E402

FOLDS = 5
SEEDS = (0, 1, 2)
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
_QUOTES = re.compile(r"[\"\u201c\u201d]")


def inputs():
    """Per validation article: the blend's, the head's and the CRF's P(inside) per piece, the pieces,
    the text, the Document, and (filled by :func:`fill_tc`) technique probabilities per span."""
    _train, val = load_split()
    docs = parse(val)  # cached: the same Documents validation_inputs tagged
    tagger, raw, _gold = validation_inputs()
    w = tagger.settings.ensemble["si_weight"]
    data = {}
    for aid, (offsets, continues, head, fast, text) in raw.items():
        head_in, crf_in = head[:, 1] + head[:, 2], fast[:, 0] + fast[:, 1]
        blend = w * head_in + (1 - w) * crf_in
        data[aid] = {"doc": docs[aid], "offsets": offsets, "continues": continues, "head": head_in, "crf": crf_in,
                     "probs": np.stack([1 - blend, np.zeros_like(blend), blend], axis=1), "text": text, "tc": {}}
    return tagger, val, data


def spans_of(d: dict, dec) -> list[tuple[int, int, float, list[int]]]:
    key = ("spans", dec)
    if key not in d:
        d[key] = decode_spans(d["offsets"], d["continues"], d["probs"], dec, d["text"])
    return d[key]


def fill_tc(tagger, data: dict) -> None:
    """Technique probabilities (the shipped blend) of every span any decoding finds, once per span."""
    for d in data.values():
        union = sorted({(s, e) for dec in DECODINGS for s, e, _, _ in spans_of(d, dec)})
        if union:
            for sp, p in zip(union, tagger._tc_probs(d["doc"], union)):
                d["tc"][sp] = p


def features(d: dict, dec) -> np.ndarray:
    """One row per decoded span (see the module docstring); cached per decoding."""
    key = ("features", dec)
    if key not in d:
        d[key] = _features(d, dec)
    return d[key]


def _features(d: dict, dec) -> np.ndarray:
    spans = spans_of(d, dec)
    text, n = d["text"], max(1, len(d["text"]))
    rows = []
    p_in = d["probs"][:, 2]
    line_counts: dict[int, int] = {}
    for s, _e, _, _ in spans:
        line_counts[text.rfind("\n", 0, s)] = line_counts.get(text.rfind("\n", 0, s), 0) + 1
    for s, e, score, pieces in spans:
        idx = np.asarray(pieces)
        tc = d["tc"][(s, e)]
        ent = float(-(tc * np.log(np.clip(tc, 1e-9, 1))).sum())
        line_s = text.rfind("\n", 0, s) + 1
        line_e = text.find("\n", e)
        line_e = len(text) if line_e < 0 else line_e
        words = text[s:e].split()
        line_words = max(1, len(text[line_s:line_e].split()))
        caps = sum(w[:1].isupper() for w in words) / max(1, len(words))
        onehot = np.zeros(len(TECHNIQUES))
        onehot[int(tc.argmax())] = 1
        rows.append(np.concatenate([[
            score, p_in[idx].max(), p_in[idx].min(), d["head"][idx].mean(), d["crf"][idx].mean(),
            abs(d["head"][idx].mean() - d["crf"][idx].mean()), math.log1p(len(words)), math.log1p(e - s),
            tc.max(), ent, len(words) / line_words, math.log(line_counts[line_s - 1]), s / n,
            float(bool(_QUOTES.search(text[max(line_s, s - 2):min(line_e, e + 2)]))), caps,
            math.log1p(line_words), float(s == line_s),
        ], onehot]))
    return np.asarray(rows).reshape(len(spans), -1)


def touches(d: dict, aid: str, gold: dict, dec) -> np.ndarray:
    g = gold.get(aid, [])
    return np.array([float(any(a < e and s < b for a, b in g)) for s, e, _, _ in spans_of(d, dec)])


def si_f1(data: dict, ids: list[str], gold_labels: list[Label], keep) -> float:
    """SI F1 over `ids` of the spans `keep(aid)` returns."""
    pred = [Label(aid, s, e) for aid in ids for s, e in keep(aid)]
    chosen = set(ids)
    return score_si(pred, [g for g in gold_labels if g.article_id in chosen]).f1


def fit_filter(data: dict, ids: list[str], gold: dict, dec):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X = np.vstack([features(data[a], dec) for a in ids if spans_of(data[a], dec)])
    y = np.concatenate([touches(data[a], a, gold, dec) for a in ids if spans_of(data[a], dec)])
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(X, y)


def kept(data: dict, aid: str, dec, p: np.ndarray | None = None, threshold: float = 0.0) -> list[tuple[int, int]]:
    """The spans of `dec` in `aid` whose filter probability `p` reaches `threshold` (all: no `p`)."""
    spans = spans_of(data[aid], dec)
    if p is None or threshold <= 0:
        return [(s, e) for s, e, _, _ in spans]
    return [(s, e) for (s, e, _, _), q in zip(spans, p) if q >= threshold]


def filter_probs(data: dict, ids: list[str], dec, model) -> dict[str, np.ndarray]:
    return {a: model.predict_proba(features(data[a], dec))[:, 1] if spans_of(data[a], dec) else np.zeros(0) for a in ids}


def nested(data: dict, gold_labels: list[Label], gold: dict, seed: int) -> tuple[float, float, list]:
    ids = sorted(data)
    order = ids[:]
    random.Random(seed).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    base_keep, filt_keep, choices = {}, {}, []
    for k, test in enumerate(folds):
        train = [a for a in ids if a not in set(test)]
        dec_base = max(DECODINGS, key=lambda dec: si_f1(data, train, gold_labels, lambda a: kept(data, a, dec)))
        best = (-1.0, None, None, None)
        for dec in DECODINGS:
            model = fit_filter(data, train, gold, dec)
            p = filter_probs(data, train, dec, model)
            for t in THRESHOLDS:
                f = si_f1(data, train, gold_labels, lambda a: kept(data, a, dec, p[a], t))
                if f > best[0]:
                    best = (f, dec, model, t)
        _, dec, model, t = best
        choices.append((k, dec_base, dec, t))
        p = filter_probs(data, test, dec, model)
        for a in test:
            base_keep[a] = kept(data, a, dec_base)
            filt_keep[a] = kept(data, a, dec, p[a], t)
    return (si_f1(data, ids, gold_labels, lambda a: base_keep[a]), si_f1(data, ids, gold_labels, lambda a: filt_keep[a]),
            choices)


def main() -> None:
    tagger, val, data = inputs()
    print(f"{len(data)} validation articles tagged; shipped decoding {tagger.decoding}", flush=True)
    fill_tc(tagger, data)
    gold_labels = gold_si(val)
    gold: dict[str, list[tuple[int, int]]] = {}
    for g in gold_labels:
        gold.setdefault(g.article_id, []).append((g.start, g.end))
    shipped = si_f1(data, sorted(data), gold_labels, lambda a: kept(data, a, tagger.decoding))
    print(f"shipped decoding on all 74 (chosen on them): SI F1 {shipped:.4f}", flush=True)
    gains = []
    for seed in SEEDS:
        base, filt, choices = nested(data, gold_labels, gold, seed)
        gains.append(filt - base)
        print(f"partition {seed}: nested baseline SI F1 {base:.4f}, with the filter {filt:.4f} ({filt - base:+.4f})", flush=True)
        for k, db, df, t in choices:
            print(f"  fold {k}: baseline decoding {db}; filter decoding {df}, threshold {t}", flush=True)
    mean = float(np.mean(gains))
    adopt = mean >= 0.010 and min(gains) >= 0.005
    print(f"mean gain {mean:+.4f} (each: {', '.join(f'{g:+.4f}' for g in gains)})")
    print("rule: adopt the span filter" if adopt else "rule: keep the full tier's decoding as it is")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
