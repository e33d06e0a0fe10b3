"""Reasons: the strongest evidence behind a verdict, as sentences a person can check against the
highlighted text.

Each feature has a phrasing for "more than reliable articles" and one for "less than reliable
articles"; numbers are the article's own counts next to the median (or mean) of the reliable
training articles, and spans point at what was counted.
"""

from __future__ import annotations

import re

from ..report import IN_A_CAPTION, STYLE_BREAKS, WORDING, Reason, Report
from .features import Evidence, text_share

#: feature -> (what, kind, phrasing when high, phrasing when low); kind: rate (per 100 words) | share | value
PHRASES: dict[str, tuple[str, str, str, str]] = {
    "exclamations_per100": ("exclamation marks", "rate", "{n} exclamation mark{s}", "no exclamation marks"),
    "questions_per100": ("question marks", "rate", "{n} question mark{s}, often rhetorical", "few questions"),
    "caps_words_per100": ("all-caps words", "rate", "{n} word{s} in ALL CAPS", "no shouting in capitals"),
    "sentiment_extremity": ("sentiment", "value", "strongly emotional sentences (mean |sentiment| {v:.2f})",
                            "an even, unemotional tone (mean |sentiment| {v:.2f})"),
    "strong_sentiment_share": ("emotional sentences", "share", "{pct:.0f}% of sentences are strongly emotional",
                               "few strongly emotional sentences ({pct:.0f}%)"),
    "negativity": ("negative wording", "value", "heavily negative wording: VADER negativity {v:.2f}", "little negative wording: VADER negativity {v:.2f}"),
    "first_person_per100": ("first-person words", "rate", "{n} first-person word{s} (I, we, our): the writer takes sides",
                            "an impersonal, third-person voice"),
    "second_person_per100": ("second-person words", "rate", "{n} word{s} addressing the reader directly (you, your)",
                             "no direct address of the reader"),
    "reading_ease": ("reading ease", "value", "very simple, punchy language (Flesch reading ease {v:.0f})",
                     "dense, formal language (Flesch reading ease {v:.0f})"),
    "sentence_words": ("sentence length", "value", "long sentences ({v:.0f} words on average)",
                       "short sentences ({v:.0f} words on average)"),
    "quote_share": ("quoted sentences", "share", "{pct:.0f}% of sentences carry quotations",
                    "little direct quotation: {pct:.0f}% of sentences quote anyone"),
    "named_sources_per100": ("statements attributed to named sources", "rate",
                             "{n} statement{s} attributed to named sources",
                             "few statements attributed to a named source ({n})"),
    "vague_sources_per100": ("vague attributions", "rate", "{n} stock vague-source phrase{s} (such as 'sources say', 'experts say' or 'reportedly')",
                             "no vague attributions"),
    "numbers_per100": ("numbers", "rate", "{n} number{s}", "few concrete numbers ({n})"),
    "superlatives_per100": ("superlatives", "rate", "{n} superlative{s} (best, worst, most)", "few superlatives"),
    "intensifiers_per100": ("intensifiers", "rate", "{n} intensifier{s} or hype word{s} (such as very, totally, shocking)",
                            "few intensifiers"),
    "lowercase_starts_share": ("sentences starting in lower case", "share",
                               "{n} sentence{s} start{s_verb} with a lower-case letter, a sign of no copy-editing",
                               "careful capitalisation"),
    "time_anchors_per100": ("time anchors", "rate", "{n} specific day{s} or time{s}", "few specific days or times ({n}): events are not anchored in time"),
    "reporting_verbs_per100": ("reporting verbs", "rate", "{n} reporting verb{s} (said, told, announced)",
                               "few reporting verbs ({n}): little is attributed to anyone"),
    "entities_per100": ("named people, organisations and places", "rate", "{n} named {people}",
                        "few named people, organisations or places ({n})"),
    "they_per100": ("'they/them' words", "rate", "{n} use{s} of 'they/them', often an us-versus-them framing",
                    "little us-versus-them framing"),
    "calls_to_action_per100": ("calls to action", "rate", "{n} call{s} to action (such as 'share this' or 'wake up')",
                               "no calls to action"),
    "hedges_per100": ("hedging words", "rate", "{n} hedging word{s} (may, might, reportedly)", "few hedges"),
    "log_words": ("length", "value", "a long article ({n} words)", "a short article ({n} words)"),
    "tech_per100": ("propaganda-technique spans", "rate", "{n} propaganda-technique span{s}", "{few} propaganda techniques"),
    "tech_sentence_share": ("sentences with a propaganda technique", "share",
                            "{pct:.0f}% of sentences use a propaganda technique", "few sentences use propaganda techniques"),
    "tech_loaded_per100": ("loaded-language spans", "rate", "{n} loaded-language span{s}", "little loaded language"),
    "tech_name_calling_per100": ("name-calling spans", "rate", "{n} name-calling / labeling span{s}", "no name calling"),
    "tech_exaggeration_per100": ("exaggerations", "rate", "{n} exaggeration{s} or minimisation{s}", "no exaggeration"),
    "tech_fear_per100": ("appeals to fear", "rate", "{n} appeal{s} to fear or prejudice", "no appeals to fear"),
    "tech_flag_slogans_per100": ("flag-waving and slogans", "rate", "{n} flag-waving or slogan span{s}", "no flag-waving"),
    "tech_doubt_per100": ("doubt-casting spans", "rate", "{n} span{s} casting doubt without evidence", "no doubt-casting"),
    "tech_authority_per100": ("appeals to authority", "rate", "{n} appeal{s} to authority", "no appeals to authority"),
    "tech_repetition_per100": ("repetitions", "rate", "{n} repeated slogan{s} or phrase{s}", "no repetition"),
    "tech_fallacy_per100": ("logical fallacies", "rate",
                            "{n} logical {fallacies} (oversimplification, black-and-white, whataboutism, bandwagon, clichés)",
                            "no logical fallacies"),
    "claims_unsourced_share": ("unsourced check-worthy claims", "share",
                               "{n} check-worthy claim{s} ({pct:.0f}%) {have} no source", "most check-worthy claims have a source"),
    "claims_vague_share": ("vaguely sourced claims", "share", "{n} check-worthy claim{s} ({pct:.0f}%) cite{s_verb} only vague sources",
                           "few vaguely sourced claims"),
    "claims_named_share": ("claims with a named source", "share", "{n} check-worthy claim{s} ({pct:.0f}%) name{s_verb} {their} source",
                           "only {pct:.0f}% of check-worthy claims name their source"),
    "quantities_flagged_per100": ("flagged quantities", "rate",
                                  "{n} number{s} flagged as unsourced, inconsistent or suspiciously precise",
                                  "no dubious numbers"),
    "passages_suspect_share": ("inserted or suspect passages", "share",
                               "{n} passage{s} ({pct:.0f}% of the text) look{s_verb} inserted or altered", "no altered passages"),
}

