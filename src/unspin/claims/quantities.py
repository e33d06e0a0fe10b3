"""Quantities in a claim: find them in the parse, normalise them, flag the dubious ones.

:func:`normalise` turns the words of one quantity into numbers: ``"more than 2 Million"`` is a lower
bound of 2,000,000; ``"under 0.4%"`` an upper bound of 0.004; ``"barely 2%"`` the value 0.02 that
is also an upper bound; ``"between 300 and 600"`` a range; ``"a handful"`` the range 2-5. Percentages
(and shares: "half", "two thirds") are fractions of 1. :func:`find_quantities` finds every number,
percentage, amount of money, measure and date in a sentence from spaCy's entities plus its own
scan, widens each to its modifiers ("more than", "about") and unit ("euros"), and reads what it
counts from the dependency parse ("60 container ships" counts "container ships").
:func:`mark_inconsistent` compares quantities across an article.

This module finds them; the rest lives beside it: the words of quantities in
:mod:`.quantities_vocabulary`, :func:`normalise` in :mod:`.quantities_normalise`, the numbers that
name, date or age something rather than count it in :mod:`.quantities_names`, pounds read as money or
a weight and rates said after what they are of in :mod:`.quantities_units`, and the flags
(:func:`is_statistic`, :func:`is_suspiciously_precise`, :func:`mark_inconsistent`) in
:mod:`.quantities_flags`.
"""

from __future__ import annotations

import re

from ..report import Quantity
from .quantities_flags import Found, is_conversion, is_statistic, is_suspiciously_precise, mark_inconsistent, significant_digits
from .quantities_names import (
    _age_after_name, _day_of_month, _month, _named_after_owner, _number_as_name, _number_sign, _part_of_name, _video_lines,
    _starts_a_name,
)
from .quantities_normalise import (
    _PENCE, Normalised, _fraction, _national_currency, _per_time, _tidy, _tokens, duration_seconds, is_figure_fraction,
    normalise,
)
from .quantities_units import _glued_m, _governor, _pounds_by_context, _rate_after_of
from .quantities_vocabulary import (
    _BY_WEIGHT, _CURRENCY_SIGN, _CURRENCY_WORD, _FRACTIONS, _MEASURE, _MONTHS, _NOT_SIZE, _PCT, _PERCENT, _SCALES,
    _PER_MEASURE, _SMALL, _SUBUNIT, _TIME_UNITS, _UNIT_WORDS, _WEEKDAYS, MODIFIERS,
)

__all__ = [
    "QUANTITY_LABELS", "Found", "Normalised", "duration_seconds", "find_quantities", "is_figure_fraction",
    "is_conversion", "is_statistic", "is_suspiciously_precise", "mark_inconsistent", "normalise", "significant_digits",
]

# ---- finding quantities in a parsed sentence ------------------------------------------------------
QUANTITY_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME"})
#: plural nouns that "5m" counts in millions ("5m people"); otherwise a glued "m" after a whole number
#: may be metres ("the 100m titles"), and only a decimal ("4.5m units") says millions
_COUNTED_BY_MILLIONS = frozenset("""people users customers viewers listeners readers subscribers members voters
households homes jobs workers visitors passengers tourists copies units shares barrels tonnes tickets downloads
accounts patients children adults residents citizens refugees cases doses""".split())
#: verbs of change: "rose from 4.8% to 5.2%" states two levels, not a range
_CHANGE_VERBS = frozenset("""rise fall drop cut increase decrease grow shrink climb slip jump slide raise lower reduce
boost gain lose plunge soar surge dip ease edge move go narrow widen decline rebound recover sink tumble swell""".split())
_GLUED_SCALES = frozenset({"m", "mn", "mln", "bn", "b", "bln", "k", "tn", "trn"})
_LEADING = frozenset({"the", "next", "last", "past", "previous", "coming", "another", "over", "this", "these", "those",
                      "its", "their", "his", "her", "our", "a", "an", "of", "first", "final"}) | _NOT_SIZE
_VAGUE_WORDS = frozenset({"handful", "dozens", "hundreds", "thousands", "millions", "billions", "scores"})
_NOT_COUNTED = frozenset({"number", "one", "ones", "time", "times", "way", "thing", "things"})
_MODIFIER_WORDS = tuple(p.split() for p in MODIFIERS + ("between", "from"))


