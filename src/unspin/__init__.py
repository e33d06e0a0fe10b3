"""unspin: show a reader where and how a news article manipulates them.

    >>> import unspin
    >>> report = unspin.analyze("Finance minister Jane Doe said the plan would cost $2 million.")
    >>> claim = report.claims[0]
    >>> claim.attribution.kind, claim.attribution.source, claim.quantities[0].text
    ('named', 'Jane Doe', '$2 million')

Importing unspin is cheap: spaCy, torch and the web/batch stacks load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

#: the one place the version is written (pyproject.toml reads it from here)
__version__ = "0.1.0"

__all__ = [
    "analyze", "analyze_many", "ItemError", "Pipeline", "Report", "Document", "UnspinError", "score_checkworthiness", "load",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover - what a type checker sees of every lazy name in __all__
    from .analyzers.checkworthiness import score_checkworthiness
    from .document import Document
    from .errors import UnspinError
    from .loaders import load
    from .pipeline import ItemError, Pipeline, analyze, analyze_many
    from .report import Report

_LAZY = {
    "analyze": ("unspin.pipeline", "analyze"),
    "analyze_many": ("unspin.pipeline", "analyze_many"),
    "ItemError": ("unspin.pipeline", "ItemError"),
    "Pipeline": ("unspin.pipeline", "Pipeline"),
    "Report": ("unspin.report", "Report"),
    "Document": ("unspin.document", "Document"),
    "UnspinError": ("unspin.errors", "UnspinError"),
    "score_checkworthiness": ("unspin.analyzers.checkworthiness", "score_checkworthiness"),
    "load": ("unspin.loaders", "load"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, the lazy ones included (they load on first use), for dir() and completion."""
    return sorted(set(__all__) | {n for n in globals() if not n.startswith("_")} - {"TYPE_CHECKING", "annotations"})