MAX_SPANS = 25
#: the example words a phrasing gives in brackets ("(may, might, reportedly)"): left out when the
#: reason points at the article's own words, which a reader sees instead (2 hedging words "likely",
#: "could"); the logical fallacies' brackets name the techniques counted, and stay
_EXAMPLES = re.compile(r" \((?:such as )?(?:'[^']+'|[\w-]+)(?:(?:, | or )(?:'[^']+'|[\w-]+))+\)")
_NAMES_WHAT_IT_COUNTS = {"tech_fallacy_per100"}


def _compare(name: str, value: float, reference: dict[str, float]) -> str:
    kind = PHRASES[name][1]
    ref = reference.get(name)
    mean = reference.get(f"{name}__mean")
    if ref is None:
        return ""
    if kind == "rate":  # always the article's own rate first, then the reliable articles'
        if ref > 0 and value > 0:
            ratio = value / ref
            if ratio >= 1.5 or ratio <= 0.67:
                return f"{value:.2f} per 100 words, {ratio:.1f}x the typical rate in reliable articles, {ref:.2f}"
        basis = ref if ref > 0 else (mean or 0.0)
        word = "typically" if ref > 0 else "on average"
        return f"{value:.2f} per 100 words; reliable articles {word} have {basis:.2f}"
    if kind == "share":
        return f"reliable articles typically {100 * ref:.0f}%"
    if name == "log_words":
        import math

        return f"reliable articles typically run {math.expm1(ref):.0f} words"
    # as precise as the article's own value in the reason ("23 words on average (... typically 19)", not 19.13)
    places = re.search(r"\{v:\.(\d)f\}", PHRASES[name][2])
    return f"reliable articles typically {ref:.{places[1] if places else 2}f}"


