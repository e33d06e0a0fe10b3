"""Leave-one-dataset-out evaluation of the verdict against a TF-IDF baseline, and training of the
shipped model.

For each dataset D: the verdict model and the TF-IDF + logistic regression baseline are trained on
every other dataset (after cross-dataset deduplication) and scored on D: ROC AUC, accuracy at 0.5,
expected calibration error (10 bins) and the reliability diagram. The satire detector is measured
separately (there is only one satire dataset): cross-validated within Golbeck et al., plus how
often it fires on the news articles of each other dataset.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import metrics
from .data import DATASETS, Article, load_all


@dataclass(frozen=True)
class EvalOptions:
    """What `unspin evaluate verdict` / `unspin train verdict` run on."""

    profile: str = "fast"
    datasets: tuple[str, ...] = DATASETS
    #: at most this many articles per dataset (stratified, seeded); None: all
    max_per_dataset: int | None = None
    C: float = 0.1
    #: the evidence features' own regularisation (0: the text logit alone); None: chosen by
    #: leave-one-dataset-out within the training datasets (model.select_evidence_C), for each held-out set
    evidence_C: float | None = None
    #: use the verdict's own text model (one more feature); False: evidence features only
    text: bool = True
    seed: int = 13
    analyzers: tuple[str, ...] | None = None  # default: every evidence analyser of the profile
    cache: Path | None = None  # default: runs/verdict/features
    root: Path | None = None  # default: ../shared/data


@dataclass
class Corpus:
    articles: list[Article]
    evidence: dict[str, dict]
    dedup: dict
    groups: tuple[str, ...]
    analyzers: list[str] = field(default_factory=list)
    #: the verdict's text models fitted on this corpus, one per set of datasets (model.fit_text)
    text_models: dict = field(default_factory=dict)

    def rows(self, arts: list[Article]) -> list[dict]:
        return [self.evidence[a.key]["values"] for a in arts]


def subsample(articles: list[Article], k: int, seed: int) -> list[Article]:
    """At most `k` articles per dataset, keeping each dataset's mix of outcomes (label, satire)."""
    rng = random.Random(seed)
    out = []
    for name in dict.fromkeys([*DATASETS, *(a.dataset for a in articles)]):
        arts = [a for a in articles if a.dataset == name]
        if len(arts) <= k:
            out += arts
            continue
        strata: dict = {}
        for a in arts:
            strata.setdefault((a.label, a.satire), []).append(a)
        for members in strata.values():
            take = max(1, round(k * len(members) / len(arts)))
            out += rng.sample(members, min(take, len(members)))
    return out


def build_corpus(opts: EvalOptions, log: Callable[[str], None] | None = None) -> Corpus:
    """Read, clean, deduplicate, (sub)sample and featurise every dataset of `opts`."""
    from .corpus import CACHE, evidence_analyzers, featurize

    articles, dedup = load_all(opts.root, opts.datasets)
    if log:
        log(f"{len(articles)} articles after deduplication: {dedup.as_dict()}")
    if opts.max_per_dataset:
        articles = subsample(articles, opts.max_per_dataset, opts.seed)
    names = list(opts.analyzers) if opts.analyzers is not None else evidence_analyzers(opts.profile)
    evidence = featurize(articles, profile=opts.profile, analyzers=names, cache=opts.cache or CACHE, log=log)
    common = None
    for ev in evidence.values():
        common = set(ev["groups"]) if common is None else common & set(ev["groups"])
    groups = tuple(g for g in ("style", "techniques", "claims", "passages") if g in (common or {"style"}))
    return Corpus(articles, evidence, dedup.as_dict(), groups, names)


def _scores(y, p) -> dict:
    auc = metrics.roc_auc(y, p)
    return {"auc": None if auc is None else round(auc, 4), "accuracy": round(metrics.accuracy(y, p), 4),
            "ece": round(metrics.ece(y, p), 4), "mean_p": round(float(np.mean(p)), 4)}


def held_out_split(labelled: list[Article], held: str):
    """``(train, test, y_train, datasets_train, y_test)`` for leave-one-dataset-out with `held` out."""
    train = [a for a in labelled if a.dataset != held]
    test = [a for a in labelled if a.dataset == held]
    return (train, test, np.array([a.label for a in train]), np.array([a.dataset for a in train]),
            np.array([a.label for a in test]))


