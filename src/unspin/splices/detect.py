"""Splice detection for one article: Report passages from a reference index, or from style alone.

With a reference index, the article is looked up (MinHash LSH, then exact shingle containment);
when the best references cover at least ``MIN_COVERAGE`` of its words after alignment, every
character is ``matched`` (with the reference id, title and offsets) or ``inserted``, and what the
article dropped from its reference is listed in ``report.meta["splices"]["dropped"]``. Otherwise
(no index, or no reference found) each sentence gets its style-break probability: ``suspect``
above the calibrated threshold, ``unverified`` below it; phrases inside unflagged sentences can be
``suspect`` on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..report import Passage
from .align import INSERTED, align
from .features import Unit
from .index import TRACE_WORDS

#: share of the article's words the reference(s) must cover for the article to count as derived
MIN_COVERAGE = 0.3
#: a candidate reference must hold at least this share of the article's shingles to be aligned
MIN_CONTAINMENT = 0.1
MAX_REFERENCES = 3
MAX_DROPPED = 50
#: inserted paragraphs of at least TRACE_WORDS words are looked up on their own in the index (at most
#: MAX_LOOKUPS lookups per article): text lifted from another indexed story is named as such
MAX_LOOKUPS = 40
DROPPED_TEXT = 500


@dataclass
class Detection:
    passages: list[Passage]
    meta: dict[str, Any] = field(default_factory=dict)


#: a phrase of fewer words is never flagged on its own ("As a result", "shops"): too short to break
#: from an article's style in a way a reader could check. Validation F1 0.7457 against 0.7472 with
#: one-word phrases allowed (scripts/splices_min_phrase.py, rule fixed before the run)
MIN_PHRASE_WORDS = 3


def _why(row) -> str:
    """': it is more negative wording and first person (I, we)', or '' when nothing stands out alone."""
    from .features import describe

    cues = describe(row)
    return f"; it stands out for {' and '.join(cues)}" if cues else ""


def style_flags(units: list[Unit], probs: list[float], sentence_t: float, phrase_t: float, text: str) -> list[tuple[int, int, float]]:
    """(start, end, probability) of the suspect units of `text`: sentences over `sentence_t`, and
    phrases of at least MIN_PHRASE_WORDS words over `phrase_t` inside sentences that are not suspect
    as a whole."""
    whole = {u.sentence for u, p in zip(units, probs) if not u.phrase and p >= sentence_t}
    out = [(u.start, u.end, p) for u, p in zip(units, probs) if not u.phrase and u.sentence in whole]
    out += [(u.start, u.end, p) for u, p in zip(units, probs) if u.phrase and p >= phrase_t and u.sentence not in whole
            and len(text[u.start : u.end].split()) >= MIN_PHRASE_WORDS]
    return sorted(out)


def by_style(doc: Document, model) -> Detection:
    """Passages from the style model: every sentence, split around its suspect phrases."""
    if hasattr(model, "score_with_features"):
        scored, X = model.score_with_features(doc)
    else:  # a stand-in model (tests) gives no features to explain with
        scored, X = model.score(doc), None
    why = {(u.start, u.end): _why(X[i]) for i, (u, _) in enumerate(scored)} if X is not None and len(X) else {}
    units = [u for u, _ in scored]
    probs = [p for _, p in scored]
    flags = style_flags(units, probs, model.sentence_threshold, model.phrase_threshold, doc.text)
    sentence_p = {u.sentence: p for u, p in scored if not u.phrase}
    by_sentence: dict[int, list[tuple[int, int, float]]] = {}
    starts = [s.start for s in doc.sentences]
    for flag in flags:
        by_sentence.setdefault(bisect_right(starts, flag[0]) - 1, []).append(flag)
    passages = []
    for k, sent in enumerate(doc.sentences):
        sent_p = sentence_p.get(k, 0.0)
        inside = by_sentence.get(k, [])
        if inside and inside[0][:2] == (sent.start, sent.end):
            passages.append(Passage(sent.start, sent.end, "suspect", round(sent_p, 4),
                                    explanation=f"breaks from the style of the rest of the article (p={sent_p:.2f})"
                                                + why.get((sent.start, sent.end), "")))
            continue
        cursor = sent.start
        for s, e, p in inside:
            if cursor < s and doc.text[cursor:s].strip():
                passages.append(Passage(cursor, s, "unverified", round(sent_p, 4)))
            passages.append(Passage(s, e, "suspect", round(p, 4),
                                    explanation=f"this phrase breaks from the style of its sentence and article (p={p:.2f})"
                                                + why.get((s, e), "")))
            cursor = e
        if cursor < sent.end and doc.text[cursor : sent.end].strip():
            passages.append(Passage(cursor, sent.end, "unverified", round(sent_p, 4)))
    meta = {"mode": "style", "model": f"splices-style {model.version}",
            "thresholds": {"sentence": model.sentence_threshold, "phrase": model.phrase_threshold}}
    return Detection(_trimmed(doc.text, passages), meta)


def _trimmed(text: str, passages: list[Passage]) -> list[Passage]:
    """Passages without the whitespace at their edges (the gap between a suspect phrase and the
    rest of its sentence: "', said it has\nstarted'"); a passage of whitespace only is dropped."""
    out = []
    for p in passages:
        start, end = p.start, p.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            p.start, p.end = start, end
            out.append(p)
    return out


def by_reference(doc: Document, index) -> Detection | None:
    """Passages aligned with the best references in `index`, or None when none covers the article."""
    hits = [(h, ref) for h, ref in index.search(doc.text, limit=MAX_REFERENCES) if h.containment >= MIN_CONTAINMENT]
    if not hits:
        return None
    alignment = align(doc.text, [(ref.id, ref.text) for _, ref in hits])
    if alignment.coverage < MIN_COVERAGE:
        return None
    refs = [{"id": h.id, "title": h.title, "source": h.source, "containment": round(h.containment, 4)} for h, _ in hits]
    links = [_link(h.source) for h, _ in hits]
    used = sorted({s.ref for s in alignment.segments if s.ref is not None})
    passages = []
    for seg in alignment.segments:
        if not doc.text[seg.start : seg.end].strip():
            continue
        if seg.status == INSERTED:
            primary = refs[0]
            passages.append(Passage(seg.start, seg.end, "inserted", 1.0, {"id": primary["id"], "title": primary["title"], **links[0]},
                                    f"not in the reference “{primary['title'] or primary['id']}”, which has the text around it"))
        else:
            r = seg.ref if seg.ref is not None else 0
            ref = refs[r]
            passages.append(Passage(seg.start, seg.end, "matched", 0.0,
                                    {"id": ref["id"], "title": ref["title"], "start": seg.ref_start, "end": seg.ref_end, **links[r]},
                                    f"found in the reference “{ref['title'] or ref['id']}”"))
    passages = _trace(doc.text, passages, index, exclude={h.id for h, _ in hits})
    dropped = [{"reference": refs[d.ref]["id"], "start": d.start, "end": d.end, "at": d.at,
                "text": d.text if len(d.text) <= DROPPED_TEXT else d.text[:DROPPED_TEXT] + "…", "words": len(d.text.split())}
               for d in alignment.dropped[:MAX_DROPPED]]
    meta = {"mode": "reference", "references": [refs[r] for r in used] or refs[:1], "coverage": round(alignment.coverage, 4),
            "dropped": dropped, "dropped_total": len(alignment.dropped)}
    return Detection(_trimmed(doc.text, passages), meta)


def _link(source: str) -> dict[str, str]:
    """``{"url": source}`` when a reference's source is a web address, else ``{}``."""
    return {"url": source} if source.lower().startswith(("http://", "https://")) else {}


