"""Without a reference index, does the verdict notice propaganda written into genuine news?

    .venv/bin/python scripts/verdict_style_breaks.py            # ~20 min on 2 cores: 2 x 300 articles, fast profile
    .venv/bin/python scripts/verdict_style_breaks.py -n 50      # a quicker look
    .venv/bin/python scripts/verdict_style_breaks.py --seed 2028 -n 100 --profile full   # ~15 min

The mission's article is wire copy with fabricated sentences spliced in. With the original in a
reference index the verdict says so (an altered copy, label at least medium). Without one, the
verdict's score reads the wording of the whole article, which is mostly genuine, so it stays low;
what can still be seen is that some passages break from the style of the rest (the style check's
``suspect`` passages) and that the propaganda techniques, unsourced claims and numbers sit in them.

This script measures how often that evidence is there, on two sets built from the *test* part of
the genuine news pool (Reuters-21578 and BBC News; :func:`unspin.splices.corpus.part`), which no
style model was trained on:

- genuine: the articles with a republisher's benign edits only (re-wrapped, curly quotes, ...);
- manipulated: other articles of the same part with one to three sentences or paragraphs inserted,
  taken from PTC *validation* articles' sentences that hold a gold propaganda span (the technique
  tagger never trained on them) or from hyperpartisan and fabricated stories (test part).

Each article is analysed as `unspin analyze --profile fast` (or `--profile`) would, without an index; the reports
are cached under runs/verdict/style-breaks/. It prints, for each set, the share of articles whose
label is medium or high, with and without the rule in :func:`unspin.verdict.reasons.style_breaks`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices import corpus, synth  # noqa: E402

OUT = ROOT / "runs" / "verdict" / "style-breaks"


def validation_propaganda() -> dict[str, list[synth.Donor]]:
    """Sentences of the PTC validation articles that hold (or overlap) a gold propaganda span."""
    from unspin.semeval.data import read_articles, read_si
    from unspin.semeval.split import validation_ids

    ptc = corpus.PTC
    val = set(validation_ids())
    articles = read_articles(ptc / "train-articles")
    spans: dict[str, list[tuple[int, int]]] = {}
    for label in read_si(ptc / "train-task1-SI.labels"):
        if label.article_id in val:
            spans.setdefault(label.article_id, []).append((label.start, label.end))
    out = []
    for aid in sorted(spans):
        text = articles[aid]
        for line_match in re.finditer(r"[^\n]+", text):
            base = line_match.start()
            for s, e in synth.sentences(line_match.group()):
                s, e = base + s, base + e
                if any(a < e and s < b for a, b in spans[aid]):
                    cleaned = synth._clean_sentence(text[s:e])
                    if cleaned:
                        out.append(synth.Donor(cleaned, synth._content(cleaned)))
    return {"sentence": out, "phrase": []}


def cases(n: int, seed: int) -> dict[str, list[synth.Case]]:
    rng = random.Random(seed)
    pool = list(synth.targets("test"))
    rng.shuffle(pool)
    pools = dict(synth.donor_pools("test"))
    pools["propaganda"] = validation_propaganda()
    genuine = [synth.splice(rng, a, pools, kinds=(), case_id=f"genuine-{a.id}") for a in pool[:n]]
    manipulated = [synth.splice(rng, a, pools, kinds=("sentence", "paragraph"), sources=("propaganda", "partisan"),
                                case_id=f"manipulated-{a.id}") for a in pool[n:2 * n]]
    return {"genuine": genuine, "manipulated": [c for c in manipulated if c.insertions]}


def analyse(items: list[synth.Case], seed: int, profile: str = "fast") -> list[dict]:
    """The report of each case (cached per seed and profile), as a dict."""
    from unspin.pipeline import Pipeline

    folder = OUT / (f"seed-{seed}" if profile == "fast" else f"seed-{seed}-{profile}")
    folder.mkdir(parents=True, exist_ok=True)
    pipe = None
    out = []
    for i, case in enumerate(items, 1):
        path = folder / (re.sub(r"[^\w.-]", "_", case.id) + ".json.gz")
        if path.is_file():  # the same id is another text under another -n: the text must match
            row = json.loads(gzip.decompress(path.read_bytes()))
            if row["report"].get("text") == case.text:
                out.append(row)
                continue
        pipe = pipe or Pipeline(profile)
        report = pipe(pipe.make_doc(case.text))
        row = {"id": case.id, "insertions": [[x.start, x.end, x.source] for x in case.insertions],
               "report": report.to_dict()}
        path.write_bytes(gzip.compress(json.dumps(row).encode()))
        out.append(row)
        if i % 25 == 0:
            print(f"  {i}/{len(items)}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=300, help="articles per set (default 300)")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--profile", default="fast", help="the analysis profile (default fast, as the rule was chosen)")
    args = ap.parse_args()
    from unspin.report import Report
    from unspin.verdict.model import label_for
    from unspin.verdict.reasons import style_breaks

    sets = cases(args.n, args.seed)
    print("| set | articles | medium or high by the score | style breaks that carry techniques | medium or high with the style-break rule |")
    print("|---|---:|---:|---:|---:|")
    for name, items in sets.items():
        rows = analyse(items, args.seed, args.profile)
        before = after = fired = judged = 0
        for row in rows:
            report = Report.from_dict(row["report"])
            if report.verdict is None:
                continue
            judged += 1
            raised = label_for(report.verdict.score) in ("medium", "high")  # the score's own label
            hit = style_breaks(report, report.verdict.score) is not None
            before += raised
            fired += hit
            after += raised or hit
        print(f"| {name} | {judged} | {before / judged:.1%} | {fired / judged:.1%} | {after / judged:.1%} |")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))
