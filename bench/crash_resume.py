"""Crash-safety soak of `unspin batch`: SIGKILL at random moments, resume, and check that every
article ends up in the output exactly once.

    .venv/bin/python bench/crash_resume.py                      # 20 kills, 40 articles, Parquet
    .venv/bin/python bench/crash_resume.py --kills 50 --format duckdb --seed 7
    .venv/bin/python bench/crash_resume.py --analyzers attribution   # real analysis, slower runs

What it does: writes a small corpus (distinct news-like articles plus two bad files, an empty one
and a binary one, which must be recorded as errors exactly once), runs the batch once uninterrupted
to learn how long a run takes and what the right result is, then runs the same command against a
fresh output again and again, killing each run with SIGKILL at a random moment: either a random
time into the run, or right after it commits its k-th new chunk (the moment a half-finished commit
would be most likely). After every kill the output must still be readable. When every kill is
spent, one last run finishes the job. The result must equal the uninterrupted run: the same ids,
each exactly once, the same status for each, no temporary file left behind.

Prints one line per kill and a summary; exit status 1 if anything was lost, duplicated, changed or
unreadable. The article texts are made up here (no dataset is needed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SUBJECTS = ("The port authority", "The city council", "The health minister", "A regional bank", "The rail union",
            "The school board", "The water regulator")
ACTIONS = ("raised its fees by {n} percent", "delayed the vote until {n} March", "hired {n} new inspectors",
           "closed {n} branches", "announced a {n} million pound plan", "cut {n} bus routes")


def article(i: int) -> str:
    who, what = SUBJECTS[i % len(SUBJECTS)], ACTIONS[i % len(ACTIONS)].format(n=i + 2)
    return (f"{who} acts on budget, report {i}\n\n{who} {what} on Tuesday, officials said. "
            f"Critics said decision number {i} was rushed and would hurt families, according to a union statement.\n\n"
            f"A spokesperson said the figures would be published next week. Opposition members said {i + 10} jobs were at risk.")


def write_corpus(root: Path, n: int) -> dict[str, str]:
    """The corpus folder; returns id -> expected status."""
    expected = {}
    for i in range(n):
        rel = f"{'sub/' if i % 4 == 0 else ''}a{i:03d}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(article(i), encoding="utf-8")
        expected[rel] = "ok"
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 4)
    expected["empty.txt"] = expected["binary.txt"] = "error"
    return expected


def command(args, corpus: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "unspin.cli", "batch", str(corpus), "--out", str(out), "--chunk-size", str(args.chunk_size),
           "--analyzers", args.analyzers, "--no-progress", "--workers", str(args.workers)]
    return cmd


def parts_of(out: Path) -> int:
    if out.suffix == ".duckdb":
        return 0
    return len(list(out.glob("part-*.parquet")))


def committed_any(out: Path, seen: dict) -> bool:
    """Whether the run has committed a chunk (DuckDB: its write-ahead log has grown since it was
    created with the table)."""
    if out.suffix != ".duckdb":
        return parts_of(out) > 0
    wal = Path(f"{out}.wal")
    size = wal.stat().st_size if wal.exists() else None
    if size is None:
        return False
    first = seen.setdefault("wal", size)
    return size != first


def read_output(out: Path) -> list[tuple[str, str]]:
    """(id, status) of every row; raises if the output cannot be read."""
    from unspin.batch.store import read_rows

    con, rel = read_rows(out, columns=["id", "status"])
    try:
        return [(r[0], r[1]) for r in rel.fetchall()]
    finally:
        con.close()


def check_complete(out: Path, expected: dict[str, str]) -> tuple[list[str], int]:
    """Problems of a finished output against the expected statuses, and its row count."""
    final = read_output(out)
    counts = Counter(i for i, _ in final)
    lost = sorted(set(expected) - set(counts))
    duplicated = sorted(i for i, c in counts.items() if c > 1)
    changed = sorted(i for i, s in final if i in expected and s != expected[i])
    leftovers = [p.name for p in out.parent.rglob(".tmp-*")]
    problems = [f"lost: {lost[:10]}"] * bool(lost) + [f"duplicated: {duplicated[:10]}"] * bool(duplicated)
    problems += [f"status changed: {changed[:10]}"] * bool(changed) + [f"temporary files left: {leftovers[:5]}"] * bool(leftovers)
    return problems, len(final)


def run_to_end(cmd: list[str], out: Path, timeout: float) -> tuple[float, float]:
    """Run to the end; (seconds it took, seconds until its first commit: start-up, spaCy load...)."""
    t0 = time.monotonic()
    first = None
    seen: dict = {}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        while proc.poll() is None:
            if first is None and committed_any(out, seen):
                first = time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                proc.kill()
            time.sleep(0.01)
        total = time.monotonic() - t0
        if proc.returncode not in (0, 3):  # 3: finished, some articles failed (the bad files)
            err.seek(0)
            raise SystemExit(f"batch run failed (exit {proc.returncode}):\n{err.read().decode()[-2000:]}")
    return total, first if first is not None else 0.0


def kill_one(cmd: list[str], out: Path, rng: random.Random, full_s: float, startup_s: float) -> dict:
    """Start a run and SIGKILL it at a random moment; what happened."""
    before = parts_of(out)
    by_commit = out.suffix != ".duckdb" and rng.random() < 0.5
    target_parts = before + rng.randint(1, 3)
    # mostly while it works (after start-up), sometimes during start-up
    delay = rng.uniform(0.8 * startup_s, full_s) if rng.random() < 0.8 else rng.uniform(0.0, full_s)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while proc.poll() is None:
        elapsed = time.monotonic() - t0
        if (by_commit and parts_of(out) >= target_parts) or (not by_commit and elapsed >= delay) or elapsed > 4 * full_s + 60:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return {"killed": True, "how": f"after part {target_parts}" if by_commit else f"at {delay:.2f}s",
                    "at_s": round(elapsed, 2)}
        time.sleep(0.005)
    return {"killed": False, "how": "finished first", "at_s": round(time.monotonic() - t0, 2), "exit": proc.returncode}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=20, help="how many runs to kill (default 20)")
    ap.add_argument("--articles", type=int, default=40, help="good articles in the corpus (two bad ones are added)")
    ap.add_argument("--chunk-size", type=int, default=2)
    ap.add_argument("--analyzers", default="", help="--analyzers for unspin batch ('' parses only: fastest)")
    ap.add_argument("--workers", type=int, default=0, help="--workers for unspin batch (0: plain loop, N: Dask)")
    ap.add_argument("--format", choices=["parquet", "duckdb"], default="parquet")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the summary here")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    work = Path(tempfile.mkdtemp(prefix="unspin-crash-"))
    try:
        corpus = work / "corpus"
        expected = write_corpus(corpus, args.articles)
        name = "out.duckdb" if args.format == "duckdb" else "out"
        ref_out, out = work / "ref" / name, work / "soak" / name
        ref_out.parent.mkdir()
        out.parent.mkdir()

        full_s, startup_s = run_to_end(command(args, corpus, ref_out), ref_out, timeout=1800)
        reference = dict(read_output(ref_out))
        assert reference == expected, f"the uninterrupted run is wrong: {sorted(set(reference.items()) ^ set(expected.items()))[:5]}"
        print(f"corpus: {len(expected)} articles ({args.articles} good, 2 bad); uninterrupted run {full_s:.1f}s (first commit at {startup_s:.1f}s); "
              f"chunk size {args.chunk_size}; format {args.format}; analyzers {args.analyzers or '(parse only)'}", flush=True)

        problems: list[str] = []
        kills = attempts = cycles = 0
        while kills < args.kills and attempts < 3 * args.kills:
            attempts += 1
            if out.exists() and set(dict(read_output(out))) >= set(expected):
                # a cycle is complete: check it, then start over on a fresh output so the next kills land mid-run
                cycles += 1
                problems += [f"cycle {cycles}: {p}" for p in check_complete(out, expected)[0]]
                shutil.rmtree(out) if out.is_dir() else out.unlink()
            event = kill_one(command(args, corpus, out), out, rng, full_s, startup_s)
            kills += event["killed"]
            try:
                rows = read_output(out) if out.exists() else []
                counts = Counter(i for i, _ in rows)
                dup = sorted(i for i, c in counts.items() if c > 1)
                if dup:
                    problems.append(f"kill {kills}: duplicated ids after the kill: {dup[:5]}")
                event["rows"] = len(rows)
            except Exception as err:  # an output that cannot be read after a kill is a failure
                if out.exists() and (out.is_file() or (out / "settings.json").exists()):
                    problems.append(f"kill {kills}: output unreadable after the kill: {type(err).__name__}: {err}")
                event["rows"] = "-"
            print(f"  run {attempts:3d}: {event['how']:>15s}  killed={event['killed']!s:5s} at {event['at_s']:6.2f}s  "
                  f"rows committed {event['rows']}", flush=True)

        run_to_end(command(args, corpus, out), out, timeout=1800)
        cycles += 1
        last, n_rows = check_complete(out, expected)
        problems += [f"cycle {cycles}: {p}" for p in last]
        summary = {"kills": kills, "runs": attempts + 1, "cycles": cycles, "articles": len(expected), "final_rows": n_rows,
                   "problems": problems, "format": args.format, "chunk_size": args.chunk_size,
                   "analyzers": args.analyzers, "workers": args.workers, "seed": args.seed,
                   "uninterrupted_run_s": round(full_s, 2), "first_commit_s": round(startup_s, 2)}
        print(f"summary: {kills} kills over {attempts + 1} runs in {cycles} complete cycle(s); every cycle checked: "
              f"{'no article lost, duplicated or changed' if not problems else f'{len(problems)} problem(s)'}; "
              f"last output {n_rows} rows for {len(expected)} articles", flush=True)
        for p in problems:
            print(f"  PROBLEM: {p}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
