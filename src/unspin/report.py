"""The Report: unspin's one output contract.

Every renderer (terminal, JSON, HTML, SemEval files, batch rows) is a pure function of a Report.
Its JSON form is versioned by ``SCHEMA`` and described by ``schema/report-1.json``. All offsets
are half-open ``[start, end)`` character offsets into ``Report.text``.

A layer whose analyser did not run is an empty list (or ``None`` for the verdict): never invented
values. ``Report.layers_run`` says which layers were produced, so an empty list can be told apart
from "not analysed".
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

SCHEMA = "unspin.report/1"
#: the fields every report JSON has (the JSON Schema's "required"; tests/test_report.py checks both agree)
REQUIRED_FIELDS = ("schema", "text", "meta", "sentences", "techniques", "claims", "passages", "verdict", "layers_run",
                   "timings", "warnings")

ATTRIBUTION_KINDS = ("named", "vague", "none")
PASSAGE_STATUSES = ("matched", "inserted", "suspect", "unverified")
VERDICT_LABELS = ("low", "medium", "high", "satire")
#: the verdict score's upper bounds for the labels low and medium (high above); a label above its
#: score's band was raised by evidence the score does not weigh (a copy a reference proves altered,
#: passages out of keeping with the rest that carry techniques)
VERDICT_BANDS = {"low": 0.35, "medium": 0.65}


_JSON_C1 = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


@dataclass
class SentenceSpan:
    start: int
    end: int


@dataclass
class Technique:
    start: int
    end: int
    technique: str
    score: float
    explanation: str = ""
    cue: str = ""


@dataclass
class Attribution:
    kind: str  # "named" | "vague" | "none"
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    quoted: bool = False


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    kind: str  # "percent" | "money" | "count" | "date" | "age" | "number" | ...
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    unit: str | None = None
    counts: str | None = None
    flags: list[str] = field(default_factory=list)  # keys of FLAG_WORDS

    def flag_words(self) -> str:
        """The flags as a reader reads them: "unsourced, suspiciously precise"."""
        return ", ".join(FLAG_WORDS.get(f, f.replace("_", " ")) for f in self.flags)


#: a quantity's flags, in words
FLAG_WORDS = {
    "unsourced": "unsourced",
    "suspiciously_precise": "suspiciously precise",
    "inconsistent": "inconsistent with another figure",
}


@dataclass
class Claim:
    start: int
    end: int
    checkworthiness: float | None
    attribution: Attribution
    quantities: list[Quantity] = field(default_factory=list)
    explanation: str = ""
    #: the claim is the article's headline: the publication speaking for the story, not a sentence of it
    headline: bool = False

    def source_kind(self) -> str:
        """How the reports badge the claim's source: its attribution's kind ("named", "vague", "none"),
        or "headline" for a headline that names no source (a headline cites no one by convention)."""
        kind = self.attribution.kind if self.attribution and self.attribution.kind in ("named", "vague", "none") else "none"
        return "headline" if kind == "none" and self.headline else kind


@dataclass
class Passage:
    start: int
    end: int
    status: str  # "matched" | "inserted" | "suspect" | "unverified"
    score: float | None = None
    reference: dict[str, Any] | None = None
    explanation: str = ""


#: how the verdict's text-model reason starts; renderers know it by this (it names its own words)
WORDING = "Its wording resembles"
#: how the verdict's style-break reason starts (unspin.verdict.reasons.style_breaks); renderers say
#: where a raised label comes from by it
STYLE_BREAKS = "Out of keeping with the rest"
#: how the reasons start that the verdict states rather than scores (unspin.verdict.reasons): their
#: weight marks a direction and a share of the text, not a model weight
ALTERED_COPY = "Altered copy"
#: how the verdict's reason on propaganda in a photo caption starts (unspin.verdict.reasons.caption_techniques)
IN_A_CAPTION = "In a photo caption"
STATED_REASONS = (ALTERED_COPY, "Faithful copy", STYLE_BREAKS, IN_A_CAPTION)


@dataclass
class Reason:
    text: str
    weight: float
    spans: list[dict[str, int]] = field(default_factory=list)


@dataclass
class Verdict:
    score: float
    label: str
    reasons: list[Reason] = field(default_factory=list)
    #: the satire detector's probability that the article is satire (the label is "satire" when it
    #: passes the detector's threshold); None when no detector ran (no model, or an altered copy)
    satire: float | None = None

    @property
    def raised(self) -> bool:
        """Whether the label is above the score's band (see ``VERDICT_BANDS``): the score then reads
        the text alone and the label rests on the first reason."""
        try:
            score = float(self.score)
        except (TypeError, ValueError):
            return False
        band = "low" if score < VERDICT_BANDS["low"] else "medium" if score < VERDICT_BANDS["medium"] else "high"
        order = ("low", "medium", "high")
        return self.label in order and order.index(self.label) > order.index(band)

    @property
    def raised_by(self) -> str | None:
        """What raised a raised label, from the first reason, which states it: "reference" (an
        altered copy of an indexed original), "style" (passages out of keeping with the rest), or
        None (not raised, or raised with no such reason)."""
        first = self.reasons[0].text if self.raised and self.reasons else ""
        return "style" if first.startswith(STYLE_BREAKS) else "reference" if first.startswith(ALTERED_COPY) else None


@lru_cache(maxsize=1)
def _validator():
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("unspin").joinpath("schema/report-1.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with `data` against the report's JSON Schema, in words (None: nothing)."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "the report"
    if error.validator == "enum":  # the technique enum has 14 long names: say which value, not all of them
        allowed = list(error.validator_value)
        shown = ", ".join(map(repr, allowed[:4])) + (f" (and {len(allowed) - 4} more)" if len(allowed) > 4 else "")
        return f"{where}: {error.instance!r} is not one of {shown}"
    return f"{where}: {error.message[:200]}"


def _finite(value: Any) -> Any:
    """`value` with every infinite or NaN float replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


