"""One output row per article, and the worker-side function that analyses a chunk into rows.

A row is a pure function of (item, Report) or of (item, error): the columns a corpus query needs
(verdict, counts per technique, claims and passages summaries, input meta) plus the full Report
JSON. The column set is fixed (:data:`COLUMNS`) so every part file has the same schema.

:func:`analyse_chunk` runs where the work happens (this process or a Dask worker). The pipeline
comes from :func:`unspin.pipeline.get_pipeline`, a module-level cache: each worker process loads
its models once and reuses them for every chunk it is given.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from typing import Any

from .. import timelimit
from ..document import headline
from ..errors import DecodingError, describe
from ..techniques import TECHNIQUES
from .sources import META_COLUMNS, Item


def technique_column(name: str) -> str:
    """The column holding the count of technique `name` ('Flag-Waving' -> 'tech_flag_waving')."""
    return "tech_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


TECHNIQUE_COLUMNS: dict[str, str] = {name: technique_column(name) for name in TECHNIQUES}

#: (column, type) in output order; types: str, float, int
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "str"), ("status", "str"), ("error_code", "str"), ("error", "str"), ("profile", "str"),
    ("verdict_score", "float"), ("verdict_label", "str"),
    ("n_techniques", "int"), *((col, "int") for col in TECHNIQUE_COLUMNS.values()),
    ("n_claims", "int"), ("n_unsourced", "int"), ("n_vague", "int"), ("n_quantities", "int"),
    ("n_flagged_quantities", "int"),
    ("n_passages", "int"), ("n_inserted", "int"), ("n_suspect", "int"), ("n_matched", "int"), ("n_unverified", "int"),
    ("n_chars", "int"), ("n_sentences", "int"), ("n_warnings", "int"), ("layers", "str"),
    *((col, "str") for col in META_COLUMNS), ("meta_json", "str"),
    ("seconds", "float"), ("report_json", "str"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)


def arrow_schema():
    """The pyarrow schema of a part file."""
    import pyarrow as pa

    types = {"str": pa.string(), "float": pa.float64(), "int": pa.int32()}
    return pa.schema([pa.field(name, types[kind], nullable=(name not in ("id", "status"))) for name, kind in COLUMNS])


def _clean(value: Any) -> Any:
    """Strings that can be stored as UTF-8 (lone surrogates from JSON escapes become U+FFFD)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _base_row(item: Item, profile: str, meta: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMN_NAMES)
    row["id"] = _clean(item.id)
    row["profile"] = profile
    for key, value in meta.items():
        if key.lower() in META_COLUMNS and value not in (None, ""):
            row[key.lower()] = _clean(str(value))
    every = {**item.meta, **item.extra}  # the meta columns and the input's other columns (a `dataset`, a `split`)
    row["meta_json"] = json.dumps(every, ensure_ascii=True, default=str) if every else None
    return row


def error_row(item: Item, profile: str, code: str, message: str, seconds: float | None = None) -> dict[str, Any]:
    """The row of an article that could not be analysed."""
    row = _base_row(item, profile, item.meta)
    row.update(status="error", error_code=code, error=_clean(message), seconds=seconds)
    return row


def report_row(item: Item, profile: str, report, seconds: float) -> dict[str, Any]:
    """The row of an analysed article: summaries of each layer plus the full Report JSON."""
    row = _base_row(item, profile, {**report.meta, **item.meta})
    row.update(status="ok", seconds=round(seconds, 5))
    if row["title"] is None and (line := headline(report.text)):  # a text file's title is its headline, as its report shows
        row["title"] = _clean(" ".join(report.text[line.start : line.end].split()))
    if report.verdict is not None:
        row["verdict_score"] = float(report.verdict.score)
        row["verdict_label"] = report.verdict.label
    counts = report.technique_counts()
    row["n_techniques"] = sum(counts.values())
    for name, column in TECHNIQUE_COLUMNS.items():
        row[column] = counts.get(name, 0)
    claims = report.claims
    row["n_claims"] = len(claims)
    # a headline that names no source is badged "headline" in the reports, not "no source": not counted here either
    row["n_unsourced"] = sum(1 for c in claims if c.source_kind() == "none")
    row["n_vague"] = sum(1 for c in claims if c.attribution.kind == "vague")
    quantities = [q for c in claims for q in c.quantities]
    row["n_quantities"] = len(quantities)
    row["n_flagged_quantities"] = sum(1 for q in quantities if q.flags)
    passages = report.passages
    row["n_passages"] = len(passages)
    for status in ("inserted", "suspect", "matched", "unverified"):
        row[f"n_{status}"] = sum(1 for p in passages if p.status == status)
    row["n_chars"] = len(report.text)
    row["n_sentences"] = len(report.sentences)
    row["n_warnings"] = len(report.warnings)
    row["layers"] = ",".join(report.layers_run)
    row["report_json"] = _clean(report.to_json(indent=None))
    return row


