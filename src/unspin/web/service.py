"""The work behind the web app, kept off the event loop: turning a request's input into a Source,
running the shared pipeline, rendering. A bounded thread pool runs the jobs; each request has a
deadline; a full queue is refused instead of growing without bound.

Pipelines are loaded once per (profile, index) through :func:`unspin.pipeline.get_pipeline` and
shared by every request and worker thread.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import math
import statistics
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Awaitable, Callable, TypeVar

from .. import timelimit
from ..errors import (ConfigurationError, FetchDisabled, InputError, InputTooLarge, ReferenceIndexError, TimeLimitExceeded,
                      UnspinError)
from ..inputs import MAX_BYTES, MAX_CHARS, Source, from_bytes, from_html, from_text, has_markup, is_html_document
from ..pipeline import PROFILES
from ..report import Report
from . import isolated

T = TypeVar("T")

#: what runs an analysis: (source, profile, index path or None) -> Report
Runner = Callable[[Source, str, "str | None"], Report]

#: analyses whose durations a 503's Retry-After is estimated from
RECENT = 32

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: what a failed fetch is reported as (the web app never repeats the URL it was given)
FETCH_MESSAGES = {
    "unsupported_input": "only http(s) URLs of HTML or plain-text pages can be fetched",
    "blocked_address": "the URL's host is a loopback, private, link-local or reserved address, which this server does not fetch",
    "too_large": "the page at that URL is over the size limit",
    "fetch_failed": "the URL could not be fetched (unreachable, an HTTP error, a timeout or too many redirects)",
}

#: what a report of text with tags in it says (the API's `text`, the form's text box)
MARKUP_WARNING = ("the text contains HTML markup, analysed as written: to have its text extracted, send it as `html` "
                  "(API), upload it as an .html file, or paste the page's source whole")

log = logging.getLogger("unspin.web")


@dataclass(frozen=True)
class Settings:
    """How the app is served: limits, what is allowed, and what is loaded at start."""

    profile: str = "fast"  # default profile, loaded when the app starts
    profiles: tuple[str, ...] = PROFILES  # profiles a request may ask for
    allow_fetch: bool = False  # fetch URLs given by users (the guarded fetch of unspin.fetch)
    allow_private: bool = False  # with allow_fetch: also loopback/private addresses
    max_body_bytes: int = 12_000_000  # request bodies above this get 413
    #: characters of article text analysed per request (after HTML extraction); more get 413. An
    #: analysis cannot be stopped inside spaCy's parse, so this is what bounds a worker's time
    max_chars: int = 200_000
    timeout_s: float = 60.0  # per request, queueing included; over it: 504
    workers: int = 2  # analysis threads
    max_queue: int = 64  # jobs waiting beyond the workers; more: 503
    indexes: dict[str, str] = field(default_factory=dict)  # reference indexes by name -> SQLite path
    preload: bool = True  # load the default profile's models at start-up
    address: str = "http://127.0.0.1:8000"  # where the server listens, for the API page's examples

    def __post_init__(self):
        if self.profile not in self.profiles:
            raise ConfigurationError(f"default profile {self.profile!r} is not among the allowed ones: {', '.join(self.profiles)}")
        for name, option, value, least in (("workers", "--workers", self.workers, 1), ("max_queue", "--max-queue", self.max_queue, 0),
                                           ("timeout_s", "--timeout", self.timeout_s, None),
                                           ("max_body_bytes", "--max-body", self.max_body_bytes, 1),
                                           ("max_chars", "--max-chars", self.max_chars, 1)):
            if value < least if least is not None else value <= 0:
                bound = f"at least {least}" if least is not None else "more than 0"
                raise ConfigurationError(f"{option} ({name}) must be {bound}, not {value}")


class AnalysisTimeout(UnspinError):
    """The analysis did not finish within the request's deadline."""

    code = "timeout"
    http_status = 504


class Overloaded(UnspinError):
    """Too many analyses are running or waiting; `retry_after`: seconds until a place is likely free."""

    code = "overloaded"
    http_status = 503

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class ClientGone(Exception):
    """The client disconnected before its analysis finished; nobody is left to answer."""


_PIPELINE_LOCK = threading.Lock()


def pipeline_runner(source: Source, profile: str, index: str | None) -> Report:
    """The default runner: the shared, cached pipeline of `profile`."""
    from ..pipeline import get_pipeline

    with _PIPELINE_LOCK:  # build each pipeline once even when the first requests race
        pipe = get_pipeline(profile, index=index)
    return pipe(source)


@dataclass(frozen=True)
class Job:
    """One analysis request, independent of how it arrived (JSON, form, upload)."""

    kind: str  # "text" | "html" | "url" | "file"
    value: str | bytes
    profile: str
    index: str | None = None
    title: str | None = None
    filename: str | None = None


def _read_isolated(data: bytes, **kwargs) -> Source:
    """A fetched page's bytes read as :func:`unspin.inputs.from_bytes` does, in a process of its own."""
    return isolated.call(from_bytes, data, **kwargs)


