"""The ``full`` technique tagger: a head on the shared MiniLM encoder (:mod:`unspin.encoder`).

The head (:class:`TechniqueHead`) owns fine-tuned copies of the encoder's top layers (since
version 1.5, the three above the shared frozen bottom of ``encoder.FROZEN_LAYERS``; a head may also
start with ``base_layers`` original layers, shared with other `full` heads such as claims); it runs
them over the frozen states that the encoder caches per Document. On the head's word-piece states:

- **spans (SI):** a BIO layer per word piece. A word's P(inside) is P(B) + P(I) averaged over its
  pieces; runs of words above a low threshold, joined across one-word gaps and kept when a word
  reaches a high threshold (both chosen on the validation split, :class:`Decoding`), become
  character spans through the pieces' offsets. Offsets index ``doc.text`` exactly;
- **techniques (TC):** for each span, the mean and max of its piece states, the mean over its
  context (its line, at most ``CONTEXT`` pieces either side) and three surface features (length,
  whether and how often the same words recur in the article, which is what *Repetition* is) go
  through a small MLP to the 14 techniques.

Public API (the :class:`unspin.tagging.Tagger` protocol)::

    from unspin.tagging.full import load, train
    tagger = load()                         # shipped weights, sha256-verified via the model card
    tagger.predict(doc)                     # [Technique(start, end, technique, score, explanation, cue)]
    tagger.classify(doc, [(s, e), ...])     # [(technique, probability)] for given spans (SemEval TC)
    train(out_dir=None, log=print)          # retrain from ../shared/data with the shipped configuration

``score`` is the span's mean P(inside); ``cue`` names the words of the span the tagger weighed
most (highest P(inside)) and the technique's probability. Model files in
``unspin/models/techniques-full/``: ``head.safetensors`` (fp16 weights of the head only, never the
base model) and ``settings.json`` (decoding thresholds, architecture, the encoder geometry it was trained with).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Document
from ..errors import ModelError
from ..report import Technique
from ..techniques import DEFINITIONS, TECHNIQUES, TITLES
from .span_features import forget_tokens
from .tidy import FUNCTION_WORDS, tidied

NAME = "techniques-full"
FILES = ("head.safetensors", "settings.json")
HEAD_KEY = "techniques"
#: pieces of context taken on each side of a span, within its line
CONTEXT = 64
N_SURFACE = 3
_WORD = re.compile(r"\w+")
_NEWLINE = re.compile(r"\n")


@dataclass(frozen=True)
class Decoding:
    """How piece probabilities become spans (chosen on the validation split)."""

    low: float = 0.2  # a word is inside when its mean P(B) + P(I) reaches `low` ...
    high: float = 0.3  # ... and a run of inside words is kept when one of its words reaches `high`
    gap: int = 1  # runs separated by at most `gap` words of the same line are joined


@dataclass
class Settings:
    """What a trained head needs besides its weights; stored in ``settings.json``."""

    decoding: Decoding = field(default_factory=Decoding)
    base_layers: int = 1  # original top layers used frozen (shared with other heads, not shipped)
    tuned_layers: int = 1  # fine-tuned copies of the next original layers (shipped)
    mlp_hidden: int = 256
    techniques: list[str] = field(default_factory=lambda: list(TECHNIQUES))
    encoder: dict[str, int] = field(default_factory=dict)  # WINDOW, MIN_OVERLAP, FROZEN_LAYERS at training
    #: blending with the `fast` tier, chosen on validation: {"files": sha256 of each techniques-fast file
    #: it was calibrated with, "si_weight", "tc_weight" (weight of this head), "decoding"}; {} = none
    ensemble: dict[str, Any] = field(default_factory=dict)


def encoder_geometry() -> dict[str, int]:
    from .. import encoder

    return {"window": encoder.WINDOW, "min_overlap": encoder.MIN_OVERLAP, "frozen_layers": encoder.FROZEN_LAYERS}


def build_head(settings: Settings, *, from_base: bool = False):
    """A :class:`TechniqueHead` module (torch imported here)."""
    import torch
    from torch import nn

    from .. import encoder

    class TechniqueHead(nn.Module):
        """Fine-tuned top layers + BIO span layer + technique MLP."""

        def __init__(self):
            super().__init__()
            lo, hi = settings.base_layers, settings.base_layers + settings.tuned_layers
            blocks = encoder.load().top_copy()[lo:hi] if from_base else [encoder.Block() for _ in range(hi - lo)]
            self.blocks = nn.ModuleList(blocks)
            self.dropout = nn.Dropout(0.1)
            self.si = nn.Linear(encoder.HIDDEN, 3)
            self.tc = nn.Sequential(
                nn.Linear(3 * encoder.HIDDEN + N_SURFACE, settings.mlp_hidden), nn.GELU(), nn.Dropout(0.1),
                nn.Linear(settings.mlp_hidden, len(settings.techniques)),
            )

        def si_logits(self, states):
            return self.si(self.dropout(states))

        def tc_features(self, states, spans: list[tuple[int, int, int, int]], surface):
            """One row per span: mean and max of its piece states, mean of its context, surface
            features. `spans`: (piece start, piece end, context start, context end)."""
            rows = []
            for p0, p1, c0, c1 in spans:
                span = states[p0:p1]
                rows.append(torch.cat([span.mean(0), span.max(0).values, states[c0:c1].mean(0)]))
            return torch.cat([torch.stack(rows), torch.as_tensor(surface, dtype=torch.float32)], dim=1)

        def tc_logits(self, states, spans: list[tuple[int, int, int, int]], surface):
            return self.tc(self.dropout(self.tc_features(states, spans, surface)))

    return TechniqueHead()


# ---- pieces, words and spans (pure numpy; shared by training and inference) -------------------

def words_of(continues: np.ndarray) -> np.ndarray:
    """Word index of each piece (a '##' piece belongs to the previous piece's word)."""
    if not len(continues):
        return np.zeros(0, dtype=np.int64)
    starts = ~continues
    starts[0] = True
    return np.cumsum(starts) - 1


def word_probs(offsets: np.ndarray, continues: np.ndarray, probs: np.ndarray):
    """Per word: mean P(inside) of its pieces, its first and last piece, and its char offsets."""
    word = words_of(continues)
    n_words = int(word[-1]) + 1
    count = np.bincount(word, minlength=n_words).astype(np.float64)
    p_in = np.bincount(word, weights=probs[:, 1] + probs[:, 2], minlength=n_words) / count
    first = np.searchsorted(word, np.arange(n_words), "left")
    last = np.searchsorted(word, np.arange(n_words), "right") - 1
    return p_in, first, last, offsets[first, 0], offsets[last, 1]


def decode_spans(offsets: np.ndarray, continues: np.ndarray, probs: np.ndarray, decoding: Decoding,
                 text: str) -> list[tuple[int, int, float, list[int]]]:
    """``(start, end, score, word piece indices)`` for the spans in `probs` (``[n_pieces, 3]``:
    O, B, I), by hysteresis: runs of words with mean P(B) + P(I) >= ``decoding.low`` (never
    across a line break), joined across gaps of at most ``decoding.gap`` words within a line, kept
    when a word reaches
    ``decoding.high``. Spans with no letter or digit are dropped; score = mean P(inside) of the
    span's words."""
    if not len(offsets):
        return []
    p_in, first, last, w_start, w_end = word_probs(offsets, continues, probs)
    line = np.searchsorted(np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64), w_start)
    inside = np.concatenate([[False], p_in >= decoding.low, [False]])
    edges = np.flatnonzero(np.diff(inside.astype(np.int8)))
    runs: list[list[int]] = []
    for a, b in zip(edges[::2], edges[1::2] - 1):  # inclusive word ranges, cut at line breaks
        cuts = [a, *(a + 1 + np.flatnonzero(np.diff(line[a:b + 1]))).tolist(), b + 1]
        for lo, hi in zip(cuts, cuts[1:]):
            if runs and lo - runs[-1][1] - 1 <= decoding.gap and line[runs[-1][1]] == line[lo]:
                runs[-1][1] = int(hi - 1)
            else:
                runs.append([int(lo), int(hi - 1)])
    out = []
    for a, b in runs:
        if p_in[a:b + 1].max() < decoding.high:
            continue
        s, e = int(w_start[a]), int(w_end[b])
        if _WORD.search(text[s:e]):
            out.append((s, e, float(p_in[a:b + 1].mean()), list(range(first[a], last[b] + 1))))
    return out


