"""Batch throughput: the plain in-process loop against Dask with 1 and 2 workers.

    .venv/bin/python bench/batch_throughput.py                     # 2,000 articles, fast (+ full if it exists)
    .venv/bin/python bench/batch_throughput.py -n 300 --profiles fast --repeats 1   # a quick run
    .venv/bin/python bench/batch_throughput.py -n 400 --profiles fast --configs loop,dask-1,dask-2,loop-x2
    .venv/bin/python bench/batch_throughput.py -n 200 --cpu-pairs 6   # worker vs loop CPU, interleaved
    .venv/bin/python bench/batch_throughput.py --housekeeping     # idle CPU of a LocalCluster

The corpus is real news read in place from ../shared/data: BBC News 2005 and Reuters-21578
(alternating, so both halves see the same mix), written once as JSONL under runs/bench-batch/.
Each configuration runs `unspin.batch.run_batch` in a fresh subprocess (so model caches and peak
RSS do not leak between configurations), with one torch thread per analysing process.

Printed per configuration: articles/s once the models are loaded (the rate a long run converges
to), wall time including startup (cluster start + model loading), the peak RSS of each analysing
process, and CPU seconds per article summed over every process (driver and scheduler included;
less sensitive than wall time to other load on the machine). Then the 2-worker speed-up over 1
worker (target >= 1.8x) and the Dask overhead, 1 worker against the plain loop (target <= 10%).
`--configs ...,loop-x2` adds the machine's own ceiling: two plain loops in independent processes at
once, each on half the corpus; Dask's 2-worker speed-up is then also given as a share of theirs.
With --repeats > 1, medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "runs" / "bench-batch"
CONFIGS = {"loop": 0, "dask-1": 1, "dask-2": 2, "loop-x2": 0}
#: "loop-x2" is no configuration of unspin: two plain loops in two independent processes at once, each
#: on half of the corpus (no Dask, nothing shared). Their summed rate over one loop's is the speed-up
#: this machine gives two busy processes at all; Dask's 2-worker speed-up is read against it.
PARALLEL = "loop-x2"
#: one BLAS/OpenMP thread in every configuration (Dask's nanny sets the same for its workers)
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def build_corpus(n: int) -> Path:
    """n articles alternating BBC News and Reuters, as JSONL (id, title, source, text)."""
    from unspin.splices.corpus import bbc, reuters

    path = WORK / f"corpus-{n}.jsonl"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        count = 0
        for a, b in zip(bbc(), reuters()):
            for art in (a, b):
                if count < n:
                    fh.write(json.dumps({"id": art.id, "title": art.title, "source": art.source, "text": art.text}) + "\n")
                    count += 1
            if count >= n:
                break
    if count < n:
        raise SystemExit(f"only {count} articles available, asked for {n}")
    os.replace(tmp, path)
    return path


def half(corpus: Path, part: int) -> Path:
    """Every other line of `corpus`, starting at line `part` (0 or 1): one half of it, same mix."""
    path = corpus.with_name(f"{corpus.stem}-half{part}.jsonl")
    if not path.exists():
        lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(lines[part::2]), encoding="utf-8")
        os.replace(tmp, path)
    return path


def run_one(corpus: Path, profile: str, config: str, chunk_size: int, analyzers: tuple[str, ...] | None,
            part: int | None = None) -> dict:
    """One configuration, in this process (called in a fresh subprocess by `main`); with `part`, on
    that half of the corpus (for "loop-x2")."""
    from unspin.batch import BatchSettings, run_batch

    if part is not None:
        corpus = half(corpus, part)
    out = WORK / (f"out-{profile}-{config}" + ("" if part is None else f"-{part}"))
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    result = run_batch(BatchSettings(corpus, out, profile=profile, workers=CONFIGS[config], chunk_size=chunk_size,
                                     torch_threads=1, analyzers=analyzers))
    wall = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    workers = {k: v for k, v in result.processes.items() if k != "driver"} or {"driver": result.processes["driver"]}
    cpu = sum(p["cpu_s"] for p in result.processes.values())
    return {"config": config, "profile": profile, "ok": result.ok, "failed": result.failed, "wall_s": round(wall, 2),
            "startup_s": round(result.startup_seconds, 2), "rate": round(result.rate, 3),
            "wall_rate": round(result.processed / wall, 3),
            "peak_rss_mb": sorted(p["peak_rss_mb"] for p in workers.values()),
            "driver_rss_mb": result.processes["driver"]["peak_rss_mb"],
            "cpu_per_article": round(cpu / max(result.processed, 1), 4),
            "driver_cpu_per_article": round(result.processes["driver"]["cpu_s"] / max(result.processed, 1), 4)}


def _timed(items, args) -> float:
    """CPU seconds this process spends analysing `items` (runs in-process or on a worker)."""
    from unspin.batch.rows import analyse_chunk

    t = time.process_time()
    analyse_chunk(items, *args)
    return time.process_time() - t


def cpu_pairs(corpus: Path, pairs: int, profile: str, analyzers: tuple[str, ...] | None, n: int = 48) -> None:
    """The same n articles analysed alternately in this process and on a 1-worker LocalCluster.

    Interleaving the two puts them under the same load, so the CPU ms/article of the analysis itself
    can be compared on a busy machine where wall-clock rates cannot."""
    import dask
    from distributed import Client, LocalCluster

    from unspin.batch.rows import warm
    from unspin.batch.runner import LOCAL_CLUSTER_CONFIG
    from unspin.batch.sources import read_items

    items = [item for _, item in zip(range(n), read_items(corpus))]
    args = (profile, None, 1, analyzers)
    warm(*args)
    loop, worker = [], []
    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                                             host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(warm, *args)
        for _ in range(pairs):
            loop.append(1000 * _timed(items, args) / n)
            worker.append(1000 * client.submit(_timed, items, args, pure=False).result() / n)
            print(f"loop {loop[-1]:6.1f} ms/article   worker {worker[-1]:6.1f} ms/article   "
                  f"load avg {os.getloadavg()[0]:.1f}", flush=True)
    print(f"# median CPU per article: loop {statistics.median(loop):.1f} ms, Dask worker {statistics.median(worker):.1f} ms "
          f"({100 * (statistics.median(worker) / statistics.median(loop) - 1):+.1f}%)")


def housekeeping(seconds: float = 30) -> None:
    """Idle CPU of a LocalCluster worker and of this (scheduler + client) process: Dask defaults vs unspin's."""
    import dask
    from distributed import Client, LocalCluster

    from unspin.batch.runner import LOCAL_CLUSTER_CONFIG

    for name, config in (("dask defaults", {}), ("unspin LOCAL_CLUSTER_CONFIG", LOCAL_CLUSTER_CONFIG)):
        with dask.config.set(config), LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                                   dashboard_address=None) as cluster, Client(cluster) as client:
            time.sleep(3)
            w0, d0 = list(client.run(time.process_time).values())[0], time.process_time()
            time.sleep(seconds)
            w1, d1 = list(client.run(time.process_time).values())[0], time.process_time()
        print(f"{name:28} idle CPU: worker {100 * (w1 - w0) / seconds:.2f}% of a core, "
              f"scheduler+client {100 * (d1 - d0) / seconds:.2f}%", flush=True)


