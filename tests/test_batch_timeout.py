"""`unspin batch --article-timeout`: an article that runs past the limit is stopped and recorded as
failed with the reason, the others are analysed as before, a resume keeps it failed unless asked to
retry it, and the progress display names an article while it is slow."""

from __future__ import annotations

import json
import threading
import time

import pytest

from unspin import timelimit
from unspin.batch import BatchSettings, run_batch
from unspin.batch import rows as batch_rows
from unspin.batch import runner
from unspin.batch.runner import Progress
from unspin.cli import main
from unspin.errors import TimeLimitExceeded

from .test_batch import article, rows


def transcript(n: int = 150) -> str:
    """A long transcript-like article: `n` short distinct paragraphs (~30 words each)."""
    return "\n\n".join(article(i).replace("\n\n", ". ") for i in range(n))


def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [{"id": f"short{i}", "text": article(i)} for i in range(3)]
    records.insert(1, {"id": "transcript", "text": transcript()})  # ~4,500 words: some seconds to parse
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def without_timings(report_json: str) -> dict:
    report = json.loads(report_json)
    report.pop("timings", None)
    return report


def test_an_article_over_the_limit_fails_with_its_reason_and_a_resume_keeps_it_failed(tmp_path, capsys):
    path, out = corpus(tmp_path), tmp_path / "out"
    cmd = ["batch", str(path), "--out", str(out), "--analyzers", "attribution", "-k", "2", "--no-progress"]
    code = main([*cmd, "--article-timeout", "0.5"])
    err = capsys.readouterr().err
    assert code == 3
    assert "3 ok, 1 failed (1 stopped at the time limit)" in err
    assert "failed transcript: [timed_out] stopped after" in err
    got = {r["id"]: r for r in rows(out)}
    assert got["transcript"]["status"] == "error" and got["transcript"]["error_code"] == "timed_out"
    assert got["transcript"]["error"].startswith("stopped after ")
    assert "over the time limit of 0.5 s per article, during parsing 4," in got["transcript"]["error"]
    assert got["transcript"]["seconds"] > 0.5
    # the articles within the limit: as a run without a limit gives them
    unlimited = tmp_path / "unlimited"
    run_batch(BatchSettings(path, unlimited, analyzers=("attribution",), article_timeout=None))
    plain = {r["id"]: r for r in rows(unlimited)}
    for i in range(3):
        assert got[f"short{i}"]["status"] == "ok"
        assert without_timings(got[f"short{i}"]["report_json"]) == without_timings(plain[f"short{i}"]["report_json"])
    assert plain["transcript"]["status"] == "ok"

    # a plain rerun does not try it again (it would only time out again) ...
    assert main([*cmd, "--article-timeout", "0.5"]) == 3
    assert "nothing left to analyse; 4 already done (1 of them failed)" in capsys.readouterr().err
    # ... --retry-failed with more time (0: no limit) does
    assert main([*cmd, "--retry-failed", "--article-timeout", "0"]) == 0
    assert "1 ok, 0 failed" in capsys.readouterr().err
    assert {r["id"]: r["status"] for r in rows(out)}["transcript"] == "ok"


def test_the_limit_stops_inside_an_analysers_loop_and_changes_nothing_within_it():
    from unspin.pipeline import get_pipeline

    pipe = get_pipeline("fast", index=None, analyzers=("techniques_fast",))
    doc = pipe.make_doc(transcript(40))
    with timelimit.limit(60):
        within = pipe(doc)
    assert within.techniques == pipe(doc).techniques
    # the limit passes once the analyser has started (the step's progress callback sleeps past it):
    # only the check inside the tagger's per-sentence loop can stop it, before the analyser ends
    with timelimit.limit(0.2), pytest.raises(TimeLimitExceeded, match=r"^stopped after 0\.\d s: .* during techniques_fast$"):
        pipe(doc, progress=lambda step: time.sleep(0.3))


def test_the_limit_stops_the_parse_between_its_pipes():
    """The parse was one uninterruptible call: a long transcript ran on to its end, seconds past its limit."""
    from unspin.pipeline import get_pipeline

    pipe = get_pipeline("fast", index=None, analyzers=("attribution",))
    text = transcript(40)
    # the limit passes once the parse has started (its progress callback sleeps past it)
    started = time.perf_counter()
    with timelimit.limit(0.2), pytest.raises(TimeLimitExceeded, match=r"during parsing 1,\d{3} words$"):
        pipe(text, progress=lambda step: time.sleep(0.3) if step.startswith("parsing") else None)
    assert time.perf_counter() - started < 0.3 + 0.5 * _parse_seconds(pipe, text)


def _parse_seconds(pipe, text: str) -> float:
    started = time.perf_counter()
    pipe.make_doc(text)
    return time.perf_counter() - started


def test_the_progress_display_names_the_article_that_is_slow(tmp_path, monkeypatch):
    """The plain loop: while the transcript is analysed, the display's slow() names it and its step."""
    monkeypatch.setattr(batch_rows, "SLOW_SECONDS", 0.3)
    seen: list[tuple[str, float, str]] = []

    class Watching(Progress):
        def watch(self, slow):
            self.stop_polling = threading.Event()

            def poll():
                while not self.stop_polling.wait(0.05):
                    seen.extend(slow())

            threading.Thread(target=poll, daemon=True).start()

        def stop(self):
            self.stop_polling.set()

    result = run_batch(BatchSettings(corpus(tmp_path), tmp_path / "out", analyzers=("attribution",), chunk_size=2,
                                     article_timeout=None), Watching())
    assert result.ok == 4
    assert "transcript" in {item_id for item_id, _, _ in seen}  # (a short one may pass 0.3 s on a busy machine)
    assert any(step.startswith("parsing 4,") for _, _, step in seen)


def test_the_progress_bar_shows_the_slow_article():
    from io import StringIO

    from rich.console import Console

    from unspin.cli.batch import _progress

    bar = _progress()
    bar.watch(lambda: [("news/transcript-2024.txt", 42.3, "parsing 52,310 words"), ("b.txt", 11.0, "splices")])
    console = Console(file=StringIO(), width=120)
    for renderable in bar.bar.get_renderables():
        console.print(renderable)
    assert "slow: news/transcript-2024.txt for 42 s, parsing 52,310 words (and 1 more)" in console.file.getvalue()


def test_bad_limits_are_refused_and_the_cli_default_is_the_runners(tmp_path, capsys):
    from unspin.cli import batch as cli_batch

    assert cli_batch.DEFAULT_ARTICLE_TIMEOUT == runner.DEFAULT_ARTICLE_TIMEOUT == BatchSettings(None, None).article_timeout
    code = main(["batch", str(corpus(tmp_path)), "--out", str(tmp_path / "out"), "--article-timeout", "-5"])
    assert code == 2 and "--article-timeout must be a number of seconds, or 0 for no limit" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
