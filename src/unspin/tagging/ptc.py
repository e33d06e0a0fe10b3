"""The Propaganda Techniques Corpus (SemEval-2020 Task 11) as training data for the taggers.

Shared by both tiers (``fast`` and ``full``): what an article is, how its gold spans are read,
how the committed train/validation split is applied, and how character spans become per-token
labels and back.

    train, val = load_split()                  # {article_id: Article}, by the committed split
    docs = parse(train)                        # {article_id: Document}, cached under runs/cache/
    tokens = token_offsets(docs[aid])          # [(start, end)] of the non-space spaCy tokens
    tags = spans_to_tags(tokens, train[aid].si, scheme="BIO")   # ["O", "B", "I", ...]
    spans = tags_to_spans(tokens, tags)        # [(start, end)] character spans again

Offsets are half-open ``[start, end)`` character offsets into the article text, exactly as in the
SemEval label files. Gold spans do not always fall on token boundaries (a few start or end inside
a word); a token counts as inside a span when the two overlap by at least one character, so the
round trip ``tags_to_spans(spans_to_tags(...))`` gives the token-aligned cover of the gold spans.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..errors import DataError
from ..paths import RUNS
from ..semeval.data import DATA_HINT, PTC, Label, group, read_articles, read_si, read_tc
from ..semeval.split import split_articles, validation_ids
from ..semeval.scoring import merge_spans

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document

SCHEMES = ("BIO", "IO")

#: where parsed articles are cached between runs (git-ignored)
CACHE_DIR = RUNS / "cache"


@dataclass
class Article:
    """One PTC article: its exact text, gold SI spans and gold TC labels (technique per span)."""

    id: str
    text: str
    si: list[tuple[int, int]] = field(default_factory=list)
    tc: list[Label] = field(default_factory=list)


# ---- reading ----------------------------------------------------------------------------------

def load_articles(root: str | Path = PTC) -> dict[str, Article]:
    """Every train article of the SemEval-2020 PTC folder `root` with its SI and TC labels.

    Reads ``train-articles/``, ``train-task1-SI.labels`` and ``train-task2-TC.labels``. Raises
    DataError if the folder or a label file is missing, or a label points outside its article.
    """
    root = Path(root)
    si_file, tc_file = root / "train-task1-SI.labels", root / "train-task2-TC.labels"
    for path in (root / "train-articles", si_file, tc_file):
        if not path.exists():
            raise DataError(f"the PTC data is missing: {path} does not exist (the SemEval-2020 Task 11 layout is expected); "
                                f"{DATA_HINT}")
    texts = read_articles(root / "train-articles")
    si, tc = group(read_si(si_file)), group(read_tc(tc_file))
    out = {}
    for aid, text in texts.items():
        spans = sorted({(l.start, l.end) for l in si.get(aid, []) if l.end > l.start})
        labels = sorted((l for l in tc.get(aid, []) if l.end > l.start), key=lambda l: (l.start, l.end, l.technique))
        for s, e in spans + [(l.start, l.end) for l in labels]:
            if not 0 <= s < e <= len(text):
                raise DataError(f"article{aid}: label [{s}, {e}) lies outside the text (length {len(text)})")
        out[aid] = Article(aid, text, spans, labels)
    return out


def load_split(root: str | Path = PTC) -> tuple[dict[str, Article], dict[str, Article]]:
    """``(train, validation)`` articles by the committed validation id list (74 of 371 articles).

    Models are fitted on ``train`` only; thresholds and hyper-parameters are tuned on
    ``validation`` only. The official dev and test sets are withheld and never used.
    """
    articles = load_articles(root)
    missing = sorted(set(validation_ids()) - set(articles))
    if missing:
        raise DataError(f"validation id {missing[0]} (and {len(missing) - 1} more) is not among the PTC articles in {root}")
    train_texts, val_texts = split_articles({k: a.text for k, a in articles.items()})
    return {k: articles[k] for k in train_texts}, {k: articles[k] for k in val_texts}


def gold_si(articles: dict[str, Article]) -> list[Label]:
    """The SI gold labels of `articles`, in the form the official scorer takes."""
    return [Label(a.id, s, e) for a in articles.values() for s, e in a.si]


def gold_tc(articles: dict[str, Article]) -> list[Label]:
    """The TC gold labels of `articles` (one per span and technique)."""
    return [l for a in articles.values() for l in a.tc]


# ---- parsing (cached) -------------------------------------------------------------------------

def parse(articles: dict[str, Article], *, nlp=None, cache: bool = True,
          progress: Callable[[Iterable], Iterable] | None = None) -> dict[str, "Document"]:
    """``{article_id: Document}`` for `articles`, parsed with unspin's spaCy pipeline.

    Parsing all 371 articles takes minutes on a laptop, so with `cache` the spaCy Docs are kept in
    ``runs/cache/ptc-<model hash>.spacy`` (one DocBin per spaCy model and version of unspin's sentence
    rules, :func:`unspin.nlp.fingerprint`, looked up by each text's
    sha256); a later call parses only texts not in it and rebuilds the Documents.
    """
    from ..document import Document
    from .. import nlp as _nlp

    nlp = nlp or _nlp.load()
    ids = sorted(articles)
    sdocs = _cached_parse([articles[i].text for i in ids], nlp, cache, progress)
    out = {}
    for aid, sdoc in zip(ids, sdocs):
        out[aid] = Document.from_text(articles[aid].text, {"id": aid}, parsed=sdoc)
    return out


def _cached_parse(texts: list[str], nlp, cache: bool, progress) -> list:
    from spacy.tokens import DocBin

    from .. import nlp as _nlp

    # keyed by the model and unspin's own sentence rules (nlp.fingerprint): a parse made under older
    # rules is not read back
    model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}-{_nlp.fingerprint()}"
    path = CACHE_DIR / f"ptc-{hashlib.sha256(model.encode()).hexdigest()[:12]}.spacy"

    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    known = {}
    if cache and path.is_file():
        known = {key(d.text): d for d in DocBin().from_disk(path).get_docs(nlp.vocab)}
    missing = sorted({key(t): t for t in texts if key(t) not in known}.values())
    if missing:
        stream = nlp.pipe(missing, batch_size=8)
        for d in (progress(stream) if progress else stream):
            known[key(d.text)] = d
        if cache:
            path.parent.mkdir(parents=True, exist_ok=True)
            attrs = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]
            DocBin(attrs=attrs, docs=[known[k] for k in sorted(known)]).to_disk(path)
    return [known[key(t)] for t in texts]


# ---- spans <-> token labels -------------------------------------------------------------------

def token_offsets(doc) -> list[tuple[int, int]]:
    """``[(start, end)]`` of the non-space tokens of a Document (``doc.tokens``), in order."""
    return [(t.start, t.end) for t in doc.tokens]


def spans_to_tags(tokens: Sequence[tuple[int, int]], spans: Iterable[tuple[int, int]], *, scheme: str = "BIO",
                  labels: Sequence[str] | None = None) -> list[str]:
    """One tag per token for character `spans` over `tokens` (sorted, non-overlapping offsets).

    A token is inside a span when they overlap by at least one character. With ``scheme="BIO"``
    the first token of each span is ``B`` and the rest ``I``; with ``"IO"`` all are ``I``; tokens
    outside every span are ``O``.

    Without `labels`, overlapping spans are merged first (as the SI scorer does), so nested or
    overlapping gold spans become one run. With `labels` (one per span, e.g. the technique), tags
    are ``B-<label>``/``I-<label>``; where labelled spans overlap, the shorter span wins the
    tokens it covers (it is the more specific annotation), and a span whose first token was taken
    by another starts at its first token it keeps.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}; choose one of {SCHEMES}")
    spans = [(int(s), int(e)) for s, e in spans]
    if labels is None:
        items = [(s, e, "") for s, e in merge_spans([sp for sp in spans if sp[1] > sp[0]])]
    else:
        if len(labels) != len(spans):
            raise ValueError(f"{len(labels)} labels for {len(spans)} spans")
        items = [(s, e, lab) for (s, e), lab in zip(spans, labels) if e > s]
        items.sort(key=lambda it: (-(it[1] - it[0]), it[0]))  # longest first: shorter ones overwrite
    owner: list[int] = [-1] * len(tokens)
    starts = [t[0] for t in tokens]

    for k, (s, e, _lab) in enumerate(items):
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(tokens) and tokens[i][0] < e:
            if tokens[i][1] > s:
                owner[i] = k
            i += 1
    tags = []
    for i, k in enumerate(owner):
        if k < 0:
            tags.append("O")
            continue
        first = i == 0 or owner[i - 1] != k
        tag = "B" if (first and scheme == "BIO") else "I"
        lab = items[k][2]
        tags.append(f"{tag}-{lab}" if lab else tag)
    return tags


