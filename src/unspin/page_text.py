"""The story's text as a saved page gives it, around trafilatura's extraction: the page prepared
for it (photo captions and data tables made paragraphs, hidden text left out), and what its text
then needs (paragraphs from JSON-LD, the furniture lines a page wraps around a story left out, the
headline and authors the page states, its summary box's points, where its captions are).

:func:`unspin.inputs.from_html` calls these; :mod:`unspin.page_blocks` reads the page's blocks
(data tables, summary boxes, what surrounds the story).
"""

from __future__ import annotations

import bisect
import itertools
import re

from . import page_blocks


_JSON_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)


def _paragraphs_from_json_ld(text: str, html: str) -> str:
    """The article body as the page's structured data (JSON-LD ``articleBody``) gives it, with its
    paragraph breaks, when the extracted text is that body run into one line: trafilatura's last
    resort reads it with every line break collapsed, so a page whose text is only there had become
    one paragraph. Anything else is left as extracted."""
    if "\n" in text.strip() or "articleBody" not in html:
        return text
    import html as _html
    import json

    flat = " ".join(text.split())
    for block in _JSON_LD.findall(html):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and "<" in body:  # many CMSs put the body's HTML there: its blocks are the paragraphs
                    body = _html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"(?i)</(?:p|div|h[1-6]|li|blockquote)\s*>|<br\s*/?>", "\n", body)))
                if isinstance(body, str) and " ".join(body.split()) == flat:
                    paragraphs = [" ".join(p.split()) for p in re.split(r"\s*\n\s*", body)]
                    return "\n".join(p for p in paragraphs if p)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return text


#: lines of page furniture that extraction lets through, matched whole: a link to the rest of the
#: story, the line an ad breaks the story at ("Story Continued Below", "Advertisement - Continue
#: Reading Below"), an ad label, a copyright line, a wire agency's standards link (links to other
#: stories: _LINK_LINE). trafilatura drops such a line only by its markup (a link alone in its
#: paragraph, a class naming an ad): as text, in a <p> or <strong>, it is kept
_FURNITURE = re.compile(r"(?:(?:advertisement\W+)?(?:read more|read the full (?:story|article)|"
                        r"continue reading(?: the main story| below| after (?:the |this )?(?:advertisement|ad))?|"
                        r"(?:the )?(?:story|article) continue[sd]? below(?: (?:the |this )?(?:advertisement|ad))?)|"
                        r"advertisement|"
                        r"(?:\u00a9|\(c\)|copyright\s*(?:\u00a9|\(c\)|\d{4})).{0,80}|all rights reserved\.?|"
                        r"our standards:.{0,80})\W*", re.I)
_READ_MORE = re.compile(r"\W*(?:read more|continue reading)\W*$", re.I)
#: a link to the rest of the story at the end of a paragraph, after its last sentence ("... in
#: March. Read more"); not the words of a sentence ("... they want to read more.")
_TRAILING_MORE = re.compile(r"(?<=[.!?\u2026\"\u201d\u2019)])\s+(?:read more|continue reading|(?:the )?story continues below)\W*$", re.I)
#: a line that links to another story: its label, a separator, the other story's headline
_LINK_LINE = re.compile(r"(read more(?: about)?|read also|also read|see also|more on this story|"
                        r"related(?: (?:stories|story|articles?|coverage|content|reading|news))?)\b"
                        r"\s*([:|\u2013\u2014\u00bb>]+|-(?=\s))?\s*(.{0,120})", re.I | re.S)


def _links_elsewhere(line: str) -> bool:
    """Whether `line` is a link to another story set in the text: "READ ALSO: <headline>", "ALSO
    READ | ...", "Related: ...", a label in capitals ("SEE ALSO Mayor denies ..."), or one with a
    headline after it, which has no full stop ("See also Mayor denies ...", "Read more about the
    by-elections"). Not a sentence: "Related charges were filed ...", "See also the council's
    statement on the count.", "Read more about it below."."""
    m = _LINK_LINE.fullmatch(line)
    if not m:
        return False
    label, separator, rest = m.groups()
    if separator or not rest:  # (a label on a line of its own heads the link below it)
        return True
    headline = not rest.rstrip("\"'\u201d\u2019)").endswith(".")
    if label.isupper():
        return headline or any(c.islower() for c in rest)
    if label.lower().startswith("related"):
        return False
    return headline and (label.lower() == "read more about" or rest[0].isupper() or rest[0] in "\"'\u201c\u2018")


