"""The HTML view of a Report: the article with its layers highlighted, the verdict with reasons
linked to the spans they rest on, and two small charts, in one page.

``render(report)`` returns one self-contained file (inline CSS, inline SVG, no script, no external
asset; a Content-Security-Policy meta tag forbids scripts outright). The web app renders the same
page with ``PageOptions(static_url="/static")``: the stylesheet is linked instead of inlined and a
small script adds conveniences; the report itself works without JavaScript (layer toggles are
CSS-only checkboxes).

Safety: every string that comes from the article or its metadata goes through :func:`esc`
(``html.escape`` with quotes), attribute values included; only http(s) URLs become links. Layers
overlap freely: the text is cut at every span boundary and the pieces are nested properly, so a
span that crosses another is drawn in several pieces that share ``data-a`` (its id).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..captions import marked_captions
from ..document import headline
from ..report import Report
from ..techniques import TECHNIQUES
from . import html_parts as parts
from .html_parts import OTHER_COLOUR, PALETTE, _num, esc, safe_url, technique_key, technique_title
from .reference import comparison

__all__ = ["PageOptions", "render", "stylesheet", "style_hash", "esc", "safe_url", "article_html"]


@dataclass(frozen=True)
class PageOptions:
    """How the page carries its assets: inline (one file) or linked from the web app."""

    #: None: inline stylesheet, no script (the self-contained file); else the URL prefix of the
    #: app's static files (``report.css``, ``report.js``)
    static_url: str | None = None
    #: links to the app's own pages in the top bar (served pages only)
    nav: bool = False
    #: a relative link back to the page that lists this report (a batch summary), shown in the top bar
    back: str | None = None


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The page's CSS: the static sheet plus per-technique colours and toggle rules."""
    base = resources.files("unspin.web").joinpath("static/report.css").read_text(encoding="utf-8")
    rules, forced = [], []
    for i, name in enumerate(TECHNIQUES + ("",)):
        key = f"k{i}" if name else "kx"
        bg, line = PALETTE[i] if name else OTHER_COLOUR
        rules.append(f".tech.{key}{{background:{bg};border-bottom-color:{line}}}")
        rules.append(f".swatch.{key}{{background:{bg};border-bottom-color:{line}}}")
        off = f".report-page:has(#show-{key}:not(:checked)) .tech.{key}"
        rules.append(f"{off}{{background:none !important;border-bottom-color:transparent !important;display:contents}}")
        forced.append(f"{off}{{color:CanvasText}}")  # (the layer's colours are the system's, report.css)
        rules.append(f"{off}::before,{off}::after{{content:none !important;display:none}}")
        rules.append(f".report-page:has(#show-{key}:not(:checked)) .tn.{key}{{display:none}}")
    rules.append("@media (forced-colors: active) {" + "".join(forced) + "}")
    return base + "\n/* per technique (generated) */\n" + "\n".join(rules) + "\n"


def style_hash(css: str | None = None) -> str:
    """The CSP source expression ('sha256-...') that allows exactly the inline stylesheet."""
    digest = hashlib.sha256((css if css is not None else stylesheet()).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(report: Report, options: PageOptions | None = None) -> str:
    """The report as one HTML page (self-contained unless `options.static_url` is set)."""
    opts = options or PageOptions()
    meta = report.meta or {}
    title = _title(report)
    head = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<link rel="icon" href="data:,">',
    ]
    article = article_html(report)
    if opts.static_url is None:
        # without a script, :target outlines only the first piece of a span drawn in pieces (it
        # crosses other spans): one rule per cited span, and per linked span drawn in pieces,
        # outlines all of its pieces
        refs = sorted(f"span-{a}-{b}" for a, b in _cited_spans(report))
        pieced = sorted(set(re.findall(r'class="[^"]*\bcont\b[^"]*" data-a="([tcp]-\d+)"', article)))
        css = stylesheet() + "".join(f'#article:has(#{r}:target) [data-a="{r}"]{{outline:3px solid var(--target);'
                                     f'outline-offset:2px;background-color:var(--target-bg)}}' for r in refs + pieced)
        head.append(
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"style-src {style_hash(css)}; img-src data:; base-uri 'none'; form-action 'none'\">"
        )
        head.append(f"<title>unspin report: {esc(title)}</title>")
        head.append(f"<style>{css}</style>")
    else:
        prefix = esc(opts.static_url.rstrip("/"))
        head.append(f"<title>unspin report: {esc(title)}</title>")
        head.append(f'<link rel="stylesheet" href="{prefix}/report.css">')
        head.append(f'<script src="{prefix}/report.js" defer></script>')
    head.append("</head>")

    body = ['<body class="report-page">', '<a class="skip" href="#article-heading">Skip to the article</a>',
            parts.topbar(opts.nav, back=opts.back), "<main>"]
    # the page's own words are English; the article's (and its title's) are in its language
    lang = _language(meta)
    body.append(f'<h1 id="title"{lang if page_title(report) else ""}>{esc(title)}</h1>')
    body.append(parts.meta_list(meta))
    present = list(report.technique_counts())
    body.append(parts.controls(report, present))
    body.append('<div class="layout">')
    # the answer first, in the page's order as on screen: warnings (they qualify all below), then the
    # verdict; one column shows them above the article, two columns beside it (report.css)
    body.append('<div class="lead">')
    body.append(parts.warnings_card(report))
    body.append(parts.verdict_card(report))
    body.append("</div>")
    body.append('<article class="card" aria-labelledby="title">')
    body.append('<h2 id="article-heading" tabindex="-1">Article</h2>')
    body.append(f'<div class="article-text" id="article"{lang}>{article}</div>')
    body.append(parts.technique_descriptions(report))
    body.append("</article>")
    body.append('<aside aria-label="Analysis">')
    body.append(parts.charts_card(report))
    body.append(parts.techniques_card(report))
    body.append(parts.claims_card(report))
    body.append(parts.passages_card(report))
    body.append("</aside>")
    body.append("</div>")
    body.append("</main>")
    body.append(parts.footer(report))
    body.append("</body>")
    body.append("</html>")
    return "\n".join(head + body) + "\n"


