"""Predictions over a folder of SemEval articles, with the shipped technique taggers."""

from __future__ import annotations

from typing import Callable, Iterable

from ..document import Document
from ..errors import DataError
from .data import Label, group


def _docs(articles: dict[str, str], progress: Callable[[Iterable], Iterable] | None):
    items = list(articles.items())
    for art_id, text in (progress(items) if progress else items):
        if not text.strip():
            yield art_id, None
            continue
        yield art_id, Document.from_text(text)


def predict_si(articles: dict[str, str], *, tier: str = "full", progress=None) -> list[Label]:
    from ..tagging import load_tagger

    tagger = load_tagger(tier)
    labels: list[Label] = []
    for art_id, doc in _docs(articles, progress):
        if doc is None:
            continue
        spans = sorted({(t.start, t.end) for t in tagger.predict(doc)})
        labels.extend(Label(art_id, s, e) for s, e in spans)
    return labels


def predict_tc(articles: dict[str, str], template: list[Label], *, tier: str = "full", progress=None) -> list[Label]:
    from ..tagging import load_tagger

    tagger = load_tagger(tier)
    wanted = group(template)
    missing = sorted(set(wanted) - set(articles))
    if missing:
        raise DataError(f"the template names {len(missing)} article(s) not in the folder, e.g. article{missing[0]}.txt")
    out: list[Label] = []
    for art_id, doc in _docs({k: articles[k] for k in wanted}, progress):
        spans = [(l.start, l.end) for l in wanted[art_id]]
        if doc is None:
            raise DataError(f"article{art_id}.txt is empty but the template has spans in it")
        for l, (tech, _p) in zip(wanted[art_id], tagger.classify(doc, spans)):
            out.append(Label(art_id, l.start, l.end, tech))
    return out