def _without_furniture(text: str) -> str:
    """`text` without furniture lines (``_FURNITURE``; a copyright *notice*, not "Copyright law ...")
    or links to other stories (:func:`_links_elsewhere`), without the "Read more" that ends a
    paragraph (``_TRAILING_MORE``), and without teasers: a paragraph that
    ends in "Read more" and repeats another paragraph of the page, or the next paragraph cut short
    with an ellipsis; such text had been analysed twice."""
    lines = text.split("\n")
    flat = [" ".join(x.split()) for x in lines]
    ordered = sorted(set(flat))  # the lines a teaser's words start are found by bisection, not by a scan

    def starts_another(prefix: str, own: str) -> bool:
        for i in range(bisect.bisect_left(ordered, prefix), len(ordered)):
            other = ordered[i]
            if not other.startswith(prefix):
                return False
            if other != own:
                return True
        return False

    next_line = [""] * len(flat)  # the next non-empty line after each
    for k in range(len(flat) - 2, -1, -1):
        next_line[k] = flat[k + 1] or next_line[k + 1]
    kept: list[str] = []
    for k, line in enumerate(lines):
        if line.strip() and (_FURNITURE.fullmatch(line.strip()) or _links_elsewhere(flat[k])):
            continue
        read_more, cut = bool(_READ_MORE.search(line)), flat[k].endswith(("...", "\u2026"))
        teaser = " ".join(_READ_MORE.sub("", line).split()).rstrip(".\u2026") if read_more or cut else ""
        if len(teaser.split()) >= 8:  # (only such lines are compared with the others: a page may have thousands)
            following = next_line[k]
            if read_more and starts_another(teaser, flat[k]) \
                    or cut and following.startswith(teaser) and len(following) > len(flat[k]):
                continue
        trailing = _TRAILING_MORE.search(line)
        kept.append(line[: trailing.start()] if trailing else line)
    out = "\n".join(kept)
    return out if out.strip() else text


def _parse_html(html: str):
    """`html` as an lxml tree, without libxml2's limit of 256 nested elements."""
    import lxml.html

    return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))


def _too_deep(html: str) -> bool:
    """Whether libxml2, parsing `html` as trafilatura does, stops at its limit of 256 nested elements
    (and drops all that follows)."""
    if html.count("<") < 256:
        return False
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # left to trafilatura, which reports it
        return False
    return any("Excessive depth" in e.message for e in parser.error_log)


class _Tree:
    """A page's lxml tree for reading its headline and bylines: the one :func:`_prepare_page` made,
    or parsed once when something reads it (None: lxml cannot parse the page)."""

    def __init__(self, html: str, tree=None):
        self.html = html
        self._tree = tree if tree is not None else False

    def get(self):
        if self._tree is False:
            try:
                self._tree = _parse_html(self.html)
            except Exception:  # lxml raises several kinds on hostile markup
                self._tree = None
        return self._tree


_REL_AUTHOR = re.compile(r"""rel\s*=\s*["']?author""", re.I)


def _all_authors(page: _Tree, author: str) -> str:
    """`author` (trafilatura's, which keeps the first of several bylines) and the page's other
    ``rel="author"`` links when it is one of them: "Martin Holt; Sophie Dupont"."""
    tree = page.get() if _REL_AUTHOR.search(page.html) else None
    if tree is None:
        return author
    names = list(dict.fromkeys(" ".join(a.text_content().split()) for a in tree.iter("a")
                               if "author" in (a.get("rel") or "").lower().split()))
    names = [n for n in names if 0 < len(n) <= 80]
    return "; ".join(names) if author in names and len(names) > 1 else author


