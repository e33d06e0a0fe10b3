"""Building blocks of the HTML report page (unspin.render.html): escaping helpers, the metadata
line, layer switches and legend, the verdict, the charts (inline SVG) and the side-panel lists.

Every function returns markup in which all report-derived strings are escaped with :func:`esc`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from ..report import STATED_REASONS, Report
from ..techniques import DEFINITIONS, SHORT_TITLES, TECHNIQUES, TITLES
from .reference import comparison, matched_phrase

_SURROGATES = re.compile("[\ud800-\udfff]")

#: (background, underline) colour per technique, in the order of ``TECHNIQUES``
PALETTE = (
    ("#cfe8ff", "#1f6fb2"), ("#ffd6e0", "#c2185b"), ("#e8dcff", "#6a3fb5"), ("#d3f3df", "#1e8a4c"),
    ("#fff0c2", "#a87d00"), ("#d0f0f3", "#00838f"), ("#ffe0c7", "#d35400"), ("#dbe4ff", "#2f4fb5"),
    ("#ffd9d6", "#c0392b"), ("#f6d6f5", "#9c27b0"), ("#eef5c9", "#6f8000"), ("#efe3d6", "#8d6e63"),
    ("#e3e6ea", "#546e7a"), ("#e2f2d2", "#558b2f"),
)
OTHER_COLOUR = ("#eeeeee", "#777777")
VERDICT_WORDS = {"low": "Low concern", "medium": "Medium concern", "high": "High concern", "satire": "Satire"}
SOURCE_WORDS = {"named": "named", "vague": "vague", "none": "no source", "headline": "headline"}


def esc(value) -> str:
    """Text for HTML text or a quoted attribute value: escaped, lone surrogates replaced."""
    s = "" if value is None else str(value)
    s = _SURROGATES.sub("\ufffd", s)
    # a literal CR would be folded into LF by the HTML parser; a character reference is kept
    return html.escape(s, quote=True).replace("\r", "&#13;")


def safe_url(value) -> str | None:
    """The URL if it is a plain http(s) URL (safe to put in href), else None."""
    if not isinstance(value, str) or any(c in value for c in "\x00\r\n\t<>\"'` \\"):
        return None
    try:
        parsed = urlsplit(value)
    except ValueError:
        return None
    return value if parsed.scheme.lower() in ("http", "https") and parsed.netloc else None


def technique_key(name: str) -> str:
    """CSS class of a technique: k0..k13 in the official order, 'kx' for an unknown label."""
    try:
        return f"k{TECHNIQUES.index(name)}"
    except ValueError:
        return "kx"


def technique_colours(name: str) -> tuple[str, str]:
    try:
        return PALETTE[TECHNIQUES.index(name)]
    except ValueError:
        return OTHER_COLOUR


def technique_title(name: str) -> str:
    return TITLES.get(name, str(name).replace("_", " "))


def technique_numbers(report: Report) -> dict[str, int]:
    """Each technique's number, as in the terminal's legend (⟦...⟧1): 1 for the most frequent."""
    return {name: k for k, name in enumerate(report.technique_counts(), 1)}


def technique_number(n: int, key: str = "") -> str:
    """A technique's number, drawn small and raised after each of its spans and in the legend: what
    tells the techniques apart without colour. Drawn by CSS (the article's text stays as given) and
    hidden from screen readers, which hear the technique's name instead."""
    return f'<span class="tn{" " + key if key else ""}" data-n="{n}" aria-hidden="true"></span>'


def _num(x) -> str:
    try:
        return f"{float(x):.2f}"
    except (TypeError, ValueError):
        return "?"


def _span(report: Report, start, end) -> tuple[int, int] | None:
    n = len(report.text)
    try:
        s, e = max(0, min(int(start), n)), max(0, min(int(end), n))
    except (TypeError, ValueError):
        return None
    return (s, e) if s < e else None


def snippet(report: Report, start, end, n: int = 80) -> str:
    """The text of a span, whitespace collapsed and clipped, escaped, without the double quotes it
    starts or ends with: every caller sets it in quotes of its own (“a claim”, not ““a claim””)."""
    span = _span(report, start, end)
    if not span:
        return ""
    s = " ".join(report.text[span[0]:span[1]].split()).strip('"\u201c\u201d\u00ab\u00bb ') or \
        " ".join(report.text[span[0]:span[1]].split())
    return esc(s if len(s) <= n else s[: n - 1] + "…")


# ---- top of the page ------------------------------------------------------------------------


def topbar(nav: bool, back: str | None = None) -> str:
    if nav:
        return ('<header class="topbar"><a class="brand" href="/">unspin</a>'
                '<nav aria-label="Site"><a href="/">Analyse another article</a><a href="/api">API</a></nav></header>')
    link = f'<nav aria-label="Site"><a href="{esc(back)}">Back to the corpus summary</a></nav>' if back else ""
    return f'<header class="topbar"><span class="brand">unspin</span><span>report</span>{link}</header>'


def meta_list(meta: dict) -> str:
    rows = []
    for key, label in (("author", "Author"), ("date", "Date"), ("source", "Source"), ("url", "URL"), ("path", "File"),
                       ("profile", "Profile"), ("language", "Language")):
        value = meta.get(key)
        if value is None or not str(value).strip():
            continue
        if key == "url" and safe_url(value):
            shown = f'<a href="{esc(value)}" rel="noopener noreferrer nofollow">{esc(value)}</a>'
        else:
            shown = esc(value)
        rows.append(f'<div class="m-{key}"><dt>{label}</dt><dd>{shown}</dd></div>')
    return f'<dl class="meta">{"".join(rows)}</dl>' if rows else ""


def switch(ident: str) -> str:
    """A layer's checkbox, just before its label in the legend; CSS reacts to it with :has()."""
    return f'<input type="checkbox" class="sw" id="{ident}" checked>'


def controls(report: Report, present: list[str]) -> str:
    counts = report.technique_counts()
    flagged = sum(1 for p in report.passages if p.status in ("inserted", "suspect"))
    layers = [("techniques", "Techniques", len(report.techniques)), ("claims", "Claims", len(report.claims)),
              ("passages", "Passages", len(report.passages))]
    out = ['<section class="card controls" aria-label="Layers and legend">', "<fieldset><legend>Layers</legend>"]
    for layer, word, n in layers:
        extra = f", {flagged} flagged" if layer == "passages" and flagged else ""
        out.append(f'{switch("show-" + layer)}<label class="toggle" for="show-{layer}">{word} <span class="n">{n}{extra}</span></label>')
    missing = [layer for layer, _, _ in layers + [("verdict", "", 0)] if layer not in report.layers_run]
    if missing:
        out.append(f'<p class="notrun">Not analysed: {esc(", ".join(missing))}.</p>')
    out.append("</fieldset>")
    if present:
        out.append("<fieldset><legend>Techniques found</legend>")
        numbers = technique_numbers(report)
        seen: set[str] = set()
        for name in present:
            key = technique_key(name)
            if key in seen:
                continue
            seen.add(key)
            out.append(f'{switch("show-" + key)}<label class="toggle" for="show-{key}" title="{esc(DEFINITIONS.get(name, ""))}">'
                       f'<span class="swatch {key}" aria-hidden="true"></span>{technique_number(numbers[name])}'
                       f'{esc(technique_title(name))} <span class="n">{counts.get(name, 0)}</span></label>')
        out.append('<details><summary>What these techniques mean</summary><dl class="defs">')
        seen.clear()
        for name in present:
            key = technique_key(name)
            if key in seen:
                continue
            seen.add(key)
            definition = DEFINITIONS.get(name, "A label unspin does not know.")
            out.append(f'<dt>{technique_number(numbers[name])}{esc(technique_title(name))}</dt><dd id="def-{key}">{esc(definition)}</dd>')
        out.append("</dl></details></fieldset>")
    out.append(key_legend(report))
    out.append("</section>")
    return "".join(out)


def key_legend(report: Report) -> str:
    """The Key: how each kind of claim source and each passage status is drawn, for those the article
    shows (text judged alone has no inserted or matched passage and no dropped words)."""
    kinds = {c.source_kind() for c in report.claims}
    sources = "".join(f'<span class="pill src-{k}">{SOURCE_WORDS[k]}</span>' for k in SOURCE_WORDS if k in kinds)
    statuses = {p.status for p in report.passages}
    samples = [f'<span class="sample p-{s}">{s}</span>' for s in ("inserted", "suspect", "matched") if s in statuses]
    ref = comparison(report)
    if ref and any(d.at is not None for d in ref.dropped):
        samples.append('<del class="sample">dropped</del>')
    parts = ([f"{sources} claim sources"] if sources else []) + ([f'{" ".join(samples)} passages'] if samples else [])
    return f'<fieldset><legend>Key</legend>{" · ".join(parts)}</fieldset>' if parts else ""


def technique_tip(t) -> str:
    """What a technique span's tip says: the technique, its definition and the explanation, the cue
    that fired and the span's score."""
    definition = DEFINITIONS.get(t.technique, "a technique unspin does not know")
    tip = f"{technique_title(t.technique)}: {definition}"
    if t.explanation and t.explanation != definition:
        tip += f" ({t.explanation})"
    if t.cue:
        tip += f" Cue: {cue_words(t.cue)}."
    return tip + f" Span score {_num(t.score)}."


def technique_descriptions(report: Report) -> str:
    """What a focused technique span's aria-describedby points at, one per span: its whole tip, so a
    screen reader hears the cue and the score a sighted reader sees; hidden, so it is read whether
    or not the "What these techniques mean" list is open (a closed <details> describes nothing)."""
    items = "".join(f'<span id="tip-t-{i}">{esc(technique_tip(t))}</span>'
                    for i, t in enumerate(report.techniques) if _span(report, t.start, t.end))
    return f'<div hidden class="descriptions">{items}</div>' if items else ""


# ---- the side panel ------------------------------------------------------------------------------


def verdict_card(report: Report) -> str:
    out = ['<section class="card verdict" aria-labelledby="verdict-h"><h2 id="verdict-h">Verdict</h2>']
    v = report.verdict
    if v is None:
        said = next((w for w in report.warnings if w.startswith("no verdict: ")), None)
        why = (said[len("no verdict: "):] if said else "see the warnings") if "verdict" in report.layers_run \
            else "the verdict layer was not run"
        out.append(f'<p class="notrun">No verdict: {esc(why)}.</p></section>')
        return "".join(out)
    label = str(v.label)
    cls = f"v-{label}" if label in VERDICT_WORDS else "v-other"
    try:
        score = min(max(float(v.score), 0.0), 1.0)
    except (TypeError, ValueError):
        score = 0.0
    out.append(f'<span class="label {cls}">{esc(VERDICT_WORDS.get(label, label))}</span>'
               f'<span class="score">{"unreliability score" if label == "satire" else "score"} {score:.2f}'
               f'{" (the text alone)" if v.raised else " (not meant for satire)" if label == "satire" else ""}</span>')
    out.append(f'<svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="score {score:.2f} of 1">'
               '<rect width="100" height="10" rx="3" fill="#e3e6ea"/>'
               f'<rect width="{score * 100:.1f}" height="10" rx="3" fill="#2f4fb5"/></svg>')
    if v.raised:  # a red label beside a bar at 6% reads as a contradiction unless it is said why
        origin = ("passages out of keeping with the rest of the article" if v.raised_by == "style"
                  else "the comparison with a trusted original")
        out.append(f'<p class="hint raised">The label comes from {origin} (the first '
                   'reason); the bar is the score of the text read alone.</p>')
    if v.reasons:
        out.append('<ol class="reasons">')
        for r in v.reasons:
            links = _reason_links(report, r.spans or [])
            weight = r.weight if isinstance(r.weight, (int, float)) else 0
            # the arrow is for the eye: a screen reader says the words ("raises concern"), not "black
            # up-pointing triangle"
            direction = ('<span class="dir up"><span aria-hidden="true">▲</span> raises concern:</span> ' if weight > 0
                         else '<span class="dir down"><span aria-hidden="true">▼</span> lowers concern:</span> ' if weight < 0
                         else '<span class="dir"><span aria-hidden="true">●</span> sets the label:</span> ')  # satire: not scored
            # a reason the verdict states rather than scores (an altered or faithful copy, style breaks)
            # carries a share of the text as its weight, which is no model weight: not shown as one
            stated = r.text.startswith(STATED_REASONS)
            shown_weight = f' <span class="w">(weight {_num(r.weight)})</span>' if weight and not stated else ""
            out.append(f'<li>{direction}<span class="r">{esc(r.text)}</span>{shown_weight}'
                       + _reason_evidence(links) + "</li>")
        out.append("</ol>")
    out.append("</section>")
    return "".join(out)


#: a reason's pieces of evidence listed under it; the others behind "and N more" (the terminal quotes 3 too)
REASON_LINKS = 3


def _reason_evidence(links: list[str]) -> str:
    """The links under a reason: the first REASON_LINKS, the others behind "and N more" (one more is
    shown: a toggle would take its line); "88% of sentences use a propaganda technique" had listed
    all 23 sentences."""
    if not links:
        return ""
    if len(links) <= REASON_LINKS + 1:
        return "<br>" + "<br>".join(links)
    return ("<br>" + "<br>".join(links[:REASON_LINKS])
            + f'<details class="more-links"><summary>and {len(links) - REASON_LINKS} more</summary>'
            + "<br>".join(links[REASON_LINKS:]) + "</details>")


def _reason_links(report: Report, spans: list) -> list[str]:
    """One link per distinct piece of evidence: a word cited four times reads "“talks” also 2 3 4",
    the quote linking to its first occurrence and each number to a later one. On paper, where bare
    numbers link nowhere, it reads "“talks” (cited 4 times)" (report.css: print)."""
    groups: dict[str, list[tuple[int, int]]] = {}
    shown: dict[str, str] = {}
    for s in spans:
        span = _span(report, s.get("start"), s.get("end")) if isinstance(s, dict) else None
        if span:
            text = snippet(report, *span, n=70)
            groups.setdefault(text.casefold(), []).append(span)
            shown.setdefault(text.casefold(), text)
    links = []
    for key, group in groups.items():
        first = group[0]
        link = f'<a href="#span-{first[0]}-{first[1]}" class="reason-link">“{shown[key]}”</a>'
        if len(group) > 1:
            more = " ".join(f'<a href="#span-{a}-{b}" class="reason-link more" aria-label="“{shown[key]}”, occurrence {k}">{k}</a>'
                            for k, (a, b) in enumerate(group[1:], start=2))
            link += (f' <span class="also">also {more}</span>'
                     f'<span class="also-count" hidden> (cited {len(group)} times)</span>')
        links.append(link)
    return links


def charts_card(report: Report) -> str:
    if "techniques" not in report.layers_run and not report.techniques:
        return ""
    counts = report.technique_counts()
    out = ['<section class="card" aria-labelledby="charts-h"><h2 id="charts-h">Techniques at a glance</h2>']
    if not counts:
        out.append('<p class="notrun">No propaganda technique was found.</p></section>')
        return "".join(out)
    out.append(bar_chart(counts))
    out.append(position_chart(report, list(counts)))
    out.append("</section>")
    return "".join(out)


def bar_chart(counts: dict[str, int]) -> str:
    """Techniques by count, as horizontal bars."""
    width, label_w, bar_w, row = 330, 160, 135, 20
    top = max(counts.values())
    height = row * len(counts) + 4
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="bars-t">'
           '<title id="bars-t">Techniques by number of spans</title>']
    for i, (name, n) in enumerate(counts.items()):
        y = i * row + 2
        bg, line = technique_colours(name)
        title = technique_title(name)
        shown = SHORT_TITLES.get(name, title if len(title) <= 22 else title[:21] + "…")
        w = max(2.0, bar_w * n / top)
        out.append(f'<g><title>{esc(title)}: {n}</title><text x="0" y="{y + 13}">{esc(shown)}</text>'
                   f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="13" rx="2" fill="{bg}" stroke="{line}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{n}</text></g>')
    out.append("</svg>")
    return "".join(out)


def position_chart(report: Report, present: list[str]) -> str:
    """Where in the article each technique falls: one lane per technique, paragraph marks behind."""
    n = max(1, len(report.text))
    width, label_w, lane = 330, 110, 16
    flagged = [(i, p) for i, p in enumerate(report.passages) if p.status in ("inserted", "suspect")]
    lanes = list(present) + (["__passages__"] if flagged else [])
    height = lane * len(lanes) + 18
    span_w = width - label_w - 4

    def x(pos):
        return label_w + span_w * min(max(pos, 0), n) / n

    # the ticks link to their spans for the mouse; for the keyboard and screen readers they would
    # repeat the lists' links (and, 2-7 px wide, be hard to see focused): out of the tab order and
    # hidden, and the chart is a named group, not an image with links inside
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="group" aria-labelledby="where-t" aria-describedby="where-d">'
           '<title id="where-t">Where in the article the techniques fall (start to end)</title>'
           '<desc id="where-d">The marks are links for the mouse only; the same spans are listed, with links, under '
           'Techniques and Passages.</desc>']
    for p in report.paragraphs:
        out.append(f'<line class="axis" x1="{x(p.start):.1f}" x2="{x(p.start):.1f}" y1="0" y2="{height - 16}"/>')
    for row, name in enumerate(lanes):
        y = row * lane
        full = "passages" if name == "__passages__" else technique_title(name)
        shown = SHORT_TITLES.get(name, full if len(full) <= 17 else full[:16] + "…")
        out.append(f'<text x="0" y="{y + 12}"><title>{esc(full)}</title>{esc(shown)}</text>')
        out.append(f'<line class="axis" x1="{label_w}" x2="{width - 4}" y1="{y + 8}" y2="{y + 8}"/>')
        if name == "__passages__":
            # the key's colours: inserted red, suspect amber (report.css --inserted, --suspect)
            items = [(f"p-{i}", p.start, p.end, "#b3261e" if p.status == "inserted" else "#b35400", f"passage {p.status}")
                     for i, p in flagged]
        else:
            colour = technique_colours(name)[1]
            items = [(f"t-{i}", t.start, t.end, colour, technique_title(name))
                     for i, t in enumerate(report.techniques) if t.technique == name]
        for ident, start, end, colour, label in items:
            span = _span(report, start, end)
            if not span:
                continue
            w = max(2.0, x(span[1]) - x(span[0]))
            out.append(f'<a href="#{ident}" tabindex="-1" aria-hidden="true"><rect x="{x(span[0]):.1f}" y="{y + 2}" width="{w:.1f}" height="12" fill="{colour}">'
                       f'<title>{esc(label)}: “{snippet(report, *span, n=60)}”</title></rect></a>')
    out.append(f'<text x="{label_w}" y="{height - 3}">start</text>'
               f'<text x="{width - 4}" y="{height - 3}" text-anchor="end">end</text></svg>')
    return "".join(out)