#: features whose high values read as careful reporting; the rest of PHRASES, except NEUTRAL, read as
#: warning signs when high
REASSURING_WHEN_HIGH = {"quote_share", "named_sources_per100", "numbers_per100", "time_anchors_per100",
                        "reporting_verbs_per100", "entities_per100", "claims_named_share"}
#: features with no natural direction (length, sentence shape, readability, hedging)
NEUTRAL = {"reading_ease", "sentence_words", "log_words", "hedges_per100"}


def _agrees(name: str, high: bool, contribution: float) -> bool:
    """Whether a reason can be stated plainly: the model's push agrees with what the phrasing implies.

    A linear model over correlated features sometimes gives a feature a weight of the 'wrong' sign
    (e.g. *few* name-calling spans pushing toward unreliable, because another feature already counts
    them). Such a contribution is real arithmetic but no explanation a reader could check, so it is
    left out of the reasons."""
    if name in NEUTRAL or name not in PHRASES:
        return True
    natural = -1.0 if name in REASSURING_WHEN_HIGH else 1.0
    expected = natural if high else -natural
    return expected * contribution > 0


def _number_forms(n) -> dict[str, str]:
    """Singular or plural forms for the count `n` in PHRASES templates."""
    one = n == 1
    return {"s": "" if one else "s", "s_verb": "s" if one else "", "have": "has" if one else "have",
            "their": "its" if one else "their", "people": "person, organisation or place" if one else
            "people, organisations and places", "fallacies": "fallacy" if one else "fallacies"}


def reason_for(name: str, contribution: float, ev: Evidence, reference: dict[str, float], text_len: int) -> Reason | None:
    """One Reason for feature `name` given its contribution to the logit (positive: toward unreliable)."""
    if name not in PHRASES:
        return None
    value = ev.values.get(name, 0.0)
    n = ev.counts.get(name, 0)
    ref = reference.get(name, 0.0)
    high = value >= ref
    if not _agrees(name, high, contribution):
        return None
    if name == "time_anchors_per100" and not high and ev.time_expressions:
        return None  # "events are not anchored in time" is false of an article that says "in 1999" or "last year"
    what, kind, hi, lo = PHRASES[name]
    fmt = {"n": n if name != "log_words" else ev.words, "v": value, "pct": 100.0 * value if kind == "share" else value,
           "few": "few" if n else "no", **_number_forms(n)}
    spans = []
    if high:
        for start, end in ev.spans.get(name, [])[:MAX_SPANS]:
            if 0 <= start < end <= text_len:
                spans.append({"start": int(start), "end": int(end)})
    sentence = (hi if high else lo).format(**fmt)
    if spans and name not in _NAMES_WHAT_IT_COUNTS:
        sentence = _EXAMPLES.sub("", sentence)
    compare = _compare(name, value, reference)
    text = sentence[0].upper() + sentence[1:] + (f" ({compare})" if compare else "") + "."
    return Reason(text=text, weight=round(float(contribution), 4), spans=spans)