def tags_to_spans(tokens: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans for runs of inside-tags (``B``/``I``, with or without a ``-label``).

    A run starts at a ``B`` or at an ``I`` after ``O`` (so IO tags and ill-formed BIO sequences both
    decode), and ends before the next ``O`` or ``B``; it covers from its first token's start to its
    last token's end. With labels, a change of label also ends a run.
    """
    return [(s, e) for s, e, _ in tags_to_labelled_spans(tokens, tags)]


def tags_to_labelled_spans(tokens: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Like :func:`tags_to_spans`, keeping each run's label (``""`` for unlabelled tags)."""
    if len(tokens) != len(tags):
        raise ValueError(f"{len(tags)} tags for {len(tokens)} tokens")
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for (ts, te), tag in zip(tokens, tags):
        kind, _, lab = tag.partition("-")
        if kind == "O" or kind not in ("B", "I"):
            if cur:
                out.append(tuple(cur))
            cur = None
        elif kind == "B" or cur is None or cur[2] != lab:
            if cur:
                out.append(tuple(cur))
            cur = [ts, te, lab]
        else:
            cur[1] = te
    if cur:
        out.append(tuple(cur))
    return out


def token_cover(tokens: Sequence[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token-aligned cover of (merged) `spans`: what a perfect token tagger could output."""
    return tags_to_spans(tokens, spans_to_tags(tokens, spans, scheme="BIO"))


def span_tokens(tokens: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """``(i, j)``: the half-open range of token indices overlapping ``[start, end)``.

    For a span that overlaps no token (whitespace only) the range is empty, at the position
    where it would be.
    """

    starts = [t[0] for t in tokens]
    i = max(0, bisect.bisect_right(starts, start) - 1)
    while i < len(tokens) and tokens[i][1] <= start:
        i += 1
    j = i
    while j < len(tokens) and tokens[j][0] < end:
        j += 1
    return i, j


# ---- evaluation -------------------------------------------------------------------------------

def evaluate(tagger, articles: dict[str, Article], docs: dict[str, "Document"], *,
             progress: Callable[[Iterable], Iterable] | None = None) -> dict:
    """SI and TC scores of `tagger` on `articles` with the official SemEval-2020 T11 measures.

    SI: the tagger's spans (``predict``, de-duplicated) against the gold SI spans. TC: the tagger
    classifies the gold TC spans (a span with k gold techniques is listed k times, as in the
    official template), scored by micro-F1. Returns ``{"si": Score, "tc": Score}``.
    """
    from ..semeval.scoring import score_si, score_tc

    pred_si: list[Label] = []
    pred_tc: list[Label] = []
    ids = sorted(articles)
    for aid in (progress(ids) if progress else ids):
        doc, art = docs[aid], articles[aid]
        pred_si.extend(Label(aid, s, e) for s, e in sorted({(t.start, t.end) for t in tagger.predict(doc)}))
        if art.tc:
            spans = [(l.start, l.end) for l in art.tc]
            pred_tc.extend(Label(aid, s, e, tech) for (s, e), (tech, _p) in zip(spans, tagger.classify(doc, spans)))
    return {"si": score_si(pred_si, gold_si(articles)), "tc": score_tc(pred_tc, gold_tc(articles))}