def lodo(corpus: Corpus, opts: EvalOptions, log: Callable[[str], None] | None = None) -> dict:
    """Leave-one-dataset-out: per held-out dataset, our model vs the TF-IDF baseline."""
    from .baseline import fit_tfidf, predict_tfidf
    from .model import fit_verdict, sample_weights

    labelled = [a for a in corpus.articles if a.label is not None]
    rows_out, curves = [], {}
    key = "+".join(corpus.groups)
    for held in opts.datasets:
        train, test, y_tr, d_tr, y_te = held_out_split(labelled, held)
        if not test or not train:
            continue
        row = {"held_out": held, "n": len(test), "unreliable": int(y_te.sum())}
        curves[held] = {}
        variants = [("evidence", False)] + ([("ours", True)] if opts.text else [])
        if opts.text:
            row["evidence_C"], row["evidence_C_selection"] = choose_evidence_C(corpus, train, y_tr, d_tr, opts, log)
        for name, use_text in variants:
            model = fit_verdict(corpus.rows(train), y_tr, d_tr, corpus.groups, C=opts.C,
                                texts=[a.text for a in train] if use_text else None,
                                evidence_C=row.get("evidence_C"), cache=corpus.text_models)
            p = model_predict(model, key, corpus.rows(test), [a.text for a in test])
            row[name] = _scores(y_te, p)
            curves[held][name] = (y_te, p)
        if not opts.text:
            row["ours"], curves[held]["ours"] = row["evidence"], curves[held]["evidence"]
        base = fit_tfidf([a.text for a in train], y_tr, sample_weights(y_tr, d_tr))
        p_base = predict_tfidf(base, [a.text for a in test])
        row["tfidf"] = _scores(y_te, p_base)
        curves[held]["tfidf"] = (y_te, p_base)
        row["reliability_ours"] = metrics.reliability_table(*curves[held]["ours"])
        row["reliability_tfidf"] = metrics.reliability_table(y_te, p_base)
        rows_out.append(row)
        if log:
            log(f"held out {held}: ours {row['ours']} | evidence only {row['evidence']} | tfidf {row['tfidf']}")
    summary = {}
    for name in ("ours", "evidence", "tfidf"):
        aucs = [r[name]["auc"] for r in rows_out if r[name]["auc"] is not None]
        two_class = [r for r in rows_out if r[name]["auc"] is not None]
        summary[name] = {
            "mean_auc": round(float(np.mean(aucs)), 4) if aucs else None,
            "min_auc": round(float(np.min(aucs)), 4) if aucs else None,
            "mean_accuracy": round(float(np.mean([r[name]["accuracy"] for r in rows_out])), 4),
            # calibration is summarised over held-out sets with both classes: on a set of fake stories only,
            # ECE measures nothing but how far the predicted rate is from 100%
            "mean_ece": round(float(np.mean([r[name]["ece"] for r in two_class])), 4) if two_class else None,
            "max_ece": round(float(np.max([r[name]["ece"] for r in two_class])), 4) if two_class else None,
        }
    return {"groups": list(corpus.groups), "rows": rows_out, "summary": summary, "curves": curves}


def choose_evidence_C(corpus: Corpus, train: list[Article], y: np.ndarray, datasets: np.ndarray, opts: EvalOptions,
                      log: Callable[[str], None] | None = None) -> tuple[float, dict]:
    """`opts.evidence_C`, or (None) the choice of :func:`model.select_evidence_C` on `train` alone,
    with its table ``{candidate: [mean AUC, mean ECE]}``."""
    from .model import features_of, select_evidence_C

    if opts.evidence_C is not None:
        return opts.evidence_C, {}
    choice, means = select_evidence_C(corpus.rows(train), y, datasets, [a.text for a in train],
                                      features_of(corpus.groups), C=opts.C, log=log, cache=corpus.text_models)
    if log:
        log(f"evidence C chosen: {choice:g}")
    return choice, {f"{c:g}": [round(a, 4), round(e, 4)] for c, (a, e) in means.items()}


def model_predict(model, key: str, rows: list[dict], texts: list[str]) -> np.ndarray:
    """Calibrated probabilities of `model`'s linear model `key` for many articles at once."""
    from . import textmodel
    from .model import TEXT_FEATURE, matrix

    m = model.models[key]
    if model.text is not None and TEXT_FEATURE in m.features:
        rows = [dict(r, **{TEXT_FEATURE: float(v)}) for r, v in zip(rows, textmodel.logits(model.text, texts))]
    return m.predict(matrix(rows, m.features))


def evaluate(opts: EvalOptions = EvalOptions(), log: Callable[[str], None] | None = None, *, corpus: Corpus | None = None) -> dict:
    """Everything `unspin evaluate verdict` prints: dedup counts, the LODO table, satire numbers."""
    from . import textmodel
    from .satire import evaluate_satire

    corpus = corpus or build_corpus(opts, log)
    with textmodel.keep_terms():
        result = lodo(corpus, opts, log)
        result["satire"] = evaluate_satire(corpus, opts, log)
    result["dedup"] = corpus.dedup
    result["counts"] = {d: {"articles": sum(a.dataset == d for a in corpus.articles),
                            "unreliable": sum(a.dataset == d and a.label == 1 for a in corpus.articles),
                            "reliable": sum(a.dataset == d and a.label == 0 for a in corpus.articles),
                            "satire": sum(a.dataset == d and a.satire for a in corpus.articles)} for d in opts.datasets}
    result["analyzers"] = corpus.analyzers
    result["options"] = {"profile": opts.profile, "max_per_dataset": opts.max_per_dataset, "C": opts.C,
                         "evidence_C": opts.evidence_C, "seed": opts.seed}
    return result


