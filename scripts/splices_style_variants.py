"""The style-break model retrained, and retrained without the insertions taken from other genuine news:
validation figures only (docs/splices.md, "Training data").

    .venv/bin/python scripts/splices_style_variants.py      # ~15 min the first time (featurizes into runs/splices), then ~5

Insertions of other genuine news are what style cannot tell apart (recall ~0.5). Do they only teach
the trees to flag ordinary sentences? Each variant is fitted as ``unspin train splices`` fits, its
thresholds chosen on the validation cases by the same rule, and scored there: precision, recall, F1,
false flags, the share of unspliced articles with a suspect passage, and recall per donor source,
also at two stricter pairs of thresholds. The test part is never read.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices import train as T  # noqa: E402
from unspin.splices.style import StyleModel  # noqa: E402

CACHE = ROOT / "runs" / "splices"
#: stricter thresholds (sentence, phrase) to compare the variants at, beside their own
STRICTER = ((0.6, 0.6), (0.65, 0.8))


def unit_sources(cases, data) -> np.ndarray:
    """Per unit: the donor source of the insertion holding most of it ('' for genuine text)."""
    out = []
    for k, case in enumerate(cases):
        for i in np.flatnonzero(data.case == k):
            u = data.units[i]
            held = [ins.source for ins in case.insertions if min(u.end, ins.end) - max(u.start, ins.start) > 0.5 * (u.end - u.start)]
            out.append(held[-1] if held else "")
    return np.array(out)


def probabilities(model: StyleModel, data) -> np.ndarray:
    probs = np.zeros(len(data.X))
    probs[~data.phrase] = model.sentences.proba(data.X[~data.phrase])
    probs[data.phrase] = model.phrases.proba(data.X[data.phrase])
    return probs


def score(cases, data, probs: np.ndarray, sentence_t: float, phrase_t: float) -> dict:
    """Character P/R/F1 and false flags as ``unspin train splices`` reckons them, the share of unspliced
    articles with a suspect passage, and recall per donor source."""
    hit = miss = wrong = clean_flagged = clean_total = clean_articles = articles_flagged = 0
    by_source: dict[str, list[int]] = {}
    for k, case in enumerate(cases):
        idx = np.flatnonzero(data.case == k)
        gold = np.asarray(case.gold(), dtype=bool)
        flags = T.flagged_chars(case.text, [data.units[i] for i in idx], probs[idx], sentence_t, phrase_t)
        if not case.insertions:
            clean_flagged += int(flags.sum())
            clean_total += len(case.text)
            clean_articles += 1
            articles_flagged += bool(flags.any())
        hit += int((flags & gold).sum())
        wrong += int((flags & ~gold).sum())
        miss += int((~flags & gold).sum())
        for ins in case.insertions:
            tally = by_source.setdefault(ins.source, [0, 0])
            tally[0] += int((flags[ins.start : ins.end] & gold[ins.start : ins.end]).sum())
            tally[1] += int(gold[ins.start : ins.end].sum())
    p, r = hit / max(1, hit + wrong), hit / max(1, hit + miss)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / max(1e-9, p + r), 3),
            "false_flags": round(clean_flagged / max(1, clean_total), 4),
            "unspliced_articles_flagged": round(articles_flagged / max(1, clean_articles), 3),
            "recall_by_source": {s: round(a / max(1, b), 3) for s, (a, b) in sorted(by_source.items())}}


def main() -> None:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    train_cases, train_data = T.featurized_set("train", T.TRAIN_CASES, T.SEED, 0.2, cache=CACHE, log=log)
    val_cases, val_data = T.featurized_set("val", T.VAL_CASES, T.SEED + 1, 0.25, cache=CACHE, log=log)
    sources = unit_sources(train_cases, train_data)
    counts = {str(s) or "genuine text": int((sources == s).sum()) for s in sorted(set(sources))}
    print("training units by donor source:", counts)
    shipped = StyleModel.load()
    print(f"shipped at {shipped.sentence_threshold}/{shipped.phrase_threshold}:",
          score(val_cases, val_data, probabilities(shipped, val_data), shipped.sentence_threshold, shipped.phrase_threshold))
    for name, exclude in (("retrained", None), ("retrained without genuine-donor insertions", sources == "genuine")):
        t0 = time.time()
        model = StyleModel(*T.fit(train_data, exclude=exclude), 0.5, 0.5, "variant")
        best = T.calibrate(val_cases, val_data, model)  # the thresholds as `unspin train splices` chooses them
        probs = probabilities(model, val_data)
        print(f"{name} ({time.time() - t0:.0f} s) at {best['sentence']}/{best['phrase']}:",
              score(val_cases, val_data, probs, best["sentence"], best["phrase"]))
        for sentence_t, phrase_t in STRICTER:
            print(f"   at {sentence_t}/{phrase_t}:", score(val_cases, val_data, probs, sentence_t, phrase_t))


if __name__ == "__main__":
    main()
