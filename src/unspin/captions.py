"""Where an article's photo captions are.

A page marks them (``meta["captions"]``: [start, end] of each ``<figcaption>``'s line, set by
:func:`unspin.inputs.from_html`); pasted text labels them ("Photo caption: Strikers block the gates",
"Caption: ...", "Pictured: ..."). A caption is the publication's own voice, read before the story,
and a place where a slanted line is easily added: the claims say so of a claim in one, the verdict of
propaganda in one.
"""

from __future__ import annotations

import re
from typing import Any

#: a line of text labelled as a photo caption (a bare "Photo:" is mostly a credit, "Photo: Reuters")
_LABELLED = re.compile(r"^[ \t]*(?:photo(?:graph)?[ \t]+caption|caption|pictured)[ \t]*:[ \t]*\S[^\n]*", re.I | re.M)


def marked_captions(text: str, meta: Any) -> list[tuple[int, int]]:
    """The captions a page marked (``meta["captions"]``), those well formed and inside `text`."""
    spans = meta.get("captions") if isinstance(meta, dict) else None
    out = []
    for pair in spans if isinstance(spans, list) else ():
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= start < end <= len(text):
            out.append((start, end))
    return out


def caption_spans(text: str, meta: Any = None) -> list[tuple[int, int]]:
    """Every photo caption of `text`: those its page marked and the lines labelled as one, in order."""
    labelled = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.end()) for m in _LABELLED.finditer(text)]
    return sorted(set(marked_captions(text, meta)) | {(a, b) for a, b in labelled})
