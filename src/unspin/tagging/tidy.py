"""Span edges a reader can trust, shared by both tiers.

The taggers decide token by token (the CRF over spaCy tokens, the MiniLM head over word pieces), so a
decoded span can start on the "s" of "That’s", end on a comma or on half of a pair of quotes, or be
nothing but "the" tagged as Repetition. :func:`tidy_span` puts each span on whole words, trims what
only punctuates it, and drops a span with no content word at all; both taggers' ``predict`` apply
it, so what is evaluated is what a reader is shown.
"""

from __future__ import annotations

import re

#: words that cannot carry a technique alone, nor explain a span to a reader
FUNCTION_WORDS = frozenset("""a an the and or but nor of to in on at by for with from as into onto upon about is are was
were be been being am it its this that these those he she they we you i his her hers their theirs our ours your yours
my mine me him them us not no so if than then there here what which who whom whose when where why how one ones some
any all each do does did has have had will would shall should can could may might must s t ve ll re d m""".split())

#: words a span does not end on: articles, prepositions and conjunctions that lead into what follows
TRAILING = frozenset("a an the of to for with by in on at from into onto and or but nor as than that".split())
_TRIM = " \t\r\n,;:"
_OPEN, _CLOSE = "\u201c\u2018", "\u201d\u2019"
_LETTERS = re.compile(r"[^\W\d_]+")


def _word_char(text: str, i: int) -> bool:
    """Whether text[i] belongs to a word: a letter or digit, or an apostrophe or hyphen between two."""
    c = text[i]
    if c.isalnum():
        return True
    return c in "'\u2019-" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def tidy_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) on whole words, without edge whitespace, commas, semicolons, colons or unpaired
    quotes; None when what is left has no content word ("the", 'a "', "one")."""
    start, end = max(0, start), min(len(text), end)
    while 0 < start < len(text) and _word_char(text, start - 1) and _word_char(text, start):
        start -= 1
    while 0 < end < len(text) and _word_char(text, end - 1) and _word_char(text, end):
        end += 1
    close = max(text.rfind("\u201d", start, end), text.rfind('"', start, end))
    if start < close < end - 1 and text[close + 1 : end].strip() and len(text[close + 1 : end].split()) <= 3 \
            and text[close + 1] in " \t\n,":
        end = close + 1  # 'to buy a yacht” says former': the quote, not the first words of its attribution
    for _ in range(4):  # each pass may expose another edge to trim
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        inner = text[start:end]
        if inner[:1] == '"' and inner.count('"') % 2:
            start += 1
        elif inner[-1:] == '"' and inner.count('"') % 2:
            end -= 1
        elif inner and inner[0] in _OPEN and not any(c in inner for c in _CLOSE[_OPEN.index(inner[0])]):
            start += 1
        elif inner[-1:] == "\u201d" and "\u201c" not in inner:
            end -= 1
        else:
            break
    while True:  # "repressing the", "wealth of the American people to": a span ends on a word that carries it
        tail = re.search(r"[\s,;:]+([^\W\d_]+)$", text[start:end])
        if not tail or tail.group(1).lower() not in TRAILING:
            break
        end = start + tail.start()
    if start >= end:
        return None
    words = [w.lower() for w in _LETTERS.findall(text[start:end])]
    if not any(len(w) > 1 and w not in FUNCTION_WORDS for w in words):
        return None
    return start, end


#: entity kinds whose words belong together: a span does not end on "Attorney" of "Attorney General Jeff Sessions"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "LOC", "PRODUCT"})


def whole_names(start: int, end: int, names: list[tuple[int, int]]) -> tuple[int, int]:
    """(start, end) widened to take in the whole of a name it cuts: a span that starts or ends inside
    a multi-word name (`names`: sorted (start, end) of entities) covers the name."""
    for a, b in names:
        if a >= end:
            break
        if a < start < b:
            start = a
        if a < end < b:
            end = b
    return start, end


def tidied(text: str, found: list[tuple], entities=None) -> list[tuple]:
    """Decoded spans ``(start, end, ...)`` put through :func:`tidy_span`, the rest of each tuple kept;
    of two spans that tidy to the same edges the first is kept. With `entities` (spaCy's, or spans
    with ``start``/``end``/``label``), a span that cuts a multi-word name is widened to the whole name."""
    names = sorted((e.start, e.end) for e in entities or () if getattr(e, "label", None) in NAME_LABELS
                   and " " in text[e.start:e.end].strip())
    out, seen = [], set()
    for start, end, *rest in found:
        if names:
            start, end = whole_names(start, end, names)
        edges = tidy_span(text, start, end)
        if edges and edges not in seen:
            seen.add(edges)
            out.append((*edges, *rest))
    return out