def span_rows(offsets: np.ndarray, text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Piece ranges (span, context) and surface features of character `spans`, for the TC head.

    A span covering no piece (whitespace only) takes the nearest piece, so every span gets a row.
    """
    n = len(offsets)
    starts, ends = offsets[:, 0], offsets[:, 1]
    lowered = text.lower()
    rows, surface = [], np.zeros((len(spans), N_SURFACE), dtype=np.float32)
    for k, (s, e) in enumerate(spans):
        p0 = int(np.searchsorted(ends, s, "right"))
        p1 = int(np.searchsorted(starts, e, "left"))
        if p1 <= p0:
            p0 = min(p0, n - 1)
            p1 = p0 + 1
        line_s = text.rfind("\n", 0, s) + 1
        line_e = text.find("\n", e)
        line_e = len(text) if line_e < 0 else line_e
        c0 = max(int(np.searchsorted(ends, line_s, "right")), p0 - CONTEXT)
        c1 = min(int(np.searchsorted(starts, line_e, "left")), p1 + CONTEXT)
        c0, c1 = min(c0, p0), max(c1, p1)
        rows.append((p0, p1, c0, c1))
        frag = " ".join(_WORD.findall(lowered[s:e]))
        repeats = 0
        if frag:
            repeats = max(0, len(re.findall(r"(?<!\w)" + r"\W+".join(map(re.escape, frag.split())) + r"(?!\w)", lowered)) - 1)
        surface[k] = (np.log1p(p1 - p0), float(repeats > 0), np.log1p(repeats))
    return rows, surface


def assign_duplicates(probs: np.ndarray, spans: list[tuple[int, int]], classes: list[str]) -> list[tuple[str, float]]:
    """The technique of each span; a span listed k times gets its k most likely techniques in turn
    (SemEval TC lists a span once per gold technique)."""
    seen: dict[tuple[int, int], int] = {}
    out = []
    for k, sp in enumerate(spans):
        rank = seen.get(tuple(sp), 0)
        seen[tuple(sp)] = rank + 1
        order = np.argsort(-probs[k])
        c = int(order[min(rank, len(order) - 1)])
        out.append((classes[c], float(probs[k, c])))
    return out


# ---- the tagger -------------------------------------------------------------------------------

class FullTagger:
    """The shipped `full` tagger (see the module docstring)."""

    tier = "full"

    def __init__(self, head, settings: Settings, fast=None, note: str = ""):
        self.head = head.eval()
        self.settings = settings
        #: the fast tagger blended in (None: this head alone) and why not, if it was meant to be
        self.fast = fast
        self.note = note
        self.decoding = Decoding(**settings.ensemble["decoding"]) if fast is not None else settings.decoding

    def _states(self, doc: Document):
        from .. import encoder

        return encoder.head_states(doc, HEAD_KEY, list(self.head.blocks), base_layers=self.settings.base_layers)

    def _si_probs(self, doc: Document) -> np.ndarray:
        import torch

        cache = doc.cache.setdefault("techniques_full", {})
        if "si" not in cache:
            with torch.inference_mode():
                probs = torch.softmax(self.head.si_logits(self._states(doc)), -1).numpy()
            if self.fast is not None:
                from .. import encoder

                w = self.settings.ensemble["si_weight"]
                p = w * (probs[:, 1] + probs[:, 2]) + (1 - w) * fast_piece_probs(self.fast, doc, encoder.encode(doc).offsets)
                probs = np.stack([1 - p, np.zeros_like(p), p], axis=1)
            cache["si"] = probs
        return cache["si"]

    def _tc_probs(self, doc: Document, spans: list[tuple[int, int]]) -> np.ndarray:
        import torch

        from .. import encoder

        enc = encoder.encode(doc)
        if not spans:
            return np.zeros((0, len(self.settings.techniques)))
        if not len(enc):
            return np.full((len(spans), len(self.settings.techniques)), 1.0 / len(self.settings.techniques))
        rows, surface = span_rows(enc.offsets, doc.text, spans)
        with torch.inference_mode():
            probs = torch.softmax(self.head.tc_logits(self._states(doc), rows, surface), -1).numpy()
        if self.fast is not None:
            w = self.settings.ensemble["tc_weight"]
            probs = w * probs + (1 - w) * fast_technique_probs(self.fast, doc, spans, self.settings.techniques)
        return probs

    def predict(self, doc: Document) -> list[Technique]:
        try:
            return self._predict(doc)
        finally:  # the fast tier's blend read the Document's token list: drop it, as the fast tagger does
            forget_tokens(doc)

    def _predict(self, doc: Document) -> list[Technique]:
        from .. import encoder

        enc = encoder.encode(doc)
        if not len(enc):
            return []
        probs = self._si_probs(doc)
        found = tidied(doc.text, decode_spans(enc.offsets, enc.continues, probs, self.decoding, doc.text), doc.entities)
        if not found:
            return []
        tprobs = self._tc_probs(doc, [(s, e) for s, e, _, _ in found])
        out = []
        for (s, e, score, pieces), tp in zip(found, tprobs):
            c = int(tp.argmax())
            tech = self.settings.techniques[c]
            out.append(Technique(start=s, end=e, technique=tech, score=round(min(max(score, 0.0), 1.0), 4),
                                 explanation=DEFINITIONS[tech], cue=self._cue(doc, enc, probs, pieces, tech, float(tp[c]))))
        return out

    def _cue(self, doc: Document, enc, probs: np.ndarray, pieces: list[int], tech: str, p: float, k: int = 3) -> str:
        word = words_of(enc.continues)
        weight: dict[int, float] = {}
        for i in pieces:
            weight[int(word[i])] = max(weight.get(int(word[i]), 0.0), float(probs[i, 1] + probs[i, 2]))
        words = []
        for w in sorted(weight, key=lambda w: -weight[w]):
            idx = np.nonzero(word == w)[0]
            text = doc.text[enc.offsets[idx[0], 0]: enc.offsets[idx[-1], 1]]
            if _WORD.search(text) and text not in words:
                words.append(text)
        # the content words a reader can weigh, not "a", "she" or the "s" of "that's" (those only when
        # the span has nothing else)
        content = [t for t in words if len(t) > 1 and t.lower() not in FUNCTION_WORDS] or words
        cues = ", ".join(f'"{t}"' for t in content[:k])
        where = f"most weight on {cues}" if cues else "the tagger's span"
        return f"{where} | {TITLES.get(tech, tech)} (the likeliest technique, {p:.0%})"

    def classify(self, doc: Document, spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
        spans = [(int(s), int(e)) for s, e in spans]
        return assign_duplicates(self._tc_probs(doc, spans), spans, self.settings.techniques)


# ---- files ------------------------------------------------------------------------------------

def save(head, settings: Settings, folder: Path) -> list[str]:
    """Write the head (fp16 safetensors, top layers + output layers only) and its settings."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu").half().contiguous() for k, v in head.state_dict().items()}
    save_file(state, str(folder / FILES[0]))
    (folder / FILES[1]).write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    return list(FILES)


