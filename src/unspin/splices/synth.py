"""Synthetic splices: genuine articles with sentences, paragraphs and phrases from other sources
inserted, and the exact characters that were inserted (the gold standard).

A case is built from one genuine article (Reuters-21578 or BBC News) in four steps, all drawn from
one seeded RNG so a set is the same on every machine:

1. benign edits that a republisher makes and that must *not* be flagged: paragraphs re-wrapped,
   straight quotes made curly, a word re-cased, double spaces, sometimes a sentence left out
   (recorded as dropped);
2. one to three insertions: a sentence inside a paragraph, a paragraph of one to three sentences
   between paragraphs (or as a closing caption), or a phrase inside a genuine sentence, either a
   modifier before a noun ("the so-called protesters") or an apposition after it ("the protesters,
   paid agitators, ...");
3. the inserted text comes from propaganda spans of PTC train articles (never the validation
   articles), sentences of hyperpartisan and fabricated stories, or sentences of other genuine
   articles; among 40 random candidates the one sharing most words with the article is taken, so an
   insertion is on topic and cannot be found by topic change alone;
4. gold: the inserted words, with the character rules of :mod:`.align` (punctuation glued to an
   inserted word is inserted; whitespace next to genuine text is not).

Articles, donors and PTC fragments are split by :func:`.corpus.part` of their own ids (PTC: of the
article they come from), so a model trained on the 'train' part never sees a test article or a test
donor.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import corpus
from .align import char_statuses
from .text import tokens

SOURCES = ("propaganda", "partisan", "genuine")
KINDS = ("sentence", "paragraph", "phrase")

_SENT_END = re.compile(r"(?<=[.!?])[\"”’']?(?=\s+[\"“‘']?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_DETERMINED_NOUN = re.compile(r"\b(?:the|a|an|its|their|his|her|our|this|these|those) ([a-z][a-z-]{3,})(?= )")
_JUNK = re.compile(r"https?:|www\.|@|\bclick\b|\bsubscribe\b|\bshare\b|\bphoto\b|\bvideo\b|\bimage\b|\|", re.I)
_STOP = frozenset(
    "that this with from have were been said will would they their there which about after also more than into "
    "other some what when where while could should over only such most year years last first told says".split()
)


@dataclass
class Insertion:
    start: int
    end: int
    kind: str
    source: str
    text: str


@dataclass
class Case:
    """One benchmark article: the spliced text, its gold inserted characters and its original."""

    id: str
    original_id: str
    original: str
    text: str
    insertions: list[Insertion] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def gold(self) -> list[bool]:
        """Per character of `text`: True when inserted."""
        toks = tokens(self.text)
        flags = [any(i.start <= t.start and t.end <= i.end for i in self.insertions) for t in toks]
        return char_statuses(self.text, toks, flags)


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (regex): good enough to choose where to insert and what to take."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        cuts = [0] + [e.end() for e in _SENT_END.finditer(line)] + [len(line)]
        for a, b in zip(cuts, cuts[1:]):
            seg = line[a:b]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((m.start() + a + lead, m.start() + a + len(seg.rstrip())))
    return out


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in (x.lower() for x in _WORD.findall(text)) if len(w) > 3 and w not in _STOP)


@dataclass
class Donor:
    text: str
    words: frozenset[str]


def _clean_sentence(s: str) -> str | None:
    s = " ".join(s.split())
    n = len(s.split())
    if not 6 <= n <= 45 or _JUNK.search(s) or "\ufffd" in s or not s[0].isupper() or s[-1] not in ".!?\"”":
        return None
    return s


@lru_cache(maxsize=4)
def donor_pools(split: str) -> dict[str, dict[str, list[Donor]]]:
    """{source: {'sentence': [...], 'phrase': [...]}} from the donor corpora of one split."""
    pools: dict[str, dict[str, list[Donor]]] = {s: {"sentence": [], "phrase": []} for s in SOURCES}
    for frag in corpus.ptc_labelled(("Loaded_Language", "Name_Calling,Labeling")):
        if corpus.part(frag.meta["article"]) != split:
            continue
        phrase = frag.text.strip(" .,;:!?\"'“”‘’")
        if 1 <= len(phrase.split()) <= 6 and not re.search(r"[.!?;:\"“”()]", phrase) and not _JUNK.search(phrase) and phrase.isascii():
            if phrase.split()[0] != "I" and phrase[:1].isupper() and phrase[1:2].islower():
                phrase = phrase[0].lower() + phrase[1:]
            pools["propaganda"]["phrase"].append(Donor(phrase, _content(phrase)))
    for frag in corpus.ptc_fragments():
        if corpus.part(frag.meta["article"]) != split:
            continue
        for s, e in sentences(frag.text):
            sent = frag.text[s:e]
            if sent[:1].islower():
                sent = sent[0].upper() + sent[1:]
            if sent and sent[-1] not in ".!?\"”":
                sent += "."
            cleaned = _clean_sentence(sent)
            if cleaned:
                pools["propaganda"]["sentence"].append(Donor(cleaned, _content(cleaned)))
    partisan = [a for a in (*corpus.buzzfeed(), *corpus.fakenewsnet(), *corpus.fake_stories()) if a.kind in ("partisan", "fake")]
    for art in partisan:
        if corpus.part(art.id) != split:
            continue
        for s, e in sentences(art.text):
            cleaned = _clean_sentence(art.text[s:e])
            if cleaned:
                pools["partisan"]["sentence"].append(Donor(cleaned, _content(cleaned)))
    for art in corpus.genuine():
        if corpus.part(art.id) != split:
            continue
        for s, e in sentences(art.text)[:12]:
            cleaned = _clean_sentence(art.text[s:e])
            if cleaned:
                pools["genuine"]["sentence"].append(Donor(cleaned, _content(cleaned)))
    return pools


@lru_cache(maxsize=4)
def targets(split: str, *, min_sentences: int = 5, max_chars: int = 5000) -> tuple[corpus.Article, ...]:
    """Genuine articles of one split long enough to splice into, in a stable order."""
    out = []
    for a in corpus.genuine():
        if corpus.part(a.id) != split or len(a.text) > max_chars:
            continue
        spans = sentences(a.text)
        prose = sum(1 for s, e in spans if a.text[e - 1] in ".!?\"”'" and len(a.text[s:e].split()) >= 6)
        if len(spans) >= min_sentences and prose >= 0.8 * len(spans):  # not a table of figures
            out.append(a)
    return tuple(sorted(out, key=lambda a: a.id))


def _pick(rng: random.Random, pool: list[Donor], topic: frozenset[str], used: set[str]) -> str | None:
    if not pool:
        return None
    best, best_score = None, -1.0
    for _ in range(40):
        d = rng.choice(pool)
        if d.text in used:
            continue
        score = len(d.words & topic) + rng.random() * 0.5
        if score > best_score:
            best, best_score = d, score
    if best is not None:
        used.add(best.text)
    return best.text if best else None


def _benign_edits(rng: random.Random, text: str, dropped: list[str]) -> str:
    if rng.random() < 0.3:
        spans = sentences(text)
        if len(spans) >= 6:
            s, e = spans[rng.randrange(1, len(spans) - 1)]
            dropped.append(text[s:e])
            text = text[:s] + text[e:].lstrip(" ")
    if rng.random() < 0.4:
        text = re.sub(r'"(?=\w)', "\u201c", text).replace('"', "\u201d").replace("'", "\u2019")
    if rng.random() < 0.3:
        text = re.sub(r"\n\n+", "\n", text) if "\n\n" in text else text.replace("\n", "\n\n")
    if rng.random() < 0.3:
        text = re.sub(r"([.!?]) (?=[A-Z])", r"\1  ", text)
    if rng.random() < 0.3:
        caps = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]+", text)]
        if caps:
            m = rng.choice(caps)
            text = text[: m.start()] + m.group().lower() + text[m.end() :]
    return text


def _insertion(rng: random.Random, text: str, kind: str, piece: str, taken: set[int]) -> tuple[int, str, int, int] | None:
    """(position, string to insert, inserted-part start, end within the string), or None."""
    para_sep = "\n\n" if "\n\n" in text else "\n"
    if kind == "sentence":
        ends = [e for s, e in sentences(text) if e < len(text) and text[e] == " " and e not in taken]
        if not ends:
            return None
        pos = rng.choice(ends)
        return pos, " " + piece, 1, 1 + len(piece)
    if kind == "paragraph":
        ends = [m.end() for m in re.finditer(r"[^\n]+", text)]
        pos = rng.choice([0] + ends)
        if pos in taken:
            return None
        if pos == 0:
            return 0, piece + para_sep, 0, len(piece)
        return pos, para_sep + piece, len(para_sep), len(para_sep) + len(piece)
    nouns = [m for m in _DETERMINED_NOUN.finditer(text) if m.group(1) not in _STOP]
    if not nouns:
        return None
    m = rng.choice(nouns)
    if len(piece.split()) <= 3 and rng.random() < 0.6:  # a modifier: "the so-called protesters"
        pos = m.start(1)
        return (pos, piece + " ", 0, len(piece)) if pos not in taken else None
    pos = m.end(1)  # an apposition: "the protesters, paid agitators, gathered"
    return (pos, ", " + piece + ",", 2, 3 + len(piece)) if pos not in taken else None


def splice(rng: random.Random, article: corpus.Article, pools, *, kinds=KINDS, sources=SOURCES,
           n_insertions: tuple[int, int] = (1, 3), edits: bool = True, case_id: str = "") -> Case:
    """One case from `article` (see the module docstring); kinds=() gives an unspliced case."""
    dropped: list[str] = []
    text = _benign_edits(rng, article.text, dropped) if edits else article.text
    topic = _content(text)
    used: set[str] = set()
    plans: list[tuple[int, str, int, int, str, str]] = []
    taken: set[int] = set()
    n = rng.randint(*n_insertions) if kinds else 0
    for _ in range(n):
        for _attempt in range(5):
            kind, source = rng.choice(kinds), rng.choice(sources)
            if kind == "phrase":
                source = "propaganda"  # short loaded phrases exist only as PTC spans
            pool = pools[source]["phrase" if kind == "phrase" else "sentence"]
            if kind == "paragraph":
                k = rng.randint(1, 3)
                parts = [p for p in (_pick(rng, pool, topic, used) for _ in range(k)) if p]
                piece = " ".join(parts) if parts else None
            else:
                piece = _pick(rng, pool, topic, used)
            if not piece:
                continue
            plan = _insertion(rng, text, kind, piece, taken)
            if plan:
                taken.add(plan[0])
                plans.append((*plan, kind, source))
                break
    plans.sort(key=lambda p: p[0])
    out, insertions, shift, last = [], [], 0, 0
    for pos, string, a, b, kind, source in plans:
        out.append(text[last:pos])
        start = pos + shift
        insertions.append(Insertion(start + a, start + b, kind, source, string[a:b]))
        out.append(string)
        shift += len(string)
        last = pos
    out.append(text[last:])
    return Case(case_id or article.id, article.id, article.text, "".join(out), insertions, dropped)


def make_cases(split: str, n: int, *, seed: int, kinds=KINDS, sources=SOURCES, unspliced: float = 0.0,
               edits: bool = True, max_chars: int = 5000) -> list[Case]:
    """`n` cases from the genuine articles of `split`; a share `unspliced` gets no insertion."""
    rng = random.Random(seed)
    pool = targets(split, max_chars=max_chars)
    chosen = rng.sample(pool, min(n, len(pool)))
    donors = donor_pools(split)
    cases = []
    for k, article in enumerate(chosen):
        spliced = rng.random() >= unspliced
        cases.append(splice(rng, article, donors, kinds=kinds if spliced else (), sources=sources, edits=edits,
                            case_id=f"{split}-{seed}-{k}"))
    return cases
