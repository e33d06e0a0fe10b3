"""`unspin index ...`: build and query a reference index of trusted articles (one SQLite file)."""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer

from ..render.text import printable

index_app = typer.Typer(help="A reference index of trusted articles (one SQLite file) for splice detection.", no_args_is_help=True)

INDEX_OPTION = typer.Option(..., "--index", "-i", help="The index file (SQLite), e.g. refs.sqlite.")


@index_app.command("add")
def add_command(
    paths: List[Path] = typer.Argument(..., metavar="PATHS", help="Article files (.txt, .text, .md, .html, .htm, .xhtml), JSON Lines files (.jsonl, .ndjson: one object a line with 'text' (or 'body', 'content', 'article') or 'html' (or 'raw_html'), optional 'id' (or 'article_id', 'doc_id', 'uid'), 'title', 'source', 'url', all in any case), CSV files (.csv, .tsv: a header naming the same columns, one article a row; .jsonl.gz, .csv.gz gzipped), or folders of any of them."),
    index: Path = typer.Option(..., "--index", "-i", help="The index file (SQLite); created if missing."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Show how many documents were read so far on stderr (default: when stderr is a terminal; into a log, a line every 500)."),
) -> None:
    """Add articles to the index (an id already there is replaced; exit 2 if any item was skipped, the rest added)."""
    from ..splices.index import ReferenceIndex
    from ..inputs import ignored_note
    from ..splices.sources import FOLDER_SUFFIXES, iter_references

    problems: list = []
    ignored: list[str] = []
    created = not index.exists()
    show = sys.stderr.isatty() if progress is None else progress
    interrupted = False
    former: list[tuple[str, str]] = []  # (old id, new id) of the documents an older unspin had named otherwise
    with ReferenceIndex.open(index, create=True) as ref_index, _counting(show) as counted:
        try:
            added, replaced = ref_index.add(counted(iter_references(paths, problems, ignored)), renamed=former)
        except KeyboardInterrupt:
            interrupted = True  # the index keeps what the batches committed before it (each of 500 is one transaction)
        total = len(ref_index)
    if created and not total:
        index.unlink(missing_ok=True)  # nothing could be added: leave no empty index behind (closed: Windows refuses an open file)
    if interrupted:
        held = f"{index} holds {total:,} document{'' if total == 1 else 's'}" if total or not created else f"{index} was not created"
        typer.echo(f"unspin index add: interrupted; {held}: run the same command to add "
                   + ("the rest (the ids already added are replaced, not doubled)" if total else "the documents"), err=True)
        raise SystemExit(130)
    for problem in problems:
        typer.echo(printable(f"unspin: {'skipped' if problem.skipped else 'note:'} {problem}"), err=True)
    renamed = sum(not p.skipped for p in problems)
    held = f"{index} holds {total} document{'' if total == 1 else 's'}" if total or not created else f"{index} was not created"
    if ignored:  # (as `unspin batch` words it)
        held += "; " + ignored_note(len(ignored), ignored[:IGNORED_NAMES], "neither article files nor files of records",
                                    FOLDER_SUFFIXES)
    if former:  # (replaced: the index held them under the id an older unspin gave them, with the same text)
        many = len(former) != 1
        held += (f"; {len(former):,} document{'s' if many else ''} renamed from the id{'s' if many else ''} an older "
                 f"unspin gave {'them' if many else 'it'} ({former[0][0]} -> {former[0][1]})")
    typer.echo(printable(f"added {added}" + (f" ({renamed} under a new id)" if renamed else "") + f", replaced {replaced}, "
                         f"skipped {len(problems) - renamed}; {held}"))
    if renamed < len(problems):
        raise typer.Exit(2)


#: how many of a folder's ignored files (notes.pdf) the summary line names
IGNORED_NAMES = 5
#: documents between two progress lines written into a log (a terminal's count runs on every document)
PROGRESS_EVERY = 500


@contextmanager
def _counting(show: bool):
    """A wrapper for the documents being indexed that counts them on stderr: a live count with the time
    taken on a terminal, a line every PROGRESS_EVERY documents into a log (an archive of 20,000 stories
    takes minutes to index, and had run without a word)."""
    if not show:
        yield lambda docs: docs
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    started = time.perf_counter()

    def lines(docs):
        n = 0
        for n, doc in enumerate(docs, 1):
            yield doc
            if n % PROGRESS_EVERY == 0:
                console.print(f"unspin index add: {n:,} documents read ({time.perf_counter() - started:.0f} s)",
                              highlight=False)

    if not console.is_terminal:
        yield lines
        return
    with Progress(SpinnerColumn(), TextColumn("indexing: {task.completed:,} documents read"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("indexing", total=None)

        def live(docs):
            for doc in docs:
                yield doc
                bar.advance(task)

        yield live


@index_app.command("list")
def list_command(
    index: Path = INDEX_OPTION,
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Show at most this many."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List the indexed articles: id, characters, source, title."""
    from ..splices.index import ReferenceIndex

    with ReferenceIndex.open(index, readonly=True) as ref_index:
        if not len(ref_index):
            typer.echo(f"{index} holds no documents (add some with: unspin index add -i {index} PATHS)", err=True)
        for entry in ref_index.entries(limit=limit):
            if as_json:
                typer.echo(json.dumps(entry.__dict__, ensure_ascii=False))
            else:
                typer.echo("\t".join(printable(v) for v in (entry.id, entry.chars, entry.source, entry.title)))


@index_app.command("remove")
def remove_command(
    ids: List[str] = typer.Argument(..., metavar="IDS", help="Ids of the articles to remove (as `unspin index list` shows them)."),
    index: Path = INDEX_OPTION,
) -> None:
    """Remove articles from the index by id (exit 2 if any id was not in it, the rest removed)."""
    from ..splices.index import ReferenceIndex

    with ReferenceIndex.open(index) as ref_index:
        missing = ref_index.remove(ids)
        total = len(ref_index)
    for doc_id in missing:
        typer.echo(f"unspin: not in the index: {printable(doc_id)}", err=True)
    typer.echo(f"removed {len(ids) - len(missing)}; {index} holds {total} document{'' if total == 1 else 's'}")
    if missing:
        raise typer.Exit(2)


@index_app.command("search")
def search_command(
    text: str = typer.Argument(..., metavar="TEXT", help="Text to look for, @FILE to read it from a file, or - (or @-) for stdin. "
                               "The index finds shared passages of about 80 words or more; a single sentence or a short "
                               "paragraph is often not found."),
    index: Path = INDEX_OPTION,
    limit: int = typer.Option(5, "--limit", "-n", min=1, help="Show at most this many references."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Find the indexed articles that share the most text with TEXT."""
    from ..errors import EmptyInput
    from ..splices.index import ReferenceIndex

    if text.startswith("@") or text == "-":
        from ..loaders import load

        if text == "@":
            raise EmptyInput("@ needs a file name after it: @FILE, or - for stdin")
        text = load("-" if text in ("-", "@-") else text[1:]).text
    if not text.strip():
        raise EmptyInput("nothing to search for: the text is empty")
    with ReferenceIndex.open(index, readonly=True) as ref_index:
        hits = ref_index.search(text, limit=limit)
    if not hits:
        typer.echo("no indexed article shares text with it", err=True)
    for hit, _ in hits:
        if as_json:
            typer.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        else:
            typer.echo(f"{hit.containment:6.1%}  {printable(hit.id)}\t{printable(hit.title)}")


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
