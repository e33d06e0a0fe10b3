"""Driving a batch run: stream the input, skip what is done, analyse chunks, commit each chunk.

    result = run_batch(BatchSettings(Path("corpus.jsonl"), Path("out"), workers=2))

With ``workers=0`` and no scheduler the chunks are analysed by a plain in-process loop. Otherwise
they go to Dask (a loopback ``LocalCluster`` of ``workers`` processes, or an existing cluster at
``scheduler``), at most ``max_in_flight`` chunks at a time so memory stays bounded whatever the
corpus size. Either way only this process writes the output, one committed chunk at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .._imports import require
from ..inputs import ignored_note, suffix_list
from ..errors import ConfigurationError, InputError, MissingDependency, TimeLimitExceeded, UnspinError
from .rows import SLOW_TOPIC, analyse_chunk, error_row, process_stats, slow_articles, warm
from .sources import HTML_SUFFIXES, TEXT_SUFFIXES, Columns, Item, count_items, ignored_files, read_items
from .store import open_store, output_format

BATCH_FORMAT = "unspin.batch/1"
#: Dask settings for the LocalCluster of `--workers`: no dashboard, so no statistical profiler (it
#: samples the busy thread every 10 ms) and slower housekeeping ticks. Idle, these cut the background
#: CPU of a worker from ~3.3% to ~0.4% of a core and of the scheduler process from ~3.7% to ~0.7%
#: (`bench/batch_throughput.py --housekeeping`).
#: Work stealing is off: chunks are queued on the scheduler and go to whichever worker is free.
#: MALLOC_TRIM_THRESHOLD_ is left unset: Dask's nanny sets it to 64 KiB so that workers return freed
#: memory to the OS at once, which made torch's large short-lived buffers cost a `full`-profile
#: worker 22% more CPU per article than the same analysis in the driver; unset, +3%
#: (`bench/batch_throughput.py -n 160 --profiles full`, docs/batch.md). Memory stays bounded by the
#: chunks in flight, not by trimming.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
#: how many failures a result keeps verbatim (the rest are only counted; all are in the output)
KEEP_ERRORS = 20
#: the default time limit per article, in seconds. The longest BBC 2005 article (4,432 words) took
#: 3.2 s with the fast profile and 24-26 s with the full one on a busy machine here: 120 s leaves a
#: factor of five over the slowest real news story, and stops the full profile at roughly 20,000
#: words, the fast one at some 90,000 (docs/batch.md, "Time limit per article").
DEFAULT_ARTICLE_TIMEOUT = 120.0


@dataclass(frozen=True)
class BatchSettings:
    """Everything one `unspin batch` run needs."""

    input: Path
    out: Path
    profile: str = "fast"
    index: Path | None = None
    workers: int = 0  # Dask LocalCluster processes; 0: in-process loop
    scheduler: str | None = None  # address of an existing Dask scheduler (tcp://host:port)
    chunk_size: int = 32  # articles per committed chunk (one part file / one transaction)
    format: str | None = None  # "parquet" | "duckdb"; None: from the suffix of `out`
    columns: Columns = Columns()
    max_in_flight: int | None = None  # chunks submitted to Dask at once; None: 2 per worker
    torch_threads: int | None = None  # torch threads per process; None: 1 on Dask workers, torch's default in-process
    analyzers: tuple[str, ...] | None = None  # run only these analysers (None: all of the profile; (): parse only)
    retry_failed: bool = False  # drop the error rows of earlier runs first, so those articles are tried again
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT  # seconds per article (0 or None: no limit)


@dataclass
class BatchResult:
    """What a run did: counts, time, and the first few failures."""

    out: Path
    format: str
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output from an earlier run
    skipped_failed: int = 0  # rows of earlier runs in the output with status 'error'
    retried: int = 0  # error rows dropped by retry_failed
    timed_out: int = 0  # of `failed`: articles stopped at the time limit
    duplicates: int = 0  # records whose id an earlier record of this input already used
    duplicate_ids: list[str] = field(default_factory=list)  # the first few of those ids
    old_ids: int = 0  # of `skipped`: done under the id form of an older unspin ("101.0" for "101")
    derived_ids: int = 0  # records the input gave no id: named by their content (sources.ContentIds)
    ignored: int = 0  # files of a folder input that are not articles by their suffix
    ignored_names: list[str] = field(default_factory=list)  # the first few of those
    chunks: int = 0
    seconds: float = 0.0  # wall time of the run
    startup_seconds: float = 0.0  # of which: reading the output, starting the cluster, loading the models
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (id, code, message)
    #: per process ("driver", or a Dask worker's address): peak RSS in MB and CPU seconds after model loading
    processes: dict[str, dict[str, float]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.ok + self.failed

    @property
    def any_failed(self) -> bool:
        """Whether the output holds any failed article (from this run or an earlier one)."""
        return bool(self.failed or self.skipped_failed)

    @property
    def rate(self) -> float:
        """Articles per second once the models were loaded."""
        busy = self.seconds - self.startup_seconds
        return self.processed / busy if busy > 0 else 0.0

    def summary(self) -> str:
        if self.processed:
            stopped = f" ({self.timed_out:,} stopped at the time limit)" if self.timed_out else ""
            line = f"{self.ok:,} ok, {self.failed:,} failed{stopped} in {self.seconds:.1f}s ({self.startup_seconds:.1f}s loading"
            # a rate over articles that all failed at once, in a few milliseconds, says nothing
            line += f", then {self.rate:.2f} articles/s overall)" if self.ok and self.seconds - self.startup_seconds >= 0.5 else ")"
        else:
            line = "nothing left to analyse"
        if self.retried:
            line += f"; {self.retried:,} earlier failures retried"
        if self.skipped:
            line += f"; {self.skipped:,} already done" + (f" ({self.skipped_failed:,} of them failed)" if self.skipped_failed else "")
        if self.old_ids:
            line += (f"; {self.old_ids:,} of them done under {'their' if self.old_ids != 1 else 'its'} id as an older unspin "
                     f"wrote it (101.0 for 101): {'those rows keep it' if self.old_ids != 1 else 'that row keeps it'}")
        if self.duplicates:
            ids = ", ".join(self.duplicate_ids) + (", ..." if self.duplicates > len(self.duplicate_ids) else "")
            line += (f"; {self.duplicates:,} record{'s' if self.duplicates != 1 else ''} skipped: "
                     f"{'their ids repeat earlier records' if self.duplicates != 1 else 'its id repeats an earlier record'} ({ids})")
        if self.ignored:
            line += "; " + ignored_note(self.ignored, self.ignored_names, "not article files", TEXT_SUFFIXES | HTML_SUFFIXES)
        if self.derived_ids:
            line += (f"; {self.derived_ids:,} record{'s' if self.derived_ids != 1 else ''} without an id "
                     f"named by {'their' if self.derived_ids != 1 else 'its'} text (sha-...)")
        return f"{line} -> {self.out}"

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.chunks += 1
        for row in rows:
            if row["status"] == "ok":
                self.ok += 1
            else:
                self.failed += 1
                self.timed_out += row["error_code"] == TimeLimitExceeded.code
                if len(self.errors) < KEEP_ERRORS:
                    self.errors.append((row["id"], row["error_code"], row["error"]))


class Progress:
    """Callbacks a caller (the CLI's progress bar) overrides; the defaults do nothing. `committed`
    counts the articles this run has committed so far (kept if the run is interrupted)."""

    committed: int = 0

    def watch(self, slow: Callable[[], list[tuple[str, float, str]]]) -> None:
        """Called before `start`: `slow()` lists the articles being analysed for SLOW_SECONDS or more
        right now, as (id, seconds so far, step), for a display to name them."""

    def start(self, total: int | None) -> None: ...

    def advance(self, ok: int, failed: int) -> None: ...

    def complete(self) -> None:
        """Every record was read and analysed (not called when the run was interrupted)."""

    def stop(self) -> None: ...


def recorded_settings(settings: BatchSettings) -> dict[str, Any]:
    """The settings a result depends on, recorded in the output so a rerun cannot mix in others."""
    from .. import __version__

    index = None
    if settings.index is not None:
        path = Path(settings.index)
        if not path.is_file():
            raise ConfigurationError(f"no such index: {path} (build one with `unspin index add --index PATH FILES...`)")
        from ..splices.index import require

        require()  # a corpus analysed without its index would have no reference comparison at all
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        index = {"path": str(path.resolve()), "sha256": digest.hexdigest()}
    return {
        "format": BATCH_FORMAT,
        "input": str(Path(settings.input).resolve()),
        "profile": settings.profile,
        "index": index,
        "analyzers": _analyzer_names(settings),
        "columns": {"id": settings.columns.id, "text": settings.columns.text},
        "unspin": __version__,
    }


def _analyzer_names(settings: BatchSettings) -> list[str]:
    from ..pipeline import analyzers_for, registry

    if settings.analyzers is None:
        return [a.name for a in analyzers_for(settings.profile)]
    known = registry()
    unknown = [n for n in settings.analyzers if n not in known]
    if unknown:
        raise ConfigurationError(f"unknown analyser(s): {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none'}")
    return sorted(settings.analyzers)


def _chunks(items: Iterable[Item], done: set[str], size: int, result: BatchResult) -> Iterator[list[Item]]:
    """Items not done yet, in chunks of `size`; a repeated id is counted and skipped."""
    seen: set[str] = set()
    chunk: list[Item] = []
    for item in items:
        result.derived_ids += item.derived_id
        if item.id in seen:  # before `done`: on a resumed run a repeat is still a repeat, not work done
            result.duplicates += 1
            if len(result.duplicate_ids) < 5:
                result.duplicate_ids.append(item.id)
            continue
        seen.add(item.id)
        if item.id in done:
            result.skipped += 1
            continue
        if item.old_id is not None and item.old_id in done:  # an output written before whole-number ids lost their ".0"
            result.skipped += 1
            result.old_ids += 1
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(settings: BatchSettings, progress: Progress | None = None) -> BatchResult:
    """Analyse every article of `settings.input` not yet in `settings.out`; returns the counts."""
    progress = progress or Progress()
    if settings.chunk_size < 1:
        raise ConfigurationError("--chunk-size must be at least 1")
    if settings.workers < 0:
        raise ConfigurationError("--workers must be 0 (no Dask) or more")
    if settings.workers and settings.scheduler:
        raise ConfigurationError("give --workers (a local Dask cluster) or --scheduler (an existing one), not both")
    if settings.article_timeout is not None and not settings.article_timeout >= 0:
        raise ConfigurationError("--article-timeout must be a number of seconds, or 0 for no limit")
    require("pyarrow", "pyarrow", "batch", "A batch run")  # every chunk is committed as an Arrow table
    items = read_items(settings.input, settings.columns)  # checks the input exists and is readable
    if next(read_items(settings.input, settings.columns), None) is None:  # before an output is made for nothing
        what = (f"no article files ({suffix_list(TEXT_SUFFIXES | HTML_SUFFIXES)})" if Path(settings.input).is_dir()
                else "no records")
        raise InputError(f"{settings.input} holds {what}: there is nothing to analyse")
    store = open_store(settings.out, recorded_settings(settings), settings.format)
    result = BatchResult(out=Path(settings.out), format=output_format(Path(settings.out), settings.format))
    for name in ignored_files(settings.input):
        result.ignored += 1
        if len(result.ignored_names) < 5:
            result.ignored_names.append(name)
    t0 = time.perf_counter()
    try:
        if settings.retry_failed:
            result.retried = store.drop_failed()
        done = store.done_ids()
        result.skipped_failed = store.failed
        result.warnings.extend(store.warnings)
        # done ids the input no longer holds would make this negative: then the total is not known
        total = count_items(settings.input) - len(done)
        total = total if total > 0 else None
        chunks = _chunks(items, done, settings.chunk_size, result)
        first = next(chunks, None)
        if first is None:  # nothing left to do: load no model, start no cluster
            return result
        chunks = itertools.chain([first], chunks)
        args = (settings.profile, str(settings.index) if settings.index else None, settings.torch_threads, settings.analyzers)

        cpu_at_ready = [0.0]

        def ready() -> None:
            result.startup_seconds = time.perf_counter() - t0
            cpu_at_ready[0] = time.process_time()
            progress.start(total)

        def commit(rows: list[dict[str, Any]]) -> None:
            store.commit(rows)
            result.add(rows)
            progress.committed += len(rows)
            ok = sum(1 for r in rows if r["status"] == "ok")
            progress.advance(ok, len(rows) - ok)

        if settings.workers == 0 and settings.scheduler is None:
            warm(*args)
            progress.watch(slow_articles)
            ready()
            for chunk in chunks:
                commit(analyse_chunk(chunk, *args, timeout=settings.article_timeout))
        else:
            result.processes = _run_dask(settings, chunks, args, ready, commit, progress)
        result.processes["driver"] = process_stats(since_cpu=cpu_at_ready[0])
        progress.complete()
    finally:
        result.seconds = time.perf_counter() - t0
        store.close()
        progress.stop()
    return result


class _SlowOnWorkers:
    """The slow articles Dask workers announce (rows.SLOW_TOPIC events), for the progress display.
    An announcement is dropped when its article ends, its chunk is committed, or it goes stale."""

    STALE = 10.0  # seconds without news (workers repeat theirs every 2 s): the worker is gone

    def __init__(self):
        self.seen: dict[str, tuple[float, float, str]] = {}  # id -> (seconds announced, when, step)

    def __call__(self, event) -> None:  # a Client.subscribe_topic handler: (timestamp, message)
        msg = event[1]
        if msg.get("done"):
            self.seen.pop(msg["id"], None)
        else:
            self.seen[msg["id"]] = (float(msg["seconds"]), time.monotonic(), str(msg.get("step", "")))

    def forget(self, ids: Iterable[str]) -> None:
        for item_id in ids:
            self.seen.pop(item_id, None)

    def slow(self) -> list[tuple[str, float, str]]:
        now = time.monotonic()
        return [(item_id, seconds + now - when, step) for item_id, (seconds, when, step) in list(self.seen.items())
                if now - when < self.STALE]


@contextlib.contextmanager
def _workers_ignore_ctrl_c():
    """Worker processes started inside this block ignore SIGINT (Python keeps an inherited SIG_IGN):
    Ctrl-C in a terminal reaches the whole process group, and each worker printed a KeyboardInterrupt
    traceback before the driver's one line. The driver still stops on it and closes the cluster."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _check_listening(address: str) -> None:
    """Refuse at once a TCP scheduler address where nothing listens (connection refused, unknown
    host). Connecting with the Dask client would wait out its 20 s timeout first, which it keeps for
    a busy remote scheduler that is slow to answer."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls"):
        return  # inproc://, ucx:// ...: left to Dask
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ConfigurationError(f"the Dask scheduler address {address!r} has no valid port") from None
    if not host or port is None:
        raise ConfigurationError(f"the Dask scheduler address {address!r} needs a host and a port (tcp://host:8786)")
    try:
        socket.create_connection((host, port), timeout=5).close()
    except (ConnectionRefusedError, socket.gaierror) as err:
        why = "nothing is listening there" if isinstance(err, ConnectionRefusedError) else "unknown host"
        raise ConfigurationError(f"cannot reach the Dask scheduler at {address} ({why}); start it with "
                                 "`dask scheduler`, or leave --scheduler out to use a local cluster") from None
    except OSError:
        pass  # slow or filtered: the client's own timeout decides


def _run_dask(settings: BatchSettings, chunks: Iterator[list[Item]], args: tuple, ready, commit,
              progress: Progress) -> dict[str, dict]:
    """Analyse the chunks on Dask workers, committing each as it completes; returns each worker's stats."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise MissingDependency("dask[distributed]", "batch", "Running a batch on Dask") from err
    args = (*args[:2], args[2] or 1, *args[3:])  # one torch thread per single-threaded worker by default
    cluster = None
    if settings.scheduler:
        _check_listening(settings.scheduler)
        try:
            client = Client(settings.scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {settings.scheduler} ({err})") from None
    else:
        import dask

        with dask.config.set(LOCAL_CLUSTER_CONFIG), _workers_ignore_ctrl_c():
            cluster = LocalCluster(
                n_workers=settings.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR,
            )
        client = Client(cluster)
    try:
        n_workers = max(len(client.scheduler_info()["workers"]), 1)
        client.run(warm, *args)  # every worker loads its models once, now
        slow = _SlowOnWorkers()
        client.subscribe_topic(SLOW_TOPIC, slow)
        progress.watch(slow.slow)
        ready()
        timeout = settings.article_timeout
        cap = settings.max_in_flight or 2 * n_workers
        pending: dict[str, list[Item]] = {}
        queue = as_completed()

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            with warnings.catch_warnings():  # "Sending large graph of size ...": a big article, nothing to act on
                warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
                future = client.submit(analyse_chunk, chunk, *args, timeout=timeout, pure=False)
            pending[future.key] = chunk
            queue.add(future)
            return True

        for _ in range(cap):
            if not submit():
                break
        for future in queue:
            chunk = pending.pop(future.key)
            try:
                rows = future.result()
            except Exception as err:  # the task itself failed (a worker died): find the article that did it
                rows = _isolate(client, chunk, args, err, timeout)
            future.release()
            slow.forget(item.id for item in chunk)
            commit(rows)
            submit()
        return dict(client.run(process_stats))
    except KeyboardInterrupt:
        _quiet_teardown()
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _quiet_teardown() -> None:
    """After Ctrl-C, what the event loop and Dask log while the cluster is torn down under them (on a
    loaded machine, a tornado 'Exception in callback' traceback after the resume line) is not the
    user's to read: the command says in one line what was kept."""
    for name in ("tornado", "asyncio", "distributed"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _isolate(client, chunk: list[Item], args: tuple, err: Exception, timeout: float | None) -> list[dict]:
    """Rerun a failed chunk one article per task, so only the article that kills a worker fails."""
    profile = args[0]
    rows = []
    for item in chunk:
        future = client.submit(analyse_chunk, [item], *args, timeout=timeout, pure=False)
        try:
            rows.extend(future.result())
        except Exception as item_err:
            code = getattr(item_err, "code", None) if isinstance(item_err, UnspinError) else "worker_failed"
            rows.append(error_row(item, profile, code or "worker_failed",
                                  f"the worker analysing this article failed ({type(item_err).__name__}: {item_err}); "
                                  f"the chunk first failed with {type(err).__name__}"))
        future.release()
    return rows
