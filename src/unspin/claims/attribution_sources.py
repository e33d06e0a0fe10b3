"""Who a source is: the noun phrase of a cue's subject or object, classified named or vague, and a
pronoun ("he said") resolved to the speaker or entity it stands for.
"""

from __future__ import annotations

import re

from .attribution_quotes import _inside
from .attribution_words import (
    FEMALE, MALE, _COMPANY, _OFFICES, EVIDENCE_NOUNS, HE, NOUN_SOURCES, PERSON_NOUNS, PERSON_PRONOUNS, REPORTING_VERBS, ROLE_HEADS, SHE, TITLES,
    VAGUE_HEADS, VAGUE_PRONOUNS, _name_words, _names_a_role)

_ANTECEDENT_WINDOW = 3000  # characters back to look for a pronoun's antecedent
_RECENT_SPEAKER = 600  # a speaker this close before a pronoun is its antecedent


def _source_tokens(head):
    """The noun phrase of a source: its head, left modifiers, and 'of/for/at/close to' attachments."""
    toks = [head]
    for child in head.children:
        if child.i < head.i and child.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "punct"):
            toks.extend(child.subtree)
        elif child.i > head.i and child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "with", "close", "familiar", "from", "in") \
                and not (child.lower_ == "in" and head.doc[child.i - 1].text == ","):  # not "Roderick, in response to a question,"
            toks.extend(child.subtree)
        elif child.i > head.i and child.dep_ in ("amod", "acl") and child.lower_ in ("close", "familiar"):
            toks.extend(child.subtree)
        elif _per_cent(child):  # "Forty per cent of Microsoft staff", parsed as "Forty" + "per cent ..."
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


#: members of an elected body, written as abbreviations spaCy tags as names ("an MP", "a Labour MEP")
_MEMBERS = frozenset("mp mep msp mla mpp".split())
#: a source that is unnamed by its very word, whatever body it speaks for ("Downing Street sources said",
#: "according to a Whitehall source", "a Labour insider said"), as "a No 10 source" is
_UNNAMED = frozenset("source insider".split())
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
    giver = _given_by_role(head) if evidence else None
    if giver is not None:  # "figures given by a spokesman for the institute": the spokesman, as when he says them
        return _classify(giver, state)
    kind, start, end = _classify_source(head, state)
    if evidence and kind == "named" and start is not None:
        state.evidence.append((start, end))
    return kind, start, end


