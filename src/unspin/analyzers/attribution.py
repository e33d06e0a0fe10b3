"""The attribution analyser: claims, who vouches for them, and the numbers they assert.

Fills ``report.claims`` from the spaCy parse (see :mod:`unspin.claims.attribution`); the
check-worthiness analyser, later in the pipeline, scores these claims.
"""

from __future__ import annotations

from ..claims.attribution import build_claims
from ..pipeline import analyzer


@analyzer("attribution", layer="claims", profiles=("fast", "full"), order=20)
def make(options):
    """Claims with their attribution (named, vague, none) and quantities, from the dependency parse."""

    def run(doc, report):
        return build_claims(doc)

    return run
