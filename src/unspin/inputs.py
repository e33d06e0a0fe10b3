"""Turning what a user hands us (a string, bytes, a file, an HTML page, a URL, stdin) into the exact
text that offsets index, plus metadata.

Plain text is kept exactly as decoded: offsets index the decoded string. HTML goes through
trafilatura's main-text extraction; the extracted text is what the Report carries.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import page_blocks
from .errors import BinaryInput, DecodingError, EmptyInput, InputTooLarge, NoArticleText, UnsupportedInput

#: the largest article unspin analyses (characters of text, after HTML extraction)
MAX_CHARS = 1_000_000
#: the largest raw input read (bytes of a file, an HTML page or a fetched body)
MAX_BYTES = 10_000_000

#: markup at the start (after a UTF-8 byte-order mark, an XML declaration, comments): a page or a fragment
_HTML_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|"
                         rb"article|main|section|header|div|p|h[1-6]|span|blockquote|figure|table|ul|ol)[\s>]", re.I | re.S)
#: a whole page's source (what `is_html_document` accepts): the doctype or <html> first
_HTML_DOCUMENT = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
#: an HTML tag anywhere (what `has_markup` finds): a known element's name, and attributes only as
#: name=value, so "x < y", "a<b and c>d" or "<3" are not tags; quoted values stop at < and > (linear)
_MARKUP_TAG = re.compile(
    r"</?(?:a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|font|footer|"
    r"h[1-6]|head|header|hr|html|i|iframe|img|li|link|main|meta|nav|ol|p|pre|q|s|script|section|small|span|strong|style|"
    r"sub|sup|table|tbody|td|th|thead|time|title|tr|u|ul)"
    r"""(?:\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+))*\s*/?>""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: characters that show nothing: a byte-order mark, zero-width spaces and joiners, the word joiner
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass
class Source:
    """Text ready to be parsed, with what we know about where it came from."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def check_size(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise InputTooLarge(
            f"the article is {len(text):,} characters long; unspin analyses at most {MAX_CHARS:,} "
            "characters per article (split it, or analyse it as a batch of parts)"
        )


def decode(data: bytes, *, name: str = "input", charset: str | None = None) -> str:
    """Decode bytes as UTF-8, refusing binary data with a clear message. Text that says what it is
    is read as it says: a UTF-16 byte-order mark, or `charset` (declared by an HTML page's <meta>
    or an HTTP Content-Type) when the bytes are not UTF-8."""
    if len(data) > MAX_BYTES:
        raise InputTooLarge(f"{name} is {len(data):,} bytes; unspin reads at most {MAX_BYTES:,} bytes per article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's byte-order mark; if it does not decode, the
        try:                                             # bytes get the errors below like any others
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text.strip():
            return text
    head = data[:4096]
    if b"\x00" in head or _looks_binary(head):
        raise BinaryInput(f"{name} is binary data, not text: unspin reads UTF-8 text or HTML")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if charset:
            try:
                return windows_1252(data) if _codec(charset) == "cp1252" else data.decode(_codec(charset))
            except (LookupError, UnicodeDecodeError):
                pass
        raise DecodingError(
            f"{name} is not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r}); "
            "convert it first, e.g. iconv -f cp1252 -t utf-8 (Windows Western text; -f latin1 for ISO-8859-1)"
        ) from None


#: labels a page declares for what browsers decode as Windows-1252 (the WHATWG Encoding Standard):
#: pages labelled ISO-8859-1 are nearly always Windows-1252, curly quotes and dashes included
_WINDOWS_1252 = frozenset({"ascii", "us-ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
                           "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "windows-1252", "cp1252",
                           "x-cp1252"})


def _is_utf8(label: str) -> bool:
    """Whether an encoding label names UTF-8 ("utf-8", "UTF8", "utf_8", ...)."""
    import codecs

    try:
        return codecs.lookup(label.strip()).name == "utf-8"
    except LookupError:
        return False


def _codec(label: str) -> str:
    label = label.strip().lower()
    return "cp1252" if label in _WINDOWS_1252 else label


def windows_1252(data: bytes) -> str:
    """`data` as browsers decode Windows-1252: the five bytes it leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D) become the code points of the same value instead of an error."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    magic = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
    if head.startswith(magic):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.1


