"""Who vouches for each claim: a named source, a vague one, or nobody (the article's own voice).

Rules over the spaCy dependency parse of a :class:`~unspin.document.Document`, sentence by sentence:

* **cues**: a reporting verb with its subject ("X said", "X told reporters", "X added that ...", and
  the passive "... documented by X"), "according to X", a poll/report/statement "by"/"of" X, the
  vague passives ("it is believed", "is said to", "ABC News has learned") and hedging adverbs
  ("reportedly", "allegedly");
* **sources**: the subject's entity (PERSON, then ORG, ...) makes a source *named*; an unnamed group
  or document ("experts", "sources close to", "an online survey", "officials") makes it *vague*; a
  definite description ("the company", "the senator", "a spokeswoman") counts as named; a pronoun
  subject ("he said") is resolved to the nearest earlier speaker or PERSON/ORG entity;
* **quotes**: double-quoted spans (straight or curly, a quote left open at a paragraph end runs to
  that end); a sentence inside a quote with no cue of its own takes the speaker of the attributed
  sentence it continues (the same quote, or the quote chain before or after it);
* sentences with no cue are claims in the article's own voice (``kind="none"``).

:func:`build_claims` returns the Report's claims with their quantities (see ``quantities``).
"""

from __future__ import annotations

import bisect
import collections
import itertools
import re
from dataclasses import dataclass, field

from ..document import Document, headline
from ..report import Attribution, Claim
from .quantities import Found, find_quantities, is_statistic, is_suspiciously_precise, mark_inconsistent

REPORTING_VERBS = frozenset("""
say tell add state claim announce report explain note insist argue warn estimate predict write confirm deny
admit acknowledge suggest show find reveal indicate believe think allege assert comment declare describe
forecast maintain reply respond stress testify tweet urge emphasise emphasize contend concede disclose
point caution complain recall remark observe tip criticise criticize name continue detail project expect
document highlight quote cite announce agree conclude answer demand ask read
""".split())
#: verbs that only report when they take a clause or a quote ("added 3%", "found the body" do not)
NEEDS_CLAUSE = frozenset("add show find continue expect project name tip detail point document highlight quote ask".split())
VAGUE_HEADS = frozenset("""
expert source official insider person people resident witness eyewitness scientist researcher study survey poll
report research dealer trader economist banker diplomat figure data document record rumour rumor estimate
commentator activist user some many other others member advocate agent broker aide staffer academic observer
critic analyst victim guest neighbor neighbour friend relative outlet media pollster specialist onlooker
supporter opponent voter citizen individual reporter journalist paper website account post claim statistic
""".split())
#: pronouns that stand for unnamed people ("some say", "many believe"), never resolved to a speaker
VAGUE_PRONOUNS = frozenset("some many others several few most".split())
ROLE_HEADS = frozenset("""
spokesman spokeswoman spokesperson chairman chairwoman chair president minister secretary director executive
chief manager lawyer attorney judge senator governor mayor leader coach ceo founder professor prosecutor
ambassador commissioner sheriff premier chancellor king queen pope
""".split())
#: words that say a person is a woman or a man: honorifics before a name, and nouns for the person
#: (a pronoun is never resolved to someone the article itself marks as the other gender)
FEMALE = frozenset("""mrs ms miss madam dame lady woman spokeswoman chairwoman congresswoman businesswoman
actress wife mother daughter sister queen princess girl widow grandmother aunt niece duchess baroness
countess policewoman sportswoman mum mom""".split())
MALE = frozenset("""mr sir lord man spokesman chairman congressman businessman actor husband father son
brother king prince boy widower grandfather uncle nephew duke baron policeman sportsman dad""".split())
#: nouns for one person: a title before a name ("economic adviser Koei Narusawa"), a speaker a later
#: "he" or "she" can be ("a company official said ... He said")
PERSON_NOUNS = frozenset("""
expert official insider person resident witness eyewitness scientist researcher dealer trader economist banker
diplomat commentator activist advocate broker aide staffer academic observer critic analyst pollster specialist
onlooker supporter opponent voter citizen individual reporter journalist adviser advisor consultant strategist
lobbyist negotiator delegate envoy farmer worker
""".split())  # not "member" or "agent"; a "source" only when it speaks ("Kenya's main source of foreign exchange")
TITLES = ROLE_HEADS | PERSON_NOUNS
#: a company's name, whatever entity spaCy makes of it ("<Lai Sun Garment Co ltd>" is a PERSON to it)
_COMPANY = re.compile(r"\b(?:Co|Corp|Corporation|Inc|Ltd|Plc|PLC|AG|SA|NV|BV|GmbH|SpA|AB|Bhd|Pty|LLC)\b\.?\W*$", re.I)
SHE, HE = frozenset("she her hers herself".split()), frozenset("he him his himself".split())
HEDGES = frozenset("reportedly allegedly supposedly purportedly rumouredly rumoredly ostensibly".split())
VAGUE_PASSIVE = frozenset("believe think say report understand claim rumour rumor tell allege know expect fear".split())
EVIDENCE_NOUNS = frozenset("poll survey study report research data figure statistic analysis census record test".split())
NOUN_SOURCES = frozenset("poll survey study report statement communique interview op-ed letter filing release".split())
PERSON_PRONOUNS = frozenset("he she him her his hers".split())
#: roles one person holds at a time: "the prime minister said" is not whoever spoke last
_OFFICES = frozenset("minister president chancellor premier pope king queen governor mayor".split())
_MODALS = frozenset("must should will would can could may might shall".split())
OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "\u201c", "\u201d", '"'
_CURLY = re.compile("[\u201c\u201d]")
_QUOTE_PARAGRAPHS = 4  # a curly quote may run on for this many paragraphs
_ANTECEDENT_WINDOW = 3000  # characters back to look for a pronoun's antecedent
_RECENT_SPEAKER = 600  # a speaker this close before a pronoun is its antecedent


@dataclass
class Cue:
    """One attribution found in a sentence."""

    kind: str  # named | vague
    cue_start: int
    cue_end: int
    source_start: int | None = None
    source_end: int | None = None
    priority: int = 0
    person: bool = False  # the source is a person (antecedent for a later "he"/"she")


@dataclass
class SentenceInfo:
    start: int
    end: int
    sent: object  # spaCy span
    is_claim: bool
    quote_ids: set[int] = field(default_factory=set)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # the quoted parts of this sentence
    quoted_share: float = 0.0
    cue: Cue | None = None
    inherited: bool = False


