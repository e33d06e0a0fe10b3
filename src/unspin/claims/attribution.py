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

This module is the pass over the sentences and the claims it builds; the rules live beside it:
``attribution_quotes`` (quotes, speaker turns, datelines), ``attribution_cues`` (cues),
``attribution_sources`` (classifying a source, resolving pronouns), ``attribution_state`` (what the
pass remembers) and ``attribution_words`` (the word lists).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..captions import caption_spans
from ..document import Document, headline
from ..report import Attribution, Claim
from .attribution_cues import Cue, _cues, _poll_behind
from .attribution_quotes import (
    _inside, _Spans, datelines, quote_spans, single_quote_spans, speaker_turns, tweet_turns)
from .attribution_state import _State
from .attribution_words import REPORTING_VERBS
from .quantities import Found, find_quantities, is_conversion, is_statistic, is_suspiciously_precise, mark_inconsistent


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


def _quoted_question(info: SentenceInfo, text: str) -> bool:
    """'"Where is the other trillion?" said Paul, the senator from Kentucky.', '"Why would anyone vote for
    this?" the senator said in a statement.': a quoted question and who said it, and nothing else, asserts
    nothing (a question outside quotes is no claim, nor one "asked" by its speaker). Every quoted part is
    one question (no sentence ends inside it), and outside the quotes no verb but the cue's and its
    auxiliaries ('..., adding that the cuts were too small' asserts something)."""
    cue = info.cue
    if not info.quotes or cue is None:
        return False
    for lo, hi in info.quotes:
        words = text[lo:hi].strip().strip("\"'\u201c\u201d\u2018\u2019").rstrip(", ")
        if not words.endswith("?") or re.search(r"[.!?;]\s", words):
            return False
    verb = next((t for t in info.sent if t.idx == cue.cue_start), None)
    for tok in info.sent:
        if tok.pos_ not in ("VERB", "AUX") or any(lo <= tok.idx < hi for lo, hi in info.quotes):
            continue
        if verb is None or not (tok.i == verb.i or tok.head.i == verb.i and tok.dep_ in ("aux", "auxpass")):
            return False
    return True


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
    turns = sorted(speaker_turns(doc.text, doc.paragraphs, sdoc.ents) + tweet_turns(doc.text, doc.paragraphs, sdoc.ents),
                   key=lambda t: t.speech_start)
    speeches = [(t.speech_start, t.speech_end) for t in turns]  # a turn's speech is quoted, its own quotes within it
    speech_spans = _Spans(speeches)
    doubles = _Spans(speeches + [q for q in quote_spans(doc.text, doc.paragraphs) if _inside(speech_spans, q[0]) is None])
    # the British convention ('We will not back down,' she said), where no double quote holds it
    quotes = _Spans(list(doubles) + [q for q in single_quote_spans(doc.text, doc.paragraphs) if _inside(doubles, q[0]) is None])
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
            if info.cue.closes_quote and not info.quote_ids:  # '... you need?" Paul said.': the quote before is his
                closed = _inside(quotes, len(doc.text[: info.start].rstrip(" \t")) - 2)
                if closed is not None:
                    info.quote_ids.add(closed)
            if info.is_claim and _quoted_question(info, doc.text):
                info.is_claim = False  # '"Where is the other trillion?" said Paul.': asks, as a question outside quotes
        infos.append(info)
    _inherit_quotes(infos, [p.start for p in doc.paragraphs], doc.text)
    return infos


def _inherit_quotes(infos: list[SentenceInfo], paragraph_starts: list[int], text: str) -> None:
    """A sentence inside a quote with no cue of its own takes the speaker of the quote it continues.

    A quote opened after narration in its paragraph ('Tom Price disagreed. "The scheme ..."') is
    not taken by the next paragraph's speaker: it is that paragraph's, whoever the narration names."""

    def para_of(info: SentenceInfo) -> int:
        return bisect.bisect_right(paragraph_starts, info.start)

    for i, info in enumerate(infos):
        if info.cue is not None or info.quoted_share < 0.6:
            continue
        # a sentence of the same quotation: its speaker, found or itself inherited ('Tom Price disagreed.
        # "The scheme is a disaster. It will cost £5m a year."': both sentences are his)
        donor = next((o for o in infos if o is not info and o.cue and o.quote_ids & info.quote_ids), None)
        narrated = False  # narration before the quote in its own paragraph
        intro = None  # that narration, when it is the sentence just before the quote
        own = _narrated_into(info)  # 'Trump called for “...”': not the speaker after it, nor one of another paragraph
        for step in (-1,) if own else (-1, 1):
            if donor is not None:
                break
            j = i + step
            while 0 <= j < len(infos) and abs(j - i) <= _CHAIN:
                other = infos[j]
                if (step == 1 and narrated or own) and para_of(other) != para_of(info):
                    break
                if other.cue is not None and not other.inherited:
                    # a quote after 'She said ...' is hers; one before an attribution must share its quotes; a
                    # question the article asks ('Why would someone ..., observing ..., comment that “...”?') says
                    # whose words are in it, not whose the quote outside it is
                    if (other.quote_ids or (step == -1 and other.cue.kind == "named")) and not _asks(other, text):
                        donor = other
                    break
                if other.quoted_share < 0.6:
                    narrated = step == -1 and para_of(other) == para_of(info)
                    intro = other if narrated and j == i - 1 and not other.quote_ids else None
                    break
                j += step
        if donor is not None:
            info.cue = donor.cue
            info.inherited = True
        elif intro is not None:  # 'Opposition councillor Tom Price disagreed. "The scheme ..."': his
            info.cue = _introduced_by(intro)
            info.inherited = info.cue is not None


