"""Crash safety of `unspin batch`: killed with SIGKILL mid-run, then rerun, every article comes out
exactly once. The run is a real subprocess of the CLI, killed as soon as it has committed a part."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from .test_batch import rows, write_folder

N_ARTICLES = 30


def start(corpus, out):
    cmd = [sys.executable, "-m", "unspin.cli", "batch", str(corpus), "--out", str(out), "--chunk-size", "2",
           "--analyzers", "", "--no-progress"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_after_parts(proc, out, n_parts: int, timeout: float = 180) -> bool:
    """SIGKILL `proc` once `out` holds at least `n_parts` parts; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if len(list(out.glob("part-*.parquet"))) >= n_parts:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.01)
    proc.kill()
    raise AssertionError("the batch run committed nothing in time")


@pytest.mark.slow
def test_kill_9_then_rerun_gives_every_article_exactly_once(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_folder(corpus, N_ARTICLES)
    out = tmp_path / "out"

    killed = [kill_after_parts(start(corpus, out), out, 1)]
    committed = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    assert killed[0] and 0 < len(committed) < N_ARTICLES // 2  # really killed partway
    killed.append(kill_after_parts(start(corpus, out), out, len(committed) + 2))

    final = start(corpus, out)
    stdout, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()

    got = rows(out)
    counts = Counter(r["id"] for r in got)
    assert sorted(counts) == sorted(ids)
    assert set(counts.values()) == {1}  # no duplicate, no loss
    assert all(r["status"] == "ok" for r in got)
    assert not list(out.glob(".tmp-*"))
    # parts committed before a kill are kept as they were, never rewritten
    assert all((out / name).stat().st_mtime_ns == mtime for name, mtime in committed.items())
    assert "already done" in stderr.decode()


@pytest.mark.slow
def test_ctrl_c_on_a_dask_run_prints_one_line_not_the_workers_tracebacks(tmp_path):
    """Ctrl-C reaches the whole process group: each Dask worker printed a KeyboardInterrupt traceback."""
    corpus = tmp_path / "corpus"
    write_folder(corpus, N_ARTICLES)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "unspin.cli", "batch", str(corpus), "--out", str(out), "--chunk-size", "2",
           "--analyzers", "", "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 180
    while not list(out.glob("part-*.parquet")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    _, stderr = proc.communicate(timeout=120)
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert proc.returncode == 130
    assert "Traceback" not in stderr.decode() and "KeyboardInterrupt" not in stderr.decode()
    assert len(lines) == 1 and "interrupted; the " in lines[0] and "run the same command to resume" in lines[0]