def _command(args, profile: str, config: str, part: int | None = None) -> list[str]:
    extra = [] if args.analyzers is None else ["--analyzers", args.analyzers]
    extra += [] if part is None else ["--part", str(part)]
    return [sys.executable, __file__, "-n", str(args.articles), "--chunk-size", str(args.chunk_size),
            "--one", f"{profile}:{config}", *extra]


def _result(proc_out: str, proc_err: str, returncode: int, label: str) -> dict | None:
    line = next((l for l in proc_out.splitlines() if l.startswith("RESULT ")), None)
    if returncode != 0 or line is None:
        print(f"{label}: FAILED\n{proc_err[-2000:]}", file=sys.stderr)
        return None
    return json.loads(line[7:])


def _run_config(args, profile: str, config: str) -> dict | None:
    """One configuration in fresh subprocesses: one, or for "loop-x2" two at once on the two halves."""
    if config != PARALLEL:
        proc = subprocess.run(_command(args, profile, config), capture_output=True, text=True, cwd=ROOT, env=ENV)
        return _result(proc.stdout, proc.stderr, proc.returncode, f"{profile} {config}")
    for part in (0, 1):  # write the halves before the clock starts
        half(build_corpus(args.articles), part)
    procs = [subprocess.Popen(_command(args, profile, "loop", part), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, env=ENV) for part in (0, 1)]
    outs = [(p, *p.communicate()) for p in procs]
    parts = [_result(out, err, p.returncode, f"{profile} {config} half {i}") for i, (p, out, err) in enumerate(outs)]
    if None in parts:
        return None
    n = sum(r["ok"] + r["failed"] for r in parts)
    return {"config": config, "profile": profile, "ok": sum(r["ok"] for r in parts), "failed": sum(r["failed"] for r in parts),
            "wall_s": max(r["wall_s"] for r in parts), "startup_s": max(r["startup_s"] for r in parts),
            "rate": round(sum(r["rate"] for r in parts), 3), "wall_rate": round(n / max(r["wall_s"] for r in parts), 3),
            "peak_rss_mb": sorted(x for r in parts for x in r["peak_rss_mb"]),
            "driver_rss_mb": max(r["driver_rss_mb"] for r in parts),
            "cpu_per_article": round(sum(r["cpu_per_article"] * (r["ok"] + r["failed"]) for r in parts) / n, 4),
            "driver_cpu_per_article": round(sum(r["driver_cpu_per_article"] * (r["ok"] + r["failed"]) for r in parts) / n, 4)}


