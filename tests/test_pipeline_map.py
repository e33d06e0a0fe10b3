"""Many articles through one Pipeline: `Pipeline.map` and `unspin.analyze_many` go on past a bad
item (errors="keep"), raise at it (errors="raise"), and analyse each item only when asked."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import unspin
from unspin.errors import EmptyInput, describe
from unspin.pipeline import ItemError, Pipeline

ROOT = Path(__file__).resolve().parents[1]
GOOD = "The mayor said on Monday that the bridge would reopen next week."
LATER = "Critics said the plan was a disgrace and would hurt thousands of residents."


def test_a_bad_item_in_the_middle_is_an_error_at_its_place_and_the_rest_are_analysed(fast_pipeline, tmp_path):
    missing = tmp_path / "gone.txt"
    items = [GOOD, "", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", missing, None, LATER]
    results = list(fast_pipeline.map(items, errors="keep"))
    assert len(results) == len(items)
    assert [type(r).__name__ for r in results] == ["Report", "ItemError", "ItemError", "ItemError", "ItemError", "Report"]
    assert [(r.index, r.code, r.type) for r in results[1:5]] == [
        (1, "empty_input", "EmptyInput"), (2, "binary_input", "BinaryInput"),
        (3, "unsupported_input", "UnsupportedInput"), (4, "empty_input", "EmptyInput")]
    assert "no such file" in results[3].message and str(missing) in results[3].message
    assert results[1].item == "" and isinstance(results[1].error, EmptyInput)
    assert str(results[1]).startswith("items[1]: EmptyInput (empty_input): the article is empty")
    # the items after the bad ones get the same report they get alone
    assert results[5].text == LATER and results[5].to_dict() | {"timings": None} == fast_pipeline(LATER).to_dict() | {"timings": None}
    assert results[0].claims and results[0].text == GOOD


def test_a_missing_cell_is_empty_input_as_in_a_batch_run(fast_pipeline, tmp_path):
    """A DataFrame's text column with an empty cell gives NaN (None in an object column, pd.NA in a
    string one): the library names it as `unspin batch` names the same record, not 'not float'."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": [GOOD, None, LATER]})
    items = [*frame["text"].where(frame["text"].notna(), float("nan")), None, pd.NA]
    results = list(fast_pipeline.map(items, errors="keep"))
    assert [getattr(r, "code", "ok") for r in results] == ["ok", "empty_input", "ok", "empty_input", "empty_input"]
    assert "the article is missing (nan" in results[1].message and "not float" not in results[1].message
    frame.to_json(tmp_path / "frame.jsonl", orient="records", lines=True)
    from unspin.batch.rows import analyse_item
    from unspin.batch.sources import Columns, read_items

    rows = [analyse_item(fast_pipeline, item, "fast") for item in read_items(tmp_path / "frame.jsonl", Columns())]
    assert [r["error_code"] for r in rows] == [None, "empty_input", None]  # one taxonomy with the library


def test_an_unreadable_file_is_unreadable_as_in_a_batch_run(fast_pipeline, tmp_path, monkeypatch):
    from unspin import inputs

    article = tmp_path / "locked.txt"
    article.write_text(GOOD, encoding="utf-8")

    def refuse(path, *a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs, "read_file", refuse)
    [result] = fast_pipeline.map([article], errors="keep")
    assert (result.code, result.type) == ("unreadable", "UnreadableInput")
    assert result.message == f"cannot read {article}: Permission denied"
    from unspin.batch.sources import Columns, read_items

    monkeypatch.setattr("unspin.batch.sources.read_file", refuse)
    [batch_item] = read_items(tmp_path, Columns())
    assert batch_item.error[0] == result.code  # one taxonomy: the library and `unspin batch` say the same


def test_errors_raise_stops_at_the_first_bad_item(fast_pipeline):
    pulled = []

    def items():
        for text in (GOOD, "  ", LATER):
            pulled.append(text)
            yield text

    results = fast_pipeline.map(items())  # errors="raise" is the default
    assert next(results).text == GOOD
    with pytest.raises(EmptyInput, match="the article is empty"):
        next(results)
    assert pulled == [GOOD, "  "]  # nothing after the bad item was read
    assert next(results, None) is None  # and the loop is over


