"""`unspin train claims` and `unspin evaluate claims`: reproduce and measure the check-worthiness
tiers. Thin commands over :mod:`unspin.claims.checkworthiness_train` and
:mod:`unspin.claims.checkworthiness_eval`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

#: best published results on the same test sets, for the table (source in ``note``)
PUBLISHED = {
    "clef2019_task1_test": {
        "system": "Copenhagen (primary), best of CLEF-2019 Task 1",
        "MAP": 0.1660, "P@5": 0.2571, "P@10": 0.2286, "P@20": 0.1571,
        "note": "Atanasova et al., Overview of the CLEF-2019 CheckThat! Lab, Task 1 (CEUR-WS Vol-2380); "
                "results table in the organisers' README (../shared/data/clef2019-checkthat-task1-en/README.md)",
    },
    "clef2020_task5_test": {
        "system": None,
        "note": "best CLEF-2020 Task 5 MAP: see Shaar et al., Overview of CheckThat! 2020 English (CEUR-WS Vol-2696); "
                "the number could not be verified offline, so it is not printed",
    },
    "claimbuster_heldout": {
        "system": None,
        "note": "no published F1 on this exact split (id % 5 == 0 of kfold_30ncs.json)",
    },
}


#: the table's columns: (heading, test set, measure); `unspin evaluate claims --help` names each
COLUMNS = [("CT19 MAP", "clef2019_task1_test", "MAP"), ("CT19 P@5", "clef2019_task1_test", "P@5"),
           ("CT19 P@10", "clef2019_task1_test", "P@10"), ("CT19 P@20", "clef2019_task1_test", "P@20"),
           ("CT20 MAP", "clef2020_task5_test", "MAP"), ("CB F1", "claimbuster_heldout", "F1"),
           ("CB ECE", "claimbuster_heldout", "ECE"), ("News AP", "news_gold", "AP")]


class TrainTier(str, Enum):
    fast = "fast"
    full = "full"


class EvalTier(str, Enum):
    fast = "fast"
    full = "full"
    both = "both"


def evaluate_tiers(tiers: list[str]) -> dict[str, dict]:
    """``{tier: summary}`` of the shipped models on the three test sets (a missing model raises)."""
    from .checkworthiness_eval import evaluate, summary

    return {t: summary(evaluate(t)) for t in tiers}


def register_train(train_app: typer.Typer) -> None:
    @train_app.command("claims")
    def train_claims(
        tier: TrainTier = typer.Option(TrainTier.fast, "--tier", help="Which check-worthiness model to train."),
        select: bool = typer.Option(False, "--select", help="Run the model selection grid (cross-validation on "
                                    "training debates) instead of training; results go to runs/checkworthiness/."),
        root: Optional[Path] = typer.Option(None, "--root", help="Write the model under ROOT instead of over the shipped one (to compare)."),
    ) -> None:
        """Train a check-worthiness model (CLEF CheckThat! + ClaimBuster training data) and write its model + card."""
        from .checkworthiness_eval import summary
        from .checkworthiness_train import select as run_select
        from .checkworthiness_train import train

        if select:
            typer.echo(json.dumps(run_select(tier.value), indent=2))
            return
        if root:
            from ..outputs import writable_folder

            writable_folder(root, what="the model")
        typer.echo(json.dumps(summary(train(tier.value, out_root=root)), indent=2))


def register_evaluate(evaluate_app: typer.Typer) -> None:
    @evaluate_app.command("claims")
    def evaluate_claims(
        tier: EvalTier = typer.Option(EvalTier.both, "--tier", help="fast, full or both."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Check-worthiness on CLEF-2019 Task 1 test (MAP, P@5, P@10, P@20), CLEF-2020 Task 5 test (MAP), held-out ClaimBuster (F1, ECE) and 214 annotated news sentences (AP).

        Progress goes to stderr. On 2 cores a first run takes ~2 min (fast) and 5-16 min by load (full), a cached second under a minute (docs/claims.md).
        """
        tiers = ["fast", "full"] if tier == EvalTier.both else [tier.value]
        table = evaluate_tiers(tiers)
        if as_json:
            typer.echo(json.dumps({"tiers": table, "published": PUBLISHED}, indent=2))
            return
        print_table(table)


def print_table(table: dict[str, dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=140)
    t = Table(title="Check-worthiness (official CheckThat! measures; ClaimBuster F1 of the check-worthy class)")
    t.add_column("system")
    for name, _, _ in COLUMNS:
        t.add_column(name, justify="right")
    for tier, s in table.items():
        t.add_row(f"unspin {tier}", *[f"{s[ds][k]:.3f}" for _, ds, k in COLUMNS])
    best = PUBLISHED["clef2019_task1_test"]
    t.add_row("best CLEF-2019 (Copenhagen)", *[f"{best[k]:.3f}" if ds == "clef2019_task1_test" else "–" for _, ds, k in COLUMNS])
    console.print(t)
    for ds, p in PUBLISHED.items():
        console.print(f"[dim]{ds}: {p['note']}[/dim]")