def markdown(result: dict) -> str:
    """The LODO table (ours vs TF-IDF) and the satire numbers as Markdown."""
    lines = ["| held-out dataset | n (unreliable) | AUC ours | AUC evidence only | AUC TF-IDF | acc ours | acc TF-IDF "
             "| ECE ours | ECE evidence only | ECE TF-IDF | evidence C |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]

    def f(v):
        return "n/a" if v is None else f"{v:.3f}"

    for r in result["rows"]:
        o, e, b = r["ours"], r["evidence"], r["tfidf"]
        lines.append(f"| {r['held_out']} | {r['n']} ({r['unreliable']}) | {f(o['auc'])} | {f(e['auc'])} | {f(b['auc'])} | "
                     f"{f(o['accuracy'])} | {f(b['accuracy'])} | {f(o['ece'])} | {f(e['ece'])} | {f(b['ece'])} | "
                     f"{'n/a' if r.get('evidence_C') is None else format(r['evidence_C'], 'g')} |")
    s = result["summary"]
    lines.append(f"| **mean** (AUC, ECE: two-class sets) | | **{f(s['ours']['mean_auc'])}** | {f(s['evidence']['mean_auc'])} | "
                 f"{f(s['tfidf']['mean_auc'])} | {f(s['ours']['mean_accuracy'])} | {f(s['tfidf']['mean_accuracy'])} | "
                 f"**{f(s['ours']['mean_ece'])}** | {f(s['evidence']['mean_ece'])} | {f(s['tfidf']['mean_ece'])} | |")
    sat = result.get("satire")
    if sat:
        lines += ["", "Satire detector (Golbeck et al. satire vs fake, 5-fold CV; false alarms on other datasets' news, "
                  "detector trained without that dataset):", "",
                  f"- AUC {f(sat['cv_auc'])}; at threshold {sat['threshold']:.2f}: precision {f(sat['cv_precision'])}, "
                  f"recall {f(sat['cv_recall'])}"]
        for d, rate in sat.get("false_alarm_rate", {}).items():
            lines.append(f"- {d}: {100 * rate:.1f}% of news articles flagged as satire")
    return "\n".join(lines)


def train(corpus: Corpus, opts: EvalOptions, *, satire_eval: dict | None = None):
    """The shipped VerdictModel, trained on every dataset of `corpus`."""
    from . import textmodel
    from .model import fit_verdict
    from .satire import fit_satire

    labelled = [a for a in corpus.articles if a.label is not None]
    y = np.array([a.label for a in labelled])
    d = np.array([a.dataset for a in labelled])
    with textmodel.keep_terms():
        evidence_C, selection = choose_evidence_C(corpus, labelled, y, d, opts) if opts.text else (None, {})
        model = fit_verdict(corpus.rows(labelled), y, d, corpus.groups, C=opts.C,
                            texts=[a.text for a in labelled] if opts.text else None, evidence_C=evidence_C,
                            cache=corpus.text_models)
        model.satire = fit_satire(corpus, corpus.articles, opts, evaluation=satire_eval)
    model.meta = {"full_groups": list(corpus.groups), "profile": opts.profile, "analyzers": corpus.analyzers,
                  "trained_on": {k: int((d == k).sum()) for k in opts.datasets}, "C": opts.C,
                  "evidence_C": evidence_C, "evidence_C_selection": selection}
    return model


def write_outputs(result: dict, out: Path) -> None:
    """results.json, table.md and one reliability-diagram SVG per held-out dataset under `out`."""
    from .metrics import reliability_svg

    out.mkdir(parents=True, exist_ok=True)
    curves = result.pop("curves", {})
    (out / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = [markdown(result), ""]
    for r in result["rows"]:
        md += [f"### Reliability, held out: {r['held_out']}", "", "ours:", "", r["reliability_ours"], "",
               "TF-IDF:", "", r["reliability_tfidf"], ""]
    (out / "table.md").write_text("\n".join(md), encoding="utf-8")
    for name, c in curves.items():
        (out / f"reliability-{name}.svg").write_text(reliability_svg({"ours": c["ours"], "TF-IDF": c["tfidf"]}), encoding="utf-8")
