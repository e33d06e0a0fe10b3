"""The check-worthiness tiers on the test sets, with the official measures (`unspin evaluate claims`):
CLEF-2019 CheckThat! Task 1 and CLEF-2020 Task 5 test debates (MAP, P@k), ClaimBuster's held-out
sentences (F1 of the check-worthy class, reliability) and our 214 annotated news sentences (AP).

    metrics = evaluate("full")      # the shipped model
    summary(metrics)                # the headline numbers the README and the model card carry
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import checkworthiness_data as data
from .checkworthiness import LinearModel
from .checkworthiness_cache import log
from .checkworthiness_train import margins_for
from .measures import binary_f1, ranking_report, reliability


def rank_debates(model: LinearModel, debates: Sequence[data.Debate], what: str = "debate") -> dict:
    scores = {}
    for n, d in enumerate(debates):
        log(f"{model.tier}: {what} {n + 1}/{len(debates)}, {d.name} ({len(d.texts)} lines)")
        m = margins_for(model, d.texts, f"{d.source}/{d.name}")
        scores[d.name] = (d.labels, m.tolist())
    return ranking_report(scores, ks=(1, 3, 5, 10, 20, 30, 50))


def news_scores(model: LinearModel, threshold: float = 0.5) -> dict:
    """Our 214 annotated news sentences: average precision over all of them, F1 at `threshold`,
    and AP per source dataset."""
    from sklearn.metrics import average_precision_score

    gold = data.news_gold()
    probs = np.zeros(len(gold))
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(gold):
        groups.setdefault(f"news/{s.dataset}/{s.article}", []).append(i)
    log(f"{model.tier}: {len(gold)} annotated news sentences of {len(groups)} articles")
    for g, idx in groups.items():
        probs[idx] = model.calibrate(margins_for(model, [gold[i].text for i in idx], g))
    labels = [s.label for s in gold]
    out = binary_f1(labels, [int(p >= threshold) for p in probs])
    out["AP"] = float(average_precision_score(labels, probs))
    out["n"], out["positives"] = len(gold), int(sum(labels))
    by = {}
    for ds in sorted({s.dataset for s in gold}):
        idx = [i for i, s in enumerate(gold) if s.dataset == ds]
        by[ds] = {"AP": float(average_precision_score([labels[i] for i in idx], probs[idx])), "n": len(idx)}
    out["by_dataset"] = by
    return out


def claimbuster_scores(model: LinearModel, sentences: Sequence[tuple[str, int]], threshold: float = 0.5) -> dict:
    texts = [t for t, _ in sentences]
    labels = [y for _, y in sentences]
    log(f"{model.tier}: {len(texts)} held-out ClaimBuster sentences")
    probs = model.calibrate(margins_for(model, texts, "claimbuster"))
    out = binary_f1(labels, [int(p >= threshold) for p in probs])
    out["reliability"] = reliability(labels, probs.tolist())
    out["n"] = len(labels)
    out["positives"] = int(sum(labels))
    return out


def evaluate(tier: str, model: LinearModel | None = None) -> dict:
    """The official measures on the three test sets for `tier` (the shipped model by default)."""
    if model is None:
        from .checkworthiness import load_model

        model = load_model(tier).model
    return {
        "clef2019_task1_test": rank_debates(model, data.clef2019("test"), "CLEF-2019 test debate"),
        "clef2020_task5_test": rank_debates(model, data.clef2020("test"), "CLEF-2020 test debate"),
        "claimbuster_heldout": claimbuster_scores(model, data.claimbuster_test()),
        "news_gold": news_scores(model),
    }


def summary(metrics: dict) -> dict:
    """The headline numbers of ``evaluate`` (what the README table and the model card carry)."""
    c19 = metrics["clef2019_task1_test"]["mean"]
    c20 = metrics["clef2020_task5_test"]["mean"]
    cb = metrics["claimbuster_heldout"]
    news = metrics["news_gold"]
    r = lambda x: round(float(x), 4)  # noqa: E731
    return {
        "clef2019_task1_test": {"MAP": r(c19["MAP"]), "P@5": r(c19["P@5"]), "P@10": r(c19["P@10"]), "P@20": r(c19["P@20"]),
                                "MRR": r(c19["MRR"]), "MR-P": r(c19["MR-P"])},
        "clef2020_task5_test": {"MAP": r(c20["MAP"]), "P@5": r(c20["P@5"]), "P@10": r(c20["P@10"]), "P@20": r(c20["P@20"])},
        "claimbuster_heldout": {"F1": r(cb["f1"]), "precision": r(cb["precision"]), "recall": r(cb["recall"]),
                                "ECE": r(cb["reliability"]["ece"]), "n": cb["n"]},
        "news_gold": {"AP": r(news["AP"]), "F1": r(news["f1"]), "precision": r(news["precision"]), "recall": r(news["recall"]),
                      "n": news["n"]},
    }
