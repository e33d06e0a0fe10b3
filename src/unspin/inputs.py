"""Turning what a user hands us (a string, bytes, a file, an HTML page, a URL, stdin) into the exact
text that offsets index, plus metadata.

Plain text is kept exactly as decoded: offsets index the decoded string. HTML goes through
trafilatura's main-text extraction; the extracted text is what the Report carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import page_blocks
from .errors import BinaryInput, DecodingError, EmptyInput, InputTooLarge, NoArticleText, UnreadableInput, UnsupportedInput
from .page_text import (
    _all_authors, _byline_name, _caption_spans, _copyright_year, _page_headline, _paragraphs_from_json_ld, _parse_html,
    _prepare_page, _site_from_title, _too_deep, _Tree, _with_key_points, _without_date_line, _without_furniture,
)

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
    r"<(?P<close>/)?(?P<name>a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|font|footer|"
    r"h[1-6]|head|header|hr|html|i|iframe|img|li|link|main|meta|nav|ol|p|pre|q|s|script|section|small|span|strong|style|"
    r"sub|sup|table|tbody|td|th|thead|time|title|tr|u|ul)"
    r"""(?P<rest>(?:\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+))*\s*/?)>""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: characters that show nothing: a byte-order mark, zero-width spaces and joiners, the word joiner
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
#: files of many articles (one a record), by how their names end, and what they are: `unspin batch`
#: reads them; `unspin analyze` and unspin.load refuse them rather than read the records as one article
RECORD_FORMATS = ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".jsonl.gz", "jsonl"), (".csv", "csv"), (".csv.gz", "csv"),
                  (".tsv", "csv"), (".parquet", "parquet"), (".pq", "parquet"))


def suffix_list(suffixes: Iterable[str]) -> str:
    """File suffixes as every message lists them, in one style: sorted, comma-separated, between
    parentheses after what they are ("no article files (.htm, .html, .md, .text, .txt, .xhtml)")."""
    return ", ".join(sorted(set(suffixes) - {""}))


def ignored_note(count: int, names: list[str], what: str, suffixes: Iterable[str]) -> str:
    """The summary line's part on a folder's files that were not read, as `unspin batch` and `unspin
    index add` both word it: "2 files ignored, not article files (.htm, ...): notes.pdf, a.doc, ..."
    (`names`: the first few of the `count`)."""
    shown = ", ".join(names) + (", ..." if count > len(names) else "")
    return f"{count:,} file{'s' if count != 1 else ''} ignored, {what} ({suffix_list(suffixes)}): {shown}"


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