def cue_words(cue: str) -> str:
    """A span's cue as a reader reads it: the tagger writes "why here | why this technique"."""
    where, _, which = cue.partition(" | ")
    return f"{where}; as the technique: {which}" if which else where


def techniques_card(report: Report) -> str:
    if not report.techniques:
        return ""
    out = ['<section class="card" aria-labelledby="tech-h"><h2 id="tech-h">Techniques</h2><ul class="list">']
    numbers = technique_numbers(report)
    for name, count in report.technique_counts().items():
        key = technique_key(name)
        items = [f'<li><a href="#t-{i}">“{snippet(report, t.start, t.end, 70)}”</a> <span class="q">score {_num(t.score)}'
                 + (f" · {esc(t.explanation)}" if t.explanation and t.explanation != DEFINITIONS.get(name) else "")
                 + (f" · cue: {esc(cue_words(t.cue))}" if t.cue else "") + "</span></li>"
                 for i, t in enumerate(report.techniques) if t.technique == name]
        out.append(f'<li><details><summary><span class="swatch {key}" aria-hidden="true"></span> '
                   f'{technique_number(numbers[name])}{esc(technique_title(name))} '
                   f'<span class="q">({count})</span></summary><ul class="list">{"".join(items)}</ul></details></li>')
    out.append("</ul></section>")
    return "".join(out)