#: a score ("3-1", "28-17": the larger first), a clock time ("9.30am", "10:15"), a season or dated name ("1998/99", "9/11")
_SCORE = re.compile(r"\d{1,3}\s?[-\u2013]\s?\d{1,3}")
#: time zones after a wire's clock time ("by 1200 GMT")
_ZONES = frozenset({"GMT", "UTC", "BST", "CET", "EST", "EDT", "CST", "CDT", "PST", "PDT", "JST", "HKT"})
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)", re.I)
_SLASHED = re.compile(r"(?:1[89]|20)\d\d/\d\d(?:\d\d)?|\d{1,2}/\d{1,2}(?:/(?:\d\d){1,2})?")


def find_quantities(sent, entities=None) -> list[Found]:
    """Every quantity in the spaCy sentence span `sent`, normalised, in text order.

    `entities` is the document's entity list when the caller has it (saves re-reading ``doc.ents``).
    A sentence of hard-wrapped text keeps its line breaks as whitespace tokens, which would part a
    number from its unit ("18.0" / "pct"): it is read without them (:func:`_unwrapped`), and what is
    found there is mapped back onto `sent`'s text."""
    words = [t.i for t in sent if not t.is_space]
    if not words or words[-1] - words[0] + 1 == len(words):
        return _find(sent, entities)
    flat = _unwrapped(sent, entities, words)
    found = _find(flat[:], None)
    starts = {t.idx: sent.doc[i].idx for t, i in zip(flat, words)}
    ends = {t.idx + len(t): sent.doc[i].idx + len(sent.doc[i]) for t, i in zip(flat, words)}
    text = sent.doc.text
    for f in found:
        q = f.quantity
        q.start, q.end = starts[q.start], ends[q.end]
        q.text = text[q.start : q.end]  # "18.0\npct": the quantity's own words, as report.text has them
        f.sentence, f.context = sent.start_char, sent.text
    return found


def _unwrapped(sent, entities, words: list[int]):
    """`sent` as a Doc of its own without its whitespace tokens (line breaks of hard-wrapped text, runs of
    spaces), with its parse and its entities: its tokens are `sent.doc`'s tokens `words`, in order."""
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
    from spacy.tokens import Doc, Span

    doc = sent.doc
    at = {i: j for j, i in enumerate(words)}
    spaces = [bool(doc[i].whitespace_) or (i + 1 < len(doc) and doc[i + 1].is_space) for i in words]
    flat = Doc(doc.vocab, words=[doc[i].text for i in words], spaces=spaces)
    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
    rows = doc.to_array(attrs).astype("int64")[words]
    for j, i in enumerate(words):
        head = doc[i].head
        while head.is_space and head.head.i != head.i:  # a word hung on a line break hangs on what the break hangs on
            head = head.head
        rows[j, attrs.index(HEAD)] = at.get(head.i, j) - j  # a head outside the sentence: a root of its own
    flat.from_array(attrs, rows.astype("uint64"))
    ents = [e for e in (doc.ents if entities is None else entities) if sent.start <= e.start and e.end <= sent.end]
    spans = []
    for e in ents:
        inside = [at[i] for i in range(e.start, e.end) if i in at]
        if inside:
            spans.append(Span(flat, inside[0], inside[-1] + 1, label=e.label_))
    flat.ents = spans
    return flat


