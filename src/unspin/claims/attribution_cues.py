"""The attribution cues of a sentence: a reporting verb with its subject, "according to X", a poll or
report by X, a vague passive, a hedge, a headline's 'Speaker: "quote"'; and which cue wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attribution_quotes import _inside
from .attribution_sources import _classify, _share_word, _source_tokens
from .attribution_words import (
    _COMPANY, _MODALS, ANSWERING_VERBS, EVIDENCE_NOUNS, FRAMING_VERBS, HEDGES, NEEDS_CLAUSE, NOBODY, NOUN_SOURCES, PERSON_PRONOUNS,
    QUANTIFIER_PRONOUNS, REPORTING_VERBS, TITLES, VAGUE_HEADS, VAGUE_PASSIVE)


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
    closes_quote: bool = False  # a sentence of its own after the quote it attributes ('...?" Paul said.')


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
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if state is not None and len(subjects) > 1 and _inside(state.quotes, verb.idx) is None:
        outside = [c for c in subjects if _inside(state.quotes, c.idx) is None]
        subjects = outside or subjects  # '"Failure to replace ... will carry large risks," said an agency statement.':
        # the parse made the quote's first word a second subject of the verb that reports it; the speaker is outside
    for child in subjects:
        name = _name_after_title(child)
        if name is not None:
            return name
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
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "Homan has reacted ... by saying they should ...": the subject of "reacted" said it
    if verb.dep_ in ("conj", "advcl", "xcomp", "acl", "prep") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX", "NOUN"):
        for child in verb.head.children:  # a shared subject, passive too: "X was advised ... and said"
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.dep_ == "conj"):
                return child
        if verb.dep_ == "advcl" and verb.tag_ == "VBG":
            return _stranded_subject(verb.head)
    return _stranded_subject(verb) or _appended_subject(verb)


def _stranded_subject(verb):
    """'In an exclusive interview with ABC News, Sen. Rand Paul, R-Ky., took aim at ..., saying ...': the
    parse joins the person to the fronted phrase ("ABC News ... Paul" a conjunction), leaving the verb
    with no subject; the person right before the verb, after a comma, is its subject."""
    if verb.dep_ != "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    doc = verb.doc
    before = verb.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before < 0 or before == verb.i - 1:
        return None  # the person is set off by a comma from the verb
    person = next((t for t in doc[max(0, before - 12) : before + 1] if t.dep_ == "conj" and t.ent_type_ == "PERSON"
                   and before <= t.right_edge.i < verb.i and t.head.dep_ == "pobj" and t.head.i < t.i), None)
    if person is None or not any(a.dep_ == "prep" and a.head.i == verb.i for a in person.ancestors):
        return None
    return person


def _appended_subject(verb):
    """'Uganda ... was disappointed by the stalemate in recent coffee talks in London, the chairman of the
    state-run Coffee Marketing Board, CMB, said.': the parse made the speaker an apposition of the last noun
    of the clause reported before the verb, leaving the verb with no subject; a role or a person set off by
    commas right before the verb, and nothing but its own appositions between it and the verb, is the subject."""
    if verb.dep_ != "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    doc = verb.doc
    if clause is None or verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    for tok in doc[clause.left_edge.i : verb.i - 1]:
        if tok.dep_ != "appos" or tok.head.i >= tok.i or tok.left_edge.i < 1 or doc[tok.left_edge.i - 1].text != ",":
            continue
        rest = [t for t in doc[tok.left_edge.i : verb.i - 1] if not t.is_punct]  # its phrase, and its own ", CMB,"
        if all(t.i in range(tok.left_edge.i, tok.right_edge.i + 1) or t.dep_ == "appos" and t.head.i == tok.head.i
               or any(a.dep_ == "appos" and a.head.i == tok.head.i and a.i > tok.i for a in t.ancestors) for t in rest) \
                and _personish(tok):
            return tok
    return None


def _name_after_title(subj):
    """The name the parse made a second subject of the verb, right after a title it did not join it to:
    "Liberal Democrat spokeswoman for women Sandra Gidley said" has the subjects "spokeswoman" and
    "Gidley"; the person is who spoke. None when there is no such name."""
    after = subj.right_edge.i + 1
    for other in subj.head.children:
        if other.i > subj.i and other.dep_ == subj.dep_ and other.left_edge.i == after and other.ent_type_ == "PERSON" \
                and (subj.lemma_.lower() in TITLES or subj.lemma_.lower().startswith("spokes")):
            return other
    return None


def _parenthetical(verb, subj, sent) -> bool:
    """'..., an online survey shows, ...' / '..., police have said.': a reporting aside."""
    first = min(subj.left_edge.i, verb.i) if subj is not None else verb.i
    last = verb.i
    doc = verb.doc
    if first - 2 >= sent.start and _misread_noun(doc[first - 1]):
        first -= 2  # '..., Swedish trades union official Ulf Carlsson said.'
    while last + 1 < sent.end and not doc[last + 1].is_punct:
        after = doc[last + 1]
        if after.dep_ in ("advmod", "npadvmod", "prt"):
            last += 1
        elif after.head.i == verb.i and (
                after.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell"
                or after.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in after.children if t.dep_ == "pobj")):
            last = after.right_edge.i  # '..., X told reporters.', '..., X said on Tuesday.': the hearer, the day
        else:
            break
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
    if turn is not None:  # "TRUMP: She lied.", "... — Rita Katz (@Rita_Katz) January 1, 2016": ahead of anything else
        return [Cue("named", turn.colon, turn.cue_end or turn.colon + 1, turn.label_start, turn.label_end, priority=4,
                    person=turn.person)]
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
        elif (lemma in REPORTING_VERBS or lemma in FRAMING_VERBS or lower in ("says", "shows", "said", "learned")
              or lemma == "put" and tok.dep_ == "advcl") and tok.pos_ in ("VERB", "NOUN", "AUX"):  # "As he put it, ..."
            cue = _verb_cue(tok, sent, quotes, state) or _misread_aside(tok, sent, state)
            if cue:
                cues.append(cue)
    return cues


def _misread_aside(tok, sent, state) -> Cue | None:
    """'..., figures given by a spokesman for the National Statistics Institute show.': the tagger
    read the aside's verb, the sentence's last word, as a noun ending the name before it, so no verb
    had a subject; the aside's figures (or data, survey, ...) are the source, as when "show" is a verb."""
    doc = sent.doc
    if tok.pos_ != "NOUN" or tok.lower_ not in _FINDS or not all(t.is_punct or t.is_space for t in doc[tok.i + 1 : sent.end]):
        return None
    comma = next((t.i for t in reversed(doc[sent.start : tok.i]) if t.text == ","), None)
    noun = next((t for t in doc[comma + 1 : tok.i] if t.pos_ in ("NOUN", "PROPN")), None) if comma is not None else None
    if noun is None or noun.lemma_.lower() not in EVIDENCE_NOUNS or noun.i + 1 >= tok.i:
        return None
    kind, s, e = _classify(noun, state)
    last = doc[tok.i - 1]  # the phrase the parse ran on into "show"
    if e is not None and e > last.idx + len(last.text):
        e = last.idx + len(last.text)
    return Cue(kind, *_span(tok), s, e, priority=3)


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