def text_reason(contribution: float, text_model: dict, text: str, *, reassuring: bool = False) -> Reason:
    """The text model's contribution as a reason: the words of this article that weigh most."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS  # spaCy is loaded already; scikit-learn's
    # list would import scikit-learn and SciPy into every first verdict (~1.5 s of CPU, ~120 MB), and
    # it counts 'bill', 'fire', 'system' and 'found' as stop words, which are telling words in news

    from . import textmodel

    top, spans, shown = [], [], set()
    for term, weight in textmodel.top_terms(text_model, text, k=25, sign=-1.0 if reassuring else 1.0):
        words = term.split()
        if all(len(w) == 1 or w in ENGLISH_STOP_WORDS for w in words) or shown & set(words):
            continue  # 'u' (of U.S.), 'its', 'if'; 'russian' after 'the russian' says nothing new
        found = textmodel.spans_of(term, text, limit=5)
        if found:  # a term found only inside longer words ("f" of "für") is not shown
            top.append((term, weight))
            shown.update(w for w in words if w not in ENGLISH_STOP_WORDS)
            spans += [{"start": s, "end": e} for s, e in found]
            if len(top) == 5:
                break
    words = ", ".join(f"'{t}'" for t, _ in top)
    sentence = f"{WORDING} the {'reliable' if reassuring else 'unreliable'} articles the model was trained on"
    return Reason(text=f"{sentence}{' (most telling: ' + words + ')' if words else ''}.",
                  weight=round(float(contribution), 4), spans=spans[:MAX_SPANS])


def build_reasons(contributions: dict[str, float], ev: Evidence, reference: dict[str, float], text_len: int, *,
                  top: int = 3, minimum: float = 0.1, reassuring: bool = False, text_model: dict | None = None,
                  text: str | None = None) -> list[Reason]:
    """The `top` largest positive contributions above `minimum` (or, with `reassuring`, the largest
    negative ones: evidence that the article reads like reliable reporting)."""
    from .model import TEXT_FEATURE

    sign = -1.0 if reassuring else 1.0
    ranked = sorted(((sign * c, f) for f, c in contributions.items() if sign * c >= minimum), reverse=True)
    out = []
    for _, name in ranked:
        if name == TEXT_FEATURE:
            reason = text_reason(contributions[name], text_model, text, reassuring=reassuring) if text_model and text else None
        else:
            reason = reason_for(name, contributions[name], ev, reference, text_len)
        if reason is not None:
            out.append(reason)
        if len(out) == top:
            break
    return out


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


#: a word whose removal turns a statement into its opposite ("have not been restored" -> "have been restored")
_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|without|none|nobody|nothing)\b|n['\u2019]t\b", re.I)
#: dropped text this long is a sentence or more left out, not an edit of a word or two
LONG_DROP_WORDS = 12


def _drops(report: Report) -> list[dict]:
    """The pieces of the trusted original the article leaves out that change what it says: a
    negation, or a passage of :data:`LONG_DROP_WORDS` words or more."""
    meta = report.meta.get("splices") if isinstance(report.meta, dict) else None
    if not isinstance(meta, dict) or meta.get("mode") != "reference":
        return []
    return [d for d in meta.get("dropped") or [] if isinstance(d, dict) and isinstance(d.get("text"), str)
            and isinstance(d.get("at"), int) and (_NEGATION.search(d["text"]) or _dropped_words(d) >= LONG_DROP_WORDS)]


def _word_at(text: str, at: int) -> tuple[int, int] | None:
    """The word the article has where text was left out (the next one; at the end, the last)."""
    m = re.compile(r"\S+").search(text, max(0, min(at, len(text))))
    if m is None:
        found = list(re.finditer(r"\S+", text))
        return (found[-1].start(), found[-1].end()) if found else None
    return m.start(), m.end()


def altered_copy(report: Report, score: float) -> tuple[Reason, bool] | None:
    """The reason to give when a reference index proved a trusted original was altered: text
    inserted into it (passages with status ``inserted``), or left out of it where that changes what
    it says (a negation, or a sentence or more). Returns the reason and whether the change itself
    carries manipulation: inserted text with a propaganda-technique span, a check-worthy claim
    without a named source or a number, or a negation left out. None when nothing of the kind was
    found.

    The verdict model never saw a reference match in training (no training set has originals), so
    this evidence cannot enter its score; it is stated first and sets the label (``judge``)."""
    inserted = [p for p in report.passages if p.status == "inserted"]
    # what was replaced is told by the inserted text that replaced it; only pure deletions are added
    drops = [d for d in _drops(report) if not any(p.start - 2 <= d["at"] <= p.end + 2 for p in inserted)]
    if not inserted:
        return _left_out(report, drops, score) if drops else None
    spans = [(p.start, p.end) for p in inserted]
    # the rest of what the reference comparison matched ("80% of the article matched", in words),
    # so that the two figures a reader sees add up; by characters when no coverage was recorded
    meta = report.meta.get("splices") if isinstance(report.meta, dict) else None
    coverage = meta.get("coverage") if isinstance(meta, dict) else None
    if isinstance(coverage, (int, float)) and 0 <= coverage <= 1:
        share = 1.0 - coverage
    else:
        share = text_share(report.text, spans)
    ref = next((p.reference for p in inserted if isinstance(p.reference, dict) and p.reference), {})
    title = ref.get("title") or ref.get("id") or "an indexed original"
    techniques = sum(1 for t in report.techniques if _overlaps(t.start, t.end, spans))
    claims = sum(1 for c in report.claims if _overlaps(c.start, c.end, spans) and c.attribution.kind != "named"
                 and (c.checkworthiness or 0.0) >= 0.5)
    numbers = sum(1 for c in report.claims for q in c.quantities if _overlaps(q.start, q.end, spans))
    carried = [f"{n} {one if n == 1 else many}" for n, one, many in (
        (techniques, "propaganda-technique span", "propaganda-technique spans"),
        (claims, "check-worthy claim without a named source", "check-worthy claims without a named source"),
        (numbers, "number", "numbers"),  # stated in the inserted text, or changed by it ("more than" 3 million)
    ) if n]
    n = len(inserted)
    lifted = [p.reference["found_in"] for p in inserted if isinstance(p.reference, dict)
              and isinstance(p.reference.get("found_in"), dict)]
    origins = list(dict.fromkeys(o.get("title") or o.get("id") or "another indexed article" for o in lifted))
    from ..splices.align import matched_percent

    pct = f"{100 - matched_percent(1 - share)}%" if share >= 0.005 else "under 1%"  # the complement of "% matched"
    text = (f"Altered copy: {n} passage{'' if n == 1 else 's'} ({pct} of the text) "
            f"{'is' if n == 1 else 'are'} not in the trusted original “{title}”, which the rest of the article matches"
            + (f"; {'it is' if n == 1 else ('all of them are' if len(lifted) == n else f'{len(lifted)} of them ' + ('is' if len(lifted) == 1 else 'are'))} "
               f"in {'another indexed article' if len(origins) == 1 else 'other indexed articles'} "
               f"({', '.join(f'“{o}”' for o in origins[:3])}), so lifted from "
               f"{'another story' if len(origins) == 1 else 'other stories'} rather than written for this one"
               if lifted else "")
            + (f"; the inserted text carries {_join(carried)}{' (stated or changed by it)' if numbers else ''}" if carried else "")
            + (f"; it also leaves out {_left_out_words(drops)} of the original" if drops else "")
            + f". The label rests on this comparison; the score ({score:.2f}) reads the text alone.")
    reason = Reason(text=text, weight=round(max(share, 1e-4), 4),
                    spans=[{"start": s, "end": e} for s, e in spans[:MAX_SPANS]])
    return reason, bool(carried) or any(_NEGATION.search(d["text"]) for d in drops)


#: technique spans outside quotations the suspect passages must hold between them for :func:`style_breaks`
STYLE_BREAK_TECHNIQUES = 2
#: and how concentrated there: their spans per word at least this many times the rest of the article's
STYLE_BREAK_CONCENTRATION = 3.0


def style_breaks(report: Report, score: float, *, raises: bool = True) -> Reason | None:
    """The reason to give when, with no trusted original to compare, passages that break from the
    style of the rest of the article (status ``suspect``) hold at least
    :data:`STYLE_BREAK_TECHNIQUES` propaganda-technique spans between them in the article's own
    voice (outside quotation marks, double or single: a quoted speaker's fiery words are reporting,
    and genuine news quotes them), at least :data:`STYLE_BREAK_CONCENTRATION` times as many per word
    as the rest of the article holds (outside quotations): the mission's case of wire copy with fabricated sentences written
    in, which the score, reading the wording of the whole mostly genuine article, puts low. None
    otherwise. The passages counted and pointed at are those that carry something: a technique span
    outside quotations, a check-worthy claim without a named source, or a figure (not a date).

    Like :func:`altered_copy` it is stated and not scored (no training set has spliced articles);
    ``judge`` makes the label at least "medium" on it, never "high", since style is not proof.
    `raises`: whether it sets the label (the score's own band is low); if not, the reason only says
    what it found. The threshold and what it does to genuine and manipulated news are measured by
    scripts/verdict_style_breaks.py (docs/verdict.md, "Style breaks")."""
    suspect = [(p.start, p.end) for p in report.passages if p.status == "suspect"]
    if not suspect:
        return None
    from ..claims.quantities_flags import is_statistic

    quoted = quotation_spans(report)
    unquoted = [t for t in report.techniques if not any(a <= (t.start + t.end) // 2 < b for a, b in quoted)]
    techniques = [t for t in unquoted if _overlaps(t.start, t.end, suspect)]
    if len(techniques) < STYLE_BREAK_TECHNIQUES:
        return None
    # written-in propaganda sits in the passages out of keeping; an opinionated article has its
    # techniques everywhere, and some of its passages break from the rest too
    inside = sum(len(report.text[s:e].split()) for s, e in suspect)
    outside = max(len(report.text.split()) - inside, 1)
    if len(techniques) / max(inside, 1) < STYLE_BREAK_CONCENTRATION * (len(unquoted) - len(techniques)) / outside:
        return None
    claims = [c for c in report.claims if _overlaps(c.start, c.end, suspect) and c.attribution.kind != "named"
              and (c.checkworthiness or 0.0) >= 0.5]
    numbers = [q for c in report.claims for q in c.quantities if _overlaps(q.start, q.end, suspect) and is_statistic(q)]
    carrying = [(s, e) for s, e in suspect if any(_overlaps(x.start, x.end, [(s, e)]) for x in (*techniques, *claims, *numbers))]
    carried = [f"{n} {one if n == 1 else many}" for n, one, many in (
        (len(techniques), "propaganda-technique span outside quotations", "propaganda-technique spans outside quotations"),
        (len(claims), "check-worthy claim without a named source", "check-worthy claims without a named source"),
        (len(numbers), "figure", "figures"),
    ) if n]
    share = text_share(report.text, carrying)
    n = len(carrying)
    pct = f"{share:.0%}" if share >= 0.005 else "under 1%"
    said = (f"{STYLE_BREAKS}: {n} passage{'' if n == 1 else 's'} ({pct} of the text) "
            f"break{'s' if n == 1 else ''} from the style of the rest of the article and carr{'ies' if n == 1 else 'y'} "
            f"{_join(carried)}. With no trusted original to compare (a reference index), this is a reading of style, "
            f"not proof that {'it was' if n == 1 else 'they were'} written in"
            + (f"; the label rests on it, the score ({score:.2f}) reads the text as a whole." if raises else "."))
    return Reason(text=said, weight=round(max(share, 1e-4), 4), spans=[{"start": s, "end": e} for s, e in carrying[:MAX_SPANS]])


def caption_techniques(report: Report) -> Reason | None:
    """The reason to give when a photo caption (one a page marked, or a line labelled "Photo caption:")
    holds propaganda-technique spans outside quotation marks. A caption is the publication's own
    voice, read before the story, and a slanted one is an easy addition to genuine copy; the score,
    reading the whole text, barely feels one line. Stated, not scored, and it sets no label (no
    training set marks captions, so how often honest captions carry a span is not measured): it
    points the reader at the caption. None when no caption holds one."""
    from ..captions import caption_spans
    from ..techniques import TITLES

    captions = caption_spans(report.text, report.meta)
    if not captions or not report.techniques:
        return None
    quoted = quotation_spans(report)
    spans = [t for t in report.techniques if _overlaps(t.start, t.end, captions)
             and not any(a <= (t.start + t.end) // 2 < b for a, b in quoted)]
    if not spans:
        return None
    kinds = list(dict.fromkeys(TITLES.get(t.technique, t.technique) for t in spans))
    first = " ".join(report.text[spans[0].start : spans[0].end].split())
    first = first if len(first) <= 60 else first[:59].rstrip() + "\u2026"
    n = len(spans)
    text = (f"{IN_A_CAPTION}: {n} propaganda-technique span{'' if n == 1 else 's'} ({_join(kinds)}: "
            f"\u201c{first}\u201d{' and more' if n > 1 else ''}). A caption is the publication's own voice, read before "
            "the story: check that the story bears it out.")
    held = [c for c in captions if any(_overlaps(t.start, t.end, [c]) for t in spans)]
    return Reason(text=text, weight=round(max(text_share(report.text, held), 1e-4), 4),
                  spans=[{"start": s, "end": e} for s, e in held[:MAX_SPANS]])


def quotation_spans(report: Report) -> list[tuple[int, int]]:
    """Spans of quoted speech: inside double quotes and inside single quotes, the British convention
    ('These traitors ...,' he said); a single-quoted span inside a double-quoted one (which attribution
    leaves out) adds nothing here, the double-quoted span covering it."""
    from ..claims.attribution_quotes import quote_spans, single_quote_spans

    return sorted(quote_spans(report.text, report.paragraphs) + single_quote_spans(report.text, report.paragraphs))


#: the share of an article its trusted original must cover for "a faithful copy" (rounding aside)
FAITHFUL = 0.995


def faithful_copy(report: Report, score: float) -> Reason | None:
    """The reason to give when a reference index found the article in a trusted original whole:
    nothing inserted, nothing left out that changes what it says, and the original's text covering
    it (at least :data:`FAITHFUL`). Like :func:`altered_copy`, it is stated and not scored (the model
    never saw reference matches), so its weight only marks which way it points."""
    meta = report.meta.get("splices") if isinstance(report.meta, dict) else None
    if not isinstance(meta, dict) or meta.get("mode") != "reference":
        return None
    coverage = meta.get("coverage")
    if not isinstance(coverage, (int, float)) or coverage < FAITHFUL or _drops(report):
        return None
    if any(p.status not in ("matched",) for p in report.passages):
        return None
    ref = next((p.reference for p in report.passages if isinstance(p.reference, dict) and p.reference), None)
    if ref is None:
        return None
    title = ref.get("title") or ref.get("id") or "an indexed original"
    return Reason(text=f"Faithful copy: the article matches the trusted original “{title}” in the reference index "
                       f"word for word, with nothing inserted or left out. The score ({score:.2f}) reads the text alone.",
                  weight=-round(float(coverage), 4), spans=[])


def _dropped_words(d: dict) -> int:
    """The words of a piece left out (its text in the report is cut at 500 characters)."""
    words = d.get("words")
    return words if isinstance(words, int) and not isinstance(words, bool) and words >= 0 else len(d["text"].split())


def _left_out_words(drops: list[dict]) -> str:
    words = sum(_dropped_words(d) for d in drops)
    negations = sorted({m.group().lower() for d in drops for m in _NEGATION.finditer(d["text"])})
    what = f"{len(drops)} passage{'' if len(drops) == 1 else 's'} ({words} word{'' if words == 1 else 's'})"
    return what + (f", including the negation {_join([repr(w) for w in negations])}" if negations else "")


def _left_out(report: Report, drops: list[dict], score: float) -> tuple[Reason, bool]:
    """The reason for an article that matches a trusted original but leaves out a negation or a
    sentence or more of it (nothing inserted)."""
    meta = report.meta["splices"]
    ref = next((r for r in meta.get("references") or [] if isinstance(r, dict)), {})
    title = ref.get("title") or ref.get("id") or "an indexed original"
    spans = [w for w in (_word_at(report.text, d["at"]) for d in drops) if w]
    text = (f"Altered copy: the article matches the trusted original “{title}” but leaves out {_left_out_words(drops)}; "
            "see what was left out under the reference comparison. The label rests on this comparison; "
            f"the score ({score:.2f}) reads the text alone.")
    reason = Reason(text=text, weight=1e-4, spans=[{"start": s, "end": e} for s, e in spans[:MAX_SPANS]])
    return reason, any(_NEGATION.search(d["text"]) for d in drops)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
