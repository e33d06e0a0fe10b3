"""The article-level datasets the verdict is trained and evaluated on, read in place from
``../shared/data``, with one label mapping, source-artifact stripping and cross-dataset
deduplication.

Label mapping (``Article.label``: 1 = unreliable, 0 = reliable, ``None`` = not used for the
reliability model):

- ``fakenewsnet-politifact``, ``fakenewsnet-v1-2018``: fake -> 1, real -> 0 (texts under 200
  characters are dead pages and are dropped).
- ``buzzfeed-webis-2016``: BuzzFeed's fact-check veracity; "mostly false" and "mixture of true and
  false" -> 1, "mostly true" -> 0, "no factual content" dropped. Orientation (hyperpartisan) is
  kept in ``Article.extra`` but is not the label: a hyperpartisan article that is accurate is not
  "fake".
- ``fakenews-amt-celebrity``: fake -> 1, legit -> 0 (both the crowd-written AMT part and the
  Celebrity part).
- ``golbeck2018-fake-vs-satire``: fake -> 1; satire -> ``label=None, satire=True``: satire is a
  separate outcome, never a "fake" or "reliable" example for the reliability model.
- ``bbc-news-2005``, ``reuters21578`` (:data:`GENUINE`, not in :data:`DATASETS`): seeded samples of
  genuine mainstream news, all -> 0.

Article sets leak where an article came from (outlet names, bylines, datelines, URLs, share
buttons, image credits); :func:`clean_text` strips what it can so that models learn what an
article does, not who published it.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from ..errors import DataError
from ..semeval.data import DATA_HINT, SHARED

DATASETS = (
    "fakenewsnet-politifact",
    "fakenewsnet-v1-2018",
    "buzzfeed-webis-2016",
    "fakenews-amt-celebrity",
    "golbeck2018-fake-vs-satire",
)
#: genuine mainstream news, reliable only (label 0), from the corpora the splice layer reads: not
#: among the default DATASETS; the experiments that trained on them are in docs/verdict.md
#: ("Genuine news as training data")
GENUINE = ("bbc-news-2005", "reuters21578")
#: articles drawn from each genuine corpus (seeded; Reuters: stories of at least GENUINE_MIN_WORDS words)
GENUINE_SAMPLE = 1000
GENUINE_MIN_WORDS = 150
#: articles are truncated to this many words before featurising (long tails add cost, not signal)
MAX_WORDS = 3000
MIN_CHARS = 200


@dataclass
class Article:
    """One article of a verdict dataset, with its text already cleaned of source artifacts."""

    dataset: str
    id: str
    text: str
    label: int | None  # 1 unreliable, 0 reliable, None: not a reliability example
    satire: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.dataset}/{self.id}"


# ---- source-artifact stripping --------------------------------------------------------------

#: outlet names seen in these datasets and common elsewhere; removed wherever they occur
OUTLETS = (
    "Associated Press", "Reuters", "AP", "CNN", "ABC News", "NBC News", "CBS News", "Fox News", "MSNBC", "Politico",
    "POLITICO", "New York Times", "NYT", "Washington Post", "Wall Street Journal", "USA Today", "BBC", "Bloomberg",
    "The Guardian", "Huffington Post", "HuffPost", "Breitbart", "Infowars", "Occupy Democrats", "Addicting Info",
    "AddictingInfo", "Eagle Rising", "Freedom Daily", "Right Wing News", "The Other 98%", "The Other 98",
    "Daily Caller", "The Daily Beast", "Buzzfeed", "BuzzFeed", "Yahoo News", "Yahoo", "TMZ", "E! News", "People",
    "Us Weekly", "Hollywood Reporter", "Variety", "Entertainment Weekly", "National Review", "The Hill", "Slate",
    "Vox", "The Onion", "Onion", "Daily Mail", "Mirror", "Newsweek", "Time", "The Atlantic", "NPR", "PBS",
    "Gateway Pundit", "World News Daily Report", "Before It's News", "YourNewsWire", "Your News Wire",
    "The Daily Show", "Alternet", "Salon", "Mother Jones", "Raw Story", "Independent Journal Review", "IJR",
)
_OUTLET_RE = re.compile(r"\b(?:" + "|".join(re.escape(o) for o in sorted(OUTLETS, key=len, reverse=True)) + r")\b(?:\.com)?")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b[\w-]+\.(?:com|net|org|co\.uk)(?:/\S*)?\b", re.I)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_DATELINE_RE = re.compile(
    r"^\s*(?:[A-Z][A-Z .,']{2,40}(?:\([^)]{0,30}\))?\s*[-\u2013\u2014]+\s+|[A-Z][\w .,']{0,40}\([^)]{0,30}\)\s*[-\u2013\u2014]*\s*"
    r"|\([^)]{0,30}\)\s*[-\u2013\u2014]*\s*)"
)
#: "Title | Outlet" and "Title - Outlet" suffixes on the title line
_TITLE_SUFFIX_RE = re.compile(r"\s+(?:\||-|\u2013|\u2014)\s+[^|\n]{1,40}$")
_BYLINE_RE = re.compile(
    r"^\s*(?:(?:posted|written|published|story|report(?:ed|ing)?)\s+)?by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}"
    r"(?:\s*(?:,|and|\||\u2022|-)\s*[\w .'-]{0,60})?\s*$",
    re.I,
)
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:advertisement|share this|share on|click here|sign up|subscribe|follow us|read more|related:|"
    r"copyright|\(c\)|\u00a9|all rights reserved|featured image|image:|photo:|image via|photo via|image credit|"
    r"photo credit|getty images|watch:?$|video:?$|this story has been|this article (?:was|originally)|"
    r"please share|like us on|comments?$|tags?:|filed under|continue reading|loading\b|"
    r"(?:facebook|twitter|google\+?|pinterest|linkedin|reddit|e-?mail|print|whatsapp|tweet|share|add to favorites)$)",
    re.I,
)
_INLINE_BOILER_RE = re.compile(
    r"(?:Featured image via [^.\n]*\.?|Featured [Ii]mage:? [^.\n]*\.?|\(?[Ii]mage via [^.)\n]*\)?\.?|"
    r"\u2014 [^\n\u2014]{1,60} \(@\w+\) \w+ \d{1,2}, \d{4}|@\w+)"
)


def dateline_span(text: str) -> tuple[int, int]:
    """(start, end) of the wire dateline that opens the body ("WASHINGTON (Reuters) - ...",
    "Washington (CNN)The ..."): the start of the paragraph after the title line, or of the only
    paragraph, or (a text of single-line paragraphs, as extracted from a page) of the line after the
    title line; (0, 0) when there is none."""
    blank = re.search(r"\r?\n\r?\n", text)  # CRLF or LF: the same dateline
    starts = [blank.end() if blank else 0]
    first = re.match(r"[^\r\n]*\r?\n", text)
    if not blank and first and len(first.group().split()) <= 30:
        # text extracted from a page has one line per paragraph: the title line, then the body
        starts.append(first.end())
    for start in starts:
        m = _DATELINE_RE.match(re.split(r"\r?\n\r?\n", text[start:], maxsplit=1)[0])
        if m and len(m.group()) < 60:
            return start, start + m.end()
    return 0, 0


def clean_text(text: str, *, outlets: tuple[str, ...] = ()) -> str:
    """`text` without URLs, e-mail addresses, handles, datelines, bylines, outlet names and share/credit
    boilerplate lines. `outlets` adds names known for this article (e.g. its source's domain stem)."""
    text = html.unescape(text).replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for i, line in enumerate(text.split("\n")):
        s = line.strip()
        if not s:
            lines.append("")
            continue
        words = s.split()
        if len(words) <= 12 and (_BYLINE_RE.match(s) or _BOILERPLATE_RE.match(s)):
            continue
        lines.append(s)
    text = "\n".join(lines)
    paras = text.split("\n\n")
    if paras and "\n" not in paras[0].strip() and len(paras[0].split()) <= 30:
        paras[0] = _TITLE_SUFFIX_RE.sub("", paras[0].rstrip())
    text = "\n\n".join(paras)
    text = _EMAIL_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _INLINE_BOILER_RE.sub(" ", text)
    text = _OUTLET_RE.sub(" ", text)
    for name in outlets:
        if len(name) >= 4:
            text = re.sub(r"\b" + re.escape(name) + r"\b", " ", text, flags=re.I)
    start, end = dateline_span(text)
    text = text[:start] + text[end:]
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def truncate_words(text: str, max_words: int = MAX_WORDS) -> str:
    """The first `max_words` whitespace-separated words of `text` (cut at a word boundary)."""
    n = 0
    for m in re.finditer(r"\S+", text):
        n += 1
        if n == max_words:
            return text[: m.end()]
    return text


def _stem(url: str | None) -> tuple[str, ...]:
    """Domain stems of a URL ('occupydemocrats' from http://www.occupydemocrats.com/...)."""
    if not url:
        return ()
    m = re.match(r"(?:https?://)?(?:www\.)?([^/:]+)", url.strip())
    if not m:
        return ()
    host = m.group(1).lower()
    parts = [p for p in host.split(".") if p not in {"com", "net", "org", "co", "uk", "us", "go", "news", "www"}]
    return tuple(p for p in parts if len(p) >= 4)


def _join(title: str | None, body: str) -> str:
    title = (title or "").strip()
    body = (body or "").strip()
    if title and not body.startswith(title[:40]):
        return f"{title}\n\n{body}"
    return body


def _read_text_file(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path} could not be decoded")  # pragma: no cover - latin-1 always decodes


# ---- readers ---------------------------------------------------------------------------------

def _fakenewsnet_json(path: Path) -> tuple[str, str, tuple[str, ...]]:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{path} is not a FakeNewsNet JSON file: {err}") from None
    outlets = _stem(d.get("url")) + _stem(d.get("source")) + _stem(d.get("canonical_link"))
    return d.get("title") or "", d.get("text") or "", outlets


def read_fakenewsnet_politifact(root: Path) -> Iterator[Article]:
    base = root / "fakenewsnet-politifact" / "fakenewsnet_dataset" / "politifact"
    for folder, label in (("fake", 1), ("real", 0)):
        for path in sorted((base / folder).glob("*/news content.json")):
            title, body, outlets = _fakenewsnet_json(path)
            if len(body.strip()) < MIN_CHARS:
                continue
            yield Article("fakenewsnet-politifact", path.parent.name, _join(title, body), label, extra={"outlets": outlets})


def read_fakenewsnet_v1(root: Path) -> Iterator[Article]:
    base = root / "fakenewsnet-v1-2018" / "Data"
    for part in ("BuzzFeed", "PolitiFact"):
        for folder, label in (("FakeNewsContent", 1), ("RealNewsContent", 0)):
            for path in sorted((base / part / folder).glob("*.json")):
                title, body, outlets = _fakenewsnet_json(path)
                if len(body.strip()) < MIN_CHARS:
                    continue
                yield Article("fakenewsnet-v1-2018", path.stem, _join(title, body), label, extra={"outlets": outlets, "part": part})


_VERACITY = {"mostly false": 1, "mixture of true and false": 1, "mostly true": 0}


def read_buzzfeed_webis(root: Path) -> Iterator[Article]:
    base = root / "buzzfeed-webis-2016"
    with open(base / "overview.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        label = _VERACITY.get(row["veracity"])
        if label is None:
            continue
        path = base / "articles" / row["XML"]
        try:
            root_el = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as err:
            raise DataError(f"{path} is not a BuzzFeed-Webis article XML: {err}") from None
        body = root_el.findtext("mainText") or ""
        if len(body.strip()) < MIN_CHARS:
            continue
        title = root_el.findtext("title") or ""
        outlets = _stem(row.get("url")) + (row["portal"].replace("-", " "),)
        yield Article(
            "buzzfeed-webis-2016", path.stem, _join(title, body), label,
            extra={"outlets": outlets, "orientation": row["orientation"], "portal": row["portal"], "veracity": row["veracity"]},
        )


def read_amt_celebrity(root: Path) -> Iterator[Article]:
    base = root / "fakenews-amt-celebrity" / "fakeNewsDatasets"
    for part in ("fakeNewsDataset", "celebrityDataset"):
        for folder, label in (("fake", 1), ("legit", 0)):
            for path in sorted((base / part / folder).glob("*.txt")):
                text = _read_text_file(path)
                if len(text.strip()) < 50:
                    continue
                yield Article("fakenews-amt-celebrity", f"{part}/{path.stem}", text, label, extra={"part": part})


def read_golbeck(root: Path) -> Iterator[Article]:
    base = root / "golbeck2018-fake-vs-satire" / "FakeNewsData" / "StoryText 2"
    for folder, label, satire in (("Fake/finalFake", 1, False), ("Satire/finalSatire", None, True)):
        for path in sorted((base / folder).glob("*.txt")):
            text = _read_text_file(path)
            if len(text.strip()) < MIN_CHARS:
                continue
            yield Article("golbeck2018-fake-vs-satire", f"{folder.split('/')[0].lower()}/{path.stem}", text, label, satire=satire)


def _genuine(dataset: str, stories, *, titles: bool = True, seed: int = 13) -> Iterator[Article]:
    pool = [a for a in stories if len(a.text.split()) >= GENUINE_MIN_WORDS]
    for a in sorted(random.Random(seed).sample(pool, min(GENUINE_SAMPLE, len(pool))), key=lambda a: a.id):
        yield Article(dataset, a.id, _join(a.title if titles else "", a.text), 0, extra={"topic": a.meta.get("topic")})


def read_bbc_news(root: Path) -> Iterator[Article]:
    from ..splices.corpus import bbc

    return _genuine("bbc-news-2005", bbc(root / "bbc-news-2005" / "bbc"))


def read_reuters(root: Path) -> Iterator[Article]:
    from ..splices.corpus import reuters

    # without titles: Reuters-21578's are in capitals with stock tickers ("BIOGEN <BGNF> GETS PATENT"),
    # which would teach "capitals mean reliable"
    return _genuine("reuters21578", reuters(root / "reuters21578"), titles=False)


READERS = {
    "fakenewsnet-politifact": read_fakenewsnet_politifact,
    "fakenewsnet-v1-2018": read_fakenewsnet_v1,
    "buzzfeed-webis-2016": read_buzzfeed_webis,
    "fakenews-amt-celebrity": read_amt_celebrity,
    "golbeck2018-fake-vs-satire": read_golbeck,
    "bbc-news-2005": read_bbc_news,
    "reuters21578": read_reuters,
}


def read_dataset(name: str, root: Path | None = None, *, clean: bool = True) -> list[Article]:
    """Every usable article of dataset `name`, cleaned and truncated to MAX_WORDS words."""
    root = Path(root or SHARED)
    if name not in READERS:
        raise DataError(f"unknown verdict dataset {name!r}; known: {', '.join(READERS)}")
    if not (root / name).is_dir():
        raise DataError(f"dataset {name} is missing: {root / name} does not exist; {DATA_HINT}")
    out = []
    for art in READERS[name](root):
        if clean:
            art.text = truncate_words(clean_text(art.text, outlets=tuple(art.extra.get("outlets", ()))))
        if len(art.text) >= 50:
            out.append(art)
    return out


# ---- deduplication ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def text_hash(text: str) -> str:
    return hashlib.sha1(_norm(text).encode("utf-8")).hexdigest()


@dataclass
class DedupReport:
    kept: int
    exact: int
    near: int
    conflicting: int
    by_dataset: dict[str, int]

    def as_dict(self) -> dict:
        return {"kept": self.kept, "exact_duplicates": self.exact, "near_duplicates": self.near,
                "label_conflicts_dropped": self.conflicting, "dropped_by_dataset": self.by_dataset}


def deduplicate(articles: list[Article], *, threshold: float = 0.8, num_perm: int = 64) -> tuple[list[Article], DedupReport]:
    """Drop exact (normalised-text hash) and near duplicates (MinHash over word 5-shingles, estimated
    Jaccard >= `threshold`), within and across datasets. The first copy (in DATASETS order, then id)
    is kept; when copies disagree on the label, every copy is dropped."""
    from datasketch import MinHash, MinHashLSH

    order = {d: i for i, d in enumerate(DATASETS)}
    articles = sorted(articles, key=lambda a: (order.get(a.dataset, 99), a.id))
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    seen_hash: dict[str, int] = {}
    groups: list[list[int]] = []  # group index -> article indices
    group_of: dict[int, int] = {}
    exact = near = 0
    for i, art in enumerate(articles):
        h = text_hash(art.text)
        if h in seen_hash:
            g = group_of[seen_hash[h]]
            groups[g].append(i)
            group_of[i] = g
            exact += 1
            continue
        words = _norm(art.text).split()
        shingles = {" ".join(words[k:k + 5]) for k in range(max(1, len(words) - 4))}
        mh = MinHash(num_perm=num_perm, seed=13)
        mh.update_batch([s.encode("utf-8") for s in shingles])
        hits = lsh.query(mh)
        if hits:
            g = group_of[int(hits[0])]
            groups[g].append(i)
            group_of[i] = g
            near += 1
        else:
            group_of[i] = len(groups)
            groups.append([i])
            lsh.insert(str(i), mh)
        seen_hash[h] = i
    kept, conflicting = [], 0
    dropped: dict[str, int] = {}
    for members in groups:
        outcomes = {(articles[i].label, articles[i].satire) for i in members}
        if len(outcomes) > 1:
            conflicting += len(members)
            for i in members:
                dropped[articles[i].dataset] = dropped.get(articles[i].dataset, 0) + 1
            continue
        kept.append(articles[members[0]])
        for i in members[1:]:
            dropped[articles[i].dataset] = dropped.get(articles[i].dataset, 0) + 1
    return kept, DedupReport(len(kept), exact, near, conflicting, dict(sorted(dropped.items())))


def load_all(root: Path | None = None, datasets: tuple[str, ...] = DATASETS) -> tuple[list[Article], DedupReport]:
    """All datasets, cleaned, truncated and deduplicated across datasets."""
    missing = [name for name in datasets if not (Path(root or SHARED) / name).is_dir()]
    if len(missing) > 1:  # say every missing one at once, not one per attempt
        raise DataError(f"{len(missing)} datasets are missing from {Path(root or SHARED)}: {', '.join(missing)}; {DATA_HINT}")
    arts: list[Article] = []
    for name in datasets:
        arts.extend(read_dataset(name, root))
    return deduplicate(arts)