# ---- quotes ----------------------------------------------------------------------------------------
def quote_spans(text: str, paragraphs) -> list[tuple[int, int]]:
    """Character spans inside double quotes (marks excluded), in text order.

    Curly quotes pair across paragraphs (a quote that runs on for a few paragraphs); one left open
    too long, or reopened in a later paragraph, ends with its paragraph; one opened inside an open
    quote in the same paragraph is nested in it. Straight quotes pair within a paragraph, and one
    left open there runs to the paragraph's end."""
    starts = [p.start for p in paragraphs]

    def para_of(i: int) -> int:
        return max(0, bisect.bisect_right(starts, i) - 1)

    def para_end(i: int) -> int:
        return paragraphs[para_of(i)].end if paragraphs else len(text)

    spans: list[tuple[int, int]] = []
    open_at = None
    nested = 0  # quotes opened inside the open one, in its paragraph: 'referring to them as “idiots”.'
    for m in _CURLY.finditer(text):
        i = m.start()
        if open_at is not None and m.group() == OPEN_QUOTES and para_of(i) == para_of(open_at):
            nested += 1
            continue
        if open_at is not None and nested and m.group() != OPEN_QUOTES and para_of(i) == para_of(open_at):
            nested -= 1
            continue
        if open_at is not None and (m.group() == OPEN_QUOTES or para_of(i) - para_of(open_at) > _QUOTE_PARAGRAPHS):
            spans.append((open_at, min(para_end(open_at), i)))
            open_at = None
        nested = 0
        if m.group() == OPEN_QUOTES:
            open_at = i + 1
        elif open_at is not None:
            spans.append((open_at, i))
            open_at = None
        elif paragraphs and not any(a >= paragraphs[para_of(i)].start for a, _ in spans):
            spans.append((paragraphs[para_of(i)].start, i))  # closes a quote whose opening mark is missing
    if open_at is not None:
        spans.append((open_at, para_end(open_at)))
    for para in paragraphs:
        open_at = None
        for i in range(para.start, para.end):
            if text[i] != BOTH_QUOTES:
                continue
            before = text[i - 1] if i > para.start else " "
            after = text[i + 1] if i + 1 < para.end else " "
            opener = (before.isspace() or before in "([{\u2014") and not after.isspace()
            closer = not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014-")
            if open_at is None:
                if not closer:
                    open_at = i + 1
            elif opener:
                # '... 26 weeks. "We are going': a new quote opens; the last one was never closed
                spans.append((open_at, i))
                open_at = i + 1
            else:
                spans.append((open_at, i))
                open_at = None
        if open_at is not None and para.end > open_at:
            spans.append((open_at, para.end))
    return sorted((a, b) for a, b in spans if b > a)


#: a transcript's speaker label at the start of a paragraph: "TRUMP:", "SEN. SANDERS:", "Mr Blair:"
_TURN = re.compile(r"([A-Z][A-Za-z.'\u2019-]*(?:[ \t]+[A-Z][A-Za-z.'\u2019-]*){0,3})[ \t]*(:)[ \t]+(?=\S)")
#: roles that speak in transcripts without a name
_TURN_ROLES = ROLE_HEADS | frozenset("moderator host interviewer anchor".split())
#: labels of page furniture, not speakers: "UPDATE:", "EDITOR'S NOTE:", "PHOTO:"
_NOT_SPEAKERS = frozenset("""update updated note editor correction clarification photo photos picture image video watch
read breaking related source sources credit caption transcript advertisement sponsored exclusive alert fact
claim verdict rating tags topics tag see more file warning disclaimer summary background analysis opinion
comment comments reporting additional contact email tel phone fax web website twitter facebook""".split())


@dataclass
class _Turn:
    """One speaker's turn in a transcript: the label, its colon, and the speech after it."""

    label_start: int
    label_end: int
    colon: int
    speech_start: int
    speech_end: int


def speaker_turns(text: str, paragraphs, entities) -> list[_Turn]:
    """Paragraphs that open with a speaker's label and a colon, as in a transcript.

    A label counts when it names a person the article names ("WALLACE:" after "Chris Wallace"), is a
    role ("MODERATOR:"), or when the paragraphs form a dialogue: three labels, or two with one of them
    opening two paragraphs or more. "UPDATE:", "WASHINGTON:" or "Q:" are no speakers."""
    found = []
    title = headline(text)
    for para in paragraphs:
        m = _TURN.match(text, para.start, para.end)
        if m is None or title is not None and para.start <= title.start < para.end:
            continue  # 'Kanye West: The Real Reason ...' is a headline's topic, not a speaker
        label = m.group(1).rstrip(".")
        end = m.start(1) + len(label)
        words = _name_words(label)
        if not words or len(label) < 2 or _NOT_SPEAKERS & set(words) or not (label.isupper() or any(
                e.label_ == "PERSON" and e.start_char <= m.start(1) and end <= e.end_char for e in entities)):
            continue  # "Note:", "Tragedy Strikes:"; a title-case label must be a name spaCy sees, whole
        if any(e.label_ in ("GPE", "LOC", "DATE", "TIME") and e.start_char <= m.start(1) < e.end_char
               for e in entities):
            continue  # a dateline ("TRUMP:" is often an ORG to spaCy, so an ORG is not ruled out)
        found.append((_Turn(m.start(1), end, m.start(2), m.end(), len(text[: para.end].rstrip())), words))
    if not found:
        return []
    labels = {turn.label_start for turn, _ in found}  # names elsewhere: spaCy calls "Tragedy Strikes:" a PERSON
    people = {w for e in entities if e.label_ == "PERSON" and e.start_char not in labels for w in _name_words(e.text)}
    counts = collections.Counter(" ".join(words) for _, words in found)
    dialogue = len(counts) >= 3 or len(counts) == 2 and max(counts.values()) >= 2
    return [turn for turn, words in found
            if words[-1] in people or words[-1] in _TURN_ROLES or dialogue and len(" ".join(words)) > 1]


_PLACE = r"[A-Z][A-Za-z.'\u2019-]*(?:[ \t]+[A-Z][A-Za-z.'\u2019-]*){0,3}"
#: a dateline opening a paragraph: "WASHINGTON, DC — ", "LONDON (Reuters) - ", "NEW YORK, March 3 - ",
#: "Paris, France - ": places, maybe a date and a news agency, then a dash
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})(?:,[ \t]*{_PLACE})?(?:,[ \t]*[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}})?"
    r"(?P<agency>[ \t]*\([A-Za-z][A-Za-z.&/ -]{0,24}\))?(?:[ \t]*[\u2014\u2013]|[ \t]+--?)[ \t]*(?=\S)")


def datelines(text: str, paragraphs, entities) -> list[tuple[int, int]]:
    """Datelines at the start of paragraphs, as [start, end) through the dash: never a speaker.

    The place must be in capitals ("WASHINGTON"), carry a news agency ("(Reuters)"), or be a place to
    spaCy ("Paris, France -"), so that "John Smith - a former agent - said" keeps its speaker."""
    found = []
    for para in paragraphs:
        start = para.start + len(text[para.start : para.end]) - len(text[para.start : para.end].lstrip())
        m = _DATELINE.match(text, start, para.end)
        if m is None:
            continue
        place = m.group("place")
        if (sum(c.isalpha() for c in place) >= 2 and place.upper() == place) or m.group("agency") or any(
                e.label_ in ("GPE", "LOC") and e.start_char <= m.start("place") < e.end_char for e in entities):
            found.append((m.start(), m.end()))
    return found


class _Spans(list):
    """[start, end) spans sorted by start, with what :func:`_inside` needs to find the ones holding
    an offset by bisection (a scan of every quote for every token had made long quote-heavy
    articles quadratic). Spans may nest or overlap."""

    def __init__(self, spans=()):
        super().__init__(sorted(spans))
        self.starts = [a for a, _ in self]
        self.reach = list(itertools.accumulate((b for _, b in self), max))  # the furthest end so far


