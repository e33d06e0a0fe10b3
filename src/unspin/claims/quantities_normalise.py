"""The numbers a quantity's words assert: :func:`normalise`.

``"more than 2 Million"`` is a lower bound of 2,000,000; ``"under 0.4%"`` an upper bound of 0.004;
``"barely 2%"`` the value 0.02 that is also an upper bound; ``"between 300 and 600"`` a range;
``"a handful"`` the range 2-5. Percentages (and shares: "half", "two thirds") are fractions of 1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .quantities_vocabulary import (
    _BY_WEIGHT, _CURRENCY_SIGN, _CURRENCY_WORD, _DETERMINERS, _DIGITS, _FRACTIONS, _LOWER, _MEASURE,
    _NATIONAL, _NEAR, _PCT, _PER_MEASURE, _PERCENT, _SCALES, _SMALL, _SUBUNIT, _SUFFIX_LOWER, _SUFFIX_UPPER, _TENS_OF,
    _TIME_UNITS, _UPPER, _VAGUE, MODIFIERS,
)

#: pence glued to the number, as British prices write them ("80p a litre", "12.5p"): spaCy calls them CARDINAL
#: (or a PRODUCT, or nothing: "pitched at 300p a share"); a video's lines ("streams in 1080p") are told
#: apart by their sentence (quantities_names._video_lines)
_PENCE = re.compile(r"(?<![a-z\d.,])\d[\d,.]*p\b", re.I)
_WEIGHTS = frozenset({"t", "kg", "lb", "oz"})

_TOKEN = re.compile(
    r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|\.\d+|us\$|[$£€¥%+]|[a-z]+(?:[-'][a-z]+)*|[-–—/:]",
    re.I,
)


@dataclass(frozen=True)
class Normalised:
    """What a quantity's words mean as numbers (percentages and shares as fractions of 1)."""

    kind: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    unit: str | None = None


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.replace("\u2019", "'").replace("\u2212", "-"))]  # − is a minus


def _starts(tokens: list[str], phrases) -> tuple[str, int] | None:
    for phrase in phrases:
        words = phrase.split()
        if tokens[: len(words)] == words:
            return phrase, len(words)
    return None


def _number(tokens: list[str]) -> tuple[float | None, tuple[float, float] | None, int]:
    """Parse a number at the start of `tokens`: (value, vague (lower, upper), tokens used)."""
    i, total, current, seen = 0, 0.0, None, False
    for phrase, mult in _TENS_OF.items():
        words = phrase.split()
        if tokens[:2] == words and len(tokens) > 2 and tokens[2] in ("thousands", "millions", "billions"):
            scale = _SCALES[tokens[2][:-1]]
            return None, (2 * mult * scale, 10 * mult * scale - 1), 3
    hit = _starts(tokens, sorted(_VAGUE, key=len, reverse=True))
    if hit:
        phrase, used = hit
        lo, hi = _VAGUE[phrase]
        if tokens[used:used + 2] == ["of", "thousands"] or tokens[used:used + 2] == ["of", "millions"]:
            scale = _SCALES[tokens[used + 1][:-1]]
            return None, (lo * scale, hi * scale), used + 2
        return None, (lo, hi), used
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if re.fullmatch(r"[\d ,]*\.?\d+", tok):
            if seen:
                break
            current = float(tok.replace(",", "").replace(" ", ""))
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        elif tok in _SMALL and not (seen and (current is None or _SMALL[tok] >= current)):
            current = (current or 0) + _SMALL[tok]
            seen = True
        elif "-" in tok and all(p in _SMALL for p in tok.split("-")) and not seen:
            current = float(sum(_SMALL[p] for p in tok.split("-")))
            seen = True
        elif tok in ("a", "an") and not seen and (nxt in _SCALES or nxt in ("hundred", "dozen")):
            current = 1.0
            seen = True
        elif tok == "point" and seen and total == 0 and current is not None and float(current).is_integer() and nxt in _DIGITS:
            j = i + 1  # "one point three per cent": 1.3
            while j < len(tokens) and tokens[j] in _DIGITS:
                j += 1
            current = float(f"{current:.0f}." + "".join(str(_SMALL[t]) for t in tokens[i + 1 : j]))
            i = j - 1
        elif tok == "hundred" and seen:
            current = (current or 1) * 100
        elif tok in _SCALES and seen:
            total += (current if current is not None else 1) * _SCALES[tok]
            current = None
        elif tok == "and" and seen and nxt in _SMALL and tokens[i - 1] == "hundred":
            pass
        else:
            break
        i += 1
    if not seen:
        return None, None, 0
    return total + (current or 0), None, i