def _given_by_role(head):
    """The role whose figures or report `head` is ("figures given by a spokesman for the National
    Statistics Institute", "a report by the minister"), or None."""
    for child in head.children:
        agent = child if child.dep_ == "prep" and child.lower_ == "by" else \
            next((c for c in child.children if c.dep_ == "agent"), None) if child.dep_ == "acl" else None
        for obj in (c for c in agent.children if c.dep_ == "pobj") if agent is not None else ():
            if obj.lemma_.lower() in ROLE_HEADS or obj.lemma_.lower().startswith("spokes"):
                return obj
    return None


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
    named = _named_after(head, np, state)
    if named is not None:  # "one of the so-called Guildford Four, Gerry Conlon - who ... - said": Gerry Conlon
        return "named", named.start_char, named.end_char
    lower = head.lower_
    if lower in ("who", "that", "which") and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
        return _classify(head.head.head, state)  # "Chen Shibiao, who said ...": the person it stands for
    if (lower in VAGUE_PRONOUNS and not any(t.pos_ == "PROPN" for t in doc[np.start : head.i])) \
            or lower == "one" and len(np) == 1:  # "some say", "others argue", "One said": nobody a reader can
        return "vague", np.start_char, np.end_char  # check; "Kenneth More said" is a name, not "more"
    if _share_of_group(head):  # "About 60 percent of respondents said", "Only 42% of them say": a poll's answer
        return "vague", np.start_char, np.end_char
    if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
        kind, start, end = _resolve(head, state)
        if not _anonymous(head):
            return kind, start, end
        if start is not None and state.names_person(start, end):  # "Geoff Hoon met officials ... He said on
            return "vague", head.idx, head.idx + len(head.text)  # condition of anonymity": "He", not the name
        return "vague", start, end  # "A Pentagon official briefed reporters ... He said on condition of anonymity"
    if _anonymous(head):  # "a senior Pentagon official told reporters on condition of anonymity": whatever the body
        return "vague", np.start_char, np.end_char
    ents = sorted((e for e in state.entities_within(np.start, np.end) if e.label_ in _ENTITY_RANK),
                  key=lambda e: (not (e.start <= head.i < e.end), _ENTITY_RANK[e.label_], e.start))
    if (head.lemma_.lower() in VAGUE_HEADS or lower in VAGUE_HEADS) and not any(e.start <= head.i < e.end for e in ents) \
            and any(c.i > head.i and c.lower_ in ("close", "familiar") for c in head.children):
        return "vague", np.start_char, np.end_char  # "a source close to the Kadoorie family": not the Kadoories
    if head.lemma_.lower() in _UNNAMED and not any(e.start <= head.i < e.end for e in ents) \
            and not (head.text[:1].isupper() and head.i != head.sent.start) \
            and not _appositive_name(head):  # (not "Business Insider", nor "A Labour source, John Smith,")
        return "vague", np.start_char, np.end_char  # "Downing Street sources", "a Labour insider": whatever body
    lemma = head.lemma_.lower()
    poss = [c for c in head.children if c.dep_ == "poss"]
    vague_head = lemma in VAGUE_HEADS or lower in VAGUE_HEADS
    # "one MP", "one manager" are as "an MP", "a manager": one of some, nobody a reader can check
    # (not the "One" of a name: "One Nation said", "One Laptop per Child said": a capitalised word that
    # names no role, where "One MP" and "One Labour MP" do)
    named = head.text[:1].isupper() and not head.text.isupper() and lemma not in TITLES
    det = [c.lower_ for c in head.children if c.dep_ == "det" or c.dep_ == "nummod" and c.lower_ == "one" and c.i < head.i
           and c.ent_type_ in ("", "CARDINAL") and not named]
    if det == ["one"] and not lemma.startswith("spokes") and (lemma in TITLES or lemma in _MEMBERS) \
            and not _appositive_name(head):  # (not "One Tory MP, John Smith,"; "One Tory MP, a veteran," is)
        return "vague", np.start_char, np.end_char  # "One Tory MP told the BBC", as "one MP": whatever body
    titled = _titled_name(head, np, ents) if ents else None
    if titled:
        return "named", *titled
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
    if not (ents and ents[0].start <= head.i < ents[0].end) and det == ["the"] and np.end - np.start <= 4 \
            and lemma in PERSON_NOUNS and head.tag_ not in ("NNS", "NNPS") \
            and not any(c.lower_ in _OTHER for c in head.children):  # (not "the economists", a group; not "the other official")
        # "John Smith, a trader at Acme, said ... The trader said": John Smith, as "the judge" is the judge
        # quoted before; "the broker" as "the trader"; with no one named so, the unnamed one it was
        # (not when the last so titled would not be named: "The official, who declined to be identified,")
        same_title = [p for p in state.people if p[1] <= head.idx and _holds_title(doc, p, lemma)]
        intros = [p for p in same_title if not re.match(r"(?i)the\b", state.text[p[0] : p[1]])]  # not "the official, a ..."
        if same_title and same_title[-1][2] == "named" and intros and intros[-1][2] == "named" \
                and head.idx - intros[-1][0] < _ANTECEDENT_WINDOW and not _another_since(head, intros[-1][0], lemma):
            return "named", intros[-1][0], intros[-1][1]
    if det == ["the"] and lemma in _MEMBERS_OF_A_PARTY and head.tag_ in ("NN", "NNP") and np.end - np.start <= 4:
        one = _epithet_of(head, state)  # "Nancy Pelosi urged ... the California Democrat said": Pelosi
        if one is not None:
            return "named", one[0], one[1]
    appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i
             and not (head.pos_ == "PROPN" and c.left_edge.i == head.i + 1)]  # "FOX 5 DC": one name, not "5 DC"
    if appos and not (ents and (ents[0].label_ == "PERSON" or ents[0].start <= head.i < ents[0].end)):
        name = _balanced(doc, appos[0].left_edge.i, appos[0].i + 1)  # "the Shadow Secretary ..., Theresa May"
        while len(name) > 1 and name[0].is_punct:
            name = name[1:]
        return "named", name.start_char, name.end_char
    if poss and ents and not ents[0].start <= head.i < ents[0].end and any(ents[0].start <= p.i < ents[0].end for p in poss):
        return "named", np.start_char, np.end_char  # "Tony Blair's official spokesman": the spokesman, not Blair
    if ents and ents[0].label_ != "PERSON" and not ents[0].start <= head.i < ents[0].end \
            and (lemma in ROLE_HEADS | _MEMBERS or lemma.startswith("spokes") or lemma in PERSON_NOUNS and ents[0].label_ == "ORG"):
        # "a spokeswoman for NBC" is the spokeswoman (and a "she"); "a Commerce department official" the
        # official of a named body, as "ICE officials" below (spaCy's organisation is "Commerce" alone)
        return "named", np.start_char, np.end_char
    if ents and ents[0].label_ in ("PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART"):
        e = _balanced(doc, *_slashed(ents[0], state))  # spaCy's "the World Health Organization (WHO"
        return "named", e.start_char, e.end_char
    if ents and ents[0].label_ in ("GPE", "LOC", "NORP") and ents[0].start <= head.i < ents[0].end and any(
            c.dep_ == "compound" and c.i < ents[0].start and c.text[:1].isupper() for c in head.children):
        return "named", np.start_char, np.end_char  # "Universities Scotland claimed": the body, not the country
    if ents and not vague_head and (ents[0].start <= head.i < ents[0].end or head.pos_ not in ("NOUN", "PROPN")):  # "Britain said"
        e = _balanced(doc, *_slashed(ents[0], state))  # (not "the court in Washington": the court, below)
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
    if lemma in _MEMBERS and det and det[0] in ("a", "an", "one"):
        return "vague", np.start_char, np.end_char  # "an MP said", "One MP said": a member, as "a senator" is
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
    if head.tag_ in ("NNS", "NNPS") or (det and det[0] in ("a", "an", "one", "some", "many", "several", "various", "multiple")):
        return "vague", np.start_char, np.end_char
    if not det and head.tag_ == "NN" and lemma in PERSON_NOUNS and not any(  # a headline's "Republican lobbyist says",
            c.dep_ in ("compound", "nmod") and c.text[:1].isupper() and c.ent_type_ != "NORP" for c in head.children):
        return "vague", np.start_char, np.end_char  # as "a Republican lobbyist": a role without a name (not "Trump adviser")
    return "named", np.start_char, np.end_char


