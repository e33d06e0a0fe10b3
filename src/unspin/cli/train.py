"""`unspin train ...`: train the models from the datasets in $UNSPIN_DATA, else ../shared/data.

Run from a checkout, it reads ../shared/data beside the checkout and rewrites the shipped models in
src/unspin/models; an installed unspin reads ./shared/data and writes to ./runs/models in the current
directory (:mod:`unspin.paths`).

Each task's module defines ``register_train(train_app)``; this command group collects them.
"""

from __future__ import annotations

import typer

from .._imports import optional_import

train_app = typer.Typer(help="Train the models from the datasets in $UNSPIN_DATA, else (in a checkout) ../shared/data, "
                        "reproducing the shipped files in src/unspin/models; an installed unspin reads ./shared/data "
                        "and writes ./runs/models instead.", no_args_is_help=True)

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
