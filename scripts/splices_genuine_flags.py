"""How often does the style-break model (splices without a reference) flag genuine news, per article?

    .venv/bin/python scripts/splices_genuine_flags.py          # ~1 min on 2 cores (36 s and 67 s measured): 150 BBC + 150 Reuters articles
    .venv/bin/python scripts/splices_genuine_flags.py -n 50    # a quicker look

docs/splices.md gives the model's false-flag rate as a share of *characters* of unspliced articles
(2.5%), the measure its thresholds were chosen by. A reader meets it per article: does a genuine
story show a `suspect` passage at all? This prints that, on genuine news the model was not fitted on
or tuned with: BBC News 2005 and Reuters-21578 articles of the 'test' part of the splice split
(`unspin.splices.corpus.part`; train and val articles are left out), each analysed as `unspin
analyze` would see it (title line, blank line, body) with the splices analyser alone and no index.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from unspin.splices.corpus import bbc, part, reuters  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=150, help="articles per corpus (default 150)")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    from unspin.pipeline import Pipeline

    pipe = Pipeline("fast", analyzers=["splices"])
    rng = random.Random(args.seed)
    print("corpus | articles | with >= 1 suspect passage | suspect passages (per sentence) | flagged characters | "
          "suspect passages per flagged article (median)")
    for name, articles in (("bbc-news-2005", bbc()), ("reuters21578", reuters())):
        pool = [a for a in articles if part(a.id) == "test"]
        pick = rng.sample(pool, min(args.n, len(pool)))
        flagged_articles, suspect, sentences, chars, total, per = 0, 0, 0, 0, 0, []
        for a in pick:
            report = pipe(f"{a.title}\n\n{a.text}" if a.title else a.text)
            hits = [p for p in report.passages if p.status == "suspect"]
            sentences += len(report.sentences)
            suspect += len(hits)
            chars += sum(p.end - p.start for p in hits)
            total += len(report.text)
            if hits:
                flagged_articles += 1
                per.append(len(hits))
        n = len(pick)
        print(f"{name} | {n} | {flagged_articles} ({flagged_articles / n:.0%}) | {suspect} of {sentences} "
              f"({suspect / max(sentences, 1):.1%}) | {chars / max(total, 1):.1%} | "
              f"{statistics.median(per) if per else 0:g}", flush=True)


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
