"""Numbers that are not amounts: a number that names something ("Boeing 737", "No 10", "a 311
helpline", "Three Mile Island"), the day of a date ("Feb 26"), and a person's age after their name
("Richard Scrushy, 52,")."""

from __future__ import annotations

import re

from .quantities_vocabulary import _MONTHS, _SMALL, _UNIT_WORDS


def _part_of_name(tok) -> bool:
    """'Doom 3', 'Halo 2', 'Route 91': a number that belongs to a proper name; 'FOX 5 DC', 'KTLA 5 News': a
    channel's number after a station's call letters, on the name's next word (not in a shouted headline)."""
    if tok.i == 0:
        return False
    doc = tok.doc
    prev = doc[tok.i - 1]
    code = not tok.whitespace_ and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].text[:1].isdigit()
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    inside = nxt is not None and tok.head.i == nxt.i and nxt.pos_ == "PROPN" and nxt.tag_ != "NNPS" \
        and nxt.text[:1].isupper() and len(prev.text) >= 2 and prev.text.isupper() \
        and re.fullmatch(r"\d{1,2}", tok.text) is not None and any(t.is_lower for t in tok.sent)
    return prev.pos_ == "PROPN" and prev.lower_ not in _MONTHS and (
        tok.head.i == prev.i or prev.head.i == tok.i or code or inside)  # "Boeing 737-800": a model, not a range


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


#: a video's resolution, in lines: "1080p", "720p", "1080i"
_VIDEO_LINES = re.compile(r"(?:240|360|480|576|720|1080|1440|2160|4320)[pi]", re.I)
#: words that say a sentence is about video, where "1080p" is lines and not pence
_VIDEO_WORDS = frozenset("""video videos stream streams streaming streamed hd tv tvs television televisions camera cameras
screen screens resolution display displays monitor monitors footage broadcast broadcasts pixels youtube film films movie
movies console consoles""".split())
#: nouns whose title a number can be, right after them ("the band's new album 3p", "flight 370")
_TITLED_NOUNS = frozenset("album single song track film movie episode series season game model version edition flight".split())


def _video_lines(tok) -> bool:
    """'1080p' in a sentence about video: its lines, not 10.80 pounds ("Shares fell 3p to 1080p" is pence)."""
    return bool(_VIDEO_LINES.fullmatch(tok.text)) and any(t.lower_ in _VIDEO_WORDS for t in tok.sent)


def _number_as_name(tok) -> bool:
    """'a 311 helpline', 'call 911', 'Route 66', 'the 101 freeway': a number that names a line or a
    road, not an amount ("call 100 witnesses" is still one); a video's lines ("streams in 1080p"); a
    title right after the noun it names ("the band's new album 3p sold"; not "dividend 1.4p", "rose 4p")."""
    doc, i = tok.doc, tok.i
    if _video_lines(tok):
        return True
    if i > 0 and doc[i - 1].lower_ in _TITLED_NOUNS and tok.text[:1].isdigit() and tok.ent_type_ != "MONEY" \
            and not (i + 1 < len(doc) and doc[i + 1].lower_ in _NAMED_BY_NUMBER):
        return True
    if not re.fullmatch(r"\d{1,5}", tok.text):
        return False
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
