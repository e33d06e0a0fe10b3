"""The verdict: one calibrated probability that an article is manipulative or unreliable, with the
few strongest pieces of evidence behind it, each pointing at spans of the text.

The evidence comes from the Report's layers (propaganda techniques, claims and their sources,
suspect passages) where those ran, and from style signals read from the Document itself
(exclamation marks, capitals, emotional tone, address of the reader, quotations, named sources),
so a verdict exists even when only the parse is available. Satire is its own outcome.

    from unspin.verdict import load_model, judge
    verdict = judge(doc, report)          # Verdict(score, label, reasons)

Modules: ``data`` (datasets, labels, cleaning, dedup), ``features`` (evidence), ``model``
(calibrated linear models), ``satire``, ``reasons``, ``metrics`` (AUC, ECE, reliability),
``corpus`` (cached featurising), ``evaluate`` (leave-one-dataset-out), ``cli``.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ..document import Document
from ..report import Reason, Report, Verdict

MODEL_NAME = "verdict"
MODEL_FILE = "verdict.json"


@lru_cache(maxsize=1)
def load_model():
    """The shipped VerdictModel (hash-checked against its card)."""
    from ..errors import ModelError
    from ..models import artifact_dir
    from .model import VerdictModel

    folder = artifact_dir(MODEL_NAME)
    try:
        return VerdictModel.from_dict(json.loads((folder / MODEL_FILE).read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, KeyError) as err:
        raise ModelError(f"the verdict model in {folder} cannot be read ({err}); retrain it with `unspin train verdict`") from None


#: the least weight (log-odds) a reason has when no evidence reaches build_reasons' usual 0.1
WEAK = 0.02


def judge(doc: Document, report: Report, model=None) -> Verdict:
    """The Verdict for an analysed article: score, label (low/medium/high/satire) and reasons.

    The score is the model's calibrated reading of the article itself. When a reference index proved
    text was inserted into a trusted original, that comes first among the reasons and the label is
    at least "medium" ("high" if the inserted text carries techniques, unsourced claims or numbers).
    With no original to compare, passages that break from the article's style and hold propaganda
    techniques make it at least "medium" (:func:`.reasons.style_breaks`)."""
    from .features import extract
    from .model import label_for
    from .reasons import altered_copy, build_reasons, caption_techniques, faithful_copy, style_breaks
    from .satire import satire_probability

    model = model or load_model()
    ev = extract(doc, report)
    p, contributions, key = model.score(ev.values, ev.groups, text=doc.text)
    label = label_for(p)
    satire = None
    reasons = build_reasons(contributions, ev, model.reference, len(report.text), text_model=model.text, text=doc.text)
    if label == "low" or not reasons:
        lowering = build_reasons(contributions, ev, model.reference, len(report.text), top=2, reassuring=True,
                                 text_model=model.text, text=doc.text)
        weak = []
        if lowering and not reasons:  # what does raise concern, however little, is said too: a fabricated
            # paragraph that moved the score from 0.21 to 0.27 had been shown only as "resembles reliable articles"
            weak = build_reasons(contributions, ev, model.reference, len(report.text), top=1, minimum=WEAK,
                                 text_model=model.text, text=doc.text)
        # the side the label is on first
        reasons += lowering + weak if label == "low" else weak + lowering
    if not reasons:  # nothing weighs 0.1 either way: the strongest of what there is, said as weak
        reasons = build_reasons(contributions, ev, model.reference, len(report.text), top=2, minimum=WEAK,
                                text_model=model.text, text=doc.text)
        reasons += build_reasons(contributions, ev, model.reference, len(report.text), top=1, minimum=WEAK,
                                 reassuring=True, text_model=model.text, text=doc.text)
        if not reasons:
            reasons = [Reason(text="No piece of evidence moves the score much either way: it is the model's reading "
                                   "of the article as a whole.", weight=0.0, spans=[])]
    missing = [g for g in model.meta.get("full_groups", []) if g not in key.split("+")]
    if missing:
        report.warnings.append(
            f"the verdict used less evidence than usual: no {', '.join(missing)} layer was available, so it rests on "
            "the remaining signals (its model was trained on exactly those)"
        )
    altered = altered_copy(report, p)
    if altered is None and model.satire:  # before the style breaks: a satire label is not raised by them
        satire = satire_probability(model.satire, doc, ev)
    satirical = satire is not None and satire >= model.satire["threshold"]
    if altered is not None:
        # text proven inserted into a trusted original outweighs any reading of the wording: the label
        # is at least "medium", and "high" when the inserted text carries techniques, unsourced
        # claims or numbers (docs/verdict.md, "Altered copies")
        reason, carries = altered
        label = "high" if carries or label == "high" else "medium"
        reasons = [reason] + [r for r in reasons if r.weight > 0]
    else:
        faithful = faithful_copy(report, p)
        if faithful is not None:  # as strong a sign as an altered copy, the other way: said first
            reasons = [faithful] + reasons
        else:
            raises = label == "low" and not satirical
            breaks = style_breaks(report, p, raises=raises)
            if breaks is not None and raises:  # passages out of keeping that carry techniques:
                # at least "medium", never "high" on style alone (docs/verdict.md, "Style breaks")
                label = "medium"
                reasons = [breaks] + [r for r in reasons if r.weight > 0] + [r for r in reasons if r.weight <= 0]
            elif breaks is not None:  # the score's own label: said after what set it
                raising = [r for r in reasons if r.weight > 0]
                reasons = raising[:1] + [breaks] + raising[1:] + [r for r in reasons if r.weight <= 0]
    caption = caption_techniques(report)
    if caption is not None:  # said after what set the label (under "low", after what lowers concern)
        at = len(reasons) if label == "low" else next((k + 1 for k, r in enumerate(reasons) if r.weight > 0), 0)
        reasons.insert(at, caption)
    if satirical:
        label = "satire"
        # weight 0: it sets the label and is not part of the score (the reports show it as neither
        # raising nor lowering concern)
        reasons.insert(0, Reason(
            text=f"Reads like satire (satire detector: {satire:.2f}); the unreliability score is not meant for satire, "
                 "which is not written to be believed.",
            weight=0.0, spans=[]))
    return Verdict(score=round(p, 4), label=label, reasons=reasons,
                   satire=None if satire is None else round(float(satire), 4))
