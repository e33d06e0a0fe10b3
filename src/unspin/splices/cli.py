"""`unspin train splices` and `unspin evaluate splices`: reproduce the style-break model and measure
splice detection. Thin commands over :mod:`.train` and :mod:`.evaluate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def register_train(train_app: typer.Typer) -> None:
    @train_app.command("splices")
    def train_splices(
        train_cases: int = typer.Option(2400, "--train-cases", min=1, help="Synthetic spliced articles to train on."),
        val_cases: int = typer.Option(600, "--val-cases", min=1, help="Synthetic articles to calibrate the thresholds on."),
        seed: int = typer.Option(5, "--seed", help="Seed of the synthetic sets."),
        cache: Optional[Path] = typer.Option(None, "--cache", help="Keep (and reuse) the featurized sets as pickles in this folder, e.g. runs/."),
        root: Optional[Path] = typer.Option(None, "--root", help="Write the model under ROOT/splices-style instead of over the shipped one (to compare)."),
    ) -> None:
        """Train the style-break model on synthetic splices (Reuters-21578, BBC, PTC...) and write it with its card."""
        from ..outputs import writable_folder
        from .train import train

        if root:
            writable_folder(root, what="the model")
        metrics = train(out_root=root, train_cases=train_cases, val_cases=val_cases, seed=seed, cache=cache, log=_log)
        typer.echo(json.dumps(metrics, indent=2))


def register_evaluate(evaluate_app: typer.Typer) -> None:
    @evaluate_app.command("splices")
    def evaluate_splices(
        cases: int = typer.Option(200, "--cases", min=1, help="Articles per synthetic set (sentences, phrases, mixed, unspliced)."),
        seed: int = typer.Option(2026, "--seed", help="Seed of the synthetic sets."),
        out: Optional[Path] = typer.Option(None, "--json", help="Also write the full results (per source, per kind) here."),
    ) -> None:
        """Character P/R/F1 of flagged passages on held-out synthetic splices, with and without a reference index."""
        from ..outputs import writable_file
        from .evaluate import benchmark, table

        if out:
            writable_file(out, what="the results")  # before the benchmark, not after it
        report = benchmark(cases=cases, seed=seed, log=_log)
        typer.echo(table(report))
        if out:
            out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
