"""Where unspin writes what it makes (caches, trained models) and where it looks for its datasets.

Run from a checkout (``src/unspin`` in a folder with ``pyproject.toml``; an editable install is
one), everything is where it has always been: caches under the checkout's ``runs/``, models trained
into ``src/unspin/models``, the datasets in ``../shared/data`` beside the checkout (CI's layout).

An installed copy (no checkout around the package) never writes into its own installation: caches
go to ``runs/`` in the current directory, ``unspin train`` writes to ``runs/models/`` there, and the
datasets are read from ``$UNSPIN_DATA`` (else ``shared/data`` in the current directory). "The current
directory" is the one unspin was imported in: every path here is absolute.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: the project checkout this package is part of, or None when unspin is installed
CHECKOUT: Path | None = (PACKAGE.parents[1] if PACKAGE.parent.name == "src" and (PACKAGE.parents[1] / "pyproject.toml").is_file()
                         else None)
#: the folder that holds runs/ (and, in a checkout or an unpacked sdist, examples/): the checkout,
#: else the current directory when unspin is imported (an absolute path, as DEFAULT_DATA is: caches,
#: trained models and datasets stay together if the process changes directory later)
ROOT = CHECKOUT if CHECKOUT is not None else Path.cwd()
#: caches and training runs
RUNS = ROOT / "runs"
#: where `unspin train` writes a model when not told otherwise (the shipped models' folder only in a checkout)
TRAINED = PACKAGE / "models" if CHECKOUT is not None else RUNS / "models"
#: the datasets when $UNSPIN_DATA is not set
DEFAULT_DATA = CHECKOUT.parent / "shared" / "data" if CHECKOUT is not None else ROOT / "shared" / "data"
