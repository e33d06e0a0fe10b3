"""Load test of the web API: N concurrent clients POST articles to /v1/analyze for D seconds.

The server runs in a second process on loopback (``unspin serve``), started here unless --url
points at one already running. First a baseline (one client, sequential) on the same machine,
then the load phase. Prints throughput, latency percentiles, errors by kind, and the ratio of
loaded to sequential throughput; writes the numbers as JSON.

    .venv/bin/python bench/load_test.py --profile fast --clients 50 --duration 60

Target: 0 errors. Latency under load is mostly queueing: the server analyses `--workers`
articles at a time and every other request waits its turn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "unspin.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--profile", args.profile,
           "--workers", str(args.workers), "--timeout", str(args.server_timeout), "--max-queue", str(max(64, args.clients))]
    log = open(ROOT / "runs" / "load_test_server.log", "w") if (ROOT / "runs").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; see runs/load_test_server.log")
        try:
            httpx.get(url + "/v1/health", timeout=2).raise_for_status()
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not come up within 300 s")


def warm_up(url: str, text: str, profile: str) -> dict:
    """One request before timing: the profile must work at all. Returns that report."""
    resp = httpx.post(url + "/v1/analyze", json={"text": text, "profile": profile}, timeout=300)
    if resp.status_code != 200:
        raise SystemExit(f"the {profile} profile does not work on this server: HTTP {resp.status_code} {resp.text[:300]}")
    return resp.json()


async def client_loop(http: httpx.AsyncClient, url: str, texts: list[str], profile: str, stop: float, out: list, cid: int):
    i = 0
    while time.perf_counter() < stop:
        text = texts[(cid + i) % len(texts)]
        i += 1
        t0 = time.perf_counter()
        try:
            resp = await http.post(url + "/v1/analyze", json={"text": text, "profile": profile})
            kind = "ok" if resp.status_code == 200 else f"{resp.status_code} {_code(resp)}"
            if kind == "ok" and resp.json().get("text") != text:
                kind = "wrong report"
        except httpx.HTTPError as err:
            kind = f"transport {type(err).__name__}"
        out.append((time.perf_counter() - t0, kind))


def _code(resp) -> str:
    try:
        return resp.json()["error"]["code"]
    except Exception:
        return "?"


async def run_phase(url: str, clients: int, seconds: float, texts: list[str], profile: str, timeout: float) -> dict:
    results: list[tuple[float, str]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        start = time.perf_counter()
        stop = start + seconds
        await asyncio.gather(*(client_loop(http, url, texts, profile, stop, results, c) for c in range(clients)))
        elapsed = time.perf_counter() - start
    return summarise(results, elapsed, clients)


def summarise(results, elapsed: float, clients: int) -> dict:
    ok = sorted(lat for lat, kind in results if kind == "ok")
    errors = Counter(kind for _, kind in results if kind != "ok")

    def pct(p):
        if not ok:
            return None
        return round(ok[min(len(ok) - 1, int(round(p / 100 * (len(ok) - 1))))], 4)

    return {
        "clients": clients, "seconds": round(elapsed, 2), "requests": len(results), "ok": len(ok),
        "errors": sum(errors.values()), "errors_by_kind": dict(errors),
        "throughput_rps": round(len(ok) / elapsed, 3) if elapsed else 0.0,
        "latency_s": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": round(ok[-1], 4) if ok else None,
                      "mean": round(statistics.fmean(ok), 4) if ok else None},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of the load phase")
    ap.add_argument("--baseline", type=float, default=15.0, help="seconds of the one-client baseline (0: skip)")
    ap.add_argument("--profile", default="fast", choices=("fast", "full"))
    ap.add_argument("--workers", type=int, default=2, help="analysis threads of the server started here")
    ap.add_argument("--server-timeout", type=float, default=120.0, help="the server's per-request deadline")
    ap.add_argument("--url", help="use this running server instead of starting one")
    ap.add_argument("--article", type=Path, default=ARTICLE)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "load_test.json")
    args = ap.parse_args(argv)

    base = args.article.read_text(encoding="utf-8")
    # distinct texts, so nothing can be served from a cache
    texts = [f"{base}\n\nUpdate {i}: the port authority will publish its figures on day {i}." for i in range(100)]
    proc = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        proc, url = start_server(args)
    try:
        sample = warm_up(url, texts[0], args.profile)
        baseline = asyncio.run(run_phase(url, 1, args.baseline, texts, args.profile, args.server_timeout + 30)) if args.baseline > 0 else None
        load = asyncio.run(run_phase(url, args.clients, args.duration, texts, args.profile, args.server_timeout + 30))
        health = httpx.get(url + "/v1/health", timeout=10).json()
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    result = {
        "command": "python bench/load_test.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "profile": args.profile, "server_workers": health.get("workers"), "article_chars": len(texts[0]),
        # what one analysis produced: layers missing here (models not installed) make the numbers optimistic
        "layers_run": sample.get("layers_run"), "analysers_unavailable": [w for w in sample.get("warnings", []) if "unavailable" in w],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_after": os.getloadavg()},
        "baseline": baseline, "load": load,
        "throughput_ratio_vs_baseline": round(load["throughput_rps"] / baseline["throughput_rps"], 2)
        if baseline and baseline["throughput_rps"] else None,
    }
    for name, phase in (("baseline (1 client)", baseline), (f"load ({args.clients} clients)", load)):
        if phase:
            lat = phase["latency_s"]
            print(f"{name:>22}: {phase['ok']} ok / {phase['requests']} requests in {phase['seconds']} s = "
                  f"{phase['throughput_rps']} req/s; latency p50 {lat['p50']} s, p99 {lat['p99']} s, max {lat['max']} s; "
                  f"errors {phase['errors']} {phase['errors_by_kind'] or ''}")
    print(f"{'layers run':>22}: {', '.join(result['layers_run'] or []) or 'none'}"
          + (f" ({len(result['analysers_unavailable'])} analysers unavailable)" if result["analysers_unavailable"] else ""))
    if result["throughput_ratio_vs_baseline"] is not None:
        print(f"{'throughput ratio':>22}: {result['throughput_ratio_vs_baseline']}x the one-client baseline")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if load["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
