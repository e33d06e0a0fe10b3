"""Coverage-guided fuzzing of unspin's input layer, Document builder, analysers and renderers.

The invariant: for any input, either a Report whose offsets are all valid (and renderers that
don't raise), or an UnspinError with a message. Anything else is a crash.

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz.py -runs=100000            # libFuzzer flags pass through
    .venv/bin/python bench/fuzz.py --target inputs -runs=100000   # input layer only (fast)

Targets: ``inputs`` (bytes -> text/HTML extraction), ``pipeline`` (bytes -> Source -> Report ->
text/JSON/HTML renderers). libFuzzer prints the cases run; any crash stops it with a traceback.
"""

from __future__ import annotations

import argparse
import sys

import atheris

with atheris.instrument_imports(include=["unspin"]):
    from unspin import inputs
    from unspin.errors import UnspinError
    from unspin.pipeline import Pipeline
    from unspin.report import Report

STATS = {"cases": 0, "reports": 0, "errors": 0}
_PIPE: Pipeline | None = None


def _pipeline() -> Pipeline:
    global _PIPE
    if _PIPE is None:
        _PIPE = Pipeline("fast", strict=True)
    return _PIPE


def _check(report: Report) -> None:
    n = len(report.text)
    for layer, start, end in report.iter_spans():
        if not (0 <= start < end <= n):
            raise AssertionError(f"invalid offsets in {layer}: [{start}, {end}) for text of length {n}")
    from unspin.render.text import render as render_text

    render_text(report)
    Report.from_json(report.to_json())
    try:
        from unspin.render.html import render as render_html
    except ImportError:
        return
    page = render_html(report)
    if "<script>alert" in page:
        raise AssertionError("unescaped script in HTML output")


def target_inputs(data: bytes) -> None:
    STATS["cases"] += 1
    fdp = atheris.FuzzedDataProvider(data)
    as_html = fdp.ConsumeBool()
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        src = inputs.from_bytes(raw, name="fuzz", html=as_html)
    except UnspinError:
        STATS["errors"] += 1
        return
    assert src.text.strip()


def target_pipeline(data: bytes) -> None:
    STATS["cases"] += 1
    fdp = atheris.FuzzedDataProvider(data)
    as_html = fdp.ConsumeBool()
    if fdp.ConsumeBool():
        raw = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()).encode("utf-8")
    else:
        raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        src = inputs.from_bytes(raw, name="fuzz", html=as_html)
        report = _pipeline()(src)
    except UnspinError:
        STATS["errors"] += 1
        return
    STATS["reports"] += 1
    _check(report)


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--target", choices=["inputs", "pipeline"], default="pipeline")
    args, rest = parser.parse_known_args()
    target = target_inputs if args.target == "inputs" else target_pipeline
    if args.target == "pipeline":
        _pipeline()
    # libFuzzer prints "Done N runs" at the end; a crash stops the run with a traceback and a crash-* file
    atheris.Setup([sys.argv[0], *rest], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
