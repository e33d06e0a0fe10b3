"""`unspin semeval si|tc|score`: SemEval-2020 Task 11 submission files from a folder of articles, and their scores."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

semeval_app = typer.Typer(help="Write SemEval-2020 Task 11 submission files (SI spans, TC techniques) and score them.",
                          no_args_is_help=True)


class Tier(str, Enum):
    fast = "fast"
    full = "full"


_TIER_HELP = ("Which technique tagger to use. Default: full; if the full model is not installed, fast, "
             "with a warning on stderr.")


def _progress(items, label: str):
    from rich.progress import track

    console = _stderr_console()
    return track(items, description=label, console=console, transient=True, disable=not console.is_terminal)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@semeval_app.command("si")
def si_command(
    articles_dir: Path = typer.Argument(..., metavar="ARTICLES_DIR", help="Folder of article<ID>.txt files."),
    tier: Optional[Tier] = typer.Option(None, "--tier", help=_TIER_HELP),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
) -> None:
    """Print span-identification lines: article_id<TAB>start<TAB>end."""
    from ..semeval.data import format_si, read_articles
    from ..semeval.predict import predict_si

    _check_out(out, articles_dir)
    with _users_files():
        articles = read_articles(articles_dir)
    tagger = _tagger(tier)
    labels = predict_si(articles, tagger=tagger, progress=lambda it: _progress(it, "tagging"))
    _write(format_si(labels), out)


@semeval_app.command("tc")
def tc_command(
    articles_dir: Path = typer.Argument(..., metavar="ARTICLES_DIR", help="Folder of article<ID>.txt files."),
    template: Path = typer.Argument(..., metavar="TEMPLATE", help="TC template: id<TAB>?<TAB>start<TAB>end per line."),
    tier: Optional[Tier] = typer.Option(None, "--tier", help=_TIER_HELP),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
) -> None:
    """Print the TC template with techniques filled in: id<TAB>technique<TAB>start<TAB>end."""
    from ..semeval.data import format_tc, read_articles, read_tc
    from ..semeval.predict import check_template, predict_tc

    _check_out(out, articles_dir, template)
    with _users_files():
        articles = read_articles(articles_dir)
        spans = read_tc(template)
        check_template(articles, spans, name=str(template))  # before the tagger loads
    if not spans:
        typer.echo(f"unspin: warning: {template} holds no spans: the output is empty", err=True)
    tagger = _tagger(tier)
    labels = predict_tc(articles, spans, tagger=tagger, progress=lambda it: _progress(it, "classifying"))
    _write(format_tc(labels), out)


@semeval_app.command("score")
def score_command(
    predictions: Path = typer.Argument(..., metavar="PREDICTIONS", help="An SI or TC submission file (as si/tc write)."),
    gold: Path = typer.Argument(..., metavar="GOLD", help="Gold labels in the same format (a file of the corpus's "
                                "train-task1-SI.labels or train-task2-TC.labels kind)."),
    articles_dir: Optional[Path] = typer.Option(None, "--articles", metavar="ARTICLES_DIR",
                                                help="Score only the gold of the articles in this folder (the one "
                                                     "the predictions were made for)."),
) -> None:
    """Score a submission with the official SemEval-2020 T11 measures: SI precision/recall/F1 or TC micro-F1."""
    from ..semeval.data import read_articles, read_si, read_tc
    from ..semeval.scoring import score_si, score_tc

    with _users_files():
        first = next((line for line in predictions.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()), "") \
            if predictions.is_file() else ""
        task = "TC" if first.count("\t") == 3 else "SI"
        read = read_tc if task == "TC" else read_si
        pred, gold_labels = read(predictions), read(gold)
        if articles_dir is not None:
            keep = set(read_articles(articles_dir))
            gold_labels = [label for label in gold_labels if label.article_id in keep]
    unscored = sorted({l.article_id for l in gold_labels} - {l.article_id for l in pred})
    if unscored and articles_dir is None:
        typer.echo(f"unspin: warning: {gold} has labels for {len(unscored)} article(s) the predictions have no line for "
                   f"(e.g. {unscored[0]}), scored as nothing found; --articles ARTICLES_DIR scores only those "
                   "the predictions were made for", err=True)
    if task == "SI":
        s = score_si(pred, gold_labels)
        typer.echo(f"SI precision {s.precision:.4f} recall {s.recall:.4f} F1 {s.f1:.4f} "
                   f"({s.n_pred} predicted spans, {s.n_gold} gold spans after merging overlaps)")
    else:
        s = score_tc(pred, gold_labels)
        typer.echo(f"TC micro-F1 {s.f1:.4f} ({s.n_pred} predicted, {s.n_gold} gold labels)")
        for name, c in s.per_class.items():
            typer.echo(f"  {name:<40} F1 {c.f1:.4f} ({c.n_pred} predicted, {c.n_gold} gold)")


def _check_out(out: Optional[Path], articles_dir: Path, template: Optional[Path] = None) -> None:
    """--out must not land on an input: an article of the folder or the template."""
    if out is None:
        return
    from ..errors import InputError
    from ..outputs import writable_file

    if out.resolve().parent == articles_dir.resolve() and out.name.startswith("article") and out.suffix == ".txt":
        raise InputError(f"{out} is one of the articles: write the submission file elsewhere")
    writable_file(out, what="the submission file", not_same_as=template, input_what="the template")


@contextmanager
def _users_files():
    """A DataError (a malformed file) inside is the user's input error here: exit 2, not 1."""
    from ..errors import DataError, InputError

    try:
        yield
    except DataError as err:
        raise InputError(str(err)) from None


def _tagger(tier: Optional[Tier]):
    from ..semeval.predict import resolve_tagger

    tagger, used, notice = resolve_tagger(tier.value if tier else None)
    if notice:
        typer.echo(f"unspin: warning: {notice}", err=True)
    return tagger


def _write(content: str, out: Optional[Path]) -> None:
    if out:
        out.write_text(content, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    else:
        sys.stdout.write(content)


def register(app: typer.Typer) -> None:
    app.add_typer(semeval_app, name="semeval")
