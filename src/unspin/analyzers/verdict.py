"""Analyser ``verdict``: one calibrated score per article with the reasons a person can check.

It requires no other layer: it reads whatever layers ran (``report.layers_run``) and scores the
article with the model trained on exactly that evidence, so it still works, with less evidence,
when the technique, claim or splice analysers are missing or failed.
"""

from __future__ import annotations

from ..pipeline import analyzer

#: the shortest text the verdict judges: its training articles are at least 200 characters long
#: (unspin.verdict.data drops shorter ones as dead pages), about 30 words
MIN_WORDS = 30


@analyzer("verdict", layer="verdict", profiles=("fast", "full"), order=90, models=("verdict",))
def make(options):
    """A calibrated probability that the article is unreliable, its label and its strongest evidence."""
    from ..verdict import judge, load_model
    from ..verdict.features import word_count

    model = load_model()

    def run(doc, report):
        language = report.meta.get("language")
        if language and language != "en":  # the pipeline has warned that the text is not English
            report.warnings.append(f"no verdict: the text appears to be in language '{language}', and the verdict's "
                                   "models learned from English articles only")
            return None
        words = word_count(doc)
        if words < MIN_WORDS:
            report.warnings.append(
                f"no verdict: the text has {words} word{'' if words == 1 else 's'}, and the verdict needs at least "
                f"{MIN_WORDS} (its models learned from articles, none shorter than 200 characters)"
            )
            return None
        return judge(doc, report, model)

    return run