def _names(arg: str | None) -> tuple[str, ...] | None:
    return None if arg is None else tuple(a for a in arg.split(",") if a)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=2000)
    ap.add_argument("--profiles", default=None, help="comma-separated (default: fast, plus full when it has analysers)")
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=16)
    ap.add_argument("--analyzers", default=None, help="only these analysers, comma-separated ('' parses only)")
    ap.add_argument("--cpu-pairs", type=int, default=0, metavar="K",
                    help="instead: K interleaved loop/worker CPU measurements on the same 48 articles")
    ap.add_argument("--housekeeping", action="store_true", help="instead: idle CPU of a LocalCluster, defaults vs unspin's")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one "profile:config" and print JSON
    ap.add_argument("--part", type=int, default=None, help=argparse.SUPPRESS)  # internal: that half of the corpus
    args = ap.parse_args()
    os.environ.update(ENV)  # before anything imports numpy: one BLAS thread here too (for --cpu-pairs)

    if args.housekeeping:
        return housekeeping()

    corpus = build_corpus(args.articles)
    if args.one:
        profile, config = args.one.split(":")
        print("RESULT " + json.dumps(run_one(corpus, profile, config, args.chunk_size, _names(args.analyzers), args.part)),
              flush=True)
        return
    if args.cpu_pairs:
        return cpu_pairs(corpus, args.cpu_pairs, (args.profiles or "fast").split(",")[0], _names(args.analyzers))

    from unspin.pipeline import analyzers_for

    profiles = args.profiles.split(",") if args.profiles else ["fast"] + (["full"] if analyzers_for("full") else [])
    configs = args.configs.split(",")
    print(f"# batch throughput: {args.articles} articles (BBC News + Reuters), chunk size {args.chunk_size}, "
          f"{args.repeats} repeat(s)")
    print(f"# machine: {platform.machine()}, {os.cpu_count()} CPUs, load average at start "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; python {platform.python_version()}")
    for profile in profiles:
        names = _names(args.analyzers)
        names = [a.name for a in analyzers_for(profile)] if names is None else names
        print(f"# profile {profile}: analysers {', '.join(names) or '(none: parse only)'}")
    results: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.repeats):
        for profile in profiles:
            for config in configs:
                r = _run_config(args, profile, config)
                if r is None:
                    continue
                results.setdefault((profile, config), []).append(r)
                print(f"{profile:5} {config:7} ok {r['ok']:5} failed {r['failed']:3}  {r['rate']:7.2f} art/s "
                      f"(with startup {r['wall_rate']:6.2f})  wall {r['wall_s']:7.1f}s  startup {r['startup_s']:5.1f}s  "
                      f"CPU {1000 * r['cpu_per_article']:6.1f} ms/article (driver {1000 * r['driver_cpu_per_article']:5.1f})  "
                      f"peak RSS MB per analysing process {r['peak_rss_mb']} (driver {r['driver_rss_mb']})  "
                      f"load avg {os.getloadavg()[0]:.1f}", flush=True)
    print("# medians and ratios")
    for profile in profiles:
        med = {c: statistics.median(r["rate"] for r in results[(profile, c)]) for c in configs if (profile, c) in results}
        medw = {c: statistics.median(r["wall_rate"] for r in results[(profile, c)]) for c in configs if (profile, c) in results}
        medc = {c: statistics.median(r["cpu_per_article"] for r in results[(profile, c)]) for c in configs if (profile, c) in results}
        for c in med:
            print(f"{profile:5} {c:7} median {med[c]:.2f} art/s (with startup {medw[c]:.2f}), "
                  f"CPU {1000 * medc[c]:.1f} ms/article (all processes)")
        if "dask-1" in med and "dask-2" in med:
            print(f"{profile:5} speed-up 2 workers / 1 worker: {med['dask-2'] / med['dask-1']:.2f}x (target >= 1.8x)")
        if "loop" in med and "dask-1" in med:
            print(f"{profile:5} Dask overhead, 1 worker vs plain loop: {100 * (1 - med['dask-1'] / med['loop']):+.1f}% "
                  f"of throughput (target <= 10%); with startup {100 * (1 - medw['dask-1'] / medw['loop']):+.1f}%; "
                  f"CPU per article {100 * (medc['dask-1'] / medc['loop'] - 1):+.1f}% (less sensitive to a busy machine)")
        if "loop" in med and "dask-2" in med:
            print(f"{profile:5} 2 workers vs plain loop: {med['dask-2'] / med['loop']:.2f}x")
        if "loop" in med and PARALLEL in med:
            ceiling = med[PARALLEL] / med["loop"]
            print(f"{profile:5} two independent plain loops at once vs one: {ceiling:.2f}x, CPU per article "
                  f"{100 * (medc[PARALLEL] / medc['loop'] - 1):+.1f}% (what this machine gives two busy processes)")
            if "dask-1" in med and "dask-2" in med:
                print(f"{profile:5} Dask's 2-worker speed-up is {100 * (med['dask-2'] / med['dask-1']) / ceiling:.0f}% of that")


if __name__ == "__main__":
    main()
