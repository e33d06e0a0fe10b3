"""The style-break model retrained, and retrained without the insertions taken from other genuine news:
validation figures only (docs/splices.md, "Training data").

    .venv/bin/unspin train splices --cache runs/splices --root runs/s18/splices-retrain   # featurizes once (~11 min)
    .venv/bin/python scripts/splices_style_variants.py                                     # ~5 min: two fits

Insertions of other genuine news are what style cannot tell apart (recall ~0.5). Do they only teach
the trees to flag ordinary sentences? Each variant is fitted as ``unspin train splices`` fits, its
thresholds chosen on the validation cases by the same rule, and scored there: precision, recall, F1,
false flags, the share of unspliced articles with a suspect passage, and recall per donor source,
also at two stricter pairs of thresholds. The test part is never read.
"""
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices import train as T  # noqa: E402
from unspin.splices.detect import style_flags  # noqa: E402
from unspin.splices.style import StyleModel  # noqa: E402

CACHE = ROOT / "runs" / "splices"


def unit_sources(cases, data):
    """Per unit: the donor source of the insertion it mostly lies in ('' if none)."""
    out = []
    for k, case in enumerate(cases):
        for i in np.flatnonzero(data.case == k):
            u = data.units[i]
            best = ""
            for ins in case.insertions:
                ov = min(u.end, ins.end) - max(u.start, ins.start)
                if ov > 0.5 * (u.end - u.start):
                    best = ins.source
            out.append(best)
    return np.array(out)

_PER = {}


def per_case(cases, data):
    key = id(data)
    if key not in _PER:
        _PER[key] = [(case, np.flatnonzero(data.case == k), [data.units[i] for i in np.flatnonzero(data.case == k)],
                      np.asarray(case.gold(), bool)) for k, case in enumerate(cases)]
    return _PER[key]


_PROBS = {}


def evaluate(model, cases, data, ts, tp):
    key = (id(model), id(data))
    if key not in _PROBS:
        probs = np.zeros(len(data.X))
        probs[~data.phrase] = model.sentences.proba(data.X[~data.phrase])
        probs[data.phrase] = model.phrases.proba(data.X[data.phrase])
        _PROBS[key] = probs
    probs = _PROBS[key]
    t = f = n = cf = ct = ac = af = 0
    by_src = {}
    for case, idx, units, gold in per_case(cases, data):
        fl = np.zeros(len(case.text), bool)
        for s, e, _ in style_flags(units, probs[idx].tolist(), ts, tp, case.text):
            fl[s:e] = True
        if not case.insertions:
            cf += fl.sum(); ct += len(case.text); ac += 1; af += bool(fl.any())
        t += (fl & gold).sum(); f += (fl & ~gold).sum(); n += (~fl & gold).sum()
        for ins in case.insertions:
            g = gold[ins.start:ins.end]
            a, b = by_src.get(ins.source, (0, 0))
            by_src[ins.source] = (a + int((fl[ins.start:ins.end] & g).sum()), b + int(g.sum()))
    P = t / max(1, t + f); R = t / max(1, t + n)
    return dict(P=round(P, 3), R=round(R, 3), F1=round(2 * P * R / max(1e-9, P + R), 3), false_chars=round(cf / ct, 4),
                articles_flagged=round(af / ac, 3), recall_by_source={s: round(a / max(1, b), 3) for s, (a, b) in by_src.items()})

def calibrate(model, cases, data):
    best = None
    for ts in np.round(np.arange(0.20, 0.96, 0.05), 2):
        for tp in np.round(np.arange(0.30, 1.001, 0.05), 2):
            r = evaluate(model, cases, data, ts, tp)
            if r["false_chars"] <= T.MAX_FALSE_FLAGS and (best is None or r["F1"] > best[2]["F1"]):
                best = (ts, tp, r)
    return best

def main() -> None:
    for name in ("splices-train-2400-5.pkl", "splices-val-600-6.pkl"):
        if not (CACHE / name).is_file():
            raise SystemExit(f"{CACHE / name} is missing: run `unspin train splices --cache runs/splices --root DIR` first")
    with open(CACHE / "splices-train-2400-5.pkl", "rb") as fh:
        tr_cases, tr = pickle.load(fh)
    with open(CACHE / "splices-val-600-6.pkl", "rb") as fh:
        va_cases, va = pickle.load(fh)
    src_tr = unit_sources(tr_cases, tr)
    print({s: int((src_tr == s).sum()) for s in set(src_tr)}, flush=True)
    shipped = StyleModel.load()
    print("shipped at 0.50/0.60:", evaluate(shipped, va_cases, va, 0.5, 0.6), flush=True)
    for name, drop in (("baseline refit", None), ("without genuine-donor positives", src_tr == "genuine")):
        t0 = time.time()
        m = StyleModel(*T.fit(tr, exclude=drop), 0.5, 0.5, "variant")
        ts, tp, r = calibrate(m, va_cases, va)
        print(f"{name}: fit+calibrate {time.time() - t0:.0f}s thresholds {ts}/{tp}: {r}", flush=True)
        for ts2, tp2 in ((0.6, 0.6), (0.65, 0.8)):
            print(f"   at {ts2}/{tp2}: {evaluate(m, va_cases, va, ts2, tp2)}", flush=True)


if __name__ == "__main__":
    main()