#: verbs that report a figure they take as their object, and the entities that are figures
_RECKONS = frozenset("estimate project forecast predict calculate".split())
_AMOUNTS = frozenset("MONEY PERCENT QUANTITY CARDINAL".split())


def _verb_cue(verb, sent, quotes, state) -> Cue | None:
    """The attribution a reporting verb makes, if it reports here."""
    lemma = verb.lemma_.lower() if verb.pos_ != "NOUN" else {"shows": "show", "says": "say"}.get(verb.lower_, verb.lemma_.lower())
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse", "fail"):
        return None  # "declined to say whether ...": nothing was said
    if _in_question(verb):
        return None  # "asked Sen. Kamala Harris if she believes ICE should exist": she said nothing
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
    framed = lemma in FRAMING_VERBS and verb.pos_ == "VERB" and _frames_quote(verb, quotes) and (
        verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT")  # not "what McConnell called a “clean” bill"
    as_said = _as_said(verb, sent)  # "As Smith said, the plan failed.", "As he put it, ..."
    if lemma not in REPORTING_VERBS and not framed and not as_said:
        return None  # "called the office", "slammed the door": no words framed
    # the words a framing verb frames are a fragment: any other cue in the sentence says more of whose it is
    fragment_priority = 1 if framed and lemma not in REPORTING_VERBS else priority
    subj = _subject(verb, state)
    if subj is not None and _nobody(subj):
        return None  # '"The economy is collapsing," nobody said.': nothing was said, as "did not say"
    if subj is not None and subj.lower_ in QUANTIFIER_PRONOUNS and _unasserted(verb):
        return None  # "I don't think anybody would argue ...", "If anyone here truly believes ...": nobody spoke
    if verb.dep_ == "relcl" and verb.head.lower_ in QUANTIFIER_PRONOUNS and (
            verb.head.lower_.startswith(("any", "every")) or lemma in ("believe", "think")):
        return None  # "anyone who says ...", "someone who believed ...": a kind of person ("someone who said" is one)
    if lemma == "read" and not (subj is not None and subj.lemma_.lower() in NOUN_SOURCES):
        return None  # "the statement read", not "she read the book"
    if lemma in ("determine", "grant") and not any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                                                   for c in verb.children):
        return None  # "The CBO determined that ...", not "race determines where people live" or "as determined by";
        # "Obama granted that ...", conceding, not "granted clemency" nor "was granted a waiver by the court"
    if lemma == "find" and any(c.dep_ in ("dobj", "ccomp") and (c.dep_ == "dobj" or c.pos_ == "ADJ")
                               and not any(m.dep_ == "mark" for m in c.children) for c in verb.children) \
            and not (subj is not None and subj.lemma_.lower() in EVIDENCE_NOUNS):
        return None  # "officers found him dead", "found the body": no finding reported (a study's finding is)
    if passive or agent is not None:
        objs = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
        if not objs and framed:  # 'The plan was called “a disaster” by critics': the parse hangs "by" on the words
            objs = [p for c in verb.children if c.dep_ == "oprd" for b in c.children
                    if b.dep_ == "prep" and b.lower_ == "by" for p in b.children if p.dep_ == "pobj"]
        if objs:
            kind, s, e = _classify(objs[0], state)
            return Cue(kind, *_span(verb), s, e, priority=fragment_priority)  # passive as active
        idiom = any(c.dep_ in ("auxpass", "aux") and (c.tag_ == "VBG" or c.lower_ in _MODALS) for c in verb.children) \
            or verb.dep_ == "relcl" or any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        if lemma in VAGUE_PASSIVE and not idiom:  # not "that being said", "was to be expected", "which must be reported"
            return Cue("vague", *_span(verb), priority=priority)  # "it is believed", "is said to"
        return None
    # does it report? a clause or a quote as complement, an aside ('..., police said.'), a quote in
    # the sentence (for the plain verbs), or a participle ('..., saying ...')
    takes_clause = verb.dep_ == "parataxis" or any(
        c.dep_ in ("ccomp", "parataxis") or c.dep_ == "advcl" and lemma in _ASKING and _question(c) or (c.dep_ in ("dobj", "attr", "npadvmod", "xcomp") and _quoted_token(c, quotes))
        or c.dep_ == "dobj" and _misread_clause(c)  # "the prime minister said the report reinforced stability"
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
    elif lemma in _RECKONS and dobj is not None and any(t.ent_type_ in _AMOUNTS for t in dobj.subtree):
        takes_clause = True  # "The Congressional Budget Office projected $588 billion in defense appropriations"
    tail = subj is not None and lemma not in ANSWERING_VERBS and not (takes_clause or aside or plain_with_quote) \
        and _closes_quote(verb, subj, sent, state.text)  # '"..." Smith agreed.' attributes nothing
    if not (takes_clause or aside or plain_with_quote or participle or evidence or framed or tail or as_said
            or _introduces_quote(verb, sent, state.text)):
        return None
    if subj is None or subj.lower_ in ("i", "we"):
        return None  # "I believe ...", "we announced ...": the article's own voice, not a source it cites
    if subj.dep_ == "expl" or subj.lower_ == "it" and passive:
        return Cue("vague", *_span(verb), priority=priority)
    kind, s, e = _classify(subj, state)
    return Cue(kind, *_span(verb), s, e, priority=fragment_priority, person=_personish(subj), closes_quote=tail)


def _as_said(verb, sent) -> bool:
    """'As Smith said, the plan failed.', 'As they said, nobody could honestly claim ...', 'As he put it, ...': a
    reporting verb (or "put it") in an "as" clause that opens the sentence, set off by a comma from the clause it
    modifies, says the rest is its subject's words (it had been no source: the verb takes no clause); so does one
    set off by a comma after it, at the sentence's end or before a comma ("The plan failed, as Smith noted."), with
    no object ("..., as Smith announced his resignation" is when, not what, he said). Not "As a
    result" or "As expected" (no subject), "as he left" (no reporting verb), the saying "As they say, ...", "As you
    might expect", "As the race continues", nor a finding of anything but a poll, study...: "As 9/11 showed us"."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    if lemma == "put":
        if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children):
            return False
    elif lemma not in REPORTING_VERBS:
        return False
    if verb.dep_ != "advcl" or verb.head.i == verb.i or not any(
            c.dep_ == "mark" and c.lower_ == "as" and c.i == verb.left_edge.i for c in verb.children):
        return False
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False  # "as Smith said it would": what was said is in the clause
    if verb.head.i < verb.i:  # 'The plan failed, as Smith noted.', '..., as Smith noted, and ...': set off by commas
        after = verb.right_edge.i + 1
        if verb.left_edge.i < 1 or doc[verb.left_edge.i - 1].text != "," or not (
                all(t.is_punct or t.is_quote or t.is_space for t in doc[after : sent.end]) or doc[after].text == ","):
            return False
        if any(c.dep_ == "dobj" for c in verb.children) and lemma not in ("put", "tell"):
            return False  # "..., as Smith announced his resignation.": while he did, not what he said
    else:
        first = sent.start
        while first < verb.left_edge.i and (doc[first].is_punct or doc[first].is_quote):
            first += 1
        if first != verb.left_edge.i or not any(t.text == "," for t in doc[verb.i + 1 : verb.head.i]):
            return False  # (the parse may hang the comma, or "last week" before it, on either verb)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ == "you" or subj.lower_ == "they" and verb.tag_ == "VBP" \
            or any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return False  # "As they say, ...", "As you might expect, ...": nobody's words
    if lemma in _FINDINGS:  # "As the report shows, ...", not "As 9/11 showed us, ..."
        return subj.lemma_.lower() in EVIDENCE_NOUNS
    return lemma not in NEEDS_CLAUSE or lemma in ("add", "point")  # not "As the race continues", "As expected"


_FINDINGS = frozenset("show find reveal indicate suggest".split())


#: verbs whose "if" clause is a question, however the parse hangs it: "asked Harris if she believes ..."
_ASKING = frozenset("ask wonder inquire enquire question".split())


def _question(clause) -> bool:
    """Whether `clause` is an indirect question: a clause of "whether", or of "if" that is the object of
    the verb above it or hangs on a verb of asking (the parse makes "asked voters if they thought ..." a
    condition); not a condition ("If she believes that, she should say so")."""
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    return clause.dep_ in ("ccomp", "advcl") and "whether" in marks or "if" in marks and (
        clause.dep_ == "ccomp" or clause.dep_ == "advcl" and clause.head.lemma_.lower() in _ASKING)


def _in_question(verb) -> bool:
    """Whether `verb` is in an indirect question ("asked Harris if she believes ...", "asked whether he
    said ...", "It is unclear whether she thinks ..."): what is asked was not said (the asker, if anyone,
    is the speaker)."""
    tok = verb
    while tok.head.i != tok.i and tok.dep_ in ("ccomp", "advcl", "conj"):
        if _question(tok):
            return True
        tok = tok.head
    return False


def _frames_quote(verb, quotes) -> bool:
    """Whether `verb` frames quoted words as what its object is or was called: in the complement after its
    object ("called the policy a “radical, irrational idea”", "labelled the bill “a giveaway”", "branded
    them “thugs”") or after "as" ("slammed that raid as “unjust and cruel”"); not in the object itself
    ("called the “Situation Room”"), nor in what it calls on someone to do ('called on leaders to provide
    “an effective response”') or calls for ("called for “a total and complete shutdown”")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    framing = [c for c in verb.children if c.dep_ == "oprd" or c.dep_ == "xcomp" and c.pos_ not in ("VERB", "AUX")
               or c.dep_ == "prep" and c.lower_ == "as"
               or c.dep_ == "dobj" and objs and c.i != objs[0].i]  # "branded the protesters “thugs”": a second object
    framing += [a for o in objs[:1] for a in o.children if a.dep_ in ("appos", "oprd") and a.i > o.i]
    return any(_quoted_token(c, quotes) for c in framing)


def _misread_clause(obj) -> bool:
    """An object that is a clause the parse misread: "the prime minister said the report reinforced
    stability" has "stability" as the object of "said", with "reinforced" an adjective on it; an adjective
    has no subject, so the verb with one is what was said."""
    return any(a.dep_ == "amod" and a.pos_ == "VERB" and a.i < obj.i
               and any(s.dep_ in ("nsubj", "nsubjpass") for s in a.children) for a in obj.children)


def _introduces_quote(verb, sent, text: str) -> bool:
    """'Jake Cummings explained to CNN:' with the quote in the next paragraph: a sentence ending in a
    colon, right before an opening quotation mark."""
    last = [t for t in sent if not t.is_space]
    if not last or last[-1].text != ":" or verb.dep_ != "ROOT":
        return False
    rest = text[last[-1].idx + 1 : last[-1].idx + 200].lstrip()  # (sent.doc.text would rebuild the whole text)
    return rest[:1] in ('"', "\u201c", "\u2018", "'")


#: the end of a quote the sentence splitter cut off from its attribution: '... you need?" ', '... enough." '
_QUOTE_CLOSED = tuple(p + q for p in "?!.," for q in "\"\u201d'\u2019")


def _closes_quote(verb, subj, sent, text: str) -> bool:
    """'"... Where's the other trillion you need?" Paul said.': spaCy ends a sentence at a question's
    closing quotation mark, leaving "Paul said." a sentence of its own, which reports nothing in itself; it
    attributes the quote it follows in its paragraph. The sentence is the speaker and the verb alone (or
    "said Paul"), with at most a hearer or a day ("he told reporters on Friday.")."""
    if verb.dep_ != "ROOT" or not text[max(0, sent.start_char - 4) : sent.start_char].rstrip(" \t").endswith(_QUOTE_CLOSED):
        return False
    doc = verb.doc
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or words[-1].i + 1 < sent.end and not all(t.text in ".!" or t.is_space for t in doc[words[-1].i + 1 : sent.end]):
        return False
    allowed = {t.i for t in subj.subtree} | {verb.i}
    for c in verb.children:
        if c.dep_ in ("advmod", "npadvmod", "prt") or c.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell" \
                or c.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in c.children if t.dep_ == "pobj"):
            allowed |= {t.i for t in c.subtree}
    return all(t.i in allowed for t in words)


def _unasserted(verb) -> bool:
    """Whether `verb` says what someone would say, not what anyone said: in a clause that a negation
    governs ("I don't think anybody would argue ...", "I haven't heard anybody yet say ...") or a condition
    ("If anyone here truly believes ..., I respect ...", "unless somebody says ..."), the verb's own or one
    it is the complement of (through "that" clauses, and conjuncts, which share a condition but not a negation:
    "I don't think so, and everyone agrees" is no negated "agrees")."""
    tok, negated = verb, False  # (the verb's own negation is "did not say", dealt with before)
    while True:
        if negated and any(c.dep_ == "neg" for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return True
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        negated = tok.dep_ != "conj"
        tok = tok.head


def _nobody(subj) -> bool:
    """A subject that says no one spoke: "nobody", "none", "no one" (the parse: "one" with "no" as its
    determiner), "no-one" (the parse: "No" as the subject, then "-" and "one"); not "None other than David Dreier"."""
    doc = subj.doc
    lower = subj.lower_
    return lower in NOBODY and doc[subj.i + 1 : subj.i + 2].text.lower() != "other" or lower == "one" and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children) \
        or lower == "no" and doc[subj.i + 1 : subj.i + 3].text.lower() in ("- one", "-one")


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