def _slashed(ent, state) -> tuple[int, int]:
    """The tokens [start, end) of the entity `ent` with the organisations a slash joins to it: "a
    Washington Post/ABC News poll" and "a CNN/ORC poll" are polls of both sponsors (spaCy's first entity
    had been "Washington Post/", cut at the slash, or "CNN"), and of as many as a slash joins, a name
    spaCy saw no organisation in too ("an NBC/WSJ/Marist poll", which had been "NBC/WSJ")."""
    doc, start, end = ent.doc, ent.start, ent.end

    def joined(i: int) -> bool:  # the slash between entities: a token of its own or the end of the first
        return 0 < i < len(doc) and (doc[i - 1].text.endswith("/") or doc[i].text == "/" or doc[i].text.startswith("/"))

    def bare_name(i: int, step: int) -> tuple[int, int] | None:
        """The run of proper nouns from `i` on (step 1) or back (step -1) that spaCy saw no entity in,
        all in the source's own phrase: "Marist" in "an NBC/WSJ/Marist poll"."""
        run = []
        while 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() \
                and not doc[i].ent_type_ and "/" not in doc[i].text:
            run.append(i)
            i += step
        if not run or any(doc[k].head.i < start for k in run):
            return None
        return min(run), max(run) + 1

    if ent.label_ != "ORG":
        return start, end
    while joined(end):
        nxt = next((e for e in state.entities_within(end, min(len(doc), end + 8)) if e.start in (end, end + 1)), None)
        if nxt is None:  # a sponsor spaCy saw no organisation in, a name of its own in the same phrase
            bare = bare_name(end + 1, 1) if end < len(doc) and doc[end].text == "/" else None
            if bare is None:
                break
            end = bare[1]
            continue
        if nxt.label_ != "ORG" or doc[end : nxt.start].text.strip("/ "):
            break
        end = nxt.end
    while joined(start):
        prev = next((e for e in state.entities_within(max(0, start - 8), start) if e.end in (start, start - 1)), None)
        if prev is None:
            bare = bare_name(start - 2, -1) if start >= 2 and doc[start - 1].text == "/" else None
            if bare is None:
                break
            start = bare[0]
            continue
        if prev.label_ != "ORG" or doc[prev.end : start].text.strip("/ "):
            break
        start = prev.start
    return start, end