def page_title(report: Report, *, files: bool = True) -> str | None:
    """The article's title, else its headline (a short first line standing alone), else (with
    `files`) the file or URL it came from; None when there is none of these."""
    meta = report.meta or {}
    value = meta.get("title")
    if value and str(value).strip():
        return " ".join(str(value).split())
    line = headline(report.text or "")
    if line:
        return " ".join(report.text[line.start : line.end].split())
    for key in ("path", "url") if files else ():
        value = meta.get(key)
        if value and str(value).strip():
            return " ".join(str(value).split())
    return None


def _language(meta: dict) -> str:
    """A ` lang="..."` attribute for the article's language (a BCP 47 tag such as "fr" or "pt-BR"),
    or "" when the report names none that reads as one."""
    value = str(meta.get("language") or "").strip()
    return f' lang="{esc(value)}"' if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value) else ""


def _title(report: Report) -> str:
    """The page's heading (the file or URL is listed under it too)."""
    return page_title(report) or "Untitled article"


# ---- the article with nested highlights ---------------------------------------------------


@dataclass
class _Ann:
    """One highlighted span: drawn as one element, or several pieces when it crosses another."""

    start: int
    end: int
    rank: int  # nesting preference for equal ranges: refs outermost, techniques innermost
    ident: str
    classes: str
    attrs: str  # extra attributes of every piece (already escaped)
    first_attrs: str = ""  # attributes of the first piece only (tabindex, aria)
    badge: str = ""  # an empty element drawn after the span's end (claims' source badge)
    # an empty element drawn at the end of the span's last piece, inside it (a technique's number:
    # so it stays on the span's line before the tip that opens after the span, inside its focus ring)
    last: str = ""

    @property
    def key(self):
        return (self.start, -self.end, self.rank, self.ident)


def _clamp(n: int, start, end) -> tuple[int, int] | None:
    """(start, end) within a text of `n` characters; None for an empty, inverted or unreadable span."""
    try:
        s, e = max(0, min(int(start), n)), max(0, min(int(end), n))
    except (TypeError, ValueError):
        return None
    return (s, e) if s < e else None


def _cited_spans(report: Report) -> list[tuple[int, int]]:
    """The distinct spans the verdict's reasons point at, clamped to the text, in reason order."""
    out: dict[tuple[int, int], None] = {}
    for r in report.verdict.reasons if report.verdict else []:
        for s in r.spans or []:
            span = _clamp(len(report.text), s.get("start"), s.get("end")) if isinstance(s, dict) else None
            if span:
                out.setdefault(span)
    return list(out)