def _inside(spans, offset: int) -> int | None:
    """The index of the first of `spans` holding `offset`, or None."""
    if not isinstance(spans, _Spans):
        return next((n for n, (a, b) in enumerate(spans) if a <= offset < b), None)
    found = None
    k = bisect.bisect_right(spans.starts, offset) - 1  # the last span starting at or before it
    while k >= 0 and spans.reach[k] > offset:  # earlier spans can hold it only while one reaches past it
        if spans[k][1] > offset:
            found = k
        k -= 1
    return found


# ---- sources -----------------------------------------------------------------------------------------
def _source_tokens(head):
    """The noun phrase of a source: its head, left modifiers, and 'of/for/at/close to' attachments."""
    toks = [head]
    for child in head.children:
        if child.i < head.i and child.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "punct"):
            toks.extend(child.subtree)
        elif child.i > head.i and child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "with", "close", "familiar", "from", "in"):
            toks.extend(child.subtree)
        elif child.i > head.i and child.dep_ in ("amod", "acl") and child.lower_ in ("close", "familiar"):
            toks.extend(child.subtree)
        elif child.dep_ == "appos" and child.i > head.i:
            toks.extend(t for t in child.subtree if t.dep_ not in ("relcl",))  # "the Shadow Secretary, Theresa May"
        elif child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            toks.extend(t for t in child.subtree if t.dep_ not in ("relcl",))
        elif child.i > head.i and head.lemma_.lower() in NOUN_SOURCES | EVIDENCE_NOUNS and (
                (child.dep_ == "prep" and child.lower_ == "by")
                or (child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children))):
            toks.extend(child.subtree)  # "a report by the IFS", "the report, published by the IFS,"
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks) + 1
    doc = head.doc
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    return _balanced(doc, lo, hi)


def _balanced(doc, lo: int, hi: int):
    """doc[lo:hi] with its brackets paired: a closing one right after is taken in ("Beijing (China)"),
    else the phrase ends before an opening one it does not close."""
    depth, opened = 0, None
    for t in doc[lo:hi]:
        if t.text == "(":
            depth, opened = depth + 1, opened if depth else t.i
        elif t.text == ")" and depth:
            depth -= 1
    if depth:
        if hi < len(doc) and doc[hi].text == ")" and depth == 1:
            return doc[lo : hi + 1]
        hi = opened
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
    return doc[lo:hi]


_ENTITY_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "FAC": 4, "PRODUCT": 4, "WORK_OF_ART": 4}


def _classify(head, state) -> tuple[str, int | None, int | None]:
    """(named|vague, source start, source end) for the source whose head token is `head`; "the survey"
    is the survey the article attributed to a named source before ("a study by the Pew Internet
    Project found ... the survey found")."""
    lemma = head.lemma_.lower()
    evidence = lemma in EVIDENCE_NOUNS or lemma in NOUN_SOURCES
    if evidence and [c.lower_ for c in head.children if c.dep_ == "det"] == ["the"] and len(list(head.children)) == 1:
        earlier = [e for e in state.evidence if e[1] <= head.idx and head.idx - e[0] < _ANTECEDENT_WINDOW]
        if earlier:
            return "named", earlier[-1][0], earlier[-1][1]
    kind, start, end = _classify_source(head, state)
    if evidence and kind == "named" and start is not None:
        state.evidence.append((start, end))
    return kind, start, end


def _classify_source(head, state) -> tuple[str, int | None, int | None]:
    doc = head.doc
    np = _source_tokens(head)
    if head.ent_type_ in ("ORG", "PERSON"):  # "American Can Co said", parsed with "American" as the subject
        whole = [e for e in state.entities_within(max(0, head.i - 8), head.i + 9) if e.start <= head.i < e.end]
        if whole and (whole[0].start < np.start or whole[0].end > np.end):
            lo, hi = min(np.start, whole[0].start), max(np.end, whole[0].end)
            hi = next((t.i for t in doc[head.i + 1 : hi] if t.text in ("<", "(")), hi)  # not the ticker: "Spa <MONI.MI>"
            while hi > head.i + 1 and (doc[hi - 1].is_punct or doc[hi - 1].text in "<>"):
                hi -= 1
            while lo < head.i and (doc[lo].is_punct or doc[lo].text in "<>"):
                lo += 1
            np = doc[lo:hi]
    while np.start < np.end and state.in_dateline(np[0]):  # "Paris, France - Officials said": not France
        np = np[1:]
    if np.start == np.end:  # punctuation parsed as a subject ("_ said ..."): no source to point at
        return "vague", None, None
    lower = head.lower_
    if lower in ("who", "that", "which") and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
        return _classify(head.head.head, state)  # "Chen Shibiao, who said ...": the person it stands for
    if lower in VAGUE_PRONOUNS or lower == "one" and len(np) == 1:  # "some say", "others argue", "One said":
        return "vague", np.start_char, np.end_char  # nobody a reader can check
    if _share_of_group(head):  # "About 60 percent of respondents said", "Only 42% of them say": a poll's answer
        return "vague", np.start_char, np.end_char
    if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
        return _resolve(head, state)
    ents = sorted((e for e in state.entities_within(np.start, np.end) if e.label_ in _ENTITY_RANK),
                  key=lambda e: (not (e.start <= head.i < e.end), _ENTITY_RANK[e.label_], e.start))
    if (head.lemma_.lower() in VAGUE_HEADS or lower in VAGUE_HEADS) and not any(e.start <= head.i < e.end for e in ents) \
            and any(c.i > head.i and c.lower_ in ("close", "familiar") for c in head.children):
        return "vague", np.start_char, np.end_char  # "a source close to the Kadoorie family": not the Kadoories
    titled = _titled_name(head, np, ents) if ents else None
    if titled:
        return "named", *titled
    lemma = head.lemma_.lower()
    poss = [c for c in head.children if c.dep_ == "poss"]
    vague_head = lemma in VAGUE_HEADS or lower in VAGUE_HEADS
    det = [c.lower_ for c in head.children if c.dep_ == "det"]
    if not (ents and ents[0].start <= head.i < ents[0].end) and det == ["the"] and np.end - np.start <= 4 \
            and (lemma in ROLE_HEADS or lemma in ("man", "woman")):
        # "the judge said": the person last quoted with that title, else the person last quoted; but an
        # office held by one person ("the prime minister") is never a chief executive quoted before
        same_title = [p for p in state.people if lemma in p[3] and p[1] <= head.idx]
        last = same_title[-1] if same_title else None if lemma in _OFFICES else state.last_source.get("person")
        if last and not same_title and last[2] == "vague":
            last = None  # "a trader said ... the spokesman said": not the trader
        if last and not same_title and _titled(state, last):
            last = None  # "Chancellor Angela Merkel said ... The spokesman said": not the chancellor
        if last and last[1] <= head.idx and head.idx - last[0] < _ANTECEDENT_WINDOW:
            return last[2], last[0], last[1]
    appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i]
    if appos and not (ents and (ents[0].label_ == "PERSON" or ents[0].start <= head.i < ents[0].end)):
        name = _balanced(doc, appos[0].left_edge.i, appos[0].i + 1)  # "the Shadow Secretary ..., Theresa May"
        while len(name) > 1 and name[0].is_punct:
            name = name[1:]
        return "named", name.start_char, name.end_char
    if poss and ents and not ents[0].start <= head.i < ents[0].end and any(ents[0].start <= p.i < ents[0].end for p in poss):
        return "named", np.start_char, np.end_char  # "Tony Blair's official spokesman": the spokesman, not Blair
    if ents and ents[0].label_ != "PERSON" and not ents[0].start <= head.i < ents[0].end \
            and (lemma in ROLE_HEADS or lemma.startswith("spokes")):
        return "named", np.start_char, np.end_char  # "a spokeswoman for NBC" is the spokeswoman (and a "she")
    if ents and ents[0].label_ in ("PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART"):
        e = _balanced(doc, ents[0].start, ents[0].end)  # spaCy's "the World Health Organization (WHO"
        return "named", e.start_char, e.end_char
    if ents and ents[0].label_ in ("GPE", "LOC", "NORP") and ents[0].start <= head.i < ents[0].end and any(
            c.dep_ == "compound" and c.i < ents[0].start and c.text[:1].isupper() for c in head.children):
        return "named", np.start_char, np.end_char  # "Universities Scotland claimed": the body, not the country
    if ents and not vague_head and (ents[0].start <= head.i < ents[0].end or head.pos_ not in ("NOUN", "PROPN")):  # "Britain said"
        e = _balanced(doc, ents[0].start, ents[0].end)  # (not "the court in Washington": the court, below)
        return "named", e.start_char, e.end_char
    if vague_head and any(c.dep_ == "compound" and (c.pos_ == "PROPN" or (c.text.isupper() and len(c.text) > 1))
                          and not any(e.start <= c.i < e.end for e in ents) and not state.in_dateline(c) for c in head.children):
        return "named", np.start_char, np.end_char  # "ICE officials", "Pentagon officials" (not "U.S. officials")
    if poss:  # "Rahami's father", "his report"
        p = poss[0]
        if p.pos_ == "PRON" and lemma in NOUN_SOURCES | EVIDENCE_NOUNS:  # "his report": his
            kind, a, b = _resolve(p, state)
            return "named", a, b
        return "named", np.start_char, np.end_char  # "his coach said": the coach, not him
    if lemma == "authority" and head.tag_ == "NNS":
        return "vague", np.start_char, np.end_char
    if lemma in VAGUE_HEADS or lower in VAGUE_HEADS:
        return "vague", np.start_char, np.end_char
    if head.pos_ == "PROPN":
        return "named", np.start_char, np.end_char
    if lemma in ROLE_HEADS or lemma.startswith("spokes"):
        if det and det[0] in ("a", "an", "some", "one") and not lemma.startswith("spokes"):
            return "vague", np.start_char, np.end_char
        return "named", np.start_char, np.end_char
    if det and det[0] in ("the", "this", "that", "these", "those"):
        return "named", np.start_char, np.end_char
    if lemma == "police" and not det:  # "Police said": the force is named by the story (gold guidelines)
        return "named", np.start_char, np.end_char
    if head.tag_ in ("NNS", "NNPS") or (det and det[0] in ("a", "an", "some", "many", "several", "various", "multiple")):
        return "vague", np.start_char, np.end_char
    return "named", np.start_char, np.end_char


