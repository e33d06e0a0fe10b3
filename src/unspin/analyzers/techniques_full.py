"""Analyser ``techniques_full``: propaganda technique spans from the full tier (a head on the shared
MiniLM encoder; see :mod:`unspin.tagging.full`), for the ``full`` profile."""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("techniques_full", layer="techniques", profiles=("full",), order=10)
def make(options):
    """Propaganda technique spans (SemEval-2020 T11 techniques) from the MiniLM tagger."""
    from ..tagging import load_tagger

    tagger = load_tagger("full")

    def run(doc, report):
        return tagger.predict(doc)

    return run
