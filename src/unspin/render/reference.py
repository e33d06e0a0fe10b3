"""What a reference comparison found, in words both renderers show: the trusted original the article
was aligned with, how much of the article it covers, and what the article left out of it (the
``dropped`` list of ``report.meta["splices"]``, which has no offsets in the article)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Report

#: dropped pieces listed before "and N more"
MAX_SHOWN = 8


@dataclass
class Dropped:
    text: str
    note: str  # where it was: "replaced by “more than”" or "left out before “The next round”"
    at: int | None = None  # the article offset where it would have been (None: unknown)


@dataclass
class Comparison:
    title: str
    source: str
    coverage: float | None
    dropped: list[Dropped] = field(default_factory=list)
    more: int = 0  # dropped pieces not listed


def matched_phrase(ref: "Comparison") -> str:
    """': 97% of the article matched'; an article with a word inserted is never shown as 100%
    matched (0.9956 read "100%" next to its inserted passages)."""
    if ref.coverage is None:
        return ""
    from ..splices.align import matched_percent

    return f": {matched_percent(ref.coverage)}% of the article matched"


def _words(text: str, n: int, *, tail: bool = False) -> str:
    words = text.split()
    if not words:
        return ""
    if tail:
        return ("…" if len(words) > n else "") + " ".join(words[-n:])
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def comparison(report: Report) -> Comparison | None:
    """The reference comparison of `report`, or None when its passages were not aligned with a
    reference. Tolerates any ``meta`` (a report read back from JSON may carry anything there)."""
    meta = report.meta.get("splices") if isinstance(report.meta, dict) else None
    if not isinstance(meta, dict) or meta.get("mode") != "reference":
        return None
    refs = [r for r in meta.get("references") or [] if isinstance(r, dict)]
    ref = refs[0] if refs else {}
    title = str(ref.get("title") or ref.get("id") or "the reference")
    source = str(ref.get("source") or "")
    coverage = meta.get("coverage")
    coverage = float(coverage) if isinstance(coverage, (int, float)) and 0 <= coverage <= 1 else None
    inserted = [p for p in report.passages if p.status == "inserted"]
    out = []
    items = [d for d in meta.get("dropped") or [] if isinstance(d, dict) and str(d.get("text") or "").strip()]
    n = len(report.text)
    for d in items[:MAX_SHOWN]:
        at = d.get("at")
        at = at if isinstance(at, int) and 0 <= at <= n else None
        note = ""
        if at is not None:
            j = at
            while j < n and report.text[j].isspace():
                j += 1
            here = next((p for p in inserted if p.start <= j < p.end), None)
            if here is not None:
                note = f"replaced by “{_words(report.text[here.start:here.end], 8)}”"
            elif report.text[at:].strip():
                note = f"left out before “{_words(report.text[at:], 5)}”"
            else:
                note = f"left out at the end, after “{_words(report.text[:at], 5, tail=True)}”"
        out.append(Dropped(" ".join(str(d["text"]).split()), note, at))
    total = meta.get("dropped_total")
    total = total if isinstance(total, int) and total >= len(items) else len(items)
    return Comparison(title, source, coverage, out, max(total - len(out), 0))