@dataclass
class Report:
    """What unspin found in one article; every output (terminal, JSON, HTML, SemEval, batch rows) is
    a function of it. All offsets are half-open ``[start, end)`` character offsets into `text`.

    - `techniques`: propaganda technique spans (one of the 14 SemEval-2020 T11 labels each);
    - `claims`: check-worthy claims with their attribution and quantities;
    - `passages`: matched / inserted / suspect / unverified passages (splices);
    - `verdict`: score, label and reasons, or None (not run, or a text too short or not English);
    - `layers_run`: the layers produced; an empty list of a layer listed here means "nothing found",
      of one not listed, "not analysed";
    - `meta` (title, url, path, source, author, date, language, profile), `timings` (seconds per
      analyser), `warnings` (what the reader should know).

    JSON: :meth:`to_json` / :meth:`from_json` (schema ``unspin.report/1``).
    """

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[SentenceSpan] = field(default_factory=list)
    paragraphs: list[SentenceSpan] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    verdict: Verdict | None = None
    layers_run: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    schema: str = SCHEMA

    # ---- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # schema first: readers sniff it before anything else
        return {"schema": data.pop("schema"), **data}

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON (schema ``unspin.report/1``, src/unspin/schema/report-1.json); C0 and C1
        control characters escaped, so printing it to a terminal is safe."""
        # json escapes C0 controls only; DEL and C1 (U+0080-U+009F, e.g. the 8-bit CSI U+009B) are
        # escaped too, so printing a report to a terminal cannot start a control sequence
        data = self.to_dict()
        try:
            out = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
        except ValueError:  # an infinite or NaN number is not JSON (JavaScript's JSON.parse refuses "Infinity")
            out = json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False)
        return out.translate(_JSON_C1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        """The Report of a dict made by :meth:`to_dict`. Raises InputError when it is not one: another
        schema, a missing field (a layer that is absent would read as "nothing found" where it was
        "not analysed"), a field of the wrong shape, a technique outside the 14, an offset outside
        the text."""
        from .errors import InputError

        if not isinstance(data, dict):
            raise InputError(f"not an unspin report: a JSON object is expected, not {type(data).__name__}")
        if data.get("schema") != SCHEMA:
            raise InputError(f"not an unspin report: schema is {data.get('schema')!r}, expected {SCHEMA!r}")
        missing = [key for key in REQUIRED_FIELDS if key not in data]
        if missing:
            raise InputError(f"not a complete unspin report: {', '.join(missing)} missing")
        problem = _schema_problem(data)
        if problem:  # a field of the wrong type or value would crash a renderer later, far from its cause
            raise InputError(f"not a valid unspin report: {problem}")
        try:
            report = cls._build(data)
        except (TypeError, KeyError, ValueError, AttributeError) as err:
            raise InputError(f"not a valid unspin report: {err}") from None
        report._check()
        return report

    def _check(self) -> None:
        from .errors import InputError
        from .techniques import TECHNIQUES

        if not isinstance(self.text, str):
            raise InputError("not a valid unspin report: text is not a string")
        unknown = sorted({t.technique for t in self.techniques} - set(TECHNIQUES))
        if unknown:
            raise InputError(f"not a valid unspin report: unknown technique(s) {', '.join(map(repr, unknown))}")
        n = len(self.text)
        try:
            spans = list(self.iter_spans())
        except (KeyError, TypeError) as err:
            raise InputError(f"not a valid unspin report: a span without start and end ({err})") from None
        for layer, start, end in spans:
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= n):
                raise InputError(f"not a valid unspin report: a span of {layer}, [{start!r}, {end!r}), "
                                 f"is not within the text's {n:,} characters")

    @classmethod
    def _build(cls, data: dict[str, Any]) -> "Report":

        def spans(items):
            return [SentenceSpan(**s) for s in items or []]

        claims = []
        for c in data.get("claims") or []:
            c = dict(c)
            c["attribution"] = Attribution(**c["attribution"])
            c["quantities"] = [Quantity(**q) for q in c.get("quantities") or []]
            claims.append(Claim(**c))
        verdict = None
        if data.get("verdict"):
            v = dict(data["verdict"])
            v["reasons"] = [Reason(**r) for r in v.get("reasons") or []]
            verdict = Verdict(**v)
        known = {f.name for f in fields(cls)}
        rest = {k: v for k, v in data.items() if k in known}
        rest.update(
            sentences=spans(data.get("sentences")),
            paragraphs=spans(data.get("paragraphs")),
            techniques=[Technique(**t) for t in data.get("techniques") or []],
            claims=claims,
            passages=[Passage(**p) for p in data.get("passages") or []],
            verdict=verdict,
        )
        return cls(**rest)

    @classmethod
    def from_json(cls, raw: str | bytes) -> "Report":
        """The Report of a JSON document made by :meth:`to_json` (InputError when it is not one)."""
        from .errors import InputError

        try:
            data = json.loads(raw)
        except (ValueError, TypeError) as err:  # JSONDecodeError is a ValueError
            raise InputError(f"not an unspin report: not JSON ({err})") from None
        return cls.from_dict(data)

    # ---- helpers for renderers -----------------------------------------------------------
    def snippet(self, start: int, end: int) -> str:
        return self.text[start:end]

    def technique_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for t in self.techniques:
            counts[t.technique] = counts.get(t.technique, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def iter_spans(self):
        """Every (layer, start, end) the report points at: for offset checks."""
        for s in self.sentences:
            yield "sentences", s.start, s.end
        for s in self.paragraphs:
            yield "paragraphs", s.start, s.end
        for t in self.techniques:
            yield "techniques", t.start, t.end
        for c in self.claims:
            yield "claims", c.start, c.end
            a = c.attribution
            if a.source_start is not None:
                yield "claims.attribution.source", a.source_start, a.source_end
            if a.cue_start is not None:
                yield "claims.attribution.cue", a.cue_start, a.cue_end
            for q in c.quantities:
                yield "claims.quantities", q.start, q.end
        for p in self.passages:
            yield "passages", p.start, p.end
        if self.verdict:
            for r in self.verdict.reasons:
                for s in r.spans:
                    yield "verdict.reasons", s["start"], s["end"]
