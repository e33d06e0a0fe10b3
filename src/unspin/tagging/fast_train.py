"""Training the ``fast`` technique tagger from the PTC train split (``unspin train techniques``).

1. A span lexicon (word/bigram log-odds of being inside a span) is fitted on the training split.
   Training articles get their lexicon features *cross-fitted* (from the other folds), so the CRF
   learns how much to trust the lexicon on words it has not memorised.
2. A CRF (CRFsuite, L-BFGS, elastic net) learns B/I/O tags over each sentence's tokens.
3. A multinomial logistic regression learns the technique of each gold training span.
4. The decoding threshold and the classifier's regularisation are chosen on the committed
   validation split (74 articles), and only there; nothing is fitted on validation articles.

Everything is deterministic (sorted inputs, deterministic solvers), so the same data gives the
same model files.
"""

from __future__ import annotations

import sys

import json
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ..models import TRAINED_DIR, write_card
from ..semeval.data import PTC, Label
from ..semeval.scoring import score_si, score_tc
from ..semeval.split import ids_hash
from .fast import FILES, NAME, FastTagger, LinearClassifier, Settings
from .features import SentenceModel, SpanLexicon, sentence_features, sentence_position
from .ptc import Article, gold_si, load_split, parse, spans_to_tags
from .span_features import article_stats, span_features

VERSION = "1.0"


@dataclass
class TrainConfig:
    """Hyper-parameters of the fast tier (the defaults are the shipped model's)."""

    c1: float = 2.0  # CRF L1 (sweep: docs/techniques.md)
    c2: float = 0.1  # CRF L2
    max_iterations: int = 150
    folds: int = 5  # cross-fitting folds for the span lexicon
    lexicon_min_count: int = 3
    thresholds: tuple[float, ...] = (0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4)
    classifier_c: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0)
    min_feature_count: int = 2  # classifier features seen fewer times are dropped
    feature_minfreq: int = 0  # CRF attributes seen fewer times are dropped
    extra: dict = field(default_factory=dict)


def _word_pairs(articles: list[Article], docs) -> list[tuple[str, bool]]:
    pairs = []
    for art in articles:
        toks = docs[art.id].tokens
        tags = spans_to_tags([(t.start, t.end) for t in toks], art.si, scheme="IO")
        pairs.extend((art.text[t.start:t.end].lower(), tag != "O") for t, tag in zip(toks, tags))
    return pairs


def _bigram_pairs(pairs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(f"{a} {b}", ia and ib) for (a, ia), (b, ib) in zip(pairs, pairs[1:])]


def _sentences(doc) -> list[list]:
    sents = [[t for t in sent if not t.is_space] for sent in doc.sents()]
    return [s for s in sents if s]


def _sentence_examples(articles: list[Article], docs) -> tuple[list[list[str]], list[bool]]:
    words, labels = [], []
    for art in articles:
        for toks in _sentences(docs[art.id]):
            s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            words.append([t.text.lower() for t in toks])
            labels.append(any(gs < e and s < ge for gs, ge in art.si))
    return words, labels


def fit_lexicons(articles: list[Article], docs, min_count: int) -> tuple[SpanLexicon, SpanLexicon, SentenceModel]:
    """The span lexicons (words, bigrams) and the sentence model, fitted on `articles`."""
    pairs = _word_pairs(articles, docs)
    sentence_model = SentenceModel.fit(*_sentence_examples(articles, docs))
    return (SpanLexicon.fit(pairs, min_count=min_count), SpanLexicon.fit(_bigram_pairs(pairs), min_count=min_count),
            sentence_model)


def sentence_data(doc, art: Article, lexicon: SpanLexicon, bigrams: SpanLexicon, sentence_model: SentenceModel):
    """(xseq, yseq) per sentence of one article, with gold B/I/O tags."""
    index = {t.i: k for k, t in enumerate(t for t in doc.spacy if not t.is_space)}
    tags = spans_to_tags([(t.start, t.end) for t in doc.tokens], art.si, scheme="BIO")
    stats = article_stats(doc)
    sents = _sentences(doc)
    probs = [sentence_model.prob(t.text.lower() for t in toks) for toks in sents]
    art_p = sum(probs) / len(probs) if probs else 0.0
    for k, toks in enumerate(sents):
        xseq = sentence_features(toks, lexicon, bigrams, stats=stats, position=sentence_position(k, len(sents)),
                                 sent_prob=probs[k], article_prob=art_p)
        yield xseq, [tags[index[t.i]] for t in toks]