def _find(sent, entities) -> list[Found]:
    doc = sent.doc
    spans: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for tok in sent[:-2]:  # "1-1/8 pct": spaCy may cut a newswire fraction into "1", "-", "1/8" (and tag the "1" alone)
        j = tok.i
        if tok.like_num and doc[j + 1].text == "-" and not tok.whitespace_ and not doc[j + 1].whitespace_ \
                and is_figure_fraction(doc[j : j + 3].text) and j not in taken:
            spans.append((j, j + 3, "CARDINAL"))
            taken.update(range(j, j + 3))
    for ent in doc.ents if entities is None else entities:
        if ent.start < sent.start or ent.end > sent.end or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ not in QUANTITY_LABELS and all(_numeric(t) for t in ent):
            continue  # "$280bn" mistaken for a PERSON: the scan below finds it
        date = None if ent.label_ in QUANTITY_LABELS else next(filter(None, (_day_of_month(t, sent) for t in ent)), None)
        if date:  # "effective Feb 26", which spaCy calls a PRODUCT
            spans.append((*date, "DATE"))
            taken.update(range(min(ent.start, date[0]), max(ent.end, date[1])))
            continue
        taken.update(range(ent.start, ent.end))
        date = _day_of_month(ent[0], sent) if ent.label_ == "CARDINAL" and len(ent) == 1 else None
        if date:  # "effective Feb 26", "QTR ENDED JAN 31": spaCy missed the date the day belongs to
            spans.append((*date, "DATE"))
            taken.update(range(*date))
            continue
        if ent.label_ == "CARDINAL" and (_part_of_name(ent[0]) or _number_sign(ent[0]) or _number_as_name(ent[0])
                                         or _named_after_owner(ent[0])) \
                or ent.label_ in QUANTITY_LABELS and _starts_a_name(ent[0]) \
                or len(ent) == 1 and _video_lines(ent[0]):  # spaCy: "Nine Mile Unit" MONEY, "1080p" a DATE
            continue  # "Boeing 737-800", "No 10 said", "a 311 helpline": a name, not an amount
        label = _not_a_date(ent) if ent.label_ in QUANTITY_LABELS else ent.label_
        if ent.label_ in QUANTITY_LABELS and (label != ent.label_ or _keep_entity(ent)):
            dated = _dateline_date(ent)
            spans.extend([dated] if dated else ((a, b, label) for a, b, _ in _split_change(ent)))
    for tok in sent:
        if tok.i in taken:
            continue
        if tok.i - 2 >= sent.start and doc[tok.i - 1].text in ("-", "\u2013") and doc[tok.i - 2].like_num:
            continue  # the "0" of "lost 1-0": the other half of a score
        date = _day_of_month(tok, sent)
        if date:
            spans.append((*date, "DATE"))
            taken.update(range(*date))
            continue
        if _numeric(tok) and not (_part_of_name(tok) or _number_sign(tok) or _number_as_name(tok) or _starts_a_name(tok)
                                  or _named_after_owner(tok)) or tok.lower_ in _VAGUE_WORDS and tok.pos_ in ("NOUN", "NUM"):
            spans.append((tok.i, tok.i + 1, ""))
            taken.add(tok.i)
    found = []
    last_end = sent.start
    for start, end, label in sorted(spans):
        if start < last_end <= end and label == "" and doc[start:end].text.isdigit():
            continue  # the "five" of "one in five", taken in below
        start = max(start, last_end)
        if start >= end:
            continue  # the "25" of "20 to 25", taken in by the range before it
        start, end = _widen(sent, start, end, label)
        if start >= end:
            continue
        ratio = _ratio(doc, start, end, sent.end)
        if ratio:  # "one in five adults", "nine out of 10 voters": a share
            end, share = ratio
            last_end = end
            span = doc[start:end]
            counts, key, verb, argument = _counts(doc[end - 1 : end])
            q = Quantity(span.start_char, span.end_char, span.text, "percent", _tidy(share), unit="%", counts=counts)
            found.append(Found(q, key, verb, argument, sent.start_char, sent.text))
            continue
        if end + 1 < sent.end and doc[end - 1].lower_ in ("km", "kilometres", "kilometers", "miles") \
                and doc[end].text == "/" and doc[end + 1].lower_ in ("h", "hr"):
            end += 2  # spaCy's QUANTITY "300 km" of "300 km/hr": a speed
        last_end = end
        span = doc[start:end]
        if _CLOCK.fullmatch(span.text) or (end < sent.end and doc[end].lower_ in ("am", "pm", "a.m.", "p.m.")) \
                or (re.fullmatch(r"[0-2]\d[0-5]\d", span.text) and end < sent.end and doc[end].text in _ZONES):
            continue  # "at 9.30am", "by 1200 GMT": a time of day, not an amount
        if re.fullmatch(r"[1-9]0", span.text) and end < sent.end and doc[end].lower_ in ("'s", "\u2019s", "s") \
                and not doc[end - 1].whitespace_:
            continue  # "in her 50's": an age, not an amount
        slashed = _SLASHED.fullmatch(span.text) and not is_figure_fraction(span.text)
        if label not in ("DATE", "TIME", "PERCENT"):
            label = _pounds_by_context(doc, start, end, sent) or label  # "would cost 300m pounds", "weighs 17 pounds"
        norm = Normalised("date") if slashed else normalise(span.text, label)
        if norm.kind == "number" and start > sent.start and doc[start - 1].lower_ == "aged":
            norm = Normalised("age", norm.value, norm.lower, norm.upper, "years")  # "the man, aged 31,"
        elif norm.kind == "number" and _age_after_name(doc, start, end, sent):
            norm = Normalised("age", norm.value, None, None, "years")  # "Richard Scrushy, 52, is accused", "Smith (52)"
        glued = _glued_m(doc, start, end, sent.end)
        if glued:  # "the 400m title", "landed 17.30m": metres; "fell to 294.3m": millions
            end += 1
            span = doc[start:end]
            norm = Normalised("measure", norm.value, norm.lower, norm.upper, "m") if glued == "metres" else normalise(span.text, label)
            last_end = end
        per = _rate_after_of(doc, end, sent.end) if norm.kind in ("money", "measure") and norm.unit and "/" not in norm.unit \
            else None
        if per:  # "600 mln pounds of sugar per year" is a rate, as "140 mln pounds a year" is
            norm = Normalised(norm.kind, norm.value, norm.lower, norm.upper, f"{norm.unit}/{per}")
        if _SCORE.fullmatch(span.text) and norm.value is None and norm.lower is None and norm.upper is None:
            continue  # "won 28-17", "a 2-1 decision": a score (normalise reads "18-24" as a range)
        if norm.kind == "time" and (label != "TIME" or not any(c.isdigit() for c in span.text)):
            continue  # "this morning": a time of day in words says no amount
        if norm.kind not in ("date", "time") and norm.value is None and norm.lower is None and norm.upper is None:
            continue  # no number could be read: "🤡" taken for a CARDINAL, "in her 50's" (an age)
        if norm.value is not None and norm.value < 1 and is_figure_fraction(doc[end - 1].text) and end < sent.end \
                and doc[end].lower_ == "of":
            norm = Normalised("percent", norm.value, norm.lower, norm.upper, "%")  # "3/4 of voters": a share, as "three quarters of"
        counts, key, verb, argument = _counts(span) if norm.kind in ("number", "count", "percent") \
            and norm.unit not in ("points", "percentage points") else (None, None, None, False)  # "half a point" counts no point
        kind = "count" if norm.kind == "number" and counts else norm.kind
        q = Quantity(span.start_char, span.end_char, span.text, kind, _tidy(norm.value), _tidy(norm.lower), _tidy(norm.upper),
                     norm.unit, counts)
        found.append(Found(q, key, verb, argument, sent.start_char, sent.text))
    _share_rates(doc, found)
    return found


