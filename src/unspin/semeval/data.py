"""Readers and writers for the SemEval-2020 Task 11 formats.

Articles are ``article<ID>.txt``; SI labels are ``<id>\\t<start>\\t<end>``; TC labels and templates
are ``<id>\\t<technique>\\t<start>\\t<end>`` (``?`` as the technique in a template).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..paths import CHECKOUT, DEFAULT_DATA

_ARTICLE = re.compile(r"^article(\d+)\.txt$")

#: the environment variable that names the folder of datasets training and evaluation read
DATA_ENV = "UNSPIN_DATA"
#: where the datasets live: $UNSPIN_DATA, else ../shared/data beside the project checkout (CI's layout),
#: or shared/data in the current directory for an installed unspin (:mod:`unspin.paths`)
SHARED = Path(os.environ[DATA_ENV]).expanduser().resolve() if os.environ.get(DATA_ENV) else DEFAULT_DATA
PTC = SHARED / "ptc-semeval2020"
#: what every "dataset missing" message ends with
DATA_HINT = (f"unspin reads its training and evaluation datasets from {SHARED}"
             + ("" if os.environ.get(DATA_ENV) or CHECKOUT else f" (unspin is installed, not run from a checkout, and {DATA_ENV} is not set)")
             + f"; set {DATA_ENV} to the folder that holds them (README, 'Data for training and evaluation')")


@dataclass(frozen=True)
class Label:
    article_id: str
    start: int
    end: int
    technique: str | None = None


def read_articles(folder: str | Path) -> dict[str, str]:
    """``{article_id: text}`` for every ``article*.txt`` in `folder` (read exactly, UTF-8)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder of SemEval articles (article<ID>.txt)")
    out = {}
    for path in sorted(folder.iterdir()):
        m = _ARTICLE.match(path.name)
        if m:
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    out[m.group(1)] = fh.read()
            except UnicodeDecodeError as err:
                raise DataError(f"{path} is not UTF-8 text (byte {err.start}); SemEval articles are UTF-8") from None
            except OSError as err:
                raise DataError(f"cannot read {path}: {err.strerror or err}") from None
    if not out:
        raise DataError(f"{folder} holds no article<ID>.txt files")
    return out


def _lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise DataError(f"{path} is not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise DataError(f"cannot read {path}: {err.strerror or err}") from None


def _offsets(path, lineno: int, line: str, *values: str) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise DataError(f"{path}:{lineno}: start and end must be whole numbers, got {line!r}") from None


def read_si(path: str | Path) -> list[Label]:
    labels = []
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise DataError(f"{path}:{lineno}: expected 'id<TAB>start<TAB>end', got {line!r}")
        labels.append(Label(parts[0], *_offsets(path, lineno, line, parts[1], parts[2])))
    return labels


def read_tc(path: str | Path) -> list[Label]:
    labels = []
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise DataError(f"{path}:{lineno}: expected 'id<TAB>technique<TAB>start<TAB>end', got {line!r}")
        labels.append(Label(parts[0], *_offsets(path, lineno, line, parts[2], parts[3]), parts[1]))
    return labels


def format_si(labels: list[Label]) -> str:
    return "".join(f"{l.article_id}\t{l.start}\t{l.end}\n" for l in labels)


def format_tc(labels: list[Label]) -> str:
    return "".join(f"{l.article_id}\t{l.technique}\t{l.start}\t{l.end}\n" for l in labels)


def group(labels: list[Label]) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = {}
    for l in labels:
        out.setdefault(l.article_id, []).append(l)
    return out
