"""Quantities in a claim: find them in the parse, normalise them, flag the dubious ones.

:func:`normalise` turns the words of one quantity into numbers: ``"more than 2 Million"`` is a lower
bound of 2,000,000; ``"under 0.4%"`` an upper bound of 0.004; ``"barely 2%"`` the value 0.02 that
is also an upper bound; ``"between 300 and 600"`` a range; ``"a handful"`` the range 2-5. Percentages
(and shares: "half", "two thirds") are fractions of 1. :func:`find_quantities` finds every number,
percentage, amount of money, measure and date in a sentence from spaCy's entities plus its own
scan, widens each to its modifiers ("more than", "about") and unit ("euros"), and reads what it
counts from the dependency parse ("60 container ships" counts "container ships").
:func:`mark_inconsistent` compares quantities across an article.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..report import Quantity

# ---- vocabulary ------------------------------------------------------------------------------
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_DIGITS = frozenset(w for w, n in _SMALL.items() if n < 10)
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
    "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_FRACTIONS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
              "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10}
#: vague amounts: (lower, upper) before any scale word
_VAGUE = {
    "a handful": (2, 5), "handful": (2, 5), "a few": (2, 5), "a couple": (2, 3), "several": (3, 9),
    "dozens": (24, 119), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2e3, 9999),
    "millions": (2e6, 9_999_999), "billions": (2e9, 9_999_999_999),
}
_TENS_OF = {"tens of": 10, "hundreds of": 100}

_LOWER = ("more than", "over", "above", "at least", "upwards of", "in excess of", "greater than", "exceeding",
          "no fewer than", "no less than", "a minimum of", "north of", "well over", "just over", "more then", "beyond")
_UPPER = ("less than", "fewer than", "under", "below", "up to", "at most", "no more than", "a maximum of",
          "just under", "not even", "short of", "well under", "a little under")
_NEAR = ("nearly", "almost", "barely", "scarcely", "close to", "just shy of", "not quite")
_APPROX = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated", "circa", "approx",
           "just", "only", "a mere", "exactly", "precisely", "fully", "as many as", "as much as", "as few as",
           "as little as", "as low as", "as high as")
MODIFIERS = tuple(sorted(_LOWER + _UPPER + _NEAR + _APPROX, key=len, reverse=True))
#: words before a number that say nothing of its size: "a record $169.8 billion", "an additional 50 mln dlrs"
_NOT_SIZE = frozenset({"record", "additional", "extra", "further", "provisional", "total", "combined", "net", "gross",
                       "annual", "initial", "new", "original", "overall", "cumulative", "projected", "reported"})
_DETERMINERS = frozenset({"the", "next", "last", "past", "previous", "coming", "another", "this", "these", "those",
                          "its", "their", "his", "her", "our", "first", "final", "full", "entire", "whole"}) | _NOT_SIZE
_SUFFIX_LOWER = ("or more", "plus", "+", "and up", "or higher")
_SUFFIX_UPPER = ("or less", "or fewer", "or lower")

_PERCENT = {"%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage points": "percentage points",
            "percentage point": "percentage points", "points": "points"}
#: a share by weight or volume, as chemistry and newswire write it: "0.27 weight pct", "20 volume pct"
_BY_WEIGHT = frozenset({"weight", "wt", "volume", "vol"})
#: the words of a plain percentage (what "weight pct" and "8% to 9%" pair with)
_PCT = frozenset({"%", "pct", "percent"})
_CURRENCY_SIGN = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORD = {
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "yen": "JPY", "yuan": "CNY", "rupees": "INR",
    "francs": "francs", "marks": "marks", "cruzados": "cruzados", "pesos": "pesos", "roubles": "roubles",
    "rubles": "roubles", "lire": "lire", "crowns": "crowns", "guilders": "guilders",
    # the singular of an attributive amount ("a 2.3 billion franc deficit"; not "mark": "the 2,000 mark" is a level)
    "franc": "francs", "peso": "pesos", "rouble": "roubles", "ruble": "roubles", "lira": "lire", "crown": "crowns",
    "guilder": "guilders", "cruzado": "cruzados", "rupee": "INR", "renminbi": "CNY",
    # newswire's other currencies: "500 mln baht", "20 mln pesetas" (not "won": "Korea won 2-1")
    "baht": "THB", "rand": "ZAR", "ringgit": "MYR", "rupiah": "IDR", "pesetas": "ESP", "peseta": "ESP",
    "schillings": "ATS", "schilling": "ATS", "kronor": "SEK", "krona": "SEK", "kroner": "kroner", "krone": "kroner",
    "riyals": "riyals", "riyal": "riyals", "dinars": "dinars", "dinar": "dinars", "escudos": "PTE", "escudo": "PTE",
    "drachmas": "GRD", "drachma": "GRD", "zlotys": "PLN", "zloty": "PLN", "forints": "HUF", "forint": "HUF",
    "naira": "NGN", "punts": "IEP", "shillings": "shillings", "shilling": "shillings",
    "dirhams": "dirhams", "dirham": "dirhams",
}
#: a country's word before a currency that several countries name: {country: {the currency's unit alone: its
#: unit with the country}} ("1.5 billion Canadian dlrs" is CAD, "2 billion Belgian francs" BEF)
_NATIONAL = {
    "u.s.": {"USD": "USD"}, "u s": {"USD": "USD"}, "us": {"USD": "USD"}, "american": {"USD": "USD"},
    "canadian": {"USD": "CAD"}, "australian": {"USD": "AUD"}, "hong kong": {"USD": "HKD"}, "new zealand": {"USD": "NZD"},
    "singapore": {"USD": "SGD"}, "taiwan": {"USD": "TWD"}, "taiwanese": {"USD": "TWD"}, "malaysian": {"USD": "MYR"},
    "swiss": {"francs": "CHF"}, "french": {"francs": "FRF"}, "belgian": {"francs": "BEF"}, "luxembourg": {"francs": "LUF"},
    "west german": {"marks": "DEM"}, "german": {"marks": "DEM"}, "finnish": {"marks": "FIM"},
    "irish": {"GBP": "IEP"}, "egyptian": {"GBP": "EGP"}, "british": {"GBP": "GBP"},
    "swedish": {"crowns": "SEK"}, "danish": {"crowns": "DKK", "kroner": "DKK"}, "norwegian": {"crowns": "NOK", "kroner": "NOK"},
    "mexican": {"pesos": "MXN"}, "philippine": {"pesos": "PHP"}, "chilean": {"pesos": "CLP"}, "colombian": {"pesos": "COP"},
    "argentine": {"pesos": "ARS"}, "italian": {"lire": "ITL"}, "dutch": {"guilders": "NLG"}, "saudi": {"riyals": "SAR"},
    "qatari": {"riyals": "QAR"}, "kuwaiti": {"dinars": "KWD"}, "pakistani": {"INR": "PKR"}, "kenyan": {"shillings": "KES"},
}
_SUBUNIT = {"cents": ("USD", 0.01), "cent": ("USD", 0.01), "cts": ("USD", 0.01), "ct": ("USD", 0.01),
            "pence": ("GBP", 0.01), "p": ("GBP", 0.01)}
_MEASURE = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "miles": "mi",
    "mile": "mi", "metres": "m", "meters": "m", "metre": "m", "meter": "m", "feet": "ft", "foot": "ft", "ft": "ft",
    "inches": "in", "inch": "in", "yards": "yd", "kg": "kg", "kilos": "kg", "kilograms": "kg", "kilogrammes": "kg",
    "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "lb": "lb", "lbs": "lb", "ounces": "oz", "oz": "oz",
    "barrels": "bbl", "barrel": "bbl", "bpd": "bbl/day", "bushels": "bu", "acres": "acre", "hectares": "ha",
    "degrees": "degrees", "litres": "l", "liters": "l", "gallons": "gal", "mph": "mph", "mw": "MW",
    "megawatts": "MW", "gigawatts": "GW", "calories": "kcal",
}
_TIME_UNITS = {
    "year": "years", "years": "years", "month": "months", "months": "months", "week": "weeks", "weeks": "weeks",
    "day": "days", "days": "days", "night": "nights", "nights": "nights", "hour": "hours", "hours": "hours",
    "minute": "minutes", "minutes": "minutes", "decade": "decades", "decades": "decades", "seconds": "seconds",
    # newswire's abbreviations: "in the 12 mths to March", "3 yrs"
    "mth": "months", "mths": "months", "yr": "years", "yrs": "years", "wk": "weeks", "wks": "weeks", "hr": "hours",
    "hrs": "hours",
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

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
    if tok in _CURRENCY_WORD and not (tok.startswith("pound") and label == "QUANTITY"):
        return "money", _CURRENCY_WORD[tok], 1.0, 1
    national = _national_currency(tokens)
    if national:
        return "money", *national
    if tok.startswith("pound") and label == "QUANTITY":
        return "measure", "lb", 1.0, 1
    if tok in _MEASURE:
        used = 1
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
    u_kind, u_unit, u_mult, used = _unit(rest, label)
    if u_kind:
        kind = kind or u_kind
        unit = unit or u_unit
        mult = u_mult
        rest = rest[used:]
    kind = kind or _kind_for_label(label)
    per = _per_time(rest)
    if per and kind in ("money", "measure") and unit and "/" not in unit:
        unit = f"{unit}/{per[0]}"  # "150,000 barrels per day" is bbl/day, as "150,000 bpd" is
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


# ---- finding quantities in a parsed sentence ------------------------------------------------------
QUANTITY_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME"})
_UNIT_WORDS = frozenset(_PERCENT) | frozenset(_CURRENCY_WORD) | frozenset(_MEASURE) | frozenset(_SUBUNIT) - {"p"} | {
    "mln", "bln", "bn", "billion", "million", "trillion", "thousand", "times", "per", "cent", "percentage"}
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
_PRECISE_SIG_DIGITS = 4
_LIGHT_VERBS = frozenset({None, "be", "have", "include", "make", "get", "take", "give", "become", "do", "see", "reach"})
_NOT_COUNTED = frozenset({"number", "one", "ones", "time", "times", "way", "thing", "things"})
_MODIFIER_WORDS = tuple(p.split() for p in MODIFIERS + ("between", "from"))


#: a score ("3-1", "28-17": the larger first), a clock time ("9.30am", "10:15"), a season or dated name ("1998/99", "9/11")
_SCORE = re.compile(r"\d{1,3}\s?[-\u2013]\s?\d{1,3}")
#: time zones after a wire's clock time ("by 1200 GMT")
_ZONES = frozenset({"GMT", "UTC", "BST", "CET", "EST", "EDT", "CST", "CDT", "PST", "PDT", "JST", "HKT"})
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)", re.I)
_SLASHED = re.compile(r"(?:1[89]|20)\d\d/\d\d(?:\d\d)?|\d{1,2}/\d{1,2}")


@dataclass
class Found:
    """A quantity as found in its sentence, with what :func:`mark_inconsistent` compares."""

    quantity: Quantity
    key: str | None  # normalised form of what it counts
    verb: str | None  # lemma of the verb that governs it
    argument: bool = False  # subject or object of that verb (not "in seven cases")
    sentence: int = -1  # start of its sentence
    context: str = ""  # its sentence


def find_quantities(sent, entities=None) -> list[Found]:
    """Every quantity in the spaCy sentence span `sent`, normalised, in text order.

    `entities` is the document's entity list when the caller has it (saves re-reading ``doc.ents``)."""
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
        taken.update(range(ent.start, ent.end))
        date = _day_of_month(ent[0], sent) if ent.label_ == "CARDINAL" and len(ent) == 1 else None
        if date:  # "effective Feb 26", "QTR ENDED JAN 31": spaCy missed the date the day belongs to
            spans.append((*date, "DATE"))
            taken.update(range(*date))
            continue
        if ent.label_ == "CARDINAL" and (_part_of_name(ent[0]) or _number_sign(ent[0]) or _number_as_name(ent[0])
                                         or _named_after_owner(ent[0])) \
                or ent.label_ in QUANTITY_LABELS and _starts_a_name(ent[0]):  # spaCy: "Nine Mile Unit" MONEY
            continue  # "Boeing 737-800", "No 10 said", "a 311 helpline": a name, not an amount
        label = _not_a_date(ent) if ent.label_ in QUANTITY_LABELS else ent.label_
        if ent.label_ in QUANTITY_LABELS and (label != ent.label_ or _keep_entity(ent)):
            spans.extend((a, b, label) for a, b, _ in _split_change(ent))
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
        start, end = _widen(sent, max(start, last_end), end, label)
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
        last_end = end
        span = doc[start:end]
        if _CLOCK.fullmatch(span.text) or (end < sent.end and doc[end].lower_ in ("am", "pm", "a.m.", "p.m.")) \
                or (re.fullmatch(r"[0-2]\d[0-5]\d", span.text) and end < sent.end and doc[end].text in _ZONES):
            continue  # "at 9.30am", "by 1200 GMT": a time of day, not an amount
        if re.fullmatch(r"[1-9]0", span.text) and end < sent.end and doc[end].lower_ in ("'s", "\u2019s", "s") \
                and not doc[end - 1].whitespace_:
            continue  # "in her 50's": an age, not an amount
        slashed = _SLASHED.fullmatch(span.text) and not is_figure_fraction(span.text)
        norm = Normalised("date") if slashed else normalise(span.text, label)
        if norm.kind == "number" and start > sent.start and doc[start - 1].lower_ == "aged":
            norm = Normalised("age", norm.value, norm.lower, norm.upper, "years")  # "the man, aged 31,"
        elif norm.kind == "number" and _age_after_name(doc, start, end, sent):
            norm = Normalised("age", norm.value, None, None, "years")  # "Richard Scrushy, 52, is accused", "Smith (52)"
        if end < sent.end and doc[end].lower_ == "m" and not doc[end - 1].whitespace_ and span.text.replace(",", "").isdigit() \
                and not (end + 1 < sent.end and doc[end + 1].lower_ in _CURRENCY_WORD):  # "400m pesos": millions
            end += 1  # "the 400m title", "over 3,000m": metres (millions took the "m" in _widen when meant)
            span = doc[start:end]
            norm = Normalised("measure", norm.value, unit="m")
            last_end = end
        if _SCORE.fullmatch(span.text) and norm.value is None and norm.lower is None and norm.upper is None:
            continue  # "won 28-17", "a 2-1 decision": a score (normalise reads "18-24" as a range)
        if norm.kind == "time" and (label != "TIME" or not any(c.isdigit() for c in span.text)):
            continue  # "this morning": a time of day in words says no amount
        if norm.kind not in ("date", "time") and norm.value is None and norm.lower is None and norm.upper is None:
            continue  # no number could be read: "🤡" taken for a CARDINAL, "in her 50's" (an age)
        if norm.value is not None and norm.value < 1 and is_figure_fraction(doc[end - 1].text) and end < sent.end \
                and doc[end].lower_ == "of":
            norm = Normalised("percent", norm.value, norm.lower, norm.upper, "%")  # "3/4 of voters": a share, as "three quarters of"
        counts, key, verb, argument = _counts(span) if norm.kind in ("number", "count", "percent") and norm.unit != "points" \
            else (None, None, None, False)  # "half a point" counts no point
        kind = "count" if norm.kind == "number" and counts else norm.kind
        q = Quantity(span.start_char, span.end_char, span.text, kind, _tidy(norm.value), _tidy(norm.lower), _tidy(norm.upper),
                     norm.unit, counts)
        found.append(Found(q, key, verb, argument, sent.start_char, sent.text))
    return found


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