def _share_rates(doc, found: list[Found]) -> None:
    """A change and the level it moves to share the level's rate: "Coffee fell 3 pounds to 1,450 pounds
    a tonne" is a fall of 3 pounds a tonne (GBP/t), "rose 2 mln dlrs to 40 mln dlrs a year" USD/year."""
    levels = {}
    for f in found:
        span = doc.char_span(f.quantity.start, f.quantity.end, alignment_mode="expand")
        verb = _governor(span.root) if span is not None else None
        if verb is not None and verb.lemma_.lower() in _CHANGE_VERBS:
            to = span.root.head if span.root.dep_ == "pobj" else None
            levels[f.quantity.start] = (verb.i, to.lower_ if to is not None and to.dep_ == "prep" else None)
    for f in found:
        q = f.quantity
        if q.kind != "money" or not q.unit or "/" in q.unit or q.start not in levels or levels[q.start][1] in ("to", "from"):
            continue
        rates = [g.quantity.unit for g in found if g.quantity.start in levels and levels[g.quantity.start] == (levels[q.start][0], "to")
                 and g.quantity.kind == "money" and (g.quantity.unit or "").startswith(q.unit + "/")]
        if rates:
            q.unit = rates[0]


def _ratio(doc, start: int, end: int, limit: int) -> tuple[int, float] | None:
    """(end, share) when the number doc[start:end] is the first of "N in M" / "N out of M"."""
    first = normalise(doc[start:end].text)
    if first.value is None or first.unit is not None or doc[start:end].text.lower().startswith(("between", "from")):
        return None
    for gap in (("in",), ("out", "of")):
        k = end + len(gap)
        if k < limit and tuple(t.lower_ for t in doc[end:k]) == gap and doc[k].like_num and doc[k].ent_type_ != "DATE":
            second = normalise(doc[k].text)
            if second.value and 0 < first.value < second.value:
                return k + 1, first.value / second.value
    return None


