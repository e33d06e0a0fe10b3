"""Readers for the news corpora under ../shared/data that splice detection uses, read in place.

Genuine articles (Reuters-21578 wire copy, BBC News) are what synthetic splices are made from and
what reference indexes are built of; other sources (PTC propaganda spans, hyperpartisan and fake
articles) supply the text that gets spliced in. Every reader yields :class:`Article` records and
raises DataError when its folder is missing.

Splits are by a stable hash of the article id (:func:`part`), so train, validation and test never
share an article, whoever runs the code and in whatever order.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import DataError
from ..semeval.data import DATA_HINT, PTC, SHARED

REUTERS = SHARED / "reuters21578"
BBC = SHARED / "bbc-news-2005" / "bbc"
BUZZFEED = SHARED / "buzzfeed-webis-2016"
FAKENEWSNET_V1 = SHARED / "fakenewsnet-v1-2018" / "Data"
FAKENEWSNET_PF = SHARED / "fakenewsnet-politifact" / "fakenewsnet_dataset" / "politifact"
AMT = SHARED / "fakenews-amt-celebrity" / "fakeNewsDatasets"
GOLBECK = SHARED / "golbeck2018-fake-vs-satire" / "FakeNewsData" / "StoryText 2"

_REUTERS_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "BODY", "DATELINE")}
_REUTER_SIGN = re.compile(r"\s*\bREUTER\w*\s*$", re.I)


@dataclass
class Article:
    id: str
    title: str
    text: str
    source: str  # corpus name
    kind: str = "genuine"  # genuine | propaganda | partisan | fake
    meta: dict = field(default_factory=dict)


def part(key: str, salt: str = "splices") -> str:
    """'train' (60%), 'val' (20%) or 'test' (20%) for an id, by a stable hash."""
    bucket = int(hashlib.sha1(f"{salt}:{key}".encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else ("val" if bucket < 8 else "test")


def _need(folder: Path, what: str) -> None:
    if not folder.exists():
        raise DataError(f"{what} is missing: {folder} does not exist; {DATA_HINT}")


def _unwrap_reuters(body: str) -> str:
    """Reuters bodies are hard-wrapped at ~70 columns with indented paragraph starts: rejoin them."""
    body = html.unescape(body).replace("\x03", "").replace("\x02", "")
    body = _REUTER_SIGN.sub("", body.rstrip())
    paragraphs = re.split(r"\n(?=[ \t]+\S)", body)
    out = []
    for p in paragraphs:
        p = re.sub(r"\s*\n\s*", " ", p).strip()
        p = re.sub(r"[ \t]{2,}", " ", p)
        if p:
            out.append(p)
    return "\n\n".join(out)


def reuters(folder: Path = REUTERS) -> Iterator[Article]:
    """Reuters-21578 stories that have a body (about 19k of 21,578)."""
    _need(folder, "Reuters-21578")
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for m in _REUTERS_DOC.finditer(raw):
            body = _TAG["BODY"].search(m.group(2))
            if not body:
                continue
            title = _TAG["TITLE"].search(m.group(2))
            text = _unwrap_reuters(body.group(1))
            if len(text) < 200:
                continue
            title_text = html.unescape(title.group(1)).strip() if title else ""
            yield Article(f"reuters-{m.group(1)}", title_text, text, "reuters21578")


def bbc(folder: Path = BBC) -> Iterator[Article]:
    """BBC News 2005: title line, blank line, paragraphs."""
    _need(folder, "BBC News")
    for path in sorted(folder.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError:
            raw = data.decode("latin-1")
        title, _, body = raw.strip().partition("\n")
        text = "\n\n".join(p.strip() for p in body.split("\n") if p.strip())
        if len(text) >= 200:
            yield Article(f"bbc-{path.parent.name}-{path.stem}", title.strip(), text, "bbc-news-2005", meta={"topic": path.parent.name})


def genuine() -> Iterator[Article]:
    """The genuine news pool synthetic splices are made from: Reuters-21578 and BBC News."""
    yield from reuters()
    yield from bbc()


def buzzfeed() -> Iterator[Article]:
    """BuzzFeed-Webis 2016; kind 'partisan' for the hyperpartisan portals, else 'genuine'."""
    _need(BUZZFEED, "BuzzFeed-Webis 2016")
    labels = {}
    for line in (BUZZFEED / "overview.csv").read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split(",")
        if len(parts) >= 4:
            labels[parts[0]] = (parts[2], parts[3])
    for path in sorted((BUZZFEED / "articles").glob("*.xml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = _xml_field(raw, "mainText")
        if len(text) < 200:
            continue
        orientation, veracity = labels.get(path.name, ("", ""))
        kind = "partisan" if orientation in ("left", "right") else "genuine"
        yield Article(f"buzzfeed-{path.stem}", _xml_field(raw, "title"), text, "buzzfeed-webis-2016", kind,
                      {"orientation": orientation, "veracity": veracity})


def _xml_field(raw: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", raw, re.S)
    return html.unescape(m.group(1)).strip() if m else ""


def fakenewsnet() -> Iterator[Article]:
    """FakeNewsNet (2018 release and the 2019 PolitiFact crawl); kind 'fake' or 'genuine'."""
    paths = []
    if FAKENEWSNET_V1.exists():
        paths += [(p, "fake" if "Fake" in p.parent.name else "genuine") for p in sorted(FAKENEWSNET_V1.glob("*/*NewsContent/*.json"))]
    if FAKENEWSNET_PF.exists():
        paths += [(p, p.parent.parent.name if p.parent.parent.name == "fake" else "genuine")
                  for p in sorted(FAKENEWSNET_PF.glob("*/*/news content.json"))]
    if not paths:
        raise DataError(f"FakeNewsNet is not at {FAKENEWSNET_V1} or {FAKENEWSNET_PF}")
    for path, kind in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        text = (data.get("text") or "").strip()
        if len(text) >= 200:
            key = path.stem if path.stem != "news content" else path.parent.name
            yield Article(f"fakenewsnet-{key}", (data.get("title") or "").strip(), text, "fakenewsnet", kind)


def plain_folder(folder: Path, source: str, kind_of) -> Iterator[Article]:
    for path in sorted(folder.rglob("*.txt")):
        raw = path.read_bytes().decode("utf-8", errors="replace").strip()
        title, _, body = raw.partition("\n")
        if len(body.strip()) >= 200:
            yield Article(f"{source}-{path.parent.name}-{path.stem}", title.strip(), body.strip(), source, kind_of(path))


def fake_stories() -> Iterator[Article]:
    """Fabricated stories: FakeNewsAMT/Celebrity fakes and Golbeck et al.'s fake-news set."""
    _need(AMT, "FakeNewsAMT")
    yield from (a for a in plain_folder(AMT, "amt", lambda p: "fake" if p.parent.name == "fake" else "genuine") if a.kind == "fake")
    if GOLBECK.exists():
        yield from plain_folder(GOLBECK / "Fake" / "finalFake", "golbeck", lambda p: "fake")