def is_html(data: bytes | str) -> bool:
    if isinstance(data, bytes) and data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as a byte-order mark says
        data = data[:4096].decode("utf-16", "replace")
    raw = data[:2048].encode("utf-8", "replace") if isinstance(data, str) else data
    return bool(_HTML_SNIFF.match(raw[:2048]))


def is_html_document(text: str) -> bool:
    """Whether `text` is a whole HTML page's source: it opens with ``<!DOCTYPE html>`` or ``<html>``
    (after a byte-order mark, white space, an XML declaration or comments). Narrower than
    :func:`is_html`, which also takes a fragment such as ``<p>...</p>`` for markup: where a string
    is said to be plain text, as the web API's ``text`` is, only a whole page is read as HTML."""
    return bool(_HTML_DOCUMENT.match(text[:2048]))


def has_markup(text: str) -> bool:
    """Whether `text` holds an HTML tag anywhere (``<p>``, ``</div>``, ``<br/>``, ``<a href="...">``),
    as a fragment pasted from a page's source does; a lone "x < y" is not one. Used to warn where
    such text is analysed as written (the web API's `text`), not to read it as HTML."""
    return _MARKUP_TAG.search(text) is not None


def check_unicode(text: str, what: str = "text") -> None:
    """Refuse a string that cannot be written as UTF-8: a lone surrogate (from a JSON escape such as
    "\\udc80", or a file read with errors="surrogateescape") is not text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise DecodingError(f"the {what} contains unpaired surrogate code points (at character {err.start}); "
                            "send valid Unicode") from None


def from_text(text: str, meta: dict[str, Any] | None = None) -> Source:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if not text.strip().strip(_INVISIBLE):
        raise EmptyInput("the article is empty: there is no text to analyse")
    if "\x00" in text:  # bytes with NULs are refused as binary; a string that carries one is the same data
        raise BinaryInput("the text contains NUL characters: binary data, not text")
    check_size(text)
    check_unicode(text)
    return Source(text=text, meta=dict(meta or {}), warnings=_mojibake(text))


def from_html(html: str | bytes, *, url: str | None = None, meta: dict[str, Any] | None = None) -> Source:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    if isinstance(html, bytes):
        html = decode(html, name="the HTML page")
    if not html.strip():
        raise EmptyInput("the HTML page is empty")
    check_unicode(html, "HTML page")
    if len(html) > MAX_BYTES:
        raise InputTooLarge(f"the HTML page is {len(html):,} characters; unspin reads at most {MAX_BYTES:,}")
    import trafilatura

    try:
        # dates the page states (meta tags, structured data, <time>, the URL) only: htmldate's extensive
        # search takes a year from the body ("In 2011, Pak started ...") for the publication date
        from trafilatura.settings import set_date_params

        def extract(page: str):
            return trafilatura.bare_extraction(
                page, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False,
                date_extraction_params=set_date_params(extensive=False),
            )

        page, parsed, captions = _prepare_page(html)
        result = extract(page)
        if (result is None or not getattr(result, "text", None)) and not re.search(r"<(?:html|body)[\s>]", html[:4096], re.I):
            result = extract(f"<html><body>{page}</body></html>")  # a fragment, such as a CMS body field of one <p>
        if result is None or not getattr(result, "text", None):
            # libxml2 stops at 256 nested elements unless told otherwise (_parse_html does): a page's text
            # inside 90 nested tables came out as "no article text" (trafilatura takes a parsed tree as well)
            result = extract(_parse_html(page))
    except Exception as err:  # trafilatura/lxml raise many kinds on malformed pages
        raise NoArticleText(f"could not parse the HTML page: {type(err).__name__}") from None
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise NoArticleText("no article text could be extracted from the HTML page (is it an article?)")
    if len(text.split()) < 3:  # what is left of a page of navigation and scripts ("menu"): not an article
        raise NoArticleText(f"the HTML page's main text is {len(text.split())} word(s): no article text could be "
                            "extracted (is it an article?)")
    info = dict(meta or {})
    for key in ("title", "author", "date", "sitename", "hostname", "description"):
        value = getattr(result, key, None)
        if key == "date" and value and _copyright_year(str(value), html):
            continue
        if value:
            info[key if key != "sitename" else "source"] = str(value)
    tree = _Tree(html, parsed)
    if info.get("author"):
        info["author"] = _all_authors(tree, info["author"])
    if url:
        info["url"] = url
    info["extracted_from"] = "html"
    text = _without_furniture(_paragraphs_from_json_ld(text, html))
    text = _with_headline(text, _page_headline(tree, getattr(result, "title", None), getattr(result, "sitename", None)))
    if page_blocks.KEY_POINTS_HINT.search(html):
        text = _with_key_points(text, page_blocks.key_points(tree.get(), text))
    spans = _caption_spans(text, captions)
    if spans:
        info["captions"] = spans  # where the text's photo captions are ([start, end] each)
    check_size(text)
    # lxml drops the C1 controls of mojibake ("Couldn\u00e2\u0080\u0099t" becomes "Couldn\u00e2t"), which is what
    # gives it away: the page is checked as it came
    return Source(text=text, meta=info, warnings=_mojibake(text) or _mojibake(html))


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
#: story, an ad label, a copyright line, a wire agency's standards link (links to other stories: _LINK_LINE)
_FURNITURE = re.compile(r"(?:read more|continue reading(?: the main story)?|read the full (?:story|article)|"
                        r"advertisement|"
                        r"(?:\u00a9|\(c\)|copyright\s*(?:\u00a9|\(c\)|\d{4})).{0,80}|all rights reserved\.?|"
                        r"our standards:.{0,80})\W*", re.I)
_READ_MORE = re.compile(r"\W*(?:read more|continue reading)\W*$", re.I)
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
    or links to other stories (:func:`_links_elsewhere`), and without teasers: a paragraph that
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
        kept.append(line)
    out = "\n".join(kept)
    return out if out.strip() else text


def _parse_html(html: str):
    """`html` as an lxml tree, without libxml2's limit of 256 nested elements."""
    import lxml.html

    return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))


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


