"""Readable cues: the phrase a reader is shown for a feature name of the ``fast`` tier
(:func:`describe` turns ``w=hysteria`` into ``the word "hysteria"``).
"""

from __future__ import annotations

import re

from .tidy import FUNCTION_WORDS


# ---- readable cues ----------------------------------------------------------------------------

_NAMES = {
    "w": 'the word "{}"', "lemma": 'a form of "{}"', "bi": 'the phrase "{}"', "first": 'starts with "{}"',
    "last": 'ends with "{}"', "l": '"{}" just before', "r": '"{}" just after', "c": '"{}" in the sentence',
}
#: spaCy's entity labels, as a reader says them ("a named norp" told nobody anything)
_ENTITIES = {
    "PERSON": "a named person", "NORP": "a nationality, religious or political group", "FAC": "a named building or place",
    "ORG": "a named organisation", "GPE": "a country, city or state", "LOC": "a named place", "PRODUCT": "a named product",
    "EVENT": "a named event", "WORK_OF_ART": "the title of a work", "LAW": "a named law", "LANGUAGE": "a language",
    "DATE": "a date", "TIME": "a time", "PERCENT": "a percentage", "MONEY": "a sum of money", "QUANTITY": "a quantity",
    "ORDINAL": "an ordinal", "CARDINAL": "a number",
}
#: the tokeniser splits contractions ("that 's", "n't"): a reader reads them joined
_CONTRACTION = re.compile(r" (?=(?:['\u2019](?:s|re|ve|ll|d|m)|n['\u2019]t)\b)", re.I)


def describe(feature: str) -> str | None:
    """A short readable phrase for a feature name, or None for features too technical to show."""
    prefix = ""
    if feature[:1] in "+-" and ":" in feature[:3]:
        offset, feature = feature.split(":", 1)
        prefix = "nearby: "
    key, _, value = feature.partition("=")
    if key in _NAMES:
        words = value.replace("_", " ")
        # punctuation ('the word """') and word pieces ("n't", "'s") are features, not cues a reader can use
        if not all(any(ch.isalnum() for ch in w) for w in words.split()) or words.lower() in ("n't", "n\u2019t") \
                or words[:1] in ("'", "\u2019") or (key != "bi" and words.lower() in FUNCTION_WORDS):
            return None  # nor is a lone "and" or "the"
        return prefix + _NAMES[key].format(_CONTRACTION.sub("", words))
    if key in ("lex", "lex.mean") and value.startswith("+"):
        return prefix + "words often inside propaganda spans in the training articles"
    if key in ("lexv", "bilexv"):
        return "words often inside propaganda spans in the training articles"
    if key in ("val", "val.max", "valv") and value.startswith("-"):
        return prefix + "strongly negative wording"
    if key in ("val", "val.max") and value.startswith("+"):
        return prefix + "strongly positive wording"
    if key in ("s.p", "s.pv"):
        return "a sentence worded like the propaganda sentences in the training articles"
    if key == "s.lex" and value.startswith("+"):
        return "a sentence full of loaded words"
    if key == "s.val":
        return "an emotionally charged sentence"
    if key == "s.excl" or key == "excl":
        return "an exclamation"
    if key == "s.q" or key == "q":
        return "a question"
    if key in ("quote", "quoted", "has_quote"):
        return "quoted words"
    if key == "caps" or (key == "shape" and value == "X"):
        return "words in capitals"
    if key.startswith("rep") and value not in ("0", "1", "0.0"):
        return "repeated elsewhere in the article"
    if key == "ent":
        return _ENTITIES.get(value.upper(), f"a named {value.lower()}")
    if key == "zipf" or key == "zipf.min":
        return "rare words" if value in ("0", "1", "2") else None
    if key == "len":  # tokens, punctuation included: only its extremes say something a reader can see
        n = int(value) if value.isdigit() else 0
        return "a short phrase" if 0 < n <= 3 else "a long passage" if n >= 15 else None
    if key == "s.pos" and value == "title":
        return "the headline"
    if key == "cover" and value == "all":
        return "the whole sentence"
    return None
