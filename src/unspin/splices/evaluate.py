"""The splice benchmark: character-level precision, recall and F1 of flagged characters.

A character is *flagged* when it lies in an ``inserted`` or ``suspect`` passage. Sets are made by
:mod:`.synth` from the genuine articles of the held-out 'test' part, with test-part donors (seeded,
so the same on every machine). Each set is scored in three conditions:

- ``indexed``: a reference index of every genuine Reuters-21578 and BBC article, originals included;
- ``not indexed``: the same index with the cases' originals removed (the article must be judged by
  style, unless another reference wrongly claims it);
- ``no index``: style alone.

Scores are micro-averaged over all characters of a set; ``false_flags`` is the share of characters
flagged in the unspliced articles; ``phrases_found`` is the share of inserted phrases of three or
more words of which at least half the characters are flagged. Time per article is that of
:func:`.detect.detect` after parsing (lookup + alignment, or style features + trees), as wall clock
and as CPU time of the process (which a busy shared machine does not inflate).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .. import paths
from ..document import Document
from ..errors import DataError
from ..report import Passage
from .synth import KINDS, Case, make_cases

SETS = {"sentences": ("sentence", "paragraph"), "phrases": ("phrase",), "mixed": KINDS, "unspliced": (), "hand": None}
CONDITIONS = ("indexed", "not indexed", "no index")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    chars: int = 0
    flagged: int = 0
    phrases: int = 0
    phrases_found: int = 0
    by_source: dict = field(default_factory=dict)  # source -> [found chars, gold chars]
    seconds: list = field(default_factory=list)
    cpu: list = field(default_factory=list)

    def add(self, case: Case, flags: np.ndarray) -> None:
        gold = np.asarray(case.gold(), dtype=bool)
        self.tp += int((flags & gold).sum())
        self.fp += int((flags & ~gold).sum())
        self.fn += int((~flags & gold).sum())
        self.chars += len(gold)
        self.flagged += int(flags.sum())
        for ins in case.insertions:
            span = flags[ins.start : ins.end]
            got = self.by_source.setdefault(f"{ins.kind}/{ins.source}", [0, 0])
            got[0] += int(span.sum())
            got[1] += len(span)
            if ins.kind == "phrase" and len(ins.text.split()) >= 3:
                self.phrases += 1
                self.phrases_found += bool(span.mean() >= 0.5)

    def scores(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
               "flagged_share": round(self.flagged / self.chars, 4) if self.chars else 0.0}
        if self.phrases:
            out["phrases_found"] = round(self.phrases_found / self.phrases, 4)
            out["phrases_3plus"] = self.phrases
        if self.by_source:
            out["recall_by_kind_source"] = {k: round(v[0] / v[1], 4) for k, v in sorted(self.by_source.items()) if v[1]}
        if self.seconds:
            out["ms_per_article_median"] = round(1000 * float(np.median(self.seconds)), 1)
            out["cpu_ms_per_article_median"] = round(1000 * float(np.median(self.cpu)), 1)
        return out


#: Articles spliced by hand, the way the issue describes: (name, original, [(anchor, inserted text, kind)]).
#: The inserted text is written for this benchmark; the originals are read from ../shared/data or the
#: repository's example at run time. An insertion goes right after its anchor (the first occurrence).
HAND_SPLICES = {
    "reuters-969": [
        ("the port union, FNV,", " a militant clique of troublemakers,", "phrase"),
        ("accused the FNV of", " outright sabotage and", "phrase"),
        ("largely reiterating their positions.", " Everyone in Rotterdam knows the union bosses only care about their own perks.", "sentence"),
        ("starting with 350 this year.", "\n\nDockers who dared to work were threatened by masked pickets, residents say. The city is being held to ransom.", "paragraph"),
        ("before Wednesday at the earliest.", "\n\nPhoto caption: Idle cranes stand over an empty quay as militant strikers cripple Europe's biggest port.", "paragraph"),
    ],
}


def hand_cases() -> list[Case]:
    """The hand-spliced articles: a Reuters story, and the repository's example with its original restored."""
    from . import corpus
    from .synth import Insertion

    originals = {a.id: a.text for a in corpus.reuters() if a.id in HAND_SPLICES}
    cases = []
    for name, edits in HAND_SPLICES.items():
        text, insertions = originals[name], []
        for anchor, piece, kind in edits:
            pos = text.index(anchor) + len(anchor)
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip(", "))
            start = pos + lead
            insertions = [_shifted(i, pos, len(piece)) for i in insertions]
            insertions.append(Insertion(start, pos + trail + (1 if piece.endswith(",") else 0), kind, "hand", piece.strip()))
            text = text[:pos] + piece + text[pos:]
        cases.append(Case(f"hand-{name}", name, originals[name], text, insertions))
    example = paths.ROOT / "examples" / "harbour-strike.txt"
    if not example.is_file():  # an installed unspin run outside a checkout or an unpacked sdist
        raise DataError(f"the hand-spliced example {example} is missing: evaluate splices from the project's checkout "
                        "(or its unpacked sdist), where examples/ is")
    text = example.read_text(encoding="utf-8")
    fabricated = text[text.index("These radical agitators") : text.index("forever.") + len("forever.")]
    caption = text[text.index("Photo caption:") :].rstrip()
    original = text.replace(fabricated + "\n\n", "").replace("\n\n" + caption, "")
    ins = [Insertion(text.index(fabricated), text.index(fabricated) + len(fabricated), "paragraph", "hand", fabricated),
           Insertion(text.index(caption), text.index(caption) + len(caption), "paragraph", "hand", caption)]
    cases.append(Case("hand-harbour-strike", "example-harbour-strike", original, text, ins))
    return cases


