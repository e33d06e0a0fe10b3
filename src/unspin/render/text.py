"""The terminal view of a Report: the article with highlighted spans, a legend, and summary tables."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..report import WORDING, Report
from ..techniques import TITLES
from .reference import comparison, matched_phrase

# one colour per technique, readable on dark and light terminals
COLOURS = {
    "Loaded_Language": "bold red",
    "Name_Calling,Labeling": "bold magenta",
    "Repetition": "bold yellow",
    "Exaggeration,Minimisation": "bold bright_red",
    "Doubt": "bold cyan",
    "Appeal_to_fear-prejudice": "bold bright_magenta",
    "Flag-Waving": "bold blue",
    "Causal_Oversimplification": "bold green",
    "Slogans": "bold bright_yellow",
    "Appeal_to_Authority": "bold bright_cyan",
    "Black-and-White_Fallacy": "bold bright_green",
    "Thought-terminating_Cliches": "bold bright_blue",
    "Whataboutism,Straw_Men,Red_Herring": "bold bright_white",
    "Bandwagon,Reductio_ad_hitlerum": "bold white",
}
PASSAGE_STYLES = {"inserted": "on dark_red", "suspect": "on grey30"}
ATTRIBUTION_BADGES = {"named": "[green]named[/]", "vague": "[yellow]vague[/]", "none": "[red]none[/]", "headline": "[dim]headline[/]"}

#: control characters made visible, one character for one so offsets still index the text: an
#: article can never send escape sequences (ESC [2J, OSC titles and links, C1 CSI) to the terminal.
#: CR becomes a space (Rich would drop it and shift every highlight after it); tab and newline stay.
_CONTROLS = {c: 0x2400 + c for c in range(32) if c not in (9, 10, 13)} | {13: " ", 0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}


def printable(s: object) -> str:
    """`s` as text that is safe to print to a terminal: every control character replaced by a
    visible one. For anything from an article (text, titles, ids) that a command prints."""
    return str(s).translate(_CONTROLS)


#: the marks that stand in for colour when there is none: a technique span, numbered as in the
#: legend, and an inserted or suspect passage
TECH_MARKS, PASSAGE_MARKS = ("\u27e6", "\u27e7"), ("\u00ab", "\u00bb")


def marked_text(report: Report) -> Text:
    """The article with its spans marked in characters: ⟦radical agitators⟧1 for a technique (its number
    in the legend), «...» around an inserted or suspect passage. For reports without colour (NO_COLOR,
    a pipe, a file), where highlighting would show nothing."""
    numbers = {name: k for k, name in enumerate(report.technique_counts(), 1)}
    # (offset, 0 closes before 1 opens, then nesting order, text): at one offset the longer span opens
    # first and closes last, and a passage holds a technique of the same extent («⟦...⟧1», not «⟦...»⟧1)
    marks: list[tuple[int, int, tuple, str]] = []
    for p in report.passages:
        if p.status in ("inserted", "suspect"):
            length = p.end - p.start
            marks += [(p.start, 1, (-length, 0), PASSAGE_MARKS[0]), (p.end, 0, (length, 1), PASSAGE_MARKS[1])]
    for t in report.techniques:
        length = t.end - t.start
        marks += [(t.start, 1, (-length, 1), TECH_MARKS[0]), (t.end, 0, (length, 0), f"{TECH_MARKS[1]}{numbers.get(t.technique, '')}")]
    out, at = [], 0
    for offset, _, _, mark in sorted(marks, key=lambda m: m[:3]):
        out += [printable(report.text[at:offset]), mark]
        at = offset
    out.append(printable(report.text[at:]))
    return Text("".join(out))


def article_text(report: Report, *, color: bool = True) -> Text:
    """The article with passages as background and techniques as coloured, underlined text (marked
    in characters without colour)."""
    if not color:
        return marked_text(report)
    text = Text(printable(report.text))
    for p in report.passages:
        style = PASSAGE_STYLES.get(p.status)
        if style:
            text.stylize(style, p.start, p.end)
    for t in sorted(report.techniques, key=lambda t: -(t.end - t.start)):
        text.stylize(COLOURS.get(t.technique, "bold") + " underline", t.start, t.end)
    return text


def build(report: Report, *, max_claims: int = 6, color: bool = True):
    parts = []
    meta = report.meta
    title = meta.get("title") or meta.get("path") or meta.get("url") or ("standard input" if meta.get("source") == "stdin" else "article")
    # who wrote it, when and where, as the page said (the HTML report lists them too)
    known = [f"by {meta['author']}" if meta.get("author") else "", str(meta.get("date") or ""),
             str(meta["source"]) if meta.get("source") not in (None, "", "stdin") and meta.get("source") != title else ""]
    subtitle = " · ".join([k for k in known if k] + [f"profile: {meta.get('profile', '?')}"])
    parts.append(Panel(article_text(report, color=color), title=Text(printable(title)), subtitle=Text(printable(subtitle))))

    if report.verdict:
        v = report.verdict
        colour = {"low": "green", "medium": "yellow", "high": "red", "satire": "cyan"}.get(v.label, "white")
        alone = ", the text alone" if v.raised else ""
        if v.label == "satire":  # not a degree of concern: the score is not meant for satire
            lines = [Text("SATIRE", style=f"bold {colour}") + Text(f"  (unreliability score {v.score:.2f}, not meant for satire)")]
        else:
            lines = [Text(f"{printable(v.label).upper()} concern", style=f"bold {colour}") + Text(f"  (score {v.score:.2f}{alone})")]
        for r in v.reasons:
            mark, style = ("▲", "red") if r.weight > 0 else ("▼", "green") if r.weight < 0 else ("●", "cyan")
            row = Table.grid(padding=(0, 1))  # a wrapped reason keeps its indent under the text, not the mark
            row.add_column(width=3, justify="right", no_wrap=True)
            row.add_column(ratio=1)
            said = Text(printable(r.text))
            cited = Counter(_clip(report.snippet(sp["start"], sp["end"]), 40) for sp in r.spans if sp["end"] > sp["start"])
            quoted = [f"\u201c{q}\u201d" + (f" ({n} times)" if n > 1 else "") for q, n in cited.items()]
            if quoted and not r.text.startswith(WORDING):  # (the wording reason names its words itself)
                # where to look: the HTML report highlights these, the terminal quotes them, each once with
                # how often it is cited ("4 hedging words" at “could” (4 times), not at a lone “could”)
                said.append("\nat " + ", ".join(quoted[:3])
                            + (f" and {len(quoted) - 3} more" if len(quoted) > 3 else ""), style="dim")
            row.add_row(Text(mark, style=style), said)
            lines.append(row)
        lines.append(Text("▲ points toward unreliable, ▼ toward careful reporting", style="dim"))
        parts.append(Panel(Group(*lines), title="Verdict"))
    elif "verdict" in report.layers_run:
        why = next((w for w in report.warnings if w.startswith("no verdict")), "no verdict: see the warnings below")
        parts.append(Panel(Text(printable(why), style="dim"), title="Verdict"))

    if "techniques" in report.layers_run:
        table = Table(title="Propaganda techniques", show_lines=False, expand=False)
        table.add_column("technique")
        table.add_column("count", justify="right")
        table.add_column("example")
        counts = report.technique_counts()
        for name, n in counts.items():
            # the example is the strongest span, and it says what the technique is and what fired
            example = max((t for t in report.techniques if t.technique == name), key=lambda t: (t.score, -t.start))
            label = Text(printable(TITLES.get(name, name)), style=COLOURS.get(name, ""))
            if example.explanation:  # the definition whole (the longest is 119 characters), never cut mid-word
                label.append("\n" + _clip_words(example.explanation, 160), style="dim")
            shown = Text(_clip(report.snippet(example.start, example.end)))
            if example.cue:  # "span cue | technique cue": the technique's part names the words that made it this one
                # the span's own score (how sure it is a technique at all) beside the technique's share
                shown.append(f"\nwhy: span score {example.score:.2f}; " + _clip_cues(example.cue.split(" | ")[-1], 100),
                             style="dim")
            table.add_row(label, str(n), shown)
        if not counts:
            table.add_row("none found", "0", "")
        parts.append(table)

    if "claims" in report.layers_run and not report.claims:
        parts.append(Text("Claims: none found", style="dim"))
    if "claims" in report.layers_run and report.claims:
        table = Table(title="Claims (most check-worthy first)", expand=True)
        table.add_column("worth", justify="right", width=5, no_wrap=True)
        table.add_column("source", ratio=2)
        table.add_column("claim", ratio=5)
        table.add_column("numbers", ratio=2)
        ranked = sorted(report.claims, key=lambda c: -(c.checkworthiness if c.checkworthiness is not None else 0.0))
        for c in ranked[:max_claims]:
            a = c.attribution
            # a kind the schema does not know is shown as it is, never read as markup
            src = Text.from_markup(ATTRIBUTION_BADGES[c.source_kind()]) if a.kind in ATTRIBUTION_BADGES else Text(printable(a.kind))
            if a.source:
                src.append(f" {_clip(a.source, 40)}")
            worth = "-" if c.checkworthiness is None else f"{c.checkworthiness:.2f}"
            nums = Text()
            for q in c.quantities:
                if nums:
                    nums.append(", ")
                nums.append(printable(q.text))
                if q.flags:
                    nums.append(printable(f" ({q.flag_words()})"), style="yellow")
            claim = Text(_clip(report.snippet(c.start, c.end), 160))
            if c.explanation:
                claim.append(f"\n{printable(c.explanation)}", style="italic yellow")
            table.add_row(worth, src, claim, nums)
        if len(ranked) > max_claims:
            table.caption = f"{len(ranked) - max_claims} more claims in the JSON report"
        parts.append(table)

    flagged = [p for p in report.passages if p.status in ("inserted", "suspect")]
    if "passages" in report.layers_run:
        table = Table(title="Passages flagged, in text order")
        table.add_column("status")
        table.add_column("score", justify="right")
        table.add_column("passage")
        for p in flagged:
            row = Text(_clip(report.snippet(p.start, p.end), 90))
            origin = p.reference.get("found_in") if isinstance(p.reference, dict) else None
            if isinstance(origin, dict):  # text lifted from another indexed story: say which
                row.append(printable(f" (the same text is in “{_clip(str(origin.get('title') or origin.get('id') or ''), 60)}”)"),
                           style="dim")
            table.add_row(Text(printable(p.status)), "-" if p.score is None else f"{p.score:.2f}", row)
        ref = comparison(report)
        for d in ref.dropped if ref else []:
            row = Text(f"“{_clip(d.text, 70)}”", style="strike")
            if d.note:
                row.append(f" {printable(d.note)}", style="dim")
            table.add_row(Text("dropped"), "-", row)
        if ref and ref.more:
            table.add_row(Text("dropped"), "-", Text(f"and {ref.more} more in the JSON report", style="dim"))
        if not flagged and not (ref and ref.dropped):
            table.add_row("none flagged", "", "")
        if ref:
            matched = matched_phrase(ref)
            source = f" ({_clip(ref.source, 60)})" if ref.source and ref.source != ref.title else ""
            table.caption = printable(f"compared with the reference “{_clip(ref.title, 70)}”{source}{matched}")
        parts.append(table)

    legend = Text("legend: ")
    for k, name in enumerate(report.technique_counts(), 1):
        if not color:
            legend.append(f"{TECH_MARKS[0]}…{TECH_MARKS[1]}{k} ")
        legend.append(printable(TITLES.get(name, name)), style=COLOURS.get(name, ""))
        legend.append("  ")
    if not color and flagged:
        legend.append(f"{PASSAGE_MARKS[0]}…{PASSAGE_MARKS[1]} " + " or ".join(
            s for s in ("inserted", "suspect") if any(p.status == s for p in flagged)) + " passage")
    for status in ("inserted", "suspect") if color else ():
        if any(p.status == status for p in flagged):  # only what the article has
            legend.append(status, style=PASSAGE_STYLES[status])
            legend.append("  ")
    if legend.plain != "legend: ":
        parts.append(legend)
    for w in report.warnings:
        parts.append(Text(f"warning: {printable(w)}", style="yellow"))
    return Group(*parts)


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The text report as a string (ANSI colours only when `color`)."""
    console = Console(width=width, record=True, force_terminal=color, color_system="standard" if color else None, file=_Null())
    console.print(build(report, color=color))
    return console.export_text(styles=color)


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(printable(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _clip_words(s: str, n: int) -> str:
    """`s` in at most `n` characters, cut at the end of a word: "... hates or finds undesirable, or
    loves and praises." clipped reads "... hates or…", not "... hates or finds undes…"."""
    s = " ".join(printable(s).split())
    if len(s) <= n:
        return s
    cut = s.rfind(" ", 0, n)
    return (s[:cut].rstrip(",;:") if cut > 0 else s[: n - 1]) + "…"


def _clip_cues(s: str, n: int) -> str:
    """A technique's cues ("Loaded language (..., 60%): a short phrase; repeated elsewhere in the
    article") in at most `n` characters, the last ones dropped whole: every cue shown is complete
    (a cut had left 'the phrase "a…', an open quote and half a word)."""
    s = " ".join(printable(s).split())
    if len(s) <= n:
        return s
    parts = s.split("; ")
    while len(parts) > 1 and len("; ".join(parts)) + 3 > n:
        parts.pop()
    shown = "; ".join(parts)
    return shown + "; …" if len(shown) + 3 <= n else _clip_words(shown, n)


class _Null:
    def write(self, *_):
        return 0

    def flush(self):
        pass