def _titled_name(head, np, ents):
    """The person named with a title, as (start, end) characters, where spaCy took a word of the title
    for the name, or the company the person works for for the subject; else None.

    * a person's name ends the phrase right after a title, and another entity would be taken for the
      source: "the Bank of Tokyo's economic adviser Koei Narusawa" (parsed as the bank, with him in
      apposition) is Koei Narusawa;
    * the head is a title whose portfolio list runs on into the holder's name, which ends the phrase:
      "Minister of Agriculture, Animal Husbandry and Fisheries Achmad Affandi" is Achmad Affandi;
    * the head is a name spaCy did not recognise, and the entity is in a list coordinated with it, or
      is a nationality before it: "He Kang, Minister of Agriculture, Animal Husbandry and Fisheries"
      (not the PERSON "Animal Husbandry") is the whole phrase, the name with the title."""
    if any(e.start <= head.i < e.end and e.label_ == "PERSON" for e in ents):
        return None
    doc = head.doc
    listed = {t.i for c in head.children if c.dep_ == "conj" for t in c.subtree}
    for e in ents:
        if e.label_ == "PERSON" and e.end == np.end and e.start > np.start and (
                doc[e.start - 1].lemma_.lower() in TITLES
                or head.lemma_.lower() in ROLE_HEADS and all(t.i in listed for t in e)):
            return e.start_char, e.end_char
    if head.pos_ != "PROPN" or not head.text[:1].isupper() or any(e.start <= head.i < e.end for e in ents) \
            or head.lemma_.lower() in ROLE_HEADS:
        return None
    modifiers = {t.i for c in head.children if c.i < head.i and c.dep_ in ("amod", "compound") for t in c.subtree}
    if ents[0].label_ in ("PERSON", "ORG", "NORP") and all(t.i in listed for t in ents[0]) \
            or ents[0].label_ == "NORP" and all(t.i in modifiers for t in ents[0]):  # not "Swedish" alone
        return np.start_char, np.end_char
    return None


#: words for a part of a group: "60 percent of respondents", "a majority of the members", "half of them"
_SHARE_WORDS = frozenset("percent pct % half third quarter majority minority proportion share fraction most".split())


#: what a named poll or study does to its findings: "..., a Survation poll showed"
_FINDS = frozenset("show shows showed shown find finds found suggest suggests suggested indicate indicates indicated".split())


def _poll_behind(best: Cue, cues: list[Cue], sdoc) -> Cue:
    """A share of respondents says, and a named poll showed it: the poll is the source ("Sixty
    percent of respondents said ..., a Survation poll showed last week"; the share had been a vague
    source, a regression review)."""
    if best.kind != "vague" or best.source_start is None:
        return best
    source = sdoc.char_span(best.source_start, best.source_end, alignment_mode="expand")
    if source is None or not any(_share_word(t) for t in source[:5]):
        return best
    polls = [c for c in cues if c.kind == "named" and sdoc.text[c.cue_start : c.cue_end].lower() in _FINDS]
    return polls[0] if polls else best


def _names_a_role(text: str) -> bool:
    """Whether `text` has a word for a role ("judge", "chancellor", "spokeswoman")."""
    return any(w in ROLE_HEADS or w.startswith("spokes") for w in re.findall(r"[a-z]+", text.lower()))


def _titled(state, source: tuple[int, int, str]) -> bool:
    """Whether the person quoted at `source` was introduced with a role or office of their own
    ("Chancellor Angela Merkel", "union secretary Maria Okafor"), in the words before the name in
    its sentence: then a later "the spokesman" is someone else."""
    before = state.text[max(0, source[0] - 40) : source[0]]
    return _names_a_role(re.split(r"[.!?\n\"\u201c\u201d]", before)[-1])