def test_it_is_lazy_one_item_read_and_analysed_per_result(fast_pipeline):
    pulled, steps = [], []

    def items():
        for text in (GOOD, LATER, GOOD):
            pulled.append(text)
            yield text

    results = fast_pipeline.map(items(), errors="keep", progress=steps.append)
    assert pulled == [] and steps == []  # nothing happens until a result is asked for
    first = next(results)
    assert first.text == GOOD and pulled == [GOOD]
    assert steps == ["[1] parsing 12 words", *(f"[1] {name}" for name in fast_pipeline.names)]
    assert next(results).text == LATER and pulled == [GOOD, LATER]


def test_progress_counts_out_of_the_total_when_the_items_have_a_length(fast_pipeline):
    steps = []
    list(fast_pipeline.map([GOOD, ""], errors="keep", progress=steps.append))
    assert steps[0] == "[1/2] parsing 12 words" and steps[-1] == "[2/2] parsing 0 words"


def test_the_callers_own_errors_and_ctrl_c_are_never_kept(fast_pipeline):
    def items():
        yield GOOD
        raise KeyError("a bug in the caller's generator")

    results = fast_pipeline.map(items(), errors="keep")
    next(results)
    with pytest.raises(KeyError, match="caller's generator"):
        next(results)

    def progress(step):
        raise ValueError("a bug in the caller's callback")

    with pytest.raises(ValueError, match="caller's callback"):
        next(fast_pipeline.map([GOOD], errors="keep", progress=progress))

    def interrupted(step):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        next(fast_pipeline.map([GOOD], errors="keep", progress=interrupted))


def test_a_bug_inside_the_analysis_is_kept_as_internal_error(monkeypatch):
    pipe = Pipeline("fast", analyzers=[])  # parse only
    real = pipe.make_doc

    def make_doc(item):
        if item == "boom":
            raise RuntimeError("a bug in unspin")
        return real(item)

    monkeypatch.setattr(pipe, "make_doc", make_doc)
    results = list(pipe.map(["boom", GOOD], errors="keep"))
    assert (results[0].code, results[0].type, results[0].message) == ("internal_error", "RuntimeError",
                                                                      "RuntimeError: a bug in unspin")
    assert results[1].text == GOOD
    assert describe(results[0].error) == (results[0].code, results[0].message)  # the batch runner's rows use the same


def test_a_time_limit_per_item_stops_that_item_only(fast_pipeline):
    [result] = fast_pipeline.map([GOOD], errors="keep", timeout=1e-9)
    assert (result.index, result.code) == (0, "timed_out")


def test_arguments_that_cannot_mean_anything_are_refused_at_the_call(fast_pipeline):
    with pytest.raises(ValueError, match="'raise'.*'keep'"):
        fast_pipeline.map([GOOD], errors="ignore")
    for one in (GOOD, b"bytes", Path("article.txt")):
        with pytest.raises(TypeError, match="many articles"):
            unspin.analyze_many(one)
    with pytest.raises(TypeError, match="iterable of articles"):
        fast_pipeline.map(42)


def test_analyze_many_is_exported_and_loads_the_models_once(monkeypatch):
    from unspin import pipeline

    assert {"analyze_many", "ItemError"} <= set(unspin.__all__) and unspin.ItemError is ItemError
    built = []
    monkeypatch.setattr(pipeline, "_PIPELINES", {})
    real = pipeline.Pipeline

    def counting(*a, **kw):
        built.append(a)
        return real(*a, **kw)

    monkeypatch.setattr(pipeline, "Pipeline", counting)
    results = list(unspin.analyze_many([GOOD, "", LATER], errors="keep"))
    assert [r.index for r in results if isinstance(r, ItemError)] == [1] and len(built) == 1


def test_the_readme_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "analyze_many(" in b]
    assert len(blocks) == 1
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert re.fullmatch(r"0: \d+ claims, \d+ technique spans", lines[0])
    assert lines[1] == "1: skipped, empty_input: the article is empty: there is no text to analyse"
    assert lines[2] == "2: skipped, unsupported_input: no such file: no-such-article.txt"
    assert lines[3].startswith("3: 1 claims")


def test_the_items_are_iterated_once(fast_pipeline, monkeypatch):
    from unspin import pipeline

    class Articles:  # a re-iterable collection, e.g. one that re-opens its file on each __iter__
        started = 0

        def __iter__(self):
            Articles.started += 1
            return iter([GOOD, LATER])

    monkeypatch.setattr(pipeline, "_PIPELINES", {("fast", (("index", None),)): fast_pipeline})
    assert [r.text for r in unspin.analyze_many(Articles())] == [GOOD, LATER]
    assert Articles.started == 1
    assert [r.text for r in fast_pipeline.map(Articles())] == [GOOD, LATER]
    assert Articles.started == 2
