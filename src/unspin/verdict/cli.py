"""`unspin evaluate verdict` (leave-one-dataset-out table, ours vs TF-IDF) and `unspin train verdict`
(reproduces src/unspin/models/verdict/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _options(profile: str, max_per_dataset: Optional[int], C: float, cache: Optional[Path], analyzers: Optional[str],
             text: bool = True, evidence_C: Optional[float] = None):
    from ..errors import ConfigurationError
    from ..pipeline import PROFILES, registry
    from .evaluate import EvalOptions

    # every option is checked here, before minutes of loading and deduplicating datasets
    if profile not in PROFILES:
        raise ConfigurationError(f"--profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    if not C > 0:
        raise ConfigurationError(f"--C must be more than 0, not {C:g}")
    if evidence_C is not None and evidence_C < 0:
        raise ConfigurationError(f"--evidence-C must be 0 or more, not {evidence_C:g}")
    if max_per_dataset is not None and max_per_dataset < 1:
        raise ConfigurationError(f"--max-per-dataset must be at least 1, not {max_per_dataset}")
    names = None if analyzers is None else tuple(a.strip() for a in analyzers.split(",") if a.strip())
    unknown = [n for n in names or () if n not in registry()]
    if unknown:
        raise ConfigurationError(f"unknown analyser(s) {', '.join(unknown)}; known: {', '.join(sorted(registry()))}")
    return EvalOptions(profile=profile, max_per_dataset=max_per_dataset, C=C, cache=cache, analyzers=names, text=text,
                       evidence_C=evidence_C)


_EVIDENCE_C_HELP = ("inverse L2 regularisation of the evidence features apart from the text logit (0: the text logit "
                    "alone); default: chosen by leave-one-dataset-out within the training datasets")


def register_evaluate(evaluate_app) -> None:
    import typer

    @evaluate_app.command("verdict")
    def verdict_command(
        profile: str = typer.Option("fast", help="pipeline profile whose layers feed the evidence (fast or full)"),
        max_per_dataset: Optional[int] = typer.Option(None, help="subsample each dataset to at most N articles (stratified)"),
        C: float = typer.Option(0.1, "--C", help="inverse L2 regularisation of the verdict model"),
        evidence_C: Optional[float] = typer.Option(None, "--evidence-C", help=_EVIDENCE_C_HELP),
        out: Optional[Path] = typer.Option(None, help="also write results.json, table.md and reliability SVGs here"),
        cache: Optional[Path] = typer.Option(None, help="feature cache folder (default: runs/verdict/features in the checkout)"),
        analyzers: Optional[str] = typer.Option(None, help="comma-separated evidence analysers (default: all of the profile; '' for style only)"),
        text: bool = typer.Option(True, "--text/--no-text", help="include the verdict's own text model"),
    ) -> None:
        """Leave-one-dataset-out AUC, accuracy and ECE per held-out dataset: the verdict vs TF-IDF + LR."""
        from ..outputs import writable_folder
        from .evaluate import evaluate, markdown, write_outputs

        options = _options(profile, max_per_dataset, C, cache, analyzers, text, evidence_C)
        if out:
            writable_folder(out, what="the results")
        result = evaluate(options, _log)
        print(f"deduplication: {result['dedup']}")
        print(f"evidence groups: {', '.join(result['groups'])} (analysers: {', '.join(result['analyzers']) or 'none'})")
        print(markdown(result))
        if out:
            write_outputs(result, out)
            print(f"wrote {out}/results.json, table.md and reliability-*.svg")


def register_train(train_app) -> None:
    import typer

    @train_app.command("verdict")
    def train_verdict_command(
        profile: str = typer.Option("fast", help="pipeline profile whose layers feed the evidence"),
        max_per_dataset: Optional[int] = typer.Option(None, help="subsample each dataset to at most N articles (stratified)"),
        C: float = typer.Option(0.1, "--C", help="inverse L2 regularisation"),
        evidence_C: Optional[float] = typer.Option(None, "--evidence-C", help=_EVIDENCE_C_HELP),
        cache: Optional[Path] = typer.Option(None, help="feature cache folder (default: runs/verdict/features in the checkout)"),
        root: Optional[Path] = typer.Option(None, help="write the model under ROOT/verdict instead of unspin/models"),
        analyzers: Optional[str] = typer.Option(None, help="comma-separated evidence analysers (default: all of the profile)"),
        out: Optional[Path] = typer.Option(None, help="also write the evaluation's results.json, table.md and reliability SVGs here"),
    ) -> None:
        """Train the shipped verdict model on all datasets (after the LODO evaluation that goes in its card)."""
        from ..outputs import writable_folder
        from .train import train_and_write

        options = _options(profile, max_per_dataset, C, cache, analyzers, evidence_C=evidence_C)
        for folder, what in ((out, "the evaluation's results"), (root, "the model")):
            if folder:
                writable_folder(folder, what=what)
        folder = train_and_write(options, root=root, log=_log, out=out)
        print(f"wrote {folder}")
