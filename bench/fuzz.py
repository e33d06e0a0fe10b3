"""Coverage-guided fuzzing of unspin's input layer, Document builder, analysers and renderers.

The invariant: for any input, either a Report whose offsets are all valid (and renderers that
don't raise), or an UnspinError with a message. Anything else is a crash.

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz.py -runs=100000            # libFuzzer flags pass through
    .venv/bin/python bench/fuzz.py --target inputs -runs=100000   # input layer only (fast)
    .venv/bin/python bench/fuzz.py --target pipeline -max_total_time=600 runs/fuzz/corpus tests/hostile

Positional directories are libFuzzer corpora: new cases are written to the first one, so give an
empty working folder first and ``tests/hostile`` (the hostile-article corpus) as seeds after it.

Targets: ``inputs`` (bytes -> text/HTML extraction), ``pipeline`` (bytes -> Source -> Report ->
text/JSON/HTML renderers). libFuzzer prints the cases run; any crash stops it with a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata

import atheris

with atheris.instrument_imports(include=["unspin", "trafilatura"]):
    import trafilatura  # noqa: F401 (imported here so its HTML extraction is instrumented too)
    from unspin import inputs
    from unspin.errors import UnspinError
    from unspin.pipeline import Pipeline
    from unspin.report import Report

STATS = {"cases": 0, "ok": 0, "errors": 0}  # ok: a Source (inputs) or a checked Report (pipeline)
STATS_EVERY = 5_000
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_PIPE: Pipeline | None = None


def _pipeline() -> Pipeline:
    """The strict `fast` pipeline (analyser errors raise); analysers whose model is not installed are
    left out, and said so, instead of stopping the fuzzer before it starts."""
    global _PIPE
    if _PIPE is None:
        available = Pipeline("fast")
        for name, why in available.unavailable.items():
            print(f"fuzz: analyser {name} left out: {why}", file=sys.stderr)
        _PIPE = Pipeline("fast", analyzers=available.names, strict=True)
        print(f"fuzz: pipeline analysers: {', '.join(_PIPE.names) or '(parse only)'}", file=sys.stderr)
    return _PIPE


def _count(key: str) -> None:
    STATS[key] += 1
    if key == "cases" and STATS["cases"] % STATS_EVERY == 0:
        print(f"fuzz: {STATS['cases']:,} cases: {STATS['ok']:,} ok, {STATS['errors']:,} UnspinErrors",
              file=sys.stderr, flush=True)


def _check(report: Report) -> None:
    n = len(report.text)
    for layer, start, end in report.iter_spans():
        if not (0 <= start < end <= n):
            raise AssertionError(f"invalid offsets in {layer}: [{start}, {end}) for text of length {n}")
    from unspin.render.text import render as render_text

    for color in (False, True):  # only Rich's own colour codes may reach a terminal
        shown = _SGR.sub("", render_text(report, color=color))
        bad = {c for c in shown if c != "\n" and unicodedata.category(c) == "Cc"}
        if bad:
            raise AssertionError(f"control characters in the terminal output: {sorted(bad)!r}")
    if Report.from_json(report.to_json()).to_dict() != report.to_dict():
        raise AssertionError("the JSON report does not round-trip")
    try:
        from unspin.render.html import render as render_html
    except ImportError:
        return
    page = render_html(report)
    if "<script" in page.lower():  # the self-contained page has no script at all
        raise AssertionError("a script element in the HTML output")


def target_inputs(data: bytes) -> None:
    _count("cases")
    fdp = atheris.FuzzedDataProvider(data)
    as_html = (None, True, False)[fdp.ConsumeIntInRange(0, 2)]  # None: sniffed, as for a file
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        src = inputs.from_bytes(raw, name="fuzz", html=as_html)
    except UnspinError:
        _count("errors")
        return
    assert src.text.strip()
    _count("ok")


def target_pipeline(data: bytes) -> None:
    _count("cases")
    fdp = atheris.FuzzedDataProvider(data)
    as_html = (None, True, False)[fdp.ConsumeIntInRange(0, 2)]  # None: sniffed, as for a file
    if fdp.ConsumeBool():
        raw = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()).encode("utf-8")
    else:
        raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        src = inputs.from_bytes(raw, name="fuzz", html=as_html)
        report = _pipeline()(src)
    except UnspinError:
        _count("errors")
        return
    _check(report)
    _count("ok")


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--target", choices=["inputs", "pipeline"], default="pipeline")
    args, rest = parser.parse_known_args()
    if {"-h", "--help"} & set(rest):  # libFuzzer's own flags are listed by -help=1
        print(__doc__.strip() + "\n\nlibFuzzer's flags: .venv/bin/python bench/fuzz.py -help=1")
        return
    target = target_inputs if args.target == "inputs" else target_pipeline
    global STATS_EVERY
    STATS_EVERY = 10_000 if args.target == "inputs" else 500
    if args.target == "pipeline":
        _pipeline()
    # the first corpus folder is where libFuzzer keeps new cases, and it refuses one that does not
    # exist: runs/ is not in git, so a fresh clone has none
    corpus = next((a for a in rest if not a.startswith("-")), None)
    if corpus and not os.path.exists(corpus):
        os.makedirs(corpus)
    # libFuzzer prints "Done N runs" at the end; a crash stops the run with a traceback and a crash-* file
    atheris.Setup([sys.argv[0], *rest], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
