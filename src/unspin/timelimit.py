"""A cooperative time limit on analysing one article, and which articles are being analysed now.

    with timelimit.limit(120, what="bbc/001.txt"):
        report = pipeline(source)      # TimeLimitExceeded at the first check after 120 s

Nothing is interrupted while it runs: the pipeline checks between its steps (:func:`step`: reading
the input, the parse, each analyser) and the longest analyser loops check once per sentence
(:func:`check`), so an article stops at most one uninterruptible step after its limit. The spaCy
parse (about 0.65 s per 1,000 words here) checks between its pipes, the longest of which (named
entities) takes about 40% of it; the main-text extraction of an HTML page is one such step. The limit is held per thread: a Dask worker runs its tasks in threads,
where a signal-based alarm cannot be set, and a check costs one thread-local and one clock read.

:func:`running` lists the articles being analysed in this process (for a progress display).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from .errors import TimeLimitExceeded


@dataclass
class Running:
    """One article being analysed: what it is, since when (``time.perf_counter``), its step."""

    what: str
    started: float
    limit: float | None
    step: str = ""

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


_local = threading.local()
_running: dict[int, Running] = {}  # thread id -> the article that thread is analysing


@contextmanager
def limit(seconds: float | None, what: str = "") -> Iterator[Running]:
    """Checks in this block, in this thread, raise TimeLimitExceeded once `seconds` have passed
    (None or 0: no limit; the article is still listed by :func:`running`)."""
    ident = threading.get_ident()
    outer = getattr(_local, "state", None)
    state = Running(what, time.perf_counter(), seconds or None)
    _local.state = _running[ident] = state
    try:
        yield state
    finally:
        _local.state = outer
        if outer is None:
            _running.pop(ident, None)
        else:
            _running[ident] = outer


def check() -> None:
    """Raise TimeLimitExceeded if this thread's article is past its limit (nothing without one)."""
    state = getattr(_local, "state", None)
    if state is not None and state.limit is not None:
        seconds = time.perf_counter() - state.started
        if seconds > state.limit:
            raise TimeLimitExceeded(seconds, state.limit, state.step)


def step(name: str) -> None:
    """Check, then record that step `name` starts: the message names it if the limit passes during it."""
    check()
    state = getattr(_local, "state", None)
    if state is not None:
        state.step = name


def running() -> list[Running]:
    """The articles being analysed in this process now, one per analysing thread."""
    return list(_running.values())