def _appositive_name(head) -> bool:
    """Whether a name stands in apposition after `head` ("A Labour source, John Smith,", "The insider,
    Jane Doe,", "One Tory MP, John Smith,"): the source is named after all, whatever the word before."""
    return any(c.dep_ == "appos" and c.i > head.i and c.pos_ == "PROPN" and c.ent_type_ in ("", "PERSON")
               for c in head.children)


def _named_after(head, np, state):
    """The person named right after a subject and a comma, whom the parse hung on the verb and not on the
    subject ("one of the so-called Guildford Four, Gerry Conlon - who was wrongly convicted - said": the
    name an npadvmod of "said"), as a span; else None."""
    doc = head.doc
    if np.end + 1 >= len(doc) or doc[np.end].text != "," or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    e = next((e for e in state.entities_within(np.end + 1, min(len(doc), np.end + 6)) if e.start == np.end + 1), None)
    if e is None or e.label_ != "PERSON" or e.root.dep_ not in ("npadvmod", "appos") or e.root.head.i not in (head.i, head.head.i):
        return None
    return e


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


#: what a politician is called after being named: "the California Democrat", "the Texas Republican"
_MEMBERS_OF_A_PARTY = frozenset("democrat republican independent".split())


def _epithet_of(head, state) -> tuple[int, int] | None:
    """The person an epithet of a place and a party ("the California Democrat") stands for: the person who is
    the main subject of the latest sentence before its own that has one ("House Minority Leader Nancy Pelosi
    on Thursday urged ..."), as (start, end); None when none is, or when the article names another person,
    outside quotes, after that sentence ("Trump told Sean Hannity ... Ryan deferred ... the Wisconsin
    Republican said": Trump is no candidate past Ryan, whom spaCy did not make a subject) or joined to the
    subject ("Sen. Dianne Feinstein and Rep. Nancy Pelosi urged ...": either is a California Democrat)."""
    if not any(c.dep_ in ("compound", "amod") and c.ent_type_ == "GPE" for c in head.children):
        return None  # "the Democrat" alone may be the unnamed operative quoted before
    own, window = head.sent.start, head.idx - _ANTECEDENT_WINDOW
    people = [e for e in state.entities if e.label_ == "PERSON" and e.end <= own and e.start_char >= window
              and _name_words(e.text) and not _COMPANY.search(e.text)]
    for n in range(len(people) - 1, -1, -1):
        e = people[n]
        if e.root.dep_ in ("nsubj", "nsubjpass") and e.root.head.i == e.root.sent.root.i:
            surname = _name_words(e.text)[-1]
            if any(_name_words(o.text)[-1] != surname for o in people[n + 1 :] if o.start >= e.root.sent.end
                   or o.root.dep_ == "conj" and any(e.start <= a.i < e.end for a in o.root.ancestors)):
                return None
            if any(_another_party(head.doc, o, head.lemma_.lower()) for o in people if _name_words(o.text)[-1] == surname):
                return None  # "Sen. Ted Cruz, a Texas Republican, urged ... the California Democrat said": not Cruz
            start, end, _ = _without_possessive(state.text, (e.start_char, e.end_char, "named"))
            return start, end
    return None


#: the words of the parties other than an epithet's ("Democratic Sen. Chuck Schumer" is no Republican)
_OTHER_PARTIES = {"democrat": ("republican",), "republican": ("democrat", "democratic"),
                  "independent": ("democrat", "democratic", "republican")}


