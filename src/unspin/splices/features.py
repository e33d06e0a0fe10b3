"""Style features of sentences and phrases, each measured against the rest of its article.

A spliced-in passage is rarely odd in itself; it is odd *for this article*: a sneering sentence in
dry wire copy, a first-person aside in a third-person report, "Okafur" where the article says
"Okafor" everywhere else. So every unit (a sentence, or a phrase between commas/dashes/brackets
inside a sentence) gets raw features, and then the same features as a difference from, and a
z-score against, the other sentences of the article, and a contrast with its neighbours (for a
phrase: with the rest of its sentence).

Raw features cover register (pronouns, contractions, modals, attribution verbs), loaded vocabulary
(VADER valence, absolutes, superlatives), word rarity and likely misspellings (wordfreq),
capitalisation and punctuation habits, sentence shape (length, parts of speech), named-entity
spelling variants, lexical cohesion with the rest of the article and the change of stance (VADER).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from .. import timelimit
from ..document import Document

RAW = (
    "log_words", "word_len", "cap_mid", "all_caps", "digits", "commas", "exclaim", "question", "quotes",
    "dashes", "parens", "colons", "vader", "vader_abs", "vader_neg", "vader_pos", "zipf", "rare", "unknown",
    "loaded", "first_person", "second_person", "attribution", "adj", "adv", "propn", "pron", "verb", "noun",
    "num", "aux", "superlative", "absolute", "modal", "contraction", "lower_start", "no_end_punct",
    "name_variant", "cohesion",
)
CONTEXT = ("position", "is_first", "is_last", "alone_in_paragraph", "log_sentences", "is_phrase")
NAMES = (*RAW, *(f"d_{n}" for n in RAW), *(f"z_{n}" for n in RAW), *(f"c_{n}" for n in RAW), *CONTEXT)

_FIRST = frozenset("i me my mine we us our ours ourselves myself".split())
_SECOND = frozenset("you your yours yourself yourselves".split())
_ATTRIB = frozenset("said says say told according stated announced reported added noted explained".split())
_ABSOLUTE = frozenset("every everyone everybody everything all never always nothing nobody forever totally completely "
                      "entire whole utterly absolutely truly undeniably clearly obviously".split())
_MODAL = frozenset("must should ought need".split())
_QUOTES = set("\"“”‘’'«»")
_DASHES = set("—–")
_SPLIT_PUNCT = frozenset([",", ";", ":", "—", "–", "(", ")", "--"])
#: a sentence split into more phrases than this is a list, not clauses: only the sentence is scored
#: (each phrase is contrasted with the rest of its sentence, so phrases x sentence length would grow
#: quadratically: a 12 KB one-sentence list of 2,000 commas took minutes)
MAX_PHRASES = 16


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@dataclass(frozen=True)
class Unit:
    """A sentence or a phrase inside one; `sentence` is the index of the sentence it is (or is in)."""

    start: int
    end: int
    sentence: int
    phrase: bool


class _Elsewhere:
    """Membership test: does a lemma occur in some sentence other than sentence `k`?"""

    def __init__(self, counts: dict[str, int], own: set[str]):
        self.counts, self.own = counts, own

    def __contains__(self, lemma: str) -> bool:
        return self.counts.get(lemma, 0) - (1 if lemma in self.own else 0) > 0


def _raw(toks, text: str, sent_start: bool, variants: set[str], elsewhere: _Elsewhere) -> np.ndarray:
    words = [t for t in toks if t.is_alpha]
    n = max(len(words), 1)
    ntok = max(len(toks), 1)
    low = [t.lower_ for t in words]
    vs = _vader().polarity_scores(text)
    lex = _vader().lexicon
    zipfs = [_zipf(w) for w in low]
    mid = words[1:] if sent_start else words
    content = [t.lemma_.lower() for t in toks if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop]
    pos = [t.pos_ for t in toks]
    chars = text
    f = [
        np.log1p(len(words)),
        sum(len(w) for w in low) / n,
        sum(1 for t in mid if t.text[:1].isupper()) / max(len(mid), 1),
        sum(1 for t in words if len(t.text) > 1 and t.text.isupper()) / n,
        sum(1 for t in toks if t.like_num) / ntok,
        chars.count(",") / ntok,
        float("!" in chars),
        float("?" in chars),
        sum(1 for c in chars if c in _QUOTES) / ntok,
        sum(1 for c in chars if c in _DASHES) / ntok + chars.count(" - ") / ntok,
        (chars.count("(") + chars.count(")")) / ntok,
        (chars.count(":") + chars.count(";")) / ntok,
        vs["compound"],
        abs(vs["compound"]),
        vs["neg"],
        vs["pos"],
        float(np.mean(zipfs)) if zipfs else 0.0,
        sum(1 for z in zipfs if z < 3.0) / n,
        sum(1 for t, z in zip(words, zipfs) if z == 0.0 and t.text.islower() and len(t.text) > 2) / n,
        sum(1 for w in low if abs(lex.get(w, 0.0)) >= 1.5) / n,
        sum(1 for w in low if w in _FIRST) / n,
        sum(1 for w in low if w in _SECOND) / n,
        float(any(t.lemma_.lower() in _ATTRIB or t.lower_ in _ATTRIB for t in toks)),
        pos.count("ADJ") / ntok,
        pos.count("ADV") / ntok,
        pos.count("PROPN") / ntok,
        pos.count("PRON") / ntok,
        pos.count("VERB") / ntok,
        pos.count("NOUN") / ntok,
        pos.count("NUM") / ntok,
        pos.count("AUX") / ntok,
        sum(1 for t in toks if t.tag_ in ("JJS", "RBS")) / n,
        sum(1 for w in low if w in _ABSOLUTE) / n,
        sum(1 for w in low if w in _MODAL) / n,
        sum(1 for t in toks if t.text.lower() in ("n't", "'re", "'ll", "'ve", "'m", "’re", "’ll", "’ve", "’m", "n’t")) / n,
        float(sent_start and bool(words) and words[0].text[:1].islower()),
        float(sent_start and text.rstrip()[-1:] not in ".!?\"”’'"),
        sum(1 for t in words if t.text in variants) / n,
        sum(1 for c in content if c in elsewhere) / len(content) if content else 0.5,
    ]
    return np.asarray(f, dtype=np.float64)


def _name_variants(doc: Document) -> set[str]:
    """Proper-noun spellings that are a rarer near-variant of another spelling in the article."""
    counts: dict[str, int] = {}
    for t in doc.spacy:
        if t.pos_ == "PROPN" and t.is_alpha and len(t.text) >= 4:
            counts[t.text] = counts.get(t.text, 0) + 1
    # only spellings with the same first letter and within two letters of each other's length are
    # compared, and difflib's cheap upper bounds go first: comparing every pair had made the layer
    # grow with the square of the names in the article (a live blog of 1,162 names: 1.4 s)
    by_letter: dict[str, list[str]] = {}
    for form in sorted(counts, key=lambda f: (len(f), f)):
        by_letter.setdefault(form[0].lower(), []).append(form)
    out = set()
    for forms in by_letter.values():
        for i, a in enumerate(forms):
            for b in forms[i + 1 :]:
                if len(b) - len(a) > 2:
                    break  # sorted by length: every later form is longer still
                if _near(*sorted((a, b))):  # in alphabetical order, as before: difflib's ratio can depend on it
                    rare = a if counts[a] < counts[b] else b if counts[b] < counts[a] else None
                    if rare and (a.lower() == b.lower() or counts[a] + counts[b] >= 3):
                        out.add(rare)
    return out


def _near(a: str, b: str) -> bool:
    """The same letters, or a difflib ratio of at least 0.8 (its cheap upper bounds tried first)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def units(doc: Document) -> list[Unit]:
    """Every sentence, and the phrases of sentences that punctuation splits in two or more."""
    out = []
    for k, sent in enumerate(doc.sents()):
        out.append(Unit(doc.sentences[k].start, doc.sentences[k].end, k, False))
        pieces, cur = [], []
        for t in sent:
            if t.text in _SPLIT_PUNCT or (t.text == "-" and t.whitespace_):
                if cur:
                    pieces.append(cur)
                cur = []
            elif not t.is_space:
                cur.append(t)
        if cur:
            pieces.append(cur)
        if 2 <= len(pieces) <= MAX_PHRASES:
            for p in pieces:
                if sum(1 for t in p if t.is_alpha) >= 1:
                    out.append(Unit(p[0].idx, p[-1].idx + len(p[-1].text), k, True))
    return out


