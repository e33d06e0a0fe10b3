"""What the reports flag in a quantity: whether it asserts an amount (:func:`is_statistic`), whether it
is more exact than its source can know (:func:`is_suspiciously_precise`), and whether two in an
article cannot both hold (:func:`mark_inconsistent`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..report import Quantity
from .quantities_normalise import _starts, _tokens
from .quantities_vocabulary import _APPROX

_PRECISE_SIG_DIGITS = 4
_LIGHT_VERBS = frozenset({None, "be", "have", "include", "make", "get", "take", "give", "become", "do", "see", "reach"})


@dataclass
class Found:
    """A quantity as found in its sentence, with what :func:`mark_inconsistent` compares."""

    quantity: Quantity
    key: str | None  # normalised form of what it counts
    verb: str | None  # lemma of the verb that governs it
    argument: bool = False  # subject or object of that verb (not "in seven cases")
    sentence: int = -1  # start of its sentence
    context: str = ""  # its sentence


def is_statistic(q: Quantity) -> bool:
    """Whether a quantity asserts an amount (a count, share, sum, measure), not a date, a time or an
    age ("a 31-year-old man"), nor a "one" or "two" in words ("for one reason", "the two candidates met")."""
    if q.kind == "count" and (q.value if q.value is not None else q.upper) in (1, 2) and not any(c.isdigit() for c in q.text):
        return False  # "one or two of them" too
    return q.kind not in ("date", "time", "age") and (q.value is not None or q.lower is not None or q.upper is not None)


#: a figure restated in other units in brackets right after it: "$280bn (£155bn)", "80 km (50 miles)"
_CONVERSION_GAP = re.compile(r"\s*[(\[]\s*(?:about |around |roughly |some |nearly |almost |c\.\s?|approx\.?\s|or )?$", re.I)


def is_conversion(q: Quantity, before: Quantity | None, text: str) -> bool:
    """Whether `q` restates `before`, the quantity just before it, in other units, in brackets
    ("$280bn (£155bn)", "3.5m euros ($4.6m)", "2.1 metres (7 ft)"): the same figure converted, not a
    second statistic to source."""
    if before is None or q.kind != before.kind or q.kind not in ("money", "measure") or q.unit == before.unit:
        return False
    if not (q.unit and before.unit) or before.end > q.start:
        return False
    return bool(_CONVERSION_GAP.fullmatch(text[before.end : q.start])) and text[q.end : q.end + 2].lstrip()[:1] in (")", "]")


def significant_digits(text: str) -> int:
    """Significant digits of the number written in `text` ('1,840' -> 3, '73.6%' -> 3, '2,000' -> 1)."""
    m = re.search(r"\d[\d,. ]*\d|\d", text)
    if not m:
        return 0
    raw = m.group().replace(",", "").replace(" ", "")
    if "." in raw:
        return len(raw.replace(".", "").lstrip("0"))
    return len(raw.lstrip("0").rstrip("0")) or 1


#: markets state rates, yields, prices and index levels exactly: their precision is no tell
_MARKET = re.compile(r"\b(?:rates?|yields?|interest|inflation|mortgages?|bonds?|gilts?|treasur(?:y|ies)|index|indices|"
                     r"indexes|basis points?|coupon|exchange|dollars?|sterling|euros?|yen|currenc(?:y|ies)|stocks?|"
                     r"shares?|futures|dow|nasdaq|ftse|nikkei|dax|s&p)\b", re.I)


def is_suspiciously_precise(q: Quantity, *, vague_source: bool = False, sentence: str = "") -> bool:
    """A count or share more exact than its source can know. From a vague source ('a survey shows
    73.6%'): a share with a decimal, or a count with 4+ significant digits; in the article's own
    voice, where official figures are routinely exact, only 2+ decimals or 5+ digits. Money,
    measures, dates, approximations ('about ...') and figures in a `sentence` about markets (rates,
    yields, index levels: "base rate of 4.75%") never are."""
    if q.kind not in ("percent", "count", "number") or q.value is None or "/" in q.text or _MARKET.search(sentence):
        return False
    if _starts(_tokens(q.text), _APPROX[:9]):
        return False
    digits = significant_digits(q.text)
    if q.kind == "percent":
        m = re.search(r"\.(\d+)", q.text)
        decimals = len(m.group(1)) if m else 0
        return decimals >= 1 and digits >= 3 if vague_source else decimals >= 2
    return digits >= (_PRECISE_SIG_DIGITS if vague_source else _PRECISE_SIG_DIGITS + 1)


def _interval(q: Quantity) -> tuple[float, float] | None:
    lo = q.lower if q.lower is not None else q.value
    hi = q.upper if q.upper is not None else q.value
    if lo is None and hi is None:
        return None
    return (lo if lo is not None else float("-inf"), hi if hi is not None else float("inf"))


#: a figure per something, or at another time, is not the same figure: no contradiction to flag
_DISTRIBUTIVE = re.compile(r"\b(?:each|apiece|every|per|a (?:day|week|month|year)|annually|daily|weekly)\b", re.I)
#: words that put a figure at another time ("last year", "in 2004", "a decade ago"); not "since" or
#: "by" ("delayed since it began", "rose by 5%"), which say nothing of another time
_TIME_WORDS = re.compile(r"\b(?:(?:19|20)\d\d|last|next|previous|earlier|later|ago|until|formerly)\b", re.I)


def _when(sentence: str) -> frozenset:
    """The time words of a sentence: two figures stated for different times are not compared."""
    return frozenset(m.group().lower() for m in _TIME_WORDS.finditer(sentence))


def mark_inconsistent(found: list[Found], *, tolerance: float = 0.1) -> int:
    """Flag pairs of quantities, in different sentences, about the same thing (the same counted noun
    phrase and unit, subject or object of the same verb, not a light verb such as "be") whose ranges
    cannot both hold. Returns how many were flagged.

    Deliberately narrow: "22 of the 30 projects", "in seven cases ... in 23 cases" and "15 games at
    launch ... 120 games in development" are parts, adjuncts and different predicates, not
    contradictions.

    Near-linear: quantities are grouped by what a pair must share (noun phrase, unit, kind, verb, time
    words), and within a group only distinct ranges are compared, so an article that repeats one
    figure many times costs no more than one that states it once."""
    groups: dict[tuple, dict[tuple[float, float], list[Found]]] = {}
    for f in found:
        if not f.key or f.verb in _LIGHT_VERBS or not f.argument or _DISTRIBUTIVE.search(f.context):
            continue  # "four nominations apiece", "30,000 a day"
        interval = _interval(f.quantity)
        if interval is None:
            continue
        key = (f.key, f.quantity.unit, f.quantity.kind, f.verb, _when(f.context))  # "last year it employed 3,000"
        groups.setdefault(key, {}).setdefault(interval, []).append(f)
    flagged = 0
    for by_interval in groups.values():
        ranges = list(by_interval)
        sentences = {r: {f.sentence for f in by_interval[r]} for r in ranges}
        for n, ia in enumerate(ranges):
            for ib in ranges[n:]:  # a range against itself too: "minus 10 to -20" cannot hold twice
                gap = max(ia[0], ib[0]) - min(ia[1], ib[1])
                scale = max(abs(x) for x in (*ia, *ib) if x not in (float("inf"), float("-inf")))
                if gap <= tolerance * scale:
                    continue
                for mine, other in ((ia, ib), (ib, ia)):
                    for f in by_interval[mine]:  # flagged when a clashing figure stands in another sentence
                        if sentences[other] - {f.sentence} and "inconsistent" not in f.quantity.flags:
                            f.quantity.flags.append("inconsistent")
                            flagged += 1
    return flagged