def _another_party(doc, ent, party: str) -> bool:
    """Whether the article gives the person `ent` names a party other than `party`: right before the name
    ("Republican Sen. Ted Cruz"), in an apposition after it ("Ted Cruz, a Texas Republican,") or as
    "(R-Texas)" after it."""
    letter = re.match(r"\s*\(([RDI])-", doc.text[ent.end_char : ent.end_char + 6])
    if letter:
        return letter.group(1) != party[0].upper()
    return any(_holds_title(doc, (ent.start_char, ent.end_char), other) for other in _OTHER_PARTIES[party])


#: words that make a mention of a title someone else: "the other official", "a second trader"
_OTHER = frozenset("other another second third fourth fifth".split())


def _another_since(head, start: int, lemma: str) -> bool:
    """Whether the article mentions others with the title `lemma` between the sentence of the person
    introduced at character `start` and `head` ("Company officials said ...", "a second official",
    "the other official", "union official Jane Doe"), so that "the official" could be any of them;
    "the official" said again of the same one is no other."""
    doc = head.doc
    intro = doc.char_span(start, start + 1, alignment_mode="expand")
    for tok in doc[intro.sent.end if intro is not None else head.i : head.i]:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() != lemma:
            continue
        if tok.tag_ in ("NNS", "NNPS") or tok.dep_ == "compound":
            return True
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
        if dets not in (["the"], ["this"], ["that"]) or any(c.lower_ in _OTHER for c in tok.children):
            return True
    return False


def _holds_title(doc, person: tuple, lemma: str) -> bool:
    """Whether the person quoted at text[person[0]:person[1]] was given the title `lemma` ("trader") in
    the source itself ("a senior IMF official"), right before the name ("oil broker John Smith") or in
    an apposition right after it ("John Smith, a trader with Merrill Lynch,"), as the noun the apposition
    is of (not "John Smith, the head of the official inquiry,": the head); not anywhere near it ("the
    ministry official said Baker ..." gives Baker no title)."""
    text = doc.text
    a, b = person[0], person[1]
    title = rf"\b(?i:{re.escape(lemma)})\b"
    if re.search(title, text[a:b]) or re.search(title + r"\s+(?:[A-Z][\w.'-]*\s+)*$", text[max(0, a - 40) : a]):
        return True
    m = re.match(rf",\s+(?i:an?|the)\s+(?:[\w'.-]+\s+){{0,4}}?{title}", text[b : b + 70])
    if not m:
        return False
    words = doc.char_span(b, b + m.end(), alignment_mode="expand") or []
    det = next((t for t in words if t.lower_ in ("a", "an", "the")), None)
    # the noun the article is of ("a trader", "the most senior union official"); where the parse did not
    # hang the article on a noun, the title stands
    noun = det.head if det is not None and det.dep_ == "det" and det.head.pos_ in ("NOUN", "PROPN") else None
    return noun is None or noun.lemma_.lower() == lemma or noun.lower_ == lemma


#: words for a part of a group: "60 percent of respondents", "a majority of the members", "half of them"
_SHARE_WORDS = frozenset("percent pct % half third quarter majority minority proportion share fraction most".split())


def _titled(state, source: tuple[int, int, str]) -> bool:
    """Whether the person quoted at `source` was introduced with a role or office of their own
    ("Chancellor Angela Merkel", "union secretary Maria Okafor"), in the words before the name in
    its sentence: then a later "the spokesman" is someone else."""
    before = state.text[max(0, source[0] - 40) : source[0]]
    return _names_a_role(re.split(r"[.!?\n\"\u201c\u201d]", before)[-1])


def _share_word(tok) -> bool:
    """Whether `tok` names a part of a whole ("percent", "per cent", "%", "half", "two-thirds", "most")."""
    return tok.lemma_.lower() in _SHARE_WORDS or tok.lower_.endswith("thirds") \
        or tok.lower_ == "cent" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "per"  # British "per cent", two words


#: nouns for a group of people in the singular: "a quarter of the staff", "half of the public"
_COLLECTIVE = frozenset("staff workforce public electorate population membership personnel".split())


def _per_cent(tok) -> bool:
    """Whether `tok` is the "per" of a British "per cent" that the parse hung under its number ("Forty" +
    "per cent of Microsoft staff")."""
    return tok.dep_ == "prep" and tok.lower_ == "per" and tok.i < tok.head.i + 2 and tok.head.like_num \
        and any(c.lower_ == "cent" for c in tok.children)