def ptc_fragments() -> Iterator[Article]:
    """Propaganda spans from PTC train articles, never from the validation articles.

    Overlapping spans of one article are merged; each fragment is one Article of kind 'propaganda'
    whose id is ``ptc-<article>-<start>``.
    """
    from ..semeval.data import read_articles, read_si
    from ..semeval.split import validation_ids

    _need(PTC, "PTC (SemEval-2020 Task 11)")
    held_out = set(validation_ids())
    articles = read_articles(PTC / "train-articles")
    spans: dict[str, list[tuple[int, int]]] = {}
    for label in read_si(PTC / "train-task1-SI.labels"):
        if label.article_id not in held_out and label.article_id in articles:
            spans.setdefault(label.article_id, []).append((label.start, label.end))
    for aid in sorted(spans):
        merged: list[list[int]] = []
        for s, e in sorted(spans[aid]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        text = articles[aid]
        for s, e in merged:
            frag = " ".join(text[s:e].split())
            if frag:
                yield Article(f"ptc-{aid}-{s}", "", frag, "ptc-semeval2020", "propaganda", {"article": aid})


def ptc_labelled(techniques: tuple[str, ...]) -> Iterator[Article]:
    """Spans of the given PTC techniques (train articles, never validation ones), one Article each."""
    from ..semeval.data import read_articles, read_tc
    from ..semeval.split import validation_ids

    _need(PTC, "PTC (SemEval-2020 Task 11)")
    held_out = set(validation_ids())
    articles = read_articles(PTC / "train-articles")
    for label in read_tc(PTC / "train-task2-TC.labels"):
        if label.technique in techniques and label.article_id not in held_out and label.article_id in articles:
            frag = " ".join(articles[label.article_id][label.start : label.end].split())
            if frag:
                yield Article(f"ptc-{label.article_id}-{label.start}-{label.technique}", "", frag, "ptc-semeval2020",
                              "propaganda", {"article": label.article_id, "technique": label.technique})


def news_pool() -> Iterator[Article]:
    """Every article the scale benchmark can index: genuine, partisan and fake news corpora."""
    yield from genuine()
    yield from buzzfeed()
    yield from fakenewsnet()
    yield from fake_stories()