def claims_card(report: Report, limit: int = 15) -> str:
    """The claims, most check-worthy first, each with its source, cue, check-worthiness and numbers:
    the first `limit` listed, the others behind "Show the other N claims" (every claim's details
    are in the page's text, not only in a tooltip a keyboard, touch or screen reader never gets)."""
    if "claims" not in report.layers_run and not report.claims:
        return ""
    out = ['<section class="card" aria-labelledby="claims-h"><h2 id="claims-h">Claims, most check-worthy first</h2>']
    if not report.claims:
        out.append('<p class="notrun">No claims found.</p></section>')
        return "".join(out)
    ranked = sorted(enumerate(report.claims), key=lambda ic: -(ic[1].checkworthiness or 0.0))
    out.append('<ul class="list">' + "".join(_claim_item(report, i, c) for i, c in ranked[:limit]) + "</ul>")
    if len(ranked) > limit:
        out.append(f'<details class="more-claims"><summary>Show the other {len(ranked) - limit} claims</summary><ul class="list">'
                   + "".join(_claim_item(report, i, c) for i, c in ranked[limit:]) + "</ul></details>")
    out.append("</section>")
    return "".join(out)


def _claim_item(report: Report, i: int, c) -> str:
    kind = c.source_kind()
    details = []
    if c.attribution and c.attribution.source:
        details.append(f"source: {esc(' '.join(c.attribution.source.split()))}")
    if c.attribution and c.attribution.cue:
        details.append(f"cue: {esc(_cue_shown(c.attribution))}")
    if c.checkworthiness is not None:
        details.append(f"check-worthiness {_num(c.checkworthiness)}")
    for q in c.quantities or []:
        details.append(esc(q.text) + (f" [{esc(q.flag_words())}]" if q.flags else ""))
    return (f'<li><span class="pill src-{kind}">{SOURCE_WORDS[kind]}</span> <a href="#c-{i}">“{snippet(report, c.start, c.end, 110)}”</a>'
            + (f'<br><span class="q">{" · ".join(details)}</span>' if details else "") + "</li>")