def _fraction(tokens: list[str]) -> tuple[float, int] | None:
    """'half', 'a third', 'two thirds', 'three-quarters'."""
    if tokens and tokens[0] in ("half", "halves"):
        return 0.5, 1
    if tokens and "-" in tokens[0]:
        a, _, b = tokens[0].partition("-")
        if a in _SMALL and b in _FRACTIONS:
            return _SMALL[a] * _FRACTIONS[b], 1
    if len(tokens) >= 2 and tokens[1] in _FRACTIONS and tokens[1] != "half":
        if tokens[0] in ("a", "one"):
            return _FRACTIONS[tokens[1]], 2
        if tokens[0] in _SMALL:
            return _SMALL[tokens[0]] * _FRACTIONS[tokens[1]], 2
    return None


def _unit(tokens: list[str], label: str) -> tuple[str | None, str | None, float, int]:
    """(kind, unit, multiplier, tokens used) for the unit words at the start of `tokens`."""
    if not tokens:
        return None, None, 1.0, 0
    if tokens[0] in ("points", "point"):  # index points, goals, poll points: a count, not a share
        return "number", "points", 1.0, 1
    two = " ".join(tokens[:2])
    if two in _PERCENT:
        return "percent", _PERCENT[two], 0.01, 2
    tok = tokens[0]
    if tok in _PERCENT:
        return "percent", _PERCENT[tok], 0.01, 1
    if tok in _BY_WEIGHT and len(tokens) > 1 and tokens[1] in _PCT:  # "3.5 weight pct"
        return "percent", "%", 0.01, 2
    if tok in _SUBUNIT and (tok != "p" or label == "MONEY"):
        unit, mult = _SUBUNIT[tok]
        return "money", unit, mult, 1
    # spaCy's QUANTITY "pounds" is a weight, but not one per a weight: "1.20 pounds a kilo" is a price
    weight = tok.startswith("pound") and label == "QUANTITY" and not (
        len(tokens) > 2 and tokens[1] in ("a", "an", "per") and _PER_MEASURE.get(tokens[2]) in _WEIGHTS)
    if tok in _CURRENCY_WORD and not weight:
        return "money", _CURRENCY_WORD[tok], 1.0, 1
    national = _national_currency(tokens)
    if national:
        return "money", *national
    if weight:
        return "measure", "lb", 1.0, 1
    if tok in _MEASURE:
        used = 1
        if _MEASURE[tok] in ("km", "mi") and tokens[1:3] in (["/", "h"], ["/", "hr"]):  # "140 km/h", "300 km/hr"
            return "measure", _SPEEDS[_MEASURE[tok] + "/hour"], 1.0, 3
        if tok == "degrees" and len(tokens) > 1 and tokens[1] in ("f", "c", "fahrenheit", "celsius"):
            return "measure", "degrees " + tokens[1][0].upper(), 1.0, 2
        return "measure", _MEASURE[tok], 1.0, used
    if tok in _TIME_UNITS:
        return "measure", _TIME_UNITS[tok], 1.0, 1
    if tok == "times":
        return "number", "times", 1.0, 1
    return None, None, 1.0, 0


def _national_currency(words: list[str]) -> tuple[str, float, int] | None:
    """(currency, 1.0, words used) for a country's word and a currency word at the start of `words`
    ("canadian dlrs", "hong kong dollars", "u.s. dlrs"); the currency's own unit where the country
    does not say which ("Chinese dlrs")."""
    for size in (2, 1):
        country = " ".join(words[:size])
        if country in _NATIONAL and len(words) > size and words[size] in _CURRENCY_WORD:
            plain = _CURRENCY_WORD[words[size]]
            return _NATIONAL[country].get(plain, plain), 1.0, size + 1
    return None


#: a fraction in figures, as newswire gives prices ("48-3/4", "48 3/4", "up 1/2"): in lowest terms
#: over 2, 3, 4, 8, 16, 32 or 64, so that "9/11" and "1998/99" stay dates
_DIGIT_FRACTION = re.compile(r"(?<![\d/.])(?:(\d+)(?:\s?-\s?|\s))?(\d{1,2})/(\d{1,2})(?![\d/])")
#: a race or duration time with seconds: "3:49.78", "2:03:59", "9:58.1" (a clock time has no seconds)
_DURATION = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2}(?:\.\d+)?)")