def _share_of_group(head) -> bool:
    """Is `head` a share or number of some people ("About 60 percent of respondents", "Only 42% of them",
    "Two of the five directors", "Five per cent of Labour MPs", "Forty per cent of Microsoft staff"):
    unnamed members of a group, whatever entity spaCy sees in the number or the group?"""
    if not (head.like_num or head.pos_ == "NUM" or _share_word(head)):
        return False
    if any(c.dep_ == "appos" for c in head.children):
        return False  # "two of its directors, John Smith and Mary Jones,": named after all
    shares = [head, *(t for c in head.children if _per_cent(c) for t in c.children if t.lower_ == "cent")]
    group = [p for share in shares for c in share.children if c.dep_ == "prep" and c.lower_ == "of"
             for p in c.children if p.dep_ == "pobj"]
    return any(p.tag_ in ("NNS", "NNPS") or p.lower_ in ("them", "those", "these", "us") or p.lemma_.lower() in _COLLECTIVE
               or re.fullmatch(r"[A-Z]{2,}s", p.text) for p in group)  # "MPs", "CEOs": plurals tagged NNP


#: the set phrases of a source who speaks without a name: "on condition of anonymity", "on condition that
#: he not be named", "who asked that he not be identified", "who requested anonymity", "who asked to
#: remain anonymous", "speaking anonymously", "who asked not to be named", "who did not want to be
#: identified", "who declined to be identified", "not authorised to speak", "The New York Times, quoting
#: unnamed officials, said" (not "anonymity" in any sense: "a charity which campaigns for anonymity")
_ANONYMOUS = re.compile(
    r"\bon (?:the )?condition (?:of anonymity|[^.;]{0,40}?\b(?:anonym|not be (?:named|identified|quoted)"
    r"|(?:name|identity) (?:not be|be withheld)))"
    r"|\b(?:he|she|they|his name|her name|their names) not be (?:named|identified)\b"
    r"|\b(?:request(?:s|ed|ing)?|ask(?:s|ed|ing)? for|want(?:s|ed|ing)?|demand(?:s|ed|ing)?|granted|given|promised"
    r"|insist(?:s|ed|ing)? on) anonymity\b"
    r"|\b(?:ask|want|wish|prefer|request)(?:s|ed|ing)? to (?:remain|stay) anonymous\b"
    r"|\b(?:speak|speaks|spoke|speaking|spoken|talk|talks|talked|talking|comment|commented|commenting) anonymously\b"
    r"|\b(?:not|n't|never) (?:(?:want|wish|wanting|wishing) )?to be (?:named|identified|quoted by name)\b"
    r"|\b(?:declin|refus)(?:e|es|ed|ing) to be (?:named|identified)\b"
    r"|\bnot (?:authori[sz]ed|allowed|permitted) to (?:speak|talk|comment|discuss)\b"
    r"|\b(?:quot|cit)(?:e|es|ed|ing) (?:an? |two |several |some )?(?:unnamed|unidentified|anonymous)\b", re.I)
#: words for a source itself without a name: "an unnamed official", "anonymous sources"
_NAMELESS = frozenset("unnamed unidentified anonymous".split())