def decode(data: bytes, *, name: str = "input", charset: str | None = None, keep_bom: bool = False) -> str:
    """Decode bytes as UTF-8, refusing binary data with a clear message. Text that says what it is
    is read as it says: a UTF-16 byte-order mark, or `charset` (declared by an HTML page's <meta>
    or an HTTP Content-Type) when the bytes are not UTF-8. A UTF-8 byte-order mark is dropped unless
    `keep_bom` (plain text, whose offsets index the file as ``open(path, encoding="utf-8")`` reads it)."""
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
    if data.startswith(b"\xef\xbb\xbf") and not keep_bom:
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
    such text is analysed as written (the web API's `text`), not to read it as HTML.

    A bare opening tag in capitals (``<U>``, ``<DD>``, ``<BR>``) is not one by itself: wire copy
    gives companies' tickers so ("PIEDMONT <PIE> AGREES TO USAIR <U> BUYOUT", "Du Pont <DD>"), after
    a space; its closing tag (``</B>``), attributes or lower case make it markup, and so do two
    that open a line or follow a word without a space, as old pages' source has them, never closing
    ``<P>`` ("<P>First paragraph.<P>Second paragraph.", "Text<BR>more<BR>")."""
    glued = 0
    for m in _MARKUP_TAG.finditer(text):
        if m.group("close") or m.group("rest") or not m.group("name").isupper():
            return True
        glued += m.start() == 0 or text[m.start() - 1] == "\n" or not text[m.start() - 1].isspace()
        if glued >= 2:
            return True
    return False


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
        # libxml2 stops at 256 nested elements unless told otherwise (_parse_html does), and what follows is
        # lost: a story's paragraphs after an ad's unclosed <div>s
        result = extract(_parse_html(page) if _too_deep(page) else page)
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
    if not info.get("source") and (site := _site_from_title(html, getattr(result, "title", None))):
        info["source"] = site
    tree = _Tree(html, parsed)
    if info.get("author"):
        info["author"] = _all_authors(tree, _byline_name(tree, info["author"]))
    if url:
        info["url"] = url
    info["extracted_from"] = "html"
    text = _without_furniture(_paragraphs_from_json_ld(text, html))
    text = _with_headline(text, _page_headline(tree, getattr(result, "title", None), getattr(result, "sitename", None)))
    text = _without_date_line(text, info.get("date"))
    if page_blocks.KEY_POINTS_HINT.search(html):
        text = _with_key_points(text, page_blocks.key_points(tree.get(), text))
    spans = _caption_spans(text, captions)
    if spans:
        info["captions"] = spans  # where the text's photo captions are ([start, end] each)
    check_size(text)
    # lxml drops the C1 controls of mojibake ("Couldn\u00e2\u0080\u0099t" becomes "Couldn\u00e2t"), which is what
    # gives it away: the page is checked as it came
    return Source(text=text, meta=info, warnings=_mojibake(text) or _mojibake(html))


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
        text = decode(data, name=name, charset=declared, keep_bom=not html)
    except DecodingError:
        mislabelled = declared is not None and _is_utf8(declared)
        if declared and not mislabelled:
            raise
        if not html:
            return _legacy_text(data, name=name, meta=meta)
        # a page that is not UTF-8 and says nothing of its encoding (saved with curl, the charset
        # only in the HTTP header), or says UTF-8 wrongly (the commonest mix-up: an old page's
        # Windows-1252 quotes under a new template's <meta charset="utf-8">): read as Windows-1252
        # where it is not UTF-8
        text, stray, at = _utf8_else_windows_1252(data)
        source = from_html(text, meta=meta)
        why = "declares UTF-8 but is not" if mislabelled else "is not UTF-8 and declares no charset"
        where = _where(text, stray, at)
        fix = "correct them in the page" if where else "save the page with its real encoding declared"
        source.warnings.append(f"{name} {why}: it was read as Windows-1252{where}; if its letters look wrong, {fix}")
        return source
    if html:
        return from_html(text, meta=meta)
    return from_text(text, meta=meta)


#: the most of a text's non-space characters that may be read as Windows-1252: Western European
#: text has a few accented letters and curly quotes (under 10% in French or German), where Cyrillic,
#: Greek or CJK text in a legacy encoding has nearly every letter there
_MAX_WESTERN_HIGH = 0.3
#: a byte that is not UTF-8, as the decoder's surrogateescape handler gives it (U+DC80-U+DCFF)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
#: each such byte as Windows-1252 reads it
_UNESCAPED = {0xDC00 + b: windows_1252(bytes([b])) for b in range(128, 256)}


def _utf8_else_windows_1252(data: bytes) -> tuple[str, int, int]:
    """`data` decoded as UTF-8 where it is (a UTF-8 file or page with a stray Windows-1252 byte, an old
    story's quotes pasted into a UTF-8 template) and as Windows-1252 byte by byte where it is not,
    with how many characters were read so and the offset of the first in the text (-1: none). Text
    that is all Windows-1252 has no UTF-8 sequences to speak of and comes out as :func:`windows_1252`
    gives it."""
    escaped = data.decode("utf-8", "surrogateescape")
    first = _ESCAPED_BYTE.search(escaped)
    if not first:
        return escaped, 0, -1
    stray = len(escaped) - len(escaped.encode("utf-8", "ignore").decode("utf-8"))  # (the encoder drops them)
    return escaped.translate(_UNESCAPED), stray, first.start()


def _where(text: str, stray: int, at: int) -> str:
    """What of a text was read as Windows-1252 (`stray` characters, the first `at`), for its warning:
    nothing to add where all its letters outside ASCII were; else how many bytes, the first shown
    with its line, the rest being UTF-8."""
    if len(text) - len(text.encode("ascii", "ignore")) == stray:
        return ""
    first = text[at]
    shown = first if first.isprintable() else f"\\x{ord(first):02x}"
    line = text.count("\n", 0, at) + 1
    if stray == 1:
        return f" in the one byte that is not UTF-8 (read as '{shown}', on line {line:,}) and as UTF-8 elsewhere"
    return (f" in the {stray:,} bytes that are not UTF-8 (the first read as '{shown}', on line {line:,}) and as "
            "UTF-8 elsewhere")


def _legacy_text(data: bytes, *, name: str, meta: dict[str, Any] | None) -> Source:
    """Plain text that is not UTF-8, as a legacy Western corpus holds (Windows-1252 or ISO-8859-1, the
    same bytes as an .html page are read), or UTF-8 with a stray byte of it: read as Windows-1252
    where it is not UTF-8, with a warning, unless most of its letters are not, where Windows-1252
    would only make a garble of another alphabet."""
    text, stray, at = _utf8_else_windows_1252(data)
    visible = len(text) - sum(map(text.count, " \t\r\n\x0b\x0c"))
    if stray > _MAX_WESTERN_HIGH * visible:
        raise DecodingError(f"{name} is not valid UTF-8, and {stray / visible:.0%} of its characters lie outside "
                            "ASCII: not Western text to read as Windows-1252; convert it first, e.g. iconv -f cp1251 -t "
                            "utf-8 (Cyrillic; -f iso-8859-7 Greek, -f shift_jis Japanese, ...)")
    source = from_text(text, meta=meta)
    where = _where(text, stray, at)
    fix = "correct them in the file" if where else "convert it to UTF-8 first (iconv -f ENCODING -t utf-8)"
    source.warnings.append(f"{name} is not UTF-8: it was read as Windows-1252{where or ' (Western European)'}; if its "
                           f"letters look wrong, {fix}")
    return source


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


def record_format(path: Path) -> str | None:
    """'jsonl', 'csv' or 'parquet' when `path` is named as a file of records (RECORD_FORMATS), else None."""
    name = path.name.lower()
    return next((fmt for suffix, fmt in RECORD_FORMATS if name.endswith(suffix)), None)


def from_path(path: str | Path) -> Source:
    p = Path(path)
    if not p.exists():
        raise UnsupportedInput(f"no such file: {p}")
    if p.is_dir():
        raise UnsupportedInput(f"{p} is a folder: give one article file (or use `unspin batch` for a folder)")
    fmt = record_format(p)
    if fmt is not None:
        kind = {"jsonl": "JSON Lines", "csv": "CSV", "parquet": "Parquet"}[fmt]
        raise UnsupportedInput(f"{p} is a {kind} file of records, not one article: give one article's file, "
                               f"or analyse each record with `unspin batch {p} --out results/`")
    try:
        data = read_file(p)
    except OSError as err:
        raise UnreadableInput(f"cannot read {p}: {err.strerror or err}") from None
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
