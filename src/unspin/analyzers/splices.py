"""Analyser ``splices``: which passages were spliced into the article.

With ``Options.index`` (a reference index, ``unspin analyze --index PATH``) the article is aligned
with the references it was built from: passages are ``matched`` (with the reference id, title and
offsets) or ``inserted``, and ``report.meta["splices"]`` lists what the article dropped. Without an
index, or when no reference covers the article, the style-break model marks sentences and phrases
``suspect`` or ``unverified`` (see :mod:`unspin.splices.detect`).
"""

from __future__ import annotations

from ..pipeline import analyzer


@analyzer("splices", layer="passages", profiles=("fast", "full"), order=40, models=("splices-style",))
def make(options):
    """Passages matched to or inserted into a reference article, or suspect by style."""
    from ..splices.detect import TRACE_WORDS, detect
    from ..splices.style import StyleModel

    index = None
    if options.index:
        from ..splices.index import ReferenceIndex

        index = ReferenceIndex.open(options.index, readonly=True)
    model = StyleModel.load()

    def run(doc, report):
        detection = detect(doc, index=index, model=model)
        report.meta["splices"] = detection.meta
        if index is not None and not index.has_parts() and any(p.status == "inserted" for p in detection.passages):
            report.warnings.append(
                f"the reference index {options.index} was made before passages could be traced to other indexed "
                "articles: inserted text is not checked against them; rebuild the index (unspin index add into a new file)")
        elif index is not None and not index.traces_short_passages() and any(
                p.status == "inserted" and "found_in" not in (p.reference or {})
                and len(doc.text[p.start : p.end].split()) >= TRACE_WORDS for p in detection.passages):
            report.warnings.append(
                f"the reference index {options.index} was made before short passages were traced exactly: an inserted "
                "sentence or short paragraph taken from another indexed article may not be named as such; rebuild the "
                "index (unspin index add into a new file)")
        return detection.passages

    return run
