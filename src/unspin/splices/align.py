"""Character-level alignment of an article with the reference(s) it was built from.

Words are compared in normal form (case-folded, NFKC; punctuation and whitespace are not words), so
re-wrapping, re-casing and re-punctuating a source does not count as a change. The article's words
are aligned with the reference's by longest matching blocks (difflib), in order; then word runs
that the article moved are found by 5-word anchors anywhere in the reference. Each article word
is then ``matched`` or ``inserted``, and each character takes the status of the word it belongs to:

- punctuation glued to a word (``forever.``, ``"We``) goes with that word;
- whitespace between two inserted words is inserted; any other whitespace is matched.

So "the protesters" → "the so-called protesters, paid agitators" marks exactly ``so-called`` and
``paid agitators,`` as inserted. Reference words the article left out are reported as ``dropped``,
with the article offset where they would have been.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .text import Token, align_tokens

MATCHED, INSERTED = "matched", "inserted"
#: a matched run shorter than this, with more than a word or two replaced on either side of it, is a coincidence
MIN_ISOLATED = 3
#: words an edit may replace beside a short matched run ("the minister resigned" -> "the disgraced minister quit")
MAX_REPLACED = 2
#: words a moved run must share with the reference to count as moved rather than inserted
MOVE_ANCHOR = 5


@dataclass
class Segment:
    """A run of article characters with one status; matched runs say where they are in the reference."""

    start: int
    end: int
    status: str
    ref: int | None = None  # which reference (index into Alignment.references)
    ref_start: int | None = None
    ref_end: int | None = None


@dataclass
class Dropped:
    """Reference text the article does not carry."""

    ref: int
    start: int  # offsets into the reference text
    end: int
    text: str
    at: int  # article offset where it would have been


def matched_percent(coverage: float) -> int:
    """A coverage as the whole percentage readers see: never 100 unless everything matched (an
    article with a word inserted is not "100% matched"), so it and the inserted share add up."""
    return min(round(100 * coverage), 99) if coverage < 1 else 100


@dataclass
class Alignment:
    segments: list[Segment]
    dropped: list[Dropped]
    references: list[str] = field(default_factory=list)  # reference ids, primary first
    matched_words: int = 0
    article_words: int = 0

    @property
    def coverage(self) -> float:
        """Share of the article's words found in the reference(s)."""
        return self.matched_words / self.article_words if self.article_words else 0.0

    def inserted(self) -> list[Segment]:
        return [s for s in self.segments if s.status == INSERTED]


def word_links(a: list[Token], b: list[Token]) -> list[int]:
    """For each article word, the index of the reference word it matches, or -1."""
    link = [-1] * len(a)
    if not a or not b:
        return link
    x, y = [t.norm for t in a], [t.norm for t in b]
    # the common head and tail first: difflib is quadratic on repetitive text, and a doctored copy is
    # mostly its original ("The strike goes on." x 2,000 took 26 s to align with itself)
    head = 0
    while head < min(len(x), len(y)) and x[head] == y[head]:
        head += 1
    tail = 0
    while tail < min(len(x), len(y)) - head and x[-1 - tail] == y[-1 - tail]:
        tail += 1
    blocks = [(0, 0, head)] if head else []
    inner = _contained(x[head : len(x) - tail], y[head : len(y) - tail])
    if inner is None:
        sm = SequenceMatcher(None, x[head : len(x) - tail], y[head : len(y) - tail], autojunk=False)
        inner = [(i, j, n) for i, j, n in sm.get_matching_blocks() if n]
    blocks += [(i + head, j + head, n) for i, j, n in inner]
    blocks += [(len(x) - tail, len(y) - tail, tail)] if tail else []
    blocks = _drop_coincidences(blocks, len(x), len(y))
    for i, j, n in blocks:
        for k in range(n):
            link[i + k] = j + k
    _link_moved(a, b, link)
    return link


def _contained(x: list[str], y: list[str]) -> list[tuple[int, int, int]] | None:
    """The one matching block when either word list holds the other whole, as a run (an original
    with a new opening and ending, or an excerpt of it); None otherwise. difflib finds the same
    block (the longest, at its first place), but in time quadratic on repetitive text: a repeated
    sentence with text added at both ends took minutes at 160,000 characters."""
    if not x or not y:
        return None
    long_, short, swap = (x, y, False) if len(x) >= len(y) else (y, x, True)
    sep = "\x00"  # normal forms are runs of word characters: never this
    hay, needle = sep + sep.join(long_) + sep, sep + sep.join(short) + sep
    at = hay.find(needle)
    if at < 0:
        return None
    k = hay.count(sep, 0, at)  # words before the match
    return [(0, k, len(short))] if swap else [(k, 0, len(short))]


def _boundary(text: str, toks: list[Token], p: int) -> bool:
    """Whether a gap starting at word `p` starts a sentence or a line."""
    return p == 0 or any(c in ".!?\n" for c in text[toks[p - 1].end : toks[p].start])


