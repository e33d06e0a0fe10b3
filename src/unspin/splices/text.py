"""Word tokens with character offsets, normalised for comparison, and the shingles built from them.

Alignment and retrieval compare *normalised* words (NFKC, case-folded, punctuation and whitespace
dropped), so an article that re-wraps, re-cases or re-punctuates its source still matches it; every
token keeps its ``[start, end)`` offsets into the original text so results point back at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
#: alignment keeps a number with its separators as one word ("1,400", "5.93"), so a changed figure
#: reads as one replaced number, not as ",400" dropped and ",700" inserted
_ALIGN_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+", re.UNICODE)

#: words per shingle for MinHash retrieval
SHINGLE = 4


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str


def tokens(text: str) -> list[Token]:
    """The words of `text` (runs of letters/digits/underscore) with offsets and a normal form."""
    return [Token(m.start(), m.end(), _norm(m.group())) for m in _WORD.finditer(text)]


def align_tokens(text: str) -> list[Token]:
    """:func:`tokens`, except that a number keeps its thousands separators and decimal point."""
    return [Token(m.start(), m.end(), _norm(m.group())) for m in _ALIGN_WORD.finditer(text)]


def _norm(word: str) -> str:
    return word.lower() if word.isascii() else unicodedata.normalize("NFKC", word).casefold()


def norm_words(text: str) -> list[str]:
    return [_norm(w) for w in _WORD.findall(text)]


def shingles(words: list[str], k: int = SHINGLE) -> set[str]:
    """Overlapping k-word shingles (a short text gives one shingle of all its words)."""
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