#: a byline that is its own element, with the author's role or desk on the lines after the name
_BYLINE = re.compile(r"byline|author", re.I)
_BY = re.compile(r"^\s*by\s+", re.I)
#: a byline's line that is a role or a desk, not a second author ("By Tom Jones<br>and Ann Lee" is two)
_ROLE = re.compile(r"\b(?:reporter|correspondent|editor|writer|journalist|columnist|contributor|analyst|producer|"
                   r"presenter|staff|news|chief|bureau|desk|team|agency)s?\b", re.I)
#: a byline's line that names a person, with "and" before it and a role after a comma maybe
#: ("and Ann Lee", "Ann Lee, Chief Reporter"): capitalised words, and the particles of names
_NAMED = re.compile(r"(?:(?:and|&)\s+)?(?P<name>[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|da|di|van|von|der|"
                    r"le|la|bin|al)){1,4})(?:\s*,\s*(?P<role>.+))?")


def _byline_lines(el) -> list[str]:
    """A byline element's lines: its text between <br>s, or else its child elements' texts when the
    element holds nothing but them (``<span>By Jane Smith</span><span>Political correspondent</span>``)."""
    if el.find(".//br") is not None:
        lines, line = [], [el.text or ""]
        for node in el.iterdescendants():
            if node.tag == "br":
                lines.append("".join(line))
                line = []
            elif isinstance(node.tag, str):
                line.append(node.text or "")
            line.append(node.tail or "")
        lines.append("".join(line))
    elif len(el) >= 2 and not (el.text or "").strip() and not any((c.tail or "").strip() for c in el):
        lines = [c.text_content() for c in el]
    else:
        return []
    return [" ".join(x.split()) for x in lines if x.strip()]


#: what is left out where a byline's lines are matched to the author trafilatura read from them (it
#: drops the "and" between two names)
_FLAT = re.compile(r"\W+|\band\b", re.I)


def _byline_name(page: _Tree, author: str) -> str:
    """The author's name where the page's byline gives a role on the next line: trafilatura runs
    ``<p class="byline">By Tom Jones<br>Business reporter, BBC News</p>`` together as "Tom Jones
    Business reporter; BBC News". The name is the byline's first line (less "By"), when the
    byline's lines make up `author` word for word and each line after it names a role or a desk
    (its words before a comma hold one: not "Ann Lee, BBC News") or a second author, whose role
    after a comma is dropped as well ("Ann Lee, Chief Reporter": "Tom Jones; Ann Lee"); any other
    `author` is left as it is."""
    if not _BYLINE.search(page.html):
        return author
    tree = page.get()
    if tree is None:
        return author
    flat = _FLAT.sub("", author).casefold()
    for el in itertools.islice(tree.iter(), 20000):
        if not isinstance(el.tag, str) or not _BYLINE.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            continue
        lines = _byline_lines(el)
        if len(lines) < 2 or _FLAT.sub("", _BY.sub("", " ".join(lines))).casefold() != flat:
            continue
        first = _BY.sub("", lines[0]).strip(" ,;")
        names = [_person(first) or first]
        for line in lines[1:]:
            if _ROLE.search(line.split(",")[0]):
                continue  # "Business reporter, BBC News", "Chief Reporter", "BBC News"
            name = _person(line)
            if not name:
                return author
            names.append(name)
        return "; ".join(n for n in names if n) or author
    return author


def _person(line: str) -> str | None:
    """The name of a byline's line that names a person ("and Ann Lee", "Ann Lee, Chief Reporter":
    "Ann Lee"), whose words after a comma, if any, are a role; else None."""
    m = _NAMED.fullmatch(line.strip(" ,;"))
    if not m or _ROLE.search(m.group("name")) or m.group("role") and not _ROLE.search(m.group("role")):
        return None
    return m.group("name")


#: what parts a page's <title> into the story's headline and the site's name ("... - BBC News")
_TITLE_PARTS = re.compile(r"\s+[-|\u2013\u2014:\u00b7]\s+")


