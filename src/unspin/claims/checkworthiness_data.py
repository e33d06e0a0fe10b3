"""The check-worthiness datasets under ../shared/data, read in place, and the splits we use.

- CLEF-2019 CheckThat! Task 1 (``clef2019-checkthat-task1-en``): 19 training and 7 test debates.
- CLEF-2020 CheckThat! Task 5 (``clef2020-checkthat-task5-en-debates``): 50 training and 20 test
  debates (training data v2.0).
- ClaimBuster (``claimbuster-ncs``): sentences of US presidential debates labelled CFS
  (check-worthy factual statement) or not, in three overlapping files.

Leakage we remove (measured by exact sentence overlap, see ``docs/claims.md``): two CLEF-2020
*training* files are CLEF-2019 *test* debates (``20160311_GOP_miami`` = ``20160311_12_gop`` and
``20181015_60_min``), so they never enter training; CLEF-2019 training debates repeated in
CLEF-2020 training are used once (the CLEF-2020 v2.0 copy, whose labels were revised); ClaimBuster
held-out sentences are removed from every training debate they also occur in.

The ClaimBuster held-out part is fixed by a rule, not a random draw: ``sentence_id % 5 == 0``.
The validation split used for model selection is made from training data only (debates whose
name hashes to bucket 0 of 5, ClaimBuster ids with ``sentence_id % 5 == 1``); the test files are
read only by the evaluation.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataError
from ..semeval.data import DATA_HINT, SHARED

CLEF2019 = SHARED / "clef2019-checkthat-task1-en" / "data"
CLEF2020 = SHARED / "clef2020-checkthat-task5-en-debates"
CLAIMBUSTER = SHARED / "claimbuster-ncs" / "two_class"
CLAIMBUSTER_FILES = ("kfold_20ncs.json", "kfold_25ncs.json", "kfold_30ncs.json")
#: the ClaimBuster file the held-out F1 is reported on (all 2,764 CFS sentences, 3x as many NCS)
CLAIMBUSTER_EVAL_FILE = "kfold_30ncs.json"

#: CLEF-2020 training files that are CLEF-2019 test debates (never trained on)
CLEF2020_TRAIN_EXCLUDED = ("20160311_GOP_miami.tsv", "20181015_60_min.tsv")


@dataclass(frozen=True)
class Line:
    number: int
    speaker: str
    text: str
    label: int


@dataclass(frozen=True)
class Debate:
    name: str  # file stem
    source: str  # "clef2019" | "clef2020"
    lines: tuple[Line, ...]

    @property
    def labels(self) -> list[int]:
        return [ln.label for ln in self.lines]

    @property
    def texts(self) -> list[str]:
        return [ln.text for ln in self.lines]


@dataclass(frozen=True)
class Example:
    """One training sentence: its text, label, where it comes from, and its group (debate)."""

    text: str
    label: int
    source: str  # "clef" | "claimbuster"
    group: str
    fold: int  # 0-4: CLEF debates by a hash of their name, ClaimBuster sentences by id % 5 (1-4)


def normalise(text: str) -> str:
    """Lower-cased words only: the key used to detect the same sentence in two datasets."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_debate(path: Path, source: str) -> Debate:
    lines = []
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, start=1):
            raw = raw.rstrip("\n").rstrip("\r")
            if not raw.strip():
                continue
            parts = raw.split("\t")
            if len(parts) != 4:
                raise DataError(f"{path}:{n}: expected 4 tab-separated fields (line, speaker, text, label), found {len(parts)}")
            number, speaker, text, label = parts
            try:
                lines.append(Line(int(number), speaker, text, int(label)))
            except ValueError:
                raise DataError(f"{path}:{n}: line number and label must be integers") from None
    return Debate(path.stem, source, tuple(lines))


def _read_folder(folder: Path, source: str, exclude: tuple[str, ...] = ()) -> list[Debate]:
    if not folder.is_dir():
        raise DataError(f"{folder} is missing: the check-worthiness data; {DATA_HINT}")
    files = sorted(p for p in folder.glob("*.tsv") if p.name not in exclude)
    if not files:
        raise DataError(f"{folder} holds no .tsv debates")
    return [read_debate(p, source) for p in files]


@lru_cache(maxsize=None)
def clef2019(split: str) -> tuple[Debate, ...]:
    """CLEF-2019 Task 1 debates: split "train" (19) or "test" (7, gold labels)."""
    folder = {"train": CLEF2019 / "training", "test": CLEF2019 / "test_annotated"}[split]
    return tuple(_read_folder(folder, "clef2019"))


@lru_cache(maxsize=None)
def clef2020(split: str) -> tuple[Debate, ...]:
    """CLEF-2020 Task 5 debates: split "train" (50 in v2.0) or "test" (20, gold labels)."""
    folder = {"train": CLEF2020 / "data" / "v2.0" / "training", "test": CLEF2020 / "test-input" / "test-gold"}[split]
    return tuple(_read_folder(folder, "clef2020"))


@lru_cache(maxsize=None)
def claimbuster() -> dict[int, tuple[str, int]]:
    """``{sentence_id: (text, label)}`` over the union of the three ClaimBuster files (1 = CFS)."""
    out: dict[int, tuple[str, int]] = {}
    for name in CLAIMBUSTER_FILES:
        path = CLAIMBUSTER / name
        if not path.is_file():
            raise DataError(f"{path} is missing: the ClaimBuster data; {DATA_HINT}")
        for item in json.loads(path.read_text(encoding="utf-8")):
            sid, text, label = int(item["sentence_id"]), item["text"], int(item["label"])
            if sid in out and out[sid] != (text, label):
                raise DataError(f"ClaimBuster sentence {sid} differs between files")
            out[sid] = (text, label)
    return out


