"""Analyser ``checkworthiness``: how much each claim needs checking, from the fast tier (a linear
model over the parse, no neural network), for the ``fast`` profile; and the public
:func:`score_checkworthiness` for plain sentences."""

from __future__ import annotations

from ..pipeline import analyzer


def score_checkworthiness(sentences: list[str], *, tier: str = "fast") -> list[float]:
    """Probability, per sentence, that it is a check-worthy factual claim (calibrated on ClaimBuster).

        >>> unspin.score_checkworthiness(["Unemployment fell to 3.9 percent last year.",
        ...                               "Thank you, it's great to be here."])
        [0.9..., 0.0...]
    """
    from ..claims.checkworthiness import load_model

    return load_model(tier).score_texts(sentences)


@analyzer("checkworthiness", layer="claims", requires=("claims",), profiles=("fast",), order=30,
          models=("checkworthiness-fast",))
def make(options):
    """Check-worthiness of each claim (fast tier) and a warning for unsourced check-worthy ones."""
    from ..claims.checkworthiness import load_model, score_claims

    scorer = load_model("fast")

    def run(doc, report):
        return score_claims(doc, report.claims, scorer)

    return run
