"""Where the shipped `full` tagger loses SI precision on the validation split.

    .venv/bin/python scripts/si_error_analysis.py      # ~1 min: tags the 74 validation articles

For every predicted span: its precision credit under the official SI measure (|s ∩ gold| / |s|,
gold spans merged), whether it overlaps any gold span, and its confidence (mean P(inside) of its
words, the `score` of each Technique). Prints the share of spans that overlap no gold span, the
mean credit per fifth of the spans by confidence, and how many gold spans no prediction touches.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.semeval.scoring import merge_spans, overlap  # noqa: E402
from unspin.tagging import load_tagger  # noqa: E402
from unspin.tagging.ptc import load_split, parse  # noqa: E402


def main() -> None:
    _train, val = load_split()
    docs = parse(val)
    tagger = load_tagger("full")
    rows, missed, n_gold = [], 0, 0
    for aid in sorted(val):
        gold = merge_spans(list(val[aid].si))
        pred = [(t.start, t.end, t.score) for t in tagger.predict(docs[aid])]
        for s, e, score in pred:
            rows.append((score, sum(overlap((s, e), g) for g in gold) / (e - s)))
        n_gold += len(gold)
        missed += sum(1 for g in gold if not any(overlap((s, e), g) for s, e, _ in pred))
    rows.sort()
    print(f"{len(rows)} predicted spans, precision {statistics.mean(c for _, c in rows):.3f}; "
          f"{sum(1 for _, c in rows if c == 0)} ({sum(1 for _, c in rows if c == 0) / len(rows):.0%}) overlap no gold span")
    print(f"{n_gold} gold spans (merged), {missed} ({missed / n_gold:.0%}) touched by no prediction")
    for k in range(5):
        part = rows[k * len(rows) // 5:(k + 1) * len(rows) // 5]
        print(f"confidence fifth {k + 1} (score {part[0][0]:.2f}-{part[-1][0]:.2f}): mean credit "
              f"{statistics.mean(c for _, c in part):.3f}, no overlap {sum(1 for _, c in part if c == 0) / len(part):.0%}")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
