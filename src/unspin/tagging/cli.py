"""`unspin train techniques` and `unspin evaluate techniques`: reproduce and measure the technique
taggers. Thin commands over :func:`train_tier` and :func:`evaluate_tiers`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import ConfigurationError


class TrainTier(str, Enum):
    fast = "fast"
    full = "full"


class EvalTier(str, Enum):
    fast = "fast"
    full = "full"
    both = "both"


class Split(str, Enum):
    validation = "validation"
    train = "train"


# ---- library functions ------------------------------------------------------------------------

def train_tier(tier: str, *, out_dir: Path | None = None, log=print) -> dict:
    """Train the tagger of `tier` from ../shared/data and write its model folder; returns metrics."""
    if tier == "fast":
        from .fast_train import train

        return train(out_dir, log=log)
    if tier == "full":
        from .._imports import optional_import

        full = optional_import("unspin.tagging.full")
        if full is None or not hasattr(full, "train"):
            raise ConfigurationError("the full tier's training (unspin.tagging.full.train) is not available in this build")
        return full.train(out_dir, log=log) if out_dir else full.train(log=log)
    raise ConfigurationError(f"unknown tier {tier!r}; choose fast or full")


def evaluate_tiers(tiers: list[str], split: str = "validation", *, progress=None) -> dict[str, dict]:
    """``{tier: {"si": Score, "tc": Score}}`` on the committed validation split (or the train part).

    A tier whose model is not shipped raises ModelError: evaluation never silently skips a tier.
    """
    from . import load_tagger
    from .ptc import evaluate, load_split, parse

    train, val = load_split()
    articles = val if split == "validation" else train
    docs = parse(articles)
    return {tier: evaluate(load_tagger(tier), articles, docs, progress=progress) for tier in tiers}


def scores_table(results: dict[str, dict]) -> dict:
    """JSON-ready summary of :func:`evaluate_tiers` results."""
    out = {}
    for tier, r in results.items():
        si, tc = r["si"], r["tc"]
        out[tier] = {
            "si": {"precision": round(si.precision, 4), "recall": round(si.recall, 4), "f1": round(si.f1, 4),
                   "n_pred": si.n_pred, "n_gold": si.n_gold},
            "tc": {"micro_f1": round(tc.f1, 4), "n_gold": tc.n_gold,
                   "per_technique": {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4),
                                         "f1": round(v.f1, 4), "n_gold": v.n_gold} for k, v in tc.per_class.items()}},
        }
    return out


# ---- commands ---------------------------------------------------------------------------------

def register_train(train_app: typer.Typer) -> None:
    @train_app.command("techniques")
    def train_techniques(
        tier: TrainTier = typer.Option(TrainTier.fast, "--tier", help="Which tagger to train."),
        out: Optional[Path] = typer.Option(None, "--out", help="Model folder to write (default: the shipped one)."),
    ) -> None:
        """Train a technique tagger on PTC train (minus the validation split) and write its model + card."""
        metrics = train_tier(tier.value, out_dir=out, log=lambda msg: typer.echo(msg, err=True))
        typer.echo(json.dumps(metrics, indent=2))


def register_evaluate(evaluate_app: typer.Typer) -> None:
    @evaluate_app.command("techniques")
    def evaluate_techniques(
        split: Split = typer.Option(Split.validation, "--split", help="validation (the committed 74 articles) or train."),
        tier: EvalTier = typer.Option(EvalTier.both, "--tier", help="fast, full or both."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    ) -> None:
        """SI precision/recall/F1 and TC micro-F1 (per technique too), official SemEval-2020 T11 measures."""
        tiers = ["fast", "full"] if tier == EvalTier.both else [tier.value]
        table = scores_table(evaluate_tiers(tiers, split.value))
        if as_json:
            typer.echo(json.dumps(table, indent=2))
            return
        _print_tables(table, split.value)


def _print_tables(table: dict, split: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout)
    tiers = list(table)
    main = Table(title=f"Technique tagging, {split} split (SemEval-2020 T11 measures)")
    main.add_column("tier")
    for col in ("SI precision", "SI recall", "SI F1", "TC micro-F1"):
        main.add_column(col, justify="right")
    for t in tiers:
        si, tc = table[t]["si"], table[t]["tc"]
        main.add_row(t, f"{si['precision']:.3f}", f"{si['recall']:.3f}", f"{si['f1']:.3f}", f"{tc['micro_f1']:.3f}")
    console.print(main)
    per = Table(title="TC F1 per technique (gold spans)")
    per.add_column("technique")
    per.add_column("gold spans", justify="right")
    for t in tiers:
        per.add_column(f"{t} F1", justify="right")
    names = sorted({k for t in tiers for k in table[t]["tc"]["per_technique"]})
    for name in names:
        gold = next((table[t]["tc"]["per_technique"][name]["n_gold"] for t in tiers
                     if name in table[t]["tc"]["per_technique"]), 0)
        per.add_row(name, str(gold), *[f"{table[t]['tc']['per_technique'].get(name, {}).get('f1', 0.0):.3f}" for t in tiers])
    console.print(per)
