"""Propaganda technique taggers (SemEval-2020 Task 11), in two tiers.

A tagger finds technique spans in a Document (``predict``) and names the technique of given spans
(``classify``, for the TC task). ``fast`` uses no neural network at run time; ``full`` runs the
MiniLM encoder. Both are trained by ``unspin train techniques`` and shipped under
``unspin/models/`` with model cards; weights are verified by hash when loaded.
"""

from __future__ import annotations

from typing import Protocol

from ..document import Document
from ..errors import ConfigurationError
from ..report import Technique

TIERS = ("fast", "full")


class Tagger(Protocol):
    tier: str

    def predict(self, doc: Document) -> list[Technique]:
        """Technique spans found in `doc`, each with a technique name, score and explanation."""

    def classify(self, doc: Document, spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
        """The most likely technique (and its probability) for each given span of `doc`."""


_LOADED: dict[str, Tagger] = {}


def load_tagger(tier: str = "full") -> Tagger:
    """The shipped tagger of `tier`, loaded once per process."""
    if tier not in TIERS:
        raise ConfigurationError(f"unknown tagger tier {tier!r}; choose one of: {', '.join(TIERS)}")
    if tier not in _LOADED:
        if tier == "fast":
            from .fast import load
        else:
            from .full import load
        _LOADED[tier] = load()
    return _LOADED[tier]
