"""The word lists attribution's rules read: reporting verbs, vague and role heads, titles, gendered
words, hedges, evidence nouns (see :mod:`unspin.claims.attribution`).
"""

from __future__ import annotations

import re

REPORTING_VERBS = frozenset("""
say tell add state claim announce report explain note insist argue warn estimate predict write confirm deny
admit acknowledge suggest show find reveal indicate believe think allege assert comment declare describe
forecast maintain reply respond stress testify tweet urge emphasise emphasize contend concede disclose
point caution complain recall remark observe tip criticise criticize name continue detail project expect
document highlight quote cite announce agree conclude answer demand ask read determine calculate grant
""".split())
#: verbs of answering or taking a stand that carry no words of their own: "Smith agreed." after a quote
#: is no attribution of it (the words are whoever said them; Smith only agreed with them)
ANSWERING_VERBS = frozenset("agree concur disagree dispute deny reject dismiss".split())
#: verbs that frame quoted words as what their subject called something: "Sessions called the policy a
#: “radical, irrational idea”", "Pelosi slammed that raid as “unjust and cruel”" (a cue only then)
FRAMING_VERBS = frozenset("""call dub term label brand slam blast describe characterise characterize denounce decry
condemn deride dismiss hail praise tout refer""".split())
#: verbs that only report when they take a clause or a quote ("added 3%", "found the body" do not)
NEEDS_CLAUSE = frozenset("""add show find continue expect project name tip detail point document highlight quote ask determine
calculate""".split())
VAGUE_HEADS = frozenset("""
expert source official insider person people resident witness eyewitness scientist researcher study survey poll
report research dealer trader economist banker diplomat figure data document record rumour rumor estimate
commentator activist user some many other others member advocate agent broker aide staffer academic observer
critic analyst victim guest neighbor neighbour friend relative outlet media pollster specialist onlooker
supporter opponent voter citizen individual reporter journalist paper website account post claim statistic
""".split())
#: pronouns that stand for unnamed people ("some say", "many believe"), never resolved to a speaker
#: quantifier pronouns: "everyone says", "someone said" is nobody in particular, vague at most
QUANTIFIER_PRONOUNS = frozenset("everyone everybody someone somebody anyone anybody".split())
VAGUE_PRONOUNS = frozenset("some many others several few most more".split()) | QUANTIFIER_PRONOUNS
#: subjects that say nothing was said ("nobody said", "no one claims"): no cue, as "did not say"
NOBODY = frozenset("nobody noone none".split())
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


def _name_words(text: str) -> list[str]:
    """The lower-case words of a name, its possessive dropped ("Tony Blair's" -> ["tony", "blair"])."""
    return re.findall(r"[a-z]+", text.lower().replace("\u2019s", "").replace("'s", ""))


def _names_a_role(text: str) -> bool:
    """Whether `text` has a word for a role ("judge", "chancellor", "spokeswoman")."""
    return any(w in ROLE_HEADS or w.startswith("spokes") for w in re.findall(r"[a-z]+", text.lower()))
