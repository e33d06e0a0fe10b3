"""What the pass over an article remembers: its entities, speaker turns and datelines, the latest
person and other source, the people quoted with their titles, and who the article marks as a woman
or a man.
"""

from __future__ import annotations

import bisect

from .attribution_cues import Cue
from .attribution_quotes import _inside, _Spans, _Turn
from .attribution_words import _COMPANY, FEMALE, MALE, PERSON_PRONOUNS, QUANTIFIER_PRONOUNS, _name_words, _names_a_role


def _genders(entities) -> dict[str, str]:
    """{surname: "f" or "m"} for the people the article marks: an honorific before the name ("Mrs
    Lopez", "Sir John Major"), or a gendered noun the name is in apposition to or compounded with
    ("his wife, Anna Smith", "First Lady Michelle Obama"). A name marked both ways is left out."""
    out: dict[str, set[str]] = {}
    for e in entities:
        if e.label_ != "PERSON":
            continue
        doc, marks = e.doc, set()
        before = [t.lower_.rstrip(".") for t in doc[max(0, e.start - 2) : e.start]]
        inside = [t.lower_.rstrip(".") for t in e]
        nouns = [e.root.head.lower_] if e.root.dep_ == "appos" else []  # "his wife, Anna Berg"
        nouns += [c.lower_ for c in e.root.children if c.dep_ == "appos"]  # "Anna Berg, his wife,"
        for w in before[-1:] + inside[:1] + nouns + before[-2:-1]:
            if w in FEMALE:
                marks.add("f")
            elif w in MALE:
                marks.add("m")
        name = [w for w in _name_words(e.text) if w not in FEMALE and w not in MALE]
        if marks and name:
            out.setdefault(" ".join(name), set()).update(marks)
    genders = {k: next(iter(v)) for k, v in out.items() if len(v) == 1}
    # a surname alone ("Berg said") takes the gender of the one marked name it ends, when only one
    # person of that surname is named at all ("Anna Berg" and "John Berg" leave "Berg" unknown)
    full = {" ".join(_name_words(e.text)) for e in entities if e.label_ == "PERSON"}
    for name, g in list(genders.items()):
        last = name.split()[-1]
        if last != name and sum(1 for f in full if f.split()[-1:] == [last] and len(f.split()) > 1) == 1:
            genders.setdefault(last, g)
    return genders


def _no_name(ent) -> bool:
    """Whether spaCy's organisation or person `ent` is an adjective in lower case, so names nobody: "In
    his pre-Budget report" has the ORG "pre-Budget" (not "Labour", which the tagger may call an adjective
    too, nor "napster.com")."""
    return ent.label_ in ("ORG", "PERSON") and ent.text[:1].islower() and all(t.pos_ in ("ADJ", "PUNCT") for t in ent)


class _State:
    """What the pass over an article remembers: entities, and the latest person/other source."""

    def __init__(self, text: str, sdoc, quotes, turns=(), datelines=()):
        self.text = text
        self.quotes = quotes
        self.turns: list[_Turn] = list(turns)
        self._colons = sorted((t.colon, n) for n, t in enumerate(self.turns))
        self.datelines = _Spans(datelines)
        self.all_entities = [e for e in sdoc.ents if not _no_name(e)]
        self.entities = [e for e in self.all_entities if _inside(quotes, e.start_char) is None]
        self.last_source: dict[str, tuple[int, int, str]] = {}
        self.last_cue: dict[str, int] = {}  # where the latest person/other source's verb ends: it spoke up to there
        self.people: list[tuple[int, int, str, str]] = []
        self.genders = _genders(self.all_entities)
        self.evidence: list[tuple[int, int]] = []  # named sources of studies, surveys, reports so far

    def entities_within(self, start: int, end: int) -> list:
        """The entities (quoted ones too) inside the tokens [start, end), in order."""
        lo = bisect.bisect_left(self.all_entities, start, key=lambda e: e.start)
        hi = bisect.bisect_left(self.all_entities, end, lo, key=lambda e: e.start)
        return [e for e in self.all_entities[lo:hi] if e.end <= end]

    def turn_at(self, start: int, end: int) -> "_Turn | None":
        """The first speaker turn whose label's colon lies in [start, end)."""
        k = bisect.bisect_left(self._colons, (start, -1))
        inside = [n for _, n in self._colons[k : bisect.bisect_left(self._colons, (end, -1))]]
        return self.turns[min(inside)] if inside else None

    def in_dateline(self, tok) -> bool:
        return _inside(self.datelines, tok.idx) is not None

    def gender_of(self, start: int, end: int) -> str | None:
        """"f", "m" or None for the source text[start:end]: a marked name's, or a gendered noun's."""
        words = _name_words(self.text[start:end])
        for w in reversed(words):
            if w in FEMALE:
                return "f"
            if w in MALE:
                return "m"
        return self.genders.get(" ".join(words)) if words else None

    def names_person(self, start: int, end: int) -> bool:
        """Whether a PERSON entity overlaps text[start:end] (entities do not overlap one another, so
        those starting before `end` end in order too)."""
        k = bisect.bisect_left(self.entities, end, key=lambda e: e.start_char) - 1
        while k >= 0 and self.entities[k].end_char > start:
            if self.entities[k].label_ == "PERSON":
                return True
            k -= 1
        return False

    def remember(self, cue: Cue) -> None:
        if cue.source_start is None:
            return
        source = self.text[cue.source_start : cue.source_end].lower()
        if source in QUANTIFIER_PRONOUNS:
            return  # "anybody would argue ...": no one a later "they" or "he" can stand for
        person = cue.person or not _COMPANY.search(source) and (self.names_person(cue.source_start, cue.source_end) \
            or source in PERSON_PRONOUNS or _names_a_role(source))
        self.last_source["person" if person else "other"] = (cue.source_start, cue.source_end, cue.kind)
        self.last_cue["person" if person else "other"] = cue.cue_end
        if person:  # with the words just before the name: "Chief U.S. District Judge Patti Saris"
            context = self.text[max(0, cue.source_start - 40) : cue.source_end].lower()
            self.people.append((cue.source_start, cue.source_end, cue.kind, context))
