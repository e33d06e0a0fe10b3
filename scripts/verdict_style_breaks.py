"""Without a reference index, does the verdict notice propaganda written into genuine news?

    .venv/bin/python scripts/verdict_style_breaks.py            # ~3 min on 2 cores: 2 x 300 articles, fast profile
    .venv/bin/python scripts/verdict_style_breaks.py --seed 2028 --labelled 100   # + ~8 min: the verdict's labelled sets
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


def labelled(n: int, seed: int) -> dict[str, list[synth.Case]]:
    """`n` reliable and `n` unreliable articles of each two-class verdict dataset (deduplicated, as
    the verdict is trained), as cases named ``<dataset>/<0|1>-<id>`` (1: unreliable)."""
    from unspin.verdict.data import load_all

    rng = random.Random(seed)
    articles, _ = load_all()
    by: dict[tuple[str, int], list] = {}
    for a in articles:
        if a.label is not None:
            by.setdefault((a.dataset, a.label), []).append(a)
    out: dict[str, list[synth.Case]] = {}
    for (dataset, label), arts in sorted(by.items()):
        if len({lab for d, lab in by if d == dataset}) < 2:
            continue  # one class only (satire's fakes): no contrast
        picked = rng.sample(arts, min(n, len(arts)))
        out.setdefault(dataset, []).extend(synth.Case(f"{dataset}/{label}-{a.id}", a.id, a.text, a.text) for a in picked)
    return out


def analyse(items: list[synth.Case], seed: int, profile: str = "fast") -> list[dict]:
    """The report of each case (cached per seed and profile), as a dict."""
    from unspin.pipeline import Pipeline

    from unspin.pipeline import analyzers_for
    from unspin.verdict.corpus import signature

    # named, like the verdict's evidence cache, after the analysers and the files of the models they
    # read (and the evidence rules' version): reports from a model since retrained are never read back
    # (the rule itself is applied afresh to every cached report)
    folder = OUT / f"seed-{seed}-{profile}-{signature(profile, [a.name for a in analyzers_for(profile)])}"
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
    ap.add_argument("--labelled", type=int, default=0, metavar="N",
                    help="also N reliable and N unreliable articles of each two-class verdict dataset: how often the "
                         "rule fires on each class (its score there is in-sample: the verdict was trained on them)")
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
    if args.labelled:
        print("\n| verdict dataset | class | articles | the rule fires | raised by it (low by the score) |")
        print("|---|---|---:|---:|---:|")
        for dataset, items in labelled(args.labelled, args.seed).items():
            rows = analyse(items, args.seed, args.profile)
            for cls, name in ((0, "reliable"), (1, "unreliable")):
                reports = [Report.from_dict(r["report"]) for r in rows if r["id"].split("/", 1)[1].startswith(f"{cls}-")]
                reports = [r for r in reports if r.verdict is not None]
                hits = [r for r in reports if style_breaks(r, r.verdict.score) is not None]
                raised = [r for r in hits if label_for(r.verdict.score) == "low"]
                print(f"| {dataset} | {name} | {len(reports)} | {len(hits) / len(reports):.1%} | {len(raised) / len(reports):.1%} |")


if __name__ == "__main__":
    from unspin.errors import run_module

    raise SystemExit(run_module(main))