def load_from(folder: Path) -> FullTagger:
    """A tagger from model files in `folder` (not hash-checked: use :func:`load` for shipped ones)."""
    from .. import encoder
    from .._imports import require_full

    require_full(encoder.PURPOSE)
    from safetensors.torch import load_file

    try:
        raw = json.loads((folder / FILES[1]).read_text(encoding="utf-8"))
        settings = Settings(**{**raw, "decoding": Decoding(**raw.get("decoding", {}))})
        if settings.ensemble and not {"files", "si_weight", "tc_weight", "decoding"} <= set(settings.ensemble):
            raise TypeError(f"incomplete ensemble settings {sorted(settings.ensemble)}")
    except (OSError, json.JSONDecodeError, TypeError) as err:
        raise ModelError(f"the settings of the full technique tagger in {folder} are unreadable: {err}") from None
    if settings.encoder != encoder_geometry() or settings.base_layers + settings.tuned_layers != encoder.N_LAYERS - settings.encoder["frozen_layers"]:
        raise ModelError(f"the full technique tagger in {folder} was trained with encoder geometry {settings.encoder}, "
                         f"but this unspin uses {encoder_geometry()}: retrain it with `unspin train techniques --tier full`")
    unknown = [t for t in settings.techniques if t not in DEFINITIONS]
    if unknown:
        raise ModelError(f"the full technique tagger in {folder} names unknown techniques: {unknown}")
    head = build_head(settings)
    try:
        state = {k: v.float() for k, v in load_file(str(folder / FILES[0])).items()}
        head.load_state_dict(state)
    except (OSError, RuntimeError, ValueError) as err:
        raise ModelError(f"the weights of the full technique tagger in {folder} do not fit its settings: {err}") from None
    return FullTagger(head, settings)


