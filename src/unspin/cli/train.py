"""`unspin train ...`: reproduce the shipped models from ../shared/data (or $UNSPIN_DATA).

Each task's module defines ``register_train(train_app)``; this command group collects them.
"""

from __future__ import annotations

import typer

from .._imports import optional_import

train_app = typer.Typer(help="Train the shipped models from the datasets in ../shared/data or $UNSPIN_DATA (reproduces the files under unspin/models).", no_args_is_help=True)

TASK_MODULES = (
    "unspin.tagging.cli",
    "unspin.claims.cli",
    "unspin.splices.cli",
    "unspin.verdict.cli",
)


def register(app: typer.Typer) -> None:
    for name in TASK_MODULES:
        module = optional_import(name)
        if module is None:
            continue
        if hasattr(module, "register_train"):
            module.register_train(train_app)
    app.add_typer(train_app, name="train")