def is_statistic(q: Quantity) -> bool:
    """Whether a quantity asserts an amount (a count, share, sum, measure), not a date, a time or an
    age ("a 31-year-old man"), nor a "one" or "two" in words ("for one reason", "the two candidates met")."""
    if q.kind == "count" and (q.value if q.value is not None else q.upper) in (1, 2) and not any(c.isdigit() for c in q.text):
        return False  # "one or two of them" too
    return q.kind not in ("date", "time", "age") and (q.value is not None or q.lower is not None or q.upper is not None)


def _tidy(value: float | None) -> float | None:
    """12 significant digits: 35 * 0.01 is 0.35, not 0.35000000000000003."""
    if value is None or not math.isfinite(value):
        return None  # "999...9" (310 digits) overflows to infinity: no value, and no "Infinity" in JSON
    return float(f"{value:.12g}")


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
    return bool(re.fullmatch(r"[-\u2212]?[$£€¥]?\d[\d,.]*(?:bn|m|k|mln|s|%)?", text, re.I))  # "-5", "−3.2"


def _part_of_name(tok) -> bool:
    """'Doom 3', 'Halo 2', 'Route 91': a number that belongs to a proper name."""
    if tok.i == 0:
        return False
    doc = tok.doc
    prev = doc[tok.i - 1]
    code = not tok.whitespace_ and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].text[:1].isdigit()
    return prev.pos_ == "PROPN" and prev.lower_ not in _MONTHS and (
        tok.head.i == prev.i or prev.head.i == tok.i or code)  # "Boeing 737-800": a model, not a range