def _site_from_title(html: str, headline: str | None) -> str | None:
    """The site's name that a page's ``<title>`` adds to its headline ("Court rejects $280bn tobacco
    case - BBC News"; "BBC NEWS | Business | Court rejects ..."): the part farthest from the headline,
    of at most five words, when the page names its site nowhere else (trafilatura's sitename). A
    title that puts one part before the headline names no site: that part is the story's kicker or
    section ("Analysis - Why the pound fell", "Opinion | Why we must act"); a site goes first only
    above its section."""
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:200000], re.I | re.S)
    if not m or not headline:
        return None
    import html as _html

    title, head = " ".join(_html.unescape(m.group(1)).split()), " ".join(headline.split())
    at = title.find(head)
    if not head or at < 0:
        return None
    before, after = title[:at], title[at + len(head):]
    if after.strip() and _TITLE_PARTS.match(after) and not before.strip():
        site = _TITLE_PARTS.split(after)[-1]
    elif before.strip() and _TITLE_PARTS.search(before[-4:] if len(before) >= 4 else before) and not after.strip():
        parts = [x for x in _TITLE_PARTS.split(before) if x.strip()]
        if len(parts) < 2:
            return None
        site = parts[0]
    else:
        return None
    site = site.strip()
    return site if site and len(site.split()) <= 5 and len(site) <= 60 else None


#: a line that is nothing but a date stamp: "Friday, 4 February 2005, 18:22 GMT", "Updated: March 3, 2021"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATE_LINE = re.compile(
    r"(?:(?:published|updated|last updated|posted)\s*:?\s*)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3,9})\.?,?|(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)"
    r"\s+(?P<y>\d{4})(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\s*", re.I)


#: how many of a text's first lines (not counting blank ones) a page's date stamp may lie among:
#: the headline, a kicker, the byline and its role come before it
_DATE_STAMP_LINES = 5


def _without_date_line(text: str, date: str | None) -> str:
    """`text` without the line that is only the page's date stamp, the date read into ``meta["date"]``
    ("Friday, 4 February 2005, 18:22 GMT" for 2005-02-04): the page's furniture, not the story's
    words. Only the first such line among the text's first five is left out: a date line that is not
    the page's date stays, and so does the page's date as a line further down (a timeline's subhead)."""
    if not date or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date[:10]):
        return text
    lines = text.split("\n")
    seen = 0
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _DATE_STAMP_LINES:
            break
        m = _DATE_LINE.fullmatch(line.strip())
        if m:
            month = (m.group("m1") or m.group("m2")).casefold()
            number = next((i + 1 for i, name in enumerate(_MONTHS) if name.startswith(month[:3]) and name.startswith(month)), 0)
            if number and f"{m.group('y')}-{number:02d}-{int(m.group('d1') or m.group('d2')):02d}" == date[:10]:
                out = "\n".join(lines[:k] + lines[k + 1:])
                return out if out.strip() else text
    return text


_H1 = re.compile(r"<h1[\s>]", re.I)


#: what an <h1> that is not the story's headline sits in, or is marked as: the site's name, a
#: breaking-news strip
_NOT_HEADLINE = re.compile(r"logo|brand|site-?(?:title|name)|masthead|breaking|ticker|banner", re.I)