def load() -> FullTagger:
    """The shipped `full` tagger (``unspin/models/techniques-full/``), after checking file hashes,
    blended with the shipped `fast` tagger when that is the one it was calibrated with."""
    from ..models import artifact_dir

    tagger = load_from(artifact_dir(NAME))
    if tagger.settings.ensemble:
        tagger.fast, tagger.note = blend_partner(tagger.settings.ensemble["files"])
        if tagger.fast is not None:
            tagger.decoding = Decoding(**tagger.settings.ensemble["decoding"])
    return tagger


def blend_partner(files: dict[str, str]):
    """``(fast tagger, "")`` when the shipped techniques-fast has exactly `files` (name -> sha256),
    else ``(None, why)``: the head then runs alone, with its own calibrated decoding."""
    from ..models import read_card
    from .fast import NAME as FAST, load as load_fast

    try:
        fast = load_fast()
    except ModelError as err:
        return None, f"techniques-full runs without techniques-fast ({err}); its scores are lower"
    if read_card(FAST).get("files") != files or sorted(fast.classifier.classes) != sorted(TECHNIQUES):
        return None, ("techniques-full was calibrated with another techniques-fast model, so it runs alone "
                      "(lower scores); recalibrate with `python -m unspin.tagging.full_train --calibrate`")
    return fast, ""