def annotations(report: Report) -> list[_Ann]:
    """Every highlight of the report, clamped to the text; empty or inverted spans are dropped."""
    n = len(report.text)
    anns: list[_Ann] = []

    def clamp(start, end):
        return _clamp(n, start, end)

    numbers = parts.technique_numbers(report)
    for i, t in enumerate(report.techniques):
        span = clamp(t.start, t.end)
        if not span:
            continue
        key = technique_key(t.technique)
        # data-kind: what a screen reader announces where the span starts and ends (report.css); a
        # mark, named by it and its text, described by the whole tip (html_parts.technique_descriptions)
        anns.append(_Ann(*span, rank=3, ident=f"t-{i}", classes=f"tech {key}",
                         attrs=f'data-tip="{esc(parts.technique_tip(t))}" data-technique="{esc(t.technique)}" '
                               f'data-kind="{esc(technique_title(t.technique))}"',
                         first_attrs=f'tabindex="0" role="mark" aria-describedby="tip-t-{i}"',
                         last=parts.technique_number(numbers[t.technique], key)))
    for i, c in enumerate(report.claims):
        span = clamp(c.start, c.end)
        if not span:
            continue
        kind = c.source_kind()
        source = " ".join(c.attribution.source.split()) if c.attribution and c.attribution.source else None
        label = {"named": "named source", "vague": "vague source", "none": "no source", "headline": "headline"}[kind]
        anns.append(_Ann(*span, rank=2, ident=f"c-{i}", classes=f"claim src-{kind}",
                         attrs=f'data-source="{esc(kind)}"' + (f' title="source: {esc(source)}"' if source else ""),
                         badge=f'<span class="badge src-{kind}" data-label="{esc(label)}"></span>'))
    for i, p in enumerate(report.passages):
        span = clamp(p.start, p.end)
        if not span:
            continue
        status = p.status if p.status in ("matched", "inserted", "suspect", "unverified") else "unverified"
        tip = f"passage {status}" + (f", score {_num(p.score)}" if p.score is not None else "")
        if p.explanation:
            tip += f": {p.explanation}"
        kind = f' data-kind="{status} passage"' if status in ("inserted", "suspect") else ""
        anns.append(_Ann(*span, rank=1, ident=f"p-{i}", classes=f"pass p-{status}", attrs=f'title="{esc(tip)}"{kind}'))
    for a, b in _cited_spans(report):
        anns.append(_Ann(a, b, rank=0, ident=f"span-{a}-{b}", classes="ref", attrs=f'data-ref="span-{a}-{b}"',
                         first_attrs='tabindex="-1"'))
    return anns


def article_html(report: Report) -> str:
    """The article text, escaped, with every annotation drawn as properly nested elements.

    The text is cut at every span boundary; for each piece the set of covering spans is ordered
    outermost first, and elements are closed and reopened only where that order changes.
    """
    text = report.text
    anns = annotations(report)
    markers = drop_markers(report)  # empty elements at offsets: what was dropped, paragraph gaps
    captions = caption_markers(report)  # drawn before a span that opens with the caption
    for at in sorted(set(paragraph_gaps(report)) | caption_gaps(report)):
        markers.setdefault(at, []).insert(0, '<span class="pgap" aria-hidden="true"></span>')
    display = _reflowed(report)

    def shown(a: int, b: int) -> str:
        return esc("".join(display[a:b]) if display is not None else text[a:b])

    if not anns and not markers and not captions:
        return shown(0, len(text))
    starts: dict[int, list[_Ann]] = {}
    ends: dict[int, list[_Ann]] = {}
    for a in anns:
        starts.setdefault(a.start, []).append(a)
        ends.setdefault(a.end, []).append(a)
    bounds = sorted({0, len(text)} | set(starts) | set(ends) | {p for p in [*markers, *captions] if p < len(text)})
    out: list[str] = []
    stack: list[_Ann] = []  # elements open in the output, outermost first
    active: list[_Ann] = []  # spans covering the current piece, sorted by key
    opened: dict[str, list[int]] = {}  # where in `out` each piece of a span opens
    for a, b in zip(bounds, bounds[1:]):
        if a in ends:
            gone = {x.ident for x in ends[a]}
            active = [x for x in active if x.ident not in gone]
        if a in starts:
            active = sorted(active + starts[a], key=lambda x: x.key)
        common = 0
        while common < len(stack) and common < len(active) and stack[common] is active[common]:
            common += 1
        for ann in reversed(stack[common:]):
            out.append((ann.last if ann.end <= a else "") + "</span>")
            if ann.end <= a and ann.badge:
                out.append(ann.badge)
        out.extend(markers.pop(a, ()) if a in captions else ())  # the gap above a caption, then its label
        out.extend(captions.get(a, ()))
        for ann in active[common:]:
            first = ann.ident not in opened
            opened.setdefault(ann.ident, []).append(len(out))
            attrs = [f'class="{ann.classes}{"" if first else " cont"}"', f'data-a="{ann.ident}"', ann.attrs]
            if first:
                attrs.insert(0, f'id="{ann.ident}"')
                attrs.append(f'data-start="{ann.start}" data-end="{ann.end}"')
                if ann.first_attrs:
                    attrs.append(ann.first_attrs)
            out.append("<span " + " ".join(x for x in attrs if x) + ">")
        out.extend(markers.get(a, ()))
        out.append(shown(a, b))
        stack = list(active)
    for ann in reversed(stack):
        out.append(ann.last + "</span>")
        if ann.badge:
            out.append(ann.badge)
    out.extend(markers.get(len(text), ()))
    # every piece but the last of a span drawn in pieces is marked "more": a screen reader hears
    # where the span starts on its first piece and where it ends on its last (report.css)
    for where in opened.values():
        for k in where[:-1]:
            out[k] = out[k].replace(' class="', ' class="more ', 1)
    return "".join(out)


