"""Analyser ``techniques_full``: propaganda technique spans from the full tier (a head on the shared
MiniLM encoder blended with the fast tier; see :mod:`unspin.tagging.full`), for the ``full`` profile."""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("techniques_full", layer="techniques", profiles=("full",), order=10,
          models=("techniques-full", "techniques-fast"))
def make(options):
    """Propaganda technique spans (SemEval-2020 T11 techniques) from the MiniLM tagger."""
    from .. import encoder
    from ..tagging import load_tagger

    tagger = load_tagger("full")
    encoder.load()  # torch and MiniLM load here, so the first article's timings are its own

    def run(doc, report):
        if getattr(tagger, "note", "") and tagger.note not in report.warnings:
            report.warnings.append(tagger.note)  # e.g. running without the fast tier it was calibrated with
        return tagger.predict(doc)

    return run