def fast_piece_probs(fast, doc: Document, offsets: np.ndarray) -> np.ndarray:
    """The fast tier's P(inside) for each word piece (that of the spaCy token holding it)."""
    starts, p_in = [], []
    for toks, pb, pi, _ in fast.span_marginals(doc):
        for tok, b, i in zip(toks, pb, pi):
            starts.append(tok.idx)
            p_in.append(b + i)
    if not starts:
        return np.zeros(len(offsets))
    k = np.clip(np.searchsorted(np.array(starts), offsets[:, 0], "right") - 1, 0, len(starts) - 1)
    return np.asarray(p_in)[k]


def fast_technique_probs(fast, doc: Document, spans: list[tuple[int, int]], techniques: list[str]) -> np.ndarray:
    """The fast tier's technique probabilities of `spans`, columns in the order of `techniques`."""
    order = [fast.classifier.classes.index(t) for t in techniques]
    return np.array([probs for probs, _ in fast.technique_proba(doc, spans)], dtype=np.float64)[:, order]


def train(out_dir: Path | None = None, **options: Any) -> dict:
    """Train the `full` tagger on PTC train (minus validation) and write it with its model card to
    `out_dir` (default: ``models.TRAINED_DIR``: the shipped ``unspin/models/techniques-full/`` in a
    checkout); returns the validation metrics. Resumes from the last epoch checkpoint in ``runs/techniques-full/``. `options` go to
    :func:`unspin.tagging.full_train.train`, whose defaults are the shipped configuration."""
    from .full_train import train as _train

    return _train(out_dir, **options)