#: entities a number can begin or be ("Seven Oaks International Inc", "Three Mile Island"); not a person
#: or a people ("two Kennedys", "Fifteen Palestinians" are counts)
_NAME_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LOC", "GPE"})
_CORPORATE = frozenset({"inc", "corp", "co", "cos", "ltd", "plc", "llc", "ag", "nv", "sa", "bhd", "corporation", "group",
                        "holdings"})


def _starts_a_name(tok) -> bool:
    """'Seven Oaks International Inc', 'Three Mile Island', 'Seven-Up Co': a number that the parse
    attaches inside the name right after it (or, written as a capitalised word, inside the proper
    nouns after it) is the name's first word, unless the name itself modifies a noun ("Two Goldman Sachs
    traders", "Twenty Airbus A320s" count traders and planes; "Fifteen Palestinians" counts people)."""
    doc, i, head = tok.doc, tok.i, tok.head
    if re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", tok.text):
        return False  # "the 2003 World Cup final": a year
    if i + 1 >= len(doc) or head.i <= i or head.pos_ != "PROPN" \
            or doc[i + 1].lower_ in _UNIT_WORDS and not doc[i + 1].text.istitle():
        return False  # "31 cts a share": spaCy's ORG, but a unit ("Three Mile Island" is a name)
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "PROPN":
        head = head.head  # "Seven Oaks International Inc": up to the name's last word
    if head.lower_ in _UNIT_WORDS:
        return False  # "Five Dollars"
    corporate = any(t.lower_.rstrip(".") in _CORPORATE for t in doc[i + 1 : head.i + 1])
    if head.dep_ in ("compound", "amod", "nmod", "nummod") and not corporate:
        return False  # "Seven Oaks International Inc shares": a company's name all the same
    if doc[i + 1].ent_iob_ == "B" and doc[i + 1].ent_type_ in _NAME_LABELS:
        end = i + 2
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return head.i < end
    return tok.lower_ in _SMALL and tok.text.istitle() and head.ent_type_ not in ("PERSON", "NORP") \
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() or t.text == "-" for t in doc[i + 1 : head.i + 1])


