"""Driving a batch run: stream the input, skip what is done, analyse chunks, commit each chunk.

    result = run_batch(BatchSettings(Path("corpus.jsonl"), Path("out"), workers=2))

With ``workers=0`` and no scheduler the chunks are analysed by a plain in-process loop. Otherwise
they go to Dask (a loopback ``LocalCluster`` of ``workers`` processes, or an existing cluster at
``scheduler``), at most ``max_in_flight`` chunks at a time so memory stays bounded whatever the
corpus size. Either way only this process writes the output, one committed chunk at a time.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ConfigurationError, MissingDependency, UnspinError
from .rows import analyse_chunk, error_row, warm
from .sources import Columns, Item, count_items, read_items
from .store import open_store, output_format

BATCH_FORMAT = "unspin.batch/1"
#: how many failures a result keeps verbatim (the rest are only counted; all are in the output)
KEEP_ERRORS = 20


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


@dataclass
class BatchResult:
    """What a run did: counts, time, and the first few failures."""

    out: Path
    format: str
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output from an earlier run
    duplicates: int = 0  # records whose id an earlier record of this input already used
    chunks: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (id, code, message)
    warnings: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.ok + self.failed

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        parts = [f"{self.ok:,} ok", f"{self.failed:,} failed"]
        if self.skipped:
            parts.append(f"{self.skipped:,} already done")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} duplicate ids skipped")
        return f"{', '.join(parts)} in {self.seconds:.1f}s ({self.rate:.2f} articles/s) -> {self.out}"

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.chunks += 1
        for row in rows:
            if row["status"] == "ok":
                self.ok += 1
            else:
                self.failed += 1
                if len(self.errors) < KEEP_ERRORS:
                    self.errors.append((row["id"], row["error_code"], row["error"]))


class Progress:
    """Callbacks a caller (the CLI's progress bar) overrides; the defaults do nothing."""

    def start(self, total: int | None) -> None: ...

    def advance(self, ok: int, failed: int) -> None: ...

    def stop(self) -> None: ...


def recorded_settings(settings: BatchSettings) -> dict[str, Any]:
    """The settings a result depends on, recorded in the output so a rerun cannot mix in others."""
    from .. import __version__
    from ..pipeline import analyzers_for

    index = None
    if settings.index is not None:
        path = Path(settings.index)
        if not path.is_file():
            raise ConfigurationError(f"no such index: {path} (build one with `unspin index build`)")
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
        "analyzers": [a.name for a in analyzers_for(settings.profile)],
        "columns": {"id": settings.columns.id, "text": settings.columns.text},
        "unspin": __version__,
    }


def _chunks(items: Iterable[Item], done: set[str], size: int, result: BatchResult) -> Iterator[list[Item]]:
    """Items not done yet, in chunks of `size`; a repeated id is counted and skipped."""
    seen: set[str] = set()
    chunk: list[Item] = []
    for item in items:
        if item.id in done:
            result.skipped += 1
            continue
        if item.id in seen:
            result.duplicates += 1
            continue
        seen.add(item.id)
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
    items = read_items(settings.input, settings.columns)  # checks the input exists and is readable
    store = open_store(settings.out, recorded_settings(settings), settings.format)
    result = BatchResult(out=Path(settings.out), format=output_format(Path(settings.out), settings.format))
    t0 = time.perf_counter()
    try:
        done = store.done_ids()
        result.warnings.extend(store.warnings)
        total = count_items(settings.input)
        progress.start(max(total - len(done), 0))
        chunks = _chunks(items, done, settings.chunk_size, result)
        index = str(settings.index) if settings.index else None

        def commit(rows: list[dict[str, Any]]) -> None:
            store.commit(rows)
            result.add(rows)
            ok = sum(1 for r in rows if r["status"] == "ok")
            progress.advance(ok, len(rows) - ok)

        if settings.workers == 0 and settings.scheduler is None:
            for chunk in chunks:
                commit(analyse_chunk(chunk, settings.profile, index, settings.torch_threads))
        else:
            _run_dask(settings, chunks, index, commit)
    finally:
        result.seconds = time.perf_counter() - t0
        store.close()
        progress.stop()
    return result


def _run_dask(settings: BatchSettings, chunks: Iterator[list[Item]], index: str | None, commit) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise MissingDependency("dask[distributed]", "batch", "Running a batch on Dask") from err
    threads = settings.torch_threads or 1
    cluster = None
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {settings.scheduler} ({err})") from None
    else:
        cluster = LocalCluster(
            n_workers=settings.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        n_workers = max(len(client.scheduler_info()["workers"]), 1)
        client.run(warm, settings.profile, index, threads)  # every worker loads its models once, now
        cap = settings.max_in_flight or 2 * n_workers
        pending: dict[str, list[Item]] = {}
        queue = as_completed()

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            future = client.submit(analyse_chunk, chunk, settings.profile, index, threads, pure=False)
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
                rows = _isolate(client, chunk, settings.profile, index, threads, err)
            future.release()
            commit(rows)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _isolate(client, chunk: list[Item], profile: str, index: str | None, threads: int, err: Exception) -> list[dict]:
    """Rerun a failed chunk one article per task, so only the article that kills a worker fails."""
    rows = []
    for item in chunk:
        future = client.submit(analyse_chunk, [item], profile, index, threads, pure=False)
        try:
            rows.extend(future.result())
        except Exception as item_err:
            code = getattr(item_err, "code", None) if isinstance(item_err, UnspinError) else "worker_failed"
            rows.append(error_row(item, profile, code or "worker_failed",
                                  f"the worker analysing this article failed ({type(item_err).__name__}: {item_err}); "
                                  f"the chunk first failed with {type(err).__name__}"))
        future.release()
    return rows