def _share_word(tok) -> bool:
    """Whether `tok` names a part of a whole ("percent", "%", "half", "two-thirds", "most")."""
    return tok.lemma_.lower() in _SHARE_WORDS or tok.lower_.endswith("thirds")


def _share_of_group(head) -> bool:
    """Is `head` a share or number of some people ("About 60 percent of respondents", "Only 42% of them",
    "Two of the five directors"): unnamed members of a group, whatever entity spaCy sees in the number?"""
    if not (head.like_num or head.pos_ == "NUM" or _share_word(head)):
        return False
    if any(c.dep_ == "appos" for c in head.children):
        return False  # "two of its directors, John Smith and Mary Jones,": named after all
    group = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return any(p.tag_ in ("NNS", "NNPS") or p.lower_ in ("them", "those", "these", "us") for p in group)


def _resolve(pron, state) -> tuple[str, int | None, int | None]:
    """A pronoun source: the latest earlier speaker or PERSON/ORG entity it can refer to."""
    lower = pron.lower_
    if lower in ("i", "we", "me", "us", "my", "our"):
        return "named", pron.idx, pron.idx + len(pron.text)
    before = pron.idx
    plural = lower in ("they", "them", "their")
    labels = ("PERSON",) if lower in PERSON_PRONOUNS else ("ORG", "GPE", "NORP") if lower in ("it", "its") else ("ORG", "NORP")
    # candidates: earlier entities of the right kind (subjects first), earlier plural subjects for
    # "they", and the latest speaker; the latest wins
    subject_cand = any_cand = subject_tok = None
    want = "f" if lower in SHE else "m" if lower in HE else None

    def other_gender(start: int, end: int) -> bool:  # "she" is never Mike Pence when the article says he is a man
        return want is not None and state.gender_of(start, end) not in (None, want)

    for e in reversed(state.entities):
        if e.start_char >= before:
            continue
        if before - e.start_char > _ANTECEDENT_WINDOW:
            break
        if e.label_ in labels and not other_gender(e.start_char, e.end_char) \
                and not (e.label_ == "PERSON" and _COMPANY.search(e.text)):  # spaCy's "<Lai Sun Garment Co ltd>"
            any_cand = any_cand or (e.start_char, e.end_char, "named")
            if e.root.dep_ in ("nsubj", "nsubjpass"):
                subject_cand, subject_tok = (e.start_char, e.end_char, "named"), e.root
                break
    if plural:
        for tok in reversed(pron.doc[max(0, pron.i - 400) : pron.i]):
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ in ("NNS", "NNPS") and tok.idx < before \
                    and (tok.head.dep_ == "ROOT" or tok.head.dep_ == "conj" and tok.head.head.dep_ == "ROOT") \
                    and _inside(state.quotes, tok.idx) is None:
                np = _source_tokens(tok)
                if subject_cand is None or np.start_char > subject_cand[0]:
                    subject_cand = (np.start_char, np.end_char, _classify(tok, state)[0])
                break
    elif lower in PERSON_PRONOUNS:  # "Tony Blair's official spokesman declined ... He said": the spokesman
        for tok in reversed(pron.doc[max(0, pron.i - 400) : pron.i]):
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ in ("NN", "NNP") and tok.idx < before \
                    and (tok.lemma_.lower() in TITLES or tok.lemma_.lower().startswith("spokes")) \
                    and _inside(state.quotes, tok.idx) is None \
                    and not other_gender(tok.idx, tok.idx + len(tok.text)):
                np = _source_tokens(tok)
                kind, a, b = _classify(tok, state)  # "the judge": the judge last named, when there was one
                if a is not None and (subject_cand is None or np.start_char >= subject_cand[0]):
                    subject_cand, subject_tok = (a, b, kind), tok
                break
    if subject_cand and subject_cand[2] == "named":  # an entity taken as a possessor
        subject_cand = _without_possessive(state.text, subject_cand)
    if any_cand:
        any_cand = _without_possessive(state.text, any_cand)
    last = state.last_source.get("person" if lower in PERSON_PRONOUNS else "other")
    if last and other_gender(last[0], last[1]):
        last = None
    if last and last[1] <= before and before - last[1] < _RECENT_SPEAKER \
            and not (subject_cand and subject_cand[0] > last[1] and _spoke_after(subject_tok, last[1])):
        return last[2], last[0], last[1]  # "X said ... He added": the speaker just quoted
    cands = [c for c in (subject_cand, last) if c and c[1] <= before]
    if cands:
        best = max(cands, key=lambda c: c[0])
        return best[2], best[0], best[1]
    if any_cand:
        return any_cand[2], any_cand[0], any_cand[1]
    if lower in ("they", "them", "their"):
        return "vague", pron.idx, pron.idx + len(pron.text)
    return "named", pron.idx, pron.idx + len(pron.text)


#: verbs a speaker is the subject of, whether or not they carry a claim ("Y denied any link")
_SPEECH = REPORTING_VERBS | frozenset("decline refuse reject dismiss".split())


def _spoke_after(tok, end: int) -> bool:
    """Did the person `tok` heads speak after offset `end`: the subject of a verb of saying in a
    sentence of its own ("X said ... Y denied any link. 'It is purely coincidence,' he said": Y)?"""
    if tok is None or tok.sent.start_char < end:
        return False
    verb = tok.head
    return verb.lemma_.lower() in _SPEECH and (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _name_words(text: str) -> list[str]:
    """The lower-case words of a name, its possessive dropped ("Tony Blair's" -> ["tony", "blair"])."""
    return re.findall(r"[a-z]+", text.lower().replace("\u2019s", "").replace("'s", ""))


def _without_possessive(text: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A candidate source (start, end, kind) without a possessive ending: "Tony Blair's" is Tony Blair."""
    a, b, kind = span
    if text[a:b].endswith(("'s", "\u2019s")) and text[max(a, b - 3)] != " ":
        return a, b - 2, kind
    return span


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


class _State:
    """What the pass over an article remembers: entities, and the latest person/other source."""

    def __init__(self, text: str, sdoc, quotes, turns=(), datelines=()):
        self.text = text
        self.quotes = quotes
        self.turns: list[_Turn] = list(turns)
        self._colons = sorted((t.colon, n) for n, t in enumerate(self.turns))
        self.datelines = _Spans(datelines)
        self.all_entities = list(sdoc.ents)
        self.entities = [e for e in self.all_entities if _inside(quotes, e.start_char) is None]
        self.last_source: dict[str, tuple[int, int, str]] = {}
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

    def _names_person(self, start: int, end: int) -> bool:
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
        person = cue.person or not _COMPANY.search(source) and (self._names_person(cue.source_start, cue.source_end) \
            or source in PERSON_PRONOUNS or _names_a_role(source))
        self.last_source["person" if person else "other"] = (cue.source_start, cue.source_end, cue.kind)
        if person:  # with the words just before the name: "Chief U.S. District Judge Patti Saris"
            context = self.text[max(0, cue.source_start - 40) : cue.source_end].lower()
            self.people.append((cue.source_start, cue.source_end, cue.kind, context))


# ---- cues ----------------------------------------------------------------------------------------------
def _misread_noun(tok) -> bool:
    """A plural noun the tagger read as a verb, inside a noun phrase: "Swedish trades union official
    Ulf Carlsson" (an adjective before it, which no verb takes as its subject, and a noun after it)."""
    doc = tok.doc
    return tok.tag_ == "VBZ" and 0 < tok.i < len(doc) - 1 and doc[tok.i + 1].pos_ in ("NOUN", "PROPN") \
        and doc[tok.i - 1].pos_ in ("ADJ", "PROPN") and (doc[tok.i - 1].pos_ == "ADJ" or doc[tok.i - 1].ent_type_ == "NORP")


def _noun_head(tok):
    """`tok`, or the noun phrase's last noun when `tok` is a noun misread as a verb."""
    if not _misread_noun(tok):
        return tok
    doc, i = tok.doc, tok.i + 1
    while i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN"):
        i += 1
    return doc[i]


def _subject(verb, state=None):
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "expl"):
            continue
        if not (state is not None and state.in_dateline(child)):
            return _noun_head(child)  # "WASHINGTON, DC — A former agent said": the agent, not the dateline
        for appos in child.children:  # "BONN, March 2 - Chancellor Helmut Kohl said": the parser made the
            if appos.dep_ == "appos" and not state.in_dateline(appos):  # city the subject, the speaker its apposition
                return appos
    for child in verb.children:
        if child.i < verb.i and _misread_noun(child):  # "Swedish trades union official Ulf Carlsson, speaking ..., said"
            return _noun_head(child)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "reports indicating that ..."
    if verb.dep_ in ("conj", "advcl", "xcomp", "acl") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX", "NOUN"):
        for child in verb.head.children:  # a shared subject, passive too: "X was advised ... and said"
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.dep_ == "conj"):
                return child
    return None