def _page_headline(page: _Tree, title: str | None, site: str | None) -> str | None:
    """The headline a reader sees: an ``<h1>`` of the story, else the title in the page's metadata
    (og:title or ``<title>`` less the site's name, as trafilatura reads it) of at least three words.

    An ``<h1>`` counts when it has four words or more and is not the site's name or a strip above
    the story: not inside ``nav``, ``aside`` or ``footer``, nor in a ``header`` outside the article,
    nor marked as a logo, masthead or breaking-news strip; of several, the one that shares most
    words with the metadata title (an SEO title often differs), else the first."""
    meta_title = " ".join((title or "").split())
    candidates: list[str] = []
    tree = page.get() if _H1.search(page.html) else None
    if tree is not None:
        for h in itertools.islice(tree.iter("h1"), 10):  # (a hostile page may hold thousands)
            text = " ".join(" ".join(h.itertext()).split())  # "Song swappers get<br>jail": two words, not "getjail"
            outer = [a for a in h.iterancestors() if isinstance(a.tag, str)]
            in_story = any(a.tag in ("article", "main") for a in outer)
            if len(text.split()) < 4 or len(text) > 200 or text == site or (site and text.casefold() in site.casefold()):
                continue
            if any(a.tag in ("nav", "aside", "footer") or a.tag == "header" and not in_story for a in outer):
                continue
            if any(_NOT_HEADLINE.search(f"{e.get('class') or ''} {e.get('id') or ''}") for e in [h, *outer[:3]]):
                continue
            candidates.append(text)
    if candidates:
        words = set(meta_title.casefold().split())
        return max(candidates, key=lambda c: len(words & set(c.casefold().split())) / len(set(c.casefold().split())))
    return meta_title if len(meta_title.split()) >= 3 and len(meta_title) <= 200 and meta_title != site else None


def _with_key_points(text: str, points: list[str]) -> str:
    """`text` with the points of its summary box as paragraphs after the headline (before the body,
    as the page shows them)."""
    if not points:
        return text
    head, blank, rest = text.partition("\n\n")
    if blank and "\n" not in head and rest.strip():
        return head + "\n\n" + "\n".join(points) + "\n" + rest
    return "\n".join(points) + "\n" + text


_CAPTION = re.compile(r"caption", re.I)
#: a header cell: the page may have a data table
_TABLE_HEAD = re.compile(r"<th[\s>]", re.I)
#: classes of text hidden from sight for screen readers ("Image caption, " before a BBC caption)
_HIDDEN = re.compile(r"\b(?:visually-?hidden|sr-only|screen-?reader-text|a11y-hidden|off-?screen)\b", re.I)
#: a <template>: its content is inert, never shown (a declarative shadow root's, ``shadowrootmode``, is)
_TEMPLATE = re.compile(r"<template[\s>/]", re.I)
#: elements a caption's text may be wrapped in and still be one paragraph
_INLINE = frozenset("a abbr b br cite em i mark q small span strong sub sup time u".split())


