"""Attribution analyser cost on top of the spaCy parse it reads.

    .venv/bin/python bench/attribution_speed.py            # 100 BBC News articles, 3 repeats
    .venv/bin/python bench/attribution_speed.py -n 30 --repeats 1

Articles are real news read in place from ../shared/data (BBC News 2005, every class); where that is
absent, the bundled example article. Per article: the time to build the Document (the spaCy parse,
the baseline every analyser shares) and the time of ``build_claims`` (attribution + quantities).
Printed: medians in ms, the analyser's share of the parse, and its ms per 1,000 characters.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin import nlp as _nlp  # noqa: E402
from unspin.claims.attribution import build_claims  # noqa: E402
from unspin.document import Document  # noqa: E402
from unspin.semeval.data import SHARED  # noqa: E402


def corpus(n: int) -> list[str]:
    folder = SHARED / "bbc-news-2005" / "bbc"
    if not folder.is_dir():
        return [(ROOT / "examples" / "harbour-strike.txt").read_text(encoding="utf-8")] * n
    files = sorted(folder.glob("*/*.txt"))
    step = max(1, len(files) // n)
    return [p.read_bytes().decode("utf-8", "replace") for p in files[::step][:n]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    nlp = _nlp.load()
    texts = corpus(args.n)
    parse_ms, claims_ms, per_kchar = [], [], []
    for _ in range(args.repeats):
        for text in texts:
            t0 = time.perf_counter()
            doc = Document.from_text(text, nlp=nlp)
            t1 = time.perf_counter()
            build_claims(doc)
            t2 = time.perf_counter()
            parse_ms.append((t1 - t0) * 1000)
            claims_ms.append((t2 - t1) * 1000)
            per_kchar.append((t2 - t1) * 1000 / max(1, len(text) / 1000))
    p, c = statistics.median(parse_ms), statistics.median(claims_ms)
    print(f"articles: {len(texts)} x {args.repeats} repeats, median {statistics.median(len(t) for t in texts):.0f} chars")
    print(f"spaCy parse (baseline)  median {p:8.2f} ms")
    print(f"attribution+quantities  median {c:8.2f} ms   ({statistics.median(per_kchar):.2f} ms per 1,000 chars)")
    print(f"analyser / parse        {c / p:8.3f}x")


if __name__ == "__main__":
    main()
