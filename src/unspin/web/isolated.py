"""Reading a page in a process of its own, so that it can be stopped.

    source = isolated.call(from_html, page)   # in a worker thread, inside timelimit.limit(...)

The main-text extraction of an HTML page (trafilatura, lxml, the jusText fallback) has no checks
inside, and its time depends on the markup more than on the size: an article of five sentences
above a 5,000-row table (228 KB) took 37 s here, as the fallback compares every short block with its
neighbours; 9.9 MB of empty ``<div>`` elements, 2.5 minutes. In the server's own thread it held a
worker until it was done, long after its request had timed out. Here it runs in a child process
forked from a server of clean processes (``forkserver``, the extraction loaded and run once there:
:mod:`unspin.web._reader_warm`); the calling thread waits with a :func:`unspin.timelimit.check`
every few hundredths of a second and kills the child at the first that fails, when the request's
deadline passes or its client disconnects. What the child raises is raised here as the same
exception, its attributes included; a child that crashes is a RuntimeError. Each new process
imports the main module, as with any ``forkserver`` or ``spawn`` program: a script that serves the
app starts it under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from typing import Callable, TypeVar

from .. import timelimit
from ..errors import UnspinError

T = TypeVar("T")

#: seconds between the calling thread's time checks while the child works
POLL_S = 0.05

#: what the fork server imports: the extraction, warmed, and the CLI, which each child imports again
#: as the main module of `unspin serve` (every process started with forkserver imports the main module)
_PRELOAD = ["unspin.cli", "unspin.web._reader_warm"]
_lock = threading.Lock()
_context = None


def context():
    """The start method's context, set up once (forkserver where the platform has it, else spawn)."""
    global _context
    with _lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(_PRELOAD)
            else:
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
    return _context


def start() -> None:
    """Start the fork server now (it imports the extraction modules: about a second), not at the
    first page a client sends."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _child(conn, fn, args, kwargs) -> None:
    try:
        result = ("ok", fn(*args, **kwargs))
    except UnspinError as err:  # rebuilt in the parent, attributes included (a fetch's reason, refusal)
        result = ("error", type(err), str(err), dict(vars(err)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises it
        result = ("crash", f"{type(err).__name__}: {err}", traceback.format_exc())
    conn.send(result)
    conn.close()


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    """``fn(*args, **kwargs)`` in a child process; `fn` and its arguments must pickle. Raises
    TimeLimitExceeded (the child killed) once this thread's time limit passes."""
    ctx = context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, kwargs), daemon=True, name="unspin-extract")
    proc.start()
    send.close()
    answered = False
    try:
        while not receive.poll(POLL_S):
            timelimit.check()
            if not proc.is_alive() and not receive.poll(0):
                raise RuntimeError(f"the page's extraction process ended without an answer (exit code {proc.exitcode}; "
                                   "a script that serves the app must start it under if __name__ == '__main__':)")
        result = receive.recv()
        answered = True
    finally:
        if answered:
            proc.join(1.0)  # it exits once it has sent its answer
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if result[0] == "ok":
        return result[1]
    if result[0] == "error":
        _, cls, message, attributes = result
        err = cls.__new__(cls)
        err.args = (message,)
        err.__dict__.update(attributes)
        raise err
    raise RuntimeError(f"the page's extraction failed: {result[1]}\n{result[2]}")
