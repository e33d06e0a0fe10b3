"""Predictions over a folder of SemEval articles, with the shipped technique taggers.

The default tier is ``full``. When the caller did not choose a tier (``tier=None``) and the full
model is not installed, :func:`resolve_tagger` falls back to ``fast`` and says so in the returned
notice (the CLI prints it on stderr): a submission file never silently comes from the other tier.
An explicitly requested tier that is missing is an error.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..document import Document
from ..errors import DataError, ModelError
from .data import Label, group

DEFAULT_TIER = "full"


def resolve_tagger(tier: str | None) -> tuple[object, str, str | None]:
    """``(tagger, tier used, notice)`` for `tier` (``None``: full, else fast with a notice)."""
    from ..tagging import load_tagger

    if tier is not None:
        return load_tagger(tier), tier, None
    try:
        return load_tagger(DEFAULT_TIER), DEFAULT_TIER, None
    except (ModelError, ImportError) as err:
        notice = (f"the {DEFAULT_TIER} technique tagger is not available ({err}); "
                  "using the fast tier instead (pass --tier fast to silence this, or --tier full to require full)")
        return load_tagger("fast"), "fast", notice


def _docs(articles: dict[str, str], progress: Callable[[Iterable], Iterable] | None):
    items = list(articles.items())
    for art_id, text in (progress(items) if progress else items):
        if not text.strip():
            yield art_id, None
            continue
        yield art_id, Document.from_text(text)


def predict_si(articles: dict[str, str], *, tier: str | None = DEFAULT_TIER, tagger=None, progress=None) -> list[Label]:
    """SI labels (one per predicted span) for every article; empty articles get none."""
    tagger = tagger or resolve_tagger(tier)[0]
    labels: list[Label] = []
    for art_id, doc in _docs(articles, progress):
        if doc is None:
            continue
        spans = sorted({(t.start, t.end) for t in tagger.predict(doc)})
        labels.extend(Label(art_id, s, e) for s, e in spans)
    return labels


def check_template(articles: dict[str, str], template: list[Label], name: str = "the template") -> None:
    """DataError unless every line of a TC template names an article of the folder and a span inside it."""
    wanted = group(template)
    missing = sorted(set(wanted) - set(articles))
    if missing:
        first = missing[0]
        if first.startswith("article") and first[len("article"):] in articles:  # "article111.txt"'s id is "111"
            raise DataError(f"{name} names its articles as {first!r}: the SemEval formats give the number alone "
                            f"({first[len('article'):]}), as the article files' names hold it (article<number>.txt)")
        raise DataError(f"{name} names {len(missing)} article(s) not in the folder, e.g. article{first}.txt")
    for art_id, labels in wanted.items():
        n = len(articles[art_id])
        for l in labels:
            if l.start >= l.end:
                raise DataError(f"{name} has an {'empty' if l.start == l.end else 'inverted'} span [{l.start}, {l.end}) "
                                f"in article{art_id}.txt: a span's start must come before its end")
            if l.start < 0 or l.end > n:
                raise DataError(f"{name} span [{l.start}, {l.end}) lies outside article{art_id}.txt ({n:,} characters)")


def predict_tc(articles: dict[str, str], template: list[Label], *, tier: str | None = DEFAULT_TIER, tagger=None,
               progress=None) -> list[Label]:
    """The `template` (article, start, end per line; technique ignored) with techniques filled in,
    line for line in the template's order (each article is parsed once, wherever its lines are)."""
    check_template(articles, template)
    tagger = tagger or resolve_tagger(tier)[0]
    wanted = group(template)
    techniques: dict[str, list[str]] = {}
    for art_id, doc in _docs({k: articles[k] for k in wanted}, progress):
        spans = [(l.start, l.end) for l in wanted[art_id]]
        if doc is None:
            raise DataError(f"article{art_id}.txt is empty but the template has spans in it")
        techniques[art_id] = [tech for tech, _p in tagger.classify(doc, spans)]
    nth = {art_id: iter(techs) for art_id, techs in techniques.items()}
    return [Label(l.article_id, l.start, l.end, next(nth[l.article_id])) for l in template]
