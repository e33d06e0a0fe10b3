"""What unit an amount is in, where its words alone do not say: pounds that are money or a weight by what
is said of them (:func:`_pounds_by_context`), a rate whose time comes after what the amount is of
(:func:`_rate_after_of`), and an "m" glued to a figure, metres or millions (:func:`_glued_m`); read by
:func:`unspin.claims.quantities.find_quantities`.
"""

from __future__ import annotations

import re

from .quantities_normalise import _PENCE, _WEIGHTS, _per_time
from .quantities_vocabulary import _CURRENCY_WORD, _PER_MEASURE


def _rate_after_of(doc, end: int, limit: int) -> str | None:
    """The time of a rate said after what the amount is of ("600 mln pounds of sugar per year",
    "2 bln dlrs of aid a year": "year"), doc[end] being the "of"; else None."""
    if end >= limit or doc[end].lower_ != "of":
        return None
    k = end + 1
    while k < min(end + 5, limit) and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and doc[k].lower_ not in ("a", "an", "per"):
        k += 1
    per = _per_time([t.lower_ for t in doc[k : min(k + 3, limit)]]) if k > end + 1 else None
    return per[0] if per else None


def _pounds_by_context(doc, start: int, end: int, sent) -> str | None:
    """"MONEY" or "QUANTITY" (a weight) for an amount in pounds, doc[start:end], where its context
    says which; None where it does not (then spaCy's label stands). spaCy's label follows the figure
    more than the sense: "would cost 300m pounds" was a weight and "capacity ... 600 mln pounds" money.

    In order: pounds of money, a financial instrument or what is sold or owed are money ("300m pounds of
    taxpayers' money", "500 mln pounds of bonds", "1 bln pounds of debt"), pounds of anything else a weight
    ("50 mln pounds of butter"); the words the amount hangs from in the parse, nearest first, up to the
    verb and its subject, say weight ("weighs 17 pounds", "a take-off weight of", "a weight loss of") or
    money ("would cost", "was fined", "worth", "a budget deficit of"; "lost 2 mln pounds", "the trust
    lost", not "She lost 20 pounds"); an attributive amount is its noun's ("a 5-pound bag", not what is
    done with the bag); then the sentence: one that weighs something is about weight, and so is one that
    states production or capacity under the amount's own verb ("raises production to 264 mln pounds",
    not "cut production and lost 20m pounds"); one that prices in pence is about money ("rise from 90p
    to 1.10 pounds"); last, millions or billions glued to the figure, as British copy writes sums, are
    money ("the firm lost 20m pounds"; American wire copy's "mln pounds" of a plant or a crop are weights)."""
    span = doc[start:end]
    if not any(t.lower_.startswith("pound") for t in span):
        return None
    if any(t.lower_ in ("sterling", "stg") for t in span):
        return "MONEY"  # "12.00 pounds sterling per month"
    for child in (c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i >= end):
        for o in (o for o in child.children if o.dep_ == "pobj"):
            if o.lemma_.lower() in _MONEY_NOUNS or o.lower_ in _MONEY_NOUNS:
                return "MONEY"  # "500 mln pounds of bonds", "300m pounds of taxpayers' money"
            return "QUANTITY"  # "23,200,000 pounds of blanks", "50 mln pounds of butter"
    words = []
    tok = span.root
    for _ in range(5):
        if tok.head.i == tok.i:
            break
        attributive = tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN")
        tok = tok.head
        if not start <= tok.i < end:
            words.append(tok)
        if attributive:  # "a 5-pound bag", "a 100 mln pound plant": the bag's weight, whoever buys the bag;
            return "MONEY" if tok.lemma_.lower() in _MONEY_WORDS else None  # "a 300m pound deal" is spaCy's to say
        if tok.pos_ in ("VERB", "AUX"):
            words.extend(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass"))  # "Tickets cost", "The bill came to"
            break
    for word in words:
        lemma = word.lemma_.lower()
        if lemma in _WEIGHT_WORDS or word.lower_ in _WEIGHT_WORDS \
                or any(c.dep_ in ("compound", "amod") and c.lower_ in _WEIGHT_WORDS for c in word.children):
            return "QUANTITY"  # "weighs 17 pounds", "a weight loss of 20 pounds"
        if lemma in ("lose", "loss") and (_scaled(span) or not _by_a_person(word)):
            return "MONEY"  # "the trust lost 2 mln pounds", not "She lost 20 pounds after the diet"
        if lemma in _MONEY_WORDS or word.lower_ in _MONEY_WORDS:
            return "MONEY"
        if word.dep_ in ("nsubj", "nsubjpass") and _PER_MEASURE.get(word.lemma_.lower()) in _WEIGHTS \
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in word.children):
            return "MONEY"  # "A tonne of copper rose 40 pounds": the price of one tonne
    verb = _governor(span.root)
    if verb is not None and any(_priced_per_weight(t) and getattr(_governor(t), "i", None) == verb.i
                                for t in sent if not start <= t.i < end):
        return "MONEY"  # "fell 3 pounds to 1,450 pounds a tonne": a change of the price it falls to
    others = [t for t in sent if not start <= t.i < end]
    if any(t.lower_ in _WEIGHT_WORDS for t in others) or any(
            t.lower_ in _OUTPUT_WORDS and (verb is None or getattr(_governor(t), "i", None) == verb.i) for t in others):
        return "QUANTITY"  # "The baby weighed 7 pounds and milk costs 45p", "raises production to 264 mln pounds";
    # not "cut production and lost 20m pounds": what a plant makes is said of the amount's own verb
    if any(_PENCE.fullmatch(t.text) for t in others):
        return "MONEY"  # "The fare is 1.10 pounds, up from 90p"
    if any(t.lower_ in ("m", "bn") and t.i > start and not doc[t.i - 1].whitespace_ or re.fullmatch(r"[\d.,]+(?:m|bn)", t.text)
           for t in span):
        return "MONEY"  # "the firm lost 20m pounds": British copy's millions and billions, glued
    return None