def _fraction_value(whole: str | None, num: str, den: str) -> float | None:
    a, b = int(num), int(den)
    if not (0 < a < b and b in (2, 3, 4, 8, 16, 32, 64)) or (b != 3 and a % 2 == 0):
        return None
    return (int(whole) if whole else 0) + a / b


def _figures_for_fractions(text: str) -> str:
    """`text` with each fraction in figures written as a decimal ("48-3/4" -> "48.75")."""
    def decimal(m: re.Match) -> str:
        value = _fraction_value(m.group(1), m.group(2), m.group(3))
        return m.group() if value is None else f"{value:g}"

    return _DIGIT_FRACTION.sub(decimal, text)


def is_figure_fraction(text: str) -> bool:
    """Whether `text` is one fraction in figures ("3/4", "48-3/4"), not a date ("9/11")."""
    m = _DIGIT_FRACTION.fullmatch(text.strip())
    return bool(m) and _fraction_value(m.group(1), m.group(2), m.group(3)) is not None


def duration_seconds(text: str) -> float | None:
    """Seconds in a race or duration time ("3:49.78" -> 229.78, "2:03:59" -> 7439); None for anything
    else, a clock time ("10:15") included."""
    m = _DURATION.fullmatch(text.strip())
    if not m or (m.group(1) is None and "." not in m.group(3)) or float(m.group(3)) >= 60:
        return None
    hours = int(m.group(1) or 0)
    if m.group(1) is not None and int(m.group(2)) >= 60:
        return None
    return hours * 3600 + int(m.group(2)) * 60 + float(m.group(3))


#: an age: "31-year-old", "a five-year-old", "6-month-old", "between 18 and 24 years old"
_AGE = re.compile(r"(.*?\S)[\s-]+(year|month|week|day)s?[\s-]+old", re.I)
#: a duration as a modifier: "a two-year agreement", "a 12-month high" (spaCy calls it a date)
_HYPHENED_DURATION = re.compile(r"\b([a-z]+|\d+(?:\.\d+)?)-(year|month|week|day|hour|minute|decade)s?\b", re.I)


#: a speed by one name however it is written: "km/h", "km/hr", "km per hour"; "mph", "miles per hour"
_SPEEDS = {"km/hour": "km/h", "mi/hour": "mph"}


