"""`unspin batch` (a corpus into a Parquet/DuckDB output) and `unspin report` (its HTML summary)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..columns import HTML_CANDIDATES, ID_CANDIDATES, TEXT_CANDIDATES, wanted_text

#: exit code of a batch run in which some articles failed (they are recorded in the output)
EXIT_SOME_FAILED = 3
#: `--article-timeout`'s default (unspin.batch.runner.DEFAULT_ARTICLE_TIMEOUT, which says why), kept
#: here so that the CLI starts without importing the batch package
DEFAULT_ARTICLE_TIMEOUT = 120.0


class Profile(str, Enum):
    fast = "fast"
    full = "full"


class OutFormat(str, Enum):
    parquet = "parquet"
    duckdb = "duckdb"


def _progress():
    """A Rich progress bar on stderr with rate and ETA, behind the runner's Progress callbacks; an
    article analysed for 10 s or more is named under it while it runs."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    from ..batch.runner import Progress as Callbacks
    from ..render.text import printable

    class Display(Progress):
        """Rich's progress display plus a line naming the slowest article in progress."""

        slow = staticmethod(lambda: [])

        def get_renderables(self):
            yield from super().get_renderables()
            slow = sorted(self.slow(), key=lambda s: -s[1])
            if slow:
                item_id, seconds, step = slow[0]
                more = f" (and {len(slow) - 1} more)" if len(slow) > 1 else ""
                yield Text(printable(f"  slow: {item_id[:80]} for {seconds:.0f} s{f', {step}' if step else ''}{more}"),
                           style="yellow")

    class Bar(Callbacks):
        def __init__(self):
            self.bar = Display(
                TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} articles/s"), TextColumn("failed {task.fields[failed]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False,
            )
            self.task = None
            self.failed = 0

        def watch(self, slow):
            self.bar.slow = slow

        def start(self, total):
            self.bar.start()
            self.task = self.bar.add_task("batch", total=total, rate="-", failed=0)

        def advance(self, ok, failed):
            self.failed += failed
            self.bar.advance(self.task, ok + failed)
            task = self.bar.tasks[0]
            # Rich's moving speed needs two samples: after one chunk, the rate so far
            speed = task.speed or (task.completed / task.elapsed if task.elapsed else None)
            self.bar.update(self.task, rate=f"{speed:.2f}" if speed else "-", failed=self.failed)

        def complete(self):
            # the total was a quick count of records: records with a repeated id were never analysed
            if self.task is not None:
                self.bar.update(self.task, total=self.bar.tasks[0].completed)

        def stop(self):
            if self.task is not None:
                self.bar.stop()

    return Bar()


def batch_command(
    input: Path = typer.Argument(..., metavar="INPUT", help=f"A folder of .txt/.html files, or a .jsonl, .csv or .parquet file, one article a record: its text from a {wanted_text()} and its id from an id column ({', '.join(ID_CANDIDATES)}; without one, named by its text), each the first the record has, in any case."),
    out: Path = typer.Option(..., "--out", "-o", help="Output: a folder of Parquet part files, or a file ending in .duckdb."),
    profile: Profile = typer.Option(Profile.fast, "--profile", "-p", help="fast: no neural network; full: MiniLM models."),
    index: Optional[Path] = typer.Option(None, "--index", help="Reference index (SQLite) for splice detection."),
    workers: int = typer.Option(0, "--workers", "-w", help="Dask worker processes on this machine (0: no Dask, a plain loop)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."),
    chunk_size: int = typer.Option(32, "--chunk-size", "-k", help="Articles per committed chunk (one part file / transaction)."),
    format: Optional[OutFormat] = typer.Option(None, "--format", help="Output format (default: duckdb for a .duckdb path, else parquet)."),
    id_column: Optional[str] = typer.Option(None, "--id-column", help=f"JSONL/CSV/Parquet column holding the article id (default: the first of {', '.join(ID_CANDIDATES)} the record has, in any case)."),
    text_column: Optional[str] = typer.Option(None, "--text-column", help=f"Column holding the text (default: the first of {', '.join(TEXT_CANDIDATES)} the record has, in any case, else of {', '.join(HTML_CANDIDATES)})."),
    analyzers: Optional[str] = typer.Option(None, "--analyzers", help="Comma-separated analysers to run instead of the whole profile ('' parses only)."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Analyse again the articles that failed in earlier runs."),
    article_timeout: float = typer.Option(DEFAULT_ARTICLE_TIMEOUT, "--article-timeout", help="Seconds one article may take (0: no limit); one over it is stopped at the next check and recorded as failed (timed_out), which a rerun keeps and --retry-failed tries again."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr, and which article is slow (10 s or more)."),
) -> None:
    """Analyse a corpus; rerun the same command to resume after an interruption."""
    from ..batch import BatchSettings, run_batch
    from ..batch.runner import Progress as Silent
    from ..batch.sources import Columns
    from ..render.text import printable

    settings = BatchSettings(
        input=input, out=out, profile=profile.value, index=index, workers=workers, scheduler=scheduler,
        chunk_size=chunk_size, format=format.value if format else None, columns=Columns(id_column, text_column),
        retry_failed=retry_failed, article_timeout=article_timeout or None,
        analyzers=None if analyzers is None else tuple(a.strip() for a in analyzers.split(",") if a.strip()),
    )
    callbacks = _progress() if progress else Silent()
    try:
        result = run_batch(settings, callbacks)
    except KeyboardInterrupt:
        n = callbacks.committed
        typer.echo(f"unspin batch: interrupted; the {n:,} article{'' if n == 1 else 's'} this run committed "
                   f"{'is' if n == 1 else 'are'} kept: run the same command to resume", err=True)
        raise SystemExit(130) from None  # said: not Typer's Exit(130), which main() words as a bare interruption
    for warning in result.warnings:
        typer.echo(f"unspin batch: warning: {warning}", err=True)
    for item_id, code, message in result.errors[:5]:
        typer.echo(printable(f"  failed {item_id}: [{code}] {message}"), err=True)
    if result.failed > 5:
        typer.echo(f"  ... and {result.failed - 5:,} more (status = 'error' rows in the output)", err=True)
    typer.echo(f"unspin batch: {result.summary()}", err=True)
    if result.any_failed:  # this run's failures or earlier ones still in the output
        raise typer.Exit(EXIT_SOME_FAILED)


def report_command(
    output: Path = typer.Argument(..., metavar="OUTPUT", help="A batch output: a Parquet folder or a .duckdb file made by `unspin batch`."),
    out: Path = typer.Option(Path("summary.html"), "--out", "-o", help="The HTML summary to write; per-article reports go in a folder next to it."),
    top: int = typer.Option(25, "--top", min=0, help="How many of the most flagged articles to list (each with its own report)."),
) -> None:
    """Write an HTML summary of a batch output: verdicts, techniques per source and over time, most flagged articles."""
    from ..batch.summary import write_summary
    from ..outputs import writable_file, writable_folder

    writable_file(out, what="the summary")
    if out.with_name(out.stem + "-reports").exists():
        writable_folder(out.with_name(out.stem + "-reports"), what="the article reports")
    written = write_summary(output, out, top=top)
    typer.echo(f"wrote {written.path} ({written.articles:,} articles, {written.reports} article reports)", err=True)
    if out.suffix.lower() not in (".html", ".htm"):  # "--out rep": a browser shows such a file as its source
        typer.echo(f"unspin: warning: {out} has no .html suffix, so a browser may show its source rather than the page; "
                   f"name it {out.name}.html to open it", err=True)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)
    app.command("report")(report_command)