#: how a unit that stands out on a feature reads to a person, as a noun phrase after "it stands out for":
#: (when higher, when lower than the rest)
CUES = {
    "loaded": ("more emotionally loaded words", None),
    "vader_neg": ("more negative wording", None),
    "vader_abs": ("stronger wording", None),
    "first_person": ("first person (I, we)", None),
    "second_person": ("addressing the reader (you)", None),
    "exclaim": ("an exclamation", None),
    "question": ("a question", None),
    "absolute": ("absolutes (never, always, everyone)", None),
    "superlative": ("superlatives", None),
    "modal": ("commands (must, should)", None),
    "contraction": ("contractions (don't, it's)", None),
    "all_caps": ("words in capitals", None),
    "rare": ("rarer words", None),
    "attribution": (None, "having no attribution (said, according to) where the rest has it"),
    "cohesion": (None, "words the rest of the article does not use"),
    "log_words": ("being much longer", "being much shorter"),
    "adj": ("more adjectives", None),
    "quotes": ("quotation marks", None),
}
#: a feature is named when the unit is this many deviations from the rest of the article
CUE_Z = 2.0


def describe(row: np.ndarray, k: int = 2) -> list[str]:
    """The (at most `k`) ways a unit's feature row `row` (:data:`NAMES`) stands out most from the rest
    of its article, in words; [] when nothing does by :data:`CUE_Z` deviations."""
    found = []
    for name, (up, down) in CUES.items():
        z = float(row[NAMES.index(f"z_{name}")])
        words = up if z >= CUE_Z else down if z <= -CUE_Z else None
        if words:
            found.append((abs(z), words))
    return [w for _, w in sorted(found, reverse=True)[:k]]