def normalise(text: str, label: str = "") -> Normalised:
    """The numbers a quantity's words assert; `label` is spaCy's entity label when there is one."""
    age = _AGE.fullmatch(text.strip())
    if age:  # spaCy calls "31-year-old" a date
        n = normalise(age.group(1), "CARDINAL" if label == "DATE" else label)
        return Normalised("age", n.value, n.lower, n.upper, _TIME_UNITS[age.group(2).lower()])
    seconds = duration_seconds(text)
    if seconds is not None:
        return Normalised("measure", _tidy(seconds), unit="seconds")
    text = _HYPHENED_DURATION.sub(r"\1 \2", text)  # "two-year" is two years, as "two years" is
    fractions = _figures_for_fractions(text)
    if fractions != text:
        text = fractions
        if label == "PERCENT" and "%" not in text and not re.search(r"per\s?cent|pct", text, re.I):
            label = "CARDINAL"  # spaCy reads "48-3/4" as a percentage
    tokens = _tokens(text)
    if len(tokens) > 1 and tokens[-1] in ("ago", "earlier", "later"):
        return Normalised("date")  # "five years ago", "a week later": when, not how long (a duration is a measure)
    kind, unit, mult = None, None, 1.0
    # currency sign first: "$3.3bn", "US$ 5 million"
    if tokens and tokens[0] in _CURRENCY_SIGN:
        kind, unit = "money", _CURRENCY_SIGN[tokens[0]]
    elif len(tokens) > 1 and tokens[0] in ("-", "minus") and tokens[1] in _CURRENCY_SIGN:  # "-$5 million"
        kind, unit = "money", _CURRENCY_SIGN[tokens[1]]
    else:  # after a modifier: "just $239,850", "more than £3m"
        sign = next((t for t in tokens[:5] if t in _CURRENCY_SIGN), None)
        if sign is not None:
            kind, unit = "money", _CURRENCY_SIGN[sign]
    bound = None
    skip = _DETERMINERS | ({"over", "within", "during", "for", "in", "since", "by"} if label == "DATE" else set())
    while len(tokens) > 1 and tokens[0] in skip:
        tokens = tokens[1:]
    between = bool(tokens) and tokens[0] == "between"
    if len(tokens) > 1 and tokens[0] in ("between", "from") and label != "DATE":  # "from as little as 70 euros"
        tokens = tokens[1:]
    hit = None if label == "DATE" else _starts([t for t in tokens if t not in _CURRENCY_SIGN], MODIFIERS)
    if hit:
        phrase, used = hit
        bound = "lower" if phrase in _LOWER else "upper" if phrase in _UPPER else "near" if phrase in _NEAR else None
        rest = [t for t in tokens if t not in _CURRENCY_SIGN][used:]
    else:
        rest = [t for t in tokens if t not in _CURRENCY_SIGN]
    if rest and rest[0] in ("between", "from"):
        between = between or rest[0] == "between"
        rest = rest[1:]
    sign = 1.0
    if rest and rest[0] in ("minus", "-", "negative"):
        sign, rest = -1.0, rest[1:]
    if rest and rest[0] in _CURRENCY_SIGN:
        kind, unit = "money", _CURRENCY_SIGN[rest[0]]
        rest = rest[1:]
    frac = None if label == "DATE" else _fraction(rest)  # "the first half of 2004" is a date
    if frac:
        value, used = frac
        after = rest[used:]
        article = after[:1] in (["a"], ["an"]) or after[:2] in (["of", "a"], ["of", "an"])
        after = after[1 + (after[0] == "of"):] if article else after
        if after and after[0] in _SCALES and after[0] not in ("m", "b", "k"):  # "half a million"
            return _finish(Normalised(kind or "number", value * _SCALES[after[0]], unit=unit), bound)
        u_kind, u_unit, u_mult, _ = _unit(after, label)
        if u_kind and (article or u_unit in ("percentage points", "points")):
            # "half a percentage point" is 0.005 in percentage points, "a quarter of a point" 0.25 points,
            # "half a mile" 0.5 mi; "half the dollars" is still a share
            return _finish(Normalised(kind or u_kind, _tidy(value * u_mult), unit=unit or u_unit), bound)
        return _finish(Normalised("percent", value, unit="%"), bound)
    value, vague, used = _number(rest)
    if value is None and vague is None:
        return Normalised(kind or _kind_for_label(label), unit=unit)
    rest = rest[used:]
    # a range: "340 to 350", "300 and 600", "5-10%", "minus 10 to 0", "60 or 70 pct", "two or three million"
    upper_value = None
    if vague is None and len(rest) >= 3 and rest[0] in _PCT and rest[1] in ("to", "and", "or", "-", "\u2013"):
        rest = rest[1:]  # "8% to 9%": the unit is said twice, the range is one
    if vague is None and len(rest) >= 2 and rest[0] in ("to", "and", "or", "-", "–", "—"):
        tail = rest[1:]
        tail_sign = 1.0
        if tail and tail[0] in ("minus", "-"):
            tail_sign, tail = -1.0, tail[1:]
        if tail and tail[0] in _CURRENCY_SIGN:
            tail = tail[1:]
        other, _, used2 = _number(tail)
        if other is not None:
            upper_value = tail_sign * other
            # "3 to 4 million": the scale after the second number applies to both
            scales = [_SCALES[t] for t in tail[:used2] if t in _SCALES]
            if scales and not any(t in _SCALES for t in tokens[: len(tokens) - len(rest)]):
                value *= scales[-1]
            rest = tail[used2:]
    u_kind, u_unit, u_mult, used = _unit(rest, "MONEY" if _PENCE.search(text) else label)  # "80p" is pence
    if u_kind:
        kind = kind or u_kind
        unit = unit or u_unit
        mult = u_mult
        rest = rest[used:]
    kind = kind or _kind_for_label(label)
    if kind in ("money", "measure") and unit and "/" not in unit and len(rest) >= 2 and rest[0] in ("a", "an", "per") \
            and rest[1] in _PER_MEASURE:
        unit = f"{unit}/{_PER_MEASURE[rest[1]]}"  # "150 dlrs a tonne" is USD/t, "800 pounds an acre" (a yield) lb/acre
        rest = rest[2:]
    per = _per_time(rest)
    if per and kind in ("money", "measure") and unit and "/" not in unit:
        unit = f"{unit}/{per[0]}"  # "150,000 barrels per day" is bbl/day, as "150,000 bpd" is
        unit = _SPEEDS.get(unit, unit)  # "100 km per hour" is km/h, as "100 km/h" is
    if kind == "money" and unit is None:
        kind = "number"  # spaCy's MONEY with no currency anywhere ("fell by 20,000 to 1.42 million")
    if kind == "time":
        return Normalised("time")
    if kind == "date":
        decade = re.search(r"\b(1[0-9]|20)([0-9])0s\b", text)
        years = [int(y) for y in re.findall(r"(?<![\d.,])(1[0-9]{3}|20[0-9]{2})(?![\d.,])", text)]
        if decade and len(years) <= 1:  # "the 1990s": 1990 to 1999
            start = int(decade.group(1) + decade.group(2) + "0")
            return Normalised("date", None, float(start), float(start + 9), unit="year")
        if len(years) == 2 and years[0] < years[1]:  # "between 2008 and 2012", "2008-2012"
            return Normalised("date", None, float(years[0]), float(years[1]), unit="year")
        year = value if value and 1000 <= value <= 2100 and float(value).is_integer() else None
        return Normalised("date", year, unit="year" if year else None)
    if vague is not None:
        return _finish(Normalised(kind if kind != "number" else "count", None, vague[0] * mult, vague[1] * mult, unit), bound)
    value = sign * value * mult
    if upper_value is not None:
        upper_value *= mult
        if upper_value < value and between:  # "between 10 and 5 million": the range it can only mean
            value, upper_value = upper_value, value
        elif upper_value <= value and sign > 0:  # "18-17", "2-2": a score, not a range
            return Normalised(kind, None, unit=unit)
        if bound == "lower":  # "more than 60 or 70 pct": at least the first
            return Normalised(kind, None, value, None, unit)
        if bound == "upper":  # "below 380 or 390 dlrs", "up to two or three billion": at most the second
            return Normalised(kind, None, None, upper_value, unit)
        return Normalised(kind, None, value, upper_value, unit)
    suffix = " ".join(rest[:2])
    if any(suffix.startswith(s) for s in _SUFFIX_LOWER):
        bound = "lower"
    elif any(suffix.startswith(s) for s in _SUFFIX_UPPER):
        bound = "upper"
    return _finish(Normalised(kind, value, unit=unit), bound)


