"""Analyser ``verdict``: one calibrated score per article with the reasons a person can check.

It requires no other layer: it reads whatever layers ran (``report.layers_run``) and scores the
article with the model trained on exactly that evidence, so it still works, with less evidence,
when the technique, claim or splice analysers are missing or failed.
"""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("verdict", layer="verdict", profiles=("fast", "full"), order=90, models=("verdict",))
def make(options):
    """A calibrated probability that the article is unreliable, its label and its strongest evidence."""
    from ..verdict import judge, load_model

    model = load_model()

    def run(doc, report):
        return judge(doc, report, model)

    return run