def _parenthetical(verb, subj, sent) -> bool:
    """'..., an online survey shows, ...' / '..., police have said.': a reporting aside."""
    first = min(subj.left_edge.i, verb.i) if subj is not None else verb.i
    last = verb.i
    doc = verb.doc
    if first - 2 >= sent.start and _misread_noun(doc[first - 1]):
        first -= 2  # '..., Swedish trades union official Ulf Carlsson said.'
    while last + 1 < sent.end and doc[last + 1].dep_ in ("advmod", "npadvmod", "prt") and not doc[last + 1].is_punct:
        last += 1
    before_ok = first == sent.start or doc[first - 1].is_punct or doc[first - 1].is_quote
    after_ok = last + 1 >= sent.end or doc[last + 1].is_punct
    return before_ok and after_ok and first > sent.start


def _span(tok, n: int = 1) -> tuple[int, int]:
    last = tok.doc[tok.i + n - 1]
    return tok.idx, last.idx + len(last.text)


def _cues(sent, quotes, state) -> list[Cue]:
    doc = sent.doc
    cues: list[Cue] = []
    turn = state.turn_at(sent.start_char, sent.end_char)
    if turn is not None:  # "TRUMP: She lied.": the label names the speaker, ahead of anything else
        return [Cue("named", turn.colon, turn.colon + 1, turn.label_start, turn.label_end, priority=4, person=True)]
    colon = _colon_quote(sent, quotes, state)
    if colon:
        cues.append(colon)
    for tok in sent:
        if _inside(quotes, tok.idx) is not None:
            continue
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if lower == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [t for t in to.subtree if t.dep_ == "pobj" and t.head.i == to.i] or \
                   [t for t in doc[to.i + 1 : sent.end] if t.pos_ in ("NOUN", "PROPN", "PRON")][:1]
            if objs:
                kind, s, e = _classify(objs[0], state)
                cues.append(Cue(kind, *_span(tok, 2), s, e, priority=3))  # over "are expected to", not a named verb
        elif lower in HEDGES:
            cues.append(Cue("vague", *_span(tok), priority=1))
        elif lemma in NOUN_SOURCES and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "from", "by") and tok.pos_ == "NOUN":
            kind, s, e = _classify(tok, state)
            if (kind == "named" or lemma not in EVIDENCE_NOUNS) and not any(
                    ent.label_ in ("ORG", "PERSON") for ent in state.entities_within(_source_tokens(tok).start, tok.i + 1)):
                continue  # "in a statement", "in a tense interview": the verb carries the source
            cues.append(Cue(kind, *_span(tok), s, e, priority=1))
        elif (lemma in REPORTING_VERBS or lower in ("says", "shows", "said", "learned")) and tok.pos_ in ("VERB", "NOUN", "AUX"):
            cue = _verb_cue(tok, sent, quotes, state)
            if cue:
                cues.append(cue)
    return cues


def _colon_quote(sent, quotes, state) -> Cue | None:
    """'Las Vegas Shooting Victim: "There Was ..."': a headline's speaker before a colon and a quote."""
    doc = sent.doc
    for tok in sent:
        if tok.text != ":" or tok.i - sent.start > 8 or tok.i == sent.start:
            continue
        after = doc[tok.i + 1] if tok.i + 1 < sent.end else None
        if after is None or not after.is_quote:
            return None
        head_words = doc[sent.start : tok.i]
        if any(t.pos_ in ("VERB", "AUX") for t in head_words) or _inside(quotes, tok.idx) is not None:
            return None
        heads = [t for t in head_words if not (sent.start <= t.head.i < tok.i) or t.head.i == t.i]
        if not heads:
            return None
        kind, s, e = _classify(heads[-1], state)
        return Cue(kind, tok.idx, tok.idx + 1, s, e, priority=2)
    return None