def _asks(info: SentenceInfo, text: str) -> bool:
    """Whether the sentence is a question in its own voice: it ends with a question mark outside its quotes
    ('Why would someone ... comment that “We rolled lighter than that”?'; not '“Why?” he asked.')."""
    end = len(text[: info.end].rstrip())
    return text[end - 1 : end] == "?" and not any(lo <= end - 1 < hi for lo, hi in info.quotes)


def _narrated_into(info: SentenceInfo) -> bool:
    """Whether the sentence's narration, with a verb of its own, comes before its first quote ('Trump
    called for “a total and complete shutdown ...”'): such a quote may carry on the words of a speaker
    quoted just before in its paragraph ('... said Maureen Meyer. The kids are “often questioned ...”'),
    but not those of another paragraph's speaker, nor of the quote after it."""
    first = min(a for a, _ in info.quotes)
    return any(t.idx < first and t.pos_ in ("VERB", "AUX") for t in info.sent)


#: verbs of taking a stand that introduce the quote after them: "Tom Price disagreed."
_STANCE_VERBS = frozenset("""disagree dispute reject dismiss welcome defend attack condemn praise blame question challenge
counter retort protest object speak talk hit sound voice echo back oppose support accuse apologise apologize vow
promise pledge hail slam""".split())
#: how a speaker is said to be, before the quote that shows it: "Mr Blair was scathing."
_STANCE_ADJECTIVES = frozenset("""scathing adamant defiant unrepentant blunt upbeat optimistic pessimistic cautious critical
firm confident furious angry dismissive emphatic unapologetic candid frank bullish bearish sceptical skeptical
unequivocal clear keen eager happy pleased delighted disappointed upset relieved proud determined
satisfied frustrated""".split())


def _introduced_by(intro: SentenceInfo) -> Cue | None:
    """The person a sentence of narration is about, as the speaker of the quote that follows it in
    its paragraph: its main verb's subject, when spaCy calls that a person and the verb says or takes
    a stand ("Tom Price disagreed.", "Mr Blair was scathing."), with the verb as the cue; None
    otherwise (a pronoun, a body, a passive subject, or narration of what a person did or was: "John
    Smith died in 2003." and "Striker Wayne Rooney scored twice." introduce no speaker)."""
    root = intro.sent.root
    lemma = root.lemma_.lower()
    stance = lemma in REPORTING_VERBS or lemma in _STANCE_VERBS or lemma == "be" and any(
        c.dep_ == "acomp" and c.lemma_.lower() in _STANCE_ADJECTIVES for c in root.children)
    if not stance:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ != "PERSON":
        return None
    name = next((e for e in intro.sent.ents if e.start <= subject.i < e.end and e.label_ == "PERSON"), None)
    if name is None:
        return None
    last = max([root, *(c for c in root.children if c.dep_ == "acomp")], key=lambda t: t.i)  # "was scathing"
    return Cue("named", root.idx, last.idx + len(last.text), name.start_char, name.end_char, person=True)


def build_claims(doc: Document) -> list[Claim]:
    """The claims of `doc`: each asserting sentence with its attribution and quantities."""
    claims: list[Claim] = []
    found_all: list[Found] = []
    text = doc.text
    entities = list(doc.spacy.ents)
    entity_starts = [e.start for e in entities]  # spaCy's entities do not overlap: sorted by start and end
    title = headline(text)
    captions = caption_spans(doc.text, doc.meta)
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
            for before, q in zip([None, *quantities], quantities):
                if is_statistic(q) and not is_conversion(q, before, text):  # not a date, "one of them", "($4.6m)"
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
