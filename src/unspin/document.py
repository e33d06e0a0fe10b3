"""The Document: one article, parsed once.

Built from the exact text that offsets index (no normalisation that shifts them). Analysers read a
Document and never re-tokenise: tokens, sentences, paragraphs and entities all carry half-open
``[start, end)`` character offsets into ``Document.text``; ``Document.spacy`` is the underlying
spaCy Doc for analysers that need the parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from .errors import EmptyInput

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str = ""

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class Document:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    spacy: Any = None  # spacy.tokens.Doc over exactly `text`
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    #: per-document cache shared by analysers (e.g. one MiniLM encoder pass feeding several models)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, meta: dict[str, Any] | None = None, *, nlp=None, parsed=None) -> "Document":
        """Parse `text` (exactly as given) into a Document; `parsed`: a spaCy Doc of `text` made
        before (read from a parse cache), used instead of parsing it again."""
        if not isinstance(text, str):
            raise TypeError(f"Document.from_text takes str, not {type(text).__name__}")
        if not text.strip():
            raise EmptyInput("the article is empty: there is no text to analyse")
        from .inputs import check_size

        check_size(text)
        if parsed is not None:
            sdoc = parsed
        else:
            from . import nlp as _nlp

            sdoc = _nlp.parse(nlp or _nlp.load(), text)
        assert sdoc.text == text, "spaCy changed the text: offsets would not round-trip"
        doc = cls(text=text, meta=dict(meta or {}), spacy=sdoc)
        doc.paragraphs = _paragraphs(text, sdoc.user_data.get("hard_wrapped"))
        doc.tokens = [Span(t.idx, t.idx + len(t.text), t.pos_) for t in sdoc if not t.is_space]
        for sent in sdoc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                doc.sentences.append(Span(words[0].idx, words[-1].idx + len(words[-1].text)))
        # spaCy can end an entity on a whitespace token (e.g. a form feed): trimmed like every other span
        doc.entities = [Span(*_strip(text, e.start_char, e.end_char), e.label_) for e in sdoc.ents if e.text.strip()]
        return doc

    # ---- navigation ------------------------------------------------------------------------
    def span_text(self, span: Span | tuple[int, int]) -> str:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        return self.text[start:end]

    def sents(self) -> Iterator[Any]:
        """spaCy sentence spans matching ``self.sentences`` (whitespace trimmed)."""
        for sent in self.spacy.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                yield self.spacy[words[0].i : words[-1].i + 1]

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph holding `offset`, or -1 (paragraphs are in order and do not overlap)."""
        i = bisect.bisect_right(self.paragraphs, offset, key=lambda p: p.start) - 1
        return i if i >= 0 and offset < self.paragraphs[i].end else -1


def _paragraphs(text: str, wrapped: bool | None = None) -> list[Span]:
    """One paragraph per line; in hard-wrapped text, one per block of lines that a blank line, an
    indented line or a bullet ("- ", "* ", "\u2022 ") starts. `wrapped`: what the parse found (None: find out here)."""
    lines = [Span(*_strip(text, m.start(), m.end())) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    if wrapped is None:
        from .nlp import hard_wrapped

        wrapped = hard_wrapped(text)
    if not wrapped:
        return lines
    blocks: list[Span] = []
    for line in lines:
        new_block = not blocks or text[blocks[-1].end : line.start].count("\n") > 1 or text[line.start - 1] in " \t" \
            or text[line.start : line.start + 2] in ("- ", "* ", "\u2022 ")  # a bullet point starts its own line
        if new_block:
            blocks.append(line)
        else:
            blocks[-1] = Span(blocks[-1].start, line.end)
    return blocks


def headline(text: str) -> Span | None:
    """A plain-text article's headline: its first line, when it stands alone (a blank line follows),
    is at most 150 characters and does not end like a sentence part (". : ; ,"). None otherwise.
    (Text extracted from a page gets its headline this way: ``inputs._with_headline``.)"""
    start, end = _strip(text, 0, len(text))
    line_end = text.find("\n", start, end)
    if line_end < 0 or not text[line_end + 1 : end].lstrip(" \t\r").startswith("\n"):
        return None
    start, line_end = _strip(text, start, line_end)
    first = " ".join(text[start:line_end].split())
    if not first or len(first) > 150 or first.endswith((".", ":", ";", ",")):
        return None
    return Span(start, line_end, "headline")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` without the white space (and byte-order mark) at either end."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