@dataclass
class Prepared:
    """The data every step needs: articles, parsed Documents and the span lexicons."""

    train: dict[str, Article]
    validation: dict[str, Article]
    docs: dict
    fold_lexicons: dict[str, tuple[SpanLexicon, SpanLexicon, SentenceModel]]
    lexicon: SpanLexicon
    bigrams: SpanLexicon
    sentence_model: SentenceModel


def prepare(root: Path, cfg: TrainConfig, log) -> Prepared:
    t0 = time.time()
    train_arts, val_arts = load_split(root)
    log(f"{len(train_arts)} train / {len(val_arts)} validation articles; parsing (cached under runs/cache)")
    docs = parse({**train_arts, **val_arts})
    log(f"parsed in {time.time() - t0:.0f}s")
    train_ids = sorted(train_arts)
    # cross-fitted lexicons for training articles, all of train for validation and run time
    fold_lex = {}
    for k in range(cfg.folds):
        rest = [train_arts[a] for i, a in enumerate(train_ids) if i % cfg.folds != k]
        lex = fit_lexicons(rest, docs, cfg.lexicon_min_count)
        for i, a in enumerate(train_ids):
            if i % cfg.folds == k:
                fold_lex[a] = lex
    lexicon, bigrams, sentence_model = fit_lexicons([train_arts[a] for a in train_ids], docs, cfg.lexicon_min_count)
    log(f"span lexicon: {len(lexicon.scores)} words, {len(bigrams.scores)} bigrams; "
        f"sentence model: {len(sentence_model.weights)} words")
    return Prepared(train_arts, val_arts, docs, fold_lex, lexicon, bigrams, sentence_model)