def slide_gaps(article: str, a: list[Token], ref_text: str, b: list[Token], link: list[int]) -> None:
    """Move each pure insertion or deletion to a sentence boundary when the words allow it.

    Word alignment cannot tell "[The mayor ... demands.] The council" from "The [mayor ... demands.
    The] council" (same words); readers expect the first, so gaps slide left over repeated words
    while that lands them on a boundary.
    """
    i = 0
    while i + 1 < len(a):  # deletions: reference words [p, q) missing between article words i and i+1
        p, q = link[i] + 1, link[i + 1]
        if link[i] >= 0 and q > p and not _boundary(ref_text, b, p):
            shift = 0
            while (i - shift >= 0 and link[i - shift] == p - 1 - shift and p - 1 - shift >= 0
                   and b[p - 1 - shift].norm == b[q - 1 - shift].norm):
                shift += 1
                if _boundary(ref_text, b, p - shift):
                    for t in range(shift):
                        link[i - t] = q - 1 - t
                    break
        i += 1
    i = 1
    while i < len(a):  # insertions: article words [p, q) unlinked between linked neighbours
        if link[i] >= 0 or link[i - 1] < 0:
            i += 1
            continue
        p = i
        q = p
        while q < len(a) and link[q] < 0:
            q += 1
        if q < len(a) and link[q] == link[p - 1] + 1 and not _boundary(article, a, p):
            shift = 0
            while p - 1 - shift >= 0 and link[p - 1 - shift] >= 0 and a[p - 1 - shift].norm == a[q - 1 - shift].norm:
                shift += 1
                if _boundary(article, a, p - shift):
                    for t in range(shift):
                        link[q - 1 - t] = link[p - 1 - t]
                        link[p - 1 - t] = -1
                    break
        i = q + 1


def _drop_coincidences(blocks: list, n_article: int, n_reference: int) -> list:
    """Remove short matched runs that are not part of a genuine sentence the article edited: a stray
    'the' inside a fabrication, 'employers' in an inserted sentence because the reference's
    '... taxpayers, not employers.' was dropped there.

    A short run is kept only when each of its sides reads as an edit of the sentence: the article
    only added words there ("the [so-called] protesters"), only left words out ("the [angry]
    protesters"), or replaced a word or two ("the disgraced minister [quit] on Tuesday" for "the
    minister [resigned] on Tuesday"). Where more text was replaced on a side, the run floats in the
    replacement and its words are inserted; runs are dropped one at a time, so two short runs joined
    only to each other ("rose 12p [to] 845p ... [The] UK Treasury") go too."""
    blocks = list(blocks)
    k = 0
    while k < len(blocks):
        i, j, n = blocks[k]
        before = blocks[k - 1] if k > 0 else (0, 0, 0)
        after = blocks[k + 1] if k + 1 < len(blocks) else (n_article, n_reference, 0)
        # words of the article's own and of the reference's on each side (both: text replaced)
        sides = [(i - before[0] - before[2], j - before[1] - before[2]), (after[0] - i - n, after[1] - j - n)]
        if n < MIN_ISOLATED and any(min(side) > 0 and max(side) > MAX_REPLACED for side in sides):
            del blocks[k]
            k = max(k - 1, 0)  # only the run before it has a new neighbour
        else:
            k += 1
    return blocks


def _link_moved(a: list[Token], b: list[Token], link: list[int]) -> None:
    """Link unmatched article runs that occur elsewhere in the reference (moved paragraphs)."""
    used = {j for j in link if j >= 0}
    grams: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(b) - MOVE_ANCHOR + 1):
        if not any(j + d in used for d in range(MOVE_ANCHOR)):
            grams.setdefault(tuple(t.norm for t in b[j : j + MOVE_ANCHOR]), []).append(j)
    if not grams:
        return
    i = 0
    while i <= len(a) - MOVE_ANCHOR:
        if link[i] >= 0 or any(link[i + d] >= 0 for d in range(MOVE_ANCHOR)):
            i += 1
            continue
        starts = grams.get(tuple(t.norm for t in a[i : i + MOVE_ANCHOR]))
        if not starts:
            i += 1
            continue
        j = starts[0]
        n = 0
        while i + n < len(a) and j + n < len(b) and link[i + n] < 0 and (j + n) not in used and a[i + n].norm == b[j + n].norm:
            link[i + n] = j + n
            used.add(j + n)
            n += 1
        i += max(n, 1)