#: a DATE entity that is only numbers under 1,000 ("rise from 60 to 65": ages, not years)
_SMALL_FIGURES = re.compile(r"(?:from\s+|between\s+)?\d{1,3}(?:\.\d+)?(?:\s*(?:to|and|-|\u2013)\s*\d{1,3}(?:\.\d+)?)?")


def _not_a_date(ent) -> str:
    """`ent`'s label, except that spaCy's DATE is a number for figures that cannot be a date
    ("from 60 to 65") and a share for a fraction of something ("A quarter of the 400 staff")."""
    if ent.label_ != "DATE":
        return ent.label_
    if _SMALL_FIGURES.fullmatch(ent.text.strip()):
        return "CARDINAL"
    doc = ent.doc
    tokens = _tokens(ent.text)
    share = _fraction(tokens)
    if ent.end < len(doc) and doc[ent.end].lower_ == "of" and share and share[1] == len(tokens):
        return "CARDINAL"
    return ent.label_


def _split_change(ent) -> list[tuple[int, int, str]]:
    """An entity that spaCy ran across a change ("fell by 20,000 to 1.42 million", "fell 12% to 45p")
    as its two figures; any other entity whole."""
    doc = ent.doc
    to = [t.i for t in ent if t.lower_ == "to" and ent.start < t.i < ent.end - 1]
    if len(to) == 1:
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        first = doc[ent.start : to[0]]
        if _verb(ent) in _CHANGE_VERBS and (before in ("by", "from") or first[-1].lower_ in _PERCENT or first[-1].text == "%") \
                or _changes_to_a_level(doc, ent.start, to[0], ent.sent.end):
            return [(ent.start, to[0], ent.label_), (to[0] + 1, ent.end, ent.label_)]
    return [(ent.start, ent.end, ent.label_)]


def _dateline_date(ent) -> tuple[int, int, str] | None:
    """A date spaCy ran on past a dateline's dash into the story ("March 3 - The" of "STOCKHOLM,
    March 3 - The strike ..."): the date before the dash, or None."""
    dash = next((t.i for t in ent if t.text in ("-", "\u2013", "\u2014") and t.i > ent.start and t.whitespace_
                 and ent.doc[t.i - 1].whitespace_), None)  # a spaced dash: not "31-year-old"
    if ent.label_ != "DATE" or dash is None \
            or any(_numberish(t) or _month(t) or t.lower_ in _WEEKDAYS for t in ent.doc[dash : ent.end]):
        return None
    return ent.start, dash, ent.label_


_SCALE_WORDS = frozenset(_SCALES) | {"hundred"}


def _changes_to_a_level(doc, start: int, to: int, limit: int) -> bool:
    """Whether doc[start:to] "to" doc[to + 1] right after a word of change ("rose", "up", "down", "rose
    by") is a change and the level it reached ("up 23,600 to 27,700", "rose 95 to 745 yen"), not a range.
    It is a range of changes when only the second figure has a unit and the two are close, as
    newswire quotes prices and estimates ("rose 1.00 to 1.50 dlrs", "down 29.9 to 36.3 pct")."""
    k = start - 1
    if k >= 0 and doc[k].lower_ == "by":
        k -= 1
    if k < 0 or not (doc[k].lower_ in ("up", "down") or doc[k].pos_ in ("VERB", "AUX") and doc[k].lemma_.lower() in _CHANGE_VERBS):
        return False
    if doc[k].tag_ == "VB":  # "expected to rise 10 to 40 pct", "could fall 1,000 to 5,000": a forecast's range
        return False
    if not (to + 1 < limit and doc[to].lower_ == "to" and _numberish(doc[to + 1])):
        return False
    first, second = normalise(doc[start:to].text).value, normalise(doc[to + 1].text).value
    if first is None or second is None or first <= 0:
        return False
    unit = to + 2
    while unit < limit and doc[unit].lower_ in _SCALE_WORDS:
        unit += 1
    second_unit = unit < limit and (doc[unit].lower_ in _UNIT_WORDS or doc[unit].text == "%" or doc[unit].lower_ == "basis")
    return not (second_unit and second < 3 * first)