def _scaled(span) -> bool:
    """Whether the amount is in millions or more ("2 mln pounds", "20m pounds", "1.5 billion pounds")."""
    return any(t.lower_ in _SCALES or re.fullmatch(r"[\d.,]+(?:m|bn|mln|bln)", t.lower_) for t in span)


def _by_a_person(verb) -> bool:
    """Whether what `verb` ("lost", "loss") says is done by a person ("She lost 20 pounds", "his loss of 20
    pounds"): then pounds lost may be a weight; a firm, a trust, a country loses money. The subject of a verb
    joined by "and" is the first verb's ("He cut sugar and lost 20 pounds")."""
    while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    who = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "poss")]
    return any(w.lower_ in _PERSONS or w.ent_type_ == "PERSON" for w in who)


def _governor(tok):
    """The verb `tok` hangs from, a few steps up the parse, or None."""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _priced_per_weight(tok) -> bool:
    """Whether `tok` is the "pounds" of a price per a weight ("1,450 pounds a tonne", "2 pounds per kilo")."""
    doc = tok.doc
    return tok.lower_.startswith("pound") and tok.i > 0 and doc[tok.i - 1].like_num and tok.i + 2 < len(doc) \
        and doc[tok.i + 1].lower_ in ("a", "an", "per") and _PER_MEASURE.get(doc[tok.i + 2].lower_) in _WEIGHTS


#: the words an amount in pounds hangs from that say it is a weight ("weighs 17 pounds", "a weight of")
_WEIGHT_WORDS = frozenset({"weigh", "weighs", "weighed", "weighing", "weight", "weights", "heavy", "heavier", "lighter",
                           "overweight", "underweight"})
#: the words said of an amount in pounds under the same verb that states a plant's output, in pounds of what it makes
_OUTPUT_WORDS = frozenset({"production", "capacity", "output", "produce", "produces", "produced", "yield", "yields"})
#: the words an amount in pounds hangs from that say it is a sum of money
_MONEY_WORDS = frozenset("""cost costs price priced pay paid payment spend spent spending fund funding worth invest
investment earn earnings fine fined charge fee bill budget deficit surplus revenue revenues expenditure profit profits
debt tax salary wage wages income turnover grant award compensation damages donate donation bid value valued
fare rent subsidy save saving savings borrow loan lend owe afford prize bonus pension bribe reward ransom bail
cash money capital sum""".split())
#: what "N pounds of" is money of ("300m pounds of taxpayers' money", "500 mln pounds of bonds"): financial
#: instruments and what is paid, earned or owed; pounds of anything else (butter, sugar, blanks) are a weight
_MONEY_NOUNS = frozenset("""money cash funding fund funds investment investments aid spending saving savings revenue
revenues debt debts profit profits income asset assets capital subsidy subsidies loan loans tax taxes bond bonds gilt gilts
share shares equity security securities note notes bill bills treasury treasuries credit credits lending borrowing
borrowings deposit deposits mortgage mortgages sale sales order orders business contract contracts cost costs
expenditure fee fees payment payments compensation damages benefit benefits bonus bonuses grant grants loss losses
liability liabilities value property premium premiums budget turnover earnings dividend dividends insurance""".split())
#: (not "stocks", "reserves", "cuts" or "paper": "265 mln pounds of copper reserves" and "of paper" are weights)
#: millions and billions said of an amount: a sum, where a weight is rarely so large ("lost 2 mln pounds")
_SCALES = frozenset({"mln", "bln", "million", "millions", "billion", "billions", "trillion", "m", "bn", "mn", "tn"})
#: the subjects that lose pounds of their own weight ("She lost 20 pounds")
_PERSONS = frozenset({"i", "you", "he", "she", "we", "they", "his", "her", "my", "your", "our", "their", "man", "woman",
                      "boy", "girl", "baby", "child", "patient", "mother", "father", "wife", "husband"})


#: words after a length that say so: "2.5m high" (so does a conversion into feet: "1.3m (4.2ft)")
_DIMENSIONS = frozenset({"high", "long", "tall", "wide", "deep", "away"})


def _glued_m(doc, start: int, end: int, limit: int) -> str | None:
    """What an "m" glued to the figure doc[start:end] means: "metres" after a whole number ("the 400m
    title", "over 3,000m") or a length to the centimetre ("landed 17.30m", "a wall 2.5m high"),
    "millions" after any other decimal ("stockpiles fell to 294.3m"); None where there is no such "m"
    or it was left for a currency word ("400m pesos": _widen took the "m" where money was meant)."""
    if not (end < limit and doc[end].lower_ == "m" and not doc[end - 1].whitespace_) \
            or end + 1 < limit and doc[end + 1].lower_ in _CURRENCY_WORD:
        return None
    if doc[start:end].text.replace(",", "").isdigit():
        return "metres"
    decimal = re.fullmatch(r"\d+\.(\d+)", doc[end - 1].text)
    if decimal is None:
        return None
    after = [t.lower_ for t in doc[end + 1 : min(end + 4, limit)]] + ["", "", ""]
    length = after[0] in _DIMENSIONS or after[0] == "(" and after[2] in ("ft", "feet", "in", "inches")  # "1.3m (4.2ft)"
    return "metres" if len(decimal[1]) == 2 or length else "millions"