def _with_headline(text: str, title: str | None) -> str:
    """`text` with its headline as the first paragraph, set apart by a blank line as a plain-text
    article's is (so the analysers read it as a headline): trafilatura keeps the ``<h1>`` on some
    sites and not on others (WordPress's entry header, wire pages), and a headline that is not in
    the text is never analysed, though it is what readers read first."""
    if not title:
        return text
    # the text opens with the headline, maybe broken over lines (<br>) or run into the first paragraph
    # (not a first sentence that starts with the headline's words: "Dock workers vote to ...")
    opening = re.match(r"\s*" + r"\s+".join(map(re.escape, title.split())) + "(?=\\s*(?:\\n|$)|\\s+(?-i:[A-Z\"\u201c\u2018'(]))",
                       text, re.I)
    if opening:
        rest = text[opening.end() :].lstrip()
        return opening.group().strip() if not rest else " ".join(opening.group().split()) + "\n\n" + rest
    if title.casefold() in " ".join(text[:2000].split()).casefold():
        return text  # the headline is in the text already, further down (after a kicker or a byline)
    return title + "\n\n" + text


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
#: elements a caption's text may be wrapped in and still be one paragraph
_INLINE = frozenset("a abbr b br cite em i mark q small span strong sub sup time u".split())


def _prepare_page(html: str):
    """`html` with its photo captions and data tables made plain paragraphs and its
    screen-reader-only text removed, so that the extracted text is what a reader reads.

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
    hidden text or a header cell are returned untouched; a page lxml cannot parse is left to
    trafilatura as it is."""
    if not (_CAPTION.search(html) or _HIDDEN.search(html) or _TABLE_HEAD.search(html)):
        return html, None, []
    try:
        tree = _parse_html(html)
    except Exception:  # lxml raises several kinds on hostile markup; trafilatura reports them itself
        return html, None, []
    captions: list[str] = []
    hidden = [el for el in tree.iter() if isinstance(el.tag, str) and _HIDDEN.search(el.get("class") or "")]
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