def _keep_entity(ent) -> bool:
    text = ent.text.lower()
    if ent.label_ == "DATE":
        return any(c.isdigit() for c in text) or any(w in _MONTHS or w in _WEEKDAYS for w in re.findall(r"[a-z]+", text)) \
            or any(w in _SMALL for w in re.findall(r"[a-z]+", text))
    if ent.label_ == "CARDINAL" and text in ("one", "1") and ent.root.dep_ != "nummod" \
            and _ratio(ent.doc, ent.start, ent.end, len(ent.doc)) is None:
        return False  # "one of them": a pronoun, not a count (but "one in five" is a share)
    return True


def _numeric(tok) -> bool:
    text = tok.text
    if is_figure_fraction(text) or duration_seconds(text) is not None:
        return True  # "up 1/2", "in 3:49.78"
    if not any(c.isdigit() for c in text) or "/" in text:
        return False
    if _PENCE.fullmatch(text):
        return True  # "950p", "270.25p": spaCy tags a share price in pence a name or nothing
    return bool(re.fullmatch(r"[-\u2212]?[$£€¥]?\d[\d,.]*(?:bn|m|k|mln|s|%)?", text, re.I))  # "-5", "−3.2"


def _widen(sent, start: int, end: int, label: str) -> tuple[int, int]:
    """Take in the modifier before ('more than', 'about', '$') and the unit after ('euros', 'pct')."""
    doc = sent.doc
    while start < end - 1 and doc[start].lower_ in _LEADING and not _numberish(doc[start]) \
            and not (doc[start].lower_ in ("a", "an") and doc[start + 1].lower_ in _FRACTIONS):  # "a quarter of"
        start += 1
    if doc[start].lower_ in ("handful", "few", "couple", "dozen") and start > sent.start and doc[start - 1].lower_ in ("a", "an"):
        start -= 1
    # dates keep their own words: "over two years" is a duration, not "more than two years"
    before = [t.lower_ for t in doc[max(sent.start, start - 4) : start]]
    for words in () if label in ("DATE", "TIME") else _MODIFIER_WORDS:
        if len(words) <= len(before) and before[len(before) - len(words):] == words:
            start -= len(words)
            break
    if start > sent.start and doc[start - 1].text in _CURRENCY_SIGN:
        start -= 1
    end = _past_fraction(doc, end, sent.end)
    end = _past_share_unit(doc, end, sent.end)
    # a scale glued to the number: "$100m", "£52m", "4.5m units" (not "the 400m title": metres)
    if end < sent.end and not doc[end - 1].whitespace_ and doc[end].lower_ in _GLUED_SCALES and (
            label == "MONEY" or doc[start].text in _CURRENCY_SIGN
            or (end + 1 < sent.end and doc[end + 1].lower_ in _CURRENCY_WORD)  # "400m pesos"
            or (end + 1 < sent.end and doc[end + 1].tag_ == "NNS" and ("." in doc[end - 1].text or doc[end + 1].lower_ in _COUNTED_BY_MILLIONS))):
        end += 1
    unit_end = end
    if end + 1 < sent.end and doc[end].lower_ in _BY_WEIGHT and doc[end + 1].lower_ in _PCT:
        end += 2  # "0.27 weight pct"
    elif end < sent.end and doc[end].lower_ in ("wt%", "wt.%", "vol%", "vol.%"):
        end += 1  # "2 wt%", one token
    end = _past_units(doc, end, sent.end)
    # a range the entity cut: "340" + "to 350"; not "fell 3.7 pct to 1.25 billion dlrs" (a change
    # to a new level: the first figure has its unit) nor "1986 to 1.14 billion" (a date)
    # nor "cut from 167 to 66", "fell by 20,000 to 1.42 million": a change from one level (or by an
    # amount) to another, two figures
    change = (doc[start].lower_ in ("from", "by") or (start > sent.start and doc[start - 1].lower_ in ("from", "by"))) \
        and _verb(doc[start:end]) in _CHANGE_VERBS or _changes_to_a_level(doc, start, end, sent.end)
    if end + 1 < sent.end and doc[end].lower_ in ("to", "-", "–", "or") and _numberish(doc[end + 1]) \
            and end == unit_end and label != "DATE" and not change and not (doc[end - 1].text == "%" or doc[end - 1].lower_ in _UNIT_WORDS):
        end = _past_units(doc, _past_fraction(doc, end + 2, sent.end), sent.end)
    money = any(t.lower_ in _CURRENCY_WORD or t.lower_ in _SUBUNIT and t.lower_ != "p" or t.text in _CURRENCY_SIGN
                or _PENCE.fullmatch(t.text) for t in doc[start:end])  # "80p a litre"
    if money and end + 1 < sent.end and doc[end].lower_ in ("a", "an", "per") and doc[end + 1].lower_ in _PER_MEASURE:
        end += 2  # a price per measure: "150 dlrs a tonne", "1.20 dlrs per bushel"
    per = _per_time([t.lower_ for t in doc[end : min(end + 3, sent.end)]])
    if per and any(t.lower_ in _RATE_UNITS or t.text in _CURRENCY_SIGN or _PENCE.fullmatch(t.text) for t in doc[start:end]):
        end += per[1]  # "150,000 barrels a day", "50 mln dlrs per year", "80p a day"
    if end < sent.end and doc[end].lower_ == "or" and end + 1 < sent.end and doc[end + 1].lower_ in ("more", "less", "fewer"):
        end += 2
    return start, end


