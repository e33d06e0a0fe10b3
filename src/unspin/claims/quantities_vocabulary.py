"""The words of quantities, shared by the normaliser, the finder and the checks on what a number names.

Number words and scales ("twelve", "million", "bn"), vague amounts ("a handful", "dozens"), the
modifiers that bound a figure ("more than", "under", "nearly", "about"), the units of percentages,
money and measures, and the names of months and weekdays.
"""

from __future__ import annotations

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
    "degrees": "degrees", "litres": "l", "liters": "l", "gallons": "gal", "mph": "mph", "km/h": "km/h", "kph": "km/h", "kmh": "km/h",
    "mw": "MW",
    "megawatts": "MW", "gigawatts": "GW", "calories": "kcal",
}
#: the measure a price is per ("150 dlrs a tonne", "1.20 dlrs per bushel", "50 cts a barrel", "cents per pound")
_PER_MEASURE = {
    "tonne": "t", "ton": "t", "barrel": "bbl", "bushel": "bu", "ounce": "oz", "oz": "oz", "pound": "lb", "lb": "lb",
    "kg": "kg", "kilo": "kg", "kilogram": "kg", "gallon": "gal", "litre": "l", "liter": "l", "acre": "acre",
    "hectare": "ha", "mile": "mi", "km": "km", "metre": "m", "meter": "m", "foot": "ft", "mw": "MW", "megawatt": "MW",
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
#: the words of a unit or scale after a number ("pct", "dlrs", "mln", "per cent")
_UNIT_WORDS = frozenset(_PERCENT) | frozenset(_CURRENCY_WORD) | frozenset(_MEASURE) | frozenset(_SUBUNIT) - {"p"} | {
    "mln", "bln", "bn", "billion", "million", "trillion", "thousand", "times", "per", "cent", "percentage"}