def crf_trainer(data: Prepared, log):
    """A CRFsuite trainer holding every training sentence (features extracted once)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = 0
    for a in sorted(data.train):
        for xseq, yseq in sentence_data(data.docs[a], data.train[a], *data.fold_lexicons[a]):
            trainer.append(xseq, yseq)
            n_seq += 1
    log(f"CRF data: {n_seq} training sentences")
    return trainer


def fit_crf(trainer, path: Path, cfg: TrainConfig, log) -> None:
    t0 = time.time()
    trainer.set_params({"c1": cfg.c1, "c2": cfg.c2, "max_iterations": cfg.max_iterations,
                        "feature.possible_transitions": True, "feature.minfreq": cfg.feature_minfreq})
    trainer.train(str(path))
    last = trainer.logparser.last_iteration
    log(f"CRF (c1={cfg.c1}, c2={cfg.c2}, minfreq={cfg.feature_minfreq}, {cfg.max_iterations} iterations) trained in "
        f"{time.time() - t0:.0f}s: loss {last.get('loss', 0):.0f}, {last.get('active_features')} active features, "
        f"{path.stat().st_size / 1e6:.1f} MB")


def tune_threshold(tagger: FastTagger, data: Prepared, thresholds, log) -> tuple[float, dict]:
    """The decoding threshold with the best SI F1 on the validation split, and every score."""
    val = data.validation
    marginals = {a: tagger.span_marginals(data.docs[a]) for a in sorted(val)}
    sweep = {}
    for theta in thresholds:
        pred = [Label(a, s, e) for a in sorted(val) for s, e, _, _ in tagger.decode(marginals[a], theta, cues=False)]
        sweep[theta] = score_si(pred, gold_si(val))
        log(f"  threshold {theta:.2f}: SI P={sweep[theta].precision:.3f} R={sweep[theta].recall:.3f} F1={sweep[theta].f1:.3f}")
    best = max(thresholds, key=lambda t: (round(sweep[t].f1, 6), -t))
    return best, sweep


def train(out_dir: Path | None = None, *, root: Path = PTC, config: TrainConfig | None = None,
          log: Callable[[str], None] = print) -> dict:
    """Train the fast tier on PTC train (minus validation), tune on validation, write the model
    folder (default: ``models.TRAINED_DIR``: the shipped ``unspin/models/techniques-fast`` in a
    checkout) with its card. Returns the card's metrics."""
    cfg = config or TrainConfig()
    out_dir = Path(out_dir) if out_dir else TRAINED_DIR / NAME
    t0 = time.time()
    data = prepare(root, cfg, log)
    train_arts, val_arts, docs = data.train, data.validation, data.docs
    work = Path(tempfile.mkdtemp(prefix="unspin-fast-"))
    try:
        fit_crf(crf_trainer(data, log), work / "crf.crfsuite", cfg, log)
        classifier, tc_c, tc_sweep = _train_classifier(train_arts, val_arts, docs, data.fold_lexicons, data.lexicon, cfg, log)
        classifier.save(work)
        _write_lexicon(work, data, Settings())
        best, sweep = tune_threshold(FastTagger(work), data, cfg.thresholds, log)
        _write_lexicon(work, data, Settings(threshold=best))
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copyfile(work / name, out_dir / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # final scores of the shipped files, through the same path users take
    from .ptc import evaluate

    final = evaluate(FastTagger(out_dir), val_arts, docs)
    si, tc = final["si"], final["tc"]
    metrics = {
        "validation": {
            "si_precision": round(si.precision, 4), "si_recall": round(si.recall, 4), "si_f1": round(si.f1, 4),
            "tc_micro_f1": round(tc.f1, 4),
            "tc_per_technique_f1": {k: round(v.f1, 4) for k, v in tc.per_class.items()},
        },
        "tuning": {"threshold": best, "classifier_c": tc_c,
                   "si_f1_by_threshold": {f"{t:.2f}": round(sweep[t].f1, 4) for t in cfg.thresholds},
                   "tc_f1_by_c": {str(c): round(v, 4) for c, v in tc_sweep.items()}},
    }
    log(f"validation: SI P={si.precision:.3f} R={si.recall:.3f} F1={si.f1:.3f}; TC micro-F1={tc.f1:.3f}")
    write_card(
        NAME, root=out_dir.parent, files=list(FILES), version=VERSION,
        description=("The `fast` propaganda technique tagger: a CRF (CRFsuite) over spaCy tokens for span "
                     "identification, with lexical, syntactic, VADER sentiment, word-frequency and span-lexicon "
                     "features, and a multinomial logistic regression naming the technique of each span. "
                     "No neural network at run time."),
        data=("SemEval-2020 Task 11 Propaganda Techniques Corpus, train articles "
              f"(../shared/data/ptc-semeval2020): {len(train_arts)} articles for fitting, "
              f"{sum(len(a.si) for a in train_arts.values())} SI spans, {sum(len(a.tc) for a in train_arts.values())} TC labels."),
        split=(f"Validation: the {len(val_arts)} article ids in unspin/data/ptc-validation-ids.txt (sha256 {ids_hash()}); "
               "used only to choose the decoding threshold and the classifier's C, never for fitting."),
        metrics=metrics,
        command="unspin train techniques --tier fast && unspin evaluate techniques --split validation --tier fast",
        extra={"config": {k: v for k, v in asdict(cfg).items()}, "validation_ids_sha256": ids_hash()},
    )
    log(f"wrote {out_dir} in {time.time() - t0:.0f}s")
    return metrics


def _write_lexicon(folder: Path, data: Prepared, settings: Settings) -> None:
    out = {"unigram": dict(sorted(data.lexicon.scores.items())), "bigram": dict(sorted(data.bigrams.scores.items())),
           "sentence": {"weights": dict(sorted(data.sentence_model.weights.items())), "bias": data.sentence_model.bias},
           "settings": asdict(settings)}
    (folder / "lexicon.json").write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def _tc_instances(arts: dict[str, Article], docs, lex_for) -> tuple[list[dict], list[str], list[tuple[str, int, int]]]:
    X, y, keys = [], [], []
    for a in sorted(arts):
        doc = docs[a]
        stats = article_stats(doc)
        for l in arts[a].tc:
            X.append(span_features(doc, l.start, l.end, lexicon=lex_for(a), stats=stats))
            y.append(l.technique)
            keys.append((a, l.start, l.end))
    return X, y, keys


def _train_classifier(train_arts, val_arts, docs, fold_lex, lexicon, cfg: TrainConfig, log):
    import numpy as np
    from collections import Counter
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    Xtr, ytr, _ = _tc_instances(train_arts, docs, lambda a: fold_lex[a][0])
    Xva, yva, kva = _tc_instances(val_arts, docs, lambda a: lexicon)
    counts = Counter(k for f in Xtr for k in f)
    keep = sorted(k for k, n in counts.items() if n >= cfg.min_feature_count)
    vec = DictVectorizer(sort=True)
    vec.fit([{k: 1.0 for k in keep}])
    A, B = vec.transform(Xtr), vec.transform(Xva)
    log(f"technique classifier: {len(ytr)} training spans, {len(keep)} features")
    gold = [Label(a, s, e, t) for (a, s, e), t in zip(kva, yva)]
    results, models = {}, {}
    for c in cfg.classifier_c:
        model = LogisticRegression(C=c, max_iter=3000, random_state=0)
        model.fit(A, ytr)
        clf = LinearClassifier(list(model.classes_), list(vec.feature_names_), model.coef_.astype(np.float32),
                               model.intercept_.astype(np.float32))
        proba = model.predict_proba(B)
        pred = _assign_duplicates(kva, proba, clf.classes)
        results[c] = score_tc(pred, gold).f1
        models[c] = clf
        log(f"  C={c}: TC micro-F1 {results[c]:.3f}")
    best = max(cfg.classifier_c, key=lambda c: (round(results[c], 6), -c))
    return models[best], best, results


def _assign_duplicates(keys, proba, classes) -> list[Label]:
    """Top-1 technique per span; the k-th listing of the same span gets the k-th most likely."""
    seen: dict = {}
    out = []
    for (a, s, e), p in zip(keys, proba):
        rank = seen.get((a, s, e), 0)
        seen[(a, s, e)] = rank + 1
        order = sorted(range(len(p)), key=lambda c: -p[c])
        out.append(Label(a, s, e, classes[order[min(rank, len(order) - 1)]]))
    return out


def sweep(grid: list[dict], *, root: Path = PTC, log: Callable[[str], None] = print) -> list[dict]:
    """Validation SI F1 of CRF settings (each a dict of TrainConfig fields), features extracted once.

    How the shipped defaults were chosen: ``python -m unspin.tagging.fast_train --sweep``.
    """
    from dataclasses import replace

    base = TrainConfig()
    data = prepare(root, base, log)
    trainer = crf_trainer(data, log)
    work = Path(tempfile.mkdtemp(prefix="unspin-fast-sweep-"))
    results = []
    try:
        classifier, _, _ = _train_classifier(data.train, data.validation, data.docs, data.fold_lexicons, data.lexicon,
                                             replace(base, classifier_c=(1.0,)), log)
        classifier.save(work)
        _write_lexicon(work, data, Settings())
        for params in grid:
            cfg = replace(base, **params)
            fit_crf(trainer, work / "crf.crfsuite", cfg, log)
            best, scores = tune_threshold(FastTagger(work), data, cfg.thresholds, log)
            row = {**params, "threshold": best, "si_f1": round(scores[best].f1, 4),
                   "si_precision": round(scores[best].precision, 4), "si_recall": round(scores[best].recall, 4),
                   "mb": round((work / "crf.crfsuite").stat().st_size / 1e6, 1)}
            log(f"SWEEP {json.dumps(row)}")
            results.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


SWEEP_GRID = [  # second round; the first (runs/fast-sweep-v2.log) showed more regularisation helps
    {"c1": 1.0, "c2": 0.01, "max_iterations": 150},
    {"c1": 0.5, "c2": 0.01, "max_iterations": 150},
    {"c1": 2.0, "c2": 0.01, "max_iterations": 150},
    {"c1": 1.0, "c2": 0.1, "max_iterations": 150},
    {"c1": 2.0, "c2": 0.1, "max_iterations": 150},
    {"c1": 4.0, "c2": 0.1, "max_iterations": 150},
    {"c1": 2.0, "c2": 0.5, "max_iterations": 150},
]


def main(argv: list[str] | None = None) -> int:
    """``python -m unspin.tagging.fast_train --sweep [START]``: the CRF regularisation sweep. Training
    itself is ``unspin train techniques --tier fast``."""
    import argparse

    from ..errors import run_module

    ap = argparse.ArgumentParser(prog="python -m unspin.tagging.fast_train",
                                 description="The CRF regularisation sweep of the fast technique tagger (validation SI "
                                             "F1). Training itself: unspin train techniques --tier fast.")
    ap.add_argument("--sweep", nargs="?", type=int, const=0, metavar="START", required=True,
                    help="validation SI F1 of each CRF setting of the grid, from setting START (default 0)")
    args = ap.parse_args(argv)
    return run_module(lambda: sweep(SWEEP_GRID[args.sweep:]))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
