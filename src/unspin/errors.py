"""Every error unspin raises on purpose.

The core raises; the edges (CLI, web app, batch runner, ``Pipeline.map``) convert. Each message says
what was wrong with the input and what is accepted instead; :func:`describe` gives the (code, message)
under which the batch runner and ``Pipeline.map(errors="keep")`` record an article that failed.

    UnspinError
    ├── InputError                 bad input from the user
    │   ├── EmptyInput             nothing to analyse (empty or whitespace only)
    │   ├── BinaryInput            bytes that are not text (NUL bytes, images, archives)
    │   ├── DecodingError          text that is not valid UTF-8
    │   ├── InputTooLarge          over the size limit
    │   ├── UnsupportedInput       a kind of input unspin does not read (content type, extension)
    │   │   ├── UnsupportedType    a value of a type unspin does not analyse (None, 42, a list); also a TypeError
    │   │   └── UnreadableInput    a file that is there but cannot be read (permissions, an I/O error)
    │   └── NoArticleText          HTML with no main text that could be extracted
    ├── FetchError                 a URL could not be fetched
    │   ├── FetchDisabled          fetching is off unless the caller allows it
    │   └── BlockedAddress         the URL resolves to a loopback/private/link-local address
    ├── ConfigurationError         a pipeline that cannot be built (unknown profile/analyser, missing layer)
    ├── MissingDependency          an optional extra is needed (says which one to install)
    ├── ModelError                 a shipped model is missing, corrupted or tampered with (hash mismatch)
    ├── ReferenceIndexError        a reference index that cannot be read (damaged, locked, disk full)
    ├── TimeLimitExceeded          an article's analysis ran past its time limit (batch --article-timeout)
    └── DataError                  a dataset under ../shared/data is missing or malformed
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class: anything unspin raises deliberately. `str(err)` is a message for a person."""

    #: short machine-readable kind, used in JSON error bodies and batch failure records
    code = "unspin_error"
    #: HTTP status the web app answers with
    http_status = 500
    #: exit status of the CLI (2: the user's input or options were wrong; 1: unspin could not do it)
    exit_code = 1


class InputError(UnspinError):
    code = "bad_input"
    http_status = 400
    exit_code = 2


class EmptyInput(InputError):
    code = "empty_input"


class BinaryInput(InputError):
    code = "binary_input"
    http_status = 415


class DecodingError(InputError):
    code = "not_utf8"
    http_status = 415


class InputTooLarge(InputError):
    code = "too_large"
    http_status = 413


class UnsupportedInput(InputError):
    code = "unsupported_input"
    http_status = 415


class UnsupportedType(UnsupportedInput, TypeError):
    """A value no analysis takes (42, a list; None is EmptyInput): an UnsupportedInput, and a TypeError too, as a
    wrong type is to Python, so a caller's ``except TypeError`` still catches it (the one class here
    that mixes in a built-in)."""


class UnreadableInput(UnsupportedInput):
    """A file that exists but could not be read (no permission, an I/O error): recorded as
    ``unreadable`` by ``unspin batch`` and ``Pipeline.map``, as a folder's unreadable file is."""

    code = "unreadable"


class NoArticleText(InputError):
    code = "no_article_text"
    http_status = 422


class FetchError(UnspinError):
    code = "fetch_failed"
    http_status = 502


class FetchDisabled(FetchError):
    code = "fetch_disabled"
    http_status = 400
    exit_code = 2


class BlockedAddress(FetchError):
    code = "blocked_address"
    http_status = 400
    exit_code = 2


class ConfigurationError(UnspinError):
    code = "configuration"
    http_status = 400
    exit_code = 2


class MissingDependency(UnspinError):
    code = "missing_dependency"
    http_status = 500

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(
            f"{purpose} needs the '{package}' package, which is not installed. "
            f"Install it with: pip install 'unspin[{extra}]'"
        )
        self.package = package
        self.extra = extra


class ModelError(UnspinError):
    code = "model_error"
    http_status = 500


class ReferenceIndexError(UnspinError):
    """The reference index the caller named cannot be read or written: an analysis that was asked to
    compare with it stops, rather than report the article as not compared."""

    code = "reference_index"
    http_status = 500


class TimeLimitExceeded(UnspinError):
    """An article's analysis went on past the time limit it was given (:mod:`unspin.timelimit`): it
    is stopped at the next check, between two steps or inside a long loop, and reported as failed."""

    code = "timed_out"
    http_status = 503

    def __init__(self, seconds: float, limit: float, step: str):
        where = f", during {step}" if step else ""
        super().__init__(f"stopped after {seconds:.{0 if seconds >= 10 else 1}f} s: over the time limit of "
                         f"{limit:g} s per article{where}")
        self.seconds = seconds
        self.limit = limit
        self.step = step


class DataError(UnspinError):
    code = "data_error"
    http_status = 500


def describe(err: Exception) -> tuple[str, str]:
    """(code, message) of what stopped one article's analysis, as a batch output row and an
    ``unspin.ItemError`` record it: an UnspinError's own code (``empty_input``, ``binary_input``,
    ``unreadable``, ``timed_out``...) and message; ``internal_error`` and the exception's type and
    message for anything else (a bug in unspin that this article hit)."""
    if isinstance(err, UnspinError):
        return err.code, str(err)
    return "internal_error", f"{type(err).__name__}: {err}"


def run_module(work) -> int:
    """Run `work()` for a ``python -m unspin....`` entry point: 0, or one ``unspin: error:`` line on
    stderr and the error's exit code for an UnspinError (as the ``unspin`` command does)."""
    import sys

    try:
        work()
    except UnspinError as err:
        print(f"unspin: error: {err}", file=sys.stderr)
        return err.exit_code
    return 0
