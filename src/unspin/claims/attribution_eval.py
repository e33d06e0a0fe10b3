"""The attribution gold set: read it, rebuild its text from ../shared/data, score the analyser.

``data/attribution-gold.tsv`` holds, per annotated sentence, the dataset, the article id, the
sentence's character offsets into the article text as read by :func:`article_text`, the label
(``named`` | ``vague`` | ``none``), the source span when one is named, and the split (``dev`` for
the half the rules were developed on, ``test`` for the other). It never holds the text itself:
the text is read in place from ../shared/data.

``unspin evaluate attribution`` prints precision, recall and F1 per label, accuracy and the
confusion matrix (``no claim`` is the column for gold sentences the analyser did not keep).
"""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import DataError
from ..report import ATTRIBUTION_KINDS

DATASETS = ("reuters21578", "bbc-news-2005", "buzzfeed-webis-2016", "ptc-semeval2020")
NO_CLAIM = "no claim"
GOLD_COLUMNS = ("dataset", "article", "start", "end", "label", "source_start", "source_end", "split")


def _shared() -> Path:
    from ..semeval.data import SHARED

    return SHARED


# ---- article text, exactly as the offsets index it -----------------------------------------------
_REUTERS_DOC = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
_REUTERS_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_CONTROL_REF = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")


_HARD_WRAP = re.compile(r"\n(?![ \n])")


def reuters_text(raw_body: str) -> str:
    """A Reuters-21578 ``<BODY>`` as text: control-character references dropped, entities decoded,
    and the wire's hard line wraps (a newline not followed by the paragraph indent) turned into
    spaces, so sentences are not cut at every line end."""
    return _HARD_WRAP.sub(" ", html.unescape(_CONTROL_REF.sub("", raw_body)))


def article_text(dataset: str, article: str, root: Path | None = None) -> str:
    """The text of one article of `dataset`, exactly as the gold offsets index it.

    Ids: reuters21578 ``NEWID``; bbc-news-2005 ``<class>/<NNN>``; buzzfeed-webis-2016 the XML file
    stem (``0001``, its ``<mainText>``); ptc-semeval2020 the article number.
    """
    root = root or _shared()
    try:
        if dataset == "reuters21578":
            newid = int(article)
            path = root / dataset / f"reut2-{(newid - 1) // 1000:03d}.sgm"
            raw = path.read_text(encoding="latin-1")
            for m in _REUTERS_DOC.finditer(raw):
                if m.group(1) == article:
                    body = _REUTERS_BODY.search(m.group(2))
                    if body is None:
                        raise DataError(f"Reuters-21578 story {article} has no <BODY>")
                    return reuters_text(body.group(1))
            raise DataError(f"no Reuters-21578 story with NEWID {article} in {path}")
        if dataset == "bbc-news-2005":
            data = (root / dataset / "bbc" / f"{article}.txt").read_bytes()
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:  # one file (sport/199) is Latin-1
                return data.decode("latin-1")
        if dataset == "buzzfeed-webis-2016":
            tree = ET.parse(root / dataset / "articles" / f"{article}.xml")
            return tree.getroot().findtext("mainText") or ""
        if dataset == "ptc-semeval2020":
            path = root / dataset / "train-articles" / f"article{article}.txt"
            with open(path, encoding="utf-8", newline="") as fh:
                return fh.read()
    except (OSError, ValueError, ET.ParseError) as err:
        raise DataError(f"cannot read {dataset} article {article!r} under {root}: {err}") from err
    raise DataError(f"unknown gold dataset {dataset!r}; known: {', '.join(DATASETS)}")


# ---- the gold file -------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldSentence:
    dataset: str
    article: str
    start: int
    end: int
    label: str
    source_start: int | None = None
    source_end: int | None = None
    split: str = "test"


def gold_path() -> Path:
    return Path(str(resources.files("unspin") / "data" / "attribution-gold.tsv"))


def read_gold(path: str | Path | None = None) -> list[GoldSentence]:
    """Read the gold TSV (header line first; ``#`` lines are comments)."""
    path = Path(path) if path else gold_path()
    if not path.is_file():
        raise DataError(f"attribution gold file {path} is missing")
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for lineno, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        try:
            label = row["label"]
            if label not in ATTRIBUTION_KINDS:
                raise ValueError(f"label {label!r} is not one of {ATTRIBUTION_KINDS}")
            s_start, s_end = row.get("source_start") or "", row.get("source_end") or ""
            rows.append(
                GoldSentence(
                    row["dataset"], row["article"], int(row["start"]), int(row["end"]), label,
                    int(s_start) if s_start else None, int(s_end) if s_end else None, row.get("split") or "test",
                )
            )
        except (KeyError, ValueError, TypeError) as err:
            raise DataError(f"{path}: row {lineno}: {err}") from err
    return rows