def _mojibake(text: str) -> list[str]:
    """A warning when `text` reads as UTF-8 decoded with the wrong codec ("itâ€™s" for "it’s"), the
    usual state of scraped corpora: the text is analysed as given (every offset refers to it), but
    its words are not the author's. Detected and repaired in the message by ftfy."""
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(text):
        return []
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return []
    i = next((k for k, (a, b) in enumerate(zip(text, fixed)) if a != b), 0)
    # the garbled sequence: up to where the text runs on as the repaired text does after its first fix
    j = min(next((k for k in range(i + 1, min(i + 6, len(text))) if text[k : k + 8] == fixed[i + 1 : i + 9]),
                 len(text) - (len(fixed) - i - 1)), i + 4)
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text[i:j])  # C1 controls, visibly
    return [f"the text looks mis-decoded (mojibake: '{shown}' where '{fixed[i]}' was meant): it is analysed as "
            "given, but re-save it as UTF-8 or repair it (ftfy.fix_encoding) for words as the author wrote them"]


def _copyright_year(date: str, html: str) -> bool:
    """Whether `date` is only a copyright notice's year: with nothing better, htmldate reads
    "© 2019 Example News" as 2019-01-01, a publication date the page never gave."""
    year, _, rest = date.partition("-")
    if rest != "01-01" or not year.isdigit() or date in html:  # a date the page states (meta, <time>) stays
        return False
    notice = rf"(?:©|&copy;|&#169;|\(c\)|copyright)\s*(?:\d{{4}}\s*(?:-|–|&ndash;)\s*)?{year}\b"
    return re.search(notice, html, re.I) is not None


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 4 KB (<meta charset> or http-equiv), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def from_bytes(data: bytes, *, name: str = "input", html: bool | None = None, meta: dict[str, Any] | None = None,
               charset: str | None = None) -> Source:
    """`charset`: the encoding the bytes came labelled with (an HTTP Content-Type), used when they
    are not UTF-8; an HTML page's own <meta> declaration is used otherwise."""
    if not data.strip():
        raise EmptyInput(f"{name} is empty: there is no text to analyse")
    if html is None:
        html = is_html(data)
    declared = charset or (declared_charset(data) if html else None)
    try:
        text = decode(data, name=name, charset=declared)
    except DecodingError:
        mislabelled = declared is not None and _is_utf8(declared)
        if not html or (declared and not mislabelled):
            raise
        # a page that is not UTF-8 and says nothing of its encoding (saved with curl, the charset
        # only in the HTTP header), or says UTF-8 wrongly (the commonest mix-up: an old page's
        # Windows-1252 quotes under a new template's <meta charset="utf-8">): read as Windows-1252
        source = from_html(windows_1252(data), meta=meta)
        why = "declares UTF-8 but is not" if mislabelled else "is not UTF-8 and declares no charset"
        source.warnings.append(f"{name} {why}: it was read as Windows-1252; if its letters look wrong, save the page "
                               "with its real encoding declared")
        return source
    if html:
        return from_html(text, meta=meta)
    return from_text(text, meta=meta)


def read_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of one article file: refused by its reported size when that is over MAX_BYTES, and
    read no further than MAX_BYTES + 1 bytes whatever it reports (a device such as /dev/zero, a pipe
    or a file still growing report 0 or less than they hold). OSError (permissions, a vanished file)
    is the caller's to report."""
    name = name or str(path)
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise InputTooLarge(f"{name} is {size:,} bytes; unspin reads at most {MAX_BYTES:,} bytes per article")
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputTooLarge(f"{name} holds more than {MAX_BYTES:,} bytes; unspin reads at most {MAX_BYTES:,} bytes per article")
    return data


_ANY_TAG = re.compile(rb"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|!|/[A-Za-z])")


def from_path(path: str | Path) -> Source:
    p = Path(path)
    if not p.exists():
        raise UnsupportedInput(f"no such file: {p}")
    if p.is_dir():
        raise UnsupportedInput(f"{p} is a folder: give one article file (or use `unspin batch` for a folder)")
    try:
        data = read_file(p)
    except OSError as err:
        raise UnsupportedInput(f"cannot read {p}: {err.strerror or err}") from None
    # an .html name is HTML when it holds a tag; plain text saved as .html keeps its blank lines (and offsets)
    html = True if p.suffix.lower() in _HTML_SUFFIXES and _ANY_TAG.search(data[:65536]) else None
    src = from_bytes(data, name=str(p), html=html, meta={"path": str(p)})
    src.meta.setdefault("path", str(p))
    return src


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told (too little text)."""
    sample = text[:5000]
    if sum(c.isalpha() for c in sample) < 20:
        return None
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # deterministic
    try:
        return detect(sample)
    except LangDetectException:
        return None
