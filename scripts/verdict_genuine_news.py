"""How often does the shipped verdict raise concern about genuine news from sources it never saw?

    .venv/bin/python scripts/verdict_genuine_news.py            # ~10 min on 2 cores: 1,000 articles, fast profile
    .venv/bin/python scripts/verdict_genuine_news.py -n 100     # a quicker look

The verdict's leave-one-dataset-out table (docs/verdict.md) measures it on the five labelled
article sets, all of them collected around fact-checks. Two more corpora under ../shared/data hold
only genuine, edited news from outlets none of those sets comes from: BBC News 2004-2005 (five
topics) and Reuters-21578 newswire (1987). Neither trains anything in the verdict, so they show
what a reader gets on ordinary mainstream reporting: the share of articles the verdict labels
`medium` or `high` concern (or `satire`) is its false-alarm rate there, and its mean score should be
low (every article is reliable). The TF-IDF baseline, trained on the five labelled sets as in the
table, is scored on the same articles for comparison.

Each article is analysed end to end as `unspin analyze` would (``Pipeline(profile)``, title line,
blank line, body), not from the training-time cleaned text. Articles: `n` per corpus, drawn with a
fixed seed (BBC: the same number from each topic; Reuters: stories of at least 150 words).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices.corpus import bbc, reuters  # noqa: E402

OUT = ROOT / "runs" / "verdict" / "genuine"


def sample(n: int, seed: int = 13) -> dict[str, list]:
    rng = random.Random(seed)
    by_topic: dict[str, list] = {}
    for a in bbc():
        by_topic.setdefault(a.meta["topic"], []).append(a)
    per = max(1, n // len(by_topic))
    bbc_pick = [a for topic in sorted(by_topic) for a in rng.sample(by_topic[topic], min(per, len(by_topic[topic])))]
    long_wire = [a for a in reuters() if len(a.text.split()) >= 150]
    return {"bbc-news-2005": bbc_pick, "reuters21578": rng.sample(long_wire, min(n, len(long_wire)))}


def analyse(articles: list, profile: str) -> list[dict]:
    """The verdict of each article (cached per article under runs/verdict/genuine/, per set of model files)."""
    from unspin.pipeline import Pipeline

    from unspin.pipeline import analyzers_for
    from unspin.verdict.corpus import signature

    pipe = Pipeline(profile)
    out = []
    # named, like the verdict's evidence cache, after the analysers and the files of the models they
    # read: a retrained model is never read back from an old run's cache,
    # and after the rules that set the label beside the score (unspin.verdict.judge, reasons.py)
    rules = hashlib.sha1(b"".join((ROOT / "src" / "unspin" / "verdict" / name).read_bytes()
                                  for name in ("__init__.py", "reasons.py"))).hexdigest()[:6]
    folder = OUT / f"{profile}-{signature(profile, [a.name for a in analyzers_for(profile)])}-{rules}"
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i, a in enumerate(articles, 1):
        path = folder / f"{a.id}.json"
        if path.is_file():
            out.append(json.loads(path.read_text(encoding="utf-8")))
            continue
        text = f"{a.title}\n\n{a.text}" if a.title else a.text
        report = pipe(pipe.make_doc(text))
        v = report.verdict  # None: no verdict (a text under 30 words or not English), with the warning as reason
        row = {"id": a.id, "source": a.source, "topic": a.meta.get("topic"), "text": text,
               "score": v.score if v else None, "label": v.label if v else None,
               "reasons": [r.text for r in v.reasons[:3]] if v else [w for w in report.warnings if "no verdict" in w]}
        path.write_text(json.dumps(row), encoding="utf-8")
        out.append(row)
        if i % 50 == 0:
            print(f"  {i}/{len(articles)} analysed ({(time.perf_counter() - t0) / i:.2f} s each)", flush=True)
    return out


def baseline_probs(texts: list[str]) -> list[float]:
    """The TF-IDF baseline trained on every labelled article of the five verdict sets (as in the table)."""
    import numpy as np

    from unspin.verdict.baseline import fit_tfidf, predict_tfidf
    from unspin.verdict.data import load_all
    from unspin.verdict.model import sample_weights

    articles, _ = load_all()
    labelled = [a for a in articles if a.label is not None]
    y = np.array([a.label for a in labelled])
    d = np.array([a.dataset for a in labelled])
    model = fit_tfidf([a.text for a in labelled], y, sample_weights(y, d))
    return [float(p) for p in predict_tfidf(model, texts)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=500, help="articles per corpus (default 500)")
    ap.add_argument("--profile", default="fast")
    args = ap.parse_args()
    picked = sample(args.n)
    rows = {name: analyse(arts, args.profile) for name, arts in picked.items()}
    base = baseline_probs([r["text"] for name in rows for r in rows[name]])
    k = 0
    print(f"\nverdict ({args.profile} profile) on genuine news; TF-IDF baseline trained on the five labelled sets\n")
    print("| corpus | articles | mean score | median | medium or high | high | satire | TF-IDF mean p | TF-IDF p >= 0.5 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = {}
    unjudged = {name: [r for r in rs if r["score"] is None] for name, rs in rows.items()}
    for name, rs in rows.items():
        b = base[k:k + len(rs)]
        k += len(rs)
        rs = [r for r in rs if r["score"] is not None]  # the shares are of the articles that got a verdict
        scores = [r["score"] for r in rs]
        share = lambda labels: sum(r["label"] in labels for r in rs) / len(rs)  # noqa: E731
        summary[name] = {"n": len(rs), "mean": statistics.mean(scores), "median": statistics.median(scores),
                         "medium_or_high": share({"medium", "high"}), "high": share({"high"}), "satire": share({"satire"}),
                         "tfidf_mean": statistics.mean(b), "tfidf_over_half": sum(p >= 0.5 for p in b) / len(b)}
        s = summary[name]
        print(f"| {name} | {s['n']} | {s['mean']:.3f} | {s['median']:.3f} | {s['medium_or_high']:.1%} | {s['high']:.1%} | "
              f"{s['satire']:.1%} | {s['tfidf_mean']:.3f} | {s['tfidf_over_half']:.1%} |")
    for name, rs in unjudged.items():
        if rs:
            print(f"\n{name}: {len(rs)} article(s) got no verdict: {rs[0]['reasons'][:1]}")
    by_topic: dict[str, list[float]] = {}
    for r in (r for r in rows["bbc-news-2005"] if r["score"] is not None):
        by_topic.setdefault(r["topic"], []).append(r["score"])
    print("\nBBC by topic (mean score; medium or high): " + "; ".join(
        f"{t} {statistics.mean(v):.3f}, {sum(x >= 0.35 for x in v) / len(v):.0%}" for t, v in sorted(by_topic.items())))
    worst = sorted((r for rs in rows.values() for r in rs if r["score"] is not None), key=lambda r: -r["score"])[:5]
    print("\nhighest scores:")
    for r in worst:
        print(f"  {r['id']} {r['score']:.2f} {r['label']}: {r['reasons'][0] if r['reasons'] else ''}")
    (OUT / f"summary-{args.profile}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))  # a missing dataset is one "unspin: error:" line, not a traceback