def _anonymous(head) -> bool:
    """Whether the source whose head is `head` speaks on condition of anonymity: said in its own phrase
    ("an official who asked not to be named", "an unnamed official") or beside its verb ("told reporters
    on condition of anonymity", "Speaking on condition of anonymity, a senior official said"), not in
    what it said, nor in a name ("Alcoholics Anonymous said"), nor of someone else ("speaking about the
    unidentified victim")."""
    nouns = [head, *(c for c in head.children if c.dep_ == "appos")]  # "sources, all unnamed allies of Mr Blair,"
    if any(c.dep_ in ("amod", "compound") and c.lower_ in _NAMELESS and not c.ent_type_ for n in nouns for c in n.children):
        return True
    toks = list(head.subtree)
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else \
        head.head.head if head.dep_ == "pobj" and head.head.dep_ == "agent" else None
    if verb is not None:
        toks += [t for c in verb.children if c.dep_ in ("prep", "advcl", "advmod", "npadvmod") for t in _own_words(c)]
        doc = verb.doc
        if verb.i + 1 < len(doc) and doc[verb.i + 1].text == ",":  # "He said, speaking on condition of anonymity,
            aside = doc[verb.i + 2 : verb.i + 14]  # that ...": the parse hangs the aside on what he said
            toks += list(aside[: next((t.i - aside.start for t in aside if t.text in (",", ";", ".")), len(aside))])
        # "He said that 500 troops would go, speaking on condition of anonymity": the aside after what he
        # said, a participle with no subject of its own, is his, though the parse hangs it on "go"
        toks += [t for c in verb.children if c.dep_ in ("ccomp", "xcomp") for a in c.children
                 if a.dep_ == "advcl" and a.tag_ == "VBG" and a.i > c.i and doc[a.i - 1].text == ","
                 and not any(s.dep_ in ("nsubj", "nsubjpass") for s in a.children) for t in _own_words(a)]
    words = " ".join("_" if t.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "EVENT", "LAW") else t.text
                     for t in sorted({t.i: t for t in toks}.values(), key=lambda t: t.i))
    return bool(_ANONYMOUS.search(words))


def _own_words(tok) -> list:
    """The subtree of `tok` without the relative clauses in it, which speak of someone else ("speaking
    after a meeting with an official who asked not to be named")."""
    inner = {t.i for r in tok.subtree if r.dep_ == "relcl" and r.i != tok.i for t in r.subtree}
    return [t for t in tok.subtree if t.i not in inner]


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
            if e.root.dep_ in ("nsubj", "nsubjpass") or _misread_head(e.root):
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
        from .attribution_cues import _in_question  # (the cues module imports this one)

        for tok in reversed(pron.doc[max(0, pron.i - 400) : pron.i]):
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ in ("NN", "NNP") and tok.idx < before \
                    and not _in_question(tok.head) \
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
    own = _sentence_subject(pron, state, other_gender)
    if own is not None:  # "Mr Blair praised his chancellor ..., which he said was ...": Blair, not the last speaker
        return own[2], own[0], own[1]
    last = state.last_source.get("person" if lower in PERSON_PRONOUNS else "other")
    if last and other_gender(last[0], last[1]):
        last = None
    if last and last[1] <= before and before - last[1] < _RECENT_SPEAKER \
            and not (subject_cand and subject_cand[0] > last[1] and (_subject_since(subject_tok, state.last_cue["person"], pron)
                     if lower in PERSON_PRONOUNS else _spoke_after(subject_tok, last[1]))):
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


def _misread_head(tok) -> bool:
    """A name the parse made the head of its sentence, its verb a modifier of it: "During his opening remarks,
    Ban, who will leave the secretary-general's seat in a few months, called on nations ..." ("Ban" the root,
    "called" a clause on it); the name is the sentence's subject, and a "he" after it may be him."""
    return tok.dep_ == "ROOT" and tok.pos_ == "PROPN" and any(
        c.dep_ == "acl" and c.tag_ in ("VBD", "VBN") and c.i > tok.i for c in tok.children)


#: nouns for one woman or man that are no honorific: "the First Lady", "the woman"
_GENDERED = (FEMALE | MALE) - frozenset("mrs ms miss madam dame mr sir lord".split())