class AnalysisService:
    """Runs jobs on a bounded thread pool with a deadline each."""

    def __init__(self, settings: Settings, runner: Runner | None = None):
        self.settings = settings
        self.runner = runner or pipeline_runner
        self.executor = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="unspin-analyze")
        self._lock = threading.Lock()
        self._inflight = 0
        #: (input size, seconds) of the last analyses here, and the jobs in flight in the order they
        #: came: [input size, when it began (None while queued), its deadline] (Retry-After)
        self._durations: deque[tuple[int, float]] = deque(maxlen=RECENT)
        self._flight: dict[object, list] = {}

    @property
    def inflight(self) -> int:
        return self._inflight

    def source(self, job: Job) -> Source:
        """The Source for a job (runs in a worker: HTML extraction and fetching block)."""
        s = self.settings
        if job.kind == "text" and not is_html_document(job.value):
            meta = {"title": job.title} if job.title else {}
            src = from_text(job.value, meta=meta)
            if has_markup(job.value):  # the exact string is analysed: its tags are in the claims and spans
                src.warnings.append(MARKUP_WARNING)
            return src
        # a page is read in a process of its own, killed at the request's deadline (web/isolated.py):
        # extraction has no checks inside, and some pages take minutes
        if job.kind == "text":  # a page's source pasted into the text box: its markup is not the article
            src = isolated.call(from_html, job.value)
            src.warnings.append("the text given is an HTML page's source: its main text was extracted and analysed "
                                "(send a page as html, or as a file, to say so)")
        elif job.kind == "html":
            src = isolated.call(from_html, job.value)
        elif job.kind == "file":
            name = (job.filename or "").lower()
            html = True if name.endswith(_HTML_SUFFIXES) else (False if name.endswith((".txt", ".text", ".md")) else None)
            src = isolated.call(from_bytes, job.value, name="the uploaded file", html=html, meta={})
            if job.filename:
                src.meta["path"] = Path(job.filename).name or job.filename
        elif job.kind == "url":
            if not s.allow_fetch:
                raise FetchDisabled("fetching URLs is off on this server: start it with `unspin serve --allow-fetch`, or paste the text")
            from ..fetch import FetchOptions, fetch

            try:
                src = fetch(job.value, FetchOptions(allow_private=s.allow_private), read=_read_isolated)
            except UnspinError as err:  # the core's messages name the URL and host: the log has them, the client not
                if getattr(err, "refusal", None):  # a blocked address: the operator's way to allow it is this server's
                    log.warning("fetch failed (%s): %s; to fetch such addresses, start the server with "
                                "unspin serve --allow-fetch --allow-private", err.code, err.refusal)
                else:
                    log.warning("fetch failed (%s): %s", err.code, err)
                message = FETCH_MESSAGES.get(err.code, FETCH_MESSAGES["fetch_failed"])
                if getattr(err, "reason", None):
                    message = f"the URL could not be fetched: {err.reason}"
                raise type(err)(message) from None
        else:  # pragma: no cover - the app only builds the kinds above
            raise InputError(f"unknown input kind {job.kind!r}")
        if job.title:
            src.meta["title"] = job.title
        return src

    def check(self, job: Job) -> None:
        """Refuse what the settings do not allow, before any work is queued."""
        if job.profile not in self.settings.profiles:
            raise ConfigurationError(f"that profile is not served here; choose one of: {', '.join(self.settings.profiles)}")
        if job.index is not None and job.index not in self.settings.indexes:
            known = ", ".join(sorted(self.settings.indexes)) or "none (start the server with --index NAME=PATH)"
            raise ConfigurationError(f"unknown reference index; indexes served here: {known}")
        if job.kind == "text" and isinstance(job.value, str):
            self._check_length(job.value)  # known now: no need to queue it first

    @property
    def max_chars(self) -> int:
        """The longest article text analysed here: --max-chars, within the core's own limit."""
        return min(self.settings.max_chars, MAX_CHARS)

    def _check_length(self, text: str) -> None:
        if len(text) > self.max_chars:
            raise InputTooLarge(f"the article is {len(text):,} characters; this server analyses at most "
                                f"{self.max_chars:,} (unspin serve --max-chars)")

    def analyse(self, job: Job) -> Report:
        """Source + pipeline, synchronously (inside a worker)."""
        index = self.settings.indexes.get(job.index) if job.index else None
        try:
            source = self.source(job)
        except InputTooLarge:
            if job.kind not in ("file", "html", "text"):
                raise  # a fetched page's: a fixed message already
            # the core's limits (MAX_BYTES a file, MAX_CHARS its text) are not this server's: say the
            # server's, with the size that was sent
            what = f"file is {len(job.value):,} bytes" if job.kind == "file" else f"page is {len(job.value):,} characters"
            raise InputTooLarge(f"the {what}; this server reads files and pages of at most {MAX_BYTES:,} bytes and "
                                f"analyses at most {self.max_chars:,} characters of their text (unspin serve --max-chars)") from None
        self._check_length(source.text)  # HTML, files and URLs: known once extracted
        try:
            report = self.runner(source, job.profile, index)
        except ReferenceIndexError as err:  # its message names the file: paths never leave the server
            log.error("reference index %r: %s", job.index, err)
            raise ReferenceIndexError(f"the reference index {job.index!r} could not be read on the server "
                                      "(it may be damaged); tell the server's operator") from None
        for ref in (report.meta.get("splices") or {}).get("references") or []:
            source = ref.get("source") if isinstance(ref, dict) else None
            if isinstance(source, str) and "://" not in source:
                ref["source"] = PurePath(source).name  # a file the index was built from: its name, not the server's path
        return report

    async def run(self, fn: Callable[[], T], *, gone: "Awaitable[object] | None" = None, size: int = 0) -> T:
        """Run `fn` on the pool; 503 when the queue is full, 504 after the deadline. `gone`: an
        awaitable that finishes when the client disconnects; then the job is abandoned (dropped if
        still queued, stopped at its next check if running) and :class:`ClientGone` is raised.
        `size`: the input's length (characters or bytes), which a 503's Retry-After reckons with."""
        deadline = time.monotonic() + self.settings.timeout_s
        token = object()
        with self._lock:
            if self._inflight >= self.settings.workers + self.settings.max_queue:
                if asyncio.iscoroutine(gone):
                    gone.close()  # never awaited
                raise Overloaded(f"the server is busy ({self._inflight} analyses running or waiting); try again shortly",
                                 retry_after=self.retry_after())
            self._inflight += 1
            self._flight[token] = [size, None, deadline]
        abandoned = threading.Event()
        started: list[timelimit.Running] = []

        def timed() -> T:
            # once its request has timed out (or its client has gone) nobody reads the report, so the
            # analysis stops at its next check (between steps and inside the long loops,
            # unspin.timelimit) instead of holding a worker; a step already running, such as the
            # parse of a very long article, finishes first
            left = deadline - time.monotonic()
            if left <= 0 or abandoned.is_set():  # it waited in the queue past its request's deadline
                raise AnalysisTimeout("the analysis was abandoned: its request had timed out")
            with self._lock:
                began = self._flight[token][1] = time.monotonic()
            try:
                with timelimit.limit(left, what="request") as state:
                    started.append(state)
                    if abandoned.is_set():
                        state.limit = 0.0
                    return fn()
            except TimeLimitExceeded:
                raise AnalysisTimeout("the analysis was abandoned: its request had timed out") from None
            finally:  # a failed or stopped analysis held its worker too
                with self._lock:
                    self._durations.append((size, time.monotonic() - began))

        def abandon() -> None:
            abandoned.set()
            future.cancel()  # drops it if it is still queued
            for state in started:
                state.limit = 0.0  # a running one stops at its next check

        future = self.executor.submit(timed)
        future.add_done_callback(lambda _future: self._done(token))
        result = asyncio.wrap_future(future)
        watcher = asyncio.ensure_future(gone) if gone is not None else None
        try:
            done, _ = await asyncio.wait([result] + ([watcher] if watcher else []), timeout=self.settings.timeout_s,
                                         return_when=asyncio.FIRST_COMPLETED)
        finally:
            if watcher is not None and not watcher.done():
                watcher.cancel()
        if result in done:
            return result.result()
        abandon()
        result.cancel()
        if watcher is not None and watcher in done:
            raise ClientGone()
        raise AnalysisTimeout(f"the analysis did not finish within {self.settings.timeout_s:g} s")

    def retry_after(self) -> int:
        """Seconds a refused client should wait (Retry-After): until every analysis in flight is
        likely done, `workers` at a time in the order they came (a client told less was refused again
        while the queue was still full). Each is reckoned at the median time of the recent analyses
        of an input of about its size (half to twice; else of all of them; else 1 s), less what a
        running one has had, and ends by its deadline: one slow analysis among the last 32 (a page
        that took the whole --timeout) no longer sets the pace of all. From 1 s to the request timeout."""
        now = time.monotonic()  # called holding self._lock
        recent = list(self._durations)

        def likely(size: int) -> float:
            alike = [s for n, s in recent if max(size, 1) / 2 <= n <= max(size, 1) * 2] or [s for _, s in recent]
            return statistics.median(alike) if alike else 1.0

        free = [0.0] * self.settings.workers  # when each worker is next free, from now
        for size, began, deadline in self._flight.values():
            start = heapq.heappop(free)
            left = likely(size) - (now - began if began is not None else 0.0)
            heapq.heappush(free, max(start, min(start + max(left, 0.0), deadline - now)))
        return math.ceil(min(max(1.0, *free), self.settings.timeout_s))

    def _done(self, token: object) -> None:
        with self._lock:
            self._inflight -= 1
            self._flight.pop(token, None)

    def warm_up(self) -> None:
        """Start the page-reading processes' server and load the default profile's pipeline (blocking)."""
        isolated.start()
        if self.runner is pipeline_runner:
            from ..pipeline import get_pipeline

            with _PIPELINE_LOCK:
                get_pipeline(self.settings.profile, index=None)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
