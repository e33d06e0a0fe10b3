"""`unspin evaluate ...`: print each model's measured quality, with the official measures.

Each task's module defines ``register_evaluate(evaluate_app)``; this command group collects them.
"""

from __future__ import annotations

import typer

from .._imports import optional_import

from .train import TASK_MODULES

evaluate_app = typer.Typer(help="Evaluate the shipped models (numbers in the README come from these commands).", no_args_is_help=True)

EXTRA_MODULES = ("unspin.claims.attribution_eval",)


def register(app: typer.Typer) -> None:
    for name in TASK_MODULES + EXTRA_MODULES:
        module = optional_import(name)
        if module is None:
            continue
        if hasattr(module, "register_evaluate"):
            module.register_evaluate(evaluate_app)
    app.add_typer(evaluate_app, name="evaluate")