#: the units a rate in time keeps ("150,000 barrels per day", "50 mln dlrs a year"); not a share ("5 pct a year")
_RATE_UNITS = frozenset(_MEASURE) | frozenset(_CURRENCY_WORD) | frozenset(_SUBUNIT) - {"p"}


def _past_share_unit(doc, end: int, limit: int) -> int:
    """`end`, moved past the article before the unit of a fraction ("half" + "a percentage point",
    "a quarter" + "of a point", "half" + "a mile"), which :func:`_past_units` then takes."""
    word = doc[end - 1].lower_
    if not (word in _FRACTIONS or word.partition("-")[2] in _FRACTIONS):
        return end
    k = end + 1 if end + 1 < limit and doc[end].lower_ == "of" and doc[end + 1].lower_ in ("a", "an") else end
    k += k < limit and doc[k].lower_ in ("a", "an")
    if k < limit and (doc[k].lower_ in _UNIT_WORDS or doc[k].lower_ in ("point", "points")):
        return k + (doc[k].lower_ in ("point", "points"))
    return end


def _past_units(doc, end: int, limit: int) -> int:
    """`end`, moved past the unit words after a number ("mln dlrs", "pct", "mln Canadian dlrs")."""
    while end < limit:
        national = _national_currency([t.lower_ for t in doc[end : min(end + 3, limit)]])
        if national:  # "1.5 billion Canadian dlrs", "40 mln Hong Kong dlrs"
            end += national[2]
        elif doc[end].lower_ in _UNIT_WORDS and not (doc[end].lower_ == "per" and end + 1 < limit and doc[end + 1].lower_ != "cent") \
                or doc[end].lower_ == "point" and doc[end - 1].lower_ == "percentage":  # "a half percentage point"
            end += 1
        else:
            break
    return end


def _past_fraction(doc, end: int, limit: int) -> int:
    """`end`, moved past a fraction that completes the whole number before it ("48" + "-3/4", "48" + "3/4")."""
    if not doc[end - 1].text.isdigit():
        return end
    if end < limit and is_figure_fraction(doc[end].text):
        return end + 1
    if end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and is_figure_fraction(doc[end + 1].text):
        return end + 2
    return end


def _numberish(tok) -> bool:
    return tok.like_num or any(c.isdigit() for c in tok.text)


def _counts(span) -> tuple[str | None, str | None, str | None, bool]:
    """What the quantity counts (text, comparison key), its governing verb and whether the counted
    phrase is that verb's subject or object, from the parse."""
    root = span.root
    noun = None
    anchor = root
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN") and not (span.start <= root.head.i < span.end):
        noun = anchor = root.head
    else:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
                if objs:
                    noun = objs[0]
                    break
    if noun is None or noun.lower_ in _UNIT_WORDS or noun.lower_ in _TIME_UNITS or noun.lower_ in _NOT_COUNTED:
        return None, None, None, False
    left = noun.i
    while left - 1 >= 0 and not (span.start <= left - 1 < span.end):
        prev = noun.doc[left - 1]
        if prev.head.i == noun.i and prev.dep_ in ("compound", "amod", "nmod") and prev.pos_ in ("NOUN", "PROPN", "ADJ") \
                and not (prev.lower_ in _GLUED_SCALES and prev.i and not noun.doc[prev.i - 1].whitespace_):  # "the 1.6m Muslims"
            left -= 1
        else:
            break
    words = noun.doc[left : noun.i + 1]
    key = " ".join(t.lemma_.lower() for t in words)
    return words.text, key, _verb(span), anchor.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd")


def _verb(span) -> str | None:
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX") else None