def _named_after_owner(tok) -> bool:
    """'Porsche's 911', 'Boeing's 747': a bare number after a name's possessive that counts nothing is
    a model's name ("Ford's 3,000 workers", "Britain's 100 biggest companies" count)."""
    doc, i = tok.doc, tok.i
    if i < 2 or not re.fullmatch(r"\d{2,4}s?", tok.text) or doc[i - 1].tag_ != "POS" or doc[i - 2].pos_ != "PROPN":
        return False
    return not (tok.dep_ == "nummod" and tok.head.i > i)


def _month(tok) -> bool:
    """'Jan', 'JAN', 'March' (capitalised: "may" is a verb)."""
    return tok.lower_.rstrip(".") in _MONTHS and tok.text[:1].isupper() and (tok.lower_ != "may" or tok.pos_ == "PROPN")


def _day_of_month(tok, sent) -> tuple[int, int] | None:
    """The tokens of the date that `tok` is the day of ("Feb 26", "March 31, 1987", "31 March 1987"),
    or None: a whole number from 1 to 31 right after or before a month's name counts nothing."""
    if not re.fullmatch(r"\d{1,2}", tok.text) or not 1 <= int(tok.text) <= 31:
        return None
    doc, i = tok.doc, tok.i
    if i > sent.start and _month(doc[i - 1]):
        start, end = i - 1, i + 1
    elif i + 1 < sent.end and _month(doc[i + 1]):
        start, end = i, i + 2
    else:
        return None
    comma = end < sent.end and doc[end].text == ","
    year = end + comma
    if year < sent.end and re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", doc[year].text):
        end = year + 1  # "March 31, 1987"
    return start, end


