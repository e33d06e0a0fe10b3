"""Analyser ``checkworthiness_full``: how much each claim needs checking, from the full tier (the
fast tier's features plus the MiniLM sentence embedding and a fine-tuned MiniLM reader), for the
``full`` profile.

The embeddings come from the Document's shared encoder pass (:func:`unspin.encoder.sentence_embeddings`),
so the technique tagger and this analyser run MiniLM's bottom layers once per article over the whole
text. The reader (:mod:`unspin.claims.checkworthiness_reader`) then reads each claim sentence alone,
as it was trained: a second, short pass over the claims only (at most 64 word pieces each)."""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("checkworthiness_full", layer="claims", requires=("claims",), profiles=("full",), order=30,
          models=("checkworthiness-full",))
def make(options):
    """Check-worthiness of each claim (full tier, MiniLM) and a warning for unsourced check-worthy ones."""
    from .. import encoder
    from ..claims.checkworthiness import load_model, score_claims

    scorer = load_model("full")
    encoder.load()  # torch and MiniLM load here, so the first article's timings are its own

    def run(doc, report):
        claims = report.claims
        embeddings = encoder.sentence_embeddings(doc) if claims else None
        return score_claims(doc, claims, scorer, embeddings)

    return run