def _prepare_page(html: str):
    """`html` with its photo captions and data tables made plain paragraphs and its
    screen-reader-only text and ``<template>`` content removed, so that the extracted text is what a
    reader reads.

    A ``<template>`` holds markup for scripts to copy, which a browser never shows where it stands
    (trafilatura read it as the story's text: a comment form's or a card's placeholder lines); one
    with ``shadowrootmode`` is a declarative shadow root, which a browser shows, and is kept.

    trafilatura drops ``<figure>`` and ``<figcaption>``, and elements whose class or id names a
    caption (WordPress's ``wp-caption-text`` and ``caption-attachment-N``), as page furniture; but a
    caption is written by the newsroom, read as part of the story, and a favourite place for a
    loaded line ("Selfish strikers block the gates ..."). Each figure becomes a ``<div>``, and each
    caption element whose content is inline becomes a ``<p>`` without its class and id; its image
    credit ("caption-credit", "Photo: ...") is removed. A caption inside a link (a teaser card) or
    inside a related-stories, advertising or credit block is left to trafilatura, which drops it.

    Tables are left out of extraction (trafilatura's own table text broke pages laid out with
    tables), but a data table's numbers are the story's: each table that
    :func:`page_blocks.data_table_lines` reads as data (a header row, short cells, no layout)
    becomes a ``<div>`` of one ``<p>`` per row ("Party: Labour; Votes: 12,345; Share: 34%").
    Returns the page, the tree it parsed (None when it parsed none) and the text of each caption
    made a paragraph (so the text can say where its captions are). Pages without "caption",
    hidden text, a template or a header cell are returned untouched; a page lxml cannot parse is left to
    trafilatura as it is."""
    if not (_CAPTION.search(html) or _HIDDEN.search(html) or _TABLE_HEAD.search(html) or _TEMPLATE.search(html)):
        return html, None, []
    try:
        tree = _parse_html(html)
    except Exception:  # lxml raises several kinds on hostile markup; trafilatura reports them itself
        return html, None, []
    captions: list[str] = []
    hidden = [el for el in tree.iter() if isinstance(el.tag, str) and (_HIDDEN.search(el.get("class") or "") or (
        el.tag.lower() == "template" and el.get("shadowrootmode") is None and el.get("shadowroot") is None))]
    for el in hidden:
        el.drop_tree()  # keeps the text that follows it
    changed = bool(hidden)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        tag = el.tag.lower()
        caption = tag == "figcaption" or bool(_CAPTION.search(page_blocks.names(el)))
        if not (tag == "figure" or caption) or page_blocks.TEASERS.search(page_blocks.names(el)):
            continue
        if any(a.tag == "a" or page_blocks.TEASERS.search(page_blocks.names(a)) for a in el.iterancestors() if isinstance(a.tag, str)):
            continue
        if tag == "figure":
            el.tag = "div"
        else:
            for credit in [c for c in el.iterdescendants() if isinstance(c.tag, str) and re.search("credit", page_blocks.names(c), re.I)]:
                credit.drop_tree()
            if all(c.tag.lower() in _INLINE for c in el if isinstance(c.tag, str)):
                el.tag = "p"
                if len(captions) < _MAX_CAPTIONS:
                    captions.append(" ".join(page_blocks.flat(el, 2000).split()))
            el.attrib.pop("class", None)
            el.attrib.pop("id", None)
        changed = True
    if captions:  # a caption whose words the page also has elsewhere (the story repeats it) cannot be placed
        everything = " ".join(" ".join(tree.itertext()).split())
        captions = [c for c in captions if c and everything.count(c) == 1]
    changed = _tables_as_lines(tree) or changed
    if not changed:
        return html, tree, captions
    import lxml.html

    return lxml.html.tostring(tree, encoding="unicode"), tree, captions


#: captions a page's text marks (a hostile page may have a million)
_MAX_CAPTIONS = 200


def _caption_spans(text: str, captions: list[str]) -> list[list[int]]:
    """[start, end] of the line of `text` that is each of the page's `captions` (compared with their
    whitespace collapsed), in order; a caption that extraction dropped or merged, or whose words
    more than one line has, is not marked."""
    wanted = set(captions)
    found: dict[str, list[list[int]]] = {}
    for m in re.finditer(r"[^\n]+", text):
        line = " ".join(m.group().split())
        if line in wanted:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            found.setdefault(line, []).append([start, m.start() + len(m.group().rstrip())])
    return sorted(spans[0] for spans in found.values() if len(spans) == 1)


def _tables_as_lines(tree) -> bool:
    """Replace each data table of `tree` (of its first 100 tables) by a ``<div>`` of one ``<p>`` per
    line; whether any was."""
    import lxml.html

    changed = False
    for table in list(itertools.islice(tree.iter("table"), 100)):
        lines = page_blocks.data_table_lines(table)
        if not lines or table.getparent() is None:
            continue
        block = lxml.html.Element("div")
        for line in lines:
            lxml.html.etree.SubElement(block, "p").text = line
        block.tail = table.tail
        table.getparent().replace(table, block)
        changed = True
    return changed


def _copyright_year(date: str, html: str) -> bool:
    """Whether `date` is only a copyright notice's year: with nothing better, htmldate reads
    "© 2019 Example News" as 2019-01-01, a publication date the page never gave."""
    year, _, rest = date.partition("-")
    if rest != "01-01" or not year.isdigit() or date in html:  # a date the page states (meta, <time>) stays
        return False
    notice = rf"(?:©|&copy;|&#169;|\(c\)|copyright)\s*(?:\d{{4}}\s*(?:-|–|&ndash;)\s*)?{year}\b"
    return re.search(notice, html, re.I) is not None