def _trace(text: str, passages: list[Passage], index, *, exclude: set[str]) -> list[Passage]:
    """Name where inserted passages come from when other indexed articles hold them: an article
    stitched from several stories, or a paragraph lifted from an older one. They stay ``inserted``
    (they are not in this story's original); their reference gains ``found_in`` (id, title, the
    offsets there) and the explanation says so. Each paragraph of a passage is looked up on its own
    (a long one by 40-word windows, as the index hashes its documents' parts), and a passage whose
    paragraphs come from different stories is split where its source changes. Returns the passages."""
    if not hasattr(index, "find_passage"):
        return passages
    budget = [MAX_LOOKUPS]
    out = []
    for p in passages:
        if p.status != "inserted" or len(text[p.start : p.end].split()) < TRACE_WORDS or budget[0] <= 0:
            out.append(p)
            continue
        pieces = [(m.start() + p.start, m.end() + p.start) for m in re.finditer(r"[^\n]+", text[p.start : p.end])
                  if len(m.group().split()) >= TRACE_WORDS]
        found = [(a, b, _origin(text[a:b], index, exclude, budget)) for a, b in pieces]
        if not any(f for _, _, f in found):
            out.append(p)
            continue
        groups: list[list] = []  # consecutive pieces from the same story (or from none)
        for a, b, f in found:
            key = f[0].id if f else None
            if groups and groups[-1][0] == key:
                groups[-1][2] = b
            else:
                groups.append([key, a, b, f])
        for n, (key, a, b, f) in enumerate(groups):
            start = p.start if n == 0 else a
            end = groups[n + 1][1] if n + 1 < len(groups) else p.end
            part = p if len(groups) == 1 else Passage(start, end, p.status, p.score, dict(p.reference or {}), p.explanation)
            if f is not None:
                _found_in(part, text[a:b], *f)
            out.append(part)
    return out


