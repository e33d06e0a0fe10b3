"""Analyser ``techniques_fast``: propaganda technique spans from the fast tier (CRF spans + a
linear technique classifier, no neural network), for the ``fast`` profile."""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("techniques_fast", layer="techniques", profiles=("fast",), order=10, models=("techniques-fast",))
def make(options):
    """Propaganda technique spans (SemEval-2020 T11 techniques) from the fast CRF tagger."""
    from ..tagging import load_tagger

    tagger = load_tagger("fast")

    def run(doc, report):
        return tagger.predict(doc)

    return run
