"""The fixed article-level validation split of PTC train (the official dev/test sets are withheld).

The list of validation article ids is committed (``unspin/data/ptc-validation-ids.txt``) and its
hash is checked by the quality gate, so a model can never be tuned on a silently changed split.
Regenerate (it is deterministic) with ``python -m unspin.semeval.split``.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from .data import PTC, read_articles

SEED = 2020
FRACTION = 0.2
IDS_FILE = Path(__file__).resolve().parent.parent / "data" / "ptc-validation-ids.txt"


def make_split(article_ids: list[str], seed: int = SEED, fraction: float = FRACTION) -> list[str]:
    ids = sorted(article_ids)
    rng = random.Random(seed)
    rng.shuffle(ids)
    return sorted(ids[: round(len(ids) * fraction)])


def validation_ids() -> list[str]:
    return IDS_FILE.read_text(encoding="utf-8").split()


def ids_hash() -> str:
    return hashlib.sha256(IDS_FILE.read_bytes()).hexdigest()


def split_articles(articles: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(train, validation) by the committed id list."""
    val = set(validation_ids())
    return ({k: v for k, v in articles.items() if k not in val}, {k: v for k, v in articles.items() if k in val})


if __name__ == "__main__":  # pragma: no cover
    ids = make_split(list(read_articles(PTC / "train-articles")))
    IDS_FILE.write_text("\n".join(ids) + "\n", encoding="utf-8")
    print(f"wrote {len(ids)} ids to {IDS_FILE}")