def char_statuses(text: str, toks: list[Token], inserted: list[bool]) -> list[bool]:
    """Per character: True when inserted, by the word rules in the module docstring."""
    out = [False] * len(text)
    if not toks:
        return out
    for t, ins in zip(toks, inserted):
        if ins:
            out[t.start : t.end] = [True] * (t.end - t.start)
    bounds = [(None, 0, toks[0].start, inserted[0])]
    bounds += [(inserted[k], toks[k].end, toks[k + 1].start, inserted[k + 1]) for k in range(len(toks) - 1)]
    bounds.append((inserted[-1], toks[-1].end, len(text), None))
    for left, g0, g1, right in bounds:
        if g0 >= g1:
            continue
        if left and right:
            out[g0:g1] = [True] * (g1 - g0)
            continue
        if left:  # punctuation glued to the end of an inserted word
            k = g0
            while k < g1 and not text[k].isspace():
                out[k] = True
                k += 1
        if right:  # punctuation glued to the start of an inserted word
            k = g1
            while k > g0 and not text[k - 1].isspace():
                out[k - 1] = True
                k -= 1
    return out


def align(article: str, references: list[tuple[str, str]], *, min_extra: int = 8) -> Alignment:
    """Align `article` with references ``[(id, text), ...]``, the primary (best) one first.

    Secondary references only claim runs of at least `min_extra` words the primary did not match
    (an article stitched from two wires). Dropped text is reported for the primary reference.
    """
    a = align_tokens(article)
    owner = [-1] * len(a)  # which reference matched each article word
    where = [-1] * len(a)  # and which of its words
    dropped: list[Dropped] = []
    ref_tokens = []
    for r, (_, ref_text) in enumerate(references):
        b = align_tokens(ref_text)
        ref_tokens.append(b)
        link = word_links(a, b)
        slide_gaps(article, a, ref_text, b, link)
        if r == 0:
            for i, j in enumerate(link):
                if j >= 0:
                    owner[i], where[i] = 0, j
            dropped = _dropped(article, a, ref_text, b, link)
            continue
        i = 0
        while i < len(a):
            if owner[i] < 0 and link[i] >= 0:
                k = i
                while k < len(a) and owner[k] < 0 and link[k] >= 0:
                    k += 1
                if k - i >= min_extra:
                    for m in range(i, k):
                        owner[m], where[m] = r, link[m]
                i = k
            else:
                i += 1
    inserted = [o < 0 for o in owner]
    flags = char_statuses(article, a, inserted)
    segments = _segments(article, a, flags, owner, where, ref_tokens)
    return Alignment(segments, dropped, [rid for rid, _ in references], sum(1 for o in owner if o >= 0), len(a))


def _segments(text: str, a: list[Token], flags: list[bool], owner: list[int], where: list[int], ref_tokens) -> list[Segment]:
    segments: list[Segment] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or flags[k] != flags[start]:
            segments.append(Segment(start, k, INSERTED if flags[start] else MATCHED))
            start = k
    # split matched runs where the reference changes or jumps, and give each its reference offsets
    out: list[Segment] = []
    for seg in segments:
        if seg.status == INSERTED:
            out.append(seg)
            continue
        words = [i for i, t in enumerate(a) if t.start >= seg.start and t.end <= seg.end and owner[i] >= 0]
        if not words:
            out.append(seg)
            continue
        pieces, cur = [], [words[0]]
        for i in words[1:]:
            # a new piece where the reference changes or its position jumps (words of it left out,
            # paragraphs moved), so that each piece's reference range is text it actually matched
            if owner[i] != owner[cur[-1]] or where[i] != where[cur[-1]] + 1:
                pieces.append(cur)
                cur = [i]
            else:
                cur.append(i)
        pieces.append(cur)
        for p, piece in enumerate(pieces):
            s = seg.start if p == 0 else a[piece[0]].start
            e = seg.end if p == len(pieces) - 1 else a[pieces[p + 1][0]].start
            r = owner[piece[0]]
            toks = ref_tokens[r]
            js = [where[i] for i in piece]
            out.append(Segment(s, e, MATCHED, r, toks[min(js)].start, toks[max(js)].end))
    return out


def _dropped(article: str, a: list[Token], ref_text: str, b: list[Token], link: list[int]) -> list[Dropped]:
    used = [False] * len(b)
    for j in link:
        if j >= 0:
            used[j] = True
    # article position of each reference word that is used, to place what was dropped
    placed = {j: i for i, j in enumerate(link) if j >= 0}
    out = []
    j = 0
    while j < len(b):
        if used[j]:
            j += 1
            continue
        k = j
        while k < len(b) and not used[k]:
            k += 1
        before = [placed[m] for m in range(j - 1, -1, -1) if m in placed][:1]
        at = a[before[0]].end if before else 0
        if at < len(article) and before and not article[at].isspace():
            while at < len(article) and not article[at].isspace():
                at += 1
        start, end = b[j].start, b[k - 1].end
        limit_left = b[j - 1].end if j > 0 else 0
        limit_right = b[k].start if k < len(b) else len(ref_text)
        while start > limit_left and not ref_text[start - 1].isspace():  # glued punctuation goes too
            start -= 1
        while end < limit_right and not ref_text[end].isspace():
            end += 1
        out.append(Dropped(0, start, end, ref_text[start:end], at))
        j = k
    return out