def _shifted(ins, pos: int, by: int):
    if ins.start >= pos:
        ins.start += by
        ins.end += by
    return ins


def flags_of(passages: list[Passage], n: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    for p in passages:
        if p.status in ("inserted", "suspect"):
            out[p.start : p.end] = True
    return out


def build_index(path: Path, log: Callable[[str], None] = print):
    """A reference index of every genuine Reuters-21578 and BBC article."""
    from . import corpus
    from .index import ReferenceIndex, RefDoc

    t = time.time()
    index = ReferenceIndex.open(path, create=True)
    n, _ = index.add(RefDoc(a.id, a.title, a.text, a.source) for a in corpus.genuine())
    log(f"indexed {n} genuine articles in {time.time() - t:.0f} s")
    return index


def benchmark(*, cases: int = 200, seed: int = 2026, sets: tuple[str, ...] = tuple(SETS), conditions: tuple[str, ...] = CONDITIONS,
              log: Callable[[str], None] = print) -> dict:
    """Score every set in every condition; returns {set: {condition: scores}}."""
    from .. import nlp as _nlp
    from .detect import detect
    from .index import ReferenceIndex
    from .style import StyleModel

    model = StyleModel.load()
    nlp = _nlp.load()
    made = {name: hand_cases() if SETS[name] is None else make_cases("test", cases, seed=seed + list(SETS).index(name), kinds=SETS[name])
            for name in sets}
    results: dict = {name: {} for name in sets}
    with tempfile.TemporaryDirectory() as tmp:
        index = None
        if set(conditions) & {"indexed", "not indexed"}:
            from .index import RefDoc

            index = build_index(Path(tmp) / "bench.sqlite", log)
            index.add(RefDoc(c.original_id, "", c.original, "hand") for c in made.get("hand", []) if c.original_id.startswith("example"))
        docs = {name: [Document.from_text(c.text, nlp=nlp) for c in made[name]] for name in sets}
        log("parsed the benchmark articles")
        for condition in conditions:
            if condition == "not indexed":
                index.close()
                index = ReferenceIndex.open(Path(tmp) / "bench.sqlite")
                index.remove(sorted({c.original_id for name in sets for c in made[name]}))
            use = index if condition != "no index" else None
            for name in sets:
                tally = Tally()
                for case, doc in zip(made[name], docs[name]):
                    t, c = time.perf_counter(), time.process_time()
                    found = detect(doc, index=use, model=model)
                    tally.seconds.append(time.perf_counter() - t)
                    tally.cpu.append(time.process_time() - c)
                    tally.add(case, flags_of(found.passages, len(case.text)))
                results[name][condition] = tally.scores()
                log(f"{name:10s} {condition:12s} {results[name][condition]}")
        if index is not None:
            index.close()
    return {"cases_per_set": cases, "seed": seed, "results": results}


def table(report: dict) -> str:
    """A Markdown table of a :func:`benchmark` result."""
    lines = ["| set | condition | precision | recall | F1 | flagged share | phrases ≥3 words found | ms/article wall (CPU) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, by_condition in report["results"].items():
        for condition, s in by_condition.items():
            phr = f"{s['phrases_found']:.3f} (of {s['phrases_3plus']})" if "phrases_found" in s else "–"
            lines.append(f"| {name} | {condition} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                         f"{s['flagged_share']:.3f} | {phr} | {s.get('ms_per_article_median', '–')} ({s.get('cpu_ms_per_article_median', '–')}) |")
    return "\n".join(lines)