def claimbuster_ids(name: str) -> list[int]:
    path = CLAIMBUSTER / name
    return [int(item["sentence_id"]) for item in json.loads(path.read_text(encoding="utf-8"))]


def claimbuster_part(sid: int) -> str:
    """"test" (held out, id % 5 == 0), "valid" (model selection, id % 5 == 1) or "train"."""
    r = sid % 5
    return "test" if r == 0 else "valid" if r == 1 else "train"


def debate_fold(name: str) -> int:
    """The cross-validation fold (0-4) of a training debate, from a hash of its name."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 5


def debate_is_validation(name: str) -> bool:
    """Fold 0: the validation debates of model selection."""
    return debate_fold(name) == 0


def training_debates() -> list[Debate]:
    """CLEF training debates, each once, none overlapping a CLEF-2019 or CLEF-2020 test debate."""
    c20 = list(_read_folder(CLEF2020 / "data" / "v2.0" / "training", "clef2020", CLEF2020_TRAIN_EXCLUDED))
    seen = {normalise(t) for d in c20 for t in d.texts if len(normalise(t)) > 40}
    debates = list(c20)
    for d in clef2019("train"):
        keys = [normalise(t) for t in d.texts]
        long = [k for k in keys if len(k) > 40]
        dup = sum(1 for k in long if k in seen)
        if long and dup / len(long) > 0.5:
            continue  # the same debate is in CLEF-2020 training
        kept = tuple(ln for ln, k in zip(d.lines, keys) if not (len(k) > 40 and k in seen))
        debates.append(Debate(d.name, d.source, kept))
    test_keys = {normalise(t) for d in clef2019("test") + clef2020("test") for t in d.texts if len(normalise(t)) > 40}
    for d in debates:
        overlap = sum(1 for t in d.texts if normalise(t) in test_keys)
        if overlap > 5:
            raise DataError(f"training debate {d.name} shares {overlap} sentences with a test debate")
    return debates


def training_examples(include_validation: bool) -> list[Example]:
    """The training pool: CLEF debates + ClaimBuster, minus held-out ClaimBuster sentences.

    With ``include_validation=False`` the validation debates and ClaimBuster validation ids are
    left out too (model selection); the shipped models train with them in.
    """
    cb = claimbuster()
    held_out = {normalise(t) for sid, (t, _) in cb.items() if claimbuster_part(sid) == "test"}
    out = []
    for d in training_debates():
        if not include_validation and debate_is_validation(d.name):
            continue
        for ln in d.lines:
            if normalise(ln.text) in held_out:
                continue
            out.append(Example(ln.text, ln.label, "clef", f"{d.source}/{d.name}", debate_fold(d.name)))
    for sid, (text, label) in sorted(cb.items()):
        part = claimbuster_part(sid)
        if part == "test" or (part == "valid" and not include_validation):
            continue
        out.append(Example(text, label, "claimbuster", "claimbuster", sid % 5))
    return out


def validation_sets() -> tuple[list[Debate], list[tuple[str, int]]]:
    """(validation debates, ClaimBuster validation sentences) for model selection."""
    cb = claimbuster()
    debates = [d for d in training_debates() if debate_is_validation(d.name)]
    sentences = [cb[sid] for sid in sorted(cb) if claimbuster_part(sid) == "valid"]
    return debates, sentences


def claimbuster_test() -> list[tuple[str, int]]:
    """Held-out ClaimBuster sentences (id % 5 == 0) of ``CLAIMBUSTER_EVAL_FILE``."""
    cb = claimbuster()
    return [cb[sid] for sid in sorted(claimbuster_ids(CLAIMBUSTER_EVAL_FILE)) if claimbuster_part(sid) == "test"]


def data_available() -> bool:
    return CLEF2019.is_dir() and CLEF2020.is_dir() and CLAIMBUSTER.is_dir()


# ---- news sentences (our own annotation) -------------------------------------------------------


@dataclass(frozen=True)
class NewsSentence:
    dataset: str
    article: str
    start: int
    end: int
    label: int
    text: str


def news_gold_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("unspin") / "data" / "checkworthiness-news-gold.tsv"))


def news_gold() -> list[NewsSentence]:
    """The 214 annotated news sentences, their text read in place from ../shared/data."""
    from .attribution_eval import article_text

    path = news_gold_path()
    rows, texts = [], {}
    with open(path, encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    if header != ["dataset", "article", "start", "end", "checkworthy"]:
        raise DataError(f"{path}: unexpected header {header}")
    for n, line in enumerate(lines[1:], start=2):
        try:
            dataset, article, start, end, label = line.split("\t")
            key = (dataset, article)
            if key not in texts:
                texts[key] = article_text(dataset, article)
            start, end = int(start), int(end)
            text = texts[key][start:end]
            if not text.strip() or end > len(texts[key]):
                raise ValueError("offsets outside the article")
            rows.append(NewsSentence(dataset, article, start, end, int(label), text))
        except ValueError as err:
            raise DataError(f"{path}: row {n}: {err}") from None
    return rows
