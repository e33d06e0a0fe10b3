"""What unit an amount is in, where its words alone do not say: pounds that are money or a weight by what
is said of them (:func:`_pounds_by_context`), and a rate whose time comes after what the amount is of
(:func:`_rate_after_of`); read by :func:`unspin.claims.quantities.find_quantities`.
"""

from __future__ import annotations

import re

from .quantities_normalise import _PENCE, _WEIGHTS, _per_time
from .quantities_vocabulary import _PER_MEASURE


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

    In order: pounds of a substance are a weight ("50 mln pounds of butter"; not "of taxpayers'
    money"); the words the amount hangs from in the parse, nearest first, up to the verb and its
    subject, say weight ("weighs 17 pounds", "a take-off weight of") or money ("would cost",
    "was fined", "worth", "a budget deficit of"); an attributive amount is its noun's ("a 5-pound bag",
    not what is done with the bag); then the sentence: one that weighs something or states production or
    capacity is about weight, one that prices in pence about money ("rise from 90p to 1.10 pounds");
    last, millions or billions glued to the figure, as British copy writes sums, are money ("the firm
    lost 20m pounds"; American wire copy's "mln pounds" of a plant or a crop are weights)."""
    span = doc[start:end]
    if not any(t.lower_.startswith("pound") for t in span):
        return None
    if any(t.lower_ in ("sterling", "stg") for t in span):
        return "MONEY"  # "12.00 pounds sterling per month"
    for child in (c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i >= end):
        if any(o.dep_ == "pobj" and o.lemma_.lower() not in _MONEY_NOUNS for o in child.children):
            return "QUANTITY"  # "23,200,000 pounds of blanks"
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
        if lemma in _WEIGHT_WORDS or word.lower_ in _WEIGHT_WORDS:
            return "QUANTITY"
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
    if any(t.lower_ in _WEIGHT_WORDS or t.lower_ in _OUTPUT_WORDS for t in others):
        return "QUANTITY"  # "The baby weighed 7 pounds and milk costs 45p", "production to 264 mln pounds"
    if any(_PENCE.fullmatch(t.text) for t in others):
        return "MONEY"  # "The fare is 1.10 pounds, up from 90p"
    if any(t.lower_ in ("m", "bn") and t.i > start and not doc[t.i - 1].whitespace_ or re.fullmatch(r"[\d.,]+(?:m|bn)", t.text)
           for t in span):
        return "MONEY"  # "the firm lost 20m pounds": British copy's millions and billions, glued
    return None


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
#: the words of a sentence that states a plant's output, in pounds of what it makes
_OUTPUT_WORDS = frozenset({"production", "capacity", "output", "produce", "produces", "produced", "yield", "yields"})
#: the words an amount in pounds hangs from that say it is a sum of money
_MONEY_WORDS = frozenset("""cost costs price priced pay paid payment spend spent spending fund funding worth invest
investment earn earnings fine fined charge fee bill budget deficit surplus revenue revenues expenditure profit profits
debt tax salary wage wages income turnover grant award compensation damages donate donation bid value valued
fare rent subsidy save saving savings borrow loan lend owe afford prize bonus pension bribe reward ransom bail
cash money capital sum""".split())
#: what "N pounds of" may still be money of ("300m pounds of taxpayers' money")
_MONEY_NOUNS = frozenset({"money", "cash", "funding", "fund", "investment", "aid", "spending", "saving", "revenue", "debt",
                          "profit", "income", "asset", "capital", "subsidy", "loan", "tax"})