#: cues that are punctuation, named: a headline's "Pence: “...”" had read "cue: :"
_PUNCTUATION_CUES = {":": "colon", "-": "dash", "\u2013": "dash", "\u2014": "dash"}


def _cue_shown(a) -> str:
    """The word that marks a claim's source, or for a punctuation mark what it is and where: "the
    colon after the name" ("Pence: “...”"), not a bare ":"."""
    cue = " ".join(a.cue.split())
    if any(ch.isalnum() for ch in cue):
        return cue
    side = "before" if a.source_start is not None and a.cue_start is not None and a.cue_start < a.source_start else "after"
    name = _PUNCTUATION_CUES.get(cue)
    return f"the {name} {side} the name" if name else f"\u201c{cue}\u201d {side} the name"


def passages_card(report: Report) -> str:
    if "passages" not in report.layers_run and not report.passages:
        return ""
    out = ['<section class="card" aria-labelledby="pass-h"><h2 id="pass-h">Passages</h2>']
    by_status: dict[str, int] = {}
    for p in report.passages:
        by_status[p.status] = by_status.get(p.status, 0) + 1
    summary = ", ".join(f"{n} {esc(s)}" for s, n in sorted(by_status.items())) or "none compared"
    out.append(f'<p class="hint">{summary}</p>')
    flagged = [(i, p) for i, p in enumerate(report.passages) if p.status in ("inserted", "suspect")]
    if flagged:
        out.append('<ul class="list">')
        for i, p in flagged:
            ref = p.reference or {}
            extra = []
            if p.score is not None:
                extra.append(f"score {_num(p.score)}")
            if p.explanation:
                extra.append(esc(p.explanation))
            if isinstance(ref, dict) and ref.get("title") and (not p.explanation or ref["title"] not in p.explanation or ref.get("url")):
                # the title once: an inserted passage's explanation already names it (a link is still worth adding)
                url = safe_url(ref.get("url"))
                title = esc(ref["title"])
                extra.append(f'reference: <a href="{esc(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else f"reference: {title}")
            out.append(f'<li><span class="pill p-{p.status}">{esc(p.status)}</span> <a href="#p-{i}">“{snippet(report, p.start, p.end, 110)}”</a>'
                       + (f'<br><span class="q">{" · ".join(extra)}</span>' if extra else "") + "</li>")
        out.append("</ul>")
    ref = comparison(report)
    if ref is not None:
        out.append(dropped_list(ref))
    out.append("</section>")
    return "".join(out)


def dropped_list(ref) -> str:
    """The reference the article was compared with, and what it left out of it (struck through)."""
    url = safe_url(ref.source)
    title = esc(ref.title)
    name = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else f"“{title}”"
    matched = matched_phrase(ref)
    out = [f'<p class="hint">Compared with the reference {name}{matched}.</p>']
    if ref.dropped:
        out.append('<ul class="list">')
        for d in ref.dropped:
            clipped = d.text if len(d.text) <= 110 else d.text[:109] + "…"
            note = f' <span class="q">{esc(d.note)}</span>' if d.note else ""
            out.append(f'<li><span class="pill p-dropped">dropped</span> <del>“{esc(clipped)}”</del>{note}</li>')
        if ref.more:
            out.append(f'<li class="q">and {ref.more} more in the JSON report</li>')
        out.append("</ul>")
    return "".join(out)


def warnings_card(report: Report) -> str:
    if not report.warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in report.warnings)
    return f'<section class="card warnings" aria-labelledby="warn-h"><h2 id="warn-h">Warnings</h2><ul class="list">{items}</ul></section>'


def footer(report: Report) -> str:
    from .. import __version__

    total = (report.timings or {}).get("total")
    bits = [f"unspin {esc(__version__)}", esc(report.schema), f"profile {esc((report.meta or {}).get('profile', '?'))}",
            f"layers: {esc(', '.join(report.layers_run) or 'none')}"]
    if isinstance(total, (int, float)):
        bits.append(f"analysed in {total:.2f} s")
    return f'<footer class="small">{" · ".join(bits)}</footer>'