def _reflowed(report: Report) -> list[str] | None:
    """The text as shown, one string per character (so offsets still slice it), or None when it is
    shown as it is: in hard-wrapped text (wire copy, e-mail) the lines of a paragraph end where the
    line ran out, and a line break inside a paragraph shows as a space (the CR of a CRLF as nothing;
    a lone CR stays). Offsets in the page's data attributes still index the text as given."""
    text = report.text
    display = None
    for p in report.paragraphs:
        for i in range(max(p.start, 0), min(p.end, len(text))):
            if text[i] == "\n" or text[i] == "\r" and text[i + 1 : i + 2] == "\n":
                display = display if display is not None else list(text)
                display[i] = " " if text[i] == "\n" else ""
    return display


def paragraph_gaps(report: Report) -> list[int]:
    """Offsets where the page draws a blank line that is not in the text (an empty element, so the
    article's text, its offsets and what a reader copies stay as given): after a paragraph parted
    from the next by a single line break (a page's extracted text has one line per paragraph) when
    it ends a sentence or is the headline, as text typed with blank lines is shown. Not between
    list items: lines opening with a bullet or a number, or two short lines in a row ("A 1p rise on
    a pint of beer." over "A 2p rise on wine."), nor after a line ending in a colon."""
    text = report.text
    out = []
    for k, (p, q) in enumerate(zip(report.paragraphs, report.paragraphs[1:])):
        line, following = text[max(p.start, 0):p.end].strip(), text[q.start:q.end].strip()
        if not line or text.count("\n", p.end, q.start) != 1:
            continue
        if not (line[-1] in _SENTENCE_END or k == 0 and line[-1] != ":"):
            continue
        if _BULLET.match(line) or _BULLET.match(following) or len(line) < _SHORT and len(following) < _SHORT:
            continue
        out.append(text.index("\n", p.end, q.start) + 1)
    return out


#: what the last character of a paragraph that ends a sentence may be (a full stop, or a quote or
#: bracket closing after one)
_SENTENCE_END = frozenset(".!?…\"'”’)»")
#: a list item's opening: a bullet, a dash or a number
_BULLET = re.compile(r"(?:[-*•–—▪●]|\d{1,2}[.)])\s")
#: lines shorter than this, two in a row, are read as a list's items
_SHORT = 60


def caption_markers(report: Report) -> dict[int, list[str]]:
    """A "Photo caption" label (drawn by CSS from ``data-label``, so not part of the text) at the start
    of each photo caption: in a page's extracted text a caption is one more line among the story's,
    and a flagged sentence in it read as the story's own."""
    return {start: ['<span class="caption-mark" data-label="Photo caption"></span>']
            for start, _ in marked_captions(report.text, report.meta)}


_NEXT_LINE = re.compile(r"\n\s*(?=\S)")


def caption_gaps(report: Report) -> set[int]:
    """Where a blank line sets a photo caption apart: before it, and on the line after it (a caption
    seldom ends in a full stop, so :func:`paragraph_gaps` leaves it run into the next paragraph)."""
    text = report.text
    out = set()
    for start, end in marked_captions(report.text, report.meta):
        if text[:start].strip():
            out.add(start)
        after = _NEXT_LINE.search(text, end)
        if after:
            out.add(after.end())
    return out


def drop_markers(report: Report) -> dict[int, list[str]]:
    """Empty elements where the article left out text of its reference, by article offset: the
    dropped words are drawn by CSS from ``data-dropped`` (struck through), so they are not part of
    the article's text and every offset still indexes it."""
    ref = comparison(report)
    out: dict[int, list[str]] = {}
    for d in ref.dropped if ref else []:
        if d.at is None:
            continue
        shown = d.text if len(d.text) <= 60 else d.text[:59] + "…"
        out.setdefault(d.at, []).append(
            f'<span class="drop" data-dropped="{esc(shown)}" title="{esc("left out of the reference: " + d.text)}"></span>')
    return out