def _finish(n: Normalised, bound: str | None) -> Normalised:
    """Apply a modifier: 'lower' (more than), 'upper' (under), 'near' (nearly: the value, also a ceiling)."""
    if bound == "lower":
        return Normalised(n.kind, None, n.value if n.value is not None else n.lower, None, n.unit)
    if bound == "upper":
        return Normalised(n.kind, None, None, n.value if n.value is not None else n.upper, n.unit)
    if bound == "near":
        return Normalised(n.kind, n.value, n.lower, n.value if n.value is not None else n.upper, n.unit)
    return n


def _kind_for_label(label: str) -> str:
    return {"PERCENT": "percent", "MONEY": "money", "QUANTITY": "measure", "DATE": "date", "TIME": "time"}.get(label, "number")


def _tidy(value: float | None) -> float | None:
    """12 significant digits: 35 * 0.01 is 0.35, not 0.35000000000000003."""
    if value is None or not math.isfinite(value):
        return None  # "999...9" (310 digits) overflows to infinity: no value, and no "Infinity" in JSON
    return float(f"{value:.12g}")


_PER_TIME = {"day": "day", "week": "week", "month": "month", "year": "year", "annum": "year", "hour": "hour"}
_TIME_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year", "hourly": "hour"}


def _per_time(words: list[str]) -> tuple[str, int] | None:
    """(the time, words used) for a rate's "per day", "a year", "daily" at the start of `words`; not
    "a year earlier" or "a week ago", which say when."""
    if words[:1] and words[0] in _TIME_ADVERBS:
        return _TIME_ADVERBS[words[0]], 1
    if len(words) >= 2 and words[0] in ("per", "a", "an") and words[1] in _PER_TIME:
        if len(words) > 2 and words[2] in ("earlier", "ago", "before", "later", "after", "previously", "prior", "on"):
            return None
        return _PER_TIME[words[1]], 2
    return None