def _sentence_subject(pron, state, other_gender) -> tuple[int, int, str] | None:
    """The person who is the subject of the sentence a "he" or "she" is the subject of a clause in, as a
    source (start, end, kind): "Mr Blair praised his chancellor ..., which he said was the cornerstone"
    is Blair's word, whoever spoke before, as "Mr Boyd said ... but he added" is Boyd's; None for a
    pronoun that is the sentence's own subject ("He said ..."), a sentence with no such person, a
    sentence whose verb acts on another person ("Mr Blair sacked Mr Mandelson after he admitted ...",
    "Mr Blair told Mr Brown that he ...": either man), or a clause under one with a subject of its own
    ("Schulberg told the magazine that Brando's assistant realised the film star had warmed to the role
    when he sported a moustache": the star). The person may be a role or a gendered noun standing for itself
    ("The First Lady denounced the nominee ..., which she said had ...": the First Lady, not the speaker before)."""
    root = pron.sent.root
    if pron.lower_ not in ("he", "she") or pron.head.i == root.i or pron.dep_ not in ("nsubj", "nsubjpass"):
        return None
    tok = pron.head.head
    while tok.i != root.i and tok.head.i != tok.i:  # the clauses between the pronoun's and the sentence's
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != pron.lower_ for c in tok.children):
            return None  # (not "Mr Sharon said he had not seen ... - though he acknowledged": the same "he")
        tok = tok.head
    objects = [c for c in root.children if c.dep_ in ("dobj", "dative", "iobj")]
    objects += [o for c in root.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    if any(o.ent_type_ == "PERSON" for o in objects):
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
    if subj is None or pron.i in {t.i for t in subj.subtree}:
        return None
    if subj.ent_type_ != "PERSON":  # "The First Lady denounced the nominee ..., which she said had ...": the role
        doc = subj.doc
        if subj.tag_ not in ("NN", "NNP") or subj.lemma_.lower() not in TITLES | _GENDERED \
                or root.tag_ == "VB" and doc[subj.right_edge.i + 1 : subj.right_edge.i + 2].text == ",":
            return None  # (not "Mr. President, please respond to what the governor said ..., as he said": whom it asks)
        kind, a, b = _classify(subj, state)
        last = subj.right_edge
        if a is None or not (subj.left_edge.idx <= a and b <= last.idx + len(last.text)) or other_gender(a, b):
            return None  # the role itself, not someone it was resolved to in another sentence
        return a, b, kind
    ent = next((e for e in state.entities if e.start <= subj.i < e.end), None)
    if ent is None or ent.label_ != "PERSON" or other_gender(ent.start_char, ent.end_char) or _COMPANY.search(ent.text):
        return None
    return _without_possessive(state.text, (ent.start_char, ent.end_char, "named"))


#: verbs a speaker is the subject of, whether or not they carry a claim ("Y denied any link")
_SPEECH = REPORTING_VERBS | frozenset("decline refuse reject dismiss".split())


def _spoke_after(tok, end: int) -> bool:
    """Did the person `tok` heads speak after offset `end`: the subject of a verb of saying in a
    sentence of its own ("X said ... Y denied any link. 'It is purely coincidence,' he said": Y)?"""
    if tok is None or tok.sent.start_char < end:
        return False
    verb = tok.head
    return verb.lemma_.lower() in _SPEECH and (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _subject_since(tok, end: int, pron) -> bool:
    """Is the person `tok` heads a subject in a sentence after the one whose cue ends at `end`, the last
    speaker's: "We have a lot to celebrate, as Congressman Rangel said. ... for all the resistance President
    Obama has faced, ... Now, he would be the first to say ...": Obama, whom the sentences since are about
    (not "Rostenkowski said ... He told a luncheon there would be proposals if Reagan sought a tax
    increase. However, he said ...": Reagan is in what the speaker said), nor one whose verb acts on
    another person ("When a reporter asked Denzel Washington if ..., he responded", "after a judge granted
    him asylum, he said": either man, so the speaker still), nor one in what the pronoun says ("''Billy keeps
    me laughing,'' she said", its quotes unseen), nor one in the pronoun's sentence when that asks ("Mr.
    President, please respond to what the governor did, which he said ...": whom it asks about)."""
    if tok is None or tok.sent.start_char < end:
        return False
    if any(a.dep_ in ("ccomp", "parataxis") and a.head.i == pron.head.i for a in (tok, *tok.ancestors)):
        return False
    root, doc = pron.sent.root, pron.doc
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if tok.sent.start == pron.sent.start and root.tag_ == "VB" \
            and (subj is None or doc[subj.right_edge.i + 1 : subj.right_edge.i + 2].text == ","):
        return False  # an imperative, its subject if any the addressee
    return not any(c.dep_ in ("dobj", "dative", "iobj") and (c.ent_type_ == "PERSON" or c.lower_ in ("him", "her"))
                   for c in tok.head.children)


def _without_possessive(text: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A candidate source (start, end, kind) without a possessive ending: "Tony Blair's" is Tony Blair."""
    a, b, kind = span
    if text[a:b].endswith(("'s", "\u2019s")) and text[max(a, b - 3)] != " ":
        return a, b - 2, kind
    return span
