"""How often the quantity flags fire on genuine news, and on what (a false-alarm check).

    .venv/bin/python scripts/quantity_flags.py            # 120 random BBC News 2005 articles, seed 7
    .venv/bin/python scripts/quantity_flags.py -n 300 --seed 1 --quiet

BBC News is mainstream, edited copy: an `inconsistent` or `suspiciously_precise` flag there is
almost always a false alarm, so the rate printed is a ceiling on the flags' false-alarm rate on
honest news. Each flagged quantity is listed with its sentence so a person can judge it.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from unspin import nlp as _nlp
from unspin.claims.attribution import build_claims
from unspin.document import Document
from unspin.errors import DataError
from unspin.semeval.data import DATA_HINT, SHARED


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quiet", action="store_true", help="only the totals")
    args = ap.parse_args()
    nlp = _nlp.load()
    folder = SHARED / "bbc-news-2005" / "bbc"
    files = sorted(folder.glob("*/*.txt"))
    if len(files) < args.n:
        raise DataError(f"BBC News 2005 is missing: {folder} holds {len(files)} articles, {args.n} are asked for; {DATA_HINT}")
    random.seed(args.seed)
    flags: Counter = Counter()
    total = 0
    for path in random.sample(files, args.n):
        text = path.read_bytes().decode("utf-8", "replace")
        doc = Document.from_text(text, nlp=nlp)
        for claim in build_claims(doc):
            for q in claim.quantities:
                total += 1
                flags.update(q.flags)
                if not args.quiet and {"inconsistent", "suspiciously_precise"} & set(q.flags):
                    sentence = " ".join(text[claim.start : claim.end].split())
                    print(f"{path.parent.name}/{path.stem}  {','.join(q.flags)}  {q.text!r}  | {sentence[:110]}")
    print(f"{args.n} articles, {total} quantities: " + ", ".join(f"{k} {v} ({v / max(1, total):.1%})" for k, v in sorted(flags.items())))


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
