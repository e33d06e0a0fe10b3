"""How the reference index scales: build time, size on disk and query time at N articles.

    .venv/bin/python bench/index_scale.py --docs 10000
    .venv/bin/python bench/index_scale.py --docs 100000      # ~10 min on a 2-core laptop

The articles are the news corpora under ../shared/data (Reuters-21578, BBC News, BuzzFeed-Webis,
FakeNewsNet, FakeNewsAMT, Golbeck: about 22.5k). Beyond that the benchmark SYNTHESISES variants:
each is a new article made of paragraphs drawn from three random real ones (so it is as long as a
real article and shares paragraphs, as wire copy does, but is not a near-duplicate of any one).

Queries are indexed genuine articles with two sentences of another article spliced in and one
benign edit (re-cased, re-wrapped), plus articles that are not in the index at all. Reported: the
median and 95th percentile of the lookup (MinHash LSH + exact check of the candidates), of the
alignment, their sum (wall clock, and CPU time of this process, which a busy shared machine does
not inflate), and recall@1 and @3 (the original, or an exact duplicate of it, is the top hit / in the
top three) (the original is the top hit). Then a linear extrapolation to
1M articles (build time, size) and the growth of query time between the sizes measured.

Tracing: each inserted run of detect.TRACE_WORDS words or more is looked up on its own
(ReferenceIndex.find_passage, as the splices layer does). `traced_share` is the share of all those runs
found in some other indexed article; `traced_by_length` takes the runs that are lifted text (half
their shingles or more from the spliced sentences) by length in words, and counts those traced to
the article they came from (`donor`, or an exact duplicate of it), to another article that holds
their words verbatim too (`same text`), and to one that does not (`false`: a false trace).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.splices import corpus  # noqa: E402
from unspin.splices.align import align  # noqa: E402
from unspin.splices.detect import TRACE_WORDS  # noqa: E402
from unspin.splices.index import ReferenceIndex, RefDoc  # noqa: E402
from unspin.splices.text import norm_words, shingles  # noqa: E402


def articles(n: int, seed: int) -> list[RefDoc]:
    base = [RefDoc(a.id, a.title, a.text, a.source) for a in corpus.news_pool()]
    rng = random.Random(seed)
    rng.shuffle(base)
    if n <= len(base):
        return base[:n]
    paragraphs = [[p for p in d.text.split("\n") if len(p.split()) >= 8] for d in base]
    paragraphs = [ps for ps in paragraphs if ps]
    out = list(base)
    for v in range(n - len(base)):
        parts = []
        for ps in rng.sample(paragraphs, 3):
            parts += rng.sample(ps, min(len(ps), rng.randint(1, 4)))
        rng.shuffle(parts)
        out.append(RefDoc(f"synth-{v}", "", "\n\n".join(parts), "synthetic variant"))
    return out


def spliced(rng: random.Random, doc: RefDoc, donor: RefDoc) -> tuple[str, list[str]]:
    """`doc` with two sentences of `donor` spliced in, re-wrapped or re-cased; and those sentences."""
    ends = [m.end() for m in re.finditer(r"[.!?](?= [A-Z])", doc.text)] or [len(doc.text)]
    donor_sents = [s for s in re.split(r"(?<=[.!?]) +", donor.text.replace("\n", " ")) if len(s.split()) >= 6] or [donor.text[:200]]
    text, lifted = doc.text, []
    for pos in sorted(rng.sample(ends, min(2, len(ends))), reverse=True):
        lifted.append(rng.choice(donor_sents))
        text = text[:pos] + " " + lifted[-1] + text[pos:]
    return (text.replace("\n\n", "\n") if rng.random() < 0.5 else text.lower()), lifted


#: length buckets (words) of the inserted runs whose tracing is reported
BUCKETS = ((8, 14), (15, 30), (31, 10**9))


def bucket(words: int) -> str:
    return next(f"{lo}-{hi}" if hi < 10**9 else f"{lo}+" for lo, hi in BUCKETS if lo <= words <= hi)


def trace_kind(run: str, hit, ref: RefDoc, donor: RefDoc) -> str:
    """Where a traced run went: its donor ("donor"; an exact duplicate of it counts), another article
    that holds the run's words verbatim too ("same text"), or one that does not ("false")."""
    if hit.id == donor.id or ref.text == donor.text:
        return "donor"
    return "same text" if " ".join(norm_words(run)) in " ".join(norm_words(ref.text)) else "false"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(n: int, queries: int, seed: int, path: Path) -> dict:
    docs = articles(n + queries, seed)
    indexed, outside = docs[:n], docs[n:]
    t0, c0 = time.perf_counter(), time.process_time()
    with ReferenceIndex.open(path, create=True) as index:
        done = 0
        step = max(n // 10, 1000)
        for k in range(0, n, step):
            index.add(indexed[k : k + step])
            done = min(k + step, n)
            print(f"  indexed {done}/{n} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
        stats = index.stats()
    rng = random.Random(seed + 1)
    genuine = [d for d in indexed if not d.id.startswith("synth-")]
    lookups, aligns, cpu, found, found3 = [], [], [], 0, 0
    traces, traced, runs = [], 0, 0
    # inserted runs holding (half or more of their shingles) a lifted sentence, by length: how many,
    # and where they were traced (see trace_kind)
    by_length = {bucket(lo): {"runs": 0, "donor": 0, "same text": 0, "false": 0} for lo, _ in BUCKETS}
    other_runs = other_traced = 0  # inserted runs that are not lifted text (alignment artefacts)
    with ReferenceIndex.open(path, readonly=True) as index:
        index.search("warm up the connection and the page cache", limit=1)
        for doc in rng.sample(genuine, min(queries, len(genuine))):
            donor = rng.choice(genuine)
            text, lifted = spliced(rng, doc, donor)
            lifted_grams = set().union(*(shingles(norm_words(s)) for s in lifted))
            t, c = time.perf_counter(), time.process_time()
            hits = index.search(text, limit=3)
            t1 = time.perf_counter()
            alignment = align(text, [(ref.id, ref.text) for _, ref in hits]) if hits else None
            t2 = time.perf_counter()
            cpu.append(time.process_time() - c)
            lookups.append(t1 - t)
            aligns.append(t2 - t1)
            # the spliced sentences come from another indexed article: each inserted run the
            # splices layer would look up on its own (detect.TRACE_WORDS words or more)
            long_runs = [seg for seg in (alignment.inserted() if alignment else [])
                         if len(text[seg.start : seg.end].split()) >= TRACE_WORDS]
            t3 = time.perf_counter()
            for seg in long_runs:
                run_text = text[seg.start : seg.end]
                origin = index.find_passage(run_text, exclude={h.id for h, _ in hits})
                traced += origin is not None
                grams = shingles(norm_words(run_text))
                if len(grams & lifted_grams) >= len(grams) / 2:
                    row = by_length[bucket(len(run_text.split()))]
                    row["runs"] += 1
                    if origin is not None:
                        row[trace_kind(run_text, *origin, donor)] += 1
                else:
                    other_runs += 1
                    other_traced += origin is not None
            runs += len(long_runs)
            if long_runs:
                traces.append(time.perf_counter() - t3)
            # an exact duplicate of the original (Reuters-21578 has some) counts as the original
            same = [h.id == doc.id or ref.text == doc.text for h, ref in hits]
            found += bool(same) and same[0]
            found3 += any(same)
        misses = []
        for doc in outside[:queries]:
            t = time.perf_counter()
            index.search(doc.text, limit=3)
            misses.append(time.perf_counter() - t)
    total = [a + b for a, b in zip(lookups, aligns)]
    return {
        "docs": n, "synthetic": sum(1 for d in indexed if d.id.startswith("synth-")),
        "build_s": round(build, 1), "build_cpu_s": round(build_cpu, 1), "docs_per_s": round(n / build, 1),
        "bytes": stats["bytes"], "bytes_per_doc": round(stats["bytes"] / n), "text_chars": stats["characters"],
        "lsh_rows": stats["lsh_rows"],
        "queries": len(total), "recall_at_1": round(found / len(total), 4), "recall_at_3": round(found3 / len(total), 4),
        "lookup_ms_median": round(1000 * statistics.median(lookups), 2), "lookup_ms_p95": round(1000 * pct(lookups, 0.95), 2),
        "align_ms_median": round(1000 * statistics.median(aligns), 2), "align_ms_p95": round(1000 * pct(aligns, 0.95), 2),
        "total_ms_median": round(1000 * statistics.median(total), 2), "total_ms_p95": round(1000 * pct(total, 0.95), 2),
        "cpu_ms_median": round(1000 * statistics.median(cpu), 2), "cpu_ms_p95": round(1000 * pct(cpu, 0.95), 2),
        "trace_ms_median": round(1000 * statistics.median(traces), 2) if traces else None,
        "trace_ms_p95": round(1000 * pct(traces, 0.95), 2) if traces else None,
        "inserted_runs": runs, "traced_share": round(traced / runs, 4) if runs else None,
        "traced_by_length": {k: {**v, "donor_share": round(v["donor"] / v["runs"], 4) if v["runs"] else None}
                             for k, v in by_length.items()},
        "lifted_runs": sum(v["runs"] for v in by_length.values()),
        "lifted_to_donor_share": round(sum(v["donor"] for v in by_length.values()) / max(sum(v["runs"] for v in by_length.values()), 1), 4),
        "false_traces": sum(v["false"] for v in by_length.values()),
        "other_runs": other_runs, "other_runs_traced": other_traced,
        "parts_rows": stats.get("parts_rows"), "grams_rows": stats.get("grams_rows"),
        "load_average": round(os.getloadavg()[0], 1),
        "unindexed_lookup_ms_median": round(1000 * statistics.median(misses), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="Keep the index files in this folder.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for n in args.docs:
            path = folder / f"index-scale-{n}.sqlite"
            path.unlink(missing_ok=True)
            row = run(n, args.queries, args.seed, path)
            results.append(row)
            print(json.dumps(row), flush=True)
    print("\n| articles | synthetic | build wall (CPU) | size on disk | per article | lookup median (p95) | align median (p95) | total median (p95) | CPU median (p95) | recall@1 (@3) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['docs']:,} | {r['synthetic']:,} | {r['build_s']:.0f} s ({r['build_cpu_s']:.0f} s) | {r['bytes'] / 2**20:.0f} MiB | {r['bytes_per_doc']:,} B "
              f"| {r['lookup_ms_median']} ms ({r['lookup_ms_p95']}) | {r['align_ms_median']} ms ({r['align_ms_p95']}) "
              f"| {r['total_ms_median']} ms ({r['total_ms_p95']}) | {r['cpu_ms_median']} ms ({r['cpu_ms_p95']}) | {r['recall_at_1']:.3f} ({r['recall_at_3']:.3f}) |")
    print("\n| articles | lifted runs traced to their article: 8-14 words | 15-30 | 31+ | all | to another with the same text | false traces | trace median (p95) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        cells = [f"{v['donor_share']:.3f} (of {v['runs']})" if v["runs"] else "–" for v in r["traced_by_length"].values()]
        same = sum(v["same text"] for v in r["traced_by_length"].values())
        print(f"| {r['docs']:,} | {' | '.join(cells)} | {r['lifted_to_donor_share']:.3f} (of {r['lifted_runs']}) | {same} | {r['false_traces']} "
              f"| {r['trace_ms_median']} ms ({r['trace_ms_p95']}) |")
    big = max(results, key=lambda r: r["docs"])
    factor = 1_000_000 / big["docs"]
    print(f"\nlinear extrapolation to 1,000,000 articles from {big['docs']:,}: build {big['build_s'] * factor / 3600:.1f} h wall "
          f"({big['build_cpu_s'] * factor / 3600:.1f} h CPU), {big['bytes'] * factor / 2**30:.1f} GiB on disk")
    if len(results) > 1:
        small = min(results, key=lambda r: r["docs"])
        growth = big["cpu_ms_median"] / max(small["cpu_ms_median"], 1e-9)
        print(f"query CPU median (lookup + alignment) grew x{growth:.2f} from {small['docs']:,} to {big['docs']:,} articles")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