def _number_sign(tok) -> bool:
    """'No 10', 'No. 1 seed': a number after the number sign names something."""
    doc, i = tok.doc, tok.i
    before = doc[i - 2].text + doc[i - 1].text if i > 1 and doc[i - 1].text == "." and not doc[i - 2].whitespace_ else \
        doc[i - 1].text if i else ""
    return before in ("No", "No.", "Nos", "Nos.", "#") and tok.text[:1].isdigit()


#: nouns a number names ("a 311 helpline", "the 101 freeway", "a 911 call"), and words it follows as
#: a name ("call 911", "dial 999", "Route 66", "Interstate 95")
_NAMED_BY_NUMBER = frozenset({"helpline", "hotline", "line", "number", "call", "freeway", "highway", "motorway", "expressway"})
_NAMING_WORDS = frozenset({"call", "called", "calling", "dial", "dialled", "dialed", "dialling", "dialing", "phone", "ring",
                           "route", "interstate", "highway", "freeway", "motorway"})


def _number_as_name(tok) -> bool:
    """'a 311 helpline', 'call 911', 'Route 66', 'the 101 freeway': a number that names a line or a
    road, not an amount ("call 100 witnesses" is still one)."""
    if not re.fullmatch(r"\d{1,5}", tok.text):
        return False
    doc, i = tok.doc, tok.i
    if i + 1 < len(doc) and doc[i + 1].lower_ in _NAMED_BY_NUMBER:
        # "a 311 helpline", "a 311 helpline number"; not "200 call handlers", "12 helpline services": there
        # the number counts a noun further on
        counted = tok.head if tok.dep_ == "nummod" else None
        return counted is None or counted.i <= i + 1 or counted.lower_ in _NAMED_BY_NUMBER
    counts_after = tok.dep_ == "nummod" and tok.head.i > i  # "call 100 witnesses", "highway 20 miles north"
    return i > 0 and doc[i - 1].lower_ in _NAMING_WORDS and not counts_after