def to_source(item: Item):
    """The item's content as an `unspin.inputs.Source` (raises the same UnspinErrors as `unspin analyze`)."""
    from ..inputs import from_bytes, from_html, from_text

    data = item.data
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise DecodingError(f"{item.id}: the text holds lone surrogate code points, which are not valid Unicode text") from None
    if item.kind == "bytes" or isinstance(data, bytes):
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        return from_bytes(raw, name=item.id, html=True if item.kind == "html" else None, meta=item.meta)
    if item.kind == "html":
        return from_html(data, meta=item.meta)
    return from_text(data, meta=item.meta)


def analyse_item(pipeline, item: Item, profile: str, timeout: float | None = None) -> dict[str, Any]:
    """Analyse one item into its row; whatever goes wrong becomes an error row, never an exception.
    `timeout`: seconds after which the analysis stops at its next check (a `timed_out` error row)."""
    if item.error is not None:
        return error_row(item, profile, *item.error)
    t0 = time.perf_counter()
    try:
        with timelimit.limit(timeout, item.id):
            timelimit.step("reading the input")
            report = pipeline(to_source(item))
        return report_row(item, profile, report, time.perf_counter() - t0)
    except Exception as err:  # bad input, or an analyser bug on one article: it must not stop the corpus
        return error_row(item, profile, *describe(err), time.perf_counter() - t0)


def load_pipeline(profile: str, index: str | None, torch_threads: int | None = None, analyzers: tuple[str, ...] | None = None):
    """The process-wide cached pipeline (loaded once per process / Dask worker)."""
    from ..pipeline import get_pipeline

    kw = {"index": index} if analyzers is None else {"index": index, "analyzers": tuple(analyzers)}
    pipeline = get_pipeline(profile, **kw)
    if torch_threads and "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(torch_threads)
    return pipeline


def analyse_chunk(items: list[Item], profile: str, index: str | None = None, torch_threads: int | None = None,
                  analyzers: tuple[str, ...] | None = None, *, timeout: float | None = None) -> list[dict]:
    """Analyse a chunk of items into rows, one per item, in order. Runs in-process or on a Dask worker.
    `timeout`: the time limit per article in seconds (None: none)."""
    pipeline = load_pipeline(profile, index, torch_threads, analyzers)
    _watch_slow_on_dask()
    return [analyse_item(pipeline, item, profile, timeout) for item in items]


#: an article analysed for this long is named in the progress display (and announced by a Dask worker)
SLOW_SECONDS = 10.0
#: the Dask event topic on which workers announce their slow articles
SLOW_TOPIC = "unspin-batch-slow"
_watcher: list = []  # the announcing thread of this Dask worker process, once started


def slow_articles(slow: float | None = None) -> list[tuple[str, float, str]]:
    """The articles this process has been analysing for `slow` seconds (SLOW_SECONDS) or more:
    (id, seconds, step)."""
    slow = SLOW_SECONDS if slow is None else slow
    return [(r.what, r.seconds, r.step) for r in timelimit.running() if r.seconds >= slow]


def _watch_slow_on_dask(slow: float | None = None, every: float = 2.0) -> None:
    """On a Dask worker, start (once) a thread that announces each article running longer than `slow`
    seconds (SLOW_SECONDS) (id, seconds, step), every `every` seconds until it ends, then its end, as events on
    SLOW_TOPIC: the driver cannot see inside a task, and this costs nothing while articles are quick."""
    if _watcher or "distributed" not in sys.modules:
        return
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:  # not on a worker (a plain loop that imported distributed)
        return

    def watch() -> None:
        shown: set[str] = set()
        while True:
            time.sleep(every)
            now = {what: (seconds, step) for what, seconds, step in slow_articles(slow)}
            try:
                for what, (seconds, step) in now.items():
                    worker.log_event(SLOW_TOPIC, {"id": what, "seconds": round(seconds, 1), "step": step})
                for what in shown - set(now):
                    worker.log_event(SLOW_TOPIC, {"id": what, "done": True})
            except Exception:  # the worker is closing: nothing to announce to
                return
            shown = set(now)

    thread = threading.Thread(target=watch, name="unspin-slow-articles", daemon=True)
    _watcher.append(thread)
    thread.start()


#: CPU time of this process when its pipeline was warmed: analysis CPU is measured from here
_CPU_AT_WARM = 0.0


def warm(profile: str, index: str | None = None, torch_threads: int | None = None,
         analyzers: tuple[str, ...] | None = None) -> int:
    """Load the pipeline (and analyse one sentence, so lazily loaded models load too) before work starts."""
    import os

    global _CPU_AT_WARM
    pipeline = load_pipeline(profile, index, torch_threads, analyzers)
    pipeline("Officials said on Monday that the harbour would reopen next week.")
    _CPU_AT_WARM = time.process_time()
    return os.getpid()


def process_stats(since_cpu: float | None = None) -> dict[str, float]:
    """Peak resident memory (MB) of this process, and its CPU seconds since `since_cpu` (default: since warm)."""
    import resource

    start = _CPU_AT_WARM if since_cpu is None else since_cpu
    return {"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # Linux: KiB
            "cpu_s": round(time.process_time() - start, 3)}