def featurize(doc: Document) -> tuple[list[Unit], np.ndarray]:
    """(units, matrix): one row of ``NAMES`` features per unit of the article."""
    sdoc = doc.spacy
    sents = list(doc.sents())
    us = units(doc)
    if not sents:
        return us, np.zeros((0, len(NAMES)))
    variants = _name_variants(doc)
    lemmas = [{t.lemma_.lower() for t in s if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop} for s in sents]
    counts: dict[str, int] = {}
    for ls in lemmas:
        for lemma in ls:
            counts[lemma] = counts.get(lemma, 0) + 1

    def elsewhere(k: int) -> _Elsewhere:
        return _Elsewhere(counts, lemmas[k])

    raw = []
    for k, sent in enumerate(sents):  # the long loop of a long article: the time limit is checked per sentence
        timelimit.check()
        raw.append(_raw(list(sent), sent.text, True, variants, elsewhere(k)))
    sent_raw = np.stack(raw)
    n = len(sents)
    total, total_sq = sent_raw.sum(0), (sent_raw ** 2).sum(0)
    scale = np.maximum(sent_raw.std(0), 0.05)
    para = [doc.paragraph_of(s.start_char) for s in sents]
    per_paragraph: dict[int, int] = {}
    for p in para:
        per_paragraph[p] = per_paragraph.get(p, 0) + 1
    rows = []
    for u in us:
        k = u.sentence
        if u.phrase:
            toks = [t for t in sdoc.char_span(u.start, u.end, alignment_mode="expand")]
            raw = _raw(toks, doc.text[u.start : u.end], False, variants, elsewhere(k))
            rest = [t for t in sents[k] if t.idx < u.start or t.idx >= u.end]
            contrast = raw - (_raw(rest, " ".join(t.text for t in rest), False, variants, elsewhere(k)) if rest else raw)
        else:
            raw = sent_raw[k]
            neigh = [sent_raw[j] for j in (k - 1, k + 1) if 0 <= j < n]
            contrast = raw - np.mean(neigh, axis=0) if neigh else np.zeros_like(raw)
        if n > 1:
            mean = (total - sent_raw[k]) / (n - 1)
            var = np.maximum((total_sq - sent_raw[k] ** 2) / (n - 1) - mean ** 2, 0.0)
        else:
            mean, var = raw, np.zeros_like(raw)
        dev = raw - mean
        z = np.clip(dev / np.maximum(np.sqrt(var), scale), -6, 6)
        alone = per_paragraph[para[k]] == 1
        context = [k / max(n - 1, 1), float(k == 0), float(k == n - 1), float(alone), np.log(n), float(u.phrase)]
        rows.append(np.concatenate([raw, dev, z, contrast, context]))
    return us, np.asarray(rows)