def _age_after_name(doc, start: int, end: int, sent) -> bool:
    """'Richard Scrushy, 52, is accused', 'Mr Ebbers, 63,', 'Smith (52) said': a whole number from 1 to
    120 set off by commas or brackets right after a person's name is the person's age."""
    if end - start != 1 or not re.fullmatch(r"\d{1,3}", doc[start].text) or not 1 <= int(doc[start].text) <= 120:
        return False
    if start - 2 < sent.start or end >= sent.end:
        return False
    before, name, after = doc[start - 1].text, doc[start - 2], doc[end].text
    return (before, after) in ((",", ","), ("(", ")")) and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN" and name.is_title)


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
    per = _per_time([t.lower_ for t in doc[end : min(end + 3, sent.end)]])
    if per and any(t.lower_ in _RATE_UNITS or t.text in _CURRENCY_SIGN for t in doc[start:end]):
        end += per[1]  # "150,000 barrels a day", "50 mln dlrs per year"
    if end < sent.end and doc[end].lower_ == "or" and end + 1 < sent.end and doc[end + 1].lower_ in ("more", "less", "fewer"):
        end += 2
    return start, end


#: the units a rate in time keeps ("150,000 barrels per day", "50 mln dlrs a year"); not a share ("5 pct a year")
_RATE_UNITS = frozenset(_MEASURE) | frozenset(_CURRENCY_WORD) | frozenset(_SUBUNIT) - {"p"}
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
        if prev.head.i == noun.i and prev.dep_ in ("compound", "amod", "nmod") and prev.pos_ in ("NOUN", "PROPN", "ADJ"):
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