def _verb_cue(verb, sent, quotes, state) -> Cue | None:
    """The attribution a reporting verb makes, if it reports here."""
    lemma = verb.lemma_.lower() if verb.pos_ != "NOUN" else {"shows": "show", "says": "say"}.get(verb.lower_, verb.lemma_.lower())
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse", "fail"):
        return None  # "declined to say whether ...": nothing was said
    if lemma == "learn" or verb.lower_ == "learned":
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and _subject(verb) is not None:
            return Cue("vague", *_span(verb), priority=2)  # "ABC News has learned": anonymous sourcing
        return None
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    priority = 3 if verb.dep_ == "ROOT" or (verb.dep_ in ("conj", "parataxis") and verb.head.dep_ == "ROOT") else 2
    if lemma == "quote":  # "The China Daily quoted He Kang as saying ...", "Wallis was quoted as saying ...": the quoted
        saying = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                  if p.dep_ == "pcomp" and p.lemma_.lower() in REPORTING_VERBS]
        speaker = next((c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
        if saying and speaker is not None:
            kind, s, e = _classify(speaker, state)
            return Cue(kind, *_span(verb), s, e, priority=priority, person=_personish(speaker))
    subj = _subject(verb, state)
    if lemma == "read" and not (subj is not None and subj.lemma_.lower() in NOUN_SOURCES):
        return None  # "the statement read", not "she read the book"
    if lemma == "find" and any(c.dep_ in ("dobj", "ccomp") and (c.dep_ == "dobj" or c.pos_ == "ADJ")
                               and not any(m.dep_ == "mark" for m in c.children) for c in verb.children) \
            and not (subj is not None and subj.lemma_.lower() in EVIDENCE_NOUNS):
        return None  # "officers found him dead", "found the body": no finding reported (a study's finding is)
    if passive or agent is not None:
        objs = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
        if objs:
            kind, s, e = _classify(objs[0], state)
            return Cue(kind, *_span(verb), s, e, priority=priority)
        idiom = any(c.dep_ in ("auxpass", "aux") and (c.tag_ == "VBG" or c.lower_ in _MODALS) for c in verb.children) \
            or verb.dep_ == "relcl" or any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        if lemma in VAGUE_PASSIVE and not idiom:  # not "that being said", "was to be expected", "which must be reported"
            return Cue("vague", *_span(verb), priority=priority)  # "it is believed", "is said to"
        return None
    # does it report? a clause or a quote as complement, an aside ('..., police said.'), a quote in
    # the sentence (for the plain verbs), or a participle ('..., saying ...')
    takes_clause = verb.dep_ == "parataxis" or any(
        c.dep_ in ("ccomp", "parataxis") or (c.dep_ in ("dobj", "attr", "npadvmod", "xcomp") and _quoted_token(c, quotes))
        for c in verb.children) or (_misread_noun(verb.head) and any(  # '..., Swedish trades union official X said'
            c.dep_ in ("ccomp", "parataxis") and c.i < verb.head.i for c in verb.head.children))
    aside = subj is not None and _parenthetical(verb, subj, sent)
    plain_with_quote = lemma not in NEEDS_CLAUSE and _has_quote(sent, quotes)
    participle = verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and lemma not in NEEDS_CLAUSE
    evidence = lemma in ("show", "find", "reveal", "indicate", "suggest") and subj is not None \
        and subj.lemma_.lower() in EVIDENCE_NOUNS  # "an online poll shows 61.4% ..."
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if lemma in ("estimate", "put", "value") and dobj is not None and any(
            c.dep_ == "prep" and c.lower_ == "at" for c in (*verb.children, *dobj.children)):
        evidence = evidence or lemma == "estimate" or subj is not None and subj.lemma_.lower() in VAGUE_HEADS
        takes_clause = True  # "Experts estimate the damage at $1.5 billion"
    if not (takes_clause or aside or plain_with_quote or participle or evidence or _introduces_quote(verb, sent, state.text)):
        return None
    if subj is None or subj.lower_ in ("i", "we"):
        return None  # "I believe ...", "we announced ...": the article's own voice, not a source it cites
    if subj.dep_ == "expl" or subj.lower_ == "it" and passive:
        return Cue("vague", *_span(verb), priority=priority)
    kind, s, e = _classify(subj, state)
    return Cue(kind, *_span(verb), s, e, priority=priority, person=_personish(subj))


def _introduces_quote(verb, sent, text: str) -> bool:
    """'Jake Cummings explained to CNN:' with the quote in the next paragraph: a sentence ending in a
    colon, right before an opening quotation mark."""
    last = [t for t in sent if not t.is_space]
    if not last or last[-1].text != ":" or verb.dep_ != "ROOT":
        return False
    rest = text[last[-1].idx + 1 : last[-1].idx + 200].lstrip()  # (sent.doc.text would rebuild the whole text)
    return rest[:1] in ('"', "\u201c", "\u2018", "'")


def _personish(tok) -> bool:
    """Is the source headed by `tok` a person: a role or other noun for one person ("a company
    official"), a he/she, a PERSON (not a company spaCy took for one), a name after a title ("union
    official Ulf Carlsson", which spaCy often calls an ORG) or a named appositive?"""
    lemma = tok.lemma_.lower()
    if tok.tag_ in ("NNS", "NNPS") or _COMPANY.search(tok.doc[tok.left_edge.i : tok.i + 1].text):
        return False
    return lemma in TITLES or lemma == "source" or lemma.startswith("spokes") or tok.lower_ in PERSON_PRONOUNS \
        or tok.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children) \
        or tok.pos_ == "PROPN" and any(c.dep_ == "compound" and c.i < tok.i and c.lemma_.lower() in TITLES for c in tok.children)


def _quoted_token(tok, quotes) -> bool:
    return any(_inside(quotes, t.idx) is not None for t in tok.subtree)


def _has_quote(sent, quotes) -> bool:
    return any(a < sent.end_char and sent.start_char < b for a, b in quotes)


def _is_claim(sent) -> bool:
    """A sentence that asserts something: three words or more, a verb, not a question, not a link."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if len(words) < 3 or sent.text.rstrip().rstrip("\"'\u201d\u2019").endswith("?") or _ASKED.search(sent.text):
        return False
    if sum(t.like_url for t in words) * 2 >= len(words) or (len(words) <= 14 and _BOILERPLATE.match(sent.text)):
        return False
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return True
    return _shouted(words) and _has_verb_in_lower_case(sent.text)


def _shouted(words) -> bool:
    """Whether a sentence is written all in capitals ("GREEDY UNION BOSSES KILL 6,500 JOBS AT AMC")."""
    letters = [t.text for t in words if any(c.isalpha() for c in t.text)]
    return len(letters) >= 3 and all(w.isupper() for w in letters)


def _has_verb_in_lower_case(text: str) -> bool:
    """The tagger reads words in capitals as names ("KILL" a proper noun), so a shouted headline seemed
    to have no verb and was no claim: it is tagged again in lower case, with its first letter capital."""
    from .. import nlp as _nlp

    lowered = text.lower()
    return any(t.pos_ in ("VERB", "AUX") for t in _nlp.load()(lowered[:1].upper() + lowered[1:]))


#: a quoted question and its asker: '"Why would companies import crude?" asked Henry Rosenberg'
_ASKED = re.compile(r"\?[\"'\u201d\u2019]*,?\s+(?:\w+\s+)?asked\b|\basked\b[^.?!]{0,80}[:,]\s*[\"\u201c][^\"\u201d]*\?", re.I)

#: page furniture pasted with an article: timestamps, sharing and rights lines, links onward
_BOILERPLATE = re.compile(
    r"\s*(?:(?:published|updated|posted|last updated|first published)\b[^.]{0,80}"
    r"(?:\bago\b|\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d\d\b)"
    r"|share (?:this|on)\b|all rights reserved|this material may not be (?:published|reproduced)"
    r"|(?:read|see) more\s*:|click here\b|sign up (?:for|to)\b|follow us\b|related (?:articles|stories)\s*:"
    r"|.{0,80}\b(?:your e-?mail(?: address)?|subscribe (?:to|now|today)|our newsletter)\b)",
    re.I)


# ---- the document pass ------------------------------------------------------------------------------
_CHAIN = 8  # sentences a quote may run on from its attribution, through quoted sentences only


def attribute(doc: Document) -> list[SentenceInfo]:
    """Every sentence of `doc` with its best attribution cue (inherited along quotes)."""
    sdoc = doc.spacy
    turns = speaker_turns(doc.text, doc.paragraphs, sdoc.ents)
    speeches = [(t.speech_start, t.speech_end) for t in turns]  # a turn's speech is quoted, its own quotes within it
    speech_spans = _Spans(speeches)
    quotes = _Spans(speeches + [q for q in quote_spans(doc.text, doc.paragraphs) if _inside(speech_spans, q[0]) is None])
    state = _State(doc.text, sdoc, quotes, turns, datelines(doc.text, doc.paragraphs, sdoc.ents))
    infos: list[SentenceInfo] = []
    for sent in doc.sents():
        info = SentenceInfo(sent.start_char, sent.end_char, sent, _is_claim(sent))
        inside = 0
        for n, (a, b) in enumerate(quotes):
            if a >= info.end:
                break
            lo, hi = max(a, info.start), min(b, info.end)
            if lo < hi:
                info.quote_ids.add(n)
                info.quotes.append((lo, hi))
                inside += len(doc.text[lo:hi].strip())
        info.quoted_share = inside / max(1, info.end - info.start)
        cues = _cues(sent, quotes, state)
        if cues:
            info.cue = _poll_behind(max(cues, key=lambda c: (c.priority, c.kind == "named", -c.cue_start)), cues, sdoc)
            state.remember(info.cue)
        infos.append(info)
    _inherit_quotes(infos)
    return infos


def _inherit_quotes(infos: list[SentenceInfo]) -> None:
    """A sentence inside a quote with no cue of its own takes the speaker of the quote it continues."""
    for i, info in enumerate(infos):
        if info.cue is not None or info.quoted_share < 0.6:
            continue
        donor = next((o for o in infos if o is not info and o.cue and not o.inherited and o.quote_ids & info.quote_ids), None)
        for step in (-1, 1):
            if donor is not None:
                break
            j = i + step
            while 0 <= j < len(infos) and abs(j - i) <= _CHAIN:
                other = infos[j]
                if other.cue is not None and not other.inherited:
                    # a quote after 'She said ...' is hers; one before an attribution must share its quotes
                    if other.quote_ids or (step == -1 and other.cue.kind == "named"):
                        donor = other
                    break
                if other.quoted_share < 0.6:
                    break
                j += step
        if donor is not None:
            info.cue = donor.cue
            info.inherited = True


def build_claims(doc: Document) -> list[Claim]:
    """The claims of `doc`: each asserting sentence with its attribution and quantities."""
    claims: list[Claim] = []
    found_all: list[Found] = []
    text = doc.text
    entities = list(doc.spacy.ents)
    entity_starts = [e.start for e in entities]  # spaCy's entities do not overlap: sorted by start and end
    title = headline(text)
    captions = _captions(doc)
    for info in attribute(doc):
        if not info.is_claim:
            continue
        cue = info.cue
        quoted = info.quoted_share >= 0.3 or any(len(text[a:b].split()) >= 4 for a, b in info.quotes)
        if cue is None:
            attribution = Attribution("none", quoted=quoted)
        else:
            src = text[cue.source_start : cue.source_end] if cue.source_start is not None else None
            attribution = Attribution(cue.kind, src, cue.source_start, cue.source_end, text[cue.cue_start : cue.cue_end],
                                      cue.cue_start, cue.cue_end, quoted)
        lo, hi = bisect.bisect_left(entity_starts, info.sent.start), bisect.bisect_left(entity_starts, info.sent.end)
        found = find_quantities(info.sent, entities[lo:hi])  # the sentence's own (a scan of all of them per claim grew with the square)
        found_all.extend(found)
        quantities = [f.quantity for f in found]
        if attribution.kind != "named":
            for q in quantities:
                if is_statistic(q):  # not a date, nor "one of them"
                    q.flags.append("unsourced")
                    if is_suspiciously_precise(q, vague_source=attribution.kind == "vague", sentence=info.sent.text):
                        q.flags.append("suspiciously_precise")
        is_headline = title is not None and title.start <= info.start and info.end <= title.end
        in_caption = any(a <= info.start and info.end <= b for a, b in captions)
        claims.append(Claim(info.start, info.end, None, attribution, quantities,
                            explain(attribution, quantities, headline=is_headline, caption=in_caption, text=text),
                            headline=is_headline))
    mark_inconsistent(found_all)
    return claims


def source_phrase(attribution: Attribution, text: str | None = None) -> str:
    """The source and its cue in the article's order: "experts say", "according to a leaked memo";
    with the article's `text`, a cue before its source keeps the words between ("reported by outlets")."""
    if attribution.source and attribution.cue and re.search(rf"\b{re.escape(attribution.cue)}\b", attribution.source, re.I):
        return " ".join(attribution.source.split())  # "a tense interview", not "a tense interview interview"
    a = attribution
    if text and None not in (a.cue_start, a.source_start, a.source_end) and a.cue and a.cue_start < a.source_start \
            and 0 <= a.source_start - (a.cue_start + len(a.cue)) <= 8:
        return " ".join(text[a.cue_start : a.source_end].split())
    parts = [(attribution.source_start, attribution.source), (attribution.cue_start, attribution.cue)]
    if None not in (parts[0][0], parts[1][0]) and parts[1][0] < parts[0][0]:
        parts.reverse()
    return " ".join(" ".join(x.split()) for _, x in parts if x)  # one line: "Scottish ministers", not "Scottish\nministers"


#: how an unsourced claim in a page's photo caption is explained (checkworthiness keeps it)
CAPTION = "a photo caption, in the publication's own voice"


def _captions(doc: Document) -> list[tuple[int, int]]:
    """The photo captions of a page's text ([start, end] pairs in ``doc.meta["captions"]``, set by
    :func:`unspin.inputs.from_html`), the malformed left out."""
    spans = doc.meta.get("captions") if isinstance(doc.meta, dict) else None
    return [(a, b) for a, b in (s for s in spans or () if isinstance(s, (list, tuple)) and len(s) == 2)
            if isinstance(a, int) and isinstance(b, int)]


def explain(attribution: Attribution, quantities, *, headline: bool = False, caption: bool = False,
            text: str | None = None) -> str:
    """One line for a reader: on whose word the claim stands."""
    stats = [q for q in quantities if is_statistic(q)]
    if attribution.kind == "none" and headline:  # a headline cites no one by convention: the body should
        return "a headline, in the publication's own voice: check that the article's body bears it out"
    if attribution.kind == "none" and caption:  # a caption is the newsroom's line under a photo, read first
        return CAPTION + (", with a statistic" if stats else "") + ": check that the article's body bears it out"
    if attribution.kind == "none" and attribution.quoted:  # a quote whose speaker the rules could not find
        return "quoted speech with no speaker named" + (", with a statistic" if stats else "")
    if attribution.kind == "none":
        if stats:
            return "unsourced statistic in the article's own voice"
        return "stated in the article's own voice, with no source"
    what = "statistic" if stats else "claim"
    phrase = source_phrase(attribution, text)
    if attribution.kind == "vague":
        return f"{what} attributed to a vague source ('{phrase}')"
    speech = "quoted speech" if attribution.quoted else what
    source = " ".join(attribution.source.split()) if attribution.source else "a named source"
    cue = attribution.cue if attribution.cue != ":" else None  # 'Victim: "There was ..."' needs no "(:)"
    return f"{speech} attributed to {source}" + (f" ({cue})" if cue else "")