def _origin(piece: str, index, exclude: set[str], budget: list[int]):
    """(hit, document) of the indexed article holding `piece`, or None: the piece whole, then (a long
    piece, whose one MinHash matches no 40-word part) its 40-word windows in turn."""
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    found = index.find_passage(piece, exclude=exclude)
    words = list(re.finditer(r"\w+", piece))
    for k in range(0, len(words) - TRACE_WORDS + 1, 40) if found is None and len(words) > 60 else ():
        if budget[0] <= 0:
            break
        budget[0] -= 1
        found = index.find_passage(piece[words[k].start() : words[min(k + 39, len(words) - 1)].end()], exclude=exclude)
        if found is not None:
            break
    return found


def _found_in(p: Passage, passage: str, hit, ref) -> None:
    """Mark `p` as text of the indexed article `ref`, with where `passage` (its text) is there."""
    passage = passage.strip()
    where = [seg for seg in align(passage, [(ref.id, ref.text)]).segments if seg.ref_start is not None]
    origin = {"id": hit.id, "title": hit.title}
    if where:
        start, end = min(seg.ref_start for seg in where), max(seg.ref_end for seg in where)
        # the words' offsets, widened by the punctuation the passage has at its edges ('"We', 'lesson.')
        lead, tail = re.match(r"\W*", passage).group(), re.search(r"\W*$", passage).group()
        start -= len(lead) if lead and ref.text[max(start - len(lead), 0) : start] == lead else 0
        end += len(tail) if tail and ref.text[end : end + len(tail)] == tail else 0
        origin.update(start=start, end=end)
    origin.update(_link(hit.source))
    p.reference = {**(p.reference or {}), "found_in": origin}
    p.explanation += f"; the same text is in another indexed article, “{hit.title or hit.id}”"


def detect(doc: Document, *, index=None, model=None) -> Detection:
    """Reference alignment when `index` finds the article's source, else the style model."""
    if index is not None:
        found = by_reference(doc, index)
        if found is not None:
            return found
    if model is None:
        from .style import StyleModel

        model = StyleModel.load()
    detection = by_style(doc, model)
    if index is not None:
        detection.meta["references"] = []
        detection.meta["note"] = "no indexed reference covers this article; passages are scored by style alone"
    return detection
