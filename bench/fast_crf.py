"""The fast tagger's CRF step two ways, in one process, article by article: CRFsuite itself
(merge each token's feature groups into a dict, ``Tagger.set``, ``Tagger.marginal`` per token and
label), and :class:`unspin.tagging.fast.CrfScorer` (the same marginals from the model's weights,
summed per cached feature group). Both get the same features, so the difference is the CRF step
alone; alternating the two on each article keeps this machine's drift out of the ratio.

    .venv/bin/python bench/fast_crf.py                 # 20 PTC validation articles x 5 rounds
    .venv/bin/python bench/fast_crf.py --articles 10 --rounds 3

Prints median CPU ms per ~700-word article of each, their ratio, the median of the per-article
ratios, the largest difference between the two marginals, and (for scale) the median CPU ms of
the whole fast tagger (``predict``) on the same articles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from itertools import repeat
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from unspin.nlp import LIGHT_ENV

    os.environ[LIGHT_ENV] = "1"  # as under the `unspin` command: no torch in this process
    from techniques_speed import articles

    from unspin import nlp as _nlp
    from unspin.document import Document
    from unspin.tagging import fast as F
    from unspin.tagging import load_tagger
    from unspin.tagging.features import merge

    nlp = _nlp.load()
    docs = [Document.from_text(t, nlp=nlp) for t in articles(args.articles)]
    tagger = load_tagger("fast")

    def parts_of(doc):
        doc.cache.clear()
        stats, tokens, heads = F._stats(doc), F.doc_tokens(doc), F.doc_heads(doc)
        sents = [s for s in ([t for t in tokens[s.start:s.end] if not t.is_space] for s in doc.spacy.sents) if s]
        probs = [tagger.sentence_model.prob(t.text.lower() for t in toks) for toks in sents]
        art_p = sum(probs) / len(probs)
        return [tagger.features.parts(toks, heads=heads, stats=stats, position=F.sentence_position(k, len(sents)),
                                      sent_prob=probs[k], article_prob=art_p) for k, toks in enumerate(sents)]

    def crfsuite(parts):
        crf, out = tagger.crf, []
        for part in parts:
            crf.set(merge(*part))
            n = len(part[0])
            out.append((list(map(crf.marginal, repeat("B"), range(n))), list(map(crf.marginal, repeat("I"), range(n)))))
        return out

    parts = [parts_of(d) for d in docs]
    worst = 0.0
    for p in parts:
        for (pb, pi), m in zip(crfsuite(p), tagger.scorer.marginals(p)):
            worst = max(worst, max(abs(a - b) for a, b in zip(pb + pi, list(m[:, 0]) + list(m[:, 1]))))
    times: dict[str, list[float]] = {"crfsuite": [], "scorer": [], "predict": []}
    ratios = []
    for _ in range(args.rounds):
        for doc, p in zip(docs, parts):
            t0 = time.process_time()
            crfsuite(p)
            t1 = time.process_time()
            tagger.scorer.marginals(p)
            t2 = time.process_time()
            doc.cache.clear()
            tagger.predict(doc)
            t3 = time.process_time()
            times["crfsuite"].append((t1 - t0) * 1000)
            times["scorer"].append((t2 - t1) * 1000)
            times["predict"].append((t3 - t2) * 1000)
            ratios.append((t2 - t1) / max(t1 - t0, 1e-9))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(docs)} articles x {args.rounds} rounds, load average {os.getloadavg()[0]:.1f}")
    print(f"CRF step, CRFsuite (merge + set + marginal): {med['crfsuite']:.2f} ms CPU per article (median)")
    print(f"CRF step, CrfScorer:                         {med['scorer']:.2f} ms")
    print(f"ratio of medians {med['scorer'] / med['crfsuite']:.2f}; median per-article ratio {statistics.median(ratios):.2f}")
    print(f"largest difference between their marginals: {worst:.1e}")
    print(f"the whole fast tagger (predict, with CrfScorer): {med['predict']:.2f} ms")


if __name__ == "__main__":
    main()
