"""`unspin analyze` and `unspin version`."""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class Profile(str, Enum):
    fast = "fast"
    full = "full"


def analyze_command(
    target: str = typer.Argument(..., metavar="TARGET", help="Article to analyse: a .txt or .html file, an http(s) URL (with --fetch), or - for stdin."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    profile: Profile = typer.Option(Profile.fast, "--profile", "-p", help="fast: no neural network; full: MiniLM models."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the report to this file instead of stdout."),
    index: Optional[Path] = typer.Option(None, "--index", help="Reference index (SQLite) for splice detection."),
    fetch: bool = typer.Option(False, "--fetch", help="Allow fetching an http(s) URL."),
    allow_private: bool = typer.Option(False, "--allow-private", help="With --fetch: allow loopback/private addresses."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text report (default: when stdout is a terminal and NO_COLOR is unset)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Show each step on stderr as it runs (default: when stderr is a terminal)."),
) -> None:
    """Analyse one article and print its report."""
    from ..loaders import load
    from ..outputs import writable_file

    if index is not None:  # asked for a reference comparison: none at all is an error, not a warning in the report
        from ..splices.index import require

        require()
    source = load(target, allow_fetch=fetch, allow_private=allow_private)  # first: a missing input creates no folder
    if out is not None:
        writable_file(out, not_same_as=Path(target) if target != "-" else None)
    show = sys.stderr.isatty() if progress is None else progress
    report = _run(source, profile.value, str(index) if index else None, show)
    if format is Format.json:
        rendered = report.to_json()
    elif format is Format.html:
        from ..render.html import render as render_html

        rendered = render_html(report)
    else:
        from ..render.text import render as render_text

        use_color = _colour_wanted() if color is None and out is None else bool(color)
        # a terminal's own width (or $COLUMNS); files and pipes get 100 columns
        width = 100 if out is not None else max(40, shutil.get_terminal_size((100, 24)).columns)
        rendered = render_text(report, color=use_color, width=width)
    if out:
        out.write_text(rendered, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    else:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")


def _colour_wanted() -> bool:
    """Colour by default only on a terminal that takes it: not with NO_COLOR set (no-color.org), nor
    on TERM=dumb."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _run(source, profile: str, index: str | None, show: bool):
    """The Report of `source`; with `show`, a spinner on stderr names each step (loading the models
    takes most of a short article's time, parsing most of a long one's)."""
    from ..pipeline import get_pipeline

    if not show:
        return get_pipeline(profile, index=index)(source)
    from rich.console import Console

    console = Console(stderr=True)
    started = time.perf_counter()
    loading = f"loading the {profile} models…"
    # a spinner on a terminal; with --progress into a log, one line per step
    with console.status(loading) if console.is_terminal else nullcontext() as status:
        say = status.update if status else (lambda line: console.print(line, highlight=False))
        if not status:
            say(loading)
        pipe = get_pipeline(profile, index=index)
        report = pipe(source, progress=lambda step: say(f"{STEPS.get(step, step)}…"))
    console.print(f"analysed in {time.perf_counter() - started:.1f}s", style="dim", highlight=False)
    return report


#: what each analyser does, as the progress line says it
STEPS = {
    "techniques_fast": "finding propaganda techniques",
    "techniques_full": "finding propaganda techniques (MiniLM)",
    "attribution": "finding claims, their sources and numbers",
    "checkworthiness": "scoring how check-worthy the claims are",
    "checkworthiness_full": "scoring how check-worthy the claims are (MiniLM)",
    "splices": "checking the passages for splices",
    "verdict": "weighing the evidence for the verdict",
}


def version_command() -> None:
    """Print unspin's version and the versions of its shipped models."""
    from .. import __version__

    typer.echo(f"unspin {__version__}")
    try:
        from ..models import shipped_models

        for name, version in shipped_models().items():
            typer.echo(f"  model {name} {version}")
    except ImportError:
        pass


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)
    app.command("version")(version_command)
