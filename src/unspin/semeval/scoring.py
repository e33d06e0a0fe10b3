"""The official SemEval-2020 Task 11 measures.

SI (span identification), as in the task's scorer: gold spans of an article are merged where they
overlap; each predicted span s is credited |s ∩ t| / |s| against every gold span t (precision) and
each gold span t credited |s ∩ t| / |t| (recall); P = sum of precision credits / #predicted,
R = sum of recall credits / #gold, over all articles; F1 their harmonic mean. Spans are half-open
character intervals.

TC (technique classification) is micro-averaged F1 over the given spans: with one prediction per
gold span it equals accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data import Label, group


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    n_pred: int = 0
    n_gold: int = 0
    per_class: dict[str, "Score"] = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4), "n_pred": self.n_pred, "n_gold": self.n_gold}
        if self.per_class:
            d["per_class"] = {k: v.as_dict() for k, v in self.per_class.items()}
        return d


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping (not merely touching) half-open spans."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two half-open spans share (0 when they do not meet)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_si(predicted: list[Label], gold: list[Label]) -> Score:
    pred_by, gold_by = group(predicted), group(gold)
    p_credit = r_credit = 0.0
    n_pred = n_gold = 0
    for art in set(pred_by) | set(gold_by):
        g = merge_spans([(l.start, l.end) for l in gold_by.get(art, []) if l.end > l.start])
        p = [(l.start, l.end) for l in pred_by.get(art, []) if l.end > l.start]
        n_pred += len(p)
        n_gold += len(g)
        for s in p:
            p_credit += sum(overlap(s, t) for t in g) / (s[1] - s[0])
        for t in g:
            r_credit += sum(overlap(s, t) for s in p) / (t[1] - t[0])
    precision = p_credit / n_pred if n_pred else 0.0
    recall = r_credit / n_gold if n_gold else 0.0
    return Score(precision, recall, _f1(precision, recall), n_pred, n_gold)


def score_tc(predicted: list[Label], gold: list[Label]) -> Score:
    """Micro-F1 of technique labels over spans, matched by (article, start, end)."""
    gold_map: dict[tuple, list[str]] = {}
    for l in gold:
        gold_map.setdefault((l.article_id, l.start, l.end), []).append(l.technique)
    pred_map: dict[tuple, list[str]] = {}
    for l in predicted:
        pred_map.setdefault((l.article_id, l.start, l.end), []).append(l.technique)
    tp = 0
    classes: dict[str, list[int]] = {}  # name -> [tp, n_pred, n_gold]
    for key, techs in gold_map.items():
        remaining = list(techs)
        for t in techs:
            classes.setdefault(t, [0, 0, 0])[2] += 1
        for p in pred_map.get(key, []):
            classes.setdefault(p, [0, 0, 0])[1] += 1
            if p in remaining:
                remaining.remove(p)
                tp += 1
                classes[p][0] += 1
    for key, techs in pred_map.items():
        if key not in gold_map:
            for p in techs:
                classes.setdefault(p, [0, 0, 0])[1] += 1
    n_pred = sum(len(v) for v in pred_map.values())
    n_gold = sum(len(v) for v in gold_map.values())
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    per = {}
    for name, (ctp, cp, cg) in sorted(classes.items()):
        pp = ctp / cp if cp else 0.0
        rr = ctp / cg if cg else 0.0
        per[name] = Score(pp, rr, _f1(pp, rr), cp, cg)
    return Score(precision, recall, _f1(precision, recall), n_pred, n_gold, per)
