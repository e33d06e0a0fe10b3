"""Does the satire detector gain from every evidence group, not only the style features?

    .venv/bin/python scripts/satire_features.py     # ~1 min with the verdict's feature cache

Prints ``unspin.verdict.satire.evaluate_satire`` (5-fold CV on Golbeck et al.'s satire vs fake
stories: AUC, the threshold for 90% precision, recall there; false alarms on the other datasets'
news) for the shipped design (style features + 4k words) and with the technique, claim and passage
features added. Nothing is shipped from here.
"""

from __future__ import annotations

from unspin.verdict import features, satire
from unspin.verdict.evaluate import EvalOptions, build_corpus


def show(name: str, r: dict) -> None:
    alarms = ", ".join(f"{k} {v:.1%}" for k, v in r["false_alarm_rate"].items())
    print(f"{name}: CV AUC {r['cv_auc']:.3f}, threshold {r['threshold']}, precision {r['cv_precision']:.3f}, "
          f"recall {r['cv_recall']:.3f}; false alarms: {alarms}")


def main() -> None:
    opts = EvalOptions()
    corpus = build_corpus(opts)
    show("style + words (shipped)", satire.evaluate_satire(corpus, opts))
    satire.STYLE = features.ALL_FEATURES  # this process only
    show("every evidence group + words", satire.evaluate_satire(corpus, opts))


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
