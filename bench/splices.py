"""Splice detection benchmark: character-level precision/recall/F1 of flagged characters.

    .venv/bin/python bench/splices.py                      # 200 articles per set, seed 2026
    .venv/bin/python bench/splices.py --cases 50 --sets sentences unspliced --conditions "no index"

Deterministic synthetic splice sets (seeded) built from held-out ('test' part) Reuters-21578 and
BBC News articles, with insertions from held-out PTC propaganda spans, hyperpartisan/fake stories
and other genuine articles (see unspin/splices/synth.py), plus articles spliced by hand. Each set
is scored with the original in a reference index of all ~19k genuine articles, with the original
removed from it, and with no index (style model alone). Same library code as
`unspin evaluate splices`; this script adds the choice of sets and conditions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices.evaluate import CONDITIONS, SETS, benchmark, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200, help="articles per synthetic set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--conditions", nargs="+", default=list(CONDITIONS), choices=list(CONDITIONS))
    parser.add_argument("--json", type=Path, help="write the full results (per kind and source) here")
    args = parser.parse_args()
    t = time.time()
    report = benchmark(cases=args.cases, seed=args.seed, sets=tuple(args.sets), conditions=tuple(args.conditions),
                       log=lambda m: print(m, file=sys.stderr, flush=True))
    report["seconds"] = round(time.time() - t)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\n{args.cases} articles per synthetic set, seed {args.seed}, {report['seconds']} s")


if __name__ == "__main__":
    main()
